//! jixiao-server: `jixiao serve`. [`app`] builds the whole HTTP application from an
//! [`AppState`]; tests drive it with `oneshot` and no socket, [`serve`] binds it.
//!
//! Layout: one module per resource under `api/` (JSON, described in `openapi.rs`) and
//! `pages/` (server-rendered Simplified-Chinese HTML from `templates/`, embedded); `auth.rs`
//! turns a session cookie or an API token into the caller's [`jixiao_store::Scope`];
//! `error.rs` is the one error type, mapping itself to a status and never showing
//! internals; `doc.rs` is the department-year pipeline (read → canonical TOML → validate →
//! evaluate) shared by every way of entering data. The store is synchronous and is called
//! through [`AppState::run`] on tokio's blocking pool.
//!
//! Nothing an instance needs is kept in memory between requests — sessions, throttling and
//! tokens are in the database — so several instances can serve one PostgreSQL.

pub mod api;
pub mod assets;
pub mod auth;
pub mod demo;
pub mod doc;
pub mod error;
pub mod openapi;
pub mod orgs_import;
pub mod pages;
pub mod templates;

use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};
use std::time::Instant;

use axum::extract::{DefaultBodyLimit, Request};
use axum::middleware::Next;
use axum::response::Response;
use axum::Router;
use jixiao_store::Store;

pub use error::ApiError;

/// Largest upload accepted (workbooks, TOML, JSON), bytes.
pub const MAX_UPLOAD: usize = 10 * 1024 * 1024;

/// How the server behaves (from the command line).
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Mark the session cookie `Secure` (behind an HTTPS reverse proxy).
    pub secure_cookies: bool,
    /// Take the client address from `X-Forwarded-For` (only behind a trusted proxy).
    pub trust_proxy: bool,
    /// Log each request to stderr.
    pub log_requests: bool,
}

/// Everything a request handler needs.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<Store>,
    pub config: Arc<Config>,
    fonts: Arc<OnceLock<Option<Arc<jixiao_report::FontSet>>>>,
}

impl AppState {
    pub fn new(store: Store, config: Config) -> AppState {
        AppState {
            store: Arc::new(store),
            config: Arc::new(config),
            fonts: Arc::new(OnceLock::new()),
        }
    }

    /// Run a (blocking) store call on tokio's blocking pool. (`block_in_place` was
    /// measured too: saves queueing on SQLite's one writer then tie up the async workers,
    /// and `jixiao bench serve` got slower.)
    pub async fn run<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> T + Send + 'static,
    {
        let store = Arc::clone(&self.store);
        tokio::task::spawn_blocking(move || f(&store))
            .await
            .map_err(|e| ApiError::Internal(format!("blocking task failed: {e}")))
    }

    /// The PDF fonts, found once per process (`None`: no usable CJK font on this machine).
    pub fn fonts(&self) -> Option<Arc<jixiao_report::FontSet>> {
        self.fonts
            .get_or_init(|| jixiao_report::FontSet::discover().ok().map(Arc::new))
            .clone()
    }
}

/// The whole application.
pub fn app(state: AppState) -> Router {
    let log = state.config.log_requests;
    Router::new()
        .merge(api::routes())
        .merge(pages::routes())
        .merge(assets::routes())
        .layer(DefaultBodyLimit::max(MAX_UPLOAD + 64 * 1024))
        .layer(axum::middleware::from_fn(
            move |req: Request, next: Next| security_headers(req, next, log),
        ))
        .with_state(state)
}

async fn security_headers(req: Request, next: Next, log: bool) -> Response {
    let start = Instant::now();
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    use axum::http::header::{self, HeaderValue};
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'; form-action 'self'",
        ),
    );
    if log {
        let us = start.elapsed().as_micros();
        eprintln!(
            "{} {method} {path} {} {}.{}ms",
            jixiao_store::now_rfc3339(),
            res.status().as_u16(),
            us / 1000,
            us % 1000 / 100
        );
    }
    res
}

/// Bind and serve until Ctrl-C / SIGTERM.
pub async fn serve(state: AppState, addr: SocketAddr) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    axum::serve(
        listener,
        app(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async {
        let ctrl_c = tokio::signal::ctrl_c();
        #[cfg(unix)]
        {
            let mut term =
                tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
                    .expect("a SIGTERM handler can be installed");
            tokio::select! {
                _ = ctrl_c => {},
                _ = term.recv() => {},
            }
        }
        #[cfg(not(unix))]
        {
            let _ = ctrl_c.await;
        }
    })
    .await
}
