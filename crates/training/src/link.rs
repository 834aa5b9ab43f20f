//! Link rows: a row that ties two others — a class in a plan, a teacher on a class — and may
//! exist once, which a unique index holds (so two concurrent requests cannot both link).

use crate::error::{Result, TrainingError};
use kernel::Actor;
use kernel::audit::AuditEntry;
use sea_orm::{
    ActiveModelBehavior, ActiveModelTrait, ConnectionTrait, EntityTrait, IntoActiveModel,
};
use time::OffsetDateTime;

/// What refuses a second link: its conflict code, and the message in Chinese and in English.
pub type Taken = (&'static str, &'static str, &'static str);

/// Writes the link `row` and its `audit` row, made by `actor` `at` the row's own time; a link
/// that exists already is the conflict `taken` (409).
pub async fn insert_link<A, C>(
    conn: &C,
    row: A,
    taken: Taken,
    audit: AuditEntry<'_>,
    actor: &Actor,
    at: OffsetDateTime,
) -> Result<()>
where
    A: ActiveModelTrait + ActiveModelBehavior + Send,
    <A::Entity as EntityTrait>::Model: IntoActiveModel<A>,
    C: ConnectionTrait,
{
    let (code, zh, en) = taken;
    row.insert(conn)
        .await
        .map_err(TrainingError::on_unique(code, zh, en))?;
    audit.record(conn, actor, at).await?;
    Ok(())
}
