//! The standard self-evaluation score sheets (自评表) in the layout used in practice:
//! 部门整体支出绩效自评表 and 项目支出绩效自评表 (财预〔2020〕10号 附件).
//!
//! ```text
//! | 项目资金 |  (资金)   | 年初预算数 | 全年预算数(A) | 全年执行数(B) | 分值 | 执行率(B/A) | 得分 |
//! | 年度总体目标 | 预期目标 (merged)            | 实际完成情况 (merged)                      |
//! | 绩效指标 | 一级 | 二级 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |
//! ```
//!
//! This crate does not score: a [`ScoreSheet`] is built from the department-year
//! ([`dept_sheet`], [`project_sheet`]) and the caller fills in the engine's scores.

use jixiao_model::{round2, DepartmentYear, Project, TargetOperator};
use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Note, Workbook, Worksheet};

use crate::template::text_lines;
use crate::value::decimal_to_f64;
use crate::XlsxError;

/// One row of the funding block (资金): amounts in 万元.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FundingRow {
    pub label: String,
    pub initial: Option<Decimal>,
    pub annual: Option<Decimal>,
    pub spent: Option<Decimal>,
    /// How `spent` was computed when the input did not state it ("人员经费 + 公用经费");
    /// the cell is then marked as computed (italic, with a note).
    pub spent_computed: Option<String>,
}

/// One indicator row of a score sheet.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ScoreRow {
    pub level1: String,
    pub level2: String,
    pub name: String,
    /// 年度指标值 as written: the target, operator and value with its unit ("≥30项",
    /// "≤100%"), never the scoring rule.
    pub target: String,
    /// 实际完成值 as written ("187项").
    pub actual: String,
    /// 分值: the weight the framework gives the row.
    pub weight: Option<Decimal>,
    /// Where the weight actually used differs (redistributed, or not assessed): said in a
    /// note on the 分值 cell ("调整后分值 5.34 分").
    pub weight_note: Option<String>,
    pub score: Option<Decimal>,
    /// Written in the 得分 cell when there is no score ("未评分").
    pub score_text: Option<String>,
    /// 评分标准 (the rule), shown in its own column when the sheet has one.
    pub criteria: Option<String>,
    /// 偏差原因分析及改进措施.
    pub deviation: Option<String>,
}

/// Everything one score sheet shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ScoreSheet {
    /// Worksheet name (sanitised and shortened to Excel's 31 characters).
    pub sheet_name: String,
    /// "2021年度部门整体支出绩效自评表"
    pub title: String,
    /// Label and value of the first line: ("预算部门、单位名称", name) or ("项目名称", name).
    pub subject_label: String,
    pub subject: String,
    /// 主管部门 and 实施单位 (project sheets).
    pub authority: Option<String>,
    pub implementer: Option<String>,
    /// First row is 年度资金总额.
    pub funding: Vec<FundingRow>,
    /// 分值 and 得分 of 预算执行率.
    pub exec_weight: Option<Decimal>,
    pub exec_score: Option<Decimal>,
    /// 年度总体目标: 预期目标 and 实际完成情况.
    pub goal: String,
    pub goal_result: String,
    pub rows: Vec<ScoreRow>,
    pub total_weight: Option<Decimal>,
    pub total_score: Option<Decimal>,
    pub grade: Option<String>,
    /// Written after the grade in the 总分 row ("已评权重 75 / 100；评价不完整，未评定等级").
    pub total_note: Option<String>,
    /// Add a 评分标准 column after 偏差原因分析及改进措施 (department sheets).
    pub criteria_column: bool,
}

fn money(m: Option<jixiao_model::Money>) -> Option<Decimal> {
    m.map(|m| m.as_wan())
}

fn year_prefix(d: &DepartmentYear) -> String {
    d.department
        .year
        .map(|y| format!("{y}年度"))
        .unwrap_or_default()
}

/// The department-overall sheet (部门整体支出绩效自评表) with the figures of `d`; rows and
/// scores are for the caller to fill from the engine.
pub fn dept_sheet(d: &DepartmentYear) -> ScoreSheet {
    let b = &d.budget;
    let mut funding = vec![FundingRow {
        label: "年度资金总额".into(),
        initial: money(b.initial.total),
        annual: money(b.adjusted.total),
        spent: money(b.final_accounts.total),
        spent_computed: None,
    }];
    // 按收入性质分: every source named in any column, in first-seen order.
    let mut names: Vec<&str> = Vec::new();
    for col in [&b.initial, &b.adjusted, &b.final_accounts] {
        for s in &col.sources {
            if !names.contains(&s.name.as_str()) {
                names.push(&s.name);
            }
        }
    }
    let find = |col: &jixiao_model::BudgetFigures, name: &str| {
        col.sources
            .iter()
            .find(|s| s.name == name)
            .and_then(|s| money(s.amount))
    };
    for name in names {
        funding.push(FundingRow {
            label: format!("其中：{name}"),
            initial: find(&b.initial, name),
            annual: find(&b.adjusted, name),
            spent: find(&b.final_accounts, name),
            spent_computed: None,
        });
    }
    let (basic_spent, basic_computed) = match (
        b.final_accounts.basic,
        b.final_accounts.personnel,
        b.final_accounts.public_funds,
    ) {
        (Some(x), _, _) => (Some(x.as_wan()), None),
        (None, Some(p), Some(f)) => (
            p.checked_add(f).map(|m| m.as_wan()),
            Some("计算值：输入未填基本支出决算数，按人员经费 + 公用经费计算".to_string()),
        ),
        _ => (None, None),
    };
    funding.push(FundingRow {
        label: "按支出性质分：基本支出".into(),
        initial: money(b.initial.basic),
        annual: money(b.adjusted.basic),
        spent: basic_spent,
        spent_computed: basic_computed,
    });
    funding.push(FundingRow {
        label: "　　　　　　项目支出".into(),
        initial: money(b.initial.project),
        annual: money(b.adjusted.project),
        spent: money(b.final_accounts.project),
        spent_computed: None,
    });
    let numbered = |items: Vec<String>| -> String {
        items
            .iter()
            .enumerate()
            .map(|(i, t)| format!("{}. {t}", i + 1))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let tasks = &d.key_tasks.items;
    let goal = if tasks.is_empty() {
        d.narrative.key_tasks.clone().unwrap_or_default()
    } else {
        numbered(
            tasks
                .iter()
                .map(|t| match &t.target {
                    Some(target) => format!("{}（{target}）", t.description),
                    None => t.description.clone(),
                })
                .collect(),
        )
    };
    let goal_result = match (&d.narrative.performance, tasks.is_empty()) {
        (_, false) => numbered(
            tasks
                .iter()
                .map(|t| {
                    let done = match t.completed {
                        Some(true) => "已完成",
                        Some(false) => "未完成",
                        None => "完成情况未填",
                    };
                    let on_time = match t.on_time {
                        Some(true) => "，按期",
                        Some(false) => "，未按期",
                        None => "",
                    };
                    format!("{}：{done}{on_time}", t.description)
                })
                .collect(),
        ),
        (Some(p), true) => p.clone(),
        (None, true) => d.narrative.annual_work.clone().unwrap_or_default(),
    };
    ScoreSheet {
        sheet_name: "部门整体支出绩效自评表".into(),
        title: format!("{}部门整体支出绩效自评表", year_prefix(d)),
        subject_label: "预算部门、单位名称".into(),
        subject: d.department.name.clone().unwrap_or_default(),
        authority: None,
        implementer: None,
        funding,
        goal,
        goal_result,
        ..ScoreSheet::default()
    }
}

/// "≥30项", "95–105%", "达成".
pub fn target_text(t: &jixiao_model::PerformanceTarget) -> String {
    let unit = t.unit.clone().unwrap_or_default();
    let v = |n: Option<jixiao_model::Num>| n.map(|n| n.0.to_string()).unwrap_or_default();
    match t.operator {
        TargetOperator::Qualitative => t.value_text.clone().unwrap_or_default(),
        TargetOperator::Range => format!("{}–{}{unit}", v(t.value), v(t.value_high)),
        op => {
            if t.value.is_none() {
                t.value_text.clone().unwrap_or_default()
            } else {
                format!("{}{}{unit}", op.symbol(), v(t.value))
            }
        }
    }
}

/// "187项", "部分达成".
pub fn actual_text(t: &jixiao_model::PerformanceTarget) -> String {
    match (t.actual, &t.actual_text) {
        (Some(a), _) => format!("{}{}", a.0, t.unit.clone().unwrap_or_default()),
        (None, Some(text)) => text.clone(),
        (None, None) => String::new(),
    }
}

/// The project sheet (项目支出绩效自评表) of project `index`, with its indicator rows
/// unscored; `None` if there is no such project.
pub fn project_sheet(d: &DepartmentYear, index: usize) -> Option<ScoreSheet> {
    let p: &Project = d.projects.items.get(index)?;
    let funding = vec![
        FundingRow {
            label: "年度资金总额".into(),
            initial: money(p.budget_initial),
            annual: money(p.budget_annual),
            spent: money(p.spent),
            spent_computed: None,
        },
        FundingRow {
            label: "其中：当年财政拨款".into(),
            ..FundingRow::default()
        },
        FundingRow {
            label: "　　　上年结转资金".into(),
            ..FundingRow::default()
        },
        FundingRow {
            label: "　　　其他资金".into(),
            ..FundingRow::default()
        },
    ];
    let rows = p
        .targets
        .iter()
        .map(|t| ScoreRow {
            level1: t.level1.label().to_string(),
            level2: t.level2.clone(),
            name: t.name.clone(),
            target: target_text(t),
            actual: actual_text(t),
            weight: t.weight.map(|w| w.0),
            score: None,
            deviation: t.deviation.clone(),
            ..ScoreRow::default()
        })
        .collect();
    Some(ScoreSheet {
        sheet_name: format!("{}-{}", index + 1, p.name),
        title: format!("{}项目支出绩效自评表", year_prefix(d)),
        subject_label: "项目名称".into(),
        subject: p.name.clone(),
        authority: d.department.name.clone(),
        implementer: d.department.name.clone(),
        funding,
        goal: p.goal.clone().unwrap_or_default(),
        goal_result: p.goal_result.clone().unwrap_or_default(),
        rows,
        ..ScoreSheet::default()
    })
}

/// Worksheet names: at most 31 characters, none of `[]:*?/\`, unique.
pub(crate) fn sheet_names(sheets: &[ScoreSheet]) -> Vec<String> {
    sheet_names_of(sheets.iter().map(|s| s.sheet_name.as_str()))
}

/// Worksheet names from wanted names: at most 31 characters, none of `[]:*?/\\`, unique.
pub(crate) fn sheet_names_of<'a>(wanted: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for s in wanted {
        let clean: String = s
            .chars()
            .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
            .collect();
        let clean = clean.trim_matches('\'').to_string();
        let base: String = clean.chars().take(28).collect();
        let base = if base.is_empty() {
            "自评表".to_string()
        } else {
            base
        };
        let mut name = base.clone();
        let mut n = 2;
        while out.iter().any(|o| o.to_lowercase() == name.to_lowercase()) {
            name = format!("{base}({n})");
            n += 1;
        }
        out.push(name);
    }
    out
}

pub(crate) struct Fmt {
    pub title: Format,
    pub sub: Format,
    pub head: Format,
    pub cell: Format,
    pub wrap: Format,
    pub center: Format,
    pub number: Format,
    pub computed: Format,
    pub total: Format,
    pub total_number: Format,
}

pub(crate) fn fmts() -> Fmt {
    let b = || {
        Format::new()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter)
            .set_font_name("宋体")
            .set_font_size(10)
    };
    Fmt {
        title: Format::new()
            .set_bold()
            .set_font_size(16)
            .set_font_name("宋体")
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter),
        sub: Format::new()
            .set_font_size(10)
            .set_font_name("宋体")
            .set_align(FormatAlign::Center),
        head: b()
            .set_bold()
            .set_align(FormatAlign::Center)
            .set_text_wrap()
            .set_background_color(0xF2F2F2),
        cell: b().set_text_wrap(),
        wrap: b().set_text_wrap().set_align(FormatAlign::Top),
        center: b().set_align(FormatAlign::Center).set_text_wrap(),
        number: b().set_num_format("#,##0.00").set_align(FormatAlign::Right),
        computed: b()
            .set_num_format("#,##0.00")
            .set_align(FormatAlign::Right)
            .set_italic()
            .set_font_color(0x595959),
        total: b().set_bold().set_align(FormatAlign::Center),
        total_number: b().set_bold().set_num_format("0.00"),
    }
}

pub(crate) fn put_num(
    ws: &mut Worksheet,
    r: u32,
    c: u16,
    v: Option<Decimal>,
    f: &Format,
) -> Result<(), XlsxError> {
    match v {
        Some(v) => ws.write_number_with_format(r, c, decimal_to_f64(v), f)?,
        None => ws.write_blank(r, c, f)?,
    };
    Ok(())
}

/// Write `text` over rows r0..=r1 and columns c0..=c1 (merging when more than one cell).
pub(crate) fn put(
    ws: &mut Worksheet,
    (r0, c0): (u32, u16),
    (r1, c1): (u32, u16),
    text: &str,
    f: &Format,
) -> Result<(), XlsxError> {
    if r0 == r1 && c0 == c1 {
        ws.write_string_with_format(r0, c0, text, f)?;
    } else {
        ws.merge_range(r0, c0, r1, c1, text, f)?;
    }
    Ok(())
}

fn write_score_sheet(ws: &mut Worksheet, s: &ScoreSheet, f: &Fmt) -> Result<(), XlsxError> {
    // Columns: A label | B 一级 | C 二级 | D 三级 | E 指标值 | F 实际值 | G 分值 | H 得分 | I 偏差
    // (| J 评分标准 on department sheets).
    let last: u16 = if s.criteria_column { 9 } else { 8 };
    for (c, w) in [10.0, 10.0, 12.0, 26.0, 14.0, 14.0, 8.0, 10.0, 30.0, 40.0]
        .iter()
        .take(usize::from(last) + 1)
        .enumerate()
    {
        ws.set_column_width(c as u16, *w)?;
    }
    put(ws, (0, 0), (0, last), &s.title, &f.title)?;
    ws.set_row_height(0, 30)?;
    put(ws, (1, 0), (1, last), "（金额单位：万元）", &f.sub)?;
    let mut r = 2;
    put(ws, (r, 0), (r, 1), &s.subject_label, &f.center)?;
    put(ws, (r, 2), (r, last), &s.subject, &f.cell)?;
    r += 1;
    if s.authority.is_some() || s.implementer.is_some() {
        put(ws, (r, 0), (r, 1), "主管部门", &f.center)?;
        put(
            ws,
            (r, 2),
            (r, 4),
            s.authority.as_deref().unwrap_or(""),
            &f.cell,
        )?;
        put(ws, (r, 5), (r, 5), "实施单位", &f.center)?;
        put(
            ws,
            (r, 6),
            (r, last),
            s.implementer.as_deref().unwrap_or(""),
            &f.cell,
        )?;
        r += 1;
    }
    // Funding block.
    let fund_top = r;
    let fund_rows = s.funding.len().max(1) as u32;
    put(
        ws,
        (fund_top, 0),
        (fund_top + fund_rows, 0),
        if s.subject_label == "项目名称" {
            "项目资金\n（万元）"
        } else {
            "年度预算\n申请\n（万元）"
        },
        &f.center,
    )?;
    put(ws, (r, 1), (r, 2), "", &f.head)?;
    if last > 8 {
        put(ws, (r, 9), (r, 9), "", &f.head)?;
    }
    for (c, h) in [
        "年初预算数",
        "全年预算数（A）",
        "全年执行数（B）",
        "分值",
        "执行率（B/A）",
        "得分",
    ]
    .iter()
    .enumerate()
    {
        put(ws, (r, 3 + c as u16), (r, 3 + c as u16), h, &f.head)?;
    }
    ws.set_row_height(r, 28)?;
    r += 1;
    let mut computed_any = false;
    for (i, row) in s.funding.iter().enumerate() {
        put(ws, (r, 1), (r, 2), &row.label, &f.cell)?;
        put_num(ws, r, 3, row.initial, &f.number)?;
        put_num(ws, r, 4, row.annual, &f.number)?;
        match &row.spent_computed {
            Some(how) if row.spent.is_some() => {
                computed_any = true;
                put_num(ws, r, 5, row.spent, &f.computed)?;
                ws.insert_note(r, 5, &Note::new(how.as_str()).add_author_prefix(false))?;
            }
            _ => put_num(ws, r, 5, row.spent, &f.number)?,
        }
        if last > 8 {
            put(ws, (r, 9), (r, 9), "", &f.cell)?;
        }
        if i == 0 {
            put_num(ws, r, 6, s.exec_weight, &f.number)?;
            let rate = match (row.spent, row.annual) {
                (Some(b), Some(a)) if !a.is_zero() => {
                    Some(format!("{}%", round2(b / a * Decimal::from(100))))
                }
                _ => None,
            };
            put(ws, (r, 7), (r, 7), rate.as_deref().unwrap_or(""), &f.center)?;
            put_num(ws, r, 8, s.exec_score, &f.number)?;
        } else {
            for c in 6..=8 {
                put(ws, (r, c), (r, c), "—", &f.center)?;
            }
        }
        r += 1;
    }
    // 年度总体目标.
    put(ws, (r, 0), (r + 1, 0), "年度\n总体目标", &f.center)?;
    put(ws, (r, 1), (r, 4), "预期目标", &f.head)?;
    put(ws, (r, 5), (r, last), "实际完成情况", &f.head)?;
    r += 1;
    put(ws, (r, 1), (r, 4), &s.goal, &f.wrap)?;
    put(ws, (r, 5), (r, last), &s.goal_result, &f.wrap)?;
    let lines = text_lines(&s.goal, 40.0).max(text_lines(&s.goal_result, 50.0));
    // Excel's tallest row is 409 points.
    ws.set_row_height(r, (14 * lines.clamp(2, 29)) as f64)?;
    r += 1;
    // Indicator grid.
    let grid_top = r;
    for (c, h) in [
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
        "偏差原因分析及改进措施",
        "评分标准",
    ]
    .iter()
    .take(usize::from(last))
    .enumerate()
    {
        put(ws, (r, 1 + c as u16), (r, 1 + c as u16), h, &f.head)?;
    }
    ws.set_row_height(r, 28)?;
    r += 1;
    let first = r;
    for row in &s.rows {
        put(ws, (r, 3), (r, 3), &row.name, &f.cell)?;
        put(ws, (r, 4), (r, 4), &row.target, &f.center)?;
        put(ws, (r, 5), (r, 5), &row.actual, &f.center)?;
        put_num(ws, r, 6, row.weight, &f.number)?;
        if let Some(note) = &row.weight_note {
            ws.insert_note(r, 6, &Note::new(note.as_str()).add_author_prefix(false))?;
        }
        match (row.score, &row.score_text) {
            (None, Some(t)) => put(ws, (r, 7), (r, 7), t, &f.center)?,
            _ => put_num(ws, r, 7, row.score, &f.number)?,
        }
        let dev = row.deviation.as_deref().unwrap_or("");
        put(ws, (r, 8), (r, 8), dev, &f.cell)?;
        let criteria = row.criteria.as_deref().unwrap_or("");
        if last > 8 {
            put(ws, (r, 9), (r, 9), criteria, &f.cell)?;
        }
        let lines = text_lines(&row.name, 26.0)
            .max(text_lines(dev, 30.0))
            .max(if last > 8 {
                text_lines(criteria, 40.0)
            } else {
                1
            })
            .max(text_lines(&row.target, 14.0))
            .max(text_lines(&row.actual, 14.0));
        if lines > 1 {
            ws.set_row_height(r, (14 * lines.min(20)) as f64)?;
        }
        r += 1;
    }
    // Merge runs of equal 一级, and of equal 二级 within a 一级.
    let mut i = 0;
    while i < s.rows.len() {
        let mut j = i;
        while j + 1 < s.rows.len() && s.rows[j + 1].level1 == s.rows[i].level1 {
            j += 1;
        }
        put(
            ws,
            (first + i as u32, 1),
            (first + j as u32, 1),
            &s.rows[i].level1,
            &f.center,
        )?;
        let mut k = i;
        while k <= j {
            let mut m = k;
            while m < j && s.rows[m + 1].level2 == s.rows[k].level2 {
                m += 1;
            }
            put(
                ws,
                (first + k as u32, 2),
                (first + m as u32, 2),
                &s.rows[k].level2,
                &f.center,
            )?;
            k = m + 1;
        }
        i = j + 1;
    }
    if s.rows.is_empty() {
        for c in 1..=last {
            put(ws, (r, c), (r, c), "", &f.cell)?;
        }
        r += 1;
    }
    put(ws, (grid_top, 0), (r - 1, 0), "绩效指标", &f.center)?;
    // 总分.
    put(ws, (r, 0), (r, 5), "总分", &f.total)?;
    put_num(ws, r, 6, s.total_weight, &f.total_number)?;
    put_num(ws, r, 7, s.total_score, &f.total_number)?;
    let mut grade = s
        .grade
        .as_ref()
        .map(|g| format!("自评等级：{g}"))
        .unwrap_or_default();
    if let Some(n) = &s.total_note {
        if !grade.is_empty() {
            grade.push('；');
        }
        grade.push_str(n);
    }
    put(ws, (r, 8), (r, last), &grade, &f.total)?;
    ws.set_row_height(r, 22)?;
    if computed_any {
        r += 1;
        put(
            ws,
            (r, 0),
            (r, last),
            "注：斜体灰色数字为计算值（输入未直接填写，由分项计算），计算方法见单元格批注。",
            &f.sub,
        )?;
    }
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
    ws.set_print_center_horizontally(true);
    ws.set_repeat_rows(grid_top, grid_top)?;
    Ok(())
}

/// A workbook with one worksheet per score sheet.
pub fn score_sheets_bytes(sheets: &[ScoreSheet]) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let f = fmts();
    let names = sheet_names(sheets);
    for (s, name) in sheets.iter().zip(names) {
        let ws = wb.add_worksheet();
        ws.set_name(name)?;
        write_score_sheet(ws, s, &f)?;
    }
    if sheets.is_empty() {
        let ws = wb.add_worksheet();
        ws.write_string(0, 0, "没有可导出的自评表（没有项目）")?;
    }
    Ok(wb.save_to_buffer()?)
}
