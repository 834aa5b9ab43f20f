//! The `seforce` server: wiring configuration, database, domain services and the HTTP app,
//! plus the background job runner, outbox worker and audit sequencer. Tests start the same server through [`start`].

pub mod config;
pub mod jobs;
pub mod listen;
pub mod outbox;
pub mod sequencer;

use config::Config;
use directory::{AuthConfig, Directory};
use kernel::crypto::PiiCipher;
use kernel::{Clock, SystemClock};
use migration::MigratorTrait;
use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbErr};
use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error(transparent)]
    Config(#[from] config::ConfigError),
    #[error("database: {0}")]
    Db(#[from] DbErr),
    #[error("data key: {0}")]
    Key(#[from] kernel::crypto::CryptoError),
    #[error("{0}")]
    Directory(#[from] directory::DirectoryError),
    #[error("{0}")]
    Training(#[from] training::TrainingError),
    #[error("io: {0}")]
    Io(#[from] std::io::Error),
}

/// Opens the database. SQLite runs in WAL mode with synchronous=FULL (an acknowledged write
/// survives a killed process), foreign keys on, and a busy timeout so writers queue.
pub async fn connect(url: &str, pool: Option<u32>) -> Result<DatabaseConnection, DbErr> {
    let mut opts = ConnectOptions::new(url.to_owned());
    let sqlite = url.starts_with("sqlite:");
    opts.max_connections(pool.unwrap_or(if sqlite { 8 } else { 16 }))
        .min_connections(1)
        .connect_timeout(Duration::from_secs(10))
        .acquire_timeout(Duration::from_secs(30))
        .sqlx_logging(false);
    if sqlite {
        // An embedded connection cannot have been dropped by a server, so sqlx's ping before
        // every checkout is a wasted round trip to the connection's worker thread.
        opts.test_before_acquire(false);
        opts.map_sqlx_sqlite_opts(|o| {
            use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
            o.journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Full)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10))
        });
    } else {
        // A server connection can go stale; only one idle for a while is worth a ping.
        opts.test_before_acquire_if_idle_for(Duration::from_secs(30));
    }
    Database::connect(opts).await
}

/// Applies pending migrations, then refreshes the planner's statistics.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    migration::Migrator::up(db, None).await?;
    kernel::db::refresh_planner_statistics(db).await
}

/// Refreshes planner statistics every hour while the process runs (SQLite's advice for
/// long-lived applications); a failure is logged and retried at the next tick.
async fn keep_statistics_fresh(db: DatabaseConnection) {
    let mut tick = tokio::time::interval(Duration::from_secs(3600));
    tick.tick().await;
    loop {
        tick.tick().await;
        if let Err(e) = kernel::db::refresh_planner_statistics(&db).await {
            tracing::warn!(error = %e, "refreshing planner statistics failed");
        }
    }
}

/// How often the server hands in exam attempts whose deadline has passed.
const HAND_IN_EVERY: Duration = Duration::from_secs(15);

/// Hands in open exam attempts past their deadline (issue 16): any process may, as each
/// hand-in is a conditional update of one attempt. A reader of an attempt hands it in too, so
/// this only bounds how long an abandoned attempt stays open.
async fn hand_in_at_deadlines(exams: exams::Exams) {
    let mut tick = tokio::time::interval(HAND_IN_EVERY);
    loop {
        tick.tick().await;
        match exams.close_overdue().await {
            Ok(0) => {}
            Ok(n) => tracing::info!(attempts = n, "handed in exam attempts at their deadline"),
            Err(e) => tracing::warn!(error = %e, "handing in exam attempts failed"),
        }
    }
}

/// Builds the directory service from configuration.
pub fn directory(
    cfg: &Config,
    db: DatabaseConnection,
    clock: Arc<dyn Clock>,
) -> Result<Directory, ServerError> {
    let mut auth = AuthConfig::new(&cfg.jwt_secret);
    auth.password_min_length = cfg.password_min_length;
    Ok(Directory {
        reader: fastpath::Reader::new(db.clone()),
        db,
        clock,
        cipher: PiiCipher::new(&cfg.data_key)?,
        auth: Arc::new(auth),
        sessions: directory::sessions::Sessions::default(),
    })
}

/// The audit chain's keys from configuration.
pub fn audit_keys(cfg: &Config) -> sequencer::AuditKeys {
    sequencer::AuditKeys::new(cfg.audit_key, cfg.audit_signing_key)
}

/// Starts the HTTP server on `listener`, the job runner, the audit sequencer and the outbox
/// worker; returns the server future.
pub fn start(
    cfg: &Config,
    dir: Directory,
    listener: TcpListener,
) -> Result<actix_web::dev::Server, ServerError> {
    let runner = jobs::runner(&dir);
    let training = training::Training { dir: dir.clone() };
    let state = api::AppState {
        dir: dir.clone(),
        exams: exams::Exams::new(training.clone()),
        training,
        spa_dir: Some(cfg.spa_dir.clone()),
        data_dir: cfg.data_dir.clone(),
        jobs: runner.waker(),
    };
    let server = listen::serve(state, listener, cfg.workers, 10)?;
    tokio::spawn(keep_statistics_fresh(dir.db.clone()));
    if dir.db.get_database_backend() == sea_orm::DbBackend::Postgres {
        tokio::spawn(dir.sessions.clone().listen(cfg.database_url.clone()));
    }
    if cfg.job_runner {
        tokio::spawn(runner.run(jobs::SLOTS));
        tokio::spawn(hand_in_at_deadlines(exams::Exams::new(
            training::Training { dir: dir.clone() },
        )));
    }
    if cfg.audit_sequencer {
        tokio::spawn(sequencer::run(
            dir.clone(),
            audit_keys(cfg),
            cfg.checkpoint_file(),
            Duration::from_secs(cfg.audit_checkpoint_secs),
        ));
    }
    if cfg.outbox_worker {
        tokio::spawn(outbox::run(dir, cfg.outbox_webhook.clone()));
    }
    Ok(server)
}

/// Everything `serve` does before listening: connect, migrate, build services.
pub async fn prepare(cfg: &Config) -> Result<Directory, ServerError> {
    let db = connect(&cfg.database_url, cfg.db_pool).await?;
    migrate(&db).await?;
    directory(cfg, db, Arc::new(SystemClock))
}
