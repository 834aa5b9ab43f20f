//! The continuing-education ledger over HTTP (CE-03): hours in the current 3-year period,
//! counted from the first completed class, on both sides of the period boundary.

use serde_json::json;
use test_support::builders::{CeEntryBuilder, ResultBuilder};
use test_support::training::with_sessions;
use test_support::{StatusCode, spawn_app};
use time::macros::datetime;

#[tokio::test]
async fn ce_03_hours_count_in_the_three_year_period_they_fall_in() {
    let app = spawn_app().await;
    let (mut s, enrolment, _sessions, _head) = with_sessions(&app, 701).await;
    let e = app
        .get(&s.staff, &format!("/api/v1/enrolments/{enrolment}"))
        .await;
    let person = e.body["person_id"].as_str().unwrap().to_owned();
    let ledger = format!("/api/v1/persons/{person}/ce-hours");
    assert_eq!(app.get(&s.staff, &ledger).await.body["hours"], 0);
    // The class (ends 2026-12-05 Shanghai, 16 + 8 hours) is completed with a pass.
    s.travel(&app, s.ends_at()).await;
    let r = app
        .post(
            &s.staff,
            &format!("/api/v1/classes/{}/results", s.class),
            &ResultBuilder::passed(&enrolment, 90).build(),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);

    // Sessions on the last day of the first period and the first day of the second.
    app.clock.set(datetime!(2029-12-05 09:00 +8));
    let staff = app.token("assoc.staff").await;
    let entry = |day: &str, hours: i32| {
        CeEntryBuilder::session(
            &person,
            app.orgs.association,
            &format!("新法规宣贯{day}"),
            hours,
            day,
        )
        .build()
    };
    for (day, hours) in [("2029-12-04", 4), ("2029-12-05", 2)] {
        let c = app
            .post(&staff, "/api/v1/ce-hours", &entry(day, hours))
            .await;
        assert_eq!(c.status, StatusCode::CREATED, "{:?}", c.body);
    }
    // The same session recorded again is refused and counts once.
    let again = app
        .post(&staff, "/api/v1/ce-hours", &entry("2029-12-05", 2))
        .await;
    assert_eq!(
        (again.status, again.body["type"].as_str()),
        (
            StatusCode::CONFLICT,
            Some("urn:seforce:problem:already-recorded")
        ),
        "{:?}",
        again.body
    );
    let second = app.get(&staff, &ledger).await;
    assert_eq!(
        second.body["period_starts_on"], "2029-12-05",
        "{:?}",
        second.body
    );
    assert_eq!(second.body["hours"], 2);

    app.clock.set(datetime!(2029-12-04 23:59 +8));
    let staff = app.token("assoc.staff").await;
    let first = app.get(&staff, &ledger).await;
    assert_eq!(
        first.body["period_starts_on"], "2026-12-05",
        "{:?}",
        first.body
    );
    assert_eq!(first.body["period_ends_on"], "2029-12-04");
    assert_eq!(first.body["hours"], 24 + 4);
    assert_eq!(first.body["met"], true);

    // Refusals: a session without its topic, a future day, another tenant.
    let mut no_topic = entry("2029-12-01", 2);
    no_topic["topic"] = json!(null);
    assert_eq!(
        app.post(&staff, "/api/v1/ce-hours", &no_topic).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        app.post(&staff, "/api/v1/ce-hours", &entry("2030-01-01", 2))
            .await
            .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let foreign = app.token("foreign.assoc.staff").await;
    assert_eq!(
        app.get(&foreign, &ledger).await.status,
        StatusCode::NOT_FOUND
    );
}
