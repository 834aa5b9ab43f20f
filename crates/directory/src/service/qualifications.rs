//! Qualifications on record (EX-08; later PL-05 and certification): the certificates and
//! letters a person holds — an evaluator's certificate, the signed commitment letter, an
//! inspector's certificate — each valid from `valid_from` to `valid_until`, **both days
//! included** (a certificate printed "有效期至 2027年6月30日" counts on 30 June), until revoked.
//! Who manages the person's organization records and revokes them, and so does the association
//! it belongs to ([`Purpose::ManageQualifications`]). The exams ask
//! [`Directory::qualification_valid_on`] before assigning an evaluator.

use crate::Directory;
use crate::access::Purpose;
use crate::entity::qualification;
use crate::error::{DirectoryError, Result, noun};
use crate::model::QualificationKind;
use crate::service::persons::iso_date;
use crate::service::validation;
use kernel::audit::AuditEntry;
use kernel::db::begin_write;
use kernel::{Actor, FieldError};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde::{Deserialize, Serialize};
use serde_json::json;
use time::{Date, OffsetDateTime};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

/// A qualification as its person's organization and association read it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Qualification {
    pub id: Uuid,
    pub person_id: Uuid,
    pub kind: QualificationKind,
    /// The number printed on it.
    pub number: String,
    pub issuer: String,
    /// The first valid day.
    #[serde(with = "iso_date")]
    #[schema(value_type = String, format = Date)]
    pub valid_from: Date,
    /// The last valid day, inclusive.
    #[serde(with = "iso_date")]
    #[schema(value_type = String, format = Date)]
    pub valid_until: Date,
    /// The scanned document in the file store, if one was named.
    pub document_file_id: Option<Uuid>,
    /// True when it counts today (Asia/Shanghai): not revoked, `valid_from` ≤ today ≤
    /// `valid_until`.
    pub valid_today: bool,
    pub recorded_by: Uuid,
    #[serde(with = "kernel::utc")]
    #[schema(value_type = String, format = DateTime)]
    pub recorded_at: OffsetDateTime,
    #[serde(with = "kernel::utc::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub revoked_at: Option<OffsetDateTime>,
    pub revoked_by: Option<Uuid>,
    pub revoke_reason: Option<String>,
}

/// A qualification to record.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct QualificationIn {
    pub kind: QualificationKind,
    /// The number printed on it, e.g. 考评员证 JL-2026-0137 (1–50 characters).
    #[validate(custom(function = "kernel::text::required_text_50"))]
    pub number: String,
    /// Who issued it, e.g. 中国计量测试学会 (1–100 characters).
    #[validate(custom(function = "kernel::text::required_text_100"))]
    pub issuer: String,
    /// The first valid day.
    #[serde(with = "iso_date")]
    #[schema(value_type = String, format = Date)]
    pub valid_from: Date,
    /// The last valid day, inclusive; not before `valid_from`.
    #[serde(with = "iso_date")]
    #[schema(value_type = String, format = Date)]
    pub valid_until: Date,
    /// The scanned document in the file store.
    #[serde(default)]
    pub document_file_id: Option<Uuid>,
}

/// Revoking a qualification: why (1–500 characters).
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct QualificationRevocationIn {
    /// e.g. 证书已被发证机关注销.
    #[validate(custom(function = "kernel::text::required_text_500"))]
    pub reason: String,
}

/// True when `m` counts on `day`: not revoked, `valid_from ≤ day ≤ valid_until`.
fn valid_on(m: &qualification::Model, day: Date) -> bool {
    m.revoked_at.is_none() && m.valid_from <= day && day <= m.valid_until
}

/// The row as read, every column named (a new column must be placed here or left out on
/// purpose).
fn to_qualification(m: qualification::Model, today: Date) -> Qualification {
    let valid_today = valid_on(&m, today);
    let qualification::Model {
        id,
        person_id,
        kind,
        number,
        issuer,
        valid_from,
        valid_until,
        document_file_id,
        recorded_by,
        recorded_at,
        revoked_at,
        revoked_by,
        revoke_reason,
    } = m;
    Qualification {
        id,
        person_id,
        kind,
        number,
        issuer,
        valid_from,
        valid_until,
        document_file_id,
        valid_today,
        recorded_by,
        recorded_at,
        revoked_at,
        revoked_by,
        revoke_reason,
    }
}

/// Every field error of `input` in one 422: the text checks, and a validity that ends before
/// it begins.
fn checked(input: &QualificationIn) -> Result<()> {
    let mut errors = match input.validate() {
        Ok(()) => vec![],
        Err(e) => FieldError::from_validation(&e),
    };
    if input.valid_until < input.valid_from {
        errors.push(FieldError::new(
            "/valid_until",
            "before_valid_from",
            "有效期截止日不得早于起始日",
            "the last valid day is before the first",
        ));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(DirectoryError::invalid(errors))
    }
}

impl Directory {
    /// The person's qualifications, newest first. A person the actor does not read is not
    /// found (404); one it reads without [`Purpose::ReadQualifications`] there is forbidden
    /// (403).
    pub async fn list_qualifications(
        &self,
        actor: &Actor,
        person_id: Uuid,
    ) -> Result<Vec<Qualification>> {
        let p = self
            .person_for(&self.db, actor, person_id, Purpose::ReadQualifications)
            .await?;
        let today = self.clock.today_shanghai();
        Ok(qualification::Entity::find()
            .filter(qualification::Column::PersonId.eq(p.id))
            .order_by_desc(qualification::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|m| to_qualification(m, today))
            .collect())
    }

    /// Records a qualification of the person (audited). 404 and 403 as for the list; bad input
    /// is 422, a last valid day before the first included.
    pub async fn record_qualification(
        &self,
        actor: &Actor,
        person_id: Uuid,
        input: QualificationIn,
    ) -> Result<Qualification> {
        let txn = begin_write(&self.db).await?;
        let p = self
            .person_for(&txn, actor, person_id, Purpose::ManageQualifications)
            .await?;
        checked(&input)?;
        let now = self.clock.now();
        let row = qualification::ActiveModel {
            id: Set(Uuid::now_v7()),
            person_id: Set(p.id),
            kind: Set(input.kind),
            number: Set(input.number.trim().to_owned()),
            issuer: Set(input.issuer.trim().to_owned()),
            valid_from: Set(input.valid_from),
            valid_until: Set(input.valid_until),
            document_file_id: Set(input.document_file_id),
            recorded_by: Set(actor.id()),
            recorded_at: Set(now),
            revoked_at: Set(None),
            revoked_by: Set(None),
            revoke_reason: Set(None),
        }
        .insert(&txn)
        .await?;
        AuditEntry::new("qualification.record", "qualification", row.id)
            .in_org(p.employer_id)
            .change(json!({
                "person_id": row.person_id, "kind": row.kind.as_str(), "number": row.number,
                "issuer": row.issuer, "valid_from": row.valid_from.to_string(),
                "valid_until": row.valid_until.to_string(),
                "document_file_id": row.document_file_id,
            }))
            .record(&txn, actor, now)
            .await?;
        txn.commit().await?;
        Ok(to_qualification(row, self.clock.today_shanghai()))
    }

    /// Revokes a qualification with a reason (audited): it stays on record and counts on no day
    /// any more. One whose person the actor does not read is not found (404); without
    /// [`Purpose::ManageQualifications`] there, forbidden (403); revoking it again is a
    /// conflict (409, `qualification_revoked`).
    pub async fn revoke_qualification(
        &self,
        actor: &Actor,
        id: Uuid,
        input: QualificationRevocationIn,
    ) -> Result<Qualification> {
        let txn = begin_write(&self.db).await?;
        let q = qualification::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or(DirectoryError::not_found(noun::QUALIFICATION))?;
        let p = self
            .person_for(&txn, actor, q.person_id, Purpose::ManageQualifications)
            .await
            .map_err(|e| match e {
                DirectoryError::Refused(kernel::Refusal::NotFound(_)) => {
                    DirectoryError::not_found(noun::QUALIFICATION)
                }
                other => other,
            })?;
        input.validate().map_err(validation)?;
        let reason = input.reason.trim();
        let now = self.clock.now();
        // Conditional on `revoked_at IS NULL`, so that of two revocations one wins.
        let res = qualification::Entity::update_many()
            .col_expr(qualification::Column::RevokedAt, Expr::value(now))
            .col_expr(qualification::Column::RevokedBy, Expr::value(actor.id()))
            .col_expr(qualification::Column::RevokeReason, Expr::value(reason))
            .filter(qualification::Column::Id.eq(q.id))
            .filter(qualification::Column::RevokedAt.is_null())
            .exec(&txn)
            .await?;
        if res.rows_affected != 1 {
            return Err(DirectoryError::conflict(
                "qualification_revoked",
                "该资格证书已撤销",
                "this qualification was already revoked",
            ));
        }
        AuditEntry::new("qualification.revoke", "qualification", q.id)
            .in_org(p.employer_id)
            .change(json!({"person_id": q.person_id, "kind": q.kind.as_str(), "reason": reason}))
            .record(&txn, actor, now)
            .await?;
        let row = qualification::Entity::find_by_id(q.id)
            .one(&txn)
            .await?
            .ok_or(DirectoryError::not_found(noun::QUALIFICATION))?;
        txn.commit().await?;
        Ok(to_qualification(row, self.clock.today_shanghai()))
    }

    /// EX-08's question: true when the person holds an unrevoked qualification of `kind` that
    /// covers `day` — `valid_from ≤ day ≤ valid_until`, both ends included (`valid_until` is
    /// the last valid day). Asked by the exams before assigning an evaluator (an evaluator's
    /// certificate and a commitment letter valid on the exam day), later by placements (PL-05).
    pub async fn qualification_valid_on(
        &self,
        person_id: Uuid,
        kind: QualificationKind,
        day: time::Date,
    ) -> Result<bool, DirectoryError> {
        // A person holds a handful of each kind: read them and ask the one rule, `valid_on`.
        Ok(qualification::Entity::find()
            .filter(qualification::Column::PersonId.eq(person_id))
            .filter(qualification::Column::Kind.eq(kind))
            .all(&self.db)
            .await?
            .iter()
            .any(|q| valid_on(q, day)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    fn certificate(valid_until: Date) -> qualification::Model {
        qualification::Model {
            id: Uuid::nil(),
            person_id: Uuid::nil(),
            kind: QualificationKind::EvaluatorCertificate,
            number: "JL-2026-0137".into(),
            issuer: "中国计量测试学会".into(),
            valid_from: date!(2024 - 07 - 01),
            valid_until,
            document_file_id: None,
            recorded_by: Uuid::nil(),
            recorded_at: datetime!(2026-01-01 0:00 UTC),
            revoked_at: None,
            revoked_by: None,
            revoke_reason: None,
        }
    }

    #[test]
    fn ex_08_valid_until_is_the_last_valid_day_and_valid_from_the_first() {
        let c = certificate(date!(2027 - 06 - 30));
        assert!(valid_on(&c, date!(2027 - 06 - 30)));
        assert!(!valid_on(&c, date!(2027 - 07 - 01)));
        assert!(valid_on(&c, date!(2024 - 07 - 01)));
        assert!(!valid_on(&c, date!(2024 - 06 - 30)));
        let revoked = qualification::Model {
            revoked_at: Some(datetime!(2026-01-02 0:00 UTC)),
            ..c
        };
        assert!(!valid_on(&revoked, date!(2026 - 06 - 30)));
    }
}
