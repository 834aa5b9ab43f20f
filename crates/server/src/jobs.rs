//! The job kinds this binary runs, and the runner every `serve` process starts beside the
//! HTTP workers (decision 140). Any number of processes may run it: claims skip each other's
//! jobs and a job whose process died is taken over when its lease lapses.

use directory::Directory;
use directory::service::person_import::{PERSONS_IMPORT, PersonsImport};
use std::sync::Arc;

/// Jobs one process runs at once. One import holds its checked rows in memory (decision 91),
/// so two at once stay within the RSS budget of issue 15; a kind of many small jobs (automatic
/// exam submission) may want more slots or a lane of its own.
pub const SLOTS: usize = 2;

/// A runner with every kind's handler registered. A new kind adds one line here.
pub fn runner(dir: &Directory) -> ::jobs::Runner {
    ::jobs::Runner::new(dir.db.clone(), dir.clock.clone())
        .handle(PERSONS_IMPORT, Arc::new(PersonsImport(dir.clone())))
}
