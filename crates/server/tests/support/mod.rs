//! What the tests that start the real `seforce` binary share: a fresh database, the command
//! with its data folder, a free port, waiting for readiness, and a process killed when the
//! test ends, also when it panics.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use sea_orm::{ConnectionTrait, Database, Statement};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};

/// A running server process; dropping it kills it, so a failed assertion leaves nothing behind.
pub struct Proc(pub Child);

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A database of this test's own: a new PostgreSQL database when TEST_DATABASE_URL is set,
/// else a SQLite file in `dir`.
pub async fn database_url(dir: &Path) -> String {
    match std::env::var("TEST_DATABASE_URL") {
        Ok(admin_url) => {
            let name = format!("seforce_test_{}", uuid::Uuid::new_v4().simple());
            let admin = Database::connect(&admin_url).await.unwrap();
            admin
                .execute_raw(Statement::from_string(
                    admin.get_database_backend(),
                    format!("CREATE DATABASE {name}"),
                ))
                .await
                .unwrap();
            format!("{}/{name}", admin_url.rsplit_once('/').unwrap().0)
        }
        Err(_) => format!("sqlite://{}?mode=rwc", dir.join("seforce.db").display()),
    }
}

/// `seforce` on `url` with `dir` as its data folder (keys, checkpoints), quiet, without the SPA.
pub fn seforce(dir: &Path, url: &str) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_seforce"));
    cmd.arg("--data-dir")
        .arg(dir)
        .arg("--log")
        .arg("warn")
        .env("DATABASE_URL", url)
        .env("SEFORCE_SPA_DIR", "/nonexistent");
    cmd
}

/// `seforce serve` on 127.0.0.1:`port` with one worker; the caller adds its own options.
pub fn serve(dir: &Path, url: &str, port: u16) -> Command {
    let mut cmd = seforce(dir, url);
    cmd.arg("serve")
        .arg("--bind")
        .arg(format!("127.0.0.1:{port}"))
        .arg("--workers")
        .arg("1")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    cmd
}

pub fn spawn(mut cmd: Command) -> Proc {
    Proc(cmd.spawn().unwrap())
}

/// Polls `/readyz` until the server answers, for at most a minute (a debug build migrating a
/// fresh PostgreSQL database on a loaded machine is slow); fails at once if it exited.
pub async fn wait_ready(base: &str, child: &mut Proc) {
    for _ in 0..600 {
        if reqwest::get(format!("{base}/readyz"))
            .await
            .is_ok_and(|r| r.status().is_success())
        {
            return;
        }
        assert!(child.0.try_wait().unwrap().is_none(), "server exited early");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("server not ready");
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// `seforce audit verify`, asserted to report an intact chain; returns its output.
pub fn audit_chain_intact(dir: &Path, url: &str) -> String {
    let Output { status, stdout, .. } = seforce(dir, url)
        .args(["audit", "verify"])
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&stdout).into_owned();
    assert!(status.success(), "{out}");
    assert!(out.contains("audit chain intact"), "{out}");
    out
}
