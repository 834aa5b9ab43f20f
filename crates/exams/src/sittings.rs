//! Sittings and their roster (EX-11, EX-02). A sitting examines one class with one paper in an
//! online window (or at a place, within its hours). Its roster is training's exam eligibility:
//! a trainee who is not enrolled and paid, has lost eligibility by absence (TR-17) or is under
//! a ban (EX-04, EX-05, CR-04) is neither registered nor, later, started — the refusal names
//! the rule. A trainee who failed before sits again as a retake: the first one free, any
//! further one, or any in a skill-level exam, only after a new exam fee (EX-02).

use crate::Exams;
use crate::access::{Purpose, holds_somewhere, may, orgs_with};
use crate::entity::{candidate, paper, result, sitting};
use crate::error::{ExamsError, Result, checked, noun};
use crate::model::{Duty, ExamOutcome, SittingStatus};
use directory::entity::person;
use kernel::audit::AuditEntry;
use kernel::clock::shanghai_date;
use kernel::db::{begin_write, rows_by_id};
use kernel::refusal::FoundAt;
use kernel::{Actor, FieldError, RuleViolation};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::HashMap;
use time::OffsetDateTime;
use training::entity::{class, enrolment};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

/// A new sitting.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SittingIn {
    pub class_id: Uuid,
    pub paper_id: Uuid,
    #[validate(custom(function = "kernel::text::required_text_100"))]
    pub title: String,
    /// The online window's start (or the exam's start at a place).
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub opens_at: OffsetDateTime,
    /// The window's end: no attempt runs past it.
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub closes_at: OffsetDateTime,
    /// Where, for an exam at a place.
    #[serde(default)]
    #[validate(custom(function = "kernel::text::optional_text_100"))]
    pub place: Option<String>,
}

/// A sitting as the exam side and its staff read it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Sitting {
    pub id: Uuid,
    pub association_id: Uuid,
    pub class_id: Uuid,
    pub course_id: Uuid,
    pub paper_id: Uuid,
    pub title: String,
    #[serde(with = "kernel::utc")]
    #[schema(value_type = String, format = DateTime)]
    pub opens_at: OffsetDateTime,
    #[serde(with = "kernel::utc")]
    #[schema(value_type = String, format = DateTime)]
    pub closes_at: OffsetDateTime,
    pub place: Option<String>,
    pub status: SittingStatus,
    pub duration_minutes: i32,
    pub pass_mark: i32,
    pub candidates: u64,
    pub version: i32,
}

/// The filter of `GET /exam-sittings`.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SittingFilter {
    pub class_id: Option<Uuid>,
    pub status: Option<SittingStatus>,
}

/// Registering one trainee of the class.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CandidateIn {
    pub enrolment_id: Uuid,
    /// A seat number for the seating plan (EX-10).
    #[serde(default)]
    #[validate(range(min = 1, max = 10000))]
    pub seat: Option<i32>,
}

/// A trainee on the roster.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Candidate {
    pub id: Uuid,
    pub sitting_id: Uuid,
    pub enrolment_id: Uuid,
    pub person_id: Uuid,
    pub name: String,
    /// The ID number, masked.
    pub national_id_masked: String,
    /// 1: first sitting; 2: the first retake (EX-02) …
    pub attempt_no: i32,
    /// EX-02: this retake needs a new exam fee; it is paid when `fee_paid` is true.
    pub fee_due: bool,
    pub fee_paid: bool,
    pub seat: Option<i32>,
    pub evaluator_id: Option<Uuid>,
    pub second_evaluator_id: Option<Uuid>,
    pub third_evaluator_id: Option<Uuid>,
    #[serde(with = "kernel::utc::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub signed_in_at: Option<OffsetDateTime>,
}

/// One trainee the whole-roster registration left out, and why.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LeftOut {
    pub enrolment_id: Uuid,
    pub person_id: Uuid,
    pub name: String,
    pub reasons: Vec<training::eligibility::IneligibleReason>,
}

/// What registering the whole class did.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RosterReport {
    pub registered: Vec<Candidate>,
    pub left_out: Vec<LeftOut>,
}

impl Exams {
    /// EX-11 for this sitting, every rule that bars, in order: enrolled and paid, TR-17,
    /// and no ban on the sitting's own day (EX-04, EX-05; CR-04 on the day of asking) — a ban
    /// that begins after the class began still keeps its holder out of a later exam, and one
    /// that begins after the sitting does not.
    pub(crate) async fn exam_bars<C: ConnectionTrait>(
        &self,
        conn: &C,
        e: &enrolment::Model,
        s: &sitting::Model,
    ) -> Result<Vec<RuleViolation>> {
        Ok(self
            .training
            .exam_bars_on(conn, e, Some(shanghai_date(s.opens_at)))
            .await?)
    }
}

fn to_sitting(s: sitting::Model, p: &paper::Model, candidates: u64) -> Sitting {
    Sitting {
        id: s.id,
        association_id: s.association_id,
        class_id: s.class_id,
        course_id: s.course_id,
        paper_id: s.paper_id,
        title: s.title,
        opens_at: s.opens_at,
        closes_at: s.closes_at,
        place: s.place,
        status: s.status,
        duration_minutes: p.duration_minutes,
        pass_mark: p.pass_mark,
        candidates,
        version: s.version,
    }
}

/// EX-02: the retake after a first failure is free, except in a skill-level exam; every
/// further one needs a new exam fee. `attempt_no` is 1 for a first sitting.
pub fn retake_needs_fee(attempt_no: i32, skill_level: bool) -> bool {
    attempt_no >= 3 || (attempt_no == 2 && skill_level)
}

pub(crate) fn to_candidate(c: candidate::Model, p: Option<&person::Model>) -> Candidate {
    Candidate {
        id: c.id,
        sitting_id: c.sitting_id,
        enrolment_id: c.enrolment_id,
        person_id: c.person_id,
        name: p.map(|p| p.name.clone()).unwrap_or_default(),
        national_id_masked: p.map(|p| p.national_id_masked.clone()).unwrap_or_default(),
        attempt_no: c.attempt_no,
        fee_due: c.fee_due,
        fee_paid: c.fee_paid_at.is_some(),
        seat: c.seat,
        evaluator_id: c.evaluator_id,
        second_evaluator_id: c.second_evaluator_id,
        third_evaluator_id: c.third_evaluator_id,
        signed_in_at: c.signed_in_at,
    }
}

impl Exams {
    /// A sitting the actor runs (the association's exam side); anyone else: not found.
    pub(crate) async fn run_sitting<C: ConnectionTrait>(
        conn: &C,
        actor: &Actor,
        id: Uuid,
    ) -> Result<sitting::Model> {
        sitting::Entity::find_by_id(id)
            .one(conn)
            .await?
            .filter(|s| may(actor, Purpose::RunSittings, s.association_id))
            .ok_or(ExamsError::not_found(noun::SITTING))
    }

    /// The sitting's paper (read by the service, not by the caller: no EX-09 read).
    pub(crate) async fn paper_of<C: ConnectionTrait>(
        conn: &C,
        s: &sitting::Model,
    ) -> Result<paper::Model> {
        paper::Entity::find_by_id(s.paper_id)
            .one(conn)
            .await?
            .ok_or(ExamsError::not_found(noun::PAPER))
    }

    pub(crate) async fn sitting_out<C: ConnectionTrait>(
        conn: &C,
        s: sitting::Model,
    ) -> Result<Sitting> {
        Ok(Self::sittings_out(conn, vec![s]).await?.remove(0))
    }

    /// Sittings with their paper's terms and their roster's size, in the order given: two
    /// statements however many sittings (the papers, and the candidates counted per sitting).
    pub(crate) async fn sittings_out<C: ConnectionTrait>(
        conn: &C,
        rows: Vec<sitting::Model>,
    ) -> Result<Vec<Sitting>> {
        let papers: HashMap<Uuid, paper::Model> = rows_by_id::<paper::Entity, _>(
            conn,
            paper::Column::Id,
            rows.iter().map(|s| s.paper_id),
        )
        .await?;
        let counts: HashMap<Uuid, i64> = candidate::Entity::find()
            .select_only()
            .column(candidate::Column::SittingId)
            .column_as(candidate::Column::Id.count(), "n")
            .filter(candidate::Column::SittingId.is_in(rows.iter().map(|s| s.id)))
            .group_by(candidate::Column::SittingId)
            .into_tuple::<(Uuid, i64)>()
            .all(conn)
            .await?
            .into_iter()
            .collect();
        rows.into_iter()
            .map(|s| {
                let p = papers
                    .get(&s.paper_id)
                    .ok_or(ExamsError::not_found(noun::PAPER))?;
                let n = counts.get(&s.id).copied().unwrap_or(0).max(0) as u64;
                Ok(to_sitting(s, p, n))
            })
            .collect()
    }

    /// Plans a sitting for a class of the actor's association, with a paper of the
    /// association (or of a body in it) that examines the class's course.
    pub async fn create_sitting(&self, actor: &Actor, input: SittingIn) -> Result<Sitting> {
        if !holds_somewhere(actor, Purpose::RunSittings) {
            return Err(ExamsError::forbidden());
        }
        let mut more = Vec::new();
        if input.closes_at <= input.opens_at {
            more.push(FieldError::new(
                "/closes_at",
                "range",
                "结束时间须晚于开始时间",
                "the window closes after it opens",
            ));
        }
        checked(&input, more)?;
        let txn = begin_write(&self.dir().db).await?;
        let c = class::Entity::find_by_id(input.class_id)
            .one(&txn)
            .await?
            .filter(|c| may(actor, Purpose::RunSittings, c.association_id))
            .or_not_found_at("/class_id", "无此培训班", "no such class")?;
        let p = paper::Entity::find_by_id(input.paper_id).one(&txn).await?;
        let owner = match &p {
            Some(p) => directory::entity::organization::Entity::find_by_id(p.owner_id)
                .one(&txn)
                .await?
                .and_then(|o| training::access::association_of(&o)),
            None => None,
        };
        let p = p
            .filter(|_| owner == Some(c.association_id))
            .or_not_found_at("/paper_id", "无此试卷", "no such paper")?;
        if p.course_id.is_some_and(|course| course != c.course_id) {
            return Err(ExamsError::field(
                "/paper_id",
                "other_course",
                "该试卷考核的是其他课程",
                "the paper examines another course",
            ));
        }
        let now = self.dir().clock.now();
        let s = sitting::ActiveModel {
            id: Set(Uuid::now_v7()),
            association_id: Set(c.association_id),
            class_id: Set(c.id),
            course_id: Set(c.course_id),
            paper_id: Set(p.id),
            title: Set(input.title.trim().to_owned()),
            opens_at: Set(input.opens_at),
            closes_at: Set(input.closes_at),
            place: Set(input
                .place
                .map(|p| p.trim().to_owned())
                .filter(|p| !p.is_empty())),
            status: Set(SittingStatus::Planned),
            created_by: Set(actor.id()),
            created_at: Set(now),
            version: Set(1),
        }
        .insert(&txn)
        .await?;
        AuditEntry::new("exam_sitting.create", "exam_sitting", s.id)
            .in_org(s.association_id)
            .change(json!({"class_id": s.class_id, "paper_id": s.paper_id, "opens_at": s.opens_at.to_string(), "closes_at": s.closes_at.to_string()}))
            .record(&txn, actor, now)
            .await?;
        txn.commit().await?;
        Ok(to_sitting(s, &p, 0))
    }

    /// The sittings of the actor's associations, latest window first: for the exam side, and
    /// for the training department, which follows its classes' exams to their results
    /// ([`Purpose::ReadResults`]; running a sitting stays the exam side's, EX-06).
    pub async fn list_sittings(&self, actor: &Actor, f: &SittingFilter) -> Result<Vec<Sitting>> {
        if !holds_somewhere(actor, Purpose::ReadResults) {
            return Err(ExamsError::forbidden());
        }
        let db = &self.dir().db;
        let mut q = sitting::Entity::find();
        if !actor.is_platform_admin() {
            q = q.filter(
                sitting::Column::AssociationId.is_in(orgs_with(actor, Purpose::ReadResults)),
            );
        }
        if let Some(c) = f.class_id {
            q = q.filter(sitting::Column::ClassId.eq(c));
        }
        if let Some(s) = f.status {
            q = q.filter(sitting::Column::Status.eq(s));
        }
        let rows = q
            .order_by_desc(sitting::Column::OpensAt)
            .order_by_desc(sitting::Column::Id)
            .all(db)
            .await?;
        if rows.is_empty()
            && let Some(c) = f.class_id
        {
            class::Entity::find_by_id(c)
                .one(db)
                .await?
                .filter(|c| may(actor, Purpose::ReadResults, c.association_id))
                .ok_or(ExamsError::not_found(noun::CLASS))?;
        }
        Self::sittings_out(db, rows).await
    }

    /// One sitting: its exam side, and the staff assigned to it.
    pub async fn get_sitting(&self, actor: &Actor, id: Uuid) -> Result<Sitting> {
        let db = &self.dir().db;
        let s = match Self::run_sitting(db, actor, id).await {
            Ok(s) => s,
            Err(e) => {
                let s = sitting::Entity::find_by_id(id).one(db).await?.ok_or(e)?;
                if !self.on_staff(db, actor, s.id).await? {
                    return Err(ExamsError::not_found(noun::SITTING));
                }
                s
            }
        };
        Self::sitting_out(db, s).await
    }

    /// Registers one trainee of the class (EX-11; EX-02 decides whether a fee is due).
    pub async fn register_candidate(
        &self,
        actor: &Actor,
        sitting_id: Uuid,
        input: CandidateIn,
    ) -> Result<Candidate> {
        checked(&input, vec![])?;
        let txn = begin_write(&self.dir().db).await?;
        let s = Self::run_sitting(&txn, actor, sitting_id).await?;
        Self::require_planned(&s)?;
        let e = enrolment::Entity::find_by_id(input.enrolment_id)
            .one(&txn)
            .await?
            .filter(|e| e.class_id == s.class_id)
            .or_not_found_at(
                "/enrolment_id",
                "本班无此报名",
                "no such enrolment in this class",
            )?;
        if let Some(bar) = self.exam_bars(&txn, &e, &s).await?.into_iter().next() {
            return Err(bar.into());
        }
        if let Some(v) = self.proctor_conflict(&txn, s.id, e.person_id).await? {
            return Err(v.into());
        }
        let c = self
            .insert_candidate(&txn, actor, &s, &e, input.seat)
            .await?;
        let p = person::Entity::find_by_id(c.person_id).one(&txn).await?;
        txn.commit().await?;
        Ok(to_candidate(c, p.as_ref()))
    }

    /// Registers every eligible trainee of the class not yet on the roster, and reports who
    /// was left out and why (EX-11).
    pub async fn register_class(&self, actor: &Actor, sitting_id: Uuid) -> Result<RosterReport> {
        let txn = begin_write(&self.dir().db).await?;
        let s = Self::run_sitting(&txn, actor, sitting_id).await?;
        Self::require_planned(&s)?;
        let on_roster: Vec<Uuid> = candidate::Entity::find()
            .filter(candidate::Column::SittingId.eq(s.id))
            .all(&txn)
            .await?
            .into_iter()
            .map(|c| c.enrolment_id)
            .collect();
        let enrolments = enrolment::Entity::find()
            .filter(enrolment::Column::ClassId.eq(s.class_id))
            .order_by_asc(enrolment::Column::Id)
            .all(&txn)
            .await?;
        let persons = crate::persons_by_id(&txn, enrolments.iter().map(|e| e.person_id)).await?;
        let mut report = RosterReport {
            registered: vec![],
            left_out: vec![],
        };
        for e in enrolments.iter().filter(|e| !on_roster.contains(&e.id)) {
            let mut bars = self.exam_bars(&txn, e, &s).await?;
            bars.extend(self.proctor_conflict(&txn, s.id, e.person_id).await?);
            let p = persons.get(&e.person_id);
            if bars.is_empty() {
                let c = self.insert_candidate(&txn, actor, &s, e, None).await?;
                report.registered.push(to_candidate(c, p));
            } else {
                report.left_out.push(LeftOut {
                    enrolment_id: e.id,
                    person_id: e.person_id,
                    name: p.map(|p| p.name.clone()).unwrap_or_default(),
                    reasons: bars.into_iter().map(Into::into).collect(),
                });
            }
        }
        txn.commit().await?;
        Ok(report)
    }

    fn require_planned(s: &sitting::Model) -> Result<()> {
        if s.status == SittingStatus::Planned {
            Ok(())
        } else {
            Err(ExamsError::conflict(
                "results_out",
                "成绩已发布,考试已结束",
                "results are out: the sitting is closed",
            ))
        }
    }

    /// The roster row, with the attempt number and the fee EX-02 asks for: earlier failed
    /// results of the person in the same programme count; a pass ends it.
    async fn insert_candidate<C: ConnectionTrait>(
        &self,
        conn: &C,
        actor: &Actor,
        s: &sitting::Model,
        e: &enrolment::Model,
        seat: Option<i32>,
    ) -> Result<candidate::Model> {
        let earlier = result::Entity::find()
            .filter(result::Column::PersonId.eq(e.person_id))
            .filter(result::Column::CourseId.eq(s.course_id))
            .filter(result::Column::AssociationId.eq(s.association_id))
            .all(conn)
            .await?;
        if earlier.iter().any(|r| r.outcome == ExamOutcome::Passed) {
            return Err(ExamsError::conflict(
                "already_passed",
                "该学员已通过该项目考试",
                "the trainee has already passed this programme's exam",
            ));
        }
        let failures = earlier
            .iter()
            .filter(|r| matches!(r.outcome, ExamOutcome::Failed | ExamOutcome::Disqualified))
            .count();
        let attempt_no = i32::try_from(failures).unwrap_or(i32::MAX - 1) + 1;
        let p = Self::paper_of(conn, s).await?;
        let now = self.dir().clock.now();
        let c = candidate::ActiveModel {
            id: Set(Uuid::now_v7()),
            sitting_id: Set(s.id),
            enrolment_id: Set(e.id),
            person_id: Set(e.person_id),
            attempt_no: Set(attempt_no),
            fee_due: Set(retake_needs_fee(attempt_no, p.skill_level)),
            fee_paid_at: Set(None),
            fee_receipt_no: Set(None),
            fee_payment_id: Set(None),
            seat: Set(seat),
            evaluator_id: Set(None),
            second_evaluator_id: Set(None),
            third_evaluator_id: Set(None),
            signed_in_at: Set(None),
            registered_by: Set(actor.id()),
            registered_at: Set(now),
        }
        .insert(conn)
        .await
        .map_err(ExamsError::on_unique(
            "already_registered",
            "该学员已在本场考试名单中",
            "the trainee is already on this sitting's roster",
        ))?;
        AuditEntry::new("exam_candidate.register", "exam_candidate", c.id)
            .in_org(s.association_id)
            .change(json!({"sitting_id": s.id, "enrolment_id": e.id, "attempt_no": attempt_no, "fee_due": c.fee_due}))
            .record(conn, actor, now)
            .await?;
        Ok(c)
    }

    /// The roster with names and masked ID numbers, by seat then registration: for the exam
    /// side and the sitting's proctors and evaluators.
    pub async fn list_candidates(&self, actor: &Actor, sitting_id: Uuid) -> Result<Vec<Candidate>> {
        let s = self.get_sitting(actor, sitting_id).await?;
        let db = &self.dir().db;
        // The exam side and the proctors see the whole seating plan; an evaluator only the
        // candidates assigned to them (issue 16 §5).
        let sees_all = may(actor, Purpose::RunSittings, s.association_id)
            || self
                .duty_person(db, actor, s.id, Duty::Proctor)
                .await?
                .is_some();
        let marker = match sees_all {
            true => None,
            false => self.duty_person(db, actor, s.id, Duty::Evaluator).await?,
        };
        let rows: Vec<candidate::Model> = candidate::Entity::find()
            .filter(candidate::Column::SittingId.eq(s.id))
            .order_by_asc(candidate::Column::Seat)
            .order_by_asc(candidate::Column::Id)
            .all(db)
            .await?
            .into_iter()
            .filter(|c| {
                sees_all
                    || marker.is_some_and(|me| {
                        [c.evaluator_id, c.second_evaluator_id, c.third_evaluator_id]
                            .contains(&Some(me))
                    })
            })
            .collect();
        let persons = crate::persons_by_id(db, rows.iter().map(|c| c.person_id)).await?;
        Ok(rows
            .into_iter()
            .map(|c| {
                let p = persons.get(&c.person_id);
                to_candidate(c, p)
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ex_02_the_first_retake_is_free_and_the_second_is_not() {
        assert!(!retake_needs_fee(1, false));
        assert!(
            !retake_needs_fee(2, false),
            "the first retake after one failure is free"
        );
        assert!(
            retake_needs_fee(3, false),
            "a retake after a failed retake needs a fee"
        );
    }

    #[test]
    fn ex_02_a_skill_level_exams_first_retake_needs_a_fee() {
        assert!(!retake_needs_fee(1, true));
        assert!(retake_needs_fee(2, true));
    }
}
