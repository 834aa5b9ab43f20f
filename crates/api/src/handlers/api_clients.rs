//! API clients of regulators' systems (platform admins only).

use super::{Answer, PageParams, no_content, ok, paged};
use crate::extract::{Body, Caller};
use actix_web::web::{Path, Query};
use actix_web::{HttpResponse, delete, get, post};
use directory::service::api_clients::{ApiClient, ApiClientIn};
use kernel::Page;
use uuid::Uuid;

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list)
        .service(me)
        .service(create)
        .service(revoke);
}

/// All API clients.
#[utoipa::path(tag = "api-clients", params(PageParams), responses((status = 200, description = "Clients", body = Page<ApiClient>)))]
#[get("/api-clients")]
async fn list(cx: Caller, page: Query<PageParams>) -> Answer {
    paged(cx.dir.list_api_clients(&cx.actor).await?, &page, |c| c.id)
}

/// The calling API client (client-credentials token): its regulator, scopes and status.
#[utoipa::path(tag = "api-clients", responses((status = 200, description = "This client", body = ApiClient)))]
#[get("/api-clients/me")]
async fn me(cx: Caller) -> Answer {
    ok(cx.dir.api_client_me(&cx.actor).await?)
}

/// Create a client bound to a regulator; the answer carries the secret, once.
#[utoipa::path(tag = "api-clients", request_body = ApiClientIn, responses((status = 201, description = "Created; keep the secret now", body = ApiClient)))]
#[post("/api-clients")]
async fn create(cx: Caller, Body(input): Body<ApiClientIn>) -> Answer {
    Ok(HttpResponse::Created()
        .insert_header(("Cache-Control", "no-store"))
        .json(cx.dir.create_api_client(&cx.actor, input).await?))
}

/// Revoke a client; its tokens stop working at once.
#[utoipa::path(tag = "api-clients", params(("id" = Uuid, Path)), responses((status = 204, description = "Revoked")))]
#[delete("/api-clients/{id}")]
async fn revoke(cx: Caller, id: Path<Uuid>) -> Answer {
    cx.dir.revoke_api_client(&cx.actor, *id).await?;
    no_content()
}
