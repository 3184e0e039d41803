//! ## AU017 change-sum-mismatch — 分项增减额之和与合计增减额不符
//!
//! **What it finds.** A total and its complete breakdown that both state their change on
//! last year — "“三公”经费 9.80 万元，较上年减少 18.50 万元；其中公务接待费 2.30 万元，较上年
//! 减少 1.5 万元，公务用车运行维护费 7.50 万元，较上年减少 17 万元，因公出国（境）费 0 万元，
//! 与上年持平" — where the parts' changes do not add up to the total's. Last year's figures
//! are then not a breakdown of last year's total either: one change was mistyped, or
//! computed from another year.
//!
//! Only sums that hold this year (AU001 finds the others) and whose every part states its
//! change (an amount, or 持平 / 无变化 for none) are checked. Differences within the
//! rounding of the changes as written are not reported; one unit in the last digit is a
//! warning.
//!
//! **Why it matters.** The changes are what a 三公 statement explains; a total change that its
//! items do not make is a figure nobody can trace.
//!
//! **Example.**
//!
//! ```text
//! 2015年“三公”经费合计31.23万元，其中公务接待费1.58万元，公务用车运行维护费29.65万元。
//! 较2014年增加15.15万元，其中公务接待费减少0.26万元，公务用车运行维护费增加14.79万元。
//! ```
//!
//! −0.26 + 14.79 = 14.53, not 15.15.
//!
//! **How to fix.** Recompute each change from the two years' figures and the total change
//! from the totals; correct the one that differs.

use jixiao_model::Severity;
use rust_decimal::Decimal;

use super::{in_unit_of, one_ulp, sum_tolerance, Ctx};
use crate::diagnostic::Diagnostic;
use crate::extract::{Quantity, RelKind};

/// The change stated for figure `i`, signed: from a change amount of its clause, or 0 when
/// the words after it say it did not change.
fn change_of(cx: &Ctx, i: usize) -> Option<(Decimal, Option<usize>)> {
    let qs = &cx.ex.quantities;
    if let Some(c) = cx.ex.changes.iter().find(|c| c.of == i) {
        let d = qs[c.delta].canonical();
        return Some((if c.down { -d } else { d }, Some(c.delta)));
    }
    // "因公出国（境）费 0 万元，与上年持平": the words up to the next figure or sentence end
    let q = &qs[i];
    let s = &cx.ex.sentences[q.sentence].range;
    let next = qs
        .get(i + 1)
        .filter(|n| n.sentence == q.sentence)
        .map_or(s.end, |n| n.span.start);
    let after = cx.text.get(q.span.end..next.max(q.span.end))?;
    ["持平", "无变化", "没有变化", "不变"]
        .iter()
        .any(|w| after.contains(w))
        .then_some((Decimal::ZERO, None))
}

pub fn run(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let qs = &cx.ex.quantities;
    let mut seen: Vec<usize> = Vec::new();
    for r in &cx.ex.relations {
        if r.kind != RelKind::Sum || seen.contains(&r.total) || r.parts.len() < 2 {
            continue;
        }
        let total = &qs[r.total];
        let parts: Vec<&Quantity> = r.parts.iter().map(|&i| &qs[i]).collect();
        let sum: Decimal = parts.iter().map(|p| p.canonical()).sum();
        if (sum - total.canonical()).abs() > sum_tolerance(total, &parts) {
            continue; // AU001
        }
        let Some((dt, Some(dt_at))) = change_of(cx, r.total) else {
            continue;
        };
        let mut changes = Vec::new();
        for &p in &r.parts {
            match change_of(cx, p) {
                Some(c) => changes.push(c),
                None => break,
            }
        }
        if changes.len() != r.parts.len() {
            continue;
        }
        // at least one part's change must be an amount (all 持平 says nothing new)
        let amounts: Vec<&Quantity> = changes
            .iter()
            .filter_map(|&(_, at)| at.map(|a| &qs[a]))
            .collect();
        if amounts.is_empty() {
            continue;
        }
        seen.push(r.total);
        let dsum: Decimal = changes.iter().map(|&(d, _)| d).sum();
        let diff = (dsum - dt).abs();
        let dtq = &qs[dt_at];
        // each change may be rounded at its last written digit (they are differences of
        // figures that are themselves rounded)
        let tol: Decimal = amounts.iter().map(|q| q.half_ulp()).sum::<Decimal>() + dtq.half_ulp();
        if diff <= tol {
            continue;
        }
        let mut all = amounts.clone();
        all.push(dtq);
        let severity = if diff <= one_ulp(&all) {
            Severity::Warning
        } else {
            Severity::Error
        };
        let signed = |d: Decimal| {
            if d < Decimal::ZERO {
                format!("减少{}", in_unit_of(-d, dtq))
            } else {
                format!("增加{}", in_unit_of(d, dtq))
            }
        };
        let mut d = Diagnostic::new(
            "AU017",
            severity,
            dtq.span.clone(),
            format!(
                "{}较上年{}，但其各分项的增减额合计为{}",
                total.name(),
                signed(dt),
                signed(dsum)
            ),
        )
        .expected_found(signed(dsum), signed(dt))
        .related(
            total.span.clone(),
            format!("合计：{} {}", total.name(), total.display()),
        );
        for (&p, &(c, at)) in r.parts.iter().zip(&changes) {
            let span = at.map_or(qs[p].span.clone(), |a| qs[a].span.clone());
            d = d.related(span, format!("分项：{} {}", qs[p].name(), signed(c)));
        }
        out.push(d.help("合计的增减额应等于各分项增减额之和；核对录入有误的增减额或上年数"));
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check;

    #[test]
    fn changes_of_a_breakdown() {
        let ok = "三、“三公”经费预算情况\n2019年“三公”经费预算支出9.80万元，较上年减少18.50万元。其中：因公出国（境）费0万元，与上年持平；公务接待费2.30万元，较上年减少1.5万元；公务用车购置及运行费7.50万元，较上年减少17万元。";
        check("AU017", ok, &[]);
        let bad = "三、“三公”经费预算情况\n2019年“三公”经费预算支出9.80万元，较上年减少18.50万元。其中：因公出国（境）费0万元，与上年持平；公务接待费2.30万元，较上年减少1.5万元；公务用车购置及运行费7.50万元，较上年减少16万元。";
        check(
            "AU017",
            bad,
            &["error 18.50万元 expected=减少17.5万元 found=减少18.5万元"],
        );
        // a part whose change is not stated: nothing to compare
        let open = "三、“三公”经费预算情况\n2019年“三公”经费预算支出9.80万元，较上年减少18.50万元。其中：因公出国（境）费0万元；公务接待费2.30万元，较上年减少1.5万元；公务用车购置及运行费7.50万元，较上年减少16万元。";
        check("AU017", open, &[]);
    }

    #[test]
    fn a_short_statement_whose_sections_give_the_parts() {
        let t = "经宜宾市财政局汇总，2017年市本级部门使用财政拨款安排“三公”经费支出总额为3825万元，比预算数减少1188万元，下降23.70%。具体情况如下：\n一、因公出国(境)经费\n2017年因公出国(境)费99万元，比预算数减少31万元。\n二、公务接待费\n2017年公务接待费1014万元，比预算数减少850万元。\n三、公务用车购置及运行维护费\n2017年公务用车购置及运行维护费2712万元（其中：公务用车购置费0万元，公务用车运行维护费2712万元），比预算数减少107万元。\n";
        check(
            "AU017",
            t,
            &["error 1188万元 expected=减少988万元 found=减少1188万元"],
        );
    }
}
