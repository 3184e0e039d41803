//! jixiao-indicators: every standard indicator of domain.md §4 computed from a
//! department-year, each with a trace (inputs, formula, exact and rounded result).
//! No IO, no clock.

pub mod catalogue;
pub mod value;

pub use catalogue::{catalogue, find, Direction, IndicatorDef, Kind};
pub use value::{IndicatorValue, Missing, Observation, StatedComparison, Trace, TraceInput};
