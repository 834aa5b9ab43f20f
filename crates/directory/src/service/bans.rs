//! Sanctions another domain's rule imposes as a consequence (EX-04 impersonation, EX-05
//! serious disorder, recorded by a proctor at an exam sitting): written into the one sanctions
//! registry inside the caller's transaction, so the incident and its ban stand or fall
//! together. The caller has decided the rule applies; the association lifts such a sanction
//! like any other (`POST /sanctions/{id}/lifting`).

use crate::Directory;
use crate::entity::{person, sanction};
use crate::error::{DirectoryError, Result, noun};
use crate::model::SanctionRule;
use crate::service::sanctions::sanction_end;
use kernel::Actor;
use kernel::audit::AuditEntry;
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, Set};
use serde_json::json;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

/// A ban a rule imposes.
#[derive(Debug, Clone)]
pub struct RuleBan {
    pub person_id: Uuid,
    pub association_id: Uuid,
    pub rule: SanctionRule,
    /// The programme (course) an EX-04 ban bars.
    pub course_id: Option<Uuid>,
    pub starts_on: Date,
    pub reason: String,
}

impl Directory {
    /// Records `ban` in the registry with its audit row; returns the sanction's id.
    pub async fn impose_by_rule<C: ConnectionTrait>(
        conn: &C,
        actor: &Actor,
        ban: RuleBan,
        now: OffsetDateTime,
    ) -> Result<Uuid> {
        let p = person::Entity::find_by_id(ban.person_id)
            .one(conn)
            .await?
            .ok_or(DirectoryError::not_found(noun::PERSON))?;
        let row = sanction::ActiveModel {
            id: Set(Uuid::now_v7()),
            person_id: Set(Some(p.id)),
            name: Set(p.name),
            national_id_hash: Set(p.national_id_hash),
            national_id_masked: Set(p.national_id_masked),
            association_id: Set(ban.association_id),
            kind: Set(ban.rule.kind()),
            course_id: Set(ban.course_id),
            starts_on: Set(ban.starts_on),
            ends_on: Set(sanction_end(ban.rule, ban.starts_on)),
            rule: Set(ban.rule),
            reason: Set(ban.reason),
            recorded_by: Set(actor.id()),
            recorded_at: Set(now),
            lifted_at: Set(None),
            lifted_by: Set(None),
            lift_reason: Set(None),
            version: Set(1),
        }
        .insert(conn)
        .await?;
        let (object, imposed, _) = row.kind.audit();
        AuditEntry::new(imposed, object, row.id)
            .in_org(row.association_id)
            .change(json!({
                "person_id": row.person_id, "rule": row.rule.as_str(), "kind": row.kind.as_str(),
                "course_id": row.course_id, "starts_on": row.starts_on.to_string(),
                "ends_on": row.ends_on.to_string(),
            }))
            .record(conn, actor, now)
            .await?;
        Ok(row.id)
    }
}
