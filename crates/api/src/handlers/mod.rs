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
pub mod exams;
pub mod exports;
pub mod health;
pub mod inbox;
pub mod jobs;
pub mod ledger;
pub mod organizations;
pub mod persons;
pub mod plans;
pub mod practical;
pub mod qualifications;
pub mod regions;
pub mod relations;
pub mod sanctions;
pub mod study;
pub mod teachers;
pub mod training;
pub mod users;

use crate::error::{ApiError, ApiResult};
use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use kernel::Page;
use kernel::page::{PageError, PageRequest};
use serde::Serialize;
use uuid::Uuid;

/// What every handler answers: a response, or an error that becomes a problem+json.
pub(crate) type Answer = ApiResult<HttpResponse>;

/// Parses `limit`, `cursor` and `with_total`.
pub(crate) fn page(p: &PageParams) -> Result<PageRequest, ApiError> {
    PageRequest::parse(p.limit, p.cursor.as_deref())
        .map(|r| r.counting(p.with_total.unwrap_or(false)))
        .map_err(|e| match e {
            PageError::Limit => {
                ApiError::bad_request(format!("limit 无效:{e}"), format!("limit: {e}"))
            }
            PageError::Cursor => bad_cursor(e),
        })
}

pub use crate::extract::{Listed, PageParams};

/// A cursor that names no position of this list: 400.
pub(crate) fn bad_cursor(e: impl std::fmt::Display) -> ApiError {
    ApiError::bad_request(format!("cursor 无效:{e}"), format!("cursor: {e}"))
}

/// Answers one page of `rows`, in their order: `{items, next_cursor}`.
pub(crate) fn paged<T: Serialize>(
    rows: Vec<T>,
    p: &PageParams,
    id_of: impl Fn(&T) -> Uuid,
) -> Result<HttpResponse, ApiError> {
    let req = page(p)?;
    let page = Page::of_list(rows, req, id_of).map_err(bad_cursor)?;
    Ok(HttpResponse::Ok().json(page))
}

/// 200 with `body` as JSON: the answer of most reads and changes.
pub(crate) fn ok<T: Serialize>(body: T) -> Answer {
    Ok(HttpResponse::Ok().json(body))
}

/// 201 with the created resource as JSON.
pub(crate) fn created<T: Serialize>(body: T) -> Answer {
    Ok(HttpResponse::Created().json(body))
}

/// 204: done, nothing to say.
pub(crate) fn no_content() -> Answer {
    Ok(HttpResponse::NoContent().finish())
}

/// A resource answered with its version as the `ETag`, which `If-Match` sends back.
pub(crate) trait Versioned: Serialize {
    fn version(&self) -> i32;
}

impl Versioned for directory::service::organizations::Organization {
    fn version(&self) -> i32 {
        self.version
    }
}

impl Versioned for directory::service::persons::Person {
    fn version(&self) -> i32 {
        self.version
    }
}

impl Versioned for directory::model::User {
    fn version(&self) -> i32 {
        self.version
    }
}

impl Versioned for ::training::plan::Plan {
    fn version(&self) -> i32 {
        self.version
    }
}

/// 200 with the resource as JSON and an `ETag` carrying its version.
pub(crate) fn versioned<T: Versioned>(body: T) -> Answer {
    with_etag(StatusCode::OK, body)
}

/// 201 with the created resource as JSON and an `ETag` carrying its version.
pub(crate) fn created_versioned<T: Versioned>(body: T) -> Answer {
    with_etag(StatusCode::CREATED, body)
}

fn with_etag<T: Versioned>(status: StatusCode, body: T) -> Answer {
    Ok(HttpResponse::build(status)
        .insert_header(("ETag", format!("\"{}\"", body.version())))
        .json(body))
}
