//! Matches: `GET /v1/candidates/{id}/matches`, `GET /v1/jobs/{id}/matches` and `POST /v1/match`.

use axum::extract::{Path, State};
use axum::Json;
use bole::engine::{CandidateMatch, JobMatch};
use bole::model::candidate_from_json;
use serde::Serialize;
use utoipa::ToSchema;

use super::error::ApiError;
use super::params::{Body, MatchParams, Q};
#[allow(unused_imports)] // named by the OpenAPI annotations
use super::schema::{Candidate, ErrorBody};
use super::{heavy, AppState};

/// Vacancies for a person, best first (also the batch-output shape of `bole match`): written
/// straight from the engine's structs (the busiest answer of the API; a `serde_json::Value` tree
/// in between would be built only to be dropped).
#[derive(Serialize, ToSchema)]
pub(super) struct JobMatches {
    candidate_id: String,
    matches: Vec<JobMatch>,
}

/// People for a vacancy, best first.
#[derive(Serialize, ToSchema)]
pub(super) struct CandidateMatches {
    job_id: String,
    matches: Vec<CandidateMatch>,
}

#[utoipa::path(get, path = "/v1/candidates/{id}/matches", tag = "matches", operation_id = "candidate_matches",
    summary = "Best vacancies for a stored person", params(("id" = String, Path), MatchParams),
    responses((status = 200, description = "matches, best first", body = JobMatches), (status = 400, description = "a bad parameter or field; the message names it", body = ErrorBody), (status = 401, description = "missing or wrong API key (or reads closed to callers without one)", body = ErrorBody), (status = 404, description = "unknown id", body = ErrorBody), (status = 503, description = "the request took longer than the configured timeout", body = ErrorBody)))]
pub(super) async fn candidate_matches(
    State(s): State<AppState>,
    Path(id): Path<String>,
    Q(p): Q<MatchParams>,
) -> Result<Json<JobMatches>, ApiError> {
    let q = p.query();
    let key = id.clone();
    let matches = heavy(&s, move |e| Ok(e.jobs_for_id(&key, &q)?)).await?;
    Ok(Json(JobMatches {
        candidate_id: id,
        matches,
    }))
}

#[utoipa::path(get, path = "/v1/jobs/{id}/matches", tag = "matches", operation_id = "job_matches",
    summary = "Best people for a stored vacancy (托底 groups first at equal fit); people already hired (outcome events) are left out unless include_hired=true", params(("id" = String, Path), MatchParams),
    responses((status = 200, description = "matches, best first", body = CandidateMatches), (status = 400, description = "a bad parameter or field; the message names it", body = ErrorBody), (status = 401, description = "missing or wrong API key (or reads closed to callers without one)", body = ErrorBody), (status = 404, description = "unknown id", body = ErrorBody), (status = 503, description = "the request took longer than the configured timeout", body = ErrorBody)))]
pub(super) async fn job_matches(
    State(s): State<AppState>,
    Path(id): Path<String>,
    Q(p): Q<MatchParams>,
) -> Result<Json<CandidateMatches>, ApiError> {
    let q = p.query();
    let key = id.clone();
    let matches = heavy(&s, move |e| {
        let entry = e.job(&key)?;
        Ok(e.candidates_for(&entry.job, &q)?)
    })
    .await?;
    Ok(Json(CandidateMatches {
        job_id: id,
        matches,
    }))
}

#[utoipa::path(post, path = "/v1/match", tag = "matches", operation_id = "match_body",
    summary = "Best vacancies for a person posted in the body (not stored)", params(MatchParams),
    request_body(content = Candidate, content_type = "application/json", description = "a person record; `id` required"),
    responses((status = 200, description = "matches, best first", body = JobMatches), (status = 400, description = "a bad parameter or field; the message names it", body = ErrorBody), (status = 401, description = "missing or wrong API key (or reads closed to callers without one)", body = ErrorBody), (status = 413, description = "body larger than the configured limit", body = ErrorBody), (status = 503, description = "the request took longer than the configured timeout", body = ErrorBody)))]
/// Matches for a person posted in the body, not stored: the batch-output shape of SCHEMA.md.
pub(super) async fn match_body(
    State(s): State<AppState>,
    Q(p): Q<MatchParams>,
    body: Body,
) -> Result<Json<JobMatches>, ApiError> {
    let q = p.query();
    let c = candidate_from_json(body.text()?)?;
    let id = c.id.clone();
    let matches = heavy(&s, move |e| Ok(e.jobs_for(&c, &q)?)).await?;
    Ok(Json(JobMatches {
        candidate_id: id,
        matches,
    }))
}
