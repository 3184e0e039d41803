//! `range` — full marks inside an interval target (区间), e.g. "95%–105%".
//!
//! Inside `[low, high]`: full marks. Below `low`: as `ratio_capped` against `low`
//! (`w × actual ÷ low`). Above `high`: as `reverse` against `high`
//! (`w × (2 − actual ÷ high)`). Clamped to `[0, w]`.
//!
//! ```toml
//! rule = { type = "range", low = 95, high = 105 }
//! ```
//!
//! Example, w = 10, range 95%–105%: actual 90% → `10 × 90 ÷ 95` = 9.47 分; actual 110% →
//! `10 × (2 − 110 ÷ 105)` = 9.52 分.

use rust_decimal::Decimal;
use serde::Serialize;

use super::{show, show_v, RatioCapped, Reverse, RuleOutcome, Subject};
use crate::loader::Obj;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Range {
    #[serde(with = "crate::evaluation::dec")]
    pub low: Decimal,
    #[serde(with = "crate::evaluation::dec")]
    pub high: Decimal,
}

impl Range {
    pub(crate) fn from_params(p: &Obj<'_>, _w: Decimal) -> Option<Self> {
        let low = p.decimal("low");
        let high = p.decimal("high");
        let (low, high) = (low?, high?);
        if low > high {
            p.error_at(
                "high",
                format!("区间上限 {high} 小于下限 {low}"),
                format!("upper bound {high} is below lower bound {low}"),
            );
            return None;
        }
        Some(Range { low, high })
    }

    pub fn score(&self, w: Decimal, actual: Decimal, s: Subject<'_>) -> RuleOutcome {
        let range_text = format!("{}–{}", show(self.low), show_v(self.high, s.unit));
        let mut o = if actual < self.low {
            RatioCapped { target: self.low }.score(w, actual, s)
        } else if actual > self.high {
            Reverse { target: self.high }.score(w, actual, s)
        } else {
            return RuleOutcome::full(w);
        };
        if let Some(r) = o.reason.as_mut() {
            *r = format!("{r}（目标区间 {range_text}）");
        }
        o
    }

    pub fn describe(&self, w: Decimal) -> String {
        format!(
            "在 {}–{} 区间内得满分 {} 分，低于下限按完成比例计分，高于上限按超出比例扣分",
            show(self.low),
            show(self.high),
            show(w)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_util::pct;
    use jixiao_model::round2;
    use rust_decimal_macros::dec;

    #[test]
    fn golden() {
        let s = pct("执行率");
        let r = Range {
            low: dec!(95),
            high: dec!(105),
        };
        assert_eq!(r.score(dec!(10), dec!(95), s).score, dec!(10));
        assert_eq!(r.score(dec!(10), dec!(105), s).score, dec!(10));
        assert_eq!(round2(r.score(dec!(10), dec!(90), s).score), dec!(9.47));
        assert_eq!(round2(r.score(dec!(10), dec!(110), s).score), dec!(9.52));
        assert_eq!(r.score(dec!(10), dec!(-1), s).score, dec!(0));
        assert!(r
            .score(dec!(10), dec!(90), s)
            .reason
            .unwrap()
            .ends_with("（目标区间 95–105%）"));
    }
}
