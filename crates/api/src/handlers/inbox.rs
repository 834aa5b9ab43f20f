//! What the training screens read: the course catalogue, one class, enrolment lists, the
//! approval inbox and the trainee's own classes. Tenancy and roles are decided in the service.

use super::{Answer, Listed, PageParams, ok, paged};
use crate::extract::Caller;
use actix_web::get;
use actix_web::web::{Path, Query};
use kernel::Page;
use training::classes::Course;
use training::inbox::{InboxCursor, InboxItem};
use training::views::{ClassDetail, CourseFilter, EnrolmentFilter, EnrolmentRow, MyClass};
use uuid::Uuid;

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_courses)
        .service(get_class)
        .service(list_enrolments)
        .service(inbox)
        .service(my_classes);
}

/// Courses of the associations the caller takes part in (TR-01, TR-02, TR-03).
#[utoipa::path(tag = "training", params(CourseFilter, PageParams), responses((status = 200, description = "A page", body = Page<Course>)))]
#[get("/courses")]
async fn list_courses(cx: Caller, Listed(f, page): Listed<CourseFilter>) -> Answer {
    let p = super::page(&page)?;
    ok(cx.training.list_courses(&cx.actor, &f, p).await?)
}

/// One class with its course, sessions and head teacher.
#[utoipa::path(tag = "training", params(("id" = Uuid, Path)), responses((status = 200, description = "The class", body = ClassDetail)))]
#[get("/classes/{id}")]
async fn get_class(cx: Caller, id: Path<Uuid>) -> Answer {
    ok(cx.training.get_class(&cx.actor, *id).await?)
}

/// Enrolments the caller takes part in: the association's staff and finance, the sending
/// enterprise's officers and managers, the class's head teacher, the trainee.
#[utoipa::path(tag = "training", params(EnrolmentFilter, PageParams), responses((status = 200, description = "A page", body = Page<EnrolmentRow>)))]
#[get("/enrolments")]
async fn list_enrolments(cx: Caller, Listed(f, page): Listed<EnrolmentFilter>) -> Answer {
    let p = super::page(&page)?;
    ok(cx.training.list_enrolments(&cx.actor, &f, p).await?)
}

/// What waits for the caller's decision, per role, each item with its action endpoint
/// (TR-07 enrolments and change letters, TR-08, TR-10, TR-14, TR-16): the kinds in a fixed
/// order, each oldest first, one page at a time.
#[utoipa::path(tag = "training", params(PageParams), responses((status = 200, description = "A page of the inbox", body = Page<InboxItem>)))]
#[get("/inbox")]
async fn inbox(cx: Caller, page: Query<PageParams>) -> Answer {
    let limit = super::page(&PageParams {
        limit: page.limit,
        ..PageParams::default()
    })?
    .limit;
    let start = match page.cursor.as_deref().filter(|c| !c.is_empty()) {
        None => None,
        Some(c) => Some(
            InboxCursor::decode(c)
                .ok_or_else(|| super::bad_cursor(kernel::page::PageError::Cursor))?,
        ),
    };
    ok(cx.training.inbox(&cx.actor, limit, start).await?)
}

/// The caller's own classes (through the person their account is linked to): dates, place,
/// sessions with attendance and leave, and the class notice once the fee is paid (TR-08, TR-09).
#[utoipa::path(tag = "training", params(PageParams), responses((status = 200, description = "The caller's enrolments", body = Page<MyClass>)))]
#[get("/me/classes")]
async fn my_classes(cx: Caller, page: Query<PageParams>) -> Answer {
    let mut res = paged(cx.training.my_classes(&cx.actor).await?, &page, |c| {
        c.enrolment_id
    })?;
    res.headers_mut().insert(
        actix_web::http::header::CACHE_CONTROL,
        actix_web::http::header::HeaderValue::from_static("no-store"),
    );
    Ok(res)
}
