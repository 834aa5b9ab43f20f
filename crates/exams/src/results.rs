//! Results (EX-01): the theory score (out of 100) and, where the paper has stations, the
//! practical score; passed when both reach the pass mark. Publishing fixes them, writes each
//! into training's class results (the archive's score sheet), tells the candidates (an
//! outbox event; "my exams" shows it) and is what certification reads through
//! [`Exams::passed`]. A candidate disqualified for misconduct scores zero (EX-03..EX-05);
//! one who never started is absent.

use crate::Exams;
use crate::access::{Purpose, may};
use crate::entity::{
    attempt, attempt_item, candidate, incident, mark, practical_score, question_version, result,
    sitting,
};
use crate::error::{ExamsError, Result, noun};
use crate::marking::{in_slots, settled_points};
use crate::model::{AttemptStatus, Consequence, ExamOutcome, QuestionKind, SittingStatus};
use crate::papers::stations_of;
use directory::entity::person;
use kernel::Actor;
use kernel::audit::AuditEntry;
use kernel::db::begin_write;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use serde::Serialize;
use serde_json::json;
use std::collections::{HashMap, HashSet};
use time::OffsetDateTime;
use utoipa::ToSchema;
use uuid::Uuid;

/// One candidate's result.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ExamResult {
    pub id: Uuid,
    pub sitting_id: Uuid,
    pub candidate_id: Uuid,
    pub enrolment_id: Uuid,
    pub person_id: Uuid,
    pub name: String,
    pub national_id_masked: String,
    pub course_id: Uuid,
    /// 0–100.
    pub theory_score: i32,
    /// 0–100; none when the paper has no practical part.
    pub practical_score: Option<i32>,
    pub outcome: ExamOutcome,
    pub attempt_no: i32,
    #[serde(with = "kernel::utc")]
    #[schema(value_type = String, format = DateTime)]
    pub published_at: OffsetDateTime,
}

/// A score out of 100 from `points` of `max`, rounded half up.
pub fn scaled(points: i32, max: i32) -> i32 {
    if max <= 0 {
        return 0;
    }
    (points * 200 + max) / (2 * max)
}

/// EX-01: passed when the theory score and the practical score (where there is one) both
/// reach the pass mark.
pub fn outcome_of(theory: i32, practical: Option<i32>, pass_mark: i32) -> ExamOutcome {
    if theory >= pass_mark && practical.is_none_or(|p| p >= pass_mark) {
        ExamOutcome::Passed
    } else {
        ExamOutcome::Failed
    }
}

/// What marking gave a sitting's attempts (see `Exams::marked_points`).
struct Marked {
    /// By attempt: the short answers' settled points, `None` while one waits for a mark.
    short_points: HashMap<Uuid, Option<i32>>,
    /// By candidate: the practical stations' scores.
    stations: HashMap<Uuid, Vec<practical_score::Model>>,
}

impl Exams {
    /// A sitting whose results the actor reads (the exam side and the training department).
    async fn results_sitting<C: ConnectionTrait>(
        conn: &C,
        actor: &Actor,
        id: Uuid,
    ) -> Result<sitting::Model> {
        sitting::Entity::find_by_id(id)
            .one(conn)
            .await?
            .filter(|s| may(actor, Purpose::ReadResults, s.association_id))
            .ok_or(ExamsError::not_found(noun::SITTING))
    }

    /// Publishes a sitting's results: every attempt handed in (the overdue ones by the server
    /// now), every short answer and practical station marked. Once.
    pub async fn publish_results(
        &self,
        actor: &Actor,
        sitting_id: Uuid,
    ) -> Result<Vec<ExamResult>> {
        let txn = begin_write(&self.dir().db).await?;
        let s = Self::run_sitting(&txn, actor, sitting_id).await?;
        if s.status == SittingStatus::ResultsPublished {
            return Err(ExamsError::conflict(
                "results_out",
                "成绩已发布",
                "results are already out",
            ));
        }
        let p = Self::paper_of(&txn, &s).await?;
        let stations = stations_of(&p);
        let practical_max: i32 = stations.iter().map(|s| s.max_points()).sum();
        let candidates = candidate::Entity::find()
            .filter(candidate::Column::SittingId.eq(s.id))
            .order_by_asc(candidate::Column::Id)
            .all(&txn)
            .await?;
        if candidates.is_empty() {
            return Err(ExamsError::conflict(
                "no_candidates",
                "本场考试没有考生",
                "the sitting has no candidates",
            ));
        }
        let mut attempts: HashMap<Uuid, attempt::Model> = HashMap::new();
        for a in attempt::Entity::find()
            .filter(attempt::Column::SittingId.eq(s.id))
            .lock_exclusive()
            .all(&txn)
            .await?
        {
            let a = self.close_if_overdue(&txn, a).await?;
            if a.status == AttemptStatus::Started {
                return Err(ExamsError::conflict(
                    "attempts_open",
                    "仍有考生在答题",
                    "candidates are still answering",
                ));
            }
            attempts.insert(a.candidate_id, a);
        }
        let barred: Vec<Uuid> = incident::Entity::find()
            .filter(incident::Column::SittingId.eq(s.id))
            .filter(incident::Column::Consequence.ne(Consequence::Warning))
            .all(&txn)
            .await?
            .into_iter()
            .map(|i| i.candidate_id)
            .collect();
        let marked =
            Self::marked_points(&txn, &candidates, &attempts, p.double_marking, p.tolerance)
                .await?;
        let now = self.dir().clock.now();
        let mut unmarked = 0usize;
        let mut rows = Vec::with_capacity(candidates.len());
        for c in &candidates {
            let a = attempts.get(&c.id);
            let (theory, practical, outcome) = if barred.contains(&c.id)
                || a.is_some_and(|a| a.status == AttemptStatus::Disqualified)
            {
                (
                    0,
                    (!stations.is_empty()).then_some(0),
                    ExamOutcome::Disqualified,
                )
            } else if let Some(a) = a {
                let Some(short) = marked.short_points.get(&a.id).copied().flatten() else {
                    unmarked += 1;
                    continue;
                };
                let theory = scaled(a.objective_points.unwrap_or(0) + short, a.max_points);
                let practical = if stations.is_empty() {
                    None
                } else {
                    let by_first: Vec<&practical_score::Model> = marked
                        .stations
                        .get(&c.id)
                        .into_iter()
                        .flatten()
                        .filter(|ps| Some(ps.evaluator_id) == c.evaluator_id)
                        .collect();
                    if by_first.len() < stations.len() {
                        unmarked += 1;
                        continue;
                    }
                    Some(scaled(
                        by_first.iter().map(|ps| ps.points).sum(),
                        practical_max,
                    ))
                };
                (
                    theory,
                    practical,
                    outcome_of(theory, practical, p.pass_mark),
                )
            } else {
                (0, (!stations.is_empty()).then_some(0), ExamOutcome::Absent)
            };
            rows.push((c, theory, practical, outcome));
        }
        if unmarked > 0 {
            return Err(ExamsError::conflict(
                "marking_incomplete",
                format!("还有{unmarked}名考生的主观题或实操未评完"),
                format!(
                    "{unmarked} candidates' short answers or practical stations are not marked yet"
                ),
            ));
        }
        let persons = crate::persons_by_id(&txn, candidates.iter().map(|c| c.person_id)).await?;
        let mut out = Vec::with_capacity(rows.len());
        for (c, theory, practical, outcome) in rows {
            let r = result::ActiveModel {
                id: Set(Uuid::now_v7()),
                sitting_id: Set(s.id),
                candidate_id: Set(c.id),
                enrolment_id: Set(c.enrolment_id),
                person_id: Set(c.person_id),
                association_id: Set(s.association_id),
                course_id: Set(s.course_id),
                theory_score: Set(theory),
                practical_score: Set(practical),
                outcome: Set(outcome),
                attempt_no: Set(c.attempt_no),
                published_at: Set(now),
            }
            .insert(&txn)
            .await
            .map_err(ExamsError::on_unique(
                "results_out",
                "成绩已发布",
                "results are already out",
            ))?;
            // The class's result, for the archive's score sheet and continuing education:
            // the lower of the two parts, as both must pass.
            let score = practical.map_or(theory, |p| p.min(theory));
            self.training
                .record_exam_result(
                    &txn,
                    actor,
                    c.enrolment_id,
                    score,
                    outcome == ExamOutcome::Passed,
                )
                .await?;
            kernel::outbox::enqueue(
                &txn,
                now,
                "exam.result_published",
                json!({"result_id": r.id, "person_id": r.person_id, "sitting_id": s.id, "course_id": s.course_id, "outcome": outcome.as_str(), "theory_score": theory, "practical_score": practical}),
            )
            .await?;
            out.push(to_result(r, persons.get(&c.person_id)));
        }
        let mut am: sitting::ActiveModel = s.clone().into();
        am.status = Set(SittingStatus::ResultsPublished);
        am.version = Set(s.version + 1);
        am.update(&txn).await?;
        AuditEntry::new("exam_sitting.publish_results", "exam_sitting", s.id)
            .in_org(s.association_id)
            .change(json!({"results": out.len(), "passed": out.iter().filter(|r| r.outcome == ExamOutcome::Passed).count()}))
            .record(&txn, actor, now)
            .await?;
        txn.commit().await?;
        Ok(out)
    }

    /// What marking gave each handed-in attempt of a sitting: the short answers' settled
    /// points (`None` while one is unsettled), and the practical stations' points by the
    /// first evaluator. Four statements for the whole sitting.
    async fn marked_points<C: ConnectionTrait>(
        conn: &C,
        candidates: &[candidate::Model],
        attempts: &HashMap<Uuid, attempt::Model>,
        double: bool,
        tolerance: i32,
    ) -> Result<Marked> {
        let ids: Vec<Uuid> = attempts.values().map(|a| a.id).collect();
        let items = attempt_item::Entity::find()
            .filter(attempt_item::Column::AttemptId.is_in(ids.clone()))
            .all(conn)
            .await?;
        let short: HashSet<Uuid> = question_version::Entity::find()
            .select_only()
            .column(question_version::Column::Id)
            .filter(question_version::Column::Id.is_in(items.iter().map(|i| i.question_version_id)))
            .filter(question_version::Column::Kind.eq(QuestionKind::ShortAnswer))
            .into_tuple::<Uuid>()
            .all(conn)
            .await?
            .into_iter()
            .collect();
        let mut marks: HashMap<(Uuid, i32), HashMap<Uuid, i32>> = HashMap::new();
        for m in mark::Entity::find()
            .filter(mark::Column::AttemptId.is_in(ids))
            .all(conn)
            .await?
        {
            marks
                .entry((m.attempt_id, m.position))
                .or_default()
                .insert(m.marker_id, m.points);
        }
        let mut stations: HashMap<Uuid, Vec<practical_score::Model>> = HashMap::new();
        for ps in practical_score::Entity::find()
            .filter(practical_score::Column::CandidateId.is_in(candidates.iter().map(|c| c.id)))
            .all(conn)
            .await?
        {
            stations.entry(ps.candidate_id).or_default().push(ps);
        }
        let by_candidate: HashMap<Uuid, &candidate::Model> =
            candidates.iter().map(|c| (c.id, c)).collect();
        let candidate_of: HashMap<Uuid, &candidate::Model> = attempts
            .values()
            .filter_map(|a| Some((a.id, *by_candidate.get(&a.candidate_id)?)))
            .collect();
        let mut short_points: HashMap<Uuid, Option<i32>> =
            attempts.values().map(|a| (a.id, Some(0))).collect();
        let none = HashMap::new();
        for i in items
            .iter()
            .filter(|i| short.contains(&i.question_version_id))
        {
            let Some(c) = candidate_of.get(&i.attempt_id) else {
                continue;
            };
            let given = marks.get(&(i.attempt_id, i.position)).unwrap_or(&none);
            let settled = settled_points(&in_slots(c, given), double, tolerance);
            let total = short_points.entry(i.attempt_id).or_insert(Some(0));
            *total = match (*total, settled) {
                (Some(t), Some(p)) => Some(t + p),
                _ => None,
            };
        }
        Ok(Marked {
            short_points,
            stations,
        })
    }

    /// A sitting's results, by name order of the roster.
    pub async fn list_results(&self, actor: &Actor, sitting_id: Uuid) -> Result<Vec<ExamResult>> {
        let db = &self.dir().db;
        let s = Self::results_sitting(db, actor, sitting_id).await?;
        let rows = result::Entity::find()
            .filter(result::Column::SittingId.eq(s.id))
            .order_by_asc(result::Column::Id)
            .all(db)
            .await?;
        let persons = crate::persons_by_id(db, rows.iter().map(|r| r.person_id)).await?;
        Ok(rows
            .into_iter()
            .map(|r| {
                let p = persons.get(&r.person_id);
                to_result(r, p)
            })
            .collect())
    }

    /// The score sheet of a sitting as an XLSX workbook.
    pub async fn score_sheet(&self, actor: &Actor, sitting_id: Uuid) -> Result<Vec<u8>> {
        let results = self.list_results(actor, sitting_id).await?;
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        let header = [
            "姓名",
            "身份证号",
            "理论成绩",
            "实操成绩",
            "结果",
            "考试次数",
        ];
        let xl = |e: rust_xlsxwriter::XlsxError| {
            ExamsError::Training(training::TrainingError::Storage(e.to_string()))
        };
        for (i, h) in header.iter().enumerate() {
            sheet
                .write_string(0, u16::try_from(i).unwrap_or(0), *h)
                .map_err(xl)?;
        }
        for (row, r) in results.iter().enumerate() {
            let row = u32::try_from(row + 1).unwrap_or(u32::MAX);
            sheet.write_string(row, 0, &r.name).map_err(xl)?;
            sheet
                .write_string(row, 1, &r.national_id_masked)
                .map_err(xl)?;
            sheet
                .write_number(row, 2, f64::from(r.theory_score))
                .map_err(xl)?;
            if let Some(p) = r.practical_score {
                sheet.write_number(row, 3, f64::from(p)).map_err(xl)?;
            }
            let outcome = match r.outcome {
                ExamOutcome::Passed => "合格",
                ExamOutcome::Failed => "不合格",
                ExamOutcome::Absent => "缺考",
                ExamOutcome::Disqualified => "取消成绩",
            };
            sheet.write_string(row, 4, outcome).map_err(xl)?;
            sheet
                .write_number(row, 5, f64::from(r.attempt_no))
                .map_err(xl)?;
        }
        book.save_to_buffer().map_err(xl)
    }

    /// What certification asks (issue 16 §6): the result by which `person` passed the exam of
    /// `course` (the programme), if any — the latest passed one.
    pub async fn passed(&self, person: Uuid, course: Uuid) -> Result<Option<Uuid>> {
        Ok(result::Entity::find()
            .filter(result::Column::PersonId.eq(person))
            .filter(result::Column::CourseId.eq(course))
            .filter(result::Column::Outcome.eq(ExamOutcome::Passed))
            .order_by_desc(result::Column::PublishedAt)
            .one(&self.dir().db)
            .await?
            .map(|r| r.id))
    }
}

fn to_result(r: result::Model, p: Option<&person::Model>) -> ExamResult {
    ExamResult {
        id: r.id,
        sitting_id: r.sitting_id,
        candidate_id: r.candidate_id,
        enrolment_id: r.enrolment_id,
        person_id: r.person_id,
        name: p.map(|p| p.name.clone()).unwrap_or_default(),
        national_id_masked: p.map(|p| p.national_id_masked.clone()).unwrap_or_default(),
        course_id: r.course_id,
        theory_score: r.theory_score,
        practical_score: r.practical_score,
        outcome: r.outcome,
        attempt_no: r.attempt_no,
        published_at: r.published_at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ex_01_both_parts_reach_the_pass_mark_to_pass() {
        assert_eq!(outcome_of(60, Some(60), 60), ExamOutcome::Passed);
        assert_eq!(outcome_of(59, Some(90), 60), ExamOutcome::Failed);
        assert_eq!(outcome_of(90, Some(59), 60), ExamOutcome::Failed);
        assert_eq!(outcome_of(60, None, 60), ExamOutcome::Passed);
    }

    #[test]
    fn scores_are_scaled_to_a_hundred_rounding_half_up() {
        assert_eq!(scaled(3, 4), 75);
        assert_eq!(scaled(1, 3), 33);
        assert_eq!(scaled(2, 3), 67);
        assert_eq!(scaled(0, 0), 0);
    }
}
