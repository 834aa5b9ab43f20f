//! The documented API and the served API are the same set of routes, and every operation
//! documents its errors and security.

use test_support::{StatusCode, spawn_app};

#[tokio::test]
async fn every_documented_route_is_served_and_every_served_route_documented() {
    let app = spawn_app().await;
    let spec = serde_json::to_value(api::openapi()).unwrap();
    let paths = spec["paths"].as_object().unwrap();
    assert!(paths.len() >= 20);
    for (path, item) in paths {
        let concrete = path.replace("{id}", &uuid::Uuid::now_v7().to_string());
        for method in item.as_object().unwrap().keys() {
            let m = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let a = app
                .send(app.client.request(m.clone(), app.url(&concrete)))
                .await;
            // Served: never the router's "no such route" nor "method not allowed".
            assert_ne!(
                a.body["type"], "urn:seforce:problem:method-not-allowed",
                "{m} {path} is documented but not served"
            );
            assert!(
                !(a.status == StatusCode::NOT_FOUND
                    && a.body["detail_en"]
                        .as_str()
                        .is_some_and(|d| d.contains("no such route"))),
                "{m} {path} is documented but not served"
            );
            let op = &item[method];
            assert!(
                op["summary"].is_string() || op["description"].is_string(),
                "{m} {path} has no summary"
            );
            assert!(
                op["responses"]["422"].is_object() && op["responses"]["500"].is_object(),
                "{m} {path} lists no errors"
            );
        }
    }
    // The reverse direction holds by construction: `api::routes` registers every API route
    // through utoipa's service registration, and anything else under /api/v1 is the router's
    // 404/405 — which this probe of an undocumented path confirms.
    let a = app
        .send(app.client.get(app.url("/api/v1/undocumented")))
        .await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
}

#[test]
fn committed_openapi_matches_the_code() {
    let committed = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../openapi/openapi.json"
    ))
    .unwrap();
    let committed: serde_json::Value = serde_json::from_str(&committed).unwrap();
    let current = serde_json::to_value(api::openapi()).unwrap();
    assert!(
        committed == current,
        "openapi/openapi.json is stale: run `make openapi`"
    );
}

fn refs(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                if k == "$ref" {
                    out.push(x.as_str().unwrap_or_default().to_owned());
                }
                refs(x, out);
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| refs(x, out)),
        _ => {}
    }
}

#[test]
fn every_schema_reference_resolves() {
    let spec = serde_json::to_value(api::openapi()).unwrap();
    let mut all = Vec::new();
    refs(&spec, &mut all);
    assert!(!all.is_empty());
    for r in all {
        let name = r.trim_start_matches("#/components/schemas/");
        assert!(
            spec["components"]["schemas"][name].is_object(),
            "dangling $ref {r}"
        );
    }
}

#[test]
fn operation_ids_are_unique() {
    let spec = serde_json::to_value(api::openapi()).unwrap();
    let mut ids = Vec::new();
    for item in spec["paths"].as_object().unwrap().values() {
        for op in item.as_object().unwrap().values() {
            ids.push(op["operationId"].as_str().unwrap().to_owned());
        }
    }
    let n = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), n, "duplicate operationId");
}

/// Every operation says who may call it (issue 12 §3), from `api::callers`, which names each
/// operation's purpose; the roles come from the grant tables. An operation missing from the
/// table, or a table row naming no operation, fails here.
#[test]
fn every_operation_says_who_may_call_it() {
    let spec = serde_json::to_value(api::openapi()).unwrap();
    let mut seen = Vec::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let id = op["operationId"].as_str().unwrap();
            seen.push(id.to_owned());
            let who = api::callers::of(id)
                .unwrap_or_else(|| panic!("{method} {path} ({id}) is not in api::callers"));
            let description = op["description"].as_str().unwrap_or_default();
            assert!(
                description.ends_with(&api::callers::paragraph(who)),
                "{method} {path}: {description}"
            );
            // A public operation takes no token; every other one needs one.
            let public = who.contains(&api::callers::Who::Anyone);
            let needs_token = op["security"].as_array().is_some_and(|s| {
                !s.iter()
                    .any(|r| r.as_object().is_some_and(|o| o.is_empty()))
            });
            assert_eq!(public, !needs_token, "{method} {path} ({id})");
        }
    }
    for (id, _) in api::callers::CALLERS {
        assert!(
            seen.iter().any(|s| s == id),
            "api::callers names {id}, which is not in the spec"
        );
    }
    // The roles are the grant table's: confirming an enrolment is the training department's.
    let confirm = api::callers::roles(api::callers::of("training_confirm").unwrap());
    assert_eq!(
        confirm,
        training::access::roles_for(training::access::Purpose::ConfirmEnrolment)
    );
    assert!(!confirm.contains(&kernel::Role::Finance));
    let persons = api::callers::paragraph(api::callers::of("persons_list").unwrap());
    assert!(
        persons.contains("`regulator`") && persons.contains("`persons:read`"),
        "{persons}"
    );
}
