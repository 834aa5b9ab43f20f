use crate::model::SittingStatus;
use sea_orm::entity::prelude::*;

/// An exam sitting of a class: the paper, the online window or the place.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "exam_sittings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub association_id: Uuid,
    pub class_id: Uuid,
    pub course_id: Uuid,
    pub paper_id: Uuid,
    pub title: String,
    /// The online window (or the exam's hours at a place).
    pub opens_at: TimeDateTimeWithTimeZone,
    pub closes_at: TimeDateTimeWithTimeZone,
    pub place: Option<String>,
    pub status: SittingStatus,
    pub created_by: Uuid,
    pub created_at: TimeDateTimeWithTimeZone,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
