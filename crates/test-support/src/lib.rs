//! Test support: `spawn_app()` starts the real server on a free port with its own fresh
//! database — a SQLite file in a temp directory, or a new PostgreSQL database when
//! `TEST_DATABASE_URL` is set — and a settable clock. No test shares state with another.

pub mod builders;
pub mod exams;
pub mod ids;
pub mod people;
pub mod training;

pub use builders::PersonBuilder;

use directory::Directory;
use directory::demo::{DEMO_PASSWORD, DemoOrgs};
use kernel::FixedClock;
use sea_orm::{ConnectionTrait, Database, Statement};
use serde_json::Value;
use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::Arc;
use time::OffsetDateTime;

pub use reqwest::StatusCode;

/// A running server with a fresh database.
pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub dir: Directory,
    pub clock: FixedClock,
    /// The demo tenant (association with members, two regulators).
    pub orgs: DemoOrgs,
    /// A second, foreign tenant in Guangdong ("foreign." logins).
    pub foreign: DemoOrgs,
    /// The audit chain's keys (test servers run no sequencer: tests chain with [`TestApp::chain_audit`]).
    pub audit: server::sequencer::AuditKeys,
    /// The job runner a server process runs; test servers run none in the background, tests
    /// run due jobs with [`TestApp::run_jobs`].
    pub jobs: jobs::Runner,
    /// Keeps the SQLite temp directory alive.
    _tmp: Option<TempDir>,
}

/// A temp directory removed on drop.
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// An HTTP answer with its parsed JSON body (Null when not JSON).
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
    pub bytes: Vec<u8>,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
    pub fn content_type(&self) -> &str {
        self.header("content-type").unwrap_or("")
    }
}

async fn fresh_database() -> (String, Option<TempDir>) {
    if let Ok(admin_url) = std::env::var("TEST_DATABASE_URL") {
        let name = format!("seforce_test_{}", uuid::Uuid::new_v4().simple());
        let admin = Database::connect(&admin_url)
            .await
            .unwrap_or_else(|e| panic!("TEST_DATABASE_URL: {e}"));
        admin
            .execute_raw(Statement::from_string(
                admin.get_database_backend(),
                format!("CREATE DATABASE {name}"),
            ))
            .await
            .unwrap_or_else(|e| panic!("create database: {e}"));
        let base = admin_url
            .rsplit_once('/')
            .map(|(b, _)| b.to_owned())
            .unwrap_or(admin_url);
        (format!("{base}/{name}"), None)
    } else {
        let dir =
            std::env::temp_dir().join(format!("seforce-test-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("temp dir: {e}"));
        let url = format!("sqlite://{}?mode=rwc", dir.join("test.db").display());
        (url, Some(TempDir(dir)))
    }
}

/// A test server's settings over the database at `url`: fixed keys, no background workers.
fn test_config(url: &str) -> server::config::Config {
    let mut cfg = server::config::ConfigArgs {
        database_url: Some(url.to_owned()),
        jwt_secret: Some("test-secret-test-secret-test-secret!".into()),
        data_key: Some("42".repeat(64)),
        audit_key: Some("a1".repeat(32)),
        audit_signing_key: Some("5e".repeat(32)),
        data_dir: Some(std::env::temp_dir()),
        spa_dir: Some(PathBuf::from("/nonexistent")),
        workers: Some(2),
        db_pool: Some(4),
        ..Default::default()
    }
    .resolve()
    .unwrap_or_else(|e| panic!("config: {e}"));
    cfg.outbox_worker = false;
    cfg.audit_sequencer = false;
    cfg.job_runner = false;
    cfg
}

/// A fresh database migrated up to, not including, one step, with the directory over it:
/// for a test of what that step does to rows written before it.
pub struct Staged {
    pub dir: Directory,
    /// Keeps the SQLite temp directory alive.
    _tmp: Option<TempDir>,
}

impl Staged {
    /// Runs the remaining steps.
    pub async fn migrate(&self) {
        server::migrate(&self.dir.db)
            .await
            .unwrap_or_else(|e| panic!("migrate: {e}"));
    }
}

/// A fresh database (SQLite, or PostgreSQL with `TEST_DATABASE_URL`) migrated up to the step
/// before `step` (e.g. `"m0058_blacklist_into_sanctions"`), the demo directory seeded through
/// its services (organizations, users, five practitioners), the clock at [`start_instant`].
pub async fn staged_before(step: &str) -> Staged {
    let staged = staged_unseeded_before(step).await;
    staged
        .dir
        .seed_demo()
        .await
        .unwrap_or_else(|e| panic!("seed: {e}"));
    staged
}

/// [`staged_before`] without the seed: for a step older than the tables the directory's
/// services write today (the audit log's chain, m0045), where the test writes its rows raw.
pub async fn staged_unseeded_before(step: &str) -> Staged {
    use migration::MigratorTrait;
    let (url, tmp) = fresh_database().await;
    let cfg = test_config(&url);
    let db = server::connect(&url, cfg.db_pool)
        .await
        .unwrap_or_else(|e| panic!("connect: {e}"));
    let before = migration::Migrator::migrations()
        .iter()
        .position(|m| m.name() == step)
        .unwrap_or_else(|| panic!("no migration {step}"));
    let before = u32::try_from(before).unwrap_or_else(|e| panic!("{e}"));
    migration::Migrator::up(&db, Some(before))
        .await
        .unwrap_or_else(|e| panic!("migrate up to {step}: {e}"));
    let dir = server::directory(&cfg, db, Arc::new(FixedClock::new(start_instant())))
        .unwrap_or_else(|e| panic!("directory: {e}"));
    Staged { dir, _tmp: tmp }
}

/// Starts a server with the demo tenant and a foreign tenant, clock set to 2026-11-22 10:00 UTC.
pub async fn spawn_app() -> TestApp {
    let (url, tmp) = fresh_database().await;
    let cfg = test_config(&url);
    let audit = server::audit_keys(&cfg);
    let db = server::connect(&url, cfg.db_pool)
        .await
        .unwrap_or_else(|e| panic!("connect: {e}"));
    server::migrate(&db)
        .await
        .unwrap_or_else(|e| panic!("migrate: {e}"));
    let clock = FixedClock::new(start_instant());
    let dir = server::directory(&cfg, db, Arc::new(clock.clone()))
        .unwrap_or_else(|e| panic!("directory: {e}"));
    let orgs = dir
        .seed_demo_orgs("", 0, "430000", ["430100", "430200"])
        .await
        .unwrap_or_else(|e| panic!("seed: {e}"));
    dir.seed_demo_users(&orgs, "")
        .await
        .unwrap_or_else(|e| panic!("seed users: {e}"));
    let foreign = dir
        .seed_demo_orgs("(广东)", 100, "440000", ["440300", "440100"])
        .await
        .unwrap_or_else(|e| panic!("seed foreign: {e}"));
    dir.seed_demo_users(&foreign, "foreign.")
        .await
        .unwrap_or_else(|e| panic!("seed foreign users: {e}"));
    let listener = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("bind: {e}"));
    let port = listener.local_addr().map(|a| a.port()).unwrap_or(0);
    let server =
        server::start(&cfg, dir.clone(), listener).unwrap_or_else(|e| panic!("start: {e}"));
    tokio::spawn(server);
    let jobs = server::jobs::runner(&dir);
    TestApp {
        jobs,
        base: format!("http://127.0.0.1:{port}"),
        client: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .pool_idle_timeout(CLIENT_IDLE)
            .build()
            .unwrap_or_default(),
        dir,
        clock,
        orgs,
        foreign,
        audit,
        _tmp: tmp,
    }
}

/// How long a test client keeps an idle connection for its next request: under the server's
/// keep-alive (5 s, actix-http's default). A connection idle longer may be closed by the server
/// just as the client sends on it, and the request fails with `IncompleteMessage` — always so
/// when the test's thread was busy past the keep-alive (building the OpenAPI document in a
/// debug build on a loaded CI machine, say), since the connection's task could not see the
/// close. It failed a CI run in the hygiene probe; a connection idle longer is not reused.
const CLIENT_IDLE: std::time::Duration = std::time::Duration::from_secs(2);

/// The instant every test starts at.
pub fn start_instant() -> OffsetDateTime {
    time::macros::datetime!(2026-11-22 10:00 UTC)
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// Sends a request and reads the answer.
    pub async fn send(&self, req: reqwest::RequestBuilder) -> Answer {
        let res = req
            .send()
            .await
            .unwrap_or_else(|e| panic!("request failed: {e}"));
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.bytes().await.map(|b| b.to_vec()).unwrap_or_default();
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Answer {
            status,
            headers,
            body,
            bytes,
        }
    }

    /// Logs in with the demo password; returns the access token.
    pub async fn token(&self, login: &str) -> String {
        let a = self.login(login, DEMO_PASSWORD).await;
        assert_eq!(a.status, StatusCode::OK, "login {login}: {:?}", a.body);
        a.body["access_token"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// Does what the sequencer does in the background: chains every appended audit row.
    pub async fn chain_audit(&self) -> u64 {
        kernel::audit::chain_all(&self.dir.db, &self.audit.chain)
            .await
            .unwrap_or_else(|e| panic!("chain: {e}"))
    }

    /// Does what a server's job runner does in the background: runs every due job to its end,
    /// one after the other; how many ran.
    pub async fn run_jobs(&self) -> usize {
        let mut n = 0;
        while self
            .jobs
            .tick()
            .await
            .unwrap_or_else(|e| panic!("job runner: {e}"))
            .is_some()
        {
            n += 1;
        }
        n
    }

    /// The job a `202 Accepted` answer queued, once every due job has run (`GET` at its
    /// `Location`, as `token`); any other answer is handed back as it is.
    pub async fn finished_job(&self, token: &str, submitted: Answer) -> Answer {
        if submitted.status != StatusCode::ACCEPTED {
            return submitted;
        }
        let location = submitted
            .header("location")
            .unwrap_or_else(|| panic!("202 without Location: {:?}", submitted.body))
            .to_owned();
        self.run_jobs().await;
        self.get(token, &location).await
    }

    /// Verifies the chain against `checkpoints`, signed with the test server's key.
    pub async fn verify_audit(
        &self,
        checkpoints: &[kernel::audit::Checkpoint],
    ) -> kernel::audit::Report {
        kernel::audit::verify(
            &self.dir.db,
            &self.audit.chain,
            checkpoints,
            &self.audit.signer.verifying_key(),
        )
        .await
        .unwrap_or_else(|e| panic!("verify: {e}"))
    }

    /// A client whose requests come from `ip` (any 127.x.y.z address reaches the server).
    pub fn client_from(&self, ip: [u8; 4]) -> reqwest::Client {
        reqwest::Client::builder()
            .local_address(std::net::IpAddr::from(ip))
            .pool_idle_timeout(CLIENT_IDLE)
            .build()
            .unwrap_or_else(|e| panic!("client: {e}"))
    }

    /// A login attempt sent by `client`.
    pub async fn login_with(
        &self,
        client: &reqwest::Client,
        login: &str,
        password: &str,
    ) -> Answer {
        self.send(
            client
                .post(self.url("/api/v1/auth/token"))
                .json(&serde_json::json!({"login": login, "password": password})),
        )
        .await
    }

    pub async fn login(&self, login: &str, password: &str) -> Answer {
        self.send(
            self.client
                .post(self.url("/api/v1/auth/token"))
                .json(&serde_json::json!({"login": login, "password": password})),
        )
        .await
    }

    pub async fn get(&self, token: &str, path: &str) -> Answer {
        self.send(self.client.get(self.url(path)).bearer_auth(token))
            .await
    }

    pub async fn post(&self, token: &str, path: &str, body: &Value) -> Answer {
        self.send(
            self.client
                .post(self.url(path))
                .bearer_auth(token)
                .json(body),
        )
        .await
    }

    pub async fn patch(&self, token: &str, path: &str, version: i64, body: &Value) -> Answer {
        self.send(
            self.client
                .patch(self.url(path))
                .bearer_auth(token)
                .header("If-Match", format!("\"{version}\""))
                .json(body),
        )
        .await
    }

    /// A regulator's API client of the demo province regulator holding `scopes`, and a
    /// client-credentials access token for it: (client's id, token).
    pub async fn client_token(&self, scopes: &[&str]) -> (uuid::Uuid, String) {
        let admin = self.token("admin").await;
        let created = self
            .post(
                &admin,
                "/api/v1/api-clients",
                &builders::ApiClientBuilder::new(self.orgs.regulator_province, scopes).build(),
            )
            .await;
        assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
        let text = |k: &str| created.body[k].as_str().unwrap_or_default().to_owned();
        let tok = self
            .send(self.client.post(self.url("/api/v1/auth/token")).form(&[
                ("grant_type", "client_credentials"),
                ("client_id", &text("client_id")),
                ("client_secret", &text("client_secret")),
            ]))
            .await;
        assert_eq!(tok.status, StatusCode::OK, "{:?}", tok.body);
        let id = text("id").parse().unwrap_or_default();
        (
            id,
            tok.body["access_token"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
        )
    }

    /// The test clock's instant.
    pub fn now(&self) -> OffsetDateTime {
        kernel::Clock::now(&self.clock)
    }

    /// Sends a raw file as the body (`content_type` empty: no `Content-Type` at all), the way
    /// every upload endpoint takes it.
    pub async fn upload(
        &self,
        method: reqwest::Method,
        token: &str,
        path: &str,
        content_type: &str,
        body: Vec<u8>,
    ) -> Answer {
        let mut req = self
            .client
            .request(method, self.url(path))
            .bearer_auth(token);
        if !content_type.is_empty() {
            req = req.header("content-type", content_type);
        }
        self.send(req.body(body)).await
    }

    /// `PUT`s a raw file to `path` as `token` (the endpoints that take a file: a change
    /// letter, an archive document, an answer sheet); `content_type` empty sends none.
    pub async fn put_file(
        &self,
        token: &str,
        path: &str,
        content_type: &str,
        body: Vec<u8>,
    ) -> Answer {
        self.upload(reqwest::Method::PUT, token, path, content_type, body)
            .await
    }

    /// Logs in with `password` (a user a test created); returns the access token.
    pub async fn token_with(&self, login: &str, password: &str) -> String {
        let a = self.login(login, password).await;
        assert_eq!(a.status, StatusCode::OK, "login {login}: {:?}", a.body);
        a.body["access_token"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    pub async fn delete(&self, token: &str, path: &str) -> Answer {
        self.send(self.client.delete(self.url(path)).bearer_auth(token))
            .await
    }
}

/// A small file that passes as a PDF by its bytes (a change letter, an archive document).
pub const PDF: &[u8] = b"%PDF-1.4\n% change letter\n";

/// The rule id a refusal names (empty when none).
pub fn rule(a: &Answer) -> &str {
    a.body["rule"].as_str().unwrap_or("")
}

/// Asserts that `a` is a 422 refusal under rule `want`.
pub fn refused_with(a: &Answer, want: &str) {
    assert_eq!(
        (a.status, rule(a)),
        (StatusCode::UNPROCESSABLE_ENTITY, want),
        "{:?}",
        a.body
    );
}
