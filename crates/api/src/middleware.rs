//! Cross-cutting request handling: request ids and access logs, turning every error response
//! into a problem (also those actix produces itself), 404 vs 405 for unmatched routes, and
//! `Idempotency-Key` replay for POSTs.

use crate::AppState;
use crate::error::{ApiError, PROBLEM_JSON, Problem};
use crate::routes::{KnownRoutes, method_not_allowed};
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::web::Data;
use actix_web::{Error, HttpMessage, HttpRequest, HttpResponse, ResponseError};
use kernel::Message;
use sha2::{Digest, Sha256};
use std::time::Instant;
use tracing::Instrument;
use uuid::Uuid;

/// The request id of the current request (echoed in `X-Request-Id` and problem bodies).
#[derive(Clone, Debug)]
pub struct RequestId(pub String);

const X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Assigns a request id (or keeps a sane incoming one) and logs one line per request. Only
/// the path is logged: query strings can hold ID numbers.
pub async fn request_id(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let id = req
        .headers()
        .get(&X_REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| {
            !v.is_empty()
                && v.len() <= 64
                && v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
        .map(str::to_owned)
        .unwrap_or_else(|| Uuid::now_v7().to_string());
    req.extensions_mut().insert(RequestId(id.clone()));
    let method = req.method().clone();
    let path = req.path().to_owned();
    let started = Instant::now();
    // Instrument the future rather than entering the span: an entered guard held across an
    // await would label whatever else the worker thread runs meanwhile with this request's id.
    let span = tracing::info_span!("request", request_id = %id);
    // A request that only reads sees one snapshot (and pays one read transaction).
    let reads_only = method == Method::GET || method == Method::HEAD;
    let call = next.call(req).instrument(span.clone());
    let mut res = if reads_only {
        fastpath::one_snapshot(call).await?
    } else {
        call.await?
    };
    span.in_scope(|| {
        tracing::info!(%method, %path, status = res.status().as_u16(), ms = started.elapsed().as_millis() as u64, "handled");
    });
    if let Ok(v) = HeaderValue::from_str(&id) {
        res.headers_mut().insert(X_REQUEST_ID, v);
    }
    Ok(res)
}

/// Makes every 4xx/5xx a problem+json carrying `instance` and `request_id`, including
/// responses actix itself produced.
pub async fn finish_problems(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let path = req.path().to_owned();
    let rid = req.extensions().get::<RequestId>().map(|r| r.0.clone());
    let res = match next.call(req).await {
        Ok(res) => res.map_into_boxed_body(),
        Err(e) => return Err(e),
    };
    if res.status().as_u16() < 400 {
        return Ok(res);
    }
    let is_problem = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with(PROBLEM_JSON));
    let (req, res) = res.into_parts();
    let status = res.status();
    let headers = res.headers().clone();
    let body = actix_web::body::to_bytes_limited(res.into_body(), 1 << 20).await;
    let mut value = match (is_problem, body) {
        (true, Ok(Ok(bytes))) => serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null),
        _ => serde_json::Value::Null,
    };
    if !value.is_object() {
        let (code, zh) = match status.as_u16() {
            404 => ("not_found", "未找到"),
            405 => ("method_not_allowed", "不支持此方法"),
            413 => ("payload_too_large", "请求体过大"),
            415 => ("unsupported_media_type", "不支持的内容类型"),
            400 => ("bad_request", "请求无效"),
            s if s >= 500 => ("internal", "服务器内部错误"),
            _ => ("error", "请求失败"),
        };
        let en = status.canonical_reason().unwrap_or("error");
        value = serde_json::to_value(Problem::new(status, code, Message::new(zh, en)))
            .unwrap_or_default();
    }
    if let Some(obj) = value.as_object_mut() {
        obj.insert("instance".into(), path.into());
        if let Some(r) = rid {
            obj.insert("request_id".into(), r.into());
        }
    }
    let mut out = HttpResponse::build(status);
    for (k, v) in headers.iter() {
        if k != header::CONTENT_TYPE && k != header::CONTENT_LENGTH {
            out.insert_header((k.clone(), v.clone()));
        }
    }
    let out = out.content_type(PROBLEM_JSON).body(value.to_string());
    Ok(ServiceResponse::new(req, out))
}

/// The default service: 405 with `Allow` when the path exists under another method, else 404.
pub async fn unmatched(req: HttpRequest) -> HttpResponse {
    let allowed = req
        .app_data::<Data<KnownRoutes>>()
        .and_then(|k| k.allowed(req.path()));
    match allowed {
        Some(methods) => method_not_allowed(methods),
        None => Problem::new(
            StatusCode::NOT_FOUND,
            "not_found",
            Message::new("没有这个地址", "no such route"),
        )
        .response(),
    }
}

pub mod idempotency_key {
    //! Stored responses of POSTs sent with an `Idempotency-Key`, owned by the API crate.
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "idempotency_keys")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub actor_id: Uuid,
        pub key: String,
        pub request_hash: String,
        /// 0 while the first request is in flight.
        pub status_code: i32,
        pub response_body: Option<String>,
        pub content_type: Option<String>,
        pub created_at: TimeDateTimeWithTimeZone,
        /// The first response's `ETag`, replayed with it.
        pub etag: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

const IDEMPOTENCY_KEY: HeaderName = HeaderName::from_static("idempotency-key");
/// An in-flight record older than this was abandoned (its process died) and may be retried.
const IN_FLIGHT_TIMEOUT: time::Duration = time::Duration::seconds(60);

/// `Idempotency-Key` on POST, PUT and PATCH: the first response is stored and replayed (with
/// its `ETag`) for the same key and body; the same key with another body is 422; while the
/// first is in flight, 409. Keys are per caller. PUT is here too because a client that sends a
/// key (the exam screen's autosave does, issue 16) expects the answer it got the first time,
/// not a second judgement of the same request after the state moved on. "The same body"
/// means the same JSON value: key order and white space do not count. 5xx responses are not stored, so the client may retry.
pub async fn idempotency(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    use idempotency_key::{ActiveModel, Column, Entity};
    use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

    let key = req
        .headers()
        .get(&IDEMPOTENCY_KEY)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let state = req.app_data::<Data<AppState>>().cloned();
    let remembered = [Method::POST, Method::PUT, Method::PATCH].contains(req.method());
    let (Some(key), Some(state), true) = (key, state, remembered) else {
        return next
            .call(req)
            .await
            .map(ServiceResponse::map_into_boxed_body);
    };
    let fail = |req: ServiceRequest, e: ApiError| Ok(req.into_response(e.error_response()));
    if key.is_empty() || key.len() > 255 {
        return fail(
            req,
            ApiError::bad_request(
                "Idempotency-Key 须为1–255个字符",
                "Idempotency-Key must be 1–255 characters",
            ),
        );
    }
    let known = req.extensions().get::<kernel::Actor>().cloned();
    let actor = match (known, crate::request::bearer(req.request())) {
        (Some(a), _) => Some(a),
        (None, Some(t)) => state.dir.authenticate(&t).await.ok(),
        (None, None) => None,
    };
    let Some(actor) = actor else {
        // Unauthenticated calls are refused by the handler; nothing to remember.
        return next
            .call(req)
            .await
            .map(ServiceResponse::map_into_boxed_body);
    };
    let body =
        match crate::request::read_limited(&mut req.take_payload(), crate::IMPORT_LIMIT).await {
            Ok(b) => b.freeze(),
            Err(e) => return fail(req, e),
        };
    let mut h = Sha256::new();
    h.update(req.method().as_str());
    h.update([0]);
    h.update(req.uri().to_string());
    h.update([0]);
    h.update(canonical_body(&body));
    let hash = hex::encode(h.finalize());
    let db = &state.dir.db;
    let now = state.dir.clock.now();
    let record = ActiveModel {
        id: Set(Uuid::now_v7()),
        actor_id: Set(actor.id()),
        key: Set(key.clone()),
        request_hash: Set(hash.clone()),
        status_code: Set(0),
        response_body: Set(None),
        content_type: Set(None),
        created_at: Set(now),
        etag: Set(None),
    };
    let record_id = match record.insert(db).await {
        Ok(r) => r.id,
        Err(e) if kernel::db::is_unique_violation(&e) => {
            let existing = Entity::find()
                .filter(Column::ActorId.eq(actor.id()))
                .filter(Column::Key.eq(key.as_str()))
                .one(db)
                .await
                .ok()
                .flatten();
            let Some(existing) = existing else {
                return fail(req, ApiError::IdempotencyInFlight);
            };
            if existing.request_hash != hash {
                return fail(req, ApiError::IdempotencyMismatch);
            }
            if existing.status_code == 0 {
                if existing.created_at + IN_FLIGHT_TIMEOUT > now {
                    return fail(req, ApiError::IdempotencyInFlight);
                }
                // Abandoned by a process that died: clear it so that the next retry runs.
                let _ = Entity::delete_by_id(existing.id).exec(db).await;
                return fail(req, ApiError::IdempotencyInFlight);
            }
            let status =
                StatusCode::from_u16(existing.status_code as u16).unwrap_or(StatusCode::OK);
            let mut res = HttpResponse::build(status);
            res.insert_header(("Idempotent-Replayed", "true"));
            if let Some(ct) = existing.content_type {
                res.insert_header((header::CONTENT_TYPE, ct));
            }
            if let Some(etag) = existing.etag {
                res.insert_header((header::ETAG, etag));
            }
            return Ok(req.into_response(res.body(existing.response_body.unwrap_or_default())));
        }
        Err(e) => return fail(req, ApiError::Internal(e.to_string())),
    };
    req.set_payload(actix_web::dev::Payload::from(body));
    let res = next.call(req).await?;
    let (req, res) = res.into_parts();
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = actix_web::body::to_bytes(res.into_body())
        .await
        .unwrap_or_default();
    if status.is_server_error() {
        let _ = Entity::delete_by_id(record_id).exec(db).await;
    } else {
        let ct = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let stored = Entity::update_many()
            .col_expr(
                Column::StatusCode,
                sea_orm::sea_query::Expr::value(i32::from(status.as_u16())),
            )
            .col_expr(
                Column::ResponseBody,
                sea_orm::sea_query::Expr::value(String::from_utf8_lossy(&bytes).into_owned()),
            )
            .col_expr(Column::ContentType, sea_orm::sea_query::Expr::value(ct))
            .col_expr(
                Column::Etag,
                sea_orm::sea_query::Expr::value(
                    headers
                        .get(header::ETAG)
                        .and_then(|v| v.to_str().ok())
                        .map(str::to_owned),
                ),
            )
            .filter(Column::Id.eq(record_id))
            .exec(db)
            .await;
        if let Err(e) = stored {
            tracing::warn!(error = %e, "idempotency record not stored");
        }
    }
    let mut out = HttpResponse::build(status);
    for (k, v) in headers.iter() {
        out.insert_header((k.clone(), v.clone()));
    }
    Ok(ServiceResponse::new(req, out.body(bytes)))
}

/// The bytes an idempotency record compares: a JSON body as its canonical form (object keys
/// sorted, no white space), so that two serialisations of the same value are the same
/// request; any other body as sent.
fn canonical_body(body: &[u8]) -> Vec<u8> {
    fn sorted(v: serde_json::Value) -> serde_json::Value {
        match v {
            serde_json::Value::Object(map) => {
                let mut entries: Vec<_> = map.into_iter().collect();
                entries.sort_by(|a, b| a.0.cmp(&b.0));
                serde_json::Value::Object(
                    entries.into_iter().map(|(k, v)| (k, sorted(v))).collect(),
                )
            }
            serde_json::Value::Array(items) => {
                serde_json::Value::Array(items.into_iter().map(sorted).collect())
            }
            other => other,
        }
    }
    match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(v) => serde_json::to_vec(&sorted(v)).unwrap_or_else(|_| body.to_vec()),
        Err(_) => body.to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idempotency_compares_json_values_not_their_spelling() {
        assert_eq!(
            canonical_body(br#"{"b":1,"a":{"y":[1,{"d":2,"c":3}],"x":null}}"#),
            canonical_body(br#" { "a" : {"x":null, "y":[1,{"c":3,"d":2}]}, "b":1 } "#)
        );
        assert_ne!(canonical_body(br#"{"a":1}"#), canonical_body(br#"{"a":2}"#));
        assert_eq!(canonical_body(b"not json"), b"not json".to_vec());
    }
}
