//! Qualifications on record (EX-08, later PL-05): a person's certificates and letters, valid
//! from `valid_from` to `valid_until` (both days included) until revoked.

use super::{Answer, PageParams, created, ok, paged};
use crate::extract::{Body, Caller};
use actix_web::web::{Path, Query};
use actix_web::{get, post};
use directory::service::qualifications::{
    Qualification, QualificationIn, QualificationRevocationIn,
};
use kernel::Page;
use uuid::Uuid;

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list).service(create).service(revoke);
}

/// The person's qualifications, revoked ones included, newest first.
#[utoipa::path(tag = "qualifications", params(("id" = Uuid, Path), PageParams), responses((status = 200, description = "A page", body = Page<Qualification>)))]
#[get("/persons/{id}/qualifications")]
async fn list(cx: Caller, id: Path<Uuid>, page: Query<PageParams>) -> Answer {
    paged(
        cx.dir.list_qualifications(&cx.actor, *id).await?,
        &page,
        |q| q.id,
    )
}

/// Record a qualification of the person: an evaluator's certificate, a commitment letter, an
/// inspector's certificate. `valid_until` is the last valid day and may not precede
/// `valid_from`.
#[utoipa::path(tag = "qualifications", params(("id" = Uuid, Path)), request_body = QualificationIn, responses((status = 201, description = "Recorded", body = Qualification)))]
#[post("/persons/{id}/qualifications")]
async fn create(cx: Caller, id: Path<Uuid>, Body(input): Body<QualificationIn>) -> Answer {
    created(cx.dir.record_qualification(&cx.actor, *id, input).await?)
}

/// Revoke a qualification with the reason (audited): it stays on record and counts on no day
/// any more. Revoking it again answers 409.
#[utoipa::path(tag = "qualifications", params(("id" = Uuid, Path)), request_body = QualificationRevocationIn, responses((status = 200, description = "Revoked", body = Qualification)))]
#[post("/qualifications/{id}/revocation")]
async fn revoke(
    cx: Caller,
    id: Path<Uuid>,
    Body(input): Body<QualificationRevocationIn>,
) -> Answer {
    ok(cx.dir.revoke_qualification(&cx.actor, *id, input).await?)
}
