use crate::model::QuestionKind;
use sea_orm::entity::prelude::*;

/// One version of a question: an edit writes a new one, never changes an old one.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "exam_question_versions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub question_id: Uuid,
    pub bank_id: Uuid,
    pub version: i32,
    pub kind: QuestionKind,
    pub stem: String,
    /// The choices of a choice question, in order (JSON array of text).
    pub options: Json,
    /// The key (`crate::banks::Key` as JSON).
    pub answer_key: Json,
    /// Default points on a paper.
    pub points: i32,
    /// For a blueprint to draw by.
    pub topic: String,
    /// 1 (easy) to 5.
    pub difficulty: i32,
    pub created_by: Uuid,
    pub created_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
