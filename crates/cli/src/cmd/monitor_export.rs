//! `jixiao monitor --export`: the monitoring report → the 绩效监控表 workbook.

use jixiao_model::DepartmentYear;
use jixiao_monitor::{Judgement, MonitorReport, SubjectMonitor};
use jixiao_xlsx::{
    LightCell, MonitorFundRow, MonitorSheet, MonitorSummaryRow, MonitorTargetRow, MonitorWorkbook,
};

fn light(j: &Judgement) -> LightCell {
    match j.light {
        Some(l) => LightCell {
            label: l.label().to_string(),
            code: l.code().to_string(),
        },
        None => LightCell {
            label: "无法判定".into(),
            code: String::new(),
        },
    }
}

fn forecast_text(s: &SubjectMonitor) -> String {
    match &s.forecast {
        Some(f) => {
            let n = |d: rust_decimal::Decimal| d.normalize().to_string();
            format!(
                "预计全年执行数 {} 万元，预计执行率 {}，预计结余 {}（{}）{}",
                n(f.year_end_spent),
                f.execution_pct
                    .map(|p| format!("{}%", n(p)))
                    .unwrap_or_else(|| "—".into()),
                f.balance
                    .map(|b| format!("{} 万元", n(b)))
                    .unwrap_or_else(|| "—".into()),
                f.method_label,
                f.stated
                    .map(|s| format!("；单位填报预计执行数 {} 万元", n(s)))
                    .unwrap_or_default()
            )
        }
        None => "无法预测（缺少累计支出）".into(),
    }
}

fn worse(s: &SubjectMonitor) -> &Judgement {
    match (s.execution.light, s.targets_light.light) {
        (Some(e), Some(t)) if t < e => &s.targets_light,
        (None, Some(_)) => &s.targets_light,
        _ => &s.execution,
    }
}

fn summary_row(number: String, s: &SubjectMonitor) -> MonitorSummaryRow {
    let total = s.funds.iter().find(|f| f.total);
    MonitorSummaryRow {
        number,
        name: s.name.clone(),
        code: s.code.clone().unwrap_or_default(),
        adjusted: total.and_then(|t| t.adjusted),
        spent: total.and_then(|t| t.spent),
        execution_pct: total.and_then(|t| t.execution_pct),
        execution: light(&s.execution),
        targets: light(&s.targets_light),
        dual: light(&s.dual),
        reason: worse(s).reason.clone(),
        forecast_balance: total.and_then(|t| t.forecast_balance),
        flags: {
            let mut labels: Vec<&str> = Vec::new();
            for f in &s.flags {
                let l = flag_label(f.code);
                if !labels.contains(&l) {
                    labels.push(l);
                }
            }
            labels.join("、")
        },
    }
}

/// Short Chinese names of flag codes for the summary sheet (the project sheets give the
/// full messages).
fn flag_label(code: &str) -> &'static str {
    match code {
        "deviation" => "指标偏离度超限",
        "zero-execution" => "零执行",
        "escalated" => "大额结余上报",
        "forecast-low" => "预计执行率偏低",
        "impossible" => "指标预计不能完成",
        _ => "须关注",
    }
}

fn sheet(r: &MonitorReport, d: &DepartmentYear, s: &SubjectMonitor) -> MonitorSheet {
    let year = r.year.map(|y| format!("{y}年")).unwrap_or_default();
    MonitorSheet {
        sheet_name: format!("{}-{}", s.index.map_or(0, |i| i + 1), s.name),
        title: format!("{year}项目支出绩效运行监控表"),
        subject: s.name.clone(),
        code: s.code.clone().unwrap_or_default(),
        department: r.department.clone().unwrap_or_default(),
        as_of: r.as_of.to_string(),
        time_progress: format!("{}%", jixiao_model::round2(r.time_progress.pct).normalize()),
        funds: s
            .funds
            .iter()
            .map(|f| MonitorFundRow {
                source: f.source.clone(),
                initial: f.initial,
                adjustment: f.adjustment,
                adjusted: f.adjusted,
                spent: f.spent,
                execution_pct: f.execution_pct,
                forecast_balance: f.forecast_balance,
                total: f.total,
            })
            .collect(),
        execution: light(&s.execution),
        execution_reason: s.execution.reason.clone(),
        forecast: forecast_text(s),
        targets: s
            .targets
            .iter()
            .map(|t| MonitorTargetRow {
                level1: t.level1.clone(),
                level2: t.level2.clone(),
                name: t.name.clone(),
                target: t.target.clone(),
                current: t.current.clone().unwrap_or_default(),
                forecast: t.forecast.clone().unwrap_or_default(),
                deviation_pct: t.deviation_pct,
                likelihood: t.likelihood.clone().unwrap_or_default(),
                reason: t.reason.clone().unwrap_or_default(),
                reason_category: t.reason_category.clone().unwrap_or_default(),
                measures: t.measures.clone().unwrap_or_default(),
                light: light(&t.light),
            })
            .collect(),
        targets_light: light(&s.targets_light),
        targets_reason: s.targets_light.reason.clone(),
        dual: light(&s.dual),
        dual_reason: s.dual.reason.clone(),
        reason: s.reason.clone().unwrap_or_default(),
        measures: s.measures.clone().unwrap_or_default(),
        flags: s
            .flags
            .iter()
            .map(|f| format!("[{}] {}", f.code, f.message))
            .collect(),
        preparer: d.department.preparer.clone().unwrap_or_default(),
        phone: d.department.phone.clone().unwrap_or_default(),
    }
}

/// The workbook bytes.
pub fn workbook(r: &MonitorReport, d: &DepartmentYear) -> anyhow::Result<Vec<u8>> {
    let year = r.year.map(|y| format!("{y}年")).unwrap_or_default();
    let mut rows = vec![summary_row("—".into(), &r.overall)];
    rows[0].name = format!("部门整体：{}", r.overall.name);
    // the department has no targets of its own: its row shows execution only
    let dash = LightCell {
        label: "—".into(),
        code: String::new(),
    };
    rows[0].targets = dash.clone();
    rows[0].dual = dash;
    for p in &r.projects {
        rows.push(summary_row(p.index.map_or(0, |i| i + 1).to_string(), p));
    }
    let s = &r.summary;
    let w = MonitorWorkbook {
        title: format!("{year}绩效运行监控汇总表（双监控）"),
        department: r.department.clone().unwrap_or_default(),
        as_of: r.as_of.to_string(),
        rules: format!("{} {}（版本 {}）", r.rules.id, r.rules.name, r.rules.version),
        time_progress: format!(
            "{}%（{}）",
            jixiao_model::round2(r.time_progress.pct).normalize(),
            r.time_progress.description
        ),
        source: r
            .execution_source
            .as_ref()
            .map(|s| format!("    累计支出取自支付凭证 {s}"))
            .unwrap_or_default(),
        rows,
        counts: format!(
            "项目 {} 个：双监控红灯 {}，黄灯 {}，绿灯 {}，蓝灯 {}，无法判定 {}；须说明或上报的项目 {} 个。由 jixiao 生成。",
            s.projects, s.red, s.yellow, s.green, s.blue, s.unknown, s.flagged
        ),
        sheets: r.projects.iter().map(|p| sheet(r, d, p)).collect(),
    };
    Ok(jixiao_xlsx::monitor_form_bytes(&w)?)
}
