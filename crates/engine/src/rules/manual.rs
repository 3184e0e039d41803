//! `manual` — an expert's score (专家打分) in `[0, w]` with a mandatory 扣分原因.
//!
//! The score is the `score` of the evaluator's `[[assessments]]` entry for the indicator.
//! A score below `w` without a `reason` makes the indicator not scorable (the reason is
//! mandatory); a score outside `[0, w]` is clamped and raises a `manual_out_of_range`
//! notice. Without a score the indicator is not scorable.
//!
//! ```toml
//! rule = { type = "manual" }
//! ```
//!
//! Example, w = 10, score 8, reason "部分项目验收滞后" → 8 分, reason
//! "专家评分 8 分，扣 2 分：部分项目验收滞后".

use jixiao_model::Assessment;
use rust_decimal::Decimal;
use serde::Serialize;

use super::{clamp, show, RuleNotice, RuleOutcome, Subject};
use crate::loader::Obj;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Manual {}

impl Manual {
    pub(crate) fn from_params(_p: &Obj<'_>, _w: Decimal) -> Option<Self> {
        Some(Manual {})
    }

    pub fn score(&self, w: Decimal, a: &Assessment, s: Subject<'_>) -> Result<RuleOutcome, String> {
        let given = a
            .score
            .map(|n| n.0)
            .ok_or_else(|| format!("{}：未填写专家打分（score）", s.name))?;
        let score = clamp(given, w);
        let why = a.reason.trim();
        if score < w && why.is_empty() {
            return Err(format!(
                "{}：专家打分 {} 低于满分 {}，但未填写扣分原因（reason）",
                s.name,
                show(given),
                show(w)
            ));
        }
        let mut out = RuleOutcome::new(w, score, |lost| {
            format!("专家评分 {} 分，扣 {} 分：{why}", show(score), show(lost))
        });
        if score != given {
            out.notices.push(RuleNotice {
                code: "manual_out_of_range",
                message: format!(
                    "{}：专家打分 {} 超出 [0, {}]，按 {} 计",
                    s.name,
                    show(given),
                    show(w),
                    show(score)
                ),
            });
        }
        Ok(out)
    }

    pub fn describe(&self, w: Decimal) -> String {
        format!("专家在 0–{} 分之间打分，扣分须说明原因", show(w))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_util::pct;
    use jixiao_model::Num;
    use rust_decimal_macros::dec;

    fn a(score: Option<Decimal>, reason: &str) -> Assessment {
        Assessment {
            indicator: "D25".into(),
            score: score.map(Num),
            reason: reason.into(),
            ..Default::default()
        }
    }

    #[test]
    fn golden() {
        let s = pct("经济效益");
        let o = Manual {}
            .score(dec!(10), &a(Some(dec!(8)), "部分项目验收滞后"), s)
            .unwrap();
        assert_eq!(o.score, dec!(8));
        assert_eq!(
            o.reason.as_deref(),
            Some("专家评分 8 分，扣 2 分：部分项目验收滞后")
        );
        assert!(Manual {}
            .score(dec!(10), &a(Some(dec!(8)), " "), s)
            .is_err());
        assert!(Manual {}.score(dec!(10), &a(None, "x"), s).is_err());
        let full = Manual {}
            .score(dec!(10), &a(Some(dec!(10)), ""), s)
            .unwrap();
        assert_eq!(full.score, dec!(10));
        assert_eq!(full.reason, None);
        let over = Manual {}
            .score(dec!(10), &a(Some(dec!(12)), ""), s)
            .unwrap();
        assert_eq!(over.score, dec!(10));
        assert_eq!(over.notices[0].code, "manual_out_of_range");
        let neg = Manual {}
            .score(dec!(10), &a(Some(dec!(-1)), "严重违规"), s)
            .unwrap();
        assert_eq!(neg.score, dec!(0));
    }
}
