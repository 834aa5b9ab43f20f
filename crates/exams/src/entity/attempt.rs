use crate::model::AttemptStatus;
use sea_orm::entity::prelude::*;

/// A candidate's online theory attempt: the server's clock decides its deadline.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "exam_attempts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub sitting_id: Uuid,
    #[sea_orm(unique)]
    pub candidate_id: Uuid,
    pub person_id: Uuid,
    /// The draw's seed: the same pool and seed draw the same paper.
    pub seed: i64,
    pub started_at: TimeDateTimeWithTimeZone,
    /// min(start + duration, window end).
    pub deadline: TimeDateTimeWithTimeZone,
    pub submitted_at: Option<TimeDateTimeWithTimeZone>,
    pub status: AttemptStatus,
    /// Marked at submission.
    pub objective_points: Option<i32>,
    pub max_points: i32,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
