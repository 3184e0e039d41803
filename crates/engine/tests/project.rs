//! Project self-evaluation (财预〔2020〕10号) through `evaluate_project`.

use jixiao_engine::{builtin, evaluate, evaluate_project, parse_framework, NodeStatus};
use jixiao_model::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn row(
    level1: TargetLevel1,
    level2: &str,
    name: &str,
    op: TargetOperator,
    value: Option<Decimal>,
    actual: Option<Decimal>,
    unit: &str,
) -> PerformanceTarget {
    PerformanceTarget {
        level1,
        level2: level2.into(),
        name: name.into(),
        operator: op,
        value: value.map(Num),
        value_high: None,
        value_text: None,
        unit: Some(unit.into()),
        actual: actual.map(Num),
        actual_text: None,
        weight: None,
        score: None,
        deviation: None,
        monitoring: None,
    }
}

fn project() -> Project {
    use TargetLevel1::*;
    use TargetOperator::*;
    let mut social = row(
        Benefit,
        "社会效益",
        "群众办事便利度",
        Qualitative,
        None,
        None,
        "",
    );
    social.value_text = Some("达成年度指标".into());
    // The official long form of the top tier, with the evaluator's score inside its band
    // [16, 20] (80%–100% of the row's 20 points).
    social.actual_text = Some("达成年度指标".into());
    social.score = Some(Num(dec!(18)));
    let mut econ = row(
        Benefit,
        "经济效益",
        "预算执行偏差",
        Range,
        Some(dec!(95)),
        Some(dec!(110)),
        "%",
    );
    econ.value_high = Some(Num(dec!(105)));
    Project {
        name: "龙华区“秒批”平台".into(),
        budget_annual: Some(Money::wan(dec!(100))),
        spent: Some(Money::wan(dec!(95))),
        targets: vec![
            row(
                Output,
                "数量",
                "“一件事”事项数",
                AtLeast,
                Some(dec!(30)),
                Some(dec!(187)),
                "项",
            ),
            row(
                Output,
                "质量",
                "系统可用率",
                Equal,
                Some(dec!(100)),
                Some(dec!(95)),
                "%",
            ),
            row(
                Output,
                "时效",
                "上线时间",
                AtMost,
                Some(dec!(30)),
                Some(dec!(36)),
                "天",
            ),
            social,
            econ,
        ],
        ..Default::default()
    }
}

#[test]
fn rows_are_scored_by_operator_and_satisfaction_goes_to_benefit() {
    let f = builtin("project-self-2020").expect("builtin");
    let pe = evaluate_project(&project(), 0, &f);
    assert_eq!(pe.execution.score, Some(dec!(9.5)));
    assert_eq!(pe.execution.level1, "预算执行率");
    let scores: Vec<(String, Decimal, Option<Decimal>)> = pe
        .rows
        .iter()
        .map(|r| (r.name.clone(), r.weight, r.score))
        .collect();
    assert_eq!(
        scores,
        vec![
            ("“一件事”事项数".to_string(), dec!(16.67), Some(dec!(16.67))),
            ("系统可用率".to_string(), dec!(16.67), Some(dec!(15.84))),
            ("上线时间".to_string(), dec!(16.66), Some(dec!(13.33))),
            ("群众办事便利度".to_string(), dec!(20), Some(dec!(18))),
            ("预算执行偏差".to_string(), dec!(20), Some(dec!(19.05))),
        ]
    );
    assert_eq!(pe.rows[0].target, "≥30项");
    assert_eq!(pe.rows[0].actual, "187项");
    assert_eq!(pe.rows[4].target, "95–105%");
    assert_eq!(pe.categories[1].effective_weight, dec!(40));
    assert_eq!(pe.categories[2].effective_weight, dec!(0));
    assert!(pe.notices.iter().any(|n| n.code == "category_moved"));
    // 187 ≥ 130% × 30 without an explanation.
    assert!(pe.notices.iter().any(|n| n.code == "over_achievement"));
    assert_eq!(pe.total, dec!(92.39));
    assert_eq!(pe.grade.as_ref().map(|g| g.name.as_str()), Some("优"));
    let sum = pe.execution.score.unwrap_or_default()
        + pe.rows.iter().filter_map(|r| r.score).sum::<Decimal>();
    assert_eq!(sum, pe.total);
    assert!(pe.complete);
    assert_eq!(pe.assessed_weight, dec!(100));
}

/// A 定性 row without the evaluator's score is not awarded the top of its band: it is not
/// scorable ("score required", 0 under the zero policy) and says which band to score in; a
/// score outside the band is refused the same way.
#[test]
fn qualitative_rows_need_a_score_inside_the_band() {
    let f = builtin("project-self-2020").expect("builtin");
    let mut p = project();
    p.targets[3].score = None;
    p.targets[3].actual_text = Some("部分达成年度指标并具有一定效果".into());
    let pe = evaluate_project(&p, 0, &f);
    let row = &pe.rows[3];
    assert_eq!(row.status, NodeStatus::NotScorable);
    assert_eq!(row.score, Some(dec!(0)));
    assert!(
        row.reason
            .as_deref()
            .is_some_and(|r| r.contains("评价人尚未打分") && r.contains("[12, 16)")),
        "{:?}",
        row.reason
    );
    p.targets[3].score = Some(Num(dec!(16)));
    let pe = evaluate_project(&p, 0, &f);
    assert_eq!(
        pe.rows[3].status,
        NodeStatus::NotScorable,
        "16 is 达成's band"
    );
    p.targets[3].score = Some(Num(dec!(14.5)));
    let pe = evaluate_project(&p, 0, &f);
    assert_eq!(pe.rows[3].score, Some(dec!(14.5)));
}

#[test]
fn explained_over_achievement_and_missing_actuals() {
    let f = builtin("project-self-2020").expect("builtin");
    let mut p = project();
    p.targets[0].deviation = Some("年中新增市级改革任务".into());
    p.targets[1].actual = None;
    let pe = evaluate_project(&p, 3, &f);
    assert!(!pe.notices.iter().any(|n| n.code == "over_achievement"));
    assert_eq!(pe.rows[1].status, NodeStatus::NotScorable);
    assert_eq!(pe.rows[1].score, Some(dec!(0)));
    assert!(pe.rows[1]
        .reason
        .as_deref()
        .is_some_and(|r| r.contains("缺少实际完成值")));
    assert_eq!(pe.index, 3);
    assert_eq!(pe.execution_rate.number(), Some(dec!(95)));
}

#[test]
fn given_row_weights_are_used_or_scaled() {
    let f = builtin("project-self-2020").expect("builtin");
    let mut p = project();
    for (t, w) in p.targets.iter_mut().zip([20, 20, 10, 15, 15]) {
        t.weight = Some(Num(Decimal::from(w)));
    }
    let pe = evaluate_project(&p, 0, &f);
    let w: Vec<Decimal> = pe.rows.iter().map(|r| r.weight).collect();
    assert_eq!(w, [dec!(20), dec!(20), dec!(10), dec!(20), dec!(20)]);
    assert!(pe.notices.iter().any(|n| n.code == "row_weights_scaled"));
}

#[test]
fn cost_rows_under_output_or_as_their_own_category() {
    let mut p = project();
    p.targets.push(row(
        TargetLevel1::Cost,
        "经济成本",
        "单位事项开发成本",
        TargetOperator::AtMost,
        Some(dec!(100)),
        Some(dec!(90)),
        "万元",
    ));
    let f = builtin("project-self-2020").expect("builtin");
    let pe = evaluate_project(&p, 0, &f);
    let cost = pe
        .rows
        .iter()
        .find(|r| r.name == "单位事项开发成本")
        .expect("row");
    assert_eq!(cost.level1, "产出指标");
    assert_eq!(cost.weight, dec!(12.5));
    assert_eq!(cost.score, Some(dec!(12.5)));

    let text = builtin_text("project-self-2020")
        .replace("cost_placement = \"output\"", "cost_placement = \"separate\"")
        .replace(
            "[[project.category]]\nlevel1 = \"产出指标\"\nweight = 50\n",
            "[[project.category]]\nlevel1 = \"产出指标\"\nweight = 40\n\n[[project.category]]\nlevel1 = \"成本指标\"\nweight = 10\nif_absent = \"产出指标\"\n",
        );
    let f101 = parse_framework(&text, "101.toml").unwrap_or_else(|e| panic!("{e:?}"));
    let pe = evaluate_project(&p, 0, &f101);
    let cost = pe
        .rows
        .iter()
        .find(|r| r.name == "单位事项开发成本")
        .expect("row");
    assert_eq!(cost.level1, "成本指标");
    assert_eq!(cost.weight, dec!(10));
    assert_eq!(pe.rows[0].weight, dec!(13.34)); // 40 over three output rows
                                                // Without cost rows the 10 points go back to 产出.
    let pe = evaluate_project(&project(), 0, &f101);
    assert_eq!(pe.categories[0].effective_weight, dec!(50));
}

fn builtin_text(id: &str) -> String {
    jixiao_engine::builtin::BUILTIN_SOURCES
        .iter()
        .find(|(i, _, _)| *i == id)
        .map(|(_, _, t)| t.to_string())
        .expect("builtin source")
}

#[test]
fn evaluate_with_a_project_framework_averages_projects() {
    let mut d = DepartmentYear::default();
    d.projects.items = vec![project(), project()];
    d.projects.items[1].spent = Some(Money::wan(dec!(100)));
    let f = builtin("project-self-2020").expect("builtin");
    let e = evaluate(&d, &f);
    assert_eq!(e.projects.len(), 2);
    assert_eq!(e.projects[0].total, dec!(92.39));
    assert_eq!(e.projects[1].total, dec!(92.89));
    assert_eq!(e.total, dec!(92.64));
    assert!(e.tree.is_empty());
    // A department framework with project_framework evaluates projects with targets.
    let lh = builtin("longhua-4e").expect("builtin");
    let e = evaluate(&d, &lh);
    assert_eq!(e.projects.len(), 2);
    assert_eq!(e.projects[0].framework.id, "project-self-2020");
}

#[test]
fn no_budget_figures_execution_not_scorable() {
    let f = builtin("project-self-2020").expect("builtin");
    let mut p = project();
    p.budget_annual = None;
    let pe = evaluate_project(&p, 0, &f);
    assert_eq!(pe.execution.status, NodeStatus::NotScorable);
    assert_eq!(pe.execution.score, Some(dec!(0)));
}

#[test]
fn absurd_row_figures_do_not_panic() {
    let f = builtin("project-self-2020").expect("builtin");
    let mut p = project();
    for t in p.targets.iter_mut() {
        t.value = Some(Num(Decimal::new(1, 28)));
        t.actual = Some(Num(Decimal::MAX));
        t.weight = Some(Num(Decimal::MAX));
    }
    p.targets[2].value = Some(Num(Decimal::MIN));
    p.spent = Some(Money::wan(Decimal::MAX));
    p.budget_annual = Some(Money::wan(Decimal::new(1, 28)));
    let pe = evaluate_project(&p, 0, &f);
    assert!(
        pe.total >= Decimal::ZERO && pe.total <= dec!(100),
        "{}",
        pe.total
    );
}
