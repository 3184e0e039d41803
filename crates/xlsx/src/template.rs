//! The fill-in workbook (填报模板): one sheet per group of the department-year, written from
//! the layout in `schema.rs`, blank or pre-filled.

use jixiao_model::DepartmentYear;
use rust_decimal::Decimal;
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DataValidationRule, Format, FormatAlign,
    FormatBorder, Formula, Workbook, Worksheet,
};

use crate::schema::{sheets, Column, Form, Op, SheetDef, TCol, Table};
use crate::value::{decimal_to_f64, float_text, Cv, Kind};
use crate::{col_name, XlsxError, EXACT_SHEET, INSTRUCTIONS_SHEET, MARKER};

/// Rows left for entry below the existing records of a list table.
const SPARE_ROWS: u32 = 300;
/// Excel's limit on the characters of one cell.
const MAX_CELL_CHARS: usize = 32_767;

pub(crate) struct Formats {
    pub title: Format,
    pub hint: Format,
    pub header: Format,
    pub label: Format,
    pub unit: Format,
    pub note: Format,
    pub money: Format,
    pub percent: Format,
    pub num: Format,
    pub int: Format,
    pub text: Format,
    pub long: Format,
    pub calc: Format,
    pub calc_label: Format,
    pub unused: Format,
}

impl Formats {
    pub(crate) fn new() -> Formats {
        let border = |f: Format| f.set_border(FormatBorder::Thin).set_border_color(0xA6A6A6);
        let input = |f: Format| border(f).set_background_color(0xFFFFF2);
        Formats {
            title: Format::new().set_bold().set_font_size(14),
            hint: Format::new()
                .set_font_size(9)
                .set_font_color(0x595959)
                .set_text_wrap()
                .set_align(FormatAlign::Top),
            header: border(Format::new())
                .set_bold()
                .set_background_color(0xDDEBF7)
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            label: border(Format::new()).set_text_wrap(),
            unit: border(Format::new())
                .set_align(FormatAlign::Center)
                .set_font_color(0x595959),
            note: border(Format::new())
                .set_font_size(9)
                .set_font_color(0x595959)
                .set_text_wrap(),
            money: input(Format::new()).set_num_format("#,##0.00####"),
            percent: input(Format::new()).set_num_format("0.00##"),
            num: input(Format::new()).set_num_format("General"),
            int: input(Format::new()).set_num_format("0"),
            text: input(Format::new()),
            long: input(Format::new())
                .set_text_wrap()
                .set_align(FormatAlign::Top),
            calc: border(Format::new())
                .set_background_color(0xEDEDED)
                .set_font_color(0x404040)
                .set_num_format("#,##0.00"),
            calc_label: border(Format::new())
                .set_background_color(0xEDEDED)
                .set_font_color(0x404040)
                .set_italic(),
            unused: border(Format::new()).set_background_color(Color::RGB(0xBFBFBF)),
        }
    }

    fn for_kind(&self, kind: Kind) -> &Format {
        match kind {
            Kind::Money | Kind::SignedMoney => &self.money,
            Kind::Percent => &self.percent,
            Kind::Num => &self.num,
            Kind::Int(..) => &self.int,
            Kind::LongText => &self.long,
            Kind::Bool | Kind::Text | Kind::Choice(_) => &self.text,
        }
    }
}

/// Exact texts of numbers that a double would not reproduce (scale, long digits).
#[derive(Default)]
pub(crate) struct ExactLog(pub Vec<(String, String, String)>);

pub(crate) struct Ctx<'a> {
    pub fmt: &'a Formats,
    pub exact: &'a mut ExactLog,
    pub sheet: &'static str,
}

fn too_long(sheet: &str, row: u32, col: u16) -> XlsxError {
    XlsxError::CellTooLong {
        sheet: sheet.to_string(),
        cell: format!("{}{}", col_name(col), row + 1),
    }
}

/// Write one typed value.
pub(crate) fn write_cv(
    ws: &mut Worksheet,
    ctx: &mut Ctx<'_>,
    row: u32,
    col: u16,
    cv: &Cv,
    format: &Format,
) -> Result<(), XlsxError> {
    let number = |d: Decimal, ws: &mut Worksheet, ctx: &mut Ctx<'_>| -> Result<(), XlsxError> {
        let f = decimal_to_f64(d);
        ws.write_number_with_format(row, col, f, format)?;
        let exact = d.to_string();
        if float_text(f) != exact {
            ctx.exact.0.push((
                ctx.sheet.to_string(),
                format!("{}{}", col_name(col), row + 1),
                exact,
            ));
        }
        Ok(())
    };
    match cv {
        Cv::Money(m) => number(m.as_wan(), ws, ctx)?,
        Cv::Percent(p) => number(p.value(), ws, ctx)?,
        Cv::Num(n) => number(n.0, ws, ctx)?,
        Cv::Int(i) => number(Decimal::from(*i), ws, ctx)?,
        Cv::Bool(b) => {
            ws.write_string_with_format(row, col, if *b { "是" } else { "否" }, format)?;
        }
        Cv::Text(t) => {
            if t.chars().count() > MAX_CELL_CHARS {
                return Err(too_long(ctx.sheet, row, col));
            }
            ws.write_string_with_format(row, col, t, format)?;
        }
    }
    Ok(())
}

fn validation_for(kind: Kind, list: Option<&'static [&'static str]>) -> Option<DataValidation> {
    let v = match (kind, list) {
        (_, Some(list)) => DataValidation::new()
            .allow_list_strings(list)
            .ok()?
            .set_error_style(DataValidationErrorStyle::Warning),
        (Kind::Money, _) => DataValidation::new()
            .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0))
            .set_error_style(DataValidationErrorStyle::Warning)
            .set_input_message("金额（万元），不能为负数")
            .ok()?,
        (Kind::Percent, _) => DataValidation::new()
            .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0))
            .set_error_style(DataValidationErrorStyle::Warning)
            .set_input_message("百分比填数字：26 表示 26%")
            .ok()?,
        (Kind::Int(lo, _), _) if lo >= 0 => DataValidation::new()
            .allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(0))
            .set_error_style(DataValidationErrorStyle::Warning),
        (Kind::Bool, _) => DataValidation::new()
            .allow_list_strings(&["是", "否"])
            .ok()?,
        (Kind::Choice(options), _) => DataValidation::new()
            .allow_list_strings(options)
            .ok()?
            .set_error_style(DataValidationErrorStyle::Warning),
        _ => return None,
    };
    Some(v)
}

/// Cell reference and current value of a named operand.
pub(crate) type Resolver<'a> = dyn Fn(&str) -> Option<(String, Option<Decimal>)> + 'a;

/// Spreadsheet formula and its value for an `Op` over named operand cells.
pub(crate) fn formula_for(op: Op, cell: &Resolver<'_>) -> Option<(String, String)> {
    let pct = |a: Option<Decimal>, b: Option<Decimal>| -> String {
        match (a, b) {
            (Some(a), Some(b)) if !b.is_zero() => {
                jixiao_model::round2(a / b * Decimal::from(100)).to_string()
            }
            _ => String::new(),
        }
    };
    match op {
        Op::Sum(labels) => {
            let cells: Vec<(String, Option<Decimal>)> =
                labels.iter().map(|l| cell(l)).collect::<Option<_>>()?;
            let refs: Vec<&str> = cells.iter().map(|(r, _)| r.as_str()).collect();
            let refs = refs.join(",");
            let present: Vec<Decimal> = cells.iter().filter_map(|(_, v)| *v).collect();
            let result = if present.is_empty() {
                String::new()
            } else {
                present.iter().copied().sum::<Decimal>().to_string()
            };
            Some((format!("=IF(COUNT({refs})=0,\"\",SUM({refs}))"), result))
        }
        Op::Ratio(a, b) => {
            let (ra, va) = cell(a)?;
            let (rb, vb) = cell(b)?;
            Some((
                format!("=IF(OR(COUNT({ra})=0,N({rb})=0),\"\",ROUND({ra}/{rb}*100,2))"),
                pct(va, vb),
            ))
        }
        Op::Change(a, b) => {
            let (ra, va) = cell(a)?;
            let (rb, vb) = cell(b)?;
            let diff = match (va, vb) {
                (Some(a), Some(b)) => Some(b - a),
                _ => None,
            };
            Some((
                format!("=IF(OR(COUNT({rb})=0,N({ra})=0),\"\",ROUND(({rb}-{ra})/{ra}*100,2))"),
                pct(diff, va),
            ))
        }
    }
}

fn numeric(cv: Option<Cv>) -> Option<Decimal> {
    match cv? {
        Cv::Money(m) => Some(m.as_wan()),
        Cv::Percent(p) => Some(p.value()),
        Cv::Num(n) => Some(n.0),
        Cv::Int(i) => Some(Decimal::from(i)),
        _ => None,
    }
}

fn write_formula(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    formula: Option<(String, String)>,
    fmt: &Format,
) -> Result<(), XlsxError> {
    match formula {
        Some((f, result)) => {
            // An empty cached result would be written as 0; a blank string shows as blank
            // in viewers that do not recalculate (LibreOffice by default).
            let result = if result.is_empty() {
                " ".to_string()
            } else {
                result
            };
            ws.write_formula_with_format(row, col, Formula::new(f).set_result(result), fmt)?;
        }
        None => {
            ws.write_blank(row, col, fmt)?;
        }
    }
    Ok(())
}

/// Lines a text needs in a column `width` characters wide (CJK characters count double).
pub(crate) fn text_lines(text: &str, width: f64) -> u32 {
    let per_line = (width as u32).max(4);
    text.split('\n')
        .map(|line| {
            let w: u32 = line.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum();
            w.div_ceil(per_line).max(1)
        })
        .sum()
}

/// Write the form block at `start` (its header row). Returns the next free row.
fn write_form(
    ws: &mut Worksheet,
    ctx: &mut Ctx<'_>,
    form: &Form,
    d: &DepartmentYear,
    start: u32,
) -> Result<u32, XlsxError> {
    let fmt = ctx.fmt;
    let ncols = form.columns.len() as u16;
    ws.write_string_with_format(start, 0, form.corner, &fmt.header)?;
    for (i, h) in form.columns.iter().enumerate() {
        ws.write_string_with_format(start, 1 + i as u16, *h, &fmt.header)?;
    }
    ws.write_string_with_format(start, 1 + ncols, "单位", &fmt.header)?;
    ws.write_string_with_format(start, 2 + ncols, "填写说明", &fmt.header)?;
    ws.set_row_height(start, 30)?;
    let mut r = start + 1;
    for fr in &form.rows {
        ws.write_string_with_format(r, 0, fr.label, &fmt.label)?;
        let long = fr.cells.iter().any(|(_, s)| s.kind == Kind::LongText);
        for c in 0..ncols {
            let cell = fr.cells.iter().find(|(i, _)| *i == c as usize);
            match cell {
                Some((_, s)) => {
                    let f = fmt.for_kind(s.kind);
                    match (s.get)(d) {
                        Some(cv) => write_cv(ws, ctx, r, 1 + c, &cv, f)?,
                        None => {
                            ws.write_blank(r, 1 + c, f)?;
                        }
                    }
                    if let Some(v) = validation_for(s.kind, None) {
                        ws.add_data_validation(r, 1 + c, r, 1 + c, &v)?;
                    }
                }
                None => {
                    ws.write_blank(r, 1 + c, &fmt.unused)?;
                }
            }
        }
        ws.write_string_with_format(r, 1 + ncols, fr.unit, &fmt.unit)?;
        ws.write_string_with_format(r, 2 + ncols, fr.note, &fmt.note)?;
        if long {
            let chars = fr
                .cells
                .iter()
                .filter_map(|(_, s)| match (s.get)(d) {
                    Some(Cv::Text(t)) => Some(text_lines(&t, form.value_width)),
                    _ => None,
                })
                .max()
                .unwrap_or(1);
            ws.set_row_height(r, (15 * chars.clamp(3, 26)) as f64)?;
        }
        r += 1;
    }
    for fr in &form.formulas {
        ws.write_string_with_format(r, 0, fr.label, &fmt.calc_label)?;
        for c in 0..ncols {
            let resolve = |label: &str| -> Option<(String, Option<Decimal>)> {
                let i = form.rows.iter().position(|x| x.label == label)?;
                let slot = form.rows[i].cells.iter().find(|(k, _)| *k == c as usize);
                let value = slot.and_then(|(_, s)| numeric((s.get)(d)));
                slot.map(|_| {
                    (
                        format!("{}{}", col_name(1 + c), start + 2 + i as u32),
                        value,
                    )
                })
            };
            write_formula(ws, r, 1 + c, formula_for(fr.op, &resolve), &fmt.calc)?;
        }
        ws.write_string_with_format(r, 1 + ncols, fr.unit, &fmt.unit)?;
        ws.write_string_with_format(r, 2 + ncols, "自动计算，不读取", &fmt.note)?;
        r += 1;
    }
    ws.set_column_width(0, 30)?;
    for c in 0..ncols {
        ws.set_column_width(1 + c, form.value_width)?;
    }
    ws.set_column_width(1 + ncols, 8)?;
    ws.set_column_width(2 + ncols, 44)?;
    Ok(r)
}

/// Writing of a list table (implemented for every `Table<R>`).
pub(crate) trait TableWriter {
    fn write(
        &self,
        ws: &mut Worksheet,
        ctx: &mut Ctx<'_>,
        d: &DepartmentYear,
        start: u32,
        set_widths: bool,
    ) -> Result<u32, XlsxError>;
}

pub(crate) fn header_text(header: &str, unit: &str, required: bool) -> String {
    let mut s = header.to_string();
    if !unit.is_empty() {
        s.push_str(&format!("（{unit}）"));
    }
    if required {
        s.push('*');
    }
    s
}

impl<R> TableWriter for Table<R> {
    fn write(
        &self,
        ws: &mut Worksheet,
        ctx: &mut Ctx<'_>,
        d: &DepartmentYear,
        start: u32,
        set_widths: bool,
    ) -> Result<u32, XlsxError> {
        let fmt = ctx.fmt;
        for (i, c) in self.columns.iter().enumerate() {
            let required = matches!(c, TCol::Input(Column { required: true, .. }));
            ws.write_string_with_format(
                start,
                i as u16,
                header_text(c.header(), c.unit(), required),
                &fmt.header,
            )?;
            if set_widths {
                let w = match c {
                    TCol::Input(c) => c.width,
                    TCol::Formula { .. } => 12.0,
                };
                ws.set_column_width(i as u16, w)?;
            }
        }
        ws.set_row_height(start, 32)?;
        let records = (self.rows)(d);
        let first = start + 1;
        let last = first + records.len() as u32 + SPARE_ROWS - 1;
        let position = |header: &str| self.columns.iter().position(|c| c.header() == header);
        for r in first..=last {
            let rec = records.get((r - first) as usize);
            for (i, c) in self.columns.iter().enumerate() {
                let ci = i as u16;
                match c {
                    TCol::Input(col) => {
                        let f = fmt.for_kind(col.slot.kind);
                        match rec.and_then(|x| (col.slot.get)(x)) {
                            Some(cv) => write_cv(ws, ctx, r, ci, &cv, f)?,
                            None => {
                                ws.write_blank(r, ci, f)?;
                            }
                        }
                    }
                    TCol::Formula { op, .. } => {
                        let resolve = |h: &str| -> Option<(String, Option<Decimal>)> {
                            let j = position(h)?;
                            let value = match (&self.columns[j], rec) {
                                (TCol::Input(col), Some(x)) => numeric((col.slot.get)(x)),
                                _ => None,
                            };
                            Some((format!("{}{}", col_name(j as u16), r + 1), value))
                        };
                        write_formula(ws, r, ci, formula_for(*op, &resolve), &fmt.calc)?;
                    }
                }
            }
        }
        for (i, c) in self.columns.iter().enumerate() {
            if let TCol::Input(col) = c {
                if let Some(v) = validation_for(col.slot.kind, col.list) {
                    ws.add_data_validation(first, i as u16, last, i as u16, &v)?;
                }
            }
        }
        Ok(last + 1)
    }
}

fn write_sheet(
    wb: &mut Workbook,
    def: &SheetDef,
    d: &DepartmentYear,
    fmt: &Formats,
    exact: &mut ExactLog,
) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name(def.name)?;
    let mut ctx = Ctx {
        fmt,
        exact,
        sheet: def.name,
    };
    let width = def
        .form
        .as_ref()
        .map(|f| f.columns.len() as u16 + 3)
        .unwrap_or(0)
        .max(def.table.as_ref().map(|t| t.width() as u16).unwrap_or(0));
    ws.merge_range(0, 0, 0, width.saturating_sub(1), def.title, &fmt.title)?;
    ws.set_row_height(0, 24)?;
    ws.merge_range(1, 0, 1, width.saturating_sub(1), def.hint, &fmt.hint)?;
    ws.set_row_height(
        1,
        if def.hint.chars().count() > 60 {
            36
        } else {
            18
        },
    )?;
    let mut next = 2;
    if let Some(form) = &def.form {
        next = write_form(ws, &mut ctx, form, d, next)?;
        ws.set_freeze_panes(3, 1)?;
    }
    if let Some(table) = &def.table {
        let start = if def.form.is_some() { next + 1 } else { next };
        if def.form.is_some() {
            let note = format!("以下为明细表：{}", def.title);
            ws.write_string_with_format(next, 0, note, &fmt.hint)?;
        } else {
            ws.set_freeze_panes(start + 1, 1)?;
        }
        table
            .as_writer()
            .write(ws, &mut ctx, d, start, def.form.is_none())?;
    }
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    Ok(())
}

const INSTRUCTIONS: &[&str] = &[
    "1. 本工作簿用于填报部门年度绩效评价所需数据，每个工作表对应一类数据，可直接作为 jixiao 的输入（jixiao evaluate 本文件.xlsx）。",
    "2. 请勿修改工作表名称、表头和左侧项目名称；可以插入空行或备注行，导入时会跳过。表头带 * 的列为必填。",
    "3. 金额单位一律为万元。若手头数据以元为单位，可直接填写「3500 元」这样的文本，或在该列表头后加「（元）」（如「年初预算（元）」），导入时精确换算为万元；千分位逗号、全角数字也可识别。",
    "4. 百分比填数字：26 表示 26%（不要填 0.26）。",
    "5. 是/否 类单元格填「是」或「否」；下拉框给出了比较方式（≥ ≤ = > < 区间 定性）、指标类别（产出/效益/满意度/成本指标）和项目状态的可选值。",
    "6. 灰色单元格和标有〔自动计算〕的行列是公式，用于实时显示合计与比率，导入时不读取；深灰色单元格表示该栏不适用，请留空。",
    "7. 没有的数据请留空，不要填 0：留空表示“未提供”，相关指标将标注为无法计算，而不是按 0 计算。",
    "8. 导入时会一次性列出全部问题（工作表、单元格和原因），有任何错误则整个文件不被读取，请改正后重新导入。",
    "9. 隐藏工作表「_jixiao」记录了数字的精确写法（如 1752.00 的小数位），请勿删除；删除后数值仍可读取，只是小数位按单元格中的数值处理。",
];

fn write_instructions(wb: &mut Workbook, fmt: &Formats) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name(INSTRUCTIONS_SHEET)?;
    ws.set_column_width(0, 16)?;
    ws.set_column_width(1, 110)?;
    ws.write_string_with_format(0, 0, "部门整体支出绩效评价数据填报说明", &fmt.title)?;
    ws.set_row_height(0, 26)?;
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    for (i, line) in INSTRUCTIONS.iter().enumerate() {
        let r = 1 + i as u32;
        let (num, text) = line.split_once(". ").unwrap_or(("", line));
        ws.write_string_with_format(r, 0, format!("{num}."), &wrap)?;
        ws.write_string_with_format(r, 1, text, &wrap)?;
        ws.set_row_height(r, (16 * text_lines(text, 110.0)) as f64)?;
    }
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    let mut r = 2 + INSTRUCTIONS.len() as u32;
    ws.write_string_with_format(r, 0, "工作表", &fmt.header)?;
    ws.write_string_with_format(r, 1, "内容", &fmt.header)?;
    for def in sheets() {
        r += 1;
        ws.write_string_with_format(r, 0, def.name, &fmt.label)?;
        let text = format!("{}。{}", def.title, def.hint);
        ws.set_row_height(r, (14 * text_lines(&text, 120.0)) as f64)?;
        ws.write_string_with_format(r, 1, text, &fmt.note)?;
    }
    Ok(())
}

/// Build the fill-in workbook for `d` (pass `DepartmentYear::default()` for a blank one).
pub fn template_bytes(d: &DepartmentYear) -> Result<Vec<u8>, XlsxError> {
    crate::check_writable(d)?;
    let mut wb = Workbook::new();
    let fmt = Formats::new();
    let mut exact = ExactLog::default();
    write_instructions(&mut wb, &fmt)?;
    for def in sheets() {
        write_sheet(&mut wb, &def, d, &fmt, &mut exact)?;
    }
    let ws = wb.add_worksheet();
    ws.set_name(EXACT_SHEET)?;
    ws.write_string(0, 0, MARKER)?;
    ws.write_string(0, 1, "单元格")?;
    ws.write_string(0, 2, "精确值")?;
    for (i, (sheet, cell, text)) in exact.0.iter().enumerate() {
        let r = 1 + i as u32;
        ws.write_string(r, 0, sheet)?;
        ws.write_string(r, 1, cell)?;
        ws.write_string(r, 2, text)?;
    }
    ws.set_hidden(true);
    wb.save_to_buffer().map_err(XlsxError::from)
}
