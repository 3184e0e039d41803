//! `checklist` — score against the evaluation points (评分要点) of a qualitative indicator.
//!
//! The rule lists the points (`items`); the evaluator answers each one in the indicator's
//! `[[assessments]]` (`[[assessments.item]]` with `satisfied = true/false`). Two forms:
//! - points per item: `items = [{ name, points }, …]` (the points add up to the leaf's
//!   weight); the score is the sum of the satisfied items' points;
//! - `per_missing = p` with `items = [{ name }, …]`: `s = w − p × (points not met)`.
//!
//! A point the evaluator never answered is **not** a point met. `unanswered` says what it is:
//! - `"deduct"` (default): it counts as not met and is named in the reason ("未作判断");
//! - `"not_scorable"`: the leaf is not scorable until every point is answered
//!   ("评价人尚未评定：…").
//!
//! An answer matches a point when its text equals (or contains) the point's name. Answers that
//! match no point raise an `unknown_checklist_item` notice. Without any answers the indicator
//! is not scorable. Clamped to `[0, w]`.
//!
//! ```toml
//! # 管理制度健全性 (w = 3): 3 items × 1
//! rule = { type = "checklist", items = [
//!   { name = "已制定相应的预算资金管理办法、内部财务管理制度、会计核算制度", points = 1 },
//!   { name = "相关管理制度合法、合规、完整", points = 1 },
//!   { name = "相关管理制度得到有效执行", points = 1 },
//! ] }
//! # 资产管理安全性 (w = 5): −1 for each point not met; every point must be judged
//! rule = { type = "checklist", per_missing = 1, unanswered = "not_scorable", items = [
//!   { name = "资产保存完整" }, { name = "资产配置合理" }, { name = "资产处置规范" },
//!   { name = "资产账务管理合规，账实相符" }, { name = "资产有偿使用及处置收入及时足额上缴" },
//! ] }
//! ```
//!
//! Example: the third item answered `satisfied = false` → 2 分, reason
//! "未满足：相关管理制度得到有效执行（扣 1 分）".

use jixiao_model::{Assessment, ChecklistAnswer};
use rust_decimal::Decimal;
use serde::Serialize;

use super::{sadd, show, smul, ssub, RuleNotice, RuleOutcome, Subject};
use crate::evaluation::opt_dec;
use crate::loader::Obj;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChecklistItem {
    pub name: String,
    /// Points of the item (per-item form); `None` in the `per_missing` form.
    #[serde(with = "opt_dec")]
    pub points: Option<Decimal>,
}

/// What an evaluation point that was never answered is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unanswered {
    /// Not met: deducted, and named in the reason.
    Deduct,
    /// The leaf is not scorable until every point is answered.
    NotScorable,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Checklist {
    pub items: Vec<ChecklistItem>,
    #[serde(with = "opt_dec")]
    pub per_missing: Option<Decimal>,
    pub unanswered: Unanswered,
}

/// How close two texts are, in percent: the Dice coefficient of their character bigrams
/// (100 = the same bigrams). Integer arithmetic only (no binary floats in the engine).
fn likeness(a: &str, b: &str) -> usize {
    let grams = |s: &str| {
        let c: Vec<char> = s.chars().filter(|c| !c.is_whitespace()).collect();
        c.windows(2).map(|w| (w[0], w[1])).collect::<Vec<_>>()
    };
    let (x, y) = (grams(a), grams(b));
    if x.is_empty() || y.is_empty() {
        return 0;
    }
    let mut rest = y.clone();
    let mut common = 0usize;
    for g in &x {
        if let Some(i) = rest.iter().position(|r| r == g) {
            rest.swap_remove(i);
            common += 1;
        }
    }
    200 * common / (x.len() + y.len())
}

/// Answers whose wording differs only slightly from the framework's point (another sheet's
/// wording of the same 53号 评分要点: "已制定" vs "已制定或具有") still answer it; distinct
/// points that share most words ("按规定内容公开" vs "按规定时限公开", 72) stay apart.
const LIKENESS: usize = 85;

/// The evaluator's answer to `item`: the same text, a text containing it, or failing those
/// the most alike text at or above [`LIKENESS`].
fn answer_for<'a>(item: &ChecklistItem, a: &'a Assessment) -> Option<&'a ChecklistAnswer> {
    let n = item.name.trim();
    if n.is_empty() {
        return None;
    }
    if let Some(x) = a
        .items
        .iter()
        .find(|ans| ans.item.trim() == n || ans.item.contains(n))
    {
        return Some(x);
    }
    a.items
        .iter()
        .map(|ans| (likeness(n, ans.item.trim()), ans))
        .filter(|(l, _)| *l >= LIKENESS)
        .max_by_key(|(l, _)| *l)
        .map(|(_, ans)| ans)
}

impl Checklist {
    pub(crate) fn from_params(p: &Obj<'_>, w: Decimal) -> Option<Self> {
        let per_missing = p.opt_non_negative("per_missing");
        let unanswered = p.choice(
            "unanswered",
            &[
                ("deduct", Unanswered::Deduct),
                ("not_scorable", Unanswered::NotScorable),
            ],
            Unanswered::Deduct,
        )?;
        if !p.has("items") {
            if per_missing.is_some() {
                p.error_at(
                    "per_missing",
                    "per_missing 需要同时列出评分要点 items = [{ name = \"…\" }, …]：未列出的要点无法判断是否已评定",
                    "`per_missing` needs the evaluation points listed in `items` (so unanswered points can be told from met ones)",
                );
            } else {
                p.error(
                    "checklist 规则需要 items（评分要点；逐项分值或配合 per_missing 每缺一项扣分）",
                    "checklist needs `items` (with points each, or names with `per_missing`)",
                );
            }
            return None;
        }
        let objs = p.objects("items")?;
        let mut items = Vec::new();
        let mut ok = true;
        for o in &objs {
            let name = o.string("name");
            let points = if per_missing.is_some() {
                if o.has("points") {
                    o.error_at(
                        "points",
                        "per_missing 形式的评分要点不设逐项分值（points）",
                        "items of the `per_missing` form carry no `points`",
                    );
                    ok = false;
                }
                None
            } else {
                match o.non_negative("points") {
                    Some(x) => Some(x),
                    None => {
                        ok = false;
                        None
                    }
                }
            };
            o.finish();
            match name {
                Some(name) if !name.trim().is_empty() => items.push(ChecklistItem { name, points }),
                Some(_) => {
                    o.error_at(
                        "name",
                        "评分要点名称不能为空",
                        "item name must not be empty",
                    );
                    ok = false;
                }
                None => ok = false,
            }
        }
        if !ok {
            return None;
        }
        if items.is_empty() {
            p.error_at("items", "items 不能为空", "`items` must not be empty");
            return None;
        }
        if per_missing.is_none() {
            let sum: Decimal = items.iter().filter_map(|i| i.points).sum();
            if sum != w {
                p.error_at(
                    "items",
                    format!("评分要点分值合计 {sum} 不等于权重 {w}"),
                    format!("checklist item points add up to {sum}, not the weight {w}"),
                );
                return None;
            }
        }
        Some(Checklist {
            items,
            per_missing,
            unanswered,
        })
    }

    pub fn score(&self, w: Decimal, a: &Assessment, s: Subject<'_>) -> Result<RuleOutcome, String> {
        if a.items.is_empty() {
            return Err(format!(
                "评价人尚未评定：{}的评分要点均未逐项判断（[[assessments.item]]）",
                s.name
            ));
        }
        let answer_of = |item: &ChecklistItem| answer_for(item, a);
        let mut met = Vec::new();
        let mut unmet = Vec::new();
        let mut unanswered = Vec::new();
        for item in &self.items {
            match answer_of(item) {
                Some(ans) if ans.satisfied => met.push(item),
                Some(_) => unmet.push(item),
                None => unanswered.push(item),
            }
        }
        if self.unanswered == Unanswered::NotScorable && !unanswered.is_empty() {
            return Err(format!(
                "评价人尚未评定：{}有 {} 项评分要点未作判断（{}）",
                s.name,
                unanswered.len(),
                unanswered
                    .iter()
                    .map(|i| i.name.as_str())
                    .collect::<Vec<_>>()
                    .join("；")
            ));
        }
        let notices = a
            .items
            .iter()
            .filter(|ans| {
                !self
                    .items
                    .iter()
                    .any(|i| answer_of(i).is_some_and(|x| std::ptr::eq(x, *ans)))
            })
            .map(|ans| RuleNotice {
                code: "unknown_checklist_item",
                message: format!(
                    "{}：评价人判断的要点「{}」不在框架的评分要点中，未计分",
                    s.name,
                    ans.item.trim()
                ),
            })
            .collect();
        let mut out = match self.per_missing {
            Some(p) => {
                let n = Decimal::from((unmet.len() + unanswered.len()) as u64);
                RuleOutcome::new(w, ssub(w, smul(p, n)), |lost| {
                    let names = |v: &[&ChecklistItem]| {
                        v.iter()
                            .map(|i| i.name.as_str())
                            .collect::<Vec<_>>()
                            .join("；")
                    };
                    let mut parts = Vec::new();
                    if !unmet.is_empty() {
                        parts.push(format!("未满足 {} 项（{}）", unmet.len(), names(&unmet)));
                    }
                    if !unanswered.is_empty() {
                        parts.push(format!(
                            "未作判断 {} 项（{}）",
                            unanswered.len(),
                            names(&unanswered)
                        ));
                    }
                    format!(
                        "{}，每项扣 {} 分，扣 {} 分",
                        parts.join("，"),
                        show(p),
                        show(lost)
                    )
                })
            }
            None => {
                let score = met.iter().fold(Decimal::ZERO, |acc, i| {
                    sadd(acc, i.points.unwrap_or_default())
                });
                RuleOutcome::new(w, score, |_| {
                    let list = |v: &[&ChecklistItem]| {
                        v.iter()
                            .map(|i| {
                                format!(
                                    "{}（扣 {} 分）",
                                    i.name,
                                    show(i.points.unwrap_or_default())
                                )
                            })
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
                })
            }
        };
        out.notices = notices;
        Ok(out)
    }

    pub fn describe(&self, w: Decimal) -> String {
        let tail = match self.unanswered {
            Unanswered::Deduct => "未作判断的要点按未满足计",
            Unanswered::NotScorable => "每个要点均须评定",
        };
        match self.per_missing {
            Some(p) => format!(
                "满分 {} 分，评分要点（{}）每缺一项扣 {} 分，扣完为止；{tail}",
                show(w),
                self.items
                    .iter()
                    .enumerate()
                    .map(|(i, it)| format!("{}. {}", i + 1, it.name))
                    .collect::<Vec<_>>()
                    .join("；"),
                show(p)
            ),
            None => format!(
                "{}；{tail}",
                self.items
                    .iter()
                    .enumerate()
                    .map(|(i, it)| format!(
                        "{}. {}，{} 分",
                        i + 1,
                        it.name,
                        show(it.points.unwrap_or_default())
                    ))
                    .collect::<Vec<_>>()
                    .join("；")
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_util::pct;
    use rust_decimal_macros::dec;

    fn item(n: &str, points: Option<Decimal>) -> ChecklistItem {
        ChecklistItem {
            name: n.into(),
            points,
        }
    }

    fn rule() -> Checklist {
        Checklist {
            items: vec![
                item("制度已制定", Some(dec!(1))),
                item("制度合法合规完整", Some(dec!(1))),
                item("制度得到有效执行", Some(dec!(1))),
            ],
            per_missing: None,
            unanswered: Unanswered::Deduct,
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
        let e = rule().score(dec!(3), &ans(&[]), s).unwrap_err();
        assert!(e.starts_with("评价人尚未评定"), "{e}");
    }

    /// 53号's five points of 资金使用合规性; the Longhua example answers four of them.
    fn compliance(unanswered: Unanswered) -> Checklist {
        Checklist {
            items: ["合规", "审批", "论证", "批复用途", "无截留挤占"]
                .iter()
                .map(|n| item(n, None))
                .collect(),
            per_missing: Some(dec!(1)),
            unanswered,
        }
    }

    #[test]
    fn another_sheets_wording_of_the_same_point_answers_it() {
        let r = Checklist {
            items: vec![
                item(
                    "已制定或具有预算资金管理办法、内部财务管理制度、会计核算制度等管理制度",
                    Some(dec!(1)),
                ),
                item("按规定内容公开预决算信息", Some(dec!(1))),
                item("按规定时限公开预决算信息", Some(dec!(1))),
            ],
            per_missing: None,
            unanswered: Unanswered::Deduct,
        };
        let a = ans(&[
            (
                "已制定预算资金管理办法、内部财务管理制度、会计核算制度等管理制度",
                true,
            ),
            ("按规定内容公开预决算信息", true),
        ]);
        let o = r.score(dec!(3), &a, pct("x")).unwrap();
        assert_eq!(o.score, dec!(2), "{o:?}");
        assert!(o.notices.is_empty(), "{:?}", o.notices);
        assert_eq!(
            o.reason.as_deref(),
            Some("未作判断：按规定时限公开预决算信息（扣 1 分）"),
            "内容 and 时限 are different points"
        );
    }

    #[test]
    fn per_missing_counts_unanswered_points_as_not_met() {
        let s = pct("资金使用合规性");
        let four = ans(&[
            ("合规", true),
            ("审批", true),
            ("论证", true),
            ("无截留挤占", true),
        ]);
        let o = compliance(Unanswered::Deduct)
            .score(dec!(5), &four, s)
            .unwrap();
        assert_eq!(o.score, dec!(4), "an unanswered point is not a point met");
        assert_eq!(
            o.reason.as_deref(),
            Some("未作判断 1 项（批复用途），每项扣 1 分，扣 1 分")
        );
        let e = compliance(Unanswered::NotScorable)
            .score(dec!(5), &four, s)
            .unwrap_err();
        assert_eq!(
            e,
            "评价人尚未评定：资金使用合规性有 1 项评分要点未作判断（批复用途）"
        );
        let mixed = ans(&[
            ("合规", true),
            ("审批", false),
            ("论证", false),
            ("批复用途", true),
            ("无截留挤占", true),
        ]);
        let o = compliance(Unanswered::NotScorable)
            .score(dec!(5), &mixed, s)
            .unwrap();
        assert_eq!(o.score, dec!(3));
        assert_eq!(
            o.reason.as_deref(),
            Some("未满足 2 项（审批；论证），每项扣 1 分，扣 2 分")
        );
        let none = ans(&[
            ("合规", false),
            ("审批", false),
            ("论证", false),
            ("批复用途", false),
            ("无截留挤占", false),
        ]);
        assert_eq!(
            compliance(Unanswered::Deduct)
                .score(dec!(3), &none, s)
                .unwrap()
                .score,
            dec!(0)
        );
    }
}
