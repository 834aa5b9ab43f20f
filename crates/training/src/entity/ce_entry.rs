use crate::model::{CeSource, CeTopic};
use sea_orm::entity::prelude::*;

/// Continuing-education hours recorded by association staff (CE-03).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "ce_entries")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub person_id: Uuid,
    pub association_id: Uuid,
    pub source: CeSource,
    /// For association sessions only.
    pub topic: Option<CeTopic>,
    pub title: String,
    pub hours: i32,
    pub held_on: TimeDate,
    pub recorded_by: Uuid,
    pub recorded_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
