//! Moving a paid place (TR-10 deferral, TR-11 substitution): the target class must still run,
//! a blacklisted newcomer is refused (CR-04), and the trainee of the moved place gets a new
//! class notice (TR-08) through the outbox.

use kernel::entity::outbox;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};
use test_support::rule;
use test_support::training::{employee, new_class, paid, setup};
use test_support::{StatusCode, TestApp, spawn_app};
use time::Duration;

/// The payloads of every class notice in the outbox.
pub(crate) async fn class_notices(app: &TestApp) -> Vec<Value> {
    outbox::Entity::find()
        .filter(outbox::Column::Topic.eq("training.class_notice"))
        .all(&app.dir.db)
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.payload)
        .collect()
}

/// Audit actions recorded about one enrolment, oldest first.
pub(crate) async fn enrolment_audit(app: &TestApp, enrolment: &str) -> Vec<String> {
    let a = app
        .get(
            &app.token("assoc.admin").await,
            &format!("/api/v1/audit?object_type=enrolment&object_id={enrolment}&limit=200"),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{:?}", a.body);
    let mut out: Vec<String> = a.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|i| i["action"].as_str().map(str::to_owned))
        .collect();
    out.reverse();
    out
}

async fn ask_deferral(app: &TestApp, officer: &str, enrolment: &str) -> String {
    let d = app
        .post(
            officer,
            &format!("/api/v1/enrolments/{enrolment}/deferral"),
            &json!({"reason": "出差,本期无法参加"}),
        )
        .await;
    assert_eq!(d.status, StatusCode::CREATED, "{:?}", d.body);
    d.body["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn cr_04_a_blacklisted_substitute_is_refused_and_nothing_changes() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let id = paid(&app, &s, 41).await;
    let (barred, free) = (employee(&app, 42).await, employee(&app, 43).await);
    let listed = app
        .post(&s.staff, "/api/v1/blacklist", &json!({"association_id": app.orgs.association, "person_id": barred, "reason": "学历证书造假"}))
        .await;
    assert_eq!(listed.status, StatusCode::CREATED, "{:?}", listed.body);
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
            &json!({"new_person_id": barred, "reason": "原参培人离职"}),
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
        .post(
            &s.officer,
            &path,
            &json!({"new_person_id": free, "reason": "原参培人离职"}),
        )
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
            &json!({"new_person_id": newcomer, "reason": "原参培人调岗"}),
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
    let request = ask_deferral(&app, &s.officer, &id).await;
    let approve = async |target: &str| {
        app.post(
            &app.token("assoc.admin").await,
            &format!("/api/v1/enrolment-requests/{request}/approval"),
            &json!({"target_class_id": target}),
        )
        .await
    };

    // A cancelled class of the same course in the same year is no target.
    let cancelled = new_class(
        &app,
        &s.staff,
        &s.course,
        s.starts_at + Duration::days(3),
        30,
    )
    .await;
    let c = app
        .post(
            &s.staff,
            &format!("/api/v1/classes/{cancelled}/cancellation"),
            &json!(null),
        )
        .await;
    assert_eq!(c.status, StatusCode::OK, "{:?}", c.body);
    let refused = approve(&cancelled).await;
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
