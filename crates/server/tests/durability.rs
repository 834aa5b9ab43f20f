//! An acknowledged write survives `kill -9`: the real binary is started, a person is created,
//! the process is killed without warning, restarted, and the person is there — and the audit
//! chain still verifies. Runs on SQLite, and on PostgreSQL when TEST_DATABASE_URL is set.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use serde_json::json;
use support::{audit_chain_intact, database_url, free_port, serve, spawn, wait_ready};

/// The server on `port`, seeding the demo data on its first start.
fn start(dir: &std::path::Path, url: &str, port: u16, seed: bool) -> support::Proc {
    let mut cmd = serve(dir, url, port);
    if seed {
        cmd.arg("--seed-demo");
    }
    spawn(cmd)
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

    audit_chain_intact(&dir, &url);
    let _ = std::fs::remove_dir_all(&dir);
}
