//! jixiao-engine: the indicator catalogue, scoring rules and frameworks. No IO, no clock.

pub mod value;

pub use value::{IndicatorValue, Missing, Observation, StatedComparison, Trace, TraceInput};
