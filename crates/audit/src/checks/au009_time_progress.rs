//! ## AU009 time-progress — 执行率与序时进度不符
//!
//! **What it finds.** In a statement of spending progress against 序时进度 (the elapsed
//! share of the year): a 序时进度 that is not the elapsed share of the period it is stated
//! for (第三季度 → 75%; 上半年 → 50%), and an execution rate (执行率) that is not
//! 支出进度 ÷ 序时进度. Precision is respected (105.07% for 78.8 ÷ 75 = 105.066…%).
//!
//! **Why it matters.** 季度执行率 is scored against thresholds (e.g. red below 60%); a rate
//! that contradicts its own progress figures gives the wrong light.
//!
//! **Example.**
//!
//! ```text
//! 第三季度部门预算资金支出进度 78.8%，当季序时进度 75%，第三季度执行率为 101.07%；
//! ```
//!
//! 78.8 ÷ 75 = 105.07%.
//!
//! **How to fix.** Recompute 执行率 = 支出进度 ÷ 序时进度 × 100%, and use the elapsed share
//! of the year as 序时进度.

use jixiao_model::{Period, Severity};

use super::{computed_rate, fmt_dec, rate_agrees, rate_verdict, Ctx, Verdict};
use crate::diagnostic::Diagnostic;
use crate::extract::{label, Unit};

pub fn run(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (si, s) in cx.ex.sentences.iter().enumerate() {
        let text = &cx.text[s.range.clone()];
        if !text.contains("序时") {
            continue;
        }
        let qs: Vec<usize> = cx
            .ex
            .quantities_in(s.paragraph..s.paragraph + 1)
            .filter(|&i| {
                cx.ex.quantities[i].sentence == si
                    && cx.ex.quantities[i].unit == Unit::Percent
                    && !cx.ex.quantities[i].approx
            })
            .collect();
        let find = |pred: &dyn Fn(&str) -> bool| {
            qs.iter()
                .copied()
                .find(|&i| pred(&cx.ex.quantities[i].raw_label))
        };
        let Some(t) = find(&|l| l.contains("序时")) else {
            continue;
        };
        let p = find(&|l| l.contains("进度") && !l.contains("序时"));
        let e = find(&|l| l.contains("执行率") || l.contains("完成率") || l.contains("比率"));
        let q = &cx.ex.quantities;
        let period: Option<Period> = label::period(text);
        if let Some(period) = period {
            let want = period.time_progress_pct();
            let tv = q[t].value;
            if !rate_agrees(
                tv,
                q[t].scale,
                want,
                rust_decimal::Decimal::ZERO,
                rust_decimal::Decimal::ONE_HUNDRED,
                rust_decimal::Decimal::ZERO,
            ) {
                out.push(
                    Diagnostic::new(
                        "AU009",
                        Severity::Error,
                        q[t].span.clone(),
                        format!(
                            "{}的序时进度应为 {}%，此处写作 {}",
                            period.label_zh(),
                            fmt_dec(jixiao_model::round_half_up(want, 2)),
                            q[t].display()
                        ),
                    )
                    .expected_found(fmt_dec(jixiao_model::round_half_up(want, 2)), fmt_dec(tv))
                    .help("序时进度 = 已过时间 ÷ 全年（季度末为 25%、50%、75%、100%）"),
                );
            }
        }
        if let (Some(p), Some(e)) = (p, e) {
            // 序时进度 is an exact share of the year; the spending progress may be rounded
            let severity = match rate_verdict(
                q[e].value,
                q[e].scale,
                q[p].value,
                q[p].half_ulp(),
                q[t].value,
                rust_decimal::Decimal::ZERO,
            ) {
                Verdict::Exact => None,
                Verdict::WithinRounding => Some(Severity::Warning),
                Verdict::Mismatch => Some(Severity::Error),
            };
            if let Some(severity) = severity {
                let c =
                    computed_rate(q[p].value, q[t].value, q[e].scale).map_or("—".into(), fmt_dec);
                out.push(
                    Diagnostic::new(
                        "AU009",
                        severity,
                        q[e].span.clone(),
                        format!(
                            "执行率写作 {}，但支出进度 {} ÷ 序时进度 {} 应为 {}%",
                            q[e].display(),
                            q[p].display(),
                            q[t].display(),
                            c
                        ),
                    )
                    .expected_found(c, fmt_dec(q[e].value))
                    .related(q[p].span.clone(), format!("支出进度 {}", q[p].display()))
                    .related(q[t].span.clone(), format!("序时进度 {}", q[t].display()))
                    .help("执行率 = 支出进度 ÷ 序时进度 × 100%"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check;

    #[test]
    fn quarters_that_hold() {
        let t = "第一季度部门预算资金支出进度26%，当季序时进度25%，第一季度执行率为104%；\n第二季度部门预算资金支出进度51.4%，当季序时进度50%，第二季度执行率为102.8%；\n第三季度部门预算资金支出进度78.8%，当季序时进度75%，第三季度执行率为105.07%；\n第四季度部门预算资金支出进度99.73%，当季序时进度100%，第四季度执行率为99.73%。";
        check("AU009", t, &[]);
    }

    #[test]
    fn quarters_that_do_not() {
        check(
            "AU009",
            "第三季度部门预算资金支出进度78.8%，当季序时进度75%，第三季度执行率为101.07%；",
            &["error 101.07% expected=105.07 found=101.07"],
        );
        check(
            "AU009",
            "第二季度部门预算资金支出进度51.4%，当季序时进度75%，第二季度执行率为68.53%；",
            &["error 75% expected=50 found=75"],
        );
    }
}
