//! Liveness, readiness, the docs redirect and the SPA fallback.

use crate::AppState;
use actix_web::HttpResponse;
use actix_web::web::Data;
use sea_orm::{ConnectionTrait, Statement};

/// The process is up.
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({"status": "ok"}))
}

/// The database answers and is migrated.
pub async fn readyz(state: Data<AppState>) -> HttpResponse {
    let db = &state.dir.db;
    let q = Statement::from_string(
        db.get_database_backend(),
        "SELECT seq FROM audit_head WHERE id = 1",
    );
    match db.query_one_raw(q).await {
        Ok(Some(_)) => HttpResponse::Ok().json(serde_json::json!({"status": "ready"})),
        _ => crate::error::Problem::new(
            actix_web::http::StatusCode::SERVICE_UNAVAILABLE,
            "not_ready",
            kernel::Message::new(
                "数据库不可用或未迁移",
                "database unavailable or not migrated",
            ),
        )
        .response(),
    }
}

/// The OpenAPI description as JSON (`/api/openapi.json`), built once per process.
pub async fn description() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .body(crate::Described::get().json.clone())
}

pub async fn docs_redirect() -> HttpResponse {
    HttpResponse::MovedPermanently()
        .insert_header(("Location", "/api/docs/"))
        .finish()
}
