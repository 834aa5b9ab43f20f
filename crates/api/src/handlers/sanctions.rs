//! The sanctions registry (CR-04, EX-04, EX-05): the blacklist and the exam and training bans
//! an association imposes and lifts; training's admission refuses the barred with the
//! sanction's rule.

use super::{Answer, Listed, PageParams, created, ok, paged};
use crate::extract::{Body, Caller};
use actix_web::web::Path;
use actix_web::{get, post};
use directory::service::sanctions::{Sanction, SanctionFilter, SanctionIn, SanctionLiftIn};
use kernel::Page;
use uuid::Uuid;

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list).service(create).service(lift);
}

/// The sanctions of the caller's association (a sub-centre: of its parent), every kind — CR-04
/// blacklist entries included — newest first.
#[utoipa::path(tag = "sanctions", params(SanctionFilter, PageParams), responses((status = 200, description = "A page", body = Page<Sanction>)))]
#[get("/sanctions")]
async fn list(cx: Caller, Listed(f, page): Listed<SanctionFilter>) -> Answer {
    paged(cx.dir.list_sanctions(&cx.actor, &f).await?, &page, |s| s.id)
}

/// Impose a sanction on a person in the directory: EX-04 (impersonation) bars the course named
/// from the day given for one year; EX-05 (serious disorder, threatening a proctor) bars all the
/// association's training and exams for three years; CR-04 lists the person on the blacklist
/// for five (`POST /blacklist` also lists by ID number). The end (`ends_on`, the first day
/// admitted again) is computed.
#[utoipa::path(tag = "sanctions", request_body = SanctionIn, responses((status = 201, description = "Imposed", body = Sanction)))]
#[post("/sanctions")]
async fn create(cx: Caller, Body(input): Body<SanctionIn>) -> Answer {
    created(cx.dir.impose_sanction(&cx.actor, input).await?)
}

/// Lift a sanction with the reason (audited): it stays on record, marked lifted, and bars
/// nothing any more. Lifting it again answers 409.
#[utoipa::path(tag = "sanctions", params(("id" = Uuid, Path)), request_body = SanctionLiftIn, responses((status = 200, description = "Lifted", body = Sanction)))]
#[post("/sanctions/{id}/lifting")]
async fn lift(cx: Caller, id: Path<Uuid>, Body(input): Body<SanctionLiftIn>) -> Answer {
    ok(cx.dir.lift_sanction(&cx.actor, *id, input).await?)
}
