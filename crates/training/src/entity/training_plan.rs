use crate::model::PlanStatus;
use sea_orm::entity::prelude::*;

/// An association's training plan for one year (TR-06).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "training_plans")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub association_id: Uuid,
    pub year: i32,
    pub title: String,
    /// The fee publicity (SC-06): a JSON array of `{item, amount, basis, scope}`.
    pub fees: Json,
    pub complaint_phone: String,
    pub status: PlanStatus,
    pub drafted_by: Uuid,
    pub drafted_at: TimeDateTimeWithTimeZone,
    pub published_at: Option<TimeDateTimeWithTimeZone>,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
