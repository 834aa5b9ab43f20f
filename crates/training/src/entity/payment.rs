use crate::model::PaymentPurpose;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "payments")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub enrolment_id: Uuid,
    pub purpose: PaymentPurpose,
    /// The exam sitting a retake fee is for (exams' id, kept as a reference).
    pub sitting_id: Option<Uuid>,
    pub training_fee: i64,
    pub exam_fee: i64,
    pub payer: String,
    pub method: String,
    pub receipt_no: String,
    pub recorded_by: Uuid,
    pub at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
