//! Transactions that hold invariants on both databases, and planner statistics.

use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr,
    EntityTrait, ExecResult, QueryFilter, QueryResult, QuerySelect, SqliteTransactionMode,
    Statement, TransactionOptions, TransactionTrait, UpdateMany,
};
use std::collections::{HashMap, HashSet};
use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use uuid::Uuid;

/// How long [`begin_write`] waits for its turn at a SQLite database's write gate before it
/// gives up with an error: the busy timeout the server sets on its SQLite connections
/// (`server::connect`), so a writer waits as long as it did when it slept in SQLite's busy
/// handler, and a `begin_write` nested inside another (which can never get the gate) fails
/// after that long instead of hanging.
pub const WRITE_GATE_TIMEOUT: Duration = Duration::from_secs(10);

/// Begins a write transaction. On SQLite this is `BEGIN IMMEDIATE`, which takes the write lock
/// up front: a transaction that reads and then writes can never fail half-way with a
/// busy-snapshot error. PostgreSQL uses its default (READ COMMITTED) plus row locks and
/// conditional updates in the services.
///
/// On SQLite the writer first waits its turn at the database's write gate (see
/// [`WriteTransaction`]), at most [`WRITE_GATE_TIMEOUT`]; PostgreSQL has no gate.
pub async fn begin_write(db: &DatabaseConnection) -> Result<WriteTransaction, DbErr> {
    begin_write_within(db, WRITE_GATE_TIMEOUT).await
}

/// [`begin_write`] with another wait limit for the write gate (tests use a short one).
pub async fn begin_write_within(
    db: &DatabaseConnection,
    gate_timeout: Duration,
) -> Result<WriteTransaction, DbErr> {
    if db.get_database_backend() != DbBackend::Sqlite {
        let txn = db.begin_with_options(TransactionOptions::default()).await?;
        return Ok(WriteTransaction { txn, _turn: None });
    }
    let turn = match sqlite_write_gate(db) {
        Some(gate) => Some(
            tokio::time::timeout(gate_timeout, gate.acquire_owned())
                .await
                .map_err(|_| {
                    DbErr::Custom(format!(
                        "write gate: no turn to write within {gate_timeout:?} (another write \
                         transaction held it; a begin_write nested in another cannot get it)"
                    ))
                })?
                .map_err(|e| DbErr::Custom(format!("write gate closed: {e}")))?,
        ),
        None => None,
    };
    let txn = db
        .begin_with_options(TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..Default::default()
        })
        .await?;
    Ok(WriteTransaction { txn, _turn: turn })
}

/// The write gates of the SQLite databases this process opened, by database file: one
/// semaphore with one permit each. Both the name as configured and its canonical path are keys
/// (of the same gate), so two pools over one file by different paths share it; sqlx names each
/// `sqlite::memory:` database uniquely (`file:sqlx-in-memory-<n>`), so in-memory test databases
/// get a gate each. An entry is a few bytes and a process opens a handful of databases (a test
/// binary a few hundred), so the map is never pruned.
fn sqlite_write_gate(db: &DatabaseConnection) -> Option<Arc<Semaphore>> {
    static GATES: OnceLock<Mutex<HashMap<PathBuf, Arc<Semaphore>>>> = OnceLock::new();
    let options = db.get_sqlite_connection_pool().connect_options();
    let name: &Path = options.get_filename();
    // A private in-memory database (`?mode=memory&cache=private`) is one per connection:
    // nothing to queue for, and no name to key a gate by.
    if name.as_os_str().is_empty() || name == Path::new(":memory:") {
        return None;
    }
    let mut gates = GATES
        .get_or_init(Mutex::default)
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(gate) = gates.get(name) {
        return Some(gate.clone());
    }
    let canonical = std::fs::canonicalize(name).unwrap_or_else(|_| name.to_path_buf());
    let gate = gates
        .entry(canonical)
        .or_insert_with(|| Arc::new(Semaphore::new(1)))
        .clone();
    gates.insert(name.to_path_buf(), gate.clone());
    Some(gate)
}

/// A write transaction from [`begin_write`]: the transaction and, on SQLite, this process's
/// turn at the database's write gate, held until the transaction commits, rolls back or is
/// dropped.
///
/// Why a gate: SQLite has one writer at a time, and a `BEGIN IMMEDIATE` that finds the write
/// lock taken does not queue: SQLite's busy handler sleeps on a fixed back-off schedule (1, 2,
/// 5, 10, 15, 20, 25, 25, 25, 50, 50, 100 ms …) and tries again, so a waiter can sleep far longer
/// than the lock is held, and the unlucky ones of a burst wait on and on. Under the exam surge
/// of issue 16 on a loaded machine that put the p99 of a 5 ms write at 107–183 ms (decision 290,
/// docs/BENCHMARKS.md). The gate is a FIFO async semaphore with one permit per database: the
/// writers of this process queue for it in arrival order and each starts the moment the one
/// before finishes, without holding a pooled connection while it waits. SQLite's lock and busy
/// timeout stay underneath, for writers of other processes (the CLI, a second server) and for
/// writes outside `begin_write` (single autocommit statements), so the gate is a scheduling aid
/// and never what keeps the data correct.
///
/// It derefs to the [`DatabaseTransaction`] and is a [`ConnectionTrait`] itself, so queries
/// run on `&txn` as before, and a function that takes `&DatabaseTransaction` takes `&txn`.
pub struct WriteTransaction {
    // Field order matters: the transaction drops (and starts its rollback) before the turn is
    // handed on.
    txn: DatabaseTransaction,
    _turn: Option<OwnedSemaphorePermit>,
}

impl WriteTransaction {
    /// Commits, then hands the write gate on.
    pub async fn commit(self) -> Result<(), DbErr> {
        self.txn.commit().await
    }

    /// Rolls back, then hands the write gate on.
    pub async fn rollback(self) -> Result<(), DbErr> {
        self.txn.rollback().await
    }
}

impl std::fmt::Debug for WriteTransaction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WriteTransaction")
            .field("gated", &self._turn.is_some())
            .finish_non_exhaustive()
    }
}

impl std::ops::Deref for WriteTransaction {
    type Target = DatabaseTransaction;

    fn deref(&self) -> &DatabaseTransaction {
        &self.txn
    }
}

type DbFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, DbErr>> + Send + 'a>>;

/// Delegates to the transaction (the trait is an `async_trait` one: these are its expanded
/// signatures).
impl ConnectionTrait for WriteTransaction {
    fn get_database_backend(&self) -> DbBackend {
        self.txn.get_database_backend()
    }

    fn execute_raw<'a, 'f>(&'a self, stmt: Statement) -> DbFuture<'f, ExecResult>
    where
        'a: 'f,
        Self: 'f,
    {
        self.txn.execute_raw(stmt)
    }

    fn execute_unprepared<'a, 'b, 'f>(&'a self, sql: &'b str) -> DbFuture<'f, ExecResult>
    where
        'a: 'f,
        'b: 'f,
        Self: 'f,
    {
        self.txn.execute_unprepared(sql)
    }

    fn query_one_raw<'a, 'f>(&'a self, stmt: Statement) -> DbFuture<'f, Option<QueryResult>>
    where
        'a: 'f,
        Self: 'f,
    {
        self.txn.query_one_raw(stmt)
    }

    fn query_all_raw<'a, 'f>(&'a self, stmt: Statement) -> DbFuture<'f, Vec<QueryResult>>
    where
        'a: 'f,
        Self: 'f,
    {
        self.txn.query_all_raw(stmt)
    }

    fn support_returning(&self) -> bool {
        self.txn.support_returning()
    }
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

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use sea_orm::Database;
    use std::task::{Context, Poll, Waker};

    /// A SQLite file in its own temp directory, removed on drop.
    struct TempDb(PathBuf);

    impl TempDb {
        fn new() -> Self {
            let dir = std::env::temp_dir().join(format!("seforce-gate-{}", Uuid::new_v4()));
            std::fs::create_dir_all(&dir).unwrap();
            Self(dir)
        }

        /// A pool over the file, as `server::connect` opens it (WAL, a busy timeout).
        async fn connect(&self) -> DatabaseConnection {
            let url = format!("sqlite://{}?mode=rwc", self.0.join("t.db").display());
            let mut opts = sea_orm::ConnectOptions::new(url);
            opts.max_connections(4).sqlx_logging(false);
            opts.map_sqlx_sqlite_opts(|o| {
                o.journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                    .busy_timeout(Duration::from_secs(10))
            });
            Database::connect(opts).await.unwrap()
        }
    }

    impl Drop for TempDb {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    /// Polls a future once: `Some` when it finished, `None` when it waits (for the gate: the
    /// gate is taken before any I/O, so a writer behind another is pending at its first poll).
    fn poll_once<F: Future + Unpin>(f: &mut F) -> Option<F::Output> {
        match Pin::new(f).poll(&mut Context::from_waker(Waker::noop())) {
            Poll::Ready(out) => Some(out),
            Poll::Pending => None,
        }
    }

    async fn count(c: &impl ConnectionTrait) -> i64 {
        let row = c
            .query_one_raw(Statement::from_string(
                DbBackend::Sqlite,
                "SELECT count(*) AS n FROM t",
            ))
            .await
            .unwrap()
            .unwrap();
        row.try_get("", "n").unwrap()
    }

    #[tokio::test]
    async fn writers_take_turns_at_the_gate_in_arrival_order() {
        let file = TempDb::new();
        let db = file.connect().await;
        db.execute_unprepared("CREATE TABLE t (n INTEGER)")
            .await
            .unwrap();
        let first = begin_write(&db).await.unwrap();
        first
            .execute_unprepared("INSERT INTO t VALUES (1)")
            .await
            .unwrap();
        let mut second = Box::pin(begin_write(&db));
        let mut third = Box::pin(begin_write(&db));
        assert!(poll_once(&mut second).is_none(), "second waits for first");
        assert!(poll_once(&mut third).is_none(), "third waits too");
        first.commit().await.unwrap();
        let second = second.await.unwrap();
        assert_eq!(count(&second).await, 1, "second starts after first's commit");
        assert!(poll_once(&mut third).is_none(), "third waits for second");
        second
            .execute_unprepared("INSERT INTO t VALUES (2)")
            .await
            .unwrap();
        // Dropped without commit: rolled back, and the turn passes on all the same.
        drop(second);
        let third = third.await.unwrap();
        assert_eq!(count(&third).await, 1, "second's insert was rolled back");
        third.rollback().await.unwrap();
        assert!(begin_write(&db).await.is_ok());
    }

    #[tokio::test]
    async fn a_writer_that_gets_no_turn_in_time_is_refused_and_the_gate_stays_usable() {
        let file = TempDb::new();
        let db = file.connect().await;
        let held = begin_write(&db).await.unwrap();
        // What a begin_write nested in another gets: an error, not a hang.
        let err = begin_write_within(&db, Duration::from_millis(20))
            .await
            .unwrap_err();
        assert!(err.to_string().contains("write gate"), "{err}");
        held.commit().await.unwrap();
        let next = begin_write_within(&db, Duration::from_millis(20)).await;
        assert!(next.is_ok(), "{next:?}");
    }

    #[tokio::test]
    async fn the_gate_is_per_database_file() {
        let (a, b) = (TempDb::new(), TempDb::new());
        let (a1, a2, b1) = (a.connect().await, a.connect().await, b.connect().await);
        let on_a = begin_write(&a1).await.unwrap();
        // Another pool over the same file queues behind it ...
        let mut also_a = Box::pin(begin_write(&a2));
        assert!(poll_once(&mut also_a).is_none());
        // ... another file does not, and neither does an in-memory database.
        let on_b = begin_write(&b1).await.unwrap();
        let memory = Database::connect("sqlite::memory:").await.unwrap();
        let on_memory = begin_write(&memory).await.unwrap();
        on_memory.commit().await.unwrap();
        on_b.commit().await.unwrap();
        on_a.commit().await.unwrap();
        also_a.await.unwrap().commit().await.unwrap();
    }
}
