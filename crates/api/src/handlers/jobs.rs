//! Background jobs as their submitters follow them (the persons import, later every bulk or
//! timed job): one endpoint for every kind.

use super::ok;
use crate::AppState;
use crate::error::ApiResult;
use crate::extract::Authenticated;
use actix_web::web::{Data, Path};
use actix_web::{HttpResponse, get};
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
async fn get_one(
    state: Data<AppState>,
    Authenticated(actor): Authenticated,
    id: Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let job = state.dir.job(&actor, *id).await?;
    ok(job)
}
