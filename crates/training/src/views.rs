//! What the screens read: the catalogue, one class with its sessions, enrolments with names,
//! and the trainee's own classes with the class notice (TR-08) once the fee is paid (TR-09).
//! Every list is scoped to the caller's tenant and pages by id (UUIDv7).

use crate::Training;
use crate::access::associations_in_reach;
use crate::access::{Purpose, associations_with, enterprises_with};
use crate::archive::ClassResult;
use crate::attendance::Session;
use crate::classes::{Class, Course, to_class};
use crate::enrolment::{Enrolment, to_enrolment};
use crate::entity::{
    attendance, class, class_level, class_result, class_session, class_teacher, course, enrolment,
    enrolment_request, leave_request, payment, teacher,
};
use crate::error::{Result, TrainingError, noun};
use crate::model::{
    AttendanceMark, ClassLevel, Delivery, EnrolmentStatus, LeaveStatus, Outcome, PaymentPurpose,
    RequestKind, RequestStatus, SessionKind, SubjectKind, TeacherStatus,
};
use crate::requests::{EnrolmentRequest, to_request};
use directory::entity::{organization, person, user};
use kernel::Actor;
use kernel::db::rows_by_id;
use kernel::page::{Page, PageRequest, total_of};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    QueryTrait, Select,
};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use time::OffsetDateTime;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// At most this many of a trainee's enrolments are shown in "my classes".
pub const MY_CLASSES_LIMIT: u64 = 200;

pub(crate) fn to_course(m: course::Model) -> Course {
    Course {
        id: m.id,
        association_id: m.association_id,
        name: m.name,
        subject_kind: m.subject_kind,
        topic: m.topic,
        equipment_categories: m.equipment_categories.0,
        delivery: m.delivery,
        theory_hours: m.theory_hours,
        practical_hours: m.practical_hours,
    }
}

/// Filters of the course list (`GET /courses`).
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CourseFilter {
    pub association_id: Option<Uuid>,
}

/// One class with its course and sessions.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ClassDetail {
    pub class: Class,
    pub course: Course,
    pub sessions: Vec<Session>,
    /// The user who approves leave and signs trainees in.
    pub head_teacher_id: Option<Uuid>,
    pub head_teacher_name: Option<String>,
    /// The skill level the class trains for (TR-20).
    pub level: ClassLevel,
    /// The teachers assigned to the class, in the order they were assigned.
    pub teachers: Vec<AssignedTeacher>,
    /// The results entered so far (TR-18 score sheet), by trainee name.
    pub results: Vec<ClassResult>,
}

/// A teacher assigned to a class, by name.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AssignedTeacher {
    pub teacher_id: Uuid,
    pub name: String,
    /// As stored: `term_ended` is not derived here.
    pub status: TeacherStatus,
}

/// Filters of the enrolment list (`GET /enrolments`).
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct EnrolmentFilter {
    pub class_id: Option<Uuid>,
    pub status: Option<EnrolmentStatus>,
    pub person_id: Option<Uuid>,
}

/// Filters of the deferral and substitution requests (`GET /enrolment-requests`).
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct RequestFilter {
    /// The requests of one enrolment.
    pub enrolment_id: Option<Uuid>,
    /// The requests of one class's enrolments (a deferral is listed under the class it was
    /// asked from until it is approved, then under the class it moved to).
    pub class_id: Option<Uuid>,
    /// Deferrals or substitutions only.
    pub kind: Option<RequestKind>,
    /// In one state only: `pending` is what waits for a decision.
    pub status: Option<RequestStatus>,
}

/// One enrolment as its page shows it: the enrolment and every deferral and substitution
/// request filed against it, oldest first.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EnrolmentView {
    #[serde(flatten)]
    pub enrolment: Enrolment,
    pub requests: Vec<EnrolmentRequest>,
}

/// An enrolment as lists show it: with the class, the person's and the enterprise's names.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EnrolmentRow {
    pub id: Uuid,
    pub class_id: Uuid,
    pub class_name: String,
    #[serde(with = "kernel::utc")]
    pub class_starts_at: OffsetDateTime,
    pub person_id: Uuid,
    pub person_name: String,
    pub enterprise_id: Option<Uuid>,
    pub enterprise_name: Option<String>,
    pub status: EnrolmentStatus,
    /// Fen recorded by finance.
    pub paid_total: i64,
    /// Fen paid back.
    pub refunded_total: i64,
    /// Why the training manager returned it, while it is returned.
    pub return_reason: Option<String>,
    pub version: i32,
    #[serde(with = "kernel::utc")]
    pub updated_at: OffsetDateTime,
}

/// The class notice (TR-08): time and place, shown in the app once the fee is paid.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ClassNotice {
    pub class_name: String,
    #[serde(with = "kernel::utc")]
    pub starts_at: OffsetDateTime,
    #[serde(with = "kernel::utc")]
    pub ends_at: OffsetDateTime,
    pub venue: Option<String>,
    pub online_link: Option<String>,
    /// When finance recorded the fee (the notice went out then).
    #[serde(with = "kernel::utc")]
    pub issued_at: OffsetDateTime,
}

/// One session as the trainee sees it, with their attendance and leave.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MySession {
    pub id: Uuid,
    #[serde(with = "kernel::utc")]
    pub starts_at: OffsetDateTime,
    #[serde(with = "kernel::utc")]
    pub ends_at: OffsetDateTime,
    /// Theory or practical (TR-19).
    pub kind: SessionKind,
    /// Null before it is recorded.
    pub attendance: Option<AttendanceMark>,
    /// Null without a leave request.
    pub leave: Option<LeaveStatus>,
}

/// One of the trainee's enrolments.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MyClass {
    pub enrolment_id: Uuid,
    pub status: EnrolmentStatus,
    pub class: Class,
    pub course_name: String,
    pub delivery: Delivery,
    pub subject_kind: SubjectKind,
    /// Present only once the fee is paid (TR-08, TR-09).
    pub notice: Option<ClassNotice>,
    pub sessions: Vec<MySession>,
}

impl Training {
    /// The catalogue of the associations the caller takes part in, by id.
    pub async fn list_courses(
        &self,
        actor: &Actor,
        filter: &CourseFilter,
        page: PageRequest,
    ) -> Result<Page<Course>> {
        let db = &self.dir.db;
        let mut q = course::Entity::find();
        if let Some(assocs) = associations_in_reach(db, actor).await? {
            q = q.filter(course::Column::AssociationId.is_in(assocs));
        }
        if let Some(a) = filter.association_id {
            q = q.filter(course::Column::AssociationId.eq(a));
        }
        let total = total_of(q.as_query(), page, db).await?;
        if let Some(after) = page.after {
            q = q.filter(course::Column::Id.gt(after));
        }
        let rows = q
            .order_by_asc(course::Column::Id)
            .limit(page.limit + 1)
            .all(db)
            .await?;
        if let Some(a) = filter.association_id
            && rows.is_empty()
            && !Self::association_seen(db, actor, a).await?
        {
            return Err(TrainingError::not_found(noun::ASSOCIATION));
        }
        Ok(Page::from_rows(rows, page.limit, |r| r.id)
            .with_total(total)
            .map(to_course))
    }

    /// One class with its course and sessions, for the associations the caller takes part in
    /// and for its head teacher; another tenant's class is not found.
    pub async fn get_class(&self, actor: &Actor, id: Uuid) -> Result<ClassDetail> {
        let db = &self.dir.db;
        let c = class::Entity::find_by_id(id)
            .one(db)
            .await?
            .ok_or(TrainingError::not_found(noun::CLASS))?;
        if !Self::class_seen(db, actor, &c).await? {
            return Err(TrainingError::not_found(noun::CLASS));
        }
        let course = course::Entity::find_by_id(c.course_id)
            .one(db)
            .await?
            .ok_or(TrainingError::not_found(noun::CLASS))?;
        let sessions = class_session::Entity::find()
            .filter(class_session::Column::ClassId.eq(c.id))
            .order_by_asc(class_session::Column::StartsAt)
            .all(db)
            .await?
            .into_iter()
            .map(Session::from)
            .collect();
        let head_teacher_name = match c.head_teacher_id {
            Some(u) => user::Entity::find_by_id(u)
                .one(db)
                .await?
                .map(|u| u.display_name),
            None => None,
        };
        let level = class_level::Entity::find_by_id(c.id)
            .one(db)
            .await?
            .map_or(ClassLevel::None, |l| l.level);
        let assigned = class_teacher::Entity::find()
            .filter(class_teacher::Column::ClassId.eq(c.id))
            .order_by_asc(class_teacher::Column::AssignedAt)
            .all(db)
            .await?;
        let pool: HashMap<Uuid, teacher::Model> = rows_by_id::<teacher::Entity, _>(
            db,
            teacher::Column::Id,
            assigned.iter().map(|a| a.teacher_id),
        )
        .await?;
        let teachers = assigned
            .iter()
            .filter_map(|a| pool.get(&a.teacher_id))
            .map(|t| AssignedTeacher {
                teacher_id: t.id,
                name: t.name.clone(),
                status: t.status,
            })
            .collect();
        let scores = class_result::Entity::find()
            .filter(class_result::Column::ClassId.eq(c.id))
            .all(db)
            .await?;
        let names: HashMap<Uuid, String> = person::Entity::find()
            .filter(person::Column::Id.is_in(scores.iter().map(|r| r.person_id)))
            .all(db)
            .await?
            .into_iter()
            .map(|p| (p.id, p.name))
            .collect();
        let mut results: Vec<ClassResult> = scores
            .into_iter()
            .map(|r| ClassResult {
                enrolment_id: r.enrolment_id,
                person_id: r.person_id,
                person_name: names.get(&r.person_id).cloned().unwrap_or_default(),
                score: r.score,
                passed: r.outcome == Outcome::Pass,
            })
            .collect();
        results.sort_by(|a, b| a.person_name.cmp(&b.person_name));
        Ok(ClassDetail {
            head_teacher_id: c.head_teacher_id,
            head_teacher_name,
            level,
            teachers,
            results,
            class: to_class(c),
            course: to_course(course),
            sessions,
        })
    }

    /// Which enrolments the caller may list: the association's staff and finance see their
    /// classes', the enterprise's officers and managers their employees', a head teacher their
    /// classes', a trainee their own.
    fn enrolment_scope(actor: &Actor) -> Option<Condition> {
        if actor.is_platform_admin() {
            return None;
        }
        let mut any = Condition::any();
        let assocs = associations_with(actor, Purpose::ReadAssociationTraining);
        if !assocs.is_empty() {
            any = any.add(
                enrolment::Column::ClassId.in_subquery(
                    class::Entity::find()
                        .select_only()
                        .column(class::Column::Id)
                        .filter(class::Column::AssociationId.is_in(assocs))
                        .into_query(),
                ),
            );
        }
        let enterprises = enterprises_with(actor, Purpose::ReadEnterpriseTraining);
        if !enterprises.is_empty() {
            any = any.add(enrolment::Column::EnterpriseId.is_in(enterprises));
        }
        if let Some(uid) = actor.user_id() {
            any = any
                .add(
                    enrolment::Column::PersonId.in_subquery(
                        person::Entity::find()
                            .select_only()
                            .column(person::Column::Id)
                            .filter(person::Column::UserId.eq(uid))
                            .into_query(),
                    ),
                )
                .add(
                    enrolment::Column::ClassId.in_subquery(
                        class::Entity::find()
                            .select_only()
                            .column(class::Column::Id)
                            .filter(class::Column::HeadTeacherId.eq(uid))
                            .into_query(),
                    ),
                );
        }
        // An empty `any` matches nothing.
        Some(if any.is_empty() {
            Condition::all().add(Expr::val(1).eq(0))
        } else {
            any
        })
    }

    /// The enrolments the caller takes part in that match the filter (for the list and its
    /// export).
    pub(crate) fn enrolment_query(
        &self,
        actor: &Actor,
        filter: &EnrolmentFilter,
    ) -> Select<enrolment::Entity> {
        let mut q = enrolment::Entity::find();
        if let Some(scope) = Self::enrolment_scope(actor) {
            q = q.filter(scope);
        }
        if let Some(c) = filter.class_id {
            q = q.filter(enrolment::Column::ClassId.eq(c));
        }
        if let Some(s) = filter.status {
            q = q.filter(enrolment::Column::Status.eq(s));
        }
        if let Some(p) = filter.person_id {
            q = q.filter(enrolment::Column::PersonId.eq(p));
        }
        q
    }

    /// 404 for a filter naming a class or a person the caller cannot see (see
    /// [`Training::class_seen`]), asked when the list or export found nothing.
    pub(crate) async fn enrolment_filter_seen(
        &self,
        actor: &Actor,
        filter: &EnrolmentFilter,
    ) -> Result<()> {
        let db = &self.dir.db;
        if let Some(id) = filter.class_id {
            let c = class::Entity::find_by_id(id).one(db).await?;
            match c {
                Some(c) if Self::class_seen(db, actor, &c).await? => {}
                _ => return Err(TrainingError::not_found(noun::CLASS)),
            }
        }
        if let Some(id) = filter.person_id
            && !Self::person_seen(db, actor, id).await?
        {
            return Err(TrainingError::not_found(noun::PERSON));
        }
        Ok(())
    }

    /// One enrolment the caller takes part in, with its requests.
    pub async fn enrolment_view(&self, actor: &Actor, id: Uuid) -> Result<EnrolmentView> {
        let db = &self.dir.db;
        let (e, _) = self.visible(db, actor, id).await?;
        let requests = enrolment_request::Entity::find()
            .filter(enrolment_request::Column::EnrolmentId.eq(e.id))
            .order_by_asc(enrolment_request::Column::Id)
            .all(db)
            .await?
            .into_iter()
            .map(to_request)
            .collect();
        Ok(EnrolmentView {
            enrolment: to_enrolment(e),
            requests,
        })
    }

    /// The deferral and substitution requests of the enrolments the caller takes part in
    /// (the enrolment list's reach), oldest first, filtered by enrolment or class; a filter
    /// naming an enrolment or class the caller cannot see is not found.
    pub async fn list_requests(
        &self,
        actor: &Actor,
        filter: &RequestFilter,
        page: PageRequest,
    ) -> Result<Page<EnrolmentRequest>> {
        let db = &self.dir.db;
        let enrolments = self
            .enrolment_query(
                actor,
                &EnrolmentFilter {
                    class_id: filter.class_id,
                    ..EnrolmentFilter::default()
                },
            )
            .select_only()
            .column(enrolment::Column::Id)
            .into_query();
        let mut q = enrolment_request::Entity::find()
            .filter(enrolment_request::Column::EnrolmentId.in_subquery(enrolments));
        if let Some(e) = filter.enrolment_id {
            q = q.filter(enrolment_request::Column::EnrolmentId.eq(e));
        }
        if let Some(k) = filter.kind {
            q = q.filter(enrolment_request::Column::Kind.eq(k));
        }
        if let Some(s) = filter.status {
            q = q.filter(enrolment_request::Column::Status.eq(s));
        }
        let total = total_of(q.as_query(), page, db).await?;
        if let Some(after) = page.after {
            q = q.filter(enrolment_request::Column::Id.gt(after));
        }
        let rows = q
            .order_by_asc(enrolment_request::Column::Id)
            .limit(page.limit + 1)
            .all(db)
            .await?;
        if rows.is_empty() {
            if let Some(e) = filter.enrolment_id {
                self.enrolment_query(actor, &EnrolmentFilter::default())
                    .filter(enrolment::Column::Id.eq(e))
                    .one(db)
                    .await?
                    .ok_or(TrainingError::not_found(noun::ENROLMENT))?;
            }
            self.enrolment_filter_seen(
                actor,
                &EnrolmentFilter {
                    class_id: filter.class_id,
                    ..EnrolmentFilter::default()
                },
            )
            .await?;
        }
        Ok(Page::from_rows(rows, page.limit, |r| r.id)
            .with_total(total)
            .map(to_request))
    }

    /// One request, for whoever may see its enrolment.
    pub async fn get_request(&self, actor: &Actor, id: Uuid) -> Result<EnrolmentRequest> {
        let db = &self.dir.db;
        let r = enrolment_request::Entity::find_by_id(id)
            .one(db)
            .await?
            .ok_or(TrainingError::not_found(noun::REQUEST))?;
        self.visible(db, actor, r.enrolment_id)
            .await
            .map_err(|_| TrainingError::not_found(noun::REQUEST))?;
        Ok(to_request(r))
    }

    /// Enrolments the caller takes part in, filtered, by id.
    pub async fn list_enrolments(
        &self,
        actor: &Actor,
        filter: &EnrolmentFilter,
        page: PageRequest,
    ) -> Result<Page<EnrolmentRow>> {
        let db = &self.dir.db;
        let mut q = self.enrolment_query(actor, filter);
        let total = total_of(q.as_query(), page, db).await?;
        if let Some(after) = page.after {
            q = q.filter(enrolment::Column::Id.gt(after));
        }
        let rows = q
            .order_by_asc(enrolment::Column::Id)
            .limit(page.limit + 1)
            .all(db)
            .await?;
        if rows.is_empty() {
            self.enrolment_filter_seen(actor, filter).await?;
        }
        let page = Page::from_rows(rows, page.limit, |r| r.id).with_total(total);
        let names = Names::load(db, &page.items).await?;
        Ok(page.map(|e| names.row(e)))
    }

    /// The caller's own enrolments (through the person their account is linked to), with the
    /// class, its sessions and their attendance, and the class notice once the fee is paid.
    pub async fn my_classes(&self, actor: &Actor) -> Result<Vec<MyClass>> {
        let uid = actor.user_id().ok_or(TrainingError::forbidden())?;
        let db = &self.dir.db;
        let persons: Vec<Uuid> = person::Entity::find()
            .select_only()
            .column(person::Column::Id)
            .filter(person::Column::UserId.eq(uid))
            .into_tuple()
            .all(db)
            .await?;
        if persons.is_empty() {
            return Ok(vec![]);
        }
        let enrolments = enrolment::Entity::find()
            .filter(enrolment::Column::PersonId.is_in(persons))
            .order_by_asc(enrolment::Column::Id)
            .limit(MY_CLASSES_LIMIT)
            .all(db)
            .await?;
        let class_ids: HashSet<Uuid> = enrolments.iter().map(|e| e.class_id).collect();
        let enrolment_ids: Vec<Uuid> = enrolments.iter().map(|e| e.id).collect();
        let classes: HashMap<Uuid, class::Model> =
            rows_by_id::<class::Entity, _>(db, class::Column::Id, class_ids.iter().copied())
                .await?;
        let courses: HashMap<Uuid, course::Model> = rows_by_id::<course::Entity, _>(
            db,
            course::Column::Id,
            classes.values().map(|c| c.course_id),
        )
        .await?;
        let sessions = class_session::Entity::find()
            .filter(class_session::Column::ClassId.is_in(class_ids.iter().copied()))
            .order_by_asc(class_session::Column::StartsAt)
            .all(db)
            .await?;
        let marks: HashMap<(Uuid, Uuid), AttendanceMark> = attendance::Entity::find()
            .filter(attendance::Column::EnrolmentId.is_in(enrolment_ids.clone()))
            .all(db)
            .await?
            .into_iter()
            .map(|a| ((a.enrolment_id, a.session_id), a.status))
            .collect();
        let leaves: HashMap<(Uuid, Uuid), LeaveStatus> = leave_request::Entity::find()
            .filter(leave_request::Column::EnrolmentId.is_in(enrolment_ids.clone()))
            .all(db)
            .await?
            .into_iter()
            .map(|l| ((l.enrolment_id, l.session_id), l.status))
            .collect();
        let mut paid_at: HashMap<Uuid, OffsetDateTime> = HashMap::new();
        for p in payment::Entity::find()
            .filter(payment::Column::EnrolmentId.is_in(enrolment_ids))
            .filter(payment::Column::Purpose.eq(PaymentPurpose::Enrolment))
            .all(db)
            .await?
        {
            let at = paid_at.entry(p.enrolment_id).or_insert(p.at);
            if p.at > *at {
                *at = p.at;
            }
        }
        let mut out = Vec::with_capacity(enrolments.len());
        for e in enrolments {
            let (Some(c), status) = (classes.get(&e.class_id), e.status) else {
                continue;
            };
            let Some(co) = courses.get(&c.course_id) else {
                continue;
            };
            // TR-08/TR-09: the notice (time, place) exists only once the fee is recorded.
            let notice = match (status, paid_at.get(&e.id)) {
                (EnrolmentStatus::Paid, Some(at)) => Some(ClassNotice {
                    class_name: c.name.clone(),
                    starts_at: c.starts_at,
                    ends_at: c.ends_at,
                    venue: c.venue.clone(),
                    online_link: c.online_link.clone(),
                    issued_at: *at,
                }),
                _ => None,
            };
            let my_sessions = sessions
                .iter()
                .filter(|s| s.class_id == c.id)
                .map(|s| MySession {
                    id: s.id,
                    starts_at: s.starts_at,
                    ends_at: s.ends_at,
                    kind: s.kind,
                    attendance: marks.get(&(e.id, s.id)).copied(),
                    leave: leaves.get(&(e.id, s.id)).copied(),
                })
                .collect();
            let course = to_course(co.clone());
            out.push(MyClass {
                enrolment_id: e.id,
                status,
                class: to_class(c.clone()),
                course_name: course.name,
                delivery: course.delivery,
                subject_kind: course.subject_kind,
                notice,
                sessions: my_sessions,
            });
        }
        Ok(out)
    }
}

/// Names of the classes, persons and enterprises a page of enrolments mentions, loaded in
/// three queries.
pub(crate) struct Names {
    pub classes: HashMap<Uuid, class::Model>,
    pub persons: HashMap<Uuid, String>,
    pub orgs: HashMap<Uuid, String>,
}

impl Names {
    pub(crate) async fn load<C: ConnectionTrait>(
        conn: &C,
        rows: &[enrolment::Model],
    ) -> Result<Names> {
        Self::load_ids(
            conn,
            rows.iter().map(|e| e.class_id).collect(),
            rows.iter().map(|e| e.person_id).collect(),
            rows.iter().filter_map(|e| e.enterprise_id).collect(),
        )
        .await
    }

    pub(crate) async fn load_ids<C: ConnectionTrait>(
        conn: &C,
        classes: HashSet<Uuid>,
        persons: HashSet<Uuid>,
        orgs: HashSet<Uuid>,
    ) -> Result<Names> {
        let classes = rows_by_id::<class::Entity, _>(conn, class::Column::Id, classes).await?;
        let persons = if persons.is_empty() {
            HashMap::new()
        } else {
            person::Entity::find()
                .select_only()
                .column(person::Column::Id)
                .column(person::Column::Name)
                .filter(person::Column::Id.is_in(persons))
                .into_tuple::<(Uuid, String)>()
                .all(conn)
                .await?
                .into_iter()
                .collect()
        };
        let orgs = if orgs.is_empty() {
            HashMap::new()
        } else {
            organization::Entity::find()
                .select_only()
                .column(organization::Column::Id)
                .column(organization::Column::Name)
                .filter(organization::Column::Id.is_in(orgs))
                .into_tuple::<(Uuid, String)>()
                .all(conn)
                .await?
                .into_iter()
                .collect()
        };
        Ok(Names {
            classes,
            persons,
            orgs,
        })
    }

    pub(crate) fn person(&self, id: Uuid) -> String {
        self.persons.get(&id).cloned().unwrap_or_default()
    }

    pub(crate) fn org(&self, id: Option<Uuid>) -> Option<String> {
        id.and_then(|i| self.orgs.get(&i).cloned())
    }

    pub(crate) fn row(&self, e: enrolment::Model) -> EnrolmentRow {
        let c = self.classes.get(&e.class_id);
        EnrolmentRow {
            id: e.id,
            class_id: e.class_id,
            class_name: c.map(|c| c.name.clone()).unwrap_or_default(),
            class_starts_at: c.map(|c| c.starts_at).unwrap_or(e.created_at),
            person_id: e.person_id,
            person_name: self.person(e.person_id),
            enterprise_id: e.enterprise_id,
            enterprise_name: self.org(e.enterprise_id),
            status: e.status,
            paid_total: e.paid_total,
            refunded_total: e.refunded_total,
            return_reason: e.return_reason,
            version: e.version,
            updated_at: e.updated_at,
        }
    }
}
