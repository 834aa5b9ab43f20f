//! Roles a user holds inside one organization (a membership).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A role held by a user within one organization. Permissions are decided by services from
/// the role *and* the organization it is held in, never from the role alone.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    PlatformAdmin,
    AssociationAdmin,
    AssociationStaff,
    Finance,
    InstitutionAdmin,
    EnterpriseOfficer,
    EnterpriseManager,
    Teacher,
    HeadTeacher,
    Evaluator,
    Proctor,
    SubcentreAdmin,
    Regulator,
    Practitioner,
}

impl Role {
    /// Every role, in a stable order (used by the authorisation matrix test and the UI).
    pub const ALL: [Role; 14] = [
        Role::PlatformAdmin,
        Role::AssociationAdmin,
        Role::AssociationStaff,
        Role::Finance,
        Role::InstitutionAdmin,
        Role::EnterpriseOfficer,
        Role::EnterpriseManager,
        Role::Teacher,
        Role::HeadTeacher,
        Role::Evaluator,
        Role::Proctor,
        Role::SubcentreAdmin,
        Role::Regulator,
        Role::Practitioner,
    ];

    /// The snake_case name used in tokens, the database and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::PlatformAdmin => "platform_admin",
            Role::AssociationAdmin => "association_admin",
            Role::AssociationStaff => "association_staff",
            Role::Finance => "finance",
            Role::InstitutionAdmin => "institution_admin",
            Role::EnterpriseOfficer => "enterprise_officer",
            Role::EnterpriseManager => "enterprise_manager",
            Role::Teacher => "teacher",
            Role::HeadTeacher => "head_teacher",
            Role::Evaluator => "evaluator",
            Role::Proctor => "proctor",
            Role::SubcentreAdmin => "subcentre_admin",
            Role::Regulator => "regulator",
            Role::Practitioner => "practitioner",
        }
    }

    /// Parses the snake_case name; `None` for anything else.
    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_round_trips_through_its_name() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("root"), None);
    }
}
