//! Training: catalogue, classes, enrolment steps, deferral, substitution, eligibility.

use super::{Answer, Listed, PageParams, created, no_content, ok, paged};
use crate::AppState;
use crate::extract::{Body, Caller, MaybeAuthenticated};
use actix_web::web::{Data, Path, Query};
use actix_web::{HttpResponse, get, post, put};
use kernel::Page;
use training::attendance::{
    AttendanceIn, AttendanceRecord, HeadTeacherCandidate, HeadTeacherIn, LeaveDecisionIn, LeaveIn,
    LeaveRequest, Session, SessionIn, SignInCode, SignInIn,
};
use training::classes::{Class, ClassFilter, ClassIn, Course, CourseIn};
use training::eligibility::{Eligibility, TraineeEligibility};
use training::enrolment::{ApprovalIn, Enrolment, EnrolmentIn, PaymentIn};
use training::refund::{
    Ledger, PayoutIn, Refund, RefundFilter, RefundIn, RefundRejectionIn, RefundStep,
};
use training::requests::{DeferralApprovalIn, DeferralIn, EnrolmentRequest, SubstitutionIn};
use training::views::{EnrolmentView, RequestFilter};
use uuid::Uuid;

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(create_course)
        .service(create_class)
        .service(list_classes)
        .service(enrol)
        .service(get_enrolment)
        .service(approve)
        .service(resubmit)
        .service(confirm)
        .service(pay)
        .service(defer)
        .service(approve_deferral)
        .service(substitute)
        .service(eligibility)
        .service(class_eligibility)
        .service(list_requests)
        .service(get_request)
        .service(set_head_teacher)
        .service(head_teacher_candidates)
        .service(add_session)
        .service(request_leave)
        .service(decide_leave)
        .service(mark_attendance)
        .service(session_attendance)
        .service(cancel_class)
        .service(request_refund)
        .service(ledger)
        .service(list_refunds)
        .service(refund_department)
        .service(refund_finance)
        .service(refund_leader)
        .service(refund_payout)
        .service(refund_rejection)
        .service(sign_in_code)
        .service(sign_in);
}

/// Add a course to the association's catalogue (TR-01, TR-02, TR-03, TR-19).
#[utoipa::path(tag = "training", request_body = CourseIn, responses((status = 201, description = "Created", body = Course)))]
#[post("/courses")]
async fn create_course(cx: Caller, Body(input): Body<CourseIn>) -> Answer {
    created(cx.training.create_course(&cx.actor, input).await?)
}

/// Schedule a class with capacity and its training and exam fees (fen).
#[utoipa::path(tag = "training", request_body = ClassIn, responses((status = 201, description = "Created", body = Class)))]
#[post("/classes")]
async fn create_class(cx: Caller, Body(input): Body<ClassIn>) -> Answer {
    created(cx.training.create_class(&cx.actor, input).await?)
}

/// Classes with dates, place and fees, soonest first.
///
/// Without login: the classes of published plans that are not cancelled. With a bearer token, also every class (cancelled
/// ones and those in no published plan included) of the associations whose programme the
/// caller takes part in — its staff and the people of its member organizations; the
/// platform admin sees all.
#[utoipa::path(tag = "training", params(ClassFilter, PageParams), responses((status = 200, description = "Classes, soonest first", body = Page<Class>)))]
#[get("/classes")]
async fn list_classes(
    state: Data<AppState>,
    MaybeAuthenticated(actor): MaybeAuthenticated,
    Listed(f, page): Listed<ClassFilter>,
) -> Answer {
    let rows = state.training.list_classes(actor.as_ref(), &f).await?;
    paged(rows, &page, |c| c.id)
}

/// Enrol a person: a training officer for an employee, or a practitioner for themself.
#[utoipa::path(tag = "training", request_body = EnrolmentIn, responses((status = 201, description = "Submitted", body = Enrolment)))]
#[post("/enrolments")]
async fn enrol(cx: Caller, Body(input): Body<EnrolmentIn>) -> Answer {
    created(cx.training.enrol(&cx.actor, input).await?)
}

/// One enrolment, with its deferral and substitution requests (TR-10, TR-11).
#[utoipa::path(tag = "training", params(("id" = Uuid, Path)), responses((status = 200, description = "The enrolment", body = EnrolmentView)))]
#[get("/enrolments/{id}")]
async fn get_enrolment(cx: Caller, id: Path<Uuid>) -> Answer {
    ok(cx.training.enrolment_view(&cx.actor, *id).await?)
}

/// Deferral and substitution requests (TR-10, TR-11) of the enrolments the caller takes part
/// in, oldest first, by enrolment or by class.
#[utoipa::path(tag = "training", params(RequestFilter, PageParams), responses((status = 200, description = "A page of requests", body = Page<EnrolmentRequest>)))]
#[get("/enrolment-requests")]
async fn list_requests(cx: Caller, Listed(f, page): Listed<RequestFilter>) -> Answer {
    let p = super::page(&page)?;
    ok(cx.training.list_requests(&cx.actor, &f, p).await?)
}

/// One deferral or substitution request (TR-10, TR-11).
#[utoipa::path(tag = "training", params(("id" = Uuid, Path)), responses((status = 200, description = "The request", body = EnrolmentRequest)))]
#[get("/enrolment-requests/{id}")]
async fn get_request(cx: Caller, id: Path<Uuid>) -> Answer {
    ok(cx.training.get_request(&cx.actor, *id).await?)
}

/// The enterprise's training manager approves, or returns with a reason (TR-07, TR-08).
#[utoipa::path(tag = "training", params(("id" = Uuid, Path)), request_body = ApprovalIn, responses((status = 200, description = "Decided", body = Enrolment)))]
#[post("/enrolments/{id}/approval")]
async fn approve(cx: Caller, id: Path<Uuid>, Body(input): Body<ApprovalIn>) -> Answer {
    ok(cx.training.approve(&cx.actor, *id, input).await?)
}

/// The enterprise's training officer sends a returned enrolment back for approval (TR-07, TR-08).
#[utoipa::path(tag = "training", params(("id" = Uuid, Path)), responses((status = 200, description = "Submitted again", body = Enrolment)))]
#[post("/enrolments/{id}/resubmission")]
async fn resubmit(cx: Caller, id: Path<Uuid>) -> Answer {
    ok(cx.training.resubmit(&cx.actor, *id).await?)
}

/// The association confirms: a seat, or the waiting list when the class is full (TR-08).
#[utoipa::path(tag = "training", params(("id" = Uuid, Path)), responses((status = 200, description = "Confirmed or waitlisted", body = Enrolment)))]
#[post("/enrolments/{id}/confirmation")]
async fn confirm(cx: Caller, id: Path<Uuid>) -> Answer {
    ok(cx.training.confirm(&cx.actor, *id).await?)
}

/// Finance records the published fees; the class notice goes out (TR-08, TR-09).
#[utoipa::path(tag = "training", params(("id" = Uuid, Path)), request_body = PaymentIn, responses((status = 200, description = "Paid", body = Enrolment)))]
#[post("/enrolments/{id}/payment")]
async fn pay(cx: Caller, id: Path<Uuid>, Body(input): Body<PaymentIn>) -> Answer {
    ok(cx.training.pay(&cx.actor, *id, input).await?)
}

/// Ask to defer, at least one day before the class starts (TR-10).
#[utoipa::path(tag = "training", params(("id" = Uuid, Path)), request_body = DeferralIn, responses((status = 201, description = "Requested", body = EnrolmentRequest)))]
#[post("/enrolments/{id}/deferral")]
async fn defer(cx: Caller, id: Path<Uuid>, Body(input): Body<DeferralIn>) -> Answer {
    created(cx.training.request_deferral(&cx.actor, *id, input).await?)
}

/// The training department head moves a deferred enrolment to a same-course class this year (TR-10).
#[utoipa::path(tag = "training", params(("id" = Uuid, Path)), request_body = DeferralApprovalIn, responses((status = 200, description = "Moved", body = Enrolment)))]
#[post("/enrolment-requests/{id}/approval")]
async fn approve_deferral(
    cx: Caller,
    id: Path<Uuid>,
    Body(input): Body<DeferralApprovalIn>,
) -> Answer {
    ok(cx.training.approve_deferral(&cx.actor, *id, input).await?)
}

/// Replace the trainee, at least one day before the class starts (TR-11).
#[utoipa::path(tag = "training", params(("id" = Uuid, Path)), request_body = SubstitutionIn, responses((status = 200, description = "Substituted", body = Enrolment)))]
#[post("/enrolments/{id}/substitution")]
async fn substitute(cx: Caller, id: Path<Uuid>, Body(input): Body<SubstitutionIn>) -> Answer {
    ok(cx.training.substitute(&cx.actor, *id, input).await?)
}

/// Whether the trainee may sit the exam, with the rule behind each reason (EX-11, TR-09).
#[utoipa::path(tag = "training", params(("id" = Uuid, Path)), responses((status = 200, description = "Eligibility", body = Eligibility)))]
#[get("/enrolments/{id}/eligibility")]
async fn eligibility(cx: Caller, id: Path<Uuid>) -> Answer {
    ok(cx.training.exam_eligibility(&cx.actor, *id).await?)
}

/// Every trainee of the class and whether they may sit its exam, with the rule behind each
/// reason (EX-11: TR-09, TR-17, CR-04), in enrolment order: what an exam sitting's roster is
/// built from.
#[utoipa::path(tag = "training", params(("id" = Uuid, Path), PageParams), responses((status = 200, description = "A page of the class's trainees", body = Page<TraineeEligibility>)))]
#[get("/classes/{id}/eligibility")]
async fn class_eligibility(cx: Caller, id: Path<Uuid>, page: Query<PageParams>) -> Answer {
    let rows = cx.training.class_eligibility(&cx.actor, *id).await?;
    paged(rows, &page, |t| t.enrolment_id)
}

/// Name the class's head teacher (a user with the head-teacher role).
#[utoipa::path(tag = "training", params(("id" = Uuid, Path)), request_body = HeadTeacherIn, responses((status = 204, description = "Set")))]
#[put("/classes/{id}/head-teacher")]
async fn set_head_teacher(cx: Caller, id: Path<Uuid>, Body(input): Body<HeadTeacherIn>) -> Answer {
    cx.training.set_head_teacher(&cx.actor, *id, input).await?;
    no_content()
}

/// Who may be made the class's head teacher: head teachers of the association and its member
/// organizations (association staff).
#[utoipa::path(tag = "training", params(("id" = Uuid, Path), PageParams), responses((status = 200, description = "The candidates, by name", body = Page<HeadTeacherCandidate>)))]
#[get("/classes/{id}/head-teacher-candidates")]
async fn head_teacher_candidates(cx: Caller, id: Path<Uuid>, page: Query<PageParams>) -> Answer {
    paged(
        cx.training.head_teacher_candidates(&cx.actor, *id).await?,
        &page,
        |c| c.user_id,
    )
}

/// Add a session (one meeting) to a class.
#[utoipa::path(tag = "training", params(("id" = Uuid, Path)), request_body = SessionIn, responses((status = 201, description = "Added", body = Session)))]
#[post("/classes/{id}/sessions")]
async fn add_session(cx: Caller, id: Path<Uuid>, Body(input): Body<SessionIn>) -> Answer {
    created(cx.training.add_session(&cx.actor, *id, input).await?)
}

/// Ask for leave from a session, at least one day before it (TR-16).
#[utoipa::path(tag = "training", params(("id" = Uuid, Path)), request_body = LeaveIn, responses((status = 201, description = "Requested", body = LeaveRequest)))]
#[post("/sessions/{id}/leave-requests")]
async fn request_leave(cx: Caller, id: Path<Uuid>, Body(input): Body<LeaveIn>) -> Answer {
    created(cx.training.request_leave(&cx.actor, *id, input).await?)
}

/// The head teacher approves or refuses leave (TR-16).
#[utoipa::path(tag = "training", params(("id" = Uuid, Path)), request_body = LeaveDecisionIn, responses((status = 200, description = "Decided", body = LeaveRequest)))]
#[post("/leave-requests/{id}/decision")]
async fn decide_leave(cx: Caller, id: Path<Uuid>, Body(input): Body<LeaveDecisionIn>) -> Answer {
    ok(cx.training.decide_leave(&cx.actor, *id, input).await?)
}

/// The head teacher records presence; unpaid trainees cannot be marked present (TR-09).
#[utoipa::path(tag = "training", params(("id" = Uuid, Path)), request_body = AttendanceIn, responses((status = 201, description = "Recorded", body = AttendanceRecord)))]
#[post("/sessions/{id}/attendance")]
async fn mark_attendance(cx: Caller, id: Path<Uuid>, Body(input): Body<AttendanceIn>) -> Answer {
    created(cx.training.mark_attendance(&cx.actor, *id, input).await?)
}

/// What is recorded for the session so far: one row per marked or signed-in trainee (present,
/// absent or excused); the head teacher and the association's staff read it.
#[utoipa::path(tag = "training", params(("id" = Uuid, Path), PageParams), responses((status = 200, description = "The records", body = Page<AttendanceRecord>)))]
#[get("/sessions/{id}/attendance")]
async fn session_attendance(cx: Caller, id: Path<Uuid>, page: Query<PageParams>) -> Answer {
    paged(
        cx.training.session_attendance(&cx.actor, *id).await?,
        &page,
        |r| r.enrolment_id,
    )
}

/// The association cancels a class; its trainees are told through the outbox.
#[utoipa::path(tag = "training", params(("id" = Uuid, Path)), responses((status = 200, description = "Cancelled", body = Class)))]
#[post("/classes/{id}/cancellation")]
async fn cancel_class(cx: Caller, id: Path<Uuid>) -> Answer {
    ok(cx.training.cancel_class(&cx.actor, *id).await?)
}

/// Ask for a refund: a cancelled class with no same-course class that year (TR-12, full), or own
/// reasons after a deferral filed in time, within a year, exam fee excluded (TR-13); none for an
/// absence without deferral (TR-15).
#[utoipa::path(tag = "training", params(("id" = Uuid, Path)), request_body = RefundIn, responses((status = 201, description = "Requested", body = Refund)))]
#[post("/enrolments/{id}/refunds")]
async fn request_refund(cx: Caller, id: Path<Uuid>, Body(input): Body<RefundIn>) -> Answer {
    created(cx.training.request_refund(&cx.actor, *id, input).await?)
}

/// What the enrolment paid and got back, with its refunds.
#[utoipa::path(tag = "training", params(("id" = Uuid, Path)), responses((status = 200, description = "The ledger", body = Ledger)))]
#[get("/enrolments/{id}/ledger")]
async fn ledger(cx: Caller, id: Path<Uuid>) -> Answer {
    ok(cx.training.ledger(&cx.actor, *id).await?)
}

/// Refunds of the caller's associations, oldest first, by state (`status`, paid and rejected
/// included) or open / closed.
#[utoipa::path(tag = "training", params(RefundFilter, PageParams), responses((status = 200, description = "Refunds", body = Page<Refund>)))]
#[get("/refunds")]
async fn list_refunds(cx: Caller, Listed(f, page): Listed<RefundFilter>) -> Answer {
    paged(cx.training.list_refunds(&cx.actor, &f).await?, &page, |r| {
        r.id
    })
}

/// Step 2 of TR-14: the training department confirms.
#[utoipa::path(tag = "training", params(("id" = Uuid, Path)), responses((status = 200, description = "Confirmed", body = Refund)))]
#[post("/refunds/{id}/department-confirmation")]
async fn refund_department(cx: Caller, id: Path<Uuid>) -> Answer {
    ok(cx
        .training
        .advance_refund(&cx.actor, *id, RefundStep::DepartmentConfirm, None)
        .await?)
}

/// Step 3 of TR-14: finance confirms.
#[utoipa::path(tag = "training", params(("id" = Uuid, Path)), responses((status = 200, description = "Confirmed", body = Refund)))]
#[post("/refunds/{id}/finance-confirmation")]
async fn refund_finance(cx: Caller, id: Path<Uuid>) -> Answer {
    ok(cx
        .training
        .advance_refund(&cx.actor, *id, RefundStep::FinanceConfirm, None)
        .await?)
}

/// Step 4 of TR-14: the association's leader approves.
#[utoipa::path(tag = "training", params(("id" = Uuid, Path)), responses((status = 200, description = "Approved", body = Refund)))]
#[post("/refunds/{id}/leader-approval")]
async fn refund_leader(cx: Caller, id: Path<Uuid>) -> Answer {
    ok(cx
        .training
        .advance_refund(&cx.actor, *id, RefundStep::LeaderApprove, None)
        .await?)
}

/// Step 5 of TR-14: finance pays; the total refunded never exceeds the total paid.
#[utoipa::path(tag = "training", params(("id" = Uuid, Path)), request_body = PayoutIn, responses((status = 200, description = "Paid", body = Refund)))]
#[post("/refunds/{id}/payout")]
async fn refund_payout(cx: Caller, id: Path<Uuid>, Body(input): Body<PayoutIn>) -> Answer {
    ok(cx
        .training
        .advance_refund(&cx.actor, *id, RefundStep::Pay, Some(input))
        .await?)
}

/// Refuse an open refund at its current step.
#[utoipa::path(tag = "training", params(("id" = Uuid, Path)), request_body = RefundRejectionIn, responses((status = 200, description = "Rejected", body = Refund)))]
#[post("/refunds/{id}/rejection")]
async fn refund_rejection(
    cx: Caller,
    id: Path<Uuid>,
    Body(input): Body<RefundRejectionIn>,
) -> Answer {
    ok(cx.training.reject_refund(&cx.actor, *id, input).await?)
}

/// A sign-in code for the session, to show as a QR code in class; valid 60 seconds (TR-19).
#[utoipa::path(tag = "training", params(("id" = Uuid, Path)), responses((status = 200, description = "A fresh code", body = SignInCode)))]
#[get("/sessions/{id}/sign-in-code")]
async fn sign_in_code(cx: Caller, id: Path<Uuid>) -> Answer {
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(cx.training.sign_in_code(&cx.actor, *id).await?))
}

/// The trainee signs in by scanning the code shown in class: refused once the code has expired
/// (TR-19) or when the fee is unpaid (TR-09).
#[utoipa::path(tag = "training", params(("id" = Uuid, Path)), request_body = SignInIn, responses((status = 200, description = "Signed in", body = AttendanceRecord)))]
#[post("/sessions/{id}/sign-in")]
async fn sign_in(cx: Caller, id: Path<Uuid>, Body(input): Body<SignInIn>) -> Answer {
    ok(cx.training.sign_in(&cx.actor, *id, input).await?)
}
