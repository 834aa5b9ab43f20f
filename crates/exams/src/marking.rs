//! Marking what the server cannot: short answers, by the evaluators assigned to the
//! candidate (two where the paper asks for double marking, a third when the two differ by more
//! than the paper's tolerance), and the practical stations, scored on their checklists with
//! the records TR-19 names. An evaluator sees only the candidates assigned to them, and marks
//! without the candidate's name.

use crate::Exams;
use crate::access::{Purpose, may};
use crate::banks::{Key, key_of};
use crate::entity::{
    answer, attempt, attempt_item, candidate, mark, paper, practical_score, question_version,
    sitting,
};
use crate::error::{ExamsError, Result, checked, noun};
use crate::model::{AttemptStatus, Duty, QuestionKind, SittingStatus};
use crate::papers::stations_of;
use kernel::Actor;
use kernel::audit::AuditEntry;
use kernel::db::begin_write;
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::HashMap;
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

/// One evaluator's points for one short answer.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MarkIn {
    #[validate(range(min = 0, max = 100))]
    pub points: i32,
}

/// A short answer waiting for (or given) the caller's mark.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ToMark {
    /// The question as this candidate drew it: the queue's paging cursor.
    pub item_id: Uuid,
    pub attempt_id: Uuid,
    pub candidate_id: Uuid,
    pub sitting_id: Uuid,
    pub position: i32,
    pub stem: String,
    /// The bank's reference answer.
    pub reference: String,
    /// What the candidate wrote (empty when nothing was saved).
    pub text: String,
    pub max_points: i32,
    /// The caller's mark, once given.
    pub my_points: Option<i32>,
}

/// A file kept with a practical score (instrument use, process, results, answer-sheet scans).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RecordRef {
    #[validate(custom(function = "kernel::text::required_text_100"))]
    pub name: String,
    #[validate(custom(function = "kernel::text::required_text_500"))]
    pub uri: String,
}

/// A station's score: points per checklist item, in the checklist's order.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StationScoreIn {
    #[validate(length(min = 1, max = 30))]
    pub checks: Vec<i32>,
    #[serde(default)]
    #[validate(length(max = 20), nested)]
    pub records: Vec<RecordRef>,
}

/// A station's score as recorded.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StationScore {
    pub id: Uuid,
    pub candidate_id: Uuid,
    pub station: i32,
    /// Who gave the score (the candidate's first evaluator scores; others' scores are kept).
    pub evaluator_id: Uuid,
    pub points: i32,
    pub max_points: i32,
    pub checks: Vec<i32>,
    pub records: Vec<RecordRef>,
}

/// What the candidate wrote for a short answer (empty when nothing was saved).
fn written(saved: Option<&answer::Model>) -> String {
    match saved.and_then(|r| serde_json::from_value(r.response.clone()).ok()) {
        Some(crate::attempts::Response::ShortAnswer { text }) => text,
        _ => String::new(),
    }
}

/// A short answer's reference answer, for the evaluator.
fn reference_of(v: &question_version::Model) -> Result<String> {
    Ok(match key_of(v)? {
        Key::ShortAnswer { reference } => reference,
        _ => String::new(),
    })
}

/// A short answer's points from its marks: the first marker's alone; with double marking
/// the two markers' mean when they agree within `tolerance`, otherwise the middle of the three
/// once the third has marked. `None` while a needed mark is missing.
pub fn settled_points(marks: &[Option<i32>; 3], double: bool, tolerance: i32) -> Option<i32> {
    let [a, b, c] = *marks;
    if !double {
        return a;
    }
    let (a, b) = (a?, b?);
    if (a - b).abs() <= tolerance {
        return Some((a + b + 1) / 2);
    }
    let mut three = [a, b, c?];
    three.sort_unstable();
    Some(three[1])
}

/// One answer's marks in slot order (first, second, third marker), from the marks given by
/// marker.
pub(crate) fn in_slots(c: &candidate::Model, by_marker: &HashMap<Uuid, i32>) -> [Option<i32>; 3] {
    let of = |who: Option<Uuid>| who.and_then(|w| by_marker.get(&w).copied());
    [
        of(c.evaluator_id),
        of(c.second_evaluator_id),
        of(c.third_evaluator_id),
    ]
}

impl Exams {
    /// The short answers waiting for the caller, as one of each candidate's markers.
    pub async fn marking_queue(&self, actor: &Actor) -> Result<Vec<ToMark>> {
        let db = &self.dir().db;
        let Some(uid) = actor.user_id() else {
            return Ok(vec![]);
        };
        let Some(me) = directory::entity::person::Entity::find()
            .filter(directory::entity::person::Column::UserId.eq(uid))
            .one(db)
            .await?
        else {
            return Ok(vec![]);
        };
        let mine = candidate::Entity::find()
            .filter(
                sea_orm::Condition::any()
                    .add(candidate::Column::EvaluatorId.eq(me.id))
                    .add(candidate::Column::SecondEvaluatorId.eq(me.id))
                    .add(candidate::Column::ThirdEvaluatorId.eq(me.id)),
            )
            .all(db)
            .await?;
        let attempts = attempt::Entity::find()
            .filter(attempt::Column::CandidateId.is_in(mine.iter().map(|c| c.id)))
            .filter(
                attempt::Column::Status
                    .is_in([AttemptStatus::Submitted, AttemptStatus::AutoSubmitted]),
            )
            .order_by_asc(attempt::Column::Id)
            .all(db)
            .await?;
        // Four statements for the whole queue, whatever its length: the questions as drawn,
        // the short-answer versions among them, the answers and the caller's marks.
        let ids: Vec<Uuid> = attempts.iter().map(|a| a.id).collect();
        let items = attempt_item::Entity::find()
            .filter(attempt_item::Column::AttemptId.is_in(ids.clone()))
            .order_by_asc(attempt_item::Column::AttemptId)
            .order_by_asc(attempt_item::Column::Position)
            .all(db)
            .await?;
        let versions: HashMap<Uuid, question_version::Model> = question_version::Entity::find()
            .filter(question_version::Column::Id.is_in(items.iter().map(|i| i.question_version_id)))
            .filter(question_version::Column::Kind.eq(QuestionKind::ShortAnswer))
            .all(db)
            .await?
            .into_iter()
            .map(|v| (v.id, v))
            .collect();
        let answers: HashMap<(Uuid, i32), answer::Model> = answer::Entity::find()
            .filter(answer::Column::AttemptId.is_in(ids.clone()))
            .all(db)
            .await?
            .into_iter()
            .map(|r| ((r.attempt_id, r.position), r))
            .collect();
        let my_marks: HashMap<(Uuid, i32), i32> = mark::Entity::find()
            .filter(mark::Column::AttemptId.is_in(ids))
            .filter(mark::Column::MarkerId.eq(me.id))
            .all(db)
            .await?
            .into_iter()
            .map(|m| ((m.attempt_id, m.position), m.points))
            .collect();
        let by_id: HashMap<Uuid, &attempt::Model> = attempts.iter().map(|a| (a.id, a)).collect();
        let mut out = Vec::new();
        for i in items {
            let (Some(v), Some(a)) = (
                versions.get(&i.question_version_id),
                by_id.get(&i.attempt_id),
            ) else {
                continue;
            };
            let key = (a.id, i.position);
            out.push(ToMark {
                item_id: i.id,
                attempt_id: a.id,
                candidate_id: a.candidate_id,
                sitting_id: a.sitting_id,
                position: i.position,
                stem: v.stem.clone(),
                reference: reference_of(v)?,
                text: written(answers.get(&key)),
                max_points: i.points,
                my_points: my_marks.get(&key).copied(),
            });
        }
        Ok(out)
    }

    /// The caller's points for one short answer of a submitted attempt, as one of the
    /// candidate's markers (the third only once the first two differ by more than the
    /// tolerance). A mark can be changed until the results are out.
    pub async fn mark_answer(
        &self,
        actor: &Actor,
        attempt_id: Uuid,
        position: i32,
        input: MarkIn,
    ) -> Result<ToMark> {
        checked(&input, vec![])?;
        let txn = begin_write(&self.dir().db).await?;
        let a = attempt::Entity::find_by_id(attempt_id)
            .one(&txn)
            .await?
            .ok_or(ExamsError::not_found(noun::ATTEMPT))?;
        let c = candidate::Entity::find_by_id(a.candidate_id)
            .one(&txn)
            .await?
            .ok_or(ExamsError::not_found(noun::ATTEMPT))?;
        let me = self
            .duty_person(&txn, actor, a.sitting_id, Duty::Evaluator)
            .await?
            .filter(|me| {
                [c.evaluator_id, c.second_evaluator_id, c.third_evaluator_id].contains(&Some(*me))
            })
            .ok_or(ExamsError::not_found(noun::ATTEMPT))?;
        let s = sitting::Entity::find_by_id(a.sitting_id)
            .one(&txn)
            .await?
            .ok_or(ExamsError::not_found(noun::SITTING))?;
        if s.status == SittingStatus::ResultsPublished {
            return Err(ExamsError::conflict(
                "results_out",
                "成绩已发布,不能再评分",
                "results are out: marks are fixed",
            ));
        }
        if a.status == AttemptStatus::Started {
            return Err(ExamsError::conflict(
                "not_submitted",
                "答卷尚未提交",
                "the paper has not been handed in",
            ));
        }
        let item = attempt_item::Entity::find()
            .filter(attempt_item::Column::AttemptId.eq(a.id))
            .filter(attempt_item::Column::Position.eq(position))
            .one(&txn)
            .await?
            .ok_or(ExamsError::not_found(noun::QUESTION))?;
        let v = question_version::Entity::find_by_id(item.question_version_id)
            .one(&txn)
            .await?
            .filter(|v| v.kind == QuestionKind::ShortAnswer)
            .ok_or(ExamsError::not_found(noun::QUESTION))?;
        if input.points > item.points {
            return Err(ExamsError::field(
                "/points",
                "range",
                format!("本题满分{}分", item.points),
                format!("this question is worth {} points", item.points),
            ));
        }
        let p = Self::paper_of(&txn, &s).await?;
        if ![c.evaluator_id, c.second_evaluator_id].contains(&Some(me)) {
            // The third marker marks only where the first two disagree beyond the tolerance.
            let marks = Self::marks_of(&txn, &c, a.id, position).await?;
            let disagree = p.double_marking
                && marks[0]
                    .zip(marks[1])
                    .is_some_and(|(x, y)| (x - y).abs() > p.tolerance);
            if !disagree {
                return Err(ExamsError::conflict(
                    "no_third_marker_needed",
                    "前两位考评员尚未评分或评分相差不大,无需第三人评分",
                    "a third mark is asked only when the first two differ by more than the tolerance",
                ));
            }
        }
        let now = self.dir().clock.now();
        mark::Entity::insert(mark::ActiveModel {
            id: Set(Uuid::now_v7()),
            attempt_id: Set(a.id),
            position: Set(position),
            marker_id: Set(me),
            points: Set(input.points),
            marked_at: Set(now),
        })
        .on_conflict(
            OnConflict::columns([
                mark::Column::AttemptId,
                mark::Column::Position,
                mark::Column::MarkerId,
            ])
            .update_columns([mark::Column::Points, mark::Column::MarkedAt])
            .to_owned(),
        )
        .exec_without_returning(&txn)
        .await?;
        AuditEntry::new("exam_mark.record", "exam_attempt", a.id)
            .in_org(s.association_id)
            .change(json!({"position": position, "points": input.points}))
            .record(&txn, actor, now)
            .await?;
        let text = written(
            answer::Entity::find_by_id((a.id, position))
                .one(&txn)
                .await?
                .as_ref(),
        );
        let reference = reference_of(&v)?;
        txn.commit().await?;
        Ok(ToMark {
            item_id: item.id,
            attempt_id: a.id,
            candidate_id: c.id,
            sitting_id: s.id,
            position,
            stem: v.stem,
            reference,
            text,
            max_points: item.points,
            my_points: Some(input.points),
        })
    }

    /// The three markers' marks of one answer, in slot order.
    pub(crate) async fn marks_of<C: ConnectionTrait>(
        conn: &C,
        c: &candidate::Model,
        attempt_id: Uuid,
        position: i32,
    ) -> Result<[Option<i32>; 3]> {
        let marks: HashMap<Uuid, i32> = mark::Entity::find()
            .filter(mark::Column::AttemptId.eq(attempt_id))
            .filter(mark::Column::Position.eq(position))
            .all(conn)
            .await?
            .into_iter()
            .map(|m| (m.marker_id, m.points))
            .collect();
        Ok(in_slots(c, &marks))
    }

    /// The candidate's first evaluator scores one practical station on its checklist.
    pub async fn score_station(
        &self,
        actor: &Actor,
        candidate_id: Uuid,
        station: i32,
        input: StationScoreIn,
    ) -> Result<StationScore> {
        checked(&input, vec![])?;
        let txn = begin_write(&self.dir().db).await?;
        let c = candidate::Entity::find_by_id(candidate_id)
            .one(&txn)
            .await?
            .ok_or(ExamsError::not_found(noun::CANDIDATE))?;
        let me = self
            .duty_person(&txn, actor, c.sitting_id, Duty::Evaluator)
            .await?
            .filter(|me| c.evaluator_id == Some(*me))
            .ok_or(ExamsError::not_found(noun::CANDIDATE))?;
        let s = sitting::Entity::find_by_id(c.sitting_id)
            .one(&txn)
            .await?
            .ok_or(ExamsError::not_found(noun::SITTING))?;
        if s.status == SittingStatus::ResultsPublished {
            return Err(ExamsError::conflict(
                "results_out",
                "成绩已发布,不能再评分",
                "results are out: scores are fixed",
            ));
        }
        let p: paper::Model = Self::paper_of(&txn, &s).await?;
        let stations = stations_of(&p);
        let st = usize::try_from(station)
            .ok()
            .and_then(|i| i.checked_sub(1))
            .and_then(|i| stations.get(i))
            .ok_or(ExamsError::not_found(noun::QUESTION))?;
        if input.checks.len() != st.checklist.len()
            || input
                .checks
                .iter()
                .zip(&st.checklist)
                .any(|(got, item)| *got < 0 || *got > item.points)
        {
            return Err(ExamsError::field(
                "/checks",
                "checklist",
                format!(
                    "须按评分表逐项给分(共{}项,每项不超过该项分值)",
                    st.checklist.len()
                ),
                format!(
                    "one score per checklist item ({} items), none above the item's points",
                    st.checklist.len()
                ),
            ));
        }
        let points: i32 = input.checks.iter().sum();
        let now = self.dir().clock.now();
        practical_score::Entity::insert(practical_score::ActiveModel {
            id: Set(Uuid::now_v7()),
            candidate_id: Set(c.id),
            station: Set(station),
            evaluator_id: Set(me),
            points: Set(points),
            checks: Set(json!(input.checks)),
            records: Set(json!(input.records)),
            scored_at: Set(now),
        })
        .on_conflict(
            OnConflict::columns([
                practical_score::Column::CandidateId,
                practical_score::Column::Station,
                practical_score::Column::EvaluatorId,
            ])
            .update_columns([
                practical_score::Column::Points,
                practical_score::Column::Checks,
                practical_score::Column::Records,
                practical_score::Column::ScoredAt,
            ])
            .to_owned(),
        )
        .exec_without_returning(&txn)
        .await?;
        let id: Uuid = practical_score::Entity::find()
            .select_only()
            .column(practical_score::Column::Id)
            .filter(practical_score::Column::CandidateId.eq(c.id))
            .filter(practical_score::Column::Station.eq(station))
            .filter(practical_score::Column::EvaluatorId.eq(me))
            .into_tuple()
            .one(&txn)
            .await?
            .ok_or(ExamsError::not_found(noun::CANDIDATE))?;
        AuditEntry::new("exam_practical.score", "exam_candidate", c.id)
            .in_org(s.association_id)
            .change(json!({"station": station, "points": points}))
            .record(&txn, actor, now)
            .await?;
        txn.commit().await?;
        Ok(StationScore {
            id,
            candidate_id: c.id,
            station,
            evaluator_id: me,
            points,
            max_points: st.max_points(),
            checks: input.checks,
            records: input.records,
        })
    }

    /// The practical stations scored for one candidate so far, in station order: for the
    /// candidate's evaluators (what they gave, before they change it) and the exam side.
    /// Anyone else gets 404, as for the candidate's other records.
    pub async fn practical_scores(
        &self,
        actor: &Actor,
        candidate_id: Uuid,
    ) -> Result<Vec<StationScore>> {
        let db = &self.dir().db;
        let c = candidate::Entity::find_by_id(candidate_id)
            .one(db)
            .await?
            .ok_or(ExamsError::not_found(noun::CANDIDATE))?;
        let s = sitting::Entity::find_by_id(c.sitting_id)
            .one(db)
            .await?
            .ok_or(ExamsError::not_found(noun::CANDIDATE))?;
        let allowed = may(actor, Purpose::RunSittings, s.association_id)
            || self
                .duty_person(db, actor, s.id, Duty::Evaluator)
                .await?
                .is_some_and(|me| {
                    [c.evaluator_id, c.second_evaluator_id, c.third_evaluator_id]
                        .contains(&Some(me))
                });
        if !allowed {
            return Err(ExamsError::not_found(noun::CANDIDATE));
        }
        let stations = stations_of(&Self::paper_of(db, &s).await?);
        practical_score::Entity::find()
            .filter(practical_score::Column::CandidateId.eq(c.id))
            .order_by_asc(practical_score::Column::Station)
            .order_by_asc(practical_score::Column::Id)
            .all(db)
            .await?
            .into_iter()
            .map(|r| {
                let stored = |e: serde_json::Error| {
                    ExamsError::from(sea_orm::DbErr::Type(format!("stored station score: {e}")))
                };
                Ok(StationScore {
                    id: r.id,
                    candidate_id: r.candidate_id,
                    station: r.station,
                    evaluator_id: r.evaluator_id,
                    points: r.points,
                    max_points: usize::try_from(r.station - 1)
                        .ok()
                        .and_then(|i| stations.get(i))
                        .map_or(0, |st| st.max_points()),
                    checks: serde_json::from_value(r.checks).map_err(stored)?,
                    records: serde_json::from_value(r.records).map_err(stored)?,
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::settled_points;

    #[test]
    fn one_marker_decides_without_double_marking() {
        assert_eq!(settled_points(&[Some(7), None, None], false, 2), Some(7));
        assert_eq!(settled_points(&[None, None, None], false, 2), None);
    }

    #[test]
    fn two_marks_within_the_tolerance_are_averaged_and_beyond_it_a_third_decides() {
        assert_eq!(settled_points(&[Some(6), Some(8), None], true, 2), Some(7));
        assert_eq!(
            settled_points(&[Some(4), Some(8), None], true, 2),
            None,
            "3 apart: waits for the third"
        );
        assert_eq!(
            settled_points(&[Some(4), Some(8), Some(7)], true, 2),
            Some(7)
        );
    }
}
