//! Exams (issue 16, EX-01..EX-11): question banks and papers (the owning body's exam officers
//! only, EX-09), sittings with their roster, staff and records, the candidate's online
//! attempt, marking, results, misconduct and the public bad-behaviour column.

use super::batch::ImportModeQuery;
use super::{Answer, Listed, PageParams, Versioned, created, no_content, ok, paged, versioned};
use crate::AppState;
use crate::extract::{Body, Caller, Edit, Sheet, xlsx_attachment};
use actix_web::web::{Data, Path, Query};
use actix_web::{delete, get, post, put};
use exams::attempts::{AnswerIn, AttemptView, MyExam, SaveOutcome};
use exams::bank_sheets::QuestionImportReport;
use exams::banks::{Bank, BankIn, Question, QuestionFilter, QuestionIn};
use exams::fees::{RetakeFee, RetakeFeeFilter, RetakeFeeIn};
use exams::marking::{MarkIn, StationScore, StationScoreIn, ToMark};
use exams::misconduct::{BadBehaviour, Incident, IncidentIn};
use exams::papers::{DrawParams, Paper, PaperIn};
use exams::records::{Recording, RecordingIn, SittingRecord};
use exams::results::ExamResult;
use exams::sittings::{Candidate, CandidateIn, RosterReport, Sitting, SittingFilter, SittingIn};
use exams::staff::{EvaluatorIn, MyDuty, StaffIn, StaffMember};
use kernel::Page;
use uuid::Uuid;

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_banks)
        .service(create_bank)
        .service(get_bank)
        .service(list_questions)
        .service(add_question)
        .service(question_template)
        .service(import_questions)
        .service(export_bank)
        .service(get_question)
        .service(revise_question)
        .service(retire_question)
        .service(list_papers)
        .service(create_paper)
        .service(get_paper)
        .service(draw_paper)
        .service(list_sittings)
        .service(create_sitting)
        .service(get_sitting)
        .service(list_candidates)
        .service(register_candidate)
        .service(register_class)
        .service(list_staff)
        .service(assign_staff)
        .service(remove_staff)
        .service(assign_evaluator)
        .service(record_retake_fee)
        .service(retake_fees)
        .service(sign_in_candidate)
        .service(score_station)
        .service(practical_scores)
        .service(my_exams)
        .service(my_duties)
        .service(start_attempt)
        .service(get_attempt)
        .service(save_answer)
        .service(submit_attempt)
        .service(marking_queue)
        .service(mark_answer)
        .service(publish_results)
        .service(list_results)
        .service(score_sheet)
        .service(list_incidents)
        .service(record_incident)
        .service(bad_behaviour)
        .service(sitting_record)
        .service(add_recording)
        .service(delete_recording);
}

impl Versioned for Question {
    fn version(&self) -> i32 {
        self.version
    }
}

// Question banks (EX-09).

/// The question banks of the bodies where the caller keeps banks.
#[utoipa::path(tag = "exams", params(PageParams), responses((status = 200, description = "A page", body = Page<Bank>)))]
#[get("/exam-banks")]
async fn list_banks(cx: Caller, page: Query<PageParams>) -> Answer {
    paged(cx.exams.list_banks(&cx.actor).await?, &page, |b| b.id)
}

/// Create a question bank for an exam body where the caller is an exam officer or its admin.
#[utoipa::path(tag = "exams", request_body = BankIn, responses((status = 201, description = "Created", body = Bank)))]
#[post("/exam-banks")]
async fn create_bank(cx: Caller, Body(input): Body<BankIn>) -> Answer {
    created(cx.exams.create_bank(&cx.actor, input).await?)
}

/// One question bank (the read is audited, EX-09).
#[utoipa::path(tag = "exams", params(("id" = Uuid, Path)), responses((status = 200, description = "The bank", body = Bank)))]
#[get("/exam-banks/{id}")]
async fn get_bank(cx: Caller, id: Path<Uuid>) -> Answer {
    ok(cx.exams.get_bank(&cx.actor, *id).await?)
}

/// A bank's questions at their current versions, with their keys (audited, EX-09).
#[utoipa::path(tag = "exams", params(("id" = Uuid, Path), QuestionFilter, PageParams), responses((status = 200, description = "A page", body = Page<Question>)))]
#[get("/exam-banks/{id}/questions")]
async fn list_questions(
    cx: Caller,
    id: Path<Uuid>,
    Listed(f, page): Listed<QuestionFilter>,
) -> Answer {
    paged(
        cx.exams.list_questions(&cx.actor, *id, &f).await?,
        &page,
        |q| q.id,
    )
}

/// Add a question (its key says its kind: single or multiple choice, true/false,
/// fill-in-the-blank, short answer).
#[utoipa::path(tag = "exams", params(("id" = Uuid, Path)), request_body = QuestionIn, responses((status = 201, description = "Added", body = Question)))]
#[post("/exam-banks/{id}/questions")]
async fn add_question(cx: Caller, id: Path<Uuid>, Body(input): Body<QuestionIn>) -> Answer {
    created(cx.exams.add_question(&cx.actor, *id, input).await?)
}

/// The question import template: the columns 题型, 题干, 选项, 答案, 分值, 知识点, 难度 and one
/// example row per kind.
#[utoipa::path(tag = "exams", responses((status = 200, description = "XLSX workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>)))]
#[get("/exam-question-template")]
async fn question_template(cx: Caller) -> Answer {
    let bytes = cx.exams.question_template(&cx.actor)?;
    Ok(xlsx_attachment(
        bytes,
        "question-template.xlsx",
        "%E8%AF%95%E9%A2%98%E5%AF%BC%E5%85%A5%E6%A8%A1%E6%9D%BF.xlsx",
    ))
}

/// Import a sheet of questions (CSV in UTF-8 or XLSX, the template's columns, at most 2000
/// rows). Every bad row is reported with its line, column and reason; with `mode:
/// all_or_nothing` (the default) one bad row means nothing is written (422 `import-rejected`).
#[utoipa::path(
    tag = "exams",
    params(("id" = Uuid, Path), ImportModeQuery),
    request_body(content(
        (Vec<u8> = "text/csv"),
        (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    )),
    responses((status = 200, description = "Imported and rejected rows", body = QuestionImportReport))
)]
#[post("/exam-banks/{id}/question-imports")]
async fn import_questions(
    cx: Caller,
    id: Path<Uuid>,
    q: Query<ImportModeQuery>,
    sheet: Sheet,
) -> Answer {
    ok(cx
        .exams
        .import_questions(&cx.actor, *id, sheet.format, &sheet.bytes, q.mode())
        .await?)
}

/// The bank's questions with their keys as the import's sheet (audited, EX-09).
#[utoipa::path(tag = "exams", params(("id" = Uuid, Path)), responses((status = 200, description = "XLSX workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>)))]
#[get("/exam-banks/{id}/export")]
async fn export_bank(cx: Caller, id: Path<Uuid>) -> Answer {
    let bytes = cx.exams.export_bank(&cx.actor, *id).await?;
    Ok(xlsx_attachment(
        bytes,
        "question-bank.xlsx",
        "%E9%A2%98%E5%BA%93.xlsx",
    ))
}

/// One question with its key; the `ETag` is its version (audited, EX-09).
#[utoipa::path(tag = "exams", params(("id" = Uuid, Path)), responses((status = 200, description = "The question", body = Question)))]
#[get("/exam-questions/{id}")]
async fn get_question(cx: Caller, id: Path<Uuid>) -> Answer {
    versioned(cx.exams.get_question(&cx.actor, *id).await?)
}

/// Revise a question: a new version (`If-Match` names the one read); papers and attempts
/// keep the versions they took.
#[utoipa::path(tag = "exams", params(("id" = Uuid, Path), ("If-Match" = String, Header, description = "The version read, as an entity tag")), request_body = QuestionIn, responses((status = 200, description = "The new version", body = Question)))]
#[put("/exam-questions/{id}")]
async fn revise_question(
    cx: Caller,
    id: Path<Uuid>,
    Edit(version, input): Edit<QuestionIn>,
) -> Answer {
    versioned(
        cx.exams
            .revise_question(&cx.actor, *id, &version, input)
            .await?,
    )
}

/// Retire a question: no paper draws it any more.
#[utoipa::path(tag = "exams", params(("id" = Uuid, Path)), responses((status = 200, description = "Retired", body = Question)))]
#[post("/exam-questions/{id}/retirement")]
async fn retire_question(cx: Caller, id: Path<Uuid>) -> Answer {
    ok(cx.exams.retire_question(&cx.actor, *id).await?)
}

// Papers (EX-01).

/// The papers of the caller's banks, newest first.
#[utoipa::path(tag = "exams", params(PageParams), responses((status = 200, description = "A page", body = Page<Paper>)))]
#[get("/exam-papers")]
async fn list_papers(cx: Caller, page: Query<PageParams>) -> Answer {
    paged(cx.exams.list_papers(&cx.actor).await?, &page, |p| p.id)
}

/// Build a paper: fixed questions, or a blueprint to draw each candidate's paper from; the
/// practical stations with their checklists.
#[utoipa::path(tag = "exams", request_body = PaperIn, responses((status = 201, description = "Created", body = Paper)))]
#[post("/exam-papers")]
async fn create_paper(cx: Caller, Body(input): Body<PaperIn>) -> Answer {
    created(cx.exams.create_paper(&cx.actor, input).await?)
}

/// One paper (audited, EX-09).
#[utoipa::path(tag = "exams", params(("id" = Uuid, Path)), responses((status = 200, description = "The paper", body = Paper)))]
#[get("/exam-papers/{id}")]
async fn get_paper(cx: Caller, id: Path<Uuid>) -> Answer {
    ok(cx.exams.get_paper(&cx.actor, *id).await?)
}

/// Preview the paper a candidate would draw with a seed (audited, EX-09).
#[utoipa::path(tag = "exams", params(("id" = Uuid, Path), DrawParams, PageParams), responses((status = 200, description = "A page of the questions drawn, in paper order", body = Page<Question>)))]
#[get("/exam-papers/{id}/draw")]
async fn draw_paper(cx: Caller, id: Path<Uuid>, Listed(q, page): Listed<DrawParams>) -> Answer {
    paged(
        cx.exams
            .preview_draw(&cx.actor, *id, q.seed.unwrap_or(0))
            .await?,
        &page,
        |q| q.id,
    )
}

// Sittings, roster and staff (EX-06..EX-08, EX-11, EX-02).

/// The sittings of the caller's associations, latest window first.
#[utoipa::path(tag = "exams", params(SittingFilter, PageParams), responses((status = 200, description = "A page", body = Page<Sitting>)))]
#[get("/exam-sittings")]
async fn list_sittings(cx: Caller, Listed(f, page): Listed<SittingFilter>) -> Answer {
    paged(cx.exams.list_sittings(&cx.actor, &f).await?, &page, |s| {
        s.id
    })
}

/// Plan a sitting for a class with a paper of its association.
#[utoipa::path(tag = "exams", request_body = SittingIn, responses((status = 201, description = "Planned", body = Sitting)))]
#[post("/exam-sittings")]
async fn create_sitting(cx: Caller, Body(input): Body<SittingIn>) -> Answer {
    created(cx.exams.create_sitting(&cx.actor, input).await?)
}

/// One sitting: its exam side and its staff.
#[utoipa::path(tag = "exams", params(("id" = Uuid, Path)), responses((status = 200, description = "The sitting", body = Sitting)))]
#[get("/exam-sittings/{id}")]
async fn get_sitting(cx: Caller, id: Path<Uuid>) -> Answer {
    ok(cx.exams.get_sitting(&cx.actor, *id).await?)
}

/// The roster (the seating plan), names with masked ID numbers.
#[utoipa::path(tag = "exams", params(("id" = Uuid, Path), PageParams), responses((status = 200, description = "A page", body = Page<Candidate>)))]
#[get("/exam-sittings/{id}/candidates")]
async fn list_candidates(cx: Caller, id: Path<Uuid>, page: Query<PageParams>) -> Answer {
    paged(
        cx.exams.list_candidates(&cx.actor, *id).await?,
        &page,
        |c| c.id,
    )
}

/// Register one trainee of the class (EX-11: enrolled, paid, TR-17 met, no active ban; EX-02
/// decides whether a retake's fee is due).
#[utoipa::path(tag = "exams", params(("id" = Uuid, Path)), request_body = CandidateIn, responses((status = 201, description = "Registered", body = Candidate)))]
#[post("/exam-sittings/{id}/candidates")]
async fn register_candidate(cx: Caller, id: Path<Uuid>, Body(input): Body<CandidateIn>) -> Answer {
    created(cx.exams.register_candidate(&cx.actor, *id, input).await?)
}

/// Register every eligible trainee of the class; the report lists who was left out and why.
#[utoipa::path(tag = "exams", params(("id" = Uuid, Path)), responses((status = 200, description = "What was done", body = RosterReport)))]
#[post("/exam-sittings/{id}/roster")]
async fn register_class(cx: Caller, id: Path<Uuid>) -> Answer {
    ok(cx.exams.register_class(&cx.actor, *id).await?)
}

/// The sitting's setters, proctors and evaluators.
#[utoipa::path(tag = "exams", params(("id" = Uuid, Path), PageParams), responses((status = 200, description = "A page", body = Page<StaffMember>)))]
#[get("/exam-sittings/{id}/staff")]
async fn list_staff(cx: Caller, id: Path<Uuid>, page: Query<PageParams>) -> Answer {
    paged(cx.exams.list_staff(&cx.actor, *id).await?, &page, |m| m.id)
}

/// Assign a setter, proctor or evaluator (EX-06 separation, EX-07 recusal, EX-08 evaluator
/// certificate and commitment letter).
#[utoipa::path(tag = "exams", params(("id" = Uuid, Path)), request_body = StaffIn, responses((status = 201, description = "Assigned", body = StaffMember)))]
#[post("/exam-sittings/{id}/staff")]
async fn assign_staff(cx: Caller, id: Path<Uuid>, Body(input): Body<StaffIn>) -> Answer {
    created(cx.exams.assign_staff(&cx.actor, *id, input).await?)
}

/// Take a person off a sitting's staff (before the results; an evaluator who has marked
/// stays).
#[utoipa::path(tag = "exams", params(("id" = Uuid, Path)), responses((status = 204, description = "Removed")))]
#[delete("/exam-staff/{id}")]
async fn remove_staff(cx: Caller, id: Path<Uuid>) -> Answer {
    cx.exams.remove_staff(&cx.actor, *id).await?;
    no_content()
}

/// Assign one of the sitting's evaluators to a candidate as first, second or third marker
/// (EX-07).
#[utoipa::path(tag = "exams", params(("id" = Uuid, Path)), request_body = EvaluatorIn, responses((status = 200, description = "The candidate", body = Candidate)))]
#[post("/exam-candidates/{id}/evaluators")]
async fn assign_evaluator(cx: Caller, id: Path<Uuid>, Body(input): Body<EvaluatorIn>) -> Answer {
    ok(cx.exams.assign_evaluator(&cx.actor, *id, input).await?)
}

/// The retakes whose new exam fee (EX-02) is due or recorded, for the association's finance.
#[utoipa::path(tag = "exams", params(RetakeFeeFilter, PageParams), responses((status = 200, description = "A page, soonest sitting first", body = Page<RetakeFee>)))]
#[get("/exam-retake-fees")]
async fn retake_fees(cx: Caller, Listed(f, page): Listed<RetakeFeeFilter>) -> Answer {
    paged(cx.exams.retake_fees(&cx.actor, &f).await?, &page, |r| {
        r.candidate_id
    })
}

/// Finance records a retake's exam fee (EX-02) into training's fee ledger: the class's
/// published exam fee (TR-08).
#[utoipa::path(tag = "exams", params(("id" = Uuid, Path)), request_body = RetakeFeeIn, responses((status = 200, description = "The candidate", body = Candidate)))]
#[post("/exam-candidates/{id}/retake-fee")]
async fn record_retake_fee(cx: Caller, id: Path<Uuid>, Body(input): Body<RetakeFeeIn>) -> Answer {
    ok(cx.exams.record_retake_fee(&cx.actor, *id, input).await?)
}

/// A proctor signs a candidate in.
#[utoipa::path(tag = "exams", params(("id" = Uuid, Path)), responses((status = 200, description = "The candidate", body = Candidate)))]
#[post("/exam-candidates/{id}/sign-in")]
async fn sign_in_candidate(cx: Caller, id: Path<Uuid>) -> Answer {
    ok(cx.exams.sign_in_candidate(&cx.actor, *id).await?)
}

/// The candidate's first evaluator scores a practical station (1-based) on its checklist,
/// with the records kept (TR-19).
#[utoipa::path(tag = "exams", params(("id" = Uuid, Path), ("station" = i32, Path)), request_body = StationScoreIn, responses((status = 200, description = "Scored", body = StationScore)))]
#[put("/exam-candidates/{id}/stations/{station}")]
async fn score_station(
    cx: Caller,
    path: Path<(Uuid, i32)>,
    Body(input): Body<StationScoreIn>,
) -> Answer {
    let (id, station) = *path;
    ok(cx
        .exams
        .score_station(&cx.actor, id, station, input)
        .await?)
}

/// The practical stations scored for a candidate so far (the candidate's evaluators and the
/// exam side).
#[utoipa::path(tag = "exams", params(("id" = Uuid, Path), PageParams), responses((status = 200, description = "A page, in station order", body = Page<StationScore>)))]
#[get("/exam-candidates/{id}/stations")]
async fn practical_scores(cx: Caller, id: Path<Uuid>, page: Query<PageParams>) -> Answer {
    paged(
        cx.exams.practical_scores(&cx.actor, *id).await?,
        &page,
        |s| s.id,
    )
}

// The candidate's attempt.

/// The sittings the caller is a candidate of, with their attempt and result.
#[utoipa::path(tag = "exams", params(PageParams), responses((status = 200, description = "A page", body = Page<MyExam>)))]
#[get("/me/exams")]
async fn my_exams(cx: Caller, page: Query<PageParams>) -> Answer {
    paged(cx.exams.my_exams(&cx.actor).await?, &page, |e| {
        e.candidate_id
    })
}

/// The sittings the caller proctors, evaluates or set, with the duties held there.
#[utoipa::path(tag = "exams", params(PageParams), responses((status = 200, description = "A page", body = Page<MyDuty>)))]
#[get("/me/exam-duties")]
async fn my_duties(cx: Caller, page: Query<PageParams>) -> Answer {
    paged(cx.exams.my_duties(&cx.actor).await?, &page, |d| {
        d.sitting.id
    })
}

/// Start (or resume) the caller's attempt: inside the window, still eligible (EX-11), a
/// retake's fee paid (EX-02). The deadline is the server's.
#[utoipa::path(tag = "exams", params(("id" = Uuid, Path)), responses((status = 200, description = "The attempt", body = AttemptView)))]
#[post("/exam-sittings/{id}/attempt")]
async fn start_attempt(cx: Caller, id: Path<Uuid>) -> Answer {
    ok(cx.exams.start_attempt(&cx.actor, *id).await?)
}

/// The caller's attempt: the paper as drawn, the answers saved, the server's clock.
#[utoipa::path(tag = "exams", params(("id" = Uuid, Path)), responses((status = 200, description = "The attempt", body = AttemptView)))]
#[get("/exam-attempts/{id}")]
async fn get_attempt(cx: Caller, id: Path<Uuid>) -> Answer {
    ok(cx.exams.get_attempt(&cx.actor, *id).await?)
}

/// Autosave one answer (1-based position). The highest `seq` wins whatever the order saves
/// arrive in; nothing is saved after the deadline. Accepts `Idempotency-Key`.
#[utoipa::path(tag = "exams", params(("id" = Uuid, Path), ("position" = i32, Path)), request_body = AnswerIn, responses((status = 200, description = "Saved", body = SaveOutcome)))]
#[put("/exam-attempts/{id}/answers/{position}")]
async fn save_answer(cx: Caller, path: Path<(Uuid, i32)>, Body(input): Body<AnswerIn>) -> Answer {
    let (id, position) = *path;
    ok(cx.exams.save_answer(&cx.actor, id, position, input).await?)
}

/// Hand the paper in: the objective questions are marked at once.
#[utoipa::path(tag = "exams", params(("id" = Uuid, Path)), responses((status = 200, description = "Handed in", body = AttemptView)))]
#[post("/exam-attempts/{id}/submission")]
async fn submit_attempt(cx: Caller, id: Path<Uuid>) -> Answer {
    ok(cx.exams.submit_attempt(&cx.actor, *id).await?)
}

// Marking and results (EX-01).

/// The short answers waiting for the caller's mark, without candidates' names.
#[utoipa::path(tag = "exams", params(PageParams), responses((status = 200, description = "A page", body = Page<ToMark>)))]
#[get("/exam-marking")]
async fn marking_queue(cx: Caller, page: Query<PageParams>) -> Answer {
    paged(cx.exams.marking_queue(&cx.actor).await?, &page, |m| {
        m.item_id
    })
}

/// The caller's points for one short answer, as one of the candidate's markers.
#[utoipa::path(tag = "exams", params(("id" = Uuid, Path), ("position" = i32, Path)), request_body = MarkIn, responses((status = 200, description = "Marked", body = ToMark)))]
#[put("/exam-attempts/{id}/marks/{position}")]
async fn mark_answer(cx: Caller, path: Path<(Uuid, i32)>, Body(input): Body<MarkIn>) -> Answer {
    let (id, position) = *path;
    ok(cx.exams.mark_answer(&cx.actor, id, position, input).await?)
}

/// Publish the sitting's results: into training's class results, to the candidates, for
/// certification. Once, when everything is marked.
#[utoipa::path(tag = "exams", params(("id" = Uuid, Path)), responses((status = 200, description = "Published", body = Vec<ExamResult>)))]
#[post("/exam-sittings/{id}/results")]
async fn publish_results(cx: Caller, id: Path<Uuid>) -> Answer {
    ok(cx.exams.publish_results(&cx.actor, *id).await?)
}

/// The sitting's results.
#[utoipa::path(tag = "exams", params(("id" = Uuid, Path), PageParams), responses((status = 200, description = "A page", body = Page<ExamResult>)))]
#[get("/exam-sittings/{id}/results")]
async fn list_results(cx: Caller, id: Path<Uuid>, page: Query<PageParams>) -> Answer {
    paged(cx.exams.list_results(&cx.actor, *id).await?, &page, |r| {
        r.id
    })
}

/// The sitting's score sheet as an XLSX workbook.
#[utoipa::path(tag = "exams", params(("id" = Uuid, Path)), responses((status = 200, description = "The workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")))]
#[get("/exam-sittings/{id}/score-sheet")]
async fn score_sheet(cx: Caller, id: Path<Uuid>) -> Answer {
    let bytes = cx.exams.score_sheet(&cx.actor, *id).await?;
    Ok(xlsx_attachment(
        bytes,
        "score-sheet.xlsx",
        "%E6%88%90%E7%BB%A9%E5%8D%95.xlsx",
    ))
}

// Misconduct (EX-03..EX-05) and records (EX-10).

/// The sitting's incident log.
#[utoipa::path(tag = "exams", params(("id" = Uuid, Path), PageParams), responses((status = 200, description = "A page", body = Page<Incident>)))]
#[get("/exam-sittings/{id}/incidents")]
async fn list_incidents(cx: Caller, id: Path<Uuid>, page: Query<PageParams>) -> Answer {
    paged(cx.exams.list_incidents(&cx.actor, *id).await?, &page, |i| {
        i.id
    })
}

/// A proctor records misconduct; its consequence follows the rule (EX-03 warning then
/// disqualification, EX-04 a one-year programme ban, EX-05 a three-year association ban).
#[utoipa::path(tag = "exams", params(("id" = Uuid, Path)), request_body = IncidentIn, responses((status = 201, description = "Recorded", body = Incident)))]
#[post("/exam-sittings/{id}/incidents")]
async fn record_incident(cx: Caller, id: Path<Uuid>, Body(input): Body<IncidentIn>) -> Answer {
    created(cx.exams.record_incident(&cx.actor, *id, input).await?)
}

/// The public bad-behaviour column (EX-05): no login, ID numbers masked.
#[utoipa::path(tag = "public", params(PageParams), responses((status = 200, description = "A page of the column", body = Page<BadBehaviour>)))]
#[get("/public/bad-behaviour")]
async fn bad_behaviour(state: Data<AppState>, page: Query<PageParams>) -> Answer {
    paged(state.exams.bad_behaviour().await?, &page, |b| b.id)
}

/// The sitting's record (EX-10): seating plan and sign-in, incidents, recordings, papers as
/// taken, and the first day it may be deleted.
#[utoipa::path(tag = "exams", params(("id" = Uuid, Path)), responses((status = 200, description = "The record", body = SittingRecord)))]
#[get("/exam-sittings/{id}/record")]
async fn sitting_record(cx: Caller, id: Path<Uuid>) -> Answer {
    ok(cx.exams.sitting_record(&cx.actor, *id).await?)
}

/// Add a recording reference (URI, SHA-256, duration) to the sitting's record.
#[utoipa::path(tag = "exams", params(("id" = Uuid, Path)), request_body = RecordingIn, responses((status = 201, description = "Added", body = Recording)))]
#[post("/exam-sittings/{id}/recordings")]
async fn add_recording(cx: Caller, id: Path<Uuid>, Body(input): Body<RecordingIn>) -> Answer {
    created(cx.exams.add_recording(&cx.actor, *id, input).await?)
}

/// Delete a recording reference: refused for ten years after the sitting (EX-10).
#[utoipa::path(tag = "exams", params(("id" = Uuid, Path)), responses((status = 204, description = "Deleted")))]
#[delete("/exam-recordings/{id}")]
async fn delete_recording(cx: Caller, id: Path<Uuid>) -> Answer {
    cx.exams.delete_recording(&cx.actor, *id).await?;
    no_content()
}
