use crate::model::Duty;
use sea_orm::entity::prelude::*;

/// A person assigned to a sitting as setter, proctor or evaluator (EX-06..EX-08).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "exam_staff")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub sitting_id: Uuid,
    pub person_id: Uuid,
    /// The account the person acts through.
    pub user_id: Uuid,
    pub duty: Duty,
    pub assigned_by: Uuid,
    pub assigned_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
