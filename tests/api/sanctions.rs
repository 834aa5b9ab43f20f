//! EX-04 and EX-05: the sanctions registry. A ban's last day (`ends_on` minus one) refuses
//! admission with the sanction's rule, `ends_on` itself admits; a programme ban bars its course
//! only, an association ban every course of the association; a lifted sanction bars nothing.
//! The test clock's date in Asia/Shanghai is 2026-11-22; classes start at 09:00 Shanghai.

use serde_json::{Value, json};
use test_support::builders::{CourseBuilder, SanctionBuilder};
use test_support::ids::{ClassId, CourseId, PersonId};
use test_support::training::{Setup, employee, enrol, new_class, setup};
use test_support::{Answer, PersonBuilder, StatusCode, TestApp, refused_with, spawn_app};
use time::macros::date;

/// Another course of the demo association.
async fn other_course(app: &TestApp, s: &Setup) -> CourseId {
    let c = app
        .post(
            &s.staff,
            "/api/v1/courses",
            &CourseBuilder::new(app.orgs.association)
                .set("name", "压力容器安全技术规范")
                .build(),
        )
        .await;
    assert_eq!(c.status, StatusCode::CREATED, "{:?}", c.body);
    CourseId::of(&c)
}

async fn impose(app: &TestApp, token: &str, body: Value) -> Answer {
    app.post(token, "/api/v1/sanctions", &body).await
}

fn id_of(a: &Answer) -> String {
    a.body["id"].as_str().unwrap_or_default().to_owned()
}

/// The class of `course` whose first day is `day` (09:00 Asia/Shanghai).
async fn class_on(app: &TestApp, s: &Setup, course: &CourseId, day: time::Date) -> ClassId {
    let at = day.with_hms(1, 0, 0).unwrap().assume_utc();
    new_class(app, &s.staff, course, at, 30).await
}

#[tokio::test]
async fn ex_04_a_programme_ban_bars_that_course_until_its_last_day_and_admits_the_day_after() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let elsewhere_course = other_course(&app, &s).await;
    let banned = employee(&app, 41).await;
    let ban = impose(
        &app,
        &s.staff,
        SanctionBuilder::programme_ban(app.orgs.association, &banned, &s.course)
            .starts_on("2026-01-10")
            .build(),
    )
    .await;
    assert_eq!(ban.status, StatusCode::CREATED, "{:?}", ban.body);
    // One year, computed: the first day admitted again.
    assert_eq!(
        (
            &ban.body["kind"],
            &ban.body["rule"],
            &ban.body["ends_on"],
            &ban.body["active"]
        ),
        (
            &json!("programme_ban"),
            &json!("EX-04"),
            &json!("2027-01-10"),
            &json!(true)
        )
    );

    let last_day = class_on(&app, &s, &s.course, date!(2027 - 01 - 09)).await;
    let day_after = class_on(&app, &s, &s.course, date!(2027 - 01 - 10)).await;
    let elsewhere = class_on(&app, &s, &elsewhere_course, date!(2027 - 01 - 09)).await;
    let refused = enrol(&app, &s.officer, &last_day, &banned).await;
    refused_with(&refused, "EX-04");
    assert_eq!(refused.body["params"]["ends_on"], "2027-01-10");
    let admitted = enrol(&app, &s.officer, &day_after, &banned).await;
    assert_eq!(admitted.status, StatusCode::CREATED, "{:?}", admitted.body);
    let other = enrol(&app, &s.officer, &elsewhere, &banned).await;
    assert_eq!(other.status, StatusCode::CREATED, "{:?}", other.body);

    // EX-04 names the programme it bars; an EX-05 ban names none.
    let no_course = impose(
        &app,
        &s.staff,
        SanctionBuilder::programme_ban(app.orgs.association, &banned, &s.course)
            .without("course_id")
            .build(),
    )
    .await;
    assert_eq!(no_course.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(no_course.body["errors"][0]["pointer"], "/course_id");
}

#[tokio::test]
async fn ex_05_an_association_ban_bars_every_course_for_three_years() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let second_course = other_course(&app, &s).await;
    let banned = employee(&app, 42).await;
    let ban = impose(
        &app,
        &s.staff,
        SanctionBuilder::association_ban(app.orgs.association, &banned)
            .starts_on("2024-01-10")
            .build(),
    )
    .await;
    assert_eq!(ban.status, StatusCode::CREATED, "{:?}", ban.body);
    assert_eq!(ban.body["kind"], "association_ban");
    assert_eq!(ban.body["ends_on"], "2027-01-10", "three years, computed");

    let last_day = date!(2027 - 01 - 09);
    for course in [&s.course, &second_course] {
        let class = class_on(&app, &s, course, last_day).await;
        refused_with(&enrol(&app, &s.officer, &class, &banned).await, "EX-05");
    }
    let day_after = class_on(&app, &s, &second_course, date!(2027 - 01 - 10)).await;
    let admitted = enrol(&app, &s.officer, &day_after, &banned).await;
    assert_eq!(admitted.status, StatusCode::CREATED, "{:?}", admitted.body);

    let with_course = impose(
        &app,
        &s.staff,
        SanctionBuilder::association_ban(app.orgs.association, &banned)
            .set("course_id", &s.course)
            .build(),
    )
    .await;
    assert_eq!(with_course.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(with_course.body["errors"][0]["pointer"], "/course_id");
}

#[tokio::test]
async fn a_lifted_sanction_no_longer_bars_and_the_lifting_is_audited() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let banned = employee(&app, 43).await;
    let ban = impose(
        &app,
        &s.staff,
        SanctionBuilder::association_ban(app.orgs.association, &banned).build(),
    )
    .await;
    assert_eq!(ban.status, StatusCode::CREATED, "{:?}", ban.body);
    assert_eq!(ban.body["starts_on"], "2026-11-22", "from today by default");
    let id = id_of(&ban);
    refused_with(&enrol(&app, &s.officer, &s.class, &banned).await, "EX-05");

    let lift = |reason: &'static str| {
        let (app, staff, id) = (&app, s.staff.clone(), id.clone());
        async move {
            app.post(
                &staff,
                &format!("/api/v1/sanctions/{id}/lifting"),
                &json!({"reason": reason}),
            )
            .await
        }
    };
    let blank = lift("  ").await;
    assert_eq!(
        blank.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{:?}",
        blank.body
    );
    let lifted = lift("经复核系误认,撤销处理").await;
    assert_eq!(lifted.status, StatusCode::OK, "{:?}", lifted.body);
    assert_eq!(lifted.body["active"], false);
    assert_eq!(lifted.body["lift_reason"], "经复核系误认,撤销处理");
    assert!(lifted.body["lifted_at"].is_string());
    assert_eq!(lift("再次解除").await.status, StatusCode::CONFLICT);

    let admitted = enrol(&app, &s.officer, &s.class, &banned).await;
    assert_eq!(admitted.status, StatusCode::CREATED, "{:?}", admitted.body);

    let audit = app
        .get(
            &app.token("assoc.admin").await,
            &format!("/api/v1/audit?object_type=sanction&object_id={id}"),
        )
        .await;
    assert_eq!(audit.status, StatusCode::OK, "{:?}", audit.body);
    let mut actions: Vec<&str> = audit.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|i| i["action"].as_str())
        .collect();
    actions.sort_unstable();
    assert_eq!(actions, vec!["sanction.impose", "sanction.lift"]);

    // The list's filters: the person's sanctions, active or not.
    let listed = |q: &'static str| {
        let (app, staff) = (&app, s.staff.clone());
        let banned = banned.clone();
        async move {
            app.get(&staff, &format!("/api/v1/sanctions?person_id={banned}&{q}"))
                .await
                .body["items"]
                .as_array()
                .map_or(0, Vec::len)
        }
    };
    assert_eq!(
        (listed("active=true").await, listed("active=false").await),
        (0, 1)
    );
}

#[tokio::test]
async fn a_foreign_tenants_sanctions_are_not_found_and_a_role_without_the_grant_is_forbidden() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let ours = employee(&app, 44).await;
    let admin = app.token("admin").await;
    let theirs = app
        .post(
            &admin,
            "/api/v1/persons",
            &PersonBuilder::numbered(app.foreign.enterprise, 45).build(),
        )
        .await;
    assert_eq!(theirs.status, StatusCode::CREATED, "{:?}", theirs.body);
    let theirs = PersonId::of(&theirs);
    let foreign = app.token("foreign.assoc.admin").await;

    let our_ban = impose(
        &app,
        &s.staff,
        SanctionBuilder::association_ban(app.orgs.association, &ours).build(),
    )
    .await;
    assert_eq!(our_ban.status, StatusCode::CREATED, "{:?}", our_ban.body);
    let their_ban = impose(
        &app,
        &foreign,
        SanctionBuilder::association_ban(app.foreign.association, &theirs).build(),
    )
    .await;
    assert_eq!(
        their_ban.status,
        StatusCode::CREATED,
        "{:?}",
        their_ban.body
    );

    // Not listed across tenants; the sub-centre reads its association's list.
    for (token, mine, other) in [
        (s.staff.clone(), id_of(&our_ban), id_of(&their_ban)),
        (
            app.token("subcentre.admin").await,
            id_of(&our_ban),
            id_of(&their_ban),
        ),
        (foreign.clone(), id_of(&their_ban), id_of(&our_ban)),
    ] {
        let list = app.get(&token, "/api/v1/sanctions").await;
        assert_eq!(list.status, StatusCode::OK, "{:?}", list.body);
        let ids: Vec<&str> = list.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|i| i["id"].as_str())
            .collect();
        assert!(ids.contains(&mine.as_str()) && !ids.contains(&other.as_str()));
    }
    // Lifting another tenant's sanction: not found.
    let lift = json!({"reason": "越权解除"});
    let across = app
        .post(
            &foreign,
            &format!("/api/v1/sanctions/{}/lifting", id_of(&our_ban)),
            &lift,
        )
        .await;
    assert_eq!(across.status, StatusCode::NOT_FOUND, "{:?}", across.body);
    // Imposing for another tenant's association: no such association.
    let abroad = impose(
        &app,
        &s.staff,
        SanctionBuilder::association_ban(app.foreign.association, &theirs).build(),
    )
    .await;
    assert_eq!(abroad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(abroad.body["errors"][0]["pointer"], "/association_id");
    // The foreign association's ban does not bar our association's classes.
    let foreign_banned_here = app
        .post(
            &admin,
            "/api/v1/sanctions",
            &SanctionBuilder::association_ban(app.foreign.association, &ours).build(),
        )
        .await;
    assert_eq!(foreign_banned_here.status, StatusCode::CREATED);
    refused_with(&enrol(&app, &s.officer, &s.class, &ours).await, "EX-05");

    // Roles without the grant.
    for login in ["ent.officer", "teacher", "finance", "subcentre.admin"] {
        let t = app.token(login).await;
        let a = impose(
            &app,
            &t,
            SanctionBuilder::association_ban(app.orgs.association, &ours).build(),
        )
        .await;
        assert_eq!(a.status, StatusCode::FORBIDDEN, "{login}: {:?}", a.body);
    }
    let sub_lift = app
        .post(
            &app.token("subcentre.admin").await,
            &format!("/api/v1/sanctions/{}/lifting", id_of(&our_ban)),
            &lift,
        )
        .await;
    assert_eq!(
        sub_lift.status,
        StatusCode::FORBIDDEN,
        "{:?}",
        sub_lift.body
    );
}

#[tokio::test]
async fn ex_11_a_sanction_makes_the_trainee_ineligible_and_refuses_a_batch_row_with_its_rule() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    // Enrolled first, sanctioned afterwards: the exam eligibility names the ban.
    let enrolment = test_support::training::submitted(&app, &s, 46).await;
    let person = app
        .get(&s.staff, &format!("/api/v1/enrolments/{enrolment}"))
        .await
        .body["person_id"]
        .clone();
    let ban = impose(
        &app,
        &s.staff,
        SanctionBuilder::programme_ban(app.orgs.association, &person, &s.course).build(),
    )
    .await;
    assert_eq!(ban.status, StatusCode::CREATED, "{:?}", ban.body);
    let one = app
        .get(
            &s.staff,
            &format!("/api/v1/enrolments/{enrolment}/eligibility"),
        )
        .await;
    assert_eq!(one.status, StatusCode::OK, "{:?}", one.body);
    let rules: Vec<&str> = one.body["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["rule"].as_str())
        .collect();
    assert!(rules.contains(&"EX-04"), "{:?}", one.body);
    assert_eq!(one.body["eligible"], false);

    // A batch enrols the free and reports the banned row with the rule.
    let banned = employee(&app, 47).await;
    let free = employee(&app, 48).await;
    let ban = impose(
        &app,
        &s.staff,
        SanctionBuilder::association_ban(app.orgs.association, &banned).build(),
    )
    .await;
    assert_eq!(ban.status, StatusCode::CREATED, "{:?}", ban.body);
    let batch = app
        .post(
            &s.officer,
            "/api/v1/enrolment-batches",
            &test_support::builders::BatchBuilder::new(&s.class, [banned.as_str(), free.as_str()])
                .mode("good_rows")
                .build(),
        )
        .await;
    assert_eq!(batch.status, StatusCode::OK, "{:?}", batch.body);
    assert_eq!(batch.body["enrolled"].as_array().unwrap().len(), 1);
    assert_eq!(
        batch.body["rejected"][0]["rule"], "EX-05",
        "{:?}",
        batch.body
    );
}
