//! The two tables of the job queue: `jobs` (one row per job, everything a reader or a runner
//! needs) and `job_inputs` (the uploaded file a job reads, kept apart so that claiming and
//! reading jobs never drags megabytes along, and deleted when the job ends).

pub mod job;
pub mod job_input;
