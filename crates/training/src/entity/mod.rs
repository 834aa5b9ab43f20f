//! Tables the training domain owns.

pub mod class;
pub mod course;
pub mod enrolment;
pub mod enrolment_request;
pub mod payment;
