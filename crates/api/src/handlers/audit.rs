//! The audit log.

use super::{Answer, Listed, PageParams, ok};
use crate::error::ApiError;
use crate::extract::Caller;
use actix_web::get;
use directory::service::audit::{AuditFilter, AuditRecord};
use kernel::Page;
use serde::Deserialize;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use utoipa::IntoParams;
use uuid::Uuid;

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list);
}

/// Filters of the audit log (`GET /audit`), the instants as sent.
#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    pub actor_id: Option<Uuid>,
    /// Action prefix, e.g. `person.` or `auth.login`.
    pub action: Option<String>,
    pub object_type: Option<String>,
    pub object_id: Option<String>,
    /// RFC 3339, inclusive.
    pub from: Option<String>,
    /// RFC 3339, exclusive.
    pub to: Option<String>,
}

fn instant(name: &str, v: Option<&str>) -> Result<Option<OffsetDateTime>, ApiError> {
    v.filter(|s| !s.is_empty())
        .map(|s| {
            OffsetDateTime::parse(s, &Rfc3339).map_err(|_| {
                ApiError::bad_request(
                    format!("{name}:须为 RFC 3339 时间"),
                    format!("{name}: expected an RFC 3339 time"),
                )
            })
        })
        .transpose()
}

/// Audit rows, newest first, about organizations the caller administers.
#[utoipa::path(tag = "audit", params(AuditQuery, PageParams), responses((status = 200, description = "A page", body = Page<AuditRecord>)))]
#[get("/audit")]
async fn list(cx: Caller, Listed(q, page): Listed<AuditQuery>) -> Answer {
    let p = page.request()?;
    let f = AuditFilter {
        actor_id: q.actor_id,
        action: q.action,
        object_type: q.object_type,
        object_id: q.object_id,
        from: instant("from", q.from.as_deref())?,
        to: instant("to", q.to.as_deref())?,
    };
    ok(cx.dir.list_audit(&cx.actor, &f, p).await?)
}
