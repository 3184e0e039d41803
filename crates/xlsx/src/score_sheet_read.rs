//! Import of filled score sheets (自评表): the layout `export.rs` writes — and the usual
//! hand-made variants of the 财预〔2020〕10号 form — read back as the unit's self-scores.
//!
//! A sheet is recognised by its indicator grid: a header row naming 三级指标 and 得分 (and
//! usually 一级指标, 二级指标, 分值). Each row below it up to the 总分/合计 row gives a row's
//! name and 得分; the funding block's 年度资金总额 row gives the 预算执行率 得分 (the
//! column under 得分 in the row above it); the 总分 row gives the total. Columns are found by
//! their header text, so added or moved columns (评分标准, 偏差原因…) do not matter.
//!
//! [`read_score_sheets`] reads every such sheet; [`apply_self_scores`] puts what it read into
//! a department-year: the department sheet into `self_evaluation`, each project sheet
//! (matched by 项目名称) into the project's `self_execution_score`, `self_total` and its
//! targets' `self_score` (matched by 三级指标 name). Every problem names its sheet and cell.

use std::str::FromStr;

use jixiao_model::number::{fold_width, parse_written_number};
use jixiao_model::{DepartmentYear, Num, SelfScore};
use rust_decimal::Decimal;

use crate::read::{open, Grid};
use crate::value::Raw;
use crate::CellDiagnostic;

/// Which form a sheet is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScoreSheetKind {
    /// 部门整体支出绩效自评表.
    Department,
    /// 项目支出绩效自评表, with the project's name.
    Project(String),
}

/// A number read from a cell, with the cell it came from ("H12").
#[derive(Debug, Clone, PartialEq)]
pub struct CellNumber {
    pub value: Decimal,
    pub cell: String,
}

/// One indicator row of a read sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadScoreRow {
    pub level1: String,
    pub level2: String,
    pub name: String,
    pub weight: Option<CellNumber>,
    pub score: Option<CellNumber>,
    /// 1-based row number in the sheet.
    pub row: u32,
}

/// One score sheet as read.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadScoreSheet {
    pub sheet: String,
    pub kind: ScoreSheetKind,
    /// 预算执行率 得分 (the funding block's 得分 column).
    pub execution_score: Option<CellNumber>,
    pub rows: Vec<ReadScoreRow>,
    /// 总分.
    pub total: Option<CellNumber>,
    /// 自评等级, when the 总分 row states one ("自评等级：优").
    pub grade: Option<String>,
}

fn text(raw: &Raw) -> String {
    match raw {
        Raw::Text(t) => t
            .chars()
            .map(fold_width)
            .collect::<String>()
            .trim()
            .to_string(),
        Raw::Number(t) => t.clone(),
        _ => String::new(),
    }
}

/// Header text without spaces and brackets, for matching ("年度指标值", "分值（分）").
fn key(raw: &Raw) -> String {
    text(raw)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
}

fn number(raw: &Raw) -> Option<Decimal> {
    match raw {
        Raw::Number(t) => Decimal::from_str(t)
            .ok()
            .or_else(|| Decimal::from_scientific(t).ok()),
        Raw::Text(t) => {
            let t = t.trim();
            if t.is_empty() || t == "—" || t == "-" {
                return None;
            }
            parse_written_number(t).ok().map(|n| n.value)
        }
        _ => None,
    }
}

fn cell_ref(row: u32, col: u32) -> String {
    format!(
        "{}{}",
        crate::col_name(col.min(u32::from(u16::MAX)) as u16),
        row + 1
    )
}

fn num_at(grid: &Grid, row: u32, col: u32) -> Option<CellNumber> {
    number(grid.get(row, col)).map(|value| CellNumber {
        value,
        cell: cell_ref(row, col),
    })
}

/// Columns of the indicator grid, by header.
struct GridColumns {
    header_row: u32,
    level1: Option<u32>,
    level2: Option<u32>,
    name: u32,
    weight: Option<u32>,
    score: u32,
}

const MAX_SCAN_COLS: u32 = 30;

fn find_grid(grid: &Grid) -> Option<GridColumns> {
    for r in 0..grid.height() {
        let mut cols = std::collections::HashMap::new();
        for c in 0..MAX_SCAN_COLS {
            let k = key(grid.get(r, c));
            if !k.is_empty() {
                cols.entry(k).or_insert(c);
            }
        }
        let find = |names: &[&str]| {
            names
                .iter()
                .find_map(|n| cols.iter().find(|(k, _)| k.starts_with(n)).map(|(_, c)| *c))
        };
        let (Some(name), Some(score)) = (find(&["三级指标"]), find(&["得分"])) else {
            continue;
        };
        return Some(GridColumns {
            header_row: r,
            level1: find(&["一级指标"]),
            level2: find(&["二级指标"]),
            name,
            weight: find(&["分值", "权重"]),
            score,
        });
    }
    None
}

fn is_total_label(t: &str) -> bool {
    let t: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    t.starts_with("总分") || t.starts_with("合计") || t.starts_with("自评总分")
}

/// The subject of a sheet: the project's name, or none for the department sheet.
fn kind_of(grid: &Grid, title: &str, above: u32) -> ScoreSheetKind {
    for r in 0..above {
        for c in 0..MAX_SCAN_COLS {
            if key(grid.get(r, c)).starts_with("项目名称") {
                // The value is the next non-empty cell on the row.
                for c2 in c + 1..MAX_SCAN_COLS {
                    let v = text(grid.get(r, c2));
                    if !v.is_empty() && v != "项目名称" {
                        return ScoreSheetKind::Project(v);
                    }
                }
            }
        }
    }
    if title.contains("项目支出") {
        ScoreSheetKind::Project(String::new())
    } else {
        ScoreSheetKind::Department
    }
}

/// The 预算执行率 得分: the 得分 column of the funding header (年初预算数 … 得分), on the
/// 年度资金总额 row below it.
fn execution_score(grid: &Grid, above: u32) -> Option<CellNumber> {
    for r in 0..above {
        let score_col = (0..MAX_SCAN_COLS).find(|&c| key(grid.get(r, c)) == "得分");
        let has_budget = (0..MAX_SCAN_COLS).any(|c| key(grid.get(r, c)).contains("预算数"));
        if let (Some(sc), true) = (score_col, has_budget) {
            // The row label sits left of the numbers; the block's own label (项目资金,
            // merged down the first column) may come first.
            for r2 in r + 1..(r + 4).min(above) {
                if (0..sc).any(|c| key(grid.get(r2, c)).contains("资金总额")) {
                    return num_at(grid, r2, sc);
                }
            }
        }
    }
    None
}

fn read_sheet(name: &str, grid: &Grid) -> Option<ReadScoreSheet> {
    let cols = find_grid(grid)?;
    let title = (0..cols.header_row.min(3))
        .flat_map(|r| (0..MAX_SCAN_COLS).map(move |c| (r, c)))
        .map(|(r, c)| text(grid.get(r, c)))
        .find(|t| t.contains("自评表") || t.contains("评分表"))
        .unwrap_or_default();
    let kind = kind_of(grid, &title, cols.header_row);
    let execution_score = execution_score(grid, cols.header_row);
    let mut rows = Vec::new();
    let mut total = None;
    let mut grade = None;
    let (mut l1, mut l2) = (String::new(), String::new());
    for r in cols.header_row + 1..grid.height() {
        let first = (0..MAX_SCAN_COLS)
            .map(|c| text(grid.get(r, c)))
            .find(|t| !t.is_empty())
            .unwrap_or_default();
        if is_total_label(&first) {
            total = num_at(grid, r, cols.score).or_else(|| {
                // Some forms merge the 总分 label over the 分值 column: the last number.
                (0..MAX_SCAN_COLS).rev().find_map(|c| num_at(grid, r, c))
            });
            grade = (0..MAX_SCAN_COLS)
                .map(|c| text(grid.get(r, c)))
                .find_map(|t| {
                    t.split(['：', ':', '；', ';'])
                        .skip_while(|p| !p.contains("等级"))
                        .nth(1)
                        .map(|g| g.trim().to_string())
                })
                .filter(|g| !g.is_empty());
            break;
        }
        if let Some(c) = cols.level1 {
            let t = text(grid.get(r, c));
            if !t.is_empty() {
                l1 = t;
            }
        }
        if let Some(c) = cols.level2 {
            let t = text(grid.get(r, c));
            if !t.is_empty() {
                l2 = t;
            }
        }
        let name_text = text(grid.get(r, cols.name));
        if name_text.is_empty() {
            continue;
        }
        rows.push(ReadScoreRow {
            level1: l1.clone(),
            level2: l2.clone(),
            name: name_text,
            weight: cols.weight.and_then(|c| num_at(grid, r, c)),
            score: num_at(grid, r, cols.score),
            row: r + 1,
        });
    }
    // A score sheet has a total (总分/合计) or a funding block with its 预算执行率 得分; a
    // data-entry sheet that merely has 三级指标 and 得分 columns (the template's
    // 项目绩效指标) does not.
    if total.is_none() && execution_score.is_none() {
        return None;
    }
    Some(ReadScoreSheet {
        sheet: name.to_string(),
        kind,
        execution_score,
        rows,
        total,
        grade,
    })
}

/// Every score sheet (自评表) of a workbook (xlsx, xls or ods). Sheets without an indicator
/// grid are skipped; a workbook with none is an error that says so.
pub fn read_score_sheets(bytes: &[u8]) -> Result<Vec<ReadScoreSheet>, Vec<CellDiagnostic>> {
    let book = open(bytes)?;
    let sheets: Vec<ReadScoreSheet> = book
        .sheets
        .iter()
        .filter_map(|(name, grid)| read_sheet(name, grid))
        .collect();
    if sheets.is_empty() {
        return Err(vec![CellDiagnostic::workbook(
            "not-score-sheet",
            "工作簿中没有自评表：未找到含“三级指标”和“得分”表头的指标表",
        )]);
    }
    Ok(sheets)
}

fn same_name(a: &str, b: &str) -> bool {
    let norm = |s: &str| -> String {
        s.chars()
            .map(fold_width)
            .filter(|c| !c.is_whitespace())
            .collect()
    };
    norm(a) == norm(b)
}

/// What [`apply_self_scores`] did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AppliedScores {
    /// Sheets and rows that have no place in the department-year.
    pub problems: Vec<CellDiagnostic>,
    /// Where each self-score now in the model was read: field path → "工作表「…」H12".
    pub locations: Vec<(String, String)>,
}

/// Put the scores of `sheets` into `d` as the unit's self-scores. Reports every sheet or row
/// that has no place in `d` (a project or indicator the department-year does not have) —
/// what was matched is applied regardless — and where each applied score was read.
pub fn apply_self_scores(d: &mut DepartmentYear, sheets: &[ReadScoreSheet]) -> AppliedScores {
    let mut problems = Vec::new();
    let mut locations = Vec::new();
    let at = |sheet: &str, c: &CellNumber| format!("工作表「{sheet}」{}", c.cell);
    let cell_diag = |sheet: &str, cell: &str, message: String| CellDiagnostic {
        code: "unknown-row",
        sheet: Some(sheet.to_string()),
        cell: Some(cell.to_string()),
        message,
    };
    for s in sheets {
        match &s.kind {
            ScoreSheetKind::Department => {
                let se = &mut d.self_evaluation;
                if let Some(t) = &s.total {
                    se.total = Some(Num(t.value));
                    locations.push(("self_evaluation.total".into(), at(&s.sheet, t)));
                }
                if s.grade.is_some() {
                    se.grade = s.grade.clone();
                }
                if let Some(e) = &s.execution_score {
                    locations.push((
                        format!("self_evaluation.score[{}].score", se.scores.len()),
                        at(&s.sheet, e),
                    ));
                    se.scores.push(SelfScore {
                        indicator: "预算执行率".into(),
                        score: Some(Num(e.value)),
                        ..Default::default()
                    });
                }
                for r in &s.rows {
                    if let Some(c) = &r.score {
                        locations.push((
                            format!("self_evaluation.score[{}].score", se.scores.len()),
                            at(&s.sheet, c),
                        ));
                    }
                    se.scores.push(SelfScore {
                        indicator: r.name.clone(),
                        score: r.score.as_ref().map(|c| Num(c.value)),
                        weight: r.weight.as_ref().map(|c| Num(c.value)),
                        note: None,
                    });
                }
            }
            ScoreSheetKind::Project(name) => {
                let Some((pi, p)) = d
                    .projects
                    .items
                    .iter_mut()
                    .enumerate()
                    .find(|(_, p)| same_name(&p.name, name))
                else {
                    problems.push(CellDiagnostic::sheet(
                        "unknown-row",
                        &s.sheet,
                        format!(
                            "自评表的项目「{name}」不在部门年度数据的项目清单中，未读取其自评分"
                        ),
                    ));
                    continue;
                };
                let base = format!("projects.project[{pi}]");
                if let Some(e) = &s.execution_score {
                    p.self_execution_score = Some(Num(e.value));
                    locations.push((format!("{base}.self_execution_score"), at(&s.sheet, e)));
                }
                if let Some(t) = &s.total {
                    p.self_total = Some(Num(t.value));
                    locations.push((format!("{base}.self_total"), at(&s.sheet, t)));
                }
                for r in &s.rows {
                    let target = p
                        .targets
                        .iter_mut()
                        .enumerate()
                        .filter(|(_, t)| same_name(&t.name, &r.name))
                        .min_by_key(|(_, t)| !same_name(&t.level2, &r.level2));
                    match target {
                        Some((k, t)) => {
                            t.self_score = r.score.as_ref().map(|c| Num(c.value));
                            if let Some(c) = &r.score {
                                locations
                                    .push((format!("{base}.target[{k}].self_score"), at(&s.sheet, c)));
                            }
                        }
                        None => problems.push(cell_diag(
                            &s.sheet,
                            &format!("A{}", r.row),
                            format!(
                                "自评表第 {} 行的指标「{}」不在项目「{}」的绩效指标中，未读取其自评分",
                                r.row, r.name, p.name
                            ),
                        )),
                    }
                }
            }
        }
    }
    AppliedScores {
        problems,
        locations,
    }
}
