//! One approval inbox: what waits for the caller, by the role that must act next.
//!
//! - enterprise training manager: enrolments its officers submitted (TR-07, TR-08) — not the
//!   ones the manager submitted, which another manager must approve, and only for the manager
//!   the enterprise's acknowledged change letter names, once there is one;
//! - enterprise training officer: enrolments the manager returned, with the reason, to mend
//!   and resubmit (TR-07, TR-08) — for the officers the change letter names, once there is one;
//! - association staff (and the association admin, the training department's head): approved
//!   enrolments to confirm (TR-08) — only of classes that still take confirmations, neither
//!   cancelled nor begun (decision 25) — and refund requests to confirm for the department
//!   (TR-14);
//! - association admin: deferral requests (TR-10) and refunds awaiting the leader (TR-14) —
//!   not those the same admin confirmed for the department;
//! - finance: confirmed enrolments awaiting the fee (TR-08, TR-09) — not those of a cancelled
//!   class, which takes no fee; a class that has begun still does (decision 25) — refunds to
//!   confirm and to pay out (TR-14);
//! - head teacher: pending leave requests of their classes (TR-16);
//! - association staff (and admin): enterprises' change letters, uploaded and waiting for the
//!   association's acknowledgement (TR-07) — until then the enterprise's new officers and
//!   manager cannot act, so the letter is work waiting like any other. A letter filed without
//!   its file is not listed: it cannot be acknowledged yet, the enterprise must upload it.
//!
//! Each item names the action endpoint that takes it out of the inbox. The inbox is a list like
//! every other (`{items, next_cursor}`): the kinds in the order of [`InboxKind`], each oldest
//! first (by id, i.e. when it was created), read one page at a time — a page asks only the
//! kinds it reaches, and only for the rows it still has room for.

use crate::Training;
use crate::access::{Purpose, associations_with, enterprises_with};
use crate::accounts::{designation, names};
use crate::entity::{
    account_change, class, class_session, enrolment, enrolment_request, leave_request, refund,
};
use crate::error::Result;
use crate::model::{
    AccountChangeStatus, ClassStatus, EnrolmentStatus, LeaveStatus, RefundStatus, RequestKind,
    RequestStatus,
};
use crate::views::Names;
use kernel::Page;
use kernel::db::rows_by_id;
use kernel::{Actor, Role};
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    QueryTrait, Select,
};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use time::OffsetDateTime;
use utoipa::ToSchema;
use uuid::Uuid;

/// What kind of decision waits; the inbox lists the kinds in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum InboxKind {
    /// The enterprise's training manager approves or returns (TR-07, TR-08).
    EnrolmentApproval,
    /// The training officer mends and resubmits what the manager returned (TR-07, TR-08).
    EnrolmentResubmission,
    /// The association confirms a seat (TR-08).
    EnrolmentConfirmation,
    /// Finance records the published fees (TR-08, TR-09).
    EnrolmentPayment,
    /// The association admin moves a deferred enrolment (TR-10).
    DeferralApproval,
    /// The training department confirms a refund (TR-14 step 2).
    RefundDepartmentConfirmation,
    /// Finance confirms a refund (TR-14 step 3).
    RefundFinanceConfirmation,
    /// The leader approves a refund (TR-14 step 4).
    RefundLeaderApproval,
    /// Finance pays the refund out (TR-14 step 5).
    RefundPayout,
    /// The head teacher decides on leave (TR-16).
    LeaveDecision,
    /// The association acknowledges an enterprise's uploaded change letter (TR-07).
    ChangeLetterAcknowledgement,
}

impl InboxKind {
    /// Every kind, in the inbox's order (a unit test holds it to the declaration).
    pub const ALL: [InboxKind; 11] = [
        InboxKind::EnrolmentApproval,
        InboxKind::EnrolmentResubmission,
        InboxKind::EnrolmentConfirmation,
        InboxKind::EnrolmentPayment,
        InboxKind::DeferralApproval,
        InboxKind::RefundDepartmentConfirmation,
        InboxKind::RefundFinanceConfirmation,
        InboxKind::RefundLeaderApproval,
        InboxKind::RefundPayout,
        InboxKind::LeaveDecision,
        InboxKind::ChangeLetterAcknowledgement,
    ];
}

/// The endpoint that acts on an item.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct InboxAction {
    pub method: String,
    /// Absolute path under the API, e.g. `/api/v1/enrolments/{id}/approval`.
    pub path: String,
}

/// One thing waiting for the caller.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct InboxItem {
    pub kind: InboxKind,
    /// The enrolment, request, refund, leave request or change letter to act on.
    pub object_id: Uuid,
    /// The enrolment concerned; null for a change letter, which concerns no enrolment (so are
    /// the class and person fields below).
    pub enrolment_id: Option<Uuid>,
    pub class_id: Option<Uuid>,
    pub class_name: Option<String>,
    #[serde(with = "kernel::utc::option")]
    pub class_starts_at: Option<OffsetDateTime>,
    pub person_id: Option<Uuid>,
    pub person_name: Option<String>,
    /// The sending enterprise, or the enterprise whose change letter waits.
    pub enterprise_id: Option<Uuid>,
    pub enterprise_name: Option<String>,
    /// The object's status (enrolment, request, refund, leave or change-letter status).
    pub status: ObjectStatus,
    /// Fen: the published fees for enrolments, the amounts to give back for refunds; 0 for a
    /// change letter.
    pub training_fee: i64,
    /// Fen.
    pub exam_fee: i64,
    /// The reason given for a deferral, refund or leave, or why the manager returned it.
    pub reason: Option<String>,
    /// The session a leave request is for.
    #[serde(with = "kernel::utc::option")]
    pub session_starts_at: Option<OffsetDateTime>,
    #[serde(with = "kernel::utc")]
    pub waiting_since: OffsetDateTime,
    pub action: InboxAction,
}

/// The status of the object an inbox item is about; the item's `kind` tells which object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(untagged)]
pub enum ObjectStatus {
    Enrolment(EnrolmentStatus),
    Request(RequestStatus),
    Refund(RefundStatus),
    Leave(LeaveStatus),
    ChangeLetter(AccountChangeStatus),
}

/// Where a page of the inbox starts: after `after` within `kind`, or at the beginning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InboxCursor {
    pub kind: InboxKind,
    pub after: Uuid,
}

impl InboxCursor {
    pub fn encode(self) -> String {
        kernel::page::encode_part_cursor(self.kind as u8, self.after)
    }

    /// `None` for a cursor this server did not issue.
    pub fn decode(c: &str) -> Option<Self> {
        let (part, after) = kernel::page::decode_part_cursor(c)?;
        let kind = *InboxKind::ALL.get(usize::from(part))?;
        Some(InboxCursor { kind, after })
    }
}

/// The page being read: the kinds from the cursor's on, and room for `limit` items plus one
/// (which only tells that another page exists).
struct Window {
    start: Option<InboxCursor>,
    limit: u64,
    pending: Vec<Pending>,
}

impl Window {
    /// Whether `kind` is read for this page: at or after the cursor's kind, and while the page
    /// has room.
    fn wants(&self, kind: InboxKind) -> bool {
        self.start.is_none_or(|c| kind as u8 >= c.kind as u8) && self.room() > 0
    }

    /// The id after which `kind` resumes (only the cursor's own kind resumes mid-way).
    fn after(&self, kind: InboxKind) -> Option<Uuid> {
        self.start.filter(|c| c.kind == kind).map(|c| c.after)
    }

    /// How many rows one kind may still add.
    fn room(&self) -> u64 {
        (self.limit + 1).saturating_sub(self.pending.len() as u64)
    }
}

/// One row before names are attached.
struct Pending {
    kind: InboxKind,
    object_id: Uuid,
    /// None for a change letter.
    enrolment: Option<enrolment::Model>,
    /// The letter's enterprise; for the others the enrolment's.
    enterprise_id: Option<Uuid>,
    status: ObjectStatus,
    fees: Option<(i64, i64)>,
    reason: Option<String>,
    session_starts_at: Option<OffsetDateTime>,
    since: OffsetDateTime,
    path: String,
}

fn classes_of(assocs: Vec<Uuid>) -> sea_orm::sea_query::SelectStatement {
    class::Entity::find()
        .select_only()
        .column(class::Column::Id)
        .filter(class::Column::AssociationId.is_in(assocs))
        .into_query()
}

/// The classes of `assocs` that can still take the inbox's enrolment step: never a cancelled
/// one, and for a confirmation not one that has begun either. The same question
/// [`crate::classes::closed`] answers for the step itself (TR-08, decision 25), asked in SQL so
/// that the inbox never offers work the step would refuse.
fn open_classes_of(
    assocs: Vec<Uuid>,
    now: OffsetDateTime,
    closes_at_start: bool,
) -> sea_orm::sea_query::SelectStatement {
    let mut q = class::Entity::find()
        .select_only()
        .column(class::Column::Id)
        .filter(class::Column::AssociationId.is_in(assocs))
        .filter(class::Column::Status.ne(ClassStatus::Cancelled));
    if closes_at_start {
        q = q.filter(class::Column::StartsAt.gt(now));
    }
    q.into_query()
}

fn enrolments_in(
    classes: sea_orm::sea_query::SelectStatement,
) -> sea_orm::sea_query::SelectStatement {
    enrolment::Entity::find()
        .select_only()
        .column(enrolment::Column::Id)
        .filter(enrolment::Column::ClassId.in_subquery(classes))
        .into_query()
}

/// `q` narrowed to what the page still wants of `kind`: after the cursor when the page resumes
/// inside this kind, in id order, no more rows than the page has room for.
fn page_of<E: EntityTrait>(q: Select<E>, id: E::Column, w: &Window, kind: InboxKind) -> Select<E> {
    let q = match w.after(kind) {
        Some(after) => q.filter(id.gt(after)),
        None => q,
    };
    q.order_by_asc(id).limit(w.room())
}

/// `rows`, each with its enrolment, loaded in one query.
async fn with_enrolments<R>(
    db: &DatabaseConnection,
    rows: Vec<R>,
    enrolment_of: impl Fn(&R) -> Uuid,
) -> Result<Vec<(R, enrolment::Model)>> {
    let enrolments: HashMap<Uuid, enrolment::Model> = rows_by_id::<enrolment::Entity, _>(
        db,
        enrolment::Column::Id,
        rows.iter().map(&enrolment_of),
    )
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let e = enrolments.get(&enrolment_of(&r))?.clone();
            Some((r, e))
        })
        .collect())
}

impl Training {
    /// One page of what waits for the caller's decision, per role (see the module comment).
    pub async fn inbox(
        &self,
        actor: &Actor,
        limit: u64,
        start: Option<InboxCursor>,
    ) -> Result<Page<InboxItem>> {
        let db = &self.dir.db;
        let me = actor.user_id();
        let mut w = Window {
            start,
            limit,
            pending: Vec::new(),
        };

        // Enterprise managers: their enterprise's submissions, except their own (TR-07). Once
        // the association acknowledged a change letter, only the manager it names sees them.
        let kind = InboxKind::EnrolmentApproval;
        if w.wants(kind) {
            let mut managed = Vec::new();
            for ent in enterprises_with(actor, Purpose::ApproveEnrolment) {
                match designation(db, ent).await? {
                    Some(d) if Some(d.manager_id) != me => {}
                    _ => managed.push(ent),
                }
            }
            if !managed.is_empty() {
                let mut q = enrolment::Entity::find()
                    .filter(enrolment::Column::Status.eq(EnrolmentStatus::Submitted))
                    .filter(enrolment::Column::EnterpriseId.is_in(managed));
                if let Some(uid) = me {
                    q = q.filter(
                        Condition::any()
                            .add(enrolment::Column::SubmittedBy.is_null())
                            .add(enrolment::Column::SubmittedBy.ne(uid)),
                    );
                }
                let rows = page_of(q, enrolment::Column::Id, &w, kind).all(db).await?;
                w.pending.extend(
                    rows.into_iter()
                        .map(|e| enrolment_item(kind, e, "approval")),
                );
            }
        }

        // Enterprise officers: what the manager returned, to mend and resubmit (TR-07, TR-08) —
        // only for officers the acknowledged change letter names, once there is one.
        let kind = InboxKind::EnrolmentResubmission;
        if w.wants(kind) {
            let mut officed = Vec::new();
            for ent in enterprises_with(actor, Purpose::Enrol) {
                match (designation(db, ent).await?, me) {
                    (Some(d), Some(uid)) if !names(&d, uid, Role::EnterpriseOfficer) => {}
                    (Some(_), None) => {}
                    _ => officed.push(ent),
                }
            }
            if !officed.is_empty() {
                let q = enrolment::Entity::find()
                    .filter(enrolment::Column::Status.eq(EnrolmentStatus::Returned))
                    .filter(enrolment::Column::EnterpriseId.is_in(officed));
                let rows = page_of(q, enrolment::Column::Id, &w, kind).all(db).await?;
                w.pending.extend(rows.into_iter().map(|e| {
                    let mut item = enrolment_item(kind, e, "resubmission");
                    item.reason = item
                        .enrolment
                        .as_ref()
                        .and_then(|e| e.return_reason.clone());
                    item
                }));
            }
        }

        // Each item goes to the associations where the actor holds the step's purpose.
        let at = |p| associations_with(actor, p);
        // Confirmation closes when the class is cancelled or begins, payment only when it is
        // cancelled (decision 25): what the step would refuse is not offered.
        let now = self.dir.clock.now();
        for (purpose, status, kind, step, closes_at_start) in [
            (
                Purpose::ConfirmEnrolment,
                EnrolmentStatus::Approved,
                InboxKind::EnrolmentConfirmation,
                "confirmation",
                true,
            ),
            (
                Purpose::RecordPayment,
                EnrolmentStatus::Confirmed,
                InboxKind::EnrolmentPayment,
                "payment",
                false,
            ),
        ] {
            let assocs = at(purpose);
            if assocs.is_empty() || !w.wants(kind) {
                continue;
            }
            let q = enrolment::Entity::find()
                .filter(enrolment::Column::Status.eq(status))
                .filter(enrolment::Column::ClassId.in_subquery(open_classes_of(
                    assocs,
                    now,
                    closes_at_start,
                )));
            let rows = page_of(q, enrolment::Column::Id, &w, kind).all(db).await?;
            w.pending
                .extend(rows.into_iter().map(|e| enrolment_item(kind, e, step)));
        }

        // Deferrals: the association admin (the training department's head) decides (TR-10).
        let kind = InboxKind::DeferralApproval;
        let deferral_deciders = at(Purpose::ApproveDeferral);
        if !deferral_deciders.is_empty() && w.wants(kind) {
            let q = enrolment_request::Entity::find()
                .filter(enrolment_request::Column::Kind.eq(RequestKind::Deferral))
                .filter(enrolment_request::Column::Status.eq(RequestStatus::Pending))
                .filter(
                    enrolment_request::Column::EnrolmentId
                        .in_subquery(enrolments_in(classes_of(deferral_deciders))),
                );
            let reqs = page_of(q, enrolment_request::Column::Id, &w, kind)
                .all(db)
                .await?;
            for (r, e) in with_enrolments(db, reqs, |r| r.enrolment_id).await? {
                w.pending.push(Pending {
                    kind,
                    object_id: r.id,
                    enterprise_id: e.enterprise_id,
                    enrolment: Some(e),
                    status: ObjectStatus::Request(r.status),
                    fees: None,
                    reason: Some(r.reason),
                    session_starts_at: None,
                    since: r.requested_at,
                    path: format!("/api/v1/enrolment-requests/{}/approval", r.id),
                });
            }
        }

        // Refunds, each step by its own purpose (TR-14).
        for (purpose, status, kind, step) in [
            (
                Purpose::ConfirmRefund,
                RefundStatus::Requested,
                InboxKind::RefundDepartmentConfirmation,
                "department-confirmation",
            ),
            (
                Purpose::FinanceConfirmRefund,
                RefundStatus::DepartmentConfirmed,
                InboxKind::RefundFinanceConfirmation,
                "finance-confirmation",
            ),
            (
                Purpose::ApproveRefund,
                RefundStatus::FinanceConfirmed,
                InboxKind::RefundLeaderApproval,
                "leader-approval",
            ),
            (
                Purpose::PayRefund,
                RefundStatus::LeaderApproved,
                InboxKind::RefundPayout,
                "payout",
            ),
        ] {
            let assocs = at(purpose);
            if assocs.is_empty() || !w.wants(kind) {
                continue;
            }
            let mut q = refund::Entity::find()
                .filter(refund::Column::Status.eq(status))
                .filter(refund::Column::EnrolmentId.in_subquery(enrolments_in(classes_of(assocs))));
            if kind == InboxKind::RefundLeaderApproval
                && let Some(uid) = me
            {
                // The leader is another person than the department's confirmer.
                q = q.filter(
                    Condition::any()
                        .add(refund::Column::DepartmentBy.is_null())
                        .add(refund::Column::DepartmentBy.ne(uid)),
                );
            }
            let rows = page_of(q, refund::Column::Id, &w, kind).all(db).await?;
            for (r, e) in with_enrolments(db, rows, |r| r.enrolment_id).await? {
                w.pending.push(Pending {
                    kind,
                    object_id: r.id,
                    enterprise_id: e.enterprise_id,
                    enrolment: Some(e),
                    status: ObjectStatus::Refund(r.status),
                    fees: Some((r.training_fee, r.exam_fee)),
                    reason: Some(r.reason),
                    session_starts_at: None,
                    since: r.requested_at,
                    path: format!("/api/v1/refunds/{}/{step}", r.id),
                });
            }
        }

        // Head teachers: leave requests of their classes (TR-16).
        let kind = InboxKind::LeaveDecision;
        if let Some(uid) = me
            && w.wants(kind)
        {
            let classes = class::Entity::find()
                .select_only()
                .column(class::Column::Id)
                .filter(class::Column::HeadTeacherId.eq(uid))
                .into_query();
            let sessions = class_session::Entity::find()
                .filter(class_session::Column::ClassId.in_subquery(classes))
                .all(db)
                .await?;
            if !sessions.is_empty() {
                let q = leave_request::Entity::find()
                    .filter(leave_request::Column::Status.eq(LeaveStatus::Pending))
                    .filter(leave_request::Column::SessionId.is_in(sessions.iter().map(|s| s.id)));
                let rows = page_of(q, leave_request::Column::Id, &w, kind)
                    .all(db)
                    .await?;
                for (l, e) in with_enrolments(db, rows, |l| l.enrolment_id).await? {
                    w.pending.push(Pending {
                        kind,
                        object_id: l.id,
                        enterprise_id: e.enterprise_id,
                        enrolment: Some(e),
                        status: ObjectStatus::Leave(l.status),
                        fees: None,
                        reason: Some(l.reason),
                        session_starts_at: sessions
                            .iter()
                            .find(|s| s.id == l.session_id)
                            .map(|s| s.starts_at),
                        since: l.requested_at,
                        path: format!("/api/v1/leave-requests/{}/decision", l.id),
                    });
                }
            }
        }

        // Change letters uploaded and waiting for the association (TR-07), oldest filed first.
        let kind = InboxKind::ChangeLetterAcknowledgement;
        let department = at(Purpose::ManageTraining);
        if !department.is_empty() && w.wants(kind) {
            let q = account_change::Entity::find()
                .filter(account_change::Column::Status.eq(AccountChangeStatus::Pending))
                .filter(account_change::Column::LetterStoredAs.is_not_null())
                .filter(account_change::Column::AssociationId.is_in(department));
            let rows = page_of(q, account_change::Column::Id, &w, kind)
                .all(db)
                .await?;
            w.pending.extend(rows.into_iter().map(|c| Pending {
                kind,
                object_id: c.id,
                enrolment: None,
                enterprise_id: Some(c.enterprise_id),
                status: ObjectStatus::ChangeLetter(c.status),
                fees: Some((0, 0)),
                reason: None,
                session_starts_at: None,
                since: c.filed_at,
                path: format!("/api/v1/account-changes/{}/acknowledgement", c.id),
            }));
        }

        // The extra row only told that another page exists; the cursor names the last shown.
        let mut pending = w.pending;
        let next_cursor = if pending.len() as u64 > limit {
            pending.truncate(limit as usize);
            pending.last().map(|p| {
                InboxCursor {
                    kind: p.kind,
                    after: p.object_id,
                }
                .encode()
            })
        } else {
            None
        };

        let names = Names::load_ids(
            db,
            pending
                .iter()
                .filter_map(|p| p.enrolment.as_ref().map(|e| e.class_id))
                .collect(),
            pending
                .iter()
                .filter_map(|p| p.enrolment.as_ref().map(|e| e.person_id))
                .collect(),
            pending
                .iter()
                .filter_map(|p| p.enterprise_id)
                .collect::<HashSet<_>>(),
        )
        .await?;
        let items = pending
            .into_iter()
            .filter_map(|p| {
                let c = match &p.enrolment {
                    Some(e) => Some(names.classes.get(&e.class_id)?),
                    None => None,
                };
                let (training_fee, exam_fee) = p
                    .fees
                    .or(c.map(|c| (c.training_fee, c.exam_fee)))
                    .unwrap_or((0, 0));
                Some(InboxItem {
                    kind: p.kind,
                    object_id: p.object_id,
                    enrolment_id: p.enrolment.as_ref().map(|e| e.id),
                    class_id: c.map(|c| c.id),
                    class_name: c.map(|c| c.name.clone()),
                    class_starts_at: c.map(|c| c.starts_at),
                    person_id: p.enrolment.as_ref().map(|e| e.person_id),
                    person_name: p.enrolment.as_ref().map(|e| names.person(e.person_id)),
                    enterprise_id: p.enterprise_id,
                    enterprise_name: names.org(p.enterprise_id),
                    status: p.status,
                    training_fee,
                    exam_fee,
                    reason: p.reason,
                    session_starts_at: p.session_starts_at,
                    waiting_since: p.since,
                    action: InboxAction {
                        method: "POST".into(),
                        path: p.path,
                    },
                })
            })
            .collect();
        Ok(Page {
            items,
            next_cursor,
            total: None,
        })
    }
}

fn enrolment_item(kind: InboxKind, e: enrolment::Model, step: &str) -> Pending {
    Pending {
        kind,
        object_id: e.id,
        status: ObjectStatus::Enrolment(e.status),
        fees: None,
        reason: None,
        session_starts_at: None,
        since: e.updated_at,
        path: format!("/api/v1/enrolments/{}/{step}", e.id),
        enterprise_id: e.enterprise_id,
        enrolment: Some(e),
    }
}
