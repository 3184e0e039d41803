//! ## AU010 share-mismatch — 占比与其所属数字、基数不符
//!
//! **What it finds.** A share "A 万元，占 X 的 s%" whose rate is not A ÷ X, where A is the
//! amount the share belongs to (the nearest amount before it in the sentence that is not a
//! change) and X the figure the text names as the base (the nearest figure labelled X, or
//! the total A is listed as a part of). A bare "占 s%" with no base named is read against
//! the sum of its siblings when the shares of the sentence add up to 100% (“三公”经费 split
//! into 出国、接待、公务用车). Two shares swapped, or a completion rate copied in as a share,
//! are found this way.
//!
//! Two shares of one base ("基本支出占…的 96.74%", "项目支出占…的 3.26%") are different
//! quantities, never restatements of one figure. A share that holds against another figure
//! of the same name (another 口径) is not reported. Off by one unit in the last written
//! decimal (a share forced to make the parts total 100%) is a warning; more is an error.
//!
//! **Why it matters.** A share checked against the wrong base, or two shares swapped, tells the reader a structure of spending that is not the unit's; 人大 reviewers read these shares first.
//!
//! **Example.**
//!
//! ```text
//! 公务接待费支出决算 0.53 万元，占 69%；公务用车购置及运行维护费支出决算 1.18 万元，占 31%。
//! ```
//!
//! 0.53 ÷ (0.53 + 1.18) = 31%, not 69%: the two shares are swapped.
//!
//! **How to fix.** Recompute the share from the amount and its base.

use super::rates::{run as run_rates, Which};
use super::Ctx;
use crate::diagnostic::Diagnostic;

pub fn run(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    run_rates(cx, out, "AU010", Which::Share);
}

#[cfg(test)]
mod tests {
    use crate::testing::check;

    #[test]
    fn a_list_of_items_each_with_its_share_runs_over_semicolons() {
        let t = "2023年部门收入预算1200万元，其中：一般公共预算拨款1000万元，占83.33%；政府性基金拨款150万元，占12.5%；其他收入50万元，占5.17%。";
        check("AU010", t, &["error 5.17% expected=4.17 found=5.17"]);
        check("AU010", &t.replace("5.17%", "4.17%"), &[]);
    }

    #[test]
    fn a_share_after_a_bracketed_aside_is_of_the_figure_before_it() {
        let t = "本年收入合计1,151.41万元；包括财政拨款收入1,077.36万元（其中，一般公共预算1,077.36万元，政府性基金预算0万元，国有资本经营预算0万元），占收入合计93.57%；上级补助收入0万元，占收入合计0%；事业收入0万元，占收入合计0%；经营收入";
        check("AU010", t, &[]);
        check("AU001", t, &[]);
    }

    #[test]
    fn a_class_is_no_part_of_another_class() {
        let t = "2023年一般公共预算支出预算872.18万元。按功能分类：公共安全支出（类）748.36万元，占一般公共预算支出的85.80%，其中基层司法业务（项）112.50万元，增长14.33%；社会保障和就业支出（类）72.46万元，占8.31%；卫生健康支出（类）19.12万元，占2.19%；住房保障支出（类）32.24万元，占3.70%。";
        check("AU010", t, &[]);
    }

    #[test]
    fn a_bare_share_in_a_sentence_that_names_its_whole() {
        let t = "本局2019年度“三公”经费支出预算为18万元，支出决算为6.28万元，完成预算的34.89%。\n本局2019年度“三公”经费支出决算中，因公出国（境）费支出决算0万元；公务接待费支出决算6.28万元，占34.88%。";
        check("AU010", t, &["error 34.88% expected=100 found=34.88"]);
        check("AU010", &t.replace("34.88%。", "100%。"), &[]);
    }

    #[test]
    fn shares_distributed_over_the_amounts_before_them() {
        let t = "本年支出合计1,000.00万元，其中基本支出800.00万元、项目支出200.00万元，分别占支出总额的80%和20%。";
        check("AU010", t, &[]);
        check(
            "AU010",
            &t.replace("80%和20%", "82%和18%"),
            &[
                "error 82% expected=80 found=82",
                "error 18% expected=20 found=18",
            ],
        );
        let t = "本年支出合计1,000.00万元。基本支出、项目支出分别为800.00万元、200.00万元，分别占80%、20%。";
        check("AU010", t, &[]);
        check(
            "AU010",
            &t.replace("80%、20%", "82%、18%"),
            &[
                "error 82% expected=80 found=82",
                "error 18% expected=20 found=18",
            ],
        );
        // "该项支出占…": of the figure just stated
        check(
            "AU010",
            "2022年支出总计1,000.00万元。其中一般公共服务支出800.00万元，该项支出占总支出的82%。",
            &["error 82% expected=80 found=82"],
        );
        // "占比", "的比重": the words of the ratio are not the base's
        check(
            "AU010",
            "本年支出合计1,000.00万元，其中：基本支出800.00万元，占比82%；项目支出200.00万元，占比18%。",
            &[
                "error 82% expected=80 found=82",
                "error 18% expected=20 found=18",
            ],
        );
    }

    #[test]
    fn shares_a_little_over_100_when_one_holds() {
        let t = "按支出性质分,基本支出1445.2万元、占63.21%;项目支出841.2万元、占36.79%,主要用于文化惠民演出。";
        check("AU010", t, &[]);
        check(
            "AU010",
            &t.replace("36.79%", "38.6%"),
            &["error 38.6% expected=36.8 found=38.6"],
        );
    }

    #[test]
    fn a_share_that_names_its_subject_stated_before() {
        let t = "2022年共收到补助资金8643.7万元,其中禁牧补助5187.6万元、草畜平衡奖励2913.6万元、绩效奖励资金542.5万元。\n从资金结构看,禁牧补助占资金总量的60.02%,草畜平衡奖励占33.71%,绩效奖励资金占6.28%。\n";
        check("AU010", t, &[]);
        check(
            "AU010",
            &t.replace("33.71%", "33.17%"),
            &["error 33.17% expected=33.71 found=33.17"],
        );
    }

    #[test]
    fn a_list_of_uses_with_shares() {
        let t = "2022年一般公共预算财政拨款支出11,308.44万元，主要用于以下方面：教育支出9,850.62万元，占87.11%；社会保障和就业支出812.47万元，占7.18%；卫生健康支出318.40万元，占2.82%；住房保障支出326.95万元，占2.89%。";
        check("AU010", t, &[]);
        check(
            "AU010",
            &t.replace("占7.18%", "占7.81%"),
            &["error 7.81% expected=7.18 found=7.81"],
        );
    }

    #[test]
    fn amounts_grouped_by_spaces() {
        let t = "2025年支出预算2 465.80万元，其中：基本支出1 386.42万元，占56.23%；项目支出1 079.38万元，占43.77%。";
        check("AU010", t, &[]);
        check(
            "AU010",
            &t.replace("56.23%", "65.23%"),
            &["error 65.23% expected=56.23 found=65.23"],
        );
    }

    #[test]
    fn shares() {
        check("AU010", "“三公”经费支出决算中，公务接待费支出决算0.53万元，占69%；公务用车购置及运行维护费支出决算1.18万元，占31%。", &["error 69% expected=31 found=69", "error 31% expected=69 found=31"]);
        check("AU010", "“三公”经费支出决算中，因公出国(境)费支出决算0万元，占0%；公务接待费支出决算2.14万元，占1.3%；公务用车购置及运行维护费支出决算165.23万元，占98.7%。", &[]);
        check("AU010", "一般公共预算支出1,000万元，其中：基本支出900万元，占一般公共预算支出的90%；项目支出100万元，占一般公共预算支出的10%。", &[]);
        check("AU010", "一般公共预算支出1,000万元，其中：基本支出900万元，占一般公共预算支出的90%；项目支出100万元，占一般公共预算支出的19%。", &["error 19% expected=10 found=19"]);
    }

    #[test]
    fn a_share_clause_with_its_own_subject() {
        // "税收收入占…": of the figure named 税收收入 (given later), not of last year's amount
        let t = "全年县级一般公共预算收入31751万元，完成预算数31220万元的101.7%，较上年28899万元增长9.9%，税收收入占县级一般公共预算收入的57.7%。\n——税收收入18319万元，增长17.6%。";
        check("AU010", t, &[]);
        let t = "全年县级一般公共预算收入31751万元，完成预算数31220万元的101.7%，较上年28899万元增长9.9%，税收收入占县级一般公共预算收入的67.7%。\n——税收收入18319万元，增长17.6%。";
        check("AU010", t, &["error 67.7% expected=57.7 found=67.7"]);
    }

    #[test]
    fn base_named_after_an_organisation() {
        // the total is "<unit name>收入预算总额"; the shares of two listed items add to 100%
        // only without the third item (上年结转), so the named total is the base
        check("AU010", "2022年某镇人民政府收入预算总额为7783.26万元，比上年收入预算总额增加7122.54万元，增长1078%。其中：财政拨款收入751.8万元，占收入预算总额的9.7%；其他收入7000万元，占收入预算总额的90.3%；上年结转31.46万元。", &["error 90.3% expected=89.9 found=90.3"]);
    }
}
