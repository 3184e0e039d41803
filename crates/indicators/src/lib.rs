//! jixiao-indicators: every standard indicator of domain.md §4 computed from a
//! department-year, each with a trace (inputs, formula, exact and rounded result).
//! No IO, no clock.
//!
//! ```
//! use jixiao_indicators::{compute, BudgetBasis, Params};
//! use jixiao_model::{DepartmentYear, Money};
//! use rust_decimal::Decimal;
//!
//! let mut d = DepartmentYear::default();
//! d.sangong.initial_budget.total = Some(Money::wan(Decimal::new(4, 0)));
//! d.sangong.adjusted_budget.total = Some(Money::wan(Decimal::new(3608, 2)));
//! d.sangong.actual.total = Some(Money::wan(Decimal::new(3345, 2)));
//! // 53号's basis (预算安排数 = 年初预算) by default; the adjusted budget as a parameter.
//! let v = compute("D12", &d, &Params::default()).expect("D12 is in the catalogue");
//! assert_eq!(v.number(), Some(Decimal::new(83625, 2)));
//! let adjusted = Params { sangong_control_basis: BudgetBasis::Adjusted, ..Params::default() };
//! let v = compute("D12", &d, &adjusted).expect("D12 is in the catalogue");
//! assert_eq!(v.number(), Some(Decimal::new(9271, 2)));
//! ```

pub mod catalogue;
pub mod indicators;
pub mod params;
pub mod value;

use jixiao_model::DepartmentYear;

pub use catalogue::{catalogue, find, Direction, IndicatorDef, Kind};
pub use indicators::project::{project_execution_rate, PROJECT_EXECUTION_RATE};
pub use params::{BudgetBasis, CarryoverBasis, CompletionBasis, Params, ParamsError, SangongBasis};
pub use value::{IndicatorValue, Missing, Observation, StatedComparison, Trace, TraceInput};

/// Compute one catalogue indicator on a department-year.
///
/// `id` is a catalogue id (`"D12"`, `"Q3"`, `"L03"`) or the exact Chinese name. Returns `None`
/// only for an id the catalogue does not know; every known id gives a value, which is not
/// scorable when inputs are missing (see [`Observation::NotScorable`]).
pub fn compute(id: &str, d: &DepartmentYear, params: &Params) -> Option<IndicatorValue> {
    let def = find(id)?;
    indicators::dispatch(def, d, params)
}

/// Compute a catalogue entry given its definition (what [`compute`] does after the lookup).
pub fn compute_def(
    def: &'static IndicatorDef,
    d: &DepartmentYear,
    params: &Params,
) -> Option<IndicatorValue> {
    indicators::dispatch(def, d, params)
}

/// Compute every catalogue indicator, in catalogue order, with one exception: the monthly
/// rates `M01`–`M12` appear only for the months the department reports in `progress`
/// (most departments report quarters, and twelve "not scorable" rows would only be noise).
/// The quarterly rates `Q1`–`Q4` always appear (not scorable when the quarter is missing),
/// since quarterly reporting is the norm. A framework that scores a month the department
/// does not report gets its not-scorable value from [`compute`].
pub fn compute_all(d: &DepartmentYear, params: &Params) -> Vec<IndicatorValue> {
    let months = reported_months(d);
    let mut out = Vec::with_capacity(catalogue().len());
    for def in catalogue() {
        if let Some(jixiao_model::Period::Month(m)) = def
            .id
            .starts_with('M')
            .then(|| indicators::parse_period(def.id))
            .flatten()
        {
            if months & (1 << m) == 0 {
                continue;
            }
        }
        if let Some(v) = indicators::dispatch(def, d, params) {
            out.push(v);
        }
    }
    out
}

/// Bit `m` is set when `progress` has a point for month `m` (1–12).
fn reported_months(d: &DepartmentYear) -> u16 {
    d.progress
        .iter()
        .filter_map(|p| match indicators::parse_period(&p.period) {
            Some(jixiao_model::Period::Month(m)) => Some(1u16 << m),
            _ => None,
        })
        .fold(0, |a, b| a | b)
}
