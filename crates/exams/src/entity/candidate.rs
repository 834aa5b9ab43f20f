use sea_orm::entity::prelude::*;

/// A trainee on a sitting's roster (EX-11).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "exam_candidates")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub sitting_id: Uuid,
    pub enrolment_id: Uuid,
    pub person_id: Uuid,
    /// 1 for a first sitting, 2 for the first retake (EX-02).
    pub attempt_no: i32,
    /// EX-02: this retake needs a new exam fee.
    pub fee_due: bool,
    /// When finance recorded the retake's exam fee (EX-02), with the receipt.
    pub fee_paid_at: Option<TimeDateTimeWithTimeZone>,
    pub fee_receipt_no: Option<String>,
    /// The fee ledger's row of the retake fee (training's `payments`).
    pub fee_payment_id: Option<Uuid>,
    pub seat: Option<i32>,
    /// The evaluator (a person) who marks and scores this candidate.
    pub evaluator_id: Option<Uuid>,
    pub second_evaluator_id: Option<Uuid>,
    pub third_evaluator_id: Option<Uuid>,
    pub signed_in_at: Option<TimeDateTimeWithTimeZone>,
    pub registered_by: Uuid,
    pub registered_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
