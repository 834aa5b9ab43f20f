//! Who sets, proctors and evaluates a sitting (EX-06, EX-07, EX-08), and which evaluator
//! marks which candidate. Each assignment is refused when it breaks a rule, naming it:
//! EX-06 keeps training and examining apart (a teacher or the head teacher of the class takes
//! no part in its exam); EX-07 keeps people from assessing their own (a proctor is refused
//! for a roster holding someone of their organization or a declared relation, an evaluator
//! for such a candidate); EX-08 wants an evaluator certificate valid on the exam day and a
//! signed commitment letter on file before an evaluator is assigned.

use crate::Exams;
use crate::entity::{attempt, candidate, mark, practical_score, sitting, staff};
use crate::error::{ExamsError, Result, checked, noun};
use crate::model::Duty;
use directory::entity::person;
use directory::model::QualificationKind;
use kernel::audit::AuditEntry;
use kernel::clock::shanghai_date;
use kernel::db::begin_write;
use kernel::refusal::FoundAt;
use kernel::{Actor, RuleViolation};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, QueryTrait, Set,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use time::OffsetDateTime;
use training::entity::{class, class_teacher, teacher};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

/// Assigning a person to a sitting.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StaffIn {
    pub person_id: Uuid,
    pub duty: Duty,
}

/// A person on a sitting's staff.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StaffMember {
    pub id: Uuid,
    pub sitting_id: Uuid,
    pub person_id: Uuid,
    pub name: String,
    pub duty: Duty,
    #[serde(with = "kernel::utc")]
    #[schema(value_type = String, format = DateTime)]
    pub assigned_at: OffsetDateTime,
}

/// A sitting the caller proctors, evaluates or set, with the duties held there.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MyDuty {
    pub sitting: crate::sittings::Sitting,
    pub duties: Vec<Duty>,
    /// The practical stations with their scoring checklists, for an evaluator of the sitting
    /// (what they score on); empty for the other duties and for a theory-only paper.
    pub stations: Vec<crate::papers::Station>,
}

/// Which of a candidate's markers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Slot {
    /// Marks the short answers and scores the practical stations.
    First,
    /// The second marker where the paper asks for double marking.
    Second,
    /// The third, when the first two differ by more than the tolerance.
    Third,
}

/// Assigning an evaluator of the sitting to a candidate.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EvaluatorIn {
    pub person_id: Uuid,
    pub slot: Slot,
}

fn ex_06() -> RuleViolation {
    RuleViolation::new(
        "EX-06",
        "该人员是本班教师或班主任,培训与考试分离,不能参与本班考试的命题、监考或考评",
        "a teacher or the head teacher of the class takes no part in setting, proctoring or evaluating its exam",
    )
}

fn ex_07(name: &str) -> RuleViolation {
    RuleViolation::new(
        "EX-07",
        format!("该人员与考生{name}同单位或有申报的利害关系,应当回避"),
        format!("the person works with the candidate {name} or has a declared relation: they must stand aside"),
    )
    .with("candidate", name.to_owned())
}

fn ex_08(what: &str, what_en: &str) -> RuleViolation {
    RuleViolation::new(
        "EX-08",
        format!("考评人员须持有考试当日有效的考评员证书并签署承诺书:{what}"),
        format!(
            "an evaluator holds an evaluator certificate valid on the exam day and a signed commitment letter: {what_en}"
        ),
    )
}

impl Exams {
    /// True when the actor is on the sitting's staff.
    pub(crate) async fn on_staff<C: ConnectionTrait>(
        &self,
        conn: &C,
        actor: &Actor,
        sitting_id: Uuid,
    ) -> Result<bool> {
        let Some(uid) = actor.user_id() else {
            return Ok(false);
        };
        Ok(staff::Entity::find()
            .filter(staff::Column::SittingId.eq(sitting_id))
            .filter(staff::Column::UserId.eq(uid))
            .one(conn)
            .await?
            .is_some())
    }

    /// The sittings where the actor is on the staff, latest window first: the proctor's and
    /// the evaluator's way in.
    pub async fn my_duties(&self, actor: &Actor) -> Result<Vec<MyDuty>> {
        let Some(uid) = actor.user_id() else {
            return Ok(vec![]);
        };
        let db = &self.dir().db;
        let rows = staff::Entity::find()
            .filter(staff::Column::UserId.eq(uid))
            .all(db)
            .await?;
        let mut sittings: Vec<sitting::Model> = sitting::Entity::find()
            .filter(sitting::Column::Id.is_in(rows.iter().map(|r| r.sitting_id)))
            .all(db)
            .await?;
        sittings.sort_by_key(|s| std::cmp::Reverse(s.opens_at));
        let papers = kernel::db::rows_by_id::<crate::entity::paper::Entity, _>(
            db,
            crate::entity::paper::Column::Id,
            sittings.iter().map(|s| s.paper_id),
        )
        .await?;
        let views = Self::sittings_out(db, sittings).await?;
        Ok(views
            .into_iter()
            .map(|sitting| {
                let duties: Vec<Duty> = rows
                    .iter()
                    .filter(|r| r.sitting_id == sitting.id)
                    .map(|r| r.duty)
                    .collect();
                let stations = match papers.get(&sitting.paper_id) {
                    Some(p) if duties.contains(&Duty::Evaluator) => crate::papers::stations_of(p),
                    _ => vec![],
                };
                MyDuty {
                    sitting,
                    duties,
                    stations,
                }
            })
            .collect())
    }

    /// The actor's person when they hold `duty` at the sitting.
    pub(crate) async fn duty_person<C: ConnectionTrait>(
        &self,
        conn: &C,
        actor: &Actor,
        sitting_id: Uuid,
        duty: Duty,
    ) -> Result<Option<Uuid>> {
        let Some(uid) = actor.user_id() else {
            return Ok(None);
        };
        Ok(staff::Entity::find()
            .filter(staff::Column::SittingId.eq(sitting_id))
            .filter(staff::Column::UserId.eq(uid))
            .filter(staff::Column::Duty.eq(duty))
            .one(conn)
            .await?
            .map(|s| s.person_id))
    }

    /// EX-06: a teacher of the class, or its head teacher.
    async fn teaches<C: ConnectionTrait>(
        conn: &C,
        c: &class::Model,
        p: &person::Model,
    ) -> Result<bool> {
        if p.user_id.is_some() && c.head_teacher_id == p.user_id {
            return Ok(true);
        }
        let teachers: Vec<Uuid> = class_teacher::Entity::find()
            .filter(class_teacher::Column::ClassId.eq(c.id))
            .all(conn)
            .await?
            .into_iter()
            .map(|t| t.teacher_id)
            .collect();
        Ok(teacher::Entity::find()
            .filter(teacher::Column::Id.is_in(teachers))
            .filter(teacher::Column::PersonId.eq(p.id))
            .one(conn)
            .await?
            .is_some())
    }

    /// EX-07: the assignee works for the candidate's organization or declared a relation.
    async fn conflicted(
        &self,
        assignee: &person::Model,
        candidate: &person::Model,
    ) -> Result<bool> {
        Ok(assignee.employer_id == candidate.employer_id
            || assignee.id == candidate.id
            || self.dir().related(assignee.id, candidate.id).await?)
    }

    /// EX-08 on the exam day (Asia/Shanghai).
    async fn require_qualified(&self, p: &person::Model, s: &sitting::Model) -> Result<()> {
        let day = shanghai_date(s.opens_at);
        let holds = |kind| self.dir().qualification_valid_on(p.id, kind, day);
        if !holds(QualificationKind::EvaluatorCertificate).await? {
            return Err(ex_08(
                "无考试当日有效的考评员证书",
                "no evaluator certificate valid on the exam day",
            )
            .into());
        }
        if !holds(QualificationKind::CommitmentLetter).await? {
            return Err(ex_08("未签署承诺书", "no signed commitment letter on file").into());
        }
        Ok(())
    }

    /// Assigns a setter, proctor or evaluator (EX-06, EX-07, EX-08).
    pub async fn assign_staff(
        &self,
        actor: &Actor,
        sitting_id: Uuid,
        input: StaffIn,
    ) -> Result<StaffMember> {
        checked(&input, vec![])?;
        let txn = begin_write(&self.dir().db).await?;
        let s = Self::run_sitting(&txn, actor, sitting_id).await?;
        let p = person::Entity::find_by_id(input.person_id)
            .one(&txn)
            .await?;
        let in_association = match &p {
            Some(p) => {
                directory::entity::organization::Entity::find_by_id(p.employer_id)
                    .one(&txn)
                    .await?
                    .and_then(|o| training::access::association_of(&o))
                    == Some(s.association_id)
            }
            None => false,
        };
        let p = p.filter(|_| in_association).or_not_found_at(
            "/person_id",
            "无此人员",
            "no such person",
        )?;
        let Some(user_id) = p.user_id else {
            return Err(ExamsError::field(
                "/person_id",
                "no_account",
                "该人员没有平台账号,无法履职",
                "the person has no account to act through",
            ));
        };
        let c = class::Entity::find_by_id(s.class_id)
            .one(&txn)
            .await?
            .ok_or(ExamsError::not_found(noun::CLASS))?;
        if Self::teaches(&txn, &c, &p).await? {
            return Err(ex_06().into());
        }
        if input.duty == Duty::Proctor {
            for (_, cp) in self.roster_persons(&txn, s.id).await? {
                if self.conflicted(&p, &cp).await? {
                    return Err(ex_07(&cp.name).into());
                }
            }
        }
        if input.duty == Duty::Evaluator {
            self.require_qualified(&p, &s).await?;
        }
        let now = self.dir().clock.now();
        let row = staff::ActiveModel {
            id: Set(Uuid::now_v7()),
            sitting_id: Set(s.id),
            person_id: Set(p.id),
            user_id: Set(user_id),
            duty: Set(input.duty),
            assigned_by: Set(actor.id()),
            assigned_at: Set(now),
        }
        .insert(&txn)
        .await
        .map_err(ExamsError::on_unique(
            "already_assigned",
            "该人员已担任此职责",
            "the person already holds this duty here",
        ))?;
        AuditEntry::new("exam_staff.assign", "exam_sitting", s.id)
            .in_org(s.association_id)
            .change(json!({"person_id": p.id, "duty": row.duty.as_str()}))
            .record(&txn, actor, now)
            .await?;
        txn.commit().await?;
        Ok(StaffMember {
            id: row.id,
            sitting_id: s.id,
            person_id: p.id,
            name: p.name,
            duty: row.duty,
            assigned_at: now,
        })
    }

    async fn roster_persons<C: ConnectionTrait>(
        &self,
        conn: &C,
        sitting_id: Uuid,
    ) -> Result<Vec<(candidate::Model, person::Model)>> {
        let rows = candidate::Entity::find()
            .filter(candidate::Column::SittingId.eq(sitting_id))
            .all(conn)
            .await?;
        let mut persons = crate::persons_by_id(conn, rows.iter().map(|c| c.person_id)).await?;
        Ok(rows
            .into_iter()
            .filter_map(|c| {
                let p = persons.remove(&c.person_id)?;
                Some((c, p))
            })
            .collect())
    }

    /// The sitting's staff, by duty then name order of assignment.
    pub async fn list_staff(&self, actor: &Actor, sitting_id: Uuid) -> Result<Vec<StaffMember>> {
        let s = self.get_sitting(actor, sitting_id).await?;
        let db = &self.dir().db;
        let rows = staff::Entity::find()
            .filter(staff::Column::SittingId.eq(s.id))
            .order_by_asc(staff::Column::Duty)
            .order_by_asc(staff::Column::Id)
            .all(db)
            .await?;
        let persons = crate::persons_by_id(db, rows.iter().map(|r| r.person_id)).await?;
        Ok(rows
            .into_iter()
            .map(|r| StaffMember {
                name: persons
                    .get(&r.person_id)
                    .map(|p| p.name.clone())
                    .unwrap_or_default(),
                id: r.id,
                sitting_id: r.sitting_id,
                person_id: r.person_id,
                duty: r.duty,
                assigned_at: r.assigned_at,
            })
            .collect())
    }

    /// EX-07 for a trainee joining the roster after its proctors were assigned: refused while a
    /// proctor of the sitting works with the trainee or declared a relation (reassign the
    /// proctor first, `DELETE /exam-staff/{id}`).
    pub(crate) async fn proctor_conflict<C: ConnectionTrait>(
        &self,
        conn: &C,
        sitting_id: Uuid,
        person_id: Uuid,
    ) -> Result<Option<RuleViolation>> {
        let proctors = staff::Entity::find()
            .filter(staff::Column::SittingId.eq(sitting_id))
            .filter(staff::Column::Duty.eq(Duty::Proctor))
            .all(conn)
            .await?;
        if proctors.is_empty() {
            return Ok(None);
        }
        let Some(trainee) = person::Entity::find_by_id(person_id).one(conn).await? else {
            return Ok(None);
        };
        for p in crate::persons_by_id(conn, proctors.iter().map(|p| p.person_id))
            .await?
            .values()
        {
            if self.conflicted(p, &trainee).await? {
                return Ok(Some(ex_07(&trainee.name)));
            }
        }
        Ok(None)
    }

    /// Takes a person off a sitting's staff (before the results): an evaluator who has marked
    /// or scored anyone stays, and one still assigned to candidates is taken off them.
    pub async fn remove_staff(&self, actor: &Actor, staff_id: Uuid) -> Result<()> {
        let txn = begin_write(&self.dir().db).await?;
        let row = staff::Entity::find_by_id(staff_id)
            .one(&txn)
            .await?
            .ok_or(ExamsError::not_found(noun::STAFF))?;
        let s = Self::run_sitting(&txn, actor, row.sitting_id)
            .await
            .map_err(|_| ExamsError::not_found(noun::STAFF))?;
        if s.status == crate::model::SittingStatus::ResultsPublished {
            return Err(ExamsError::conflict(
                "results_out",
                "成绩已发布,考试人员不再变更",
                "results are out: the staff is fixed",
            ));
        }
        if row.duty == Duty::Evaluator {
            let marked = mark::Entity::find()
                .filter(mark::Column::MarkerId.eq(row.person_id))
                .filter(
                    mark::Column::AttemptId.in_subquery(
                        attempt::Entity::find()
                            .select_only()
                            .column(attempt::Column::Id)
                            .filter(attempt::Column::SittingId.eq(s.id))
                            .into_query(),
                    ),
                )
                .one(&txn)
                .await?
                .is_some()
                || practical_score::Entity::find()
                    .filter(practical_score::Column::EvaluatorId.eq(row.person_id))
                    .filter(
                        practical_score::Column::CandidateId.in_subquery(
                            candidate::Entity::find()
                                .select_only()
                                .column(candidate::Column::Id)
                                .filter(candidate::Column::SittingId.eq(s.id))
                                .into_query(),
                        ),
                    )
                    .one(&txn)
                    .await?
                    .is_some();
            if marked {
                return Err(ExamsError::conflict(
                    "has_marked",
                    "该考评员已评分,不能撤下",
                    "the evaluator has marked candidates and stays on record",
                ));
            }
            for col in [
                candidate::Column::EvaluatorId,
                candidate::Column::SecondEvaluatorId,
                candidate::Column::ThirdEvaluatorId,
            ] {
                candidate::Entity::update_many()
                    .col_expr(col, Expr::value(Option::<Uuid>::None))
                    .filter(candidate::Column::SittingId.eq(s.id))
                    .filter(col.eq(row.person_id))
                    .exec(&txn)
                    .await?;
            }
        }
        let now = self.dir().clock.now();
        AuditEntry::new("exam_staff.remove", "exam_sitting", s.id)
            .in_org(s.association_id)
            .change(json!({"person_id": row.person_id, "duty": row.duty.as_str()}))
            .record(&txn, actor, now)
            .await?;
        staff::Entity::delete_by_id(row.id).exec(&txn).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Assigns one of the sitting's evaluators to a candidate (EX-07: not their own
    /// organization's, not a declared relation).
    pub async fn assign_evaluator(
        &self,
        actor: &Actor,
        candidate_id: Uuid,
        input: EvaluatorIn,
    ) -> Result<crate::sittings::Candidate> {
        checked(&input, vec![])?;
        let txn = begin_write(&self.dir().db).await?;
        let c = candidate::Entity::find_by_id(candidate_id)
            .one(&txn)
            .await?
            .ok_or(ExamsError::not_found(noun::CANDIDATE))?;
        let s = Self::run_sitting(&txn, actor, c.sitting_id)
            .await
            .map_err(|_| ExamsError::not_found(noun::CANDIDATE))?;
        let on_staff = staff::Entity::find()
            .filter(staff::Column::SittingId.eq(s.id))
            .filter(staff::Column::PersonId.eq(input.person_id))
            .filter(staff::Column::Duty.eq(Duty::Evaluator))
            .one(&txn)
            .await?
            .or_not_found_at(
                "/person_id",
                "该人员不是本场考试的考评员",
                "the person is not an evaluator of this sitting",
            )?;
        let evaluator = person::Entity::find_by_id(on_staff.person_id)
            .one(&txn)
            .await?
            .ok_or(ExamsError::not_found(noun::PERSON))?;
        let cp = person::Entity::find_by_id(c.person_id)
            .one(&txn)
            .await?
            .ok_or(ExamsError::not_found(noun::PERSON))?;
        if self.conflicted(&evaluator, &cp).await? {
            return Err(ex_07(&cp.name).into());
        }
        let others = [c.evaluator_id, c.second_evaluator_id, c.third_evaluator_id];
        let slot_index = input.slot as usize;
        if others
            .iter()
            .enumerate()
            .any(|(i, o)| i != slot_index && *o == Some(evaluator.id))
        {
            return Err(ExamsError::field(
                "/person_id",
                "same_marker",
                "同一考生的几位考评员须为不同的人",
                "a candidate's markers are different people",
            ));
        }
        let now = self.dir().clock.now();
        let mut am: candidate::ActiveModel = c.into();
        match input.slot {
            Slot::First => am.evaluator_id = Set(Some(evaluator.id)),
            Slot::Second => am.second_evaluator_id = Set(Some(evaluator.id)),
            Slot::Third => am.third_evaluator_id = Set(Some(evaluator.id)),
        }
        let c = am.update(&txn).await?;
        AuditEntry::new("exam_candidate.assign_evaluator", "exam_candidate", c.id)
            .in_org(s.association_id)
            .change(json!({"person_id": evaluator.id, "slot": input.slot}))
            .record(&txn, actor, now)
            .await?;
        txn.commit().await?;
        Ok(crate::sittings::to_candidate(c, Some(&cp)))
    }
}
