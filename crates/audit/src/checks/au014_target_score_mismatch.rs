//! ## AU014 target-score-mismatch — 指标完成情况与得分不符
//!
//! **What it finds.** In a flattened 自评表, a quantitative indicator row whose completion
//! and score disagree: the 完成值 meets the 指标值 (equal to it, or beyond it in the
//! direction of its ≥ / ≤ / =) yet the 得分 is below the 分值; or, with a stated ≥ / = target
//! (a rate, or a figure in the same unit as the 完成值), a 完成值 short of it scored at full
//! marks.
//!
//! This is a warning: the sheet may apply a deduction for reasons it does not show.
//!
//! **Why it matters.** 自评 scores are re-checked in 复核 against the completion the unit
//! itself reports; a met target with points taken off (or a missed one with none) is the
//! first thing a reviewer queries.
//!
//! **Example.**
//!
//! ```text
//! 社会效益 指标1:是否解决看病难贵问题 95% 95% 30 27
//! ```
//!
//! **How to fix.** Give the full 分值 for a met target, or explain the deduction; score a
//! missed target in proportion.

use jixiao_model::Severity;

use super::{fmt_dec, Ctx};
use crate::diagnostic::Diagnostic;
use crate::extract::table::Op;

pub fn run(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let qs = &cx.ex.quantities;
    for r in &cx.ex.score_rows {
        let (t, a, w, s) = (&qs[r.target], &qs[r.actual], &qs[r.weight], &qs[r.score]);
        let (tv, av) = (t.value, a.value);
        let met = match r.op {
            Op::AtLeast => av >= tv,
            Op::AtMost => av <= tv,
            Op::Equal | Op::None => av == tv,
        };
        // a stated ≥ / = target (a rate, or an amount in the same unit: ≥50 公里 against
        // 42 公里) not reached
        let missed = matches!(r.op, Op::AtLeast | Op::Equal) && av < tv;
        let msg = if met && s.value < w.value {
            format!(
                "完成值 {} 已达到指标值 {}，但得分 {} 低于分值 {}",
                a.display(),
                t.display(),
                fmt_dec(s.value),
                fmt_dec(w.value)
            )
        } else if missed && s.value == w.value {
            format!(
                "完成值 {} 未达到指标值 {}，却得满分 {}",
                a.display(),
                t.display(),
                fmt_dec(w.value)
            )
        } else {
            continue;
        };
        out.push(
            Diagnostic::new("AU014", Severity::Warning, s.span.clone(), msg)
                .related(t.span.clone(), format!("指标值：{}", t.display()))
                .related(a.span.clone(), format!("完成值：{}", a.display()))
                .related(w.span.clone(), format!("分值：{}", fmt_dec(w.value)))
                .help("达成目标的定量指标一般得满分；未达成的按完成比例扣分，并说明扣分原因"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check;

    #[test]
    fn met_but_not_full() {
        check("AU014", "绩效指标 指标值 完成值 分值 得分 质量指标 100% 100% 15 15 社会效益 95% 95% 30 27 满意度 95% 95% 10 9 总分 100 94", &["warning 27", "warning 9"]);
        check("AU014", "| 指标值 | 实际完成值 | 分值 | 得分 |\n| 时效指标 | 资金到位及时率 | ≧ | 100 | % | 100% | 10 | 7 |", &["warning 7"]);
        check(
            "AU014",
            "指标值 完成值 分值 得分 =100% 100% 10 10 >=90% 100% 10 10 100 98.62",
            &[],
        );
        // the target's operator right before the sheet's first row (read by characters)
        check(
            "AU014",
            "| 指标值 | 实际完成值 | 分值 | 得分 |\n| 社会效益 指标 | 学生营养健康知识知晓率 | ≧ | 95 | % | 92% | 10 | 10 |\n",
            &["warning 10"],
        );
    }
}
