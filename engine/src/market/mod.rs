//! The labour-market map (人力资源地图): supply against demand per area × occupation × group,
//! counting only the seekers who could really take the places.
//!
//! For a region, a level (province, city, county) and an occupation depth of the 2022
//! classification ([`crate::occupation`]), each cell (area × occupation) holds:
//!
//! - **open places**: valid vacancies' headcount minus the hires their outcome events record
//!   (a vacancy filled or past `valid_until` counts nowhere); with the vacancies, the distinct
//!   employers, the median offered pay (midpoint of the monthly range; 面议 left out) and the
//!   median age in days since `posted_at`;
//! - **seekers**: registered people placed in the area (home, else their first desired region)
//!   whose wanted work codes to the occupation, hired people (an outcome event) left out;
//! - **reachable seekers**: people anywhere — inside the region or not — who could take at least
//!   one of the cell's places by the ranker's own feasibility: education met
//!   ([`crate::rank::features::education`]), the place within their reach (stated commute limit,
//!   else service circle plus default reach, [`crate::rank::features::reach_km`]; when either
//!   side is known only to city level, the same city), and wanted work of the same occupation
//!   (one node containing the other, so a person coded only to 小类 fits its 细类);
//! - **tightness** = open places ÷ reachable seekers (`null` when nobody can reach them);
//! - **places in reach**: open places of the region that at least one of the cell's seekers can
//!   reach (what the surplus list reads).
//!
//! Areas carry the same figures over all occupations; `totals` over the region. Records that
//! cannot be coded to an occupation are counted in a cell of their own (`occupation: null`,
//! 未能编码) and in `uncoded_*`, never guessed. A vacancy or person known only above the map's
//! level is its own area, named `…（下级不详）`.
//!
//! The **shortage list** holds cells that are tight (tightness at least
//! `[market] shortage_tightness`, or nobody reaches them), long open (median age at least
//! `shortage_min_age_days`) and wanted by several employers (`shortage_min_employers`); the
//! **surplus list** cells with many seekers (`surplus_min_seekers`) and few places in reach
//! (seekers per place in reach at least `surplus_ratio`, or none). Both say why in Chinese.
//!
//! # State and cost
//!
//! Vacancies are coded once when indexed ([`crate::jobset::JobEntry::occupation`]). People are
//! held as small keys ([`seekers`]), built by one pass over the store at the first map call and
//! kept in step with every write after; people with equal keys (positions rounded to 0.01°) are
//! visited once. A call walks the region's vacancies, then each distinct seeker key against the
//! sites (cell × position × education) of its occupation, skipping buckets whose box is out of
//! reach.

mod compute;
pub(crate) mod seekers;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

use crate::model::Group;

pub(crate) use compute::compute;

/// The level of a map's areas.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub enum Level {
    /// 省级.
    Province,
    /// 地级市.
    City,
    /// 区县.
    County,
}

impl Level {
    /// `province`, `city` or `county`.
    pub fn parse(s: &str) -> Option<Level> {
        match s.trim() {
            "province" | "省" => Some(Level::Province),
            "city" | "市" => Some(Level::City),
            "county" | "县" | "区县" => Some(Level::County),
            _ => None,
        }
    }
}

/// Thresholds of the shortage and surplus lists and of the warnings (`[market]` in `policy.toml`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Thresholds {
    /// Shortage: open places per reachable seeker at least this.
    pub shortage_tightness: f64,
    /// Shortage: the cell's vacancies open for at least this many days (median).
    pub shortage_min_age_days: f64,
    /// Shortage: at least this many distinct employers.
    pub shortage_min_employers: u32,
    /// Surplus: at least this many seekers.
    pub surplus_min_seekers: u32,
    /// Surplus: seekers per open place within their reach at least this.
    pub surplus_ratio: f64,
}

impl Thresholds {
    /// Every threshold a finite number, not negative.
    pub fn validate(&self) -> crate::Result<()> {
        for (k, v) in [
            ("market.shortage_tightness", self.shortage_tightness),
            ("market.shortage_min_age_days", self.shortage_min_age_days),
            ("market.surplus_ratio", self.surplus_ratio),
        ] {
            if !(v.is_finite() && v >= 0.0) {
                return Err(crate::Error::field(k, "must be a number, 0 or more"));
            }
        }
        Ok(())
    }
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            shortage_tightness: 1.5,
            shortage_min_age_days: 14.0,
            shortage_min_employers: 2,
            surplus_min_seekers: 5,
            surplus_ratio: 3.0,
        }
    }
}

/// What map to draw.
#[derive(Debug, Clone)]
pub struct MapQuery {
    /// The region (administrative code).
    pub region: u32,
    /// The level of its areas.
    pub level: Level,
    /// Occupation depth: 1 大类, 2 中类, 3 小类, 4 细类.
    pub depth: u8,
    /// Only seekers of this group (places are not filtered).
    pub group: Option<Group>,
    /// The day (days since epoch): vacancies past `valid_until` count nowhere.
    pub today: i64,
    /// List thresholds.
    pub thresholds: Thresholds,
}

/// The numbers of one cell, area or region (see the module doc).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct Figures {
    /// Valid vacancies with open places.
    pub vacancies: u32,
    /// Their headcount minus recorded hires.
    pub open_places: u32,
    /// Distinct employers among them.
    pub employers: u32,
    /// Seekers placed here (not hired).
    pub seekers: u32,
    /// People anywhere who could take at least one of these places.
    pub reachable_seekers: u32,
    /// Open places (of the region) that at least one of these seekers can reach.
    pub places_in_reach: u32,
    /// Open places ÷ reachable seekers (null: nobody reaches them).
    pub tightness: Option<f64>,
    /// Median offered monthly pay (yuan; midpoint of each range; 面议 left out).
    pub median_pay: Option<f64>,
    /// Median days since `posted_at`.
    pub median_age_days: Option<f64>,
}

/// One area × occupation.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct Cell {
    /// The area's administrative code.
    pub area: u32,
    /// The area's name.
    pub area_name: String,
    /// Occupation code of the 2022 classification at the map's depth (or above, when only that
    /// was certain), e.g. `4-02`; null for records that could not be coded.
    pub occupation: Option<String>,
    /// Its name (未能编码 for null).
    pub occupation_name: String,
    /// The numbers.
    #[serde(flatten)]
    pub figures: Figures,
}

/// One area over all occupations.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct AreaRow {
    /// Administrative code.
    pub adcode: u32,
    /// Name.
    pub name: String,
    /// Latitude of its centre.
    pub lat: Option<f64>,
    /// Longitude of its centre.
    pub lon: Option<f64>,
    /// The numbers.
    #[serde(flatten)]
    pub figures: Figures,
}

/// A cell on the shortage or surplus list, with the reason.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct Listed {
    /// The area's administrative code.
    pub area: u32,
    /// The area's name.
    pub area_name: String,
    /// Occupation code.
    pub occupation: Option<String>,
    /// Occupation name.
    pub occupation_name: String,
    /// The numbers.
    #[serde(flatten)]
    pub figures: Figures,
    /// Why it is listed, in Chinese.
    pub why: String,
}

/// The region's totals.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct Totals {
    /// The numbers over the region (reachable: people reaching any of its places).
    #[serde(flatten)]
    pub figures: Figures,
    /// Areas listed.
    pub areas: u32,
    /// Vacancies that could not be coded to an occupation.
    pub uncoded_vacancies: u32,
    /// Seekers whose wanted work could not be coded.
    pub uncoded_seekers: u32,
}

/// A labour-market map.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct Map {
    /// The region's code.
    pub region: u32,
    /// Its name.
    pub region_name: String,
    /// Level of the areas.
    pub level: Level,
    /// Occupation depth.
    pub depth: u8,
    /// Seekers only of this group (null: all).
    pub group: Option<Group>,
    /// The day of the map.
    pub today: String,
    /// Over the region.
    pub totals: Totals,
    /// Areas, most open places first.
    pub areas: Vec<AreaRow>,
    /// Area × occupation, by area then most open places first.
    pub cells: Vec<Cell>,
    /// Tight, long open, several employers: most pressing first.
    pub shortage: Vec<Listed>,
    /// Many seekers, few places in reach: most pressing first.
    pub surplus: Vec<Listed>,
}

/// What the map's people state holds (for the operator).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct State {
    /// Whether it is built (the first map call builds it).
    pub built: bool,
    /// People held.
    pub people: u64,
    /// Distinct keys (people with equal keys are visited once).
    pub keys: u64,
    /// Bytes, roughly.
    pub bytes: u64,
}

/// The columns of [`Map::cells_csv`].
pub const CSV_HEADER: [&str; 13] = [
    "area",
    "area_name",
    "occupation",
    "occupation_name",
    "vacancies",
    "open_places",
    "employers",
    "seekers",
    "reachable_seekers",
    "places_in_reach",
    "tightness",
    "median_pay",
    "median_age_days",
];

impl Map {
    /// The cells as CSV (header [`CSV_HEADER`]; empty fields for unknown numbers; UTF-8 with
    /// a byte-order mark so that spreadsheet programs read the Chinese names).
    pub fn cells_csv(&self) -> crate::Result<String> {
        let mut w = csv::Writer::from_writer(Vec::new());
        let io = |e: csv::Error| crate::Error::Io(std::io::Error::other(e.to_string()));
        w.write_record(CSV_HEADER).map_err(io)?;
        let num = |x: Option<f64>| {
            x.map_or(String::new(), |v| {
                format!("{}", (v * 100.0).round() / 100.0)
            })
        };
        for c in &self.cells {
            let f = &c.figures;
            w.write_record([
                c.area.to_string(),
                c.area_name.clone(),
                c.occupation.clone().unwrap_or_default(),
                c.occupation_name.clone(),
                f.vacancies.to_string(),
                f.open_places.to_string(),
                f.employers.to_string(),
                f.seekers.to_string(),
                f.reachable_seekers.to_string(),
                f.places_in_reach.to_string(),
                num(f.tightness),
                num(f.median_pay),
                num(f.median_age_days),
            ])
            .map_err(io)?;
        }
        let bytes = w.into_inner().map_err(|e| io(e.into_error().into()))?;
        let mut s = String::from('\u{feff}');
        s.push_str(&String::from_utf8_lossy(&bytes));
        Ok(s)
    }
}
