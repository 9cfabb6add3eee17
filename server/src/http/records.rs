//! What the job and candidate record handlers share: the write answer, deleting one record, and
//! reading a JSONL bulk body line by line.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use bole::engine::Engine;
use serde_json::{json, Value};

use super::error::ApiError;
use super::params::Body;
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

/// Largest number of lines in one bulk body.
const MAX_BULK_LINES: usize = 100_000;

pub(super) fn bulk<T: Send + 'static>(
    body: &Body,
    parse: fn(&str) -> bole::Result<T>,
    id_of: fn(&T) -> &str,
) -> Result<(Vec<T>, Vec<Value>), ApiError> {
    let text = body.text()?;
    let mut good = Vec::new();
    let mut results = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        if results.len() >= MAX_BULK_LINES {
            return Err(ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                format!("more than {MAX_BULK_LINES} records in one body; split it"),
            ));
        }
        let line_no = i + 1;
        match parse(line) {
            Ok(r) => {
                results.push(json!({"line": line_no, "id": id_of(&r), "ok": true}));
                good.push(r);
            }
            Err(e) => {
                let e = ApiError::from(e);
                results.push(json!({"line": line_no, "ok": false, "error": {"code": e.code, "message": e.message}}));
            }
        }
    }
    Ok((good, results))
}

pub(super) fn bulk_answer(
    imported: usize,
    w: bole::store::WriteSummary,
    results: Vec<Value>,
) -> Json<Value> {
    let rejected = results.len() - imported;
    Json(json!({
        "imported": imported,
        "inserted": w.inserted,
        "replaced": w.replaced,
        "rejected": rejected,
        "results": results,
    }))
}
