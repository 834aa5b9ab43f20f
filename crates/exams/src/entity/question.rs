use sea_orm::entity::prelude::*;

/// A question; its text lives in versions, and an attempt keeps the version it drew.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "exam_questions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub bank_id: Uuid,
    /// The version new papers draw.
    pub current_version: i32,
    /// A retired question is drawn no more; attempts keep theirs.
    pub retired_at: Option<TimeDateTimeWithTimeZone>,
    pub created_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
