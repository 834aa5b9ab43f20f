//! `seforce`: the workforce platform of China's special-equipment industry.

use clap::{Parser, Subcommand};
use server::config::{ConfigArgs, redact_url};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// glibc's allocator showed as ~11 % of the server's CPU under load (many small, short-lived
/// allocations per request across threads); mimalloc handles that pattern with less work.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "seforce",
    version,
    about = "seforce server: API, web app and docs in one binary"
)]
struct Cli {
    #[command(flatten)]
    config: ConfigArgs,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Migrate, then serve the API, the web app and the docs (the default).
    Serve {
        /// Load the demo data first if the database is empty.
        #[arg(long)]
        seed_demo: bool,
    },
    /// Apply pending database migrations.
    Migrate,
    /// Load the demo data (once: does nothing if organizations exist).
    SeedDemo,
    /// Write the OpenAPI description (sorted, stable JSON).
    Openapi {
        #[arg(long, default_value = "openapi/openapi.json")]
        out: PathBuf,
    },
    /// Audit-log tools.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Check the keyed chain and the signed checkpoints; name every row that was rewritten,
    /// deleted or edited, and report the rows not yet chained. Exit code 1 when anything fails.
    Verify {
        /// Checkpoint file(s) to check against (default: audit-checkpoints.jsonl in the data dir).
        #[arg(long)]
        checkpoints: Vec<PathBuf>,
        /// Hex Ed25519 public key the checkpoints must be signed with (default: the one of the
        /// configured signing key). A regulator verifies with the public key alone.
        #[arg(long)]
        public_key: Option<String>,
    },
    /// Chain every row appended so far and sign a checkpoint (what the sequencer does in the
    /// background of `serve`), e.g. before a backup or a verification.
    Chain,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(Command::Openapi { out }) = &cli.command {
        return write_openapi(out);
    }
    let cfg = match cli.config.resolve() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("configuration: {e}");
            return ExitCode::from(2);
        }
    };
    let filter = tracing_subscriber::EnvFilter::try_new(&cfg.log)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .init();
    let rt = actix_web::rt::System::new();
    let result = rt.block_on(async move {
        match cli.command.unwrap_or(Command::Serve { seed_demo: false }) {
            Command::Migrate => {
                let db = server::connect(&cfg.database_url, cfg.db_pool).await?;
                server::migrate(&db).await?;
                tracing::info!(database = %redact_url(&cfg.database_url), "migrated");
                Ok(ExitCode::SUCCESS)
            }
            Command::SeedDemo => {
                let dir = server::prepare(&cfg).await?;
                seed(&dir).await?;
                Ok(ExitCode::SUCCESS)
            }
            Command::Serve { seed_demo } => {
                let dir = server::prepare(&cfg).await?;
                if seed_demo {
                    seed(&dir).await?;
                }
                let listener = std::net::TcpListener::bind(&cfg.bind)?;
                tracing::info!(config = ?cfg, "serving on http://{} (docs at /api/docs/)", cfg.bind);
                server::start(&cfg, dir, listener)?.await?;
                Ok(ExitCode::SUCCESS)
            }
            Command::Audit { command: AuditCommand::Verify { checkpoints, public_key } } => {
                audit_verify(&cfg, checkpoints, public_key).await
            }
            Command::Audit { command: AuditCommand::Chain } => {
                let dir = server::prepare(&cfg).await?;
                let keys = server::audit_keys(&cfg);
                let n = kernel::audit::chain_all(&dir.db, &keys.chain).await?;
                let cp = server::sequencer::checkpoint_now(&dir, &keys.signer, &cfg.checkpoint_file()).await?;
                println!(
                    "chained {n} rows; checkpoint at {}",
                    cp.map(|c| c.seq.to_string()).unwrap_or_else(|| "none (empty chain)".into())
                );
                Ok(ExitCode::SUCCESS)
            }
            Command::Openapi { .. } => Ok(ExitCode::SUCCESS),
        }
    });
    match result {
        Ok(code) => code,
        Err(e) => {
            let e: server::ServerError = e;
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `seforce audit verify`: prints a summary and every finding, consecutive rows with the
/// same finding as one range.
async fn audit_verify(
    cfg: &server::config::Config,
    checkpoints: Vec<PathBuf>,
    public_key: Option<String>,
) -> Result<ExitCode, server::ServerError> {
    let keys = server::audit_keys(cfg);
    let public = match public_key {
        Some(hexed) => {
            let bytes = hex::decode(hexed.trim())
                .ok()
                .and_then(|b| <[u8; 32]>::try_from(b).ok())
                .and_then(|b| ed25519_dalek::VerifyingKey::from_bytes(&b).ok());
            match bytes {
                Some(k) => k,
                None => {
                    eprintln!("--public-key must be 64 hex characters of an Ed25519 public key");
                    return Ok(ExitCode::from(2));
                }
            }
        }
        None => keys.signer.verifying_key(),
    };
    let files = if checkpoints.is_empty() {
        let default = cfg.checkpoint_file();
        if default.exists() {
            vec![default]
        } else {
            vec![]
        }
    } else {
        checkpoints
    };
    let mut cps = Vec::new();
    let mut unreadable = 0;
    for f in &files {
        let text = std::fs::read_to_string(f)?;
        let (ok, bad) = kernel::audit::read_checkpoints(&text);
        cps.extend(ok);
        unreadable += bad;
    }
    let db = server::connect(&cfg.database_url, cfg.db_pool).await?;
    let report = kernel::audit::verify(&db, &keys.chain, &cps, &public).await?;
    println!(
        "{} chained rows verified, {} of {} checkpoints verified ({} file(s)), {} rows not yet chained{}",
        report.verified,
        report.checkpoints_verified,
        cps.len(),
        files.len(),
        report.unchained,
        report
            .oldest_unchained
            .map(|t| format!(" (oldest from {t})"))
            .unwrap_or_default()
    );
    if unreadable > 0 {
        println!("{unreadable} checkpoint line(s) could not be read");
    }
    if report.intact() && unreadable == 0 {
        println!("audit chain intact");
        return Ok(ExitCode::SUCCESS);
    }
    println!("audit chain BROKEN: {} finding(s)", report.findings_total);
    let mut i = 0;
    while i < report.findings.len() {
        let first = &report.findings[i];
        let mut j = i;
        while j + 1 < report.findings.len()
            && report.findings[j + 1].reason == first.reason
            && report.findings[j + 1].seq == report.findings[j].seq + 1
        {
            j += 1;
        }
        let last = &report.findings[j];
        let id = first.id.map(|i| format!(" (row {i})")).unwrap_or_default();
        if j == i {
            println!("  row {}{id}: {}", first.seq, first.reason);
        } else {
            println!("  rows {}..={}: {}", first.seq, last.seq, first.reason);
        }
        i = j + 1;
    }
    if report.findings_total as usize > report.findings.len() {
        println!(
            "  … and {} more",
            report.findings_total as usize - report.findings.len()
        );
    }
    Ok(ExitCode::from(1))
}

async fn seed(dir: &directory::Directory) -> Result<(), server::ServerError> {
    match dir.seed_demo().await? {
        Some(orgs) => {
            training::Training { dir: dir.clone() }
                .seed_demo(&orgs)
                .await?;
            tracing::info!("demo data loaded (logins in README.md)");
        }
        None => tracing::info!("demo data already present"),
    }
    Ok(())
}

fn write_openapi(out: &PathBuf) -> ExitCode {
    let value = match serde_json::to_value(api::openapi()) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("openapi: {e}");
            return ExitCode::FAILURE;
        }
    };
    // serde_json's map is ordered by key, so this output is sorted and stable.
    let text = match serde_json::to_string_pretty(&value) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("openapi: {e}");
            return ExitCode::FAILURE;
        }
    };
    if let Some(parent) = out.parent() {
        let _ = std::fs::create_dir_all(parent);
    }
    match std::fs::File::create(out).and_then(|mut f| f.write_all(format!("{text}\n").as_bytes())) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("openapi: {}: {e}", out.display());
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    /// `mi_option_arena_eager_commit` in mimalloc v3's `mimalloc.h` (the sys crate names no
    /// constant for it).
    const ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;

    /// The define in `.cargo/config.toml` reaches the mimalloc this binary links: arenas are
    /// committed as they are used, not 64 MiB up front (decision 250).
    #[test]
    fn mimalloc_commits_arenas_on_demand() {
        // SAFETY: reads one option; mimalloc initialises its options on first use.
        let value = unsafe { libmimalloc_sys::mi_option_get(ARENA_EAGER_COMMIT) };
        assert_eq!(
            value, 0,
            "mimalloc's arena_eager_commit is {value}, expected 0"
        );
    }
}
