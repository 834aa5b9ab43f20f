//! Who may act on training records: the grant table ([`GRANTS`], one row per [`Purpose`]),
//! what an actor can see (an enrolment, the associations in reach) and who the trainee is.
//! Services ask [`may`] rather than naming roles, so a newcomer reads who may do what here.

use crate::Training;
use crate::entity::{class, enrolment};
use crate::error::{Result, TrainingError, noun};
use directory::entity::organization;
use directory::entity::person;
use kernel::{Actor, Role};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// What an actor wants to do with training records. Each purpose is granted, in [`GRANTS`], to
/// roles held in the class's association or in the enrolment's enterprise; services ask
/// [`may`] instead of naming roles, and the authorisation matrix test reads the same table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    /// Courses, classes, units, materials, teachers, plans, timetables, archives, attendance
    /// oversight: the association's training department.
    ManageTraining,
    /// Read what an association runs (plans with fees, its classes, enrolments, refunds, the
    /// fee ledger): the training department and finance.
    ReadAssociationTraining,
    /// Read the enterprise's own enrolments and accounts: its training officer and manager.
    ReadEnterpriseTraining,
    /// Enter an enrolment or resubmit a returned one (TR-07: the training officer).
    Enrol,
    /// Approve or return an enrolment (TR-07: the training manager, a second person).
    ApproveEnrolment,
    /// Confirm an approved enrolment within capacity (TR-08: the training department).
    ConfirmEnrolment,
    /// Record the fee (TR-08: finance).
    RecordPayment,
    /// Ask for a deferral (TR-10), a substitution (TR-11) or a trainee's leave (TR-16): the
    /// training officer.
    RequestChange,
    /// Approve a deferral (TR-10: the training department head, the association admin).
    ApproveDeferral,
    /// Refund step 2 (TR-12): the training department confirms.
    ConfirmRefund,
    /// Refund step 3 (TR-13): finance confirms.
    FinanceConfirmRefund,
    /// Refund step 4 (TR-14): the leader step, the association admin.
    ApproveRefund,
    /// Refund step 5 (TR-15): finance pays out.
    PayRefund,
    /// Reject a refund at any open step: the training department or finance.
    RejectRefund,
    /// Read a whole class's exam eligibility (EX-11): the training department, for the class
    /// page and the exam sittings built from it (the exams domain's officers join this row).
    ReadEligibility,
}

/// Who holds one purpose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Grant {
    pub purpose: Purpose,
    /// Roles that hold it in the class's association.
    pub association: &'static [Role],
    /// Roles that hold it in the enrolment's enterprise.
    pub enterprise: &'static [Role],
    /// Whether the platform administrator holds it. Enterprise steps are the enterprise's own
    /// word (TR-07), so nobody outside the enterprise takes them.
    pub platform_admin: bool,
}

const DEPARTMENT: &[Role] = &[Role::AssociationAdmin, Role::AssociationStaff];
const DEPARTMENT_AND_FINANCE: &[Role] = &[
    Role::AssociationAdmin,
    Role::AssociationStaff,
    Role::Finance,
];
const ENTERPRISE_TRAINING: &[Role] = &[Role::EnterpriseOfficer, Role::EnterpriseManager];

const fn at_association(purpose: Purpose, roles: &'static [Role]) -> Grant {
    Grant {
        purpose,
        association: roles,
        enterprise: &[],
        platform_admin: true,
    }
}

const fn at_enterprise(purpose: Purpose, roles: &'static [Role]) -> Grant {
    Grant {
        purpose,
        association: &[],
        enterprise: roles,
        platform_admin: false,
    }
}

/// The training grant table: one row per [`Purpose`], in its declaration order.
pub const GRANTS: &[Grant] = &[
    at_association(Purpose::ManageTraining, DEPARTMENT),
    at_association(Purpose::ReadAssociationTraining, DEPARTMENT_AND_FINANCE),
    at_enterprise(Purpose::ReadEnterpriseTraining, ENTERPRISE_TRAINING),
    at_enterprise(Purpose::Enrol, &[Role::EnterpriseOfficer]),
    at_enterprise(Purpose::ApproveEnrolment, &[Role::EnterpriseManager]),
    at_association(Purpose::ConfirmEnrolment, DEPARTMENT),
    at_association(Purpose::RecordPayment, &[Role::Finance]),
    at_enterprise(Purpose::RequestChange, &[Role::EnterpriseOfficer]),
    at_association(Purpose::ApproveDeferral, &[Role::AssociationAdmin]),
    at_association(Purpose::ConfirmRefund, DEPARTMENT),
    at_association(Purpose::FinanceConfirmRefund, &[Role::Finance]),
    at_association(Purpose::ApproveRefund, &[Role::AssociationAdmin]),
    at_association(Purpose::PayRefund, &[Role::Finance]),
    at_association(Purpose::RejectRefund, DEPARTMENT_AND_FINANCE),
    at_association(Purpose::ReadEligibility, DEPARTMENT),
];

/// The row of [`GRANTS`] for one purpose (the table lists them in declaration order; a unit
/// test holds it to that).
pub fn grant(purpose: Purpose) -> &'static Grant {
    &GRANTS[purpose as usize]
}

/// Where a purpose is asked: in the class's association or in the enrolment's enterprise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum At {
    Association(Uuid),
    Enterprise(Uuid),
}

/// Whether the actor holds `purpose` at `at`.
pub fn may(actor: &Actor, purpose: Purpose, at: At) -> bool {
    let g = grant(purpose);
    if g.platform_admin && actor.is_platform_admin() {
        return true;
    }
    let (org, roles) = match at {
        At::Association(a) => (a, g.association),
        At::Enterprise(e) => (e, g.enterprise),
    };
    roles.iter().any(|r| actor.has_role_in(org, *r))
}

/// The associations where the actor holds `purpose` (the platform admin's "all" is the
/// caller's to handle).
pub fn associations_with(actor: &Actor, purpose: Purpose) -> Vec<Uuid> {
    actor.orgs_with_any(grant(purpose).association)
}

/// The enterprises where the actor holds `purpose`.
pub fn enterprises_with(actor: &Actor, purpose: Purpose) -> Vec<Uuid> {
    actor.orgs_with_any(grant(purpose).enterprise)
}

/// Every purpose the actor holds somewhere, for the client to show what it may do (GET /me).
pub fn purposes_of(actor: &Actor) -> Vec<Purpose> {
    GRANTS
        .iter()
        .filter(|g| {
            (g.platform_admin && actor.is_platform_admin())
                || !actor.orgs_with_any(g.association).is_empty()
                || !actor.orgs_with_any(g.enterprise).is_empty()
        })
        .map(|g| g.purpose)
        .collect()
}

/// Every role that holds `purpose` somewhere, the platform administrator included when it
/// does (what the authorisation matrix test expects, and what the API documents).
pub fn roles_for(purpose: Purpose) -> Vec<Role> {
    let g = grant(purpose);
    let mut roles: Vec<Role> = g.association.iter().chain(g.enterprise).copied().collect();
    if g.platform_admin {
        roles.push(Role::PlatformAdmin);
    }
    roles.sort();
    roles.dedup();
    roles
}

impl Training {
    /// The association's training department (or the platform admin): [`Purpose::ManageTraining`].
    pub(crate) fn staff_of(actor: &Actor, association: Uuid) -> bool {
        may(actor, Purpose::ManageTraining, At::Association(association))
    }

    /// Loads an enrolment the actor takes part in (enterprise, association, finance, the person).
    pub(crate) async fn visible<C: ConnectionTrait>(
        &self,
        conn: &C,
        actor: &Actor,
        id: Uuid,
    ) -> Result<(enrolment::Model, class::Model)> {
        let e = enrolment::Entity::find_by_id(id)
            .one(conn)
            .await?
            .ok_or(TrainingError::not_found(noun::ENROLMENT))?;
        let c = class::Entity::find_by_id(e.class_id)
            .one(conn)
            .await?
            .ok_or(TrainingError::not_found(noun::ENROLMENT))?;
        let person_user = person::Entity::find_by_id(e.person_id)
            .one(conn)
            .await?
            .and_then(|p| p.user_id);
        let sees = may(
            actor,
            Purpose::ReadAssociationTraining,
            At::Association(c.association_id),
        ) || e
            .enterprise_id
            .is_some_and(|ent| may(actor, Purpose::ReadEnterpriseTraining, At::Enterprise(ent)))
            || (actor.user_id().is_some() && person_user == actor.user_id());
        if sees {
            Ok((e, c))
        } else {
            Err(TrainingError::not_found(noun::ENROLMENT))
        }
    }

    /// True when the actor is the user account of the enrolled person.
    pub(crate) async fn is_the_trainee<C: ConnectionTrait>(
        &self,
        conn: &C,
        actor: &Actor,
        e: &enrolment::Model,
    ) -> Result<bool> {
        let Some(uid) = actor.user_id() else {
            return Ok(false);
        };
        Ok(person::Entity::find_by_id(e.person_id)
            .one(conn)
            .await?
            .is_some_and(|p| p.user_id == Some(uid)))
    }
}

/// The association an organization takes part in: its own id for an association, otherwise
/// the association it is a member of.
pub fn association_of(o: &directory::entity::organization::Model) -> Option<Uuid> {
    if o.kind == directory::model::OrgKind::Association {
        Some(o.id)
    } else {
        o.association_id
    }
}

/// Which associations' programmes the caller takes part in: `None` means every one (platform
/// admin). An association's own people reach it; a member organization's people reach the
/// association it belongs to; regulators reach none.
pub(crate) async fn associations_in_reach<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
) -> Result<Option<Vec<Uuid>>> {
    if actor.is_platform_admin() {
        return Ok(None);
    }
    let orgs: Vec<Uuid> = actor
        .memberships
        .iter()
        .map(|m| m.organization_id)
        .collect();
    if orgs.is_empty() {
        return Ok(Some(vec![]));
    }
    let rows = organization::Entity::find()
        .filter(organization::Column::Id.is_in(orgs))
        .all(conn)
        .await?;
    let mut out: Vec<Uuid> = rows
        .into_iter()
        .filter_map(|o| association_of(&o))
        .collect();
    out.sort_unstable();
    out.dedup();
    Ok(Some(out))
}

/// A public list's association filter names an association, or it is not found: every
/// association's public pages are anyone's, so there is no other tenant to hide, but a filter
/// naming nothing is 404 as on every list.
pub(crate) async fn require_public_association<C: ConnectionTrait>(
    conn: &C,
    id: Uuid,
) -> Result<()> {
    organization::Entity::find_by_id(id)
        .one(conn)
        .await?
        .filter(|o| association_of(o) == Some(o.id))
        .map(|_| ())
        .ok_or(TrainingError::not_found(noun::ASSOCIATION))
}

/// What a list's id filter may name. A filter naming something the caller cannot see —
/// another tenant's, or nothing at all — answers 404 like the object's own read, on every
/// list (not an empty page here and a 404 there). The lists ask only when nothing matched:
/// rows the caller sees about an object make it one they may filter by.
impl Training {
    /// An association whose programme the caller takes part in (the platform admin: any).
    pub(crate) async fn association_seen<C: ConnectionTrait>(
        conn: &C,
        actor: &Actor,
        id: Uuid,
    ) -> Result<bool> {
        Ok(match associations_in_reach(conn, actor).await? {
            Some(reach) => reach.contains(&id),
            None => organization::Entity::find_by_id(id)
                .one(conn)
                .await?
                .is_some_and(|o| association_of(&o) == Some(o.id)),
        })
    }

    /// A class of an association in reach, or one the caller is the head teacher of: the
    /// classes `GET /classes/{id}` shows.
    pub(crate) async fn class_seen<C: ConnectionTrait>(
        conn: &C,
        actor: &Actor,
        c: &class::Model,
    ) -> Result<bool> {
        let head = actor.user_id().is_some() && c.head_teacher_id == actor.user_id();
        Ok(head
            || match associations_in_reach(conn, actor).await? {
                None => true,
                Some(reach) => reach.contains(&c.association_id),
            })
    }

    /// A person employed in the caller's tenant (their employer is, or belongs to, an
    /// association in reach), or the caller themself.
    pub(crate) async fn person_seen<C: ConnectionTrait>(
        conn: &C,
        actor: &Actor,
        id: Uuid,
    ) -> Result<bool> {
        let Some(p) = person::Entity::find_by_id(id).one(conn).await? else {
            return Ok(false);
        };
        if actor.user_id().is_some() && p.user_id == actor.user_id() {
            return Ok(true);
        }
        let Some(reach) = associations_in_reach(conn, actor).await? else {
            return Ok(true);
        };
        Ok(organization::Entity::find_by_id(p.employer_id)
            .one(conn)
            .await?
            .and_then(|o| association_of(&o))
            .is_some_and(|a| reach.contains(&a)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_purpose_has_its_row_in_order() {
        for (i, g) in GRANTS.iter().enumerate() {
            assert_eq!(g.purpose as usize, i, "{:?} is out of place", g.purpose);
            assert!(
                !(g.association.is_empty() && g.enterprise.is_empty()),
                "{:?} is granted to nobody",
                g.purpose
            );
        }
        assert_eq!(grant(Purpose::RejectRefund).purpose, Purpose::RejectRefund);
    }

    #[test]
    fn the_leader_step_and_the_deferral_are_the_association_admins() {
        assert_eq!(
            roles_for(Purpose::ApproveRefund),
            vec![Role::PlatformAdmin, Role::AssociationAdmin]
        );
        assert_eq!(
            roles_for(Purpose::ApproveDeferral),
            vec![Role::PlatformAdmin, Role::AssociationAdmin]
        );
        // Enterprise steps are the enterprise's own (TR-07): not even the platform admin.
        assert_eq!(
            roles_for(Purpose::ApproveEnrolment),
            vec![Role::EnterpriseManager]
        );
    }
}
