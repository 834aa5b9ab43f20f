//! Training benchmarks (issue 3), measured against a running `seforce serve --seed-demo`
//! through its public HTTP API only, so every figure includes authentication, tenancy and the
//! role checks a real caller goes through:
//!
//! 1. **Confirmations under contention**: N approved enrolments for one class with C seats,
//!    confirmed concurrently by the association's staff; then the same number spread over as
//!    many classes (no single hot row). Afterwards the outcome is checked through the API
//!    (exactly C confirmed, the rest waiting, nothing lost) and a wrong outcome fails the run.
//! 2. **Trainees signing in by QR code**: T enrolled and paid trainees, each with their own
//!    practitioner login linked to their person; the head teacher's classroom screen fetches a
//!    fresh sign-in code (valid 60 s) every few seconds; the trainees sign in (a) spread over a
//!    window as in a real classroom and (b) as a burst with a bounded number in flight.
//!    Afterwards every trainee's own attendance must read "present" for both sessions.
//!
//! Prints progress on stderr and a markdown report on stdout. Exits non-zero when something
//! broke or an outcome check failed; latencies are reported, never asserted.

use clap::Parser;
use futures_util::stream::{self, StreamExt};
use reqwest::{Client, Method, StatusCode};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use time::format_description::well_known::Rfc3339;
use time::{Date, OffsetDateTime};
use tokio::sync::{Notify, RwLock};

type Res<T> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

const DEMO_PASSWORD: &str = "Demo-Pass-2026";
const TRAINEE_PASSWORD: &str = "Bench-Trainee-2026";
const TRAINING_FEE: i64 = 80_000;
const EXAM_FEE: i64 = 20_000;

#[derive(Parser, Clone)]
#[command(
    name = "bench-training",
    about = "Training benchmarks against a running seforce (seeds through the HTTP API)"
)]
struct Cli {
    /// Base URL of a running `seforce serve --seed-demo`.
    #[arg(long, default_value = "http://127.0.0.1:18092")]
    base: String,
    /// Approved enrolments confirmed concurrently.
    #[arg(long, default_value_t = 200)]
    enrolments: usize,
    /// Seats of the contended class.
    #[arg(long, default_value_t = 30)]
    capacity: usize,
    /// Requests in flight in the concurrent runs.
    #[arg(long, default_value_t = 64)]
    in_flight: usize,
    /// Trainees signing in.
    #[arg(long, default_value_t = 500)]
    trainees: usize,
    /// Seconds over which the classroom sign-in is spread.
    #[arg(long, default_value_t = 60)]
    window: u64,
    /// Seconds between two fetches of the sign-in code by the classroom screen.
    #[arg(long, default_value_t = 10)]
    code_refresh: u64,
    /// Concurrent requests while seeding (user creation and logins hash with argon2).
    #[arg(long, default_value_t = 4)]
    setup_concurrency: usize,
    /// The server's process id (same machine): its resident memory is reported after each phase.
    #[arg(long)]
    server_pid: Option<u32>,
}

/// One timed answer.
struct Answer {
    status: StatusCode,
    body: Value,
    took: Duration,
}

#[derive(Clone)]
struct Api {
    http: Client,
    base: String,
}

impl Api {
    async fn call(
        &self,
        method: Method,
        path: &str,
        token: &str,
        body: Option<&Value>,
    ) -> Res<Answer> {
        let mut req = self
            .http
            .request(method.clone(), format!("{}/api/v1{path}", self.base));
        if !token.is_empty() {
            req = req.bearer_auth(token);
        }
        if let Some(b) = body {
            req = req.json(b);
        }
        let start = Instant::now();
        let resp = req.send().await?;
        let status = resp.status();
        let bytes = resp.bytes().await?;
        let took = start.elapsed();
        let body = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes).unwrap_or(Value::Null)
        };
        Ok(Answer { status, body, took })
    }

    async fn get(&self, path: &str, token: &str) -> Res<Answer> {
        self.call(Method::GET, path, token, None).await
    }

    async fn post(&self, path: &str, token: &str, body: &Value) -> Res<Answer> {
        self.call(Method::POST, path, token, Some(body)).await
    }

    /// POST that must answer `want`; returns the body.
    async fn must(
        &self,
        method: Method,
        path: &str,
        token: &str,
        body: &Value,
        want: StatusCode,
    ) -> Res<Value> {
        let a = self.call(method.clone(), path, token, Some(body)).await?;
        if a.status != want {
            return Err(format!("{method} {path}: {} {}", a.status, a.body).into());
        }
        Ok(a.body)
    }

    async fn login(&self, login: &str, password: &str) -> Res<String> {
        let a = self
            .post(
                "/auth/token",
                "",
                &json!({"login": login, "password": password}),
            )
            .await?;
        match a.body["access_token"].as_str() {
            Some(t) if a.status == StatusCode::OK => Ok(t.to_owned()),
            _ => Err(format!("login {login}: {} {}", a.status, a.body).into()),
        }
    }
}

fn id_of(v: &Value) -> Res<String> {
    v["id"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| format!("no id in {v}").into())
}

fn rfc3339(t: OffsetDateTime) -> Res<String> {
    Ok(t.format(&Rfc3339)?)
}

/// A valid 18-digit ID number (GB 11643 check digit).
fn national_id(region: &str, birth: Date, seq: u16) -> String {
    directory::demo::national_id(region, birth, seq)
}

/// Runs `f` over `items` with at most `n` in flight; the first error wins.
async fn bounded<T, O, F, Fut>(items: Vec<T>, n: usize, f: F) -> Res<Vec<O>>
where
    F: Fn(T) -> Fut,
    Fut: std::future::Future<Output = Res<O>>,
{
    let results: Vec<Res<O>> = stream::iter(items.into_iter().map(f))
        .buffer_unordered(n.max(1))
        .collect()
        .await;
    results.into_iter().collect()
}

/// Latency and error summary of one measured run.
struct Run {
    name: String,
    ok: usize,
    errors: BTreeMap<String, usize>,
    latencies: Vec<Duration>,
    wall: Duration,
    max_in_flight: usize,
}

impl Run {
    fn errors_total(&self) -> usize {
        self.errors.values().sum()
    }
    fn pct(&self, p: f64) -> Duration {
        let mut l = self.latencies.clone();
        l.sort();
        if l.is_empty() {
            return Duration::ZERO;
        }
        let i = ((p / 100.0) * l.len() as f64).ceil() as usize;
        l[i.clamp(1, l.len()) - 1]
    }
    fn rate(&self) -> f64 {
        (self.ok + self.errors_total()) as f64 / self.wall.as_secs_f64().max(1e-9)
    }
    fn errors_text(&self) -> String {
        if self.errors.is_empty() {
            return "0".into();
        }
        let detail: Vec<String> = self
            .errors
            .iter()
            .map(|(k, v)| format!("{v}× {k}"))
            .collect();
        format!("{} ({})", self.errors_total(), detail.join(", "))
    }
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn error_key(a: &Answer) -> String {
    let rule = a.body["rule"].as_str().unwrap_or("");
    if rule.is_empty() {
        a.status.as_u16().to_string()
    } else {
        format!("{} {rule}", a.status.as_u16())
    }
}

fn say(msg: &str) {
    eprintln!("== {msg}");
}

/// Tokens of the demo roles (re-fetched per phase: access tokens live 15 minutes).
struct Staff {
    admin: String,
    assoc_admin: String,
    staff: String,
    officer: String,
    manager: String,
    finance: String,
    head: String,
}

async fn staff(api: &Api) -> Res<Staff> {
    Ok(Staff {
        admin: api.login("admin", DEMO_PASSWORD).await?,
        assoc_admin: api.login("assoc.admin", DEMO_PASSWORD).await?,
        staff: api.login("assoc.staff", DEMO_PASSWORD).await?,
        officer: api.login("ent.officer", DEMO_PASSWORD).await?,
        manager: api.login("ent.manager", DEMO_PASSWORD).await?,
        finance: api.login("finance", DEMO_PASSWORD).await?,
        head: api.login("head.teacher", DEMO_PASSWORD).await?,
    })
}

struct Ctx {
    api: Api,
    cli: Cli,
    enterprise: String,
    head_user: String,
    course: String,
    /// Distinguishes this run's logins and ID numbers from earlier runs on the same server.
    tag: u64,
    /// Next person number (each gets its own birth date).
    next_person: AtomicUsize,
    starts_at: OffsetDateTime,
    /// The server's resident memory after each phase.
    memory: std::sync::Mutex<Vec<String>>,
}

impl Ctx {
    /// Notes the server's VmRSS (and the peak so far) after `phase`, when its pid is known.
    fn note_memory(&self, phase: &str) {
        let Some(pid) = self.cli.server_pid else {
            return;
        };
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
        let kb = |key: &str| {
            status
                .lines()
                .find(|l| l.starts_with(key))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse::<u64>().ok())
                .unwrap_or(0)
        };
        if let Ok(mut m) = self.memory.lock() {
            m.push(format!(
                "{phase}: {} MB (peak so far {} MB)",
                kb("VmRSS:") / 1024,
                kb("VmHWM:") / 1024
            ));
        }
    }

    async fn new_class(&self, s: &Staff, name: &str, capacity: usize) -> Res<String> {
        self.new_class_at(s, name, capacity, self.starts_at).await
    }

    async fn new_class_at(
        &self,
        s: &Staff,
        name: &str,
        capacity: usize,
        starts_at: OffsetDateTime,
    ) -> Res<String> {
        let body = json!({
            "course_id": self.course, "name": name,
            "starts_at": rfc3339(starts_at)?, "ends_at": rfc3339(starts_at + time::Duration::days(3))?,
            "venue": "长沙市岳麓区培训中心201室", "capacity": capacity,
            "training_fee": TRAINING_FEE, "exam_fee": EXAM_FEE
        });
        id_of(
            &self
                .api
                .must(
                    Method::POST,
                    "/classes",
                    &s.staff,
                    &body,
                    StatusCode::CREATED,
                )
                .await?,
        )
    }

    /// A new employee of the demo enterprise, optionally linked to a user.
    async fn person(&self, s: &Staff, user: Option<&str>) -> Res<String> {
        let n = self.next_person.fetch_add(1, Ordering::Relaxed);
        let birth = Date::from_calendar_date(1970, time::Month::January, 1)?
            + time::Duration::days(i64::try_from(n)?);
        let seq = u16::try_from(self.tag % 500)? * 2 + 1;
        let mut body = json!({
            "name": format!("压测学员{n}"), "gender": "male",
            "birth_date": birth.to_string(),
            "national_id": national_id("430104", birth, seq),
            "employer_id": self.enterprise, "post": "燃气管道巡检员", "post_since": "2016-07-01"
        });
        if let Some(u) = user {
            body["user_id"] = json!(u);
        }
        id_of(
            &self
                .api
                .must(
                    Method::POST,
                    "/persons",
                    &s.assoc_admin,
                    &body,
                    StatusCode::CREATED,
                )
                .await?,
        )
    }

    /// Officer enrols, manager approves: an approved enrolment.
    async fn approved(&self, s: &Staff, class: &str, person: &str) -> Res<String> {
        let e = self
            .api
            .must(
                Method::POST,
                "/enrolments",
                &s.officer,
                &json!({"class_id": class, "person_id": person}),
                StatusCode::CREATED,
            )
            .await?;
        let id = id_of(&e)?;
        self.api
            .must(
                Method::POST,
                &format!("/enrolments/{id}/approval"),
                &s.manager,
                &json!({"decision": "approve"}),
                StatusCode::OK,
            )
            .await?;
        Ok(id)
    }

    /// Every item of a paged list, following `next_cursor` (`path` already has a query).
    async fn all_items(&self, path: &str, token: &str) -> Res<Vec<Value>> {
        let mut items = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let page = match &cursor {
                Some(c) => format!("{path}&cursor={c}"),
                None => path.to_owned(),
            };
            let a = self.api.get(&page, token).await?;
            if a.status != StatusCode::OK {
                return Err(format!("GET {page}: {} {}", a.status, a.body).into());
            }
            items.extend(a.body["items"].as_array().cloned().unwrap_or_default());
            match a.body["next_cursor"].as_str() {
                Some(c) if !c.is_empty() => cursor = Some(c.to_owned()),
                _ => return Ok(items),
            }
        }
    }

    /// Enrolments of a class with the given status.
    async fn count_enrolments(&self, s: &Staff, class: &str, status: &str) -> Res<usize> {
        let path = format!("/enrolments?class_id={class}&status={status}&limit=200");
        Ok(self.all_items(&path, &s.staff).await?.len())
    }

    /// seats_taken of each class, from the list as the association's staff see it (the
    /// anonymous list shows only classes of published plans, and these are in none).
    async fn seats(&self, s: &Staff) -> Res<BTreeMap<String, i64>> {
        let classes = self.all_items("/classes?limit=200", &s.staff).await?;
        Ok(classes
            .iter()
            .filter_map(|c| Some((c["id"].as_str()?.to_owned(), c["seats_taken"].as_i64()?)))
            .collect())
    }
}

/// Confirms every enrolment concurrently as the association's staff.
async fn confirm_all(
    ctx: &Ctx,
    s: &Staff,
    name: &str,
    ids: Vec<String>,
) -> Res<(Run, BTreeMap<String, usize>)> {
    let in_flight = Arc::new(AtomicUsize::new(0));
    let max = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    let answers = bounded(ids, ctx.cli.in_flight, |id| {
        let (api, token) = (ctx.api.clone(), s.staff.clone());
        let (in_flight, max) = (in_flight.clone(), max.clone());
        async move {
            let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
            max.fetch_max(now, Ordering::SeqCst);
            let a = api
                .post(
                    &format!("/enrolments/{id}/confirmation"),
                    &token,
                    &Value::Null,
                )
                .await;
            in_flight.fetch_sub(1, Ordering::SeqCst);
            a
        }
    })
    .await?;
    let wall = start.elapsed();
    let mut run = Run {
        name: name.into(),
        ok: 0,
        errors: BTreeMap::new(),
        latencies: Vec::new(),
        wall,
        max_in_flight: max.load(Ordering::SeqCst),
    };
    let mut outcome = BTreeMap::new();
    for a in &answers {
        run.latencies.push(a.took);
        if a.status == StatusCode::OK {
            run.ok += 1;
            let st = a.body["status"].as_str().unwrap_or("?").to_owned();
            *outcome.entry(st).or_insert(0) += 1;
        } else {
            *run.errors.entry(error_key(a)).or_insert(0) += 1;
        }
    }
    Ok((run, outcome))
}

struct ConfirmReport {
    hot: Run,
    hot_outcome: String,
    spread: Run,
    spread_outcome: String,
    setup: Duration,
    failures: Vec<String>,
}

async fn confirmations(ctx: &Ctx) -> Res<ConfirmReport> {
    let n = ctx.cli.enrolments;
    let cap = ctx.cli.capacity;
    let t0 = Instant::now();
    let s = staff(&ctx.api).await?;
    say(&format!(
        "seeding {n} approved enrolments for one {cap}-seat class, and {n} over {n} classes"
    ));
    let hot = ctx.new_class(&s, "压测:热点班(确认并发)", cap).await?;
    let spread_classes = bounded((0..n).collect(), ctx.cli.setup_concurrency, |i| {
        let s = &s;
        async move { ctx.new_class(s, &format!("压测:分散班{i}"), cap).await }
    })
    .await?;
    let hot_ids = bounded((0..n).collect(), ctx.cli.setup_concurrency, |_| {
        let (s, hot) = (&s, &hot);
        async move {
            let p = ctx.person(s, None).await?;
            ctx.approved(s, hot, &p).await
        }
    })
    .await?;
    let spread_ids = bounded(spread_classes.clone(), ctx.cli.setup_concurrency, |class| {
        let s = &s;
        async move {
            let p = ctx.person(s, None).await?;
            ctx.approved(s, &class, &p).await
        }
    })
    .await?;
    let setup = t0.elapsed();
    say(&format!("seeded in {:.1} s", setup.as_secs_f64()));
    ctx.note_memory("after seeding the confirmations");

    let mut failures = Vec::new();
    say(&format!(
        "confirming {n} enrolments of one class, {} in flight",
        ctx.cli.in_flight
    ));
    let (hot_run, outcome) = confirm_all(ctx, &s, "one class, 30 seats (hot row)", hot_ids).await?;
    let (c, w) = (
        *outcome.get("confirmed").unwrap_or(&0),
        *outcome.get("waitlisted").unwrap_or(&0),
    );
    // Checked afterwards through the API: the class's counter and the enrolments by status.
    let seats = ctx.seats(&s).await?;
    let taken = seats.get(&hot).copied().unwrap_or(-1);
    let listed_c = ctx.count_enrolments(&s, &hot, "confirmed").await?;
    let listed_w = ctx.count_enrolments(&s, &hot, "waitlisted").await?;
    let listed_a = ctx.count_enrolments(&s, &hot, "approved").await?;
    let hot_outcome = format!(
        "answers: {c} confirmed, {w} waitlisted; afterwards: seats_taken {taken}, {listed_c} confirmed + {listed_w} waitlisted + {listed_a} still approved = {} of {n}",
        listed_c + listed_w + listed_a
    );
    let want_c = cap.min(n);
    if !(c == want_c
        && w == n - want_c
        && usize::try_from(taken).ok() == Some(want_c)
        && listed_c == want_c
        && listed_w == n - want_c
        && listed_a == 0)
    {
        failures.push(format!(
            "contended confirmation outcome is wrong: {hot_outcome}"
        ));
    }

    say(&format!(
        "confirming {n} enrolments over {n} classes, {} in flight",
        ctx.cli.in_flight
    ));
    let (spread_run, outcome) = confirm_all(
        ctx,
        &s,
        &format!("{n} classes, one enrolment each"),
        spread_ids,
    )
    .await?;
    let c = *outcome.get("confirmed").unwrap_or(&0);
    let seats = ctx.seats(&s).await?;
    let filled = spread_classes
        .iter()
        .filter(|id| seats.get(*id).copied() == Some(1))
        .count();
    let spread_outcome =
        format!("answers: {c} confirmed; afterwards: {filled} of {n} classes show one seat taken");
    if c != n || filled != n {
        failures.push(format!(
            "spread confirmation outcome is wrong: {spread_outcome}"
        ));
    }
    ctx.note_memory("after the two confirmation runs");
    Ok(ConfirmReport {
        hot: hot_run,
        hot_outcome,
        spread: spread_run,
        spread_outcome,
        setup,
        failures,
    })
}

struct SignInReport {
    spread: Run,
    burst: Run,
    codes: Run,
    seed: Duration,
    logins: Duration,
    present: (usize, usize),
    failures: Vec<String>,
}

/// The classroom screen: fetches a fresh code every `every` until told to stop.
fn classroom_screen(
    api: Api,
    head: String,
    session: String,
    every: Duration,
    code: Arc<RwLock<String>>,
    stop: Arc<Notify>,
) -> tokio::task::JoinHandle<Res<Vec<Answer>>> {
    tokio::spawn(async move {
        let mut fetched = Vec::new();
        loop {
            tokio::select! {
                () = tokio::time::sleep(every) => {}
                () = stop.notified() => break,
            }
            let a = api
                .get(&format!("/sessions/{session}/sign-in-code"), &head)
                .await?;
            if let (StatusCode::OK, Some(c)) = (a.status, a.body["code"].as_str()) {
                *code.write().await = c.to_owned();
            }
            fetched.push(a);
        }
        Ok(fetched)
    })
}

async fn first_code(api: &Api, head: &str, session: &str) -> Res<(String, Answer)> {
    let a = api
        .get(&format!("/sessions/{session}/sign-in-code"), head)
        .await?;
    match a.body["code"].as_str() {
        Some(c) if a.status == StatusCode::OK => Ok((c.to_owned(), a)),
        _ => Err(format!("sign-in code: {} {}", a.status, a.body).into()),
    }
}

fn tally(name: &str, answers: Vec<Answer>, wall: Duration, max_in_flight: usize) -> Run {
    let mut run = Run {
        name: name.into(),
        ok: 0,
        errors: BTreeMap::new(),
        latencies: Vec::new(),
        wall,
        max_in_flight,
    };
    for a in &answers {
        run.latencies.push(a.took);
        if a.status == StatusCode::OK && a.body["status"] == "present" {
            run.ok += 1;
        } else {
            *run.errors.entry(error_key(a)).or_insert(0) += 1;
        }
    }
    run
}

async fn sign_ins(ctx: &Ctx) -> Res<SignInReport> {
    let t = ctx.cli.trainees;
    let conc = ctx.cli.setup_concurrency;
    let t0 = Instant::now();
    let s = staff(&ctx.api).await?;
    say(&format!(
        "seeding a {t}-seat class with a head teacher and two sessions"
    ));
    // Attendance is taken on the session's day (Asia/Shanghai): this class starts in ten
    // minutes, its two sessions ten minutes and one hour from now (the same day unless the
    // bench runs within an hour of midnight in Beijing).
    let today = OffsetDateTime::now_utc() + time::Duration::minutes(10);
    let class = ctx.new_class_at(&s, "压测:扫码签到班", t, today).await?;
    ctx.api
        .must(
            Method::PUT,
            &format!("/classes/{class}/head-teacher"),
            &s.staff,
            &json!({"user_id": ctx.head_user}),
            StatusCode::NO_CONTENT,
        )
        .await?;
    let mut sessions = Vec::new();
    for hour in 0..2 {
        let start = today + time::Duration::minutes(50 * hour);
        let body = json!({"starts_at": rfc3339(start)?, "ends_at": rfc3339(start + time::Duration::hours(3))?});
        sessions.push(id_of(
            &ctx.api
                .must(
                    Method::POST,
                    &format!("/classes/{class}/sessions"),
                    &s.staff,
                    &body,
                    StatusCode::CREATED,
                )
                .await?,
        )?);
    }
    say(&format!(
        "seeding {t} practitioner logins (argon2), persons, and paid enrolments ({conc} at a time)"
    ));
    let logins: Vec<String> = (0..t).map(|i| format!("bench.{}.{i}", ctx.tag)).collect();
    let users = bounded(logins.clone(), conc, |login| {
        let s = &s;
        async move {
            let u = ctx
                .api
                .must(Method::POST, "/users", &s.admin, &json!({
                    "login": login, "display_name": format!("压测学员 {login}"), "password": TRAINEE_PASSWORD,
                    "organization_id": ctx.enterprise, "roles": ["practitioner"]
                }), StatusCode::CREATED)
                .await?;
            id_of(&u)
        }
    })
    .await?;
    let users_done = t0.elapsed();
    ctx.note_memory(&format!("after creating {t} users (argon2)"));
    // Enrol, approve, confirm and pay each; the class has a seat for everyone.
    bounded(users, conc * 2, |user| {
        let (s, class) = (&s, &class);
        async move {
            let p = ctx.person(s, Some(&user)).await?;
            let id = ctx.approved(s, class, &p).await?;
            let c = ctx
                .api
                .must(Method::POST, &format!("/enrolments/{id}/confirmation"), &s.staff, &Value::Null, StatusCode::OK)
                .await?;
            if c["status"] != "confirmed" {
                return Err(format!("enrolment {id} not confirmed: {c}").into());
            }
            let fee = json!({"training_fee": TRAINING_FEE, "exam_fee": EXAM_FEE, "payer": "长沙新奥燃气有限公司", "method": "银行转账", "receipt_no": format!("BENCH-{id}")});
            ctx.api
                .must(Method::POST, &format!("/enrolments/{id}/payment"), &s.finance, &fee, StatusCode::OK)
                .await?;
            Ok(())
        }
    })
    .await?;
    let seed = t0.elapsed();
    say(&format!(
        "seeded in {:.1} s ({:.1} s of it creating the {t} users); logging the {t} trainees in ({conc} at a time)",
        seed.as_secs_f64(),
        users_done.as_secs_f64()
    ));
    let l0 = Instant::now();
    let tokens = bounded(logins, conc, |login| {
        let api = ctx.api.clone();
        async move { api.login(&login, TRAINEE_PASSWORD).await }
    })
    .await?;
    let logins_took = l0.elapsed();
    ctx.note_memory(&format!("after {t} logins (argon2)"));
    say(&format!("logged in in {:.1} s", logins_took.as_secs_f64()));
    // Fresh staff tokens for the measured part (access tokens live 15 minutes).
    let s = staff(&ctx.api).await?;
    let every = Duration::from_secs(ctx.cli.code_refresh.max(1));
    let mut code_answers = Vec::new();

    // (a) Spread over the window: trainee i scans at i/T of it, with whatever code is shown.
    say(&format!(
        "(a) {t} trainees sign in spread over {} s",
        ctx.cli.window
    ));
    let (c, a) = first_code(&ctx.api, &s.head, &sessions[0]).await?;
    code_answers.push(a);
    let code = Arc::new(RwLock::new(c));
    let stop = Arc::new(Notify::new());
    let screen = classroom_screen(
        ctx.api.clone(),
        s.head.clone(),
        sessions[0].clone(),
        every,
        code.clone(),
        stop.clone(),
    );
    let window = Duration::from_secs(ctx.cli.window);
    let in_flight = Arc::new(AtomicUsize::new(0));
    let max = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    let mut tasks = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        let at = window.mul_f64(i as f64 / t as f64);
        let (api, token, code, session) = (
            ctx.api.clone(),
            token.clone(),
            code.clone(),
            sessions[0].clone(),
        );
        let (in_flight, max) = (in_flight.clone(), max.clone());
        tasks.push(tokio::spawn(async move {
            tokio::time::sleep_until(tokio::time::Instant::from_std(start + at)).await;
            let shown = code.read().await.clone();
            let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
            max.fetch_max(now, Ordering::SeqCst);
            let a = api
                .post(
                    &format!("/sessions/{session}/sign-in"),
                    &token,
                    &json!({"code": shown}),
                )
                .await;
            in_flight.fetch_sub(1, Ordering::SeqCst);
            a
        }));
    }
    let mut answers = Vec::new();
    for task in tasks {
        answers.push(task.await??);
    }
    let wall = start.elapsed();
    stop.notify_one();
    code_answers.extend(screen.await??);
    let spread = tally(
        &format!("(a) spread over {} s", ctx.cli.window),
        answers,
        wall,
        max.load(Ordering::SeqCst),
    );

    // (b) Burst: everyone at once, a bounded number in flight, on the second session.
    say(&format!(
        "(b) {t} trainees sign in as a burst, {} in flight",
        ctx.cli.in_flight
    ));
    let (c, a) = first_code(&ctx.api, &s.head, &sessions[1]).await?;
    code_answers.push(a);
    let code = Arc::new(RwLock::new(c));
    let stop = Arc::new(Notify::new());
    let screen = classroom_screen(
        ctx.api.clone(),
        s.head.clone(),
        sessions[1].clone(),
        every,
        code.clone(),
        stop.clone(),
    );
    let in_flight = Arc::new(AtomicUsize::new(0));
    let max = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    let answers = bounded(tokens.clone(), ctx.cli.in_flight, |token| {
        let (api, code, session) = (ctx.api.clone(), code.clone(), sessions[1].clone());
        let (in_flight, max) = (in_flight.clone(), max.clone());
        async move {
            let shown = code.read().await.clone();
            let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
            max.fetch_max(now, Ordering::SeqCst);
            let a = api
                .post(
                    &format!("/sessions/{session}/sign-in"),
                    &token,
                    &json!({"code": shown}),
                )
                .await;
            in_flight.fetch_sub(1, Ordering::SeqCst);
            a
        }
    })
    .await?;
    let wall = start.elapsed();
    stop.notify_one();
    code_answers.extend(screen.await??);
    let burst = tally(
        &format!("(b) burst, {} in flight", ctx.cli.in_flight),
        answers,
        wall,
        max.load(Ordering::SeqCst),
    );
    let mut codes = tally(
        "sign-in code fetches (head teacher)",
        Vec::new(),
        Duration::ZERO,
        1,
    );
    for a in &code_answers {
        codes.latencies.push(a.took);
        if a.status == StatusCode::OK {
            codes.ok += 1;
        } else {
            *codes.errors.entry(error_key(a)).or_insert(0) += 1;
        }
    }

    ctx.note_memory("after the two sign-in runs");
    // Afterwards: each trainee's own view of the class shows them present at both sessions.
    say("checking every trainee's attendance through GET /me/classes");
    let seen = bounded(tokens, 8, |token| {
        let (api, class, sessions) = (ctx.api.clone(), class.clone(), sessions.clone());
        async move {
            let a = api.get("/me/classes?limit=200", &token).await?;
            let mut present = [false, false];
            for mc in a.body["items"].as_array().into_iter().flatten() {
                if mc["class"]["id"] != class.as_str() {
                    continue;
                }
                for ms in mc["sessions"].as_array().into_iter().flatten() {
                    for (k, sid) in sessions.iter().enumerate() {
                        if ms["id"] == sid.as_str() && ms["attendance"] == "present" {
                            present[k] = true;
                        }
                    }
                }
            }
            Ok::<_, Box<dyn std::error::Error + Send + Sync>>(present)
        }
    })
    .await?;
    let present = (
        seen.iter().filter(|p| p[0]).count(),
        seen.iter().filter(|p| p[1]).count(),
    );
    let mut failures = Vec::new();
    if present != (t, t) {
        failures.push(format!(
            "attendance afterwards: {} and {} of {t} present (sessions 1 and 2)",
            present.0, present.1
        ));
    }
    Ok(SignInReport {
        spread,
        burst,
        codes,
        seed,
        logins: logins_took,
        present,
        failures,
    })
}

/// One table row; a run without its own wall time (the code fetches) shows no rate.
fn row(out: &mut String, r: &Run) {
    let (rate, wall) = if r.wall.is_zero() {
        ("—".to_owned(), "—".to_owned())
    } else {
        (
            format!("{:.0}/s", r.rate()),
            format!("{:.1} s", r.wall.as_secs_f64()),
        )
    };
    let _ = writeln!(
        out,
        "| {} | {} | {rate} | {} | {} | {} | {} | {wall} | {} |",
        r.name,
        r.ok + r.errors_total(),
        ms(r.pct(50.0)),
        ms(r.pct(99.0)),
        ms(r.pct(100.0)),
        r.errors_text(),
        r.max_in_flight
    );
}

async fn run(cli: Cli) -> Res<(String, Vec<String>)> {
    let http = Client::builder()
        .timeout(Duration::from_secs(60))
        .pool_max_idle_per_host(256)
        .build()?;
    let api = Api {
        http,
        base: cli.base.trim_end_matches('/').to_owned(),
    };
    let s = staff(&api).await?;
    let me = |t: String| {
        let api = api.clone();
        async move { api.get("/me", &t).await }
    };
    let assoc = me(s.staff.clone()).await?.body["memberships"][0]["organization_id"]
        .as_str()
        .ok_or("assoc.staff has no membership")?
        .to_owned();
    let ent = me(s.officer.clone()).await?.body["memberships"][0]["organization_id"]
        .as_str()
        .ok_or("ent.officer has no membership")?
        .to_owned();
    let head_user = me(s.head.clone()).await?.body["user"]["id"]
        .as_str()
        .ok_or("head.teacher has no id")?
        .to_owned();
    let course = api
        .must(Method::POST, "/courses", &s.staff, &json!({
            "association_id": assoc, "name": "压测:燃气管道安全技术规范", "topic": "safety_technical_specifications",
            "equipment_categories": ["pressure_pipeline"], "delivery": "face_to_face", "theory_hours": 16, "practical_hours": 8
        }), StatusCode::CREATED)
        .await?;
    let tag = u64::try_from(OffsetDateTime::now_utc().unix_timestamp())? % 100_000;
    let ctx = Ctx {
        api,
        cli: cli.clone(),
        enterprise: ent,
        head_user,
        course: id_of(&course)?,
        tag,
        next_person: AtomicUsize::new(0),
        memory: std::sync::Mutex::new(Vec::new()),
        starts_at: OffsetDateTime::now_utc() + time::Duration::days(30),
    };

    let conf = confirmations(&ctx).await?;
    let sign = sign_ins(&ctx).await?;

    let mut out = String::new();
    let head = "| run | requests | rate | p50 | p99 | max | errors | total time | max in flight |\n|---|---:|---:|---:|---:|---:|---|---:|---:|";
    let _ = writeln!(
        out,
        "### Confirmations under contention ({} approved enrolments, {} in flight, by `assoc.staff`)\n",
        cli.enrolments, cli.in_flight
    );
    let _ = writeln!(out, "{head}");
    row(&mut out, &conf.hot);
    row(&mut out, &conf.spread);
    let _ = writeln!(out);
    let _ = writeln!(out, "- one class: {}", conf.hot_outcome);
    let _ = writeln!(out, "- many classes: {}", conf.spread_outcome);
    let _ = writeln!(
        out,
        "- setup through the API ({} classes, {} persons, enrolments by `ent.officer`, approvals by `ent.manager`, {} at a time): {:.1} s",
        cli.enrolments + 1,
        2 * cli.enrolments,
        cli.setup_concurrency,
        conf.setup.as_secs_f64()
    );
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "### {} trainees signing in by QR code (code valid 60 s, the classroom screen fetches a fresh one every {} s)\n",
        cli.trainees, cli.code_refresh
    );
    let _ = writeln!(out, "{head}");
    row(&mut out, &sign.spread);
    row(&mut out, &sign.burst);
    row(&mut out, &sign.codes);
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "- attendance afterwards, each trainee's own `GET /me/classes`: session 1 (spread) {} / {} present, session 2 (burst) {} / {} present",
        sign.present.0, cli.trainees, sign.present.1, cli.trainees
    );
    let _ = writeln!(
        out,
        "- setup through the API: {} practitioner users (argon2 hash each), persons linked to them, enrolled → approved → confirmed → paid, {} at a time: {:.1} s; logging the {} trainees in ({} at a time, argon2 verify each): {:.1} s",
        cli.trainees,
        cli.setup_concurrency,
        sign.seed.as_secs_f64(),
        cli.trainees,
        cli.setup_concurrency,
        sign.logins.as_secs_f64()
    );
    if let Ok(m) = ctx.memory.lock()
        && !m.is_empty()
    {
        let _ = writeln!(out, "\nServer resident memory: {}.", m.join("; "));
    }
    let mut failures = conf.failures;
    failures.extend(sign.failures);
    Ok((out, failures))
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    match run(cli).await {
        Ok((report, failures)) => {
            print!("{report}");
            for f in &failures {
                println!("\n**OUTCOME CHECK FAILED:** {f}");
                eprintln!("bench-training: {f}");
            }
            if failures.is_empty() {
                std::process::ExitCode::SUCCESS
            } else {
                std::process::ExitCode::FAILURE
            }
        }
        Err(e) => {
            eprintln!("bench-training: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
