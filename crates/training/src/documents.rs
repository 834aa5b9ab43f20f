//! Renders simple tables (timetable, attendance sheet, score sheet) to XLSX and to PDF. PDFs
//! embed a subset of a CJK font (Noto Sans CJK SC from Debian's fonts-noto-cjk) so Chinese
//! names print on any reader; krilla subsets and embeds OpenType/CFF collections, which the
//! older PDF crates cannot.

use crate::error::{Result, TrainingError};
use kernel::Refusal;
use krilla::Document;
use krilla::geom::Point;
use krilla::page::PageSettings;
use krilla::paint::Fill;
use krilla::text::{Font, TextDirection};
use std::sync::{Arc, OnceLock};

/// A titled table.
#[derive(Debug, Clone)]
pub struct Table {
    pub title: String,
    /// Lines under the title (class, dates, place).
    pub subtitle: Vec<String>,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Relative column widths.
    pub widths: Vec<f32>,
    /// Columns holding amounts in yuan as text (`1200.00`): XLSX writes them as numbers, so a
    /// clerk can sum them; the PDF prints the text.
    pub amounts: Vec<usize>,
}

/// Font files tried in order: (path, face index in the collection). Index 2 of the Noto CJK
/// collections is the Simplified Chinese face. `SEFORCE_CJK_FONT` (a path) goes first.
const CJK_FONTS: [(&str, u32); 3] = [
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 2),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
];

fn cjk_font() -> Option<Font> {
    static DATA: OnceLock<Option<(Arc<Vec<u8>>, u32)>> = OnceLock::new();
    let (data, index) = DATA
        .get_or_init(|| {
            let env = std::env::var("SEFORCE_CJK_FONT").ok().map(|p| (p, 0));
            env.into_iter()
                .chain(CJK_FONTS.iter().map(|(p, i)| ((*p).to_owned(), *i)))
                .find_map(|(p, i)| std::fs::read(p).ok().map(|d| (Arc::new(d), i)))
        })
        .clone()?;
    Font::new(data.into(), index)
}

/// XLSX with a title row, subtitle rows, the header and the rows.
pub fn to_xlsx(t: &Table) -> Result<Vec<u8>> {
    use rust_xlsxwriter::{Format, Workbook};
    let err = |e: rust_xlsxwriter::XlsxError| TrainingError::Storage(e.to_string());
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let bold = Format::new().set_bold();
    let yuan = Format::new().set_num_format("#,##0.00");
    ws.write_string_with_format(0, 0, &t.title, &bold)
        .map_err(err)?;
    let mut row: u32 = 1;
    for s in &t.subtitle {
        ws.write_string(row, 0, s).map_err(err)?;
        row += 1;
    }
    row += 1;
    for (c, h) in t.header.iter().enumerate() {
        let c = u16::try_from(c).unwrap_or(u16::MAX);
        ws.write_string_with_format(row, c, h, &bold).map_err(err)?;
        ws.set_column_width(c, 14).map_err(err)?;
    }
    for r in &t.rows {
        row += 1;
        for (i, v) in r.iter().enumerate() {
            let c = u16::try_from(i).unwrap_or(u16::MAX);
            match v.parse::<f64>() {
                Ok(n) if t.amounts.contains(&i) => {
                    ws.write_number_with_format(row, c, n, &yuan).map_err(err)?;
                }
                _ => {
                    ws.write_string(row, c, v).map_err(err)?;
                }
            }
        }
    }
    wb.save_to_buffer().map_err(err)
}

/// An A4 landscape PDF of the table, paginated, header repeated on every page.
pub fn to_pdf(t: &Table) -> Result<Vec<u8>> {
    let font = cjk_font().ok_or_else(|| {
        Refusal::unavailable(
            "no_cjk_font",
            "服务器未安装中文字体,暂不能生成PDF(请管理员安装 fonts-noto-cjk 或设置 SEFORCE_CJK_FONT);XLSX 可用",
            "no CJK font on the server: PDFs need fonts-noto-cjk or SEFORCE_CJK_FONT; XLSX works",
        )
    })?;
    let (w, h) = (842.0_f32, 595.0_f32);
    let margin = 36.0;
    let line = 18.0;
    let total: f32 = t.widths.iter().sum::<f32>().max(1.0);
    let mut xs = Vec::with_capacity(t.widths.len());
    let mut x = margin;
    for wd in &t.widths {
        xs.push(x);
        x += wd / total * (w - 2.0 * margin);
    }
    let max_chars: Vec<usize> = t
        .widths
        .iter()
        .map(|wd| ((wd / total * (w - 2.0 * margin)) / 10.5).max(2.0) as usize)
        .collect();
    let clip = |s: &str, n: usize| -> String {
        if s.chars().count() <= n {
            s.to_owned()
        } else {
            s.chars().take(n.saturating_sub(1)).chain(['…']).collect()
        }
    };
    let mut doc = Document::new();
    let mut rows = t.rows.iter().peekable();
    let mut page_no = 0;
    loop {
        page_no += 1;
        let settings = PageSettings::from_wh(w, h)
            .ok_or_else(|| TrainingError::Storage("page size".into()))?;
        let mut page = doc.start_page_with(settings);
        let mut s = page.surface();
        s.set_fill(Some(Fill::default()));
        let mut y = margin + 16.0;
        let text = |s: &mut krilla::surface::Surface, x: f32, y: f32, size: f32, v: &str| {
            if !v.is_empty() {
                s.draw_text(
                    Point::from_xy(x, y),
                    font.clone(),
                    size,
                    v,
                    false,
                    TextDirection::Auto,
                );
            }
        };
        text(
            &mut s,
            margin,
            y,
            16.0,
            &format!("{}  (第{page_no}页)", t.title),
        );
        y += line + 4.0;
        if page_no == 1 {
            for sub in &t.subtitle {
                text(&mut s, margin, y, 10.0, sub);
                y += line - 4.0;
            }
            y += 6.0;
        }
        for (i, hd) in t.header.iter().enumerate() {
            text(&mut s, xs[i], y, 10.5, &clip(hd, max_chars[i]));
        }
        y += line;
        while let Some(r) = rows.peek() {
            if y > h - margin {
                break;
            }
            for (i, v) in r.iter().enumerate().take(xs.len()) {
                text(&mut s, xs[i], y, 10.0, &clip(v, max_chars[i]));
            }
            y += line;
            rows.next();
        }
        s.finish();
        page.finish();
        if rows.peek().is_none() {
            break;
        }
    }
    doc.finish()
        .map_err(|e| TrainingError::Storage(format!("pdf: {e:?}")))
}
