//! Who may call each operation, as the OpenAPI description says it. The table below names, per
//! operation, the *purpose* its use case asks for (a row of `directory::access` or
//! `training::access`) or the screen grant `GET /me` derives for it ([`crate::grants`]); the
//! roles written into the description are computed from those tables, so a grant changed in
//! one place changes the documentation too. `tests/api/authz` holds the table to the server's
//! behaviour: a role listed here is never refused with 403 at home, a role not listed is.

use crate::grants::{self, Grant};
use directory::access::Purpose as Dir;
use exams::access::Purpose as Ex;
use kernel::actor::{ActorMembership, Subject};
use kernel::{Actor, Role};
use training::access::Purpose as Tr;
use uuid::Uuid;

/// One way to be allowed to call an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    /// Anyone, signed in or not (public pages, sign-in).
    Anyone,
    /// Any signed-in caller: about their own session, account, jobs or enrolments, or, beside
    /// other entries, a list or export that answers everyone with what their roles reach (an
    /// empty one for the rest).
    SignedIn,
    /// Any user, on their own account (their profile, their memberships).
    OwnAccount,
    /// Roles the use case names itself, where no grant-table row decides.
    Roles(&'static [Role]),
    /// The directory purpose the use case asks for.
    Directory(Dir),
    /// The training purpose the use case asks for.
    Training(Tr),
    /// The exams purpose the use case asks for.
    Exams(Ex),
    /// Decided per record by role; the roles are those `GET /me` offers the screen to.
    Screen(Grant),
    /// One role, on its own records only (the class's head teacher, the assigned teacher,
    /// the trainee); the text says which.
    Own(Role, &'static str),
    /// The platform administrator only.
    PlatformAdmin,
}

use Who::*;

/// Every operation of the API by its `operationId`, with who may call it.
pub const CALLERS: &[(&str, &[Who])] = &[
    // Sign-in and the caller's own session.
    ("auth_token", &[Anyone]),
    ("auth_refresh", &[Anyone]),
    ("auth_logout", &[SignedIn]),
    ("auth_me", &[SignedIn]),
    ("api_clients_me", &[SignedIn]),
    ("jobs_get_one", &[SignedIn]),
    // Public pages.
    ("public_public_list", &[Anyone]),
    ("public_public_get", &[Anyone]),
    ("public_notices", &[Anyone]),
    ("reference_list", &[Anyone]),
    // The directory.
    ("organizations_list", &[Directory(Dir::ReadOrganizations)]),
    (
        "organizations_get_one",
        &[Directory(Dir::ReadOrganizations)],
    ),
    (
        "organizations_create",
        &[Roles(&[Role::PlatformAdmin, Role::AssociationAdmin])],
    ),
    (
        "organizations_update",
        &[Directory(Dir::ManageOrganizations)],
    ),
    ("persons_list", &[Directory(Dir::ReadPersons), SignedIn]),
    ("persons_get_one", &[Directory(Dir::ReadPersons)]),
    ("persons_export", &[Directory(Dir::ReadPersons), SignedIn]),
    ("persons_create", &[Directory(Dir::ManagePersons)]),
    ("persons_update", &[Directory(Dir::ManagePersons)]),
    ("persons_import", &[Directory(Dir::ManagePersons)]),
    ("persons_import_template", &[Directory(Dir::ManagePersons)]),
    ("users_list", &[Directory(Dir::ManageUsers)]),
    ("users_get_one", &[Directory(Dir::ManageUsers), OwnAccount]),
    ("users_create", &[Directory(Dir::ManageUsers)]),
    ("users_update", &[Directory(Dir::ManageUsers), OwnAccount]),
    (
        "users_memberships",
        &[Directory(Dir::ManageUsers), OwnAccount],
    ),
    ("users_set_password", &[Directory(Dir::ManageUsers)]),
    ("users_add_membership", &[Directory(Dir::ManageUsers)]),
    ("users_remove_membership", &[Directory(Dir::ManageUsers)]),
    ("audit_list", &[Directory(Dir::ReadAudit)]),
    ("api_clients_list", &[PlatformAdmin]),
    ("api_clients_create", &[PlatformAdmin]),
    ("api_clients_revoke", &[PlatformAdmin]),
    // The sanctions registry, and its CR-04 view, the blacklist.
    ("blacklist_list", &[Directory(Dir::ReadSanctions)]),
    ("blacklist_create", &[Directory(Dir::ManageSanctions)]),
    ("blacklist_lift", &[Directory(Dir::ManageSanctions)]),
    ("sanctions_list", &[Directory(Dir::ReadSanctions)]),
    ("sanctions_create", &[Directory(Dir::ManageSanctions)]),
    ("sanctions_lift", &[Directory(Dir::ManageSanctions)]),
    // Exams (issue 16): banks and papers for the owning body's exam officers (EX-09);
    // sittings for the association's exam side; proctors, evaluators and candidates by
    // assignment.
    ("exams_list_banks", &[Exams(Ex::ManageBanks)]),
    ("exams_create_bank", &[Exams(Ex::ManageBanks)]),
    ("exams_get_bank", &[Exams(Ex::ManageBanks)]),
    ("exams_list_questions", &[Exams(Ex::ManageBanks)]),
    ("exams_add_question", &[Exams(Ex::ManageBanks)]),
    ("exams_question_template", &[Exams(Ex::ManageBanks)]),
    ("exams_import_questions", &[Exams(Ex::ManageBanks)]),
    ("exams_export_bank", &[Exams(Ex::ManageBanks)]),
    ("exams_get_question", &[Exams(Ex::ManageBanks)]),
    ("exams_revise_question", &[Exams(Ex::ManageBanks)]),
    ("exams_retire_question", &[Exams(Ex::ManageBanks)]),
    ("exams_list_papers", &[Exams(Ex::ManageBanks)]),
    ("exams_create_paper", &[Exams(Ex::ManageBanks)]),
    ("exams_get_paper", &[Exams(Ex::ManageBanks)]),
    ("exams_draw_paper", &[Exams(Ex::ManageBanks)]),
    ("exams_list_sittings", &[Exams(Ex::ReadResults)]),
    ("exams_create_sitting", &[Exams(Ex::RunSittings)]),
    (
        "exams_get_sitting",
        &[
            Exams(Ex::RunSittings),
            Own(Role::Proctor, "on the sitting's staff"),
            Own(Role::Evaluator, "on the sitting's staff"),
        ],
    ),
    (
        "exams_list_candidates",
        &[
            Exams(Ex::RunSittings),
            Own(Role::Proctor, "on the sitting's staff"),
            Own(Role::Evaluator, "on the sitting's staff"),
        ],
    ),
    ("exams_register_candidate", &[Exams(Ex::RunSittings)]),
    ("exams_register_class", &[Exams(Ex::RunSittings)]),
    (
        "exams_list_staff",
        &[
            Exams(Ex::RunSittings),
            Own(Role::Proctor, "on the sitting's staff"),
            Own(Role::Evaluator, "on the sitting's staff"),
        ],
    ),
    ("exams_assign_staff", &[Exams(Ex::RunSittings)]),
    ("exams_remove_staff", &[Exams(Ex::RunSittings)]),
    ("exams_assign_evaluator", &[Exams(Ex::RunSittings)]),
    ("exams_record_retake_fee", &[Training(Tr::RecordPayment)]),
    ("exams_retake_fees", &[Training(Tr::RecordPayment)]),
    (
        "exams_sign_in_candidate",
        &[
            Exams(Ex::RunSittings),
            Own(Role::Proctor, "a proctor of the sitting"),
        ],
    ),
    (
        "exams_score_station",
        &[Own(Role::Evaluator, "the candidate's first evaluator")],
    ),
    (
        "exams_practical_scores",
        &[
            Exams(Ex::RunSittings),
            Own(Role::Evaluator, "one of the candidate's evaluators"),
        ],
    ),
    ("exams_my_exams", &[SignedIn]),
    ("exams_my_duties", &[SignedIn]),
    (
        "exams_start_attempt",
        &[Own(Role::Practitioner, "a candidate of the sitting")],
    ),
    (
        "exams_get_attempt",
        &[Own(Role::Practitioner, "their own attempt")],
    ),
    (
        "exams_save_answer",
        &[Own(Role::Practitioner, "their own attempt")],
    ),
    (
        "exams_submit_attempt",
        &[Own(Role::Practitioner, "their own attempt")],
    ),
    ("exams_marking_queue", &[SignedIn]),
    (
        "exams_mark_answer",
        &[Own(Role::Evaluator, "one of the candidate's markers")],
    ),
    ("exams_publish_results", &[Exams(Ex::RunSittings)]),
    ("exams_list_results", &[Exams(Ex::ReadResults)]),
    ("exams_score_sheet", &[Exams(Ex::ReadResults)]),
    (
        "exams_list_incidents",
        &[
            Exams(Ex::RunSittings),
            Own(Role::Proctor, "on the sitting's staff"),
            Own(Role::Evaluator, "on the sitting's staff"),
        ],
    ),
    (
        "exams_record_incident",
        &[
            Exams(Ex::RunSittings),
            Own(Role::Proctor, "a proctor of the sitting"),
        ],
    ),
    ("public_bad_behaviour", &[Anyone]),
    (
        "exams_sitting_record",
        &[
            Exams(Ex::RunSittings),
            Own(Role::Proctor, "a proctor of the sitting"),
        ],
    ),
    (
        "exams_add_recording",
        &[
            Exams(Ex::RunSittings),
            Own(Role::Proctor, "a proctor of the sitting"),
        ],
    ),
    ("exams_delete_recording", &[Exams(Ex::RunSittings)]),
    // Qualifications (EX-08) and declared relations (EX-07).
    ("qualifications_list", &[Directory(Dir::ReadQualifications)]),
    (
        "qualifications_create",
        &[Directory(Dir::ManageQualifications)],
    ),
    (
        "qualifications_revoke",
        &[Directory(Dir::ManageQualifications)],
    ),
    ("relations_list", &[Directory(Dir::ReadRelations)]),
    ("relations_create", &[Directory(Dir::DeclareRelations)]),
    ("relations_delete", &[Directory(Dir::DeclareRelations)]),
    // The catalogue: courses, classes, units, materials, accident cases.
    ("training_list_courses", &[Screen(Grant::ReadTraining)]),
    ("training_create_course", &[Training(Tr::ManageTraining)]),
    ("training_list_classes", &[Anyone]),
    (
        "training_get_class",
        &[
            Screen(Grant::ReadTraining),
            Roles(&[Role::Evaluator, Role::Proctor, Role::ExamOfficer]),
        ],
    ),
    ("training_create_class", &[Training(Tr::ManageTraining)]),
    ("training_cancel_class", &[Training(Tr::ManageTraining)]),
    ("training_set_head_teacher", &[Training(Tr::ManageTraining)]),
    (
        "training_head_teacher_candidates",
        &[Training(Tr::ManageTraining)],
    ),
    ("training_add_session", &[Training(Tr::ManageTraining)]),
    (
        "catalogue_cases",
        &[
            Screen(Grant::ReadTraining),
            Roles(&[Role::Evaluator, Role::Proctor, Role::ExamOfficer]),
        ],
    ),
    (
        "catalogue_get_case",
        &[
            Screen(Grant::ReadTraining),
            Roles(&[Role::Evaluator, Role::Proctor, Role::ExamOfficer]),
        ],
    ),
    ("catalogue_create_case", &[Training(Tr::ManageTraining)]),
    (
        "catalogue_materials",
        &[
            Screen(Grant::ReadTraining),
            Roles(&[Role::Evaluator, Role::Proctor, Role::ExamOfficer]),
        ],
    ),
    (
        "catalogue_material_file",
        &[
            Screen(Grant::ReadTraining),
            Roles(&[Role::Evaluator, Role::Proctor, Role::ExamOfficer]),
        ],
    ),
    ("catalogue_upload_material", &[Training(Tr::ManageTraining)]),
    (
        "self_study_units",
        &[
            Screen(Grant::ReadTraining),
            Roles(&[Role::Evaluator, Role::Proctor, Role::ExamOfficer]),
        ],
    ),
    ("self_study_add_unit", &[Training(Tr::ManageTraining)]),
    (
        "self_study_progress",
        &[
            Own(Role::Practitioner, "on their own study"),
            Own(Role::Teacher, "on their own study, as a trainee on file"),
        ],
    ),
    // Plans, teachers, the calendar, the archive.
    ("plans_list", &[Training(Tr::ReadAssociationTraining)]),
    ("plans_get_one", &[Training(Tr::ReadAssociationTraining)]),
    ("plans_draft", &[Training(Tr::ManageTraining)]),
    ("plans_add_class", &[Training(Tr::ManageTraining)]),
    (
        "plans_update_fee_publicity",
        &[Training(Tr::ManageTraining)],
    ),
    ("plans_publish", &[Training(Tr::ManageTraining)]),
    ("teachers_list", &[Training(Tr::ManageTraining)]),
    ("teachers_get_one", &[Training(Tr::ManageTraining)]),
    ("teachers_add", &[Training(Tr::ManageTraining)]),
    ("teachers_select", &[Training(Tr::ManageTraining)]),
    ("teachers_appoint", &[Training(Tr::ManageTraining)]),
    ("teachers_dismiss", &[Training(Tr::ManageTraining)]),
    ("teachers_add_council_term", &[Training(Tr::ManageTraining)]),
    ("teachers_set_level", &[Training(Tr::ManageTraining)]),
    ("teachers_assign", &[Training(Tr::ManageTraining)]),
    (
        "archive_list_days",
        &[Training(Tr::ReadAssociationTraining)],
    ),
    ("archive_add_day", &[Training(Tr::ManageTraining)]),
    ("archive_change_day", &[Training(Tr::ManageTraining)]),
    ("archive_remove_day", &[Training(Tr::ManageTraining)]),
    ("archive_get_archive", &[Training(Tr::ManageTraining)]),
    ("archive_upload", &[Training(Tr::ManageTraining)]),
    ("archive_download", &[Training(Tr::ManageTraining)]),
    ("archive_generate", &[Training(Tr::ManageTraining)]),
    ("archive_attendance_sheet", &[Training(Tr::ManageTraining)]),
    ("archive_timetable", &[Training(Tr::ManageTraining)]),
    ("archive_record_result", &[Training(Tr::ManageTraining)]),
    ("archive_release", &[Training(Tr::ManageTraining)]),
    (
        "continuing_education_record",
        &[Training(Tr::ManageTraining)],
    ),
    (
        "continuing_education_hours",
        &[Training(Tr::ManageTraining)],
    ),
    // Enrolment, from entry to payment.
    ("training_list_enrolments", &[Screen(Grant::ReadEnrolments)]),
    ("training_get_enrolment", &[Screen(Grant::ReadEnrolments)]),
    (
        "training_enrolments",
        &[Screen(Grant::ReadEnrolments), SignedIn],
    ),
    ("training_eligibility", &[Screen(Grant::ReadEnrolments)]),
    ("training_ledger", &[Screen(Grant::ReadEnrolments)]),
    (
        "training_fee_ledger",
        &[Training(Tr::ReadAssociationTraining)],
    ),
    ("training_enrol", &[Training(Tr::Enrol)]),
    ("training_resubmit", &[Training(Tr::Enrol)]),
    ("training_import", &[Training(Tr::Enrol)]),
    ("training_template", &[Training(Tr::Enrol)]),
    ("training_batch", &[Training(Tr::Enrol)]),
    ("training_approve", &[Training(Tr::ApproveEnrolment)]),
    ("training_confirm", &[Training(Tr::ConfirmEnrolment)]),
    ("training_pay", &[Training(Tr::RecordPayment)]),
    (
        "training_class_eligibility",
        &[Training(Tr::ReadEligibility)],
    ),
    ("training_inbox", &[Screen(Grant::ReadInbox)]),
    // Deferral, substitution, refunds.
    ("training_defer", &[Training(Tr::RequestChange)]),
    ("training_substitute", &[Training(Tr::RequestChange)]),
    ("training_list_requests", &[Screen(Grant::ReadEnrolments)]),
    ("training_get_request", &[Screen(Grant::ReadEnrolments)]),
    (
        "training_approve_deferral",
        &[Training(Tr::ApproveDeferral)],
    ),
    ("training_request_refund", &[Training(Tr::RequestChange)]),
    ("training_list_refunds", &[Screen(Grant::ReadRefunds)]),
    ("training_refund_department", &[Training(Tr::ConfirmRefund)]),
    (
        "training_refund_finance",
        &[Training(Tr::FinanceConfirmRefund)],
    ),
    ("training_refund_leader", &[Training(Tr::ApproveRefund)]),
    ("training_refund_payout", &[Training(Tr::PayRefund)]),
    ("training_refund_rejection", &[Training(Tr::RejectRefund)]),
    // Enterprise accounts (TR-07).
    (
        "enterprise_accounts_accounts",
        &[
            Training(Tr::ReadEnterpriseTraining),
            Training(Tr::ManageTraining),
        ],
    ),
    (
        "enterprise_accounts_file_change",
        &[Training(Tr::ReadEnterpriseTraining)],
    ),
    (
        "enterprise_accounts_upload_letter",
        &[Training(Tr::ReadEnterpriseTraining), PlatformAdmin],
    ),
    (
        "enterprise_accounts_letter",
        &[
            Training(Tr::ReadEnterpriseTraining),
            Training(Tr::ManageTraining),
        ],
    ),
    (
        "enterprise_accounts_acknowledge",
        &[Training(Tr::ManageTraining)],
    ),
    // The class in session: attendance, leave, sign-in, practical records.
    (
        "training_session_attendance",
        &[
            Own(Role::HeadTeacher, "the class's head teacher"),
            Training(Tr::ManageTraining),
        ],
    ),
    (
        "training_mark_attendance",
        &[Own(Role::HeadTeacher, "the class's head teacher")],
    ),
    (
        "training_sign_in_code",
        &[Own(Role::HeadTeacher, "the class's head teacher")],
    ),
    (
        "training_sign_in",
        &[Own(Role::Practitioner, "the trainee of the class")],
    ),
    ("training_request_leave", &[Training(Tr::RequestChange)]),
    (
        "training_decide_leave",
        &[Own(Role::HeadTeacher, "the class's head teacher")],
    ),
    ("training_my_classes", &[Screen(Grant::MyClasses)]),
    (
        "training_practical_records",
        &[
            Training(Tr::ManageTraining),
            Own(Role::HeadTeacher, "the class's head teacher"),
            Own(Role::Teacher, "a teacher assigned to the class"),
        ],
    ),
    (
        "training_record_practical",
        &[
            Training(Tr::ManageTraining),
            Own(Role::HeadTeacher, "the class's head teacher"),
            Own(Role::Teacher, "a teacher assigned to the class"),
        ],
    ),
    (
        "training_answer_sheet",
        &[
            Training(Tr::ManageTraining),
            Own(Role::HeadTeacher, "the class's head teacher"),
            Own(Role::Teacher, "a teacher assigned to the class"),
        ],
    ),
    (
        "training_upload_answer_sheet",
        &[
            Training(Tr::ManageTraining),
            Own(Role::HeadTeacher, "the class's head teacher"),
            Own(Role::Teacher, "a teacher assigned to the class"),
        ],
    ),
];

/// Who may call the operation, or `None` when the table does not name it.
pub fn of(operation_id: &str) -> Option<&'static [Who]> {
    CALLERS
        .iter()
        .find(|(op, _)| *op == operation_id)
        .map(|(_, who)| *who)
}

/// An actor holding one role in one organization: what the grant tables are asked about.
fn holding(role: Role) -> Actor {
    Actor {
        subject: Subject::User(Uuid::nil()),
        memberships: vec![ActorMembership {
            organization_id: Uuid::nil(),
            roles: vec![role],
        }],
        scopes: None,
    }
}

/// The roles that may call an operation somewhere (each only in its own tenants), computed
/// from the grant tables; every role for [`Who::Anyone`] and [`Who::SignedIn`].
pub fn roles(who: &[Who]) -> Vec<Role> {
    let mut out: Vec<Role> = Role::ALL
        .into_iter()
        .filter(|r| {
            who.iter().any(|w| match *w {
                Anyone | SignedIn | OwnAccount => true,
                Roles(roles) => roles.contains(r),
                Directory(p) => directory::access::reaches_any(&holding(*r), p),
                Training(p) => training::access::roles_for(p).contains(r),
                Exams(p) => exams::access::roles_for(p).contains(r),
                Screen(g) => grants::of(&holding(*r)).contains(&g),
                Own(role, _) => role == *r,
                PlatformAdmin => *r == Role::PlatformAdmin,
            })
        })
        .collect();
    out.sort();
    out
}

/// The API-client scopes that reach the operation (read-only machine clients).
pub fn client_scopes(who: &[Who]) -> Vec<&'static str> {
    who.iter()
        .filter_map(|w| match w {
            Directory(p) => directory::access::client_scope(*p),
            _ => None,
        })
        .collect()
}

/// The paragraph the description of an operation ends with.
pub fn paragraph(who: &[Who]) -> String {
    if who.contains(&Anyone) {
        return "**Who may call:** anyone; no token is needed.".to_owned();
    }
    let granted: Vec<Who> = who
        .iter()
        .copied()
        .filter(|w| !matches!(w, SignedIn | OwnAccount))
        .collect();
    if granted.is_empty() {
        return "**Who may call:** any signed-in caller, about their own records.".to_owned();
    }
    let shared: Vec<Who> = granted
        .iter()
        .copied()
        .filter(|w| !matches!(w, Own(..)))
        .collect();
    let shared = roles(&shared);
    let mut parts: Vec<String> = roles(&granted)
        .into_iter()
        .map(|r| {
            let own = granted.iter().find_map(|w| match w {
                Own(role, what) if *role == r => Some(*what),
                _ => None,
            });
            match own {
                Some(what) if !shared.contains(&r) => format!("`{r}` ({what})"),
                _ => format!("`{r}`"),
            }
        })
        .collect();
    for scope in client_scopes(who) {
        parts.push(format!("API clients with the scope `{scope}`"));
    }
    let mut text = format!(
        "**Who may call:** {}; each only in its own organizations (another tenant's record \
         answers 404).",
        parts.join(", ")
    );
    if who.contains(&OwnAccount) {
        text.push_str(" Any user may also call it on their own account.");
    }
    if who.contains(&SignedIn) {
        text.push_str(" Any other signed-in caller may call it and gets only what they may see.");
    }
    text.push_str(" Generated from the grant tables.");
    text
}
