//! ## AU003 rate-mismatch — 比率与其分子分母不符
//!
//! **What it finds.** A stated rate — 执行率, 控制率, 完成率, "A 占 B 的 r%", "为 B 的 r%" —
//! that does not equal the figures it is computed from, when those figures are stated
//! nearby (same sentence or the two before it in the paragraph); and a growth rate
//! ("增加 189.25 万元，增加 31.39%") that does not match the change and the new total.
//!
//! The operands are found the way a reviewer finds them: if any two nearby figures of the
//! same kind give the rate, it holds. Otherwise the numerator is the nearest actual
//! (实际/决算/完成) figure and the denominator the nearest budget or plan (预算/计划) figure;
//! if the text does not give both, nothing is reported.
//!
//! Comparisons respect the precision the rate is written with: 92.7% and 92.71% both agree
//! with 33.45 ÷ 36.08 = 92.7106…%; truncation (99.73 for 99.735) is accepted. A rate that
//! is off by no more than the rounding of its operands allows (92.72% for 33.45 ÷ 36.08,
//! possible if 33.45 was itself rounded) is a warning, not an error.
//!
//! **Why it matters.** A rate that contradicts its own numerator and denominator is either
//! a typing error in one of the three figures or a rate computed from other figures than
//! the ones shown; both mislead the scoring of 预算执行率, 三公经费控制率 and similar
//! indicators.
//!
//! **Example.**
//!
//! ```text
//! 2021 年度我局政府采购计划金额为 45,674.32 万元，实际采购金额为 44,874.55 万元。
//! 政府采购执行率 95.25%。
//! ```
//!
//! 44,874.55 ÷ 45,674.32 = 98.25%, not 95.25%.
//!
//! **How to fix.** Recompute the rate from the stated figures (四舍五入 to the decimals
//! used) or correct the mistyped figure.

use jixiao_model::Severity;
use rust_decimal::Decimal;

use super::{computed_rate, fmt_dec, operand_uncertainty, rate_agrees, rate_verdict, Ctx, Verdict};
use crate::diagnostic::Diagnostic;
use crate::extract::{Quantity, Stage, Unit};

/// Is this percentage stated as a ratio of two figures?
pub fn is_ratio_label(q: &Quantity) -> bool {
    let l = q.raw_label.as_str();
    let l = l.trim_end_matches(['为', '是', '达', '：', ' ']);
    let l = l.strip_suffix("达到").unwrap_or(l);
    if CHANGE.iter().any(|w| l.ends_with(w)) {
        return false;
    }
    (l.ends_with('率') && !l.ends_with("满意率") && !l.ends_with("增长率"))
        || (l.ends_with('的') && (l.contains('占') || l.contains('为') || l.contains("完成")))
        || l.ends_with("占比")
        || l.ends_with("比例")
}

const CHANGE: &[&str] = &["增加", "增长", "减少", "下降", "上升", "提高", "降低"];

fn nearby(cx: &Ctx, rate: usize) -> Vec<usize> {
    let q = &cx.ex.quantities[rate];
    let first_sentence = q.sentence.saturating_sub(2);
    // one kind: money, rates, or counts of one measure (平方米 and 米 are not one kind)
    let dim = |i: usize| {
        let c = &cx.ex.quantities[i];
        match c.unit {
            Unit::Money(_) => (0, ""),
            Unit::Percent => (1, ""),
            Unit::Count => (2, c.measure),
            Unit::Plain => (3, ""),
        }
    };
    let mut v: Vec<usize> = cx
        .ex
        .quantities_in(q.paragraph..q.paragraph + 1)
        .filter(|&i| {
            let c = &cx.ex.quantities[i];
            i != rate
                && c.paragraph == q.paragraph
                && c.sentence >= first_sentence
                && c.sentence <= q.sentence
                && !c.approx
                && !c.chinese
                && c.unit != Unit::Plain
                && (c.unit != Unit::Percent || !is_ratio_label(c))
                // a change ("比年初预算增加 300 万元") is no operand of a ratio
                && !(matches!(c.unit, Unit::Money(_))
                    && crate::extract::clause::is_change_amount(c))
                && c.value > Decimal::ZERO
        })
        .collect();
    // the operands must all be of one kind
    let kinds: Vec<(u8, &str)> = v.iter().map(|&i| dim(i)).collect();
    if let Some(&k) = kinds.first() {
        if kinds.iter().any(|&x| x != k) {
            // keep the kind nearest to the rate
            let last = *kinds.last().unwrap_or(&k);
            v.retain(|&i| dim(i) == last);
        }
    }
    if v.len() > 12 {
        v.drain(..v.len() - 12);
    }
    v
}

pub fn run(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (ri, r) in cx.ex.quantities.iter().enumerate() {
        if r.unit != Unit::Percent || r.approx {
            continue;
        }
        let sent = &cx.text[cx.ex.sentences[r.sentence].range.clone()];
        if sent.contains("序时") {
            continue; // AU009
        }
        if cx.ex.rates.iter().any(|rd| rd.rate == ri) {
            continue; // read with its antecedent and base: AU010–AU012
        }
        if is_ratio_label(r) {
            ratio(cx, ri, out);
        } else {
            change(cx, ri, out);
        }
    }
}

fn ratio(cx: &Ctx, ri: usize, out: &mut Vec<Diagnostic>) {
    let r = &cx.ex.quantities[ri];
    let cands = nearby(cx, ri);
    if cands.len() < 2 {
        return;
    }
    let qs = &cx.ex.quantities;
    for &a in &cands {
        for &b in &cands {
            if a != b
                && rate_agrees(
                    r.value,
                    r.scale,
                    qs[a].canonical(),
                    Decimal::ZERO,
                    qs[b].canonical(),
                    Decimal::ZERO,
                )
            {
                return;
            }
        }
    }
    // the intended operands
    let den = cands.iter().rev().copied().find(|&i| qs[i].stage.is_plan());
    let num = cands.iter().rev().copied().find(|&i| {
        !qs[i].is_part
            && (qs[i].stage == Stage::Final || qs[i].raw_label.contains("完成"))
            && Some(i) != den
    });
    let (num, den) = match (num, den) {
        (Some(n), Some(d)) => (n, d),
        _ => {
            // two counts in the rate's own sentence: 计划 48 个，完成 48 个，完成率 100%
            // — one planned, one done, both before the rate ("完成抽检 1500 批次、快检 6000
            // 批次，处置率 100%" are two tasks, not a plan and its outturn)
            let same: Vec<usize> = cands
                .iter()
                .copied()
                .filter(|&i| qs[i].sentence == r.sentence && qs[i].unit == Unit::Count && i < ri)
                .collect();
            if same.len() != 2 || !r.raw_label.trim_end_matches(['为', '达']).ends_with('率') {
                return;
            }
            let done = |i: usize| {
                let l = &qs[i].raw_label;
                ["完成", "实际", "已"].iter().any(|w| l.contains(w))
            };
            let planned = |i: usize| {
                let l = &qs[i].raw_label;
                !done(i)
                    && [
                        "计划", "目标", "预计", "任务", "执行", "实施", "下达", "安排",
                    ]
                    .iter()
                    .any(|w| l.contains(w))
            };
            let (a, b) = (same[0], same[1]);
            if done(a) && planned(b) && !planned(a) {
                (a, b)
            } else if done(b) && planned(a) && !planned(b) {
                (b, a)
            } else {
                return;
            }
        }
    };
    // another rate between the figures and this one already uses them ("预算执行率 94.97%。
    // 项目支出预算执行率为 95.2%"): this rate is of other figures
    let last_op = qs[num].span.end.max(qs[den].span.end);
    let between = cx.ex.quantities_in(r.paragraph..r.paragraph + 1).any(|k| {
        let o = &qs[k];
        k != ri
            && o.unit == Unit::Percent
            && is_ratio_label(o)
            && o.span.start > last_op
            && o.span.start < r.span.start
    });
    if between {
        return;
    }
    let severity = match rate_verdict(
        r.value,
        r.scale,
        qs[num].canonical(),
        operand_uncertainty(&qs[num]),
        qs[den].canonical(),
        operand_uncertainty(&qs[den]),
    ) {
        Verdict::Exact => return,
        Verdict::WithinRounding => Severity::Warning,
        Verdict::Mismatch => {
            // another pair may explain it within rounding: then say nothing
            let explained = cands.iter().any(|&a| {
                cands.iter().any(|&b| {
                    a != b
                        && rate_agrees(
                            r.value,
                            r.scale,
                            qs[a].canonical(),
                            operand_uncertainty(&qs[a]),
                            qs[b].canonical(),
                            operand_uncertainty(&qs[b]),
                        )
                })
            });
            if explained {
                return;
            }
            Severity::Error
        }
    };
    let Some(c) = computed_rate(qs[num].canonical(), qs[den].canonical(), r.scale) else {
        return;
    };
    out.push(
        Diagnostic::new(
            "AU003",
            severity,
            r.span.clone(),
            format!(
                "{}写作 {}，但按所列数字 {} ÷ {} 计算应为 {}%",
                if r.core.is_empty() {
                    "比率".to_string()
                } else {
                    r.core.clone()
                },
                r.display(),
                qs[num].display(),
                qs[den].display(),
                fmt_dec(c)
            ),
        )
        .expected_found(fmt_dec(c), fmt_dec(r.value))
        .related(
            qs[num].span.clone(),
            format!("分子：{} {}", qs[num].name(), qs[num].display()),
        )
        .related(
            qs[den].span.clone(),
            format!("分母：{} {}", qs[den].name(), qs[den].display()),
        )
        .help("按分子 ÷ 分母 × 100% 重新计算（四舍五入到所写位数），或更正录入有误的数字"),
    );
}

/// "收入 792.22 万元。同比上年度增加 189.25 万元，增加 31.39%": r = d ÷ (T − d).
fn change(cx: &Ctx, ri: usize, out: &mut Vec<Diagnostic>) {
    let qs = &cx.ex.quantities;
    let r = &qs[ri];
    let l = r.raw_label.trim_end_matches(['了', ' ']);
    let up = ["增加", "增长", "上升", "提高"]
        .iter()
        .any(|w| l.ends_with(w));
    let down = ["减少", "下降", "降低"].iter().any(|w| l.ends_with(w));
    if !(up || down) || ri < 2 || crate::extract::clause::names_other_base(&r.raw_label) {
        return;
    }
    let d = &qs[ri - 1];
    let t = &qs[ri - 2];
    let money = |q: &Quantity| matches!(q.unit, Unit::Money(_));
    if !money(d)
        || !money(t)
        || d.approx
        || t.approx
        || d.implicit
        || t.implicit
        || d.sentence != r.sentence
        || t.sentence != r.sentence
    {
        return;
    }
    let dl = &d.raw_label;
    let same_dir = if up {
        ["增加", "增长", "上升", "提高"]
            .iter()
            .any(|w| dl.ends_with(w))
    } else {
        ["减少", "下降", "降低"].iter().any(|w| dl.ends_with(w))
    };
    if !same_dir || d.canonical().is_zero() {
        return;
    }
    let base = if up {
        t.canonical() - d.canonical()
    } else {
        t.canonical() + d.canonical()
    };
    if base <= Decimal::ZERO {
        out.push(
            Diagnostic::new(
                "AU003",
                Severity::Error,
                d.span.clone(),
                format!(
                    "增加额 {} 不小于本期数 {}，无法得出上期数",
                    d.display(),
                    t.display()
                ),
            )
            .expected_found(format!("< {}", fmt_dec(t.value)), fmt_dec(d.value))
            .related(
                t.span.clone(),
                format!("本期数：{} {}", t.name(), t.display()),
            )
            .related(r.span.clone(), format!("变动率：{}", r.display())),
        );
        return;
    }
    let severity = match rate_verdict(
        r.value,
        r.scale,
        d.canonical(),
        operand_uncertainty(d),
        base,
        operand_uncertainty(t) + operand_uncertainty(d),
    ) {
        Verdict::Exact => return,
        Verdict::WithinRounding => Severity::Warning,
        Verdict::Mismatch => Severity::Error,
    };
    let Some(c) = computed_rate(d.canonical(), base, r.scale) else {
        return;
    };
    out.push(
        Diagnostic::new(
            "AU003",
            severity,
            r.span.clone(),
            format!(
                "变动率写作 {}，但按本期 {} 与变动额 {} 计算应为 {}%",
                r.display(),
                t.display(),
                d.display(),
                fmt_dec(c)
            ),
        )
        .expected_found(fmt_dec(c), fmt_dec(r.value))
        .related(d.span.clone(), format!("变动额：{}", d.display()))
        .related(
            t.span.clone(),
            format!("本期数：{} {}", t.name(), t.display()),
        )
        .help("变动率 = 变动额 ÷ 上期数（上期数 = 本期数 ∓ 变动额）"),
    );
}

#[cfg(test)]
mod tests {
    use crate::testing::check;

    #[test]
    fn two_tasks_are_not_a_plan_and_its_outturn() {
        check(
            "AU003",
            "完成食品安全监督抽检1500批次、快检6000批次，不合格食品核查处置率100%。",
            &[],
        );
        check(
            "AU003",
            "全年受理人民调解案件1624件，调解成功率97.3%，办结法律援助案件398件。",
            &[],
        );
        check(
            "AU003",
            "计划培训48人次，实际完成培训40人次，完成率100%。",
            &["error 100% expected=83 found=100"],
        );
    }

    #[test]
    fn rates_that_hold() {
        check(
            "AU003",
            "2021年“三公”经费预算调整预算数36.08万元，实际支出33.45万元，“三公”经费控制率92.71%。",
            &[],
        );
        check("AU003", "2021年日常公用经费预算调整数1,699.63万元，实际支出1,694.02万元，日常公用经费决算数占日常公用经费调整预算数的99.67%。", &[]);
        check(
            "AU003",
            "全年执行二级项目数48个，完成二级项目数48个，完成率100%。",
            &[],
        );
        check(
            "AU003",
            "收入：792.22万元。同比上年度增加189.25万元，增加31.39%。",
            &[],
        );
        check("AU003", "一般公共预算收入274.8亿元，同比增长2.9%，完成预算的101.4%；加上转移性收入259.1亿元后，一般公共预算总收入533.8亿元，完成预算的112.7%。", &[]);
        check("AU003", "全年预算数1,300万元，执行数1,234.56万元，预算执行率94.97%。项目支出预算执行率为95.2%。", &[]);
        check(
            "AU003",
            "“三公”经费支出12.5万元，比上年减少2.3万元，下降15.5%。",
            &[],
        );
        check(
            "AU003",
            "我局共有在职人员45人，编制48人，在职人员控制率93.75%。",
            &[],
        );
    }

    #[test]
    fn figures_of_other_measures_are_no_operands() {
        check(
            "AU003",
            "预算1616万元，2022年全年实际支付1616万元，使用率100%o具体评价范围为：全面完成11500平方米烈士纪念广场和20米高烈士纪念碑。",
            &[],
        );
    }

    #[test]
    fn rates_that_do_not() {
        check(
            "AU003",
            "2021年度我局政府采购计划金额为45,674.32万元，实际采购金额为44,874.55万元。其中政府采购货物支出10373.83万元，政府采购工程支出10.02万元，政府采购服务支出34490.7万元。政府采购执行率95.25%，所有项目均按要求执行。",
            &["error 95.25% expected=98.25 found=95.25"],
        );
        check(
            "AU003",
            "全年执行二级项目数48个，完成二级项目数46个，完成率100%。",
            &["error 100% expected=96 found=100"],
        );
        // a change clause in the sentence after its figure is read by the clause reader
        // (AU011), not here
        check(
            "AU011",
            "收入：792.22万元。同比上年度增加189.25万元，增加13.39%。",
            &["error 13.39% expected=31.39 found=13.39"],
        );
        check(
            "AU003",
            "收入：792.22万元。同比上年度增加189.25万元，增加13.39%。",
            &[],
        );
    }
}
