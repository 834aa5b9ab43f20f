//! Tenancy: which organizations an actor can see or act on, per purpose. Every query of the
//! directory (and of the domains) is filtered through a [`Visibility`], so a foreign tenant's
//! row is simply not found (404), never "forbidden".

use crate::entity::{organization, person};
use crate::error::Result;
use crate::model::OrgKind;
use kernel::{Actor, Role};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

/// What the actor wants to do; each purpose grants scope by role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    ReadOrganizations,
    ManageOrganizations,
    ReadPersons,
    ManagePersons,
    ManageUsers,
    ReadAudit,
    /// Read the sanctions (EX-04, EX-05) of an association: its admins and staff, and its
    /// sub-centres (which must refuse the barred too).
    ReadSanctions,
    /// Impose and lift sanctions: the association's admins and staff.
    ManageSanctions,
    /// Read a person's qualifications (EX-08): who manages the person's organization, and the
    /// association it belongs to.
    ReadQualifications,
    /// Record and revoke qualifications: the same.
    ManageQualifications,
    /// Read a person's declared relations (EX-07): the same.
    ReadRelations,
    /// Declare and remove relations: the same.
    DeclareRelations,
}

/// Roles that reach one level of scope for a purpose.
struct Grant {
    /// The organizations where the role is held.
    own: &'static [Role],
    /// The association where the role is held and all its member organizations.
    association: &'static [Role],
    /// Every organization in the region of the regulator where the role is held.
    region: &'static [Role],
    /// API-client scope that grants the region.
    client_scope: Option<&'static str>,
}

const ASSOC_ROLES: &[Role] = &[
    Role::AssociationAdmin,
    Role::AssociationStaff,
    Role::Finance,
];

fn grant(p: Purpose) -> Grant {
    use Role::*;
    match p {
        Purpose::ReadOrganizations => Grant {
            own: &Role::ALL,
            association: ASSOC_ROLES,
            region: &[Regulator],
            client_scope: Some("organizations:read"),
        },
        Purpose::ManageOrganizations => Grant {
            own: &[InstitutionAdmin, SubcentreAdmin],
            association: &[AssociationAdmin],
            region: &[],
            client_scope: None,
        },
        // An association's exam officers find the proctors and evaluators they assign to its
        // sittings among its members' people (EX-06..EX-08; they manage none of them).
        Purpose::ReadPersons => Grant {
            own: &[
                InstitutionAdmin,
                EnterpriseOfficer,
                EnterpriseManager,
                SubcentreAdmin,
            ],
            association: &[AssociationAdmin, AssociationStaff, ExamOfficer],
            region: &[Regulator],
            client_scope: Some("persons:read"),
        },
        Purpose::ManagePersons => Grant {
            own: &[
                InstitutionAdmin,
                EnterpriseOfficer,
                EnterpriseManager,
                SubcentreAdmin,
            ],
            association: &[AssociationAdmin, AssociationStaff],
            region: &[],
            client_scope: None,
        },
        Purpose::ManageUsers => Grant {
            own: &[InstitutionAdmin, EnterpriseManager, SubcentreAdmin],
            association: &[AssociationAdmin],
            region: &[],
            client_scope: None,
        },
        Purpose::ReadAudit => Grant {
            own: &[InstitutionAdmin, SubcentreAdmin],
            association: &[AssociationAdmin],
            region: &[Regulator],
            client_scope: Some("audit:read"),
        },
        // A sub-centre reads its parent association's sanctions (`own`: the sub-centre, whose
        // association the service looks up).
        Purpose::ReadSanctions => Grant {
            own: &[SubcentreAdmin],
            association: &[AssociationAdmin, AssociationStaff],
            region: &[],
            client_scope: None,
        },
        Purpose::ManageSanctions => Grant {
            own: &[],
            association: &[AssociationAdmin, AssociationStaff],
            region: &[],
            client_scope: None,
        },
        // Who manages the person's organization (its administrator: an inspection institution's,
        // a sub-centre's), and the association's admins and staff for every member.
        Purpose::ReadQualifications
        | Purpose::ManageQualifications
        | Purpose::ReadRelations
        | Purpose::DeclareRelations => Grant {
            own: &[InstitutionAdmin, SubcentreAdmin],
            association: &[AssociationAdmin, AssociationStaff],
            region: &[],
            client_scope: None,
        },
    }
}

impl Purpose {
    pub const ALL: [Purpose; 12] = [
        Purpose::ReadOrganizations,
        Purpose::ManageOrganizations,
        Purpose::ReadPersons,
        Purpose::ManagePersons,
        Purpose::ManageUsers,
        Purpose::ReadAudit,
        Purpose::ReadSanctions,
        Purpose::ManageSanctions,
        Purpose::ReadQualifications,
        Purpose::ManageQualifications,
        Purpose::ReadRelations,
        Purpose::DeclareRelations,
    ];
}

/// The API-client scope that grants a purpose across the region, if any.
pub fn client_scope(purpose: Purpose) -> Option<&'static str> {
    grant(purpose).client_scope
}

/// True when the actor reaches at least one organization (or, reading persons, their own
/// record) for `purpose`: the same grant table [`Visibility::of`] scopes queries with, asked
/// without the database so `GET /me` can tell the web app which screens and buttons to offer.
pub fn reaches_any(actor: &Actor, purpose: Purpose) -> bool {
    let g = grant(purpose);
    if actor.is_read_only() {
        return g.client_scope.is_some_and(|s| actor.has_scope(s));
    }
    if actor.is_platform_admin() {
        return true;
    }
    [g.own, g.association, g.region]
        .iter()
        .any(|roles| !actor.orgs_with_any(roles).is_empty())
        || (purpose == Purpose::ReadPersons && actor.has_role(Role::Practitioner))
}

/// The organizations an actor reaches for one purpose.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Visibility {
    pub all: bool,
    pub orgs: Vec<Uuid>,
    pub associations: Vec<Uuid>,
    /// GB/T 2260 prefixes ("44" for a province, "4403" for a city).
    pub regions: Vec<String>,
    /// The practitioner's own user id: they always see their own person record.
    pub own_person_user: Option<Uuid>,
}

impl Visibility {
    /// Computes the actor's reach for `purpose`. Region scope needs the regulator's region
    /// code, hence the query.
    pub async fn of<C: ConnectionTrait>(conn: &C, actor: &Actor, purpose: Purpose) -> Result<Self> {
        let g = grant(purpose);
        let mut v = Visibility::default();
        if actor.is_read_only() {
            // API clients: only their scopes, only their regulator's region.
            if let Some(scope) = g.client_scope
                && actor.has_scope(scope)
            {
                v.regions = region_prefixes(conn, &actor.orgs_with_any(&[Role::Regulator])).await?;
            }
            return Ok(v);
        }
        if actor.is_platform_admin() {
            v.all = true;
            return Ok(v);
        }
        v.orgs = actor.orgs_with_any(g.own);
        v.associations = actor.orgs_with_any(g.association);
        v.regions = region_prefixes(conn, &actor.orgs_with_any(g.region)).await?;
        if purpose == Purpose::ReadPersons && actor.has_role(Role::Practitioner) {
            v.own_person_user = actor.user_id();
        }
        Ok(v)
    }

    pub fn is_empty(&self) -> bool {
        !self.all && self.orgs.is_empty() && self.associations.is_empty() && self.regions.is_empty()
    }

    /// Filter on the organizations table.
    pub fn org_condition(&self) -> Condition {
        if self.all {
            return Condition::all();
        }
        if self.is_empty() {
            // Nothing visible: a condition no row meets.
            return Condition::any().add(organization::Column::Id.is_in(Vec::<Uuid>::new()));
        }
        // Only the lists that hold something: `IN ()` would read as false anyway, and every
        // term is built and rendered again on each request.
        let mut c = Condition::any();
        if !self.orgs.is_empty() {
            c = c.add(organization::Column::Id.is_in(self.orgs.iter().copied()));
        }
        if !self.associations.is_empty() {
            c = c
                .add(organization::Column::Id.is_in(self.associations.iter().copied()))
                .add(organization::Column::AssociationId.is_in(self.associations.iter().copied()));
        }
        for p in &self.regions {
            c = c.add(organization::Column::RegionCode.starts_with(p.as_str()));
        }
        c
    }

    /// True when the organization row lies in this visibility.
    pub fn covers(&self, org: &organization::Model) -> bool {
        self.all
            || self.orgs.contains(&org.id)
            || self.associations.contains(&org.id)
            || org
                .association_id
                .is_some_and(|a| self.associations.contains(&a))
            || self
                .regions
                .iter()
                .any(|p| org.region_code.starts_with(p.as_str()))
    }

    /// Filter on the persons table: employed by a visible organization, or oneself.
    pub fn person_condition(&self) -> Condition {
        let mut c = Condition::any();
        if self.all {
            return Condition::all();
        }
        if !self.is_empty() {
            let mut orgs = sea_orm::sea_query::Query::select();
            orgs.column((organization::Entity, organization::Column::Id))
                .from(organization::Entity)
                .cond_where(self.org_condition());
            c = c.add(person::Column::EmployerId.in_subquery(orgs));
        }
        if let Some(u) = self.own_person_user {
            c = c.add(person::Column::UserId.eq(u));
        }
        if self.is_empty() && self.own_person_user.is_none() {
            c = c.add(person::Column::Id.is_in(Vec::<Uuid>::new()));
        }
        c
    }
}

async fn region_prefixes<C: ConnectionTrait>(conn: &C, orgs: &[Uuid]) -> Result<Vec<String>> {
    if orgs.is_empty() {
        return Ok(vec![]);
    }
    let regulators = organization::Entity::find()
        .filter(organization::Column::Id.is_in(orgs.to_vec()))
        .filter(organization::Column::Kind.eq(OrgKind::Regulator))
        .all(conn)
        .await?;
    Ok(regulators
        .iter()
        .map(|o| kernel::region::prefix(&o.region_code).to_owned())
        .collect())
}
