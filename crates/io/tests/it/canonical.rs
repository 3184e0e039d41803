//! Canonical TOML: deterministic, and read back to the same department-year.

use jixiao_io::{load_path, parse_lenient, parse_toml, to_canonical_toml, Format};
use jixiao_model::number::{Money, Num, Percent};
use jixiao_model::*;
use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use crate::longhua_dir;

/// Canonical text → model, failing only on read errors (validation findings allowed).
fn read_back(text: &str) -> DepartmentYear {
    match parse_lenient(text, "canonical.toml", Format::Toml) {
        Ok(l) => l.model,
        Err(d) => panic!("canonical TOML does not read back: {d:#?}\n{text}"),
    }
}

#[test]
fn longhua_round_trips_exactly() {
    let loaded = load_path(&longhua_dir()).unwrap_or_else(|e| panic!("{e}"));
    let canonical = to_canonical_toml(&loaded.model);
    let again = parse_toml(&canonical, "canonical.toml").unwrap_or_else(|d| panic!("{d:#?}"));
    assert_eq!(again.model, loaded.model);
    // and the canonical form is a fixed point, scales included ("0.00" stays "0.00")
    assert_eq!(to_canonical_toml(&again.model), canonical);
    assert!(canonical.contains("overseas = \"0.00\""), "{canonical}");
    assert!(canonical.contains("total = \"40295.14\""), "{canonical}");
}

#[test]
fn an_empty_monitoring_table_is_the_same_as_none() {
    let text =
        "[monitoring]\n\n[[projects.project]]\nname = \"项目\"\n[projects.project.monitoring]\n";
    let d = read_back(text);
    assert_eq!(d.monitoring, None);
    assert_eq!(d.projects.items[0].monitoring, None);
    let again = read_back(&to_canonical_toml(&d));
    assert_eq!(again, d);
}

#[test]
fn canonical_form_of_a_small_year() {
    let mut d = DepartmentYear::default();
    d.department.name = Some("某局 \"试点\"".into());
    d.department.year = Some(2021);
    d.budget.initial.total = Some(Money::wan(dec!(23260.00)));
    d.budget.initial.basic = Some(Money::wan(dec!(2900)));
    d.budget.excluded_adjustment = Some(Money::wan(dec!(0.35)));
    d.progress.push(ProgressPoint {
        period: "Q1".into(),
        spent_pct: Some(Percent(dec!(26))),
        ..Default::default()
    });
    d.institutions.domains = vec!["预算".into(), "收支".into()];
    d.narrative.practices = Some("第一行\n第二行\\".into());
    let expected = r#"# jixiao 部门年度数据（规范格式；金额单位：万元）

# 部门基本信息
[department]
name = "某局 \"试点\""
year = 2021

# 预算（年初、调整、决算）
[budget]
excluded_adjustment = "0.35"
[budget.initial]
total = "23260.00"
basic = "2900"

# 支出进度
[[progress]]
period = "Q1"
spent_pct = "26"

# 管理制度
[institutions]
domains = ["预算", "收支"]

# 文字说明
[narrative]
practices = """
第一行
第二行\\"""
"#;
    assert_eq!(to_canonical_toml(&d), expected);
    assert_eq!(read_back(expected), d);
}

// ── property: any department-year survives the round trip ───────────────────

fn decimal() -> BoxedStrategy<Decimal> {
    (any::<i64>(), 0u32..=6)
        .prop_map(|(m, s)| Decimal::new(m, s))
        .boxed()
}

fn money() -> BoxedStrategy<Option<Money>> {
    prop::option::of(decimal().prop_map(Money::wan)).boxed()
}

fn percent() -> BoxedStrategy<Option<Percent>> {
    prop::option::of(decimal().prop_map(Percent)).boxed()
}

fn num() -> BoxedStrategy<Option<Num>> {
    prop::option::of(decimal().prop_map(Num)).boxed()
}

fn text() -> BoxedStrategy<String> {
    prop_oneof![
        "[a-z0-9 ]{0,12}",
        "[\"\\\\\n\r\t'#=\\[\\]{}龙华区预算 \u{7f}\u{80}\u{1}]{0,16}",
        "\\PC{0,24}",
        any::<String>(),
    ]
    .boxed()
}

fn opt_text() -> BoxedStrategy<Option<String>> {
    prop::option::of(text()).boxed()
}

fn opt_bool() -> BoxedStrategy<Option<bool>> {
    prop::option::of(any::<bool>()).boxed()
}

fn opt_u32() -> BoxedStrategy<Option<u32>> {
    prop::option::of(any::<u32>()).boxed()
}

fn some_money() -> BoxedStrategy<Money> {
    decimal().prop_map(Money::wan).boxed()
}

fn reason_category() -> BoxedStrategy<Option<ReasonCategory>> {
    prop::option::of(prop::sample::select(ReasonCategory::ALL.to_vec())).boxed()
}

fn monitoring() -> BoxedStrategy<Option<Monitoring>> {
    let fund = (text(), money(), money(), money(), money()).prop_map(
        |(source, initial, adjustment, adjusted, spent)| FundLine {
            source,
            initial,
            adjustment,
            adjusted,
            spent,
        },
    );
    let prior = (
        prop::option::of(any::<i32>()),
        prop::collection::vec(some_money(), 0..13),
    )
        .prop_map(|(year, monthly)| PriorYearMonthly { year, monthly });
    prop::option::of(
        (
            (opt_text(), prop::collection::vec(fund, 0..3), money()),
            (
                prop::collection::vec(some_money(), 0..13),
                prop::collection::vec(prior, 0..3),
                money(),
            ),
            (opt_text(), reason_category(), opt_text()),
        )
            .prop_map(
                |(
                    (as_of, funds, spent),
                    (monthly, prior_years, forecast_spent),
                    (reason, reason_category, measures),
                )| Monitoring {
                    as_of,
                    funds,
                    spent,
                    monthly,
                    prior_years,
                    forecast_spent,
                    reason,
                    reason_category,
                    measures,
                },
            ),
    )
    // an empty monitoring table reads as none (jixiao_model::monitoring::empty_as_none)
    .prop_map(|m| m.filter(|m| *m != Monitoring::default()))
    .boxed()
}

fn target_monitoring() -> BoxedStrategy<Option<TargetMonitoring>> {
    let likelihood = prop::option::of(prop::sample::select(vec![
        Likelihood::Certain,
        Likelihood::Possible,
        Likelihood::Impossible,
    ]));
    prop::option::of(
        (
            (num(), opt_text(), num(), opt_text()),
            (likelihood, opt_text(), reason_category(), opt_text()),
        )
            .prop_map(
                |(
                    (current, current_text, forecast, forecast_text),
                    (likelihood, reason, reason_category, measures),
                )| TargetMonitoring {
                    current,
                    current_text,
                    forecast,
                    forecast_text,
                    likelihood,
                    reason,
                    reason_category,
                    measures,
                },
            ),
    )
    .prop_map(|m| m.filter(|m| *m != TargetMonitoring::default()))
    .boxed()
}

fn budget_figures() -> BoxedStrategy<BudgetFigures> {
    (
        money(),
        money(),
        money(),
        money(),
        money(),
        money(),
        opt_bool(),
        prop::collection::vec(
            (text(), money()).prop_map(|(name, amount)| FundingSource { name, amount }),
            0..3,
        ),
    )
        .prop_map(
            |(
                total,
                basic,
                personnel,
                public_funds,
                project,
                capital_construction,
                all_fiscal,
                sources,
            )| {
                BudgetFigures {
                    total,
                    basic,
                    personnel,
                    public_funds,
                    project,
                    capital_construction,
                    all_fiscal,
                    sources,
                }
            },
        )
        .boxed()
}

fn sangong_figures() -> BoxedStrategy<SangongFigures> {
    (money(), money(), money(), money(), money(), money())
        .prop_map(
            |(total, overseas, reception, vehicle, vehicle_purchase, vehicle_operation)| {
                SangongFigures {
                    total,
                    overseas,
                    reception,
                    vehicle,
                    vehicle_purchase,
                    vehicle_operation,
                }
            },
        )
        .boxed()
}

fn procurement_figures() -> BoxedStrategy<ProcurementFigures> {
    (money(), money(), money(), money())
        .prop_map(|(total, goods, works, services)| ProcurementFigures {
            total,
            goods,
            works,
            services,
        })
        .boxed()
}

fn operator() -> BoxedStrategy<TargetOperator> {
    prop_oneof![
        Just(TargetOperator::AtLeast),
        Just(TargetOperator::AtMost),
        Just(TargetOperator::Equal),
        Just(TargetOperator::Above),
        Just(TargetOperator::Below),
        Just(TargetOperator::Range),
        Just(TargetOperator::Qualitative),
    ]
    .boxed()
}

fn target() -> BoxedStrategy<PerformanceTarget> {
    (
        (
            prop_oneof![
                Just(TargetLevel1::Output),
                Just(TargetLevel1::Benefit),
                Just(TargetLevel1::Satisfaction),
                Just(TargetLevel1::Cost),
            ],
            text(),
            text(),
            operator(),
            num(),
            num(),
            opt_text(),
            opt_text(),
            num(),
            opt_text(),
            num(),
            opt_text(),
        ),
        target_monitoring(),
    )
        .prop_map(
            |(
                (
                    level1,
                    level2,
                    name,
                    operator,
                    value,
                    value_high,
                    value_text,
                    unit,
                    actual,
                    actual_text,
                    weight,
                    deviation,
                ),
                monitoring,
            )| {
                PerformanceTarget {
                    level1,
                    level2,
                    name,
                    operator,
                    value,
                    value_high,
                    value_text,
                    unit,
                    actual,
                    actual_text,
                    weight,
                    score: None,
                    deviation,
                    monitoring,
                }
            },
        )
        .boxed()
}

fn project() -> BoxedStrategy<Project> {
    (
        (text(), opt_text(), opt_bool(), opt_bool()),
        (money(), money(), money()),
        prop::option::of(prop_oneof![
            Just(ProjectStatus::NotStarted),
            Just(ProjectStatus::InProgress),
            Just(ProjectStatus::Completed),
            Just(ProjectStatus::Cancelled),
        ]),
        (opt_bool(), opt_bool(), opt_text(), opt_text()),
        prop::collection::vec(target(), 0..3),
        monitoring(),
    )
        .prop_map(
            |(
                (name, code, key, capital_construction),
                (budget_initial, budget_annual, spent),
                status,
                (on_time, quality_ok, goal, goal_result),
                targets,
                monitoring,
            )| {
                Project {
                    name,
                    code,
                    key,
                    capital_construction,
                    budget_initial,
                    budget_annual,
                    spent,
                    status,
                    on_time,
                    quality_ok,
                    goal,
                    goal_result,
                    targets,
                    monitoring,
                }
            },
        )
        .boxed()
}

fn department() -> BoxedStrategy<Department> {
    (
        opt_text(),
        opt_text(),
        opt_text(),
        prop::option::of(any::<i32>()),
        opt_text(),
        opt_text(),
        opt_text(),
        opt_text(),
        opt_text(),
    )
        .prop_map(
            |(name, code, level, year, functions, head, preparer, phone, source)| Department {
                name,
                code,
                level,
                year,
                functions,
                head,
                preparer,
                phone,
                source,
            },
        )
        .boxed()
}

fn assets() -> BoxedStrategy<Assets> {
    (
        (money(), money(), money(), money(), money(), money()),
        (
            opt_bool(),
            money(),
            money(),
            money(),
            money(),
            opt_bool(),
            opt_bool(),
        ),
    )
        .prop_map(|((a, b, c, d, e, f), (g, h, i, j, k, l, m))| Assets {
            fixed_purchased: a,
            fixed_transferred_in: b,
            intangible_purchased: c,
            intangible_transferred_in: d,
            disposed_book_value: e,
            disposal_residual: f,
            disposal_residual_remitted: g,
            received_from_other_units: h,
            fixed_original_value: i,
            fixed_in_use_value: j,
            rented_out_value: k,
            stocktake_done: l,
            books_match_physical: m,
        })
        .boxed()
}

fn narrative() -> BoxedStrategy<Narrative> {
    (
        (opt_text(), opt_text(), opt_text(), opt_text(), opt_text()),
        (opt_text(), opt_text(), opt_text(), opt_text(), opt_text()),
        (opt_text(), opt_text(), opt_text(), opt_text(), opt_text()),
    )
        .prop_map(
            |((a, b, c, d, e), (f, g, h, i, j), (k, l, m, n, o))| Narrative {
                annual_work: a,
                key_tasks: b,
                budget_preparation: c,
                target_setting: d,
                compliance: e,
                project_management: f,
                performance: g,
                economic_benefit: h,
                social_benefit: i,
                ecological_benefit: j,
                practices: k,
                problems: l,
                measures: m,
                plans: n,
                suggestions: o,
            },
        )
        .boxed()
}

fn assessment() -> BoxedStrategy<Assessment> {
    (
        text(),
        opt_text(),
        prop::collection::vec(
            (text(), any::<bool>(), opt_text()).prop_map(|(item, satisfied, note)| {
                ChecklistAnswer {
                    item,
                    satisfied,
                    note,
                }
            }),
            0..3,
        ),
        num(),
        opt_u32(),
        text(),
    )
        .prop_map(
            |(indicator, tier, items, score, violations, reason)| Assessment {
                indicator,
                tier,
                items,
                score,
                violations,
                reason,
            },
        )
        .boxed()
}

fn department_year() -> BoxedStrategy<DepartmentYear> {
    let head = (
        department(),
        (opt_text(), opt_text())
            .prop_map(|(framework, as_of)| EvaluationSettings { framework, as_of }),
        (
            budget_figures(),
            budget_figures(),
            budget_figures(),
            money(),
            money(),
            (money(), money(), money()),
        )
            .prop_map(
                |(
                    initial,
                    adjusted,
                    final_accounts,
                    excluded_adjustment,
                    key_project_spending,
                    (added, reduced, reallocated),
                )| {
                    Budget {
                        initial,
                        adjusted,
                        final_accounts,
                        excluded_adjustment,
                        adjustments: BudgetAdjustments {
                            added,
                            reduced,
                            reallocated,
                        },
                        key_project_spending,
                    }
                },
            ),
        (
            sangong_figures(),
            sangong_figures(),
            sangong_figures(),
            opt_u32(),
            sangong_figures(),
        )
            .prop_map(
                |(
                    initial_budget,
                    adjusted_budget,
                    actual,
                    vehicles_purchased,
                    actual_change_vs_prior,
                )| {
                    Sangong {
                        initial_budget,
                        adjusted_budget,
                        actual,
                        vehicles_purchased,
                        actual_change_vs_prior,
                    }
                },
            ),
        (money(), money()).prop_map(|(opening, closing)| Carryover { opening, closing }),
        (money(), procurement_figures(), procurement_figures()).prop_map(
            |(initial_budget, plan, actual)| Procurement {
                initial_budget,
                plan,
                actual,
            },
        ),
        prop::collection::vec(
            (text(), percent(), money(), percent()).prop_map(
                |(period, spent_pct, spent, time_pct)| ProgressPoint {
                    period,
                    spent_pct,
                    spent,
                    time_pct,
                },
            ),
            0..5,
        ),
        (opt_u32(), opt_u32()).prop_map(|(authorized, actual)| Staffing { authorized, actual }),
    );
    let middle = (
        (
            opt_u32(),
            opt_u32(),
            opt_u32(),
            opt_u32(),
            opt_bool(),
            prop::collection::vec(project(), 0..3),
        )
            .prop_map(
                |(
                    planned_count,
                    completed_count,
                    on_time_count,
                    quality_count,
                    all_have_targets,
                    items,
                )| {
                    Projects {
                        planned_count,
                        completed_count,
                        on_time_count,
                        quality_count,
                        all_have_targets,
                        items,
                    }
                },
            ),
        (
            opt_u32(),
            opt_u32(),
            opt_u32(),
            prop::collection::vec(
                (text(), opt_text(), opt_bool(), opt_bool()).prop_map(
                    |(description, target, completed, on_time)| KeyTask {
                        description,
                        target,
                        completed,
                        on_time,
                    },
                ),
                0..3,
            ),
        )
            .prop_map(
                |(assigned_count, completed_count, on_time_count, items)| KeyTasks {
                    assigned_count,
                    completed_count,
                    on_time_count,
                    items,
                },
            ),
        prop::collection::vec(
            (text(), operator(), num(), opt_text(), num(), opt_text()).prop_map(
                |(name, operator, value, unit, actual, note)| DutyTarget {
                    name,
                    operator,
                    value,
                    unit,
                    actual,
                    note,
                },
            ),
            0..3,
        ),
        assets(),
        (
            prop::collection::vec(text(), 0..4),
            prop::collection::vec(
                (text(), opt_text()).prop_map(|(name, domain)| InstitutionRule { name, domain }),
                0..3,
            ),
        )
            .prop_map(|(domains, rules)| Institutions { domains, rules }),
        (
            opt_bool(),
            opt_text(),
            opt_bool(),
            opt_text(),
            opt_bool(),
            opt_text(),
        )
            .prop_map(
                |(budget_published, budget_where, final_published, final_where, on_time, note)| {
                    Disclosure {
                        budget_published,
                        budget_where,
                        final_published,
                        final_where,
                        on_time,
                        note,
                    }
                },
            ),
        (opt_u32(), opt_u32(), opt_u32(), opt_u32(), opt_bool()).prop_map(
            |(received, answered, answered_on_time, overdue, all_answered_on_time)| Petitions {
                received,
                answered,
                answered_on_time,
                overdue,
                all_answered_on_time,
            },
        ),
    );
    let tail = (
        prop::collection::vec(
            (text(), opt_u32(), opt_u32(), percent(), opt_text()).prop_map(
                |(name, respondents, satisfied, rate, method)| Survey {
                    name,
                    respondents,
                    satisfied,
                    rate,
                    method,
                },
            ),
            0..3,
        ),
        narrative(),
        (
            sangong_figures(),
            sangong_figures(),
            budget_figures(),
            money(),
        )
            .prop_map(
                |(sangong_budget, sangong_actual, final_accounts, carryover_closing)| PriorYear {
                    sangong_budget,
                    sangong_actual,
                    final_accounts,
                    carryover_closing,
                },
            ),
        prop::collection::vec(assessment(), 0..3),
        prop::collection::vec(
            (text(), decimal(), opt_text()).prop_map(|(indicator, value, location)| StatedFigure {
                indicator,
                value: Num(value),
                location,
            }),
            0..3,
        ),
        monitoring(),
    );
    (head, middle, tail)
        .prop_map(
            |(
                (
                    department,
                    evaluation,
                    budget,
                    sangong,
                    carryover,
                    procurement,
                    progress,
                    staffing,
                ),
                (projects, key_tasks, duty_targets, assets, institutions, disclosure, petitions),
                (satisfaction, narrative, prior_year, assessments, stated, monitoring),
            )| DepartmentYear {
                department,
                evaluation,
                budget,
                sangong,
                carryover,
                procurement,
                progress,
                staffing,
                projects,
                key_tasks,
                duty_targets,
                assets,
                institutions,
                disclosure,
                petitions,
                satisfaction,
                narrative,
                prior_year,
                assessments,
                stated,
                monitoring,
            },
        )
        .boxed()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_department_year_round_trips(d in department_year()) {
        let canonical = to_canonical_toml(&d);
        let back = read_back(&canonical);
        prop_assert_eq!(&back, &d);
        // scales as written survive too: the canonical text is a fixed point
        prop_assert_eq!(to_canonical_toml(&back), canonical);
    }
}
