//! ## AU001 sum-mismatch — 分项之和与合计不符
//!
//! **What it finds.** A total stated together with its parts — "包括：…", "其中：…" when the
//! parts are the complete breakdown of an accounting identity (基本支出 + 项目支出,
//! 人员经费 + 公用经费 + 项目支出, 货物 + 工程 + 服务), a parenthesised breakdown
//! "（A …万元，B …万元）", "A …，B …，合计 …", "…加上 B 后，总收入 …" — where the parts do
//! not add up to the total.
//!
//! **Why it matters.** Budget texts are typed by hand from spreadsheets; a total that does
//! not equal its parts means one of the figures is wrong, and a reader cannot tell which.
//!
//! **Example.**
//!
//! ```text
//! 2021 年调整预算数 40,295.14 万元，其中：基本支出调整预算数 2,867.41 万元，
//! 项目支出调整预算数 37,472.73 万元。
//! ```
//!
//! 2,867.41 + 37,472.73 = 40,340.14, not 40,295.14 (the project figure has two digits
//! swapped). Figures written with the same number of decimals in 亿元 (274.8 + 259.1 vs
//! 533.8) may differ by their rounding and are not flagged. A difference of one unit in the
//! last decimal (8,237.22 against 8,237.23: parts rounded from 元) is information; for whole
//! amounts, a difference of no more than half a unit for each figure of the sum
//! (1,996,786 + 98,524 + … = 2,686,336 against 2,686,338) is a warning, and only
//! information when the text itself says its figures are rounded (尾差, 四舍五入).
//!
//! **How to fix.** Recompute the total from the source table and correct whichever figure
//! was mistyped.

use jixiao_model::Severity;

use super::{fmt_dec, in_unit_of, one_ulp, sum_tolerance, Ctx};
use crate::diagnostic::Diagnostic;
use crate::extract::RelKind;

pub fn run(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let mut seen: Vec<usize> = Vec::new();
    for r in &cx.ex.relations {
        if r.kind != RelKind::Sum || seen.contains(&r.total) {
            continue;
        }
        let total = &cx.ex.quantities[r.total];
        let parts: Vec<_> = r.parts.iter().map(|&i| &cx.ex.quantities[i]).collect();
        let tol = sum_tolerance(total, &parts);
        // a part larger than the whole is AU002's finding
        if parts
            .iter()
            .any(|p| p.canonical() > total.canonical() + tol)
        {
            continue;
        }
        let sum: rust_decimal::Decimal = parts.iter().map(|p| p.canonical()).sum();
        let diff = sum - total.canonical();
        // (a total written coarser than its parts is their sum rounded: "…4.224 万元，
        // 20.064 万元，共计 237 万元" for parts adding to 237.44)
        let coarser = parts.iter().any(|p| p.scale > total.scale);
        if diff.abs() <= tol || (coarser && diff.abs() < total.half_ulp()) {
            seen.push(r.total);
            continue;
        }
        seen.push(r.total);
        let mut all = parts.clone();
        all.push(total);
        // a slip: one unit of the last digit, or — for whole amounts, which are rounded to
        // the unit in government reports — what rounding each figure could add up to
        let rounded_parts = if all
            .iter()
            .all(|q| q.scale == 0 && matches!(q.unit, crate::extract::Unit::Money(_)))
        {
            all.iter().map(|q| q.half_ulp()).sum()
        } else {
            rust_decimal::Decimal::ZERO
        };
        let slip = diff.abs() <= one_ulp(&all).max(rounded_parts);
        // one unit of the last digit between decimals (8,237.23 against parts adding to
        // 8,237.22) is what parts rounded from 元 give: information, not a warning
        let one_unit = diff.abs() <= one_ulp(&all)
            && all
                .iter()
                .filter(|q| !q.value.is_zero())
                .all(|q| q.scale >= 1);
        let severity = match (slip, super::mentions_rounding(cx.text)) {
            (false, _)
                if r.via == crate::extract::VIA_REST || r.via == crate::extract::VIA_BALANCE =>
            {
                Severity::Warning
            }
            (false, _) => Severity::Error,
            (true, false) if one_unit => Severity::Info,
            (true, false) => Severity::Warning,
            (true, true) => Severity::Info,
        };
        let mut d = Diagnostic::new(
            "AU001",
            severity,
            total.span.clone(),
            format!(
                "{}为 {}，但所列分项之和为 {}（相差 {}）",
                total.name(),
                total.display(),
                in_unit_of(sum, total),
                in_unit_of(diff.abs(), total)
            ),
        )
        .expected_found(
            fmt_dec(sum / super::unit_factor(total)),
            fmt_dec(total.value),
        );
        for p in &parts {
            d = d.related(
                p.span.clone(),
                format!("分项：{} {}", p.name(), p.display()),
            );
        }
        let help = if slip {
            "相差仅为末位一个单位，可能是舍入差异；请核对原始报表".to_string()
        } else {
            format!(
                "核对合计与各分项（依据：{}），更正录入有误的数字",
                via_zh(&r.via)
            )
        };
        out.push(d.help(help));
    }
}

pub(crate) fn via_zh(via: &str) -> String {
    match via {
        "（" => "括号内的分项".into(),
        "加上" => "“加上…后，总…”".into(),
        crate::extract::VIA_REST => "“其中”所列各项（末项为“其他”）".into(),
        crate::extract::VIA_BALANCE => {
            "收支平衡：收入总计 = 支出总计 = 本年支出 + 年末结转和结余".into()
        }
        v if v.contains('.') => jixiao_model::identities::all()
            .find(|i| i.id == v)
            .map_or(v.to_string(), |i| format!("勾稽关系“{}”", i.name)),
        v => format!("“{v}”"),
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{check, codes};

    #[test]
    fn numbered_paragraphs_after_a_closing_baokuo_are_the_parts() {
        let t = "（二）支出预算。2022年支出预算4213.63万元，比2021年预算减少745.91万元，下降15%。下降的主要原因是：项目减少。包括：\n1.一般公共服务3736.92万元。\n2.社会保障和就业支出7.4万元。\n四、一般公共预算情况\n";
        check(
            "AU001",
            t,
            &["error 4213.63万元 expected=3744.32 found=4213.63"],
        );
        check("AU001", &t.replace("3736.92", "4206.23"), &[]);
        // a list of the change, or one with an item without an amount, is not of the total
        check("AU001", &t.replace("3736.92", "738.51"), &[]);
        check("AU001", &t.replace("7.4万元", "若干"), &[]);
        // the words before 包括 name the figure
        let t = "收入合计1200万元，其中：财政拨款收入1000万元；其他收入200万元。财政拨款收入包括：\n1.一般公共预算拨款900万元。\n2.政府性基金拨款100万元。\n";
        check("AU001", t, &[]);
    }

    #[test]
    fn a_total_written_coarser_than_its_parts_is_their_rounded_sum() {
        let t = "分配至无为市93万元，南陵县52万元，繁昌区25万元，湾沚区23万元，镜湖区4.224万元，鸠江区20.064万元，弋江区20.152万元，共计237.44万元。";
        check("AU001", t, &[]);
        check("AU001", &t.replace("237.44", "237"), &[]);
        check(
            "AU001",
            &t.replace("237.44", "238"),
            &["error 238万元 expected=237.44 found=238"],
        );
    }

    #[test]
    fn income_and_expenditure_totals_balance() {
        let t = "收入总计1,541.20万元，支出总计1,514.20万元。";
        check(
            "AU001",
            t,
            &["warning 1,541.20万元 expected=1514.2 found=1541.2"],
        );
        check("AU001", &t.replace("1,541.20", "1,514.20"), &[]);
        let t = "2018年度一般公共预算收入总计1085.31万元，本年支出1070.67万元，年末结转和结余30.65万元。";
        check(
            "AU001",
            t,
            &["warning 1085.31万元 expected=1101.32 found=1085.31"],
        );
        check("AU001", &t.replace("1085.31", "1101.32"), &[]);
        // the 支出总计 of another sentence is another statement's
        let t = "批准年初一般公共预算收入286,450万元。一般公共预算支出总计286,450万元。其中：本级支出262,310万元，转移性支出24,140万元。预算调整后，一般公共预算收入总计301,280万元，支出总计301,280万元。";
        check("AU001", t, &[]);
        // last year's totals, or 收、支总计 together, are no pair
        check(
            "AU001",
            "收、支总计各1,514.20万元，上年收入总计1,400.00万元。",
            &[],
        );
    }

    #[test]
    fn a_bracketed_breakdown_after_a_comma() {
        let t = "学校现有26个班级，（中学6个班，小学12个班，高中8个班），在校学生1152人，（中学576人，小学813人），其中高中学生实行寄宿制管理。";
        check("AU001", t, &["error 1152人 expected=1389 found=1152"]);
        check("AU001", &t.replace("1152人", "1389人"), &[]);
    }

    #[test]
    fn a_list_introduced_by_fenbie_wei_is_complete() {
        let t = "2021年度本年收入合计3,205.84万元，分别为：财政拨款收入2,968.37万元，占92.59%；事业收入142.50万元，占4.45%；其他收入94.97万元，占2.96%。";
        check("AU001", t, &[]);
        check(
            "AU001",
            &t.replace("94.97", "94.79"),
            &["error 3,205.84万元 expected=3205.66 found=3205.84"],
        );
        // a list cut off where the text ends is not known to be complete
        check(
            "AU001",
            "2021年部门预算项目支出87.5万元,分别是科技活动交流经费5万元,科技项目评审费18万元,科",
            &[],
        );
    }

    #[test]
    fn fenbie_wei_after_other_figures_is_no_complete_list_of_them() {
        let t = "本年收入100万元、本年支出90万元，年初结转和年末结转分别为10万元、20万元。";
        check("AU001", t, &[]);
        check("AU002", t, &[]);
    }

    #[test]
    fn counts_of_one_measure_add_up() {
        let t = "项目共设置绩效指标18个，分别为产出指标10个、效益指标5个、满意度指标3个。";
        check("AU001", t, &[]);
        check(
            "AU001",
            &t.replace("满意度指标3个", "满意度指标2个"),
            &["warning 18个 expected=17 found=18"],
        );
        // an item that is a 合计 of its own kinds is not the list's total
        let t = "评价指标体系共设一级指标4个、二级指标10个、三级指标26个。其中产出类三级指标12个、效益类9个、决策和过程类合计5个。";
        check("AU001", t, &[]);
        check("AU002", t, &[]);
    }

    #[test]
    fn a_definition_s_list_is_of_the_figure_it_defines() {
        let t = "2022年度本年支出合计3,486.25万元，其中：基本支出1,171.65万元，占33.61%；项目支出2,314.60万元，占66.39%。\n项目支出是指在基本支出之外为完成特定行政任务所发生的支出，其中：基本公共卫生服务项目1,208.35万元、重大传染病防控536.90万元、医疗机构能力建设612.44万元。\n";
        check(
            "AU002",
            t,
            &["warning 2,314.60万元 expected=≥ 2357.69万元 found=2314.60万元"],
        );
    }

    #[test]
    fn parts_the_text_lists_under_the_outturn_are_not_the_budgets() {
        let t = "（二）公务用车购置及运行维护费预算14.00万元，支出12.18万元，完成预算的87.00%，其中：公务用车购置费0万元，公务用车运行维护费12.18万元。";
        check("AU001", t, &[]);
    }

    #[test]
    fn holds() {
        check("AU001", "我局2021年年初预算为23,260万元，包括：基本支出预算2,900万元（人员经费支出1,148万元，日常公用经费支出1,752万元），项目支出预算20,360万元。", &[]);
        check(
            "AU001",
            "一般公共预算收入274.8亿元，加上转移性收入259.1亿元后，一般公共预算总收入533.8亿元。",
            &[],
        );
        check("AU001", "“三公”经费年初预算为4万元，包括：因公出国（境）费用预算0万元，公务接待费预算0.5万元，公务用车购置与运行维护费预算3.5万元；政府采购年初预算2,190万元。", &[]);
    }

    #[test]
    fn broken() {
        check(
            "AU001",
            "2021年调整预算数40,295.14万元，其中：基本支出调整预算数2,867.41万元，项目支出调整预算数37,472.73万元。",
            &["error 40,295.14万元 expected=40340.14 found=40295.14"],
        );
        check(
            "AU001",
            "年初预算为23,260万元，包括：基本支出预算2,900万元（人员经费支出1,148万元，日常公用经费支出1,725万元），项目支出预算20,360万元。",
            &["error 2,900万元 expected=2873 found=2900"],
        );
        check(
            "AU001",
            "收入4.98亿元，加上上级补助92.69亿元，总收入为96.67亿元。",
            &["error 96.67亿元 expected=97.67 found=96.67"],
        );
    }

    #[test]
    fn added_to_a_figure_before() {
        // "加上…，收入合计": the base is the figure of the sentence before; a negative item
        check(
            "AU001",
            "1.收入决算：市级地方一般公共预算收入32.62亿元，为调整预算的92.66%，同比增加239万元，增长0.07%。加上上级补助收入18.1亿元，债务转贷收入8.85亿元，上年结转1.08亿元，调入资金29亿元，收入合计89.65亿元。\n2.支出决算：市级本年支出84.27亿元。加上上解上级支出-1.83亿元，债务还本支出6.69亿元，安排预算稳定调节基金0.12亿元，结转下年0.4亿元，支出合计89.65亿元。\n",
            &[],
        );
        check(
            "AU001",
            "一般公共预算总收入410338万元，其中地方一般公共预算收入271630万元，下降4.7%；加上级补助收入120846万元，上年结余收入42690万元，调入资金18300万元，收入合计453466万元。",
            &[],
        );
        check(
            "AU001",
            "市级本年支出84.27亿元。加上上解上级支出1.83亿元，债务还本支出6.69亿元，支出合计89.65亿元。",
            &["error 89.65亿元 expected=92.79 found=89.65"],
        );
        // a mixed-precision sum in 亿元 rounds; a one-figure aside in brackets is no breakdown
        check(
            "AU001",
            "全区政府性基金上年结余26.38亿元，上级补助收入14.78亿元，债券转贷收入1.34亿元，调入资金10万元，收入合计42.5亿元。",
            &[],
        );
        assert_eq!(
            codes("支出361315万元；加上解上级支出52441万元，安排预算稳定调节基金28478万元（累计稳定调节基金43429万元），支出合计442234万元。"),
            Vec::<String>::new()
        );
    }

    #[test]
    fn items_set_off_by_semicolons() {
        // the items of a 其中 list after 「；」 are parts while each opens with a sibling's name
        // (a 其中 list that is no identity's complete breakdown: its parts may not exceed
        // the total, AU002)
        check(
            "AU002",
            "2020年本年支出合计460.06万元，其中：基本支出380.17万元，占83%；项目支出80万元，占17%；上缴上级支出0万元，占0%；经营支出0万元，占0%。",
            &["error 460.06万元 expected=≥ 460.17万元 found=460.06万元"],
        );
        // last year's figure in the change clause is not the list's total; a completion
        // rate's budget is no total either
        check(
            "AU001",
            "全市“三公”经费预算总额为1969万元，较2024年的2190万元减少221万元，下降10.1%；其中：因公出国（境）经费40万元，较上年持平；公务接待费242万元，较上年减少12万元；公务用车购置及运行维护费1687万元，较上年减少209万元。",
            &[],
        );
        check(
            "AU002",
            "一般公共财政收入19617万元，完成调整预算数17740万元的110.58%。其中：非税收入9630万元；税收收入9987万元。",
            &[],
        );
    }

    #[test]
    fn a_balance_paragraph() {
        // the 其中 list ends at its 和 item; the 总计 of the next sentence adds the figure of
        // the sentence before
        let t = "全县地方一般公共预算收入32044万元，增长6.7%。加上转移性收入361934万元，其中，上级补助收入322821万元、调入资金6960万元、动用预算稳定调节基金100万元和上年结转结余收入32053万元，债务收入47060万元，收入总计441038万元。全县地方一般公共预算支出397114万元，为预算的122.1%，增长3.4%。债务还本支出16223万元，上解中央支出10800万元，补充预算稳定调节基金150万元和年终结转结余16751万元，支出总计441038万元。";
        assert_eq!(codes(t), Vec::<String>::new());
        // and a slip in it is still found
        let t = "全县地方一般公共预算支出397114万元，增长3.4%。债务还本支出16223万元，上解中央支出10800万元，补充预算稳定调节基金150万元和年终结转结余16751万元，支出总计441083万元。";
        assert_eq!(
            codes(t),
            Vec::<String>::new(),
            "no figure before makes it: a bound, not a sum"
        );
        check(
            "AU001",
            "债务还本支出16223万元，上解中央支出10800万元，补充预算稳定调节基金150万元和年终结转结余16751万元，支出总计44924万元。",
            &["error 44924万元 expected=43924 found=44924"],
        );
    }

    #[test]
    fn head_counts() {
        check(
            "AU001",
            "实有人数 63 人，在职人数 61 人，包括行政人员26人、全部补助事业人员33人、自收自支事业人员21人；退休人员15人。",
            &["error 61 人 expected=80 found=61"],
        );
        check(
            "AU001",
            "本部门2021年年末实有人数76人，其中在职人员48人，包括行政人员22人，全部补助事业人员26人；退休人员15人，聘用人员5人，遗属8人。",
            &[],
        );
    }

    #[test]
    fn an_item_named_with_a_direction_word_is_added() {
        // "调出资金增加 10,239 万元" is an item of the 加上 list; five whole amounts rounded
        // to the 万元 may miss their total by 2
        assert_eq!(
            codes("全市地方一般公共预算支出1,996,786万元，加上上解上级支出98,524万元、债务还本支出195,664万元，调出资金增加10,239万元，按规定安排预算稳定调节基金385,123万元，全市地方一般公共预算总支出2,686,338万元。"),
            vec!["AU001:warning"]
        );
    }

    #[test]
    fn rounding_slip_is_information() {
        // one unit of the last decimal: what parts rounded from 元 give
        assert_eq!(
            codes("实际采购金额为44,874.56万元。其中政府采购货物支出10373.83万元，政府采购工程支出10.02万元，政府采购服务支出34490.7万元。"),
            vec!["AU001:info"]
        );
        // whole amounts a little further off than one unit: a warning
        assert_eq!(
            codes("支出合计1,000万元，其中基本支出701万元，项目支出300万元。"),
            vec!["AU001:warning"]
        );
        assert_eq!(
            codes("实际采购金额为44,874.56万元。其中政府采购货物支出10373.83万元，政府采购工程支出10.02万元，政府采购服务支出34490.7万元（因四舍五入存在尾差）。"),
            vec!["AU001:info"]
        );
    }

    #[test]
    fn an_item_taken_away_is_not_added() {
        check(
            "AU001",
            "一般公共预算收入38.7亿元,加上上级财政转移支付等收入7.1亿元,上年结余0.82亿元,调入调出资金1.8亿元,一般债务收入16.1亿元,减去债务还本支出0.2亿元,一般公共预算总收入64.3亿元。",
            &[],
        );
    }

    #[test]
    fn a_list_ending_with_the_rest_is_complete() {
        let t = "2023年年初预算收入1000万元，其中：一般公共预算拨款收入900万元，政府性基金预算拨款收入50万元，事业收入20万元，其他收入20万元。";
        check("AU001", t, &["warning 1000万元 expected=990 found=1000"]);
        check("AU001", &t.replace("其他收入20万元", "其他收入30万元"), &[]);
        check("AU001", &t.replace("其他收入", "经营收入"), &[]);
        // 耕地占用税 is an item, not a share's base
        let t = "①税收收入42328万元。其中:增值税22515万元,企业所得税4531万元,个人所得税1136万元,资源税320万元,城建税3025万元,房产税646万元,印花税666万元,土地使用税1012万元,土地增值税 3188万元,车船税750万元,耕地占用税391万元,契税4030万元,环保税109万元,其他税收9万元。";
        check("AU001", t, &[]);
        check(
            "AU001",
            &t.replace("契税4030", "契税4130"),
            &["warning 42328万元 expected=42428 found=42328"],
        );
    }

    #[test]
    fn a_statement_without_headings_is_read_as_one() {
        let t = "2023年“三公”经费支出15.6万元。因公出国（境）费0万元。公务用车购置及运行维护费10.2万元，其中公务用车购置费0万元，公务用车运行维护费10.2万元。公务接待费4.4万元。";
        check("AU001", t, &["error 15.6万元 expected=14.6 found=15.6"]);
        check("AU001", &t.replace("4.4万元", "5.4万元"), &[]);
    }

    #[test]
    fn a_total_named_with_its_fund_and_source() {
        let t = "一般公共预算财政拨款基本支出700万元，其中：人员经费600万元，主要包括：基本工资、津贴补贴；公用经费110万元，主要包括：办公费、印刷费。";
        check("AU001", t, &["error 700万元 expected=710 found=700"]);
        check("AU001", &t.replace("110万元", "100万元"), &[]);
        check(
            "AU001",
            "财政拨款基本支出700万元。人员经费600万元。公用经费110万元。",
            &["error 700万元 expected=710 found=700"],
        );
    }

    #[test]
    fn a_change_of_totals_is_no_total() {
        let t = "2023年度财政拨款收入总计900万元，支出总计900万元，与2022年度相比，财政拨款收、支总计各减少100万元，下降10%。";
        check("AU001", t, &[]);
        check("AU002", t, &[]);
    }

    #[test]
    fn partial_lists_are_not_sums() {
        check(
            "AU001",
            "税收收入268.2亿元，主要包括：增值税99.6亿元，企业所得税39.2亿元。",
            &[],
        );
        check(
            "AU001",
            "项目支出286.83万元，其中：差旅费10万元，会议费5万元。",
            &[],
        );
    }
}
