//! The continuing-education ledger (CE-03): hours recorded by hand and a person's hours in the
//! current 3-year period.

use super::{Answer, created, ok};
use crate::extract::{Body, Caller};
use actix_web::web::Path;
use actix_web::{get, post};
use training::ledger::{CeEntry, CeEntryIn, CeLedger};
use uuid::Uuid;

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(record).service(hours);
}

/// Record online study or an association session on new policy, regulation or technique (CE-03).
#[utoipa::path(tag = "continuing-education", request_body = CeEntryIn, responses((status = 201, description = "Recorded", body = CeEntry)))]
#[post("/ce-hours")]
async fn record(cx: Caller, Body(input): Body<CeEntryIn>) -> Answer {
    created(cx.training.record_ce_hours(&cx.actor, input).await?)
}

/// A person's continuing-education hours in the current 3-year period (CE-03).
#[utoipa::path(tag = "continuing-education", params(("id" = Uuid, Path)), responses((status = 200, description = "The current period", body = CeLedger)))]
#[get("/persons/{id}/ce-hours")]
async fn hours(cx: Caller, id: Path<Uuid>) -> Answer {
    ok(cx.training.ce_hours(&cx.actor, *id).await?)
}
