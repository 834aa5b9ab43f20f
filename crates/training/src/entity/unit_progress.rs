use sea_orm::entity::prelude::*;

/// A person's progress through one online unit.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "unit_progress")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub unit_id: Uuid,
    pub person_id: Uuid,
    /// Never decreases.
    pub seconds_watched: i32,
    /// Set once, when the seconds watched first reach the unit's duration.
    pub completed_at: Option<TimeDateTimeWithTimeZone>,
    pub updated_at: TimeDateTimeWithTimeZone,
    /// When the person first reported progress on the unit (server clock, TR-03). Null on rows
    /// from before m0020.
    pub started_at: Option<TimeDateTimeWithTimeZone>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
