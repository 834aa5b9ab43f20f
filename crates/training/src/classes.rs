//! Courses and classes: the catalogue's courses (TR-01), classes with their published fees,
//! cancelling a class, and the one question every step asks of a class: does it still take
//! anyone new ([`closed`], TR-08).

use crate::Training;
use crate::access::{At, Purpose, may};
use crate::access::{associations_in_reach, associations_with};
use crate::deadlines::overdue_archives;
use crate::entity::{class, class_archive, course, plan_class, training_plan};
use crate::error::{Result, TrainingError, checked, invalid_fields, noun};
use crate::model::{ClassStatus, Delivery, PlanStatus, SubjectKind, Topic};
use kernel::audit::AuditEntry;
use kernel::db::begin_write;
use kernel::equipment::EquipmentCategory;
use kernel::refusal::FoundAt;
use kernel::state::StateList;
use kernel::{Actor, RuleViolation};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    QueryTrait, Set,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use time::OffsetDateTime;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

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
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CourseIn {
    pub association_id: Uuid,
    #[validate(custom(function = "kernel::text::required_text_100"))]
    pub name: String,
    pub topic: Topic,
    #[serde(default)]
    pub equipment_categories: Vec<EquipmentCategory>,
    pub delivery: Delivery,
    pub theory_hours: i32,
    pub practical_hours: i32,
}

/// Filters of the class list (`GET /classes`).
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ClassFilter {
    /// Classes of this course only.
    pub course_id: Option<Uuid>,
    /// Starting on or after this day (Asia/Shanghai).
    pub from: Option<time::Date>,
    /// Starting on or before this day (Asia/Shanghai).
    pub to: Option<time::Date>,
    pub status: Option<ClassStatus>,
    /// `me`: only the classes whose head teacher the caller is (none without a bearer
    /// token).
    pub head_teacher: Option<HeadTeacher>,
    /// `true`: only the classes whose archive is overdue (TR-18: results out, not complete
    /// after the fifth working day), among those whose archive the caller may read (the
    /// association's training department; none without a bearer token). `false` filters
    /// nothing.
    pub archive_overdue: Option<bool>,
}

/// Whose classes the `head_teacher` filter keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum HeadTeacher {
    /// The caller's.
    Me,
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
    pub status: ClassStatus,
}

/// A new class. Its fields are checked by their `validator` derives; the checks that tie two
/// fields together (the end after the start, a venue or a link) are in `create_class`.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClassIn {
    pub course_id: Uuid,
    #[validate(custom(function = "kernel::text::required_text_200"))]
    pub name: String,
    #[serde(with = "kernel::utc")]
    pub starts_at: OffsetDateTime,
    #[serde(with = "kernel::utc")]
    pub ends_at: OffsetDateTime,
    #[serde(default)]
    #[validate(custom(function = "kernel::text::optional_text_500"))]
    pub venue: Option<String>,
    #[serde(default)]
    #[validate(custom(function = "kernel::text::optional_text_500"))]
    pub online_link: Option<String>,
    #[validate(range(min = 1, max = 10_000))]
    pub capacity: i32,
    /// Fen (0.01 CNY).
    #[validate(range(min = 0))]
    pub training_fee: i64,
    /// Fen (0.01 CNY).
    #[validate(range(min = 0))]
    pub exam_fee: i64,
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

/// Why a class takes nobody new: the association cancelled it, or it has begun (from its start
/// instant on). Admission (TR-08), confirmation, waiting-list moves and deferral targets
/// (TR-10) all ask this one question; each refuses under its own rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Closed {
    Cancelled,
    Started,
}

/// CR-04, EX-04, EX-05: refuses `person` when the sanctions registry bars them from the class —
/// a CR-04 listing on the day of the registration (`now`, Asia/Shanghai), a ban of the class's
/// association or of its course (the programme) on the day the class starts. Every way into a
/// class asks it, and EX-11's exam eligibility with them.
pub(crate) async fn refuse_if_sanctioned<C: sea_orm::ConnectionTrait>(
    conn: &C,
    person: Uuid,
    c: &class::Model,
    now: OffsetDateTime,
) -> directory::error::Result<()> {
    refuse_if_sanctioned_on(
        conn,
        person,
        c,
        now,
        kernel::clock::shanghai_date(c.starts_at),
    )
    .await
}

/// [`refuse_if_sanctioned`] for taking part on `attendance` instead of the class's first day
/// (an exam sitting's day).
pub(crate) async fn refuse_if_sanctioned_on<C: sea_orm::ConnectionTrait>(
    conn: &C,
    person: Uuid,
    c: &class::Model,
    now: OffsetDateTime,
    attendance: time::Date,
) -> directory::error::Result<()> {
    directory::Directory::refuse_if_sanctioned(
        conn,
        person,
        c.association_id,
        Some(c.course_id),
        directory::service::sanctions::SanctionDays {
            registration: kernel::clock::shanghai_date(now),
            attendance,
        },
    )
    .await
}

/// See [`Closed`]: `None` while the class is planned and has not started.
pub(crate) fn closed(c: &class::Model, now: OffsetDateTime) -> Option<Closed> {
    closed_by(c.status, c.starts_at, now)
}

/// [`closed`] for a class already read out (the public plan page asks it of [`Class`]).
pub(crate) fn closed_by(
    status: ClassStatus,
    starts_at: OffsetDateTime,
    now: OffsetDateTime,
) -> Option<Closed> {
    if status == ClassStatus::Cancelled {
        Some(Closed::Cancelled)
    } else if now >= starts_at {
        Some(Closed::Started)
    } else {
        None
    }
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
        .is_some_and(|o| o.kind == directory::model::OrgKind::Association);
    if is_association {
        Ok(())
    } else {
        Err(TrainingError::field(
            "/association_id",
            "not_association",
            "无此协会",
            "no such association",
        ))
    }
}

/// TR-08: the refusal for a class that takes nobody new (admission, confirmation, payment).
pub(crate) fn class_closed(why: Closed) -> TrainingError {
    match why {
        Closed::Cancelled => RuleViolation::new(
            "TR-08",
            "该培训班已取消,不再受理报名、确认或缴费",
            "the class is cancelled: it takes no enrolments, confirmations or fees",
        ),
        Closed::Started => RuleViolation::new(
            "TR-08",
            "该培训班已开班,不再受理报名和确认",
            "the class has already started: it takes no enrolments or confirmations",
        ),
    }
    .into()
}

impl Training {
    /// Adds a course to an association's catalogue (TR-01: the topic decides the subject kind).
    pub async fn create_course(&self, actor: &Actor, input: CourseIn) -> Result<Course> {
        if !Self::staff_of(actor, input.association_id) {
            return Err(TrainingError::forbidden());
        }
        checked(&input)?;
        let name = input.name.trim();
        if !(0..=1000).contains(&input.theory_hours)
            || !(0..=1000).contains(&input.practical_hours)
            || input.theory_hours + input.practical_hours == 0
        {
            return Err(TrainingError::field(
                "/theory_hours",
                "hours",
                "学时须为0–1000且合计大于0",
                "hours must be 0–1000 and not both 0",
            ));
        }
        let db = &self.dir.db;
        let txn = begin_write(db).await?;
        require_association(&txn, input.association_id).await?;
        let now = self.dir.clock.now();
        let mut cats = input.equipment_categories.clone();
        cats.sort_unstable_by_key(|c| c.as_str());
        cats.dedup();
        let row = course::ActiveModel {
            id: Set(Uuid::now_v7()),
            association_id: Set(input.association_id),
            name: Set(name.to_owned()),
            subject_kind: Set(input.topic.kind()),
            topic: Set(input.topic),
            equipment_categories: Set(StateList(cats)),
            delivery: Set(input.delivery),
            theory_hours: Set(input.theory_hours),
            practical_hours: Set(input.practical_hours),
            created_at: Set(now),
        }
        .insert(&txn)
        .await?;
        AuditEntry::new("course.create", "course", row.id)
            .in_org(row.association_id)
            .change(json!({"after": {"name": row.name, "topic": row.topic}}))
            .record(&txn, actor, now)
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
                may(
                    actor,
                    Purpose::ReadAssociationTraining,
                    At::Association(c.association_id),
                )
            })
            .or_not_found_at("/course_id", "无此课程", "no such course")?;
        if !Self::staff_of(actor, course.association_id) {
            return Err(TrainingError::forbidden());
        }
        let mut errors = invalid_fields(&input);
        if input.ends_at <= input.starts_at {
            errors.push(kernel::FieldError::new(
                "/ends_at",
                "order",
                "结束时间须晚于开始时间",
                "the class must end after it starts",
            ));
        }
        if input.venue.as_deref().unwrap_or("").trim().is_empty()
            && input.online_link.as_deref().unwrap_or("").trim().is_empty()
        {
            errors.push(kernel::FieldError::new(
                "/venue",
                "required",
                "须填写地点或线上链接",
                "give a venue or an online link",
            ));
        }
        if !errors.is_empty() {
            return Err(TrainingError::invalid(errors));
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
            status: Set(ClassStatus::Planned),
            head_teacher_id: Set(None),
            created_at: Set(now),
        }
        .insert(&txn)
        .await?;
        AuditEntry::new("class.create", "class", row.id)
            .in_org(row.association_id)
            .change(json!({"after": {"name": row.name, "capacity": row.capacity, "training_fee": row.training_fee, "exam_fee": row.exam_fee}}))
            .record(&txn, actor, now)
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
                may(
                    actor,
                    Purpose::ReadAssociationTraining,
                    At::Association(c.association_id),
                )
            })
            .ok_or(TrainingError::not_found(noun::CLASS))?;
        if !Self::staff_of(actor, c.association_id) {
            return Err(TrainingError::forbidden());
        }
        let res = class::Entity::update_many()
            .col_expr(class::Column::Status, Expr::value(ClassStatus::Cancelled))
            .filter(class::Column::Id.eq(c.id))
            .filter(class::Column::Status.ne(ClassStatus::Cancelled))
            .exec(&txn)
            .await?;
        if res.rows_affected != 1 {
            return Err(TrainingError::conflict(
                "already_cancelled",
                "该班次已取消",
                "the class is already cancelled",
            ));
        }
        let now = self.dir.clock.now();
        AuditEntry::new("class.cancel", "class", c.id)
            .in_org(c.association_id)
            .change(json!({"status": {"before": c.status, "after": ClassStatus::Cancelled}}))
            .record(&txn, actor, now)
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
            .ok_or(TrainingError::not_found(noun::CLASS))?;
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
    ///
    /// The filters narrow it: a course (one the caller cannot see, and of which no public class
    /// is listed, is not found — as on every list), a range of start dates (Asia/Shanghai,
    /// both ends included) and a status.
    pub async fn list_classes(&self, actor: Option<&Actor>, f: &ClassFilter) -> Result<Vec<Class>> {
        let db = &self.dir.db;
        let published_plans = training_plan::Entity::find()
            .select_only()
            .column(training_plan::Column::Id)
            .filter(training_plan::Column::Status.eq(PlanStatus::Published))
            .into_query();
        let planned = plan_class::Entity::find()
            .select_only()
            .column(plan_class::Column::ClassId)
            .filter(plan_class::Column::PlanId.in_subquery(published_plans))
            .into_query();
        let public = Condition::all()
            .add(class::Column::Id.in_subquery(planned))
            .add(class::Column::Status.ne(ClassStatus::Cancelled));
        let reach = match actor {
            None => Some(Vec::new()),
            Some(a) => associations_in_reach(db, a).await?,
        };
        let visible = match reach.clone() {
            None => Condition::all(),
            Some(assocs) if assocs.is_empty() => public,
            Some(assocs) => Condition::any()
                .add(public)
                .add(class::Column::AssociationId.is_in(assocs)),
        };
        let mut q = class::Entity::find().filter(visible);
        if let Some(course) = f.course_id {
            q = q.filter(class::Column::CourseId.eq(course));
        }
        let midnight = |d: time::Date| d.midnight().assume_offset(kernel::clock::SHANGHAI);
        if let Some(from) = f.from {
            q = q.filter(class::Column::StartsAt.gte(midnight(from)));
        }
        if let Some(to) = f.to {
            q = q.filter(class::Column::StartsAt.lt(midnight(to) + time::Duration::days(1)));
        }
        if let Some(status) = f.status {
            q = q.filter(class::Column::Status.eq(status));
        }
        if let Some(HeadTeacher::Me) = f.head_teacher {
            match actor.and_then(|a| a.user_id()) {
                Some(me) => q = q.filter(class::Column::HeadTeacherId.eq(me)),
                None => return Ok(Vec::new()),
            }
        }
        let archive_overdue = f.archive_overdue == Some(true);
        if archive_overdue {
            // The archive is read by the association's training department only.
            match actor {
                Some(a) if a.is_platform_admin() => {}
                Some(a) => {
                    let staff = associations_with(a, Purpose::ManageTraining);
                    q = q.filter(class::Column::AssociationId.is_in(staff));
                }
                None => return Ok(Vec::new()),
            }
            q = q.filter(
                class::Column::Id.in_subquery(
                    class_archive::Entity::find()
                        .select_only()
                        .column(class_archive::Column::ClassId)
                        .into_query(),
                ),
            );
        }
        let mut rows = q
            .order_by_asc(class::Column::StartsAt)
            .order_by_asc(class::Column::Id)
            .all(db)
            .await?;
        if archive_overdue {
            let today = self.dir.clock.today_shanghai();
            let overdue = overdue_archives(db, &rows, today).await?;
            rows.retain(|c| overdue.contains(&c.id));
        }
        if let Some(id) = f.course_id
            && rows.is_empty()
        {
            let course = course::Entity::find_by_id(id).one(db).await?;
            let seen = match (course, &reach) {
                (None, _) => false,
                (Some(_), None) => true,
                (Some(c), Some(assocs)) => assocs.contains(&c.association_id),
            };
            if !seen {
                return Err(TrainingError::not_found(noun::COURSE));
            }
        }
        Ok(rows.into_iter().map(to_class).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tr_01_topic_decides_subject_kind() {
        assert_eq!(Topic::LawsAndRegulations.kind(), SubjectKind::Public);
        assert_eq!(Topic::InformationTechnology.kind(), SubjectKind::Public);
        assert_eq!(Topic::BasicTheory.kind(), SubjectKind::Professional);
        assert_eq!(Topic::NewTechniques.kind(), SubjectKind::Professional);
    }
}
