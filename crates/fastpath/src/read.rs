//! The hot read path: small, bounded reads that run on every request (the session check, a
//! page of a list) defined once as a sea-query statement and executed by whichever driver is
//! cheaper for the database at hand.
//!
//! On PostgreSQL that is sea-orm/sqlx as everywhere else. On SQLite, sqlx hands every query to
//! a per-connection worker thread and back; that hand-off costs ~150 µs of CPU per query, far
//! more than SQLite's own work (a primary-key lookup or a 21-row page takes a few µs to tens of
//! µs). So for SQLite the statement runs here on the calling thread through a read-only
//! `rusqlite` connection of that thread, with cached prepared statements (no lock between
//! workers: each worker thread keeps its own connection per database file). WAL mode lets these
//! readers run beside sqlx's writer, and each statement sees everything committed before it
//! started, so a client reads its own acknowledged writes. A request that only reads runs in
//! [`one_snapshot`]: its statements then share one read transaction that starts at its first
//! read. See docs/DECISIONS.md (decisions 20 and 31) and docs/BENCHMARKS.md for the
//! measurements behind this.
//!
//! Only bounded statements belong here (lookups by key, pages capped by
//! [`kernel::page::MAX_LIMIT`]): they block the calling worker for as long as SQLite works.
//! Writes, transactions and long reads stay on sea-orm.

use sea_orm::sea_query::{PostgresQueryBuilder, SelectStatement, SqliteQueryBuilder, Value};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, DbErr, QueryResult, Statement};
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use time::format_description::BorrowedFormatItem;
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

/// How sqlx-sqlite stores a `time::Date`.
const ISO_DATE: &[BorrowedFormatItem<'static>] = format_description!("[year]-[month]-[day]");
/// SQLite read connections one thread keeps open, one per database file it read lately
/// (a server has one file; a test process opens many, each briefly).
const READERS_PER_THREAD: usize = 4;
/// Prepared statements cached per SQLite read connection.
const STATEMENT_CACHE: usize = 64;

/// Executes hot reads; cheap to clone.
#[derive(Clone)]
pub struct Reader {
    db: DatabaseConnection,
    sqlite: Option<Arc<SqliteReaders>>,
}

impl std::fmt::Debug for Reader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reader")
            .field("backend", &self.db.get_database_backend())
            .field("sqlite_readers", &self.sqlite.is_some())
            .finish()
    }
}

impl Reader {
    /// Uses the SQLite file behind `db` when there is one (an in-memory database has no file
    /// another connection could open, so it stays on sqlx).
    pub fn new(db: DatabaseConnection) -> Self {
        let sqlite = (db.get_database_backend() == DbBackend::Sqlite)
            .then(|| {
                let path = db
                    .get_sqlite_connection_pool()
                    .connect_options()
                    .get_filename()
                    .to_path_buf();
                let name = path.to_string_lossy();
                (!name.is_empty() && name != ":memory:" && !name.starts_with("file::memory:")).then(
                    || {
                        Arc::new(SqliteReaders {
                            path,
                            id: NEXT_READERS.fetch_add(1, Ordering::Relaxed),
                        })
                    },
                )
            })
            .flatten();
        Reader { db, sqlite }
    }

    /// Runs `stmt` (with at most `limit` rows when given) and maps each row.
    pub async fn rows<T>(
        &self,
        stmt: &SelectStatement,
        limit: Option<u64>,
        map: impl Fn(&dyn Row) -> Result<T, DbErr>,
    ) -> Result<Vec<T>, DbErr> {
        let mut out = Vec::new();
        self.for_each(stmt, limit, |r| {
            out.push(map(r)?);
            Ok(())
        })
        .await?;
        Ok(out)
    }

    /// Runs `stmt` (with at most `limit` rows when given) and hands each row to `visit`
    /// while it is still the driver's, e.g. to write it out without copying it first.
    pub async fn for_each(
        &self,
        stmt: &SelectStatement,
        limit: Option<u64>,
        mut visit: impl FnMut(&dyn Row) -> Result<(), DbErr>,
    ) -> Result<(), DbErr> {
        match &self.sqlite {
            Some(readers) => readers.for_each(stmt, limit, &mut visit),
            None => {
                let backend = self.db.get_database_backend();
                let (mut sql, values) = match backend {
                    DbBackend::Postgres => stmt.build(PostgresQueryBuilder),
                    _ => stmt.build(SqliteQueryBuilder),
                };
                // A literal LIMIT, as on SQLite: with a bound LIMIT PostgreSQL's generic plan
                // guesses a tenth of the table, looks worse than a custom plan, and so the
                // statement was planned again on every call (docs/BENCHMARKS.md, session 6).
                if let Some(n) = limit {
                    sql.push_str(&format!(" LIMIT {n}"));
                }
                let stmt = Statement::from_sql_and_values(backend, sql, values);
                for r in self.db.query_all_raw(stmt).await? {
                    visit(&r)?;
                }
                Ok(())
            }
        }
    }

    /// The first row of `stmt`, if any.
    pub async fn row<T>(
        &self,
        stmt: &SelectStatement,
        map: impl Fn(&dyn Row) -> Result<T, DbErr>,
    ) -> Result<Option<T>, DbErr> {
        Ok(self.rows(stmt, Some(1), map).await?.into_iter().next())
    }
}

/// Read-only connections to one SQLite file, one per thread that reads it.
struct SqliteReaders {
    path: PathBuf,
    /// Tells this file's connections apart in a thread's cache (an address could be reused).
    id: u64,
}

static NEXT_READERS: AtomicU64 = AtomicU64::new(0);

thread_local! {
    /// This thread's open read connections, by `SqliteReaders::id`.
    static THREAD_READERS: RefCell<HashMap<u64, rusqlite::Connection>> =
        RefCell::new(HashMap::new());
}

impl SqliteReaders {
    fn open(&self) -> rusqlite::Result<rusqlite::Connection> {
        use rusqlite::OpenFlags;
        let conn = rusqlite::Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        Ok(conn)
    }

    /// This thread's connection to the file (taken out while in use, so a nested read on the
    /// same thread opens its own), or a new one.
    fn take(&self) -> Result<rusqlite::Connection, DbErr> {
        match THREAD_READERS.with(|m| m.borrow_mut().remove(&self.id)) {
            Some(c) => Ok(c),
            None => self.open().map_err(sqlite_err),
        }
    }

    fn for_each(
        &self,
        stmt: &SelectStatement,
        limit: Option<u64>,
        visit: &mut dyn FnMut(&dyn Row) -> Result<(), DbErr>,
    ) -> Result<(), DbErr> {
        let (mut sql, values) = stmt.build(SqliteQueryBuilder);
        // A literal LIMIT: SQLite re-plans a statement whose bound LIMIT value changes, and the
        // planner needs to see the limit to walk the primary key instead of sorting everything.
        if let Some(n) = limit {
            sql.push_str(&format!(" LIMIT {n}"));
        }
        let params = values
            .0
            .into_iter()
            .map(to_sqlite)
            .collect::<Result<Vec<_>, _>>()?;
        let mut run = |conn: &rusqlite::Connection| -> Result<(), DbErr> {
            let mut prepared = conn.prepare_cached(&sql).map_err(sqlite_err)?;
            let mut rows = prepared
                .query(rusqlite::params_from_iter(params.iter()))
                .map_err(sqlite_err)?;
            while let Some(row) = rows.next().map_err(sqlite_err)? {
                visit(row)?;
            }
            Ok(())
        };
        let in_snapshot = SNAPSHOT.try_with(|slot| self.in_snapshot(slot, &mut run));
        if let Ok(Some(out)) = in_snapshot {
            return out;
        }
        let conn = self.take()?;
        let out = run(&conn);
        give_back(self.id, conn);
        out
    }

    /// Runs `run` on the request's connection inside its read transaction, parking one there
    /// (and beginning the transaction) at the request's first read. `None` when there is no
    /// connection to share: the request reads another file, or an outer read of the same
    /// request is still using it (then the caller reads on a connection of its own).
    fn in_snapshot(
        &self,
        slot: &RefCell<Option<Parked>>,
        run: &mut dyn FnMut(&rusqlite::Connection) -> Result<(), DbErr>,
    ) -> Option<Result<(), DbErr>> {
        let mut slot = slot.try_borrow_mut().ok()?;
        if slot.is_none() {
            let conn = self.take().ok()?;
            conn.execute_batch("BEGIN").ok()?;
            *slot = Some(Parked {
                readers: self.id,
                conn,
            });
        }
        let parked = slot.as_ref().filter(|p| p.readers == self.id)?;
        Some(run(&parked.conn))
    }
}

/// A request's read connection, in a read transaction since the request's first hot read.
struct Parked {
    readers: u64,
    conn: rusqlite::Connection,
}

tokio::task_local! {
    /// The connection the current request reads through, once it has read (see [`one_snapshot`]).
    static SNAPSHOT: RefCell<Option<Parked>>;
}

/// Runs `request` (one that does not write) so that its hot reads on SQLite all see one
/// snapshot of the database: the session check and the page it then reads come from the
/// same moment, and the pair costs one read transaction instead of one per statement. Every
/// read transaction takes and drops a WAL read-mark lock, which is an `fcntl` system call
/// whenever no other connection of the process holds that mark, and a contended mutex when
/// one does; on the persons list that was a sixth of the request's CPU time
/// (docs/BENCHMARKS.md, session 5). The snapshot is the request's own: it starts at the
/// request's first read, after everything the client saw acknowledged, and it ends when the
/// request's answer is ready. Requests that write must not run in one (their reads after a
/// write would not see it); the HTTP layer uses it for GET and HEAD only.
pub async fn one_snapshot<F: std::future::Future>(request: F) -> F::Output {
    SNAPSHOT
        .scope(RefCell::new(None), async move {
            let out = request.await;
            let parked = SNAPSHOT
                .try_with(|slot| slot.try_borrow_mut().ok().and_then(|mut s| s.take()))
                .ok()
                .flatten();
            if let Some(p) = parked
                && p.conn.execute_batch("COMMIT").is_ok()
            {
                give_back(p.readers, p.conn);
            }
            out
        })
        .await
}

/// Keeps `conn` as this thread's connection to the file of `readers`.
fn give_back(readers: u64, conn: rusqlite::Connection) {
    THREAD_READERS.with(|m| {
        let mut m = m.borrow_mut();
        if m.len() >= READERS_PER_THREAD {
            // Files read earlier on this thread (closed test databases): let them go.
            m.clear();
        }
        m.insert(readers, conn);
    });
}

fn sqlite_err(e: rusqlite::Error) -> DbErr {
    DbErr::Custom(format!("sqlite read: {e}"))
}

/// Binds a sea-query value the way sqlx-sqlite stores it, so both drivers agree on the bytes.
fn to_sqlite(v: Value) -> Result<rusqlite::types::Value, DbErr> {
    use rusqlite::types::Value as S;
    fn opt<T>(v: Option<T>, f: impl FnOnce(T) -> S) -> S {
        v.map_or(S::Null, f)
    }
    Ok(match v {
        Value::Bool(b) => opt(b, |b| S::Integer(b.into())),
        Value::TinyInt(i) => opt(i, |i| S::Integer(i.into())),
        Value::SmallInt(i) => opt(i, |i| S::Integer(i.into())),
        Value::Int(i) => opt(i, |i| S::Integer(i.into())),
        Value::BigInt(i) => opt(i, S::Integer),
        Value::TinyUnsigned(i) => opt(i, |i| S::Integer(i.into())),
        Value::SmallUnsigned(i) => opt(i, |i| S::Integer(i.into())),
        Value::Unsigned(i) => opt(i, |i| S::Integer(i.into())),
        Value::BigUnsigned(Some(i)) => {
            S::Integer(i64::try_from(i).map_err(|_| DbErr::Custom("integer out of range".into()))?)
        }
        Value::BigUnsigned(None) => S::Null,
        Value::String(s) => opt(s, S::Text),
        Value::Char(c) => opt(c, |c| S::Text(c.to_string())),
        Value::Bytes(b) => opt(b, S::Blob),
        Value::Uuid(u) => opt(u, |u| S::Blob(u.as_bytes().to_vec())),
        Value::TimeDate(d) => opt(d, |d| S::Text(format_date(d))),
        other => {
            return Err(DbErr::Custom(format!(
                "value not supported on the SQLite read path: {other:?}"
            )));
        }
    })
}

fn format_date(d: Date) -> String {
    d.format(ISO_DATE).unwrap_or_default()
}

/// One row of a hot read, by column position in the statement's select list.
pub trait Row {
    fn uuid(&self, i: usize) -> Result<Uuid, DbErr>;
    fn opt_uuid(&self, i: usize) -> Result<Option<Uuid>, DbErr>;
    fn text(&self, i: usize) -> Result<String, DbErr>;
    fn opt_text(&self, i: usize) -> Result<Option<String>, DbErr>;
    /// The text at `i` borrowed from the row where the driver allows it (SQLite), so that a
    /// page written straight to JSON allocates nothing per column.
    fn str_ref(&self, i: usize) -> Result<Option<Cow<'_, str>>, DbErr>;
    fn int(&self, i: usize) -> Result<i64, DbErr>;
    fn date(&self, i: usize) -> Result<Date, DbErr>;
    fn opt_date(&self, i: usize) -> Result<Option<Date>, DbErr>;
    fn datetime(&self, i: usize) -> Result<OffsetDateTime, DbErr>;
}

impl Row for QueryResult {
    fn uuid(&self, i: usize) -> Result<Uuid, DbErr> {
        self.try_get_by_index(i)
    }
    fn opt_uuid(&self, i: usize) -> Result<Option<Uuid>, DbErr> {
        self.try_get_by_index(i)
    }
    fn text(&self, i: usize) -> Result<String, DbErr> {
        self.try_get_by_index(i)
    }
    fn opt_text(&self, i: usize) -> Result<Option<String>, DbErr> {
        self.try_get_by_index(i)
    }
    fn str_ref(&self, i: usize) -> Result<Option<Cow<'_, str>>, DbErr> {
        Ok(self.try_get_by_index::<Option<String>>(i)?.map(Cow::Owned))
    }
    fn int(&self, i: usize) -> Result<i64, DbErr> {
        // PostgreSQL's INTEGER is 32 bits and sqlx will not widen it silently.
        self.try_get_by_index::<i32>(i)
            .map(i64::from)
            .or_else(|_| self.try_get_by_index::<i64>(i))
    }
    fn date(&self, i: usize) -> Result<Date, DbErr> {
        self.try_get_by_index(i)
    }
    fn opt_date(&self, i: usize) -> Result<Option<Date>, DbErr> {
        self.try_get_by_index(i)
    }
    fn datetime(&self, i: usize) -> Result<OffsetDateTime, DbErr> {
        self.try_get_by_index(i)
    }
}

impl Row for rusqlite::Row<'_> {
    fn uuid(&self, i: usize) -> Result<Uuid, DbErr> {
        self.opt_uuid(i)?.ok_or_else(|| null_at(i))
    }
    fn opt_uuid(&self, i: usize) -> Result<Option<Uuid>, DbErr> {
        use rusqlite::types::ValueRef;
        match self.get_ref(i).map_err(sqlite_err)? {
            ValueRef::Null => Ok(None),
            ValueRef::Blob(b) => Uuid::from_slice(b).map(Some).map_err(|e| decode(i, e)),
            ValueRef::Text(t) => std::str::from_utf8(t)
                .map_err(|e| decode(i, e))
                .and_then(|s| Uuid::parse_str(s).map_err(|e| decode(i, e)))
                .map(Some),
            other => Err(decode(i, format!("{:?} is not a UUID", other.data_type()))),
        }
    }
    fn text(&self, i: usize) -> Result<String, DbErr> {
        self.get(i).map_err(sqlite_err)
    }
    fn opt_text(&self, i: usize) -> Result<Option<String>, DbErr> {
        self.get(i).map_err(sqlite_err)
    }
    fn str_ref(&self, i: usize) -> Result<Option<Cow<'_, str>>, DbErr> {
        use rusqlite::types::ValueRef;
        match self.get_ref(i).map_err(sqlite_err)? {
            ValueRef::Null => Ok(None),
            ValueRef::Text(t) => std::str::from_utf8(t)
                .map(|s| Some(Cow::Borrowed(s)))
                .map_err(|e| decode(i, e)),
            other => Err(decode(i, format!("{:?} is not text", other.data_type()))),
        }
    }
    fn int(&self, i: usize) -> Result<i64, DbErr> {
        self.get(i).map_err(sqlite_err)
    }
    fn date(&self, i: usize) -> Result<Date, DbErr> {
        self.opt_date(i)?.ok_or_else(|| null_at(i))
    }
    fn opt_date(&self, i: usize) -> Result<Option<Date>, DbErr> {
        self.str_ref(i)?
            .map(|t| parse_date(&t).map_err(|e| decode(i, e)))
            .transpose()
    }
    fn datetime(&self, i: usize) -> Result<OffsetDateTime, DbErr> {
        let text = self.str_ref(i)?.ok_or_else(|| null_at(i))?;
        parse_datetime(&text).map_err(|e| decode(i, e))
    }
}

/// `YYYY-MM-DD` as sqlx-sqlite stores a date. Read by hand: `time`'s format-description
/// parser cost ~1 800 instructions a date, a list page reads forty of them.
fn parse_date(s: &str) -> Result<Date, time::error::Error> {
    match s.as_bytes() {
        [y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1] => {
            let digits = [y0, y1, y2, y3, m0, m1, d0, d1].map(|b| b.wrapping_sub(b'0'));
            if digits.iter().all(|d| *d <= 9) {
                let n = |a: usize, b: usize| {
                    digits[a..b]
                        .iter()
                        .fold(0u16, |n, d| n * 10 + u16::from(*d))
                };
                let month = time::Month::try_from(n(4, 6) as u8)?;
                return Ok(Date::from_calendar_date(
                    i32::from(n(0, 4)),
                    month,
                    n(6, 8) as u8,
                )?);
            }
            Ok(Date::parse(s, ISO_DATE)?)
        }
        _ => Ok(Date::parse(s, ISO_DATE)?),
    }
}

/// An RFC 3339 timestamp as sqlx-sqlite stores one (`2026-11-23T08:30:15.25Z`). The UTC form
/// with an optional fraction is read by hand; anything else goes to `time`'s parser, which
/// decides what is valid.
fn parse_datetime(s: &str) -> Result<OffsetDateTime, time::error::Error> {
    let b = s.as_bytes();
    let fast = (|| {
        let (head, rest) = b.split_at_checked(19)?;
        let (frac, zulu) = rest.split_at_checked(rest.len().checked_sub(1)?)?;
        if zulu != b"Z" || head[10] != b'T' {
            return None;
        }
        let date = parse_date(std::str::from_utf8(&head[..10]).ok()?).ok()?;
        let two = |at: usize| -> Option<u8> {
            let (a, b) = (head[at].wrapping_sub(b'0'), head[at + 1].wrapping_sub(b'0'));
            (a <= 9 && b <= 9 && (at == 17 || head[at + 2] == b':')).then_some(a * 10 + b)
        };
        let (h, m, sec) = (two(11)?, two(14)?, two(17)?);
        let nanos = match frac {
            [] => 0,
            [b'.', digits @ ..] if (1..=9).contains(&digits.len()) => {
                let mut n = 0u32;
                for d in digits {
                    let d = d.wrapping_sub(b'0');
                    if d > 9 {
                        return None;
                    }
                    n = n * 10 + u32::from(d);
                }
                n * 10u32.pow(9 - digits.len() as u32)
            }
            _ => return None,
        };
        let time = time::Time::from_hms_nano(h, m, sec, nanos).ok()?;
        Some(date.with_time(time).assume_utc())
    })();
    match fast {
        Some(t) => Ok(t),
        None => Ok(OffsetDateTime::parse(s, &Rfc3339)?),
    }
}

fn null_at(i: usize) -> DbErr {
    DbErr::Custom(format!("column {i} is NULL"))
}

fn decode(i: usize, e: impl std::fmt::Display) -> DbErr {
    DbErr::Custom(format!("column {i}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
    use sea_orm::{Database, Statement};

    /// Inside [`one_snapshot`] every hot read sees the moment of the request's first read,
    /// also after another connection commits; the next request sees the commit.
    #[tokio::test]
    async fn a_request_reads_one_snapshot_and_the_next_request_sees_later_commits()
    -> Result<(), DbErr> {
        let dir = std::env::temp_dir().join(format!("seforce-snap-{}", Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).map_err(|e| DbErr::Custom(e.to_string()))?;
        let url = format!("sqlite://{}?mode=rwc", dir.join("t.db").display());
        let db = Database::connect(&url).await?;
        db.execute_unprepared("PRAGMA journal_mode=WAL").await?;
        db.execute_unprepared("CREATE TABLE t (n INTEGER NOT NULL)")
            .await?;
        db.execute_unprepared("INSERT INTO t VALUES (1)").await?;
        let reader = Reader::new(db.clone());
        let count = Query::select()
            .expr(Expr::cust("COUNT(*)"))
            .from(Alias::new("t"))
            .to_owned();
        let read = || async { reader.row(&count, |r| r.int(0)).await };
        let (first, after_commit) = one_snapshot(async {
            let first = read().await?;
            db.execute_unprepared("INSERT INTO t VALUES (2)").await?;
            Ok::<_, DbErr>((first, read().await?))
        })
        .await?;
        assert_eq!(first, Some(1));
        assert_eq!(
            after_commit,
            Some(1),
            "the same snapshot within the request"
        );
        assert_eq!(read().await?, Some(2), "outside it, every read is its own");
        assert_eq!(
            one_snapshot(read()).await?,
            Some(2),
            "the next request's snapshot starts at its first read"
        );
        let _ = std::fs::remove_dir_all(&dir);
        Ok(())
    }

    /// The hand-written readers agree with `time`'s parsers, and leave to them what they
    /// do not read themselves (offsets, odd shapes, invalid values are still refused).
    #[test]
    fn dates_and_datetimes_read_as_time_parses_them() {
        for s in ["2026-11-23", "1960-02-29", "0001-01-01", "9999-12-31"] {
            assert_eq!(parse_date(s).ok(), Date::parse(s, ISO_DATE).ok(), "{s}");
        }
        for s in [
            "2026-02-30",
            "2026-13-01",
            "2026-1-01",
            "20261-01-01",
            "abcd-ef-gh",
            "",
        ] {
            assert!(parse_date(s).is_err(), "{s}");
        }
        for s in [
            "2026-11-23T08:30:15Z",
            "2026-11-23T08:30:15.25Z",
            "2026-11-23T08:30:15.209239Z",
            "2026-11-23T08:30:15.123456789Z",
            "2026-11-23T08:30:15+08:00",
            "2026-11-23T08:30:15.5-05:30",
            "2026-11-23t08:30:15z",
            "2026-11-23T24:30:15Z",
            "2026-11-23T08:60:15Z",
            "2026-02-30T08:30:15Z",
            "2026-11-23T08:30:15.Z",
            "2026-11-23T08:30:15.1234567890Z",
            "2026-11-23 08:30:15Z",
            "2026-11-23T08:30:15",
            "2026-11-23T08:30:1xZ",
        ] {
            assert_eq!(
                parse_datetime(s).ok(),
                OffsetDateTime::parse(s, &Rfc3339).ok(),
                "{s}"
            );
        }
        for s in [
            "2026-11-23T24:30:15Z",
            "2026-11-23T08:60:15Z",
            "2026-11-23T08:30:15",
        ] {
            assert!(parse_datetime(s).is_err(), "{s}");
        }
    }

    /// The rusqlite path reads back exactly what sqlx wrote and binds filters the way sqlx
    /// stores them; the sqlx path over the same file gives the same rows.
    #[tokio::test]
    async fn sqlite_read_path_agrees_with_sqlx() -> Result<(), DbErr> {
        let dir = std::env::temp_dir().join(format!("seforce-read-{}", Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).map_err(|e| DbErr::Custom(e.to_string()))?;
        let url = format!("sqlite://{}?mode=rwc", dir.join("t.db").display());
        let db = Database::connect(&url).await?;
        db.execute_unprepared(
            "CREATE TABLE t (id BLOB PRIMARY KEY, name TEXT NOT NULL, born TEXT NOT NULL, \
             note TEXT, owner BLOB, n INTEGER NOT NULL, at TEXT NOT NULL)",
        )
        .await?;
        let at = time::macros::datetime!(2026-11-23 08:30:15.25 +08:00);
        let ids: Vec<Uuid> = (0..3).map(|_| Uuid::now_v7()).collect();
        for (i, id) in ids.iter().enumerate() {
            let owner = (i == 1).then(Uuid::now_v7);
            db.execute_raw(Statement::from_sql_and_values(
                DbBackend::Sqlite,
                "INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (*id).into(),
                    format!("name {i}").into(),
                    time::macros::date!(1990 - 02 - 28).into(),
                    (i == 2).then(|| "note".to_owned()).into(),
                    owner.into(),
                    (i as i32).into(),
                    at.into(),
                ],
            ))
            .await?;
        }
        let fast = Reader::new(db.clone());
        assert!(
            fast.sqlite.is_some(),
            "a file database uses the rusqlite path"
        );
        let slow = Reader {
            db: db.clone(),
            sqlite: None,
        };
        let stmt = Query::select()
            .columns(["id", "name", "born", "note", "owner", "n", "at"].map(Alias::new))
            .from(Alias::new("t"))
            .and_where(Expr::col(Alias::new("id")).gt(ids[0]))
            .and_where(Expr::col(Alias::new("born")).eq(time::macros::date!(1990 - 02 - 28)))
            .order_by(Alias::new("id"), sea_orm::sea_query::Order::Asc)
            .to_owned();
        type Out = (
            Uuid,
            String,
            Date,
            Option<String>,
            Option<Uuid>,
            i64,
            OffsetDateTime,
        );
        let map = |r: &dyn Row| -> Result<Out, DbErr> {
            Ok((
                r.uuid(0)?,
                r.text(1)?,
                r.date(2)?,
                r.opt_text(3)?,
                r.opt_uuid(4)?,
                r.int(5)?,
                r.datetime(6)?,
            ))
        };
        let a = fast.rows(&stmt, Some(10), map).await?;
        let b = slow.rows(&stmt, Some(10), map).await?;
        assert_eq!(a, b);
        assert_eq!(a.len(), 2, "the id filter binds like sqlx stores uuids");
        assert_eq!(a[0].0, ids[1]);
        assert!(a[0].4.is_some() && a[1].4.is_none());
        assert_eq!(a[1].3.as_deref(), Some("note"));
        assert_eq!(a[0].6, at);
        assert_eq!(
            fast.rows(&stmt, Some(1), map).await?.len(),
            1,
            "literal limit"
        );
        let _ = std::fs::remove_dir_all(&dir);
        Ok(())
    }
}
