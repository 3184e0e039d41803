//! API token pages.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use minijinja::context;
use serde::Deserialize;

use super::{base, page, EmptyForm, PageResult};
use crate::auth::{CheckedForm, PageCaller};
use crate::{ApiError, AppState};

async fn render(
    state: &AppState,
    caller: &crate::auth::Caller,
    secret: Option<String>,
) -> PageResult {
    let scope = caller.scope.clone();
    let tokens = state.run(move |s| s.tokens(&scope)).await??;
    Ok(page(
        "tokens.html",
        StatusCode::OK,
        base(caller, "tokens", "API 令牌"),
        context! { tokens => tokens, secret => secret },
    ))
}

pub async fn list(State(state): State<AppState>, PageCaller(caller): PageCaller) -> PageResult {
    render(&state, &caller, None).await
}

#[derive(Deserialize)]
pub struct NewToken {
    #[serde(default)]
    pub name: String,
}

pub async fn create(State(state): State<AppState>, form: CheckedForm<NewToken>) -> PageResult {
    let caller = form.caller;
    let scope = caller.scope.clone();
    let name = form.form.name;
    let (_, secret) = state.run(move |s| s.create_token(&scope, &name)).await??;
    render(&state, &caller, Some(secret)).await
}

pub async fn revoke(
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: EmptyForm,
) -> PageResult {
    let id = crate::api::id(&id)?;
    let scope = form.caller.scope.clone();
    if !state.run(move |s| s.revoke_token(&scope, id)).await?? {
        return Err(ApiError::NotFound.into());
    }
    Ok(Redirect::to("/tokens").into_response())
}
