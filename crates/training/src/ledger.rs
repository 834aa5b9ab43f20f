//! The continuing-education ledger (CE-03): a certificate holder takes continuing education at
//! least once in each 3-year period. Hours come from completed classes (a passed result: the
//! course's theory and practical hours, dated on the class's last day), online study, and
//! association sessions on new policy, regulation or technique ("行业新政策、新法规、新技术").
//!
//! Periods run in 3-year steps from the person's anchor: the day of the first completed class
//! (until certification exists; then the certificate's issue date, CE-02). A day belongs to the
//! period whose start it is on or after and whose next start it is before (Asia/Shanghai).

use crate::Training;
use crate::entity::{ce_entry, class, class_result, course};
use crate::error::{Result, TrainingError, invalid_fields, noun};
use crate::model::{CeSource, CeTopic, Outcome};
use crate::plan::iso_date;
use directory::entity::{organization, person};
use kernel::audit::AuditEntry;
use kernel::clock::shanghai_date;
use kernel::db::begin_write;
use kernel::{Actor, FieldError};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use serde::{Deserialize, Serialize};
use serde_json::json;
use time::Date;
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

/// CE-03: the length of a continuing-education period.
pub const PERIOD_YEARS: i32 = 3;

/// Hours to record by hand.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CeEntryIn {
    pub person_id: Uuid,
    pub association_id: Uuid,
    /// `online_study` or `association_session`.
    pub source: CeSource,
    /// Required for association sessions.
    #[serde(default)]
    pub topic: Option<CeTopic>,
    #[validate(custom(function = "kernel::text::required_text_200"))]
    pub title: String,
    pub hours: i32,
    #[serde(with = "iso_date")]
    #[schema(value_type = String, format = Date)]
    pub held_on: Date,
}

/// One line of the ledger.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CeEntry {
    pub source: CeSource,
    pub title: String,
    pub hours: i32,
    #[serde(with = "iso_date")]
    #[schema(value_type = String, format = Date)]
    pub held_on: Date,
}

/// A person's hours in the current period.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CeLedger {
    pub person_id: Uuid,
    /// Null when the person has no record yet (no period has started).
    #[serde(with = "iso_date::option")]
    #[schema(value_type = Option<String>, format = Date)]
    pub period_starts_on: Option<Date>,
    /// Inclusive.
    #[serde(with = "iso_date::option")]
    #[schema(value_type = Option<String>, format = Date)]
    pub period_ends_on: Option<Date>,
    pub hours: i32,
    /// CE-03: some continuing education in this period.
    pub met: bool,
    pub entries: Vec<CeEntry>,
}

/// Adds `years` to a date (29 February → 1 March).
fn plus_years(d: Date, years: i32) -> Option<Date> {
    let y = d.year() + years;
    d.replace_year(y)
        .ok()
        .or_else(|| Date::from_calendar_date(y, time::Month::March, 1).ok())
}

/// The period [start, next start) of `anchor`'s 3-year steps that contains `day`.
pub fn period_of(anchor: Date, day: Date) -> Option<(Date, Date)> {
    if day < anchor {
        return None;
    }
    let mut k = (day.year() - anchor.year()) / PERIOD_YEARS;
    loop {
        let start = plus_years(anchor, k * PERIOD_YEARS)?;
        let next = plus_years(anchor, (k + 1) * PERIOD_YEARS)?;
        if day < start {
            k -= 1;
        } else if day >= next {
            k += 1;
        } else {
            return Some((start, next));
        }
    }
}

impl Training {
    /// Who may see a person's ledger: the person, the platform admin, and staff of the
    /// association the employer belongs to (or is).
    async fn ce_person<C: ConnectionTrait>(
        &self,
        conn: &C,
        actor: &Actor,
        id: Uuid,
    ) -> Result<(person::Model, Option<Uuid>)> {
        let p = person::Entity::find_by_id(id)
            .one(conn)
            .await?
            .ok_or(TrainingError::not_found(noun::PERSON))?;
        let assoc = organization::Entity::find_by_id(p.employer_id)
            .one(conn)
            .await?
            .and_then(|o| {
                if o.kind == directory::model::OrgKind::Association {
                    Some(o.id)
                } else {
                    o.association_id
                }
            });
        let me = actor.user_id().is_some() && p.user_id == actor.user_id();
        if me || actor.is_platform_admin() || assoc.is_some_and(|a| Self::staff_of(actor, a)) {
            Ok((p, assoc))
        } else {
            Err(TrainingError::not_found(noun::PERSON))
        }
    }

    /// CE-03: association staff record online study or a session on new policy, regulation or
    /// technique held on a past day.
    pub async fn record_ce_hours(&self, actor: &Actor, input: CeEntryIn) -> Result<CeEntry> {
        if !Self::staff_of(actor, input.association_id) {
            return Err(Self::not_staff(actor, input.association_id));
        }
        let mut errors = invalid_fields(&input);
        let title = input.title.trim();
        if !(1..=200).contains(&input.hours) {
            errors.push(FieldError::new(
                "/hours",
                "range",
                "学时1–200",
                "hours 1–200",
            ));
        }
        if input.source == CeSource::CompletedClass {
            errors.push(FieldError::new(
                "/source",
                "derived",
                "培训班学时自动计入",
                "class hours are counted from results",
            ));
        }
        if input.source == CeSource::AssociationSession && input.topic.is_none() {
            errors.push(FieldError::new(
                "/topic",
                "required",
                "须注明新政策、新法规或新技术",
                "name the new policy, regulation or technique",
            ));
        }
        if input.held_on > self.dir.clock.today_shanghai() {
            errors.push(FieldError::new(
                "/held_on",
                "future",
                "不能登记未来日期",
                "not a future day",
            ));
        }
        if !errors.is_empty() {
            return Err(TrainingError::invalid(errors));
        }
        let txn = begin_write(&self.dir.db).await?;
        let (p, assoc) = self
            .ce_person(&txn, actor, input.person_id)
            .await
            .map_err(|_| {
                TrainingError::field("/person_id", "not_found", "无此人员", "no such person")
            })?;
        if assoc != Some(input.association_id) {
            return Err(TrainingError::field(
                "/person_id",
                "not_found",
                "无此人员",
                "no such person",
            ));
        }
        // Online study or an association session: `completed_class` was refused above.
        let source = input.source;
        self.refuse_counted_twice(&txn, p.id, source, title, input.held_on)
            .await?;
        let now = self.dir.clock.now();
        let row = ce_entry::ActiveModel {
            id: Set(Uuid::now_v7()),
            person_id: Set(p.id),
            association_id: Set(input.association_id),
            source: Set(source),
            topic: Set(input.topic),
            title: Set(title.to_owned()),
            hours: Set(input.hours),
            held_on: Set(input.held_on),
            recorded_by: Set(actor.id()),
            recorded_at: Set(now),
        }
        .insert(&txn)
        .await
        .map_err(TrainingError::on_unique(
            "already_recorded",
            "该学时已登记",
            "these hours are already recorded",
        ))?;
        AuditEntry::new("ce.record_hours", "person", p.id)
            .in_org(input.association_id)
            .change(json!({"source": row.source, "topic": row.topic, "hours": row.hours, "held_on": row.held_on.to_string()}))
            .record(&txn, actor, now)
            .await?;
        txn.commit().await?;
        Ok(CeEntry {
            source: input.source,
            title: row.title,
            hours: row.hours,
            held_on: row.held_on,
        })
    }

    /// CE-03 counts each piece of study once: the same entry recorded again, or online study
    /// by hand that the platform already counts from the person's completed units, is refused.
    async fn refuse_counted_twice<C: ConnectionTrait>(
        &self,
        conn: &C,
        person: Uuid,
        source: CeSource,
        title: &str,
        held_on: Date,
    ) -> Result<()> {
        let recorded = ce_entry::Entity::find()
            .filter(ce_entry::Column::PersonId.eq(person))
            .filter(ce_entry::Column::Source.eq(source))
            .filter(ce_entry::Column::Title.eq(title))
            .filter(ce_entry::Column::HeldOn.eq(held_on))
            .one(conn)
            .await?
            .is_some();
        if recorded {
            return Err(TrainingError::conflict(
                "already_recorded",
                "该学时已登记",
                "these hours are already recorded",
            ));
        }
        if source == CeSource::OnlineStudy
            && crate::study::completed_online_courses(conn, person)
                .await?
                .iter()
                .any(|(t, _, _)| t == title || t.strip_prefix("在线学习:") == Some(title))
        {
            return Err(TrainingError::conflict(
                "already_counted",
                "该网络课程已由平台按学习进度计入",
                "the platform already counts this online course from the study progress",
            ));
        }
        Ok(())
    }

    /// CE-03: the person's hours in the period containing today (Asia/Shanghai).
    pub async fn ce_hours(&self, actor: &Actor, person_id: Uuid) -> Result<CeLedger> {
        let db = &self.dir.db;
        let (p, _) = self.ce_person(db, actor, person_id).await?;
        let mut all: Vec<CeEntry> = Vec::new();
        let results = class_result::Entity::find()
            .filter(class_result::Column::PersonId.eq(p.id))
            .filter(class_result::Column::Outcome.eq(Outcome::Pass))
            .all(db)
            .await?;
        let classes = class::Entity::find()
            .filter(class::Column::Id.is_in(results.iter().map(|r| r.class_id)))
            .all(db)
            .await?;
        let courses = course::Entity::find()
            .filter(course::Column::Id.is_in(classes.iter().map(|c| c.course_id)))
            .all(db)
            .await?;
        for c in &classes {
            if let Some(k) = courses.iter().find(|k| k.id == c.course_id) {
                all.push(CeEntry {
                    source: CeSource::CompletedClass,
                    title: c.name.clone(),
                    hours: k.theory_hours + k.practical_hours,
                    held_on: shanghai_date(c.ends_at),
                });
            }
        }
        // TR-03: online courses whose every unit the person completed.
        for (title, hours, held_on) in crate::study::completed_online_courses(db, p.id).await? {
            all.push(CeEntry {
                source: CeSource::OnlineStudy,
                title,
                hours,
                held_on,
            });
        }
        for e in ce_entry::Entity::find()
            .filter(ce_entry::Column::PersonId.eq(p.id))
            .all(db)
            .await?
        {
            all.push(CeEntry {
                source: e.source,
                title: e.title,
                hours: e.hours,
                held_on: e.held_on,
            });
        }
        let today = self.dir.clock.today_shanghai();
        let anchor = all
            .iter()
            .filter(|e| e.source == CeSource::CompletedClass)
            .map(|e| e.held_on)
            .min()
            .or_else(|| all.iter().map(|e| e.held_on).min());
        let period = anchor.and_then(|a| period_of(a, today));
        let mut entries: Vec<CeEntry> = match period {
            Some((start, next)) => all
                .into_iter()
                .filter(|e| e.held_on >= start && e.held_on < next && e.held_on <= today)
                .collect(),
            None => Vec::new(),
        };
        entries.sort_by_key(|e| e.held_on);
        let hours = entries.iter().map(|e| e.hours).sum();
        Ok(CeLedger {
            person_id: p.id,
            period_starts_on: period.map(|(s, _)| s),
            period_ends_on: period.and_then(|(_, n)| n.previous_day()),
            hours,
            met: hours > 0,
            entries,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn ce_03_periods_are_three_years_from_the_anchor() {
        let a = date!(2026 - 12 - 05);
        assert_eq!(
            period_of(a, date!(2029 - 12 - 04)),
            Some((a, date!(2029 - 12 - 05)))
        );
        assert_eq!(
            period_of(a, date!(2029 - 12 - 05)),
            Some((date!(2029 - 12 - 05), date!(2032 - 12 - 05)))
        );
        assert_eq!(period_of(a, date!(2026 - 12 - 04)), None);
    }
}
