//! GB/T 2260 region codes for pickers.

use super::{Answer, Listed, PageParams, paged};
use actix_web::get;
use actix_web::http::header::{CACHE_CONTROL, HeaderValue};
use kernel::Page;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

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

/// The cursor of a page names the previous page's last region by its code — six digits, so
/// it is carried as an id like every other list's cursor.
fn cursor_id(r: &Region) -> Uuid {
    Uuid::from_u128(r.code.parse().unwrap_or_default())
}

/// Provinces, or the cities of a province (public reference data), in code order. A list like
/// every other, although a static one: the 34 provinces fit one page at `limit=200`.
#[utoipa::path(tag = "reference", params(RegionQuery, PageParams), responses((status = 200, description = "A page of regions", body = Page<Region>)))]
#[get("/regions")]
async fn list(Listed(q, page): Listed<RegionQuery>) -> Answer {
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
    let mut res = paged(out, &page, cursor_id)?;
    res.headers_mut().insert(
        CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=86400"),
    );
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_region_code_is_a_distinct_cursor() {
        let all: Vec<Region> = kernel::region::PROVINCES
            .iter()
            .chain(kernel::region::CITIES.iter())
            .map(|(code, name)| Region { code, name })
            .collect();
        let mut ids: Vec<Uuid> = all.iter().map(cursor_id).collect();
        assert!(ids.iter().all(|id| !id.is_nil()), "a code is not a number");
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), all.len());
    }
}
