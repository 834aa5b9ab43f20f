//! Users (login accounts) and memberships (user × organization × roles).

use super::auth::{check_password_policy, end_sessions, hash_password, role_fits};
use super::{check_version, validation};
use crate::Directory;
use crate::access::{Purpose, Visibility};
use crate::entity::{membership, organization, user};
use crate::error::{DirectoryError, Result, noun};
use crate::model::{Membership, User, UserStatus};
use kernel::audit::AuditEntry;
use kernel::db::{VersionedUpdate, begin_write, is_unique_violation};
use kernel::page::{Page, PageRequest, total_of};
use kernel::state::StateList;
use kernel::{Actor, Role};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, QueryTrait, Set,
};
use serde::Deserialize;
use serde_json::json;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

/// A new user, optionally with a first membership.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UserIn {
    #[validate(length(min = 3, max = 50))]
    pub login: String,
    #[validate(custom(function = "kernel::text::required_text_50"))]
    pub display_name: String,
    #[serde(default)]
    #[validate(length(min = 5, max = 20))]
    pub phone: Option<String>,
    pub password: String,
    /// Where the user works; required unless a platform admin creates the user.
    #[serde(default)]
    pub organization_id: Option<Uuid>,
    #[serde(default)]
    pub roles: Vec<Role>,
}

/// Changes to a user.
#[derive(Debug, Clone, Default, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UserPatch {
    #[validate(custom(function = "kernel::text::required_text_50"))]
    pub display_name: Option<String>,
    #[validate(length(min = 5, max = 20))]
    pub phone: Option<String>,
    /// Disabling ends every session of the user at once.
    pub status: Option<UserStatus>,
}

/// A new password.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordIn {
    pub password: String,
}

/// A new membership.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MembershipIn {
    pub user_id: Uuid,
    pub organization_id: Uuid,
    pub roles: Vec<Role>,
}

fn login_ok(login: &str) -> bool {
    login
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '@'))
}

impl From<user::Model> for User {
    fn from(m: user::Model) -> Self {
        User {
            id: m.id,
            login: m.login,
            display_name: m.display_name,
            phone: m.phone,
            status: m.status,
            version: m.version,
            created_at: m.created_at,
        }
    }
}

/// Filters of the user list (`GET /users`).
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct UserFilter {
    /// Login or display name contains.
    pub q: Option<String>,
}

impl Directory {
    /// Which user ids the actor may manage: members of organizations in its ManageUsers scope.
    async fn manage_users_scope<C: ConnectionTrait>(
        &self,
        conn: &C,
        actor: &Actor,
    ) -> Result<Visibility> {
        if actor.is_read_only() {
            return Ok(Visibility::default());
        }
        Visibility::of(conn, actor, Purpose::ManageUsers).await
    }

    fn users_condition(vis: &Visibility) -> sea_orm::Condition {
        if vis.all {
            return sea_orm::Condition::all();
        }
        let orgs = organization::Entity::find()
            .select_only()
            .column(organization::Column::Id)
            .filter(vis.org_condition())
            .into_query();
        let members = membership::Entity::find()
            .select_only()
            .column(membership::Column::UserId)
            .filter(membership::Column::OrganizationId.in_subquery(orgs))
            .into_query();
        sea_orm::Condition::all().add(user::Column::Id.in_subquery(members))
    }

    async fn visible_user<C: ConnectionTrait>(
        &self,
        conn: &C,
        actor: &Actor,
        id: Uuid,
    ) -> Result<user::Model> {
        let vis = self.manage_users_scope(conn, actor).await?;
        let mut q = user::Entity::find_by_id(id);
        if actor.user_id() != Some(id) {
            q = q.filter(Self::users_condition(&vis));
        }
        q.one(conn)
            .await?
            .ok_or(DirectoryError::not_found(noun::USER))
    }

    /// Lists users the actor manages.
    pub async fn list_users(
        &self,
        actor: &Actor,
        filter: &UserFilter,
        page: PageRequest,
    ) -> Result<Page<User>> {
        let vis = self.manage_users_scope(&self.db, actor).await?;
        if vis.is_empty() {
            return Err(DirectoryError::forbidden());
        }
        let mut query = user::Entity::find().filter(Self::users_condition(&vis));
        if let Some(t) = filter.q.as_deref().filter(|s| !s.is_empty()) {
            query = query.filter(
                sea_orm::Condition::any()
                    .add(user::Column::Login.contains(t))
                    .add(user::Column::DisplayName.contains(t)),
            );
        }
        let total = total_of(query.as_query(), page, &self.db).await?;
        if let Some(after) = page.after {
            query = query.filter(user::Column::Id.gt(after));
        }
        let rows = query
            .order_by_asc(user::Column::Id)
            .limit(page.limit + 1)
            .all(&self.db)
            .await?;
        Ok(Page::from_rows(rows, page.limit, |r| r.id)
            .with_total(total)
            .map(User::from))
    }

    pub async fn get_user(&self, actor: &Actor, id: Uuid) -> Result<User> {
        self.visible_user(&self.db, actor, id).await.map(User::from)
    }

    /// Checks that the actor may give `roles` in `org`, and that they fit the org's kind.
    async fn check_grant<C: ConnectionTrait>(
        &self,
        conn: &C,
        actor: &Actor,
        org_id: Uuid,
        roles: &[Role],
    ) -> Result<organization::Model> {
        let read = Visibility::of(conn, actor, Purpose::ReadOrganizations).await?;
        let org = self.visible_org(conn, &read, org_id).await.map_err(|_| {
            DirectoryError::field(
                "/organization_id",
                "not_found",
                "无此单位",
                "no such organization",
            )
        })?;
        let manage = self.manage_users_scope(conn, actor).await?;
        if !manage.covers(&org) {
            return Err(DirectoryError::forbidden());
        }
        if roles.is_empty() {
            return Err(DirectoryError::field(
                "/roles",
                "required",
                "请至少选择一个角色",
                "give at least one role",
            ));
        }
        let kind = org.kind;
        for (i, r) in roles.iter().enumerate() {
            if !role_fits(kind, *r) {
                return Err(DirectoryError::field(
                    &format!("/roles/{i}"),
                    "role_kind",
                    format!("角色 {r} 不属于此类单位({})", kind.as_str()),
                    format!("role {r} does not exist in a {}", kind.as_str()),
                ));
            }
            // Only platform admins hand out the platform and regulator roles.
            if matches!(r, Role::PlatformAdmin | Role::Regulator) && !actor.is_platform_admin() {
                return Err(DirectoryError::forbidden());
            }
        }
        Ok(org)
    }

    /// Creates a user (and its first membership).
    pub async fn create_user(&self, actor: &Actor, input: UserIn) -> Result<User> {
        input.validate().map_err(validation)?;
        if !login_ok(&input.login) {
            return Err(DirectoryError::field(
                "/login",
                "charset",
                "只能包含字母、数字和 . _ - @",
                "letters, digits and . _ - @ only",
            ));
        }
        check_password_policy(&self.auth, &input.login, &input.password)?;
        let hash = hash_password(&input.password).await?;
        let txn = begin_write(&self.db).await?;
        match input.organization_id {
            Some(org) => {
                self.check_grant(&txn, actor, org, &input.roles).await?;
            }
            None if actor.is_platform_admin() => {}
            None => {
                return Err(DirectoryError::field(
                    "/organization_id",
                    "required",
                    "请选择用户所在单位",
                    "choose the organization the user works for",
                ));
            }
        }
        let now = self.clock.now();
        let row = user::ActiveModel {
            id: Set(Uuid::now_v7()),
            login: Set(input.login.trim().to_lowercase()),
            password_hash: Set(hash),
            display_name: Set(input.display_name.trim().to_owned()),
            phone: Set(input.phone.clone()),
            status: Set(UserStatus::Active),
            session_epoch: Set(0),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(&txn)
        .await
        .map_err(|e| {
            if is_unique_violation(&e) {
                DirectoryError::conflict("login_taken", "该登录名已被使用", "this login is taken")
            } else {
                e.into()
            }
        })?;
        AuditEntry::new("user.create", "user", row.id)
            .in_org(input.organization_id)
            .change(json!({"after": {"login": row.login, "display_name": row.display_name}}))
            .record(&txn, actor, now)
            .await?;
        if let Some(org) = input.organization_id {
            self.insert_membership(&txn, actor, row.id, org, &input.roles)
                .await?;
        }
        txn.commit().await?;
        Ok(row.into())
    }

    async fn insert_membership<C: ConnectionTrait>(
        &self,
        conn: &C,
        actor: &Actor,
        user_id: Uuid,
        org: Uuid,
        roles: &[Role],
    ) -> Result<membership::Model> {
        let mut roles = roles.to_vec();
        roles.sort_unstable_by_key(|r| r.as_str());
        roles.dedup();
        let now = self.clock.now();
        let row = membership::ActiveModel {
            id: Set(Uuid::now_v7()),
            user_id: Set(user_id),
            organization_id: Set(org),
            roles: Set(StateList(roles)),
            created_at: Set(now),
        }
        .insert(conn)
        .await
        .map_err(|e| {
            if is_unique_violation(&e) {
                DirectoryError::conflict("membership_exists", "该用户已属于此单位;如需更改角色,请先移除", "the user already belongs to this organization; remove it first to change roles")
            } else {
                e.into()
            }
        })?;
        AuditEntry::new("membership.create", "membership", row.id)
            .in_org(org)
            .change(json!({"after": {"user_id": user_id, "roles": row.roles.stored()}}))
            .record(conn, actor, now)
            .await?;
        Ok(row)
    }

    /// Updates display name, phone or status; disabling ends the user's sessions.
    pub async fn update_user(
        &self,
        actor: &Actor,
        id: Uuid,
        expected_version: &super::IfMatch,
        patch: UserPatch,
    ) -> Result<User> {
        patch.validate().map_err(validation)?;
        let txn = begin_write(&self.db).await?;
        let before = self.visible_user(&txn, actor, id).await?;
        let is_self = actor.user_id() == Some(id);
        if patch.status.is_some() && is_self {
            return Err(DirectoryError::field(
                "/status",
                "self",
                "不能停用自己的账号",
                "you cannot disable yourself",
            ));
        }
        if !is_self && !self.can_manage_user(&txn, actor, id).await? {
            return Err(DirectoryError::forbidden());
        }
        check_version(expected_version, before.version)?;
        let now = self.clock.now();
        let mut upd = user::Entity::update_many()
            .col_expr(user::Column::UpdatedAt, Expr::value(now))
            .filter(user::Column::Id.eq(id))
            .at_version(user::Column::Version, before.version);
        if let Some(n) = &patch.display_name {
            upd = upd.col_expr(user::Column::DisplayName, Expr::value(n.trim().to_owned()));
        }
        if let Some(p) = &patch.phone {
            upd = upd.col_expr(user::Column::Phone, Expr::value(p.clone()));
        }
        if let Some(s) = patch.status {
            upd = upd.col_expr(user::Column::Status, Expr::value(s));
        }
        if upd.exec(&txn).await?.rows_affected != 1 {
            return Err(kernel::Refusal::changed_since(before.version).into());
        }
        if patch.status == Some(UserStatus::Disabled) {
            end_sessions(&txn, &self.sessions, id, now).await?;
        }
        let after = user::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or(DirectoryError::not_found(noun::USER))?;
        AuditEntry::new("user.update", "user", id)
            .change(json!({
                "before": {"display_name": before.display_name, "phone": before.phone, "status": before.status},
                "after": {"display_name": after.display_name, "phone": after.phone, "status": after.status},
            }))
            .record(&txn, actor, now)
            .await?;
        txn.commit().await?;
        Ok(after.into())
    }

    async fn can_manage_user<C: ConnectionTrait>(
        &self,
        conn: &C,
        actor: &Actor,
        id: Uuid,
    ) -> Result<bool> {
        let vis = self.manage_users_scope(conn, actor).await?;
        Ok(user::Entity::find_by_id(id)
            .filter(Self::users_condition(&vis))
            .one(conn)
            .await?
            .is_some())
    }

    /// Sets a password (the user themself, or an admin who manages them); ends all sessions.
    pub async fn set_password(&self, actor: &Actor, id: Uuid, input: PasswordIn) -> Result<()> {
        let target = self.visible_user(&self.db, actor, id).await?;
        if actor.user_id() != Some(id) && !self.can_manage_user(&self.db, actor, id).await? {
            return Err(DirectoryError::forbidden());
        }
        check_password_policy(&self.auth, &target.login, &input.password)?;
        let hash = hash_password(&input.password).await?;
        let txn = begin_write(&self.db).await?;
        let now = self.clock.now();
        user::Entity::update_many()
            .col_expr(user::Column::PasswordHash, Expr::value(hash))
            .col_expr(user::Column::UpdatedAt, Expr::value(now))
            .filter(user::Column::Id.eq(id))
            .exec(&txn)
            .await?;
        end_sessions(&txn, &self.sessions, id, now).await?;
        AuditEntry::new("user.password_set", "user", id)
            .record(&txn, actor, now)
            .await?;
        txn.commit().await?;
        Ok(())
    }

    /// Memberships with their organizations' names (for `/me` and the user screen).
    pub(crate) async fn memberships_with_orgs(&self, user_id: Uuid) -> Result<Vec<Membership>> {
        let rows = membership::Entity::find()
            .filter(membership::Column::UserId.eq(user_id))
            .order_by_asc(membership::Column::Id)
            .all(&self.db)
            .await?;
        let orgs = organization::Entity::find()
            .filter(
                organization::Column::Id
                    .is_in(rows.iter().map(|m| m.organization_id).collect::<Vec<_>>()),
            )
            .all(&self.db)
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for m in rows {
            if let Some(o) = orgs.iter().find(|o| o.id == m.organization_id).cloned() {
                out.push(Membership {
                    id: m.id,
                    user_id: m.user_id,
                    organization_id: o.id,
                    organization_name: o.name,
                    organization_kind: o.kind,
                    roles: m.roles.0,
                });
            }
        }
        Ok(out)
    }

    pub async fn list_memberships(&self, actor: &Actor, user_id: Uuid) -> Result<Vec<Membership>> {
        self.visible_user(&self.db, actor, user_id).await?;
        self.memberships_with_orgs(user_id).await
    }

    /// Adds a membership.
    pub async fn add_membership(&self, actor: &Actor, input: MembershipIn) -> Result<Membership> {
        let txn = begin_write(&self.db).await?;
        // Users outside the actor's scope stay unknown (404), also when named by id.
        self.visible_user(&txn, actor, input.user_id).await?;
        let org = self
            .check_grant(&txn, actor, input.organization_id, &input.roles)
            .await?;
        let row = self
            .insert_membership(
                &txn,
                actor,
                input.user_id,
                input.organization_id,
                &input.roles,
            )
            .await?;
        end_sessions(&txn, &self.sessions, input.user_id, self.clock.now()).await?;
        txn.commit().await?;
        Ok(Membership {
            id: row.id,
            user_id: row.user_id,
            organization_id: org.id,
            organization_name: org.name,
            organization_kind: org.kind,
            roles: row.roles.0,
        })
    }

    /// Removes a membership; the user's sessions end so the lost roles stop at once.
    pub async fn remove_membership(&self, actor: &Actor, id: Uuid) -> Result<()> {
        let txn = begin_write(&self.db).await?;
        let m = membership::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or(DirectoryError::not_found(noun::MEMBERSHIP))?;
        let read = Visibility::of(&txn, actor, Purpose::ReadOrganizations).await?;
        let org = self
            .visible_org(&txn, &read, m.organization_id)
            .await
            .map_err(|_| DirectoryError::not_found(noun::MEMBERSHIP))?;
        let manage = self.manage_users_scope(&txn, actor).await?;
        if !manage.covers(&org) {
            return Err(DirectoryError::forbidden());
        }
        if actor.user_id() == Some(m.user_id) {
            return Err(DirectoryError::field(
                "/id",
                "self",
                "不能移除自己的任职关系",
                "you cannot remove your own membership",
            ));
        }
        membership::Entity::delete_by_id(id).exec(&txn).await?;
        let now = self.clock.now();
        end_sessions(&txn, &self.sessions, m.user_id, now).await?;
        AuditEntry::new("membership.delete", "membership", id)
            .in_org(m.organization_id)
            .change(json!({"before": {"user_id": m.user_id, "roles": m.roles.stored()}}))
            .record(&txn, actor, now)
            .await?;
        txn.commit().await?;
        Ok(())
    }
}
