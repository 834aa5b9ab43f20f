//! Exams, from the question bank to the result (issue 16, EX-01..EX-11): banks with versioned
//! questions kept confidential to the owning body (EX-09), papers fixed or drawn per candidate
//! (EX-01), sittings whose roster is training's exam eligibility (EX-11) and whose staff are
//! checked for separation, recusal and qualification (EX-06..EX-08), online attempts on the
//! server's clock, marking, results fed back to training, retakes (EX-02), misconduct and the
//! bans it leads to (EX-03..EX-05), and the exam records kept ten years (EX-10).
//!
//! Read in this order: `model` (states), `access` (who), `banks`, `papers`, `sittings`,
//! `staff`, `attempts`, `marking`, `results`, `fees` (retakes' exam fees), `misconduct`,
//! `records`.

pub mod access;
pub mod attempts;
pub mod bank_sheets;
pub mod banks;
pub mod entity;
pub mod error;
pub mod fees;
pub mod hand_in;
pub mod marking;
pub mod misconduct;
pub mod model;
pub mod papers;
pub mod records;
pub mod results;
pub mod sittings;
pub mod staff;

pub use error::ExamsError;

use directory::Directory;
use directory::entity::person;
use sea_orm::ConnectionTrait;
use std::collections::HashMap;
use training::Training;
use uuid::Uuid;

/// The exams services; they ask training for eligibility and rosters, and the directory for
/// people, sanctions and qualifications.
#[derive(Clone, Debug)]
pub struct Exams {
    pub training: Training,
}

impl Exams {
    pub fn new(training: Training) -> Self {
        Exams { training }
    }

    pub(crate) fn dir(&self) -> &Directory {
        &self.training.dir
    }
}

/// The persons of `ids` by id: how rosters, results and staff lists put names and masked ID
/// numbers beside their rows in one query.
pub(crate) async fn persons_by_id<C: ConnectionTrait>(
    conn: &C,
    ids: impl IntoIterator<Item = Uuid>,
) -> error::Result<HashMap<Uuid, person::Model>> {
    Ok(kernel::db::rows_by_id::<person::Entity, _>(conn, person::Column::Id, ids).await?)
}
