//! The JSON API: everything the pages do, for machine clients (API token) and scripts
//! (session cookie + `X-CSRF-Token`). Described in `/api/openapi.json` (`openapi.rs`).

pub mod cycles;
pub mod dashboard;
pub mod items;
pub mod orgs;
pub mod published;
pub mod review;
pub mod session;
pub mod tasks;
pub mod tokens;

use axum::routing::{delete, get, post};
use axum::Router;

use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(cycles::routes())
        .merge(published::routes())
        .route("/healthz", get(session::healthz))
        .route("/api/openapi.json", get(crate::openapi::document))
        .route("/api/session", post(session::login).delete(session::logout))
        .route("/api/me", get(session::me))
        .route("/api/schema", get(items::schema))
        .route("/api/orgs", get(orgs::list))
        .route("/api/tasks", get(tasks::list).post(tasks::create))
        .route("/api/tasks/{id}", get(tasks::show))
        .route("/api/tasks/{id}/lock", post(tasks::lock))
        .route("/api/tasks/{id}/dashboard", get(dashboard::show))
        .route("/api/items", get(items::list))
        .route("/api/items/{id}", get(items::show))
        .route(
            "/api/items/{id}/document",
            get(items::document).put(items::save),
        )
        .route("/api/items/{id}/upload", post(items::upload))
        .route("/api/items/{id}/revisions", get(items::revisions))
        .route("/api/items/{id}/diff", get(items::diff))
        .route("/api/items/{id}/history", get(items::history))
        .route("/api/items/{id}/transitions", post(items::transition))
        .route("/api/items/{id}/evaluation", get(items::evaluation))
        .route("/api/items/{id}/report", get(items::report))
        .route("/api/items/{id}/workbook", get(items::workbook))
        .route("/api/items/{id}/review", get(review::show))
        .route("/api/tokens", get(tokens::list).post(tokens::create))
        .route("/api/tokens/{id}", delete(tokens::revoke))
}

/// Parse a path id; anything that is not a positive integer is simply not found.
pub fn id(raw: &str) -> Result<i64, crate::ApiError> {
    raw.parse::<i64>()
        .ok()
        .filter(|i| *i > 0)
        .ok_or(crate::ApiError::NotFound)
}
