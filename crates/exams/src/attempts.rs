//! The online theory attempt. The server owns the clock: an attempt starts inside the
//! sitting's window, its deadline is the start plus the paper's duration, capped by the
//! window's end, and a save or a submission after it is refused. Answers autosave one question
//! at a time with the client's counter (`seq`): the database keeps the highest, so a late
//! retry of an older save never overwrites a newer answer, and no row is shared between
//! candidates. Objective questions are marked at submission; short answers wait for the
//! evaluators. Attempts past their deadline are submitted by the server (`close_overdue`).

use crate::Exams;
use crate::banks::options_of;
use crate::entity::{
    answer, attempt, attempt_item, candidate, incident, question_version, sitting,
};
use crate::error::{ExamsError, Result, noun};
use crate::fees::require_retake_fee;
use crate::model::{AttemptStatus, Consequence, ExamOutcome, QuestionKind};
use directory::entity::person;
use kernel::audit::AuditEntry;
use kernel::db::{begin_write, rows_by_id};
use kernel::{Actor, FieldError};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::HashMap;
use time::{Duration, OffsetDateTime};
use utoipa::ToSchema;
use uuid::Uuid;

/// A candidate's answer to one question; its kind is the question's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Response {
    SingleChoice { choice: u8 },
    MultipleChoice { choices: Vec<u8> },
    TrueFalse { value: bool },
    FillBlank { blanks: Vec<String> },
    ShortAnswer { text: String },
}

impl Response {
    fn kind(&self) -> QuestionKind {
        match self {
            Response::SingleChoice { .. } => QuestionKind::SingleChoice,
            Response::MultipleChoice { .. } => QuestionKind::MultipleChoice,
            Response::TrueFalse { .. } => QuestionKind::TrueFalse,
            Response::FillBlank { .. } => QuestionKind::FillBlank,
            Response::ShortAnswer { .. } => QuestionKind::ShortAnswer,
        }
    }

    /// What is wrong with it for this question.
    fn problems(&self, kind: QuestionKind, options: usize) -> Vec<FieldError> {
        let mut out = Vec::new();
        if self.kind() != kind {
            out.push(FieldError::new(
                "/response/kind",
                "kind",
                "答案类型与题型不符",
                "the answer's kind is not the question's",
            ));
            return out;
        }
        let bad_choice = |c: &u8| usize::from(*c) >= options;
        let too_long = |s: &String| s.chars().count() > 10_000 || s.contains('\0');
        let bad = match self {
            Response::SingleChoice { choice } => bad_choice(choice),
            Response::MultipleChoice { choices } => {
                choices.len() > options || choices.iter().any(bad_choice)
            }
            Response::TrueFalse { .. } => false,
            Response::FillBlank { blanks } => blanks.len() > 10 || blanks.iter().any(too_long),
            Response::ShortAnswer { text } => too_long(text),
        };
        if bad {
            out.push(FieldError::new(
                "/response",
                "invalid",
                "答案超出题目的范围(选项不存在、空太多或文字超过一万字)",
                "the answer does not fit the question (no such option, too many blanks, or over 10,000 characters)",
            ));
        }
        out
    }
}

/// A saved answer.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SavedAnswer {
    pub position: i32,
    /// The highest save counter the server holds for this question.
    pub seq: i64,
    pub response: Response,
}

/// One question as the candidate sees it (no key).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Asked {
    pub position: i32,
    pub kind: QuestionKind,
    pub stem: String,
    pub options: Vec<String>,
    pub points: i32,
}

/// The attempt as its candidate reads it: the paper as drawn, what is saved, and the clock.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AttemptView {
    pub id: Uuid,
    pub sitting_id: Uuid,
    pub status: AttemptStatus,
    #[serde(with = "kernel::utc")]
    #[schema(value_type = String, format = DateTime)]
    pub started_at: OffsetDateTime,
    #[serde(with = "kernel::utc")]
    #[schema(value_type = String, format = DateTime)]
    pub deadline: OffsetDateTime,
    /// The server's clock now: the client counts down from `deadline - server_now`.
    #[serde(with = "kernel::utc")]
    #[schema(value_type = String, format = DateTime)]
    pub server_now: OffsetDateTime,
    pub questions: Vec<Asked>,
    pub answers: Vec<SavedAnswer>,
    /// Points of the objective questions once submitted.
    pub objective_points: Option<i32>,
    pub max_points: i32,
}

/// One autosave.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerIn {
    /// The client's counter for this attempt, increasing with every save (1 or more).
    pub seq: i64,
    pub response: Response,
}

/// What a save did.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SaveOutcome {
    pub position: i32,
    /// The counter the server holds now.
    pub seq: i64,
    /// False when a newer save was already held (this one was older and changed nothing).
    pub applied: bool,
    #[serde(with = "kernel::utc")]
    #[schema(value_type = String, format = DateTime)]
    pub server_now: OffsetDateTime,
    #[serde(with = "kernel::utc")]
    #[schema(value_type = String, format = DateTime)]
    pub deadline: OffsetDateTime,
}

/// A sitting as its candidate sees it in "my exams".
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MyExam {
    pub sitting_id: Uuid,
    pub candidate_id: Uuid,
    pub title: String,
    #[serde(with = "kernel::utc")]
    #[schema(value_type = String, format = DateTime)]
    pub opens_at: OffsetDateTime,
    #[serde(with = "kernel::utc")]
    #[schema(value_type = String, format = DateTime)]
    pub closes_at: OffsetDateTime,
    pub place: Option<String>,
    pub duration_minutes: i32,
    pub attempt_no: i32,
    pub attempt_id: Option<Uuid>,
    pub attempt_status: Option<AttemptStatus>,
    /// Once results are out.
    pub outcome: Option<ExamOutcome>,
    pub theory_score: Option<i32>,
    pub practical_score: Option<i32>,
}

fn deadline_passed() -> ExamsError {
    ExamsError::conflict(
        "deadline_passed",
        "考试时间已到,答卷已提交",
        "time is up: the paper has been handed in",
    )
}

/// An attempt's questions in paper order, with the question versions they were drawn at: what
/// the candidate's view shows and what the hand-in scores.
pub(crate) async fn paper_of<C: ConnectionTrait>(
    conn: &C,
    attempt_id: Uuid,
) -> Result<(
    Vec<attempt_item::Model>,
    HashMap<Uuid, question_version::Model>,
)> {
    let items = attempt_item::Entity::find()
        .filter(attempt_item::Column::AttemptId.eq(attempt_id))
        .order_by_asc(attempt_item::Column::Position)
        .all(conn)
        .await?;
    let versions = rows_by_id::<question_version::Entity, _>(
        conn,
        question_version::Column::Id,
        items.iter().map(|i| i.question_version_id),
    )
    .await?;
    Ok((items, versions))
}

impl Exams {
    /// The person the actor is (a candidate acts as themself).
    async fn own_person<C: ConnectionTrait>(
        conn: &C,
        actor: &Actor,
    ) -> Result<Option<person::Model>> {
        let Some(uid) = actor.user_id() else {
            return Ok(None);
        };
        Ok(person::Entity::find()
            .filter(person::Column::UserId.eq(uid))
            .one(conn)
            .await?)
    }

    /// An attempt of the actor's own; anyone else's is not found.
    async fn own_attempt<C: ConnectionTrait>(
        conn: &C,
        actor: &Actor,
        id: Uuid,
        lock: bool,
    ) -> Result<attempt::Model> {
        let mut q = attempt::Entity::find_by_id(id);
        if lock {
            q = q.lock_exclusive();
        }
        let a = q
            .one(conn)
            .await?
            .ok_or(ExamsError::not_found(noun::ATTEMPT))?;
        let mine = match actor.user_id() {
            Some(uid) => person::Entity::find_by_id(a.person_id)
                .filter(person::Column::UserId.eq(uid))
                .one(conn)
                .await?
                .is_some(),
            None => false,
        };
        if mine {
            Ok(a)
        } else {
            Err(ExamsError::not_found(noun::ATTEMPT))
        }
    }

    /// The sittings the actor is a candidate of, newest window first.
    pub async fn my_exams(&self, actor: &Actor) -> Result<Vec<MyExam>> {
        let db = &self.dir().db;
        let Some(p) = Self::own_person(db, actor).await? else {
            return Ok(vec![]);
        };
        let candidates = candidate::Entity::find()
            .filter(candidate::Column::PersonId.eq(p.id))
            .all(db)
            .await?;
        let ids: Vec<Uuid> = candidates.iter().map(|c| c.id).collect();
        let sittings: HashMap<Uuid, sitting::Model> = rows_by_id::<sitting::Entity, _>(
            db,
            sitting::Column::Id,
            candidates.iter().map(|c| c.sitting_id),
        )
        .await?;
        let attempts: HashMap<Uuid, attempt::Model> = attempt::Entity::find()
            .filter(attempt::Column::CandidateId.is_in(ids.clone()))
            .all(db)
            .await?
            .into_iter()
            .map(|a| (a.candidate_id, a))
            .collect();
        let results: HashMap<Uuid, crate::entity::result::Model> =
            crate::entity::result::Entity::find()
                .filter(crate::entity::result::Column::CandidateId.is_in(ids))
                .all(db)
                .await?
                .into_iter()
                .map(|r| (r.candidate_id, r))
                .collect();
        let papers: HashMap<Uuid, i32> = crate::entity::paper::Entity::find()
            .select_only()
            .column(crate::entity::paper::Column::Id)
            .column(crate::entity::paper::Column::DurationMinutes)
            .filter(crate::entity::paper::Column::Id.is_in(sittings.values().map(|s| s.paper_id)))
            .into_tuple::<(Uuid, i32)>()
            .all(db)
            .await?
            .into_iter()
            .collect();
        let mut out = Vec::new();
        for c in candidates {
            let Some(s) = sittings.get(&c.sitting_id) else {
                continue;
            };
            let duration_minutes = papers.get(&s.paper_id).copied().unwrap_or_default();
            let a = attempts.get(&c.id);
            let r = results.get(&c.id);
            out.push(MyExam {
                sitting_id: s.id,
                candidate_id: c.id,
                title: s.title.clone(),
                opens_at: s.opens_at,
                closes_at: s.closes_at,
                place: s.place.clone(),
                duration_minutes,
                attempt_no: c.attempt_no,
                attempt_id: a.map(|a| a.id),
                attempt_status: a.map(|a| a.status),
                outcome: r.map(|r| r.outcome),
                theory_score: r.map(|r| r.theory_score),
                practical_score: r.and_then(|r| r.practical_score),
            });
        }
        out.sort_by_key(|e| std::cmp::Reverse(e.opens_at));
        Ok(out)
    }

    /// Starts (or resumes) the actor's attempt at a sitting: inside the window, still eligible
    /// (EX-11), the retake's fee paid when one is due (EX-02), not disqualified.
    pub async fn start_attempt(&self, actor: &Actor, sitting_id: Uuid) -> Result<AttemptView> {
        let txn = begin_write(&self.dir().db).await?;
        let p = Self::own_person(&txn, actor)
            .await?
            .ok_or(ExamsError::not_found(noun::SITTING))?;
        let c = candidate::Entity::find()
            .filter(candidate::Column::SittingId.eq(sitting_id))
            .filter(candidate::Column::PersonId.eq(p.id))
            .one(&txn)
            .await?
            .ok_or(ExamsError::not_found(noun::SITTING))?;
        if let Some(a) = attempt::Entity::find()
            .filter(attempt::Column::CandidateId.eq(c.id))
            .one(&txn)
            .await?
        {
            let a = self.close_if_overdue(&txn, a).await?;
            let view = self.view(&txn, a).await?;
            txn.commit().await?;
            return Ok(view);
        }
        let s = sitting::Entity::find_by_id(sitting_id)
            .one(&txn)
            .await?
            .ok_or(ExamsError::not_found(noun::SITTING))?;
        let now = self.dir().clock.now();
        if now < s.opens_at {
            return Err(ExamsError::conflict(
                "not_open",
                "考试尚未开始",
                "the exam has not opened yet",
            ));
        }
        if now >= s.closes_at || s.status != crate::model::SittingStatus::Planned {
            return Err(ExamsError::conflict(
                "closed",
                "考试已结束",
                "the exam has closed",
            ));
        }
        let e = training::entity::enrolment::Entity::find_by_id(c.enrolment_id)
            .one(&txn)
            .await?
            .ok_or(ExamsError::not_found(noun::ENROLMENT))?;
        if let Some(bar) = self.exam_bars(&txn, &e, &s).await?.into_iter().next() {
            return Err(bar.into());
        }
        require_retake_fee(&c)?;
        let barred = incident::Entity::find()
            .filter(incident::Column::CandidateId.eq(c.id))
            .filter(incident::Column::Consequence.ne(Consequence::Warning))
            .one(&txn)
            .await?;
        if barred.is_some() {
            return Err(ExamsError::conflict(
                "disqualified",
                "已被取消本场考试资格",
                "disqualified from this sitting",
            ));
        }
        let paper = Self::paper_of(&txn, &s).await?;
        let seed: i64 = rand::random();
        let drawn = self.paper_for(&txn, &paper, seed).await?;
        let deadline = std::cmp::min(
            now + Duration::minutes(i64::from(paper.duration_minutes)),
            s.closes_at,
        );
        let a = attempt::ActiveModel {
            id: Set(Uuid::now_v7()),
            sitting_id: Set(s.id),
            candidate_id: Set(c.id),
            person_id: Set(p.id),
            seed: Set(seed),
            started_at: Set(now),
            deadline: Set(deadline),
            submitted_at: Set(None),
            status: Set(AttemptStatus::Started),
            objective_points: Set(None),
            max_points: Set(drawn.iter().map(|d| d.points).sum()),
            version: Set(1),
        }
        .insert(&txn)
        .await
        .map_err(ExamsError::on_unique(
            "already_started",
            "已开始答题",
            "the attempt has already started",
        ))?;
        let items: Vec<attempt_item::ActiveModel> = drawn
            .iter()
            .enumerate()
            .map(|(i, d)| attempt_item::ActiveModel {
                id: Set(Uuid::now_v7()),
                attempt_id: Set(a.id),
                position: Set(i32::try_from(i).unwrap_or(i32::MAX - 1) + 1),
                question_version_id: Set(d.question_version_id),
                points: Set(d.points),
            })
            .collect();
        if !items.is_empty() {
            attempt_item::Entity::insert_many(items).exec(&txn).await?;
        }
        AuditEntry::new("exam_attempt.start", "exam_attempt", a.id)
            .in_org(s.association_id)
            .change(json!({"sitting_id": s.id, "deadline": deadline.to_string(), "seed": seed}))
            .record(&txn, actor, now)
            .await?;
        let view = self.view(&txn, a).await?;
        txn.commit().await?;
        Ok(view)
    }

    /// The actor's attempt (a submitted one past its deadline is closed first).
    pub async fn get_attempt(&self, actor: &Actor, id: Uuid) -> Result<AttemptView> {
        let txn = begin_write(&self.dir().db).await?;
        let a = Self::own_attempt(&txn, actor, id, true).await?;
        let a = self.close_if_overdue(&txn, a).await?;
        let view = self.view(&txn, a).await?;
        txn.commit().await?;
        Ok(view)
    }

    async fn view<C: ConnectionTrait>(&self, conn: &C, a: attempt::Model) -> Result<AttemptView> {
        let (items, versions) = paper_of(conn, a.id).await?;
        let questions = items
            .iter()
            .filter_map(|i| {
                let v = versions.get(&i.question_version_id)?;
                Some(Asked {
                    position: i.position,
                    kind: v.kind,
                    stem: v.stem.clone(),
                    options: options_of(v),
                    points: i.points,
                })
            })
            .collect();
        let answers = answer::Entity::find()
            .filter(answer::Column::AttemptId.eq(a.id))
            .order_by_asc(answer::Column::Position)
            .all(conn)
            .await?
            .into_iter()
            .filter_map(|r| {
                Some(SavedAnswer {
                    position: r.position,
                    seq: r.seq,
                    response: serde_json::from_value(r.response).ok()?,
                })
            })
            .collect();
        Ok(AttemptView {
            id: a.id,
            sitting_id: a.sitting_id,
            status: a.status,
            started_at: a.started_at,
            deadline: a.deadline,
            server_now: self.dir().clock.now(),
            questions,
            answers,
            objective_points: a.objective_points,
            max_points: a.max_points,
        })
    }

    /// Autosaves one answer. The newest save (highest `seq`) wins whatever order saves
    /// arrive in; after the deadline nothing is saved.
    pub async fn save_answer(
        &self,
        actor: &Actor,
        id: Uuid,
        position: i32,
        input: AnswerIn,
    ) -> Result<SaveOutcome> {
        if input.seq < 1 {
            return Err(ExamsError::field(
                "/seq",
                "range",
                "保存序号从1起",
                "the save counter starts at 1",
            ));
        }
        let txn = begin_write(&self.dir().db).await?;
        // Locked (PostgreSQL): a submission of the same attempt waits for this save, or this
        // save sees the submission — no answer lands after its paper was marked.
        let a = Self::own_attempt(&txn, actor, id, true).await?;
        let now = self.dir().clock.now();
        if !a.status.open() {
            return Err(deadline_passed());
        }
        if now >= a.deadline {
            self.close_if_overdue(&txn, a).await?;
            txn.commit().await?;
            return Err(deadline_passed());
        }
        let item = attempt_item::Entity::find()
            .filter(attempt_item::Column::AttemptId.eq(a.id))
            .filter(attempt_item::Column::Position.eq(position))
            .one(&txn)
            .await?
            .ok_or(ExamsError::not_found(noun::QUESTION))?;
        let v = question_version::Entity::find_by_id(item.question_version_id)
            .one(&txn)
            .await?
            .ok_or(ExamsError::not_found(noun::QUESTION))?;
        let problems = input.response.problems(v.kind, options_of(&v).len());
        if !problems.is_empty() {
            return Err(ExamsError::invalid(problems));
        }
        let excluded_seq = Expr::col((Alias::new("excluded"), answer::Column::Seq));
        answer::Entity::insert(answer::ActiveModel {
            attempt_id: Set(a.id),
            position: Set(position),
            seq: Set(input.seq),
            response: Set(json!(input.response)),
            saved_at: Set(now),
        })
        .on_conflict(
            OnConflict::columns([answer::Column::AttemptId, answer::Column::Position])
                .update_columns([
                    answer::Column::Seq,
                    answer::Column::Response,
                    answer::Column::SavedAt,
                ])
                .action_and_where(Expr::col((answer::Entity, answer::Column::Seq)).lt(excluded_seq))
                .to_owned(),
        )
        .exec_without_returning(&txn)
        .await?;
        let held = answer::Entity::find_by_id((a.id, position))
            .one(&txn)
            .await?
            .map(|r| r.seq)
            .unwrap_or(input.seq);
        txn.commit().await?;
        Ok(SaveOutcome {
            position,
            seq: held,
            applied: held == input.seq,
            server_now: now,
            deadline: a.deadline,
        })
    }

    /// The candidate hands the paper in: objective questions are marked at once.
    pub async fn submit_attempt(&self, actor: &Actor, id: Uuid) -> Result<AttemptView> {
        let txn = begin_write(&self.dir().db).await?;
        let a = Self::own_attempt(&txn, actor, id, true).await?;
        if !a.status.open() {
            return Err(ExamsError::conflict(
                "submitted",
                "答卷已提交",
                "the paper is already handed in",
            ));
        }
        let now = self.dir().clock.now();
        let a = if now >= a.deadline {
            self.close_if_overdue(&txn, a).await?
        } else {
            self.hand_in(&txn, Some(actor), a, AttemptStatus::Submitted, now)
                .await?
        };
        let view = self.view(&txn, a).await?;
        txn.commit().await?;
        Ok(view)
    }
}
