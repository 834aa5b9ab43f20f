//! What every operation promises before its handler runs, read from the OpenAPI description
//! itself so that the served contract and the published one cannot drift apart:
//!
//! - a query parameter the operation does not document is refused (400), on every route —
//!   also on those that take no parameters at all, which used to ignore them silently;
//! - an API client's token is checked against the scope the operation requires before
//!   anything else is looked at (403 `insufficient_scope`, RFC 6750 §3.1), so a read-only
//!   token that writes learns that it may not, not that its body is wrong, and a token
//!   without a list's scope is refused rather than answered with an empty list.
//!
//! The caller this check authenticates is kept in the request, so the handler's
//! [`crate::extract::Authenticated`] does not verify the token a second time.

use crate::AppState;
use crate::error::{ApiError, Problem};
use crate::routes::RouteTable;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::web::Data;
use actix_web::{Error, HttpMessage, ResponseError};
use kernel::{Actor, Message};
use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::{OpenApi, RefOr};

/// The security scheme of regulators' systems in the description (see `openapi::finish`).
pub const CLIENT_SCHEME: &str = "regulator_client";

/// Whether an API client may call an operation.
#[derive(Debug, Clone, PartialEq, Eq)]
enum ClientAccess {
    /// Anyone may call it (login, regions, public pages): nothing to check.
    Public,
    /// Users only; a client token is refused whatever its scopes.
    UsersOnly,
    /// Clients holding one of these scopes (none listed: any client, e.g. reading itself).
    Scopes(Vec<String>),
}

struct Op {
    query: Vec<String>,
    client: ClientAccess,
}

/// Every documented operation's query parameters and client access, by path template and
/// method, in a [`RouteTable`] built once at start-up: the guard runs on every request, so it
/// finds the operation with a walk of the path's segments rather than a scan of every route.
pub struct Contract(RouteTable<Vec<(Method, Op)>>);

impl Contract {
    pub fn from_spec(api: &OpenApi) -> Self {
        let mut table = RouteTable::default();
        for (path, item) in &api.paths.paths {
            let mut ops = Vec::new();
            for (op, method) in [
                (&item.get, Method::GET),
                (&item.post, Method::POST),
                (&item.put, Method::PUT),
                (&item.patch, Method::PATCH),
                (&item.delete, Method::DELETE),
            ] {
                if let Some(op) = op {
                    ops.push((
                        method,
                        Op {
                            query: query_names(op),
                            client: client_access(op),
                        },
                    ));
                }
            }
            table.insert(path, ops);
        }
        Contract(table)
    }

    /// The operation serving `method` on `path`: the most specific documented path (a literal
    /// segment beats a `{param}` one, `/api-clients/me` before `/api-clients/{id}`), if it has
    /// the method — when it has not, the hygiene middleware has already answered 405.
    fn op(&self, method: &Method, path: &str) -> Option<&Op> {
        self.0
            .get(path)?
            .iter()
            .find(|(m, _)| m == method)
            .map(|(_, op)| op)
    }
}

fn query_names(op: &Operation) -> Vec<String> {
    op.parameters
        .iter()
        .flatten()
        .filter_map(|p| match p {
            RefOr::T(p) if matches!(p.parameter_in, ParameterIn::Query) => Some(p.name.clone()),
            _ => None,
        })
        .collect()
}

/// Reads the operation's security requirements. `SecurityRequirement` keeps its map private,
/// so it is read through its serialised form. No requirement at all is a public operation;
/// one whose login is optional (`[{}, {"bearer": []}]`) is public without a token, but a
/// client's token on it is refused like on any operation that does not name the client scheme.
fn client_access(op: &Operation) -> ClientAccess {
    let reqs = serde_json::to_value(&op.security).unwrap_or_default();
    let reqs = reqs.as_array().cloned().unwrap_or_default();
    if reqs.is_empty() {
        return ClientAccess::Public;
    }
    reqs.iter()
        .find_map(|r| r.get(CLIENT_SCHEME))
        .map(|s| {
            ClientAccess::Scopes(
                s.as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect(),
            )
        })
        .unwrap_or(ClientAccess::UsersOnly)
}

/// 403 for a client token without the scope (RFC 6750 §3.1): the problem says so in words
/// and `WWW-Authenticate` carries the machine-readable `insufficient_scope`.
fn insufficient_scope(scopes: &[String]) -> actix_web::HttpResponse {
    let (zh, en) = if scopes.is_empty() {
        (
            "API 客户端不能调用此操作".to_owned(),
            "API clients may not call this operation".to_owned(),
        )
    } else {
        let s = scopes.join(" ");
        (
            format!("需要授权范围 {s}"),
            format!("this operation needs the scope {s}"),
        )
    };
    let mut res = Problem::new(
        StatusCode::FORBIDDEN,
        "insufficient_scope",
        Message::new(zh, en),
    )
    .response();
    let mut challenge = r#"Bearer error="insufficient_scope""#.to_owned();
    if !scopes.is_empty() {
        challenge.push_str(&format!(r#", scope="{}""#, scopes.join(" ")));
    }
    if let Ok(v) = HeaderValue::from_str(&challenge) {
        res.headers_mut().insert(header::WWW_AUTHENTICATE, v);
    }
    res
}

/// The check itself, as middleware in front of every handler.
pub async fn guard(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let contract = req.app_data::<Data<Contract>>().cloned();
    let Some(op) = contract
        .as_deref()
        .and_then(|c| c.op(req.method(), req.path()))
    else {
        // Not a documented operation: 404/405 and the SPA are handled elsewhere.
        return next
            .call(req)
            .await
            .map(ServiceResponse::map_into_boxed_body);
    };
    // Keys are decoded in place; only an escaped key allocates.
    if let Some((k, _)) = form_urlencoded::parse(req.query_string().as_bytes())
        .find(|(k, _)| !op.query.iter().any(|q| q == k))
    {
        let known = if op.query.is_empty() {
            "none".to_owned()
        } else {
            op.query.join(", ")
        };
        let e = ApiError::bad_request(
            format!("未知查询参数 {k}(此操作接受:{known})"),
            format!("unknown query parameter `{k}` (this operation takes: {known})"),
        );
        return Ok(req.into_response(e.error_response()));
    }
    if op.client != ClientAccess::Public
        && let (Some(state), Some(token)) = (
            req.app_data::<Data<AppState>>().cloned(),
            crate::request::bearer(req.request()),
        )
        && let Ok(actor) = state.dir.authenticate(&token).await
    {
        if let Some(scopes) = actor.scopes.as_ref() {
            let allowed = match &op.client {
                ClientAccess::Scopes(need) => {
                    need.is_empty() || need.iter().any(|n| scopes.contains(n))
                }
                _ => false,
            };
            if !allowed {
                let need = match &op.client {
                    ClientAccess::Scopes(need) => need.clone(),
                    _ => vec![],
                };
                return Ok(req.into_response(insufficient_scope(&need)));
            }
        }
        req.extensions_mut().insert::<Actor>(actor);
    }
    next.call(req)
        .await
        .map(ServiceResponse::map_into_boxed_body)
}
