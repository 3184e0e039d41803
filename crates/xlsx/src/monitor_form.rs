//! The 绩效监控表 (project performance monitoring form, domain.md §7, 财预〔2019〕136号 shape):
//! a summary sheet, then one sheet per project with the fund grid (资金来源 | 年初预算 |
//! 调整预算 | 调整后预算 | 累计支出 | 执行率 | 预计全年结余) and the indicator grid (一级 | 二级 |
//! 指标 | 年度指标值 | 当前完成值 | 全年预计完成值 | 偏离度 | 完成可能性 | 偏差原因 | 原因分类 |
//! 纠偏措施), each light in a coloured cell.
//!
//! Like the score sheets, this crate does not judge: the caller fills a [`MonitorWorkbook`]
//! from `jixiao-monitor`'s report.

use rust_decimal::Decimal;
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, Worksheet};

use crate::export::{fmts, put, put_num, sheet_names_of, Fmt};
use crate::template::text_lines;
use crate::XlsxError;

/// A light as shown: its label ("绿灯") and code ("green"), or "—" when not judged.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LightCell {
    pub label: String,
    /// "red", "yellow", "green", "blue", or empty.
    pub code: String,
}

/// One row of the fund grid, amounts in 万元.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MonitorFundRow {
    pub source: String,
    pub initial: Option<Decimal>,
    pub adjustment: Option<Decimal>,
    pub adjusted: Option<Decimal>,
    pub spent: Option<Decimal>,
    pub execution_pct: Option<Decimal>,
    pub forecast_balance: Option<Decimal>,
    pub total: bool,
}

/// One row of the indicator grid.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MonitorTargetRow {
    pub level1: String,
    pub level2: String,
    pub name: String,
    pub target: String,
    pub current: String,
    pub forecast: String,
    pub deviation_pct: Option<Decimal>,
    pub likelihood: String,
    pub reason: String,
    pub reason_category: String,
    pub measures: String,
    pub light: LightCell,
}

/// One project's (or the department's) monitoring form.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MonitorSheet {
    pub sheet_name: String,
    pub title: String,
    pub subject: String,
    pub code: String,
    pub department: String,
    pub as_of: String,
    pub time_progress: String,
    pub funds: Vec<MonitorFundRow>,
    pub execution: LightCell,
    pub execution_reason: String,
    pub forecast: String,
    pub targets: Vec<MonitorTargetRow>,
    pub targets_light: LightCell,
    pub targets_reason: String,
    pub dual: LightCell,
    pub dual_reason: String,
    /// The unit's reason and measures for the spending.
    pub reason: String,
    pub measures: String,
    pub flags: Vec<String>,
    pub preparer: String,
    pub phone: String,
}

/// One row of the summary sheet.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MonitorSummaryRow {
    pub number: String,
    pub name: String,
    pub code: String,
    pub adjusted: Option<Decimal>,
    pub spent: Option<Decimal>,
    pub execution_pct: Option<Decimal>,
    pub execution: LightCell,
    pub targets: LightCell,
    pub dual: LightCell,
    pub reason: String,
    pub forecast_balance: Option<Decimal>,
    pub flags: String,
}

/// The whole workbook.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MonitorWorkbook {
    pub title: String,
    pub department: String,
    pub as_of: String,
    pub rules: String,
    pub time_progress: String,
    pub source: String,
    pub rows: Vec<MonitorSummaryRow>,
    pub counts: String,
    pub sheets: Vec<MonitorSheet>,
}

fn light_format(code: &str) -> Format {
    let (bg, fg) = match code {
        "red" => (0xFFC7CE, 0x9C0006),
        "yellow" => (0xFFEB9C, 0x9C5700),
        "green" => (0xC6EFCE, 0x006100),
        "blue" => (0xBDD7EE, 0x1F4E78),
        _ => (0xFFFFFF, 0x595959),
    };
    Format::new()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_font_name("宋体")
        .set_font_size(10)
        .set_bold()
        .set_background_color(Color::RGB(bg))
        .set_font_color(Color::RGB(fg))
}

fn put_light(ws: &mut Worksheet, r: u32, c: u16, l: &LightCell) -> Result<(), XlsxError> {
    put_light_rows(ws, r, r, c, l)
}

/// A light over rows r0..=r1 of column c (merged when more than one row).
fn put_light_rows(
    ws: &mut Worksheet,
    r0: u32,
    r1: u32,
    c: u16,
    l: &LightCell,
) -> Result<(), XlsxError> {
    let text = if l.label.is_empty() { "—" } else { &l.label };
    if r0 == r1 {
        ws.write_string_with_format(r0, c, text, &light_format(&l.code))?;
    } else {
        ws.merge_range(r0, c, r1, c, text, &light_format(&l.code))?;
    }
    Ok(())
}

/// Bold amounts with thousands separators, for 合计 rows.
fn total_amount() -> Format {
    Format::new()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::VerticalCenter)
        .set_align(FormatAlign::Right)
        .set_font_name("宋体")
        .set_font_size(10)
        .set_bold()
        .set_num_format("#,##0.00")
}

fn pct_text(p: Option<Decimal>) -> String {
    p.map(|p| format!("{}%", p.normalize())).unwrap_or_default()
}

fn row_height(ws: &mut Worksheet, r: u32, lines: u32) -> Result<(), XlsxError> {
    if lines > 1 {
        ws.set_row_height(r, (15 * lines.min(24) + 3) as f64)?;
    }
    Ok(())
}

/// Columns A–L of a project sheet.
const WIDTHS: [f64; 12] = [
    9.0, 9.0, 22.0, 12.0, 12.0, 12.0, 9.0, 10.0, 24.0, 10.0, 24.0, 9.0,
];

fn write_sheet(ws: &mut Worksheet, s: &MonitorSheet, f: &Fmt) -> Result<(), XlsxError> {
    for (c, w) in WIDTHS.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    let last: u16 = 11;
    put(ws, (0, 0), (0, last), &s.title, &f.title)?;
    ws.set_row_height(0, 30)?;
    put(
        ws,
        (1, 0),
        (1, last),
        &format!(
            "监控截止日期：{}    序时进度：{}    （金额单位：万元）",
            s.as_of, s.time_progress
        ),
        &f.sub,
    )?;
    let mut r = 2;
    put(ws, (r, 0), (r, 1), "项目名称", &f.center)?;
    put(ws, (r, 2), (r, 5), &s.subject, &f.cell)?;
    put(ws, (r, 6), (r, 7), "项目编码", &f.center)?;
    put(ws, (r, 8), (r, last), &s.code, &f.cell)?;
    r += 1;
    put(ws, (r, 0), (r, 1), "主管部门", &f.center)?;
    put(ws, (r, 2), (r, 5), &s.department, &f.cell)?;
    put(ws, (r, 6), (r, 7), "实施单位", &f.center)?;
    put(ws, (r, 8), (r, last), &s.department, &f.cell)?;
    r += 1;
    // fund grid: A–B 资金来源, C 年初, D 调整, E 调整后, F 累计支出, G 执行率, H 预计结余,
    // I–L 预算执行预警
    let fund_top = r;
    for (c0, c1, h) in [
        (0u16, 1u16, "资金来源"),
        (2, 2, "年初预算"),
        (3, 3, "调整预算"),
        (4, 4, "调整后预算"),
        (5, 5, "累计支出"),
        (6, 6, "执行率"),
        (7, 7, "预计全年结余"),
        (8, last, "预算执行预警"),
    ] {
        put(ws, (r, c0), (r, c1), h, &f.head)?;
    }
    ws.set_row_height(r, 28)?;
    r += 1;
    let first_fund = r;
    let total_f = total_amount();
    for row in &s.funds {
        let (label_f, num_f) = if row.total {
            (&f.total, &total_f)
        } else {
            (&f.cell, &f.number)
        };
        put(ws, (r, 0), (r, 1), &row.source, label_f)?;
        put_num(ws, r, 2, row.initial, num_f)?;
        put_num(ws, r, 3, row.adjustment, num_f)?;
        put_num(ws, r, 4, row.adjusted, num_f)?;
        put_num(ws, r, 5, row.spent, num_f)?;
        put(ws, (r, 6), (r, 6), &pct_text(row.execution_pct), &f.center)?;
        put_num(ws, r, 7, row.forecast_balance, num_f)?;
        r += 1;
    }
    // the light and its reason beside the fund rows
    let light_rows = r.saturating_sub(first_fund).max(1);
    if light_rows == 1 {
        put_light(ws, first_fund, 8, &s.execution)?;
        put(
            ws,
            (first_fund, 9),
            (first_fund, last),
            &s.execution_reason,
            &f.cell,
        )?;
        row_height(ws, first_fund, text_lines(&s.execution_reason, 40.0))?;
    } else {
        put_light_rows(ws, first_fund, r - 1, 8, &s.execution)?;
        put(
            ws,
            (first_fund, 9),
            (r - 1, last),
            &s.execution_reason,
            &f.wrap,
        )?;
    }
    let _ = fund_top;
    put(ws, (r, 0), (r, 1), "全年预计", &f.center)?;
    put(ws, (r, 2), (r, last), &s.forecast, &f.cell)?;
    row_height(ws, r, text_lines(&s.forecast, 110.0))?;
    r += 1;
    // indicator grid
    let grid_top = r;
    for (c, h) in [
        "一级指标",
        "二级指标",
        "指标",
        "年度指标值",
        "当前完成值",
        "全年预计完成值",
        "偏离度",
        "完成可能性",
        "偏差原因",
        "原因分类",
        "纠偏措施",
        "预警",
    ]
    .iter()
    .enumerate()
    {
        put(ws, (r, c as u16), (r, c as u16), h, &f.head)?;
    }
    ws.set_row_height(r, 28)?;
    r += 1;
    let first = r;
    for t in &s.targets {
        put(ws, (r, 2), (r, 2), &t.name, &f.cell)?;
        put(ws, (r, 3), (r, 3), &t.target, &f.center)?;
        put(ws, (r, 4), (r, 4), &t.current, &f.center)?;
        put(ws, (r, 5), (r, 5), &t.forecast, &f.center)?;
        put(ws, (r, 6), (r, 6), &pct_text(t.deviation_pct), &f.center)?;
        put(ws, (r, 7), (r, 7), &t.likelihood, &f.center)?;
        put(ws, (r, 8), (r, 8), &t.reason, &f.cell)?;
        put(ws, (r, 9), (r, 9), &t.reason_category, &f.center)?;
        put(ws, (r, 10), (r, 10), &t.measures, &f.cell)?;
        put_light(ws, r, 11, &t.light)?;
        let lines = text_lines(&t.name, 22.0)
            .max(text_lines(&t.reason, 24.0))
            .max(text_lines(&t.measures, 24.0))
            .max(text_lines(&t.target, 12.0));
        row_height(ws, r, lines)?;
        r += 1;
    }
    // merge runs of equal 一级, and of equal 二级 within a 一级
    let mut i = 0;
    while i < s.targets.len() {
        let mut j = i;
        while j + 1 < s.targets.len() && s.targets[j + 1].level1 == s.targets[i].level1 {
            j += 1;
        }
        put(
            ws,
            (first + i as u32, 0),
            (first + j as u32, 0),
            &s.targets[i].level1,
            &f.center,
        )?;
        let mut k = i;
        while k <= j {
            let mut m = k;
            while m < j && s.targets[m + 1].level2 == s.targets[k].level2 {
                m += 1;
            }
            put(
                ws,
                (first + k as u32, 1),
                (first + m as u32, 1),
                &s.targets[k].level2,
                &f.center,
            )?;
            k = m + 1;
        }
        i = j + 1;
    }
    if s.targets.is_empty() {
        put(ws, (r, 0), (r, last), "（未填绩效指标）", &f.center)?;
        r += 1;
    }
    // lights
    for (label, light, reason) in [
        ("目标完成预警", &s.targets_light, &s.targets_reason),
        ("双监控结果", &s.dual, &s.dual_reason),
    ] {
        put(ws, (r, 0), (r, 1), label, &f.center)?;
        put_light(ws, r, 2, light)?;
        put(ws, (r, 3), (r, last), reason, &f.cell)?;
        row_height(ws, r, text_lines(reason, 100.0))?;
        r += 1;
    }
    for (label, text) in [("资金偏差原因", &s.reason), ("纠偏措施", &s.measures)] {
        put(ws, (r, 0), (r, 1), label, &f.center)?;
        put(ws, (r, 2), (r, last), text, &f.wrap)?;
        row_height(ws, r, text_lines(text, 110.0).max(2))?;
        r += 1;
    }
    let flags = s.flags.join("\n");
    put(ws, (r, 0), (r, 1), "须说明或上报", &f.center)?;
    put(
        ws,
        (r, 2),
        (r, last),
        if flags.is_empty() { "无" } else { &flags },
        &f.wrap,
    )?;
    row_height(ws, r, text_lines(&flags, 110.0))?;
    r += 1;
    put(
        ws,
        (r, 0),
        (r, last),
        &format!(
            "填报人：{}        联系电话：{}        单位负责人（签字）：",
            s.preparer, s.phone
        ),
        &f.sub,
    )?;
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_margins(0.4, 0.4, 0.5, 0.5, 0.3, 0.3);
    ws.set_print_center_horizontally(true);
    ws.set_repeat_rows(grid_top, grid_top)?;
    Ok(())
}

fn write_summary(ws: &mut Worksheet, w: &MonitorWorkbook, f: &Fmt) -> Result<(), XlsxError> {
    let widths = [
        6.0, 30.0, 14.0, 13.0, 13.0, 9.0, 9.0, 9.0, 9.0, 44.0, 13.0, 30.0,
    ];
    for (c, wd) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *wd)?;
    }
    let last = 11u16;
    put(ws, (0, 0), (0, last), &w.title, &f.title)?;
    ws.set_row_height(0, 30)?;
    put(
        ws,
        (1, 0),
        (1, last),
        &format!(
            "{}    监控截止日期：{}    序时进度：{}    （金额单位：万元）",
            w.department, w.as_of, w.time_progress
        ),
        &f.sub,
    )?;
    put(
        ws,
        (2, 0),
        (2, last),
        &format!("预警规则：{}{}", w.rules, w.source),
        &f.sub,
    )?;
    let mut r = 3;
    for (c, h) in [
        "序号",
        "项目",
        "项目编码",
        "调整后预算",
        "累计支出",
        "执行率",
        "预算执行",
        "目标完成",
        "双监控",
        "原因（较差的一盏灯）",
        "预计全年结余",
        "须说明或上报",
    ]
    .iter()
    .enumerate()
    {
        put(ws, (r, c as u16), (r, c as u16), h, &f.head)?;
    }
    ws.set_row_height(r, 28)?;
    let header = r;
    r += 1;
    for row in &w.rows {
        put(ws, (r, 0), (r, 0), &row.number, &f.center)?;
        put(ws, (r, 1), (r, 1), &row.name, &f.cell)?;
        put(ws, (r, 2), (r, 2), &row.code, &f.center)?;
        put_num(ws, r, 3, row.adjusted, &f.number)?;
        put_num(ws, r, 4, row.spent, &f.number)?;
        put(ws, (r, 5), (r, 5), &pct_text(row.execution_pct), &f.center)?;
        put_light(ws, r, 6, &row.execution)?;
        put_light(ws, r, 7, &row.targets)?;
        put_light(ws, r, 8, &row.dual)?;
        put(ws, (r, 9), (r, 9), &row.reason, &f.cell)?;
        put_num(ws, r, 10, row.forecast_balance, &f.number)?;
        put(ws, (r, 11), (r, 11), &row.flags, &f.cell)?;
        let lines = text_lines(&row.reason, 44.0)
            .max(text_lines(&row.flags, 30.0))
            .max(text_lines(&row.name, 30.0));
        row_height(ws, r, lines)?;
        r += 1;
    }
    put(ws, (r, 0), (r, last), &w.counts, &f.sub)?;
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_margins(0.4, 0.4, 0.5, 0.5, 0.3, 0.3);
    ws.set_repeat_rows(header, header)?;
    ws.set_freeze_panes(header + 1, 2)?;
    Ok(())
}

/// The 绩效监控表 workbook: "监控汇总" first, then one sheet per project.
pub fn monitor_form_bytes(w: &MonitorWorkbook) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let f = fmts();
    let summary = wb.add_worksheet();
    summary.set_name("监控汇总")?;
    write_summary(summary, w, &f)?;
    let wanted: Vec<&str> = std::iter::once("监控汇总")
        .chain(w.sheets.iter().map(|s| s.sheet_name.as_str()))
        .collect();
    let names = sheet_names_of(wanted.into_iter());
    for (s, name) in w.sheets.iter().zip(names.into_iter().skip(1)) {
        let ws = wb.add_worksheet();
        ws.set_name(name)?;
        write_sheet(ws, s, &f)?;
    }
    Ok(wb.save_to_buffer()?)
}
