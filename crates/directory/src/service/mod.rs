//! One function per use case: authorise, apply the rules, write in one transaction with its
//! audit row.

pub mod api_clients;
pub mod audit;
pub mod auth;
pub mod bans;
pub mod blacklist;
pub mod job;
pub mod organizations;
pub mod person_import;
pub mod person_list;
pub mod person_rows;
pub mod person_sheet;
pub mod persons;
pub mod qualifications;
pub mod relations;
pub mod sanctions;
pub mod throttle;
pub mod users;

use crate::error::{DirectoryError, Result};
use kernel::{FieldError, Refusal};

/// Turns `validator` errors into field errors with JSON pointers.
pub(crate) fn validation(errors: validator::ValidationErrors) -> DirectoryError {
    DirectoryError::invalid(FieldError::from_validation(&errors))
}

/// What a client's `If-Match` asks for (RFC 9110 §13.1.1). Entity tags are versions:
/// `"3"`. The comparison is strong, so a weak tag (`W/"3"`) never matches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IfMatch {
    /// No `If-Match`: a versioned resource refuses the change (428).
    Absent,
    /// `If-Match: *`: any current version will do (the resource must exist).
    Any,
    /// The strong tags listed that are versions; weak and foreign tags are left out, so
    /// they match nothing (412).
    Versions(Vec<i32>),
}

impl IfMatch {
    /// Parses the field values of `If-Match` (one per header line).
    pub fn parse<'a>(values: impl IntoIterator<Item = &'a str>) -> Self {
        let mut seen = false;
        let mut versions = Vec::new();
        for value in values {
            seen = true;
            for tag in value.split(',').map(str::trim) {
                if tag == "*" {
                    return IfMatch::Any;
                }
                let strong = tag
                    .strip_prefix('"')
                    .and_then(|t| t.strip_suffix('"'))
                    .and_then(|t| t.parse::<i32>().ok());
                versions.extend(strong);
            }
        }
        if seen {
            IfMatch::Versions(versions)
        } else {
            IfMatch::Absent
        }
    }

    /// A precondition naming exactly this version.
    pub fn version(v: i32) -> Self {
        IfMatch::Versions(vec![v])
    }
}

/// Checks `If-Match` against the stored version: required, and `*` or a list naming it.
pub fn check_version(expected: &IfMatch, current: i32) -> Result<()> {
    match expected {
        IfMatch::Absent => Err(Refusal::PreconditionRequired.into()),
        IfMatch::Any => Ok(()),
        IfMatch::Versions(v) if v.contains(&current) => Ok(()),
        IfMatch::Versions(_) => Err(Refusal::Stale { current }.into()),
    }
}

/// Collects field errors and returns them all at once rather than one per round trip.
#[derive(Default)]
pub(crate) struct Fields(pub Vec<FieldError>);

impl Fields {
    pub fn push(
        &mut self,
        pointer: &str,
        code: &str,
        zh: impl Into<String>,
        en: impl Into<String>,
    ) {
        self.0.push(FieldError::new(pointer, code, zh, en));
    }
    pub fn finish(self) -> Result<()> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(DirectoryError::invalid(self.0))
        }
    }
}
