//! ## AU005 rounded-restatement — 同一数字以不同精度重述
//!
//! **What it finds.** The same figure stated twice where one statement is the other rounded
//! to fewer decimals: "政府采购执行率 98.25%" in the body and "政府采购执行率 98%" in the
//! summary. This is information, never an error: 92.7% and 92.71% are the same figure.
//!
//! **Why it matters.** Mostly it does not; a reviewer may still prefer one precision
//! throughout, and the pair shows where a figure is restated.
//!
//! **Example.**
//!
//! ```text
//! “三公”经费控制率 92.71%。……我局 2021 年的“三公”经费控制率为 92.7%。
//! ```
//!
//! **How to fix.** Optional: state the figure with the same precision everywhere.

use jixiao_model::Severity;

use super::au004_conflicting_restatement::restatements;
use super::{fmt_dec, Ctx, Restated};
use crate::diagnostic::Diagnostic;

pub fn run(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for &(f, i, c) in restatements(cx) {
        if c != Restated::Rounded {
            continue;
        }
        let a = &cx.ex.quantities[f];
        let b = &cx.ex.quantities[i];
        out.push(
            Diagnostic::new(
                "AU005",
                Severity::Info,
                b.span.clone(),
                format!(
                    "“{}”此处为 {}，前文为 {}（舍入后一致）",
                    b.name(),
                    b.display(),
                    a.display()
                ),
            )
            .expected_found(fmt_dec(a.value), fmt_dec(b.value))
            .related(a.span.clone(), format!("前文：{}", a.display())),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check;

    #[test]
    fn rounded_restatement_is_info() {
        let t = "2021年度我局政府采购计划金额为45,674.32万元，实际采购金额为44,874.55万元。政府采购执行率98.25%。\n1.提高政府采购执行率。我局2021年政府采购执行率98%，下一步将进一步提高。\n";
        check("AU005", t, &["info 98% expected=98.25 found=98"]);
    }
}
