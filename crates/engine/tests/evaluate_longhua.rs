//! End to end: a Longhua-like department-year (the 2021 report's figures, typed in Rust)
//! evaluated with `longhua-4e` and `mof-2013-dept`. Expected scores were worked out by hand
//! from the report's figures.

use jixiao_engine::{builtin, evaluate, Evaluation, NodeStatus, ScoreNode};
use jixiao_model::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn m(d: Decimal) -> Option<Money> {
    Some(Money::wan(d))
}

fn items(names: &[&str]) -> Vec<ChecklistAnswer> {
    names
        .iter()
        .map(|n| ChecklistAnswer {
            item: n.to_string(),
            satisfied: true,
            note: None,
        })
        .collect()
}

fn judged(id: &str, items_: Vec<ChecklistAnswer>, tier: Option<&str>, reason: &str) -> Assessment {
    Assessment {
        indicator: id.into(),
        tier: tier.map(String::from),
        items: items_,
        reason: reason.into(),
        ..Default::default()
    }
}

fn scored(id: &str, tier: &str, score: Decimal, reason: &str) -> Assessment {
    Assessment {
        score: Some(Num(score)),
        ..judged(id, vec![], Some(tier), reason)
    }
}

/// The Longhua 2021 department-year, as far as the report gives it.
fn longhua() -> DepartmentYear {
    let mut d = DepartmentYear::default();
    d.department.name = Some("深圳市龙华区政务服务数据管理局".into());
    d.department.year = Some(2021);
    d.budget.initial = BudgetFigures {
        total: m(dec!(23260)),
        basic: m(dec!(2900)),
        personnel: m(dec!(1148)),
        public_funds: m(dec!(1752)),
        project: m(dec!(20360)),
        ..Default::default()
    };
    d.budget.adjusted = BudgetFigures {
        total: m(dec!(40295.14)),
        basic: m(dec!(2867.41)),
        public_funds: m(dec!(1699.63)),
        project: m(dec!(37427.73)),
        capital_construction: m(dec!(23784.4)),
        ..Default::default()
    };
    d.budget.final_accounts = BudgetFigures {
        total: m(dec!(40161.25)),
        personnel: m(dec!(1136)),
        public_funds: m(dec!(1694.02)),
        project: m(dec!(37331.23)),
        capital_construction: m(dec!(23783.48)),
        ..Default::default()
    };
    d.sangong.initial_budget.total = m(dec!(4));
    d.sangong.adjusted_budget.total = m(dec!(36.08));
    d.sangong.actual.total = m(dec!(33.45));
    d.carryover.opening = m(dec!(137.32));
    d.carryover.closing = m(dec!(160.65));
    d.procurement.plan.total = m(dec!(45674.32));
    d.procurement.actual.total = m(dec!(44874.55));
    for (q, spent, time) in [
        ("Q1", dec!(26), dec!(25)),
        ("Q2", dec!(51.4), dec!(50)),
        ("Q3", dec!(78.8), dec!(75)),
        ("Q4", dec!(99.73), dec!(100)),
    ] {
        d.progress.push(ProgressPoint {
            period: q.into(),
            spent_pct: Some(Percent(spent)),
            spent: None,
            time_pct: Some(Percent(time)),
        });
    }
    d.projects.planned_count = Some(48);
    d.projects.completed_count = Some(48);
    d.key_tasks.assigned_count = Some(7);
    d.key_tasks.completed_count = Some(7);
    d.key_tasks.on_time_count = Some(7);
    d.assets.fixed_original_value = m(dec!(56603.11));
    d.assets.fixed_in_use_value = m(dec!(56603.11));
    d.petitions.all_answered_on_time = Some(true);
    d.satisfaction.push(Survey {
        name: "行政服务大厅第三方满意度调查".into(),
        rate: Some(Percent(dec!(99.87))),
        ..Default::default()
    });
    d.assessments = vec![
        judged(
            "D14",
            items(&[
                "已制定预算资金管理办法、内部财务管理制度、会计核算制度等管理制度",
                "相关管理制度合法、合规、完整",
                "相关管理制度得到有效执行",
            ]),
            None,
            "制度覆盖预算、收支、资产、采购、建设项目、合同六大领域",
        ),
        judged(
            "D15",
            items(&[
                "符合国家财经法规和财务管理制度",
                "资金拨付有完整的审批程序和手续",
                "重大开支经过评估论证",
                "符合部门预算批复的用途",
                "不存在截留、挤占、挪用、虚列支出等情况",
            ]),
            None,
            "报告称所有支出均履行报批手续",
        ),
        judged(
            "D16",
            items(&["按规定内容公开预决算信息", "按规定时限公开预决算信息"]),
            None,
            "预决算在门户网站公开",
        ),
        judged(
            "D19",
            items(&[
                "资产保存完整",
                "资产配置合理",
                "资产处置规范",
                "资产账务管理合规，账实相符",
                "资产有偿使用及处置收入及时足额上缴",
            ]),
            None,
            "开展清查盘点，账实相符",
        ),
        // The evaluator's scores inside the tiers' bands at longhua-4e's weights (6, 8, 6).
        scored("D25", "达成年度指标", dec!(5.5), "经济大脑等项目"),
        scored("D26", "达成", dec!(7), "疫情防控与政务服务"),
        scored(
            "D27",
            "部分达成年度指标并具有一定效果",
            dec!(4),
            "无纸化与减少跑动",
        ),
    ];
    d.stated = vec![
        StatedFigure {
            indicator: "D12".into(),
            value: Num(dec!(92.71)),
            location: Some("三公经费".into()),
        },
        StatedFigure {
            indicator: "D13".into(),
            value: Num(dec!(98.25)),
            location: Some("政府采购执行情况".into()),
        },
        StatedFigure {
            indicator: "Q3".into(),
            value: Num(dec!(105.07)),
            location: Some("预算执行率".into()),
        },
    ];
    d
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

fn score(e: &Evaluation, path: &str) -> Decimal {
    node(e, path)
        .score
        .unwrap_or_else(|| panic!("{path} has no score"))
}

#[test]
fn longhua_with_longhua_4e() {
    let f = builtin("longhua-4e").expect("builtin");
    let e = evaluate(&longhua(), &f);

    // 经济性: 公用经费 99.67% and 三公 92.71% (adjusted basis, as the report) within budget.
    assert_eq!(score(&e, "economy.D11"), dec!(8));
    assert_eq!(node(&e, "economy.D11").value, Some(dec!(99.67)));
    assert_eq!(node(&e, "economy.D12").value, Some(dec!(92.71)));
    assert_eq!(score(&e, "economy.D12"), dec!(7));
    assert_eq!(score(&e, "economy"), dec!(15));

    // 效率性: 预算执行率 99.67% is less than one full 5-point step below 100%: full marks.
    let d06 = node(&e, "efficiency.D06");
    assert_eq!(d06.score, Some(dec!(10)));
    assert_eq!(
        d06.reason.as_deref(),
        Some("预算执行率 99.67%，低于 100% 0.33 个百分点，不足 5 个百分点，按评分标准不扣分")
    );
    assert_eq!(d06.target.as_deref(), Some("100%"));
    assert_eq!(score(&e, "efficiency.quarterly.Q1"), dec!(2));
    assert_eq!(score(&e, "efficiency.quarterly.Q3"), dec!(2));
    assert_eq!(score(&e, "efficiency.quarterly.Q4"), dec!(1.99)); // 2 × 99.73% = 1.9946
    assert_eq!(score(&e, "efficiency.quarterly"), dec!(7.99));
    assert_eq!(score(&e, "efficiency.D24"), dec!(5));
    // 二者择其一: no on-time counts, so 实际完成率 48/48 is used.
    let pc = node(&e, "efficiency.project_completion");
    assert_eq!(pc.indicator.as_deref(), Some("D21"));
    assert_eq!(pc.score, Some(dec!(6)));
    assert!(e
        .notices
        .iter()
        .any(|n| n.code == "alternative_used" && n.subject == "efficiency.project_completion"));
    // 政府采购执行率 98.25%: 6 × 0.9825 = 5.895 → 5.90 (四舍五入).
    assert_eq!(score(&e, "efficiency.D13"), dec!(5.9));
    assert_eq!(score(&e, "efficiency"), dec!(34.89));

    // 效果性: the evaluator's scores inside the official tiers' bands.
    assert_eq!(score(&e, "effect.D25"), dec!(5.5));
    assert_eq!(score(&e, "effect.D26"), dec!(7));
    assert_eq!(score(&e, "effect.D27"), dec!(4));
    assert_eq!(score(&e, "effect"), dec!(16.5));
    assert_eq!(score(&e, "fairness.L03"), dec!(5));
    assert_eq!(score(&e, "fairness.D28"), dec!(5));

    // 项目管理 (a 二级 node whose only leaf, D23 质量达标率, has no data) keeps its 5 points
    // unassessed: weight never moves across 二级 or 一级 nodes.
    let pm = node(&e, "management.projects");
    assert_eq!(pm.status, NodeStatus::NotScorable);
    assert_eq!(pm.score, None);
    assert_eq!(pm.effective_weight, dec!(5));
    assert_eq!(node(&e, "management.funds").effective_weight, dec!(8));
    assert_eq!(score(&e, "management.funds.D15"), dec!(4));
    assert_eq!(score(&e, "management.funds.D16"), dec!(4));
    assert_eq!(score(&e, "management.assets.D19"), dec!(2));
    assert_eq!(score(&e, "management.institutions.D14"), dec!(3));
    assert_eq!(score(&e, "management"), dec!(15));
    assert!(!e.notices.iter().any(|n| n.code == "weight_redistributed"));

    assert_eq!(e.total, dec!(91.39));
    assert_eq!(e.max, dec!(100));
    assert_eq!(e.assessed_weight, dec!(95));
    assert!(e.complete, "every 一级 node has something assessed");
    assert_eq!(e.unassessed_summary(), "项目管理 5 分");
    assert_eq!(e.grade.as_ref().map(|g| g.name.as_str()), Some("优"));
    assert_eq!(e.not_scorable_policy, "redistribute");
    for n in &e.tree {
        assert_eq!(n.effective_weight, n.weight, "{}", n.id);
    }
    // Stated figures agree with the computed ones: no stated_mismatch notices.
    assert!(
        !e.notices.iter().any(|n| n.code == "stated_mismatch"),
        "{:?}",
        e.notices
    );
    // Every catalogue indicator is in `indicators` for --explain.
    assert!(e.indicators.iter().any(|v| v.id == "D07"));
    assert!(e.indicators.iter().any(|v| v.id == "D03"));
    assert_eq!(
        e.department.as_deref(),
        Some("深圳市龙华区政务服务数据管理局")
    );
    assert_eq!(e.year, Some(2021));
    // JSON output works.
    let json = serde_json::to_value(&e).expect("serialises");
    assert_eq!(json["total"], "91.39");
    assert_eq!(json["assessed_weight"], "95");
    assert_eq!(json["complete"], true);
}

/// Without the evaluator's judgements of 经济/社会/生态效益 the whole 效果性 dimension cannot
/// be scored: its 20 points do not move to the other dimensions; the evaluation is
/// incomplete, has no grade and says how much weight was assessed.
#[test]
fn longhua_without_benefit_judgements_is_incomplete() {
    let f = builtin("longhua-4e").expect("builtin");
    let mut d = longhua();
    d.assessments
        .retain(|a| !["D25", "D26", "D27"].contains(&a.indicator.as_str()));
    let e = evaluate(&d, &f);
    let effect = node(&e, "effect");
    assert_eq!(effect.status, NodeStatus::NotScorable);
    assert_eq!(effect.score, None);
    assert_eq!(effect.effective_weight, dec!(20));
    let d25 = node(&e, "effect.D25");
    assert!(
        d25.reason
            .as_deref()
            .is_some_and(|r| r.contains("评价人尚未评定")),
        "{:?}",
        d25.reason
    );
    assert_eq!(e.total, dec!(74.89));
    assert_eq!(e.assessed_weight, dec!(75));
    assert!(!e.complete);
    assert_eq!(e.grade, None);
    assert_eq!(e.unassessed.len(), 1);
    assert_eq!(e.unassessed[0].id, "effect");
    assert_eq!(e.unassessed_summary(), "项目管理 5 分、效果性 20 分");
    assert!(e
        .notices
        .iter()
        .any(|n| n.code == "evaluation_incomplete" && n.message.contains("已评权重 75 / 100")));
    // A tier without a score is not awarded the top of its band.
    let mut d = longhua();
    for a in &mut d.assessments {
        if a.indicator == "D26" {
            a.score = None;
        }
    }
    let e = evaluate(&d, &f);
    let d26 = node(&e, "effect.D26");
    assert_eq!(d26.status, NodeStatus::NotScorable);
    assert!(d26
        .reason
        .as_deref()
        .is_some_and(|r| r.contains("评价人尚未打分") && r.contains("[6.4, 8]")));
    assert_eq!(
        score(&e, "effect"),
        dec!(9.5),
        "D25 5.5 + D27 4; D26 not awarded"
    );
    assert!(e.complete);
}

#[test]
fn longhua_with_mof_2013_scores_missing_data_zero() {
    let f = builtin("mof-2013-dept").expect("builtin");
    let e = evaluate(&longhua(), &f);
    // 预算完成率 99.67% at 5 points: less than a full 5-point step below → full marks.
    assert_eq!(score(&e, "process.execution.D06"), dec!(5));
    // 预算调整率 |40,295.14 − 23,260| ÷ 23,260 = 73.24% > 30% → 0.
    let d07 = node(&e, "process.execution.D07");
    assert_eq!(d07.value, Some(dec!(73.24)));
    assert_eq!(d07.score, Some(dec!(0)));
    assert_eq!(
        d07.reason.as_deref(),
        Some("预算调整率 73.24%，不在任何计分档内，得 0 分（满分 3 分）")
    );
    // 三公经费控制率 on 53号's basis (预算安排数 = 年初预算 4 万元): 33.45 ÷ 4 = 836.25% → 0.
    let d12 = node(&e, "process.execution.D12");
    assert_eq!(d12.value, Some(dec!(836.25)));
    assert_eq!(d12.score, Some(dec!(0)));
    let d12v = e.indicators.iter().find(|v| v.id == "D12").expect("D12");
    assert!(d12v.trace.formula.contains("三公经费年初预算"));
    assert!(d12v
        .trace
        .notes
        .iter()
        .any(|n| n.contains("以年初预算（预算安排数）为基数")));
    // 投入 (20 分): the report gives no 编制数, no prior-year 三公 budget, no 重点项目支出 and
    // no judgement of the targets — nothing in the dimension can be scored, so it is not
    // assessed (its 20 points stay with it) and the evaluation is incomplete.
    let input = node(&e, "input");
    assert_eq!(input.status, NodeStatus::NotScorable);
    assert_eq!(input.score, None);
    let d03 = node(&e, "input.allocation.D03");
    assert_eq!(d03.status, NodeStatus::NotScorable);
    assert_eq!(d03.score, None);
    assert_eq!(d03.effective_weight, dec!(5));
    assert!(!e.complete);
    assert_eq!(e.grade, None);
    assert_eq!(e.unassessed[0].id, "input");
    // 支付进度率 (D08) has no as-of period data beyond the quarters: scored; a leaf without
    // data inside an assessed dimension scores 0 (无资料不得分).
    let d17 = node(&e, "process.management.D17");
    assert_eq!(d17.status, NodeStatus::NotScorable);
    assert_eq!(d17.score, Some(dec!(0)));
    assert!(e
        .notices
        .iter()
        .any(|n| n.code == "not_scorable_zero" && n.subject == "process.management.D17"));
    // Every point of 资金使用合规性 and 资产管理安全性 was judged and met.
    assert_eq!(score(&e, "process.management.D15"), dec!(5));
    assert_eq!(score(&e, "process.assets.D19"), dec!(5));
    // The evaluator's 5.5 for 经济效益 fits a 6-point row, not mof's 3-point one: not scorable
    // (score required), with the band in the notice.
    let d25 = node(&e, "effect.benefits.D25");
    assert_eq!(d25.status, NodeStatus::NotScorable);
    assert!(
        d25.reason
            .as_deref()
            .is_some_and(|r| r.contains("评价人打分 5.5 不在等级「达成」的分值区间 [2.4, 3] 分内")),
        "{:?}",
        d25.reason
    );
    // Totals are sums of children; weight stays where it is.
    let sum: Decimal = e.tree.iter().filter_map(|n| n.score).sum();
    assert_eq!(e.total, sum);
    let eff: Decimal = e.tree.iter().map(|n| n.effective_weight).sum();
    assert_eq!(eff, dec!(100));
    assert!(e.assessed_weight < dec!(100));
}

#[test]
fn stated_figures_that_disagree_become_notices() {
    let mut d = longhua();
    d.stated.push(StatedFigure {
        indicator: "D11".into(),
        value: Num(dec!(99.7)),
        location: Some("存在问题".into()),
    });
    d.stated.push(StatedFigure {
        indicator: "D06".into(),
        value: Num(dec!(99.73)),
        location: Some("第四季度".into()),
    });
    let f = builtin("longhua-4e").expect("builtin");
    let e = evaluate(&d, &f);
    let mism: Vec<_> = e
        .notices
        .iter()
        .filter(|n| n.code == "stated_mismatch")
        .collect();
    assert_eq!(mism.len(), 1, "{mism:?}");
    assert_eq!(mism[0].subject, "D06");
    assert!(mism[0].message.contains("99.73"));
    assert!(mism[0].message.contains("99.67"));
}
