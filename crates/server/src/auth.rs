//! Who is calling: a session cookie (browsers) or `Authorization: Bearer <token>` (machine
//! clients), turned into the caller's [`Scope`] by the store. State-changing requests that
//! come with the session cookie must carry the session's CSRF token — in the
//! `X-CSRF-Token` header (API, htmx) or a `_csrf` form field (pages); token requests need
//! none, since a browser never attaches a bearer token by itself.

use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, Method};
use axum::response::{IntoResponse, Redirect, Response};
use jixiao_store::Scope;
use serde::de::DeserializeOwned;

use crate::{ApiError, AppState};

pub const SESSION_COOKIE: &str = "jixiao_session";
/// Double-submit cookie protecting the login form (there is no session yet).
pub const LOGIN_CSRF_COOKIE: &str = "jixiao_login_csrf";

/// The authenticated caller.
#[derive(Debug, Clone)]
pub struct Caller {
    pub scope: Scope,
    /// The session's CSRF token (`None` for API tokens).
    pub csrf: Option<String>,
    /// The session cookie value (for logout).
    pub session: Option<String>,
}

impl Caller {
    /// Check a CSRF token sent in a form or header against the session's.
    pub fn check_csrf(&self, sent: Option<&str>) -> Result<(), ApiError> {
        match &self.csrf {
            None => Ok(()),
            Some(expected) if sent.is_some_and(|s| constant_time_eq(s, expected)) => Ok(()),
            Some(_) => Err(ApiError::Csrf),
        }
    }
}

fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// A cookie's value from the request headers.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// The `Set-Cookie` value for a session.
pub fn session_cookie(state: &AppState, token: &str) -> String {
    format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{}",
        jixiao_store_session_lifetime(),
        if state.config.secure_cookies {
            "; Secure"
        } else {
            ""
        }
    )
}

fn jixiao_store_session_lifetime() -> i64 {
    12 * 3600
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn clear_session_cookie(state: &AppState) -> String {
    format!(
        "{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{}",
        if state.config.secure_cookies {
            "; Secure"
        } else {
            ""
        }
    )
}

/// The client's address for throttling: the socket peer, or the first `X-Forwarded-For`
/// entry when the server is told it sits behind a trusted proxy.
pub fn client_address(parts: &Parts, state: &AppState) -> String {
    if state.config.trust_proxy {
        if let Some(first) = parts
            .headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
        {
            return first.trim().to_string();
        }
    }
    parts
        .extensions
        .get::<ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_else(|| "local".to_string())
}

/// Find the caller from the cookie or the bearer token; `Ok(None)` when neither is valid.
pub async fn identify(parts: &Parts, state: &AppState) -> Result<Option<Caller>, ApiError> {
    if let Some(token) = parts
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
    {
        let token = token.trim().to_string();
        let scope = state.run(move |s| s.token_scope(&token)).await??;
        return Ok(scope.map(|scope| Caller {
            scope,
            csrf: None,
            session: None,
        }));
    }
    let Some(token) = cookie(&parts.headers, SESSION_COOKIE).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    let t = token.clone();
    let session = state.run(move |s| s.session(&t)).await??;
    Ok(session.map(|s| Caller {
        scope: s.scope,
        csrf: Some(s.csrf_token),
        session: Some(token),
    }))
}

fn is_safe(m: &Method) -> bool {
    matches!(*m, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// API extractor: 401 without a caller, 403 on a cookie request without the CSRF header.
impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Caller, ApiError> {
        let caller = identify(parts, state)
            .await?
            .ok_or(ApiError::Unauthenticated)?;
        if !is_safe(&parts.method) {
            let sent = parts
                .headers
                .get("x-csrf-token")
                .and_then(|v| v.to_str().ok());
            caller.check_csrf(sent)?;
        }
        Ok(caller)
    }
}

/// What a page does when there is no caller: send the browser to the login page.
pub enum PageReject {
    Login(String),
    Error(ApiError),
}

impl IntoResponse for PageReject {
    fn into_response(self) -> Response {
        match self {
            PageReject::Login(next) => {
                let next = if next.starts_with('/') && !next.starts_with("//") {
                    next
                } else {
                    "/".to_string()
                };
                let target = format!(
                    "/login?next={}",
                    serde_urlencoded::to_string([("", next.as_str())])
                        .unwrap_or_default()
                        .trim_start_matches('=')
                );
                Redirect::to(&target).into_response()
            }
            PageReject::Error(e) => crate::pages::error_page(&e),
        }
    }
}

impl From<ApiError> for PageReject {
    fn from(e: ApiError) -> PageReject {
        PageReject::Error(e)
    }
}

/// Page extractor (GET pages and multipart uploads, which check their `_csrf` field).
pub struct PageCaller(pub Caller);

impl FromRequestParts<AppState> for PageCaller {
    type Rejection = PageReject;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<PageCaller, PageReject> {
        match identify(parts, state).await? {
            Some(c) => Ok(PageCaller(c)),
            None => Err(PageReject::Login(
                parts
                    .uri
                    .path_and_query()
                    .map(|p| p.as_str().to_string())
                    .unwrap_or_else(|| "/".into()),
            )),
        }
    }
}

/// A page form post: the caller, the form's fields, its `_csrf` checked.
pub struct CheckedForm<T> {
    pub caller: Caller,
    pub form: T,
    /// Every field as sent, in order (forms with dynamic field names).
    pub fields: Vec<(String, String)>,
}

impl<T: DeserializeOwned + Send> FromRequest<AppState> for CheckedForm<T> {
    type Rejection = PageReject;

    async fn from_request(req: Request, state: &AppState) -> Result<CheckedForm<T>, PageReject> {
        let (mut parts, body) = req.into_parts();
        let PageCaller(caller) = PageCaller::from_request_parts(&mut parts, state).await?;
        let bytes = axum::body::to_bytes(body, 2 * 1024 * 1024)
            .await
            .map_err(|_| ApiError::TooLarge("表单内容过大（上限 2 MB）".into()))?;
        let fields: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes)
            .map_err(|_| ApiError::BadRequest("表单格式不正确".into()))?;
        let sent = fields
            .iter()
            .find(|(k, _)| k == "_csrf")
            .map(|(_, v)| v.as_str());
        caller.check_csrf(sent)?;
        let form: T = serde_urlencoded::from_bytes(&bytes)
            .map_err(|e| ApiError::BadRequest(format!("表单内容不正确：{e}")))?;
        Ok(CheckedForm {
            caller,
            form,
            fields,
        })
    }
}
