//! Golden tests for every light rule at and around each band edge, the matrix, the
//! deviation and escalation rules, forecasts, the rules file's located errors, the Longhua
//! example, and property tests (a light never improves when execution falls).

use jixiao_model::*;
use jixiao_monitor::*;
use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn date(s: &str) -> Date {
    Date::parse(s).expect("test date")
}

fn rules() -> &'static Rules {
    Rules::default_rules()
}

/// A department with one project of `budget` (调整后预算) and `spent` (累计支出).
fn with_project(budget: Decimal, spent: Decimal) -> DepartmentYear {
    let mut d = DepartmentYear::default();
    d.department.year = Some(2025);
    d.projects.items.push(Project {
        name: "项目".into(),
        budget_annual: Some(Money::wan(budget)),
        monitoring: Some(Monitoring {
            spent: Some(Money::wan(spent)),
            ..Default::default()
        }),
        ..Default::default()
    });
    d
}

fn target(op: TargetOperator, value: Decimal, unit: &str) -> PerformanceTarget {
    PerformanceTarget {
        level1: TargetLevel1::Output,
        level2: "数量指标".into(),
        name: "指标".into(),
        operator: op,
        value: Some(Num(value)),
        value_high: None,
        value_text: None,
        unit: Some(unit.into()),
        actual: None,
        actual_text: None,
        weight: None,
        score: None,
        deviation: None,
        monitoring: None,
    }
}

fn current(mut t: PerformanceTarget, c: Decimal) -> PerformanceTarget {
    t.monitoring = Some(TargetMonitoring {
        current: Some(Num(c)),
        ..Default::default()
    });
    t
}

fn project_report(d: &DepartmentYear, as_of: &str) -> SubjectMonitor {
    monitor(d, date(as_of), rules(), None)
        .projects
        .into_iter()
        .next()
        .expect("one project")
}

/// `check(cases, f)`: each (input, expected light) through `f`.
fn check<T: std::fmt::Debug + Copy>(cases: &[(T, Option<Light>)], f: impl Fn(T) -> Option<Light>) {
    for (input, expected) in cases {
        assert_eq!(f(*input), *expected, "input {input:?}");
    }
}

// ── 预算执行预警 ─────────────────────────────────────────────────────────────

#[test]
fn execution_bands_at_and_around_each_edge() {
    use Light::*;
    // At 31 December 序时进度 is 100%, so with a budget of 100 the ratio is the spending.
    check(
        &[
            (dec!(0), Some(Red)),
            (dec!(59.99), Some(Red)),
            (dec!(59.994), Some(Red)),
            // judged on the value as shown, rounded 四舍五入 to two places: 59.995 → 60.00
            (dec!(59.995), Some(Yellow)),
            (dec!(60), Some(Yellow)),
            (dec!(60.01), Some(Yellow)),
            (dec!(79.99), Some(Yellow)),
            (dec!(80), Some(Green)),
            (dec!(80.01), Some(Green)),
            (dec!(150), Some(Green)),
        ],
        |spent| {
            project_report(&with_project(dec!(100), spent), "2025-12-31")
                .execution
                .light
        },
    );
}

#[test]
fn execution_reason_states_the_ratio_and_trace_has_the_inputs() {
    let p = project_report(&with_project(dec!(600), dec!(350)), "2025-07-31");
    assert_eq!(p.execution.light, Some(Light::Green));
    assert_eq!(
        p.execution.reason,
        "执行进度比 100%（支出进度 58.33% ÷ 序时进度 58.33%），绿灯（≥80）"
    );
    let t = &p.execution.trace;
    assert_eq!(t.rule, "execution");
    let paths: Vec<&str> = t.inputs.iter().map(|i| i.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "projects.project[0].monitoring.spent",
            "projects.project[0].budget_annual",
            "按月：截至 2025-07-31 已过 7 个月，7 ÷ 12"
        ]
    );
    assert_eq!(t.value, Some(dec!(100)));
    assert_eq!(t.bands.len(), 3);
}

#[test]
fn missing_spending_is_not_judged_and_names_what_is_missing() {
    let mut d = with_project(dec!(100), dec!(1));
    d.projects.items[0].monitoring = None;
    let p = project_report(&d, "2025-07-31");
    assert_eq!(p.execution.light, None);
    assert_eq!(
        p.execution.trace.missing[0].path,
        "projects.project[0].monitoring.spent"
    );
    assert_eq!(p.dual.light, None);
}

#[test]
fn spending_from_funds_and_from_a_monthly_series() {
    let mut d = with_project(dec!(0), dec!(0));
    d.projects.items[0].monitoring = Some(Monitoring {
        funds: vec![
            FundLine {
                source: "财政拨款".into(),
                initial: Some(Money::wan(dec!(500))),
                adjustment: Some(Money::wan(dec!(-100))),
                adjusted: None,
                spent: Some(Money::wan(dec!(200))),
            },
            FundLine {
                source: "政府性基金".into(),
                initial: Some(Money::wan(dec!(100))),
                adjustment: None,
                adjusted: Some(Money::wan(dec!(100))),
                spent: Some(Money::wan(dec!(50))),
            },
        ],
        ..Default::default()
    });
    let p = project_report(&d, "2025-06-30");
    // (250 ÷ 500) ÷ 50% = 100
    assert_eq!(p.execution.trace.value, Some(dec!(100)));
    let total = p.funds.last().expect("合计");
    assert!(total.total);
    assert_eq!(total.adjusted, Some(dec!(500)));
    assert_eq!(total.adjustment, Some(dec!(-100)));
    assert_eq!(total.execution_pct, Some(dec!(50)));
    // a monthly series is summed through the as-of month
    d.projects.items[0].monitoring = Some(Monitoring {
        monthly: vec![Money::wan(dec!(10)); 12],
        ..Default::default()
    });
    d.projects.items[0].budget_annual = Some(Money::wan(dec!(120)));
    let p = project_report(&d, "2025-03-31");
    assert_eq!(p.execution.trace.value, Some(dec!(100)));
    assert!(p
        .execution
        .trace
        .notes
        .iter()
        .any(|n| n.contains("4—12 月在截止日期")));
}

// ── 目标完成预警 ─────────────────────────────────────────────────────────────

fn target_light(t: PerformanceTarget, as_of: &str) -> Option<Light> {
    let mut d = with_project(dec!(100), dec!(100));
    d.projects.items[0].targets.push(t);
    project_report(&d, as_of).targets[0].light.light
}

#[test]
fn positive_bands_at_and_around_each_edge() {
    use Light::*;
    check(
        &[
            (dec!(0), Some(Red)),
            (dec!(0.01), Some(Red)),
            (dec!(59.99), Some(Red)),
            (dec!(60), Some(Yellow)),
            (dec!(79.99), Some(Yellow)),
            (dec!(80), Some(Green)),
            (dec!(119.99), Some(Green)),
            (dec!(120), Some(Blue)),
            (dec!(500), Some(Blue)),
        ],
        |c| {
            target_light(
                current(target(TargetOperator::AtLeast, dec!(100), "项"), c),
                "2025-12-31",
            )
        },
    );
    // mid-year the target is scaled by 序时进度: 30 × 50% = 15 expected by 30 June
    check(
        &[
            (dec!(8.99), Some(Red)),
            (dec!(9), Some(Yellow)),
            (dec!(12), Some(Green)),
            (dec!(18), Some(Blue)),
        ],
        |c| {
            target_light(
                current(target(TargetOperator::Above, dec!(30), "项"), c),
                "2025-06-30",
            )
        },
    );
}

#[test]
fn rate_targets_are_not_time_scaled() {
    // 满意度 ≥ 95%: 96% in July is on track, not "over-achieved" against 95% × 7/12
    let t = current(target(TargetOperator::AtLeast, dec!(95), "%"), dec!(96));
    assert_eq!(target_light(t, "2025-07-31"), Some(Light::Green));
    let t = current(target(TargetOperator::AtLeast, dec!(95), "%"), dec!(56.99));
    assert_eq!(target_light(t, "2025-07-31"), Some(Light::Red));
}

#[test]
fn reverse_equal_and_range_targets() {
    use Light::*;
    let at = |op, v, c| target_light(current(target(op, v, "分钟"), c), "2025-07-31");
    assert_eq!(at(TargetOperator::AtMost, dec!(15), dec!(15)), Some(Green));
    assert_eq!(at(TargetOperator::AtMost, dec!(15), dec!(15.01)), Some(Red));
    assert_eq!(at(TargetOperator::Below, dec!(15), dec!(15)), Some(Red));
    assert_eq!(
        at(TargetOperator::Below, dec!(15), dec!(14.99)),
        Some(Green)
    );
    assert_eq!(at(TargetOperator::Equal, dec!(100), dec!(100)), Some(Green));
    assert_eq!(at(TargetOperator::Equal, dec!(100), dec!(99.99)), Some(Red));
    let range = |c| {
        let mut t = target(TargetOperator::Range, dec!(10), "%");
        t.value_high = Some(Num(dec!(20)));
        target_light(current(t, c), "2025-07-31")
    };
    check(
        &[
            (dec!(9.99), Some(Red)),
            (dec!(10), Some(Green)),
            (dec!(20), Some(Green)),
            (dec!(20.01), Some(Red)),
        ],
        range,
    );
}

#[test]
fn qualitative_targets() {
    use Light::*;
    let q = |text: &'static str| {
        let mut t = target(TargetOperator::Qualitative, dec!(0), "");
        t.value = None;
        t.value_text = Some("达成".into());
        t.monitoring = Some(TargetMonitoring {
            current_text: Some(text.into()),
            ..Default::default()
        });
        target_light(t, "2025-07-31")
    };
    check(
        &[
            ("达成", Some(Green)),
            ("部分达成", Some(Yellow)),
            ("未达成", Some(Red)),
            ("优", Some(Green)),
            ("差", Some(Red)),
            ("还行", None),
        ],
        q,
    );
}

#[test]
fn project_target_light_is_the_worst() {
    use Light::*;
    let worst = |currents: &[Decimal]| {
        let mut d = with_project(dec!(100), dec!(100));
        for c in currents {
            d.projects.items[0].targets.push(current(
                target(TargetOperator::AtLeast, dec!(100), "项"),
                *c,
            ));
        }
        project_report(&d, "2025-12-31").targets_light.light
    };
    assert_eq!(worst(&[dec!(100), dec!(130)]), Some(Green));
    assert_eq!(worst(&[dec!(130), dec!(70)]), Some(Yellow));
    assert_eq!(worst(&[dec!(130), dec!(70), dec!(10)]), Some(Red));
    assert_eq!(worst(&[dec!(130)]), Some(Blue));
    assert_eq!(worst(&[]), None);
    // a target without a current value does not count, and is named
    let mut d = with_project(dec!(100), dec!(100));
    d.projects.items[0]
        .targets
        .push(target(TargetOperator::AtLeast, dec!(100), "项"));
    let p = project_report(&d, "2025-12-31");
    assert_eq!(p.targets_light.light, None);
    assert!(
        p.targets_light.reason.contains("缺少当前完成值"),
        "{}",
        p.targets_light.reason
    );
}

// ── 双监控 ───────────────────────────────────────────────────────────────────

#[test]
fn the_dual_matrix() {
    use Light::*;
    // (spending as % of budget at year end, target current vs 100) → 双监控
    let dual = |(spent, c): (Decimal, Option<Decimal>)| {
        let mut d = with_project(dec!(100), spent);
        if let Some(c) = c {
            d.projects.items[0]
                .targets
                .push(current(target(TargetOperator::AtLeast, dec!(100), "项"), c));
        }
        project_report(&d, "2025-12-31").dual.light
    };
    check(
        &[
            ((dec!(90), Some(dec!(90))), Some(Green)),
            ((dec!(90), Some(dec!(130))), Some(Green)),
            ((dec!(90), Some(dec!(70))), Some(Yellow)),
            ((dec!(90), Some(dec!(10))), Some(Yellow)),
            ((dec!(70), Some(dec!(90))), Some(Red)),
            ((dec!(10), Some(dec!(10))), Some(Red)),
            ((dec!(90), None), None),
            ((dec!(10), None), Some(Red)),
        ],
        dual,
    );
}

// ── 偏离度、零执行、大额结余 ─────────────────────────────────────────────────

fn flags(d: &DepartmentYear, as_of: &str) -> Vec<&'static str> {
    project_report(d, as_of)
        .flags
        .iter()
        .map(|f| f.code)
        .collect()
}

#[test]
fn deviation_over_thirty_percent_on_quantity_targets() {
    let with_forecast = |level2: &str, f: Decimal| {
        let mut d = with_project(dec!(100), dec!(100));
        let mut t = target(TargetOperator::AtLeast, dec!(100), "项");
        t.level2 = level2.into();
        t.monitoring = Some(TargetMonitoring {
            current: Some(Num(dec!(60))),
            forecast: Some(Num(f)),
            reason: Some("原因".into()),
            ..Default::default()
        });
        d.projects.items[0].targets.push(t);
        d
    };
    assert!(!flags(&with_forecast("数量指标", dec!(70)), "2025-07-31").contains(&"deviation"));
    assert!(flags(&with_forecast("数量指标", dec!(69.99)), "2025-07-31").contains(&"deviation"));
    assert!(flags(&with_forecast("数量指标", dec!(130.01)), "2025-07-31").contains(&"deviation"));
    assert!(!flags(&with_forecast("质量指标", dec!(10)), "2025-07-31").contains(&"deviation"));
    // without a forecast, the progress ratio's distance from 100 is the deviation
    let mut d = with_project(dec!(100), dec!(100));
    d.projects.items[0].targets.push(current(
        target(TargetOperator::AtLeast, dec!(100), "项"),
        dec!(69.99),
    ));
    let p = project_report(&d, "2025-12-31");
    assert_eq!(p.targets[0].deviation_pct, Some(dec!(-30.01)));
    assert!(p
        .flags
        .iter()
        .any(|f| f.code == "deviation" && f.message.contains("未填偏差原因")));
}

#[test]
fn zero_execution_must_be_explained() {
    assert!(flags(&with_project(dec!(100), dec!(0)), "2025-07-31").contains(&"zero-execution"));
    assert!(!flags(&with_project(dec!(100), dec!(0.01)), "2025-07-31").contains(&"zero-execution"));
}

#[test]
fn large_unspent_balances_are_escalated_from_september() {
    // 余额 ≥ 200 万元 and 支出进度 < 60% from month 9 on; the light is raised to red
    let p = project_report(&with_project(dec!(1000), dec!(500)), "2025-09-30");
    assert!(p.flags.iter().any(|f| f.code == "escalated"));
    assert_eq!(
        p.execution.light,
        Some(Light::Red),
        "{}",
        p.execution.reason
    );
    assert!(p.execution.reason.contains("大额结余"));
    // not before September
    let p = project_report(&with_project(dec!(1000), dec!(500)), "2025-08-31");
    assert!(!p.flags.iter().any(|f| f.code == "escalated"));
    // edges: unspent exactly 200 counts, 199.99 does not; progress exactly 60 does not
    assert!(flags(&with_project(dec!(450), dec!(250)), "2025-09-30").contains(&"escalated"));
    assert!(!flags(&with_project(dec!(450), dec!(250.01)), "2025-09-30").contains(&"escalated"));
    assert!(!flags(&with_project(dec!(10000), dec!(6000)), "2025-09-30").contains(&"escalated"));
    assert!(flags(&with_project(dec!(10000), dec!(5999)), "2025-09-30").contains(&"escalated"));
}

// ── 序时进度 ─────────────────────────────────────────────────────────────────

#[test]
fn time_progress_by_month_quarter_and_day() {
    let text = DEFAULT_RULES_TOML.replace("basis = \"month\"", "basis = \"quarter\"");
    let q = parse_rules(&text, "q.toml").expect("valid");
    let d = with_project(dec!(100), dec!(40));
    // 31 August: two quarters have ended → 50%, so 40 ÷ 50 = 80 → green
    let r = monitor(&d, date("2025-08-31"), &q, None);
    assert_eq!(r.time_progress.pct, dec!(50));
    assert_eq!(r.projects[0].execution.light, Some(Light::Green));
    // by month the same day is 8/12 → 60 → yellow
    let r = monitor(&d, date("2025-08-31"), rules(), None);
    assert_eq!(r.projects[0].execution.trace.value, Some(dec!(60)));
    let text = DEFAULT_RULES_TOML.replace("basis = \"month\"", "basis = \"day\"");
    let day = parse_rules(&text, "d.toml").expect("valid");
    let r = monitor(&d, date("2025-07-02"), &day, None);
    // 183 ÷ 365
    assert_eq!(r.time_progress.pct.round_dp(4), dec!(50.1370));
    // before any month has ended there is no 序时进度 and no light
    let r = monitor(&d, date("2025-01-15"), rules(), None);
    assert_eq!(r.projects[0].execution.light, None);
}

// ── 预测 ─────────────────────────────────────────────────────────────────────

#[test]
fn forecasts_name_their_method() {
    let p = project_report(&with_project(dec!(600), dec!(175)), "2025-07-31");
    let f = p.forecast.expect("forecast");
    // no prior year: linear, 175 ÷ 7/12 = 300
    assert_eq!(f.method, ForecastMethod::Linear);
    assert_eq!(f.year_end_spent, dec!(300));
    assert_eq!(f.balance, Some(dec!(300)));
    assert_eq!(f.execution_pct, Some(dec!(50)));
    assert!(f.warning);
    assert!(f.trace.notes[0].contains("未提供以前年度月度支出"));
    // with a prior year's shape: by July it had spent 35 of 120 → 175 ÷ (35/120) = 600
    let mut d = with_project(dec!(600), dec!(175));
    let monthly = [1, 2, 3, 4, 5, 10, 10, 10, 15, 15, 15, 30]
        .map(|v| Money::wan(Decimal::from(v)))
        .to_vec();
    if let Some(m) = d.projects.items[0].monitoring.as_mut() {
        m.prior_years.push(PriorYearMonthly {
            year: Some(2024),
            monthly,
        });
    }
    let f = project_report(&d, "2025-07-31").forecast.expect("forecast");
    assert_eq!(f.method, ForecastMethod::PriorShape);
    assert_eq!(f.year_end_spent, dec!(600));
    assert!(!f.warning);
    // capped at the budget
    let f = project_report(&with_project(dec!(100), dec!(90)), "2025-06-30")
        .forecast
        .expect("forecast");
    assert_eq!(f.year_end_spent, dec!(100));
    assert!(f.trace.notes.iter().any(|n| n.contains("以预算数为限")));
}

#[test]
fn forecast_warning_threshold_edge() {
    // at 30 June: 45 ÷ 50% = 90 → 90% of 100, not below 90
    let f = project_report(&with_project(dec!(100), dec!(45)), "2025-06-30")
        .forecast
        .expect("forecast");
    assert_eq!(f.execution_pct, Some(dec!(90)));
    assert!(!f.warning);
    let f = project_report(&with_project(dec!(100), dec!(44.99)), "2025-06-30")
        .forecast
        .expect("forecast");
    assert!(f.warning);
}

// ── 规则文件 ─────────────────────────────────────────────────────────────────

fn errors(text: &str) -> Vec<(usize, usize, String)> {
    match parse_rules(text, "our.toml") {
        Ok(_) => Vec::new(),
        Err(e) => e
            .into_iter()
            .map(|e| (e.line, e.column, e.message))
            .collect(),
    }
}

#[test]
fn rules_file_errors_are_located() {
    let text = DEFAULT_RULES_TOML
        .replace("basis = \"month\"", "basis = \"week\"")
        .replace(
            "{ light = \"yellow\", range = \"[60, 80)\" },\n  { light = \"green\",  range = \"[80, )\" },\n]",
            "{ light = \"yellow\", range = \"[60, 75)\" },\n  { light = \"gren\",  range = \"[80, )\" },\n]",
        )
        .replace("zero_is_red = true", "zero_is_red = true\nzero_is_blue = 1");
    let e = errors(&text);
    let line_of = |needle: &str| {
        text.lines()
            .position(|l| l.contains(needle))
            .map(|i| i + 1)
            .unwrap_or(0)
    };
    assert!(
        e.iter()
            .any(|(l, _, m)| *l == line_of("basis = \"week\"") && m.contains("week")),
        "{e:?}"
    );
    assert!(
        e.iter()
            .any(|(l, _, m)| *l == line_of("\"gren\"") && m.contains("gren")),
        "{e:?}"
    );
    assert!(
        e.iter().any(|(l, c, m)| *l == line_of("zero_is_blue")
            && *c == 1
            && m.contains("zero_is_blue")),
        "{e:?}"
    );
}

#[test]
fn bands_must_cover_every_value_without_overlap() {
    let gap = DEFAULT_RULES_TOML.replace(
        "range = \"[60, 80)\" },\n  { light = \"green\",  range = \"[80, )\"",
        "range = \"[60, 75)\" },\n  { light = \"green\",  range = \"[80, )\"",
    );
    let e = errors(&gap);
    assert!(e.iter().any(|(_, _, m)| m.contains("空档")), "{e:?}");
    let overlap = DEFAULT_RULES_TOML.replace(
        "range = \"[60, 80)\" },\n  { light = \"green\",  range = \"[80, )\"",
        "range = \"[60, 85)\" },\n  { light = \"green\",  range = \"[80, )\"",
    );
    assert!(errors(&overlap).iter().any(|(_, _, m)| m.contains("重叠")));
    let bounded = DEFAULT_RULES_TOML.replace(
        "{ light = \"green\",  range = \"[80, )\" }",
        "{ light = \"green\",  range = \"[80, 1000]\" }",
    );
    assert!(errors(&bounded)
        .iter()
        .any(|(_, _, m)| m.contains("无上限")));
    let blue = DEFAULT_RULES_TOML.replace(
        "{ light = \"green\",  range = \"[80, )\" }",
        "{ light = \"blue\",  range = \"[80, )\" }",
    );
    assert!(
        errors(&blue).is_empty(),
        "blue is allowed in execution bands"
    );
    assert!(errors("id = \"x\"\n")
        .iter()
        .any(|(_, _, m)| m.contains("缺少必填项")));
    assert!(errors("id = \n")
        .iter()
        .any(|(l, _, m)| *l == 1 && m.contains("语法")));
}

#[test]
fn a_stricter_bureau_rule_changes_the_light() {
    let strict = DEFAULT_RULES_TOML.replace(
        "range = \"[60, 80)\" },\n  { light = \"green\",  range = \"[80, )\"",
        "range = \"[60, 90)\" },\n  { light = \"green\",  range = \"[90, )\"",
    );
    let strict = parse_rules(&strict, "strict.toml").expect("valid");
    let d = with_project(dec!(100), dec!(85));
    assert_eq!(
        monitor(&d, date("2025-12-31"), rules(), None).projects[0]
            .execution
            .light,
        Some(Light::Green)
    );
    assert_eq!(
        monitor(&d, date("2025-12-31"), &strict, None).projects[0]
            .execution
            .light,
        Some(Light::Yellow)
    );
}

// ── 龙华示例 ─────────────────────────────────────────────────────────────────

#[test]
fn longhua_quarters_are_green_with_the_ratio_in_the_reason() {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/longhua-zwfw-2021");
    let loaded = jixiao_io::load_path(&dir).unwrap_or_else(|e| panic!("{e}"));
    let r = monitor(&loaded.model, date("2021-09-30"), rules(), None);
    let got: Vec<(String, Option<Light>, Option<Decimal>)> = r
        .history
        .iter()
        .map(|h| (h.period.clone(), h.execution.light, h.execution.trace.value))
        .collect();
    assert_eq!(
        got,
        [
            ("Q1".to_string(), Some(Light::Green), Some(dec!(104))),
            ("Q2".to_string(), Some(Light::Green), Some(dec!(102.8))),
            ("Q3".to_string(), Some(Light::Green), Some(dec!(105.07))),
        ]
    );
    assert_eq!(r.overall.execution.light, Some(Light::Green));
    assert!(r
        .overall
        .execution
        .reason
        .contains("执行进度比 105.07%（支出进度 78.8% ÷ 序时进度 75%）"));
    // the trace points at the file's fields
    let paths: Vec<&str> = r
        .overall
        .execution
        .trace
        .inputs
        .iter()
        .map(|i| i.path.as_str())
        .collect();
    assert_eq!(paths, ["progress[2].spent_pct", "progress[2].time_pct"]);
    assert!(loaded.spans.locate_exact("progress[2].spent_pct").is_some());
}

// ── 性质 ─────────────────────────────────────────────────────────────────────

fn any_date() -> impl Strategy<Value = Date> {
    (1u8..=12, 1u8..=31).prop_filter_map("valid", |(m, d)| Date::new(2025, m, d))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Spending less, all else equal, never gives a better execution or 双监控 light.
    #[test]
    fn a_light_never_improves_when_execution_falls(
        budget in 1u64..10_000_000,
        spent in 0u64..20_000_000,
        less in 0u64..20_000_000,
        as_of in any_date(),
        with_target in any::<bool>(),
    ) {
        let budget = Decimal::new(budget as i64, 2);
        let spent = Decimal::new(spent as i64, 2);
        let lower = (spent - Decimal::new(less as i64, 2)).max(Decimal::ZERO);
        let build = |s: Decimal| {
            let mut d = with_project(budget, s);
            if with_target {
                d.projects.items[0].targets.push(current(target(TargetOperator::AtLeast, dec!(100), "项"), dec!(90)));
            }
            d
        };
        let hi = monitor(&build(spent), as_of, rules(), None);
        let lo = monitor(&build(lower), as_of, rules(), None);
        let r = rules();
        for (a, b) in [
            (&hi.projects[0].execution, &lo.projects[0].execution),
            (&hi.projects[0].dual, &lo.projects[0].dual),
        ] {
            if let (Some(a), Some(b)) = (a.light, b.light) {
                prop_assert!(r.rank(b) <= r.rank(a), "{:?} with {} but {:?} with {}", a, spent, b, lower);
            }
        }
    }

    /// A lower 当前完成值 never gives a better target light.
    #[test]
    fn a_target_light_never_improves_when_completion_falls(
        value in 1u64..1_000_000,
        c in 0u64..2_000_000,
        less in 0u64..2_000_000,
        as_of in any_date(),
    ) {
        let value = Decimal::new(value as i64, 1);
        let c = Decimal::new(c as i64, 1);
        let lower = (c - Decimal::new(less as i64, 1)).max(Decimal::ZERO);
        let light = |x| target_light(current(target(TargetOperator::AtLeast, value, "项"), x), &as_of.to_string());
        if let (Some(a), Some(b)) = (light(c), light(lower)) {
            // blue (over-achievement) is better than green in the severity order
            prop_assert!(rules().rank(b) <= rules().rank(a));
        }
    }

    /// Monitoring never panics on any figures.
    #[test]
    fn any_figures_are_judged_without_panic(
        budget in any::<i64>(),
        spent in any::<i64>(),
        scale in 0u32..10,
        as_of in any_date(),
    ) {
        let d = with_project(Decimal::new(budget, scale), Decimal::new(spent, scale));
        let r = monitor(&d, as_of, rules(), None);
        prop_assert_eq!(r.projects.len(), 1);
    }
}
