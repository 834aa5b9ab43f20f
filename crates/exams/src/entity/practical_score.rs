use sea_orm::entity::prelude::*;

/// An evaluator's score of one practical station for one candidate, with the TR-19 records.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "exam_practical_scores")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub candidate_id: Uuid,
    pub station: i32,
    pub evaluator_id: Uuid,
    pub points: i32,
    /// Points per checklist item.
    pub checks: Json,
    /// File references (instrument use, process, results, scans).
    pub records: Json,
    pub scored_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
