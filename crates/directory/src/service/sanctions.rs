//! The sanctions registry: everything that bars a person from registering, training or sitting
//! an exam, in one table and behind one question.
//!
//! - CR-04 (kind `blacklist`): false education or student-status data; no registration is
//!   accepted anywhere on the platform for five years. Matched by the keyed hash of the ID
//!   number, so a person not (yet) in the directory can be listed and nothing is decrypted to
//!   ask. Kept by the association that listed it; its staff and sub-centres read it. The
//!   `/blacklist` endpoints are this kind's view ([`super::blacklist`]).
//! - EX-04 (kind `programme_ban`): impersonation bars one programme's exams — the programme is
//!   the course — for one year.
//! - EX-05 (kind `association_ban`): serious disorder or threatening a proctor bars all the
//!   association's training and exams for three years.
//!
//! The length follows from the rule and is computed here, never sent. `ends_on` is exclusive:
//! the first day admitted again. The association lifts a sanction with a reason (audited); a
//! lifted sanction bars nothing. Training's admission and the exams' registration ask the one
//! question, [`Directory::active_sanction`] (or [`Directory::refuse_if_sanctioned`]).

use crate::Directory;
use crate::access::{Purpose, Visibility, reaches_any};
use crate::entity::{organization, person, sanction};
use crate::error::{DirectoryError, Result, noun};
use crate::model::{NationalId, OrgKind, SanctionKind, SanctionRule};
use crate::service::persons::iso_date;
use crate::service::validation;
use kernel::audit::AuditEntry;
use kernel::refusal::FoundAt;
use kernel::{Actor, Noun, RuleViolation};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use time::{Date, OffsetDateTime};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

/// A sanction as the association reads it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Sanction {
    pub id: Uuid,
    /// The person sanctioned; null for a CR-04 listing of someone not (yet) in the directory.
    pub person_id: Option<Uuid>,
    /// The name as recorded when the sanction was imposed.
    pub name: String,
    /// e.g. `110105********002X`.
    pub national_id_masked: String,
    /// The association that imposed it: whose training and exams a ban bars.
    pub association_id: Uuid,
    pub kind: SanctionKind,
    /// The programme (course) a programme ban bars; null for the other kinds.
    pub course_id: Option<Uuid>,
    pub rule: SanctionRule,
    pub reason: String,
    /// The first day barred.
    #[serde(with = "iso_date")]
    #[schema(value_type = String, format = Date)]
    pub starts_on: Date,
    /// The first day admitted again (exclusive end).
    #[serde(with = "iso_date")]
    #[schema(value_type = String, format = Date)]
    pub ends_on: Date,
    /// True when it bars today (Asia/Shanghai): begun, not ended, not lifted.
    pub active: bool,
    pub recorded_by: Uuid,
    #[serde(with = "kernel::utc")]
    #[schema(value_type = String, format = DateTime)]
    pub recorded_at: OffsetDateTime,
    #[serde(with = "kernel::utc::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub lifted_at: Option<OffsetDateTime>,
    pub lifted_by: Option<Uuid>,
    pub lift_reason: Option<String>,
    pub version: i32,
}

/// A new sanction of a person in the directory. The rule decides its kind and length: CR-04
/// lists for five years, EX-04 bars the course named for one year, EX-05 the whole association
/// for three. (`POST /blacklist` lists by ID number too.)
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SanctionIn {
    pub person_id: Uuid,
    pub association_id: Uuid,
    pub rule: SanctionRule,
    /// The programme (course) an EX-04 ban bars; required for EX-04, refused for the others.
    #[serde(default)]
    pub course_id: Option<Uuid>,
    /// The first day barred; defaults to today (Asia/Shanghai).
    #[serde(default, with = "iso_date::option")]
    #[schema(value_type = Option<String>, format = Date)]
    pub starts_on: Option<Date>,
    /// e.g. 2026年11月理论考试替考.
    #[validate(custom(function = "kernel::text::required_text_500"))]
    pub reason: String,
}

/// Lifting a sanction or a blacklist entry: why (1–500 characters).
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SanctionLiftIn {
    /// e.g. 经复核系误认,撤销处理.
    #[validate(custom(function = "kernel::text::required_text_500"))]
    pub reason: String,
}

/// The filter of `GET /sanctions`.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SanctionFilter {
    /// One person's sanctions (CR-04 listings by their ID number included).
    pub person_id: Option<Uuid>,
    /// `true`: only those barring today; `false`: only those that do not.
    pub active: Option<bool>,
    /// One kind only.
    pub kind: Option<SanctionKind>,
}

/// The days a sanction question is asked for. A ban (EX-04, EX-05) bars taking part, so it is
/// judged on the day the person would attend (the class's first day, the sitting's day); the
/// CR-04 blacklist bars registering, so it is judged on the day the registration is made. A
/// plain `Date` asks both on that day (at an exam's start, registration and attendance are the
/// same day).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SanctionDays {
    /// The day the registration is made (Asia/Shanghai): CR-04 is judged on it.
    pub registration: Date,
    /// The day the person would take part: EX-04 and EX-05 are judged on it.
    pub attendance: Date,
}

impl From<Date> for SanctionDays {
    fn from(day: Date) -> Self {
        SanctionDays {
            registration: day,
            attendance: day,
        }
    }
}

impl SanctionRule {
    /// What the rule bars.
    pub fn kind(self) -> SanctionKind {
        match self {
            SanctionRule::Cr04 => SanctionKind::Blacklist,
            SanctionRule::Ex04 => SanctionKind::ProgrammeBan,
            SanctionRule::Ex05 => SanctionKind::AssociationBan,
        }
    }

    /// How many years the rule bars for.
    pub fn years(self) -> i32 {
        match self {
            SanctionRule::Cr04 => 5,
            SanctionRule::Ex04 => 1,
            SanctionRule::Ex05 => 3,
        }
    }
}

impl SanctionKind {
    /// How the audit log names a sanction of this kind, its imposition and its lifting. A
    /// CR-04 listing keeps the blacklist's names, so an entry's trail reads as one before and
    /// after the blacklist moved into the registry (m0058).
    pub(crate) fn audit(self) -> (&'static str, &'static str, &'static str) {
        match self {
            SanctionKind::Blacklist => ("blacklist_entry", "blacklist.add", "blacklist.lift"),
            SanctionKind::ProgrammeBan | SanctionKind::AssociationBan => {
                ("sanction", "sanction.impose", "sanction.lift")
            }
        }
    }
}

/// The first day admitted again after a sanction under `rule` starting on `starts_on`: the same
/// day `years` later (29 February → 1 March).
pub fn sanction_end(rule: SanctionRule, starts_on: Date) -> Date {
    let year = starts_on.year() + rule.years();
    Date::from_calendar_date(year, starts_on.month(), starts_on.day()).unwrap_or_else(|_| {
        Date::from_calendar_date(year, time::Month::March, 1).unwrap_or(starts_on)
    })
}

/// True when the sanction bars on `day`: not lifted, begun, not ended.
fn bars_on(m: &sanction::Model, day: Date) -> bool {
    m.lifted_at.is_none() && m.starts_on <= day && day < m.ends_on
}

fn to_sanction(m: sanction::Model, today: Date) -> Sanction {
    Sanction {
        active: bars_on(&m, today),
        id: m.id,
        person_id: m.person_id,
        name: m.name,
        national_id_masked: m.national_id_masked,
        association_id: m.association_id,
        kind: m.kind,
        course_id: m.course_id,
        rule: m.rule,
        reason: m.reason,
        starts_on: m.starts_on,
        ends_on: m.ends_on,
        recorded_by: m.recorded_by,
        recorded_at: m.recorded_at,
        lifted_at: m.lifted_at,
        lifted_by: m.lifted_by,
        lift_reason: m.lift_reason,
        version: m.version,
    }
}

/// The refusal of a registration a sanction bars, naming its rule and, in `params.ends_on`, the
/// first day admitted again.
fn violation(s: &sanction::Model) -> RuleViolation {
    let until = s.ends_on.to_string();
    let (zh, en) = match s.rule {
        SanctionRule::Cr04 => (
            format!("该人员因提供虚假学历或学籍信息被列入黑名单,{until}前不予受理报名"),
            format!(
                "the person is blacklisted for false education or student-status data; no registration before {until}"
            ),
        ),
        SanctionRule::Ex04 => (
            format!("该人员因替考被禁止参加该项目的考试,{until}前不予受理"),
            format!(
                "the person is barred from this programme's exams for impersonation until {until}"
            ),
        ),
        SanctionRule::Ex05 => (
            format!(
                "该人员因严重扰乱考场秩序或威胁监考人员被禁止参加本协会的培训和考试,{until}前不予受理"
            ),
            format!(
                "the person is barred from the association's training and exams for serious disorder until {until}"
            ),
        ),
    };
    RuleViolation::new(s.rule.as_str(), zh, en).with("ends_on", until)
}

/// Who is sanctioned: a person in the directory, or (CR-04) a name and an ID number.
pub(crate) enum Subject<'a> {
    Known(Uuid),
    Unlisted { name: &'a str, national_id: &'a str },
}

/// A sanction to record, its input already checked by the endpoint that received it.
pub(crate) struct Imposition<'a> {
    pub association_id: Uuid,
    pub subject: Subject<'a>,
    pub rule: SanctionRule,
    pub course_id: Option<Uuid>,
    /// Defaults to today (Asia/Shanghai).
    pub starts_on: Option<Date>,
    pub reason: &'a str,
}

/// The endpoint a sanction is addressed through: `/sanctions` reaches every kind, `/blacklist`
/// only CR-04 listings, each naming what it does not find and what was already lifted in its
/// own words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Door {
    Sanctions,
    Blacklist,
}

impl Door {
    fn noun(self) -> Noun {
        match self {
            Door::Sanctions => noun::SANCTION,
            Door::Blacklist => noun::BLACKLIST_ENTRY,
        }
    }

    fn opens(self, kind: SanctionKind) -> bool {
        self == Door::Sanctions || kind == SanctionKind::Blacklist
    }

    fn already_lifted(self) -> DirectoryError {
        match self {
            Door::Sanctions => DirectoryError::conflict(
                "sanction_lifted",
                "该处理已解除",
                "this sanction was already lifted",
            ),
            Door::Blacklist => DirectoryError::conflict(
                "blacklist_lifted",
                "该黑名单记录已解除",
                "this listing was already lifted",
            ),
        }
    }
}

impl Directory {
    /// The associations whose sanctions the actor reads (`None`: all): those where it holds an
    /// association role, and a sub-centre's parent association.
    async fn sanctions_readable<C: ConnectionTrait>(
        conn: &C,
        actor: &Actor,
    ) -> Result<Option<Vec<Uuid>>> {
        let v = Visibility::of(conn, actor, Purpose::ReadSanctions).await?;
        if v.all {
            return Ok(None);
        }
        let parents = if v.orgs.is_empty() {
            vec![]
        } else {
            organization::Entity::find()
                .filter(organization::Column::Id.is_in(v.orgs.clone()))
                .all(conn)
                .await?
                .into_iter()
                .filter_map(|o| o.association_id)
                .collect()
        };
        Ok(Some(v.associations.into_iter().chain(parents).collect()))
    }

    /// True when the actor may impose and lift sanctions of `association`.
    pub(crate) async fn manages_sanctions<C: ConnectionTrait>(
        conn: &C,
        actor: &Actor,
        association: Uuid,
    ) -> Result<bool> {
        let v = Visibility::of(conn, actor, Purpose::ManageSanctions).await?;
        Ok(v.all || v.associations.contains(&association))
    }

    /// Records a sanction in its own transaction, audited: the association must be one the
    /// actor manages (else 422 on `/association_id`), the subject a person in the directory (422
    /// on `/person_id`) or a valid ID number with a name (422 on `/national_id`, `/name`).
    pub(crate) async fn record_sanction(
        &self,
        actor: &Actor,
        s: Imposition<'_>,
    ) -> Result<sanction::Model> {
        let txn = kernel::db::begin_write(&self.db).await?;
        let association = organization::Entity::find_by_id(s.association_id)
            .one(&txn)
            .await?
            .filter(|o| o.kind == OrgKind::Association);
        let manages = match &association {
            Some(o) => Self::manages_sanctions(&txn, actor, o.id).await?,
            None => false,
        };
        if !manages {
            return Err(DirectoryError::field(
                "/association_id",
                "not_found",
                "无此协会",
                "no such association",
            ));
        }
        let (person_id, name, hash, masked) = match s.subject {
            Subject::Known(id) => {
                let p = person::Entity::find_by_id(id)
                    .one(&txn)
                    .await?
                    .or_not_found_at("/person_id", "无此人员", "no such person")?;
                (Some(p.id), p.name, p.national_id_hash, p.national_id_masked)
            }
            Subject::Unlisted { name, national_id } => {
                let id = NationalId::parse(national_id).map_err(|e| {
                    DirectoryError::field(
                        "/national_id",
                        e.code(),
                        "身份证号无效",
                        "the ID number is not valid",
                    )
                })?;
                let name = name.trim();
                if name.is_empty() {
                    return Err(DirectoryError::field(
                        "/name",
                        "required",
                        "请填写姓名",
                        "give the name",
                    ));
                }
                (
                    None,
                    name.to_owned(),
                    self.cipher.blind_index(id.expose()),
                    id.masked(),
                )
            }
        };
        let now = self.clock.now();
        let starts_on = s
            .starts_on
            .unwrap_or_else(|| kernel::clock::shanghai_date(now));
        let row = sanction::ActiveModel {
            id: Set(Uuid::now_v7()),
            person_id: Set(person_id),
            association_id: Set(s.association_id),
            kind: Set(s.rule.kind()),
            course_id: Set(s.course_id),
            starts_on: Set(starts_on),
            ends_on: Set(sanction_end(s.rule, starts_on)),
            rule: Set(s.rule),
            reason: Set(s.reason.trim().to_owned()),
            name: Set(name),
            national_id_hash: Set(hash),
            national_id_masked: Set(masked),
            recorded_by: Set(actor.id()),
            recorded_at: Set(now),
            lifted_at: Set(None),
            lifted_by: Set(None),
            lift_reason: Set(None),
            version: Set(1),
        }
        .insert(&txn)
        .await?;
        let (object, imposed, _) = row.kind.audit();
        AuditEntry::new(imposed, object, row.id)
            .in_org(row.association_id)
            .change(json!({
                "person_id": row.person_id, "rule": row.rule.as_str(), "kind": row.kind.as_str(),
                "course_id": row.course_id, "starts_on": row.starts_on.to_string(),
                "ends_on": row.ends_on.to_string(),
            }))
            .record(&txn, actor, now)
            .await?;
        txn.commit().await?;
        Ok(row)
    }

    /// Imposes a sanction (CR-04, EX-04, EX-05) on a person in the directory: association
    /// admins and staff for their association. A role without the grant is refused (403); an
    /// association the actor does not manage is unknown (422 on `/association_id`).
    pub async fn impose_sanction(&self, actor: &Actor, input: SanctionIn) -> Result<Sanction> {
        if !reaches_any(actor, Purpose::ManageSanctions) {
            return Err(DirectoryError::forbidden());
        }
        input.validate().map_err(validation)?;
        match (input.rule.kind(), input.course_id) {
            (SanctionKind::ProgrammeBan, None) => {
                return Err(DirectoryError::field(
                    "/course_id",
                    "required",
                    "替考禁考须指定所禁的项目(课程)",
                    "a ban for sitting an exam for another names the programme (course) it bars",
                ));
            }
            (SanctionKind::AssociationBan, Some(_)) => {
                return Err(DirectoryError::field(
                    "/course_id",
                    "not_allowed",
                    "禁止参加本协会全部培训和考试的,不指定课程",
                    "an association-wide ban bars every programme and names no course",
                ));
            }
            (SanctionKind::Blacklist, Some(_)) => {
                return Err(DirectoryError::field(
                    "/course_id",
                    "not_allowed",
                    "列入黑名单的不予受理任何报名,不指定课程",
                    "a blacklist listing bars every registration and names no course",
                ));
            }
            _ => {}
        }
        let row = self
            .record_sanction(
                actor,
                Imposition {
                    association_id: input.association_id,
                    subject: Subject::Known(input.person_id),
                    rule: input.rule,
                    course_id: input.course_id,
                    starts_on: input.starts_on,
                    reason: &input.reason,
                },
            )
            .await?;
        Ok(to_sanction(row, self.clock.today_shanghai()))
    }

    /// The sanctions the actor reads under `f`, newest first: its associations' (a
    /// sub-centre: its parent's). A role without the grant is refused (403); a person filter
    /// naming someone the caller neither reads nor has sanctioned is not found (404).
    pub(crate) async fn sanctions_seen(
        &self,
        actor: &Actor,
        f: &SanctionFilter,
    ) -> Result<Vec<sanction::Model>> {
        if !reaches_any(actor, Purpose::ReadSanctions) {
            return Err(DirectoryError::forbidden());
        }
        let mut q = sanction::Entity::find();
        let readable = Self::sanctions_readable(&self.db, actor).await?;
        if let Some(assocs) = &readable {
            q = q.filter(sanction::Column::AssociationId.is_in(assocs.clone()));
        }
        if let Some(kind) = f.kind {
            q = q.filter(sanction::Column::Kind.eq(kind));
        }
        if let Some(p) = f.person_id {
            let person = person::Entity::find_by_id(p)
                .one(&self.db)
                .await?
                .ok_or(DirectoryError::not_found(noun::PERSON))?;
            // The person's sanctions, and the CR-04 listings of their ID number.
            let theirs = Condition::any().add(sanction::Column::PersonId.eq(p)).add(
                Condition::all()
                    .add(sanction::Column::Kind.eq(SanctionKind::Blacklist))
                    .add(sanction::Column::NationalIdHash.eq(person.national_id_hash)),
            );
            // As on every list, a filter naming a person the caller cannot see is 404: seen
            // are the persons it reads, and those its associations have sanctioned.
            if let Some(assocs) = &readable {
                let persons = Visibility::of(&self.db, actor, Purpose::ReadPersons).await?;
                let seen = person::Entity::find_by_id(p)
                    .filter(persons.person_condition())
                    .one(&self.db)
                    .await?
                    .is_some()
                    || sanction::Entity::find()
                        .filter(theirs.clone())
                        .filter(sanction::Column::AssociationId.is_in(assocs.clone()))
                        .one(&self.db)
                        .await?
                        .is_some();
                if !seen {
                    return Err(DirectoryError::not_found(noun::PERSON));
                }
            }
            q = q.filter(theirs);
        }
        if let Some(active) = f.active {
            let today = self.clock.today_shanghai();
            let barring = Condition::all()
                .add(sanction::Column::LiftedAt.is_null())
                .add(sanction::Column::StartsOn.lte(today))
                .add(sanction::Column::EndsOn.gt(today));
            q = q.filter(if active { barring } else { barring.not() });
        }
        Ok(q.order_by_desc(sanction::Column::Id).all(&self.db).await?)
    }

    /// The sanctions of the actor's associations (a sub-centre: its parent's), every kind,
    /// newest first. A role without the grant is refused (403).
    pub async fn list_sanctions(&self, actor: &Actor, f: &SanctionFilter) -> Result<Vec<Sanction>> {
        let today = self.clock.today_shanghai();
        Ok(self
            .sanctions_seen(actor, f)
            .await?
            .into_iter()
            .map(|m| to_sanction(m, today))
            .collect())
    }

    /// Lifts a sanction through `door` with a reason (audited): it stays on record, marked
    /// lifted, and bars nothing any more. A sanction the actor cannot see (or the door does
    /// not reach) is not found (404); one it reads but may not manage is forbidden (403);
    /// lifting one already lifted is a conflict (409).
    pub(crate) async fn lift(
        &self,
        actor: &Actor,
        id: Uuid,
        input: &SanctionLiftIn,
        door: Door,
    ) -> Result<sanction::Model> {
        let txn = kernel::db::begin_write(&self.db).await?;
        let s = sanction::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .filter(|s| door.opens(s.kind))
            .ok_or(DirectoryError::not_found(door.noun()))?;
        let seen = match Self::sanctions_readable(&txn, actor).await? {
            None => true,
            Some(assocs) => assocs.contains(&s.association_id),
        };
        if !seen {
            return Err(DirectoryError::not_found(door.noun()));
        }
        if !Self::manages_sanctions(&txn, actor, s.association_id).await? {
            return Err(DirectoryError::forbidden());
        }
        input.validate().map_err(validation)?;
        let reason = input.reason.trim();
        let now = self.clock.now();
        // Conditional on `lifted_at IS NULL`, so that of two concurrent liftings one wins.
        let res = sanction::Entity::update_many()
            .col_expr(sanction::Column::LiftedAt, Expr::value(now))
            .col_expr(sanction::Column::LiftedBy, Expr::value(actor.id()))
            .col_expr(sanction::Column::LiftReason, Expr::value(reason))
            .col_expr(
                sanction::Column::Version,
                Expr::col(sanction::Column::Version).add(1),
            )
            .filter(sanction::Column::Id.eq(s.id))
            .filter(sanction::Column::LiftedAt.is_null())
            .exec(&txn)
            .await?;
        if res.rows_affected != 1 {
            return Err(door.already_lifted());
        }
        let (object, _, lifted) = s.kind.audit();
        AuditEntry::new(lifted, object, s.id)
            .in_org(s.association_id)
            .change(json!({"person_id": s.person_id, "rule": s.rule.as_str(), "reason": reason}))
            .record(&txn, actor, now)
            .await?;
        let row = sanction::Entity::find_by_id(s.id)
            .one(&txn)
            .await?
            .ok_or(DirectoryError::not_found(door.noun()))?;
        txn.commit().await?;
        Ok(row)
    }

    /// Lifts a sanction of any kind with a reason; see [`Directory::lift`].
    pub async fn lift_sanction(
        &self,
        actor: &Actor,
        id: Uuid,
        input: SanctionLiftIn,
    ) -> Result<Sanction> {
        let row = self.lift(actor, id, &input, Door::Sanctions).await?;
        Ok(to_sanction(row, self.clock.today_shanghai()))
    }

    /// The one question (CR-04, EX-04, EX-05, asked by EX-11): the sanction, if any, that bars
    /// `person` from `association`'s training or exams.
    ///
    /// - A CR-04 listing of the person's ID number, by any association, bars every
    ///   registration on the platform on `on.registration` (a plain date: that day).
    /// - An association ban bars every course of the association, a programme ban only its
    ///   course (`course`; with none, only association bans count), on `on.attendance`.
    ///
    /// Lifted, not yet begun and ended sanctions bar nothing. Of several, a CR-04 listing
    /// first, then the one that ends last.
    pub async fn active_sanction<C: ConnectionTrait>(
        conn: &C,
        person: Uuid,
        association: Uuid,
        course: Option<Uuid>,
        on: impl Into<SanctionDays>,
    ) -> Result<Option<sanction::Model>> {
        let on = on.into();
        let mut scope =
            Condition::any().add(sanction::Column::Kind.eq(SanctionKind::AssociationBan));
        if let Some(c) = course {
            scope = scope.add(
                Condition::all()
                    .add(sanction::Column::Kind.eq(SanctionKind::ProgrammeBan))
                    .add(sanction::Column::CourseId.eq(c)),
            );
        }
        let banned = Condition::all()
            .add(sanction::Column::PersonId.eq(person))
            .add(sanction::Column::AssociationId.eq(association))
            .add(scope)
            .add(sanction::Column::StartsOn.lte(on.attendance))
            .add(sanction::Column::EndsOn.gt(on.attendance));
        let their_id_number = Query::select()
            .column(person::Column::NationalIdHash)
            .from(person::Entity)
            .and_where(person::Column::Id.eq(person))
            .to_owned();
        let listed = Condition::all()
            .add(sanction::Column::Kind.eq(SanctionKind::Blacklist))
            .add(sanction::Column::NationalIdHash.in_subquery(their_id_number))
            .add(sanction::Column::StartsOn.lte(on.registration))
            .add(sanction::Column::EndsOn.gt(on.registration));
        Ok(sanction::Entity::find()
            .filter(sanction::Column::LiftedAt.is_null())
            .filter(Condition::any().add(listed).add(banned))
            .all(conn)
            .await?
            .into_iter()
            .max_by_key(|s| (s.kind == SanctionKind::Blacklist, s.ends_on)))
    }

    /// [`Directory::active_sanction`] as a refusal: the rule of the sanction that bars (CR-04,
    /// EX-04 or EX-05), with the first day admitted again in `params.ends_on`.
    pub async fn refuse_if_sanctioned<C: ConnectionTrait>(
        conn: &C,
        person: Uuid,
        association: Uuid,
        course: Option<Uuid>,
        on: impl Into<SanctionDays>,
    ) -> Result<()> {
        match Self::active_sanction(conn, person, association, course, on).await? {
            Some(s) => Err(violation(&s).into()),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn cr_04_lists_five_years_ex_04_bars_one_and_ex_05_three_ending_on_the_anniversary() {
        assert_eq!(
            sanction_end(SanctionRule::Cr04, date!(2021 - 11 - 22)),
            date!(2026 - 11 - 22)
        );
        assert_eq!(
            sanction_end(SanctionRule::Cr04, date!(2024 - 02 - 29)),
            date!(2029 - 03 - 01)
        );
        assert_eq!(
            sanction_end(SanctionRule::Ex04, date!(2026 - 01 - 10)),
            date!(2027 - 01 - 10)
        );
        assert_eq!(
            sanction_end(SanctionRule::Ex05, date!(2024 - 02 - 29)),
            date!(2027 - 03 - 01)
        );
    }
}
