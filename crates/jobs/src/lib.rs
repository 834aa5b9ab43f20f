//! Background jobs: work that outlives the request that asked for it (a 100,000-row import)
//! or that is due at a time (an exam's automatic submission at its deadline, a reminder).
//!
//! A job is a row in `jobs` (SQLite and PostgreSQL alike): its kind, its arguments, the tenant
//! it works for, its state (`queued`, `running`, `succeeded`, `failed`), its progress and, at the
//! end, its report or error. Any server process may run any job: each runs a [`Runner`] that
//! claims a due job with a lease (`FOR UPDATE SKIP LOCKED` on PostgreSQL, SQLite's one writer),
//! renews the lease with the progress about once a second while the handler works, and records
//! the end. A job whose process died keeps its lapsed lease and is taken over by the next
//! runner that looks ([`queue::LEASE`], one minute); a job that dies [`MAX_ATTEMPTS`] times is
//! failed rather than tried forever. Time is the platform's [`kernel::Clock`], so tests move
//! past a lease or a deadline with the settable clock and run due jobs with [`Runner::tick`].
//! Why this is not apalis: decision 140 in docs/DECISIONS.md.
//!
//! # Adding a job kind (enrolment sheets, question banks, certificate batches, reminders …)
//! 1. In the owning domain, name the kind (`pub const KIND: &str = "exams.auto_submit"`) and
//!    queue it with [`enqueue`] *inside the transaction of the change that asks for it* (the
//!    upload's request, the attempt that starts the exam clock): the job exists exactly when
//!    that change commits. Give `run_at` for a timed job (the attempt's deadline) and the
//!    tenant and submitter for [`Job::visible_to`]. A bulk job reads an uploaded file: open
//!    it with [`receive`], store the upload with [`store_part`] as it arrives (the API's
//!    `request::store_upload` does both ends), then [`release`] it.
//! 2. Implement [`Handler`] for it in the domain: read `payload` (and its file through an
//!    [`InputReader`], on a blocking thread), do the work,
//!    count rows in `running.progress`, and return an [`Outcome`]: `Failed` for what a retry
//!    cannot change (with the per-row report), `Retry` for a passing fault. If the work is one
//!    transaction, end the job inside it with [`Running::complete`] — then a crash between the
//!    commit and the bookkeeping cannot run it twice. Otherwise make the handler idempotent
//!    (a deadline job checks that the attempt is still open): a job taken over from a dead
//!    process runs again from its start.
//! 3. Register the handler in `server::jobs::runner` (one line); the submitter's endpoint answers
//!    `202 Accepted` with the job and `Location: /api/v1/jobs/{id}`, which every kind shares.
//!
//! # Jobs and the outbox
//! The outbox (`kernel::outbox`) carries *events* out of the platform — to webhooks, SMS,
//! regulators' feeds — at least once, in order of writing, with no result anyone waits for.
//! A job is *work inside* the platform with a state a person follows and a report at the end.
//! They meet at the edges: a job's effect writes its events to the outbox in its own
//! transaction (the import's `person.created`), and a job that must react to an event is queued
//! by the change that wrote the event, not by the outbox worker. The outbox keeps its own
//! worker: its claims are per event and batched, which a job per event would only slow down.

pub mod entity;
pub mod input;
pub mod model;
pub mod queue;
pub mod runner;

pub use input::InputReader;
pub use model::{FOLLOWERS, Job, JobError, JobState, NewJob, Outcome, Progress, submitting_org};
pub use queue::{
    Claimed, LEASE, MAX_ATTEMPTS, PART_SIZE, RECEIVE_WITHIN, Running, abandon, enqueue, find,
    receive, release, store_part,
};
pub use runner::{Handler, Runner, Wake};
