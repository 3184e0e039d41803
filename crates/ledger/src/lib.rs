//! jixiao-ledger: the treasury payment ledger (国库集中支付凭证). Execution figures come from
//! treasury payments, not from what units type (system.md §6); this crate reads a voucher
//! export and sums it by unit × project × month (optionally also by 功能分类科目, 经济分类科目,
//! 资金性质, 支付方式).
//!
//! - **Formats**: CSV in UTF-8 (with or without BOM), GBK/GB18030 or UTF-16 (Excel's
//!   "Unicode text"), comma- or tab-separated (detected), quoted fields with embedded
//!   delimiters, quotes and line breaks; `.xlsx` read cell by cell (streaming).
//! - **Columns** by header, through one map of the usual Chinese headers and their variants
//!   ([`header::HEADERS`]); a title row above the header is skipped; unknown columns are
//!   reported and ignored; missing required columns reject the file.
//! - **Exact**: amounts become integer 分 from their decimal text (an `.xlsx` number cell goes
//!   through the project's one float → text step, `jixiao_xlsx::number_cell_text`); a
//!   `金额（万元）` header is honoured.
//! - **Duplicates** by 凭证号 are dropped and counted (the first in file order is kept). A
//!   refund is its own voucher even when it repeats its payment's number.
//! - **Refunds** (negative amounts or a 退回标志 of 是) are netted: they count negative.
//! - **Bad rows** (unparseable date or amount, empty 凭证号 or unit, unknown refund flag,
//!   a unit outside the given register) are reported with line number and content through a
//!   callback as they are found; the file is rejected as a whole unless `skip_bad_rows`.
//! - **Streaming**: the file is read in 8 MiB blocks, parsed by worker threads and summed in
//!   file order; memory does not grow with the file except for the duplicate check, which
//!   keeps one 64-bit fingerprint (xxh3 of the 凭证号) per distinct voucher: about 150 MB at
//!   ten million vouchers, and a chance of about n²/2⁶⁵ (3 in a million at 10⁷) that two
//!   different numbers share a fingerprint and one is taken for a duplicate.

mod csv;
pub mod gen;
pub mod header;
mod parse;
mod sum;
mod xlsx;

use std::collections::BTreeMap;
use std::path::Path;

use jixiao_model::{Date, Money, MoneyUnit};
use rust_decimal::Decimal;
use serde::Serialize;

pub use header::{Column, HeaderMap, HEADERS};
pub use parse::Encoding;

/// Which dimensions, besides unit and project, the sums are kept by.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Dims {
    /// 功能分类科目
    pub function: bool,
    /// 经济分类科目
    pub economic: bool,
    /// 资金性质
    pub fund_nature: bool,
    /// 支付方式
    pub pay_method: bool,
}

impl Dims {
    /// The key columns, unit and project first.
    pub(crate) fn columns(self) -> Vec<(Column, Option<Column>)> {
        let mut out = vec![
            (Column::UnitCode, Some(Column::UnitName)),
            (Column::ProjectCode, Some(Column::ProjectName)),
        ];
        for (on, c) in [
            (self.function, Column::Function),
            (self.economic, Column::Economic),
            (self.fund_nature, Column::FundNature),
            (self.pay_method, Column::PayMethod),
        ] {
            if on {
                out.push((c, None));
            }
        }
        out
    }
}

/// How to read.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Keep going past bad rows (each is still reported); otherwise any bad row rejects the file.
    pub skip_bad_rows: bool,
    pub dims: Dims,
    /// Only vouchers paid on or before this date (monitoring at an as-of date).
    pub until: Option<Date>,
    /// The unit register (单位编码 or 单位名称): a voucher of another unit is a bad row.
    pub known_units: Option<Vec<String>>,
    /// Only these units' vouchers are summed; others are counted and left out (not bad).
    pub only_units: Option<Vec<String>>,
    /// Worker threads for CSV (0: one per core, at least 1).
    pub threads: usize,
    /// CSV block size in bytes (0: 8 MiB); small blocks exercise block boundaries in tests.
    pub block_size: usize,
}

/// A row that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BadRow {
    /// 1-based physical line (CSV) or row (Excel).
    pub line: u64,
    /// The row as written (at most 300 characters).
    pub content: String,
    /// Why, in Chinese.
    pub reason: String,
}

/// Counts of what was read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// Data rows after the header (blank and summary rows included).
    pub rows: u64,
    /// Vouchers summed.
    pub vouchers: u64,
    /// Bad rows (skipped with `skip_bad_rows`, else the file was rejected).
    pub rejected: u64,
    /// Rows whose 凭证号 was seen before, dropped.
    pub duplicates: u64,
    /// Refunds among the vouchers summed (negative net amount).
    pub refunds: u64,
    /// Sum of the refunds, 分 (≤ 0).
    #[serde(serialize_with = "ser_i128")]
    pub refund_cents: i128,
    /// Net total of the vouchers summed, 分.
    #[serde(serialize_with = "ser_i128")]
    pub total_cents: i128,
    pub blank: u64,
    /// 合计/总计 rows skipped.
    pub summary_rows: u64,
    /// Vouchers paid after `Options::until`, left out.
    pub after_until: u64,
    /// Vouchers of units outside `Options::only_units`, left out.
    pub other_units: u64,
}

fn ser_i128<S: serde::Serializer>(v: &i128, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(v)
}

/// One group of the sums: its key fields as written (names from its first voucher).
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Group {
    pub unit_code: String,
    pub unit_name: String,
    pub project_code: String,
    pub project_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub function: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub economic: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fund_nature: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pay_method: Option<String>,
}

/// The net amount of one group in one month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Cell {
    /// Index into [`Ledger::groups`].
    pub group: u32,
    pub year: i32,
    pub month: u8,
    #[serde(serialize_with = "ser_i128")]
    pub cents: i128,
    pub vouchers: u64,
}

/// How the columns were read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct HeaderInfo {
    /// 1-based line (row) of the header.
    pub line: u64,
    /// (column, 1-based position, header as written)
    pub columns: Vec<(Column, usize, String)>,
    /// Headers matched to no column, ignored: (position, header).
    pub unmatched: Vec<(usize, String)>,
    /// "元" or "万元"
    pub amount_unit: &'static str,
}

/// A voucher file read and summed.
#[derive(Debug, Clone, Serialize)]
pub struct Ledger {
    pub origin: String,
    /// "csv" or "xlsx"
    pub format: &'static str,
    pub encoding: Option<Encoding>,
    pub delimiter: Option<char>,
    pub header: HeaderInfo,
    pub stats: Stats,
    pub dims: Dims,
    /// Sorted by key.
    pub groups: Vec<Group>,
    /// Sorted by (group, year, month).
    pub cells: Vec<Cell>,
}

/// Why a file could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    #[error("无法读取 {path}：{reason}")]
    Io { path: String, reason: String },
    #[error("{origin}：{message}")]
    Format { origin: String, message: String },
    #[error("{origin}：缺少必需的列：{}（可用的列名见 docs/monitoring.md）", missing.join("、"))]
    MissingColumns {
        origin: String,
        missing: Vec<&'static str>,
        /// The header cells found.
        found: Vec<String>,
    },
    /// Bad rows without `skip_bad_rows`: every one was reported through the callback.
    #[error("{origin}：有 {count} 行无法读取，整个文件未导入（确认无误后可用 --skip-bad-rows 跳过这些行）")]
    BadRows {
        origin: String,
        count: u64,
        stats: Box<Stats>,
    },
}

/// A period to sum cells over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Granularity {
    Month,
    Quarter,
    Year,
}

/// Which key fields a sum keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum By {
    Unit,
    Project,
    Function,
    Economic,
    FundNature,
    PayMethod,
}

/// One row of a summed table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SumRow {
    /// Key values in the order of the `by` list (unit: code and name; project: code and name).
    pub key: Vec<String>,
    /// "2025-07", "2025-Q3", "2025"
    pub period: String,
    #[serde(serialize_with = "ser_i128")]
    pub cents: i128,
    pub vouchers: u64,
}

/// 分 as 元 text with two places: 123456 → "1234.56".
pub fn yuan_text(cents: i128) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let c = cents.unsigned_abs();
    format!("{sign}{}.{:02}", c / 100, c % 100)
}

/// 分 as exact 万元.
pub fn cents_to_money(cents: i128) -> Money {
    let d = Decimal::from_i128_with_scale(cents, 2);
    Money::new(d, MoneyUnit::Yuan)
}

impl Ledger {
    /// Sums by the given keys and period, sorted by key then period.
    pub fn sums(&self, by: &[By], period: Granularity) -> Vec<SumRow> {
        let mut out: BTreeMap<(Vec<String>, String), (i128, u64)> = BTreeMap::new();
        for c in &self.cells {
            let Some(g) = self.groups.get(c.group as usize) else {
                continue;
            };
            let mut key = Vec::new();
            for b in by {
                match b {
                    By::Unit => {
                        key.push(g.unit_code.clone());
                        key.push(g.unit_name.clone());
                    }
                    By::Project => {
                        key.push(g.project_code.clone());
                        key.push(g.project_name.clone());
                    }
                    By::Function => key.push(g.function.clone().unwrap_or_default()),
                    By::Economic => key.push(g.economic.clone().unwrap_or_default()),
                    By::FundNature => key.push(g.fund_nature.clone().unwrap_or_default()),
                    By::PayMethod => key.push(g.pay_method.clone().unwrap_or_default()),
                }
            }
            let p = match period {
                Granularity::Month => format!("{:04}-{:02}", c.year, c.month),
                Granularity::Quarter => format!("{:04}-Q{}", c.year, c.month.div_ceil(3)),
                Granularity::Year => format!("{:04}", c.year),
            };
            let e = out.entry((key, p)).or_default();
            e.0 += c.cents;
            e.1 += c.vouchers;
        }
        out.into_iter()
            .map(|((key, period), (cents, vouchers))| SumRow {
                key,
                period,
                cents,
                vouchers,
            })
            .collect()
    }

    /// Monthly net spending of `year` (January first) over the groups `pick` accepts, 分.
    pub fn monthly(&self, year: i32, pick: impl Fn(&Group) -> bool) -> [i128; 12] {
        let mut out = [0i128; 12];
        for c in &self.cells {
            if c.year != year {
                continue;
            }
            if let Some(g) = self.groups.get(c.group as usize) {
                if pick(g) && (1..=12).contains(&c.month) {
                    out[usize::from(c.month - 1)] += c.cents;
                }
            }
        }
        out
    }

    /// Totals by month over everything, sorted: ((year, month), 分, vouchers).
    pub fn by_month(&self) -> Vec<((i32, u8), i128, u64)> {
        let mut m: BTreeMap<(i32, u8), (i128, u64)> = BTreeMap::new();
        for c in &self.cells {
            let e = m.entry((c.year, c.month)).or_default();
            e.0 += c.cents;
            e.1 += c.vouchers;
        }
        m.into_iter().map(|(k, (c, n))| (k, c, n)).collect()
    }
}

/// Read a voucher file (`.csv`, `.txt`, `.tsv` or `.xlsx`/`.xlsm`), reporting every bad
/// row to `bad` as it is found.
pub fn read_path(
    path: &Path,
    opts: &Options,
    bad: &mut dyn FnMut(BadRow),
) -> Result<Ledger, LedgerError> {
    let origin = path.display().to_string();
    let io = |e: std::io::Error| LedgerError::Io {
        path: origin.clone(),
        reason: match e.kind() {
            std::io::ErrorKind::NotFound => "文件不存在".into(),
            std::io::ErrorKind::PermissionDenied => "没有读取权限".into(),
            _ => e.to_string(),
        },
    };
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    if matches!(ext.as_str(), "xlsx" | "xlsm") {
        let bytes = std::fs::read(path).map_err(io)?;
        return xlsx::read(&bytes, &origin, opts, bad);
    }
    if matches!(ext.as_str(), "xls" | "ods") {
        return Err(LedgerError::Format {
            origin,
            message: "不支持 .xls/.ods 凭证文件：请另存为 .xlsx 或 CSV".into(),
        });
    }
    let file = std::fs::File::open(path).map_err(io)?;
    let size = file.metadata().ok().map(|m| m.len());
    csv::read(file, size, &origin, opts, bad)
}

/// Read CSV from any reader (a file, stdin, bytes).
pub fn read_csv<R: std::io::Read + Send>(
    input: R,
    origin: &str,
    opts: &Options,
    bad: &mut dyn FnMut(BadRow),
) -> Result<Ledger, LedgerError> {
    csv::read(input, None, origin, opts, bad)
}

/// Read `.xlsx` bytes.
pub fn read_xlsx(
    bytes: &[u8],
    origin: &str,
    opts: &Options,
    bad: &mut dyn FnMut(BadRow),
) -> Result<Ledger, LedgerError> {
    xlsx::read(bytes, origin, opts, bad)
}

/// Peak resident memory of this process so far, in bytes (Linux `VmHWM`), for benchmarks.
pub fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// Reset the peak-memory mark (Linux), so a benchmark measures only what follows.
pub fn reset_peak_rss() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}
