//! Persons (practitioners), with XLSX export and CSV/XLSX import.

use super::{Answer, Listed, PageParams, created_versioned, versioned};
use crate::PERSONS_IMPORT_LIMIT;
use crate::error::ApiError;
use crate::extract::{Body, Caller, Edit, xlsx_attachment};
use crate::request::store_upload;
use actix_web::http::header;
use actix_web::web::{Path, Payload, Query};
use actix_web::{HttpRequest, HttpResponse, get, patch, post};
use directory::DirectoryError;
use directory::model::ImportMode;
use directory::service::person_sheet::ImportFormat;
use directory::service::persons::{Person, PersonFilter, PersonIn, PersonPatch};
use kernel::Page;
use serde::Deserialize;
use training::files::XLSX;
use utoipa::IntoParams;
use uuid::Uuid;

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list)
        .service(export)
        .service(import_template)
        .service(import)
        .service(create)
        .service(get_one)
        .service(update);
}

/// Persons the caller can see. ID numbers are masked in lists.
#[utoipa::path(tag = "persons", params(PersonFilter, PageParams), responses((status = 200, description = "A page", body = Page<Person>)))]
#[get("/persons")]
async fn list(cx: Caller, Listed(f, page): Listed<PersonFilter>) -> Answer {
    let p = super::page(&page)?;
    let body = cx.dir.list_persons_json(&cx.actor, &f, p).await?;
    Ok(HttpResponse::Ok()
        .content_type("application/json")
        .body(body))
}

/// The persons matching the filters as an Excel workbook (ID numbers masked).
#[utoipa::path(tag = "persons", params(PersonFilter), responses((status = 200, description = "XLSX workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>)))]
#[get("/persons/export")]
async fn export(cx: Caller, f: Query<PersonFilter>) -> Answer {
    let bytes = cx.dir.export_persons(&cx.actor, &f).await?;
    Ok(xlsx_attachment(
        bytes,
        "persons.xlsx",
        "%E4%BA%BA%E5%91%98.xlsx",
    ))
}

/// The import template: the header row the import reads, and a second sheet that describes
/// each column (required or not, what it takes, an example).
#[utoipa::path(tag = "persons", responses((status = 200, description = "XLSX workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>)))]
#[get("/persons/import-template")]
async fn import_template(cx: Caller) -> Answer {
    let bytes = cx.dir.persons_import_template(&cx.actor)?;
    Ok(xlsx_attachment(
        bytes,
        "persons-template.xlsx",
        "%E4%BA%BA%E5%91%98%E5%AF%BC%E5%85%A5%E6%A8%A1%E6%9D%BF.xlsx",
    ))
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ImportQuery {
    /// `all_or_nothing` (default): any bad row rejects the file. `good_rows`: import the good
    /// rows and report the bad ones.
    pub mode: Option<ImportMode>,
}

/// Import persons from the template (CSV in UTF-8, or XLSX; at most 48 MiB, a sheet of 200,000
/// rows). The import runs as a job: follow it at `Location` (`GET /jobs/{id}`) for the rows
/// checked and written and, at the end, the report with every bad row's line and reason.
#[utoipa::path(
    tag = "persons",
    params(ImportQuery),
    request_body(content(
        (Vec<u8> = "text/csv"),
        (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    )),
    responses((status = 202, description = "The import job, queued", body = jobs::Job,
        headers(("Location" = String, description = "The job: `/api/v1/jobs/{id}`"))))
)]
#[post("/persons/imports")]
async fn import(cx: Caller, req: HttpRequest, q: Query<ImportQuery>, mut body: Payload) -> Answer {
    let ct = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let format = if ct.starts_with("text/csv") {
        ImportFormat::Csv
    } else if ct.starts_with(XLSX) {
        ImportFormat::Xlsx
    } else {
        return Err(ApiError::unsupported_media_type(
            format!("请发送 text/csv 或 {XLSX}"),
            format!("send text/csv or {XLSX}"),
        ));
    };
    let mode = q.mode.unwrap_or(ImportMode::AllOrNothing);
    let id = cx
        .dir
        .receive_persons_import(&cx.actor, format, mode)
        .await?;
    let db = &cx.dir.db;
    if let Err(e) = store_upload(db, id, &mut body, PERSONS_IMPORT_LIMIT).await {
        jobs::abandon(db, id).await.map_err(DirectoryError::Db)?;
        return Err(e);
    }
    let job = cx.dir.release_persons_import(id).await?;
    cx.jobs.wake();
    Ok(HttpResponse::Accepted()
        .insert_header((header::LOCATION, format!("/api/v1/jobs/{}", job.id)))
        .json(job))
}

/// Enter a person. The ID number's check digit, birth date and gender are verified.
#[utoipa::path(tag = "persons", request_body = PersonIn, responses((status = 201, description = "Created", body = Person)))]
#[post("/persons")]
async fn create(cx: Caller, Body(input): Body<PersonIn>) -> Answer {
    created_versioned(cx.dir.create_person(&cx.actor, input).await?)
}

/// One person; the full ID number only for roles that need it.
#[utoipa::path(tag = "persons", params(("id" = Uuid, Path)), responses((status = 200, description = "The person", body = Person, headers(("ETag" = String)))))]
#[get("/persons/{id}")]
async fn get_one(cx: Caller, id: Path<Uuid>) -> Answer {
    versioned(cx.dir.get_person(&cx.actor, *id).await?)
}

/// Change a person. Send `If-Match` with the version you read.
#[utoipa::path(tag = "persons", params(("id" = Uuid, Path), ("If-Match" = String, Header)), request_body = PersonPatch, responses((status = 200, description = "Updated", body = Person)))]
#[patch("/persons/{id}")]
async fn update(cx: Caller, id: Path<Uuid>, Edit(version, input): Edit<PersonPatch>) -> Answer {
    versioned(
        cx.dir
            .update_person(&cx.actor, *id, &version, input)
            .await?,
    )
}
