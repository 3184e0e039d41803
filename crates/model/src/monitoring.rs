//! 绩效运行监控（“双监控”）: the figures of a mid-year monitoring point.
//!
//! During the year a finance bureau watches budget execution and target achievement
//! together (domain.md §7, 财预〔2019〕136号). A monitoring point is written beside the
//! department-year it belongs to:
//!
//! - `[monitoring]` for the department as a whole ([`Monitoring`]): the date the figures are
//!   as of, budget and cumulative execution by funding source, a monthly series, prior
//!   years' monthly shape for the forecast. Without execution figures there, the
//!   department's execution is read from `[[progress]]` (累计支出进度 by quarter or month),
//!   which is where the Longhua example keeps its quarterly points;
//! - `[projects.project.monitoring]` for a project (the same [`Monitoring`] type);
//! - `[projects.project.target.monitoring]` for a performance target ([`TargetMonitoring`]):
//!   当前完成值, 全年预计完成值, 完成可能性, 偏差原因 and its 原因分类, 纠偏措施.
//!
//! Every figure is optional and exact; amounts are 万元 like everywhere in the model.
//! Monthly amounts are what was paid in that month (net of refunds, so a month may be
//! negative), not cumulative.

use serde::{Deserialize, Serialize};

use crate::number::Money;

/// An empty monitoring table (`[monitoring]` with nothing in it) is the same as none: it is
/// read as `None`, so that writing a model and reading it back gives the same model whatever
/// the writer does with empty tables (canonical TOML and workbooks leave them out).
pub(crate) fn empty_as_none<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de> + Default + PartialEq,
{
    Ok(Option::<T>::deserialize(d)?.filter(|v| *v != T::default()))
}

/// One monitoring point: `[monitoring]` (department) or `[projects.project.monitoring]`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Monitoring {
    /// 数据截至日期（YYYY-MM-DD）：累计支出等数字截至的日期；缺省时项目取部门的
    pub as_of: Option<String>,
    /// 资金（按资金来源）：年初预算、调整预算、调整后预算、累计支出
    #[serde(rename = "fund", skip_serializing_if = "Vec::is_empty")]
    pub funds: Vec<FundLine>,
    /// 累计支出（截至 as_of，万元）：不按来源填写时用
    pub spent: Option<Money>,
    /// 月度支出（1 月起逐月的当月支出数，万元，已扣除退回）：可代替 spent，任意截止日期都可用
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub monthly: Vec<Money>,
    /// 以前年度的月度支出（用于按历史进度预测全年执行数）
    #[serde(rename = "prior_year", skip_serializing_if = "Vec::is_empty")]
    pub prior_years: Vec<PriorYearMonthly>,
    /// 单位填报的全年预计执行数（万元）
    pub forecast_spent: Option<Money>,
    /// 资金执行的偏差原因
    pub reason: Option<String>,
    /// 原因分类
    pub reason_category: Option<ReasonCategory>,
    /// 纠偏措施
    pub measures: Option<String>,
}

/// One row of the fund grid (资金来源 | 年初预算 | 调整预算 | 调整后预算 | 累计支出).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FundLine {
    /// 资金来源：财政拨款、政府性基金、上年结转、其他资金……
    pub source: String,
    /// 年初预算
    pub initial: Option<Money>,
    /// 调整预算（调增为正，调减为负）
    pub adjustment: Option<Money>,
    /// 调整后预算（= 年初预算 + 调整预算）
    pub adjusted: Option<Money>,
    /// 累计支出（截至 as_of）
    pub spent: Option<Money>,
}

/// One prior year's monthly spending, the shape a forecast can follow.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PriorYearMonthly {
    pub year: Option<i32>,
    /// 1–12 月逐月支出数（万元）
    pub monthly: Vec<Money>,
}

/// A performance target at the monitoring point: `[projects.project.target.monitoring]`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TargetMonitoring {
    /// 当前完成值（截至 as_of 的累计完成值）
    pub current: Option<crate::number::Num>,
    /// 定性指标的当前完成情况：达成 / 部分达成 / 未达成
    pub current_text: Option<String>,
    /// 全年预计完成值
    pub forecast: Option<crate::number::Num>,
    /// 定性指标的全年预计完成情况
    pub forecast_text: Option<String>,
    /// 完成目标可能性
    pub likelihood: Option<Likelihood>,
    /// 偏差原因
    pub reason: Option<String>,
    /// 原因分类
    pub reason_category: Option<ReasonCategory>,
    /// 纠偏措施
    pub measures: Option<String>,
}

/// 完成目标可能性, the three choices of the 财预〔2019〕136号 monitoring form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Likelihood {
    #[serde(rename = "确定能", alias = "确定能完成", alias = "能")]
    Certain,
    #[serde(rename = "有可能", alias = "可能")]
    Possible,
    #[serde(rename = "完全不可能", alias = "不可能")]
    Impossible,
}

impl Likelihood {
    pub fn label(self) -> &'static str {
        match self {
            Likelihood::Certain => "确定能",
            Likelihood::Possible => "有可能",
            Likelihood::Impossible => "完全不可能",
        }
    }
}

/// 偏差原因分类, the columns of the 136号 form's 偏差原因分析.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ReasonCategory {
    #[serde(rename = "经费保障")]
    Funding,
    #[serde(rename = "制度保障")]
    Rules,
    #[serde(rename = "人员保障")]
    Staff,
    #[serde(rename = "硬件条件保障", alias = "硬件保障")]
    Facilities,
    #[serde(rename = "其他")]
    Other,
}

impl ReasonCategory {
    pub fn label(self) -> &'static str {
        match self {
            ReasonCategory::Funding => "经费保障",
            ReasonCategory::Rules => "制度保障",
            ReasonCategory::Staff => "人员保障",
            ReasonCategory::Facilities => "硬件条件保障",
            ReasonCategory::Other => "其他",
        }
    }

    pub const ALL: [ReasonCategory; 5] = [
        ReasonCategory::Funding,
        ReasonCategory::Rules,
        ReasonCategory::Staff,
        ReasonCategory::Facilities,
        ReasonCategory::Other,
    ];
}

/// A calendar date (YYYY-MM-DD), for as-of dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// Parse `YYYY-MM-DD` (also `YYYY/MM/DD`, `YYYY.MM.DD`, `YYYYMMDD`, `YYYY年M月D日`).
    pub fn parse(text: &str) -> Option<Date> {
        let t = text.trim();
        let digits: Vec<&str> = t
            .split(|c: char| !c.is_ascii_digit())
            .filter(|s| !s.is_empty())
            .collect();
        let (y, m, d) = match digits.as_slice() {
            [ymd] if ymd.len() == 8 => (&ymd[..4], &ymd[4..6], &ymd[6..]),
            [y, m, d] => (*y, *m, *d),
            _ => return None,
        };
        if y.len() != 4 || m.is_empty() || m.len() > 2 || d.is_empty() || d.len() > 2 {
            return None;
        }
        Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    }

    /// A valid date, or `None`.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// Day of the year, 1-based.
    pub fn ordinal(self) -> u16 {
        (1..self.month)
            .map(|m| u16::from(days_in_month(self.year, m)))
            .sum::<u16>()
            + u16::from(self.day)
    }

    /// Whether this is the last day of its month.
    pub fn is_month_end(self) -> bool {
        self.day == days_in_month(self.year, self.month)
    }

    /// The last day of `month` in `year`.
    pub fn month_end(year: i32, month: u8) -> Option<Date> {
        Date::new(year, month, days_in_month(year, month.clamp(1, 12)))
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Whether `year` is a leap year (Gregorian).
pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Days in the year: 365 or 366.
pub fn days_in_year(year: i32) -> u16 {
    if is_leap_year(year) {
        366
    } else {
        365
    }
}

/// Days in `month` (1–12) of `year`; 0 for a month out of range.
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

// ── validation ───────────────────────────────────────────────────────────────

use crate::department::DepartmentYear;
use crate::validate::{Diagnostic, Severity};

/// Monitoring amounts that may be negative: a budget adjustment (调减) and a month's net
/// spending (a refund larger than that month's payments).
pub(crate) fn is_signed_path(path: &str) -> bool {
    path.contains("monitoring.") && (path.ends_with(".adjustment") || path.contains(".monthly["))
}

/// Validation of every monitoring point of `d`, appended to `out` (field order).
pub(crate) fn check(d: &DepartmentYear, out: &mut Vec<Diagnostic>) {
    let dept_as_of = d
        .monitoring
        .as_ref()
        .and_then(|m| m.as_of.as_deref().map(|t| (Date::parse(t), t)));
    if let Some(m) = &d.monitoring {
        check_point(m, "monitoring", d.department.year, out);
    }
    for (pi, p) in d.projects.items.iter().enumerate() {
        let base = format!("projects.project[{pi}]");
        if let Some(m) = &p.monitoring {
            let mbase = format!("{base}.monitoring");
            check_point(m, &mbase, d.department.year, out);
            if let (Some(own), Some((Some(dept), dept_text))) =
                (m.as_of.as_deref().and_then(Date::parse), dept_as_of)
            {
                if own != dept {
                    let mut diag = Diagnostic::new(
                        Severity::Warning,
                        "monitoring-as-of",
                        format!("{mbase}.as_of"),
                        format!(
                            "项目「{}」的数据截至日期 {own} 与部门的 {dept_text} 不同",
                            p.name
                        ),
                        format!(
                            "project '{}' is as of {own}, the department as of {dept_text}",
                            p.name
                        ),
                    );
                    diag.related.push("monitoring.as_of".into());
                    out.push(diag);
                }
            }
        }
        for (ti, t) in p.targets.iter().enumerate() {
            let Some(tm) = &t.monitoring else { continue };
            let tbase = format!("{base}.target[{ti}].monitoring");
            if tm.likelihood == Some(Likelihood::Impossible)
                && tm.reason.as_deref().is_none_or(|r| r.trim().is_empty())
            {
                out.push(Diagnostic::new(
                    Severity::Warning,
                    "monitoring-reason",
                    format!("{tbase}.reason"),
                    format!("指标「{}」预计完全不可能完成，但未填写偏差原因", t.name),
                    format!(
                        "target '{}' is marked impossible to complete but gives no reason",
                        t.name
                    ),
                ));
            }
            if let Some(c) = tm.current {
                if c.0.is_sign_negative() && !c.0.is_zero() {
                    out.push(Diagnostic::new(
                        Severity::Error,
                        "negative",
                        format!("{tbase}.current"),
                        format!("当前完成值不能为负数：{c}"),
                        format!("current value must not be negative: {c}"),
                    ));
                }
            }
        }
    }
}

fn check_point(m: &Monitoring, base: &str, year: Option<i32>, out: &mut Vec<Diagnostic>) {
    if let Some(text) = &m.as_of {
        match Date::parse(text) {
            None => out.push(Diagnostic::new(
                Severity::Error,
                "date",
                format!("{base}.as_of"),
                format!("数据截至日期「{text}」不是有效日期，应写成 YYYY-MM-DD，如 2025-07-31"),
                format!("as-of date '{text}' is not a valid date (YYYY-MM-DD)"),
            )),
            Some(date) => {
                if let Some(y) = year.filter(|y| *y != date.year) {
                    let mut diag = Diagnostic::new(
                        Severity::Warning,
                        "monitoring-year",
                        format!("{base}.as_of"),
                        format!("数据截至日期 {date} 不在评价年度 {y} 年内"),
                        format!("as-of date {date} is not in the year {y}"),
                    );
                    diag.related.push("department.year".into());
                    out.push(diag);
                }
            }
        }
    }
    for (i, f) in m.funds.iter().enumerate() {
        let fb = format!("{base}.fund[{i}]");
        if let (Some(a), Some(b), Some(c)) = (f.initial, f.adjustment, f.adjusted) {
            if a.checked_add(b) != Some(c) {
                let mut diag = Diagnostic::new(
                    Severity::Warning,
                    "identity",
                    format!("{fb}.adjusted"),
                    format!(
                        "调整后预算不等于年初预算 + 调整预算：{fb}.adjusted 为 {c} 万元，{fb}.initial + {fb}.adjustment 为 {} 万元",
                        a.checked_add(b).map(|s| s.to_string()).unwrap_or_else(|| "∞".into())
                    ),
                    format!("{fb}: adjusted ({c}) is not initial ({a}) + adjustment ({b})"),
                );
                diag.related = vec![format!("{fb}.initial"), format!("{fb}.adjustment")];
                out.push(diag);
            }
        }
        let budget = f.adjusted.or(match (f.initial, f.adjustment) {
            (Some(a), Some(b)) => a.checked_add(b),
            (Some(a), None) => Some(a),
            _ => None,
        });
        if let (Some(spent), Some(budget)) = (f.spent, budget) {
            if spent > budget {
                let mut diag = Diagnostic::new(
                    Severity::Warning,
                    "overspent",
                    format!("{fb}.spent"),
                    format!(
                        "资金来源「{}」累计支出 {spent} 万元超过调整后预算 {budget} 万元",
                        f.source
                    ),
                    format!("{fb}: spent ({spent}) exceeds the adjusted budget ({budget})"),
                );
                diag.related.push(format!("{fb}.adjusted"));
                out.push(diag);
            }
        }
    }
    if m.monthly.len() > 12 {
        out.push(Diagnostic::new(
            Severity::Error,
            "monthly-length",
            format!("{base}.monthly"),
            format!("月度支出最多 12 个月，实际填了 {} 个", m.monthly.len()),
            format!("at most 12 monthly amounts, found {}", m.monthly.len()),
        ));
    }
    for (y, p) in m.prior_years.iter().enumerate() {
        if p.monthly.len() != 12 {
            out.push(Diagnostic::new(
                Severity::Error,
                "monthly-length",
                format!("{base}.prior_year[{y}].monthly"),
                format!(
                    "以前年度月度支出应填满 12 个月（用于按历史进度预测），实际填了 {} 个",
                    p.monthly.len()
                ),
                format!(
                    "a prior year needs 12 monthly amounts, found {}",
                    p.monthly.len()
                ),
            ));
        }
    }
    let fund_spent: Option<Money> =
        if m.funds.is_empty() || m.funds.iter().any(|f| f.spent.is_none()) {
            None
        } else {
            m.funds
                .iter()
                .try_fold(Money::ZERO, |a, f| a.checked_add(f.spent?))
        };
    if let (Some(total), Some(parts)) = (m.spent, fund_spent) {
        if total != parts {
            let mut diag = Diagnostic::new(
                Severity::Warning,
                "identity",
                format!("{base}.spent"),
                format!("累计支出 {total} 万元不等于各资金来源累计支出之和 {parts} 万元"),
                format!("{base}.spent ({total}) is not the sum of the sources' spending ({parts})"),
            );
            diag.related = (0..m.funds.len())
                .map(|i| format!("{base}.fund[{i}].spent"))
                .collect();
            out.push(diag);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        let d = Date::parse("2021-09-30").unwrap();
        assert_eq!((d.year, d.month, d.day), (2021, 9, 30));
        assert_eq!(d.ordinal(), 273);
        assert!(d.is_month_end());
        assert_eq!(Date::parse("2024/2/29").unwrap().ordinal(), 60);
        assert_eq!(Date::parse("20250731"), Date::new(2025, 7, 31));
        assert_eq!(Date::parse("2025年7月31日"), Date::new(2025, 7, 31));
        for bad in [
            "2023-02-29",
            "2021-13-01",
            "2021-00-10",
            "21-1-1",
            "",
            "2021-09",
            "abc",
        ] {
            assert!(Date::parse(bad).is_none(), "{bad}");
        }
        assert_eq!(Date::new(2021, 12, 31).unwrap().ordinal(), 365);
        assert_eq!(days_in_year(2024), 366);
        assert_eq!(Date::new(2021, 9, 30).unwrap().to_string(), "2021-09-30");
    }

    use crate::department::{PerformanceTarget, Project, TargetLevel1, TargetOperator};
    use rust_decimal_macros::dec;

    fn codes(d: &DepartmentYear) -> Vec<(&'static str, String)> {
        crate::validate(d)
            .into_iter()
            .map(|x| (x.code, x.path))
            .collect()
    }

    #[test]
    fn monitoring_findings_are_located_by_path() {
        let mut d = DepartmentYear::default();
        d.department.year = Some(2025);
        d.monitoring = Some(Monitoring {
            as_of: Some("2025-07-31".into()),
            ..Default::default()
        });
        let w = |v| Some(Money::wan(v));
        d.projects.items.push(Project {
            name: "政务服务平台运维".into(),
            monitoring: Some(Monitoring {
                as_of: Some("2025-06-30".into()),
                funds: vec![FundLine {
                    source: "财政拨款".into(),
                    initial: w(dec!(100)),
                    adjustment: w(dec!(-20)),
                    adjusted: w(dec!(70)),
                    spent: w(dec!(90)),
                }],
                spent: w(dec!(80)),
                monthly: vec![Money::wan(dec!(-5)); 13],
                ..Default::default()
            }),
            targets: vec![PerformanceTarget {
                level1: TargetLevel1::Output,
                level2: "数量".into(),
                name: "上线事项数".into(),
                operator: TargetOperator::AtLeast,
                value: Some(crate::Num(dec!(30))),
                value_high: None,
                value_text: None,
                unit: Some("项".into()),
                actual: None,
                actual_text: None,
                weight: None,
                score: None,
                deviation: None,
                monitoring: Some(TargetMonitoring {
                    likelihood: Some(Likelihood::Impossible),
                    ..Default::default()
                }),
            }],
            ..Default::default()
        });
        let c = codes(&d);
        let p = "projects.project[0]";
        for expected in [
            ("monitoring-as-of", format!("{p}.monitoring.as_of")),
            ("identity", format!("{p}.monitoring.fund[0].adjusted")),
            ("overspent", format!("{p}.monitoring.fund[0].spent")),
            ("monthly-length", format!("{p}.monitoring.monthly")),
            ("identity", format!("{p}.monitoring.spent")),
            (
                "monitoring-reason",
                format!("{p}.target[0].monitoring.reason"),
            ),
        ] {
            assert!(c.contains(&expected), "{expected:?} not in {c:?}");
        }
        // a negative adjustment and negative months are allowed; nothing else is negative
        assert!(!c.iter().any(|(code, _)| *code == "negative"), "{c:?}");
    }

    #[test]
    fn bad_as_of_is_an_error() {
        let mut d = DepartmentYear::default();
        d.department.year = Some(2025);
        d.monitoring = Some(Monitoring {
            as_of: Some("2025-07-32".into()),
            ..Default::default()
        });
        assert_eq!(codes(&d), [("date", "monitoring.as_of".to_string())]);
        d.monitoring = Some(Monitoring {
            as_of: Some("2024-07-31".into()),
            ..Default::default()
        });
        assert_eq!(
            codes(&d),
            [("monitoring-year", "monitoring.as_of".to_string())]
        );
    }
}
