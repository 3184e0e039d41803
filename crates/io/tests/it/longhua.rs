//! The worked example: 深圳市龙华区政务服务数据管理局 2021.

use jixiao_io::{load_path, Lang, Loaded};
use jixiao_model::number::Money;
use jixiao_model::{DutyTarget, Severity};
use rust_decimal::Decimal;

use crate::longhua_dir;

fn load() -> Loaded {
    match load_path(&longhua_dir()) {
        Ok(l) => l,
        Err(e) => panic!("{}", e.render(Lang::Zh)),
    }
}

/// The amount in 万元 as written (scale kept).
fn w(m: Option<Money>) -> String {
    m.map(|m| m.to_string()).unwrap_or_else(|| "absent".into())
}

#[test]
fn the_sangong_total_and_the_q4_progress_are_flagged() {
    let loaded = load();
    let found: Vec<(Severity, &str, Option<&str>)> = loaded
        .diagnostics
        .iter()
        .map(|d| (d.severity, d.code, d.path.as_deref()))
        .collect();
    assert_eq!(
        found,
        [
            (Severity::Warning, "identity", Some("sangong.actual.total")),
            // Q4 spending progress 99.73% vs 决算 ÷ 调整预算 = 99.67%.
            (
                Severity::Warning,
                "progress-vs-execution",
                Some("progress[3].spent_pct")
            ),
        ],
        "{}",
        jixiao_io::render_all(&loaded.diagnostics, Lang::Zh)
    );
    let d = &loaded.diagnostics[0];
    assert_eq!(
        d.message,
        "三公经费实际支出：公务用车购置 + 运行维护 ≤ 三公经费合计不成立：sangong.actual.total 为 33.45 万元，\
         小于 sangong.actual.vehicle_purchase + sangong.actual.vehicle_operation 的 35.58 万元"
    );
    let at = d.location.as_ref().expect("located");
    assert_eq!(
        d.source_line
            .as_deref()
            .map(|l| l.trim_start().starts_with("total = \"33.45\"")),
        Some(true)
    );
    assert!(at.line > 1);
    assert_eq!(
        d.related
            .iter()
            .map(|r| r.path.as_str())
            .collect::<Vec<_>>(),
        [
            "sangong.actual.vehicle_purchase",
            "sangong.actual.vehicle_operation"
        ]
    );
    assert!(d.related.iter().all(|r| r.location.is_some()));
}

#[test]
fn budget_figures_are_exact() {
    let m = load().model;
    let b = &m.budget;
    assert_eq!(w(b.initial.total), "23260");
    assert_eq!(w(b.initial.basic), "2900");
    assert_eq!(w(b.initial.personnel), "1148");
    assert_eq!(w(b.initial.public_funds), "1752");
    assert_eq!(w(b.initial.project), "20360");
    assert_eq!(b.initial.all_fiscal, Some(true));
    assert_eq!(w(b.adjusted.total), "40295.14");
    assert_eq!(w(b.adjusted.basic), "2867.41");
    assert_eq!(w(b.adjusted.personnel), "absent");
    assert_eq!(w(b.adjusted.public_funds), "1699.63");
    assert_eq!(w(b.adjusted.project), "37427.73");
    assert_eq!(w(b.adjusted.capital_construction), "23784.4");
    assert_eq!(w(b.final_accounts.total), "40161.25");
    assert_eq!(w(b.final_accounts.basic), "absent");
    assert_eq!(w(b.final_accounts.personnel), "1136");
    assert_eq!(w(b.final_accounts.public_funds), "1694.02");
    assert_eq!(w(b.final_accounts.project), "37331.23");
    assert_eq!(w(b.final_accounts.capital_construction), "23783.48");
}

#[test]
fn sangong_procurement_carryover_assets_are_exact() {
    let m = load().model;
    let s = &m.sangong;
    assert_eq!(w(s.initial_budget.total), "4");
    assert_eq!(w(s.initial_budget.overseas), "0");
    assert_eq!(w(s.initial_budget.reception), "0.5");
    assert_eq!(w(s.initial_budget.vehicle), "3.5");
    assert_eq!(w(s.adjusted_budget.total), "36.08");
    assert_eq!(w(s.actual.total), "33.45");
    assert_eq!(w(s.actual.vehicle_purchase), "33.98");
    assert_eq!(w(s.actual.vehicle_operation), "1.6");
    assert_eq!(w(s.actual.reception), "0");
    assert_eq!(
        w(s.actual.overseas),
        "absent",
        "the report states only a 2020 figure"
    );
    assert_eq!(w(m.prior_year.sangong_actual.overseas), "0.00");
    assert_eq!(w(s.actual_change_vs_prior.vehicle_operation), "-0.21");
    assert_eq!(s.vehicles_purchased, Some(2));

    assert_eq!(w(m.carryover.opening), "137.32");
    assert_eq!(w(m.carryover.closing), "160.65");

    let p = &m.procurement;
    assert_eq!(w(p.initial_budget), "2190");
    assert_eq!(w(p.plan.total), "45674.32");
    assert_eq!(w(p.actual.total), "44874.55");
    assert_eq!(w(p.actual.goods), "10373.83");
    assert_eq!(w(p.actual.works), "10.02");
    assert_eq!(w(p.actual.services), "34490.7");

    let a = &m.assets;
    assert_eq!(w(a.fixed_purchased), "51019.77");
    assert_eq!(w(a.fixed_transferred_in), "236");
    assert_eq!(w(a.intangible_purchased), "11853.13");
    assert_eq!(w(a.intangible_transferred_in), "485");
    assert_eq!(w(a.disposed_book_value), "52.9");
    assert_eq!(w(a.disposal_residual), "0.085");
    assert_eq!(w(a.received_from_other_units), "23.19");
    assert_eq!(w(a.fixed_original_value), "56603.11");
    assert_eq!(w(a.fixed_in_use_value), "56603.11");
}

#[test]
fn progress_counts_targets_and_stated_rates() {
    let m = load().model;
    let q: Vec<(String, String, String)> = m
        .progress
        .iter()
        .map(|p| {
            (
                p.period.clone(),
                p.spent_pct.map(|v| v.to_string()).unwrap_or_default(),
                p.time_pct.map(|v| v.to_string()).unwrap_or_default(),
            )
        })
        .collect();
    let s = |a: &str, b: &str, c: &str| (a.to_string(), b.to_string(), c.to_string());
    assert_eq!(
        q,
        [
            s("Q1", "26%", "25%"),
            s("Q2", "51.4%", "50%"),
            s("Q3", "78.8%", "75%"),
            s("Q4", "99.73%", "100%"),
        ]
    );
    assert_eq!(m.projects.planned_count, Some(48));
    assert_eq!(m.projects.completed_count, Some(48));
    assert_eq!(m.key_tasks.assigned_count, Some(7));
    assert_eq!(m.key_tasks.completed_count, Some(7));
    assert_eq!(m.key_tasks.on_time_count, Some(7));
    assert_eq!(m.key_tasks.items.len(), 7);

    let target = |name: &str| -> &DutyTarget {
        m.duty_targets
            .iter()
            .find(|t| t.name.contains(name))
            .unwrap_or_else(|| panic!("{name}"))
    };
    assert_eq!(target("一件事").value.map(|v| v.0), Some(Decimal::from(30)));
    assert_eq!(
        target("一件事").actual.map(|v| v.0),
        Some(Decimal::from(187))
    );
    assert_eq!(target("医院").value.map(|v| v.0), Some(Decimal::from(80)));
    assert_eq!(target("医院").actual, None, "the report does not state it");

    assert_eq!(m.satisfaction.len(), 1);
    assert_eq!(
        m.satisfaction[0].rate.map(|r| r.to_string()),
        Some("99.87%".into())
    );
    assert_eq!(m.petitions.overdue, Some(0));
    assert_eq!(m.petitions.all_answered_on_time, Some(true));
    assert_eq!(m.institutions.domains.len(), 6);
    assert_eq!(m.institutions.rules.len(), 3);

    let stated: Vec<(String, String)> = m
        .stated
        .iter()
        .map(|s| (s.indicator.clone(), s.value.to_string()))
        .collect();
    let expect = [
        ("D12", "92.71"),
        ("D12", "92.7"),
        ("D11", "99.67"),
        ("D11", "99.7"),
        ("D13", "98.25"),
        ("D13", "98"),
        ("Q1", "104"),
        ("Q2", "102.8"),
        ("Q3", "105.07"),
        ("Q4", "99.73"),
        ("D21", "100"),
        ("D20", "100"),
    ]
    .map(|(a, b)| (a.to_string(), b.to_string()));
    assert_eq!(stated, expect);

    // Qualitative items are the department's own words, never a judgement: no tier or
    // score, and every checklist answer quotes the report (each “…” fragment, split at
    // the elisions "……", occurs in the report text).
    let report = std::fs::read_to_string(longhua_dir().join("report.txt")).expect("report");
    let joined: String = report.split_whitespace().collect();
    for a in &m.assessments {
        assert!(a.reason.starts_with("依据报告自述："), "{}", a.indicator);
        assert!(a.tier.is_none() && a.score.is_none(), "{}", a.indicator);
        for item in &a.items {
            let note = item.note.as_deref().expect("every answer cites the report");
            let quotes: Vec<&str> = note
                .split('“')
                .skip(1)
                .filter_map(|q| q.split('”').next())
                .collect();
            assert!(!quotes.is_empty(), "{}: {note}", a.indicator);
            for q in quotes {
                for fragment in q.split("……").filter(|f| !f.is_empty()) {
                    let fragment: String = fragment.split_whitespace().collect();
                    assert!(
                        joined.contains(&fragment),
                        "{}: «{fragment}» not in the report",
                        a.indicator
                    );
                }
            }
        }
    }
}

#[test]
fn narrative_and_quotes_are_verbatim_from_the_report() {
    let report = std::fs::read_to_string(longhua_dir().join("report.txt")).expect("report");
    // the report as one line: PDF line breaks and page indents removed
    let joined: String = report.lines().map(str::trim).collect();
    let m = load().model;
    let n = &m.narrative;
    for (name, text) in [
        ("functions", m.department.functions.as_deref()),
        ("practices", n.practices.as_deref()),
        ("problems", n.problems.as_deref()),
        ("measures", n.measures.as_deref()),
        ("plans", n.plans.as_deref()),
        ("suggestions", n.suggestions.as_deref()),
        ("economic_benefit", n.economic_benefit.as_deref()),
        ("social_benefit", n.social_benefit.as_deref()),
        ("ecological_benefit", n.ecological_benefit.as_deref()),
        ("performance", n.performance.as_deref()),
    ] {
        let text = text.unwrap_or_else(|| panic!("{name} present"));
        for part in text.split('\n').filter(|p| !p.is_empty()) {
            assert!(joined.contains(part), "{name}: not in the report: {part}");
        }
    }
    for a in &m.assessments {
        let quote = a.reason.trim_start_matches("依据报告自述：");
        assert!(joined.contains(quote), "{}", a.indicator);
    }
}

#[test]
fn report_copy_is_verbatim() {
    let copy = std::fs::read(longhua_dir().join("report.txt")).expect("copy");
    let fixture = std::fs::read(
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../fixtures/corpus/longhua-zwfw-2021.txt"),
    )
    .expect("fixture");
    assert_eq!(copy, fixture);
}

/// Leaf field paths of a JSON value (array indices dropped); with `non_null`, only leaves
/// that hold a value.
fn leaves(
    v: &serde_json::Value,
    prefix: &str,
    non_null: bool,
    out: &mut std::collections::BTreeSet<String>,
) {
    match v {
        serde_json::Value::Object(map) => {
            for (k, c) in map {
                let p = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                leaves(c, &p, non_null, out);
            }
        }
        serde_json::Value::Array(items) if items.iter().any(|i| i.is_object()) => {
            for i in items {
                leaves(i, prefix, non_null, out);
            }
        }
        serde_json::Value::Null if non_null => {}
        _ => {
            out.insert(prefix.to_string());
        }
    }
}

/// A department-year with one element in every list, so that serializing it names every
/// field of the model.
fn every_field() -> jixiao_model::DepartmentYear {
    use jixiao_model::*;
    let target = PerformanceTarget {
        level1: TargetLevel1::Output,
        level2: String::new(),
        name: String::new(),
        operator: TargetOperator::AtLeast,
        value: None,
        value_high: None,
        value_text: None,
        unit: None,
        actual: None,
        actual_text: None,
        weight: None,
        score: None,
        deviation: None,
        monitoring: None,
    };
    let mut d = DepartmentYear::default();
    d.budget.initial.sources.push(FundingSource::default());
    d.progress.push(ProgressPoint::default());
    d.projects.items.push(Project {
        targets: vec![target],
        ..Default::default()
    });
    d.key_tasks.items.push(KeyTask::default());
    d.duty_targets.push(DutyTarget {
        name: String::new(),
        operator: TargetOperator::AtLeast,
        value: None,
        unit: None,
        actual: None,
        note: None,
    });
    d.institutions.domains.push(String::new());
    d.institutions.rules.push(InstitutionRule::default());
    d.satisfaction.push(Survey::default());
    d.assessments.push(Assessment {
        items: vec![ChecklistAnswer::default()],
        ..Default::default()
    });
    d.stated.push(StatedFigure {
        indicator: String::new(),
        value: jixiao_model::Num::default(),
        location: None,
    });
    d
}

/// `examples/blank.toml` with every `# key = value` line switched on and empty strings
/// given a value ("0" reads as text, amount, rate and number alike).
fn blank_switched_on() -> String {
    let blank = std::fs::read_to_string(crate::examples_dir().join("blank.toml")).expect("blank");
    blank
        .lines()
        .map(|l| match l.strip_prefix("# ") {
            Some(rest) => rest.replace("= \"\"", "= \"0\""),
            None => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn blank_template_names_every_field_of_the_model() {
    let on = blank_switched_on();
    let loaded = jixiao_io::parse_lenient(&on, "blank-on.toml", jixiao_io::Format::Toml)
        .unwrap_or_else(|d| panic!("{}", jixiao_io::render_all(&d, Lang::Zh)));
    let mut written = std::collections::BTreeSet::new();
    leaves(
        &serde_json::to_value(&loaded.model).expect("json"),
        "",
        true,
        &mut written,
    );
    let mut all = std::collections::BTreeSet::new();
    leaves(
        &serde_json::to_value(every_field()).expect("json"),
        "",
        false,
        &mut all,
    );
    assert!(all.len() > 150, "the walk found only {} fields", all.len());
    let missing: Vec<_> = all.difference(&written).collect();
    assert!(
        missing.is_empty(),
        "fields missing from blank.toml: {missing:?}"
    );
}

#[test]
fn blank_template_loads_as_an_empty_year() {
    let loaded = load_path(&crate::examples_dir().join("blank.toml"))
        .unwrap_or_else(|e| panic!("{}", e.render(Lang::Zh)));
    assert_eq!(loaded.model, jixiao_model::DepartmentYear::default());
}
