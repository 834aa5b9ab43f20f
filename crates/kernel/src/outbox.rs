//! Domain events for the world outside the transaction (SMS, e-mail, regulator feeds,
//! higher domains). Written in the same transaction as the change, delivered at least once by
//! a background worker that any number of stateless processes may run.

use crate::entity::outbox;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
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

/// Claims up to `limit` undelivered events for this worker. The claim is a conditional update,
/// so two processes never deliver the same event at the same time.
pub async fn claim<C: ConnectionTrait>(
    conn: &C,
    now: OffsetDateTime,
    limit: u64,
) -> Result<Vec<outbox::Model>, DbErr> {
    let free = Condition::any()
        .add(outbox::Column::ClaimedUntil.is_null())
        .add(outbox::Column::ClaimedUntil.lt(now));
    let candidates = outbox::Entity::find()
        .filter(outbox::Column::DeliveredAt.is_null())
        .filter(free.clone())
        .order_by_asc(outbox::Column::Id)
        .limit(limit)
        .all(conn)
        .await?;
    let mut claimed = Vec::with_capacity(candidates.len());
    for ev in candidates {
        let res = outbox::Entity::update_many()
            .col_expr(outbox::Column::ClaimedUntil, Expr::value(now + CLAIM_FOR))
            .col_expr(
                outbox::Column::Attempts,
                Expr::col(outbox::Column::Attempts).add(1),
            )
            .filter(outbox::Column::Id.eq(ev.id))
            .filter(outbox::Column::DeliveredAt.is_null())
            .filter(free.clone())
            .exec(conn)
            .await?;
        if res.rows_affected == 1 {
            claimed.push(ev);
        }
    }
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
