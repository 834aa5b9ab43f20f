//! Online self-study (TR-03): a course's units and the practitioner's own progress, the same
//! endpoints for the phone and the browser.

use super::{Answer, PageParams, created, ok, paged};
use crate::extract::{Body, Caller};
use actix_web::web::{Path, Query};
use actix_web::{get, post, put};
use kernel::Page;
use training::study::{ProgressIn, Unit, UnitIn};
use uuid::Uuid;

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(add_unit).service(units).service(progress);
}

/// Association staff add an online unit to a course (title, minutes, order).
#[utoipa::path(tag = "self-study", params(("id" = Uuid, Path, description = "The course")), request_body = UnitIn, responses((status = 201, description = "Added", body = Unit)))]
#[post("/courses/{id}/units")]
async fn add_unit(cx: Caller, id: Path<Uuid>, Body(input): Body<UnitIn>) -> Answer {
    created(cx.training.add_unit(&cx.actor, *id, input).await?)
}

/// A course's online units in order, with the caller's own progress.
#[utoipa::path(tag = "self-study", params(("id" = Uuid, Path, description = "The course"), PageParams), responses((status = 200, description = "Units in order", body = Page<Unit>)))]
#[get("/courses/{id}/units")]
async fn units(cx: Caller, id: Path<Uuid>, page: Query<PageParams>) -> Answer {
    paged(cx.training.list_units(&cx.actor, *id).await?, &page, |u| {
        u.id
    })
}

/// The practitioner records how far they watched a unit. Progress never goes back, so a
/// phone may resend freely; a course with every unit completed counts toward the
/// continuing-education hours (CE-03).
#[utoipa::path(tag = "self-study", params(("id" = Uuid, Path, description = "The unit")), request_body = ProgressIn, responses((status = 200, description = "The unit with the caller's progress", body = Unit)))]
#[put("/units/{id}/progress")]
async fn progress(cx: Caller, id: Path<Uuid>, Body(input): Body<ProgressIn>) -> Answer {
    ok(cx.training.record_progress(&cx.actor, *id, input).await?)
}
