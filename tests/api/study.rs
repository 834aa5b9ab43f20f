//! Online self-study over HTTP (TR-03): units in order, a practitioner's own progress from a
//! phone, and a fully completed online course counted in the CE-03 ledger.

use serde_json::json;
use test_support::builders::{CeEntryBuilder, UnitBuilder};
use test_support::training::setup;
use test_support::{PersonBuilder, StatusCode, spawn_app};
use time::Duration;

#[tokio::test]
async fn tr_03_ce_03_online_units_count_once_every_unit_is_completed() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let units = format!("/api/v1/courses/{}/units", s.course);
    let u1 = app
        .post(
            &s.staff,
            &units,
            &UnitBuilder::new("第1讲 法规概述", 1).build(),
        )
        .await;
    assert_eq!(u1.status, StatusCode::CREATED, "{:?}", u1.body);
    let u2 = app
        .post(
            &s.staff,
            &units,
            &UnitBuilder::new("第2讲 事故案例", 2).build(),
        )
        .await;
    let (u1, u2) = (
        u1.body["id"].as_str().unwrap().to_owned(),
        u2.body["id"].as_str().unwrap().to_owned(),
    );
    assert_eq!(
        app.post(&s.staff, &units, &UnitBuilder::new("重复", 2).build())
            .await
            .status,
        StatusCode::CONFLICT
    );
    assert_eq!(
        app.post(
            &s.staff,
            &units,
            &UnitBuilder::new("零", 3).minutes(0).build()
        )
        .await
        .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        app.post(
            &s.officer,
            &units,
            &UnitBuilder::new("x", 4).minutes(5).build()
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.post(
            &app.token("foreign.assoc.staff").await,
            &units,
            &UnitBuilder::new("x", 4).minutes(5).build()
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );

    let token = app.token("practitioner").await;
    let me = app.get(&token, "/api/v1/me").await.body["user"]["id"].clone();
    let person = app
        .post(
            &app.token("admin").await,
            "/api/v1/persons",
            &PersonBuilder::numbered(app.orgs.institution, 31)
                .set("user_id", me)
                .build(),
        )
        .await;
    let person = person.body["id"].as_str().unwrap().to_owned();
    let listed = app.get(&token, &units).await;
    assert_eq!(listed.status, StatusCode::OK);
    assert_eq!(listed.body["items"].as_array().unwrap().len(), 2);
    assert_eq!(listed.body["items"][0]["position"], 1);
    // Logs in for each report: the clock moves past the 15-minute token lifetime below.
    let put = |unit: &str, secs: i64| {
        let path = format!("/api/v1/units/{unit}/progress");
        let app = &app;
        async move {
            let token = app.token("practitioner").await;
            app.send(
                app.client
                    .put(app.url(&path))
                    .bearer_auth(&token)
                    .json(&json!({"seconds_watched": secs})),
            )
            .await
        }
    };
    let ledger = format!("/api/v1/persons/{person}/ce-hours");
    // Both units started now; half an hour later each can have been watched through (TR-03).
    assert_eq!(put(&u1, 0).await.status, StatusCode::OK);
    assert_eq!(put(&u2, 0).await.status, StatusCode::OK);
    app.clock.advance(Duration::minutes(30));
    let token = app.token("practitioner").await;
    let staff = app.token("assoc.staff").await;
    let done1 = put(&u1, 1800).await;
    assert_eq!(done1.body["completed"], true, "{:?}", done1.body);
    let almost = put(&u2, 1799).await;
    assert_eq!(almost.body["completed"], false);
    let hours = app.get(&token, &ledger).await;
    assert_eq!(hours.body["hours"], 0, "one unit short: {:?}", hours.body);
    assert_eq!(put(&u2, 1800).await.body["completed"], true);
    let hours = app.get(&token, &ledger).await;
    assert_eq!(
        hours.body["hours"], 1,
        "every unit completed: {:?}",
        hours.body
    );
    assert_eq!(hours.body["entries"][0]["source"], "online_study");
    // CE-03 counts it once: the same online course recorded by hand is refused, other online
    // study is not.
    let course_name = hours.body["entries"][0]["title"]
        .as_str()
        .unwrap()
        .trim_start_matches("在线学习:")
        .to_owned();
    let by_hand = |title: &str| {
        CeEntryBuilder::session(&person, app.orgs.association, title, 1, "2026-11-01")
            .set("source", "online_study")
            .without("topic")
            .build()
    };
    let twice = app
        .post(&staff, "/api/v1/ce-hours", &by_hand(&course_name))
        .await;
    assert_eq!(
        (twice.status, twice.body["type"].as_str()),
        (
            StatusCode::CONFLICT,
            Some("urn:seforce:problem:already-counted")
        ),
        "{:?}",
        twice.body
    );
    assert_eq!(app.get(&token, &ledger).await.body["hours"], 1);
    let other = app
        .post(
            &staff,
            "/api/v1/ce-hours",
            &by_hand("协会网络学堂:新版安全技术规范"),
        )
        .await;
    assert_eq!(other.status, StatusCode::CREATED, "{:?}", other.body);
    // Progress never goes back; out of range is refused.
    assert_eq!(put(&u2, 100).await.body["seconds_watched"], 1800);
    assert_eq!(
        put(&u2, 1801).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(put(&u2, -1).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        app.get(&token, &units).await.body["items"][1]["seconds_watched"],
        1800
    );
    // Only a practitioner studies; another tenant's practitioner does not see the unit.
    let officer = app
        .send(
            app.client
                .put(app.url(&format!("/api/v1/units/{u1}/progress")))
                .bearer_auth(&app.token("ent.officer").await)
                .json(&json!({"seconds_watched": 10})),
        )
        .await;
    assert_eq!(officer.status, StatusCode::FORBIDDEN);
    let far = app.token("foreign.practitioner").await;
    let far_put = app
        .send(
            app.client
                .put(app.url(&format!("/api/v1/units/{u1}/progress")))
                .bearer_auth(&far)
                .json(&json!({"seconds_watched": 10})),
        )
        .await;
    assert_eq!(far_put.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get(&far, &units).await.status, StatusCode::NOT_FOUND);
    let bad_json = app
        .send(
            app.client
                .put(app.url(&format!("/api/v1/units/{u1}/progress")))
                .bearer_auth(&token)
                .header("content-type", "application/json")
                .body("{\"seconds_watched\": "),
        )
        .await;
    assert_eq!(bad_json.status, StatusCode::BAD_REQUEST);
}

/// TR-03 with CE-03: progress cannot run ahead of the server's clock. The first report starts
/// the unit and may be at most 30 s ahead (the leeway); later ones at most the seconds since
/// that start plus the leeway. Reporting the whole hour at once is refused and records nothing;
/// the unit completes — and its hour counts — only once an hour (less the leeway) has passed.
#[tokio::test]
async fn tr_03_progress_cannot_run_ahead_of_the_time_since_the_unit_was_started() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let units = format!("/api/v1/courses/{}/units", s.course);
    let unit = app
        .post(
            &s.staff,
            &units,
            &UnitBuilder::new("第1讲 气瓶充装安全", 1)
                .minutes(60)
                .build(),
        )
        .await;
    assert_eq!(unit.status, StatusCode::CREATED, "{:?}", unit.body);
    let unit = unit.body["id"].as_str().unwrap().to_owned();
    let token = app.token("practitioner").await;
    let me = app.get(&token, "/api/v1/me").await.body["user"]["id"].clone();
    let person = app
        .post(
            &app.token("admin").await,
            "/api/v1/persons",
            &PersonBuilder::numbered(app.orgs.institution, 41)
                .set("user_id", me)
                .build(),
        )
        .await;
    let ledger = format!(
        "/api/v1/persons/{}/ce-hours",
        person.body["id"].as_str().unwrap()
    );
    let put = |secs: i64| {
        let path = format!("/api/v1/units/{unit}/progress");
        let app = &app;
        async move {
            let token = app.token("practitioner").await;
            app.send(
                app.client
                    .put(app.url(&path))
                    .bearer_auth(&token)
                    .json(&json!({"seconds_watched": secs})),
            )
            .await
        }
    };
    let refused = |a: &test_support::Answer| {
        assert_eq!(
            (a.status, a.body["rule"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("TR-03")),
            "{:?}",
            a.body
        );
    };

    // The whole unit on the first report: refused, nothing recorded.
    refused(&put(3600).await);
    refused(&put(31).await);
    let listed = app.get(&token, &units).await;
    assert_eq!(
        listed.body["items"][0]["seconds_watched"], 0,
        "{:?}",
        listed.body
    );
    let first = put(30).await;
    assert_eq!(first.status, StatusCode::OK, "{:?}", first.body);

    // Ten minutes later: 600 s plus the leeway, not a second more.
    app.clock.advance(Duration::minutes(10));
    refused(&put(631).await);
    let ok = put(630).await;
    assert_eq!(
        (ok.status, ok.body["seconds_watched"].as_i64()),
        (StatusCode::OK, Some(630)),
        "{:?}",
        ok.body
    );

    // A second short of the hour less the leeway the unit cannot be completed; at it, it is.
    app.clock.advance(Duration::seconds(3600 - 30 - 600 - 1));
    refused(&put(3600).await);
    assert_eq!(
        app.get(&app.token("assoc.staff").await, &ledger).await.body["hours"],
        0
    );
    app.clock.advance(Duration::seconds(1));
    let done = put(3600).await;
    assert_eq!(done.body["completed"], true, "{:?}", done.body);
    assert_eq!(
        app.get(&app.token("assoc.staff").await, &ledger).await.body["hours"],
        1
    );
}
