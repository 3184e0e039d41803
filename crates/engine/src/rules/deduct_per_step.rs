//! `deduct_per_step` — deduct `k` points for each step beyond a reference
//! (每低于 step 个百分点扣 k 分，扣完为止).
//!
//! `s = w − k × steps`, where the shortfall is `max(0, reference − value)` for
//! `direction = "below"` (the default) or `max(0, value − reference)` for
//! `direction = "above"`, and `count` says how the shortfall becomes steps:
//! - `"floor"` (the default): only full steps count — 99.27% under "100% 计满分，每低于 5%
//!   扣 2 分" keeps full marks, as a published Hunan-format sheet scores it (8 of 8; see
//!   `../shared/spec/scoring-review.md` §1);
//! - `"exact"`: proportionally, `k × shortfall ÷ step` (99.27% → 8 − 0.29);
//! - `"ceil"`: every started step counts as a whole one ("不足 5% 按 5% 计", which a sheet
//!   writes out when it means it).
//!
//! Clamped to `[0, w]`.
//!
//! ```toml
//! # 预算完成率: 100% full marks, −2 for each full 5% below
//! rule = { type = "deduct_per_step", reference = 100, step = 5, k = 2, count = "floor" }
//! ```
//!
//! Example, w = 10: 预算执行率 94.2% → shortfall 5.8, one full step → 8 分, reason
//! "预算执行率 94.2%，低于 100% 5.8 个百分点，每满 5 个百分点扣 2 分（不足 5 个百分点不扣），扣 2 分".
//! 99.67% keeps full marks.

use rust_decimal::Decimal;
use serde::Serialize;

use super::{points_unit, sdiv, show, show_v, smul, ssub, RuleOutcome, Side, Subject};
use crate::loader::Obj;

/// How a shortfall (or excess) becomes a number of steps (or points) to deduct for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepCount {
    /// Every started step counts ("不足一档按一档计").
    Ceil,
    /// Only completed steps count (default).
    Floor,
    /// Proportionally: the exact quotient.
    Exact,
}

impl StepCount {
    /// The choices as written in framework files.
    pub(crate) const CHOICES: [(&'static str, StepCount); 3] = [
        ("floor", StepCount::Floor),
        ("exact", StepCount::Exact),
        ("ceil", StepCount::Ceil),
    ];

    /// Number of steps of size `step` in `gap` (both positive).
    pub(crate) fn steps(self, gap: Decimal, step: Decimal) -> Decimal {
        let q = sdiv(gap, step);
        match self {
            StepCount::Ceil => q.ceil(),
            StepCount::Floor => q.floor(),
            StepCount::Exact => q,
        }
    }

    /// How partial steps count, for rule descriptions: "（不足 5 个百分点不扣）".
    pub(crate) fn partial_text(self, step: &str) -> String {
        match self {
            StepCount::Floor => format!("（不足 {step}不扣）"),
            StepCount::Ceil => format!("（不足 {step}按 {step}计）"),
            StepCount::Exact => "（不足部分按比例扣分）".to_string(),
        }
    }
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
        let count = p.choice("count", &StepCount::CHOICES, StepCount::Floor);
        Some(DeductPerStep {
            reference: reference?,
            step: step?,
            k: k?,
            direction: direction?,
            count: count?,
        })
    }

    fn step_text(&self, unit: &str) -> String {
        format!("{} {}", show(self.step), points_unit(unit))
    }

    pub fn score(&self, w: Decimal, v: Decimal, s: Subject<'_>) -> RuleOutcome {
        let (gap, word) = match self.direction {
            Side::Below => (ssub(self.reference, v), "低于"),
            Side::Above => (ssub(v, self.reference), "高于"),
        };
        if gap <= Decimal::ZERO || self.step <= Decimal::ZERO {
            return RuleOutcome::full(w);
        }
        let steps = self.count.steps(gap, self.step);
        let step_text = self.step_text(s.unit);
        let reason = |lost: Decimal| {
            format!(
                "{} {}，{} {} {} {}，{}{}扣 {} 分{}，扣 {} 分",
                s.name,
                show_v(v, s.unit),
                word,
                show_v(self.reference, s.unit),
                show(gap),
                points_unit(s.unit),
                if self.count == StepCount::Floor {
                    "每满 "
                } else {
                    "每 "
                },
                step_text,
                show(self.k),
                self.count.partial_text(&step_text),
                show(lost)
            )
        };
        let out = RuleOutcome::new(w, ssub(w, smul(self.k, steps)), reason);
        if out.reason.is_none() && self.count == StepCount::Floor {
            // Full marks although below the reference: say why, so nobody thinks it was missed.
            return RuleOutcome {
                reason: Some(format!(
                    "{} {}，{} {} {} {}，不足 {}，按评分标准不扣分",
                    s.name,
                    show_v(v, s.unit),
                    word,
                    show_v(self.reference, s.unit),
                    show(gap),
                    points_unit(s.unit),
                    step_text
                )),
                ..out
            };
        }
        out
    }

    pub fn describe(&self, w: Decimal) -> String {
        let word = match self.direction {
            Side::Below => "低于",
            Side::Above => "超过",
        };
        let step = format!("{} 个百分点", show(self.step));
        format!(
            "{} 得满分 {} 分；每{} {}扣 {} 分{}，扣完为止",
            show(self.reference),
            show(w),
            word,
            step,
            show(self.k),
            self.count.partial_text(&step)
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

    /// The published Hunan-format sheet (预算完成率, w = 8, "100%计满分,每低于5%扣2分"):
    /// 99.27% scored 8. Only counting full steps reproduces it.
    #[test]
    fn hunan_sheet_99_27_keeps_full_marks() {
        let s = pct("预算完成率");
        assert_eq!(
            r(StepCount::Floor).score(dec!(8), dec!(99.27), s).score,
            dec!(8)
        );
        assert_eq!(
            r(StepCount::Ceil).score(dec!(8), dec!(99.27), s).score,
            dec!(6)
        );
        assert_eq!(
            r(StepCount::Exact).score(dec!(8), dec!(99.27), s).score,
            dec!(7.708)
        );
    }

    #[test]
    fn golden() {
        let s = pct("预算执行率");
        let o = r(StepCount::Floor).score(dec!(10), dec!(94.2), s);
        assert_eq!(o.score, dec!(8));
        assert_eq!(
            o.reason.as_deref(),
            Some("预算执行率 94.2%，低于 100% 5.8 个百分点，每满 5 个百分点扣 2 分（不足 5 个百分点不扣），扣 2 分")
        );
        let o = r(StepCount::Floor).score(dec!(10), dec!(99.67), s);
        assert_eq!(o.score, dec!(10));
        assert_eq!(
            o.reason.as_deref(),
            Some("预算执行率 99.67%，低于 100% 0.33 个百分点，不足 5 个百分点，按评分标准不扣分")
        );
        // step edges
        assert_eq!(
            r(StepCount::Floor).score(dec!(10), dec!(95), s).score,
            dec!(8)
        );
        assert_eq!(
            r(StepCount::Floor).score(dec!(10), dec!(95.01), s).score,
            dec!(10)
        );
        assert_eq!(
            r(StepCount::Floor).score(dec!(10), dec!(90), s).score,
            dec!(6)
        );
        assert_eq!(
            r(StepCount::Ceil).score(dec!(10), dec!(99.67), s).score,
            dec!(8)
        );
        assert_eq!(
            r(StepCount::Ceil).score(dec!(10), dec!(95), s).score,
            dec!(8)
        );
        assert_eq!(
            r(StepCount::Ceil).score(dec!(10), dec!(94.99), s).score,
            dec!(6)
        );
        assert_eq!(
            r(StepCount::Exact).score(dec!(10), dec!(99.67), s).score,
            dec!(9.868)
        );
        for c in [StepCount::Floor, StepCount::Ceil, StepCount::Exact] {
            assert_eq!(r(c).score(dec!(10), dec!(100), s).score, dec!(10));
            assert_eq!(r(c).score(dec!(10), dec!(120), s).score, dec!(10));
            assert_eq!(r(c).score(dec!(10), dec!(-50), s).score, dec!(0));
            assert_eq!(r(c).score(dec!(10), dec!(100), s).reason, None);
        }
        assert_eq!(
            r(StepCount::Floor).describe(dec!(10)),
            "100 得满分 10 分；每低于 5 个百分点扣 2 分（不足 5 个百分点不扣），扣完为止"
        );
    }
}
