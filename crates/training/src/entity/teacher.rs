use crate::model::{DismissalKind, TeacherStatus};
use sea_orm::entity::prelude::*;

/// A part-time teacher in an association's pool (TR-04, TR-05).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "teachers")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub association_id: Uuid,
    pub person_id: Uuid,
    pub name: String,
    pub subjects: Option<String>,
    /// Never `term_ended`: an active teacher past `term_ends_on` is reported as such.
    pub status: TeacherStatus,
    pub term_starts_on: Option<TimeDate>,
    pub term_ends_on: Option<TimeDate>,
    pub dismissal_reason: Option<String>,
    pub dismissal_kind: Option<DismissalKind>,
    pub dismissed_at: Option<TimeDateTimeWithTimeZone>,
    pub version: i32,
    pub created_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
