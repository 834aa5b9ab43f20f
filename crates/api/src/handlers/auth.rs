//! Tokens: password login (SPA, phone), refresh rotation, logout, OAuth2 client credentials
//! (regulators' systems), and the caller's own account.

use super::{Answer, no_content, ok};
use crate::AppState;
use crate::error::ApiError;
use crate::extract::{Body, Caller, ClientAddr, parse_json, read_limited};
use crate::grants::Grant;
use actix_web::http::header;
use actix_web::web::{Data, Payload};
use actix_web::{HttpRequest, HttpResponse, get, post};
use base64::Engine;
use directory::model::{Membership, User};
use directory::service::auth::TokenPair;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(token)
        .service(refresh)
        .service(logout)
        .service(me);
}

/// Password login.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordLogin {
    pub login: String,
    pub password: String,
}

/// OAuth2 client-credentials grant (RFC 6749 §4.4), form-encoded. The client may instead
/// authenticate with HTTP Basic.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClientCredentialsGrant {
    /// Must be `client_credentials`.
    pub grant_type: String,
    pub client_id: Option<String>,
    pub client_secret: Option<String>,
    /// Ignored: a client always gets all its scopes.
    pub scope: Option<String>,
}

/// A refresh token.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RefreshIn {
    pub refresh_token: String,
}

/// Get an access token: JSON `{login, password}` for people, form-encoded client credentials
/// for regulators' systems.
#[utoipa::path(
    tag = "auth",
    request_body(content(
        (PasswordLogin = "application/json"),
        (ClientCredentialsGrant = "application/x-www-form-urlencoded"),
    )),
    responses((status = 200, description = "Tokens", body = TokenPair))
)]
#[post("/auth/token")]
async fn token(
    state: Data<AppState>,
    req: HttpRequest,
    mut body: Payload,
    addr: ClientAddr,
) -> Answer {
    let ct = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let bytes = read_limited(&mut body, 16 * 1024).await?;
    let pair = if ct.starts_with("application/json") {
        let input: PasswordLogin = parse_json(&bytes)?;
        state
            .dir
            .login(&input.login, &input.password, &addr.0)
            .await?
    } else if ct.starts_with("application/x-www-form-urlencoded") {
        let form = std::str::from_utf8(&bytes)
            .map_err(|_| ApiError::bad_request("表单不是 UTF-8 编码", "the form is not UTF-8"))?;
        crate::hygiene::check_pairs(form, "form")?;
        let grant: ClientCredentialsGrant = serde_urlencoded::from_str(form).map_err(|e| {
            ApiError::bad_request(format!("表单无效:{e}"), format!("invalid form: {e}"))
        })?;
        if grant.grant_type != "client_credentials" {
            return Err(ApiError::bad_request(
                "不支持的授权类型(unsupported_grant_type),请使用 client_credentials",
                "unsupported_grant_type: use client_credentials",
            ));
        }
        let (id, secret) = match (grant.client_id, grant.client_secret, basic(&req)) {
            (_, _, Some(pair)) => pair,
            (Some(i), Some(s), None) => (i, s),
            _ => return Err(ApiError::Unauthenticated),
        };
        state.dir.client_credentials(&id, &secret, &addr.0).await?
    } else {
        return Err(ApiError::unsupported_media_type(
            "请使用 application/json 或 application/x-www-form-urlencoded",
            "use application/json or application/x-www-form-urlencoded",
        ));
    };
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(pair))
}

fn basic(req: &HttpRequest) -> Option<(String, String)> {
    let h = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, b64) = h.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let raw = base64::engine::general_purpose::STANDARD
        .decode(b64.trim())
        .ok()?;
    let s = String::from_utf8(raw).ok()?;
    // Credentials with a control character cannot be anyone's (and must not reach a query).
    if kernel::text::forbidden_char(&s).is_some() {
        return None;
    }
    let (i, p) = s.split_once(':')?;
    Some((i.to_owned(), p.to_owned()))
}

/// Rotate a refresh token. A token presented twice revokes its whole family.
#[utoipa::path(tag = "auth", request_body = RefreshIn, responses((status = 200, description = "New tokens", body = TokenPair)))]
#[post("/auth/refresh")]
async fn refresh(state: Data<AppState>, Body(input): Body<RefreshIn>) -> Answer {
    let pair = state.dir.refresh(&input.refresh_token).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(pair))
}

/// End the session the refresh token belongs to.
#[utoipa::path(tag = "auth", request_body = RefreshIn, responses((status = 204, description = "Logged out")))]
#[post("/auth/logout")]
async fn logout(cx: Caller, Body(input): Body<RefreshIn>) -> Answer {
    cx.dir.logout(&cx.actor, &input.refresh_token).await?;
    no_content()
}

/// The caller's account, memberships, linked person and what they may do.
#[derive(Debug, Serialize, ToSchema)]
pub struct Me {
    pub user: User,
    pub memberships: Vec<Membership>,
    pub person_id: Option<Uuid>,
    pub is_platform_admin: bool,
    /// What the caller may do somewhere, from the same grant tables the services check: the
    /// web app offers only these screens and buttons (the server still decides each request).
    pub grants: Vec<Grant>,
}

/// The caller's account, memberships, linked person and grants.
#[utoipa::path(tag = "auth", responses((status = 200, description = "The caller", body = Me)))]
#[get("/me")]
async fn me(cx: Caller) -> Answer {
    let m = cx.dir.me(&cx.actor).await?;
    ok(Me {
        user: m.user,
        memberships: m.memberships,
        person_id: m.person_id,
        is_platform_admin: m.is_platform_admin,
        grants: crate::grants::of(&cx.actor),
    })
}
