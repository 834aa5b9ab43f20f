//! Users and memberships.

use super::{Listed, PageParams, created, created_versioned, no_content, ok, paged, versioned};
use crate::AppState;
use crate::error::ApiResult;
use crate::extract::{Authenticated, IfMatch, JsonBody};
use actix_web::web::{Data, Path, Query};
use actix_web::{HttpResponse, delete, get, patch, post, put};
use directory::model::{Membership, User};
use directory::service::users::{MembershipIn, PasswordIn, UserFilter, UserIn, UserPatch};
use kernel::Page;
use uuid::Uuid;

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list)
        .service(create)
        .service(get_one)
        .service(update)
        .service(set_password)
        .service(memberships)
        .service(add_membership)
        .service(remove_membership);
}

/// Users of the organizations the caller administers.
#[utoipa::path(tag = "users", params(UserFilter, PageParams), responses((status = 200, description = "A page", body = Page<User>)))]
#[get("/users")]
async fn list(
    state: Data<AppState>,
    Authenticated(actor): Authenticated,
    Listed(f, page): Listed<UserFilter>,
) -> ApiResult<HttpResponse> {
    ok(state
        .dir
        .list_users(&actor, &f, super::page(&page)?)
        .await?)
}

/// Create a login account with its first membership.
#[utoipa::path(tag = "users", request_body = UserIn, responses((status = 201, description = "Created", body = User)))]
#[post("/users")]
async fn create(
    state: Data<AppState>,
    Authenticated(actor): Authenticated,
    JsonBody(input): JsonBody<UserIn>,
) -> ApiResult<HttpResponse> {
    created_versioned(state.dir.create_user(&actor, input).await?)
}

/// One user.
#[utoipa::path(tag = "users", params(("id" = Uuid, Path)), responses((status = 200, description = "The user", body = User, headers(("ETag" = String)))))]
#[get("/users/{id}")]
async fn get_one(
    state: Data<AppState>,
    Authenticated(actor): Authenticated,
    id: Path<Uuid>,
) -> ApiResult<HttpResponse> {
    versioned(state.dir.get_user(&actor, *id).await?)
}

/// Change a user; disabling ends all of their sessions at once.
#[utoipa::path(tag = "users", params(("id" = Uuid, Path), ("If-Match" = String, Header)), request_body = UserPatch, responses((status = 200, description = "Updated", body = User)))]
#[patch("/users/{id}")]
async fn update(
    state: Data<AppState>,
    Authenticated(actor): Authenticated,
    id: Path<Uuid>,
    IfMatch(version): IfMatch,
    JsonBody(input): JsonBody<UserPatch>,
) -> ApiResult<HttpResponse> {
    versioned(state.dir.update_user(&actor, *id, &version, input).await?)
}

/// Set a password (yourself, or a user you administer); ends all of their sessions.
#[utoipa::path(tag = "users", params(("id" = Uuid, Path)), request_body = PasswordIn, responses((status = 204, description = "Password set")))]
#[put("/users/{id}/password")]
async fn set_password(
    state: Data<AppState>,
    Authenticated(actor): Authenticated,
    id: Path<Uuid>,
    JsonBody(input): JsonBody<PasswordIn>,
) -> ApiResult<HttpResponse> {
    state.dir.set_password(&actor, *id, input).await?;
    no_content()
}

/// A user's memberships.
#[utoipa::path(tag = "users", params(("id" = Uuid, Path), PageParams), responses((status = 200, description = "Memberships", body = Page<Membership>)))]
#[get("/users/{id}/memberships")]
async fn memberships(
    state: Data<AppState>,
    Authenticated(actor): Authenticated,
    id: Path<Uuid>,
    page: Query<PageParams>,
) -> ApiResult<HttpResponse> {
    paged(state.dir.list_memberships(&actor, *id).await?, &page, |m| {
        m.id
    })
}

/// Give a user roles in an organization. The user's sessions end so the new roles apply.
#[utoipa::path(tag = "users", request_body = MembershipIn, responses((status = 201, description = "Created", body = Membership)))]
#[post("/memberships")]
async fn add_membership(
    state: Data<AppState>,
    Authenticated(actor): Authenticated,
    JsonBody(input): JsonBody<MembershipIn>,
) -> ApiResult<HttpResponse> {
    created(state.dir.add_membership(&actor, input).await?)
}

/// Remove a membership. The user's sessions end so the lost roles stop at once.
#[utoipa::path(tag = "users", params(("id" = Uuid, Path)), responses((status = 204, description = "Removed")))]
#[delete("/memberships/{id}")]
async fn remove_membership(
    state: Data<AppState>,
    Authenticated(actor): Authenticated,
    id: Path<Uuid>,
) -> ApiResult<HttpResponse> {
    state.dir.remove_membership(&actor, *id).await?;
    no_content()
}
