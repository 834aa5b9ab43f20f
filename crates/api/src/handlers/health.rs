//! Liveness, readiness, the docs redirect and the SPA fallback.

use crate::AppState;
use actix_web::web::Data;
use actix_web::{HttpRequest, HttpResponse};
use sea_orm::{ConnectionTrait, Statement};
use std::path::PathBuf;

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
            "not-ready",
            "database unavailable or not migrated",
        )
        .response(),
    }
}

pub async fn docs_redirect() -> HttpResponse {
    HttpResponse::MovedPermanently()
        .insert_header(("Location", "/api/docs/"))
        .finish()
}

/// Client-side routes of the SPA get its index page; missing assets (paths with an
/// extension) stay 404.
pub async fn spa_index(req: HttpRequest, dir: PathBuf) -> HttpResponse {
    let last = req.path().rsplit('/').next().unwrap_or("");
    if last.contains('.') {
        return crate::error::Problem::new(
            actix_web::http::StatusCode::NOT_FOUND,
            "not-found",
            "no such file",
        )
        .response();
    }
    match actix_files::NamedFile::open_async(dir.join("index.html")).await {
        Ok(f) => f.use_etag(true).into_response(&req),
        Err(_) => crate::error::Problem::new(
            actix_web::http::StatusCode::NOT_FOUND,
            "not-found",
            "the web app is not built",
        )
        .response(),
    }
}
