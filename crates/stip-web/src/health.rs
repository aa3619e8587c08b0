//! Liveness and readiness for load balancers and orchestrators.

use crate::AppState;
use crate::error::{ApiError, ErrorCode};
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{Value, json};

pub(crate) fn router() -> Router<AppState> {
    Router::new().route("/health/live", get(live)).route("/health/ready", get(ready))
}

/// The process runs and answers.
async fn live() -> Json<Value> {
    Json(json!({"status": "ok"}))
}

/// The process can do its work: the database answers. It names the dataset versions it serves (id, kind, name,
/// version), so that the instances behind one load balancer can be seen to serve the same, and this instance's id,
/// the holder an operator finds on the leases of periodic work (table `taak_lease`).
async fn ready(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    state
        .store()
        .ping()
        .await
        .map_err(|e| ApiError::new(ErrorCode::DatabaseUnavailable, e.to_string()).with_instance("/health/ready"))?;
    let kennis = state.kennis();
    Ok(Json(json!({
        "status": "ok",
        "database": state.store().backend(),
        "datasets": kennis.versies,
        "instantie": state.app().instantie(),
    })))
}
