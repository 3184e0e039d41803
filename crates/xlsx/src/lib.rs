//! jixiao-xlsx: Excel in and out.
//!
//! - [`template_bytes`]: the fill-in workbook (填报模板), one sheet per group of the
//!   department-year, blank or pre-filled, with units, dropdowns, frozen headers and live
//!   formulas for derived totals (formulas are never read back).
//! - [`read_workbook`] / [`read_workbook_bytes`]: import a workbook (.xlsx, legacy .xls,
//!   .ods). Tolerates numbers stored as text, thousands separators, 万元/元 suffixes,
//!   full-width digits, merged cells, blank and note rows. Every problem is reported at once
//!   with sheet and cell, and any problem rejects the whole input.
//! - [`dept_sheet`] / [`project_sheet`] → [`score_sheets_bytes`]: the standard
//!   self-evaluation score sheets (部门整体支出绩效自评表, 项目支出绩效自评表) in the layout
//!   used in practice; scores are filled in by the caller from `jixiao-engine`.
//!
//! Binary floating point appears in one place only, `value.rs`: see its module doc.
//! Layout is data (`schema.rs`) shared by writer and reader, so they cannot drift apart.

mod export;
mod monitor_form;
mod read;
mod schema;
mod score_sheet_read;
mod tables;
mod template;
mod value;

use std::fmt;
use std::path::Path;
use std::time::{Duration, Instant};

use jixiao_model::DepartmentYear;

pub use export::{
    actual_text, dept_sheet, project_sheet, score_sheets_bytes, target_text, FundingRow, ScoreRow,
    ScoreSheet,
};
pub use monitor_form::{
    monitor_form_bytes, LightCell, MonitorFundRow, MonitorSheet, MonitorSummaryRow,
    MonitorTargetRow, MonitorWorkbook,
};
pub use schema::{
    layout, set_form_value, CellInfo, ColumnInfo, FieldKind, FormInfo, RowInfo, SheetInfo,
    TableInfo,
};
pub use score_sheet_read::{
    apply_self_scores, read_score_sheets, AppliedScores, CellNumber, ReadScoreRow, ReadScoreSheet,
    ScoreSheetKind,
};
pub use tables::{tables_bytes, TableCell, TableSheet};
pub use template::template_bytes;

/// Name of the instructions sheet.
pub const INSTRUCTIONS_SHEET: &str = "填写说明";
/// Hidden sheet keeping the exact text of numbers a double cannot reproduce.
pub const EXACT_SHEET: &str = "_jixiao";
pub(crate) const MARKER: &str = "jixiao-template 1";

/// One problem found in a workbook, located by sheet and cell where it has a place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellDiagnostic {
    /// Stable code: `not-excel`, `password`, `corrupt`, `too-large`, `not-template`,
    /// `missing-sheet`, `no-header`, `missing-column`, `bad-value`, `required`,
    /// `unknown-row`, `duplicate-row`, `no-label`, `not-applicable`, `link`, `io`.
    pub code: &'static str,
    /// Sheet name as it appears in the workbook.
    pub sheet: Option<String>,
    /// A1-style cell reference, e.g. "C5".
    pub cell: Option<String>,
    /// Message in Simplified Chinese.
    pub message: String,
}

impl CellDiagnostic {
    pub(crate) fn workbook(code: &'static str, message: impl Into<String>) -> Self {
        CellDiagnostic {
            code,
            sheet: None,
            cell: None,
            message: message.into(),
        }
    }
    pub(crate) fn sheet(code: &'static str, sheet: &str, message: impl Into<String>) -> Self {
        CellDiagnostic {
            code,
            sheet: Some(sheet.to_string()),
            cell: None,
            message: message.into(),
        }
    }
    pub(crate) fn cell(
        code: &'static str,
        sheet: &str,
        row: u32,
        col: u32,
        message: String,
    ) -> Self {
        CellDiagnostic {
            code,
            sheet: Some(sheet.to_string()),
            cell: Some(format!(
                "{}{}",
                col_name(col.min(u16::MAX as u32) as u16),
                row + 1
            )),
            message,
        }
    }
}

impl fmt::Display for CellDiagnostic {
    /// 工作表「三公经费」C5：应为金额，实际为「约3万」
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.sheet, &self.cell) {
            (Some(s), Some(c)) => write!(f, "工作表「{s}」{c}：{}", self.message),
            (Some(s), None) => write!(f, "工作表「{s}」：{}", self.message),
            _ => f.write_str(&self.message),
        }
    }
}

/// Why a workbook could not be written.
#[derive(Debug, thiserror::Error)]
pub enum XlsxError {
    #[error("写入 Excel 失败：{0}")]
    Write(#[from] rust_xlsxwriter::XlsxError),
    #[error("工作表「{sheet}」{cell}：文字超过 Excel 单元格上限（32767 字）")]
    CellTooLong { sheet: String, cell: String },
    #[error("项目名称「{0}」重复：工作簿中绩效指标按项目名称对应，请先改为唯一名称")]
    DuplicateProject(String),
    #[error("定性评价指标「{0}」出现多次且带有评分要点：工作簿中评分要点按指标编号对应")]
    DuplicateAssessment(String),
}

/// Column letters of a 0-based column index: 0 → A, 27 → AB.
pub(crate) fn col_name(col: u16) -> String {
    let mut n = u32::from(col) + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        out.push((b'A' + rem) as char);
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

/// Check that a department-year can be written without losing the links between sheets.
pub fn check_writable(d: &DepartmentYear) -> Result<(), XlsxError> {
    let mut names = std::collections::HashSet::new();
    for p in &d.projects.items {
        if !names.insert(p.name.as_str()) {
            return Err(XlsxError::DuplicateProject(p.name.clone()));
        }
    }
    let mut ids = std::collections::HashMap::new();
    for a in &d.assessments {
        *ids.entry(a.indicator.as_str()).or_insert(0usize) += 1;
    }
    for a in &d.assessments {
        if ids.get(a.indicator.as_str()).copied().unwrap_or(0) > 1 && !a.items.is_empty() {
            return Err(XlsxError::DuplicateAssessment(a.indicator.clone()));
        }
    }
    Ok(())
}

/// Read a department-year from workbook bytes (.xlsx, .xls or .ods, detected by content).
///
/// The third-party parsers run behind `catch_unwind`: should one of them panic on a
/// malformed file, the file is reported as damaged instead of bringing the caller down.
pub fn read_workbook_bytes(bytes: &[u8]) -> Result<DepartmentYear, Vec<CellDiagnostic>> {
    read_workbook_bytes_located(bytes).map(|(d, _)| d)
}

/// Like [`read_workbook_bytes`], also telling where each field was read, so validation
/// findings (`jixiao_model::validate`, located by field path) can name sheet and cell.
pub fn read_workbook_bytes_located(
    bytes: &[u8],
) -> Result<(DepartmentYear, Locations), Vec<CellDiagnostic>> {
    let book = std::panic::catch_unwind(|| read::open(bytes)).unwrap_or_else(|_| {
        Err(vec![CellDiagnostic::workbook(
            "corrupt",
            "工作簿已损坏，无法解析。请用 Excel 或 WPS 打开后另存为 .xlsx 再导入",
        )])
    })?;
    read::read_book(book)
}

/// Read a department-year from a workbook file.
///
/// `Err` lists every problem found, each with sheet and cell where it has one; the input
/// is then rejected as a whole.
pub fn read_workbook(path: &Path) -> Result<DepartmentYear, Vec<CellDiagnostic>> {
    read_workbook_located(path).map(|(d, _)| d)
}

/// Like [`read_workbook`], with the [`Locations`] of the fields read.
pub fn read_workbook_located(
    path: &Path,
) -> Result<(DepartmentYear, Locations), Vec<CellDiagnostic>> {
    let bytes = std::fs::read(path).map_err(|e| {
        vec![CellDiagnostic::workbook(
            "io",
            format!("无法读取文件 {}：{e}", path.display()),
        )]
    })?;
    read_workbook_bytes_located(&bytes)
}

/// Where each field of an imported department-year was read: field path (as in
/// `jixiao_model::validate` diagnostics, e.g. `sangong.actual.total`, `progress[2].spent_pct`,
/// `projects.project[0].target[1].actual`) → (sheet, A1 cell).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Locations {
    sheets: Vec<String>,
    cells: std::collections::HashMap<String, (usize, String)>,
}

impl Locations {
    pub(crate) fn insert(&mut self, path: String, sheet: &str, cell: String) {
        let i = match self.sheets.iter().rposition(|s| s == sheet) {
            Some(i) => i,
            None => {
                self.sheets.push(sheet.to_string());
                self.sheets.len() - 1
            }
        };
        self.cells.insert(path, (i, cell));
    }

    /// Sheet and cell of `path`, or of its nearest recorded parent (`progress[2]` for
    /// `progress[2].period` when that was blank).
    pub fn locate(&self, path: &str) -> Option<(&str, &str)> {
        let mut p = path;
        loop {
            if let Some((s, c)) = self.cells.get(p) {
                return Some((self.sheets.get(*s)?.as_str(), c.as_str()));
            }
            p = &p[..p.rfind('.')?];
        }
    }

    /// "工作表「三公经费」D3" for a field path, if it was read from a cell.
    pub fn describe(&self, path: &str) -> Option<String> {
        self.locate(path).map(|(s, c)| format!("工作表「{s}」{c}"))
    }

    pub fn len(&self) -> usize {
        self.cells.len()
    }

    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }
}

/// The one float → decimal step (see `value.rs`), for other readers of spreadsheet cells
/// (the voucher ledger): the shortest decimal text that round-trips to the cell's double,
/// to be parsed as an exact decimal. "40295.14" for the double nearest 40295.14.
pub fn number_cell_text(f: f64) -> String {
    value::float_text(f)
}

/// An Excel serial day number (1900 or 1904 date system) as YYYY-MM-DD.
pub fn serial_date_text(serial: f64, is_1904: bool) -> Option<String> {
    value::excel_serial_to_date(serial, is_1904)
}

/// Whether a path names a spreadsheet this crate reads (by extension).
pub fn is_workbook_path(path: &Path) -> bool {
    matches!(
        path.extension()
            .and_then(|e| e.to_str())
            .map(|e| e.to_ascii_lowercase())
            .as_deref(),
        Some("xlsx" | "xlsm" | "xls" | "ods")
    )
}

/// Import timings of one workbook, for `jixiao bench` and the report.
#[derive(Debug, Clone)]
pub struct BenchFigures {
    pub bytes: usize,
    pub runs: u32,
    /// Fastest run.
    pub best: Duration,
    /// Mean over runs.
    pub mean: Duration,
}

/// Time `runs` imports of the workbook bytes (at least one).
pub fn bench(bytes: &[u8], runs: u32) -> Result<BenchFigures, Vec<CellDiagnostic>> {
    let runs = runs.max(1);
    let mut best = Duration::MAX;
    let mut total = Duration::ZERO;
    for _ in 0..runs {
        let t = Instant::now();
        read_workbook_bytes(bytes)?;
        let e = t.elapsed();
        best = best.min(e);
        total += e;
    }
    Ok(BenchFigures {
        bytes: bytes.len(),
        runs,
        best,
        mean: total / runs,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_names() {
        assert_eq!(col_name(0), "A");
        assert_eq!(col_name(25), "Z");
        assert_eq!(col_name(26), "AA");
        assert_eq!(col_name(27), "AB");
        assert_eq!(col_name(16383), "XFD");
    }

    #[test]
    fn diagnostic_display() {
        let d = CellDiagnostic::cell(
            "bad-value",
            "三公经费",
            4,
            2,
            "应为金额，实际为「约3万」".into(),
        );
        assert_eq!(
            d.to_string(),
            "工作表「三公经费」C5：应为金额，实际为「约3万」"
        );
    }
}
