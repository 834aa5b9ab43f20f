//! One function per use case: authorise, apply the rules, write in one transaction with its
//! audit row.

pub mod api_clients;
pub mod audit;
pub mod auth;
pub mod blacklist;
pub mod organizations;
pub mod persons;
pub mod throttle;
pub mod users;

use crate::error::{DirectoryError, Result};
use kernel::FieldError;

/// Turns `validator` errors into field errors with JSON pointers.
pub(crate) fn validation(errors: validator::ValidationErrors) -> DirectoryError {
    let mut out = Vec::new();
    for (field, errs) in errors.field_errors() {
        for e in errs {
            let message = e
                .message
                .as_ref()
                .map(|m| m.to_string())
                .unwrap_or_else(|| format!("{field} is invalid"));
            out.push(FieldError::new(
                format!("/{field}"),
                e.code.to_string(),
                message,
            ));
        }
    }
    out.sort_by(|a, b| a.pointer.cmp(&b.pointer));
    DirectoryError::Invalid(out)
}

/// Checks an `If-Match` version: required, and equal to the stored one.
pub fn check_version(expected: Option<i32>, current: i32) -> Result<()> {
    match expected {
        None => Err(DirectoryError::PreconditionRequired),
        Some(v) if v != current => Err(DirectoryError::Stale { current }),
        Some(_) => Ok(()),
    }
}

/// Collects field errors and returns them all at once rather than one per round trip.
#[derive(Default)]
pub(crate) struct Fields(pub Vec<FieldError>);

impl Fields {
    pub fn push(&mut self, pointer: &str, code: &str, message: impl Into<String>) {
        self.0.push(FieldError::new(pointer, code, message));
    }
    pub fn finish(self) -> Result<()> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(DirectoryError::Invalid(self.0))
        }
    }
}
