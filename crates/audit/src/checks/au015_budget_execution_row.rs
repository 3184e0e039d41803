//! ## AU015 budget-execution-row — 自评表预算执行率行不符
//!
//! **What it finds.** The 预算执行率 row of a flattened 项目支出绩效自评表
//! (`年初预算数 全年预算数 全年执行数 分值 执行率 得分`):
//!
//! - 执行率 ≠ 全年执行数 ÷ 全年预算数 at its written precision (rounded or truncated) — a
//!   warning when it is one unit off in the last decimal, or when the flattening moved the
//!   rate away from its row (the first rate after the row's cells, before the indicator
//!   table, is taken);
//! - 得分 ≠ min(分值, 执行率 × 分值) at its written precision — a warning, since a sheet
//!   may score by another rule it does not state (bands, full marks from 90%);
//! - the 年度资金总额 row smaller than its 其中 当年财政拨款 row (and then, if the rate
//!   holds on that row, only the total's cell is reported);
//! - the 年度资金总额 row ≠ 当年财政拨款 + 上年结转资金 + 其他资金, column by column, when
//!   each source row can be read with one cell per column (a dash is nothing) — a warning;
//! - a row under it with its own 执行率 (其中:基本支出 / 项目支出 in a 部门整体 sheet)
//!   whose rate is not its 全年执行 ÷ 全年预算 — a warning.
//!
//! A row whose cells ran together ("年度资金总额:48.546.761096.41%9.46") is split by the
//! header's columns into the one reading where 执行率 = 执行数 ÷ 预算数, and its score is
//! checked. A sheet that states its own bands ("执行率≥95%的得10分，90%（含）—95%的得8分…")
//! is not scored by min(分值, 执行率 × 分值).
//!
//! **Why it matters.** The 预算执行率 row is the one score of the sheet computed from
//! money; when it contradicts its own figures the whole self-score is in doubt.
//!
//! **Example.**
//!
//! ```text
//! 年初预算数 全年预算数 全年执行数 分值 执行率 得分 年度资金总额: 0 0 0 10 0 0 其中:本年财政拨款 90 89.974 89.974
//! ```
//!
//! **How to fix.** Recompute 执行率 and its score from the row's figures; fill the 年度资金
//! 总额 row with the sum of its sources.

use jixiao_model::{written_matches, Severity};
use rust_decimal::Decimal;

use super::{fmt_dec, round_half_up, Ctx};
use crate::diagnostic::Diagnostic;
use crate::extract::Unit;

/// Does the sheet state its own scoring bands for the 预算执行率 row ("执行率≥95%的得10分，
/// 90%（含）—95%的得8分…")? Then its score follows them, not min(分值, 执行率 × 分值).
fn banded_rule(text: &str) -> bool {
    text.split(['\n', '。']).any(|s| {
        s.contains("执行率")
            && s.matches("的得").count() >= 2
            && s.match_indices("的得").all(|(i, w)| {
                s[i + w.len()..]
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_digit())
            })
    })
}

/// The rows under a 年度资金总额 row that carry their own 执行率 ("| 其中:基本支出 | 1,180.00 |
/// 1,206.80 | 1,198.35 | — | 99.03% | — |" in a 部门整体 sheet): each rate against the row's
/// 全年执行 ÷ 全年预算, the last two figures before it (a warning: the flattening may have
/// moved a cell).
fn sub_row_rates(cx: &Ctx, b: &crate::extract::table::BudgetRow, out: &mut Vec<Diagnostic>) {
    let qs = &cx.ex.quantities;
    let p = qs[b.score].paragraph;
    // the figures after the row, up to the indicator table (or the next sheet), however the
    // rows were joined into paragraphs
    let mut idx: Vec<usize> = Vec::new();
    let mut prev_end = qs[b.score].span.end;
    for i in cx
        .ex
        .quantities_in(p..(p + 4).min(cx.ex.paragraphs.len()))
        .filter(|&i| i > b.score)
        .take(40)
    {
        let lead = cx.text.get(prev_end..qs[i].span.start).unwrap_or("");
        if lead.contains("年度资金总额") || lead.contains("指标") {
            break;
        }
        idx.push(i);
        prev_end = qs[i].span.end;
    }
    {
        for w in idx.windows(3) {
            let (bu, e, r) = (&qs[w[0]], &qs[w[1]], &qs[w[2]]);
            let between = |a: &crate::extract::Quantity, z: &crate::extract::Quantity| {
                cx.text
                    .get(a.span.end..z.span.start)
                    .unwrap_or("x")
                    .chars()
                    .all(|c| c.is_whitespace() || matches!(c, '|' | '—' | '-' | '－'))
            };
            if r.unit != Unit::Percent
                || bu.unit == Unit::Percent
                || e.unit == Unit::Percent
                || !between(bu, e)
                || !between(e, r)
                || bu.value <= Decimal::ZERO
            {
                continue;
            }
            if super::rate_agrees(
                r.value,
                r.scale,
                e.value,
                e.half_ulp(),
                bu.value,
                bu.half_ulp(),
            ) {
                continue;
            }
            let Some(c) = super::computed_rate(e.value, bu.value, r.scale.max(2)) else {
                continue;
            };
            out.push(
                Diagnostic::new(
                    "AU015",
                    Severity::Warning,
                    r.span.clone(),
                    format!(
                        "执行率写作 {}，但全年执行数 ÷ 全年预算数 = {}%",
                        r.display(),
                        fmt_dec(c)
                    ),
                )
                .expected_found(
                    fmt_dec(round_half_up(
                        e.value * Decimal::ONE_HUNDRED / bu.value,
                        r.scale,
                    )),
                    fmt_dec(r.value),
                )
                .related(bu.span.clone(), "全年预算数")
                .related(e.span.clone(), "全年执行数")
                .help("执行率 = 全年执行数 ÷ 全年预算数"),
            );
        }
    }
}

/// The 预算执行率 score the usual rule gives: min(分值, 执行率 × 分值), the rate in percent
/// (none where the product overflows).
fn execution_score(rate_pct: Decimal, weight: Decimal) -> Option<Decimal> {
    rate_pct
        .checked_mul(weight)
        .map(|x| (x / Decimal::ONE_HUNDRED).min(weight))
}

pub fn run(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    // (the whole text is read for stated bands only when the sheet has a row to score)
    let banded =
        (!cx.ex.glued_rows.is_empty() || !cx.ex.budget_rows.is_empty()) && banded_rule(cx.text);
    // rows whose cells ran together: the split holds the rate, so only the score is checked
    for g in cx.ex.glued_rows.iter().filter(|_| !banded) {
        let (Some(expected), Some(exact)) = (
            execution_score(g.rate, g.weight),
            g.executed
                .checked_div(g.budget)
                .and_then(|x| x.checked_mul(g.weight))
                .map(|x| x.min(g.weight)),
        ) else {
            continue;
        };
        let mut stated = g.score;
        stated.rescale(g.score_scale);
        if written_matches(stated, expected) || written_matches(stated, exact) {
            continue;
        }
        out.push(
            Diagnostic::new(
                "AU015",
                Severity::Warning,
                g.score_span.clone(),
                format!(
                    "预算执行率得分写作 {}，按 min(分值 {}, 执行率 {}% × 分值) 应为 {}",
                    fmt_dec(g.score),
                    fmt_dec(g.weight),
                    fmt_dec(g.rate),
                    fmt_dec(round_half_up(expected, 2))
                ),
            )
            .expected_found(fmt_dec(round_half_up(expected, 2)), fmt_dec(g.score))
            .related(g.rate_span.clone(), format!("执行率：{}%", fmt_dec(g.rate)))
            .help("预算执行率得分 = min(分值, 执行率 × 分值)；此行各栏数字粘连，已按表头拆分"),
        );
    }
    let qs = &cx.ex.quantities;
    for b in &cx.ex.budget_rows {
        // a total row smaller than its own part
        for (&t, &o) in b.total_cells.iter().zip(&b.own_funds) {
            if qs[o].value > qs[t].value {
                out.push(
                    Diagnostic::new(
                        "AU015",
                        Severity::Error,
                        qs[t].span.clone(),
                        format!(
                            "年度资金总额栏为 {}，小于其中当年财政拨款 {}",
                            fmt_dec(qs[t].value),
                            fmt_dec(qs[o].value)
                        ),
                    )
                    .expected_found(format!("≥ {}", fmt_dec(qs[o].value)), fmt_dec(qs[t].value))
                    .related(qs[o].span.clone(), "其中：当年财政拨款")
                    .help("年度资金总额 = 当年财政拨款 + 上年结转资金 + 其他资金"),
                );
                break;
            }
        }
        // the total row against its sources, column by column: 当年财政拨款 + 上年结转 +
        // 其他资金 (each source row read with one cell per column, a dash for nothing)
        let (carried, other) = &b.sources;
        let n = b.total_cells.len();
        if n > 0
            && b.own_funds.len() == n
            && carried.len() == n
            && (other.is_empty() || other.len() == n)
            && !b
                .total_cells
                .iter()
                .zip(&b.own_funds)
                .any(|(&t, &o)| qs[o].value > qs[t].value)
        {
            for (k, c) in carried.iter().enumerate() {
                let t = b.total_cells[k];
                let o = b.own_funds[k];
                let sum = qs[o].value + c.value + other.get(k).map_or(Decimal::ZERO, |x| x.value);
                let tol = Decimal::new(5, qs[t].scale + 1)
                    + Decimal::new(5, qs[o].scale + 1)
                    + Decimal::new(5, c.scale + 1);
                if (sum - qs[t].value).abs() > tol {
                    out.push(
                        Diagnostic::new(
                            "AU015",
                            Severity::Warning,
                            qs[t].span.clone(),
                            format!(
                                "年度资金总额栏为 {}，但其中各来源之和为 {}",
                                fmt_dec(qs[t].value),
                                fmt_dec(sum)
                            ),
                        )
                        .expected_found(fmt_dec(sum), fmt_dec(qs[t].value))
                        .related(qs[o].span.clone(), "其中：当年财政拨款")
                        .related(c.span.clone(), "上年结转资金")
                        .help("年度资金总额 = 当年财政拨款 + 上年结转资金 + 其他资金"),
                    );
                    break;
                }
            }
        }
        sub_row_rates(cx, b, out);
        let w = qs[b.weight].value;
        // the computed rate, when the row gives budget and execution
        let computed = match (b.budget, b.executed) {
            (Some(bu), Some(e)) if qs[bu].value > Decimal::ZERO => {
                Some(qs[e].value * Decimal::ONE_HUNDRED / qs[bu].value)
            }
            _ => None,
        };
        // a rate written as a fraction ("0.985" for 98.5%)
        let fraction = |r: usize| qs[r].unit != Unit::Percent && qs[r].value <= Decimal::TWO;
        let pct = |r: usize| {
            if fraction(r) {
                qs[r].value * Decimal::ONE_HUNDRED
            } else {
                qs[r].value
            }
        };
        // (when the total row's budget is smaller than its own 其中 row, the rate may hold on
        // that row: the total's cell is the slip, reported above)
        let on_part = match (b.budget, b.executed, b.rate) {
            (Some(bu), Some(e), Some(r)) => b
                .total_cells
                .iter()
                .position(|&t| t == bu)
                .and_then(|k| b.own_funds.get(k))
                .filter(|&&o| qs[o].value > qs[bu].value)
                .is_some_and(|&o| {
                    let mut stated = qs[r].value;
                    stated.rescale(qs[r].scale);
                    let Some(c) = qs[e]
                        .value
                        .checked_mul(Decimal::ONE_HUNDRED)
                        .and_then(|x| x.checked_div(qs[o].value))
                    else {
                        return false;
                    };
                    written_matches(
                        stated,
                        if fraction(r) {
                            c / Decimal::ONE_HUNDRED
                        } else {
                            c
                        },
                    )
                }),
            _ => false,
        };
        let computed = if on_part { None } else { computed };
        if let (Some(c), Some(r)) = (computed, b.rate) {
            let rq = &qs[r];
            let mut stated = rq.value;
            stated.rescale(rq.scale);
            let c_written = if fraction(r) {
                c / Decimal::ONE_HUNDRED
            } else {
                c
            };
            if !rq.value.is_zero() && !written_matches(stated, c_written) {
                // a rate found away from its row, or one unit off in the last decimal, may be
                // another cell or a rounding of rounded figures: a warning
                let ulp = Decimal::new(1, rq.scale);
                let near = (round_half_up(c_written, rq.scale) - rq.value).abs() <= ulp;
                out.push(
                    Diagnostic::new(
                        "AU015",
                        if b.rate_displaced || near {
                            Severity::Warning
                        } else {
                            Severity::Error
                        },
                        rq.span.clone(),
                        format!(
                            "执行率写作 {}，但全年执行数 ÷ 全年预算数 = {}%",
                            rq.display(),
                            fmt_dec(round_half_up(c, rq.scale.max(2)))
                        ),
                    )
                    .expected_found(
                        fmt_dec(round_half_up(c_written, rq.scale)),
                        fmt_dec(rq.value),
                    )
                    .help("执行率 = 全年执行数 ÷ 全年预算数"),
                );
                continue;
            }
        }
        let rate = computed.or_else(|| b.rate.map(pct));
        let Some(rate) = rate else { continue };
        if rate.is_zero() && b.budget.is_some_and(|bu| qs[bu].value.is_zero()) {
            continue;
        }
        let Some(expected) = execution_score(rate, w) else {
            continue;
        };
        let sq = &qs[b.score];
        let mut stated = sq.value;
        stated.rescale(sq.scale);
        let also_stated_rate = b
            .rate
            .and_then(|r| execution_score(pct(r), w))
            .is_some_and(|e| written_matches(stated, e));
        if written_matches(stated, expected) || also_stated_rate || banded {
            continue;
        }
        // the sheet may state another scoring rule (bands, full marks from 90%): a warning
        let severity = Severity::Warning;
        out.push(
            Diagnostic::new(
                "AU015",
                severity,
                sq.span.clone(),
                format!(
                    "预算执行率得分写作 {}，按 min(分值 {}, 执行率 {}% × 分值) 应为 {}",
                    fmt_dec(sq.value),
                    fmt_dec(w),
                    fmt_dec(round_half_up(rate, 2)),
                    fmt_dec(round_half_up(expected, 2))
                ),
            )
            .expected_found(fmt_dec(round_half_up(expected, 2)), fmt_dec(sq.value))
            .related(qs[b.weight].span.clone(), format!("分值：{}", fmt_dec(w)))
            .help("预算执行率得分 = min(分值, 执行率 × 分值)"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check;

    #[test]
    fn a_rate_written_as_a_fraction() {
        let t = "项目资金（万元） 年初预算数 全年预算数 全年执行数 分值 执行率 得分\n年度资金总额 100 100 98.5 10 0.985 9.85\n";
        check("AU015", t, &[]);
        check(
            "AU015",
            &t.replace("0.985 9.85", "0.958 9.85"),
            &["error 0.958 expected=0.985 found=0.958"],
        );
    }

    #[test]
    fn rows_under_the_total_with_their_own_rate() {
        let t = "| 项目 | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |\n| 年度资金总额 | 1,560.00 | 1,648.30 | 1,602.47 | 10 | 97.22% | 9.72 |\n| 其中:基本支出 | 1,180.00 | 1,206.80 | 1,198.35 | — | 99.30% | — |\n| 项目支出 | 380.00 | 441.50 | 404.12 | — | 91.53% | — |\n| 一级指标 | 二级指标 | 三级指标 | 指标值 | 完成值 | 分值 | 得分 |\n";
        check("AU015", t, &[]);
        check(
            "AU015",
            &t.replace("99.30%", "99.03%"),
            &["warning 99.03% expected=99.3 found=99.03"],
        );
    }

    #[test]
    fn the_total_row_against_its_sources() {
        let t = "项目资金（万元） 年初预算数 全年预算数 全年执行数 分值 执行率 得分\n年度资金总额 300 340 336.72 10 99.04% 9.90\n其中：当年财政拨款 300 300 296.72 — — —\n上年结转资金 0 40 40 — — —\n其他资金 — — — — — —\n";
        check("AU015", t, &[]);
        check(
            "AU015",
            &t.replace("年度资金总额 300 340", "年度资金总额 300 345")
                .replace("99.04%", "97.60%")
                .replace("9.90", "9.76"),
            &["warning 345 expected=340 found=345"],
        );
        // a dash is nothing
        let t = "项目资金（万元） 年初预算数 全年预算数 全年执行数 分值 执行率 得分\n年度资金总额: 300 345 336.72 10 97.60% 9.76\n其中:本年财政拨款 300 300 296.72 - -\n上年结转资金 - 40 40 - -\n其他资金 - -\n";
        check("AU015", t, &["warning 345 expected=340 found=345"]);
        check(
            "AU015",
            &t.replace(" 345 ", " 340 ")
                .replace("97.60%", "99.04%")
                .replace("9.76", "9.90"),
            &[],
        );
    }

    #[test]
    fn a_sheet_that_states_its_own_bands() {
        let t = "项目资金（万元） 年初预算数 全年预算数 全年执行数 分值 执行率 得分\n年度资金总额 260.00 245.00 228.88 10 93.42% 8\n说明：1.预算执行率得分：执行率≥95%的得10分，90%（含）—95%的得8分，80%（含）—90%的得6分，80%以下不得分；\n";
        check("AU015", t, &[]);
        let t = t.replace("说明：1.预算执行率得分：执行率≥95%的得10分，90%（含）—95%的得8分，80%（含）—90%的得6分，80%以下不得分；\n", "");
        check("AU015", &t, &["warning 8 expected=9.34 found=8"]);
    }

    #[test]
    fn a_row_whose_cells_ran_together() {
        let t = "资金情况(万元)全年预算数(A)全年执行数(B)分值执行率(B/A)得分年度资金总额:48.546.761096.41%9.64其中:本年财政拨款48.546.76其他资金";
        check("AU015", t, &[]);
        check(
            "AU015",
            &t.replace("9.64其中", "9.46其中"),
            &["warning 9.46 expected=9.64 found=9.46"],
        );
        // with 年初预算数, and a rate that no split makes hold: nothing read
        let t = "年初预算数全年预算数全年执行数分值执行率得分年度资金总额2456.182456.182456.1810100%10其中";
        check("AU015", t, &[]);
        check(
            "AU015",
            &t.replace("100%10其中", "100%9其中"),
            &["warning 9 expected=10 found=9"],
        );
        check("AU015", &t.replace("100%10其中", "97%10其中"), &[]);
    }

    #[test]
    fn budget_rows() {
        check("AU015", "项目资金(万元) 年初预算数 全年预算数 全年执行数 分值 执行率 得分 年度资金总额: 0 0 0 10 0 0 其中:本年财政拨款 90 89.974 89.974 上年结转资金", &["error 0 expected=≥ 90 found=0"]);
        check("AU015", "年初预算数 全年预算数 全年执行数 分值 执行率 得分 250000.00 250000.00 215,457.6 10 8.62 250000.00", &[]);
        // the rate moved away from its row by the flattening: read, but only a warning
        check("AU015", "年初预算数 全年预算数 全年执行数 分值 执行率 得分 250000.00 250000.00 215,457.6 10 8.62 250000.00 250000.00 215457.6 — 上年结转资金 0 0 — 年度总体目标 86.19% 实际完成情况 已完成。一级指标 二级指标 三级指标 年度指标值", &["warning 86.19% expected=86.18 found=86.19"]);
        check("AU015", "年初预算数 全年预算数 全年执行数 分值 执行率 得分 250000.00 250000.00 215,457.6 10 8.62 250000.00 250000.00 215457.6 — 上年结转资金 0 0 — 年度总体目标 86.18% 实际完成情况 已完成。一级指标 二级指标 三级指标 年度指标值", &[]);
        check(
            "AU015",
            "全年预算数 全年执行数 分值 执行率 得分 65.66 65.07 10 99% 9 65.66",
            &[],
        );
        check(
            "AU015",
            "全年预算数 全年执行数 分值 执行率 得分 65.66 65.07 10 89% 9 65.66",
            &["error 89% expected=99 found=89"],
        );
        // one cell per line, the header split over cells
        let t = "预算数\n全年\n预算数\n全年\n执行数\n分值\n执行率\n得分\n年度资金总额\n43.2\n43.2\n37.24\n10\n76%\n9\n其中:当年财政拨款\n43.2\n";
        check("AU015", t, &["error 76% expected=86 found=76"]);
        check("AU015", &t.replace("76%", "86%"), &[]);
        // a total row whose budget is short of its own 其中 row: the rate holds on the row
        let t = "项目资金（万元）　年初预算数　全年预算数　全年执行数　分值　执行率　得分\n年度资金总额　150.00　150.00　158.40　10　96.00%　9.60\n其中：当年财政拨款　150.00　165.00　158.40　—　—　—\n上年结转资金　0.00　0.00　0.00　—　—　—\n";
        check("AU015", t, &["error 150.00 expected=≥ 165 found=150"]);
        check(
            "AU015",
            &t.replace("9.60", "9.06"),
            &[
                "error 150.00 expected=≥ 165 found=150",
                "warning 9.06 expected=9.6 found=9.06",
            ],
        );
        check(
            "AU015",
            "一级指标 二级指标 分值 得分\n项目管理 预算执行率10一100%9财务管理",
            &["warning 9 expected=10 found=9"],
        );
    }
}
