//! One module per subcommand.

pub mod admin;
pub mod audit;
pub mod bench;
pub mod bench_dashboard;
pub mod bench_ledger;
pub mod bench_serve;
pub mod check;
pub mod convert;
pub mod evaluate;
pub mod export;
pub mod frameworks;
pub mod indicators;
pub mod ledger;
pub mod monitor;
pub mod monitor_export;
pub mod report;
pub mod review;
pub mod serve;
pub mod template;
