//! Reading the audit log, scoped like everything else.

use crate::Directory;
use crate::access::{Purpose, Visibility};
use crate::entity::{api_client, membership, organization};
use crate::error::{DirectoryError, Result, noun};
use kernel::Actor;
use kernel::entity::audit_log;
use kernel::page::{Page, PageRequest};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait};
use serde::Serialize;
use time::OffsetDateTime;
use utoipa::ToSchema;
use uuid::Uuid;

/// One audit row.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AuditRecord {
    pub id: Uuid,
    /// Position in the keyed chain; null until the sequencer has chained the row (seconds).
    pub seq: Option<i64>,
    #[serde(with = "kernel::utc")]
    pub at: OffsetDateTime,
    pub actor_id: Uuid,
    pub action: String,
    pub object_type: String,
    pub object_id: String,
    pub organization_id: Option<Uuid>,
    #[schema(value_type = Object)]
    pub change: serde_json::Value,
    pub digest: String,
    /// The row's keyed link; null until chained.
    pub hash: Option<String>,
}

/// Audit filters.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub actor_id: Option<Uuid>,
    pub action: Option<String>,
    pub object_type: Option<String>,
    pub object_id: Option<String>,
    pub from: Option<OffsetDateTime>,
    pub to: Option<OffsetDateTime>,
}

impl Directory {
    /// Newest first. Non-platform admins see rows about organizations in their scope.
    pub async fn list_audit(
        &self,
        actor: &Actor,
        f: &AuditFilter,
        page: PageRequest,
    ) -> Result<Page<AuditRecord>> {
        let vis = Visibility::of(&self.db, actor, Purpose::ReadAudit).await?;
        if vis.is_empty() {
            return Err(DirectoryError::forbidden());
        }
        let mut q = audit_log::Entity::find();
        if !vis.all {
            let orgs = organization::Entity::find()
                .select_only()
                .column(organization::Column::Id)
                .filter(vis.org_condition())
                .into_query();
            q = q.filter(audit_log::Column::OrganizationId.in_subquery(orgs));
        }
        if let Some(a) = f.actor_id {
            q = q.filter(audit_log::Column::ActorId.eq(a));
        }
        if let Some(a) = f.action.as_deref().filter(|s| !s.is_empty()) {
            q = q.filter(audit_log::Column::Action.starts_with(a));
        }
        if let Some(t) = f.object_type.as_deref().filter(|s| !s.is_empty()) {
            q = q.filter(audit_log::Column::ObjectType.eq(t));
        }
        if let Some(o) = f.object_id.as_deref().filter(|s| !s.is_empty()) {
            q = q.filter(audit_log::Column::ObjectId.eq(o));
        }
        if let Some(from) = f.from {
            q = q.filter(audit_log::Column::At.gte(from));
        }
        if let Some(to) = f.to {
            q = q.filter(audit_log::Column::At.lt(to));
        }
        if let Some(before) = page.after {
            q = q.filter(audit_log::Column::Id.lt(before));
        }
        let rows = q
            .order_by_desc(audit_log::Column::Id)
            .limit(page.limit + 1)
            .all(&self.db)
            .await?;
        // A filter naming someone the caller cannot see is not found, as on every list —
        // asked only when nothing matched (rows about the caller's organizations may name an
        // actor from elsewhere, the platform administrator for one). `object_id` is a value
        // searched in the log, of any object type and also of deleted objects, not a
        // reference to something that must exist.
        if let Some(a) = f.actor_id
            && rows.is_empty()
            && !self.audited_actor(actor, &vis, a).await?
        {
            return Err(DirectoryError::not_found(noun::ACTOR));
        }
        Ok(
            Page::from_rows(rows, page.limit, |r| r.id).map(|r| AuditRecord {
                id: r.id,
                seq: r.seq,
                at: r.at,
                actor_id: r.actor_id,
                action: r.action,
                object_type: r.object_type,
                object_id: r.object_id,
                organization_id: r.organization_id,
                change: r.change,
                digest: r.digest,
                hash: r.hash,
            }),
        )
    }

    /// Whether `id` is the caller, a user with a membership in an organization the caller
    /// audits, or an API client of one.
    async fn audited_actor(&self, actor: &Actor, vis: &Visibility, id: Uuid) -> Result<bool> {
        if vis.all || actor.id() == id {
            return Ok(true);
        }
        let orgs = || {
            organization::Entity::find()
                .select_only()
                .column(organization::Column::Id)
                .filter(vis.org_condition())
                .into_query()
        };
        let member = membership::Entity::find()
            .filter(membership::Column::UserId.eq(id))
            .filter(membership::Column::OrganizationId.in_subquery(orgs()))
            .one(&self.db)
            .await?
            .is_some();
        let client = api_client::Entity::find_by_id(id)
            .filter(api_client::Column::OrganizationId.in_subquery(orgs()))
            .one(&self.db)
            .await?
            .is_some();
        Ok(member || client)
    }
}
