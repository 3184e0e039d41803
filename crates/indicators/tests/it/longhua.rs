//! The Longhua 2021 department-year (深圳市龙华区政务服务数据管理局 2021 年度部门整体绩效评价报告),
//! built from the report's figures, and every rate the report states, to the cent.

use jixiao_indicators::{compute, compute_all, BudgetBasis, Observation, Params};

/// The bases the Longhua report itself uses (as `longhua-4e` sets them): 三公 and 公用经费
/// control rates on the adjusted budget.
fn report_bases() -> Params {
    Params {
        sangong_control_basis: BudgetBasis::Adjusted,
        public_funds_control_basis: BudgetBasis::Adjusted,
        ..Params::default()
    }
}
use jixiao_model::{Assessment, DepartmentYear, ProgressPoint, StatedFigure, Survey};

use super::{assert_input, assert_note, dec, m, p, render, stated};

pub fn longhua_2021() -> DepartmentYear {
    let mut d = DepartmentYear::default();
    d.department.name = Some("深圳市龙华区政务服务数据管理局".into());
    d.department.level = Some("区级".into());
    d.department.year = Some(2021);

    // 一、（三）预算编制情况
    let b = &mut d.budget;
    b.initial.total = m("23,260");
    b.initial.basic = m("2,900");
    b.initial.personnel = m("1,148");
    b.initial.public_funds = m("1,752");
    b.initial.project = m("20,360");
    b.initial.all_fiscal = Some(true);
    b.adjusted.total = m("40,295.14");
    b.adjusted.basic = m("2,867.41");
    b.adjusted.project = m("37,427.73");
    b.adjusted.capital_construction = m("23,784.4");
    // 三、经济性：日常公用经费预算调整数 1,699.63 万元
    b.adjusted.public_funds = m("1,699.63");
    // 预算执行情况
    b.final_accounts.total = m("40,161.25");
    b.final_accounts.personnel = m("1,136");
    b.final_accounts.public_funds = m("1,694.02");
    b.final_accounts.project = m("37,331.23");
    b.final_accounts.capital_construction = m("23,783.48");

    let s = &mut d.sangong;
    s.initial_budget.total = m("4");
    s.initial_budget.overseas = m("0");
    s.initial_budget.reception = m("0.5");
    s.initial_budget.vehicle = m("3.5");
    s.adjusted_budget.total = m("36.08");
    s.adjusted_budget.reception = m("0.5");
    s.actual.total = m("33.45");
    s.actual.overseas = m("0.00");
    s.actual.reception = m("0");
    s.actual.vehicle_purchase = m("33.98");
    s.actual.vehicle_operation = m("1.6");
    s.vehicles_purchased = Some(2);
    s.actual_change_vs_prior.vehicle_operation = m("-0.21");

    d.carryover.opening = m("137.32");
    d.carryover.closing = m("160.65");

    let pr = &mut d.procurement;
    pr.initial_budget = m("2,190");
    pr.plan.total = m("45,674.32");
    pr.actual.total = m("44,874.55");
    pr.actual.goods = m("10373.83");
    pr.actual.works = m("10.02");
    pr.actual.services = m("34490.7");

    let q = |period: &str, spent: &str, time: &str| ProgressPoint {
        period: period.into(),
        spent_pct: p(spent),
        spent: None,
        time_pct: p(time),
    };
    d.progress = vec![
        q("Q1", "26", "25"),
        q("Q2", "51.4", "50"),
        q("Q3", "78.8", "75"),
        q("Q4", "99.73", "100"),
    ];

    d.projects.planned_count = Some(48);
    d.projects.completed_count = Some(48);
    d.projects.all_have_targets = Some(true);
    // "牵头重点工作 7 项，均已按期保质保量完成全年任务"
    d.key_tasks.assigned_count = Some(7);
    d.key_tasks.completed_count = Some(7);
    d.key_tasks.on_time_count = Some(7);

    let a = &mut d.assets;
    a.fixed_purchased = m("51，019.77");
    a.fixed_transferred_in = m("236");
    a.intangible_purchased = m("11，853.13");
    a.intangible_transferred_in = m("485");
    a.disposed_book_value = m("52.9");
    a.disposal_residual = m("0.085");
    a.disposal_residual_remitted = Some(true);
    a.received_from_other_units = m("23.19");
    a.fixed_original_value = m("56，603.11");
    // "均为在用"
    a.fixed_in_use_value = m("56，603.11");

    d.disclosure.budget_published = Some(true);
    d.disclosure.final_published = Some(true);
    // "群众信访已全部得以回复，且未发生超期反馈的情况"
    d.petitions.all_answered_on_time = Some(true);
    d.petitions.overdue = Some(0);
    d.satisfaction = vec![Survey {
        name: "全区各级行政服务大厅第三方满意度调查".into(),
        rate: p("99.87"),
        method: Some("委托第三方专业机构".into()),
        ..Survey::default()
    }];
    d.assessments = vec![Assessment {
        indicator: "D14".into(),
        tier: Some("达成".into()),
        reason: "制定了《预算管理办法（试行）》等制度，覆盖预算、收支、资产、采购、建设项目、合同 6 个领域".into(),
        ..Assessment::default()
    }];

    // Every rate the report states, where it states it.
    let at = |id: &str, value: &str, loc: &str| StatedFigure {
        location: Some(loc.into()),
        ..stated(id, value)
    };
    d.stated = vec![
        at("D13", "98.25", "一、（四）1.（3）政府采购执行情况"),
        at("D20", "100", "一、（四）3. 资产管理"),
        at("D11", "99.67", "二、（三）1.（1）日常公用经费"),
        at("D12", "92.71", "二、（三）1.（2）三公经费"),
        at("Q1", "104", "二、（三）2.（1）预算执行率"),
        at("Q2", "102.8", "二、（三）2.（1）预算执行率"),
        at("Q3", "105.07", "二、（三）2.（1）预算执行率"),
        at("Q4", "99.73", "二、（三）2.（1）预算执行率"),
        at("D21", "100", "二、（三）2.（3）项目完成的及时性"),
        at("D28", "99.87", "二、（三）4.（2）公众或服务对象满意度"),
        at("D13", "98", "三、（二）1. 提高政府采购执行率"),
        at("D12", "92.7", "三、（二）2. 加强日常公用经费控制"),
        at("D11", "99.7", "三、（二）2. 加强日常公用经费控制"),
    ];
    d
}

#[test]
fn longhua_rates_to_the_cent() {
    let d = longhua_2021();
    let params = report_bases();
    let cases = [
        // Stated in the report.
        ("D12", "92.71"), // 33.45 ÷ 36.08 = 92.7106…%
        ("D11", "99.67"), // 1,694.02 ÷ 1,699.63 = 99.6699…%
        ("D13", "98.25"), // 44,874.55 ÷ 45,674.32 = 98.2489…%
        ("Q1", "104"),    // 26 ÷ 25
        ("Q2", "102.8"),  // 51.4 ÷ 50
        ("Q3", "105.07"), // 78.8 ÷ 75 = 105.0666…%
        ("Q4", "99.73"),  // 99.73 ÷ 100
        ("D21", "100"),   // 48 ÷ 48
        ("D24", "100"),   // 7 ÷ 7
        ("D28", "99.87"), // the survey's stated rate
        ("D20", "100"),   // 56,603.11 ÷ 56,603.11
        // Not stated in the report.
        ("D06", "99.67"), // 40,161.25 ÷ 40,295.14 = 99.6677…%
        ("D07", "73.24"), // (40,295.14 − 23,260) ÷ 23,260 = 73.2379…%
        ("D10", "16.99"), // (160.65 − 137.32) ÷ 137.32 = 16.9895…%
        ("D09", "0.4"),   // 160.65 ÷ 40,295.14 = 0.3987…%
        ("D08", "99.73"), // at the last progress point, Q4
        ("L03", "100"),   // qualitative statement only
        ("D14", "判断 达成"),
        // The report lacks what these need.
        (
            "D03",
            "缺少 在职人数@staffing.actual; 编制数@staffing.authorized",
        ),
        (
            "D04",
            "缺少 上年预算三公经费@prior_year.sangong_budget.total",
        ),
        ("D05", "缺少 重点项目支出@budget.key_project_spending"),
        ("D22", "缺少 按时完成项目数@projects.on_time_count"),
    ];
    for (id, expect) in cases {
        let v = compute(id, &d, &params).expect("catalogue id");
        super::assert_invariants(&v);
        assert_eq!(render(&v), expect, "{id}: {:#?}", v.trace);
    }
    // Exact values, for the record.
    let exact = |id: &str| compute(id, &d, &params).and_then(|v| v.trace.exact);
    assert_eq!(exact("Q3"), Some(dec("105.06666666666666666666666667")));
    assert_eq!(exact("D12"), Some(dec("92.710643015521064301552106430")));
}

#[test]
fn longhua_stated_figures_all_agree() {
    let d = longhua_2021();
    let all = compute_all(&d, &report_bases());
    let mut compared = 0;
    for v in &all {
        super::assert_invariants(v);
        for s in &v.stated {
            compared += 1;
            assert!(
                s.agrees,
                "{}: stated {} vs {}",
                v.id, s.stated, s.computed_at_stated_precision
            );
        }
        assert!(
            !v.trace.notes.iter().any(|n| n.contains("不一致")),
            "{}: {:?}",
            v.id,
            v.trace.notes
        );
    }
    assert_eq!(
        compared,
        d.stated.len(),
        "every stated figure is compared once"
    );
    // 98% (stated without decimals) is D13 at no decimals.
    let d13 = all.iter().find(|v| v.id == "D13").expect("D13");
    let at0 = d13
        .stated
        .iter()
        .find(|s| s.stated == dec("98"))
        .expect("98");
    assert_eq!(at0.computed_at_stated_precision.to_string(), "98");
    assert_eq!(
        at0.location.as_deref(),
        Some("三、（二）1. 提高政府采购执行率")
    );
    // 92.7 is D12 at one decimal.
    let d12 = all.iter().find(|v| v.id == "D12").expect("D12");
    let at1: Vec<String> = d12
        .stated
        .iter()
        .map(|s| s.computed_at_stated_precision.to_string())
        .collect();
    assert_eq!(at1, ["92.71", "92.7"]);
}

#[test]
fn longhua_traces_name_inputs_by_path() {
    let d = longhua_2021();
    let params = report_bases();
    let v = compute("D12", &d, &params).expect("D12");
    assert_eq!(
        v.trace.formula,
        "三公经费实际支出 ÷ 三公经费调整预算 × 100%"
    );
    assert_input(&v, "sangong.actual.total", "33.45");
    assert_input(&v, "sangong.adjusted_budget.total", "36.08");
    assert_eq!(v.trace.inputs[0].name, "三公经费实际支出");
    assert_eq!(v.trace.inputs[0].unit, "万元");
    let v = compute("Q3", &d, &params).expect("Q3");
    assert_input(&v, "progress[2].spent_pct", "78.8");
    assert_input(&v, "progress[2].time_pct", "75");
    let v = compute("D21", &d, &params).expect("D21");
    assert_input(&v, "projects.completed_count", "48");
    assert_eq!(v.trace.inputs[0].unit, "个");
    let v = compute("D28", &d, &params).expect("D28");
    assert_input(&v, "satisfaction[0].rate", "99.87");
    assert_note(&v, "取调查报告的满意率");
    let v = compute("D10", &d, &params).expect("D10");
    assert_note(&v, "取本年年初结转结余");
    let v = compute("L03", &d, &params).expect("L03");
    assert_note(&v, "依据定性陈述");

    // The JSON form others read (the evaluation's `indicators`).
    let v = compute("D12", &d, &params).expect("D12");
    let json = serde_json::to_value(&v).expect("serialises");
    assert_eq!(json["id"], "D12");
    assert_eq!(json["observation"]["kind"], "number");
    assert_eq!(json["observation"]["value"], "92.71");
    assert_eq!(json["trace"]["result"], "92.71");
    assert_eq!(
        json["trace"]["inputs"][1]["path"],
        "sangong.adjusted_budget.total"
    );
    assert_eq!(json["stated"][1]["stated"], "92.7");
    assert_eq!(json["stated"][1]["agrees"], true);
}

#[test]
fn longhua_compute_all_shape() {
    let d = longhua_2021();
    let all = compute_all(&d, &report_bases());
    // 33 D/L entries + Q1–Q4; Longhua reports no months.
    assert_eq!(all.len(), 37);
    let scorable: Vec<&str> = all
        .iter()
        .filter(|v| !v.is_not_scorable())
        .map(|v| v.id.as_str())
        .collect();
    assert_eq!(
        scorable,
        [
            "D06", "D07", "D08", "D09", "D10", "D11", "D12", "D13", "D14", "D20", "D21", "D24",
            "D28", "L03", "Q1", "Q2", "Q3", "Q4"
        ]
    );
    assert!(matches!(
        all.iter().find(|v| v.id == "D14").map(|v| &v.observation),
        Some(Observation::Judgement { .. })
    ));
}
