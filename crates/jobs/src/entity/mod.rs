//! The two tables of the job queue: `jobs` (one row per job, everything a reader or a runner
//! needs) and `job_input_parts` (the uploaded file a job reads, in parts of about a mebibyte:
//! kept apart so that claiming and reading jobs never drags megabytes along, stored part by
//! part as the upload arrives so that no process holds the whole file, and deleted when the
//! job ends).

pub mod job;
pub mod job_input_part;
