//! ## AU012 completion-mismatch — 完成预算的比例与决算、预算不符
//!
//! **What it finds.** "预算 B，决算 A，完成预算的 e%" (also "占调整预算 e%", "为年初预算的
//! e%") where e ≠ A ÷ B: A is the amount the rate follows, B the planned amount of the same
//! sentence (of the stage named: 年初 / 调整), or A ∓ D when the sentence says "决算数大于
//! （小于）预算数 D". A decrease or savings rate written in place of the completion rate
//! (43% for 1.71 ÷ 3 = 57%) is found this way.
//!
//! **Why it matters.** 完成预算的比例 is the figure behind 预算执行率 scoring; a savings rate written in its place inverts the finding.
//!
//! **Example.**
//!
//! ```text
//! “三公”经费支出预算为 3 万元，支出决算为 1.71 万元，完成预算的 43%。
//! ```
//!
//! **How to fix.** Completion = actual ÷ budget.

use super::rates::{run as run_rates, Which};
use super::Ctx;
use crate::diagnostic::Diagnostic;

pub fn run(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    run_rates(cx, out, "AU012", Which::Completion);
}

#[cfg(test)]
mod tests {
    use crate::testing::check;

    #[test]
    fn a_completion_rate_is_of_an_outturn_not_a_budget() {
        let t = "2023年一般公共预算财政拨款支出930.11万元，占本年支出合计的96.67%。年初预算905.00万元，调整预算935.40万元，决算数完成年初预算的102.77%，完成调整预算的99.43%。";
        assert!(crate::testing::codes(t).is_empty());
        // the change after it is of the outturn too
        let t = "2019年“三公”经费财政拨款支出14.65万元，其中：因公出国（境）费0万元，公务接待费4.27万元，公务用车购置及运行维护费10.38万元。“三公”经费预算16.00万元，完成预算的91.56%；比2018年减少1.27万元，下降7.98%。";
        assert!(crate::testing::codes(t).is_empty());
    }

    #[test]
    fn completion_of_a_budget_named_in_the_clause() {
        let t = "2022年度一般公共预算财政拨款支出决算数为1,642.30万元，完成年初预算1,905.00万元的86.21%，完成调整预算1,700.00万元的96.61%。";
        check("AU012", t, &[]);
        check(
            "AU012",
            &t.replace("86.21%", "13.79%"),
            &["error 13.79% expected=86.21 found=13.79"],
        );
    }

    #[test]
    fn a_budget_given_by_the_excess_over_it() {
        let t = "一般公共预算财政拨款支出决算3000万元，完成年初预算的100%，比年初预算增加300万元。";
        check("AU012", t, &["error 100% expected=111 found=100"]);
        check("AU003", t, &[]);
        check("AU012", &t.replace("100%", "111.1%"), &[]);
        // last year's budget is not the base
        check(
            "AU012",
            "支出决算3000万元，完成年初预算的100%，比上年预算增加300万元。",
            &[],
        );
    }

    #[test]
    fn completion() {
        check("AU012", "“三公”经费支出预算为3万元，支出决算为1.71万元，完成预算的43%，较上年减少1.29万元，下降43%。", &["error 43% expected=57 found=43"]);
        check(
            "AU012",
            "公务接待费预算为1万元，支出决算为0.53万元，完成预算的53%。",
            &[],
        );
        check("AU012", "一般公共预算财政拨款支出总计1741.75万元，完成年初预算100%，决算数大于预算数55.93万元。", &["error 100% expected=103 found=100"]);
    }
}
