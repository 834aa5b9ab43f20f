//! TR-19 sign-in by QR code: the head teacher shows a code valid for 60 seconds; the trainee
//! scanning it is marked present — at second 60 still, at second 61 no more.

use serde_json::json;
use test_support::builders::EnrolmentBuilder;
use test_support::rule;
use test_support::training::with_sessions;
use test_support::{PersonBuilder, StatusCode, spawn_app};
use time::Duration;

#[tokio::test]
async fn tr_19_a_sign_in_code_works_until_its_sixtieth_second_and_is_refused_after() {
    let app = spawn_app().await;
    let (mut s, _, sessions, _) = with_sessions(&app, 40).await;
    // The practitioner enrols themself, the association confirms, finance records the fee.
    let trainee = app.token("practitioner").await;
    let uid = app.get(&trainee, "/api/v1/me").await.body["user"]["id"].clone();
    let admin = app.token("assoc.admin").await;
    let person = app
        .post(
            &admin,
            "/api/v1/persons",
            &PersonBuilder::numbered(app.orgs.institution, 41)
                .set("user_id", uid)
                .build(),
        )
        .await;
    assert_eq!(person.status, StatusCode::CREATED, "{:?}", person.body);
    let e = app
        .post(
            &trainee,
            "/api/v1/enrolments",
            &EnrolmentBuilder::new(&s.class, &person.body["id"]).build(),
        )
        .await;
    assert_eq!(e.body["status"], "approved", "{:?}", e.body);
    let id = e.body["id"].as_str().unwrap().to_owned();

    let code_for = async |head: &str, session: &str| {
        let c = app
            .get(head, &format!("/api/v1/sessions/{session}/sign-in-code"))
            .await;
        assert_eq!(c.status, StatusCode::OK, "{:?}", c.body);
        assert_eq!(c.header("cache-control"), Some("no-store"));
        c.body["code"].as_str().unwrap().to_owned()
    };
    let scan = async |trainee: &str, session: &str, code: &str| {
        app.post(
            trainee,
            &format!("/api/v1/sessions/{session}/sign-in"),
            &json!({"code": code}),
        )
        .await
    };

    let confirmed = app
        .post(
            &s.staff,
            &format!("/api/v1/enrolments/{id}/confirmation"),
            &json!(null),
        )
        .await;
    assert_eq!(confirmed.status, StatusCode::OK, "{:?}", confirmed.body);

    // A code scanned on another day than the session's is no sign-in to it.
    let day = kernel::clock::shanghai_date(s.starts_at)
        .midnight()
        .assume_offset(time::macros::offset!(+8));
    let head = s.travel(&app, day - Duration::seconds(1)).await;
    let trainee = app.token("practitioner").await;
    let code = code_for(&head, &sessions[0]).await;
    let eve = scan(&trainee, &sessions[0], &code).await;
    assert_eq!(eve.status, StatusCode::CONFLICT, "{:?}", eve.body);
    assert_eq!(eve.body["type"], "urn:seforce:problem:session-not-today");

    let head = s.travel(&app, s.during_session(0)).await;
    let trainee = app.token("practitioner").await;
    let issued = app.now();
    let code = code_for(&head, &sessions[0]).await;
    let unpaid = scan(&trainee, &sessions[0], &code).await;
    assert_eq!(rule(&unpaid), "TR-09", "{:?}", unpaid.body);
    let fee = test_support::builders::PaymentBuilder::new()
        .receipt("HN2026-QR01")
        .build();
    assert_eq!(
        app.post(
            &s.finance,
            &format!("/api/v1/enrolments/{id}/payment"),
            &fee
        )
        .await
        .status,
        StatusCode::OK
    );

    app.clock.set(issued + Duration::seconds(61));
    let late = scan(&trainee, &sessions[0], &code).await;
    assert_eq!(
        (late.status, rule(&late)),
        (StatusCode::UNPROCESSABLE_ENTITY, "TR-19"),
        "a photographed code used later is refused"
    );
    app.clock.set(issued + Duration::seconds(60));
    let ok = scan(&trainee, &sessions[0], &code).await;
    assert_eq!(ok.status, StatusCode::OK, "{:?}", ok.body);
    assert_eq!(ok.body["status"], "present");
    assert_eq!(
        scan(&trainee, &sessions[0], &code).await.body["status"],
        "present",
        "scanning twice changes nothing"
    );

    // A code of another session, an altered code, or an access token are not codes here.
    let other = scan(&trainee, &sessions[1], &code).await;
    assert_eq!(
        other.body["errors"][0]["pointer"], "/code",
        "{:?}",
        other.body
    );
    let mut altered = code_for(&head, &sessions[1]).await;
    let last = altered.pop();
    altered.push(if last == Some('A') { 'B' } else { 'A' });
    let bad = scan(&trainee, &sessions[1], &altered).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.body["errors"][0]["pointer"], "/code");
    let token_as_code = scan(&trainee, &sessions[1], &trainee).await;
    assert_eq!(token_as_code.body["errors"][0]["pointer"], "/code");

    // Only the head teacher or the association's staff can show codes.
    let stranger = app
        .get(
            &trainee,
            &format!("/api/v1/sessions/{}/sign-in-code", sessions[0]),
        )
        .await;
    assert_eq!(stranger.status, StatusCode::NOT_FOUND);

    // The head teacher's screen reads back what is recorded; others do not see the session.
    let read = async |token: &str, session: &str| {
        app.get(token, &format!("/api/v1/sessions/{session}/attendance"))
            .await
    };
    let first = read(&head, &sessions[0]).await;
    assert_eq!(first.status, StatusCode::OK, "{:?}", first.body);
    assert_eq!(
        first.body["items"],
        json!([{"session_id": sessions[0], "enrolment_id": id, "status": "present"}])
    );
    assert_eq!(read(&s.staff, &sessions[1]).await.body["items"], json!([]));
    assert_eq!(
        read(&trainee, &sessions[0]).await.status,
        StatusCode::NOT_FOUND
    );
    let foreign = app.token("foreign.assoc.staff").await;
    assert_eq!(
        read(&foreign, &sessions[0]).await.status,
        StatusCode::NOT_FOUND
    );
}
