//! RFC 9457 problem details: the one shape every error takes, and the one exhaustive mapping
//! from errors to HTTP statuses. A [`Refusal`] — what every domain refuses with — is mapped
//! once, in [`refused`]; each domain adds only the arms of its own few variants.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use directory::DirectoryError;
use directory::model::RejectedRow;
use exams::ExamsError;
use kernel::{FieldError, Message, Noun, Refusal};
use serde::Serialize;
use serde_json::{Map, Value};
use training::TrainingError;
use utoipa::ToSchema;

pub const PROBLEM_JSON: &str = "application/problem+json";

/// What a path that names nothing refers to (a malformed id in the path).
pub const RESOURCE: Noun = Noun::new("resource", "资源", "resource");

/// An RFC 9457 problem. `type` is a stable URN per kind of error and `code` the same word in
/// snake_case; `detail` and `detail_en` say what went wrong in Chinese and in English, apart;
/// `rule` names the RULES.md id that refused the action (never inside the detail); `params`
/// carries the figures a client needs to act or to word the message itself; `errors` points
/// at bad fields.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Problem {
    /// Stable identifier of the kind of problem: `urn:seforce:problem:<kebab-case>`, e.g.
    /// `urn:seforce:problem:rule-violation`.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    /// The kind of problem as a stable machine code: the `type`'s last word in snake_case,
    /// e.g. `rule_violation`, `already_enrolled`.
    pub code: String,
    /// What went wrong, in words a clerk understands, in Chinese (zh-CN).
    pub detail: String,
    /// The same in English.
    pub detail_en: String,
    /// The figures of the refusal: `{"current": 3}` for a stale version, `{"what": "class"}`
    /// for something not found, a rule's counts and amounts (amounts in fen).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub params: Option<Map<String, Value>>,
    /// The request path (added on the way out).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
    /// Correlates with the `X-Request-Id` header and the server log.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// RULES.md id of the business rule that refused the action, e.g. `TR-10`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<Vec<FieldError>>,
    /// Rows an import rejected.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rejected: Option<Vec<RejectedRow>>,
}

impl Problem {
    /// A problem of kind `code` (snake_case; the `type` is its kebab-case spelling).
    pub fn new(status: StatusCode, code: &str, message: Message) -> Self {
        Problem {
            kind: format!("urn:seforce:problem:{}", code.replace('_', "-")),
            title: status.canonical_reason().unwrap_or("Error").to_owned(),
            status: status.as_u16(),
            code: code.to_owned(),
            detail: message.zh,
            detail_en: message.en,
            params: None,
            instance: None,
            request_id: None,
            rule: None,
            errors: None,
            rejected: None,
        }
    }

    pub fn response(&self) -> HttpResponse {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        HttpResponse::build(status)
            .content_type(PROBLEM_JSON)
            .json(self)
    }
}

/// Every way a request can fail at the HTTP layer.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// A refusal made at the HTTP layer (a bad field of the body, a path naming nothing).
    #[error(transparent)]
    Refused(#[from] Refusal),
    #[error(transparent)]
    Directory(#[from] DirectoryError),
    #[error(transparent)]
    Training(#[from] TrainingError),
    #[error(transparent)]
    Exams(#[from] ExamsError),
    #[error("authentication required")]
    Unauthenticated,
    #[error("{}", .0.en)]
    BadRequest(Message),
    #[error("{}", .0.en)]
    UnsupportedMediaType(Message),
    #[error("body larger than {0} bytes")]
    PayloadTooLarge(usize),
    #[error("this Idempotency-Key was used with another request body")]
    IdempotencyMismatch,
    #[error("a request with this Idempotency-Key is still being processed")]
    IdempotencyInFlight,
    #[error("internal error")]
    Internal(String),
}

impl ApiError {
    /// A malformed request (query, form, header): 400.
    pub fn bad_request(zh: impl Into<String>, en: impl Into<String>) -> Self {
        ApiError::BadRequest(Message::new(zh, en))
    }

    /// A body in a content type the operation does not take: 415.
    pub fn unsupported_media_type(zh: impl Into<String>, en: impl Into<String>) -> Self {
        ApiError::UnsupportedMediaType(Message::new(zh, en))
    }

    /// Bad fields of the body: 422.
    pub fn invalid(errors: Vec<FieldError>) -> Self {
        ApiError::Refused(Refusal::Invalid(errors))
    }

    pub fn problem(&self) -> Problem {
        match self {
            ApiError::Refused(r) => refused(r),
            ApiError::Directory(e) => directory(e),
            ApiError::Training(e) => training(e),
            ApiError::Exams(e) => exams(e),
            ApiError::Unauthenticated => Problem::new(
                StatusCode::UNAUTHORIZED,
                "unauthenticated",
                Message::new("需要登录", "a valid bearer token is required"),
            ),
            ApiError::BadRequest(m) => {
                Problem::new(StatusCode::BAD_REQUEST, "bad_request", m.clone())
            }
            ApiError::UnsupportedMediaType(m) => Problem::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                m.clone(),
            ),
            ApiError::PayloadTooLarge(n) => Problem {
                params: Some(Map::from_iter([("limit".to_owned(), Value::from(*n))])),
                ..Problem::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "payload_too_large",
                    Message::new(
                        format!("请求体超过{n}字节"),
                        format!("body larger than {n} bytes"),
                    ),
                )
            },
            ApiError::IdempotencyMismatch => Problem::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "idempotency_key_reused",
                Message::new("此 Idempotency-Key 已用于另一个请求体", self.to_string()),
            ),
            ApiError::IdempotencyInFlight => Problem::new(
                StatusCode::CONFLICT,
                "idempotency_in_flight",
                Message::new("使用此 Idempotency-Key 的请求仍在处理中", self.to_string()),
            ),
            ApiError::Internal(_) => internal(),
        }
    }
}

/// The one mapping of a refusal, whichever domain made it.
pub fn refused(r: &Refusal) -> Problem {
    let status = match r {
        Refusal::NotFound(_) => StatusCode::NOT_FOUND,
        Refusal::Forbidden => StatusCode::FORBIDDEN,
        Refusal::Invalid(_) | Refusal::Rule(_) => StatusCode::UNPROCESSABLE_ENTITY,
        Refusal::Conflict { .. } => StatusCode::CONFLICT,
        Refusal::Stale { .. } => StatusCode::PRECONDITION_FAILED,
        Refusal::PreconditionRequired => StatusCode::PRECONDITION_REQUIRED,
        Refusal::Unavailable { .. } => StatusCode::SERVICE_UNAVAILABLE,
    };
    Problem {
        params: r.params(),
        rule: match r {
            Refusal::Rule(v) => Some(v.rule.to_owned()),
            _ => None,
        },
        errors: match r {
            Refusal::Invalid(errors) => Some(errors.clone()),
            _ => None,
        },
        ..Problem::new(status, r.code(), r.message())
    }
}

/// The directory's own failures; its refusals go through [`refused`].
fn directory(e: &DirectoryError) -> Problem {
    match e {
        DirectoryError::Refused(r) => refused(r),
        DirectoryError::Unauthenticated => Problem::new(
            StatusCode::UNAUTHORIZED,
            "unauthenticated",
            Message::new(
                "登录名或密码错误,或会话已结束",
                "login or password is wrong, or the session has ended",
            ),
        ),
        DirectoryError::TooManyAttempts { retry_after } => Problem {
            params: Some(Map::from_iter([(
                "retry_after".to_owned(),
                Value::from(*retry_after),
            )])),
            ..Problem::new(
                StatusCode::TOO_MANY_REQUESTS,
                "too_many_attempts",
                Message::new(
                    "登录失败次数过多,请稍后再试",
                    "too many failed logins; try again after the seconds in Retry-After",
                ),
            )
        },
        DirectoryError::ImportRejected(report) => Problem {
            rejected: Some(report.rejected.clone()),
            ..Problem::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "import_rejected",
                Message::new(
                    format!("{}行有误,未导入任何数据", report.rejected.len()),
                    e.to_string(),
                ),
            )
        },
        DirectoryError::UnsupportedFile(m) => Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "unsupported_file",
            m.clone(),
        ),
        DirectoryError::Db(db) => database(db),
        DirectoryError::Crypto => internal(),
    }
}

/// Training's own failures; its refusals go through [`refused`], the directory's through
/// [`directory`].
fn training(e: &TrainingError) -> Problem {
    match e {
        TrainingError::Refused(r) => refused(r),
        TrainingError::Directory(d) => directory(d),
        TrainingError::Db(db) => database(db),
        TrainingError::Storage(_) => internal(),
    }
}

fn exams(e: &ExamsError) -> Problem {
    match e {
        ExamsError::Refused(r) => refused(r),
        ExamsError::Training(t) => training(t),
        ExamsError::Db(db) => database(db),
    }
}

/// A database error: a 4xx when the client caused it (see `kernel::db::client_fault`), else
/// the generic 500 (the cause goes to the log, not to the client).
fn database(db: &sea_orm::DbErr) -> Problem {
    kernel::db::client_fault(db).map_or_else(internal, client_fault_problem)
}

fn internal() -> Problem {
    Problem::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal",
        Message::new("服务器内部错误", "internal server error"),
    )
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.problem().status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    fn error_response(&self) -> HttpResponse {
        let p = self.problem();
        if p.status >= 500 {
            // The chain goes to the log; the body stays generic.
            tracing::error!(error = ?self, "request failed");
        }
        let mut res = p.response();
        match self {
            ApiError::Unauthenticated | ApiError::Directory(DirectoryError::Unauthenticated) => {
                res.headers_mut().insert(
                    header::WWW_AUTHENTICATE,
                    HeaderValue::from_static("Bearer realm=\"seforce\""),
                );
            }
            ApiError::Directory(DirectoryError::TooManyAttempts { retry_after }) => {
                res.headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from(*retry_after));
            }
            _ => {}
        }
        res
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

/// A database refusal the client caused, as a 4xx: the domains check first, this is the net
/// for a check one of them does not make (see `kernel::db::client_fault`).
fn client_fault_problem(fault: kernel::db::ClientFault) -> Problem {
    use kernel::db::ClientFault as F;
    let (status, code, zh, en) = match fault {
        F::DanglingReference => (
            StatusCode::UNPROCESSABLE_ENTITY,
            "dangling_reference",
            "引用的记录不存在或仍被引用",
            "a referenced record does not exist, or this one is still referenced",
        ),
        F::Duplicate => (
            StatusCode::CONFLICT,
            "duplicate",
            "记录已存在",
            "such a record already exists",
        ),
        F::UnstorableText => (
            StatusCode::UNPROCESSABLE_ENTITY,
            "unstorable_text",
            "文本含无法保存的字符",
            "the text holds a character that cannot be stored",
        ),
        F::OutOfRange => (
            StatusCode::UNPROCESSABLE_ENTITY,
            "out_of_range",
            "取值超出范围",
            "a value is out of range",
        ),
    };
    Problem::new(status, code, Message::new(zh, en))
}
