//! Tasks: list, open (绩效管理员), lock.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use jixiao_store::{NewTask, Task};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::auth::Caller;
use crate::{ApiError, AppState};

#[derive(Serialize)]
pub struct TaskView {
    #[serde(flatten)]
    pub task: Task,
    pub stage_label: &'static str,
}

pub fn stage_label(stage: &str) -> &'static str {
    match stage {
        "self_eval" => "年度自评",
        _ => "其他",
    }
}

pub fn view(task: Task) -> TaskView {
    TaskView {
        stage_label: stage_label(&task.stage),
        task,
    }
}

pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<serde_json::Value>, ApiError> {
    let tasks = state.run(move |s| s.tasks(&caller.scope)).await??;
    Ok(Json(
        json!({ "tasks": tasks.into_iter().map(view).collect::<Vec<_>>() }),
    ))
}

pub async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<TaskView>, ApiError> {
    let id = super::id(&id)?;
    let task = state.run(move |s| s.task(&caller.scope, id)).await??;
    task.map(|t| Json(view(t))).ok_or(ApiError::NotFound)
}

#[derive(Deserialize)]
pub struct NewTaskBody {
    pub title: String,
    pub year: i64,
    #[serde(default = "self_eval")]
    pub stage: String,
    pub framework: String,
    #[serde(default)]
    pub grade_bands: String,
    pub opens_on: String,
    pub due_on: String,
    pub org_codes: Vec<String>,
}

fn self_eval() -> String {
    "self_eval".into()
}

/// Check what the store cannot: the stage and framework exist, the bands parse.
pub fn check_new_task(body: &NewTaskBody) -> Result<(), ApiError> {
    if body.stage != "self_eval" {
        return Err(ApiError::BadRequest(format!(
            "不支持的阶段「{}」：目前只有 self_eval（年度自评）",
            body.stage
        )));
    }
    if jixiao_engine::builtin(&body.framework).is_none() {
        return Err(ApiError::BadRequest(format!(
            "评价框架「{}」不是内置框架（{}）",
            body.framework,
            jixiao_engine::BUILTIN_IDS.join("、")
        )));
    }
    crate::doc::parse_grade_bands(&body.grade_bands).map_err(ApiError::BadRequest)?;
    if body.org_codes.len() > 10_000 {
        return Err(ApiError::BadRequest("一个任务最多覆盖 10000 个组织".into()));
    }
    Ok(())
}

pub async fn open_task(
    state: &AppState,
    caller: Caller,
    body: NewTaskBody,
) -> Result<i64, ApiError> {
    check_new_task(&body)?;
    let task = NewTask {
        title: body.title,
        year: body.year,
        stage: body.stage,
        framework: body.framework,
        grade_bands: body.grade_bands,
        opens_on: body.opens_on,
        due_on: body.due_on,
        org_codes: body.org_codes,
    };
    Ok(state
        .run(move |s| s.create_task(&caller.scope, &task))
        .await??)
}

pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    body: Result<Json<NewTaskBody>, axum::extract::rejection::JsonRejection>,
) -> Result<(StatusCode, Json<serde_json::Value>), ApiError> {
    let Json(body) =
        body.map_err(|e| ApiError::BadRequest(format!("请求体不正确：{}", e.body_text())))?;
    let id = open_task(&state, caller, body).await?;
    Ok((StatusCode::CREATED, Json(json!({ "id": id }))))
}

#[derive(Deserialize)]
pub struct LockBody {
    pub locked: bool,
}

pub async fn lock(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    body: Result<Json<LockBody>, axum::extract::rejection::JsonRejection>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let id = super::id(&id)?;
    let Json(body) =
        body.map_err(|_| ApiError::BadRequest("请求体应为 JSON：{\"locked\": true}".into()))?;
    let found = state
        .run(move |s| s.set_task_locked(&caller.scope, id, body.locked))
        .await??;
    if found {
        Ok(Json(json!({ "id": id, "locked": body.locked })))
    } else {
        Err(ApiError::NotFound)
    }
}
