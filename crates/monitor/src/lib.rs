//! jixiao-monitor: 绩效运行监控（“双监控”）. At an as-of date, for the department and each
//! project: is the money being spent on schedule (预算执行预警), are the targets being met
//! (目标完成预警), both together (the 双监控 matrix), what the year end will look like
//! (全年预计执行数 and 预计结余), and what must be explained or escalated.
//!
//! Every rule of domain.md §7 is a parameter of a [`Rules`] file (`rules/monitoring-default.toml`
//! is the shipped default); every light carries a [`Trace`] — inputs with their field paths,
//! the formula, the bands, the exact and the judged value. Pure: no IO, no clock; the as-of
//! date is an argument.
//!
//! ```
//! use jixiao_model::{Date, DepartmentYear, Percent, ProgressPoint};
//! use jixiao_monitor::{monitor, Light, Rules};
//! use rust_decimal::Decimal;
//!
//! let mut d = DepartmentYear::default();
//! d.department.year = Some(2021);
//! d.progress.push(ProgressPoint {
//!     period: "Q3".into(),
//!     spent_pct: Some(Percent(Decimal::new(788, 1))),
//!     time_pct: Some(Percent(Decimal::from(75))),
//!     ..Default::default()
//! });
//! let as_of = Date::parse("2021-09-30").unwrap();
//! let r = monitor(&d, as_of, Rules::default_rules(), None);
//! assert_eq!(r.overall.execution.light, Some(Light::Green));
//! assert!(r.overall.execution.reason.contains("105.07%"));
//! ```

pub mod light;
pub mod report;
pub mod rules;
pub mod time;

mod execution;
mod forecast;
mod targets;

use jixiao_model::{Date, DepartmentYear, Money};
use rust_decimal::Decimal;

pub use light::{band_of, Band, BandText, Input, Judgement, Light, Missing, Trace};
pub use report::{
    Flag, Forecast, FundRow, HistoryPoint, MonitorReport, RulesInfo, SubjectMonitor, Summary,
    TargetMonitor,
};
pub use rules::{
    parse_rules, BudgetBasis, ForecastMethod, Rules, RulesError, TimeBasis, DEFAULT_RULES_TOML,
};
pub use time::{time_progress, TimeProgress};

/// 四舍五入 to two places (the model's one rounding).
pub(crate) fn round2(d: Decimal) -> Decimal {
    jixiao_model::round2(d).normalize()
}

/// Spending by calendar month (net of refunds) from outside the input file — a treasury
/// voucher ledger — for one subject. Months after the as-of date must already be excluded
/// by whoever built it (the ledger reader filters vouchers by date).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthlyAmounts {
    /// January first, 万元.
    pub months: [Money; 12],
    /// What was matched, for traces: "单位编码 001001、项目编码 P0001".
    pub label: String,
}

/// Execution figures that replace the input file's, e.g. from `jixiao ledger`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExternalSpending {
    /// Where they came from, for traces ("vouchers-2025.csv").
    pub origin: String,
    /// The department's spending (all its vouchers).
    pub department: Option<MonthlyAmounts>,
    /// By project index (`projects.project[i]`); `None` for a project the ledger has no
    /// vouchers for — the input file's figures are then used.
    pub projects: Vec<Option<MonthlyAmounts>>,
}

/// Monitor a department-year at `as_of` by `rules`.
///
/// Execution figures come from `external` when given (for the subjects it covers), else
/// from the input: `monitoring` points, and for the department without one, `progress`.
pub fn monitor(
    d: &DepartmentYear,
    as_of: Date,
    rules: &Rules,
    external: Option<&ExternalSpending>,
) -> MonitorReport {
    let tp = time::time_progress(as_of, rules.time_basis);
    let year = d.department.year.unwrap_or(as_of.year);
    let history = execution::history(d, as_of, year, rules);
    let dept_shape = d.monitoring.as_ref().map(|m| m.prior_years.as_slice());
    let overall = execution::department(
        d,
        &tp,
        rules,
        external.and_then(|e| e.department.as_ref().map(|m| (e.origin.as_str(), m))),
        &history,
    );
    let projects: Vec<SubjectMonitor> = d
        .projects
        .items
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let ext = external.and_then(|e| {
                e.projects
                    .get(i)
                    .and_then(Option::as_ref)
                    .map(|m| (e.origin.as_str(), m))
            });
            execution::project(i, p, &tp, rules, ext, dept_shape.unwrap_or(&[]))
        })
        .collect();
    let mut summary = Summary {
        projects: projects.len(),
        ..Summary::default()
    };
    for p in &projects {
        match p.dual.light {
            Some(Light::Red) => summary.red += 1,
            Some(Light::Yellow) => summary.yellow += 1,
            Some(Light::Green) => summary.green += 1,
            Some(Light::Blue) => summary.blue += 1,
            None => summary.unknown += 1,
        }
        if !p.flags.is_empty() {
            summary.flagged += 1;
        }
    }
    MonitorReport {
        as_of,
        department: d.department.name.clone(),
        year: d.department.year,
        rules: RulesInfo {
            id: rules.id.clone(),
            name: rules.name.clone(),
            version: rules.version.clone(),
            origin: rules.origin.clone(),
        },
        time_progress: tp,
        overall,
        history,
        projects,
        summary,
        execution_source: external.map(|e| e.origin.clone()),
    }
}
