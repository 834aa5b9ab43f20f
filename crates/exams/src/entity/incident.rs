use crate::model::{Consequence, IncidentKind};
use sea_orm::entity::prelude::*;

/// Misconduct recorded by a proctor (EX-03..EX-05) and what it led to.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "exam_incidents")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub sitting_id: Uuid,
    pub candidate_id: Uuid,
    pub person_id: Uuid,
    pub kind: IncidentKind,
    pub occurred_at: TimeDateTimeWithTimeZone,
    pub evidence: String,
    pub witness: Option<String>,
    pub consequence: Consequence,
    /// The EX-04/EX-05 sanction in the directory's registry.
    pub sanction_id: Option<Uuid>,
    pub recorded_by: Uuid,
    pub recorded_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
