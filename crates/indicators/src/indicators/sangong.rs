//! 三公经费 (the "three public expenses": 因公出国（境）, 公务接待, 公务用车购置及运行维护):
//! D12 三公经费控制率, D04 三公经费变动率, and the local additions L01 公务接待费变动率 and
//! L02 公务用车购置及运行维护费变动率.

use jixiao_model::{DepartmentYear, SangongFigures};
use rust_decimal::Decimal;

use super::{change, ratio, Calc};
use crate::catalogue::IndicatorDef;
use crate::params::{Params, SangongBasis};
use crate::value::IndicatorValue;

/// Which part of 三公经费 a change rate compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(usize)]
pub enum Component {
    /// 三公经费合计 (D04), field `total`.
    Total,
    /// 公务接待费 (L01), field `reception`.
    Reception,
    /// 公务用车购置及运行维护费 (L02), field `vehicle`; when absent, 购置费 + 运行维护费
    /// (`vehicle_purchase` + `vehicle_operation`) if both are given (noted).
    Vehicle,
}

impl Component {
    fn field(self) -> &'static str {
        match self {
            Component::Total => "total",
            Component::Reception => "reception",
            Component::Vehicle => "vehicle",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Component::Total => "三公经费",
            Component::Reception => "公务接待费",
            Component::Vehicle => "公务用车购置及运行维护费",
        }
    }

    fn get(self, f: &SangongFigures) -> Option<jixiao_model::Money> {
        match self {
            Component::Total => f.total,
            Component::Reception => f.reception,
            Component::Vehicle => f.vehicle,
        }
    }
}

/// One column of 三公经费 figures that a change rate reads.
#[derive(Debug, Clone, Copy)]
enum Column {
    /// `sangong.initial_budget`
    InitialBudget,
    /// `prior_year.sangong_budget`
    PriorBudget,
    /// `sangong.actual`
    Actual,
    /// `prior_year.sangong_actual`
    PriorActual,
}

/// Names and paths per column and component (total, reception, vehicle), static so that a
/// batch of thousands of department-years allocates none of them.
static NAMES: [[&str; 3]; 4] = [
    [
        "本年年初预算三公经费",
        "本年年初预算公务接待费",
        "本年年初预算公务用车购置及运行维护费",
    ],
    [
        "上年预算三公经费",
        "上年预算公务接待费",
        "上年预算公务用车购置及运行维护费",
    ],
    [
        "本年实际三公经费",
        "本年实际公务接待费",
        "本年实际公务用车购置及运行维护费",
    ],
    [
        "上年实际三公经费",
        "上年实际公务接待费",
        "上年实际公务用车购置及运行维护费",
    ],
];
static PATHS: [[&str; 3]; 4] = [
    [
        "sangong.initial_budget.total",
        "sangong.initial_budget.reception",
        "sangong.initial_budget.vehicle",
    ],
    [
        "prior_year.sangong_budget.total",
        "prior_year.sangong_budget.reception",
        "prior_year.sangong_budget.vehicle",
    ],
    [
        "sangong.actual.total",
        "sangong.actual.reception",
        "sangong.actual.vehicle",
    ],
    [
        "prior_year.sangong_actual.total",
        "prior_year.sangong_actual.reception",
        "prior_year.sangong_actual.vehicle",
    ],
];

/// Formulas per basis (budget, actual) and component.
static FORMULAS: [[&str; 3]; 2] = [
    [
        "(本年年初预算三公经费 − 上年预算三公经费) ÷ 上年预算三公经费 × 100%",
        "(本年年初预算公务接待费 − 上年预算公务接待费) ÷ 上年预算公务接待费 × 100%",
        "(本年年初预算公务用车购置及运行维护费 − 上年预算公务用车购置及运行维护费) ÷ 上年预算公务用车购置及运行维护费 × 100%",
    ],
    [
        "(本年实际三公经费 − 上年实际三公经费) ÷ 上年实际三公经费 × 100%",
        "(本年实际公务接待费 − 上年实际公务接待费) ÷ 上年实际公务接待费 × 100%",
        "(本年实际公务用车购置及运行维护费 − 上年实际公务用车购置及运行维护费) ÷ 上年实际公务用车购置及运行维护费 × 100%",
    ],
];

impl Column {
    fn base(self) -> &'static str {
        match self {
            Column::InitialBudget => "sangong.initial_budget",
            Column::PriorBudget => "prior_year.sangong_budget",
            Column::Actual => "sangong.actual",
            Column::PriorActual => "prior_year.sangong_actual",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Column::InitialBudget => "本年年初预算",
            Column::PriorBudget => "上年预算",
            Column::Actual => "本年实际",
            Column::PriorActual => "上年实际",
        }
    }

    fn name(self, comp: Component) -> &'static str {
        NAMES[self as usize][comp as usize]
    }

    fn path(self, comp: Component) -> &'static str {
        PATHS[self as usize][comp as usize]
    }
}

/// Read one component from one column, recording it; for the vehicle component fall back to
/// purchase + operation. Missing → recorded missing.
fn read(c: &mut Calc, figs: &SangongFigures, comp: Component, col: Column) -> Option<Decimal> {
    if let (Component::Vehicle, None, Some(p), Some(o)) = (
        comp,
        figs.vehicle,
        figs.vehicle_purchase,
        figs.vehicle_operation,
    ) {
        let (base, label) = (col.base(), col.label());
        let p = c.money(
            format!("{label}公务用车购置费"),
            format!("{base}.vehicle_purchase"),
            Some(p),
        )?;
        let o = c.money(
            format!("{label}公务用车运行维护费"),
            format!("{base}.vehicle_operation"),
            Some(o),
        )?;
        c.note(format!(
            "未提供{}，以购置费与运行维护费之和作为{}",
            col.path(comp),
            col.name(comp)
        ));
        let sum = p.checked_add(o)?;
        return Some(c.derived(
            col.name(comp),
            format!("{base}.vehicle_purchase + {base}.vehicle_operation"),
            "万元",
            sum,
        ));
    }
    c.money(col.name(comp), col.path(comp), comp.get(figs))
}

/// D04 三公经费变动率, L01 公务接待费变动率, L02 公务用车购置及运行维护费变动率
/// = (本年 − 上年) ÷ 上年 × 100%.
///
/// The basis is [`Params::sangong_change_basis`]:
/// - 预算口径 (default, 财预〔2013〕53号): `sangong.initial_budget.<part>` against
///   `prior_year.sangong_budget.<part>`. D04 belongs to 投入/预算配置, which judges the
///   budget as compiled, hence the initial (年初) budget.
/// - 决算口径: `sangong.actual.<part>` against `prior_year.sangong_actual.<part>`; when last
///   year's actual is missing but `sangong.actual_change_vs_prior.<part>` is given (reports
///   often say "与上年同期对比减少 0.21 万元"), last year = this year − change.
///
/// The trace names the basis. A zero prior-year figure makes the rate undefined (not
/// scorable), as the rate of change from nothing has no meaning.
pub fn change_rate(
    def: &'static IndicatorDef,
    d: &DepartmentYear,
    params: &Params,
    comp: Component,
) -> IndicatorValue {
    let mut c = Calc::new(def);
    let basis = params.sangong_change_basis;
    c.note(match basis {
        SangongBasis::Budget => "按预算口径计算（财预〔2013〕53号）",
        SangongBasis::Actual => "按决算（实际支出）口径计算",
    });
    let (cur, prior, prior_col) = match basis {
        SangongBasis::Budget => {
            let cur = read(
                &mut c,
                &d.sangong.initial_budget,
                comp,
                Column::InitialBudget,
            );
            let prior = read(
                &mut c,
                &d.prior_year.sangong_budget,
                comp,
                Column::PriorBudget,
            );
            (cur, prior, Column::PriorBudget)
        }
        SangongBasis::Actual => {
            let cur = read(&mut c, &d.sangong.actual, comp, Column::Actual);
            let prior_given = comp.get(&d.prior_year.sangong_actual).is_some()
                || (comp == Component::Vehicle
                    && d.prior_year.sangong_actual.vehicle_purchase.is_some()
                    && d.prior_year.sangong_actual.vehicle_operation.is_some());
            let change_given = comp.get(&d.sangong.actual_change_vs_prior);
            let prior = match (prior_given, change_given, cur) {
                (false, Some(chg), Some(cur)) => {
                    let chg = c.money(
                        format!("与上年相比变动额（{}）", comp.label()),
                        format!("sangong.actual_change_vs_prior.{}", comp.field()),
                        Some(chg),
                    );
                    c.note(format!(
                        "未提供上年实际支出（prior_year.sangong_actual.{}），以本年实际减去报告所列变动额推算",
                        comp.field()
                    ));
                    chg.and_then(|chg| cur.checked_sub(chg)).map(|p| {
                        c.derived(
                            format!("上年实际{}（推算）", comp.label()),
                            format!(
                                "sangong.actual.{0} − sangong.actual_change_vs_prior.{0}",
                                comp.field()
                            ),
                            "万元",
                            p,
                        )
                    })
                }
                _ => read(
                    &mut c,
                    &d.prior_year.sangong_actual,
                    comp,
                    Column::PriorActual,
                ),
            };
            (cur, prior, Column::PriorActual)
        }
    };
    let formula = FORMULAS[matches!(basis, SangongBasis::Actual) as usize][comp as usize];
    let out = match (cur, prior) {
        (Some(a), Some(b)) => Some(change(a, b, prior_col.name(comp), prior_col.path(comp))),
        _ if c.has_missing() => None,
        // Both present in the input but their arithmetic overflowed.
        _ => Some(super::Outcome::Undefined(super::OVERFLOW.to_string())),
    };
    c.finish(formula, out, &d.stated)
}

/// D12 三公经费控制率 = 三公经费实际支出 ÷ 三公经费预算 × 100%.
///
/// `sangong.actual.total` ÷ the budget on [`Params::sangong_control_basis`]:
/// `sangong.initial_budget.total` (default, 53号 "三公经费预算安排数") or
/// `sangong.adjusted_budget.total`. The Longhua report states 33.45 ÷ 36.08 = 92.71% on the
/// adjusted basis (and elsewhere 92.7%); on its initial budget of 4 万元 the rate is 836.25%.
pub fn control_rate(
    def: &'static IndicatorDef,
    d: &DepartmentYear,
    params: &Params,
) -> IndicatorValue {
    let mut c = Calc::new(def);
    let num = c.money(
        "三公经费实际支出",
        "sangong.actual.total",
        d.sangong.actual.total,
    );
    let (den, name, path) = super::budget::on_basis(
        &mut c,
        params.sangong_control_basis,
        super::budget::BudgetPair {
            fallback: true,
            initial: d.sangong.initial_budget.total,
            initial_name: "三公经费年初预算",
            initial_path: "sangong.initial_budget.total",
            adjusted: d.sangong.adjusted_budget.total,
            adjusted_name: "三公经费调整预算",
            adjusted_path: "sangong.adjusted_budget.total",
        },
    );
    let formula = format!("三公经费实际支出 ÷ {name} × 100%");
    let out = num.zip(den).map(|(n, dn)| ratio(n, dn, name, path));
    c.finish(formula, out, &d.stated)
}
