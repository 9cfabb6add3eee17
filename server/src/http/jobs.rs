//! Vacancies: `PUT`/`GET`/`DELETE /v1/jobs/{id}` and `POST /v1/jobs:bulk`.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use bole::engine::Engine;
use bole::import::{Format, ImportReport};
use bole::model::job_from_json;

use super::error::ApiError;
use super::fields::RecordId;
use super::ingest;
use super::params::{record_text, Body};
use super::records::{delete_one, written, Deleted, Written};
#[allow(unused_imports)] // named by the OpenAPI annotations
use super::schema::{ErrorBody, Job as JobDoc, JobBody, JobLines};
use super::{blocking, AppState};

#[utoipa::path(put, path = "/v1/jobs/{id}", tag = "jobs", operation_id = "put_job",
    summary = "Upsert one vacancy (needs an API key); a missing `id` in the body is taken from the path",
    params(("id" = RecordId, Path)), security(("bearer" = [])),
    request_body(content = JobBody, content_type = "application/json"),
    responses((status = 200, description = "replaced an earlier record", body = Written),
        (status = 201, description = "a new record", body = Written), (status = 400, description = "a bad parameter or field; the message names it", body = ErrorBody), (status = 401, description = "missing or wrong API key (or reads closed to callers without one)", body = ErrorBody), (status = 413, description = "body larger than the configured limit", body = ErrorBody)))]
pub(super) async fn put_job(
    State(s): State<AppState>,
    Path(id): Path<String>,
    body: Body,
) -> Result<Response, ApiError> {
    let job = job_from_json(&record_text(&body, &id)?)?;
    let w = blocking(&s, move |e| Ok(e.put_jobs(std::slice::from_ref(&job))?)).await?;
    Ok(written(w.inserted > 0, "job", &id))
}

#[utoipa::path(get, path = "/v1/jobs/{id}", tag = "jobs", operation_id = "get_job",
    summary = "A vacancy as stored", params(("id" = String, Path)),
    responses((status = 200, description = "the record", body = JobDoc), (status = 401, description = "missing or wrong API key (or reads closed to callers without one)", body = ErrorBody), (status = 404, description = "unknown id", body = ErrorBody)))]
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
    if let serde_json::Value::Object(o) = &mut v {
        o.insert("open_places".into(), open.into());
        o.insert("filled".into(), (open == 0).into());
        if open == 0 {
            o.insert("fill_status".into(), "已招满".into());
        }
    }
    Ok(Json(v).into_response())
}

#[utoipa::path(delete, path = "/v1/jobs/{id}", tag = "jobs", operation_id = "delete_job",
    summary = "Delete a vacancy (needs an API key)", params(("id" = String, Path)), security(("bearer" = [])),
    responses((status = 200, description = "deleted", body = Deleted), (status = 401, description = "missing or wrong API key (or reads closed to callers without one)", body = ErrorBody), (status = 404, description = "unknown id", body = ErrorBody)))]
pub(super) async fn delete_job(
    State(s): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Deleted>, ApiError> {
    delete_one(&s, "job", id, Engine::delete_jobs).await
}

#[utoipa::path(post, path = "/v1/jobs:bulk", tag = "jobs", operation_id = "bulk_jobs",
    summary = "Bulk upsert vacancies from JSON Lines (needs an API key): good lines in one durable commit; the answer is the import report of docs/SCHEMA.md (every line stored or listed in `rejected` with its line, id, field and reason)",
    security(("bearer" = [])), request_body(content((JobLines = "application/json"), (JobLines = "application/x-ndjson")), description = "vacancy records: a JSON array, or JSON Lines (one record a line)"),
    responses((status = 200, description = "the import report", body = ImportReport), (status = 400, description = "an empty body (no record), or a bad parameter", body = ErrorBody), (status = 401, description = "missing or wrong API key (or reads closed to callers without one)", body = ErrorBody),
        (status = 413, description = "body larger than the configured limit, or more than 100000 lines", body = ErrorBody)))]
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
