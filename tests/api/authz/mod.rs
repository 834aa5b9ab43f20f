//! The authorisation tables: every endpoint × every role × own and foreign tenant, one file
//! per domain. Each test fills its table from real requests and fails listing every cell that
//! differs from the expected one.

mod directory;
mod exams;
mod training;
mod training_reads;

use std::collections::BTreeMap;
use test_support::builders::{ClassBuilder, CourseBuilder, EnrolmentBuilder};
use test_support::ids::ClassId;
use test_support::people::user_id;
use test_support::training::set_head_teacher;
use test_support::{PersonBuilder, TestApp};
use time::macros::datetime;

/// (endpoint, role login) → (status or count at home, the same abroad).
type Table = BTreeMap<(&'static str, &'static str), (u16, u16)>;

/// Fails listing every cell of `actual` that differs from `expected`, and when a cell was not
/// filled at all.
fn assert_table(expected: &Table, actual: &Table) {
    let diffs: Vec<String> = expected
        .iter()
        .filter(|(k, v)| actual.get(k) != Some(v))
        .map(|((e, r), (o, f))| {
            format!(
                "{e} as {r}: expected own {o} / foreign {f}, got {:?}",
                actual.get(&(*e, *r))
            )
        })
        .collect();
    assert!(
        diffs.is_empty(),
        "{} cells differ:\n{}",
        diffs.len(),
        diffs.join("\n")
    );
    assert_eq!(actual.len(), expected.len());
    assert_callers_agree(expected);
}

/// The spec's "who may call" (`api::callers`, from the grant tables) agrees with what the
/// server does at home: a role answered 403 is not listed, a role answered 2xx is.
fn assert_callers_agree(expected: &Table) {
    let spec = serde_json::to_value(api::openapi()).unwrap();
    let shape = |path: &str| {
        path.split('/')
            .map(|seg| if seg.starts_with('{') { "{}" } else { seg })
            .collect::<Vec<_>>()
            .join("/")
    };
    let operation = |endpoint: &str| -> Option<String> {
        let (method, path) = endpoint.split_once(' ')?;
        let want = shape(&format!("/api/v1{path}"));
        spec["paths"].as_object()?.iter().find_map(|(p, item)| {
            (shape(p) == want)
                .then(|| {
                    item[method.to_lowercase()]["operationId"]
                        .as_str()
                        .map(str::to_owned)
                })
                .flatten()
        })
    };
    let mut wrong = Vec::new();
    for ((endpoint, login), (own, _)) in expected {
        let Some(id) = operation(endpoint) else {
            continue;
        };
        let Some((_, _, role, _)) = ::directory::demo::DEMO_USERS.iter().find(|u| u.0 == *login)
        else {
            continue;
        };
        let listed = api::callers::of(&id).is_some_and(|w| api::callers::roles(w).contains(role));
        if (*own == 403 && listed) || ((200..300).contains(own) && !listed) {
            wrong.push(format!(
                "{endpoint} ({id}) as {login}: answers {own}, listed {listed}"
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "the spec's callers disagree:\n{}",
        wrong.join("\n")
    );
}

/// One tenant's course, class (in the head teacher's care) and two enrolments: an
/// enterprise's (submitted) and the practitioner's own (approved).
struct TrainingFixture {
    class: String,
    course: String,
    enrolments: Vec<String>,
}

async fn training_fixture(
    app: &TestApp,
    prefix: &str,
    orgs: &::directory::demo::DemoOrgs,
    n: u16,
) -> TrainingFixture {
    let staff = app.token(&format!("{prefix}assoc.staff")).await;
    let id = |a: &test_support::Answer| a.body["id"].as_str().unwrap_or_default().to_owned();
    let course = app
        .post(
            &staff,
            "/api/v1/courses",
            &CourseBuilder::remote(orgs.association, &format!("{prefix}课程"), "rules")
                .set("delivery", "blended")
                .build(),
        )
        .await;
    assert_eq!(course.status.as_u16(), 201, "{:?}", course.body);
    let class = app
        .post(
            &staff,
            "/api/v1/classes",
            &ClassBuilder::new(&id(&course), datetime!(2027-03-01 01:00 UTC))
                .set("name", format!("{prefix}班"))
                .ends_at(datetime!(2027-03-02 09:00 UTC))
                .without("venue")
                .set("online_link", "https://meeting.example.cn/1")
                .fees(30000, 0)
                .build(),
        )
        .await;
    assert_eq!(class.status.as_u16(), 201, "{:?}", class.body);
    let head = user_id(app, &format!("{prefix}head.teacher")).await;
    let put = set_head_teacher(app, &staff, &ClassId::of(&class), &head).await;
    assert_eq!(put.status.as_u16(), 204, "{:?}", put.body);
    let admin = app.token("admin").await;
    let employee = app
        .post(
            &admin,
            "/api/v1/persons",
            &PersonBuilder::numbered(orgs.enterprise, n).build(),
        )
        .await;
    let by_officer = app
        .post(
            &app.token(&format!("{prefix}ent.officer")).await,
            "/api/v1/enrolments",
            &EnrolmentBuilder::new(id(&class), id(&employee)).build(),
        )
        .await;
    assert_eq!(by_officer.status.as_u16(), 201, "{:?}", by_officer.body);
    // The practitioner's own person (何明's account, linked here to a fresh person record).
    let me = app
        .get(
            &app.token(&format!("{prefix}practitioner")).await,
            "/api/v1/me",
        )
        .await
        .body["user"]["id"]
        .clone();
    let own = app
        .post(
            &admin,
            "/api/v1/persons",
            &PersonBuilder::numbered(orgs.institution, n + 1)
                .set("user_id", me)
                .build(),
        )
        .await;
    assert_eq!(own.status.as_u16(), 201, "{:?}", own.body);
    let by_self = app
        .post(
            &app.token(&format!("{prefix}practitioner")).await,
            "/api/v1/enrolments",
            &EnrolmentBuilder::new(id(&class), id(&own)).build(),
        )
        .await;
    assert_eq!(by_self.status.as_u16(), 201, "{:?}", by_self.body);
    TrainingFixture {
        class: id(&class),
        course: id(&course),
        enrolments: vec![id(&by_officer), id(&by_self)],
    }
}
