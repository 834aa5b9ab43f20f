//! The exams domain's one error type: the refusals every domain shares ([`Refusal`]) plus
//! what training and the directory answer that is not a refusal. Refusals from below become
//! exams' own, so the HTTP layer maps one type.

use directory::DirectoryError;
use kernel::{FieldError, Refusal, RuleViolation};
use sea_orm::DbErr;
use training::TrainingError;

#[derive(Debug, thiserror::Error)]
pub enum ExamsError {
    #[error(transparent)]
    Refused(#[from] Refusal),
    /// What training answered that is not a refusal (a file, a database fault).
    #[error(transparent)]
    Training(TrainingError),
    #[error("database error")]
    Db(#[from] DbErr),
}

impl ExamsError {
    kernel::refusal_constructors!();
}

impl From<RuleViolation> for ExamsError {
    fn from(v: RuleViolation) -> Self {
        Refusal::Rule(v).into()
    }
}

impl From<TrainingError> for ExamsError {
    fn from(e: TrainingError) -> Self {
        match e {
            TrainingError::Refused(r) => ExamsError::Refused(r),
            TrainingError::Db(d) => ExamsError::Db(d),
            other => ExamsError::Training(other),
        }
    }
}

impl From<DirectoryError> for ExamsError {
    fn from(e: DirectoryError) -> Self {
        TrainingError::from(e).into()
    }
}

/// What the exams domain's refusals name.
pub mod noun {
    use kernel::Noun;

    pub use training::error::noun::{CLASS, ENROLMENT, PERSON};

    pub const BANK: Noun = Noun::new("exam_bank", "题库", "question bank");
    pub const QUESTION: Noun = Noun::new("exam_question", "试题", "question");
    pub const PAPER: Noun = Noun::new("exam_paper", "试卷", "paper");
    pub const SITTING: Noun = Noun::new("exam_sitting", "考试场次", "exam sitting");
    pub const CANDIDATE: Noun = Noun::new("exam_candidate", "考生", "candidate");
    pub const ATTEMPT: Noun = Noun::new("exam_attempt", "答题记录", "attempt");
    pub const STAFF: Noun = Noun::new("exam_staff", "考试工作人员", "staff member");
    pub const RECORDING: Noun = Noun::new("exam_recording", "录音录像", "recording");
}

pub type Result<T, E = ExamsError> = std::result::Result<T, E>;

/// Checks an input's `validator` derives plus the use case's own field checks, as one 422.
pub(crate) fn checked<T: validator::Validate>(input: &T, mut more: Vec<FieldError>) -> Result<()> {
    if let Err(e) = input.validate() {
        let mut all = FieldError::from_validation(&e);
        all.append(&mut more);
        more = all;
    }
    if more.is_empty() {
        Ok(())
    } else {
        Err(ExamsError::invalid(more))
    }
}
