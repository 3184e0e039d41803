//! 问题整改 pages: the list (with the raise form for the bureau and assigned 评价人), one
//! item with its trail and the answer / confirm / reopen forms. Same store calls as
//! `api::cycles`; forms carry `_csrf`.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use minijinja::context;
use serde::{Deserialize, Serialize};

use super::{base, page, PageResult};
use crate::auth::{CheckedForm, PageCaller};
use crate::{ApiError, AppState};
use jixiao_store::{NewRectification, RectFilter, RECT_SOURCES};
use jixiao_workflow::rectify::{RectAction, RectState};
use jixiao_workflow::targets::{self, Grade, TargetAction};
use jixiao_workflow::Role;

#[derive(Deserialize, Default)]
pub struct ListQuery {
    pub overdue: Option<String>,
    pub todo: Option<String>,
    pub state: Option<String>,
    /// Pre-fill of the raise form (from a deducted row of `/items/{id}/review`).
    #[serde(flatten)]
    pub prefill: Prefill,
}

/// The raise form's initial values; every field optional and only echoed into the form.
#[derive(Deserialize, Serialize, Default)]
pub struct Prefill {
    pub org_code: Option<String>,
    pub task_id: Option<String>,
    pub item_id: Option<String>,
    pub source: Option<String>,
    pub code: Option<String>,
    pub location: Option<String>,
    pub finding: Option<String>,
}

pub(crate) fn may_raise(caller: &crate::auth::Caller) -> bool {
    [Role::PerfAdmin, Role::FinanceReviewer, Role::Evaluator]
        .iter()
        .any(|r| caller.scope.has_role(*r))
}

pub async fn list(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    Query(q): Query<ListQuery>,
) -> PageResult {
    let filter = RectFilter {
        task_id: None,
        state: q.state.as_deref().and_then(RectState::from_id),
        overdue: q.overdue.as_deref() == Some("true"),
        todo: q.todo.as_deref() == Some("true"),
    };
    let scope = caller.scope.clone();
    let list = state
        .run(move |s| s.rectifications(&scope, &filter))
        .await??;
    let overdue = list.iter().filter(|r| r.overdue).count();
    let sources: Vec<(&str, &str)> = RECT_SOURCES.to_vec();
    Ok(page(
        "rectifications.html",
        StatusCode::OK,
        base(&caller, "rectifications", "问题整改"),
        context! {
            list => list,
            overdue => overdue,
            may_raise => may_raise(&caller),
            sources => sources,
            filter_overdue => q.overdue.as_deref() == Some("true"),
            filter_todo => q.todo.as_deref() == Some("true"),
            prefill => minijinja::Value::from_serialize(&q.prefill),
        },
    ))
}

#[derive(Deserialize)]
pub struct RaiseForm {
    pub org_code: String,
    #[serde(default)]
    pub task_id: String,
    #[serde(default)]
    pub item_id: String,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub location: String,
    pub finding: String,
    pub requirement: String,
    pub deadline: String,
}

fn opt_id(text: &str, what: &str) -> Result<Option<i64>, ApiError> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    t.parse()
        .map(Some)
        .map_err(|_| ApiError::BadRequest(format!("{what}应为编号，而不是「{t}」")))
}

pub async fn raise(State(state): State<AppState>, form: CheckedForm<RaiseForm>) -> PageResult {
    let f = form.form;
    let new = NewRectification {
        org_code: f.org_code.trim().to_string(),
        task_id: opt_id(&f.task_id, "任务")?,
        item_id: opt_id(&f.item_id, "事项")?,
        source: if f.source.is_empty() {
            "manual".into()
        } else {
            f.source
        },
        code: f.code,
        location: f.location,
        finding: f.finding,
        requirement: f.requirement,
        deadline: f.deadline.trim().to_string(),
    };
    let scope = form.caller.scope.clone();
    let id = state
        .run(move |s| s.raise_rectification(&scope, &new))
        .await?
        .map_err(ApiError::from)?;
    Ok(Redirect::to(&format!("/rectifications/{id}")).into_response())
}

pub async fn show(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    Path(id): Path<String>,
) -> PageResult {
    let id = crate::api::id(&id)?;
    let scope = caller.scope.clone();
    let (rect, events) = state
        .run(move |s| s.rectification(&scope, id))
        .await??
        .ok_or(ApiError::NotFound)?;
    let events: Vec<minijinja::Value> = events
        .into_iter()
        .map(|e| {
            let label = RectAction::from_id(&e.action)
                .map(|a| a.label())
                .unwrap_or("提出问题");
            context! { label => label, e => e, to_label => e.to.label(), role_label => e.role.label() }
        })
        .collect();
    let actions: Vec<minijinja::Value> = rect
        .actions
        .iter()
        .map(|a| context! { id => a.id(), label => a.label() })
        .collect();
    Ok(page(
        "rectification.html",
        StatusCode::OK,
        base(&caller, "rectifications", "整改事项"),
        context! { r => rect, events => events, actions => actions },
    ))
}

#[derive(Deserialize)]
pub struct ActForm {
    pub action: String,
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub deadline: String,
}

pub async fn act(
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: CheckedForm<ActForm>,
) -> PageResult {
    let id = crate::api::id(&id)?;
    let f = form.form;
    let action = RectAction::from_id(&f.action)
        .ok_or_else(|| ApiError::BadRequest(format!("未知的操作「{}」", f.action)))?;
    let scope = form.caller.scope.clone();
    let deadline = Some(f.deadline.trim().to_string()).filter(|d| !d.is_empty());
    state
        .run(move |s| {
            s.act_on_rectification(&scope, id, action, Some(&f.text), deadline.as_deref())
        })
        .await?
        .map_err(ApiError::from)?;
    Ok(Redirect::to(&format!("/rectifications/{id}")).into_response())
}

// ---------------------------------------------------------------------------------------
// 绩效目标: the findings and the graded review of one item

pub async fn targets_page(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    Path(id): Path<String>,
) -> PageResult {
    let id = crate::api::id(&id)?;
    let item = crate::api::items::load(&state, &caller.scope, id).await?;
    if item.stage != jixiao_store::TARGETS_STAGE {
        return Err(ApiError::NotFound.into());
    }
    let diagnostics = crate::api::cycles::diagnostics_for(&state, &caller.scope, &item).await?;
    let can_review = item.relations.iter().any(|(role, rel)| {
        targets::available(item.state, *role, *rel, item.locked).contains(&TargetAction::Review)
    });
    let grades: Vec<(&str, &str)> = Grade::ALL.iter().map(|g| (g.id(), g.label())).collect();
    let review_grade = item
        .review_grade
        .as_deref()
        .and_then(Grade::parse)
        .map(|g| g.label());
    Ok(page(
        "targets.html",
        StatusCode::OK,
        base(&caller, "items", "绩效目标审核"),
        context! {
            item => item,
            state_label => targets::state_label(item.state),
            review_grade => review_grade,
            diagnostics => diagnostics,
            can_review => can_review,
            grades => grades,
        },
    ))
}

#[derive(Deserialize)]
pub struct ReviewForm {
    pub grade: String,
    #[serde(default)]
    pub opinion: String,
}

pub async fn targets_review(
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: CheckedForm<ReviewForm>,
) -> PageResult {
    let id = crate::api::id(&id)?;
    let grade = Grade::parse(&form.form.grade)
        .ok_or_else(|| ApiError::BadRequest("请选择审核等级：优、良、中或差".into()))?;
    let scope = form.caller.scope.clone();
    let opinion = form.form.opinion;
    state
        .run(move |s| s.review_targets(&scope, id, grade, Some(&opinion)))
        .await?
        .map_err(ApiError::from)?;
    Ok(Redirect::to(&format!("/items/{id}/targets")).into_response())
}
