//! The CR-04 blacklist kept by associations.

use super::{PageParams, created, ok, paged};
use crate::AppState;
use crate::error::ApiResult;
use crate::extract::{Authenticated, JsonBody};
use actix_web::web::{Data, Path, Query};
use actix_web::{HttpResponse, get, post};
use directory::service::blacklist::{BlacklistEntry, BlacklistIn, BlacklistLiftIn};
use kernel::Page;
use uuid::Uuid;

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(create).service(list).service(lift);
}

/// List a person who gave false education or student-status data: no registration is accepted
/// from them for five years (CR-04).
#[utoipa::path(tag = "blacklist", request_body = BlacklistIn, responses((status = 201, description = "Listed", body = BlacklistEntry)))]
#[post("/blacklist")]
async fn create(
    state: Data<AppState>,
    Authenticated(actor): Authenticated,
    JsonBody(input): JsonBody<BlacklistIn>,
) -> ApiResult<HttpResponse> {
    created(state.dir.add_to_blacklist(&actor, input).await?)
}

/// The blacklist of the caller's association (shared with its sub-centres), newest first.
#[utoipa::path(tag = "blacklist", params(PageParams), responses((status = 200, description = "Entries", body = Page<BlacklistEntry>)))]
#[get("/blacklist")]
async fn list(
    state: Data<AppState>,
    Authenticated(actor): Authenticated,
    page: Query<PageParams>,
) -> ApiResult<HttpResponse> {
    paged(state.dir.list_blacklist(&actor).await?, &page, |e| e.id)
}

/// Lift a listing before its five years are over, giving the reason (CR-04). The entry stays on
/// the list, marked lifted, and bars registrations no more. Lifting it again answers 409.
#[utoipa::path(tag = "blacklist", params(("id" = Uuid, Path)), request_body = BlacklistLiftIn, responses((status = 200, description = "Lifted", body = BlacklistEntry)))]
#[post("/blacklist/{id}/lifting")]
async fn lift(
    state: Data<AppState>,
    Authenticated(actor): Authenticated,
    id: Path<Uuid>,
    JsonBody(input): JsonBody<BlacklistLiftIn>,
) -> ApiResult<HttpResponse> {
    ok(state.dir.lift_blacklist_entry(&actor, *id, input).await?)
}
