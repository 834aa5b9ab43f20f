//! Batch enrolment and self-enrolment over HTTP (TR-08): every bad row reported with its line
//! and reason, nothing written unless the good rows are asked for; a practitioner's own
//! enrolment goes straight to the association.

use serde_json::json;
use test_support::builders::{ApprovalBuilder, BatchBuilder, EnrolmentBuilder};
use test_support::training::{employee, setup};
use test_support::{Answer, PersonBuilder, StatusCode, TestApp, spawn_app};

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

async fn upload(
    app: &TestApp,
    token: &str,
    class: &str,
    mode: &str,
    ct: &str,
    body: Vec<u8>,
) -> Answer {
    let path = format!("/api/v1/classes/{class}/enrolment-imports?mode={mode}");
    app.upload(reqwest::Method::POST, token, &path, ct, body)
        .await
}

fn lines(a: &Answer) -> Vec<u64> {
    a.body["rejected"]
        .as_array()
        .map(|r| r.iter().map(|x| x["line"].as_u64().unwrap()).collect())
        .unwrap_or_default()
}

async fn enrolled_in(app: &TestApp, class: &str) -> usize {
    let staff = app.token("assoc.staff").await;
    let all = app.get(&staff, "/api/v1/enrolments?limit=200").await;
    all.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["class_id"] == class)
        .count()
}

async fn person_at(app: &TestApp, org: uuid::Uuid, n: u16) -> (String, String, String) {
    let admin = app.token("admin").await;
    let b = PersonBuilder::numbered(org, n).build();
    let p = app.post(&admin, "/api/v1/persons", &b).await;
    assert_eq!(p.status, StatusCode::CREATED, "{:?}", p.body);
    (
        p.body["id"].as_str().unwrap().to_owned(),
        b["name"].as_str().unwrap().to_owned(),
        b["national_id"].as_str().unwrap().to_owned(),
    )
}

#[tokio::test]
async fn tr_08_a_json_batch_reports_every_bad_row_and_writes_nothing_unless_asked() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let a = employee(&app, 1).await;
    let b = employee(&app, 2).await;
    let (foreign_employee, _, _) = person_at(&app, app.orgs.institution, 3).await;
    let unknown = uuid::Uuid::now_v7().to_string();
    let body = |mode: &str| {
        BatchBuilder::new(&s.class, [a.as_str(), &b, &unknown, &a, &foreign_employee])
            .mode(mode)
            .build()
    };

    let all = app
        .post(
            &s.officer,
            "/api/v1/enrolment-batches",
            &body("all_or_nothing"),
        )
        .await;
    assert_eq!(
        all.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{:?}",
        all.body
    );
    assert_eq!(all.body["type"], "urn:seforce:problem:import-rejected");
    assert_eq!(lines(&all), vec![3, 4, 5], "{:?}", all.body);
    // Each row's reason in Chinese and in English, apart.
    for row in all.body["rejected"].as_array().unwrap() {
        let (zh, en) = (
            row["reason"].as_str().unwrap(),
            row["reason_en"].as_str().unwrap(),
        );
        assert!(!zh.is_empty() && !en.is_empty(), "{row:?}");
        assert!(!zh.contains(" / ") && !en.contains(" / "), "{row:?}");
    }
    // Each row names its person where one is on file (the unknown id names nobody), with
    // the ID number masked.
    let named: Vec<(bool, bool)> = all.body["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["name"].is_string(),
                r["national_id"]
                    .as_str()
                    .is_some_and(|i| i.contains("********")),
            )
        })
        .collect();
    assert_eq!(
        named,
        vec![(false, false), (true, true), (true, true)],
        "{:?}",
        all.body
    );
    assert_eq!(enrolled_in(&app, &s.class).await, 0, "nothing written");

    let good = app
        .post(&s.officer, "/api/v1/enrolment-batches", &body("good_rows"))
        .await;
    assert_eq!(good.status, StatusCode::OK, "{:?}", good.body);
    assert_eq!(good.body["enrolled"].as_array().unwrap().len(), 2);
    assert_eq!(good.body["enrolled"][0]["status"], "submitted");
    assert_eq!(lines(&good), vec![3, 4, 5]);
    assert_eq!(enrolled_in(&app, &s.class).await, 2);

    // A clean batch goes through whole; the same persons again are each reported.
    let c = employee(&app, 4).await;
    let clean = app
        .post(
            &s.officer,
            "/api/v1/enrolment-batches",
            &BatchBuilder::new(&s.class, [&c]).build(),
        )
        .await;
    assert_eq!(clean.status, StatusCode::OK, "{:?}", clean.body);
    let again = app
        .post(
            &s.officer,
            "/api/v1/enrolment-batches",
            &BatchBuilder::new(&s.class, [&a, &c]).build(),
        )
        .await;
    assert_eq!(lines(&again), vec![1, 2]);

    // Wrong callers and other tenants.
    assert_eq!(
        app.post(&s.manager, "/api/v1/enrolment-batches", &body("good_rows"))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let far = app.token("foreign.ent.officer").await;
    assert_eq!(
        app.post(&far, "/api/v1/enrolment-batches", &body("good_rows"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.post(
            &s.officer,
            "/api/v1/enrolment-batches",
            &BatchBuilder::new(&s.class, json!([])).build()
        )
        .await
        .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        app.post(
            &s.officer,
            "/api/v1/enrolment-batches",
            &BatchBuilder::new(&s.class, [&a]).set("x", 1).build()
        )
        .await
        .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        app.post(
            &s.officer,
            "/api/v1/enrolment-batches",
            &BatchBuilder::new("nope", [&a]).build()
        )
        .await
        .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
}

#[tokio::test]
async fn tr_08_a_sheet_import_reports_lines_in_csv_and_xlsx() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let (_, n1, id1) = person_at(&app, app.orgs.enterprise, 11).await;
    let (_, n2, id2) = person_at(&app, app.orgs.enterprise, 12).await;
    let mut bad_digit = id2.clone();
    let last = bad_digit.pop().unwrap();
    bad_digit.push(if last == '0' { '1' } else { '0' });
    let csv = format!(
        "姓名,身份证号\n{n1},{id1}\n{n2},{bad_digit}\n别人,{id2}\n无名,{}\n",
        directory::demo::national_id("430104", time::macros::date!(1990 - 01 - 01), 499)
    );
    let all = upload(
        &app,
        &s.officer,
        &s.class,
        "all_or_nothing",
        "text/csv",
        csv.clone().into_bytes(),
    )
    .await;
    assert_eq!(
        all.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{:?}",
        all.body
    );
    assert_eq!(lines(&all), vec![3, 4, 5], "{:?}", all.body);
    assert_eq!(all.body["rejected"][1]["field"], "姓名");
    assert_eq!(enrolled_in(&app, &s.class).await, 0);
    let good = upload(
        &app,
        &s.officer,
        &s.class,
        "good_rows",
        "text/csv",
        csv.into_bytes(),
    )
    .await;
    assert_eq!(good.status, StatusCode::OK, "{:?}", good.body);
    assert_eq!(good.body["enrolled"].as_array().unwrap().len(), 1);
    assert_eq!(enrolled_in(&app, &s.class).await, 1);

    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (r, row) in [["姓名", "身份证号"], [n2.as_str(), id2.as_str()]]
        .iter()
        .enumerate()
    {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, *v).unwrap();
        }
    }
    let x = upload(
        &app,
        &s.officer,
        &s.class,
        "all_or_nothing",
        XLSX,
        wb.save_to_buffer().unwrap(),
    )
    .await;
    assert_eq!(x.status, StatusCode::OK, "{:?}", x.body);
    assert_eq!(enrolled_in(&app, &s.class).await, 2);

    assert_eq!(
        upload(
            &app,
            &s.officer,
            &s.class,
            "good_rows",
            "text/plain",
            b"x".to_vec()
        )
        .await
        .status,
        StatusCode::UNSUPPORTED_MEDIA_TYPE
    );
    assert_eq!(
        upload(
            &app,
            &s.officer,
            &s.class,
            "good_rows",
            XLSX,
            b"PK\x03\x04junk".to_vec()
        )
        .await
        .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        upload(
            &app,
            &s.officer,
            &s.class,
            "good_rows",
            "text/csv",
            b"a,b\n1,2\n".to_vec()
        )
        .await
        .status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "missing columns"
    );
    assert_eq!(
        upload(
            &app,
            &s.officer,
            &s.class,
            "bogus",
            "text/csv",
            b"x".to_vec()
        )
        .await
        .status,
        StatusCode::BAD_REQUEST
    );
    let far = app.token("foreign.ent.officer").await;
    assert_eq!(
        upload(&app, &far, &s.class, "good_rows", "text/csv", b"x".to_vec())
            .await
            .status
            .as_u16()
            / 100,
        4
    );
}

#[tokio::test]
async fn tr_08_a_practitioner_enrols_themself_and_only_the_association_confirms() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let token = app.token("practitioner").await;
    let me = app.get(&token, "/api/v1/me").await.body["user"]["id"].clone();
    let admin = app.token("admin").await;
    let own = app
        .post(
            &admin,
            "/api/v1/persons",
            &PersonBuilder::numbered(app.orgs.institution, 21)
                .set("user_id", me)
                .build(),
        )
        .await;
    assert_eq!(own.status, StatusCode::CREATED, "{:?}", own.body);
    let other = employee(&app, 22).await;
    // Someone else's enrolment: the practitioner is no officer.
    let not_mine = app
        .post(
            &token,
            "/api/v1/enrolments",
            &EnrolmentBuilder::new(&s.class, &other).build(),
        )
        .await;
    assert_eq!(not_mine.status, StatusCode::UNPROCESSABLE_ENTITY);
    let e = app
        .post(
            &token,
            "/api/v1/enrolments",
            &EnrolmentBuilder::new(&s.class, &own.body["id"]).build(),
        )
        .await;
    assert_eq!(e.status, StatusCode::CREATED, "{:?}", e.body);
    assert_eq!(e.body["status"], "approved", "no enterprise approval step");
    assert_eq!(e.body["enterprise_id"], serde_json::Value::Null);
    let id = e.body["id"].as_str().unwrap();
    // No enterprise is involved: its manager cannot see it.
    let m = app
        .post(
            &s.manager,
            &format!("/api/v1/enrolments/{id}/approval"),
            &ApprovalBuilder::approve().build(),
        )
        .await;
    assert_eq!(m.status, StatusCode::NOT_FOUND);
    let self_confirm = app
        .post(
            &token,
            &format!("/api/v1/enrolments/{id}/confirmation"),
            &json!(null),
        )
        .await;
    assert_eq!(self_confirm.status, StatusCode::FORBIDDEN);
    let c = app
        .post(
            &s.staff,
            &format!("/api/v1/enrolments/{id}/confirmation"),
            &json!(null),
        )
        .await;
    assert_eq!(c.status, StatusCode::OK, "{:?}", c.body);
    assert_eq!(c.body["status"], "confirmed");
}

/// The enrolment import template is served to training officers (who enrol) and refused to
/// others; it holds the two columns the import reads.
#[tokio::test]
async fn tr_08_the_enrolment_import_template_is_served_to_officers() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let get = |token: String| {
        let app = &app;
        async move {
            app.send(
                app.client
                    .get(app.url("/api/v1/enrolment-import-template"))
                    .bearer_auth(token),
            )
            .await
        }
    };
    let officer = get(s.officer.clone()).await;
    assert_eq!(officer.status, StatusCode::OK, "{:?}", officer.body);
    assert!(officer.bytes.starts_with(b"PK"), "an XLSX (zip) workbook");
    let finance = get(s.finance.clone()).await;
    assert_eq!(finance.status, StatusCode::FORBIDDEN, "{:?}", finance.body);
}

/// TR-08: a JSON batch names 1 to 1000 persons. A thousand is taken (each unknown person is
/// a reported row); a thousand and one, or none, is refused as a whole, with the count.
#[tokio::test]
async fn tr_08_a_json_batch_names_one_to_a_thousand_persons() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let unknown = |n: usize| (0..n).map(|_| uuid::Uuid::now_v7()).collect::<Vec<_>>();
    let send = async |ids: Vec<uuid::Uuid>| {
        app.post(
            &s.officer,
            "/api/v1/enrolment-batches",
            &BatchBuilder::new(&s.class, ids).mode("good_rows").build(),
        )
        .await
    };
    let thousand = send(unknown(1000)).await;
    assert_eq!(thousand.status, StatusCode::OK, "{:?}", thousand.body);
    assert_eq!(lines(&thousand).len(), 1000);
    for ids in [unknown(1001), vec![]] {
        let refused = send(ids).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        let e = &refused.body["errors"][0];
        assert_eq!(
            (&e["pointer"], &e["code"], &e["message_en"]),
            (
                &json!("/person_ids"),
                &json!("count"),
                &json!("must have 1–1000 items")
            ),
            "{:?}",
            refused.body
        );
    }
    assert_eq!(enrolled_in(&app, s.class.as_str()).await, 0);
}
