//! Sessions, leave and attendance: the head teacher signs trainees in (only paid ones, TR-09),
//! approves leave asked at least one day before a session (TR-16), and two or more unexcused
//! absences cost the exam eligibility (TR-17).

use crate::Training;
use crate::access::{At, Purpose, may};
use crate::eligibility::require_paid;
use crate::entity::{attendance, class, class_session, enrolment, leave_request};
use crate::error::{Result, TrainingError, checked, noun};
use crate::model::{AttendanceMark, LeaveStatus, SessionKind};
use directory::entity::{membership, organization, person, user};
use directory::service::auth::PurposeTokenError;
use kernel::audit::AuditEntry;
use kernel::db::begin_write;
use kernel::refusal::FoundAt;
use kernel::{Actor, Role, RuleViolation};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, Set,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::HashMap;
use time::OffsetDateTime;
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

/// TR-16: leave is asked at least one day before the session, counted as 24 hours. Its own
/// rule and constant: it only happens to equal the deferral deadline (TR-10) today.
pub const LEAVE_DEADLINE: time::Duration = time::Duration::hours(24);

/// TR-16: whether leave asked at `now` is in time for a session starting at `starts_at`.
pub fn leave_in_time(now: OffsetDateTime, starts_at: OffsetDateTime) -> bool {
    now <= starts_at - LEAVE_DEADLINE
}

/// One meeting of a class.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Session {
    pub id: Uuid,
    pub class_id: Uuid,
    #[serde(with = "kernel::utc")]
    pub starts_at: OffsetDateTime,
    #[serde(with = "kernel::utc")]
    pub ends_at: OffsetDateTime,
    pub kind: SessionKind,
}

impl From<class_session::Model> for Session {
    fn from(s: class_session::Model) -> Self {
        Session {
            kind: s.kind,
            id: s.id,
            class_id: s.class_id,
            starts_at: s.starts_at,
            ends_at: s.ends_at,
        }
    }
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SessionIn {
    #[serde(with = "kernel::utc")]
    pub starts_at: OffsetDateTime,
    #[serde(with = "kernel::utc")]
    pub ends_at: OffsetDateTime,
    /// Theory unless said otherwise (TR-19).
    #[serde(default)]
    pub kind: SessionKind,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HeadTeacherIn {
    pub user_id: Uuid,
}

/// A user who may be made a class's head teacher: active, holding the head-teacher role in
/// the class's association or one of its member organizations (a training centre, say).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HeadTeacherCandidate {
    pub user_id: Uuid,
    pub display_name: String,
    pub organization_id: Uuid,
    pub organization_name: String,
}

#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LeaveIn {
    pub enrolment_id: Uuid,
    #[validate(custom(function = "kernel::text::required_text_500"))]
    pub reason: String,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LeaveDecisionIn {
    pub approve: bool,
}

/// A leave request.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LeaveRequest {
    pub id: Uuid,
    pub session_id: Uuid,
    pub enrolment_id: Uuid,
    pub status: LeaveStatus,
}

/// What the head teacher records for one trainee.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Presence {
    Present,
    Absent,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AttendanceIn {
    pub enrolment_id: Uuid,
    pub presence: Presence,
}

/// A recorded attendance; an absence with approved leave is `excused`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AttendanceRecord {
    pub session_id: Uuid,
    pub enrolment_id: Uuid,
    pub status: AttendanceMark,
}

impl From<attendance::Model> for AttendanceRecord {
    fn from(a: attendance::Model) -> Self {
        AttendanceRecord {
            session_id: a.session_id,
            enrolment_id: a.enrolment_id,
            status: a.status,
        }
    }
}

/// What a sign-in code is for (its token audience suffix).
const SIGN_IN_PURPOSE: &str = "sign-in";

/// How long a sign-in code stays valid: long enough to scan, too short to send a photo around.
pub const SIGN_IN_CODE_TTL: time::Duration = time::Duration::seconds(60);

/// A code to show as a QR code in class.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SignInCode {
    pub session_id: Uuid,
    /// The QR code's content.
    pub code: String,
    /// Valid up to and including this second.
    #[serde(with = "kernel::utc")]
    pub expires_at: OffsetDateTime,
}

/// A trainee's scan.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignInIn {
    pub code: String,
}

impl Training {
    async fn class_of_session<C: ConnectionTrait>(
        &self,
        conn: &C,
        session_id: Uuid,
    ) -> Result<(class_session::Model, class::Model)> {
        let s = class_session::Entity::find_by_id(session_id)
            .one(conn)
            .await?
            .ok_or(TrainingError::not_found(noun::SESSION))?;
        let c = class::Entity::find_by_id(s.class_id)
            .one(conn)
            .await?
            .ok_or(TrainingError::not_found(noun::SESSION))?;
        Ok((s, c))
    }

    fn is_head_teacher(actor: &Actor, c: &class::Model) -> bool {
        actor.user_id().is_some() && c.head_teacher_id == actor.user_id()
    }

    /// A session as its class's head teacher or the association's staff see it (codes,
    /// attendance); to anyone else it does not exist.
    async fn session_in_class_charge<C: ConnectionTrait>(
        &self,
        conn: &C,
        actor: &Actor,
        session_id: Uuid,
    ) -> Result<(class_session::Model, class::Model)> {
        let (s, c) = self.class_of_session(conn, session_id).await?;
        if Self::is_head_teacher(actor, &c) || Self::staff_of(actor, c.association_id) {
            Ok((s, c))
        } else {
            Err(TrainingError::not_found(noun::SESSION))
        }
    }

    /// Names the class's head teacher: a user holding the head-teacher role.
    pub async fn set_head_teacher(
        &self,
        actor: &Actor,
        class_id: Uuid,
        input: HeadTeacherIn,
    ) -> Result<()> {
        let txn = begin_write(&self.dir.db).await?;
        let c = class::Entity::find_by_id(class_id)
            .one(&txn)
            .await?
            .ok_or(TrainingError::not_found(noun::CLASS))?;
        if !Self::staff_of(actor, c.association_id) {
            return Err(TrainingError::not_found(noun::CLASS));
        }
        let eligible = head_teacher_candidates(&txn, c.association_id)
            .await?
            .iter()
            .any(|h| h.user_id == input.user_id);
        if !eligible {
            return Err(TrainingError::field(
                "/user_id",
                "not_head_teacher",
                "该用户不是本协会(或其成员单位)的班主任",
                "the user is not a head teacher of this association or its members",
            ));
        }
        class::Entity::update_many()
            .col_expr(class::Column::HeadTeacherId, Expr::value(input.user_id))
            .filter(class::Column::Id.eq(c.id))
            .exec(&txn)
            .await?;
        AuditEntry::new("class.head_teacher", "class", c.id)
            .in_org(c.association_id)
            .change(json!({"before": c.head_teacher_id, "after": input.user_id}))
            .record(&txn, actor, self.dir.clock.now())
            .await?;
        txn.commit().await?;
        Ok(())
    }

    /// Whom the association's staff may make the class's head teacher (the picker's list).
    pub async fn head_teacher_candidates(
        &self,
        actor: &Actor,
        class_id: Uuid,
    ) -> Result<Vec<HeadTeacherCandidate>> {
        let db = &self.dir.db;
        let c = class::Entity::find_by_id(class_id)
            .one(db)
            .await?
            .filter(|c| Self::staff_of(actor, c.association_id))
            .ok_or(TrainingError::not_found(noun::CLASS))?;
        head_teacher_candidates(db, c.association_id).await
    }

    /// Adds a session to a class (association staff), within the class's dates; theory or
    /// practical (TR-19).
    pub async fn add_session(
        &self,
        actor: &Actor,
        class_id: Uuid,
        input: SessionIn,
    ) -> Result<Session> {
        let txn = begin_write(&self.dir.db).await?;
        let c = class::Entity::find_by_id(class_id)
            .one(&txn)
            .await?
            .ok_or(TrainingError::not_found(noun::CLASS))?;
        if !Self::staff_of(actor, c.association_id) {
            return Err(TrainingError::not_found(noun::CLASS));
        }
        if input.ends_at <= input.starts_at
            || input.starts_at < c.starts_at
            || input.ends_at > c.ends_at
        {
            return Err(TrainingError::field(
                "/starts_at",
                "range",
                "课次须在开班与结班之间",
                "a session lies within the class's dates",
            ));
        }
        let row = class_session::ActiveModel {
            id: Set(Uuid::now_v7()),
            class_id: Set(c.id),
            starts_at: Set(input.starts_at),
            ends_at: Set(input.ends_at),
            kind: Set(input.kind),
        }
        .insert(&txn)
        .await?;
        AuditEntry::new("class.session_add", "class", c.id)
            .in_org(c.association_id)
            .change(json!({"session": row.id, "kind": row.kind}))
            .record(&txn, actor, self.dir.clock.now())
            .await?;
        txn.commit().await?;
        Ok(row.into())
    }

    /// TR-16: leave is asked at least one day (24 h) before the session, by the trainee or the
    /// sending enterprise's officer.
    pub async fn request_leave(
        &self,
        actor: &Actor,
        session_id: Uuid,
        input: LeaveIn,
    ) -> Result<LeaveRequest> {
        let txn = begin_write(&self.dir.db).await?;
        let (s, c) = self.class_of_session(&txn, session_id).await?;
        let e = enrolment::Entity::find_by_id(input.enrolment_id)
            .one(&txn)
            .await?
            .filter(|e| e.class_id == c.id)
            .or_not_found_at(
                "/enrolment_id",
                "本班无此报名",
                "no such enrolment in this class",
            )?;
        let trainee = person::Entity::find_by_id(e.person_id)
            .one(&txn)
            .await?
            .and_then(|p| p.user_id);
        let allowed = (actor.user_id().is_some() && trainee == actor.user_id())
            || e.enterprise_id
                .is_some_and(|ent| may(actor, Purpose::RequestChange, At::Enterprise(ent)));
        if !allowed {
            return Err(TrainingError::not_found(noun::SESSION));
        }
        if !leave_in_time(self.dir.clock.now(), s.starts_at) {
            return Err(RuleViolation::new(
                "TR-16",
                "请假须提前1天(24小时)向班主任报批",
                "leave must be requested at least 24 hours before the session",
            )
            .into());
        }
        checked(&input)?;
        let reason = input.reason.trim();
        let now = self.dir.clock.now();
        let row = leave_request::ActiveModel {
            id: Set(Uuid::now_v7()),
            session_id: Set(s.id),
            enrolment_id: Set(e.id),
            reason: Set(reason.to_owned()),
            status: Set(LeaveStatus::Pending),
            requested_by: Set(actor.id()),
            requested_at: Set(now),
            decided_by: Set(None),
        }
        .insert(&txn)
        .await
        .map_err(TrainingError::on_unique(
            "leave_exists",
            "该课次已有请假申请",
            "leave was already asked for this session",
        ))?;
        AuditEntry::new("leave.request", "enrolment", e.id)
            .in_org(c.association_id)
            .change(json!({"session": s.id, "leave": row.id}))
            .record(&txn, actor, now)
            .await?;
        txn.commit().await?;
        Ok(LeaveRequest {
            id: row.id,
            session_id: row.session_id,
            enrolment_id: row.enrolment_id,
            status: row.status,
        })
    }

    /// TR-16: the class's head teacher approves or refuses leave; an approval also excuses an
    /// absence already marked for that session.
    pub async fn decide_leave(
        &self,
        actor: &Actor,
        id: Uuid,
        input: LeaveDecisionIn,
    ) -> Result<LeaveRequest> {
        let txn = begin_write(&self.dir.db).await?;
        let l = leave_request::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or(TrainingError::not_found(noun::LEAVE_REQUEST))?;
        let (_, c) = self.class_of_session(&txn, l.session_id).await?;
        if !Self::is_head_teacher(actor, &c) {
            return Err(if Self::staff_of(actor, c.association_id) {
                TrainingError::forbidden()
            } else {
                TrainingError::not_found(noun::LEAVE_REQUEST)
            });
        }
        let status = if input.approve {
            LeaveStatus::Approved
        } else {
            LeaveStatus::Refused
        };
        let res = leave_request::Entity::update_many()
            .col_expr(leave_request::Column::Status, Expr::value(status))
            .col_expr(
                leave_request::Column::DecidedBy,
                Expr::value(actor.user_id()),
            )
            .filter(leave_request::Column::Id.eq(l.id))
            .filter(leave_request::Column::Status.eq(LeaveStatus::Pending))
            .exec(&txn)
            .await?;
        if res.rows_affected != 1 {
            return Err(TrainingError::conflict(
                "leave_decided",
                "该申请已处理",
                "already decided",
            ));
        }
        let now = self.dir.clock.now();
        // TR-16 with TR-17: leave asked in time (request_leave refuses it otherwise) excuses the
        // absence whenever the head teacher gets round to approving it. If the trainee was
        // already marked absent, that absence becomes excused now, so it no longer counts
        // against the exam eligibility; a presence stays a presence.
        if input.approve {
            let excused = attendance::Entity::update_many()
                .col_expr(
                    attendance::Column::Status,
                    Expr::value(AttendanceMark::Excused),
                )
                .filter(attendance::Column::SessionId.eq(l.session_id))
                .filter(attendance::Column::EnrolmentId.eq(l.enrolment_id))
                .filter(attendance::Column::Status.eq(AttendanceMark::Absent))
                .exec(&txn)
                .await?;
            if excused.rows_affected > 0 {
                AuditEntry::new("attendance.excuse", "enrolment", l.enrolment_id)
                    .in_org(c.association_id)
                    .change(json!({"session": l.session_id, "before": AttendanceMark::Absent, "after": AttendanceMark::Excused, "leave": l.id}))
                    .record(&txn, actor, now)
                    .await?;
            }
        }
        let action = if input.approve {
            "leave.approve"
        } else {
            "leave.refuse"
        };
        AuditEntry::new(action, "enrolment", l.enrolment_id)
            .in_org(c.association_id)
            .change(json!({"leave": l.id}))
            .record(&txn, actor, now)
            .await?;
        txn.commit().await?;
        Ok(LeaveRequest {
            id: l.id,
            session_id: l.session_id,
            enrolment_id: l.enrolment_id,
            status,
        })
    }

    /// The head teacher records presence. An unpaid trainee cannot be marked present (TR-09);
    /// an absence covered by approved leave is recorded as excused (leave approved later
    /// excuses it then, see `decide_leave`).
    pub async fn mark_attendance(
        &self,
        actor: &Actor,
        session_id: Uuid,
        input: AttendanceIn,
    ) -> Result<AttendanceRecord> {
        let txn = begin_write(&self.dir.db).await?;
        let (s, c) = self.class_of_session(&txn, session_id).await?;
        if !Self::is_head_teacher(actor, &c) {
            return Err(if Self::staff_of(actor, c.association_id) {
                TrainingError::forbidden()
            } else {
                TrainingError::not_found(noun::SESSION)
            });
        }
        on_session_day(&s, self.dir.clock.now())?;
        let e = enrolment::Entity::find_by_id(input.enrolment_id)
            .one(&txn)
            .await?
            .filter(|e| e.class_id == c.id)
            .or_not_found_at(
                "/enrolment_id",
                "本班无此报名",
                "no such enrolment in this class",
            )?;
        let status = match input.presence {
            Presence::Present => {
                require_paid(&e)?;
                AttendanceMark::Present
            }
            Presence::Absent => {
                let excused = leave_request::Entity::find()
                    .filter(leave_request::Column::SessionId.eq(s.id))
                    .filter(leave_request::Column::EnrolmentId.eq(e.id))
                    .filter(leave_request::Column::Status.eq(LeaveStatus::Approved))
                    .count(&txn)
                    .await?
                    > 0;
                if excused {
                    AttendanceMark::Excused
                } else {
                    AttendanceMark::Absent
                }
            }
        };
        let record = self
            .record_attendance(&txn, actor, &s, &c, &e, status, "attendance.mark")
            .await?;
        txn.commit().await?;
        Ok(record)
    }

    /// What is recorded for a session so far, for the head teacher's screen and the association
    /// (a trainee not in the list is not marked yet). Oldest record first.
    pub async fn session_attendance(
        &self,
        actor: &Actor,
        session_id: Uuid,
    ) -> Result<Vec<AttendanceRecord>> {
        let db = &self.dir.db;
        let (s, _) = self.session_in_class_charge(db, actor, session_id).await?;
        Ok(attendance::Entity::find()
            .filter(attendance::Column::SessionId.eq(s.id))
            .order_by_asc(attendance::Column::At)
            .all(db)
            .await?
            .into_iter()
            .map(AttendanceRecord::from)
            .collect())
    }

    /// TR-19: a sign-in code for a session, shown in class as a QR code by the head teacher
    /// (or the association's staff). It names the session and lives [`SIGN_IN_CODE_TTL`]; the
    /// screen fetches a fresh one before it runs out.
    pub async fn sign_in_code(&self, actor: &Actor, session_id: Uuid) -> Result<SignInCode> {
        let (s, _) = self
            .session_in_class_charge(&self.dir.db, actor, session_id)
            .await?;
        let (code, expires_at) =
            self.dir
                .sign_purpose_token(SIGN_IN_PURPOSE, s.id, SIGN_IN_CODE_TTL)?;
        Ok(SignInCode {
            session_id: s.id,
            code,
            expires_at,
        })
    }

    /// TR-19 with TR-09: the trainee scans the code shown in class and is marked present — only
    /// with a genuine code for this session that has not expired, only if their enrolment in the
    /// class is paid. Scanning again answers the same record.
    pub async fn sign_in(
        &self,
        actor: &Actor,
        session_id: Uuid,
        input: SignInIn,
    ) -> Result<AttendanceRecord> {
        match self.dir.verify_purpose_token(SIGN_IN_PURPOSE, &input.code) {
            Ok(named) if named == session_id => {}
            Ok(_) | Err(PurposeTokenError::Invalid) => {
                return Err(TrainingError::field(
                    "/code",
                    "invalid",
                    "签到码无效",
                    "this is not a sign-in code for this session",
                ));
            }
            Err(PurposeTokenError::Expired) => {
                return Err(RuleViolation::new(
                    "TR-19",
                    "签到码已过期,请扫描课堂上当前显示的二维码",
                    "the sign-in code has expired; scan the code currently shown in class",
                )
                .into());
            }
        }
        let uid = actor.user_id().ok_or(TrainingError::forbidden())?;
        let txn = begin_write(&self.dir.db).await?;
        let (s, c) = self.class_of_session(&txn, session_id).await?;
        let persons: Vec<Uuid> = person::Entity::find()
            .filter(person::Column::UserId.eq(uid))
            .all(&txn)
            .await?
            .into_iter()
            .map(|p| p.id)
            .collect();
        let e = enrolment::Entity::find()
            .filter(enrolment::Column::ClassId.eq(c.id))
            .filter(enrolment::Column::PersonId.is_in(persons))
            .one(&txn)
            .await?
            .ok_or(TrainingError::not_found(noun::SESSION))?;
        on_session_day(&s, self.dir.clock.now())?;
        require_paid(&e)?;
        if let Some(done) = attendance::Entity::find()
            .filter(attendance::Column::SessionId.eq(s.id))
            .filter(attendance::Column::EnrolmentId.eq(e.id))
            .one(&txn)
            .await?
        {
            return Ok(done.into());
        }
        let record = self
            .record_attendance(
                &txn,
                actor,
                &s,
                &c,
                &e,
                AttendanceMark::Present,
                "attendance.sign_in",
            )
            .await?;
        txn.commit().await?;
        Ok(record)
    }

    /// Writes one attendance row with its audit row; a second row for the same trainee and
    /// session is a conflict.
    #[allow(clippy::too_many_arguments)]
    async fn record_attendance<C: ConnectionTrait>(
        &self,
        conn: &C,
        actor: &Actor,
        s: &class_session::Model,
        c: &class::Model,
        e: &enrolment::Model,
        status: AttendanceMark,
        action: &str,
    ) -> Result<AttendanceRecord> {
        let now = self.dir.clock.now();
        attendance::ActiveModel {
            id: Set(Uuid::now_v7()),
            session_id: Set(s.id),
            enrolment_id: Set(e.id),
            status: Set(status),
            marked_by: Set(actor.id()),
            at: Set(now),
        }
        .insert(conn)
        .await
        .map_err(TrainingError::on_unique(
            "already_marked",
            "该学员本课次已签到/登记",
            "already recorded for this session",
        ))?;
        AuditEntry::new(action, "enrolment", e.id)
            .in_org(c.association_id)
            .change(json!({"session": s.id, "status": status}))
            .record(conn, actor, now)
            .await?;
        Ok(AttendanceRecord {
            session_id: s.id,
            enrolment_id: e.id,
            status,
        })
    }

    /// TR-17: unexcused absences of an enrolment.
    pub(crate) async fn unexcused_absences<C: ConnectionTrait>(
        &self,
        conn: &C,
        enrolment_id: Uuid,
    ) -> Result<u64> {
        Ok(attendance::Entity::find()
            .filter(attendance::Column::EnrolmentId.eq(enrolment_id))
            .filter(attendance::Column::Status.eq(AttendanceMark::Absent))
            .count(conn)
            .await?)
    }
}

/// Active users with the head-teacher role in the association or its member organizations, by
/// name. The one definition of who may lead the association's classes.
async fn head_teacher_candidates<C: ConnectionTrait>(
    conn: &C,
    association: Uuid,
) -> Result<Vec<HeadTeacherCandidate>> {
    let orgs: HashMap<Uuid, String> = organization::Entity::find()
        .filter(
            Condition::any()
                .add(organization::Column::Id.eq(association))
                .add(organization::Column::AssociationId.eq(association)),
        )
        .all(conn)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let holders: Vec<membership::Model> = membership::Entity::find()
        .filter(membership::Column::OrganizationId.is_in(orgs.keys().copied()))
        .all(conn)
        .await?
        .into_iter()
        .filter(|m| m.roles.contains(Role::HeadTeacher))
        .collect();
    let users: HashMap<Uuid, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(holders.iter().map(|m| m.user_id)))
        .filter(user::Column::Status.eq(directory::model::UserStatus::Active))
        .all(conn)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    let mut out: Vec<HeadTeacherCandidate> = holders
        .into_iter()
        .filter_map(|m| {
            Some(HeadTeacherCandidate {
                user_id: m.user_id,
                display_name: users.get(&m.user_id)?.clone(),
                organization_name: orgs.get(&m.organization_id)?.clone(),
                organization_id: m.organization_id,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        a.display_name
            .cmp(&b.display_name)
            .then(a.user_id.cmp(&b.user_id))
    });
    Ok(out)
}

/// Attendance is a record of a session, so it is taken on the session's day (Asia/Shanghai,
/// from the day it starts to the day it ends) — by the head teacher's list or by the
/// trainee's scan — and not weeks before or after: 409 `session_not_today` otherwise.
fn on_session_day(s: &class_session::Model, now: OffsetDateTime) -> Result<()> {
    let today = kernel::clock::shanghai_date(now);
    let first = kernel::clock::shanghai_date(s.starts_at);
    let last = kernel::clock::shanghai_date(s.ends_at);
    if (first..=last).contains(&today) {
        Ok(())
    } else {
        Err(TrainingError::conflict(
            "session_not_today",
            format!("考勤只能在课次当天({first})登记"),
            format!("attendance is taken on the session's day ({first})"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn tr_16_leave_is_asked_24_hours_before_the_session() {
        let start = datetime!(2027-03-10 09:00 +8);
        assert!(
            leave_in_time(datetime!(2027-03-09 09:00 +8), start),
            "exactly 24 h before is in time"
        );
        assert!(
            !leave_in_time(datetime!(2027-03-09 09:01 +8), start),
            "23 h 59 min before is too late"
        );
    }
}
