//! CR-04: the blacklist of persons who gave false education or student-status data. An entry
//! is kept by the association that listed it (its staff and sub-centres see it); the check that
//! refuses registrations is platform-wide and works on the keyed hash of the ID number, so no
//! domain has to decrypt anything to ask.

use crate::Directory;
use crate::entity::{blacklist_entry, person};
use crate::error::{DirectoryError, Result, noun};
use crate::model::NationalId;
use crate::service::persons::iso_date;
use kernel::audit::AuditEntry;
use kernel::clock::shanghai_date;
use kernel::db::begin_write;
use kernel::refusal::FoundAt;
use kernel::{Actor, Role, RuleViolation};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use time::{Date, OffsetDateTime};
use utoipa::ToSchema;
use uuid::Uuid;

/// CR-04: how long a listing bars registrations.
pub const BLACKLIST_YEARS: i32 = 5;

/// A blacklist entry as shown to the association (the ID number masked).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BlacklistEntry {
    pub id: Uuid,
    pub association_id: Uuid,
    pub person_id: Option<Uuid>,
    pub name: String,
    pub national_id_masked: String,
    pub reason: String,
    #[serde(with = "iso_date")]
    #[schema(value_type = String, format = Date)]
    pub listed_on: Date,
    /// The first day registrations are accepted again.
    #[serde(with = "iso_date")]
    #[schema(value_type = String, format = Date)]
    pub expires_on: Date,
    pub active: bool,
    /// Where the listing stands today: `active` bars registrations, the others do not.
    pub status: BlacklistStatus,
    /// When the listing was lifted (CR-04), if it was.
    #[serde(with = "kernel::utc::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub lifted_at: Option<OffsetDateTime>,
    /// Why it was lifted.
    pub lift_reason: Option<String>,
}

/// Where a listing stands on a given day (Asia/Shanghai).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum BlacklistStatus {
    /// Listed with a date still to come.
    Pending,
    /// Bars registrations (CR-04).
    Active,
    /// The five years are over.
    Expired,
    /// Lifted before it expired; bars nothing.
    Lifted,
}

/// Lifting a listing: why (1–500 characters).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BlacklistLiftIn {
    /// e.g. 经复核学历证书属实,撤销列入.
    pub reason: String,
}

/// A new listing: a known person, or a name and ID number not (yet) in the directory.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BlacklistIn {
    pub association_id: Uuid,
    #[serde(default)]
    pub person_id: Option<Uuid>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub national_id: Option<String>,
    /// e.g. 学历证书造假.
    pub reason: String,
    /// Defaults to today (Asia/Shanghai).
    #[serde(default, with = "iso_date::option")]
    #[schema(value_type = Option<String>, format = Date)]
    pub listed_on: Option<Date>,
}

/// The day a listing made on `listed_on` stops barring registrations. A listing on 29 February
/// ends on 1 March.
pub fn expiry(listed_on: Date) -> Date {
    let year = listed_on.year() + BLACKLIST_YEARS;
    Date::from_calendar_date(year, listed_on.month(), listed_on.day()).unwrap_or_else(|_| {
        Date::from_calendar_date(year, time::Month::March, 1).unwrap_or(listed_on)
    })
}

fn to_entry(m: blacklist_entry::Model, today: Date) -> BlacklistEntry {
    let status = if m.lifted_at.is_some() {
        BlacklistStatus::Lifted
    } else if today < m.listed_on {
        BlacklistStatus::Pending
    } else if today < m.expires_on {
        BlacklistStatus::Active
    } else {
        BlacklistStatus::Expired
    };
    BlacklistEntry {
        id: m.id,
        association_id: m.association_id,
        person_id: m.person_id,
        name: m.name,
        national_id_masked: m.national_id_masked,
        reason: m.reason,
        listed_on: m.listed_on,
        expires_on: m.expires_on,
        active: status == BlacklistStatus::Active,
        status,
        lifted_at: m.lifted_at,
        lift_reason: m.lift_reason,
    }
}

/// A listing's or a lifting's reason, trimmed: 1–500 characters.
fn reason(raw: &str) -> Result<&str> {
    let reason = raw.trim();
    if reason.is_empty() || reason.chars().count() > 500 {
        return Err(DirectoryError::invalid(vec![kernel::FieldError::new(
            "/reason",
            "length",
            "请填写原因(不超过500字)",
            "give a reason (at most 500 characters)",
        )]));
    }
    Ok(reason)
}

impl Directory {
    fn keeps_blacklist(actor: &Actor, association: Uuid) -> bool {
        actor.is_platform_admin()
            || actor.has_role_in(association, Role::AssociationAdmin)
            || actor.has_role_in(association, Role::AssociationStaff)
    }

    /// Lists a person (CR-04). Association admins and staff list for their association.
    pub async fn add_to_blacklist(
        &self,
        actor: &Actor,
        input: BlacklistIn,
    ) -> Result<BlacklistEntry> {
        if !Self::keeps_blacklist(actor, input.association_id) {
            return Err(DirectoryError::forbidden());
        }
        let reason = reason(&input.reason)?;
        let txn = begin_write(&self.db).await?;
        let (person_id, name, hash, masked) = match (&input.person_id, &input.national_id) {
            (Some(pid), _) => {
                let p = person::Entity::find_by_id(*pid)
                    .one(&txn)
                    .await?
                    .or_not_found_at("/person_id", "无此人员", "no such person")?;
                (Some(p.id), p.name, p.national_id_hash, p.national_id_masked)
            }
            (None, Some(raw)) => {
                let id = NationalId::parse(raw).map_err(|e| {
                    DirectoryError::invalid(vec![kernel::FieldError::new(
                        "/national_id",
                        e.code(),
                        "身份证号无效",
                        "the ID number is not valid",
                    )])
                })?;
                let name = input.name.as_deref().unwrap_or("").trim().to_owned();
                if name.is_empty() || name.chars().count() > 50 {
                    return Err(DirectoryError::invalid(vec![kernel::FieldError::new(
                        "/name",
                        "required",
                        "请填写姓名",
                        "give the name",
                    )]));
                }
                (
                    None,
                    name,
                    self.cipher.blind_index(id.expose()),
                    id.masked(),
                )
            }
            (None, None) => {
                return Err(DirectoryError::invalid(vec![kernel::FieldError::new(
                    "/person_id",
                    "required",
                    "请指定人员或身份证号",
                    "name a person or an ID number",
                )]));
            }
        };
        let now = self.clock.now();
        let listed_on = input.listed_on.unwrap_or_else(|| shanghai_date(now));
        let row = blacklist_entry::ActiveModel {
            id: Set(Uuid::now_v7()),
            association_id: Set(input.association_id),
            person_id: Set(person_id),
            name: Set(name),
            national_id_hash: Set(hash),
            national_id_masked: Set(masked),
            reason: Set(reason.to_owned()),
            listed_on: Set(listed_on),
            expires_on: Set(expiry(listed_on)),
            lifted_at: Set(None),
            lift_reason: Set(None),
            lifted_by: Set(None),
            created_by: Set(actor.id()),
            created_at: Set(now),
        }
        .insert(&txn)
        .await?;
        AuditEntry::new("blacklist.add", "blacklist_entry", row.id)
            .in_org(row.association_id)
            .change(json!({"person_id": row.person_id, "listed_on": row.listed_on.to_string(), "expires_on": row.expires_on.to_string()}))
            .record(&txn, actor, now)
            .await?;
        txn.commit().await?;
        Ok(to_entry(row, self.clock.today_shanghai()))
    }

    /// The associations whose list a (non-platform) actor reads: its own as association admin
    /// or staff, and a sub-centre's parent association (CR-04: shared by all sub-centres).
    async fn blacklist_readable<C: ConnectionTrait>(conn: &C, actor: &Actor) -> Result<Vec<Uuid>> {
        let assocs = actor.orgs_with_any(&[
            Role::AssociationAdmin,
            Role::AssociationStaff,
            Role::SubcentreAdmin,
        ]);
        let parents = crate::entity::organization::Entity::find()
            .filter(crate::entity::organization::Column::Id.is_in(assocs.clone()))
            .all(conn)
            .await?
            .into_iter()
            .filter_map(|o| o.association_id);
        Ok(assocs.into_iter().chain(parents).collect())
    }

    /// The entries of the actor's associations, newest first.
    pub async fn list_blacklist(&self, actor: &Actor) -> Result<Vec<BlacklistEntry>> {
        let mut q = blacklist_entry::Entity::find();
        if !actor.is_platform_admin() {
            let all = Self::blacklist_readable(&self.db, actor).await?;
            if all.is_empty() {
                return Err(DirectoryError::forbidden());
            }
            q = q.filter(blacklist_entry::Column::AssociationId.is_in(all));
        }
        let today = self.clock.today_shanghai();
        Ok(q.order_by_desc(blacklist_entry::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|m| to_entry(m, today))
            .collect())
    }

    /// Lifts a listing (CR-04): the entry stays on the list, marked lifted with the reason, and
    /// bars no registration any more. The roles that may list may lift; a role that only reads
    /// the list is refused (403), an entry the actor cannot see is not found (404). Lifting an
    /// entry already lifted is a conflict (409).
    pub async fn lift_blacklist_entry(
        &self,
        actor: &Actor,
        id: Uuid,
        input: BlacklistLiftIn,
    ) -> Result<BlacklistEntry> {
        let txn = begin_write(&self.db).await?;
        let entry = blacklist_entry::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or(DirectoryError::not_found(noun::BLACKLIST_ENTRY))?;
        if !actor.is_platform_admin()
            && !Self::blacklist_readable(&txn, actor)
                .await?
                .contains(&entry.association_id)
        {
            return Err(DirectoryError::not_found(noun::BLACKLIST_ENTRY));
        }
        if !Self::keeps_blacklist(actor, entry.association_id) {
            return Err(DirectoryError::forbidden());
        }
        let reason = reason(&input.reason)?;
        let now = self.clock.now();
        // Conditional on `lifted_at IS NULL`, so that of two concurrent liftings one wins.
        let res = blacklist_entry::Entity::update_many()
            .col_expr(blacklist_entry::Column::LiftedAt, Expr::value(now))
            .col_expr(blacklist_entry::Column::LiftReason, Expr::value(reason))
            .col_expr(blacklist_entry::Column::LiftedBy, Expr::value(actor.id()))
            .filter(blacklist_entry::Column::Id.eq(entry.id))
            .filter(blacklist_entry::Column::LiftedAt.is_null())
            .exec(&txn)
            .await?;
        if res.rows_affected != 1 {
            return Err(DirectoryError::conflict(
                "blacklist_lifted",
                "该黑名单记录已解除",
                "this listing was already lifted",
            ));
        }
        AuditEntry::new("blacklist.lift", "blacklist_entry", entry.id)
            .in_org(entry.association_id)
            .change(json!({"person_id": entry.person_id, "reason": reason, "lifted_at": now.format(&time::format_description::well_known::Rfc3339).ok()}))
            .record(&txn, actor, now)
            .await?;
        let row = blacklist_entry::Entity::find_by_id(entry.id)
            .one(&txn)
            .await?
            .ok_or(DirectoryError::not_found(noun::BLACKLIST_ENTRY))?;
        txn.commit().await?;
        Ok(to_entry(row, self.clock.today_shanghai()))
    }

    /// CR-04: refuses when the person (by their ID number's keyed hash, as stored on the person
    /// the caller has already loaded) is on an active listing anywhere on the platform on the
    /// Asia/Shanghai date of `now`. The domains call this before accepting a registration.
    pub async fn refuse_if_blacklisted<C: ConnectionTrait>(
        conn: &C,
        national_id_hash: &str,
        now: OffsetDateTime,
    ) -> Result<()> {
        let today = shanghai_date(now);
        let hit = blacklist_entry::Entity::find()
            .filter(blacklist_entry::Column::NationalIdHash.eq(national_id_hash))
            .filter(blacklist_entry::Column::LiftedAt.is_null())
            .filter(blacklist_entry::Column::ListedOn.lte(today))
            .filter(blacklist_entry::Column::ExpiresOn.gt(today))
            .one(conn)
            .await?;
        match hit {
            Some(e) => Err(RuleViolation::new(
                "CR-04",
                format!(
                    "该人员因提供虚假学历或学籍信息被列入黑名单,{}前不予受理报名",
                    e.expires_on
                ),
                format!(
                    "the person is blacklisted for false education or student-status data; no registration before {}",
                    e.expires_on
                ),
            )
            .into()),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn cr_04_a_listing_bars_for_five_years() {
        assert_eq!(expiry(date!(2021 - 11 - 22)), date!(2026 - 11 - 22));
        assert_eq!(expiry(date!(2024 - 02 - 29)), date!(2029 - 03 - 01));
    }
}
