//! Livestream picks: `GET /v1/live/picks` (the event stream `GET /v1/live/stream` is in `sse.rs`).

use axum::extract::State;
use axum::Json;
use bole::live;
use serde_json::{json, Value};

use super::error::ApiError;
use super::params::{AudienceParams, PicksParams, Q};
use super::{heavy, AppState};

pub(super) async fn live_picks(
    State(s): State<AppState>,
    Q(a): Q<AudienceParams>,
    Q(n): Q<PicksParams>,
) -> Result<Json<Value>, ApiError> {
    let opt = live::Options {
        n: n.n,
        per_employer: n.per_employer,
        today: a.today.unwrap_or_else(bole::model::today),
        hotline: s.hotline().map(str::to_string),
    };
    let a = a.audience();
    let picks = heavy(&s, move |e| Ok(live::picks_for(e, &a, &opt))).await?;
    Ok(Json(json!({"picks": picks})))
}
