//! The authenticated caller, as every service sees it.

use crate::role::Role;
use uuid::Uuid;

/// Who is calling: a person logged in through the SPA or phone, or a regulator's system.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    User(Uuid),
    /// A machine client (OAuth2 client credentials), bound to one regulator organization.
    ApiClient(Uuid),
}

/// One organization the actor acts for, with the roles held there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorMembership {
    pub organization_id: Uuid,
    pub roles: Vec<Role>,
}

/// The caller of a service. Built from a verified token by the HTTP layer; services decide
/// every permission from it (handlers never do).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub subject: Subject,
    pub memberships: Vec<ActorMembership>,
    /// Read-only scopes of an API client; `None` for users (their roles decide).
    pub scopes: Option<Vec<String>>,
}

impl Actor {
    /// The id recorded in audit rows.
    pub fn id(&self) -> Uuid {
        match self.subject {
            Subject::User(id) | Subject::ApiClient(id) => id,
        }
    }

    /// The user id, if a person (not a machine) is calling.
    pub fn user_id(&self) -> Option<Uuid> {
        match self.subject {
            Subject::User(id) => Some(id),
            Subject::ApiClient(_) => None,
        }
    }

    /// True when the actor holds `role` in any organization.
    pub fn has_role(&self, role: Role) -> bool {
        self.memberships.iter().any(|m| m.roles.contains(&role))
    }

    /// True when the actor holds `role` in organization `org`.
    pub fn has_role_in(&self, org: Uuid, role: Role) -> bool {
        self.memberships
            .iter()
            .any(|m| m.organization_id == org && m.roles.contains(&role))
    }

    /// Organizations where the actor holds any of `roles`.
    pub fn orgs_with_any(&self, roles: &[Role]) -> Vec<Uuid> {
        self.memberships
            .iter()
            .filter(|m| m.roles.iter().any(|r| roles.contains(r)))
            .map(|m| m.organization_id)
            .collect()
    }

    pub fn is_platform_admin(&self) -> bool {
        self.has_role(Role::PlatformAdmin)
    }

    /// A machine client holding `scope`, or a user (whose roles are checked elsewhere).
    pub fn has_scope(&self, scope: &str) -> bool {
        match &self.scopes {
            None => true,
            Some(s) => s.iter().any(|x| x == scope),
        }
    }

    /// Machine clients are read-only by construction.
    pub fn is_read_only(&self) -> bool {
        matches!(self.subject, Subject::ApiClient(_))
    }

    /// The system itself (seeding, background workers): audit rows carry the nil id.
    pub fn system() -> Actor {
        Actor {
            subject: Subject::User(Uuid::nil()),
            memberships: vec![ActorMembership {
                organization_id: Uuid::nil(),
                roles: vec![Role::PlatformAdmin],
            }],
            scopes: None,
        }
    }
}
