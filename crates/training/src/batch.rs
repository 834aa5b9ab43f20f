//! Batch enrolment (TR-08): a training officer enrols several employees in one class at once,
//! as a JSON list or from a CSV/XLSX file (姓名, 身份证号). Every bad row is reported with its
//! line and reason, as the person import does; by default one bad row means nothing is
//! written (`all_or_nothing`), and `good_rows` enrols the good ones and reports the rest.
//!
//! Rows are checked before anything is written — a duplicate found by the unique index would
//! abort a PostgreSQL transaction and lose the good rows with it.

use crate::Training;
use crate::access::{Purpose, enterprises_with};
use crate::classes::refuse_if_sanctioned;
use crate::enrolment::{Admission, Enrolment, new_enrolment, to_enrolment};
use crate::entity::enrolment;
use crate::error::{Result, TrainingError, checked};
use crate::model::EnrolmentStatus;
use directory::model::ImportMode;
use directory::model::NationalId;
use directory::model::{ImportReport, RejectedRow};
use directory::{DirectoryError, entity::person};
use kernel::db::begin_write;
use kernel::{Actor, Message, Refusal, Role};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

/// Most rows in one batch.
pub const MAX_ROWS: usize = 1000;

/// Several persons for one class.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BatchEnrolmentIn {
    pub class_id: Uuid,
    /// 1–1000 ([`MAX_ROWS`]) persons; a row's `line` in the report is its position here, from 1.
    #[validate(length(min = 1, max = 1000))] // MAX_ROWS
    pub person_ids: Vec<Uuid>,
    /// `all_or_nothing` (default) or `good_rows`.
    #[serde(default)]
    pub mode: Option<ImportMode>,
}

/// What a batch did.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BatchReport {
    pub enrolled: Vec<Enrolment>,
    pub rejected: Vec<RejectedRow>,
}

/// A file format of the enrolment import.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetFormat {
    Csv,
    Xlsx,
}

/// One row to enrol: where it came from and who.
struct Row {
    line: u32,
    /// Whom the row names, for the report: the name and the ID number masked, as the sheet
    /// wrote them (a JSON batch names persons on file).
    named: (Option<String>, Option<String>),
    person: std::result::Result<person::Model, (&'static str, Message)>,
}

fn reject(line: u32, field: &str, zh: &str, en: &str) -> RejectedRow {
    RejectedRow::new(line, field, Message::new(zh, en))
}

/// The enrolment import template: an XLSX whose first sheet holds only the header the import
/// reads (姓名, 身份证号), as text columns so an ID number keeps its digits.
pub fn enrolment_template() -> Result<Vec<u8>> {
    use rust_xlsxwriter::{Format, Workbook};
    let err = |e: rust_xlsxwriter::XlsxError| TrainingError::Storage(e.to_string());
    let bold = Format::new().set_bold();
    let text = Format::new().set_num_format("@");
    let mut wb = Workbook::new();
    let sheet = wb.add_worksheet();
    sheet.set_name("报名").map_err(err)?;
    for (c, h) in ["姓名", "身份证号"].into_iter().enumerate() {
        let c = c as u16;
        sheet
            .write_string_with_format(0, c, h, &bold)
            .map_err(err)?;
        sheet.set_column_format(c, &text).map_err(err)?;
        sheet.set_column_width(c, 24).map_err(err)?;
    }
    wb.save_to_buffer().map_err(err)
}

impl Training {
    /// The enrolment import template, for whoever may enrol (TR-07: the training officer).
    pub fn enrolment_import_template(&self, actor: &Actor) -> Result<Vec<u8>> {
        if enterprises_with(actor, Purpose::Enrol).is_empty() {
            return Err(TrainingError::forbidden());
        }
        enrolment_template()
    }

    /// Enrols a JSON list of persons.
    pub async fn enrol_batch(&self, actor: &Actor, input: BatchEnrolmentIn) -> Result<BatchReport> {
        checked(&input)?;
        let found = person::Entity::find()
            .filter(person::Column::Id.is_in(input.person_ids.iter().copied()))
            .all(&self.dir.db)
            .await?;
        let rows = input
            .person_ids
            .iter()
            .enumerate()
            .map(|(i, id)| {
                let person = found.iter().find(|p| p.id == *id).cloned();
                Row {
                    line: u32::try_from(i + 1).unwrap_or(u32::MAX),
                    named: person.as_ref().map_or((None, None), |p| {
                        (Some(p.name.clone()), Some(p.national_id_masked.clone()))
                    }),
                    person: person.ok_or(("person_id", Message::new("无此人员", "no such person"))),
                }
            })
            .collect();
        self.enrol_rows(
            actor,
            input.class_id,
            rows,
            input.mode.unwrap_or(ImportMode::AllOrNothing),
        )
        .await
    }

    /// Enrols the persons of a CSV (UTF-8) or XLSX sheet with the columns 姓名 (name) and
    /// 身份证号 (national_id); the header is line 1. The name must match the person on file.
    pub async fn import_enrolments(
        &self,
        actor: &Actor,
        class_id: Uuid,
        format: SheetFormat,
        bytes: &[u8],
        mode: ImportMode,
    ) -> Result<BatchReport> {
        let table = read_sheet(format, bytes)?;
        let header = table
            .first()
            .ok_or_else(|| unsupported("文件为空", "the file is empty"))?;
        let col = |names: [&str; 2]| header.iter().position(|h| names.contains(&h.trim()));
        let (Some(name_col), Some(id_col)) =
            (col(["姓名", "name"]), col(["身份证号", "national_id"]))
        else {
            return Err(unsupported(
                "缺少列:姓名、身份证号",
                "missing columns: 姓名 (name), 身份证号 (national_id)",
            ));
        };
        let body: Vec<(u32, String, String)> = table
            .iter()
            .enumerate()
            .skip(1)
            .filter(|(_, r)| r.iter().any(|c| !c.trim().is_empty()))
            .map(|(i, r)| {
                let cell = |c: usize| r.get(c).map(|s| s.trim().to_owned()).unwrap_or_default();
                (
                    u32::try_from(i + 1).unwrap_or(u32::MAX),
                    cell(name_col),
                    cell(id_col),
                )
            })
            .collect();
        if body.is_empty() || body.len() > MAX_ROWS {
            return Err(unsupported("须为1–1000行", "1–1000 rows"));
        }
        let mut rows = Vec::with_capacity(body.len());
        for (line, name, raw_id) in body {
            let person = match NationalId::parse(&raw_id) {
                Err(e) => Err((
                    "身份证号",
                    Message::new(
                        format!("身份证号无效({})", e.code()),
                        format!("invalid ID number ({})", e.code()),
                    ),
                )),
                Ok(id) => {
                    let hash = self.dir.cipher.blind_index(id.expose());
                    match person::Entity::find()
                        .filter(person::Column::NationalIdHash.eq(hash))
                        .one(&self.dir.db)
                        .await?
                    {
                        None => Err((
                            "身份证号",
                            Message::new(
                                "无此人员,请先录入人员信息",
                                "no such person: enter the person first",
                            ),
                        )),
                        Some(p) if p.name.trim() != name => Err((
                            "姓名",
                            Message::new(
                                "姓名与身份证号不符",
                                "the name does not match the ID number",
                            ),
                        )),
                        Some(p) => Ok(p),
                    }
                }
            };
            let named = (
                Some(name.chars().take(50).collect::<String>()).filter(|n| !n.is_empty()),
                Some(directory::model::mask_id_text(&raw_id)).filter(|i| !i.is_empty()),
            );
            rows.push(Row {
                line,
                named,
                person,
            });
        }
        self.enrol_rows(actor, class_id, rows, mode).await
    }

    /// Checks every row, then writes the good ones in one transaction (or none, in
    /// all-or-nothing mode, when any row is bad).
    async fn enrol_rows(
        &self,
        actor: &Actor,
        class_id: Uuid,
        rows: Vec<Row>,
        mode: ImportMode,
    ) -> Result<BatchReport> {
        let enterprises = enterprises_with(actor, Purpose::Enrol);
        if enterprises.is_empty() {
            return Err(TrainingError::forbidden());
        }
        let txn = begin_write(&self.dir.db).await?;
        // TR-08: the same admission as a single enrolment; a row's person must work for one
        // of the officer's enterprises that belong to the class's association.
        let Admission {
            class: c,
            employers,
        } = self.admit(&txn, class_id, &enterprises).await?;
        let already: HashSet<Uuid> = enrolment::Entity::find()
            .filter(enrolment::Column::ClassId.eq(c.id))
            .all(&txn)
            .await?
            .into_iter()
            .map(|e| e.person_id)
            .collect();
        let now = self.dir.clock.now();
        let mut seen = HashSet::new();
        let mut rejected: Vec<RejectedRow> = Vec::new();
        let mut good = Vec::new();
        let named: HashMap<u32, (Option<String>, Option<String>)> =
            rows.iter().map(|r| (r.line, r.named.clone())).collect();
        for row in rows {
            let p = match row.person {
                Err((field, reason)) => {
                    rejected.push(RejectedRow::new(row.line, field, reason));
                    continue;
                }
                Ok(p) => p,
            };
            if !employers.contains(&p.employer_id) {
                rejected.push(reject(
                    row.line,
                    "person_id",
                    "不是本单位人员",
                    "not an employee of your enterprise",
                ));
                continue;
            }
            if let Err(TrainingError::Refused(Refusal::Rule(v))) = self
                .require_named(&txn, actor, p.employer_id, Role::EnterpriseOfficer)
                .await
            {
                rejected.push(RejectedRow::ruled(row.line, v));
                continue;
            }
            if !seen.insert(p.id) {
                rejected.push(reject(
                    row.line,
                    "person_id",
                    "本批次中重复",
                    "listed twice in this batch",
                ));
                continue;
            }
            if already.contains(&p.id) {
                rejected.push(reject(
                    row.line,
                    "person_id",
                    "该人员已报名此班",
                    "already enrolled in this class",
                ));
                continue;
            }
            match refuse_if_sanctioned(&txn, p.id, &c, now).await {
                Ok(()) => good.push(p),
                Err(DirectoryError::Refused(Refusal::Rule(v))) => {
                    rejected.push(RejectedRow::ruled(row.line, v));
                }
                Err(e) => return Err(e.into()),
            }
        }
        // The report names each refused row's person, so the clerk needs not the file to read it.
        for r in &mut rejected {
            if let Some((name, id)) = named.get(&r.line) {
                r.name.clone_from(name);
                r.national_id.clone_from(id);
            }
        }
        if mode == ImportMode::AllOrNothing && !rejected.is_empty() {
            return Err(TrainingError::Directory(DirectoryError::ImportRejected(
                ImportReport {
                    imported: 0,
                    rejected,
                },
            )));
        }
        let mut enrolled = Vec::with_capacity(good.len());
        for p in good {
            let row = new_enrolment(
                &c,
                &p,
                Some(p.employer_id),
                EnrolmentStatus::Submitted,
                actor,
                now,
            )
            .insert(&txn)
            .await
            .map_err(TrainingError::on_unique(
                "already_enrolled",
                "有人员同时被报名,请重试",
                "someone enrolled a person meanwhile; retry",
            ))?;
            kernel::audit::AuditEntry::new("enrolment.submit", "enrolment", row.id)
                .in_org(c.association_id)
                .change(serde_json::json!({"status": row.status, "class_id": row.class_id, "person_id": row.person_id, "batch": true}))
                .record(&txn, actor, now)
                .await?;
            enrolled.push(to_enrolment(row));
        }
        txn.commit().await?;
        Ok(BatchReport { enrolled, rejected })
    }
}

/// A file that is not the sheet it should be.
fn unsupported(zh: &str, en: &str) -> TrainingError {
    TrainingError::Directory(DirectoryError::unsupported_file(zh, en))
}

/// Reads the first sheet (XLSX) or the whole file (CSV, UTF-8 with or without BOM).
pub fn read_sheet(format: SheetFormat, bytes: &[u8]) -> Result<Vec<Vec<String>>> {
    match format {
        SheetFormat::Csv => {
            let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
                .map_err(|_| unsupported("CSV 文件须为 UTF-8 编码", "CSV must be UTF-8 encoded"))?;
            let mut rdr = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(text.as_bytes());
            let mut rows = Vec::new();
            for rec in rdr.records() {
                let rec =
                    rec.map_err(|_| unsupported("无法读取 CSV 文件", "CSV could not be read"))?;
                rows.push(rec.iter().map(str::to_owned).collect());
            }
            Ok(rows)
        }
        SheetFormat::Xlsx => {
            use calamine::{Data, Reader, Xlsx};
            let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).map_err(|_| {
                unsupported("无法读取的 XLSX 工作簿", "not a readable XLSX workbook")
            })?;
            let range = wb
                .worksheet_range_at(0)
                .ok_or_else(|| unsupported("工作簿中没有工作表", "the workbook has no sheet"))?
                .map_err(|_| {
                    unsupported("无法读取第一个工作表", "the first sheet could not be read")
                })?;
            Ok(range
                .rows()
                .map(|r| {
                    r.iter()
                        .map(|c| match c {
                            Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
                            other => other.to_string(),
                        })
                        .collect()
                })
                .collect())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_enrolment_template_is_the_header_the_import_reads() {
        let bytes = enrolment_template().unwrap_or_else(|e| panic!("{e}"));
        let table = read_sheet(SheetFormat::Xlsx, &bytes).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(table, vec![vec!["姓名".to_owned(), "身份证号".to_owned()]]);
    }
}
