//! Papers (EX-01): a theory part, open-book or closed-book, either a fixed list of questions
//! or drawn for each candidate from a blueprint (so many questions of a kind, topic and
//! difficulty, so many points each), and a practical part as stations scored on a checklist.
//! A draw is reproducible: the seed is stored with the attempt and the same pool and seed
//! draw the same paper; the drawn list is stored too, as the paper the candidate took (EX-10).

use crate::Exams;
use crate::access::{Purpose, holds_somewhere, orgs_with};
use crate::banks::{Question, options_of};
use crate::entity::{bank, paper, paper_item, question, question_version};
use crate::error::{ExamsError, Result, checked, noun};
use crate::model::{BookMode, PaperMode, QuestionKind};
use kernel::audit::AuditEntry;
use kernel::db::{begin_write, rows_by_id};
use kernel::refusal::FoundAt;
use kernel::{Actor, FieldError};
use rand::SeedableRng;
use rand::seq::index::sample;
use rand_chacha::ChaCha8Rng;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::HashMap;
use training::entity::course;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

/// The pass mark when the programme sets none (EX-01: 60 of 100).
pub const DEFAULT_PASS_MARK: i32 = 60;

/// One row of a drawn paper's blueprint: `count` questions of `kind` (of `topic` and
/// `difficulty` when given), `points` each.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BlueprintRow {
    pub kind: QuestionKind,
    #[serde(default)]
    #[validate(custom(function = "kernel::text::optional_text_50"))]
    pub topic: Option<String>,
    #[serde(default)]
    #[validate(range(min = 1, max = 5))]
    pub difficulty: Option<i32>,
    #[validate(range(min = 1, max = 200))]
    pub count: i32,
    #[validate(range(min = 1, max = 100))]
    pub points: i32,
}

/// One item of a practical station's scoring checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckItem {
    /// e.g. 正确使用测厚仪.
    #[validate(custom(function = "kernel::text::required_text_200"))]
    pub item: String,
    #[validate(range(min = 1, max = 100))]
    pub points: i32,
}

/// A practical station and its checklist (EX-01, TR-19).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Station {
    #[validate(custom(function = "kernel::text::required_text_100"))]
    pub name: String,
    #[validate(length(min = 1, max = 30), nested)]
    pub checklist: Vec<CheckItem>,
}

impl Station {
    pub fn max_points(&self) -> i32 {
        self.checklist.iter().map(|c| c.points).sum()
    }
}

/// A question of a fixed paper.
#[derive(Debug, Clone, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PaperItemIn {
    pub question_id: Uuid,
    /// The question's own points when absent.
    #[serde(default)]
    #[validate(range(min = 1, max = 100))]
    pub points: Option<i32>,
}

/// A new paper.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PaperIn {
    pub bank_id: Uuid,
    #[validate(custom(function = "kernel::text::required_text_100"))]
    pub title: String,
    /// The programme (course) it examines; its association's bans (EX-04) apply.
    #[serde(default)]
    pub course_id: Option<Uuid>,
    pub book: BookMode,
    pub mode: PaperMode,
    /// 10–600 minutes.
    #[validate(range(min = 10, max = 600))]
    pub duration_minutes: i32,
    /// Out of 100; 60 when absent.
    #[serde(default)]
    #[validate(range(min = 1, max = 100))]
    pub pass_mark: Option<i32>,
    /// A fixed paper's questions, in order.
    #[serde(default)]
    #[validate(length(max = 300), nested)]
    pub items: Vec<PaperItemIn>,
    /// A drawn paper's blueprint.
    #[serde(default)]
    #[validate(length(max = 50), nested)]
    pub blueprint: Vec<BlueprintRow>,
    /// The practical part; none for a theory-only exam.
    #[serde(default)]
    #[validate(length(max = 20), nested)]
    pub stations: Vec<Station>,
    /// A skill-level exam (技能等级考试): even the first retake needs a new exam fee (EX-02).
    #[serde(default)]
    pub skill_level: bool,
    /// Short answers marked by two evaluators (a third when they differ by more than
    /// `tolerance` points).
    #[serde(default)]
    pub double_marking: bool,
    #[serde(default = "default_tolerance")]
    #[validate(range(min = 0, max = 100))]
    pub tolerance: i32,
}

fn default_tolerance() -> i32 {
    5
}

/// One question of a fixed paper, at the version it was built with.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PaperItem {
    pub position: i32,
    pub question_version_id: Uuid,
    pub points: i32,
}

/// A paper as its keepers read it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Paper {
    pub id: Uuid,
    pub bank_id: Uuid,
    pub owner_id: Uuid,
    pub title: String,
    pub course_id: Option<Uuid>,
    pub book: BookMode,
    pub mode: PaperMode,
    pub duration_minutes: i32,
    pub pass_mark: i32,
    pub items: Vec<PaperItem>,
    pub blueprint: Vec<BlueprintRow>,
    pub stations: Vec<Station>,
    pub skill_level: bool,
    pub double_marking: bool,
    pub tolerance: i32,
    /// The theory part's points (every candidate's drawn paper has the same).
    pub theory_points: i32,
    pub version: i32,
}

/// `GET /exam-papers/{id}/draw`: which seed to draw with.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct DrawParams {
    /// The seed (a candidate's attempt stores its own); 0 when absent.
    pub seed: Option<i64>,
}

/// One drawn question: what an attempt stores as the paper taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drawn {
    pub question_version_id: Uuid,
    pub points: i32,
}

pub(crate) fn blueprint_of(p: &paper::Model) -> Vec<BlueprintRow> {
    serde_json::from_value(p.blueprint.clone()).unwrap_or_default()
}

pub(crate) fn stations_of(p: &paper::Model) -> Vec<Station> {
    serde_json::from_value(p.stations.clone()).unwrap_or_default()
}

/// Draws a paper from `pool` (the bank's current, unretired versions) by `blueprint` with
/// `seed`. The pool is ordered by question id first, so the draw depends only on the pool and
/// the seed; a question is drawn at most once.
pub fn draw(blueprint: &[BlueprintRow], pool: &[question_version::Model], seed: i64) -> Vec<Drawn> {
    let mut pool: Vec<&question_version::Model> = pool.iter().collect();
    pool.sort_by_key(|v| v.question_id);
    let mut rng = ChaCha8Rng::seed_from_u64(seed as u64);
    let mut taken: Vec<Uuid> = Vec::new();
    let mut out = Vec::new();
    for row in blueprint {
        let fits: Vec<&&question_version::Model> = pool
            .iter()
            .filter(|v| matches_row(row, v) && !taken.contains(&v.question_id))
            .collect();
        let n = usize::try_from(row.count).unwrap_or(0).min(fits.len());
        let mut picked: Vec<usize> = sample(&mut rng, fits.len(), n).into_vec();
        picked.sort_unstable();
        for i in picked {
            taken.push(fits[i].question_id);
            out.push(Drawn {
                question_version_id: fits[i].id,
                points: row.points,
            });
        }
    }
    out
}

fn matches_row(row: &BlueprintRow, v: &question_version::Model) -> bool {
    v.kind == row.kind
        && row.topic.as_ref().is_none_or(|t| *t == v.topic)
        && row.difficulty.is_none_or(|d| d == v.difficulty)
}

/// The bank's questions at their current versions, retired ones left out: what a drawn paper
/// draws from.
pub(crate) async fn pool<C: ConnectionTrait>(
    conn: &C,
    bank_id: Uuid,
) -> Result<Vec<question_version::Model>> {
    let current: HashMap<Uuid, i32> = question::Entity::find()
        .filter(question::Column::BankId.eq(bank_id))
        .filter(question::Column::RetiredAt.is_null())
        .all(conn)
        .await?
        .into_iter()
        .map(|q| (q.id, q.current_version))
        .collect();
    Ok(question_version::Entity::find()
        .filter(question_version::Column::BankId.eq(bank_id))
        .all(conn)
        .await?
        .into_iter()
        .filter(|v| current.get(&v.question_id) == Some(&v.version))
        .collect())
}

impl Exams {
    /// A paper the actor keeps (EX-09); anyone else is told there is none.
    pub(crate) async fn kept_paper<C: ConnectionTrait>(
        conn: &C,
        actor: &Actor,
        id: Uuid,
    ) -> Result<paper::Model> {
        let p = paper::Entity::find_by_id(id)
            .one(conn)
            .await?
            .ok_or(ExamsError::not_found(noun::PAPER))?;
        Self::kept_bank(conn, actor, p.bank_id)
            .await
            .map_err(|_| ExamsError::not_found(noun::PAPER))?;
        Ok(p)
    }

    pub(crate) async fn paper_out<C: ConnectionTrait>(conn: &C, p: paper::Model) -> Result<Paper> {
        Ok(Self::papers_out(conn, vec![p]).await?.remove(0))
    }

    /// Papers with their fixed questions, in the order given: one statement for all the
    /// papers' questions, however many papers.
    pub(crate) async fn papers_out<C: ConnectionTrait>(
        conn: &C,
        papers: Vec<paper::Model>,
    ) -> Result<Vec<Paper>> {
        let mut items: HashMap<Uuid, Vec<PaperItem>> = HashMap::new();
        for i in paper_item::Entity::find()
            .filter(paper_item::Column::PaperId.is_in(papers.iter().map(|p| p.id)))
            .order_by_asc(paper_item::Column::Position)
            .all(conn)
            .await?
        {
            items.entry(i.paper_id).or_default().push(PaperItem {
                position: i.position,
                question_version_id: i.question_version_id,
                points: i.points,
            });
        }
        Ok(papers
            .into_iter()
            .map(|p| {
                let own = items.remove(&p.id).unwrap_or_default();
                to_paper(p, own)
            })
            .collect())
    }
}

/// A paper as answered, from its row and its fixed questions.
fn to_paper(p: paper::Model, items: Vec<PaperItem>) -> Paper {
    let blueprint = blueprint_of(&p);
    let theory_points = match p.mode {
        PaperMode::Fixed => items.iter().map(|i| i.points).sum(),
        PaperMode::Drawn => blueprint.iter().map(|r| r.count * r.points).sum(),
    };
    Paper {
        stations: stations_of(&p),
        id: p.id,
        bank_id: p.bank_id,
        owner_id: p.owner_id,
        title: p.title,
        course_id: p.course_id,
        book: p.book,
        mode: p.mode,
        duration_minutes: p.duration_minutes,
        pass_mark: p.pass_mark,
        items,
        blueprint,
        skill_level: p.skill_level,
        double_marking: p.double_marking,
        tolerance: p.tolerance,
        theory_points,
        version: p.version,
    }
}

impl Exams {
    /// Builds a paper from one of the actor's banks. A fixed paper names its questions (taken
    /// at their current versions); a drawn one gives a blueprint the bank can fill.
    pub async fn create_paper(&self, actor: &Actor, input: PaperIn) -> Result<Paper> {
        if !holds_somewhere(actor, Purpose::ManageBanks) {
            return Err(ExamsError::forbidden());
        }
        let mut more = Vec::new();
        match input.mode {
            PaperMode::Fixed if input.items.is_empty() => more.push(FieldError::new(
                "/items",
                "required",
                "固定试卷须列出试题",
                "a fixed paper lists its questions",
            )),
            PaperMode::Fixed if !input.blueprint.is_empty() => more.push(FieldError::new(
                "/blueprint",
                "not_allowed",
                "固定试卷没有抽题规则",
                "a fixed paper has no blueprint",
            )),
            PaperMode::Drawn if input.blueprint.is_empty() => more.push(FieldError::new(
                "/blueprint",
                "required",
                "随机抽题试卷须有抽题规则",
                "a drawn paper has a blueprint",
            )),
            PaperMode::Drawn if !input.items.is_empty() => more.push(FieldError::new(
                "/items",
                "not_allowed",
                "随机抽题试卷不列固定试题",
                "a drawn paper lists no fixed questions",
            )),
            _ => {}
        }
        checked(&input, more)?;
        let txn = begin_write(&self.dir().db).await?;
        let b: bank::Model = Self::kept_bank(&txn, actor, input.bank_id)
            .await
            .map_err(|_| {
                ExamsError::field("/bank_id", "not_found", "无此题库", "no such question bank")
            })?;
        if let Some(c) = input.course_id {
            let owner_association = directory::entity::organization::Entity::find_by_id(b.owner_id)
                .one(&txn)
                .await?
                .and_then(|o| training::access::association_of(&o));
            course::Entity::find_by_id(c)
                .one(&txn)
                .await?
                .filter(|c| Some(c.association_id) == owner_association)
                .or_not_found_at("/course_id", "无此课程", "no such course")?;
        }
        let pool = pool(&txn, b.id).await?;
        let mut fixed: Vec<Drawn> = Vec::new();
        for (i, item) in input.items.iter().enumerate() {
            let v = pool
                .iter()
                .find(|v| v.question_id == item.question_id)
                .or_not_found_at(
                    &format!("/items/{i}/question_id"),
                    "题库中无此试题",
                    "no such question in the bank",
                )?;
            fixed.push(Drawn {
                question_version_id: v.id,
                points: item.points.unwrap_or(v.points),
            });
        }
        for (i, row) in input.blueprint.iter().enumerate() {
            let have = pool.iter().filter(|v| matches_row(row, v)).count();
            if have < usize::try_from(row.count).unwrap_or(usize::MAX) {
                return Err(ExamsError::field(
                    &format!("/blueprint/{i}/count"),
                    "not_enough_questions",
                    format!("题库中符合条件的试题只有{have}道"),
                    format!("the bank holds only {have} questions that fit this row"),
                ));
            }
        }
        let now = self.dir().clock.now();
        let p = paper::ActiveModel {
            id: Set(Uuid::now_v7()),
            bank_id: Set(b.id),
            owner_id: Set(b.owner_id),
            title: Set(input.title.trim().to_owned()),
            course_id: Set(input.course_id),
            book: Set(input.book),
            mode: Set(input.mode),
            duration_minutes: Set(input.duration_minutes),
            pass_mark: Set(input.pass_mark.unwrap_or(DEFAULT_PASS_MARK)),
            blueprint: Set(json!(input.blueprint)),
            stations: Set(json!(input.stations)),
            skill_level: Set(input.skill_level),
            double_marking: Set(input.double_marking),
            tolerance: Set(input.tolerance),
            created_by: Set(actor.id()),
            created_at: Set(now),
            version: Set(1),
        }
        .insert(&txn)
        .await?;
        for (i, d) in fixed.iter().enumerate() {
            paper_item::ActiveModel {
                id: Set(Uuid::now_v7()),
                paper_id: Set(p.id),
                position: Set(i32::try_from(i).unwrap_or(i32::MAX) + 1),
                question_version_id: Set(d.question_version_id),
                points: Set(d.points),
            }
            .insert(&txn)
            .await?;
        }
        AuditEntry::new("exam_paper.create", "exam_paper", p.id)
            .in_org(p.owner_id)
            .change(json!({"bank_id": b.id, "mode": p.mode.as_str(), "title": p.title}))
            .record(&txn, actor, now)
            .await?;
        let out = Self::paper_out(&txn, p).await?;
        txn.commit().await?;
        Ok(out)
    }

    /// The papers of the actor's banks, newest first.
    pub async fn list_papers(&self, actor: &Actor) -> Result<Vec<Paper>> {
        if !holds_somewhere(actor, Purpose::ManageBanks) {
            return Err(ExamsError::forbidden());
        }
        let db = &self.dir().db;
        let rows = paper::Entity::find()
            .filter(paper::Column::OwnerId.is_in(orgs_with(actor, Purpose::ManageBanks)))
            .order_by_desc(paper::Column::Id)
            .all(db)
            .await?;
        Self::papers_out(db, rows).await
    }

    /// One paper (audited, EX-09).
    pub async fn get_paper(&self, actor: &Actor, id: Uuid) -> Result<Paper> {
        let txn = begin_write(&self.dir().db).await?;
        let p = Self::kept_paper(&txn, actor, id).await?;
        self.audit_read(&txn, actor, "exam_paper", p.id, p.owner_id)
            .await?;
        let out = Self::paper_out(&txn, p).await?;
        txn.commit().await?;
        Ok(out)
    }

    /// A preview of the paper a candidate would get with `seed` (audited, EX-09): for the
    /// officer checking a blueprint draws what was meant.
    pub async fn preview_draw(&self, actor: &Actor, id: Uuid, seed: i64) -> Result<Vec<Question>> {
        let txn = begin_write(&self.dir().db).await?;
        let p = Self::kept_paper(&txn, actor, id).await?;
        self.audit_read(&txn, actor, "exam_paper", p.id, p.owner_id)
            .await?;
        let drawn = self.paper_for(&txn, &p, seed).await?;
        let versions: HashMap<Uuid, question_version::Model> =
            rows_by_id::<question_version::Entity, _>(
                &txn,
                question_version::Column::Id,
                drawn.iter().map(|d| d.question_version_id),
            )
            .await?;
        let mut out = Vec::with_capacity(drawn.len());
        for d in drawn {
            let Some(v) = versions.get(&d.question_version_id) else {
                continue;
            };
            out.push(Question {
                id: v.question_id,
                bank_id: v.bank_id,
                version: v.version,
                version_id: v.id,
                kind: v.kind,
                stem: v.stem.clone(),
                options: options_of(v),
                key: crate::banks::key_of(v)?,
                points: d.points,
                topic: v.topic.clone(),
                difficulty: v.difficulty,
                retired: false,
            });
        }
        txn.commit().await?;
        Ok(out)
    }

    /// The questions a candidate gets: a fixed paper's list, or the draw with `seed`.
    pub(crate) async fn paper_for<C: ConnectionTrait>(
        &self,
        conn: &C,
        p: &paper::Model,
        seed: i64,
    ) -> Result<Vec<Drawn>> {
        Ok(match p.mode {
            PaperMode::Fixed => paper_item::Entity::find()
                .filter(paper_item::Column::PaperId.eq(p.id))
                .order_by_asc(paper_item::Column::Position)
                .all(conn)
                .await?
                .into_iter()
                .map(|i| Drawn {
                    question_version_id: i.question_version_id,
                    points: i.points,
                })
                .collect(),
            PaperMode::Drawn => draw(&blueprint_of(p), &pool(conn, p.bank_id).await?, seed),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn version(kind: QuestionKind, topic: &str, n: u128) -> question_version::Model {
        question_version::Model {
            id: Uuid::from_u128(1000 + n),
            question_id: Uuid::from_u128(n),
            bank_id: Uuid::nil(),
            version: 1,
            kind,
            stem: format!("q{n}"),
            options: json!([]),
            answer_key: json!({"kind": "true_false", "value": true}),
            points: 1,
            topic: topic.into(),
            difficulty: 3,
            created_by: Uuid::nil(),
            created_at: datetime!(2026-12-01 0:00 UTC),
        }
    }

    #[test]
    fn the_same_pool_and_seed_draw_the_same_paper_and_another_seed_another() {
        let pool: Vec<_> = (0..40)
            .map(|n| version(QuestionKind::TrueFalse, "法规", n))
            .collect();
        let bp = [BlueprintRow {
            kind: QuestionKind::TrueFalse,
            topic: None,
            difficulty: None,
            count: 10,
            points: 2,
        }];
        let a = draw(&bp, &pool, 7);
        let mut shuffled = pool.clone();
        shuffled.reverse();
        assert_eq!(
            a,
            draw(&bp, &shuffled, 7),
            "the pool's order does not matter"
        );
        assert_eq!(a.len(), 10);
        assert_ne!(a, draw(&bp, &pool, 8));
    }

    #[test]
    fn a_question_is_drawn_once_even_when_two_rows_fit_it() {
        let pool: Vec<_> = (0..3)
            .map(|n| version(QuestionKind::TrueFalse, "法规", n))
            .collect();
        let row = BlueprintRow {
            kind: QuestionKind::TrueFalse,
            topic: None,
            difficulty: None,
            count: 2,
            points: 1,
        };
        let d = draw(&[row.clone(), row], &pool, 1);
        assert_eq!(d.len(), 3);
        let mut ids: Vec<_> = d.iter().map(|x| x.question_version_id).collect();
        ids.dedup();
        assert_eq!(ids.len(), 3);
    }
}
