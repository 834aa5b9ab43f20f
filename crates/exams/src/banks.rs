//! Question banks and their questions (EX-09). A bank belongs to one exam body; only that
//! body's exam officers and admin see it, its questions, their keys and the papers built from
//! it — anyone else is told it does not exist (404), and every read is audited. A question is
//! versioned: an edit writes a new version and leaves the old one as it was, because an
//! attempt keeps the version it drew (a candidate's paper never changes under them).

use crate::Exams;
use crate::access::{Purpose, holds_somewhere, may, orgs_with};
use crate::entity::{bank, question, question_version};
use crate::error::{ExamsError, Result, checked, noun};
use crate::model::QuestionKind;
use directory::entity::organization;
use directory::model::OrgKind;
use directory::service::{IfMatch, check_version};
use kernel::audit::AuditEntry;
use kernel::db::begin_write;
use kernel::equipment::EquipmentCategory;
use kernel::refusal::FoundAt;
use kernel::{Actor, FieldError};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use time::OffsetDateTime;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

/// Choices a choice question may offer.
pub const MAX_OPTIONS: usize = 8;

/// A question bank as its owner reads it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Bank {
    pub id: Uuid,
    pub owner_id: Uuid,
    pub name: String,
    pub topic: String,
    pub equipment_category: Option<EquipmentCategory>,
    pub level: Option<String>,
    #[serde(with = "kernel::utc")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: OffsetDateTime,
    pub version: i32,
}

/// A new question bank.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BankIn {
    /// The exam body that owns it (an association, a training centre, a sub-centre or an exam
    /// body) where the caller is an exam officer or its admin.
    pub owner_id: Uuid,
    /// e.g. 电梯安全管理理论题库.
    #[validate(custom(function = "kernel::text::required_text_100"))]
    pub name: String,
    /// The subject, e.g. 法律法规.
    #[validate(custom(function = "kernel::text::required_text_50"))]
    pub topic: String,
    /// TR-02: the equipment category it is for, if one.
    #[serde(default)]
    pub equipment_category: Option<EquipmentCategory>,
    /// e.g. 初级, 中级.
    #[serde(default)]
    #[validate(custom(function = "kernel::text::optional_text_50"))]
    pub level: Option<String>,
}

/// A question's key, which also says its kind: the choice(s) by 0-based index, true or
/// false, the accepted spellings of each blank, or a reference answer for the evaluator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Key {
    SingleChoice { choice: u8 },
    MultipleChoice { choices: Vec<u8> },
    TrueFalse { value: bool },
    FillBlank { blanks: Vec<Vec<String>> },
    ShortAnswer { reference: String },
}

impl Key {
    pub fn kind(&self) -> QuestionKind {
        match self {
            Key::SingleChoice { .. } => QuestionKind::SingleChoice,
            Key::MultipleChoice { .. } => QuestionKind::MultipleChoice,
            Key::TrueFalse { .. } => QuestionKind::TrueFalse,
            Key::FillBlank { .. } => QuestionKind::FillBlank,
            Key::ShortAnswer { .. } => QuestionKind::ShortAnswer,
        }
    }

    /// What is wrong with the key given the options, as field errors under `/key`.
    fn problems(&self, options: &[String]) -> Vec<FieldError> {
        let n = options.len();
        let choice_kind = matches!(self, Key::SingleChoice { .. } | Key::MultipleChoice { .. });
        let mut out = Vec::new();
        if choice_kind && !(2..=MAX_OPTIONS).contains(&n) {
            out.push(FieldError::new(
                "/options",
                "length",
                format!("选择题须有2–{MAX_OPTIONS}个选项"),
                format!("a choice question has 2–{MAX_OPTIONS} options"),
            ));
        }
        if !choice_kind && n > 0 {
            out.push(FieldError::new(
                "/options",
                "not_allowed",
                "只有选择题有选项",
                "only a choice question has options",
            ));
        }
        let out_of_range = |c: &u8| usize::from(*c) >= n;
        match self {
            Key::SingleChoice { choice } if out_of_range(choice) => out.push(FieldError::new(
                "/key/choice",
                "range",
                "答案不是其中一个选项",
                "the answer is not one of the options",
            )),
            Key::MultipleChoice { choices } => {
                let mut sorted = choices.clone();
                sorted.sort_unstable();
                sorted.dedup();
                if sorted.len() < 2
                    || sorted.len() != choices.len()
                    || choices.iter().any(out_of_range)
                {
                    out.push(FieldError::new(
                        "/key/choices",
                        "invalid",
                        "多选题答案须为两个及以上不同的选项",
                        "a multiple-choice key names two or more different options",
                    ));
                }
            }
            Key::FillBlank { blanks } => {
                let bad = blanks.is_empty()
                    || blanks.len() > 10
                    || blanks.iter().any(|b| {
                        b.is_empty()
                            || b.len() > 5
                            || b.iter().any(|s| {
                                s.trim().is_empty() || s.chars().count() > 100 || s.contains('\0')
                            })
                    });
                if bad {
                    out.push(FieldError::new(
                        "/key/blanks",
                        "invalid",
                        "填空题须有1–10个空,每空1–5种答案,每种1–100字",
                        "a fill-in question has 1–10 blanks, each with 1–5 accepted answers of 1–100 characters",
                    ));
                }
            }
            Key::ShortAnswer { reference } => {
                if let Err(e) = kernel::text::required_text_2000(reference) {
                    out.extend(
                        FieldError::from_validation(&{
                            let mut errs = validator::ValidationErrors::new();
                            errs.add("reference", e);
                            errs
                        })
                        .into_iter()
                        .map(|mut f| {
                            f.pointer = "/key/reference".into();
                            f
                        }),
                    );
                }
            }
            _ => {}
        }
        out
    }
}

/// A question, new or as a new version of an existing one.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct QuestionIn {
    #[validate(custom(function = "kernel::text::required_text_2000"))]
    pub stem: String,
    /// A choice question's options in order (2–8); empty for other kinds.
    #[serde(default)]
    #[validate(length(max = 8), custom(function = "options_text"))]
    pub options: Vec<String>,
    pub key: Key,
    /// Points on a paper unless the paper says otherwise (1–100).
    #[validate(range(min = 1, max = 100))]
    pub points: i32,
    /// For a blueprint to draw by, e.g. 法规, 电气.
    #[validate(custom(function = "kernel::text::required_text_50"))]
    pub topic: String,
    /// 1 (easy) – 5 (hard).
    #[validate(range(min = 1, max = 5))]
    pub difficulty: i32,
}

impl QuestionIn {
    /// What is wrong with the key given the options (the checks a derive cannot make).
    pub(crate) fn key_problems(&self) -> Vec<FieldError> {
        self.key.problems(&self.options)
    }
}

fn options_text(options: &[String]) -> std::result::Result<(), validator::ValidationError> {
    options
        .iter()
        .try_for_each(|o| kernel::text::required_text_500(o))
}

/// A question as its bank's keepers read it (with the key).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Question {
    pub id: Uuid,
    pub bank_id: Uuid,
    /// The version shown; new papers draw it.
    pub version: i32,
    /// The version's own id: what a paper and an attempt keep.
    pub version_id: Uuid,
    pub kind: QuestionKind,
    pub stem: String,
    pub options: Vec<String>,
    pub key: Key,
    pub points: i32,
    pub topic: String,
    pub difficulty: i32,
    pub retired: bool,
}

/// The filter of a bank's question list.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct QuestionFilter {
    pub kind: Option<QuestionKind>,
    pub topic: Option<String>,
    /// `true` includes retired questions.
    pub retired: Option<bool>,
}

fn to_bank(b: bank::Model) -> Bank {
    Bank {
        id: b.id,
        owner_id: b.owner_id,
        equipment_category: b.equipment_category,
        name: b.name,
        topic: b.topic,
        level: b.level,
        created_at: b.created_at,
        version: b.version,
    }
}

pub(crate) fn key_of(v: &question_version::Model) -> Result<Key> {
    serde_json::from_value(v.answer_key.clone())
        .map_err(|e| sea_orm::DbErr::Type(format!("stored answer key: {e}")).into())
}

pub(crate) fn options_of(v: &question_version::Model) -> Vec<String> {
    serde_json::from_value(v.options.clone()).unwrap_or_default()
}

fn to_question(q: &question::Model, v: question_version::Model) -> Result<Question> {
    Ok(Question {
        id: q.id,
        bank_id: q.bank_id,
        version: v.version,
        version_id: v.id,
        kind: v.kind,
        key: key_of(&v)?,
        options: options_of(&v),
        stem: v.stem,
        points: v.points,
        topic: v.topic,
        difficulty: v.difficulty,
        retired: q.retired_at.is_some(),
    })
}

impl Exams {
    /// A bank the actor keeps (EX-09): anyone else, and any other tenant, is told there is none.
    pub(crate) async fn kept_bank<C: ConnectionTrait>(
        conn: &C,
        actor: &Actor,
        id: Uuid,
    ) -> Result<bank::Model> {
        bank::Entity::find_by_id(id)
            .one(conn)
            .await?
            .filter(|b| may(actor, Purpose::ManageBanks, b.owner_id))
            .ok_or(ExamsError::not_found(noun::BANK))
    }

    /// A question of a bank the actor keeps, with the version it stands at.
    async fn kept_question<C: ConnectionTrait>(
        conn: &C,
        actor: &Actor,
        id: Uuid,
    ) -> Result<(question::Model, bank::Model, question_version::Model)> {
        let q = question::Entity::find_by_id(id)
            .one(conn)
            .await?
            .ok_or(ExamsError::not_found(noun::QUESTION))?;
        let b = Self::kept_bank(conn, actor, q.bank_id)
            .await
            .map_err(|_| ExamsError::not_found(noun::QUESTION))?;
        let v = question_version::Entity::find()
            .filter(question_version::Column::QuestionId.eq(q.id))
            .filter(question_version::Column::Version.eq(q.current_version))
            .one(conn)
            .await?
            .ok_or(ExamsError::not_found(noun::QUESTION))?;
        Ok((q, b, v))
    }

    /// EX-09: every read of a bank, question or paper leaves an audit row.
    pub(crate) async fn audit_read<C: ConnectionTrait>(
        &self,
        conn: &C,
        actor: &Actor,
        object: &str,
        id: Uuid,
        owner: Uuid,
    ) -> Result<()> {
        let action = format!("{object}.read");
        AuditEntry::new(&action, object, id)
            .in_org(owner)
            .record(conn, actor, self.dir().clock.now())
            .await?;
        Ok(())
    }

    /// Creates a question bank for an exam body the actor keeps banks for.
    pub async fn create_bank(&self, actor: &Actor, input: BankIn) -> Result<Bank> {
        if !holds_somewhere(actor, Purpose::ManageBanks) {
            return Err(ExamsError::forbidden());
        }
        checked(&input, vec![])?;
        let txn = begin_write(&self.dir().db).await?;
        organization::Entity::find_by_id(input.owner_id)
            .one(&txn)
            .await?
            .filter(|o| {
                matches!(
                    o.kind,
                    OrgKind::Association
                        | OrgKind::TrainingCentre
                        | OrgKind::SubCentre
                        | OrgKind::ExamBody
                ) && may(actor, Purpose::ManageBanks, o.id)
            })
            .or_not_found_at("/owner_id", "无此考试机构", "no such exam body")?;
        let now = self.dir().clock.now();
        let row = bank::ActiveModel {
            id: Set(Uuid::now_v7()),
            owner_id: Set(input.owner_id),
            name: Set(input.name.trim().to_owned()),
            topic: Set(input.topic.trim().to_owned()),
            equipment_category: Set(input.equipment_category),
            level: Set(input
                .level
                .map(|l| l.trim().to_owned())
                .filter(|l| !l.is_empty())),
            created_by: Set(actor.id()),
            created_at: Set(now),
            version: Set(1),
        }
        .insert(&txn)
        .await?;
        AuditEntry::new("exam_bank.create", "exam_bank", row.id)
            .in_org(row.owner_id)
            .change(json!({"name": row.name, "topic": row.topic}))
            .record(&txn, actor, now)
            .await?;
        txn.commit().await?;
        Ok(to_bank(row))
    }

    /// The banks of the bodies where the actor keeps banks, by name. A role that keeps none
    /// is refused (403); the list names banks, never a question.
    pub async fn list_banks(&self, actor: &Actor) -> Result<Vec<Bank>> {
        if !holds_somewhere(actor, Purpose::ManageBanks) {
            return Err(ExamsError::forbidden());
        }
        let rows = bank::Entity::find()
            .filter(bank::Column::OwnerId.is_in(orgs_with(actor, Purpose::ManageBanks)))
            .order_by_asc(bank::Column::Name)
            .order_by_asc(bank::Column::Id)
            .all(&self.dir().db)
            .await?;
        Ok(rows.into_iter().map(to_bank).collect())
    }

    /// One bank (audited, EX-09).
    pub async fn get_bank(&self, actor: &Actor, id: Uuid) -> Result<Bank> {
        let txn = begin_write(&self.dir().db).await?;
        let b = Self::kept_bank(&txn, actor, id).await?;
        self.audit_read(&txn, actor, "exam_bank", b.id, b.owner_id)
            .await?;
        txn.commit().await?;
        Ok(to_bank(b))
    }

    /// Adds a question to a bank, at version 1.
    pub async fn add_question(
        &self,
        actor: &Actor,
        bank_id: Uuid,
        input: QuestionIn,
    ) -> Result<Question> {
        checked(&input, input.key_problems())?;
        let txn = begin_write(&self.dir().db).await?;
        let b = Self::kept_bank(&txn, actor, bank_id).await?;
        let now = self.dir().clock.now();
        let out = self.insert_question(&txn, actor, &b, input, now).await?;
        txn.commit().await?;
        Ok(out)
    }

    /// Writes a checked question at version 1 with its audit row.
    pub(crate) async fn insert_question<C: ConnectionTrait>(
        &self,
        txn: &C,
        actor: &Actor,
        b: &bank::Model,
        input: QuestionIn,
        now: OffsetDateTime,
    ) -> Result<Question> {
        let q = question::ActiveModel {
            id: Set(Uuid::now_v7()),
            bank_id: Set(b.id),
            current_version: Set(1),
            retired_at: Set(None),
            created_at: Set(now),
        }
        .insert(txn)
        .await?;
        let v = self.write_version(txn, actor, &q, 1, input, now).await?;
        AuditEntry::new("exam_question.create", "exam_question", q.id)
            .in_org(b.owner_id)
            .change(json!({"bank_id": b.id, "kind": v.kind.as_str(), "version": 1}))
            .record(txn, actor, now)
            .await?;
        to_question(&q, v)
    }

    async fn write_version<C: ConnectionTrait>(
        &self,
        conn: &C,
        actor: &Actor,
        q: &question::Model,
        version: i32,
        input: QuestionIn,
        now: OffsetDateTime,
    ) -> Result<question_version::Model> {
        let options: Vec<String> = input.options.iter().map(|o| o.trim().to_owned()).collect();
        question_version::ActiveModel {
            id: Set(Uuid::now_v7()),
            question_id: Set(q.id),
            bank_id: Set(q.bank_id),
            version: Set(version),
            kind: Set(input.key.kind()),
            stem: Set(input.stem.trim().to_owned()),
            options: Set(json!(options)),
            answer_key: Set(json!(input.key)),
            points: Set(input.points),
            topic: Set(input.topic.trim().to_owned()),
            difficulty: Set(input.difficulty),
            created_by: Set(actor.id()),
            created_at: Set(now),
        }
        .insert(conn)
        .await
        .map_err(ExamsError::on_unique(
            "stale_question",
            "试题已被他人修改,请刷新后重试",
            "the question was changed meanwhile; reload and try again",
        ))
    }

    /// Edits a question: a new version (the one the caller read, `If-Match`, must still be
    /// the current one), leaving every earlier version as papers and attempts took it.
    pub async fn revise_question(
        &self,
        actor: &Actor,
        id: Uuid,
        expected: &IfMatch,
        input: QuestionIn,
    ) -> Result<Question> {
        checked(&input, input.key_problems())?;
        let txn = begin_write(&self.dir().db).await?;
        let (q, b, _) = Self::kept_question(&txn, actor, id).await?;
        check_version(expected, q.current_version)?;
        let next = q.current_version + 1;
        let now = self.dir().clock.now();
        let v = self
            .write_version(&txn, actor, &q, next, input, now)
            .await?;
        let mut am: question::ActiveModel = q.into();
        am.current_version = Set(next);
        let q = am.update(&txn).await?;
        AuditEntry::new("exam_question.revise", "exam_question", q.id)
            .in_org(b.owner_id)
            .change(json!({"version": next}))
            .record(&txn, actor, now)
            .await?;
        txn.commit().await?;
        to_question(&q, v)
    }

    /// Retires a question: no paper draws it any more; attempts keep theirs.
    pub async fn retire_question(&self, actor: &Actor, id: Uuid) -> Result<Question> {
        let txn = begin_write(&self.dir().db).await?;
        let (q, b, v) = Self::kept_question(&txn, actor, id).await?;
        if q.retired_at.is_some() {
            return Err(ExamsError::conflict(
                "retired",
                "试题已停用",
                "the question is already retired",
            ));
        }
        let now = self.dir().clock.now();
        let mut am: question::ActiveModel = q.into();
        am.retired_at = Set(Some(now));
        let q = am.update(&txn).await?;
        AuditEntry::new("exam_question.retire", "exam_question", q.id)
            .in_org(b.owner_id)
            .record(&txn, actor, now)
            .await?;
        txn.commit().await?;
        to_question(&q, v)
    }

    /// One question with its key (audited, EX-09).
    pub async fn get_question(&self, actor: &Actor, id: Uuid) -> Result<Question> {
        let txn = begin_write(&self.dir().db).await?;
        let (q, b, v) = Self::kept_question(&txn, actor, id).await?;
        self.audit_read(&txn, actor, "exam_question", q.id, b.owner_id)
            .await?;
        txn.commit().await?;
        to_question(&q, v)
    }

    /// A bank's questions at their current versions, oldest first (the read is audited once
    /// for the bank, EX-09).
    pub async fn list_questions(
        &self,
        actor: &Actor,
        bank_id: Uuid,
        f: &QuestionFilter,
    ) -> Result<Vec<Question>> {
        let txn = begin_write(&self.dir().db).await?;
        let b = Self::kept_bank(&txn, actor, bank_id).await?;
        let mut qs = question::Entity::find().filter(question::Column::BankId.eq(b.id));
        if f.retired != Some(true) {
            qs = qs.filter(question::Column::RetiredAt.is_null());
        }
        let questions = qs.order_by_asc(question::Column::Id).all(&txn).await?;
        let versions = question_version::Entity::find()
            .filter(question_version::Column::BankId.eq(b.id))
            .all(&txn)
            .await?;
        let mut out = Vec::with_capacity(questions.len());
        for q in &questions {
            let Some(v) = versions
                .iter()
                .find(|v| v.question_id == q.id && v.version == q.current_version)
            else {
                continue;
            };
            if f.kind.is_some_and(|k| k != v.kind)
                || f.topic.as_ref().is_some_and(|t| *t != v.topic)
            {
                continue;
            }
            out.push(to_question(q, v.clone())?);
        }
        self.audit_read(&txn, actor, "exam_bank", b.id, b.owner_id)
            .await?;
        txn.commit().await?;
        Ok(out)
    }
}
