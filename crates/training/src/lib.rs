//! Training, from the catalogue to the class notice: courses (TR-01, TR-02, TR-03, TR-19),
//! classes with published fees, enrolment through two-level enterprise approval, association
//! confirmation within capacity and finance's payment (TR-07, TR-08, TR-09), deferral and
//! substitution deadlines (TR-10, TR-11), refunds in five steps (TR-12..TR-15), and the exam eligibility the exams domain will ask for.

pub mod access;
pub mod accounts;
pub mod archive;
pub mod attendance;
pub mod audited;
pub mod batch;
pub mod catalogue;
pub mod classes;
pub mod deadlines;
pub mod demo;
pub mod documents;
pub mod eligibility;
pub mod enrolment;
pub mod entity;
pub mod error;
pub mod exports;
pub mod files;
pub mod inbox;
pub mod ledger;
pub mod link;
pub mod model;
pub mod plan;
pub mod practical;
pub mod refund;
pub mod requests;
pub mod seats;
pub mod study;
pub mod teachers;
pub mod views;

pub use error::TrainingError;

use directory::Directory;

/// The training services; they use the directory for people, organizations and the clock.
#[derive(Clone, Debug)]
pub struct Training {
    pub dir: Directory,
}
