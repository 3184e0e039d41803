//! The monitoring sheets of the fill-in workbook (运行监控, 监控资金来源, 以前年度月度支出, and
//! the monitoring columns of 项目绩效指标): the demo department round-trips exactly, cells are
//! located, and workbooks made before these sheets existed still read.

use jixiao_xlsx::{read_workbook_bytes, read_workbook_bytes_located, template_bytes};

fn demo() -> jixiao_model::DepartmentYear {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/monitor-demo-2025/department.toml");
    jixiao_io::load_path(&path)
        .unwrap_or_else(|e| panic!("{e}"))
        .model
}

#[test]
fn the_monitoring_demo_round_trips_through_the_workbook() {
    let d = demo();
    assert!(d.monitoring.is_some());
    let bytes = template_bytes(&d).expect("written");
    let (back, locs) = read_workbook_bytes_located(&bytes).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(back, d);
    for path in [
        "monitoring.as_of",
        "monitoring.prior_year[1].monthly[11]",
        "projects.project[1].monitoring.fund[0].adjustment",
        "projects.project[2].monitoring.monthly[6]",
        "projects.project[0].target[0].monitoring.current",
        "projects.project[2].target[2].monitoring.current_text",
    ] {
        assert!(locs.describe(path).is_some(), "{path} not located");
    }
}

#[test]
fn workbooks_without_the_monitoring_sheets_still_read() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/xlsx/longhua-libreoffice.xlsx");
    let bytes = std::fs::read(path).expect("fixture");
    let d = read_workbook_bytes(&bytes).unwrap_or_else(|e| panic!("{e:?}"));
    assert!(d.monitoring.is_none());
}
