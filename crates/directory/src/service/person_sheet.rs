//! The persons spreadsheet: the import template, the export, and the import's work — reading
//! the file, checking every row, writing the good ones in chunks. The import job that runs it
//! (queued, progress, report) is `person_import`.

use super::Fields;
use super::persons::{Checked, PersonFilter, PersonIn, person_exists};
use crate::Directory;
use crate::access::{Purpose, Visibility};
use crate::entity::{organization, person};
use crate::error::{DirectoryError, Result};
use crate::model::{
    CreditCode, EducationLevel, Gender, ImportMode, ImportReport, RejectedRow, SocialInsurance,
    TitleLevel,
};
use kernel::audit::{self, AuditEntry};
use kernel::db::begin_write;
use kernel::page::PageRequest;
use kernel::state::State;
use kernel::{Actor, FieldError, Message};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter, QuerySelect,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use time::Date;
use uuid::Uuid;
use validator::Validate;

/// The file formats the import reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportFormat {
    Csv,
    Xlsx,
}

/// Column headers of the import template and the export, Chinese first (what clerks type),
/// with English aliases accepted on import.
const COLUMNS: [(&str, &str); 13] = [
    ("姓名", "name"),
    ("性别", "gender"),
    ("出生日期", "birth_date"),
    ("身份证号", "national_id"),
    ("学历", "education_level"),
    ("毕业院校", "school"),
    ("学历证书编号", "education_certificate_no"),
    ("职称", "title"),
    ("职称级别", "title_level"),
    ("工作单位统一社会信用代码", "employer_credit_code"),
    ("岗位", "post"),
    ("任职日期", "post_since"),
    ("社保状态", "social_insurance"),
];

fn gender_zh(g: Gender) -> &'static str {
    match g {
        Gender::Male => "男",
        Gender::Female => "女",
    }
}
fn education_zh(e: EducationLevel) -> &'static str {
    match e {
        EducationLevel::Secondary => "中专",
        EducationLevel::JuniorCollege => "大专",
        EducationLevel::Bachelor => "本科",
        EducationLevel::Master => "硕士",
        EducationLevel::Doctorate => "博士",
        EducationLevel::Other => "其他",
    }
}
fn title_zh(t: TitleLevel) -> &'static str {
    match t {
        TitleLevel::None => "无",
        TitleLevel::Junior => "初级",
        TitleLevel::Intermediate => "中级",
        TitleLevel::AssociateSenior => "副高级",
        TitleLevel::Senior => "正高级",
    }
}
fn insurance_zh(s: SocialInsurance) -> &'static str {
    match s {
        SocialInsurance::Continuous => "连续",
        SocialInsurance::Interrupted => "中断",
        SocialInsurance::None => "无",
    }
}

/// The labels an import cell accepts for a state column, "、"-joined.
fn labels<T: State>(zh: fn(T) -> &'static str) -> String {
    T::iter().map(zh).collect::<Vec<_>>().join("、")
}

/// The import template (issue 14 §5): an XLSX workbook whose first sheet, 人员, holds the
/// header row the importer reads (the [`COLUMNS`], in Chinese) and nothing else, and whose
/// second sheet, 填写说明, lists each column: required or not, what it takes, an example.
/// The importer reads the first sheet only, so the instructions never become a person.
pub fn import_template() -> Result<Vec<u8>> {
    use rust_xlsxwriter::{Format, Workbook};
    let xl = |e: rust_xlsxwriter::XlsxError| {
        DirectoryError::unsupported_file(format!("无法生成 XLSX:{e}"), e.to_string())
    };
    let bold = Format::new().set_bold();
    let text = Format::new().set_num_format("@");
    let mut wb = Workbook::new();
    let sheet = wb.add_worksheet();
    sheet.set_name("人员").map_err(xl)?;
    for (c, (zh, _)) in COLUMNS.iter().enumerate() {
        sheet
            .write_string_with_format(0, c as u16, *zh, &bold)
            .map_err(xl)?;
        // Text cells: an ID number or a credit code typed into a number cell loses digits.
        sheet.set_column_format(c as u16, &text).map_err(xl)?;
        sheet.set_column_width(c as u16, 18).map_err(xl)?;
    }
    let notes = wb.add_worksheet();
    notes.set_name("填写说明").map_err(xl)?;
    for (c, h) in ["列", "必填", "填写要求", "示例"].iter().enumerate() {
        notes
            .write_string_with_format(0, c as u16, *h, &bold)
            .map_err(xl)?;
    }
    notes.set_column_width(0, 26).map_err(xl)?;
    notes.set_column_width(2, 60).map_err(xl)?;
    notes.set_column_width(3, 24).map_err(xl)?;
    let rows: [(&str, bool, String, &str); 13] = [
        ("姓名", true, "不超过50字".into(), "张三"),
        ("性别", true, labels(gender_zh), "男"),
        (
            "出生日期",
            true,
            "YYYY-MM-DD,须与身份证号一致".into(),
            "1985-03-12",
        ),
        (
            "身份证号",
            true,
            "18位居民身份证号,校验位须正确".into(),
            "43010219850312001X",
        ),
        ("学历", false, labels(education_zh), "本科"),
        ("毕业院校", false, "不超过100字".into(), "湖南大学"),
        ("学历证书编号", false, "不超过50字".into(), ""),
        ("职称", false, "不超过50字".into(), "工程师"),
        ("职称级别", false, labels(title_zh), "中级"),
        (
            "工作单位统一社会信用代码",
            true,
            "18位,须为您管理的单位".into(),
            "91430100MA4L0XXXXX",
        ),
        ("岗位", false, "不超过50字".into(), "锅炉检验员"),
        ("任职日期", false, "YYYY-MM-DD".into(), "2015-07-01"),
        ("社保状态", false, labels(insurance_zh), "连续"),
    ];
    for (r, (column, required, rule, example)) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        notes.write_string(r, 0, *column).map_err(xl)?;
        notes
            .write_string(r, 1, if *required { "是" } else { "否" })
            .map_err(xl)?;
        notes.write_string(r, 2, rule).map_err(xl)?;
        notes.write_string(r, 3, *example).map_err(xl)?;
    }
    wb.save_to_buffer().map_err(xl)
}

/// Parses a Chinese label or the English code.
fn parse_label<T: State>(zh: fn(T) -> &'static str, s: &str) -> Option<T> {
    T::iter().find(|v| zh(*v) == s || v.name() == s)
}

/// An optional import cell: empty is none, otherwise a label [`parse_label`] knows.
fn opt_label<T: State>(zh: fn(T) -> &'static str, s: &str) -> std::result::Result<Option<T>, ()> {
    if s.is_empty() {
        return Ok(None);
    }
    parse_label(zh, s).map(Some).ok_or(())
}

impl Directory {
    /// Writes the persons matching `filter` to an XLSX workbook (numbers masked).
    pub async fn export_persons(&self, actor: &Actor, filter: &PersonFilter) -> Result<Vec<u8>> {
        use rust_xlsxwriter::{Format, Workbook};
        let mut wb = Workbook::new();
        let sheet = wb.add_worksheet();
        let bold = Format::new().set_bold();
        let xl = |e: rust_xlsxwriter::XlsxError| {
            DirectoryError::unsupported_file(format!("无法生成 XLSX:{e}"), e.to_string())
        };
        sheet.set_name("人员").map_err(xl)?;
        for (c, (zh, _)) in COLUMNS.iter().enumerate() {
            let header = if *zh == "工作单位统一社会信用代码" {
                "工作单位"
            } else {
                zh
            };
            sheet
                .write_string_with_format(0, c as u16, header, &bold)
                .map_err(xl)?;
            sheet.set_column_width(c as u16, 16).map_err(xl)?;
        }
        let mut page = PageRequest::first(kernel::page::MAX_LIMIT);
        let mut r = 1u32;
        loop {
            let p = self.list_persons(actor, filter, page).await?;
            for person in &p.items {
                let cells = [
                    person.name.clone(),
                    gender_zh(person.gender).to_owned(),
                    person.birth_date.to_string(),
                    person.national_id_masked.clone(),
                    person
                        .education_level
                        .map(education_zh)
                        .unwrap_or_default()
                        .to_owned(),
                    person.school.clone().unwrap_or_default(),
                    person.education_certificate_no.clone().unwrap_or_default(),
                    person.title.clone().unwrap_or_default(),
                    person
                        .title_level
                        .map(title_zh)
                        .unwrap_or_default()
                        .to_owned(),
                    person.employer_name.clone().unwrap_or_default(),
                    person.post.clone().unwrap_or_default(),
                    person.post_since.map(|d| d.to_string()).unwrap_or_default(),
                    person
                        .social_insurance
                        .map(insurance_zh)
                        .unwrap_or_default()
                        .to_owned(),
                ];
                for (c, v) in cells.iter().enumerate() {
                    sheet.write_string(r, c as u16, v).map_err(xl)?;
                }
                r += 1;
            }
            match p
                .next_cursor
                .as_deref()
                .and_then(kernel::page::decode_cursor)
            {
                Some(after) => page.after = Some(after),
                None => break,
            }
        }
        wb.save_to_buffer().map_err(xl)
    }

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

/// Where each known column is, by its English name; refuses a header without the required
/// columns.
fn header_index(header: &[String]) -> Result<HashMap<&'static str, usize>> {
    let mut index: HashMap<&'static str, usize> = HashMap::new();
    for (i, h) in header.iter().enumerate() {
        let h = h.trim();
        if let Some((_, en)) = COLUMNS.iter().find(|(zh, en)| *zh == h || *en == h) {
            index.insert(en, i);
        }
    }
    let missing: Vec<&str> = [
        "name",
        "gender",
        "birth_date",
        "national_id",
        "employer_credit_code",
    ]
    .into_iter()
    .filter(|c| !index.contains_key(c))
    .collect();
    if !missing.is_empty() {
        let names: Vec<&str> = missing
            .iter()
            .filter_map(|m| COLUMNS.iter().find(|(_, en)| en == m).map(|(zh, _)| *zh))
            .collect();
        return Err(DirectoryError::unsupported_file(
            format!("缺少列:{}", names.join("、")),
            format!("missing columns: {}", names.join(", ")),
        ));
    }
    Ok(index)
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

fn parse_date(s: &str) -> Option<Date> {
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    let s = s.trim().replace('/', "-");
    Date::parse(&s, &fmt).ok().or_else(|| {
        // Excel stores dates as day numbers since 1899-12-30.
        let serial: f64 = s.parse().ok()?;
        let base = Date::from_calendar_date(1899, time::Month::December, 30).ok()?;
        base.checked_add(time::Duration::days(serial as i64))
    })
}

/// Hands each row of the first sheet (XLSX) or of the file (CSV, UTF-8 with or without BOM)
/// to `visit` with its 0-based index, as it is read: XLSX cells are streamed from the sheet's
/// XML instead of loading the whole sheet, so a 100,000-row import holds one row at a time
/// beside the rows it keeps.
fn for_each_row(
    format: ImportFormat,
    file: impl std::io::Read,
    mut visit: impl FnMut(u32, &[String]) -> Result<()>,
) -> Result<()> {
    use std::io::BufRead;
    let unreadable_file = |e: std::io::Error| {
        DirectoryError::unsupported_file(
            format!("无法读取上传的文件:{e}"),
            format!("the uploaded file could not be read: {e}"),
        )
    };
    match format {
        ImportFormat::Csv => {
            // Read as a stream, part after part: the sheet is never whole in memory.
            let mut text = std::io::BufReader::with_capacity(64 * 1024, file);
            if text
                .fill_buf()
                .map_err(unreadable_file)?
                .starts_with(b"\xEF\xBB\xBF")
            {
                text.consume(3);
            }
            let mut rdr = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(text);
            let mut rec = csv::StringRecord::new();
            let mut row: Vec<String> = Vec::new();
            let mut n = 0u32;
            loop {
                match rdr.read_record(&mut rec) {
                    Ok(false) => return Ok(()),
                    Ok(true) => {}
                    Err(e) => {
                        return Err(match e.kind() {
                            csv::ErrorKind::Utf8 { .. } => DirectoryError::unsupported_file(
                                "CSV 文件须为 UTF-8 编码",
                                "CSV must be UTF-8 encoded",
                            ),
                            _ => DirectoryError::unsupported_file(
                                format!("无法读取 CSV 文件:{e}"),
                                format!("CSV could not be read: {e}"),
                            ),
                        });
                    }
                }
                row.clear();
                row.extend(rec.iter().map(str::to_owned));
                visit(n, &row)?;
                n += 1;
            }
        }
        ImportFormat::Xlsx => {
            use calamine::{DataRef, Reader, Xlsx};
            let unreadable = || {
                DirectoryError::unsupported_file(
                    "无法读取第一个工作表",
                    "the first sheet could not be read",
                )
            };
            // A workbook is a zip, read by seeking: it is read whole (a 100,000-row sheet is
            // about 5 MB compressed).
            let mut bytes = Vec::new();
            let mut file = file;
            file.read_to_end(&mut bytes).map_err(unreadable_file)?;
            let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).map_err(|_| {
                DirectoryError::unsupported_file(
                    "无法读取的 XLSX 工作簿",
                    "not a readable XLSX workbook",
                )
            })?;
            let first = wb.sheet_names().first().cloned().ok_or_else(|| {
                DirectoryError::unsupported_file("工作簿中没有工作表", "the workbook has no sheet")
            })?;
            let mut cells = wb
                .worksheet_cells_reader(&first)
                .map_err(|_| unreadable())?;
            // Cells come in row order; empty rows and cells may be missing altogether.
            let mut row: Vec<String> = Vec::new();
            let mut at: Option<u32> = None;
            while let Some(cell) = cells.next_cell().map_err(|_| unreadable())? {
                let (r, c) = cell.get_position();
                if at != Some(r) {
                    if let Some(prev) = at {
                        visit(prev, &row)?;
                    }
                    row.clear();
                    at = Some(r);
                }
                let c = usize::try_from(c).map_err(|_| unreadable())?;
                if row.len() <= c {
                    row.resize(c + 1, String::new());
                }
                row[c] = match cell.get_value() {
                    DataRef::DateTime(d) => format!("{}", d.as_f64() as i64),
                    DataRef::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
                    DataRef::Empty => String::new(),
                    other => calamine::Data::from(other.clone()).to_string(),
                };
            }
            if let Some(prev) = at {
                visit(prev, &row)?;
            }
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The template's first sheet is exactly the header the importer reads, with no data
    /// row, and its instructions describe every column.
    #[test]
    fn the_import_template_is_the_header_the_importer_reads() {
        use calamine::{Reader, Xlsx};
        let bytes = import_template().unwrap_or_else(|e| panic!("{e}"));
        let mut header: Option<Vec<String>> = None;
        let mut rows = 0;
        for_each_row(ImportFormat::Xlsx, bytes.as_slice(), |_, row| {
            rows += 1;
            header.get_or_insert_with(|| row.to_vec());
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
        let header = header.unwrap_or_default();
        assert_eq!(rows, 1, "a header and no example person");
        let expected: Vec<&str> = COLUMNS.iter().map(|(zh, _)| *zh).collect();
        assert_eq!(header, expected);
        assert!(header_index(&header).is_ok());
        let mut wb: Xlsx<_> =
            Xlsx::new(std::io::Cursor::new(bytes)).unwrap_or_else(|e| panic!("{e}"));
        let notes = wb
            .worksheet_range("填写说明")
            .unwrap_or_else(|e| panic!("{e}"));
        let described: Vec<String> = notes.rows().skip(1).map(|r| r[0].to_string()).collect();
        assert_eq!(described, expected);
    }
}
