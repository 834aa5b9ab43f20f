//! The OpenAPI description's frame: info, security schemes, and the parts every operation
//! shares (security requirements and error responses), applied in one place so that no
//! handler can forget them.

use actix_web::http::Method;
use utoipa::PartialSchema;
use utoipa::openapi::path::Operation;
use utoipa::openapi::response::ResponseBuilder;
use utoipa::openapi::security::{
    ClientCredentials, Flow, HttpAuthScheme, HttpBuilder, OAuth2, Scopes, SecurityRequirement,
    SecurityScheme,
};
use utoipa::openapi::{ContentBuilder, OpenApi, OpenApiBuilder, Ref};

/// Operations anyone may call: (path, method).
const PUBLIC: [(&str, Method); 3] = [
    ("/api/v1/auth/token", Method::POST),
    ("/api/v1/auth/refresh", Method::POST),
    ("/api/v1/regions", Method::GET),
];

/// Operations anyone may call that answer a caller with a bearer token more (security is
/// optional: none, or the bearer token; a bad token is 401).
const OPTIONAL_LOGIN: [(&str, Method); 1] = [("/api/v1/classes", Method::GET)];

pub fn base() -> OpenApi {
    OpenApiBuilder::new()
        .info(
            utoipa::openapi::InfoBuilder::new()
                .title("seforce API")
                .version("1")
                .description(Some(
                    "The workforce platform of China's special-equipment industry. Errors are RFC 9457 \
                     problems (application/problem+json). Lists page with `limit` and `cursor`. POSTs \
                     accept `Idempotency-Key`; updates of versioned resources need `If-Match`. Text \
                     never holds control characters other than tab and line breaks; a JSON string \
                     is at most 10,000 characters and a query value 256. See docs/API-DESIGN.md.",
                ))
                .build(),
        )
        .build()
}

fn problem(description: &str) -> utoipa::openapi::RefOr<utoipa::openapi::response::Response> {
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/problem+json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("Problem")))
                .build(),
        )
        .build()
        .into()
}

fn add_errors(op: &mut Operation, method: &Method, public: bool) {
    let mut codes: Vec<(&str, &str)> = vec![
        (
            "400",
            "Malformed request (bad JSON syntax, bad query string)",
        ),
        ("404", "No such resource, or it belongs to another tenant"),
        (
            "422",
            "Invalid fields (`errors` with JSON pointers) or a business rule refused (`rule`)",
        ),
        ("429", "Too many failed attempts"),
        (
            "500",
            "Unexpected error; the body is generic, the log has the cause",
        ),
    ];
    if !public {
        codes.push((
            "401",
            "Missing, invalid or expired bearer token, or the session has ended",
        ));
        codes.push(("403", "Visible, but your roles do not allow this action"));
    }
    if [Method::POST, Method::PUT, Method::PATCH].contains(method) {
        codes.push((
            "409",
            "Conflict: duplicate, or the same Idempotency-Key is still in flight",
        ));
        codes.push(("413", "Body larger than the limit (1 MiB for JSON)"));
        codes.push(("415", "Wrong Content-Type"));
    }
    if *method == Method::PATCH {
        codes.push(("412", "If-Match names an older version"));
        codes.push(("428", "If-Match is required"));
    }
    for (code, desc) in codes {
        op.responses
            .responses
            .entry(code.to_owned())
            .or_insert_with(|| problem(desc));
    }
}

/// Adds security schemes, per-operation security and error responses; sorts nothing (the
/// writer sorts keys). Then [`as_served`] makes the description say what the server does.
pub fn finish(api: OpenApi) -> OpenApi {
    as_served(frame(api))
}

fn frame(mut api: OpenApi) -> OpenApi {
    let components = api.components.get_or_insert_with(Default::default);
    components
        .schemas
        .insert("Problem".into(), crate::error::Problem::schema());
    components
        .schemas
        .insert("FieldError".into(), kernel::FieldError::schema());
    components.schemas.insert(
        "RejectedRow".into(),
        directory::model::RejectedRow::schema(),
    );
    // The report of a `persons.import` job (`Job.report`, an untyped object in the job).
    components.schemas.insert(
        "ImportReport".into(),
        directory::model::ImportReport::schema(),
    );
    // Enums used only in query parameters are referenced but not collected by utoipa.
    components
        .schemas
        .insert("ImportMode".into(), directory::model::ImportMode::schema());
    components
        .schemas
        .insert("OrgKind".into(), directory::model::OrgKind::schema());
    components.schemas.insert(
        "ExportFormat".into(),
        training::archive::ExportFormat::schema(),
    );
    components
        .schemas
        .insert("ArchiveKind".into(), training::model::ArchiveKind::schema());
    components
        .schemas
        .insert("ClassStatus".into(), training::model::ClassStatus::schema());
    components.schemas.insert(
        "HeadTeacher".into(),
        training::classes::HeadTeacher::schema(),
    );
    components.security_schemes.insert(
        "bearer".into(),
        SecurityScheme::Http(
            HttpBuilder::new()
                .scheme(HttpAuthScheme::Bearer)
                .bearer_format("JWT")
                .build(),
        )
        .into(),
    );
    components.security_schemes.insert(
        crate::contract::CLIENT_SCHEME.into(),
        SecurityScheme::OAuth2(OAuth2::new([Flow::ClientCredentials(
            ClientCredentials::new(
                "/api/v1/auth/token",
                Scopes::from_iter([
                    (
                        "organizations:read",
                        "Read organizations in the regulator's region",
                    ),
                    (
                        "persons:read",
                        "Read practitioners employed in the region (ID numbers masked)",
                    ),
                    (
                        "audit:read",
                        "Read audit rows about organizations in the region",
                    ),
                ]),
            ),
        )]))
        .into(),
    );
    for (path, item) in api.paths.paths.iter_mut() {
        for (op, method) in [
            (&mut item.get, Method::GET),
            (&mut item.post, Method::POST),
            (&mut item.put, Method::PUT),
            (&mut item.patch, Method::PATCH),
            (&mut item.delete, Method::DELETE),
        ] {
            let Some(op) = op.as_mut() else { continue };
            // Everything under /public/ is readable without login (plan page, notices).
            let public = PUBLIC.iter().any(|(p, m)| p == path && *m == method)
                || path.starts_with("/api/v1/public/");
            // Handler names repeat across resources (`list`, `create`): prefix the tag so that
            // operation ids are unique, as generated clients need.
            if let (Some(id), Some(tag)) = (
                op.operation_id.as_ref(),
                op.tags.as_ref().and_then(|t| t.first()),
            ) {
                op.operation_id = Some(format!("{}_{id}", tag.replace('-', "_")));
            }
            let optional = OPTIONAL_LOGIN
                .iter()
                .any(|(p, m)| p == path && *m == method);
            add_errors(op, &method, public || optional);
            if public && path.starts_with("/api/v1/auth/") {
                // The credentials or the refresh token themselves can be wrong.
                op.responses.responses.entry("401".to_owned()).or_insert_with(|| {
                    problem("Wrong login or password, unknown client, or a refresh token that is not (or no longer) valid")
                });
            }
            if optional {
                op.responses
                    .responses
                    .entry("401".to_owned())
                    .or_insert_with(|| problem("A bearer token was sent but is invalid or expired, or the session has ended"));
                op.security = Some(vec![
                    SecurityRequirement::default(),
                    SecurityRequirement::new("bearer", Vec::<String>::new()),
                ]);
            } else if !public {
                // What a regulator's system may call, and with which scope; `contract::guard`
                // enforces exactly this. Reading itself needs no scope.
                let scopes: Option<Vec<&str>> = match (path.as_str(), &method) {
                    ("/api/v1/api-clients/me", &Method::GET) => Some(vec![]),
                    (p, &Method::GET) if p.starts_with("/api/v1/organizations") => {
                        Some(vec!["organizations:read"])
                    }
                    (p, &Method::GET) if p.starts_with("/api/v1/persons") => {
                        Some(vec!["persons:read"])
                    }
                    (p, &Method::GET) if p.starts_with("/api/v1/audit") => Some(vec!["audit:read"]),
                    _ => None,
                };
                let mut sec = vec![SecurityRequirement::new("bearer", Vec::<String>::new())];
                if let Some(scopes) = scopes {
                    sec.push(SecurityRequirement::new(
                        crate::contract::CLIENT_SCHEME,
                        scopes,
                    ));
                }
                op.security = Some(sec);
            }
        }
    }
    api
}

/// Corrections no annotation can make, applied to the whole description so that a route added
/// tomorrow gets them too (schemathesis checks the server against this):
///
/// - a file body (`Vec<u8>` in the annotations) is a binary string, not an array of integers;
/// - `limit` is bounded as `kernel::page` bounds it;
/// - a string query value is bounded as `hygiene` bounds it;
/// - an operation that makes a PDF (asked for with `format`, or an archive item's
///   generation) can answer 503 (no CJK font installed).
fn as_served(api: OpenApi) -> OpenApi {
    let Ok(mut v) = serde_json::to_value(&api) else {
        return api;
    };
    binary_bodies(&mut v);
    if let Some(paths) = v.get_mut("paths").and_then(|p| p.as_object_mut()) {
        for (path, item) in paths.iter_mut() {
            let Some(item) = item.as_object_mut() else {
                continue;
            };
            for op in item.values_mut() {
                bound_query_parameters(op);
                who_may_call(op);
                if (makes_pdf(op) || path.ends_with("/generation"))
                    && let Some(responses) = op.get_mut("responses").and_then(|r| r.as_object_mut())
                {
                    responses.entry("503").or_insert_with(|| {
                        serde_json::to_value(problem(
                            "A PDF cannot be made: the server has no CJK font (XLSX works)",
                        ))
                        .unwrap_or_default()
                    });
                }
            }
        }
    }
    serde_json::from_value(v).unwrap_or(api)
}

/// Ends the operation's description with who may call it, computed from the grant tables
/// (`crate::callers`). An operation the table does not name is left as it is; the spec test
/// fails on it.
fn who_may_call(op: &mut serde_json::Value) {
    let Some(who) = op
        .get("operationId")
        .and_then(|id| id.as_str())
        .and_then(crate::callers::of)
    else {
        return;
    };
    let paragraph = crate::callers::paragraph(who);
    let description = match op.get("description").and_then(|d| d.as_str()) {
        Some(d) if !d.is_empty() => format!("{d}\n\n{paragraph}"),
        _ => paragraph,
    };
    op["description"] = serde_json::Value::String(description);
}

/// Every `{"type":"array","items":{"type":"integer",...}}` under a `content` media type other
/// than JSON becomes `{"type":"string","format":"binary"}`.
fn binary_bodies(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(map) => {
            if let Some(content) = map.get_mut("content").and_then(|c| c.as_object_mut()) {
                for (media, body) in content.iter_mut() {
                    let is_bytes = body.get("schema").is_some_and(|s| {
                        s.get("type").and_then(|t| t.as_str()) == Some("array")
                            && s.pointer("/items/type").and_then(|t| t.as_str()) == Some("integer")
                    });
                    if is_bytes && !media.contains("json") {
                        body["schema"] = serde_json::json!({"type": "string", "format": "binary"});
                    }
                }
            }
            for child in map.values_mut() {
                binary_bodies(child);
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(binary_bodies),
        _ => {}
    }
}

fn bound_query_parameters(op: &mut serde_json::Value) {
    let Some(params) = op.get_mut("parameters").and_then(|p| p.as_array_mut()) else {
        return;
    };
    for param in params {
        if param.get("in").and_then(|i| i.as_str()) != Some("query") {
            continue;
        }
        let is_limit = param.get("name").and_then(|n| n.as_str()) == Some("limit");
        let Some(schema) = param.get_mut("schema").and_then(|s| s.as_object_mut()) else {
            continue;
        };
        if is_limit {
            schema.insert("minimum".into(), 1.into());
            schema.insert("maximum".into(), kernel::page::MAX_LIMIT.into());
            continue;
        }
        let is_text = match schema.get("type") {
            Some(serde_json::Value::String(t)) => t == "string",
            Some(serde_json::Value::Array(ts)) => ts.iter().any(|t| t == "string"),
            _ => false,
        };
        if is_text && !schema.contains_key("format") && !schema.contains_key("enum") {
            schema.insert("maxLength".into(), crate::hygiene::MAX_QUERY_VALUE.into());
        }
    }
}

fn makes_pdf(op: &serde_json::Value) -> bool {
    let asks_format = op
        .get("parameters")
        .and_then(|p| p.as_array())
        .is_some_and(|ps| {
            ps.iter()
                .any(|p| p.get("name").and_then(|n| n.as_str()) == Some("format"))
        });
    asks_format
        && op
            .get("responses")
            .and_then(|r| r.as_object())
            .is_some_and(|r| {
                r.iter().any(|(code, res)| {
                    code.starts_with('2') && res.pointer("/content/application~1pdf").is_some()
                })
            })
}
