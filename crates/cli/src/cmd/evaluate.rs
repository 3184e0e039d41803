//! `jixiao evaluate`: compute every indicator, score against a framework, print a table,
//! JSON, or one indicator's full trace.

use std::path::PathBuf;
use std::process::ExitCode;

use jixiao_engine::{Evaluation, NodeStatus, ScoreNode};
use jixiao_indicators::{IndicatorValue, Observation};
use rust_decimal::Decimal;
use serde::Serialize;

use crate::input;
use crate::table::{self, Align};
use crate::Lang;

#[derive(clap::Args)]
pub struct Args {
    /// 部门年度数据：.toml、.json、.xlsx 文件，或含 department.toml 的目录
    pub input: PathBuf,
    /// 评价框架：内置编号（mof-2013-dept、longhua-4e、project-self-2020）或框架文件路径；
    /// 缺省取输入中的 evaluation.framework，再缺省为 mof-2013-dept
    #[arg(long, short)]
    pub framework: Option<String>,
    /// 输出格式
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// 只显示一个指标的完整计算过程（编号如 D12，或中文名如 三公经费控制率）
    #[arg(long, value_name = "ID")]
    pub explain: Option<String>,
    /// 从国库支付凭证（.csv/.xlsx）取全年执行数：决算合计、项目支出、基本支出、各项目全年执行数
    /// （按项目编码对应）和季度累计支出
    #[arg(long, value_name = "FILE")]
    pub ledger: Option<PathBuf>,
    /// 凭证文件中无法读取的行跳过（仍逐行列出）
    #[arg(long)]
    pub skip_bad_rows: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
}

/// The JSON document: the evaluation, plus which input it was made from.
#[derive(Serialize)]
struct JsonOutput<'a> {
    input: InputInfo<'a>,
    #[serde(flatten)]
    evaluation: &'a Evaluation,
}

#[derive(Serialize)]
struct InputInfo<'a> {
    origin: &'a str,
    sha256: &'a str,
    diagnostics: &'a [jixiao_io::InputDiagnostic],
}

pub fn run(args: Args, lang: Lang) -> anyhow::Result<ExitCode> {
    let mut loaded = input::load(&args.input, lang)?;
    if let Some(path) = &args.ledger {
        let opts = jixiao_ledger::Options {
            skip_bad_rows: args.skip_bad_rows,
            only_units: loaded.model.department.code.clone().map(|c| vec![c]),
            ..jixiao_ledger::Options::default()
        };
        let ledger = match crate::cmd::ledger::read(path, &opts, lang) {
            Ok(l) => l,
            Err(e) => {
                eprintln!("{}: {e:#}", lang.pick("错误", "error"));
                return Ok(ExitCode::from(2));
            }
        };
        let changes = crate::cmd::ledger::apply_year_end(&mut loaded.model, &ledger);
        eprintln!(
            "{}",
            lang.pick(
                &format!(
                    "以下数字取自支付凭证 {}（计入 {} 笔，重复剔除 {}，退回 {} 笔）：",
                    path.display(),
                    ledger.stats.vouchers,
                    ledger.stats.duplicates,
                    ledger.stats.refunds
                ),
                &format!("figures taken from the vouchers in {}:", path.display())
            )
        );
        for c in changes {
            eprintln!("  {c}");
        }
    }
    let framework = input::choose_framework(args.framework.as_deref(), &loaded, lang)?;
    let evaluation = jixiao_engine::evaluate(&loaded.model, &framework);

    if let Some(id) = &args.explain {
        return explain(id, &loaded, &evaluation, args.format, lang);
    }
    match args.format {
        Format::Json => {
            let out = JsonOutput {
                input: InputInfo {
                    origin: &loaded.origin,
                    sha256: &loaded.checksum,
                    diagnostics: &loaded.diagnostics,
                },
                evaluation: &evaluation,
            };
            println!("{}", serde_json::to_string_pretty(&out)?);
        }
        Format::Table => print!("{}", render_table(&loaded, &evaluation, lang)),
    }
    Ok(ExitCode::SUCCESS)
}

/// A score with two places, as score sheets print them ("8.00").
pub fn fmt_score(score: Decimal) -> String {
    let mut s = jixiao_model::round2(score);
    s.rescale(2);
    s.to_string()
}

/// Format a value with its unit: "92.71%", "48 个".
pub fn fmt_value(value: Decimal, unit: &str) -> String {
    match unit {
        "%" => format!("{value}%"),
        "" => value.to_string(),
        u => format!("{value} {u}"),
    }
}

fn node_rows(node: &ScoreNode, depth: usize, rows: &mut Vec<Vec<String>>, lang: Lang) {
    let indent = "  ".repeat(depth);
    let value = match (node.value, &node.unit) {
        (Some(v), Some(u)) => fmt_value(v, u),
        (Some(v), None) => v.to_string(),
        _ if node.status == NodeStatus::NotScorable => lang.pick("无法评分", "n/a").to_string(),
        _ if node.indicator.is_some() => lang.pick("定性", "judged").to_string(),
        _ => String::new(),
    };
    let weight = if node.effective_weight != node.weight {
        format!(
            "{}→{}",
            node.weight.normalize(),
            node.effective_weight.normalize()
        )
    } else {
        node.weight.normalize().to_string()
    };
    let score = node.score.map(fmt_score).unwrap_or_else(|| "—".into());
    let lost = match node.score {
        Some(s) => node.children.is_empty() && s < node.effective_weight,
        None => true,
    };
    let reason = if node.children.is_empty() && (lost || node.status == NodeStatus::NotScorable) {
        node.reason.clone().unwrap_or_default()
    } else {
        String::new()
    };
    rows.push(vec![
        format!("{indent}{}", node.name),
        node.indicator.clone().unwrap_or_default(),
        value,
        weight,
        score,
        reason,
    ]);
    for child in &node.children {
        node_rows(child, depth + 1, rows, lang);
    }
}

fn render_table(loaded: &jixiao_io::Loaded, e: &Evaluation, lang: Lang) -> String {
    let mut out = String::new();
    let dept = e
        .department
        .clone()
        .unwrap_or_else(|| lang.pick("（未填部门名称）", "(no department name)").into());
    let year = e
        .year
        .map(|y| {
            lang.pick(&format!(" · {y} 年度"), &format!(" · {y}"))
                .to_string()
        })
        .unwrap_or_default();
    out.push_str(&format!("{dept}{year}\n"));
    out.push_str(&format!(
        "{}{} {}（{} {}）\n",
        lang.pick("评价框架：", "framework: "),
        e.framework.id,
        e.framework.name,
        lang.pick("版本", "version"),
        e.framework.version
    ));
    out.push_str(&format!(
        "{}{}（sha256 {}）\n\n",
        lang.pick("输入：", "input: "),
        loaded.origin,
        &loaded.checksum[..12.min(loaded.checksum.len())]
    ));
    let mut rows = Vec::new();
    for node in &e.tree {
        node_rows(node, 0, &mut rows, lang);
    }
    let header = match lang {
        Lang::Zh => ["指标", "编号", "值", "权重", "得分", "失分原因"],
        Lang::En => [
            "indicator",
            "id",
            "value",
            "weight",
            "score",
            "why points were lost",
        ],
    };
    out.push_str(&table::render(
        &header,
        &[
            Align::Left,
            Align::Left,
            Align::Right,
            Align::Right,
            Align::Right,
            Align::Left,
        ],
        &rows,
    ));
    let grade = match (&e.grade, e.complete) {
        (Some(g), _) => g.name.clone(),
        (None, false) => lang
            .pick("未评定（评价不完整）", "none (incomplete)")
            .to_string(),
        (None, true) => "—".to_string(),
    };
    out.push_str(&format!(
        "\n{} {} / {}    {} {} / {}    {} {}\n",
        lang.pick("总分", "total"),
        e.total,
        e.max.normalize(),
        lang.pick("已评权重", "assessed weight"),
        e.assessed_weight.normalize(),
        e.max.normalize(),
        lang.pick("等级", "grade"),
        grade
    ));
    let unassessed = e.unassessed_summary();
    if !unassessed.is_empty() {
        out.push_str(&format!(
            "{}{unassessed}\n",
            lang.pick("未评分：", "not assessed: ")
        ));
    }
    if e.notices.iter().any(|n| n.code == "weight_redistributed") {
        out.push_str(lang.pick(
            "无法评分的指标：其权重已按比例分配给同一二级指标下的可评分指标（见“权重”列的 →）\n",
            "not-scorable indicators: their weight went to scorable siblings in the same group (see → in the weight column)\n",
        ));
    }
    if !e.projects.is_empty() {
        out.push_str(&format!(
            "\n{}\n",
            lang.pick("项目支出绩效自评：", "project self-evaluations:")
        ));
        for p in &e.projects {
            let g = match (&p.grade, p.complete) {
                (Some(g), _) => g.name.as_str(),
                (None, false) => lang.pick("未评定（评价不完整）", "none (incomplete)"),
                (None, true) => "—",
            };
            out.push_str(&format!(
                "  {}  {} / {}  {}\n",
                p.name,
                p.total,
                p.max.normalize(),
                g
            ));
        }
    }
    // Not-scorable leaves are already shown in the table (→ weights, reasons); the other
    // notices (alternatives used, stated-figure mismatches, over-achievement…) are listed.
    let notices: Vec<_> = e
        .notices
        .iter()
        .filter(|n| {
            !matches!(
                n.code.as_str(),
                "weight_redistributed" | "not_scorable_zero" | "dimension_not_assessed"
            )
        })
        .collect();
    if !notices.is_empty() {
        out.push_str(&format!("\n{}\n", lang.pick("提示：", "notices:")));
        for n in notices {
            out.push_str(&format!("  [{}] {}：{}\n", n.code, n.subject, n.message));
        }
    }
    if !loaded.diagnostics.is_empty() {
        out.push_str(&format!(
            "\n{}（{}）：\n",
            lang.pick("输入数据警告", "input warnings"),
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
            "用 --explain 指标编号 查看任一指标的计算过程，--format json 输出全部数据。",
            "Use --explain ID for an indicator's trace, --format json for everything."
        )
    ));
    out
}

fn find_nodes<'a>(
    nodes: &'a [ScoreNode],
    id: &str,
    path: &mut Vec<&'a str>,
    out: &mut Vec<(String, &'a ScoreNode)>,
) {
    for n in nodes {
        path.push(&n.name);
        if n.indicator.as_deref() == Some(id) {
            out.push((path.join(" › "), n));
        }
        find_nodes(&n.children, id, path, out);
        path.pop();
    }
}

fn explain(
    id: &str,
    loaded: &jixiao_io::Loaded,
    e: &Evaluation,
    format: Format,
    lang: Lang,
) -> anyhow::Result<ExitCode> {
    let Some(def) = jixiao_indicators::find(id) else {
        anyhow::bail!(
            "{}",
            lang.pick(
                &format!("没有编号或名称为「{id}」的指标；可用的编号见 docs/indicators.md"),
                &format!("no indicator with id or name '{id}'")
            )
        );
    };
    let value: Option<&IndicatorValue> = e.indicators.iter().find(|v| v.id == def.id);
    let mut nodes = Vec::new();
    find_nodes(&e.tree, def.id, &mut Vec::new(), &mut nodes);
    if format == Format::Json {
        #[derive(Serialize)]
        struct Explained<'a> {
            indicator: Option<&'a IndicatorValue>,
            nodes: Vec<&'a ScoreNode>,
        }
        let out = Explained {
            indicator: value,
            nodes: nodes.iter().map(|(_, n)| *n).collect(),
        };
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = String::new();
    out.push_str(&format!(
        "{} {}（{} / {}）\n",
        def.id, def.name, def.level1, def.level2
    ));
    out.push_str(&format!(
        "{}{}\n",
        lang.pick("公式：", "formula: "),
        def.formula
    ));
    if let Some(v) = value {
        if !v.trace.inputs.is_empty() {
            out.push_str(lang.pick("输入：\n", "inputs:\n"));
            let rows: Vec<Vec<String>> = v
                .trace
                .inputs
                .iter()
                .map(|i| {
                    let at = loaded
                        .spans
                        .locate(&i.path)
                        .map(|l| format!("{}:{}:{}", loaded.origin, l.line, l.column))
                        .unwrap_or_default();
                    vec![
                        format!("  {}", i.name),
                        fmt_value(i.value, i.unit),
                        i.path.to_string(),
                        at,
                    ]
                })
                .collect();
            let header = match lang {
                Lang::Zh => ["  名称", "数值", "字段", "位置"],
                Lang::En => ["  name", "value", "field", "where"],
            };
            out.push_str(&table::render(
                &header,
                &[Align::Left, Align::Right, Align::Left, Align::Left],
                &rows,
            ));
        }
        match &v.observation {
            Observation::Number { value } => {
                if let Some(exact) = v.trace.exact {
                    out.push_str(&format!(
                        "{}{}\n",
                        lang.pick("精确值：", "exact: "),
                        exact.normalize()
                    ));
                }
                out.push_str(&format!(
                    "{}{}\n",
                    lang.pick(
                        "结果（四舍五入保留两位）：",
                        "result (rounded half up, 2 places): "
                    ),
                    fmt_value(*value, v.unit)
                ));
            }
            Observation::Judgement { assessment } => {
                out.push_str(&format!(
                    "{}{}\n{}{}\n",
                    lang.pick("评价人判断：", "judgement: "),
                    assessment
                        .tier
                        .clone()
                        .unwrap_or_else(|| lang.pick("逐项判断", "checklist").into()),
                    lang.pick("理由：", "reason: "),
                    assessment.reason
                ));
                for item in &assessment.items {
                    out.push_str(&format!(
                        "  [{}] {}\n",
                        if item.satisfied { "✓" } else { "✗" },
                        item.item
                    ));
                }
            }
            Observation::NotScorable { missing } => {
                out.push_str(lang.pick("无法计算，缺少：\n", "not scorable, missing:\n"));
                for m in missing {
                    out.push_str(&format!("  {}（{}）\n", m.name, m.path));
                }
            }
        }
        for s in &v.stated {
            out.push_str(&format!(
                "{}{}{} — {}（{}{}）\n",
                lang.pick("报告所列：", "stated: "),
                fmt_value(s.stated, v.unit),
                s.location
                    .as_deref()
                    .map(|l| format!("（{l}）"))
                    .unwrap_or_default(),
                if s.agrees {
                    lang.pick("一致", "agrees")
                } else {
                    lang.pick("不一致", "DISAGREES")
                },
                lang.pick("按所列精度计算为 ", "computed at stated precision "),
                fmt_value(s.computed_at_stated_precision, v.unit)
            ));
        }
        for note in &v.trace.notes {
            out.push_str(&format!("{}{note}\n", lang.pick("说明：", "note: ")));
        }
    }
    if nodes.is_empty() {
        out.push_str(&format!(
            "{}{}\n",
            lang.pick("评分：此指标不在评价框架 ", "scoring: not in framework "),
            e.framework.id
        ));
    }
    for (path, n) in nodes {
        out.push_str(&format!(
            "{}{path}，{} {}，{} {}\n",
            lang.pick("评分：", "scoring: "),
            lang.pick("权重", "weight"),
            n.effective_weight.normalize(),
            lang.pick("得分", "score"),
            n.score.map(|s| s.to_string()).unwrap_or_else(|| "—".into())
        ));
        if let Some(rule) = &n.rule {
            out.push_str(&format!("  {}{rule}\n", lang.pick("规则：", "rule: ")));
        }
        if let Some(reason) = &n.reason {
            out.push_str(&format!("  {}{reason}\n", lang.pick("说明：", "why: ")));
        }
    }
    print!("{out}");
    Ok(ExitCode::SUCCESS)
}
