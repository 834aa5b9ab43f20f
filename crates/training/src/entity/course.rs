use crate::model::{Delivery, SubjectKind, Topic};
use kernel::equipment::EquipmentCategory;
use kernel::state::StateList;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "courses")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub association_id: Uuid,
    pub name: String,
    pub subject_kind: SubjectKind,
    pub topic: Topic,
    /// Equipment categories (TR-02), stored comma-separated.
    pub equipment_categories: StateList<EquipmentCategory>,
    pub delivery: Delivery,
    pub theory_hours: i32,
    pub practical_hours: i32,
    pub created_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
