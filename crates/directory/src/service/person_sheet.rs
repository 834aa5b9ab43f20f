//! The persons spreadsheet's shape: its columns and their labels, the import template, the
//! export, and reading a CSV or XLSX file row by row. What the import does with the rows is
//! `person_rows`; the job that runs it is `person_import`.

use super::persons::PersonFilter;
use crate::Directory;
use crate::error::{DirectoryError, Result};
use crate::model::{EducationLevel, Gender, SocialInsurance, TitleLevel};
use kernel::Actor;
use kernel::page::PageRequest;
use kernel::state::State;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use time::Date;

/// The file formats the import reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportFormat {
    Csv,
    Xlsx,
}

/// Column headers of the import template and the export, Chinese first (what clerks type),
/// with English aliases accepted on import.
pub(super) const COLUMNS: [(&str, &str); 13] = [
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

pub(super) fn gender_zh(g: Gender) -> &'static str {
    match g {
        Gender::Male => "男",
        Gender::Female => "女",
    }
}
pub(super) fn education_zh(e: EducationLevel) -> &'static str {
    match e {
        EducationLevel::Secondary => "中专",
        EducationLevel::JuniorCollege => "大专",
        EducationLevel::Bachelor => "本科",
        EducationLevel::Master => "硕士",
        EducationLevel::Doctorate => "博士",
        EducationLevel::Other => "其他",
    }
}
pub(super) fn title_zh(t: TitleLevel) -> &'static str {
    match t {
        TitleLevel::None => "无",
        TitleLevel::Junior => "初级",
        TitleLevel::Intermediate => "中级",
        TitleLevel::AssociateSenior => "副高级",
        TitleLevel::Senior => "正高级",
    }
}
pub(super) fn insurance_zh(s: SocialInsurance) -> &'static str {
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
pub(super) fn parse_label<T: State>(zh: fn(T) -> &'static str, s: &str) -> Option<T> {
    T::iter().find(|v| zh(*v) == s || v.name() == s)
}

/// An optional import cell: empty is none, otherwise a label [`parse_label`] knows.
pub(super) fn opt_label<T: State>(
    zh: fn(T) -> &'static str,
    s: &str,
) -> std::result::Result<Option<T>, ()> {
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
}

/// Where each known column is, by its English name; refuses a header without the required
/// columns.
pub(super) fn header_index(header: &[String]) -> Result<HashMap<&'static str, usize>> {
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

pub(super) fn parse_date(s: &str) -> Option<Date> {
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
pub(super) fn for_each_row(
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
