//! Roles a user holds inside one organization (a membership).

crate::state_enum! {
    /// A role held by a user within one organization. Permissions are decided by services
    /// from the role *and* the organization it is held in, never from the role alone. A
    /// membership stores its roles as a [`crate::state::StateList`].
    #[derive(PartialOrd, Ord)]
    pub enum Role {
        PlatformAdmin = "platform_admin",
        AssociationAdmin = "association_admin",
        AssociationStaff = "association_staff",
        Finance = "finance",
        InstitutionAdmin = "institution_admin",
        EnterpriseOfficer = "enterprise_officer",
        EnterpriseManager = "enterprise_manager",
        Teacher = "teacher",
        HeadTeacher = "head_teacher",
        Evaluator = "evaluator",
        Proctor = "proctor",
        /// Sets questions and papers and runs sittings (命题/考务人员, EX-09).
        ExamOfficer = "exam_officer",
        SubcentreAdmin = "subcentre_admin",
        Regulator = "regulator",
        Practitioner = "practitioner",
    }
}

impl Role {
    /// Every role, in a stable order (used by the authorisation matrix test and the UI).
    pub const ALL: [Role; 15] = [
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
        Role::ExamOfficer,
        Role::SubcentreAdmin,
        Role::Regulator,
        Role::Practitioner,
    ];
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::State;
    use sea_orm::Iterable;

    #[test]
    fn every_role_round_trips_through_its_name() {
        assert_eq!(Role::iter().collect::<Vec<_>>(), Role::ALL);
        for r in Role::ALL {
            assert_eq!(Role::from_stored(r.as_str()).ok(), Some(r));
        }
        assert!(Role::from_stored("root").is_err());
    }
}
