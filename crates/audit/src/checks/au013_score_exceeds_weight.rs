//! ## AU013 score-exceeds-weight — 得分超过分值
//!
//! **What it finds.** In a flattened 自评表, an indicator row `指标值 完成值 分值 得分`
//! whose 得分 is larger than its 分值 (see the table reader in `extract::table` for how
//! rows are recovered from run-together cells).
//!
//! **Why it matters.** No indicator can score more than its weight; a score above it
//! inflates the total and the grade.
//!
//! **Example.**
//!
//! ```text
//! 时效指标 资金到位及时率 ≥100% 100% 10 12
//! ```
//!
//! **How to fix.** Correct the score (at most the 分值) or the 分值.

use jixiao_model::Severity;

use super::{fmt_dec, Ctx};
use crate::diagnostic::Diagnostic;

pub fn run(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let qs = &cx.ex.quantities;
    for r in &cx.ex.score_rows {
        let (w, s) = (&qs[r.weight], &qs[r.score]);
        if s.value > w.value {
            out.push(
                Diagnostic::new(
                    "AU013",
                    Severity::Error,
                    s.span.clone(),
                    format!(
                        "得分 {} 超过该指标分值 {}",
                        fmt_dec(s.value),
                        fmt_dec(w.value)
                    ),
                )
                .expected_found(format!("≤ {}", fmt_dec(w.value)), fmt_dec(s.value))
                .related(w.span.clone(), format!("分值：{}", fmt_dec(w.value)))
                .help("单项指标得分不能超过其分值"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check;

    #[test]
    fn a_row_whose_unit_word_stands_apart_from_its_numbers() {
        let t = "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分\n效益指标 可持续影响指标 补贴政策持续实施年限 ≥3年 3年 10 12\n";
        check("AU013", t, &["error 12 expected=≤ 10 found=12"]);
        check("AU013", &t.replace("10 12", "10 10"), &[]);
        // the total row after the last indicator row is not its score
        let t = "一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |\n满意度指标 | 服务对象满意度指标 | 受益农户满意度 | ≧90% | 95% | 10.0 | ||||\n总分 | 99.44 | 自评等级 | 优 |\n";
        check("AU013", t, &[]);
    }

    #[test]
    fn score_above_weight() {
        check(
            "AU013",
            "绩效指标 指标值 完成值 分值 得分 时效指标 ≥100% 100% 10 12 满意度 ≥90% 95% 10 10",
            &["error 12 expected=≤ 10 found=12"],
        );
    }
}
