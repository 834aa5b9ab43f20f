use kernel::equipment::EquipmentCategory;
use sea_orm::entity::prelude::*;

/// A question bank (EX-09): owned by one exam body, confidential to its exam officers and admins.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "exam_banks")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The exam body (an association, a training centre, a sub-centre, an exam body).
    pub owner_id: Uuid,
    pub name: String,
    /// The subject as the exam body names it (e.g. 法律法规): a label, not a closed set.
    pub topic: String,
    /// TR-02 category code, when the bank is for one.
    pub equipment_category: Option<EquipmentCategory>,
    pub level: Option<String>,
    pub created_by: Uuid,
    pub created_at: TimeDateTimeWithTimeZone,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
