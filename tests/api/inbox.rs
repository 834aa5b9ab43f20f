//! The screens' reads over HTTP: the approval inbox shows each role exactly what waits for it
//! (and nothing of another tenant), the action endpoint of an item moves it to the next role,
//! "my classes" shows the class notice only once the fee is paid (TR-08, TR-09), and the
//! course, class and enrolment lists stay inside the tenant.

use serde_json::{Value, json};
use std::collections::BTreeSet;
use test_support::builders::{
    AccountChangeBuilder, ApprovalBuilder, ClassBuilder, CourseBuilder, EnrolmentBuilder,
    LeaveBuilder, PaymentBuilder, SessionBuilder,
};
use test_support::people::{officer_and_manager, trainee, user_id};
use test_support::training::{
    approved, ask_refund, cancelled, confirmed, deferral_asked, employee, id, paid, session,
    set_head_teacher, setup, submitted,
};
use test_support::{PDF, PersonBuilder, StatusCode, TestApp, spawn_app};
use time::Duration;

/// The (kind, object id) pairs in the caller's inbox (all on the first page).
async fn inbox(app: &TestApp, token: &str) -> BTreeSet<(String, String)> {
    let a = app.get(token, "/api/v1/inbox?limit=200").await;
    assert_eq!(a.status, StatusCode::OK, "{:?}", a.body);
    assert_eq!(a.body["next_cursor"], Value::Null);
    a.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["kind"].as_str().unwrap().to_owned(),
                i["object_id"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn set(items: &[(&str, &str)]) -> BTreeSet<(String, String)> {
    items
        .iter()
        .map(|(k, o)| ((*k).to_owned(), (*o).to_owned()))
        .collect()
}

async fn step(app: &TestApp, token: &str, path: &str, body: Value) {
    let a = app.post(token, path, &body).await;
    assert!(a.status.is_success(), "{path}: {:?}", a.body);
}

/// A foreign-tenant enrolment in every waiting state, so that any leak shows up.
async fn foreign_noise(app: &TestApp) {
    let staff = app.token("foreign.assoc.staff").await;
    let course = app
        .post(
            &staff,
            "/api/v1/courses",
            &CourseBuilder::new(app.foreign.association)
                .set("name", "电梯安全管理")
                .set("equipment_categories", ["elevator"])
                .set("theory_hours", 8)
                .build(),
        )
        .await;
    assert_eq!(course.status, StatusCode::CREATED, "{:?}", course.body);
    let starts = kernel::Clock::now(&app.clock) + Duration::days(10);
    let class = app
        .post(
            &staff,
            "/api/v1/classes",
            &ClassBuilder::new(&id(&course), starts)
                .set("name", "深圳电梯班")
                .ends_at(starts + Duration::days(2))
                .set("venue", "深圳")
                .fees(50000, 10000)
                .build(),
        )
        .await;
    assert_eq!(class.status, StatusCode::CREATED, "{:?}", class.body);
    let admin = app.token("foreign.assoc.admin").await;
    let officer = app.token("foreign.ent.officer").await;
    let manager = app.token("foreign.ent.manager").await;
    for (n, stage) in [(451u16, 0), (452, 1), (453, 2)] {
        let p = app
            .post(
                &admin,
                "/api/v1/persons",
                &PersonBuilder::numbered(app.foreign.enterprise, n).build(),
            )
            .await;
        assert_eq!(p.status, StatusCode::CREATED, "{:?}", p.body);
        let e = app
            .post(
                &officer,
                "/api/v1/enrolments",
                &EnrolmentBuilder::new(id(&class), id(&p)).build(),
            )
            .await;
        let e = id(&e);
        if stage >= 1 {
            step(
                app,
                &manager,
                &format!("/api/v1/enrolments/{e}/approval"),
                ApprovalBuilder::approve().build(),
            )
            .await;
        }
        if stage >= 2 {
            step(
                app,
                &staff,
                &format!("/api/v1/enrolments/{e}/confirmation"),
                Value::Null,
            )
            .await;
        }
    }
}

#[tokio::test]
async fn each_role_sees_exactly_what_waits_for_it_and_nothing_of_another_tenant() {
    let app = spawn_app().await;
    foreign_noise(&app).await;
    let s = setup(&app, 30).await;
    let admin = app.token("assoc.admin").await;
    let head = app.token("head.teacher").await;
    let nobody = [
        "admin",
        "inst.admin",
        "ent.officer",
        "teacher",
        "evaluator",
        "regulator.province",
        "practitioner",
    ];

    // One enrolment at each step of TR-08.
    let submitted_e = submitted(&app, &s, 1).await;
    let approved_e = submitted(&app, &s, 2).await;
    step(
        &app,
        &s.manager,
        &format!("/api/v1/enrolments/{approved_e}/approval"),
        ApprovalBuilder::approve().build(),
    )
    .await;
    let confirmed_e = submitted(&app, &s, 3).await;
    step(
        &app,
        &s.manager,
        &format!("/api/v1/enrolments/{confirmed_e}/approval"),
        ApprovalBuilder::approve().build(),
    )
    .await;
    step(
        &app,
        &s.staff,
        &format!("/api/v1/enrolments/{confirmed_e}/confirmation"),
        Value::Null,
    )
    .await;
    // Paid enrolments with a deferral (TR-10) and refunds at each step of TR-14.
    let mut refunds = Vec::new();
    let mut deferrals = Vec::new();
    for n in 4..8u16 {
        let e = paid(&app, &s, n).await;
        deferrals.push(deferral_asked(&app, &s, &e).await.to_string());
        let r = ask_refund(&app, &s.officer, &e, "own_reason").await;
        assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
        refunds.push(id(&r));
    }
    // refunds[0] stays requested; [1] department-confirmed; [2] finance-confirmed; [3] approved.
    for (i, r) in refunds.iter().enumerate().skip(1) {
        step(
            &app,
            &s.staff,
            &format!("/api/v1/refunds/{r}/department-confirmation"),
            Value::Null,
        )
        .await;
        if i >= 2 {
            step(
                &app,
                &s.finance,
                &format!("/api/v1/refunds/{r}/finance-confirmation"),
                Value::Null,
            )
            .await;
        }
        if i >= 3 {
            step(
                &app,
                &admin,
                &format!("/api/v1/refunds/{r}/leader-approval"),
                Value::Null,
            )
            .await;
        }
    }
    // A session with a pending leave request for the head teacher (TR-16).
    let head_id = user_id(&app, "head.teacher").await;
    let put = set_head_teacher(&app, &s.staff, &s.class, &head_id).await;
    assert_eq!(put.status, StatusCode::NO_CONTENT, "{:?}", put.body);
    let session = session(&app, &s, SessionBuilder::new(s.starts_at)).await;
    let leave_for = paid(&app, &s, 8).await;
    let leave = app
        .post(
            &s.officer,
            &format!("/api/v1/sessions/{session}/leave-requests"),
            &LeaveBuilder::new(&leave_for).reason("病假").build(),
        )
        .await;
    assert_eq!(leave.status, StatusCode::CREATED, "{:?}", leave.body);
    let leave = id(&leave);

    assert_eq!(
        inbox(&app, &s.manager).await,
        set(&[("enrolment_approval", &submitted_e)])
    );
    assert_eq!(
        inbox(&app, &s.staff).await,
        set(&[
            ("enrolment_confirmation", &approved_e),
            ("refund_department_confirmation", &refunds[0]),
        ])
    );
    assert_eq!(
        inbox(&app, &s.finance).await,
        set(&[
            ("enrolment_payment", &confirmed_e),
            ("refund_finance_confirmation", &refunds[1]),
            ("refund_payout", &refunds[3]),
        ])
    );
    // The association admin heads the training department: confirmations, deferrals, the
    // leader's approval.
    let mut expected = set(&[
        ("enrolment_confirmation", &approved_e),
        ("refund_department_confirmation", &refunds[0]),
        ("refund_leader_approval", &refunds[2]),
    ]);
    expected.extend(
        deferrals
            .iter()
            .map(|d| ("deferral_approval".to_owned(), d.clone())),
    );
    assert_eq!(inbox(&app, &admin).await, expected);
    // Read one item a page, the inbox is the same list in the same order: kind by kind in
    // their declared order (confirmation, deferrals, refunds), each oldest first.
    let whole = app.get(&admin, "/api/v1/inbox?limit=200").await.body["items"].clone();
    assert_eq!(Value::Array(pages(&app, &admin, 1).await), whole);
    let kinds: Vec<&str> = whole
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["kind"].as_str().unwrap())
        .collect();
    let mut in_order = kinds.clone();
    in_order.dedup();
    assert_eq!(
        in_order,
        [
            "enrolment_confirmation",
            "deferral_approval",
            "refund_department_confirmation",
            "refund_leader_approval"
        ]
    );
    assert_eq!(inbox(&app, &head).await, set(&[("leave_decision", &leave)]));
    for login in nobody {
        let t = app.token(login).await;
        assert_eq!(inbox(&app, &t).await, set(&[]), "{login}");
    }
    // The foreign tenant sees its own waiting items and none of ours.
    let far = inbox(&app, &app.token("foreign.ent.manager").await).await;
    assert_eq!(far.len(), 1);
    assert!(!far.iter().any(|(_, o)| *o == submitted_e));
    assert_eq!(
        inbox(&app, &app.token("foreign.finance").await).await.len(),
        1
    );

    // An item carries what the screen shows and the endpoint that acts on it.
    let items = app.get(&s.finance, "/api/v1/inbox").await.body["items"].clone();
    let pay = items
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["kind"] == "enrolment_payment")
        .unwrap()
        .clone();
    assert_eq!(
        (
            pay["training_fee"].as_i64(),
            pay["exam_fee"].as_i64(),
            pay["class_name"].as_str(),
            pay["enterprise_name"].as_str(),
            pay["person_name"].as_str(),
        ),
        (
            Some(80000),
            Some(20000),
            Some("2027年第1期燃气管道培训班"),
            Some("长沙新奥燃气有限公司"),
            Some("测试人员3"),
        )
    );
    assert_eq!(
        pay["action"],
        json!({"method": "POST", "path": format!("/api/v1/enrolments/{confirmed_e}/payment")})
    );
    let f = PaymentBuilder::new().receipt("HN2026-INBOX").build();
    let done = app
        .post(&s.finance, pay["action"]["path"].as_str().unwrap(), &f)
        .await;
    assert_eq!(done.status, StatusCode::OK, "{:?}", done.body);
    assert!(
        !inbox(&app, &s.finance)
            .await
            .contains(&("enrolment_payment".to_owned(), confirmed_e.to_string())),
        "done items leave the inbox"
    );

    // The manager's approval moves the item to the association's inbox.
    let approve = app.get(&s.manager, "/api/v1/inbox").await.body["items"][0]["action"]["path"]
        .as_str()
        .unwrap()
        .to_owned();
    step(
        &app,
        &s.manager,
        &approve,
        ApprovalBuilder::approve().build(),
    )
    .await;
    assert_eq!(inbox(&app, &s.manager).await, set(&[]));
    assert!(
        inbox(&app, &s.staff)
            .await
            .contains(&("enrolment_confirmation".to_owned(), submitted_e.to_string()))
    );
}

#[tokio::test]
async fn tr_07_a_manager_does_not_see_their_own_submission_in_the_inbox() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let t = officer_and_manager(&app).await;
    let person = employee(&app, 2).await;
    let own = app
        .post(
            &t,
            "/api/v1/enrolments",
            &EnrolmentBuilder::new(&s.class, &person).build(),
        )
        .await;
    let own = id(&own);
    assert_eq!(inbox(&app, &t).await, set(&[]), "TR-07: not their own");
    assert_eq!(
        inbox(&app, &s.manager).await,
        set(&[("enrolment_approval", &own)])
    );
}

#[tokio::test]
async fn tr_08_my_classes_shows_the_class_notice_only_once_the_fee_is_paid() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let (me, person) = trainee(&app, 60).await;
    assert_eq!(
        app.get(&me, "/api/v1/me/classes").await.body["items"],
        json!([]),
        "nothing before an enrolment"
    );
    session(&app, &s, SessionBuilder::new(s.starts_at)).await;
    let e = app
        .post(
            &s.officer,
            "/api/v1/enrolments",
            &EnrolmentBuilder::new(&s.class, &person).build(),
        )
        .await;
    let e = id(&e);
    let mine = |status: &'static str| {
        let (app, me, e) = (&app, &me, &e);
        async move {
            let a = app.get(me, "/api/v1/me/classes").await;
            assert_eq!(a.status, StatusCode::OK, "{:?}", a.body);
            let list = a.body["items"].as_array().unwrap().clone();
            assert_eq!(list.len(), 1);
            assert_eq!(list[0]["enrolment_id"], json!(e));
            assert_eq!(list[0]["status"], status);
            list[0].clone()
        }
    };
    let before = mine("submitted").await;
    assert_eq!(before["notice"], Value::Null);
    assert_eq!(before["class"]["venue"], "长沙市岳麓区培训中心201室");
    assert_eq!(before["course_name"], "燃气管道安全技术规范");
    assert_eq!(before["sessions"].as_array().map(Vec::len), Some(1));
    step(
        &app,
        &s.manager,
        &format!("/api/v1/enrolments/{e}/approval"),
        ApprovalBuilder::approve().build(),
    )
    .await;
    step(
        &app,
        &s.staff,
        &format!("/api/v1/enrolments/{e}/confirmation"),
        Value::Null,
    )
    .await;
    assert_eq!(
        mine("confirmed").await["notice"],
        Value::Null,
        "TR-09: confirmed but unpaid — no notice yet"
    );
    step(
        &app,
        &s.finance,
        &format!("/api/v1/enrolments/{e}/payment"),
        PaymentBuilder::new().build(),
    )
    .await;
    let after = mine("paid").await;
    let notice = &after["notice"];
    assert_eq!(notice["venue"], "长沙市岳麓区培训中心201室");
    assert_eq!(
        notice["starts_at"].as_str().unwrap(),
        test_support::builders::instant(s.starts_at)
    );
    assert_eq!(notice["class_name"], "2027年第1期燃气管道培训班");
    assert!(notice["issued_at"].is_string());
    assert_eq!(after["sessions"][0]["attendance"], Value::Null);

    // Nobody else sees it as theirs; a machine client has no classes of its own.
    for login in ["practitioner", "foreign.practitioner", "ent.officer"] {
        let t = app.token(login).await;
        assert_eq!(
            app.get(&t, "/api/v1/me/classes").await.body["items"],
            json!([]),
            "{login}"
        );
    }
}

#[tokio::test]
async fn courses_classes_and_enrolments_stay_inside_the_tenant_and_page_by_cursor() {
    let app = spawn_app().await;
    foreign_noise(&app).await;
    let s = setup(&app, 30).await;
    let ids: Vec<String> = vec![
        submitted(&app, &s, 11).await.to_string(),
        submitted(&app, &s, 12).await.to_string(),
        submitted(&app, &s, 13).await.to_string(),
    ];
    step(
        &app,
        &s.manager,
        &format!("/api/v1/enrolments/{}/approval", ids[1]),
        ApprovalBuilder::approve().build(),
    )
    .await;

    let courses = app.get(&s.staff, "/api/v1/courses").await;
    assert_eq!(courses.status, StatusCode::OK, "{:?}", courses.body);
    let names: Vec<&str> = courses.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["燃气管道安全技术规范"],
        "the foreign course is not listed"
    );
    assert_eq!(
        courses.body["items"][0]["equipment_categories"],
        json!(["pressure_pipeline"])
    );
    let far_courses = app
        .get(&app.token("foreign.ent.officer").await, "/api/v1/courses")
        .await;
    assert_eq!(far_courses.body["items"][0]["name"], "电梯安全管理");
    assert_eq!(far_courses.body["items"].as_array().map(Vec::len), Some(1));

    let class = app
        .get(&s.officer, &format!("/api/v1/classes/{}", s.class))
        .await;
    assert_eq!(class.status, StatusCode::OK, "{:?}", class.body);
    assert_eq!(
        (
            class.body["class"]["training_fee"].as_i64(),
            class.body["course"]["name"].as_str()
        ),
        (Some(80000), Some("燃气管道安全技术规范"))
    );
    let far = app
        .get(
            &app.token("foreign.assoc.staff").await,
            &format!("/api/v1/classes/{}", s.class),
        )
        .await;
    assert_eq!(far.status, StatusCode::NOT_FOUND);
    let regulator = app
        .get(
            &app.token("regulator.province").await,
            &format!("/api/v1/classes/{}", s.class),
        )
        .await;
    assert_eq!(regulator.status, StatusCode::NOT_FOUND);

    // Three of ours, by id, one per page; the foreign tenant's are never listed.
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            None => "/api/v1/enrolments?limit=1".to_owned(),
            Some(c) => format!("/api/v1/enrolments?limit=1&cursor={c}"),
        };
        let page = app.get(&s.staff, &path).await;
        assert_eq!(page.status, StatusCode::OK, "{:?}", page.body);
        for i in page.body["items"].as_array().unwrap() {
            seen.push(i["id"].as_str().unwrap().to_owned());
            assert_eq!(i["enterprise_name"], "长沙新奥燃气有限公司");
        }
        match page.body["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    assert_eq!(seen, ids);
    let approved = app
        .get(&s.officer, "/api/v1/enrolments?status=approved")
        .await;
    assert_eq!(approved.body["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(approved.body["items"][0]["id"], json!(ids[1]));
    let by_class = app
        .get(
            &app.token("foreign.assoc.staff").await,
            &format!("/api/v1/enrolments?class_id={}", s.class),
        )
        .await;
    assert_eq!(
        by_class.status,
        StatusCode::NOT_FOUND,
        "another tenant's class is not a filter (decision 121)"
    );
    let far_all = app
        .get(&app.token("foreign.finance").await, "/api/v1/enrolments")
        .await;
    assert_eq!(far_all.body["items"].as_array().map(Vec::len), Some(3));
    for a in [
        app.get(&s.staff, "/api/v1/enrolments?status=lost").await,
        app.get(&s.staff, "/api/v1/enrolments?limit=0").await,
        app.get(&s.staff, "/api/v1/courses?cursor=%%%").await,
        app.get(&s.staff, "/api/v1/enrolments?class_id=nope").await,
    ] {
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{:?}", a.body);
    }
}

/// Every item of the caller's inbox, read `limit` at a time along `next_cursor`.
async fn pages(app: &TestApp, token: &str, limit: u64) -> Vec<Value> {
    let mut out = Vec::new();
    let mut cursor = String::new();
    loop {
        let a = app
            .get(
                token,
                &format!("/api/v1/inbox?limit={limit}&cursor={cursor}"),
            )
            .await;
        assert_eq!(a.status, StatusCode::OK, "{:?}", a.body);
        let items = a.body["items"].as_array().unwrap();
        assert!(items.len() as u64 <= limit);
        out.extend(items.iter().cloned());
        match a.body["next_cursor"].as_str() {
            Some(c) => cursor = c.to_owned(),
            None => return out,
        }
    }
}

#[tokio::test]
async fn the_inbox_pages_oldest_first_and_resumes_after_an_item_decided_meanwhile() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let mut waiting = Vec::new();
    for n in 100..125u16 {
        waiting.push(json!(submitted(&app, &s, n).await));
    }
    let first = app.get(&s.manager, "/api/v1/inbox?limit=10").await;
    assert_eq!(first.status, StatusCode::OK, "{:?}", first.body);
    let ids = |a: &test_support::Answer| -> Vec<Value> {
        a.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["object_id"].clone())
            .collect()
    };
    assert_eq!(ids(&first), waiting[..10], "oldest first");
    let cursor = first.body["next_cursor"].as_str().unwrap().to_owned();
    // The last item shown is decided before the next page is read: the page still starts
    // right after it.
    step(
        &app,
        &s.manager,
        &format!(
            "/api/v1/enrolments/{}/approval",
            waiting[9].as_str().unwrap()
        ),
        ApprovalBuilder::approve().build(),
    )
    .await;
    let second = app
        .get(
            &s.manager,
            &format!("/api/v1/inbox?limit=10&cursor={cursor}"),
        )
        .await;
    assert_eq!(ids(&second), waiting[10..20]);
    let third = app
        .get(
            &s.manager,
            &format!(
                "/api/v1/inbox?limit=10&cursor={}",
                second.body["next_cursor"].as_str().unwrap()
            ),
        )
        .await;
    assert_eq!(
        (ids(&third), &third.body["next_cursor"]),
        (waiting[20..].to_vec(), &Value::Null)
    );
    assert_eq!(pages(&app, &s.manager, 7).await.len(), 24);
    for bad in ["cursor=%%%", "cursor=AAAA", "limit=0", "limit=201"] {
        let a = app.get(&s.manager, &format!("/api/v1/inbox?{bad}")).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{bad}: {:?}", a.body);
    }
}

#[tokio::test]
async fn tr_08_a_cancelled_class_leaves_the_confirmation_and_payment_inboxes() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let approved = approved(&app, &s, 1).await;
    let confirmed = confirmed(&app, &s, 2).await;
    assert_eq!(
        inbox(&app, &s.staff).await,
        set(&[("enrolment_confirmation", &approved)])
    );
    assert_eq!(
        inbox(&app, &s.finance).await,
        set(&[("enrolment_payment", &confirmed)])
    );
    cancelled(&app, &s.staff, &s.class).await;
    assert_eq!(
        inbox(&app, &s.staff).await,
        set(&[]),
        "no confirmation any more"
    );
    assert_eq!(inbox(&app, &s.finance).await, set(&[]), "no fee any more");
    assert_eq!(inbox(&app, &app.token("assoc.admin").await).await, set(&[]));
}

#[tokio::test]
async fn tr_08_a_class_that_began_leaves_the_confirmation_inbox_but_still_takes_the_fee() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let approved = approved(&app, &s, 1).await;
    let confirmed = confirmed(&app, &s, 2).await;
    // One minute before the start the association can still confirm (tokens are fetched
    // again: the clock moved past the earlier ones' expiry).
    app.clock.set(s.starts_at - Duration::minutes(1));
    let staff = app.token("assoc.staff").await;
    assert_eq!(
        inbox(&app, &staff).await,
        set(&[("enrolment_confirmation", &approved)])
    );
    // From the start on it cannot; finance still takes the fee (decision 25).
    app.clock.set(s.starts_at);
    let staff = app.token("assoc.staff").await;
    let finance = app.token("finance").await;
    assert_eq!(inbox(&app, &staff).await, set(&[]));
    let refused = app
        .post(
            &staff,
            &format!("/api/v1/enrolments/{approved}/confirmation"),
            &Value::Null,
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.body["rule"], "TR-08");
    assert_eq!(
        inbox(&app, &finance).await,
        set(&[("enrolment_payment", &confirmed)])
    );
    step(
        &app,
        &finance,
        &format!("/api/v1/enrolments/{confirmed}/payment"),
        PaymentBuilder::new().build(),
    )
    .await;
}

/// Files a change letter for `enterprise` by its manager, uploading its file if `upload`.
async fn change_letter(
    app: &TestApp,
    enterprise: uuid::Uuid,
    prefix: &str,
    upload: bool,
) -> String {
    let officer = user_id(app, &format!("{prefix}ent.officer")).await;
    let manager = user_id(app, &format!("{prefix}ent.manager")).await;
    let m = app.token(&format!("{prefix}ent.manager")).await;
    let c = app
        .post(
            &m,
            &format!("/api/v1/enterprises/{enterprise}/account-changes"),
            &AccountChangeBuilder::new([&officer], &manager).build(),
        )
        .await;
    assert_eq!(c.status, StatusCode::CREATED, "{:?}", c.body);
    let c = id(&c);
    if upload {
        let up = app
            .put_file(
                &m,
                &format!("/api/v1/account-changes/{c}/letter"),
                "application/pdf",
                PDF.to_vec(),
            )
            .await;
        assert_eq!(up.status, StatusCode::OK, "{:?}", up.body);
    }
    c
}

#[tokio::test]
async fn tr_07_an_uploaded_change_letter_waits_for_the_association_staff_until_acknowledged() {
    let app = spawn_app().await;
    let foreign = change_letter(&app, app.foreign.enterprise, "foreign.", true).await;
    let ours = change_letter(&app, app.orgs.enterprise, "", false).await;
    let staff = app.token("assoc.staff").await;
    let admin = app.token("assoc.admin").await;
    assert_eq!(
        inbox(&app, &staff).await,
        set(&[]),
        "without its file the letter cannot be acknowledged yet"
    );
    let m = app.token("ent.manager").await;
    let up = app
        .put_file(
            &m,
            &format!("/api/v1/account-changes/{ours}/letter"),
            "application/pdf",
            PDF.to_vec(),
        )
        .await;
    assert_eq!(up.status, StatusCode::OK, "{:?}", up.body);
    let waiting = set(&[("change_letter_acknowledgement", &ours)]);
    assert_eq!(inbox(&app, &staff).await, waiting);
    assert_eq!(inbox(&app, &admin).await, waiting);
    for login in [
        "finance",
        "ent.manager",
        "ent.officer",
        "regulator.province",
    ] {
        assert_eq!(
            inbox(&app, &app.token(login).await).await,
            set(&[]),
            "{login}"
        );
    }
    assert_eq!(
        inbox(&app, &app.token("foreign.assoc.staff").await).await,
        set(&[("change_letter_acknowledgement", &foreign)]),
        "each association sees its own enterprises' letters only"
    );

    let item = app.get(&staff, "/api/v1/inbox").await.body["items"][0].clone();
    assert_eq!(item["enterprise_id"], json!(app.orgs.enterprise));
    assert_eq!(item["enterprise_name"], "长沙新奥燃气有限公司");
    assert_eq!(item["enrolment_id"], Value::Null);
    assert_eq!(item["person_name"], Value::Null);
    assert_eq!(item["status"], "pending");
    assert_eq!(
        item["action"],
        json!({"method": "POST", "path": format!("/api/v1/account-changes/{ours}/acknowledgement")})
    );
    step(
        &app,
        &staff,
        item["action"]["path"].as_str().unwrap(),
        Value::Null,
    )
    .await;
    assert_eq!(inbox(&app, &staff).await, set(&[]), "acknowledged: done");
}
