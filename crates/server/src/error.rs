//! The one error type of the server. Each variant maps itself to a status code and a body
//! (`{"error": {"code", "message", …}}` for the API; pages render `error.html`). Internal
//! failures are logged with an incident number and shown only as that number: database
//! messages, paths and panics never reach a user.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use jixiao_store::{Conflict, SaveError, StoreError, TransitionError};
use jixiao_workflow::Refusal;
use serde_json::json;

use crate::doc::Problem;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 401: no valid session or token.
    #[error("请先登录")]
    Unauthenticated,
    /// 401: a login with a wrong username or password.
    #[error("用户名或密码错误")]
    BadCredentials,
    /// 403: a state-changing request with a session cookie but without the CSRF token.
    #[error("请求缺少有效的 CSRF 令牌：请刷新页面后重试")]
    Csrf,
    /// 403: an operation that is not about an item (opening tasks, …) the caller may not do.
    #[error("{0}")]
    Forbidden(String),
    /// 404: does not exist, or belongs to an organisation the caller cannot see.
    #[error("未找到")]
    NotFound,
    /// 409: the workflow refuses the action in the item's state, for the caller's role.
    #[error("{}", .0.message)]
    Refused(Refusal),
    /// 409: someone saved first; carries what changed.
    #[error("保存冲突：事项已被 {} 于 {} 修改为第 {} 版，请查看改动后重新编辑", .0.current_author, .0.current_at, .0.current_revision)]
    Conflict(Box<Conflict>),
    /// 422: the input could not be read; every problem, located.
    #[error("{message}")]
    Invalid {
        message: String,
        problems: Vec<Problem>,
    },
    /// 400: a malformed request.
    #[error("{0}")]
    BadRequest(String),
    /// 413: an upload over the limit.
    #[error("{0}")]
    TooLarge(String),
    /// 415: an upload of a type that is not accepted.
    #[error("{0}")]
    UnsupportedType(String),
    /// 429: too many failed logins.
    #[error("{0}")]
    Throttled(String),
    /// 503: the database cannot be reached.
    #[error("数据库暂时无法访问，请稍后再试")]
    Unavailable,
    /// 500: logged with an incident number; the user sees only the number.
    #[error("服务器内部错误")]
    Internal(String),
}

impl ApiError {
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::Unauthenticated | ApiError::BadCredentials => StatusCode::UNAUTHORIZED,
            ApiError::Csrf | ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound => StatusCode::NOT_FOUND,
            ApiError::Refused(_) | ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::Throttled(_) => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            ApiError::Unauthenticated => "unauthenticated",
            ApiError::BadCredentials => "invalid_credentials",
            ApiError::Csrf => "csrf",
            ApiError::Forbidden(_) => "forbidden",
            ApiError::NotFound => "not_found",
            ApiError::Refused(r) => r.code,
            ApiError::Conflict(_) => "conflict",
            ApiError::Invalid { .. } => "invalid",
            ApiError::BadRequest(_) => "bad_request",
            ApiError::TooLarge(_) => "too_large",
            ApiError::UnsupportedType(_) => "unsupported_type",
            ApiError::Throttled(_) => "throttled",
            ApiError::Unavailable => "unavailable",
            ApiError::Internal(_) => "internal",
        }
    }

    /// The message a user sees (for internal errors: the incident number only).
    pub fn public_message(&self) -> String {
        match self {
            ApiError::Internal(detail) => {
                let incident = incident_number();
                eprintln!("内部错误 #{incident}: {detail}");
                format!("服务器内部错误（事件编号 {incident}），请联系系统管理员")
            }
            other => other.to_string(),
        }
    }

    pub fn body(&self) -> serde_json::Value {
        let message = self.public_message();
        let mut error = json!({ "code": self.code(), "message": message });
        match self {
            ApiError::Conflict(c) => error["conflict"] = json!(c),
            ApiError::Invalid { problems, .. } => error["problems"] = json!(problems),
            _ => {}
        }
        json!({ "error": error })
    }
}

fn incident_number() -> String {
    jixiao_store::random_hex(4)
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status(), Json(self.body())).into_response()
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        match e {
            StoreError::NotFound => ApiError::NotFound,
            StoreError::Invalid(m) => ApiError::BadRequest(m),
            StoreError::Forbidden(m) => ApiError::Forbidden(m),
            StoreError::Unavailable(m) => {
                eprintln!("数据库不可用: {m}");
                ApiError::Unavailable
            }
            other => ApiError::Internal(other.to_string()),
        }
    }
}

impl From<SaveError> for ApiError {
    fn from(e: SaveError) -> ApiError {
        match e {
            SaveError::NotFound => ApiError::NotFound,
            SaveError::Refused(r) => ApiError::Refused(r),
            SaveError::Conflict(c) => ApiError::Conflict(c),
            SaveError::Store(s) => s.into(),
        }
    }
}

impl From<TransitionError> for ApiError {
    fn from(e: TransitionError) -> ApiError {
        match e {
            TransitionError::NotFound => ApiError::NotFound,
            TransitionError::Refused(r) => ApiError::Refused(r),
            TransitionError::Store(s) => s.into(),
        }
    }
}
