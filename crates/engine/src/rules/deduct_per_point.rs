//! `deduct_per_point` — deduct `k` points for each percentage point beyond a reference
//! (每超过一个百分点扣 k 分，扣完为止).
//!
//! `s = w − k × points`, where the excess is `max(0, value − x0)` for `direction = "above"`
//! (the default) or `max(0, x0 − value)` for `direction = "below"`, and `count` says how the
//! excess becomes whole points, as for `deduct_per_step` with a step of one point:
//! `"floor"` (default: only full points count, "每超过一个百分点" read literally), `"exact"`
//! (fractions count proportionally) or `"ceil"` (a started point counts as a whole one).
//! Clamped to `[0, w]`.
//!
//! ```toml
//! # 在职人员控制率: ≤100% full marks, −0.5 per point above
//! rule = { type = "deduct_per_point", x0 = 100, k = 0.5, count = "floor" }
//! # 三公经费变动率: ≤0 full marks, −0.8 per point above, fractions proportionally
//! rule = { type = "deduct_per_point", x0 = 0, k = 0.8, direction = "above", count = "exact" }
//! ```
//!
//! Example, w = 5, x0 = 100, k = 0.5: 在职人员控制率 103.4% → 3.5 分, reason
//! "在职人员控制率 103.4%，高于 100% 3.4 个百分点，每满 1 个百分点扣 0.5 分（不足 1 个百分点不扣），扣 1.5 分".

use rust_decimal::Decimal;
use serde::Serialize;

use super::{points_unit, show, show_v, smul, ssub, RuleOutcome, Side, StepCount, Subject};
use crate::loader::Obj;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeductPerPoint {
    #[serde(with = "crate::evaluation::dec")]
    pub x0: Decimal,
    #[serde(with = "crate::evaluation::dec")]
    pub k: Decimal,
    pub direction: Side,
    pub count: StepCount,
}

impl DeductPerPoint {
    pub(crate) fn from_params(p: &Obj<'_>, _w: Decimal) -> Option<Self> {
        let x0 = p.decimal("x0");
        let k = p.non_negative("k");
        let direction = p.choice(
            "direction",
            &[("above", Side::Above), ("below", Side::Below)],
            Side::Above,
        );
        let count = p.choice("count", &StepCount::CHOICES, StepCount::Floor);
        Some(DeductPerPoint {
            x0: x0?,
            k: k?,
            direction: direction?,
            count: count?,
        })
    }

    pub fn score(&self, w: Decimal, v: Decimal, s: Subject<'_>) -> RuleOutcome {
        let (excess, word) = match self.direction {
            Side::Above => (ssub(v, self.x0), "高于"),
            Side::Below => (ssub(self.x0, v), "低于"),
        };
        if excess <= Decimal::ZERO {
            return RuleOutcome::full(w);
        }
        let points = self.count.steps(excess, Decimal::ONE);
        let one = format!("1 {}", points_unit(s.unit));
        let head = format!(
            "{} {}，{} {} {} {}",
            s.name,
            show_v(v, s.unit),
            word,
            show_v(self.x0, s.unit),
            show(excess),
            points_unit(s.unit)
        );
        let out = RuleOutcome::new(w, ssub(w, smul(self.k, points)), |lost| {
            format!(
                "{head}，{}{one}扣 {} 分{}，扣 {} 分",
                if self.count == StepCount::Floor {
                    "每满 "
                } else {
                    "每 "
                },
                show(self.k),
                self.count.partial_text(&one),
                show(lost)
            )
        });
        if out.reason.is_none() {
            return RuleOutcome {
                reason: Some(format!("{head}，不足 {one}，按评分标准不扣分")),
                ..out
            };
        }
        out
    }

    pub fn describe(&self, w: Decimal) -> String {
        let (le, word) = match self.direction {
            Side::Above => ("≤", "超过"),
            Side::Below => ("≥", "低于"),
        };
        format!(
            "{le}{} 得满分 {} 分；每{}一个百分点扣 {} 分{}，扣完为止",
            show(self.x0),
            show(w),
            word,
            show(self.k),
            self.count.partial_text("1 个百分点")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_util::pct;
    use rust_decimal_macros::dec;

    fn rule(x0: Decimal, k: Decimal, direction: Side, count: StepCount) -> DeductPerPoint {
        DeductPerPoint {
            x0,
            k,
            direction,
            count,
        }
    }

    #[test]
    fn golden() {
        let r = rule(dec!(100), dec!(0.5), Side::Above, StepCount::Floor);
        let s = pct("在职人员控制率");
        let o = r.score(dec!(5), dec!(103.4), s);
        assert_eq!(o.score, dec!(3.5));
        assert_eq!(
            o.reason.as_deref(),
            Some("在职人员控制率 103.4%，高于 100% 3.4 个百分点，每满 1 个百分点扣 0.5 分（不足 1 个百分点不扣），扣 1.5 分")
        );
        assert_eq!(r.score(dec!(5), dec!(100), s).score, dec!(5));
        assert_eq!(r.score(dec!(5), dec!(100), s).reason, None);
        assert_eq!(r.score(dec!(5), dec!(95), s).score, dec!(5));
        let o = r.score(dec!(5), dec!(100.5), s);
        assert_eq!(o.score, dec!(5));
        assert_eq!(
            o.reason.as_deref(),
            Some(
                "在职人员控制率 100.5%，高于 100% 0.5 个百分点，不足 1 个百分点，按评分标准不扣分"
            )
        );
        assert_eq!(r.score(dec!(5), dec!(101), s).score, dec!(4.5));
        assert_eq!(r.score(dec!(5), dec!(200), s).score, dec!(0)); // clamps, 扣完为止
        let exact = rule(dec!(100), dec!(0.5), Side::Above, StepCount::Exact);
        assert_eq!(exact.score(dec!(5), dec!(100.5), s).score, dec!(4.75));
        let ceil = rule(dec!(100), dec!(0.5), Side::Above, StepCount::Ceil);
        assert_eq!(ceil.score(dec!(5), dec!(100.5), s).score, dec!(4.5));

        // The Hunan-format sheet: 在职人员控制率 95.10% at w = 8 → 8; 三公经费变动率 98.31%
        // at w = 8, −0.8 per point → 0 under every count.
        let staff = rule(dec!(100), dec!(0.5), Side::Above, StepCount::Floor);
        assert_eq!(staff.score(dec!(8), dec!(95.10), s).score, dec!(8));
        let s = pct("三公经费变动率");
        for c in [StepCount::Floor, StepCount::Exact, StepCount::Ceil] {
            let sg = rule(dec!(0), dec!(0.8), Side::Above, c);
            assert_eq!(sg.score(dec!(8), dec!(98.31), s).score, dec!(0));
            assert_eq!(sg.score(dec!(8), dec!(-30), s).score, dec!(8));
        }
        let sg = rule(dec!(0), dec!(0.8), Side::Above, StepCount::Floor);
        assert_eq!(sg.score(dec!(8), dec!(5), s).score, dec!(4));

        let below = rule(dec!(95), dec!(1), Side::Below, StepCount::Floor);
        assert_eq!(below.score(dec!(4), dec!(93), s).score, dec!(2));
        assert_eq!(below.score(dec!(4), dec!(99), s).score, dec!(4));
    }
}
