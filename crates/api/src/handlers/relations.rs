//! Declared relations between persons (EX-07's recusal), symmetric: read from either person.

use super::{Answer, PageParams, created, no_content, paged};
use crate::extract::{Body, Caller};
use actix_web::web::{Path, Query};
use actix_web::{delete, get, post};
use directory::service::relations::{PersonRelation, PersonRelationIn};
use kernel::Page;
use uuid::Uuid;

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list).service(create).service(delete);
}

/// The person's declared relations to persons the caller reads too, newest first; each read
/// from this person (`person_id`) to the other (`related_person_id`).
#[utoipa::path(tag = "relations", params(("id" = Uuid, Path), PageParams), responses((status = 200, description = "A page", body = Page<PersonRelation>)))]
#[get("/persons/{id}/relations")]
async fn list(cx: Caller, id: Path<Uuid>, page: Query<PageParams>) -> Answer {
    paged(cx.dir.list_relations(&cx.actor, *id).await?, &page, |r| {
        r.id
    })
}

/// Declare a relation between the person and another (kin, spouse, former colleague, teacher
/// and student, other). Both must be persons the caller reads; the pair is declared once per
/// kind.
#[utoipa::path(tag = "relations", params(("id" = Uuid, Path)), request_body = PersonRelationIn, responses((status = 201, description = "Declared", body = PersonRelation)))]
#[post("/persons/{id}/relations")]
async fn create(cx: Caller, id: Path<Uuid>, Body(input): Body<PersonRelationIn>) -> Answer {
    created(cx.dir.declare_relation(&cx.actor, *id, input).await?)
}

/// Remove a declared relation (audited).
#[utoipa::path(tag = "relations", params(("id" = Uuid, Path)), responses((status = 204, description = "Removed")))]
#[delete("/person-relations/{id}")]
async fn delete(cx: Caller, id: Path<Uuid>) -> Answer {
    cx.dir.remove_relation(&cx.actor, *id).await?;
    no_content()
}
