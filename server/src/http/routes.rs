//! Handlers. Each one parses, hands the engine call to the blocking pool, and shapes the answer.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use bole::engine::Engine;
use bole::import::{Format, ImportReport};
use bole::live;
use bole::model::{candidate_from_json, job_from_json};
use bole::{Candidate, Job};
use serde_json::{json, Value};

use super::error::ApiError;
use super::ingest;
use super::params::{record_text, Body, Params};
use super::AppState;

/// Run engine work off the async workers; a panic in it becomes a 500, not a dead worker.
pub(super) async fn blocking<T, F>(state: &AppState, f: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&Engine) -> Result<T, ApiError> + Send + 'static,
{
    let engine = Arc::clone(state.engine());
    tokio::task::spawn_blocking(move || f(&engine)).await?
}

/// [`blocking`] for CPU-heavy reads: waits for one of the permits first.
pub(super) async fn heavy<T, F>(state: &AppState, f: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&Engine) -> Result<T, ApiError> + Send + 'static,
{
    let _permit = state
        .0
        .heavy
        .clone()
        .acquire_owned()
        .await
        .map_err(|_| ApiError::internal("the server is shutting down"))?;
    blocking(state, f).await
}

pub(super) async fn health() -> Json<Value> {
    Json(json!({"status": "ok", "version": env!("CARGO_PKG_VERSION")}))
}

pub(super) async fn metrics(State(s): State<AppState>) -> Result<Response, ApiError> {
    let (counts, segs, cache) = blocking(&s, |e| {
        Ok((
            (e.store().count::<Job>()?, e.store().count::<Candidate>()?),
            e.fulltext_segments(),
            e.profile_cache_stats(),
        ))
    })
    .await?;
    let text = s.metrics().render(
        &[("jobs", counts.0), ("candidates", counts.1)],
        &[("jobs", segs.0 as u64), ("candidates", segs.1 as u64)],
        cache,
    );
    Ok((
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        text,
    )
        .into_response())
}

fn written(created: bool, kind: &str, id: &str) -> Response {
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

pub(super) async fn put_job(
    State(s): State<AppState>,
    Path(id): Path<String>,
    body: Body,
) -> Result<Response, ApiError> {
    let job = job_from_json(&record_text(&body, &id)?)?;
    let w = blocking(&s, move |e| Ok(e.put_jobs(std::slice::from_ref(&job))?)).await?;
    s.announce([id.clone()]);
    Ok(written(w.inserted > 0, "job", &id))
}

pub(super) async fn put_candidate(
    State(s): State<AppState>,
    Path(id): Path<String>,
    body: Body,
) -> Result<Response, ApiError> {
    let c = candidate_from_json(&record_text(&body, &id)?)?;
    let w = blocking(&s, move |e| Ok(e.put_candidates(std::slice::from_ref(&c))?)).await?;
    Ok(written(w.inserted > 0, "candidate", &id))
}

pub(super) async fn get_job(
    State(s): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    // An in-memory map lookup: cheap enough for the async worker.
    let entry = s.engine().job(&id)?;
    Ok(Json(&entry.job).into_response())
}

pub(super) async fn get_candidate(
    State(s): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Candidate>, ApiError> {
    Ok(Json(blocking(&s, move |e| Ok(e.candidate(&id)?)).await?))
}

pub(super) async fn delete_job(
    State(s): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    delete_one(&s, "job", id, Engine::delete_jobs).await
}

pub(super) async fn delete_candidate(
    State(s): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    delete_one(&s, "candidate", id, Engine::delete_candidates).await
}

/// Delete one record of `kind` with the engine's delete for that side; 404 when it did not exist.
async fn delete_one(
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
    p: Params,
) -> Result<Json<JobMatches>, ApiError> {
    let q = p.query()?;
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
    p: Params,
) -> Result<Json<Value>, ApiError> {
    let q = p.query()?;
    let key = id.clone();
    let matches = heavy(&s, move |e| {
        let entry = e.job(&key)?;
        Ok(e.candidates_for(&entry.job, &q)?)
    })
    .await?;
    Ok(Json(json!({"job_id": id, "matches": matches})))
}

/// Matches for a person posted in the body, not stored: the batch-output shape of docs/SCHEMA.md.
pub(super) async fn match_body(
    State(s): State<AppState>,
    p: Params,
    body: Body,
) -> Result<Json<JobMatches>, ApiError> {
    let q = p.query()?;
    let c = candidate_from_json(body.text()?)?;
    let id = c.id.clone();
    let matches = heavy(&s, move |e| Ok(e.jobs_for(&c, &q)?)).await?;
    Ok(Json(JobMatches {
        candidate_id: id,
        matches,
    }))
}

fn search_text(p: &Params) -> Result<String, ApiError> {
    match p.get("q") {
        Some(q) if q.chars().count() <= 200 => Ok(q.to_string()),
        Some(_) => Err(ApiError::field("q", "longer than 200 characters")),
        None => Err(ApiError::field("q", "required: the text to search for")),
    }
}

pub(super) async fn search_jobs(
    State(s): State<AppState>,
    p: Params,
) -> Result<Json<Value>, ApiError> {
    let q = p.query()?;
    let text = search_text(&p)?;
    let t = text.clone();
    let hits = heavy(&s, move |e| {
        let hits = e.search_jobs(&t, &q)?;
        Ok(hits
            .into_iter()
            .map(|h| {
                let title = e.job(&h.id).ok().map(|x| x.job.title.clone());
                json!({"id": h.id, "score": h.score, "title": title})
            })
            .collect::<Vec<_>>())
    })
    .await?;
    Ok(Json(json!({"q": text, "hits": hits})))
}

pub(super) async fn search_candidates(
    State(s): State<AppState>,
    p: Params,
) -> Result<Json<Value>, ApiError> {
    let q = p.query()?;
    let text = search_text(&p)?;
    let t = text.clone();
    let hits = heavy(&s, move |e| {
        let hits = e.search_candidates(&t, &q)?;
        Ok(hits
            .into_iter()
            .map(|h| json!({"id": h.id, "score": h.score}))
            .collect::<Vec<_>>())
    })
    .await?;
    Ok(Json(json!({"q": text, "hits": hits})))
}

/// Audience parameters shared by the picks and the stream: `region`, `group`, `industry`, `home`.
pub(super) fn audience(p: &Params) -> Result<live::Audience, ApiError> {
    let home = match p.get("home") {
        None => None,
        Some(h) => Some(
            live::Home::resolve(h)
                .ok_or_else(|| ApiError::field("home", format!("`{h}` names no known place")))?,
        ),
    };
    Ok(live::Audience {
        region: p.region()?,
        groups: p.groups()?,
        industry: p
            .get("industry")
            .map(live::industry_keywords)
            .unwrap_or_default(),
        home,
    })
}

pub(super) async fn live_picks(
    State(s): State<AppState>,
    p: Params,
) -> Result<Json<Value>, ApiError> {
    let a = audience(&p)?;
    let opt = live::Options {
        n: p.usize("n", 20, live::MAX_PICKS)?,
        per_employer: p
            .usize("per_employer", live::DEFAULT_PER_EMPLOYER, 50)?
            .max(1),
        today: p.today()?,
    };
    let picks = heavy(&s, move |e| Ok(live::picks_for(e, &a, &opt))).await?;
    Ok(Json(json!({"picks": picks})))
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

/// `POST /v1/candidates:bulk`: as for jobs.
pub(super) async fn bulk_candidates(
    State(s): State<AppState>,
    body: Body,
) -> Result<Json<ImportReport>, ApiError> {
    Ok(Json(
        ingest::import(&s, ingest::Side::Candidates, Format::Jsonl, body).await?,
    ))
}
