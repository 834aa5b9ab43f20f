//! Misconduct at a sitting (EX-03, EX-04, EX-05), recorded by a proctor of the sitting (or its
//! exam side) with the time, the evidence and a witness. What follows is the rule's, computed
//! here: cheating a first time is a warning and the score stands; a second time in the same
//! sitting disqualifies with zero; impersonation disqualifies and bars the programme's exams
//! for a year; serious disorder or threatening a proctor disqualifies, is reported to the
//! sending unit, appears in the public bad-behaviour column with the ID number masked, and
//! bars all the association's training and exams for three years. Bans go into the
//! directory's one sanctions registry, which training's admission and exam registration ask.

use crate::Exams;
use crate::access::{Purpose, may};
use crate::entity::{attempt, candidate, incident, sitting};
use crate::error::{ExamsError, Result, checked, noun};
use crate::model::{AttemptStatus, Consequence, Duty, IncidentKind};
use directory::Directory;
use directory::entity::{organization, person};
use directory::model::SanctionRule;
use directory::service::bans::RuleBan;
use kernel::Actor;
use kernel::audit::AuditEntry;
use kernel::clock::shanghai_date;
use kernel::db::begin_write;
use kernel::refusal::FoundAt;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use time::OffsetDateTime;
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

/// An incident as the proctor records it.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IncidentIn {
    pub candidate_id: Uuid,
    pub kind: IncidentKind,
    /// When it happened (within the sitting's window).
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub occurred_at: OffsetDateTime,
    /// What was seen or found, e.g. 手机藏于袖中.
    #[validate(custom(function = "kernel::text::required_text_1000"))]
    pub evidence: String,
    /// Who else saw it.
    #[serde(default)]
    #[validate(custom(function = "kernel::text::optional_text_100"))]
    pub witness: Option<String>,
}

/// A recorded incident and what it led to.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Incident {
    pub id: Uuid,
    pub sitting_id: Uuid,
    pub candidate_id: Uuid,
    pub person_id: Uuid,
    pub kind: IncidentKind,
    #[serde(with = "kernel::utc")]
    #[schema(value_type = String, format = DateTime)]
    pub occurred_at: OffsetDateTime,
    pub evidence: String,
    pub witness: Option<String>,
    pub consequence: Consequence,
    /// The EX-04/EX-05 sanction in the registry, if one was imposed.
    pub sanction_id: Option<Uuid>,
    #[serde(with = "kernel::utc")]
    #[schema(value_type = String, format = DateTime)]
    pub recorded_at: OffsetDateTime,
}

/// One entry of the public bad-behaviour column (EX-05): no login, the ID number masked.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BadBehaviour {
    /// The incident's id (the column's paging cursor).
    pub id: Uuid,
    pub name: String,
    pub national_id_masked: String,
    pub association: String,
    /// The day of the incident (Asia/Shanghai), `YYYY-MM-DD`.
    pub day: String,
    /// What happened, in words for the public.
    pub what: String,
    pub what_en: String,
}

/// EX-03..EX-05: what an incident leads to, given how many cheating incidents the candidate
/// already has in this sitting.
pub fn consequence_of(kind: IncidentKind, earlier_cheating: u64) -> Consequence {
    match kind {
        IncidentKind::Cheating if earlier_cheating == 0 => Consequence::Warning,
        IncidentKind::Cheating => Consequence::Disqualified,
        IncidentKind::Impersonation => Consequence::ProgrammeBan,
        IncidentKind::Disorder => Consequence::AssociationBan,
    }
}

fn to_incident(i: incident::Model) -> Incident {
    Incident {
        id: i.id,
        sitting_id: i.sitting_id,
        candidate_id: i.candidate_id,
        person_id: i.person_id,
        kind: i.kind,
        occurred_at: i.occurred_at,
        evidence: i.evidence,
        witness: i.witness,
        consequence: i.consequence,
        sanction_id: i.sanction_id,
        recorded_at: i.recorded_at,
    }
}

impl Exams {
    /// Records an incident and applies its consequence (EX-03, EX-04, EX-05).
    pub async fn record_incident(
        &self,
        actor: &Actor,
        sitting_id: Uuid,
        input: IncidentIn,
    ) -> Result<Incident> {
        checked(&input, vec![])?;
        let txn = begin_write(&self.dir().db).await?;
        let s = sitting::Entity::find_by_id(sitting_id)
            .one(&txn)
            .await?
            .ok_or(ExamsError::not_found(noun::SITTING))?;
        let proctor = self
            .duty_person(&txn, actor, s.id, Duty::Proctor)
            .await?
            .is_some();
        if !(proctor || may(actor, Purpose::RunSittings, s.association_id)) {
            return Err(ExamsError::not_found(noun::SITTING));
        }
        if input.occurred_at < s.opens_at || input.occurred_at > s.closes_at {
            return Err(ExamsError::field(
                "/occurred_at",
                "range",
                "发生时间须在考试时间内",
                "the incident happened during the sitting",
            ));
        }
        let c = candidate::Entity::find_by_id(input.candidate_id)
            .one(&txn)
            .await?
            .filter(|c| c.sitting_id == s.id)
            .or_not_found_at(
                "/candidate_id",
                "本场考试无此考生",
                "no such candidate at this sitting",
            )?;
        let earlier = incident::Entity::find()
            .filter(incident::Column::CandidateId.eq(c.id))
            .filter(incident::Column::Kind.eq(IncidentKind::Cheating))
            .count(&txn)
            .await?;
        let consequence = consequence_of(input.kind, earlier);
        let now = self.dir().clock.now();
        let rule = match consequence {
            Consequence::ProgrammeBan => Some(SanctionRule::Ex04),
            Consequence::AssociationBan => Some(SanctionRule::Ex05),
            _ => None,
        };
        let sanction_id = match rule {
            Some(rule) => Some(
                Directory::impose_by_rule(
                    &txn,
                    actor,
                    RuleBan {
                        person_id: c.person_id,
                        association_id: s.association_id,
                        rule,
                        course_id: (rule == SanctionRule::Ex04).then_some(s.course_id),
                        starts_on: shanghai_date(input.occurred_at),
                        reason: format!("{}:{}", s.title, input.evidence.trim()),
                    },
                    now,
                )
                .await?,
            ),
            None => None,
        };
        if consequence != Consequence::Warning {
            // Disqualified with zero: the attempt, open or handed in, is closed as such.
            attempt::Entity::update_many()
                .col_expr(
                    attempt::Column::Status,
                    Expr::value(AttemptStatus::Disqualified),
                )
                .col_expr(attempt::Column::SubmittedAt, Expr::value(Some(now)))
                .col_expr(attempt::Column::ObjectivePoints, Expr::value(Some(0)))
                .filter(attempt::Column::CandidateId.eq(c.id))
                .exec(&txn)
                .await?;
        }
        let row = incident::ActiveModel {
            id: Set(Uuid::now_v7()),
            sitting_id: Set(s.id),
            candidate_id: Set(c.id),
            person_id: Set(c.person_id),
            kind: Set(input.kind),
            occurred_at: Set(input.occurred_at),
            evidence: Set(input.evidence.trim().to_owned()),
            witness: Set(input
                .witness
                .map(|w| w.trim().to_owned())
                .filter(|w| !w.is_empty())),
            consequence: Set(consequence),
            sanction_id: Set(sanction_id),
            recorded_by: Set(actor.id()),
            recorded_at: Set(now),
        }
        .insert(&txn)
        .await?;
        if input.kind == IncidentKind::Disorder {
            // EX-05: the sending unit is told.
            let e = training::entity::enrolment::Entity::find_by_id(c.enrolment_id)
                .one(&txn)
                .await?;
            let p = person::Entity::find_by_id(c.person_id).one(&txn).await?;
            let unit = e.and_then(|e| e.enterprise_id).or(p.map(|p| p.employer_id));
            kernel::outbox::enqueue(
                &txn,
                now,
                "exam.misconduct_reported",
                json!({"incident_id": row.id, "sitting_id": s.id, "person_id": c.person_id, "sending_unit_id": unit, "rule": "EX-05"}),
            )
            .await?;
        }
        AuditEntry::new("exam_incident.record", "exam_candidate", c.id)
            .in_org(s.association_id)
            .change(json!({"kind": row.kind.as_str(), "consequence": row.consequence.as_str(), "sanction_id": sanction_id}))
            .record(&txn, actor, now)
            .await?;
        txn.commit().await?;
        Ok(to_incident(row))
    }

    /// A sitting's incident log, oldest first: the exam side and the sitting's proctors.
    pub async fn list_incidents(&self, actor: &Actor, sitting_id: Uuid) -> Result<Vec<Incident>> {
        let s = self.get_sitting(actor, sitting_id).await?;
        Ok(incident::Entity::find()
            .filter(incident::Column::SittingId.eq(s.id))
            .order_by_asc(incident::Column::OccurredAt)
            .order_by_asc(incident::Column::Id)
            .all(&self.dir().db)
            .await?
            .into_iter()
            .map(to_incident)
            .collect())
    }

    /// The public bad-behaviour column (EX-05): serious disorder and threats, newest first,
    /// for as long as the ban they led to runs (a lifted ban leaves the column).
    pub async fn bad_behaviour(&self) -> Result<Vec<BadBehaviour>> {
        let db = &self.dir().db;
        let rows = incident::Entity::find()
            .filter(incident::Column::Kind.eq(IncidentKind::Disorder))
            .order_by_desc(incident::Column::OccurredAt)
            .all(db)
            .await?;
        let today = self.dir().clock.today_shanghai();
        let sanctions = kernel::db::rows_by_id::<directory::entity::sanction::Entity, _>(
            db,
            directory::entity::sanction::Column::Id,
            rows.iter().filter_map(|r| r.sanction_id),
        )
        .await?;
        let persons = crate::persons_by_id(db, rows.iter().map(|r| r.person_id)).await?;
        let associations = kernel::db::names_by_id::<organization::Entity, _>(
            db,
            organization::Column::Id,
            organization::Column::Name,
            sanctions.values().map(|s| s.association_id),
        )
        .await?;
        let mut out = Vec::new();
        for r in rows {
            let Some(s) = r.sanction_id.and_then(|id| sanctions.get(&id)) else {
                continue;
            };
            if s.lifted_at.is_some() || today >= s.ends_on {
                continue;
            }
            let association = associations
                .get(&s.association_id)
                .cloned()
                .unwrap_or_default();
            let Some(p) = persons.get(&r.person_id) else {
                continue;
            };
            out.push(BadBehaviour {
                id: r.id,
                name: p.name.clone(),
                national_id_masked: p.national_id_masked.clone(),
                association,
                day: shanghai_date(r.occurred_at).to_string(),
                what: "考试中严重扰乱考场秩序或威胁监考人员".into(),
                what_en: "serious disorder at an exam, or threatening a proctor".into(),
            });
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ex_03_a_first_cheating_incident_warns_and_a_second_disqualifies() {
        assert_eq!(
            consequence_of(IncidentKind::Cheating, 0),
            Consequence::Warning
        );
        assert_eq!(
            consequence_of(IncidentKind::Cheating, 1),
            Consequence::Disqualified
        );
    }

    #[test]
    fn ex_04_and_ex_05_lead_to_bans() {
        assert_eq!(
            consequence_of(IncidentKind::Impersonation, 0),
            Consequence::ProgrammeBan
        );
        assert_eq!(
            consequence_of(IncidentKind::Disorder, 0),
            Consequence::AssociationBan
        );
    }
}
