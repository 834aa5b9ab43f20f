//! Tables the training domain owns.

pub mod account_change;
pub mod archive_item;
pub mod attendance;
pub mod calendar_day;
pub mod class;
pub mod class_archive;
pub mod class_level;
pub mod class_result;
pub mod class_session;
pub mod class_teacher;
pub mod ce_entry;
pub mod council_term;
pub mod course;
pub mod enrolment;
pub mod enrolment_request;
pub mod leave_request;
pub mod payment;
pub mod plan_class;
pub mod refund;
pub mod teacher;
pub mod teacher_notice;
pub mod training_plan;
