//! `deduct_per_step` — deduct `k` points for each (started) step beyond a reference
//! (每低于 step 个百分点扣 k 分，扣完为止).
//!
//! `s = w − k × ceil(shortfall ÷ step)`, where `shortfall = max(0, reference − value)` for
//! `direction = "below"` (the default) or `max(0, value − reference)` for
//! `direction = "above"`. `count = "floor"` counts only completed steps instead of started
//! ones. Clamped to `[0, w]`.
//!
//! ```toml
//! # 预算完成率: 100% full marks, −2 for each 5% below
//! rule = { type = "deduct_per_step", reference = 100, step = 5, k = 2 }
//! ```
//!
//! Example, w = 10: 预算执行率 99.67% → shortfall 0.33, one started step → 8 分, reason
//! "预算执行率 99.67%，低于 100%，按每低 5 个百分点扣 2 分，共扣 2 分". With `count = "floor"` the
//! same value keeps full marks.

use rust_decimal::Decimal;
use serde::Serialize;

use super::{points_unit, sdiv, show, show_v, smul, ssub, RuleOutcome, Side, Subject};
use crate::loader::Obj;

/// How steps are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepCount {
    /// Every started step counts (default).
    Ceil,
    /// Only completed steps count.
    Floor,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeductPerStep {
    #[serde(with = "crate::evaluation::dec")]
    pub reference: Decimal,
    #[serde(with = "crate::evaluation::dec")]
    pub step: Decimal,
    #[serde(with = "crate::evaluation::dec")]
    pub k: Decimal,
    pub direction: Side,
    pub count: StepCount,
}

impl DeductPerStep {
    pub(crate) fn from_params(p: &Obj<'_>, _w: Decimal) -> Option<Self> {
        let reference = p.decimal("reference");
        let step = p.positive("step");
        let k = p.non_negative("k");
        let direction = p.choice(
            "direction",
            &[("below", Side::Below), ("above", Side::Above)],
            Side::Below,
        );
        let count = p.choice(
            "count",
            &[("ceil", StepCount::Ceil), ("floor", StepCount::Floor)],
            StepCount::Ceil,
        );
        Some(DeductPerStep {
            reference: reference?,
            step: step?,
            k: k?,
            direction: direction?,
            count: count?,
        })
    }

    pub fn score(&self, w: Decimal, v: Decimal, s: Subject<'_>) -> RuleOutcome {
        let (gap, word) = match self.direction {
            Side::Below => (ssub(self.reference, v), "低于"),
            Side::Above => (ssub(v, self.reference), "高于"),
        };
        if gap <= Decimal::ZERO || self.step <= Decimal::ZERO {
            return RuleOutcome::full(w);
        }
        let steps = match self.count {
            StepCount::Ceil => sdiv(gap, self.step).ceil(),
            StepCount::Floor => sdiv(gap, self.step).floor(),
        };
        let short = match self.direction {
            Side::Below => "低",
            Side::Above => "超",
        };
        RuleOutcome::new(w, ssub(w, smul(self.k, steps)), |lost| {
            format!(
                "{} {}，{} {}，按每{} {} {}扣 {} 分，共扣 {} 分",
                s.name,
                show_v(v, s.unit),
                word,
                show_v(self.reference, s.unit),
                short,
                show(self.step),
                points_unit(s.unit),
                show(self.k),
                show(lost)
            )
        })
    }

    pub fn describe(&self, w: Decimal) -> String {
        let word = match self.direction {
            Side::Below => "低于",
            Side::Above => "超过",
        };
        format!(
            "{} 得满分 {} 分；每{} {} 个百分点扣 {} 分，扣完为止",
            show(self.reference),
            show(w),
            word,
            show(self.step),
            show(self.k)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_util::pct;
    use rust_decimal_macros::dec;

    fn r(count: StepCount) -> DeductPerStep {
        DeductPerStep {
            reference: dec!(100),
            step: dec!(5),
            k: dec!(2),
            direction: Side::Below,
            count,
        }
    }

    #[test]
    fn golden() {
        let s = pct("预算执行率");
        let o = r(StepCount::Ceil).score(dec!(10), dec!(99.67), s);
        assert_eq!(o.score, dec!(8));
        assert_eq!(
            o.reason.as_deref(),
            Some("预算执行率 99.67%，低于 100%，按每低 5 个百分点扣 2 分，共扣 2 分")
        );
        // exactly on a step edge
        assert_eq!(
            r(StepCount::Ceil).score(dec!(10), dec!(95), s).score,
            dec!(8)
        );
        assert_eq!(
            r(StepCount::Ceil).score(dec!(10), dec!(94.99), s).score,
            dec!(6)
        );
        assert_eq!(
            r(StepCount::Floor).score(dec!(10), dec!(99.67), s).score,
            dec!(10)
        );
        assert_eq!(
            r(StepCount::Floor).score(dec!(10), dec!(95), s).score,
            dec!(8)
        );
        assert_eq!(
            r(StepCount::Ceil).score(dec!(10), dec!(100), s).score,
            dec!(10)
        );
        assert_eq!(
            r(StepCount::Ceil).score(dec!(10), dec!(120), s).score,
            dec!(10)
        );
        assert_eq!(
            r(StepCount::Ceil).score(dec!(10), dec!(-50), s).score,
            dec!(0)
        );
    }
}
