//! Domain events for the world outside the transaction (SMS, e-mail, regulator feeds,
//! higher domains). Written in the same transaction as the change, delivered at least once by
//! a background worker that any number of stateless processes may run (claims skip
//! each other's rows, so each event goes to one worker at a time).

use crate::db::begin_write;
use crate::entity::outbox;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::sea_query::{LockBehavior, LockType};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DbBackend,
    DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde_json::Value;
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

/// How long a worker may hold an event before another may take it over.
pub const CLAIM_FOR: Duration = Duration::seconds(60);

/// Queues an event inside the caller's transaction.
pub async fn enqueue<C: ConnectionTrait>(
    conn: &C,
    at: OffsetDateTime,
    topic: &str,
    payload: Value,
) -> Result<Uuid, DbErr> {
    let id = Uuid::now_v7();
    outbox::ActiveModel {
        id: Set(id),
        topic: Set(topic.to_owned()),
        payload: Set(payload),
        created_at: Set(at),
        attempts: Set(0),
        claimed_until: Set(None),
        delivered_at: Set(None),
        last_error: Set(None),
    }
    .insert(conn)
    .await?;
    Ok(id)
}

/// Queues one event per payload inside the caller's transaction, in multi-row inserts (a bulk
/// change such as an import).
pub async fn enqueue_many<C: ConnectionTrait>(
    conn: &C,
    at: OffsetDateTime,
    topic: &str,
    payloads: Vec<Value>,
) -> Result<(), DbErr> {
    let mut rows = payloads
        .into_iter()
        .map(|payload| outbox::ActiveModel {
            id: Set(Uuid::now_v7()),
            topic: Set(topic.to_owned()),
            payload: Set(payload),
            created_at: Set(at),
            attempts: Set(0),
            claimed_until: Set(None),
            delivered_at: Set(None),
            last_error: Set(None),
        })
        .peekable();
    while rows.peek().is_some() {
        let chunk: Vec<_> = rows.by_ref().take(1000).collect();
        outbox::Entity::insert_many(chunk).exec(conn).await?;
    }
    Ok(())
}

/// Claims up to `limit` undelivered events for this worker, in one transaction. On
/// PostgreSQL the candidates are read `FOR UPDATE SKIP LOCKED`: workers in other processes
/// skip rows one of them is claiming instead of queueing behind it or claiming it twice; on
/// SQLite the write transaction is the only writer. A claim lasts [`CLAIM_FOR`]; an event
/// whose worker died is claimed again after it.
pub async fn claim(
    db: &DatabaseConnection,
    now: OffsetDateTime,
    limit: u64,
) -> Result<Vec<outbox::Model>, DbErr> {
    let txn = begin_write(db).await?;
    let free = Condition::any()
        .add(outbox::Column::ClaimedUntil.is_null())
        .add(outbox::Column::ClaimedUntil.lt(now));
    let mut q = outbox::Entity::find()
        .filter(outbox::Column::DeliveredAt.is_null())
        .filter(free)
        .order_by_asc(outbox::Column::Id)
        .limit(limit);
    if txn.get_database_backend() == DbBackend::Postgres {
        q = q.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
    }
    let claimed = q.all(&txn).await?;
    if !claimed.is_empty() {
        outbox::Entity::update_many()
            .col_expr(outbox::Column::ClaimedUntil, Expr::value(now + CLAIM_FOR))
            .col_expr(
                outbox::Column::Attempts,
                Expr::col(outbox::Column::Attempts).add(1),
            )
            .filter(outbox::Column::Id.is_in(claimed.iter().map(|e| e.id)))
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(claimed)
}

/// Marks an event delivered.
pub async fn delivered<C: ConnectionTrait>(
    conn: &C,
    id: Uuid,
    at: OffsetDateTime,
) -> Result<(), DbErr> {
    outbox::Entity::update_many()
        .col_expr(outbox::Column::DeliveredAt, Expr::value(at))
        .col_expr(
            outbox::Column::LastError,
            Expr::value(Option::<String>::None),
        )
        .filter(outbox::Column::Id.eq(id))
        .exec(conn)
        .await?;
    Ok(())
}

/// Records a failed attempt; the claim lapses and the event is retried later.
pub async fn failed<C: ConnectionTrait>(conn: &C, id: Uuid, error: &str) -> Result<(), DbErr> {
    outbox::Entity::update_many()
        .col_expr(
            outbox::Column::LastError,
            Expr::value(error.chars().take(500).collect::<String>()),
        )
        .filter(outbox::Column::Id.eq(id))
        .exec(conn)
        .await?;
    Ok(())
}
