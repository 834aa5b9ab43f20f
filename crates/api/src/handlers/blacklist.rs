//! The CR-04 blacklist kept by associations.

use crate::AppState;
use crate::error::ApiResult;
use crate::extract::{Authenticated, JsonBody};
use actix_web::web::Data;
use actix_web::{HttpResponse, get, post};
use directory::service::blacklist::{BlacklistEntry, BlacklistIn};

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(create).service(list);
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
    Ok(HttpResponse::Created().json(state.dir.add_to_blacklist(&actor, input).await?))
}

/// The blacklist of the caller's association (shared with its sub-centres), newest first.
#[utoipa::path(tag = "blacklist", responses((status = 200, description = "Entries", body = [BlacklistEntry])))]
#[get("/blacklist")]
async fn list(
    state: Data<AppState>,
    Authenticated(actor): Authenticated,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(state.dir.list_blacklist(&actor).await?))
}
