//! Deferral (TR-10) and substitution (TR-11): requests against a paid enrolment, closing one
//! day before the class starts, and their approval.

use crate::Training;
use crate::access::{At, Purpose, may};
use crate::classes::{Closed, closed, refuse_if_sanctioned};
use crate::enrolment::{Enrolment, class_notice, to_enrolment};
use crate::entity::{class, enrolment, enrolment_request};
use crate::error::{Result, TrainingError, checked, noun};
use crate::model::{EnrolmentStatus, RequestKind, RequestStatus};
use crate::seats::{lock_classes, take_seat};
use directory::entity::person;
use kernel::audit::AuditEntry;
use kernel::clock::SHANGHAI;
use kernel::db::{VersionedUpdate, begin_write};
use kernel::refusal::FoundAt;
use kernel::{Actor, Role, RuleViolation};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use serde::{Deserialize, Serialize};
use serde_json::json;
use time::{Duration, OffsetDateTime};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

/// How long before a class starts deferral and substitution requests close (TR-10, TR-11):
/// one day, counted as 24 hours.
pub const REQUEST_DEADLINE: Duration = Duration::hours(24);

/// A deferral request (TR-10).
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeferralIn {
    #[validate(custom(function = "kernel::text::required_text_500"))]
    pub reason: String,
}

/// The training department head's approval of a deferral: the same-course class to join.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeferralApprovalIn {
    pub target_class_id: Uuid,
}

/// A substitution (TR-11): another employee of the same enterprise takes the place.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SubstitutionIn {
    pub new_person_id: Uuid,
    #[validate(custom(function = "kernel::text::required_text_500"))]
    pub reason: String,
}

/// A deferral (TR-10) or substitution (TR-11) request, as filed and as decided.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EnrolmentRequest {
    pub id: Uuid,
    pub enrolment_id: Uuid,
    pub kind: RequestKind,
    /// A deferral is `pending` until the association approves it (`approved`); a
    /// substitution is `applied` at once.
    pub status: RequestStatus,
    pub reason: String,
    /// The substitution's new trainee.
    pub new_person_id: Option<Uuid>,
    /// The class an approved deferral moved the enrolment to.
    pub target_class_id: Option<Uuid>,
    /// Who filed it (a user, or the trainee's own account).
    pub requested_by: Uuid,
    #[serde(with = "kernel::utc")]
    pub requested_at: OffsetDateTime,
    /// Who approved it; null while pending and for a substitution.
    pub decided_by: Option<Uuid>,
}

/// The request as it is read back.
pub(crate) fn to_request(m: enrolment_request::Model) -> EnrolmentRequest {
    EnrolmentRequest {
        id: m.id,
        enrolment_id: m.enrolment_id,
        kind: m.kind,
        status: m.status,
        reason: m.reason,
        new_person_id: m.new_person_id,
        target_class_id: m.target_class_id,
        requested_by: m.requested_by,
        requested_at: m.requested_at,
        decided_by: m.decided_by,
    }
}

/// TR-10 / TR-11: requests close one day (24 h) before the class starts.
pub fn before_deadline(now: OffsetDateTime, starts_at: OffsetDateTime) -> bool {
    now <= starts_at - REQUEST_DEADLINE
}

impl Training {
    /// TR-10: a deferral is requested at least one day (24 h) before the class starts, by the
    /// sending enterprise's officer or the person themself.
    pub async fn request_deferral(
        &self,
        actor: &Actor,
        id: Uuid,
        input: DeferralIn,
    ) -> Result<EnrolmentRequest> {
        let txn = begin_write(&self.dir.db).await?;
        let (e, c) = self.visible(&txn, actor, id).await?;
        self.require_sender(&txn, actor, &e).await?;
        if !before_deadline(self.dir.clock.now(), c.starts_at) {
            return Err(RuleViolation::new(
                "TR-10",
                "延期须在开班前至少1天(24小时)提出",
                "a deferral must be requested at least 24 hours before the class starts",
            )
            .into());
        }
        checked(&input)?;
        let r = self
            .insert_request(
                &txn,
                actor,
                &e,
                RequestKind::Deferral,
                None,
                &input.reason,
                c.association_id,
            )
            .await?;
        txn.commit().await?;
        Ok(r)
    }

    /// TR-10: the training department head approves a deferral into a class of the same course
    /// in the same (Asia/Shanghai) year; the seat moves with it.
    pub async fn approve_deferral(
        &self,
        actor: &Actor,
        request_id: Uuid,
        input: DeferralApprovalIn,
    ) -> Result<Enrolment> {
        let txn = begin_write(&self.dir.db).await?;
        let req = enrolment_request::Entity::find_by_id(request_id)
            .one(&txn)
            .await?
            .filter(|r| r.kind == RequestKind::Deferral)
            .ok_or(TrainingError::not_found(noun::REQUEST))?;
        let (e, c) = self.visible(&txn, actor, req.enrolment_id).await?;
        if !may(
            actor,
            Purpose::ApproveDeferral,
            At::Association(c.association_id),
        ) {
            return Err(TrainingError::forbidden());
        }
        if req.status != RequestStatus::Pending {
            return Err(TrainingError::conflict(
                "request_decided",
                "该申请已处理",
                "this request was already decided",
            ));
        }
        let target = class::Entity::find_by_id(input.target_class_id)
            .one(&txn)
            .await?
            .filter(|t| t.association_id == c.association_id && t.id != c.id)
            .or_not_found_at("/target_class_id", "无此培训班", "no such class")?;
        if target.course_id != c.course_id
            || target.starts_at.to_offset(SHANGHAI).year() != c.starts_at.to_offset(SHANGHAI).year()
        {
            return Err(RuleViolation::new(
                "TR-10",
                "延期只能参加本年度同类培训班",
                "a deferral moves to a class of the same course in the same year",
            )
            .into());
        }
        // TR-10: the trainee joins a class that will run: not a cancelled one, nor one that
        // has already begun.
        match closed(&target, self.dir.clock.now()) {
            None => {}
            Some(Closed::Cancelled) => {
                return Err(RuleViolation::new(
                    "TR-10",
                    "目标培训班已取消,不能延期至该班",
                    "a deferral cannot move to a cancelled class",
                )
                .into());
            }
            Some(Closed::Started) => {
                return Err(RuleViolation::new(
                    "TR-10",
                    "目标培训班已开班,不能延期至该班",
                    "a deferral cannot move to a class that has already started",
                )
                .into());
            }
        }
        // Both classes' seats and lists change: lock them in one order, so that two deferrals
        // crossing between the same classes wait for each other instead of deadlocking.
        lock_classes(&txn, &[c.id, target.id]).await?;
        let holds_seat = matches!(e.status, EnrolmentStatus::Confirmed | EnrolmentStatus::Paid);
        let waitlisted = e.status == EnrolmentStatus::Waitlisted;
        if holds_seat && !take_seat(&txn, target.id).await? {
            return Err(TrainingError::conflict(
                "class_full",
                "目标班级已满",
                "the target class is full",
            ));
        }
        let mut moving = enrolment::Entity::update_many()
            .col_expr(enrolment::Column::ClassId, Expr::value(target.id));
        if waitlisted {
            // Without a seat it joins the end of the target's list.
            moving = moving.col_expr(
                enrolment::Column::WaitlistedAt,
                Expr::value(Some(self.dir.clock.now())),
            );
        }
        let moved = moving
            .filter(enrolment::Column::Id.eq(e.id))
            .at_version(enrolment::Column::Version, e.version)
            .exec(&txn)
            .await
            .map_err(TrainingError::on_unique(
                "already_enrolled",
                "该人员已在目标班级",
                "the person is already in the target class",
            ))?;
        if moved.rows_affected != 1 {
            return Err(TrainingError::conflict(
                "changed",
                "报名已被修改,请重试",
                "the enrolment changed meanwhile",
            ));
        }
        enrolment_request::Entity::update_many()
            .col_expr(
                enrolment_request::Column::Status,
                Expr::value(RequestStatus::Approved),
            )
            .col_expr(
                enrolment_request::Column::DecidedBy,
                Expr::value(actor.user_id()),
            )
            .col_expr(
                enrolment_request::Column::TargetClassId,
                Expr::value(target.id),
            )
            .filter(enrolment_request::Column::Id.eq(req.id))
            .exec(&txn)
            .await?;
        let row = enrolment::Entity::find_by_id(e.id)
            .one(&txn)
            .await?
            .ok_or(TrainingError::not_found(noun::ENROLMENT))?;
        self.audit(&txn, actor, "enrolment.defer", &row, c.association_id)
            .await?;
        if row.status == EnrolmentStatus::Paid {
            class_notice(&txn, self.dir.clock.now(), &row, &target, "deferral").await?;
        }
        if holds_seat {
            self.release_seat(&txn, actor, c.id).await?;
        }
        let row = if waitlisted {
            // A free seat in the target goes to its list, which this enrolment has just joined.
            self.fill_from_waitlist(&txn, actor, target.id).await?;
            enrolment::Entity::find_by_id(e.id)
                .one(&txn)
                .await?
                .ok_or(TrainingError::not_found(noun::ENROLMENT))?
        } else {
            row
        };
        txn.commit().await?;
        Ok(to_enrolment(row))
    }

    /// TR-11: the sending enterprise replaces the trainee at least one day (24 h) before the
    /// class starts; the enrolment (and everything that hangs on it) follows the new person.
    pub async fn substitute(
        &self,
        actor: &Actor,
        id: Uuid,
        input: SubstitutionIn,
    ) -> Result<Enrolment> {
        let txn = begin_write(&self.dir.db).await?;
        let (e, c) = self.visible(&txn, actor, id).await?;
        let Some(enterprise) = e
            .enterprise_id
            .filter(|ent| may(actor, Purpose::RequestChange, At::Enterprise(*ent)))
        else {
            return Err(TrainingError::forbidden());
        };
        self.require_named(&txn, actor, enterprise, Role::EnterpriseOfficer)
            .await?;
        if !before_deadline(self.dir.clock.now(), c.starts_at) {
            return Err(RuleViolation::new(
                "TR-11",
                "更换参培人须在开班前至少1天(24小时)提出",
                "a substitution must be requested at least 24 hours before the class starts",
            )
            .into());
        }
        let newcomer = person::Entity::find_by_id(input.new_person_id)
            .one(&txn)
            .await?
            .filter(|p| p.employer_id == enterprise)
            .or_not_found_at("/new_person_id", "无此员工", "no such employee")?;
        // CR-04: taking over someone's place is a registration like any other.
        let now = self.dir.clock.now();
        refuse_if_sanctioned(&txn, newcomer.id, &c, now).await?;
        let res = enrolment::Entity::update_many()
            .col_expr(enrolment::Column::PersonId, Expr::value(newcomer.id))
            .filter(enrolment::Column::Id.eq(e.id))
            .at_version(enrolment::Column::Version, e.version)
            .exec(&txn)
            .await
            .map_err(TrainingError::on_unique(
                "already_enrolled",
                "新参培人已报名此班",
                "the new trainee is already enrolled",
            ))?;
        if res.rows_affected != 1 {
            return Err(TrainingError::conflict(
                "changed",
                "报名已被修改,请重试",
                "the enrolment changed meanwhile",
            ));
        }
        checked(&input)?;
        let request = self
            .insert_request(
                &txn,
                actor,
                &e,
                RequestKind::Substitution,
                Some(newcomer.id),
                &input.reason,
                c.association_id,
            )
            .await?;
        enrolment_request::Entity::update_many()
            .col_expr(
                enrolment_request::Column::Status,
                Expr::value(RequestStatus::Applied),
            )
            .filter(enrolment_request::Column::Id.eq(request.id))
            .exec(&txn)
            .await?;
        let row = enrolment::Entity::find_by_id(e.id)
            .one(&txn)
            .await?
            .ok_or(TrainingError::not_found(noun::ENROLMENT))?;
        self.audit(&txn, actor, "enrolment.substitute", &row, c.association_id)
            .await?;
        if row.status == EnrolmentStatus::Paid {
            class_notice(&txn, now, &row, &c, "substitution").await?;
        }
        txn.commit().await?;
        Ok(to_enrolment(row))
    }

    async fn require_sender<C: ConnectionTrait>(
        &self,
        conn: &C,
        actor: &Actor,
        e: &enrolment::Model,
    ) -> Result<()> {
        if self.is_the_trainee(conn, actor, e).await? {
            return Ok(());
        }
        match e
            .enterprise_id
            .filter(|ent| may(actor, Purpose::RequestChange, At::Enterprise(*ent)))
        {
            // TR-07: for the enterprise only the officers its letter names act.
            Some(ent) => {
                self.require_named(conn, actor, ent, Role::EnterpriseOfficer)
                    .await
            }
            None => Err(TrainingError::forbidden()),
        }
    }

    #[allow(clippy::too_many_arguments)]
    async fn insert_request<C: ConnectionTrait>(
        &self,
        conn: &C,
        actor: &Actor,
        e: &enrolment::Model,
        kind: RequestKind,
        new_person: Option<Uuid>,
        reason: &str,
        org: Uuid,
    ) -> Result<EnrolmentRequest> {
        // The caller checked the input (`checked`); stored trimmed.
        let reason = reason.trim();
        let now = self.dir.clock.now();
        let row = enrolment_request::ActiveModel {
            id: Set(Uuid::now_v7()),
            enrolment_id: Set(e.id),
            kind: Set(kind),
            new_person_id: Set(new_person),
            reason: Set(reason.to_owned()),
            status: Set(RequestStatus::Pending),
            requested_by: Set(actor.id()),
            requested_at: Set(now),
            decided_by: Set(None),
            target_class_id: Set(None),
        }
        .insert(conn)
        .await?;
        let action = if kind == RequestKind::Deferral {
            "enrolment.deferral_request"
        } else {
            "enrolment.substitution_request"
        };
        AuditEntry::new(action, "enrolment", e.id)
            .in_org(org)
            .change(json!({"request": row.id, "new_person_id": new_person}))
            .record(conn, actor, now)
            .await?;
        Ok(to_request(row))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn tr_10_tr_11_deadline_is_24_hours_before_start() {
        let start = datetime!(2027-03-10 09:00 +8);
        assert!(
            before_deadline(datetime!(2027-03-09 09:00 +8), start),
            "exactly 24 h before is in time"
        );
        assert!(
            !before_deadline(datetime!(2027-03-09 09:01 +8), start),
            "23 h 59 min before is too late"
        );
    }
}
