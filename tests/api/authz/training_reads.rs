//! The training screens' reads: classes, courses, enrolments, the inbox, my classes.

use super::{Table, assert_table, training_fixture};
use ::directory::demo::DEMO_USERS;
use serde_json::Value;
use std::collections::BTreeMap;
use test_support::spawn_app;
use training::access::{Purpose, roles_for};

/// The training screens' reads, every role × own and foreign tenant. Single objects answer a
/// status; for the lists (scoped, always 200) a cell counts how many of the fixture's own-tenant
/// and foreign-tenant objects the list shows, so a leak is a non-zero foreign count.
fn training_reads_expected() -> Table {
    let mut t = BTreeMap::new();
    for (login, _, role, _) in DEMO_USERS {
        let holds = |p: Purpose| roles_for(p).contains(&role);
        let admin = login == "admin";
        let regulator = login.starts_with("regulator");
        let association = holds(Purpose::ReadAssociationTraining) && !admin;
        let enterprise = holds(Purpose::ReadEnterpriseTraining);
        // Every member organization's people take part in the association's programme.
        t.insert(
            ("GET /classes/{id}", login),
            (
                if regulator { 404 } else { 200 },
                if admin { 200 } else { 404 },
            ),
        );
        t.insert(
            ("GET /courses", login),
            (u16::from(!regulator), u16::from(admin)),
        );
        // Fixture: one enterprise enrolment (submitted) and the practitioner's own one
        // (approved), in the head teacher's class; the same again abroad.
        let enrolments = if admin || association || login == "head.teacher" {
            2
        } else if enterprise || login == "practitioner" {
            1
        } else {
            0
        };
        t.insert(
            ("GET /enrolments", login),
            (enrolments, if admin { 2 } else { 0 }),
        );
        // Waiting: the submission for the manager, the confirmation for the department.
        let waiting = u16::from(
            holds(Purpose::ApproveEnrolment) || (holds(Purpose::ConfirmEnrolment) && !admin),
        );
        t.insert(("GET /inbox", login), (waiting, 0));
        t.insert(
            ("GET /me/classes", login),
            (u16::from(login == "practitioner"), 0),
        );
    }
    t
}

#[tokio::test]
async fn training_reads_match_the_table_for_every_role_and_tenant() {
    let app = spawn_app().await;
    let own = training_fixture(&app, "", &app.orgs, 470).await;
    let far = training_fixture(&app, "foreign.", &app.foreign, 480).await;
    let mut actual = Table::new();
    let ids_in = |v: &Value, key: &str| -> Vec<String> {
        v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|i| i[key].as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    let count = |ids: &[String], fx: &[String]| -> u16 {
        u16::try_from(ids.iter().filter(|i| fx.contains(i)).count()).unwrap_or(u16::MAX)
    };
    for (login, _, _, _) in DEMO_USERS {
        let token = app.token(login).await;
        let s = |a: &test_support::Answer| a.status.as_u16();
        let own_class = app
            .get(&token, &format!("/api/v1/classes/{}", own.class))
            .await;
        let far_class = app
            .get(&token, &format!("/api/v1/classes/{}", far.class))
            .await;
        actual.insert(("GET /classes/{id}", login), (s(&own_class), s(&far_class)));

        let ok = |a: test_support::Answer| -> Value {
            assert_eq!(a.status.as_u16(), 200, "{login}: {:?}", a.body);
            a.body
        };
        let courses = ids_in(
            &ok(app.get(&token, "/api/v1/courses?limit=200").await)["items"],
            "id",
        );
        actual.insert(
            ("GET /courses", login),
            (
                count(&courses, std::slice::from_ref(&own.course)),
                count(&courses, std::slice::from_ref(&far.course)),
            ),
        );
        let enrolments = ids_in(
            &ok(app.get(&token, "/api/v1/enrolments?limit=200").await)["items"],
            "id",
        );
        actual.insert(
            ("GET /enrolments", login),
            (
                count(&enrolments, &own.enrolments),
                count(&enrolments, &far.enrolments),
            ),
        );
        let inbox = ids_in(
            &ok(app.get(&token, "/api/v1/inbox").await)["items"],
            "object_id",
        );
        actual.insert(
            ("GET /inbox", login),
            (
                count(&inbox, &own.enrolments),
                count(&inbox, &far.enrolments),
            ),
        );
        let mine = ids_in(
            &ok(app.get(&token, "/api/v1/me/classes").await)["items"],
            "enrolment_id",
        );
        actual.insert(
            ("GET /me/classes", login),
            (count(&mine, &own.enrolments), count(&mine, &far.enrolments)),
        );
    }
    assert_table(&training_reads_expected(), &actual);
}
