//! Livestream picks: `GET /v1/live/picks` (the event stream `GET /v1/live/stream` is in `sse.rs`).

use axum::extract::State;
use axum::Json;
use bole::live;
use serde_json::{json, Value};

use super::error::ApiError;
use super::params::{AudienceParams, PicksParams, Q};
#[allow(unused_imports)] // named by the OpenAPI annotations
use super::schema::{ErrorBody, Picks};
use super::{heavy, AppState};

#[utoipa::path(get, path = "/v1/live/picks", tag = "live", operation_id = "live_picks",
    summary = "A varied list of valid vacancies for a livestream show, at most `per_employer` per employer, each with Chinese talking points",
    params(AudienceParams, PicksParams),
    responses((status = 200, description = "picks", body = Picks), (status = 400, description = "a bad parameter or field; the message names it", body = ErrorBody), (status = 401, description = "missing or wrong API key (or reads closed to callers without one)", body = ErrorBody), (status = 503, description = "the request took longer than the configured timeout", body = ErrorBody)))]
pub(super) async fn live_picks(
    State(s): State<AppState>,
    Q(a): Q<AudienceParams>,
    Q(n): Q<PicksParams>,
) -> Result<Json<Value>, ApiError> {
    let opt = live::Options {
        n: n.n,
        per_employer: n.per_employer,
        today: a.today.unwrap_or_else(bole::model::today),
    };
    let a = a.audience();
    let picks = heavy(&s, move |e| Ok(live::picks_for(e, &a, &opt))).await?;
    Ok(Json(json!({"picks": picks})))
}
