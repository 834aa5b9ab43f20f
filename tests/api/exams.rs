//! Exams over HTTP (issue 16): a paper from a bank to a class's result, and each EX rule on
//! both sides of its boundary. The test clock starts at 2026-11-22 10:00 UTC; sittings open an
//! hour before it and close three hours after.

use futures_util::future::join_all;
use kernel::entity::audit_log;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};
use test_support::builders::{
    BankBuilder, ClassTeacherBuilder, IncidentBuilder, PaperBuilder, PersonBuilder,
    QualificationBuilder, QuestionBuilder, RetakeFeeBuilder, SanctionBuilder,
};
use test_support::exams::{Paper, created, evaluator_for, paper, qualify, register, sitting};
use test_support::ids::{EnrolmentId, PersonId};
use test_support::people::{person_for, trainee};
use test_support::training::{Setup, active_teacher, confirmed, council_term, paid_of, setup};
use test_support::{Answer, StatusCode, TestApp, refused_with, spawn_app};

fn id(a: &Answer) -> String {
    a.body["id"].as_str().unwrap_or_default().to_owned()
}

/// A trainee with an account, paid in the class.
async fn paid_trainee(app: &TestApp, s: &Setup, n: u16) -> (String, PersonId, EnrolmentId) {
    let (token, person) = trainee(app, n).await;
    let e = paid_of(app, s, &person, n).await;
    (token, person, e)
}

async fn start(app: &TestApp, token: &str, sitting: &str) -> Answer {
    app.post(
        token,
        &format!("/api/v1/exam-sittings/{sitting}/attempt"),
        &Value::Null,
    )
    .await
}

async fn save(
    app: &TestApp,
    token: &str,
    attempt: &str,
    position: i32,
    seq: i64,
    response: Value,
) -> Answer {
    app.send(
        app.client
            .put(app.url(&format!(
                "/api/v1/exam-attempts/{attempt}/answers/{position}"
            )))
            .bearer_auth(token)
            .json(&json!({"seq": seq, "response": response})),
    )
    .await
}

async fn put(app: &TestApp, token: &str, path: &str, body: &Value) -> Answer {
    app.send(app.client.put(app.url(path)).bearer_auth(token).json(body))
        .await
}

async fn audits(app: &TestApp, action: &str) -> u64 {
    audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq(action))
        .count(&app.dir.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn an_exam_from_the_bank_to_the_class_result() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let (me, _, enrolment) = paid_trainee(&app, &s, 70).await;
    let p = paper(&app, true).await;
    let sitting = sitting(&app, &p, &s).await;
    let candidate = created(&register(&app, &p, &sitting, &enrolment).await);
    let evaluator = evaluator_for(&app, &p, &sitting, &candidate).await;

    let a = start(&app, &me, &sitting).await;
    assert_eq!(a.status, StatusCode::OK, "{:?}", a.body);
    assert_eq!(a.body["questions"].as_array().map(Vec::len), Some(2));
    assert!(
        a.body["questions"][0].get("key").is_none(),
        "a candidate never sees a key"
    );
    let attempt = id(&a);
    // Two saves of one answer arrive out of order: the newer (seq 2) stays.
    let newer = save(
        &app,
        &me,
        &attempt,
        1,
        2,
        json!({"kind": "true_false", "value": true}),
    )
    .await;
    assert_eq!(
        (newer.status, &newer.body["applied"]),
        (StatusCode::OK, &json!(true))
    );
    let older = save(
        &app,
        &me,
        &attempt,
        1,
        1,
        json!({"kind": "true_false", "value": false}),
    )
    .await;
    assert_eq!(
        (older.status, &older.body["applied"], &older.body["seq"]),
        (StatusCode::OK, &json!(false), &json!(2))
    );
    // A retried save under its Idempotency-Key gets the first answer back (with the first
    // server time); the key with another body is refused.
    let keyed = |seq: i64| {
        app.client
            .put(app.url(&format!("/api/v1/exam-attempts/{attempt}/answers/1")))
            .bearer_auth(&me)
            .header("Idempotency-Key", "save-1-3")
            .json(&json!({"seq": seq, "response": {"kind": "true_false", "value": true}}))
    };
    let first = app.send(keyed(3)).await;
    assert_eq!(first.status, StatusCode::OK, "{:?}", first.body);
    let again = app.send(keyed(3)).await;
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    assert_eq!(again.body, first.body);
    let reused = app.send(keyed(4)).await;
    assert_eq!(
        (reused.status, &reused.body["code"]),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            &json!("idempotency_key_reused")
        ),
        "{:?}",
        reused.body
    );
    let text = save(
        &app,
        &me,
        &attempt,
        2,
        3,
        json!({"kind": "short_answer", "text": "先断电,再盘车平层"}),
    )
    .await;
    assert_eq!(text.status, StatusCode::OK, "{:?}", text.body);
    let wrong_kind = save(
        &app,
        &me,
        &attempt,
        2,
        4,
        json!({"kind": "true_false", "value": true}),
    )
    .await;
    assert_eq!(wrong_kind.status, StatusCode::UNPROCESSABLE_ENTITY);

    let done = app
        .post(
            &me,
            &format!("/api/v1/exam-attempts/{attempt}/submission"),
            &Value::Null,
        )
        .await;
    assert_eq!(
        (done.status, &done.body["objective_points"]),
        (StatusCode::OK, &json!(10)),
        "{:?}",
        done.body
    );
    let late = save(
        &app,
        &me,
        &attempt,
        1,
        9,
        json!({"kind": "true_false", "value": false}),
    )
    .await;
    assert_eq!(
        late.status,
        StatusCode::CONFLICT,
        "nothing is saved once handed in"
    );

    // Not marked yet: the results wait.
    let early = app
        .post(
            &p.officer,
            &format!("/api/v1/exam-sittings/{sitting}/results"),
            &Value::Null,
        )
        .await;
    assert_eq!(
        (early.status, early.body["code"].as_str()),
        (StatusCode::CONFLICT, Some("marking_incomplete"))
    );
    let queue = app.get(&evaluator, "/api/v1/exam-marking").await;
    assert_eq!(
        queue.body["items"][0]["text"], "先断电,再盘车平层",
        "{:?}",
        queue.body
    );
    let marked = put(
        &app,
        &evaluator,
        &format!("/api/v1/exam-attempts/{attempt}/marks/2"),
        &json!({"points": 6}),
    )
    .await;
    assert_eq!(marked.status, StatusCode::OK, "{:?}", marked.body);

    let results = app
        .post(
            &p.officer,
            &format!("/api/v1/exam-sittings/{sitting}/results"),
            &Value::Null,
        )
        .await;
    assert_eq!(results.status, StatusCode::OK, "{:?}", results.body);
    assert_eq!(
        (
            &results.body[0]["theory_score"],
            &results.body[0]["outcome"]
        ),
        (&json!(80), &json!("passed"))
    );
    let class_result = training::entity::class_result::Entity::find()
        .filter(
            training::entity::class_result::Column::EnrolmentId
                .eq(enrolment.to_string().parse::<uuid::Uuid>().unwrap()),
        )
        .one(&app.dir.db)
        .await
        .unwrap()
        .expect("the result reached the class");
    assert_eq!(class_result.score, 80);
    let mine = app.get(&me, "/api/v1/me/exams").await;
    assert_eq!(
        mine.body["items"][0]["outcome"], "passed",
        "{:?}",
        mine.body
    );
    let sheet = app
        .get(
            &p.officer,
            &format!("/api/v1/exam-sittings/{sitting}/score-sheet"),
        )
        .await;
    assert_eq!(sheet.status, StatusCode::OK);
    assert!(sheet.bytes.starts_with(b"PK"), "an XLSX workbook");
}

#[tokio::test]
async fn ex_09_banks_questions_and_papers_are_the_owning_bodys_alone_and_every_read_is_audited() {
    let app = spawn_app().await;
    let p = paper(&app, false).await;
    let paths = [
        format!("/api/v1/exam-banks/{}", p.bank),
        format!("/api/v1/exam-questions/{}", p.questions[0]),
        format!("/api/v1/exam-papers/{}", p.paper),
        format!("/api/v1/exam-banks/{}/questions", p.bank),
    ];
    for path in &paths {
        assert_eq!(
            app.get(&p.officer, path).await.status,
            StatusCode::OK,
            "{path}"
        );
    }
    for login in [
        "admin",
        "assoc.staff",
        "finance",
        "teacher",
        "head.teacher",
        "evaluator",
        "proctor",
        "practitioner",
        "regulator.province",
        "ent.officer",
        "subcentre.admin",
        "foreign.exam.officer",
        "foreign.assoc.admin",
    ] {
        let t = app.token(login).await;
        for path in &paths {
            assert_eq!(
                app.get(&t, path).await.status,
                StatusCode::NOT_FOUND,
                "{login} {path}"
            );
        }
        let list = app.get(&t, "/api/v1/exam-banks").await;
        assert!(
            list.status == StatusCode::FORBIDDEN || list.body["items"] == json!([]),
            "{login}: no list leaks a bank: {:?}",
            list.body
        );
    }
    assert!(audits(&app, "exam_question.read").await >= 1);
    assert!(audits(&app, "exam_bank.read").await >= 2);
    assert!(audits(&app, "exam_paper.read").await >= 1);
}

#[tokio::test]
async fn ex_11_an_unpaid_trainee_is_not_registered_and_a_ban_after_registration_stops_the_start() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let p = paper(&app, false).await;
    let sitting = sitting(&app, &p, &s).await;
    let unpaid = confirmed(&app, &s, 71).await;
    refused_with(&register(&app, &p, &sitting, &unpaid).await, "TR-09");
    let (me, person, paid) = paid_trainee(&app, &s, 72).await;
    created(&register(&app, &p, &sitting, &paid).await);
    let roster = app
        .post(
            &p.officer,
            &format!("/api/v1/exam-sittings/{sitting}/roster"),
            &Value::Null,
        )
        .await;
    assert_eq!(
        roster.body["left_out"][0]["reasons"][0]["rule"], "TR-09",
        "{:?}",
        roster.body
    );

    let ban = app
        .post(
            &s.staff,
            "/api/v1/sanctions",
            &SanctionBuilder::programme_ban(app.orgs.association, &person, &s.course).build(),
        )
        .await;
    assert_eq!(ban.status, StatusCode::CREATED, "{:?}", ban.body);
    refused_with(&start(&app, &me, &sitting).await, "EX-04");
    let lifted = app
        .post(
            &s.staff,
            &format!("/api/v1/sanctions/{}/lifting", id(&ban)),
            &json!({"reason": "复核撤销"}),
        )
        .await;
    assert_eq!(lifted.status, StatusCode::OK);
    assert_eq!(start(&app, &me, &sitting).await.status, StatusCode::OK);
}

#[tokio::test]
async fn twenty_concurrent_submissions_give_one_hand_in() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let (me, _, e) = paid_trainee(&app, &s, 73).await;
    let p = paper(&app, false).await;
    let sitting = sitting(&app, &p, &s).await;
    created(&register(&app, &p, &sitting, &e).await);
    let attempt = id(&start(&app, &me, &sitting).await);
    let path = format!("/api/v1/exam-attempts/{attempt}/submission");
    let answers = join_all((0..20).map(|_| app.post(&me, &path, &Value::Null))).await;
    let ok = answers
        .iter()
        .filter(|a| a.status == StatusCode::OK)
        .count();
    assert_eq!(
        ok,
        1,
        "{:?}",
        answers.iter().map(|a| a.status).collect::<Vec<_>>()
    );
    assert!(
        answers
            .iter()
            .all(|a| a.status == StatusCode::OK || a.status == StatusCode::CONFLICT)
    );
    assert_eq!(audits(&app, "exam_attempt.submit").await, 1);
    let row = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("exam_attempt.submit"))
        .one(&app.dir.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        row.organization_id,
        Some(app.orgs.association),
        "the hand-in is the sitting's association's to audit"
    );
}

#[tokio::test]
async fn ex_03_one_cheating_incident_warns_and_a_second_disqualifies_with_zero() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let (me, _, e) = paid_trainee(&app, &s, 74).await;
    let p = paper(&app, false).await;
    let sitting = sitting(&app, &p, &s).await;
    let candidate = created(&register(&app, &p, &sitting, &e).await);
    let attempt = id(&start(&app, &me, &sitting).await);
    let path = format!("/api/v1/exam-sittings/{sitting}/incidents");
    let first = app
        .post(
            &p.officer,
            &path,
            &IncidentBuilder::new(&candidate, "cheating", app.now()).build(),
        )
        .await;
    assert_eq!(
        (first.status, &first.body["consequence"]),
        (StatusCode::CREATED, &json!("warning")),
        "{:?}",
        first.body
    );
    let a = app
        .get(&me, &format!("/api/v1/exam-attempts/{attempt}"))
        .await;
    assert_eq!(
        a.body["status"], "started",
        "after a warning the candidate goes on"
    );
    let second = app
        .post(
            &p.officer,
            &path,
            &IncidentBuilder::new(&candidate, "cheating", app.now()).build(),
        )
        .await;
    assert_eq!(second.body["consequence"], "disqualified");
    let a = app
        .get(&me, &format!("/api/v1/exam-attempts/{attempt}"))
        .await;
    assert_eq!(a.body["status"], "disqualified");
    let results = app
        .post(
            &p.officer,
            &format!("/api/v1/exam-sittings/{sitting}/results"),
            &Value::Null,
        )
        .await;
    assert_eq!(
        (
            &results.body[0]["outcome"],
            &results.body[0]["theory_score"]
        ),
        (&json!("disqualified"), &json!(0)),
        "{:?}",
        results.body
    );
}

#[tokio::test]
async fn ex_04_impersonation_bans_the_programme_and_ex_05_disorder_reaches_the_public_column() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let p = paper(&app, false).await;
    let sitting = sitting(&app, &p, &s).await;
    let (_, a_person, a) = paid_trainee(&app, &s, 75).await;
    let (_, _, b) = paid_trainee(&app, &s, 76).await;
    let ca = created(&register(&app, &p, &sitting, &a).await);
    let cb = created(&register(&app, &p, &sitting, &b).await);
    let path = format!("/api/v1/exam-sittings/{sitting}/incidents");
    let imp = app
        .post(
            &p.officer,
            &path,
            &IncidentBuilder::new(&ca, "impersonation", app.now()).build(),
        )
        .await;
    assert_eq!(imp.body["consequence"], "programme_ban", "{:?}", imp.body);
    let bans = app
        .get(&s.staff, &format!("/api/v1/sanctions?person_id={a_person}"))
        .await;
    assert_eq!(
        (
            &bans.body["items"][0]["rule"],
            &bans.body["items"][0]["course_id"]
        ),
        (&json!("EX-04"), &json!(s.course.to_string())),
        "{:?}",
        bans.body
    );
    let dis = app
        .post(
            &p.officer,
            &path,
            &IncidentBuilder::new(&cb, "disorder", app.now()).build(),
        )
        .await;
    assert_eq!(dis.body["consequence"], "association_ban");
    let column = app
        .send(app.client.get(app.url("/api/v1/public/bad-behaviour")))
        .await;
    assert_eq!(column.status, StatusCode::OK);
    assert_eq!(
        column.body["items"].as_array().map(Vec::len),
        Some(1),
        "{:?}",
        column.body
    );
    assert!(
        column.body["items"][0]["national_id_masked"]
            .as_str()
            .unwrap_or_default()
            .contains('*')
    );
}

#[tokio::test]
async fn ex_10_a_recording_is_kept_ten_years_deleted_on_the_day_they_end_and_not_the_day_before() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let p = paper(&app, false).await;
    let sitting = sitting(&app, &p, &s).await;
    let rec = created(
        &app.post(
            &p.officer,
            &format!("/api/v1/exam-sittings/{sitting}/recordings"),
            &json!({"uri": "nas://exam/2026/11/room1.mp4", "sha256": "a".repeat(64), "duration_seconds": 7200}),
        )
        .await,
    );
    let bad = app
        .post(
            &p.officer,
            &format!("/api/v1/exam-sittings/{sitting}/recordings"),
            &json!({"uri": "x", "sha256": "zz", "duration_seconds": 1}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    // The sitting closes 2026-11-22 13:00 UTC (21:00 in Shanghai): deletable from 2036-11-22.
    app.clock.set(time::macros::datetime!(2036-11-21 12:00 UTC));
    let officer = app.token("exam.officer").await;
    refused_with(
        &app.delete(&officer, &format!("/api/v1/exam-recordings/{rec}"))
            .await,
        "EX-10",
    );
    app.clock.set(time::macros::datetime!(2036-11-22 12:00 UTC));
    let officer = app.token("exam.officer").await;
    assert_eq!(
        app.delete(&officer, &format!("/api/v1/exam-recordings/{rec}"))
            .await
            .status,
        StatusCode::NO_CONTENT
    );
}

#[tokio::test]
async fn ex_06_a_teacher_of_the_class_may_not_proctor_its_exam_and_ex_07_nor_a_colleague_of_a_candidate()
 {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let p = paper(&app, false).await;
    let sitting = sitting(&app, &p, &s).await;
    let (_, _, e) = paid_trainee(&app, &s, 77).await;
    created(&register(&app, &p, &sitting, &e).await);
    let admin = app.token("assoc.admin").await;
    let teacher_user = test_support::people::user_id(&app, "teacher").await;
    let teacher_person = created(
        &app.post(
            &admin,
            "/api/v1/persons",
            &PersonBuilder::numbered(app.orgs.training_centre, 93)
                .set("user_id", &teacher_user)
                .set("title_level", "intermediate")
                .build(),
        )
        .await,
    );
    council_term(&app, &s.staff, "2024-01-01").await;
    let teacher = active_teacher(
        &app,
        &s.staff,
        &PersonId::from_value(&json!(teacher_person)),
    )
    .await;
    let staff_path = format!("/api/v1/exam-sittings/{sitting}/staff");
    // Not (yet) teaching this class: may proctor.
    let before = app
        .post(
            &p.officer,
            &staff_path,
            &json!({"person_id": teacher_person, "duty": "setter"}),
        )
        .await;
    assert_eq!(before.status, StatusCode::CREATED, "{:?}", before.body);
    let assigned = app
        .post(
            &s.staff,
            &format!("/api/v1/classes/{}/teachers", s.class),
            &ClassTeacherBuilder::new(&teacher).build(),
        )
        .await;
    assert!(assigned.status.is_success(), "{:?}", assigned.body);
    refused_with(
        &app.post(
            &p.officer,
            &staff_path,
            &json!({"person_id": teacher_person, "duty": "proctor"}),
        )
        .await,
        "EX-06",
    );

    let colleague = person_for(&app, "proctor", app.orgs.enterprise, 94).await;
    refused_with(
        &app.post(
            &p.officer,
            &staff_path,
            &json!({"person_id": colleague, "duty": "proctor"}),
        )
        .await,
        "EX-07",
    );
}

#[tokio::test]
async fn ex_02_the_first_retake_is_free_and_the_second_waits_for_a_new_exam_fee() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let (me, _, e) = paid_trainee(&app, &s, 78).await;
    let p = paper(&app, false).await;
    let mut fee_due = Vec::new();
    for round in 0..3 {
        let sitting = sitting(&app, &p, &s).await;
        let c = register(&app, &p, &sitting, &e).await;
        assert_eq!(c.status, StatusCode::CREATED, "{:?}", c.body);
        fee_due.push(c.body["fee_due"].clone());
        if round == 2 {
            refused_with(&start(&app, &me, &sitting).await, "EX-02");
            let finance = app.token("finance").await;
            let due = app
                .get(&finance, "/api/v1/exam-retake-fees?paid=false")
                .await;
            assert_eq!(
                (
                    &due.body["items"][0]["candidate_id"],
                    &due.body["items"][0]["exam_fee"]
                ),
                (&json!(id(&c)), &json!(20_000)),
                "finance finds the fee to collect: {:?}",
                due.body
            );
            let fee_path = format!("/api/v1/exam-candidates/{}/retake-fee", id(&c));
            // TR-08: the published exam fee (200 yuan), not a fen less.
            refused_with(
                &app.post(
                    &finance,
                    &fee_path,
                    &RetakeFeeBuilder::new().fee(19_999).build(),
                )
                .await,
                "TR-08",
            );
            let paid = app
                .post(&finance, &fee_path, &RetakeFeeBuilder::new().build())
                .await;
            assert_eq!(paid.status, StatusCode::OK, "{:?}", paid.body);
            assert_eq!(start(&app, &me, &sitting).await.status, StatusCode::OK);
            // The fee is the enrolment's second payment in training's ledger, for this sitting.
            let ledger = training::entity::payment::Entity::find()
                .filter(
                    training::entity::payment::Column::EnrolmentId
                        .eq(uuid::Uuid::parse_str(&e.0).unwrap()),
                )
                .all(&app.dir.db)
                .await
                .unwrap();
            let mut purposes: Vec<(String, Option<String>, i64)> = ledger
                .iter()
                .map(|p| {
                    (
                        p.purpose.as_str().to_owned(),
                        p.sitting_id.map(|s| s.to_string()),
                        p.exam_fee,
                    )
                })
                .collect();
            purposes.sort();
            let recorded = app
                .get(&finance, "/api/v1/exam-retake-fees?paid=true")
                .await;
            assert_eq!(
                recorded.body["items"][0]["receipt_no"], "BK2026-0001",
                "{:?}",
                recorded.body
            );
            assert_eq!(
                app.get(&finance, "/api/v1/exam-retake-fees?paid=false")
                    .await
                    .body["items"],
                json!([])
            );
            assert_eq!(
                purposes,
                vec![
                    ("enrolment".to_owned(), None, 20_000),
                    ("exam_retake".to_owned(), Some(sitting.clone()), 20_000),
                ]
            );
            break;
        }
        let attempt = id(&start(&app, &me, &sitting).await);
        save(
            &app,
            &me,
            &attempt,
            1,
            1,
            json!({"kind": "true_false", "value": false}),
        )
        .await;
        app.post(
            &me,
            &format!("/api/v1/exam-attempts/{attempt}/submission"),
            &Value::Null,
        )
        .await;
        let r = app
            .post(
                &p.officer,
                &format!("/api/v1/exam-sittings/{sitting}/results"),
                &Value::Null,
            )
            .await;
        assert_eq!(r.body[0]["outcome"], "failed", "{:?}", r.body);
    }
    assert_eq!(fee_due, vec![json!(false), json!(false), json!(true)]);
}

#[tokio::test]
async fn ex_08_an_evaluator_certificate_valid_until_the_exam_day_counts_and_until_the_day_before_does_not()
 {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let p = paper(&app, false).await;
    // Opens 2026-11-22 09:00 UTC: the exam day is 2026-11-22 in Shanghai.
    let sitting = sitting(&app, &p, &s).await;
    let staff_path = format!("/api/v1/exam-sittings/{sitting}/staff");
    let lapsed = person_for(&app, "evaluator", app.orgs.sub_centre, 95).await;
    qualify(
        &app,
        &lapsed,
        QualificationBuilder::evaluator_certificate().valid_until("2026-11-21"),
    )
    .await;
    qualify(&app, &lapsed, QualificationBuilder::commitment_letter()).await;
    refused_with(
        &app.post(
            &p.officer,
            &staff_path,
            &json!({"person_id": lapsed, "duty": "evaluator"}),
        )
        .await,
        "EX-08",
    );

    let valid = person_for(&app, "proctor", app.orgs.sub_centre, 96).await;
    qualify(
        &app,
        &valid,
        QualificationBuilder::evaluator_certificate().valid_until("2026-11-22"),
    )
    .await;
    let no_letter = app
        .post(
            &p.officer,
            &staff_path,
            &json!({"person_id": valid, "duty": "evaluator"}),
        )
        .await;
    refused_with(&no_letter, "EX-08");
    qualify(&app, &valid, QualificationBuilder::commitment_letter()).await;
    let ok = app
        .post(
            &p.officer,
            &staff_path,
            &json!({"person_id": valid, "duty": "evaluator"}),
        )
        .await;
    assert_eq!(ok.status, StatusCode::CREATED, "{:?}", ok.body);
}

#[tokio::test]
async fn ex_09_a_sheet_of_questions_is_imported_with_a_row_report_and_exported_for_the_owner_only()
{
    let app = spawn_app().await;
    let p = paper(&app, false).await;
    let csv = "题型,题干,选项,答案,分值,知识点,难度\n\
               单选,特种设备安全法自何年起施行?,2013年|2014年|2015年,B,2,法规,1\n\
               判断,电梯困人时应先断电。,,对,2,应急,2\n\
               单选,选项不足的题,甲,A,2,法规,1\n";
    let import = |mode: &'static str| {
        app.send(
            app.client
                .post(app.url(&format!(
                    "/api/v1/exam-banks/{}/question-imports?mode={mode}",
                    p.bank
                )))
                .bearer_auth(&p.officer)
                .header("content-type", "text/csv")
                .body(csv),
        )
    };
    let all = import("all_or_nothing").await;
    assert_eq!(
        all.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{:?}",
        all.body
    );
    let listed = app
        .get(
            &p.officer,
            &format!("/api/v1/exam-banks/{}/questions", p.bank),
        )
        .await;
    assert_eq!(
        listed.body["items"].as_array().map(Vec::len),
        Some(1),
        "nothing was written"
    );
    let good = import("good_rows").await;
    assert_eq!(good.status, StatusCode::OK, "{:?}", good.body);
    assert_eq!(good.body["imported"].as_array().map(Vec::len), Some(2));
    assert_eq!(
        (
            &good.body["rejected"][0]["line"],
            &good.body["rejected"][0]["field"]
        ),
        (&json!(4), &json!("选项")),
        "{:?}",
        good.body
    );

    let export = app
        .get(&p.officer, &format!("/api/v1/exam-banks/{}/export", p.bank))
        .await;
    assert_eq!(export.status, StatusCode::OK);
    assert!(export.bytes.starts_with(b"PK"));
    assert_eq!(audits(&app, "exam_bank.export").await, 1);
    let staff = app.token("assoc.staff").await;
    assert_eq!(
        app.get(&staff, &format!("/api/v1/exam-banks/{}/export", p.bank))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&staff, "/api/v1/exam-question-template")
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get(&p.officer, "/api/v1/exam-question-template")
            .await
            .status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn ex_05_a_ban_from_the_sitting_day_bars_it_and_one_from_the_day_after_does_not() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let p = paper(&app, false).await;
    // The sitting opens on 2026-11-22 (Shanghai), before the class's first day: its bans are
    // judged on the sitting's day.
    let sitting = sitting(&app, &p, &s).await;
    let (_, on_the_day, a) = paid_trainee(&app, &s, 79).await;
    let (_, day_after, b) = paid_trainee(&app, &s, 80).await;
    for (person, day) in [(&on_the_day, "2026-11-22"), (&day_after, "2026-11-23")] {
        let ban = app
            .post(
                &s.staff,
                "/api/v1/sanctions",
                &SanctionBuilder::association_ban(app.orgs.association, person)
                    .starts_on(day)
                    .build(),
            )
            .await;
        assert_eq!(ban.status, StatusCode::CREATED, "{:?}", ban.body);
    }
    refused_with(&register(&app, &p, &sitting, &a).await, "EX-05");
    assert_eq!(
        register(&app, &p, &sitting, &b).await.status,
        StatusCode::CREATED
    );
}

#[tokio::test]
async fn ex_07_a_colleague_of_a_proctor_joins_the_roster_only_once_the_proctor_stands_aside() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let p = paper(&app, false).await;
    let sitting = sitting(&app, &p, &s).await;
    let proctor = person_for(&app, "proctor", app.orgs.enterprise, 97).await;
    let assigned = app
        .post(
            &p.officer,
            &format!("/api/v1/exam-sittings/{sitting}/staff"),
            &json!({"person_id": proctor, "duty": "proctor"}),
        )
        .await;
    let staff_id = created(&assigned);
    // The trainee works at the proctor's enterprise.
    let (_, _, e) = paid_trainee(&app, &s, 81).await;
    refused_with(&register(&app, &p, &sitting, &e).await, "EX-07");
    let roster = app
        .post(
            &p.officer,
            &format!("/api/v1/exam-sittings/{sitting}/roster"),
            &Value::Null,
        )
        .await;
    assert_eq!(
        roster.body["left_out"][0]["reasons"][0]["rule"], "EX-07",
        "{:?}",
        roster.body
    );
    let removed = app
        .delete(&p.officer, &format!("/api/v1/exam-staff/{staff_id}"))
        .await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT);
    assert_eq!(
        register(&app, &p, &sitting, &e).await.status,
        StatusCode::CREATED
    );
}

#[tokio::test]
async fn an_evaluator_sees_only_the_candidates_assigned_to_them() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let p = paper(&app, false).await;
    let sitting = sitting(&app, &p, &s).await;
    let (_, _, a) = paid_trainee(&app, &s, 82).await;
    let (_, _, b) = paid_trainee(&app, &s, 83).await;
    let mine = created(&register(&app, &p, &sitting, &a).await);
    created(&register(&app, &p, &sitting, &b).await);
    let evaluator = evaluator_for(&app, &p, &sitting, &mine).await;
    let seen = app
        .get(
            &evaluator,
            &format!("/api/v1/exam-sittings/{sitting}/candidates"),
        )
        .await;
    assert_eq!(seen.status, StatusCode::OK, "{:?}", seen.body);
    let ids: Vec<&Value> = seen.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| &c["id"])
        .collect();
    assert_eq!(ids, vec![&json!(mine)]);
    let all = app
        .get(
            &p.officer,
            &format!("/api/v1/exam-sittings/{sitting}/candidates"),
        )
        .await;
    assert_eq!(all.body["items"].as_array().map(Vec::len), Some(2));
}

/// The SPA's two needs of the exams API (decision 281): an evaluator reads the stations they
/// score with their duties (a proctor none), and the exam officer finds the people to assign
/// among its association's members (GET /persons), reading them without managing them.
#[tokio::test]
async fn an_evaluator_reads_the_stations_they_score_and_the_officer_finds_staff_by_name() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let (_, _, e) = paid_trainee(&app, &s, 79).await;
    let officer = app.token("exam.officer").await;
    let bank = created(
        &app.post(
            &officer,
            "/api/v1/exam-banks",
            &BankBuilder::new(app.orgs.association).build(),
        )
        .await,
    );
    let q = created(
        &app.post(
            &officer,
            &format!("/api/v1/exam-banks/{bank}/questions"),
            &QuestionBuilder::true_false().build(),
        )
        .await,
    );
    let stations = json!([{"name": "壁厚测定", "checklist": [
        {"item": "正确使用测厚仪", "points": 60},
        {"item": "如实记录读数", "points": 40},
    ]}]);
    let paper = created(
        &app.post(
            &officer,
            "/api/v1/exam-papers",
            &PaperBuilder::fixed(&bank, &[&q])
                .set("stations", &stations)
                .build(),
        )
        .await,
    );
    let p = Paper {
        officer: officer.clone(),
        bank,
        questions: vec![q],
        paper,
    };
    let sitting = sitting(&app, &p, &s).await;
    let candidate = created(&register(&app, &p, &sitting, &e).await);
    let evaluator = evaluator_for(&app, &p, &sitting, &candidate).await;

    let duties = app.get(&evaluator, "/api/v1/me/exam-duties").await;
    assert_eq!(duties.status, StatusCode::OK, "{:?}", duties.body);
    assert_eq!(duties.body["items"][0]["duties"], json!(["evaluator"]));
    assert_eq!(
        duties.body["items"][0]["stations"], stations,
        "{:?}",
        duties.body
    );

    let proctor = person_for(&app, "proctor", app.orgs.sub_centre, 92).await;
    assert_eq!(
        app.post(
            &officer,
            &format!("/api/v1/exam-sittings/{sitting}/staff"),
            &json!({"person_id": proctor, "duty": "proctor"}),
        )
        .await
        .status,
        StatusCode::CREATED
    );
    let theirs = app
        .get(&app.token("proctor").await, "/api/v1/me/exam-duties")
        .await;
    assert_eq!(
        (
            &theirs.body["items"][0]["duties"],
            &theirs.body["items"][0]["stations"]
        ),
        (&json!(["proctor"]), &json!([])),
        "{:?}",
        theirs.body
    );

    // The officer finds the sub-centre's people by name, and may not change them.
    let found = app.get(&officer, "/api/v1/persons?q=测试人员92").await;
    assert_eq!(found.status, StatusCode::OK);
    assert_eq!(
        found.body["items"][0]["id"],
        json!(proctor),
        "{:?}",
        found.body
    );
    let me = app.get(&officer, "/api/v1/me").await;
    let grants = me.body["grants"].as_array().cloned().unwrap_or_default();
    assert!(grants.contains(&json!("read_persons")));
    assert!(!grants.contains(&json!("manage_persons")));
}
