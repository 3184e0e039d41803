//! Logging in and out, and who the caller is.

use axum::extract::{FromRequestParts, State};
use axum::http::{header, request::Parts, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use jixiao_store::LoginError;
use serde::Deserialize;
use serde_json::json;

use crate::auth::{self, Caller};
use crate::{ApiError, AppState};

pub async fn healthz(State(state): State<AppState>) -> Response {
    match state.run(|s| s.ping()).await {
        Ok(Ok(())) => (StatusCode::OK, Json(json!({ "status": "ok" }))).into_response(),
        _ => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({ "status": "unavailable" })),
        )
            .into_response(),
    }
}

#[derive(Deserialize)]
pub struct LoginBody {
    pub username: String,
    pub password: String,
}

/// The address a login comes from (an extractor, so handlers can take it beside a body).
pub struct ClientAddress(pub String);

impl FromRequestParts<AppState> for ClientAddress {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        Ok(ClientAddress(auth::client_address(parts, state)))
    }
}

/// Check the password, open a session; shared by the API and the login page.
pub async fn open_session(
    state: &AppState,
    username: String,
    password: String,
    address: String,
) -> Result<jixiao_store::LoginOk, ApiError> {
    if username.chars().count() > 100 || password.chars().count() > 200 {
        return Err(ApiError::BadCredentials);
    }
    match state
        .run(move |s| s.login(&username, &password, &address))
        .await??
    {
        Ok(ok) => Ok(ok),
        Err(LoginError::Invalid) => Err(ApiError::BadCredentials),
        Err(e @ LoginError::Throttled { .. }) => Err(ApiError::Throttled(e.to_string())),
    }
}

pub fn me_json(scope: &jixiao_store::Scope, csrf: Option<&str>) -> serde_json::Value {
    json!({
        "username": scope.username(),
        "display_name": scope.display_name(),
        "grants": scope.grants().iter().map(|g| json!({
            "role": g.role.id(),
            "role_label": g.role.label(),
            "org_code": g.org_code,
            "org_name": g.org_name,
        })).collect::<Vec<_>>(),
        "csrf_token": csrf,
    })
}

pub async fn login(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    body: Result<Json<LoginBody>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(body) = body.map_err(|_| {
        ApiError::BadRequest("请求体应为 JSON：{\"username\": \"…\", \"password\": \"…\"}".into())
    })?;
    let ok = open_session(&state, body.username, body.password, address).await?;
    let cookie = auth::session_cookie(&state, &ok.token);
    Ok((
        StatusCode::OK,
        [(header::SET_COOKIE, cookie)],
        Json(me_json(&ok.scope, Some(&ok.csrf_token))),
    )
        .into_response())
}

pub async fn logout(State(state): State<AppState>, caller: Caller) -> Result<Response, ApiError> {
    if let Some(token) = caller.session.clone() {
        state.run(move |s| s.end_session(&token)).await??;
    }
    Ok((
        StatusCode::OK,
        [(header::SET_COOKIE, auth::clear_session_cookie(&state))],
        Json(json!({ "status": "logged_out" })),
    )
        .into_response())
}

pub async fn me(caller: Caller) -> Json<serde_json::Value> {
    Json(me_json(&caller.scope, caller.csrf.as_deref()))
}
