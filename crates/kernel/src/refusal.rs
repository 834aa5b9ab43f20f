//! What every domain refuses with. A domain's error type wraps [`Refusal`] and adds only the
//! failures that are its own (a login throttle, a rejected import, a storage fault), so the
//! HTTP layer maps the common refusals once, and a new domain copies no arms.
//!
//! Every refusal has a stable machine [`Refusal::code`] (snake_case, the same word as the
//! problem's `type` in kebab-case), a [`Message`] in Chinese and in English kept apart, and,
//! where a client could use them, [`Refusal::params`]. Messages are sentences a clerk reads:
//! they never hold a rule id (that is [`RuleViolation::rule`]) nor an amount in fen (amounts
//! read as yuan, [`crate::money::yuan`]).

pub use crate::message::Message;
use crate::rule::{FieldError, RuleViolation};
use serde_json::{Map, Value};

/// A kind of thing a refusal names ("the class does not exist"): a stable code for clients and
/// its name in both languages. Each domain declares its own as constants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Noun {
    /// Stable, snake_case: `class`, `person`, `leave_request`.
    pub code: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
}

impl Noun {
    pub const fn new(code: &'static str, zh: &'static str, en: &'static str) -> Self {
        Noun { code, zh, en }
    }
}

/// Why an action was refused, in the terms every domain shares. The caller can act on it
/// (fix a field, reload, ask someone else); a server fault is never a refusal.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Refusal {
    /// Absent, or in a tenant the actor cannot see (never tell which).
    #[error("{} not found", .0.en)]
    NotFound(Noun),
    /// Visible, but the actor's roles do not allow this action.
    #[error("your roles do not allow this action")]
    Forbidden,
    /// Fields the caller can correct, every one at once.
    #[error("the request has invalid fields")]
    Invalid(Vec<FieldError>),
    /// A numbered business rule (RULES.md) refused.
    #[error(transparent)]
    Rule(RuleViolation),
    /// The state of things does not allow it now (taken, already done, changed meanwhile).
    #[error("{code}: {}", message.en)]
    Conflict {
        code: &'static str,
        message: Message,
    },
    /// `If-Match` named an older version than `current`.
    #[error("the resource changed since you read it (now version {current})")]
    Stale { current: i32 },
    /// `If-Match` is required for this update.
    #[error("send If-Match with the version you read")]
    PreconditionRequired,
    /// The server lacks something it needs from its machine: the operator has to act.
    #[error("{code}: {}", message.en)]
    Unavailable {
        code: &'static str,
        message: Message,
    },
}

impl Refusal {
    /// One bad field.
    pub fn field(pointer: &str, code: &str, zh: impl Into<String>, en: impl Into<String>) -> Self {
        Refusal::Invalid(vec![FieldError::new(pointer, code, zh, en)])
    }

    /// A versioned update found the row no longer at the version `read` (another change came
    /// first, after the `If-Match` check): it is at least at `read + 1` now.
    pub fn changed_since(read: i32) -> Self {
        Refusal::Stale { current: read + 1 }
    }

    pub fn conflict(code: &'static str, zh: impl Into<String>, en: impl Into<String>) -> Self {
        Refusal::Conflict {
            code,
            message: Message::new(zh, en),
        }
    }

    pub fn unavailable(code: &'static str, zh: impl Into<String>, en: impl Into<String>) -> Self {
        Refusal::Unavailable {
            code,
            message: Message::new(zh, en),
        }
    }

    /// The stable machine code, snake_case.
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::NotFound(_) => "not_found",
            Refusal::Forbidden => "forbidden",
            Refusal::Invalid(_) => "validation",
            Refusal::Rule(_) => "rule_violation",
            Refusal::Conflict { code, .. } | Refusal::Unavailable { code, .. } => code,
            Refusal::Stale { .. } => "precondition_failed",
            Refusal::PreconditionRequired => "precondition_required",
        }
    }

    /// What a clerk reads.
    pub fn message(&self) -> Message {
        match self {
            Refusal::NotFound(what) => Message::new(
                format!("{}不存在", what.zh),
                format!("{} not found", what.en),
            ),
            Refusal::Forbidden => Message::new(
                "您的角色无权执行此操作",
                "your roles do not allow this action",
            ),
            Refusal::Invalid(_) => {
                Message::new("请求中有无效字段", "the request has invalid fields")
            }
            Refusal::Rule(v) => v.message.clone(),
            Refusal::Conflict { message, .. } | Refusal::Unavailable { message, .. } => {
                message.clone()
            }
            Refusal::Stale { current } => Message::new(
                format!("内容已被他人修改(当前为第{current}版),请刷新后重试"),
                format!("the resource changed since you read it (now version {current})"),
            ),
            Refusal::PreconditionRequired => Message::new(
                "请在 If-Match 中注明您读到的版本",
                "send If-Match with the version you read",
            ),
        }
    }

    /// What a client may use beside the code (to word the message itself, or to act): the
    /// noun not found, the current version, a rule's figures. Amounts are in fen, as
    /// everywhere in the API.
    pub fn params(&self) -> Option<Map<String, Value>> {
        match self {
            Refusal::NotFound(what) => Some(param("what", what.code)),
            Refusal::Stale { current } => Some(param("current", *current)),
            Refusal::Rule(v) => v.params.clone(),
            _ => None,
        }
    }
}

/// A row that an input field names, looked up: `None` (absent, or not one the caller may
/// name) is that field's `not_found` error, so the client sees which field to correct.
pub trait FoundAt<T> {
    fn or_not_found_at(
        self,
        pointer: &str,
        zh: impl Into<String>,
        en: impl Into<String>,
    ) -> Result<T, Refusal>;
}

impl<T> FoundAt<T> for Option<T> {
    fn or_not_found_at(
        self,
        pointer: &str,
        zh: impl Into<String>,
        en: impl Into<String>,
    ) -> Result<T, Refusal> {
        self.ok_or_else(|| Refusal::field(pointer, "not_found", zh, en))
    }
}

/// The constructors a domain error wrapping [`Refusal`] offers, so that call sites read
/// `TrainingError::not_found(noun::CLASS)`, `::forbidden()`, `::field(..)`, `::invalid(..)`,
/// `::conflict(code, zh, en)`. Expanded inside the domain error's `impl`; the type needs
/// `From<Refusal>`.
#[macro_export]
macro_rules! refusal_constructors {
    () => {
        /// Absent, or in a tenant the actor cannot see.
        pub fn not_found(what: $crate::Noun) -> Self {
            $crate::Refusal::NotFound(what).into()
        }

        /// Visible, but the actor's roles do not allow this action.
        pub fn forbidden() -> Self {
            $crate::Refusal::Forbidden.into()
        }

        /// One bad field as a 422: the caller can fix it.
        pub fn field(
            pointer: &str,
            code: &str,
            zh: impl Into<String>,
            en: impl Into<String>,
        ) -> Self {
            $crate::Refusal::field(pointer, code, zh, en).into()
        }

        /// Several bad fields at once.
        pub fn invalid(errors: Vec<$crate::FieldError>) -> Self {
            $crate::Refusal::Invalid(errors).into()
        }

        /// The state of things does not allow it now; `code` is stable, snake_case.
        pub fn conflict(code: &'static str, zh: impl Into<String>, en: impl Into<String>) -> Self {
            $crate::Refusal::conflict(code, zh, en).into()
        }

        /// For `.map_err` on an insert: a unique-constraint violation becomes a 409 conflict
        /// with `code` and its message, any other database error stays one. Invariants that a
        /// concurrent writer could break are held by unique constraints, not by a read first,
        /// so this is how such a refusal reaches the caller. (The type needs `From<DbErr>`.)
        pub fn on_unique(
            code: &'static str,
            zh: impl Into<String>,
            en: impl Into<String>,
        ) -> impl FnOnce(::sea_orm::DbErr) -> Self {
            let (zh, en) = (zh.into(), en.into());
            move |e| {
                if $crate::db::is_unique_violation(&e) {
                    Self::conflict(code, zh, en)
                } else {
                    e.into()
                }
            }
        }
    };
}

impl From<RuleViolation> for Refusal {
    fn from(v: RuleViolation) -> Self {
        Refusal::Rule(v)
    }
}

fn param(key: &str, value: impl Into<Value>) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert(key.to_owned(), value.into());
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    const CLASS: Noun = Noun::new("class", "培训班", "class");

    #[test]
    fn codes_are_snake_case_and_messages_keep_the_languages_apart() {
        let all = [
            Refusal::NotFound(CLASS),
            Refusal::Forbidden,
            Refusal::Invalid(Vec::new()),
            RuleViolation::new("TR-10", "开班前1天内不能延期", "too late to defer").into(),
            Refusal::conflict("class_full", "班级已满", "the class is full"),
            Refusal::Stale { current: 3 },
            Refusal::PreconditionRequired,
            Refusal::unavailable("no_cjk_font", "缺少中文字体", "no CJK font"),
        ];
        for r in &all {
            let code = r.code();
            assert!(
                code.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{code}"
            );
            let m = r.message();
            assert!(!m.zh.contains(" / ") && !m.en.contains(" / "), "{m:?}");
            assert!(!m.zh.contains("TR-") && !m.en.contains("TR-"), "{m:?}");
        }
        assert_eq!(all[0].message().zh, "培训班不存在");
        assert_eq!(all[0].params(), Some(param("what", "class")));
        assert_eq!(all[5].params(), Some(param("current", 3)));
    }
}
