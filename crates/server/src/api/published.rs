//! 结果公开 over the JSON API: the 绩效管理员 publishes a frozen snapshot of a 年度自评
//! (复核) task's results — or of its 结果应用 list — for 人大 and the public; every account
//! reads what is currently published; the 绩效管理员 withdraws (撤回) with a reason, kept as
//! an event beside the snapshot (`jixiao_store::Store::publish`).
//!
//! What a snapshot holds ([`Snapshot`], built by [`build_snapshot`]) is decided here, once:
//! only **confirmed** (已确认) items; per organisation the 复核 score, grade, place in the
//! ranking, the unit's self-score and 偏离度, and the score of each 一级指标; per 主管部门 the
//! count, mean, highest and lowest score and the grades; the score distribution. For
//! 结果应用, per organisation the grade, the measure and the budget figures, with totals per
//! 主管部门 and overall. Never the submitted documents, the reviewers' opinions, the
//! transitions, item ids or anything that links back into the working system. Because the
//! snapshot is stored as built, later revisions, re-reviews or rule changes do not change
//! what was published.

use std::collections::{BTreeMap, HashMap};

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use jixiao_store::{NewPublication, Publication, Role, Scope, State as ItemState, Store};
use jixiao_workflow::results::{parse_result_rules, propose, ResultRules};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::api::dashboard::{self, d2, Options};
use crate::auth::Caller;
use crate::{ApiError, AppState};

/// The snapshot format written now; readers accept it and nothing else.
pub const SNAPSHOT_FORMAT: &str = "jixiao-published 1";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/published", get(list).post(create))
        .route("/api/published/{id}", get(show))
        .route("/api/published/{id}/withdraw", post(withdraw))
}

/// Every route of this module as (method, OpenAPI path), for the OpenAPI test.
pub const ROUTES: &[(&str, &str)] = &[
    ("get", "/api/published"),
    ("post", "/api/published"),
    ("get", "/api/published/{id}"),
    ("post", "/api/published/{id}/withdraw"),
];

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SnapTask {
    pub title: String,
    pub year: i64,
    pub stage_label: String,
    pub framework: String,
    pub framework_name: Option<String>,
    pub grade_bands: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SnapSummary {
    /// Organisations in the task.
    pub organisations: usize,
    /// Of those, the confirmed ones (the rows published).
    pub published: usize,
    /// Not yet confirmed, so left out.
    pub excluded: usize,
    pub scored: usize,
    pub mean_score: Option<String>,
}

/// One 一级指标 of one organisation.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Dimension {
    pub name: String,
    pub weight: String,
    /// `None`: nothing in it could be scored.
    pub score: Option<String>,
}

/// One organisation's result.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ResultLine {
    /// Competition ranking among the published rows (ties share a place).
    pub rank: Option<usize>,
    pub org_code: String,
    pub org_name: String,
    pub org_kind_label: String,
    pub department_code: Option<String>,
    pub department_name: Option<String>,
    /// 复核得分 (the task's framework).
    pub score: Option<String>,
    pub grade: Option<String>,
    pub self_score: Option<String>,
    /// 偏离度 (%) = (自评 − 复核) ÷ 自评 × 100.
    pub deviation: Option<String>,
    pub dimensions: Vec<Dimension>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Count {
    pub label: String,
    pub n: usize,
}

/// Totals of one 主管部门 (its own row and its units').
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DepartmentTotal {
    pub code: String,
    pub name: String,
    pub organisations: usize,
    pub scored: usize,
    pub mean_score: Option<String>,
    pub highest: Option<String>,
    pub lowest: Option<String>,
    pub grades: Vec<Count>,
    /// 结果应用 only: 万元.
    pub budget: Option<String>,
    pub reduction: Option<String>,
    pub proposed: Option<String>,
}

/// One organisation's 结果应用.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ApplicationLine {
    pub org_code: String,
    pub org_name: String,
    pub department_code: Option<String>,
    pub score: Option<String>,
    pub grade: Option<String>,
    pub measure: String,
    pub cut_pct: Option<String>,
    pub budget: Option<String>,
    pub reduction: Option<String>,
    pub proposed: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MoneyTotals {
    pub budget: String,
    pub reduction: String,
    pub proposed: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SnapRules {
    pub name: String,
    pub version: String,
    pub sha256: String,
}

/// What is published: frozen when built, read back as stored.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Snapshot {
    /// [`SNAPSHOT_FORMAT`].
    pub format: String,
    /// `results` or `applications`.
    pub kind: String,
    pub task: SnapTask,
    /// The date the figures were taken.
    pub as_of: String,
    /// How rows were chosen and ranked.
    pub basis: String,
    pub summary: SnapSummary,
    #[serde(default)]
    pub rows: Vec<ResultLine>,
    #[serde(default)]
    pub departments: Vec<DepartmentTotal>,
    #[serde(default)]
    pub distribution: Vec<Count>,
    #[serde(default)]
    pub grades: Vec<Count>,
    #[serde(default)]
    pub applications: Vec<ApplicationLine>,
    #[serde(default)]
    pub application_totals: Option<MoneyTotals>,
    #[serde(default)]
    pub rules: Option<SnapRules>,
}

fn dec(s: &Option<String>) -> Option<Decimal> {
    s.as_deref().and_then(|s| s.parse().ok())
}

fn mean(values: &[Decimal]) -> Option<String> {
    if values.is_empty() {
        return None;
    }
    let sum: Decimal = values.iter().copied().sum();
    sum.checked_div(Decimal::from(values.len())).map(d2)
}

fn count_into(counts: &mut Vec<Count>, label: &str) {
    match counts.iter_mut().find(|c| c.label == label) {
        Some(c) => c.n += 1,
        None => counts.push(Count {
            label: label.to_string(),
            n: 1,
        }),
    }
}

/// Build what would be published for a task, as the caller (a 绩效管理员) sees it now.
pub fn build_snapshot(
    store: &Store,
    scope: &Scope,
    task_id: i64,
    kind: &str,
) -> Result<Snapshot, ApiError> {
    let loaded = dashboard::load(store, scope, task_id)?;
    if loaded.task.stage != "self_eval" {
        return Err(ApiError::BadRequest(
            "只能公开年度自评（复核）任务的结果".into(),
        ));
    }
    let today = jixiao_store::today();
    let d = dashboard::build(
        &loaded,
        &Options {
            n: dashboard::MAX_N,
            group: None,
            under: None,
        },
        &today,
    )?;
    let names: HashMap<&str, &str> = loaded
        .orgs
        .iter()
        .map(|o| (o.code.as_str(), o.name.as_str()))
        .collect();
    let analysis_of: HashMap<i64, &dashboard::Analysis> = loaded
        .items
        .iter()
        .zip(&loaded.analyses)
        .filter_map(|(i, a)| a.as_deref().map(|a| (i.id, a)))
        .collect();
    let confirmed: Vec<&dashboard::ItemRow> = d
        .items
        .iter()
        .filter(|r| r.state == ItemState::Confirmed.id())
        .collect();
    if confirmed.is_empty() {
        return Err(ApiError::BadRequest(
            "该任务还没有已确认的结果，无法公开".into(),
        ));
    }
    let task = SnapTask {
        title: d.task.title.clone(),
        year: d.task.year,
        stage_label: d.task.stage_label.to_string(),
        framework: d.task.framework.clone(),
        framework_name: d.task.framework_name.clone(),
        grade_bands: d.task.grade_bands.clone(),
    };
    let scores: Vec<Decimal> = confirmed.iter().filter_map(|r| dec(&r.score)).collect();
    let summary = SnapSummary {
        organisations: d.items.len(),
        published: confirmed.len(),
        excluded: d.items.len() - confirmed.len(),
        scored: scores.len(),
        mean_score: mean(&scores),
    };
    let dept_name = |code: &Option<String>| -> Option<String> {
        code.as_deref()
            .and_then(|c| names.get(c))
            .map(|n| n.to_string())
    };
    let mut snap = Snapshot {
        format: SNAPSHOT_FORMAT.into(),
        kind: kind.to_string(),
        task,
        as_of: today,
        basis: String::new(),
        summary,
        rows: Vec::new(),
        departments: Vec::new(),
        distribution: Vec::new(),
        grades: Vec::new(),
        applications: Vec::new(),
        application_totals: None,
        rules: None,
    };
    // Per 主管部门: (code, rows) in code order; an organisation under no department stands
    // for itself.
    let mut by_dept: BTreeMap<String, Vec<&dashboard::ItemRow>> = BTreeMap::new();
    for r in &confirmed {
        let key = r
            .department_code
            .clone()
            .unwrap_or_else(|| r.org_code.clone());
        by_dept.entry(key).or_default().push(r);
    }
    match kind {
        "results" => {
            snap.basis =
                "只含已确认的结果；按复核得分（任务评价框架）从高到低排名，同分并列".into();
            let mut ranked: Vec<(Decimal, &dashboard::ItemRow)> = confirmed
                .iter()
                .filter_map(|r| dec(&r.score).map(|s| (s, *r)))
                .collect();
            ranked.sort_by(|(sa, a), (sb, b)| sb.cmp(sa).then_with(|| a.org_code.cmp(&b.org_code)));
            let mut rank_of: HashMap<&str, usize> = HashMap::new();
            let mut place = 0;
            for (pos, (s, r)) in ranked.iter().enumerate() {
                if pos == 0 || ranked[pos - 1].0 != *s {
                    place = pos + 1;
                }
                rank_of.insert(r.org_code.as_str(), place);
            }
            for r in &confirmed {
                let mut dims: Vec<(String, Decimal, Option<Decimal>)> = Vec::new();
                if let Some(a) = analysis_of.get(&r.id) {
                    for leaf in &a.leaves {
                        let at = match dims.iter().position(|(n, _, _)| *n == leaf.level1) {
                            Some(at) => at,
                            None => {
                                dims.push((leaf.level1.clone(), Decimal::ZERO, None));
                                dims.len() - 1
                            }
                        };
                        dims[at].1 += leaf.weight;
                        if let Some(s) = leaf.score {
                            dims[at].2 = Some(dims[at].2.unwrap_or_default() + s);
                        }
                    }
                }
                snap.rows.push(ResultLine {
                    rank: rank_of.get(r.org_code.as_str()).copied(),
                    org_code: r.org_code.clone(),
                    org_name: r.org_name.clone(),
                    org_kind_label: r.org_kind_label.to_string(),
                    department_code: r.department_code.clone(),
                    department_name: dept_name(&r.department_code),
                    score: r.score.clone(),
                    grade: r.grade.clone(),
                    self_score: r.self_score.clone(),
                    deviation: r.deviation.clone(),
                    dimensions: dims
                        .into_iter()
                        .map(|(name, weight, score)| Dimension {
                            name,
                            weight: d2(weight),
                            score: score.map(d2),
                        })
                        .collect(),
                });
            }
            snap.rows.sort_by(|a, b| {
                a.rank
                    .unwrap_or(usize::MAX)
                    .cmp(&b.rank.unwrap_or(usize::MAX))
                    .then_with(|| a.org_code.cmp(&b.org_code))
            });
            for (code, rows) in &by_dept {
                let s: Vec<Decimal> = rows.iter().filter_map(|r| dec(&r.score)).collect();
                let mut grades = Vec::new();
                for r in rows.iter().filter(|r| r.score.is_some()) {
                    count_into(&mut grades, r.grade.as_deref().unwrap_or("未评定等级"));
                }
                snap.departments.push(DepartmentTotal {
                    code: code.clone(),
                    name: names
                        .get(code.as_str())
                        .map(|n| n.to_string())
                        .unwrap_or_default(),
                    organisations: rows.len(),
                    scored: s.len(),
                    mean_score: mean(&s),
                    highest: s.iter().max().copied().map(d2),
                    lowest: s.iter().min().copied().map(d2),
                    grades,
                    budget: None,
                    reduction: None,
                    proposed: None,
                });
            }
            const BINS: [(&str, u32); 5] = [
                ("60 分以下", 0),
                ("60–70 分", 60),
                ("70–80 分", 70),
                ("80–90 分", 80),
                ("90 分及以上", 90),
            ];
            snap.distribution = BINS
                .iter()
                .map(|(label, _)| Count {
                    label: label.to_string(),
                    n: 0,
                })
                .collect();
            for s in &scores {
                let i = BINS
                    .iter()
                    .rposition(|(_, from)| *s >= Decimal::from(*from))
                    .unwrap_or(0);
                snap.distribution[i].n += 1;
            }
            for r in snap.rows.iter().filter(|r| r.score.is_some()) {
                count_into(&mut snap.grades, r.grade.as_deref().unwrap_or("未评定等级"));
            }
        }
        "applications" => {
            let (stored, rows) = store
                .result_applications(scope, task_id)?
                .ok_or(ApiError::NotFound)?;
            let rules = parse_result_rules(&stored.rules, "结果应用规则")
                .unwrap_or_else(|_| ResultRules::default_rules().clone());
            snap.basis = format!(
                "只含已确认的结果；按结果应用规则「{}」（版本 {}）提出的下一年度预算安排建议，金额单位万元",
                rules.name, rules.version
            );
            snap.rules = Some(SnapRules {
                name: rules.name.clone(),
                version: rules.version.clone(),
                sha256: stored.sha256.clone(),
            });
            let dept_of: HashMap<&str, Option<String>> = confirmed
                .iter()
                .map(|r| (r.org_code.as_str(), r.department_code.clone()))
                .collect();
            let mut totals = (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
            let mut per_dept: HashMap<String, (Decimal, Decimal, Decimal)> = HashMap::new();
            for row in rows.iter().filter(|r| r.item.state == ItemState::Confirmed) {
                let item = &row.item;
                let p = propose(
                    &rules,
                    &crate::api::cycles::basis_of(item, row.document.as_deref()),
                );
                let dept = dept_of.get(item.org_code.as_str()).cloned().flatten();
                let key = dept.clone().unwrap_or_else(|| item.org_code.clone());
                let t = per_dept.entry(key).or_default();
                for (sum, v) in [
                    (&mut totals.0, p.budget),
                    (&mut totals.1, p.reduction),
                    (&mut totals.2, p.proposed),
                ] {
                    *sum += v.unwrap_or_default();
                }
                t.0 += p.budget.unwrap_or_default();
                t.1 += p.reduction.unwrap_or_default();
                t.2 += p.proposed.unwrap_or_default();
                snap.applications.push(ApplicationLine {
                    org_code: item.org_code.clone(),
                    org_name: item.org_name.clone(),
                    department_code: dept,
                    score: item.score.clone(),
                    grade: crate::api::cycles::grade_of(item)
                        .map(|g| g.label().to_string())
                        .or(item.grade.clone()),
                    measure: p.measure_label.to_string(),
                    cut_pct: p.cut_pct.map(|c| c.to_string()),
                    budget: p.budget.map(d2),
                    reduction: p.reduction.map(d2),
                    proposed: p.proposed.map(d2),
                });
            }
            snap.application_totals = Some(MoneyTotals {
                budget: d2(totals.0),
                reduction: d2(totals.1),
                proposed: d2(totals.2),
            });
            for (code, rows) in &by_dept {
                let t = per_dept.get(code).copied().unwrap_or_default();
                snap.departments.push(DepartmentTotal {
                    code: code.clone(),
                    name: names
                        .get(code.as_str())
                        .map(|n| n.to_string())
                        .unwrap_or_default(),
                    organisations: rows.len(),
                    scored: rows.iter().filter(|r| r.score.is_some()).count(),
                    mean_score: mean(
                        &rows
                            .iter()
                            .filter_map(|r| dec(&r.score))
                            .collect::<Vec<_>>(),
                    ),
                    highest: None,
                    lowest: None,
                    grades: Vec::new(),
                    budget: Some(d2(t.0)),
                    reduction: Some(d2(t.1)),
                    proposed: Some(d2(t.2)),
                });
            }
        }
        other => {
            return Err(ApiError::BadRequest(format!(
                "公开内容「{other}」无效：应为 results（评价结果）或 applications（结果应用）"
            )))
        }
    }
    Ok(snap)
}

/// Build and publish (blocking). Only a 绩效管理员 gets as far as building.
pub fn publish_task(
    store: &Store,
    scope: &Scope,
    task_id: i64,
    kind: &str,
    title: Option<&str>,
) -> Result<Publication, ApiError> {
    if !scope.has_role(Role::PerfAdmin) {
        return Err(ApiError::Forbidden("只有绩效管理员可以公开评价结果".into()));
    }
    let snap = build_snapshot(store, scope, task_id, kind)?;
    let title = title
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .unwrap_or_else(|| {
            format!(
                "{}{}",
                snap.task.title,
                jixiao_store::publication_kind_label(kind)
            )
        });
    let text =
        serde_json::to_string(&snap).map_err(|e| ApiError::Internal(format!("snapshot: {e}")))?;
    let id = store.publish(
        scope,
        &NewPublication {
            task_id,
            kind: kind.to_string(),
            title,
            snapshot: text,
        },
    )?;
    store.publication(scope, id)?.ok_or(ApiError::NotFound)
}

/// Read a stored snapshot back.
pub fn parse_snapshot(text: &str) -> Result<Snapshot, ApiError> {
    let snap: Snapshot = serde_json::from_str(text)
        .map_err(|e| ApiError::Internal(format!("stored snapshot unreadable: {e}")))?;
    if snap.format != SNAPSHOT_FORMAT {
        return Err(ApiError::Internal(format!(
            "unknown snapshot format {}",
            snap.format
        )));
    }
    Ok(snap)
}

type JsonBody<T> = Result<Json<T>, axum::extract::rejection::JsonRejection>;

fn body<T>(b: JsonBody<T>, shape: &str) -> Result<T, ApiError> {
    b.map(|Json(v)| v).map_err(|e| {
        ApiError::BadRequest(format!("请求体不正确（应为 {shape}）：{}", e.body_text()))
    })
}

async fn list(State(state): State<AppState>, caller: Caller) -> Result<Json<Value>, ApiError> {
    let scope = caller.scope;
    let list = state.run(move |s| s.publications(&scope)).await??;
    Ok(Json(json!({ "publications": list })))
}

#[derive(Deserialize)]
pub struct PublishBody {
    pub task_id: i64,
    /// `results` (default) or `applications`.
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
}

async fn create(
    State(state): State<AppState>,
    caller: Caller,
    b: JsonBody<PublishBody>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let b = body(
        b,
        "{\"task_id\", \"kind\": \"results\"|\"applications\", \"title\"}",
    )?;
    let scope = caller.scope;
    let p = state
        .run(move |s| {
            publish_task(
                s,
                &scope,
                b.task_id,
                b.kind.as_deref().unwrap_or("results"),
                b.title.as_deref(),
            )
        })
        .await??;
    Ok((StatusCode::CREATED, Json(json!({ "publication": p }))))
}

async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let id = super::id(&id)?;
    let scope = caller.scope;
    let (p, text, events) = state
        .run(move |s| s.publication_snapshot(&scope, id))
        .await??
        .ok_or(ApiError::NotFound)?;
    let snapshot: Value = serde_json::from_str(&text)
        .map_err(|e| ApiError::Internal(format!("stored snapshot unreadable: {e}")))?;
    Ok(Json(
        json!({ "publication": p, "snapshot": snapshot, "events": events }),
    ))
}

#[derive(Deserialize)]
pub struct WithdrawBody {
    pub reason: String,
}

async fn withdraw(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    b: JsonBody<WithdrawBody>,
) -> Result<Json<Value>, ApiError> {
    let id = super::id(&id)?;
    let b = body(b, "{\"reason\": \"撤回原因\"}")?;
    let scope = caller.scope;
    let p = state
        .run(move |s| s.withdraw_publication(&scope, id, &b.reason))
        .await??;
    Ok(Json(json!({ "publication": p })))
}

/// The OpenAPI paths of this module (merged into `/api/openapi.json` by `openapi.rs`).
pub fn openapi_paths() -> Value {
    use crate::openapi::{any_object, id_param, json_body, ok, op};
    let id = id_param;
    json!({
        "/api/published": {
            "get": op("公开的评价结果（所有账号可读；绩效管理员另见已撤回的）", vec![], None,
                ("200", ok("公开结果列表", any_object())), &[]),
            "post": op("公开任务的评价结果或结果应用（绩效管理员；保存当时的快照：只含已确认的结果）", vec![],
                Some(json_body(json!({ "type": "object", "required": ["task_id"], "properties": {
                    "task_id": { "type": "integer" },
                    "kind": { "type": "string", "enum": ["results", "applications"], "default": "results" },
                    "title": { "type": "string" } } }))),
                ("201", ok("已公开", any_object())), &["400", "404"])
        },
        "/api/published/{id}": { "get": op("一项公开结果：快照（得分、等级、排名、各主管部门合计）与公开、撤回记录", vec![id()], None,
            ("200", ok("公开结果", any_object())), &["404"]) },
        "/api/published/{id}/withdraw": { "post": op("撤回公开结果（绩效管理员；须写明原因；快照保留）", vec![id()],
            Some(json_body(json!({ "type": "object", "required": ["reason"], "properties": { "reason": { "type": "string" } } }))),
            ("200", ok("已撤回", any_object())), &["400", "404"]) },
    })
}
