//! Who may act on exam records: the grant table ([`GRANTS`], one row per [`Purpose`]). Services
//! ask [`may`] rather than naming roles, and the authorisation matrix test and the API's "who
//! may call" text read the same table. Proctors, evaluators and candidates act by assignment —
//! a row naming them on the sitting — not by a grant, and are checked where they act.

use kernel::{Actor, Role};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// What an actor wants to do with exam records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    /// EX-09: question banks, questions, papers and their keys — the owning body's exam
    /// officers and its admin, nobody else (not even the platform administrator).
    ManageBanks,
    /// Sittings of an association's classes: roster, staff, records, results (the
    /// association's exam officers and admin). Not the training department: EX-06 keeps
    /// training and examining apart.
    RunSittings,
    /// Read the results and the score sheet of an association's sittings: the exam side and
    /// the training department, whose archive they complete.
    ReadResults,
}

/// Who holds one purpose, in the organization the record belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Grant {
    pub purpose: Purpose,
    pub roles: &'static [Role],
    pub platform_admin: bool,
}

const BANK_KEEPERS: &[Role] = &[
    Role::ExamOfficer,
    Role::AssociationAdmin,
    Role::InstitutionAdmin,
    Role::SubcentreAdmin,
];
const EXAM_SIDE: &[Role] = &[Role::ExamOfficer, Role::AssociationAdmin];
const RESULT_READERS: &[Role] = &[
    Role::ExamOfficer,
    Role::AssociationAdmin,
    Role::AssociationStaff,
];

/// The exams grant table: one row per [`Purpose`], in declaration order.
pub const GRANTS: &[Grant] = &[
    Grant {
        purpose: Purpose::ManageBanks,
        roles: BANK_KEEPERS,
        platform_admin: false,
    },
    Grant {
        purpose: Purpose::RunSittings,
        roles: EXAM_SIDE,
        platform_admin: true,
    },
    Grant {
        purpose: Purpose::ReadResults,
        roles: RESULT_READERS,
        platform_admin: true,
    },
];

pub fn grant(purpose: Purpose) -> &'static Grant {
    &GRANTS[purpose as usize]
}

/// Whether the actor holds `purpose` in organization `org`.
pub fn may(actor: &Actor, purpose: Purpose, org: Uuid) -> bool {
    let g = grant(purpose);
    (g.platform_admin && actor.is_platform_admin())
        || g.roles.iter().any(|r| actor.has_role_in(org, *r))
}

/// The organizations where the actor holds `purpose`.
pub fn orgs_with(actor: &Actor, purpose: Purpose) -> Vec<Uuid> {
    actor.orgs_with_any(grant(purpose).roles)
}

/// Whether the actor holds `purpose` anywhere (a role without it is refused with 403 before
/// anything is looked up).
pub fn holds_somewhere(actor: &Actor, purpose: Purpose) -> bool {
    let g = grant(purpose);
    (g.platform_admin && actor.is_platform_admin()) || !orgs_with(actor, purpose).is_empty()
}

/// Every role holding `purpose` somewhere (for the API's text and the matrix test).
pub fn roles_for(purpose: Purpose) -> Vec<Role> {
    let g = grant(purpose);
    let mut roles = g.roles.to_vec();
    if g.platform_admin {
        roles.push(Role::PlatformAdmin);
    }
    roles.sort();
    roles.dedup();
    roles
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_lists_each_purpose_once_in_declaration_order() {
        for (i, g) in GRANTS.iter().enumerate() {
            assert_eq!(g.purpose as usize, i);
        }
    }

    #[test]
    fn ex_09_banks_are_the_owning_bodys_alone() {
        assert!(!grant(Purpose::ManageBanks).platform_admin);
        assert!(!roles_for(Purpose::ManageBanks).contains(&Role::AssociationStaff));
        assert!(!roles_for(Purpose::ManageBanks).contains(&Role::Teacher));
    }
}
