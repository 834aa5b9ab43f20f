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

/// A required free-text field (a reason, a reference): trimmed, not blank, at most `max`
/// characters; otherwise a field error at `pointer`.
pub(crate) fn bounded_text(pointer: &str, v: &str, max: usize) -> Result<String> {
    let v = v.trim();
    if v.is_empty() || v.chars().count() > max {
        return Err(TrainingError::field(
            pointer,
            "length",
            format!("必填,不超过{max}字 / required, at most {max} characters"),
        ));
    }
    Ok(v.to_owned())
}
