//! The persons import's work: reading the file's rows (through `person_sheet`), checking
//! every one, and writing the good ones in chunks in one transaction. The job that runs it
//! (queued, progress, report) is `person_import`; the sheet's columns, the template and the
//! export are `person_sheet`.

use super::Fields;
use super::person_sheet::{
    COLUMNS, ImportFormat, education_zh, for_each_row, gender_zh, header_index, insurance_zh,
    opt_label, parse_date, parse_label, title_zh,
};
use super::persons::{Checked, PersonIn, person_exists};
use crate::Directory;
use crate::access::{Purpose, Visibility};
use crate::entity::{organization, person};
use crate::error::{DirectoryError, Result};
use crate::model::{CreditCode, ImportMode, ImportReport, RejectedRow};
use kernel::audit::{self, AuditEntry};
use kernel::db::begin_write;
use kernel::{Actor, FieldError, Message};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter, QuerySelect,
};
use serde_json::json;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use uuid::Uuid;
use validator::Validate;

impl Directory {
    /// Imports persons from CSV or XLSX. Every bad row is reported with its line, reason and
    /// person (name, masked ID number); in all-or-nothing mode one bad row means nothing is
    /// written.
    ///
    /// Built for 100,000-row sheets (issue 15) in bounded memory: a blocking thread reads the
    /// file and checks each row (parsing, ID-number checks, encryption and the blind index are
    /// CPU work) and hands the good rows over in chunks of [`PERSONS_PER_INSERT`] through a
    /// channel two chunks deep; this task looks each chunk's ID numbers up in the database and
    /// writes the chunk (persons, audit rows and outbox events in multi-row inserts) while
    /// the thread checks the next. No more than a few chunks are ever in memory, whatever the
    /// file's length. Everything is written in one transaction, begun at the first chunk:
    /// all or nothing is a rollback when any row was refused, and the job ends inside the same
    /// transaction, so the import and its end commit together. It runs as a job
    /// (`person_import`): `job`'s progress counts rows checked and written.
    pub(crate) async fn import_persons(
        &self,
        actor: &Actor,
        format: ImportFormat,
        file: impl std::io::Read + Send + 'static,
        mode: ImportMode,
        job: &jobs::Running,
    ) -> Result<ImportReport> {
        if actor.is_read_only() {
            return Err(DirectoryError::forbidden());
        }
        let manage = Visibility::of(&self.db, actor, Purpose::ManagePersons).await?;
        if manage.is_empty() {
            return Err(DirectoryError::forbidden());
        }
        let employers: HashMap<String, Uuid> = organization::Entity::find()
            .filter(manage.org_condition())
            .all(&self.db)
            .await?
            .into_iter()
            .filter(|o| manage.covers(o))
            .map(|o| (o.credit_code.to_ascii_uppercase(), o.id))
            .collect();
        let cipher = self.cipher.clone();
        let seen = job.progress.clone();
        // Set by the checker at its first refused row: in all-or-nothing mode nothing more is
        // written (the rows already written roll back), but every row is still checked.
        let refused = Arc::new(AtomicBool::new(false));
        let (chunks, mut received) = tokio::sync::mpsc::channel::<Vec<GoodRow>>(2);
        let checker = {
            let refused = refused.clone();
            tokio::task::spawn_blocking(move || {
                check_rows(format, file, &employers, &cipher, &seen, &refused, &chunks)
            })
        };
        let mut txn: Option<DatabaseTransaction> = None;
        let mut duplicates: Vec<RejectedRow> = Vec::new();
        let mut imported = 0u32;
        while let Some(mut chunk) = received.recv().await {
            self.drop_existing(&mut chunk, &mut duplicates).await?;
            let clean = duplicates.is_empty() && !refused.load(Ordering::Relaxed);
            if chunk.is_empty() || (mode == ImportMode::AllOrNothing && !clean) {
                continue;
            }
            if txn.is_none() {
                txn = Some(begin_write(&self.db).await?);
            }
            if let Some(t) = &txn {
                self.insert_people(t, actor, &chunk).await?;
            }
            imported += chunk.len() as u32;
            job.progress.add_written(chunk.len() as u64);
        }
        let mut rejected = checker
            .await
            .map_err(|e| sea_orm::DbErr::Custom(format!("import check: {e}")))??;
        if !duplicates.is_empty() {
            rejected.append(&mut duplicates);
            rejected.sort_by_key(|r| r.line);
        }
        if mode == ImportMode::AllOrNothing && !rejected.is_empty() {
            // Dropping the transaction rolls back what was written: the job says none was.
            job.progress.written.store(0, Ordering::Relaxed);
            return Err(DirectoryError::ImportRejected(ImportReport {
                imported: 0,
                rejected,
            }));
        }
        let report = ImportReport { imported, rejected };
        let value = serde_json::to_value(&report)
            .map_err(|e| sea_orm::DbErr::Custom(format!("import report: {e}")))?;
        let txn = match txn {
            Some(t) => t,
            None => begin_write(&self.db).await?,
        };
        if !job.complete(&txn, self.clock.now(), value).await? {
            return Err(sea_orm::DbErr::Custom("the import job is no longer held".into()).into());
        }
        txn.commit().await?;
        Ok(report)
    }

    /// Takes out of `chunk` the rows whose ID number is already on file, reporting each.
    async fn drop_existing(
        &self,
        chunk: &mut Vec<GoodRow>,
        rejected: &mut Vec<RejectedRow>,
    ) -> Result<()> {
        let existing: HashSet<String> = person::Entity::find()
            .select_only()
            .column(person::Column::NationalIdHash)
            .filter(person::Column::NationalIdHash.is_in(chunk.iter().map(|g| g.hash.clone())))
            .into_tuple::<String>()
            .all(&self.db)
            .await?
            .into_iter()
            .collect();
        if !existing.is_empty() {
            chunk.retain(|g| {
                let dup = existing.contains(&g.hash);
                if dup {
                    push_rejected(
                        rejected,
                        g.line,
                        "national_id",
                        Message::new(
                            "该身份证号的人员已存在",
                            "a person with this ID number exists",
                        ),
                    );
                    if let Some(r) = rejected.last_mut() {
                        r.name = Some(g.input.name.trim().to_owned());
                        r.national_id = Some(g.checked.national_id.masked());
                    }
                }
                !dup
            });
        }
        Ok(())
    }

    /// Inserts checked import rows with one multi-row INSERT each for the persons, their
    /// audit rows and their outbox events.
    async fn insert_people<C: ConnectionTrait>(
        &self,
        conn: &C,
        actor: &Actor,
        rows: &[GoodRow],
    ) -> Result<()> {
        let now = self.clock.now();
        let mut models = Vec::with_capacity(rows.len());
        let mut audits = Vec::with_capacity(rows.len());
        let mut events = Vec::with_capacity(rows.len());
        for g in rows {
            let id = Uuid::now_v7();
            let masked = g.checked.national_id.masked();
            let name = g.input.name.trim().to_owned();
            audits.push(AuditEntry {
                action: "person.create",
                object_type: "person",
                object_id: id.to_string(),
                organization_id: Some(g.input.employer_id),
                change: json!({"after": {"name": name, "national_id": masked, "employer_id": g.input.employer_id}}),
            });
            events
                .push(json!({"id": id, "employer_id": g.input.employer_id, "national_id": masked}));
            models.push(self.new_person_row(id, &g.input, &g.checked, now));
        }
        person::Entity::insert_many(models)
            .exec_without_returning(conn)
            .await
            .map_err(person_exists)?;
        audit::record_many(conn, actor, now, audits).await?;
        kernel::outbox::enqueue_many(conn, now, "person.created", events).await?;
        Ok(())
    }
}

/// Persons per multi-row INSERT (20 columns each: 10,000 bind variables, under SQLite's
/// 32,766 and PostgreSQL's 65,535).
const PERSONS_PER_INSERT: usize = 500;

/// An import row that passed every check.
struct GoodRow {
    line: u32,
    input: PersonIn,
    checked: Checked,
    hash: String,
}

/// Reads the file and checks every row: the good rows go to `chunks`, [`PERSONS_PER_INSERT`]
/// at a time, and what is refused is returned with its line, reason and person. Runs on a
/// blocking thread; needs nothing from the database but the employers the actor manages (by
/// upper-case credit code). Stops early only when the receiver has gone (the import failed).
fn check_rows(
    format: ImportFormat,
    file: impl std::io::Read,
    employers: &HashMap<String, Uuid>,
    cipher: &kernel::crypto::PiiCipher,
    progress: &jobs::Progress,
    refused: &AtomicBool,
    chunks: &tokio::sync::mpsc::Sender<Vec<GoodRow>>,
) -> Result<Vec<RejectedRow>> {
    let mut index: Option<HashMap<&'static str, usize>> = None;
    let mut rejected = Vec::new();
    let mut good: Vec<GoodRow> = Vec::with_capacity(PERSONS_PER_INSERT);
    let mut seen: HashMap<String, u32> = HashMap::new();
    let gone = || {
        DirectoryError::from(sea_orm::DbErr::Custom(
            "the import stopped writing".to_owned(),
        ))
    };
    for_each_row(format, file, |n, row| {
        let Some(index) = &index else {
            index = Some(header_index(row)?);
            return Ok(());
        };
        let line = n + 1;
        progress.add_checked(1);
        if row.iter().all(|c| c.trim().is_empty()) {
            return Ok(());
        }
        let before = rejected.len();
        match check_row(
            line,
            row,
            index,
            employers,
            cipher,
            &mut seen,
            &mut rejected,
        ) {
            Some(g) => good.push(g),
            None => {
                refused.store(true, Ordering::Relaxed);
                name_the_person(&mut rejected[before..], row, index);
            }
        }
        if good.len() == PERSONS_PER_INSERT {
            let full = std::mem::replace(&mut good, Vec::with_capacity(PERSONS_PER_INSERT));
            chunks.blocking_send(full).map_err(|_| gone())?;
        }
        Ok(())
    })?;
    if index.is_none() {
        return Err(DirectoryError::unsupported_file(
            "文件为空",
            "the file is empty",
        ));
    }
    if !good.is_empty() {
        chunks.blocking_send(good).map_err(|_| gone())?;
    }
    Ok(rejected)
}

/// Puts the row's person (name, ID number masked) on its refusals, so that a clerk reading
/// the report knows whom each line is about without opening the file.
fn name_the_person(
    refusals: &mut [RejectedRow],
    row: &[String],
    index: &HashMap<&'static str, usize>,
) {
    let cell = |k: &str| {
        index
            .get(k)
            .and_then(|i| row.get(*i))
            .map(|s| s.trim())
            .filter(|s| !s.is_empty() && kernel::text::forbidden_char(s).is_none())
    };
    let name: Option<String> = cell("name").map(|n| n.chars().take(50).collect());
    let id = cell("national_id").map(crate::model::mask_id_text);
    for r in refusals {
        r.name = name.clone();
        r.national_id = id.clone();
    }
}

/// Checks one data row; reports what is wrong with it in `rejected`, or returns it ready to
/// write. `seen` holds the blind indexes of earlier good rows (duplicates within the file).
fn check_row(
    line: u32,
    row: &[String],
    index: &HashMap<&'static str, usize>,
    employers: &HashMap<String, Uuid>,
    cipher: &kernel::crypto::PiiCipher,
    seen: &mut HashMap<String, u32>,
    rejected: &mut Vec<RejectedRow>,
) -> Option<GoodRow> {
    let cell = |k: &str| {
        index
            .get(k)
            .and_then(|i| row.get(*i))
            .map(|s| s.trim())
            .unwrap_or("")
    };
    let before = rejected.len();
    macro_rules! reject {
        ($field:expr, $zh:expr, $en:expr) => {
            push_rejected(rejected, line, $field, Message::new($zh, $en))
        };
    }
    // Control characters are never meant in a sheet, only pasted or forged (issue 13 §1):
    // each such cell is refused, in column order, and the row goes no further.
    for (_, en) in COLUMNS {
        if let Some(c) = index
            .get(en)
            .and_then(|i| row.get(*i))
            .and_then(|s| kernel::text::forbidden_char(s))
        {
            reject!(
                en,
                format!("不能含控制字符 {}", kernel::text::describe(c)),
                format!(
                    "must not contain the control character {}",
                    kernel::text::describe(c)
                )
            );
        }
    }
    if rejected.len() > before {
        return None;
    }
    let name = cell("name").to_owned();
    if name.is_empty() || name.chars().count() > 50 {
        reject!(
            "name",
            "姓名必填且不超过50字",
            "name is required, at most 50 characters"
        );
    }
    let gender = parse_label(gender_zh, cell("gender"));
    if gender.is_none() {
        reject!("gender", "应为 男 或 女", "must be 男 or 女");
    }
    let birth = parse_date(cell("birth_date"));
    if birth.is_none() {
        reject!(
            "birth_date",
            "日期格式应为 YYYY-MM-DD 且真实存在",
            "a real date as YYYY-MM-DD"
        );
    }
    let education = opt_label(education_zh, cell("education_level"));
    if education.is_err() {
        reject!(
            "education_level",
            "不是已知的学历",
            "unknown education level"
        );
    }
    let title_level = opt_label(title_zh, cell("title_level"));
    if title_level.is_err() {
        reject!(
            "title_level",
            "应为 无/初级/中级/副高级/正高级",
            "unknown title level"
        );
    }
    let insurance = opt_label(insurance_zh, cell("social_insurance"));
    if insurance.is_err() {
        reject!(
            "social_insurance",
            "应为 连续/中断/无",
            "unknown social-insurance status"
        );
    }
    let post_since = match cell("post_since") {
        "" => Some(None),
        s => parse_date(s).map(Some),
    };
    if post_since.is_none() {
        reject!(
            "post_since",
            "日期格式应为 YYYY-MM-DD",
            "a real date as YYYY-MM-DD"
        );
    }
    let code = cell("employer_credit_code").to_ascii_uppercase();
    let employer = CreditCode::parse(&code)
        .ok()
        .and_then(|c| employers.get(c.as_str()).copied());
    if employer.is_none() {
        reject!(
            "employer_credit_code",
            "单位不存在或不在您的管理范围",
            "no such organization in your scope"
        );
    }
    let (
        Some(gender),
        Some(birth),
        Some(employer),
        Ok(education),
        Ok(title_level),
        Ok(insurance),
        Some(post_since),
    ) = (
        gender,
        birth,
        employer,
        education,
        title_level,
        insurance,
        post_since,
    )
    else {
        return None;
    };
    let mut f = Fields::default();
    let checked = Directory::check_identity(&mut f, cell("national_id"), birth, gender, post_since);
    for e in f.0 {
        let field = e.pointer.trim_start_matches('/').to_owned();
        reject!(&field, e.message, e.message_en);
    }
    let checked = checked?;
    if rejected.len() > before {
        return None;
    }
    let hash = cipher.blind_index(checked.national_id.expose());
    if let Some(first) = seen.get(&hash) {
        reject!(
            "national_id",
            format!("与第{first}行重复"),
            format!("duplicates line {first}")
        );
        return None;
    }
    seen.insert(hash.clone(), line);
    let opt = |k: &str| Some(cell(k).to_owned()).filter(|s| !s.is_empty());
    let input = PersonIn {
        name,
        gender,
        birth_date: birth,
        national_id: checked.national_id.expose().to_owned(),
        education_level: education,
        school: opt("school"),
        education_certificate_no: opt("education_certificate_no"),
        title: opt("title"),
        title_level,
        employer_id: employer,
        post: opt("post"),
        post_since,
        social_insurance: insurance,
        user_id: None,
    };
    if let Err(errs) = input.validate() {
        for e in FieldError::from_validation(&errs) {
            reject!(e.pointer.trim_start_matches('/'), e.message, e.message_en);
        }
        return None;
    }
    Some(GoodRow {
        line,
        input,
        checked,
        hash,
    })
}

fn push_rejected(out: &mut Vec<RejectedRow>, line: u32, field: &str, reason: Message) {
    let zh = COLUMNS
        .iter()
        .find(|(_, en)| *en == field)
        .map(|(zh, _)| *zh)
        .unwrap_or(field);
    out.push(RejectedRow::new(line, zh, reason));
}
