//! jixiao-model: the department-year (部门年度数据) and the exact numbers it is made of.
//!
//! Pure data and pure functions: no IO, no clock. See `ARCHITECTURE.md`.

pub mod department;
pub mod identities;
pub mod monitoring;
pub mod number;
pub mod period;
pub mod self_eval;
pub mod synth;
pub mod target_quality;
pub mod validate;
pub mod walk;

pub use department::*;
pub use monitoring::{
    Date, FundLine, Likelihood, Monitoring, PriorYearMonthly, ReasonCategory, TargetMonitoring,
};
pub use number::{
    round2, round_half_up, written_agree, written_matches, Money, MoneyUnit, Num, Percent,
};
pub use period::Period;
pub use self_eval::{SelfEvaluation, SelfScore};
pub use validate::{validate, Diagnostic, Severity};
