//! Vacancies: `PUT`/`GET`/`DELETE /v1/jobs/{id}` and `POST /v1/jobs:bulk`.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use bole::engine::Engine;
use bole::import::{Format, ImportReport};
use bole::model::job_from_json;
use serde_json::Value;

use super::error::ApiError;
use super::ingest;
use super::params::{record_text, Body};
use super::records::{delete_one, written};
use super::{blocking, AppState};

pub(super) async fn put_job(
    State(s): State<AppState>,
    Path(id): Path<String>,
    body: Body,
) -> Result<Response, ApiError> {
    let job = job_from_json(&record_text(&body, &id)?)?;
    let w = blocking(&s, move |e| Ok(e.put_jobs(std::slice::from_ref(&job))?)).await?;
    Ok(written(w.inserted > 0, "job", &id))
}

pub(super) async fn get_job(
    State(s): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    // In-memory map lookups: cheap enough for the async worker.
    let e = s.engine();
    let entry = e.job(&id)?;
    let open = e.open_places(&entry.job);
    if open == entry.job.places() {
        return Ok(Json(&entry.job).into_response());
    }
    // A vacancy with hires also says how many places are open, and when none is: 已招满.
    let mut v = serde_json::to_value(&entry.job).map_err(|e| ApiError::internal(e.to_string()))?;
    if let Value::Object(o) = &mut v {
        o.insert("open_places".into(), open.into());
        o.insert("filled".into(), (open == 0).into());
        if open == 0 {
            o.insert("fill_status".into(), "已招满".into());
        }
    }
    Ok(Json(v).into_response())
}

pub(super) async fn delete_job(
    State(s): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    delete_one(&s, "job", id, Engine::delete_jobs).await
}

/// `POST /v1/jobs:bulk`: JSONL body; the good lines are stored in one durable commit, bad lines
/// are reported by line, id, field and reason (the import report of docs/SCHEMA.md).
pub(super) async fn bulk_jobs(
    State(s): State<AppState>,
    body: Body,
) -> Result<Json<ImportReport>, ApiError> {
    Ok(Json(
        ingest::import(&s, ingest::Side::Jobs, Format::Jsonl, body).await?,
    ))
}
