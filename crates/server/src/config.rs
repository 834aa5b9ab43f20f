//! Configuration: command-line flags, `SEFORCE_…` environment variables and an optional TOML
//! file (flags and environment win over the file). In development the signing key and the
//! data-encryption key are generated into the data directory on first run; in production the
//! server refuses to start without explicit keys and a production database.

use clap::{Args, ValueEnum};
use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Env {
    Development,
    Production,
}

/// Settings shared by every subcommand.
#[derive(Debug, Clone, Args, Default)]
pub struct ConfigArgs {
    /// TOML file with any of the settings below (keys in snake_case, e.g. `bind = "0.0.0.0:8080"`).
    #[arg(long, env = "SEFORCE_CONFIG", global = true)]
    pub config: Option<PathBuf>,
    /// `development` (default) or `production`.
    #[arg(long, env = "SEFORCE_ENV", global = true)]
    pub env: Option<Env>,
    /// Database URL: `sqlite://./data/seforce.db` (default) or `postgres://user@host/db`.
    #[arg(long, env = "DATABASE_URL", global = true)]
    pub database_url: Option<String>,
    /// Address to listen on (default 127.0.0.1:8080).
    #[arg(long, env = "SEFORCE_BIND", global = true)]
    pub bind: Option<String>,
    /// Where generated development keys and the SQLite file live (default ./data).
    #[arg(long, env = "SEFORCE_DATA_DIR", global = true)]
    pub data_dir: Option<PathBuf>,
    /// Built SPA to serve at `/` (default frontend/dist).
    #[arg(long, env = "SEFORCE_SPA_DIR", global = true)]
    pub spa_dir: Option<PathBuf>,
    /// JWT signing secret, at least 32 bytes (hex or plain). Required in production.
    #[arg(
        long,
        env = "SEFORCE_JWT_SECRET",
        global = true,
        hide_env_values = true
    )]
    pub jwt_secret: Option<String>,
    /// Data-encryption key for ID numbers: 128 hex characters (64 bytes). Required in production.
    #[arg(long, env = "SEFORCE_DATA_KEY", global = true, hide_env_values = true)]
    pub data_key: Option<String>,
    /// HMAC key of the audit chain: 64 hex characters (32 bytes). Required in production.
    #[arg(long, env = "SEFORCE_AUDIT_KEY", global = true, hide_env_values = true)]
    pub audit_key: Option<String>,
    /// Ed25519 key that signs audit checkpoints: 64 hex characters (its 32-byte seed).
    /// Required in production.
    #[arg(
        long,
        env = "SEFORCE_AUDIT_SIGNING_KEY",
        global = true,
        hide_env_values = true
    )]
    pub audit_signing_key: Option<String>,
    /// Seconds between signed checkpoints of the audit chain (default 60).
    #[arg(long, env = "SEFORCE_AUDIT_CHECKPOINT_SECS", global = true)]
    pub audit_checkpoint_secs: Option<u64>,
    /// Allow SQLite in production (single-machine deployments).
    #[arg(long, env = "SEFORCE_ALLOW_SQLITE", global = true)]
    pub allow_sqlite: Option<bool>,
    /// HTTP worker threads (default: number of cores).
    #[arg(long, env = "SEFORCE_WORKERS", global = true)]
    pub workers: Option<usize>,
    /// Database pool size (default 16; SQLite 8).
    #[arg(long, env = "SEFORCE_DB_POOL", global = true)]
    pub db_pool: Option<u32>,
    /// Minimum password length (default 10).
    #[arg(long, env = "SEFORCE_PASSWORD_MIN_LENGTH", global = true)]
    pub password_min_length: Option<usize>,
    /// URL that outbox events are POSTed to as JSON; without it they are logged.
    #[arg(long, env = "SEFORCE_OUTBOX_WEBHOOK", global = true)]
    pub outbox_webhook: Option<String>,
    /// Log filter, e.g. `info` or `seforce=debug,info` (default info).
    #[arg(long, env = "SEFORCE_LOG", global = true)]
    pub log: Option<String>,
    /// Run background jobs (imports) in this process (default true). Any process may run
    /// them; `false` leaves them to the others.
    #[arg(long, env = "SEFORCE_JOB_RUNNER", global = true)]
    pub job_runner: Option<bool>,
}

/// The same settings as read from a TOML file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    env: Option<Env>,
    database_url: Option<String>,
    bind: Option<String>,
    data_dir: Option<PathBuf>,
    spa_dir: Option<PathBuf>,
    jwt_secret: Option<String>,
    data_key: Option<String>,
    audit_key: Option<String>,
    audit_signing_key: Option<String>,
    audit_checkpoint_secs: Option<u64>,
    allow_sqlite: Option<bool>,
    workers: Option<usize>,
    db_pool: Option<u32>,
    password_min_length: Option<usize>,
    outbox_webhook: Option<String>,
    log: Option<String>,
    job_runner: Option<bool>,
}

/// Resolved configuration.
#[derive(Clone)]
pub struct Config {
    pub env: Env,
    pub database_url: String,
    pub bind: String,
    pub data_dir: PathBuf,
    pub spa_dir: PathBuf,
    pub jwt_secret: Vec<u8>,
    pub data_key: Vec<u8>,
    /// HMAC key of the audit chain.
    pub audit_key: [u8; 32],
    /// Ed25519 seed that signs audit checkpoints.
    pub audit_signing_key: [u8; 32],
    pub audit_checkpoint_secs: u64,
    pub workers: Option<usize>,
    pub db_pool: Option<u32>,
    pub password_min_length: usize,
    pub outbox_webhook: Option<String>,
    /// Run the outbox worker in this process (tests drive delivery themselves).
    pub outbox_worker: bool,
    /// Run the audit sequencer and the throttle sweep in this process (tests drive them).
    pub audit_sequencer: bool,
    /// Run background jobs in this process (tests run them with `jobs::Runner::tick`).
    pub job_runner: bool,
    pub log: String,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("env", &self.env)
            .field("database", &redact_url(&self.database_url))
            .field("bind", &self.bind)
            .field("data_dir", &self.data_dir)
            .finish_non_exhaustive()
    }
}

/// A database URL without its password, for logs.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            let user = creds.split(':').next().unwrap_or("");
            format!("{}://{}:***@{}", &url[..s], user, &url[at + 1..])
        }
        _ => url.to_owned(),
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("config file {0}: {1}")]
    File(PathBuf, String),
    #[error("{0}")]
    Invalid(String),
    #[error("could not read or write {0}: {1}")]
    Io(PathBuf, std::io::Error),
}

impl ConfigArgs {
    pub fn resolve(&self) -> Result<Config, ConfigError> {
        let file = match &self.config {
            Some(p) => {
                let text = std::fs::read_to_string(p).map_err(|e| ConfigError::Io(p.clone(), e))?;
                toml::from_str::<FileConfig>(&text)
                    .map_err(|e| ConfigError::File(p.clone(), e.to_string()))?
            }
            None => FileConfig::default(),
        };
        let env = self.env.or(file.env).unwrap_or(Env::Development);
        let data_dir = self
            .data_dir
            .clone()
            .or(file.data_dir)
            .unwrap_or_else(|| PathBuf::from("data"));
        let database_url = self
            .database_url
            .clone()
            .or(file.database_url)
            .unwrap_or_else(|| {
                format!(
                    "sqlite://{}?mode=rwc",
                    data_dir.join("seforce.db").display()
                )
            });
        let is_sqlite = database_url.starts_with("sqlite:");
        let jwt = self.jwt_secret.clone().or(file.jwt_secret);
        let key = self.data_key.clone().or(file.data_key);
        let audit = self.audit_key.clone().or(file.audit_key);
        let signing = self.audit_signing_key.clone().or(file.audit_signing_key);
        let (jwt_secret, data_key, audit_key, audit_signing_key) = if env == Env::Production {
            if is_sqlite && !self.allow_sqlite.or(file.allow_sqlite).unwrap_or(false) {
                return Err(ConfigError::Invalid(
                    "production needs PostgreSQL (DATABASE_URL=postgres://…) or SEFORCE_ALLOW_SQLITE=true".into(),
                ));
            }
            let jwt = jwt.ok_or_else(|| {
                ConfigError::Invalid("production needs SEFORCE_JWT_SECRET".into())
            })?;
            let key = key
                .ok_or_else(|| ConfigError::Invalid("production needs SEFORCE_DATA_KEY".into()))?;
            let audit = audit
                .ok_or_else(|| ConfigError::Invalid("production needs SEFORCE_AUDIT_KEY".into()))?;
            let signing = signing.ok_or_else(|| {
                ConfigError::Invalid("production needs SEFORCE_AUDIT_SIGNING_KEY".into())
            })?;
            (
                parse_secret(&jwt)?,
                parse_data_key(&key)?,
                parse_key32(&audit, "SEFORCE_AUDIT_KEY")?,
                parse_key32(&signing, "SEFORCE_AUDIT_SIGNING_KEY")?,
            )
        } else {
            std::fs::create_dir_all(&data_dir).map_err(|e| ConfigError::Io(data_dir.clone(), e))?;
            let jwt = match jwt {
                Some(j) => parse_secret(&j)?,
                None => hex::decode(generated(&data_dir.join("jwt.key"), 32)?)
                    .map_err(|_| ConfigError::Invalid("data/jwt.key is corrupt".into()))?,
            };
            let key = match key {
                Some(k) => parse_data_key(&k)?,
                None => parse_data_key(&generated(&data_dir.join("data.key"), 64)?)?,
            };
            let audit = match audit {
                Some(a) => a,
                None => generated(&data_dir.join("audit.key"), 32)?,
            };
            let signing = match signing {
                Some(s) => s,
                None => generated(&data_dir.join("audit-signing.key"), 32)?,
            };
            (
                jwt,
                key,
                parse_key32(&audit, "SEFORCE_AUDIT_KEY")?,
                parse_key32(&signing, "SEFORCE_AUDIT_SIGNING_KEY")?,
            )
        };
        Ok(Config {
            env,
            database_url,
            bind: self
                .bind
                .clone()
                .or(file.bind)
                .unwrap_or_else(|| "127.0.0.1:8080".into()),
            spa_dir: self
                .spa_dir
                .clone()
                .or(file.spa_dir)
                .unwrap_or_else(|| PathBuf::from("frontend/dist")),
            data_dir,
            jwt_secret,
            data_key,
            audit_key,
            audit_signing_key,
            audit_checkpoint_secs: self
                .audit_checkpoint_secs
                .or(file.audit_checkpoint_secs)
                .unwrap_or(60)
                .max(1),
            workers: self.workers.or(file.workers),
            db_pool: self.db_pool.or(file.db_pool),
            password_min_length: self
                .password_min_length
                .or(file.password_min_length)
                .unwrap_or(10),
            outbox_webhook: self.outbox_webhook.clone().or(file.outbox_webhook),
            outbox_worker: true,
            audit_sequencer: true,
            job_runner: self.job_runner.or(file.job_runner).unwrap_or(true),
            log: self
                .log
                .clone()
                .or(file.log)
                .unwrap_or_else(|| "info".into()),
        })
    }
}

fn parse_secret(s: &str) -> Result<Vec<u8>, ConfigError> {
    let bytes = hex::decode(s).unwrap_or_else(|_| s.as_bytes().to_vec());
    if bytes.len() < 32 {
        return Err(ConfigError::Invalid(
            "SEFORCE_JWT_SECRET must be at least 32 bytes".into(),
        ));
    }
    Ok(bytes)
}

fn parse_data_key(s: &str) -> Result<Vec<u8>, ConfigError> {
    match hex::decode(s.trim()) {
        Ok(b) if b.len() == 64 => Ok(b),
        _ => Err(ConfigError::Invalid(
            "SEFORCE_DATA_KEY must be 128 hex characters (64 bytes)".into(),
        )),
    }
}

fn parse_key32(s: &str, name: &str) -> Result<[u8; 32], ConfigError> {
    hex::decode(s.trim())
        .ok()
        .and_then(|b| <[u8; 32]>::try_from(b).ok())
        .ok_or_else(|| ConfigError::Invalid(format!("{name} must be 64 hex characters (32 bytes)")))
}

impl Config {
    /// Where signed audit checkpoints are appended, beside the data.
    pub fn checkpoint_file(&self) -> PathBuf {
        self.data_dir.join("audit-checkpoints.jsonl")
    }
}

/// Reads a hex key file, creating it with fresh random bytes (mode 0600) on first use. Two
/// processes (or two test servers) starting at once agree on one key, and neither reads half of
/// it: the key is written whole and synced under a name of its own, then hard-linked into
/// place, which fails when the key exists, and the one that loses reads the winner's. (Created
/// in place with `create_new`, the loser could read the file between its creation and the
/// winner's write: an empty key, refused as invalid — seen as a test server that would not
/// start.)
fn generated(path: &Path, len: usize) -> Result<String, ConfigError> {
    use std::io::Write;
    let io = |e| ConfigError::Io(path.to_owned(), e);
    if let Ok(s) = std::fs::read_to_string(path) {
        return Ok(s.trim().to_owned());
    }
    let mut bytes = vec![0u8; len];
    rand::RngCore::fill_bytes(&mut rand::thread_rng(), &mut bytes);
    let hexed = hex::encode(bytes);
    let mut own = [0u8; 8];
    rand::RngCore::fill_bytes(&mut rand::thread_rng(), &mut own);
    let tmp = path.with_extension(format!("new-{}", hex::encode(own)));
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let linked = opts
        .open(&tmp)
        .and_then(|mut f| {
            f.write_all(hexed.as_bytes())?;
            f.sync_all()
        })
        .and_then(|()| std::fs::hard_link(&tmp, path));
    let _ = std::fs::remove_file(&tmp);
    match linked {
        Ok(()) => Ok(hexed),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => std::fs::read_to_string(path)
            .map(|s| s.trim().to_owned())
            .map_err(io),
        Err(e) => Err(io(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Eight servers starting at once in a fresh data directory all read one whole key.
    #[test]
    fn servers_starting_at_once_agree_on_one_whole_key() {
        for round in 0..20 {
            let dir = std::env::temp_dir().join(format!(
                "seforce-key-{}-{round}",
                uuid::Uuid::now_v7().simple()
            ));
            std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
            let path = dir.join("audit.key");
            let keys: Vec<String> = std::thread::scope(|s| {
                let started: Vec<_> = (0..8).map(|_| s.spawn(|| generated(&path, 32))).collect();
                started
                    .into_iter()
                    .map(|h| h.join().unwrap_or_else(|_| panic!("a thread panicked")))
                    .map(|k| k.unwrap_or_else(|e| panic!("round {round}: {e}")))
                    .collect()
            });
            assert_eq!(keys[0].len(), 64, "round {round}: a whole key");
            assert!(
                keys.iter().all(|k| *k == keys[0]),
                "round {round}: {keys:?}"
            );
            let left: Vec<_> = std::fs::read_dir(&dir)
                .unwrap_or_else(|e| panic!("{e}"))
                .flatten()
                .map(|e| e.file_name())
                .collect();
            assert_eq!(
                left,
                [std::ffi::OsString::from("audit.key")],
                "no temporary file left"
            );
            std::fs::remove_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
        }
    }

    #[test]
    fn production_refuses_without_keys_or_with_sqlite() {
        let args = ConfigArgs {
            env: Some(Env::Production),
            database_url: Some("postgres://u:pw@h/db".into()),
            ..Default::default()
        };
        assert!(matches!(args.resolve(), Err(ConfigError::Invalid(m)) if m.contains("JWT")));
        let sqlite = ConfigArgs {
            env: Some(Env::Production),
            database_url: Some("sqlite://x.db".into()),
            jwt_secret: Some("x".repeat(40)),
            data_key: Some("ab".repeat(64)),
            ..Default::default()
        };
        assert!(
            matches!(sqlite.resolve(), Err(ConfigError::Invalid(m)) if m.contains("PostgreSQL"))
        );
        let sqlite = ConfigArgs {
            allow_sqlite: Some(true),
            ..sqlite
        };
        assert!(
            matches!(sqlite.resolve(), Err(ConfigError::Invalid(m)) if m.contains("SEFORCE_AUDIT_KEY"))
        );
        let sqlite = ConfigArgs {
            audit_key: Some("cd".repeat(32)),
            audit_signing_key: Some("ef".repeat(32)),
            allow_sqlite: None,
            ..sqlite
        };
        assert!(
            matches!(sqlite.resolve(), Err(ConfigError::Invalid(m)) if m.contains("PostgreSQL"))
        );
        let ok = ConfigArgs {
            allow_sqlite: Some(true),
            ..sqlite
        };
        assert!(ok.resolve().is_ok());
    }

    #[test]
    fn passwords_are_redacted_from_urls() {
        assert_eq!(
            redact_url("postgres://app:s3cret@db:5432/seforce"),
            "postgres://app:***@db:5432/seforce"
        );
        assert_eq!(redact_url("sqlite://data/x.db"), "sqlite://data/x.db");
    }
}
