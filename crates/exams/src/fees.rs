//! Retake fees (EX-02): the retake after a first failure is free; a retake after a failed
//! retake, or any retake of a skill-level exam, needs a new exam fee. Registration marks the
//! candidate's fee as due (`sittings::retake_needs_fee`), the start of the attempt refuses
//! until it is paid (`require_retake_fee`), and finance records it into training's fee ledger
//! (`record_retake_fee`) from its list of the fees due (`retake_fees`).

use crate::Exams;
use crate::access::{Purpose, may};
use crate::entity::{candidate, sitting};
use crate::error::{ExamsError, Result, noun};
use crate::sittings::{Candidate, to_candidate};
use directory::entity::person;
use kernel::audit::AuditEntry;
use kernel::db::{begin_write, rows_by_id};
use kernel::{Actor, RuleViolation};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait,
    Set,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::HashMap;
use time::OffsetDateTime;
use training::access::{At, Purpose as TrainingPurpose};
use training::entity::class;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// Finance records a retake's exam fee (EX-02) into training's fee ledger.
pub use training::enrolment::ExamFeeIn as RetakeFeeIn;

/// The filter of `GET /exam-retake-fees`.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct RetakeFeeFilter {
    /// `true`: only the fees recorded; `false`: only those still due; absent: both.
    pub paid: Option<bool>,
}

/// A retake whose new exam fee is due or was recorded: finance's list.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RetakeFee {
    /// The candidate (`POST /exam-candidates/{id}/retake-fee` records the fee).
    pub candidate_id: Uuid,
    pub sitting_id: Uuid,
    pub sitting_title: String,
    #[serde(with = "kernel::utc")]
    #[schema(value_type = String, format = DateTime)]
    pub opens_at: OffsetDateTime,
    pub person_id: Uuid,
    pub name: String,
    /// The ID number, masked.
    pub national_id_masked: String,
    pub attempt_no: i32,
    /// In fen: the class's published exam fee, what finance records.
    pub exam_fee: i64,
    #[serde(with = "kernel::utc::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub paid_at: Option<OffsetDateTime>,
    pub receipt_no: Option<String>,
    /// The fee ledger's row, once recorded.
    pub payment_id: Option<Uuid>,
}

/// EX-02 as a refusal at the start of an attempt: a retake that needs a fee and has none paid.
pub(crate) fn require_retake_fee(c: &candidate::Model) -> std::result::Result<(), RuleViolation> {
    if c.fee_due && c.fee_paid_at.is_none() {
        Err(RuleViolation::new(
            "EX-02",
            "本次补考须重新缴纳考试费,缴费后方可开考",
            "this retake needs a new exam fee, paid before the exam starts",
        )
        .with("attempt_no", c.attempt_no))
    } else {
        Ok(())
    }
}

/// Whether the actor is the association's finance, who records fees.
fn finance_of(actor: &Actor, association: Uuid) -> bool {
    training::access::may(
        actor,
        TrainingPurpose::RecordPayment,
        At::Association(association),
    )
}

impl Exams {
    /// The retakes of the actor's associations (every association's for the platform
    /// administrator, who may record their fees too) whose exam fee is due or recorded,
    /// soonest sitting first: where finance finds what to collect.
    pub async fn retake_fees(&self, actor: &Actor, f: &RetakeFeeFilter) -> Result<Vec<RetakeFee>> {
        let associations =
            training::access::associations_with(actor, TrainingPurpose::RecordPayment);
        // The platform administrator holds the purpose everywhere (as for recording the fee).
        let everywhere = training::access::grant(TrainingPurpose::RecordPayment).platform_admin
            && actor.is_platform_admin();
        if associations.is_empty() && !everywhere {
            return Err(ExamsError::forbidden());
        }
        let db = &self.dir().db;
        // The candidates with a fee, through their sittings' associations in one statement;
        // then only the sittings and classes those candidates name.
        let mut sittings = sitting::Entity::find()
            .select_only()
            .column(sitting::Column::Id);
        if !everywhere {
            sittings = sittings.filter(sitting::Column::AssociationId.is_in(associations));
        }
        let mut cq = candidate::Entity::find()
            .filter(candidate::Column::FeeDue.eq(true))
            .filter(candidate::Column::SittingId.in_subquery(sittings.into_query()));
        match f.paid {
            Some(true) => cq = cq.filter(candidate::Column::FeePaidAt.is_not_null()),
            Some(false) => cq = cq.filter(candidate::Column::FeePaidAt.is_null()),
            None => {}
        }
        let rows = cq.order_by_asc(candidate::Column::Id).all(db).await?;
        let sittings: HashMap<Uuid, sitting::Model> = rows_by_id::<sitting::Entity, _>(
            db,
            sitting::Column::Id,
            rows.iter().map(|c| c.sitting_id),
        )
        .await?;
        let fees: HashMap<Uuid, i64> = class::Entity::find()
            .filter(class::Column::Id.is_in(sittings.values().map(|s| s.class_id)))
            .all(db)
            .await?
            .into_iter()
            .map(|c| (c.id, c.exam_fee))
            .collect();
        let persons = crate::persons_by_id(db, rows.iter().map(|c| c.person_id)).await?;
        let mut out: Vec<RetakeFee> = rows
            .into_iter()
            .filter_map(|c| {
                let s = sittings.get(&c.sitting_id)?;
                let p = persons.get(&c.person_id);
                Some(RetakeFee {
                    candidate_id: c.id,
                    sitting_id: s.id,
                    sitting_title: s.title.clone(),
                    opens_at: s.opens_at,
                    person_id: c.person_id,
                    name: p.map(|p| p.name.clone()).unwrap_or_default(),
                    national_id_masked: p.map(|p| p.national_id_masked.clone()).unwrap_or_default(),
                    attempt_no: c.attempt_no,
                    exam_fee: fees.get(&s.class_id).copied().unwrap_or_default(),
                    paid_at: c.fee_paid_at,
                    receipt_no: c.fee_receipt_no,
                    payment_id: c.fee_payment_id,
                })
            })
            .collect();
        out.sort_by_key(|r| (r.opens_at, r.candidate_id));
        Ok(out)
    }

    /// Finance records a retake's exam fee (EX-02): the association's finance, for a
    /// candidate whose retake needs one. The fee goes into training's fee ledger as a payment
    /// of the candidate's enrolment for this sitting, in the same transaction.
    pub async fn record_retake_fee(
        &self,
        actor: &Actor,
        candidate_id: Uuid,
        input: RetakeFeeIn,
    ) -> Result<Candidate> {
        let txn = begin_write(&self.dir().db).await?;
        let c = candidate::Entity::find_by_id(candidate_id)
            .one(&txn)
            .await?
            .ok_or(ExamsError::not_found(noun::CANDIDATE))?;
        let s = sitting::Entity::find_by_id(c.sitting_id)
            .one(&txn)
            .await?
            .ok_or(ExamsError::not_found(noun::CANDIDATE))?;
        if !finance_of(actor, s.association_id) {
            return Err(
                if training::access::may(
                    actor,
                    TrainingPurpose::ReadAssociationTraining,
                    At::Association(s.association_id),
                ) || may(actor, Purpose::RunSittings, s.association_id)
                {
                    ExamsError::forbidden()
                } else {
                    ExamsError::not_found(noun::CANDIDATE)
                },
            );
        }
        if !c.fee_due {
            return Err(ExamsError::conflict(
                "no_fee_due",
                "本次考试无须另缴考试费",
                "no exam fee is due for this sitting",
            ));
        }
        if c.fee_paid_at.is_some() {
            return Err(ExamsError::conflict(
                "fee_paid",
                "考试费已缴纳",
                "the exam fee is already paid",
            ));
        }
        let paid = self
            .training
            .record_exam_fee(&txn, actor, c.enrolment_id, s.id, &input)
            .await?;
        let now = self.dir().clock.now();
        let mut am: candidate::ActiveModel = c.into();
        am.fee_paid_at = Set(Some(paid.at));
        am.fee_receipt_no = Set(Some(paid.receipt_no.clone()));
        am.fee_payment_id = Set(Some(paid.id));
        let c = am.update(&txn).await?;
        AuditEntry::new("exam_candidate.retake_fee", "exam_candidate", c.id)
            .in_org(s.association_id)
            .change(json!({"receipt_no": c.fee_receipt_no, "payment_id": paid.id}))
            .record(&txn, actor, now)
            .await?;
        let p = person::Entity::find_by_id(c.person_id).one(&txn).await?;
        txn.commit().await?;
        Ok(to_candidate(c, p.as_ref()))
    }
}
