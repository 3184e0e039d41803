//! 预算执行 (budget execution): D05 重点支出安排率, D06 预算执行率, D07 预算调整率,
//! D09 结转结余率, D10 结转结余变动率, D11 公用经费控制率.
//!
//! All amounts in 万元. Rates are percentages.

use jixiao_model::DepartmentYear;

use super::{change, ratio, Calc, Outcome};
use crate::catalogue::IndicatorDef;
use crate::params::{BudgetBasis, CarryoverBasis, Params};
use crate::value::IndicatorValue;

/// One budget figure in its two versions, for a rate whose basis is a parameter.
pub(crate) struct BudgetPair {
    /// On the adjusted basis, use the initial figure when no adjusted one is given.
    pub fallback: bool,
    pub initial: Option<jixiao_model::Money>,
    pub initial_name: &'static str,
    pub initial_path: &'static str,
    pub adjusted: Option<jixiao_model::Money>,
    pub adjusted_name: &'static str,
    pub adjusted_path: &'static str,
}

/// Read the denominator of a rate on `basis`, recording it in the trace and noting the basis.
/// The adjusted basis falls back to the initial figure when no adjusted one is given and
/// `fallback` is set (a budget that was not adjusted), and says so; the initial basis never
/// uses the adjusted
/// figure (53号's 预算安排数 is the budget as compiled). Returns the value with the Chinese
/// name and path used.
pub(crate) fn on_basis(
    c: &mut Calc,
    basis: BudgetBasis,
    b: BudgetPair,
) -> (Option<rust_decimal::Decimal>, &'static str, &'static str) {
    match basis {
        BudgetBasis::Adjusted if b.fallback && b.adjusted.is_none() && b.initial.is_some() => {
            c.note(format!(
                "{}；未提供{}（{}），以{}（{}）作分母（视为预算未调整）",
                basis.label(),
                b.adjusted_name,
                b.adjusted_path,
                b.initial_name,
                b.initial_path
            ));
            (
                c.money(b.initial_name, b.initial_path, b.initial),
                b.initial_name,
                b.initial_path,
            )
        }
        BudgetBasis::Adjusted => {
            c.note(basis.label());
            (
                c.money(b.adjusted_name, b.adjusted_path, b.adjusted),
                b.adjusted_name,
                b.adjusted_path,
            )
        }
        BudgetBasis::Initial => {
            c.note(basis.label());
            (
                c.money(b.initial_name, b.initial_path, b.initial),
                b.initial_name,
                b.initial_path,
            )
        }
    }
}

/// D05 重点支出安排率 = 重点项目支出 ÷ 项目支出预算 × 100%.
///
/// Numerator `budget.key_project_spending`; denominator the project budget on
/// [`Params::key_spending_basis`]: `budget.initial.project` (default; 53号 "本年度预算安排的
/// 重点项目支出与部门项目总支出的比率") or `budget.adjusted.project`. The key-project figure
/// must be on the same basis as the denominator.
pub fn key_spending_rate(
    def: &'static IndicatorDef,
    d: &DepartmentYear,
    params: &Params,
) -> IndicatorValue {
    let mut c = Calc::new(def);
    let num = c.money(
        "重点项目支出",
        "budget.key_project_spending",
        d.budget.key_project_spending,
    );
    let (den, name, path) = on_basis(
        &mut c,
        params.key_spending_basis,
        BudgetPair {
            fallback: true,
            initial: d.budget.initial.project,
            initial_name: "项目支出年初预算",
            initial_path: "budget.initial.project",
            adjusted: d.budget.adjusted.project,
            adjusted_name: "项目支出调整预算",
            adjusted_path: "budget.adjusted.project",
        },
    );
    let formula = format!("重点项目支出 ÷ {name} × 100%");
    let out = num.zip(den).map(|(n, dn)| ratio(n, dn, name, path));
    c.finish(formula, out, &d.stated)
}

/// D06 预算执行率 (预算完成率) = 决算支出 ÷ 预算 × 100%.
///
/// `budget.final.total` ÷ the budget on [`Params::execution_rate_basis`]:
/// `budget.adjusted.total` (default, 调整后预算; no fallback to the initial budget: a
/// department whose budget was not adjusted enters the same figure as adjusted) or
/// `budget.initial.total` (年初预算, as some county sheets do).
pub fn execution_rate(
    def: &'static IndicatorDef,
    d: &DepartmentYear,
    params: &Params,
) -> IndicatorValue {
    let mut c = Calc::new(def);
    let num = c.money(
        "决算支出",
        "budget.final.total",
        d.budget.final_accounts.total,
    );
    let (den, name, path) = on_basis(
        &mut c,
        params.execution_rate_basis,
        BudgetPair {
            // No fallback: a department whose budget was not adjusted enters the same figure
            // as adjusted (a missing adjusted budget is missing, not "unchanged").
            fallback: false,
            initial: d.budget.initial.total,
            initial_name: "年初预算",
            initial_path: "budget.initial.total",
            adjusted: d.budget.adjusted.total,
            adjusted_name: "调整后预算",
            adjusted_path: "budget.adjusted.total",
        },
    );
    let formula = format!("决算支出 ÷ {name} × 100%");
    let out = num.zip(den).map(|(n, dn)| ratio(n, dn, name, path));
    c.finish(formula, out, &d.stated)
}

/// D07 预算调整率 = 预算调整数 ÷ 年初预算 × 100%, never negative.
///
/// 财预〔2013〕53号 counts every in-year 追加、追减 and 结构调整 as an adjustment, so a budget
/// cut is an adjustment too:
/// - when `budget.adjustments` gives the gross amounts, 预算调整数 = 追加 + 追减 + 调剂;
/// - otherwise 预算调整数 = |调整后预算 − 年初预算|, which is a lower bound of the gross
///   adjustment (a 追加 and an equal 追减 cancel out); the trace says so.
///
/// Adjustments caused by national policy, force majeure or assigned ad-hoc tasks
/// (`budget.excluded_adjustment`) are subtracted when [`Params::subtract_excluded_adjustment`]
/// is on (the default); an excluded amount larger than the adjustment leaves 0, noted.
pub fn adjustment_rate(
    def: &'static IndicatorDef,
    d: &DepartmentYear,
    params: &Params,
) -> IndicatorValue {
    let mut c = Calc::new(def);
    let initial = c.money("年初预算", "budget.initial.total", d.budget.initial.total);
    let gross = &d.budget.adjustments;
    let (adjustment, formula_head) = if gross.is_empty() {
        let adjusted = c.money(
            "调整后预算",
            "budget.adjusted.total",
            d.budget.adjusted.total,
        );
        c.note(
            "未提供预算调整发生额（budget.adjustments 追加/追减/调剂），预算调整数按 |调整后预算 − 年初预算| 计，\
             为实际调整数的下限（同时发生的追加与追减会相互抵消）",
        );
        let adj = adjusted
            .zip(initial)
            .map(|(a, i)| a.checked_sub(i).map(|x| x.abs()));
        (adj, "|调整后预算 − 年初预算|")
    } else {
        let parts = [
            ("追加预算", "budget.adjustments.added", gross.added),
            ("追减预算", "budget.adjustments.reduced", gross.reduced),
            (
                "调剂（结构调整）",
                "budget.adjustments.reallocated",
                gross.reallocated,
            ),
        ];
        let mut sum = Some(rust_decimal::Decimal::ZERO);
        for (name, path, v) in parts {
            match v {
                Some(m) => {
                    c.money(name, path, Some(m));
                    sum = sum.and_then(|s| s.checked_add(m.as_wan()));
                }
                None => c.note(format!("未填{name}（{path}），按 0 计")),
            }
        }
        c.note("预算调整数按调整发生额（追加 + 追减 + 调剂）计，追减与调剂同样计为调整");
        (sum.map(Some), "(追加 + 追减 + 调剂)")
    };
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
    let subtracting = d.budget.excluded_adjustment.is_some() && params.subtract_excluded_adjustment;
    let formula = if subtracting {
        format!("({formula_head} − 可剔除的调整数) ÷ 年初预算 × 100%")
    } else {
        format!("{formula_head} ÷ 年初预算 × 100%")
    };
    let out = match (adjustment, initial, excluded) {
        (Some(Some(a)), Some(i), Some(x)) => Some(match a.checked_sub(x) {
            Some(adj) if adj.is_sign_negative() && !adj.is_zero() => {
                c.note("可剔除的调整数大于预算调整数，调整率按 0 计");
                ratio(
                    rust_decimal::Decimal::ZERO,
                    i,
                    "年初预算",
                    "budget.initial.total",
                )
            }
            Some(adj) => ratio(adj, i, "年初预算", "budget.initial.total"),
            None => Outcome::Undefined(super::OVERFLOW.to_string()),
        }),
        (Some(None), Some(_), Some(_)) => Some(Outcome::Undefined(super::OVERFLOW.to_string())),
        _ => None,
    };
    c.finish(formula, out, &d.stated)
}

/// D09 结转结余率 = 年末结转结余 ÷ 支出预算（或支出决算） × 100%.
///
/// `carryover.closing` ÷ the denominator on [`Params::carryover_rate_basis`]:
/// `budget.adjusted.total` (default, 支出预算 = the adjusted, full-year budget; no fallback)
/// or `budget.final.total` (支出完成数, as some county sheets).
pub fn carryover_rate(
    def: &'static IndicatorDef,
    d: &DepartmentYear,
    params: &Params,
) -> IndicatorValue {
    let mut c = Calc::new(def);
    let num = c.money("年末结转结余", "carryover.closing", d.carryover.closing);
    let basis = params.carryover_rate_basis;
    c.note(basis.label());
    let (name, path, value) = match basis {
        CarryoverBasis::Budget => (
            "调整后预算",
            "budget.adjusted.total",
            d.budget.adjusted.total,
        ),
        CarryoverBasis::Actual => (
            "支出决算",
            "budget.final.total",
            d.budget.final_accounts.total,
        ),
    };
    let den = c.money(name, path, value);
    let out = num.zip(den).map(|(n, dn)| ratio(n, dn, name, path));
    c.finish(format!("年末结转结余 ÷ {name} × 100%"), out, &d.stated)
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
/// `budget.final.public_funds` ÷ the budget on [`Params::public_funds_control_basis`]:
/// `budget.initial.public_funds` (default, 53号 "预算安排公用经费总额") or
/// `budget.adjusted.public_funds`. The Longhua report states 1,694.02 ÷ 1,699.63 = 99.67%
/// on the adjusted basis.
pub fn public_funds_control_rate(
    def: &'static IndicatorDef,
    d: &DepartmentYear,
    params: &Params,
) -> IndicatorValue {
    let mut c = Calc::new(def);
    let num = c.money(
        "日常公用经费决算",
        "budget.final.public_funds",
        d.budget.final_accounts.public_funds,
    );
    let (den, name, path) = on_basis(
        &mut c,
        params.public_funds_control_basis,
        BudgetPair {
            fallback: true,
            initial: d.budget.initial.public_funds,
            initial_name: "日常公用经费年初预算",
            initial_path: "budget.initial.public_funds",
            adjusted: d.budget.adjusted.public_funds,
            adjusted_name: "日常公用经费调整预算",
            adjusted_path: "budget.adjusted.public_funds",
        },
    );
    let formula = format!("日常公用经费决算 ÷ {name} × 100%");
    let out = num.zip(den).map(|(n, dn)| ratio(n, dn, name, path));
    c.finish(formula, out, &d.stated)
}
