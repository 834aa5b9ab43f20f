//! The directory's one error type: the refusals every domain shares ([`Refusal`]) plus the
//! few failures that are the directory's own. The HTTP layer maps a `Refusal` once for all
//! domains and only these own variants here.

use kernel::{Message, Refusal, RuleViolation};
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
    kernel::refusal_constructors!();

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
    pub const SANCTION: Noun = Noun::new("sanction", "禁考禁训处理", "sanction");
    pub const QUALIFICATION: Noun = Noun::new("qualification", "资格证书", "qualification");
    pub const PERSON_RELATION: Noun = Noun::new("person_relation", "人员关系", "person relation");
    pub const API_CLIENT: Noun = Noun::new("api_client", "API 客户端", "API client");
    pub const JOB: Noun = Noun::new("job", "后台任务", "job");
    /// The user named by an audit log's `actor_id` filter.
    pub const ACTOR: Noun = Noun::new("actor", "操作人", "actor");
}

pub type Result<T, E = DirectoryError> = std::result::Result<T, E>;
