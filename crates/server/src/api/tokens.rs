//! Revocable API tokens for machine clients: `Authorization: Bearer <token>`.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use serde_json::json;

use crate::auth::Caller;
use crate::{ApiError, AppState};

pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<serde_json::Value>, ApiError> {
    let tokens = state.run(move |s| s.tokens(&caller.scope)).await??;
    Ok(Json(json!({ "tokens": tokens })))
}

#[derive(Deserialize)]
pub struct NewToken {
    pub name: String,
}

pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    body: Result<Json<NewToken>, axum::extract::rejection::JsonRejection>,
) -> Result<(StatusCode, Json<serde_json::Value>), ApiError> {
    let Json(body) =
        body.map_err(|_| ApiError::BadRequest("请求体应为 JSON：{\"name\": \"…\"}".into()))?;
    let (info, secret) = state
        .run(move |s| s.create_token(&caller.scope, &body.name))
        .await??;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "token": info, "secret": secret, "note": "令牌只显示这一次，请妥善保存" })),
    ))
}

pub async fn revoke(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let id = super::id(&id)?;
    if state
        .run(move |s| s.revoke_token(&caller.scope, id))
        .await??
    {
        Ok(Json(json!({ "status": "revoked" })))
    } else {
        Err(ApiError::NotFound)
    }
}
