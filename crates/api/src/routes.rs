//! The documented routes (from the OpenAPI description), to tell 405 from 404: read by the
//! default service and by the hygiene middleware, so it sits below both.

use crate::error::Problem;
use actix_web::HttpResponse;
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::{Method, StatusCode};
use kernel::Message;
use utoipa::openapi::PathItem;

/// Path templates and methods from the OpenAPI description, to tell 405 from 404.
pub struct KnownRoutes(Vec<(Vec<String>, Vec<Method>)>);

impl KnownRoutes {
    pub fn from_spec(api: &utoipa::openapi::OpenApi) -> Self {
        let routes = api
            .paths
            .paths
            .iter()
            .map(|(path, item)| {
                let segs = path.split('/').map(str::to_owned).collect();
                let methods = methods_of(item);
                (segs, methods)
            })
            .collect();
        KnownRoutes(routes)
    }

    /// The methods of the most specific documented path matching `path` (literal segments
    /// before parameters, so `/persons/export` wins over `/persons/{id}`), or `None`.
    pub(crate) fn allowed(&self, path: &str) -> Option<Vec<Method>> {
        let segs: Vec<&str> = path.trim_end_matches('/').split('/').collect();
        self.0
            .iter()
            .filter(|(tpl, _)| {
                tpl.len() == segs.len()
                    && tpl
                        .iter()
                        .zip(&segs)
                        .all(|(t, s)| t == s || (t.starts_with('{') && !s.is_empty()))
            })
            .max_by_key(|(tpl, _)| {
                // Literal segments, read left to right, as a bit pattern: more literal wins.
                tpl.iter()
                    .fold(0u64, |acc, t| (acc << 1) | u64::from(!t.starts_with('{')))
            })
            .map(|(_, m)| m.clone())
    }
}

/// 405 with `Allow` naming the methods the path has.
pub(crate) fn method_not_allowed(methods: &[Method]) -> HttpResponse {
    let allow = methods
        .iter()
        .map(Method::as_str)
        .collect::<Vec<_>>()
        .join(", ");
    let mut res = Problem::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        Message::new(format!("允许的方法:{allow}"), format!("allowed: {allow}")),
    )
    .response();
    if let Ok(v) = HeaderValue::from_str(&allow) {
        res.headers_mut().insert(header::ALLOW, v);
    }
    res
}

/// The methods a documented path has. HEAD goes with every GET (RFC 9110 §9.3.2): the
/// hygiene middleware answers it as the GET, and actix-http sends the head without the body.
pub fn methods_of(item: &PathItem) -> Vec<Method> {
    let mut out = Vec::new();
    for (op, m) in [
        (&item.get, Method::GET),
        (&item.get, Method::HEAD),
        (&item.post, Method::POST),
        (&item.put, Method::PUT),
        (&item.patch, Method::PATCH),
        (&item.delete, Method::DELETE),
    ] {
        if op.is_some() {
            out.push(m);
        }
    }
    out
}
