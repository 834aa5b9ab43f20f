//! Jobs as the people who follow them see them: one job by id, within the tenant. The queue
//! itself is the `jobs` crate; the kinds live with the use cases they run
//! (`person_import`).

use crate::Directory;
use crate::error::{DirectoryError, Result, noun};
use jobs::Job;
use kernel::Actor;
use uuid::Uuid;

impl Directory {
    /// A job visible to `actor` ([`Job::visible_to`]: its submitter, the platform
    /// administrator, the managers of its organization); anyone else is told it does not exist.
    pub async fn job(&self, actor: &Actor, id: Uuid) -> Result<Job> {
        jobs::find(&self.db, id)
            .await?
            .filter(|j| j.visible_to(actor))
            .ok_or(DirectoryError::not_found(noun::JOB))
    }
}
