use crate::model::Outcome;
use sea_orm::entity::prelude::*;

/// A trainee's result, entered by association staff until the exams domain feeds them.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "class_results")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub class_id: Uuid,
    pub enrolment_id: Uuid,
    pub person_id: Uuid,
    /// 0–100.
    pub score: i32,
    pub outcome: Outcome,
    pub recorded_by: Uuid,
    pub recorded_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
