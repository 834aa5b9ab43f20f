//! Practical records of practical sessions (TR-19): instrument, process, result and an
//! optional answer sheet per trainee, kept by the class's head teacher, its assigned teachers
//! and the association's staff.

use super::{Answer, PageParams, ok, paged};
use crate::extract::{Body, Caller, attachment, raw_upload};
use actix_web::web::{Path, Payload, Query};
use actix_web::{HttpRequest, get, put};
use kernel::Page;
use training::practical::{ANSWER_SHEET_LIMIT, PracticalRecord, PracticalRecordIn};
use uuid::Uuid;

/// Registers this module's routes; called only from `crate::routes`, so every route served
/// is also documented.
pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(record_practical)
        .service(upload_answer_sheet)
        .service(answer_sheet)
        .service(practical_records);
}

/// Record (or correct) a trainee's practical record of a practical session: the instrument or
/// equipment used, the process and the result (TR-19). Only on a practical session (422
/// `TR-19` on a theory one) and only for a paid trainee of the class (422 `TR-09`); an
/// enrolment of another class is not found.
#[utoipa::path(
    tag = "training",
    params(("id" = Uuid, Path, description = "The session"), ("enrolment_id" = Uuid, Path)),
    request_body = PracticalRecordIn,
    responses((status = 200, description = "The record", body = PracticalRecord))
)]
#[put("/sessions/{id}/practical-records/{enrolment_id}")]
async fn record_practical(
    cx: Caller,
    path: Path<(Uuid, Uuid)>,
    Body(input): Body<PracticalRecordIn>,
) -> Answer {
    let (session, enrolment) = path.into_inner();
    ok(cx
        .training
        .record_practical(&cx.actor, session, enrolment, input)
        .await?)
}

/// Upload the answer sheet (答题卡) of a practical record as the raw body: a PDF scan or a
/// JPEG/PNG photo, at most 10 MiB. Replaces an earlier one; the record must exist.
#[utoipa::path(
    tag = "training",
    params(("id" = Uuid, Path, description = "The session"), ("enrolment_id" = Uuid, Path)),
    request_body(description = "The file", content((Vec<u8> = "application/pdf"), (Vec<u8> = "image/jpeg"), (Vec<u8> = "image/png"))),
    responses((status = 200, description = "The record", body = PracticalRecord))
)]
#[put("/sessions/{id}/practical-records/{enrolment_id}/answer-sheet")]
async fn upload_answer_sheet(
    cx: Caller,
    req: HttpRequest,
    path: Path<(Uuid, Uuid)>,
    mut body: Payload,
) -> Answer {
    let (session, enrolment) = path.into_inner();
    let (ct, bytes) = raw_upload(&req, &mut body, "PDF, JPEG or PNG", ANSWER_SHEET_LIMIT).await?;
    ok(cx
        .training
        .upload_answer_sheet(&cx.actor, &cx.data_dir, session, enrolment, &ct, &bytes)
        .await?)
}

/// The uploaded answer sheet of a practical record.
#[utoipa::path(
    tag = "training",
    params(("id" = Uuid, Path, description = "The session"), ("enrolment_id" = Uuid, Path)),
    responses((status = 200, description = "The file", content((Vec<u8> = "application/pdf"), (Vec<u8> = "image/jpeg"), (Vec<u8> = "image/png"))))
)]
#[get("/sessions/{id}/practical-records/{enrolment_id}/answer-sheet")]
async fn answer_sheet(cx: Caller, path: Path<(Uuid, Uuid)>) -> Answer {
    let (session, enrolment) = path.into_inner();
    Ok(attachment(
        cx.training
            .answer_sheet(&cx.actor, &cx.data_dir, session, enrolment)
            .await?,
    ))
}

/// The class's practical records, by session and trainee (TR-19), for its head teacher, its
/// assigned teachers and the association's staff.
#[utoipa::path(
    tag = "training",
    params(("id" = Uuid, Path), PageParams),
    responses((status = 200, description = "The records", body = Page<PracticalRecord>))
)]
#[get("/classes/{id}/practical-records")]
async fn practical_records(cx: Caller, id: Path<Uuid>, page: Query<PageParams>) -> Answer {
    let rows = cx.training.practical_records(&cx.actor, *id).await?;
    paged(rows, &page, |r| r.id)
}
