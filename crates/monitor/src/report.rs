//! What monitoring produces: one [`MonitorReport`] that the terminal view, the JSON output
//! and the 绩效监控表 export all read. JSON field names are a contract (add, never rename);
//! decimals are strings.

use jixiao_model::number::opt_decimal_text;
use jixiao_model::Date;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::light::{Judgement, Light};
use crate::time::TimeProgress;

/// The rules a report was made with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RulesInfo {
    pub id: String,
    pub name: String,
    pub version: String,
    pub origin: String,
}

/// Monitoring of a department-year at one as-of date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonitorReport {
    pub as_of: Date,
    pub department: Option<String>,
    pub year: Option<i32>,
    pub rules: RulesInfo,
    pub time_progress: TimeProgress,
    /// The department as a whole.
    pub overall: SubjectMonitor,
    /// Earlier monitoring points of the department read from `progress` (quarters or months
    /// ending on or before the as-of date), oldest first; the last is the one `overall` uses
    /// when the department has no other execution figures.
    pub history: Vec<HistoryPoint>,
    pub projects: Vec<SubjectMonitor>,
    /// Counts by 双监控 light over the projects.
    pub summary: Summary,
    /// Where execution figures came from when not from the input file (a voucher ledger).
    pub execution_source: Option<String>,
}

/// A department-level monitoring point from `progress`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HistoryPoint {
    /// "Q3", "M07"
    pub period: String,
    pub date: Option<Date>,
    pub execution: Judgement,
}

/// How many projects got each 双监控 light.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub projects: usize,
    pub red: usize,
    pub yellow: usize,
    pub green: usize,
    pub blue: usize,
    pub unknown: usize,
    /// Projects with at least one flag (second round, escalation, forecast warning).
    pub flagged: usize,
}

/// The department or one project.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SubjectMonitor {
    /// `None` for the department; the project's index in `projects.project` otherwise.
    pub index: Option<usize>,
    pub name: String,
    pub code: Option<String>,
    /// Field path of the subject (`projects.project[2]`, or "" for the department).
    pub path: String,
    /// The fund grid: one row per funding source, then 合计.
    pub funds: Vec<FundRow>,
    /// 预算执行预警
    pub execution: Judgement,
    /// One entry per performance target, in file order.
    pub targets: Vec<TargetMonitor>,
    /// 目标完成预警: the worst target light.
    pub targets_light: Judgement,
    /// 双监控
    pub dual: Judgement,
    pub forecast: Option<Forecast>,
    /// Things to explain or escalate.
    pub flags: Vec<Flag>,
    /// Reasons and measures the unit gave for the spending.
    pub reason: Option<String>,
    pub reason_category: Option<String>,
    pub measures: Option<String>,
}

impl SubjectMonitor {
    /// The light shown for the subject (双监控 when judgeable, else execution).
    pub fn headline(&self) -> Option<Light> {
        self.dual.light.or(self.execution.light)
    }
}

/// One row of the fund grid (资金来源 | 年初预算 | 调整预算 | 调整后预算 | 累计支出 | 执行率 |
/// 预计全年结余). Amounts in 万元.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct FundRow {
    pub source: String,
    #[serde(with = "opt_decimal_text")]
    pub initial: Option<Decimal>,
    #[serde(with = "opt_decimal_text")]
    pub adjustment: Option<Decimal>,
    #[serde(with = "opt_decimal_text")]
    pub adjusted: Option<Decimal>,
    #[serde(with = "opt_decimal_text")]
    pub spent: Option<Decimal>,
    /// 执行率 = 累计支出 ÷ 调整后预算 × 100, rounded to two places.
    #[serde(with = "opt_decimal_text")]
    pub execution_pct: Option<Decimal>,
    /// 预计全年结余 (on the 合计 row, from the forecast).
    #[serde(with = "opt_decimal_text")]
    pub forecast_balance: Option<Decimal>,
    /// Whether this is the 合计 row.
    pub total: bool,
}

/// One target at the monitoring point.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetMonitor {
    pub index: usize,
    /// Field path (`projects.project[0].target[1]`).
    pub path: String,
    pub level1: String,
    pub level2: String,
    pub name: String,
    /// 年度指标值 as written ("≥30项").
    pub target: String,
    /// 当前完成值 as written.
    pub current: Option<String>,
    /// 全年预计完成值 as written.
    pub forecast: Option<String>,
    /// 偏离度 (%), rounded to two places.
    #[serde(with = "opt_decimal_text")]
    pub deviation_pct: Option<Decimal>,
    /// How 偏离度 was computed.
    pub deviation_basis: Option<String>,
    pub likelihood: Option<String>,
    pub reason: Option<String>,
    pub reason_category: Option<String>,
    pub measures: Option<String>,
    pub light: Judgement,
}

/// 全年预计执行数 and 预计结余.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Forecast {
    /// `prior_shape` or `linear` (the method actually used).
    pub method: crate::rules::ForecastMethod,
    pub method_label: String,
    #[serde(with = "jixiao_model::number::decimal_text")]
    pub year_end_spent: Decimal,
    #[serde(with = "opt_decimal_text")]
    pub balance: Option<Decimal>,
    #[serde(with = "opt_decimal_text")]
    pub execution_pct: Option<Decimal>,
    /// The unit's own 全年预计执行数, when given.
    #[serde(with = "opt_decimal_text")]
    pub stated: Option<Decimal>,
    pub warning: bool,
    pub trace: crate::light::Trace,
}

/// A finding to act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Flag {
    /// Stable code: `deviation`, `zero-execution`, `escalated`, `forecast-low`,
    /// `reason-missing`, `impossible`.
    pub code: &'static str,
    /// Field path the flag is about.
    pub path: String,
    pub message: String,
}
