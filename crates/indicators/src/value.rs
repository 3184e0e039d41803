//! What an indicator evaluates to on one department-year, and the trace that explains it.
//!
//! This is the interface between the indicator catalogue (`catalogue`, one file per
//! indicator group under `indicators/`) and the scoring rules (`rules`, `framework`).

use jixiao_model::Assessment;
use rust_decimal::Decimal;
use serde::Serialize;

/// One input of a computation, with where it came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TraceInput {
    /// Chinese name, e.g. "三公经费实际支出".
    pub name: String,
    /// Field path in the department-year (`sangong.actual.total`), or a description for
    /// derived values ("按期间推算").
    pub path: String,
    #[serde(with = "decimal_str")]
    pub value: Decimal,
    /// "万元", "%", "个", "人", "件", "项" …
    pub unit: &'static str,
}

/// How a value was obtained: the formula, the inputs, the unrounded and rounded result.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Trace {
    /// Formula in Chinese, e.g. "三公经费实际支出 ÷ 三公经费调整预算 × 100%".
    pub formula: String,
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
    pub name: String,
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
    /// Inputs are missing: never guessed.
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
}

pub(crate) mod decimal_str {
    use rust_decimal::Decimal;
    use serde::Serializer;
    pub fn serialize<S: Serializer>(d: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(d)
    }
}

pub(crate) mod opt_decimal_str {
    use rust_decimal::Decimal;
    use serde::Serializer;
    pub fn serialize<S: Serializer>(d: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => s.collect_str(d),
            None => s.serialize_none(),
        }
    }
}
