//! Outcomes: `POST /v1/events` (outcome events in), `GET /v1/jobs/{id}/outcomes` (one vacancy's
//! counts and open places) and `GET /v1/outcomes` (totals over a region's vacancies).

use axum::extract::{Path, State};
use axum::Json;
use bole::import::{Format, ImportReport};
use bole::outcomes::{JobOutcomes, RegionOutcomes};
use serde::Serialize;
use utoipa::{IntoParams, ToSchema};

use super::error::ApiError;
use super::ingest;
use super::params::{Body, FromParams, Params, Q};
use super::schema::{ErrorBody, EventLines};
use super::{blocking, AppState};

#[utoipa::path(post, path = "/v1/events", tag = "outcomes", operation_id = "post_events",
    summary = "Record outcome events (needs an API key): a JSON array or JSON Lines of OutcomeEvent. New events are committed durably before the answer; an id already stored counts in `duplicates` (stored once, not an error); an event naming a person or vacancy that is not stored is rejected with its line, id and field",
    security(("bearer" = [])),
    request_body(content(
        (EventLines = "application/json"),
        (EventLines = "application/x-ndjson"))),
    responses((status = 200, description = "the import report", body = ImportReport),
        (status = 400, description = "an empty body, or a JSON array that is not closed", body = ErrorBody),
        (status = 401, description = "missing or wrong API key", body = ErrorBody),
        (status = 413, description = "body larger than the configured limit, or more than 100000 events", body = ErrorBody)))]
/// `POST /v1/events`: a JSON array or JSON Lines of outcome events. The new ones are committed
/// durably before the answer; repeated ids are counted as `duplicates`; events naming a person or
/// vacancy that is not stored are rejected by line, id and field.
pub(super) async fn post_events(
    State(s): State<AppState>,
    body: Body,
) -> Result<Json<ImportReport>, ApiError> {
    Ok(Json(
        ingest::import(&s, ingest::Side::Events, Format::Jsonl, body).await?,
    ))
}

#[utoipa::path(get, path = "/v1/jobs/{id}/outcomes", tag = "outcomes", operation_id = "job_outcomes",
    summary = "A vacancy's outcomes: events by type, applications, hires, open places, days to first hire",
    params(("id" = String, Path)),
    responses((status = 200, description = "the vacancy's outcomes", body = JobOutcomes),
        (status = 401, description = "missing or wrong API key (or reads closed to callers without one)", body = ErrorBody),
        (status = 404, description = "unknown id", body = ErrorBody)))]
/// `GET /v1/jobs/{id}/outcomes`.
pub(super) async fn job_outcomes(
    State(s): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<JobOutcomes>, ApiError> {
    // A map lookup and one vacancy's counts: cheap enough for the async worker.
    Ok(Json(s.engine().job_outcomes(&id)?))
}

/// `region` of `GET /v1/outcomes`.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct RegionParam {
    /// Only vacancies placed in this area: a 6-digit administrative code or a place name such
    /// as 抚州 (absent: every vacancy).
    #[param(schema_with = super::fields::region_param, required = false)]
    region: Option<u32>,
}

impl FromParams for RegionParam {
    fn from_params(p: &Params) -> Result<Self, ApiError> {
        Ok(RegionParam {
            region: p.region()?,
        })
    }
}

/// The answer of `GET /v1/outcomes`.
#[derive(Serialize, ToSchema)]
pub(super) struct RegionAnswer {
    /// The area's 6-digit code (null: every vacancy).
    region: Option<u32>,
    /// The area's name.
    region_name: Option<String>,
    #[serde(flatten)]
    #[schema(inline)]
    totals: RegionOutcomes,
}

#[utoipa::path(get, path = "/v1/outcomes", tag = "outcomes", operation_id = "region_outcomes",
    summary = "Totals over the vacancies held in a region (valid or expired): applications per open place, fill rate, median days to first hire",
    params(RegionParam),
    responses((status = 200, description = "the region's totals", body = RegionAnswer),
        (status = 400, description = "an unknown region", body = ErrorBody),
        (status = 401, description = "missing or wrong API key (or reads closed to callers without one)", body = ErrorBody)))]
/// `GET /v1/outcomes?region=…`: totals over the vacancies held in the area.
pub(super) async fn region_outcomes(
    State(s): State<AppState>,
    Q(RegionParam { region }): Q<RegionParam>,
) -> Result<Json<RegionAnswer>, ApiError> {
    let totals = blocking(&s, move |e| Ok(e.region_outcomes(region)?)).await?;
    Ok(Json(RegionAnswer {
        region,
        region_name: region
            .and_then(bole::text::region::by_adcode)
            .map(|p| p.name.to_string()),
        totals,
    }))
}
