//! Who may attend and who may be examined, decided in one place. TR-09 ("paid") and TR-17 (two
//! or more unexcused absences) are each written once here, and EX-11 — paid, TR-17 met, no
//! active ban — is [`Training::exam_bars`]; attendance, sign-in, the eligibility reads (one
//! enrolment, or a class's roster for the exams domain and the class page) and the entry of
//! results all ask these functions, so a rule cannot be tightened in one path and forgotten
//! in another.

use crate::Training;
use crate::access::{At, Purpose, may};
use crate::classes::refuse_if_sanctioned_on;
use crate::entity::{attendance, class, enrolment};
use crate::error::{Result, TrainingError, noun};
use crate::model::{AttendanceMark, EnrolmentStatus};
use directory::DirectoryError;
use directory::entity::person;
use kernel::clock::shanghai_date;
use kernel::db::rows_by_id;
use kernel::{Actor, RuleViolation};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Serialize;
use std::collections::HashMap;
use time::Date;
use utoipa::ToSchema;
use uuid::Uuid;

/// Unexcused absences from which a trainee loses exam eligibility (TR-17: "two or more").
pub const ABSENCES_THAT_DISQUALIFY: u64 = 2;

/// Why a person may not sit the exam: the rule's id and its sentence for the clerk.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq, Eq)]
pub struct IneligibleReason {
    /// The rule's id, e.g. `TR-17`.
    pub rule: String,
    /// Why, in Chinese (zh-CN); the rule id is apart, in `rule`.
    pub detail: String,
    /// The same in English.
    pub detail_en: String,
}

impl From<RuleViolation> for IneligibleReason {
    fn from(v: RuleViolation) -> Self {
        IneligibleReason {
            rule: v.rule.into(),
            detail: v.message.zh,
            detail_en: v.message.en,
        }
    }
}

/// One trainee of a class and whether they may sit its exam (EX-11): what the exams domain
/// builds a sitting's roster from, and what the class page shows.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TraineeEligibility {
    pub enrolment_id: Uuid,
    pub person_id: Uuid,
    pub name: String,
    pub eligible: bool,
    /// Every rule that keeps the trainee from the exam, in the order they are asked; empty
    /// when eligible.
    pub reasons: Vec<IneligibleReason>,
}

/// Exam eligibility derived from the records (EX-11, TR-09, TR-17).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Eligibility {
    pub enrolment_id: Uuid,
    pub eligible: bool,
    pub reasons: Vec<IneligibleReason>,
}

/// TR-09: a trainee attends — is marked present, signs in — and so sits the exam only after
/// paying the fee. The one check of "paid".
pub(crate) fn require_paid(e: &enrolment::Model) -> std::result::Result<(), RuleViolation> {
    if e.status == EnrolmentStatus::Paid {
        Ok(())
    } else {
        Err(RuleViolation::new(
            "TR-09",
            "未缴费的学员不能参加培训和考试",
            "a trainee who has not paid the fee can neither attend nor be examined",
        ))
    }
}

/// TR-17: two or more unexcused absences cost the exam eligibility.
fn require_attendance(absences: u64) -> std::result::Result<(), RuleViolation> {
    if absences < ABSENCES_THAT_DISQUALIFY {
        Ok(())
    } else {
        Err(RuleViolation::new(
            "TR-17",
            format!("无故缺课{absences}次,取消考试资格"),
            format!("{absences} unexcused absences: the trainee has lost exam eligibility"),
        )
        .with("absences", absences))
    }
}

impl Training {
    /// Every rule that keeps the enrolled trainee from the exam (EX-11); empty when eligible.
    /// Read inside the caller's transaction so that a result is checked against the same
    /// records it is written beside. Bans are judged on the class's first day.
    pub async fn exam_bars<C: ConnectionTrait>(
        &self,
        conn: &C,
        e: &enrolment::Model,
    ) -> Result<Vec<RuleViolation>> {
        self.exam_bars_on(conn, e, None).await
    }

    /// [`Training::exam_bars`] for an exam held on `exam_day` (Asia/Shanghai): the exams
    /// domain's sittings, whose bans (EX-04, EX-05) are judged on the sitting's day — a ban
    /// that begins after the class's first day still bars a later exam, and one that begins
    /// after the exam does not. `None`: the class's first day.
    pub async fn exam_bars_on<C: ConnectionTrait>(
        &self,
        conn: &C,
        e: &enrolment::Model,
        exam_day: Option<Date>,
    ) -> Result<Vec<RuleViolation>> {
        let absences = self.unexcused_absences(conn, e.id).await?;
        let c = class::Entity::find_by_id(e.class_id)
            .one(conn)
            .await?
            .ok_or(TrainingError::not_found(noun::CLASS))?;
        let attendance = exam_day.unwrap_or_else(|| shanghai_date(c.starts_at));
        self.bars(conn, e, &c, absences, attendance).await
    }

    /// EX-11's conditions, in one order: the fee (TR-09), attendance (TR-17), no active
    /// sanction — the registry's one question: a CR-04 listing today, an EX-04 or EX-05 ban on
    /// the day of `attendance`.
    async fn bars<C: ConnectionTrait>(
        &self,
        conn: &C,
        e: &enrolment::Model,
        c: &class::Model,
        absences: u64,
        attendance: Date,
    ) -> Result<Vec<RuleViolation>> {
        let mut bars: Vec<RuleViolation> = [require_paid(e), require_attendance(absences)]
            .into_iter()
            .filter_map(std::result::Result::err)
            .collect();
        match refuse_if_sanctioned_on(conn, e.person_id, c, self.dir.clock.now(), attendance).await
        {
            Ok(()) => {}
            Err(DirectoryError::Refused(kernel::Refusal::Rule(v))) => bars.push(v),
            Err(other) => return Err(other.into()),
        }
        Ok(bars)
    }

    /// Exam eligibility (EX-11) of every trainee of a class, in enrolment order: for the
    /// class's training department (and the platform administrator) through
    /// [`Purpose::ReadEligibility`], and for its head teacher. Another tenant's class is not
    /// found; a class in reach without the grant is forbidden.
    pub async fn class_eligibility(
        &self,
        actor: &Actor,
        class_id: Uuid,
    ) -> Result<Vec<TraineeEligibility>> {
        let db = &self.dir.db;
        let c = class::Entity::find_by_id(class_id)
            .one(db)
            .await?
            .ok_or(TrainingError::not_found(noun::CLASS))?;
        if !Self::class_seen(db, actor, &c).await? {
            return Err(TrainingError::not_found(noun::CLASS));
        }
        let head = actor.user_id().is_some() && c.head_teacher_id == actor.user_id();
        if !(head
            || may(
                actor,
                Purpose::ReadEligibility,
                At::Association(c.association_id),
            ))
        {
            return Err(TrainingError::forbidden());
        }
        let enrolments = enrolment::Entity::find()
            .filter(enrolment::Column::ClassId.eq(c.id))
            .order_by_asc(enrolment::Column::Id)
            .all(db)
            .await?;
        let persons: HashMap<Uuid, person::Model> = rows_by_id::<person::Entity, _>(
            db,
            person::Column::Id,
            enrolments.iter().map(|e| e.person_id),
        )
        .await?;
        // TR-17's count for the whole class in one query, not one per trainee.
        let absences: HashMap<Uuid, i64> = attendance::Entity::find()
            .select_only()
            .column(attendance::Column::EnrolmentId)
            .column_as(attendance::Column::Id.count(), "absences")
            .filter(attendance::Column::EnrolmentId.is_in(enrolments.iter().map(|e| e.id)))
            .filter(attendance::Column::Status.eq(AttendanceMark::Absent))
            .group_by(attendance::Column::EnrolmentId)
            .into_tuple::<(Uuid, i64)>()
            .all(db)
            .await?
            .into_iter()
            .collect();
        let mut out = Vec::with_capacity(enrolments.len());
        for e in enrolments {
            let absent = absences.get(&e.id).copied().unwrap_or(0);
            let person = persons.get(&e.person_id);
            let reasons: Vec<IneligibleReason> = self
                .bars(
                    db,
                    &e,
                    &c,
                    u64::try_from(absent).unwrap_or(0),
                    shanghai_date(c.starts_at),
                )
                .await?
                .into_iter()
                .map(IneligibleReason::from)
                .collect();
            out.push(TraineeEligibility {
                enrolment_id: e.id,
                person_id: e.person_id,
                name: person.map(|p| p.name.clone()).unwrap_or_default(),
                eligible: reasons.is_empty(),
                reasons,
            });
        }
        Ok(out)
    }

    /// Exam eligibility (EX-11) as the exams domain asks for it, for whoever may see the
    /// enrolment.
    pub async fn exam_eligibility(&self, actor: &Actor, id: Uuid) -> Result<Eligibility> {
        let (e, _) = self.visible(&self.dir.db, actor, id).await?;
        let reasons: Vec<IneligibleReason> = self
            .exam_bars(&self.dir.db, &e)
            .await?
            .into_iter()
            .map(IneligibleReason::from)
            .collect();
        Ok(Eligibility {
            enrolment_id: e.id,
            eligible: reasons.is_empty(),
            reasons,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tr_17_one_unexcused_absence_is_allowed_two_are_not() {
        assert!(require_attendance(0).is_ok());
        assert!(require_attendance(1).is_ok());
        assert_eq!(require_attendance(2).map_err(|v| v.rule), Err("TR-17"));
    }
}
