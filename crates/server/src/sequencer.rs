//! The background upkeep every server process runs: the audit sequencer (chains appended audit
//! rows a few seconds behind the writers and signs checkpoints of the chain's tip) and the
//! login-throttle sweep (audits expired throttle windows in aggregate). Any number of processes
//! may run it: one pass of the sequencer holds a lock only one process can have (a PostgreSQL
//! advisory lock, SQLite's single writer), and the sweep deletes each expired window exactly
//! once before auditing it.

use directory::Directory;
use ed25519_dalek::SigningKey;
use kernel::audit::{ChainKey, Checkpoint};
use kernel::db::begin_write;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What the sequencer needs besides the database: keys kept outside it.
#[derive(Clone)]
pub struct AuditKeys {
    pub chain: ChainKey,
    pub signer: SigningKey,
}

impl AuditKeys {
    pub fn new(chain: [u8; 32], signing_seed: [u8; 32]) -> Self {
        AuditKeys {
            chain: ChainKey::new(chain),
            signer: SigningKey::from_bytes(&signing_seed),
        }
    }
}

/// How often the upkeep looks for work when there was none.
const IDLE: Duration = Duration::from_secs(1);
/// How often expired throttle windows are swept.
const SWEEP_EVERY: Duration = Duration::from_secs(60);

/// Runs until the process ends.
pub async fn run(dir: Directory, keys: AuditKeys, file: PathBuf, checkpoint_every: Duration) {
    let mut last_checkpoint = Instant::now();
    let mut last_sweep = Instant::now();
    let mut chained_since_checkpoint = 0u64;
    loop {
        let n = match kernel::audit::chain_pending(&dir.db, &keys.chain, 1000).await {
            Ok(n) => n,
            Err(e) => {
                tracing::warn!(error = %e, "audit sequencer pass failed");
                0
            }
        };
        chained_since_checkpoint += n;
        if chained_since_checkpoint > 0 && last_checkpoint.elapsed() >= checkpoint_every {
            match checkpoint_now(&dir, &keys.signer, &file).await {
                Ok(_) => {
                    chained_since_checkpoint = 0;
                    last_checkpoint = Instant::now();
                }
                Err(e) => tracing::warn!(error = %e, "audit checkpoint failed"),
            }
        }
        if last_sweep.elapsed() >= SWEEP_EVERY {
            if let Err(e) = dir.sweep_login_throttle().await {
                tracing::warn!(error = %e, "login throttle sweep failed");
            }
            last_sweep = Instant::now();
        }
        if n == 0 {
            tokio::time::sleep(IDLE).await;
        }
    }
}

/// Signs the chain's current tip, appends the checkpoint to `file` and queues it as an
/// `audit.checkpoint` outbox event for whoever keeps them outside (a regulator's feed).
pub async fn checkpoint_now(
    dir: &Directory,
    signer: &SigningKey,
    file: &Path,
) -> Result<Option<Checkpoint>, crate::ServerError> {
    let txn = begin_write(&dir.db).await?;
    let Some(cp) = kernel::audit::checkpoint(&txn, signer, dir.clock.now()).await? else {
        txn.rollback().await?;
        return Ok(None);
    };
    let line = serde_json::to_string(&cp).map_err(std::io::Error::other)?;
    kernel::outbox::enqueue(
        &txn,
        dir.clock.now(),
        "audit.checkpoint",
        serde_json::to_value(&cp).map_err(std::io::Error::other)?,
    )
    .await?;
    // The file first: a checkpoint that reached the outbox but not the file would be the one
    // copy an attacker with database access could drop.
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(file)?;
    f.write_all(format!("{line}\n").as_bytes())?;
    f.sync_data()?;
    txn.commit().await?;
    Ok(Some(cp))
}
