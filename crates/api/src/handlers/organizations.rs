//! Organizations.

use super::{Answer, Listed, PageParams, created_versioned, ok, versioned};
use crate::extract::{Body, Caller, Edit};
use actix_web::web::Path;
use actix_web::{get, patch, post};
use directory::service::organizations::{
    Organization, OrganizationFilter, OrganizationIn, OrganizationPatch,
};
use kernel::Page;
use uuid::Uuid;

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list)
        .service(create)
        .service(get_one)
        .service(update);
}

/// Organizations the caller can see: its own, its association's members, or its region's.
#[utoipa::path(tag = "organizations", params(OrganizationFilter, PageParams), responses((status = 200, description = "A page", body = Page<Organization>)))]
#[get("/organizations")]
async fn list(cx: Caller, Listed(f, page): Listed<OrganizationFilter>) -> Answer {
    let p = super::page(&page)?;
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
