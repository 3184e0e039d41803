//! The checks, one file each, with a stable code. Each file's `//!` comment is the
//! user documentation of the check (see `docs/audit.md`, generated from these comments and
//! kept in step by a test).

use jixiao_model::{round_half_up, Severity};
use rust_decimal::Decimal;

use crate::diagnostic::Diagnostic;
use crate::extract::{Extracted, Quantity, Unit};

pub mod au001_sum_mismatch;
pub mod au002_part_exceeds_whole;
pub mod au003_rate_mismatch;
pub mod au004_conflicting_restatement;
pub mod au005_rounded_restatement;
pub mod au006_wrong_year;
pub mod au007_count_mismatch;
pub mod au008_list_numbering;
pub mod au009_time_progress;
pub mod au010_share_mismatch;
pub mod au011_change_mismatch;
pub mod au012_completion_mismatch;
pub mod au013_score_exceeds_weight;
pub mod au014_target_score_mismatch;
pub mod au015_budget_execution_row;
pub mod au016_change_amount_mismatch;
pub mod au017_change_sum_mismatch;
pub mod au018_score_total_mismatch;
pub mod au019_unit_slip;
pub mod rates;

/// What a check sees: the normalised text, what was extracted from it, the report year.
pub struct Ctx<'a> {
    pub text: &'a str,
    pub ex: &'a Extracted,
    pub report_year: Option<u16>,
    /// The restatements AU004 and AU005 both read, found once.
    pub restated: std::cell::OnceCell<Vec<(usize, usize, Restated)>>,
}

/// One entry of the check table.
#[derive(Clone, Copy)]
pub struct Check {
    /// Stable code (AU001 …).
    pub code: &'static str,
    /// Stable kebab-case name.
    pub name: &'static str,
    /// Short Chinese title.
    pub title: &'static str,
    /// Severity of its findings (a check may lower it for a weaker finding).
    pub severity: Severity,
    pub run: fn(&Ctx, &mut Vec<Diagnostic>),
    /// The source file, whose `//!` comment is the documentation.
    source: &'static str,
}

impl Check {
    /// The check's documentation (its `//!` comment) as Markdown.
    pub fn doc(&self) -> String {
        module_doc(self.source)
    }
}

impl std::fmt::Debug for Check {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code)
    }
}

/// The `//!` lines of a Rust source file, without the markers.
pub fn module_doc(source: &str) -> String {
    let mut out = String::new();
    for line in source.lines() {
        let t = line.trim_start();
        if let Some(rest) = t.strip_prefix("//!") {
            out.push_str(rest.strip_prefix(' ').unwrap_or(rest));
            out.push('\n');
        } else if !t.is_empty() {
            break;
        }
    }
    out
}

macro_rules! check {
    ($m:ident, $code:literal, $name:literal, $title:literal, $sev:expr) => {
        Check {
            code: $code,
            name: $name,
            title: $title,
            severity: $sev,
            run: $m::run,
            source: include_str!(concat!(stringify!($m), ".rs")),
        }
    };
}

/// Every check, in code order.
pub const CHECKS: &[Check] = &[
    check!(
        au001_sum_mismatch,
        "AU001",
        "sum-mismatch",
        "分项之和与合计不符",
        Severity::Error
    ),
    check!(
        au002_part_exceeds_whole,
        "AU002",
        "part-exceeds-whole",
        "分项大于合计",
        Severity::Error
    ),
    check!(
        au003_rate_mismatch,
        "AU003",
        "rate-mismatch",
        "比率与其分子分母不符",
        Severity::Error
    ),
    check!(
        au004_conflicting_restatement,
        "AU004",
        "conflicting-restatement",
        "同一数字前后不一致",
        Severity::Error
    ),
    check!(
        au005_rounded_restatement,
        "AU005",
        "rounded-restatement",
        "同一数字以不同精度重述",
        Severity::Info
    ),
    check!(
        au006_wrong_year,
        "AU006",
        "wrong-year",
        "年份疑似错误",
        Severity::Warning
    ),
    check!(
        au007_count_mismatch,
        "AU007",
        "count-mismatch",
        "所述数量与列举项数不符",
        Severity::Error
    ),
    check!(
        au008_list_numbering,
        "AU008",
        "list-numbering",
        "序号跳号或重复",
        Severity::Warning
    ),
    check!(
        au009_time_progress,
        "AU009",
        "time-progress",
        "执行率与序时进度不符",
        Severity::Error
    ),
    check!(
        au010_share_mismatch,
        "AU010",
        "share-mismatch",
        "占比与其所属数字、基数不符",
        Severity::Error
    ),
    check!(
        au011_change_mismatch,
        "AU011",
        "change-mismatch",
        "增减率与增减额不符",
        Severity::Error
    ),
    check!(
        au012_completion_mismatch,
        "AU012",
        "completion-mismatch",
        "完成预算的比例与决算、预算不符",
        Severity::Error
    ),
    check!(
        au013_score_exceeds_weight,
        "AU013",
        "score-exceeds-weight",
        "得分超过分值",
        Severity::Error
    ),
    check!(
        au014_target_score_mismatch,
        "AU014",
        "target-score-mismatch",
        "指标完成情况与得分不符",
        Severity::Warning
    ),
    check!(
        au015_budget_execution_row,
        "AU015",
        "budget-execution-row",
        "自评表预算执行率行不符",
        Severity::Error
    ),
    check!(
        au016_change_amount_mismatch,
        "AU016",
        "change-amount-mismatch",
        "增减额与本年、上年数不符",
        Severity::Error
    ),
    check!(
        au017_change_sum_mismatch,
        "AU017",
        "change-sum-mismatch",
        "分项增减额之和与合计增减额不符",
        Severity::Error
    ),
    check!(
        au018_score_total_mismatch,
        "AU018",
        "score-total-mismatch",
        "自评表总分与各指标得分之和不符",
        Severity::Error
    ),
    check!(
        au019_unit_slip,
        "AU019",
        "unit-slip",
        "金额单位疑误",
        Severity::Warning
    ),
];

/// Find a check by code or name.
pub fn find(code_or_name: &str) -> Option<&'static Check> {
    CHECKS
        .iter()
        .find(|c| c.code.eq_ignore_ascii_case(code_or_name) || c.name == code_or_name)
}

// ---- shared arithmetic -------------------------------------------------------------

/// A decimal without trailing zeros, for messages ("35.58", "4").
pub fn fmt_dec(d: Decimal) -> String {
    d.normalize().to_string()
}

/// Show a canonical amount in the unit the quantity `like` was written in.
pub fn in_unit_of(value: Decimal, like: &Quantity) -> String {
    match like.unit {
        Unit::Money(u) => format!("{}{}", fmt_dec(value / u.in_wan()), u.label()),
        Unit::Percent => format!("{}%", fmt_dec(value)),
        _ => format!("{}{}", fmt_dec(value), like.measure),
    }
}

/// How many 万元 one unit of the quantity's money unit is (1 for other units): divides a
/// canonical amount back into the unit it was written in.
pub fn unit_factor(q: &Quantity) -> Decimal {
    match q.unit {
        Unit::Money(u) => u.in_wan(),
        _ => Decimal::ONE,
    }
}

/// How far a sum may be off because its figures were rounded.
///
/// Figures written with the same number of decimals (all "274.8 亿元") are rounded to that
/// precision, so their sum may be off by half a unit of each. Figures written with mixed
/// precision ("4", "0.5", "3.5") are exact values with trailing zeros dropped: no tolerance.
pub fn sum_tolerance(total: &Quantity, parts: &[&Quantity]) -> Decimal {
    let scales: Vec<u32> = std::iter::once(total)
        .chain(parts.iter().copied())
        .map(|q| q.scale)
        .collect();
    let uniform = scales.iter().all(|&s| s == scales[0]);
    let yi = std::iter::once(total)
        .chain(parts.iter().copied())
        .any(|q| matches!(q.unit, Unit::Money(jixiao_model::MoneyUnit::YiYuan)));
    let percent = matches!(total.unit, Unit::Percent);
    let all = || std::iter::once(total).chain(parts.iter().copied());
    if uniform && (scales[0] >= 1 || yi || percent) {
        all().map(|q| q.half_ulp()).sum()
    } else if uniform {
        // whole amounts in 元 or 万元 ("1,148 + 1,752 = 2,900"): exact
        Decimal::ZERO
    } else {
        // mixed precision: amounts in 元/万元 with fewer decimals dropped trailing zeros
        // (34,490.7 is 34,490.70) and are exact; amounts in 亿元 are rounded, to the most
        // decimals any of them is written with ("26.38 亿元 + 10 万元 = 42.5 亿元")
        let yi_scale = all()
            .filter(|q| matches!(q.unit, Unit::Money(jixiao_model::MoneyUnit::YiYuan)))
            .map(|q| q.scale)
            .max()
            .unwrap_or(0);
        let n = all()
            .filter(|q| matches!(q.unit, Unit::Money(jixiao_model::MoneyUnit::YiYuan)))
            .count();
        Decimal::new(5, yi_scale + 1) * Decimal::from(10_000) * Decimal::from(n)
    }
}

/// One unit of the last written digit of the most precise figure (the size of a rounding
/// slip such as 40,161.25 vs 40,161.26).
pub fn one_ulp(qs: &[&Quantity]) -> Decimal {
    qs.iter()
        .map(|q| q.half_ulp() * Decimal::TWO)
        .min()
        .unwrap_or(Decimal::ZERO)
}

/// Uncertainty of an operand of a rate: counts and whole amounts are exact, rounded
/// figures are ± half a unit.
pub fn operand_uncertainty(q: &Quantity) -> Decimal {
    match q.unit {
        Unit::Count | Unit::Plain => Decimal::ZERO,
        Unit::Money(u) if q.scale == 0 && u != jixiao_model::MoneyUnit::YiYuan => Decimal::ZERO,
        _ => q.half_ulp(),
    }
}

/// Does a stated rate (as written, e.g. 92.71 with scale 2) agree with num ÷ den × 100?
///
/// Agreement respects the precision of the stated rate (四舍五入 or truncation to its
/// decimals) and the rounding of the operands.
pub fn rate_agrees(
    stated: Decimal,
    stated_scale: u32,
    num: Decimal,
    num_unc: Decimal,
    den: Decimal,
    den_unc: Decimal,
) -> bool {
    if den <= Decimal::ZERO || num < Decimal::ZERO {
        return false;
    }
    let hundred = Decimal::ONE_HUNDRED;
    let Some(c) = num.checked_mul(hundred).and_then(|x| x.checked_div(den)) else {
        return false;
    };
    let mut at_scale = stated;
    at_scale.rescale(stated_scale);
    if jixiao_model::written_matches(at_scale, c) {
        return true;
    }
    // operand rounding
    let lo_den = den + den_unc;
    let hi_den = den - den_unc;
    if hi_den <= Decimal::ZERO {
        return true;
    }
    let lo = (num - num_unc).max(Decimal::ZERO) * hundred / lo_den;
    let hi = (num + num_unc) * hundred / hi_den;
    let half = Decimal::new(5, stated_scale + 1);
    stated + half >= lo && stated - half <= hi
}

/// How a stated rate compares with the figures it is computed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// num ÷ den, 四舍五入 (or truncated) to the stated decimals, is the stated rate.
    Exact,
    /// Not exactly, but within what rounding of the operands allows (a 尾差).
    WithinRounding,
    Mismatch,
}

/// Compare a stated rate with num ÷ den × 100 (see [`rate_agrees`]).
pub fn rate_verdict(
    stated: Decimal,
    stated_scale: u32,
    num: Decimal,
    num_unc: Decimal,
    den: Decimal,
    den_unc: Decimal,
) -> Verdict {
    if rate_agrees(stated, stated_scale, num, Decimal::ZERO, den, Decimal::ZERO) {
        Verdict::Exact
    } else if rate_agrees(stated, stated_scale, num, num_unc, den, den_unc) {
        Verdict::WithinRounding
    } else {
        Verdict::Mismatch
    }
}

/// Does the text say that its figures may not add up because of rounding (尾差)?
pub fn mentions_rounding(text: &str) -> bool {
    text.contains("尾差") || text.contains("四舍五入")
}

/// The computed rate num ÷ den × 100, 四舍五入 to `scale` places.
pub fn computed_rate(num: Decimal, den: Decimal, scale: u32) -> Option<Decimal> {
    if den.is_zero() {
        return None;
    }
    num.checked_mul(Decimal::ONE_HUNDRED)
        .and_then(|x| x.checked_div(den))
        .map(|c| round_half_up(c, scale))
}

/// How two statements of the same figure compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Restated {
    Equal,
    /// One is the other rounded (92.71% and 92.7%).
    Rounded,
    Different,
}

/// Compare two written values of the same figure, respecting their precision.
pub fn compare_written(a: Decimal, a_scale: u32, b: Decimal, b_scale: u32) -> Restated {
    if a == b {
        return Restated::Equal;
    }
    let (mut a, mut b) = (a, b);
    a.rescale(a_scale);
    b.rescale(b_scale);
    if a_scale != b_scale && jixiao_model::written_agree(a, b) {
        Restated::Rounded
    } else {
        Restated::Different
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn rates_respect_precision() {
        assert!(rate_agrees(
            dec!(92.71),
            2,
            dec!(33.45),
            dec!(0.005),
            dec!(36.08),
            dec!(0.005)
        ));
        assert!(rate_agrees(
            dec!(98.25),
            2,
            dec!(44874.55),
            dec!(0),
            dec!(45674.32),
            dec!(0)
        ));
        assert!(rate_agrees(
            dec!(105.07),
            2,
            dec!(78.8),
            dec!(0.05),
            dec!(75),
            dec!(0)
        ));
        assert!(rate_agrees(
            dec!(100),
            0,
            dec!(48),
            dec!(0),
            dec!(48),
            dec!(0)
        ));
        assert!(!rate_agrees(
            dec!(100),
            0,
            dec!(47),
            dec!(0),
            dec!(48),
            dec!(0)
        ));
        assert!(!rate_agrees(
            dec!(92.71),
            2,
            dec!(34.45),
            dec!(0.005),
            dec!(36.08),
            dec!(0.005)
        ));
        assert!(!rate_agrees(dec!(1), 0, dec!(1), dec!(0), dec!(0), dec!(0)));
    }

    #[test]
    fn restatements() {
        assert_eq!(
            compare_written(dec!(92.71), 2, dec!(92.7), 1),
            Restated::Rounded
        );
        assert_eq!(
            compare_written(dec!(98), 0, dec!(98.25), 2),
            Restated::Rounded
        );
        assert_eq!(
            compare_written(dec!(99.67), 2, dec!(99.7), 1),
            Restated::Rounded
        );
        assert_eq!(
            compare_written(dec!(99.67), 2, dec!(99.6), 1),
            Restated::Rounded
        );
        assert_eq!(
            compare_written(dec!(99.67), 2, dec!(99.8), 1),
            Restated::Different
        );
        assert_eq!(
            compare_written(dec!(20360), 0, dec!(20360.00), 2),
            Restated::Equal
        );
        assert_eq!(
            compare_written(dec!(20360), 0, dec!(20630), 0),
            Restated::Different
        );
    }
}
