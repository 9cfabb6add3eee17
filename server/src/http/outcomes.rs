//! Outcomes: `POST /v1/events` (outcome events in), `GET /v1/jobs/{id}/outcomes` (one vacancy's
//! counts and open places) and `GET /v1/outcomes` (totals over a region's vacancies).

use axum::extract::{Path, State};
use axum::Json;
use bole::import::{Format, ImportReport};
use bole::outcomes::{JobOutcomes, RegionOutcomes};
use serde::Serialize;

use super::error::ApiError;
use super::ingest;
use super::params::{Body, FromParams, Params, Q};
use super::{blocking, AppState};

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

/// `GET /v1/jobs/{id}/outcomes`.
pub(super) async fn job_outcomes(
    State(s): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<JobOutcomes>, ApiError> {
    // A map lookup and one vacancy's counts: cheap enough for the async worker.
    Ok(Json(s.engine().job_outcomes(&id)?))
}

/// `region` of `GET /v1/outcomes`.
pub(super) struct RegionParam(Option<u32>);

impl FromParams for RegionParam {
    fn from_params(p: &Params) -> Result<Self, ApiError> {
        Ok(RegionParam(p.region()?))
    }
}

/// The answer of `GET /v1/outcomes`.
#[derive(Serialize)]
pub(super) struct RegionAnswer {
    /// The area's 6-digit code (null: every vacancy).
    region: Option<u32>,
    /// The area's name.
    region_name: Option<String>,
    #[serde(flatten)]
    totals: RegionOutcomes,
}

/// `GET /v1/outcomes?region=…`: totals over the vacancies held in the area.
pub(super) async fn region_outcomes(
    State(s): State<AppState>,
    Q(RegionParam(region)): Q<RegionParam>,
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
