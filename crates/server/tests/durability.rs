//! An acknowledged write survives `kill -9`: the real binary is started, a person is created,
//! the process is killed without warning, restarted, and the person is there — and the audit
//! chain still verifies. Runs on SQLite, and on PostgreSQL when TEST_DATABASE_URL is set.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use sea_orm::{ConnectionTrait, Database, Statement};
use serde_json::json;
use std::process::{Child, Command, Stdio};

struct Proc(Child);

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

async fn database_url(dir: &std::path::Path) -> String {
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

fn start(dir: &std::path::Path, url: &str, port: u16, seed: bool) -> Proc {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_seforce"));
    cmd.arg("serve")
        .arg("--bind")
        .arg(format!("127.0.0.1:{port}"))
        .arg("--data-dir")
        .arg(dir)
        .arg("--log")
        .arg("warn")
        .arg("--workers")
        .arg("1");
    cmd.env("DATABASE_URL", url)
        .env("SEFORCE_SPA_DIR", "/nonexistent")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    if seed {
        cmd.arg("--seed-demo");
    }
    Proc(cmd.spawn().unwrap())
}

async fn wait_ready(base: &str, child: &mut Proc) {
    for _ in 0..300 {
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

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[tokio::test]
async fn an_acknowledged_write_survives_kill_9() {
    let dir = std::env::temp_dir().join(format!("seforce-kill-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let url = database_url(&dir).await;
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut p = start(&dir, &url, port, true);
    wait_ready(&base, &mut p).await;
    let c = reqwest::Client::new();
    let login = |c: reqwest::Client| {
        let base = base.clone();
        async move {
            let r: serde_json::Value = c
                .post(format!("{base}/api/v1/auth/token"))
                .json(&json!({"login": "assoc.admin", "password": directory::demo::DEMO_PASSWORD}))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            r["access_token"].as_str().unwrap().to_owned()
        }
    };
    let token = login(c.clone()).await;
    let me: serde_json::Value = c
        .get(format!(
            "{base}/api/v1/organizations?kind=inspection_institution"
        ))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let employer = me["items"][0]["id"].as_str().unwrap().to_owned();
    let body = json!({
        "name": "断电测试", "gender": "male", "birth_date": "1986-05-20",
        "national_id": directory::demo::national_id("430104", time::macros::date!(1986 - 05 - 20), 901),
        "employer_id": employer,
    });
    let created = c
        .post(format!("{base}/api/v1/persons"))
        .bearer_auth(&token)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(created.status().as_u16(), 201);
    let id = created.json::<serde_json::Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // No graceful shutdown: SIGKILL right after the acknowledgement.
    p.0.kill().unwrap();
    p.0.wait().unwrap();
    drop(p);

    let mut p = start(&dir, &url, port, false);
    wait_ready(&base, &mut p).await;
    let token = login(c.clone()).await;
    let again = c
        .get(format!("{base}/api/v1/persons/{id}"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(
        again.status().as_u16(),
        200,
        "the acknowledged person is still there"
    );
    drop(p);

    let verify = Command::new(env!("CARGO_BIN_EXE_seforce"))
        .args(["audit", "verify", "--data-dir"])
        .arg(&dir)
        .env("DATABASE_URL", &url)
        .output()
        .unwrap();
    assert!(
        verify.status.success(),
        "{}",
        String::from_utf8_lossy(&verify.stdout)
    );
    assert!(String::from_utf8_lossy(&verify.stdout).contains("intact"));
    let _ = std::fs::remove_dir_all(&dir);
}
