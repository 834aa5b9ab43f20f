//! The class archive (TR-18): the working-day calendar, results, the six items (uploaded or
//! generated), and the timetable and attendance sheet as XLSX or PDF.

use super::{Answer, Listed, PageParams, created, no_content, ok, paged};
use crate::extract::{Body, Caller, attachment, raw_upload};
use actix_web::web::{Path, Payload, Query};
use actix_web::{HttpRequest, delete, get, post, put};
use kernel::Page;
use training::archive::{
    Archive, CalendarDay, CalendarDayChange, CalendarDayIn, CalendarQuery, ClassResult,
    ExportQuery, ResultIn, UPLOAD_LIMIT,
};
use training::model::ArchiveKind;
use uuid::Uuid;

/// Registers this module's routes; called only from `crate::routes`, so every route served
/// is also documented.
pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(add_day)
        .service(change_day)
        .service(remove_day)
        .service(list_days)
        .service(record_result)
        .service(release)
        .service(get_archive)
        .service(upload)
        .service(generate)
        .service(download)
        .service(timetable)
        .service(attendance_sheet);
}

/// Add a public holiday or a make-up working day: the platform's, or an association's own
/// (which overrides the platform's for that day). TR-18 counts working days with it.
#[utoipa::path(tag = "archive", request_body = CalendarDayIn, responses((status = 201, description = "Added", body = CalendarDay)))]
#[post("/calendar-days")]
async fn add_day(cx: Caller, Body(input): Body<CalendarDayIn>) -> Answer {
    created(cx.training.add_calendar_day(&cx.actor, input).await?)
}

/// Change a calendar entry's kind or name, by those who may add it (TR-18); archive due
/// dates follow, since they are counted from the calendar when read.
#[utoipa::path(tag = "archive", params(("id" = Uuid, Path)), request_body = CalendarDayChange, responses((status = 200, description = "Changed", body = CalendarDay)))]
#[put("/calendar-days/{id}")]
async fn change_day(cx: Caller, id: Path<Uuid>, Body(input): Body<CalendarDayChange>) -> Answer {
    ok(cx
        .training
        .change_calendar_day(&cx.actor, *id, input)
        .await?)
}

/// Remove a calendar entry, by those who may add it (TR-18): the day counts by its weekday
/// again (or by the platform's entry, for an association's override).
#[utoipa::path(tag = "archive", params(("id" = Uuid, Path)), responses((status = 204, description = "Removed")))]
#[delete("/calendar-days/{id}")]
async fn remove_day(cx: Caller, id: Path<Uuid>) -> Answer {
    cx.training.remove_calendar_day(&cx.actor, *id).await?;
    no_content()
}

/// The platform's calendar entries, plus an association's own when asked.
#[utoipa::path(tag = "archive", params(CalendarQuery, PageParams), responses((status = 200, description = "Entries by day", body = Page<CalendarDay>)))]
#[get("/calendar-days")]
async fn list_days(cx: Caller, Listed(q, page): Listed<CalendarQuery>) -> Answer {
    paged(
        cx.training.list_calendar_days(&cx.actor, q).await?,
        &page,
        |d| d.id,
    )
}

/// Association staff enter a trainee's result (until the exams domain feeds them).
#[utoipa::path(tag = "archive", params(("id" = Uuid, Path)), request_body = ResultIn, responses((status = 201, description = "Recorded", body = ClassResult)))]
#[post("/classes/{id}/results")]
async fn record_result(cx: Caller, id: Path<Uuid>, Body(input): Body<ResultIn>) -> Answer {
    created(cx.training.record_result(&cx.actor, *id, input).await?)
}

/// Results are out: the archive is due five working days from today (TR-18).
#[utoipa::path(tag = "archive", params(("id" = Uuid, Path)), responses((status = 200, description = "The archive with its due day", body = Archive)))]
#[post("/classes/{id}/results/release")]
async fn release(cx: Caller, id: Path<Uuid>) -> Answer {
    ok(cx.training.release_results(&cx.actor, *id).await?)
}

/// The class's archive: the six items, the due day and whether it is overdue (TR-18).
#[utoipa::path(tag = "archive", params(("id" = Uuid, Path)), responses((status = 200, description = "The archive", body = Archive)))]
#[get("/classes/{id}/archive")]
async fn get_archive(cx: Caller, id: Path<Uuid>) -> Answer {
    ok(cx.training.get_archive(&cx.actor, *id).await?)
}

/// Upload an item as the raw body: PDF, JPEG, PNG, XLSX or DOCX, at most 10 MiB. Replaces an
/// earlier upload of the same item.
#[utoipa::path(
    tag = "archive",
    params(("id" = Uuid, Path), ("kind" = ArchiveKind, Path)),
    request_body(description = "The file", content((Vec<u8> = "application/pdf"), (Vec<u8> = "image/jpeg"), (Vec<u8> = "image/png"), (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), (Vec<u8> = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"))),
    responses((status = 200, description = "The archive", body = Archive))
)]
#[put("/classes/{id}/archive/{kind}")]
async fn upload(
    cx: Caller,
    req: HttpRequest,
    path: Path<(Uuid, ArchiveKind)>,
    mut body: Payload,
) -> Answer {
    let (id, kind) = path.into_inner();
    let (ct, bytes) = raw_upload(
        &req,
        &mut body,
        "PDF, JPEG, PNG, XLSX or DOCX",
        UPLOAD_LIMIT,
    )
    .await?;
    ok(cx
        .training
        .upload_archive_item(&cx.actor, &cx.data_dir, id, kind, &ct, &bytes)
        .await?)
}

/// Generate an item from the records as PDF (timetable, attendance sheet, score sheet).
#[utoipa::path(tag = "archive", params(("id" = Uuid, Path), ("kind" = ArchiveKind, Path)), responses((status = 200, description = "The archive", body = Archive)))]
#[post("/classes/{id}/archive/{kind}/generation")]
async fn generate(cx: Caller, path: Path<(Uuid, ArchiveKind)>) -> Answer {
    let (id, kind) = path.into_inner();
    ok(cx
        .training
        .generate_archive_item(&cx.actor, &cx.data_dir, id, kind)
        .await?)
}

/// The stored file of an archive item.
#[utoipa::path(tag = "archive", params(("id" = Uuid, Path), ("kind" = ArchiveKind, Path)), responses((status = 200, description = "The file", content((Vec<u8> = "application/pdf"), (Vec<u8> = "image/jpeg"), (Vec<u8> = "image/png"), (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), (Vec<u8> = "application/vnd.openxmlformats-officedocument.wordprocessingml.document")))))]
#[get("/classes/{id}/archive/{kind}/file")]
async fn download(cx: Caller, path: Path<(Uuid, ArchiveKind)>) -> Answer {
    let (id, kind) = path.into_inner();
    Ok(attachment(
        cx.training
            .archive_file(&cx.actor, &cx.data_dir, id, kind)
            .await?,
    ))
}

/// The class's timetable as XLSX or PDF (Chinese text embedded).
#[utoipa::path(tag = "archive", params(("id" = Uuid, Path), ExportQuery), responses((status = 200, description = "The file", content((Vec<u8> = "application/pdf"), (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")))))]
#[get("/classes/{id}/timetable")]
async fn timetable(cx: Caller, id: Path<Uuid>, q: Query<ExportQuery>) -> Answer {
    Ok(attachment(
        cx.training
            .export_sheet(&cx.actor, *id, ArchiveKind::Timetable, q.format)
            .await?,
    ))
}

/// The class's attendance sheet as XLSX or PDF (Chinese text embedded).
#[utoipa::path(tag = "archive", params(("id" = Uuid, Path), ExportQuery), responses((status = 200, description = "The file", content((Vec<u8> = "application/pdf"), (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")))))]
#[get("/classes/{id}/attendance-sheet")]
async fn attendance_sheet(cx: Caller, id: Path<Uuid>, q: Query<ExportQuery>) -> Answer {
    Ok(attachment(
        cx.training
            .export_sheet(&cx.actor, *id, ArchiveKind::AttendanceSheet, q.format)
            .await?,
    ))
}
