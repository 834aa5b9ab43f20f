//! Refusals the clerk must understand: a numbered rule from RULES.md, or bad fields.

use crate::message::Message;
use serde::Serialize;
use serde_json::{Map, Value};
use utoipa::ToSchema;

/// A business rule refused the action. `rule` is the id in RULES.md (e.g. "TR-10"); the HTTP
/// layer turns it into a 422 problem whose `rule` member carries the id. The id never goes
/// into the message: a screen shows it apart, as a reference.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{rule}: {}", message.en)]
pub struct RuleViolation {
    pub rule: &'static str,
    pub message: Message,
    /// The figures the message speaks of (a count, amounts in fen), for a client that words
    /// the message itself.
    pub params: Option<Map<String, Value>>,
}

impl RuleViolation {
    pub fn new(rule: &'static str, zh: impl Into<String>, en: impl Into<String>) -> Self {
        RuleViolation {
            rule,
            message: Message::new(zh, en),
            params: None,
        }
    }

    /// Adds one parameter.
    #[must_use]
    pub fn with(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.params
            .get_or_insert_with(Map::new)
            .insert(key.to_owned(), value.into());
        self
    }
}

/// One invalid field, addressed by a JSON pointer into the request body (RFC 6901).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct FieldError {
    /// JSON pointer to the field, e.g. `/national_id`.
    pub pointer: String,
    /// Stable machine code, e.g. `check_digit`, `required`, `unknown_field`.
    pub code: String,
    /// What is wrong, in Chinese (zh-CN).
    pub message: String,
    /// The same in English.
    pub message_en: String,
}

impl FieldError {
    pub fn new(
        pointer: impl Into<String>,
        code: impl Into<String>,
        zh: impl Into<String>,
        en: impl Into<String>,
    ) -> Self {
        FieldError {
            pointer: pointer.into(),
            code: code.into(),
            message: zh.into(),
            message_en: en.into(),
        }
    }

    /// The field errors of a `validator` derive, one per failed check, with JSON pointers and
    /// in pointer order: every domain's `*In` types are checked this one way. A check of
    /// [`crate::text`] carries both messages (the Chinese as its message, the English in its
    /// `message_en` parameter); a built-in check (`length`, `range`) is worded from its code
    /// and bounds.
    pub fn from_validation(errors: &validator::ValidationErrors) -> Vec<FieldError> {
        let mut out = Vec::new();
        collect(errors, "", &mut out);
        out.sort_by(|a, b| a.pointer.cmp(&b.pointer));
        out
    }
}

/// The field errors below `at` (a JSON pointer): a field's own checks, then those of a
/// nested struct (`#[validate(nested)]`) or of each item of a nested list (`/fees/0/item`).
fn collect(errors: &validator::ValidationErrors, at: &str, out: &mut Vec<FieldError>) {
    use validator::ValidationErrorsKind as Kind;
    for (field, kind) in errors.errors() {
        let here = format!("{at}/{field}");
        match kind {
            Kind::Field(errs) => {
                for e in errs {
                    let (zh, en) = match (&e.message, e.params.get("message_en")) {
                        (Some(zh), Some(Value::String(en))) => (zh.to_string(), en.clone()),
                        _ => worded(e),
                    };
                    // A list's size is a count, as the checks written by hand call it; a
                    // string's is a length.
                    let code = match e.code.as_ref() {
                        "length" if is_list(e) => "count".to_owned(),
                        code => code.to_owned(),
                    };
                    out.push(FieldError::new(here.clone(), code, zh, en));
                }
            }
            Kind::Struct(inner) => collect(inner, &here, out),
            Kind::List(items) => {
                for (i, inner) in items {
                    collect(inner, &format!("{here}/{i}"), out);
                }
            }
        }
    }
}

/// Whether the checked value is a list: `validator` puts the value among the parameters.
fn is_list(e: &validator::ValidationError) -> bool {
    matches!(e.params.get("value"), Some(Value::Array(_)))
}

/// The words for a built-in `validator` check from its code and bounds.
fn worded(e: &validator::ValidationError) -> (String, String) {
    let bound = |k: &str| e.params.get(k).map(Value::to_string);
    match (e.code.as_ref(), bound("min"), bound("max")) {
        ("length", Some(min), Some(max)) if is_list(e) => (
            format!("须为{min}–{max}项"),
            format!("must have {min}–{max} items"),
        ),
        ("length", None, Some(max)) if is_list(e) => {
            (format!("最多{max}项"), format!("at most {max} items"))
        }
        ("length", Some(min), Some(max)) => (
            format!("须为{min}–{max}字"),
            format!("must be {min}–{max} characters"),
        ),
        ("length", None, Some(max)) => (
            format!("不超过{max}字"),
            format!("at most {max} characters"),
        ),
        ("range", Some(min), Some(max)) => (
            format!("须在{min}–{max}之间"),
            format!("must be between {min} and {max}"),
        ),
        ("range", Some(min), None) if min == "0" => {
            ("不能为负".to_owned(), "cannot be negative".to_owned())
        }
        ("range", Some(min), None) => (format!("不小于{min}"), format!("at least {min}")),
        _ => ("取值无效".to_owned(), "invalid value".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::FieldError;
    use validator::Validate;

    #[derive(Validate)]
    struct Line {
        #[validate(custom(function = "crate::text::required_text_50"))]
        item: String,
    }

    #[derive(Validate)]
    struct Sheet {
        #[validate(custom(function = "crate::text::required_text_50"))]
        title: String,
        #[validate(nested)]
        lines: Vec<Line>,
    }

    #[test]
    fn nested_checks_point_into_the_list_item_that_failed() {
        let sheet = Sheet {
            title: " ".into(),
            lines: vec![
                Line {
                    item: "培训费".into(),
                },
                Line {
                    item: String::new(),
                },
            ],
        };
        let errors = sheet
            .validate()
            .map(|_| Vec::new())
            .unwrap_or_else(|e| FieldError::from_validation(&e));
        let pointers: Vec<&str> = errors.iter().map(|e| e.pointer.as_str()).collect();
        assert_eq!(pointers, ["/lines/1/item", "/title"]);
        assert_eq!(errors[0].code, "required");
        assert_eq!(errors[0].message_en, "required, at most 50 characters");
    }

    #[derive(Validate)]
    struct Batch {
        #[validate(length(min = 1, max = 3))]
        ids: Vec<u32>,
        #[validate(length(min = 1, max = 3))]
        note: String,
    }

    fn errors_of(b: &Batch) -> Vec<(String, String, String)> {
        b.validate()
            .map(|_| Vec::new())
            .unwrap_or_else(|e| FieldError::from_validation(&e))
            .into_iter()
            .map(|e| (e.pointer, e.code, e.message_en))
            .collect()
    }

    #[test]
    fn a_list_too_long_is_counted_in_items_and_a_string_in_characters() {
        let at_most = Batch {
            ids: vec![1, 2, 3],
            note: "一二三".into(),
        };
        assert_eq!(errors_of(&at_most), []);
        let over = Batch {
            ids: vec![1, 2, 3, 4],
            note: "一二三四".into(),
        };
        let items = ("/ids".into(), "count".into(), "must have 1–3 items".into());
        let chars = (
            "/note".into(),
            "length".into(),
            "must be 1–3 characters".into(),
        );
        assert_eq!(errors_of(&over), [items.clone(), chars.clone()]);
        let empty = Batch {
            ids: vec![],
            note: String::new(),
        };
        assert_eq!(errors_of(&empty), [items, chars]);
    }
}
