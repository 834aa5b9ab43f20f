//! What text a client may send. One definition, used wherever text enters the platform (JSON
//! bodies and query strings in the API's extractors, import cells in the importers), so that no
//! domain has to remember it and no database sees a character it cannot store: PostgreSQL
//! refuses NUL in `text` (SQLSTATE 22021), and other control characters in a name or a
//! reason are never meant, only pasted or forged.
//!
//! Below, one `validator` check per kind of free text a form holds (`required_text_100`,
//! `optional_text_500`, …): a field names its kind, `#[validate(custom(function =
//! "kernel::text::required_text_500"))]`, and the refusal's code and both messages come from
//! here, worded once.

use std::borrow::Cow;
use validator::ValidationError;

/// The first character a client may not send in text, if any: every Unicode control
/// character (C0, DEL, C1) except tab, line feed and carriage return, which multi-line fields
/// (reasons, summaries) legitimately hold.
pub fn forbidden_char(s: &str) -> Option<char> {
    s.chars()
        .find(|&c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
}

/// How a forbidden character is named in a refusal: `U+0000`, never the character itself.
pub fn describe(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
}

/// Text a field requires, at most `max` characters: blank (empty or only white space) is
/// missing. Services store it trimmed.
fn required(v: &str, max: usize) -> Result<(), ValidationError> {
    if v.trim().is_empty() {
        Err(refusal(
            "required",
            format!("必填,不超过{max}字"),
            format!("required, at most {max} characters"),
            max,
        ))
    } else {
        at_most(v, max)
    }
}

/// Text a field may hold, at most `max` characters.
fn at_most(v: &str, max: usize) -> Result<(), ValidationError> {
    if v.len() > max && v.chars().count() > max {
        Err(refusal(
            "length",
            format!("不超过{max}字"),
            format!("at most {max} characters"),
            max,
        ))
    } else {
        Ok(())
    }
}

/// The refusal of a text check: the Chinese as the message, the English as the `message_en`
/// parameter (read by `kernel::FieldError::from_validation`), the bound as `max`.
fn refusal(code: &'static str, zh: String, en: String, max: usize) -> ValidationError {
    let mut e = refused(code, zh, en);
    e.add_param(Cow::Borrowed("max"), &max);
    e
}

/// A required name or short text (a person's name, a display name), 1–50 characters.
pub fn required_text_50(v: &str) -> Result<(), ValidationError> {
    required(v, 50)
}

/// A required name or reference (a course, a payer, a voucher number), 1–100 characters.
pub fn required_text_100(v: &str) -> Result<(), ValidationError> {
    required(v, 100)
}

/// A required title (a plan, a material, a unit, a record), 1–200 characters.
pub fn required_text_200(v: &str) -> Result<(), ValidationError> {
    required(v, 200)
}

/// A required reason or note, 1–500 characters.
pub fn required_text_500(v: &str) -> Result<(), ValidationError> {
    required(v, 500)
}

/// A required short account (a practical result), 1–1000 characters.
pub fn required_text_1000(v: &str) -> Result<(), ValidationError> {
    required(v, 1000)
}

/// A required account (a practical process), 1–2000 characters.
pub fn required_text_2000(v: &str) -> Result<(), ValidationError> {
    required(v, 2000)
}

/// A required long text (an accident case's account or lessons), 1–10000 characters.
pub fn required_text_10000(v: &str) -> Result<(), ValidationError> {
    required(v, 10000)
}

/// An optional short text (a title, a post, a certificate number), at most 50 characters.
pub fn optional_text_50(v: &str) -> Result<(), ValidationError> {
    at_most(v, 50)
}

/// An optional name (a school), at most 100 characters.
pub fn optional_text_100(v: &str) -> Result<(), ValidationError> {
    at_most(v, 100)
}

/// An optional note (a teacher's subjects), at most 500 characters.
pub fn optional_text_500(v: &str) -> Result<(), ValidationError> {
    at_most(v, 500)
}

/// A domain's own check refusing a value, in both languages (read by
/// `kernel::FieldError::from_validation` like the checks above): for `validator`'s
/// `custom(function = …)` checks written beside their `*In` type.
pub fn refused(code: &'static str, zh: String, en: String) -> ValidationError {
    let mut e = ValidationError::new(code).with_message(Cow::Owned(zh));
    e.add_param(Cow::Borrowed("message_en"), &en);
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_refused_and_line_breaks_are_not() {
        assert_eq!(forbidden_char("张三"), None);
        assert_eq!(forbidden_char("line\nbreak\r\tand tab"), None);
        assert_eq!(forbidden_char("a\u{0}b"), Some('\u{0}'));
        assert_eq!(forbidden_char("a\u{1b}[31m"), Some('\u{1b}'));
        assert_eq!(forbidden_char("del\u{7f}"), Some('\u{7f}'));
        assert_eq!(forbidden_char("c1\u{85}"), Some('\u{85}'));
        assert_eq!(describe('\u{0}'), "U+0000");
    }

    #[test]
    fn a_text_kind_refuses_blank_and_long_text_in_both_languages() {
        assert!(required_text_100("课程").is_ok());
        let blank = required_text_100(" \n").err();
        assert_eq!(blank.as_ref().map(|e| e.code.as_ref()), Some("required"));
        assert_eq!(
            blank.as_ref().and_then(|e| e.message.as_deref()),
            Some("必填,不超过100字")
        );
        assert_eq!(
            blank.as_ref().and_then(|e| e.params.get("message_en")),
            Some(&serde_json::json!("required, at most 100 characters"))
        );
        // Characters, not bytes: 100 CJK characters are 300 bytes and fit.
        assert!(required_text_100(&"字".repeat(100)).is_ok());
        let long = required_text_100(&"字".repeat(101)).err();
        assert_eq!(long.map(|e| e.code), Some("length".into()));
        assert!(optional_text_500("").is_ok());
    }
}
