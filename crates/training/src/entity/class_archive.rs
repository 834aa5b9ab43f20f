use sea_orm::entity::prelude::*;

/// A class whose results are out: its archive clock runs (TR-18).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "class_archives")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub class_id: Uuid,
    /// The Asia/Shanghai day results came out; TR-18 counts five working days from it.
    pub results_out_on: TimeDate,
    pub released_by: Uuid,
    pub released_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
