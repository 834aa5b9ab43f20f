use crate::model::{RequestKind, RequestStatus};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "enrolment_requests")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub enrolment_id: Uuid,
    pub kind: RequestKind,
    pub new_person_id: Option<Uuid>,
    pub reason: String,
    pub status: RequestStatus,
    pub requested_by: Uuid,
    pub requested_at: TimeDateTimeWithTimeZone,
    pub decided_by: Option<Uuid>,
    pub target_class_id: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
