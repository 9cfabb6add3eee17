//! Free-text search: `GET /v1/search/jobs` and `GET /v1/search/candidates`.

use axum::extract::State;
use axum::Json;
use serde_json::{json, Value};

use super::error::ApiError;
use super::params::{MatchParams, SearchText, Q};
use super::{heavy, AppState};

pub(super) async fn search_jobs(
    State(s): State<AppState>,
    Q(SearchText { q: text }): Q<SearchText>,
    Q(p): Q<MatchParams>,
) -> Result<Json<Value>, ApiError> {
    let q = p.query();
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
    Q(SearchText { q: text }): Q<SearchText>,
    Q(p): Q<MatchParams>,
) -> Result<Json<Value>, ApiError> {
    let q = p.query();
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
