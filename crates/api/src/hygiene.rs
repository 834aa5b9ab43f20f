//! Input hygiene, once for every route: what text a request may carry before any handler or
//! domain sees it. JSON bodies (through [`crate::extract::parse_json`]), query strings and
//! paths (through the [`request_hygiene`] middleware) are checked here, so that a domain added
//! tomorrow inherits the same refusals without a line of its own:
//!
//! - no control character other than tab and line breaks in any string ([`kernel::text`]);
//! - no JSON string longer than [`MAX_TEXT`] characters (each domain has its own, smaller,
//!   bounds; this one keeps a forgotten bound from reaching the database);
//! - no query value longer than [`MAX_QUERY_VALUE`] characters (a search term is a name or
//!   part of one; SQLite refuses a `LIKE` pattern over 50,000 bytes with an error).
//!
//! The middleware also answers 405 with `Allow` for a path the API has under another method
//! (before routing, so that `/persons/export` is not taken for `/persons/{id}`), marks API
//! answers `Cache-Control: no-store` (they carry personal data and are per caller), and sets
//! the Content-Security-Policy of the pages (SPA and Swagger UI).

use crate::error::ApiError;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;
use actix_web::web::Data;
use actix_web::{Error, ResponseError};
use kernel::FieldError;
use kernel::text::{describe, forbidden_char};
use serde_json::Value;

/// Longest string accepted anywhere in a JSON body, in characters.
pub const MAX_TEXT: usize = 10_000;
/// Longest query value accepted, in characters.
pub const MAX_QUERY_VALUE: usize = 256;

/// The pages' Content-Security-Policy: scripts only from this origin (neither the SPA nor
/// Swagger UI has an inline script); inline styles allowed because Ant Design's CSS-in-JS and
/// Swagger UI write `<style>` elements and `style` attributes at run time; images and fonts
/// from this origin and `data:` (icons); API calls only to this origin; no framing.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; \
     connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; \
     frame-ancestors 'none'";

/// Every string (and object key) of a JSON body, with a JSON pointer to each bad one.
pub fn check_json(value: &Value) -> Result<(), ApiError> {
    let mut errors = Vec::new();
    walk(value, &mut String::new(), &mut errors);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::invalid(errors))
    }
}

fn walk(value: &Value, pointer: &mut String, errors: &mut Vec<FieldError>) {
    if errors.len() >= 20 {
        return;
    }
    match value {
        Value::String(s) => check_text(pointer, s, errors),
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                let len = pointer.len();
                pointer.push_str(&format!("/{i}"));
                walk(v, pointer, errors);
                pointer.truncate(len);
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&k.replace('~', "~0").replace('/', "~1"));
                if let Some(c) = forbidden_char(k) {
                    errors.push(control_error(pointer, c));
                } else {
                    walk(v, pointer, errors);
                }
                pointer.truncate(len);
            }
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

fn check_text(pointer: &str, s: &str, errors: &mut Vec<FieldError>) {
    let at = if pointer.is_empty() { "/" } else { pointer };
    if let Some(c) = forbidden_char(s) {
        errors.push(control_error(at, c));
    } else if s.len() > MAX_TEXT && s.chars().count() > MAX_TEXT {
        errors.push(FieldError::new(
            at,
            "too_long",
            format!("最多{MAX_TEXT}字"),
            format!("at most {MAX_TEXT} characters"),
        ));
    }
}

fn control_error(pointer: &str, c: char) -> FieldError {
    FieldError::new(
        if pointer.is_empty() { "/" } else { pointer },
        "control_character",
        format!("不能含控制字符 {}", describe(c)),
        format!("must not contain the control character {}", describe(c)),
    )
}

/// Each name and value of a query string (or form body): no control character, at most
/// [`MAX_QUERY_VALUE`] characters. A 400, like every other malformed query.
pub fn check_pairs(encoded: &str, what: &str) -> Result<(), ApiError> {
    if encoded.is_empty() {
        return Ok(());
    }
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(encoded).map_err(|_| {
        ApiError::bad_request(
            format!("{what}无法解析"),
            format!("the {what} cannot be parsed"),
        )
    })?;
    for (name, value) in &pairs {
        if let Some(c) = forbidden_char(name).or_else(|| forbidden_char(value)) {
            return Err(ApiError::bad_request(
                format!("参数 {name} 含控制字符 {}", describe(c)),
                format!(
                    "parameter {name} contains the control character {}",
                    describe(c)
                ),
            ));
        }
        if value.chars().count() > MAX_QUERY_VALUE {
            return Err(ApiError::bad_request(
                format!("参数 {name} 最多{MAX_QUERY_VALUE}字"),
                format!("parameter {name} is limited to {MAX_QUERY_VALUE} characters"),
            ));
        }
    }
    Ok(())
}

/// The request-wide checks and headers (see the module documentation).
pub async fn request_hygiene(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let path = req.path().to_owned();
    let api = path.starts_with("/api/v1/") || path == "/api/v1";
    if api {
        head_as_get(&mut req);
        let refused = check_path(&path)
            .and_then(|()| check_pairs(req.query_string(), "query"))
            .err()
            .map(|e| e.error_response())
            .or_else(|| method_not_allowed(&req));
        if let Some(res) = refused {
            return Ok(req.into_response(res));
        }
    }
    let mut res = next.call(req).await?.map_into_boxed_body();
    let headers = res.headers_mut();
    if path.starts_with("/api/") && !path.starts_with("/api/docs") {
        if !headers.contains_key(header::CACHE_CONTROL) {
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        }
    } else {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        );
    }
    Ok(res)
}

/// A path segment is percent-decoded before routing; a control character in it names nothing.
fn check_path(path: &str) -> Result<(), ApiError> {
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    match forbidden_char(&decoded) {
        Some(c) => Err(ApiError::bad_request(
            format!("路径含控制字符 {}", describe(c)),
            format!("the path contains the control character {}", describe(c)),
        )),
        None => Ok(()),
    }
}

/// A HEAD on a documented GET runs as that GET, so that every check, grant and header is the
/// GET's; the connection's codec remembers the request was a HEAD and sends no body.
fn head_as_get(req: &mut ServiceRequest) {
    if req.method() != actix_web::http::Method::HEAD {
        return;
    }
    let has_get = req
        .app_data::<Data<crate::routes::KnownRoutes>>()
        .and_then(|known| known.allowed(req.path()))
        .is_some_and(|m| m.contains(&actix_web::http::Method::GET));
    if has_get {
        req.head_mut().method = actix_web::http::Method::GET;
    }
}

/// 405 when the most specific documented path that matches does not have this method.
fn method_not_allowed(req: &ServiceRequest) -> Option<actix_web::HttpResponse> {
    let known = req.app_data::<Data<crate::routes::KnownRoutes>>()?;
    let methods = known.allowed(req.path())?;
    if methods.contains(req.method()) {
        return None;
    }
    Some(crate::routes::method_not_allowed(methods))
}
