//! The other cycles of system.md §3 over the JSON API: opening 绩效目标 and 运行监控 tasks,
//! target-quality diagnostics on submission and the graded review of targets, 问题整改
//! (raise, list, answer, confirm, reopen), 评价人 assignments, and 结果应用 per department
//! for the 预算科. The decisions are `jixiao_workflow`'s and every read and write goes
//! through the caller's scope in the store; what the caller cannot see is 404.
//!
//! Target quality uses the rules shared with the report checker and 复核
//! (`jixiao_model::target_quality`), under codes of their own:
//!
//! | code | severity | finding |
//! |---|---|---|
//! | TQ001 | warning | a cost indicator written as a floor (≥, >) |
//! | TQ002 | warning | percentage targets ≥95% almost everywhere (no basis) |
//! | TQ003 | warning | a project without targets |
//! | TQ004 | warning | a quantitative target without a value |
//! | TQ005 | info | a project without a 成本指标 (财预〔2021〕101号 sets one out) |
//! | TQ006 | warning | a project's indicator table identical to another organisation's in the task |

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use jixiao_model::target_quality as tq;
use jixiao_model::{DepartmentYear, TargetLevel1, TargetOperator};
use jixiao_store::{Item, NewRectification, NewTask, RectFilter, Scope, MONITORING, TARGETS_STAGE};
use jixiao_workflow::monitoring::Round;
use jixiao_workflow::rectify::{RectAction, RectState};
use jixiao_workflow::results::{parse_result_rules, propose, Basis, ResultRules};
use jixiao_workflow::targets::Grade;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::auth::Caller;
use crate::{ApiError, AppState};

type JsonBody<T> = Result<Json<T>, axum::extract::rejection::JsonRejection>;

fn body<T>(b: JsonBody<T>, shape: &str) -> Result<T, ApiError> {
    b.map(|Json(v)| v).map_err(|e| {
        ApiError::BadRequest(format!("请求体不正确（应为 {shape}）：{}", e.body_text()))
    })
}

/// The routes of this module (merged by `api::routes`).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/cycles/tasks", post(open_task))
        .route(
            "/api/cycles/tasks/{id}/assignments",
            get(assignments).post(assign),
        )
        .route(
            "/api/cycles/tasks/{id}/result-rules",
            get(result_rules).put(set_result_rules),
        )
        .route("/api/cycles/tasks/{id}/results", get(results))
        .route("/api/cycles/tasks/{id}/ledger", post(ledger))
        .route("/api/cycles/items/{id}/target-quality", get(target_quality))
        .route("/api/cycles/items/{id}/submit", post(submit))
        .route("/api/cycles/items/{id}/review", post(review))
        .route("/api/cycles/items/{id}/monitoring", get(monitoring))
        .route(
            "/api/cycles/rectifications",
            get(rectifications).post(raise),
        )
        .route("/api/cycles/rectifications/{id}", get(rectification))
        .route("/api/cycles/rectifications/{id}/actions", post(act))
}

/// Every route of this module as (method, OpenAPI path), for the OpenAPI test.
pub const ROUTES: &[(&str, &str)] = &[
    ("post", "/api/cycles/tasks"),
    ("get", "/api/cycles/tasks/{id}/assignments"),
    ("post", "/api/cycles/tasks/{id}/assignments"),
    ("get", "/api/cycles/tasks/{id}/result-rules"),
    ("put", "/api/cycles/tasks/{id}/result-rules"),
    ("get", "/api/cycles/tasks/{id}/results"),
    ("post", "/api/cycles/tasks/{id}/ledger"),
    ("get", "/api/cycles/items/{id}/target-quality"),
    ("post", "/api/cycles/items/{id}/submit"),
    ("post", "/api/cycles/items/{id}/review"),
    ("get", "/api/cycles/items/{id}/monitoring"),
    ("get", "/api/cycles/rectifications"),
    ("post", "/api/cycles/rectifications"),
    ("get", "/api/cycles/rectifications/{id}"),
    ("post", "/api/cycles/rectifications/{id}/actions"),
];

// ---------------------------------------------------------------------------------------
// Tasks

#[derive(Deserialize)]
pub struct OpenTaskBody {
    /// Default: "{year} 年度绩效目标申报" or the round's title.
    #[serde(default)]
    pub title: Option<String>,
    pub year: i64,
    /// `targets` or `monitoring`.
    pub stage: String,
    /// `first` (1—7月) or `second` (二次 1—9月), for monitoring.
    #[serde(default)]
    pub round: Option<String>,
    #[serde(default)]
    pub framework: Option<String>,
    #[serde(default)]
    pub grade_bands: String,
    pub opens_on: String,
    pub due_on: String,
    pub org_codes: Vec<String>,
}

pub fn stage_label(stage: &str, round: &str) -> String {
    match (stage, Round::from_id(round)) {
        (TARGETS_STAGE, _) => "绩效目标".into(),
        (MONITORING, Some(r)) => format!("运行监控（{}）", r.label()),
        (MONITORING, None) => "运行监控".into(),
        ("self_eval", _) => "年度自评".into(),
        _ => "其他".into(),
    }
}

async fn open_task(
    State(state): State<AppState>,
    caller: Caller,
    b: JsonBody<OpenTaskBody>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let b = body(b, "{\"year\", \"stage\": \"targets\"|\"monitoring\", \"round\", \"opens_on\", \"due_on\", \"org_codes\"}")?;
    let round = match b.round.as_deref().filter(|r| !r.is_empty()) {
        None => None,
        Some(r) => Some(Round::from_id(r).ok_or_else(|| {
            ApiError::BadRequest(format!(
                "监控轮次「{r}」无效：应为 first（1—7月）或 second（二次监控 1—9月）"
            ))
        })?),
    };
    let framework = b.framework.unwrap_or_else(|| "mof-2013-dept".into());
    if jixiao_engine::builtin(&framework).is_none() {
        return Err(ApiError::BadRequest(format!(
            "评价框架「{framework}」不是内置框架（{}）",
            jixiao_engine::BUILTIN_IDS.join("、")
        )));
    }
    crate::doc::parse_grade_bands(&b.grade_bands).map_err(ApiError::BadRequest)?;
    if b.org_codes.len() > 10_000 {
        return Err(ApiError::BadRequest("一个任务最多覆盖 10000 个组织".into()));
    }
    let title = b
        .title
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| match round {
            Some(r) => r.title(b.year),
            None => format!("{} 年度绩效目标申报", b.year),
        });
    let task = NewTask {
        title,
        year: b.year,
        stage: b.stage,
        framework,
        grade_bands: b.grade_bands,
        opens_on: b.opens_on,
        due_on: b.due_on,
        org_codes: b.org_codes,
    };
    let scope = caller.scope;
    let (stage, r) = (task.stage.clone(), round.map(|r| r.id()).unwrap_or(""));
    let id = state
        .run(move |s| s.open_cycle_task(&scope, &task, round))
        .await??;
    Ok((
        StatusCode::CREATED,
        Json(
            json!({ "id": id, "stage": stage, "round": r, "stage_label": stage_label(&stage, r) }),
        ),
    ))
}

#[derive(Deserialize)]
pub struct AssignBody {
    pub org_code: String,
    pub username: String,
}

async fn assignments(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let id = super::id(&id)?;
    let scope = caller.scope;
    let list = state
        .run(move |s| -> Result<_, jixiao_store::StoreError> {
            if s.task(&scope, id)?.is_none() && !scope.has_role(jixiao_workflow::Role::Evaluator) {
                return Ok(None);
            }
            let list = s.assignments(&scope, id)?;
            if list.is_empty() && s.task(&scope, id)?.is_none() {
                return Ok(None);
            }
            Ok(Some(list))
        })
        .await??;
    let list = list.ok_or(ApiError::NotFound)?;
    Ok(Json(json!({ "assignments": list })))
}

async fn assign(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    b: JsonBody<AssignBody>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let id = super::id(&id)?;
    let b = body(b, "{\"org_code\", \"username\"}")?;
    let scope = caller.scope;
    state
        .run(move |s| s.assign_evaluator(&scope, id, &b.org_code, &b.username))
        .await??;
    Ok((StatusCode::CREATED, Json(json!({ "task_id": id }))))
}

// ---------------------------------------------------------------------------------------
// 绩效目标: target quality, submission, graded review

/// One target-quality finding, located in the stored document.
#[derive(Debug, Clone, Serialize)]
pub struct TargetDiagnostic {
    pub code: &'static str,
    /// `warning` or `info`.
    pub severity: &'static str,
    pub message: String,
    /// Field path (`projects.project[0].target[2].operator`).
    pub path: String,
    /// Line and column in the stored canonical document.
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// The other organisation's table (TQ006): "组织编码 组织名称 › 项目".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub elsewhere: Option<String>,
}

fn diag(
    code: &'static str,
    severity: &'static str,
    path: String,
    message: String,
) -> TargetDiagnostic {
    TargetDiagnostic {
        code,
        severity,
        message,
        path,
        line: None,
        column: None,
        elsewhere: None,
    }
}

fn is_percent(unit: Option<&str>) -> bool {
    unit.is_some_and(|u| matches!(u.trim(), "%" | "％" | "百分比"))
}

/// A project's indicator table as the shared rule keys it.
fn table_key_of(p: &jixiao_model::Project) -> Option<Vec<String>> {
    tq::table_key(p.targets.iter().map(|t| {
        (
            t.name.as_str(),
            t.operator,
            t.value.map(|v| v.0),
            t.unit.as_deref().unwrap_or(""),
        )
    }))
}

/// The target-quality findings of one department-year, in document order.
pub fn target_diagnostics(d: &DepartmentYear) -> Vec<TargetDiagnostic> {
    let mut out = Vec::new();
    let mut views = Vec::new();
    let mut view_paths = Vec::new();
    for (i, p) in d.projects.items.iter().enumerate() {
        let base = format!("projects.project[{i}]");
        if p.targets.is_empty() {
            out.push(diag(
                "TQ003",
                "warning",
                base.clone(),
                format!("项目「{}」未设置绩效指标", p.name),
            ));
            continue;
        }
        let mut has_cost = false;
        for (k, t) in p.targets.iter().enumerate() {
            let path = format!("{base}.target[{k}]");
            let cost = tq::is_cost(Some(t.level1), &t.level2);
            has_cost |= cost;
            if tq::cost_written_as_floor(cost, t.operator) {
                out.push(diag(
                    "TQ001",
                    "warning",
                    format!("{path}.operator"),
                    format!(
                        "项目「{}」的成本指标「{}」写作「{}」：成本指标是上限，应写 ≤，写 ≥ 等于鼓励多花钱",
                        p.name,
                        t.name,
                        t.operator.symbol()
                    ),
                ));
            }
            let quantitative = !matches!(t.operator, TargetOperator::Qualitative);
            if quantitative && t.value.is_none() {
                out.push(diag(
                    "TQ004",
                    "warning",
                    format!("{path}.value"),
                    format!(
                        "项目「{}」的指标「{}」没有指标值（{}）",
                        p.name,
                        t.name,
                        t.operator.symbol()
                    ),
                ));
            }
            views.push(tq::PercentView {
                percent: is_percent(t.unit.as_deref()),
                operator: t.operator,
                value: t.value.map(|v| v.0),
            });
            view_paths.push((path, t.name.clone(), t.value.map(|v| v.0)));
        }
        if !has_cost {
            out.push(diag(
                "TQ005",
                "info",
                base.clone(),
                format!(
                    "项目「{}」未设置成本指标（{}，财预〔2021〕101号单列）",
                    p.name,
                    TargetLevel1::Cost.label()
                ),
            ));
        }
    }
    if let Some(h) = tq::high_targets(views) {
        let names: Vec<String> = h
            .high
            .iter()
            .filter_map(|&i| view_paths.get(i))
            .map(|(_, n, v)| {
                format!(
                    "{n}（{}%）",
                    v.map(|v| v.normalize().to_string()).unwrap_or_default()
                )
            })
            .collect();
        let first = h
            .high
            .first()
            .and_then(|&i| view_paths.get(i))
            .map(|p| p.0.clone());
        out.push(diag(
            "TQ002",
            "warning",
            first
                .map(|p| format!("{p}.value"))
                .unwrap_or_else(|| "projects".into()),
            format!(
                "{} 个百分比指标中有 {} 个目标值不低于 {}%，缺乏测算依据：{}",
                h.percent_targets,
                h.high.len(),
                tq::HIGH_PERCENT,
                names.join("、")
            ),
        ));
    }
    out
}

/// Locate the findings in the stored canonical document.
fn locate(document: &str, diags: &mut [TargetDiagnostic]) {
    if let Ok(loaded) = jixiao_io::parse_lenient(document, "document.toml", jixiao_io::Format::Toml)
    {
        for d in diags {
            if let Some(l) = loaded.spans.locate(&d.path) {
                d.line = Some(l.line);
                d.column = Some(l.column);
            }
        }
    }
}

/// The findings for an item's current revision, with TQ006 against the other items of the
/// task the caller can see (for the pages).
pub async fn diagnostics_for(
    state: &AppState,
    scope: &Scope,
    item: &Item,
) -> Result<Vec<TargetDiagnostic>, ApiError> {
    diagnostics_of(state, scope, item).await
}

/// The findings for an item's current revision, with TQ006 against the other items of the
/// task the caller can see.
async fn diagnostics_of(
    state: &AppState,
    scope: &Scope,
    item: &Item,
) -> Result<Vec<TargetDiagnostic>, ApiError> {
    let (scope, item_id, task_id) = (scope.clone(), item.id, item.task_id);
    let docs = state
        .run(move |s| -> Result<_, jixiao_store::StoreError> {
            let Some(own) = s.revision(&scope, item_id, None)? else {
                return Ok(None);
            };
            let mut others = Vec::new();
            let items = s.items(
                &scope,
                &jixiao_store::ItemFilter {
                    task_id: Some(task_id),
                    ..Default::default()
                },
            )?;
            for other in items.iter().filter(|i| i.id != item_id && i.revision > 0) {
                if let Some(r) = s.revision(&scope, other.id, None)? {
                    others.push((format!("{} {}", other.org_code, other.org_name), r.document));
                }
            }
            Ok(Some((own.document, others)))
        })
        .await??;
    let Some((own, others)) = docs else {
        return Ok(Vec::new());
    };
    let model = crate::doc::model_of(&own);
    let mut diags = target_diagnostics(&model);
    let other_keys: Vec<(String, String, Vec<String>)> = others
        .iter()
        .flat_map(|(who, doc)| {
            let m = crate::doc::model_of(doc);
            m.projects
                .items
                .iter()
                .filter_map(|p| table_key_of(p).map(|k| (who.clone(), p.name.clone(), k)))
                .collect::<Vec<_>>()
        })
        .collect();
    for (i, p) in model.projects.items.iter().enumerate() {
        let Some(key) = table_key_of(p) else { continue };
        if let Some((who, project, _)) = other_keys.iter().find(|(_, _, k)| *k == key) {
            let mut d = diag(
                "TQ006",
                "warning",
                format!("projects.project[{i}]"),
                format!(
                    "项目「{}」的绩效指标表与「{who}」的项目「{project}」完全相同（{} 行）",
                    p.name,
                    key.len()
                ),
            );
            d.elsewhere = Some(format!("{who} › {project}"));
            diags.push(d);
        }
    }
    locate(&own, &mut diags);
    Ok(diags)
}

async fn target_quality(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let id = super::id(&id)?;
    let item = super::items::load(&state, &caller.scope, id).await?;
    let diags = diagnostics_of(&state, &caller.scope, &item).await?;
    Ok(Json(
        json!({ "item_id": id, "revision": item.revision, "diagnostics": diags }),
    ))
}

async fn submit(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let id = super::id(&id)?;
    let record = super::items::do_transition(&state, &caller, id, "submit", None).await?;
    let item = super::items::load(&state, &caller.scope, id).await?;
    let diags = if item.stage == TARGETS_STAGE {
        diagnostics_of(&state, &caller.scope, &item).await?
    } else {
        Vec::new()
    };
    Ok(Json(
        json!({ "transition": record, "item": super::items::view(item), "diagnostics": diags }),
    ))
}

#[derive(Deserialize)]
pub struct ReviewBody {
    pub grade: String,
    #[serde(default)]
    pub opinion: Option<String>,
}

async fn review(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    b: JsonBody<ReviewBody>,
) -> Result<Json<Value>, ApiError> {
    let id = super::id(&id)?;
    let b = body(
        b,
        "{\"grade\": \"优\"|\"良\"|\"中\"|\"差\", \"opinion\": \"…\"}",
    )?;
    let grade = Grade::parse(&b.grade).ok_or_else(|| {
        ApiError::BadRequest(format!(
            "审核等级「{}」无效：应为 优、良、中、差 之一",
            b.grade
        ))
    })?;
    let scope = caller.scope.clone();
    let record = state
        .run(move |s| s.review_targets(&scope, id, grade, b.opinion.as_deref()))
        .await??;
    let item = super::items::load(&state, &caller.scope, id).await?;
    Ok(Json(json!({
        "transition": record,
        "grade": grade.id(),
        "grade_label": grade.label(),
        "state_label": jixiao_workflow::targets::state_label(item.state),
        "item": super::items::view(item),
    })))
}

// ---------------------------------------------------------------------------------------
// 运行监控

/// The lights of a monitoring item's current revision at its round's as-of date (1—7月:
/// 7 月 31 日; 二次 1—9月: 9 月 30 日), by the shipped monitoring rules — the same report as
/// `jixiao monitor --format json`.
async fn monitoring(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let id = super::id(&id)?;
    let scope = caller.scope;
    let (item, task, revision) = state
        .run(move |s| -> Result<_, jixiao_store::StoreError> {
            let Some(item) = s.item(&scope, id)? else {
                return Ok(None);
            };
            let task = s.task(&scope, item.task_id)?;
            let revision = s.revision(&scope, id, None)?;
            Ok(Some((item, task, revision)))
        })
        .await??
        .ok_or(ApiError::NotFound)?;
    let round = task
        .as_ref()
        .filter(|t| t.stage == MONITORING)
        .and_then(|t| Round::from_id(&t.round))
        .ok_or_else(|| {
            ApiError::Refused(jixiao_workflow::Refusal {
                code: "wrong-stage",
                message: "该事项不属于运行监控任务".into(),
            })
        })?;
    let Some(revision) = revision else {
        return Err(ApiError::Refused(jixiao_workflow::Refusal {
            code: "no-data",
            message: "该事项尚未填报数据".into(),
        }));
    };
    let as_of_text = round.as_of(item.year);
    let as_of = jixiao_model::Date::parse(&as_of_text)
        .ok_or_else(|| ApiError::Internal(format!("as-of date {as_of_text}")))?;
    let model = crate::doc::model_of(&revision.document);
    let report =
        jixiao_monitor::monitor(&model, as_of, jixiao_monitor::Rules::default_rules(), None);
    Ok(Json(json!({
        "item_id": id,
        "round": round.id(),
        "round_label": round.label(),
        "as_of": as_of_text,
        "revision": revision.info.number,
        "report": report,
    })))
}

#[derive(Deserialize, Default)]
pub struct LedgerQuery {
    /// The file's name (`vouchers.csv`, `凭证.xlsx`): its extension says the format.
    pub name: Option<String>,
    /// Skip unreadable rows (each is still reported) instead of refusing the file.
    pub skip_bad_rows: Option<String>,
}

/// Match a ledger to one department-year: the organisation's vouchers for the department,
/// and each project's by its 项目编码.
fn external_of(
    ledger: &jixiao_ledger::Ledger,
    org_code: &str,
    d: &DepartmentYear,
    year: i32,
    origin: &str,
) -> Option<jixiao_monitor::ExternalSpending> {
    use jixiao_ledger::cents_to_money;
    use jixiao_monitor::MonthlyAmounts;
    if !ledger.groups.iter().any(|g| g.unit_code == org_code) {
        return None;
    }
    let months = |cents: [i128; 12]| cents.map(cents_to_money);
    let projects = d
        .projects
        .items
        .iter()
        .map(|p| {
            let code = p.code.as_deref().map(str::trim).filter(|c| !c.is_empty())?;
            ledger
                .groups
                .iter()
                .any(|g| g.unit_code == org_code && g.project_code == code)
                .then(|| MonthlyAmounts {
                    months: months(
                        ledger.monthly(year, |g| g.unit_code == org_code && g.project_code == code),
                    ),
                    label: format!("单位编码 {org_code}、项目编码 {code}"),
                })
        })
        .collect();
    Some(jixiao_monitor::ExternalSpending {
        origin: origin.to_string(),
        department: Some(MonthlyAmounts {
            months: months(ledger.monthly(year, |g| g.unit_code == org_code)),
            label: format!("单位编码 {org_code} 的全部凭证"),
        }),
        projects,
    })
}

/// The bureau imports a treasury voucher file (国库集中支付凭证, CSV or .xlsx) for a
/// 运行监控 task: the vouchers paid by the round's as-of date are summed per organisation
/// (单位编码 = organisation code) and project (项目编码), and every item the caller sees is
/// monitored on those figures instead of the unit's own. Nothing is stored.
async fn ledger(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Query(q): Query<LedgerQuery>,
    bytes: axum::body::Bytes,
) -> Result<Json<Value>, ApiError> {
    let id = super::id(&id)?;
    if !caller.scope.has_role(jixiao_workflow::Role::PerfAdmin)
        && !caller
            .scope
            .has_role(jixiao_workflow::Role::FinanceReviewer)
    {
        return Err(ApiError::Forbidden("支付凭证只能由财政局导入".into()));
    }
    let skip = flag(&q.skip_bad_rows, "skip_bad_rows")?;
    let scope = caller.scope;
    let (task, items) = state
        .run(move |s| -> Result<_, jixiao_store::StoreError> {
            let Some(task) = s.task(&scope, id)? else {
                return Ok(None);
            };
            let items = s.items(
                &scope,
                &jixiao_store::ItemFilter {
                    task_id: Some(id),
                    ..Default::default()
                },
            )?;
            let mut out = Vec::new();
            for item in items {
                let doc = s.revision(&scope, item.id, None)?.map(|r| r.document);
                out.push((item, doc));
            }
            Ok(Some((task, out)))
        })
        .await??
        .ok_or(ApiError::NotFound)?;
    let round = Some(&task)
        .filter(|t| t.stage == MONITORING)
        .and_then(|t| Round::from_id(&t.round))
        .ok_or_else(|| {
            ApiError::Refused(jixiao_workflow::Refusal {
                code: "wrong-stage",
                message: "只有运行监控任务可以导入支付凭证".into(),
            })
        })?;
    if bytes.is_empty() {
        return Err(ApiError::BadRequest(
            "请求体应为支付凭证文件（CSV 或 .xlsx）".into(),
        ));
    }
    let name = q.name.unwrap_or_else(|| "vouchers.csv".into());
    let as_of_text = round.as_of(task.year);
    let as_of = jixiao_model::Date::parse(&as_of_text)
        .ok_or_else(|| ApiError::Internal(format!("as-of date {as_of_text}")))?;
    let units: Vec<String> = items.iter().map(|(i, _)| i.org_code.clone()).collect();
    let opts = jixiao_ledger::Options {
        skip_bad_rows: skip,
        until: Some(as_of),
        only_units: Some(units),
        ..Default::default()
    };
    let xlsx = name.to_ascii_lowercase().ends_with(".xlsx") || bytes.starts_with(b"PK\x03\x04");
    let origin = name.clone();
    let (ledger, bad) = tokio::task::spawn_blocking(move || {
        let mut bad = Vec::new();
        let r = if xlsx {
            jixiao_ledger::read_xlsx(&bytes, &origin, &opts, &mut |b| bad.push(b))
        } else {
            jixiao_ledger::read_csv(&bytes[..], &origin, &opts, &mut |b| bad.push(b))
        };
        (r, bad)
    })
    .await
    .map_err(|e| ApiError::Internal(format!("ledger task failed: {e}")))?;
    let ledger = ledger.map_err(|e| ApiError::Invalid {
        message: e.to_string(),
        problems: bad
            .iter()
            .take(100)
            .map(|b| crate::doc::Problem {
                severity: "error",
                code: "bad-row".into(),
                path: None,
                field: None,
                location: Some(format!("第 {} 行", b.line)),
                sheet: None,
                cell: None,
                line: Some(b.line as usize),
                column: None,
                message: b.reason.clone(),
            })
            .collect(),
    })?;
    let rules = jixiao_monitor::Rules::default_rules();
    let mut rows = Vec::new();
    for (item, doc) in &items {
        let Some(doc) = doc else {
            rows.push(json!({ "item_id": item.id, "org_code": item.org_code, "org_name": item.org_name, "report": null, "note": "尚未填报" }));
            continue;
        };
        let model = crate::doc::model_of(doc);
        let ext = external_of(&ledger, &item.org_code, &model, as_of.year, &name);
        let report = jixiao_monitor::monitor(&model, as_of, rules, ext.as_ref());
        rows.push(json!({
            "item_id": item.id,
            "org_code": item.org_code,
            "org_name": item.org_name,
            "from_ledger": ext.is_some(),
            "light": report.overall.headline(),
            "report": report,
        }));
    }
    let st = &ledger.stats;
    Ok(Json(json!({
        "task_id": id,
        "as_of": as_of_text,
        "round_label": round.label(),
        "stats": { "vouchers": st.vouchers, "duplicates": st.duplicates, "refunds": st.refunds, "rejected": st.rejected, "other_units": st.other_units, "after_until": st.after_until },
        "bad_rows": bad.iter().take(100).collect::<Vec<_>>(),
        "items": rows,
    })))
}

// ---------------------------------------------------------------------------------------
// 问题整改

#[derive(Deserialize, Default)]
pub struct RectQuery {
    pub task: Option<String>,
    pub state: Option<String>,
    pub overdue: Option<String>,
    pub todo: Option<String>,
}

fn flag(v: &Option<String>, name: &str) -> Result<bool, ApiError> {
    match v.as_deref() {
        None | Some("") | Some("false") | Some("0") => Ok(false),
        Some("true") | Some("1") => Ok(true),
        Some(o) => Err(ApiError::BadRequest(format!(
            "{name} 应为 true 或 false，而不是「{o}」"
        ))),
    }
}

async fn rectifications(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<RectQuery>,
) -> Result<Json<Value>, ApiError> {
    let filter =
        RectFilter {
            task_id: match q.task.as_deref().filter(|t| !t.is_empty()) {
                Some(t) => Some(t.parse().map_err(|_| {
                    ApiError::BadRequest(format!("task 应为任务编号，而不是「{t}」"))
                })?),
                None => None,
            },
            state: match q.state.as_deref().filter(|s| !s.is_empty()) {
                Some(s) => Some(RectState::from_id(s).ok_or_else(|| {
                    ApiError::BadRequest(format!(
                        "state「{s}」无效：应为 open、answered、reopened、closed 之一"
                    ))
                })?),
                None => None,
            },
            overdue: flag(&q.overdue, "overdue")?,
            todo: flag(&q.todo, "todo")?,
        };
    let scope = caller.scope;
    let list = state
        .run(move |s| s.rectifications(&scope, &filter))
        .await??;
    let overdue = list.iter().filter(|r| r.overdue).count();
    Ok(Json(json!({ "rectifications": list, "overdue": overdue })))
}

#[derive(Deserialize)]
pub struct RaiseBody {
    pub org_code: String,
    #[serde(default)]
    pub task_id: Option<i64>,
    #[serde(default)]
    pub item_id: Option<i64>,
    #[serde(default = "manual")]
    pub source: String,
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub location: String,
    pub finding: String,
    pub requirement: String,
    pub deadline: String,
}

fn manual() -> String {
    "manual".into()
}

async fn raise(
    State(state): State<AppState>,
    caller: Caller,
    b: JsonBody<RaiseBody>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let b = body(
        b,
        "{\"org_code\", \"finding\", \"requirement\", \"deadline\", …}",
    )?;
    let new = NewRectification {
        org_code: b.org_code,
        task_id: b.task_id,
        item_id: b.item_id,
        source: b.source,
        code: b.code,
        location: b.location,
        finding: b.finding,
        requirement: b.requirement,
        deadline: b.deadline,
    };
    let scope = caller.scope;
    let (id, rect) = state
        .run(move |s| -> Result<_, jixiao_store::StoreError> {
            let id = s.raise_rectification(&scope, &new)?;
            Ok((id, s.rectification(&scope, id)?.map(|r| r.0)))
        })
        .await??;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "id": id, "rectification": rect })),
    ))
}

async fn rectification(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let id = super::id(&id)?;
    let scope = caller.scope;
    let (rect, events) = state
        .run(move |s| s.rectification(&scope, id))
        .await??
        .ok_or(ApiError::NotFound)?;
    Ok(Json(json!({ "rectification": rect, "events": events })))
}

#[derive(Deserialize)]
pub struct ActBody {
    pub action: String,
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub deadline: Option<String>,
}

async fn act(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    b: JsonBody<ActBody>,
) -> Result<Json<Value>, ApiError> {
    let id = super::id(&id)?;
    let b = body(b, "{\"action\": \"answer\"|\"confirm\"|\"reopen\", \"text\": \"…\", \"deadline\": \"YYYY-MM-DD\"}")?;
    let action = RectAction::from_id(&b.action).ok_or_else(|| {
        ApiError::BadRequest(format!(
            "未知的操作「{}」：可用 answer、confirm、reopen",
            b.action
        ))
    })?;
    let scope = caller.scope;
    let rect = state
        .run(move |s| {
            s.act_on_rectification(&scope, id, action, b.text.as_deref(), b.deadline.as_deref())
        })
        .await??;
    Ok(Json(json!({ "rectification": rect })))
}

// ---------------------------------------------------------------------------------------
// 结果应用

async fn result_rules(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let id = super::id(&id)?;
    let scope = caller.scope;
    let rules = state
        .run(move |s| s.result_rules(&scope, id))
        .await??
        .ok_or(ApiError::NotFound)?;
    Ok(Json(json!({ "rules": rules })))
}

#[derive(Deserialize)]
pub struct RulesBody {
    pub rules: String,
}

async fn set_result_rules(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    b: JsonBody<RulesBody>,
) -> Result<Json<Value>, ApiError> {
    let id = super::id(&id)?;
    let b = body(b, "{\"rules\": \"规则文件的 TOML 文本\"}")?;
    if !caller.scope.has_role(jixiao_workflow::Role::PerfAdmin) {
        return Err(ApiError::Forbidden(
            "只有绩效管理员可以设置结果应用规则".into(),
        ));
    }
    if b.rules.len() > 256 * 1024 {
        return Err(ApiError::TooLarge("规则文件过大（上限 256 KB）".into()));
    }
    if let Err(errors) = parse_result_rules(&b.rules, "结果应用规则") {
        let problems = errors
            .iter()
            .map(|e| crate::doc::Problem {
                severity: "error",
                code: "result-rules".into(),
                path: None,
                field: None,
                location: Some(format!("第 {} 行第 {} 列", e.line, e.column)),
                sheet: None,
                cell: None,
                line: Some(e.line),
                column: Some(e.column),
                message: e.message.clone(),
            })
            .collect();
        return Err(ApiError::Invalid {
            message: format!("结果应用规则有 {} 处错误", errors.len()),
            problems,
        });
    }
    let scope = caller.scope.clone();
    state
        .run(move |s| -> Result<_, jixiao_store::StoreError> {
            if s.task(&scope, id)?.is_none() {
                return Err(jixiao_store::StoreError::NotFound);
            }
            s.set_result_rules(&scope, id, &b.rules)
        })
        .await??;
    let scope = caller.scope;
    let rules = state.run(move |s| s.result_rules(&scope, id)).await??;
    Ok(Json(json!({ "rules": rules })))
}

/// One row of the 结果应用 list.
#[derive(Serialize)]
struct ResultRow {
    item_id: i64,
    org_code: String,
    org_name: String,
    org_kind: String,
    state: jixiao_store::State,
    /// Proposals are made on confirmed results only.
    confirmed: bool,
    score: Option<String>,
    grade: Option<String>,
    proposal: Option<jixiao_workflow::results::Proposal>,
    /// Why there is no proposal.
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'static str>,
}

/// The grade a task item is judged by: the review grade of targets, the evaluation's
/// grade otherwise.
pub(crate) fn grade_of(item: &Item) -> Option<Grade> {
    if item.stage == TARGETS_STAGE {
        item.review_grade.as_deref().and_then(Grade::parse)
    } else {
        item.grade.as_deref().and_then(Grade::parse)
    }
}

pub(crate) fn basis_of(item: &Item, document: Option<&str>) -> Basis {
    let model = document.map(crate::doc::model_of);
    let budget = model.as_ref().and_then(|m| {
        m.budget
            .adjusted
            .total
            .or(m.budget.initial.total)
            .map(|v| v.as_wan())
    });
    let carryover_growth =
        model
            .as_ref()
            .and_then(|m| match (m.carryover.closing, m.carryover.opening) {
                (Some(c), Some(o)) => Some(c.as_wan() - o.as_wan()),
                _ => None,
            });
    Basis {
        grade: grade_of(item),
        budget,
        carryover_growth,
    }
}

async fn results(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let id = super::id(&id)?;
    let scope = caller.scope;
    let (stored, rows) = state
        .run(move |s| s.result_applications(&scope, id))
        .await??
        .ok_or(ApiError::NotFound)?;
    let rules = match parse_result_rules(&stored.rules, "结果应用规则") {
        Ok(r) => r,
        Err(_) => ResultRules::default_rules().clone(),
    };
    let mut out = Vec::with_capacity(rows.len());
    let mut totals: (Decimal, Decimal, Decimal) = Default::default();
    for row in rows {
        let item = row.item;
        let confirmed = item.state == jixiao_store::State::Confirmed;
        let (proposal, note) = if confirmed {
            let p = propose(&rules, &basis_of(&item, row.document.as_deref()));
            totals.0 += p.budget.unwrap_or_default();
            totals.1 += p.reduction.unwrap_or_default();
            totals.2 += p.proposed.unwrap_or_default();
            (Some(p), None)
        } else {
            (None, Some("结果尚未确认，暂不提出预算安排建议"))
        };
        out.push(ResultRow {
            item_id: item.id,
            confirmed,
            score: item.score.clone(),
            grade: grade_of(&item)
                .map(|g| g.label().to_string())
                .or(item.grade.clone()),
            org_code: item.org_code,
            org_name: item.org_name,
            org_kind: item.org_kind,
            state: item.state,
            proposal,
            note,
        });
    }
    Ok(Json(json!({
        "task_id": id,
        "rules": { "id": rules.id, "name": rules.name, "version": rules.version, "basis": rules.basis, "custom": stored.custom, "sha256": stored.sha256 },
        "rows": out,
        "totals": { "budget": format!("{:.2}", totals.0), "reduction": format!("{:.2}", totals.1), "proposed": format!("{:.2}", totals.2) },
    })))
}

/// The OpenAPI paths of this module (merged into `/api/openapi.json` by `openapi.rs`).
pub fn openapi_paths() -> Value {
    use crate::openapi::{any_object, id_param, json_body, ok, op};
    let id = id_param;
    json!({
        "/api/cycles/tasks": { "post": op("发布绩效目标或运行监控任务（绩效管理员）", vec![], Some(json_body(json!({ "type": "object",
            "required": ["year", "stage", "opens_on", "due_on", "org_codes"], "properties": {
                "title": { "type": "string" }, "year": { "type": "integer" },
                "stage": { "type": "string", "enum": ["targets", "monitoring"] },
                "round": { "type": "string", "enum": ["first", "second"], "description": "运行监控轮次：first 1—7月，second 二次监控 1—9月" },
                "framework": { "type": "string" }, "grade_bands": { "type": "string" },
                "opens_on": { "type": "string", "format": "date" }, "due_on": { "type": "string", "format": "date" },
                "org_codes": { "type": "array", "items": { "type": "string" } } } }))),
            ("201", ok("已发布", any_object())), &["400"]) },
        "/api/cycles/tasks/{id}/assignments": {
            "get": op("任务的评价人委托（绩效管理员看全部，评价人看自己的）", vec![id()], None, ("200", ok("委托", any_object())), &["404"]),
            "post": op("委托评价人负责任务中的某组织（含下级）（绩效管理员）", vec![id()], Some(json_body(json!({ "type": "object",
                "required": ["org_code", "username"], "properties": { "org_code": { "type": "string" }, "username": { "type": "string" } } }))),
                ("201", ok("已委托", any_object())), &["400", "404"])
        },
        "/api/cycles/tasks/{id}/result-rules": {
            "get": op("任务的结果应用规则（未设置时为内置默认规则）", vec![id()], None, ("200", ok("规则", any_object())), &["404"]),
            "put": op("设置任务的结果应用规则（绩效管理员；错误定位到行列）", vec![id()], Some(json_body(json!({ "type": "object",
                "required": ["rules"], "properties": { "rules": { "type": "string" } } }))),
                ("200", ok("已设置", any_object())), &["400", "404", "413", "422"])
        },
        "/api/cycles/tasks/{id}/results": { "get": op("结果应用：各部门、单位的等级与下一年度预算安排建议（财政局）", vec![id()], None,
            ("200", ok("建议", any_object())), &["404"]) },
        "/api/cycles/tasks/{id}/ledger": { "post": { "summary": "导入国库集中支付凭证（CSV 或 .xlsx），按单位编码、项目编码计算运行监控任务各事项的预警灯（财政局；不保存）",
            "parameters": [id(), json!({ "name": "name", "in": "query", "schema": { "type": "string" }, "description": "文件名（按扩展名判断格式）" }),
                json!({ "name": "skip_bad_rows", "in": "query", "schema": { "type": "boolean" } })],
            "requestBody": { "required": true, "content": { "text/csv": { "schema": { "type": "string" } },
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": { "schema": { "type": "string", "format": "binary" } } } },
            "responses": crate::openapi::with_ok(crate::openapi::error_responses(&["400", "404", "409", "413", "422"]), ok("各事项的监控结果", any_object())) } },
        "/api/cycles/items/{id}/target-quality": { "get": op("绩效目标质量诊断（TQ001—TQ006，定位到行列）", vec![id()], None,
            ("200", ok("诊断", any_object())), &["404"]) },
        "/api/cycles/items/{id}/submit": { "post": op("申报（提交）事项，并返回绩效目标质量诊断", vec![id()], None,
            ("200", ok("已提交", any_object())), &["404", "409"]) },
        "/api/cycles/items/{id}/review": { "post": op("绩效目标审核评级：优、良、中批复，差退回修改（须填意见）", vec![id()],
            Some(json_body(json!({ "type": "object", "required": ["grade"], "properties": {
                "grade": { "type": "string", "enum": ["优", "良", "中", "差", "excellent", "good", "fair", "poor"] }, "opinion": { "type": "string" } } }))),
            ("200", ok("已审核", any_object())), &["400", "404", "409"]) },
        "/api/cycles/items/{id}/monitoring": { "get": op("运行监控事项的预警灯（按轮次的截止日：1—7月为 7 月 31 日，二次监控为 9 月 30 日）", vec![id()], None,
            ("200", ok("监控结果", any_object())), &["404", "409"]) },
        "/api/cycles/rectifications": {
            "get": op("调用者可见的整改事项（本组织及下级的、自己提出的）", vec![
                    json!({ "name": "task", "in": "query", "schema": { "type": "integer" } }),
                    json!({ "name": "state", "in": "query", "schema": { "type": "string", "enum": ["open", "answered", "reopened", "closed"] } }),
                    json!({ "name": "overdue", "in": "query", "schema": { "type": "boolean" } }),
                    json!({ "name": "todo", "in": "query", "schema": { "type": "boolean" } })],
                None, ("200", ok("整改事项", any_object())), &["400"]),
            "post": op("提出整改问题（绩效管理员、财政审核人、受托评价人）", vec![], Some(json_body(json!({ "type": "object",
                "required": ["org_code", "finding", "requirement", "deadline"], "properties": {
                    "org_code": { "type": "string" }, "task_id": { "type": "integer" }, "item_id": { "type": "integer" },
                    "source": { "type": "string", "enum": ["review", "audit", "targets", "monitoring", "evaluation", "manual"] },
                    "code": { "type": "string" }, "location": { "type": "string" },
                    "finding": { "type": "string" }, "requirement": { "type": "string" },
                    "deadline": { "type": "string", "format": "date" } } }))),
                ("201", ok("已提出", any_object())), &["400"])
        },
        "/api/cycles/rectifications/{id}": { "get": op("一个整改事项及其记录", vec![id()], None, ("200", ok("整改事项", any_object())), &["404"]) },
        "/api/cycles/rectifications/{id}/actions": { "post": op("整改流转：answer 提交整改情况（单位），confirm 确认销号、reopen 退回重新整改（提出方）", vec![id()],
            Some(json_body(json!({ "type": "object", "required": ["action"], "properties": {
                "action": { "type": "string", "enum": ["answer", "confirm", "reopen"] },
                "text": { "type": "string" }, "deadline": { "type": "string", "format": "date" } } }))),
            ("200", ok("已流转", any_object())), &["400", "404", "409"]) },
    })
}
