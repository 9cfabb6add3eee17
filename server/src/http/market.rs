//! The labour-market map: `GET /v1/market` (人力资源地图 of a region, see [`bole::market`]).

use axum::extract::State;
use axum::Json;
use bole::market::{Level, Map, MapQuery};
use bole::Group;
use utoipa::IntoParams;

use super::error::ApiError;
use super::params::{FromParams, Params, Q};
use super::schema::ErrorBody;
use super::{blocking, AppState};

/// Parameters of `GET /v1/market`.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct MarketParams {
    /// The region (required): a 6-digit administrative code, or a place name such as 江西省 or 抚州.
    #[param(schema_with = super::fields::region_param)]
    region: u32,
    /// Level of the map's areas: `county` (default), `city` or `province`.
    #[param(required = false, inline)]
    level: Option<Level>,
    /// Occupation depth of the 2022 classification: 1 大类, 2 中类 (default), 3 小类, 4 细类.
    #[param(required = false, minimum = 1, maximum = 4)]
    depth: Option<u8>,
    /// Only seekers of this group (places are not filtered).
    #[param(required = false, inline)]
    group: Option<Group>,
    /// The day of the map (ISO `YYYY-MM-DD`, default today): vacancies past `valid_until` count
    /// nowhere.
    #[param(schema_with = super::fields::date_param, required = false)]
    today: i64,
}

impl FromParams for MarketParams {
    fn from_params(p: &Params) -> Result<Self, ApiError> {
        let region = p.region()?.ok_or_else(|| {
            ApiError::field("region", "required: an administrative code or a place name")
        })?;
        let level = match p.get("level") {
            None => None,
            Some(v) => Some(Level::parse(v).ok_or_else(|| {
                ApiError::field(
                    "level",
                    format!("`{v}` is not one of county, city, province"),
                )
            })?),
        };
        let depth = match p.get("depth") {
            None => None,
            Some(v) => match v.parse::<u8>() {
                Ok(d @ 1..=4) => Some(d),
                _ => {
                    return Err(ApiError::field(
                        "depth",
                        format!("`{v}` is not 1, 2, 3 or 4"),
                    ))
                }
            },
        };
        let group = match p.groups()?.as_slice() {
            [] => None,
            [g] => Some(*g),
            _ => return Err(ApiError::field("group", "one group at most")),
        };
        Ok(MarketParams {
            region,
            level,
            depth,
            group,
            today: p.today()?,
        })
    }
}

#[utoipa::path(get, path = "/v1/market", tag = "market", operation_id = "market",
    summary = "The labour-market map (人力资源地图) of a region: per area × occupation the open places, seekers, seekers who could really take the places (reachable: commute, education and wanted work fit) and tightness; per area and region totals; shortage and surplus lists with reasons. Updated by every write",
    params(MarketParams),
    responses((status = 200, description = "the map", body = Map),
        (status = 400, description = "a missing or unknown region, or a bad level, depth, group or date", body = ErrorBody),
        (status = 401, description = "missing or wrong API key (or reads closed to callers without one)", body = ErrorBody)))]
/// `GET /v1/market?region=…&level=…&depth=…&group=…`.
pub(super) async fn market(
    State(s): State<AppState>,
    Q(p): Q<MarketParams>,
) -> Result<Json<Map>, ApiError> {
    let map = blocking(&s, move |e| {
        let q = MapQuery {
            region: p.region,
            level: p.level.unwrap_or(Level::County),
            depth: p.depth.unwrap_or(2),
            group: p.group,
            today: p.today,
            thresholds: e.policy().market.clone(),
        };
        Ok(e.market(&q)?)
    })
    .await?;
    Ok(Json(map))
}
