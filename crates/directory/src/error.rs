//! The directory's one error type; the HTTP layer maps each variant to a status exhaustively.

use kernel::{FieldError, RuleViolation};
use sea_orm::DbErr;

/// Why a directory service refused or failed.
#[derive(Debug, thiserror::Error)]
pub enum DirectoryError {
    /// Absent, or belongs to a tenant the actor cannot see (never tell which).
    #[error("{0} not found")]
    NotFound(&'static str),
    /// Visible, but the actor's roles do not allow this action.
    #[error("your roles do not allow this action")]
    Forbidden,
    #[error("the request has invalid fields")]
    Invalid(Vec<FieldError>),
    #[error(transparent)]
    Rule(#[from] RuleViolation),
    /// A uniqueness conflict (`code` is a stable slug).
    #[error("{detail}")]
    Conflict { code: &'static str, detail: String },
    /// `If-Match` named an older version.
    #[error("the resource changed since you read it (now version {current})")]
    Stale { current: i32 },
    /// `If-Match` is required for this update.
    #[error("send If-Match with the version you read")]
    PreconditionRequired,
    #[error("login or password is wrong, or the session has ended")]
    Unauthenticated,
    /// The login throttle refused to check the password now; it may be tried again after
    /// `retry_after` seconds.
    #[error("too many failed logins; try again in {retry_after} seconds")]
    TooManyAttempts { retry_after: i64 },
    /// Every bad row of an all-or-nothing import; nothing was written.
    #[error("{} rows were rejected; nothing was imported", .0.rejected.len())]
    ImportRejected(crate::model::ImportReport),
    #[error("{0}")]
    UnsupportedFile(String),
    #[error("stored personal data could not be decrypted")]
    Crypto,
    #[error("database error")]
    Db(#[from] DbErr),
}

impl DirectoryError {
    pub fn field(pointer: &str, code: &str, message: impl Into<String>) -> Self {
        DirectoryError::Invalid(vec![FieldError::new(pointer, code, message)])
    }
}

pub type Result<T, E = DirectoryError> = std::result::Result<T, E>;
