//! Golden tests against published score sheets: each reproduces the figures a real sheet
//! gives (sources in `../shared/spec/scoring-review.md` and the frameworks' `source` keys).

use jixiao_engine::{builtin, evaluate, parse_framework, Evaluation, NodeStatus, ScoreNode};
use jixiao_model::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn m(d: Decimal) -> Option<Money> {
    Some(Money::wan(d))
}

fn node<'a>(e: &'a Evaluation, path: &str) -> &'a ScoreNode {
    fn walk<'a>(nodes: &'a [ScoreNode], path: &str) -> Option<&'a ScoreNode> {
        nodes.iter().find_map(|n| {
            if n.id == path {
                Some(n)
            } else {
                walk(&n.children, path)
            }
        })
    }
    walk(&e.tree, path).unwrap_or_else(|| panic!("no node {path}"))
}

fn score(e: &Evaluation, path: &str) -> Option<Decimal> {
    node(e, path).score
}

/// The Hunan-format 部门整体支出绩效评价指标表 (https://wanglu.net/thread/t4-462766-0.html):
/// 预算完成率 8 分, "100%计满分,每低于5%扣2分,扣完为止"; the unit's 预算完成率 99.27% scored 8.
/// Its 在职人员控制率 95.10% (136 ÷ 143) scored 8 of 8; its 三公经费变动率 98.31%
/// ((63.46 − 32) ÷ 32, 预算口径) scored 0 of 8.
#[test]
fn hunan_format_sheet() {
    let f = parse_framework(
        r#"
id = "hunan-format"
name = "湖南格式部门整体支出绩效评价指标表（节选）"
source = "[practice] https://wanglu.net/thread/t4-462766-0.html"
total = 24
[[grade]]
name = "—"
range = "[0, 24]"
[[node]]
id = "input"
name = "投入"
weight = 16
  [[node.node]]
  indicator = "D03"
  name = "在职人员控制率"
  weight = 8
  rule = { type = "deduct_per_point", x0 = 100, k = 0.5 }
  [[node.node]]
  indicator = "D04"
  name = "三公经费变动率"
  weight = 8
  rule = { type = "deduct_per_point", x0 = 0, k = 0.8 }
[[node]]
id = "process"
name = "过程"
weight = 8
  [[node.node]]
  indicator = "D06"
  name = "预算完成率"
  weight = 8
  rule = { type = "deduct_per_step", reference = 100, step = 5, k = 2 }
"#,
        "hunan.toml",
    )
    .unwrap_or_else(|e| panic!("{e:?}"));
    let mut d = DepartmentYear::default();
    d.staffing.authorized = Some(143);
    d.staffing.actual = Some(136);
    d.sangong.initial_budget.total = m(dec!(63.46));
    d.prior_year.sangong_budget.total = m(dec!(32));
    // 99.27%: 2,670.98 ÷ 2,690.62 (the sheet's 1,922.76 + 767.86 追加).
    d.budget.adjusted.total = m(dec!(2690.62));
    d.budget.final_accounts.total = m(dec!(2670.98));
    let e = evaluate(&d, &f);
    assert_eq!(node(&e, "process.D06").value, Some(dec!(99.27)));
    assert_eq!(
        score(&e, "process.D06"),
        Some(dec!(8)),
        "full steps only (the default)"
    );
    assert_eq!(node(&e, "input.D03").value, Some(dec!(95.1)));
    assert_eq!(score(&e, "input.D03"), Some(dec!(8)));
    assert_eq!(node(&e, "input.D04").value, Some(dec!(98.31)));
    assert_eq!(score(&e, "input.D04"), Some(dec!(0)));
}

/// A department-year that makes every 岳阳 row computable except the ones under test.
fn yueyang_base() -> DepartmentYear {
    let mut d = DepartmentYear::default();
    d.department.name = Some("岳阳市某局".into());
    d.department.year = Some(2018);
    d.staffing.authorized = Some(21);
    d.staffing.actual = Some(21);
    d.budget.initial.total = m(dec!(1000));
    d.budget.initial.project = m(dec!(500));
    d.budget.adjusted.total = m(dec!(1000));
    d.budget.final_accounts.total = m(dec!(1000));
    d.budget.key_project_spending = m(dec!(450));
    d.carryover.opening = m(dec!(10));
    d.carryover.closing = m(dec!(0));
    d.sangong.initial_budget.total = m(dec!(20));
    d.sangong.actual.total = m(dec!(20));
    d.prior_year.sangong_budget.total = m(dec!(20));
    d
}

fn yueyang(d: &DepartmentYear) -> Evaluation {
    evaluate(d, &builtin("yueyang-2018-dept").expect("builtin"))
}

/// 岳阳 2018 参考样表 附件3-1, the rows read from the published sheet, at and around each
/// band edge as the sheet writes them: 重点支出安排率 puts (含) on the lower edge
/// ("80%(含)-90%"), 预算调整率 on the upper edge ("0-10%(含)") with a top band "=0".
#[test]
fn yueyang_bands_at_their_edges() {
    // 重点支出安排率 (5 分): ≥90% 5; 80%(含)-90% 4; 70%(含)-80% 3; 60%(含)-70% 2; <60% 0.
    for (key, expected) in [
        (dec!(450), dec!(5)),    // 90%
        (dec!(449.95), dec!(4)), // 89.99%
        (dec!(400), dec!(4)),    // 80%
        (dec!(399.95), dec!(3)), // 79.99%
        (dec!(350), dec!(3)),    // 70%
        (dec!(300), dec!(2)),    // 60%
        (dec!(299.95), dec!(0)), // 59.99%
    ] {
        let mut d = yueyang_base();
        d.budget.key_project_spending = m(key);
        let e = yueyang(&d);
        assert_eq!(
            score(&e, "input.allocation.D05"),
            Some(expected),
            "重点支出 {key} / 500"
        );
    }
    // 预算调整率 (3 分): =0 3; 0-10%(含) 2; 10-20%(含) 1; 20-30%(含) 0.5; >30% 0. A budget
    // cut is an adjustment too.
    for (adjusted, expected) in [
        (dec!(1000), dec!(3)),   // 0
        (dec!(1000.1), dec!(2)), // 0.01%
        (dec!(999.9), dec!(2)),  // a cut of 0.01%
        (dec!(1100), dec!(2)),   // 10%
        (dec!(900), dec!(2)),    // −10% is an adjustment of 10%
        (dec!(1100.1), dec!(1)), // 10.01%
        (dec!(1200), dec!(1)),   // 20%
        (dec!(1300), dec!(0.5)), // 30%
        (dec!(1300.1), dec!(0)), // 30.01%
        (dec!(650), dec!(0)),    // a cut of 35%
    ] {
        let mut d = yueyang_base();
        d.budget.adjusted.total = m(adjusted);
        d.budget.final_accounts.total = m(adjusted);
        let e = yueyang(&d);
        assert_eq!(
            score(&e, "process.execution.D07"),
            Some(expected),
            "调整后 {adjusted} / 年初 1000"
        );
    }
    // Gross adjustments: 追加 100 and 追减 100 leave the total unchanged but are a 20%
    // adjustment.
    let mut d = yueyang_base();
    d.budget.adjustments.added = m(dec!(100));
    d.budget.adjustments.reduced = m(dec!(100));
    let e = yueyang(&d);
    assert_eq!(node(&e, "process.execution.D07").value, Some(dec!(20)));
    assert_eq!(score(&e, "process.execution.D07"), Some(dec!(1)));
}

/// "以100%为标准…每超过一个百分点扣…分": full points only (a 0.5-point excess keeps full
/// marks, as "每低于5%扣2分" does on the Hunan sheet).
#[test]
fn yueyang_per_point_deductions() {
    // “三公经费”控制率 (6 分, 每超过一个百分点扣1分), on the 三公 budget as compiled.
    for (actual, expected) in [
        (dec!(20), dec!(6)),    // 100%
        (dec!(20.1), dec!(6)),  // 100.5%
        (dec!(20.2), dec!(5)),  // 101%
        (dec!(20.98), dec!(2)), // 104.9%
        (dec!(21.2), dec!(0)),  // 106%
    ] {
        let mut d = yueyang_base();
        d.sangong.actual.total = m(actual);
        let e = yueyang(&d);
        assert_eq!(
            score(&e, "process.execution.D12"),
            Some(expected),
            "三公 {actual} / 20"
        );
    }
    // 财政供养人员控制率 (5 分, 每超过一个百分点扣0.5分): 22 of 21 = 104.76% → 3.
    let mut d = yueyang_base();
    d.staffing.actual = Some(22);
    let e = yueyang(&d);
    assert_eq!(score(&e, "input.allocation.D03"), Some(dec!(3)));
    // “三公经费”变动率 (5 分, >0 每超过一个百分点扣0.5分): 20 → 21 = 5% → 2.5.
    let mut d = yueyang_base();
    d.sangong.initial_budget.total = m(dec!(21));
    let e = yueyang(&d);
    assert_eq!(score(&e, "input.allocation.D04"), Some(dec!(2.5)));
}

/// 资金结余 (3 分): 无结余 3; 有结余但不超过上年结转 2; 结余超过上年结转 0. The Longhua
/// example ends the year with 160.65 万元 against 137.32 carried in: 0.
#[test]
fn yueyang_fund_balance_tiers() {
    for (closing, expected) in [
        (dec!(0), dec!(3)),
        (dec!(4), dec!(2)),
        (dec!(10), dec!(2)),
        (dec!(10.01), dec!(0)),
    ] {
        let mut d = yueyang_base();
        d.carryover.closing = m(closing);
        let e = yueyang(&d);
        assert_eq!(
            score(&e, "process.execution.balance"),
            Some(expected),
            "年末 {closing}，上年结转 10"
        );
    }
    let mut d = yueyang_base();
    d.carryover.opening = m(dec!(137.32));
    d.carryover.closing = m(dec!(160.65));
    assert_eq!(
        score(&yueyang(&d), "process.execution.balance"),
        Some(dec!(0))
    );
}

/// 资金使用合规性 (3 分): "以上情况每出现一例不符合要求的扣1分,扣完为止" — a count of
/// violations found, not a checklist; without the evaluator's count the row is not scorable
/// (0 under the sheet's 无资料不得分).
#[test]
fn yueyang_compliance_counts_violations() {
    for (violations, expected) in [(0, dec!(3)), (1, dec!(2)), (4, dec!(0))] {
        let mut d = yueyang_base();
        d.assessments.push(Assessment {
            indicator: "D15".into(),
            violations: Some(violations),
            reason: "审计发现".into(),
            ..Default::default()
        });
        let e = yueyang(&d);
        assert_eq!(
            score(&e, "process.management.D15"),
            Some(expected),
            "{violations}"
        );
    }
    let e = yueyang(&yueyang_base());
    let d15 = node(&e, "process.management.D15");
    assert_eq!(d15.status, NodeStatus::NotScorable);
    assert_eq!(d15.score, Some(dec!(0)));
}

/// Every shipped deduction rule says how it counts partial steps, and every shipped leaf
/// says where its weight and rule come from.
#[test]
fn shipped_frameworks_state_their_readings() {
    for (id, _, text) in jixiao_engine::builtin::BUILTIN_SOURCES {
        for (i, line) in text.lines().enumerate() {
            if line.contains("deduct_per_step") || line.contains("deduct_per_point") {
                assert!(
                    line.contains("count ="),
                    "{id}:{}: a deduction rule without an explicit count: {line}",
                    i + 1
                );
            }
        }
        let f = builtin(id).expect("loads");
        for leaf in f.leaves() {
            let src = leaf.source.as_deref().unwrap_or("");
            assert!(
                ["[official]", "[practice]", "[default]"]
                    .iter()
                    .any(|m| src.starts_with(m)),
                "{id}: {} has no source mark: {src:?}",
                leaf.path
            );
        }
    }
}
