//! Organizations: associations and the bodies that belong to them, regulators by region.

use super::{Fields, check_version, validation};
use crate::Directory;
use crate::access::{Purpose, Visibility};
use crate::entity::organization;
use crate::error::{DirectoryError, Result, noun};
use crate::model::{CreditCode, OrgKind, OrgStatus};
use kernel::audit::AuditEntry;
use kernel::db::{VersionedUpdate, begin_write, is_unique_violation};
use kernel::page::{Page, PageRequest, total_of};
use kernel::{Actor, Role};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, QueryTrait, Set, TransactionTrait,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use time::OffsetDateTime;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

/// An organization as every client sees it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Organization {
    pub id: Uuid,
    pub kind: OrgKind,
    pub name: String,
    /// Unified social credit code (统一社会信用代码).
    pub credit_code: String,
    /// GB/T 2260 region code.
    pub region_code: String,
    pub region_name: Option<String>,
    /// The association it is a member of.
    pub association_id: Option<Uuid>,
    pub status: OrgStatus,
    pub version: i32,
    #[serde(with = "kernel::utc")]
    pub created_at: OffsetDateTime,
}

impl From<organization::Model> for Organization {
    fn from(m: organization::Model) -> Self {
        Organization {
            id: m.id,
            kind: m.kind,
            region_name: kernel::region::name(&m.region_code).map(str::to_owned),
            name: m.name,
            credit_code: m.credit_code,
            region_code: m.region_code,
            association_id: m.association_id,
            status: m.status,
            version: m.version,
            created_at: m.created_at,
        }
    }
}

/// A new organization.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrganizationIn {
    pub kind: OrgKind,
    #[validate(length(min = 2, max = 100))]
    pub name: String,
    pub credit_code: String,
    pub region_code: String,
    #[serde(default)]
    pub association_id: Option<Uuid>,
}

/// Changes to an organization; absent fields stay as they are.
#[derive(Debug, Clone, Default, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrganizationPatch {
    #[validate(length(min = 2, max = 100))]
    pub name: Option<String>,
    pub region_code: Option<String>,
    pub status: Option<OrgStatus>,
}

/// Filters of the organization list (`GET /organizations`).
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct OrganizationFilter {
    pub kind: Option<OrgKind>,
    /// Name contains.
    pub q: Option<String>,
    pub association_id: Option<Uuid>,
}

fn check_region(f: &mut Fields, pointer: &str, code: &str) {
    if kernel::region::level(code).is_none() {
        f.push(
            pointer,
            "region",
            "不是有效的行政区划代码(GB/T 2260)",
            "not a GB/T 2260 region code",
        );
    }
}

impl Directory {
    /// Lists the organizations the actor can see.
    pub async fn list_organizations(
        &self,
        actor: &Actor,
        filter: &OrganizationFilter,
        page: PageRequest,
    ) -> Result<Page<Organization>> {
        let vis = Visibility::of(&self.db, actor, Purpose::ReadOrganizations).await?;
        let mut q = organization::Entity::find().filter(vis.org_condition());
        if let Some(k) = filter.kind {
            q = q.filter(organization::Column::Kind.eq(k));
        }
        if let Some(a) = filter.association_id {
            q = q.filter(organization::Column::AssociationId.eq(a));
        }
        if let Some(text) = filter.q.as_deref().filter(|s| !s.is_empty()) {
            q = q.filter(organization::Column::Name.contains(text));
        }
        let total = total_of(q.as_query(), page, &self.db).await?;
        if let Some(after) = page.after {
            q = q.filter(organization::Column::Id.gt(after));
        }
        let rows = q
            .order_by_asc(organization::Column::Id)
            .limit(page.limit + 1)
            .all(&self.db)
            .await?;
        // An association the caller cannot see is not found, as on every list (asked only
        // when nothing matched).
        if let Some(a) = filter.association_id
            && rows.is_empty()
        {
            self.visible_org(&self.db, &vis, a).await?;
        }
        Ok(Page::from_rows(rows, page.limit, |r| r.id)
            .with_total(total)
            .map(Organization::from))
    }

    /// One organization, if visible to the actor.
    pub async fn get_organization(&self, actor: &Actor, id: Uuid) -> Result<Organization> {
        let vis = Visibility::of(&self.db, actor, Purpose::ReadOrganizations).await?;
        self.visible_org(&self.db, &vis, id)
            .await
            .map(Organization::from)
    }

    pub(crate) async fn visible_org<C: ConnectionTrait>(
        &self,
        conn: &C,
        vis: &Visibility,
        id: Uuid,
    ) -> Result<organization::Model> {
        organization::Entity::find_by_id(id)
            .one(conn)
            .await?
            .filter(|o| vis.covers(o))
            .ok_or(DirectoryError::not_found(noun::ORGANIZATION))
    }

    /// Creates an organization. Platform admins create any kind; an association admin creates
    /// member organizations of its own association (never associations or regulators).
    pub async fn create_organization(
        &self,
        actor: &Actor,
        input: OrganizationIn,
    ) -> Result<Organization> {
        input.validate().map_err(validation)?;
        let mut f = Fields::default();
        let code = CreditCode::parse(&input.credit_code);
        if let Err(e) = &code {
            f.push(
                "/credit_code",
                e.code(),
                "不是有效的统一社会信用代码(GB 32100)",
                "not a valid unified social credit code (GB 32100)",
            );
        }
        check_region(&mut f, "/region_code", &input.region_code);
        f.finish()?;
        let code = code.map_err(|_| DirectoryError::forbidden())?;

        let txn = begin_write(&self.db).await?;
        let association_id = if actor.is_platform_admin() {
            input.association_id
        } else {
            let mine = actor.orgs_with_any(&[Role::AssociationAdmin]);
            if mine.is_empty() || matches!(input.kind, OrgKind::Association | OrgKind::Regulator) {
                return Err(DirectoryError::forbidden());
            }
            match input.association_id {
                Some(a) if mine.contains(&a) => Some(a),
                None if mine.len() == 1 => Some(mine[0]),
                _ => {
                    return Err(DirectoryError::field(
                        "/association_id",
                        "scope",
                        "只能添加本协会的会员单位",
                        "you can only add members of your own association",
                    ));
                }
            }
        };
        if let Some(a) = association_id {
            let assoc = organization::Entity::find_by_id(a).one(&txn).await?;
            if assoc.is_none_or(|o| o.kind != OrgKind::Association) {
                return Err(DirectoryError::field(
                    "/association_id",
                    "not_association",
                    "无此协会",
                    "no such association",
                ));
            }
        }
        let now = self.clock.now();
        let model = organization::ActiveModel {
            id: Set(Uuid::now_v7()),
            kind: Set(input.kind),
            name: Set(input.name.trim().to_owned()),
            credit_code: Set(code.as_str().to_owned()),
            region_code: Set(input.region_code.clone()),
            association_id: Set(association_id),
            status: Set(OrgStatus::Active),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
        };
        let row = model.insert(&txn).await.map_err(|e| {
            if is_unique_violation(&e) {
                DirectoryError::conflict(
                    "credit_code_taken",
                    "该统一社会信用代码的单位已存在",
                    "an organization with this credit code exists",
                )
            } else {
                e.into()
            }
        })?;
        AuditEntry::new("organization.create", "organization", row.id)
            .in_org(row.id)
            .change(json!({"after": {"kind": row.kind, "name": row.name, "credit_code": row.credit_code, "region_code": row.region_code, "association_id": row.association_id}}))
            .record(&txn, actor, now)
            .await?;
        kernel::outbox::enqueue(
            &txn,
            now,
            "organization.created",
            json!({"id": row.id, "kind": row.kind, "name": row.name, "region_code": row.region_code, "association_id": row.association_id}),
        )
        .await?;
        txn.commit().await?;
        Ok(row.into())
    }

    /// Updates an organization under optimistic locking (`If-Match`).
    pub async fn update_organization(
        &self,
        actor: &Actor,
        id: Uuid,
        expected_version: &super::IfMatch,
        patch: OrganizationPatch,
    ) -> Result<Organization> {
        patch.validate().map_err(validation)?;
        let mut f = Fields::default();
        if let Some(r) = &patch.region_code {
            check_region(&mut f, "/region_code", r);
        }
        f.finish()?;
        let txn = begin_write(&self.db).await?;
        let read = Visibility::of(&txn, actor, Purpose::ReadOrganizations).await?;
        let before = self.visible_org(&txn, &read, id).await?;
        let manage = Visibility::of(&txn, actor, Purpose::ManageOrganizations).await?;
        if !manage.covers(&before) || actor.is_read_only() {
            return Err(DirectoryError::forbidden());
        }
        // Only the association (or platform) may suspend; a member may not lift its own suspension.
        if patch.status.is_some()
            && !(manage.all
                || before
                    .association_id
                    .is_some_and(|a| manage.associations.contains(&a)))
        {
            return Err(DirectoryError::forbidden());
        }
        check_version(expected_version, before.version)?;
        let now = self.clock.now();
        let mut upd = organization::Entity::update_many()
            .col_expr(organization::Column::UpdatedAt, Expr::value(now))
            .filter(organization::Column::Id.eq(id))
            .at_version(organization::Column::Version, before.version);
        if let Some(n) = &patch.name {
            upd = upd.col_expr(organization::Column::Name, Expr::value(n.trim().to_owned()));
        }
        if let Some(r) = &patch.region_code {
            upd = upd.col_expr(organization::Column::RegionCode, Expr::value(r.clone()));
        }
        if let Some(s) = patch.status {
            upd = upd.col_expr(organization::Column::Status, Expr::value(s));
        }
        if upd.exec(&txn).await?.rows_affected != 1 {
            return Err(kernel::Refusal::changed_since(before.version).into());
        }
        let after = organization::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or(DirectoryError::not_found(noun::ORGANIZATION))?;
        AuditEntry::new("organization.update", "organization", id)
            .in_org(id)
            .change(json!({
                "before": {"name": before.name, "region_code": before.region_code, "status": before.status},
                "after": {"name": after.name, "region_code": after.region_code, "status": after.status},
            }))
            .record(&txn, actor, now)
            .await?;
        txn.commit().await?;
        Ok(after.into())
    }

    /// Counts organizations (readiness and demo seeding use it).
    pub async fn count_organizations(&self) -> Result<u64> {
        Ok(organization::Entity::find().count(&self.db).await?)
    }

    /// Runs `f` in a plain transaction (used by seeding).
    pub async fn begin(&self) -> Result<sea_orm::DatabaseTransaction> {
        Ok(self.db.begin().await?)
    }
}
