//! Everything a template can use, built from the department-year and its evaluation:
//! figures, generated sentences, narrative blocks, drafted problems, warnings, tables, charts.

use std::collections::BTreeMap;

use jixiao_engine::{Evaluation, NodeStatus, ScoreNode};
use jixiao_model::{validate, DepartmentYear, Money, Severity};
use rust_decimal::Decimal;
use serde::Serialize;

use crate::chart::{Chart, ChartKind, Series, BLUE, GREY, PALETTE};
use crate::document::{Align, Meta, Row, Table};
use crate::fmt::{money_opt, rate, score, MISSING};
use crate::text::{progress_values, rate_of, Writer};

/// One top-level dimension of the score tree (经济性, 效率性… or 投入, 过程…).
#[derive(Debug, Clone, Serialize)]
pub struct Dimension {
    pub name: String,
    pub weight: String,
    pub score: String,
    /// Score as a share of the weight, "%"-less.
    pub rate: String,
    /// False when nothing in the dimension could be scored.
    pub assessed: bool,
    /// One sentence per leaf: "预算执行率为99.67%，得分10分（满分10分）。"
    pub items: Vec<String>,
}

/// A drafted or supplied problem with its improvement measure.
#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    pub title: String,
    pub text: String,
}

/// An input warning shown in the report.
#[derive(Debug, Clone, Serialize)]
pub struct Warning {
    pub severity: String,
    pub code: String,
    pub path: String,
    pub message: String,
}

/// The template context (documented in docs/report.md).
#[derive(Debug, Clone, Serialize)]
pub struct Context {
    pub meta: Meta,
    pub title: String,
    /// 部门名称 … as given, each `None` when missing.
    pub dept: BTreeMap<&'static str, Option<String>>,
    /// "2021年" or "本年度".
    pub yr: String,
    /// "我局".
    pub me: String,
    pub narrative: BTreeMap<&'static str, Option<String>>,
    /// Generated sentences, by name.
    pub text: BTreeMap<&'static str, String>,
    pub sangong_items: Vec<String>,
    pub quarters: Vec<String>,
    pub duty_targets: Vec<String>,
    /// Formatted figures, by input path ("budget.initial.total" → "23,260" or "未提供").
    pub figures: BTreeMap<String, String>,
    pub total: String,
    pub max: String,
    /// 已评权重: the weight actually assessed.
    pub assessed: String,
    /// False when a 一级 dimension could not be assessed (then `grade` is `None`).
    pub complete: bool,
    /// "效果性 20 分、项目管理 5 分": what was not assessed, empty when everything was.
    pub unassessed: String,
    pub grade: Option<String>,
    pub dimensions: Vec<Dimension>,
    pub problems: Vec<Problem>,
    /// True when 存在问题 came from the input's narrative rather than being drafted.
    pub problems_from_input: bool,
    pub warnings: Vec<Warning>,
    /// Names usable with `@table`.
    pub tables: Vec<String>,
    /// Names usable with `@chart`.
    pub charts: Vec<String>,
}

/// Context plus the tables and charts it names.
pub struct Content {
    pub context: Context,
    pub tables: BTreeMap<String, Table>,
    pub charts: BTreeMap<String, Chart>,
}

pub fn build(d: &DepartmentYear, e: &Evaluation, meta: &Meta) -> Content {
    let w = Writer::new(d, &e.indicators);
    let mut text = BTreeMap::new();
    text.insert("budget_initial", w.budget_initial());
    text.insert("sangong_initial", w.sangong_initial());
    text.insert("budget_adjusted", w.budget_adjusted());
    text.insert("spending", w.spending());
    text.insert("carryover", w.carryover());
    text.insert("procurement", w.procurement());
    text.insert("public_funds", w.public_funds());
    text.insert("sangong", w.sangong());
    text.insert("key_tasks", w.key_tasks());
    text.insert("projects", w.projects());
    text.insert("assets_config", w.assets_config());
    text.insert("assets_use", w.assets_use());
    text.insert("assets_disposal", w.assets_disposal());
    text.insert("assets_safety", w.assets_safety());
    text.insert("fixed_utilisation", w.fixed_utilisation());
    text.insert("institutions", w.institutions());
    text.insert("disclosure", w.disclosure());
    text.insert("petitions", w.petitions());
    text.insert("satisfaction", w.satisfaction());
    text.insert("quarters", {
        let q = w.quarters();
        if q.is_empty() {
            "分期支出进度未提供。".to_string()
        } else {
            format!("{}{}的分期预算执行情况为：{}", w.me, w.yr, q.concat())
        }
    });
    let dimensions = dimensions(e);
    text.insert("overall", overall(&w, e, &dimensions));
    text.insert("colophon", colophon(meta));

    let dept_fields = &d.department;
    let mut dept = BTreeMap::new();
    dept.insert("name", dept_fields.name.clone());
    dept.insert("code", dept_fields.code.clone());
    dept.insert("level", dept_fields.level.clone());
    dept.insert("year", dept_fields.year.map(|y| y.to_string()));
    dept.insert(
        "functions",
        dept_fields.functions.as_deref().and_then(paragraphs),
    );
    dept.insert("head", dept_fields.head.clone());
    dept.insert("preparer", dept_fields.preparer.clone());
    dept.insert("phone", dept_fields.phone.clone());

    let n = &d.narrative;
    let mut narrative = BTreeMap::new();
    for (k, v) in [
        ("annual_work", &n.annual_work),
        ("key_tasks", &n.key_tasks),
        ("budget_preparation", &n.budget_preparation),
        ("target_setting", &n.target_setting),
        ("compliance", &n.compliance),
        ("project_management", &n.project_management),
        ("performance", &n.performance),
        ("economic_benefit", &n.economic_benefit),
        ("social_benefit", &n.social_benefit),
        ("ecological_benefit", &n.ecological_benefit),
        ("practices", &n.practices),
        ("problems", &n.problems),
        ("measures", &n.measures),
        ("plans", &n.plans),
        ("suggestions", &n.suggestions),
    ] {
        narrative.insert(k, v.as_deref().and_then(paragraphs));
    }

    let warnings = warnings(d, e);
    let (problems, problems_from_input) = problems(&w, e, &warnings);

    let mut tables = BTreeMap::new();
    for t in [
        budget_table(d),
        sangong_table(d),
        procurement_table(d),
        progress_table(d),
        assets_table(d),
        projects_table(d),
        project_targets_table(d, e),
        duty_targets_table(d),
        score_table(e),
        warnings_table(&warnings),
    ] {
        tables.insert(t.id.clone(), t);
    }
    let mut charts = BTreeMap::new();
    for c in [progress_chart(d), composition_chart(d), scores_chart(e)] {
        charts.insert(c.id.clone(), c);
    }
    let mut figures = BTreeMap::new();
    let mut leaves = Vec::new();
    jixiao_model::walk::money_leaves(d, &mut leaves);
    for (path, v) in leaves {
        figures.insert(path, crate::fmt::thousands(v));
    }

    let context = Context {
        meta: meta.clone(),
        title: meta.title.clone(),
        dept,
        yr: w.yr.clone(),
        me: w.me.clone(),
        narrative,
        text,
        sangong_items: w.sangong_items(),
        quarters: w.quarters(),
        duty_targets: w.duty_targets(),
        figures,
        total: score(e.total),
        max: score(e.max),
        assessed: score(e.assessed_weight),
        complete: e.complete,
        unassessed: unassessed_text(e),
        grade: e.grade.as_ref().map(|g| g.name.clone()),
        dimensions,
        problems,
        problems_from_input,
        warnings,
        tables: tables.keys().cloned().collect(),
        charts: charts.keys().cloned().collect(),
    };
    Content {
        context,
        tables,
        charts,
    }
}

/// Input text with each line its own paragraph (blank lines between, for the markup);
/// `None` when blank.
fn paragraphs(text: &str) -> Option<String> {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    (!lines.is_empty()).then(|| lines.join("\n\n"))
}

fn colophon(meta: &Meta) -> String {
    format!(
        "本报告由{}根据输入数据生成。评价框架：{}（{}，版本{}）；数据截止日期：{}；输入数据校验码（SHA-256）：{}。",
        meta.generator,
        meta.framework_name,
        meta.framework_id,
        meta.framework_version,
        meta.as_of.as_deref().unwrap_or(MISSING),
        meta.checksum.as_deref().unwrap_or(MISSING)
    )
}

fn leaf_value(n: &ScoreNode) -> String {
    match (n.value, n.status) {
        (Some(v), _) => format!("{}{}", rate(v), n.unit.as_deref().unwrap_or("")),
        (None, NodeStatus::NotScorable) => MISSING.to_string(),
        (None, NodeStatus::Scored) => "—".to_string(),
    }
}

fn leaves<'a>(n: &'a ScoreNode, out: &mut Vec<&'a ScoreNode>) {
    if n.children.is_empty() {
        out.push(n);
    } else {
        for c in &n.children {
            leaves(c, out);
        }
    }
}

fn leaf_sentence(n: &ScoreNode) -> String {
    let w = score(n.effective_weight);
    match (n.status, n.score) {
        (NodeStatus::NotScorable, _) => format!(
            "{}：数据未提供，未能评分（{}）。",
            n.name,
            n.reason.as_deref().unwrap_or("所需数据缺失")
        ),
        (_, Some(s)) => {
            let mut t = match n.value {
                Some(v) => format!(
                    "{}为{}{}，得分{}分（满分{w}分）",
                    n.name,
                    rate(v),
                    n.unit.as_deref().unwrap_or(""),
                    score(s)
                ),
                None => format!("{}得分{}分（满分{w}分）", n.name, score(s)),
            };
            if s < n.effective_weight {
                if let Some(r) = &n.reason {
                    t.push_str(&format!("。扣分原因：{}", r.trim_end_matches('。')));
                }
            }
            t.push('。');
            t
        }
        (_, None) => format!("{}：未评分。", n.name),
    }
}

fn dimensions(e: &Evaluation) -> Vec<Dimension> {
    e.tree
        .iter()
        .map(|n| {
            let mut ls = Vec::new();
            leaves(n, &mut ls);
            let sc = n.score.unwrap_or(Decimal::ZERO);
            Dimension {
                name: n.name.clone(),
                weight: score(n.effective_weight),
                score: n.score.map(score).unwrap_or_else(|| MISSING.into()),
                rate: crate::fmt::ratio_pct(sc, n.effective_weight)
                    .map(rate)
                    .unwrap_or_else(|| MISSING.into()),
                assessed: n.status == NodeStatus::Scored,
                items: ls.into_iter().map(leaf_sentence).collect(),
            }
        })
        .collect()
}

/// "资金管理8分、效果性20分" — what was not assessed, in the report's register.
fn unassessed_text(e: &Evaluation) -> String {
    e.unassessed_nodes()
        .iter()
        .map(|n| format!("{}{}分", n.name, score(n.effective_weight)))
        .collect::<Vec<_>>()
        .join("、")
}

fn overall(w: &Writer, e: &Evaluation, dims: &[Dimension]) -> String {
    let mut s = format!(
        "按照“{}”评价框架，{}{}部门整体绩效评价得分为{}分（满分{}分，已评权重{}分）",
        e.framework.name,
        w.me,
        w.yr,
        score(e.total),
        score(e.max),
        score(e.assessed_weight)
    );
    let unassessed = unassessed_text(e);
    if !unassessed.is_empty() {
        s.push_str(&format!("，{unassessed}未评分"));
    }
    match (&e.grade, e.complete) {
        (Some(g), _) => s.push_str(&format!("，评价等级为“{}”", g.name)),
        (None, false) => s.push_str("，评价不完整，未评定等级"),
        (None, true) => {}
    }
    s.push('。');
    if !dims.is_empty() {
        let parts: Vec<String> = dims
            .iter()
            .map(|d| {
                if d.score == MISSING {
                    format!("{}未评分（无可评分的指标）", d.name)
                } else {
                    format!("{}{}分", d.name, d.score)
                }
            })
            .collect();
        let sum: Option<Decimal> = e.tree.iter().map(|n| n.score).sum();
        let joiner = if sum.map(crate::fmt::score) == Some(score(e.total)) {
            "其中："
        } else {
            "各一级指标得分分别为："
        };
        s.push_str(&format!("{joiner}{}。", parts.join("，")));
    }
    s
}

fn warnings(d: &DepartmentYear, e: &Evaluation) -> Vec<Warning> {
    let mut out: Vec<Warning> = validate(d)
        .into_iter()
        .filter(|x| x.severity >= Severity::Warning)
        .map(|x| Warning {
            severity: x.severity.label_zh().to_string(),
            code: x.code.to_string(),
            path: x.path,
            message: x.message,
        })
        .collect();
    for n in &e.notices {
        out.push(Warning {
            severity: "提示".into(),
            code: n.code.clone(),
            path: n.subject.clone(),
            message: n.message.clone(),
        });
    }
    out
}

/// Improvement measure by catalogue id.
fn measure(id: &str) -> &'static str {
    match id {
        "D03" => "严格按照核定编制配备人员，控制在职人员规模",
        "D04" | "D12" | "L01" | "L02" | "L04" => {
            "严格执行“三公”经费预算，加强公务接待、公务用车等支出的事前审批和事中控制，压减一般性支出"
        }
        "D05" => "优化支出结构，优先保障重点项目资金",
        "D06" => "加强预算执行管理，及时跟进项目实施进度，提高预算执行率",
        "D07" => "提高预算编制的科学性和精准度，减少年中预算调整",
        "D08" | "Q1" | "Q2" | "Q3" | "Q4" => {
            "按照序时进度制定分月用款计划，对支出进度滞后的项目及时预警和督促，均衡支出进度"
        }
        "D09" | "D10" => "加强结转结余资金管理，及时盘活存量资金",
        "D11" => "加强日常公用经费的支出管理，做到合理规划使用，节省财政支出",
        "D13" => {
            "进一步提高政府采购项目预算编制的精准度，及时跟进政府采购项目的进度，提高政府采购执行率"
        }
        "D14" | "D18" => "健全内部管理制度并确保有效执行",
        "D15" => "严格执行财经纪律，规范资金审批和使用",
        "D16" => "按规定内容和时限公开预决算信息",
        "D17" => "加强基础数据和会计信息的核对，确保数据真实、完整、准确",
        "D19" | "D20" => "加强资产配置、使用和处置管理，提高资产使用效率",
        "D21" | "D22" | "D23" | "D24" => "加强项目和重点工作的进度管理，确保按期保质完成",
        "D28" => "针对满意度调查中反映的问题改进服务",
        "L03" => "完善信访办理机制，确保按期回复",
        _ => "分析扣分原因，完善相关管理措施",
    }
}

fn problems(w: &Writer, e: &Evaluation, warnings: &[Warning]) -> (Vec<Problem>, bool) {
    let n = &w.d.narrative;
    let supplied = |s: &Option<String>| s.as_deref().and_then(paragraphs);
    if let Some(p) = supplied(&n.problems) {
        let mut out = vec![Problem {
            title: String::new(),
            text: p,
        }];
        if let Some(m) = supplied(&n.measures) {
            out.push(Problem {
                title: String::new(),
                text: m,
            });
        }
        return (out, true);
    }
    let mut out = Vec::new();
    let mut all = Vec::new();
    for t in &e.tree {
        leaves(t, &mut all);
    }
    let mut not_scorable = Vec::new();
    for leaf in all {
        let id = leaf.indicator.as_deref().unwrap_or("");
        match (leaf.status, leaf.score) {
            (NodeStatus::NotScorable, _) => not_scorable.push(leaf.name.clone()),
            (_, Some(s)) if s < leaf.effective_weight => {
                let value = leaf
                    .value
                    .map(|v| format!("为{}{}，", rate(v), leaf.unit.as_deref().unwrap_or("")))
                    .unwrap_or_default();
                let reason = leaf
                    .reason
                    .as_deref()
                    .map(|r| format!("扣分原因：{}。", r.trim_end_matches('。')))
                    .unwrap_or_default();
                out.push(Problem {
                    title: format!("关于{}", leaf.name),
                    text: format!(
                        "{}{}{}{}得分{}分（满分{}分）。{}下一步将{}。",
                        w.me,
                        w.yr,
                        leaf.name,
                        value,
                        score(s),
                        score(leaf.effective_weight),
                        reason,
                        measure(id)
                    ),
                });
            }
            _ => {}
        }
    }
    if !not_scorable.is_empty() {
        out.push(Problem {
            title: "完善评价所需的基础资料".into(),
            text: format!(
                "{}等{}项指标所需的数据或评价人判断未提供，未能评分（未评分的权重不计入得分，详见附件评分表）。下一步将完善相关基础资料和佐证材料的记录与报送。",
                not_scorable.join("、"),
                not_scorable.len()
            ),
        });
    }
    let identity = warnings.iter().filter(|x| x.code == "identity").count();
    if identity > 0 {
        out.push(Problem {
            title: "提高基础数据质量".into(),
            text: format!(
                "输入数据中有{identity}处合计数与分项数不一致（详见附件“输入数据核对提示”）。下一步将{}。",
                measure("D17")
            ),
        });
    }
    (out, false)
}

fn cells(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

fn table(
    id: &str,
    caption: &str,
    unit: Option<&str>,
    header: &[&str],
    align: &[Align],
    widths: &[u16],
    empty: &str,
) -> Table {
    Table {
        id: id.into(),
        caption: caption.into(),
        unit: unit.map(str::to_string),
        header: cells(header),
        align: align.to_vec(),
        widths: widths.to_vec(),
        rows: Vec::new(),
        empty_text: empty.into(),
    }
}

fn rate_cell(num: Option<Money>, den: Option<Money>) -> String {
    rate_of(num, den)
        .map(|r| format!("{}%", rate(r)))
        .unwrap_or_else(|| "—".into())
}

use Align::{Center as C, Left as L, Right as R};

fn year_prefix(d: &DepartmentYear) -> String {
    d.department
        .year
        .map(|y| format!("{y}年度"))
        .unwrap_or_default()
}

fn budget_table(d: &DepartmentYear) -> Table {
    let b = &d.budget;
    let mut t = table(
        "budget",
        &format!("{}预算编制及执行情况", year_prefix(d)),
        Some("单位：万元"),
        &["项目", "年初预算", "调整预算", "决算数", "决算占调整预算"],
        &[L, R, R, R, R],
        &[30, 17, 17, 17, 19],
        "预算数据未提供。",
    );
    type Get = fn(&jixiao_model::BudgetFigures) -> Option<Money>;
    let rows: [(&str, Get, bool); 6] = [
        ("合计", |f| f.total, true),
        ("基本支出", |f| f.basic, false),
        ("  其中：人员经费", |f| f.personnel, false),
        ("  日常公用经费", |f| f.public_funds, false),
        ("项目支出", |f| f.project, false),
        ("  其中：基本建设类", |f| f.capital_construction, false),
    ];
    let any = [&b.initial, &b.adjusted, &b.final_accounts]
        .iter()
        .any(|f| f.total.is_some() || f.basic.is_some() || f.project.is_some());
    if !any {
        return t;
    }
    for (label, get, total) in rows {
        let (i, a, f) = (get(&b.initial), get(&b.adjusted), get(&b.final_accounts));
        let c = vec![
            label.trim().to_string(),
            money_opt(i),
            money_opt(a),
            money_opt(f),
            rate_cell(f, a),
        ];
        t.rows.push(if total { Row::total(c) } else { Row::new(c) });
    }
    t
}

fn sangong_table(d: &DepartmentYear) -> Table {
    let s = &d.sangong;
    let p = &d.prior_year.sangong_actual;
    let mut t = table(
        "sangong",
        &format!("{}“三公”经费情况", year_prefix(d)),
        Some("单位：万元"),
        &[
            "项目",
            "年初预算",
            "调整预算",
            "实际支出",
            "上年实际",
            "控制率",
        ],
        &[L, R, R, R, R, R],
        &[30, 14, 14, 14, 14, 14],
        "“三公”经费数据未提供。",
    );
    type Get = fn(&jixiao_model::SangongFigures) -> Option<Money>;
    let rows: [(&str, Get, bool); 6] = [
        ("合计", |f| f.total, true),
        ("因公出国（境）费", |f| f.overseas, false),
        ("公务接待费", |f| f.reception, false),
        ("公务用车购置及运行维护费", |f| f.vehicle, false),
        ("其中：公务用车购置费", |f| f.vehicle_purchase, false),
        ("公务用车运行维护费", |f| f.vehicle_operation, false),
    ];
    let any = [&s.initial_budget, &s.adjusted_budget, &s.actual]
        .iter()
        .any(|f| f.total.is_some() || f.overseas.is_some() || f.vehicle_purchase.is_some());
    if !any {
        return t;
    }
    for (label, get, total) in rows {
        let (i, a, x, pr) = (
            get(&s.initial_budget),
            get(&s.adjusted_budget),
            get(&s.actual),
            get(p),
        );
        let c = vec![
            label.to_string(),
            money_opt(i),
            money_opt(a),
            money_opt(x),
            money_opt(pr),
            rate_cell(x, a.or(i)),
        ];
        t.rows.push(if total { Row::total(c) } else { Row::new(c) });
    }
    t
}

fn procurement_table(d: &DepartmentYear) -> Table {
    let p = &d.procurement;
    let mut t = table(
        "procurement",
        &format!("{}政府采购执行情况", year_prefix(d)),
        Some("单位：万元"),
        &["类别", "采购计划", "实际采购", "执行率"],
        &[L, R, R, R],
        &[34, 22, 22, 22],
        "政府采购数据未提供。",
    );
    if p.plan.total.is_none() && p.actual.total.is_none() {
        return t;
    }
    type Get = fn(&jixiao_model::ProcurementFigures) -> Option<Money>;
    let rows: [(&str, Get, bool); 4] = [
        ("合计", |f| f.total, true),
        ("货物", |f| f.goods, false),
        ("工程", |f| f.works, false),
        ("服务", |f| f.services, false),
    ];
    for (label, get, total) in rows {
        let (pl, ac) = (get(&p.plan), get(&p.actual));
        let c = vec![
            label.into(),
            money_opt(pl),
            money_opt(ac),
            rate_cell(ac, pl),
        ];
        t.rows.push(if total { Row::total(c) } else { Row::new(c) });
    }
    t
}

fn opt_pct(v: Option<Decimal>) -> String {
    v.map(|x| format!("{}%", rate(x)))
        .unwrap_or_else(|| MISSING.into())
}

fn progress_table(d: &DepartmentYear) -> Table {
    let mut t = table(
        "progress",
        &format!("{}分期预算执行进度", year_prefix(d)),
        None,
        &[
            "期间",
            "累计支出进度",
            "序时进度",
            "执行率（支出进度÷序时进度）",
        ],
        &[C, R, R, R],
        &[22, 22, 22, 34],
        "分期支出进度未提供。",
    );
    for p in &d.progress {
        let v = progress_values(p, d.budget.adjusted.total);
        t.rows.push(Row::new(vec![
            v.label,
            opt_pct(v.spent),
            opt_pct(v.time),
            opt_pct(v.ratio),
        ]));
    }
    t
}

fn assets_table(d: &DepartmentYear) -> Table {
    let a = &d.assets;
    let mut t = table(
        "assets",
        &format!("{}资产管理情况", year_prefix(d)),
        Some("单位：万元"),
        &["项目", "金额"],
        &[L, R],
        &[70, 30],
        "资产数据未提供。",
    );
    let rows = [
        ("新购固定资产账面价值", a.fixed_purchased),
        ("调拨固定资产账面价值", a.fixed_transferred_in),
        ("新购无形资产账面价值", a.intangible_purchased),
        ("调拨无形资产账面价值", a.intangible_transferred_in),
        ("报废处置资产账面价值", a.disposed_book_value),
        ("资产处置残值", a.disposal_residual),
        ("从其他单位调入资产账面价值", a.received_from_other_units),
        ("年末固定资产账面原值", a.fixed_original_value),
        ("年末在用固定资产原值", a.fixed_in_use_value),
        ("出租出借资产价值", a.rented_out_value),
    ];
    if rows.iter().all(|(_, v)| v.is_none()) {
        return t;
    }
    for (label, v) in rows {
        t.rows.push(Row::new(vec![label.into(), money_opt(v)]));
    }
    t
}

fn projects_table(d: &DepartmentYear) -> Table {
    let mut t = table(
        "projects",
        &format!("{}项目支出执行情况", year_prefix(d)),
        Some("单位：万元"),
        &[
            "项目名称",
            "年初预算",
            "全年预算",
            "全年执行数",
            "执行率",
            "状态",
        ],
        &[L, R, R, R, R, C],
        &[34, 13, 13, 14, 12, 14],
        "项目明细未提供。",
    );
    for p in &d.projects.items {
        let status = match p.status {
            Some(jixiao_model::ProjectStatus::NotStarted) => "未开工",
            Some(jixiao_model::ProjectStatus::InProgress) => "实施中",
            Some(jixiao_model::ProjectStatus::Completed) => "已完成",
            Some(jixiao_model::ProjectStatus::Cancelled) => "已终止",
            None => MISSING,
        };
        t.rows.push(Row::new(vec![
            p.name.clone(),
            money_opt(p.budget_initial),
            money_opt(p.budget_annual),
            money_opt(p.spent),
            rate_cell(p.spent, p.budget_annual),
            status.into(),
        ]));
    }
    t
}

fn project_targets_table(d: &DepartmentYear, e: &Evaluation) -> Table {
    let mut t = table(
        "project_targets",
        "项目支出绩效自评情况",
        None,
        &[
            "项目",
            "一级指标",
            "二级指标",
            "三级指标",
            "指标值",
            "实际完成值",
            "分值",
            "得分",
            "偏差原因分析及改进措施",
        ],
        &[L, C, C, L, C, C, R, R, L],
        &[13, 9, 8, 15, 10, 10, 6, 6, 23],
        "项目绩效指标明细未提供。",
    );
    if !e.projects.is_empty() {
        for p in &e.projects {
            for r in std::iter::once(&p.execution).chain(&p.rows) {
                let why = match (&r.deviation, &r.reason) {
                    (Some(d), _) if !d.trim().is_empty() => d.clone(),
                    (_, Some(x)) if r.score.map(|s| s < r.weight).unwrap_or(true) => x.clone(),
                    _ => String::new(),
                };
                t.rows.push(Row::new(vec![
                    p.name.clone(),
                    r.level1.clone(),
                    r.level2.clone(),
                    r.name.clone(),
                    r.target.clone(),
                    if r.actual.is_empty() {
                        MISSING.into()
                    } else {
                        r.actual.clone()
                    },
                    score(r.weight),
                    r.score.map(score).unwrap_or_else(|| "—".into()),
                    why,
                ]));
            }
            t.rows.push(Row::total(vec![
                p.name.clone(),
                "合计".into(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                score(p.max),
                score(p.total),
                p.grade
                    .as_ref()
                    .map(|g| format!("等级：{}", g.name))
                    .unwrap_or_default(),
            ]));
        }
        return t;
    }
    for p in &d.projects.items {
        for x in &p.targets {
            let unit = x.unit.clone().unwrap_or_default();
            let target = match (&x.value_text, x.value, x.value_high) {
                (Some(tx), _, _) => tx.clone(),
                (None, Some(lo), Some(hi)) => {
                    format!("{}–{}{unit}", lo.0.normalize(), hi.0.normalize())
                }
                (None, Some(v), None) => {
                    format!("{}{}{unit}", x.operator.symbol(), v.0.normalize())
                }
                _ => MISSING.into(),
            };
            let actual = match (&x.actual_text, x.actual) {
                (Some(tx), _) => tx.clone(),
                (None, Some(v)) => format!("{}{unit}", v.0.normalize()),
                _ => MISSING.into(),
            };
            t.rows.push(Row::new(vec![
                p.name.clone(),
                x.level1.label().into(),
                x.level2.clone(),
                x.name.clone(),
                target,
                actual,
                x.weight.map(|w| score(w.0)).unwrap_or_else(|| "—".into()),
                "—".into(),
                x.deviation.clone().unwrap_or_default(),
            ]));
        }
    }
    t
}

fn duty_targets_table(d: &DepartmentYear) -> Table {
    let mut t = table(
        "duty_targets",
        "主要履职目标完成情况",
        None,
        &["履职目标", "目标值", "实际完成值", "来源或说明"],
        &[L, C, C, L],
        &[40, 16, 16, 28],
        "量化履职目标未提供。",
    );
    for x in &d.duty_targets {
        let unit = x.unit.clone().unwrap_or_default();
        t.rows.push(Row::new(vec![
            x.name.clone(),
            x.value
                .map(|v| format!("{}{}{unit}", x.operator.symbol(), v.0.normalize()))
                .unwrap_or_else(|| MISSING.into()),
            x.actual
                .map(|v| format!("{}{unit}", v.0.normalize()))
                .unwrap_or_else(|| MISSING.into()),
            x.note.clone().unwrap_or_default(),
        ]));
    }
    t
}

fn score_table(e: &Evaluation) -> Table {
    let mut t = table(
        "scores",
        "部门整体绩效评价评分表",
        None,
        &[
            "一级指标",
            "二级指标",
            "三级指标",
            "指标值",
            "分值",
            "得分",
            "扣分原因及说明",
        ],
        &[C, C, L, R, R, R, L],
        &[11, 12, 20, 11, 9, 8, 29],
        "评分结果未提供。",
    );
    fn walk(
        n: &ScoreNode,
        path: &mut Vec<String>,
        rows: &mut Vec<Row>,
        last: &mut (String, String),
    ) {
        if n.children.is_empty() {
            let l1 = path.first().cloned().unwrap_or_default();
            let l2 = if path.len() > 1 {
                path[1..].join("／")
            } else {
                String::new()
            };
            let show1 = if last.0 == l1 {
                String::new()
            } else {
                l1.clone()
            };
            let show2 = if last.0 == l1 && last.1 == l2 {
                String::new()
            } else {
                l2.clone()
            };
            *last = (l1, l2);
            let lost = matches!(n.score, Some(s) if s < n.effective_weight);
            let reason = if lost || n.status == NodeStatus::NotScorable {
                n.reason.clone().unwrap_or_default()
            } else {
                String::new()
            };
            // 分值 is the framework's weight; where the weight used differs (redistributed
            // inside its 二级 group) it is given beside it.
            let weight = if n.effective_weight == n.weight {
                score(n.weight)
            } else {
                format!("{}（调整为{}）", score(n.weight), score(n.effective_weight))
            };
            rows.push(Row::new(vec![
                show1,
                show2,
                n.name.clone(),
                leaf_value(n),
                weight,
                n.score.map(score).unwrap_or_else(|| "未评分".into()),
                reason,
            ]));
            return;
        }
        path.push(n.name.clone());
        for c in &n.children {
            walk(c, path, rows, last);
        }
        path.pop();
    }
    let mut last = (String::new(), String::new());
    for n in &e.tree {
        let mut path = Vec::new();
        if n.children.is_empty() {
            // a top-level leaf: its own 一级指标
            path.push(n.name.clone());
            let mut rows = Vec::new();
            walk(n, &mut path, &mut rows, &mut last);
            t.rows.extend(rows);
        } else {
            walk(n, &mut path, &mut t.rows, &mut last);
        }
    }
    if !t.rows.is_empty() {
        let mut total = vec![
            "合计".to_string(),
            String::new(),
            String::new(),
            String::new(),
            score(e.max),
            score(e.total),
        ];
        let mut note = format!("已评权重{}分", score(e.assessed_weight));
        let unassessed = unassessed_text(e);
        if !unassessed.is_empty() {
            note.push_str(&format!("（未评分：{unassessed}）"));
        }
        match (&e.grade, e.complete) {
            (Some(g), _) => note.push_str(&format!("；等级：{}", g.name)),
            (None, false) => note.push_str("；评价不完整，未评定等级"),
            (None, true) => {}
        }
        total.push(note);
        t.rows.push(Row::total(total));
    }
    t
}

fn warnings_table(ws: &[Warning]) -> Table {
    let mut t = table(
        "warnings",
        "输入数据核对提示",
        None,
        &["序号", "级别", "位置", "说明"],
        &[C, C, L, L],
        &[7, 8, 25, 60],
        "输入数据未发现勾稽关系、符号或范围方面的问题。",
    );
    for (i, w) in ws.iter().enumerate() {
        t.rows.push(Row::new(vec![
            (i + 1).to_string(),
            w.severity.clone(),
            w.path.clone(),
            w.message.clone(),
        ]));
    }
    t
}

fn progress_chart(d: &DepartmentYear) -> Chart {
    let mut cats = Vec::new();
    let (mut spent, mut time) = (Vec::new(), Vec::new());
    for p in &d.progress {
        let v = progress_values(p, d.budget.adjusted.total);
        cats.push(v.label);
        spent.push(v.spent);
        time.push(v.time);
    }
    let label = |v: &Vec<Option<Decimal>>| -> Vec<String> {
        v.iter()
            .map(|x| x.map(|y| format!("{}%", rate(y))).unwrap_or_default())
            .collect()
    };
    Chart {
        id: "progress".into(),
        title: "累计支出进度与序时进度".into(),
        kind: ChartKind::Bars,
        categories: cats,
        labels: vec![label(&spent), label(&time)],
        series: vec![
            Series {
                name: "累计支出进度".into(),
                values: spent,
                color: BLUE,
            },
            Series {
                name: "序时进度".into(),
                values: time,
                color: GREY,
            },
        ],
        unit: "%".into(),
    }
}

fn composition_chart(d: &DepartmentYear) -> Chart {
    let cols = [
        ("年初预算", &d.budget.initial),
        ("调整预算", &d.budget.adjusted),
        ("决算", &d.budget.final_accounts),
    ];
    type Get = fn(&jixiao_model::BudgetFigures) -> Option<Money>;
    let parts: [(&str, Get); 3] = [
        ("人员经费", |f| f.personnel),
        ("日常公用经费", |f| f.public_funds),
        ("项目支出", |f| f.project),
    ];
    // keep the columns where the composition is known
    let cols: Vec<_> = cols
        .into_iter()
        .filter(|(_, f)| f.personnel.is_some() && f.public_funds.is_some() && f.project.is_some())
        .collect();
    let mut series = Vec::new();
    let mut labels = Vec::new();
    for (i, (name, get)) in parts.iter().enumerate() {
        let values: Vec<Option<Decimal>> = cols
            .iter()
            .map(|(_, f)| get(f).map(|m| m.as_wan()))
            .collect();
        labels.push(
            cols.iter()
                .map(|(_, f)| {
                    let total: Option<Money> = match (f.personnel, f.public_funds, f.project) {
                        (Some(a), Some(b), Some(c)) => {
                            crate::text::add(a, b).and_then(|x| crate::text::add(x, c))
                        }
                        _ => None,
                    };
                    rate_of(get(f), total)
                        .map(|r| format!("{}%", rate(r)))
                        .unwrap_or_default()
                })
                .collect(),
        );
        series.push(Series {
            name: (*name).into(),
            values,
            color: PALETTE[i % PALETTE.len()],
        });
    }
    Chart {
        id: "budget_composition".into(),
        title: "预算支出构成".into(),
        kind: ChartKind::StackedShare,
        categories: cols.iter().map(|(n, _)| (*n).to_string()).collect(),
        series,
        unit: "万元".into(),
        labels,
    }
}

fn scores_chart(e: &Evaluation) -> Chart {
    let cats: Vec<String> = e.tree.iter().map(|n| n.name.clone()).collect();
    let weights: Vec<Option<Decimal>> = e.tree.iter().map(|n| Some(n.effective_weight)).collect();
    let scores: Vec<Option<Decimal>> = e.tree.iter().map(|n| n.score).collect();
    let lab = |v: &Vec<Option<Decimal>>| -> Vec<String> {
        v.iter().map(|x| x.map(score).unwrap_or_default()).collect()
    };
    Chart {
        id: "scores".into(),
        title: "各一级指标得分".into(),
        kind: ChartKind::Bars,
        categories: cats,
        labels: vec![lab(&weights), lab(&scores)],
        series: vec![
            Series {
                name: "分值".into(),
                values: weights,
                color: GREY,
            },
            Series {
                name: "得分".into(),
                values: scores,
                color: BLUE,
            },
        ],
        unit: "分".into(),
    }
}
