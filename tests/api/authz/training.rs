//! The rest of training: plans, teachers, archive, calendar, CE hours, accounts, batch
//! enrolment, self-study, materials, accident cases, practical assessment.

use super::{Table, TrainingFixture, assert_table, training_fixture};
use ::directory::demo::DEMO_USERS;
use serde_json::json;
use std::collections::BTreeMap;
use test_support::builders::{
    AccidentCaseBuilder, AccountChangeBuilder, ApprovalBuilder, BatchBuilder, CalendarDayBuilder,
    CeEntryBuilder, ClassTeacherBuilder, EnrolmentBuilder, PaymentBuilder, PlanBuilder,
    PracticalRecordBuilder, SessionBuilder, TeacherBuilder, UnitBuilder,
};
use test_support::ids::PersonId;
use test_support::{PersonBuilder, TestApp, spawn_app};
use time::macros::datetime;
use training::access::{Purpose, roles_for};
use uuid::Uuid;

/// The rest of the training endpoints (plans and their publication, teachers and dismissal,
/// archive, calendar, CE hours, enterprise accounts and change letters, batch enrolment,
/// self-study, materials, accident cases), every role × own and foreign tenant. Objects of the foreign tenant answer 404 to
/// everyone but the platform admin; writes at home answer 2xx only to the roles allowed.
fn training_endpoints_expected() -> Table {
    let mut t = BTreeMap::new();
    for (login, _, role, _) in DEMO_USERS {
        // Who may do what comes from training's one grant table; the fixture decides only
        // where (own tenant or foreign) and what the request meets after authorisation.
        let holds = |p: Purpose| roles_for(p).contains(&role);
        let admin = login == "admin";
        let regulator = login.starts_with("regulator");
        let staff = holds(Purpose::ManageTraining);
        let reads_association = holds(Purpose::ReadAssociationTraining);
        let finance_not_staff = reads_association && !staff;
        let far = |own: u16| (own, if admin { own } else { 404 });
        let reach = if regulator { 404 } else { 200 };
        let staff_only = if staff { 200 } else { 404 };
        t.insert(("GET /courses/{id}/units", login), far(reach));
        t.insert(("GET /courses/{id}/materials", login), far(reach));
        t.insert(("GET /accident-cases/{id}", login), far(reach));
        // Finance reads the plan for its fee publicity.
        t.insert(
            ("GET /plans/{id}", login),
            far(if reads_association { 200 } else { 404 }),
        );
        t.insert(("GET /teachers/{id}", login), far(staff_only));
        t.insert(("GET /classes/{id}/archive", login), far(staff_only));
        t.insert(("GET /classes/{id}/timetable", login), far(staff_only));
        t.insert(("GET /persons/{id}/ce-hours", login), far(staff_only));
        // The enterprise enrolment's chain; the head teacher marks attendance but does not
        // read eligibility.
        let in_chain = reads_association || holds(Purpose::ReadEnterpriseTraining);
        t.insert(
            ("GET /enrolments/{id}/eligibility", login),
            far(if in_chain { 200 } else { 404 }),
        );
        let enterprise_side = staff || holds(Purpose::ReadEnterpriseTraining);
        t.insert(
            ("GET /enterprises/{id}/accounts", login),
            far(if enterprise_side { 200 } else { 404 }),
        );
        // Writes at home; abroad the course or association is unknown.
        let in_reach_not_staff = if regulator { 404 } else { 403 };
        t.insert(
            ("POST /courses/{id}/units", login),
            far(if staff { 201 } else { in_reach_not_staff }),
        );
        let abroad_assoc = if admin {
            201
        } else if staff {
            422
        } else {
            403
        };
        t.insert(
            ("POST /accident-cases", login),
            (if staff { 201 } else { 403 }, abroad_assoc),
        );
        t.insert(
            ("POST /ce-hours", login),
            (if staff { 201 } else { 403 }, abroad_assoc),
        );
        // Batch enrolment of nobody valid: officers pass authorisation (422 report), others
        // are refused; abroad the class is unknown.
        let officer = holds(Purpose::Enrol);
        t.insert(
            ("POST /enrolment-batches", login),
            (
                if officer { 422 } else { 403 },
                if officer { 404 } else { 403 },
            ),
        );
        // Only a user linked to a person studies (the fixture links the practitioner, and the
        // teacher who teaches the class).
        let units = if regulator {
            404
        } else if matches!(login, "practitioner" | "teacher") {
            200
        } else {
            403
        };
        t.insert(("PUT /units/{id}/progress", login), far(units));
        // Practical records (TR-19): kept by the class's head teacher, its assigned teacher
        // and the association's staff; the class's session is unknown to everyone else.
        let keeps = if staff || matches!(login, "head.teacher" | "teacher") {
            200
        } else {
            404
        };
        for endpoint in [
            "PUT /sessions/{id}/practical-records/{enrolment_id}",
            "PUT /sessions/{id}/practical-records/{enrolment_id}/answer-sheet",
            "GET /sessions/{id}/practical-records/{enrolment_id}/answer-sheet",
            "GET /classes/{id}/practical-records",
        ] {
            t.insert((endpoint, login), far(keeps));
        }
        // Change letters (TR-07): the enterprise's officers and manager upload; the association
        // sees the change but does not file it. Acknowledging a change that has no letter yet
        // passes authorisation only for the association's staff, who then meet TR-07.
        let member = holds(Purpose::ReadEnterpriseTraining);
        t.insert(
            ("PUT /account-changes/{id}/letter", login),
            far(if admin || member {
                200
            } else if staff {
                403
            } else {
                404
            }),
        );
        t.insert(
            ("POST /account-changes/{id}/acknowledgement", login),
            far(if staff {
                422
            } else if member {
                403
            } else {
                404
            }),
        );
        // A material without a title: staff reach validation, the rest are refused first.
        t.insert(
            ("POST /courses/{id}/materials", login),
            far(if staff { 422 } else { in_reach_not_staff }),
        );
        // Publishing the published plan again: staff meet the conflict, finance reads plans
        // but does not publish them.
        t.insert(
            ("POST /plans/{id}/publication", login),
            far(if staff {
                409
            } else if finance_not_staff {
                403
            } else {
                404
            }),
        );
        // Dismissal without a reason: staff reach validation, nobody else sees the teacher.
        // A session's attendance: the class's head teacher and the association's staff.
        t.insert(
            ("GET /sessions/{id}/attendance", login),
            far(if staff || login == "head.teacher" {
                200
            } else {
                404
            }),
        );
        t.insert(
            ("POST /teachers/{id}/dismissal", login),
            far(if staff { 422 } else { 404 }),
        );
        t.insert(
            ("GET /classes/{id}/head-teacher-candidates", login),
            far(staff_only),
        );
        // Resubmitting the submitted enrolment: the officer meets TR-08 (it is not returned);
        // the rest of its chain sees it but does not resubmit.
        let chain_not_officer = reads_association || holds(Purpose::ApproveEnrolment);
        t.insert(
            ("POST /enrolments/{id}/resubmission", login),
            far(if officer {
                422
            } else if chain_not_officer {
                403
            } else {
                404
            }),
        );
        // Mending the published plan's fees: staff meet the conflict (as for publication).
        t.insert(
            ("PUT /plans/{id}/fee-publicity", login),
            far(if staff {
                409
            } else if finance_not_staff {
                403
            } else {
                404
            }),
        );
        // The exports are scoped lists: everyone who takes part in the association gets a
        // file (possibly empty) of the own class; a class filter naming another tenant's
        // class (or, for a regulator, any) is 404 as on every list (decision 121). The fee
        // ledger is finance's and the department's.
        let own_class = if regulator { 404 } else { 200 };
        t.insert(
            ("GET /enrolments/export", login),
            (own_class, if admin { 200 } else { 404 }),
        );
        let ledger = if reads_association { 200 } else { 403 };
        let far_ledger = if admin {
            200
        } else if reads_association {
            404
        } else {
            403
        };
        t.insert(("GET /fee-ledger/export", login), (ledger, far_ledger));
        // Calendar entries of an association (TR-18): changed and removed by those who add
        // them, its admin and staff; its finance reads them (403); to the rest, and abroad,
        // they do not exist.
        let edits = |ok: u16| {
            far(if staff {
                ok
            } else if finance_not_staff {
                403
            } else {
                404
            })
        };
        t.insert(("PUT /calendar-days/{id}", login), edits(200));
        t.insert(("DELETE /calendar-days/{id}", login), edits(204));
        t.insert(
            ("GET /calendar-days", login),
            (
                if reads_association { 200 } else { 404 },
                if admin { 200 } else { 404 },
            ),
        );
    }
    t
}

/// TR-19 objects of one tenant: a practical session of the fixture's class and a paid trainee
/// with a practical record and its answer sheet (so every reader has something to read). At
/// home the demo `teacher` account is also the class's assigned teacher. Returns the session
/// and the enrolment.
async fn practical_fixture(
    app: &TestApp,
    prefix: &str,
    orgs: &::directory::demo::DemoOrgs,
    fx: &TrainingFixture,
) -> (String, String) {
    let staff = app.token(&format!("{prefix}assoc.staff")).await;
    let admin = app.token("admin").await;
    let id = |a: &test_support::Answer| a.body["id"].as_str().unwrap_or_default().to_owned();
    let home = prefix.is_empty();
    let employee = app
        .post(
            &admin,
            "/api/v1/persons",
            &PersonBuilder::numbered(orgs.enterprise, if home { 487 } else { 488 }).build(),
        )
        .await;
    let e = app
        .post(
            &app.token(&format!("{prefix}ent.officer")).await,
            "/api/v1/enrolments",
            &EnrolmentBuilder::new(&fx.class, id(&employee)).build(),
        )
        .await;
    assert_eq!(e.status.as_u16(), 201, "{:?}", e.body);
    let e = id(&e);
    let steps = [
        (
            "ent.manager",
            "approval",
            ApprovalBuilder::approve().build(),
        ),
        ("assoc.staff", "confirmation", json!(null)),
        (
            "finance",
            "payment",
            PaymentBuilder::new()
                .fees(30000, 0)
                .set("payer", "燃气公司")
                .receipt(&format!("P-{prefix}1"))
                .build(),
        ),
    ];
    for (login, step, body) in steps {
        let r = app
            .post(
                &app.token(&format!("{prefix}{login}")).await,
                &format!("/api/v1/enrolments/{e}/{step}"),
                &body,
            )
            .await;
        assert_eq!(r.status.as_u16(), 200, "{step}: {:?}", r.body);
    }
    let session = app
        .post(
            &staff,
            &format!("/api/v1/classes/{}/sessions", fx.class),
            &SessionBuilder::new(datetime!(2027-03-02 02:00 UTC))
                .kind("practical")
                .build(),
        )
        .await;
    assert_eq!(session.status.as_u16(), 201, "{:?}", session.body);
    let session = id(&session);
    let path = format!("/api/v1/sessions/{session}/practical-records/{e}");
    let r = app
        .send(
            app.client
                .put(app.url(&path))
                .bearer_auth(&staff)
                .json(&PracticalRecordBuilder::short().build()),
        )
        .await;
    assert_eq!(r.status.as_u16(), 200, "{:?}", r.body);
    let sheet = app
        .send(
            app.client
                .put(app.url(&format!("{path}/answer-sheet")))
                .bearer_auth(&staff)
                .header("content-type", "application/pdf")
                .body(test_support::PDF.to_vec()),
        )
        .await;
    assert_eq!(sheet.status.as_u16(), 200, "{:?}", sheet.body);
    if home {
        let uid = app
            .get(&app.token("teacher").await, "/api/v1/me")
            .await
            .body["user"]["id"]
            .clone();
        let person = app
            .post(
                &admin,
                "/api/v1/persons",
                &PersonBuilder::numbered(orgs.training_centre, 486)
                    .set("user_id", uid)
                    .build(),
            )
            .await;
        assert_eq!(person.status.as_u16(), 201, "{:?}", person.body);
        test_support::training::council_term(app, &staff, "2024-01-01").await;
        let teacher =
            test_support::training::active_teacher(app, &staff, &PersonId::of(&person)).await;
        let assigned = app
            .post(
                &staff,
                &format!("/api/v1/classes/{}/teachers", fx.class),
                &ClassTeacherBuilder::new(&teacher).build(),
            )
            .await;
        assert_eq!(assigned.status.as_u16(), 201, "{:?}", assigned.body);
    }
    (session, e)
}

#[tokio::test]
async fn training_endpoints_match_the_table_for_every_role_and_tenant() {
    let app = spawn_app().await;
    let own = training_fixture(&app, "", &app.orgs, 490).await;
    let far = training_fixture(&app, "foreign.", &app.foreign, 494).await;
    let admin = app.token("admin").await;
    let id = |a: &test_support::Answer| a.body["id"].as_str().unwrap_or_default().to_owned();
    let mut objects = Vec::new();
    // Each tenant's own calendar entry, changed (idempotently) by every role.
    let mut days = Vec::new();
    for (prefix, orgs, fx) in [("", &app.orgs, &own), ("foreign.", &app.foreign, &far)] {
        let staff = app.token(&format!("{prefix}assoc.staff")).await;
        let day = app
            .post(
                &staff,
                "/api/v1/calendar-days",
                &CalendarDayBuilder::holiday(orgs.association, "2029-10-01", "国庆节").build(),
            )
            .await;
        assert_eq!(day.status.as_u16(), 201, "{:?}", day.body);
        days.push(id(&day));
        let practical = practical_fixture(&app, prefix, orgs, fx).await;
        let unit = app
            .post(
                &staff,
                &format!("/api/v1/courses/{}/units", fx.course),
                &UnitBuilder::new("第1讲", 1).build(),
            )
            .await;
        assert_eq!(unit.status.as_u16(), 201, "{:?}", unit.body);
        let case = app
            .post(
                &staff,
                "/api/v1/accident-cases",
                &AccidentCaseBuilder::new(orgs.association, "2024-01-01")
                    .set("title", "案例")
                    .set("equipment_category", "elevator")
                    .set("summary", "概要")
                    .set("lessons", "教训")
                    .courses([&fx.course])
                    .build(),
            )
            .await;
        assert_eq!(case.status.as_u16(), 201, "{:?}", case.body);
        let plan = app
            .post(
                &staff,
                "/api/v1/plans",
                &PlanBuilder::new(orgs.association, 2027).build(),
            )
            .await;
        assert_eq!(plan.status.as_u16(), 201, "{:?}", plan.body);
        let teacher_person = app
            .post(
                &admin,
                "/api/v1/persons",
                &PersonBuilder::numbered(
                    orgs.institution,
                    if prefix.is_empty() { 497 } else { 498 },
                )
                .build(),
            )
            .await;
        let teacher = app
            .post(
                &staff,
                "/api/v1/teachers",
                &TeacherBuilder::new(orgs.association, id(&teacher_person))
                    .subjects("燃气管道")
                    .build(),
            )
            .await;
        assert_eq!(teacher.status.as_u16(), 201, "{:?}", teacher.body);
        let person = app
            .get(&admin, &format!("/api/v1/enrolments/{}", fx.enrolments[0]))
            .await
            .body["person_id"]
            .as_str()
            .unwrap()
            .to_owned();
        let published = app
            .post(
                &staff,
                &format!("/api/v1/plans/{}/publication", id(&plan)),
                &json!(null),
            )
            .await;
        assert_eq!(published.status.as_u16(), 200, "{:?}", published.body);
        let user = |login: String| {
            let app = &app;
            async move {
                app.get(&app.token(&login).await, "/api/v1/me").await.body["user"]["id"].clone()
            }
        };
        let officer = user(format!("{prefix}ent.officer")).await;
        let manager = user(format!("{prefix}ent.manager")).await;
        let change = app
            .post(
                &app.token(&format!("{prefix}ent.manager")).await,
                &format!("/api/v1/enterprises/{}/account-changes", orgs.enterprise),
                &AccountChangeBuilder::new([&officer], &manager).build(),
            )
            .await;
        assert_eq!(change.status.as_u16(), 201, "{:?}", change.body);
        let session = app
            .post(
                &staff,
                &format!("/api/v1/classes/{}/sessions", fx.class),
                &SessionBuilder::new(datetime!(2027-03-01 02:00 UTC)).build(),
            )
            .await;
        assert_eq!(session.status.as_u16(), 201, "{:?}", session.body);
        objects.push((
            id(&unit),
            id(&case),
            id(&plan),
            id(&teacher),
            person,
            orgs.enterprise,
            orgs.association,
            id(&change),
            id(&session),
            practical,
        ));
    }
    let mut actual = Table::new();
    // Acknowledgements first, for every role, while neither change has its letter (the letter
    // uploads below would otherwise let the first staff member acknowledge it for real).
    for (login, _, _, _) in DEMO_USERS {
        let token = app.token(login).await;
        let ack = async |change: &str| {
            app.post(
                &token,
                &format!("/api/v1/account-changes/{change}/acknowledgement"),
                &json!(null),
            )
            .await
        };
        let own_ack = ack(&objects[0].7).await.status.as_u16();
        let far_ack = ack(&objects[1].7).await.status.as_u16();
        actual.insert(
            ("POST /account-changes/{id}/acknowledgement", login),
            (own_ack, far_ack),
        );
    }
    let mut n: i32 = 10;
    for (login, _, _, _) in DEMO_USERS {
        let token = app.token(login).await;
        let s = |a: test_support::Answer| a.status.as_u16();
        let (o, f) = (&objects[0], &objects[1]);
        let mut pair = |k: &'static str, own: u16, foreign: u16| {
            actual.insert((k, login), (own, foreign));
        };
        macro_rules! get2 {
            ($k:expr, $own:expr, $far:expr) => {
                pair(
                    $k,
                    s(app.get(&token, &$own).await),
                    s(app.get(&token, &$far).await),
                )
            };
        }
        get2!(
            "GET /courses/{id}/units",
            format!("/api/v1/courses/{}/units", own.course),
            format!("/api/v1/courses/{}/units", far.course)
        );
        get2!(
            "GET /courses/{id}/materials",
            format!("/api/v1/courses/{}/materials", own.course),
            format!("/api/v1/courses/{}/materials", far.course)
        );
        get2!(
            "GET /accident-cases/{id}",
            format!("/api/v1/accident-cases/{}", o.1),
            format!("/api/v1/accident-cases/{}", f.1)
        );
        get2!(
            "GET /plans/{id}",
            format!("/api/v1/plans/{}", o.2),
            format!("/api/v1/plans/{}", f.2)
        );
        get2!(
            "GET /teachers/{id}",
            format!("/api/v1/teachers/{}", o.3),
            format!("/api/v1/teachers/{}", f.3)
        );
        get2!(
            "GET /classes/{id}/archive",
            format!("/api/v1/classes/{}/archive", own.class),
            format!("/api/v1/classes/{}/archive", far.class)
        );
        get2!(
            "GET /classes/{id}/timetable",
            format!("/api/v1/classes/{}/timetable?format=xlsx", own.class),
            format!("/api/v1/classes/{}/timetable?format=xlsx", far.class)
        );
        get2!(
            "GET /persons/{id}/ce-hours",
            format!("/api/v1/persons/{}/ce-hours", o.4),
            format!("/api/v1/persons/{}/ce-hours", f.4)
        );
        get2!(
            "GET /enrolments/{id}/eligibility",
            format!("/api/v1/enrolments/{}/eligibility", own.enrolments[0]),
            format!("/api/v1/enrolments/{}/eligibility", far.enrolments[0])
        );
        get2!(
            "GET /enterprises/{id}/accounts",
            format!("/api/v1/enterprises/{}/accounts", o.5),
            format!("/api/v1/enterprises/{}/accounts", f.5)
        );
        get2!(
            "GET /sessions/{id}/attendance",
            format!("/api/v1/sessions/{}/attendance", o.8),
            format!("/api/v1/sessions/{}/attendance", f.8)
        );
        get2!(
            "GET /calendar-days",
            format!("/api/v1/calendar-days?association_id={}", o.6),
            format!("/api/v1/calendar-days?association_id={}", f.6)
        );
        n += 1;
        let change = json!({"kind": "holiday", "name": "国庆节"});
        let put_day = async |day: &str| {
            s(app
                .send(
                    app.client
                        .put(app.url(&format!("/api/v1/calendar-days/{day}")))
                        .bearer_auth(&token)
                        .json(&change),
                )
                .await)
        };
        pair(
            "PUT /calendar-days/{id}",
            put_day(&days[0]).await,
            put_day(&days[1]).await,
        );
        // A fresh entry in each tenant for each role's removal.
        let fresh = async |staff: &str, a: Uuid| {
            let d = app
                .post(
                    &app.token(staff).await,
                    "/api/v1/calendar-days",
                    &CalendarDayBuilder::holiday(
                        a,
                        &(time::macros::date!(2030 - 01 - 01) + time::Duration::days(n.into()))
                            .to_string(),
                        "探针",
                    )
                    .build(),
                )
                .await;
            assert_eq!(d.status.as_u16(), 201, "{:?}", d.body);
            id(&d)
        };
        let own_day = fresh("assoc.staff", o.6).await;
        let far_day = fresh("foreign.assoc.staff", f.6).await;
        let delete_day = async |day: &str| {
            s(app
                .send(
                    app.client
                        .delete(app.url(&format!("/api/v1/calendar-days/{day}")))
                        .bearer_auth(&token),
                )
                .await)
        };
        pair(
            "DELETE /calendar-days/{id}",
            delete_day(&own_day).await,
            delete_day(&far_day).await,
        );
        let unit_body = UnitBuilder::new("探针", n).minutes(5).build();
        pair(
            "POST /courses/{id}/units",
            s(app
                .post(
                    &token,
                    &format!("/api/v1/courses/{}/units", own.course),
                    &unit_body,
                )
                .await),
            s(app
                .post(
                    &token,
                    &format!("/api/v1/courses/{}/units", far.course),
                    &unit_body,
                )
                .await),
        );
        let case_body = |a: Uuid| {
            AccidentCaseBuilder::new(a, "2024-01-01")
                .set("title", "探针案例")
                .set("equipment_category", "boiler")
                .set("summary", "概要")
                .set("lessons", "教训")
                .without("course_ids")
                .build()
        };
        pair(
            "POST /accident-cases",
            s(app
                .post(&token, "/api/v1/accident-cases", &case_body(o.6))
                .await),
            s(app
                .post(&token, "/api/v1/accident-cases", &case_body(f.6))
                .await),
        );
        let ce_body = |p: &str, a: Uuid| {
            CeEntryBuilder::session(p, a, &format!("新法规宣贯{n}"), 2, "2026-11-01").build()
        };
        pair(
            "POST /ce-hours",
            s(app
                .post(&token, "/api/v1/ce-hours", &ce_body(&o.4, o.6))
                .await),
            s(app
                .post(&token, "/api/v1/ce-hours", &ce_body(&f.4, f.6))
                .await),
        );
        let batch = |class: &str| BatchBuilder::new(class, [Uuid::now_v7()]).build();
        pair(
            "POST /enrolment-batches",
            s(app
                .post(&token, "/api/v1/enrolment-batches", &batch(&own.class))
                .await),
            s(app
                .post(&token, "/api/v1/enrolment-batches", &batch(&far.class))
                .await),
        );
        let progress = |u: &str| {
            app.send(
                app.client
                    .put(app.url(&format!("/api/v1/units/{u}/progress")))
                    .bearer_auth(&token)
                    .json(&json!({"seconds_watched": 20})),
            )
        };
        pair(
            "PUT /units/{id}/progress",
            s(progress(&o.0).await),
            s(progress(&f.0).await),
        );
        let letter = |change: &str| {
            app.send(
                app.client
                    .put(app.url(&format!("/api/v1/account-changes/{change}/letter")))
                    .bearer_auth(&token)
                    .header("content-type", "application/pdf")
                    .body(test_support::PDF.to_vec()),
            )
        };
        pair(
            "PUT /account-changes/{id}/letter",
            s(letter(&o.7).await),
            s(letter(&f.7).await),
        );
        let material = |course: &str| {
            app.send(
                app.client
                    .post(app.url(&format!("/api/v1/courses/{course}/materials?title=%20")))
                    .bearer_auth(&token)
                    .header("content-type", "application/pdf")
                    .body(test_support::PDF.to_vec()),
            )
        };
        pair(
            "POST /courses/{id}/materials",
            s(material(&own.course).await),
            s(material(&far.course).await),
        );
        let publish = async |plan: &str| {
            app.post(
                &token,
                &format!("/api/v1/plans/{plan}/publication"),
                &json!(null),
            )
            .await
        };
        pair(
            "POST /plans/{id}/publication",
            s(publish(&o.2).await),
            s(publish(&f.2).await),
        );
        let dismiss = async |teacher: &str| {
            app.post(
                &token,
                &format!("/api/v1/teachers/{teacher}/dismissal"),
                &json!({"reason": " ", "broke_law": false}),
            )
            .await
        };
        pair(
            "POST /teachers/{id}/dismissal",
            s(dismiss(&o.3).await),
            s(dismiss(&f.3).await),
        );
        get2!(
            "GET /classes/{id}/head-teacher-candidates",
            format!("/api/v1/classes/{}/head-teacher-candidates", own.class),
            format!("/api/v1/classes/{}/head-teacher-candidates", far.class)
        );
        let resubmit = async |enrolment: &str| {
            app.post(
                &token,
                &format!("/api/v1/enrolments/{enrolment}/resubmission"),
                &json!(null),
            )
            .await
        };
        pair(
            "POST /enrolments/{id}/resubmission",
            s(resubmit(&own.enrolments[0]).await),
            s(resubmit(&far.enrolments[0]).await),
        );
        let fees = async |plan: &str| {
            app.send(
                app.client
                    .put(app.url(&format!("/api/v1/plans/{plan}/fee-publicity")))
                    .bearer_auth(&token)
                    .header("if-match", "\"2\"")
                    .json(&json!({"fees": [], "complaint_phone": ""})),
            )
            .await
        };
        pair(
            "PUT /plans/{id}/fee-publicity",
            s(fees(&o.2).await),
            s(fees(&f.2).await),
        );
        let (op, fp) = (&o.9, &f.9);
        let practical = |p: &(String, String), tail: &str| {
            app.url(&format!(
                "/api/v1/sessions/{}/practical-records/{}{tail}",
                p.0, p.1
            ))
        };
        let write = |p: &(String, String)| {
            app.send(
                app.client
                    .put(practical(p, ""))
                    .bearer_auth(&token)
                    .json(&PracticalRecordBuilder::short().build()),
            )
        };
        pair(
            "PUT /sessions/{id}/practical-records/{enrolment_id}",
            s(write(op).await),
            s(write(fp).await),
        );
        let sheet = |p: &(String, String)| {
            app.send(
                app.client
                    .put(practical(p, "/answer-sheet"))
                    .bearer_auth(&token)
                    .header("content-type", "application/pdf")
                    .body(test_support::PDF.to_vec()),
            )
        };
        pair(
            "PUT /sessions/{id}/practical-records/{enrolment_id}/answer-sheet",
            s(sheet(op).await),
            s(sheet(fp).await),
        );
        get2!(
            "GET /sessions/{id}/practical-records/{enrolment_id}/answer-sheet",
            format!(
                "/api/v1/sessions/{}/practical-records/{}/answer-sheet",
                op.0, op.1
            ),
            format!(
                "/api/v1/sessions/{}/practical-records/{}/answer-sheet",
                fp.0, fp.1
            )
        );
        get2!(
            "GET /classes/{id}/practical-records",
            format!("/api/v1/classes/{}/practical-records", own.class),
            format!("/api/v1/classes/{}/practical-records", far.class)
        );
        get2!(
            "GET /enrolments/export",
            format!("/api/v1/enrolments/export?class_id={}", own.class),
            format!("/api/v1/enrolments/export?class_id={}", far.class)
        );
        get2!(
            "GET /fee-ledger/export",
            format!("/api/v1/fee-ledger/export?class_id={}", own.class),
            format!("/api/v1/fee-ledger/export?class_id={}", far.class)
        );
    }
    assert_table(&training_endpoints_expected(), &actual);
}
