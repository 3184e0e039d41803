//! 复核 checked exactly on a generated bureau whose self-scores deviate from the 复核 in
//! known ways, and every RV check on a submission made to trip it.

use jixiao_engine::{builtin, evaluate};
use jixiao_model::*;
use jixiao_review::{
    deviation, review, review_batch, ReviewOptions, Sampling, Severity, Submission,
};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

/// A generated department-year with self-scores: every row self-scored at its 复核 score plus
/// `row_delta` (on the first row only), the total at the 复核 total plus `total_delta`, and
/// each project's total at its 复核 total plus `project_delta`.
fn with_self_scores(
    seed: u64,
    total_delta: Decimal,
    row_delta: Decimal,
    project_delta: Decimal,
) -> DepartmentYear {
    let f = builtin("mof-2013-dept").expect("builtin");
    let mut d = synth::department_year(seed);
    let e = evaluate(&d, &f);
    let mut first = true;
    fn walk(n: &jixiao_engine::ScoreNode, out: &mut Vec<(String, Option<Decimal>)>) {
        if n.children.is_empty() {
            out.push((n.id.clone(), n.score));
        }
        for c in &n.children {
            walk(c, out);
        }
    }
    let mut leaves = Vec::new();
    for n in &e.tree {
        walk(n, &mut leaves);
    }
    for (id, score) in leaves {
        let s = score.unwrap_or_default() + if first { row_delta } else { Decimal::ZERO };
        first = false;
        d.self_evaluation.scores.push(SelfScore {
            indicator: id,
            score: Some(Num(s)),
            ..Default::default()
        });
    }
    d.self_evaluation.total = Some(Num(e.total + total_delta));
    d.self_evaluation.framework = Some("mof-2013-dept".into());
    for pe in &e.projects {
        let p = &mut d.projects.items[pe.index];
        p.self_execution_score = pe.execution.score.map(Num);
        for r in &pe.rows {
            if let Some(k) = r.target_index {
                p.targets[k].self_score = r.score.map(Num);
            }
        }
        p.self_total = Some(Num(pe.total + project_delta));
    }
    d
}

#[test]
fn a_generated_bureau_of_500_is_reviewed_exactly() {
    let f = builtin("mof-2013-dept").expect("builtin");
    let subs_data: Vec<DepartmentYear> = (0..500u64)
        .map(|i| {
            // Deviations in known steps: 0, +1 … +9 points on the total; every fifth
            // department overstates one row by 2 points.
            let total_delta = Decimal::from(i % 10);
            let row_delta = if i % 5 == 0 { dec!(2) } else { Decimal::ZERO };
            let project_delta = Decimal::from(i % 3);
            with_self_scores(i, total_delta, row_delta, project_delta)
        })
        .collect();
    let subs: Vec<Submission<'_>> = subs_data
        .iter()
        .enumerate()
        .map(|(i, d)| Submission {
            id: format!("org{i:03}"),
            department: d,
        })
        .collect();
    let batch = review_batch(&subs, &f, &ReviewOptions::default());
    assert_eq!(batch.summary.departments, 500);
    for (i, s) in batch.departments.iter().enumerate() {
        let r = &s.review;
        let expected_diff = Decimal::from(i % 10);
        assert_eq!(r.total.difference, Some(expected_diff), "{}", s.id);
        let self_total = r.total.self_score.expect("stated");
        assert_eq!(self_total, r.total.review_score + expected_diff);
        assert_eq!(
            r.total.deviation,
            deviation(Some(self_total), Some(r.total.review_score)),
        );
        if !expected_diff.is_zero() {
            let exact = expected_diff * dec!(100) / self_total;
            assert_eq!(r.total.deviation, Some(round2(exact)), "{}", s.id);
        }
        // The overstated row and only it differs.
        let differing: Vec<_> = r
            .rows
            .iter()
            .filter(|row| row.difference.is_some_and(|x| !x.is_zero()))
            .collect();
        if i % 5 == 0 {
            assert_eq!(differing.len(), 1, "{}", s.id);
            assert_eq!(differing[0].difference, Some(dec!(2)));
        } else {
            assert!(differing.is_empty(), "{}: {differing:?}", s.id);
        }
        // Every project reviewed; totals off by the known delta, rows equal.
        assert_eq!(r.projects.len(), subs_data[i].projects.items.len());
        for p in &r.projects {
            assert_eq!(p.total.difference, Some(Decimal::from(i % 3)), "{}", s.id);
            assert!(p
                .rows
                .iter()
                .all(|row| row.difference == Some(Decimal::ZERO)));
            // A stated total that is not the sum of the rows is found (RV006).
            let rv006 = r.findings.iter().any(|f| {
                f.code == "RV006" && f.path == format!("projects.project[{}].self_total", p.index)
            });
            assert_eq!(rv006, i % 3 != 0, "{}", s.id);
        }
    }
    // Sorted by 偏离度, largest first.
    let sorted = batch.sorted_by_deviation();
    let devs: Vec<Decimal> = sorted
        .iter()
        .filter_map(|s| s.review.total.deviation)
        .collect();
    assert!(devs.windows(2).all(|w| w[0] >= w[1]));
    assert_eq!(batch.summary.self_higher, 450);
}

#[test]
fn sampling_limits_the_projects_reviewed() {
    let f = builtin("mof-2013-dept").expect("builtin");
    let d = with_self_scores(7, Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
    let n = d.projects.items.len();
    assert!(n >= 2, "the generated department has {n} projects");
    let r = review(
        &d,
        &f,
        &ReviewOptions {
            sampling: Sampling::Largest(1),
        },
    );
    assert_eq!(r.projects.len(), 1);
    assert_eq!(r.not_sampled.len(), n - 1);
    let largest = d
        .projects
        .items
        .iter()
        .enumerate()
        .max_by(|a, b| {
            a.1.budget_annual
                .cmp(&b.1.budget_annual)
                .then(b.1.name.cmp(&a.1.name))
        })
        .map(|(i, _)| i)
        .expect("projects");
    assert_eq!(r.projects[0].index, largest);
    assert!(r.sampling.contains("按全年预算数从大到小抽取 1 个项目"));
}

fn target(
    level1: TargetLevel1,
    level2: &str,
    name: &str,
    op: TargetOperator,
    value: i64,
    unit: &str,
) -> PerformanceTarget {
    PerformanceTarget {
        level1,
        level2: level2.into(),
        name: name.into(),
        operator: op,
        value: Some(Num(Decimal::from(value))),
        value_high: None,
        value_text: None,
        unit: Some(unit.into()),
        actual: Some(Num(Decimal::from(value))),
        actual_text: None,
        weight: Some(Num(dec!(10))),
        score: None,
        self_score: Some(Num(dec!(10))),
        deviation: None,
        monitoring: None,
    }
}

fn checks_of(d: &DepartmentYear) -> Vec<(&'static str, String)> {
    let f = builtin("mof-2013-dept").expect("builtin");
    review(d, &f, &ReviewOptions::default())
        .findings
        .into_iter()
        .map(|f| (f.code, f.path))
        .collect()
}

#[test]
fn every_check_on_one_submission() {
    use TargetLevel1::*;
    use TargetOperator::*;
    let mut d = DepartmentYear::default();
    d.department.name = Some("某局".into());
    let p = |name: &str, status, targets| Project {
        name: name.into(),
        budget_annual: Some(Money::wan(dec!(100))),
        spent: Some(Money::wan(dec!(100))),
        status: Some(status),
        targets,
        self_execution_score: Some(Num(dec!(10))),
        self_total: Some(Num(dec!(100))),
        ..Default::default()
    };
    d.projects.items = vec![
        p(
            "甲",
            ProjectStatus::InProgress,
            vec![
                target(Output, "数量指标", "建成数量", AtLeast, 10, "个"),
                target(Output, "质量指标", "合格率", AtLeast, 98, "%"),
                target(Output, "时效指标", "按时率", AtLeast, 100, "%"),
                target(Cost, "经济成本指标", "单位成本", AtLeast, 5, "万元"),
                target(Benefit, "社会效益指标", "覆盖率", AtLeast, 95, "%"),
            ],
        ),
        p(
            "乙",
            ProjectStatus::Completed,
            vec![target(Output, "数量指标", "场次", AtLeast, 3, "场")],
        ),
    ];
    // A row self-score above its weight.
    d.projects.items[1].targets[0].self_score = Some(Num(dec!(60)));
    let found = checks_of(&d);
    let has = |code: &str, path: &str| found.iter().any(|(c, p)| *c == code && p == path);
    assert!(has("RV001", "projects.project[0].self_total"), "{found:?}");
    assert!(
        has("RV002", "projects.project[0].target[1].value"),
        "{found:?}"
    );
    assert!(
        has("RV003", "projects.project[0].target[3].operator"),
        "{found:?}"
    );
    assert!(
        has("RV004", "projects.project[0].target[0].self_score"),
        "{found:?}"
    );
    assert!(
        !has("RV004", "projects.project[1].target[0].self_score"),
        "a completed project may score its 数量指标 in full"
    );
    assert!(
        has("RV005", "projects.project[1].target[0].self_score"),
        "{found:?}"
    );
    assert!(has("RV006", "projects.project[0].self_total"), "{found:?}");
    assert!(has("RV008", "projects.project[1].self_total"), "{found:?}");
    // A self-score for an indicator the framework does not have.
    d.self_evaluation.scores.push(SelfScore {
        indicator: "不存在的指标".into(),
        score: Some(Num(dec!(3))),
        ..Default::default()
    });
    assert!(checks_of(&d)
        .iter()
        .any(|(c, p)| *c == "RV007" && p == "self_evaluation.score[0].indicator"));
    // Severities come from the one table.
    let f = builtin("mof-2013-dept").expect("builtin");
    let r = review(&d, &f, &ReviewOptions::default());
    assert!(r
        .findings
        .iter()
        .all(|f| (f.code == "RV005" || f.code == "RV006") == (f.severity == Severity::Error)));
}

#[test]
fn cross_department_checks() {
    use TargetLevel1::*;
    use TargetOperator::*;
    let dept = |name: &str, rate: Decimal| {
        let mut d = DepartmentYear::default();
        d.department.name = Some(name.into());
        d.satisfaction.push(Survey {
            name: "满意度调查".into(),
            rate: Some(Percent(rate)),
            ..Default::default()
        });
        d.projects.items.push(Project {
            name: format!("{name}项目"),
            targets: vec![
                target(Output, "数量指标", "培训人次", AtLeast, 500, "人次"),
                target(Output, "质量指标", "合格率", AtLeast, 90, "%"),
                target(
                    Satisfaction,
                    "服务对象满意度指标",
                    "满意度",
                    AtLeast,
                    90,
                    "%",
                ),
            ],
            ..Default::default()
        });
        d
    };
    let a = dept("甲局", dec!(98.76));
    let b = dept("乙局", dec!(98.76));
    let mut c = dept("丙局", dec!(100));
    c.projects.items[0].targets[0].value = Some(Num(dec!(600)));
    let subs = [
        Submission {
            id: "a.toml".into(),
            department: &a,
        },
        Submission {
            id: "b.toml".into(),
            department: &b,
        },
        Submission {
            id: "c.toml".into(),
            department: &c,
        },
    ];
    let f = builtin("mof-2013-dept").expect("builtin");
    let batch = review_batch(&subs, &f, &ReviewOptions::default());
    let codes: Vec<(&str, Option<&str>)> = batch
        .cross_findings
        .iter()
        .map(|f| (f.code, f.submission.as_deref()))
        .collect();
    assert_eq!(
        codes,
        [
            ("RV101", Some("a.toml")),
            ("RV101", Some("b.toml")),
            ("RV102", Some("a.toml")),
            ("RV102", Some("b.toml")),
        ],
        "100% and a table that differs in one value are not flagged"
    );
    assert!(batch.cross_findings[0].message.contains("乙局"));
    assert_eq!(batch.cross_findings[2].related, vec!["b.toml".to_string()]);
}
