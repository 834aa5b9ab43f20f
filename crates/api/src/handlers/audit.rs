//! The audit log.

use super::{Listed, PageParams, ok};
use crate::AppState;
use crate::error::ApiResult;
use crate::extract::Authenticated;
use actix_web::web::Data;
use actix_web::{HttpResponse, get};
use directory::service::audit::{AuditFilter, AuditRecord};
use kernel::Page;

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list);
}

/// Audit rows, newest first, about organizations the caller administers, each with its actor's
/// and its object's name as they read now.
#[utoipa::path(tag = "audit", params(AuditFilter, PageParams), responses((status = 200, description = "A page", body = Page<AuditRecord>)))]
#[get("/audit")]
async fn list(
    state: Data<AppState>,
    Authenticated(actor): Authenticated,
    Listed(f, page): Listed<AuditFilter>,
) -> ApiResult<HttpResponse> {
    let mut rows = state
        .dir
        .list_audit(&actor, &f, super::page(&page)?)
        .await?;
    state.training.name_audited(&mut rows.items).await?;
    ok(rows)
}
