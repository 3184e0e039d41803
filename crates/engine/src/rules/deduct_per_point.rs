//! `deduct_per_point` — deduct `k` points for each percentage point beyond a reference
//! (每超过一个百分点扣 k 分，扣完为止).
//!
//! `s = w − k × excess`, where `excess = max(0, value − x0)` for `direction = "above"`
//! (the default) or `max(0, x0 − value)` for `direction = "below"`. Fractions of a point
//! count proportionally. Clamped to `[0, w]`.
//!
//! ```toml
//! # 在职人员控制率: ≤100% full marks, −0.5 per point above
//! rule = { type = "deduct_per_point", x0 = 100, k = 0.5 }
//! # 三公经费变动率: ≤0 full marks, −0.8 per point above
//! rule = { type = "deduct_per_point", x0 = 0, k = 0.8, direction = "above" }
//! ```
//!
//! Example, w = 5, x0 = 100, k = 0.5: 在职人员控制率 103% → 3.5 分, reason
//! "在职人员控制率 103%，高于 100% 3 个百分点，按每个百分点扣 0.5 分，共扣 1.5 分".

use rust_decimal::Decimal;
use serde::Serialize;

use super::{points_unit, show, show_v, smul, ssub, RuleOutcome, Side, Subject};
use crate::loader::Obj;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeductPerPoint {
    #[serde(with = "crate::evaluation::dec")]
    pub x0: Decimal,
    #[serde(with = "crate::evaluation::dec")]
    pub k: Decimal,
    pub direction: Side,
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
        Some(DeductPerPoint {
            x0: x0?,
            k: k?,
            direction: direction?,
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
        RuleOutcome::new(w, ssub(w, smul(self.k, excess)), |lost| {
            format!(
                "{} {}，{} {} {} {}，按每{}扣 {} 分，共扣 {} 分",
                s.name,
                show_v(v, s.unit),
                word,
                show_v(self.x0, s.unit),
                show(excess),
                points_unit(s.unit),
                if s.unit == "%" {
                    "个百分点".to_string()
                } else {
                    format!("1{}", s.unit)
                },
                show(self.k),
                show(lost)
            )
        })
    }

    pub fn describe(&self, w: Decimal) -> String {
        let (le, word) = match self.direction {
            Side::Above => ("≤", "超过"),
            Side::Below => ("≥", "低于"),
        };
        format!(
            "{le}{} 得满分 {} 分；每{}一个百分点扣 {} 分，扣完为止",
            show(self.x0),
            show(w),
            word,
            show(self.k)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_util::pct;
    use rust_decimal_macros::dec;

    #[test]
    fn golden() {
        let r = DeductPerPoint {
            x0: dec!(100),
            k: dec!(0.5),
            direction: Side::Above,
        };
        let s = pct("在职人员控制率");
        let o = r.score(dec!(5), dec!(103), s);
        assert_eq!(o.score, dec!(3.5));
        assert_eq!(
            o.reason.as_deref(),
            Some("在职人员控制率 103%，高于 100% 3 个百分点，按每个百分点扣 0.5 分，共扣 1.5 分")
        );
        assert_eq!(r.score(dec!(5), dec!(100), s).score, dec!(5));
        assert_eq!(r.score(dec!(5), dec!(95), s).score, dec!(5));
        assert_eq!(r.score(dec!(5), dec!(100.5), s).score, dec!(4.75));
        assert_eq!(r.score(dec!(5), dec!(200), s).score, dec!(0)); // clamps, 扣完为止

        let sg = DeductPerPoint {
            x0: dec!(0),
            k: dec!(0.8),
            direction: Side::Above,
        };
        let s = pct("三公经费变动率");
        assert_eq!(sg.score(dec!(8), dec!(5), s).score, dec!(4));
        assert_eq!(sg.score(dec!(8), dec!(-30), s).score, dec!(8));

        let below = DeductPerPoint {
            x0: dec!(95),
            k: dec!(1),
            direction: Side::Below,
        };
        assert_eq!(below.score(dec!(4), dec!(93), s).score, dec!(2));
        assert_eq!(below.score(dec!(4), dec!(99), s).score, dec!(4));
    }
}
