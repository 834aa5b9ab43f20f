use crate::model::EnrolmentStatus;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "enrolments")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub class_id: Uuid,
    pub person_id: Uuid,
    /// The sending enterprise; None when the person enrolled themself.
    pub enterprise_id: Option<Uuid>,
    pub status: EnrolmentStatus,
    pub submitted_by: Option<Uuid>,
    pub approved_by: Option<Uuid>,
    pub confirmed_by: Option<Uuid>,
    pub version: i32,
    /// Fen recorded by finance (TR-09), and fen paid back (TR-12..TR-15); the second never
    /// exceeds the first.
    pub paid_total: i64,
    pub refunded_total: i64,
    /// Why the training manager returned it (TR-07, TR-08); cleared on resubmission.
    pub return_reason: Option<String>,
    /// When it joined its class's waiting list, while it is waitlisted: the list is served in
    /// this order (then by id).
    pub waitlisted_at: Option<TimeDateTimeWithTimeZone>,
    pub created_at: TimeDateTimeWithTimeZone,
    pub updated_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
