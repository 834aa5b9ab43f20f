use crate::model::ClassStatus;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "classes")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub association_id: Uuid,
    pub course_id: Uuid,
    pub name: String,
    pub starts_at: TimeDateTimeWithTimeZone,
    pub ends_at: TimeDateTimeWithTimeZone,
    pub venue: Option<String>,
    pub online_link: Option<String>,
    pub capacity: i32,
    /// Confirmed seats; only ever raised by a conditional update below capacity.
    pub seats_taken: i32,
    /// Fees in fen (0.01 CNY), published separately (SC-06).
    pub training_fee: i64,
    pub exam_fee: i64,
    pub status: ClassStatus,
    /// The user who signs trainees in and approves their leave.
    pub head_teacher_id: Option<Uuid>,
    pub created_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
