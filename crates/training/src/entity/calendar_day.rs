use crate::model::DayKind;
use sea_orm::entity::prelude::*;

/// A day the working-day calendar treats differently from its weekday.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "calendar_days")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// `platform` or the association's id: an association's entry overrides the platform's.
    pub scope: String,
    pub day: TimeDate,
    pub kind: DayKind,
    pub name: String,
    pub created_by: Uuid,
    pub created_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
