//! What an indicator evaluates to on one department-year, and the trace that explains it.
//!
//! This is the interface between the indicator catalogue (`catalogue`, one file per
//! indicator group under `indicators/`) and the scoring rules (`rules`, `framework`).

use std::borrow::Cow;

use jixiao_model::Assessment;
use rust_decimal::Decimal;
use serde::Serialize;

/// One input of a computation, with where it came from.
///
/// Text fields are `Cow<'static, str>`: fixed names and paths are borrowed, not allocated,
/// for each of the hundreds of thousands of values a batch computes; read them as `&str`
/// (`&*input.name`, `input.name.as_ref()`, or with `Display`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TraceInput {
    /// Chinese name, e.g. "三公经费实际支出".
    pub name: Cow<'static, str>,
    /// Field path in the department-year (`sangong.actual.total`), or a description for
    /// derived values ("按期间推算").
    pub path: Cow<'static, str>,
    #[serde(with = "decimal_str")]
    pub value: Decimal,
    /// "万元", "%", "个", "人", "件", "项" …
    pub unit: &'static str,
}

/// How a value was obtained: the formula, the inputs, the unrounded and rounded result.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Trace {
    /// Formula in Chinese, e.g. "三公经费实际支出 ÷ 三公经费调整预算 × 100%".
    pub formula: Cow<'static, str>,
    pub inputs: Vec<TraceInput>,
    /// Exact result before rounding (as many places as the division gives).
    #[serde(with = "opt_decimal_str")]
    pub exact: Option<Decimal>,
    /// Result rounded 四舍五入 to two places.
    #[serde(with = "opt_decimal_str")]
    pub result: Option<Decimal>,
    /// Remarks: basis chosen, caveats, comparison with stated figures.
    pub notes: Vec<String>,
}

/// An input that an indicator needed but the department-year does not have.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Missing {
    /// Chinese name, e.g. "三公经费实际支出".
    pub name: String,
    /// Field path in the input file, e.g. `sangong.actual.total`, or
    /// `progress[period=Q1].spent_pct` / `assessments[indicator=D14]` for an absent entry.
    pub path: String,
}

/// What an indicator is on one department-year.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Observation {
    /// A computed number (rates in percent).
    Number {
        #[serde(with = "decimal_str")]
        value: Decimal,
    },
    /// An evaluator's judgement of a qualitative indicator.
    Judgement { assessment: Assessment },
    /// Not scorable: never guessed. `missing` names every missing input; it is empty when
    /// the inputs are present but the formula is undefined (zero denominator, overflow), and
    /// then the first trace note says why — see [`IndicatorValue::not_scorable_reason`].
    NotScorable { missing: Vec<Missing> },
}

/// A figure the source report states for this indicator, compared with the computed value at
/// the precision the report wrote it with (92.7% and 92.71% are the same figure).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatedComparison {
    #[serde(with = "decimal_str")]
    pub stated: Decimal,
    #[serde(with = "decimal_str")]
    pub computed_at_stated_precision: Decimal,
    pub agrees: bool,
    pub location: Option<String>,
}

/// One indicator evaluated on one department-year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorValue {
    /// Catalogue id, e.g. "D12", "Q3", "L03".
    pub id: String,
    /// Chinese name, e.g. "三公经费控制率".
    pub name: String,
    /// Unit of `Number` values: "%" for rates.
    pub unit: &'static str,
    pub observation: Observation,
    pub trace: Trace,
    pub stated: Vec<StatedComparison>,
}

impl IndicatorValue {
    /// The rounded numeric value, if computed.
    pub fn number(&self) -> Option<Decimal> {
        match self.observation {
            Observation::Number { value } => Some(value),
            _ => None,
        }
    }

    /// Whether the value is not scorable.
    pub fn is_not_scorable(&self) -> bool {
        matches!(self.observation, Observation::NotScorable { .. })
    }

    /// Why the value is not scorable, in Chinese, for score sheets and reports; `None` when it
    /// is scorable.
    ///
    /// `NotScorable { missing }` has two causes: inputs are missing (the list names them), or
    /// the inputs are present but the formula is undefined — a zero denominator, a result
    /// beyond exact range, an invalid parameter — in which case `missing` is empty and the
    /// explanation is the first note of the trace.
    pub fn not_scorable_reason(&self) -> Option<String> {
        let Observation::NotScorable { missing } = &self.observation else {
            return None;
        };
        if missing.is_empty() {
            return Some(
                self.trace
                    .notes
                    .first()
                    .cloned()
                    .unwrap_or_else(|| "无法计算".to_string()),
            );
        }
        let list: Vec<String> = missing
            .iter()
            .map(|m| format!("{}（{}）", m.name, m.path))
            .collect();
        Some(format!("缺少：{}", list.join("、")))
    }
}

pub(crate) use jixiao_model::number::{
    decimal_text as decimal_str, opt_decimal_text as opt_decimal_str,
};
