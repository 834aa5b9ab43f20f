//! The directory's one error type: the refusals every domain shares ([`Refusal`]) plus the
//! few failures that are the directory's own. The HTTP layer maps a `Refusal` once for all
//! domains and only these own variants here.

use kernel::{FieldError, Message, Noun, Refusal, RuleViolation};
use sea_orm::DbErr;

/// Why a directory service refused or failed.
#[derive(Debug, thiserror::Error)]
pub enum DirectoryError {
    #[error(transparent)]
    Refused(#[from] Refusal),
    #[error("login or password is wrong, or the session has ended")]
    Unauthenticated,
    /// The login throttle refused to check the password now; it may be tried again after
    /// `retry_after` seconds.
    #[error("too many failed logins; try again in {retry_after} seconds")]
    TooManyAttempts { retry_after: i64 },
    /// Every bad row of an all-or-nothing import; nothing was written.
    #[error("{} rows were rejected; nothing was imported", .0.rejected.len())]
    ImportRejected(crate::model::ImportReport),
    /// An upload that is not the file it should be (not CSV or XLSX, columns missing).
    #[error("{}", .0.en)]
    UnsupportedFile(Message),
    #[error("stored personal data could not be decrypted")]
    Crypto,
    #[error("database error")]
    Db(#[from] DbErr),
}

impl DirectoryError {
    /// Absent, or in a tenant the actor cannot see.
    pub fn not_found(what: Noun) -> Self {
        Refusal::NotFound(what).into()
    }

    /// Visible, but the actor's roles do not allow this action.
    pub fn forbidden() -> Self {
        Refusal::Forbidden.into()
    }

    /// One bad field as a 422: the caller can fix it.
    pub fn field(pointer: &str, code: &str, zh: impl Into<String>, en: impl Into<String>) -> Self {
        Refusal::field(pointer, code, zh, en).into()
    }

    /// Several bad fields at once.
    pub fn invalid(errors: Vec<FieldError>) -> Self {
        Refusal::Invalid(errors).into()
    }

    /// A uniqueness or state conflict; `code` is stable, snake_case.
    pub fn conflict(code: &'static str, zh: impl Into<String>, en: impl Into<String>) -> Self {
        Refusal::conflict(code, zh, en).into()
    }

    pub fn unsupported_file(zh: impl Into<String>, en: impl Into<String>) -> Self {
        DirectoryError::UnsupportedFile(Message::new(zh, en))
    }
}

impl From<RuleViolation> for DirectoryError {
    fn from(v: RuleViolation) -> Self {
        Refusal::Rule(v).into()
    }
}

/// What the directory's refusals name.
pub mod noun {
    use kernel::Noun;

    pub const PERSON: Noun = Noun::new("person", "人员", "person");
    pub const USER: Noun = Noun::new("user", "用户", "user");
    pub const ORGANIZATION: Noun = Noun::new("organization", "单位", "organization");
    pub const MEMBERSHIP: Noun = Noun::new("membership", "任职关系", "membership");
    pub const BLACKLIST_ENTRY: Noun = Noun::new("blacklist_entry", "黑名单记录", "blacklist entry");
    pub const API_CLIENT: Noun = Noun::new("api_client", "API 客户端", "API client");
}

pub type Result<T, E = DirectoryError> = std::result::Result<T, E>;
