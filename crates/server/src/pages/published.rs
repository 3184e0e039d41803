//! 结果公开 pages: the list of published results (every account; the 绩效管理员 also sees
//! withdrawn ones and the form to publish a task), one published result (its frozen
//! snapshot), and the withdraw form. Same store calls as `api::published`.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use minijinja::context;
use serde::Deserialize;

use super::{base, page, PageResult};
use crate::api::published::{parse_snapshot, publish_task};
use crate::auth::{CheckedForm, PageCaller};
use crate::{ApiError, AppState};
use jixiao_workflow::Role;

pub async fn list(State(state): State<AppState>, PageCaller(caller): PageCaller) -> PageResult {
    let scope = caller.scope.clone();
    let admin = scope.has_role(Role::PerfAdmin);
    let (list, tasks) = state
        .run(move |s| -> Result<_, jixiao_store::StoreError> {
            let list = s.publications(&scope)?;
            let tasks = if admin {
                s.tasks(&scope)?
                    .into_iter()
                    .filter(|t| t.stage == "self_eval")
                    .collect()
            } else {
                Vec::new()
            };
            Ok((list, tasks))
        })
        .await??;
    Ok(page(
        "published.html",
        StatusCode::OK,
        base(&caller, "published", "公开结果"),
        context! { list => list, admin => admin, tasks => tasks },
    ))
}

#[derive(Deserialize)]
pub struct PublishForm {
    pub task_id: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub title: String,
}

pub async fn publish(State(state): State<AppState>, form: CheckedForm<PublishForm>) -> PageResult {
    let f = form.form;
    let task_id = f
        .task_id
        .trim()
        .parse::<i64>()
        .map_err(|_| ApiError::BadRequest(format!("任务应为编号，而不是「{}」", f.task_id)))?;
    let kind = if f.kind.is_empty() {
        "results".to_string()
    } else {
        f.kind
    };
    let scope = form.caller.scope.clone();
    let p = state
        .run(move |s| publish_task(s, &scope, task_id, &kind, Some(&f.title)))
        .await??;
    Ok(Redirect::to(&format!("/published/{}", p.id)).into_response())
}

pub async fn show(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    Path(id): Path<String>,
) -> PageResult {
    let id = crate::api::id(&id)?;
    let scope = caller.scope.clone();
    let (p, text, events) = state
        .run(move |s| s.publication_snapshot(&scope, id))
        .await??
        .ok_or(ApiError::NotFound)?;
    let snap = parse_snapshot(&text)?;
    let title = p.title.clone();
    Ok(page(
        "publication.html",
        StatusCode::OK,
        base(&caller, "published", &title),
        context! {
            p => p,
            s => snap,
            events => events,
            admin => caller.scope.has_role(Role::PerfAdmin),
        },
    ))
}

#[derive(Deserialize)]
pub struct WithdrawForm {
    #[serde(default)]
    pub reason: String,
}

pub async fn withdraw(
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: CheckedForm<WithdrawForm>,
) -> PageResult {
    let id = crate::api::id(&id)?;
    let scope = form.caller.scope.clone();
    let reason = form.form.reason;
    state
        .run(move |s| s.withdraw_publication(&scope, id, &reason))
        .await??;
    Ok(Redirect::to(&format!("/published/{id}")).into_response())
}
