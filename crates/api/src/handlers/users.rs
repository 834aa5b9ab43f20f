//! Users and memberships.

use super::{
    Answer, Listed, PageParams, created, created_versioned, no_content, ok, paged, versioned,
};
use crate::extract::{Body, Caller, Edit};
use actix_web::web::{Path, Query};
use actix_web::{delete, get, patch, post, put};
use directory::model::{Membership, User};
use directory::service::users::{MembershipIn, PasswordIn, UserFilter, UserIn, UserPatch};
use kernel::Page;
use uuid::Uuid;

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list)
        .service(get_one)
        .service(memberships)
        .service(create)
        .service(update)
        .service(set_password)
        .service(add_membership)
        .service(remove_membership);
}

/// Users of the organizations the caller administers, by login or display name (`q`); a
/// user with memberships in several organizations is listed once.
#[utoipa::path(tag = "users", params(UserFilter, PageParams), responses((status = 200, description = "A page", body = Page<User>)))]
#[get("/users")]
async fn list(cx: Caller, Listed(f, page): Listed<UserFilter>) -> Answer {
    let p = super::page(&page)?;
    ok(cx.dir.list_users(&cx.actor, &f, p).await?)
}

/// One user.
#[utoipa::path(tag = "users", params(("id" = Uuid, Path)), responses((status = 200, description = "The user", body = User, headers(("ETag" = String)))))]
#[get("/users/{id}")]
async fn get_one(cx: Caller, id: Path<Uuid>) -> Answer {
    versioned(cx.dir.get_user(&cx.actor, *id).await?)
}

/// A user's memberships.
#[utoipa::path(tag = "users", params(("id" = Uuid, Path), PageParams), responses((status = 200, description = "Memberships", body = Page<Membership>)))]
#[get("/users/{id}/memberships")]
async fn memberships(cx: Caller, id: Path<Uuid>, page: Query<PageParams>) -> Answer {
    paged(cx.dir.list_memberships(&cx.actor, *id).await?, &page, |m| {
        m.id
    })
}

/// Create a login account with its first membership. The login is unique on the platform
/// (409 `login_taken`); the password meets the policy (a minimum length, at most 128
/// characters, not a common one); the role fits the organization's kind (an enterprise has
/// officers and managers, not association staff).
#[utoipa::path(tag = "users", request_body = UserIn, responses((status = 201, description = "Created", body = User)))]
#[post("/users")]
async fn create(cx: Caller, Body(input): Body<UserIn>) -> Answer {
    created_versioned(cx.dir.create_user(&cx.actor, input).await?)
}

/// Change a user; disabling ends all of their sessions at once.
#[utoipa::path(tag = "users", params(("id" = Uuid, Path), ("If-Match" = String, Header)), request_body = UserPatch, responses((status = 200, description = "Updated", body = User)))]
#[patch("/users/{id}")]
async fn update(cx: Caller, id: Path<Uuid>, Edit(version, input): Edit<UserPatch>) -> Answer {
    versioned(cx.dir.update_user(&cx.actor, *id, &version, input).await?)
}

/// Set a password (yourself, or a user you administer); ends all of their sessions.
#[utoipa::path(tag = "users", params(("id" = Uuid, Path)), request_body = PasswordIn, responses((status = 204, description = "Password set")))]
#[put("/users/{id}/password")]
async fn set_password(cx: Caller, id: Path<Uuid>, Body(input): Body<PasswordIn>) -> Answer {
    cx.dir.set_password(&cx.actor, *id, input).await?;
    no_content()
}

/// Give a user roles in an organization. The user's sessions end so the new roles apply.
#[utoipa::path(tag = "users", request_body = MembershipIn, responses((status = 201, description = "Created", body = Membership)))]
#[post("/memberships")]
async fn add_membership(cx: Caller, Body(input): Body<MembershipIn>) -> Answer {
    created(cx.dir.add_membership(&cx.actor, input).await?)
}

/// Remove a membership. The user's sessions end so the lost roles stop at once.
#[utoipa::path(tag = "users", params(("id" = Uuid, Path)), responses((status = 204, description = "Removed")))]
#[delete("/memberships/{id}")]
async fn remove_membership(cx: Caller, id: Path<Uuid>) -> Answer {
    cx.dir.remove_membership(&cx.actor, *id).await?;
    no_content()
}
