//! Server-rendered pages in Simplified Chinese. Handlers are thin: they call the same
//! functions as the API (`api::items`, `api::tasks`) and render a template. Every form
//! carries the session's CSRF token (`_csrf`), checked by [`CheckedForm`] or, for uploads,
//! by the handler before it reads the file.

pub mod cycles;
pub mod dashboard;
pub mod items;
pub mod login;
pub mod published;
pub mod tasks;
pub mod tokens;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use minijinja::context;
use serde::Serialize;

use crate::auth::{Caller, CheckedForm};
use crate::{ApiError, AppState};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/rectifications", get(cycles::list).post(cycles::raise))
        .route("/rectifications/{id}", get(cycles::show))
        .route("/rectifications/{id}/action", post(cycles::act))
        .route("/items/{id}/targets", get(cycles::targets_page))
        .route("/items/{id}/targets/review", post(cycles::targets_review))
        .route("/published", get(published::list).post(published::publish))
        .route("/published/{id}", get(published::show))
        .route("/published/{id}/withdraw", post(published::withdraw))
        .route("/", get(home))
        .route("/login", get(login::page).post(login::submit))
        .route("/logout", post(login::logout))
        .route("/todo", get(items::todo))
        .route("/items", get(items::all))
        .route("/items/{id}", get(items::show))
        .route("/items/{id}/transition", post(items::transition))
        .route("/items/{id}/edit", get(items::edit).post(items::save_sheet))
        .route("/items/{id}/text", get(items::text).post(items::save_text))
        .route("/items/{id}/upload", post(items::upload))
        .route("/items/{id}/score", get(items::score))
        .route("/items/{id}/revisions", get(items::revisions))
        .route("/items/{id}/review", get(dashboard::review))
        .route("/tasks", get(tasks::list).post(tasks::create))
        .route("/tasks/new", get(tasks::new))
        .route("/tasks/{id}", get(tasks::show))
        .route("/tasks/{id}/lock", post(tasks::lock))
        .route("/tasks/{id}/dashboard", get(dashboard::show))
        .route("/tokens", get(tokens::list).post(tokens::create))
        .route("/tokens/{id}/revoke", post(tokens::revoke))
}

/// `/`: the to-do list, or for an account that only reads (人大 / public) the published
/// results, the only thing it can see.
async fn home(crate::auth::PageCaller(caller): crate::auth::PageCaller) -> Redirect {
    if public_only(&caller) {
        Redirect::to("/published")
    } else {
        Redirect::to("/todo")
    }
}

/// Every grant of the caller is 只读.
pub fn public_only(caller: &Caller) -> bool {
    caller
        .scope
        .grants()
        .iter()
        .all(|g| g.role == jixiao_workflow::Role::ReadOnly)
}

#[derive(Serialize)]
pub struct GrantView {
    pub org_name: String,
    pub role_label: &'static str,
}

#[derive(Serialize)]
pub struct Me {
    pub display_name: String,
    pub grants: Vec<GrantView>,
}

#[derive(Serialize, Clone)]
pub struct Flash {
    pub kind: &'static str,
    pub text: String,
}

pub fn flash(kind: &'static str, text: impl Into<String>) -> Option<Flash> {
    Some(Flash {
        kind,
        text: text.into(),
    })
}

/// What every page's layout needs.
pub fn base(caller: &Caller, active: &str, title: &str) -> minijinja::Value {
    let me = Me {
        display_name: caller.scope.display_name().to_string(),
        grants: caller
            .scope
            .grants()
            .iter()
            .map(|g| GrantView {
                org_name: g.org_name.clone(),
                role_label: g.role.label(),
            })
            .collect(),
    };
    context! {
        me => me,
        csrf => caller.csrf.clone().unwrap_or_default(),
        active => active,
        public_only => public_only(caller),
        title => title,
        version => env!("CARGO_PKG_VERSION"),
    }
}

/// Render a page with the layout context merged in.
pub fn page(
    name: &str,
    status: StatusCode,
    base: minijinja::Value,
    ctx: minijinja::Value,
) -> Response {
    let merged = context! { ..ctx, ..base };
    match crate::templates::render(name, merged) {
        Ok(html) => (status, html).into_response(),
        Err(e) => error_page(&e),
    }
}

/// The error page for an error (status from the error; internals never shown).
pub fn error_page(e: &ApiError) -> Response {
    let heading = match e {
        ApiError::NotFound => "页面不存在",
        ApiError::Unauthenticated => "请先登录",
        ApiError::Csrf | ApiError::Forbidden(_) => "无权进行此操作",
        ApiError::Internal(_) => "服务器内部错误",
        ApiError::Unavailable => "暂时无法访问",
        _ => "无法完成操作",
    };
    let message = match e {
        ApiError::NotFound => "您要找的内容不存在，或不属于您可以查看的单位。".to_string(),
        other => other.public_message(),
    };
    let ctx = context! {
        heading => heading,
        message => message,
        title => heading,
        version => env!("CARGO_PKG_VERSION"),
    };
    match crate::templates::render("error.html", ctx) {
        Ok(html) => (e.status(), html).into_response(),
        Err(_) => (e.status(), message).into_response(),
    }
}

/// Turns page handler errors into error pages.
pub struct PageError(pub ApiError);

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        error_page(&self.0)
    }
}

impl From<ApiError> for PageError {
    fn from(e: ApiError) -> PageError {
        PageError(e)
    }
}

impl From<jixiao_store::StoreError> for PageError {
    fn from(e: jixiao_store::StoreError) -> PageError {
        PageError(e.into())
    }
}

pub type PageResult = Result<Response, PageError>;

/// A form with no fields of its own beyond `_csrf`.
#[derive(serde::Deserialize)]
pub struct Empty {}

pub type EmptyForm = CheckedForm<Empty>;
