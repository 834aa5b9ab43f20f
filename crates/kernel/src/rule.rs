//! Refusals the clerk must understand: a numbered rule from RULES.md, or bad fields.

use serde::Serialize;
use utoipa::ToSchema;

/// A business rule refused the action. `rule` is the id in RULES.md (e.g. "TR-10"); the HTTP
/// layer turns it into a 422 problem whose `rule` member carries the id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{rule}: {detail_en}")]
pub struct RuleViolation {
    pub rule: &'static str,
    pub detail_zh: String,
    pub detail_en: String,
}

impl RuleViolation {
    pub fn new(
        rule: &'static str,
        detail_zh: impl Into<String>,
        detail_en: impl Into<String>,
    ) -> Self {
        RuleViolation {
            rule,
            detail_zh: detail_zh.into(),
            detail_en: detail_en.into(),
        }
    }
}

/// One invalid field, addressed by a JSON pointer into the request body (RFC 6901).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct FieldError {
    /// JSON pointer to the field, e.g. `/national_id`.
    pub pointer: String,
    /// Stable machine code, e.g. `check_digit`, `required`, `unknown_field`.
    pub code: String,
    pub message: String,
}

impl FieldError {
    pub fn new(
        pointer: impl Into<String>,
        code: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        FieldError {
            pointer: pointer.into(),
            code: code.into(),
            message: message.into(),
        }
    }

    /// The field errors of a `validator` derive, one per failed check, with JSON pointers and
    /// in pointer order: every domain's `*In` types are checked this one way.
    pub fn from_validation(errors: &validator::ValidationErrors) -> Vec<FieldError> {
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
        out
    }
}

/// A `validator` check for required free text: blank (empty or only white space) is missing.
/// Pair it with `length(max = ..)`; services store the text trimmed.
pub fn not_blank(v: &str) -> Result<(), validator::ValidationError> {
    if v.trim().is_empty() {
        Err(validator::ValidationError::new("length"))
    } else {
        Ok(())
    }
}
