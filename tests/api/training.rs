//! Training over HTTP: the enrolment chain (TR-07, TR-08, TR-09), deferral and substitution
//! deadlines at their boundaries (TR-10, TR-11), and capacity under concurrent confirmations.

use serde_json::{Value, json};
use test_support::builders::{
    ApprovalBuilder, CourseBuilder, DeferralBuilder, EnrolmentBuilder, LeaveBuilder,
    PaymentBuilder, ResultBuilder, SubstitutionBuilder,
};
use test_support::ids::{CourseId, SessionId};
use test_support::people::officer_and_manager;
use test_support::training::{
    cancelled, deferral_asked, employee, mark, new_class, paid, setup, submitted, with_sessions,
};
use test_support::{StatusCode, rule, spawn_app};
use time::Duration;

#[tokio::test]
async fn tr_08_the_whole_chain_ends_with_a_class_notice_and_eligibility() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let id = submitted(&app, &s, 1).await;
    let path = |step: &str| format!("/api/v1/enrolments/{id}/{step}");

    // Steps out of order are refused with TR-08.
    let early = app
        .post(&s.staff, &path("confirmation"), &json!(null))
        .await;
    assert_eq!(
        (early.status, rule(&early)),
        (StatusCode::UNPROCESSABLE_ENTITY, "TR-08")
    );
    assert_eq!(
        app.post(
            &s.manager,
            &path("approval"),
            &ApprovalBuilder::approve().build()
        )
        .await
        .status,
        StatusCode::OK
    );
    let unpaid = app.get(&s.staff, &path("eligibility")).await;
    assert_eq!(unpaid.body["eligible"], false);
    assert_eq!(unpaid.body["reasons"][0]["rule"], "TR-09");
    let too_early_pay = app
        .post(&s.finance, &path("payment"), &PaymentBuilder::new().build())
        .await;
    assert_eq!(rule(&too_early_pay), "TR-08");
    let confirmed = app
        .post(&s.staff, &path("confirmation"), &json!(null))
        .await;
    assert_eq!(
        confirmed.body["status"], "confirmed",
        "{:?}",
        confirmed.body
    );
    // Each step by its own role: the officer cannot confirm or pay.
    assert_eq!(
        app.post(&s.officer, &path("payment"), &PaymentBuilder::new().build())
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let wrong = PaymentBuilder::new().set("exam_fee", 0).build();
    let cheap = app.post(&s.finance, &path("payment"), &wrong).await;
    assert_eq!(
        (cheap.status, rule(&cheap)),
        (StatusCode::UNPROCESSABLE_ENTITY, "TR-08"),
        "the fee must equal the published one"
    );
    let paid = app
        .post(&s.finance, &path("payment"), &PaymentBuilder::new().build())
        .await;
    assert_eq!(paid.body["status"], "paid", "{:?}", paid.body);
    let twice = app
        .post(&s.finance, &path("payment"), &PaymentBuilder::new().build())
        .await;
    assert_eq!(rule(&twice), "TR-08", "no step is repeated");
    let eligible = app.get(&s.officer, &path("eligibility")).await;
    assert_eq!(eligible.body["eligible"], true);
    let notices = kernel::outbox::claim(&app.dir.db, kernel::Clock::now(&app.clock), 500)
        .await
        .unwrap();
    assert!(
        notices.iter().any(|n| n.topic == "training.class_notice"
            && n.payload["venue"] == "长沙市岳麓区培训中心201室")
    );
}

#[tokio::test]
async fn tr_07_the_officer_who_submitted_cannot_approve_but_the_manager_can() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let t = officer_and_manager(&app).await;
    let person = employee(&app, 2).await;
    let e = app
        .post(
            &t,
            "/api/v1/enrolments",
            &EnrolmentBuilder::new(&s.class, &person).build(),
        )
        .await;
    let id = e.body["id"].as_str().unwrap();
    let own = app
        .post(
            &t,
            &format!("/api/v1/enrolments/{id}/approval"),
            &ApprovalBuilder::approve().build(),
        )
        .await;
    assert_eq!(
        (own.status, rule(&own)),
        (StatusCode::UNPROCESSABLE_ENTITY, "TR-07")
    );
    let other = app
        .post(
            &s.manager,
            &format!("/api/v1/enrolments/{id}/approval"),
            &ApprovalBuilder::approve().build(),
        )
        .await;
    assert_eq!(other.body["status"], "approved", "{:?}", other.body);
}

#[tokio::test]
async fn tr_10_deferral_exactly_24_hours_before_is_accepted_23h59_is_refused() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let id = paid(&app, &s, 3).await;
    let (path, body) = (
        format!("/api/v1/enrolments/{id}/deferral"),
        DeferralBuilder::new()
            .reason("岗位调整,本期无法参加")
            .build(),
    );
    // Tokens live 15 minutes on the moved clock too: log in again after each move.
    app.clock
        .set(s.starts_at - Duration::hours(23) - Duration::minutes(59));
    let late = app
        .post(&app.token("ent.officer").await, &path, &body)
        .await;
    assert_eq!(
        (late.status, rule(&late)),
        (StatusCode::UNPROCESSABLE_ENTITY, "TR-10")
    );
    app.clock.set(s.starts_at - Duration::hours(24));
    let in_time = app
        .post(&app.token("ent.officer").await, &path, &body)
        .await;
    assert_eq!(in_time.status, StatusCode::CREATED, "{:?}", in_time.body);
    let request = in_time.body["id"].as_str().unwrap().to_owned();

    // The head of the training department moves it to a same-course class in the same year.
    let head = app.token("assoc.admin").await;
    let staff = app.token("assoc.staff").await;
    let other_course = CourseId::of(
        &app.post(
            &staff,
            "/api/v1/courses",
            &CourseBuilder::remote(app.orgs.association, "法律法规", "laws_and_regulations")
                .build(),
        )
        .await,
    );
    let wrong = new_class(
        &app,
        &staff,
        &other_course,
        s.starts_at + Duration::days(5),
        30,
    )
    .await;
    let refused = app
        .post(
            &head,
            &format!("/api/v1/enrolment-requests/{request}/approval"),
            &DeferralBuilder::into_class(&wrong),
        )
        .await;
    assert_eq!(rule(&refused), "TR-10", "only a class of the same course");
    let later = new_class(&app, &staff, &s.course, s.starts_at + Duration::days(5), 30).await;
    assert_eq!(
        app.post(
            &staff,
            &format!("/api/v1/enrolment-requests/{request}/approval"),
            &DeferralBuilder::into_class(&later)
        )
        .await
        .status,
        StatusCode::FORBIDDEN,
        "staff are not the department head"
    );
    let moved = app
        .post(
            &head,
            &format!("/api/v1/enrolment-requests/{request}/approval"),
            &DeferralBuilder::into_class(&later),
        )
        .await;
    assert_eq!(moved.body["class_id"], later.as_str(), "{:?}", moved.body);
    let classes = app.get(&staff, "/api/v1/classes").await;
    let seats = |cid: &str| {
        classes.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == cid)
            .unwrap()["seats_taken"]
            .as_i64()
            .unwrap()
    };
    assert_eq!(
        (seats(&s.class), seats(&later)),
        (0, 1),
        "the seat moved with the trainee"
    );
}

#[tokio::test]
async fn tr_11_substitution_exactly_24_hours_before_is_accepted_23h59_is_refused() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let id = paid(&app, &s, 4).await;
    let newcomer = employee(&app, 5).await;
    let (path, body) = (
        format!("/api/v1/enrolments/{id}/substitution"),
        SubstitutionBuilder::new(&newcomer).build(),
    );
    app.clock
        .set(s.starts_at - Duration::hours(23) - Duration::minutes(59));
    let late = app
        .post(&app.token("ent.officer").await, &path, &body)
        .await;
    assert_eq!(
        (late.status, rule(&late)),
        (StatusCode::UNPROCESSABLE_ENTITY, "TR-11")
    );
    app.clock.set(s.starts_at - Duration::hours(24));
    let ok = app
        .post(&app.token("ent.officer").await, &path, &body)
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{:?}", ok.body);
    assert_eq!(ok.body["person_id"], newcomer.as_str());
    assert_eq!(
        ok.body["status"], "paid",
        "the paid seat follows the new trainee"
    );
}

#[tokio::test]
async fn two_hundred_concurrent_confirmations_fill_thirty_seats_and_wait_list_the_rest() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let mut ids = Vec::new();
    for n in 0..200u16 {
        let id = submitted(&app, &s, 100 + n).await;
        let a = app
            .post(
                &s.manager,
                &format!("/api/v1/enrolments/{id}/approval"),
                &ApprovalBuilder::approve().build(),
            )
            .await;
        assert_eq!(a.status, StatusCode::OK);
        ids.push(id);
    }
    let confirmations = ids.iter().map(|id| {
        let path = format!("/api/v1/enrolments/{id}/confirmation");
        let (app, staff) = (&app, &s.staff);
        async move { app.post(staff, &path, &json!(null)).await }
    });
    let answers = futures_util::future::join_all(confirmations).await;
    let mut confirmed = 0;
    let mut waiting = 0;
    for a in &answers {
        assert_eq!(a.status, StatusCode::OK, "{:?}", a.body);
        match a.body["status"].as_str() {
            Some("confirmed") => confirmed += 1,
            Some("waitlisted") => waiting += 1,
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!((confirmed, waiting), (30, 170));
    let classes = app.get(&s.staff, "/api/v1/classes").await;
    assert_eq!(classes.body["items"][0]["seats_taken"], 30);
}

#[tokio::test]
async fn tr_10_a_deferral_stays_within_the_same_year() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let id = paid(&app, &s, 6).await;
    let request = deferral_asked(&app, &s, &id).await;
    // The class starts 2026-12-02; one on 2027-01-01 (Asia/Shanghai) is next year's.
    let next_year = new_class(
        &app,
        &s.staff,
        &s.course,
        time::macros::datetime!(2027-01-01 09:00 +8),
        30,
    )
    .await;
    let head = app.token("assoc.admin").await;
    let refused = app
        .post(
            &head,
            &format!("/api/v1/enrolment-requests/{request}/approval"),
            &DeferralBuilder::into_class(&next_year),
        )
        .await;
    assert_eq!(rule(&refused), "TR-10");
    let last_day = new_class(
        &app,
        &s.staff,
        &s.course,
        time::macros::datetime!(2026-12-31 23:00 +8),
        30,
    )
    .await;
    let moved = app
        .post(
            &head,
            &format!("/api/v1/enrolment-requests/{request}/approval"),
            &DeferralBuilder::into_class(&last_day),
        )
        .await;
    assert_eq!(moved.status, StatusCode::OK, "{:?}", moved.body);
}

#[tokio::test]
async fn tr_09_a_confirmed_but_unpaid_trainee_is_not_eligible_a_paid_one_is() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let unpaid = submitted(&app, &s, 7).await;
    app.post(
        &s.manager,
        &format!("/api/v1/enrolments/{unpaid}/approval"),
        &ApprovalBuilder::approve().build(),
    )
    .await;
    app.post(
        &s.staff,
        &format!("/api/v1/enrolments/{unpaid}/confirmation"),
        &json!(null),
    )
    .await;
    let e = app
        .get(
            &s.staff,
            &format!("/api/v1/enrolments/{unpaid}/eligibility"),
        )
        .await;
    assert_eq!(e.body["eligible"], false);
    assert_eq!(e.body["reasons"][0]["rule"], "TR-09");
    let paid = paid(&app, &s, 8).await;
    let e = app
        .get(&s.staff, &format!("/api/v1/enrolments/{paid}/eligibility"))
        .await;
    assert_eq!(
        (
            e.body["eligible"].as_bool(),
            e.body["reasons"].as_array().map(Vec::len)
        ),
        (Some(true), Some(0))
    );
}

#[tokio::test]
async fn tr_09_an_unpaid_trainee_cannot_be_marked_present_a_paid_one_can() {
    let app = spawn_app().await;
    let (mut s, paid_id, sessions, _) = with_sessions(&app, 20).await;
    let unpaid = submitted(&app, &s, 21).await;
    app.post(
        &s.manager,
        &format!("/api/v1/enrolments/{unpaid}/approval"),
        &ApprovalBuilder::approve().build(),
    )
    .await;
    app.post(
        &s.staff,
        &format!("/api/v1/enrolments/{unpaid}/confirmation"),
        &json!(null),
    )
    .await;
    let head = s.travel(&app, s.during_session(0)).await;
    let refused = mark(&app, &head, &sessions[0], &unpaid, "present").await;
    assert_eq!(
        (refused.status, rule(&refused)),
        (StatusCode::UNPROCESSABLE_ENTITY, "TR-09")
    );
    let ok = mark(&app, &head, &sessions[0], &paid_id, "present").await;
    assert_eq!(ok.body["status"], "present", "{:?}", ok.body);
    assert_eq!(
        mark(&app, &s.staff, &sessions[1], &paid_id, "present")
            .await
            .status,
        StatusCode::FORBIDDEN,
        "only the head teacher signs in"
    );
}

#[tokio::test]
async fn tr_16_leave_exactly_24_hours_before_the_session_is_accepted_23h59_is_refused() {
    let app = spawn_app().await;
    let (_, id, sessions, _) = with_sessions(&app, 22).await;
    let session_start = kernel::Clock::now(&app.clock) + Duration::days(11); // day 2 of the class
    let (path, body) = (
        format!("/api/v1/sessions/{}/leave-requests", sessions[1]),
        LeaveBuilder::new(&id).reason("家中有事").build(),
    );
    app.clock
        .set(session_start - Duration::hours(23) - Duration::minutes(59));
    let late = app
        .post(&app.token("ent.officer").await, &path, &body)
        .await;
    assert_eq!(
        (late.status, rule(&late)),
        (StatusCode::UNPROCESSABLE_ENTITY, "TR-16")
    );
    app.clock.set(session_start - Duration::hours(24));
    let ok = app
        .post(&app.token("ent.officer").await, &path, &body)
        .await;
    assert_eq!(ok.status, StatusCode::CREATED, "{:?}", ok.body);
}

#[tokio::test]
async fn tr_17_one_unexcused_absence_keeps_eligibility_two_lose_it_excused_ones_do_not_count() {
    let app = spawn_app().await;
    let (mut s, id, sessions, head) = with_sessions(&app, 23).await;
    let officer = app.token("ent.officer").await;
    let leave = app
        .post(
            &officer,
            &format!("/api/v1/sessions/{}/leave-requests", sessions[0]),
            &LeaveBuilder::new(&id).build(),
        )
        .await;
    let leave_id = leave.body["id"].as_str().unwrap();
    let decided = app
        .post(
            &head,
            &format!("/api/v1/leave-requests/{leave_id}/decision"),
            &json!({"approve": true}),
        )
        .await;
    assert_eq!(decided.body["status"], "approved", "{:?}", decided.body);
    let head = s.travel(&app, s.during_session(0)).await;
    assert_eq!(
        mark(&app, &head, &sessions[0], &id, "absent").await.body["status"],
        "excused"
    );
    let head = s.travel(&app, s.during_session(1)).await;
    assert_eq!(
        mark(&app, &head, &sessions[1], &id, "absent").await.body["status"],
        "absent"
    );

    let one = app
        .get(&s.officer, &format!("/api/v1/enrolments/{id}/eligibility"))
        .await;
    assert_eq!(
        one.body["eligible"], true,
        "one unexcused absence (plus one excused) keeps eligibility: {:?}",
        one.body
    );
    let head = s.travel(&app, s.during_session(2)).await;
    assert_eq!(
        mark(&app, &head, &sessions[2], &id, "absent").await.body["status"],
        "absent"
    );
    let two = app
        .get(&s.officer, &format!("/api/v1/enrolments/{id}/eligibility"))
        .await;
    assert_eq!(two.body["eligible"], false);
    assert_eq!(two.body["reasons"][0]["rule"], "TR-17");
}

/// TR-16 with TR-17: leave asked in time but approved only after the head teacher marked the
/// trainee absent still excuses that absence, and the eligibility follows. Leave refused after
/// the marking leaves the absence unexcused.
#[tokio::test]
async fn tr_16_leave_approved_after_the_absence_was_marked_excuses_it_and_eligibility_follows() {
    let app = spawn_app().await;
    let (mut s, id, sessions, _) = with_sessions(&app, 24).await;
    let officer = app.token("ent.officer").await;
    let mut leaves = Vec::new();
    for session in &sessions[..2] {
        let l = app
            .post(
                &officer,
                &format!("/api/v1/sessions/{session}/leave-requests"),
                &LeaveBuilder::new(&id).build(),
            )
            .await;
        assert_eq!(l.status, StatusCode::CREATED, "{:?}", l.body);
        leaves.push(l.body["id"].as_str().unwrap().to_owned());
    }
    // Marked before anyone decided the leave: both absences unexcused, eligibility lost.
    let mut head = String::new();
    for (day, session) in sessions[..2].iter().enumerate() {
        head = s.travel(&app, s.during_session(day as i64)).await;
        let m = mark(&app, &head, session, &id, "absent").await;
        assert_eq!(m.body["status"], "absent", "{:?}", m.body);
    }
    let officer = s.officer.clone();
    let eligibility = format!("/api/v1/enrolments/{id}/eligibility");
    let lost = app.get(&officer, &eligibility).await;
    assert_eq!(lost.body["eligible"], false, "{:?}", lost.body);
    assert_eq!(lost.body["reasons"][0]["rule"], "TR-17");
    let decide = |leave: String, approve: bool| {
        let head = head.clone();
        let app = &app;
        async move {
            let d = app
                .post(
                    &head,
                    &format!("/api/v1/leave-requests/{leave}/decision"),
                    &json!({"approve": approve}),
                )
                .await;
            assert_eq!(d.status, StatusCode::OK, "{:?}", d.body);
        }
    };
    let status_in = |session: SessionId| {
        let head = head.clone();
        let id = id.clone();
        let app = &app;
        async move {
            let list = app
                .get(&head, &format!("/api/v1/sessions/{session}/attendance"))
                .await;
            list.body["items"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["enrolment_id"] == id.as_str())
                .map(|r| r["status"].as_str().unwrap().to_owned())
        }
    };

    // Refused leave: the absence stays unexcused.
    decide(leaves[1].clone(), false).await;
    assert_eq!(
        status_in(sessions[1].clone()).await.as_deref(),
        Some("absent")
    );
    assert_eq!(
        app.get(&officer, &eligibility).await.body["eligible"],
        false
    );
    // Approved leave: the marked absence becomes excused, one unexcused absence is left.
    decide(leaves[0].clone(), true).await;
    assert_eq!(
        status_in(sessions[0].clone()).await.as_deref(),
        Some("excused")
    );
    let back = app.get(&officer, &eligibility).await;
    assert_eq!(back.body["eligible"], true, "{:?}", back.body);
}

#[tokio::test]
async fn a_course_for_an_unknown_association_is_a_field_error_not_a_server_error() {
    // Found by `make fuzz`: a platform admin naming an association that does not exist.
    let app = spawn_app().await;
    let admin = app.token("admin").await;
    let body = CourseBuilder::remote(uuid::Uuid::now_v7(), "x", "rules")
        .set("theory_hours", 1)
        .build();
    let r = app.post(&admin, "/api/v1/courses", &body).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", r.body);
    assert_eq!(r.body["errors"][0]["pointer"], "/association_id");
}

/// TR-02: a course names equipment categories from the eight of the regulation — all eight are
/// accepted, anything else is a field error and creates nothing.
#[tokio::test]
async fn tr_02_courses_name_only_the_eight_equipment_categories() {
    let app = spawn_app().await;
    let staff = app.token("assoc.staff").await;
    let course = |categories: Value| {
        CourseBuilder::remote(
            app.orgs.association,
            "特种设备安全法规",
            "laws_and_regulations",
        )
        .set("equipment_categories", categories)
        .set("delivery", "blended")
        .build()
    };
    let eight = json!([
        "boiler",
        "pressure_vessel",
        "pressure_pipeline",
        "elevator",
        "lifting_machinery",
        "passenger_ropeway",
        "large_amusement_facility",
        "in_plant_motor_vehicle"
    ]);
    let ok = app
        .post(&staff, "/api/v1/courses", &course(eight.clone()))
        .await;
    assert_eq!(ok.status, StatusCode::CREATED, "{:?}", ok.body);
    assert_eq!(ok.body["equipment_categories"], eight);

    let before = app.get(&staff, "/api/v1/courses").await;
    let bad = app
        .post(
            &staff,
            "/api/v1/courses",
            &course(json!(["boiler", "forklift"])),
        )
        .await;
    assert_eq!(
        bad.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{:?}",
        bad.body
    );
    assert!(
        bad.content_type().starts_with("application/problem+json"),
        "{}",
        bad.content_type()
    );
    let after = app.get(&staff, "/api/v1/courses").await;
    assert_eq!(
        before.body["items"], after.body["items"],
        "nothing was created"
    );
}

/// Steps bound to time: the head teacher's attendance list is taken on the session's day in
/// Beijing time (not the evening before, not the day after), and results are recorded once
/// the class has ended — both sides of each boundary.
#[tokio::test]
async fn attendance_is_taken_on_the_session_s_day_and_results_once_the_class_has_ended() {
    let app = spawn_app().await;
    let (mut s, first, sessions, _) = with_sessions(&app, 25).await;
    let second = paid(&app, &s, 26).await;
    let out_of_time = |a: &test_support::Answer, code: &str| {
        assert_eq!(a.status, StatusCode::CONFLICT, "{:?}", a.body);
        assert_eq!(a.body["code"], code, "{:?}", a.body);
        assert_eq!(
            a.body["type"],
            format!("urn:seforce:problem:{}", code.replace('_', "-"))
        );
    };
    let day = kernel::clock::shanghai_date(s.starts_at);
    let midnight = day.midnight().assume_offset(time::macros::offset!(+8));
    let head = s.travel(&app, midnight - Duration::seconds(1)).await;
    out_of_time(
        &mark(&app, &head, &sessions[0], &first, "present").await,
        "session_not_today",
    );
    let head = s.travel(&app, midnight).await;
    let on_the_day = mark(&app, &head, &sessions[0], &first, "present").await;
    assert_eq!(
        on_the_day.status,
        StatusCode::CREATED,
        "{:?}",
        on_the_day.body
    );
    let head = s
        .travel(&app, midnight + Duration::days(1) - Duration::seconds(1))
        .await;
    let last_second = mark(&app, &head, &sessions[0], &second, "absent").await;
    assert_eq!(
        last_second.status,
        StatusCode::CREATED,
        "{:?}",
        last_second.body
    );
    let head = s.travel(&app, midnight + Duration::days(1)).await;
    for session in [&sessions[0], &sessions[2]] {
        out_of_time(
            &mark(&app, &head, session, &second, "present").await,
            "session_not_today",
        );
    }

    let results = format!("/api/v1/classes/{}/results", s.class);
    let body = ResultBuilder::passed(&first, 80).build();
    s.travel(&app, s.ends_at() - Duration::seconds(1)).await;
    out_of_time(
        &app.post(&s.staff, &results, &body).await,
        "class_not_ended",
    );
    s.travel(&app, s.ends_at()).await;
    let recorded = app.post(&s.staff, &results, &body).await;
    assert_eq!(recorded.status, StatusCode::CREATED, "{:?}", recorded.body);
}

/// The class list pages like every list (capped `limit`, `next_cursor`) and filters by course,
/// start dates (Beijing days, both ends included) and status; a course of another tenant, or
/// none at all, is not found — as on every list.
#[tokio::test]
async fn classes_page_and_filter_by_course_dates_and_status() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await; // starts 2026-12-02 18:00 in Beijing
    let later = new_class(
        &app,
        &s.staff,
        &s.course,
        s.starts_at + Duration::days(30),
        30,
    )
    .await;
    let other_course = app
        .post(
            &s.staff,
            "/api/v1/courses",
            &CourseBuilder::new(app.orgs.association)
                .set("name", "压力容器基础知识")
                .build(),
        )
        .await;
    let other_course = CourseId::of(&other_course);
    new_class(&app, &s.staff, &other_course, s.starts_at, 30).await;
    cancelled(&app, &s.staff, &later).await;
    let ids = async |query: &str| -> Vec<String> {
        let a = app
            .get(
                &s.staff,
                &format!("/api/v1/classes?course_id={}&{query}", s.course),
            )
            .await;
        assert_eq!(a.status, StatusCode::OK, "{query}: {:?}", a.body);
        a.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let both = vec![s.class.clone(), later.clone()];
    assert_eq!(ids("").await, both, "this course's classes, soonest first");
    assert_eq!(ids("to=2026-12-02").await, vec![s.class.clone()]);
    assert_eq!(ids("to=2026-12-01").await, Vec::<String>::new());
    assert_eq!(
        ids("from=2026-12-02&to=2026-12-02").await,
        vec![s.class.clone()]
    );
    assert_eq!(ids("from=2026-12-03").await, vec![later.clone()]);
    assert_eq!(ids("status=cancelled").await, vec![later.clone()]);
    assert_eq!(ids("status=planned").await, vec![s.class.clone()]);

    // Pages of one, following the cursor.
    let first = app
        .get(
            &s.staff,
            &format!("/api/v1/classes?course_id={}&limit=1", s.course),
        )
        .await;
    assert_eq!(first.body["items"][0]["id"], s.class.as_str());
    let cursor = first.body["next_cursor"].as_str().unwrap().to_owned();
    let second = app
        .get(
            &s.staff,
            &format!(
                "/api/v1/classes?course_id={}&limit=1&cursor={cursor}",
                s.course
            ),
        )
        .await;
    assert_eq!(second.body["items"][0]["id"], later.as_str());
    assert_eq!(second.body["next_cursor"], Value::Null);
    for bad in [
        "limit=0",
        "limit=201",
        "cursor=nonsense",
        "status=open",
        "from=2026-13-01",
    ] {
        let a = app.get(&s.staff, &format!("/api/v1/classes?{bad}")).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{bad}: {:?}", a.body);
    }
    assert_eq!(
        app.get(&s.staff, "/api/v1/classes?limit=200").await.status,
        StatusCode::OK
    );

    // Another tenant's course, or no course: 404, not an empty page.
    let foreign = app.token("foreign.assoc.staff").await;
    let theirs = app
        .post(
            &foreign,
            "/api/v1/courses",
            &CourseBuilder::new(app.foreign.association).build(),
        )
        .await;
    let theirs = test_support::training::id(&theirs);
    for course in [theirs.clone(), uuid::Uuid::now_v7().to_string()] {
        let a = app
            .get(&s.staff, &format!("/api/v1/classes?course_id={course}"))
            .await;
        assert_eq!(a.status, StatusCode::NOT_FOUND, "{course}: {:?}", a.body);
    }
    assert_eq!(
        app.get(&foreign, &format!("/api/v1/classes?course_id={theirs}"))
            .await
            .status,
        StatusCode::OK,
        "their own course"
    );
}
