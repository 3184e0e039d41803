//! ## AU002 part-exceeds-whole — 分项大于合计
//!
//! **What it finds.** A part larger than the total it belongs to, or "其中" items whose sum
//! already exceeds the total. Parts and totals come from the sentence structure (其中, 包括,
//! parentheses) and from the accounting identities of `jixiao_model::identities`, matched
//! by their Chinese labels within one section — e.g. the 三公经费 actual total and its
//! components stated one per sub-item (①因公出国（境） ②公务接待 ③公务用车).
//!
//! **Severity.** An error when the sentence that states the total lists the parts (or an
//! accounting identity names them); a warning when the total comes from another sentence
//! (a list continued after 「；」, a definition's list, a 其中 opening a paragraph) or the
//! parts add up to twice the total or more — readings that are likely, not certain.
//!
//! **Why it matters.** A part cannot exceed its whole; one of the two figures is wrong (or
//! the part belongs to another year or column).
//!
//! **Example.**
//!
//! ```text
//! 2021 年“三公”经费预算调整预算数 36.08 万元，实际支出 33.45 万元……
//! ③公务用车购置和运行维护费。公务用车购置费 33.98 万元……；公务用车运行费 1.6 万元
//! ```
//!
//! 公务用车购置费 33.98 + 运行费 1.6 = 35.58 万元 > 三公经费实际支出 33.45 万元.
//!
//! **How to fix.** Check which figure is wrong against the final accounts (决算报表) and
//! correct it.

use rust_decimal::Decimal;

use super::{in_unit_of, sum_tolerance, Ctx};
use crate::diagnostic::Diagnostic;
use crate::extract::RelKind;
use jixiao_model::Severity;

pub fn run(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let mut seen: Vec<usize> = Vec::new();
    for r in &cx.ex.relations {
        if seen.contains(&r.total) {
            continue;
        }
        let total = &cx.ex.quantities[r.total];
        let parts: Vec<_> = r.parts.iter().map(|&i| &cx.ex.quantities[i]).collect();
        let tol = sum_tolerance(total, &parts);
        let sum: Decimal = parts.iter().map(|p| p.canonical()).sum();
        let big = parts
            .iter()
            .filter(|p| p.canonical() > total.canonical() + tol)
            .max_by_key(|p| p.canonical());
        let via = super::au001_sum_mismatch::via_zh(&r.via);
        // certain when the sentence that states the total lists its parts (or an accounting
        // identity names them); a total taken from another sentence, or parts that add up to
        // twice the total or more (a second breakdown, another 口径 listed alongside), is a
        // likely reading, not a certain one
        let identity = r.via.contains('.');
        let same_sentence = parts.first().is_some_and(|p| p.sentence == total.sentence);
        let severity = if identity
            || (same_sentence
                && total
                    .canonical()
                    .checked_mul(Decimal::TWO)
                    .is_some_and(|twice| sum < twice))
        {
            Severity::Error
        } else {
            Severity::Warning
        };
        if let Some(p) = big {
            seen.push(r.total);
            let mut d = Diagnostic::new(
                "AU002",
                severity,
                total.span.clone(),
                format!(
                    "{}为 {}，小于其分项“{}” {}",
                    total.name(),
                    total.display(),
                    p.name(),
                    p.display()
                ),
            )
            .expected_found(format!("≥ {}", in_unit_of(sum, total)), total.display());
            for q in &parts {
                d = d.related(
                    q.span.clone(),
                    format!("分项：{} {}", q.name(), q.display()),
                );
            }
            out.push(d.help(format!(
                "分项不能大于合计（依据：{via}）；核对两者是否为同一口径、同一年度"
            )));
        } else if r.kind == RelKind::Bound && sum > total.canonical() + tol && parts.len() >= 2 {
            seen.push(r.total);
            let mut d = Diagnostic::new(
                "AU002",
                severity,
                total.span.clone(),
                format!(
                    "{}为 {}，但所列分项之和已达 {}",
                    total.name(),
                    total.display(),
                    in_unit_of(sum, total)
                ),
            )
            .expected_found(format!("≥ {}", in_unit_of(sum, total)), total.display());
            for q in &parts {
                d = d.related(
                    q.span.clone(),
                    format!("分项：{} {}", q.name(), q.display()),
                );
            }
            out.push(d.help(format!("分项之和不能超过合计（依据：{via}）")));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check;

    #[test]
    fn an_average_is_no_part() {
        let t = "2022年度全县“三公”经费总支出为1,611.22万元，与上年相比增加96.28万元，增长6.36%。其中：公务接待费86.42万元，下降12.51%，平均每批次接待1,649元；公务用车购置及运行维护费1,524.80万元，增长7.67%。";
        check("AU002", t, &[]);
        check("AU001", t, &[]);
    }

    #[test]
    fn sangong_components_exceed_actual() {
        let text = "（2）三公经费\n2021年“三公”经费预算调整预算数36.08万元，实际支出33.45万元，“三公”经费控制率92.71%。\n①因公出国（境）费用。2021年度因公出国（境）费0.00万元。\n②公务接待费。公务接待费预算数0.5万元，本年度无公务接待费支出。\n③公务用车购置和运行维护费。公务用车购置费33.98万元，2021年末购置2台车辆；公务用车运行费1.6万元，与上年同期对比减少0.21万元。\n";
        check(
            "AU002",
            text,
            &["error 33.45万元 expected=≥ 35.58万元 found=33.45万元"],
        );
    }

    #[test]
    fn after_a_list_of_shares_qizhong_is_of_the_unstated_whole() {
        check("AU002", "基本支出800万元，占总支出的80%，项目支出200万元，占总支出的20%；其中财政拨款支出900万元，占总支出的90%。", &[]);
    }

    #[test]
    fn vehicles() {
        let t = "截至2023年12月31日，年末共有车辆3辆，其中：机要通信用车1辆，应急保障用车1辆，执法执勤用车2辆。";
        check("AU002", t, &["error 3辆 expected=≥ 4辆 found=3辆"]);
        check("AU002", &t.replace("共有车辆3辆", "共有车辆4辆"), &[]);
    }

    #[test]
    fn a_second_breakdown_after_the_list_is_not_more_of_it() {
        let t = "政府采购支出总额200.00万元，授予中小企业合同金额180.00万元，占政府采购支出总额的90%，其中：授予小微企业合同金额150.00万元，占政府采购支出总额的75%；货物采购授予中小企业合同金额40.00万元，占货物支出金额的80%；工程采购授予中小企业合同金额100.00万元，占工程支出金额的100%；服务采购授予中小企业合同金额40.00万元，占服务支出金额的80%。";
        check("AU002", t, &[]);
    }

    #[test]
    fn certain_in_the_sentence_that_states_the_total() {
        check(
            "AU002",
            "项目年度资金总额50万元，其中：财政资金60万元。",
            &["error 50万元 expected=≥ 60万元 found=50万元"],
        );
        // parts that add up to twice the total: another breakdown may be listed alongside
        check(
            "AU002",
            "项目年度资金总额50万元，其中：财政资金60万元，自筹资金45万元。",
            &["warning 50万元 expected=≥ 105万元 found=50万元"],
        );
    }

    #[test]
    fn an_income_is_no_part_of_an_expenditure() {
        let t = "2022年度收入总计1,000.00万元、支出总计1,000.00万元，其中：本年收入900.00万元，本年支出850.00万元。";
        check("AU002", t, &[]);
        check("AU001", t, &[]);
    }

    #[test]
    fn a_nested_list_ends_at_its_semicolon() {
        let t = "本部门2022年度支出1,000.00万元，其中：局本级支出600.00万元，其中基本支出500.00万元；下属单位支出400.00万元。";
        check("AU002", t, &[]);
        check("AU001", t, &[]);
    }

    #[test]
    fn carried_over_amounts_are_amounts_not_changes() {
        let t = "年末结转和结余100.00万元，其中：基本支出结转20.00万元，项目支出结转和结余80.00万元，其中项目支出结转70.00万元，项目支出结余10.00万元。";
        check("AU002", t, &[]);
        check("AU001", t, &[]);
        check(
            "AU001",
            &t.replace("基本支出结转20.00", "基本支出结转30.00"),
            &["error 100.00万元 expected=110 found=100"],
        );
    }

    #[test]
    fn a_list_that_runs_on_is_cut_where_it_makes_its_total() {
        let t = "核定人员编制71人，实际正式教职工62人，其中副高级职称4人，中级职称25人，初级职称23人，管理人员3人，技师3人，高级工3人，中级工1人，退休职工28人。";
        check("AU002", t, &[]);
        check("AU001", t, &[]);
        // without a prefix that makes the total, parts over the total are still reported
        check(
            "AU002",
            "实际正式教职工62人，其中副高级职称4人，中级职称25人，初级职称34人，管理人员3人。",
            &["error 62人 expected=≥ 66人 found=62人"],
        );
    }

    #[test]
    fn net_totals_progress_figures_and_lists_without_amounts() {
        // a total net of transfers: its gross parts may exceed it
        let t = "2021年，全区财政综合预算收入629.4亿元（已剔除从政府性基金预算调入54.5亿元和国有资本经营预算调入14.3亿元），完成预算（587.9亿元）的107.1%。其中：一般公共预算总收485.7亿元，政府性基金预算收入170.3亿元，国有资本经营预算收入14.7亿元。";
        assert_eq!(crate::testing::codes(t), Vec::<String>::new());
        // what has been paid so far is no item of the allocation
        let t = "统筹整合使用财政涉农资金107.13万元，其中项目管理费1.07万元，目前项目资金已拨付106.36万元。";
        assert_eq!(crate::testing::codes(t), Vec::<String>::new());
        // 加上 items without amounts: nothing to add up
        let t = "全区一般公共预算收入53.24亿元，增长6.3%，其中：税收收入33.31亿元，下降1.6%；非税收入19.93亿元，增长22.9%。加上上级补助、调入资金和上年结转，收入总量为159.98亿元。全区一般公共预算支出113.39亿元，增长3.7%，加上上解上级、地方政府债务还本支出和结转下年，支出总量为159.98亿元。";
        assert_eq!(crate::testing::codes(t), Vec::<String>::new());
    }

    #[test]
    fn a_part_broken_down_inside_the_list() {
        // 16.81 + 58.48 is the breakdown of 75.29, not more of the total
        let t = "1-6月，全旗一般公共预算收入完成100.03亿元，其中：旗本级一般公共财政预算收入完成75.29亿元，同比增长219.2%，分项目看：税收完成16.81亿元，非税完成58.48亿元；上级转移支付20.88亿元；债券转贷收入0.48亿元；上年结余3.38亿元。";
        check("AU002", t, &[]);
        check("AU001", t, &[]);
    }

    #[test]
    fn a_word_repeated_after_every_item_is_no_item() {
        let t = "2022年中央本级“三公”经费财政拨款支出合计28.24亿元，比预算数镌汰24.76亿元。其中，因公出国（境）费2.94亿元，镌汰3.7亿元；公务用车购置及运行费24.72亿元，镌汰18.19亿元；公务接待费0.58亿元，镌汰2.87亿元。";
        check("AU002", t, &[]);
    }

    #[test]
    fn a_paragraph_that_opens_with_of_which() {
        let t = "2.公务用车购置及运行维护支出4.647万元，比上年增长58.65%。\n其中：公务用车购置支出1,088万元，比上年增长97.1%；公务用车运行维护支出3,559万元，比上年增长49.73%。\n";
        // (the total stated in the paragraph before: a likely reading, a warning)
        assert_eq!(crate::testing::codes(t), vec!["AU002:warning"]);
        let t = "2.公务用车购置及运行维护支出4,647万元，比上年增长58.65%。\n其中：公务用车购置支出1,088万元，比上年增长97.1%；公务用车运行维护支出3,559万元，比上年增长49.73%。\n";
        assert!(crate::testing::codes(t).is_empty());
    }

    #[test]
    fn of_which_larger_than_total() {
        check(
            "AU002",
            "项目支出37,331.23万元（其中基本建设类项目73,783.48万元）。",
            &["error 37,331.23万元 expected=≥ 73783.48万元 found=37331.23万元"],
        );
        check(
            "AU002",
            "项目支出37,331.23万元（其中基本建设类项目23,783.48万元）。",
            &[],
        );
    }
}
