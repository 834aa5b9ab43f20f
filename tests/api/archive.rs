//! The class archive over HTTP (TR-18): due five working days after results are out, with the
//! calendar's holidays and make-up working days; uploads checked; exports in XLSX and PDF.

use serde_json::json;
use test_support::builders::{CalendarDayBuilder, ResultBuilder};
use test_support::ids::EnrolmentId;
use test_support::rule;
use test_support::training::{mark, paid, submitted, with_sessions};
use test_support::{Answer, StatusCode, TestApp, spawn_app};
use time::Duration;
use time::macros::datetime;

async fn put_file(app: &TestApp, token: &str, path: &str, ct: &str, body: Vec<u8>) -> Answer {
    app.upload(reqwest::Method::PUT, token, path, ct, body)
        .await
}

#[tokio::test]
async fn tr_18_archive_due_five_working_days_after_results() {
    let app = spawn_app().await;
    // Two days earlier than usual, so that the class has ended (2026-12-03) by the Friday
    // its results come out.
    app.clock
        .set(test_support::start_instant() - Duration::days(2));
    let (mut s, enrolment, _sessions, _head) = with_sessions(&app, 601).await;
    let class = s.class.clone();
    s.travel(&app, s.ends_at()).await;
    let r = app
        .post(
            &s.staff,
            &format!("/api/v1/classes/{class}/results"),
            &ResultBuilder::passed(&enrolment, 86).build(),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    assert_eq!(
        app.post(
            &s.staff,
            &format!("/api/v1/classes/{class}/results"),
            &ResultBuilder::passed(&enrolment, 101).build()
        )
        .await
        .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );

    // Results out on Friday 2026-12-04 → due the next Friday.
    app.clock.set(datetime!(2026-12-04 10:00 +8));
    let staff = app.token("assoc.staff").await;
    let out = app
        .post(
            &staff,
            &format!("/api/v1/classes/{class}/results/release"),
            &json!(null),
        )
        .await;
    assert_eq!(out.status, StatusCode::OK, "{:?}", out.body);
    assert_eq!(out.body["results_out_on"], "2026-12-04");
    assert_eq!(out.body["due_on"], "2026-12-11");
    let archive = format!("/api/v1/classes/{class}/archive");

    // Day 5 (Friday 23:59) not overdue; day 6 (Saturday 00:00) overdue.
    app.clock.set(datetime!(2026-12-11 23:59 +8));
    let staff = app.token("assoc.staff").await;
    assert_eq!(app.get(&staff, &archive).await.body["overdue"], false);
    app.clock.set(datetime!(2026-12-12 00:00 +8));
    let staff = app.token("assoc.staff").await;
    assert_eq!(app.get(&staff, &archive).await.body["overdue"], true);

    // A holiday on Tuesday pushes it one working day (to Monday); a make-up working day on the
    // Saturday (platform calendar) brings it to that Saturday.
    let h = app
        .post(
            &staff,
            "/api/v1/calendar-days",
            &CalendarDayBuilder::holiday(app.orgs.association, "2026-12-08", "测试假日").build(),
        )
        .await;
    assert_eq!(h.status, StatusCode::CREATED, "{:?}", h.body);
    let a = app.get(&staff, &archive).await;
    assert_eq!(
        (a.body["due_on"].as_str(), a.body["overdue"].as_bool()),
        (Some("2026-12-14"), Some(false)),
        "{:?}",
        a.body
    );
    // Staff may not edit the platform calendar; the platform admin may.
    let w = CalendarDayBuilder::holiday(app.orgs.association, "2026-12-12", "调休上班")
        .without("association_id")
        .set("kind", "workday")
        .build();
    assert_eq!(
        app.post(&staff, "/api/v1/calendar-days", &w).await.status,
        StatusCode::FORBIDDEN
    );
    let admin = app.token("admin").await;
    assert_eq!(
        app.post(&admin, "/api/v1/calendar-days", &w).await.status,
        StatusCode::CREATED
    );
    let a = app.get(&staff, &archive).await;
    assert_eq!(a.body["due_on"], "2026-12-12", "{:?}", a.body);
    assert_eq!(a.body["overdue"], false);
    app.clock.set(datetime!(2026-12-13 00:00 +8));
    let staff = app.token("assoc.staff").await;
    assert_eq!(app.get(&staff, &archive).await.body["overdue"], true);

    // The six items: three generated from the records, three uploaded. Then it is complete.
    for kind in ["timetable", "attendance_sheet", "score_sheet"] {
        let g = app
            .post(
                &staff,
                &format!("{archive}/{kind}/generation"),
                &json!(null),
            )
            .await;
        assert_eq!(g.status, StatusCode::OK, "{kind}: {:?}", g.body);
    }
    let upload_only = app
        .post(
            &staff,
            &format!("{archive}/training_agreement/generation"),
            &json!(null),
        )
        .await;
    assert_eq!(upload_only.status, StatusCode::UNPROCESSABLE_ENTITY);
    let pdf = b"%PDF-1.4\n% scanned agreement\n".to_vec();
    for kind in ["training_agreement", "opening_notice"] {
        let u = put_file(
            &app,
            &staff,
            &format!("{archive}/{kind}"),
            "application/pdf",
            pdf.clone(),
        )
        .await;
        assert_eq!(u.status, StatusCode::OK, "{:?}", u.body);
    }
    // Wrong type, lying bytes, too large.
    assert_eq!(
        put_file(
            &app,
            &staff,
            &format!("{archive}/certificate_receipt_sheet"),
            "text/html",
            b"<p>".to_vec()
        )
        .await
        .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        put_file(
            &app,
            &staff,
            &format!("{archive}/certificate_receipt_sheet"),
            "image/png",
            pdf.clone()
        )
        .await
        .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let mut big = b"%PDF-".to_vec();
    big.resize(10 * 1024 * 1024 + 1, b' ');
    assert_eq!(
        put_file(
            &app,
            &staff,
            &format!("{archive}/certificate_receipt_sheet"),
            "application/pdf",
            big
        )
        .await
        .status,
        StatusCode::PAYLOAD_TOO_LARGE
    );
    assert_eq!(
        put_file(
            &app,
            &staff,
            &format!("{archive}/no_such_item"),
            "application/pdf",
            pdf.clone()
        )
        .await
        .status
        .as_u16()
            / 100,
        4
    );
    let png = b"\x89PNG\r\n\x1a\nrest".to_vec();
    let last = put_file(
        &app,
        &staff,
        &format!("{archive}/certificate_receipt_sheet"),
        "image/png",
        png.clone(),
    )
    .await;
    assert_eq!(last.body["complete"], true, "{:?}", last.body);
    assert_eq!(
        last.body["overdue"], false,
        "a complete archive is not overdue"
    );
    let back = app
        .get(&staff, &format!("{archive}/certificate_receipt_sheet/file"))
        .await;
    assert_eq!(back.bytes, png);
    let generated = app
        .get(&staff, &format!("{archive}/attendance_sheet/file"))
        .await;
    assert!(generated.bytes.starts_with(b"%PDF-"));

    // Another tenant sees nothing.
    let foreign = app.token("foreign.assoc.staff").await;
    assert_eq!(
        app.get(&foreign, &archive).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn tr_18_timetable_and_attendance_sheet_export_to_xlsx_and_pdf() {
    let app = spawn_app().await;
    let (s, _enrolment, _sessions, _head) = with_sessions(&app, 611).await;
    for sheet in ["timetable", "attendance-sheet"] {
        let x = app
            .get(
                &s.staff,
                &format!("/api/v1/classes/{}/{sheet}?format=xlsx", s.class),
            )
            .await;
        assert_eq!(x.status, StatusCode::OK);
        assert!(x.bytes.starts_with(b"PK\x03\x04"), "{sheet} xlsx");
        let p = app
            .get(
                &s.staff,
                &format!("/api/v1/classes/{}/{sheet}?format=pdf", s.class),
            )
            .await;
        assert_eq!(p.status, StatusCode::OK, "{:?}", p.body);
        assert_eq!(p.content_type(), "application/pdf");
        assert!(p.bytes.starts_with(b"%PDF-"), "{sheet} pdf");
        // The CJK font is embedded (subset), so Chinese renders without a reader's fonts.
        let text = String::from_utf8_lossy(&p.bytes);
        assert!(
            text.contains("FontFile") || text.contains("/Font"),
            "{sheet}: a font is embedded"
        );
        if let Ok(dir) = std::env::var("SEFORCE_KEEP_PDF") {
            std::fs::write(format!("{dir}/{sheet}.pdf"), &p.bytes).unwrap();
        }
        let bad = app
            .get(
                &s.staff,
                &format!("/api/v1/classes/{}/{sheet}?format=doc", s.class),
            )
            .await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    }
}

/// EX-11 with TR-17 and TR-09: a result is entered only for a trainee eligible for the exam, so
/// nobody ineligible gets a pass that would then count as continuing education (CE-03). One
/// unexcused absence keeps eligibility and the result is accepted; two lose it and the result is
/// refused as TR-17; an unpaid trainee's result is refused as TR-09. Only the accepted result
/// shows on the class.
#[tokio::test]
async fn tr_17_a_result_needs_exam_eligibility_one_unexcused_absence_is_accepted_two_are_refused() {
    let app = spawn_app().await;
    let (mut s, one_absence, sessions, _) = with_sessions(&app, 611).await;
    let two_absences = paid(&app, &s, 612).await;
    let unpaid = submitted(&app, &s, 613).await;
    for (day, session) in sessions[..2].iter().enumerate() {
        let head = s.travel(&app, s.during_session(day as i64)).await;
        if day == 0 {
            let m = mark(&app, &head, session, &one_absence, "absent").await;
            assert_eq!(m.body["status"], "absent", "{:?}", m.body);
        }
        let m = mark(&app, &head, session, &two_absences, "absent").await;
        assert_eq!(m.body["status"], "absent", "{:?}", m.body);
    }
    s.travel(&app, s.ends_at()).await;
    let result = |enrolment: EnrolmentId| {
        let staff = s.staff.clone();
        let class = s.class.clone();
        let app = &app;
        async move {
            app.post(
                &staff,
                &format!("/api/v1/classes/{class}/results"),
                &ResultBuilder::passed(&enrolment, 90).build(),
            )
            .await
        }
    };
    let accepted = result(one_absence.clone()).await;
    assert_eq!(accepted.status, StatusCode::CREATED, "{:?}", accepted.body);
    let refused = result(two_absences.clone()).await;
    assert_eq!(
        (refused.status, rule(&refused)),
        (StatusCode::UNPROCESSABLE_ENTITY, "TR-17"),
        "{:?}",
        refused.body
    );
    let refused = result(unpaid).await;
    assert_eq!(
        (refused.status, rule(&refused)),
        (StatusCode::UNPROCESSABLE_ENTITY, "TR-09"),
        "{:?}",
        refused.body
    );
    let class = app
        .get(&s.staff, &format!("/api/v1/classes/{}", s.class))
        .await;
    let results = class.body["results"].as_array().unwrap();
    assert_eq!(results.len(), 1, "{:?}", class.body);
    assert_eq!(results[0]["enrolment_id"], one_absence.as_str());
}

#[tokio::test]
async fn tr_18_a_removed_or_changed_calendar_day_moves_the_archive_due_date_back() {
    let app = spawn_app().await;
    // The class has ended (2026-12-03) by the Friday its results come out.
    app.clock
        .set(test_support::start_instant() - Duration::days(2));
    let (mut s, enrolment, _sessions, _head) = with_sessions(&app, 611).await;
    let class = s.class.clone();
    s.travel(&app, s.ends_at()).await;
    let r = app
        .post(
            &s.staff,
            &format!("/api/v1/classes/{class}/results"),
            &ResultBuilder::passed(&enrolment, 86).build(),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    app.clock.set(datetime!(2026-12-04 10:00 +8));
    let staff = app.token("assoc.staff").await;
    let out = app
        .post(
            &staff,
            &format!("/api/v1/classes/{class}/results/release"),
            &json!(null),
        )
        .await;
    assert_eq!(out.status, StatusCode::OK, "{:?}", out.body);
    let archive = format!("/api/v1/classes/{class}/archive");
    let due = async || app.get(&staff, &archive).await.body["due_on"].clone();
    // A Tuesday holiday pushes the due Friday to Monday.
    let h = app
        .post(
            &staff,
            "/api/v1/calendar-days",
            &CalendarDayBuilder::holiday(app.orgs.association, "2026-12-08", "测试假日").build(),
        )
        .await;
    assert_eq!(h.status, StatusCode::CREATED, "{:?}", h.body);
    let day = format!("/api/v1/calendar-days/{}", h.body["id"].as_str().unwrap());
    assert_eq!(due().await, "2026-12-14");

    // Finance reads the calendar but does not edit it; another association's staff do not
    // see the entry; a bad body is a field error.
    let change = json!({"kind": "workday", "name": "改为工作日"});
    for (login, status) in [
        ("finance", StatusCode::FORBIDDEN),
        ("foreign.assoc.staff", StatusCode::NOT_FOUND),
        ("ent.officer", StatusCode::NOT_FOUND),
    ] {
        let t = app.token(login).await;
        let put = app
            .send(app.client.put(app.url(&day)).bearer_auth(&t).json(&change))
            .await;
        assert_eq!(put.status, status, "{login}");
        let del = app
            .send(app.client.delete(app.url(&day)).bearer_auth(&t))
            .await;
        assert_eq!(del.status, status, "{login}");
    }
    let bad = app
        .send(
            app.client
                .put(app.url(&day))
                .bearer_auth(&staff)
                .json(&json!({"kind": "holiday", "name": " "})),
        )
        .await;
    assert_eq!(
        bad.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{:?}",
        bad.body
    );
    assert_eq!(due().await, "2026-12-14", "refusals change nothing");

    // Changed into a (pointless) make-up working day on a Tuesday: an ordinary working day.
    let put = app
        .send(
            app.client
                .put(app.url(&day))
                .bearer_auth(&staff)
                .json(&change),
        )
        .await;
    assert_eq!(put.status, StatusCode::OK, "{:?}", put.body);
    assert_eq!(put.body["kind"], "workday");
    assert_eq!(due().await, "2026-12-11");
    // Back to a holiday, then removed: the due date moves back by the working day.
    let put = app
        .send(
            app.client
                .put(app.url(&day))
                .bearer_auth(&staff)
                .json(&json!({"kind": "holiday", "name": "测试假日"})),
        )
        .await;
    assert_eq!(put.status, StatusCode::OK, "{:?}", put.body);
    assert_eq!(due().await, "2026-12-14");
    let del = app
        .send(app.client.delete(app.url(&day)).bearer_auth(&staff))
        .await;
    assert_eq!(del.status, StatusCode::NO_CONTENT, "{:?}", del.body);
    assert_eq!(due().await, "2026-12-11");
    let again = app
        .send(app.client.delete(app.url(&day)).bearer_auth(&staff))
        .await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    let list = app
        .get(
            &staff,
            &format!(
                "/api/v1/calendar-days?association_id={}",
                app.orgs.association
            ),
        )
        .await;
    assert!(
        !list.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["day"] == "2026-12-08"),
        "{:?}",
        list.body
    );

    // Each change is audited with what it replaced.
    let admin = app.token("admin").await;
    let audit = app
        .get(&admin, "/api/v1/audit?object_type=calendar_day&limit=50")
        .await;
    let actions: Vec<&str> = audit.body["items"]
        .as_array()
        .map(|a| a.iter().filter_map(|e| e["action"].as_str()).collect())
        .unwrap_or_default();
    for a in ["calendar.change_day", "calendar.remove_day"] {
        assert!(actions.contains(&a), "{a}: {:?}", audit.body);
    }
}

/// The ids `GET /api/v1/classes?{query}` lists for `token` (none: without a bearer token).
async fn listed(app: &TestApp, token: Option<&str>, query: &str) -> Vec<String> {
    let req = app.client.get(app.url(&format!("/api/v1/classes?{query}")));
    let a = app
        .send(match token {
            Some(t) => req.bearer_auth(t),
            None => req,
        })
        .await;
    assert_eq!(a.status, StatusCode::OK, "{query}: {:?}", a.body);
    a.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect()
}

/// `GET /classes?archive_overdue=true` (TR-18) lists the classes whose archive is overdue —
/// from the day after the fifth working day, until all six items are in — for the
/// association's training department (and the platform admin); the same answer as each
/// class's `GET /classes/{id}/archive`. Anyone else gets an empty list, the head teacher, the
/// other tenant's department and a caller without a token included.
#[tokio::test]
async fn tr_18_the_class_list_filters_overdue_archives() {
    let app = spawn_app().await;
    app.clock
        .set(test_support::start_instant() - Duration::days(2));
    let (mut s, enrolment, _sessions, _head) = with_sessions(&app, 602).await;
    let class = s.class.to_string();
    // A class of the same association whose results are not out: never overdue.
    let pending = test_support::training::new_class(
        &app,
        &s.staff,
        &s.course,
        s.starts_at - Duration::days(1),
        10,
    )
    .await
    .to_string();
    s.travel(&app, s.ends_at()).await;
    let r = app
        .post(
            &s.staff,
            &format!("/api/v1/classes/{class}/results"),
            &ResultBuilder::passed(&enrolment, 90).build(),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    // Results out on Friday 2026-12-04 → due Friday 2026-12-11.
    app.clock.set(datetime!(2026-12-04 10:00 +8));
    let staff = app.token("assoc.staff").await;
    let out = app
        .post(
            &staff,
            &format!("/api/v1/classes/{class}/results/release"),
            &json!(null),
        )
        .await;
    assert_eq!(out.body["due_on"], "2026-12-11", "{:?}", out.body);
    const OVERDUE: &str = "archive_overdue=true";

    app.clock.set(datetime!(2026-12-11 23:59 +8));
    let staff = app.token("assoc.staff").await;
    assert_eq!(
        listed(&app, Some(&staff), OVERDUE).await,
        Vec::<String>::new()
    );

    app.clock.set(datetime!(2026-12-12 00:00 +8));
    let staff = app.token("assoc.staff").await;
    assert_eq!(
        listed(&app, Some(&staff), OVERDUE).await,
        vec![class.clone()]
    );
    let archive = format!("/api/v1/classes/{class}/archive");
    assert_eq!(app.get(&staff, &archive).await.body["overdue"], true);
    // The filter narrows the others.
    assert_eq!(
        listed(
            &app,
            Some(&staff),
            &format!("{OVERDUE}&course_id={}", s.course)
        )
        .await,
        vec![class.clone()]
    );
    assert_eq!(
        listed(&app, Some(&staff), &format!("{OVERDUE}&status=cancelled")).await,
        Vec::<String>::new()
    );
    // `false` filters nothing.
    let all = listed(&app, Some(&staff), "archive_overdue=false&limit=200").await;
    assert!(all.contains(&class) && all.contains(&pending), "{all:?}");
    let admin = app.token("admin").await;
    assert_eq!(
        listed(&app, Some(&admin), OVERDUE).await,
        vec![class.clone()]
    );
    for login in [
        "head.teacher",
        "finance",
        "ent.officer",
        "foreign.assoc.staff",
    ] {
        let t = app.token(login).await;
        assert_eq!(
            listed(&app, Some(&t), OVERDUE).await,
            Vec::<String>::new(),
            "{login}"
        );
    }
    assert_eq!(listed(&app, None, OVERDUE).await, Vec::<String>::new());
    let bad = app.get(&staff, "/api/v1/classes?archive_overdue=yes").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{:?}", bad.body);

    // A holiday on the due day (the association's calendar) moves it to Monday: not overdue.
    let h = app
        .post(
            &staff,
            "/api/v1/calendar-days",
            &CalendarDayBuilder::holiday(app.orgs.association, "2026-12-11", "测试假日").build(),
        )
        .await;
    assert_eq!(h.status, StatusCode::CREATED, "{:?}", h.body);
    assert_eq!(
        listed(&app, Some(&staff), OVERDUE).await,
        Vec::<String>::new()
    );
    app.clock.set(datetime!(2026-12-15 00:00 +8));
    let staff = app.token("assoc.staff").await;
    assert_eq!(
        listed(&app, Some(&staff), OVERDUE).await,
        vec![class.clone()]
    );

    // All six items in: complete, no longer overdue.
    for kind in ["timetable", "attendance_sheet", "score_sheet"] {
        let g = app
            .post(
                &staff,
                &format!("{archive}/{kind}/generation"),
                &json!(null),
            )
            .await;
        assert_eq!(g.status, StatusCode::OK, "{kind}: {:?}", g.body);
    }
    for kind in ["training_agreement", "opening_notice"] {
        assert_eq!(
            listed(&app, Some(&staff), OVERDUE).await,
            vec![class.clone()],
            "still overdue before {kind}"
        );
        let u = put_file(
            &app,
            &staff,
            &format!("{archive}/{kind}"),
            "application/pdf",
            b"%PDF-1.4\n% scanned\n".to_vec(),
        )
        .await;
        assert_eq!(u.status, StatusCode::OK, "{:?}", u.body);
    }
    let last = put_file(
        &app,
        &staff,
        &format!("{archive}/certificate_receipt_sheet"),
        "image/png",
        b"\x89PNG\r\n\x1a\nrest".to_vec(),
    )
    .await;
    assert_eq!(last.body["complete"], true, "{:?}", last.body);
    assert_eq!(
        listed(&app, Some(&staff), OVERDUE).await,
        Vec::<String>::new()
    );
}

/// `GET /classes?head_teacher=me` lists the classes whose head teacher the caller is, and
/// nothing for anyone else (association staff who lead no class, a caller without a token).
#[tokio::test]
async fn the_class_list_filters_the_callers_classes_as_head_teacher() {
    let app = spawn_app().await;
    let (s, _enrolment, _sessions, head) = with_sessions(&app, 603).await;
    let class = s.class.to_string();
    let other = test_support::training::new_class(
        &app,
        &s.staff,
        &s.course,
        s.starts_at + Duration::days(5),
        10,
    )
    .await
    .to_string();
    let all = listed(&app, Some(&head), "limit=200").await;
    assert!(all.contains(&class) && all.contains(&other), "{all:?}");
    assert_eq!(
        listed(&app, Some(&head), "head_teacher=me").await,
        vec![class.clone()]
    );
    assert_eq!(
        listed(&app, Some(&head), "head_teacher=me&from=2026-12-03").await,
        Vec::<String>::new(),
        "and the other filters narrow it"
    );
    assert_eq!(
        listed(&app, Some(&s.staff), "head_teacher=me").await,
        Vec::<String>::new()
    );
    assert_eq!(
        listed(&app, None, "head_teacher=me").await,
        Vec::<String>::new()
    );
    let bad = app.get(&head, "/api/v1/classes?head_teacher=you").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{:?}", bad.body);
}
