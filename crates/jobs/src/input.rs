//! Reading a job's file part by part (see [`crate::queue::receive`]): a handler that reads
//! its file as a stream — a CSV sheet, row after row — holds one part at a time, never the
//! whole file.

use crate::queue::input_part;
use sea_orm::DatabaseConnection;
use std::io::{self, Read};
use tokio::runtime::Handle;
use uuid::Uuid;

/// A job's file as a [`Read`], fetching its parts in order as they are read. Blocking: use it
/// on a blocking thread (`tokio::task::spawn_blocking`), never on the async runtime's own.
pub struct InputReader {
    db: DatabaseConnection,
    runtime: Handle,
    job_id: Uuid,
    next: i32,
    part: Vec<u8>,
    at: usize,
    ended: bool,
}

impl InputReader {
    /// A reader of `job_id`'s file; `runtime` is the handle of the runtime the database pool
    /// runs on (`Handle::current()` before moving to the blocking thread).
    pub fn new(db: DatabaseConnection, runtime: Handle, job_id: Uuid) -> Self {
        InputReader {
            db,
            runtime,
            job_id,
            next: 0,
            part: Vec::new(),
            at: 0,
            ended: false,
        }
    }

    /// Whether the job has a file at all (its first part), read ahead.
    pub fn has_input(&mut self) -> io::Result<bool> {
        self.fill()?;
        Ok(self.at < self.part.len())
    }

    fn fill(&mut self) -> io::Result<()> {
        while self.at == self.part.len() && !self.ended {
            let fetched = self
                .runtime
                .block_on(input_part(&self.db, self.job_id, self.next))
                .map_err(io::Error::other)?;
            match fetched {
                Some(bytes) => {
                    self.part = bytes;
                    self.at = 0;
                    self.next += 1;
                }
                None => self.ended = true,
            }
        }
        Ok(())
    }
}

impl Read for InputReader {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        self.fill()?;
        let n = out.len().min(self.part.len() - self.at);
        out[..n].copy_from_slice(&self.part[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}
