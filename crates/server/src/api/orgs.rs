//! The organisations the caller can see.

use axum::extract::State;
use axum::Json;

use crate::auth::Caller;
use crate::{ApiError, AppState};

pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<serde_json::Value>, ApiError> {
    let orgs = state.run(move |s| s.organisations(&caller.scope)).await??;
    Ok(Json(serde_json::json!({ "organisations": orgs })))
}
