//! The training domain's one error type.

use kernel::{FieldError, RuleViolation};
use sea_orm::DbErr;

#[derive(Debug, thiserror::Error)]
pub enum TrainingError {
    /// Absent, or in a tenant the actor cannot see.
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("your roles do not allow this action")]
    Forbidden,
    #[error("the request has invalid fields")]
    Invalid(Vec<FieldError>),
    #[error(transparent)]
    Rule(#[from] RuleViolation),
    #[error("{detail}")]
    Conflict { code: &'static str, detail: String },
    #[error(transparent)]
    Directory(#[from] directory::DirectoryError),
    #[error("database error")]
    Db(#[from] DbErr),
    /// Files and documents: storing an upload, rendering a PDF or XLSX (a server fault).
    #[error("storage: {0}")]
    Storage(String),
}

impl TrainingError {
    pub fn field(pointer: &str, code: &str, message: impl Into<String>) -> Self {
        TrainingError::Invalid(vec![FieldError::new(pointer, code, message)])
    }
}

pub type Result<T, E = TrainingError> = std::result::Result<T, E>;
