//! The runner every server process runs: it claims a due job of a kind it has a handler for,
//! runs the handler while renewing the lease with the progress about once a second, and
//! records how the run ended. Tests drive the same runner one job at a time ([`Runner::tick`]).

use crate::model::{Outcome, Progress};
use crate::queue::{self, Claimed, Running};
use kernel::Clock;
use sea_orm::{DatabaseConnection, DbErr};
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;
use uuid::Uuid;

/// What a kind does with a job it is given. Implemented by the domain that owns the kind.
pub trait Handler: Send + Sync {
    /// Runs the job to its end. Count progress in `running.progress`; a kind whose effect is
    /// written in one transaction ends the job inside it with [`Running::complete`].
    fn run<'a>(
        &'a self,
        running: &'a Running,
    ) -> Pin<Box<dyn Future<Output = Outcome> + Send + 'a>>;
}

/// How often a running job's lease and progress are written.
const BEAT: Duration = Duration::from_secs(1);
/// How long an idle runner waits before looking for due jobs again (a submission in the same
/// process wakes it at once through [`Wake`]).
const IDLE: Duration = Duration::from_secs(1);

/// Tells this process's runner that a job was queued, so that it starts at once instead of at
/// its next look.
#[derive(Debug, Clone, Default)]
pub struct Wake(Arc<Notify>);

impl Wake {
    pub fn wake(&self) {
        self.0.notify_one();
    }
}

/// The handlers of one process and the loop that runs them.
#[derive(Clone)]
pub struct Runner {
    db: DatabaseConnection,
    clock: Arc<dyn Clock>,
    handlers: Arc<HashMap<&'static str, Arc<dyn Handler>>>,
    /// The process, as `held_by` shows it: host and pid.
    name: String,
    wake: Wake,
}

impl Runner {
    pub fn new(db: DatabaseConnection, clock: Arc<dyn Clock>) -> Self {
        let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
            .map(|h| h.trim().to_owned())
            .unwrap_or_else(|_| "localhost".into());
        Runner {
            db,
            clock,
            handlers: Arc::new(HashMap::new()),
            name: format!("{host}:{}", std::process::id()),
            wake: Wake::default(),
        }
    }

    /// Adds the handler of `kind`.
    pub fn handle(mut self, kind: &'static str, handler: Arc<dyn Handler>) -> Self {
        Arc::make_mut(&mut self.handlers).insert(kind, handler);
        self
    }

    /// The handle a submitter uses to wake this runner.
    pub fn waker(&self) -> Wake {
        self.wake.clone()
    }

    fn kinds(&self) -> Vec<&'static str> {
        self.handlers.keys().copied().collect()
    }

    /// Claims one due job and runs it to its end; the job's id, or `None` when nothing was due.
    pub async fn tick(&self) -> Result<Option<Uuid>, DbErr> {
        let kinds = self.kinds();
        let Some(job) = queue::claim(&self.db, self.clock.now(), &kinds, &self.name).await? else {
            return Ok(None);
        };
        let id = job.id;
        self.run_claimed(job).await?;
        Ok(Some(id))
    }

    /// Runs jobs until the process ends, `slots` at a time.
    pub async fn run(self, slots: usize) {
        let mut loops = tokio::task::JoinSet::new();
        for _ in 0..slots.max(1) {
            let me = self.clone();
            loops.spawn(async move {
                loop {
                    match me.tick().await {
                        Ok(Some(_)) => continue,
                        Ok(None) => {}
                        Err(e) => tracing::warn!(error = %e, "job runner pass failed"),
                    }
                    let _ = tokio::time::timeout(IDLE, me.wake.0.notified()).await;
                }
            });
        }
        while loops.join_next().await.is_some() {}
    }

    async fn run_claimed(&self, job: Claimed) -> Result<(), DbErr> {
        let Some(handler) = self.handlers.get(job.kind.as_str()).cloned() else {
            return Ok(());
        };
        let running = Running {
            job,
            progress: Arc::new(Progress::default()),
        };
        tracing::info!(job = %running.job.id, kind = %running.job.kind, attempt = running.job.attempts, "job started");
        let outcome = tokio::select! {
            outcome = handler.run(&running) => outcome,
            () = self.keep_lease(&running) => {
                // Taken over by another runner, or ended by the handler's own transaction:
                // either way this run has nothing more to write.
                tracing::warn!(job = %running.job.id, "job no longer held; run abandoned");
                return Ok(());
            }
        };
        let ok = !matches!(outcome, Outcome::Failed { .. } | Outcome::Retry(_));
        queue::finish(&self.db, &running, self.clock.now(), outcome).await?;
        tracing::info!(job = %running.job.id, succeeded = ok, "job ended");
        Ok(())
    }

    /// Renews the lease with the progress every [`BEAT`], beside the handler (not between its
    /// steps: on SQLite the renewal may wait for the handler's own write transaction, which
    /// must go on meanwhile). Returns when the runner no longer holds the job.
    async fn keep_lease(&self, running: &Running) {
        loop {
            tokio::time::sleep(BEAT).await;
            match queue::renew(&self.db, &running.job, self.clock.now(), &running.progress).await {
                Ok(true) => {}
                Ok(false) => return,
                // SQLite's writer may be busy with the job's own transaction past the busy
                // timeout; the lease is long enough to try again.
                Err(e) => {
                    tracing::warn!(job = %running.job.id, error = %e, "job lease renewal failed")
                }
            }
        }
    }
}
