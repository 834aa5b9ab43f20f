//! The directory's table: organizations, persons, users and memberships, API clients, audit,
//! the blacklist, the sanctions, qualifications and declared relations.

use super::{Table, assert_table};
use ::directory::demo::DEMO_USERS;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use test_support::builders::{
    ApiClientBuilder, BlacklistBuilder, OrganizationBuilder, QualificationBuilder, RelationBuilder,
    SanctionBuilder, UserBuilder,
};
use test_support::{PersonBuilder, StatusCode, TestApp, spawn_app};
use uuid::Uuid;

/// Which demo organization a role's "own" objects live in.
fn home(role_login: &str) -> &'static str {
    match role_login {
        "admin" | "assoc.admin" | "assoc.staff" | "finance" | "exam.officer" | "inst.admin"
        | "practitioner" | "regulator.province" | "regulator.city" => "institution",
        "ent.officer" | "ent.manager" => "enterprise",
        "teacher" | "head.teacher" => "training_centre",
        _ => "sub_centre",
    }
}

/// Expected status per (endpoint, role) for own and foreign objects.
fn expected() -> Table {
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
        "exam.officer",
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
        // The exam officer reads its association's people to assign proctors and evaluators.
        let reads_persons = admin || assoc_people || org_people || regulator || r == "exam.officer";
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
        // The exam officer's home objects live at a member of its association, an organization
        // it does not see: unknown there (422), as abroad.
        let unseen_home = r == "exam.officer";
        // POST /persons with the home employer vs a foreign employer (unknown: field error).
        t.insert(
            ("POST /persons", r),
            (
                if writes_persons {
                    201
                } else if unseen_home {
                    422
                } else {
                    403
                },
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
        t.insert(
            ("POST /api-clients", r),
            (if admin { 201 } else { 403 }, if admin { 201 } else { 403 }),
        );
        t.insert(
            ("DELETE /api-clients/{id}", r),
            (if admin { 204 } else { 403 }, if admin { 204 } else { 403 }),
        );
        t.insert(("GET /organizations", r), (200, 200));
        t.insert(("GET /me", r), (200, 200));
        t.insert(("GET /regions", r), (200, 200));
        t.insert(("GET /persons/export", r), (200, 200));
        // POST /organizations: a member of the role's own association vs the foreign one.
        let creates_orgs = if admin {
            (201, 201)
        } else if r == "assoc.admin" {
            (201, 422)
        } else {
            (403, 403)
        };
        t.insert(("POST /organizations", r), creates_orgs);
        // POST /persons/imports: one row employed at home vs abroad. The upload is queued
        // (202) or refused at once (403); the cell is how the import job ended: 200
        // succeeded, 422 failed on the rejected row.
        t.insert(
            ("POST /persons/imports", r),
            if admin {
                (200, 200)
            } else if writes_persons {
                (200, 422)
            } else {
                (403, 403)
            },
        );
        // Users: a fresh account at the role's home organization, created by the platform admin.
        let manages_home_users = admin
            || matches!(
                r,
                "assoc.admin" | "inst.admin" | "ent.manager" | "subcentre.admin"
            );
        t.insert(
            ("GET /users/{id}/memberships", r),
            (if sees_user { 200 } else { 404 }, foreign_read),
        );
        t.insert(
            ("PATCH /users/{id}", r),
            (if sees_user { 200 } else { 404 }, foreign_read),
        );
        t.insert(
            ("PUT /users/{id}/password", r),
            (
                if manages_home_users { 204 } else { 404 },
                if admin { 204 } else { 404 },
            ),
        );
        // POST /users at home: allowed (201), visible but not allowed (403); abroad the
        // organization is unknown (422 on /organization_id).
        t.insert(
            ("POST /users", r),
            (
                if manages_home_users {
                    201
                } else if unseen_home {
                    422
                } else {
                    403
                },
                if admin { 201 } else { 422 },
            ),
        );
        // POST /memberships for a user already at home: authorisation passes and the duplicate
        // is refused (409); otherwise 404 (user unknown) or 403.
        let grant_own = if manages_home_users { 409 } else { 404 };
        t.insert(
            ("POST /memberships", r),
            (grant_own, if admin { 409 } else { 404 }),
        );
        // DELETE /memberships/{id} of a fresh account at home: every role sees its home
        // organization but the exam officer (see above).
        let visible_home = !(admin || unseen_home);
        let del_own = if manages_home_users {
            204
        } else if visible_home {
            403
        } else {
            404
        };
        t.insert(
            ("DELETE /memberships/{id}", r),
            (del_own, if admin { 204 } else { 404 }),
        );
        // POST /blacklist/{id}/lifting of a fresh listing at the home vs the foreign association:
        // the roles that keep the list lift it; a sub-centre reads it only (403); to everyone
        // else, and abroad, the entry does not exist (404).
        let lifts = if admin || assoc_people {
            200
        } else if r == "subcentre.admin" {
            403
        } else {
            404
        };
        t.insert(
            ("POST /blacklist/{id}/lifting", r),
            (lifts, if admin { 200 } else { 404 }),
        );
        // Sanctions (EX-04, EX-05): the association's admins and staff keep them, its
        // sub-centres read them; the list is tenant-free (each reads its own association's).
        let reads_sanctions = admin || assoc_people || r == "subcentre.admin";
        let list = if reads_sanctions { 200 } else { 403 };
        t.insert(("GET /sanctions", r), (list, list));
        // POST /sanctions for the home vs the foreign association (unknown abroad: 422).
        t.insert(
            ("POST /sanctions", r),
            if admin {
                (201, 201)
            } else if assoc_people {
                (201, 422)
            } else {
                (403, 403)
            },
        );
        // POST /sanctions/{id}/lifting of a fresh sanction at home vs abroad.
        t.insert(
            ("POST /sanctions/{id}/lifting", r),
            (lifts, if admin { 200 } else { 404 }),
        );
        // Qualifications (EX-08) and declared relations (EX-07) of a person at the role's
        // home organization: its administrator (an institution's, a sub-centre's) and the
        // association's admins and staff keep them; a role that reads the person without the
        // grant is refused (403); to everyone else, and abroad, the person does not exist.
        let keeps = admin || assoc_people || matches!(r, "inst.admin" | "subcentre.admin");
        let of_person = |ok: u16| {
            (
                if keeps {
                    ok
                } else if reads_persons {
                    403
                } else {
                    404
                },
                if admin { ok } else { 404 },
            )
        };
        t.insert(("GET /persons/{id}/qualifications", r), of_person(200));
        t.insert(("POST /persons/{id}/qualifications", r), of_person(201));
        t.insert(("POST /qualifications/{id}/revocation", r), of_person(200));
        t.insert(("GET /persons/{id}/relations", r), of_person(200));
        t.insert(("POST /persons/{id}/relations", r), of_person(201));
        t.insert(("DELETE /person-relations/{id}", r), of_person(204));
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

/// A fresh account with the practitioner role at `org`; returns (user id, membership id).
async fn fresh_user(app: &TestApp, admin: &str, org: Uuid, n: u16) -> (Uuid, Uuid) {
    let u = app
        .post(
            admin,
            "/api/v1/users",
            &UserBuilder::new(&format!("probe{n}"), org, &["practitioner"])
                .display_name(&format!("探针{n}"))
                .password("Probe-Pass-2026!")
                .build(),
        )
        .await;
    assert_eq!(u.status.as_u16(), 201, "{:?}", u.body);
    let id: Uuid = u.body["id"].as_str().unwrap().parse().unwrap();
    let m = app
        .get(admin, &format!("/api/v1/users/{id}/memberships"))
        .await;
    (
        id,
        m.body["items"][0]["id"].as_str().unwrap().parse().unwrap(),
    )
}

async fn version(app: &TestApp, admin: &str, path: &str) -> i64 {
    app.get(admin, path).await.body["version"].as_i64().unwrap()
}

#[tokio::test]
async fn every_endpoint_role_and_tenant_matches_the_table() {
    let app = spawn_app().await;
    let fx = fixture(&app).await;
    let admin = app.token("admin").await;
    let mut actual = Table::new();
    let mut n: u16 = 400;
    // Persons related to the fixture's: two per role (home and abroad), numbered apart.
    let mut k: u16 = 200;
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

        let client_body = |org: Uuid| {
            ApiClientBuilder::new(org, &["persons:read"])
                .set("name", "省局接口")
                .build()
        };
        cell(
            "POST /api-clients",
            s(app
                .post(
                    &token,
                    "/api/v1/api-clients",
                    &client_body(app.orgs.regulator_province),
                )
                .await),
            s(app
                .post(
                    &token,
                    "/api/v1/api-clients",
                    &client_body(app.foreign.regulator_province),
                )
                .await),
        );
        let c_own = app
            .post(
                &admin,
                "/api/v1/api-clients",
                &client_body(app.orgs.regulator_city),
            )
            .await
            .body["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let c_far = app
            .post(
                &admin,
                "/api/v1/api-clients",
                &client_body(app.foreign.regulator_city),
            )
            .await
            .body["id"]
            .as_str()
            .unwrap()
            .to_owned();
        cell(
            "DELETE /api-clients/{id}",
            s(app
                .delete(&token, &format!("/api/v1/api-clients/{c_own}"))
                .await),
            s(app
                .delete(&token, &format!("/api/v1/api-clients/{c_far}"))
                .await),
        );
        let orgs_list = s(app.get(&token, "/api/v1/organizations").await);
        cell("GET /organizations", orgs_list, orgs_list);
        let me = s(app.get(&token, "/api/v1/me").await);
        cell("GET /me", me, me);
        let regions = s(app.get(&token, "/api/v1/regions").await);
        cell("GET /regions", regions, regions);
        let export = s(app.get(&token, "/api/v1/persons/export").await);
        cell("GET /persons/export", export, export);

        n += 2;
        let org_body = |assoc: Uuid, region: &str, k: u16| {
            OrganizationBuilder::enterprise(
                &format!("探针企业{k}"),
                &::directory::demo::credit_code(region, 9000 + u32::from(k)),
                region,
            )
            .set("association_id", assoc)
            .build()
        };
        cell(
            "POST /organizations",
            s(app
                .post(
                    &token,
                    "/api/v1/organizations",
                    &org_body(app.orgs.association, "430100", n),
                )
                .await),
            s(app
                .post(
                    &token,
                    "/api/v1/organizations",
                    &org_body(app.foreign.association, "440300", n + 1),
                )
                .await),
        );

        let import = |employer_code: String, seq: u16| {
            let id =
                ::directory::demo::national_id("430105", time::macros::date!(1979 - 08 - 08), seq);
            format!(
                "姓名,性别,出生日期,身份证号,工作单位统一社会信用代码\n导入{seq},男,1979-08-08,{id},{employer_code}\n"
            )
        };
        let code_of = |o: Value| o["credit_code"].as_str().unwrap().to_owned();
        let home_code = code_of(
            app.get(
                &admin,
                &format!("/api/v1/organizations/{}", app.orgs.by_key(h)),
            )
            .await
            .body,
        );
        let far_code = code_of(
            app.get(
                &admin,
                &format!("/api/v1/organizations/{}", app.foreign.by_key(h)),
            )
            .await
            .body,
        );
        let send_import = |csv: String| async {
            let submitted = app
                .send(
                    app.client
                        .post(app.url("/api/v1/persons/imports"))
                        .bearer_auth(&token)
                        .header("content-type", "text/csv")
                        .body(csv),
                )
                .await;
            let mut job = app.finished_job(&token, submitted).await;
            match job.body["state"].as_str() {
                Some("succeeded") => job.status = StatusCode::OK,
                Some("failed") => job.status = StatusCode::UNPROCESSABLE_ENTITY,
                _ => {}
            }
            job
        };
        cell(
            "POST /persons/imports",
            s(send_import(import(home_code, 2 * n + 1)).await),
            s(send_import(import(far_code, 2 * n + 3)).await),
        );

        let (own_user, own_m) = fresh_user(&app, &admin, app.orgs.by_key(h), 2 * n).await;
        let (far_user, far_m) = fresh_user(&app, &admin, app.foreign.by_key(h), 2 * n + 1).await;
        let (uo, uf) = fx.practitioner_user;
        cell(
            "GET /users/{id}/memberships",
            s(app
                .get(&token, &format!("/api/v1/users/{uo}/memberships"))
                .await),
            s(app
                .get(&token, &format!("/api/v1/users/{uf}/memberships"))
                .await),
        );
        let vo = version(&app, &admin, &format!("/api/v1/users/{uo}")).await;
        let vf = version(&app, &admin, &format!("/api/v1/users/{uf}")).await;
        let rename = json!({"display_name": format!("何明{n}")});
        cell(
            "PATCH /users/{id}",
            s(app
                .patch(&token, &format!("/api/v1/users/{uo}"), vo, &rename)
                .await),
            s(app
                .patch(&token, &format!("/api/v1/users/{uf}"), vf, &rename)
                .await),
        );
        let new_user = |org: Uuid, k: u16| {
            UserBuilder::new(&format!("new{k}"), org, &["practitioner"])
                .display_name("新用户")
                .password("New-User-Pass-2026")
                .build()
        };
        cell(
            "POST /users",
            s(app
                .post(&token, "/api/v1/users", &new_user(app.orgs.by_key(h), n))
                .await),
            s(app
                .post(
                    &token,
                    "/api/v1/users",
                    &new_user(app.foreign.by_key(h), n + 1),
                )
                .await),
        );
        let grant = |u: Uuid, org: Uuid| json!({"user_id": u, "organization_id": org, "roles": ["practitioner"]});
        cell(
            "POST /memberships",
            s(app
                .post(
                    &token,
                    "/api/v1/memberships",
                    &grant(own_user, app.orgs.by_key(h)),
                )
                .await),
            s(app
                .post(
                    &token,
                    "/api/v1/memberships",
                    &grant(far_user, app.foreign.by_key(h)),
                )
                .await),
        );
        let password = json!({"password": "Rotated-Pass-2026"});
        let put = |u: Uuid| {
            app.send(
                app.client
                    .put(app.url(&format!("/api/v1/users/{u}/password")))
                    .bearer_auth(&token)
                    .json(&password),
            )
        };
        cell(
            "PUT /users/{id}/password",
            s(put(own_user).await),
            s(put(far_user).await),
        );
        cell(
            "DELETE /memberships/{id}",
            s(app
                .delete(&token, &format!("/api/v1/memberships/{own_m}"))
                .await),
            s(app
                .delete(&token, &format!("/api/v1/memberships/{far_m}"))
                .await),
        );
        let listing = async |assoc: Uuid, person: Uuid| {
            let l = app
                .post(
                    &admin,
                    "/api/v1/blacklist",
                    &BlacklistBuilder::new(assoc, person).build(),
                )
                .await;
            assert_eq!(l.status.as_u16(), 201, "{:?}", l.body);
            l.body["id"].as_str().unwrap().to_owned()
        };
        let (b_own, b_far) = (
            listing(app.orgs.association, po).await,
            listing(app.foreign.association, pf).await,
        );
        let lift = async |entry: String| {
            app.post(
                &token,
                &format!("/api/v1/blacklist/{entry}/lifting"),
                &json!({"reason": "列入有误"}),
            )
            .await
        };
        cell(
            "POST /blacklist/{id}/lifting",
            s(lift(b_own).await),
            s(lift(b_far).await),
        );

        let sanctions = s(app.get(&token, "/api/v1/sanctions").await);
        cell("GET /sanctions", sanctions, sanctions);
        let impose = async |token: &str, assoc: Uuid, person: Uuid| {
            app.post(
                token,
                "/api/v1/sanctions",
                &SanctionBuilder::association_ban(assoc, person).build(),
            )
            .await
        };
        cell(
            "POST /sanctions",
            s(impose(&token, app.orgs.association, po).await),
            s(impose(&token, app.foreign.association, pf).await),
        );
        let sanction = async |assoc: Uuid, person: Uuid| {
            let a = impose(&admin, assoc, person).await;
            assert_eq!(a.status.as_u16(), 201, "{:?}", a.body);
            a.body["id"].as_str().unwrap().to_owned()
        };
        let (s_own, s_far) = (
            sanction(app.orgs.association, po).await,
            sanction(app.foreign.association, pf).await,
        );
        let lift_sanction = async |id: String| {
            app.post(
                &token,
                &format!("/api/v1/sanctions/{id}/lifting"),
                &json!({"reason": "处理有误"}),
            )
            .await
        };
        cell(
            "POST /sanctions/{id}/lifting",
            s(lift_sanction(s_own).await),
            s(lift_sanction(s_far).await),
        );

        let qualifications = |p: Uuid| format!("/api/v1/persons/{p}/qualifications");
        cell(
            "GET /persons/{id}/qualifications",
            s(app.get(&token, &qualifications(po)).await),
            s(app.get(&token, &qualifications(pf)).await),
        );
        let certificate = QualificationBuilder::evaluator_certificate().build();
        cell(
            "POST /persons/{id}/qualifications",
            s(app.post(&token, &qualifications(po), &certificate).await),
            s(app.post(&token, &qualifications(pf), &certificate).await),
        );
        let recorded = async |p: Uuid| {
            let a = app.post(&admin, &qualifications(p), &certificate).await;
            assert_eq!(a.status.as_u16(), 201, "{:?}", a.body);
            a.body["id"].as_str().unwrap().to_owned()
        };
        let (q_own, q_far) = (recorded(po).await, recorded(pf).await);
        let revoke = async |id: String| {
            app.post(
                &token,
                &format!("/api/v1/qualifications/{id}/revocation"),
                &json!({"reason": "证书已注销"}),
            )
            .await
        };
        cell(
            "POST /qualifications/{id}/revocation",
            s(revoke(q_own).await),
            s(revoke(q_far).await),
        );

        let relations = |p: Uuid| format!("/api/v1/persons/{p}/relations");
        cell(
            "GET /persons/{id}/relations",
            s(app.get(&token, &relations(po)).await),
            s(app.get(&token, &relations(pf)).await),
        );
        k += 2;
        let colleague = async |org: Uuid, m: u16| {
            let p = app
                .post(
                    &admin,
                    "/api/v1/persons",
                    &PersonBuilder::numbered(org, m).build(),
                )
                .await;
            assert_eq!(p.status.as_u16(), 201, "{:?}", p.body);
            Uuid::parse_str(p.body["id"].as_str().unwrap()).unwrap()
        };
        let (ro, rf) = (
            colleague(app.orgs.by_key(h), k).await,
            colleague(app.foreign.by_key(h), k + 1).await,
        );
        cell(
            "POST /persons/{id}/relations",
            s(app
                .post(&token, &relations(po), &RelationBuilder::new(ro).build())
                .await),
            s(app
                .post(&token, &relations(pf), &RelationBuilder::new(rf).build())
                .await),
        );
        let declared = async |a: Uuid, b: Uuid| {
            let d = app
                .post(
                    &admin,
                    &relations(a),
                    &RelationBuilder::new(b).kind("kin").build(),
                )
                .await;
            assert_eq!(d.status.as_u16(), 201, "{:?}", d.body);
            d.body["id"].as_str().unwrap().to_owned()
        };
        let (d_own, d_far) = (declared(po, ro).await, declared(pf, rf).await);
        cell(
            "DELETE /person-relations/{id}",
            s(app
                .delete(&token, &format!("/api/v1/person-relations/{d_own}"))
                .await),
            s(app
                .delete(&token, &format!("/api/v1/person-relations/{d_far}"))
                .await),
        );
    }
    assert_table(&expected(), &actual);
}
