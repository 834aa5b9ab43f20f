//! The exam surge of issue 16, against a running seforce prepared by `bench-exam-seed`:
//! N candidates start their attempt spread evenly over a window (60 s), then each autosaves one
//! answer every 30 s (increasing `seq`, one question after the other) for M minutes after its
//! own start. The load is open-loop: every request is sent at its scheduled moment whatever
//! the answers before it took, so a slow server shows up as latency, not as fewer requests.
//!
//! Access tokens are minted here the way the server signs them (HS256 with the server's
//! `SEFORCE_JWT_SECRET`, the claims of `directory::service::auth`), instead of 5,000 argon2
//! logins. Before the timed phase one candidate logs in with its password and the claims of
//! the token the server issued are compared with the minted ones (all but the timestamps):
//! a difference stops the run.
//!
//! Every request's latency is recorded from just before it is sent to the end of its body.
//! An error is a transport failure, a status other than 200, or an answer that does not check
//! (a start without questions; a save not applied or with another `seq`). Afterwards a sample
//! of attempts is read back (untimed) and every save made must be there with its `seq`.
//!
//! Prints progress on stderr and a markdown report on stdout; exits non-zero when something
//! broke, any request failed, or the read-back found a save missing.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use clap::Parser;
use jsonwebtoken::{EncodingKey, Header};
use reqwest::Client;
use serde::Serialize;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::process::ExitCode;
use std::time::{Duration, Instant};
use tokio::time::sleep_until;
use uuid::Uuid;

type Res<T> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

#[derive(Parser, Clone)]
#[command(
    name = "bench-exam-surge",
    about = "Exam surge: N candidates start within a window, then autosave every 30 s"
)]
struct Cli {
    /// Base URL of the running seforce.
    #[arg(long, default_value = "http://127.0.0.1:18096")]
    base: String,
    /// The roster `bench-exam-seed --out` wrote.
    #[arg(long)]
    roster: std::path::PathBuf,
    /// Use only the first N candidates of the roster (default: all).
    #[arg(long)]
    candidates: Option<usize>,
    /// Seconds over which the starts are spread.
    #[arg(long, default_value_t = 60.0)]
    start_window: f64,
    /// Minutes of autosaving after each candidate's start.
    #[arg(long, default_value_t = 5.0)]
    minutes: f64,
    /// Seconds between two autosaves of one candidate.
    #[arg(long, default_value_t = 30.0)]
    interval: f64,
    /// The server's JWT secret (hex or text, as `SEFORCE_JWT_SECRET` is read).
    #[arg(long, env = "SEFORCE_JWT_SECRET", hide_env_values = true)]
    jwt_secret: String,
    /// The candidates' password (one login before the timed phase checks the minted claims).
    #[arg(long, default_value = "Surge-Pass-2026")]
    password: String,
    /// Attempts read back afterwards to check that every save is held.
    #[arg(long, default_value_t = 200)]
    verify: usize,
    /// Per-request timeout, seconds.
    #[arg(long, default_value_t = 30)]
    timeout: u64,
    /// Send autosaves without an `Idempotency-Key` (the SPA sends one): to measure what the
    /// key's record costs a save.
    #[arg(long)]
    no_idempotency_key: bool,
}

/// One roster line.
#[derive(Clone)]
struct Candidate {
    user_id: Uuid,
    org_id: Uuid,
    login: String,
}

/// The claims of an access token, as `directory::service::auth` signs them.
#[derive(Serialize)]
struct Claims<'a> {
    iss: &'a str,
    aud: &'a str,
    sub: String,
    exp: i64,
    nbf: i64,
    iat: i64,
    kind: &'a str,
    epoch: i32,
    memberships: Vec<ClaimMembership>,
}

#[derive(Serialize)]
struct ClaimMembership {
    org: Uuid,
    roles: Vec<&'static str>,
}

/// An access token for a candidate, valid 15 minutes from now (the server's access TTL).
fn mint(key: &EncodingKey, c: &Candidate) -> Res<String> {
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let claims = Claims {
        iss: "seforce",
        aud: "seforce-api",
        sub: c.user_id.to_string(),
        exp: now + 15 * 60,
        nbf: now,
        iat: now,
        kind: "user",
        epoch: 0,
        memberships: vec![ClaimMembership {
            org: c.org_id,
            roles: vec!["practitioner"],
        }],
    };
    Ok(jsonwebtoken::encode(&Header::default(), &claims, key)?)
}

/// A token's claims without the ones that name a moment.
fn timeless_claims(token: &str) -> Res<Value> {
    let payload = token.split('.').nth(1).ok_or("not a JWT")?;
    let mut v: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload)?)?;
    let o = v.as_object_mut().ok_or("claims are not an object")?;
    for k in ["exp", "nbf", "iat"] {
        o.remove(k);
    }
    Ok(v)
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Phase {
    Start,
    Autosave,
}

/// One request as it went.
struct Sample {
    phase: Phase,
    /// Seconds from the run's beginning to the moment it was due.
    due: f64,
    /// How late the client sent it (its own scheduling).
    lag: Duration,
    took: Duration,
    /// None when it succeeded.
    error: Option<String>,
}

/// What one candidate did.
struct Outcome {
    samples: Vec<Sample>,
    attempt: Option<Uuid>,
    /// (position, seq) of every save the server applied.
    saved: Vec<(i64, i64)>,
}

/// A timed request: status and body, or why not.
async fn send(req: reqwest::RequestBuilder) -> (Duration, Result<Value, String>) {
    let t = Instant::now();
    let res = match req.send().await {
        Ok(r) => {
            let status = r.status();
            match r.bytes().await {
                Ok(b) if status.as_u16() == 200 => {
                    serde_json::from_slice::<Value>(&b).map_err(|e| format!("200, body: {e}"))
                }
                Ok(b) => Err(format!(
                    "{} {}",
                    status.as_u16(),
                    problem_code(&b).unwrap_or_default()
                )),
                Err(e) => Err(format!("body: {e}")),
            }
        }
        Err(e) => Err(format!(
            "transport: {}",
            if e.is_timeout() {
                "timeout".to_owned()
            } else if e.is_connect() {
                "connect".to_owned()
            } else {
                e.to_string()
            }
        )),
    };
    (t.elapsed(), res)
}

/// The `code` member of a problem+json answer, if any.
fn problem_code(body: &[u8]) -> Option<String> {
    let v: Value = serde_json::from_slice(body).ok()?;
    Some(
        v.get("code")
            .or_else(|| v.get("title"))?
            .as_str()?
            .to_owned(),
    )
}

/// The answer a candidate saves the `k`-th time for a question of `kind` with `options`.
fn response(kind: &str, options: usize, k: i64) -> Value {
    match kind {
        "true_false" => json!({"kind": "true_false", "value": k % 2 == 0}),
        "single_choice" => {
            json!({"kind": "single_choice", "choice": k.rem_euclid(options.max(1) as i64)})
        }
        "multiple_choice" => json!({"kind": "multiple_choice", "choices": [0]}),
        "fill_blank" => json!({"kind": "fill_blank", "blanks": ["1.25"]}),
        _ => json!({"kind": "short_answer", "text": "定期检验,及时更换磨损超限的钢丝绳。"}),
    }
}

struct Plan {
    base: String,
    sitting: Uuid,
    t0: tokio::time::Instant,
    start_at: Duration,
    saves: i64,
    interval: Duration,
    /// Whether an autosave carries an `Idempotency-Key`.
    idempotency_key: bool,
}

async fn candidate(http: Client, plan: std::sync::Arc<Plan>, token: String) -> Outcome {
    let mut out = Outcome {
        samples: Vec::new(),
        attempt: None,
        saved: Vec::new(),
    };
    let due = plan.t0 + plan.start_at;
    sleep_until(due).await;
    let lag = tokio::time::Instant::now() - due;
    let (took, res) = send(
        http.post(format!(
            "{}/api/v1/exam-sittings/{}/attempt",
            plan.base, plan.sitting
        ))
        .bearer_auth(&token),
    )
    .await;
    let view = res.and_then(|v| {
        let id = v
            .get("id")
            .and_then(Value::as_str)
            .and_then(|s| Uuid::parse_str(s).ok())
            .ok_or("start: no attempt id")?;
        let qs: Vec<(i64, String, usize)> = v
            .get("questions")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|q| {
                        Some((
                            q.get("position")?.as_i64()?,
                            q.get("kind")?.as_str()?.to_owned(),
                            q.get("options")?.as_array()?.len(),
                        ))
                    })
                    .collect()
            })
            .unwrap_or_default();
        if qs.is_empty() {
            return Err("start: no questions".to_owned());
        }
        Ok((id, qs))
    });
    out.samples.push(Sample {
        phase: Phase::Start,
        due: plan.start_at.as_secs_f64(),
        lag,
        took,
        error: view.as_ref().err().cloned(),
    });
    let Ok((attempt, questions)) = view else {
        // The saves this candidate would have made count as failed: nothing to save into.
        for k in 1..=plan.saves {
            let at = plan.start_at + plan.interval.mul_f64(k as f64);
            out.samples.push(Sample {
                phase: Phase::Autosave,
                due: at.as_secs_f64(),
                lag: Duration::ZERO,
                took: Duration::ZERO,
                error: Some("not sent: the start failed".into()),
            });
        }
        return out;
    };
    out.attempt = Some(attempt);
    for k in 1..=plan.saves {
        let at = plan.start_at + plan.interval.mul_f64(k as f64);
        let due = plan.t0 + at;
        sleep_until(due).await;
        let lag = tokio::time::Instant::now() - due;
        let (position, kind, options) = &questions[(k as usize - 1) % questions.len()];
        let mut save = http
            .put(format!(
                "{}/api/v1/exam-attempts/{attempt}/answers/{position}",
                plan.base
            ))
            .bearer_auth(&token);
        if plan.idempotency_key {
            save = save.header("Idempotency-Key", Uuid::new_v4().to_string());
        }
        let (took, res) =
            send(save.json(&json!({"seq": k, "response": response(kind, *options, k)}))).await;
        let checked = res.and_then(|v| {
            let applied = v.get("applied").and_then(Value::as_bool) == Some(true);
            let seq = v.get("seq").and_then(Value::as_i64);
            if applied && seq == Some(k) {
                Ok(())
            } else {
                Err(format!("save not applied (applied {applied}, seq {seq:?})"))
            }
        });
        if checked.is_ok() {
            out.saved.push((*position, k));
        }
        out.samples.push(Sample {
            phase: Phase::Autosave,
            due: at.as_secs_f64(),
            lag,
            took,
            error: checked.err(),
        });
    }
    out
}

fn pct(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[i.clamp(1, sorted.len()) - 1]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli).await {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(2),
        Err(e) => {
            eprintln!("bench-exam-surge: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: &Cli) -> Res<bool> {
    let text = std::fs::read_to_string(&cli.roster)?;
    let mut lines = text.lines();
    let sitting = Uuid::parse_str(lines.next().ok_or("empty roster")?.trim())?;
    let mut roster = Vec::new();
    for l in lines {
        let mut f = l.split('\t');
        let (Some(u), Some(o), Some(login)) = (f.next(), f.next(), f.next()) else {
            return Err(format!("bad roster line: {l}").into());
        };
        roster.push(Candidate {
            user_id: Uuid::parse_str(u)?,
            org_id: Uuid::parse_str(o)?,
            login: login.to_owned(),
        });
    }
    if let Some(n) = cli.candidates {
        if n > roster.len() {
            return Err(format!("the roster has {} candidates, not {n}", roster.len()).into());
        }
        roster.truncate(n);
    }
    let n = roster.len();
    let first = roster.first().ok_or("no candidates in the roster")?.clone();
    let base = cli.base.trim_end_matches('/').to_owned();
    let secret = hex::decode(&cli.jwt_secret).unwrap_or_else(|_| cli.jwt_secret.clone().into());
    let key = EncodingKey::from_secret(&secret);
    let http = Client::builder()
        .timeout(Duration::from_secs(cli.timeout))
        // Under actix-web's 5 s keep-alive, so a pooled connection is never one the server
        // is closing.
        .pool_idle_timeout(Duration::from_secs(3))
        .build()?;

    // Untimed: one real login, its claims against the minted ones, and the minted token used.
    let login: Value = http
        .post(format!("{base}/api/v1/auth/token"))
        .json(&json!({"login": first.login, "password": cli.password}))
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let issued = login
        .get("access_token")
        .and_then(Value::as_str)
        .ok_or("login gave no access token")?;
    let minted = mint(&key, &first)?;
    let (a, b) = (timeless_claims(issued)?, timeless_claims(&minted)?);
    if a != b {
        return Err(
            format!("minted claims differ from the server's: issued {a}, minted {b}").into(),
        );
    }
    let me = http
        .get(format!("{base}/api/v1/me"))
        .bearer_auth(&minted)
        .send()
        .await?;
    if me.status().as_u16() != 200 {
        return Err(format!("GET /me with a minted token: {}", me.status()).into());
    }
    eprintln!("== minted tokens check: claims equal to a login's, GET /me 200; minting {n} tokens");
    let tokens = roster
        .iter()
        .map(|c| mint(&key, c))
        .collect::<Res<Vec<String>>>()?;

    let saves = (cli.minutes * 60.0 / cli.interval).floor() as i64;
    let interval = Duration::from_secs_f64(cli.interval);
    let t0 = tokio::time::Instant::now() + Duration::from_secs(2);
    let wall0 = Instant::now() + Duration::from_secs(2);
    let span = cli.start_window + cli.minutes * 60.0;
    eprintln!(
        "== {n} candidates start over {} s, then {saves} autosaves each every {} s (about {:.0} s in all)",
        cli.start_window, cli.interval, span
    );
    let mut tasks = Vec::with_capacity(n);
    for (i, token) in tokens.into_iter().enumerate() {
        let plan = std::sync::Arc::new(Plan {
            base: base.clone(),
            sitting,
            t0,
            start_at: Duration::from_secs_f64(cli.start_window * i as f64 / n as f64),
            saves,
            interval,
            idempotency_key: !cli.no_idempotency_key,
        });
        tasks.push(tokio::spawn(candidate(http.clone(), plan, token)));
    }
    // Progress every 30 s on stderr.
    let progress = tokio::spawn(async move {
        let mut tick =
            tokio::time::interval_at(t0 + Duration::from_secs(30), Duration::from_secs(30));
        loop {
            tick.tick().await;
            let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
            eprintln!(
                "   {:>4.0} s  load {}",
                wall0.elapsed().as_secs_f64(),
                load.split(' ').take(3).collect::<Vec<_>>().join(" ")
            );
        }
    });
    let mut outcomes = Vec::with_capacity(n);
    for t in tasks {
        outcomes.push(t.await?);
    }
    progress.abort();
    let wall = wall0.elapsed();

    // Untimed: read a sample of attempts back; every applied save must be held.
    let step = (n / cli.verify.max(1)).max(1);
    let (mut checked, mut missing) = (0usize, Vec::new());
    for (i, o) in outcomes.iter().enumerate().step_by(step) {
        let Some(attempt) = o.attempt else { continue };
        let token = mint(&key, &roster[i])?;
        let v: Value = http
            .get(format!("{base}/api/v1/exam-attempts/{attempt}"))
            .bearer_auth(&token)
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        let held: BTreeMap<i64, i64> = v
            .get("answers")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|r| Some((r.get("position")?.as_i64()?, r.get("seq")?.as_i64()?)))
                    .collect()
            })
            .unwrap_or_default();
        let mut want: BTreeMap<i64, i64> = BTreeMap::new();
        for (p, k) in &o.saved {
            let e = want.entry(*p).or_insert(*k);
            *e = (*e).max(*k);
        }
        if held != want {
            missing.push(format!("attempt {attempt}: held {held:?}, saved {want:?}"));
        }
        checked += 1;
    }

    // The report.
    let samples: Vec<&Sample> = outcomes.iter().flat_map(|o| &o.samples).collect();
    let mut r = String::new();
    writeln!(
        r,
        "{n} candidates started over {} s, then each saved one answer every {} s for {} min \
         ({saves} saves each); open loop, every request sent at its moment. Client run {:.0} s. \
         Autosaves {} an `Idempotency-Key`.",
        cli.start_window,
        cli.interval,
        cli.minutes,
        wall.as_secs_f64(),
        if cli.no_idempotency_key {
            "without"
        } else {
            "with"
        }
    )?;
    writeln!(r)?;
    writeln!(
        r,
        "| phase | requests | errors | p50 | p90 | p99 | max | client send lag p99 / max |"
    )?;
    writeln!(r, "|---|---:|---:|---:|---:|---:|---:|---:|")?;
    let mut errors_total = 0;
    let mut by_error: BTreeMap<(Phase, String), usize> = BTreeMap::new();
    let mut p99s = BTreeMap::new();
    for phase in [Phase::Start, Phase::Autosave] {
        let of: Vec<&&Sample> = samples.iter().filter(|s| s.phase == phase).collect();
        let mut ok: Vec<Duration> = of
            .iter()
            .filter(|s| s.error.is_none())
            .map(|s| s.took)
            .collect();
        ok.sort();
        let mut lags: Vec<Duration> = of.iter().map(|s| s.lag).collect();
        lags.sort();
        let errors = of.iter().filter(|s| s.error.is_some()).count();
        errors_total += errors;
        for s in of.iter().filter_map(|s| s.error.clone()) {
            *by_error.entry((phase, s)).or_default() += 1;
        }
        p99s.insert(phase, pct(&ok, 99.0));
        writeln!(
            r,
            "| {} | {} | {errors} | {} | {} | **{}** | {} | {} / {} |",
            if phase == Phase::Start {
                "start (`POST /exam-sittings/{id}/attempt`)"
            } else {
                "autosave (`PUT /exam-attempts/{id}/answers/{n}`)"
            },
            of.len(),
            ms(pct(&ok, 50.0)),
            ms(pct(&ok, 90.0)),
            ms(pct(&ok, 99.0)),
            ms(ok.last().copied().unwrap_or_default()),
            ms(pct(&lags, 99.0)),
            ms(lags.last().copied().unwrap_or_default()),
        )?;
    }
    writeln!(r)?;
    writeln!(
        r,
        "Autosave latency by the minute it was due (the starts arrive during minute 1):"
    )?;
    writeln!(r)?;
    writeln!(r, "| minute | saves | p50 | p99 | max |")?;
    writeln!(r, "|---:|---:|---:|---:|---:|")?;
    let mut minutes: BTreeMap<u64, Vec<Duration>> = BTreeMap::new();
    for s in samples
        .iter()
        .filter(|s| s.phase == Phase::Autosave && s.error.is_none())
    {
        minutes
            .entry((s.due / 60.0) as u64 + 1)
            .or_default()
            .push(s.took);
    }
    for (m, mut l) in minutes {
        l.sort();
        writeln!(
            r,
            "| {m} | {} | {} | {} | {} |",
            l.len(),
            ms(pct(&l, 50.0)),
            ms(pct(&l, 99.0)),
            ms(l.last().copied().unwrap_or_default())
        )?;
    }
    writeln!(r)?;
    if by_error.is_empty() {
        writeln!(r, "- Errors: **0**.")?;
    } else {
        writeln!(r, "- Errors: **{errors_total}**:")?;
        for ((phase, e), c) in &by_error {
            writeln!(r, "  - {phase:?}: {e} × {c}")?;
        }
    }
    writeln!(
        r,
        "- Read back (untimed): {checked} attempts (one in {step}), {} with a save missing.",
        missing.len()
    )?;
    for m in missing.iter().take(5) {
        writeln!(r, "  - {m}")?;
    }
    let target = Duration::from_millis(100);
    writeln!(
        r,
        "- Target p99 ≤ 100 ms: start {}, autosave {}.",
        if p99s[&Phase::Start] <= target {
            "met"
        } else {
            "MISSED"
        },
        if p99s[&Phase::Autosave] <= target {
            "met"
        } else {
            "MISSED"
        }
    )?;
    print!("{r}");
    Ok(errors_total == 0 && missing.is_empty())
}
