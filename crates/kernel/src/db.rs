//! Transactions that hold invariants on both databases, and planner statistics.

use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr,
    EntityTrait, ModelTrait, QueryFilter, QuerySelect, SqliteTransactionMode, Statement,
    TransactionOptions, TransactionTrait, UpdateMany, Value,
};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// Begins a write transaction. On SQLite this is `BEGIN IMMEDIATE`, which takes the write lock
/// up front: a transaction that reads and then writes can never fail half-way with a
/// busy-snapshot error. PostgreSQL uses its default (READ COMMITTED) plus row locks and
/// conditional updates in the services.
pub async fn begin_write(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    let options = TransactionOptions {
        sqlite_transaction_mode: (db.get_database_backend() == DbBackend::Sqlite)
            .then_some(SqliteTransactionMode::Immediate),
        ..Default::default()
    };
    db.begin_with_options(options).await
}

/// `UPDATE`s of a row that carries a `version` (what the API answers as its `ETag`).
pub trait VersionedUpdate {
    type Column;
    /// `SET version = version + 1`: every change moves the row's version on, also one that
    /// matches the row by something else (its status).
    fn bump_version(self, version: Self::Column) -> Self;
    /// `SET version = version + 1 … AND version = read`: the change applies only to the
    /// version the caller read (optimistic concurrency); no row affected means that another
    /// change came first.
    fn at_version(self, version: Self::Column, read: i32) -> Self;
}

impl<E: EntityTrait> VersionedUpdate for UpdateMany<E> {
    type Column = E::Column;

    fn bump_version(self, version: E::Column) -> Self {
        self.col_expr(version, Expr::col(version).add(1))
    }

    fn at_version(self, version: E::Column, read: i32) -> Self {
        self.bump_version(version).filter(version.eq(read))
    }
}

/// True when the error is a unique-constraint violation (both backends).
pub fn is_unique_violation(err: &DbErr) -> bool {
    matches!(
        err.sql_err(),
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
    )
}

/// A database refusal that the client's input caused, not a fault of the server. The domains
/// check what they can before they write (a reference exists, a name is free); this is the
/// net under them, so that a check a domain forgot is a 4xx and not a 500.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClientFault {
    /// A foreign key names a row that does not exist.
    DanglingReference,
    /// A unique key is taken.
    Duplicate,
    /// Text the database cannot store (PostgreSQL refuses NUL: SQLSTATE 22021, 22P05).
    UnstorableText,
    /// A value out of the column's range (too long, numeric or date overflow).
    OutOfRange,
}

/// Classifies a database error as one the client caused, or `None` for a server fault.
pub fn client_fault(err: &DbErr) -> Option<ClientFault> {
    match err.sql_err() {
        Some(sea_orm::SqlErr::ForeignKeyConstraintViolation(_)) => {
            return Some(ClientFault::DanglingReference);
        }
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => return Some(ClientFault::Duplicate),
        _ => {}
    }
    let (DbErr::Exec(sea_orm::RuntimeErr::SqlxError(e))
    | DbErr::Query(sea_orm::RuntimeErr::SqlxError(e))) = err
    else {
        return None;
    };
    let sea_orm::sqlx::Error::Database(e) = &**e else {
        return None;
    };
    match e.code().as_deref() {
        Some("22021" | "22P05") => Some(ClientFault::UnstorableText),
        Some("22001" | "22003" | "22008") => Some(ClientFault::OutOfRange),
        _ => None,
    }
}

/// Lets SQLite's planner know the data. Without statistics it guesses, and for a page like
/// "persons of these employers, by id, 21 rows" it may sort every visible row instead of
/// walking the primary key and stopping after 21 (see docs/BENCHMARKS.md). `PRAGMA optimize`
/// analyses only tables that were never analysed or have changed much since, within a bounded
/// sample, so it is cheap enough to run at start-up and periodically, as SQLite recommends.
///
/// Only the per-index averages (`sqlite_stat1`) are kept. The bundled SQLite is built with
/// STAT4, whose value samples make the planner look at the *bound* parameter values; a
/// statement planned that way is thrown away and compiled again every time a parameter is
/// re-bound, which costs more than the better estimate gains for our parameterised queries.
/// PostgreSQL keeps its statistics itself (autovacuum); nothing to do there.
pub async fn refresh_planner_statistics(db: &DatabaseConnection) -> Result<(), DbErr> {
    if db.get_database_backend() != DbBackend::Sqlite {
        return Ok(());
    }
    db.execute_unprepared("PRAGMA optimize=0x10002").await?;
    let stat4 = db
        .query_one_raw(Statement::from_string(
            DbBackend::Sqlite,
            "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat4'",
        ))
        .await?;
    if stat4.is_some() {
        db.execute_unprepared("DELETE FROM sqlite_stat4; ANALYZE sqlite_schema")
            .await?;
    }
    Ok(())
}

/// The rows of `E` whose `id` is among `ids`, by id: what a list reads once for the objects
/// its rows name (the persons of a class's enrolments, say) instead of once per row; one
/// statement, none when `ids` is empty.
pub async fn rows_by_id<E, C>(
    conn: &C,
    id: E::Column,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<HashMap<Uuid, E::Model>, DbErr>
where
    E: EntityTrait,
    C: ConnectionTrait,
{
    let ids: HashSet<Uuid> = ids.into_iter().collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows = E::find().filter(id.is_in(ids)).all(conn).await?;
    Ok(rows
        .into_iter()
        .filter_map(|m| match m.get(id) {
            Value::Uuid(Some(key)) => Some((key, m)),
            _ => None,
        })
        .collect())
}

/// The `name` column of the rows of `E` whose `id` is among `ids`, by id: one statement for a
/// page's worth of names (the audit log's actors and objects, say), none when `ids` is empty.
pub async fn names_by_id<E, C>(
    conn: &C,
    id: E::Column,
    name: E::Column,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<HashMap<Uuid, String>, DbErr>
where
    E: EntityTrait,
    C: ConnectionTrait,
{
    let ids: HashSet<Uuid> = ids.into_iter().collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(Uuid, String)> = E::find()
        .select_only()
        .column(id)
        .column(name)
        .filter(id.is_in(ids))
        .into_tuple()
        .all(conn)
        .await?;
    Ok(rows.into_iter().collect())
}
