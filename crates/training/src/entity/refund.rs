use crate::model::{RefundGround, RefundStatus};
use sea_orm::entity::prelude::*;

/// A refund and its TR-14 trail: each step's taker (`*_by`) and time (`*_at`), in step order.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "refunds")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub enrolment_id: Uuid,
    pub ground: RefundGround,
    pub reason: String,
    /// Fen to give back.
    pub training_fee: i64,
    pub exam_fee: i64,
    pub status: RefundStatus,
    pub version: i32,
    /// The enrolment's id while the refund is open, NULL once paid or rejected (unique).
    pub open_for: Option<Uuid>,
    pub requested_by: Uuid,
    pub requested_at: TimeDateTimeWithTimeZone,
    pub department_by: Option<Uuid>,
    pub department_at: Option<TimeDateTimeWithTimeZone>,
    pub finance_by: Option<Uuid>,
    pub finance_at: Option<TimeDateTimeWithTimeZone>,
    pub leader_by: Option<Uuid>,
    pub leader_at: Option<TimeDateTimeWithTimeZone>,
    pub paid_by: Option<Uuid>,
    pub paid_at: Option<TimeDateTimeWithTimeZone>,
    pub payout_reference: Option<String>,
    pub rejected_by: Option<Uuid>,
    pub rejected_at: Option<TimeDateTimeWithTimeZone>,
    /// Why the refund was refused (TR-14), once it is.
    pub rejection_reason: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
