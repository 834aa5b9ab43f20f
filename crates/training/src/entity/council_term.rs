use sea_orm::entity::prelude::*;

/// One term of an association's council (理事会届期), the frame of teachers' terms (TR-05).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "council_terms")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub association_id: Uuid,
    pub starts_on: TimeDate,
    /// Inclusive: the day before the fourth anniversary of `starts_on`.
    pub ends_on: TimeDate,
    pub created_by: Uuid,
    pub created_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
