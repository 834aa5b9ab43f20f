//! Enterprise accounts over HTTP (TR-07): a change letter naming the officers and the manager
//! takes effect only once its file is uploaded and the association acknowledges it.

use serde_json::{Value, json};
use test_support::builders::{AccountChangeBuilder, ApprovalBuilder, UserBuilder};
use test_support::ids::{EnrolmentId, UserId};
use test_support::people::{user, user_id};
use test_support::rule;
use test_support::training::{employee, enrol, setup};
use test_support::{PDF, StatusCode, TestApp, spawn_app};

/// A second training officer at the demo enterprise.
async fn second_officer(app: &TestApp) -> UserId {
    user(
        app,
        UserBuilder::new("ent.officer2", app.orgs.enterprise, &["enterprise_officer"])
            .display_name("培训专员 刘洋")
            .password("Officer-Pass-2026"),
    )
    .await
}

/// Files a letter, uploads its file and has the association acknowledge it.
pub(crate) async fn designate(app: &TestApp, officers: &[&str], manager: &str) -> Value {
    let m = app.token("ent.manager").await;
    let c = app
        .post(
            &m,
            &format!(
                "/api/v1/enterprises/{}/account-changes",
                app.orgs.enterprise
            ),
            &AccountChangeBuilder::new(officers, manager).build(),
        )
        .await;
    assert_eq!(c.status, StatusCode::CREATED, "{:?}", c.body);
    let id = c.body["id"].as_str().unwrap().to_owned();
    let up = app
        .put_file(
            &m,
            &format!("/api/v1/account-changes/{id}/letter"),
            "application/pdf",
            PDF.to_vec(),
        )
        .await;
    assert_eq!(up.status, StatusCode::OK, "{:?}", up.body);
    let ack = app
        .post(
            &app.token("assoc.staff").await,
            &format!("/api/v1/account-changes/{id}/acknowledgement"),
            &json!(null),
        )
        .await;
    assert_eq!(ack.status, StatusCode::OK, "{:?}", ack.body);
    ack.body
}

#[tokio::test]
async fn tr_07_a_change_letter_takes_effect_only_after_acknowledgement() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let officer = user_id(&app, "ent.officer").await;
    let manager = user_id(&app, "ent.manager").await;
    let newcomer = second_officer(&app).await;
    let new_token = app.token_with("ent.officer2", "Officer-Pass-2026").await;

    // No letter on file: every role holder acts.
    let e0 = enrol(&app, &new_token, &s.class, &employee(&app, 1).await).await;
    assert_eq!(e0.status, StatusCode::CREATED, "{:?}", e0.body);

    // The first letter names ent.officer only.
    designate(&app, &[&officer], &manager).await;
    let refused = enrol(&app, &new_token, &s.class, &employee(&app, 2).await).await;
    assert_eq!(
        (refused.status, rule(&refused)),
        (StatusCode::UNPROCESSABLE_ENTITY, "TR-07")
    );

    // A change to the newcomer, filed and uploaded but not yet acknowledged: nothing changes.
    let c = app
        .post(
            &s.manager,
            &format!(
                "/api/v1/enterprises/{}/account-changes",
                app.orgs.enterprise
            ),
            &AccountChangeBuilder::new([&newcomer], &manager).build(),
        )
        .await;
    assert_eq!(c.status, StatusCode::CREATED, "{:?}", c.body);
    assert_eq!(c.body["status"], "pending");
    let id = c.body["id"].as_str().unwrap().to_owned();
    let early = app
        .post(
            &s.staff,
            &format!("/api/v1/account-changes/{id}/acknowledgement"),
            &json!(null),
        )
        .await;
    assert_eq!(
        (early.status, rule(&early)),
        (StatusCode::UNPROCESSABLE_ENTITY, "TR-07"),
        "no letter file yet"
    );
    let up = app
        .put_file(
            &s.officer,
            &format!("/api/v1/account-changes/{id}/letter"),
            "application/pdf",
            PDF.to_vec(),
        )
        .await;
    assert_eq!(up.status, StatusCode::OK, "{:?}", up.body);
    assert_eq!(up.body["letter_uploaded"], true);
    let before_old = enrol(&app, &s.officer, &s.class, &employee(&app, 3).await).await;
    assert_eq!(
        before_old.status,
        StatusCode::CREATED,
        "the old officer still acts: {:?}",
        before_old.body
    );
    let before_new = enrol(&app, &new_token, &s.class, &employee(&app, 4).await).await;
    assert_eq!(
        (before_new.status, rule(&before_new)),
        (StatusCode::UNPROCESSABLE_ENTITY, "TR-07")
    );
    let accounts = app
        .get(
            &s.officer,
            &format!("/api/v1/enterprises/{}/accounts", app.orgs.enterprise),
        )
        .await;
    assert_eq!(accounts.body["current"]["officer_ids"], json!([officer]));
    assert_eq!(accounts.body["pending"]["id"], id.as_str());

    // Acknowledged: the newcomer acts, the old officer no longer does.
    let ack = app
        .post(
            &s.staff,
            &format!("/api/v1/account-changes/{id}/acknowledgement"),
            &json!(null),
        )
        .await;
    assert_eq!(ack.status, StatusCode::OK, "{:?}", ack.body);
    assert_eq!(ack.body["status"], "acknowledged");
    let after_old = enrol(&app, &s.officer, &s.class, &employee(&app, 5).await).await;
    assert_eq!(
        (after_old.status, rule(&after_old)),
        (StatusCode::UNPROCESSABLE_ENTITY, "TR-07")
    );
    let after_new = enrol(&app, &new_token, &s.class, &employee(&app, 6).await).await;
    assert_eq!(
        after_new.status,
        StatusCode::CREATED,
        "{:?}",
        after_new.body
    );
    // Deferrals follow the letter too: the enterprise asks through the officer it names.
    let e0 = e0.body["id"].as_str().unwrap();
    let defer = async |token: &str| {
        app.post(
            token,
            &format!("/api/v1/enrolments/{e0}/deferral"),
            &json!({"reason": "生产任务冲突"}),
        )
        .await
    };
    let old_defers = defer(&s.officer).await;
    assert_eq!(
        (old_defers.status, rule(&old_defers)),
        (StatusCode::UNPROCESSABLE_ENTITY, "TR-07")
    );
    let new_defers = defer(&new_token).await;
    assert_eq!(
        new_defers.status,
        StatusCode::CREATED,
        "{:?}",
        new_defers.body
    );
    let again = app
        .post(
            &s.staff,
            &format!("/api/v1/account-changes/{id}/acknowledgement"),
            &json!(null),
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    let accounts = app
        .get(
            &s.staff,
            &format!("/api/v1/enterprises/{}/accounts", app.orgs.enterprise),
        )
        .await;
    assert_eq!(accounts.body["current"]["officer_ids"], json!([newcomer]));
    assert_eq!(accounts.body["pending"], Value::Null);

    // The stored letter comes back with its type.
    let file = app
        .get(&s.staff, &format!("/api/v1/account-changes/{id}/letter"))
        .await;
    assert_eq!(file.status, StatusCode::OK);
    assert_eq!(file.content_type(), "application/pdf");
    assert_eq!(file.bytes, PDF);
}

#[tokio::test]
async fn tr_07_the_manager_named_in_force_is_the_only_approver() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let officer = user_id(&app, "ent.officer").await;
    let manager = user_id(&app, "ent.manager").await;
    let m2_id = user(
        &app,
        UserBuilder::new("ent.manager2", app.orgs.enterprise, &["enterprise_manager"])
            .display_name("培训负责人 周涛")
            .password("Manager-Pass-2026"),
    )
    .await;
    let m2_token = app.token_with("ent.manager2", "Manager-Pass-2026").await;
    let e = enrol(&app, &s.officer, &s.class, &employee(&app, 1).await).await;
    let e = EnrolmentId::of(&e);
    let waits_for = |token: String| {
        let app = &app;
        let e = e.clone();
        async move {
            app.get(&token, "/api/v1/inbox").await.body["items"]
                .as_array()
                .unwrap()
                .iter()
                .any(|i| i["object_id"] == e.as_str())
        }
    };
    // No letter on file: every manager of the enterprise sees the submission.
    assert!(waits_for(m2_token.clone()).await);
    designate(&app, &[&officer], &manager).await;
    // The letter names ent.manager: the other manager's inbox no longer shows it.
    assert!(!waits_for(m2_token.clone()).await);
    assert!(waits_for(s.manager.clone()).await);
    let refused = app
        .post(
            &m2_token,
            &format!("/api/v1/enrolments/{e}/approval"),
            &ApprovalBuilder::approve().build(),
        )
        .await;
    assert_eq!(
        (refused.status, rule(&refused)),
        (StatusCode::UNPROCESSABLE_ENTITY, "TR-07")
    );
    designate(&app, &[&officer], &m2_id).await;
    let ok = app
        .post(
            &m2_token,
            &format!("/api/v1/enrolments/{e}/approval"),
            &ApprovalBuilder::approve().build(),
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{:?}", ok.body);
}

#[tokio::test]
async fn tr_07_letters_refuse_bad_input_and_other_tenants() {
    let app = spawn_app().await;
    let officer = user_id(&app, "ent.officer").await;
    let manager = user_id(&app, "ent.manager").await;
    let m = app.token("ent.manager").await;
    let path = format!(
        "/api/v1/enterprises/{}/account-changes",
        app.orgs.enterprise
    );
    // TR-07: the two levels are two people.
    let same = app
        .post(
            &m,
            &path,
            &AccountChangeBuilder::new([&manager], &manager).build(),
        )
        .await;
    assert_eq!(
        (same.status, rule(&same)),
        (StatusCode::UNPROCESSABLE_ENTITY, "TR-07")
    );
    let swapped = app
        .post(
            &m,
            &path,
            &AccountChangeBuilder::new([&manager], &officer).build(),
        )
        .await;
    assert_eq!(swapped.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(swapped.body["errors"][0]["pointer"], "/officer_ids/0");
    let none = app
        .post(
            &m,
            &path,
            &AccountChangeBuilder::new(json!([]), &manager).build(),
        )
        .await;
    assert_eq!(none.status, StatusCode::UNPROCESSABLE_ENTITY);
    let unknown = app
        .post(
            &m,
            &path,
            &AccountChangeBuilder::new([&officer], &manager)
                .set("extra", 1)
                .build(),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Not the enterprise's own people: staff may read but not file; another tenant sees nothing.
    let staff = app.token("assoc.staff").await;
    assert_eq!(
        app.post(
            &staff,
            &path,
            &AccountChangeBuilder::new([&officer], &manager).build()
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    let foreign = app.token("foreign.ent.manager").await;
    assert_eq!(
        app.post(
            &foreign,
            &path,
            &AccountChangeBuilder::new([&officer], &manager).build()
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(
            &foreign,
            &format!("/api/v1/enterprises/{}/accounts", app.orgs.enterprise)
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );

    let c = app
        .post(
            &m,
            &path,
            &AccountChangeBuilder::new([&officer], &manager).build(),
        )
        .await;
    assert_eq!(c.status, StatusCode::CREATED, "{:?}", c.body);
    let id = c.body["id"].as_str().unwrap().to_owned();
    let twice = app
        .post(
            &m,
            &path,
            &AccountChangeBuilder::new([&officer], &manager).build(),
        )
        .await;
    assert_eq!(
        twice.status,
        StatusCode::CONFLICT,
        "one pending letter per enterprise"
    );
    let letter = format!("/api/v1/account-changes/{id}/letter");
    assert_eq!(
        app.put_file(&m, &letter, "text/html", b"<html>".to_vec())
            .await
            .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        app.put_file(&m, &letter, "application/pdf", b"MZ\x90\0".to_vec())
            .await
            .status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "bytes not a PDF"
    );
    assert_eq!(
        app.put_file(&m, &letter, "", PDF.to_vec()).await.status,
        StatusCode::UNSUPPORTED_MEDIA_TYPE
    );
    let mut big = PDF.to_vec();
    big.resize(10 * 1024 * 1024 + 1, b' ');
    assert_eq!(
        app.put_file(&m, &letter, "application/pdf", big)
            .await
            .status,
        StatusCode::PAYLOAD_TOO_LARGE
    );
    assert_eq!(
        app.get(&m, &letter).await.status,
        StatusCode::NOT_FOUND,
        "nothing stored"
    );
    assert_eq!(
        app.put_file(&foreign, &letter, "application/pdf", PDF.to_vec())
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.put_file(&m, &letter, "image/png", b"\x89PNG\r\n\x1a\n....".to_vec())
            .await
            .status,
        StatusCode::OK
    );
    let far_staff = app.token("foreign.assoc.staff").await;
    assert_eq!(
        app.post(
            &far_staff,
            &format!("/api/v1/account-changes/{id}/acknowledgement"),
            &json!(null)
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.post(
            &m,
            &format!("/api/v1/account-changes/{id}/acknowledgement"),
            &json!(null)
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    let bogus = uuid::Uuid::now_v7();
    assert_eq!(
        app.post(
            &staff,
            &format!("/api/v1/account-changes/{bogus}/acknowledgement"),
            &json!(null)
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
}
