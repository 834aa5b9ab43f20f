//! The SQLite write gate of `kernel::db::begin_write` (decision 290) over the server's own
//! connection: on SQLite a second write transaction waits its turn until the first commits, on
//! PostgreSQL (no gate) both are open at once.

use futures_util::FutureExt;
use kernel::db::begin_write;
use sea_orm::{ConnectionTrait, DbBackend};
use test_support::spawn_app;

#[tokio::test]
async fn a_second_write_transaction_waits_for_the_first_on_sqlite_only() {
    let app = spawn_app().await;
    let db = &app.dir.db;
    let first = begin_write(db).await.unwrap();
    let mut second = Box::pin(begin_write(db));
    if db.get_database_backend() == DbBackend::Sqlite {
        // The gate is taken before any I/O: a writer behind another is pending at once.
        assert!((&mut second).now_or_never().is_none(), "second waits");
        first.commit().await.unwrap();
        second.await.unwrap().commit().await.unwrap();
    } else {
        let second = second.await.unwrap();
        second.commit().await.unwrap();
        first.commit().await.unwrap();
    }
}
