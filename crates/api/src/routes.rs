//! The documented routes (from the OpenAPI description), matched once per request without a
//! scan: the default service and the hygiene middleware read them to tell 405 from 404, and
//! the contract guard to find the operation's parameters and scopes, so they sit below all
//! three.

use crate::error::Problem;
use actix_web::HttpResponse;
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::{Method, StatusCode};
use kernel::Message;
use std::collections::HashMap;
use utoipa::openapi::PathItem;

/// Path templates in a tree of segments, built once at start-up. A request path is walked
/// segment by segment — a literal segment before a `{param}` one, backing off to the
/// parameter when the literal branch leads nowhere — so a lookup costs a few hash probes and
/// allocates nothing, however many routes are documented.
pub struct RouteTable<T> {
    root: Node<T>,
}

struct Node<T> {
    literal: HashMap<String, Node<T>>,
    param: Option<Box<Node<T>>>,
    value: Option<T>,
}

impl<T> Default for Node<T> {
    fn default() -> Self {
        Node {
            literal: HashMap::new(),
            param: None,
            value: None,
        }
    }
}

impl<T> Default for RouteTable<T> {
    fn default() -> Self {
        RouteTable {
            root: Node::default(),
        }
    }
}

impl<T> RouteTable<T> {
    /// Adds (or replaces) the value of a template such as `/api/v1/persons/{id}`.
    pub fn insert(&mut self, template: &str, value: T) {
        let mut node = &mut self.root;
        for seg in template.trim_end_matches('/').split('/') {
            node = if seg.starts_with('{') {
                node.param.get_or_insert_with(Box::default)
            } else {
                node.literal.entry(seg.to_owned()).or_default()
            };
        }
        node.value = Some(value);
    }

    /// The value of the most specific template matching `path`: literal segments win, read
    /// left to right (`/persons/export` before `/persons/{id}`, `/api-clients/me` before
    /// `/api-clients/{id}`); a parameter never matches an empty segment.
    pub fn get(&self, path: &str) -> Option<&T> {
        find(&self.root, path.trim_end_matches('/').split('/'))
    }
}

fn find<'t, 'p, T>(node: &'t Node<T>, mut segs: std::str::Split<'p, char>) -> Option<&'t T> {
    let Some(seg) = segs.next() else {
        return node.value.as_ref();
    };
    if let Some(v) = node.literal.get(seg).and_then(|n| find(n, segs.clone())) {
        return Some(v);
    }
    match &node.param {
        Some(n) if !seg.is_empty() => find(n, segs),
        _ => None,
    }
}

/// Every documented path with its methods, to tell 405 from 404.
pub struct KnownRoutes(RouteTable<Vec<Method>>);

impl KnownRoutes {
    pub fn from_spec(api: &utoipa::openapi::OpenApi) -> Self {
        let mut table = RouteTable::default();
        for (path, item) in &api.paths.paths {
            table.insert(path, methods_of(item));
        }
        KnownRoutes(table)
    }

    /// The methods of the most specific documented path matching `path`, or `None`.
    pub(crate) fn allowed(&self, path: &str) -> Option<&[Method]> {
        self.0.get(path).map(Vec::as_slice)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> RouteTable<&'static str> {
        let mut t = RouteTable::default();
        for p in [
            "/api/v1/persons",
            "/api/v1/persons/{id}",
            "/api/v1/persons/export",
            "/api/v1/persons/{id}/ce-hours",
            "/api/v1/api-clients/me",
            "/api/v1/api-clients/{id}",
            "/api/v1/sessions/{id}/practical-records/{enrolment_id}",
        ] {
            t.insert(p, p);
        }
        t
    }

    #[test]
    fn a_literal_segment_beats_a_parameter_and_backs_off_to_it() {
        let t = table();
        assert_eq!(
            t.get("/api/v1/persons/export"),
            Some(&"/api/v1/persons/export")
        );
        assert_eq!(t.get("/api/v1/persons/42"), Some(&"/api/v1/persons/{id}"));
        assert_eq!(
            t.get("/api/v1/api-clients/me"),
            Some(&"/api/v1/api-clients/me")
        );
        // "export" is also an id here: the literal branch has no "ce-hours" below it.
        assert_eq!(
            t.get("/api/v1/persons/export/ce-hours"),
            Some(&"/api/v1/persons/{id}/ce-hours")
        );
        assert_eq!(
            t.get("/api/v1/sessions/1/practical-records/2"),
            Some(&"/api/v1/sessions/{id}/practical-records/{enrolment_id}")
        );
    }

    #[test]
    fn a_trailing_slash_is_the_same_path_and_an_empty_segment_names_nothing() {
        let t = table();
        assert_eq!(t.get("/api/v1/persons/"), Some(&"/api/v1/persons"));
        assert_eq!(t.get("/api/v1/persons//ce-hours"), None);
        assert_eq!(t.get("/api/v1/nothing"), None);
        assert_eq!(t.get("/api/v1"), None);
    }
}
