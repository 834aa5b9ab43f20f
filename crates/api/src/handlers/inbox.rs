//! What the training screens read: the course catalogue, one class, enrolment lists, the
//! approval inbox and the trainee's own classes. Tenancy and roles are decided in the service.

use super::{Listed, PageParams, ok, paged};
use crate::AppState;
use crate::error::ApiResult;
use crate::extract::Authenticated;
use actix_web::web::{Data, Path, Query};
use actix_web::{HttpResponse, get};
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
async fn list_courses(
    state: Data<AppState>,
    Authenticated(actor): Authenticated,
    Listed(f, page): Listed<CourseFilter>,
) -> ApiResult<HttpResponse> {
    ok(state
        .training
        .list_courses(&actor, &f, super::page(&page)?)
        .await?)
}

/// One class with its course, sessions and head teacher.
#[utoipa::path(tag = "training", params(("id" = Uuid, Path)), responses((status = 200, description = "The class", body = ClassDetail)))]
#[get("/classes/{id}")]
async fn get_class(
    state: Data<AppState>,
    Authenticated(actor): Authenticated,
    id: Path<Uuid>,
) -> ApiResult<HttpResponse> {
    ok(state.training.get_class(&actor, *id).await?)
}

/// Enrolments the caller takes part in: the association's staff and finance, the sending
/// enterprise's officers and managers, the class's head teacher, the trainee.
#[utoipa::path(tag = "training", params(EnrolmentFilter, PageParams), responses((status = 200, description = "A page", body = Page<EnrolmentRow>)))]
#[get("/enrolments")]
async fn list_enrolments(
    state: Data<AppState>,
    Authenticated(actor): Authenticated,
    Listed(f, page): Listed<EnrolmentFilter>,
) -> ApiResult<HttpResponse> {
    ok(state
        .training
        .list_enrolments(&actor, &f, super::page(&page)?)
        .await?)
}

/// What waits for the caller's decision, per role, each item with its action endpoint
/// (TR-07 enrolments and change letters, TR-08, TR-10, TR-14, TR-16): the kinds in a fixed
/// order, each oldest first, one page at a time.
#[utoipa::path(tag = "training", params(PageParams), responses((status = 200, description = "A page of the inbox", body = Page<InboxItem>)))]
#[get("/inbox")]
async fn inbox(
    state: Data<AppState>,
    Authenticated(actor): Authenticated,
    page: Query<PageParams>,
) -> ApiResult<HttpResponse> {
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
    ok(state.training.inbox(&actor, limit, start).await?)
}

/// The caller's own classes (through the person their account is linked to): dates, place,
/// sessions with attendance and leave, and the class notice once the fee is paid (TR-08, TR-09).
#[utoipa::path(tag = "training", params(PageParams), responses((status = 200, description = "The caller's enrolments", body = Page<MyClass>)))]
#[get("/me/classes")]
async fn my_classes(
    state: Data<AppState>,
    Authenticated(actor): Authenticated,
    page: Query<PageParams>,
) -> ApiResult<HttpResponse> {
    let mut res = paged(state.training.my_classes(&actor).await?, &page, |c| {
        c.enrolment_id
    })?;
    res.headers_mut().insert(
        actix_web::http::header::CACHE_CONTROL,
        actix_web::http::header::HeaderValue::from_static("no-store"),
    );
    Ok(res)
}
