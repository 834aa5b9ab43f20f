//! GB/T 2260 region codes for pickers.

use actix_web::web::Query;
use actix_web::{HttpResponse, get};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list);
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct RegionQuery {
    /// A province code: list its cities. Absent: list provinces.
    pub parent: Option<String>,
}

/// A division of GB/T 2260.
#[derive(Serialize, ToSchema)]
pub struct Region {
    pub code: &'static str,
    pub name: &'static str,
}

/// Provinces, or the cities of a province (public reference data).
#[utoipa::path(tag = "reference", params(RegionQuery), responses((status = 200, description = "Regions", body = [Region])))]
#[get("/regions")]
async fn list(q: Query<RegionQuery>) -> HttpResponse {
    let out: Vec<Region> = match q.parent.as_deref() {
        None | Some("") => kernel::region::PROVINCES
            .iter()
            .map(|(code, name)| Region { code, name })
            .collect(),
        Some(p) => kernel::region::CITIES
            .iter()
            .filter(|(c, _)| kernel::region::contains(p, c) && *c != p)
            .map(|(code, name)| Region { code, name })
            .collect(),
    };
    HttpResponse::Ok()
        .insert_header(("Cache-Control", "public, max-age=86400"))
        .json(out)
}
