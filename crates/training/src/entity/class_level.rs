use crate::model::ClassLevel;
use sea_orm::entity::prelude::*;

/// The skill level a class trains for, when it has one.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "class_levels")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub class_id: Uuid,
    /// Never `none` (TR-20): no row means no level.
    pub level: ClassLevel,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
