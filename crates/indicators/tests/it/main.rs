//! All integration tests of jixiao-indicators, in one test binary.
//!
//! Every test goes through `check`: build a department-year, compute one indicator, render
//! the value in one line and compare with the expectation written inline.

mod golden;
mod longhua;
mod robustness;
mod stated;

use jixiao_indicators::{compute, IndicatorValue, Observation, Params};
use jixiao_model::{round2, DepartmentYear, Money, Num, Percent, StatedFigure};
use rust_decimal::Decimal;
use std::str::FromStr;

/// Money in 万元 from its written form.
pub fn m(text: &str) -> Option<Money> {
    Some(Money::from_str(text).expect("test money"))
}

/// A percentage from its written form.
pub fn p(text: &str) -> Option<Percent> {
    Some(Percent::from_str(text).expect("test percent"))
}

pub fn dec(text: &str) -> Decimal {
    Decimal::from_str(text).expect("test decimal")
}

pub fn stated(id: &str, value: &str) -> StatedFigure {
    StatedFigure {
        indicator: id.to_string(),
        value: Num(dec(value)),
        location: None,
    }
}

/// One line for a value:
/// - `92.71` for a number (rounded, as `Observation::Number` holds it);
/// - `缺少 name@path; name@path` when inputs are missing;
/// - `无法计算：<first note>` when inputs are present but the formula is undefined;
/// - `判断 <tier>` for a judgement.
pub fn render(v: &IndicatorValue) -> String {
    match &v.observation {
        Observation::Number { value } => value.to_string(),
        Observation::NotScorable { missing } if missing.is_empty() => {
            format!(
                "无法计算：{}",
                v.trace.notes.first().map_or("", |s| s.as_str())
            )
        }
        Observation::NotScorable { missing } => {
            let parts: Vec<String> = missing
                .iter()
                .map(|m| format!("{}@{}", m.name, m.path))
                .collect();
            format!("缺少 {}", parts.join("; "))
        }
        Observation::Judgement { assessment } => {
            format!("判断 {}", assessment.tier.as_deref().unwrap_or(""))
        }
    }
}

/// Invariants every value must satisfy, whatever the input.
pub fn assert_invariants(v: &IndicatorValue) {
    match &v.observation {
        Observation::Number { value } => {
            let exact = v.trace.exact.expect("a number has an exact result");
            assert_eq!(
                v.trace.result,
                Some(round2(exact)),
                "{}: result = round2(exact)",
                v.id
            );
            assert_eq!(*value, round2(exact), "{}: number = round2(exact)", v.id);
            assert!(!v.trace.inputs.is_empty(), "{}: a number has inputs", v.id);
            assert!(
                !v.trace.formula.is_empty(),
                "{}: a number has a formula",
                v.id
            );
        }
        Observation::NotScorable { missing } => {
            assert_eq!(v.trace.exact, None, "{}", v.id);
            assert_eq!(v.trace.result, None, "{}", v.id);
            if missing.is_empty() {
                assert!(
                    !v.trace.notes.is_empty(),
                    "{}: undefined needs a note",
                    v.id
                );
            }
            assert!(v.not_scorable_reason().is_some());
        }
        Observation::Judgement { .. } => assert_eq!(v.trace.exact, None),
    }
}

/// Compute `id` on a department-year built by `setup` with `params`, and compare.
pub fn check_with(
    id: &str,
    params: &Params,
    setup: impl FnOnce(&mut DepartmentYear),
    expect: &str,
) -> IndicatorValue {
    let mut d = DepartmentYear::default();
    setup(&mut d);
    let v = compute(id, &d, params).unwrap_or_else(|| panic!("{id} is in the catalogue"));
    assert_eq!(v.id, id);
    assert_invariants(&v);
    assert_eq!(render(&v), expect, "{id}: trace = {:#?}", v.trace);
    v
}

/// [`check_with`] under the default parameters.
pub fn check(id: &str, setup: impl FnOnce(&mut DepartmentYear), expect: &str) -> IndicatorValue {
    check_with(id, &Params::default(), setup, expect)
}

/// Assert some note of `v` contains `needle`.
pub fn assert_note(v: &IndicatorValue, needle: &str) {
    assert!(
        v.trace.notes.iter().any(|n| n.contains(needle)),
        "{}: no note contains «{needle}»; notes = {:#?}",
        v.id,
        v.trace.notes
    );
}

/// Assert the trace records an input at `path` with `value`.
pub fn assert_input(v: &IndicatorValue, path: &str, value: &str) {
    let found = v.trace.inputs.iter().find(|i| i.path == path);
    match found {
        Some(i) => assert_eq!(i.value, dec(value), "{}: input {path}", v.id),
        None => panic!(
            "{}: no input at {path}; inputs = {:#?}",
            v.id, v.trace.inputs
        ),
    }
}
