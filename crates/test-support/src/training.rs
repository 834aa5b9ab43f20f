//! Training fixtures: builders for the bodies of a course, a class and a fee payment, and the
//! enrolment journeys tests start from (`submitted(n)`, `paid(n)`, a class with sessions), so
//! that a test says where it starts instead of repeating the steps in a `json!` blob.

use crate::{Answer, PersonBuilder, StatusCode, TestApp};
use serde_json::{Value, json};
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};

fn instant(t: OffsetDateTime) -> String {
    t.format(&Rfc3339).unwrap_or_default()
}

/// A valid course body of the demo association: a professional subject, 16 + 8 hours.
pub struct CourseBuilder {
    body: Value,
}

impl CourseBuilder {
    pub fn new(association: uuid::Uuid) -> Self {
        CourseBuilder {
            body: json!({
                "association_id": association, "name": "燃气管道安全技术规范",
                "topic": "safety_technical_specifications", "equipment_categories": ["pressure_pipeline"],
                "delivery": "face_to_face", "theory_hours": 16, "practical_hours": 8,
            }),
        }
    }

    pub fn set(mut self, key: &str, value: Value) -> Self {
        self.body[key] = value;
        self
    }

    pub fn build(self) -> Value {
        self.body
    }
}

/// A valid class body: three days from `starts_at`, 30 seats, ¥800 training and ¥200 exam fee.
pub struct ClassBuilder {
    body: Value,
}

impl ClassBuilder {
    pub fn new(course: &str, starts_at: OffsetDateTime) -> Self {
        ClassBuilder {
            body: json!({
                "course_id": course, "name": "2027年第1期燃气管道培训班",
                "starts_at": instant(starts_at), "ends_at": instant(starts_at + Duration::days(3)),
                "venue": "长沙市岳麓区培训中心201室", "capacity": 30, "training_fee": 80000, "exam_fee": 20000,
            }),
        }
    }

    pub fn capacity(self, seats: i32) -> Self {
        self.set("capacity", json!(seats))
    }

    pub fn set(mut self, key: &str, value: Value) -> Self {
        self.body[key] = value;
        self
    }

    pub fn build(self) -> Value {
        self.body
    }
}

/// The payment of a class built by [`ClassBuilder`]: the published fees, one receipt number.
pub fn fee() -> Value {
    json!({"training_fee": 80000, "exam_fee": 20000, "payer": "长沙新奥燃气有限公司", "method": "银行转账", "receipt_no": "HN2026-0001"})
}

/// The demo tenant's clerks and one class of a fresh course.
#[derive(Clone)]
pub struct Setup {
    pub staff: String,
    pub officer: String,
    pub manager: String,
    pub finance: String,
    pub class: String,
    pub course: String,
    pub starts_at: OffsetDateTime,
}

impl Setup {
    /// An hour into session `day` (0-based) of a class built by [`with_sessions`].
    pub fn during_session(&self, day: i64) -> OffsetDateTime {
        self.starts_at + Duration::days(day) + Duration::hours(1)
    }

    /// The instant the class ends (three days after it starts).
    pub fn ends_at(&self) -> OffsetDateTime {
        self.starts_at + Duration::days(3)
    }

    /// Moves the test clock to `at` and logs the clerks in again (access tokens live 15
    /// minutes); answers a fresh token of the demo head teacher.
    pub async fn travel(&mut self, app: &TestApp, at: OffsetDateTime) -> String {
        app.clock.set(at);
        self.staff = app.token("assoc.staff").await;
        self.officer = app.token("ent.officer").await;
        self.manager = app.token("ent.manager").await;
        self.finance = app.token("finance").await;
        app.token("head.teacher").await
    }
}

/// A course and a class starting ten days from the test clock, `capacity` seats.
pub async fn setup(app: &TestApp, capacity: i32) -> Setup {
    let staff = app.token("assoc.staff").await;
    let course = app
        .post(
            &staff,
            "/api/v1/courses",
            &CourseBuilder::new(app.orgs.association).build(),
        )
        .await;
    assert_eq!(course.status, StatusCode::CREATED, "{:?}", course.body);
    assert_eq!(
        course.body["subject_kind"], "professional",
        "TR-01: the topic decides the subject kind"
    );
    let course = id(&course);
    let starts_at = app.now() + Duration::days(10);
    let class = new_class(app, &staff, &course, starts_at, capacity).await;
    Setup {
        staff,
        officer: app.token("ent.officer").await,
        manager: app.token("ent.manager").await,
        finance: app.token("finance").await,
        class,
        course,
        starts_at,
    }
}

/// The `id` of a created object.
pub fn id(a: &Answer) -> String {
    a.body["id"].as_str().unwrap_or_default().to_owned()
}

/// Another class of `course`.
pub async fn new_class(
    app: &TestApp,
    staff: &str,
    course: &str,
    starts_at: OffsetDateTime,
    capacity: i32,
) -> String {
    let c = app
        .post(
            staff,
            "/api/v1/classes",
            &ClassBuilder::new(course, starts_at)
                .capacity(capacity)
                .build(),
        )
        .await;
    assert_eq!(c.status, StatusCode::CREATED, "{:?}", c.body);
    id(&c)
}

/// A person employed by the demo enterprise, `n` making the ID number unique.
pub async fn employee(app: &TestApp, n: u16) -> String {
    let admin = app.token("assoc.admin").await;
    let p = app
        .post(
            &admin,
            "/api/v1/persons",
            &PersonBuilder::numbered(app.orgs.enterprise, n).build(),
        )
        .await;
    assert_eq!(p.status, StatusCode::CREATED, "{:?}", p.body);
    id(&p)
}

/// An enrolment of employee `n` in the class, submitted by the enterprise officer.
pub async fn submitted(app: &TestApp, s: &Setup, n: u16) -> String {
    let person = employee(app, n).await;
    let e = app
        .post(
            &s.officer,
            "/api/v1/enrolments",
            &json!({"class_id": s.class, "person_id": person}),
        )
        .await;
    assert_eq!(e.status, StatusCode::CREATED, "{:?}", e.body);
    assert_eq!(e.body["status"], "submitted");
    id(&e)
}

/// An enrolment of employee `n` approved by the manager and confirmed by the association.
pub async fn confirmed(app: &TestApp, s: &Setup, n: u16) -> String {
    let id = submitted(app, s, n).await;
    let approved = app
        .post(
            &s.manager,
            &format!("/api/v1/enrolments/{id}/approval"),
            &json!({"decision": "approve"}),
        )
        .await;
    assert_eq!(approved.status, StatusCode::OK, "{:?}", approved.body);
    let confirmed = app
        .post(
            &s.staff,
            &format!("/api/v1/enrolments/{id}/confirmation"),
            &json!(null),
        )
        .await;
    assert_eq!(confirmed.status, StatusCode::OK, "{:?}", confirmed.body);
    id
}

/// An enrolment of employee `n` through the whole chain to paid (receipt `HN2026-n`).
pub async fn paid(app: &TestApp, s: &Setup, n: u16) -> String {
    let id = confirmed(app, s, n).await;
    let mut f = fee();
    f["receipt_no"] = json!(format!("HN2026-{n:04}"));
    let paid = app
        .post(&s.finance, &format!("/api/v1/enrolments/{id}/payment"), &f)
        .await;
    assert_eq!(paid.status, StatusCode::OK, "{:?}", paid.body);
    id
}

/// A paid enrolment (employee `n`) in a class with the demo head teacher and three sessions
/// (days 1 to 3, three hours each): (setup, enrolment, sessions, head teacher's token).
pub async fn with_sessions(app: &TestApp, n: u16) -> (Setup, String, Vec<String>, String) {
    let s = setup(app, 30).await;
    let enrolment = paid(app, &s, n).await;
    let t = app.token("head.teacher").await;
    let head = app.get(&t, "/api/v1/me").await.body["user"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let set = app
        .send(
            app.client
                .put(app.url(&format!("/api/v1/classes/{}/head-teacher", s.class)))
                .bearer_auth(&s.staff)
                .json(&json!({"user_id": head})),
        )
        .await;
    assert_eq!(set.status, StatusCode::NO_CONTENT, "{:?}", set.body);
    let mut sessions = Vec::new();
    for day in 0..3 {
        let start = s.starts_at + Duration::days(day);
        let r = app
            .post(
                &s.staff,
                &format!("/api/v1/classes/{}/sessions", s.class),
                &json!({"starts_at": instant(start), "ends_at": instant(start + Duration::hours(3))}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
        sessions.push(id(&r));
    }
    (s, enrolment, sessions, t)
}

/// The head teacher marks `enrolment` in `session`.
pub async fn mark(
    app: &TestApp,
    head: &str,
    session: &str,
    enrolment: &str,
    presence: &str,
) -> Answer {
    app.post(
        head,
        &format!("/api/v1/sessions/{session}/attendance"),
        &json!({"enrolment_id": enrolment, "presence": presence}),
    )
    .await
}
