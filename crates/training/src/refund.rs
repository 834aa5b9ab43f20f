//! Refunds (TR-12..TR-15). Whether a refund is owed, and how much, is decided when it is
//! requested; it then walks five steps, each by its own role, in order (TR-14). The payout is a
//! conditional update of the enrolment's ledger, so the total refunded can never exceed the total
//! paid, however many payouts race.

use crate::Training;
use crate::access::{At, Purpose, associations_with, may};
use crate::entity::{class, enrolment, enrolment_request, refund};
use crate::error::{Result, TrainingError, checked, noun};
use crate::model::{ClassStatus, EnrolmentStatus, RefundGround, RefundStatus, RequestKind};
use directory::entity::user;
use kernel::audit::AuditEntry;
use kernel::clock::shanghai_date;
use kernel::db::{VersionedUpdate, begin_write, is_unique_violation, names_by_id};
use kernel::money::yuan;
use kernel::{Actor, RuleViolation};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, QueryTrait, Set,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use time::OffsetDateTime;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

/// TR-13: a refund for the trainee's own reasons may be asked for within one year of the
/// deferral, counted in Asia/Shanghai calendar days: day 365 is in time, day 366 is not.
pub const OWN_REASON_REFUND_DAYS: i64 = 365;

/// Filters of `GET /refunds`; both may be combined.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct RefundFilter {
    /// Only refunds in this state.
    pub status: Option<RefundStatus>,
    /// `true`: only those waiting for a step; `false`: only paid or rejected ones.
    pub open: Option<bool>,
}

/// A step of TR-14 after the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefundStep {
    DepartmentConfirm,
    FinanceConfirm,
    LeaderApprove,
    Pay,
}

impl RefundStep {
    /// The status the refund must be in, the status it moves to, and the purpose that acts
    /// (see [`crate::access::GRANTS`]), and the step's name in Chinese and English.
    fn spec(
        self,
    ) -> (
        RefundStatus,
        RefundStatus,
        Purpose,
        (&'static str, &'static str),
    ) {
        use RefundStatus::*;
        match self {
            RefundStep::DepartmentConfirm => (
                Requested,
                DepartmentConfirmed,
                Purpose::ConfirmRefund,
                ("培训部门确认", "training department confirms"),
            ),
            RefundStep::FinanceConfirm => (
                DepartmentConfirmed,
                FinanceConfirmed,
                Purpose::FinanceConfirmRefund,
                ("财务部门确认", "finance confirms"),
            ),
            RefundStep::LeaderApprove => (
                FinanceConfirmed,
                LeaderApproved,
                Purpose::ApproveRefund,
                ("领导审批", "the leader approves"),
            ),
            RefundStep::Pay => (
                LeaderApproved,
                Paid,
                Purpose::PayRefund,
                ("财务办理退费", "finance pays"),
            ),
        }
    }
}

/// A refund and where it stands.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Refund {
    pub id: Uuid,
    pub enrolment_id: Uuid,
    pub ground: RefundGround,
    pub reason: String,
    /// Fen.
    pub training_fee: i64,
    /// Fen; always 0 for own reasons (TR-13).
    pub exam_fee: i64,
    pub status: RefundStatus,
    #[serde(with = "kernel::utc")]
    pub requested_at: OffsetDateTime,
    #[serde(with = "kernel::utc::option")]
    pub paid_at: Option<OffsetDateTime>,
    pub payout_reference: Option<String>,
    /// Why it was refused, when it was.
    pub rejection_reason: Option<String>,
    /// The steps taken so far, in order: the request, each confirmation, the payout or the
    /// refusal, each with who took it and when.
    pub trail: Vec<RefundStepTaken>,
    pub version: i32,
}

/// One TR-14 step a refund has been through.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RefundStepTaken {
    /// The status the step led to; `requested` is the request itself.
    pub status: RefundStatus,
    /// The user who took it.
    pub by: Uuid,
    /// Their display name, when the taker is a user account.
    pub by_name: Option<String>,
    /// When it was taken. Unknown only for a step of a refund older than this record whose
    /// audit row is missing.
    #[serde(with = "kernel::utc::option")]
    pub at: Option<OffsetDateTime>,
}

/// A refund request.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RefundIn {
    pub ground: RefundGround,
    /// e.g. 离职, 换岗.
    #[validate(custom(function = "kernel::text::required_text_500"))]
    pub reason: String,
}

/// Finance's payout: how the money went back.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PayoutIn {
    /// Bank transaction or voucher number.
    #[validate(custom(function = "kernel::text::required_text_100"))]
    pub reference: String,
}

/// A refusal at any step.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RefundRejectionIn {
    #[validate(custom(function = "kernel::text::required_text_500"))]
    pub reason: String,
}

/// What an enrolment paid and got back.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Ledger {
    pub enrolment_id: Uuid,
    /// Fen.
    pub paid_total: i64,
    /// Fen.
    pub refunded_total: i64,
    pub refunds: Vec<Refund>,
}

/// The refunds as the API shows them, with the names of their steps' takers (one query).
async fn refunds_out<C: ConnectionTrait>(
    conn: &C,
    rows: Vec<refund::Model>,
) -> Result<Vec<Refund>> {
    let trails: Vec<Vec<(RefundStatus, Uuid, Option<OffsetDateTime>)>> =
        rows.iter().map(trail).collect();
    let names = names_by_id::<user::Entity, _>(
        conn,
        user::Column::Id,
        user::Column::DisplayName,
        trails.iter().flatten().map(|(_, by, _)| *by),
    )
    .await?;
    Ok(rows
        .into_iter()
        .zip(trails)
        .map(|(m, steps)| Refund {
            id: m.id,
            enrolment_id: m.enrolment_id,
            ground: m.ground,
            reason: m.reason,
            training_fee: m.training_fee,
            exam_fee: m.exam_fee,
            status: m.status,
            requested_at: m.requested_at,
            paid_at: m.paid_at,
            payout_reference: m.payout_reference,
            rejection_reason: m.rejection_reason,
            trail: steps
                .into_iter()
                .map(|(status, by, at)| RefundStepTaken {
                    status,
                    by,
                    by_name: names.get(&by).cloned(),
                    at,
                })
                .collect(),
            version: m.version,
        })
        .collect())
}

async fn refund_out<C: ConnectionTrait>(conn: &C, row: refund::Model) -> Result<Refund> {
    let mut out = refunds_out(conn, vec![row]).await?;
    out.pop().ok_or(TrainingError::not_found(noun::REFUND))
}

/// The steps a refund row records, in TR-14 order: (status reached, by, at).
fn trail(m: &refund::Model) -> Vec<(RefundStatus, Uuid, Option<OffsetDateTime>)> {
    [
        (
            RefundStatus::Requested,
            Some(m.requested_by),
            Some(m.requested_at),
        ),
        (
            RefundStatus::DepartmentConfirmed,
            m.department_by,
            m.department_at,
        ),
        (RefundStatus::FinanceConfirmed, m.finance_by, m.finance_at),
        (RefundStatus::LeaderApproved, m.leader_by, m.leader_at),
        (RefundStatus::Paid, m.paid_by, m.paid_at),
        (RefundStatus::Rejected, m.rejected_by, m.rejected_at),
    ]
    .into_iter()
    .filter_map(|(status, by, at)| by.map(|by| (status, by, at)))
    .collect()
}

/// The audit row of a refund's step, at the step's own instant (the trail's time).
async fn audit_refund<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    action: &str,
    row: &refund::Model,
    org: Uuid,
    at: OffsetDateTime,
) -> Result<()> {
    AuditEntry::new(action, "refund", row.id)
        .in_org(org)
        .change(json!({"status": row.status, "enrolment_id": row.enrolment_id, "training_fee": row.training_fee, "exam_fee": row.exam_fee}))
        .record(conn, actor, at)
        .await?;
    Ok(())
}

/// TR-14: everything paid has been refunded; another refund would repeat one. The amounts
/// (fen) read as yuan in the message and stay fen in the parameters.
fn nothing_left(paid: i64, refunded: i64) -> TrainingError {
    RuleViolation::new(
        "TR-14",
        format!(
            "该报名已缴{},已退{},没有可退的费用",
            yuan(paid),
            yuan(refunded)
        ),
        format!(
            "{} paid and {} refunded on this enrolment: nothing remains to be refunded",
            yuan(paid),
            yuan(refunded)
        ),
    )
    .with("paid", paid)
    .with("refunded", refunded)
    .into()
}

/// TR-13: is `now` within the year that follows the deferral?
pub fn within_refund_year(deferral_filed: OffsetDateTime, now: OffsetDateTime) -> bool {
    (shanghai_date(now) - shanghai_date(deferral_filed)).whole_days() <= OWN_REASON_REFUND_DAYS
}

impl Training {
    /// TR-12 / TR-13 / TR-15: asks for a refund and fixes its amount: what is left, after
    /// earlier refunds, of the fees its ground returns. The payer side (the sending
    /// enterprise, or the person who paid for themself) asks; for a cancelled class the
    /// association's training department may ask on the payer's behalf.
    pub async fn request_refund(&self, actor: &Actor, id: Uuid, input: RefundIn) -> Result<Refund> {
        checked(&input)?;
        let reason = input.reason.trim().to_owned();
        let txn = begin_write(&self.dir.db).await?;
        let (e, c) = self.visible(&txn, actor, id).await?;
        let payer_side = e
            .enterprise_id
            .is_some_and(|ent| may(actor, Purpose::ReadEnterpriseTraining, At::Enterprise(ent)))
            || self.is_the_trainee(&txn, actor, &e).await?;
        let department = Self::staff_of(actor, c.association_id);
        let allowed = match input.ground {
            RefundGround::ClassCancelled => payer_side || department,
            RefundGround::OwnReason => payer_side,
        };
        if !allowed {
            return Err(TrainingError::forbidden());
        }
        if e.paid_total <= e.refunded_total {
            return Err(nothing_left(e.paid_total, e.refunded_total));
        }
        let now = self.dir.clock.now();
        // What is left of each fee: paid in, less what refunds already paid out. A second
        // refund (say TR-12 after a TR-13 one) asks only for the rest.
        let (paid, refunded) = (
            self.paid_fees(&txn, e.id).await?,
            self.refunded_fees(&txn, e.id).await?,
        );
        let left = (
            Ord::max(paid.0 - refunded.0, 0),
            Ord::max(paid.1 - refunded.1, 0),
        );
        let (training_fee, exam_fee) = match input.ground {
            RefundGround::ClassCancelled => {
                self.check_cancelled_without_alternative(&txn, &c).await?;
                left
            }
            RefundGround::OwnReason => {
                self.check_own_reason(&txn, &e, &c, now).await?;
                if left.0 == 0 {
                    // TR-13: the training fee is back already and the exam fee is not refunded.
                    return Err(RuleViolation::new(
                        "TR-13",
                        format!("培训费已退还,考试费{}不予退还", yuan(left.1)),
                        format!(
                            "the training fee was already refunded and the exam fee ({}) is not refunded for own reasons",
                            yuan(left.1)
                        ),
                    )
                    .with("exam_fee", left.1)
                    .into());
                }
                (left.0, 0)
            }
        };
        if training_fee + exam_fee == 0 {
            return Err(nothing_left(e.paid_total, e.refunded_total));
        }
        let row = refund::ActiveModel {
            id: Set(Uuid::now_v7()),
            enrolment_id: Set(e.id),
            ground: Set(input.ground),
            reason: Set(reason),
            training_fee: Set(training_fee),
            exam_fee: Set(exam_fee),
            status: Set(RefundStatus::Requested),
            version: Set(1),
            open_for: Set(Some(e.id)),
            requested_by: Set(actor.id()),
            requested_at: Set(now),
            department_by: Set(None),
            department_at: Set(None),
            finance_by: Set(None),
            finance_at: Set(None),
            leader_by: Set(None),
            leader_at: Set(None),
            paid_by: Set(None),
            paid_at: Set(None),
            payout_reference: Set(None),
            rejected_by: Set(None),
            rejected_at: Set(None),
            rejection_reason: Set(None),
        }
        .insert(&txn)
        .await
        .map_err(|err| {
            if is_unique_violation(&err) {
                RuleViolation::new(
                    "TR-14",
                    "该报名已有办理中的退费申请",
                    "a refund for this enrolment is already in progress; steps are not repeated",
                )
                .into()
            } else {
                TrainingError::from(err)
            }
        })?;
        audit_refund(&txn, actor, "refund.request", &row, c.association_id, now).await?;
        let out = refund_out(&txn, row).await?;
        txn.commit().await?;
        Ok(out)
    }

    /// TR-14: one step of a refund, by the step's role, from exactly the step before. The leader
    /// who approves is not the person who confirmed for the training department.
    pub async fn advance_refund(
        &self,
        actor: &Actor,
        refund_id: Uuid,
        step: RefundStep,
        payout: Option<PayoutIn>,
    ) -> Result<Refund> {
        let reference = match (&payout, step) {
            (Some(p), RefundStep::Pay) => {
                checked(p)?;
                Some(p.reference.trim().to_owned())
            }
            _ => None,
        };
        let txn = begin_write(&self.dir.db).await?;
        let (r, c) = self.visible_refund(&txn, actor, refund_id).await?;
        let (from, to, purpose, (label_zh, label_en)) = step.spec();
        // The training department is its staff and its head (the association admin).
        if !may(actor, purpose, At::Association(c.association_id)) {
            return Err(TrainingError::forbidden());
        }
        if r.status != from {
            return Err(RuleViolation::new(
                "TR-14",
                format!(
                    "退费须按步骤办理,不得跳过或重复:「{label_zh}」要求上一步已完成,当前状态为{}",
                    r.status.as_str()
                ),
                format!(
                    "refund steps are neither skipped nor repeated: '{label_en}' needs status {}, it is {}",
                    from.as_str(),
                    r.status.as_str()
                ),
            )
            .into());
        }
        if step == RefundStep::LeaderApprove && r.department_by == actor.user_id() {
            return Err(RuleViolation::new(
                "TR-14",
                "领导审批与培训部门确认不能是同一人",
                "the leader who approves must not be the person who confirmed for the training department",
            )
            .into());
        }
        let now = self.dir.clock.now();
        if step == RefundStep::Pay {
            // The money leaves only if the ledger can carry it.
            let amount = r.training_fee + r.exam_fee;
            let res = enrolment::Entity::update_many()
                .col_expr(
                    enrolment::Column::RefundedTotal,
                    Expr::col(enrolment::Column::RefundedTotal).add(amount),
                )
                .filter(enrolment::Column::Id.eq(r.enrolment_id))
                .filter(
                    Expr::col(enrolment::Column::RefundedTotal)
                        .add(amount)
                        .lte(Expr::col(enrolment::Column::PaidTotal)),
                )
                .exec(&txn)
                .await?;
            if res.rows_affected != 1 {
                return Err(RuleViolation::new(
                    "TR-14",
                    "退费总额不能超过已缴费用",
                    "the total refunded may not exceed the total paid",
                )
                .into());
            }
        }
        let (by_col, at_col) = match step {
            RefundStep::DepartmentConfirm => {
                (refund::Column::DepartmentBy, refund::Column::DepartmentAt)
            }
            RefundStep::FinanceConfirm => (refund::Column::FinanceBy, refund::Column::FinanceAt),
            RefundStep::LeaderApprove => (refund::Column::LeaderBy, refund::Column::LeaderAt),
            RefundStep::Pay => (refund::Column::PaidBy, refund::Column::PaidAt),
        };
        let mut upd = refund::Entity::update_many()
            .col_expr(refund::Column::Status, Expr::value(to))
            .col_expr(by_col, Expr::value(actor.id()))
            .col_expr(at_col, Expr::value(now))
            .bump_version(refund::Column::Version)
            .filter(refund::Column::Id.eq(r.id))
            .filter(refund::Column::Status.eq(from));
        if step == RefundStep::Pay {
            upd = upd
                .col_expr(refund::Column::PayoutReference, Expr::value(reference))
                .col_expr(refund::Column::OpenFor, Expr::value(Option::<Uuid>::None));
        }
        if upd.exec(&txn).await?.rows_affected != 1 {
            // Someone took this step meanwhile; the transaction (and any ledger change) is
            // rolled back when `txn` drops.
            return Err(RuleViolation::new(
                "TR-14",
                "该步骤已被他人办理",
                "this step was taken meanwhile and is not repeated",
            )
            .into());
        }
        let row = refund::Entity::find_by_id(r.id)
            .one(&txn)
            .await?
            .ok_or(TrainingError::not_found(noun::REFUND))?;
        let action = match step {
            RefundStep::DepartmentConfirm => "refund.department_confirm",
            RefundStep::FinanceConfirm => "refund.finance_confirm",
            RefundStep::LeaderApprove => "refund.leader_approve",
            RefundStep::Pay => "refund.pay",
        };
        audit_refund(&txn, actor, action, &row, c.association_id, now).await?;
        let out = refund_out(&txn, row).await?;
        txn.commit().await?;
        Ok(out)
    }

    /// Refuses an open refund at whatever step it is; the association's staff, finance or
    /// leader may refuse.
    pub async fn reject_refund(
        &self,
        actor: &Actor,
        refund_id: Uuid,
        input: RefundRejectionIn,
    ) -> Result<Refund> {
        checked(&input)?;
        let reason = input.reason.trim().to_owned();
        let txn = begin_write(&self.dir.db).await?;
        let (r, c) = self.visible_refund(&txn, actor, refund_id).await?;
        if !may(
            actor,
            Purpose::RejectRefund,
            At::Association(c.association_id),
        ) {
            return Err(TrainingError::forbidden());
        }
        // One instant for the row and its audit row: m0062 read the one from the other.
        let now = self.dir.clock.now();
        let res = refund::Entity::update_many()
            .col_expr(refund::Column::Status, Expr::value(RefundStatus::Rejected))
            .col_expr(refund::Column::OpenFor, Expr::value(Option::<Uuid>::None))
            .col_expr(refund::Column::RejectionReason, Expr::value(reason.clone()))
            .col_expr(refund::Column::RejectedBy, Expr::value(actor.id()))
            .col_expr(refund::Column::RejectedAt, Expr::value(now))
            .bump_version(refund::Column::Version)
            .filter(refund::Column::Id.eq(r.id))
            .filter(refund::Column::Status.is_not_in([RefundStatus::Paid, RefundStatus::Rejected]))
            .exec(&txn)
            .await?;
        if res.rows_affected != 1 {
            return Err(RuleViolation::new(
                "TR-14",
                "退费已办结,不能再拒绝",
                "the refund is already closed",
            )
            .into());
        }
        let row = refund::Entity::find_by_id(r.id)
            .one(&txn)
            .await?
            .ok_or(TrainingError::not_found(noun::REFUND))?;
        AuditEntry::new("refund.reject", "refund", row.id)
            .in_org(c.association_id)
            .change(json!({"status": row.status, "reason": reason}))
            .record(&txn, actor, now)
            .await?;
        let out = refund_out(&txn, row).await?;
        txn.commit().await?;
        Ok(out)
    }

    /// The enrolment's ledger: paid, refunded, and every refund.
    pub async fn ledger(&self, actor: &Actor, id: Uuid) -> Result<Ledger> {
        let db = &self.dir.db;
        let (e, _) = self.visible(db, actor, id).await?;
        let refunds = refund::Entity::find()
            .filter(refund::Column::EnrolmentId.eq(e.id))
            .order_by_asc(refund::Column::Id)
            .all(db)
            .await?;
        Ok(Ledger {
            enrolment_id: e.id,
            paid_total: e.paid_total,
            refunded_total: e.refunded_total,
            refunds: refunds_out(db, refunds).await?,
        })
    }

    /// Refunds of the actor's associations, oldest first: every one, those in one `status`
    /// (paid and rejected included), or the open ones (waiting for a TR-14 step: the approval
    /// inbox and finance's screen).
    pub async fn list_refunds(&self, actor: &Actor, f: &RefundFilter) -> Result<Vec<Refund>> {
        let assocs = associations_with(actor, Purpose::ReadAssociationTraining);
        if assocs.is_empty() && !actor.is_platform_admin() {
            return Ok(vec![]);
        }
        let mut q = refund::Entity::find();
        if f.open == Some(true) {
            q = q.filter(refund::Column::OpenFor.is_not_null());
        } else if f.open == Some(false) {
            q = q.filter(refund::Column::OpenFor.is_null());
        }
        if let Some(status) = f.status {
            q = q.filter(refund::Column::Status.eq(status));
        }
        if !actor.is_platform_admin() {
            let classes = class::Entity::find()
                .select_only()
                .column(class::Column::Id)
                .filter(class::Column::AssociationId.is_in(assocs))
                .into_query();
            let enrolments = enrolment::Entity::find()
                .select_only()
                .column(enrolment::Column::Id)
                .filter(enrolment::Column::ClassId.in_subquery(classes))
                .into_query();
            q = q.filter(refund::Column::EnrolmentId.in_subquery(enrolments));
        }
        let rows = q.order_by_asc(refund::Column::Id).all(&self.dir.db).await?;
        refunds_out(&self.dir.db, rows).await
    }

    async fn visible_refund<C: ConnectionTrait>(
        &self,
        conn: &C,
        actor: &Actor,
        id: Uuid,
    ) -> Result<(refund::Model, class::Model)> {
        let r = refund::Entity::find_by_id(id)
            .one(conn)
            .await?
            .ok_or(TrainingError::not_found(noun::REFUND))?;
        let (_, c) = self
            .visible(conn, actor, r.enrolment_id)
            .await
            .map_err(|_| TrainingError::not_found(noun::REFUND))?;
        Ok((r, c))
    }

    /// Training fee and exam fee that refunds of the enrolment paid out so far.
    async fn refunded_fees<C: ConnectionTrait>(
        &self,
        conn: &C,
        enrolment: Uuid,
    ) -> Result<(i64, i64)> {
        let rows = refund::Entity::find()
            .filter(refund::Column::EnrolmentId.eq(enrolment))
            .filter(refund::Column::Status.eq(RefundStatus::Paid))
            .all(conn)
            .await?;
        Ok(rows
            .iter()
            .fold((0, 0), |(t, x), r| (t + r.training_fee, x + r.exam_fee)))
    }

    /// Training fee and exam fee recorded by finance for the enrolment (its own fees: a
    /// retake's exam fee is not refunded with them).
    async fn paid_fees<C: ConnectionTrait>(&self, conn: &C, enrolment: Uuid) -> Result<(i64, i64)> {
        let rows = crate::entity::payment::Entity::find()
            .filter(crate::entity::payment::Column::EnrolmentId.eq(enrolment))
            .filter(
                crate::entity::payment::Column::Purpose.eq(crate::model::PaymentPurpose::Enrolment),
            )
            .all(conn)
            .await?;
        Ok(rows
            .iter()
            .fold((0, 0), |(t, x), p| (t + p.training_fee, x + p.exam_fee)))
    }

    /// TR-12: the class is cancelled and no other class of the same course is planned in the
    /// same (Asia/Shanghai) year.
    async fn check_cancelled_without_alternative<C: ConnectionTrait>(
        &self,
        conn: &C,
        c: &class::Model,
    ) -> Result<()> {
        if c.status != ClassStatus::Cancelled {
            return Err(RuleViolation::new(
                "TR-12",
                "只有协会取消的班次才能按取消原因全额退费",
                "a full refund needs a class the association cancelled",
            )
            .into());
        }
        let year = shanghai_date(c.starts_at).year();
        let alternative = class::Entity::find()
            .filter(class::Column::CourseId.eq(c.course_id))
            .filter(class::Column::Id.ne(c.id))
            .filter(class::Column::Status.ne(ClassStatus::Cancelled))
            .all(conn)
            .await?
            .into_iter()
            .any(|o| shanghai_date(o.starts_at).year() == year);
        if alternative {
            return Err(RuleViolation::new(
                "TR-12",
                "本年度仍有同类培训班,请办理延期参加,不予退费",
                "another class of the same course is planned in the same year; the trainee defers instead of a refund",
            )
            .into());
        }
        Ok(())
    }

    /// TR-13 / TR-15: own reasons are refunded only after a deferral filed before the class
    /// started, within a year of it; without one, a trainee who stayed away gets nothing.
    async fn check_own_reason<C: ConnectionTrait>(
        &self,
        conn: &C,
        e: &enrolment::Model,
        c: &class::Model,
        now: OffsetDateTime,
    ) -> Result<()> {
        let deferral = enrolment_request::Entity::find()
            .filter(enrolment_request::Column::EnrolmentId.eq(e.id))
            .filter(enrolment_request::Column::Kind.eq(RequestKind::Deferral))
            .order_by_asc(enrolment_request::Column::RequestedAt)
            .one(conn)
            .await?;
        let Some(d) = deferral else {
            return Err(if now >= c.starts_at {
                RuleViolation::new(
                    "TR-15",
                    "未按规定提交延期申请而缺席的学员,不予退费",
                    "a trainee absent without a deferral filed in time gets no refund",
                )
            } else {
                RuleViolation::new(
                    "TR-13",
                    "因个人原因退费,须先在开班前提交延期申请",
                    "a refund for own reasons needs a deferral filed before the class starts",
                )
            }
            .into());
        };
        if !within_refund_year(d.requested_at, now) {
            return Err(RuleViolation::new(
                "TR-13",
                "退费须在提交延期申请后1年内申请",
                "a refund for own reasons must be asked for within one year (365 days) of the deferral",
            )
            .into());
        }
        if e.status != EnrolmentStatus::Paid {
            return Err(RuleViolation::new(
                "TR-13",
                "未缴费的报名无需退费",
                "the enrolment was not paid",
            )
            .into());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn tr_13_refund_year_is_365_shanghai_days_after_the_deferral() {
        let filed = datetime!(2026-03-01 23:30 +8);
        assert!(
            within_refund_year(filed, datetime!(2027-03-01 23:59 +8)),
            "day 365"
        );
        assert!(
            !within_refund_year(filed, datetime!(2027-03-02 00:00 +8)),
            "day 366"
        );
        // Shanghai dates, not UTC: 2026-03-01 23:30 +8 is still 2026-03-01 15:30 UTC.
        assert!(within_refund_year(filed, datetime!(2027-03-01 15:59 UTC)));
        assert!(!within_refund_year(filed, datetime!(2027-03-01 16:00 UTC)));
    }

    #[test]
    fn tr_14_steps_follow_each_other() {
        let steps = [
            RefundStep::DepartmentConfirm,
            RefundStep::FinanceConfirm,
            RefundStep::LeaderApprove,
            RefundStep::Pay,
        ];
        let mut at = RefundStatus::Requested;
        for s in steps {
            let (from, to, _, _) = s.spec();
            assert_eq!(from, at);
            at = to;
        }
        assert_eq!(at, RefundStatus::Paid);
    }
}
