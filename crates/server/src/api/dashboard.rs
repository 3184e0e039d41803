//! The bureau's dashboard of a task (看板) and its 复核 view: every item the caller can see
//! with its state, score, grade, 偏离度 (from the unit's self-scores, through
//! `jixiao-review`) and an overdue light; the ranking with the top and bottom N of 通报; the
//! score distribution; an indicator × organisation heat map of 得分率; the change from the
//! previous year's task; budget execution against 序时进度 where the documents carry
//! monitoring points. JSON (`GET /api/tasks/{id}/dashboard`), an Excel workbook of every
//! table (`?format=xlsx`), and the page (`pages/dashboard.rs`) draw on [`build`].
//!
//! Access: the 财政局's roles (绩效管理员 everything, 财政审核人 the departments its division
//! owns) and a 主管部门's 部门审核人 (its own subtree); the store's `Scope` decides which
//! items each sees. A unit's roles get 403 on a task they can see, and everyone gets 404 on a
//! task they cannot see, as for every other resource.
//!
//! Cost: one item list per task (and one for the previous year), and per item the analysis
//! of its current revision — parse, evaluate, 复核 — memoised by (item, revision number,
//! framework, bands). Revisions are immutable, so the memo is a cache of a pure function of a
//! revision's content, like `doc.rs`'s; a cold dashboard computes the missing ones in
//! parallel (rayon) under one lock, so concurrent first views do the work once.
//!
//! On top of that, the assembled dashboard (and its JSON) is kept per (task, caller's
//! grants, options, date), tagged with the store's data version ([`Store::data_version`],
//! the audit log's head, which every write advances in its own transaction). A request reads
//! the version (one primary-key row) and, when nothing changed since, answers from memory; a
//! new revision, a transition or any other write shows on the next request. The key holds the
//! caller's whole grant list, so nobody is answered from another scope's entry.
//!
//! [`Store::data_version`]: jixiao_store::Store::data_version

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use jixiao_model::round2;
use jixiao_store::{
    DataVersion, Item, ItemFilter, OrgKind, Organisation, Role, Scope, State as ItemState, Task,
};
use jixiao_xlsx::{TableCell, TableSheet};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::auth::Caller;
use crate::{ApiError, AppState};

/// Default N of the 通报 lists (top and bottom).
pub const DEFAULT_N: usize = 5;
/// Largest N accepted.
pub const MAX_N: usize = 100;
/// Heat maps with more rows than this group organisations by 主管部门 unless asked.
pub const AUTO_GROUP_ABOVE: usize = 40;
/// Items still to be submitted this many days before the due date get a yellow light.
pub const DUE_SOON_DAYS: i64 = 7;

/// Who may open a task's dashboard: the bureau's roles and a 主管部门's reviewer.
pub fn may_view(scope: &Scope) -> bool {
    scope.has_role(Role::PerfAdmin)
        || scope.has_role(Role::FinanceReviewer)
        || scope.has_role(Role::DeptReviewer)
}

fn forbidden() -> ApiError {
    ApiError::Forbidden(
        "任务看板和复核结果只对财政局（绩效管理员、财政审核人）和主管部门的部门审核人开放".into(),
    )
}

/// Decimal text with two places (四舍五入).
pub fn d2(v: Decimal) -> String {
    let mut s = round2(v);
    s.rescale(2);
    s.to_string()
}

fn od2(v: Option<Decimal>) -> Option<String> {
    v.map(d2)
}

// ---------------------------------------------------------------------------------------
// Per-revision analysis (memoised)

/// One leaf of the framework as scored in one document.
#[derive(Debug, Clone)]
pub struct LeafScore {
    /// Node path ("process.execution.D07").
    pub id: String,
    pub indicator: Option<String>,
    pub name: String,
    pub level1: String,
    /// The weight the framework gives it (before redistribution).
    pub weight: Decimal,
    pub effective_weight: Decimal,
    pub score: Option<Decimal>,
    /// 得分率 = score ÷ effective weight × 100 (exact), when scored.
    pub rate: Option<Decimal>,
}

/// One cumulative spending point: month, 累计支出进度 and 序时进度 (%).
#[derive(Debug, Clone, PartialEq)]
pub struct ProgressPoint {
    pub month: u8,
    pub spent_pct: Decimal,
    pub time_pct: Decimal,
    /// The point was given by quarter (Q1–Q4) rather than by month.
    pub quarterly: bool,
}

/// What the dashboard needs of one revision.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    /// Why the revision could not be scored (`None`: it was).
    pub problem: Option<String>,
    pub score: Option<Decimal>,
    pub grade: Option<String>,
    pub complete: bool,
    pub assessed_weight: Decimal,
    /// The unit's submitted total (or the sum of its row self-scores) and the 复核's 偏离度.
    pub self_score: Option<Decimal>,
    pub self_computed: bool,
    pub self_grade: Option<String>,
    pub difference: Option<Decimal>,
    pub deviation: Option<Decimal>,
    /// Projects, those with a self total, and the largest |偏离度| among them.
    pub projects: usize,
    pub projects_self_scored: usize,
    pub max_project_deviation: Option<Decimal>,
    /// RV findings on the submission (errors, warnings).
    pub findings: usize,
    pub leaves: Vec<LeafScore>,
    pub progress: Vec<ProgressPoint>,
    /// `progress` as shown (two places), made once per revision.
    pub progress_text: Vec<MonitorPoint>,
}

fn month_of(period: &str) -> Option<(u8, bool)> {
    let p = jixiao_model::Period::parse(period).ok()?;
    Some((p.end_month(), matches!(p, jixiao_model::Period::Quarter(_))))
}

/// Spending points of a department-year: `[[progress]]` (spent_pct, or spent ÷ 调整后预算),
/// else the monthly amounts of `[monitoring]` ÷ 调整后预算. 序时进度 as given, else m/12.
pub fn progress_points(d: &jixiao_model::DepartmentYear) -> Vec<ProgressPoint> {
    let budget = d
        .budget
        .adjusted
        .total
        .map(|m| m.as_wan())
        .filter(|b| !b.is_zero());
    let mut out: Vec<ProgressPoint> = Vec::new();
    for p in &d.progress {
        let Some((month, quarterly)) = month_of(&p.period) else {
            continue;
        };
        let spent = match (p.spent_pct, p.spent, budget) {
            (Some(pct), _, _) => Some(pct.0),
            (None, Some(s), Some(b)) => s
                .as_wan()
                .checked_mul(Decimal::ONE_HUNDRED)
                .and_then(|x| x.checked_div(b)),
            _ => None,
        };
        let Some(spent) = spent else { continue };
        let time = p
            .time_pct
            .map(|t| t.0)
            .unwrap_or_else(|| Decimal::from(month) * Decimal::ONE_HUNDRED / Decimal::from(12));
        if out.iter().all(|o| o.month != month) {
            out.push(ProgressPoint {
                month,
                spent_pct: round2(spent),
                time_pct: round2(time),
                quarterly,
            });
        }
    }
    if out.is_empty() {
        if let (Some(m), Some(b)) = (&d.monitoring, budget) {
            let mut cum = Decimal::ZERO;
            for (i, amount) in m.monthly.iter().enumerate().take(12) {
                cum += amount.as_wan();
                let month = (i + 1) as u8;
                if let Some(pct) = cum
                    .checked_mul(Decimal::ONE_HUNDRED)
                    .and_then(|x| x.checked_div(b))
                {
                    out.push(ProgressPoint {
                        month,
                        spent_pct: round2(pct),
                        time_pct: round2(
                            Decimal::from(month) * Decimal::ONE_HUNDRED / Decimal::from(12),
                        ),
                        quarterly: false,
                    });
                }
            }
        }
    }
    out.sort_by_key(|p| p.month);
    out
}

fn collect_leaves(
    nodes: &[jixiao_engine::ScoreNode],
    level1: Option<&str>,
    out: &mut Vec<LeafScore>,
) {
    for n in nodes {
        let l1 = level1.unwrap_or(&n.name);
        if n.children.is_empty() {
            out.push(LeafScore {
                id: n.id.clone(),
                indicator: n.indicator.clone(),
                name: n.name.clone(),
                level1: l1.to_string(),
                weight: n.weight,
                effective_weight: n.effective_weight,
                score: n.score,
                rate: n
                    .score
                    .filter(|_| !n.effective_weight.is_zero())
                    .and_then(|s| {
                        s.checked_mul(Decimal::ONE_HUNDRED)
                            .and_then(|x| x.checked_div(n.effective_weight))
                    }),
            });
        } else {
            collect_leaves(&n.children, Some(l1), out);
        }
    }
}

/// Analyse one stored document with the task's framework and bands.
pub fn analyse(document: &str, task_framework: &str, bands: &str) -> Analysis {
    let (model, e, _) = match crate::doc::evaluate(document, task_framework, bands) {
        Ok(x) => x,
        Err(problems) => {
            let errors = problems.iter().filter(|p| p.is_error()).count();
            return Analysis {
                problem: Some(format!("数据有 {errors} 个错误，无法评分")),
                ..Analysis::default()
            };
        }
    };
    let errors = jixiao_model::validate(&model)
        .iter()
        .filter(|d| d.severity == jixiao_model::Severity::Error)
        .count();
    if errors > 0 {
        return Analysis {
            problem: Some(format!("数据有 {errors} 个错误，无法评分")),
            progress_text: progress_text(&progress_points(&model)),
            progress: progress_points(&model),
            ..Analysis::default()
        };
    }
    let r = jixiao_review::review_evaluated(&model, &e, &jixiao_review::ReviewOptions::default());
    let progress = progress_points(&model);
    let mut leaves = Vec::new();
    collect_leaves(&e.tree, None, &mut leaves);
    let projects_self_scored = r
        .projects
        .iter()
        .filter(|p| p.total.self_score.is_some())
        .count();
    let max_project_deviation = r
        .projects
        .iter()
        .filter_map(|p| p.total.deviation)
        .max_by_key(|d| d.abs());
    Analysis {
        problem: None,
        score: Some(round2(e.total)),
        grade: e.grade.as_ref().map(|g| g.name.clone()),
        complete: e.complete,
        assessed_weight: e.assessed_weight,
        self_score: r.total.self_score,
        self_computed: r.total.self_computed,
        self_grade: r.total.self_grade.clone(),
        difference: r.total.difference.map(round2),
        deviation: r.total.deviation,
        projects: model.projects.items.len(),
        projects_self_scored,
        max_project_deviation,
        findings: r.findings.len(),
        leaves,
        progress_text: progress_text(&progress),
        progress,
    }
}

fn progress_text(points: &[ProgressPoint]) -> Vec<MonitorPoint> {
    points
        .iter()
        .map(|p| MonitorPoint {
            month: p.month,
            spent_pct: d2(p.spent_pct),
            time_pct: d2(p.time_pct),
            gap: d2(p.spent_pct - p.time_pct),
            quarterly: p.quarterly,
        })
        .collect()
}

struct AnalysisMemo {
    map: Mutex<HashMap<String, Arc<Analysis>>>,
    /// Held while filling, so concurrent cold dashboards compute each revision once.
    fill: Mutex<()>,
}

impl AnalysisMemo {
    /// Enough for several tasks of a large bureau; cleared (not evicted) when full.
    const CAPACITY: usize = 50_000;
}

fn memo() -> &'static AnalysisMemo {
    static M: OnceLock<AnalysisMemo> = OnceLock::new();
    M.get_or_init(|| AnalysisMemo {
        map: Mutex::new(HashMap::new()),
        fill: Mutex::new(()),
    })
}

fn memo_key(item: &Item) -> String {
    format!(
        "{}:{}\n{}\n{}",
        item.id, item.revision, item.framework, item.grade_bands
    )
}

fn memo_get(keys: &[String]) -> Vec<Option<Arc<Analysis>>> {
    match memo().map.lock() {
        Ok(m) => keys.iter().map(|k| m.get(k).cloned()).collect(),
        Err(_) => vec![None; keys.len()],
    }
}

/// The analyses of the items' current revisions (`None` for items with nothing saved),
/// computing the missing ones. Runs on the blocking pool.
pub fn analyses(
    store: &jixiao_store::Store,
    scope: &Scope,
    items: &[Item],
) -> Result<Vec<Option<Arc<Analysis>>>, ApiError> {
    use rayon::prelude::*;
    let keys: Vec<String> = items.iter().map(memo_key).collect();
    let mut found = memo_get(&keys);
    let missing = |found: &[Option<Arc<Analysis>>]| -> Vec<usize> {
        items
            .iter()
            .enumerate()
            .filter(|(i, it)| it.revision > 0 && found[*i].is_none())
            .map(|(i, _)| i)
            .collect()
    };
    if missing(&found).is_empty() {
        return Ok(found);
    }
    let _guard = memo()
        .fill
        .lock()
        .map_err(|_| ApiError::Internal("dashboard memo poisoned".into()))?;
    found = memo_get(&keys);
    let todo = missing(&found);
    let mut documents = Vec::with_capacity(todo.len());
    for &i in &todo {
        let rev = store.revision(scope, items[i].id, Some(items[i].revision))?;
        documents.push(rev.map(|r| r.document));
    }
    let computed: Vec<Option<Arc<Analysis>>> = todo
        .par_iter()
        .zip(documents.par_iter())
        .map(|(&i, doc)| {
            doc.as_ref()
                .map(|d| Arc::new(analyse(d, &items[i].framework, &items[i].grade_bands)))
        })
        .collect();
    if let Ok(mut m) = memo().map.lock() {
        if m.len() + computed.len() > AnalysisMemo::CAPACITY {
            m.clear();
        }
        for (&i, a) in todo.iter().zip(&computed) {
            if let Some(a) = a {
                m.insert(keys[i].clone(), Arc::clone(a));
            }
        }
    }
    for (&i, a) in todo.iter().zip(computed) {
        found[i] = a;
    }
    Ok(found)
}

// ---------------------------------------------------------------------------------------
// The dashboard

#[derive(Debug, Deserialize, Default, Clone)]
pub struct DashboardQuery {
    /// N of the 通报 lists (default 5).
    pub n: Option<String>,
    /// Heat-map rows: `org` (each organisation) or `department` (by 主管部门).
    pub group: Option<String>,
    /// Only the subtree of this organisation code.
    pub under: Option<String>,
    /// `json` (default) or `xlsx`.
    pub format: Option<String>,
    /// For `xlsx`: only this table (`items`, `ranking`, `top`, `bottom`, `distribution`,
    /// `heatmap`, `yoy`, `monitoring`, `review`).
    pub table: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Group {
    Org,
    Department,
}

/// The parsed options.
#[derive(Debug, Clone)]
pub struct Options {
    pub n: usize,
    pub group: Option<Group>,
    pub under: Option<String>,
}

impl DashboardQuery {
    pub fn options(&self) -> Result<Options, ApiError> {
        let n = match self.n.as_deref().map(str::trim) {
            None | Some("") => DEFAULT_N,
            Some(t) => t
                .parse::<usize>()
                .ok()
                .filter(|n| (1..=MAX_N).contains(n))
                .ok_or_else(|| {
                    ApiError::BadRequest(format!("n 应为 1 到 {MAX_N} 之间的整数（通报名单人数）"))
                })?,
        };
        let group = match self.group.as_deref() {
            None | Some("") | Some("auto") => None,
            Some("org") => Some(Group::Org),
            Some("department") => Some(Group::Department),
            Some(other) => {
                return Err(ApiError::BadRequest(format!(
                    "未知的分组「{other}」：可用 org（按组织）、department（按主管部门）"
                )))
            }
        };
        let under = self
            .under
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string);
        Ok(Options { n, group, under })
    }
}

#[derive(Debug, Serialize, Clone)]
pub struct TaskInfo {
    pub id: i64,
    pub title: String,
    pub year: i64,
    pub stage_label: &'static str,
    pub framework: String,
    pub framework_name: Option<String>,
    pub grade_bands: String,
    pub opens_on: String,
    pub due_on: String,
    pub locked: bool,
}

#[derive(Debug, Serialize, Clone)]
pub struct StateCount {
    pub state: &'static str,
    pub label: &'static str,
    pub n: usize,
}

#[derive(Debug, Serialize, Clone)]
pub struct Summary {
    pub items: usize,
    /// Items with a saved revision.
    pub filled: usize,
    /// Items with a score.
    pub scored: usize,
    pub by_state: Vec<StateCount>,
    pub overdue: usize,
    pub due_soon: usize,
    pub mean_score: Option<String>,
    /// Items whose submission carries a self-score, and their mean 偏离度 (%).
    pub with_self_score: usize,
    pub mean_deviation: Option<String>,
    /// Of those, how many scored themselves higher than the 复核.
    pub self_higher: usize,
}

#[derive(Debug, Serialize, Clone)]
pub struct ItemRow {
    pub id: i64,
    pub org_code: String,
    pub org_name: String,
    pub org_kind: String,
    pub org_kind_label: &'static str,
    /// The 主管部门 the organisation belongs to (its own code for a department).
    pub department_code: Option<String>,
    pub state: &'static str,
    pub state_label: &'static str,
    pub revision: i64,
    pub due_on: String,
    pub overdue: bool,
    /// `red` 逾期, `yellow` 临期, `green` 正常 / 已确认.
    pub light: &'static str,
    pub light_label: String,
    pub score: Option<String>,
    pub grade: Option<String>,
    pub complete: Option<bool>,
    pub self_score: Option<String>,
    pub self_grade: Option<String>,
    pub difference: Option<String>,
    /// 偏离度 (%) = (自评 − 复核) ÷ 自评 × 100.
    pub deviation: Option<String>,
    pub projects: usize,
    pub max_project_deviation: Option<String>,
    pub findings: usize,
    pub problem: Option<String>,
    /// Place in the ranking (competition ranking: ties share a place).
    pub rank: Option<usize>,
    pub prev_score: Option<String>,
    pub change: Option<String>,
}

#[derive(Debug, Serialize, Clone)]
pub struct RankRow {
    pub rank: usize,
    pub item_id: i64,
    pub org_code: String,
    pub org_name: String,
    pub org_kind_label: &'static str,
    pub state_label: &'static str,
    pub score: String,
    pub grade: Option<String>,
    pub deviation: Option<String>,
    pub prev_score: Option<String>,
    pub change: Option<String>,
}

#[derive(Debug, Serialize, Clone)]
pub struct Ranking {
    pub n: usize,
    pub ranked: usize,
    pub basis: String,
    pub top: Vec<RankRow>,
    pub bottom: Vec<RankRow>,
}

#[derive(Debug, Serialize, Clone)]
pub struct Bin {
    pub label: &'static str,
    /// `[from, to)`; the last bin includes 100.
    pub from: u32,
    pub to: u32,
    pub n: usize,
}

#[derive(Debug, Serialize, Clone)]
pub struct GradeCount {
    pub grade: String,
    pub n: usize,
}

#[derive(Debug, Serialize, Clone)]
pub struct Distribution {
    pub bins: Vec<Bin>,
    pub grades: Vec<GradeCount>,
}

#[derive(Debug, Serialize, Clone)]
pub struct HeatColumn {
    pub id: String,
    pub indicator: Option<String>,
    pub name: String,
    pub level1: String,
    pub weight: String,
}

#[derive(Debug, Serialize, Clone)]
pub struct HeatRow {
    pub code: String,
    pub name: String,
    /// The row's own item (an organisation row, or the 主管部门's own item).
    pub item_id: Option<i64>,
    /// Scored items in the row.
    pub n: usize,
}

#[derive(Debug, Serialize, Clone)]
pub struct HeatMap {
    pub group: &'static str,
    pub group_label: &'static str,
    pub columns: Vec<HeatColumn>,
    pub rows: Vec<HeatRow>,
    /// `[row, column, 得分率 % (text), items averaged]`; absent cells are not scorable.
    pub cells: Vec<(usize, usize, String, usize)>,
}

#[derive(Debug, Serialize, Clone)]
pub struct PreviousTask {
    pub id: i64,
    pub title: String,
    pub year: i64,
}

#[derive(Debug, Serialize, Clone)]
pub struct YearOnYear {
    pub previous: Option<PreviousTask>,
    pub message: String,
    /// Organisations scored in both years.
    pub compared: usize,
    pub up: usize,
    pub down: usize,
    pub same: usize,
    pub mean_change: Option<String>,
}

#[derive(Debug, Serialize, Clone)]
pub struct MonitorPoint {
    pub month: u8,
    pub spent_pct: String,
    pub time_pct: String,
    /// 累计支出进度 − 序时进度 (percentage points).
    pub gap: String,
    pub quarterly: bool,
}

#[derive(Debug, Serialize, Clone)]
pub struct MonitorSeries {
    pub item_id: i64,
    pub org_code: String,
    pub org_name: String,
    pub points: Vec<MonitorPoint>,
}

#[derive(Debug, Serialize, Clone)]
pub struct MonthMean {
    pub month: u8,
    /// Mean 累计支出进度 of the organisations reporting that month, and how many.
    pub spent_pct: String,
    pub time_pct: String,
    pub n: usize,
}

#[derive(Debug, Serialize, Clone)]
pub struct Monitoring {
    pub available: bool,
    pub message: String,
    pub series: Vec<MonitorSeries>,
    pub mean: Vec<MonthMean>,
}

#[derive(Debug, Serialize, Clone)]
pub struct Dashboard {
    pub task: TaskInfo,
    pub today: String,
    pub n: usize,
    pub under: Option<String>,
    pub summary: Summary,
    pub items: Vec<ItemRow>,
    pub ranking: Ranking,
    pub distribution: Distribution,
    pub heatmap: HeatMap,
    pub yoy: YearOnYear,
    pub monitoring: Monitoring,
}

/// Days from `a` to `b` (`YYYY-MM-DD`), if both are dates.
pub fn days_between(a: &str, b: &str) -> Option<i64> {
    fn day_number(s: &str) -> Option<i64> {
        let y: i64 = s.get(0..4)?.parse().ok()?;
        let m: i64 = s.get(5..7)?.parse().ok()?;
        let d: i64 = s.get(8..10)?.parse().ok()?;
        if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
            return None;
        }
        // Days from civil (Howard Hinnant's algorithm).
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Some(era * 146_097 + doe)
    }
    Some(day_number(b)? - day_number(a)?)
}

/// The light of an item on `today`.
pub fn light(item: &Item, today: &str) -> (&'static str, String) {
    if item.overdue {
        let late = days_between(&item.due_on, today).unwrap_or(0);
        return ("red", format!("逾期 {late} 天"));
    }
    if item.state == ItemState::Confirmed {
        return ("green", "已确认".into());
    }
    let waiting_for_unit = matches!(item.state, ItemState::Draft | ItemState::Returned);
    match days_between(today, &item.due_on) {
        Some(left) if waiting_for_unit && left <= DUE_SOON_DAYS => {
            ("yellow", format!("{left} 天后到期，尚未提交"))
        }
        _ => ("green", "正常".into()),
    }
}

fn kind_label(kind: &str) -> &'static str {
    OrgKind::from_id(kind).map(|k| k.label()).unwrap_or("组织")
}

/// For each organisation code, its 主管部门's code: the nearest department at or above it.
fn departments_of(orgs: &[Organisation]) -> HashMap<String, String> {
    let by_code: HashMap<&str, &Organisation> = orgs.iter().map(|o| (o.code.as_str(), o)).collect();
    let mut out = HashMap::new();
    for o in orgs {
        let mut cur = Some(o);
        let mut steps = 0;
        while let Some(c) = cur {
            if c.kind == OrgKind::Department {
                out.insert(o.code.clone(), c.code.clone());
                break;
            }
            steps += 1;
            if steps > 64 {
                break;
            }
            cur = c
                .parent_code
                .as_deref()
                .and_then(|p| by_code.get(p).copied());
        }
    }
    out
}

/// Is `code` at or below `root` in the tree?
fn is_under(code: &str, root: &str, by_code: &HashMap<&str, &Organisation>) -> bool {
    let mut cur = by_code.get(code).copied();
    let mut steps = 0;
    while let Some(c) = cur {
        if c.code == root {
            return true;
        }
        steps += 1;
        if steps > 64 {
            return false;
        }
        cur = c
            .parent_code
            .as_deref()
            .and_then(|p| by_code.get(p).copied());
    }
    false
}

fn mean(values: &[Decimal]) -> Option<Decimal> {
    if values.is_empty() {
        return None;
    }
    let sum: Decimal = values.iter().copied().sum();
    sum.checked_div(Decimal::from(values.len())).map(round2)
}

/// Everything the dashboard shows, for the caller.
pub struct Loaded {
    pub task: Task,
    pub items: Vec<Item>,
    pub analyses: Vec<Option<Arc<Analysis>>>,
    pub orgs: Vec<Organisation>,
    pub previous: Option<(Task, Vec<Item>)>,
}

/// Read the task, its items, the organisations and the previous year's task (blocking).
pub fn load(store: &jixiao_store::Store, scope: &Scope, task_id: i64) -> Result<Loaded, ApiError> {
    let task = store.task(scope, task_id)?.ok_or(ApiError::NotFound)?;
    if !may_view(scope) {
        return Err(forbidden());
    }
    let items = store.items(
        scope,
        &ItemFilter {
            task_id: Some(task_id),
            ..Default::default()
        },
    )?;
    let orgs = store.organisations(scope)?;
    let previous = store
        .tasks(scope)?
        .into_iter()
        .filter(|t| t.stage == task.stage && t.year == task.year - 1 && t.id != task.id)
        .max_by_key(|t| t.id);
    let previous = match previous {
        Some(t) => {
            let items = store.items(
                scope,
                &ItemFilter {
                    task_id: Some(t.id),
                    ..Default::default()
                },
            )?;
            Some((t, items))
        }
        None => None,
    };
    let analyses = analyses(store, scope, &items)?;
    Ok(Loaded {
        task,
        items,
        analyses,
        orgs,
        previous,
    })
}

fn parse_dec(s: &Option<String>) -> Option<Decimal> {
    s.as_deref().and_then(|s| s.parse::<Decimal>().ok())
}

/// Build the dashboard from what was loaded.
pub fn build(loaded: &Loaded, o: &Options, today: &str) -> Result<Dashboard, ApiError> {
    let task = &loaded.task;
    let by_code: HashMap<&str, &Organisation> =
        loaded.orgs.iter().map(|o| (o.code.as_str(), o)).collect();
    if let Some(u) = &o.under {
        if !by_code.contains_key(u.as_str()) {
            return Err(ApiError::NotFound);
        }
    }
    let dept_of = departments_of(&loaded.orgs);
    let prev_scores: HashMap<&str, Decimal> = loaded
        .previous
        .iter()
        .flat_map(|(_, items)| items.iter())
        .filter_map(|i| parse_dec(&i.score).map(|s| (i.org_code.as_str(), s)))
        .collect();

    // The items in view, with their analyses.
    let view: Vec<(&Item, Option<&Analysis>)> = loaded
        .items
        .iter()
        .zip(&loaded.analyses)
        .filter(|(i, _)| {
            o.under
                .as_deref()
                .is_none_or(|u| is_under(&i.org_code, u, &by_code))
        })
        .map(|(i, a)| (i, a.as_deref()))
        .collect();

    // Ranking: scored items by score, high to low; ties share the place, then by code.
    let mut ranked: Vec<(usize, Decimal)> = view
        .iter()
        .enumerate()
        .filter_map(|(k, (_, a))| a.and_then(|a| a.score).map(|s| (k, s)))
        .collect();
    ranked.sort_by(|(a, sa), (b, sb)| {
        sb.cmp(sa)
            .then_with(|| view[*a].0.org_code.cmp(&view[*b].0.org_code))
    });
    let mut rank_of: HashMap<usize, usize> = HashMap::new();
    let mut place = 0;
    for (pos, (k, s)) in ranked.iter().enumerate() {
        if pos == 0 || ranked[pos - 1].1 != *s {
            place = pos + 1;
        }
        rank_of.insert(*k, place);
    }

    let mut rows = Vec::with_capacity(view.len());
    let mut counts: HashMap<ItemState, usize> = HashMap::new();
    let (mut overdue, mut due_soon) = (0, 0);
    let mut scores = Vec::new();
    let mut deviations = Vec::new();
    let mut self_higher = 0;
    for (k, (item, a)) in view.iter().enumerate() {
        *counts.entry(item.state).or_default() += 1;
        let (light, light_label) = light(item, today);
        if item.overdue {
            overdue += 1;
        } else if light == "yellow" {
            due_soon += 1;
        }
        let score = a.and_then(|a| a.score);
        if let Some(s) = score {
            scores.push(s);
        }
        if let Some(d) = a.and_then(|a| a.deviation) {
            deviations.push(d);
            if d > Decimal::ZERO {
                self_higher += 1;
            }
        }
        let prev = prev_scores.get(item.org_code.as_str()).copied();
        rows.push(ItemRow {
            id: item.id,
            org_code: item.org_code.clone(),
            org_name: item.org_name.clone(),
            org_kind: item.org_kind.clone(),
            org_kind_label: kind_label(&item.org_kind),
            department_code: dept_of.get(&item.org_code).cloned(),
            state: item.state.id(),
            state_label: item.state.label(),
            revision: item.revision,
            due_on: item.due_on.clone(),
            overdue: item.overdue,
            light,
            light_label,
            score: od2(score),
            grade: a.and_then(|a| a.grade.clone()),
            complete: a.filter(|a| a.problem.is_none()).map(|a| a.complete),
            self_score: a.and_then(|a| od2(a.self_score)),
            self_grade: a.and_then(|a| a.self_grade.clone()),
            difference: a.and_then(|a| od2(a.difference)),
            deviation: a.and_then(|a| od2(a.deviation)),
            projects: a.map(|a| a.projects).unwrap_or(0),
            max_project_deviation: a.and_then(|a| od2(a.max_project_deviation)),
            findings: a.map(|a| a.findings).unwrap_or(0),
            problem: match a {
                Some(a) => a.problem.clone(),
                None if item.revision == 0 => Some("尚未填报".into()),
                None => None,
            },
            rank: rank_of.get(&k).copied(),
            prev_score: od2(prev),
            change: match (score, prev) {
                (Some(s), Some(p)) => Some(d2(s - p)),
                _ => None,
            },
        });
    }

    let rank_row = |k: usize| -> RankRow {
        let r = &rows[k];
        RankRow {
            rank: r.rank.unwrap_or(0),
            item_id: r.id,
            org_code: r.org_code.clone(),
            org_name: r.org_name.clone(),
            org_kind_label: r.org_kind_label,
            state_label: r.state_label,
            score: r.score.clone().unwrap_or_default(),
            grade: r.grade.clone(),
            deviation: r.deviation.clone(),
            prev_score: r.prev_score.clone(),
            change: r.change.clone(),
        }
    };
    let top: Vec<RankRow> = ranked.iter().take(o.n).map(|(k, _)| rank_row(*k)).collect();
    let bottom_start = ranked.len().saturating_sub(o.n);
    let bottom: Vec<RankRow> = ranked[bottom_start..]
        .iter()
        .map(|(k, _)| rank_row(*k))
        .collect();

    // Distribution.
    const BINS: [(&str, u32, u32); 5] = [
        ("60 分以下", 0, 60),
        ("60–70 分", 60, 70),
        ("70–80 分", 70, 80),
        ("80–90 分", 80, 90),
        ("90 分及以上", 90, 100),
    ];
    let mut bins: Vec<Bin> = BINS
        .iter()
        .map(|(label, from, to)| Bin {
            label,
            from: *from,
            to: *to,
            n: 0,
        })
        .collect();
    for s in &scores {
        let i = BINS
            .iter()
            .rposition(|(_, from, _)| *s >= Decimal::from(*from))
            .unwrap_or(0);
        bins[i].n += 1;
    }
    let mut grades: Vec<GradeCount> = Vec::new();
    for (item, a) in &view {
        let Some(a) = a.filter(|a| a.score.is_some()) else {
            continue;
        };
        let _ = item;
        let g = a.grade.clone().unwrap_or_else(|| "未评定等级".into());
        match grades.iter_mut().find(|c| c.grade == g) {
            Some(c) => c.n += 1,
            None => grades.push(GradeCount { grade: g, n: 1 }),
        }
    }
    let framework = jixiao_engine::builtin(&task.framework);
    let band_order: Vec<String> = crate::doc::parse_grade_bands(&task.grade_bands)
        .ok()
        .filter(|b| !b.is_empty())
        .or_else(|| framework.as_ref().map(|f| f.grades.clone()))
        .unwrap_or_default()
        .into_iter()
        .map(|b| b.name)
        .collect();
    grades.sort_by_key(|g| {
        band_order
            .iter()
            .position(|b| *b == g.grade)
            .unwrap_or(usize::MAX)
    });

    let heatmap = heat_map(&view, &rows, o, &dept_of, &by_code);
    let yoy = year_on_year(loaded, &rows);
    let monitoring = monitoring(&view);

    let mut by_state: Vec<StateCount> = ItemState::ALL
        .iter()
        .filter_map(|s| {
            counts.get(s).map(|n| StateCount {
                state: s.id(),
                label: s.label(),
                n: *n,
            })
        })
        .collect();
    by_state.sort_by_key(|c| ItemState::from_id(c.state));
    let summary = Summary {
        items: view.len(),
        filled: view.iter().filter(|(i, _)| i.revision > 0).count(),
        scored: scores.len(),
        by_state,
        overdue,
        due_soon,
        mean_score: od2(mean(&scores)),
        with_self_score: deviations.len(),
        mean_deviation: od2(mean(&deviations)),
        self_higher,
    };
    Ok(Dashboard {
        task: TaskInfo {
            id: task.id,
            title: task.title.clone(),
            year: task.year,
            stage_label: crate::api::tasks::stage_label(&task.stage),
            framework: task.framework.clone(),
            framework_name: framework.map(|f| f.name.clone()),
            grade_bands: task.grade_bands.clone(),
            opens_on: task.opens_on.clone(),
            due_on: task.due_on.clone(),
            locked: task.locked,
        },
        today: today.to_string(),
        n: o.n,
        under: o.under.clone(),
        summary,
        ranking: Ranking {
            n: o.n,
            ranked: ranked.len(),
            basis: "按当前版本的复核得分（任务评价框架）从高到低排名，同分并列；含尚未确认的事项"
                .into(),
            top,
            bottom,
        },
        items: rows,
        distribution: Distribution { bins, grades },
        heatmap,
        yoy,
        monitoring,
    })
}

fn heat_map(
    view: &[(&Item, Option<&Analysis>)],
    rows: &[ItemRow],
    o: &Options,
    dept_of: &HashMap<String, String>,
    by_code: &HashMap<&str, &Organisation>,
) -> HeatMap {
    let scored: Vec<usize> = (0..view.len())
        .filter(|k| view[*k].1.is_some_and(|a| a.score.is_some()))
        .collect();
    let group = o.group.unwrap_or(if scored.len() > AUTO_GROUP_ABOVE {
        Group::Department
    } else {
        Group::Org
    });
    // Columns: the framework's leaves in the order first met.
    let mut columns: Vec<HeatColumn> = Vec::new();
    let mut col_of: HashMap<String, usize> = HashMap::new();
    for &k in &scored {
        for l in view[k].1.map(|a| a.leaves.as_slice()).unwrap_or(&[]) {
            if !col_of.contains_key(&l.id) {
                col_of.insert(l.id.clone(), columns.len());
                columns.push(HeatColumn {
                    id: l.id.clone(),
                    indicator: l.indicator.clone(),
                    name: l.name.clone(),
                    level1: l.level1.clone(),
                    weight: l.weight.normalize().to_string(),
                });
            }
        }
    }
    // Rows.
    let mut hrows: Vec<HeatRow> = Vec::new();
    let mut row_of: HashMap<String, usize> = HashMap::new();
    let mut members: Vec<Vec<usize>> = Vec::new();
    for &k in &scored {
        let item = view[k].0;
        let key = match group {
            Group::Org => item.org_code.clone(),
            Group::Department => dept_of
                .get(&item.org_code)
                .cloned()
                .unwrap_or_else(|| item.org_code.clone()),
        };
        let r = *row_of.entry(key.clone()).or_insert_with(|| {
            hrows.push(HeatRow {
                name: by_code
                    .get(key.as_str())
                    .map(|o| o.name.clone())
                    .unwrap_or_else(|| item.org_name.clone()),
                code: key.clone(),
                item_id: None,
                n: 0,
            });
            members.push(Vec::new());
            hrows.len() - 1
        });
        if item.org_code == key {
            hrows[r].item_id = Some(rows[k].id);
        }
        hrows[r].n += 1;
        members[r].push(k);
    }
    let mut order: Vec<usize> = (0..hrows.len()).collect();
    order.sort_by(|a, b| hrows[*a].code.cmp(&hrows[*b].code));
    let hrows_sorted: Vec<HeatRow> = order.iter().map(|i| hrows[*i].clone()).collect();
    let mut cells = Vec::new();
    for (r, &orig) in order.iter().enumerate() {
        let mut sums: Vec<(Decimal, usize)> = vec![(Decimal::ZERO, 0); columns.len()];
        for &k in &members[orig] {
            for l in view[k].1.map(|a| a.leaves.as_slice()).unwrap_or(&[]) {
                let (Some(rate), Some(&c)) = (l.rate, col_of.get(&l.id)) else {
                    continue;
                };
                sums[c].0 += rate;
                sums[c].1 += 1;
            }
        }
        for (c, (sum, n)) in sums.into_iter().enumerate() {
            if n > 0 {
                if let Some(m) = sum.checked_div(Decimal::from(n)) {
                    cells.push((r, c, d2(m), n));
                }
            }
        }
    }
    HeatMap {
        group: match group {
            Group::Org => "org",
            Group::Department => "department",
        },
        group_label: match group {
            Group::Org => "按组织",
            Group::Department => "按主管部门（部门本级及其下属单位的平均得分率）",
        },
        columns,
        rows: hrows_sorted,
        cells,
    }
}

fn year_on_year(loaded: &Loaded, rows: &[ItemRow]) -> YearOnYear {
    let Some((prev, _)) = &loaded.previous else {
        return YearOnYear {
            previous: None,
            message: format!("没有 {} 年度的同类任务，无法比较上年", loaded.task.year - 1),
            compared: 0,
            up: 0,
            down: 0,
            same: 0,
            mean_change: None,
        };
    };
    let changes: Vec<Decimal> = rows.iter().filter_map(|r| parse_dec(&r.change)).collect();
    let up = changes.iter().filter(|c| **c > Decimal::ZERO).count();
    let down = changes.iter().filter(|c| **c < Decimal::ZERO).count();
    YearOnYear {
        previous: Some(PreviousTask {
            id: prev.id,
            title: prev.title.clone(),
            year: prev.year,
        }),
        message: if changes.is_empty() {
            format!("{} 年度任务中没有与本年都已评分的组织", prev.year)
        } else {
            format!(
                "与「{}」比较：两年都有得分的组织 {} 个",
                prev.title,
                changes.len()
            )
        },
        compared: changes.len(),
        up,
        down,
        same: changes.len() - up - down,
        mean_change: od2(mean(&changes)),
    }
}

fn monitoring(view: &[(&Item, Option<&Analysis>)]) -> Monitoring {
    let mut series = Vec::new();
    for (item, a) in view {
        let Some(a) = a.filter(|a| !a.progress.is_empty()) else {
            continue;
        };
        series.push(MonitorSeries {
            item_id: item.id,
            org_code: item.org_code.clone(),
            org_name: item.org_name.clone(),
            points: a.progress_text.clone(),
        });
    }
    let mut mean_rows = Vec::new();
    for month in 1..=12u8 {
        let vals: Vec<Decimal> = view
            .iter()
            .filter_map(|(_, a)| *a)
            .filter_map(|a| a.progress.iter().find(|p| p.month == month))
            .map(|p| p.spent_pct)
            .collect();
        if let Some(m) = mean(&vals) {
            mean_rows.push(MonthMean {
                month,
                spent_pct: d2(m),
                time_pct: d2(Decimal::from(month) * Decimal::ONE_HUNDRED / Decimal::from(12)),
                n: vals.len(),
            });
        }
    }
    let available = !series.is_empty();
    Monitoring {
        available,
        message: if available {
            format!(
                "{} 个组织的数据带有支出进度（[[progress]] 或 [monitoring] 月度支出）；按季度填报的点画在季末月份",
                series.len()
            )
        } else {
            "本任务的数据中没有支出进度或月度监控数据（[[progress]]、[monitoring]），无法按月比较执行率与序时进度".into()
        },
        series,
        mean: mean_rows,
    }
}

// ---------------------------------------------------------------------------------------
// Excel

/// Every table of the dashboard as worksheets (or only `only`).
pub fn sheets(d: &Dashboard, only: Option<&str>) -> Result<Vec<TableSheet>, ApiError> {
    const TABLES: [&str; 8] = [
        "items",
        "ranking",
        "top",
        "bottom",
        "distribution",
        "heatmap",
        "yoy",
        "monitoring",
    ];
    if let Some(t) = only {
        if !TABLES.contains(&t) {
            return Err(ApiError::BadRequest(format!(
                "未知的表「{t}」：可用 {}",
                TABLES.join("、")
            )));
        }
    }
    let want = |t: &str| only.is_none_or(|o| o == t);
    let num = |s: &Option<String>| TableCell::opt_number(parse_dec(s));
    let pct = |s: &Option<String>| TableCell::opt_percent(parse_dec(s));
    let txt = |s: &Option<String>| s.clone().map(TableCell::Text).unwrap_or(TableCell::Empty);
    let title = |what: &str| format!("{} · {what}", d.task.title);
    let scope_note = match &d.under {
        Some(u) => format!("范围：组织 {u} 及其下属；数据日期 {}", d.today),
        None => format!("范围：调用者可见的全部组织；数据日期 {}", d.today),
    };
    let mut out = Vec::new();
    if want("items") {
        out.push(TableSheet {
            name: "事项".into(),
            title: title("事项"),
            notes: vec![
                scope_note.clone(),
                "偏离度 = (自评分 − 复核分) ÷ 自评分 × 100%；复核分为任务评价框架的得分".into(),
            ],
            headers: [
                "组织编码",
                "组织",
                "类型",
                "状态",
                "版本",
                "截止日期",
                "提醒",
                "复核分",
                "等级",
                "自评分",
                "差异",
                "偏离度",
                "项目数",
                "项目最大偏离度",
                "问题数",
                "排名",
                "上年得分",
                "同比变化",
                "说明",
            ]
            .map(String::from)
            .to_vec(),
            widths: vec![
                12.0, 30.0, 10.0, 10.0, 6.0, 12.0, 18.0, 9.0, 8.0, 9.0, 9.0, 9.0, 7.0, 10.0, 7.0,
                6.0, 9.0, 9.0, 24.0,
            ],
            highlight: d
                .items
                .iter()
                .enumerate()
                .filter(|(_, r)| r.light == "red")
                .map(|(i, _)| i)
                .collect(),
            rows: d
                .items
                .iter()
                .map(|r| {
                    vec![
                        TableCell::text(&r.org_code),
                        TableCell::text(&r.org_name),
                        TableCell::text(r.org_kind_label),
                        TableCell::text(r.state_label),
                        TableCell::Integer(r.revision),
                        TableCell::text(&r.due_on),
                        TableCell::text(&r.light_label),
                        num(&r.score),
                        txt(&r.grade),
                        num(&r.self_score),
                        num(&r.difference),
                        pct(&r.deviation),
                        TableCell::Integer(r.projects as i64),
                        pct(&r.max_project_deviation),
                        TableCell::Integer(r.findings as i64),
                        r.rank
                            .map(|x| TableCell::Integer(x as i64))
                            .unwrap_or(TableCell::Empty),
                        num(&r.prev_score),
                        num(&r.change),
                        txt(&r.problem),
                    ]
                })
                .collect(),
        });
    }
    let rank_sheet = |name: &str, what: &str, rows: Vec<&ItemRow>| TableSheet {
        name: name.into(),
        title: title(what),
        notes: vec![scope_note.clone(), d.ranking.basis.clone()],
        headers: [
            "名次",
            "组织编码",
            "组织",
            "类型",
            "状态",
            "复核分",
            "等级",
            "偏离度",
            "上年得分",
            "同比变化",
        ]
        .map(String::from)
        .to_vec(),
        widths: vec![6.0, 12.0, 30.0, 10.0, 10.0, 9.0, 8.0, 9.0, 9.0, 9.0],
        highlight: Vec::new(),
        rows: rows
            .into_iter()
            .map(|r| {
                vec![
                    TableCell::Integer(r.rank.unwrap_or(0) as i64),
                    TableCell::text(&r.org_code),
                    TableCell::text(&r.org_name),
                    TableCell::text(r.org_kind_label),
                    TableCell::text(r.state_label),
                    num(&r.score),
                    txt(&r.grade),
                    pct(&r.deviation),
                    num(&r.prev_score),
                    num(&r.change),
                ]
            })
            .collect(),
    };
    let mut ranked: Vec<&ItemRow> = d.items.iter().filter(|r| r.rank.is_some()).collect();
    ranked.sort_by(|a, b| {
        a.rank
            .cmp(&b.rank)
            .then_with(|| a.org_code.cmp(&b.org_code))
    });
    if want("ranking") {
        out.push(rank_sheet("排名", "排名", ranked.clone()));
    }
    if want("top") {
        out.push(rank_sheet(
            &format!("通报前{}名", d.n),
            &format!("通报：前 {} 名", d.n),
            ranked.iter().take(d.n).copied().collect(),
        ));
    }
    if want("bottom") {
        let start = ranked.len().saturating_sub(d.n);
        out.push(rank_sheet(
            &format!("通报后{}名", d.n),
            &format!("通报：后 {} 名", d.n),
            ranked[start..].to_vec(),
        ));
    }
    if want("distribution") {
        let mut rows: Vec<Vec<TableCell>> = d
            .distribution
            .bins
            .iter()
            .map(|b| {
                vec![
                    TableCell::text("分数段"),
                    TableCell::text(b.label),
                    TableCell::Integer(b.n as i64),
                ]
            })
            .collect();
        rows.extend(d.distribution.grades.iter().map(|g| {
            vec![
                TableCell::text("等级"),
                TableCell::text(&g.grade),
                TableCell::Integer(g.n as i64),
            ]
        }));
        out.push(TableSheet {
            name: "分数分布".into(),
            title: title("分数分布"),
            notes: vec![
                scope_note.clone(),
                "分数段为左闭右开，90 分及以上含 100 分".into(),
            ],
            headers: ["分类", "区间或等级", "事项数"].map(String::from).to_vec(),
            widths: vec![10.0, 16.0, 10.0],
            highlight: Vec::new(),
            rows,
        });
    }
    if want("heatmap") {
        let h = &d.heatmap;
        let mut headers = vec!["组织编码".to_string(), "组织".into(), "事项数".into()];
        headers.extend(h.columns.iter().map(|c| match &c.indicator {
            Some(i) => format!("{i} {}（{} 分）", c.name, c.weight),
            None => format!("{}（{} 分）", c.name, c.weight),
        }));
        let mut grid: Vec<Vec<TableCell>> = h
            .rows
            .iter()
            .map(|r| {
                let mut v = vec![
                    TableCell::text(&r.code),
                    TableCell::text(&r.name),
                    TableCell::Integer(r.n as i64),
                ];
                v.extend(std::iter::repeat_n(TableCell::Empty, h.columns.len()));
                v
            })
            .collect();
        for (r, c, rate, _) in &h.cells {
            if let Ok(v) = rate.parse::<Decimal>() {
                grid[*r][3 + c] = TableCell::Percent(v);
            }
        }
        let mut widths = vec![12.0, 26.0, 7.0];
        widths.extend(std::iter::repeat_n(11.0, h.columns.len()));
        out.push(TableSheet {
            name: "指标得分率".into(),
            title: title("各指标得分率（得分 ÷ 分值）"),
            notes: vec![
                scope_note.clone(),
                format!("行：{}；空格为无法评分", h.group_label),
            ],
            headers,
            widths,
            highlight: Vec::new(),
            rows: grid,
        });
    }
    if want("yoy") {
        let rows: Vec<Vec<TableCell>> = d
            .items
            .iter()
            .filter(|r| r.change.is_some())
            .map(|r| {
                vec![
                    TableCell::text(&r.org_code),
                    TableCell::text(&r.org_name),
                    num(&r.prev_score),
                    num(&r.score),
                    num(&r.change),
                ]
            })
            .collect();
        out.push(TableSheet {
            name: "同比".into(),
            title: title("与上年比较"),
            notes: vec![scope_note.clone(), d.yoy.message.clone()],
            headers: ["组织编码", "组织", "上年得分", "本年得分", "变化"]
                .map(String::from)
                .to_vec(),
            widths: vec![12.0, 30.0, 10.0, 10.0, 10.0],
            highlight: Vec::new(),
            rows,
        });
    }
    if want("monitoring") {
        let mut rows = Vec::new();
        for s in &d.monitoring.series {
            for p in &s.points {
                rows.push(vec![
                    TableCell::text(&s.org_code),
                    TableCell::text(&s.org_name),
                    TableCell::text(format!(
                        "{} 月{}",
                        p.month,
                        if p.quarterly { "（季末）" } else { "" }
                    )),
                    pct(&Some(p.spent_pct.clone())),
                    pct(&Some(p.time_pct.clone())),
                    num(&Some(p.gap.clone())),
                ]);
            }
        }
        out.push(TableSheet {
            name: "执行进度".into(),
            title: title("预算执行进度与序时进度"),
            notes: vec![scope_note.clone(), d.monitoring.message.clone()],
            headers: [
                "组织编码",
                "组织",
                "月份",
                "累计支出进度",
                "序时进度",
                "差（百分点）",
            ]
            .map(String::from)
            .to_vec(),
            widths: vec![12.0, 30.0, 10.0, 12.0, 10.0, 12.0],
            highlight: Vec::new(),
            rows,
        });
    }
    Ok(out)
}

/// An xlsx download.
pub fn xlsx_response(name: &str, sheets: &[TableSheet]) -> Result<Response, ApiError> {
    let bytes = jixiao_xlsx::tables_bytes(sheets).map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                crate::api::items::attachment(name),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// One assembled dashboard, as of a data version; its JSON serialised on first use.
pub struct Assembled {
    version: DataVersion,
    pub dashboard: Arc<Dashboard>,
    json: OnceLock<axum::body::Bytes>,
    /// What the page derives from the dashboard alone (its chart data and heat-map table).
    derived: OnceLock<Arc<dyn std::any::Any + Send + Sync>>,
}

impl Assembled {
    /// A value computed from the dashboard alone, once per assembled dashboard (the page's
    /// parts that depend on no query). `None` if the slot holds another type.
    pub fn derived<T: Send + Sync + 'static>(
        &self,
        f: impl FnOnce(&Dashboard) -> T,
    ) -> Option<Arc<T>> {
        let any = self
            .derived
            .get_or_init(|| Arc::new(f(&self.dashboard)) as Arc<dyn std::any::Any + Send + Sync>);
        Arc::clone(any).downcast::<T>().ok()
    }

    /// The dashboard as JSON (serialised once per assembled dashboard). Blocking.
    pub fn json(&self) -> Result<axum::body::Bytes, ApiError> {
        if let Some(b) = self.json.get() {
            return Ok(b.clone());
        }
        let bytes = serde_json::to_vec(&*self.dashboard)
            .map_err(|e| ApiError::Internal(format!("dashboard JSON: {e}")))?;
        Ok(self.json.get_or_init(|| bytes.into()).clone())
    }
}

/// What an assembled dashboard depends on besides the data: the task, who asks (every
/// grant: role and organisation), the options and the date (the lights).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct AssembledKey {
    task: i64,
    account: i64,
    grants: Vec<(&'static str, i64)>,
    n: usize,
    group: Option<Group>,
    under: Option<String>,
    today: String,
}

impl AssembledKey {
    fn new(scope: &Scope, task: i64, o: &Options, today: &str) -> Self {
        let mut grants: Vec<(&'static str, i64)> = scope
            .grants()
            .iter()
            .map(|g| (g.role.id(), g.org_id))
            .collect();
        grants.sort_unstable();
        AssembledKey {
            task,
            account: scope.account_id(),
            grants,
            n: o.n,
            group: o.group,
            under: o.under.clone(),
            today: today.to_string(),
        }
    }
}

struct AssembledCache {
    map: Mutex<HashMap<AssembledKey, Arc<Assembled>>>,
    /// Held while assembling, so concurrent requests after a change build once.
    fill: Mutex<()>,
}

impl AssembledCache {
    /// Entries kept (each the size of one dashboard and its JSON); past it, stale ones go
    /// first, then all.
    const CAPACITY: usize = 64;
}

fn assembled_cache() -> &'static AssembledCache {
    static C: OnceLock<AssembledCache> = OnceLock::new();
    C.get_or_init(|| AssembledCache {
        map: Mutex::new(HashMap::new()),
        fill: Mutex::new(()),
    })
}

fn cached(key: &AssembledKey, version: DataVersion) -> Option<Arc<Assembled>> {
    let m = assembled_cache().map.lock().ok()?;
    m.get(key).filter(|a| a.version == version).cloned()
}

/// The caller's dashboard of a task: from memory when the store has not changed since it
/// was assembled, else loaded and built (and kept). Blocking.
pub fn assembled(
    store: &jixiao_store::Store,
    scope: &Scope,
    task_id: i64,
    o: &Options,
    today: &str,
) -> Result<Arc<Assembled>, ApiError> {
    let key = AssembledKey::new(scope, task_id, o, today);
    // Read before loading: what is kept is at least as new as the version it is kept under.
    let version = store.data_version()?;
    if let Some(a) = cached(&key, version) {
        return Ok(a);
    }
    let _guard = assembled_cache()
        .fill
        .lock()
        .map_err(|_| ApiError::Internal("dashboard cache poisoned".into()))?;
    let version = store.data_version()?;
    if let Some(a) = cached(&key, version) {
        return Ok(a);
    }
    let loaded = load(store, scope, task_id)?;
    let a = Arc::new(Assembled {
        version,
        dashboard: Arc::new(build(&loaded, o, today)?),
        json: OnceLock::new(),
        derived: OnceLock::new(),
    });
    if let Ok(mut m) = assembled_cache().map.lock() {
        if m.len() >= AssembledCache::CAPACITY {
            m.retain(|_, v| v.version == version);
            if m.len() >= AssembledCache::CAPACITY {
                m.clear();
            }
        }
        m.insert(key, Arc::clone(&a));
    }
    Ok(a)
}

/// The caller's dashboard of a task, on the blocking pool.
pub async fn dashboard_of(
    state: &AppState,
    caller: &Caller,
    task_id: i64,
    o: Options,
) -> Result<Arc<Dashboard>, ApiError> {
    let scope = caller.scope.clone();
    state
        .run(move |s| {
            assembled(s, &scope, task_id, &o, &jixiao_store::today())
                .map(|a| Arc::clone(&a.dashboard))
        })
        .await?
}

pub fn bad_query(_: axum::extract::rejection::QueryRejection) -> ApiError {
    ApiError::BadRequest(
        "查询参数不正确：n 为整数，group 为 org 或 department，format 为 json 或 xlsx".into(),
    )
}

/// `GET /api/tasks/{id}/dashboard`
pub async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    q: Result<Query<DashboardQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let id = super::id(&id)?;
    let Query(q) = q.map_err(bad_query)?;
    let o = q.options()?;
    let format = q.format.clone().unwrap_or_else(|| "json".into());
    if format != "json" && format != "xlsx" {
        return Err(ApiError::BadRequest(format!(
            "未知的格式「{format}」：可用 json、xlsx"
        )));
    }
    if format == "json" {
        let scope = caller.scope.clone();
        let body = state
            .run(move |s| assembled(s, &scope, id, &o, &jixiao_store::today())?.json())
            .await??;
        return Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response());
    }
    let d = dashboard_of(&state, &caller, id, o).await?;
    if format == "xlsx" {
        let sheets = sheets(&d, q.table.as_deref().filter(|t| !t.is_empty()))?;
        let name = match q.table.as_deref().filter(|t| !t.is_empty()) {
            Some(t) => format!("{}-看板-{t}.xlsx", d.task.title),
            None => format!("{}-看板.xlsx", d.task.title),
        };
        let out = tokio::task::spawn_blocking(move || xlsx_response(&name, &sheets))
            .await
            .map_err(|e| ApiError::Internal(e.to_string()))??;
        return Ok(out);
    }
    Ok(Json(&*d).into_response())
}
