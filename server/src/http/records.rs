//! What the job and candidate record handlers share: the write answer and deleting one record
//! (bulk bodies go through `ingest`, the engine's one way in).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use bole::engine::Engine;
use serde::Serialize;
use utoipa::ToSchema;

use super::error::ApiError;
use super::{blocking, AppState};

/// A record written (durable when answered).
#[derive(Serialize, ToSchema)]
pub(super) struct Written {
    id: String,
    /// `job` or `candidate`.
    kind: &'static str,
    /// True when the id was new (answered 201), false when it replaced a record (200).
    created: bool,
}

/// A record deleted.
#[derive(Serialize, ToSchema)]
pub(super) struct Deleted {
    id: String,
    /// `job` or `candidate`.
    kind: &'static str,
    deleted: bool,
}

pub(super) fn written(created: bool, kind: &'static str, id: &str) -> Response {
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    let w = Written {
        id: id.to_string(),
        kind,
        created,
    };
    (status, Json(w)).into_response()
}

/// Delete one record of `kind` with the engine's delete for that side; 404 when it did not exist.
pub(super) async fn delete_one(
    s: &AppState,
    kind: &'static str,
    id: String,
    delete: fn(&Engine, &[&str]) -> bole::Result<Vec<String>>,
) -> Result<Json<Deleted>, ApiError> {
    let key = id.clone();
    let gone = blocking(s, move |e| Ok(delete(e, &[key.as_str()])?)).await?;
    if gone.is_empty() {
        return Err(ApiError::not_found(kind, &id));
    }
    Ok(Json(Deleted {
        id,
        kind,
        deleted: true,
    }))
}
