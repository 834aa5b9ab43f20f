//! TR-19 over HTTP: sessions are theory or practical, and each trainee's practical session has
//! a practical record (instrument, process, result, an optional answer sheet), kept by the
//! class's head teacher, its assigned teachers and the association's staff.

use serde_json::{Value, json};
use test_support::builders::{ClassTeacherBuilder, PracticalRecordBuilder, SessionBuilder};
use test_support::ids::PersonId;
use test_support::rule;
use test_support::training::{
    Setup, active_teacher, council_term, new_class, paid, submitted, with_sessions,
};
use test_support::{Answer, PersonBuilder, StatusCode, TestApp, spawn_app};
use time::Duration;

/// Adds a session of `kind` on the class's second day, afternoon.
async fn session(app: &TestApp, s: &Setup, kind: Option<&str>) -> Answer {
    let start = s.starts_at + Duration::days(1) + Duration::hours(5);
    let mut body = SessionBuilder::new(start);
    if let Some(k) = kind {
        body = body.kind(k);
    }
    app.post(
        &s.staff,
        &format!("/api/v1/classes/{}/sessions", s.class),
        &body.build(),
    )
    .await
}

async fn record(
    app: &TestApp,
    token: &str,
    session: &str,
    enrolment: &str,
    body: &Value,
) -> Answer {
    app.send(
        app.client
            .put(app.url(&format!(
                "/api/v1/sessions/{session}/practical-records/{enrolment}"
            )))
            .bearer_auth(token)
            .json(body),
    )
    .await
}

async fn upload(
    app: &TestApp,
    token: &str,
    session: &str,
    enrolment: &str,
    ct: &str,
    bytes: &[u8],
) -> Answer {
    let path = format!("/api/v1/sessions/{session}/practical-records/{enrolment}/answer-sheet");
    app.put_file(token, &path, ct, bytes.to_vec()).await
}

fn body(instrument: &str) -> Value {
    PracticalRecordBuilder::new(instrument).build()
}

const PNG: &[u8] = b"\x89PNG\r\n\x1a\nanswer sheet";

/// TR-19: a session is theory unless said otherwise; a practical record is kept only for a
/// practical session and only for a paid trainee of its class (TR-09); a trainee of another
/// class is not found. The record can be corrected (the audit keeps what it replaced), carries
/// an answer sheet checked by its bytes, and is listed per class for those who keep them —
/// nobody else, and nobody of another tenant, sees it.
#[tokio::test]
async fn tr_19_practical_record_only_on_practical_sessions_for_paid_trainees_of_the_class() {
    let app = spawn_app().await;
    let (s, trainee, theory, head) = with_sessions(&app, 701).await;
    let unpaid = submitted(&app, &s, 702).await;
    let theory_detail = app
        .get(&s.staff, &format!("/api/v1/classes/{}", s.class))
        .await;
    assert_eq!(
        theory_detail.body["sessions"][0]["kind"], "theory",
        "{:?}",
        theory_detail.body
    );
    let practical = session(&app, &s, Some("practical")).await;
    assert_eq!(
        practical.status,
        StatusCode::CREATED,
        "{:?}",
        practical.body
    );
    assert_eq!(practical.body["kind"], "practical");
    let practical = practical.body["id"].as_str().unwrap().to_owned();
    assert_eq!(
        session(&app, &s, Some("workshop")).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );

    // Theory session: no practical record. Practical session: recorded.
    let on_theory = record(&app, &head, &theory[0], &trainee, &body("压力表")).await;
    assert_eq!(
        (on_theory.status, rule(&on_theory)),
        (StatusCode::UNPROCESSABLE_ENTITY, "TR-19"),
        "{:?}",
        on_theory.body
    );
    let ok = record(&app, &head, &practical, &trainee, &body("Y-100 压力表")).await;
    assert_eq!(ok.status, StatusCode::OK, "{:?}", ok.body);
    assert_eq!(ok.body["instrument"], "Y-100 压力表");
    assert_eq!(ok.body["answer_sheet_type"], Value::Null);
    let id = ok.body["id"].clone();

    // An unpaid trainee of the class: TR-09. A trainee of another class: not found.
    let not_paid = record(&app, &head, &practical, &unpaid, &body("压力表")).await;
    assert_eq!(
        (not_paid.status, rule(&not_paid)),
        (StatusCode::UNPROCESSABLE_ENTITY, "TR-09"),
        "{:?}",
        not_paid.body
    );
    let other_class = new_class(&app, &s.staff, &s.course, s.starts_at, 30).await;
    let elsewhere = paid(
        &app,
        &Setup {
            class: other_class,
            ..s.clone()
        },
        703,
    )
    .await;
    assert_eq!(
        record(&app, &head, &practical, &elsewhere, &body("压力表"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        record(
            &app,
            &head,
            &practical,
            &uuid::Uuid::now_v7().to_string(),
            &body("压力表")
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    // Every text is required and bounded.
    let blank = record(
        &app,
        &head,
        &practical,
        &trainee,
        &json!({"instrument": " ", "process": "x".repeat(2001), "result": "合格"}),
    )
    .await;
    assert_eq!(blank.status, StatusCode::UNPROCESSABLE_ENTITY);
    let pointers: Vec<&str> = blank.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["pointer"].as_str())
        .collect();
    assert_eq!(pointers, ["/instrument", "/process"], "{:?}", blank.body);

    // A correction by the association's staff replaces the text and keeps the record.
    let corrected = record(&app, &s.staff, &practical, &trainee, &body("Y-150 压力表")).await;
    assert_eq!(corrected.status, StatusCode::OK, "{:?}", corrected.body);
    assert_eq!(corrected.body["id"], id);
    assert_eq!(corrected.body["instrument"], "Y-150 压力表");

    // The answer sheet: only PDF, JPEG or PNG that is what it says; read back as uploaded.
    assert_eq!(
        upload(&app, &head, &practical, &trainee, "text/html", b"<p>")
            .await
            .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        upload(&app, &head, &practical, &trainee, "application/pdf", PNG)
            .await
            .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let sheet = upload(&app, &head, &practical, &trainee, "image/png", PNG).await;
    assert_eq!(sheet.status, StatusCode::OK, "{:?}", sheet.body);
    assert_eq!(sheet.body["answer_sheet_type"], "image/png");
    let file = app
        .get(
            &s.staff,
            &format!("/api/v1/sessions/{practical}/practical-records/{trainee}/answer-sheet"),
        )
        .await;
    assert_eq!(file.status, StatusCode::OK);
    assert_eq!(file.content_type(), "image/png");
    assert_eq!(file.bytes, PNG);
    // No record, no answer sheet.
    let without = paid(&app, &s, 704).await;
    assert_eq!(
        upload(&app, &head, &practical, &without, "image/png", PNG)
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    // Listed per class for those who keep them; a correction keeps one record.
    let list = format!("/api/v1/classes/{}/practical-records", s.class);
    for token in [&s.staff, &head] {
        let l = app.get(token, &list).await;
        assert_eq!(l.status, StatusCode::OK, "{:?}", l.body);
        let items = l.body["items"].as_array().unwrap();
        assert_eq!(items.len(), 1, "{:?}", l.body);
        assert_eq!(items[0]["session_id"], practical.as_str());
        assert_eq!(items[0]["instrument"], "Y-150 压力表");
        assert!(!items[0]["person_name"].as_str().unwrap().is_empty());
    }
    assert_eq!(
        app.get(&s.officer, &list).await.status,
        StatusCode::NOT_FOUND
    );
    let foreign = app.token("foreign.assoc.staff").await;
    assert_eq!(app.get(&foreign, &list).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        record(&app, &foreign, &practical, &trainee, &body("压力表"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    // Every change is audited, the correction with what it replaced.
    let audit = app
        .get(
            &app.token("assoc.admin").await,
            &format!("/api/v1/audit?action=practical_record.&object_id={trainee}&limit=50"),
        )
        .await;
    let rows = audit.body["items"].as_array().unwrap();
    let actions: Vec<&str> = rows.iter().filter_map(|r| r["action"].as_str()).collect();
    assert_eq!(
        actions,
        [
            "practical_record.answer_sheet",
            "practical_record.record",
            "practical_record.record"
        ],
        "{:?}",
        audit.body
    );
    assert!(
        rows[1].to_string().contains("Y-100 压力表"),
        "{:?}",
        rows[1]
    );
}

/// TR-19: a teacher assigned to the class records practical work; the same teacher on a class
/// they do not teach does not see its sessions (404), nor its records.
#[tokio::test]
async fn tr_19_practical_record_by_an_assigned_teacher_and_not_by_an_unassigned_one() {
    let app = spawn_app().await;
    let (s, trainee, _, _) = with_sessions(&app, 711).await;
    let practical = session(&app, &s, Some("practical")).await.body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // The demo teacher's account, linked to a person of the training centre in the pool.
    let teacher_login = app.token("teacher").await;
    let uid = app.get(&teacher_login, "/api/v1/me").await.body["user"]["id"].clone();
    let person = app
        .post(
            &app.token("assoc.admin").await,
            "/api/v1/persons",
            &PersonBuilder::numbered(app.orgs.training_centre, 712)
                .set("user_id", uid)
                .set("title_level", "intermediate")
                .build(),
        )
        .await;
    assert_eq!(person.status, StatusCode::CREATED, "{:?}", person.body);
    council_term(&app, &s.staff, "2024-01-01").await;
    let teacher = active_teacher(&app, &s.staff, &PersonId::of(&person)).await;

    let before = record(&app, &teacher_login, &practical, &trainee, &body("压力表")).await;
    assert_eq!(before.status, StatusCode::NOT_FOUND, "{:?}", before.body);
    let list = format!("/api/v1/classes/{}/practical-records", s.class);
    assert_eq!(
        app.get(&teacher_login, &list).await.status,
        StatusCode::NOT_FOUND
    );
    let assigned = app
        .post(
            &s.staff,
            &format!("/api/v1/classes/{}/teachers", s.class),
            &ClassTeacherBuilder::new(&teacher).build(),
        )
        .await;
    assert_eq!(assigned.status, StatusCode::CREATED, "{:?}", assigned.body);
    let after = record(&app, &teacher_login, &practical, &trainee, &body("压力表")).await;
    assert_eq!(after.status, StatusCode::OK, "{:?}", after.body);
    let me = app.get(&teacher_login, "/api/v1/me").await.body["user"]["id"].clone();
    assert_eq!(after.body["recorded_by"], me);
    let l = app.get(&teacher_login, &list).await;
    assert_eq!(
        l.body["items"].as_array().map(Vec::len),
        Some(1),
        "{:?}",
        l.body
    );
}

/// TR-19: sessions that existed before session kinds are theory sessions. A class with three
/// sessions is written under the schema m0020 found (raw rows: no service of today knows that
/// schema), then m0020 and the steps after it run, and every session reads back as theory.
#[tokio::test]
async fn tr_19_m0020_makes_the_sessions_written_before_it_theory() {
    use sea_orm::sea_query::{Alias, InsertStatement, Query};
    use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
    use time::macros::datetime;
    use training::entity::class_session;
    use training::model::SessionKind;
    use uuid::Uuid;

    let staged = test_support::staged_unseeded_before("m0020_training_records").await;
    let db = &staged.dir.db;
    let run = async |stmt: &InsertStatement| {
        db.execute_raw(db.get_database_backend().build(stmt))
            .await
            .unwrap();
    };
    let at = datetime!(2026-03-02 01:00 UTC);
    let association = Uuid::now_v7();
    run(Query::insert()
        .into_table(Alias::new("organizations"))
        .columns(
            [
                "id",
                "kind",
                "name",
                "credit_code",
                "region_code",
                "status",
                "version",
                "created_at",
                "updated_at",
            ]
            .map(Alias::new),
        )
        .values_panic([
            association.into(),
            "association".into(),
            "湖南省特种设备协会".into(),
            "51430000MJJ000001X".into(),
            "430000".into(),
            "active".into(),
            1.into(),
            at.into(),
            at.into(),
        ]))
    .await;
    let (course, class) = (Uuid::now_v7(), Uuid::now_v7());
    run(Query::insert()
        .into_table(Alias::new("courses"))
        .columns(
            [
                "id",
                "association_id",
                "name",
                "subject_kind",
                "topic",
                "equipment_categories",
                "delivery",
                "theory_hours",
                "practical_hours",
                "created_at",
            ]
            .map(Alias::new),
        )
        .values_panic([
            course.into(),
            association.into(),
            "压力容器操作人员培训".into(),
            "operator".into(),
            "safety".into(),
            "[\"pressure_vessel\"]".into(),
            "offline".into(),
            24.into(),
            8.into(),
            at.into(),
        ]))
    .await;
    run(Query::insert()
        .into_table(Alias::new("classes"))
        .columns(
            [
                "id",
                "association_id",
                "course_id",
                "name",
                "starts_at",
                "ends_at",
                "capacity",
                "seats_taken",
                "training_fee",
                "exam_fee",
                "status",
                "created_at",
            ]
            .map(Alias::new),
        )
        .values_panic([
            class.into(),
            association.into(),
            course.into(),
            "2026年第1期".into(),
            at.into(),
            datetime!(2026-03-04 09:00 UTC).into(),
            30.into(),
            0.into(),
            50_000i64.into(),
            10_000i64.into(),
            "published".into(),
            at.into(),
        ]))
    .await;
    for day in 0..3i64 {
        let starts = at + Duration::days(day);
        run(Query::insert()
            .into_table(Alias::new("class_sessions"))
            .columns(["id", "class_id", "starts_at", "ends_at"].map(Alias::new))
            .values_panic([
                Uuid::now_v7().into(),
                class.into(),
                starts.into(),
                (starts + Duration::hours(8)).into(),
            ]))
        .await;
    }

    staged.migrate().await;

    let kinds: Vec<SessionKind> = class_session::Entity::find()
        .filter(class_session::Column::ClassId.eq(class))
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.kind)
        .collect();
    assert_eq!(
        kinds,
        [
            SessionKind::Theory,
            SessionKind::Theory,
            SessionKind::Theory
        ]
    );
}
