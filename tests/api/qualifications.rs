//! EX-08: the qualifications on record. `valid_until` is the last valid day (inclusive), so a
//! certificate valid until the exam day counts and one valid until the day before does not;
//! a revoked one counts on no day. Who manages the person's organization, and its association,
//! records and revokes; another tenant's person is not found; bad input changes nothing.
//! The test clock's date in Asia/Shanghai is 2026-11-22.

use directory::model::QualificationKind;
use serde_json::json;
use test_support::builders::QualificationBuilder;
use test_support::ids::{PersonId, QualificationId};
use test_support::training::{employee, evaluator};
use test_support::{Answer, PersonBuilder, StatusCode, TestApp, spawn_app};
use time::macros::date;
use uuid::Uuid;

async fn record(
    app: &TestApp,
    token: &str,
    person: &PersonId,
    body: QualificationBuilder,
) -> Answer {
    app.post(
        token,
        &format!("/api/v1/persons/{person}/qualifications"),
        &body.build(),
    )
    .await
}

/// Records `body` for `person` as the association's staff and asserts it recorded.
async fn recorded(app: &TestApp, person: &PersonId, body: QualificationBuilder) -> QualificationId {
    let a = record(app, &app.token("assoc.staff").await, person, body).await;
    assert_eq!(a.status, StatusCode::CREATED, "{:?}", a.body);
    QualificationId::of(&a)
}

fn uuid(p: &PersonId) -> Uuid {
    p.parse().unwrap()
}

async fn valid_on(app: &TestApp, p: &PersonId, kind: QualificationKind, day: time::Date) -> bool {
    app.dir
        .qualification_valid_on(uuid(p), kind, day)
        .await
        .unwrap()
}

async fn listed(app: &TestApp, token: &str, p: &PersonId) -> Answer {
    app.get(token, &format!("/api/v1/persons/{p}/qualifications"))
        .await
}

#[tokio::test]
async fn ex_08_a_certificate_valid_until_the_exam_day_counts_and_until_the_day_before_does_not() {
    let app = spawn_app().await;
    let exam_day = date!(2027 - 06 - 30);
    let until_exam_day = evaluator(&app, 71).await;
    let until_day_before = evaluator(&app, 72).await;
    let from_exam_day = evaluator(&app, 73).await;
    let from_day_after = evaluator(&app, 74).await;
    let certificate = QualificationBuilder::evaluator_certificate;
    recorded(
        &app,
        &until_exam_day,
        certificate().valid_until("2027-06-30"),
    )
    .await;
    recorded(
        &app,
        &until_day_before,
        certificate().valid_until("2027-06-29"),
    )
    .await;
    recorded(
        &app,
        &from_exam_day,
        certificate()
            .valid_from("2027-06-30")
            .valid_until("2030-06-29"),
    )
    .await;
    recorded(
        &app,
        &from_day_after,
        certificate()
            .valid_from("2027-07-01")
            .valid_until("2030-06-30"),
    )
    .await;

    let cert = QualificationKind::EvaluatorCertificate;
    assert!(valid_on(&app, &until_exam_day, cert, exam_day).await);
    assert!(!valid_on(&app, &until_day_before, cert, exam_day).await);
    assert!(valid_on(&app, &from_exam_day, cert, exam_day).await);
    assert!(!valid_on(&app, &from_day_after, cert, exam_day).await);
    // The day after the last valid day, no more.
    assert!(!valid_on(&app, &until_exam_day, cert, date!(2027 - 07 - 01)).await);

    // EX-08 asks for a commitment letter too: a certificate is not one.
    let letter = QualificationKind::CommitmentLetter;
    assert!(!valid_on(&app, &until_exam_day, letter, exam_day).await);
    recorded(
        &app,
        &until_exam_day,
        QualificationBuilder::commitment_letter(),
    )
    .await;
    assert!(valid_on(&app, &until_exam_day, letter, exam_day).await);
    // A person with nothing on record holds nothing.
    let nobody = evaluator(&app, 75).await;
    assert!(!valid_on(&app, &nobody, cert, exam_day).await);

    // The list shows both, newest first, each saying whether it counts today (2026-11-22).
    let list = listed(&app, &app.token("subcentre.admin").await, &until_exam_day).await;
    assert_eq!(list.status, StatusCode::OK, "{:?}", list.body);
    let items = list.body["items"].as_array().unwrap();
    assert_eq!(
        items
            .iter()
            .map(|q| (
                q["kind"].as_str().unwrap(),
                q["valid_today"].as_bool().unwrap()
            ))
            .collect::<Vec<_>>(),
        vec![("commitment_letter", true), ("evaluator_certificate", true)]
    );
    assert_eq!(items[1]["valid_until"], "2027-06-30");
}

#[tokio::test]
async fn ex_08_a_revoked_certificate_counts_no_more_and_each_step_is_audited() {
    let app = spawn_app().await;
    let person = evaluator(&app, 76).await;
    let id = recorded(&app, &person, QualificationBuilder::evaluator_certificate()).await;
    let cert = QualificationKind::EvaluatorCertificate;
    assert!(valid_on(&app, &person, cert, date!(2027 - 01 - 10)).await);

    let staff = app.token("assoc.staff").await;
    let revoke = async |token: &str, reason: &str| {
        app.post(
            token,
            &format!("/api/v1/qualifications/{id}/revocation"),
            &json!({"reason": reason}),
        )
        .await
    };
    let blank = revoke(&staff, "  ").await;
    assert_eq!(
        blank.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{:?}",
        blank.body
    );
    assert_eq!(blank.body["errors"][0]["pointer"], "/reason");
    // Another tenant's association does not find it.
    let far = revoke(&app.token("foreign.assoc.admin").await, "越权撤销").await;
    assert_eq!(far.status, StatusCode::NOT_FOUND, "{:?}", far.body);
    assert!(valid_on(&app, &person, cert, date!(2027 - 01 - 10)).await);

    let done = revoke(&app.token("subcentre.admin").await, "证书已被发证机关注销").await;
    assert_eq!(done.status, StatusCode::OK, "{:?}", done.body);
    assert_eq!(done.body["valid_today"], false);
    assert_eq!(done.body["revoke_reason"], "证书已被发证机关注销");
    assert!(done.body["revoked_at"].is_string());
    let again = revoke(&staff, "再次撤销").await;
    assert_eq!(
        (again.status, again.body["code"].as_str()),
        (StatusCode::CONFLICT, Some("qualification_revoked")),
        "{:?}",
        again.body
    );
    assert!(!valid_on(&app, &person, cert, date!(2027 - 01 - 10)).await);

    let audit = app
        .get(
            &app.token("admin").await,
            &format!("/api/v1/audit?object_type=qualification&object_id={id}"),
        )
        .await;
    assert_eq!(audit.status, StatusCode::OK, "{:?}", audit.body);
    let actions: Vec<&str> = audit.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["action"].as_str())
        .collect();
    assert_eq!(
        actions,
        vec!["qualification.revoke", "qualification.record"]
    );
}

#[tokio::test]
async fn ex_08_bad_input_and_another_tenants_person_are_refused_and_change_nothing() {
    let app = spawn_app().await;
    let person = evaluator(&app, 77).await;
    let staff = app.token("assoc.staff").await;
    let certificate = QualificationBuilder::evaluator_certificate;
    let field = |a: &Answer| {
        (
            a.status,
            a.body["errors"][0]["pointer"]
                .as_str()
                .unwrap_or("")
                .to_owned(),
            a.body["errors"][0]["code"]
                .as_str()
                .unwrap_or("")
                .to_owned(),
        )
    };
    let ends_first = record(
        &app,
        &staff,
        &person,
        certificate()
            .valid_from("2027-06-30")
            .valid_until("2027-06-29"),
    )
    .await;
    assert_eq!(
        field(&ends_first),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            "/valid_until".into(),
            "before_valid_from".into()
        ),
        "{:?}",
        ends_first.body
    );
    // The same day at both ends is one valid day.
    let one_day = record(
        &app,
        &staff,
        &person,
        certificate()
            .valid_from("2027-06-30")
            .valid_until("2027-06-30"),
    )
    .await;
    assert_eq!(one_day.status, StatusCode::CREATED, "{:?}", one_day.body);
    let before = listed(&app, &staff, &person).await.body["items"].clone();

    let long = "证".repeat(51);
    let bad = [
        ("impossible date", certificate().valid_until("2027-02-30")),
        ("not a date", certificate().valid_from("明年")),
        (
            "unknown field",
            certificate().set("revoked_at", "2027-01-01"),
        ),
        ("unknown kind", certificate().set("kind", "driving_licence")),
        ("NUL", certificate().set("number", "JL\u{0}01")),
        ("51 characters", certificate().set("number", &long)),
        ("blank issuer", certificate().set("issuer", "  ")),
        ("no number", certificate().without("number")),
        (
            "not a file id",
            certificate().set("document_file_id", "scan.pdf"),
        ),
    ];
    for (what, body) in bad {
        let a = record(&app, &staff, &person, body).await;
        assert!(
            a.status.is_client_error() && a.content_type().starts_with("application/problem+json"),
            "{what}: {} {:?}",
            a.status,
            a.body
        );
    }
    assert_eq!(
        field(&record(&app, &staff, &person, certificate().set("number", &long)).await).1,
        "/number"
    );

    // Another tenant's person is not found, to read or to record; ours is not found abroad.
    let theirs = app
        .post(
            &app.token("admin").await,
            "/api/v1/persons",
            &PersonBuilder::numbered(app.foreign.sub_centre, 78).build(),
        )
        .await;
    let theirs = PersonId::of(&theirs);
    assert_eq!(
        listed(&app, &staff, &theirs).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        record(&app, &staff, &theirs, certificate()).await.status,
        StatusCode::NOT_FOUND
    );
    let foreign = app.token("foreign.assoc.admin").await;
    assert_eq!(
        listed(&app, &foreign, &person).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        record(&app, &foreign, &person, certificate()).await.status,
        StatusCode::NOT_FOUND
    );
    let unknown = app
        .post(
            &staff,
            &format!("/api/v1/qualifications/{}/revocation", Uuid::now_v7()),
            &json!({"reason": "无此证书"}),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);

    assert_eq!(
        listed(&app, &staff, &person).await.body["items"],
        before,
        "nothing refused changed anything"
    );
}

#[tokio::test]
async fn ex_08_the_organizations_administrator_and_the_association_keep_them_others_may_not() {
    let app = spawn_app().await;
    let worker = employee(&app, 79).await;
    let certificate = QualificationBuilder::evaluator_certificate;
    // The association's staff keep the qualifications of every member's people.
    recorded(&app, &worker, certificate()).await;
    // The enterprise's officer reads its employee but keeps no qualifications: forbidden.
    let officer = app.token("ent.officer").await;
    assert_eq!(
        listed(&app, &officer, &worker).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        record(&app, &officer, &worker, certificate()).await.status,
        StatusCode::FORBIDDEN
    );
    // The sub-centre's administrator keeps its own people's, and does not see the enterprise's.
    let sub = app.token("subcentre.admin").await;
    assert_eq!(
        listed(&app, &sub, &worker).await.status,
        StatusCode::NOT_FOUND
    );
    let own = evaluator(&app, 80).await;
    assert_eq!(
        record(&app, &sub, &own, certificate()).await.status,
        StatusCode::CREATED
    );
    // A teacher sees no persons at all.
    assert_eq!(
        listed(&app, &app.token("teacher").await, &own).await.status,
        StatusCode::NOT_FOUND
    );
}
