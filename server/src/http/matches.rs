//! Matches: `GET /v1/candidates/{id}/matches`, `GET /v1/jobs/{id}/matches` and `POST /v1/match`.

use axum::extract::{Path, State};
use axum::Json;
use bole::model::candidate_from_json;
use serde_json::{json, Value};

use super::error::ApiError;
use super::params::{Body, MatchParams, Q};
use super::{heavy, AppState};

/// A person's matches as answered: written straight from the engine's structs (the busiest
/// answer of the API; a `serde_json::Value` tree in between would be built only to be dropped).
#[derive(serde::Serialize)]
pub(super) struct JobMatches {
    candidate_id: String,
    matches: Vec<bole::engine::JobMatch>,
}

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

pub(super) async fn job_matches(
    State(s): State<AppState>,
    Path(id): Path<String>,
    Q(p): Q<MatchParams>,
) -> Result<Json<Value>, ApiError> {
    let q = p.query();
    let key = id.clone();
    let matches = heavy(&s, move |e| {
        let entry = e.job(&key)?;
        Ok(e.candidates_for(&entry.job, &q)?)
    })
    .await?;
    Ok(Json(json!({"job_id": id, "matches": matches})))
}

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
