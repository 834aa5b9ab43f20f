//! Reading the audit log, scoped like everything else.

use crate::Directory;
use crate::access::{Purpose, Visibility};
use crate::entity::{api_client, membership, organization, person, user};
use crate::error::{DirectoryError, Result, noun};
use kernel::Actor;
use kernel::db::names_by_id;
use kernel::entity::audit_log;
use kernel::page::{Page, PageRequest, total_of};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::{IntoParams, ToSchema};
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
    /// The actor's name as it reads now (a user's display name, an API client's name); null
    /// when the actor is gone.
    pub actor_name: Option<String>,
    pub action: String,
    pub object_type: String,
    pub object_id: String,
    /// The object's name as it reads now (a person's, an organization's, a class's …); null
    /// when the object is gone or has no name of its own.
    pub object_name: Option<String>,
    pub organization_id: Option<Uuid>,
    #[schema(value_type = Object)]
    pub change: serde_json::Value,
    pub digest: String,
    /// The row's keyed link; null until chained.
    pub hash: Option<String>,
}

/// Filters of the audit log (`GET /audit`).
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AuditFilter {
    pub actor_id: Option<Uuid>,
    /// Action prefix, e.g. `person.` or `auth.login`.
    pub action: Option<String>,
    pub object_type: Option<String>,
    pub object_id: Option<String>,
    /// RFC 3339, inclusive.
    #[serde(default, with = "time::serde::rfc3339::option")]
    #[param(value_type = Option<String>, format = DateTime)]
    pub from: Option<OffsetDateTime>,
    /// RFC 3339, exclusive.
    #[serde(default, with = "time::serde::rfc3339::option")]
    #[param(value_type = Option<String>, format = DateTime)]
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
        let total = total_of(q.as_query(), page, &self.db).await?;
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
        let mut page = Page::from_rows(rows, page.limit, |r| r.id)
            .with_total(total)
            .map(|r| AuditRecord {
                id: r.id,
                seq: r.seq,
                at: r.at,
                actor_id: r.actor_id,
                actor_name: None,
                action: r.action,
                object_type: r.object_type,
                object_id: r.object_id,
                object_name: None,
                organization_id: r.organization_id,
                change: r.change,
                digest: r.digest,
                hash: r.hash,
            });
        self.name_audited(&mut page.items).await?;
        Ok(page)
    }

    /// Fills the actors' names and the names of the directory's objects (users, persons,
    /// organizations, API clients, logins), so that a reader of the log sees who did what to
    /// whom without looking each one up; other domains name their own objects.
    async fn name_audited(&self, rows: &mut [AuditRecord]) -> Result<()> {
        let objects = |kind: &str| {
            rows.iter()
                .filter(|r| r.object_type == kind)
                .filter_map(|r| r.object_id.parse::<Uuid>().ok())
                .collect::<Vec<_>>()
        };
        let mut people: Vec<Uuid> = rows.iter().map(|r| r.actor_id).collect();
        people.extend(objects("user"));
        let mut clients: Vec<Uuid> = rows.iter().map(|r| r.actor_id).collect();
        clients.extend(objects("api_client"));
        let users = names_by_id::<user::Entity, _>(
            &self.db,
            user::Column::Id,
            user::Column::DisplayName,
            people,
        )
        .await?;
        let clients = names_by_id::<api_client::Entity, _>(
            &self.db,
            api_client::Column::Id,
            api_client::Column::Name,
            clients,
        )
        .await?;
        let persons = names_by_id::<person::Entity, _>(
            &self.db,
            person::Column::Id,
            person::Column::Name,
            objects("person"),
        )
        .await?;
        let orgs = names_by_id::<organization::Entity, _>(
            &self.db,
            organization::Column::Id,
            organization::Column::Name,
            objects("organization"),
        )
        .await?;
        for r in rows.iter_mut() {
            r.actor_name = users
                .get(&r.actor_id)
                .or_else(|| clients.get(&r.actor_id))
                .cloned();
            let id = r.object_id.parse::<Uuid>().ok();
            let named = |names: &std::collections::HashMap<Uuid, String>| {
                id.and_then(|i| names.get(&i)).cloned()
            };
            r.object_name = match r.object_type.as_str() {
                "user" => named(&users),
                "api_client" => named(&clients),
                "person" => named(&persons),
                "organization" => named(&orgs),
                "login" => Some(r.object_id.clone()),
                _ => r.object_name.take(),
            };
        }
        Ok(())
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
