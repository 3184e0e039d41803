//! Filled score sheets (自评表) read back as self-scores: the layout `export` writes, and a
//! workbook saved by another tool (openpyxl) after a unit filled it in.

use jixiao_model::{
    DepartmentYear, Num, PerformanceTarget, Project, ProjectStatus, TargetLevel1, TargetOperator,
};
use jixiao_xlsx::{
    apply_self_scores, project_sheet, read_score_sheets, score_sheets_bytes, ScoreSheetKind,
};
use rust_decimal_macros::dec;

fn target(level2: &str, name: &str, weight: i64) -> PerformanceTarget {
    PerformanceTarget {
        level1: TargetLevel1::Output,
        level2: level2.into(),
        name: name.into(),
        operator: TargetOperator::AtLeast,
        value: Some(Num(dec!(30))),
        value_high: None,
        value_text: None,
        unit: Some("项".into()),
        actual: Some(Num(dec!(28))),
        actual_text: None,
        weight: Some(Num(rust_decimal::Decimal::from(weight))),
        score: None,
        self_score: None,
        deviation: None,
        monitoring: None,
    }
}

fn department() -> DepartmentYear {
    let mut d = DepartmentYear::default();
    d.department.name = Some("某局".into());
    d.department.year = Some(2024);
    d.projects.items.push(Project {
        name: "政务服务平台运维".into(),
        status: Some(ProjectStatus::Completed),
        targets: vec![
            target("数量指标", "上线事项数", 30),
            target("质量指标", "系统可用率", 20),
        ],
        ..Default::default()
    });
    d
}

#[test]
fn an_exported_project_sheet_reads_back_as_self_scores() {
    let d = department();
    let mut sheet = project_sheet(&d, 0).expect("project 0");
    sheet.exec_weight = Some(dec!(10));
    sheet.exec_score = Some(dec!(9.5));
    sheet.rows[0].score = Some(dec!(28));
    sheet.rows[1].score = Some(dec!(20));
    sheet.total_weight = Some(dec!(100));
    sheet.total_score = Some(dec!(57.5));
    let bytes = score_sheets_bytes(&[sheet]).expect("write");
    let read = read_score_sheets(&bytes).expect("read");
    assert_eq!(read.len(), 1);
    let s = &read[0];
    assert_eq!(s.kind, ScoreSheetKind::Project("政务服务平台运维".into()));
    assert_eq!(s.execution_score.as_ref().map(|c| c.value), Some(dec!(9.5)));
    assert_eq!(s.total.as_ref().map(|c| c.value), Some(dec!(57.5)));
    let names: Vec<&str> = s.rows.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["上线事项数", "系统可用率"]);
    assert_eq!(s.rows[0].level2, "数量指标");
    assert_eq!(s.rows[0].score.as_ref().map(|c| c.value), Some(dec!(28)));
    assert_eq!(s.rows[0].weight.as_ref().map(|c| c.value), Some(dec!(30)));

    let mut d = department();
    let applied = apply_self_scores(&mut d, &read);
    assert!(applied.problems.is_empty(), "{:?}", applied.problems);
    let p = &d.projects.items[0];
    assert_eq!(p.self_execution_score, Some(Num(dec!(9.5))));
    assert_eq!(p.self_total, Some(Num(dec!(57.5))));
    assert_eq!(p.targets[0].self_score, Some(Num(dec!(28))));
    assert_eq!(p.targets[1].self_score, Some(Num(dec!(20))));
    // Every applied score says where it was read.
    let at = |path: &str| {
        applied
            .locations
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, a)| a.clone())
    };
    assert!(at("projects.project[0].target[0].self_score")
        .is_some_and(|a| a.starts_with("工作表「1-政务服务平台运维」H")));
    assert!(at("projects.project[0].self_total").is_some());

    // A sheet for a project the department-year does not have is reported, not dropped.
    let mut other = department();
    other.projects.items[0].name = "别的项目".into();
    let applied = apply_self_scores(&mut other, &read);
    assert_eq!(applied.problems.len(), 1);
    assert!(applied.problems[0].message.contains("政务服务平台运维"));
}

/// `examples/review-demo/卫健委-自评表.xlsx`: exported by `jixiao export`, then filled in and
/// saved by openpyxl (scripts/make-review-demo.py), as a unit would fill the form.
#[test]
fn a_workbook_filled_in_by_another_tool() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/review-demo/卫健委-自评表.xlsx");
    let bytes = std::fs::read(path).expect("fixture");
    let read = read_score_sheets(&bytes).expect("read");
    assert_eq!(read.len(), 2);
    assert_eq!(read[0].kind, ScoreSheetKind::Department);
    assert_eq!(read[0].total.as_ref().map(|c| c.value), Some(dec!(95)));
    assert!(read[0].rows.len() > 20, "{}", read[0].rows.len());
    assert_eq!(
        read[1].kind,
        ScoreSheetKind::Project("基本公共卫生服务".into())
    );
    assert_eq!(read[1].total.as_ref().map(|c| c.value), Some(dec!(98)));
    assert_eq!(read[1].rows.len(), 5);
}

#[test]
fn a_workbook_without_a_score_grid_is_refused_with_a_reason() {
    let bytes = jixiao_xlsx::template_bytes(&DepartmentYear::default()).expect("template");
    let err = read_score_sheets(&bytes).expect_err("not a score sheet");
    assert_eq!(err[0].code, "not-score-sheet");
    assert!(err[0].message.contains("三级指标"));
    assert!(read_score_sheets(b"not a workbook").is_err());
}
