//! CR-04: a listed person's registrations are refused for five years — on the day before the
//! fifth anniversary still, on the anniversary no more.

use serde_json::json;
use test_support::builders::BlacklistBuilder;
use test_support::builders::EnrolmentBuilder;
use test_support::ids::PersonId;
use test_support::people::blacklisted;
use test_support::rule;
use test_support::training::{employee, setup};
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
            .post(
                &staff,
                "/api/v1/blacklist",
                &BlacklistBuilder::new(app.orgs.association, person)
                    .listed_on(listed_on)
                    .build(),
            )
            .await;
        assert_eq!(l.status, StatusCode::CREATED, "{:?}", l.body);
    }
    let list = app.get(&staff, "/api/v1/blacklist").await;
    let active: Vec<bool> = list.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["active"].as_bool().unwrap())
        .collect();
    assert_eq!(active, vec![false, true], "newest first: {:?}", list.body);
    assert!(
        list.body["items"][0]["national_id_masked"]
            .as_str()
            .unwrap()
            .contains("********"),
        "masked"
    );

    let enrol = async |p: &PersonId| {
        app.post(
            &s.officer,
            "/api/v1/enrolments",
            &EnrolmentBuilder::new(&s.class, p).build(),
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
    let p = test_support::training::employee(&app, 33).await;
    for t in [&officer, &foreign] {
        let a = app
            .post(
                t,
                "/api/v1/blacklist",
                &BlacklistBuilder::new(app.orgs.association, &p).build(),
            )
            .await;
        assert_eq!(a.status, StatusCode::FORBIDDEN, "{:?}", a.body);
    }
    let seen = app.get(&foreign, "/api/v1/blacklist").await;
    assert_eq!(
        seen.body["items"],
        json!([]),
        "another tenant's list stays unseen"
    );
}

#[tokio::test]
async fn cr_04_a_lifted_entry_no_longer_bars_enrolment() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let person = employee(&app, 34).await;
    let entry = blacklisted(&app, &app.token("assoc.staff").await, &person).await;
    let enrol = async || {
        app.post(
            &s.officer,
            "/api/v1/enrolments",
            &EnrolmentBuilder::new(&s.class, &person).build(),
        )
        .await
    };
    let refused = enrol().await;
    assert_eq!(
        (refused.status, rule(&refused)),
        (StatusCode::UNPROCESSABLE_ENTITY, "CR-04"),
        "{:?}",
        refused.body
    );

    let admin = app.token("assoc.admin").await;
    let lifted = app
        .post(
            &admin,
            &format!("/api/v1/blacklist/{entry}/lifting"),
            &json!({"reason": "  经复核学历证书属实,撤销列入  "}),
        )
        .await;
    assert_eq!(lifted.status, StatusCode::OK, "{:?}", lifted.body);
    assert_eq!(lifted.body["status"], "lifted");
    assert_eq!(lifted.body["active"], false);
    assert_eq!(lifted.body["lift_reason"], "经复核学历证书属实,撤销列入");
    assert!(lifted.body["lifted_at"].is_string(), "{:?}", lifted.body);

    let list = app
        .get(&app.token("assoc.staff").await, "/api/v1/blacklist")
        .await;
    assert_eq!(list.body["items"][0]["id"], entry.as_str());
    assert_eq!(list.body["items"][0]["status"], "lifted", "{:?}", list.body);
    assert_eq!(
        list.body["items"][0]["lift_reason"],
        "经复核学历证书属实,撤销列入"
    );
    assert_eq!(
        list.body["items"][0]["reason"], "学历证书造假",
        "the listing's reason stays"
    );

    let audit = app
        .get(
            &app.token("admin").await,
            &format!("/api/v1/audit?object_type=blacklist_entry&object_id={entry}"),
        )
        .await;
    let rows = audit.body["items"].as_array().unwrap();
    assert_eq!(
        rows.iter()
            .map(|r| r["action"].as_str().unwrap())
            .collect::<Vec<_>>(),
        vec!["blacklist.lift", "blacklist.add"],
        "{:?}",
        audit.body
    );
    assert!(
        rows[0].to_string().contains("经复核学历证书属实"),
        "the audit row keeps the reason: {:?}",
        rows[0]
    );

    let accepted = enrol().await;
    assert_eq!(accepted.status, StatusCode::CREATED, "{:?}", accepted.body);
}

#[tokio::test]
async fn cr_04_lifting_is_refused_to_readers_foreigners_twice_and_without_a_reason() {
    let app = spawn_app().await;
    let person = employee(&app, 35).await;
    let entry = blacklisted(&app, &app.token("assoc.staff").await, &person).await;
    let path = format!("/api/v1/blacklist/{entry}/lifting");
    let why = json!({"reason": "列入有误"});

    // A sub-centre reads its association's list but does not keep it.
    let reader = app
        .post(&app.token("subcentre.admin").await, &path, &why)
        .await;
    assert_eq!(reader.status, StatusCode::FORBIDDEN, "{:?}", reader.body);
    // Another tenant's association, and a role that does not even read the list: not found.
    for login in ["foreign.assoc.admin", "ent.officer"] {
        let a = app.post(&app.token(login).await, &path, &why).await;
        assert_eq!(a.status, StatusCode::NOT_FOUND, "{login}: {:?}", a.body);
    }
    let staff = app.token("assoc.staff").await;
    let unknown = app
        .post(
            &staff,
            &format!("/api/v1/blacklist/{}/lifting", uuid::Uuid::now_v7()),
            &why,
        )
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);

    for body in [
        json!({"reason": "   "}),
        json!({"reason": "长".repeat(501)}),
        json!({}),
    ] {
        let a = app.post(&staff, &path, &body).await;
        assert_eq!(
            a.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{body}: {:?}",
            a.body
        );
        assert_eq!(a.body["errors"][0]["pointer"], "/reason", "{:?}", a.body);
    }
    let extra = app
        .post(
            &staff,
            &path,
            &json!({"reason": "列入有误", "lifted_at": "2026-01-01"}),
        )
        .await;
    assert_eq!(
        extra.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{:?}",
        extra.body
    );
    assert_eq!(extra.body["errors"][0]["code"], "unknown_field");

    let list = app.get(&staff, "/api/v1/blacklist").await;
    assert_eq!(
        list.body["items"][0]["status"], "active",
        "nothing refused changed it"
    );

    let first = app.post(&staff, &path, &why).await;
    assert_eq!(first.status, StatusCode::OK, "{:?}", first.body);
    let again = app
        .post(
            &app.token("assoc.admin").await,
            &path,
            &json!({"reason": "再次解除"}),
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{:?}", again.body);
    let list = app.get(&staff, "/api/v1/blacklist").await;
    assert_eq!(
        list.body["items"][0]["lift_reason"], "列入有误",
        "the first lifting stands"
    );
}
