//! API clients: regulators' systems that read through the published OpenAPI with OAuth2
//! client credentials. Created by platform admins only, bound to one regulator organization
//! (and so to its region), read-only scopes.

use crate::Directory;
use crate::entity::{api_client, organization};
use crate::error::{DirectoryError, Result, noun};
use crate::model::{ApiClientStatus, OrgKind};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use kernel::Actor;
use kernel::audit::AuditEntry;
use kernel::db::begin_write;
use rand::RngCore;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use utoipa::ToSchema;
use uuid::Uuid;

/// Read scopes a client may hold.
pub const SCOPES: [&str; 3] = ["organizations:read", "persons:read", "audit:read"];

/// An API client (never its secret, except once at creation).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ApiClient {
    pub id: Uuid,
    pub client_id: String,
    pub name: String,
    pub organization_id: Uuid,
    pub scopes: Vec<String>,
    pub status: ApiClientStatus,
    #[serde(with = "kernel::utc")]
    pub created_at: OffsetDateTime,
    /// Shown once, when the client is created.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<String>,
}

impl From<api_client::Model> for ApiClient {
    fn from(m: api_client::Model) -> Self {
        ApiClient {
            id: m.id,
            client_id: m.client_id,
            name: m.name,
            organization_id: m.organization_id,
            scopes: m
                .scopes
                .split(',')
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
            status: m.status,
            created_at: m.created_at,
            client_secret: None,
        }
    }
}

/// A new API client.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApiClientIn {
    pub name: String,
    /// A regulator organization.
    pub organization_id: Uuid,
    pub scopes: Vec<String>,
}

impl Directory {
    fn require_platform_admin(actor: &Actor) -> Result<()> {
        if actor.is_platform_admin() && !actor.is_read_only() {
            Ok(())
        } else {
            Err(DirectoryError::forbidden())
        }
    }

    pub async fn list_api_clients(&self, actor: &Actor) -> Result<Vec<ApiClient>> {
        Self::require_platform_admin(actor)?;
        let rows = api_client::Entity::find()
            .order_by_asc(api_client::Column::Id)
            .all(&self.db)
            .await?;
        Ok(rows.into_iter().map(ApiClient::from).collect())
    }

    /// The calling API client itself: its regulator, scopes and status, so a regulator's
    /// system can check what its token may read. A user is not an API client (403).
    pub async fn api_client_me(&self, actor: &Actor) -> Result<ApiClient> {
        let kernel::Subject::ApiClient(id) = actor.subject else {
            return Err(DirectoryError::forbidden());
        };
        api_client::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .map(ApiClient::from)
            .ok_or(DirectoryError::not_found(noun::API_CLIENT))
    }

    /// Creates a client and returns its secret once; only its hash is stored.
    pub async fn create_api_client(&self, actor: &Actor, input: ApiClientIn) -> Result<ApiClient> {
        Self::require_platform_admin(actor)?;
        let name = input.name.trim();
        if name.is_empty() || name.chars().count() > 100 {
            return Err(DirectoryError::field(
                "/name",
                "length",
                "名称须为1–100字",
                "name must be 1–100 characters",
            ));
        }
        if input.scopes.is_empty() {
            return Err(DirectoryError::field(
                "/scopes",
                "required",
                "请至少选择一个权限范围",
                "give at least one scope",
            ));
        }
        for (i, s) in input.scopes.iter().enumerate() {
            if !SCOPES.contains(&s.as_str()) {
                return Err(DirectoryError::field(
                    &format!("/scopes/{i}"),
                    "unknown_scope",
                    format!("权限范围只能是:{}", SCOPES.join("、")),
                    format!("scopes are {}", SCOPES.join(", ")),
                ));
            }
        }
        let txn = begin_write(&self.db).await?;
        let org = organization::Entity::find_by_id(input.organization_id)
            .one(&txn)
            .await?;
        if org.is_none_or(|o| o.kind != OrgKind::Regulator) {
            return Err(DirectoryError::field(
                "/organization_id",
                "not_regulator",
                "API 客户端只能属于监管单位",
                "API clients belong to a regulator organization",
            ));
        }
        let mut raw = [0u8; 32];
        rand::thread_rng().fill_bytes(&mut raw);
        let secret = URL_SAFE_NO_PAD.encode(raw);
        let mut idb = [0u8; 9];
        rand::thread_rng().fill_bytes(&mut idb);
        let client_id = format!("sfc_{}", URL_SAFE_NO_PAD.encode(idb));
        let now = self.clock.now();
        let mut scopes = input.scopes.clone();
        scopes.sort();
        scopes.dedup();
        let row = api_client::ActiveModel {
            id: Set(Uuid::now_v7()),
            client_id: Set(client_id),
            secret_hash: Set(hex::encode(Sha256::digest(secret.as_bytes()))),
            name: Set(name.to_owned()),
            organization_id: Set(input.organization_id),
            scopes: Set(scopes.join(",")),
            status: Set(ApiClientStatus::Active),
            created_at: Set(now),
        }
        .insert(&txn)
        .await?;
        AuditEntry::new("api_client.create", "api_client", row.id)
            .in_org(row.organization_id)
            .change(json!({"after": {"name": row.name, "client_id": row.client_id, "scopes": row.scopes}}))
            .record(&txn, actor, now)
            .await?;
        txn.commit().await?;
        Ok(ApiClient {
            client_secret: Some(secret),
            ..row.into()
        })
    }

    /// Revokes a client; its tokens stop working at once.
    pub async fn revoke_api_client(&self, actor: &Actor, id: Uuid) -> Result<()> {
        Self::require_platform_admin(actor)?;
        let txn = begin_write(&self.db).await?;
        let row = api_client::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or(DirectoryError::not_found(noun::API_CLIENT))?;
        api_client::Entity::update_many()
            .col_expr(
                api_client::Column::Status,
                Expr::value(ApiClientStatus::Revoked),
            )
            .filter(api_client::Column::Id.eq(id))
            .exec(&txn)
            .await?;
        AuditEntry::new("api_client.revoke", "api_client", id)
            .in_org(row.organization_id)
            .change(json!({"before": {"status": row.status}, "after": {"status": ApiClientStatus::Revoked}}))
            .record(&txn, actor, self.clock.now())
            .await?;
        txn.commit().await?;
        Ok(())
    }
}
