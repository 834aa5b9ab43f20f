//! CR-04's view of the sanctions registry: the blacklist of persons who gave false education or
//! student-status data, as `/blacklist` has always shown it. An entry is a sanction of kind
//! `blacklist` (rule CR-04, five years); it is kept by the association that listed it (its
//! staff and sub-centres see it), and the check that refuses registrations is the registry's
//! one question, [`Directory::active_sanction`], platform-wide on the keyed hash of the ID
//! number.

use crate::Directory;
use crate::entity::sanction;
use crate::error::{DirectoryError, Result};
use crate::model::{SanctionKind, SanctionRule};
use crate::service::persons::iso_date;
use crate::service::sanctions::{Door, Imposition, SanctionFilter, SanctionLiftIn, Subject};
use crate::service::validation;
use kernel::Actor;
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

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

/// A new listing: a known person, or a name and ID number not (yet) in the directory.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BlacklistIn {
    pub association_id: Uuid,
    #[serde(default)]
    pub person_id: Option<Uuid>,
    /// Required with `national_id`, at most 50 characters.
    #[serde(default)]
    #[validate(custom(function = "kernel::text::optional_text_50"))]
    pub name: Option<String>,
    #[serde(default)]
    pub national_id: Option<String>,
    /// e.g. 学历证书造假.
    #[validate(custom(function = "kernel::text::required_text_500"))]
    pub reason: String,
    /// Defaults to today (Asia/Shanghai).
    #[serde(default, with = "iso_date::option")]
    #[schema(value_type = Option<String>, format = Date)]
    pub listed_on: Option<Date>,
}

fn to_entry(m: sanction::Model, today: Date) -> BlacklistEntry {
    let status = if m.lifted_at.is_some() {
        BlacklistStatus::Lifted
    } else if today < m.starts_on {
        BlacklistStatus::Pending
    } else if today < m.ends_on {
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
        listed_on: m.starts_on,
        expires_on: m.ends_on,
        active: status == BlacklistStatus::Active,
        status,
        lifted_at: m.lifted_at,
        lift_reason: m.lift_reason,
    }
}

impl Directory {
    /// Lists a person (CR-04) for five years from `listed_on`. Association admins and staff
    /// list for their association; anyone else, and for another association, is refused (403).
    pub async fn add_to_blacklist(
        &self,
        actor: &Actor,
        input: BlacklistIn,
    ) -> Result<BlacklistEntry> {
        if !Self::manages_sanctions(&self.db, actor, input.association_id).await? {
            return Err(DirectoryError::forbidden());
        }
        input.validate().map_err(validation)?;
        let subject = match (input.person_id, input.national_id.as_deref()) {
            (Some(id), _) => Subject::Known(id),
            (None, Some(national_id)) => Subject::Unlisted {
                name: input.name.as_deref().unwrap_or(""),
                national_id,
            },
            (None, None) => {
                return Err(DirectoryError::field(
                    "/person_id",
                    "required",
                    "请指定人员或身份证号",
                    "name a person or an ID number",
                ));
            }
        };
        let row = self
            .record_sanction(
                actor,
                Imposition {
                    association_id: input.association_id,
                    subject,
                    rule: SanctionRule::Cr04,
                    course_id: None,
                    starts_on: input.listed_on,
                    reason: &input.reason,
                },
            )
            .await?;
        Ok(to_entry(row, self.clock.today_shanghai()))
    }

    /// The entries of the actor's associations (a sub-centre: its parent's), newest first. A
    /// role that reads no list is refused (403).
    pub async fn list_blacklist(&self, actor: &Actor) -> Result<Vec<BlacklistEntry>> {
        let only_listings = SanctionFilter {
            kind: Some(SanctionKind::Blacklist),
            ..SanctionFilter::default()
        };
        let today = self.clock.today_shanghai();
        Ok(self
            .sanctions_seen(actor, &only_listings)
            .await?
            .into_iter()
            .map(|m| to_entry(m, today))
            .collect())
    }

    /// Lifts a listing (CR-04): the entry stays on the list, marked lifted with the reason, and
    /// bars no registration any more. The roles that may list may lift; a role that only reads
    /// the list is refused (403), an entry the actor cannot see is not found (404). Lifting an
    /// entry already lifted is a conflict (409, `blacklist_lifted`).
    pub async fn lift_blacklist_entry(
        &self,
        actor: &Actor,
        id: Uuid,
        input: SanctionLiftIn,
    ) -> Result<BlacklistEntry> {
        let row = self.lift(actor, id, &input, Door::Blacklist).await?;
        Ok(to_entry(row, self.clock.today_shanghai()))
    }
}
