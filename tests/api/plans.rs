//! The annual plan over HTTP (TR-06): drafted for next year, overdue from 1 January 00:00
//! Asia/Shanghai while still a draft, published on a public page that needs no login.

use serde_json::json;
use test_support::builders::PlanBuilder;
use test_support::training::{cancelled, new_class, setup};
use test_support::{StatusCode, TestApp, spawn_app};
use time::macros::datetime;

async fn public_get(app: &TestApp, path: &str) -> test_support::Answer {
    app.send(app.client.get(app.url(path))).await
}

#[tokio::test]
async fn tr_06_a_draft_plan_is_overdue_from_new_year_midnight_in_shanghai() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let assoc = app.orgs.association;
    let drafted = app
        .post(
            &s.staff,
            "/api/v1/plans",
            &PlanBuilder::new(assoc, 2027).build(),
        )
        .await;
    assert_eq!(drafted.status, StatusCode::CREATED, "{:?}", drafted.body);
    assert_eq!(drafted.body["status"], "draft");
    assert_eq!(drafted.body["publish_due"], "2027-01-01");
    let id = drafted.body["id"].as_str().unwrap().to_owned();

    // A class starting in 2027 joins the plan; one starting in 2026 does not.
    let class_2027 = new_class(
        &app,
        &s.staff,
        &s.course,
        datetime!(2027-03-10 09:00 +8),
        40,
    )
    .await;
    let added = app
        .post(
            &s.staff,
            &format!("/api/v1/plans/{id}/classes"),
            &json!({"class_id": class_2027}),
        )
        .await;
    assert_eq!(added.status, StatusCode::OK, "{:?}", added.body);
    assert_eq!(added.body["classes"][0]["id"], class_2027.as_str());
    let wrong_year = app
        .post(
            &s.staff,
            &format!("/api/v1/plans/{id}/classes"),
            &json!({"class_id": s.class}),
        )
        .await;
    assert_eq!(wrong_year.status, StatusCode::UNPROCESSABLE_ENTITY);

    // The draft is not public.
    assert_eq!(
        public_get(&app, &format!("/api/v1/public/plans/{id}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    // 31 December 23:59 Shanghai: not overdue yet.
    app.clock.set(datetime!(2026-12-31 23:59 +8));
    let staff = app.token("assoc.staff").await;
    let before = app.get(&staff, &format!("/api/v1/plans/{id}")).await;
    assert_eq!(before.body["overdue"], false, "{:?}", before.body);
    // 1 January 00:00 Shanghai (still 31 December 16:00 UTC): overdue.
    app.clock.set(datetime!(2027-01-01 00:00 +8));
    let staff = app.token("assoc.staff").await;
    let after = app.get(&staff, &format!("/api/v1/plans/{id}")).await;
    assert_eq!(after.body["overdue"], true, "{:?}", after.body);
    let overview = app
        .get(&staff, &format!("/api/v1/plans?association_id={assoc}"))
        .await;
    assert_eq!(overview.body["current_year"], 2027);
    assert_eq!(
        overview.body["current_year_overdue"], true,
        "{:?}",
        overview.body
    );

    // Publishing clears the flag and puts the plan on the public page (no token).
    let published = app
        .post(
            &staff,
            &format!("/api/v1/plans/{id}/publication"),
            &json!(null),
        )
        .await;
    assert_eq!(published.status, StatusCode::OK, "{:?}", published.body);
    assert_eq!(published.body["overdue"], false);
    let again = app
        .post(
            &staff,
            &format!("/api/v1/plans/{id}/publication"),
            &json!(null),
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    let page = public_get(&app, &format!("/api/v1/public/plans/{id}")).await;
    assert_eq!(page.status, StatusCode::OK, "{:?}", page.body);
    assert_eq!(page.body["complaint_phone"], "0731-88888888");
    assert_eq!(page.body["fees"][1]["item"], "考试费");
    assert_eq!(
        page.body["classes"][0]["course_name"],
        "燃气管道安全技术规范"
    );
    assert_eq!(page.body["classes"][0]["training_fee"], 80000);
    assert_eq!(page.body["classes"][0]["exam_fee"], 20000);
    assert!(
        page.body.get("overdue").is_none(),
        "the deadline is internal"
    );
    let list = public_get(
        &app,
        &format!("/api/v1/public/plans?association_id={assoc}&year=2027"),
    )
    .await;
    assert_eq!(list.body["items"].as_array().map(Vec::len), Some(1));
    let overview = app
        .get(&staff, &format!("/api/v1/plans?association_id={assoc}"))
        .await;
    assert_eq!(overview.body["current_year_overdue"], false);
}

#[tokio::test]
async fn tr_06_no_plan_at_all_is_overdue_only_from_new_year() {
    let app = spawn_app().await;
    let path = format!("/api/v1/plans?association_id={}", app.orgs.association);
    // This year's (2026) plan, published late; nothing drafted for 2027.
    let staff = app.token("assoc.staff").await;
    let late = app
        .post(
            &staff,
            "/api/v1/plans",
            &PlanBuilder::new(app.orgs.association, 2026).build(),
        )
        .await;
    assert_eq!(late.body["overdue"], true, "{:?}", late.body);
    let id = late.body["id"].as_str().unwrap();
    let p = app
        .post(
            &staff,
            &format!("/api/v1/plans/{id}/publication"),
            &json!(null),
        )
        .await;
    assert_eq!(p.body["overdue"], false, "{:?}", p.body);
    app.clock.set(datetime!(2026-12-31 23:59 +8));
    let staff = app.token("assoc.staff").await;
    assert_eq!(
        app.get(&staff, &path).await.body["current_year_overdue"],
        false
    );
    app.clock.set(datetime!(2027-01-01 00:00 +8));
    let staff = app.token("assoc.staff").await;
    let after = app.get(&staff, &path).await;
    assert_eq!(after.body["current_year_overdue"], true, "{:?}", after.body);
}

#[tokio::test]
async fn the_plans_page_newest_year_first_with_the_overdue_flag_on_every_page() {
    let app = spawn_app().await;
    let assoc = app.orgs.association;
    // A plan is drafted for this year or the next: two now, the third a year on.
    for (now, year) in [
        (datetime!(2026-11-22 10:00 +8), 2026),
        (datetime!(2026-11-22 10:00 +8), 2027),
        (datetime!(2027-06-01 10:00 +8), 2028),
    ] {
        app.clock.set(now);
        let staff = app.token("assoc.staff").await;
        let d = app
            .post(
                &staff,
                "/api/v1/plans",
                &PlanBuilder::new(assoc, year).build(),
            )
            .await;
        assert_eq!(d.status, StatusCode::CREATED, "{:?}", d.body);
    }
    let staff = app.token("assoc.staff").await;
    let path = format!("/api/v1/plans?association_id={assoc}&limit=2");
    let first = app.get(&staff, &path).await;
    assert_eq!(first.status, StatusCode::OK, "{:?}", first.body);
    let years = |a: &test_support::Answer| -> Vec<i64> {
        a.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["year"].as_i64().unwrap())
            .collect()
    };
    assert_eq!(years(&first), [2028, 2027]);
    let cursor = first.body["next_cursor"].as_str().unwrap();
    let second = app.get(&staff, &format!("{path}&cursor={cursor}")).await;
    assert_eq!(years(&second), [2026]);
    assert_eq!(second.body["next_cursor"], serde_json::Value::Null);
    for page in [&first, &second] {
        assert_eq!(page.body["current_year"], 2027);
        assert_eq!(
            page.body["current_year_overdue"], true,
            "drafted, not published"
        );
    }
    let stranger = kernel::page::encode_cursor(uuid::Uuid::now_v7());
    let stranger = app.get(&staff, &format!("{path}&cursor={stranger}")).await;
    assert_eq!(
        stranger.status,
        StatusCode::BAD_REQUEST,
        "{:?}",
        stranger.body
    );
}

#[tokio::test]
async fn plan_input_errors_are_4xx_problems() {
    let app = spawn_app().await;
    let staff = app.token("assoc.staff").await;
    let assoc = app.orgs.association;
    // Publishing needs the fee publicity.
    let bare = PlanBuilder::new(assoc, 2027)
        .set("fees", json!([]))
        .set("complaint_phone", "")
        .build();
    let d = app.post(&staff, "/api/v1/plans", &bare).await;
    assert_eq!(d.status, StatusCode::CREATED, "{:?}", d.body);
    let id = d.body["id"].as_str().unwrap();
    let p = app
        .post(
            &staff,
            &format!("/api/v1/plans/{id}/publication"),
            &json!(null),
        )
        .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(p.content_type(), "application/problem+json");
    // One plan per year.
    assert_eq!(
        app.post(
            &staff,
            "/api/v1/plans",
            &PlanBuilder::new(assoc, 2027).build()
        )
        .await
        .status,
        StatusCode::CONFLICT
    );
    // A year too far, a negative amount, an unknown field.
    assert_eq!(
        app.post(
            &staff,
            "/api/v1/plans",
            &PlanBuilder::new(assoc, 2030).build()
        )
        .await
        .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let mut neg = PlanBuilder::new(assoc, 2026).build();
    neg["fees"][0]["amount"] = json!(-1);
    let n = app.post(&staff, "/api/v1/plans", &neg).await;
    assert_eq!(
        n.body["errors"][0]["pointer"], "/fees/0/amount",
        "{:?}",
        n.body
    );
    let extra = PlanBuilder::new(assoc, 2026)
        .set("status", "published")
        .build();
    assert_eq!(
        app.post(&staff, "/api/v1/plans", &extra).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    // The foreign association's staff cannot draft here; the public page of an unknown id is 404.
    let foreign = app.token("foreign.assoc.staff").await;
    assert_eq!(
        app.post(
            &foreign,
            "/api/v1/plans",
            &PlanBuilder::new(assoc, 2026).build()
        )
        .await
        .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        app.get(&foreign, &format!("/api/v1/plans/{id}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        public_get(&app, "/api/v1/public/plans/not-a-uuid")
            .await
            .status
            .as_u16()
            / 100,
        4
    );
    assert_eq!(
        public_get(&app, "/api/v1/public/plans?year=abc")
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
}

/// The ids `GET /api/v1/classes` answers, in order, for a token (or none).
async fn class_ids(app: &TestApp, token: Option<&str>) -> Vec<String> {
    let req = app.client.get(app.url("/api/v1/classes"));
    let a = app
        .send(match token {
            Some(t) => req.bearer_auth(t),
            None => req,
        })
        .await;
    assert_eq!(a.status, StatusCode::OK, "{:?}", a.body);
    a.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn tr_06_the_public_class_list_shows_published_plans_only_callers_also_their_associations() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await; // its class is in no plan
    let assoc = app.orgs.association;
    let plan = |year: i32| {
        let (app, staff) = (&app, &s.staff);
        async move {
            let p = app
                .post(
                    staff,
                    "/api/v1/plans",
                    &PlanBuilder::new(assoc, year).build(),
                )
                .await;
            assert_eq!(p.status, StatusCode::CREATED, "{:?}", p.body);
            p.body["id"].as_str().unwrap().to_owned()
        }
    };
    let list_in = async |plan: &str, class: &str| {
        let a = app
            .post(
                &s.staff,
                &format!("/api/v1/plans/{plan}/classes"),
                &json!({"class_id": class}),
            )
            .await;
        assert_eq!(a.status, StatusCode::OK, "{:?}", a.body);
    };
    // In a draft plan: not public.
    let draft = plan(2026).await;
    let drafted = new_class(
        &app,
        &s.staff,
        &s.course,
        datetime!(2026-12-10 09:00 +8),
        30,
    )
    .await;
    list_in(&draft, &drafted).await;
    // In a published plan: public, unless cancelled.
    let published = plan(2027).await;
    let open = new_class(
        &app,
        &s.staff,
        &s.course,
        datetime!(2027-03-10 09:00 +8),
        30,
    )
    .await;
    let gone = new_class(
        &app,
        &s.staff,
        &s.course,
        datetime!(2027-04-10 09:00 +8),
        30,
    )
    .await;
    list_in(&published, &open).await;
    list_in(&published, &gone).await;
    let p = app
        .post(
            &s.staff,
            &format!("/api/v1/plans/{published}/publication"),
            &json!(null),
        )
        .await;
    assert_eq!(p.status, StatusCode::OK, "{:?}", p.body);
    cancelled(&app, &s.staff, &gone).await;

    let public = vec![open.to_string()];
    let ours = vec![
        s.class.to_string(),
        drafted.to_string(),
        open.to_string(),
        gone.to_string(),
    ];
    assert_eq!(class_ids(&app, None).await, public, "anonymous");
    // The association's staff and the people of its members see all of its classes.
    for login in ["assoc.staff", "finance", "ent.officer", "practitioner"] {
        assert_eq!(
            class_ids(&app, Some(&app.token(login).await)).await,
            ours,
            "{login}"
        );
    }
    assert_eq!(
        class_ids(&app, Some(&app.token("admin").await)).await,
        ours,
        "the platform admin sees every class (there are no others here)"
    );
    // Another tenant and a regulator see only what is public.
    for login in [
        "foreign.assoc.staff",
        "foreign.ent.officer",
        "regulator.province",
    ] {
        assert_eq!(
            class_ids(&app, Some(&app.token(login).await)).await,
            public,
            "{login}"
        );
    }
    // A token that is sent must be valid: 401, not a quietly public answer.
    let bad = app
        .send(
            app.client
                .get(app.url("/api/v1/classes"))
                .bearer_auth("not-a-token"),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNAUTHORIZED);
    assert!(bad.content_type().starts_with("application/problem+json"));
}

#[tokio::test]
async fn tr_06_a_published_plan_keeps_a_cancelled_or_begun_class_marked_not_open() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let assoc = app.orgs.association;
    let p = app
        .post(
            &s.staff,
            "/api/v1/plans",
            &PlanBuilder::new(assoc, 2027).build(),
        )
        .await;
    assert_eq!(p.status, StatusCode::CREATED, "{:?}", p.body);
    let plan = p.body["id"].as_str().unwrap().to_owned();
    let march = datetime!(2027-03-10 09:00 +8);
    let open = new_class(&app, &s.staff, &s.course, march, 30).await;
    let gone = new_class(&app, &s.staff, &s.course, march, 30).await;
    for c in [&open, &gone] {
        let a = app
            .post(
                &s.staff,
                &format!("/api/v1/plans/{plan}/classes"),
                &json!({"class_id": c}),
            )
            .await;
        assert_eq!(a.status, StatusCode::OK, "{:?}", a.body);
    }
    let published = app
        .post(
            &s.staff,
            &format!("/api/v1/plans/{plan}/publication"),
            &json!(null),
        )
        .await;
    assert_eq!(published.status, StatusCode::OK, "{:?}", published.body);
    cancelled(&app, &s.staff, &gone).await;

    let read = async || {
        let page = public_get(&app, &format!("/api/v1/public/plans/{plan}")).await;
        assert_eq!(page.status, StatusCode::OK, "{:?}", page.body);
        let list = public_get(
            &app,
            &format!("/api/v1/public/plans?association_id={assoc}"),
        )
        .await;
        assert_eq!(list.body["items"][0]["classes"], page.body["classes"]);
        page.body["classes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["id"].as_str().unwrap().to_owned(),
                    c["status"].as_str().unwrap().to_owned(),
                    c["open"].as_bool().unwrap(),
                )
            })
            .collect::<std::collections::BTreeSet<_>>()
    };
    let expect = |open_state: bool| {
        [
            (open.to_string(), "planned".to_owned(), open_state),
            (gone.to_string(), "cancelled".to_owned(), false),
        ]
        .into_iter()
        .collect::<std::collections::BTreeSet<_>>()
    };
    // Decision 32: the cancelled class stays on the published plan, marked, never open.
    app.clock.set(march - time::Duration::minutes(1));
    assert_eq!(read().await, expect(true), "a minute before its start");
    app.clock.set(march);
    assert_eq!(
        read().await,
        expect(false),
        "from its start it takes nobody"
    );
}
