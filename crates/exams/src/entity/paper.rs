use crate::model::{BookMode, PaperMode};
use sea_orm::entity::prelude::*;

/// A paper (EX-01): theory questions, fixed or drawn per candidate, and the practical stations.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "exam_papers")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub bank_id: Uuid,
    /// The bank's owner (EX-09).
    pub owner_id: Uuid,
    pub title: String,
    /// The programme (course) it examines.
    pub course_id: Option<Uuid>,
    pub book: BookMode,
    pub mode: PaperMode,
    pub duration_minutes: i32,
    /// Out of 100 (the theory score is scaled to 100).
    pub pass_mark: i32,
    /// A drawn paper's rows (`crate::papers::BlueprintRow`).
    pub blueprint: Json,
    /// The practical part (`crate::papers::Station`); empty: theory only.
    pub stations: Json,
    /// Short answers marked by two evaluators.
    /// A skill-level exam (技能等级考试): no free retake (EX-02).
    pub skill_level: bool,
    pub double_marking: bool,
    /// Points two markers may differ by before a third marks.
    pub tolerance: i32,
    pub created_by: Uuid,
    pub created_at: TimeDateTimeWithTimeZone,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
