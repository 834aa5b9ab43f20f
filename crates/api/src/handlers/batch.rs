//! Batch enrolment (TR-08): several persons in one class at once, as JSON or from a CSV/XLSX
//! sheet, with a per-row report.

use super::{Answer, ok};
use crate::extract::{Body, Caller, Sheet, xlsx_attachment};
use actix_web::web::{Path, Query};
use actix_web::{get, post};
use directory::model::ImportMode;
use serde::Deserialize;
use training::batch::{BatchEnrolmentIn, BatchReport};
use utoipa::IntoParams;
use uuid::Uuid;

/// Registers this module's routes; called only from `crate::routes`, so every route served
/// is also documented.
pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(batch).service(template).service(import);
}

/// The enrolment import template: an XLSX with the two columns the import reads, 姓名 (name)
/// and 身份证号 (ID number).
#[utoipa::path(tag = "training", responses((status = 200, description = "XLSX workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>)))]
#[get("/enrolment-import-template")]
async fn template(cx: Caller) -> Answer {
    let bytes = cx.training.enrolment_import_template(&cx.actor)?;
    Ok(xlsx_attachment(
        bytes,
        "enrolment-template.xlsx",
        "%E6%8A%A5%E5%90%8D%E5%AF%BC%E5%85%A5%E6%A8%A1%E6%9D%BF.xlsx",
    ))
}

/// Enrol several employees in one class (TR-08): each becomes a submission for the
/// enterprise's training manager. Every bad row is reported with its position and reason; with
/// `mode: all_or_nothing` (the default) one bad row means nothing is written (422
/// `import-rejected` with the rows), with `good_rows` the good ones are enrolled.
#[utoipa::path(tag = "training", request_body = BatchEnrolmentIn, responses((status = 200, description = "Enrolled and rejected rows", body = BatchReport)))]
#[post("/enrolment-batches")]
async fn batch(cx: Caller, Body(input): Body<BatchEnrolmentIn>) -> Answer {
    ok(cx.training.enrol_batch(&cx.actor, input).await?)
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ImportModeQuery {
    /// `all_or_nothing` (default): any bad row rejects the file. `good_rows`: enrol the good
    /// rows and report the bad ones.
    pub mode: Option<ImportMode>,
}

impl ImportModeQuery {
    /// The mode asked for; all or nothing when none is.
    pub fn mode(&self) -> ImportMode {
        self.mode.unwrap_or(ImportMode::AllOrNothing)
    }
}

/// Enrol the persons of a sheet in the class (TR-08): CSV in UTF-8 or XLSX, columns 姓名 and
/// 身份证号, at most 10 MiB and 1000 rows. Every bad row is reported with its line (the header
/// is line 1) and reason.
#[utoipa::path(
    tag = "training",
    params(("id" = Uuid, Path), ImportModeQuery),
    request_body(content(
        (Vec<u8> = "text/csv"),
        (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    )),
    responses((status = 200, description = "Enrolled and rejected rows", body = BatchReport))
)]
#[post("/classes/{id}/enrolment-imports")]
async fn import(cx: Caller, id: Path<Uuid>, q: Query<ImportModeQuery>, sheet: Sheet) -> Answer {
    ok(cx
        .training
        .import_enrolments(&cx.actor, *id, sheet.format, &sheet.bytes, q.mode())
        .await?)
}
