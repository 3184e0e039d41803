//! ## AU018 score-total-mismatch — 自评表总分与各指标得分之和不符
//!
//! **What it finds.** In a flattened 自评表, a 总分 whose 得分 is not the sum of the scores
//! of the rows above it. The rows are known to be complete when their 分值 add up to the
//! stated total 分值 (or to 100 when the 总分 row gives only the score); otherwise some row
//! could not be read and nothing is reported. The 预算执行率 row counts as a row.
//!
//! Scores written with decimals add up exactly; a total written with fewer decimals than its
//! rows may be their sum rounded (四舍五入) or truncated.
//!
//! A 一级指标 header that states its 分值 ("产出指标（50 分）") is checked the same way against
//! the rows under it, up to the next header or the total.
//!
//! **Why it matters.** The 总分 is what the bureau ranks and publishes; one that its rows do
//! not make is either a slip in the total or a row score changed without the total.
//!
//! **Example.**
//!
//! ```text
//! 预算执行率 10 95% 9.5 … 数量指标 ≥50公里 52公里 20 20 … 满意度 ≥90% 92% 10 10 总分 100 92
//! ```
//!
//! with rows 10 + 20 + 20 + 40 + 10 = 100 and scores 9.5 + 20 + 18 + 40 + 10 = 97.5.
//!
//! **How to fix.** Add up the row scores again; correct the total or the row that changed.

use jixiao_model::Severity;
use rust_decimal::Decimal;

use super::{fmt_dec, Ctx};
use crate::diagnostic::Diagnostic;

pub fn run(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let qs = &cx.ex.quantities;
    let mut sheet_start = 0;
    for t in &cx.ex.sheet_totals {
        let from = std::mem::replace(&mut sheet_start, t.score + 1);
        if !t.named_scores.is_empty() {
            named_scores(cx, t, out);
            continue;
        }
        if t.rows.len() < 2 {
            continue;
        }
        let weights: Decimal = t.rows.iter().map(|&(w, _)| qs[w].value).sum();
        let expected_weight = t.weight.map_or(Decimal::ONE_HUNDRED, |w| qs[w].value);
        if weights != expected_weight {
            continue;
        }
        subtotals(cx, t, from, out);
        let sum: Decimal = t.rows.iter().map(|&(_, s)| qs[s].value).sum();
        let total = &qs[t.score];
        if jixiao_model::written_matches(
            {
                let mut v = total.value;
                v.rescale(total.scale);
                v
            },
            sum,
        ) || total.value == sum
        {
            continue;
        }
        let mut d = Diagnostic::new(
            "AU018",
            Severity::Error,
            total.span.clone(),
            format!(
                "总分写作 {}，但各指标得分之和为 {}（分值合计 {}）",
                fmt_dec(total.value),
                fmt_dec(sum),
                fmt_dec(weights)
            ),
        )
        .expected_found(fmt_dec(sum), fmt_dec(total.value));
        for &(w, s) in &t.rows {
            d = d.related(
                qs[s].span.clone(),
                format!(
                    "分值 {}，得分 {}",
                    fmt_dec(qs[w].value),
                    fmt_dec(qs[s].value)
                ),
            );
        }
        out.push(d.help("总分 = 各指标得分之和；核对总分或改动过的指标得分"));
    }
}

/// A total stated with the scores of every 一级指标 but not their 分值.
fn named_scores(cx: &Ctx, t: &crate::extract::table::SheetTotal, out: &mut Vec<Diagnostic>) {
    let qs = &cx.ex.quantities;
    let sum: Decimal = t.named_scores.iter().map(|&s| qs[s].value).sum();
    let total = &qs[t.score];
    let mut stated = total.value;
    stated.rescale(total.scale);
    if jixiao_model::written_matches(stated, sum) || total.value == sum {
        return;
    }
    let mut d = Diagnostic::new(
        "AU018",
        Severity::Error,
        total.span.clone(),
        format!(
            "总分写作 {}，但所列各一级指标得分之和为 {}",
            fmt_dec(total.value),
            fmt_dec(sum)
        ),
    )
    .expected_found(fmt_dec(sum), fmt_dec(total.value));
    for &s in &t.named_scores {
        d = d.related(qs[s].span.clone(), format!("得分 {}", fmt_dec(qs[s].value)));
    }
    out.push(d.help("总分 = 各指标得分之和；核对总分或改动过的指标得分"));
}

/// "产出指标（50 分）" over its rows: the 分值 of the rows under a 一级指标 header (up to the
/// next header or the total) add up to the header's, when the sheet's rows are all read.
fn subtotals(
    cx: &Ctx,
    t: &crate::extract::table::SheetTotal,
    from: usize,
    out: &mut Vec<Diagnostic>,
) {
    let qs = &cx.ex.quantities;
    let Some(&(last, _)) = t.rows.last() else {
        return;
    };
    let headers: Vec<usize> = (from.min(last)..last)
        .filter(|&i| {
            let start = qs[i].span.start;
            let before = cx.text[..start].trim_end_matches(' ');
            let after = cx.text.get(qs[i].span.end..).unwrap_or("");
            (before.ends_with("指标(") || before.ends_with("指标（"))
                && (after.starts_with("分)") || after.starts_with("分）"))
        })
        .collect();
    for (k, &h) in headers.iter().enumerate() {
        let end = headers.get(k + 1).copied().unwrap_or(t.score);
        let under: Vec<usize> = t
            .rows
            .iter()
            .map(|&(w, _)| w)
            .filter(|&w| w > h && w < end)
            .collect();
        if under.is_empty() {
            continue;
        }
        let sum: Decimal = under.iter().map(|&w| qs[w].value).sum();
        if sum == qs[h].value {
            continue;
        }
        let mut d = Diagnostic::new(
            "AU018",
            Severity::Error,
            qs[h].span.clone(),
            format!(
                "{}写作 {} 分，但其下各指标分值之和为 {}",
                "一级指标分值",
                fmt_dec(qs[h].value),
                fmt_dec(sum)
            ),
        )
        .expected_found(fmt_dec(sum), fmt_dec(qs[h].value));
        for &w in &under {
            d = d.related(qs[w].span.clone(), format!("分值 {}", fmt_dec(qs[w].value)));
        }
        out.push(d.help("一级指标的分值 = 其下各三级指标分值之和；核对标题中的分值或各行分值"));
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check;

    #[test]
    fn rows_whose_target_unit_is_a_cell_of_its_own() {
        let t = "| 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 | 年度资金总额 |\n| 412800.00 | 436560.00 | 428290.40 | 10 | 98.11% | 9.81 | 其中:当年财政 拨款 |\n| 产出指标 | 数量指标 | 受益学生人数 | ≧ | 1000 | 人 | 1032人 | 10 | 10 |\n| 供餐天数 | ≧ | 200 | 天 | 205天 | 10 | 10 |\n| 质量指标 | 营养改善计划覆盖率 | ≧ | 100 | % | 100% | 10 | 10 |\n| 时效指标 | 资金到位及时率 | ≧ | 100 | % | 100% | 10 | 10 |\n| 成本指标 | 生均补助标准 | ═ | 4 | 元/天 | 4元/天 | 10 | 10 |\n| 效益指标 | 经济效益 指标 | 减轻农村学生家庭经济负担 |\n| 有效 |\n| 有效 | 10 | 10 |\n| 社会效益 指标 | 学生营养健康知识知晓率 | ≧ | 95 | % | 97% | 10 | 10 |\n| 可持续影响 指标 | 促进学生健康成长 |\n| 有效 |\n| 有效 | 10 | 10 |\n| 满意度指标 | 服务对象满意度指标等 | 学生满意度 | ≧ | 95 | % | 97% | 5 | 5 |\n| 家长满意度 | ≧ | 95 | % | 96% | 5 | 5 |\n| 其他需要说明事项 | 无 | 总分 | 100 | 99.18 | 优 |\n";
        check("AU018", t, &["error 99.18 expected=99.81 found=99.18"]);
        check("AU018", &t.replace("99.18", "99.81"), &[]);
    }

    #[test]
    fn a_total_with_the_scores_of_every_first_level_indicator() {
        let t = "项目自评得分90.2分,其中预算执行率得分9.2分、产出指标得分45分、效益指标得分27分、满意度指标得分9分,等级为“优”。";
        check("AU018", t, &[]);
        check(
            "AU018",
            &t.replace("90.2分", "92分"),
            &["error 92 expected=90.2 found=92"],
        );
        // a 二级指标 score or a later total is not one of the parts
        check(
            "AU018",
            "项目自评得分90.2分,其中预算执行率得分9.2分、产出指标得分45分（数量指标得分20分）、效益指标得分27分、满意度指标得分9分。部门综合得分88分。",
            &[],
        );
        // not every 一级指标 named: the list may be incomplete
        check(
            "AU018",
            "项目自评得分92分,其中产出指标得分45分、效益指标得分27分。",
            &[],
        );
    }

    #[test]
    fn a_first_level_header_and_the_rows_under_it() {
        let t = "绩效指标 一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 产出指标(50分) 数量指标 培训人数 ≥50人 50人 30 30 质量指标 合格率 ≥95% 96% 20 20 效益指标(40分) 社会效益 群众满意度 ≥90% 95% 40 40 满意度指标(10分) 满意度 ≥90% 95% 10 10 总分 100 100";
        check("AU018", t, &[]);
        check(
            "AU018",
            &t.replace("产出指标(50分)", "产出指标(40分)"),
            &["error 40 expected=50 found=40"],
        );
    }

    #[test]
    fn a_total_written_in_prose_with_its_parts() {
        let t = "本项目自评总分97.3分，评价等级为“优”。其中预算执行率10分得10分，产出指标50分得48.2分，效益指标30分得29.5分，满意度指标10分得9.6分。";
        check("AU018", t, &[]);
        check(
            "AU018",
            &t.replace("总分97.3分", "总分98.3分"),
            &["error 98.3 expected=97.3 found=98.3"],
        );
    }

    #[test]
    fn totals_of_sheets() {
        let sheet = |total: &str| {
            format!(
                "项目资金（万元） 年初预算数 全年预算数 全年执行数 分值 执行率 得分\n年度资金总额 120 120 114 10 95% 9.5\n一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分\n产出指标 数量指标 养护里程 ≥50公里 52公里 20 20\n质量指标 路面合格率 ≥95% 96% 20 18\n效益指标 社会效益 群众出行便利 显著提升 显著提升 40 40\n满意度指标 群众满意度 ≥90% 92% 10 10\n总分 {total}\n"
            )
        };
        check("AU018", &sheet("100 97.5"), &[]);
        check("AU018", &sheet("100 98"), &[]);
        check(
            "AU018",
            &sheet("100 92"),
            &["error 92 expected=97.5 found=92"],
        );
        // rows that do not make the stated 分值: one was not read, nothing is said
        let partial = "一级指标 三级指标 指标值 完成值 分值 得分\n数量指标 养护里程 ≥50公里 52公里 20 20\n质量指标 路面合格率 ≥95% 96% 20 18\n总分 100 80\n";
        check("AU018", partial, &[]);
    }
}
