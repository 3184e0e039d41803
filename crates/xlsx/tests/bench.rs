//! Import timings (run with `cargo test -p jixiao-xlsx --release --test bench -- --ignored
//! --nocapture`). Prints figures; asserts nothing about time.

use std::path::PathBuf;

use jixiao_model::{DepartmentYear, Num, PerformanceTarget, Project, TargetLevel1, TargetOperator};
use jixiao_xlsx::{bench, template_bytes};

fn report(label: &str, bytes: &[u8]) {
    let f = bench(bytes, 5).expect("workbook reads");
    println!(
        "{label}: {} bytes, best {:?}, mean {:?} over {} runs",
        f.bytes, f.best, f.mean, f.runs
    );
}

#[test]
#[ignore = "benchmark: prints figures"]
fn import_timings() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/longhua-zwfw-2021/department.toml");
    let longhua = jixiao_io::load_path(&path).expect("example").model;
    report(
        "Longhua 2021 workbook",
        &template_bytes(&longhua).expect("template"),
    );

    let mut d = DepartmentYear::default();
    d.projects.items = (0..100)
        .map(|p| Project {
            name: format!("项目{p:03}"),
            targets: (0..100)
                .map(|t| PerformanceTarget {
                    level1: TargetLevel1::Output,
                    level2: "数量指标".into(),
                    name: format!("指标{t}"),
                    operator: TargetOperator::AtLeast,
                    value: Some(Num(rust_decimal::Decimal::new(30 + t, 0))),
                    value_high: None,
                    value_text: None,
                    unit: Some("项".into()),
                    actual: Some(Num(rust_decimal::Decimal::new(3125 + t, 2))),
                    actual_text: None,
                    weight: Some(Num(rust_decimal::Decimal::new(5, 1))),
                    score: None,
                    deviation: Some("无".into()),
                    monitoring: None,
                })
                .collect(),
            ..Project::default()
        })
        .collect();
    report(
        "10,000 project-indicator rows",
        &template_bytes(&d).expect("template"),
    );
}
