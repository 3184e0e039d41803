//! What 复核 reviewers find in submissions (system.md §4), as checks with stable codes.
//!
//! On one submission (RV001–RV099), located by the field path of the value concerned:
//!
//! | code | severity | finds |
//! |---|---|---|
//! | RV001 | warning | every project of the department self-scored 100 (two or more projects) |
//! | RV002 | warning | targets with no basis: most percentage targets set at ≥95% |
//! | RV003 | warning | a 成本指标 written with ≥ or > (a cost target is a ceiling) |
//! | RV004 | warning | a 数量指标 self-scored full marks for a project not completed |
//! | RV005 | error | a self-score above the row's 分值 |
//! | RV006 | error | a self-scored total that is not the sum of its self-scored rows |
//! | RV007 | info | a self-scored indicator the 复核 framework has no row for |
//! | RV008 | warning | a self-score more than 10 points above the 复核 (project or department total) |
//!
//! Across submissions (RV101–), naming every submission involved:
//!
//! | code | severity | finds |
//! |---|---|---|
//! | RV101 | warning | the same satisfaction rate, written with decimals, in two or more departments |
//! | RV102 | warning | a project's indicator table (≥3 rows: name, operator, value, unit) identical to one of another department |

use std::collections::BTreeMap;

use jixiao_engine::Evaluation;
use jixiao_model::target_quality as tq;
use jixiao_model::{DepartmentYear, ProjectStatus};
use rust_decimal::Decimal;
use serde::Serialize;

use crate::{ProjectReview, RowReview, Submission};

/// How sure a finding is: the one severity of the workspace, shared with the report
/// checker and input validation.
pub use jixiao_model::Severity;

/// Every check: code, severity, Chinese title.
pub const CHECKS: &[(&str, Severity, &str)] = &[
    ("RV001", Severity::Warning, "所有项目自评满分"),
    (
        "RV002",
        Severity::Warning,
        "目标值缺乏依据（百分比目标大多为 ≥95%）",
    ),
    ("RV003", Severity::Warning, "成本指标使用 ≥"),
    ("RV004", Severity::Warning, "项目未完成而数量指标自评满分"),
    ("RV005", Severity::Error, "自评得分超过分值"),
    ("RV006", Severity::Error, "自评总分不等于各行自评得分之和"),
    ("RV007", Severity::Info, "自评指标在复核框架中没有对应指标"),
    ("RV008", Severity::Warning, "自评分高出复核分 10 分以上"),
    ("RV101", Severity::Warning, "多个部门的满意度完全相同"),
    (
        "RV102",
        Severity::Warning,
        "项目绩效指标表与其他部门完全相同",
    ),
];

/// One finding.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub code: &'static str,
    pub severity: Severity,
    /// Field path in the submission (`projects.project[2].target[1].operator`).
    pub path: String,
    pub message: String,
    /// Other submissions involved (cross checks: their ids), and other paths.
    pub related: Vec<String>,
    /// For cross checks: the submission the path belongs to.
    pub submission: Option<String>,
}

impl Finding {
    pub(crate) fn new(code: &'static str, path: String, message: String) -> Finding {
        let severity = CHECKS
            .iter()
            .find(|(c, _, _)| *c == code)
            .map(|(_, s, _)| *s)
            .unwrap_or(Severity::Warning);
        Finding {
            code,
            severity,
            path,
            message,
            related: Vec::new(),
            submission: None,
        }
    }
}

const FULL_MARKS: Decimal = Decimal::ONE_HUNDRED;

/// The checks on one submission.
pub(crate) fn department_checks(
    d: &DepartmentYear,
    e: &Evaluation,
    rows: &[RowReview],
    projects: &[ProjectReview],
) -> Vec<Finding> {
    let mut out = Vec::new();
    let items = &d.projects.items;

    // RV001: every project self-scored 100.
    let totals: Vec<Decimal> = items
        .iter()
        .filter_map(|p| p.self_total.map(|n| n.0))
        .collect();
    if items.len() >= 2 && totals.len() == items.len() && totals.iter().all(|t| *t == FULL_MARKS) {
        out.push(Finding::new(
            "RV001",
            "projects.project[0].self_total".into(),
            format!(
                "全部 {} 个项目自评均为 100 分：自评未反映任何偏差，应逐项复核",
                items.len()
            ),
        ));
    }

    // RV002: targets with no basis (≥95% everywhere).
    let mut paths = Vec::new();
    let mut views = Vec::new();
    for (i, p) in items.iter().enumerate() {
        for (k, t) in p.targets.iter().enumerate() {
            paths.push(format!("projects.project[{i}].target[{k}].value"));
            views.push(tq::PercentView {
                percent: t.unit.as_deref().map(str::trim) == Some("%"),
                operator: t.operator,
                value: t.value.map(|v| v.0),
            });
        }
    }
    if let Some(h) = tq::high_targets(views) {
        let high: Vec<String> = h.high.iter().map(|&i| paths[i].clone()).collect();
        let mut f = Finding::new(
            "RV002",
            high[0].clone(),
            format!(
                "{} 个百分比目标中有 {} 个为“≥95%”以上，目标值可能缺乏测算依据（未结合历史水平和实际情况设定）",
                h.percent_targets,
                high.len()
            ),
        );
        f.related = high[1..].to_vec();
        out.push(f);
    }

    for (i, p) in items.iter().enumerate() {
        for (k, t) in p.targets.iter().enumerate() {
            let base = format!("projects.project[{i}].target[{k}]");
            // RV003: a cost indicator written with ≥.
            if tq::cost_written_as_floor(tq::is_cost(Some(t.level1), &t.level2), t.operator) {
                out.push(Finding::new(
                    "RV003",
                    format!("{base}.operator"),
                    format!(
                        "项目「{}」的成本指标「{}」写为“{}{}”：成本指标应设为上限（≤）",
                        p.name,
                        t.name,
                        t.operator.symbol(),
                        t.value
                            .map(|v| v.0.normalize().to_string())
                            .unwrap_or_default()
                    ),
                ));
            }
        }
        // RV004: 数量指标 at full marks for a project not completed.
        let unfinished = matches!(
            p.status,
            Some(ProjectStatus::NotStarted) | Some(ProjectStatus::InProgress)
        );
        if unfinished {
            let pr = projects.iter().find(|x| x.index == i);
            for (k, t) in p.targets.iter().enumerate() {
                if !t.level2.contains("数量") {
                    continue;
                }
                let weight = t.weight.map(|w| w.0).or_else(|| {
                    pr.and_then(|pr| pr.rows.iter().find(|r| r.id == format!("target[{k}]")))
                        .map(|r| r.weight)
                });
                if let (Some(s), Some(w)) = (t.self_score.map(|n| n.0), weight) {
                    if w > Decimal::ZERO && s >= w {
                        out.push(Finding::new(
                            "RV004",
                            format!("projects.project[{i}].target[{k}].self_score"),
                            format!(
                                "项目「{}」状态为“{}”，数量指标「{}」却自评满分 {} 分",
                                p.name,
                                match p.status {
                                    Some(ProjectStatus::NotStarted) => "未开工",
                                    _ => "实施中",
                                },
                                t.name,
                                s.normalize()
                            ),
                        ));
                    }
                }
            }
        }
    }

    // RV005: a self-score above the row's weight.
    let over = |r: &RowReview| r.self_score.is_some_and(|s| s > r.weight);
    for r in rows.iter().filter(|r| over(r)) {
        out.push(Finding::new(
            "RV005",
            r.self_path.clone().unwrap_or_else(|| r.id.clone()),
            format!(
                "指标「{}」自评 {} 分，超过分值 {} 分",
                r.name,
                r.self_score.unwrap_or_default().normalize(),
                r.weight.normalize()
            ),
        ));
    }
    for p in projects {
        for r in p.rows.iter().filter(|r| over(r)) {
            out.push(Finding::new(
                "RV005",
                r.self_path.clone().unwrap_or_else(|| r.id.clone()),
                format!(
                    "项目「{}」的「{}」自评 {} 分，超过分值 {} 分",
                    p.name,
                    r.name,
                    r.self_score.unwrap_or_default().normalize(),
                    r.weight.normalize()
                ),
            ));
        }
        // RV006: a stated project total that is not the sum of its rows.
        let all: Option<Decimal> = p.rows.iter().map(|r| r.self_score).sum();
        if let (false, Some(t), Some(sum)) = (p.total.self_computed, p.total.self_score, all) {
            if t != sum {
                out.push(Finding::new(
                    "RV006",
                    format!("projects.project[{}].self_total", p.index),
                    format!(
                        "项目「{}」自评总分 {} 分，而各行自评得分合计 {} 分",
                        p.name,
                        t.normalize(),
                        sum.normalize()
                    ),
                ));
            }
        }
        // RV008: self-score well above the 复核.
        if let Some(diff) = p.total.difference {
            if diff > Decimal::TEN {
                out.push(Finding::new(
                    "RV008",
                    format!("projects.project[{}].self_total", p.index),
                    format!(
                        "项目「{}」自评 {} 分，复核 {} 分，高出 {} 分",
                        p.name,
                        p.total.self_score.unwrap_or_default().normalize(),
                        p.total.review_score.normalize(),
                        diff.normalize()
                    ),
                ));
            }
        }
    }
    // RV006 for the department: a stated total against its rows, when every row has one.
    if let Some(t) = d.self_evaluation.total {
        let all: Option<Decimal> = rows.iter().map(|r| r.self_score).sum();
        if let Some(sum) = all {
            if !rows.is_empty() && t.0 != sum {
                out.push(Finding::new(
                    "RV006",
                    "self_evaluation.total".into(),
                    format!(
                        "自评总分 {} 分，而各指标自评得分合计 {} 分",
                        t.0.normalize(),
                        sum.normalize()
                    ),
                ));
            }
        }
        if let Some(diff) = t.0.checked_sub(e.total) {
            if diff > Decimal::TEN {
                out.push(Finding::new(
                    "RV008",
                    "self_evaluation.total".into(),
                    format!(
                        "部门自评 {} 分，复核 {} 分，高出 {} 分",
                        t.0.normalize(),
                        e.total.normalize(),
                        diff.normalize()
                    ),
                ));
            }
        }
    }
    out
}

/// The checks across submissions.
pub fn cross_checks(subs: &[Submission<'_>]) -> Vec<Finding> {
    let mut out = Vec::new();
    let name = |s: &Submission<'_>| {
        s.department
            .department
            .name
            .clone()
            .unwrap_or_else(|| s.id.clone())
    };

    // RV101: the same satisfaction rate, with decimals, in several departments.
    let mut rates: BTreeMap<String, Vec<(usize, String)>> = BTreeMap::new();
    for (si, s) in subs.iter().enumerate() {
        for (k, sv) in s.department.satisfaction.iter().enumerate() {
            if let Some(r) = sv.rate {
                let v = r.value();
                if v.scale() >= 1 && v.fract() != Decimal::ZERO && v < Decimal::ONE_HUNDRED {
                    rates
                        .entry(v.normalize().to_string())
                        .or_default()
                        .push((si, format!("satisfaction[{k}].rate")));
                }
            }
        }
    }
    for (rate, at) in &rates {
        let depts: std::collections::BTreeSet<usize> = at.iter().map(|(s, _)| *s).collect();
        if depts.len() < 2 {
            continue;
        }
        for (si, path) in at {
            let others: Vec<String> = depts
                .iter()
                .filter(|o| *o != si)
                .map(|o| format!("{}（{}）", name(&subs[*o]), subs[*o].id))
                .collect();
            let mut f = Finding::new(
                "RV101",
                path.clone(),
                format!(
                    "满意度 {rate}% 与 {} 完全相同：满意度调查结果可能照抄或未实际开展调查",
                    others.join("、")
                ),
            );
            f.submission = Some(subs[*si].id.clone());
            f.related = depts
                .iter()
                .filter(|o| *o != si)
                .map(|o| subs[*o].id.clone())
                .collect();
            out.push(f);
        }
    }

    // RV102: identical indicator tables.
    let mut tables: BTreeMap<Vec<String>, Vec<(usize, usize)>> = BTreeMap::new();
    for (si, s) in subs.iter().enumerate() {
        for (pi, p) in s.department.projects.items.iter().enumerate() {
            let Some(rows) = tq::table_key(p.targets.iter().map(|t| {
                (
                    t.name.as_str(),
                    t.operator,
                    t.value.map(|v| v.0),
                    t.unit.as_deref().unwrap_or(""),
                )
            })) else {
                continue;
            };
            tables.entry(rows).or_default().push((si, pi));
        }
    }
    for at in tables.values() {
        let depts: std::collections::BTreeSet<usize> = at.iter().map(|(s, _)| *s).collect();
        if depts.len() < 2 {
            continue;
        }
        for (si, pi) in at {
            let p = &subs[*si].department.projects.items[*pi];
            let others: Vec<String> = at
                .iter()
                .filter(|(o, _)| o != si)
                .map(|(o, op)| {
                    format!(
                        "{}「{}」",
                        name(&subs[*o]),
                        subs[*o].department.projects.items[*op].name
                    )
                })
                .collect();
            let mut f = Finding::new(
                "RV102",
                format!("projects.project[{pi}].target"),
                format!(
                    "项目「{}」的 {} 项绩效指标（名称、指标值、单位）与 {} 完全相同：指标可能照抄，未结合本部门项目设定",
                    p.name,
                    p.targets.len(),
                    others.join("、")
                ),
            );
            f.submission = Some(subs[*si].id.clone());
            f.related = at
                .iter()
                .filter(|(o, _)| o != si)
                .map(|(o, _)| subs[*o].id.clone())
                .collect();
            out.push(f);
        }
    }
    out
}
