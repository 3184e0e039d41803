//! `checklist` — score against the evaluation points (评分要点) of a qualitative indicator.
//!
//! Two forms:
//! - `items`: each point has its own points; the score is the sum of the satisfied points
//!   (the items' points must add up to the leaf's weight). An item the evaluator did not
//!   answer counts as not satisfied and is named in the reason.
//! - `per_missing`: `s = w − p × (number of unsatisfied answers)`.
//!
//! The evaluator's answers are the `item` entries of the `[[assessments]]` for the indicator;
//! an answer matches a rule item when its text equals (or contains) the item's name. Without
//! any answers the indicator is not scorable. Clamped to `[0, w]`.
//!
//! ```toml
//! # 管理制度健全性 (w = 3): 3 items × 1
//! rule = { type = "checklist", items = [
//!   { name = "已制定相应的预算资金管理办法、内部财务管理制度、会计核算制度", points = 1 },
//!   { name = "相关管理制度合法、合规、完整", points = 1 },
//!   { name = "相关管理制度得到有效执行", points = 1 },
//! ] }
//! rule = { type = "checklist", per_missing = 1 }
//! ```
//!
//! Example: the third item answered `satisfied = false` → 2 分, reason
//! "未满足：相关管理制度得到有效执行（扣 1 分）".

use jixiao_model::Assessment;
use rust_decimal::Decimal;
use serde::Serialize;

use super::{sadd, show, smul, ssub, RuleNotice, RuleOutcome, Subject};
use crate::evaluation::opt_dec;
use crate::loader::Obj;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChecklistItem {
    pub name: String,
    #[serde(with = "crate::evaluation::dec")]
    pub points: Decimal,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Checklist {
    pub items: Vec<ChecklistItem>,
    #[serde(with = "opt_dec")]
    pub per_missing: Option<Decimal>,
}

impl Checklist {
    pub(crate) fn from_params(p: &Obj<'_>, w: Decimal) -> Option<Self> {
        let per_missing = p.opt_non_negative("per_missing");
        let objs = if p.has("items") {
            p.objects("items")
        } else {
            None
        };
        match (&objs, per_missing) {
            (None, None) => {
                p.error(
                    "checklist 规则需要 items（逐项分值）或 per_missing（每缺一项扣分）",
                    "checklist needs `items` or `per_missing`",
                );
                return None;
            }
            (Some(_), Some(_)) => {
                p.error_at(
                    "per_missing",
                    "items 与 per_missing 只能二选一",
                    "`items` and `per_missing` are mutually exclusive",
                );
                return None;
            }
            _ => {}
        }
        let mut items = Vec::new();
        if let Some(objs) = objs {
            let mut ok = true;
            for o in &objs {
                let name = o.string("name");
                let points = o.non_negative("points");
                o.finish();
                match (name, points) {
                    (Some(name), Some(points)) => items.push(ChecklistItem { name, points }),
                    _ => ok = false,
                }
            }
            if !ok {
                return None;
            }
            let sum: Decimal = items.iter().map(|i| i.points).sum();
            if sum != w {
                p.error_at(
                    "items",
                    format!("评分要点分值合计 {sum} 不等于权重 {w}"),
                    format!("checklist item points add up to {sum}, not the weight {w}"),
                );
                return None;
            }
        }
        Some(Checklist { items, per_missing })
    }

    pub fn score(&self, w: Decimal, a: &Assessment, s: Subject<'_>) -> Result<RuleOutcome, String> {
        if a.items.is_empty() {
            return Err(format!("{}：评价人未逐项判断评分要点（item）", s.name));
        }
        if let Some(p) = self.per_missing {
            let missing: Vec<&str> = a
                .items
                .iter()
                .filter(|i| !i.satisfied)
                .map(|i| i.item.trim())
                .collect();
            let n = Decimal::from(missing.len() as u64);
            return Ok(RuleOutcome::new(w, ssub(w, smul(p, n)), |lost| {
                format!(
                    "未满足 {} 项（{}），每项扣 {} 分，扣 {} 分",
                    missing.len(),
                    missing.join("；"),
                    show(p),
                    show(lost)
                )
            }));
        }
        let matches = |item: &ChecklistItem, answer: &str| {
            let (n, t) = (item.name.trim(), answer.trim());
            t == n || (!n.is_empty() && t.contains(n))
        };
        let mut score = Decimal::ZERO;
        let mut unmet = Vec::new();
        let mut unanswered = Vec::new();
        for item in &self.items {
            match a.items.iter().find(|ans| matches(item, &ans.item)) {
                Some(ans) if ans.satisfied => score = sadd(score, item.points),
                Some(_) => unmet.push(item),
                None => unanswered.push(item),
            }
        }
        let notices = a
            .items
            .iter()
            .filter(|ans| !self.items.iter().any(|i| matches(i, &ans.item)))
            .map(|ans| RuleNotice {
                code: "unknown_checklist_item",
                message: format!(
                    "{}：评价人判断的要点「{}」不在框架的评分要点中，未计分",
                    s.name,
                    ans.item.trim()
                ),
            })
            .collect();
        let mut out = RuleOutcome::new(w, score, |_| {
            let list = |v: &[&ChecklistItem]| {
                v.iter()
                    .map(|i| format!("{}（扣 {} 分）", i.name, show(i.points)))
                    .collect::<Vec<_>>()
                    .join("；")
            };
            let mut parts = Vec::new();
            if !unmet.is_empty() {
                parts.push(format!("未满足：{}", list(&unmet)));
            }
            if !unanswered.is_empty() {
                parts.push(format!("未作判断：{}", list(&unanswered)));
            }
            parts.join("；")
        });
        out.notices = notices;
        Ok(out)
    }

    pub fn describe(&self, w: Decimal) -> String {
        match self.per_missing {
            Some(p) => format!(
                "满分 {} 分，评分要点每缺一项扣 {} 分，扣完为止",
                show(w),
                show(p)
            ),
            None => self
                .items
                .iter()
                .enumerate()
                .map(|(i, it)| format!("{}. {}，{} 分", i + 1, it.name, show(it.points)))
                .collect::<Vec<_>>()
                .join("；"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_util::pct;
    use jixiao_model::ChecklistAnswer;
    use rust_decimal_macros::dec;

    fn rule() -> Checklist {
        let i = |n: &str| ChecklistItem {
            name: n.into(),
            points: dec!(1),
        };
        Checklist {
            items: vec![
                i("制度已制定"),
                i("制度合法合规完整"),
                i("制度得到有效执行"),
            ],
            per_missing: None,
        }
    }

    fn ans(items: &[(&str, bool)]) -> Assessment {
        Assessment {
            indicator: "D14".into(),
            items: items
                .iter()
                .map(|(n, s)| ChecklistAnswer {
                    item: n.to_string(),
                    satisfied: *s,
                    note: None,
                })
                .collect(),
            reason: "".into(),
            ..Default::default()
        }
    }

    #[test]
    fn items_form() {
        let s = pct("管理制度健全性");
        let o = rule()
            .score(
                dec!(3),
                &ans(&[
                    ("制度已制定", true),
                    ("制度合法合规完整", true),
                    ("制度得到有效执行", false),
                ]),
                s,
            )
            .unwrap();
        assert_eq!(o.score, dec!(2));
        assert_eq!(
            o.reason.as_deref(),
            Some("未满足：制度得到有效执行（扣 1 分）")
        );
        let o = rule()
            .score(dec!(3), &ans(&[("①制度已制定", true), ("其他", true)]), s)
            .unwrap();
        assert_eq!(o.score, dec!(1));
        assert!(o.reason.unwrap().contains("未作判断：制度合法合规完整"));
        assert_eq!(o.notices.len(), 1);
        assert!(rule().score(dec!(3), &ans(&[]), s).is_err());
    }

    #[test]
    fn per_missing_form() {
        let s = pct("资金使用合规性");
        let r = Checklist {
            items: vec![],
            per_missing: Some(dec!(2)),
        };
        let a = ans(&[("a", true), ("b", false), ("c", false)]);
        let o = r.score(dec!(5), &a, s).unwrap();
        assert_eq!(o.score, dec!(1));
        assert_eq!(
            o.reason.as_deref(),
            Some("未满足 2 项（b；c），每项扣 2 分，扣 4 分")
        );
        let a = ans(&[("a", false), ("b", false), ("c", false)]);
        assert_eq!(r.score(dec!(5), &a, s).unwrap().score, dec!(0));
    }
}
