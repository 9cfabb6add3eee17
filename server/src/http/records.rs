//! What the job and candidate record handlers share: the write answer and deleting one record
//! (bulk bodies go through `ingest`, the engine's one way in).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use bole::engine::Engine;
use serde_json::{json, Value};

use super::error::ApiError;
use super::{blocking, AppState};

pub(super) fn written(created: bool, kind: &str, id: &str) -> Response {
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    (
        status,
        Json(json!({"id": id, "kind": kind, "created": created})),
    )
        .into_response()
}

/// Delete one record of `kind` with the engine's delete for that side; 404 when it did not exist.
pub(super) async fn delete_one(
    s: &AppState,
    kind: &'static str,
    id: String,
    delete: fn(&Engine, &[&str]) -> bole::Result<Vec<String>>,
) -> Result<Json<Value>, ApiError> {
    let key = id.clone();
    let gone = blocking(s, move |e| Ok(delete(e, &[key.as_str()])?)).await?;
    if gone.is_empty() {
        return Err(ApiError::not_found(kind, &id));
    }
    Ok(Json(json!({"id": id, "kind": kind, "deleted": true})))
}
