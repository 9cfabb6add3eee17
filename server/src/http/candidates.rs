//! People: `PUT`/`GET`/`DELETE /v1/candidates/{id}` and `POST /v1/candidates:bulk`.

use axum::extract::{Path, State};
use axum::response::Response;
use axum::Json;
use bole::engine::Engine;
use bole::import::{Format, ImportReport};
use bole::model::candidate_from_json;
use bole::Candidate;
use serde_json::Value;

use super::error::ApiError;
use super::ingest;
use super::params::{record_text, Body};
use super::records::{delete_one, written};
use super::{blocking, AppState};

pub(super) async fn put_candidate(
    State(s): State<AppState>,
    Path(id): Path<String>,
    body: Body,
) -> Result<Response, ApiError> {
    let c = candidate_from_json(&record_text(&body, &id)?)?;
    let w = blocking(&s, move |e| Ok(e.put_candidates(std::slice::from_ref(&c))?)).await?;
    Ok(written(w.inserted > 0, "candidate", &id))
}

pub(super) async fn get_candidate(
    State(s): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Candidate>, ApiError> {
    Ok(Json(blocking(&s, move |e| Ok(e.candidate(&id)?)).await?))
}

pub(super) async fn delete_candidate(
    State(s): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    delete_one(&s, "candidate", id, Engine::delete_candidates).await
}

/// `POST /v1/candidates:bulk`: as for jobs.
pub(super) async fn bulk_candidates(
    State(s): State<AppState>,
    body: Body,
) -> Result<Json<ImportReport>, ApiError> {
    Ok(Json(
        ingest::import(&s, ingest::Side::Candidates, Format::Jsonl, body).await?,
    ))
}
