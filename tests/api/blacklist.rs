//! CR-04: a listed person's registrations are refused for five years — on the day before the
//! fifth anniversary still, on the anniversary no more.

use crate::training::{employee, rule, setup};
use serde_json::json;
use test_support::{StatusCode, spawn_app};

#[tokio::test]
async fn cr_04_listed_five_years_ago_less_a_day_is_refused_five_years_ago_is_accepted() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let (barred, free) = (employee(&app, 31).await, employee(&app, 32).await);
    let staff = app.token("assoc.staff").await;
    // The test clock's date in Asia/Shanghai is 2026-11-22.
    for (person, listed_on) in [(&barred, "2021-11-23"), (&free, "2021-11-22")] {
        let l = app
            .post(&staff, "/api/v1/blacklist", &json!({"association_id": app.orgs.association, "person_id": person, "reason": "学历证书造假", "listed_on": listed_on}))
            .await;
        assert_eq!(l.status, StatusCode::CREATED, "{:?}", l.body);
    }
    let list = app.get(&staff, "/api/v1/blacklist").await;
    let active: Vec<bool> = list
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["active"].as_bool().unwrap())
        .collect();
    assert_eq!(active, vec![false, true], "newest first: {:?}", list.body);
    assert!(
        list.body[0]["national_id_masked"]
            .as_str()
            .unwrap()
            .contains("********"),
        "masked"
    );

    let enrol = async |p: &String| {
        app.post(
            &s.officer,
            "/api/v1/enrolments",
            &json!({"class_id": s.class, "person_id": p}),
        )
        .await
    };
    let refused = enrol(&barred).await;
    assert_eq!(
        (refused.status, rule(&refused)),
        (StatusCode::UNPROCESSABLE_ENTITY, "CR-04"),
        "{:?}",
        refused.body
    );
    assert_eq!(enrol(&free).await.status, StatusCode::CREATED);
}

#[tokio::test]
async fn cr_04_only_the_association_keeps_its_list() {
    let app = spawn_app().await;
    let officer = app.token("ent.officer").await;
    let foreign = app.token("foreign.assoc.admin").await;
    let p = crate::training::employee(&app, 33).await;
    for t in [&officer, &foreign] {
        let a = app
            .post(t, "/api/v1/blacklist", &json!({"association_id": app.orgs.association, "person_id": p, "reason": "学历证书造假"}))
            .await;
        assert_eq!(a.status, StatusCode::FORBIDDEN, "{:?}", a.body);
    }
    let seen = app.get(&foreign, "/api/v1/blacklist").await;
    assert_eq!(seen.body, json!([]), "another tenant's list stays unseen");
}
