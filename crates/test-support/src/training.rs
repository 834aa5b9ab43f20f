//! Training journeys: the states tests start from (`submitted(n)`, `approved(n)`,
//! `confirmed(n)`, `paid(n)`, a class with sessions, a deferral, a refund on its way), each
//! named by the state it leaves, so that a test says where it starts instead of repeating the
//! steps. The request bodies are in [`crate::builders`]; the ids are typed ([`crate::ids`]).

use crate::builders::{
    ApprovalBuilder, ClassBuilder, CourseBuilder, DeferralBuilder, EnrolmentBuilder,
    PaymentBuilder, PayoutBuilder, PersonBuilder, RefundBuilder, SessionBuilder, TeacherBuilder,
};
use crate::ids::{
    ClassId, CourseId, EnrolmentId, PersonId, RefundId, RequestId, SessionId, TeacherId,
};
use crate::{Answer, StatusCode, TestApp};
use directory::demo::DemoOrgs;
use serde_json::{Value, json};
use time::{Duration, OffsetDateTime};

pub use crate::builders::instant;

/// The demo tenant's clerks and one class of a fresh course.
#[derive(Clone)]
pub struct Setup {
    pub staff: String,
    pub officer: String,
    pub manager: String,
    pub finance: String,
    pub class: ClassId,
    pub course: CourseId,
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
    setup_in(app, "", &app.orgs, capacity).await
}

/// [`setup`] in the tenant of `orgs`, whose demo logins start with `prefix` (`""` at home,
/// `"foreign."` in the foreign tenant).
pub async fn setup_in(app: &TestApp, prefix: &str, orgs: &DemoOrgs, capacity: i32) -> Setup {
    let staff = app.token(&format!("{prefix}assoc.staff")).await;
    let course = app
        .post(
            &staff,
            "/api/v1/courses",
            &CourseBuilder::new(orgs.association).build(),
        )
        .await;
    assert_eq!(course.status, StatusCode::CREATED, "{:?}", course.body);
    assert_eq!(
        course.body["subject_kind"], "professional",
        "TR-01: the topic decides the subject kind"
    );
    let course = CourseId::of(&course);
    let starts_at = app.now() + Duration::days(10);
    let class = new_class(app, &staff, &course, starts_at, capacity).await;
    Setup {
        staff,
        officer: app.token(&format!("{prefix}ent.officer")).await,
        manager: app.token(&format!("{prefix}ent.manager")).await,
        finance: app.token(&format!("{prefix}finance")).await,
        class,
        course,
        starts_at,
    }
}

/// The `id` of a created object, as text (see [`crate::ids`] for the typed ones).
pub fn id(a: &Answer) -> String {
    a.body["id"].as_str().unwrap_or_default().to_owned()
}

/// Another class of `course` built by [`ClassBuilder`], `capacity` seats.
pub async fn new_class(
    app: &TestApp,
    staff: &str,
    course: &CourseId,
    starts_at: OffsetDateTime,
    capacity: i32,
) -> ClassId {
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
    ClassId::of(&c)
}

/// A person employed by the demo enterprise, `n` making the ID number unique.
pub async fn employee(app: &TestApp, n: u16) -> PersonId {
    person_of(app, app.orgs.enterprise, n).await
}

/// Person `n` of the demo sub-centre (an evaluator, or one to be).
pub async fn evaluator(app: &TestApp, n: u16) -> PersonId {
    person_of(app, app.orgs.sub_centre, n).await
}

/// Person `n` employed by `employer`, created by the association's admin.
async fn person_of(app: &TestApp, employer: uuid::Uuid, n: u16) -> PersonId {
    let admin = app.token("assoc.admin").await;
    let p = app
        .post(
            &admin,
            "/api/v1/persons",
            &PersonBuilder::numbered(employer, n).build(),
        )
        .await;
    assert_eq!(p.status, StatusCode::CREATED, "{:?}", p.body);
    PersonId::of(&p)
}

/// `POST /enrolments` of `person` in `class` as `token`; the answer as it is.
pub async fn enrol(app: &TestApp, token: &str, class: &ClassId, person: &PersonId) -> Answer {
    app.post(
        token,
        "/api/v1/enrolments",
        &EnrolmentBuilder::new(class, person).build(),
    )
    .await
}

/// An enrolment of employee `n` in the class, submitted by the enterprise officer: it waits
/// for the enterprise manager's approval.
pub async fn submitted(app: &TestApp, s: &Setup, n: u16) -> EnrolmentId {
    submitted_of(app, s, &employee(app, n).await).await
}

/// [`submitted`] for a person who exists already (a trainee with an account, say).
pub async fn submitted_of(app: &TestApp, s: &Setup, person: &PersonId) -> EnrolmentId {
    let e = enrol(app, &s.officer, &s.class, person).await;
    assert_eq!(e.status, StatusCode::CREATED, "{:?}", e.body);
    assert_eq!(e.body["status"], "submitted");
    EnrolmentId::of(&e)
}

/// An enrolment of employee `n` approved by the enterprise manager: it waits for the
/// association's confirmation.
pub async fn approved(app: &TestApp, s: &Setup, n: u16) -> EnrolmentId {
    approved_of(app, s, &employee(app, n).await).await
}

/// [`approved`] for a person who exists already.
pub async fn approved_of(app: &TestApp, s: &Setup, person: &PersonId) -> EnrolmentId {
    let id = submitted_of(app, s, person).await;
    let a = app
        .post(
            &s.manager,
            &format!("/api/v1/enrolments/{id}/approval"),
            &ApprovalBuilder::approve().build(),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{:?}", a.body);
    id
}

/// The association confirms an approved enrolment; the status it answers: `confirmed` with a
/// seat, `waitlisted` when the class is full.
pub async fn confirm(app: &TestApp, s: &Setup, enrolment: &EnrolmentId) -> String {
    let c = app
        .post(
            &s.staff,
            &format!("/api/v1/enrolments/{enrolment}/confirmation"),
            &Value::Null,
        )
        .await;
    assert_eq!(c.status, StatusCode::OK, "{:?}", c.body);
    c.body["status"].as_str().unwrap_or_default().to_owned()
}

/// An enrolment of employee `n` approved by the manager and confirmed by the association (a
/// seat, or the waiting list when the class is full): it waits for finance's fee.
pub async fn confirmed(app: &TestApp, s: &Setup, n: u16) -> EnrolmentId {
    confirmed_of(app, s, &employee(app, n).await).await
}

/// [`confirmed`] for a person who exists already.
pub async fn confirmed_of(app: &TestApp, s: &Setup, person: &PersonId) -> EnrolmentId {
    let id = approved_of(app, s, person).await;
    confirm(app, s, &id).await;
    id
}

/// An enrolment of employee `n` through the whole chain to paid (receipt `HN2026-n`): the
/// trainee holds a paid seat and has the class notice.
pub async fn paid(app: &TestApp, s: &Setup, n: u16) -> EnrolmentId {
    paid_of(app, s, &employee(app, n).await, n).await
}

/// [`paid`] for a person who exists already, with receipt `HN2026-n`.
pub async fn paid_of(app: &TestApp, s: &Setup, person: &PersonId, n: u16) -> EnrolmentId {
    let id = confirmed_of(app, s, person).await;
    let paid = app
        .post(
            &s.finance,
            &format!("/api/v1/enrolments/{id}/payment"),
            &PaymentBuilder::new()
                .receipt(&format!("HN2026-{n:04}"))
                .build(),
        )
        .await;
    assert_eq!(paid.status, StatusCode::OK, "{:?}", paid.body);
    id
}

/// `PUT /classes/{class}/head-teacher` naming `user`, as `staff`; the answer as it is.
pub async fn set_head_teacher(app: &TestApp, staff: &str, class: &ClassId, user: &str) -> Answer {
    app.send(
        app.client
            .put(app.url(&format!("/api/v1/classes/{class}/head-teacher")))
            .bearer_auth(staff)
            .json(&json!({"user_id": user})),
    )
    .await
}

/// A session added to the class by its staff (`SessionBuilder`); asserts it was created.
pub async fn session(app: &TestApp, s: &Setup, body: SessionBuilder) -> SessionId {
    let r = app
        .post(
            &s.staff,
            &format!("/api/v1/classes/{}/sessions", s.class),
            &body.build(),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    SessionId::of(&r)
}

/// A paid enrolment (employee `n`) in a class with the demo head teacher and three sessions
/// (days 1 to 3, three hours each): (setup, enrolment, sessions, head teacher's token).
pub async fn with_sessions(app: &TestApp, n: u16) -> (Setup, EnrolmentId, Vec<SessionId>, String) {
    let s = setup(app, 30).await;
    let enrolment = paid(app, &s, n).await;
    let t = app.token("head.teacher").await;
    let head = crate::people::user_id(app, "head.teacher").await;
    let set = set_head_teacher(app, &s.staff, &s.class, &head).await;
    assert_eq!(set.status, StatusCode::NO_CONTENT, "{:?}", set.body);
    let mut sessions = Vec::new();
    for day in 0..3 {
        sessions.push(
            session(
                app,
                &s,
                SessionBuilder::new(s.starts_at + Duration::days(day)),
            )
            .await,
        );
    }
    (s, enrolment, sessions, t)
}

/// The head teacher marks `enrolment` in `session`.
pub async fn mark(
    app: &TestApp,
    head: &str,
    session: &SessionId,
    enrolment: &EnrolmentId,
    presence: &str,
) -> Answer {
    app.post(
        head,
        &format!("/api/v1/sessions/{session}/attendance"),
        &json!({"enrolment_id": enrolment, "presence": presence}),
    )
    .await
}

/// The officer asks to defer `enrolment` (TR-10, reason 岗位调整): the request waits for the
/// head of the training department; the enrolment keeps its seat until then.
pub async fn deferral_asked(app: &TestApp, s: &Setup, enrolment: &EnrolmentId) -> RequestId {
    let r = app
        .post(
            &s.officer,
            &format!("/api/v1/enrolments/{enrolment}/deferral"),
            &DeferralBuilder::new().build(),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    RequestId::of(&r)
}

/// The deferral of `enrolment`, asked by the officer and approved into `target` by the head of
/// the training department (`assoc.admin`): the enrolment now belongs to `target`, its seat
/// has left the old class (and gone to the first on its waiting list, if any).
pub async fn deferred(
    app: &TestApp,
    s: &Setup,
    enrolment: &EnrolmentId,
    target: &ClassId,
) -> RequestId {
    let request = deferral_asked(app, s, enrolment).await;
    let moved = app
        .post(
            &app.token("assoc.admin").await,
            &format!("/api/v1/enrolment-requests/{request}/approval"),
            &DeferralBuilder::into_class(target),
        )
        .await;
    assert_eq!(moved.status, StatusCode::OK, "{:?}", moved.body);
    request
}

/// A refund of `enrolment` asked on `ground` (reason 离职) as `token`; the answer as it is.
pub async fn ask_refund(
    app: &TestApp,
    token: &str,
    enrolment: &EnrolmentId,
    ground: &str,
) -> Answer {
    app.post(
        token,
        &format!("/api/v1/enrolments/{enrolment}/refunds"),
        &RefundBuilder::new(ground).build(),
    )
    .await
}

/// One step of a refund (`department-confirmation`, `finance-confirmation`,
/// `leader-approval`, `payout` with a bank reference) as `token`; the answer as it is.
pub async fn refund_step(app: &TestApp, token: &str, refund: &RefundId, step: &str) -> Answer {
    let body = if step == "payout" {
        PayoutBuilder::new().build()
    } else {
        Value::Null
    };
    app.post(token, &format!("/api/v1/refunds/{refund}/{step}"), &body)
        .await
}

/// Walks a requested refund through the department's and finance's confirmations to the
/// leader's approval: it waits for finance's payout.
pub async fn refund_approved(app: &TestApp, refund: &RefundId) {
    let staff = app.token("assoc.staff").await;
    let finance = app.token("finance").await;
    let leader = app.token("assoc.admin").await;
    for (t, s) in [
        (&staff, "department-confirmation"),
        (&finance, "finance-confirmation"),
        (&leader, "leader-approval"),
    ] {
        let a = refund_step(app, t, refund, s).await;
        assert_eq!(a.status, StatusCode::OK, "{s}: {:?}", a.body);
    }
}

/// The payloads of every class notice in the outbox.
pub async fn class_notices(app: &TestApp) -> Vec<Value> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    kernel::entity::outbox::Entity::find()
        .filter(kernel::entity::outbox::Column::Topic.eq("training.class_notice"))
        .all(&app.dir.db)
        .await
        .unwrap_or_else(|e| panic!("outbox: {e}"))
        .into_iter()
        .map(|m| m.payload)
        .collect()
}

/// Audit actions recorded about one enrolment, oldest first.
pub async fn enrolment_audit(app: &TestApp, enrolment: &EnrolmentId) -> Vec<String> {
    let a = app
        .get(
            &app.token("assoc.admin").await,
            &format!("/api/v1/audit?object_type=enrolment&object_id={enrolment}&limit=200"),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{:?}", a.body);
    let mut out: Vec<String> = a.body["items"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|i| i["action"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    out.reverse();
    out
}

/// A council term of the demo association starting on `starts_on` (`YYYY-MM-DD`): teachers
/// appointed now serve until it ends (TR-05).
pub async fn council_term(app: &TestApp, staff: &str, starts_on: &str) {
    let c = app
        .post(
            staff,
            &format!(
                "/api/v1/associations/{}/council-terms",
                app.orgs.association
            ),
            &json!({"starts_on": starts_on}),
        )
        .await;
    assert_eq!(c.status, StatusCode::CREATED, "{:?}", c.body);
}

/// `person` taken into the demo association's teacher pool (subjects 燃气管道) from candidate
/// through selection to appointment: an active teacher, assignable to classes while the
/// council term runs.
pub async fn active_teacher(app: &TestApp, staff: &str, person: &PersonId) -> TeacherId {
    let t = app
        .post(
            staff,
            "/api/v1/teachers",
            &TeacherBuilder::new(app.orgs.association, person)
                .subjects("燃气管道")
                .build(),
        )
        .await;
    assert_eq!(t.status, StatusCode::CREATED, "{:?}", t.body);
    assert_eq!(t.body["status"], "candidate");
    let id = TeacherId::of(&t);
    let s = app
        .post(
            staff,
            &format!("/api/v1/teachers/{id}/selection"),
            &Value::Null,
        )
        .await;
    assert_eq!(s.body["status"], "selected", "{:?}", s.body);
    let a = app
        .post(
            staff,
            &format!("/api/v1/teachers/{id}/appointment"),
            &Value::Null,
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{:?}", a.body);
    assert_eq!(a.body["status"], "active");
    id
}

/// `class` cancelled by the association's `staff`: it admits nobody, its paid trainees may ask
/// for a TR-12 refund. The answer (the cancelled class).
pub async fn cancelled(app: &TestApp, staff: &str, class: &ClassId) -> Answer {
    let c = app
        .post(
            staff,
            &format!("/api/v1/classes/{class}/cancellation"),
            &Value::Null,
        )
        .await;
    assert_eq!(c.status, StatusCode::OK, "{:?}", c.body);
    c
}
