//! `jixiao monitor`: 绩效运行监控（双监控） at an as-of date — one line per project with its
//! two lights and the reason for the worse one, then the indicators that are not green and
//! what must be explained or escalated; `--format json` with every light's trace (input
//! positions included); `--export` the 绩效监控表; `--ledger` takes execution from vouchers.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{anyhow, Context};
use jixiao_ledger::{cents_to_money, Options};
use jixiao_model::{Date, Money};
use jixiao_monitor::{
    ExternalSpending, Judgement, Light, MonitorReport, MonthlyAmounts, Rules, SubjectMonitor,
};
use serde::Serialize;

use crate::input;
use crate::table::{self, Align};
use crate::Lang;

#[derive(clap::Args)]
pub struct Args {
    /// 部门年度数据：.toml、.json、.xlsx 文件，或含 department.toml 的目录
    pub input: PathBuf,
    /// 监控截止日期（YYYY-MM-DD）；缺省取输入的 monitoring.as_of，再缺省取 evaluation.as_of
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// 预警规则文件（缺省为内置的 monitoring-default，见 rules/monitoring-default.toml）
    #[arg(long, value_name = "FILE")]
    pub rules: Option<PathBuf>,
    /// 输出格式
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// 导出绩效监控表（.xlsx：汇总表 + 每个项目一张表）
    #[arg(long, value_name = "FILE")]
    pub export: Option<PathBuf>,
    /// 从国库支付凭证（.csv/.xlsx）取累计支出：部门按单位编码、项目按项目编码对应
    #[arg(long, value_name = "FILE")]
    pub ledger: Option<PathBuf>,
    /// 凭证文件中无法读取的行跳过（仍逐行列出）
    #[arg(long)]
    pub skip_bad_rows: bool,
    /// 显示一个对象每盏灯的计算过程：项目名称、项目序号（从 1 起）或“部门”
    #[arg(long, value_name = "WHAT")]
    pub explain: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
}

/// Load rules: the builtin default, or a file with every error located.
pub fn rules(path: Option<&Path>, lang: Lang) -> anyhow::Result<Rules> {
    let Some(path) = path else {
        return Ok(Rules::default_rules().clone());
    };
    let text = std::fs::read_to_string(path).with_context(|| {
        format!(
            "{} {}",
            lang.pick("无法读取", "cannot read"),
            path.display()
        )
    })?;
    jixiao_monitor::parse_rules(&text, &path.display().to_string()).map_err(|errors| {
        for e in &errors {
            eprintln!(
                "{}: {}:{}:{}: {}",
                lang.pick("错误", "error"),
                e.origin,
                e.line,
                e.column,
                lang.pick(&e.message, &e.message_en)
            );
        }
        anyhow!(
            "{}",
            lang.pick(
                &format!("预警规则 {} 有 {} 个错误", path.display(), errors.len()),
                &format!("rules {} have {} error(s)", path.display(), errors.len())
            )
        )
    })
}

fn as_of(args: &Args, d: &jixiao_model::DepartmentYear, lang: Lang) -> anyhow::Result<Date> {
    let (text, from) = match (
        &args.as_of,
        d.monitoring.as_ref().and_then(|m| m.as_of.clone()),
        &d.evaluation.as_of,
    ) {
        (Some(t), _, _) => (t.clone(), "--as-of"),
        (None, Some(t), _) => (t, "monitoring.as_of"),
        (None, None, Some(t)) => (t.clone(), "evaluation.as_of"),
        _ => anyhow::bail!(
            "{}",
            lang.pick(
                "请用 --as-of YYYY-MM-DD 给出监控截止日期（或在输入中填写 monitoring.as_of）",
                "give the as-of date with --as-of YYYY-MM-DD (or monitoring.as_of in the input)"
            )
        ),
    };
    Date::parse(&text).ok_or_else(|| {
        anyhow!(
            "{}",
            lang.pick(
                &format!("{from} 的值「{text}」不是有效日期，应写成 YYYY-MM-DD"),
                &format!("{from} '{text}' is not a date (YYYY-MM-DD)")
            )
        )
    })
}

/// Read the ledger and match it to the department and its projects.
fn external(
    path: &Path,
    d: &jixiao_model::DepartmentYear,
    as_of: Date,
    skip: bool,
    lang: Lang,
    notes: &mut Vec<String>,
) -> anyhow::Result<ExternalSpending> {
    let code = d.department.code.clone().filter(|c| !c.trim().is_empty());
    let opts = Options {
        skip_bad_rows: skip,
        until: Some(as_of),
        only_units: code.clone().map(|c| vec![c]),
        ..Options::default()
    };
    let ledger = crate::cmd::ledger::read(path, &opts, lang)?;
    let s = &ledger.stats;
    notes.push(format!(
        "支付凭证 {}：计入 {} 笔（截至 {as_of}），重复剔除 {}，退回 {} 笔，其他单位 {}，截止日期之后 {}",
        path.display(),
        s.vouchers,
        s.duplicates,
        s.refunds,
        s.other_units,
        s.after_until
    ));
    if code.is_none() {
        let units: std::collections::BTreeSet<&str> =
            ledger.groups.iter().map(|g| g.unit_code.as_str()).collect();
        if units.len() > 1 {
            notes.push(format!(
                "输入未填单位编码（department.code），凭证中的 {} 个单位全部计入部门整体",
                units.len()
            ));
        }
    }
    let year = d.department.year.unwrap_or(as_of.year);
    let months = |cents: [i128; 12]| -> [Money; 12] { cents.map(cents_to_money) };
    let department = MonthlyAmounts {
        months: months(ledger.monthly(year, |_| true)),
        label: match &code {
            Some(c) => format!("单位编码 {c} 的全部凭证"),
            None => "全部凭证".to_string(),
        },
    };
    let mut matched = std::collections::BTreeSet::new();
    let projects = d
        .projects
        .items
        .iter()
        .map(|p| {
            let code = p.code.as_deref().map(str::trim).filter(|c| !c.is_empty())?;
            if !ledger.groups.iter().any(|g| g.project_code == code) {
                return None;
            }
            matched.insert(code.to_string());
            Some(MonthlyAmounts {
                months: months(ledger.monthly(year, |g| g.project_code == code)),
                label: format!("项目编码 {code}"),
            })
        })
        .collect::<Vec<_>>();
    let unmatched: std::collections::BTreeSet<&str> = ledger
        .groups
        .iter()
        .map(|g| g.project_code.as_str())
        .filter(|c| !c.is_empty() && !matched.contains(*c))
        .collect();
    if !unmatched.is_empty() {
        let list: Vec<&str> = unmatched.iter().take(10).copied().collect();
        notes.push(format!(
            "凭证中有 {} 个项目编码不在输入的项目中（计入部门整体）：{}{}",
            unmatched.len(),
            list.join("、"),
            if unmatched.len() > 10 { "……" } else { "" }
        ));
    }
    let no_code = d.projects.items.iter().filter(|p| p.code.is_none()).count();
    if no_code > 0 {
        notes.push(format!(
            "{no_code} 个项目未填项目编码（projects.project[].code），无法与凭证对应，仍用输入的数字"
        ));
    }
    Ok(ExternalSpending {
        origin: path.display().to_string(),
        department: Some(department),
        projects,
    })
}

pub fn run(args: Args, lang: Lang) -> anyhow::Result<ExitCode> {
    let loaded = input::load(&args.input, lang)?;
    let rules = rules(args.rules.as_deref(), lang)?;
    let as_of = as_of(&args, &loaded.model, lang)?;
    let mut notes = Vec::new();
    let ext = match &args.ledger {
        Some(p) => match external(
            p,
            &loaded.model,
            as_of,
            args.skip_bad_rows,
            lang,
            &mut notes,
        ) {
            Ok(e) => Some(e),
            Err(e) => {
                eprintln!("{}: {e:#}", lang.pick("错误", "error"));
                return Ok(ExitCode::from(2));
            }
        },
        None => None,
    };
    let report = jixiao_monitor::monitor(&loaded.model, as_of, &rules, ext.as_ref());
    if let Some(path) = &args.export {
        let bytes = crate::cmd::monitor_export::workbook(&report, &loaded.model)?;
        std::fs::write(path, bytes).with_context(|| format!("无法写入 {}", path.display()))?;
        eprintln!(
            "{}",
            lang.pick(
                &format!(
                    "已导出绩效监控表：{}（汇总表 + {} 个项目表）",
                    path.display(),
                    report.projects.len()
                ),
                &format!(
                    "wrote {} (summary + {} project sheets)",
                    path.display(),
                    report.projects.len()
                )
            )
        );
    }
    if let Some(what) = &args.explain {
        print!("{}", explain(&report, &loaded, what, lang)?);
        return Ok(ExitCode::SUCCESS);
    }
    match args.format {
        Format::Json => {
            let mut value = serde_json::to_value(JsonOutput {
                input: InputInfo {
                    origin: &loaded.origin,
                    sha256: &loaded.checksum,
                    diagnostics: &loaded.diagnostics,
                },
                notes: &notes,
                report: &report,
            })?;
            locate_paths(&mut value, &loaded, false);
            println!("{}", serde_json::to_string_pretty(&value)?);
        }
        Format::Table => print!("{}", render(&report, &rules, &loaded, &notes, lang)),
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Serialize)]
struct JsonOutput<'a> {
    input: InputInfo<'a>,
    notes: &'a [String],
    #[serde(flatten)]
    report: &'a MonitorReport,
}

#[derive(Serialize)]
struct InputInfo<'a> {
    origin: &'a str,
    sha256: &'a str,
    diagnostics: &'a [jixiao_io::InputDiagnostic],
}

/// `file:line:column` of a field path, when it is written in the input.
fn position(loaded: &jixiao_io::Loaded, path: &str, nearest: bool) -> Option<String> {
    let at = if nearest {
        loaded.spans.locate(path)
    } else {
        loaded.spans.locate_exact(path)
    }?;
    Some(format!("{}:{}:{}", loaded.origin, at.line, at.column))
}

/// Add `"location": "file:line:col"` beside every trace input and missing input whose path
/// is written in the file (missing ones: where the nearest written parent is).
fn locate_paths(v: &mut serde_json::Value, loaded: &jixiao_io::Loaded, in_missing: bool) {
    match v {
        serde_json::Value::Object(map) => {
            let located = map
                .get("path")
                .and_then(|p| p.as_str())
                .and_then(|p| position(loaded, p, in_missing));
            if let Some(l) = located {
                map.insert("location".into(), serde_json::Value::String(l));
            }
            for (k, child) in map.iter_mut() {
                let missing = k == "missing" || (in_missing && k != "inputs");
                if k == "inputs"
                    || k == "missing"
                    || k == "trace"
                    || child.is_object()
                    || child.is_array()
                {
                    locate_paths(child, loaded, missing);
                }
            }
        }
        serde_json::Value::Array(items) => {
            for i in items {
                locate_paths(i, loaded, in_missing);
            }
        }
        _ => {}
    }
}

fn light_text(j: &Judgement) -> String {
    j.light
        .map(|l| l.label().to_string())
        .unwrap_or_else(|| "—".into())
}

/// The worse of the execution and target lights, with its reason.
fn worse<'a>(p: &'a SubjectMonitor, rules: &Rules) -> &'a Judgement {
    match (p.execution.light, p.targets_light.light) {
        (Some(e), Some(t)) if rules.rank(t) < rules.rank(e) => &p.targets_light,
        (Some(_), _) => &p.execution,
        (None, Some(_)) => &p.targets_light,
        (None, None) => &p.execution,
    }
}

fn render(
    r: &MonitorReport,
    rules: &Rules,
    loaded: &jixiao_io::Loaded,
    notes: &[String],
    lang: Lang,
) -> String {
    let mut out = String::new();
    let dept = r
        .department
        .clone()
        .unwrap_or_else(|| "（未填部门名称）".into());
    let year = r.year.map(|y| format!(" · {y} 年度")).unwrap_or_default();
    out.push_str(&format!("{dept}{year} · 绩效运行监控，截至 {}\n", r.as_of));
    out.push_str(&format!(
        "预警规则：{} {}（版本 {}）\n",
        r.rules.id, r.rules.name, r.rules.version
    ));
    out.push_str(&format!(
        "序时进度：{}%（{}）\n",
        jixiao_model::round2(r.time_progress.pct).normalize(),
        r.time_progress.description
    ));
    out.push_str(&format!(
        "输入：{}（sha256 {}）{}\n\n",
        loaded.origin,
        &loaded.checksum[..12.min(loaded.checksum.len())],
        r.execution_source
            .as_ref()
            .map(|s| format!("；累计支出取自支付凭证 {s}"))
            .unwrap_or_default()
    ));
    // department
    let o = &r.overall;
    out.push_str(&format!(
        "部门整体  预算执行 {}  {}\n",
        light_text(&o.execution),
        o.execution.reason
    ));
    if !r.history.is_empty() {
        out.push_str("  历次监控点（支出进度）：\n");
        for h in &r.history {
            out.push_str(&format!(
                "    {} {}  {}  {}\n",
                h.period,
                h.date.map(|d| d.to_string()).unwrap_or_default(),
                light_text(&h.execution),
                h.execution.reason
            ));
        }
    }
    if let Some(f) = &o.forecast {
        out.push_str(&forecast_line(f));
    }
    for flag in &o.flags {
        out.push_str(&format!("  ！[{}] {}\n", flag.code, flag.message));
    }
    // projects
    if r.projects.is_empty() {
        out.push_str("\n输入中没有项目明细（projects.project），只判断部门整体。\n");
    } else {
        out.push('\n');
        let rows: Vec<Vec<String>> = r
            .projects
            .iter()
            .map(|p| {
                vec![
                    format!("{}. {}", p.index.map_or(0, |i| i + 1), p.name),
                    light_text(&p.execution),
                    light_text(&p.targets_light),
                    light_text(&p.dual),
                    worse(p, rules).reason.clone(),
                ]
            })
            .collect();
        out.push_str(&table::render(
            &[
                "项目",
                "预算执行",
                "目标完成",
                "双监控",
                "原因（较差的一盏灯）",
            ],
            &[
                Align::Left,
                Align::Left,
                Align::Left,
                Align::Left,
                Align::Left,
            ],
            &rows,
        ));
        let s = &r.summary;
        out.push_str(&format!(
            "\n双监控：红灯 {}，黄灯 {}，绿灯 {}，蓝灯 {}，无法判定 {}（共 {} 个项目）\n",
            s.red, s.yellow, s.green, s.blue, s.unknown, s.projects
        ));
        let mut not_green = Vec::new();
        for p in &r.projects {
            for t in &p.targets {
                if t.light.light != Some(Light::Green) {
                    let at = position(loaded, &format!("{}.monitoring", t.path), true)
                        .map(|p| format!("  ({p})"))
                        .unwrap_or_default();
                    not_green.push(format!(
                        "  {} › {} › {}  {}  {}{at}",
                        p.name,
                        t.level2,
                        t.name,
                        light_text(&t.light),
                        t.light.reason
                    ));
                }
            }
        }
        if !not_green.is_empty() {
            out.push_str("\n未达绿灯的指标：\n");
            for l in not_green {
                out.push_str(&l);
                out.push('\n');
            }
        }
        let mut flags = Vec::new();
        for p in &r.projects {
            for f in &p.flags {
                let at = position(loaded, &f.path, true)
                    .map(|p| format!("  ({p})"))
                    .unwrap_or_default();
                flags.push(format!("  [{}] {}：{}{at}", f.code, p.name, f.message));
            }
        }
        if !flags.is_empty() {
            out.push_str("\n须说明或上报：\n");
            for l in flags {
                out.push_str(&l);
                out.push('\n');
            }
        }
    }
    for n in notes {
        out.push_str(&format!("\n说明：{n}"));
    }
    if !notes.is_empty() {
        out.push('\n');
    }
    if !loaded.diagnostics.is_empty() {
        out.push_str(&format!(
            "\n输入数据警告（{}）：\n",
            loaded.diagnostics.len()
        ));
        out.push_str(&jixiao_io::render_all(
            &loaded.diagnostics,
            input::io_lang(lang),
        ));
    }
    out.push_str(&format!(
        "\n{}\n",
        lang.pick(
            "用 --explain 项目名称（或序号、部门）查看每盏灯的计算过程，--format json 输出全部数据，--export 绩效监控表.xlsx 导出。",
            "Use --explain NAME for every light's trace, --format json for everything, --export FILE.xlsx for the form."
        )
    ));
    out
}

fn forecast_line(f: &jixiao_monitor::Forecast) -> String {
    let n = |d: rust_decimal::Decimal| d.normalize().to_string();
    format!(
        "  预计全年执行数 {} 万元（{}），预计执行率 {}，预计结余 {}{}\n",
        n(f.year_end_spent),
        f.method_label,
        f.execution_pct
            .map(|p| format!("{}%", n(p)))
            .unwrap_or_else(|| "—".into()),
        f.balance
            .map(|b| format!("{} 万元", n(b)))
            .unwrap_or_else(|| "—".into()),
        if f.warning {
            "  ！低于预警线"
        } else {
            ""
        }
    )
}

fn trace_text(title: &str, j: &Judgement, loaded: &jixiao_io::Loaded) -> String {
    let mut out = format!("{title}：{}\n  {}\n", light_text(j), j.reason);
    let t = &j.trace;
    if !t.formula.is_empty() {
        out.push_str(&format!("  公式：{}\n", t.formula));
    }
    if !t.inputs.is_empty() {
        let rows: Vec<Vec<String>> = t
            .inputs
            .iter()
            .map(|i| {
                vec![
                    format!("    {}", i.name),
                    format!("{}{}", i.value, if i.unit == "%" { "%" } else { "" }),
                    if i.unit == "%" {
                        String::new()
                    } else {
                        i.unit.clone()
                    },
                    i.path.clone(),
                    position(loaded, &i.path, false).unwrap_or_default(),
                ]
            })
            .collect();
        out.push_str(&table::render(
            &["    输入", "数值", "单位", "字段或来源", "位置"],
            &[
                Align::Left,
                Align::Right,
                Align::Left,
                Align::Left,
                Align::Left,
            ],
            &rows,
        ));
    }
    for m in &t.missing {
        out.push_str(&format!(
            "  缺少：{}（{}）{}\n",
            m.name,
            m.path,
            position(loaded, &m.path, true)
                .map(|p| format!("，可填在 {p} 附近"))
                .unwrap_or_default()
        ));
    }
    if let Some(e) = t.exact {
        out.push_str(&format!("  精确值：{}\n", e.normalize()));
    }
    if !t.bands.is_empty() {
        let bands: Vec<String> = t
            .bands
            .iter()
            .map(|b| format!("{} {}", b.light.label(), b.text))
            .collect();
        out.push_str(&format!("  区间：{}\n", bands.join("；")));
    }
    for n in &t.notes {
        out.push_str(&format!("  说明：{n}\n"));
    }
    out
}

fn explain(
    r: &MonitorReport,
    loaded: &jixiao_io::Loaded,
    what: &str,
    lang: Lang,
) -> anyhow::Result<String> {
    let subject: &SubjectMonitor = if matches!(what, "部门" | "部门整体" | "department" | "0")
    {
        &r.overall
    } else if let Some(p) = what
        .parse::<usize>()
        .ok()
        .and_then(|i| i.checked_sub(1))
        .and_then(|i| r.projects.get(i))
    {
        p
    } else if let Some(p) = r
        .projects
        .iter()
        .find(|p| p.name == what || p.code.as_deref() == Some(what))
    {
        p
    } else {
        anyhow::bail!(
            "{}",
            lang.pick(
                &format!("没有名称、编码或序号为「{what}」的项目（部门整体用 --explain 部门）"),
                &format!("no project named '{what}' (use --explain department for the whole)")
            )
        );
    };
    let mut out = format!("{}（截至 {}）\n\n", subject.name, r.as_of);
    out.push_str(&trace_text("预算执行预警", &subject.execution, loaded));
    if subject.index.is_none() {
        for h in &r.history {
            out.push('\n');
            out.push_str(&trace_text(
                &format!("监控点 {}", h.period),
                &h.execution,
                loaded,
            ));
        }
    }
    for t in &subject.targets {
        out.push('\n');
        out.push_str(&trace_text(
            &format!("指标「{}」", t.name),
            &t.light,
            loaded,
        ));
        if let Some(d) = t.deviation_pct {
            out.push_str(&format!(
                "  偏离度：{}%（{}）\n",
                d.normalize(),
                t.deviation_basis.clone().unwrap_or_default()
            ));
        }
    }
    if subject.index.is_some() {
        out.push('\n');
        out.push_str(&trace_text("目标完成预警", &subject.targets_light, loaded));
    }
    out.push('\n');
    out.push_str(&trace_text("双监控", &subject.dual, loaded));
    if let Some(f) = &subject.forecast {
        out.push('\n');
        out.push_str("全年预测：\n");
        out.push_str(&forecast_line(f));
        out.push_str(&format!("  公式：{}\n", f.trace.formula));
        for i in &f.trace.inputs {
            out.push_str(&format!(
                "    {}  {} {}  {}\n",
                i.name, i.value, i.unit, i.path
            ));
        }
        for n in &f.trace.notes {
            out.push_str(&format!("  说明：{n}\n"));
        }
    }
    for f in &subject.flags {
        out.push_str(&format!("\n！[{}] {}\n", f.code, f.message));
    }
    Ok(out)
}
