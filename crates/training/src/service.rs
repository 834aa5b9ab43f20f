//! Training use cases. Each function authorises the actor, applies its rules (named by id) and
//! writes in one transaction with its audit row.

use crate::Training;
use crate::entity::{
    class, course, enrolment, enrolment_request, payment, plan_class, training_plan,
};
use crate::error::{Result, TrainingError, bounded_text};
use crate::model::{Delivery, EnrolmentStatus, SubjectKind, Topic};
use directory::Directory;
use directory::entity::person;
use kernel::audit::{self, AuditEntry};
use kernel::clock::SHANGHAI;
use kernel::db::begin_write;
use kernel::equipment::EquipmentCategory;
use kernel::{Actor, Role, RuleViolation};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, QueryTrait, Set,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use time::{Duration, OffsetDateTime};
use utoipa::ToSchema;
use uuid::Uuid;

/// How long before a class starts deferral and substitution requests close (TR-10, TR-11):
/// one day, counted as 24 hours.
pub const REQUEST_DEADLINE: Duration = Duration::hours(24);

/// A course of the catalogue.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Course {
    pub id: Uuid,
    pub association_id: Uuid,
    pub name: String,
    pub subject_kind: SubjectKind,
    pub topic: Topic,
    pub equipment_categories: Vec<EquipmentCategory>,
    pub delivery: Delivery,
    pub theory_hours: i32,
    pub practical_hours: i32,
}

/// A new course.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CourseIn {
    pub association_id: Uuid,
    pub name: String,
    pub topic: Topic,
    #[serde(default)]
    pub equipment_categories: Vec<EquipmentCategory>,
    pub delivery: Delivery,
    pub theory_hours: i32,
    pub practical_hours: i32,
}

/// A scheduled class with its published fees (in fen).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Class {
    pub id: Uuid,
    pub association_id: Uuid,
    pub course_id: Uuid,
    pub name: String,
    #[serde(with = "kernel::utc")]
    pub starts_at: OffsetDateTime,
    #[serde(with = "kernel::utc")]
    pub ends_at: OffsetDateTime,
    pub venue: Option<String>,
    pub online_link: Option<String>,
    pub capacity: i32,
    pub seats_taken: i32,
    pub training_fee: i64,
    pub exam_fee: i64,
    /// `planned` or `cancelled`.
    pub status: String,
}

/// A new class.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClassIn {
    pub course_id: Uuid,
    pub name: String,
    #[serde(with = "kernel::utc")]
    pub starts_at: OffsetDateTime,
    #[serde(with = "kernel::utc")]
    pub ends_at: OffsetDateTime,
    #[serde(default)]
    pub venue: Option<String>,
    #[serde(default)]
    pub online_link: Option<String>,
    pub capacity: i32,
    /// Fen (0.01 CNY).
    pub training_fee: i64,
    /// Fen (0.01 CNY).
    pub exam_fee: i64,
}

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

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApprovalIn {
    pub decision: Decision,
    /// Why it goes back to the officer: required when returning (1–500 characters), not
    /// allowed when approving.
    #[serde(default)]
    pub reason: Option<String>,
}

/// Finance's record of the fee.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PaymentIn {
    pub training_fee: i64,
    pub exam_fee: i64,
    pub payer: String,
    /// e.g. bank transfer, cash, WeChat Pay.
    pub method: String,
    pub receipt_no: String,
}

/// A deferral request (TR-10).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeferralIn {
    pub reason: String,
}

/// The training department head's approval of a deferral: the same-course class to join.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeferralApprovalIn {
    pub target_class_id: Uuid,
}

/// A substitution (TR-11): another employee of the same enterprise takes the place.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SubstitutionIn {
    pub new_person_id: Uuid,
    pub reason: String,
}

/// A pending or decided request.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EnrolmentRequest {
    pub id: Uuid,
    pub enrolment_id: Uuid,
    pub kind: String,
    pub status: String,
}

/// Why a person may not sit the exam.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq, Eq)]
pub struct IneligibleReason {
    pub rule: String,
    pub detail: String,
}

/// Exam eligibility derived from the records (EX-11, TR-09, TR-17).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Eligibility {
    pub enrolment_id: Uuid,
    pub eligible: bool,
    pub reasons: Vec<IneligibleReason>,
}

pub(crate) fn to_class(m: class::Model) -> Class {
    Class {
        id: m.id,
        association_id: m.association_id,
        course_id: m.course_id,
        name: m.name,
        starts_at: m.starts_at,
        ends_at: m.ends_at,
        venue: m.venue,
        online_link: m.online_link,
        capacity: m.capacity,
        seats_taken: m.seats_taken,
        training_fee: m.training_fee,
        exam_fee: m.exam_fee,
        status: m.status,
    }
}

pub(crate) fn to_enrolment(m: enrolment::Model) -> Enrolment {
    Enrolment {
        id: m.id,
        class_id: m.class_id,
        person_id: m.person_id,
        enterprise_id: m.enterprise_id,
        status: EnrolmentStatus::parse(&m.status).unwrap_or(EnrolmentStatus::Submitted),
        return_reason: m.return_reason,
        version: m.version,
    }
}

fn step_refused(expected: &str, actual: &str) -> TrainingError {
    RuleViolation::new(
        "TR-08",
        format!("报名须按顺序办理:此步骤要求状态为「{expected}」,当前为「{actual}」"),
        format!("enrolment steps go in order: this step needs status {expected}, it is {actual}"),
    )
    .into()
}

/// Why a class takes nobody new: the association cancelled it, or it has begun (from its start
/// instant on). Admission (TR-08), confirmation, waiting-list moves and deferral targets
/// (TR-10) all ask this one question; each refuses under its own rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Closed {
    Cancelled,
    Started,
}

/// See [`Closed`]: `None` while the class is planned and has not started.
pub(crate) fn closed(c: &class::Model, now: OffsetDateTime) -> Option<Closed> {
    closed_by(&c.status, c.starts_at, now)
}

/// [`closed`] for a class already read out (the public plan page asks it of [`Class`]).
pub(crate) fn closed_by(
    status: &str,
    starts_at: OffsetDateTime,
    now: OffsetDateTime,
) -> Option<Closed> {
    if status == "cancelled" {
        Some(Closed::Cancelled)
    } else if now >= starts_at {
        Some(Closed::Started)
    } else {
        None
    }
}

/// TR-10 / TR-11: requests close one day (24 h) before the class starts.
pub fn before_deadline(now: OffsetDateTime, starts_at: OffsetDateTime) -> bool {
    now <= starts_at - REQUEST_DEADLINE
}

/// An input's `association_id` must name an association: otherwise a field error, not a
/// foreign-key failure at insert time.
pub(crate) async fn require_association(
    conn: &impl sea_orm::ConnectionTrait,
    id: Uuid,
) -> Result<()> {
    let is_association = directory::entity::organization::Entity::find_by_id(id)
        .one(conn)
        .await?
        .is_some_and(|o| o.kind == "association");
    if is_association {
        Ok(())
    } else {
        Err(TrainingError::field(
            "/association_id",
            "not_association",
            "no such association",
        ))
    }
}

impl Training {
    pub(crate) fn staff_of(actor: &Actor, association: Uuid) -> bool {
        actor.is_platform_admin()
            || actor.has_role_in(association, Role::AssociationAdmin)
            || actor.has_role_in(association, Role::AssociationStaff)
    }

    /// Adds a course to an association's catalogue (TR-01: the topic decides the subject kind).
    pub async fn create_course(&self, actor: &Actor, input: CourseIn) -> Result<Course> {
        if !Self::staff_of(actor, input.association_id) {
            return Err(TrainingError::Forbidden);
        }
        let name = input.name.trim();
        if name.is_empty() || name.chars().count() > 100 {
            return Err(TrainingError::field(
                "/name",
                "length",
                "课程名称1–100字 / name must be 1–100 characters",
            ));
        }
        if !(0..=1000).contains(&input.theory_hours)
            || !(0..=1000).contains(&input.practical_hours)
            || input.theory_hours + input.practical_hours == 0
        {
            return Err(TrainingError::field(
                "/theory_hours",
                "hours",
                "学时须为0–1000且合计大于0 / hours must be 0–1000 and not both 0",
            ));
        }
        let db = &self.dir.db;
        let txn = begin_write(db).await?;
        require_association(&txn, input.association_id).await?;
        let now = self.dir.clock.now();
        let mut cats: Vec<&str> = input
            .equipment_categories
            .iter()
            .map(|c| category_code(*c))
            .collect();
        cats.sort_unstable();
        cats.dedup();
        let row = course::ActiveModel {
            id: Set(Uuid::now_v7()),
            association_id: Set(input.association_id),
            name: Set(name.to_owned()),
            subject_kind: Set(kind_code(input.topic.kind()).into()),
            topic: Set(serde_json::to_value(input.topic)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default()),
            equipment_categories: Set(cats.join(",")),
            delivery: Set(serde_json::to_value(input.delivery)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default()),
            theory_hours: Set(input.theory_hours),
            practical_hours: Set(input.practical_hours),
            created_at: Set(now),
        }
        .insert(&txn)
        .await?;
        audit::record(
            &txn,
            actor,
            now,
            AuditEntry {
                action: "course.create",
                object_type: "course",
                object_id: row.id.to_string(),
                organization_id: Some(row.association_id),
                change: json!({"after": {"name": row.name, "topic": row.topic}}),
            },
        )
        .await?;
        txn.commit().await?;
        Ok(Course {
            id: row.id,
            association_id: row.association_id,
            name: row.name,
            subject_kind: input.topic.kind(),
            topic: input.topic,
            equipment_categories: input.equipment_categories,
            delivery: input.delivery,
            theory_hours: row.theory_hours,
            practical_hours: row.practical_hours,
        })
    }

    /// Schedules a class of a course, with capacity and separately published fees.
    pub async fn create_class(&self, actor: &Actor, input: ClassIn) -> Result<Class> {
        let db = &self.dir.db;
        let txn = begin_write(db).await?;
        let course = course::Entity::find_by_id(input.course_id)
            .one(&txn)
            .await?
            .filter(|c| {
                Self::staff_of(actor, c.association_id)
                    || actor.has_role_in(c.association_id, Role::Finance)
            })
            .ok_or_else(|| TrainingError::field("/course_id", "not_found", "no such course"))?;
        if !Self::staff_of(actor, course.association_id) {
            return Err(TrainingError::Forbidden);
        }
        let mut errors = Vec::new();
        if input.ends_at <= input.starts_at {
            errors.push(kernel::FieldError::new(
                "/ends_at",
                "order",
                "结束时间须晚于开始时间 / the class must end after it starts",
            ));
        }
        if !(1..=10_000).contains(&input.capacity) {
            errors.push(kernel::FieldError::new(
                "/capacity",
                "range",
                "名额1–10000 / capacity 1–10000",
            ));
        }
        if input.training_fee < 0 || input.exam_fee < 0 {
            errors.push(kernel::FieldError::new(
                "/training_fee",
                "range",
                "费用不能为负 / fees cannot be negative",
            ));
        }
        if input.venue.as_deref().unwrap_or("").trim().is_empty()
            && input.online_link.as_deref().unwrap_or("").trim().is_empty()
        {
            errors.push(kernel::FieldError::new(
                "/venue",
                "required",
                "须填写地点或线上链接 / give a venue or an online link",
            ));
        }
        if !errors.is_empty() {
            return Err(TrainingError::Invalid(errors));
        }
        let now = self.dir.clock.now();
        let row = class::ActiveModel {
            id: Set(Uuid::now_v7()),
            association_id: Set(course.association_id),
            course_id: Set(course.id),
            name: Set(input.name.trim().to_owned()),
            starts_at: Set(input.starts_at),
            ends_at: Set(input.ends_at),
            venue: Set(input.venue),
            online_link: Set(input.online_link),
            capacity: Set(input.capacity),
            seats_taken: Set(0),
            training_fee: Set(input.training_fee),
            exam_fee: Set(input.exam_fee),
            status: Set("planned".into()),
            head_teacher_id: Set(None),
            created_at: Set(now),
        }
        .insert(&txn)
        .await?;
        audit::record(&txn, actor, now, AuditEntry {
            action: "class.create",
            object_type: "class",
            object_id: row.id.to_string(),
            organization_id: Some(row.association_id),
            change: json!({"after": {"name": row.name, "capacity": row.capacity, "training_fee": row.training_fee, "exam_fee": row.exam_fee}}),
        })
        .await?;
        txn.commit().await?;
        Ok(to_class(row))
    }

    /// The association cancels a class (TR-12 then decides whether its fees go back). Trainees
    /// hear of it through the outbox.
    pub async fn cancel_class(&self, actor: &Actor, id: Uuid) -> Result<Class> {
        let txn = begin_write(&self.dir.db).await?;
        let c = class::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .filter(|c| {
                Self::staff_of(actor, c.association_id)
                    || actor.has_role_in(c.association_id, Role::Finance)
            })
            .ok_or(TrainingError::NotFound("class"))?;
        if !Self::staff_of(actor, c.association_id) {
            return Err(TrainingError::Forbidden);
        }
        let res = class::Entity::update_many()
            .col_expr(class::Column::Status, Expr::value("cancelled"))
            .filter(class::Column::Id.eq(c.id))
            .filter(class::Column::Status.ne("cancelled"))
            .exec(&txn)
            .await?;
        if res.rows_affected != 1 {
            return Err(TrainingError::Conflict {
                code: "already_cancelled",
                detail: "该班次已取消 / the class is already cancelled".into(),
            });
        }
        let now = self.dir.clock.now();
        audit::record(
            &txn,
            actor,
            now,
            AuditEntry {
                action: "class.cancel",
                object_type: "class",
                object_id: c.id.to_string(),
                organization_id: Some(c.association_id),
                change: json!({"status": {"before": c.status, "after": "cancelled"}}),
            },
        )
        .await?;
        kernel::outbox::enqueue(
            &txn,
            now,
            "training.class_cancelled",
            json!({"class_id": c.id, "class": c.name}),
        )
        .await?;
        let row = class::Entity::find_by_id(c.id)
            .one(&txn)
            .await?
            .ok_or(TrainingError::NotFound("class"))?;
        txn.commit().await?;
        Ok(to_class(row))
    }

    /// Classes, soonest first. Anyone (`None`, no login) sees what the annual plans made
    /// public (TR-06): the classes that a published plan lists and that are not cancelled. A
    /// caller also sees every class of the associations whose programme they take part in —
    /// staff, and the people of member organizations — cancelled ones and those in no
    /// published plan included, because their screens enrol into them, confirm them and name
    /// the classes of enrolments; the platform admin sees all. One query for both, the
    /// caller's reach only widening its condition.
    pub async fn list_classes(&self, actor: Option<&Actor>) -> Result<Vec<Class>> {
        let db = &self.dir.db;
        let published_plans = training_plan::Entity::find()
            .select_only()
            .column(training_plan::Column::Id)
            .filter(training_plan::Column::Status.eq("published"))
            .into_query();
        let planned = plan_class::Entity::find()
            .select_only()
            .column(plan_class::Column::ClassId)
            .filter(plan_class::Column::PlanId.in_subquery(published_plans))
            .into_query();
        let public = Condition::all()
            .add(class::Column::Id.in_subquery(planned))
            .add(class::Column::Status.ne("cancelled"));
        let reach = match actor {
            None => Some(Vec::new()),
            Some(a) => crate::views::associations_in_reach(db, a).await?,
        };
        let visible = match reach {
            None => Condition::all(),
            Some(assocs) if assocs.is_empty() => public,
            Some(assocs) => Condition::any()
                .add(public)
                .add(class::Column::AssociationId.is_in(assocs)),
        };
        let rows = class::Entity::find()
            .filter(visible)
            .order_by_asc(class::Column::StartsAt)
            .order_by_asc(class::Column::Id)
            .all(db)
            .await?;
        Ok(rows.into_iter().map(to_class).collect())
    }

    /// Enrols a person: the enterprise's training officer for an employee (status submitted,
    /// TR-07/TR-08), or a practitioner for themself (straight to the association). The class
    /// passes the same admission as a batch ([`Training::admit`]).
    pub async fn enrol(&self, actor: &Actor, input: EnrolmentIn) -> Result<Enrolment> {
        let db = &self.dir.db;
        let txn = begin_write(db).await?;
        let person = person::Entity::find_by_id(input.person_id)
            .one(&txn)
            .await?
            .ok_or_else(|| TrainingError::field("/person_id", "not_found", "no such person"))?;
        let myself = actor.user_id().is_some() && person.user_id == actor.user_id();
        let now = self.dir.clock.now();
        let officer = actor.has_role_in(person.employer_id, Role::EnterpriseOfficer);
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
                "no such person",
            ));
        };
        let class = self
            .admit(&txn, input.class_id, &[person.employer_id])
            .await?
            .class;
        Directory::refuse_if_blacklisted(&txn, &person.national_id_hash, now).await?;
        let row = new_enrolment(&class, &person, enterprise, status, actor, now)
            .insert(&txn)
            .await
            .map_err(TrainingError::on_unique(
                "already_enrolled",
                "该人员已报名此班 / the person is already enrolled in this class",
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
            .ok_or(TrainingError::NotFound("class"))?;
        let admitted: Vec<Uuid> = directory::entity::organization::Entity::find()
            .filter(directory::entity::organization::Column::Id.is_in(employers.to_vec()))
            .all(conn)
            .await?
            .into_iter()
            .filter(|o| association_of(o) == Some(class.association_id))
            .map(|o| o.id)
            .collect();
        if admitted.is_empty() {
            return Err(TrainingError::NotFound("class"));
        }
        if let Some(why) = closed(&class, self.dir.clock.now()) {
            return Err(class_closed(why));
        }
        Ok(Admission {
            class,
            employers: admitted,
        })
    }

    async fn audit<C: ConnectionTrait>(
        &self,
        conn: &C,
        actor: &Actor,
        action: &str,
        row: &enrolment::Model,
        org: Uuid,
    ) -> Result<()> {
        audit::record(
            conn,
            actor,
            self.dir.clock.now(),
            AuditEntry {
                action,
                object_type: "enrolment",
                object_id: row.id.to_string(),
                organization_id: Some(org),
                change: json!({
                    "status": row.status,
                    "class_id": row.class_id,
                    "person_id": row.person_id,
                    "return_reason": row.return_reason,
                }),
            },
        )
        .await?;
        Ok(())
    }

    /// Loads an enrolment the actor takes part in (enterprise, association, finance, the person).
    pub(crate) async fn visible<C: ConnectionTrait>(
        &self,
        conn: &C,
        actor: &Actor,
        id: Uuid,
    ) -> Result<(enrolment::Model, class::Model)> {
        let e = enrolment::Entity::find_by_id(id)
            .one(conn)
            .await?
            .ok_or(TrainingError::NotFound("enrolment"))?;
        let c = class::Entity::find_by_id(e.class_id)
            .one(conn)
            .await?
            .ok_or(TrainingError::NotFound("enrolment"))?;
        let person_user = person::Entity::find_by_id(e.person_id)
            .one(conn)
            .await?
            .and_then(|p| p.user_id);
        let sees = actor.is_platform_admin()
            || actor
                .orgs_with_any(&[
                    Role::AssociationAdmin,
                    Role::AssociationStaff,
                    Role::Finance,
                ])
                .contains(&c.association_id)
            || e.enterprise_id.is_some_and(|ent| {
                actor
                    .orgs_with_any(&[Role::EnterpriseOfficer, Role::EnterpriseManager])
                    .contains(&ent)
            })
            || (actor.user_id().is_some() && person_user == actor.user_id());
        if sees {
            Ok((e, c))
        } else {
            Err(TrainingError::NotFound("enrolment"))
        }
    }

    pub async fn get_enrolment(&self, actor: &Actor, id: Uuid) -> Result<Enrolment> {
        self.visible(&self.dir.db, actor, id)
            .await
            .map(|(e, _)| to_enrolment(e))
    }

    /// Moves an enrolment from one status to another only if nobody moved it meanwhile.
    async fn transition<C: ConnectionTrait>(
        &self,
        conn: &C,
        e: &enrolment::Model,
        to: EnrolmentStatus,
        col: Option<enrolment::Column>,
        actor: &Actor,
        return_reason: Option<String>,
    ) -> Result<enrolment::Model> {
        let mut upd = enrolment::Entity::update_many()
            .col_expr(enrolment::Column::Status, Expr::value(to.as_str()))
            // Set on a return, cleared by every other step.
            .col_expr(enrolment::Column::ReturnReason, Expr::value(return_reason))
            // Joining the waiting list stamps the place in the queue; any other step ends it.
            .col_expr(
                enrolment::Column::WaitlistedAt,
                Expr::value((to == EnrolmentStatus::Waitlisted).then(|| self.dir.clock.now())),
            )
            .col_expr(
                enrolment::Column::Version,
                Expr::col(enrolment::Column::Version).add(1),
            )
            .col_expr(
                enrolment::Column::UpdatedAt,
                Expr::value(self.dir.clock.now()),
            )
            .filter(enrolment::Column::Id.eq(e.id))
            .filter(enrolment::Column::Status.eq(e.status.as_str()));
        if let Some(c) = col {
            upd = upd.col_expr(c, Expr::value(actor.user_id()));
        }
        if upd.exec(conn).await?.rows_affected != 1 {
            return Err(step_refused(&e.status, "changed meanwhile"));
        }
        enrolment::Entity::find_by_id(e.id)
            .one(conn)
            .await?
            .ok_or(TrainingError::NotFound("enrolment"))
    }

    /// TR-07, TR-08: the enterprise's training manager approves or returns what its training
    /// officer submitted — never their own submission.
    pub async fn approve(&self, actor: &Actor, id: Uuid, input: ApprovalIn) -> Result<Enrolment> {
        let txn = begin_write(&self.dir.db).await?;
        let (e, c) = self.visible(&txn, actor, id).await?;
        if !e
            .enterprise_id
            .is_some_and(|ent| actor.has_role_in(ent, Role::EnterpriseManager))
        {
            return Err(TrainingError::Forbidden);
        }
        if let Some(ent) = e.enterprise_id {
            // TR-07: once the enterprise registered its manager, only that user approves.
            self.require_named(&txn, actor, ent, Role::EnterpriseManager)
                .await?;
        }
        if e.status != EnrolmentStatus::Submitted.as_str() {
            return Err(step_refused("submitted", &e.status));
        }
        // TR-07: the two levels are two people.
        if actor.user_id().is_some() && e.submitted_by == actor.user_id() {
            return Err(RuleViolation::new(
                "TR-07",
                "填报人与审核人不能是同一人 / the training officer who entered it cannot also approve it",
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
                    "批准时不填退回原因 / a reason goes with a return only",
                ));
            }
            (Decision::Return, r) => (
                EnrolmentStatus::Returned,
                Some(bounded_text("/reason", r.unwrap_or_default(), 500)?),
            ),
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
            .filter(|ent| actor.has_role_in(*ent, Role::EnterpriseOfficer))
        else {
            return Err(TrainingError::Forbidden);
        };
        self.require_named(&txn, actor, ent, Role::EnterpriseOfficer)
            .await?;
        if e.status != EnrolmentStatus::Returned.as_str() {
            return Err(step_refused("returned", &e.status));
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
        if !Self::staff_of(actor, c.association_id) {
            return Err(TrainingError::Forbidden);
        }
        if e.status != EnrolmentStatus::Approved.as_str() {
            return Err(step_refused("approved", &e.status));
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
        if !(actor.is_platform_admin() || actor.has_role_in(c.association_id, Role::Finance)) {
            return Err(TrainingError::Forbidden);
        }
        if e.status != EnrolmentStatus::Confirmed.as_str() {
            return Err(step_refused("confirmed", &e.status));
        }
        // TR-08: no fee for a cancelled class (it would only have to be refunded). A class that
        // has begun still takes the fee: trainees commonly pay on the first morning, and TR-09
        // only asks that they pay before they attend.
        if c.status == "cancelled" {
            return Err(class_closed(Closed::Cancelled));
        }
        if input.training_fee != c.training_fee || input.exam_fee != c.exam_fee {
            return Err(RuleViolation::new(
                "TR-08",
                format!(
                    "收费须与公示一致:培训费{}分、考试费{}分",
                    c.training_fee, c.exam_fee
                ),
                format!(
                    "the fee must equal the published fees: training {} fen, exam {} fen",
                    c.training_fee, c.exam_fee
                ),
            )
            .into());
        }
        for (p, v) in [
            ("/payer", &input.payer),
            ("/method", &input.method),
            ("/receipt_no", &input.receipt_no),
        ] {
            if v.trim().is_empty() || v.chars().count() > 100 {
                return Err(TrainingError::field(
                    p,
                    "required",
                    "必填,不超过100字 / required, at most 100 characters",
                ));
            }
        }
        let now = self.dir.clock.now();
        payment::ActiveModel {
            id: Set(Uuid::now_v7()),
            enrolment_id: Set(e.id),
            training_fee: Set(input.training_fee),
            exam_fee: Set(input.exam_fee),
            payer: Set(input.payer.trim().to_owned()),
            method: Set(input.method.trim().to_owned()),
            receipt_no: Set(input.receipt_no.trim().to_owned()),
            recorded_by: Set(actor.id()),
            at: Set(now),
        }
        .insert(&txn)
        .await
        .map_err(TrainingError::on_unique(
            "receipt_used",
            "收据号已使用 / this receipt number is already recorded",
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
                "延期须在开班前至少1天(24小时)提出 / deferral must be requested at least one day before the class starts",
                "a deferral must be requested at least 24 hours before the class starts",
            )
            .into());
        }
        let r = self
            .insert_request(
                &txn,
                actor,
                &e,
                "deferral",
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
            .filter(|r| r.kind == "deferral")
            .ok_or(TrainingError::NotFound("request"))?;
        let (e, c) = self.visible(&txn, actor, req.enrolment_id).await?;
        if !(actor.is_platform_admin()
            || actor.has_role_in(c.association_id, Role::AssociationAdmin))
        {
            return Err(TrainingError::Forbidden);
        }
        if req.status != "pending" {
            return Err(TrainingError::Conflict {
                code: "request_decided",
                detail: "该申请已处理 / this request was already decided".into(),
            });
        }
        let target = class::Entity::find_by_id(input.target_class_id)
            .one(&txn)
            .await?
            .filter(|t| t.association_id == c.association_id && t.id != c.id)
            .ok_or_else(|| {
                TrainingError::field("/target_class_id", "not_found", "no such class")
            })?;
        if target.course_id != c.course_id
            || target.starts_at.to_offset(SHANGHAI).year() != c.starts_at.to_offset(SHANGHAI).year()
        {
            return Err(RuleViolation::new(
                "TR-10",
                "延期只能参加本年度同类培训班 / a deferral moves to a class of the same course in the same year",
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
                    "目标培训班已取消,不能延期至该班 / the target class is cancelled",
                    "a deferral cannot move to a cancelled class",
                )
                .into());
            }
            Some(Closed::Started) => {
                return Err(RuleViolation::new(
                    "TR-10",
                    "目标培训班已开班,不能延期至该班 / the target class has already started",
                    "a deferral cannot move to a class that has already started",
                )
                .into());
            }
        }
        // Both classes' seats and lists change: lock them in one order, so that two deferrals
        // crossing between the same classes wait for each other instead of deadlocking.
        lock_classes(&txn, &[c.id, target.id]).await?;
        let holds_seat = matches!(e.status.as_str(), "confirmed" | "paid");
        let waitlisted = e.status == EnrolmentStatus::Waitlisted.as_str();
        if holds_seat && !take_seat(&txn, target.id).await? {
            return Err(TrainingError::Conflict {
                code: "class_full",
                detail: "目标班级已满 / the target class is full".into(),
            });
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
            .col_expr(
                enrolment::Column::Version,
                Expr::col(enrolment::Column::Version).add(1),
            )
            .filter(enrolment::Column::Id.eq(e.id))
            .filter(enrolment::Column::Version.eq(e.version))
            .exec(&txn)
            .await
            .map_err(TrainingError::on_unique(
                "already_enrolled",
                "该人员已在目标班级 / the person is already in the target class",
            ))?;
        if moved.rows_affected != 1 {
            return Err(TrainingError::Conflict {
                code: "changed",
                detail: "报名已被修改,请重试 / the enrolment changed meanwhile".into(),
            });
        }
        enrolment_request::Entity::update_many()
            .col_expr(enrolment_request::Column::Status, Expr::value("approved"))
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
            .ok_or(TrainingError::NotFound("enrolment"))?;
        self.audit(&txn, actor, "enrolment.defer", &row, c.association_id)
            .await?;
        if row.status == EnrolmentStatus::Paid.as_str() {
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
                .ok_or(TrainingError::NotFound("enrolment"))?
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
            .filter(|ent| actor.has_role_in(*ent, Role::EnterpriseOfficer))
        else {
            return Err(TrainingError::Forbidden);
        };
        self.require_named(&txn, actor, enterprise, Role::EnterpriseOfficer)
            .await?;
        if !before_deadline(self.dir.clock.now(), c.starts_at) {
            return Err(RuleViolation::new(
                "TR-11",
                "更换参培人须在开班前至少1天(24小时)提出 / substitution must be requested at least one day before the class starts",
                "a substitution must be requested at least 24 hours before the class starts",
            )
            .into());
        }
        let newcomer = person::Entity::find_by_id(input.new_person_id)
            .one(&txn)
            .await?
            .filter(|p| p.employer_id == enterprise)
            .ok_or_else(|| {
                TrainingError::field("/new_person_id", "not_found", "no such employee")
            })?;
        // CR-04: taking over someone's place is a registration like any other.
        let now = self.dir.clock.now();
        Directory::refuse_if_blacklisted(&txn, &newcomer.national_id_hash, now).await?;
        let res = enrolment::Entity::update_many()
            .col_expr(enrolment::Column::PersonId, Expr::value(newcomer.id))
            .col_expr(
                enrolment::Column::Version,
                Expr::col(enrolment::Column::Version).add(1),
            )
            .filter(enrolment::Column::Id.eq(e.id))
            .filter(enrolment::Column::Version.eq(e.version))
            .exec(&txn)
            .await
            .map_err(TrainingError::on_unique(
                "already_enrolled",
                "新参培人已报名此班 / the new trainee is already enrolled",
            ))?;
        if res.rows_affected != 1 {
            return Err(TrainingError::Conflict {
                code: "changed",
                detail: "报名已被修改,请重试 / the enrolment changed meanwhile".into(),
            });
        }
        let request = self
            .insert_request(
                &txn,
                actor,
                &e,
                "substitution",
                Some(newcomer.id),
                &input.reason,
                c.association_id,
            )
            .await?;
        enrolment_request::Entity::update_many()
            .col_expr(enrolment_request::Column::Status, Expr::value("applied"))
            .filter(enrolment_request::Column::Id.eq(request.id))
            .exec(&txn)
            .await?;
        let row = enrolment::Entity::find_by_id(e.id)
            .one(&txn)
            .await?
            .ok_or(TrainingError::NotFound("enrolment"))?;
        self.audit(&txn, actor, "enrolment.substitute", &row, c.association_id)
            .await?;
        if row.status == EnrolmentStatus::Paid.as_str() {
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
            .filter(|ent| actor.has_role_in(*ent, Role::EnterpriseOfficer))
        {
            // TR-07: for the enterprise only the officers its letter names act.
            Some(ent) => {
                self.require_named(conn, actor, ent, Role::EnterpriseOfficer)
                    .await
            }
            None => Err(TrainingError::Forbidden),
        }
    }

    /// True when the actor is the user account of the enrolled person.
    pub(crate) async fn is_the_trainee<C: ConnectionTrait>(
        &self,
        conn: &C,
        actor: &Actor,
        e: &enrolment::Model,
    ) -> Result<bool> {
        let Some(uid) = actor.user_id() else {
            return Ok(false);
        };
        Ok(person::Entity::find_by_id(e.person_id)
            .one(conn)
            .await?
            .is_some_and(|p| p.user_id == Some(uid)))
    }

    #[allow(clippy::too_many_arguments)]
    async fn insert_request<C: ConnectionTrait>(
        &self,
        conn: &C,
        actor: &Actor,
        e: &enrolment::Model,
        kind: &str,
        new_person: Option<Uuid>,
        reason: &str,
        org: Uuid,
    ) -> Result<EnrolmentRequest> {
        let reason = reason.trim();
        if reason.is_empty() || reason.chars().count() > 500 {
            return Err(TrainingError::field(
                "/reason",
                "length",
                "请填写原因(不超过500字)/ give a reason (at most 500 characters)",
            ));
        }
        let now = self.dir.clock.now();
        let row = enrolment_request::ActiveModel {
            id: Set(Uuid::now_v7()),
            enrolment_id: Set(e.id),
            kind: Set(kind.to_owned()),
            new_person_id: Set(new_person),
            reason: Set(reason.to_owned()),
            status: Set("pending".into()),
            requested_by: Set(actor.id()),
            requested_at: Set(now),
            decided_by: Set(None),
            target_class_id: Set(None),
        }
        .insert(conn)
        .await?;
        audit::record(
            conn,
            actor,
            now,
            AuditEntry {
                action: if kind == "deferral" {
                    "enrolment.deferral_request"
                } else {
                    "enrolment.substitution_request"
                },
                object_type: "enrolment",
                object_id: e.id.to_string(),
                organization_id: Some(org),
                change: json!({"request": row.id, "new_person_id": new_person}),
            },
        )
        .await?;
        Ok(EnrolmentRequest {
            id: row.id,
            enrolment_id: e.id,
            kind: row.kind,
            status: row.status,
        })
    }

    /// Gives one seat of the class back and offers it to the waiting list, in the caller's
    /// transaction. Every step that frees a seat goes through here, so a free seat and a
    /// waiting enrolment never stay side by side.
    pub(crate) async fn release_seat<C: ConnectionTrait>(
        &self,
        conn: &C,
        actor: &Actor,
        class_id: Uuid,
    ) -> Result<Vec<enrolment::Model>> {
        class::Entity::update_many()
            .col_expr(
                class::Column::SeatsTaken,
                Expr::col(class::Column::SeatsTaken).sub(1),
            )
            .filter(class::Column::Id.eq(class_id))
            .filter(class::Column::SeatsTaken.gt(0))
            .exec(conn)
            .await?;
        self.fill_from_waitlist(conn, actor, class_id).await
    }

    /// TR-08, capacity: while the class has a free seat, the enrolment that joined its waiting
    /// list first (then the lower id) moves up to `confirmed` — waiting for finance's fee like
    /// any confirmed enrolment — through the same conditional seat update as a confirmation,
    /// so the class is never overfilled. Audited as `enrolment.promote` under the actor whose
    /// step freed the seat. A cancelled class or one that has begun takes nobody (TR-08).
    /// The class row is locked first: a confirmation or another release of the same class
    /// waits, so the list read here is the whole list.
    pub(crate) async fn fill_from_waitlist<C: ConnectionTrait>(
        &self,
        conn: &C,
        actor: &Actor,
        class_id: Uuid,
    ) -> Result<Vec<enrolment::Model>> {
        let mut promoted = Vec::new();
        let Some(c) = lock_classes(conn, &[class_id]).await?.pop() else {
            return Ok(promoted);
        };
        if closed(&c, self.dir.clock.now()).is_some() {
            return Ok(promoted);
        }
        loop {
            let Some(next) = enrolment::Entity::find()
                .filter(enrolment::Column::ClassId.eq(c.id))
                .filter(enrolment::Column::Status.eq(EnrolmentStatus::Waitlisted.as_str()))
                .order_by_asc(enrolment::Column::WaitlistedAt)
                .order_by_asc(enrolment::Column::Id)
                .one(conn)
                .await?
            else {
                break;
            };
            if !take_seat(conn, c.id).await? {
                break;
            }
            let row = self
                .transition(conn, &next, EnrolmentStatus::Confirmed, None, actor, None)
                .await?;
            self.audit(conn, actor, "enrolment.promote", &row, c.association_id)
                .await?;
            promoted.push(row);
        }
        Ok(promoted)
    }
}

/// Takes one seat if the class has one left. The condition sits in the UPDATE itself, so
/// concurrent confirmations can never push a class over its capacity.
async fn take_seat<C: ConnectionTrait>(conn: &C, class_id: Uuid) -> Result<bool> {
    let res = class::Entity::update_many()
        .col_expr(
            class::Column::SeatsTaken,
            Expr::col(class::Column::SeatsTaken).add(1),
        )
        .filter(class::Column::Id.eq(class_id))
        .filter(Expr::col(class::Column::SeatsTaken).lt(Expr::col(class::Column::Capacity)))
        .exec(conn)
        .await?;
    Ok(res.rows_affected == 1)
}

/// What [`Training::admit`] found: the class, and which of the given employers' people it
/// takes.
pub(crate) struct Admission {
    pub class: class::Model,
    pub employers: Vec<Uuid>,
}

/// The association an organization takes part in: its own id for an association, otherwise
/// the association it is a member of.
pub(crate) fn association_of(o: &directory::entity::organization::Model) -> Option<Uuid> {
    if o.kind == "association" {
        Some(o.id)
    } else {
        o.association_id
    }
}

/// TR-08: the refusal for a class that takes nobody new (admission, confirmation, payment).
pub(crate) fn class_closed(why: Closed) -> TrainingError {
    match why {
        Closed::Cancelled => RuleViolation::new(
            "TR-08",
            "该培训班已取消,不再受理报名、确认或缴费 / the class is cancelled: no enrolment, confirmation or fee any more",
            "the class is cancelled: it takes no enrolments, confirmations or fees",
        ),
        Closed::Started => RuleViolation::new(
            "TR-08",
            "该培训班已开班,不再受理报名和确认 / the class has started: no enrolment or confirmation any more",
            "the class has already started: it takes no enrolments or confirmations",
        ),
    }
    .into()
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
        status: Set(status.as_str().into()),
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

/// Reads the classes locked for update (PostgreSQL `FOR UPDATE`, in id order so that two
/// transactions never wait for each other crosswise; SQLite's write transaction already holds
/// the whole database). Whoever changes a class's seats or waiting list locks it first.
pub(crate) async fn lock_classes<C: ConnectionTrait>(
    conn: &C,
    ids: &[Uuid],
) -> Result<Vec<class::Model>> {
    Ok(class::Entity::find()
        .filter(class::Column::Id.is_in(ids.to_vec()))
        .order_by_asc(class::Column::Id)
        .lock_exclusive()
        .all(conn)
        .await?)
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

fn kind_code(k: SubjectKind) -> &'static str {
    match k {
        SubjectKind::Public => "public",
        SubjectKind::Professional => "professional",
    }
}

fn category_code(c: EquipmentCategory) -> &'static str {
    match c {
        EquipmentCategory::Boiler => "boiler",
        EquipmentCategory::PressureVessel => "pressure_vessel",
        EquipmentCategory::PressurePipeline => "pressure_pipeline",
        EquipmentCategory::Elevator => "elevator",
        EquipmentCategory::LiftingMachinery => "lifting_machinery",
        EquipmentCategory::PassengerRopeway => "passenger_ropeway",
        EquipmentCategory::LargeAmusementFacility => "large_amusement_facility",
        EquipmentCategory::InPlantMotorVehicle => "in_plant_motor_vehicle",
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

    #[test]
    fn tr_01_topic_decides_subject_kind() {
        assert_eq!(Topic::LawsAndRegulations.kind(), SubjectKind::Public);
        assert_eq!(Topic::InformationTechnology.kind(), SubjectKind::Public);
        assert_eq!(Topic::BasicTheory.kind(), SubjectKind::Professional);
        assert_eq!(Topic::NewTechniques.kind(), SubjectKind::Professional);
    }
}
