//! Extractors that turn a request into typed input or a refusal with a precise problem: the
//! caller (`Authenticated`, and `Caller`: the caller with the shared state), the body
//! (`Body`, with JSON pointers to bad fields), a change to what the client read (`Edit`:
//! the `If-Match` version and the body), and the client address for lockouts. Also the two
//! halves of a raw file transfer, so every upload and download handler behaves alike: reading
//! an upload (`raw_upload`; `Sheet` for an imported spreadsheet) and answering with a file (`attachment`).

use crate::error::{ApiError, RESOURCE};
pub use crate::request::{bearer, read_limited};
use crate::{AppState, JSON_LIMIT};
use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::web::{BytesMut, Data};
use actix_web::{FromRequest, HttpMessage, HttpRequest, HttpResponse, web};
use directory::DirectoryError;
use futures_util::future::{LocalBoxFuture, Ready, ready};
use kernel::{Actor, FieldError, Refusal};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use training::files::FileOut;
use utoipa::IntoParams;

/// The authenticated caller, from `Authorization: Bearer <access token>`.
pub struct Authenticated(pub Actor);

impl FromRequest for Authenticated {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        // `contract::guard` has already verified the token of a documented operation.
        if let Some(actor) = req.extensions().get::<Actor>().cloned() {
            return Box::pin(ready(Ok(Authenticated(actor))));
        }
        let state = req.app_data::<Data<AppState>>().cloned();
        let token = bearer(req);
        Box::pin(async move {
            let (Some(state), Some(token)) = (state, token) else {
                return Err(ApiError::Unauthenticated);
            };
            state
                .dir
                .authenticate(&token)
                .await
                .map(Authenticated)
                .map_err(|e| match e {
                    DirectoryError::Db(_) => ApiError::Directory(e),
                    _ => ApiError::Unauthenticated,
                })
        })
    }
}

/// What every signed-in handler needs: the authenticated caller (`cx.actor`, what
/// [`Authenticated`] yields) and the shared state, reached through the caller as actix's own
/// `Data` and `Path` are reached (`Deref`): `cx.training`, `cx.dir`, `cx.data_dir`, `cx.jobs`.
/// One extractor instead of two, so that a handler's signature fits on one line:
/// `async fn confirm(cx: Caller, id: Path<Uuid>) -> Answer`. The refusals are
/// `Authenticated`'s (401 without a valid token).
pub struct Caller {
    pub actor: Actor,
    state: Data<AppState>,
}

impl std::ops::Deref for Caller {
    type Target = AppState;

    fn deref(&self) -> &AppState {
        &self.state
    }
}

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        // As `Data<AppState>` would, before the token is looked at: a server without its
        // state is a 500, not the caller's fault.
        let Some(state) = req.app_data::<Data<AppState>>().cloned() else {
            return Box::pin(ready(Err(ApiError::Internal("no AppState".into()))));
        };
        let auth = Authenticated::from_request(req, payload);
        Box::pin(async move {
            let Authenticated(actor) = auth.await?;
            Ok(Caller { actor, state })
        })
    }
}

/// The caller if the request carries a bearer token, `None` without one — for reads that
/// anyone may make and that show a logged-in caller more. A token that is present but
/// invalid or expired is still 401 (not silently anonymous), so the SPA refreshes its session
/// instead of showing a public page as if it were the whole one.
pub struct MaybeAuthenticated(pub Option<Actor>);

impl FromRequest for MaybeAuthenticated {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        if req.headers().get(header::AUTHORIZATION).is_none() {
            return Box::pin(ready(Ok(MaybeAuthenticated(None))));
        }
        let auth = Authenticated::from_request(req, payload);
        Box::pin(async move {
            auth.await
                .map(|Authenticated(a)| MaybeAuthenticated(Some(a)))
        })
    }
}

/// A change to a resource the client read: the version it read, from `If-Match` (`"3"`, a
/// list of them, or `*`; RFC 9110 strong comparison, so weak tags and unparseable values
/// never match: 412), and the change itself, a [`Body`]. Every versioned update takes
/// both, so they are one extractor: `Edit(version, input): Edit<PersonPatch>`.
pub struct Edit<T>(pub directory::service::IfMatch, pub T);

impl<T: DeserializeOwned + 'static> FromRequest for Edit<T> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let values = req
            .headers()
            .get_all(header::IF_MATCH)
            .map(|h| h.to_str().unwrap_or(""));
        let version = directory::service::IfMatch::parse(values);
        let body = Body::<T>::from_request(req, payload);
        Box::pin(async move {
            let Body(input) = body.await?;
            Ok(Edit(version, input))
        })
    }
}

/// The peer address, used to limit failed logins per client.
pub struct ClientAddr(pub String);

impl FromRequest for ClientAddr {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let ip = req
            .peer_addr()
            .map(|a| a.ip().to_string())
            .unwrap_or_else(|| "unknown".into());
        ready(Ok(ClientAddr(ip)))
    }
}

/// The JSON body: `application/json` only (415), at most 1 MiB (413), syntax errors are 400,
/// wrong types, unknown and missing fields are 422 with a JSON pointer per field.
pub struct Body<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for Body<T> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let ct_ok = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|v| {
                let mime = v
                    .split(';')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_ascii_lowercase();
                mime == "application/json" || mime.ends_with("+json")
            })
            .unwrap_or(false);
        let declared: Option<usize> = req
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse().ok());
        let mut payload = payload.take();
        Box::pin(async move {
            if !ct_ok {
                return Err(ApiError::unsupported_media_type(
                    "请使用 Content-Type: application/json",
                    "send Content-Type: application/json",
                ));
            }
            if declared.is_some_and(|n| n > JSON_LIMIT) {
                return Err(ApiError::PayloadTooLarge(JSON_LIMIT));
            }
            let bytes = read_limited(&mut payload, JSON_LIMIT).await?;
            parse_json(&bytes).map(Body)
        })
    }
}

/// The `Content-Type` a raw upload declares, as sent; empty when there is none (or it is not
/// text). What it may be is for the handler and the domain to decide.
pub fn declared_type(req: &HttpRequest) -> String {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned()
}

/// A raw upload (the file as the request body, not multipart): its declared content type and
/// its bytes. No content type is a 415 naming the `accepted` types; more than `limit` bytes is
/// a 413. Whether the type is accepted and the bytes match it is the domain's check
/// (`training::files::check`), so that it is made in one place.
pub async fn raw_upload(
    req: &HttpRequest,
    body: &mut web::Payload,
    accepted: &str,
    limit: usize,
) -> Result<(String, BytesMut), ApiError> {
    let ct = declared_type(req);
    if ct.is_empty() {
        return Err(ApiError::unsupported_media_type(
            format!("请发送 {accepted}"),
            format!("send {accepted}"),
        ));
    }
    let bytes = read_limited(body, limit).await?;
    Ok((ct, bytes))
}

/// A file to download: its own content type, and a `Content-Disposition` so that a browser
/// saves it under its name.
pub fn attachment(f: FileOut) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(f.content_type)
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{}\"", f.file_name),
        ))
        .body(f.bytes)
}

/// An XLSX workbook to download under an ASCII name and, for browsers that read RFC 6266's
/// `filename*`, its Chinese name (`encoded`: already percent-encoded UTF-8).
pub fn xlsx_attachment(bytes: Vec<u8>, ascii: &str, encoded: &str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(training::files::XLSX)
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}"),
        ))
        .body(bytes)
}

/// Parses JSON, reporting where a value is wrong. The body is read into a `Value` first so
/// that every string in it passes [`crate::hygiene::check_json`] before any type sees it.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| {
        if e.classify() == serde_json::error::Category::Eof {
            ApiError::bad_request(
                format!("JSON 不完整:第{}行第{}列", e.line(), e.column()),
                format!("incomplete JSON: line {} column {}", e.line(), e.column()),
            )
        } else {
            ApiError::bad_request(format!("JSON 格式错误:{e}"), format!("malformed JSON: {e}"))
        }
    })?;
    crate::hygiene::check_json(&value)?;
    serde_path_to_error::deserialize::<_, T>(value)
        .map_err(|e| ApiError::invalid(vec![field_error(e.path(), e.inner())]))
}

fn field_error(path: &serde_path_to_error::Path, err: &serde_json::Error) -> FieldError {
    use serde_path_to_error::Segment;
    let mut pointer = String::new();
    for seg in path.iter() {
        match seg {
            Segment::Map { key } => {
                pointer.push_str(&format!("/{}", key.replace('~', "~0").replace('/', "~1")))
            }
            Segment::Seq { index } => pointer.push_str(&format!("/{index}")),
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    let msg = err.to_string();
    let msg = msg.split(" at line ").next().unwrap_or(&msg).to_owned();
    let named = msg.split('`').nth(1).map(str::to_owned);
    let (code, zh, en) = if msg.starts_with("unknown field") {
        if let Some(n) = &named
            && !pointer.ends_with(&format!("/{n}"))
        {
            pointer.push_str(&format!("/{n}"));
        }
        ("unknown_field", "未知字段".to_owned(), msg)
    } else if msg.starts_with("missing field") {
        if let Some(n) = &named {
            pointer.push_str(&format!("/{n}"));
        }
        (
            "required",
            "必填".to_owned(),
            "this field is required".to_owned(),
        )
    } else if msg.starts_with("invalid type") {
        ("invalid_type", "类型错误".to_owned(), msg)
    } else {
        ("invalid_value", "取值无效".to_owned(), msg)
    };
    FieldError::new(
        if pointer.is_empty() {
            "/".to_owned()
        } else {
            pointer
        },
        code,
        zh,
        en,
    )
}

/// Query-string errors are 400 problems.
pub fn query_config() -> web::QueryConfig {
    web::QueryConfig::default().error_handler(|err, _| invalid_query(err).into())
}

fn invalid_query(err: impl std::fmt::Display) -> ApiError {
    ApiError::bad_request(
        format!("查询参数无效:{err}"),
        format!("invalid query: {err}"),
    )
}

/// `limit` and `cursor` of a list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// 1–200, default 20.
    pub limit: Option<u64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// `true`: also count the whole list into `total` (ask on the first page; lists read
    /// whole always give it).
    pub with_total: Option<bool>,
}

/// A list's filter and its page, from one query string: `limit`, `cursor` and `with_total` go to the
/// [`PageParams`], everything else to the filter `F`. Each half is read on its own, so both
/// deny unknown fields as every other input does (a misspelt filter is a 400 even without
/// the contract guard in front), and no filter type repeats the paging fields.
pub struct Listed<F>(pub F, pub PageParams);

impl<F: DeserializeOwned> FromRequest for Listed<F> {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(listed(req.query_string()))
    }
}

/// The query keys [`PageParams`] reads.
const PAGE_KEYS: [&str; 3] = ["limit", "cursor", "with_total"];

fn listed<F: DeserializeOwned>(query: &str) -> Result<Listed<F>, ApiError> {
    let (page, filter): (Vec<_>, Vec<_>) = form_urlencoded::parse(query.as_bytes())
        .partition(|(k, _)| PAGE_KEYS.contains(&k.as_ref()));
    let encode = |pairs: Vec<_>| {
        form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish()
    };
    let page = serde_urlencoded::from_str(&encode(page)).map_err(invalid_query)?;
    let filter = serde_urlencoded::from_str(&encode(filter)).map_err(invalid_query)?;
    Ok(Listed(filter, page))
}

/// A path segment that is not a valid id names nothing: 404.
pub fn path_config() -> web::PathConfig {
    web::PathConfig::default()
        .error_handler(|_, _| ApiError::Refused(Refusal::NotFound(RESOURCE)).into())
}

/// A CSV or XLSX sheet sent as the request body (the imports of enrolments and questions):
/// its format from the declared content type (415 for any other), and its bytes up to
/// [`crate::IMPORT_LIMIT`].
pub struct Sheet {
    pub format: training::batch::SheetFormat,
    pub bytes: Vec<u8>,
}

impl FromRequest for Sheet {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        use training::batch::SheetFormat;
        let ct = declared_type(req).to_ascii_lowercase();
        let format = if ct.starts_with("text/csv") {
            Ok(SheetFormat::Csv)
        } else if ct.starts_with(training::files::XLSX) {
            Ok(SheetFormat::Xlsx)
        } else {
            Err(ApiError::unsupported_media_type(
                format!("请发送 text/csv 或 {}", training::files::XLSX),
                format!("send text/csv or {}", training::files::XLSX),
            ))
        };
        let body = web::Payload::from_request(req, payload).into_inner();
        Box::pin(async move {
            let format = format?;
            let mut body = body.map_err(|e| ApiError::Internal(e.to_string()))?;
            let bytes = read_limited(&mut body, crate::IMPORT_LIMIT).await?;
            Ok(Sheet {
                format,
                bytes: bytes.to_vec(),
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct In {
        name: String,
        inner: Option<Inner>,
    }
    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Inner {
        n: u8,
    }

    fn pointer_of(body: &str) -> (String, String) {
        match parse_json::<In>(body.as_bytes()) {
            Err(ApiError::Refused(Refusal::Invalid(e))) => {
                (e[0].pointer.clone(), e[0].code.clone())
            }
            other => panic!("expected field error, got {other:?}"),
        }
    }

    #[test]
    fn bad_fields_are_pointed_at() {
        assert_eq!(
            pointer_of(r#"{"name":"a","role":"x"}"#),
            ("/role".into(), "unknown_field".into())
        );
        assert_eq!(pointer_of(r#"{}"#), ("/name".into(), "required".into()));
        assert_eq!(
            pointer_of(r#"{"name":1}"#),
            ("/name".into(), "invalid_type".into())
        );
        assert_eq!(
            pointer_of(r#"{"name":"a","inner":{"n":300}}"#).0,
            "/inner/n"
        );
        assert!(matches!(
            parse_json::<In>(b"{\"name\":"),
            Err(ApiError::BadRequest(_))
        ));
        assert!(matches!(
            parse_json::<In>(b"{\"name\":\"a\"} x"),
            Err(ApiError::BadRequest(_))
        ));
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Filter {
        course_id: Option<u32>,
    }

    #[test]
    fn a_listed_query_splits_the_page_from_a_filter_that_denies_unknown_fields() {
        let Ok(Listed(f, p)) = listed::<Filter>("course_id=7&limit=5&cursor=a%2Bb") else {
            panic!("a filter and its page are one query");
        };
        assert_eq!(f, Filter { course_id: Some(7) });
        assert_eq!((p.limit, p.cursor.as_deref()), (Some(5), Some("a+b")));
        assert!(matches!(
            listed::<Filter>("course_id=7&courseid=8"),
            Err(ApiError::BadRequest(_))
        ));
        assert!(matches!(
            listed::<Filter>("limit=many"),
            Err(ApiError::BadRequest(_))
        ));
        assert!(matches!(
            listed::<Filter>(""),
            Ok(Listed(Filter { course_id: None }, _))
        ));
    }
}
