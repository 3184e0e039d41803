//! Plain tables as a workbook: one worksheet per table, a title row, a bold frozen header,
//! bordered cells, numbers as numbers (two decimals), rows as tall as their wrapped text, and
//! rows that can be highlighted.
//! Used for 复核 results and any other list a user wants in Excel.

use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook};

use crate::export::sheet_names_of;
use crate::template::text_lines;
use crate::value::decimal_to_f64;
use crate::XlsxError;

/// One cell of a table.
#[derive(Debug, Clone, PartialEq)]
pub enum TableCell {
    Empty,
    Text(String),
    /// A whole number (counts, ranks).
    Integer(i64),
    /// A number shown with two decimals (scores, amounts).
    Number(Decimal),
    /// A percentage value (92.71 means 92.71%), shown with two decimals and a % sign.
    Percent(Decimal),
}

impl TableCell {
    pub fn text(s: impl Into<String>) -> TableCell {
        TableCell::Text(s.into())
    }
    pub fn opt_number(d: Option<Decimal>) -> TableCell {
        d.map(TableCell::Number).unwrap_or(TableCell::Empty)
    }
    pub fn opt_percent(d: Option<Decimal>) -> TableCell {
        d.map(TableCell::Percent).unwrap_or(TableCell::Empty)
    }
}

/// One worksheet.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TableSheet {
    /// Worksheet name (made valid and unique).
    pub name: String,
    /// Title row above the table.
    pub title: String,
    /// Lines under the title (source, rule, counts).
    pub notes: Vec<String>,
    pub headers: Vec<String>,
    /// Column widths in characters; missing ones default to 12.
    pub widths: Vec<f64>,
    pub rows: Vec<Vec<TableCell>>,
    /// Rows (by index) shown in a light red fill: the ones a reviewer should look at.
    pub highlight: Vec<usize>,
}

/// The sheets as one workbook.
pub fn tables_bytes(sheets: &[TableSheet]) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let base = || {
        Format::new()
            .set_font_name("宋体")
            .set_font_size(10)
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter)
    };
    let title = Format::new()
        .set_font_name("宋体")
        .set_font_size(14)
        .set_bold();
    let note = Format::new().set_font_name("宋体").set_font_size(9);
    let head = base()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_background_color(0xF2F2F2);
    let text = base().set_text_wrap();
    let integer = base().set_num_format("0");
    let number = base().set_num_format("#,##0.00");
    let percent = base().set_num_format("0.00\"%\"");
    let red = 0xFDE9E7;
    let text_hi = text.clone().set_background_color(red);
    let number_hi = number.clone().set_background_color(red);
    let integer_hi = integer.clone().set_background_color(red);
    let percent_hi = percent.clone().set_background_color(red);
    let names = sheet_names_of(sheets.iter().map(|s| s.name.as_str()));
    for (s, name) in sheets.iter().zip(names) {
        let ws = wb.add_worksheet();
        ws.set_name(name)?;
        for c in 0..s.headers.len() {
            ws.set_column_width(c as u16, s.widths.get(c).copied().unwrap_or(12.0))?;
        }
        ws.write_string_with_format(0, 0, &s.title, &title)?;
        let mut r: u32 = 1;
        for n in &s.notes {
            ws.write_string_with_format(r, 0, n, &note)?;
            r += 1;
        }
        r += 1;
        let header_row = r;
        for (c, h) in s.headers.iter().enumerate() {
            ws.write_string_with_format(r, c as u16, h, &head)?;
        }
        ws.set_row_height(r, 30)?;
        r += 1;
        for (i, row) in s.rows.iter().enumerate() {
            let hi = s.highlight.contains(&i);
            // Wrapped text needs its height: the tallest cell of the row.
            let lines = row
                .iter()
                .enumerate()
                .map(|(c, cell)| match cell {
                    TableCell::Text(t) => text_lines(t, s.widths.get(c).copied().unwrap_or(12.0)),
                    _ => 1,
                })
                .max()
                .unwrap_or(1);
            if lines > 1 {
                ws.set_row_height(r, f64::from(13 * lines.min(30)))?;
            }
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                match cell {
                    TableCell::Empty => {
                        ws.write_blank(r, c, if hi { &text_hi } else { &text })?;
                    }
                    TableCell::Text(t) => {
                        if t.chars().count() > 32_767 {
                            return Err(XlsxError::CellTooLong {
                                sheet: s.name.clone(),
                                cell: format!("{}{}", crate::col_name(c), r + 1),
                            });
                        }
                        ws.write_string_with_format(r, c, t, if hi { &text_hi } else { &text })?;
                    }
                    TableCell::Integer(n) => {
                        ws.write_number_with_format(
                            r,
                            c,
                            *n as f64,
                            if hi { &integer_hi } else { &integer },
                        )?;
                    }
                    TableCell::Number(d) => {
                        ws.write_number_with_format(
                            r,
                            c,
                            decimal_to_f64(*d),
                            if hi { &number_hi } else { &number },
                        )?;
                    }
                    TableCell::Percent(d) => {
                        ws.write_number_with_format(
                            r,
                            c,
                            decimal_to_f64(*d),
                            if hi { &percent_hi } else { &percent },
                        )?;
                    }
                }
            }
            r += 1;
        }
        ws.set_freeze_panes(header_row + 1, 0)?;
        if !s.headers.is_empty() {
            ws.autofilter(
                header_row,
                0,
                r.saturating_sub(1).max(header_row),
                (s.headers.len() - 1) as u16,
            )?;
        }
        ws.set_paper_size(9);
        ws.set_landscape();
        ws.set_print_fit_to_pages(1, 0);
        ws.set_repeat_rows(header_row, header_row)?;
    }
    if sheets.is_empty() {
        let ws = wb.add_worksheet();
        ws.write_string(0, 0, "没有可导出的数据")?;
    }
    Ok(wb.save_to_buffer()?)
}
