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
    /// Walk the hash chain and report the first tampered row.
    Verify,
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
            Command::Audit { command: AuditCommand::Verify } => {
                let db = server::connect(&cfg.database_url, cfg.db_pool).await?;
                let (checked, tampered) = kernel::audit::verify(&db).await?;
                match tampered {
                    None => {
                        println!("audit chain intact: {checked} rows verified");
                        Ok(ExitCode::SUCCESS)
                    }
                    Some(t) => {
                        println!("audit chain broken at row {}: {} ({checked} rows before it verified)", t.seq, t.reason);
                        Ok(ExitCode::from(1))
                    }
                }
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
