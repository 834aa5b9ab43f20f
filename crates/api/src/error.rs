//! RFC 9457 problem details: the one shape every error takes, and the one exhaustive mapping
//! from domain errors to HTTP statuses.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use directory::DirectoryError;
use directory::model::RejectedRow;
use kernel::FieldError;
use serde::Serialize;
use training::TrainingError;
use utoipa::ToSchema;

pub const PROBLEM_JSON: &str = "application/problem+json";

/// An RFC 9457 problem. `type` is a stable URN per kind of error; `rule` names the RULES.md
/// id that refused the action; `errors` points at bad fields.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Problem {
    /// Stable identifier of the kind of problem, e.g. `urn:seforce:problem:validation`.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    /// What went wrong, in words a clerk understands (Chinese).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The same in English.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail_en: Option<String>,
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
    pub fn new(status: StatusCode, slug: &str, detail: impl Into<String>) -> Self {
        Problem {
            kind: format!("urn:seforce:problem:{slug}"),
            title: status.canonical_reason().unwrap_or("Error").to_owned(),
            status: status.as_u16(),
            detail: Some(detail.into()),
            detail_en: None,
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
    #[error(transparent)]
    Directory(#[from] DirectoryError),
    #[error(transparent)]
    Training(#[from] TrainingError),
    #[error("authentication required")]
    Unauthenticated,
    #[error("{0}")]
    BadRequest(String),
    #[error("invalid fields")]
    Invalid(Vec<FieldError>),
    #[error("{0}")]
    UnsupportedMediaType(String),
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
    pub fn problem(&self) -> Problem {
        use DirectoryError as D;
        let s = |code: u16| StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        match self {
            ApiError::Directory(e) => match e {
                D::NotFound(what) => Problem::new(
                    s(404),
                    "not-found",
                    format!("{what} 不存在 / {what} not found"),
                ),
                D::Forbidden => Problem::new(
                    s(403),
                    "forbidden",
                    "您的角色无权执行此操作 / your roles do not allow this action",
                ),
                D::Invalid(errors) => Problem {
                    errors: Some(errors.clone()),
                    ..Problem::new(
                        s(422),
                        "validation",
                        "请求中有无效字段 / the request has invalid fields",
                    )
                },
                D::Rule(v) => Problem {
                    rule: Some(v.rule.to_owned()),
                    detail_en: Some(v.detail_en.clone()),
                    ..Problem::new(s(422), "rule-violation", v.detail_zh.clone())
                },
                D::Conflict { code, detail } => Problem::new(s(409), code, detail.clone()),
                D::Stale { .. } => Problem::new(s(412), "precondition-failed", e.to_string()),
                D::PreconditionRequired => {
                    Problem::new(s(428), "precondition-required", e.to_string())
                }
                D::Unauthenticated => Problem::new(
                    s(401),
                    "unauthenticated",
                    "登录名或密码错误,或会话已结束 / login or password is wrong, or the session has ended",
                ),
                D::TooManyAttempts { .. } => Problem {
                    detail_en: Some(
                        "too many failed logins; try again after the seconds in Retry-After".into(),
                    ),
                    ..Problem::new(s(429), "too-many-attempts", "登录失败次数过多,请稍后再试")
                },
                D::ImportRejected(report) => Problem {
                    rejected: Some(report.rejected.clone()),
                    ..Problem::new(s(422), "import-rejected", e.to_string())
                },
                D::UnsupportedFile(m) => Problem::new(s(422), "unsupported-file", m.clone()),
                D::Db(db) if let Some(fault) = kernel::db::client_fault(db) => {
                    client_fault_problem(fault)
                }
                D::Crypto | D::Db(_) => {
                    Problem::new(s(500), "internal", "服务器内部错误 / internal server error")
                }
            },
            ApiError::Training(e) => match e {
                TrainingError::Directory(D::Db(db))
                    if let Some(fault) = kernel::db::client_fault(db) =>
                {
                    client_fault_problem(fault)
                }
                TrainingError::Directory(d) => ApiError::Directory(clone_directory(d)).problem(),
                TrainingError::NotFound(what) => Problem::new(
                    s(404),
                    "not-found",
                    format!("{what} 不存在 / {what} not found"),
                ),
                TrainingError::Forbidden => Problem::new(
                    s(403),
                    "forbidden",
                    "您的角色无权执行此操作 / your roles do not allow this action",
                ),
                TrainingError::Invalid(errors) => Problem {
                    errors: Some(errors.clone()),
                    ..Problem::new(
                        s(422),
                        "validation",
                        "请求中有无效字段 / the request has invalid fields",
                    )
                },
                TrainingError::Rule(v) => Problem {
                    rule: Some(v.rule.to_owned()),
                    detail_en: Some(v.detail_en.clone()),
                    ..Problem::new(s(422), "rule-violation", v.detail_zh.clone())
                },
                TrainingError::Conflict { code, detail } => {
                    Problem::new(s(409), code, detail.clone())
                }
                TrainingError::Unavailable(detail) => Problem::new(s(503), "unavailable", *detail),
                TrainingError::Db(db) if let Some(fault) = kernel::db::client_fault(db) => {
                    client_fault_problem(fault)
                }
                TrainingError::Db(_) | TrainingError::Storage(_) => {
                    Problem::new(s(500), "internal", "服务器内部错误 / internal server error")
                }
            },
            ApiError::Unauthenticated => Problem::new(
                s(401),
                "unauthenticated",
                "需要登录 / a valid bearer token is required",
            ),
            ApiError::BadRequest(m) => Problem::new(s(400), "bad-request", m.clone()),
            ApiError::Invalid(errors) => Problem {
                errors: Some(errors.clone()),
                ..Problem::new(
                    s(422),
                    "validation",
                    "请求中有无效字段 / the request has invalid fields",
                )
            },
            ApiError::UnsupportedMediaType(m) => {
                Problem::new(s(415), "unsupported-media-type", m.clone())
            }
            ApiError::PayloadTooLarge(n) => Problem::new(
                s(413),
                "payload-too-large",
                format!("body larger than {n} bytes"),
            ),
            ApiError::IdempotencyMismatch => {
                Problem::new(s(422), "idempotency-key-reused", self.to_string())
            }
            ApiError::IdempotencyInFlight => {
                Problem::new(s(409), "idempotency-in-flight", self.to_string())
            }
            ApiError::Internal(_) => {
                Problem::new(s(500), "internal", "服务器内部错误 / internal server error")
            }
        }
    }
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
    match fault {
        F::DanglingReference => Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "dangling-reference",
            "引用的记录不存在或仍被引用 / a referenced record does not exist, or this one is still referenced",
        ),
        F::Duplicate => Problem::new(
            StatusCode::CONFLICT,
            "duplicate",
            "记录已存在 / such a record already exists",
        ),
        F::UnstorableText => Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "unstorable-text",
            "文本含无法保存的字符 / the text holds a character that cannot be stored",
        ),
        F::OutOfRange => Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "out-of-range",
            "取值超出范围 / a value is out of range",
        ),
    }
}

/// Directory errors reached through another domain map exactly as their own; database causes
/// collapse to the generic 500 (the cause was logged where it happened).
fn clone_directory(d: &DirectoryError) -> DirectoryError {
    match d {
        DirectoryError::NotFound(w) => DirectoryError::NotFound(w),
        DirectoryError::Forbidden => DirectoryError::Forbidden,
        DirectoryError::Invalid(e) => DirectoryError::Invalid(e.clone()),
        DirectoryError::Rule(v) => DirectoryError::Rule(v.clone()),
        DirectoryError::Conflict { code, detail } => DirectoryError::Conflict {
            code,
            detail: detail.clone(),
        },
        DirectoryError::Stale { current } => DirectoryError::Stale { current: *current },
        DirectoryError::PreconditionRequired => DirectoryError::PreconditionRequired,
        DirectoryError::Unauthenticated => DirectoryError::Unauthenticated,
        DirectoryError::TooManyAttempts { retry_after } => DirectoryError::TooManyAttempts {
            retry_after: *retry_after,
        },
        DirectoryError::ImportRejected(r) => DirectoryError::ImportRejected(r.clone()),
        DirectoryError::UnsupportedFile(m) => DirectoryError::UnsupportedFile(m.clone()),
        DirectoryError::Crypto | DirectoryError::Db(_) => DirectoryError::Crypto,
    }
}
