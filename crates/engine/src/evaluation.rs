//! The result of evaluating one department-year against one framework.
//!
//! This is what every output (terminal table, JSON, report, score sheets) reads. Field names
//! are part of the JSON contract (`--format json`): add fields, do not rename them.

use jixiao_indicators::IndicatorValue;
use rust_decimal::Decimal;
use serde::Serialize;

/// Which framework produced the scores.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FrameworkInfo {
    pub id: String,
    pub name: String,
    pub version: String,
    /// Where the weights come from (a published sheet, or "[default] jixiao").
    pub source: String,
}

/// Whether a node got a score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeStatus {
    /// Scored from a value or judgement.
    Scored,
    /// Inputs missing; under the `zero` policy it scores 0, under `redistribute` its weight
    /// went to its siblings.
    NotScorable,
}

/// One node of the scored indicator tree (一级/二级/三级指标…).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreNode {
    /// Node id in the framework (e.g. "process.execution.D06").
    pub id: String,
    /// Chinese name.
    pub name: String,
    /// Weight as configured.
    #[serde(with = "dec")]
    pub weight: Decimal,
    /// Weight after not-scorable redistribution (equal to `weight` when nothing moved).
    #[serde(with = "dec")]
    pub effective_weight: Decimal,
    /// Score, rounded 四舍五入 to two places; leaves under the `redistribute` policy that are
    /// not scorable have none.
    #[serde(with = "opt_dec")]
    pub score: Option<Decimal>,
    pub status: NodeStatus,
    /// Leaf: the catalogue id of the indicator scored here.
    pub indicator: Option<String>,
    /// Leaf: the indicator's value (rounded), if numeric.
    #[serde(with = "opt_dec")]
    pub value: Option<Decimal>,
    /// Leaf: unit of `value`.
    pub unit: Option<String>,
    /// Leaf: the rule, described in Chinese ("每低于 100% 5 个百分点扣 2 分").
    pub rule: Option<String>,
    /// Leaf: the target the rule sets, as a score sheet's 年度指标值 writes it ("≤100%",
    /// "100%", "≥90%", "达成").
    pub target: Option<String>,
    /// Why points were lost (or why not scorable), in Chinese.
    pub reason: Option<String>,
    pub children: Vec<ScoreNode>,
}

/// A remark about the evaluation as a whole (redistributed weight, over-achievement without
/// explanation, a stated figure that disagrees with the computed one…).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Notice {
    pub code: String,
    /// Indicator or node concerned.
    pub subject: String,
    pub message: String,
}

/// Grade (等级) from the framework's bands.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Grade {
    /// 优 / 良 / 中 / 差, or the framework's own names.
    pub name: String,
}

/// A 一级 node (or, for a project framework, a project) with nothing scorable, left out of
/// an incomplete evaluation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unassessed {
    pub id: String,
    pub name: String,
    /// Its configured weight (points not assessed).
    #[serde(with = "dec")]
    pub weight: Decimal,
}

/// One department-year evaluated against one framework.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    pub framework: FrameworkInfo,
    pub department: Option<String>,
    pub year: Option<i32>,
    /// Total score, rounded to two places.
    #[serde(with = "dec")]
    pub total: Decimal,
    /// Sum of top-level weights (normally 100).
    #[serde(with = "dec")]
    pub max: Decimal,
    /// The weight actually assessed: the effective weights of the leaves that were scored
    /// ("已评权重 80 / 100"). Leaves scored 0 for missing data are not assessed.
    #[serde(with = "dec")]
    pub assessed_weight: Decimal,
    /// False when a 一级 node had nothing scorable and the framework marks such an
    /// evaluation incomplete (`not_scorable_dimension = "incomplete"`): then there is no
    /// grade, and `unassessed` lists what is missing.
    pub complete: bool,
    /// The 一级 nodes (or projects) not assessed.
    pub unassessed: Vec<Unassessed>,
    /// Grade from the framework's bands; `None` when the evaluation is incomplete.
    pub grade: Option<Grade>,
    /// "zero" or "redistribute".
    pub not_scorable_policy: String,
    /// Top-level dimensions of the tree.
    pub tree: Vec<ScoreNode>,
    /// Every indicator computed for this department-year (those in the framework and the
    /// rest of the catalogue), with traces.
    pub indicators: Vec<IndicatorValue>,
    pub notices: Vec<Notice>,
    /// Project self-evaluations (项目支出绩效自评), one per project with performance targets
    /// (or every project, for a project framework). Empty when the framework names no
    /// `project_framework`.
    pub projects: Vec<ProjectEvaluation>,
}

impl Evaluation {
    /// The top-most nodes whose weight was not assessed: not scorable, and still holding
    /// weight (not redistributed away). Under `not_scorable = "zero"` they scored 0; under
    /// `redistribute` they have no score. Every output that shows a total lists these next to
    /// "已评权重 x / 总分".
    pub fn unassessed_nodes(&self) -> Vec<&ScoreNode> {
        fn walk<'a>(n: &'a ScoreNode, out: &mut Vec<&'a ScoreNode>) {
            if n.status == NodeStatus::NotScorable {
                if n.effective_weight > Decimal::ZERO {
                    out.push(n);
                }
                return;
            }
            for c in &n.children {
                walk(c, out);
            }
        }
        let mut out = Vec::new();
        for n in &self.tree {
            walk(n, &mut out);
        }
        out
    }

    /// "效果性 20 分、项目管理 5 分" — the unassessed nodes for a one-line summary.
    pub fn unassessed_summary(&self) -> String {
        self.unassessed_nodes()
            .iter()
            .map(|n| format!("{} {} 分", n.name, n.effective_weight.normalize()))
            .collect::<Vec<_>>()
            .join("、")
    }
}

/// One row of a project self-evaluation table (项目支出绩效自评表): 一级, 二级, 三级指标,
/// 指标值, 实际值, 分值, 得分, 偏差原因分析及改进措施.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProjectRow {
    /// 一级指标 ("预算执行率", "产出指标", "效益指标", "满意度指标", "成本指标").
    pub level1: String,
    /// 二级指标 (数量, 质量, 时效, 成本, 经济效益…).
    pub level2: String,
    /// 三级指标 name.
    pub name: String,
    /// 指标值 as written ("≥30项", "95–105%", "达成").
    pub target: String,
    /// 实际值 as written ("187项", "部分达成"); empty when missing.
    pub actual: String,
    /// 分值 (points allotted to the row).
    #[serde(with = "dec")]
    pub weight: Decimal,
    /// 得分, rounded; `None` when not scorable under the `redistribute` policy.
    #[serde(with = "opt_dec")]
    pub score: Option<Decimal>,
    pub status: NodeStatus,
    /// The rule, in Chinese.
    pub rule: Option<String>,
    /// Why points were lost (or why not scorable), in Chinese (computed).
    pub reason: Option<String>,
    /// 偏差原因分析及改进措施, as entered by the department.
    pub deviation: Option<String>,
    /// Position of the row in `projects.project[i].target` (`None` for 预算执行率).
    pub target_index: Option<usize>,
}

/// Points of one 一级 category of a project self-evaluation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProjectCategoryScore {
    pub level1: String,
    /// Points as configured.
    #[serde(with = "dec")]
    pub weight: Decimal,
    /// Points after moving absent categories (满意度 → 效益).
    #[serde(with = "dec")]
    pub effective_weight: Decimal,
    #[serde(with = "dec")]
    pub score: Decimal,
}

/// One project's self-evaluation (项目支出绩效自评, 财预〔2020〕10号).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProjectEvaluation {
    pub framework: FrameworkInfo,
    /// Position in `projects.project`.
    pub index: usize,
    pub name: String,
    pub code: Option<String>,
    /// 全年预算数 (A), 万元.
    #[serde(with = "opt_dec")]
    pub budget_annual: Option<Decimal>,
    /// 全年执行数 (B), 万元.
    #[serde(with = "opt_dec")]
    pub spent: Option<Decimal>,
    /// The 预算执行率 row (first row of the table).
    pub execution: ProjectRow,
    /// The indicator rows, in category order then input order.
    pub rows: Vec<ProjectRow>,
    pub categories: Vec<ProjectCategoryScore>,
    /// 总分 = execution + rows, rounded.
    #[serde(with = "dec")]
    pub total: Decimal,
    #[serde(with = "dec")]
    pub max: Decimal,
    /// The points actually assessed (rows and 预算执行率 that were scored).
    #[serde(with = "dec")]
    pub assessed_weight: Decimal,
    /// False when a category has indicator rows but none of them could be scored; then the
    /// project has no grade.
    pub complete: bool,
    pub grade: Option<Grade>,
    /// The 预算执行率 value with its trace.
    pub execution_rate: IndicatorValue,
    pub notices: Vec<Notice>,
}

pub(crate) use jixiao_model::number::{decimal_text as dec, opt_decimal_text as opt_dec};
