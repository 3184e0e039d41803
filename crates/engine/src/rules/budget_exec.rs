//! `budget_exec` — the project 预算执行率 score of 财预〔2020〕10号: `min(w, rate × w ÷ 100)`.
//!
//! With w = 10 this is the official `min(10, 执行率 × 10)`. Clamped to `[0, w]`.
//!
//! ```toml
//! rule = { type = "budget_exec" }
//! ```
//!
//! Example, w = 10: 预算执行率 95% → 9.5 分, reason
//! "预算执行率 95%，按执行率计分（10 × 95%），扣 0.5 分"; 103% → 10 分.

use rust_decimal::Decimal;
use serde::Serialize;

use super::{sdiv, show, show_v, smul, RuleOutcome, Subject};
use crate::loader::Obj;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BudgetExec {}

impl BudgetExec {
    pub(crate) fn from_params(_p: &Obj<'_>, _w: Decimal) -> Option<Self> {
        Some(BudgetExec {})
    }

    pub fn score(&self, w: Decimal, rate: Decimal, s: Subject<'_>) -> RuleOutcome {
        RuleOutcome::new(w, sdiv(smul(rate, w), Decimal::ONE_HUNDRED), |lost| {
            format!(
                "{} {}，按执行率计分（{} × {}），扣 {} 分",
                s.name,
                show_v(rate, s.unit),
                show(w),
                show_v(rate, "%"),
                show(lost)
            )
        })
    }

    pub fn describe(&self, w: Decimal) -> String {
        format!("得分 = min({0}, 执行率 × {0})", show(w))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_util::pct;
    use rust_decimal_macros::dec;

    #[test]
    fn golden() {
        let s = pct("预算执行率");
        let o = BudgetExec {}.score(dec!(10), dec!(95), s);
        assert_eq!(o.score, dec!(9.5));
        assert_eq!(
            o.reason.as_deref(),
            Some("预算执行率 95%，按执行率计分（10 × 95%），扣 0.5 分")
        );
        assert_eq!(BudgetExec {}.score(dec!(10), dec!(100), s).score, dec!(10));
        assert_eq!(BudgetExec {}.score(dec!(10), dec!(103), s).score, dec!(10));
        assert_eq!(BudgetExec {}.score(dec!(10), dec!(0), s).score, dec!(0));
        assert_eq!(BudgetExec {}.score(dec!(10), dec!(-5), s).score, dec!(0));
        assert_eq!(BudgetExec {}.score(dec!(20), dec!(50), s).score, dec!(10));
    }
}
