//! The authorisation table: every endpoint × every role × own and foreign tenant. The test
//! fills the table from real requests and fails listing every cell that differs.

use directory::demo::DEMO_USERS;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use test_support::{PersonBuilder, TestApp, spawn_app};
use uuid::Uuid;

/// Which demo organization a role's "own" objects live in.
fn home(role_login: &str) -> &'static str {
    match role_login {
        "admin" | "assoc.admin" | "assoc.staff" | "finance" | "inst.admin" | "practitioner"
        | "regulator.province" | "regulator.city" => "institution",
        "ent.officer" | "ent.manager" => "enterprise",
        "teacher" | "head.teacher" => "training_centre",
        _ => "sub_centre",
    }
}

/// Expected status per (endpoint, role) for own and foreign objects.
fn expected() -> BTreeMap<(&'static str, &'static str), (u16, u16)> {
    let roles = [
        "admin",
        "assoc.admin",
        "assoc.staff",
        "finance",
        "inst.admin",
        "ent.officer",
        "ent.manager",
        "teacher",
        "head.teacher",
        "evaluator",
        "proctor",
        "subcentre.admin",
        "regulator.province",
        "regulator.city",
        "practitioner",
    ];
    let mut t = BTreeMap::new();
    for r in roles {
        let admin = r == "admin";
        let assoc_people = matches!(r, "assoc.admin" | "assoc.staff");
        let org_people = matches!(
            r,
            "inst.admin" | "ent.officer" | "ent.manager" | "subcentre.admin"
        );
        let regulator = r.starts_with("regulator");
        let reads_persons = admin || assoc_people || org_people || regulator;
        let writes_persons = admin || assoc_people || org_people;
        let foreign_read = if admin { 200 } else { 404 };
        // GET /organizations/{id}: the role's own organization vs the foreign twin.
        t.insert(("GET /organizations/{id}", r), (200, foreign_read));
        // GET /persons/{id}: a person employed at the role's home organization.
        t.insert(
            ("GET /persons/{id}", r),
            (if reads_persons { 200 } else { 404 }, foreign_read),
        );
        // GET /persons: the list answers everyone (it is scoped, possibly empty).
        t.insert(("GET /persons", r), (200, 200));
        // POST /persons with the home employer vs a foreign employer (unknown: field error).
        t.insert(
            ("POST /persons", r),
            (
                if writes_persons { 201 } else { 403 },
                if admin { 201 } else { 422 },
            ),
        );
        // PATCH /persons/{id}.
        t.insert(
            ("PATCH /persons/{id}", r),
            (
                if writes_persons {
                    200
                } else if reads_persons {
                    403
                } else {
                    404
                },
                foreign_read,
            ),
        );
        // PATCH /organizations/{id} on the role's own organization.
        let manages_own = admin || matches!(r, "assoc.admin" | "inst.admin" | "subcentre.admin");
        t.insert(
            ("PATCH /organizations/{id}", r),
            (if manages_own { 200 } else { 403 }, foreign_read),
        );
        // GET /users/{id}: the practitioner's account (a member of the institution).
        let sees_user = admin || matches!(r, "assoc.admin" | "inst.admin" | "practitioner");
        t.insert(
            ("GET /users/{id}", r),
            (if sees_user { 200 } else { 404 }, foreign_read),
        );
        // Tenant-free endpoints: own = allowed, foreign column unused (same value).
        let audit = if admin
            || matches!(r, "assoc.admin" | "inst.admin" | "subcentre.admin")
            || regulator
        {
            200
        } else {
            403
        };
        t.insert(("GET /audit", r), (audit, audit));
        let users = if admin
            || matches!(
                r,
                "assoc.admin" | "inst.admin" | "ent.manager" | "subcentre.admin"
            ) {
            200
        } else {
            403
        };
        t.insert(("GET /users", r), (users, users));
        let clients = if admin { 200 } else { 403 };
        t.insert(("GET /api-clients", r), (clients, clients));
    }
    t
}

struct Fixture {
    /// A person at each home organization key, own tenant and foreign tenant.
    persons: BTreeMap<(&'static str, bool), Uuid>,
    practitioner_user: (Uuid, Uuid),
}

async fn fixture(app: &TestApp) -> Fixture {
    let admin = app.token("admin").await;
    let mut persons = BTreeMap::new();
    let mut n = 300;
    for key in ["institution", "enterprise", "training_centre", "sub_centre"] {
        for foreign in [false, true] {
            let orgs = if foreign { &app.foreign } else { &app.orgs };
            n += 1;
            let p = app
                .post(
                    &admin,
                    "/api/v1/persons",
                    &PersonBuilder::numbered(orgs.by_key(key), n).build(),
                )
                .await;
            assert_eq!(p.status.as_u16(), 201, "{:?}", p.body);
            persons.insert(
                (key, foreign),
                Uuid::parse_str(p.body["id"].as_str().unwrap()).unwrap(),
            );
        }
    }
    let mine = app
        .get(&app.token("practitioner").await, "/api/v1/me")
        .await
        .body["user"]["id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let theirs = app
        .get(&app.token("foreign.practitioner").await, "/api/v1/me")
        .await
        .body["user"]["id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    Fixture {
        persons,
        practitioner_user: (mine, theirs),
    }
}

async fn version(app: &TestApp, admin: &str, path: &str) -> i64 {
    app.get(admin, path).await.body["version"].as_i64().unwrap()
}

#[tokio::test]
async fn every_endpoint_role_and_tenant_matches_the_table() {
    let app = spawn_app().await;
    let fx = fixture(&app).await;
    let admin = app.token("admin").await;
    let mut actual: BTreeMap<(&'static str, &'static str), (u16, u16)> = BTreeMap::new();
    let mut n = 400;
    for (login, _, _, org_key) in DEMO_USERS {
        let token = app.token(login).await;
        let h = home(login);
        let mut cell = |endpoint: &'static str, own: u16, foreign: u16| {
            actual.insert((endpoint, login), (own, foreign));
        };
        let own_org = app.orgs.by_key(org_key);
        let foreign_org = app.foreign.by_key(org_key);
        let s = |a: test_support::Answer| a.status.as_u16();

        cell(
            "GET /organizations/{id}",
            s(app
                .get(&token, &format!("/api/v1/organizations/{own_org}"))
                .await),
            s(app
                .get(&token, &format!("/api/v1/organizations/{foreign_org}"))
                .await),
        );
        let (po, pf) = (fx.persons[&(h, false)], fx.persons[&(h, true)]);
        cell(
            "GET /persons/{id}",
            s(app.get(&token, &format!("/api/v1/persons/{po}")).await),
            s(app.get(&token, &format!("/api/v1/persons/{pf}")).await),
        );
        let list = s(app.get(&token, "/api/v1/persons").await);
        cell("GET /persons", list, list);
        n += 2;
        cell(
            "POST /persons",
            s(app
                .post(
                    &token,
                    "/api/v1/persons",
                    &PersonBuilder::numbered(app.orgs.by_key(h), n).build(),
                )
                .await),
            s(app
                .post(
                    &token,
                    "/api/v1/persons",
                    &PersonBuilder::numbered(app.foreign.by_key(h), n + 1).build(),
                )
                .await),
        );
        let patch = json!({"post": format!("岗位{n}")});
        let vo = version(&app, &admin, &format!("/api/v1/persons/{po}")).await;
        let vf = version(&app, &admin, &format!("/api/v1/persons/{pf}")).await;
        cell(
            "PATCH /persons/{id}",
            s(app
                .patch(&token, &format!("/api/v1/persons/{po}"), vo, &patch)
                .await),
            s(app
                .patch(&token, &format!("/api/v1/persons/{pf}"), vf, &patch)
                .await),
        );
        let rename = |v: &str| -> Value { json!({"name": format!("单位{v}")}) };
        let vo = version(&app, &admin, &format!("/api/v1/organizations/{own_org}")).await;
        let vf = version(
            &app,
            &admin,
            &format!("/api/v1/organizations/{foreign_org}"),
        )
        .await;
        cell(
            "PATCH /organizations/{id}",
            s(app
                .patch(
                    &token,
                    &format!("/api/v1/organizations/{own_org}"),
                    vo,
                    &rename("甲"),
                )
                .await),
            s(app
                .patch(
                    &token,
                    &format!("/api/v1/organizations/{foreign_org}"),
                    vf,
                    &rename("乙"),
                )
                .await),
        );
        let (uo, uf) = fx.practitioner_user;
        cell(
            "GET /users/{id}",
            s(app.get(&token, &format!("/api/v1/users/{uo}")).await),
            s(app.get(&token, &format!("/api/v1/users/{uf}")).await),
        );
        let audit = s(app.get(&token, "/api/v1/audit").await);
        cell("GET /audit", audit, audit);
        let users = s(app.get(&token, "/api/v1/users").await);
        cell("GET /users", users, users);
        let clients = s(app.get(&token, "/api/v1/api-clients").await);
        cell("GET /api-clients", clients, clients);
    }
    let expected = expected();
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
}
