//! The training domain's one error type.

use kernel::db::is_unique_violation;
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
    /// The server lacks something it needs from its machine (a CJK font for PDFs): the
    /// operator, not the caller, has to act.
    #[error("unavailable: {0}")]
    Unavailable(&'static str),
}

impl TrainingError {
    /// One bad field as a 422: the caller can fix it.
    pub fn field(pointer: &str, code: &str, message: impl Into<String>) -> Self {
        TrainingError::Invalid(vec![FieldError::new(pointer, code, message)])
    }

    /// For `.map_err` on an insert: a unique-constraint violation becomes a 409 `Conflict`
    /// with `code` and `detail`, any other database error stays one. Invariants that a
    /// concurrent writer could break are held by unique constraints, not by a read first, so
    /// this is how such a refusal reaches the caller.
    pub fn on_unique(
        code: &'static str,
        detail: impl Into<String>,
    ) -> impl FnOnce(DbErr) -> TrainingError {
        let detail = detail.into();
        move |e| {
            if is_unique_violation(&e) {
                TrainingError::Conflict { code, detail }
            } else {
                e.into()
            }
        }
    }
}

pub type Result<T, E = TrainingError> = std::result::Result<T, E>;

/// Checks an input's `validator` derives: every failed check at once, as one 422.
pub(crate) fn checked<T: validator::Validate>(input: &T) -> Result<()> {
    input
        .validate()
        .map_err(|e| TrainingError::Invalid(FieldError::from_validation(&e)))
}

/// The field errors of an input's `validator` derives, for a use case that adds its own
/// checks (ranges that depend on each other, dates) and answers them all together.
pub(crate) fn invalid_fields<T: validator::Validate>(input: &T) -> Vec<FieldError> {
    match input.validate() {
        Ok(()) => Vec::new(),
        Err(e) => FieldError::from_validation(&e),
    }
}
