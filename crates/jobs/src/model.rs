//! The vocabulary of jobs: their states, what a kind hands back, the progress it publishes and
//! the view a submitter reads.

use kernel::{Actor, Role};
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::sync::atomic::{AtomicU64, Ordering};
use time::OffsetDateTime;
use utoipa::ToSchema;
use uuid::Uuid;

/// Where a job is in its life. `queued` → `running` → `succeeded` or `failed`; a running job
/// whose lease lapsed (its process died) is `running` until another runner takes it over, and a
/// job that met a passing fault goes back to `queued` with a later `run_at`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum, Serialize, Deserialize, ToSchema,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum JobState {
    /// Its file is still arriving (an upload being stored part by part): not yet due.
    #[sea_orm(string_value = "receiving")]
    Receiving,
    #[sea_orm(string_value = "queued")]
    Queued,
    #[sea_orm(string_value = "running")]
    Running,
    #[sea_orm(string_value = "succeeded")]
    Succeeded,
    #[sea_orm(string_value = "failed")]
    Failed,
}

/// Why a job failed, for the submitter: a stable `code` (the problem type a synchronous request
/// would have answered with, e.g. `import-rejected`, `unsupported-file`, `internal`) and a
/// sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct JobError {
    pub code: String,
    pub detail: String,
}

impl JobError {
    pub fn new(code: &str, detail: impl Into<String>) -> Self {
        JobError {
            code: code.to_owned(),
            detail: detail.into(),
        }
    }
}

/// What a kind's handler hands back when it ends.
#[derive(Debug)]
pub enum Outcome {
    /// Done. A kind whose effect is written in a transaction completes the job inside that
    /// transaction instead ([`crate::Running::complete`]) and returns this with the same report.
    Succeeded(Value),
    /// Refused for a reason a retry cannot change (bad rows, an unreadable file, a right the
    /// submitter no longer holds); `report` is what the submitter reads, e.g. the rejected rows.
    Failed {
        report: Option<Value>,
        error: JobError,
    },
    /// A fault that may pass (the database went away): the job is queued again after a pause,
    /// up to [`crate::MAX_ATTEMPTS`] attempts.
    Retry(String),
}

/// How far a running job got, counted by its handler and written to the job's row by the
/// runner about once a second (with the lease). What a unit is belongs to the kind: rows of a
/// sheet read and checked, then rows written.
#[derive(Debug, Default)]
pub struct Progress {
    pub checked: AtomicU64,
    pub written: AtomicU64,
}

impl Progress {
    pub fn add_checked(&self, n: u64) {
        self.checked.fetch_add(n, Ordering::Relaxed);
    }

    pub fn add_written(&self, n: u64) {
        self.written.fetch_add(n, Ordering::Relaxed);
    }

    /// (checked, written) now.
    pub fn snapshot(&self) -> (u64, u64) {
        (
            self.checked.load(Ordering::Relaxed),
            self.written.load(Ordering::Relaxed),
        )
    }
}

/// A job to queue.
#[derive(Debug, Clone)]
pub struct NewJob {
    /// The kind's name, e.g. `persons.import`; a runner takes only kinds it has a handler for.
    pub kind: &'static str,
    /// The tenant the job works for (who besides the submitter may follow it).
    pub organization_id: Option<Uuid>,
    /// The actor who asked for it; `None` for jobs the platform schedules itself.
    pub submitted_by: Option<Uuid>,
    /// The kind's arguments.
    pub payload: Value,
    /// When it becomes due: now, or a deadline (an exam's automatic submission).
    pub run_at: OffsetDateTime,
}

/// A job as its submitter reads it (`GET /jobs/{id}`).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Job {
    pub id: Uuid,
    /// e.g. `persons.import`.
    pub kind: String,
    pub state: JobState,
    /// Units read and checked so far (rows of a sheet).
    pub rows_checked: u64,
    /// Units written so far. A kind that writes everything in one transaction (the person
    /// import) makes them visible to others only at its commit.
    pub rows_written: u64,
    /// Runs started, counting runs taken over from a process that died.
    pub attempts: u32,
    #[serde(with = "kernel::utc")]
    pub submitted_at: OffsetDateTime,
    #[serde(with = "kernel::utc::option")]
    pub started_at: Option<OffsetDateTime>,
    #[serde(with = "kernel::utc::option")]
    pub finished_at: Option<OffsetDateTime>,
    /// The kind's report once the job has ended. `persons.import`: an `ImportReport`
    /// (persons imported and every rejected row with its line, column and reason) — also when
    /// the import failed because of rejected rows.
    #[schema(value_type = Option<Object>)]
    pub report: Option<Value>,
    /// Why the job failed.
    pub error: Option<JobError>,
    #[serde(skip)]
    pub organization_id: Option<Uuid>,
    #[serde(skip)]
    pub submitted_by: Option<Uuid>,
}

/// Roles that follow the jobs submitted for their organization, besides the submitter: the
/// people who manage it (the same roles that may import its persons or enrol its staff).
pub const FOLLOWERS: [Role; 6] = [
    Role::AssociationAdmin,
    Role::AssociationStaff,
    Role::InstitutionAdmin,
    Role::EnterpriseOfficer,
    Role::EnterpriseManager,
    Role::SubcentreAdmin,
];

impl Job {
    /// Who may read a job: its submitter, the platform administrator, and whoever manages the
    /// organization it was submitted for. Anyone else is told it does not exist.
    pub fn visible_to(&self, actor: &Actor) -> bool {
        self.submitted_by == Some(actor.id())
            || actor.is_platform_admin()
            || self
                .organization_id
                .is_some_and(|org| FOLLOWERS.iter().any(|r| actor.has_role_in(org, *r)))
    }

    /// True once the job has ended, either way.
    pub fn ended(&self) -> bool {
        matches!(self.state, JobState::Succeeded | JobState::Failed)
    }
}

/// The organization a job submitted by `actor` works for: the first where the actor holds a
/// managing role, else the first of theirs.
pub fn submitting_org(actor: &Actor) -> Option<Uuid> {
    actor
        .memberships
        .iter()
        .find(|m| m.roles.iter().any(|r| FOLLOWERS.contains(r)))
        .or(actor.memberships.first())
        .map(|m| m.organization_id)
}
