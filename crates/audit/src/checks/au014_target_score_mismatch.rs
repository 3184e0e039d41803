//! ## AU014 target-score-mismatch — 指标完成情况与得分不符
//!
//! **What it finds.** In a flattened 自评表, a quantitative indicator row whose completion
//! and score disagree: the 完成值 meets the 指标值 (equal to it, or beyond it in the
//! direction of its ≥ / ≤ / =) yet the 得分 is below the 分值; or, with a stated ≥ / = target
//! (a rate, or a figure in the same unit as the 完成值), a 完成值 short of it scored at full
//! marks.
//!
//! On a 得分系数 sheet (指标得分 = 得分系数 × 指标权重) whose 权重 and 得分 ran together
//! before the 是否核心指标 cell ("2790篇93.00%109.03是"), the one split into a whole 权重
//! of at most 100 and a 得分 no larger is read, and 得分 ≠ 得分系数 × 权重 is reported.
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

use jixiao_model::{written_matches, Severity};
use rust_decimal::Decimal;

use super::{fmt_dec, round_half_up, Ctx};
use crate::diagnostic::Diagnostic;
use crate::extract::table::Op;

pub fn run(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    // a 得分系数 sheet scores each row 得分系数 × 权重
    for r in &cx.ex.coefficient_rows {
        let Some(expected) = r.coefficient.checked_mul(r.weight) else {
            continue;
        };
        let expected = expected / Decimal::ONE_HUNDRED;
        let mut stated = r.score;
        stated.rescale(r.score_scale);
        if written_matches(stated, expected.min(r.weight)) {
            continue;
        }
        out.push(
            Diagnostic::new(
                "AU014",
                Severity::Warning,
                r.score_span.clone(),
                format!(
                    "得分写作 {}，按得分系数 {}% × 权重 {} 应为 {}",
                    fmt_dec(r.score),
                    fmt_dec(r.coefficient),
                    fmt_dec(r.weight),
                    fmt_dec(round_half_up(expected, 2))
                ),
            )
            .expected_found(fmt_dec(round_half_up(expected, 2)), fmt_dec(r.score))
            .related(r.coefficient_span.clone(), "得分系数")
            .help("指标得分 = 得分系数 × 指标权重；此行权重与得分两栏数字粘连，已按权重为整数拆分"),
        );
    }
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
    fn a_coefficient_sheet_whose_weight_and_score_ran_together() {
        let t = "得分系数(%)指标权重(分)指标得分(分)是否核心指标\n组织宣传活动次数次定量指标≥40次≥40次37次92.50%109.25是播发稿件数量篇定量指标≥3000篇≥3000篇2790篇93.00%109.30是非遗项目保护数项定量指标≥18项≥18项18项100%55否群众文化活动参与人次万人次定量指标≥25≥25 27.6100%55否";
        check("AU014", t, &[]);
        check(
            "AU014",
            &t.replace("109.30是", "109.03是"),
            &["warning 9.03 expected=9.3 found=9.03"],
        );
    }

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
