use crate::model::ExamOutcome;
use sea_orm::entity::prelude::*;

/// A candidate's result at a sitting: what training and certification read.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "exam_results")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub sitting_id: Uuid,
    #[sea_orm(unique)]
    pub candidate_id: Uuid,
    pub enrolment_id: Uuid,
    pub person_id: Uuid,
    pub association_id: Uuid,
    pub course_id: Uuid,
    /// 0–100.
    pub theory_score: i32,
    /// 0–100; none without stations.
    pub practical_score: Option<i32>,
    pub outcome: ExamOutcome,
    pub attempt_no: i32,
    pub published_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
