//! Who may act on training records: association staff, the trainee, and what an actor can see.

use crate::Training;
use crate::entity::{class, enrolment};
use crate::error::{Result, TrainingError};
use directory::entity::organization;
use directory::entity::person;
use kernel::{Actor, Role};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

impl Training {
    pub(crate) fn staff_of(actor: &Actor, association: Uuid) -> bool {
        actor.is_platform_admin()
            || actor.has_role_in(association, Role::AssociationAdmin)
            || actor.has_role_in(association, Role::AssociationStaff)
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
            .ok_or(TrainingError::NotFound("enrolment"))?;
        let c = class::Entity::find_by_id(e.class_id)
            .one(conn)
            .await?
            .ok_or(TrainingError::NotFound("enrolment"))?;
        let person_user = person::Entity::find_by_id(e.person_id)
            .one(conn)
            .await?
            .and_then(|p| p.user_id);
        let sees = actor.is_platform_admin()
            || actor
                .orgs_with_any(&[
                    Role::AssociationAdmin,
                    Role::AssociationStaff,
                    Role::Finance,
                ])
                .contains(&c.association_id)
            || e.enterprise_id.is_some_and(|ent| {
                actor
                    .orgs_with_any(&[Role::EnterpriseOfficer, Role::EnterpriseManager])
                    .contains(&ent)
            })
            || (actor.user_id().is_some() && person_user == actor.user_id());
        if sees {
            Ok((e, c))
        } else {
            Err(TrainingError::NotFound("enrolment"))
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
pub(crate) fn association_of(o: &directory::entity::organization::Model) -> Option<Uuid> {
    if o.kind == "association" {
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
