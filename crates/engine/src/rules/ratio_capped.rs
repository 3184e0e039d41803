//! `ratio_capped` — proportional to the target, capped at full marks (正向指标按完成比例得分).
//!
//! `s = w × min(1, actual ÷ target)`, clamped to `[0, w]`.
//!
//! Use it for quantitative "higher is better" indicators (`≥` and `>` targets): a project
//! that planned 48 items and completed 45 scores `45 ÷ 48` of the weight.
//!
//! ```toml
//! rule = { type = "ratio_capped", target = 100 }
//! ```
//!
//! Example, w = 5, target 100%: 重点工作办结率 90% → 4.5 分, reason
//! "重点工作办结率 90%，未达到目标值 100%，按完成比例 90% 计分，扣 0.5 分". At or above the
//! target: full marks. A target of 0 (or below) gives full marks to any actual ≥ target.
//! Actuals far above the target (≥ the framework's `over_achievement` %, default 130%) raise
//! an over-achievement notice unless an explanation is given.

use rust_decimal::Decimal;
use serde::Serialize;

use super::{sdiv, show, show_v, smul, RuleOutcome, Subject};
use crate::loader::Obj;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RatioCapped {
    #[serde(with = "crate::evaluation::dec")]
    pub target: Decimal,
}

impl RatioCapped {
    pub(crate) fn from_params(p: &Obj<'_>, _w: Decimal) -> Option<Self> {
        Some(RatioCapped {
            target: p.positive("target")?,
        })
    }

    pub fn score(&self, w: Decimal, actual: Decimal, s: Subject<'_>) -> RuleOutcome {
        let t = self.target;
        if actual >= t {
            return RuleOutcome::full(w);
        }
        if t <= Decimal::ZERO {
            return RuleOutcome::new(w, Decimal::ZERO, |lost| {
                format!(
                    "{} {}，未达到目标值 {}，扣 {} 分",
                    s.name,
                    show_v(actual, s.unit),
                    show_v(t, s.unit),
                    show(lost)
                )
            });
        }
        let ratio = sdiv(actual, t);
        RuleOutcome::new(w, smul(w, ratio), |lost| {
            format!(
                "{} {}，未达到目标值 {}，按完成比例 {}% 计分，扣 {} 分",
                s.name,
                show_v(actual, s.unit),
                show_v(t, s.unit),
                show(smul(ratio, Decimal::ONE_HUNDRED)),
                show(lost)
            )
        })
    }

    pub fn describe(&self, w: Decimal) -> String {
        format!(
            "达到目标值 {} 得满分 {} 分，未达到按完成比例计分",
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

    fn r(t: Decimal) -> RatioCapped {
        RatioCapped { target: t }
    }

    #[test]
    fn golden() {
        let s = pct("重点工作办结率");
        let o = r(dec!(100)).score(dec!(5), dec!(90), s);
        assert_eq!(o.score, dec!(4.5));
        assert_eq!(
            o.reason.as_deref(),
            Some("重点工作办结率 90%，未达到目标值 100%，按完成比例 90% 计分，扣 0.5 分")
        );
        // at target, above target (cap)
        assert_eq!(r(dec!(100)).score(dec!(5), dec!(100), s).score, dec!(5));
        assert_eq!(r(dec!(100)).score(dec!(5), dec!(250), s).score, dec!(5));
        assert_eq!(r(dec!(100)).score(dec!(5), dec!(100), s).reason, None);
        // negative clamps to 0
        assert_eq!(r(dec!(100)).score(dec!(5), dec!(-20), s).score, dec!(0));
        // zero target: any non-negative actual is full
        assert_eq!(r(dec!(0)).score(dec!(5), dec!(0), s).score, dec!(5));
        assert_eq!(r(dec!(0)).score(dec!(5), dec!(-1), s).score, dec!(0));
    }
}
