//! A bank's questions as a sheet (EX-09): import from CSV or XLSX with the per-row report the
//! other imports give, the template that lists the columns, and the export — for the owning
//! body's keepers only, the export audited like every other read of a key.
//!
//! Columns (the header is line 1): 题型 (单选, 多选, 判断, 填空, 简答), 题干, 选项 (choices
//! separated by `|`), 答案 (a choice's letter, several letters for a multiple choice, 对/错,
//! the blanks separated by `|` with accepted spellings separated by `/`, or a short answer's
//! reference), 分值 (1–100), 知识点, 难度 (1–5).

use crate::Exams;
use crate::access::{Purpose, holds_somewhere};
use crate::banks::{Key, Question, QuestionIn};
use crate::error::{ExamsError, Result};
use crate::model::QuestionKind;
use directory::DirectoryError;
use directory::model::ImportMode;
use directory::model::{ImportReport, RejectedRow};
use kernel::audit::AuditEntry;
use kernel::db::begin_write;
use kernel::{Actor, Message};
use serde::Serialize;
use serde_json::json;
use training::batch::{SheetFormat, read_sheet};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

/// Most rows in one import.
pub const MAX_ROWS: usize = 2000;

/// The columns, in order.
pub const COLUMNS: [&str; 7] = ["题型", "题干", "选项", "答案", "分值", "知识点", "难度"];

/// What an import did.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct QuestionImportReport {
    pub imported: Vec<Question>,
    pub rejected: Vec<RejectedRow>,
}

const KINDS: [(QuestionKind, &str); 5] = [
    (QuestionKind::SingleChoice, "单选"),
    (QuestionKind::MultipleChoice, "多选"),
    (QuestionKind::TrueFalse, "判断"),
    (QuestionKind::FillBlank, "填空"),
    (QuestionKind::ShortAnswer, "简答"),
];

fn kind_named(text: &str) -> Option<QuestionKind> {
    KINDS
        .iter()
        .find(|(k, zh)| *zh == text || k.as_str() == text)
        .map(|(k, _)| *k)
}

fn kind_name(kind: QuestionKind) -> &'static str {
    KINDS
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or("", |(_, zh)| zh)
}

fn letter(i: u8) -> char {
    char::from(b'A' + i)
}

fn choice(c: char) -> Option<u8> {
    let c = c.to_ascii_uppercase();
    c.is_ascii_uppercase().then(|| c as u8 - b'A')
}

/// The key written in the 答案 column for a kind, or why it cannot be read.
fn key_from(kind: QuestionKind, answer: &str) -> std::result::Result<Key, Message> {
    let bad = |zh: &str, en: &str| Message::new(zh, en);
    Ok(match kind {
        QuestionKind::SingleChoice => {
            let mut letters = answer.chars().filter(|c| !c.is_whitespace());
            match (letters.next().and_then(choice), letters.next()) {
                (Some(c), None) => Key::SingleChoice { choice: c },
                _ => {
                    return Err(bad(
                        "单选题答案为一个选项字母,如 B",
                        "a single choice's answer is one letter, e.g. B",
                    ));
                }
            }
        }
        QuestionKind::MultipleChoice => {
            let choices: Option<Vec<u8>> = answer
                .chars()
                .filter(|c| c.is_ascii_alphabetic())
                .map(choice)
                .collect();
            match choices {
                Some(c) if !c.is_empty() => Key::MultipleChoice { choices: c },
                _ => {
                    return Err(bad(
                        "多选题答案为选项字母,如 ACD",
                        "a multiple choice's answer is letters, e.g. ACD",
                    ));
                }
            }
        }
        QuestionKind::TrueFalse => match answer {
            "对" | "正确" | "√" | "true" | "T" => Key::TrueFalse { value: true },
            "错" | "错误" | "×" | "false" | "F" => Key::TrueFalse { value: false },
            _ => {
                return Err(bad(
                    "判断题答案为“对”或“错”",
                    "a true/false answer is 对 or 错",
                ));
            }
        },
        QuestionKind::FillBlank => Key::FillBlank {
            blanks: answer
                .split('|')
                .map(|b| {
                    b.split('/')
                        .map(|s| s.trim().to_owned())
                        .filter(|s| !s.is_empty())
                        .collect()
                })
                .collect(),
        },
        QuestionKind::ShortAnswer => Key::ShortAnswer {
            reference: answer.to_owned(),
        },
    })
}

/// The 答案 column for a key.
fn answer_text(key: &Key) -> String {
    match key {
        Key::SingleChoice { choice } => letter(*choice).to_string(),
        Key::MultipleChoice { choices } => choices.iter().map(|c| letter(*c)).collect(),
        Key::TrueFalse { value } => (if *value { "对" } else { "错" }).to_owned(),
        Key::FillBlank { blanks } => blanks
            .iter()
            .map(|b| b.join("/"))
            .collect::<Vec<_>>()
            .join("|"),
        Key::ShortAnswer { reference } => reference.clone(),
    }
}

/// One row as a question, or every reason it is not one (line, column, message).
fn question_of(line: u32, cells: &[String]) -> std::result::Result<QuestionIn, Vec<RejectedRow>> {
    let cell = |c: usize| cells.get(c).map(|s| s.trim()).unwrap_or_default();
    let reject = |field: &str, m: Message| RejectedRow::new(line, field, m);
    let Some(kind) = kind_named(cell(0)) else {
        return Err(vec![reject(
            "题型",
            Message::new(
                "题型须为单选、多选、判断、填空或简答",
                "the kind is 单选, 多选, 判断, 填空 or 简答",
            ),
        )]);
    };
    let key = key_from(kind, cell(3)).map_err(|m| vec![reject("答案", m)])?;
    let number = |c: usize| cell(c).parse::<i32>().ok();
    let (points, difficulty) = match (number(4), number(6)) {
        (Some(p), Some(d)) => (p, d),
        (p, d) => {
            return Err([(p, "分值"), (d, "难度")]
                .into_iter()
                .filter(|(v, _)| v.is_none())
                .map(|(_, field)| reject(field, Message::new("须为整数", "a whole number")))
                .collect());
        }
    };
    let options: Vec<String> = if cell(2).is_empty() {
        vec![]
    } else {
        cell(2).split('|').map(|o| o.trim().to_owned()).collect()
    };
    let q = QuestionIn {
        stem: cell(1).to_owned(),
        options,
        key,
        points,
        topic: cell(5).to_owned(),
        difficulty,
    };
    let mut problems = q.key_problems();
    if let Err(e) = q.validate() {
        problems.extend(kernel::FieldError::from_validation(&e));
    }
    if problems.is_empty() {
        return Ok(q);
    }
    let column = |pointer: &str| match pointer.split('/').nth(1).unwrap_or_default() {
        "stem" => "题干",
        "options" => "选项",
        "key" => "答案",
        "points" => "分值",
        "topic" => "知识点",
        "difficulty" => "难度",
        _ => "",
    };
    Err(problems
        .into_iter()
        .map(|f| reject(column(&f.pointer), Message::new(f.message, f.message_en)))
        .collect())
}

/// The import template: the header and one example row per kind.
pub fn template() -> Result<Vec<u8>> {
    sheet(&[
        vec![
            "单选".into(),
            "特种设备安全法自何年起施行?".into(),
            "2013年|2014年|2015年".into(),
            "B".into(),
            "2".into(),
            "法规".into(),
            "1".into(),
        ],
        vec![
            "判断".into(),
            "电梯应当至少每15日进行一次清洁、润滑、调整和检查。".into(),
            String::new(),
            "对".into(),
            "2".into(),
            "法规".into(),
            "2".into(),
        ],
        vec![
            "填空".into(),
            "安全阀的整定压力一般不大于压力容器的____压力。".into(),
            String::new(),
            "设计".into(),
            "2".into(),
            "压力容器".into(),
            "3".into(),
        ],
        vec![
            "简答".into(),
            "简述电梯困人时的救援步骤。".into(),
            String::new(),
            "安抚乘客、断电、确认轿厢位置、盘车平层、开门救人".into(),
            "10".into(),
            "应急".into(),
            "3".into(),
        ],
    ])
}

fn sheet(rows: &[Vec<String>]) -> Result<Vec<u8>> {
    use rust_xlsxwriter::{Format, Workbook};
    let err = |e: rust_xlsxwriter::XlsxError| {
        ExamsError::Training(training::TrainingError::Storage(e.to_string()))
    };
    let bold = Format::new().set_bold();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("试题").map_err(err)?;
    for (c, h) in COLUMNS.iter().enumerate() {
        let c = u16::try_from(c).unwrap_or(0);
        ws.write_string_with_format(0, c, *h, &bold).map_err(err)?;
        ws.set_column_width(c, if c == 1 { 48 } else { 14 })
            .map_err(err)?;
    }
    for (r, row) in rows.iter().enumerate() {
        let r = u32::try_from(r + 1).unwrap_or(u32::MAX);
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r, u16::try_from(c).unwrap_or(0), v)
                .map_err(err)?;
        }
    }
    wb.save_to_buffer().map_err(err)
}

impl Exams {
    /// The question import template, for whoever keeps a bank somewhere.
    pub fn question_template(&self, actor: &Actor) -> Result<Vec<u8>> {
        if !holds_somewhere(actor, Purpose::ManageBanks) {
            return Err(ExamsError::forbidden());
        }
        template()
    }

    /// Imports a sheet of questions into a bank the actor keeps. Every bad row is reported
    /// with its line, column and reason; `all_or_nothing` writes nothing when any row is bad
    /// (422 `import-rejected` with the rows), `good_rows` adds the good ones.
    pub async fn import_questions(
        &self,
        actor: &Actor,
        bank_id: Uuid,
        format: SheetFormat,
        bytes: &[u8],
        mode: ImportMode,
    ) -> Result<QuestionImportReport> {
        Self::kept_bank(&self.dir().db, actor, bank_id).await?;
        let table = read_sheet(format, bytes)?;
        let header: Vec<&str> = table
            .first()
            .map(|h| h.iter().map(|c| c.trim()).collect())
            .unwrap_or_default();
        if header.len() < COLUMNS.len() || header[..COLUMNS.len()] != COLUMNS {
            return Err(DirectoryError::unsupported_file(
                format!("表头须为:{}", COLUMNS.join("、")),
                format!("the header is: {}", COLUMNS.join(", ")),
            )
            .into());
        }
        let body: Vec<(u32, &Vec<String>)> = table
            .iter()
            .enumerate()
            .skip(1)
            .filter(|(_, r)| r.iter().any(|c| !c.trim().is_empty()))
            .map(|(i, r)| (u32::try_from(i + 1).unwrap_or(u32::MAX), r))
            .collect();
        if body.is_empty() || body.len() > MAX_ROWS {
            return Err(
                DirectoryError::unsupported_file("须为1–2000行试题", "1–2000 questions").into(),
            );
        }
        let mut good = Vec::new();
        let mut rejected = Vec::new();
        for (line, cells) in body {
            match question_of(line, cells) {
                Ok(q) => good.push(q),
                Err(mut rows) => rejected.append(&mut rows),
            }
        }
        if !rejected.is_empty() && mode == ImportMode::AllOrNothing {
            return Err(DirectoryError::ImportRejected(ImportReport {
                imported: 0,
                rejected,
            })
            .into());
        }
        let txn = begin_write(&self.dir().db).await?;
        let b = Self::kept_bank(&txn, actor, bank_id).await?;
        let now = self.dir().clock.now();
        let mut imported = Vec::with_capacity(good.len());
        for q in good {
            imported.push(self.insert_question(&txn, actor, &b, q, now).await?);
        }
        AuditEntry::new("exam_bank.import", "exam_bank", b.id)
            .in_org(b.owner_id)
            .change(json!({"imported": imported.len(), "rejected": rejected.len()}))
            .record(&txn, actor, now)
            .await?;
        txn.commit().await?;
        Ok(QuestionImportReport { imported, rejected })
    }

    /// The bank's current questions as the import's sheet (audited, EX-09).
    pub async fn export_bank(&self, actor: &Actor, bank_id: Uuid) -> Result<Vec<u8>> {
        let questions = self
            .list_questions(actor, bank_id, &Default::default())
            .await?;
        let rows: Vec<Vec<String>> = questions
            .iter()
            .map(|q| {
                vec![
                    kind_name(q.kind).to_owned(),
                    q.stem.clone(),
                    q.options.join("|"),
                    answer_text(&q.key),
                    q.points.to_string(),
                    q.topic.clone(),
                    q.difficulty.to_string(),
                ]
            })
            .collect();
        let txn = begin_write(&self.dir().db).await?;
        let b = Self::kept_bank(&txn, actor, bank_id).await?;
        AuditEntry::new("exam_bank.export", "exam_bank", b.id)
            .in_org(b.owner_id)
            .change(json!({"questions": rows.len()}))
            .record(&txn, actor, self.dir().clock.now())
            .await?;
        txn.commit().await?;
        sheet(&rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| (*c).to_owned()).collect()
    }

    /// The rows a line is rejected with (none when it reads).
    fn rejected(line: u32, cells: &[&str]) -> Vec<RejectedRow> {
        question_of(line, &row(cells)).err().unwrap_or_default()
    }

    #[test]
    fn each_kind_reads_its_answer_column_and_writes_it_back_the_same() {
        for cells in [
            ["单选", "问", "甲|乙|丙", "B", "2", "法规", "1"],
            ["多选", "问", "甲|乙|丙", "AC", "2", "法规", "1"],
            ["判断", "问", "", "错", "2", "法规", "1"],
            ["填空", "问", "", "设计/最高工作|1.25", "2", "法规", "1"],
            ["简答", "问", "", "参考答案", "10", "法规", "3"],
        ] {
            let q = match question_of(2, &row(&cells)) {
                Ok(q) => q,
                Err(e) => panic!("{cells:?}: {e:?}"),
            };
            assert_eq!(answer_text(&q.key), cells[3], "{cells:?}");
            assert_eq!(kind_name(q.key.kind()), cells[0]);
        }
    }

    #[test]
    fn a_bad_row_names_its_line_and_column() {
        let bad = rejected(7, &["单选", "问", "甲|乙", "D", "2", "法规", "9"]);
        let fields: Vec<&str> = bad.iter().map(|r| r.field.as_str()).collect();
        assert!(fields.contains(&"答案"), "{bad:?}");
        assert!(fields.contains(&"难度"), "{bad:?}");
        assert!(bad.iter().all(|r| r.line == 7));
        let kind = rejected(3, &["论述", "问", "", "x", "2", "法规", "1"]);
        assert_eq!(kind.first().map(|r| r.field.as_str()), Some("题型"));
    }
}
