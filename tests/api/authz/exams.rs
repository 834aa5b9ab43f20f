//! Exams: question banks, questions and papers (EX-09), sittings with their roster, staff,
//! incidents, recordings and results, the candidate's attempt and its marking.

use super::{Table, assert_table};
use ::directory::demo::{DEMO_USERS, DemoOrgs};
use exams::access::{Purpose, roles_for};
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap};
use test_support::builders::{
    AnswerBuilder, BankBuilder, CandidateBuilder, EvaluatorBuilder, IncidentBuilder, PaperBuilder,
    QuestionBuilder, RecordingBuilder, RetakeFeeBuilder, SittingBuilder, StaffBuilder,
    StationScoreBuilder,
};
use test_support::exams::{Paper, created, evaluator_in, paper_in, register, sitting};
use test_support::ids::{EnrolmentId, PersonId};
use test_support::people::person_for;
use test_support::training::{Setup, paid_of, setup_in};
use test_support::{PersonBuilder, StatusCode, TestApp, spawn_app};
use time::Duration;
use training::access::Purpose as Tr;

/// The exams endpoints, every demo role × own and foreign tenant. Who may do what comes from
/// exams' grant table (`exams::access`, and training's for the fee finance records); the
/// fixture decides only where (own tenant or foreign) and what a request meets once it is
/// allowed. Proctors, evaluators and candidates act by assignment, not by a grant: the
/// fixture assigns the demo `proctor` and `evaluator` to the sitting and makes the demo
/// `practitioner` its candidate.
///
/// A single object answers a status. A list (scoped, not refused) answers how many of the
/// fixture's own-tenant and foreign-tenant objects it shows, so a leak is a non-zero foreign
/// count; a refused list answers its status in both columns. An endpoint of no tenant (the
/// import template, the retake fees to collect) answers the same status in both columns.
fn exams_expected() -> Table {
    let mut t = BTreeMap::new();
    for (login, _, role, org) in DEMO_USERS {
        let holds = |p: Purpose| roles_for(p).contains(&role);
        // The fixture's banks, papers, classes and sittings are the association's: a role
        // holding a purpose in another organization (the institution's or the sub-centre's
        // admin keeping their own banks) reaches none of them.
        let here = |p: Purpose| holds(p) && org == "association";
        let admin = login == "admin";
        let far = |own: u16| (own, if admin { own } else { 404 });
        let both = |s: u16| (s, s);
        let keeps_somewhere = holds(Purpose::ManageBanks);
        let keeper = here(Purpose::ManageBanks);
        let runs = here(Purpose::RunSittings);
        let reads_results = here(Purpose::ReadResults);
        let (proctor, evaluator, candidate) = (
            login == "proctor",
            login == "evaluator",
            login == "practitioner",
        );

        // EX-09: banks, questions and papers are the owning body's alone; to everyone else,
        // the platform administrator included, they do not exist.
        let kept = far(if keeper { 200 } else { 404 });
        for endpoint in [
            "GET /exam-banks/{id}",
            "GET /exam-banks/{id}/questions",
            "GET /exam-banks/{id}/export",
            "GET /exam-questions/{id}",
            "GET /exam-papers/{id}",
            "GET /exam-papers/{id}/draw",
        ] {
            t.insert((endpoint, login), kept);
        }
        let bank_list = if keeps_somewhere {
            (u16::from(keeper), 0)
        } else {
            both(403)
        };
        t.insert(("GET /exam-banks", login), bank_list);
        t.insert(("GET /exam-papers", login), bank_list);
        t.insert(
            ("GET /exam-question-template", login),
            both(if keeps_somewhere { 200 } else { 403 }),
        );
        t.insert(
            ("POST /exam-banks/{id}/questions", login),
            far(if keeper { 201 } else { 404 }),
        );
        for endpoint in [
            "POST /exam-banks/{id}/question-imports",
            "PUT /exam-questions/{id}",
            "POST /exam-questions/{id}/retirement",
        ] {
            t.insert((endpoint, login), kept);
        }
        // A bank or paper for another body than one's own: refused before anything is looked
        // up without the purpose, unknown (422 on the field) with it.
        let create = (
            if keeper {
                201
            } else if keeps_somewhere {
                422
            } else {
                403
            },
            if keeps_somewhere { 422 } else { 403 },
        );
        t.insert(("POST /exam-banks", login), create);
        t.insert(("POST /exam-papers", login), create);

        // Sittings: run by the association's exam side; the training department follows
        // their results (ReadResults) but does not open a sitting (EX-06).
        t.insert(
            ("GET /exam-sittings", login),
            if holds(Purpose::ReadResults) {
                (u16::from(reads_results), u16::from(admin))
            } else {
                both(403)
            },
        );
        t.insert(
            ("POST /exam-sittings", login),
            (
                if runs { 201 } else { 403 },
                if admin {
                    201
                } else if runs {
                    422
                } else {
                    403
                },
            ),
        );
        let staffed = far(if runs || proctor || evaluator {
            200
        } else {
            404
        });
        for endpoint in [
            "GET /exam-sittings/{id}",
            "GET /exam-sittings/{id}/candidates",
            "GET /exam-sittings/{id}/staff",
            "GET /exam-sittings/{id}/incidents",
        ] {
            t.insert((endpoint, login), staffed);
        }
        let proctored = |ok: u16| far(if runs || proctor { ok } else { 404 });
        t.insert(("GET /exam-sittings/{id}/record", login), proctored(200));
        t.insert(
            ("POST /exam-sittings/{id}/incidents", login),
            proctored(201),
        );
        t.insert(
            ("POST /exam-sittings/{id}/recordings", login),
            proctored(201),
        );
        t.insert(
            ("POST /exam-candidates/{id}/sign-in", login),
            proctored(200),
        );
        let run = |ok: u16| far(if runs { ok } else { 404 });
        t.insert(("POST /exam-sittings/{id}/candidates", login), run(201));
        t.insert(("POST /exam-sittings/{id}/roster", login), run(200));
        t.insert(("POST /exam-sittings/{id}/staff", login), run(201));
        t.insert(("DELETE /exam-staff/{id}", login), run(204));
        t.insert(("POST /exam-candidates/{id}/evaluators", login), run(200));
        t.insert(("POST /exam-sittings/{id}/results", login), run(200));
        // EX-10: the exam side may delete a recording, ten years on (422 before).
        t.insert(("DELETE /exam-recordings/{id}", login), run(422));
        let results = far(if reads_results { 200 } else { 404 });
        t.insert(("GET /exam-sittings/{id}/results", login), results);
        t.insert(("GET /exam-sittings/{id}/score-sheet", login), results);
        t.insert(
            ("GET /exam-candidates/{id}/stations", login),
            far(if runs || evaluator { 200 } else { 404 }),
        );
        let marker = far(if evaluator { 200 } else { 404 });
        t.insert(
            ("PUT /exam-candidates/{id}/stations/{station}", login),
            marker,
        );
        t.insert(("PUT /exam-attempts/{id}/marks/{position}", login), marker);
        t.insert(("GET /exam-marking", login), (u16::from(evaluator), 0));
        t.insert(
            ("GET /me/exam-duties", login),
            (u16::from(proctor || evaluator), 0),
        );

        // EX-02: a retake's fee is finance's (training's RecordPayment). The candidate owes
        // none, so finance meets the conflict; the association's other clerks and its exam
        // side see the candidate (403), nobody else does.
        let finance = training::access::roles_for(Tr::RecordPayment).contains(&role);
        let association_side = runs
            || (training::access::roles_for(Tr::ReadAssociationTraining).contains(&role)
                && org == "association");
        t.insert(
            ("POST /exam-candidates/{id}/retake-fee", login),
            (
                if finance {
                    409
                } else if association_side {
                    403
                } else {
                    404
                },
                if finance && admin { 409 } else { 404 },
            ),
        );
        t.insert(
            ("GET /exam-retake-fees", login),
            both(if finance { 200 } else { 403 }),
        );

        // The candidate's own attempt: nobody else's, not even the platform administrator's.
        let own = far(if candidate { 200 } else { 404 });
        for endpoint in [
            "POST /exam-sittings/{id}/attempt",
            "GET /exam-attempts/{id}",
            "PUT /exam-attempts/{id}/answers/{position}",
            "POST /exam-attempts/{id}/submission",
        ] {
            t.insert((endpoint, login), own);
        }
        t.insert(("GET /me/exams", login), (u16::from(candidate), 0));
    }
    t
}

/// A question sheet of the import template's columns with one good row.
const QUESTION_SHEET: &str =
    "题型,题干,选项,答案,分值,知识点,难度\n判断,电梯困人时应先断电。,,对,2,应急,2\n";

/// One tenant's exam: a class with two paid trainees (the demo practitioner, whose person the
/// enterprise employs, and another employee not on any roster yet), a paper of a true/false
/// question, a short answer and a practical station, and a sitting open since an hour ago
/// with the practitioner on its roster (attempt started), the demo proctor on its staff, the
/// demo evaluator as the practitioner's first marker, and a recording.
struct ExamFixture {
    prefix: &'static str,
    setup: Setup,
    paper: Paper,
    sitting: String,
    candidate: String,
    attempt: String,
    practitioner: EnrolmentId,
    other: EnrolmentId,
    proctor: PersonId,
    evaluator: PersonId,
    recording: String,
}

async fn exam_fixture(app: &TestApp, prefix: &'static str, orgs: &DemoOrgs, n: u16) -> ExamFixture {
    let setup = setup_in(app, prefix, orgs, 30).await;
    let paper = paper_in(
        app,
        prefix,
        orgs.association,
        true,
        PaperBuilder::with_station,
    )
    .await;
    let me = person_for(app, &format!("{prefix}practitioner"), orgs.enterprise, n).await;
    let practitioner = paid_of(app, &setup, &me, n).await;
    let employee = app
        .post(
            &app.token("admin").await,
            "/api/v1/persons",
            &PersonBuilder::numbered(orgs.enterprise, n + 1).build(),
        )
        .await;
    let other = paid_of(app, &setup, &PersonId::of(&employee), n + 1).await;
    let sitting = sitting(app, &paper, &setup).await;
    let candidate = created(&register(app, &paper, &sitting, &practitioner).await);
    let evaluator = evaluator_in(app, prefix, orgs, &paper, &sitting, &candidate, n + 2).await;
    let proctor = person_for(app, &format!("{prefix}proctor"), orgs.sub_centre, n + 3).await;
    created(
        &app.post(
            &paper.officer,
            &format!("/api/v1/exam-sittings/{sitting}/staff"),
            &StaffBuilder::new(&proctor, "proctor").build(),
        )
        .await,
    );
    let recording = created(
        &app.post(
            &paper.officer,
            &format!("/api/v1/exam-sittings/{sitting}/recordings"),
            &RecordingBuilder::new().build(),
        )
        .await,
    );
    let started = app
        .post(
            &app.token(&format!("{prefix}practitioner")).await,
            &format!("/api/v1/exam-sittings/{sitting}/attempt"),
            &Value::Null,
        )
        .await;
    assert_eq!(started.status, StatusCode::OK, "{:?}", started.body);
    ExamFixture {
        prefix,
        attempt: started.body["id"].as_str().unwrap_or_default().to_owned(),
        setup,
        paper,
        sitting,
        candidate,
        practitioner,
        other,
        proctor,
        evaluator,
        recording,
    }
}

/// A sitting of the fixture's class for one role's writes, so that each role meets it as
/// the exam officer left it: the practitioner on its roster, the proctor on its staff. The
/// sitting, the practitioner's candidate row and the proctor's staff row.
async fn probe_sitting(app: &TestApp, fx: &ExamFixture) -> (String, String, String) {
    let s = sitting(app, &fx.paper, &fx.setup).await;
    let c = created(&register(app, &fx.paper, &s, &fx.practitioner).await);
    let proctor = created(
        &app.post(
            &fx.paper.officer,
            &format!("/api/v1/exam-sittings/{s}/staff"),
            &StaffBuilder::new(&fx.proctor, "proctor").build(),
        )
        .await,
    );
    (s, c, proctor)
}

#[tokio::test]
async fn exams_endpoints_match_the_table_for_every_role_and_tenant() {
    let app = spawn_app().await;
    let fx = [
        exam_fixture(&app, "", &app.orgs, 300).await,
        exam_fixture(&app, "foreign.", &app.foreign, 320).await,
    ];
    let mut tokens = HashMap::new();
    for (login, _, _, _) in DEMO_USERS {
        tokens.insert(login, app.token(login).await);
    }
    let mut actual = Table::new();
    let s = |a: test_support::Answer| a.status.as_u16();
    let put = async |token: &str, path: String, body: Value| {
        app.send(
            app.client
                .put(app.url(&path))
                .bearer_auth(token)
                .json(&body),
        )
        .await
    };

    // The attempts first, for every role, while the practitioner's is still open: the
    // practitioner (last of the demo users) hands it in, and only then is it marked.
    for (i, (login, _, _, _)) in DEMO_USERS.into_iter().enumerate() {
        let token = &tokens[login];
        let mut row = Vec::new();
        for f in &fx {
            row.push([
                s(app
                    .post(
                        token,
                        &format!("/api/v1/exam-sittings/{}/attempt", f.sitting),
                        &Value::Null,
                    )
                    .await),
                s(app
                    .get(token, &format!("/api/v1/exam-attempts/{}", f.attempt))
                    .await),
                s(put(
                    token,
                    format!("/api/v1/exam-attempts/{}/answers/1", f.attempt),
                    AnswerBuilder::true_false(i64::try_from(i).unwrap_or(0) + 1, true).build(),
                )
                .await),
                s(app
                    .post(
                        token,
                        &format!("/api/v1/exam-attempts/{}/submission", f.attempt),
                        &Value::Null,
                    )
                    .await),
            ]);
        }
        for (k, endpoint) in [
            "POST /exam-sittings/{id}/attempt",
            "GET /exam-attempts/{id}",
            "PUT /exam-attempts/{id}/answers/{position}",
            "POST /exam-attempts/{id}/submission",
        ]
        .into_iter()
        .enumerate()
        {
            actual.insert((endpoint, login), (row[0][k], row[1][k]));
        }
    }

    let ids_in = |v: &Value, pointer: &str| -> Vec<String> {
        v["items"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|i| i.pointer(pointer)?.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    for (login, _, _, _) in DEMO_USERS {
        let token = &tokens[login];
        let mut pair = |k: &'static str, own: u16, foreign: u16| {
            actual.insert((k, login), (own, foreign));
        };
        // A list: how many of each tenant's fixture objects (`of`) it shows, or its refusal.
        let listed = async |path: &str, pointer: &str, of: fn(&ExamFixture) -> &str| {
            let a = app.get(token, path).await;
            if a.status != StatusCode::OK {
                return (a.status.as_u16(), a.status.as_u16());
            }
            let ids = ids_in(&a.body, pointer);
            let count = |f: &ExamFixture| {
                u16::try_from(ids.iter().filter(|i| *i == of(f)).count()).unwrap_or(u16::MAX)
            };
            (count(&fx[0]), count(&fx[1]))
        };
        macro_rules! get2 {
            ($k:expr, |$f:ident| $path:expr) => {{
                let own = {
                    let $f = &fx[0];
                    s(app.get(token, &$path).await)
                };
                let foreign = {
                    let $f = &fx[1];
                    s(app.get(token, &$path).await)
                };
                pair($k, own, foreign);
            }};
        }
        macro_rules! list {
            ($k:expr, $path:expr, $pointer:expr, |$f:ident| $of:expr) => {{
                let (own, foreign) = listed($path, $pointer, |$f| $of).await;
                pair($k, own, foreign);
            }};
        }

        // Banks, questions and papers.
        list!(
            "GET /exam-banks",
            "/api/v1/exam-banks?limit=200",
            "/id",
            |f| { f.paper.bank.as_str() }
        );
        list!(
            "GET /exam-papers",
            "/api/v1/exam-papers?limit=200",
            "/id",
            |f| { f.paper.paper.as_str() }
        );
        get2!("GET /exam-banks/{id}", |f| format!(
            "/api/v1/exam-banks/{}",
            f.paper.bank
        ));
        get2!("GET /exam-banks/{id}/questions", |f| format!(
            "/api/v1/exam-banks/{}/questions",
            f.paper.bank
        ));
        get2!("GET /exam-banks/{id}/export", |f| format!(
            "/api/v1/exam-banks/{}/export",
            f.paper.bank
        ));
        get2!("GET /exam-questions/{id}", |f| format!(
            "/api/v1/exam-questions/{}",
            f.paper.questions[0]
        ));
        get2!("GET /exam-papers/{id}", |f| format!(
            "/api/v1/exam-papers/{}",
            f.paper.paper
        ));
        get2!("GET /exam-papers/{id}/draw", |f| format!(
            "/api/v1/exam-papers/{}/draw?seed=7",
            f.paper.paper
        ));
        let template = s(app.get(token, "/api/v1/exam-question-template").await);
        pair("GET /exam-question-template", template, template);
        let mut own_and_far = Vec::new();
        for f in &fx {
            let orgs = if f.prefix.is_empty() {
                &app.orgs
            } else {
                &app.foreign
            };
            own_and_far.push([
                s(app
                    .post(
                        token,
                        "/api/v1/exam-banks",
                        &BankBuilder::new(orgs.association).build(),
                    )
                    .await),
                s(app
                    .post(
                        token,
                        &format!("/api/v1/exam-banks/{}/questions", f.paper.bank),
                        &QuestionBuilder::true_false().build(),
                    )
                    .await),
                s(app
                    .post(
                        token,
                        "/api/v1/exam-papers",
                        &PaperBuilder::fixed(&f.paper.bank, &[&f.paper.questions[0]]).build(),
                    )
                    .await),
                s(app
                    .post(
                        token,
                        "/api/v1/exam-sittings",
                        &SittingBuilder::new(
                            &f.setup.class,
                            &f.paper.paper,
                            app.now() - Duration::hours(1),
                        )
                        .build(),
                    )
                    .await),
            ]);
        }
        // A question of the role's own in each tenant, revised at the version it was added
        // at, then retired; a sheet of one good question imported into the bank.
        let mut row = Vec::new();
        for f in &fx {
            let question = created(
                &app.post(
                    &f.paper.officer,
                    &format!("/api/v1/exam-banks/{}/questions", f.paper.bank),
                    &QuestionBuilder::true_false().build(),
                )
                .await,
            );
            let path = format!("/api/v1/exam-questions/{question}");
            row.push([
                s(app
                    .send(
                        app.client
                            .put(app.url(&path))
                            .bearer_auth(token)
                            .header("if-match", "\"1\"")
                            .json(&QuestionBuilder::single_choice().build()),
                    )
                    .await),
                s(app
                    .post(token, &format!("{path}/retirement"), &Value::Null)
                    .await),
                s(app
                    .send(
                        app.client
                            .post(app.url(&format!(
                                "/api/v1/exam-banks/{}/question-imports",
                                f.paper.bank
                            )))
                            .bearer_auth(token)
                            .header("content-type", "text/csv")
                            .body(QUESTION_SHEET),
                    )
                    .await),
            ]);
        }
        for (k, endpoint) in [
            "PUT /exam-questions/{id}",
            "POST /exam-questions/{id}/retirement",
            "POST /exam-banks/{id}/question-imports",
        ]
        .into_iter()
        .enumerate()
        {
            pair(endpoint, row[0][k], row[1][k]);
        }
        for (k, endpoint) in [
            "POST /exam-banks",
            "POST /exam-banks/{id}/questions",
            "POST /exam-papers",
            "POST /exam-sittings",
        ]
        .into_iter()
        .enumerate()
        {
            pair(endpoint, own_and_far[0][k], own_and_far[1][k]);
        }

        // The fixture's sitting: reads, and the writes that leave it as it was.
        list!(
            "GET /exam-sittings",
            "/api/v1/exam-sittings?limit=200",
            "/id",
            |f| f.sitting.as_str()
        );
        get2!("GET /exam-sittings/{id}", |f| format!(
            "/api/v1/exam-sittings/{}",
            f.sitting
        ));
        get2!("GET /exam-sittings/{id}/candidates", |f| format!(
            "/api/v1/exam-sittings/{}/candidates",
            f.sitting
        ));
        get2!("GET /exam-sittings/{id}/staff", |f| format!(
            "/api/v1/exam-sittings/{}/staff",
            f.sitting
        ));
        get2!("GET /exam-sittings/{id}/incidents", |f| format!(
            "/api/v1/exam-sittings/{}/incidents",
            f.sitting
        ));
        get2!("GET /exam-sittings/{id}/record", |f| format!(
            "/api/v1/exam-sittings/{}/record",
            f.sitting
        ));
        get2!("GET /exam-sittings/{id}/results", |f| format!(
            "/api/v1/exam-sittings/{}/results",
            f.sitting
        ));
        get2!("GET /exam-sittings/{id}/score-sheet", |f| format!(
            "/api/v1/exam-sittings/{}/score-sheet",
            f.sitting
        ));
        get2!("GET /exam-candidates/{id}/stations", |f| format!(
            "/api/v1/exam-candidates/{}/stations",
            f.candidate
        ));
        let fees = s(app.get(token, "/api/v1/exam-retake-fees").await);
        pair("GET /exam-retake-fees", fees, fees);
        list!(
            "GET /me/exams",
            "/api/v1/me/exams?limit=200",
            "/candidate_id",
            |f| f.candidate.as_str()
        );
        list!(
            "GET /me/exam-duties",
            "/api/v1/me/exam-duties?limit=200",
            "/sitting/id",
            |f| f.sitting.as_str()
        );
        list!(
            "GET /exam-marking",
            "/api/v1/exam-marking?limit=200",
            "/attempt_id",
            |f| f.attempt.as_str()
        );
        let mut row = Vec::new();
        for f in &fx {
            row.push([
                // Every eligible trainee not on the roster yet: the other employee, once.
                s(app
                    .post(
                        token,
                        &format!("/api/v1/exam-sittings/{}/roster", f.sitting),
                        &Value::Null,
                    )
                    .await),
                // The evaluator made first marker again (as they are).
                s(app
                    .post(
                        token,
                        &format!("/api/v1/exam-candidates/{}/evaluators", f.candidate),
                        &EvaluatorBuilder::new(&f.evaluator, "first").build(),
                    )
                    .await),
                s(app
                    .post(
                        token,
                        &format!("/api/v1/exam-candidates/{}/retake-fee", f.candidate),
                        &RetakeFeeBuilder::new().build(),
                    )
                    .await),
                s(app
                    .delete(token, &format!("/api/v1/exam-recordings/{}", f.recording))
                    .await),
                s(put(
                    token,
                    format!("/api/v1/exam-candidates/{}/stations/1", f.candidate),
                    StationScoreBuilder::new(&[50, 40]).build(),
                )
                .await),
                s(put(
                    token,
                    format!("/api/v1/exam-attempts/{}/marks/2", f.attempt),
                    json!({"points": 6}),
                )
                .await),
            ]);
        }
        for (k, endpoint) in [
            "POST /exam-sittings/{id}/roster",
            "POST /exam-candidates/{id}/evaluators",
            "POST /exam-candidates/{id}/retake-fee",
            "DELETE /exam-recordings/{id}",
            "PUT /exam-candidates/{id}/stations/{station}",
            "PUT /exam-attempts/{id}/marks/{position}",
        ]
        .into_iter()
        .enumerate()
        {
            pair(endpoint, row[0][k], row[1][k]);
        }

        // A sitting of the role's own in each tenant for the writes that change it, in the
        // order a sitting goes: roster and staff, sign-in, an incident (a first cheating: a
        // warning), a recording, the proctor taken off, the results.
        let mut row = Vec::new();
        for f in &fx {
            let (sitting, candidate, proctor) = probe_sitting(&app, f).await;
            let path = |tail: &str| format!("/api/v1/exam-sittings/{sitting}/{tail}");
            row.push([
                s(app
                    .post(
                        token,
                        &path("candidates"),
                        &CandidateBuilder::new(&f.other).build(),
                    )
                    .await),
                s(app
                    .post(
                        token,
                        &path("staff"),
                        &StaffBuilder::new(&f.evaluator, "setter").build(),
                    )
                    .await),
                s(app
                    .post(
                        token,
                        &format!("/api/v1/exam-candidates/{candidate}/sign-in"),
                        &Value::Null,
                    )
                    .await),
                s(app
                    .post(
                        token,
                        &path("incidents"),
                        &IncidentBuilder::new(&candidate, "cheating", app.now()).build(),
                    )
                    .await),
                s(app
                    .post(token, &path("recordings"), &RecordingBuilder::new().build())
                    .await),
                s(app
                    .delete(token, &format!("/api/v1/exam-staff/{proctor}"))
                    .await),
                s(app.post(token, &path("results"), &Value::Null).await),
            ]);
        }
        for (k, endpoint) in [
            "POST /exam-sittings/{id}/candidates",
            "POST /exam-sittings/{id}/staff",
            "POST /exam-candidates/{id}/sign-in",
            "POST /exam-sittings/{id}/incidents",
            "POST /exam-sittings/{id}/recordings",
            "DELETE /exam-staff/{id}",
            "POST /exam-sittings/{id}/results",
        ]
        .into_iter()
        .enumerate()
        {
            pair(endpoint, row[0][k], row[1][k]);
        }
    }
    assert_table(&exams_expected(), &actual);
}
