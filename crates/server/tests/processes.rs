//! Several `seforce serve` processes on one database stay correct together: two real server
//! processes share a fresh database (PostgreSQL when TEST_DATABASE_URL is set, else one SQLite
//! file), writes, logins and outbox events go through both at once, and then: every event
//! reached the webhook (a local HTTP stub) exactly once, the guesses were counted across both
//! processes, and the audit chain the two sequencers extended verifies against the
//! checkpoints they signed. An import submitted to the process that runs no jobs is run by the
//! other one.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use actix_web::{App, HttpResponse, HttpServer, web};
use kernel::entity::{audit_log, outbox};
use sea_orm::{ColumnTrait, Database, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::json;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use support::{
    Proc, audit_chain_intact, database_url, free_port, seforce, serve, spawn, wait_ready,
};
use tokio::sync::watch;

/// A server on `port` posting outbox events to `webhook`, running the job queue or not.
fn start(dir: &std::path::Path, url: &str, port: u16, webhook: &str, job_runner: bool) -> Proc {
    let mut cmd = serve(dir, url, port);
    cmd.arg("--job-runner")
        .arg(job_runner.to_string())
        .arg("--db-pool")
        .arg("4")
        .arg("--outbox-webhook")
        .arg(webhook)
        .arg("--audit-checkpoint-secs")
        .arg("1");
    spawn(cmd)
}

/// What the webhook stub saw: deliveries per event id, the domain events (not checkpoints)
/// among them, and the highest checkpoint signed.
#[derive(Default)]
struct Seen {
    deliveries: HashMap<String, u32>,
    domain_events: std::collections::HashSet<String>,
    checkpoint_seq: i64,
}

/// A webhook receiver; `tx` announces (distinct events, highest checkpoint) on every delivery.
async fn stub() -> (String, Arc<Mutex<Seen>>, watch::Receiver<(usize, i64)>) {
    let seen = Arc::new(Mutex::new(Seen::default()));
    let (tx, rx) = watch::channel((0usize, 0i64));
    let tx = Arc::new(tx);
    let s = seen.clone();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = HttpServer::new(move || {
        let (s, tx) = (s.clone(), tx.clone());
        App::new().route(
            "/events",
            web::post().to(move |body: web::Json<serde_json::Value>| {
                let (s, tx) = (s.clone(), tx.clone());
                async move {
                    let mut g = s.lock().unwrap();
                    *g.deliveries
                        .entry(body["id"].as_str().unwrap_or("").to_owned())
                        .or_default() += 1;
                    if body["topic"] == "audit.checkpoint" {
                        let seq = body["payload"]["seq"].as_i64().unwrap_or(0);
                        g.checkpoint_seq = g.checkpoint_seq.max(seq);
                    }
                    if body["topic"] != "audit.checkpoint" {
                        let id = body["id"].as_str().unwrap_or("").to_owned();
                        g.domain_events.insert(id);
                    }
                    let _ = tx.send((g.domain_events.len(), g.checkpoint_seq));
                    HttpResponse::Ok().finish()
                }
            }),
        )
    })
    .workers(2)
    .listen(listener)
    .unwrap()
    .run();
    tokio::spawn(server);
    (format!("http://127.0.0.1:{port}/events"), seen, rx)
}

async fn token(c: &reqwest::Client, base: &str) -> String {
    token_of(c, base, "assoc.admin").await
}

async fn token_of(c: &reqwest::Client, base: &str, login: &str) -> String {
    let r: serde_json::Value = c
        .post(format!("{base}/api/v1/auth/token"))
        .json(&json!({"login": login, "password": directory::demo::DEMO_PASSWORD}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    r["access_token"].as_str().unwrap().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_processes_on_one_database_stay_correct_together() {
    let dir = std::env::temp_dir().join(format!("seforce-two-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let url = database_url(&dir).await;
    // Migrate, seed and generate the keys once, before two processes race for them.
    let seeded = seforce(&dir, &url).arg("seed-demo").output().unwrap();
    assert!(
        seeded.status.success(),
        "{}",
        String::from_utf8_lossy(&seeded.stderr)
    );
    let (webhook, seen, mut announced) = stub().await;
    let ports = [free_port(), free_port()];
    let bases: Vec<String> = ports
        .iter()
        .map(|p| format!("http://127.0.0.1:{p}"))
        .collect();
    let mut procs = Vec::new();
    // The first process runs no jobs: what is submitted to it, the second runs.
    for (i, (p, base)) in ports.iter().zip(&bases).enumerate() {
        let mut proc = start(&dir, &url, *p, &webhook, i == 1);
        wait_ready(base, &mut proc).await;
        procs.push(proc);
    }
    let c = reqwest::Client::new();
    let (employer, employer_code) = {
        let t = token(&c, &bases[0]).await;
        let orgs: serde_json::Value = c
            .get(format!(
                "{}/api/v1/organizations?kind=inspection_institution",
                bases[0]
            ))
            .bearer_auth(&t)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let org = &orgs["items"][0];
        (
            org["id"].as_str().unwrap().to_owned(),
            org["credit_code"].as_str().unwrap().to_owned(),
        )
    };
    let tokens = [token(&c, &bases[0]).await, token(&c, &bases[1]).await];

    // At once: 60 creates (30 through each process) and 60 wrong guesses for one account
    // from 20 addresses (30 through each process). The account's ceiling (9 checks, plus one
    // through the owner's lane) does not depend on how fast the machine is, unlike a pair's
    // delay of seconds; two processes counting apart would check up to 20.
    let guessers: Vec<reqwest::Client> = (2..22u8)
        .map(|i| {
            reqwest::Client::builder()
                .local_address(std::net::IpAddr::from([127, 0, 0, i]))
                .build()
                .unwrap()
        })
        .collect();
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..60u16 {
        let (c, base, t) = (
            c.clone(),
            bases[(i % 2) as usize].clone(),
            tokens[(i % 2) as usize].clone(),
        );
        let employer = employer.clone();
        tasks.spawn(async move {
            let body = json!({
                "name": format!("并发{i}"), "gender": "male", "birth_date": "1986-05-20",
                "national_id": directory::demo::national_id("430104", time::macros::date!(1986 - 05 - 20), 2 * i + 1),
                "employer_id": employer,
            });
            let r = c
                .post(format!("{base}/api/v1/persons"))
                .bearer_auth(t)
                .json(&body)
                .send()
                .await
                .unwrap();
            ("create", r.status().as_u16())
        });
        let (g, base) = (
            guessers[(i % 20) as usize].clone(),
            bases[(i % 2) as usize].clone(),
        );
        tasks.spawn(async move {
            let r = g
                .post(format!("{base}/api/v1/auth/token"))
                .json(&json!({"login": "inst.admin", "password": "wrong-password!"}))
                .send()
                .await
                .unwrap();
            ("guess", r.status().as_u16())
        });
    }
    let mut created = 0;
    let mut checked = 0;
    let mut refused = 0;
    while let Some(r) = tasks.join_next().await {
        match r.unwrap() {
            ("create", 201) => created += 1,
            ("guess", 401) => checked += 1,
            ("guess", 429) => refused += 1,
            other => panic!("unexpected answer {other:?}"),
        }
    }
    assert_eq!(created, 60);
    assert_eq!(checked + refused, 60);
    assert!(
        (9..=10).contains(&checked),
        "the account's ceiling was counted across both processes: {checked} checked"
    );

    // An import submitted to the first process is run by the second.
    let mut sheet = String::from("姓名,性别,出生日期,身份证号,工作单位统一社会信用代码\n");
    for i in 0..50u16 {
        let id =
            directory::demo::national_id("430105", time::macros::date!(1977 - 02 - 03), 2 * i + 1);
        sheet.push_str(&format!("跨进程{i},男,1977-02-03,{id},{employer_code}\n"));
    }
    let submitted = c
        .post(format!("{}/api/v1/persons/imports", bases[0]))
        .bearer_auth(&tokens[0])
        .header("content-type", "text/csv")
        .body(sheet)
        .send()
        .await
        .unwrap();
    assert_eq!(submitted.status(), 202);
    let location = submitted.headers()["location"].to_str().unwrap().to_owned();
    let job = tokio::time::timeout(std::time::Duration::from_secs(60), async {
        loop {
            let job: serde_json::Value = c
                .get(format!("{}{location}", bases[0]))
                .bearer_auth(&tokens[0])
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            if job["state"] == "succeeded" || job["state"] == "failed" {
                return job;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
    })
    .await
    .expect("the import job ends within a minute");
    assert_eq!(job["state"], "succeeded", "{job}");
    assert_eq!(job["report"]["imported"], 50);
    let id: uuid::Uuid = job["id"].as_str().unwrap().parse().unwrap();
    let db = Database::connect(&url).await.unwrap();
    let row = jobs::entity::job::Entity::find_by_id(id)
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        row.held_by.as_deref().and_then(|h| h.rsplit(':').next()),
        Some(procs[1].0.id().to_string().as_str()),
        "run by the second process"
    );

    // A session ended through one process is refused by the other: on PostgreSQL the second
    // process remembers the session's answer until the change is announced to it.
    let inst = token_of(&c, &bases[1], "ent.officer").await;
    let me = |base: String| {
        let (c, inst) = (c.clone(), inst.clone());
        async move {
            c.get(format!("{base}/api/v1/me"))
                .bearer_auth(&inst)
                .send()
                .await
                .unwrap()
        }
    };
    let first = me(bases[1].clone()).await;
    assert_eq!(first.status(), 200);
    let uid = first.json::<serde_json::Value>().await.unwrap()["user"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let changed = c
        .put(format!("{}/api/v1/users/{uid}/password", bases[0]))
        .bearer_auth(&inst)
        .json(&json!({"password": "Boiler-Vessel-2028"}))
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status(), 204);
    assert_eq!(
        me(bases[0].clone()).await.status(),
        401,
        "at once where it changed"
    );
    tokio::time::timeout(std::time::Duration::from_secs(10), async {
        while me(bases[1].clone()).await.status() != 401 {
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    })
    .await
    .expect("the other process refuses the ended session within seconds");

    // Every event written so far reaches the webhook, and the sequencers catch up with every
    // audit row written so far (a checkpoint at or past it comes through the outbox).
    // Checkpoints keep coming while the sequencers work, so the wait counts domain events only
    // (counting every delivery, later checkpoints could stand in for undelivered events).
    let events = outbox::Entity::find()
        .filter(outbox::Column::Topic.ne("audit.checkpoint"))
        .count(&db)
        .await
        .unwrap() as usize;
    let rows = audit_log::Entity::find().count(&db).await.unwrap() as i64;
    assert!(events >= 60, "{events}");
    tokio::time::timeout(
        std::time::Duration::from_secs(120),
        announced.wait_for(|(n, cp)| *n >= events && *cp >= rows),
    )
    .await
    .expect("delivery and chaining within two minutes")
    .unwrap();
    // A worker records a delivery just after the webhook answered: let the bookkeeping of the
    // last deliveries land before the processes are stopped.
    let undelivered = || async {
        outbox::Entity::find()
            .filter(outbox::Column::DeliveredAt.is_null())
            .filter(outbox::Column::Topic.ne("audit.checkpoint"))
            .count(&db)
            .await
            .unwrap()
    };
    tokio::time::timeout(std::time::Duration::from_secs(30), async {
        while undelivered().await > 0 {
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
    })
    .await
    .expect("every delivery recorded");
    drop(procs);

    let twice: Vec<_> = seen
        .lock()
        .unwrap()
        .deliveries
        .iter()
        .filter(|(_, n)| **n > 1)
        .map(|(id, n)| format!("{id}×{n}"))
        .collect();
    assert!(twice.is_empty(), "delivered more than once: {twice:?}");

    // The chain both sequencers extended, against the checkpoints both signed.
    let out = audit_chain_intact(&dir, &url);
    let checkpoints = std::fs::read_to_string(dir.join("audit-checkpoints.jsonl")).unwrap();
    let n = checkpoints.lines().count();
    assert!(n >= 1);
    assert!(
        out.contains(&format!("{n} of {n} checkpoints verified")),
        "every checkpoint either process signed matches the chain: {out}"
    );
    let chained = audit_log::Entity::find()
        .filter(audit_log::Column::Seq.is_not_null())
        .count(&db)
        .await
        .unwrap() as i64;
    assert!(
        chained >= rows,
        "{chained} of {rows} chained by the servers"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
