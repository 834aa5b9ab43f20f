//! The training domain's one error type: the refusals every domain shares ([`Refusal`]) plus
//! the few failures that are training's own. The HTTP layer maps a `Refusal` once for all
//! domains.

use directory::DirectoryError;
use kernel::{FieldError, Refusal, RuleViolation};
use sea_orm::DbErr;

#[derive(Debug, thiserror::Error)]
pub enum TrainingError {
    #[error(transparent)]
    Refused(#[from] Refusal),
    /// What the directory answered that is not a refusal (an import report, an unreadable
    /// file, a database fault); its refusals become training's (see the `From` below).
    #[error(transparent)]
    Directory(DirectoryError),
    #[error("database error")]
    Db(#[from] DbErr),
    /// Files and documents: storing an upload, rendering a PDF or XLSX (a server fault).
    #[error("storage: {0}")]
    Storage(String),
}

impl TrainingError {
    kernel::refusal_constructors!();
}

impl From<RuleViolation> for TrainingError {
    fn from(v: RuleViolation) -> Self {
        Refusal::Rule(v).into()
    }
}

/// A directory refusal reaching training is training's refusal: one path to the caller.
impl From<DirectoryError> for TrainingError {
    fn from(e: DirectoryError) -> Self {
        match e {
            DirectoryError::Refused(r) => TrainingError::Refused(r),
            other => TrainingError::Directory(other),
        }
    }
}

/// What training's refusals name (the directory's own are in `directory::error::noun`).
pub mod noun {
    use kernel::Noun;

    pub use directory::error::noun::PERSON;

    pub const ASSOCIATION: Noun = Noun::new("association", "协会", "association");
    pub const ENTERPRISE: Noun = Noun::new("enterprise", "企业", "enterprise");
    pub const COURSE: Noun = Noun::new("course", "课程", "course");
    pub const CLASS: Noun = Noun::new("class", "培训班", "class");
    pub const SESSION: Noun = Noun::new("session", "课次", "session");
    pub const ENROLMENT: Noun = Noun::new("enrolment", "报名", "enrolment");
    pub const REQUEST: Noun = Noun::new("request", "申请", "request");
    pub const REFUND: Noun = Noun::new("refund", "退费申请", "refund");
    pub const LEAVE_REQUEST: Noun = Noun::new("leave_request", "请假申请", "leave request");
    pub const TEACHER: Noun = Noun::new("teacher", "教师", "teacher");
    pub const PLAN: Noun = Noun::new("plan", "培训计划", "plan");
    pub const MATERIAL: Noun = Noun::new("material", "培训资料", "material");
    pub const ACCIDENT_CASE: Noun = Noun::new("accident_case", "事故案例", "accident case");
    pub const UNIT: Noun = Noun::new("unit", "学习单元", "unit");
    pub const PRACTICAL_RECORD: Noun =
        Noun::new("practical_record", "实操记录", "practical record");
    pub const ANSWER_SHEET: Noun = Noun::new("answer_sheet", "答卷", "answer sheet");
    pub const ACCOUNT_CHANGE: Noun = Noun::new("account_change", "人员变更", "account change");
    pub const LETTER: Noun = Noun::new("letter", "变更函", "letter");
    pub const CALENDAR_DAY: Noun = Noun::new("calendar_day", "日历日期", "calendar day");
    pub const ARCHIVE_ITEM: Noun = Noun::new("archive_item", "档案项", "archive item");
}

pub type Result<T, E = TrainingError> = std::result::Result<T, E>;

/// Checks an input's `validator` derives: every failed check at once, as one 422.
pub(crate) fn checked<T: validator::Validate>(input: &T) -> Result<()> {
    input
        .validate()
        .map_err(|e| TrainingError::invalid(FieldError::from_validation(&e)))
}

/// The field errors of an input's `validator` derives, for a use case that adds its own
/// checks (ranges that depend on each other, dates) and answers them all together.
pub(crate) fn invalid_fields<T: validator::Validate>(input: &T) -> Vec<FieldError> {
    match input.validate() {
        Ok(()) => Vec::new(),
        Err(e) => FieldError::from_validation(&e),
    }
}
