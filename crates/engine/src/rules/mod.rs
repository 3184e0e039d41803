//! Scoring rules (评分规则): how an indicator's value or an evaluator's judgement becomes a
//! score out of the leaf's weight `w`.
//!
//! One file per rule; each file's doc comment is the user documentation of the rule (see
//! `docs/frameworks.md`). Every rule:
//! - is parameterised from the framework file (`rule = { type = "...", ... }`);
//! - clamps its score to `[0, w]`;
//! - explains lost points in Chinese (`reason`);
//! - returns `Err(reason)` when it cannot score (the leaf is then "not scorable").
//!
//! Scores come back unrounded; the evaluation rounds them with the framework's rounding.

use jixiao_indicators::Observation;
use jixiao_model::{round2, Assessment};
use rust_decimal::Decimal;
use serde::Serialize;

pub mod bands;
pub mod budget_exec;
pub mod checklist;
pub mod count_deduct;
pub mod deduct_per_point;
pub mod deduct_per_step;
pub mod equal;
pub mod manual;
pub mod qualitative_tier;
pub mod range;
pub mod ratio_capped;
pub mod reverse;

pub use bands::{Band, Bands};
pub use budget_exec::BudgetExec;
pub use checklist::{Checklist, ChecklistItem, Unanswered};
pub use count_deduct::CountDeduct;
pub use deduct_per_point::DeductPerPoint;
pub use deduct_per_step::{DeductPerStep, StepCount};
pub use equal::Equal;
pub use manual::Manual;
pub use qualitative_tier::{QualitativeTier, Tier, TierDefault};
pub use range::Range;
pub use ratio_capped::RatioCapped;
pub use reverse::Reverse;

/// Which side of a reference value loses points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// Points are lost above the reference (在职人员控制率 above 100%).
    Above,
    /// Points are lost below the reference (预算执行率 below 100%).
    Below,
}

/// What a rule is scoring: the indicator's name and the unit of its value, for messages.
#[derive(Debug, Clone, Copy)]
pub struct Subject<'a> {
    pub name: &'a str,
    pub unit: &'a str,
}

/// A remark a rule makes besides its score (e.g. a tier/score mismatch).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleNotice {
    pub code: &'static str,
    pub message: String,
}

/// The result of applying a rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleOutcome {
    /// Clamped to `[0, w]`, not yet rounded.
    #[serde(with = "crate::evaluation::dec")]
    pub score: Decimal,
    /// Why points were lost (`None` at full marks), in Chinese.
    pub reason: Option<String>,
    pub notices: Vec<RuleNotice>,
}

impl RuleOutcome {
    /// Clamp `raw` to `[0, w]`; explain with `reason` when points were lost.
    pub(crate) fn new(w: Decimal, raw: Decimal, reason: impl FnOnce(Decimal) -> String) -> Self {
        let score = clamp(raw, w);
        let lost = w - score;
        RuleOutcome {
            score,
            reason: (lost > Decimal::ZERO).then(|| reason(lost)),
            notices: Vec::new(),
        }
    }

    pub(crate) fn full(w: Decimal) -> Self {
        RuleOutcome {
            score: clamp(w, w),
            reason: None,
            notices: Vec::new(),
        }
    }
}

/// A scoring rule with its parameters.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Rule {
    RatioCapped(RatioCapped),
    Reverse(Reverse),
    Equal(Equal),
    Range(Range),
    DeductPerPoint(DeductPerPoint),
    DeductPerStep(DeductPerStep),
    Bands(Bands),
    CountDeduct(CountDeduct),
    Checklist(Checklist),
    QualitativeTier(QualitativeTier),
    BudgetExec(BudgetExec),
    Manual(Manual),
}

/// Every rule type name as written in framework files.
pub const RULE_TYPES: &[&str] = &[
    "ratio_capped",
    "reverse",
    "equal",
    "range",
    "deduct_per_point",
    "deduct_per_step",
    "bands",
    "count_deduct",
    "checklist",
    "qualitative_tier",
    "budget_exec",
    "manual",
];

impl Rule {
    /// The `type` as written in framework files.
    pub fn type_name(&self) -> &'static str {
        match self {
            Rule::RatioCapped(_) => "ratio_capped",
            Rule::Reverse(_) => "reverse",
            Rule::Equal(_) => "equal",
            Rule::Range(_) => "range",
            Rule::DeductPerPoint(_) => "deduct_per_point",
            Rule::DeductPerStep(_) => "deduct_per_step",
            Rule::Bands(_) => "bands",
            Rule::CountDeduct(_) => "count_deduct",
            Rule::Checklist(_) => "checklist",
            Rule::QualitativeTier(_) => "qualitative_tier",
            Rule::BudgetExec(_) => "budget_exec",
            Rule::Manual(_) => "manual",
        }
    }

    /// Whether the rule scores an evaluator's judgement rather than a number.
    pub fn needs_judgement(&self) -> bool {
        matches!(
            self,
            Rule::CountDeduct(_) | Rule::Checklist(_) | Rule::QualitativeTier(_) | Rule::Manual(_)
        )
    }

    /// The target value of a "higher is better" rule, for the over-achievement guard.
    pub fn upward_target(&self) -> Option<Decimal> {
        match self {
            Rule::RatioCapped(r) => Some(r.target),
            _ => None,
        }
    }

    /// The target a leaf's rule sets, written as a score sheet's 年度指标值 column writes it:
    /// operator, value and unit ("≤100%", "100%", "≥90%", "0%"); for judgement rules the
    /// qualitative target ("达成", "评分要点全部满足"). `unit` is the indicator's unit.
    pub fn target_text(&self, unit: &str) -> String {
        let hundred = |d: Decimal| d == Decimal::ONE_HUNDRED && unit == "%";
        match self {
            Rule::RatioCapped(r) if hundred(r.target) => format!("{}{unit}", show(r.target)),
            Rule::RatioCapped(r) => format!("≥{}{unit}", show(r.target)),
            Rule::Reverse(r) => format!("≤{}{unit}", show(r.target)),
            Rule::Equal(r) => format!("={}{unit}", show(r.target)),
            Rule::Range(r) => format!("{}–{}{unit}", show(r.low), show(r.high)),
            Rule::DeductPerPoint(r) => match r.direction {
                Side::Above => format!("≤{}{unit}", show(r.x0)),
                Side::Below => format!("≥{}{unit}", show(r.x0)),
            },
            Rule::DeductPerStep(r) => match r.direction {
                Side::Below if hundred(r.reference) => format!("{}{unit}", show(r.reference)),
                Side::Below => format!("≥{}{unit}", show(r.reference)),
                Side::Above => format!("≤{}{unit}", show(r.reference)),
            },
            Rule::Bands(b) => b
                .bands
                .iter()
                .max_by(|x, y| x.points.cmp(&y.points))
                .map(|best| best.range.as_target(unit))
                .unwrap_or_default(),
            Rule::BudgetExec(_) => "100%".to_string(),
            Rule::CountDeduct(_) => "无不符合要求的情况".to_string(),
            Rule::Checklist(_) => "评分要点全部满足".to_string(),
            Rule::QualitativeTier(q) => q.tiers.first().map(|t| t.name.clone()).unwrap_or_default(),
            Rule::Manual(_) => String::new(),
        }
    }

    /// The rule in Chinese, for score sheets ("每低于 100% 5 个百分点扣 2 分").
    pub fn describe(&self, w: Decimal) -> String {
        match self {
            Rule::RatioCapped(r) => r.describe(w),
            Rule::Reverse(r) => r.describe(w),
            Rule::Equal(r) => r.describe(w),
            Rule::Range(r) => r.describe(w),
            Rule::DeductPerPoint(r) => r.describe(w),
            Rule::DeductPerStep(r) => r.describe(w),
            Rule::Bands(r) => r.describe(w),
            Rule::CountDeduct(r) => r.describe(w),
            Rule::Checklist(r) => r.describe(w),
            Rule::QualitativeTier(r) => r.describe(w),
            Rule::BudgetExec(r) => r.describe(w),
            Rule::Manual(r) => r.describe(w),
        }
    }

    /// Score an observation at weight `w`. `Err` holds the Chinese reason it cannot be scored.
    pub fn apply(
        &self,
        w: Decimal,
        subject: Subject<'_>,
        observation: &Observation,
    ) -> Result<RuleOutcome, String> {
        match observation {
            Observation::NotScorable { missing }
                if !missing.is_empty()
                    && missing.iter().all(|m| m.path.starts_with("assessments[")) =>
            {
                let id = missing[0]
                    .path
                    .trim_start_matches("assessments[indicator=")
                    .trim_end_matches(']');
                Err(format!(
                    "评价人尚未评定（输入的 [[assessments]] 中没有 {id} 的判断）"
                ))
            }
            Observation::NotScorable { missing } => {
                let names: Vec<&str> = missing.iter().map(|m| m.name.as_str()).collect();
                Err(if names.is_empty() {
                    "缺少计算所需数据".to_string()
                } else {
                    format!("缺少数据：{}", names.join("、"))
                })
            }
            Observation::Number { value } => self.apply_number(w, subject, *value),
            Observation::Judgement { assessment } => self.apply_judgement(w, subject, assessment),
        }
    }

    /// Score a number (rates in percent).
    pub fn apply_number(
        &self,
        w: Decimal,
        s: Subject<'_>,
        v: Decimal,
    ) -> Result<RuleOutcome, String> {
        Ok(match self {
            Rule::RatioCapped(r) => r.score(w, v, s),
            Rule::Reverse(r) => r.score(w, v, s),
            Rule::Equal(r) => r.score(w, v, s),
            Rule::Range(r) => r.score(w, v, s),
            Rule::DeductPerPoint(r) => r.score(w, v, s),
            Rule::DeductPerStep(r) => r.score(w, v, s),
            Rule::Bands(r) => r.score(w, v, s),
            Rule::BudgetExec(r) => r.score(w, v, s),
            Rule::CountDeduct(_)
            | Rule::Checklist(_)
            | Rule::QualitativeTier(_)
            | Rule::Manual(_) => {
                return Err(format!(
                    "规则 {} 需要评价人判断（[[assessments]]），但{}为计算值",
                    self.type_name(),
                    s.name
                ))
            }
        })
    }

    /// Score an evaluator's judgement.
    pub fn apply_judgement(
        &self,
        w: Decimal,
        s: Subject<'_>,
        a: &Assessment,
    ) -> Result<RuleOutcome, String> {
        match self {
            Rule::CountDeduct(r) => r.score(w, a, s),
            Rule::Checklist(r) => r.score(w, a, s),
            Rule::QualitativeTier(r) => r.score(w, a, s),
            Rule::Manual(r) => r.score(w, a, s),
            _ => match a.score {
                // A numeric rule on a judged indicator: use the evaluator's figure if given.
                Some(n) => self.apply_number(w, s, n.0),
                None => Err(format!(
                    "规则 {} 需要数值，但{}只有评价人判断",
                    self.type_name(),
                    s.name
                )),
            },
        }
    }
}

/// Clamp to `[0, w]` (a negative weight clamps to 0).
pub(crate) fn clamp(s: Decimal, w: Decimal) -> Decimal {
    let w = w.max(Decimal::ZERO);
    s.max(Decimal::ZERO).min(w)
}

/// A decimal for messages: 四舍五入 to two places, trailing zeros dropped.
///
/// The same text as `round2(d).normalize().to_string()`, written without the formatting
/// machinery (this runs for every number of every reason, rule and notice).
pub(crate) fn show(d: Decimal) -> String {
    let r = round2(d).normalize();
    let mut out = String::with_capacity(16);
    push_plain(&mut out, r);
    out
}

/// Append `d` as its `Display` text (no width or precision): sign, digits, and a point
/// `scale` digits from the right, with a `0` before a leading point.
fn push_plain(out: &mut String, d: Decimal) {
    let scale = d.scale() as usize;
    // Digits of the mantissa, least significant first (at most 29, plus padding zeros).
    let mut digits = [0u8; 64];
    let mut n = 0;
    let mut m = d.mantissa().unsigned_abs();
    while m > u128::from(u64::MAX) {
        digits[n] = (m % 10) as u8;
        m /= 10;
        n += 1;
    }
    let mut m = m as u64;
    while m != 0 {
        digits[n] = (m % 10) as u8;
        m /= 10;
        n += 1;
    }
    while n < scale && n < digits.len() {
        digits[n] = 0;
        n += 1;
    }
    if !d.is_sign_positive() {
        out.push('-');
    }
    if n == 0 {
        out.push('0');
        return;
    }
    let whole = n - scale.min(n);
    if whole == 0 {
        out.push('0');
    }
    for i in 0..n {
        if i == whole && scale > 0 {
            out.push('.');
        }
        out.push(char::from(b'0' + digits[n - 1 - i]));
    }
}

/// A value with its unit for messages: "99.67%", "30项".
pub(crate) fn show_v(d: Decimal, unit: &str) -> String {
    format!("{}{}", show(d), unit)
}

/// "个百分点" for percentages, the unit otherwise.
pub(crate) fn points_unit(unit: &str) -> String {
    if unit == "%" {
        "个百分点".to_string()
    } else {
        unit.to_string()
    }
}

/// Saturating arithmetic: framework parameters and input figures are user data, and
/// `rust_decimal` panics on overflow. Results beyond the range saturate to ±`Decimal::MAX`,
/// which the clamp to `[0, w]` then turns into a score.
pub(crate) fn sat(neg: bool) -> Decimal {
    if neg {
        Decimal::MIN
    } else {
        Decimal::MAX
    }
}

pub(crate) fn smul(a: Decimal, b: Decimal) -> Decimal {
    a.checked_mul(b)
        .unwrap_or_else(|| sat(a.is_sign_negative() != b.is_sign_negative()))
}

pub(crate) fn sdiv(a: Decimal, b: Decimal) -> Decimal {
    if b.is_zero() {
        return sat(a.is_sign_negative());
    }
    a.checked_div(b)
        .unwrap_or_else(|| sat(a.is_sign_negative() != b.is_sign_negative()))
}

pub(crate) fn ssub(a: Decimal, b: Decimal) -> Decimal {
    a.checked_sub(b).unwrap_or_else(|| sat(a < b))
}

pub(crate) fn sadd(a: Decimal, b: Decimal) -> Decimal {
    a.checked_add(b)
        .unwrap_or_else(|| sat(a.is_sign_negative()))
}

#[cfg(test)]
mod show_tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn reference(d: Decimal) -> String {
        round2(d).normalize().to_string()
    }

    #[test]
    fn show_matches_display() {
        let mut cases = vec![
            Decimal::ZERO,
            -Decimal::ZERO,
            Decimal::new(-0, 2),
            Decimal::ONE,
            Decimal::NEGATIVE_ONE,
            Decimal::MAX,
            Decimal::MIN,
            dec!(0.005),
            dec!(-0.005),
            dec!(0.004),
            dec!(0.05),
            dec!(-0.05),
            dec!(100),
            dec!(100.00),
            dec!(99.995),
            dec!(12345678901234567890.125),
            dec!(0.0000000000000000000000000001),
            Decimal::from_i128_with_scale(u64::MAX as i128 + 1, 0),
            Decimal::from_i128_with_scale(u64::MAX as i128 * 1000 + 7, 5),
        ];
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for i in 0..20_000u32 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let m = i128::from(x >> (x % 64)) * if i % 3 == 0 { -1 } else { 1 };
            cases.push(Decimal::from_i128_with_scale(m, i % 29));
        }
        for d in cases {
            assert_eq!(show(d), reference(d), "{d:?}");
            let mut s = String::new();
            push_plain(&mut s, d);
            assert_eq!(s, d.to_string(), "{d:?}");
        }
    }
}

#[cfg(test)]
pub(crate) mod test_util {
    use super::Subject;

    pub fn pct(name: &str) -> Subject<'_> {
        Subject { name, unit: "%" }
    }
}
