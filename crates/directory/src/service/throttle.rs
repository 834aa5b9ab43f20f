//! The login throttle (decision 72), after OWASP's authentication cheat sheet: instead of
//! locking an account (which lets anyone lock anyone out), guesses are slowed.
//!
//! * per account-and-address pair, an exponential delay after a few free attempts;
//! * per client address, a budget of checks across all accounts (password spraying);
//! * per account, a ceiling on checks from addresses that have failed against it; past it
//!   only the *owner's lane* stays open: an address with no failures against the account may
//!   have one check per [`Throttle::owner_lane`], so the rightful owner is slowed, never shut out.
//!
//! The decision and the count are one step: before a password is checked, a check is
//! *reserved* in one transaction that reads and bumps all three counters under their row
//! locks (PostgreSQL `FOR UPDATE`, SQLite's single writer), so a hundred parallel guesses
//! cannot all read "9 failures" and all be checked. A successful check gives its reservation
//! back. The counters are rows in the database, so every server process shares them. Refused
//! and failed attempts are audited in aggregate — one row per pair and window, written when
//! the window ends — so guessing cannot grow the audit log by a row per guess.

use crate::Directory;
use crate::entity::login_throttle;
use crate::error::{DirectoryError, Result};
use crate::model::ThrottleKind;
use kernel::Actor;
use kernel::audit::AuditEntry;
use kernel::db::begin_write;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, DbBackend, EntityTrait,
    IntoActiveModel, QueryFilter, QueryOrder, QuerySelect,
};
use serde_json::json;
use time::{Duration, OffsetDateTime};

/// The throttle's limits.
#[derive(Debug, Clone)]
pub struct Throttle {
    /// How long counts last, from the first attempt of a window.
    pub window: Duration,
    /// Checks per pair before the exponential delay starts.
    pub pair_free: i32,
    /// Checks per account from addresses with failures against it, per window.
    pub account_ceiling: i32,
    /// Checks per client address over all accounts, per window.
    pub address_budget: i32,
    /// Past the ceiling, one check per this long from an address with no failures.
    pub owner_lane: Duration,
}

impl Default for Throttle {
    /// A pair gets 3 checks, then waits 1 s, 2 s, 4 s … (at most the window); an account gets
    /// 9 checks per 15 minutes from failing addresses plus the owner's lane of one check per
    /// 5 minutes, so a burst from any number of addresses gets at most 10 checks; an address
    /// gets 30 checks per 15 minutes.
    fn default() -> Self {
        Throttle {
            window: Duration::minutes(15),
            pair_free: 3,
            account_ceiling: 9,
            address_budget: 30,
            owner_lane: Duration::minutes(5),
        }
    }
}

/// The three counters of one attempt, locked for its reservation.
struct Counters {
    account: login_throttle::Model,
    address: login_throttle::Model,
    pair: login_throttle::Model,
}

/// A reserved check: give it to [`Directory::settle_check`] with the outcome.
#[derive(Debug)]
pub struct Reservation {
    login: String,
    client_addr: String,
}

fn key(kind: ThrottleKind, login: &str, addr: &str) -> String {
    format!("{}\u{1f}{login}\u{1f}{addr}", kind.as_str())
}

fn counter(
    kind: ThrottleKind,
    login: &str,
    addr: &str,
    now: OffsetDateTime,
) -> login_throttle::Model {
    login_throttle::Model {
        key: key(kind, login, addr),
        kind,
        login: login.to_owned(),
        client_addr: addr.to_owned(),
        window_start: now,
        failures: 0,
        failed: 0,
        refused: 0,
        next_at: None,
    }
}

fn seconds_until(t: OffsetDateTime, now: OffsetDateTime) -> i64 {
    ((t - now).as_seconds_f64().ceil() as i64).max(1)
}

impl Directory {
    /// Reserves one password check for `login` from `client_addr`, or says how long to wait.
    /// `login` is already normalised (or `client:<id>` for client credentials).
    pub(crate) async fn reserve_check(
        &self,
        login: &str,
        client_addr: &str,
    ) -> Result<Reservation> {
        let t = &self.auth.throttle;
        let txn = begin_write(&self.db).await?;
        let now = self.clock.now();
        let mut c = self.lock_counters(&txn, login, client_addr, now).await?;
        for row in [&mut c.account, &mut c.address, &mut c.pair] {
            if now - row.window_start >= t.window {
                summarise(&txn, row, now).await?;
                *row = counter(row.kind, &row.login, &row.client_addr, now);
            }
        }
        let pair_clean = c.pair.failures == 0;
        let refusal = if c.address.failures >= t.address_budget {
            Some(c.address.window_start + t.window)
        } else if let Some(next) = c.pair.next_at.filter(|n| *n > now) {
            Some(next)
        } else if c.account.failures >= t.account_ceiling {
            match c.account.next_at {
                _ if !pair_clean => Some(c.account.window_start + t.window),
                Some(open) if open > now => Some(open),
                _ => {
                    c.account.next_at = Some(now + t.owner_lane);
                    None
                }
            }
        } else {
            None
        };
        match refusal {
            Some(until) => {
                c.pair.refused += 1;
                save(&txn, &c.pair).await?;
                save(&txn, &c.account).await?;
                txn.commit().await?;
                Err(DirectoryError::TooManyAttempts {
                    retry_after: seconds_until(until, now),
                })
            }
            None => {
                for row in [&mut c.account, &mut c.address, &mut c.pair] {
                    row.failures += 1;
                    row.failed += 1;
                }
                if c.pair.failures >= t.pair_free {
                    let steps = (c.pair.failures - t.pair_free).min(30) as u32;
                    let delay = Duration::seconds(1i64 << steps).min(t.window);
                    c.pair.next_at = Some(now + delay);
                }
                for row in [&c.account, &c.address, &c.pair] {
                    save(&txn, row).await?;
                }
                txn.commit().await?;
                Ok(Reservation {
                    login: login.to_owned(),
                    client_addr: client_addr.to_owned(),
                })
            }
        }
    }

    /// Settles a reserved check. A failure stays counted (it was counted when reserved); a
    /// success gives the check back and clears the pair's delay.
    pub(crate) async fn settle_check(&self, r: Reservation, succeeded: bool) -> Result<()> {
        if !succeeded {
            return Ok(());
        }
        let txn = begin_write(&self.db).await?;
        let now = self.clock.now();
        let mut c = self
            .lock_counters(&txn, &r.login, &r.client_addr, now)
            .await?;
        for row in [&mut c.account, &mut c.address, &mut c.pair] {
            row.failures = (row.failures - 1).max(0);
            row.failed = (row.failed - 1).max(0);
        }
        c.pair.failures = 0;
        c.pair.next_at = None;
        for row in [&c.account, &c.address, &c.pair] {
            save(&txn, row).await?;
        }
        txn.commit().await?;
        Ok(())
    }

    /// Creates the three counters if missing and locks them, in key order so that two
    /// attempts never wait on each other in a cycle.
    async fn lock_counters(
        &self,
        txn: &DatabaseTransaction,
        login: &str,
        addr: &str,
        now: OffsetDateTime,
    ) -> Result<Counters> {
        let fresh = [
            counter(ThrottleKind::Account, login, "", now),
            counter(ThrottleKind::Address, "", addr, now),
            counter(ThrottleKind::Pair, login, addr, now),
        ];
        let keys: Vec<String> = fresh.iter().map(|c| c.key.clone()).collect();
        login_throttle::Entity::insert_many(fresh.into_iter().map(|c| c.into_active_model()))
            .on_conflict_do_nothing_on([login_throttle::Column::Key])
            .exec(txn)
            .await?;
        let mut q = login_throttle::Entity::find()
            .filter(login_throttle::Column::Key.is_in(keys.clone()))
            .order_by_asc(login_throttle::Column::Key);
        if txn.get_database_backend() == DbBackend::Postgres {
            q = q.lock_exclusive();
        }
        let mut rows = q.all(txn).await?;
        let mut take = |k: &str| {
            rows.iter()
                .position(|r| r.key == k)
                .map(|i| rows.swap_remove(i))
                .ok_or_else(|| DirectoryError::Db(sea_orm::DbErr::RecordNotFound(k.to_owned())))
        };
        Ok(Counters {
            account: take(&keys[0])?,
            address: take(&keys[1])?,
            pair: take(&keys[2])?,
        })
    }

    /// Audits and deletes every counter whose window has ended. Any number of processes may
    /// run it at once: a counter is audited by the process whose delete removed it.
    pub async fn sweep_login_throttle(&self) -> Result<u64> {
        let now = self.clock.now();
        let expired = login_throttle::Entity::find()
            .filter(login_throttle::Column::WindowStart.lte(now - self.auth.throttle.window))
            .order_by_asc(login_throttle::Column::Key)
            .limit(500)
            .all(&self.db)
            .await?;
        let mut n = 0;
        for row in expired {
            let txn = begin_write(&self.db).await?;
            let gone = login_throttle::Entity::delete_many()
                .filter(login_throttle::Column::Key.eq(row.key.as_str()))
                .filter(login_throttle::Column::WindowStart.eq(row.window_start))
                .exec(&txn)
                .await?;
            if gone.rows_affected == 1 {
                summarise(&txn, &row, now).await?;
                n += 1;
            }
            txn.commit().await?;
        }
        Ok(n)
    }
}

async fn save(txn: &DatabaseTransaction, row: &login_throttle::Model) -> Result<()> {
    let mut am = row.clone().into_active_model();
    for col in [
        login_throttle::Column::WindowStart,
        login_throttle::Column::Failures,
        login_throttle::Column::Failed,
        login_throttle::Column::Refused,
        login_throttle::Column::NextAt,
    ] {
        am.reset(col);
    }
    am.update(txn).await?;
    Ok(())
}

/// One audit row for a pair's ended window, when anything failed or was refused in it.
async fn summarise(
    txn: &DatabaseTransaction,
    row: &login_throttle::Model,
    now: OffsetDateTime,
) -> Result<()> {
    if row.kind != ThrottleKind::Pair || (row.failed == 0 && row.refused == 0) {
        return Ok(());
    }
    AuditEntry::new("auth.login_failed", "login", &row.login)
        .change(json!({
            "client_addr": row.client_addr,
            "failed": row.failed,
            "refused": row.refused,
            "window_start": row.window_start.unix_timestamp(),
        }))
        .record(txn, &Actor::system(), now)
        .await?;
    Ok(())
}
