//! The login page (protected by a double-submit cookie, since there is no session yet) and
//! logout.

use axum::extract::{Query, State};
use axum::http::{header, request::Parts, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use minijinja::context;
use serde::Deserialize;

use super::EmptyForm;
use crate::auth::{self, LOGIN_CSRF_COOKIE};
use crate::{ApiError, AppState};

#[derive(Deserialize, Default)]
pub struct LoginQuery {
    pub next: Option<String>,
}

fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.starts_with("/\\") => {
            n.to_string()
        }
        _ => "/".to_string(),
    }
}

fn render(
    state: &AppState,
    next: &str,
    username: &str,
    error: Option<String>,
    status: StatusCode,
) -> Response {
    let token = jixiao_store::random_hex(16);
    let cookie = format!(
        "{LOGIN_CSRF_COOKIE}={token}; Path=/login; HttpOnly; SameSite=Strict; Max-Age=3600{}",
        if state.config.secure_cookies {
            "; Secure"
        } else {
            ""
        }
    );
    let ctx = context! {
        title => "登录",
        login_csrf => token,
        next => next,
        username => username,
        error => error,
        version => env!("CARGO_PKG_VERSION"),
    };
    match crate::templates::render("login.html", ctx) {
        Ok(html) => (status, [(header::SET_COOKIE, cookie)], html).into_response(),
        Err(e) => super::error_page(&e),
    }
}

pub async fn page(State(state): State<AppState>, parts: Parts) -> Response {
    let q: LoginQuery = Query::try_from_uri(&parts.uri)
        .map(|q| q.0)
        .unwrap_or_default();
    let next = safe_next(q.next.as_deref());
    if let Ok(Some(_)) = auth::identify(&parts, &state).await {
        return Redirect::to(&next).into_response();
    }
    render(&state, &next, "", None, StatusCode::OK)
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(rename = "_csrf", default)]
    pub csrf: String,
    #[serde(default)]
    pub username: String,
    #[serde(default)]
    pub password: String,
    #[serde(default)]
    pub next: Option<String>,
}

pub async fn submit(
    State(state): State<AppState>,
    parts: Parts,
    form: Result<Form<LoginForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    let Ok(Form(form)) = form else {
        return render(
            &state,
            "/todo",
            "",
            Some("表单格式不正确".into()),
            StatusCode::BAD_REQUEST,
        );
    };
    let next = safe_next(form.next.as_deref());
    let expected = auth::cookie(&parts.headers, LOGIN_CSRF_COOKIE);
    if expected.as_deref() != Some(form.csrf.as_str()) || form.csrf.is_empty() {
        return render(
            &state,
            &next,
            &form.username,
            Some("登录页面已过期，请重新输入后登录".into()),
            StatusCode::FORBIDDEN,
        );
    }
    let address = auth::client_address(&parts, &state);
    match crate::api::session::open_session(&state, form.username.clone(), form.password, address)
        .await
    {
        Ok(ok) => (
            [(header::SET_COOKIE, auth::session_cookie(&state, &ok.token))],
            Redirect::to(&next),
        )
            .into_response(),
        Err(e @ (ApiError::BadCredentials | ApiError::Throttled(_))) => {
            let status = e.status();
            render(
                &state,
                &next,
                &form.username,
                Some(e.public_message()),
                status,
            )
        }
        Err(e) => super::error_page(&e),
    }
}

pub async fn logout(State(state): State<AppState>, form: EmptyForm) -> Response {
    if let Some(token) = form.caller.session.clone() {
        let _ = state.run(move |s| s.end_session(&token)).await;
    }
    (
        [(header::SET_COOKIE, auth::clear_session_cookie(&state))],
        Redirect::to("/login"),
    )
        .into_response()
}
