//! Moving a paid place (TR-10 deferral, TR-11 substitution): the target class must still run,
//! a blacklisted newcomer is refused (CR-04), and the trainee of the moved place gets a new
//! class notice (TR-08) through the outbox.

use serde_json::Value;
use test_support::builders::{DeferralBuilder, SubstitutionBuilder};
use test_support::people::blacklisted;
use test_support::rule;
use test_support::training::{
    cancelled, class_notices, deferral_asked, employee, enrolment_audit, new_class, paid, setup,
};
use test_support::{StatusCode, spawn_app};
use time::Duration;

#[tokio::test]
async fn cr_04_a_blacklisted_substitute_is_refused_and_nothing_changes() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let id = paid(&app, &s, 41).await;
    let (barred, free) = (employee(&app, 42).await, employee(&app, 43).await);
    blacklisted(&app, &s.staff, &barred).await;
    let path = format!("/api/v1/enrolments/{id}/substitution");
    let before = app
        .get(&s.officer, &format!("/api/v1/enrolments/{id}"))
        .await;
    let audit_before = enrolment_audit(&app, &id).await;
    let notices_before = class_notices(&app).await.len();

    let refused = app
        .post(
            &s.officer,
            &path,
            &SubstitutionBuilder::new(&barred).build(),
        )
        .await;
    assert_eq!(
        (refused.status, rule(&refused)),
        (StatusCode::UNPROCESSABLE_ENTITY, "CR-04"),
        "{:?}",
        refused.body
    );
    assert!(
        refused
            .content_type()
            .starts_with("application/problem+json")
    );
    let after = app
        .get(&s.officer, &format!("/api/v1/enrolments/{id}"))
        .await;
    assert_eq!(before.body, after.body, "the enrolment is untouched");
    assert_eq!(
        enrolment_audit(&app, &id).await,
        audit_before,
        "no request, no audit row"
    );
    assert_eq!(class_notices(&app).await.len(), notices_before);

    // Someone not on the list takes the place.
    let ok = app
        .post(&s.officer, &path, &SubstitutionBuilder::new(&free).build())
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{:?}", ok.body);
    assert_eq!(ok.body["person_id"], free.as_str());
}

#[tokio::test]
async fn tr_11_the_substitute_of_a_paid_place_gets_the_class_notice() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let id = paid(&app, &s, 44).await;
    let newcomer = employee(&app, 45).await;
    let ok = app
        .post(
            &s.officer,
            &format!("/api/v1/enrolments/{id}/substitution"),
            &SubstitutionBuilder::new(&newcomer)
                .reason("原参培人调岗")
                .build(),
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{:?}", ok.body);
    let notices = class_notices(&app).await;
    let to_newcomer: Vec<&Value> = notices
        .iter()
        .filter(|n| n["enrolment_id"] == id.as_str() && n["person_id"] == newcomer.as_str())
        .collect();
    assert_eq!(to_newcomer.len(), 1, "{notices:?}");
    assert_eq!(to_newcomer[0]["class_id"], s.class.as_str());
    assert_eq!(to_newcomer[0]["occasion"], "substitution");
    assert_eq!(to_newcomer[0]["venue"], "长沙市岳麓区培训中心201室");
}

#[tokio::test]
async fn tr_10_a_deferral_moves_to_a_class_that_still_runs_and_sends_its_notice() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let id = paid(&app, &s, 46).await;
    let request = deferral_asked(&app, &s, &id).await;
    let approve = async |target: &str| {
        app.post(
            &app.token("assoc.admin").await,
            &format!("/api/v1/enrolment-requests/{request}/approval"),
            &DeferralBuilder::into_class(target),
        )
        .await
    };

    // A cancelled class of the same course in the same year is no target.
    let gone = new_class(
        &app,
        &s.staff,
        &s.course,
        s.starts_at + Duration::days(3),
        30,
    )
    .await;
    cancelled(&app, &s.staff, &gone).await;
    let refused = approve(&gone).await;
    assert_eq!(
        (refused.status, rule(&refused)),
        (StatusCode::UNPROCESSABLE_ENTITY, "TR-10"),
        "{:?}",
        refused.body
    );

    // A class that has begun is no target either; one minute before its start it still is.
    let target_start = s.starts_at + Duration::days(5);
    let target = new_class(&app, &s.staff, &s.course, target_start, 30).await;
    app.clock.set(target_start);
    let started = approve(&target).await;
    assert_eq!(
        (started.status, rule(&started)),
        (StatusCode::UNPROCESSABLE_ENTITY, "TR-10"),
        "{:?}",
        started.body
    );
    app.clock.set(target_start - Duration::minutes(1));
    let notices_before = class_notices(&app).await.len();
    let moved = approve(&target).await;
    assert_eq!(moved.status, StatusCode::OK, "{:?}", moved.body);
    assert_eq!(moved.body["class_id"], target.as_str());

    // The trainee hears the new time and place.
    let notices = class_notices(&app).await;
    assert_eq!(notices.len(), notices_before + 1);
    let last = notices
        .iter()
        .find(|n| n["class_id"] == target.as_str())
        .expect("a notice for the new class");
    assert_eq!(last["enrolment_id"], id.as_str());
    assert_eq!(last["occasion"], "deferral");
}
