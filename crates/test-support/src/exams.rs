//! Exams journeys, in either tenant: a bank with a paper of its questions, a sitting of a
//! class with that paper, a trainee on its roster, an evaluator on its staff — each asserted
//! done, so that a test starts from the exam it is about.

use crate::builders::{
    BankBuilder, CandidateBuilder, EvaluatorBuilder, PaperBuilder, QualificationBuilder,
    QuestionBuilder, SittingBuilder, StaffBuilder,
};
use crate::ids::{EnrolmentId, PersonId};
use crate::people::person_for;
use crate::training::Setup;
use crate::{Answer, StatusCode, TestApp};
use directory::demo::DemoOrgs;
use time::Duration;

/// The `id` of an object the server answered 201 for.
pub fn created(a: &Answer) -> String {
    assert_eq!(a.status, StatusCode::CREATED, "{:?}", a.body);
    a.body["id"].as_str().unwrap_or_default().to_owned()
}

/// A bank with a true/false question (key: true) and, when `short`, a short answer; a fixed
/// paper of them. `officer` is the token of the exam officer who built them.
pub struct Paper {
    pub officer: String,
    pub bank: String,
    pub questions: Vec<String>,
    pub paper: String,
}

/// A [`Paper`] of the demo association, built by its exam officer.
pub async fn paper(app: &TestApp, short: bool) -> Paper {
    paper_in(app, "", app.orgs.association, short, |b| b).await
}

/// A [`Paper`] owned by `owner`, built by the exam officer `{prefix}exam.officer` (`prefix`
/// is `""` at home, `"foreign."` in the foreign tenant); `shape` changes the paper's body
/// (`PaperBuilder::with_station`, say).
pub async fn paper_in(
    app: &TestApp,
    prefix: &str,
    owner: uuid::Uuid,
    short: bool,
    shape: impl FnOnce(PaperBuilder) -> PaperBuilder,
) -> Paper {
    let officer = app.token(&format!("{prefix}exam.officer")).await;
    let bank = created(
        &app.post(
            &officer,
            "/api/v1/exam-banks",
            &BankBuilder::new(owner).build(),
        )
        .await,
    );
    let mut bodies = vec![QuestionBuilder::true_false()];
    if short {
        bodies.push(QuestionBuilder::short_answer());
    }
    let mut questions = Vec::new();
    for q in bodies {
        questions.push(created(
            &app.post(
                &officer,
                &format!("/api/v1/exam-banks/{bank}/questions"),
                &q.build(),
            )
            .await,
        ));
    }
    let refs: Vec<&str> = questions.iter().map(String::as_str).collect();
    let paper = created(
        &app.post(
            &officer,
            "/api/v1/exam-papers",
            &shape(PaperBuilder::fixed(&bank, &refs)).build(),
        )
        .await,
    );
    Paper {
        officer,
        bank,
        questions,
        paper,
    }
}

/// A sitting of the setup's class with the paper, open from an hour ago (for four hours).
pub async fn sitting(app: &TestApp, p: &Paper, s: &Setup) -> String {
    created(
        &app.post(
            &p.officer,
            "/api/v1/exam-sittings",
            &SittingBuilder::new(&s.class, &p.paper, app.now() - Duration::hours(1)).build(),
        )
        .await,
    )
}

/// The paper's exam officer puts enrolment `e` on the sitting's roster; the answer as it is.
pub async fn register(app: &TestApp, p: &Paper, sitting: &str, e: &EnrolmentId) -> Answer {
    app.post(
        &p.officer,
        &format!("/api/v1/exam-sittings/{sitting}/candidates"),
        &CandidateBuilder::new(e).build(),
    )
    .await
}

/// Records a qualification of `person` (the demo association's admin).
pub async fn qualify(app: &TestApp, person: &PersonId, q: QualificationBuilder) {
    qualify_in(app, "", person, q).await;
}

/// Records a qualification of `person` (the admin `{prefix}assoc.admin` of its association).
pub async fn qualify_in(app: &TestApp, prefix: &str, person: &PersonId, q: QualificationBuilder) {
    let admin = app.token(&format!("{prefix}assoc.admin")).await;
    created(
        &app.post(
            &admin,
            &format!("/api/v1/persons/{person}/qualifications"),
            &q.build(),
        )
        .await,
    );
}

/// The demo evaluator, with a person at the sub-centre, on the sitting's staff and first
/// marker of `candidate`; their token.
pub async fn evaluator_for(app: &TestApp, p: &Paper, sitting: &str, candidate: &str) -> String {
    evaluator_in(app, "", &app.orgs, p, sitting, candidate, 90).await;
    app.token("evaluator").await
}

/// The evaluator `{prefix}evaluator` given a person at the tenant's sub-centre (`n` makes its
/// ID number unique), qualified (EX-08), put on the sitting's staff and made first marker of
/// `candidate`: the person.
pub async fn evaluator_in(
    app: &TestApp,
    prefix: &str,
    orgs: &DemoOrgs,
    p: &Paper,
    sitting: &str,
    candidate: &str,
    n: u16,
) -> PersonId {
    let person = person_for(app, &format!("{prefix}evaluator"), orgs.sub_centre, n).await;
    qualify_in(
        app,
        prefix,
        &person,
        QualificationBuilder::evaluator_certificate(),
    )
    .await;
    qualify_in(
        app,
        prefix,
        &person,
        QualificationBuilder::commitment_letter(),
    )
    .await;
    created(
        &app.post(
            &p.officer,
            &format!("/api/v1/exam-sittings/{sitting}/staff"),
            &StaffBuilder::new(&person, "evaluator").build(),
        )
        .await,
    );
    let a = app
        .post(
            &p.officer,
            &format!("/api/v1/exam-candidates/{candidate}/evaluators"),
            &EvaluatorBuilder::new(&person, "first").build(),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{:?}", a.body);
    person
}
