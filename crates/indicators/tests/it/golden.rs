//! Golden tables: every formula with a normal case, a zero denominator, missing inputs and
//! the rounding edge (…5 in the third place rounds up, where banker's rounding would not).

use jixiao_indicators::{
    catalogue, compute, compute_all, project_execution_rate, Params, SangongBasis,
};
use jixiao_model::{
    Assessment, DepartmentYear, KeyTask, ProgressPoint, Project, ProjectStatus, Survey,
};

use super::{assert_input, assert_note, check, check_with, m, p, render};
use jixiao_indicators::{BudgetBasis, CompletionBasis};

type Setup = fn(&mut DepartmentYear);

/// Run a table of (setup, expectation) rows for one indicator under default parameters.
fn table(id: &str, rows: &[(Setup, &str)]) {
    for (setup, expect) in rows {
        check(id, setup, expect);
    }
}

/// The same under `params`.
fn table_with(id: &str, params: &Params, rows: &[(Setup, &str)]) {
    for (setup, expect) in rows {
        check_with(id, params, setup, expect);
    }
}

/// Parameters with every budget-based rate on the adjusted budget (as the Longhua report).
fn adjusted() -> Params {
    Params {
        public_funds_control_basis: BudgetBasis::Adjusted,
        sangong_control_basis: BudgetBasis::Adjusted,
        key_spending_basis: BudgetBasis::Adjusted,
        ..Params::default()
    }
}

#[test]
fn d03_staffing_control_rate() {
    table(
        "D03",
        &[
            (
                |d| (d.staffing.actual, d.staffing.authorized) = (Some(95), Some(100)),
                "95",
            ),
            (
                |d| (d.staffing.actual, d.staffing.authorized) = (Some(105), Some(100)),
                "105",
            ),
            (
                |d| (d.staffing.actual, d.staffing.authorized) = (Some(3), Some(0)),
                "无法计算：分母「编制数」（staffing.authorized）为 0，比率无意义，无法计算",
            ),
            (
                |_| {},
                "缺少 在职人数@staffing.actual; 编制数@staffing.authorized",
            ),
            (
                |d| d.staffing.actual = Some(3),
                "缺少 编制数@staffing.authorized",
            ),
            // 1 ÷ 160 = 0.625% → 0.63 (banker's would give 0.62)
            (
                |d| (d.staffing.actual, d.staffing.authorized) = (Some(1), Some(160)),
                "0.63",
            ),
        ],
    );
}

#[test]
fn d04_sangong_change_rate_budget_basis() {
    table(
        "D04",
        &[
            (
                |d| {
                    d.sangong.initial_budget.total = m("4");
                    d.prior_year.sangong_budget.total = m("5");
                },
                "-20",
            ),
            (
                |d| {
                    d.sangong.initial_budget.total = m("4");
                    d.prior_year.sangong_budget.total = m("0");
                },
                "无法计算：分母「上年预算三公经费」（prior_year.sangong_budget.total）为 0，比率无意义，无法计算",
            ),
            (
                |_| {},
                "缺少 本年年初预算三公经费@sangong.initial_budget.total; 上年预算三公经费@prior_year.sangong_budget.total",
            ),
            (
                |d| {
                    d.sangong.initial_budget.total = m("161");
                    d.prior_year.sangong_budget.total = m("160");
                },
                "0.63",
            ),
            // Actual figures are ignored on the budget basis.
            (
                |d| {
                    d.sangong.initial_budget.total = m("4");
                    d.sangong.actual.total = m("33.45");
                    d.prior_year.sangong_actual.total = m("35");
                },
                "缺少 上年预算三公经费@prior_year.sangong_budget.total",
            ),
        ],
    );
    let v = check(
        "D04",
        |d| {
            d.sangong.initial_budget.total = m("4");
            d.prior_year.sangong_budget.total = m("5");
        },
        "-20",
    );
    assert_note(&v, "按预算口径计算");
}

#[test]
fn d04_l01_l02_actual_basis() {
    let actual = Params {
        sangong_change_basis: SangongBasis::Actual,
        ..Params::default()
    };
    let v = check_with(
        "D04",
        &actual,
        |d| {
            d.sangong.actual.total = m("33.45");
            d.prior_year.sangong_actual.total = m("35");
        },
        // (33.45 − 35) ÷ 35 = −4.428571…%
        "-4.43",
    );
    assert_note(&v, "按决算（实际支出）口径计算");
    // Prior year derived from the stated change: 33.45 − (−0.21) = 33.66.
    let v = check_with(
        "D04",
        &actual,
        |d| {
            d.sangong.actual.total = m("33.45");
            d.sangong.actual_change_vs_prior.total = m("-0.21");
        },
        // −(−0.21) … (33.45 − 33.66) ÷ 33.66 = −0.62388…%
        "-0.62",
    );
    assert_input(
        &v,
        "sangong.actual.total − sangong.actual_change_vs_prior.total",
        "33.66",
    );
    assert_note(&v, "以本年实际减去报告所列变动额推算");
    check_with(
        "D04",
        &actual,
        |d| d.sangong.actual.total = m("33.45"),
        "缺少 上年实际三公经费@prior_year.sangong_actual.total",
    );
    check_with(
        "D04",
        &actual,
        |d| {
            d.sangong.actual.total = m("1");
            d.prior_year.sangong_actual.total = m("0");
        },
        "无法计算：分母「上年实际三公经费」（prior_year.sangong_actual.total）为 0，比率无意义，无法计算",
    );
    // L02: vehicle = purchase + operation when the total is not given.
    let v = check_with(
        "L02",
        &actual,
        |d| {
            d.sangong.actual.vehicle_purchase = m("33.98");
            d.sangong.actual.vehicle_operation = m("1.6");
            d.prior_year.sangong_actual.vehicle = m("30");
        },
        // (35.58 − 30) ÷ 30 = 18.6%
        "18.6",
    );
    assert_input(
        &v,
        "sangong.actual.vehicle_purchase + sangong.actual.vehicle_operation",
        "35.58",
    );
    assert_note(&v, "以购置费与运行维护费之和");
    check_with(
        "L02",
        &actual,
        |d| d.sangong.actual.vehicle_operation = m("1.6"),
        "缺少 本年实际公务用车购置及运行维护费@sangong.actual.vehicle; 上年实际公务用车购置及运行维护费@prior_year.sangong_actual.vehicle",
    );
    table(
        "L01",
        &[
            (
                |d| {
                    d.sangong.initial_budget.reception = m("0.5");
                    d.prior_year.sangong_budget.reception = m("0.4");
                },
                "25",
            ),
            (
                |d| {
                    d.sangong.initial_budget.reception = m("0.5");
                    d.prior_year.sangong_budget.reception = m("0");
                },
                "无法计算：分母「上年预算公务接待费」（prior_year.sangong_budget.reception）为 0，比率无意义，无法计算",
            ),
            (
                |_| {},
                "缺少 本年年初预算公务接待费@sangong.initial_budget.reception; 上年预算公务接待费@prior_year.sangong_budget.reception",
            ),
            (
                |d| {
                    d.sangong.initial_budget.reception = m("1.61");
                    d.prior_year.sangong_budget.reception = m("1.6");
                },
                "0.63",
            ),
        ],
    );
    table(
        "L02",
        &[
            (
                |d| {
                    d.sangong.initial_budget.vehicle = m("3.5");
                    d.prior_year.sangong_budget.vehicle = m("5");
                },
                "-30",
            ),
            (
                |d| {
                    d.sangong.initial_budget.vehicle = m("3.5");
                    d.prior_year.sangong_budget.vehicle = m("0");
                },
                "无法计算：分母「上年预算公务用车购置及运行维护费」（prior_year.sangong_budget.vehicle）为 0，比率无意义，无法计算",
            ),
            (
                |d| d.sangong.initial_budget.vehicle = m("3.5"),
                "缺少 上年预算公务用车购置及运行维护费@prior_year.sangong_budget.vehicle",
            ),
            (
                |d| {
                    d.sangong.initial_budget.vehicle = m("161");
                    d.prior_year.sangong_budget.vehicle = m("160");
                },
                "0.63",
            ),
        ],
    );
}

#[test]
fn d05_key_spending_rate() {
    // 53号: 本年度预算安排的重点项目支出 ÷ 项目总支出 — the project budget as compiled by default.
    let v = check(
        "D05",
        |d| {
            d.budget.key_project_spending = m("800");
            d.budget.adjusted.project = m("1000");
            d.budget.initial.project = m("500");
        },
        "160",
    );
    assert_note(&v, "以年初预算（预算安排数）为基数");
    assert_eq!(v.trace.formula, "重点项目支出 ÷ 项目支出年初预算 × 100%");
    check(
        "D05",
        |d| {
            d.budget.key_project_spending = m("800");
            d.budget.adjusted.project = m("1000");
        },
        "缺少 项目支出年初预算@budget.initial.project",
    );
    table_with(
        "D05",
        &adjusted(),
        &[
            (
                |d| {
                    d.budget.key_project_spending = m("800");
                    d.budget.adjusted.project = m("1000");
                    d.budget.initial.project = m("500");
                },
                "80",
            ),
            (
                |d| {
                    d.budget.key_project_spending = m("800");
                    d.budget.adjusted.project = m("0");
                },
                "无法计算：分母「项目支出调整预算」（budget.adjusted.project）为 0，比率无意义，无法计算",
            ),
            (
                |_| {},
                "缺少 重点项目支出@budget.key_project_spending; 项目支出调整预算@budget.adjusted.project",
            ),
            (
                |d| {
                    d.budget.key_project_spending = m("1.005");
                    d.budget.adjusted.project = m("100");
                },
                "1.01",
            ),
        ],
    );
    // On the adjusted basis an unadjusted budget (only the initial figure) is used, noted.
    let v = check_with(
        "D05",
        &adjusted(),
        |d| {
            d.budget.key_project_spending = m("300");
            d.budget.initial.project = m("400");
        },
        "75",
    );
    assert_note(&v, "以项目支出年初预算（budget.initial.project）作分母");
    assert_eq!(v.trace.formula, "重点项目支出 ÷ 项目支出年初预算 × 100%");
}

#[test]
fn d06_execution_rate() {
    table(
        "D06",
        &[
            (
                |d| {
                    d.budget.final_accounts.total = m("40161.25");
                    d.budget.adjusted.total = m("40295.14");
                },
                "99.67",
            ),
            (
                |d| {
                    d.budget.final_accounts.total = m("1");
                    d.budget.adjusted.total = m("0");
                },
                "无法计算：分母「调整后预算」（budget.adjusted.total）为 0，比率无意义，无法计算",
            ),
            // No fallback to the initial budget.
            (
                |d| {
                    d.budget.final_accounts.total = m("1");
                    d.budget.initial.total = m("2");
                },
                "缺少 调整后预算@budget.adjusted.total",
            ),
            (
                |d| {
                    d.budget.final_accounts.total = m("1.005");
                    d.budget.adjusted.total = m("100");
                },
                "1.01",
            ),
        ],
    );
}

#[test]
fn d07_adjustment_rate() {
    table(
        "D07",
        &[
            (
                |d| {
                    d.budget.adjusted.total = m("120");
                    d.budget.initial.total = m("100");
                },
                "20",
            ),
            // A cut is an adjustment too: never negative.
            (
                |d| {
                    d.budget.adjusted.total = m("90");
                    d.budget.initial.total = m("100");
                },
                "10",
            ),
            // Gross adjustments when given: 追加 50 + 追减 150 + 调剂 0 = 200 on 1,000, although
            // the budget ended 100 lower.
            (
                |d| {
                    d.budget.adjusted.total = m("900");
                    d.budget.initial.total = m("1000");
                    d.budget.adjustments.added = m("50");
                    d.budget.adjustments.reduced = m("150");
                    d.budget.adjustments.reallocated = m("0");
                },
                "20",
            ),
            (
                |d| {
                    d.budget.initial.total = m("1000");
                    d.budget.adjustments.added = m("50");
                    d.budget.excluded_adjustment = m("80");
                },
                "0",
            ),
            (
                |d| {
                    d.budget.adjusted.total = m("100");
                    d.budget.initial.total = m("100");
                },
                "0",
            ),
            (
                |d| {
                    d.budget.adjusted.total = m("120");
                    d.budget.initial.total = m("100");
                    d.budget.excluded_adjustment = m("5");
                },
                "15",
            ),
            (
                |d| {
                    d.budget.adjusted.total = m("120");
                    d.budget.initial.total = m("0");
                },
                "无法计算：分母「年初预算」（budget.initial.total）为 0，比率无意义，无法计算",
            ),
            (
                |d| d.budget.excluded_adjustment = m("5"),
                "缺少 年初预算@budget.initial.total; 调整后预算@budget.adjusted.total",
            ),
            (
                |d| {
                    d.budget.adjusted.total = m("101.005");
                    d.budget.initial.total = m("100");
                },
                "1.01",
            ),
        ],
    );
    let keep = Params {
        subtract_excluded_adjustment: false,
        ..Params::default()
    };
    let v = check_with(
        "D07",
        &keep,
        |d| {
            d.budget.adjusted.total = m("120");
            d.budget.initial.total = m("100");
            d.budget.excluded_adjustment = m("5");
        },
        "20",
    );
    assert_note(&v, "按参数设置未剔除");
    let v = check(
        "D07",
        |d| {
            d.budget.adjusted.total = m("120");
            d.budget.initial.total = m("100");
        },
        "20",
    );
    assert_note(&v, "未作剔除");
    assert_note(&v, "为实际调整数的下限");
}

fn point(period: &str, spent_pct: Option<&str>, time_pct: Option<&str>) -> ProgressPoint {
    ProgressPoint {
        period: period.to_string(),
        spent_pct: spent_pct.and_then(p),
        spent: None,
        time_pct: time_pct.and_then(p),
    }
}

#[test]
fn quarterly_and_monthly_rates() {
    table(
        "Q1",
        &[
            (
                |d| d.progress = vec![point("Q1", Some("26"), Some("25"))],
                "104",
            ),
            (
                |d| d.progress = vec![point("Q1", Some("26"), Some("0"))],
                "无法计算：分母「序时进度」（progress[0].time_pct）为 0，比率无意义，无法计算",
            ),
            (|_| {}, "缺少 累计支出进度@progress[period=Q1].spent_pct"),
            (
                |d| d.progress = vec![point("Q2", Some("51.4"), None), point("Q1", None, None)],
                "缺少 累计支出进度@progress[1].spent_pct",
            ),
            // 25.00125 ÷ 25 = 100.005% → 100.01
            (
                |d| d.progress = vec![point("Q1", Some("25.00125"), Some("25"))],
                "100.01",
            ),
        ],
    );
    // 序时进度 from the period when absent.
    let v = check(
        "Q3",
        |d| d.progress = vec![point("Q3", Some("78.8"), None)],
        "105.07",
    );
    assert_input(&v, "按期间 Q3 推算", "75");
    assert_note(&v, "未提供序时进度");
    // 支出进度 from the amount when absent: 13,100 ÷ 40,000 = 32.75%; ÷ 25% = 131%.
    let v = check(
        "Q1",
        |d| {
            d.budget.adjusted.total = m("40000");
            d.progress = vec![ProgressPoint {
                period: "Q1".into(),
                spent: m("13100"),
                time_pct: p("25"),
                ..ProgressPoint::default()
            }];
        },
        "131",
    );
    assert_input(
        &v,
        "progress[0].spent ÷ budget.adjusted.total × 100%",
        "32.75",
    );
    assert_note(&v, "以累计支出金额 ÷ 调整后预算推算");
    check(
        "Q1",
        |d| {
            d.progress = vec![ProgressPoint {
                period: "Q1".into(),
                spent: m("13100"),
                ..ProgressPoint::default()
            }]
        },
        "缺少 全年预算（调整后预算）@budget.adjusted.total",
    );
    check(
        "Q1",
        |d| {
            d.budget.adjusted.total = m("0");
            d.progress = vec![ProgressPoint {
                period: "Q1".into(),
                spent: m("13100"),
                ..ProgressPoint::default()
            }]
        },
        "无法计算：分母「全年预算（调整后预算）」（budget.adjusted.total）为 0，比率无意义，无法计算",
    );
    // Months: 序时进度 m/12 exact. 10 ÷ (100/12) = 120%.
    check(
        "M01",
        |d| d.progress = vec![point("M01", Some("10"), None)],
        "120",
    );
    check(
        "M06",
        |d| d.progress = vec![point("M6", Some("40"), None)],
        "80",
    );
    check(
        "M12",
        |_| {},
        "缺少 累计支出进度@progress[period=M12].spent_pct",
    );
    // Both progress and amount given: the stated progress is used, a mismatch noted
    // (13,100 ÷ 40,000 = 32.75%, not 30%).
    let v = check(
        "Q1",
        |d| {
            d.budget.adjusted.total = m("40000");
            d.progress = vec![ProgressPoint {
                period: "Q1".into(),
                spent_pct: p("30"),
                spent: m("13100"),
                time_pct: p("25"),
            }];
        },
        "120",
    );
    assert_note(&v, "与累计支出金额推算的 32.75%");
    // Agreement at the stated precision is not noted: 10,400 ÷ 40,000 = 26%.
    let v = check(
        "Q1",
        |d| {
            d.budget.adjusted.total = m("40000");
            d.progress = vec![ProgressPoint {
                period: "Q1".into(),
                spent_pct: p("26"),
                spent: m("10400"),
                time_pct: p("25"),
            }];
        },
        "104",
    );
    assert!(v.trace.notes.is_empty(), "{:?}", v.trace.notes);
    // A period listed twice: the first point is used, and the duplicate noted.
    let v = check(
        "Q2",
        |d| {
            d.progress = vec![
                point("Q2", Some("51.4"), Some("50")),
                point("第二季度", Some("60"), Some("50")),
            ]
        },
        "102.8",
    );
    assert_note(&v, "取第一个（progress[0]），progress[1] 未用");
    // A reported 序时进度 that differs from the period's is used, and noted.
    let v = check(
        "Q2",
        |d| d.progress = vec![point("Q2", Some("50"), Some("49.73"))],
        "100.54",
    );
    assert_note(&v, "与按期间推算的 50% 不同");
}

#[test]
fn d08_payment_progress_rate() {
    fn three(d: &mut DepartmentYear) {
        d.progress = vec![
            point("Q1", Some("26"), Some("25")),
            point("Q3", Some("78.8"), Some("75")),
            point("Q2", Some("51.4"), Some("50")),
        ];
    }
    let v = check("D08", three, "105.07");
    assert_note(&v, "取最后一个进度点：第三季度末");
    let q1 = Params {
        payment_progress_as_of: Some("Q1".into()),
        ..Params::default()
    };
    check_with("D08", &q1, three, "104");
    let q4 = Params {
        payment_progress_as_of: Some("Q4".into()),
        ..Params::default()
    };
    check_with(
        "D08",
        &q4,
        three,
        "缺少 累计支出进度@progress[period=Q4].spent_pct",
    );
    let bad = Params {
        payment_progress_as_of: Some("Q9".into()),
        ..Params::default()
    };
    check_with(
        "D08",
        &bad,
        three,
        "无法计算：参数 payment_progress_as_of 的期间「Q9」无效，应为 Q1–Q4 或 M01–M12",
    );
    check("D08", |_| {}, "缺少 累计支出进度@progress[].spent_pct");
    check(
        "D08",
        |d| d.progress = vec![point("Q1", Some("26"), Some("0"))],
        "无法计算：分母「序时进度」（progress[0].time_pct）为 0，比率无意义，无法计算",
    );
    check(
        "D08",
        |d| d.progress = vec![point("M09", Some("75.00375"), Some("75"))],
        "100.01",
    );
}

#[test]
fn d09_carryover_rate() {
    table(
        "D09",
        &[
            // 160.65 ÷ 40,295.14 = 0.3987%
            (
                |d| {
                    d.carryover.closing = m("160.65");
                    d.budget.adjusted.total = m("40295.14");
                },
                "0.4",
            ),
            (
                |d| {
                    d.carryover.closing = m("160.65");
                    d.budget.adjusted.total = m("0");
                },
                "无法计算：分母「调整后预算」（budget.adjusted.total）为 0，比率无意义，无法计算",
            ),
            (
                |d| d.budget.initial.total = m("1"),
                "缺少 年末结转结余@carryover.closing; 调整后预算@budget.adjusted.total",
            ),
            (
                |d| {
                    d.carryover.closing = m("1.005");
                    d.budget.adjusted.total = m("100");
                },
                "1.01",
            ),
        ],
    );
}

#[test]
fn d10_carryover_change_rate() {
    table(
        "D10",
        &[
            (
                |d| {
                    d.carryover.closing = m("160.65");
                    d.prior_year.carryover_closing = m("137.32");
                    d.carryover.opening = m("999");
                },
                "16.99",
            ),
            (
                |d| {
                    d.carryover.closing = m("160.65");
                    d.prior_year.carryover_closing = m("0");
                },
                "无法计算：分母「上年末结转结余」（prior_year.carryover_closing）为 0，比率无意义，无法计算",
            ),
            (
                |_| {},
                "缺少 本年末结转结余@carryover.closing; 上年末结转结余@prior_year.carryover_closing",
            ),
            (
                |d| {
                    d.carryover.closing = m("161");
                    d.prior_year.carryover_closing = m("160");
                },
                "0.63",
            ),
        ],
    );
    let v = check(
        "D10",
        |d| {
            d.carryover.closing = m("160.65");
            d.carryover.opening = m("137.32");
        },
        "16.99",
    );
    assert_note(&v, "取本年年初结转结余（carryover.opening）");
    assert_input(&v, "carryover.opening", "137.32");
}

#[test]
fn d11_public_funds_control_rate() {
    // 53号: 实际支出公用经费总额 ÷ 预算安排公用经费总额 — the initial budget by default:
    // 1,694.02 ÷ 1,752 = 96.69%.
    let v = check(
        "D11",
        |d| {
            d.budget.final_accounts.public_funds = m("1694.02");
            d.budget.adjusted.public_funds = m("1699.63");
            d.budget.initial.public_funds = m("1752");
        },
        "96.69",
    );
    assert_note(&v, "以年初预算（预算安排数）为基数");
    // The Longhua report's basis: 1,694.02 ÷ 1,699.63 = 99.67%.
    table_with(
        "D11",
        &adjusted(),
        &[
            (
                |d| {
                    d.budget.final_accounts.public_funds = m("1694.02");
                    d.budget.adjusted.public_funds = m("1699.63");
                    d.budget.initial.public_funds = m("1752");
                },
                "99.67",
            ),
            (
                |d| {
                    d.budget.final_accounts.public_funds = m("1");
                    d.budget.adjusted.public_funds = m("0");
                },
                "无法计算：分母「日常公用经费调整预算」（budget.adjusted.public_funds）为 0，比率无意义，无法计算",
            ),
            (
                |_| {},
                "缺少 日常公用经费决算@budget.final.public_funds; 日常公用经费调整预算@budget.adjusted.public_funds",
            ),
            (
                |d| {
                    d.budget.final_accounts.public_funds = m("1.005");
                    d.budget.adjusted.public_funds = m("100");
                },
                "1.01",
            ),
        ],
    );
    // Adjusted basis, no adjusted figure: the initial budget as the fallback, noted.
    let v = check_with(
        "D11",
        &adjusted(),
        |d| {
            d.budget.final_accounts.public_funds = m("1694.02");
            d.budget.initial.public_funds = m("1752");
        },
        "96.69",
    );
    assert_note(
        &v,
        "以日常公用经费年初预算（budget.initial.public_funds）作分母",
    );
    // Initial basis never falls back to the adjusted figure.
    check(
        "D11",
        |d| {
            d.budget.final_accounts.public_funds = m("1694.02");
            d.budget.adjusted.public_funds = m("1699.63");
        },
        "缺少 日常公用经费年初预算@budget.initial.public_funds",
    );
}

#[test]
fn d12_sangong_control_rate() {
    // 53号: 三公经费实际支出数 ÷ 三公经费预算安排数. On Longhua's 年初预算 of 4 万元 the rate
    // is 836.25%; on its 调整预算 36.08 万元 it is 92.71% (the report's figure).
    let v = check(
        "D12",
        |d| {
            d.sangong.actual.total = m("33.45");
            d.sangong.adjusted_budget.total = m("36.08");
            d.sangong.initial_budget.total = m("4");
        },
        "836.25",
    );
    assert_note(&v, "以年初预算（预算安排数）为基数");
    assert_eq!(
        v.trace.formula,
        "三公经费实际支出 ÷ 三公经费年初预算 × 100%"
    );
    table_with(
        "D12",
        &adjusted(),
        &[
            (
                |d| {
                    d.sangong.actual.total = m("33.45");
                    d.sangong.adjusted_budget.total = m("36.08");
                    d.sangong.initial_budget.total = m("4");
                },
                "92.71",
            ),
            (
                |d| {
                    d.sangong.actual.total = m("0");
                    d.sangong.adjusted_budget.total = m("0");
                },
                "无法计算：分母「三公经费调整预算」（sangong.adjusted_budget.total）为 0，比率无意义，无法计算",
            ),
            (
                |d| d.sangong.adjusted_budget.total = m("36.08"),
                "缺少 三公经费实际支出@sangong.actual.total",
            ),
            (
                |d| {
                    d.sangong.actual.total = m("1.005");
                    d.sangong.adjusted_budget.total = m("100");
                },
                "1.01",
            ),
        ],
    );
    let v = check_with(
        "D12",
        &adjusted(),
        |d| {
            d.sangong.actual.total = m("33.45");
            d.sangong.initial_budget.total = m("4");
        },
        "836.25",
    );
    assert_note(
        &v,
        "以三公经费年初预算（sangong.initial_budget.total）作分母",
    );
}

#[test]
fn d13_procurement_execution_rate() {
    table(
        "D13",
        &[
            (
                |d| {
                    d.procurement.actual.total = m("44874.55");
                    d.procurement.plan.total = m("45674.32");
                    d.procurement.initial_budget = m("2190");
                },
                "98.25",
            ),
            (
                |d| {
                    d.procurement.actual.total = m("1");
                    d.procurement.plan.total = m("0");
                },
                "无法计算：分母「政府采购计划金额」（procurement.plan.total）为 0，比率无意义，无法计算",
            ),
            // The 政府采购年初预算 is not the plan.
            (
                |d| {
                    d.procurement.actual.total = m("1");
                    d.procurement.initial_budget = m("2190");
                },
                "缺少 政府采购计划金额@procurement.plan.total",
            ),
            (
                |d| {
                    d.procurement.actual.total = m("1.005");
                    d.procurement.plan.total = m("100");
                },
                "1.01",
            ),
        ],
    );
}

#[test]
fn d20_fixed_asset_utilisation() {
    table(
        "D20",
        &[
            (
                |d| {
                    d.assets.fixed_in_use_value = m("56603.11");
                    d.assets.fixed_original_value = m("56603.11");
                },
                "100",
            ),
            (
                |d| {
                    d.assets.fixed_in_use_value = m("0");
                    d.assets.fixed_original_value = m("0");
                },
                "无法计算：分母「固定资产账面原值」（assets.fixed_original_value）为 0，比率无意义，无法计算",
            ),
            (
                |d| d.assets.fixed_original_value = m("56603.11"),
                "缺少 在用固定资产原值@assets.fixed_in_use_value",
            ),
            (
                |d| {
                    d.assets.fixed_in_use_value = m("1.005");
                    d.assets.fixed_original_value = m("100");
                },
                "1.01",
            ),
        ],
    );
}

fn project(
    status: Option<ProjectStatus>,
    on_time: Option<bool>,
    quality_ok: Option<bool>,
) -> Project {
    Project {
        name: "项目".into(),
        status,
        on_time,
        quality_ok,
        ..Project::default()
    }
}

#[test]
fn d21_to_d23_project_outputs() {
    table(
        "D21",
        &[
            (
                |d| (d.projects.completed_count, d.projects.planned_count) = (Some(48), Some(48)),
                "100",
            ),
            (
                |d| (d.projects.completed_count, d.projects.planned_count) = (Some(0), Some(0)),
                "无法计算：分母「计划项目数」（projects.planned_count）为 0，比率无意义，无法计算",
            ),
            (
                |d| d.projects.completed_count = Some(3),
                "缺少 计划项目数@projects.planned_count",
            ),
            (
                |_| {},
                "缺少 完成项目数@projects.completed_count; 计划项目数@projects.planned_count",
            ),
            (
                |d| (d.projects.completed_count, d.projects.planned_count) = (Some(1), Some(160)),
                "0.63",
            ),
        ],
    );
    // 53号: 及时完成（质量达标）的实际工作数 ÷ 计划工作数 by default.
    table(
        "D22",
        &[
            (
                |d| {
                    (
                        d.projects.on_time_count,
                        d.projects.planned_count,
                        d.projects.completed_count,
                    ) = (Some(45), Some(50), Some(48))
                },
                "90",
            ),
            (
                |d| (d.projects.on_time_count, d.projects.planned_count) = (Some(0), Some(0)),
                "无法计算：分母「计划项目数」（projects.planned_count）为 0，比率无意义，无法计算",
            ),
            (
                |d| d.projects.planned_count = Some(48),
                "缺少 按时完成项目数@projects.on_time_count",
            ),
        ],
    );
    table(
        "D23",
        &[
            (
                |d| (d.projects.quality_count, d.projects.planned_count) = (Some(47), Some(50)),
                "94",
            ),
            (
                |d| d.projects.quality_count = Some(1),
                "缺少 计划项目数@projects.planned_count",
            ),
        ],
    );
    let completed = Params {
        completion_basis: CompletionBasis::Completed,
        ..Params::default()
    };
    table_with(
        "D22",
        &completed,
        &[
            (|d| (d.projects.on_time_count, d.projects.planned_count, d.projects.completed_count) = (Some(45), Some(50), Some(48)), "93.75"),
            (
                |d| (d.projects.on_time_count, d.projects.completed_count) = (Some(0), Some(0)),
                "无法计算：分母「完成项目数」（projects.completed_count）为 0，比率无意义，无法计算",
            ),
            (|d| d.projects.completed_count = Some(48), "缺少 按时完成项目数@projects.on_time_count"),
            (|d| (d.projects.on_time_count, d.projects.completed_count) = (Some(1), Some(160)), "0.63"),
        ],
    );
    table_with(
        "D23",
        &completed,
        &[
            (|d| (d.projects.quality_count, d.projects.completed_count) = (Some(47), Some(50)), "94"),
            (
                |d| (d.projects.quality_count, d.projects.completed_count) = (Some(0), Some(0)),
                "无法计算：分母「完成项目数」（projects.completed_count）为 0，比率无意义，无法计算",
            ),
            (|d| d.projects.quality_count = Some(1), "缺少 完成项目数@projects.completed_count"),
            (|d| (d.projects.quality_count, d.projects.completed_count) = (Some(1), Some(160)), "0.63"),
        ],
    );
    // From the project list when no counts are given.
    fn listed(d: &mut DepartmentYear) {
        use ProjectStatus::*;
        d.projects.items = vec![
            project(Some(Completed), Some(true), Some(true)),
            project(Some(Completed), Some(false), Some(true)),
            project(Some(InProgress), None, None),
            project(Some(Completed), Some(true), Some(false)),
        ];
    }
    let v = check("D21", listed, "75");
    assert_note(&v, "按明细清单（projects.project[*].status）逐项统计");
    // Planned basis: 2 of the 4 listed projects were completed on time / up to standard.
    check("D22", listed, "50");
    check("D23", listed, "50");
    // Completed basis: 2 of the 3 completed.
    check_with("D22", &completed, listed, "66.67");
    check_with("D23", &completed, listed, "66.67");
    // A completed project without the on_time flag: the list is not used.
    check_with(
        "D22",
        &completed,
        |d| {
            listed(d);
            d.projects.items[0].on_time = None;
        },
        "缺少 按时完成项目数@projects.on_time_count; 完成项目数@projects.completed_count",
    );
    // Counts take precedence over the list.
    check(
        "D21",
        |d| {
            listed(d);
            (d.projects.completed_count, d.projects.planned_count) = (Some(48), Some(48));
        },
        "100",
    );
}

#[test]
fn d24_key_task_rate() {
    table(
        "D24",
        &[
            (|d| (d.key_tasks.completed_count, d.key_tasks.assigned_count) = (Some(7), Some(7)), "100"),
            (
                |d| (d.key_tasks.completed_count, d.key_tasks.assigned_count) = (Some(0), Some(0)),
                "无法计算：分母「交办重点工作数」（key_tasks.assigned_count）为 0，比率无意义，无法计算",
            ),
            (|d| d.key_tasks.assigned_count = Some(7), "缺少 重点工作完成数@key_tasks.completed_count"),
            (|d| (d.key_tasks.completed_count, d.key_tasks.assigned_count) = (Some(1), Some(160)), "0.63"),
        ],
    );
    let task = |completed| KeyTask {
        description: "任务".into(),
        completed,
        ..KeyTask::default()
    };
    let tasks = vec![task(Some(true)), task(Some(true)), task(Some(false))];
    let v = check("D24", |d| d.key_tasks.items = tasks.clone(), "66.67");
    assert_note(&v, "key_tasks.task[*].completed");
    check(
        "D24",
        |d| d.key_tasks.items = vec![task(Some(true)), task(None)],
        "缺少 重点工作完成数@key_tasks.completed_count; 交办重点工作数@key_tasks.assigned_count",
    );
}

fn survey(satisfied: Option<u32>, respondents: Option<u32>, rate: Option<&str>) -> Survey {
    Survey {
        name: "调查".into(),
        satisfied,
        respondents,
        rate: rate.and_then(p),
        method: None,
    }
}

#[test]
fn d28_satisfaction() {
    table(
        "D28",
        &[
            // 1,498 ÷ 1,500 = 99.8666…%
            (|d| d.satisfaction = vec![survey(Some(1498), Some(1500), None)], "99.87"),
            (
                |d| d.satisfaction = vec![survey(Some(0), Some(0), None)],
                "无法计算：分母「有效样本数」（satisfaction[0].respondents）为 0，比率无意义，无法计算",
            ),
            (|_| {}, "缺少 满意度调查@satisfaction"),
            (
                |d| d.satisfaction = vec![survey(Some(10), None, None)],
                "缺少 满意率（或满意样本数与有效样本数）@satisfaction[0].rate",
            ),
            (|d| d.satisfaction = vec![survey(Some(1), Some(160), None)], "0.63"),
            // Pooled counts: (90 + 190) ÷ (100 + 200) = 93.33%, not the mean 92.5%.
            (
                |d| d.satisfaction = vec![survey(Some(90), Some(100), None), survey(Some(190), Some(200), None)],
                "93.33",
            ),
            // Weighted by respondents: (90 × 100 + 95 × 200) ÷ 300 = 93.33%.
            (
                |d| d.satisfaction = vec![survey(Some(90), Some(100), None), survey(None, Some(200), Some("95"))],
                "93.33",
            ),
            // Mean of rates when some survey gives no respondents: (90 + 95) ÷ 2.
            (
                |d| d.satisfaction = vec![survey(Some(90), Some(100), None), survey(None, None, Some("95"))],
                "92.5",
            ),
            (
                |d| d.satisfaction = vec![survey(Some(90), Some(100), None), survey(None, None, None)],
                "缺少 满意率（或满意样本数与有效样本数）@satisfaction[1].rate",
            ),
        ],
    );
    let v = check(
        "D28",
        |d| d.satisfaction = vec![survey(None, None, Some("99.87"))],
        "99.87",
    );
    assert_note(&v, "取调查报告的满意率");
    let v = check(
        "D28",
        |d| d.satisfaction = vec![survey(Some(1498), Some(1500), Some("99.5"))],
        "99.87",
    );
    assert_note(&v, "与样本数计算的 99.8667% 不一致");
    let v = check(
        "D28",
        |d| {
            d.satisfaction = vec![
                survey(None, None, Some("90")),
                survey(None, None, Some("95")),
            ]
        },
        "92.5",
    );
    assert_note(&v, "算术平均");
}

#[test]
fn l03_petition_reply_rate() {
    table(
        "L03",
        &[
            (
                |d| (d.petitions.answered_on_time, d.petitions.received) = (Some(9), Some(10)),
                "90",
            ),
            (
                |d| (d.petitions.answered_on_time, d.petitions.received) = (Some(0), Some(0)),
                "无法计算：分母「收到件数」（petitions.received）为 0，比率无意义，无法计算",
            ),
            (
                |_| {},
                "缺少 按期回复件数@petitions.answered_on_time; 收到件数@petitions.received",
            ),
            (
                |d| d.petitions.all_answered_on_time = Some(false),
                "缺少 按期回复件数@petitions.answered_on_time; 收到件数@petitions.received",
            ),
            (
                |d| (d.petitions.answered_on_time, d.petitions.received) = (Some(1), Some(160)),
                "0.63",
            ),
            (
                |d| {
                    d.petitions.all_answered_on_time = Some(true);
                    d.petitions.received = Some(0);
                },
                "无法计算：分母「收到件数」（petitions.received）为 0，比率无意义，无法计算",
            ),
        ],
    );
    let v = check(
        "L03",
        |d| d.petitions.all_answered_on_time = Some(true),
        "100",
    );
    assert_note(&v, "依据定性陈述");
    // Counts win over the statement, and a contradiction is noted.
    let v = check(
        "L03",
        |d| {
            d.petitions.all_answered_on_time = Some(true);
            (d.petitions.answered_on_time, d.petitions.received) = (Some(9), Some(10));
        },
        "90",
    );
    assert_note(&v, "报告称已全部按期回复");
}

#[test]
fn qualitative_indicators_take_the_assessment() {
    let qualitative: Vec<&str> = catalogue()
        .iter()
        .filter(|d| d.kind == jixiao_indicators::Kind::Qualitative)
        .map(|d| d.id)
        .collect();
    assert_eq!(
        qualitative,
        [
            "D01", "D02", "D14", "D15", "D16", "D17", "D18", "D19", "D25", "D26", "D27", "L04",
            "L05"
        ]
    );
    for id in qualitative {
        let expect = format!("缺少 评价人判断@assessments[indicator={id}]");
        check(id, |_| {}, &expect);
    }
    let assess = |id: &str, tier: &str| Assessment {
        indicator: id.into(),
        tier: Some(tier.into()),
        reason: "制度健全且执行".into(),
        ..Assessment::default()
    };
    let v = check(
        "D14",
        |d| {
            d.assessments = vec![
                assess("D15", "未达成"),
                assess("D14", "达成"),
                assess("D14", "部分达成"),
            ]
        },
        "判断 达成",
    );
    assert_note(&v, "取第一条（assessments[1]）");
}

#[test]
fn project_execution_rate_per_project() {
    let rows: [(Option<&str>, Option<&str>, &str); 4] = [
        (Some("95"), Some("100"), "95"),
        (
            Some("1"),
            Some("0"),
            "无法计算：分母「全年预算数」（projects.project[3].budget_annual）为 0，比率无意义，无法计算",
        ),
        (None, Some("100"), "缺少 全年执行数@projects.project[3].spent"),
        (Some("1.005"), Some("100"), "1.01"),
    ];
    for (spent, budget, expect) in rows {
        let proj = Project {
            name: "政务服务大厅运营".into(),
            spent: spent.and_then(m),
            budget_annual: budget.and_then(m),
            budget_initial: m("100"),
            ..Project::default()
        };
        let v = project_execution_rate(&proj, 3);
        super::assert_invariants(&v);
        assert_eq!(v.id, "P01");
        assert_eq!(render(&v), expect);
        assert_note(&v, "项目：政务服务大厅运营");
    }
}

#[test]
fn every_catalogue_entry_computes_and_unknown_ids_do_not() {
    let d = DepartmentYear::default();
    let params = Params::default();
    for def in catalogue() {
        let v = compute(def.id, &d, &params).unwrap_or_else(|| panic!("{} computes", def.id));
        assert_eq!(v.id, def.id);
        assert_eq!(v.name, def.name);
        // Nothing is given, so nothing is scorable, and every value says why.
        assert!(v.is_not_scorable(), "{}", def.id);
        assert!(
            v.not_scorable_reason()
                .is_some_and(|r| r.starts_with("缺少：")),
            "{}",
            def.id
        );
    }
    assert!(compute("D99", &d, &params).is_none());
    assert!(compute("", &d, &params).is_none());
    // The exact Chinese name also finds the entry.
    let v = compute("三公经费控制率", &d, &params).expect("by name");
    assert_eq!(v.id, "D12");
}

#[test]
fn compute_all_lists_months_only_when_reported() {
    let mut d = DepartmentYear::default();
    let ids = |d: &DepartmentYear| -> Vec<String> {
        compute_all(d, &Params::default())
            .into_iter()
            .map(|v| v.id)
            .collect()
    };
    let all = ids(&d);
    let expected: Vec<&str> = catalogue()
        .iter()
        .map(|d| d.id)
        .filter(|id| !id.starts_with('M'))
        .collect();
    assert_eq!(all, expected);
    d.progress = vec![
        point("M03", Some("20"), None),
        point("Q1", Some("20"), None),
    ];
    let all = ids(&d);
    assert!(all.contains(&"M03".to_string()));
    assert!(!all.contains(&"M04".to_string()));
    assert_eq!(all.len(), expected.len() + 1);
}
