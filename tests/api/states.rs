//! Typed states (issue 12 §1, decisions 110–113): a status or kind column read back with a
//! name no enum knows is refused as an internal error, never shown as some default (a refund
//! as `rejected`, a person as male, a role silently dropped). The rows are corrupted with raw
//! SQL, as a bad migration or a hand edit would; every read path is asked: sea-orm's entities,
//! and the SQLite fast path of the persons list and the session check.

use sea_orm::ConnectionTrait;
use test_support::builders::RefundBuilder;
use test_support::training::{cancelled, paid, setup};
use test_support::{Answer, PersonBuilder, StatusCode, TestApp, spawn_app};

/// Writes `sql` straight into the test database.
async fn corrupt(app: &TestApp, sql: &str) {
    app.dir
        .db
        .execute_unprepared(sql)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

/// The read failed as an internal error (a problem, no data) and made nothing up.
fn refused(a: &Answer, what: &str) {
    assert_eq!(
        a.status,
        StatusCode::INTERNAL_SERVER_ERROR,
        "{what}: {:?}",
        a.body
    );
    assert!(
        a.content_type().starts_with("application/problem+json"),
        "{what}: {}",
        a.content_type()
    );
    assert!(
        ["items", "gender", "roles", "access_token", "user"]
            .iter()
            .all(|k| a.body.get(k).is_none()),
        "{what}: {:?}",
        a.body
    );
}

#[tokio::test]
async fn training_refuses_an_unknown_stored_state() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let enrolment = paid(&app, &s, 31).await;
    cancelled(&app, &s.staff, &s.class).await;
    let asked = app
        .post(
            &s.staff,
            &format!("/api/v1/enrolments/{enrolment}/refunds"),
            &RefundBuilder::new("class_cancelled")
                .reason("协会取消")
                .build(),
        )
        .await;
    assert_eq!(asked.status, StatusCode::CREATED, "{:?}", asked.body);

    // The other side of the boundary: known names read back as they were written.
    let refunds = app.get(&s.finance, "/api/v1/refunds").await;
    assert_eq!(refunds.status, StatusCode::OK, "{:?}", refunds.body);
    assert_eq!(refunds.body["items"][0]["status"], "requested");
    let e = app
        .get(&s.staff, &format!("/api/v1/enrolments/{enrolment}"))
        .await;
    assert_eq!(e.body["status"], "paid", "{:?}", e.body);

    // A refund status no step writes was read as `rejected` before.
    corrupt(&app, "UPDATE refunds SET status = 'on_hold'").await;
    refused(
        &app.get(&s.finance, "/api/v1/refunds").await,
        "refund status",
    );

    corrupt(&app, "UPDATE enrolments SET status = 'graduated'").await;
    refused(
        &app.get(&s.staff, &format!("/api/v1/enrolments/{enrolment}"))
            .await,
        "enrolment status",
    );

    // One unknown name in a stored list spoils the list, rather than being dropped.
    corrupt(
        &app,
        "UPDATE courses SET equipment_categories = 'pressure_pipeline,spaceship'",
    )
    .await;
    refused(
        &app.get(&s.staff, "/api/v1/courses").await,
        "equipment categories",
    );
}

#[tokio::test]
async fn directory_refuses_an_unknown_stored_state() {
    let app = spawn_app().await;
    let admin = app.token("assoc.admin").await;
    let created = app
        .post(
            &admin,
            "/api/v1/persons",
            &PersonBuilder::new(app.orgs.institution)
                .set("education_level", "bachelor")
                .build(),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
    let person = format!("/api/v1/persons/{}", created.body["id"].as_str().unwrap());
    let list = app.get(&admin, "/api/v1/persons").await;
    assert_eq!(list.status, StatusCode::OK, "{:?}", list.body);
    assert!(
        list.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["gender"] == "male" && p["education_level"] == "bachelor"),
        "{:?}",
        list.body
    );

    // A sex no one recorded was read as male before, on the list's fast path too.
    corrupt(&app, "UPDATE persons SET gender = 'unknown'").await;
    refused(&app.get(&admin, "/api/v1/persons").await, "gender, list");
    refused(&app.get(&admin, &person).await, "gender, one person");

    // An optional column: an unknown name is not null either.
    corrupt(
        &app,
        "UPDATE persons SET gender = 'male', education_level = 'phd'",
    )
    .await;
    refused(&app.get(&admin, "/api/v1/persons").await, "education, list");
    refused(&app.get(&admin, &person).await, "education, one person");

    // The session check reads the user's status on every request (the fast path).
    let staff = app.token("assoc.staff").await;
    assert_eq!(app.get(&staff, "/api/v1/me").await.status, StatusCode::OK);
    corrupt(
        &app,
        "UPDATE users SET status = 'frozen' WHERE login = 'assoc.staff'",
    )
    .await;
    refused(&app.get(&staff, "/api/v1/me").await, "user status");

    // A membership's roles: an unknown one is not silently dropped at login.
    corrupt(
        &app,
        "UPDATE memberships SET roles = 'finance,root' \
         WHERE user_id = (SELECT id FROM users WHERE login = 'finance')",
    )
    .await;
    refused(
        &app.login("finance", directory::demo::DEMO_PASSWORD).await,
        "roles",
    );
}
