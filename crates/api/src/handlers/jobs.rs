//! Background jobs as their submitters follow them (the persons import, later every bulk or
//! timed job): one endpoint for every kind.

use super::{Answer, ok};
use crate::extract::Caller;
use actix_web::get;
use actix_web::web::Path;
use jobs::Job;
use uuid::Uuid;

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(get_one);
}

/// A job: its state (`queued`, `running`, `succeeded`, `failed`), rows checked and written so
/// far, and at the end its report or error. Seen by its submitter, the platform administrator
/// and the managers of the organization it was submitted for; 404 to anyone else.
#[utoipa::path(tag = "jobs", params(("id" = Uuid, Path)), responses((status = 200, description = "The job", body = Job)))]
#[get("/jobs/{id}")]
async fn get_one(cx: Caller, id: Path<Uuid>) -> Answer {
    let job = cx.dir.job(&cx.actor, *id).await?;
    ok(job)
}
