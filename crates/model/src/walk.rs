//! Walk every money figure of a department-year with its field path.

use rust_decimal::Decimal;

use crate::department::*;

fn push(out: &mut Vec<(String, Decimal)>, path: &str, v: Option<crate::number::Money>) {
    if let Some(v) = v {
        out.push((path.to_string(), v.as_wan()));
    }
}

fn budget(out: &mut Vec<(String, Decimal)>, base: &str, b: &BudgetFigures) {
    for (k, v) in [
        ("total", b.total),
        ("basic", b.basic),
        ("personnel", b.personnel),
        ("public_funds", b.public_funds),
        ("project", b.project),
        ("capital_construction", b.capital_construction),
    ] {
        push(out, &format!("{base}.{k}"), v);
    }
    for (i, s) in b.sources.iter().enumerate() {
        push(out, &format!("{base}.sources[{i}].amount"), s.amount);
    }
}

fn sangong(out: &mut Vec<(String, Decimal)>, base: &str, s: &SangongFigures) {
    for (k, v) in [
        ("total", s.total),
        ("overseas", s.overseas),
        ("reception", s.reception),
        ("vehicle", s.vehicle),
        ("vehicle_purchase", s.vehicle_purchase),
        ("vehicle_operation", s.vehicle_operation),
    ] {
        push(out, &format!("{base}.{k}"), v);
    }
}

fn procurement(out: &mut Vec<(String, Decimal)>, base: &str, p: &ProcurementFigures) {
    for (k, v) in [
        ("total", p.total),
        ("goods", p.goods),
        ("works", p.works),
        ("services", p.services),
    ] {
        push(out, &format!("{base}.{k}"), v);
    }
}

/// Every money figure that is present, with its path, in field order.
pub fn money_leaves(d: &DepartmentYear, out: &mut Vec<(String, Decimal)>) {
    budget(out, "budget.initial", &d.budget.initial);
    budget(out, "budget.adjusted", &d.budget.adjusted);
    budget(out, "budget.final", &d.budget.final_accounts);
    push(
        out,
        "budget.excluded_adjustment",
        d.budget.excluded_adjustment,
    );
    push(
        out,
        "budget.key_project_spending",
        d.budget.key_project_spending,
    );
    sangong(out, "sangong.initial_budget", &d.sangong.initial_budget);
    sangong(out, "sangong.adjusted_budget", &d.sangong.adjusted_budget);
    sangong(out, "sangong.actual", &d.sangong.actual);
    sangong(
        out,
        "sangong.actual_change_vs_prior",
        &d.sangong.actual_change_vs_prior,
    );
    push(out, "carryover.opening", d.carryover.opening);
    push(out, "carryover.closing", d.carryover.closing);
    push(
        out,
        "procurement.initial_budget",
        d.procurement.initial_budget,
    );
    procurement(out, "procurement.plan", &d.procurement.plan);
    procurement(out, "procurement.actual", &d.procurement.actual);
    for (i, p) in d.progress.iter().enumerate() {
        push(out, &format!("progress[{i}].spent"), p.spent);
    }
    for (i, p) in d.projects.items.iter().enumerate() {
        let base = format!("projects.project[{i}]");
        push(out, &format!("{base}.budget_initial"), p.budget_initial);
        push(out, &format!("{base}.budget_annual"), p.budget_annual);
        push(out, &format!("{base}.spent"), p.spent);
        if let Some(m) = &p.monitoring {
            monitoring(out, &format!("{base}.monitoring"), m);
        }
    }
    let a = &d.assets;
    for (k, v) in [
        ("fixed_purchased", a.fixed_purchased),
        ("fixed_transferred_in", a.fixed_transferred_in),
        ("intangible_purchased", a.intangible_purchased),
        ("intangible_transferred_in", a.intangible_transferred_in),
        ("disposed_book_value", a.disposed_book_value),
        ("disposal_residual", a.disposal_residual),
        ("received_from_other_units", a.received_from_other_units),
        ("fixed_original_value", a.fixed_original_value),
        ("fixed_in_use_value", a.fixed_in_use_value),
        ("rented_out_value", a.rented_out_value),
    ] {
        push(out, &format!("assets.{k}"), v);
    }
    sangong(
        out,
        "prior_year.sangong_budget",
        &d.prior_year.sangong_budget,
    );
    sangong(
        out,
        "prior_year.sangong_actual",
        &d.prior_year.sangong_actual,
    );
    budget(out, "prior_year.final", &d.prior_year.final_accounts);
    push(
        out,
        "prior_year.carryover_closing",
        d.prior_year.carryover_closing,
    );
    if let Some(m) = &d.monitoring {
        monitoring(out, "monitoring", m);
    }
}

/// The money figures of a monitoring point (`monitoring`, `projects.project[i].monitoring`).
fn monitoring(out: &mut Vec<(String, Decimal)>, base: &str, m: &crate::monitoring::Monitoring) {
    for (i, f) in m.funds.iter().enumerate() {
        for (k, v) in [
            ("initial", f.initial),
            ("adjustment", f.adjustment),
            ("adjusted", f.adjusted),
            ("spent", f.spent),
        ] {
            push(out, &format!("{base}.fund[{i}].{k}"), v);
        }
    }
    push(out, &format!("{base}.spent"), m.spent);
    for (i, v) in m.monthly.iter().enumerate() {
        push(out, &format!("{base}.monthly[{i}]"), Some(*v));
    }
    for (y, p) in m.prior_years.iter().enumerate() {
        for (i, v) in p.monthly.iter().enumerate() {
            push(
                out,
                &format!("{base}.prior_year[{y}].monthly[{i}]"),
                Some(*v),
            );
        }
    }
    push(out, &format!("{base}.forecast_spent"), m.forecast_spent);
}
