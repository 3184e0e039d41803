//! Microbenchmark: `compute_all` with full traces on 10,000 department-years shaped like the
//! Longhua 2021 one (every quantitative input present, four stated figures).
//!
//! `cargo bench -p jixiao-indicators` — prints the time per 10,000 department-years.

use std::hint::black_box;
use std::str::FromStr;
use std::time::Instant;

use jixiao_indicators::{compute_all, Params};
use jixiao_model::{DepartmentYear, Money, Num, Percent, ProgressPoint, StatedFigure, Survey};
use rust_decimal::Decimal;

fn m(s: &str) -> Option<Money> {
    Money::from_str(s).ok()
}

fn department(i: u32) -> DepartmentYear {
    let mut d = DepartmentYear::default();
    d.budget.initial.total = m("23260");
    d.budget.adjusted.total = m("40295.14");
    d.budget.final_accounts.total = Some(Money::wan(Decimal::new(4_016_125 + i as i64, 2)));
    d.budget.adjusted.public_funds = m("1699.63");
    d.budget.final_accounts.public_funds = m("1694.02");
    d.budget.adjusted.project = m("37427.73");
    d.budget.key_project_spending = m("20000");
    d.sangong.initial_budget.total = m("4");
    d.sangong.adjusted_budget.total = m("36.08");
    d.sangong.actual.total = m("33.45");
    d.prior_year.sangong_budget.total = m("5");
    d.prior_year.sangong_budget.reception = m("0.4");
    d.prior_year.sangong_budget.vehicle = m("4");
    d.sangong.initial_budget.reception = m("0.5");
    d.sangong.initial_budget.vehicle = m("3.5");
    d.carryover.opening = m("137.32");
    d.carryover.closing = m("160.65");
    d.procurement.plan.total = m("45674.32");
    d.procurement.actual.total = m("44874.55");
    d.progress = ["Q1", "Q2", "Q3", "Q4"]
        .iter()
        .zip([
            ("26", "25"),
            ("51.4", "50"),
            ("78.8", "75"),
            ("99.73", "100"),
        ])
        .map(|(p, (s, t))| ProgressPoint {
            period: (*p).into(),
            spent_pct: Percent::from_str(s).ok(),
            spent: None,
            time_pct: Percent::from_str(t).ok(),
        })
        .collect();
    d.staffing.actual = Some(40);
    d.staffing.authorized = Some(42);
    (d.projects.planned_count, d.projects.completed_count) = (Some(48), Some(48));
    (d.projects.on_time_count, d.projects.quality_count) = (Some(47), Some(48));
    (d.key_tasks.assigned_count, d.key_tasks.completed_count) = (Some(7), Some(7));
    d.assets.fixed_original_value = m("56603.11");
    d.assets.fixed_in_use_value = m("56603.11");
    d.petitions.received = Some(30);
    d.petitions.answered_on_time = Some(30);
    d.satisfaction = vec![Survey {
        name: "满意度调查".into(),
        rate: Percent::from_str("99.87").ok(),
        ..Survey::default()
    }];
    d.stated = [
        ("D12", "92.71"),
        ("D12", "92.7"),
        ("D13", "98"),
        ("Q3", "105.07"),
    ]
    .iter()
    .map(|(id, v)| StatedFigure {
        indicator: (*id).into(),
        value: Num(Decimal::from_str(v).unwrap_or_default()),
        location: None,
    })
    .collect();
    d
}

fn main() {
    // `cargo bench` passes --bench; under `cargo test --all-targets` this only smoke-runs.
    let n = if std::env::args().any(|a| a == "--bench") {
        10_000
    } else {
        10
    };
    let years: Vec<DepartmentYear> = (0..n).map(department).collect();
    let params = Params::default();
    let mut best = std::time::Duration::MAX;
    let mut values = 0;
    for _ in 0..5 {
        let start = Instant::now();
        values = 0;
        for d in &years {
            values += black_box(compute_all(black_box(d), &params)).len();
        }
        best = best.min(start.elapsed());
    }
    println!(
        "compute_all × {n} department-years ({values} values with traces): best of 5 = {} ms",
        best.as_millis()
    );
}
