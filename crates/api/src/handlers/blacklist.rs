//! The CR-04 blacklist kept by associations: the sanctions registry's view of its CR-04
//! listings (`directory::service::blacklist`).

use super::{Answer, PageParams, created, ok, paged};
use crate::extract::{Body, Caller};
use actix_web::web::{Path, Query};
use actix_web::{get, post};
use directory::service::blacklist::{BlacklistEntry, BlacklistIn};
use directory::service::sanctions::SanctionLiftIn;
use kernel::Page;
use uuid::Uuid;

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(create).service(list).service(lift);
}

/// List a person who gave false education or student-status data: no registration is accepted
/// from them for five years (CR-04).
#[utoipa::path(tag = "blacklist", request_body = BlacklistIn, responses((status = 201, description = "Listed", body = BlacklistEntry)))]
#[post("/blacklist")]
async fn create(cx: Caller, Body(input): Body<BlacklistIn>) -> Answer {
    created(cx.dir.add_to_blacklist(&cx.actor, input).await?)
}

/// The blacklist of the caller's association (shared with its sub-centres), newest first.
#[utoipa::path(tag = "blacklist", params(PageParams), responses((status = 200, description = "Entries", body = Page<BlacklistEntry>)))]
#[get("/blacklist")]
async fn list(cx: Caller, page: Query<PageParams>) -> Answer {
    paged(cx.dir.list_blacklist(&cx.actor).await?, &page, |e| e.id)
}

/// Lift a listing before its five years are over, giving the reason (CR-04). The entry stays on
/// the list, marked lifted, and bars registrations no more. Lifting it again answers 409.
#[utoipa::path(tag = "blacklist", params(("id" = Uuid, Path)), request_body = SanctionLiftIn, responses((status = 200, description = "Lifted", body = BlacklistEntry)))]
#[post("/blacklist/{id}/lifting")]
async fn lift(cx: Caller, id: Path<Uuid>, Body(input): Body<SanctionLiftIn>) -> Answer {
    ok(cx.dir.lift_blacklist_entry(&cx.actor, *id, input).await?)
}
