//! ## AU004 conflicting-restatement — 同一数字前后不一致
//!
//! **What it finds.** The same figure stated twice with different values: the same label
//! (after removing years, quotes and filler words, e.g. "项目支出预算" and "项目支出年初预算数"
//! in the 年初预算 context), the same stage (年初预算 / 调整预算 / 决算; for an amount whose
//! label names none, the one its paragraph last named), the same period,
//! the same 口径 (全市 / 市本级, 部门 / 局本级: the last scope word before each in its
//! section), the same fund (一般公共预算 / 政府性基金 / 国有资本经营 / 社会保险基金, named in
//! its sentence or a heading above), the same year (its sentence's, else its section heading's) and the same kind of
//! unit, but values that differ by more than rounding.
//!
//! Two statements where one is the other rounded (98.25% and 98%) are not a conflict; see
//! AU005. Rates and the bases named in their clause ("占年初预算 10,065 万元的 43.2%") are
//! relative figures, never restatements. Figures written as approximate (约, 超, 余, 以上…) are never compared, and only
//! figures whose label names a budget quantity (预算, 决算, 经费, 支出, 采购, 收入,
//! 结转结余, or a rate …率) are compared at all. A conflict between two amounts or two rates
//! is an error; between two counts, a warning.
//!
//! **Why it matters.** A reader cannot know which of two values is right; an evaluator
//! scoring from the report may take the wrong one.
//!
//! **Example.**
//!
//! ```text
//! ……项目支出预算 20,360 万元。……
//! 2021 年我局项目支出年初预算数 20,630 万元……
//! ```
//!
//! **How to fix.** Check the figure against the budget tables and use one value throughout.

use std::collections::HashMap;

use jixiao_model::Severity;

use super::{compare_written, fmt_dec, Ctx, Restated};
use crate::diagnostic::Diagnostic;
use crate::extract::{label, label::Stage, Quantity, Unit};

const STRONG: &[&str] = &[
    "预算", "决算", "经费", "支出", "采购", "收入", "率", "结余", "结转",
];

/// Is this percentage a share or a change rate ("占一般公共预算支出的 3.26%", "增长 4%")?
/// Its label names the base or the direction, not the figure: two shares of one base
/// ("基本支出占…的 96.74%", "项目支出占…的 3.26%") are different quantities.
pub fn is_relative(q: &Quantity) -> bool {
    if q.unit != Unit::Percent {
        return false;
    }
    let l = q
        .raw_label
        .trim_end_matches(['为', '是', '达', '：', ' ', '了']);
    l.contains('占')
        || l.ends_with("占比")
        || l.ends_with("比重")
        || l.ends_with("比例")
        || [
            "增长", "增加", "下降", "减少", "上升", "降低", "提高", "增幅", "降幅", "同比", "增速",
        ]
        .iter()
        .any(|w| l.ends_with(w))
}

fn key(q: &Quantity) -> Option<String> {
    if q.approx
        || q.chinese
        || q.implicit
        || q.superseded
        || q.in_table
        || q.unit == Unit::Plain
        || is_relative(q)
        || q.raw_label.chars().count() > 40
    {
        return None;
    }
    let k = label::key(&q.core);
    if k.chars().count() < 4 || label::is_generic(&k) || !STRONG.iter().any(|w| q.core.contains(w))
    {
        return None;
    }
    let dim = match q.unit {
        Unit::Money(_) => "money".to_string(),
        Unit::Percent => "pct".to_string(),
        _ => format!("n:{}", q.measure),
    };
    Some(format!(
        "{k}|{:?}|{dim}|{}|{:?}|{:?}|{}",
        // an amount whose label names no stage is of the one its paragraph last named
        match (q.stage, q.unit) {
            (Stage::None, Unit::Money(_)) => q.context_stage,
            (s, _) => s,
        },
        q.period.map_or(String::new(), |p| p.to_string()),
        q.scope,
        q.fund,
        q.year
            .or(q.section_year)
            .map_or(String::new(), |y| y.to_string())
    ))
}

/// Pairs (first statement, later statement, how they compare) of the same figure.
pub fn restatements(cx: &Ctx) -> Vec<(usize, usize, Restated)> {
    let mut first: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::new();
    // rates read by the clause reader and the bases they name ("占年初预算 10,065 万元的
    // 43.2%") are relative figures, not restatements of their label
    let mut relative = vec![false; cx.ex.quantities.len()];
    for r in &cx.ex.rates {
        relative[r.rate] = true;
        if let Some(b) = r.base {
            if cx.ex.quantities[b].sentence == cx.ex.quantities[r.rate].sentence {
                relative[b] = true;
            }
        }
    }
    for (i, q) in cx.ex.quantities.iter().enumerate() {
        if relative[i] || crate::extract::is_share_base(q) {
            continue;
        }
        let Some(k) = key(q) else { continue };
        // a year other than the report year is part of the key; the report year is not
        let k = match (q.year, cx.report_year) {
            (Some(y), Some(r)) if y == r => k.replace(&format!("|{y}"), "|"),
            _ => k,
        };
        match first.get(&k) {
            None => {
                if first.len() < 100_000 {
                    first.insert(k, i);
                }
            }
            Some(&f) => {
                let a = &cx.ex.quantities[f];
                let c = compare_written(a.canonical(), a.scale, q.canonical(), q.scale);
                if c != Restated::Equal {
                    out.push((f, i, c));
                }
            }
        }
    }
    out
}

pub fn run(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (f, i, c) in restatements(cx) {
        if c != Restated::Different {
            continue;
        }
        let a = &cx.ex.quantities[f];
        let b = &cx.ex.quantities[i];
        let strong = matches!(b.unit, Unit::Money(_) | Unit::Percent);
        out.push(
            Diagnostic::new(
                "AU004",
                if strong {
                    Severity::Error
                } else {
                    Severity::Warning
                },
                b.span.clone(),
                format!(
                    "“{}”此处为 {}，前文为 {}",
                    b.name(),
                    b.display(),
                    a.display()
                ),
            )
            .expected_found(fmt_dec(a.value), fmt_dec(b.value))
            .related(
                a.span.clone(),
                format!("前文：{} {}", a.name(), a.display()),
            )
            .help("同一数字应前后一致；核对报表后统一为正确的数值"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check;

    #[test]
    fn same_figure_twice() {
        let t = "我局年初预算为23,260万元，包括：基本支出预算2,900万元，项目支出预算20,360万元。\n2021年我局项目支出年初预算数20,630万元，均已编制绩效目标。\n";
        check("AU004", t, &["error 20,630万元 expected=20360 found=20630"]);
        let ok = "我局年初预算为23,260万元，包括：基本支出预算2,900万元，项目支出预算20,360万元。\n2021年我局项目支出年初预算数20,360万元，项目支出调整预算数为37,427.73万元。\n";
        check("AU004", ok, &[]);
    }

    #[test]
    fn periods_and_stages_are_kept_apart() {
        let t = "第一季度部门预算资金支出进度26%，当季序时进度25%；\n第二季度部门预算资金支出进度51.4%，当季序时进度50%；\n基本支出预算2,900万元；基本支出调整预算数2,867.41万元。";
        check("AU004", t, &[]);
    }
}
