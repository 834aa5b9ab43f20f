//! Input and HTTP hygiene (issue 13 §1 §4): no request is a 5xx, whatever the body holds, and
//! the answers carry the headers RFC 9110 and the threat model ask for.

use serde_json::{Map, Value, json};
use test_support::builders::{AccidentCaseBuilder, CalendarDayBuilder};
use test_support::{Answer, PersonBuilder, StatusCode, TestApp, spawn_app};
use uuid::Uuid;

/// A fingerprint of everything stored: the row count of every table. A refused request must
/// leave it as it was.
async fn row_counts(app: &TestApp) -> Vec<(String, i64)> {
    use sea_orm::{ConnectionTrait, DbBackend, Statement};
    let db = &app.dir.db;
    let backend = db.get_database_backend();
    let list = match backend {
        DbBackend::Sqlite => {
            "SELECT name AS t FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        }
        _ => {
            "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name"
        }
    };
    let tables = db
        .query_all_raw(Statement::from_string(backend, list))
        .await
        .unwrap();
    let mut out = Vec::new();
    for row in tables {
        let t: String = row.try_get("", "t").unwrap();
        let n = db
            .query_one_raw(Statement::from_string(
                backend,
                format!("SELECT COUNT(*) AS n FROM \"{t}\""),
            ))
            .await
            .unwrap()
            .unwrap();
        out.push((t, n.try_get::<i64>("", "n").unwrap()));
    }
    out
}

fn resolve<'a>(spec: &'a Value, schema: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(r) => resolve(
            spec,
            spec.pointer(&r.replacen("#", "", 1))
                .unwrap_or(&Value::Null),
        ),
        None => schema,
    }
}

/// What to put in a string field of a probe body.
#[derive(Clone, Copy)]
enum Probe {
    Nul,
    Huge,
    DanglingId,
}

/// A body for `schema` with every property present: plausible values, except that the probe
/// goes into every free-text string (NUL, 100 KB) or every id (a UUID nothing has).
fn body(spec: &Value, schema: &Value, probe: Probe, found: &mut bool) -> Value {
    let schema = resolve(spec, schema);
    if let Some(first) = schema
        .get("oneOf")
        .or_else(|| schema.get("anyOf"))
        .and_then(Value::as_array)
        .and_then(|alts| {
            alts.iter()
                .find(|a| resolve(spec, a).get("type") != Some(&json!("null")))
        })
    {
        return body(spec, first, probe, found);
    }
    if let Some(all) = schema.get("allOf").and_then(Value::as_array) {
        let mut merged = Map::new();
        for part in all {
            if let Value::Object(m) = body(spec, part, probe, found) {
                merged.extend(m);
            }
        }
        return Value::Object(merged);
    }
    if let Some(e) = schema.get("enum").and_then(Value::as_array) {
        return e
            .iter()
            .find(|v| !v.is_null())
            .cloned()
            .unwrap_or(Value::Null);
    }
    let ty = match schema.get("type") {
        Some(Value::String(t)) => t.clone(),
        Some(Value::Array(ts)) => ts
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null")
            .unwrap_or("null")
            .to_owned(),
        _ if schema.get("properties").is_some() => "object".into(),
        _ => "null".into(),
    };
    match ty.as_str() {
        "object" => {
            let mut m = Map::new();
            if let Some(props) = schema.get("properties").and_then(Value::as_object) {
                for (k, v) in props {
                    m.insert(k.clone(), body(spec, v, probe, found));
                }
            }
            Value::Object(m)
        }
        "array" => {
            let item = body(
                spec,
                schema.get("items").unwrap_or(&Value::Null),
                probe,
                found,
            );
            json!([item])
        }
        "integer" | "number" => schema.get("minimum").cloned().unwrap_or(json!(1)),
        "boolean" => json!(true),
        "string" => match (schema.get("format").and_then(Value::as_str), probe) {
            (Some("uuid"), Probe::DanglingId) => {
                *found = true;
                json!(Uuid::now_v7())
            }
            (Some("uuid"), _) => json!(Uuid::now_v7()),
            (Some("date"), _) => json!("2026-11-02"),
            (Some("date-time"), _) => json!("2026-11-20T02:00:00Z"),
            (Some(_), _) => json!("x"),
            (None, Probe::Nul) => {
                *found = true;
                json!("名\u{0}字")
            }
            (None, Probe::Huge) => {
                *found = true;
                json!("长".repeat(100_000))
            }
            (None, Probe::DanglingId) => json!("测试"),
        },
        _ => Value::Null,
    }
}

/// A concrete URL for a templated path and its required query parameters.
fn concrete(spec: &Value, path: &str, op: &Value) -> String {
    let mut url = path.to_owned();
    let mut query = Vec::new();
    for p in op["parameters"].as_array().into_iter().flatten() {
        let name = p["name"].as_str().unwrap_or_default();
        let schema = resolve(spec, &p["schema"]);
        let value = schema
            .get("enum")
            .and_then(|e| e.get(0))
            .and_then(Value::as_str)
            .map(str::to_owned)
            .unwrap_or_else(|| match schema["format"].as_str() {
                Some("uuid") => Uuid::now_v7().to_string(),
                _ => "x".into(),
            });
        match p["in"].as_str() {
            Some("path") => url = url.replace(&format!("{{{name}}}"), &value),
            Some("query") if p["required"] == json!(true) => query.push(format!("{name}={value}")),
            _ => {}
        }
    }
    if !query.is_empty() {
        url = format!("{url}?{}", query.join("&"));
    }
    url
}

fn assert_refused(a: &Answer, what: &str) {
    assert!(
        a.status.is_client_error(),
        "{what}: expected a 4xx, got {} {:?}",
        a.status,
        a.body
    );
    assert!(
        a.content_type().starts_with("application/problem+json"),
        "{what}: not a problem: {}",
        a.content_type()
    );
}

#[tokio::test]
async fn every_create_refuses_a_nul_a_huge_string_and_a_dangling_id_and_changes_nothing() {
    let app = spawn_app().await;
    let admin = app.token("admin").await;
    let staff = app.token("assoc.admin").await;
    let spec = serde_json::to_value(api::openapi()).unwrap();
    let before = row_counts(&app).await;
    let mut probed = 0;
    for (path, item) in spec["paths"].as_object().unwrap() {
        let Some(op) = item.get("post") else { continue };
        let Some(schema) = op.pointer("/requestBody/content/application~1json/schema") else {
            continue;
        };
        for probe in [Probe::Nul, Probe::Huge, Probe::DanglingId] {
            let mut found = false;
            let b = body(&spec, schema, probe, &mut found);
            if !found {
                continue;
            }
            for token in [&admin, &staff] {
                let url = concrete(&spec, path, op);
                let a = app
                    .send(app.client.post(app.url(&url)).bearer_auth(token).json(&b))
                    .await;
                let what = match probe {
                    Probe::Nul => "NUL",
                    Probe::Huge => "100 KB string",
                    Probe::DanglingId => "dangling id",
                };
                assert_refused(&a, &format!("POST {path} with a {what}"));
                probed += 1;
            }
        }
    }
    assert!(probed > 100, "only {probed} probes: is the spec read?");
    assert_eq!(
        row_counts(&app).await,
        before,
        "a refused request changed something"
    );
}

#[tokio::test]
async fn nul_in_a_login_a_query_or_a_form_is_a_4xx_problem() {
    let app = spawn_app().await;
    let t = app.token("admin").await;
    let login = app.login("admin\u{0}", "x").await;
    assert_refused(&login, "login with NUL");
    assert_eq!(login.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(login.body["errors"][0]["pointer"], "/login");
    assert_eq!(login.body["errors"][0]["code"], "control_character");
    // Line breaks and tabs are text; an escape character is not.
    let ok = app
        .post(
            &t,
            "/api/v1/persons",
            &PersonBuilder::new(app.orgs.institution)
                .set("post", "检验员\t(兼)")
                .build(),
        )
        .await;
    assert_eq!(ok.status, StatusCode::CREATED, "{:?}", ok.body);
    let esc = app
        .post(
            &t,
            "/api/v1/persons",
            &PersonBuilder::numbered(app.orgs.institution, 2)
                .set("post", "\u{1b}[31m")
                .build(),
        )
        .await;
    assert_eq!(esc.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(esc.body["errors"][0]["pointer"], "/post");
    for (list, param) in [
        ("organizations", "q"),
        ("persons", "q"),
        ("persons/export", "q"),
        ("users", "q"),
        ("audit", "action"),
    ] {
        let nul = app.get(&t, &format!("/api/v1/{list}?{param}=a%00b")).await;
        assert_refused(&nul, &format!("{list} with NUL in {param}"));
        let long = "a".repeat(60_000);
        let long = app.get(&t, &format!("/api/v1/{list}?{param}={long}")).await;
        assert_refused(&long, &format!("{list} with a 60,000-character {param}"));
        // A term at the bound is still a search.
        let bound = "a".repeat(api::hygiene::MAX_QUERY_VALUE);
        let bound = app
            .get(&t, &format!("/api/v1/{list}?{param}={bound}"))
            .await;
        assert_eq!(bound.status, StatusCode::OK, "{list}: {:?}", bound.body);
    }
    let form = app
        .send(
            app.client
                .post(app.url("/api/v1/auth/token"))
                .header("content-type", "application/x-www-form-urlencoded")
                .body("grant_type=client_credentials&client_id=a%00&client_secret=x"),
        )
        .await;
    assert_refused(&form, "client credentials with NUL");
}

#[tokio::test]
async fn dangling_associations_are_refused_before_insert() {
    let app = spawn_app().await;
    let t = app.token("admin").await;
    let nobody = Uuid::now_v7();
    let case = app
        .post(
            &t,
            "/api/v1/accident-cases",
            &AccidentCaseBuilder::new(nobody, "2025-05-01")
                .set("title", "叉车倾翻")
                .set("summary", "经过")
                .set("lessons", "教训")
                .set("equipment_category", "in_plant_motor_vehicle")
                .build(),
        )
        .await;
    assert_eq!(
        case.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{:?}",
        case.body
    );
    assert_eq!(case.body["errors"][0]["pointer"], "/association_id");
    let day = app
        .post(
            &t,
            "/api/v1/calendar-days",
            &CalendarDayBuilder::holiday(nobody, "2026-12-31", "元旦前").build(),
        )
        .await;
    assert_eq!(
        day.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{:?}",
        day.body
    );
    assert_eq!(day.body["errors"][0]["pointer"], "/association_id");
    // The association that exists is still accepted.
    let ok = app
        .post(
            &t,
            "/api/v1/calendar-days",
            &CalendarDayBuilder::holiday(app.orgs.association, "2026-12-31", "元旦前").build(),
        )
        .await;
    assert_eq!(ok.status, StatusCode::CREATED, "{:?}", ok.body);
}

#[tokio::test]
async fn a_method_the_path_lacks_is_405_with_allow() {
    let app = spawn_app().await;
    let t = app.token("admin").await;
    for (method, path, allow) in [
        ("PATCH", "/api/v1/persons/export", "GET, HEAD"),
        ("GET", "/api/v1/persons/imports", "POST"),
        ("DELETE", "/api/v1/persons", "GET, HEAD, POST"),
        ("PUT", "/api/v1/regions", "GET, HEAD"),
    ] {
        let m = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let a = app
            .send(app.client.request(m, app.url(path)).bearer_auth(&t))
            .await;
        assert_eq!(a.status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
        assert_eq!(a.header("allow"), Some(allow), "{method} {path}");
        assert!(a.content_type().starts_with("application/problem+json"));
    }
}

/// A control byte in a header is refused by actix-http's parser before the application runs;
/// the listener turns that empty 400 into a problem (server::listen), and the next connection
/// is served as usual.
#[tokio::test]
async fn a_control_byte_in_a_header_is_a_problem_400() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = spawn_app().await;
    let addr = app.base.trim_start_matches("http://").to_owned();
    let mut conn = tokio::net::TcpStream::connect(&addr).await.unwrap();
    conn.write_all(b"GET /api/v1/regions HTTP/1.1\r\nHost: x\r\nX-Note: a\x01b\r\n\r\n")
        .await
        .unwrap();
    let mut answer = Vec::new();
    conn.read_to_end(&mut answer).await.unwrap();
    let text = String::from_utf8(answer).unwrap();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    assert!(head.starts_with("HTTP/1.1 400 "), "{head}");
    assert!(
        head.contains("content-type: application/problem+json"),
        "{head}"
    );
    let problem: serde_json::Value = serde_json::from_str(body).unwrap();
    assert_eq!(problem["status"], 400);
    assert_eq!(
        problem["type"],
        "urn:seforce:problem:malformed-request-head"
    );
    assert!(
        problem["detail"]
            .as_str()
            .is_some_and(|d| !d.contains(" / "))
    );
    let after = app
        .send(app.client.get(app.url("/api/v1/public/plans")))
        .await;
    assert_eq!(after.status, StatusCode::OK, "the server serves on");
}

/// RFC 9110 §9.3.2: HEAD is the GET without its body — same status, same headers, same
/// authorisation; a path without a GET still answers 405.
#[tokio::test]
async fn head_is_answered_as_the_get_without_a_body() {
    let app = spawn_app().await;
    let t = app.token("admin").await;
    let get = app
        .send(app.client.get(app.url("/api/v1/regions")).bearer_auth(&t))
        .await;
    let head = app
        .send(app.client.head(app.url("/api/v1/regions")).bearer_auth(&t))
        .await;
    assert_eq!(get.status, StatusCode::OK);
    assert_eq!(head.status, StatusCode::OK);
    assert!(head.bytes.is_empty(), "a HEAD answer carries no body");
    assert_eq!(head.content_type(), get.content_type());
    assert_eq!(head.header("cache-control"), get.header("cache-control"));
    let anonymous = app.send(app.client.head(app.url("/api/v1/persons"))).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    let no_get = app
        .send(
            app.client
                .head(app.url("/api/v1/persons/imports"))
                .bearer_auth(&t),
        )
        .await;
    assert_eq!(no_get.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(no_get.header("allow"), Some("POST"));
}

#[tokio::test]
async fn personal_data_is_never_cached_and_pages_carry_a_csp() {
    let app = spawn_app().await;
    let t = app.token("assoc.admin").await;
    let p = app
        .post(
            &t,
            "/api/v1/persons",
            &PersonBuilder::new(app.orgs.institution).build(),
        )
        .await;
    let one = app
        .get(
            &t,
            &format!("/api/v1/persons/{}", p.body["id"].as_str().unwrap()),
        )
        .await;
    assert_eq!(one.status, StatusCode::OK);
    assert_eq!(one.header("cache-control"), Some("no-store"));
    let export = app.get(&t, "/api/v1/persons/export").await;
    assert_eq!(export.status, StatusCode::OK);
    assert_eq!(export.header("cache-control"), Some("no-store"));
    let refused = app.get("not-a-token", "/api/v1/persons").await;
    assert_eq!(refused.header("cache-control"), Some("no-store"));
    let docs = app.send(app.client.get(app.url("/api/docs/"))).await;
    assert_eq!(docs.status, StatusCode::OK);
    let csp = docs.header("content-security-policy").unwrap_or_default();
    assert!(csp.contains("script-src 'self';"), "{csp}");
    assert!(!csp.contains("unsafe-eval"), "{csp}");
    assert!(
        !String::from_utf8_lossy(&docs.bytes).contains("<script>"),
        "Swagger UI has an inline script the policy would block"
    );
}

#[tokio::test]
async fn if_match_star_and_weak_tags_follow_rfc_9110() {
    let app = spawn_app().await;
    let t = app.token("assoc.admin").await;
    let p = app
        .post(
            &t,
            "/api/v1/persons",
            &PersonBuilder::new(app.orgs.institution).build(),
        )
        .await;
    let path = format!("/api/v1/persons/{}", p.body["id"].as_str().unwrap());
    let patch = |tag: &'static str, post: &'static str| {
        app.client
            .patch(app.url(&path))
            .bearer_auth(&t)
            .header("If-Match", tag)
            .json(&json!({ "post": post }))
    };
    // Weak tags never match under the strong comparison If-Match uses.
    let weak = app.send(patch("W/\"1\"", "检验师")).await;
    assert_eq!(
        weak.status,
        StatusCode::PRECONDITION_FAILED,
        "{:?}",
        weak.body
    );
    // A list matches when it names the current version.
    let listed = app.send(patch("\"7\", \"1\"", "检验师")).await;
    assert_eq!(listed.status, StatusCode::OK, "{:?}", listed.body);
    assert_eq!(listed.header("etag"), Some("\"2\""));
    // `*` matches any current version.
    let any = app.send(patch("*", "高级检验师")).await;
    assert_eq!(any.status, StatusCode::OK, "{:?}", any.body);
    assert_eq!(any.header("etag"), Some("\"3\""));
    // ... but not a resource that does not exist.
    let gone = app
        .send(
            app.client
                .patch(app.url(&format!("/api/v1/persons/{}", Uuid::now_v7())))
                .bearer_auth(&t)
                .header("If-Match", "*")
                .json(&json!({"post": "x"})),
        )
        .await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_replay_carries_its_etag_and_key_order_does_not_matter() {
    let app = spawn_app().await;
    let t = app.token("assoc.admin").await;
    let body = PersonBuilder::numbered(app.orgs.institution, 9).build();
    let first = app
        .send(
            app.client
                .post(app.url("/api/v1/persons"))
                .bearer_auth(&t)
                .header("Idempotency-Key", "order-1")
                .json(&body),
        )
        .await;
    assert_eq!(first.status, StatusCode::CREATED, "{:?}", first.body);
    assert_eq!(first.header("etag"), Some("\"1\""));
    // The same value with its keys in reverse order and other white space.
    let obj = body.as_object().unwrap();
    let reversed = format!(
        "{{ {} }}",
        obj.iter()
            .rev()
            .map(|(k, v)| format!("{:?} :  {v}", k))
            .collect::<Vec<_>>()
            .join(" ,\n")
    );
    let again = app
        .send(
            app.client
                .post(app.url("/api/v1/persons"))
                .bearer_auth(&t)
                .header("Idempotency-Key", "order-1")
                .header("content-type", "application/json")
                .body(reversed),
        )
        .await;
    assert_eq!(again.status, StatusCode::CREATED, "{:?}", again.body);
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    assert_eq!(again.body["id"], first.body["id"]);
    assert_eq!(again.header("etag"), Some("\"1\""));
}

/// An answer given before the body is read — the 401 of a request without a token, the 413 of
/// a body over the JSON limit — reaches the client also when the body is large: the server
/// reads and discards the rest before it closes the connection (`server::listen`,
/// `CLIENT_DISCONNECT`, RFC 9112 §9.3) instead of resetting a client that is still sending.
/// Every such answer closes its connection, so each round is a new one.
#[tokio::test]
async fn an_answer_given_before_a_large_body_is_read_reaches_the_client() {
    let app = spawn_app().await;
    let unread = json!({ "name": "x".repeat(900 * 1024) });
    let over_limit = json!({ "name": "x".repeat(2 * 1024 * 1024) });
    for round in 0..20 {
        let a = app
            .send(app.client.post(app.url("/api/v1/persons")).json(&unread))
            .await;
        assert_eq!(a.status, StatusCode::UNAUTHORIZED, "round {round}");
        assert_refused(&a, "a 900 KB body without a token");
        let t = app.token("admin").await;
        let a = app
            .send(
                app.client
                    .post(app.url("/api/v1/persons"))
                    .bearer_auth(&t)
                    .json(&over_limit),
            )
            .await;
        assert_eq!(a.status, StatusCode::PAYLOAD_TOO_LARGE, "round {round}");
        assert_refused(&a, "a 2 MiB body");
    }
}
