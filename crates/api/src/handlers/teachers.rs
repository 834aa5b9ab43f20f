//! The teacher pool (TR-04, TR-05, TR-20): council terms, candidates to appointment, dismissal
//! with a public notice, class levels and teacher assignment.

use super::{Answer, Listed, PageParams, created, ok, paged};
use crate::AppState;
use crate::extract::{Body, Caller};
use actix_web::web::{Data, Path};
use actix_web::{get, post, put};
use kernel::Page;
use training::teachers::{
    ClassLevelIn, ClassTeacher, ClassTeacherIn, CouncilTerm, CouncilTermIn, DismissalIn,
    NoticeQuery, Teacher, TeacherIn, TeacherNotice, TeacherQuery,
};
use uuid::Uuid;

/// Registers this module's routes; called only from `crate::routes`, so every route served
/// is also documented.
pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(add_council_term)
        .service(add)
        .service(list)
        .service(get_one)
        .service(select)
        .service(appoint)
        .service(dismiss)
        .service(notices)
        .service(set_level)
        .service(assign);
}

/// Record the start of an association council term; it runs four years (TR-05).
#[utoipa::path(tag = "teachers", params(("id" = Uuid, Path)), request_body = CouncilTermIn, responses((status = 201, description = "Recorded", body = CouncilTerm)))]
#[post("/associations/{id}/council-terms")]
async fn add_council_term(cx: Caller, id: Path<Uuid>, Body(input): Body<CouncilTermIn>) -> Answer {
    created(cx.training.add_council_term(&cx.actor, *id, input).await?)
}

/// Add a candidate to the association's teacher pool (TR-04).
#[utoipa::path(tag = "teachers", request_body = TeacherIn, responses((status = 201, description = "A candidate", body = Teacher)))]
#[post("/teachers")]
async fn add(cx: Caller, Body(input): Body<TeacherIn>) -> Answer {
    created(cx.training.add_teacher(&cx.actor, input).await?)
}

/// The association's teacher pool, with each teacher's status and term.
#[utoipa::path(tag = "teachers", params(TeacherQuery, PageParams), responses((status = 200, description = "Teachers", body = Page<Teacher>)))]
#[get("/teachers")]
async fn list(cx: Caller, Listed(q, page): Listed<TeacherQuery>) -> Answer {
    paged(cx.training.list_teachers(&cx.actor, q).await?, &page, |t| {
        t.id
    })
}

/// One teacher.
#[utoipa::path(tag = "teachers", params(("id" = Uuid, Path)), responses((status = 200, description = "The teacher", body = Teacher)))]
#[get("/teachers/{id}")]
async fn get_one(cx: Caller, id: Path<Uuid>) -> Answer {
    ok(cx.training.get_teacher(&cx.actor, *id).await?)
}

/// Select a candidate (TR-04).
#[utoipa::path(tag = "teachers", params(("id" = Uuid, Path)), responses((status = 200, description = "Selected", body = Teacher)))]
#[post("/teachers/{id}/selection")]
async fn select(cx: Caller, id: Path<Uuid>) -> Answer {
    ok(cx.training.select_teacher(&cx.actor, *id).await?)
}

/// Appoint a selected teacher for the current council term (TR-05).
#[utoipa::path(tag = "teachers", params(("id" = Uuid, Path)), responses((status = 200, description = "Active", body = Teacher)))]
#[post("/teachers/{id}/appointment")]
async fn appoint(cx: Caller, id: Path<Uuid>) -> Answer {
    ok(cx.training.appoint_teacher(&cx.actor, *id).await?)
}

/// Dismiss a teacher; for breaking the law a public notice names them (TR-05).
#[utoipa::path(tag = "teachers", params(("id" = Uuid, Path)), request_body = DismissalIn, responses((status = 200, description = "Dismissed", body = Teacher)))]
#[post("/teachers/{id}/dismissal")]
async fn dismiss(cx: Caller, id: Path<Uuid>, Body(input): Body<DismissalIn>) -> Answer {
    ok(cx.training.dismiss_teacher(&cx.actor, *id, input).await?)
}

/// Public notices of teachers dismissed for breaking the law (public, no login; TR-05).
#[utoipa::path(tag = "public", params(NoticeQuery, PageParams), responses((status = 200, description = "Notices, newest first", body = Page<TeacherNotice>)))]
#[get("/public/teacher-notices")]
async fn notices(state: Data<AppState>, Listed(q, page): Listed<NoticeQuery>) -> Answer {
    paged(state.training.teacher_notices(q).await?, &page, |n| n.id)
}

/// Set the level a class trains for (junior, intermediate, senior or none; TR-20).
#[utoipa::path(tag = "teachers", params(("id" = Uuid, Path)), request_body = ClassLevelIn, responses((status = 200, description = "Set", body = ClassLevelIn)))]
#[put("/classes/{id}/level")]
async fn set_level(cx: Caller, id: Path<Uuid>, Body(input): Body<ClassLevelIn>) -> Answer {
    ok(cx.training.set_class_level(&cx.actor, *id, input).await?)
}

/// Assign a teacher to a class: within the appointed term (TR-05), with at least an
/// intermediate title for a level-bearing class (TR-20).
#[utoipa::path(tag = "teachers", params(("id" = Uuid, Path)), request_body = ClassTeacherIn, responses((status = 201, description = "Assigned", body = ClassTeacher)))]
#[post("/classes/{id}/teachers")]
async fn assign(cx: Caller, id: Path<Uuid>, Body(input): Body<ClassTeacherIn>) -> Answer {
    created(cx.training.assign_teacher(&cx.actor, *id, input).await?)
}
