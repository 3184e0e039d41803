//! Evaluating a department-year against a framework: pick each leaf's indicator, apply its
//! rule, move the weight of what cannot be scored (policy `redistribute`, only among the
//! children of one 二级 node), add up the tree, round, grade, and collect notices.
//!
//! Architecture invariants:
//! - a group's score is the sum of its children's (rounded) scores; the total is the sum of
//!   the top-level scores;
//! - weight never moves across 一级 (top-level) or 二级 nodes: each keeps its configured
//!   weight; under `redistribute` an unscorable leaf's weight goes to its scorable siblings
//!   inside the same 二级 (or deeper) group, and a 二级 node with nothing scorable keeps its
//!   weight unscored (its points are not assessed);
//! - a 一级 node with nothing scorable is either not assessed (the evaluation is incomplete
//!   and has no grade) or scores 0 with the reason, as the framework's
//!   `not_scorable_dimension` says;
//! - `assessed_weight` is the sum of the effective weights of the leaves actually scored;
//! - every leaf score lies in `[0, effective_weight]`.

use jixiao_indicators::{compute, compute_all, IndicatorValue, Observation};
use jixiao_model::DepartmentYear;
use rust_decimal::Decimal;

use crate::alloc::allocate;
use crate::builtin::builtin_ref;
use crate::evaluation::{Evaluation, Grade, NodeStatus, Notice, ScoreNode, Unassessed};
use crate::framework::{
    DimensionPolicy, Framework, FrameworkKind, Leaf, Node, NodeKind, NotScorablePolicy,
};
use crate::project::evaluate_project;
use crate::rules::{sdiv, show, smul, RuleOutcome, Subject};

/// Evaluate `d` against `f`: every catalogue indicator is computed (with `f.params`), the
/// framework's tree is scored, and projects are self-evaluated when the framework names a
/// `project_framework` (or is itself a project framework).
pub fn evaluate(d: &DepartmentYear, f: &Framework) -> Evaluation {
    let values = compute_all(d, &f.params);
    evaluate_values(d, f, values)
}

/// Like [`evaluate`], with the indicator values already computed (tests, or callers that
/// computed them once for several frameworks). Indicators the framework needs that are not
/// in `values` are computed.
pub fn evaluate_values(
    d: &DepartmentYear,
    f: &Framework,
    mut values: Vec<IndicatorValue>,
) -> Evaluation {
    for leaf in f.leaves() {
        if let Some(l) = leaf.leaf() {
            for id in &l.indicators {
                if !values.iter().any(|v| &v.id == id) {
                    if let Some(v) = compute(id, d, &f.params) {
                        values.push(v);
                    }
                }
            }
        }
    }
    let mut notices = Vec::new();
    let mut tree = Vec::new();
    let mut projects = Vec::new();
    let mut unassessed = Vec::new();
    let total;
    let assessed_weight;
    match f.kind {
        FrameworkKind::Department => {
            let pre: Vec<Pre<'_>> = f.nodes.iter().map(|n| prescore(n, &values, d, f)).collect();
            let mut sc = Scorer {
                f,
                notices: &mut notices,
            };
            tree = sc.build_top(&pre);
            total = f.rounding.apply(tree.iter().filter_map(|n| n.score).sum());
            assessed_weight = tree.iter().map(assessed).sum::<Decimal>().normalize();
            for (p, n) in pre.iter().zip(&tree) {
                if !p.scorable() && f.not_scorable_dimension == DimensionPolicy::Incomplete {
                    unassessed.push(Unassessed {
                        id: n.id.clone(),
                        name: n.name.clone(),
                        weight: n.weight,
                    });
                }
            }
            if !pre.iter().any(|p| p.scorable()) {
                notices.push(Notice {
                    code: "nothing_scorable".into(),
                    subject: f.id.clone(),
                    message: "没有任何可评分的指标，总分为 0".into(),
                });
            }
            if let Some(pf) = f.project_framework.as_deref().and_then(builtin_ref) {
                for (i, p) in d.projects.items.iter().enumerate() {
                    if !p.targets.is_empty() {
                        projects.push(evaluate_project(p, i, pf));
                    }
                }
            }
        }
        FrameworkKind::Project => {
            for (i, p) in d.projects.items.iter().enumerate() {
                projects.push(evaluate_project(p, i, f));
            }
            let n = Decimal::from(projects.len().max(1) as u64);
            total = if projects.is_empty() {
                Decimal::ZERO
            } else {
                let sum: Decimal = projects.iter().map(|p| p.total).sum();
                f.rounding.apply(sum / n)
            };
            assessed_weight = if projects.is_empty() {
                Decimal::ZERO
            } else {
                f.rounding
                    .apply(projects.iter().map(|p| p.assessed_weight).sum::<Decimal>() / n)
            };
            for p in projects.iter().filter(|p| !p.complete) {
                unassessed.push(Unassessed {
                    id: format!("projects.project[{}]", p.index),
                    name: p.name.clone(),
                    weight: p.max,
                });
            }
            notices.push(Notice {
                code: "project_average".into(),
                subject: f.id.clone(),
                message: format!(
                    "项目自评框架：总分为 {} 个项目自评得分的平均值",
                    projects.len()
                ),
            });
        }
    }
    let complete = unassessed.is_empty();
    if !complete {
        notices.push(Notice {
            code: "evaluation_incomplete".into(),
            subject: f.id.clone(),
            message: format!(
                "评价不完整：{}无可评分内容，未评定等级；已评权重 {} / {}",
                unassessed
                    .iter()
                    .map(|u| format!("{}（{} 分）", u.name, show(u.weight)))
                    .collect::<Vec<_>>()
                    .join("、"),
                show(assessed_weight),
                show(f.total)
            ),
        });
    }
    for v in &values {
        // The basis the framework computes on, when it is a parameter: a report that divides
        // by another budget states another figure.
        let basis = v
            .trace
            .notes
            .iter()
            .find(|n| n.starts_with("以") && n.contains("为基数"))
            .map(|n| format!("；本框架{}计算", n.split('；').next().unwrap_or(n)))
            .unwrap_or_default();
        for s in v.stated.iter().filter(|s| !s.agrees) {
            notices.push(Notice {
                code: "stated_mismatch".into(),
                subject: v.id.clone(),
                message: format!(
                    "{}：报告写明 {}{}，按数据计算为 {}{}{}{basis}",
                    v.name,
                    s.stated.normalize(),
                    v.unit,
                    s.computed_at_stated_precision.normalize(),
                    v.unit,
                    s.location
                        .as_deref()
                        .map(|l| format!("（{l}）"))
                        .unwrap_or_default()
                ),
            });
        }
    }
    Evaluation {
        framework: f.info(),
        department: d.department.name.clone(),
        year: d.department.year,
        total,
        max: f.total,
        assessed_weight,
        complete,
        unassessed,
        grade: f.grade(total).filter(|_| complete).map(|g| Grade {
            name: g.name.clone(),
        }),
        not_scorable_policy: f.not_scorable.as_str().to_string(),
        tree,
        indicators: values,
        notices,
        projects,
    }
}

/// A leaf scored at its configured weight, before weights move.
struct LeafPre<'a> {
    leaf: &'a Leaf,
    /// The indicator used (the first scorable alternative, else the first listed).
    value: Option<&'a IndicatorValue>,
    outcome: Result<RuleOutcome, String>,
    /// Set when an alternative other than the first was used.
    alternative_note: Option<String>,
    /// Over-achievement notice text, if triggered.
    over: Option<String>,
}

enum Pre<'a> {
    Leaf(&'a Node, LeafPre<'a>),
    Group(&'a Node, Vec<Pre<'a>>),
}

impl Pre<'_> {
    fn scorable(&self) -> bool {
        match self {
            Pre::Leaf(_, l) => l.outcome.is_ok(),
            Pre::Group(_, c) => c.iter().any(|p| p.scorable()),
        }
    }

    fn node(&self) -> &Node {
        match self {
            Pre::Leaf(n, _) | Pre::Group(n, _) => n,
        }
    }
}

fn prescore<'a>(
    n: &'a Node,
    values: &'a [IndicatorValue],
    d: &DepartmentYear,
    f: &Framework,
) -> Pre<'a> {
    let leaf = match &n.kind {
        NodeKind::Group(children) => {
            return Pre::Group(
                n,
                children.iter().map(|c| prescore(c, values, d, f)).collect(),
            )
        }
        NodeKind::Leaf(l) => l,
    };
    let mut first_err: Option<(Option<&IndicatorValue>, String)> = None;
    let mut skipped: Vec<String> = Vec::new();
    for id in &leaf.indicators {
        let Some(v) = values.iter().find(|v| &v.id == id) else {
            skipped.push(format!("{id}（未计算）"));
            first_err.get_or_insert((None, format!("指标 {id} 无法计算")));
            continue;
        };
        let subject = Subject {
            name: &v.name,
            unit: v.unit,
        };
        match leaf.rule.apply(n.weight, subject, &v.observation) {
            Ok(outcome) => {
                let alternative_note = (!skipped.is_empty()).then(|| {
                    format!(
                        "二者择其一：采用 {} {}（{} 不可评分）",
                        v.id,
                        v.name,
                        skipped.join("、")
                    )
                });
                let over = over_achievement(leaf.rule.upward_target(), v, d, f);
                return Pre::Leaf(
                    n,
                    LeafPre {
                        leaf,
                        value: Some(v),
                        outcome: Ok(outcome),
                        alternative_note,
                        over,
                    },
                );
            }
            Err(e) => {
                skipped.push(v.id.clone());
                first_err.get_or_insert((Some(v), e));
            }
        }
    }
    let (value, err) = first_err.unwrap_or((None, "没有可用的指标".into()));
    Pre::Leaf(
        n,
        LeafPre {
            leaf,
            value,
            outcome: Err(err),
            alternative_note: None,
            over: None,
        },
    )
}

/// Actual ≥ `over_achievement_pct` % of the target without an explanation (an assessment
/// of the indicator with a reason) → the notice text.
fn over_achievement(
    target: Option<Decimal>,
    v: &IndicatorValue,
    d: &DepartmentYear,
    f: &Framework,
) -> Option<String> {
    let t = target.filter(|t| *t > Decimal::ZERO)?;
    let pct = f.over_achievement_pct?;
    let actual = match &v.observation {
        Observation::Number { value } => *value,
        _ => return None,
    };
    let explained = d
        .assessments
        .iter()
        .any(|a| a.indicator == v.id && !a.reason.trim().is_empty());
    (smul(actual, Decimal::ONE_HUNDRED) >= smul(t, pct) && !explained).then(|| {
        format!(
            "{} {}{}，达到目标值 {}{} 的 {}%（≥{}%），目标可能偏低，请说明超额完成原因",
            v.name,
            show(actual),
            v.unit,
            show(t),
            v.unit,
            show(sdiv(smul(actual, Decimal::ONE_HUNDRED), t)),
            show(pct)
        )
    })
}

/// The weight of the leaves below `n` (or `n` itself) that were actually scored.
fn assessed(n: &ScoreNode) -> Decimal {
    if n.children.is_empty() {
        if n.status == NodeStatus::Scored {
            n.effective_weight
        } else {
            Decimal::ZERO
        }
    } else {
        n.children.iter().map(assessed).sum()
    }
}

/// How the leaves being built treat a missing value.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// The framework's `not_scorable` policy, inside a 一级 node that has something to score.
    Normal,
    /// Inside a 一级 node with nothing scorable, under `not_scorable_dimension = "incomplete"`.
    Unassessed,
    /// Inside a 一级 node with nothing scorable, under `not_scorable_dimension = "zero"`.
    Zeroed,
}

struct Scorer<'f, 'n> {
    f: &'f Framework,
    notices: &'n mut Vec<Notice>,
}

impl Scorer<'_, '_> {
    fn redistribute(&self) -> bool {
        self.f.not_scorable == NotScorablePolicy::Redistribute
    }

    /// The 一级 nodes: each keeps its own weight (nothing moves across them).
    fn build_top(&mut self, pre: &[Pre<'_>]) -> Vec<ScoreNode> {
        pre.iter()
            .map(|p| {
                let n = p.node();
                if p.scorable() {
                    return self.build(p, n.weight, Mode::Normal, 0);
                }
                let mode = match self.f.not_scorable_dimension {
                    DimensionPolicy::Incomplete => Mode::Unassessed,
                    DimensionPolicy::Zero => Mode::Zeroed,
                };
                let mut node = self.build(p, n.weight, mode, 0);
                match mode {
                    Mode::Unassessed => {
                        node.score = None;
                        node.reason = Some(format!(
                            "未评分：{}无可评分的指标（数据或评价人判断缺失），评价不完整",
                            n.name
                        ));
                        self.notices.push(Notice {
                            code: "dimension_not_assessed".into(),
                            subject: n.path.clone(),
                            message: format!(
                                "一级指标{}（{} 分）无可评分的指标，未计分；评价不完整，不评定等级",
                                n.name,
                                show(n.weight)
                            ),
                        });
                    }
                    _ => {
                        node.score = Some(Decimal::ZERO);
                        node.reason = Some(format!(
                            "未评分：{}无可评分的指标（数据或评价人判断缺失），按 0 分计",
                            n.name
                        ));
                        self.notices.push(Notice {
                            code: "dimension_zero".into(),
                            subject: n.path.clone(),
                            message: format!(
                                "一级指标{}（{} 分）无可评分的指标，按 0 分计",
                                n.name,
                                show(n.weight)
                            ),
                        });
                    }
                }
                node
            })
            .collect()
    }

    /// Effective weights of siblings sharing `parent_eff`; `depth` is theirs (二级 = 1).
    /// Weight moves only among the children of a 二级 (or deeper) node.
    fn siblings(
        &mut self,
        pre: &[Pre<'_>],
        parent_eff: Decimal,
        mode: Mode,
        depth: usize,
    ) -> Vec<ScoreNode> {
        let moving = self.redistribute()
            && mode == Mode::Normal
            && depth >= 2
            && pre.iter().any(|p| p.scorable());
        let weights: Vec<Decimal> = pre.iter().map(|p| p.node().weight).collect();
        let shares: Vec<Decimal> = if moving {
            let s: Vec<Decimal> = pre
                .iter()
                .map(|p| {
                    if p.scorable() {
                        p.node().weight
                    } else {
                        Decimal::ZERO
                    }
                })
                .collect();
            if s.iter().all(|x| x.is_zero()) {
                // Scorable siblings all weigh 0: share equally among them.
                pre.iter()
                    .map(|p| {
                        if p.scorable() {
                            Decimal::ONE
                        } else {
                            Decimal::ZERO
                        }
                    })
                    .collect()
            } else {
                s
            }
        } else {
            weights.clone()
        };
        let eff = allocate(parent_eff, &shares);
        pre.iter()
            .zip(eff)
            .map(|(p, e)| {
                if moving && !p.scorable() {
                    let n = p.node();
                    self.notices.push(Notice {
                        code: "weight_redistributed".into(),
                        subject: n.path.clone(),
                        message: format!(
                            "{}（{}）不可评分，其权重 {} 分已按比例分配给同一上级指标下的可评分指标",
                            n.name,
                            n.path,
                            show(n.weight)
                        ),
                    });
                }
                self.build(p, e, mode, depth)
            })
            .collect()
    }

    fn build(&mut self, p: &Pre<'_>, eff: Decimal, mode: Mode, depth: usize) -> ScoreNode {
        let n = p.node();
        match p {
            Pre::Group(_, children) => {
                let kids = self.siblings(children, eff, mode, depth + 1);
                let scorable = p.scorable();
                let score = match mode {
                    Mode::Unassessed => None,
                    Mode::Zeroed => Some(Decimal::ZERO),
                    Mode::Normal if scorable || !self.redistribute() => {
                        Some(kids.iter().filter_map(|k| k.score).sum())
                    }
                    Mode::Normal => None,
                };
                ScoreNode {
                    id: n.path.clone(),
                    name: n.name.clone(),
                    weight: n.weight,
                    effective_weight: eff,
                    score,
                    status: if scorable {
                        NodeStatus::Scored
                    } else {
                        NodeStatus::NotScorable
                    },
                    indicator: None,
                    value: None,
                    unit: None,
                    rule: None,
                    target: None,
                    reason: None,
                    children: kids,
                }
            }
            Pre::Leaf(_, lp) => self.leaf(n, lp, eff, mode),
        }
    }

    fn leaf(&mut self, n: &Node, lp: &LeafPre<'_>, eff: Decimal, mode: Mode) -> ScoreNode {
        let leaf = lp.leaf;
        let value = lp.value;
        let mut node = ScoreNode {
            id: n.path.clone(),
            name: n.name.clone(),
            weight: n.weight,
            effective_weight: eff,
            score: None,
            status: NodeStatus::Scored,
            indicator: value
                .map(|v| v.id.clone())
                .or_else(|| leaf.indicators.first().cloned()),
            value: value.and_then(|v| v.number()),
            unit: value
                .filter(|v| !v.unit.is_empty())
                .map(|v| v.unit.to_string()),
            rule: Some(leaf.description.clone()),
            target: Some(leaf.target.clone()),
            reason: None,
            children: Vec::new(),
        };
        match &lp.outcome {
            Ok(o) => {
                let raw = if n.weight > Decimal::ZERO {
                    o.score * eff / n.weight
                } else {
                    Decimal::ZERO
                };
                let score = self
                    .f
                    .rounding
                    .apply(raw)
                    .max(Decimal::ZERO)
                    .min(eff.max(Decimal::ZERO));
                node.score = Some(score);
                let mut reason = o.reason.clone();
                if eff != n.weight && n.weight > Decimal::ZERO {
                    let note = format!(
                        "（权重由 {} 分调整为 {} 分，得分按比例折算）",
                        show(n.weight),
                        show(eff)
                    );
                    reason = Some(reason.map(|r| format!("{r}{note}")).unwrap_or(note));
                }
                node.reason = reason;
                for rn in &o.notices {
                    self.notices.push(Notice {
                        code: rn.code.to_string(),
                        subject: n.path.clone(),
                        message: rn.message.clone(),
                    });
                }
                if let Some(a) = &lp.alternative_note {
                    self.notices.push(Notice {
                        code: "alternative_used".into(),
                        subject: n.path.clone(),
                        message: format!("{}：{a}", n.name),
                    });
                }
                if let Some(m) = &lp.over {
                    self.notices.push(Notice {
                        code: "over_achievement".into(),
                        subject: n.path.clone(),
                        message: m.clone(),
                    });
                }
            }
            Err(e) => {
                node.status = NodeStatus::NotScorable;
                match mode {
                    Mode::Unassessed => {
                        node.reason =
                            Some(format!("不可评分：{e}；所在一级指标无可评分内容，未计分"));
                    }
                    Mode::Zeroed => {
                        node.score = Some(Decimal::ZERO);
                        node.reason = Some(format!(
                            "不可评分：{e}；所在一级指标无可评分内容，按 0 分计"
                        ));
                    }
                    Mode::Normal if self.redistribute() && eff != n.weight => {
                        node.reason = Some(format!("不可评分：{e}；权重已分配给同级指标"));
                    }
                    Mode::Normal if self.redistribute() => {
                        node.reason = Some(format!(
                            "不可评分：{e}；未计分（同一二级指标下没有可评分的指标，权重不跨二级指标转移）"
                        ));
                    }
                    Mode::Normal => {
                        node.score = Some(Decimal::ZERO);
                        node.reason = Some(format!("不可评分：{e}；按 0 分计"));
                        self.notices.push(Notice {
                            code: "not_scorable_zero".into(),
                            subject: n.path.clone(),
                            message: format!("{}不可评分（{e}），按 0 分计", n.name),
                        });
                    }
                }
            }
        }
        node
    }
}
