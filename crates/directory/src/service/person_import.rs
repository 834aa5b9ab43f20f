//! The persons import as a job (issue 15 §3): the upload is checked for who may import, opened
//! as a job that is `receiving` its file, stored part by part as it arrives and then queued; a
//! runner in any server process reads and checks the sheet (part by part for CSV) and
//! writes the persons (`person_rows::import_persons`), publishing rows checked and written, and the
//! job ends with the per-row report. All or nothing still holds: the persons and the job's end
//! commit in one transaction.

use super::person_sheet::ImportFormat;
use crate::Directory;
use crate::access::{Purpose, Visibility};
use crate::error::{DirectoryError, Result, noun};
use crate::model::ImportMode;
use jobs::{Handler, InputReader, Job, JobError, NewJob, Outcome, Running};
use kernel::{Actor, Role, Subject};
use serde::{Deserialize, Serialize};
use std::future::Future;
use std::pin::Pin;
use uuid::Uuid;

/// The kind's name in the `jobs` table.
pub const PERSONS_IMPORT: &str = "persons.import";

/// What the job needs to run the import as its submitter.
#[derive(Debug, Serialize, Deserialize)]
struct ImportArgs {
    format: ImportFormat,
    mode: ImportMode,
    /// The submitter's memberships as their token stated them when they uploaded: the job is
    /// the rest of that request, decided with the rights it was made with (services check
    /// them again while the job runs).
    user: Uuid,
    memberships: Vec<(Uuid, Vec<Role>)>,
}

impl ImportArgs {
    fn actor(&self) -> Actor {
        Actor {
            subject: Subject::User(self.user),
            memberships: self
                .memberships
                .iter()
                .map(|(org, roles)| kernel::actor::ActorMembership {
                    organization_id: *org,
                    roles: roles.clone(),
                })
                .collect(),
            scopes: None,
        }
    }
}

impl Directory {
    /// The import template, for whoever may import persons somewhere.
    pub fn persons_import_template(&self, actor: &Actor) -> Result<Vec<u8>> {
        if actor.is_read_only() || !crate::access::reaches_any(actor, Purpose::ManagePersons) {
            return Err(DirectoryError::forbidden());
        }
        super::person_sheet::import_template()
    }

    /// Opens an import for `actor` as a job `receiving` its file, and returns the job's id:
    /// the caller stores the upload into it ([`jobs::store_part`]) and then calls
    /// [`Directory::release_persons_import`] (or [`jobs::abandon`] when the upload fails).
    /// Refuses at once, before a byte is stored, what the file cannot change (a read-only
    /// caller, one who manages no persons); every other answer — bad rows, an unreadable file
    /// — is the job's report.
    pub async fn receive_persons_import(
        &self,
        actor: &Actor,
        format: ImportFormat,
        mode: ImportMode,
    ) -> Result<Uuid> {
        let Some(user) = actor.user_id().filter(|_| !actor.is_read_only()) else {
            return Err(DirectoryError::forbidden());
        };
        if Visibility::of(&self.db, actor, Purpose::ManagePersons)
            .await?
            .is_empty()
        {
            return Err(DirectoryError::forbidden());
        }
        let args = ImportArgs {
            format,
            mode,
            user,
            memberships: actor
                .memberships
                .iter()
                .map(|m| (m.organization_id, m.roles.clone()))
                .collect(),
        };
        let payload = serde_json::to_value(&args)
            .map_err(|e| sea_orm::DbErr::Custom(format!("import arguments: {e}")))?;
        let now = self.clock.now();
        let new = NewJob {
            kind: PERSONS_IMPORT,
            organization_id: jobs::submitting_org(actor),
            submitted_by: Some(actor.id()),
            payload,
            run_at: now,
        };
        Ok(jobs::receive(&self.db, now, new).await?)
    }

    /// Queues an import whose file has arrived whole; the queued job.
    pub async fn release_persons_import(&self, id: Uuid) -> Result<Job> {
        if !jobs::release(&self.db, id, self.clock.now()).await? {
            return Err(DirectoryError::not_found(noun::JOB));
        }
        jobs::find(&self.db, id)
            .await?
            .ok_or(DirectoryError::not_found(noun::JOB))
    }

    async fn run_persons_import(&self, running: &Running) -> Outcome {
        let args: ImportArgs = match serde_json::from_value(running.job.payload.clone()) {
            Ok(a) => a,
            Err(e) => {
                return Outcome::Failed {
                    report: None,
                    error: JobError::new("internal", format!("unreadable job arguments: {e}")),
                };
            }
        };
        let mut file = InputReader::new(
            self.db.clone(),
            tokio::runtime::Handle::current(),
            running.job.id,
        );
        let stored = tokio::task::spawn_blocking(move || file.has_input().map(|yes| (yes, file)))
            .await
            .map_err(std::io::Error::other)
            .and_then(|r| r);
        let file = match stored {
            Ok((true, file)) => file,
            Ok((false, _)) => {
                return Outcome::Failed {
                    report: None,
                    error: JobError::new("internal", "the uploaded file is no longer stored"),
                };
            }
            Err(e) => return Outcome::Retry(e.to_string()),
        };
        let result = self
            .import_persons(&args.actor(), args.format, file, args.mode, running)
            .await;
        match result {
            Ok(report) => Outcome::Succeeded(serde_json::to_value(report).unwrap_or_default()),
            Err(e) => outcome_of(e),
        }
    }
}

/// A refusal of the import as the job's end: the codes are the problem types the synchronous
/// endpoint answered with; a database fault that is not the file's doing is tried again.
fn outcome_of(e: DirectoryError) -> Outcome {
    let code = match &e {
        DirectoryError::ImportRejected(report) => {
            return Outcome::Failed {
                report: serde_json::to_value(report).ok(),
                error: JobError::new("import-rejected", e.to_string()),
            };
        }
        DirectoryError::Db(db) if kernel::db::client_fault(db).is_none() => {
            return Outcome::Retry(db.to_string());
        }
        DirectoryError::UnsupportedFile(_) => "unsupported-file".to_owned(),
        DirectoryError::Refused(r) => r.code().replace('_', "-"),
        _ => "internal".to_owned(),
    };
    Outcome::Failed {
        report: None,
        error: JobError::new(&code, e.to_string()),
    }
}

/// The handler a server process registers for [`PERSONS_IMPORT`].
pub struct PersonsImport(pub Directory);

impl Handler for PersonsImport {
    fn run<'a>(
        &'a self,
        running: &'a Running,
    ) -> Pin<Box<dyn Future<Output = Outcome> + Send + 'a>> {
        Box::pin(self.0.run_persons_import(running))
    }
}
