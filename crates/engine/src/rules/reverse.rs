//! `reverse` — "lower is better" against a target (反向指标).
//!
//! Full marks when `actual ≤ target`; above it the score falls linearly and reaches 0 at
//! twice the target: `s = w × (2 − actual ÷ target)`, clamped to `[0, w]`.
//!
//! Use it for costs, complaint rates and `≤`/`<` targets.
//!
//! ```toml
//! rule = { type = "reverse", target = 5 }
//! ```
//!
//! Example, w = 10, target ≤ 5%: actual 6% → `10 × (2 − 1.2)` = 8 分, reason
//! "投诉率 6%，高于目标值 5%（超出 20%），扣 2 分". Actual 10% or more → 0. With a target of 0,
//! full marks only at actual ≤ 0, otherwise 0.

use rust_decimal::Decimal;
use serde::Serialize;

use super::{sdiv, show, show_v, smul, ssub, RuleOutcome, Subject};
use crate::loader::Obj;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reverse {
    #[serde(with = "crate::evaluation::dec")]
    pub target: Decimal,
}

impl Reverse {
    pub(crate) fn from_params(p: &Obj<'_>, _w: Decimal) -> Option<Self> {
        Some(Reverse {
            target: p.non_negative("target")?,
        })
    }

    pub fn score(&self, w: Decimal, actual: Decimal, s: Subject<'_>) -> RuleOutcome {
        let t = self.target;
        if actual <= t {
            return RuleOutcome::full(w);
        }
        if t <= Decimal::ZERO {
            return RuleOutcome::new(w, Decimal::ZERO, |lost| {
                format!(
                    "{} {}，高于目标值 {}，扣 {} 分",
                    s.name,
                    show_v(actual, s.unit),
                    show_v(t, s.unit),
                    show(lost)
                )
            });
        }
        let over = sdiv(ssub(actual, t), t);
        RuleOutcome::new(w, smul(w, ssub(Decimal::ONE, over)), |lost| {
            format!(
                "{} {}，高于目标值 {}（超出 {}%），扣 {} 分",
                s.name,
                show_v(actual, s.unit),
                show_v(t, s.unit),
                show(smul(over, Decimal::ONE_HUNDRED)),
                show(lost)
            )
        })
    }

    pub fn describe(&self, w: Decimal) -> String {
        format!(
            "不高于目标值 {} 得满分 {} 分，超出部分按比例扣分，达到目标值 2 倍不得分",
            show(self.target),
            show(w)
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
        let s = pct("投诉率");
        let r = Reverse { target: dec!(5) };
        let o = r.score(dec!(10), dec!(6), s);
        assert_eq!(o.score, dec!(8));
        assert_eq!(
            o.reason.as_deref(),
            Some("投诉率 6%，高于目标值 5%（超出 20%），扣 2 分")
        );
        assert_eq!(r.score(dec!(10), dec!(5), s).score, dec!(10));
        assert_eq!(r.score(dec!(10), dec!(-3), s).score, dec!(10));
        assert_eq!(r.score(dec!(10), dec!(10), s).score, dec!(0));
        assert_eq!(r.score(dec!(10), dec!(50), s).score, dec!(0));
        let z = Reverse { target: dec!(0) };
        assert_eq!(z.score(dec!(10), dec!(0), s).score, dec!(10));
        assert_eq!(z.score(dec!(10), dec!(0.01), s).score, dec!(0));
    }
}
