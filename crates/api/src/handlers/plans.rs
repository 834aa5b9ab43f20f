//! The annual training plan (TR-06): drafting, classes, publication, and the public plan page.

use super::{Answer, Listed, PageParams, created, ok, paged, versioned};
use crate::AppState;
use crate::extract::{Body, Caller, Edit};
use actix_web::web::{Data, Path};
use actix_web::{get, post, put};
use kernel::Page;
use training::plan::{
    FeePublicityIn, Plan, PlanClassIn, PlanIn, PlanOverview, PlanQuery, PublicPlan, PublicPlanQuery,
};
use uuid::Uuid;

/// Registers this module's routes; called only from `crate::routes`, so every route served
/// is also documented.
pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(draft)
        .service(list)
        .service(get_one)
        .service(update_fee_publicity)
        .service(add_class)
        .service(publish)
        .service(public_list)
        .service(public_get);
}

/// Draft an association's plan for a year, with its fee publicity (TR-06, SC-06).
#[utoipa::path(tag = "plans", request_body = PlanIn, responses((status = 201, description = "Drafted", body = Plan)))]
#[post("/plans")]
async fn draft(cx: Caller, Body(input): Body<PlanIn>) -> Answer {
    created(cx.training.draft_plan(&cx.actor, input).await?)
}

/// The association's plans, each with its due day and whether it is overdue (TR-06), a page at
/// a time, newest year first.
#[utoipa::path(tag = "plans", params(PlanQuery, PageParams), responses((status = 200, description = "A page of plans, newest year first", body = PlanOverview)))]
#[get("/plans")]
async fn list(cx: Caller, Listed(q, page): Listed<PlanQuery>) -> Answer {
    let req = super::page(&page)?;
    let all = cx.training.list_plans(&cx.actor, q).await?;
    let one = Page::of_list(all.items, req, |p| p.id).map_err(super::bad_cursor)?;
    ok(PlanOverview {
        items: one.items,
        next_cursor: one.next_cursor,
        ..all
    })
}

/// One plan as the association sees it.
#[utoipa::path(tag = "plans", params(("id" = Uuid, Path)), responses((status = 200, description = "The plan", body = Plan)))]
#[get("/plans/{id}")]
async fn get_one(cx: Caller, id: Path<Uuid>) -> Answer {
    versioned(cx.training.get_plan(&cx.actor, *id).await?)
}

/// Replace a draft plan's fee publicity: items, amounts, basis, scope and the complaint phone
/// (SC-06). Send `If-Match` with the version you read; a published plan answers 409.
#[utoipa::path(tag = "plans", params(("id" = Uuid, Path), ("If-Match" = String, Header)), request_body = FeePublicityIn, responses((status = 200, description = "The plan", body = Plan)))]
#[put("/plans/{id}/fee-publicity")]
async fn update_fee_publicity(
    cx: Caller,
    id: Path<Uuid>,
    Edit(version, input): Edit<FeePublicityIn>,
) -> Answer {
    versioned(
        cx.training
            .update_fee_publicity(&cx.actor, *id, &version, input)
            .await?,
    )
}

/// List a class of the plan's year in the plan (also after publication: frequency follows enrolment).
#[utoipa::path(tag = "plans", params(("id" = Uuid, Path)), request_body = PlanClassIn, responses((status = 200, description = "The plan with the class", body = Plan)))]
#[post("/plans/{id}/classes")]
async fn add_class(cx: Caller, id: Path<Uuid>, Body(input): Body<PlanClassIn>) -> Answer {
    ok(cx.training.add_plan_class(&cx.actor, *id, input).await?)
}

/// Publish the plan on the public page (TR-06); the fee publicity must be complete (SC-06).
#[utoipa::path(tag = "plans", params(("id" = Uuid, Path)), responses((status = 200, description = "Published", body = Plan)))]
#[post("/plans/{id}/publication")]
async fn publish(cx: Caller, id: Path<Uuid>) -> Answer {
    ok(cx.training.publish_plan(&cx.actor, *id).await?)
}

/// Published plans (public, no login).
#[utoipa::path(tag = "public", params(PublicPlanQuery, PageParams), responses((status = 200, description = "Published plans, newest year first", body = Page<PublicPlan>)))]
#[get("/public/plans")]
async fn public_list(state: Data<AppState>, Listed(q, page): Listed<PublicPlanQuery>) -> Answer {
    paged(state.training.public_plans(q).await?, &page, |p| p.id)
}

/// The plan page (public, no login): classes with course, dates, place, capacity and fees, and
/// the fee publicity. A draft is not found.
#[utoipa::path(tag = "public", params(("id" = Uuid, Path)), responses((status = 200, description = "The published plan", body = PublicPlan)))]
#[get("/public/plans/{id}")]
async fn public_get(state: Data<AppState>, id: Path<Uuid>) -> Answer {
    ok(state.training.public_plan(*id).await?)
}
