//! The audit log: one row per state change, written in the change's own transaction, chained
//! by SHA-256 so that editing or deleting any row breaks every hash after it.

use crate::actor::Actor;
use crate::entity::{audit_head, audit_log};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder,
};
use serde_json::Value;
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use uuid::Uuid;

/// The hash before the first row.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What changed. `change` must already be free of secrets and full ID numbers.
#[derive(Debug, Clone)]
pub struct AuditEntry<'a> {
    pub action: &'a str,
    pub object_type: &'a str,
    pub object_id: String,
    pub organization_id: Option<Uuid>,
    pub change: Value,
}

/// Appends one row. Call inside the transaction that makes the change.
pub async fn record<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    at: OffsetDateTime,
    entry: AuditEntry<'_>,
) -> Result<(), DbErr> {
    // Taking the head row's write lock first serialises appends across processes (PostgreSQL
    // row lock; SQLite's single writer).
    let bumped = audit_head::Entity::update_many()
        .col_expr(
            audit_head::Column::Seq,
            Expr::col(audit_head::Column::Seq).add(1),
        )
        .filter(audit_head::Column::Id.eq(1))
        .exec(conn)
        .await?;
    if bumped.rows_affected != 1 {
        return Err(DbErr::RecordNotFound(
            "audit_head row 1 (run migrations)".into(),
        ));
    }
    let head = audit_head::Entity::find_by_id(1)
        .one(conn)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("audit_head".into()))?;
    // Microsecond precision survives both databases' timestamp types unchanged.
    let at = at.replace_nanosecond(at.microsecond() * 1000).unwrap_or(at);
    let digest = digest_of(&entry.change);
    let row = audit_log::Model {
        id: Uuid::now_v7(),
        seq: head.seq,
        at,
        actor_id: actor.id(),
        action: entry.action.to_owned(),
        object_type: entry.object_type.to_owned(),
        object_id: entry.object_id,
        organization_id: entry.organization_id,
        change: entry.change,
        digest,
        prev_hash: head.last_hash.clone(),
        hash: String::new(),
    };
    let hash = chain_hash(&row);
    audit_head::Entity::update_many()
        .col_expr(audit_head::Column::LastHash, Expr::value(hash.clone()))
        .filter(audit_head::Column::Id.eq(1))
        .exec(conn)
        .await?;
    let model = audit_log::Model { hash, ..row };
    audit_log::ActiveModel::from(model).insert(conn).await?;
    Ok(())
}

/// Appends one row per entry, chained in the given order, with one update of the head for the
/// whole batch: a bulk change (an import of thousands of persons) then takes the head's lock
/// once and leaves one row version of it, instead of one per row (issue 15). Call inside the
/// transaction that makes the changes.
pub async fn record_many<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    at: OffsetDateTime,
    entries: Vec<AuditEntry<'_>>,
) -> Result<(), DbErr> {
    // An INTEGER bind, as `record` sends: PostgreSQL types `seq + $1` by the literal's side.
    let Ok(n) = i32::try_from(entries.len()) else {
        return Err(DbErr::Custom("too many audit entries in one batch".into()));
    };
    if n == 0 {
        return Ok(());
    }
    let bumped = audit_head::Entity::update_many()
        .col_expr(
            audit_head::Column::Seq,
            Expr::col(audit_head::Column::Seq).add(n),
        )
        .filter(audit_head::Column::Id.eq(1))
        .exec(conn)
        .await?;
    if bumped.rows_affected != 1 {
        return Err(DbErr::RecordNotFound(
            "audit_head row 1 (run migrations)".into(),
        ));
    }
    let head = audit_head::Entity::find_by_id(1)
        .one(conn)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("audit_head".into()))?;
    let at = at.replace_nanosecond(at.microsecond() * 1000).unwrap_or(at);
    // The head now holds the last of the batch's numbers.
    let mut prev = head.last_hash;
    let mut rows = Vec::with_capacity(entries.len());
    for (seq, entry) in (head.seq - i64::from(n) + 1..).zip(entries) {
        let row = audit_log::Model {
            id: Uuid::now_v7(),
            seq,
            at,
            actor_id: actor.id(),
            action: entry.action.to_owned(),
            object_type: entry.object_type.to_owned(),
            object_id: entry.object_id,
            organization_id: entry.organization_id,
            digest: digest_of(&entry.change),
            change: entry.change,
            prev_hash: prev,
            hash: String::new(),
        };
        let hash = chain_hash(&row);
        prev = hash.clone();
        rows.push(audit_log::ActiveModel::from(audit_log::Model {
            hash,
            ..row
        }));
    }
    audit_head::Entity::update_many()
        .col_expr(audit_head::Column::LastHash, Expr::value(prev))
        .filter(audit_head::Column::Id.eq(1))
        .exec(conn)
        .await?;
    // 12 columns a row: well under both databases' bind-variable limits.
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<_> = rows.by_ref().take(AUDIT_ROWS_PER_INSERT).collect();
        audit_log::Entity::insert_many(chunk).exec(conn).await?;
    }
    Ok(())
}

/// Rows per multi-row INSERT of [`record_many`].
const AUDIT_ROWS_PER_INSERT: usize = 1000;

/// SHA-256 of the change's canonical JSON (serde_json sorts object keys).
pub fn digest_of(change: &Value) -> String {
    hex::encode(Sha256::digest(change.to_string().as_bytes()))
}

/// The row's own hash: over the previous hash and every field but itself.
pub fn chain_hash(row: &audit_log::Model) -> String {
    let mut h = Sha256::new();
    for part in [
        row.prev_hash.as_str(),
        &row.seq.to_string(),
        &row.at.format(&Rfc3339).unwrap_or_default(),
        &row.actor_id.to_string(),
        &row.action,
        &row.object_type,
        &row.object_id,
        &row.organization_id
            .map(|o| o.to_string())
            .unwrap_or_default(),
        &row.digest,
    ] {
        h.update(part.as_bytes());
        h.update([0x1f]);
    }
    hex::encode(h.finalize())
}

/// The first row whose stored change, hash or link does not match, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tampered {
    pub seq: i64,
    pub reason: &'static str,
}

/// Walks the chain in order, in batches, and reports the first broken row.
pub async fn verify<C: ConnectionTrait>(conn: &C) -> Result<(u64, Option<Tampered>), DbErr> {
    let mut prev = GENESIS.to_owned();
    let mut expected_seq = 1i64;
    let mut checked = 0u64;
    let mut pages = audit_log::Entity::find()
        .order_by_asc(audit_log::Column::Seq)
        .paginate(conn, 1000);
    while let Some(rows) = pages.fetch_and_next().await? {
        for row in rows {
            let broken = if row.seq != expected_seq {
                Some("a row is missing or out of order")
            } else if row.prev_hash != prev {
                Some("link to the previous row is broken")
            } else if digest_of(&row.change) != row.digest {
                Some("the recorded change was edited")
            } else if chain_hash(&row) != row.hash {
                Some("the row was edited")
            } else {
                None
            };
            if let Some(reason) = broken {
                return Ok((
                    checked,
                    Some(Tampered {
                        seq: row.seq,
                        reason,
                    }),
                ));
            }
            prev = row.hash;
            expected_seq += 1;
            checked += 1;
        }
    }
    // A deleted tail shows as a head that is ahead of the last row.
    if let Some(head) = audit_head::Entity::find_by_id(1).one(conn).await?
        && (head.seq != expected_seq - 1 || (head.seq > 0 && head.last_hash != prev))
    {
        return Ok((
            checked,
            Some(Tampered {
                seq: expected_seq,
                reason: "rows at the end were removed",
            }),
        ));
    }
    Ok((checked, None))
}
