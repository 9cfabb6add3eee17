//! Free-text search: `GET /v1/search/jobs` and `GET /v1/search/candidates`.

use axum::extract::State;
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

use super::error::ApiError;
use super::params::{MatchParams, SearchText, Q};
#[allow(unused_imports)] // named by the OpenAPI annotations
use super::schema::ErrorBody;
use super::{heavy, AppState};

/// One search hit.
#[derive(Serialize, ToSchema)]
pub(super) struct SearchHit {
    id: String,
    /// Relevance of the text (BM25): only the order means anything, it is not a match score.
    score: f64,
    /// Vacancies only (absent for people): the title, null if the vacancy went away meanwhile.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>)]
    title: Option<Option<String>>,
}

/// Search hits, best first.
#[derive(Serialize, ToSchema)]
pub(super) struct SearchResult {
    q: String,
    hits: Vec<SearchHit>,
}

#[utoipa::path(get, path = "/v1/search/jobs", tag = "search", operation_id = "search_jobs",
    summary = "Free-text search over valid vacancies", params(SearchText, MatchParams),
    responses((status = 200, description = "hits, best first", body = SearchResult), (status = 400, description = "a bad parameter or field; the message names it", body = ErrorBody), (status = 401, description = "missing or wrong API key (or reads closed to callers without one)", body = ErrorBody), (status = 503, description = "the request took longer than the configured timeout", body = ErrorBody)))]
pub(super) async fn search_jobs(
    State(s): State<AppState>,
    Q(SearchText { q: text }): Q<SearchText>,
    Q(p): Q<MatchParams>,
) -> Result<Json<SearchResult>, ApiError> {
    let q = p.query();
    let t = text.clone();
    let hits = heavy(&s, move |e| {
        let hits = e.search_jobs(&t, &q)?;
        Ok(hits
            .into_iter()
            .map(|h| {
                let title = e.job(&h.id).ok().map(|x| x.job.title.clone());
                SearchHit {
                    id: h.id,
                    score: h.score.into(),
                    title: Some(title),
                }
            })
            .collect())
    })
    .await?;
    Ok(Json(SearchResult { q: text, hits }))
}

#[utoipa::path(get, path = "/v1/search/candidates", tag = "search", operation_id = "search_candidates",
    summary = "Free-text search over people", params(SearchText, MatchParams),
    responses((status = 200, description = "hits, best first", body = SearchResult), (status = 400, description = "a bad parameter or field; the message names it", body = ErrorBody), (status = 401, description = "missing or wrong API key (or reads closed to callers without one)", body = ErrorBody), (status = 503, description = "the request took longer than the configured timeout", body = ErrorBody)))]
pub(super) async fn search_candidates(
    State(s): State<AppState>,
    Q(SearchText { q: text }): Q<SearchText>,
    Q(p): Q<MatchParams>,
) -> Result<Json<SearchResult>, ApiError> {
    let q = p.query();
    let t = text.clone();
    let hits = heavy(&s, move |e| {
        let hits = e.search_candidates(&t, &q)?;
        Ok(hits
            .into_iter()
            .map(|h| SearchHit {
                id: h.id,
                score: h.score.into(),
                title: None,
            })
            .collect())
    })
    .await?;
    Ok(Json(SearchResult { q: text, hits }))
}
