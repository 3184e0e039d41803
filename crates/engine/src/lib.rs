//! jixiao-engine: scoring rules, frameworks and the evaluation of a department-year against
//! a framework. No IO, no clock.
//!
//! - [`rules`]: the scoring rules, one file each (their doc comments are the user docs);
//! - [`framework`] / [`parse_framework`]: indicator frameworks as TOML data
//!   (`docs/frameworks.md`); [`builtin_frameworks`] are the shipped ones;
//! - [`evaluate`] / [`evaluate_project`]: the [`Evaluation`] every output reads.

pub mod alloc;
pub mod builtin;
pub mod evaluate;
pub mod evaluation;
pub mod framework;
pub mod interval;
pub mod loader;
pub mod project;
pub mod rules;

pub use builtin::{builtin, builtin_frameworks};
pub use evaluate::{evaluate, evaluate_values};
pub use evaluation::*;
pub use framework::{
    CostPlacement, DimensionPolicy, Framework, FrameworkKind, GradeBand, Leaf, Node, NodeKind,
    NotScorablePolicy, ProjectCategory, ProjectScheme, Rounding, RoundingMode,
};
pub use interval::{Interval, Join};
pub use loader::{item_span, parse_framework, Ctx, FrameworkError, Obj, BUILTIN_IDS};
pub use project::evaluate_project;
pub use rules::Rule;
