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
    /// `ok`, or `degraded` while the store refuses writes (a full disk, a database reopening).
    #[schema(example = "ok")]
    status: &'static str,
    version: &'static str,
    /// Why the store is degraded (only when it is).
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
}

/// Liveness and the store's state: a degraded store (writes failing) answers 503 with the reason,
/// and the probe itself reopens the store and tries a write, so it recovers once space is back.
#[utoipa::path(get, path = "/health", tag = "probes", operation_id = "health", summary = "Liveness",
    responses((status = 200, description = "up", body = Health),
        (status = 503, description = "degraded: the store refuses writes (reason given)", body = Health)))]
pub(super) async fn health(State(s): State<AppState>) -> Response {
    let store = blocking(&s, |e| Ok(e.store().health())).await;
    let reason = match store {
        Ok(Ok(())) => None,
        Ok(Err(why)) => Some(why),
        Err(e) => Some(e.message),
    };
    let status = if reason.is_some() {
        axum::http::StatusCode::SERVICE_UNAVAILABLE
    } else {
        axum::http::StatusCode::OK
    };
    let body = Health {
        status: if reason.is_some() { "degraded" } else { "ok" },
        version: env!("CARGO_PKG_VERSION"),
        reason,
    };
    (status, Json(body)).into_response()
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
