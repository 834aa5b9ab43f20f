//! Exam records (EX-10): per sitting the seating plan and sign-in, the incident log, the
//! references to audio and video recordings (where, a SHA-256 of the file, how long), and the
//! papers as each candidate took them. They are kept at least ten years after the sitting:
//! deleting a recording reference before then is refused.

use crate::Exams;
use crate::access::{Purpose, may};
use crate::entity::{attempt, attempt_item, candidate, recording, sitting};
use crate::error::{ExamsError, Result, checked, noun};
use crate::misconduct::Incident;
use crate::model::{AttemptStatus, Duty};
use crate::sittings::Candidate;
use kernel::audit::AuditEntry;
use kernel::clock::shanghai_date;
use kernel::db::begin_write;
use kernel::{Actor, RuleViolation};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, ModelTrait, QueryFilter, QueryOrder, Set,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use time::{Date, OffsetDateTime};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

/// EX-10: how many years exam records are kept at least.
pub const KEEP_YEARS: i32 = 10;

/// A recording of the sitting, by reference.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RecordingIn {
    /// Where the file is kept, e.g. `nas://exam/2026/12/room1.mp4`.
    #[validate(custom(function = "kernel::text::required_text_500"))]
    pub uri: String,
    /// The file's SHA-256, 64 hexadecimal digits.
    #[validate(custom(function = "sha256_hex"))]
    pub sha256: String,
    /// 1 second to 24 hours.
    #[validate(range(min = 1, max = 86400))]
    pub duration_seconds: i32,
}

fn sha256_hex(v: &str) -> std::result::Result<(), validator::ValidationError> {
    if v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(())
    } else {
        Err(kernel::text::refused(
            "sha256",
            "须为64位十六进制SHA-256摘要".into(),
            "a SHA-256 digest in 64 hexadecimal digits".into(),
        ))
    }
}

/// A recording reference.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Recording {
    pub id: Uuid,
    pub sitting_id: Uuid,
    pub uri: String,
    pub sha256: String,
    pub duration_seconds: i32,
    #[serde(with = "kernel::utc")]
    #[schema(value_type = String, format = DateTime)]
    pub recorded_at: OffsetDateTime,
}

/// One candidate's paper as taken: the question versions drawn, in order.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PaperTaken {
    pub candidate_id: Uuid,
    pub attempt_id: Uuid,
    pub seed: i64,
    pub status: AttemptStatus,
    pub question_version_ids: Vec<Uuid>,
}

/// The record of a sitting (EX-10).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SittingRecord {
    pub sitting_id: Uuid,
    /// The seating plan with sign-in times.
    pub seats: Vec<Candidate>,
    pub incidents: Vec<Incident>,
    pub recordings: Vec<Recording>,
    pub papers: Vec<PaperTaken>,
    /// The first day the record may be deleted (ten years after the sitting).
    pub keep_until: String,
}

/// EX-10: the first day a sitting's records may be deleted.
pub fn deletable_from(sitting_day: Date) -> Date {
    let year = sitting_day.year() + KEEP_YEARS;
    Date::from_calendar_date(year, sitting_day.month(), sitting_day.day()).unwrap_or_else(|_| {
        Date::from_calendar_date(year, time::Month::March, 1).unwrap_or(sitting_day)
    })
}

fn to_recording(r: recording::Model) -> Recording {
    Recording {
        id: r.id,
        sitting_id: r.sitting_id,
        uri: r.uri,
        sha256: r.sha256.to_ascii_lowercase(),
        duration_seconds: r.duration_seconds,
        recorded_at: r.recorded_at,
    }
}

impl Exams {
    /// The sitting if the actor is its exam side or one of its proctors.
    async fn proctored(
        &self,
        txn: &impl sea_orm::ConnectionTrait,
        actor: &Actor,
        sitting_id: Uuid,
    ) -> Result<sitting::Model> {
        let s = sitting::Entity::find_by_id(sitting_id)
            .one(txn)
            .await?
            .ok_or(ExamsError::not_found(noun::SITTING))?;
        if may(actor, Purpose::RunSittings, s.association_id)
            || self
                .duty_person(txn, actor, s.id, Duty::Proctor)
                .await?
                .is_some()
        {
            Ok(s)
        } else {
            Err(ExamsError::not_found(noun::SITTING))
        }
    }

    /// A proctor signs a candidate in (the seating plan's sign-in column).
    pub async fn sign_in_candidate(&self, actor: &Actor, candidate_id: Uuid) -> Result<Candidate> {
        let txn = begin_write(&self.dir().db).await?;
        let c = candidate::Entity::find_by_id(candidate_id)
            .one(&txn)
            .await?
            .ok_or(ExamsError::not_found(noun::CANDIDATE))?;
        let s = self
            .proctored(&txn, actor, c.sitting_id)
            .await
            .map_err(|_| ExamsError::not_found(noun::CANDIDATE))?;
        if c.signed_in_at.is_some() {
            return Err(ExamsError::conflict(
                "signed_in",
                "考生已签到",
                "the candidate has signed in already",
            ));
        }
        let now = self.dir().clock.now();
        let mut am: candidate::ActiveModel = c.into();
        am.signed_in_at = Set(Some(now));
        let c = am.update(&txn).await?;
        AuditEntry::new("exam_candidate.sign_in", "exam_candidate", c.id)
            .in_org(s.association_id)
            .record(&txn, actor, now)
            .await?;
        let p = directory::entity::person::Entity::find_by_id(c.person_id)
            .one(&txn)
            .await?;
        txn.commit().await?;
        Ok(crate::sittings::to_candidate(c, p.as_ref()))
    }

    /// Adds a recording reference to the sitting's record.
    pub async fn add_recording(
        &self,
        actor: &Actor,
        sitting_id: Uuid,
        input: RecordingIn,
    ) -> Result<Recording> {
        checked(&input, vec![])?;
        let txn = begin_write(&self.dir().db).await?;
        let s = self.proctored(&txn, actor, sitting_id).await?;
        let now = self.dir().clock.now();
        let r = recording::ActiveModel {
            id: Set(Uuid::now_v7()),
            sitting_id: Set(s.id),
            uri: Set(input.uri.trim().to_owned()),
            sha256: Set(input.sha256.to_ascii_lowercase()),
            duration_seconds: Set(input.duration_seconds),
            recorded_by: Set(actor.id()),
            recorded_at: Set(now),
        }
        .insert(&txn)
        .await?;
        AuditEntry::new("exam_recording.add", "exam_sitting", s.id)
            .in_org(s.association_id)
            .change(json!({"recording_id": r.id, "uri": r.uri, "sha256": r.sha256}))
            .record(&txn, actor, now)
            .await?;
        txn.commit().await?;
        Ok(to_recording(r))
    }

    /// Deletes a recording reference: only ten years after the sitting (EX-10), by its exam
    /// side.
    pub async fn delete_recording(&self, actor: &Actor, id: Uuid) -> Result<()> {
        let txn = begin_write(&self.dir().db).await?;
        let r = recording::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or(ExamsError::not_found(noun::RECORDING))?;
        let s = Self::run_sitting(&txn, actor, r.sitting_id)
            .await
            .map_err(|_| ExamsError::not_found(noun::RECORDING))?;
        let from = deletable_from(shanghai_date(s.closes_at));
        if self.dir().clock.today_shanghai() < from {
            return Err(RuleViolation::new(
                "EX-10",
                format!("考试过程记录至少保存10年,{from}起方可删除"),
                format!("exam records are kept at least 10 years: deletable from {from}"),
            )
            .with("deletable_from", from.to_string())
            .into());
        }
        let now = self.dir().clock.now();
        AuditEntry::new("exam_recording.delete", "exam_sitting", s.id)
            .in_org(s.association_id)
            .change(json!({"recording_id": r.id, "uri": r.uri, "sha256": r.sha256}))
            .record(&txn, actor, now)
            .await?;
        r.delete(&txn).await?;
        txn.commit().await?;
        Ok(())
    }

    /// The sitting's record (EX-10): the exam side and the sitting's proctors.
    pub async fn sitting_record(&self, actor: &Actor, sitting_id: Uuid) -> Result<SittingRecord> {
        let db = &self.dir().db;
        let s = self.proctored(db, actor, sitting_id).await?;
        let seats = self.list_candidates(actor, s.id).await?;
        let incidents = self.list_incidents(actor, s.id).await?;
        let recordings = recording::Entity::find()
            .filter(recording::Column::SittingId.eq(s.id))
            .order_by_asc(recording::Column::Id)
            .all(db)
            .await?
            .into_iter()
            .map(to_recording)
            .collect();
        let attempts = attempt::Entity::find()
            .filter(attempt::Column::SittingId.eq(s.id))
            .order_by_asc(attempt::Column::Id)
            .all(db)
            .await?;
        let items = attempt_item::Entity::find()
            .filter(attempt_item::Column::AttemptId.is_in(attempts.iter().map(|a| a.id)))
            .order_by_asc(attempt_item::Column::Position)
            .all(db)
            .await?;
        let papers = attempts
            .into_iter()
            .map(|a| PaperTaken {
                question_version_ids: items
                    .iter()
                    .filter(|i| i.attempt_id == a.id)
                    .map(|i| i.question_version_id)
                    .collect(),
                candidate_id: a.candidate_id,
                attempt_id: a.id,
                seed: a.seed,
                status: a.status,
            })
            .collect();
        Ok(SittingRecord {
            sitting_id: s.id,
            seats,
            incidents,
            recordings,
            papers,
            keep_until: deletable_from(shanghai_date(s.closes_at)).to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn ex_10_records_are_deletable_ten_years_after_the_sitting_day() {
        assert_eq!(deletable_from(date!(2026 - 12 - 07)), date!(2036 - 12 - 07));
        assert_eq!(deletable_from(date!(2028 - 02 - 29)), date!(2038 - 03 - 01));
    }
}
