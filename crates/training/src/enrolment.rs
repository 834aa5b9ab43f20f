//! Enrolment steps (TR-07, TR-08, TR-09): enrolment by an enterprise or the person, the
//! training manager's approval, the association's confirmation within capacity and finance's
//! payment, each moving the enrolment one state on with its audit row.

use crate::Training;
use crate::access::association_of;
use crate::access::{At, Purpose, may};
use crate::classes::{Closed, class_closed, closed, refuse_if_sanctioned};
use crate::entity::{class, enrolment, payment};
use crate::error::{Result, TrainingError, checked, noun};
use crate::model::{ClassStatus, EnrolmentStatus, PaymentPurpose};
use crate::seats::{lock_classes, take_seat};
use directory::entity::person;
use kernel::audit::AuditEntry;
use kernel::clock::SHANGHAI;
use kernel::db::{VersionedUpdate, begin_write};
use kernel::money::yuan;
use kernel::refusal::FoundAt;
use kernel::{Actor, Role, RuleViolation};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use serde::{Deserialize, Serialize};
use serde_json::json;
use time::OffsetDateTime;
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

/// An enrolment.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Enrolment {
    pub id: Uuid,
    pub class_id: Uuid,
    pub person_id: Uuid,
    pub enterprise_id: Option<Uuid>,
    pub status: EnrolmentStatus,
    /// Why the training manager returned it, while it is returned.
    pub return_reason: Option<String>,
    pub version: i32,
}

/// A new enrolment (by an enterprise's training officer, or by the person themself).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EnrolmentIn {
    pub class_id: Uuid,
    pub person_id: Uuid,
}

/// The training manager's decision.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Approve,
    Return,
}

#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApprovalIn {
    pub decision: Decision,
    /// Why it goes back to the officer: required when returning (1–500 characters), not
    /// allowed when approving.
    #[serde(default)]
    #[validate(custom(function = "kernel::text::required_text_500"))]
    pub reason: Option<String>,
}

/// Finance's record of the fee.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PaymentIn {
    pub training_fee: i64,
    pub exam_fee: i64,
    /// Who paid.
    #[validate(custom(function = "kernel::text::required_text_100"))]
    pub payer: String,
    /// e.g. bank transfer, cash, WeChat Pay.
    #[validate(custom(function = "kernel::text::required_text_50"))]
    pub method: String,
    #[validate(custom(function = "kernel::text::required_text_100"))]
    pub receipt_no: String,
}

/// Finance's record of a retake's new exam fee (EX-02): the class's published exam fee.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExamFeeIn {
    /// In fen; the class's published exam fee (TR-08).
    pub exam_fee: i64,
    /// Who paid.
    #[validate(custom(function = "kernel::text::required_text_100"))]
    pub payer: String,
    /// e.g. bank transfer, cash, WeChat Pay.
    #[validate(custom(function = "kernel::text::required_text_50"))]
    pub method: String,
    #[validate(custom(function = "kernel::text::required_text_100"))]
    pub receipt_no: String,
}

pub(crate) fn to_enrolment(m: enrolment::Model) -> Enrolment {
    Enrolment {
        id: m.id,
        class_id: m.class_id,
        person_id: m.person_id,
        enterprise_id: m.enterprise_id,
        status: m.status,
        return_reason: m.return_reason,
        version: m.version,
    }
}

pub(crate) fn step_refused(expected: &str, actual: &str) -> TrainingError {
    RuleViolation::new(
        "TR-08",
        format!("报名须按顺序办理:此步骤要求状态为「{expected}」,当前为「{actual}」"),
        format!("enrolment steps go in order: this step needs status {expected}, it is {actual}"),
    )
    .into()
}

impl Training {
    /// Enrols a person: the enterprise's training officer for an employee (status submitted,
    /// TR-07/TR-08), or a practitioner for themself (straight to the association). The class
    /// passes the same admission as a batch ([`Training::admit`]).
    pub async fn enrol(&self, actor: &Actor, input: EnrolmentIn) -> Result<Enrolment> {
        let db = &self.dir.db;
        let txn = begin_write(db).await?;
        let person = person::Entity::find_by_id(input.person_id)
            .one(&txn)
            .await?
            .or_not_found_at("/person_id", "无此人员", "no such person")?;
        let myself = actor.user_id().is_some() && person.user_id == actor.user_id();
        let now = self.dir.clock.now();
        let officer = may(actor, Purpose::Enrol, At::Enterprise(person.employer_id));
        let (status, enterprise) = if officer {
            // TR-07: once the enterprise registered its officers, only they enter enrolments.
            self.require_named(&txn, actor, person.employer_id, Role::EnterpriseOfficer)
                .await?;
            (EnrolmentStatus::Submitted, Some(person.employer_id))
        } else if myself {
            (EnrolmentStatus::Approved, None)
        } else {
            // Another enterprise's employee stays unknown.
            return Err(TrainingError::field(
                "/person_id",
                "not_found",
                "无此人员",
                "no such person",
            ));
        };
        let class = self
            .admit(&txn, input.class_id, &[person.employer_id])
            .await?
            .class;
        refuse_if_sanctioned(&txn, person.id, &class, now).await?;
        let row = new_enrolment(&class, &person, enterprise, status, actor, now)
            .insert(&txn)
            .await
            .map_err(TrainingError::on_unique(
                "already_enrolled",
                "该人员已报名此班",
                "the person is already enrolled in this class",
            ))?;
        self.audit(&txn, actor, "enrolment.submit", &row, class.association_id)
            .await?;
        txn.commit().await?;
        Ok(to_enrolment(row))
    }

    /// TR-08: the one admission check of every way in — an officer's enrolment, a
    /// practitioner's own and a batch. `employers` are the organizations whose people are to
    /// be enrolled. A class is open to the people of its association's member organizations
    /// (and of the association itself); for anyone else it does not exist, so another
    /// tenant's class answers 404 and is never confirmed. It admits nobody once cancelled or
    /// begun: the enrolment steps end with the class notice of time and place, which means
    /// nothing for a class that will not run or is already running (docs/DECISIONS.md).
    /// Classes outside a published plan are admitted: classes are scheduled before the plan
    /// lists them and added as enrolment demands (TR-06).
    pub(crate) async fn admit<C: ConnectionTrait>(
        &self,
        conn: &C,
        class_id: Uuid,
        employers: &[Uuid],
    ) -> Result<Admission> {
        let class = class::Entity::find_by_id(class_id)
            .one(conn)
            .await?
            .ok_or(TrainingError::not_found(noun::CLASS))?;
        let admitted: Vec<Uuid> = directory::entity::organization::Entity::find()
            .filter(directory::entity::organization::Column::Id.is_in(employers.to_vec()))
            .all(conn)
            .await?
            .into_iter()
            .filter(|o| association_of(o) == Some(class.association_id))
            .map(|o| o.id)
            .collect();
        if admitted.is_empty() {
            return Err(TrainingError::not_found(noun::CLASS));
        }
        if let Some(why) = closed(&class, self.dir.clock.now()) {
            return Err(class_closed(why));
        }
        Ok(Admission {
            class,
            employers: admitted,
        })
    }

    pub(crate) async fn audit<C: ConnectionTrait>(
        &self,
        conn: &C,
        actor: &Actor,
        action: &str,
        row: &enrolment::Model,
        org: Uuid,
    ) -> Result<()> {
        AuditEntry::new(action, "enrolment", row.id)
            .in_org(org)
            .change(json!({
                "status": row.status,
                "class_id": row.class_id,
                "person_id": row.person_id,
                "return_reason": row.return_reason,
            }))
            .record(conn, actor, self.dir.clock.now())
            .await?;
        Ok(())
    }

    /// Moves an enrolment from one status to another only if nobody moved it meanwhile.
    pub(crate) async fn transition<C: ConnectionTrait>(
        &self,
        conn: &C,
        e: &enrolment::Model,
        to: EnrolmentStatus,
        col: Option<enrolment::Column>,
        actor: &Actor,
        return_reason: Option<String>,
    ) -> Result<enrolment::Model> {
        let mut upd = enrolment::Entity::update_many()
            .col_expr(enrolment::Column::Status, Expr::value(to))
            // Set on a return, cleared by every other step.
            .col_expr(enrolment::Column::ReturnReason, Expr::value(return_reason))
            // Joining the waiting list stamps the place in the queue; any other step ends it.
            .col_expr(
                enrolment::Column::WaitlistedAt,
                Expr::value((to == EnrolmentStatus::Waitlisted).then(|| self.dir.clock.now())),
            )
            .bump_version(enrolment::Column::Version)
            .col_expr(
                enrolment::Column::UpdatedAt,
                Expr::value(self.dir.clock.now()),
            )
            .filter(enrolment::Column::Id.eq(e.id))
            .filter(enrolment::Column::Status.eq(e.status));
        if let Some(c) = col {
            upd = upd.col_expr(c, Expr::value(actor.user_id()));
        }
        if upd.exec(conn).await?.rows_affected != 1 {
            return Err(step_refused(e.status.as_str(), "changed meanwhile"));
        }
        enrolment::Entity::find_by_id(e.id)
            .one(conn)
            .await?
            .ok_or(TrainingError::not_found(noun::ENROLMENT))
    }

    /// TR-07, TR-08: the enterprise's training manager approves or returns what its training
    /// officer submitted — never their own submission.
    pub async fn approve(&self, actor: &Actor, id: Uuid, input: ApprovalIn) -> Result<Enrolment> {
        let txn = begin_write(&self.dir.db).await?;
        let (e, c) = self.visible(&txn, actor, id).await?;
        if !e
            .enterprise_id
            .is_some_and(|ent| may(actor, Purpose::ApproveEnrolment, At::Enterprise(ent)))
        {
            return Err(TrainingError::forbidden());
        }
        if let Some(ent) = e.enterprise_id {
            // TR-07: once the enterprise registered its manager, only that user approves.
            self.require_named(&txn, actor, ent, Role::EnterpriseManager)
                .await?;
        }
        if e.status != EnrolmentStatus::Submitted {
            return Err(step_refused("submitted", e.status.as_str()));
        }
        // TR-07: the two levels are two people.
        if actor.user_id().is_some() && e.submitted_by == actor.user_id() {
            return Err(RuleViolation::new(
                "TR-07",
                "填报人与审核人不能是同一人",
                "the training manager who approves must not be the officer who submitted",
            )
            .into());
        }
        let (to, reason) = match (input.decision, input.reason.as_deref()) {
            (Decision::Approve, None) => (EnrolmentStatus::Approved, None),
            (Decision::Approve, Some(_)) => {
                return Err(TrainingError::field(
                    "/reason",
                    "not_allowed",
                    "批准时不填退回原因",
                    "a reason goes with a return only",
                ));
            }
            (Decision::Return, None) => {
                return Err(TrainingError::field(
                    "/reason",
                    "length",
                    "必填,不超过500字",
                    "required, at most 500 characters",
                ));
            }
            (Decision::Return, Some(r)) => {
                checked(&input)?;
                (EnrolmentStatus::Returned, Some(r.trim().to_owned()))
            }
        };
        let row = self
            .transition(
                &txn,
                &e,
                to,
                Some(enrolment::Column::ApprovedBy),
                actor,
                reason,
            )
            .await?;
        self.audit(
            &txn,
            actor,
            if to == EnrolmentStatus::Approved {
                "enrolment.approve"
            } else {
                "enrolment.return"
            },
            &row,
            c.association_id,
        )
        .await?;
        txn.commit().await?;
        Ok(to_enrolment(row))
    }

    /// TR-07, TR-08: the enterprise's training officer sends a returned enrolment back to the
    /// training manager, once mended. The officer who resubmits becomes its submitter, so the
    /// two-person check of the approval applies to them.
    pub async fn resubmit(&self, actor: &Actor, id: Uuid) -> Result<Enrolment> {
        let txn = begin_write(&self.dir.db).await?;
        let (e, c) = self.visible(&txn, actor, id).await?;
        let Some(ent) = e
            .enterprise_id
            .filter(|ent| may(actor, Purpose::Enrol, At::Enterprise(*ent)))
        else {
            return Err(TrainingError::forbidden());
        };
        self.require_named(&txn, actor, ent, Role::EnterpriseOfficer)
            .await?;
        if e.status != EnrolmentStatus::Returned {
            return Err(step_refused("returned", e.status.as_str()));
        }
        let row = self
            .transition(
                &txn,
                &e,
                EnrolmentStatus::Submitted,
                Some(enrolment::Column::SubmittedBy),
                actor,
                None,
            )
            .await?;
        self.audit(&txn, actor, "enrolment.resubmit", &row, c.association_id)
            .await?;
        txn.commit().await?;
        Ok(to_enrolment(row))
    }

    /// TR-08: the association confirms an approved enrolment. A seat is taken by a conditional
    /// update below capacity, so concurrent confirmations never overfill the class; beyond
    /// capacity the enrolment waits.
    pub async fn confirm(&self, actor: &Actor, id: Uuid) -> Result<Enrolment> {
        let txn = begin_write(&self.dir.db).await?;
        let (e, c) = self.visible(&txn, actor, id).await?;
        if !may(
            actor,
            Purpose::ConfirmEnrolment,
            At::Association(c.association_id),
        ) {
            return Err(TrainingError::forbidden());
        }
        if e.status != EnrolmentStatus::Approved {
            return Err(step_refused("approved", e.status.as_str()));
        }
        // Held until commit, so that a seat freed meanwhile is offered to the list only after
        // this enrolment is on it (or has the seat).
        let c = lock_classes(&txn, &[c.id]).await?.pop().unwrap_or(c);
        // TR-08: no confirmation into a class that will not run or is already running.
        if let Some(why) = closed(&c, self.dir.clock.now()) {
            return Err(class_closed(why));
        }
        let seat = take_seat(&txn, c.id).await?;
        let to = if seat {
            EnrolmentStatus::Confirmed
        } else {
            EnrolmentStatus::Waitlisted
        };
        let row = self
            .transition(
                &txn,
                &e,
                to,
                Some(enrolment::Column::ConfirmedBy),
                actor,
                None,
            )
            .await?;
        self.audit(
            &txn,
            actor,
            if seat {
                "enrolment.confirm"
            } else {
                "enrolment.waitlist"
            },
            &row,
            c.association_id,
        )
        .await?;
        txn.commit().await?;
        Ok(to_enrolment(row))
    }

    /// TR-08: finance records the fee — exactly the published training and exam fees — and the
    /// class notice (time, place) goes out through the outbox.
    pub async fn pay(&self, actor: &Actor, id: Uuid, input: PaymentIn) -> Result<Enrolment> {
        let txn = begin_write(&self.dir.db).await?;
        let (e, c) = self.visible(&txn, actor, id).await?;
        if !may(
            actor,
            Purpose::RecordPayment,
            At::Association(c.association_id),
        ) {
            return Err(TrainingError::forbidden());
        }
        if e.status != EnrolmentStatus::Confirmed {
            return Err(step_refused("confirmed", e.status.as_str()));
        }
        // TR-08: no fee for a cancelled class (it would only have to be refunded). A class that
        // has begun still takes the fee: trainees commonly pay on the first morning, and TR-09
        // only asks that they pay before they attend.
        if c.status == ClassStatus::Cancelled {
            return Err(class_closed(Closed::Cancelled));
        }
        if input.training_fee != c.training_fee || input.exam_fee != c.exam_fee {
            return Err(RuleViolation::new(
                "TR-08",
                format!(
                    "收费须与公示一致:培训费{}、考试费{}",
                    yuan(c.training_fee),
                    yuan(c.exam_fee)
                ),
                format!(
                    "the fee must equal the published fees: training {}, exam {}",
                    yuan(c.training_fee),
                    yuan(c.exam_fee)
                ),
            )
            .with("training_fee", c.training_fee)
            .with("exam_fee", c.exam_fee)
            .into());
        }
        checked(&input)?;
        let now = self.dir.clock.now();
        payment::ActiveModel {
            purpose: Set(PaymentPurpose::Enrolment),
            sitting_id: Set(None),
            training_fee: Set(input.training_fee),
            exam_fee: Set(input.exam_fee),
            ..ledger_row(
                e.id,
                &input.payer,
                &input.method,
                &input.receipt_no,
                actor,
                now,
            )
        }
        .insert(&txn)
        .await
        .map_err(TrainingError::on_unique(
            "receipt_used",
            "收据号已使用",
            "this receipt number is already recorded",
        ))?;
        enrolment::Entity::update_many()
            .col_expr(
                enrolment::Column::PaidTotal,
                Expr::col(enrolment::Column::PaidTotal).add(input.training_fee + input.exam_fee),
            )
            .filter(enrolment::Column::Id.eq(e.id))
            .exec(&txn)
            .await?;
        let row = self
            .transition(&txn, &e, EnrolmentStatus::Paid, None, actor, None)
            .await?;
        self.audit(&txn, actor, "enrolment.pay", &row, c.association_id)
            .await?;
        class_notice(&txn, now, &row, &c, "payment").await?;
        txn.commit().await?;
        Ok(to_enrolment(row))
    }

    /// EX-02 through the fee ledger: finance records a retake's new exam fee as a second
    /// payment of the enrolment, for one exam sitting (`sitting_id`, exams' id), inside the
    /// caller's transaction so that the exam side's record of it stands or falls with it.
    /// The amount is the class's published exam fee (TR-08); a receipt is used once. The
    /// enrolment's own paid total is not moved: refunds (TR-10..TR-12) are of the enrolment's
    /// fees, and a retake comes after the class.
    pub async fn record_exam_fee<C: ConnectionTrait>(
        &self,
        conn: &C,
        actor: &Actor,
        enrolment_id: Uuid,
        sitting_id: Uuid,
        input: &ExamFeeIn,
    ) -> Result<payment::Model> {
        checked(input)?;
        let (e, c) = self.visible(conn, actor, enrolment_id).await?;
        if !may(
            actor,
            Purpose::RecordPayment,
            At::Association(c.association_id),
        ) {
            return Err(TrainingError::forbidden());
        }
        if input.exam_fee != c.exam_fee {
            return Err(RuleViolation::new(
                "TR-08",
                format!("考试费须与公示一致:{}", yuan(c.exam_fee)),
                format!(
                    "the exam fee must equal the published one: {}",
                    yuan(c.exam_fee)
                ),
            )
            .with("exam_fee", c.exam_fee)
            .into());
        }
        let now = self.dir.clock.now();
        let row = payment::ActiveModel {
            purpose: Set(PaymentPurpose::ExamRetake),
            sitting_id: Set(Some(sitting_id)),
            training_fee: Set(0),
            exam_fee: Set(input.exam_fee),
            ..ledger_row(
                e.id,
                &input.payer,
                &input.method,
                &input.receipt_no,
                actor,
                now,
            )
        }
        .insert(conn)
        .await
        .map_err(TrainingError::on_unique(
            "receipt_used",
            "收据号已使用,或该场补考费已记录",
            "this receipt number is already recorded, or so is this sitting's fee",
        ))?;
        AuditEntry::new("payment.exam_retake", "enrolment", e.id)
            .in_org(c.association_id)
            .change(json!({"payment_id": row.id, "sitting_id": sitting_id, "exam_fee": row.exam_fee, "receipt_no": row.receipt_no}))
            .record(conn, actor, now)
            .await?;
        Ok(row)
    }
}

/// What [`Training::admit`] found: the class, and which of the given employers' people it
/// takes.
pub(crate) struct Admission {
    pub class: class::Model,
    pub employers: Vec<Uuid>,
}

/// What every row of the fee ledger records besides its purpose and amounts: the enrolment,
/// who paid, how and on which receipt (trimmed), who recorded it and when.
fn ledger_row(
    enrolment_id: Uuid,
    payer: &str,
    method: &str,
    receipt_no: &str,
    actor: &Actor,
    at: OffsetDateTime,
) -> payment::ActiveModel {
    payment::ActiveModel {
        id: Set(Uuid::now_v7()),
        enrolment_id: Set(enrolment_id),
        payer: Set(payer.trim().to_owned()),
        method: Set(method.trim().to_owned()),
        receipt_no: Set(receipt_no.trim().to_owned()),
        recorded_by: Set(actor.id()),
        at: Set(at),
        ..Default::default()
    }
}

/// A new enrolment row, the same for every way in (single, own, batch).
pub(crate) fn new_enrolment(
    class: &class::Model,
    person: &person::Model,
    enterprise: Option<Uuid>,
    status: EnrolmentStatus,
    actor: &Actor,
    now: OffsetDateTime,
) -> enrolment::ActiveModel {
    enrolment::ActiveModel {
        id: Set(Uuid::now_v7()),
        class_id: Set(class.id),
        person_id: Set(person.id),
        enterprise_id: Set(enterprise),
        status: Set(status),
        submitted_by: Set(actor.user_id()),
        approved_by: Set(None),
        confirmed_by: Set(None),
        version: Set(1),
        paid_total: Set(0),
        refunded_total: Set(0),
        return_reason: Set(None),
        waitlisted_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    }
}

/// TR-08: the class notice (time, place) for the trainee of a paid enrolment. It goes out when
/// finance records the fee, and again whenever a paid enrolment changes what the notice says:
/// a deferral moves it to another class (new time and place), a substitution gives it to
/// another person (who has not heard of the class yet). `occasion` says which.
pub(crate) async fn class_notice<C: ConnectionTrait>(
    conn: &C,
    now: OffsetDateTime,
    e: &enrolment::Model,
    c: &class::Model,
    occasion: &str,
) -> Result<()> {
    kernel::outbox::enqueue(
        conn,
        now,
        "training.class_notice",
        json!({
            "enrolment_id": e.id,
            "person_id": e.person_id,
            "class_id": c.id,
            "class": c.name,
            "starts_at": c.starts_at.to_offset(SHANGHAI).to_string(),
            "venue": c.venue,
            "online_link": c.online_link,
            "occasion": occasion,
        }),
    )
    .await?;
    Ok(())
}
