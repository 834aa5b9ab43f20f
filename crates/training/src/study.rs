//! Online self-study (TR-03): a course's online units in order, and each person's progress
//! through them, recorded by the practitioner's own phone or browser with the same endpoints
//! ("线上自主学习…方便执业人员随时随地学习", seed 002 §3(1)3). A unit is completed when the
//! seconds watched reach its duration; a course whose units are all completed counts toward
//! the continuing-education ledger (CE-03, see `ledger`). Progress cannot run ahead of the
//! server's clock: nobody has watched more than the time since they started the unit
//! ([`PROGRESS_LEEWAY`] aside), so a unit cannot be completed — and its hours earned — by
//! reporting the full duration at once.

use crate::Training;
use crate::access::associations_in_reach;
use crate::entity::{course, course_unit, unit_progress};
use crate::error::{Result, TrainingError, invalid_fields, noun};
use directory::entity::person;
use kernel::audit::AuditEntry;
use kernel::db::begin_write;
use kernel::{Actor, RuleViolation};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use time::{Duration, OffsetDateTime};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

/// TR-03: how far the seconds reported may run ahead of the time since the person started the
/// unit. The start is the first report the server receives, and a player reports after it has
/// played a while (the SPA every 15 s), so the first report is already ahead; 30 s covers two
/// such intervals plus network delay. It is less than the shortest unit (one minute), so no
/// unit completes on the leeway alone.
pub const PROGRESS_LEEWAY: Duration = Duration::seconds(30);

/// TR-03, the one place: progress reported must be possible — at most the seconds since the
/// person started the unit on the server's clock, plus [`PROGRESS_LEEWAY`].
fn require_possible_progress(
    seconds: i32,
    started_at: OffsetDateTime,
    now: OffsetDateTime,
) -> std::result::Result<(), RuleViolation> {
    let possible = (now - started_at + PROGRESS_LEEWAY).whole_seconds();
    if i64::from(seconds) <= possible {
        Ok(())
    } else {
        Err(RuleViolation::new(
            "TR-03",
            format!("学习进度不能超过开始学习以来的时间(最多{possible}秒)"),
            format!(
                "{seconds} s reported, but only {possible} s can have been watched since the unit was started"
            ),
        )
        .with("seconds", seconds)
        .with("possible", possible))
    }
}

/// When the person started the unit. Rows from before m0020 have no start: the latest start
/// consistent with what they hold is the last report less the seconds watched by then.
fn started_at(p: &unit_progress::Model) -> OffsetDateTime {
    p.started_at
        .unwrap_or(p.updated_at - Duration::seconds(i64::from(p.seconds_watched)))
}

/// A new online unit.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UnitIn {
    #[validate(custom(function = "kernel::text::required_text_200"))]
    pub title: String,
    /// 1–600.
    pub duration_minutes: i32,
    /// Order within the course (1–1000), unique per course.
    pub position: i32,
}

/// An online unit, with the caller's own progress when the caller is a practitioner.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Unit {
    pub id: Uuid,
    pub course_id: Uuid,
    pub title: String,
    pub duration_minutes: i32,
    pub position: i32,
    /// The caller's seconds watched (0 when not started).
    pub seconds_watched: i32,
    pub completed: bool,
}

/// Progress reported by the player (phone or browser). Progress never goes back: a smaller
/// value than the one on record leaves it unchanged, so a retried or late request is harmless.
/// The first report starts the unit on the server's clock; no report may exceed the seconds
/// since then by more than 30 s (TR-03), so a player reports from the start (0, or every few
/// seconds of playing).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProgressIn {
    /// 0 to the unit's duration in seconds, and at most 30 s more than the seconds since the
    /// first report on this unit (TR-03).
    pub seconds_watched: i32,
}

impl Training {
    /// A course in the caller's reach (404 otherwise).
    pub(crate) async fn course_in_reach<C: ConnectionTrait>(
        &self,
        conn: &C,
        actor: &Actor,
        id: Uuid,
    ) -> Result<course::Model> {
        let c = course::Entity::find_by_id(id)
            .one(conn)
            .await?
            .ok_or(TrainingError::not_found(noun::COURSE))?;
        match associations_in_reach(conn, actor).await? {
            Some(a) if !a.contains(&c.association_id) => {
                Err(TrainingError::not_found(noun::COURSE))
            }
            _ => Ok(c),
        }
    }

    /// A course the caller may edit: association staff (403 for others in reach, 404 beyond).
    pub(crate) async fn course_to_edit<C: ConnectionTrait>(
        &self,
        conn: &C,
        actor: &Actor,
        id: Uuid,
    ) -> Result<course::Model> {
        let c = self.course_in_reach(conn, actor, id).await?;
        if Self::staff_of(actor, c.association_id) {
            Ok(c)
        } else {
            Err(TrainingError::forbidden())
        }
    }

    async fn my_person<C: ConnectionTrait>(
        &self,
        conn: &C,
        actor: &Actor,
    ) -> Result<Option<person::Model>> {
        let Some(uid) = actor.user_id() else {
            return Ok(None);
        };
        Ok(person::Entity::find()
            .filter(person::Column::UserId.eq(uid))
            .one(conn)
            .await?)
    }

    /// Association staff add an online unit to a course (TR-03).
    pub async fn add_unit(&self, actor: &Actor, course_id: Uuid, input: UnitIn) -> Result<Unit> {
        let mut errors = invalid_fields(&input);
        let title = input.title.trim();
        if !(1..=600).contains(&input.duration_minutes) {
            errors.push(kernel::FieldError::new(
                "/duration_minutes",
                "range",
                "时长1–600分钟",
                "1–600 minutes",
            ));
        }
        if !(1..=1000).contains(&input.position) {
            errors.push(kernel::FieldError::new(
                "/position",
                "range",
                "顺序1–1000",
                "position 1–1000",
            ));
        }
        let txn = begin_write(&self.dir.db).await?;
        let c = self.course_to_edit(&txn, actor, course_id).await?;
        if !errors.is_empty() {
            return Err(TrainingError::invalid(errors));
        }
        let now = self.dir.clock.now();
        let row = course_unit::ActiveModel {
            id: Set(Uuid::now_v7()),
            course_id: Set(c.id),
            title: Set(title.to_owned()),
            duration_minutes: Set(input.duration_minutes),
            position: Set(input.position),
            created_by: Set(actor.id()),
            created_at: Set(now),
        }
        .insert(&txn)
        .await
        .map_err(TrainingError::on_unique(
            "position_taken",
            "该顺序号已有单元",
            "a unit already has this position",
        ))?;
        AuditEntry::new("course.add_unit", "course", c.id)
            .in_org(c.association_id)
            .change(json!({"unit": row.id, "title": row.title, "duration_minutes": row.duration_minutes, "position": row.position}))
            .record(&txn, actor, now)
            .await?;
        txn.commit().await?;
        Ok(Unit {
            id: row.id,
            course_id: row.course_id,
            title: row.title,
            duration_minutes: row.duration_minutes,
            position: row.position,
            seconds_watched: 0,
            completed: false,
        })
    }

    /// A course's units in order, with the caller's own progress.
    pub async fn list_units(&self, actor: &Actor, course_id: Uuid) -> Result<Vec<Unit>> {
        let db = &self.dir.db;
        let c = self.course_in_reach(db, actor, course_id).await?;
        let units = course_unit::Entity::find()
            .filter(course_unit::Column::CourseId.eq(c.id))
            .order_by_asc(course_unit::Column::Position)
            .all(db)
            .await?;
        let progress = match self.my_person(db, actor).await? {
            Some(p) => {
                unit_progress::Entity::find()
                    .filter(unit_progress::Column::PersonId.eq(p.id))
                    .filter(unit_progress::Column::UnitId.is_in(units.iter().map(|u| u.id)))
                    .all(db)
                    .await?
            }
            None => Vec::new(),
        };
        Ok(units
            .into_iter()
            .map(|u| {
                let mine = progress.iter().find(|p| p.unit_id == u.id);
                Unit {
                    id: u.id,
                    course_id: u.course_id,
                    title: u.title,
                    duration_minutes: u.duration_minutes,
                    position: u.position,
                    seconds_watched: mine.map(|p| p.seconds_watched).unwrap_or(0),
                    completed: mine.is_some_and(|p| p.completed_at.is_some()),
                }
            })
            .collect())
    }

    /// A practitioner records their own progress through a unit (TR-03). Only a user linked to
    /// a person studies; the first report starts the unit; progress only grows, never beyond
    /// the time since the start; completion is stamped once.
    pub async fn record_progress(
        &self,
        actor: &Actor,
        unit_id: Uuid,
        input: ProgressIn,
    ) -> Result<Unit> {
        let txn = begin_write(&self.dir.db).await?;
        let u = course_unit::Entity::find_by_id(unit_id)
            .one(&txn)
            .await?
            .ok_or(TrainingError::not_found(noun::UNIT))?;
        let c = self
            .course_in_reach(&txn, actor, u.course_id)
            .await
            .map_err(|_| TrainingError::not_found(noun::UNIT))?;
        let Some(p) = self.my_person(&txn, actor).await? else {
            return Err(TrainingError::forbidden());
        };
        let full = u.duration_minutes * 60;
        if !(0..=full).contains(&input.seconds_watched) {
            return Err(TrainingError::field(
                "/seconds_watched",
                "range",
                format!("须为0–{full}秒"),
                format!("0–{full} seconds"),
            ));
        }
        let now = self.dir.clock.now();
        let done = input.seconds_watched >= full;
        let old = unit_progress::Entity::find()
            .filter(unit_progress::Column::UnitId.eq(u.id))
            .filter(unit_progress::Column::PersonId.eq(p.id))
            .one(&txn)
            .await?;
        // TR-03: only growth is checked; a late or repeated report changes nothing anyway.
        match &old {
            None => require_possible_progress(input.seconds_watched, now, now)?,
            Some(o) if input.seconds_watched > o.seconds_watched => {
                require_possible_progress(input.seconds_watched, started_at(o), now)?;
            }
            Some(_) => {}
        }
        let row = match old {
            None => {
                unit_progress::ActiveModel {
                    id: Set(Uuid::now_v7()),
                    unit_id: Set(u.id),
                    person_id: Set(p.id),
                    seconds_watched: Set(input.seconds_watched),
                    completed_at: Set(done.then_some(now)),
                    updated_at: Set(now),
                    started_at: Set(Some(now)),
                }
                .insert(&txn)
                .await?
            }
            Some(o) => {
                let seconds = o.seconds_watched.max(input.seconds_watched);
                let mut upd = unit_progress::Entity::update_many()
                    .col_expr(unit_progress::Column::SecondsWatched, Expr::value(seconds))
                    .col_expr(unit_progress::Column::UpdatedAt, Expr::value(now))
                    .filter(unit_progress::Column::Id.eq(o.id));
                if o.completed_at.is_none() && seconds >= full {
                    upd = upd.col_expr(unit_progress::Column::CompletedAt, Expr::value(now));
                }
                upd.exec(&txn).await?;
                unit_progress::Entity::find_by_id(o.id)
                    .one(&txn)
                    .await?
                    .ok_or(TrainingError::not_found(noun::UNIT))?
            }
        };
        AuditEntry::new("study.progress", "person", p.id)
            .in_org(c.association_id)
            .change(json!({"unit": u.id, "seconds_watched": row.seconds_watched, "completed": row.completed_at.is_some()}))
            .record(&txn, actor, now)
            .await?;
        txn.commit().await?;
        Ok(Unit {
            id: u.id,
            course_id: u.course_id,
            title: u.title,
            duration_minutes: u.duration_minutes,
            position: u.position,
            seconds_watched: row.seconds_watched,
            completed: row.completed_at.is_some(),
        })
    }
}

/// CE-03: the online courses a person completed — every unit completed — with their hours
/// (whole hours of the units' minutes, rounded down) and the day the last unit was completed.
pub(crate) async fn completed_online_courses<C: ConnectionTrait>(
    conn: &C,
    person: Uuid,
) -> Result<Vec<(String, i32, time::Date)>> {
    let done = unit_progress::Entity::find()
        .filter(unit_progress::Column::PersonId.eq(person))
        .filter(unit_progress::Column::CompletedAt.is_not_null())
        .all(conn)
        .await?;
    if done.is_empty() {
        return Ok(Vec::new());
    }
    let touched = course_unit::Entity::find()
        .filter(course_unit::Column::Id.is_in(done.iter().map(|d| d.unit_id)))
        .all(conn)
        .await?;
    let mut course_ids: Vec<Uuid> = touched.iter().map(|u| u.course_id).collect();
    course_ids.sort_unstable();
    course_ids.dedup();
    let all_units = course_unit::Entity::find()
        .filter(course_unit::Column::CourseId.is_in(course_ids.clone()))
        .all(conn)
        .await?;
    let courses = course::Entity::find()
        .filter(course::Column::Id.is_in(course_ids.clone()))
        .all(conn)
        .await?;
    let mut out = Vec::new();
    for cid in course_ids {
        let units: Vec<_> = all_units.iter().filter(|u| u.course_id == cid).collect();
        let finished: Vec<_> = units
            .iter()
            .filter_map(|u| done.iter().find(|d| d.unit_id == u.id))
            .filter_map(|d| d.completed_at)
            .collect();
        if finished.len() != units.len() {
            continue;
        }
        let minutes: i32 = units.iter().map(|u| u.duration_minutes).sum();
        let hours = minutes / 60;
        let (Some(last), Some(c)) = (finished.iter().max(), courses.iter().find(|c| c.id == cid))
        else {
            continue;
        };
        if hours > 0 {
            out.push((
                format!("在线学习:{}", c.name),
                hours,
                kernel::clock::shanghai_date(*last),
            ));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn tr_03_progress_is_bounded_by_the_time_since_the_start_and_the_leeway() {
        let start = datetime!(2026-11-22 09:00 +8);
        assert!(require_possible_progress(30, start, start).is_ok());
        assert!(require_possible_progress(31, start, start).is_err());
        let later = start + Duration::minutes(10);
        assert!(require_possible_progress(630, start, later).is_ok());
        assert_eq!(
            require_possible_progress(631, start, later).map_err(|v| v.rule),
            Err("TR-03")
        );
    }
}
