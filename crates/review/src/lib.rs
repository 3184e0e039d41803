//! jixiao-review: 自评复核 — a finance bureau (or the firm it hires) re-scores each
//! department-year and each of its projects with one published framework, compares every
//! row with the unit's own submitted score, and reports the 偏离度:
//!
//! ```text
//! 偏离度 = (自评分 − 复核分) ÷ 自评分 × 100%
//! ```
//!
//! per row, per project and per department, with the reason for every point the 复核
//! deducts. It also samples projects by a stated, reproducible rule, and checks the
//! submissions for the defects published review notes list (`checks.rs`, stable codes
//! RV001…, and across departments RV101…).
//!
//! Pure: no IO, no clock (a batch uses the machine's cores through rayon; the result does not
//! depend on it). Inputs are the department-years (with their self-scores, see
//! `jixiao_model::self_eval`) and the bureau's framework; outputs are plain data that the
//! CLI prints as a table, JSON or an Excel workbook and the server shows on its dashboard.

mod checks;
mod sample;

use jixiao_engine::{evaluate_values, Evaluation, Framework, FrameworkInfo, ScoreNode};
use jixiao_model::{round2, DepartmentYear};
use rust_decimal::Decimal;
use serde::Serialize;

pub use checks::{cross_checks, Finding, Severity, CHECKS};
pub use sample::Sampling;

use jixiao_model::number::{decimal_text as dec, opt_decimal_text as opt_dec};

/// How a review is run.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReviewOptions {
    /// Which projects are re-scored.
    pub sampling: Sampling,
}

/// 偏离度 in percent, 四舍五入 to two places: `(self − review) ÷ self × 100`. `None` when the
/// self-score is missing or zero (the ratio is undefined).
pub fn deviation(self_score: Option<Decimal>, review: Option<Decimal>) -> Option<Decimal> {
    let (s, r) = (self_score?, review?);
    if s.is_zero() {
        return None;
    }
    s.checked_sub(r)?
        .checked_mul(Decimal::ONE_HUNDRED)?
        .checked_div(s)
        .map(round2)
}

/// One compared row: a leaf of the department framework, a project's 预算执行率 or one of
/// its indicator rows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RowReview {
    /// Node path in the framework ("process.execution.D07") or, for project rows,
    /// `execution` / `target[i]`.
    pub id: String,
    /// 一级 / 二级 names (project rows: 一级 and 二级 指标).
    pub level1: String,
    pub level2: String,
    /// 三级指标.
    pub name: String,
    /// Catalogue id when the row scores one ("D07").
    pub indicator: Option<String>,
    /// 分值.
    #[serde(with = "dec")]
    pub weight: Decimal,
    /// 分值 after the framework moved the weight of not-scorable siblings onto this row
    /// (equal to `weight` when nothing moved); the 复核分 is out of this.
    #[serde(with = "dec")]
    pub effective_weight: Decimal,
    /// 自评分, as submitted.
    #[serde(with = "opt_dec")]
    pub self_score: Option<Decimal>,
    /// 复核分 (`None`: not assessed by the framework).
    #[serde(with = "opt_dec")]
    pub review_score: Option<Decimal>,
    /// 自评分 − 复核分.
    #[serde(with = "opt_dec")]
    pub difference: Option<Decimal>,
    /// 偏离度 (%).
    #[serde(with = "opt_dec")]
    pub deviation: Option<Decimal>,
    /// Why the 复核 deducted points, or why the row is not scorable.
    pub reason: Option<String>,
    /// Field path of the self-score in the input (for locating it in the file).
    pub self_path: Option<String>,
}

impl RowReview {
    fn compare(mut self) -> Self {
        self.difference = match (self.self_score, self.review_score) {
            (Some(s), Some(r)) => s.checked_sub(r),
            _ => None,
        };
        self.deviation = deviation(self.self_score, self.review_score);
        self
    }
}

/// A total compared: 自评总分, 复核总分, difference, 偏离度.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TotalReview {
    #[serde(with = "opt_dec")]
    pub self_score: Option<Decimal>,
    /// True when the unit stated no total and it is the sum of its row self-scores.
    pub self_computed: bool,
    #[serde(with = "dec")]
    pub review_score: Decimal,
    #[serde(with = "opt_dec")]
    pub difference: Option<Decimal>,
    #[serde(with = "opt_dec")]
    pub deviation: Option<Decimal>,
    pub self_grade: Option<String>,
    pub review_grade: Option<String>,
}

impl TotalReview {
    fn new(
        self_score: Option<Decimal>,
        self_computed: bool,
        review: Decimal,
        self_grade: Option<String>,
        review_grade: Option<String>,
    ) -> Self {
        TotalReview {
            self_score,
            self_computed,
            review_score: review,
            difference: self_score.and_then(|s| s.checked_sub(review)),
            deviation: deviation(self_score, Some(review)),
            self_grade,
            review_grade,
        }
    }
}

/// One project re-scored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProjectReview {
    /// Position in `projects.project`.
    pub index: usize,
    pub name: String,
    pub code: Option<String>,
    pub total: TotalReview,
    /// 预算执行率 first, then the indicator rows.
    pub rows: Vec<RowReview>,
}

/// One department-year re-scored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DepartmentReview {
    pub department: Option<String>,
    pub code: Option<String>,
    pub year: Option<i32>,
    /// The bureau's framework.
    pub framework: FrameworkInfo,
    /// The framework the unit says it scored with, if it says.
    pub self_framework: Option<String>,
    pub total: TotalReview,
    /// 已评权重 of the 复核, and whether it is complete.
    #[serde(with = "dec")]
    pub assessed_weight: Decimal,
    pub complete: bool,
    /// The department framework's leaves.
    pub rows: Vec<RowReview>,
    /// The sampled projects, re-scored.
    pub projects: Vec<ProjectReview>,
    /// Projects not in the sample (names), and the rule that chose the sample.
    pub not_sampled: Vec<String>,
    pub sampling: String,
    /// Defects found in this submission (RV001…).
    pub findings: Vec<Finding>,
}

impl DepartmentReview {
    /// The largest |偏离度| of the department, its projects and rows (for sorting).
    pub fn max_abs_deviation(&self) -> Option<Decimal> {
        std::iter::once(self.total.deviation)
            .chain(self.projects.iter().map(|p| p.total.deviation))
            .flatten()
            .map(|d| d.abs())
            .max()
    }
}

/// Re-score `d` with `f` and compare with its self-scores. Only the indicators the
/// framework scores are computed (a review needs no trace of the others).
pub fn review(d: &DepartmentYear, f: &Framework, o: &ReviewOptions) -> DepartmentReview {
    let e = evaluate_values(d, f, Vec::new());
    review_evaluated(d, &e, o)
}

/// Like [`review`], with the evaluation already made (the server stores it per revision).
pub fn review_evaluated(d: &DepartmentYear, e: &Evaluation, o: &ReviewOptions) -> DepartmentReview {
    let se = &d.self_evaluation;
    // Department rows: every leaf, with the self-score it matches.
    let mut used = vec![false; se.scores.len()];
    let mut rows = Vec::new();
    let mut path = Vec::new();
    for n in &e.tree {
        leaves(n, &mut path, &mut |names, leaf| {
            let found = match_self_score(leaf, &se.scores, &used);
            if let Some(i) = found {
                used[i] = true;
            }
            rows.push(
                RowReview {
                    id: leaf.id.clone(),
                    level1: names.first().cloned().unwrap_or_default(),
                    level2: if names.len() > 2 {
                        names[1..names.len() - 1].join("／")
                    } else {
                        String::new()
                    },
                    name: leaf.name.clone(),
                    indicator: leaf.indicator.clone(),
                    weight: leaf.weight,
                    effective_weight: leaf.effective_weight,
                    self_score: found.and_then(|i| se.scores[i].score.map(|n| n.0)),
                    review_score: leaf.score,
                    difference: None,
                    deviation: None,
                    reason: leaf.reason.clone(),
                    self_path: found.map(|i| format!("self_evaluation.score[{i}].score")),
                }
                .compare(),
            );
        });
    }
    let (self_total, computed) = match se.total {
        Some(t) => (Some(t.0), false),
        None if !rows.is_empty() && rows.iter().all(|r| r.self_score.is_some()) => {
            (Some(rows.iter().filter_map(|r| r.self_score).sum()), true)
        }
        None => (None, false),
    };
    let total = TotalReview::new(
        self_total,
        computed,
        e.total,
        se.grade.clone(),
        e.grade.as_ref().map(|g| g.name.clone()),
    );

    // Projects: the sample.
    let chosen = o.sampling.choose(d);
    let mut projects = Vec::new();
    let mut not_sampled = Vec::new();
    for (i, p) in d.projects.items.iter().enumerate() {
        if !chosen.contains(&i) {
            not_sampled.push(p.name.clone());
            continue;
        }
        let Some(pe) = e.projects.iter().find(|pe| pe.index == i) else {
            continue;
        };
        let base = format!("projects.project[{i}]");
        let mut prow = vec![RowReview {
            id: "execution".into(),
            level1: "预算执行率".into(),
            level2: String::new(),
            name: "预算执行率".into(),
            indicator: None,
            weight: pe.execution.weight,
            effective_weight: pe.execution.weight,
            self_score: p.self_execution_score.map(|n| n.0),
            review_score: pe.execution.score,
            difference: None,
            deviation: None,
            reason: pe.execution.reason.clone(),
            self_path: p
                .self_execution_score
                .map(|_| format!("{base}.self_execution_score")),
        }
        .compare()];
        for r in &pe.rows {
            let t = r.target_index.and_then(|k| p.targets.get(k));
            prow.push(
                RowReview {
                    id: r
                        .target_index
                        .map(|k| format!("target[{k}]"))
                        .unwrap_or_default(),
                    level1: r.level1.clone(),
                    level2: r.level2.clone(),
                    name: r.name.clone(),
                    indicator: None,
                    weight: r.weight,
                    effective_weight: r.weight,
                    self_score: t.and_then(|t| t.self_score.map(|n| n.0)),
                    review_score: r.score,
                    difference: None,
                    deviation: None,
                    reason: r.reason.clone(),
                    self_path: match (r.target_index, t.and_then(|t| t.self_score)) {
                        (Some(k), Some(_)) => Some(format!("{base}.target[{k}].self_score")),
                        _ => None,
                    },
                }
                .compare(),
            );
        }
        let (ps, pc) = match p.self_total {
            Some(t) => (Some(t.0), false),
            None if prow.iter().all(|r| r.self_score.is_some()) => {
                (Some(prow.iter().filter_map(|r| r.self_score).sum()), true)
            }
            None => (None, false),
        };
        projects.push(ProjectReview {
            index: i,
            name: p.name.clone(),
            code: p.code.clone(),
            total: TotalReview::new(
                ps,
                pc,
                pe.total,
                None,
                pe.grade.as_ref().map(|g| g.name.clone()),
            ),
            rows: prow,
        });
    }
    let mut findings = checks::department_checks(d, e, &rows, &projects);
    for (i, s) in se.scores.iter().enumerate() {
        if !used[i] {
            findings.push(Finding::new(
                "RV007",
                format!("self_evaluation.score[{i}].indicator"),
                format!(
                    "自评表中的指标「{}」在复核框架「{}」中没有对应的指标，未比较",
                    s.indicator, e.framework.name
                ),
            ));
        }
    }
    DepartmentReview {
        department: d.department.name.clone(),
        code: d.department.code.clone(),
        year: d.department.year,
        framework: e.framework.clone(),
        self_framework: se.framework.clone(),
        total,
        assessed_weight: e.assessed_weight,
        complete: e.complete,
        rows,
        projects,
        not_sampled,
        sampling: o.sampling.describe(),
        findings,
    }
}

/// Every leaf with the names of its ancestors (一级, 二级 …, itself).
fn leaves<'a>(
    n: &'a ScoreNode,
    path: &mut Vec<String>,
    f: &mut impl FnMut(&[String], &'a ScoreNode),
) {
    path.push(n.name.clone());
    if n.children.is_empty() {
        f(path, n);
    } else {
        for c in &n.children {
            leaves(c, path, f);
        }
    }
    path.pop();
}

fn norm(s: &str) -> String {
    s.chars()
        .map(jixiao_model::number::fold_width)
        .filter(|c| !c.is_whitespace() && !matches!(c, '“' | '”' | '"'))
        .collect()
}

/// The self-score for a framework leaf: by node path, by its last segment, by catalogue id,
/// or by the indicator's name (quotes and spaces ignored); the first unused match.
fn match_self_score(
    leaf: &ScoreNode,
    scores: &[jixiao_model::SelfScore],
    used: &[bool],
) -> Option<usize> {
    let last = leaf.id.rsplit('.').next().unwrap_or(&leaf.id);
    let name = norm(&leaf.name);
    let matches = |s: &jixiao_model::SelfScore| {
        let k = s.indicator.trim();
        k == leaf.id
            || k == last
            || leaf.indicator.as_deref() == Some(k)
            || (!name.is_empty() && norm(k) == name)
    };
    scores
        .iter()
        .enumerate()
        .find(|(i, s)| !used[*i] && matches(s))
        .map(|(i, _)| i)
}

/// One submission of a batch: an id (file or organisation code) and its department-year.
pub struct Submission<'a> {
    pub id: String,
    pub department: &'a DepartmentYear,
}

/// A batch reviewed: every department, and the findings across departments.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BatchReview {
    pub framework: FrameworkInfo,
    pub sampling: String,
    /// In input order; [`BatchReview::sorted_by_deviation`] gives the review order.
    pub departments: Vec<SubmissionReview>,
    /// Findings that compare submissions (RV101…), each naming the submissions involved.
    pub cross_findings: Vec<Finding>,
    pub summary: Summary,
}

/// A department's review with the submission it came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SubmissionReview {
    pub id: String,
    pub review: DepartmentReview,
}

/// Counts over a batch.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    pub departments: usize,
    pub projects_reviewed: usize,
    /// Departments whose 偏离度 is known.
    pub with_deviation: usize,
    /// Mean 偏离度 of those (%).
    #[serde(with = "opt_dec")]
    pub mean_deviation: Option<Decimal>,
    /// Departments whose self total is above the 复核 total.
    pub self_higher: usize,
    pub findings: usize,
}

impl BatchReview {
    /// Departments ordered by 偏离度, largest first (unknown last), then by input order.
    pub fn sorted_by_deviation(&self) -> Vec<&SubmissionReview> {
        let mut v: Vec<&SubmissionReview> = self.departments.iter().collect();
        v.sort_by(|a, b| {
            let key = |s: &SubmissionReview| s.review.total.deviation;
            match (key(a), key(b)) {
                (Some(x), Some(y)) => y.cmp(&x),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            }
        });
        v
    }
}

/// Review every submission with `f` (in parallel: each review is independent; the result
/// keeps the input order), then compare them with each other.
pub fn review_batch(subs: &[Submission<'_>], f: &Framework, o: &ReviewOptions) -> BatchReview {
    use rayon::prelude::*;
    let departments: Vec<SubmissionReview> = subs
        .par_iter()
        .map(|s| SubmissionReview {
            id: s.id.clone(),
            review: review(s.department, f, o),
        })
        .collect();
    let cross_findings = cross_checks(subs);
    let devs: Vec<Decimal> = departments
        .iter()
        .filter_map(|d| d.review.total.deviation)
        .collect();
    let summary = Summary {
        departments: departments.len(),
        projects_reviewed: departments.iter().map(|d| d.review.projects.len()).sum(),
        with_deviation: devs.len(),
        mean_deviation: (!devs.is_empty())
            .then(|| round2(devs.iter().sum::<Decimal>() / Decimal::from(devs.len() as u64))),
        self_higher: departments
            .iter()
            .filter(|d| d.review.total.difference.is_some_and(|x| x > Decimal::ZERO))
            .count(),
        findings: departments
            .iter()
            .map(|d| d.review.findings.len())
            .sum::<usize>()
            + cross_findings.len(),
    };
    BatchReview {
        framework: f.info(),
        sampling: o.sampling.describe(),
        departments,
        cross_findings,
        summary,
    }
}
