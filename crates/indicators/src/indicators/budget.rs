//! 预算执行 (budget execution): D05 重点支出安排率, D06 预算执行率, D07 预算调整率,
//! D09 结转结余率, D10 结转结余变动率, D11 公用经费控制率.
//!
//! All amounts in 万元. Rates are percentages.

use jixiao_model::DepartmentYear;

use super::{change, ratio, Calc, Outcome};
use crate::catalogue::IndicatorDef;
use crate::params::Params;
use crate::value::IndicatorValue;

/// Pick the adjusted-budget figure when present, else the initial one, noting which.
/// Returns the value with the Chinese name and path actually used.
fn adjusted_else_initial(
    c: &mut Calc,
    adjusted: Option<jixiao_model::Money>,
    initial: Option<jixiao_model::Money>,
    adjusted_name: &'static str,
    adjusted_path: &'static str,
    initial_name: &'static str,
    initial_path: &'static str,
) -> (Option<rust_decimal::Decimal>, &'static str, &'static str) {
    if adjusted.is_none() && initial.is_some() {
        c.note(format!(
            "未提供{adjusted_name}（{adjusted_path}），以{initial_name}（{initial_path}）作分母"
        ));
        (
            c.money(initial_name, initial_path, initial),
            initial_name,
            initial_path,
        )
    } else {
        (
            c.money(adjusted_name, adjusted_path, adjusted),
            adjusted_name,
            adjusted_path,
        )
    }
}

/// D05 重点支出安排率 = 重点项目支出 ÷ 项目支出 × 100%.
///
/// Numerator `budget.key_project_spending`; denominator the project budget
/// `budget.adjusted.project`, or `budget.initial.project` when no adjusted figure is given
/// (noted). Both are budget arrangements (预算安排数) in 53号; the key-project figure must be
/// on the same basis as the denominator.
pub fn key_spending_rate(def: &'static IndicatorDef, d: &DepartmentYear) -> IndicatorValue {
    let mut c = Calc::new(def);
    let num = c.money(
        "重点项目支出",
        "budget.key_project_spending",
        d.budget.key_project_spending,
    );
    let (den, name, path) = adjusted_else_initial(
        &mut c,
        d.budget.adjusted.project,
        d.budget.initial.project,
        "项目支出调整预算",
        "budget.adjusted.project",
        "项目支出年初预算",
        "budget.initial.project",
    );
    let formula = if path == "budget.adjusted.project" {
        "重点项目支出 ÷ 项目支出调整预算 × 100%"
    } else {
        "重点项目支出 ÷ 项目支出年初预算 × 100%"
    };
    let out = num.zip(den).map(|(n, dn)| ratio(n, dn, name, path));
    c.finish(formula, out, &d.stated)
}

/// D06 预算执行率 (预算完成率) = 决算支出 ÷ 调整后预算 × 100%.
///
/// `budget.final.total` ÷ `budget.adjusted.total`. There is no fallback to the initial
/// budget: a department whose budget was not adjusted enters the same figure as adjusted.
pub fn execution_rate(def: &'static IndicatorDef, d: &DepartmentYear) -> IndicatorValue {
    let mut c = Calc::new(def);
    let num = c.money(
        "决算支出",
        "budget.final.total",
        d.budget.final_accounts.total,
    );
    let den = c.money(
        "调整后预算",
        "budget.adjusted.total",
        d.budget.adjusted.total,
    );
    let out = num
        .zip(den)
        .map(|(n, dn)| ratio(n, dn, "调整后预算", "budget.adjusted.total"));
    c.finish("决算支出 ÷ 调整后预算 × 100%", out, &d.stated)
}

/// D07 预算调整率 = 预算调整数 ÷ 年初预算 × 100%,
/// 预算调整数 = 调整后预算 − 年初预算 − 可剔除的调整数.
///
/// `(budget.adjusted.total − budget.initial.total − budget.excluded_adjustment)
/// ÷ budget.initial.total`. 53号 allows adjustments caused by national policy, force majeure
/// or assigned ad-hoc tasks to be excluded: they are subtracted when
/// `budget.excluded_adjustment` is given and [`Params::subtract_excluded_adjustment`] is on
/// (the default); the trace says whether anything was subtracted. The rate is signed: a
/// budget cut gives a negative rate.
pub fn adjustment_rate(
    def: &'static IndicatorDef,
    d: &DepartmentYear,
    params: &Params,
) -> IndicatorValue {
    let mut c = Calc::new(def);
    let adjusted = c.money(
        "调整后预算",
        "budget.adjusted.total",
        d.budget.adjusted.total,
    );
    let initial = c.money("年初预算", "budget.initial.total", d.budget.initial.total);
    let excluded = match (
        d.budget.excluded_adjustment,
        params.subtract_excluded_adjustment,
    ) {
        (Some(x), true) => {
            c.note("已剔除因国家政策、不可抗力、临时交办任务等引起的调整数（budget.excluded_adjustment）");
            c.money("可剔除的调整数", "budget.excluded_adjustment", Some(x))
        }
        (Some(x), false) => {
            c.note(format!(
                "按参数设置未剔除可剔除的调整数 {} 万元（budget.excluded_adjustment）",
                x.as_wan()
            ));
            Some(rust_decimal::Decimal::ZERO)
        }
        (None, _) => {
            c.note("未提供可剔除的调整数（budget.excluded_adjustment），调整数未作剔除");
            Some(rust_decimal::Decimal::ZERO)
        }
    };
    let formula = if d.budget.excluded_adjustment.is_some() && params.subtract_excluded_adjustment {
        "(调整后预算 − 年初预算 − 可剔除的调整数) ÷ 年初预算 × 100%"
    } else {
        "(调整后预算 − 年初预算) ÷ 年初预算 × 100%"
    };
    let out = match (adjusted, initial, excluded) {
        (Some(a), Some(i), Some(x)) => {
            Some(match a.checked_sub(i).and_then(|v| v.checked_sub(x)) {
                Some(adj) => ratio(adj, i, "年初预算", "budget.initial.total"),
                None => Outcome::Undefined(super::OVERFLOW.to_string()),
            })
        }
        _ => None,
    };
    c.finish(formula, out, &d.stated)
}

/// D09 结转结余率 = 年末结转结余 ÷ 支出预算 × 100%.
///
/// `carryover.closing` ÷ `budget.adjusted.total` (支出预算 is the adjusted, full-year budget;
/// no fallback).
pub fn carryover_rate(def: &'static IndicatorDef, d: &DepartmentYear) -> IndicatorValue {
    let mut c = Calc::new(def);
    let num = c.money("年末结转结余", "carryover.closing", d.carryover.closing);
    let den = c.money(
        "调整后预算",
        "budget.adjusted.total",
        d.budget.adjusted.total,
    );
    let out = num
        .zip(den)
        .map(|(n, dn)| ratio(n, dn, "调整后预算", "budget.adjusted.total"));
    c.finish("年末结转结余 ÷ 调整后预算 × 100%", out, &d.stated)
}

/// D10 结转结余变动率 = (本年末结转结余 − 上年末结转结余) ÷ 上年末结转结余 × 100%.
///
/// Current `carryover.closing`; prior `prior_year.carryover_closing`, or when absent this
/// year's opening balance `carryover.opening` (the same figure by definition; noted).
pub fn carryover_change_rate(def: &'static IndicatorDef, d: &DepartmentYear) -> IndicatorValue {
    let mut c = Calc::new(def);
    let cur = c.money("本年末结转结余", "carryover.closing", d.carryover.closing);
    let (prior, name, path) = match (d.prior_year.carryover_closing, d.carryover.opening) {
        (None, Some(o)) => {
            c.note("未提供上年末结转结余（prior_year.carryover_closing），取本年年初结转结余（carryover.opening）");
            (
                c.money("年初结转结余", "carryover.opening", Some(o)),
                "年初结转结余",
                "carryover.opening",
            )
        }
        (p, _) => (
            c.money("上年末结转结余", "prior_year.carryover_closing", p),
            "上年末结转结余",
            "prior_year.carryover_closing",
        ),
    };
    let out = cur.zip(prior).map(|(a, b)| change(a, b, name, path));
    c.finish(
        "(本年末结转结余 − 上年末结转结余) ÷ 上年末结转结余 × 100%",
        out,
        &d.stated,
    )
}

/// D11 公用经费控制率 = 实际公用经费 ÷ 预算公用经费 × 100%.
///
/// `budget.final.public_funds` ÷ `budget.adjusted.public_funds`, or
/// `budget.initial.public_funds` when no adjusted figure is given (noted). The Longhua report
/// states 1,694.02 ÷ 1,699.63 = 99.67%.
pub fn public_funds_control_rate(def: &'static IndicatorDef, d: &DepartmentYear) -> IndicatorValue {
    let mut c = Calc::new(def);
    let num = c.money(
        "日常公用经费决算",
        "budget.final.public_funds",
        d.budget.final_accounts.public_funds,
    );
    let (den, name, path) = adjusted_else_initial(
        &mut c,
        d.budget.adjusted.public_funds,
        d.budget.initial.public_funds,
        "日常公用经费调整预算",
        "budget.adjusted.public_funds",
        "日常公用经费年初预算",
        "budget.initial.public_funds",
    );
    let formula = if path == "budget.adjusted.public_funds" {
        "日常公用经费决算 ÷ 日常公用经费调整预算 × 100%"
    } else {
        "日常公用经费决算 ÷ 日常公用经费年初预算 × 100%"
    };
    let out = num.zip(den).map(|(n, dn)| ratio(n, dn, name, path));
    c.finish(formula, out, &d.stated)
}
