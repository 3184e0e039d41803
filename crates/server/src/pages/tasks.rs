//! Task pages: the list, one task, opening a task (绩效管理员), locking.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use jixiao_store::{Role, Task};
use jixiao_workflow::State as ItemState;
use minijinja::context;
use serde::{Deserialize, Serialize};

use super::{base, page, PageResult};
use crate::api::tasks::{open_task, stage_label, NewTaskBody};
use crate::auth::{CheckedForm, PageCaller};
use crate::{ApiError, AppState};

#[derive(Serialize)]
struct CountLabel {
    state: String,
    label: &'static str,
    n: i64,
}

fn task_view(t: Task) -> minijinja::Value {
    let mut counts: Vec<CountLabel> = t
        .counts
        .iter()
        .map(|(s, n)| CountLabel {
            label: ItemState::from_id(s).map(|s| s.label()).unwrap_or("其他"),
            state: s.clone(),
            n: *n,
        })
        .collect();
    counts.sort_by_key(|c| ItemState::from_id(&c.state));
    context! {
        count_labels => counts,
        stage_label => stage_label(&t.stage),
        ..minijinja::Value::from_serialize(&t)
    }
}

pub async fn list(State(state): State<AppState>, PageCaller(caller): PageCaller) -> PageResult {
    let scope = caller.scope.clone();
    let tasks = state.run(move |s| s.tasks(&scope)).await??;
    let is_admin = caller.scope.has_role(Role::PerfAdmin);
    let tasks: Vec<_> = tasks.into_iter().map(task_view).collect();
    Ok(page(
        "tasks.html",
        StatusCode::OK,
        base(&caller, "tasks", "任务"),
        context! { tasks => tasks, is_admin => is_admin },
    ))
}

pub async fn show(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    Path(id): Path<String>,
) -> PageResult {
    let id = crate::api::id(&id)?;
    let scope = caller.scope.clone();
    let task = state
        .run(move |s| s.task(&scope, id))
        .await??
        .ok_or(ApiError::NotFound)?;
    let is_admin = caller.scope.has_role(Role::PerfAdmin);
    let title = task.title.clone();
    Ok(page(
        "task.html",
        StatusCode::OK,
        base(&caller, "tasks", &title),
        context! { task => task_view(task), is_admin => is_admin, can_dashboard => crate::api::dashboard::may_view(&caller.scope) },
    ))
}

#[derive(Deserialize, Serialize, Default)]
pub struct TaskForm {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub year: String,
    #[serde(default)]
    pub framework: String,
    #[serde(default)]
    pub opens_on: String,
    #[serde(default)]
    pub due_on: String,
    #[serde(default)]
    pub grade_bands: String,
}

async fn new_page(
    state: &AppState,
    caller: &crate::auth::Caller,
    form: TaskForm,
    checked: Vec<String>,
    error: Option<String>,
    status: StatusCode,
) -> PageResult {
    if !caller.scope.has_role(Role::PerfAdmin) {
        return Err(ApiError::Forbidden("只有绩效管理员可以发布任务".into()).into());
    }
    let scope = caller.scope.clone();
    let orgs = state.run(move |s| s.organisations(&scope)).await??;
    let orgs: Vec<_> = orgs
        .into_iter()
        .filter(|o| matches!(o.kind, jixiao_store::OrgKind::Department | jixiao_store::OrgKind::Unit))
        .map(|o| {
            let is_checked = checked.is_empty() || checked.contains(&o.code);
            context! { code => o.code, name => o.name, kind_label => o.kind.label(), checked => is_checked }
        })
        .collect();
    let frameworks: Vec<_> = jixiao_engine::BUILTIN_IDS
        .iter()
        .filter_map(|id| jixiao_engine::builtin(id))
        .map(|f| context! { id => f.id, name => f.name })
        .collect();
    Ok(page(
        "task_new.html",
        status,
        base(caller, "tasks", "发布任务"),
        context! { form => form, orgs => orgs, frameworks => frameworks, error => error },
    ))
}

pub async fn new(State(state): State<AppState>, PageCaller(caller): PageCaller) -> PageResult {
    let today = jixiao_store::today();
    let year: i64 = today[..4].parse().unwrap_or(2025);
    let form = TaskForm {
        title: format!("{} 年度部门整体绩效自评", year - 1),
        year: (year - 1).to_string(),
        framework: "longhua-4e".into(),
        opens_on: today.clone(),
        due_on: format!("{year}-03-31"),
        grade_bands: String::new(),
    };
    new_page(&state, &caller, form, Vec::new(), None, StatusCode::OK).await
}

pub async fn create(State(state): State<AppState>, form: CheckedForm<TaskForm>) -> PageResult {
    let caller = form.caller;
    let orgs: Vec<String> = form
        .fields
        .iter()
        .filter(|(k, _)| k == "org")
        .map(|(_, v)| v.clone())
        .collect();
    let f = form.form;
    let Ok(year) = f.year.trim().parse::<i64>() else {
        return new_page(
            &state,
            &caller,
            f,
            orgs,
            Some("年度应为整数".into()),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    let body = NewTaskBody {
        title: f.title.clone(),
        year,
        stage: "self_eval".into(),
        framework: f.framework.clone(),
        grade_bands: f.grade_bands.clone(),
        opens_on: f.opens_on.clone(),
        due_on: f.due_on.clone(),
        org_codes: orgs.clone(),
    };
    match open_task(&state, caller.clone(), body).await {
        Ok(id) => Ok(Redirect::to(&format!("/tasks/{id}")).into_response()),
        Err(ApiError::BadRequest(m)) => {
            new_page(
                &state,
                &caller,
                f,
                orgs,
                Some(m),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct LockForm {
    pub locked: String,
}

pub async fn lock(
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: CheckedForm<LockForm>,
) -> PageResult {
    let id = crate::api::id(&id)?;
    let locked = form.form.locked == "true";
    let scope = form.caller.scope.clone();
    if !state
        .run(move |s| s.set_task_locked(&scope, id, locked))
        .await??
    {
        return Err(ApiError::NotFound.into());
    }
    Ok(Redirect::to(&format!("/tasks/{id}")).into_response())
}
