//! Enterprise accounts (TR-07, second half): each enterprise names its training officers
//! (填报人) and its training manager (审核人) to the association, and "若上述人员有变更时须及时向
//! 协会提交变更函" — a change goes in as a letter (变更函), uploaded as a file, that the
//! association acknowledges. Until then nothing changes: the designation that counts is the
//! letter acknowledged last.
//!
//! An enterprise that never filed a letter is run by its role holders (the memberships the
//! directory keeps), as before this slice; once a letter is acknowledged, an officer or manager
//! role is not enough: the user must also be named in it. That keeps enterprises working from
//! their first login and makes the letter the only way to change who acts once one is on file.

use crate::Training;
use crate::access::{At, Purpose, may};
use crate::entity::account_change;
use crate::error::{Result, TrainingError, noun};
use crate::files;
use crate::model::AccountChangeStatus;
use directory::entity::{membership, organization};
use kernel::audit::AuditEntry;
use kernel::db::begin_write;
use kernel::{Actor, Role, RuleViolation};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::path::Path;
use time::OffsetDateTime;
use utoipa::ToSchema;
use uuid::Uuid;

/// Largest change letter (a scanned, stamped page or two).
pub const LETTER_LIMIT: usize = 10 * 1024 * 1024;

/// The letter types accepted: a PDF or a photo of the stamped letter.
pub const LETTER_TYPES: [&str; 3] = [files::PDF, files::JPEG, files::PNG];

/// Most officers an enterprise names in one letter.
const MAX_OFFICERS: usize = 20;

/// Who the enterprise names.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AccountChangeIn {
    /// Users holding the training-officer role at the enterprise (1–20).
    pub officer_ids: Vec<Uuid>,
    /// The user holding the training-manager role at the enterprise; not one of the officers.
    pub manager_id: Uuid,
}

/// A change letter and the designation it carries.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AccountChange {
    pub id: Uuid,
    pub enterprise_id: Uuid,
    pub officer_ids: Vec<Uuid>,
    pub manager_id: Uuid,
    pub status: AccountChangeStatus,
    /// Whether the letter file is uploaded (required before acknowledgement).
    pub letter_uploaded: bool,
    #[serde(with = "kernel::utc")]
    pub filed_at: OffsetDateTime,
    #[serde(with = "kernel::utc::option")]
    pub acknowledged_at: Option<OffsetDateTime>,
}

/// An enterprise's designation in force and the letter waiting, if any.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EnterpriseAccounts {
    pub enterprise_id: Uuid,
    /// Null until a letter is acknowledged: the role holders act.
    pub current: Option<AccountChange>,
    pub pending: Option<AccountChange>,
}

/// A stored letter to hand out.
#[derive(Debug, Clone)]
pub struct Letter {
    pub content_type: String,
    pub bytes: Vec<u8>,
}

fn to_change(m: account_change::Model) -> AccountChange {
    AccountChange {
        id: m.id,
        enterprise_id: m.enterprise_id,
        officer_ids: serde_json::from_value(m.officer_ids).unwrap_or_default(),
        manager_id: m.manager_id,
        status: m.status,
        letter_uploaded: m.letter_stored_as.is_some(),
        filed_at: m.filed_at,
        acknowledged_at: m.acknowledged_at,
    }
}

/// The acknowledged designation in force for an enterprise, if any.
pub(crate) async fn designation<C: ConnectionTrait>(
    conn: &C,
    enterprise: Uuid,
) -> Result<Option<account_change::Model>> {
    Ok(account_change::Entity::find()
        .filter(account_change::Column::EnterpriseId.eq(enterprise))
        .filter(account_change::Column::Status.eq(AccountChangeStatus::Acknowledged))
        .order_by_desc(account_change::Column::AcknowledgedAt)
        .order_by_desc(account_change::Column::Id)
        .one(conn)
        .await?)
}

/// TR-07: does the enterprise's designation name `user` in `role` (its manager, or one of
/// its officers)?
pub(crate) fn names(d: &account_change::Model, user: Uuid, role: Role) -> bool {
    if role == Role::EnterpriseManager {
        d.manager_id == user
    } else {
        serde_json::from_value::<Vec<Uuid>>(d.officer_ids.clone())
            .unwrap_or_default()
            .contains(&user)
    }
}

impl Training {
    /// TR-07: an enterprise role holder acts as officer (or manager) only if the enterprise's
    /// acknowledged designation names them — or if the enterprise has none on file yet. The
    /// caller has already checked the role itself.
    pub(crate) async fn require_named<C: ConnectionTrait>(
        &self,
        conn: &C,
        actor: &Actor,
        enterprise: Uuid,
        role: Role,
    ) -> Result<()> {
        let Some(d) = designation(conn, enterprise).await? else {
            return Ok(());
        };
        let Some(uid) = actor.user_id() else {
            return Err(TrainingError::forbidden());
        };
        if names(&d, uid, role) {
            Ok(())
        } else if role == Role::EnterpriseManager {
            Err(RuleViolation::new(
                "TR-07",
                "您不是本单位向协会备案的培训负责人(审核人),变更须提交变更函并经协会确认",
                "only the training manager named in the enterprise's acknowledged change letter may approve",
            )
            .into())
        } else {
            Err(RuleViolation::new(
                "TR-07",
                "您不是本单位向协会备案的培训专员(填报人),变更须提交变更函并经协会确认",
                "only training officers named in the enterprise's acknowledged change letter may enrol",
            )
            .into())
        }
    }

    /// Loads an enterprise the actor may see in this context: its own members, staff of its
    /// association, the platform admin. Anyone else gets 404.
    async fn account_enterprise<C: ConnectionTrait>(
        &self,
        conn: &C,
        actor: &Actor,
        id: Uuid,
    ) -> Result<(organization::Model, Uuid)> {
        let org = organization::Entity::find_by_id(id)
            .one(conn)
            .await?
            .filter(|o| o.kind == directory::model::OrgKind::Enterprise)
            .ok_or(TrainingError::not_found(noun::ENTERPRISE))?;
        let Some(assoc) = org.association_id else {
            return Err(TrainingError::not_found(noun::ENTERPRISE));
        };
        let member = actor
            .memberships
            .iter()
            .any(|m| m.organization_id == org.id);
        if member || Self::staff_of(actor, assoc) {
            Ok((org, assoc))
        } else {
            Err(TrainingError::not_found(noun::ENTERPRISE))
        }
    }

    /// The enterprise's own officers and manager file letters (and the platform admin).
    fn files_for(actor: &Actor, enterprise: Uuid) -> bool {
        actor.is_platform_admin()
            || may(
                actor,
                Purpose::ReadEnterpriseTraining,
                At::Enterprise(enterprise),
            )
    }

    /// The designation in force and the letter waiting.
    pub async fn enterprise_accounts(
        &self,
        actor: &Actor,
        enterprise: Uuid,
    ) -> Result<EnterpriseAccounts> {
        let db = &self.dir.db;
        let (org, _) = self.account_enterprise(db, actor, enterprise).await?;
        let pending = account_change::Entity::find()
            .filter(account_change::Column::OpenFor.eq(org.id))
            .one(db)
            .await?;
        Ok(EnterpriseAccounts {
            enterprise_id: org.id,
            current: designation(db, org.id).await?.map(to_change),
            pending: pending.map(to_change),
        })
    }

    /// TR-07: the enterprise files a change letter naming its officers and its manager. It
    /// takes effect only when the association acknowledges it (after the file is uploaded).
    pub async fn file_account_change(
        &self,
        actor: &Actor,
        enterprise: Uuid,
        input: AccountChangeIn,
    ) -> Result<AccountChange> {
        let txn = begin_write(&self.dir.db).await?;
        let (org, assoc) = self.account_enterprise(&txn, actor, enterprise).await?;
        if !Self::files_for(actor, org.id) {
            return Err(TrainingError::forbidden());
        }
        let mut officers = input.officer_ids.clone();
        officers.sort_unstable();
        officers.dedup();
        if officers.is_empty() || officers.len() > MAX_OFFICERS {
            return Err(TrainingError::field(
                "/officer_ids",
                "count",
                "须指定1–20名培训专员",
                "name 1–20 training officers",
            ));
        }
        // TR-07: entering and approving are two levels held by two people.
        if officers.contains(&input.manager_id) {
            return Err(RuleViolation::new(
                "TR-07",
                "填报人与审核人须为不同人员",
                "the training manager must not be one of the training officers",
            )
            .into());
        }
        let members = membership::Entity::find()
            .filter(membership::Column::OrganizationId.eq(org.id))
            .all(&txn)
            .await?;
        let holds = |user: Uuid, role: Role| {
            members
                .iter()
                .any(|m| m.user_id == user && m.roles.contains(role))
        };
        let mut errors = Vec::new();
        for (i, o) in input.officer_ids.iter().enumerate() {
            if !holds(*o, Role::EnterpriseOfficer) {
                errors.push(kernel::FieldError::new(
                    format!("/officer_ids/{i}"),
                    "not_officer",
                    "该用户不是本单位的培训专员",
                    "not a training officer of this enterprise",
                ));
            }
        }
        if !holds(input.manager_id, Role::EnterpriseManager) {
            errors.push(kernel::FieldError::new(
                "/manager_id",
                "not_manager",
                "该用户不是本单位的培训负责人",
                "not a training manager of this enterprise",
            ));
        }
        if !errors.is_empty() {
            return Err(TrainingError::invalid(errors));
        }
        let now = self.dir.clock.now();
        let row = account_change::ActiveModel {
            id: Set(Uuid::now_v7()),
            enterprise_id: Set(org.id),
            association_id: Set(assoc),
            officer_ids: Set(json!(officers)),
            manager_id: Set(input.manager_id),
            status: Set(AccountChangeStatus::Pending),
            open_for: Set(Some(org.id)),
            letter_content_type: Set(None),
            letter_size: Set(None),
            letter_stored_as: Set(None),
            filed_by: Set(actor.id()),
            filed_at: Set(now),
            acknowledged_by: Set(None),
            acknowledged_at: Set(None),
        }
        .insert(&txn)
        .await
        .map_err(TrainingError::on_unique(
            "change_pending",
            "已有待协会确认的变更函",
            "a change letter is already waiting for the association",
        ))?;
        AuditEntry::new("accounts.file_change", "account_change", row.id)
            .in_org(org.id)
            .change(json!({"officer_ids": row.officer_ids, "manager_id": row.manager_id}))
            .record(&txn, actor, now)
            .await?;
        txn.commit().await?;
        Ok(to_change(row))
    }

    async fn visible_change<C: ConnectionTrait>(
        &self,
        conn: &C,
        actor: &Actor,
        id: Uuid,
    ) -> Result<account_change::Model> {
        let c = account_change::Entity::find_by_id(id)
            .one(conn)
            .await?
            .ok_or(TrainingError::not_found(noun::ACCOUNT_CHANGE))?;
        self.account_enterprise(conn, actor, c.enterprise_id)
            .await
            .map_err(|_| TrainingError::not_found(noun::ACCOUNT_CHANGE))?;
        Ok(c)
    }

    /// Uploads (or replaces) the letter of a pending change: PDF, JPEG or PNG, at most 10 MiB,
    /// stored under `<data dir>/account-letters/<enterprise>/`.
    pub async fn upload_change_letter(
        &self,
        actor: &Actor,
        data_dir: &Path,
        id: Uuid,
        content_type: &str,
        bytes: &[u8],
    ) -> Result<AccountChange> {
        let txn = begin_write(&self.dir.db).await?;
        let c = self.visible_change(&txn, actor, id).await?;
        if !Self::files_for(actor, c.enterprise_id) {
            return Err(TrainingError::forbidden());
        }
        // After the tenancy check: another tenant's id answers 404 whatever the body.
        let checked = files::check(content_type, bytes, &LETTER_TYPES, LETTER_LIMIT)?;
        if c.status != AccountChangeStatus::Pending {
            return Err(TrainingError::conflict(
                "change_acknowledged",
                "变更函已确认,不能再修改",
                "the letter is acknowledged and fixed",
            ));
        }
        let rel = files::store(
            data_dir,
            "account-letters",
            c.enterprise_id,
            Uuid::now_v7(),
            checked.ext,
            bytes,
        )?;
        let now = self.dir.clock.now();
        let written = async {
            let res = account_change::Entity::update_many()
                .col_expr(
                    account_change::Column::LetterContentType,
                    Expr::value(checked.media),
                )
                .col_expr(
                    account_change::Column::LetterSize,
                    Expr::value(i64::try_from(bytes.len()).unwrap_or(i64::MAX)),
                )
                .col_expr(
                    account_change::Column::LetterStoredAs,
                    Expr::value(rel.to_string_lossy().into_owned()),
                )
                .filter(account_change::Column::Id.eq(c.id))
                .filter(account_change::Column::Status.eq(AccountChangeStatus::Pending))
                .exec(&txn)
                .await?;
            if res.rows_affected != 1 {
                return Err(TrainingError::conflict("change_acknowledged", "变更函已确认,不能再修改", "the letter is acknowledged and fixed"));
            }
            AuditEntry::new("accounts.upload_letter", "account_change", c.id)
                .in_org(c.enterprise_id)
                .change(json!({"content_type": checked.media, "size": bytes.len(), "replaced": c.letter_stored_as.is_some()}))
                .record(&txn, actor, now)
                .await?;
            let row = account_change::Entity::find_by_id(c.id)
                .one(&txn)
                .await?
                .ok_or(TrainingError::not_found(noun::ACCOUNT_CHANGE))?;
            Ok::<_, TrainingError>(row)
        }
        .await;
        let row = files::commit_or_remove(txn, data_dir, &rel, written).await?;
        if let Some(old) = c.letter_stored_as {
            files::remove(data_dir, Path::new(&old));
        }
        Ok(to_change(row))
    }

    /// The uploaded letter.
    pub async fn change_letter(&self, actor: &Actor, data_dir: &Path, id: Uuid) -> Result<Letter> {
        let c = self.visible_change(&self.dir.db, actor, id).await?;
        match (c.letter_stored_as, c.letter_content_type) {
            (Some(rel), Some(ct)) => Ok(Letter {
                content_type: ct,
                bytes: files::read(data_dir, &rel)?,
            }),
            _ => Err(TrainingError::not_found(noun::LETTER)),
        }
    }

    /// TR-07: association staff acknowledge a change letter; from now on only the users it
    /// names act as the enterprise's officers and manager. A change without its letter file is
    /// refused.
    pub async fn acknowledge_account_change(
        &self,
        actor: &Actor,
        id: Uuid,
    ) -> Result<AccountChange> {
        let txn = begin_write(&self.dir.db).await?;
        let c = self.visible_change(&txn, actor, id).await?;
        if !Self::staff_of(actor, c.association_id) {
            return Err(TrainingError::forbidden());
        }
        if c.letter_stored_as.is_none() {
            return Err(RuleViolation::new(
                "TR-07",
                "须先上传盖章的变更函",
                "a change of officers or manager needs the uploaded change letter",
            )
            .into());
        }
        let now = self.dir.clock.now();
        let res = account_change::Entity::update_many()
            .col_expr(
                account_change::Column::Status,
                Expr::value(AccountChangeStatus::Acknowledged),
            )
            .col_expr(account_change::Column::OpenFor, Expr::value(None::<Uuid>))
            .col_expr(
                account_change::Column::AcknowledgedBy,
                Expr::value(actor.user_id()),
            )
            .col_expr(account_change::Column::AcknowledgedAt, Expr::value(now))
            .filter(account_change::Column::Id.eq(c.id))
            .filter(account_change::Column::Status.eq(AccountChangeStatus::Pending))
            .exec(&txn)
            .await?;
        if res.rows_affected != 1 {
            return Err(TrainingError::conflict(
                "change_acknowledged",
                "变更函已确认",
                "the letter is already acknowledged",
            ));
        }
        AuditEntry::new("accounts.acknowledge_change", "account_change", c.id)
            .in_org(c.enterprise_id)
            .change(json!({"status": {"before": AccountChangeStatus::Pending, "after": AccountChangeStatus::Acknowledged}, "officer_ids": c.officer_ids, "manager_id": c.manager_id}))
            .record(&txn, actor, now)
            .await?;
        let row = account_change::Entity::find_by_id(c.id)
            .one(&txn)
            .await?
            .ok_or(TrainingError::not_found(noun::ACCOUNT_CHANGE))?;
        txn.commit().await?;
        Ok(to_change(row))
    }
}
