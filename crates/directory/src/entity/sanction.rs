use crate::model::{SanctionKind, SanctionRule};
use sea_orm::entity::prelude::*;

/// A ban recorded against a person by an association (EX-04, EX-05).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "sanctions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub person_id: Uuid,
    /// The association whose training and exams the sanction bars.
    pub association_id: Uuid,
    pub kind: SanctionKind,
    /// The programme (a course) a programme ban bars; none for an association ban.
    pub course_id: Option<Uuid>,
    pub starts_on: TimeDate,
    /// Exclusive: the first day the person is admitted again.
    pub ends_on: TimeDate,
    pub rule: SanctionRule,
    pub reason: String,
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
