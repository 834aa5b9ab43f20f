use sea_orm::entity::prelude::*;

/// One trainee's record of one practical session (TR-19).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "practical_records")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub class_id: Uuid,
    pub session_id: Uuid,
    pub enrolment_id: Uuid,
    pub person_id: Uuid,
    /// The instrument or equipment used (仪器使用记录).
    pub instrument: String,
    /// The operating process (操作过程).
    pub process: String,
    /// The result (结果记录).
    pub result: String,
    /// Media type of the uploaded answer sheet (答题卡), if any.
    pub answer_sheet_type: Option<String>,
    /// Where the answer sheet is stored, relative to the data directory.
    pub answer_sheet_stored_as: Option<String>,
    pub recorded_by: Uuid,
    pub recorded_at: TimeDateTimeWithTimeZone,
    pub updated_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
