//! Evaluating a department-year against a framework: pick each leaf's indicator, apply its
//! rule, move the weight of what cannot be scored (policy `redistribute`), add up the tree,
//! round, grade, and collect notices.
//!
//! Architecture invariants:
//! - a group's score is the sum of its children's (rounded) scores; the total is the sum of
//!   the top-level scores;
//! - under `redistribute`, the effective weights of the top level add up to the framework's
//!   total whenever anything is scorable;
//! - every leaf score lies in `[0, effective_weight]`.

use jixiao_indicators::{compute, compute_all, IndicatorValue, Observation};
use jixiao_model::DepartmentYear;
use rust_decimal::Decimal;

use crate::alloc::allocate;
use crate::builtin::builtin_ref;
use crate::evaluation::{Evaluation, Grade, NodeStatus, Notice, ScoreNode};
use crate::framework::{Framework, FrameworkKind, Leaf, Node, NodeKind, NotScorablePolicy};
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
    let total;
    match f.kind {
        FrameworkKind::Department => {
            let pre: Vec<Pre<'_>> = f.nodes.iter().map(|n| prescore(n, &values, d, f)).collect();
            let sc = Scorer {
                f,
                notices: &mut notices,
            };
            tree = sc.build_siblings(&pre, f.total);
            total = f.rounding.apply(tree.iter().filter_map(|n| n.score).sum());
            if f.not_scorable == NotScorablePolicy::Redistribute
                && !pre.iter().any(|p| p.scorable())
            {
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
            total = if projects.is_empty() {
                Decimal::ZERO
            } else {
                let sum: Decimal = projects.iter().map(|p| p.total).sum();
                f.rounding.apply(sum / Decimal::from(projects.len() as u64))
            };
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
    for v in &values {
        for s in v.stated.iter().filter(|s| !s.agrees) {
            notices.push(Notice {
                code: "stated_mismatch".into(),
                subject: v.id.clone(),
                message: format!(
                    "{}：报告写明 {}{}，按数据计算为 {}{}{}",
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
        grade: f.grade(total).map(|g| Grade {
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

struct Scorer<'f, 'n> {
    f: &'f Framework,
    notices: &'n mut Vec<Notice>,
}

impl Scorer<'_, '_> {
    fn redistribute(&self) -> bool {
        self.f.not_scorable == NotScorablePolicy::Redistribute
    }

    /// Effective weights of siblings sharing `parent_eff`.
    fn build_siblings(mut self, pre: &[Pre<'_>], parent_eff: Decimal) -> Vec<ScoreNode> {
        self.siblings(pre, parent_eff)
    }

    fn siblings(&mut self, pre: &[Pre<'_>], parent_eff: Decimal) -> Vec<ScoreNode> {
        let weights: Vec<Decimal> = pre.iter().map(|p| p.node().weight).collect();
        let shares: Vec<Decimal> = if self.redistribute() {
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
            if s.iter().all(|x| x.is_zero()) && pre.iter().any(|p| p.scorable()) {
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
                if self.redistribute() && !p.scorable() {
                    let n = p.node();
                    self.notices.push(Notice {
                        code: "weight_redistributed".into(),
                        subject: n.path.clone(),
                        message: format!(
                            "{}（{}）不可评分，其权重 {} 分已按比例分配给同级可评分指标",
                            n.name,
                            n.path,
                            show(n.weight)
                        ),
                    });
                }
                self.build(p, e)
            })
            .collect()
    }

    fn build(&mut self, p: &Pre<'_>, eff: Decimal) -> ScoreNode {
        let n = p.node();
        match p {
            Pre::Group(_, children) => {
                let kids = self.siblings(children, eff);
                let scorable = p.scorable();
                let score = if scorable || !self.redistribute() {
                    Some(kids.iter().filter_map(|k| k.score).sum())
                } else {
                    None
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
                    reason: None,
                    children: kids,
                }
            }
            Pre::Leaf(_, lp) => self.leaf(n, lp, eff),
        }
    }

    fn leaf(&mut self, n: &Node, lp: &LeafPre<'_>, eff: Decimal) -> ScoreNode {
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
                if self.redistribute() {
                    node.reason = Some(format!("不可评分：{e}；权重已分配给同级指标"));
                } else {
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
        node
    }
}
