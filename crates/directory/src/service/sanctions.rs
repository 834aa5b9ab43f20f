//! The sanctions registry (EX-04, EX-05): bans an association imposes on a person after
//! misconduct in its exams. EX-04 (impersonation) bars one programme's exams — the programme is
//! the course — for one year; EX-05 (serious disorder, threatening a proctor) bars all the
//! association's training and exams for three years. The length follows from the rule and is
//! computed here, never sent. `ends_on` is exclusive: the first day admitted again, like the
//! CR-04 blacklist's `expires_on`. The association lifts a sanction with a reason (audited); a
//! lifted sanction bars nothing. Training's admission and the exams' registration ask the one
//! question, [`Directory::active_sanction`] (or [`Directory::refuse_if_sanctioned`]).

use crate::Directory;
use crate::access::{Purpose, Visibility, reaches_any};
use crate::entity::{organization, person, sanction};
use crate::error::{DirectoryError, Result, noun};
use crate::model::{OrgKind, SanctionKind, SanctionRule};
use crate::service::persons::iso_date;
use crate::service::validation;
use kernel::audit::AuditEntry;
use kernel::db::begin_write;
use kernel::refusal::FoundAt;
use kernel::{Actor, RuleViolation};
use sea_orm::sea_query::{Expr, ExprTrait};
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
    pub person_id: Uuid,
    /// The association whose training and exams it bars.
    pub association_id: Uuid,
    pub kind: SanctionKind,
    /// The programme (course) a programme ban bars; null for an association ban.
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

/// A new sanction. The rule decides its kind and length: EX-04 bars the course named for one
/// year, EX-05 the whole association for three.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SanctionIn {
    pub person_id: Uuid,
    pub association_id: Uuid,
    pub rule: SanctionRule,
    /// The programme (course) an EX-04 ban bars; required for EX-04, refused for EX-05.
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

/// Lifting a sanction: why (1–500 characters).
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
    /// One person's sanctions.
    pub person_id: Option<Uuid>,
    /// `true`: only those barring today; `false`: only those that do not.
    pub active: Option<bool>,
}

impl SanctionRule {
    /// What the rule bars.
    pub fn kind(self) -> SanctionKind {
        match self {
            SanctionRule::Ex04 => SanctionKind::ProgrammeBan,
            SanctionRule::Ex05 => SanctionKind::AssociationBan,
        }
    }

    /// How many years the rule bars for.
    pub fn years(self) -> i32 {
        match self {
            SanctionRule::Ex04 => 1,
            SanctionRule::Ex05 => 3,
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

fn bars_on(m: &sanction::Model, day: Date) -> bool {
    m.lifted_at.is_none() && m.starts_on <= day && day < m.ends_on
}

fn to_sanction(m: sanction::Model, today: Date) -> Sanction {
    Sanction {
        active: bars_on(&m, today),
        id: m.id,
        person_id: m.person_id,
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

/// The refusal of a registration a sanction bars, naming its rule.
fn violation(s: &sanction::Model) -> RuleViolation {
    let until = s.ends_on.to_string();
    match s.rule {
        SanctionRule::Ex04 => RuleViolation::new(
            SanctionRule::Ex04.as_str(),
            format!("该人员因替考被禁止参加该项目的考试,{until}前不予受理"),
            format!("the person is barred from this programme's exams for impersonation until {until}"),
        ),
        SanctionRule::Ex05 => RuleViolation::new(
            SanctionRule::Ex05.as_str(),
            format!("该人员因严重扰乱考场秩序或威胁监考人员被禁止参加本协会的培训和考试,{until}前不予受理"),
            format!("the person is barred from the association's training and exams for serious disorder until {until}"),
        ),
    }
    .with("ends_on", until)
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
    async fn manages_sanctions<C: ConnectionTrait>(
        conn: &C,
        actor: &Actor,
        association: Uuid,
    ) -> Result<bool> {
        let v = Visibility::of(conn, actor, Purpose::ManageSanctions).await?;
        Ok(v.all || v.associations.contains(&association))
    }

    /// Imposes a sanction (EX-04, EX-05): association admins and staff for their association.
    /// A role without the grant is refused (403); an association the actor does not manage is
    /// unknown (422 on `/association_id`).
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
                    "替考(EX-04)禁考须指定项目(课程)",
                    "an EX-04 ban names the programme (course) it bars",
                ));
            }
            (SanctionKind::AssociationBan, Some(_)) => {
                return Err(DirectoryError::field(
                    "/course_id",
                    "not_allowed",
                    "EX-05 禁止参加本协会全部培训和考试,不指定课程",
                    "an EX-05 ban bars the whole association and names no course",
                ));
            }
            _ => {}
        }
        let txn = begin_write(&self.db).await?;
        let association = organization::Entity::find_by_id(input.association_id)
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
        let person = person::Entity::find_by_id(input.person_id)
            .one(&txn)
            .await?
            .or_not_found_at("/person_id", "无此人员", "no such person")?;
        let now = self.clock.now();
        let starts_on = input
            .starts_on
            .unwrap_or_else(|| kernel::clock::shanghai_date(now));
        let row = sanction::ActiveModel {
            id: Set(Uuid::now_v7()),
            person_id: Set(person.id),
            association_id: Set(input.association_id),
            kind: Set(input.rule.kind()),
            course_id: Set(input.course_id),
            starts_on: Set(starts_on),
            ends_on: Set(sanction_end(input.rule, starts_on)),
            rule: Set(input.rule),
            reason: Set(input.reason.trim().to_owned()),
            recorded_by: Set(actor.id()),
            recorded_at: Set(now),
            lifted_at: Set(None),
            lifted_by: Set(None),
            lift_reason: Set(None),
            version: Set(1),
        }
        .insert(&txn)
        .await?;
        AuditEntry::new("sanction.impose", "sanction", row.id)
            .in_org(row.association_id)
            .change(json!({
                "person_id": row.person_id, "rule": row.rule.as_str(), "kind": row.kind.as_str(),
                "course_id": row.course_id, "starts_on": row.starts_on.to_string(),
                "ends_on": row.ends_on.to_string(),
            }))
            .record(&txn, actor, now)
            .await?;
        txn.commit().await?;
        Ok(to_sanction(row, self.clock.today_shanghai()))
    }

    /// The sanctions of the actor's associations (a sub-centre: its parent's), newest first.
    /// A role without the grant is refused (403).
    pub async fn list_sanctions(&self, actor: &Actor, f: &SanctionFilter) -> Result<Vec<Sanction>> {
        if !reaches_any(actor, Purpose::ReadSanctions) {
            return Err(DirectoryError::forbidden());
        }
        let mut q = sanction::Entity::find();
        let readable = Self::sanctions_readable(&self.db, actor).await?;
        if let Some(assocs) = &readable {
            q = q.filter(sanction::Column::AssociationId.is_in(assocs.clone()));
        }
        if let Some(p) = f.person_id {
            // A filter naming a person the caller cannot see is 404, as on every list: seen
            // are the persons it reads, and those its associations have sanctioned.
            if let Some(assocs) = &readable {
                let persons = Visibility::of(&self.db, actor, Purpose::ReadPersons).await?;
                let seen = person::Entity::find_by_id(p)
                    .filter(persons.person_condition())
                    .one(&self.db)
                    .await?
                    .is_some()
                    || sanction::Entity::find()
                        .filter(sanction::Column::PersonId.eq(p))
                        .filter(sanction::Column::AssociationId.is_in(assocs.clone()))
                        .one(&self.db)
                        .await?
                        .is_some();
                if !seen {
                    return Err(DirectoryError::not_found(noun::PERSON));
                }
            } else if person::Entity::find_by_id(p).one(&self.db).await?.is_none() {
                return Err(DirectoryError::not_found(noun::PERSON));
            }
            q = q.filter(sanction::Column::PersonId.eq(p));
        }
        let today = self.clock.today_shanghai();
        if let Some(active) = f.active {
            let barring = Condition::all()
                .add(sanction::Column::LiftedAt.is_null())
                .add(sanction::Column::StartsOn.lte(today))
                .add(sanction::Column::EndsOn.gt(today));
            q = q.filter(if active { barring } else { barring.not() });
        }
        Ok(q.order_by_desc(sanction::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|m| to_sanction(m, today))
            .collect())
    }

    /// Lifts a sanction with a reason (audited): it stays on record, marked lifted, and bars
    /// nothing any more. A sanction the actor cannot see is not found (404); one it reads but
    /// may not manage is forbidden (403); lifting one already lifted is a conflict (409).
    pub async fn lift_sanction(
        &self,
        actor: &Actor,
        id: Uuid,
        input: SanctionLiftIn,
    ) -> Result<Sanction> {
        let txn = begin_write(&self.db).await?;
        let s = sanction::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or(DirectoryError::not_found(noun::SANCTION))?;
        let seen = match Self::sanctions_readable(&txn, actor).await? {
            None => true,
            Some(assocs) => assocs.contains(&s.association_id),
        };
        if !seen {
            return Err(DirectoryError::not_found(noun::SANCTION));
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
            return Err(DirectoryError::conflict(
                "sanction_lifted",
                "该处理已解除",
                "this sanction was already lifted",
            ));
        }
        AuditEntry::new("sanction.lift", "sanction", s.id)
            .in_org(s.association_id)
            .change(json!({"person_id": s.person_id, "rule": s.rule.as_str(), "reason": reason}))
            .record(&txn, actor, now)
            .await?;
        let row = sanction::Entity::find_by_id(s.id)
            .one(&txn)
            .await?
            .ok_or(DirectoryError::not_found(noun::SANCTION))?;
        txn.commit().await?;
        Ok(to_sanction(row, self.clock.today_shanghai()))
    }

    /// The one question (EX-04, EX-05, asked by EX-11): the sanction, if any, that bars
    /// `person` from `association`'s training or exams on `on` — an association ban bars every
    /// course of the association, a programme ban only its course (`course`; with none, only
    /// association bans count). Lifted, not yet begun and ended sanctions bar nothing. Of
    /// several, the one that ends last.
    pub async fn active_sanction<C: ConnectionTrait>(
        conn: &C,
        person: Uuid,
        association: Uuid,
        course: Option<Uuid>,
        on: Date,
    ) -> Result<Option<sanction::Model>> {
        let mut scope =
            Condition::any().add(sanction::Column::Kind.eq(SanctionKind::AssociationBan));
        if let Some(c) = course {
            scope = scope.add(
                Condition::all()
                    .add(sanction::Column::Kind.eq(SanctionKind::ProgrammeBan))
                    .add(sanction::Column::CourseId.eq(c)),
            );
        }
        Ok(sanction::Entity::find()
            .filter(sanction::Column::PersonId.eq(person))
            .filter(sanction::Column::AssociationId.eq(association))
            .filter(sanction::Column::LiftedAt.is_null())
            .filter(sanction::Column::StartsOn.lte(on))
            .filter(sanction::Column::EndsOn.gt(on))
            .filter(scope)
            .order_by_desc(sanction::Column::EndsOn)
            .one(conn)
            .await?)
    }

    /// [`Directory::active_sanction`] as a refusal: the rule of the sanction that bars (EX-04
    /// or EX-05), with the first day admitted again in `params.ends_on`.
    pub async fn refuse_if_sanctioned<C: ConnectionTrait>(
        conn: &C,
        person: Uuid,
        association: Uuid,
        course: Option<Uuid>,
        on: Date,
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
    fn ex_04_bars_one_year_and_ex_05_three_ending_on_the_anniversary() {
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
