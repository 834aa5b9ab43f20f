//! Enterprise accounts (TR-07): the change letter naming an enterprise's training officers and
//! manager, its uploaded file, and the association's acknowledgement that puts it in force.

use super::{Answer, created, ok};
use crate::extract::{Body, Caller, raw_upload};
use actix_web::web::{Path, Payload};
use actix_web::{HttpRequest, HttpResponse, get, post, put};
use training::accounts::{AccountChange, AccountChangeIn, EnterpriseAccounts, LETTER_LIMIT};
use uuid::Uuid;

/// Registers this module's routes; called only from `crate::routes`, so every route served
/// is also documented.
pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(accounts)
        .service(file_change)
        .service(upload_letter)
        .service(letter)
        .service(acknowledge);
}

/// The enterprise's training officers and manager in force (the last acknowledged change
/// letter) and the letter waiting for the association, if any (TR-07).
#[utoipa::path(tag = "enterprise-accounts", params(("id" = Uuid, Path, description = "The enterprise")), responses((status = 200, description = "Designation in force and pending letter", body = EnterpriseAccounts)))]
#[get("/enterprises/{id}/accounts")]
async fn accounts(cx: Caller, id: Path<Uuid>) -> Answer {
    ok(cx.training.enterprise_accounts(&cx.actor, *id).await?)
}

/// File a change letter naming the enterprise's training officers and its training manager
/// (TR-07). It changes nothing until its file is uploaded and the association acknowledges it.
#[utoipa::path(tag = "enterprise-accounts", params(("id" = Uuid, Path, description = "The enterprise")), request_body = AccountChangeIn, responses((status = 201, description = "Filed, pending", body = AccountChange)))]
#[post("/enterprises/{id}/account-changes")]
async fn file_change(cx: Caller, id: Path<Uuid>, Body(input): Body<AccountChangeIn>) -> Answer {
    created(
        cx.training
            .file_account_change(&cx.actor, *id, input)
            .await?,
    )
}

/// Upload the stamped change letter as the raw body: PDF, JPEG or PNG, at most 10 MiB.
/// Replaces an earlier upload while the change is pending.
#[utoipa::path(
    tag = "enterprise-accounts",
    params(("id" = Uuid, Path)),
    request_body(content(
        (Vec<u8> = "application/pdf"),
        (Vec<u8> = "image/jpeg"),
        (Vec<u8> = "image/png"),
    )),
    responses((status = 200, description = "The change with its letter", body = AccountChange))
)]
#[put("/account-changes/{id}/letter")]
async fn upload_letter(cx: Caller, req: HttpRequest, id: Path<Uuid>, mut body: Payload) -> Answer {
    let (ct, bytes) = raw_upload(&req, &mut body, "PDF, JPEG or PNG", LETTER_LIMIT).await?;
    ok(cx
        .training
        .upload_change_letter(&cx.actor, &cx.data_dir, *id, &ct, &bytes)
        .await?)
}

/// The uploaded change letter, with its own content type.
#[utoipa::path(tag = "enterprise-accounts", params(("id" = Uuid, Path)), responses((status = 200, description = "The letter", content((Vec<u8> = "application/pdf"), (Vec<u8> = "image/jpeg"), (Vec<u8> = "image/png")))))]
#[get("/account-changes/{id}/letter")]
async fn letter(cx: Caller, id: Path<Uuid>) -> Answer {
    let l = cx
        .training
        .change_letter(&cx.actor, &cx.data_dir, *id)
        .await?;
    Ok(HttpResponse::Ok()
        .content_type(l.content_type)
        .body(l.bytes))
}

/// Association staff acknowledge a change letter (TR-07): from now on only the users it names
/// enter and approve the enterprise's enrolments.
#[utoipa::path(tag = "enterprise-accounts", params(("id" = Uuid, Path)), responses((status = 200, description = "Acknowledged, in force", body = AccountChange)))]
#[post("/account-changes/{id}/acknowledgement")]
async fn acknowledge(cx: Caller, id: Path<Uuid>) -> Answer {
    ok(cx
        .training
        .acknowledge_account_change(&cx.actor, *id)
        .await?)
}
