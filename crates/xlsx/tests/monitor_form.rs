//! The 绩效监控表 workbook: a summary sheet then one sheet per project, the fund grid and the
//! indicator grid in the layout of domain.md §7, read back with calamine.

use calamine::{Data, Reader, Xlsx};
use jixiao_xlsx::*;
use rust_decimal_macros::dec;

fn light(label: &str, code: &str) -> LightCell {
    LightCell {
        label: label.into(),
        code: code.into(),
    }
}

#[test]
fn summary_then_one_sheet_per_project_with_both_grids() {
    let sheet = MonitorSheet {
        sheet_name: "1-智慧社区感知设备建设".into(),
        title: "2025年项目支出绩效运行监控表".into(),
        subject: "智慧社区感知设备建设".into(),
        code: "P2025002".into(),
        department: "某局".into(),
        as_of: "2025-07-31".into(),
        time_progress: "58.33%".into(),
        funds: vec![
            MonitorFundRow {
                source: "财政拨款".into(),
                initial: Some(dec!(1500)),
                adjustment: Some(dec!(-300)),
                adjusted: Some(dec!(1200)),
                spent: Some(dec!(180)),
                execution_pct: Some(dec!(15)),
                ..MonitorFundRow::default()
            },
            MonitorFundRow {
                source: "合计".into(),
                adjusted: Some(dec!(1200)),
                spent: Some(dec!(180)),
                forecast_balance: Some(dec!(666.67)),
                total: true,
                ..MonitorFundRow::default()
            },
        ],
        execution: light("红灯", "red"),
        execution_reason: "执行进度比 25.71%".into(),
        targets: vec![MonitorTargetRow {
            level1: "产出指标".into(),
            level2: "数量指标".into(),
            name: "新增物联感知设备".into(),
            target: "≥5000台".into(),
            current: "600台".into(),
            forecast: "3000台".into(),
            deviation_pct: Some(dec!(-40)),
            likelihood: "有可能".into(),
            reason: "招标延期".into(),
            reason_category: "其他".into(),
            measures: "分批安装".into(),
            light: light("红灯", "red"),
        }],
        ..MonitorSheet::default()
    };
    let w = MonitorWorkbook {
        title: "2025年绩效运行监控汇总表（双监控）".into(),
        rows: vec![MonitorSummaryRow {
            number: "1".into(),
            name: "智慧社区感知设备建设".into(),
            dual: light("红灯", "red"),
            ..MonitorSummaryRow::default()
        }],
        sheets: vec![sheet],
        ..MonitorWorkbook::default()
    };
    let bytes = monitor_form_bytes(&w).expect("written");
    let mut book = Xlsx::new(std::io::Cursor::new(bytes)).expect("opens");
    assert_eq!(book.sheet_names(), ["监控汇总", "1-智慧社区感知设备建设"]);
    let s = book
        .worksheet_range("1-智慧社区感知设备建设")
        .expect("sheet");
    let text = |r: u32, c: u32| match s.get_value((r, c)) {
        Some(Data::String(t)) => t.clone(),
        Some(Data::Float(f)) => f.to_string(),
        _ => String::new(),
    };
    // fund grid header and first row
    let header: Vec<String> = (0..8).map(|c| text(4, c)).collect();
    assert_eq!(
        header,
        [
            "资金来源",
            "",
            "年初预算",
            "调整预算",
            "调整后预算",
            "累计支出",
            "执行率",
            "预计全年结余"
        ]
    );
    assert_eq!(
        (text(5, 0), text(5, 3), text(5, 8)),
        ("财政拨款".into(), "-300".into(), "红灯".into())
    );
    assert_eq!(text(6, 7), "666.67");
    // indicator grid
    let grid: Vec<String> = (0..12).map(|c| text(8, c)).collect();
    assert_eq!(
        grid,
        [
            "一级指标",
            "二级指标",
            "指标",
            "年度指标值",
            "当前完成值",
            "全年预计完成值",
            "偏离度",
            "完成可能性",
            "偏差原因",
            "原因分类",
            "纠偏措施",
            "预警"
        ]
    );
    assert_eq!(
        (text(9, 2), text(9, 6), text(9, 11)),
        ("新增物联感知设备".into(), "-40%".into(), "红灯".into())
    );
}
