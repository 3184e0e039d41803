//! ## AU011 change-mismatch — 增减率与增减额不符
//!
//! **What it finds.** "A，比上年增加（减少）W，增长（下降）v%" where v ≠ W ÷ (A ∓ W): the rate
//! of a change is relative to last year's figure, which is this year's ∓ the change. The
//! change amount is the one next to the rate (before it, or right after it: "增长 v%，增收
//! W"); the figure it belongs to is the nearest amount before the change that is not
//! itself a change — skipping shares and other rates between them. When the clause names
//! last year's figure ("较 2024 年的 2,190 万元减少 221 万元，下降 10.1%"), v = W ÷ that
//! figure. If another amount of the sentence (its total) makes the rate hold, nothing is
//! reported.
//!
//! A rate computed with this year's figure as the base (14.43% for 16,803.36 ÷ 116,433.12
//! instead of ÷ 99,629.76) is an error; one unit off in the last written decimal a warning.
//!
//! A change amount and the rate right after it that go opposite ways ("较上年减少 56.32
//! 万元，增长 7.04%") are an error too.
//!
//! **Why it matters.** The year-on-year change is how a disclosure explains itself; a rate computed on the wrong base overstates or understates the change, often by a visible margin.
//!
//! **Example.**
//!
//! ```text
//! 社会保障和就业支出 116,433.12 元，占支出总预算 10.73%，同比增加 16,803.36 元，增长 14.43%。
//! ```
//!
//! 16,803.36 ÷ (116,433.12 − 16,803.36) = 16.87%.
//!
//! **How to fix.** Divide the change by last year's figure.

use jixiao_model::Severity;

use super::rates::{run as run_rates, Which};
use super::Ctx;
use crate::diagnostic::Diagnostic;
use crate::extract::clause::contradicting_directions;

pub fn run(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    run_rates(cx, out, "AU011", Which::Change);
    let qs = &cx.ex.quantities;
    for (d, r) in contradicting_directions(cx.text, cx.ex) {
        let (d, r) = (&qs[d], &qs[r]);
        out.push(
            Diagnostic::new(
                "AU011",
                Severity::Error,
                r.span.clone(),
                format!(
                    "变动额写作“{}” {}，紧随的变动率 {} 却写作相反方向",
                    d.raw_label.trim(),
                    d.display(),
                    r.display()
                ),
            )
            .related(d.span.clone(), format!("增减额：{}", d.display()))
            .help("增减额与增减率的方向应一致（增加—增长，减少—下降）"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check;

    #[test]
    fn a_change_of_a_figure_not_stated_before_has_no_antecedent() {
        let t = "某学院2016年度财政拨款收支总决算19170.97万元。与2015年相比，财政拨款收入总决算增加2084.95万元，增长13.19%。";
        check("AU011", t, &[]);
        // one change of two equal totals
        let t = "2023年度收入总计2,148.36万元，支出总计2,148.36万元。与2022年相比，收、支总计各增加156.20万元，增长8.51%。";
        check("AU011", t, &["error 8.51% expected=7.84 found=8.51"]);
    }

    #[test]
    fn a_change_that_names_its_subject_has_no_other_reading() {
        let t = "2023年收入预算总额3,862.50万元(其中一般公共预算拨款3,512.50万元),收入预算总额比上年增加286.40万元,增长8.01%。";
        check("AU011", t, &[]);
        check(
            "AU011",
            &t.replace("8.01%", "8.88%"),
            &["error 8.88% expected=8.01 found=8.88"],
        );
    }

    #[test]
    fn a_change_from_one_level_to_another() {
        let t = "2021年度机关运行经费支出185.40万元，较上年的179.85万元增加5.55万元，增长3.09%；人均公用经费由上年的1.62万元增加到1.71万元，增长5.56%。";
        check("AU011", t, &[]);
        check(
            "AU011",
            &t.replace("5.56%", "6.56%"),
            &["error 6.56% expected=5.56 found=6.56"],
        );
    }

    #[test]
    fn a_change_clause_that_opens_its_sentence_is_of_the_figure_before() {
        let ok = "机管局2013年收支总预算4,471.22万元，含区泾河源山庄管理处经费250万元，政府机关幼儿园经费537.31万元；比2012年预算增加755.18万元，增长20.32%。";
        check("AU011", ok, &[]);
        assert!(crate::testing::codes(ok).is_empty());
        check(
            "AU011",
            "机管局2013年收支总预算4,471.22万元，含区泾河源山庄管理处经费250万元，政府机关幼儿园经费537.31万元；比2012年预算增加755.18万元，增长23.32%。",
            &["error 23.32% expected=20.32 found=23.32"],
        );
        // the sentence before states last year's figure: not the antecedent
        check(
            "AU011",
            "2022年三公经费预算20万元。2021年三公经费预算25万元。比上年减少5万元，下降20%。",
            &[],
        );
    }

    #[test]
    fn a_rate_that_goes_the_other_way_than_its_change() {
        let t = "本年度财政拨款支出856.32万元，较上年减少56.32万元，增长7.04%。";
        check("AU011", t, &["error 7.04%"]);
        check("AU011", &t.replace("减少", "增加"), &[]);
        // a rate of another subject is not the change's
        check(
            "AU011",
            "本年度财政拨款支出856.32万元，较上年减少56.32万元，收入增长7.04%。",
            &[],
        );
    }

    #[test]
    fn rates_distributed_over_the_changes_before_them() {
        let t = "2020年度收入476.17万元、支出总计460.06万元。与2019年相比,收入减少84.55万元、支出总计减少99.6万元,分别下降18%、21.6%。";
        check(
            "AU011",
            t,
            &[
                "error 18% expected=15 found=18",
                "error 21.6% expected=17.8 found=21.6",
            ],
        );
        check(
            "AU011",
            &t.replace("18%", "15%").replace("21.6%", "17.8%"),
            &[],
        );
        // two rates for one change: not read
        check(
            "AU011",
            "收入476.17万元。与2019年相比,收入减少84.55万元,分别下降18%、21.6%。",
            &[],
        );
    }

    #[test]
    fn changes_distributed_over_the_amounts_before_them() {
        let t = "2016年公务接待费8.00万元、公务用车运行维护费17.60万元，分别比上年减少2.00万元、2.60万元，分别下降20%、12.87%。";
        check("AU011", t, &[]);
        check(
            "AU011",
            &t.replace("20%、", "25%、"),
            &["error 25% expected=20 found=25"],
        );
    }

    #[test]
    fn last_years_figure_named_by_its_year() {
        let t =
            "2016年“三公”经费支出决算为25.60万元，2015年为30.20万元，减少4.60万元，下降15.23%。";
        check("AU011", t, &[]);
        check(
            "AU011",
            &t.replace("15.23%", "16.2%"),
            &["error 16.2% expected=15.2 found=16.2"],
        );
    }

    #[test]
    fn a_paragraph_that_opens_with_the_change_of_a_named_figure() {
        let t = "2022年度收入总计1,100.00万元。\n与上年相比，收入总计增加100.00万元，增长10%。\n";
        check("AU011", t, &[]);
        check(
            "AU011",
            &t.replace("增长10%", "增长9.09%"),
            &["error 9.09% expected=10 found=9.09"],
        );
    }

    #[test]
    fn a_change_after_a_list_of_shares_is_of_the_lists_total() {
        let t = "2022年度本年支出合计3,246.80万元，其中：基本支出1,874.56万元，占57.74%；项目支出1,372.24万元，占42.26%。与上年相比减少215.36万元，下降6.22%。";
        check("AU011", t, &[]);
        check(
            "AU011",
            &t.replace("6.22%", "7.22%"),
            &["error 7.22% expected=6.22 found=7.22"],
        );
    }

    #[test]
    fn a_clause_that_names_only_last_years_figure() {
        let t =
            "2022年共收到补助资金8643.7万元。资金总量较上年的8512.3万元增加131.4万元,增长1.54%。";
        check("AU011", t, &[]);
        assert!(crate::testing::codes(t).is_empty());
        check(
            "AU011",
            &t.replace("1.54%", "1.57%"),
            &["error 1.57% expected=1.54 found=1.57"],
        );
        let t =
            "2023年度支出合计4198.73万元。与上年支出3962.32万元相比，增加236.41万元，增长5.97%。";
        check("AU011", t, &[]);
        let t = "“三公”经费支出12.38万元，其中公务接待费1.26万元、公务用车运行维护费11.12万元；较上年14.06万元减少1.68万元，下降11.95%。";
        assert!(crate::testing::codes(t).is_empty());
    }

    #[test]
    fn two_counts_of_one_measure() {
        let t = "组织全民健身赛事活动46场次，较上年38场次增长21.05%；培训社会体育指导员326人。";
        check("AU011", t, &[]);
        check(
            "AU011",
            &t.replace("21.05%", "17.39%"),
            &["error 17.39% expected=21.05 found=17.39"],
        );
    }

    #[test]
    fn a_change_that_names_its_subject() {
        let t = "2023年部门收支总预算1000万元，其中：基本支出750万元，占75%；项目支出250万元，占25%。与上年相比，收支总预算增加100万元，增长12%。";
        check("AU011", t, &["error 12% expected=11 found=12"]);
        check("AU011", &t.replace("增长12%", "增长11.1%"), &[]);
    }

    #[test]
    fn the_two_years_figures_without_a_change_amount() {
        check(
            "AU011",
            "公务接待费2万元，上年2.5万元，下降25%。",
            &["error 25% expected=20 found=25"],
        );
        check(
            "AU011",
            "2023年公务接待费2万元，2022年2.5万元，同比下降25%。",
            &["error 25% expected=20 found=25"],
        );
        check(
            "AU011",
            "本年度三公经费支出10万元，同比增长25%，上年为8万元。",
            &[],
        );
        check(
            "AU011",
            "本年度三公经费支出10万元，同比增长25%，上年为9万元。",
            &["error 25% expected=11 found=25"],
        );
        // figures that move against the rate, or a third amount: not read
        check("AU011", "公务接待费2万元，上年1.5万元，下降25%。", &[]);
        check(
            "AU011",
            "支出10万元，其中公务接待费2万元，同比增长25%，上年为9万元。",
            &[],
        );
    }

    #[test]
    fn a_rate_with_a_base_of_its_own() {
        check(
            "AU011",
            "转移性收入433370万元，比报告数425319万元增加8051万元，比2019年决算数增长18.8%。",
            &[],
        );
        // 同比 and 比上年 are the change's own base
        check(
            "AU011",
            "收入116433.12元，同比增加16803.36元，同比增长14.43%。",
            &["error 14.43% expected=16.87 found=14.43"],
        );
    }

    #[test]
    fn changes() {
        check("AU011", "社会保障和就业支出类科目116433.12元，占支出总预算10.73%，同比增加16803.36元，增长14.43%。", &["error 14.43% expected=16.87 found=14.43"]);
        check("AU011", "社会保障和就业支出类科目116433.12元，占支出总预算10.73%，同比增加16803.36元，增长16.87%。", &[]);
        check("AU011", "“三公”经费预算总额为1969万元，较2024年的2190万元减少221万元，下降10.1%；其中：公务接待费242万元，较上年减少12万元，下降4.7%。", &[]);
        check("AU011", "“三公”经费支出预算为3万元，支出决算为1.71万元，完成预算的57%，较上年减少1.29万元，下降43%。", &[]);
        check(
            "AU011",
            "公务接待费支出2.14万元，与2021年度预算相比，增加1.14万元，增长1.14%。",
            &["error 1.14% expected=114 found=1.14"],
        );
        // the rate in brackets after the change amount
        check(
            "AU011",
            "公务接待费2.30万元，较上年减少1.5万元（39.47%），减少的主要原因是压缩开支。",
            &[],
        );
        check(
            "AU011",
            "公务接待费2.30万元，较上年减少1.5万元（42.86%），减少的主要原因是压缩开支。",
            &["error 42.86% expected=39.47 found=42.86"],
        );
    }
}
