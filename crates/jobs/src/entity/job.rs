use crate::model::JobState;
use sea_orm::entity::prelude::*;

/// One job: what to do (`kind`, `payload`), for whom (`organization_id`, `submitted_by`),
/// when (`run_at`), who holds it (`claim`, `held_by`, `lease_until`) and how far it got.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "jobs")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub kind: String,
    pub state: JobState,
    pub organization_id: Option<Uuid>,
    pub submitted_by: Option<Uuid>,
    pub payload: Json,
    pub run_at: TimeDateTimeWithTimeZone,
    /// Set when a runner takes the job; every later write by that runner names it, so a runner
    /// whose lease was taken over cannot overwrite the one that holds the job now.
    pub claim: Option<Uuid>,
    /// The process holding the job (host and pid), for people reading the table.
    pub held_by: Option<String>,
    pub lease_until: Option<TimeDateTimeWithTimeZone>,
    pub attempts: i32,
    pub rows_checked: i64,
    pub rows_written: i64,
    pub report: Option<Json>,
    pub error: Option<Json>,
    pub submitted_at: TimeDateTimeWithTimeZone,
    pub started_at: Option<TimeDateTimeWithTimeZone>,
    pub finished_at: Option<TimeDateTimeWithTimeZone>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
