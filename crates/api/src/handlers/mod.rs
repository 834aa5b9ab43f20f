//! Thin handlers, one module per resource: extract the actor, parse, call the service, shape
//! the answer. No SQL and no permission logic here.

pub mod accounts;
pub mod api_clients;
pub mod archive;
pub mod audit;
pub mod auth;
pub mod batch;
pub mod blacklist;
pub mod catalogue;
pub mod exports;
pub mod health;
pub mod inbox;
pub mod jobs;
pub mod ledger;
pub mod organizations;
pub mod persons;
pub mod plans;
pub mod practical;
pub mod regions;
pub mod study;
pub mod teachers;
pub mod training;
pub mod users;

use crate::error::ApiError;
use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use kernel::Page;
use kernel::page::{PageError, PageRequest};
use serde::{Deserialize, Serialize};
use utoipa::IntoParams;
use uuid::Uuid;

/// Parses `limit` and `cursor`.
pub(crate) fn page(limit: Option<u64>, cursor: Option<&str>) -> Result<PageRequest, ApiError> {
    PageRequest::parse(limit, cursor).map_err(|e| match e {
        PageError::Limit => ApiError::bad_request(format!("limit 无效:{e}"), format!("limit: {e}")),
        PageError::Cursor => bad_cursor(e),
    })
}

fn bad_cursor(e: impl std::fmt::Display) -> ApiError {
    ApiError::bad_request(format!("cursor 无效:{e}"), format!("cursor: {e}"))
}

/// `limit` and `cursor` of a list that its service reads whole (see [`Page::of_list`]).
/// Not `deny_unknown_fields`: the list's filters come in the same query string, and
/// `contract::guard` refuses what the operation does not document.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// 1–200, default 20.
    pub limit: Option<u64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Answers one page of `rows`, in their order: `{items, next_cursor}`.
pub(crate) fn paged<T: Serialize>(
    rows: Vec<T>,
    p: &PageParams,
    id_of: impl Fn(&T) -> Uuid,
) -> Result<HttpResponse, ApiError> {
    let req = page(p.limit, p.cursor.as_deref())?;
    let page = Page::of_list(rows, req, id_of).map_err(bad_cursor)?;
    Ok(HttpResponse::Ok().json(page))
}

/// A JSON body with an `ETag` carrying the resource's version.
pub(crate) fn versioned<T: Serialize>(status: StatusCode, body: &T, version: i32) -> HttpResponse {
    HttpResponse::build(status)
        .insert_header(("ETag", format!("\"{version}\"")))
        .json(body)
}
