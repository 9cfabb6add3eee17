//! People: `PUT`/`GET`/`DELETE /v1/candidates/{id}` and `POST /v1/candidates:bulk`.

use axum::extract::{Path, State};
use axum::response::Response;
use axum::Json;
use bole::engine::Engine;
use bole::import::{Format, ImportReport};
use bole::model::candidate_from_json;
use bole::Candidate;

use super::error::ApiError;
use super::fields::RecordId;
use super::ingest;
use super::params::{record_text, Body};
use super::records::{delete_one, written, Deleted, Written};
#[allow(unused_imports)] // named by the OpenAPI annotations
use super::schema::{Candidate as CandidateDoc, CandidateBody, CandidateLines, ErrorBody};
use super::{blocking, AppState};

#[utoipa::path(put, path = "/v1/candidates/{id}", tag = "candidates", operation_id = "put_candidate",
    summary = "Upsert one person (needs an API key); a missing `id` in the body is taken from the path",
    params(("id" = RecordId, Path)), security(("bearer" = [])),
    request_body(content = CandidateBody, content_type = "application/json"),
    responses((status = 200, description = "replaced an earlier record", body = Written),
        (status = 201, description = "a new record", body = Written), (status = 400, description = "a bad parameter or field; the message names it", body = ErrorBody), (status = 401, description = "missing or wrong API key (or reads closed to callers without one)", body = ErrorBody), (status = 413, description = "body larger than the configured limit", body = ErrorBody)))]
pub(super) async fn put_candidate(
    State(s): State<AppState>,
    Path(id): Path<String>,
    body: Body,
) -> Result<Response, ApiError> {
    let c = candidate_from_json(&record_text(&body, &id)?)?;
    let w = blocking(&s, move |e| Ok(e.put_candidates(std::slice::from_ref(&c))?)).await?;
    Ok(written(w.inserted > 0, "candidate", &id))
}

#[utoipa::path(get, path = "/v1/candidates/{id}", tag = "candidates", operation_id = "get_candidate",
    summary = "A person as stored", params(("id" = String, Path)),
    responses((status = 200, description = "the record", body = CandidateDoc), (status = 401, description = "missing or wrong API key (or reads closed to callers without one)", body = ErrorBody), (status = 404, description = "unknown id", body = ErrorBody)))]
pub(super) async fn get_candidate(
    State(s): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Candidate>, ApiError> {
    Ok(Json(blocking(&s, move |e| Ok(e.candidate(&id)?)).await?))
}

#[utoipa::path(delete, path = "/v1/candidates/{id}", tag = "candidates", operation_id = "delete_candidate",
    summary = "Delete a person (needs an API key)", params(("id" = String, Path)), security(("bearer" = [])),
    responses((status = 200, description = "deleted", body = Deleted), (status = 401, description = "missing or wrong API key (or reads closed to callers without one)", body = ErrorBody), (status = 404, description = "unknown id", body = ErrorBody)))]
pub(super) async fn delete_candidate(
    State(s): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Deleted>, ApiError> {
    delete_one(&s, "candidate", id, Engine::delete_candidates).await
}

#[utoipa::path(post, path = "/v1/candidates:bulk", tag = "candidates", operation_id = "bulk_candidates",
    summary = "Bulk upsert people from JSON Lines (needs an API key): good lines in one durable commit; the answer is the import report of docs/SCHEMA.md (every line stored or listed in `rejected` with its line, id, field and reason)",
    security(("bearer" = [])), request_body(content((CandidateLines = "application/json"), (CandidateLines = "application/x-ndjson")), description = "person records: a JSON array, or JSON Lines (one record a line)"),
    responses((status = 200, description = "the import report", body = ImportReport), (status = 400, description = "an empty body (no record), or a bad parameter", body = ErrorBody), (status = 401, description = "missing or wrong API key (or reads closed to callers without one)", body = ErrorBody),
        (status = 413, description = "body larger than the configured limit, or more than 100000 lines", body = ErrorBody)))]
/// `POST /v1/candidates:bulk`: as for jobs.
pub(super) async fn bulk_candidates(
    State(s): State<AppState>,
    body: Body,
) -> Result<Json<ImportReport>, ApiError> {
    Ok(Json(
        ingest::import(&s, ingest::Side::Candidates, Format::Jsonl, body).await?,
    ))
}
