//! The score sheets have the printed forms' layout: header block, goals, merged indicator grid.

use std::io::Cursor;

use calamine_check::cells;
use jixiao_model::{DepartmentYear, Num, PerformanceTarget, Project, TargetLevel1, TargetOperator};
use jixiao_xlsx::{dept_sheet, project_sheet, score_sheets_bytes};
use rust_decimal_macros::dec;

mod calamine_check {
    use super::*;
    use calamine::{Reader, Xlsx};

    /// (sheet names, text of every non-empty cell by sheet, merged areas of the first sheet).
    pub fn cells(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>, usize) {
        let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).expect("xlsx");
        let names = wb.sheet_names();
        let texts = names
            .iter()
            .map(|n| {
                let r = wb.worksheet_range(n).expect("range");
                r.used_cells().map(|(_, _, v)| v.to_string()).collect()
            })
            .collect();
        let merged = wb
            .merge_cells_by_sheet_name(&names[0])
            .expect("merges")
            .len();
        (names, texts, merged)
    }
}

fn target(level1: TargetLevel1, level2: &str, name: &str) -> PerformanceTarget {
    PerformanceTarget {
        level1,
        level2: level2.into(),
        name: name.into(),
        operator: TargetOperator::AtLeast,
        value: Some(Num(dec!(30))),
        value_high: None,
        value_text: None,
        unit: Some("项".into()),
        actual: Some(Num(dec!(187))),
        actual_text: None,
        weight: Some(Num(dec!(25))),
        score: None,
        deviation: None,
        monitoring: None,
    }
}

#[test]
fn project_and_department_sheets() {
    let mut d = DepartmentYear::default();
    d.department.name = Some("某局".into());
    d.department.year = Some(2021);
    d.budget.adjusted.total = Some(jixiao_model::Money::wan(dec!(40295.14)));
    d.budget.final_accounts.total = Some(jixiao_model::Money::wan(dec!(40161.25)));
    d.projects.items.push(Project {
        name: "一件事改革".into(),
        budget_annual: Some(jixiao_model::Money::wan(dec!(300))),
        spent: Some(jixiao_model::Money::wan(dec!(280))),
        goal: Some("推出一件事事项".into()),
        targets: vec![
            target(TargetLevel1::Output, "数量指标", "一件事事项数"),
            target(TargetLevel1::Output, "数量指标", "免申即享事项数"),
            target(TargetLevel1::Benefit, "社会效益", "办理时长压缩"),
        ],
        ..Project::default()
    });
    let mut p = project_sheet(&d, 0).expect("project 0");
    assert_eq!(p.rows[0].target, "≥30项");
    assert_eq!(p.rows[0].actual, "187项");
    p.total_score = Some(dec!(88.5));
    p.grade = Some("良".into());
    let dept = dept_sheet(&d);
    assert_eq!(dept.title, "2021年度部门整体支出绩效自评表");
    let bytes = score_sheets_bytes(&[p, dept]).expect("write");
    let (names, texts, merged) = cells(&bytes);
    assert_eq!(names, ["1-一件事改革", "部门整体支出绩效自评表"]);
    for h in [
        "2021年度项目支出绩效自评表",
        "年初预算数",
        "全年预算数（A）",
        "全年执行数（B）",
        "执行率（B/A）",
        "预期目标",
        "实际完成情况",
        "推出一件事事项",
        "一级指标",
        "偏差原因分析及改进措施",
        "≥30项",
        "93.33%",
        "自评等级：良",
    ] {
        assert!(
            texts[0].iter().any(|t| t == h),
            "{h} missing: {:?}",
            texts[0]
        );
    }
    // 产出指标 and 数量指标 are each merged over their two rows, among the form's other merges.
    assert!(merged >= 10, "{merged}");
    assert!(texts[1].iter().any(|t| t == "99.67%"));
}
