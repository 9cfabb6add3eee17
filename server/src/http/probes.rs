//! Probes: `GET /health` (liveness) and `GET /metrics` (Prometheus text).

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use bole::{Candidate, Job};
use serde_json::{json, Value};

use super::error::ApiError;
use super::{blocking, AppState};

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
