//! One admission for every way into a class (TR-08): an officer's enrolment, a practitioner's
//! own and a batch all refuse a cancelled class and a class that has begun, and do not know
//! another association's class (404). Confirmation follows the same rule; no fee is taken for
//! a cancelled class.

use serde_json::json;
use test_support::builders::{
    ApprovalBuilder, BatchBuilder, CourseBuilder, EnrolmentBuilder, PaymentBuilder,
};
use test_support::ids::{CourseId, PersonId};
use test_support::rule;
use test_support::training::{cancelled, employee, new_class, setup, submitted};
use test_support::{Answer, PersonBuilder, StatusCode, TestApp, spawn_app};
use time::Duration;

/// The three ways in, for one class: officer (employee `n`), the practitioner themself
/// (person `n + 1`, linked to the `practitioner` login) and a batch (employee `n + 2`).
struct WaysIn {
    officer: String,
    practitioner: String,
    employee: PersonId,
    own_person: PersonId,
    batch_employee: PersonId,
}

async fn ways_in(app: &TestApp, n: u16) -> WaysIn {
    let practitioner = app.token("practitioner").await;
    let me = app.get(&practitioner, "/api/v1/me").await.body["user"]["id"].clone();
    let own = app
        .post(
            &app.token("admin").await,
            "/api/v1/persons",
            &PersonBuilder::numbered(app.orgs.institution, n + 1)
                .set("user_id", me)
                .build(),
        )
        .await;
    assert_eq!(own.status, StatusCode::CREATED, "{:?}", own.body);
    WaysIn {
        officer: app.token("ent.officer").await,
        practitioner,
        employee: employee(app, n).await,
        own_person: PersonId::of(&own),
        batch_employee: employee(app, n + 2).await,
    }
}

impl WaysIn {
    /// Logs in again (tokens live 15 minutes on a moved clock).
    async fn refresh(&mut self, app: &TestApp) {
        self.officer = app.token("ent.officer").await;
        self.practitioner = app.token("practitioner").await;
    }

    /// (officer's enrolment, own enrolment, batch) answers for `class`.
    async fn try_all(&self, app: &TestApp, class: &str) -> [Answer; 3] {
        let one = app
            .post(
                &self.officer,
                "/api/v1/enrolments",
                &EnrolmentBuilder::new(class, &self.employee).build(),
            )
            .await;
        let own = app
            .post(
                &self.practitioner,
                "/api/v1/enrolments",
                &EnrolmentBuilder::new(class, &self.own_person).build(),
            )
            .await;
        let batch = app
            .post(
                &self.officer,
                "/api/v1/enrolment-batches",
                &BatchBuilder::new(class, [&self.batch_employee]).build(),
            )
            .await;
        [one, own, batch]
    }
}

fn statuses(a: &[Answer; 3]) -> [(u16, String); 3] {
    a.each_ref()
        .map(|a| (a.status.as_u16(), rule(a).to_owned()))
}

fn admitted(a: &[Answer; 3]) {
    let got: Vec<u16> = a.iter().map(|a| a.status.as_u16()).collect();
    assert_eq!(
        got,
        vec![201, 201, 200],
        "{:?}",
        a.iter().map(|a| &a.body).collect::<Vec<_>>()
    );
    assert_eq!(
        a[2].body["enrolled"].as_array().map(Vec::len),
        Some(1),
        "{:?}",
        a[2].body
    );
}

#[tokio::test]
async fn tr_08_a_cancelled_class_admits_nobody_by_any_way_in_an_open_one_does() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let w = ways_in(&app, 51).await;
    let gone = new_class(&app, &s.staff, &s.course, s.starts_at, 30).await;
    cancelled(&app, &s.staff, &gone).await;
    let refused = w.try_all(&app, &gone).await;
    let tr08 = (422, "TR-08".to_owned());
    assert_eq!(
        statuses(&refused),
        [tr08.clone(), tr08.clone(), tr08.clone()],
        "{:?}",
        refused.iter().map(|a| &a.body).collect::<Vec<_>>()
    );
    admitted(&w.try_all(&app, &s.class).await);
}

#[tokio::test]
async fn tr_08_no_confirmation_into_a_cancelled_class_and_no_fee_for_one() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let approved = submitted(&app, &s, 54).await;
    let confirmed = submitted(&app, &s, 55).await;
    for id in [&approved, &confirmed] {
        let a = app
            .post(
                &s.manager,
                &format!("/api/v1/enrolments/{id}/approval"),
                &ApprovalBuilder::approve().build(),
            )
            .await;
        assert_eq!(a.status, StatusCode::OK, "{:?}", a.body);
    }
    let c = app
        .post(
            &s.staff,
            &format!("/api/v1/enrolments/{confirmed}/confirmation"),
            &json!(null),
        )
        .await;
    assert_eq!(c.body["status"], "confirmed", "{:?}", c.body);
    cancelled(&app, &s.staff, &s.class).await;

    let no_seat = app
        .post(
            &s.staff,
            &format!("/api/v1/enrolments/{approved}/confirmation"),
            &json!(null),
        )
        .await;
    assert_eq!(
        (no_seat.status, rule(&no_seat)),
        (StatusCode::UNPROCESSABLE_ENTITY, "TR-08"),
        "{:?}",
        no_seat.body
    );
    let no_fee = app
        .post(
            &s.finance,
            &format!("/api/v1/enrolments/{confirmed}/payment"),
            &PaymentBuilder::new().build(),
        )
        .await;
    assert_eq!(
        (no_fee.status, rule(&no_fee)),
        (StatusCode::UNPROCESSABLE_ENTITY, "TR-08"),
        "{:?}",
        no_fee.body
    );
    let e = app
        .get(&s.staff, &format!("/api/v1/enrolments/{approved}"))
        .await;
    assert_eq!(e.body["status"], "approved", "nothing changed");
    let e = app
        .get(&s.staff, &format!("/api/v1/enrolments/{confirmed}"))
        .await;
    assert_eq!(e.body["status"], "confirmed", "nothing changed");
}

#[tokio::test]
async fn tr_08_admission_and_confirmation_close_when_the_class_starts() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let mut w = ways_in(&app, 56).await;
    // Approved by the enterprise a day ahead, confirmed (or not) at the start.
    let waiting = submitted(&app, &s, 59).await;
    app.post(
        &s.manager,
        &format!("/api/v1/enrolments/{waiting}/approval"),
        &ApprovalBuilder::approve().build(),
    )
    .await;
    let late = new_class(&app, &s.staff, &s.course, s.starts_at, 30).await;

    app.clock.set(s.starts_at);
    w.refresh(&app).await;
    let refused = w.try_all(&app, &late).await;
    let tr08 = (422, "TR-08".to_owned());
    assert_eq!(
        statuses(&refused),
        [tr08.clone(), tr08.clone(), tr08.clone()],
        "at the start instant: {:?}",
        refused.iter().map(|a| &a.body).collect::<Vec<_>>()
    );
    let staff = app.token("assoc.staff").await;
    let too_late = app
        .post(
            &staff,
            &format!("/api/v1/enrolments/{waiting}/confirmation"),
            &json!(null),
        )
        .await;
    assert_eq!(
        (too_late.status, rule(&too_late)),
        (StatusCode::UNPROCESSABLE_ENTITY, "TR-08")
    );

    // One minute before the start everything is still open.
    app.clock.set(s.starts_at - Duration::minutes(1));
    w.refresh(&app).await;
    admitted(&w.try_all(&app, &late).await);
    let staff = app.token("assoc.staff").await;
    let in_time = app
        .post(
            &staff,
            &format!("/api/v1/enrolments/{waiting}/confirmation"),
            &json!(null),
        )
        .await;
    assert_eq!(in_time.body["status"], "confirmed", "{:?}", in_time.body);
}

#[tokio::test]
async fn tr_08_another_associations_class_is_not_found_by_any_way_in() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let w = ways_in(&app, 60).await;
    let far_staff = app.token("foreign.assoc.staff").await;
    let far_course = app
        .post(
            &far_staff,
            "/api/v1/courses",
            &CourseBuilder::remote(app.foreign.association, "广东燃气规范", "rules").build(),
        )
        .await;
    assert_eq!(
        far_course.status,
        StatusCode::CREATED,
        "{:?}",
        far_course.body
    );
    let far_class = new_class(
        &app,
        &far_staff,
        &CourseId::of(&far_course),
        s.starts_at,
        30,
    )
    .await;
    let refused = w.try_all(&app, &far_class).await;
    assert_eq!(
        refused.each_ref().map(|a| a.status),
        [StatusCode::NOT_FOUND; 3],
        "{:?}",
        refused.iter().map(|a| &a.body).collect::<Vec<_>>()
    );
    // An id that names no class at all answers the same.
    let none = w.try_all(&app, &uuid::Uuid::now_v7().to_string()).await;
    assert_eq!(
        none.each_ref().map(|a| a.status),
        [StatusCode::NOT_FOUND; 3]
    );
    admitted(&w.try_all(&app, &s.class).await);
}
