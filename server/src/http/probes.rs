//! Probes: `GET /health` (liveness) and `GET /metrics` (Prometheus text).

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use bole::{Candidate, Job};
use serde::Serialize;
use utoipa::ToSchema;

use super::error::ApiError;
use super::{blocking, AppState};

/// `GET /health`.
#[derive(Serialize, ToSchema)]
pub(super) struct Health {
    #[schema(example = "ok")]
    status: &'static str,
    version: &'static str,
}

#[utoipa::path(get, path = "/health", tag = "probes", operation_id = "health", summary = "Liveness",
    responses((status = 200, description = "up", body = Health)))]
pub(super) async fn health() -> Json<Health> {
    Json(Health {
        status: "ok",
        version: env!("CARGO_PKG_VERSION"),
    })
}

#[utoipa::path(get, path = "/metrics", tag = "probes", operation_id = "metrics",
    summary = "Prometheus metrics: requests by route and status, latency histograms, records, index segments, profile cache",
    responses((status = 200, description = "Prometheus text (version 0.0.4)", content_type = "text/plain", body = String)))]
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
