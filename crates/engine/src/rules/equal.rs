//! `equal` — full marks when the actual equals the target ("=100%", "=0").
//!
//! Within `tolerance` (default 0) of the target: full marks. Otherwise the score falls with
//! the relative deviation: `s = w × (1 − |actual − target| ÷ |target|)`, clamped to `[0, w]`.
//! A target of 0 gives full marks only at actual ≤ 0, otherwise 0.
//!
//! ```toml
//! rule = { type = "equal", target = 100 }            # tolerance = 0
//! rule = { type = "equal", target = 100, tolerance = 1 }
//! ```
//!
//! Example, w = 10, target = 100%: actual 95% → 9.5 分, reason
//! "资金拨付率 95%，与目标值 100% 相差 5%，扣 0.5 分".

use rust_decimal::Decimal;
use serde::Serialize;

use super::{sdiv, show, show_v, smul, ssub, RuleOutcome, Subject};
use crate::loader::Obj;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Equal {
    #[serde(with = "crate::evaluation::dec")]
    pub target: Decimal,
    #[serde(with = "crate::evaluation::dec")]
    pub tolerance: Decimal,
}

impl Equal {
    pub(crate) fn from_params(p: &Obj<'_>, _w: Decimal) -> Option<Self> {
        let target = p.decimal("target")?;
        let tolerance = p.opt_non_negative("tolerance").unwrap_or(Decimal::ZERO);
        Some(Equal { target, tolerance })
    }

    pub fn score(&self, w: Decimal, actual: Decimal, s: Subject<'_>) -> RuleOutcome {
        let t = self.target;
        let diff = ssub(actual, t).abs();
        if diff <= self.tolerance {
            return RuleOutcome::full(w);
        }
        if t.is_zero() {
            if actual <= Decimal::ZERO {
                return RuleOutcome::full(w);
            }
            return RuleOutcome::new(w, Decimal::ZERO, |lost| {
                format!(
                    "{} {}，不等于目标值 {}，扣 {} 分",
                    s.name,
                    show_v(actual, s.unit),
                    show_v(t, s.unit),
                    show(lost)
                )
            });
        }
        let rel = sdiv(diff, t.abs());
        RuleOutcome::new(w, smul(w, ssub(Decimal::ONE, rel)), |lost| {
            format!(
                "{} {}，与目标值 {} 相差 {}%，扣 {} 分",
                s.name,
                show_v(actual, s.unit),
                show_v(t, s.unit),
                show(smul(rel, Decimal::ONE_HUNDRED)),
                show(lost)
            )
        })
    }

    pub fn describe(&self, w: Decimal) -> String {
        if self.tolerance.is_zero() {
            format!(
                "等于目标值 {} 得满分 {} 分，偏离按相对偏差扣分",
                show(self.target),
                show(w)
            )
        } else {
            format!(
                "与目标值 {} 相差不超过 {} 得满分 {} 分，偏离按相对偏差扣分",
                show(self.target),
                show(self.tolerance),
                show(w)
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_util::pct;
    use rust_decimal_macros::dec;

    #[test]
    fn golden() {
        let s = pct("资金拨付率");
        let r = Equal {
            target: dec!(100),
            tolerance: dec!(0),
        };
        let o = r.score(dec!(10), dec!(95), s);
        assert_eq!(o.score, dec!(9.5));
        assert_eq!(
            o.reason.as_deref(),
            Some("资金拨付率 95%，与目标值 100% 相差 5%，扣 0.5 分")
        );
        assert_eq!(r.score(dec!(10), dec!(100), s).score, dec!(10));
        assert_eq!(r.score(dec!(10), dec!(105), s).score, dec!(9.5));
        assert_eq!(r.score(dec!(10), dec!(300), s).score, dec!(0));
        let z = Equal {
            target: dec!(0),
            tolerance: dec!(0),
        };
        assert_eq!(z.score(dec!(10), dec!(0), s).score, dec!(10));
        assert_eq!(z.score(dec!(10), dec!(-1), s).score, dec!(10));
        assert_eq!(z.score(dec!(10), dec!(1), s).score, dec!(0));
        let tol = Equal {
            target: dec!(100),
            tolerance: dec!(1),
        };
        assert_eq!(tol.score(dec!(10), dec!(99), s).score, dec!(10));
        assert_eq!(tol.score(dec!(10), dec!(101), s).score, dec!(10));
    }
}
