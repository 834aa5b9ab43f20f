//! The queue's statements: queue a job inside the caller's transaction, claim a due one with a
//! lease, renew the lease with the progress, end the job. Every write by a runner names its
//! claim, so a runner that lost its lease (its process stalled past it and another took the
//! job over) changes nothing.

use crate::entity::{job, job_input_part};
use crate::model::{Job, JobError, JobState, NewJob, Outcome, Progress};
use kernel::db::begin_write;
use sea_orm::sea_query::{Expr, LockBehavior, LockType};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DbBackend,
    DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde_json::Value;
use std::sync::Arc;
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

/// How long a runner holds a job without renewing; it renews about once a second, so a job is
/// taken over about a minute after its process died.
pub const LEASE: Duration = Duration::seconds(60);
/// Runs a job gets: a job whose runs all died or met a passing fault is failed (a job that
/// kills its process must not kill every process in turn).
pub const MAX_ATTEMPTS: i32 = 3;
/// Pause before a job that met a passing fault runs again, times the attempts so far.
const RETRY_AFTER: Duration = Duration::seconds(30);
/// How long an upload may take to arrive: a job still `receiving` after this is failed by the
/// next runner that looks (its uploader's connection or process died mid-file).
pub const RECEIVE_WITHIN: Duration = Duration::minutes(30);
/// The size of the parts an upload is stored in.
pub const PART_SIZE: usize = 1 << 20;

/// Queues a job inside the caller's transaction: it exists exactly when the change that asked
/// for it commits.
pub async fn enqueue<C: ConnectionTrait>(
    conn: &C,
    now: OffsetDateTime,
    new: NewJob,
) -> Result<Uuid, DbErr> {
    insert(conn, now, new, JobState::Queued, None).await
}

/// Opens a job whose file is still to arrive (`receiving`): no runner takes it until
/// [`release`]; give it its file with [`store_part`], part by part as the upload arrives. One
/// the upload never completes is failed [`RECEIVE_WITHIN`] after it was opened, or deleted at
/// once with [`abandon`].
pub async fn receive<C: ConnectionTrait>(
    conn: &C,
    now: OffsetDateTime,
    new: NewJob,
) -> Result<Uuid, DbErr> {
    insert(
        conn,
        now,
        new,
        JobState::Receiving,
        Some(now + RECEIVE_WITHIN),
    )
    .await
}

/// Stores part `part` (from 0) of the file of a `receiving` job.
pub async fn store_part<C: ConnectionTrait>(
    conn: &C,
    job_id: Uuid,
    part: i32,
    content: Vec<u8>,
) -> Result<(), DbErr> {
    job_input_part::ActiveModel {
        job_id: Set(job_id),
        part: Set(part),
        content: Set(content),
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// Makes a `receiving` job due now that its file is whole. False when it is no longer
/// receiving (it waited past [`RECEIVE_WITHIN`] and was failed).
pub async fn release<C: ConnectionTrait>(
    conn: &C,
    job_id: Uuid,
    now: OffsetDateTime,
) -> Result<bool, DbErr> {
    let r = job::Entity::update_many()
        .col_expr(job::Column::State, Expr::value(JobState::Queued))
        .col_expr(job::Column::RunAt, Expr::value(now))
        .col_expr(job::Column::LeaseUntil, Expr::value(None::<OffsetDateTime>))
        .filter(job::Column::Id.eq(job_id))
        .filter(job::Column::State.eq(JobState::Receiving))
        .exec(conn)
        .await?;
    Ok(r.rows_affected == 1)
}

/// Deletes a `receiving` job and what arrived of its file (the upload was refused or broke
/// off).
pub async fn abandon<C: ConnectionTrait>(conn: &C, job_id: Uuid) -> Result<(), DbErr> {
    job_input_part::Entity::delete_many()
        .filter(job_input_part::Column::JobId.eq(job_id))
        .exec(conn)
        .await?;
    job::Entity::delete_many()
        .filter(job::Column::Id.eq(job_id))
        .filter(job::Column::State.eq(JobState::Receiving))
        .exec(conn)
        .await?;
    Ok(())
}

async fn insert<C: ConnectionTrait>(
    conn: &C,
    now: OffsetDateTime,
    new: NewJob,
    state: JobState,
    lease_until: Option<OffsetDateTime>,
) -> Result<Uuid, DbErr> {
    let id = Uuid::now_v7();
    job::ActiveModel {
        id: Set(id),
        kind: Set(new.kind.to_owned()),
        state: Set(state),
        organization_id: Set(new.organization_id),
        submitted_by: Set(new.submitted_by),
        payload: Set(new.payload),
        run_at: Set(new.run_at),
        claim: Set(None),
        held_by: Set(None),
        lease_until: Set(lease_until),
        attempts: Set(0),
        rows_checked: Set(0),
        rows_written: Set(0),
        report: Set(None),
        error: Set(None),
        submitted_at: Set(now),
        started_at: Set(None),
        finished_at: Set(None),
    }
    .insert(conn)
    .await?;
    Ok(id)
}

/// Part `part` of a job's file; `None` past its last part.
pub async fn input_part<C: ConnectionTrait>(
    conn: &C,
    job_id: Uuid,
    part: i32,
) -> Result<Option<Vec<u8>>, DbErr> {
    Ok(job_input_part::Entity::find_by_id((job_id, part))
        .one(conn)
        .await?
        .map(|p| p.content))
}

/// Deletes a job's file.
async fn drop_input<C: ConnectionTrait>(conn: &C, job_id: Uuid) -> Result<(), DbErr> {
    job_input_part::Entity::delete_many()
        .filter(job_input_part::Column::JobId.eq(job_id))
        .exec(conn)
        .await?;
    Ok(())
}

/// One job as its submitter reads it (callers check [`Job::visible_to`]).
pub async fn find<C: ConnectionTrait>(conn: &C, id: Uuid) -> Result<Option<Job>, DbErr> {
    Ok(job::Entity::find_by_id(id).one(conn).await?.map(view))
}

fn view(m: job::Model) -> Job {
    Job {
        id: m.id,
        kind: m.kind,
        state: m.state,
        rows_checked: u64::try_from(m.rows_checked).unwrap_or(0),
        rows_written: u64::try_from(m.rows_written).unwrap_or(0),
        attempts: u32::try_from(m.attempts).unwrap_or(0),
        submitted_at: m.submitted_at,
        started_at: m.started_at,
        finished_at: m.finished_at,
        report: m.report,
        error: m.error.and_then(|e| serde_json::from_value(e).ok()),
        organization_id: m.organization_id,
        submitted_by: m.submitted_by,
    }
}

/// A job a runner holds: what its handler needs, and the claim every write names.
#[derive(Debug, Clone)]
pub struct Claimed {
    pub id: Uuid,
    pub kind: String,
    pub payload: Value,
    pub organization_id: Option<Uuid>,
    pub submitted_by: Option<Uuid>,
    /// Runs started, this one included.
    pub attempts: i32,
    pub claim: Uuid,
}

/// A claimed job while its handler runs: the claim and the progress the runner publishes.
#[derive(Debug, Clone)]
pub struct Running {
    pub job: Claimed,
    pub progress: Arc<Progress>,
}

impl Running {
    /// Ends the job as succeeded inside the caller's transaction, so that the job's effect and
    /// its end commit together: a process dying between the two cannot leave the effect
    /// written and the job due again. False when this runner no longer holds the job (the
    /// caller must roll back).
    pub async fn complete<C: ConnectionTrait>(
        &self,
        conn: &C,
        now: OffsetDateTime,
        report: Value,
    ) -> Result<bool, DbErr> {
        end(
            conn,
            &self.job,
            now,
            JobState::Succeeded,
            Some(report),
            None,
            &self.progress,
        )
        .await
    }
}

/// Jobs that are due: queued and at or past their time, running on a lease that lapsed (the
/// runner's process died or stalled), or receiving a file past [`RECEIVE_WITHIN`] (to be
/// failed).
fn due(now: OffsetDateTime, kinds: &[&str]) -> Condition {
    Condition::all()
        .add(job::Column::Kind.is_in(kinds.iter().copied()))
        .add(
            Condition::any()
                .add(
                    Condition::all()
                        .add(job::Column::State.eq(JobState::Queued))
                        .add(job::Column::RunAt.lte(now)),
                )
                .add(
                    Condition::all()
                        .add(job::Column::State.is_in([JobState::Running, JobState::Receiving]))
                        .add(job::Column::LeaseUntil.lt(now)),
                ),
        )
}

/// Takes the oldest due job of one of `kinds` for a runner: it is `running` under a new claim
/// and a lease of [`LEASE`]. A plain read first, so an idle process does not take SQLite's
/// write lock once a second; then, in one write transaction, the candidate is read again
/// (`FOR UPDATE SKIP LOCKED` on PostgreSQL, so runners in other processes skip it rather than
/// wait for it) and claimed. A job already run [`MAX_ATTEMPTS`] times is failed instead.
/// Public so that a test can play a runner that dies holding a job.
pub async fn claim(
    db: &DatabaseConnection,
    now: OffsetDateTime,
    kinds: &[&str],
    held_by: &str,
) -> Result<Option<Claimed>, DbErr> {
    if kinds.is_empty() {
        return Ok(None);
    }
    loop {
        let any = job::Entity::find()
            .select_only()
            .column(job::Column::Id)
            .filter(due(now, kinds))
            .limit(1)
            .into_tuple::<Uuid>()
            .one(db)
            .await?;
        if any.is_none() {
            return Ok(None);
        }
        let txn = begin_write(db).await?;
        let mut q = job::Entity::find()
            .filter(due(now, kinds))
            .order_by_asc(job::Column::RunAt)
            .order_by_asc(job::Column::Id)
            .limit(1);
        if txn.get_database_backend() == DbBackend::Postgres {
            q = q.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
        }
        let Some(m) = q.one(&txn).await? else {
            txn.commit().await?;
            return Ok(None);
        };
        let given_up = if m.state == JobState::Receiving {
            Some(JobError::new(
                "upload-incomplete",
                "the uploaded file never arrived whole",
            ))
        } else if m.attempts >= MAX_ATTEMPTS {
            Some(JobError::new(
                "internal",
                format!(
                    "the job was interrupted {} times and is given up",
                    m.attempts
                ),
            ))
        } else {
            None
        };
        if let Some(error) = given_up {
            job::Entity::update_many()
                .col_expr(job::Column::State, Expr::value(JobState::Failed))
                .col_expr(job::Column::Error, Expr::value(to_json(&error)))
                .col_expr(job::Column::FinishedAt, Expr::value(now))
                .col_expr(job::Column::LeaseUntil, Expr::value(None::<OffsetDateTime>))
                .filter(job::Column::Id.eq(m.id))
                .exec(&txn)
                .await?;
            drop_input(&txn, m.id).await?;
            txn.commit().await?;
            tracing::warn!(job = %m.id, kind = %m.kind, "job given up ({})", error.detail);
            continue;
        }
        let claim = Uuid::new_v4();
        job::Entity::update_many()
            .col_expr(job::Column::State, Expr::value(JobState::Running))
            .col_expr(job::Column::Claim, Expr::value(claim))
            .col_expr(job::Column::HeldBy, Expr::value(held_by))
            .col_expr(job::Column::LeaseUntil, Expr::value(now + LEASE))
            .col_expr(job::Column::Attempts, Expr::value(m.attempts + 1))
            .col_expr(
                job::Column::StartedAt,
                Expr::value(m.started_at.unwrap_or(now)),
            )
            .filter(job::Column::Id.eq(m.id))
            .exec(&txn)
            .await?;
        txn.commit().await?;
        return Ok(Some(Claimed {
            id: m.id,
            kind: m.kind,
            payload: m.payload,
            organization_id: m.organization_id,
            submitted_by: m.submitted_by,
            attempts: m.attempts + 1,
            claim,
        }));
    }
}

/// The holder's writes: only while it still holds the job.
fn held(job: &Claimed) -> Condition {
    Condition::all()
        .add(job::Column::Id.eq(job.id))
        .add(job::Column::Claim.eq(job.claim))
        .add(job::Column::State.eq(JobState::Running))
}

fn count(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn to_json(e: &JobError) -> Value {
    serde_json::to_value(e).unwrap_or(Value::Null)
}

/// Extends the lease and records the progress. False when the runner no longer holds the job.
pub(crate) async fn renew(
    db: &DatabaseConnection,
    job: &Claimed,
    now: OffsetDateTime,
    progress: &Progress,
) -> Result<bool, DbErr> {
    let (checked, written) = progress.snapshot();
    let r = job::Entity::update_many()
        .col_expr(job::Column::LeaseUntil, Expr::value(now + LEASE))
        .col_expr(job::Column::RowsChecked, Expr::value(count(checked)))
        .col_expr(job::Column::RowsWritten, Expr::value(count(written)))
        .filter(held(job))
        .exec(db)
        .await?;
    Ok(r.rows_affected == 1)
}

/// Ends the job (succeeded or failed) with its report, error and final progress, and deletes
/// its input. False when the runner no longer holds it.
async fn end<C: ConnectionTrait>(
    conn: &C,
    job: &Claimed,
    now: OffsetDateTime,
    state: JobState,
    report: Option<Value>,
    error: Option<JobError>,
    progress: &Progress,
) -> Result<bool, DbErr> {
    let (checked, written) = progress.snapshot();
    let r = job::Entity::update_many()
        .col_expr(job::Column::State, Expr::value(state))
        .col_expr(job::Column::Report, Expr::value(report))
        .col_expr(job::Column::Error, Expr::value(error.as_ref().map(to_json)))
        .col_expr(job::Column::RowsChecked, Expr::value(count(checked)))
        .col_expr(job::Column::RowsWritten, Expr::value(count(written)))
        .col_expr(job::Column::FinishedAt, Expr::value(now))
        .col_expr(job::Column::LeaseUntil, Expr::value(None::<OffsetDateTime>))
        .filter(held(job))
        .exec(conn)
        .await?;
    if r.rows_affected != 1 {
        return Ok(false);
    }
    drop_input(conn, job.id).await?;
    Ok(true)
}

/// Records how a run ended, in its own transaction. A job its handler already completed in
/// the transaction of its effect is left as it is (no longer running under this claim).
pub(crate) async fn finish(
    db: &DatabaseConnection,
    running: &Running,
    now: OffsetDateTime,
    outcome: Outcome,
) -> Result<bool, DbErr> {
    let job = &running.job;
    let txn = begin_write(db).await?;
    let done = match outcome {
        Outcome::Succeeded(report) => {
            end(
                &txn,
                job,
                now,
                JobState::Succeeded,
                Some(report),
                None,
                &running.progress,
            )
            .await?
        }
        Outcome::Failed { report, error } => {
            end(
                &txn,
                job,
                now,
                JobState::Failed,
                report,
                Some(error),
                &running.progress,
            )
            .await?
        }
        Outcome::Retry(why) if job.attempts >= MAX_ATTEMPTS => {
            let error = JobError::new(
                "internal",
                format!("gave up after {} attempts: {why}", job.attempts),
            );
            end(
                &txn,
                job,
                now,
                JobState::Failed,
                None,
                Some(error),
                &running.progress,
            )
            .await?
        }
        Outcome::Retry(why) => {
            let error = JobError::new("internal", why);
            let r = job::Entity::update_many()
                .col_expr(job::Column::State, Expr::value(JobState::Queued))
                .col_expr(
                    job::Column::RunAt,
                    Expr::value(now + RETRY_AFTER * job.attempts),
                )
                .col_expr(job::Column::Claim, Expr::value(None::<Uuid>))
                .col_expr(job::Column::HeldBy, Expr::value(None::<String>))
                .col_expr(job::Column::LeaseUntil, Expr::value(None::<OffsetDateTime>))
                .col_expr(job::Column::RowsChecked, Expr::value(0i64))
                .col_expr(job::Column::RowsWritten, Expr::value(0i64))
                .col_expr(job::Column::Error, Expr::value(to_json(&error)))
                .filter(held(job))
                .exec(&txn)
                .await?;
            r.rows_affected == 1
        }
    };
    txn.commit().await?;
    Ok(done)
}
