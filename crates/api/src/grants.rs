//! What the caller may do, as `GET /me` tells the web app: it offers only these screens and
//! buttons. The server still decides every request; this list only spares a clerk a form that
//! ends in 403.

use directory::access::{Purpose, reaches_any};
use kernel::{Actor, Role};
use serde::Serialize;
use utoipa::ToSchema;

/// One thing the caller may do somewhere in their organizations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Grant {
    ReadOrganizations,
    ManageOrganizations,
    ReadPersons,
    ManagePersons,
    ManageUsers,
    ReadAudit,
    /// Read an association's sanctions (EX-04, EX-05).
    ReadSanctions,
    /// Impose and lift sanctions.
    ManageSanctions,
    /// Read persons' qualifications (EX-08).
    ReadQualifications,
    /// Record and revoke qualifications.
    ManageQualifications,
    /// Read persons' declared relations (EX-07).
    ReadRelations,
    /// Declare and remove relations.
    DeclareRelations,
    ManageApiClients,
    /// Courses, classes and their detail.
    ReadTraining,
    /// Plans, teachers, the holiday calendar and a class's administration (association staff).
    ManageTraining,
    /// Read the CR-04 blacklist: the sanctions registry's readers (`ReadSanctions`).
    ReadBlacklist,
    /// Enrol one's employees in a class (enterprise officer).
    Enrol,
    ReadEnrolments,
    /// Confirm payments and refunds (finance).
    ConfirmPayments,
    ReadRefunds,
    ReadAccounts,
    /// Mark attendance in one's classes (head teacher).
    MarkAttendance,
    /// One's own classes, study and sign-in (trainee).
    MyClasses,
    ReadInbox,
    /// Question banks and papers of one's exam body (EX-09: exam officers and the body's admin).
    ManageExamBanks,
    /// Sittings of one's association: roster, staff, records, results.
    RunExamSittings,
    /// Read sittings' results and score sheets.
    ReadExamResults,
    /// Sittings one proctors or evaluates (by assignment), and the marking queue.
    ExamDuties,
    /// One's own exams as a candidate.
    MyExams,
}

/// The directory's grants come from its grant table (`directory::access`).
fn directory(actor: &Actor) -> Vec<Grant> {
    let mut out: Vec<Grant> = Purpose::ALL
        .into_iter()
        .filter(|p| reaches_any(actor, *p))
        .map(|p| match p {
            Purpose::ReadOrganizations => Grant::ReadOrganizations,
            Purpose::ManageOrganizations => Grant::ManageOrganizations,
            Purpose::ReadPersons => Grant::ReadPersons,
            Purpose::ManagePersons => Grant::ManagePersons,
            Purpose::ManageUsers => Grant::ManageUsers,
            Purpose::ReadAudit => Grant::ReadAudit,
            Purpose::ReadSanctions => Grant::ReadSanctions,
            Purpose::ManageSanctions => Grant::ManageSanctions,
            Purpose::ReadQualifications => Grant::ReadQualifications,
            Purpose::ManageQualifications => Grant::ManageQualifications,
            Purpose::ReadRelations => Grant::ReadRelations,
            Purpose::DeclareRelations => Grant::DeclareRelations,
        })
        .collect();
    // The blacklist is the registry's CR-04 view: its readers are the registry's.
    if reaches_any(actor, Purpose::ReadSanctions) {
        out.push(Grant::ReadBlacklist);
    }
    if actor.is_platform_admin() {
        out.push(Grant::ManageApiClients);
    }
    out
}

/// The training grants. Those the training crate's grant table decides come from it
/// (`training::access::purposes_of`, the same rows its use cases ask `may` about); the rest are
/// own-record screens decided by role where the use cases check the role itself (the head
/// teacher's own classes, the trainee's own enrolments, teachers reading the catalogue).
fn training(actor: &Actor) -> Vec<Grant> {
    use Role::*;
    use training::access::Purpose as P;
    if actor.is_read_only() {
        return vec![];
    }
    let held = training::access::purposes_of(actor);
    let has = |p: P| held.contains(&p);
    let role = |roles: &[Role]| actor.is_platform_admin() || !actor.orgs_with_any(roles).is_empty();
    let mut out = Vec::new();
    let mut give = |g: Grant, yes: bool| {
        if yes {
            out.push(g);
        }
    };
    let association = has(P::ReadAssociationTraining);
    let enterprise = has(P::ReadEnterpriseTraining);
    give(Grant::ManageTraining, has(P::ManageTraining));
    give(Grant::Enrol, has(P::Enrol));
    give(Grant::ConfirmPayments, has(P::RecordPayment));
    give(Grant::ReadEnrolments, association || enterprise);
    give(Grant::ReadRefunds, association);
    give(Grant::ReadAccounts, has(P::ManageTraining) || enterprise);
    let decides = [
        P::Enrol,
        P::ApproveEnrolment,
        P::ConfirmEnrolment,
        P::RecordPayment,
        P::ApproveDeferral,
        P::ConfirmRefund,
        P::FinanceConfirmRefund,
        P::ApproveRefund,
        P::PayRefund,
    ];
    give(
        Grant::ReadInbox,
        decides.iter().any(|p| has(*p)) || role(&[HeadTeacher]),
    );
    give(
        Grant::ReadTraining,
        association
            || enterprise
            || role(&[
                InstitutionAdmin,
                Teacher,
                HeadTeacher,
                SubcentreAdmin,
                Practitioner,
            ]),
    );
    give(Grant::MarkAttendance, role(&[HeadTeacher]));
    give(Grant::MyClasses, role(&[Practitioner]));
    out
}

/// The exams grants: those of its grant table (`exams::access`), and the duties and the
/// candidate's screens decided by assignment, offered to the roles that hold them.
fn exams(actor: &Actor) -> Vec<Grant> {
    use exams::access::{Purpose as P, holds_somewhere};
    if actor.is_read_only() {
        return vec![];
    }
    let mut out: Vec<Grant> = [
        (P::ManageBanks, Grant::ManageExamBanks),
        (P::RunSittings, Grant::RunExamSittings),
        (P::ReadResults, Grant::ReadExamResults),
    ]
    .into_iter()
    .filter(|(p, _)| holds_somewhere(actor, *p))
    .map(|(_, g)| g)
    .collect();
    if actor.has_role(Role::Proctor) || actor.has_role(Role::Evaluator) {
        out.push(Grant::ExamDuties);
    }
    if actor.has_role(Role::Practitioner) {
        out.push(Grant::MyExams);
    }
    out
}

/// Every grant of the caller, sorted.
pub fn of(actor: &Actor) -> Vec<Grant> {
    let mut all = directory(actor);
    all.extend(training(actor));
    all.extend(exams(actor));
    all.sort();
    all.dedup();
    all
}

#[cfg(test)]
mod tests {
    use super::*;
    use kernel::actor::{ActorMembership, Subject};
    use uuid::Uuid;

    fn with(roles: &[Role]) -> Actor {
        Actor {
            subject: Subject::User(Uuid::now_v7()),
            memberships: vec![ActorMembership {
                organization_id: Uuid::now_v7(),
                roles: roles.to_vec(),
            }],
            scopes: None,
        }
    }

    #[test]
    fn a_regulator_reads_persons_but_may_not_manage_them() {
        let g = of(&with(&[Role::Regulator]));
        assert!(g.contains(&Grant::ReadPersons));
        assert!(g.contains(&Grant::ReadAudit));
        assert!(!g.contains(&Grant::ManagePersons));
        assert!(!g.contains(&Grant::Enrol));
    }

    #[test]
    fn a_trainee_has_their_classes_and_own_record_only() {
        let g = of(&with(&[Role::Practitioner]));
        assert!(g.contains(&Grant::MyClasses));
        assert!(g.contains(&Grant::ReadPersons));
        assert!(!g.contains(&Grant::ManagePersons));
        assert!(!g.contains(&Grant::ReadInbox));
        assert!(!g.contains(&Grant::ManageApiClients));
    }

    #[test]
    fn an_exam_officer_reads_people_to_assign_staff_but_manages_none() {
        let g = of(&with(&[Role::ExamOfficer]));
        assert!(g.contains(&Grant::ReadPersons));
        assert!(!g.contains(&Grant::ManagePersons));
        assert!(g.contains(&Grant::RunExamSittings));
    }

    #[test]
    fn an_officer_enrols_and_manages_their_people() {
        let g = of(&with(&[Role::EnterpriseOfficer]));
        assert!(g.contains(&Grant::Enrol));
        assert!(g.contains(&Grant::ManagePersons));
        assert!(!g.contains(&Grant::ConfirmPayments));
    }

    #[test]
    fn finance_confirms_payments_and_fills_no_person_form() {
        let g = of(&with(&[Role::Finance]));
        assert!(g.contains(&Grant::ConfirmPayments));
        assert!(!g.contains(&Grant::ManagePersons));
    }
}
