//! jixiao-engine: scoring rules, frameworks and the evaluation of a department-year against
//! a framework. No IO, no clock.

pub mod evaluation;

pub use evaluation::*;
