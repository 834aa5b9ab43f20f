//! The audit log.

use super::{Answer, Listed, PageParams, ok};
use crate::extract::Caller;
use actix_web::get;
use directory::service::audit::{AuditFilter, AuditRecord};
use kernel::Page;

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list);
}

/// Audit rows, newest first, about organizations the caller administers, each with its actor's
/// and its object's name as they read now.
#[utoipa::path(tag = "audit", params(AuditFilter, PageParams), responses((status = 200, description = "A page", body = Page<AuditRecord>)))]
#[get("/audit")]
async fn list(cx: Caller, Listed(f, page): Listed<AuditFilter>) -> Answer {
    let p = super::page(&page)?;
    let mut rows = cx.dir.list_audit(&cx.actor, &f, p).await?;
    cx.training.name_audited(&mut rows.items).await?;
    ok(rows)
}
