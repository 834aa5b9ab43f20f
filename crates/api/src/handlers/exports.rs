//! Excel exports for clerks: the enrolment list as filtered on screen and finance's fee
//! ledger. Registered before the `{id}` routes of the same prefix, so `export` is not read as
//! an id.

use super::Answer;
use crate::extract::{Caller, attachment};
use actix_web::get;
use actix_web::web::Query;
use training::exports::FeeLedgerQuery;
use training::views::EnrolmentFilter;

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(enrolments).service(fee_ledger);
}

/// The enrolments the caller may list, with the list's filters, as an Excel workbook (at most
/// 20 000 rows; narrow the filters beyond).
#[utoipa::path(tag = "training", params(EnrolmentFilter), responses((status = 200, description = "XLSX workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>)))]
#[get("/enrolments/export")]
async fn enrolments(cx: Caller, f: Query<EnrolmentFilter>) -> Answer {
    Ok(attachment(
        cx.training.export_enrolments(&cx.actor, &f).await?,
    ))
}

/// Fees received and refunds paid out in a period (Asia/Shanghai days, inclusive), with a net
/// total, as an Excel workbook: finance and the association's staff (TR-08, TR-09, TR-14).
#[utoipa::path(tag = "training", params(FeeLedgerQuery), responses((status = 200, description = "XLSX workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>)))]
#[get("/fee-ledger/export")]
async fn fee_ledger(cx: Caller, q: Query<FeeLedgerQuery>) -> Answer {
    Ok(attachment(
        cx.training.export_fee_ledger(&cx.actor, &q).await?,
    ))
}
