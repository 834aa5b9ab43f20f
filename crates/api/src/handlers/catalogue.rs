//! Course materials (uploaded files) and the accident-case library (TR-01, TR-03).

use super::{Answer, Listed, PageParams, created, ok, paged};
use crate::extract::{Body, Caller, attachment, raw_upload};
use actix_web::web::{Path, Payload, Query};
use actix_web::{HttpRequest, get, post};
use kernel::Page;
use serde::Deserialize;
use training::catalogue::{
    AccidentCase, AccidentCaseIn, AccidentCaseQuery, MATERIAL_LIMIT, Material,
};
use utoipa::IntoParams;
use uuid::Uuid;

/// Registers this module's routes; called only from `crate::routes`, so every route served
/// is also documented.
pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(upload_material)
        .service(materials)
        .service(material_file)
        .service(create_case)
        .service(cases)
        .service(get_case);
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct MaterialQuery {
    /// What the material is, e.g. 燃气管道安全技术规范讲义 (1–200 characters).
    pub title: String,
}

/// Attach a material to a course as the raw body: PDF, DOCX, PPTX, XLSX, JPEG, PNG or MP4, at
/// most 50 MiB; the leading bytes must match the type.
#[utoipa::path(
    tag = "catalogue",
    params(("id" = Uuid, Path, description = "The course"), MaterialQuery),
    request_body(content((Vec<u8> = "application/pdf"), (Vec<u8> = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"), (Vec<u8> = "application/vnd.openxmlformats-officedocument.presentationml.presentation"), (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), (Vec<u8> = "image/jpeg"), (Vec<u8> = "image/png"), (Vec<u8> = "video/mp4"))),
    responses((status = 201, description = "Stored", body = Material))
)]
#[post("/courses/{id}/materials")]
async fn upload_material(
    cx: Caller,
    req: HttpRequest,
    id: Path<Uuid>,
    q: Query<MaterialQuery>,
    mut body: Payload,
) -> Answer {
    let (ct, bytes) = raw_upload(
        &req,
        &mut body,
        "PDF, DOCX, PPTX, XLSX, JPEG, PNG or MP4",
        MATERIAL_LIMIT,
    )
    .await?;
    created(
        cx.training
            .upload_material(&cx.actor, &cx.data_dir, *id, &q.title, &ct, &bytes)
            .await?,
    )
}

/// A course's materials.
#[utoipa::path(tag = "catalogue", params(("id" = Uuid, Path, description = "The course"), PageParams), responses((status = 200, description = "Materials", body = Page<Material>)))]
#[get("/courses/{id}/materials")]
async fn materials(cx: Caller, id: Path<Uuid>, page: Query<PageParams>) -> Answer {
    paged(
        cx.training.list_materials(&cx.actor, *id).await?,
        &page,
        |m| m.id,
    )
}

/// Download a material with its own content type.
#[utoipa::path(tag = "catalogue", params(("id" = Uuid, Path)), responses((status = 200, description = "The file", content((Vec<u8> = "application/pdf"), (Vec<u8> = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"), (Vec<u8> = "application/vnd.openxmlformats-officedocument.presentationml.presentation"), (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), (Vec<u8> = "image/jpeg"), (Vec<u8> = "image/png"), (Vec<u8> = "video/mp4")))))]
#[get("/materials/{id}/file")]
async fn material_file(cx: Caller, id: Path<Uuid>) -> Answer {
    Ok(attachment(
        cx.training
            .material_file(&cx.actor, &cx.data_dir, *id)
            .await?,
    ))
}

/// Add an accident case to the association's library, linked to its courses (TR-03).
#[utoipa::path(tag = "catalogue", request_body = AccidentCaseIn, responses((status = 201, description = "Added", body = AccidentCase)))]
#[post("/accident-cases")]
async fn create_case(cx: Caller, Body(input): Body<AccidentCaseIn>) -> Answer {
    created(cx.training.create_accident_case(&cx.actor, input).await?)
}

/// The accident cases of the associations the caller takes part in, newest first.
#[utoipa::path(tag = "catalogue", params(AccidentCaseQuery, PageParams), responses((status = 200, description = "Cases", body = Page<AccidentCase>)))]
#[get("/accident-cases")]
async fn cases(cx: Caller, Listed(q, page): Listed<AccidentCaseQuery>) -> Answer {
    paged(
        cx.training.list_accident_cases(&cx.actor, q).await?,
        &page,
        |c| c.id,
    )
}

/// One accident case.
#[utoipa::path(tag = "catalogue", params(("id" = Uuid, Path)), responses((status = 200, description = "The case", body = AccidentCase)))]
#[get("/accident-cases/{id}")]
async fn get_case(cx: Caller, id: Path<Uuid>) -> Answer {
    ok(cx.training.get_accident_case(&cx.actor, *id).await?)
}
