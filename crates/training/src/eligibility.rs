//! Who may attend and who may be examined, decided in one place. TR-09 ("paid") and TR-17 (two
//! or more unexcused absences) are each written once here; attendance, sign-in, the eligibility
//! read (EX-11) and the entry of results all ask these functions, so a rule cannot be tightened
//! in one path and forgotten in another.

use crate::Training;
use crate::entity::enrolment;
use crate::error::Result;
use crate::model::EnrolmentStatus;
use kernel::{Actor, RuleViolation};
use sea_orm::ConnectionTrait;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// Unexcused absences from which a trainee loses exam eligibility (TR-17: "two or more").
pub const ABSENCES_THAT_DISQUALIFY: u64 = 2;

/// Why a person may not sit the exam.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq, Eq)]
pub struct IneligibleReason {
    pub rule: String,
    /// Why, in Chinese (zh-CN); the rule id is apart, in `rule`.
    pub detail: String,
    /// The same in English.
    pub detail_en: String,
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
    /// Every rule that keeps the enrolled trainee from the exam, fee first (TR-09), then
    /// attendance (TR-17); empty when eligible. Read inside the caller's transaction so that a
    /// result is checked against the same records it is written beside.
    pub(crate) async fn exam_bars<C: ConnectionTrait>(
        &self,
        conn: &C,
        e: &enrolment::Model,
    ) -> Result<Vec<RuleViolation>> {
        let absences = self.unexcused_absences(conn, e.id).await?;
        Ok([require_paid(e), require_attendance(absences)]
            .into_iter()
            .filter_map(std::result::Result::err)
            .collect())
    }

    /// Exam eligibility (EX-11) as the exams domain asks for it, for whoever may see the
    /// enrolment.
    pub async fn exam_eligibility(&self, actor: &Actor, id: Uuid) -> Result<Eligibility> {
        let (e, _) = self.visible(&self.dir.db, actor, id).await?;
        let reasons: Vec<IneligibleReason> = self
            .exam_bars(&self.dir.db, &e)
            .await?
            .into_iter()
            .map(|v| IneligibleReason {
                rule: v.rule.into(),
                detail: v.message.zh,
                detail_en: v.message.en,
            })
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
