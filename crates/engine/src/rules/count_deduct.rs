//! `count_deduct` — deduct `k` points per violation found (每发现一处扣 k 分，扣完为止).
//!
//! `s = w − k × n`, where `n` is the `violations` count of the evaluator's assessment for the
//! indicator; `max_deduction` optionally caps the total deduction. Clamped to `[0, w]`.
//! Without a violations count, an itemised judgement (`[[assessments.item]]`) gives one: each
//! point judged `satisfied = false` counts as one case (the reason says so); with neither the
//! indicator is not scorable.
//!
//! ```toml
//! rule = { type = "count_deduct", k = 0.5 }
//! ```
//!
//! ```toml
//! [[assessments]]
//! indicator = "D08"
//! violations = 2
//! reason = "两个专项未按进度下达资金"
//! ```
//!
//! Example, w = 3: 2 violations → 2 分, reason "发现 2 处问题，每处扣 0.5 分，扣 1 分：两个专项未按进度下达资金".

use jixiao_model::Assessment;
use rust_decimal::Decimal;
use serde::Serialize;

use super::{show, smul, ssub, RuleOutcome, Subject};
use crate::evaluation::opt_dec;
use crate::loader::Obj;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CountDeduct {
    #[serde(with = "crate::evaluation::dec")]
    pub k: Decimal,
    #[serde(with = "opt_dec")]
    pub max_deduction: Option<Decimal>,
}

impl CountDeduct {
    pub(crate) fn from_params(p: &Obj<'_>, _w: Decimal) -> Option<Self> {
        let k = p.non_negative("k");
        let max_deduction = p.opt_non_negative("max_deduction");
        Some(CountDeduct {
            k: k?,
            max_deduction,
        })
    }

    pub fn score(&self, w: Decimal, a: &Assessment, s: Subject<'_>) -> Result<RuleOutcome, String> {
        // Without a count, an itemised judgement gives one: each point judged not met is at
        // least one case found (said in the reason).
        let from_items = a.violations.is_none() && !a.items.is_empty();
        let n = match a.violations {
            Some(n) => n,
            None if from_items => a.items.iter().filter(|i| !i.satisfied).count() as u32,
            None => {
                return Err(format!(
                    "{}：评价人判断中未填写违规次数（violations）",
                    s.name
                ))
            }
        };
        let mut deduction = smul(self.k, Decimal::from(n));
        if let Some(m) = self.max_deduction {
            deduction = deduction.min(m);
        }
        let mut out = RuleOutcome::new(w, ssub(w, deduction), |lost| {
            let why = a.reason.trim();
            format!(
                "发现 {n} 处问题，每处扣 {} 分，扣 {} 分{}",
                show(self.k),
                show(lost),
                if why.is_empty() {
                    String::new()
                } else {
                    format!("：{why}")
                }
            )
        });
        if from_items {
            let note = format!(
                "（未填违规次数，按逐项判断中未满足的 {n} 个要点计，共判断 {} 个要点）",
                a.items.len()
            );
            out.reason = Some(match out.reason {
                Some(r) => format!("{r}{note}"),
                None => format!("未发现不符合要求的情况{note}"),
            });
        }
        Ok(out)
    }

    pub fn describe(&self, w: Decimal) -> String {
        match self.max_deduction {
            Some(m) => format!(
                "满分 {} 分，每发现一处问题扣 {} 分，最多扣 {} 分",
                show(w),
                show(self.k),
                show(m)
            ),
            None => format!(
                "满分 {} 分，每发现一处问题扣 {} 分，扣完为止",
                show(w),
                show(self.k)
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_util::pct;
    use rust_decimal_macros::dec;

    fn a(n: Option<u32>) -> Assessment {
        Assessment {
            indicator: "D08".into(),
            violations: n,
            reason: "两个专项未按进度下达资金".into(),
            ..Default::default()
        }
    }

    #[test]
    fn golden() {
        let r = CountDeduct {
            k: dec!(0.5),
            max_deduction: None,
        };
        let s = pct("支付进度");
        let o = r.score(dec!(3), &a(Some(2)), s).unwrap();
        assert_eq!(o.score, dec!(2));
        assert_eq!(
            o.reason.as_deref(),
            Some("发现 2 处问题，每处扣 0.5 分，扣 1 分：两个专项未按进度下达资金")
        );
        assert_eq!(r.score(dec!(3), &a(Some(0)), s).unwrap().score, dec!(3));
        assert_eq!(r.score(dec!(3), &a(Some(100)), s).unwrap().score, dec!(0));
        assert!(r.score(dec!(3), &a(None), s).is_err());
        let capped = CountDeduct {
            k: dec!(0.5),
            max_deduction: Some(dec!(1)),
        };
        assert_eq!(
            capped.score(dec!(3), &a(Some(10)), s).unwrap().score,
            dec!(2)
        );
    }
}
