use crate::model::{SanctionKind, SanctionRule};
use sea_orm::entity::prelude::*;

/// A sanction on record (CR-04, EX-04, EX-05): the blacklist and the exam bans in one registry.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "sanctions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The person sanctioned; none for a CR-04 listing of someone not (yet) in the directory.
    pub person_id: Option<Uuid>,
    /// The association that imposed it: whose training and exams a ban bars, whose staff and
    /// sub-centres read the entry.
    pub association_id: Uuid,
    pub kind: SanctionKind,
    /// The programme (a course) a programme ban bars; none for the other kinds.
    pub course_id: Option<Uuid>,
    pub starts_on: TimeDate,
    /// Exclusive: the first day the person is admitted again.
    pub ends_on: TimeDate,
    pub rule: SanctionRule,
    pub reason: String,
    /// The name as recorded when the sanction was imposed.
    pub name: String,
    /// HMAC blind index of the national ID number: CR-04's platform-wide check matches on it,
    /// without decrypting anything.
    pub national_id_hash: String,
    pub national_id_masked: String,
    pub recorded_by: Uuid,
    pub recorded_at: TimeDateTimeWithTimeZone,
    /// Set when the association lifts the sanction; a lifted sanction bars nothing.
    pub lifted_at: Option<TimeDateTimeWithTimeZone>,
    pub lifted_by: Option<Uuid>,
    pub lift_reason: Option<String>,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
