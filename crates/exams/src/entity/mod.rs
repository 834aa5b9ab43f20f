//! Tables the exams domain owns.

pub mod answer;
pub mod attempt;
pub mod attempt_item;
pub mod bank;
pub mod candidate;
pub mod incident;
pub mod mark;
pub mod paper;
pub mod paper_item;
pub mod practical_score;
pub mod question;
pub mod question_version;
pub mod recording;
pub mod result;
pub mod sitting;
pub mod staff;
