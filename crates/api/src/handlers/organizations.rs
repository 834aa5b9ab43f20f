//! Organizations.

use super::{Answer, created_versioned, ok, page, versioned};
use crate::extract::{Body, Caller, Edit};
use actix_web::web::{Path, Query};
use actix_web::{HttpResponse, get, patch, post};
use directory::model::OrgKind;
use directory::service::organizations::{
    Organization, OrganizationFilter, OrganizationIn, OrganizationPatch,
};
use kernel::Page;
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list)
        .service(create)
        .service(get_one)
        .service(update);
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    pub kind: Option<OrgKind>,
    /// Name contains.
    pub q: Option<String>,
    pub association_id: Option<Uuid>,
    /// 1–200, default 20.
    pub limit: Option<u64>,
    pub cursor: Option<String>,
}

/// Organizations the caller can see: its own, its association's members, or its region's.
#[utoipa::path(tag = "organizations", params(ListQuery), responses((status = 200, description = "A page", body = Page<Organization>)))]
#[get("/organizations")]
async fn list(cx: Caller, q: Query<ListQuery>) -> Answer {
    let q = q.into_inner();
    let p = page(q.limit, q.cursor.as_deref())?;
    let f = OrganizationFilter {
        kind: q.kind,
        q: q.q,
        association_id: q.association_id,
    };
    ok(cx.dir.list_organizations(&cx.actor, &f, p).await?)
}

/// Add an organization (platform admin: any kind; association admin: members of its association).
#[utoipa::path(tag = "organizations", request_body = OrganizationIn, responses((status = 201, description = "Created", body = Organization)))]
#[post("/organizations")]
async fn create(cx: Caller, Body(input): Body<OrganizationIn>) -> Answer {
    created_versioned(cx.dir.create_organization(&cx.actor, input).await?)
}

/// One organization.
#[utoipa::path(tag = "organizations", params(("id" = Uuid, Path)), responses((status = 200, description = "The organization", body = Organization, headers(("ETag" = String)))))]
#[get("/organizations/{id}")]
async fn get_one(cx: Caller, id: Path<Uuid>) -> Answer {
    versioned(cx.dir.get_organization(&cx.actor, *id).await?)
}

/// Change an organization. Send `If-Match` with the version you read.
#[utoipa::path(tag = "organizations", params(("id" = Uuid, Path), ("If-Match" = String, Header)), request_body = OrganizationPatch, responses((status = 200, description = "Updated", body = Organization)))]
#[patch("/organizations/{id}")]
async fn update(
    cx: Caller,
    id: Path<Uuid>,
    Edit(version, input): Edit<OrganizationPatch>,
) -> Answer {
    versioned(
        cx.dir
            .update_organization(&cx.actor, *id, &version, input)
            .await?,
    )
}
