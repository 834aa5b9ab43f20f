//! What is written can be read (issue 12 §3): deferral and substitution requests have their
//! own reads and show on the enrolment; a class's exam eligibility is one list (EX-11); and a
//! list's id filter naming another tenant's object answers 404 on every list.

use serde_json::{Value, json};
use std::collections::BTreeSet;
use test_support::builders::{
    BlacklistBuilder, ClassBuilder, CourseBuilder, DeferralBuilder, SubstitutionBuilder,
};
use test_support::ids::CourseId;
use test_support::training::{employee, id, new_class, paid, setup, submitted};
use test_support::{StatusCode, TestApp, spawn_app};
use time::Duration;

/// The kinds of the requests a filtered list of one class answers, in order.
async fn kinds(app: &TestApp, token: &str, class: &str, filter: &str) -> Vec<String> {
    let a = app
        .get(
            token,
            &format!("/api/v1/enrolment-requests?class_id={class}&{filter}"),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{filter}: {:?}", a.body);
    a.body["items"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| r["kind"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[tokio::test]
async fn tr_10_tr_11_requests_are_read_back_by_id_by_enrolment_and_by_class() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let deferred = paid(&app, &s, 51).await;
    let substituted = paid(&app, &s, 52).await;
    let d = app
        .post(
            &s.officer,
            &format!("/api/v1/enrolments/{deferred}/deferral"),
            &DeferralBuilder::new().reason("出差,本期无法参加").build(),
        )
        .await;
    assert_eq!(d.status, StatusCode::CREATED, "{:?}", d.body);
    let newcomer = employee(&app, 53).await;
    let sub = app
        .post(
            &s.officer,
            &format!("/api/v1/enrolments/{substituted}/substitution"),
            &SubstitutionBuilder::new(&newcomer)
                .reason("原参培人调岗")
                .build(),
        )
        .await;
    assert_eq!(sub.status, StatusCode::OK, "{:?}", sub.body);

    // By id: what was filed, as filed.
    let one = app
        .get(&s.staff, &format!("/api/v1/enrolment-requests/{}", id(&d)))
        .await;
    assert_eq!(one.status, StatusCode::OK, "{:?}", one.body);
    assert_eq!(
        (
            &one.body["kind"],
            &one.body["status"],
            &one.body["reason"],
            &one.body["enrolment_id"]
        ),
        (
            &json!("deferral"),
            &json!("pending"),
            &json!("出差,本期无法参加"),
            &json!(deferred)
        )
    );
    // On the enrolment.
    let e = app
        .get(&s.officer, &format!("/api/v1/enrolments/{substituted}"))
        .await;
    assert_eq!(e.status, StatusCode::OK, "{:?}", e.body);
    assert_eq!(
        e.body["id"],
        json!(substituted),
        "the enrolment's own fields stay"
    );
    assert_eq!(e.body["requests"][0]["kind"], "substitution");
    assert_eq!(e.body["requests"][0]["status"], "applied");
    assert_eq!(e.body["requests"][0]["new_person_id"], json!(newcomer));
    // The list, by enrolment and by class.
    let by_enrolment = app
        .get(
            &s.staff,
            &format!("/api/v1/enrolment-requests?enrolment_id={deferred}"),
        )
        .await;
    assert_eq!(
        by_enrolment.status,
        StatusCode::OK,
        "{:?}",
        by_enrolment.body
    );
    assert_eq!(by_enrolment.body["items"][0]["id"], json!(id(&d)));
    assert_eq!(by_enrolment.body["items"].as_array().map(Vec::len), Some(1));
    let by_class = app
        .get(
            &s.finance,
            &format!("/api/v1/enrolment-requests?class_id={}&limit=1", s.class),
        )
        .await;
    assert_eq!(by_class.body["items"].as_array().map(Vec::len), Some(1));
    assert!(by_class.body["next_cursor"].is_string());
    // By kind and by state: what waits for a decision is the pending deferral only.
    assert_eq!(
        kinds(&app, &s.staff, &s.class, "status=pending").await,
        ["deferral"]
    );
    assert_eq!(
        kinds(&app, &s.staff, &s.class, "status=applied").await,
        ["substitution"]
    );
    assert_eq!(
        kinds(&app, &s.staff, &s.class, "kind=substitution").await,
        ["substitution"]
    );
    assert_eq!(
        kinds(&app, &s.staff, &s.class, "kind=deferral&status=approved").await,
        Vec::<String>::new()
    );
    let bad = app
        .get(&s.staff, "/api/v1/enrolment-requests?status=lost")
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{:?}", bad.body);
    // Another tenant sees none of it.
    let far = app.token("foreign.assoc.staff").await;
    for path in [
        format!("/api/v1/enrolment-requests/{}", id(&d)),
        format!("/api/v1/enrolment-requests?enrolment_id={deferred}"),
        format!("/api/v1/enrolment-requests?class_id={}", s.class),
    ] {
        assert_eq!(
            app.get(&far, &path).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    assert_eq!(
        app.get(&far, "/api/v1/enrolment-requests").await.body["items"],
        json!([])
    );
}

#[tokio::test]
async fn ex_11_a_class_lists_each_trainee_eligible_or_with_the_rules_that_bar_them() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let eligible = paid(&app, &s, 61).await;
    let unpaid = submitted(&app, &s, 62).await;
    let banned = paid(&app, &s, 63).await;
    let banned_person = app
        .get(&s.staff, &format!("/api/v1/enrolments/{banned}"))
        .await
        .body["person_id"]
        .clone();
    let listed = app
        .post(
            &s.staff,
            "/api/v1/blacklist",
            &BlacklistBuilder::new(app.orgs.association, &banned_person).build(),
        )
        .await;
    assert_eq!(listed.status, StatusCode::CREATED, "{:?}", listed.body);

    let path = format!("/api/v1/classes/{}/eligibility", s.class);
    let list = app.get(&s.staff, &format!("{path}?limit=200")).await;
    assert_eq!(list.status, StatusCode::OK, "{:?}", list.body);
    let items = list.body["items"].as_array().unwrap();
    let row = |e: &str| -> Value {
        items
            .iter()
            .find(|i| i["enrolment_id"] == e)
            .cloned()
            .unwrap_or(Value::Null)
    };
    let rules = |v: &Value| -> Vec<String> {
        v["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["rule"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(items.len(), 3);
    assert_eq!(
        (&row(&eligible)["eligible"], rules(&row(&eligible)).len()),
        (&json!(true), 0)
    );
    assert_eq!(row(&eligible)["name"], "测试人员61");
    assert_eq!(row(&unpaid)["eligible"], false);
    assert_eq!(rules(&row(&unpaid)), ["TR-09"]);
    assert_eq!(rules(&row(&banned)), ["CR-04"]);
    assert!(
        row(&banned)["reasons"][0]["detail_en"]
            .as_str()
            .is_some_and(|d| d.contains("blacklisted"))
    );
    // The per-enrolment read says the same.
    let one = app
        .get(
            &s.staff,
            &format!("/api/v1/enrolments/{banned}/eligibility"),
        )
        .await;
    assert_eq!(one.body["reasons"][0]["rule"], "CR-04");
    // Paged like every list, in enrolment order.
    let first = app.get(&s.staff, &format!("{path}?limit=2")).await;
    assert_eq!(first.body["items"][0]["enrolment_id"], json!(eligible));
    assert!(first.body["next_cursor"].is_string());
    // Who may read it: the training department (the grant table's `read_eligibility`);
    // finance is in the tenant but lacks the grant; another tenant finds no such class.
    assert_eq!(
        app.get(&s.finance, &path).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get(&app.token("foreign.assoc.staff").await, &path)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

/// Objects of the foreign tenant: its association, a course, a class, an employee, a user.
struct Foreign {
    association: String,
    course: String,
    class: String,
    person: String,
    enterprise: String,
    user: String,
}

async fn foreign(app: &TestApp) -> Foreign {
    let staff = app.token("foreign.assoc.staff").await;
    let course = app
        .post(
            &staff,
            "/api/v1/courses",
            &CourseBuilder::new(app.foreign.association).build(),
        )
        .await;
    assert_eq!(course.status, StatusCode::CREATED, "{:?}", course.body);
    let class = new_class(
        app,
        &staff,
        &CourseId::of(&course),
        app.now() + Duration::days(10),
        30,
    )
    .await;
    let person = app
        .post(
            &app.token("admin").await,
            "/api/v1/persons",
            &test_support::PersonBuilder::numbered(app.foreign.enterprise, 71).build(),
        )
        .await;
    assert_eq!(person.status, StatusCode::CREATED, "{:?}", person.body);
    let user = app
        .get(&app.token("foreign.assoc.admin").await, "/api/v1/me")
        .await
        .body["user"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    Foreign {
        association: app.foreign.association.to_string(),
        course: id(&course),
        class: class.to_string(),
        person: id(&person),
        enterprise: app.foreign.enterprise.to_string(),
        user,
    }
}

/// Every query parameter ending in `_id` of every documented list, as (path, parameter):
/// what the test below must cover. Not references, so not listed: `object_id` of the audit
/// log (a value searched in the log, of any object type, deleted objects too) and
/// `national_id` of the persons (an ID number).
fn id_filters() -> BTreeSet<(String, String)> {
    let spec = serde_json::to_value(api::openapi()).unwrap();
    let mut out = BTreeSet::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        let Some(params) = item["get"]["parameters"].as_array() else {
            continue;
        };
        for p in params {
            let name = p["name"].as_str().unwrap();
            if p["in"] == "query"
                && name.ends_with("_id")
                && !["object_id", "national_id"].contains(&name)
            {
                out.insert((
                    path.trim_start_matches("/api/v1").to_owned(),
                    name.to_owned(),
                ));
            }
        }
    }
    out
}

#[tokio::test]
async fn a_filter_naming_another_tenants_object_is_404_on_every_list() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let own_enrolment = paid(&app, &s, 70).await;
    let own_person = app
        .get(&s.staff, &format!("/api/v1/enrolments/{own_enrolment}"))
        .await
        .body["person_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let f = foreign(&app).await;
    let (staff, finance, admin, officer) = (
        s.staff.clone(),
        s.finance.clone(),
        app.token("assoc.admin").await,
        app.token("exam.officer").await,
    );
    let nobody = uuid::Uuid::now_v7().to_string();
    let own_user = app.get(&admin, "/api/v1/me").await.body["user"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (assoc, ent) = (
        app.orgs.association.to_string(),
        app.orgs.enterprise.to_string(),
    );
    // (caller, list, parameter, own value, another tenant's value)
    let cases: Vec<(&str, &str, &str, String, String)> = vec![
        (
            &officer,
            "/exam-sittings",
            "class_id",
            s.class.to_string(),
            f.class.clone(),
        ),
        (
            &staff,
            "/courses",
            "association_id",
            assoc.clone(),
            f.association.clone(),
        ),
        (
            &staff,
            "/classes",
            "course_id",
            s.course.to_string(),
            f.course.clone(),
        ),
        (
            &staff,
            "/accident-cases",
            "course_id",
            s.course.to_string(),
            f.course.clone(),
        ),
        (
            &staff,
            "/calendar-days",
            "association_id",
            assoc.clone(),
            f.association.clone(),
        ),
        (
            &staff,
            "/teachers",
            "association_id",
            assoc.clone(),
            f.association.clone(),
        ),
        (
            &staff,
            "/plans",
            "association_id",
            assoc.clone(),
            f.association.clone(),
        ),
        (
            &staff,
            "/enrolments",
            "class_id",
            s.class.to_string(),
            f.class.clone(),
        ),
        (
            &staff,
            "/enrolments",
            "person_id",
            own_person.to_string(),
            f.person.clone(),
        ),
        (
            &staff,
            "/sanctions",
            "person_id",
            own_person.to_string(),
            f.person.clone(),
        ),
        (
            &staff,
            "/enrolments/export",
            "class_id",
            s.class.to_string(),
            f.class.clone(),
        ),
        (
            &staff,
            "/enrolments/export",
            "person_id",
            own_person.to_string(),
            f.person.clone(),
        ),
        (
            &staff,
            "/enrolment-requests",
            "class_id",
            s.class.to_string(),
            f.class.clone(),
        ),
        (
            &staff,
            "/enrolment-requests",
            "enrolment_id",
            own_enrolment.to_string(),
            nobody.clone(),
        ),
        (
            &finance,
            "/fee-ledger/export",
            "class_id",
            s.class.to_string(),
            f.class.clone(),
        ),
        (
            &admin,
            "/organizations",
            "association_id",
            assoc.clone(),
            f.association.clone(),
        ),
        (
            &admin,
            "/persons",
            "employer_id",
            ent.clone(),
            f.enterprise.clone(),
        ),
        (
            &admin,
            "/persons/export",
            "employer_id",
            ent.clone(),
            f.enterprise.clone(),
        ),
        (
            &admin,
            "/audit",
            "actor_id",
            own_user.clone(),
            f.user.clone(),
        ),
        // Public pages: every association's are anyone's; a filter naming none is 404.
        (
            "",
            "/public/plans",
            "association_id",
            f.association.clone(),
            nobody.clone(),
        ),
        (
            "",
            "/public/teacher-notices",
            "association_id",
            f.association.clone(),
            nobody.clone(),
        ),
    ];
    let covered: BTreeSet<(String, String)> = cases
        .iter()
        .map(|(_, list, param, _, _)| ((*list).to_owned(), (*param).to_owned()))
        .collect();
    assert_eq!(covered, id_filters(), "every id filter is tested here");
    let mut wrong = Vec::new();
    for (token, list, param, own, far) in &cases {
        for (value, expected) in [(own, StatusCode::OK), (far, StatusCode::NOT_FOUND)] {
            let url = app.url(&format!("/api/v1{list}?{param}={value}"));
            let mut req = app.client.get(url);
            if !token.is_empty() {
                req = req.bearer_auth(token);
            }
            let a = app.send(req).await;
            if a.status != expected {
                wrong.push(format!(
                    "{list}?{param}: {} instead of {expected}",
                    a.status
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// A new class is checked by its input type's `validator` derives (decision 186): a name of
/// spaces, a capacity of 0 and a negative fee are refused together, each on its field, and
/// nothing is written; the same class with a name, one seat and no fee is created.
#[tokio::test]
async fn a_new_class_is_checked_field_by_field() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let body = |name: &str, capacity: i32, fee: i64| {
        ClassBuilder::new(&s.course, time::macros::datetime!(2027-03-01 01:00 UTC))
            .ends_at(time::macros::datetime!(2027-03-03 09:00 UTC))
            .set("name", name)
            .capacity(capacity)
            .fees(fee, 0)
            .build()
    };
    let bad = app
        .post(&s.staff, "/api/v1/classes", &body("   ", 0, -1))
        .await;
    assert_eq!(
        bad.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{:?}",
        bad.body
    );
    let fields: BTreeSet<&str> = bad.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["pointer"].as_str())
        .collect();
    assert_eq!(
        fields,
        BTreeSet::from(["/capacity", "/name", "/training_fee"]),
        "{:?}",
        bad.body
    );
    let listed = app.get(&s.staff, "/api/v1/classes?limit=200").await;
    assert!(
        !listed.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["capacity"] == 0),
        "nothing written"
    );
    let good = app
        .post(
            &s.staff,
            "/api/v1/classes",
            &body("电梯安全管理员 2027 第1期", 1, 0),
        )
        .await;
    assert_eq!(good.status, StatusCode::CREATED, "{:?}", good.body);
    assert_eq!(good.body["name"], "电梯安全管理员 2027 第1期");
}

/// Every id of a list, following `next_cursor` from `first` (a path with its query).
async fn all_ids(app: &TestApp, token: &str, first: &str) -> Vec<String> {
    let mut ids = Vec::new();
    let mut path = first.to_owned();
    loop {
        let a = app.get(token, &path).await;
        assert_eq!(a.status, StatusCode::OK, "{path}: {:?}", a.body);
        ids.extend(
            a.body["items"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|r| r["id"].as_str().unwrap_or_default().to_owned()),
        );
        match a.body["next_cursor"].as_str() {
            Some(c) => path = format!("{first}&cursor={c}"),
            None => return ids,
        }
    }
}

/// A long list counts its rows when asked (`with_total=true`), with its filters applied and on
/// any page, and only then; a list read whole always says its total.
#[tokio::test]
async fn a_list_says_its_total_when_asked_and_a_whole_list_always() {
    let app = spawn_app().await;
    let t = app.token("assoc.admin").await;
    for n in 0..5 {
        let p = app
            .post(
                &t,
                "/api/v1/persons",
                &test_support::PersonBuilder::numbered(app.orgs.institution, 300 + n)
                    .set("name", format!("计数人员{n}"))
                    .build(),
            )
            .await;
        assert_eq!(p.status, StatusCode::CREATED, "{:?}", p.body);
    }
    for list in [
        "/api/v1/persons?limit=2",
        "/api/v1/persons?limit=2&q=计数",
        "/api/v1/organizations?limit=2",
        "/api/v1/users?limit=2",
        "/api/v1/audit?limit=2&object_type=person",
        "/api/v1/courses?limit=2",
        "/api/v1/enrolments?limit=2",
    ] {
        let every = all_ids(&app, &t, list).await.len() as u64;
        let plain = app.get(&t, list).await;
        assert!(
            plain.body["total"].is_null(),
            "{list}: not asked, not counted"
        );
        let first = app.get(&t, &format!("{list}&with_total=true")).await;
        assert_eq!(first.status, StatusCode::OK, "{list}: {:?}", first.body);
        assert_eq!(first.body["total"], json!(every), "{list}: the whole list");
        if let Some(c) = first.body["next_cursor"].as_str() {
            let second = app
                .get(&t, &format!("{list}&with_total=true&cursor={c}"))
                .await;
            assert_eq!(second.body["total"], json!(every), "{list}: page two");
        }
    }
    let filtered = app.get(&t, "/api/v1/persons?q=计数&with_total=true").await;
    assert_eq!(filtered.body["total"], 5, "the filter applies to the count");
    let odd = app.get(&t, "/api/v1/persons?with_total=maybe").await;
    assert_eq!(odd.status, StatusCode::BAD_REQUEST);

    let staff = app.token("assoc.staff").await;
    let s = setup(&app, 30).await;
    let classes = app.get(&staff, "/api/v1/classes?limit=1").await;
    assert_eq!(classes.status, StatusCode::OK, "{:?}", classes.body);
    let every = all_ids(&app, &staff, "/api/v1/classes?limit=1").await.len();
    assert!(every >= 1 && !s.class.is_empty());
    assert_eq!(
        classes.body["total"],
        json!(every),
        "read whole: always counted"
    );
}

/// The audit log names who acted and on what, as the names read now: a person created by the
/// association's administrator, a class created by its staff, and an enrolment as its
/// trainee and class.
#[tokio::test]
async fn the_audit_log_names_actors_and_objects() {
    let app = spawn_app().await;
    let admin = app.token("assoc.admin").await;
    let me = app.get(&admin, "/api/v1/me").await;
    let admin_name = me.body["user"]["display_name"].clone();
    assert!(admin_name.is_string(), "{:?}", me.body);
    let p = app
        .post(
            &admin,
            "/api/v1/persons",
            &test_support::PersonBuilder::numbered(app.orgs.institution, 310)
                .set("name", "审计名人")
                .build(),
        )
        .await;
    assert_eq!(p.status, StatusCode::CREATED, "{:?}", p.body);
    let rows = app
        .get(&admin, &format!("/api/v1/audit?object_id={}", id(&p)))
        .await;
    let row = &rows.body["items"][0];
    assert_eq!(row["action"], "person.create", "{:?}", rows.body);
    assert_eq!(row["actor_name"], admin_name);
    assert_eq!(row["object_name"], "审计名人");

    let s = setup(&app, 30).await;
    let class = app
        .get(&s.staff, &format!("/api/v1/classes/{}", s.class))
        .await;
    let class_name = class.body["class"]["name"].clone();
    assert!(class_name.is_string(), "{:?}", class.body);
    let rows = app
        .get(&admin, &format!("/api/v1/audit?object_id={}", s.class))
        .await;
    let created = rows.body["items"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|r| r["action"] == "class.create")
        .cloned()
        .unwrap_or_default();
    assert_eq!(created["object_name"], class_name, "{:?}", rows.body);
    assert!(created["actor_name"].is_string());

    let enrolment = submitted(&app, &s, 311).await;
    let rows = app
        .get(&admin, &format!("/api/v1/audit?object_id={enrolment}"))
        .await;
    let named = rows.body["items"][0]["object_name"]
        .as_str()
        .unwrap_or_default();
    assert!(
        named.ends_with(&format!(" · {}", class_name.as_str().unwrap_or_default())),
        "an enrolment reads as trainee · class: {named:?}"
    );
}
