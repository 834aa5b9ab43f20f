//! Organizations.

use super::{Listed, PageParams, created_versioned, ok, versioned};
use crate::AppState;
use crate::error::ApiResult;
use crate::extract::{Authenticated, IfMatch, JsonBody};
use actix_web::web::{Data, Path};
use actix_web::{HttpResponse, get, patch, post};
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
async fn list(
    state: Data<AppState>,
    Authenticated(actor): Authenticated,
    Listed(f, page): Listed<OrganizationFilter>,
) -> ApiResult<HttpResponse> {
    ok(state
        .dir
        .list_organizations(&actor, &f, super::page(&page)?)
        .await?)
}

/// Add an organization (platform admin: any kind; association admin: members of its association).
#[utoipa::path(tag = "organizations", request_body = OrganizationIn, responses((status = 201, description = "Created", body = Organization)))]
#[post("/organizations")]
async fn create(
    state: Data<AppState>,
    Authenticated(actor): Authenticated,
    JsonBody(input): JsonBody<OrganizationIn>,
) -> ApiResult<HttpResponse> {
    created_versioned(state.dir.create_organization(&actor, input).await?)
}

/// One organization.
#[utoipa::path(tag = "organizations", params(("id" = Uuid, Path)), responses((status = 200, description = "The organization", body = Organization, headers(("ETag" = String)))))]
#[get("/organizations/{id}")]
async fn get_one(
    state: Data<AppState>,
    Authenticated(actor): Authenticated,
    id: Path<Uuid>,
) -> ApiResult<HttpResponse> {
    versioned(state.dir.get_organization(&actor, *id).await?)
}

/// Change an organization. Send `If-Match` with the version you read.
#[utoipa::path(tag = "organizations", params(("id" = Uuid, Path), ("If-Match" = String, Header)), request_body = OrganizationPatch, responses((status = 200, description = "Updated", body = Organization)))]
#[patch("/organizations/{id}")]
async fn update(
    state: Data<AppState>,
    Authenticated(actor): Authenticated,
    id: Path<Uuid>,
    IfMatch(version): IfMatch,
    JsonBody(input): JsonBody<OrganizationPatch>,
) -> ApiResult<HttpResponse> {
    versioned(
        state
            .dir
            .update_organization(&actor, *id, &version, input)
            .await?,
    )
}
