use kernel::equipment::EquipmentCategory;
use sea_orm::entity::prelude::*;

/// An accident case of an association's library (TR-03).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "accident_cases")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub association_id: Uuid,
    pub title: String,
    pub occurred_on: TimeDate,
    pub equipment_category: EquipmentCategory,
    pub summary: String,
    pub lessons: String,
    pub created_by: Uuid,
    pub created_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
