//! Organizations.

use super::{created_versioned, ok, page, versioned};
use crate::AppState;
use crate::error::ApiResult;
use crate::extract::{Authenticated, IfMatch, JsonBody};
use actix_web::web::{Data, Path, Query};
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
async fn list(
    state: Data<AppState>,
    Authenticated(actor): Authenticated,
    q: Query<ListQuery>,
) -> ApiResult<HttpResponse> {
    let q = q.into_inner();
    let p = page(q.limit, q.cursor.as_deref())?;
    let f = OrganizationFilter {
        kind: q.kind,
        q: q.q,
        association_id: q.association_id,
    };
    ok(state.dir.list_organizations(&actor, &f, p).await?)
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
