//! Indicator frameworks (评价指标体系) as data: a tree of weighted nodes whose leaves name a
//! catalogue indicator and a scoring rule, plus grade bands, rounding and policies.
//!
//! Frameworks are loaded from TOML by [`crate::parse_framework`]; the file format is
//! documented in `docs/frameworks.md`. The shipped ones are in [`crate::builtin_frameworks`].

use jixiao_indicators::Params;
use jixiao_model::TargetLevel1;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

use crate::evaluation::{dec, FrameworkInfo};
use crate::interval::Interval;
use crate::rules::{QualitativeTier, Rule};

/// Whether the framework scores a department-year (部门整体) or projects (项目自评).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FrameworkKind {
    Department,
    Project,
}

/// What happens to a leaf whose indicator cannot be scored (missing inputs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NotScorablePolicy {
    /// The leaf scores 0 (the usual practice of score sheets: 无资料不得分).
    Zero,
    /// The leaf's weight goes to its scorable siblings in proportion to their weights — only
    /// below the 一级 level: weight never moves from one 一级 node to another.
    Redistribute,
}

impl NotScorablePolicy {
    pub fn as_str(self) -> &'static str {
        match self {
            NotScorablePolicy::Zero => "zero",
            NotScorablePolicy::Redistribute => "redistribute",
        }
    }
}

/// What a 一级 (top-level) node with nothing scorable does to the evaluation. Its weight never
/// moves to the other 一级 nodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DimensionPolicy {
    /// The node is not assessed: the evaluation is incomplete and gets no grade (default).
    Incomplete,
    /// The node scores 0, with the reason.
    Zero,
}

impl DimensionPolicy {
    pub fn as_str(self) -> &'static str {
        match self {
            DimensionPolicy::Incomplete => "incomplete",
            DimensionPolicy::Zero => "zero",
        }
    }
}

/// How scores are rounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RoundingMode {
    /// 四舍五入: half away from zero (default).
    HalfUp,
    /// Banker's rounding (half to even), for localities that prescribe it.
    HalfEven,
    /// Cut off (截尾).
    Truncate,
}

/// Score rounding: places and mode. Default: two places, 四舍五入.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Rounding {
    pub places: u32,
    pub mode: RoundingMode,
}

impl Default for Rounding {
    fn default() -> Self {
        Rounding {
            places: 2,
            mode: RoundingMode::HalfUp,
        }
    }
}

impl Rounding {
    pub fn apply(&self, d: Decimal) -> Decimal {
        match self.mode {
            RoundingMode::HalfUp => jixiao_model::round_half_up(d, self.places),
            RoundingMode::HalfEven => {
                d.round_dp_with_strategy(self.places, RoundingStrategy::MidpointNearestEven)
            }
            RoundingMode::Truncate => {
                d.round_dp_with_strategy(self.places, RoundingStrategy::ToZero)
            }
        }
    }
}

/// A grade band (等级): a name and the interval of total scores it covers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GradeBand {
    pub name: String,
    pub range: Interval,
}

/// A leaf: the indicator(s) it scores and the rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Leaf {
    /// Catalogue ids. With more than one, the first scorable one is used ("choose one of
    /// two indicators", 二者择其一).
    pub indicators: Vec<String>,
    pub rule: Rule,
    /// The rule in Chinese for this leaf's weight ("≤100 得满分 7 分；…"), written once when
    /// the framework is loaded: it is the same on every evaluation.
    pub description: String,
    /// The target the rule sets ("≤100%", "100%", "达成"), written once at load time in the
    /// unit of the leaf's (first) indicator.
    pub target: String,
}

/// Interior node or leaf.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeKind {
    Group(Vec<Node>),
    Leaf(Leaf),
}

/// One node of the indicator tree.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Node {
    /// Local id as written (unique among siblings).
    pub id: String,
    /// Dotted path of ids from the top ("process.execution.D06"); unique in the framework.
    pub path: String,
    /// Chinese name (一级/二级/三级指标名称).
    pub name: String,
    /// Points (分值). For interior nodes, the sum of the children's weights.
    #[serde(with = "dec")]
    pub weight: Decimal,
    pub kind: NodeKind,
    /// Free text shown on score sheets (评分标准说明), if any.
    pub note: Option<String>,
    /// Where the weight and rule come from: text starting with `[official]` (a national
    /// rule), `[practice]` (a published local sheet, named) or `[default]` (jixiao's choice).
    pub source: Option<String>,
}

impl Node {
    pub fn children(&self) -> &[Node] {
        match &self.kind {
            NodeKind::Group(c) => c,
            NodeKind::Leaf(_) => &[],
        }
    }

    pub fn leaf(&self) -> Option<&Leaf> {
        match &self.kind {
            NodeKind::Leaf(l) => Some(l),
            NodeKind::Group(_) => None,
        }
    }

    /// Every leaf below (or this node, if a leaf), depth first.
    pub fn leaves(&self) -> Vec<&Node> {
        match &self.kind {
            NodeKind::Leaf(_) => vec![self],
            NodeKind::Group(c) => c.iter().flat_map(|n| n.leaves()).collect(),
        }
    }
}

/// Where 成本指标 rows of a project go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CostPlacement {
    /// Under 产出指标 as the 二级 "成本指标" (财预〔2020〕10号 layout).
    Output,
    /// As their own 一级 成本指标 (财预〔2021〕101号).
    Separate,
}

/// One 一级 category of the project self-evaluation and its points.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProjectCategory {
    pub level1: TargetLevel1,
    #[serde(with = "dec")]
    pub weight: Decimal,
    /// When the project has no rows of this category, its points go to this one (满意度 → 效益).
    pub if_absent: Option<TargetLevel1>,
}

/// The project self-evaluation scheme (项目支出绩效自评, 财预〔2020〕10号).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProjectScheme {
    /// Points of 预算执行率.
    #[serde(with = "dec")]
    pub execution_weight: Decimal,
    pub execution_rule: Rule,
    pub categories: Vec<ProjectCategory>,
    pub cost_placement: CostPlacement,
    /// How 定性 rows are scored (tier words).
    pub qualitative: QualitativeTier,
}

impl Default for ProjectScheme {
    /// 10 / 50 / 30 / 10 with 满意度 → 效益 when absent, 成本 under 产出.
    fn default() -> Self {
        let cat = |level1, w: i64, if_absent| ProjectCategory {
            level1,
            weight: Decimal::from(w),
            if_absent,
        };
        ProjectScheme {
            execution_weight: Decimal::TEN,
            execution_rule: Rule::BudgetExec(crate::rules::BudgetExec {}),
            categories: vec![
                cat(TargetLevel1::Output, 50, None),
                cat(TargetLevel1::Benefit, 30, None),
                cat(TargetLevel1::Satisfaction, 10, Some(TargetLevel1::Benefit)),
            ],
            cost_placement: CostPlacement::Output,
            qualitative: QualitativeTier::default(),
        }
    }
}

/// A loaded framework.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Framework {
    pub id: String,
    pub name: String,
    pub version: String,
    /// Where the weights come from (a published sheet, or "[default] …").
    pub source: String,
    pub description: Option<String>,
    /// File name or "builtin:<id>" the framework was loaded from.
    pub origin: String,
    pub kind: FrameworkKind,
    /// Declared total (normally 100); the top-level weights add up to it.
    #[serde(with = "dec")]
    pub total: Decimal,
    pub grades: Vec<GradeBand>,
    pub not_scorable: NotScorablePolicy,
    /// What a 一级 node with nothing scorable does (`not_scorable_dimension`).
    pub not_scorable_dimension: DimensionPolicy,
    pub rounding: Rounding,
    /// Over-achievement guard: actual ≥ this % of target without an explanation → notice.
    /// `None` disables the guard. Default 130.
    #[serde(with = "crate::evaluation::opt_dec")]
    pub over_achievement_pct: Option<Decimal>,
    /// Indicator computation parameters.
    pub params: Params,
    /// Department frameworks: the tree (一级 nodes first).
    pub nodes: Vec<Node>,
    /// Project frameworks: the scheme.
    pub project: Option<ProjectScheme>,
    /// Department frameworks: the project framework used for each project's self-evaluation
    /// (`Evaluation.projects`), by builtin id.
    pub project_framework: Option<String>,
}

impl Framework {
    pub fn info(&self) -> FrameworkInfo {
        FrameworkInfo {
            id: self.id.clone(),
            name: self.name.clone(),
            version: self.version.clone(),
            source: self.source.clone(),
        }
    }

    /// The grade band containing `score`, if any.
    pub fn grade(&self, score: Decimal) -> Option<&GradeBand> {
        self.grades.iter().find(|g| g.range.contains(score))
    }

    /// Every leaf, depth first.
    pub fn leaves(&self) -> Vec<&Node> {
        self.nodes.iter().flat_map(|n| n.leaves()).collect()
    }

    /// Sum of the top-level weights (equal to `total` for a loaded framework).
    pub fn top_weight(&self) -> Decimal {
        match &self.project {
            Some(p) if self.kind == FrameworkKind::Project => {
                p.execution_weight + p.categories.iter().map(|c| c.weight).sum::<Decimal>()
            }
            _ => self.nodes.iter().map(|n| n.weight).sum(),
        }
    }
}

/// The standard grade bands: 优 [90,100], 良 [80,90), 中 [60,80), 差 [0,60).
pub fn standard_grades() -> Vec<GradeBand> {
    let g = |name: &str, lo: i64, hi: i64, hi_incl: bool| GradeBand {
        name: name.into(),
        range: Interval {
            lower: Some(Decimal::from(lo)),
            lower_inclusive: true,
            upper: Some(Decimal::from(hi)),
            upper_inclusive: hi_incl,
        },
    };
    vec![
        g("优", 90, 100, true),
        g("良", 80, 90, false),
        g("中", 60, 80, false),
        g("差", 0, 60, false),
    ]
}
