//! Bad input gets a clear 4xx problem and changes nothing; every answer has a request id.

use kernel::entity::audit_log;
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::json;
use test_support::{PersonBuilder, StatusCode, TestApp, spawn_app};

async fn audit_rows(app: &TestApp) -> u64 {
    audit_log::Entity::find().count(&app.dir.db).await.unwrap()
}

fn assert_problem(a: &test_support::Answer, status: StatusCode, slug: &str) {
    assert_eq!(a.status, status, "{:?}", a.body);
    assert!(
        a.content_type().starts_with("application/problem+json"),
        "content type {}",
        a.content_type()
    );
    assert_eq!(
        a.body["type"],
        format!("urn:seforce:problem:{slug}"),
        "{:?}",
        a.body
    );
    assert_eq!(a.body["status"], status.as_u16());
    assert!(a.body["request_id"].is_string());
    assert_eq!(a.header("x-request-id"), a.body["request_id"].as_str());
}

#[tokio::test]
async fn bad_input_is_refused_with_a_problem_and_changes_nothing() {
    let app = spawn_app().await;
    let t = app.token("assoc.admin").await;
    let before = audit_rows(&app).await;
    let url = app.url("/api/v1/persons");
    let c = &app.client;

    let malformed = app
        .send(
            c.post(&url)
                .bearer_auth(&t)
                .header("content-type", "application/json")
                .body("{\"name\": "),
        )
        .await;
    assert_problem(&malformed, StatusCode::BAD_REQUEST, "bad-request");

    let wrong_type = app
        .post(
            &t,
            "/api/v1/persons",
            &PersonBuilder::new(app.orgs.institution)
                .set("name", 42)
                .build(),
        )
        .await;
    assert_problem(&wrong_type, StatusCode::UNPROCESSABLE_ENTITY, "validation");
    assert_eq!(wrong_type.body["errors"][0]["pointer"], "/name");

    let unknown = app
        .post(
            &t,
            "/api/v1/persons",
            &PersonBuilder::new(app.orgs.institution)
                .set("is_admin", true)
                .build(),
        )
        .await;
    assert_problem(&unknown, StatusCode::UNPROCESSABLE_ENTITY, "validation");
    assert_eq!(unknown.body["errors"][0]["pointer"], "/is_admin");
    assert_eq!(unknown.body["errors"][0]["code"], "unknown_field");

    let impossible = app
        .post(
            &t,
            "/api/v1/persons",
            &PersonBuilder::new(app.orgs.institution)
                .set("birth_date", "1986-02-30")
                .build(),
        )
        .await;
    assert_problem(&impossible, StatusCode::UNPROCESSABLE_ENTITY, "validation");
    assert_eq!(impossible.body["errors"][0]["pointer"], "/birth_date");

    let huge = format!("{{\"name\":\"{}\"}}", "x".repeat(1024 * 1024 + 10));
    let oversize = app
        .send(
            c.post(&url)
                .bearer_auth(&t)
                .header("content-type", "application/json")
                .body(huge),
        )
        .await;
    assert_problem(
        &oversize,
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload-too-large",
    );

    let text = app
        .send(
            c.post(&url)
                .bearer_auth(&t)
                .header("content-type", "text/plain")
                .body("hello"),
        )
        .await;
    assert_problem(
        &text,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported-media-type",
    );

    let foreign_employer = app
        .post(
            &t,
            "/api/v1/persons",
            &PersonBuilder::new(app.foreign.institution).build(),
        )
        .await;
    assert_problem(
        &foreign_employer,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation",
    );
    assert_eq!(
        foreign_employer.body["errors"][0]["pointer"],
        "/employer_id"
    );

    let foreign_org = app
        .get(
            &t,
            &format!("/api/v1/organizations/{}", app.foreign.institution),
        )
        .await;
    assert_problem(&foreign_org, StatusCode::NOT_FOUND, "not-found");

    let bad_uuid = app.get(&t, "/api/v1/persons/not-a-uuid").await;
    assert_problem(&bad_uuid, StatusCode::NOT_FOUND, "not-found");

    let bad_limit = app.get(&t, "/api/v1/persons?limit=100000").await;
    assert_problem(&bad_limit, StatusCode::BAD_REQUEST, "bad-request");
    let bad_query = app.get(&t, "/api/v1/persons?limit=abc").await;
    assert_problem(&bad_query, StatusCode::BAD_REQUEST, "bad-request");

    assert_eq!(
        audit_rows(&app).await,
        before,
        "refused requests must not change anything"
    );
}

#[tokio::test]
async fn unknown_routes_and_wrong_methods_are_problems() {
    let app = spawn_app().await;
    let a = app
        .send(app.client.get(app.url("/api/v1/no-such-thing")))
        .await;
    assert_problem(&a, StatusCode::NOT_FOUND, "not-found");
    let b = app
        .send(app.client.delete(app.url("/api/v1/persons")))
        .await;
    assert_problem(&b, StatusCode::METHOD_NOT_ALLOWED, "method-not-allowed");
    assert_eq!(b.header("allow"), Some("GET, HEAD, POST"));
    let c = app
        .send(
            app.client
                .put(app.url(&format!("/api/v1/persons/{}", uuid::Uuid::now_v7()))),
        )
        .await;
    assert_problem(&c, StatusCode::METHOD_NOT_ALLOWED, "method-not-allowed");
    let d = app.send(app.client.get(app.url("/api/v1/persons"))).await;
    assert_problem(&d, StatusCode::UNAUTHORIZED, "unauthenticated");
    assert!(d.header("www-authenticate").is_some());
}

#[tokio::test]
async fn health_docs_and_request_ids() {
    let app = spawn_app().await;
    let h = app.send(app.client.get(app.url("/healthz"))).await;
    assert_eq!(h.status, StatusCode::OK);
    let r = app.send(app.client.get(app.url("/readyz"))).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.header("x-request-id").is_some());
    let mine = app
        .send(
            app.client
                .get(app.url("/healthz"))
                .header("x-request-id", "trace-abc-1"),
        )
        .await;
    assert_eq!(mine.header("x-request-id"), Some("trace-abc-1"));
    let docs = app.send(app.client.get(app.url("/api/docs/"))).await;
    assert_eq!(docs.status, StatusCode::OK);
    assert!(
        String::from_utf8_lossy(&docs.bytes).contains("swagger"),
        "Swagger UI is served from the binary"
    );
    let spec = app.send(app.client.get(app.url("/api/openapi.json"))).await;
    assert_eq!(spec.body["openapi"], "3.1.0");
}

#[tokio::test]
async fn idempotency_key_replays_and_refuses_a_different_body() {
    let app = spawn_app().await;
    let t = app.token("assoc.admin").await;
    let body = PersonBuilder::numbered(app.orgs.institution, 7).build();
    let send = |b: serde_json::Value, key: &'static str| {
        app.client
            .post(app.url("/api/v1/persons"))
            .bearer_auth(&t)
            .header("Idempotency-Key", key)
            .json(&b)
    };
    let first = app.send(send(body.clone(), "k-1")).await;
    assert_eq!(first.status, StatusCode::CREATED, "{:?}", first.body);
    let again = app.send(send(body.clone(), "k-1")).await;
    assert_eq!(again.status, StatusCode::CREATED);
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    assert_eq!(
        again.body["id"], first.body["id"],
        "the stored answer is replayed, nothing is created twice"
    );
    let other = app
        .send(send(
            PersonBuilder::numbered(app.orgs.institution, 8).build(),
            "k-1",
        ))
        .await;
    assert_problem(
        &other,
        StatusCode::UNPROCESSABLE_ENTITY,
        "idempotency-key-reused",
    );
    let list = app.get(&t, "/api/v1/persons?q=测试人员7").await;
    assert_eq!(list.body["items"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn stale_if_match_is_412_and_missing_is_428() {
    let app = spawn_app().await;
    let t = app.token("assoc.admin").await;
    let p = app
        .post(
            &t,
            "/api/v1/persons",
            &PersonBuilder::new(app.orgs.institution).build(),
        )
        .await;
    assert_eq!(p.header("etag"), Some("\"1\""));
    let path = format!("/api/v1/persons/{}", p.body["id"].as_str().unwrap());
    let ok = app.patch(&t, &path, 1, &json!({"post": "检验师"})).await;
    assert_eq!(ok.status, StatusCode::OK, "{:?}", ok.body);
    assert_eq!(ok.body["version"], 2);
    let stale = app
        .patch(&t, &path, 1, &json!({"post": "高级检验师"}))
        .await;
    assert_problem(
        &stale,
        StatusCode::PRECONDITION_FAILED,
        "precondition-failed",
    );
    let missing = app
        .send(
            app.client
                .patch(app.url(&path))
                .bearer_auth(&t)
                .json(&json!({"post": "x"})),
        )
        .await;
    assert_problem(
        &missing,
        StatusCode::PRECONDITION_REQUIRED,
        "precondition-required",
    );
    let now = app.get(&t, &path).await;
    assert_eq!(
        now.body["post"], "检验师",
        "refused updates changed nothing"
    );
}

/// Unknown query parameters are refused on every operation — also on those that take none
/// (they used to be ignored on `/classes`) — while the documented ones still work.
#[tokio::test]
async fn unknown_query_parameters_are_400_everywhere() {
    let app = spawn_app().await;
    let admin = app.token("admin").await;
    for path in [
        "/api/v1/classes?colour=red",
        "/api/v1/persons?colour=red",
        "/api/v1/me?x=1",
        "/api/v1/api-clients?limit=5&x=1",
        "/api/v1/courses?x=",
        "/api/v1/persons?limit=5&limit=%zz",
    ] {
        let a = app.get(&admin, path).await;
        assert_problem(&a, StatusCode::BAD_REQUEST, "bad-request");
    }
    let named = app.get(&admin, "/api/v1/classes?colour=red").await;
    assert!(
        named.body["detail"]
            .as_str()
            .unwrap_or("")
            .contains("colour"),
        "the problem names the parameter: {:?}",
        named.body
    );
    // Public operations too, and without a token.
    let public = app
        .send(app.client.get(app.url("/api/v1/regions?nope=1")))
        .await;
    assert_problem(&public, StatusCode::BAD_REQUEST, "bad-request");
    // Writes: refused before anything is changed.
    let before = audit_rows(&app).await;
    let w = app
        .post(
            &admin,
            "/api/v1/persons?dry_run=true",
            &PersonBuilder::new(app.orgs.institution).build(),
        )
        .await;
    assert_problem(&w, StatusCode::BAD_REQUEST, "bad-request");
    assert_eq!(audit_rows(&app).await, before);
    // The documented parameters are accepted.
    for path in [
        "/api/v1/persons?limit=5",
        "/api/v1/classes",
        "/api/v1/regions?parent=430000",
    ] {
        assert_eq!(app.get(&admin, path).await.status, StatusCode::OK, "{path}");
    }
}

/// Regions are a list like every other: `{items, next_cursor}`, paged, in code order.
#[tokio::test]
async fn regions_page_like_every_list() {
    let app = spawn_app().await;
    let get = |path: &'static str| app.send(app.client.get(app.url(path)));
    let all = get("/api/v1/regions?limit=200").await;
    assert_eq!(all.status, StatusCode::OK, "{:?}", all.body);
    let provinces = all.body["items"].as_array().unwrap().clone();
    assert_eq!(provinces.len(), 34);
    assert_eq!(all.body["next_cursor"], serde_json::Value::Null);
    let first = get("/api/v1/regions").await;
    assert_eq!(first.body["items"].as_array().unwrap()[..], provinces[..20]);
    let cursor = first.body["next_cursor"].as_str().unwrap();
    let rest = app
        .send(
            app.client
                .get(app.url(&format!("/api/v1/regions?cursor={cursor}&limit=200"))),
        )
        .await;
    assert_eq!(rest.body["items"].as_array().unwrap()[..], provinces[20..]);
    let cities = get("/api/v1/regions?parent=430000").await;
    assert!(
        cities.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["code"].as_str().unwrap().starts_with("43"))
    );
    assert_eq!(
        cities.header("cache-control"),
        Some("public, max-age=86400")
    );
}

/// An instant written while the clock (or a seed) says +08:00 comes back in UTC with `Z`.
#[tokio::test]
async fn instants_are_written_in_utc_whatever_offset_they_were_stored_with() {
    let app = spawn_app().await;
    app.clock
        .set(time::macros::datetime!(2026-11-22 18:00 +08:00));
    let admin = app.token("admin").await;
    let p = app
        .post(
            &admin,
            "/api/v1/persons",
            &PersonBuilder::new(app.orgs.institution).build(),
        )
        .await;
    assert_eq!(p.status, StatusCode::CREATED, "{:?}", p.body);
    assert_eq!(p.body["created_at"], "2026-11-22T10:00:00Z");
    let id = p.body["id"].as_str().unwrap();
    let read = app.get(&admin, &format!("/api/v1/persons/{id}")).await;
    assert_eq!(read.body["created_at"], "2026-11-22T10:00:00Z");
    let listed = app.get(&admin, "/api/v1/persons?limit=200").await;
    let row = listed.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .cloned()
        .unwrap();
    assert_eq!(
        row["created_at"], "2026-11-22T10:00:00Z",
        "the fast list writer too"
    );
    let audit = app.get(&admin, "/api/v1/audit?limit=1").await;
    assert!(
        audit.body["items"][0]["at"]
            .as_str()
            .unwrap()
            .ends_with('Z'),
        "{:?}",
        audit.body
    );
}

/// A list whose filters and paging are two query extractors takes both together: each documented
/// parameter of the operation is accepted beside `limit` (the e2e run found `/teachers`
/// refusing `limit` because its filter denied fields it did not know).
#[tokio::test]
async fn filters_and_paging_are_accepted_together_on_every_filtered_list() {
    let app = spawn_app().await;
    let t = app.token("assoc.staff").await;
    let a = app.orgs.association;
    for path in [
        format!("/api/v1/teachers?association_id={a}&limit=5"),
        format!("/api/v1/calendar-days?association_id={a}&limit=5"),
        "/api/v1/accident-cases?limit=5".to_owned(),
        "/api/v1/public/plans?year=2026&limit=5".to_owned(),
        format!("/api/v1/public/teacher-notices?association_id={a}&limit=5"),
        "/api/v1/classes?limit=5".to_owned(),
        "/api/v1/refunds?limit=5".to_owned(),
    ] {
        let got = app.get(&t, &path).await;
        assert_eq!(got.status, StatusCode::OK, "{path}: {:?}", got.body);
        assert!(got.body["items"].is_array(), "{path}: {:?}", got.body);
    }
}
