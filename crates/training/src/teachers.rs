//! The teacher pool of an association (TR-04, TR-05, TR-20): candidates are solicited, selected
//! and appointed for a term that is the association council's term ("聘期四年，与协会理事会届期
//! 一致，一届一聘"); the term ends with the council's, and a new council term needs a new
//! appointment. A teacher dismissed for breaking the law is named in a public notice. Teachers of
//! junior, intermediate and senior classes hold at least an intermediate professional title.

use crate::Training;
use crate::access::require_public_association;
use crate::entity::{class_level, class_teacher, council_term, teacher, teacher_notice};
use crate::error::{Result, TrainingError, checked, noun};
use crate::link::insert_link;
use crate::model::{ClassLevel, DismissalKind, TeacherStatus};
use crate::plan::iso_date;
use directory::entity::{organization, person};
use directory::model::{OrgKind, TitleLevel};
use kernel::audit::AuditEntry;
use kernel::db::{VersionedUpdate, begin_write};
use kernel::refusal::FoundAt;
use kernel::{Actor, RuleViolation};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use time::{Date, OffsetDateTime};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

/// TR-05: a council term, and so a teacher's term, lasts four years.
pub const TERM_YEARS: i32 = 4;

/// The last day of a four-year term starting on `starts_on`: the day before its fourth
/// anniversary (a term starting 29 February ends on 28 February).
pub fn term_end(starts_on: Date) -> Option<Date> {
    let y = starts_on.year() + TERM_YEARS;
    let anniversary = starts_on
        .replace_year(y)
        .ok()
        .or_else(|| Date::from_calendar_date(y, time::Month::March, 1).ok())?;
    anniversary.previous_day()
}

/// A council term (association configuration).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CouncilTerm {
    pub association_id: Uuid,
    #[serde(with = "iso_date")]
    #[schema(value_type = String, format = Date)]
    pub starts_on: Date,
    /// Inclusive; four years less a day after `starts_on`.
    #[serde(with = "iso_date")]
    #[schema(value_type = String, format = Date)]
    pub ends_on: Date,
}

/// A new council term.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CouncilTermIn {
    #[serde(with = "iso_date")]
    #[schema(value_type = String, format = Date)]
    pub starts_on: Date,
}

/// A teacher of the pool.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Teacher {
    pub id: Uuid,
    pub association_id: Uuid,
    pub person_id: Uuid,
    pub name: String,
    pub subjects: Option<String>,
    /// The person's professional title level from the directory (TR-20).
    pub title_level: Option<TitleLevel>,
    pub status: TeacherStatus,
    #[serde(with = "iso_date::option")]
    #[schema(value_type = Option<String>, format = Date)]
    pub term_starts_on: Option<Date>,
    #[serde(with = "iso_date::option")]
    #[schema(value_type = Option<String>, format = Date)]
    pub term_ends_on: Option<Date>,
    pub dismissal_reason: Option<String>,
    pub version: i32,
}

/// A candidate for the pool: a person employed by the association or one of its members.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TeacherIn {
    pub association_id: Uuid,
    pub person_id: Uuid,
    /// What the teacher can teach.
    #[serde(default)]
    #[validate(custom(function = "kernel::text::optional_text_500"))]
    pub subjects: Option<String>,
}

/// A dismissal; for breaking the law a public notice names the teacher (TR-05).
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DismissalIn {
    #[validate(custom(function = "kernel::text::required_text_500"))]
    pub reason: String,
    /// The teacher broke national laws or regulations (违反国家相关法律、法规).
    pub broke_law: bool,
}

/// A public notice of a dismissal.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TeacherNotice {
    pub id: Uuid,
    pub association_id: Uuid,
    pub teacher_id: Uuid,
    pub title: String,
    pub body: String,
    #[serde(with = "kernel::utc")]
    pub published_at: OffsetDateTime,
}

/// A class's level.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClassLevelIn {
    pub level: ClassLevel,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClassTeacherIn {
    pub teacher_id: Uuid,
}

/// A teacher assigned to a class.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ClassTeacher {
    pub class_id: Uuid,
    pub teacher_id: Uuid,
    pub level: ClassLevel,
}

/// Filter of the teacher lists.
#[derive(Debug, Clone, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct TeacherQuery {
    pub association_id: Uuid,
}

/// Filter of the public notices.
#[derive(Debug, Clone, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct NoticeQuery {
    pub association_id: Option<Uuid>,
}

/// TR-20: teachers of level-bearing classes hold an intermediate title or higher.
pub fn title_suffices(level: ClassLevel, title: Option<TitleLevel>) -> bool {
    level == ClassLevel::None
        || matches!(
            title,
            Some(TitleLevel::Intermediate | TitleLevel::AssociateSenior | TitleLevel::Senior)
        )
}

/// TR-20, the one place it refuses: a teacher whose title is below the level's floor may not
/// teach the class. Both ways a teacher and a level meet — assigning a teacher to a level class
/// and setting the level of a class with teachers — go through here.
fn require_title_for_level(level: ClassLevel, title: Option<TitleLevel>) -> Result<()> {
    if title_suffices(level, title) {
        Ok(())
    } else {
        Err(RuleViolation::new(
            "TR-20",
            "初、中、高级培训班的教师须具有中级以上专业技术职称",
            "teachers of junior, intermediate and senior classes must hold at least an intermediate professional title",
        )
        .into())
    }
}

/// The teacher's current title level in the directory (read when it is checked, DECISIONS 13).
async fn title_of<C: ConnectionTrait>(conn: &C, t: &teacher::Model) -> Result<Option<TitleLevel>> {
    Ok(person::Entity::find_by_id(t.person_id)
        .one(conn)
        .await?
        .and_then(|p| p.title_level))
}

impl Training {
    /// Derives the status a teacher shows today: an active teacher past the term's last day
    /// (Asia/Shanghai) has ended the term (TR-05).
    fn teacher_status(&self, m: &teacher::Model) -> TeacherStatus {
        match m.status {
            TeacherStatus::Active
                if m.term_ends_on
                    .is_some_and(|end| self.dir.clock.today_shanghai() > end) =>
            {
                TeacherStatus::TermEnded
            }
            stored => stored,
        }
    }

    async fn to_teacher<C: ConnectionTrait>(&self, conn: &C, m: teacher::Model) -> Result<Teacher> {
        let title_level = person::Entity::find_by_id(m.person_id)
            .one(conn)
            .await?
            .and_then(|p| p.title_level);
        Ok(Teacher {
            status: self.teacher_status(&m),
            id: m.id,
            association_id: m.association_id,
            person_id: m.person_id,
            name: m.name,
            subjects: m.subjects,
            title_level,
            term_starts_on: m.term_starts_on,
            term_ends_on: m.term_ends_on,
            dismissal_reason: m.dismissal_reason,
            version: m.version,
        })
    }

    /// TR-05: records the start of a council term; the term runs four years.
    pub async fn add_council_term(
        &self,
        actor: &Actor,
        association: Uuid,
        input: CouncilTermIn,
    ) -> Result<CouncilTerm> {
        if !Self::staff_of(actor, association) {
            return Err(TrainingError::not_found(noun::ASSOCIATION));
        }
        let ends_on = term_end(input.starts_on).ok_or_else(|| {
            TrainingError::field("/starts_on", "range", "日期不存在", "no such date")
        })?;
        let txn = begin_write(&self.dir.db).await?;
        organization::Entity::find_by_id(association)
            .one(&txn)
            .await?
            .filter(|o| o.kind == OrgKind::Association)
            .ok_or(TrainingError::not_found(noun::ASSOCIATION))?;
        let now = self.dir.clock.now();
        let row = council_term::ActiveModel {
            id: Set(Uuid::now_v7()),
            association_id: Set(association),
            starts_on: Set(input.starts_on),
            ends_on: Set(ends_on),
            created_by: Set(actor.id()),
            created_at: Set(now),
        }
        .insert(&txn)
        .await
        .map_err(TrainingError::on_unique(
            "term_exists",
            "该届期已登记",
            "this council term is already recorded",
        ))?;
        AuditEntry::new("council_term.add", "organization", association)
            .in_org(association)
            .change(
                json!({"starts_on": row.starts_on.to_string(), "ends_on": row.ends_on.to_string()}),
            )
            .record(&txn, actor, now)
            .await?;
        txn.commit().await?;
        Ok(CouncilTerm {
            association_id: association,
            starts_on: row.starts_on,
            ends_on: row.ends_on,
        })
    }

    /// TR-04: a candidate joins the pool.
    pub async fn add_teacher(&self, actor: &Actor, input: TeacherIn) -> Result<Teacher> {
        if !Self::staff_of(actor, input.association_id) {
            return Err(Self::not_staff(actor, input.association_id));
        }
        checked(&input)?;
        let txn = begin_write(&self.dir.db).await?;
        let p = person::Entity::find_by_id(input.person_id)
            .one(&txn)
            .await?
            .or_not_found_at("/person_id", "无此人员", "no such person")?;
        let employer = organization::Entity::find_by_id(p.employer_id)
            .one(&txn)
            .await?;
        let in_association = employer.is_some_and(|o| {
            o.id == input.association_id || o.association_id == Some(input.association_id)
        });
        if !in_association {
            return Err(TrainingError::field(
                "/person_id",
                "not_found",
                "无此人员",
                "no such person",
            ));
        }
        let now = self.dir.clock.now();
        let row = teacher::ActiveModel {
            id: Set(Uuid::now_v7()),
            association_id: Set(input.association_id),
            person_id: Set(p.id),
            name: Set(p.name.clone()),
            subjects: Set(input.subjects.map(|s| s.trim().to_owned())),
            status: Set(TeacherStatus::Candidate),
            term_starts_on: Set(None),
            term_ends_on: Set(None),
            dismissal_reason: Set(None),
            dismissal_kind: Set(None),
            dismissed_at: Set(None),
            version: Set(1),
            created_at: Set(now),
        }
        .insert(&txn)
        .await
        .map_err(TrainingError::on_unique(
            "teacher_exists",
            "该人员已在师资库中",
            "the person is already in the pool",
        ))?;
        self.audit_teacher(&txn, actor, "teacher.add", &row).await?;
        let out = self.to_teacher(&txn, row).await?;
        txn.commit().await?;
        Ok(out)
    }

    async fn audit_teacher<C: ConnectionTrait>(
        &self,
        conn: &C,
        actor: &Actor,
        action: &str,
        row: &teacher::Model,
    ) -> Result<()> {
        AuditEntry::new(action, "teacher", row.id)
            .in_org(row.association_id)
            .change(json!({"status": row.status, "term_starts_on": row.term_starts_on.map(|d| d.to_string()), "term_ends_on": row.term_ends_on.map(|d| d.to_string()), "dismissal_kind": row.dismissal_kind}))
            .record(conn, actor, self.dir.clock.now())
            .await?;
        Ok(())
    }

    async fn managed_teacher<C: ConnectionTrait>(
        &self,
        conn: &C,
        actor: &Actor,
        id: Uuid,
    ) -> Result<teacher::Model> {
        teacher::Entity::find_by_id(id)
            .one(conn)
            .await?
            .filter(|t| Self::staff_of(actor, t.association_id))
            .ok_or(TrainingError::not_found(noun::TEACHER))
    }

    /// Moves a teacher from `from` to `to` only if nobody moved it meanwhile.
    async fn move_teacher<C: ConnectionTrait>(
        &self,
        conn: &C,
        t: &teacher::Model,
        upd: sea_orm::UpdateMany<teacher::Entity>,
    ) -> Result<teacher::Model> {
        let res = upd
            .filter(teacher::Column::Id.eq(t.id))
            .at_version(teacher::Column::Version, t.version)
            .exec(conn)
            .await?;
        if res.rows_affected != 1 {
            return Err(TrainingError::conflict(
                "changed",
                "教师记录已被修改,请重试",
                "the teacher changed meanwhile",
            ));
        }
        teacher::Entity::find_by_id(t.id)
            .one(conn)
            .await?
            .ok_or(TrainingError::not_found(noun::TEACHER))
    }

    fn wrong_step(expected: &str, actual: TeacherStatus) -> TrainingError {
        TrainingError::conflict(
            "teacher_status",
            format!("此步骤要求状态为「{expected}」,当前为「{actual:?}」"),
            format!("this step needs status {expected}, not {actual:?}"),
        )
    }

    /// TR-04: a candidate is selected.
    pub async fn select_teacher(&self, actor: &Actor, id: Uuid) -> Result<Teacher> {
        let txn = begin_write(&self.dir.db).await?;
        let t = self.managed_teacher(&txn, actor, id).await?;
        if t.status != TeacherStatus::Candidate {
            return Err(Self::wrong_step("candidate", self.teacher_status(&t)));
        }
        let row = self
            .move_teacher(
                &txn,
                &t,
                teacher::Entity::update_many().col_expr(
                    teacher::Column::Status,
                    Expr::value(TeacherStatus::Selected),
                ),
            )
            .await?;
        self.audit_teacher(&txn, actor, "teacher.select", &row)
            .await?;
        let out = self.to_teacher(&txn, row).await?;
        txn.commit().await?;
        Ok(out)
    }

    /// TR-05: appoints a selected teacher (or re-appoints one whose term ended) for the
    /// council term running today; the appointment ends with that council term.
    pub async fn appoint_teacher(&self, actor: &Actor, id: Uuid) -> Result<Teacher> {
        let txn = begin_write(&self.dir.db).await?;
        let t = self.managed_teacher(&txn, actor, id).await?;
        let status = self.teacher_status(&t);
        if !matches!(status, TeacherStatus::Selected | TeacherStatus::TermEnded) {
            return Err(Self::wrong_step("selected", status));
        }
        let today = self.dir.clock.today_shanghai();
        let term = council_term::Entity::find()
            .filter(council_term::Column::AssociationId.eq(t.association_id))
            .filter(council_term::Column::StartsOn.lte(today))
            .filter(council_term::Column::EndsOn.gte(today))
            .order_by_desc(council_term::Column::StartsOn)
            .one(&txn)
            .await?
            .ok_or_else(|| {
                RuleViolation::new(
                    "TR-05",
                    "未登记当前理事会届期,不能聘任兼职教师",
                    "no council term covers today; a teacher's term is the council's term",
                )
            })?;
        let row = self
            .move_teacher(
                &txn,
                &t,
                teacher::Entity::update_many()
                    .col_expr(teacher::Column::Status, Expr::value(TeacherStatus::Active))
                    .col_expr(teacher::Column::TermStartsOn, Expr::value(today))
                    .col_expr(teacher::Column::TermEndsOn, Expr::value(term.ends_on)),
            )
            .await?;
        self.audit_teacher(&txn, actor, "teacher.appoint", &row)
            .await?;
        let out = self.to_teacher(&txn, row).await?;
        txn.commit().await?;
        Ok(out)
    }

    /// TR-05: ends an appointment; for breaking the law the dismissal is published as a
    /// public notice in the same transaction.
    pub async fn dismiss_teacher(
        &self,
        actor: &Actor,
        id: Uuid,
        input: DismissalIn,
    ) -> Result<Teacher> {
        let txn = begin_write(&self.dir.db).await?;
        let t = self.managed_teacher(&txn, actor, id).await?;
        checked(&input)?;
        let reason = input.reason.trim();
        if t.status == TeacherStatus::Dismissed {
            return Err(Self::wrong_step("not dismissed", TeacherStatus::Dismissed));
        }
        let now = self.dir.clock.now();
        let kind = if input.broke_law {
            DismissalKind::LawBreach
        } else {
            DismissalKind::Other
        };
        let row = self
            .move_teacher(
                &txn,
                &t,
                teacher::Entity::update_many()
                    .col_expr(
                        teacher::Column::Status,
                        Expr::value(TeacherStatus::Dismissed),
                    )
                    .col_expr(teacher::Column::DismissalReason, Expr::value(reason))
                    .col_expr(teacher::Column::DismissalKind, Expr::value(kind))
                    .col_expr(teacher::Column::DismissedAt, Expr::value(now)),
            )
            .await?;
        if input.broke_law {
            teacher_notice::ActiveModel {
                id: Set(Uuid::now_v7()),
                association_id: Set(t.association_id),
                teacher_id: Set(t.id),
                title: Set(format!("关于解除{}兼职教师聘用关系的公示", t.name)),
                body: Set(format!(
                    "{}在聘期内违反国家相关法律、法规,协会依据培训管理办法解除其兼职教师聘用关系。原因:{reason}",
                    t.name
                )),
                published_at: Set(now),
            }
            .insert(&txn)
            .await?;
        }
        self.audit_teacher(&txn, actor, "teacher.dismiss", &row)
            .await?;
        let out = self.to_teacher(&txn, row).await?;
        txn.commit().await?;
        Ok(out)
    }

    /// One teacher of an association the actor is staff of; others are not found.
    pub async fn get_teacher(&self, actor: &Actor, id: Uuid) -> Result<Teacher> {
        let t = self.managed_teacher(&self.dir.db, actor, id).await?;
        self.to_teacher(&self.dir.db, t).await
    }

    /// The association's pool in the order teachers were added; only its staff see it.
    pub async fn list_teachers(&self, actor: &Actor, q: TeacherQuery) -> Result<Vec<Teacher>> {
        if !Self::staff_of(actor, q.association_id) {
            return Err(TrainingError::not_found(noun::ASSOCIATION));
        }
        let rows = teacher::Entity::find()
            .filter(teacher::Column::AssociationId.eq(q.association_id))
            .order_by_asc(teacher::Column::Id)
            .all(&self.dir.db)
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            out.push(self.to_teacher(&self.dir.db, r).await?);
        }
        Ok(out)
    }

    /// TR-05: the public notices of teachers dismissed for breaking the law (no login).
    pub async fn teacher_notices(&self, q: NoticeQuery) -> Result<Vec<TeacherNotice>> {
        let db = &self.dir.db;
        let mut sel = teacher_notice::Entity::find().order_by_desc(teacher_notice::Column::Id);
        if let Some(a) = q.association_id {
            sel = sel.filter(teacher_notice::Column::AssociationId.eq(a));
        }
        let rows = sel.all(db).await?;
        if let Some(a) = q.association_id
            && rows.is_empty()
        {
            require_public_association(db, a).await?;
        }
        Ok(rows
            .into_iter()
            .map(|n| TeacherNotice {
                id: n.id,
                association_id: n.association_id,
                teacher_id: n.teacher_id,
                title: n.title,
                body: n.body,
                published_at: n.published_at,
            })
            .collect())
    }

    /// Sets the level a class trains for. The teachers already assigned are checked against the
    /// new level's title floor (TR-20) as an assignment would be: otherwise assigning first and
    /// raising the level afterwards would put an under-titled teacher on a level class.
    pub async fn set_class_level(
        &self,
        actor: &Actor,
        class_id: Uuid,
        input: ClassLevelIn,
    ) -> Result<ClassLevelIn> {
        let txn = begin_write(&self.dir.db).await?;
        let c = self.staff_class(&txn, actor, class_id).await?;
        let assigned = class_teacher::Entity::find()
            .filter(class_teacher::Column::ClassId.eq(c.id))
            .all(&txn)
            .await?;
        for a in assigned {
            let t = teacher::Entity::find_by_id(a.teacher_id)
                .one(&txn)
                .await?
                .ok_or(TrainingError::not_found(noun::TEACHER))?;
            require_title_for_level(input.level, title_of(&txn, &t).await?)?;
        }
        class_level::Entity::delete_by_id(c.id).exec(&txn).await?;
        if input.level != ClassLevel::None {
            class_level::ActiveModel {
                class_id: Set(c.id),
                level: Set(input.level),
            }
            .insert(&txn)
            .await?;
        }
        AuditEntry::new("class.set_level", "class", c.id)
            .in_org(c.association_id)
            .change(json!({"level": input.level}))
            .record(&txn, actor, self.dir.clock.now())
            .await?;
        txn.commit().await?;
        Ok(input)
    }

    /// Assigns a teacher of the pool to a class: the teacher must be active within the
    /// appointment's term (TR-05), and for a junior, intermediate or senior class hold at least
    /// an intermediate title (TR-20).
    pub async fn assign_teacher(
        &self,
        actor: &Actor,
        class_id: Uuid,
        input: ClassTeacherIn,
    ) -> Result<ClassTeacher> {
        let txn = begin_write(&self.dir.db).await?;
        let c = self.staff_class(&txn, actor, class_id).await?;
        let t = teacher::Entity::find_by_id(input.teacher_id)
            .one(&txn)
            .await?
            .filter(|t| t.association_id == c.association_id)
            .or_not_found_at("/teacher_id", "无此教师", "no such teacher")?;
        if self.teacher_status(&t) != TeacherStatus::Active {
            return Err(RuleViolation::new(
                "TR-05",
                "该教师不在聘期内",
                "only a teacher within an appointed term can be assigned",
            )
            .into());
        }
        let level = class_level::Entity::find_by_id(c.id)
            .one(&txn)
            .await?
            .map_or(ClassLevel::None, |l| l.level);
        require_title_for_level(level, title_of(&txn, &t).await?)?;
        let now = self.dir.clock.now();
        let row = class_teacher::ActiveModel {
            id: Set(Uuid::now_v7()),
            class_id: Set(c.id),
            teacher_id: Set(t.id),
            assigned_by: Set(actor.id()),
            assigned_at: Set(now),
        };
        let audit = AuditEntry::new("class.assign_teacher", "class", c.id)
            .in_org(c.association_id)
            .change(json!({"teacher_id": t.id, "level": level}));
        let taken = (
            "already_assigned",
            "该教师已在此班授课",
            "the teacher is already assigned",
        );
        insert_link(&txn, row, taken, audit, actor, now).await?;
        txn.commit().await?;
        Ok(ClassTeacher {
            class_id: c.id,
            teacher_id: t.id,
            level,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn tr_05_a_term_is_four_years_less_a_day() {
        assert_eq!(term_end(date!(2024 - 01 - 01)), Some(date!(2027 - 12 - 31)));
        assert_eq!(term_end(date!(2024 - 02 - 29)), Some(date!(2028 - 02 - 28)));
    }

    #[test]
    fn tr_20_intermediate_title_is_the_floor_for_level_classes() {
        assert!(!title_suffices(
            ClassLevel::Junior,
            Some(TitleLevel::Junior)
        ));
        assert!(title_suffices(
            ClassLevel::Junior,
            Some(TitleLevel::Intermediate)
        ));
        assert!(!title_suffices(ClassLevel::Senior, None));
        assert!(title_suffices(ClassLevel::None, None));
    }
}
