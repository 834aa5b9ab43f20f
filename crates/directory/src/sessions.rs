//! Whether a user's sessions are alive, remembered between requests on PostgreSQL.
//!
//! Every authenticated request asks whether the token's user is still active and the token's
//! session epoch still current (logout-everywhere, a changed password, a disabled account end
//! sessions by bumping the epoch, see `service::auth::end_sessions`). On PostgreSQL that
//! question was one of the two statements of a list request, and each statement costs the
//! database more in protocol work than in execution (docs/BENCHMARKS.md, session 8), so the
//! answer is remembered per user — but only while this process listens on the channel
//! [`CHANNEL`], on which every change of a user's sessions is announced inside the writing
//! transaction (PostgreSQL delivers it at commit to every process). A process that is not
//! listening (its listener connection dropped, or SQLite, where the question is a
//! microsecond read on the calling thread) remembers nothing and asks the database each time.
//!
//! Two races are closed: an answer read before a change committed but stored after its
//! announcement arrived is not stored (the generation moved on in between); and the process
//! that ends a user's sessions forgets its own answer at once, so its next request does not
//! wait for the announcement (an answer re-read by a concurrent request of the same user
//! before the commit is forgotten again when the announcement arrives, milliseconds later).
//! An answer is never older than [`REMEMBER`].

use sea_orm::{ConnectionTrait, DbBackend, DbErr, Statement};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};
use uuid::Uuid;

/// The PostgreSQL channel on which ended sessions are announced (the payload is the user id).
pub const CHANNEL: &str = "seforce_sessions";

/// The longest an answer is used without asking the database again.
pub const REMEMBER: Duration = Duration::from_secs(60);

/// Remembered answers above this count are all forgotten at once (a process serving that
/// many distinct users within a minute asks again rather than growing without bound).
const MOST: usize = 100_000;

/// What the session check reads: whether the account is active, and its session epoch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Liveness {
    pub active: bool,
    pub epoch: i64,
}

#[derive(Debug, Default)]
struct Inner {
    answers: RwLock<HashMap<Uuid, (Liveness, Instant)>>,
    /// Moves on with every forgetting: an answer read under an older generation is stale.
    generation: AtomicU64,
    /// True while the listener is connected and listening.
    listening: AtomicBool,
}

/// The remembered session answers of this process; cheap to clone.
#[derive(Debug, Clone, Default)]
pub struct Sessions {
    inner: Arc<Inner>,
}

impl Sessions {
    /// The answer for `user`, if remembered, fresh, and the process is listening.
    pub fn remembered(&self, user: Uuid) -> Option<Liveness> {
        if !self.inner.listening.load(Ordering::Acquire) {
            return None;
        }
        let answers = self.inner.answers.read().ok()?;
        answers
            .get(&user)
            .filter(|(_, at)| at.elapsed() < REMEMBER)
            .map(|(l, _)| *l)
    }

    /// Call before reading the answer from the database; pass the value to [`Self::remember`].
    pub fn generation(&self) -> u64 {
        self.inner.generation.load(Ordering::Acquire)
    }

    /// Remembers an answer read from the database, unless something was forgotten since
    /// `generation` was taken (the answer may predate it) or the process is not listening.
    pub fn remember(&self, user: Uuid, answer: Liveness, generation: u64) {
        if !self.inner.listening.load(Ordering::Acquire) {
            return;
        }
        let Ok(mut answers) = self.inner.answers.write() else {
            return;
        };
        if self.inner.generation.load(Ordering::Acquire) != generation {
            return;
        }
        if answers.len() >= MOST {
            answers.clear();
        }
        answers.insert(user, (answer, Instant::now()));
    }

    /// Forgets `user`'s answer: their sessions changed.
    pub fn forget(&self, user: Uuid) {
        if let Ok(mut answers) = self.inner.answers.write() {
            self.inner.generation.fetch_add(1, Ordering::AcqRel);
            answers.remove(&user);
        }
    }

    fn forget_all(&self) {
        if let Ok(mut answers) = self.inner.answers.write() {
            self.inner.generation.fetch_add(1, Ordering::AcqRel);
            answers.clear();
        }
    }

    /// Listens on [`CHANNEL`] for as long as the process runs, forgetting each announced user.
    /// While the connection is down nothing is remembered; after a reconnection everything
    /// remembered before is forgotten (announcements may have been missed meanwhile).
    pub async fn listen(self, url: String) {
        use sea_orm::sqlx::postgres::PgListener;
        loop {
            match PgListener::connect(&url).await {
                Ok(mut listener) => {
                    if listener.listen(CHANNEL).await.is_ok() {
                        self.forget_all();
                        self.inner.listening.store(true, Ordering::Release);
                        while let Ok(n) = listener.recv().await {
                            match Uuid::parse_str(n.payload()) {
                                Ok(user) => self.forget(user),
                                Err(_) => self.forget_all(),
                            }
                        }
                    }
                    self.inner.listening.store(false, Ordering::Release);
                    self.forget_all();
                    tracing::warn!("the session listener lost its connection; reconnecting");
                }
                Err(e) => tracing::warn!(error = %e, "the session listener cannot connect"),
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    }
}

/// Announces, inside the caller's transaction, that `user`'s sessions changed: every process
/// listening on PostgreSQL forgets its answer when the transaction commits. Nothing on SQLite.
pub async fn announce<C: ConnectionTrait>(conn: &C, user: Uuid) -> Result<(), DbErr> {
    if conn.get_database_backend() != DbBackend::Postgres {
        return Ok(());
    }
    conn.query_one_raw(Statement::from_sql_and_values(
        DbBackend::Postgres,
        "SELECT pg_notify($1, $2)",
        [CHANNEL.into(), user.to_string().into()],
    ))
    .await
    .map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listening() -> Sessions {
        let s = Sessions::default();
        s.inner.listening.store(true, Ordering::Release);
        s
    }

    const ALIVE: Liveness = Liveness {
        active: true,
        epoch: 3,
    };

    #[test]
    fn nothing_is_remembered_while_not_listening() {
        let s = Sessions::default();
        let u = Uuid::now_v7();
        s.remember(u, ALIVE, s.generation());
        assert_eq!(s.remembered(u), None);
    }

    #[test]
    fn an_answer_is_remembered_until_forgotten() {
        let s = listening();
        let u = Uuid::now_v7();
        s.remember(u, ALIVE, s.generation());
        assert_eq!(s.remembered(u), Some(ALIVE));
        s.forget(u);
        assert_eq!(s.remembered(u), None);
    }

    #[test]
    fn an_answer_read_before_a_forgetting_is_not_remembered() {
        let s = listening();
        let u = Uuid::now_v7();
        let before = s.generation();
        s.forget(Uuid::now_v7());
        s.remember(u, ALIVE, before);
        assert_eq!(s.remembered(u), None);
    }
}
