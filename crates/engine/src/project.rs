//! Project self-evaluation (项目支出绩效自评, 财预〔2020〕10号): 预算执行率 10 points with
//! `budget_exec`; 产出 50, 效益 30, 满意度 10 split over the project's indicator rows; a
//! category without rows gives its points to its `if_absent` category (满意度 → 效益).
//! 成本指标 rows sit under 产出 (`cost_placement = "output"`) or form their own 一级
//! (`"separate"`, 财预〔2021〕101号).
//!
//! Rows are scored by their operator: `≥`/`>` → `ratio_capped` against the target, `≤`/`<` →
//! `reverse`, `=` → `equal`, 区间 → `range` (full inside), 定性 → the tier word of the
//! actual (达成/部分达成/未达成, their official long forms, or 优/良/中/差) with the
//! evaluator's `score` inside the tier's band (without one: the scheme's `qualitative.default`,
//! by default "score required"). Row weights come
//! from the input (`weight`); when absent the category's points are split equally, and when
//! they do not add up to the category's points they are scaled to it (with a notice).

use jixiao_indicators::project_execution_rate;
use jixiao_model::{PerformanceTarget, Project, TargetLevel1, TargetOperator};
use rust_decimal::Decimal;

use crate::alloc::allocate;
use crate::evaluation::{
    Grade, NodeStatus, Notice, ProjectCategoryScore, ProjectEvaluation, ProjectRow,
};
use crate::framework::{CostPlacement, Framework, NotScorablePolicy, ProjectScheme};
use crate::rules::qualitative_tier::{achievement_scale, grade_scale};
use crate::rules::{
    sadd, sdiv, show, smul, Equal, QualitativeTier, Range, RatioCapped, Reverse, RuleOutcome,
    Subject,
};

/// Self-evaluate project `p` (at position `index` in `projects.project`) with the project
/// scheme of `f`; a framework without one uses the standard 10/50/30/10 scheme and says so.
pub fn evaluate_project(p: &Project, index: usize, f: &Framework) -> ProjectEvaluation {
    let mut notices = Vec::new();
    let default_scheme;
    let scheme = match &f.project {
        Some(s) => s,
        None => {
            notices.push(Notice {
                code: "default_project_scheme".into(),
                subject: p.name.clone(),
                message: format!(
                    "框架 {} 未定义项目自评方案，按财预〔2020〕10号 10/50/30/10 计分",
                    f.id
                ),
            });
            default_scheme = ProjectScheme::default();
            &default_scheme
        }
    };
    let subject = format!("projects.project[{index}]");

    // 预算执行率
    let iv = project_execution_rate(p, index);
    let ew = scheme.execution_weight;
    let exec_subject = Subject {
        name: "预算执行率",
        unit: "%",
    };
    let (exec_score, exec_reason, exec_status) =
        match scheme
            .execution_rule
            .apply(ew, exec_subject, &iv.observation)
        {
            Ok(o) => (
                Some(f.rounding.apply(o.score)),
                o.reason,
                NodeStatus::Scored,
            ),
            Err(e) => (
                Some(Decimal::ZERO),
                Some(format!("不可评分：{e}；按 0 分计")),
                NodeStatus::NotScorable,
            ),
        };
    let money = |m: Option<jixiao_model::Money>| m.map(|m| m.as_wan());
    let execution = ProjectRow {
        level1: "预算执行率".into(),
        level2: String::new(),
        name: "预算执行率".into(),
        target: money(p.budget_annual)
            .map(|a| format!("全年预算数 {} 万元", a.normalize()))
            .unwrap_or_default(),
        actual: match (money(p.spent), iv.number()) {
            (Some(b), Some(r)) => format!("全年执行数 {} 万元，执行率 {}%", b.normalize(), show(r)),
            (Some(b), None) => format!("全年执行数 {} 万元", b.normalize()),
            _ => String::new(),
        },
        weight: ew,
        score: exec_score,
        status: exec_status,
        rule: Some(scheme.execution_rule.describe(ew)),
        reason: exec_reason,
        deviation: None,
        target_index: None,
    };

    // Which category each row belongs to.
    let category_of = |t: &PerformanceTarget| match (t.level1, scheme.cost_placement) {
        (TargetLevel1::Cost, CostPlacement::Output) => TargetLevel1::Output,
        (l, _) => l,
    };
    let mut eff: Vec<Decimal> = scheme.categories.iter().map(|c| c.weight).collect();
    let has_rows = |l: TargetLevel1| p.targets.iter().any(|t| category_of(t) == l);
    for (i, c) in scheme.categories.iter().enumerate() {
        if has_rows(c.level1) {
            continue;
        }
        if let Some(to) = c.if_absent {
            if let Some(j) = scheme.categories.iter().position(|x| x.level1 == to) {
                let moved = eff[i];
                eff[j] += moved;
                eff[i] = Decimal::ZERO;
                notices.push(Notice {
                    code: "category_moved".into(),
                    subject: subject.clone(),
                    message: format!(
                        "项目「{}」没有{}，其 {} 分并入{}",
                        p.name,
                        c.level1.label(),
                        show(moved),
                        to.label()
                    ),
                });
            }
        }
    }
    // Rows whose category the scheme lacks (e.g. 成本指标 under "separate" without a category
    // cannot happen after loading; a level the scheme does not list is reported).
    for (k, t) in p.targets.iter().enumerate() {
        let l = category_of(t);
        if !scheme.categories.iter().any(|c| c.level1 == l) {
            notices.push(Notice {
                code: "row_without_category".into(),
                subject: format!("{subject}.target[{k}]"),
                message: format!(
                    "指标「{}」属于{}，框架未设该类分值，未计分",
                    t.name,
                    l.label()
                ),
            });
        }
    }

    let mut rows = Vec::new();
    let mut categories = Vec::new();
    for (ci, c) in scheme.categories.iter().enumerate() {
        let members: Vec<(usize, &PerformanceTarget)> = p
            .targets
            .iter()
            .enumerate()
            .filter(|(_, t)| category_of(t) == c.level1)
            .collect();
        let cat_eff = eff[ci];
        if members.is_empty() {
            if cat_eff > Decimal::ZERO {
                notices.push(Notice {
                    code: "category_empty".into(),
                    subject: subject.clone(),
                    message: format!(
                        "项目「{}」没有{}，该类 {} 分无法得分",
                        p.name,
                        c.level1.label(),
                        show(cat_eff)
                    ),
                });
            }
            categories.push(ProjectCategoryScore {
                level1: c.level1.label().into(),
                weight: c.weight,
                effective_weight: cat_eff,
                score: Decimal::ZERO,
            });
            continue;
        }
        // Row weights.
        let given: Vec<Option<Decimal>> =
            members.iter().map(|(_, t)| t.weight.map(|n| n.0)).collect();
        let all_given = given.iter().all(|g| g.is_some());
        let shares: Vec<Decimal> = if all_given {
            given
                .iter()
                .map(|g| g.unwrap_or_default().max(Decimal::ZERO))
                .collect()
        } else {
            if given.iter().any(|g| g.is_some()) {
                notices.push(Notice {
                    code: "row_weights_partial".into(),
                    subject: subject.clone(),
                    message: format!(
                        "项目「{}」{}中部分指标未填分值，已按指标个数平均分配 {} 分",
                        p.name,
                        c.level1.label(),
                        show(cat_eff)
                    ),
                });
            }
            vec![Decimal::ONE; members.len()]
        };
        let given_sum: Decimal = shares.iter().fold(Decimal::ZERO, |a, b| sadd(a, *b));
        if all_given && given_sum != cat_eff {
            notices.push(Notice {
                code: "row_weights_scaled".into(),
                subject: subject.clone(),
                message: format!(
                    "项目「{}」{}各指标分值合计 {}，与该类分值 {} 不符，已按比例折算",
                    p.name,
                    c.level1.label(),
                    show(given_sum),
                    show(cat_eff)
                ),
            });
        }
        let weights = allocate(cat_eff, &shares);
        // Score each row at its weight.
        let outcomes: Vec<Result<RuleOutcome, String>> = members
            .iter()
            .zip(&weights)
            .map(|((_, t), w)| score_row(t, *w, &scheme.qualitative))
            .collect();
        // Not-scorable rows: 0, or their weight to the scorable rows of the category.
        let redistribute = f.not_scorable == NotScorablePolicy::Redistribute;
        let final_weights = if redistribute && outcomes.iter().any(|o| o.is_ok()) {
            let s: Vec<Decimal> = outcomes
                .iter()
                .zip(&weights)
                .map(|(o, w)| if o.is_ok() { *w } else { Decimal::ZERO })
                .collect();
            if s.iter().all(|x| x.is_zero()) {
                weights.clone()
            } else {
                allocate(cat_eff, &s)
            }
        } else {
            weights.clone()
        };
        let mut cat_score = Decimal::ZERO;
        for (((k, t), o), (w0, w)) in members
            .iter()
            .zip(outcomes)
            .zip(weights.iter().zip(final_weights.iter()))
        {
            let (score, reason, status) = match o {
                Ok(o) => {
                    let raw = if *w0 > Decimal::ZERO {
                        o.score * *w / *w0
                    } else {
                        Decimal::ZERO
                    };
                    let sc = f.rounding.apply(raw).max(Decimal::ZERO).min(*w);
                    for rn in &o.notices {
                        notices.push(Notice {
                            code: rn.code.to_string(),
                            subject: format!("{subject}.target[{k}]"),
                            message: rn.message.clone(),
                        });
                    }
                    (Some(sc), o.reason, NodeStatus::Scored)
                }
                Err(e) if redistribute => (
                    None,
                    Some(format!("不可评分：{e}；分值已分配给同类指标")),
                    NodeStatus::NotScorable,
                ),
                Err(e) => (
                    Some(Decimal::ZERO),
                    Some(format!("不可评分：{e}；按 0 分计")),
                    NodeStatus::NotScorable,
                ),
            };
            if let Some(m) = over_achievement(t, f) {
                notices.push(Notice {
                    code: "over_achievement".into(),
                    subject: format!("{subject}.target[{k}]"),
                    message: format!("项目「{}」{m}", p.name),
                });
            }
            cat_score += score.unwrap_or_default();
            rows.push(ProjectRow {
                level1: if t.level1 == TargetLevel1::Cost
                    && scheme.cost_placement == CostPlacement::Output
                {
                    TargetLevel1::Output.label().into()
                } else {
                    t.level1.label().into()
                },
                level2: if t.level1 == TargetLevel1::Cost
                    && scheme.cost_placement == CostPlacement::Output
                    && t.level2.trim().is_empty()
                {
                    "成本指标".into()
                } else {
                    t.level2.clone()
                },
                name: t.name.clone(),
                target: target_text(t),
                actual: actual_text(t),
                weight: *w,
                score,
                status,
                rule: Some(row_rule_text(t)),
                reason,
                deviation: t.deviation.clone(),
                target_index: Some(*k),
            });
        }
        categories.push(ProjectCategoryScore {
            level1: c.level1.label().into(),
            weight: c.weight,
            effective_weight: cat_eff,
            score: cat_score,
        });
    }
    let total = f.rounding.apply(
        execution.score.unwrap_or_default() + categories.iter().map(|c| c.score).sum::<Decimal>(),
    );
    let scored = |r: &ProjectRow| r.status == NodeStatus::Scored;
    let assessed_weight = std::iter::once(&execution)
        .chain(rows.iter())
        .filter(|r| scored(r))
        .map(|r| r.weight)
        .sum::<Decimal>();
    // A category whose rows exist but none could be scored leaves the project incomplete.
    let complete = scheme.categories.iter().all(|c| {
        let label = c.level1.label();
        let members: Vec<&ProjectRow> = rows.iter().filter(|r| r.level1 == label).collect();
        members.is_empty() || members.iter().any(|r| scored(r))
    });
    if !complete {
        notices.push(Notice {
            code: "evaluation_incomplete".into(),
            subject: subject.clone(),
            message: format!(
                "项目「{}」有一级指标的全部指标均不可评分，评价不完整，未评定等级；已评分值 {} / {}",
                p.name,
                show(assessed_weight),
                show(f.total)
            ),
        });
    }
    ProjectEvaluation {
        framework: f.info(),
        index,
        name: p.name.clone(),
        code: p.code.clone(),
        budget_annual: money(p.budget_annual),
        spent: money(p.spent),
        execution,
        rows,
        categories,
        total,
        max: f.total,
        assessed_weight,
        complete,
        grade: f.grade(total).filter(|_| complete).map(|g| Grade {
            name: g.name.clone(),
        }),
        execution_rate: iv,
        notices,
    }
}

/// Score one indicator row at weight `w`.
fn score_row(
    t: &PerformanceTarget,
    w: Decimal,
    q: &QualitativeTier,
) -> Result<RuleOutcome, String> {
    let s = Subject {
        name: &t.name,
        unit: t.unit.as_deref().unwrap_or(""),
    };
    if t.operator == TargetOperator::Qualitative {
        let word = t
            .actual_text
            .as_deref()
            .filter(|x| !x.trim().is_empty())
            .ok_or_else(|| format!("{}：缺少实际完成等级（actual_text）", t.name))?;
        // The framework's scale first, then the other built-in scale.
        let scales = [
            q.clone(),
            QualitativeTier {
                tiers: achievement_scale(),
                default: q.default,
            },
            QualitativeTier {
                tiers: grade_scale(),
                default: q.default,
            },
        ];
        for sc in &scales {
            if sc.find(word).is_some() {
                return sc.score_tier(
                    w,
                    word,
                    t.score.map(|n| n.0),
                    t.deviation.as_deref().unwrap_or(""),
                    s,
                );
            }
        }
        return Err(format!(
            "{}：实际等级「{}」不是 达成/部分达成/未达成（或 达成年度指标 等正式表述）、优/良/中/差",
            t.name,
            word.trim()
        ));
    }
    let target = t
        .value
        .map(|n| n.0)
        .ok_or_else(|| format!("{}：缺少指标值（value）", t.name))?;
    let actual = t
        .actual
        .map(|n| n.0)
        .ok_or_else(|| format!("{}：缺少实际完成值（actual）", t.name))?;
    Ok(match t.operator {
        TargetOperator::AtLeast | TargetOperator::Above => {
            RatioCapped { target }.score(w, actual, s)
        }
        TargetOperator::AtMost | TargetOperator::Below => Reverse { target }.score(w, actual, s),
        TargetOperator::Equal => Equal {
            target,
            tolerance: Decimal::ZERO,
        }
        .score(w, actual, s),
        TargetOperator::Range => {
            let high = t
                .value_high
                .map(|n| n.0)
                .ok_or_else(|| format!("{}：区间指标缺少上限（value_high）", t.name))?;
            if high < target {
                return Err(format!(
                    "{}：区间上限 {} 小于下限 {}",
                    t.name,
                    show(high),
                    show(target)
                ));
            }
            Range { low: target, high }.score(w, actual, s)
        }
        TargetOperator::Qualitative => return Err(format!("{}：定性指标缺少等级", t.name)),
    })
}

fn over_achievement(t: &PerformanceTarget, f: &Framework) -> Option<String> {
    if !matches!(t.operator, TargetOperator::AtLeast | TargetOperator::Above) {
        return None;
    }
    let pct = f.over_achievement_pct?;
    let target = t.value?.0;
    let actual = t.actual?.0;
    let explained = t.deviation.as_deref().is_some_and(|d| !d.trim().is_empty());
    (target > Decimal::ZERO
        && smul(actual, Decimal::ONE_HUNDRED) >= smul(target, pct)
        && !explained)
        .then(|| {
        let unit = t.unit.as_deref().unwrap_or("");
        format!(
            "指标「{}」实际值 {}{unit} 达到目标值 {}{unit} 的 {}%（≥{}%），未说明超额原因，目标可能偏低",
            t.name,
            show(actual),
            show(target),
            show(sdiv(smul(actual, Decimal::ONE_HUNDRED), target)),
            show(pct)
        )
    })
}

fn target_text(t: &PerformanceTarget) -> String {
    let unit = t.unit.as_deref().unwrap_or("");
    match t.operator {
        TargetOperator::Qualitative => t.value_text.clone().unwrap_or_else(|| "定性".into()),
        TargetOperator::Range => match (t.value, t.value_high) {
            (Some(a), Some(b)) => format!("{}–{}{unit}", a.0.normalize(), b.0.normalize()),
            _ => "区间".into(),
        },
        op => match t.value {
            Some(v) => format!("{}{}{unit}", op.symbol(), v.0.normalize()),
            None => t.value_text.clone().unwrap_or_default(),
        },
    }
}

fn actual_text(t: &PerformanceTarget) -> String {
    if let Some(a) = t.actual {
        return format!("{}{}", a.0.normalize(), t.unit.as_deref().unwrap_or(""));
    }
    t.actual_text.clone().unwrap_or_default()
}

fn row_rule_text(t: &PerformanceTarget) -> String {
    match t.operator {
        TargetOperator::AtLeast | TargetOperator::Above => "达到指标值得满分，未达到按完成比例计分",
        TargetOperator::AtMost | TargetOperator::Below => {
            "不超过指标值得满分，超出部分按比例扣分，达到指标值 2 倍不得分"
        }
        TargetOperator::Equal => "等于指标值得满分，偏离按相对偏差扣分",
        TargetOperator::Range => "在区间内得满分，低于下限按比例计分，高于上限按超出比例扣分",
        TargetOperator::Qualitative => {
            "达成 [80%,100%]、部分达成 [60%,80%)、未达成 [0,60%) 的分值区间"
        }
    }
    .to_string()
}
