//! What a match answer shows beside its ids: a vacancy's title, employer, place, pay and kind, a
//! person's groups, region and education, the distance, and the score on a stated 0–1 scale.
//!
//! Written once here for every answer that shows them (the API's and `bole match`'s matches, the
//! roster, the web console), so a vacancy's place or pay reads the same everywhere.

use serde::Serialize;

use crate::jobset::JobEntry;
use crate::model::{Candidate, Group, Job, JobKind};
use crate::rank::{features, spot, JobProfile, Policy, Spot};
use crate::text::region::distance_km;

/// Where a vacancy is, as people read it: the region text as posted, else the name of the place
/// its code or coordinates resolved to.
pub fn place(e: &JobEntry) -> Option<String> {
    e.job
        .location
        .as_ref()
        .and_then(|l| l.region.clone())
        .or_else(|| e.profile.place.as_ref().map(|p| p.name.clone()))
}

/// A vacancy's pay as written everywhere (`5000-7000元/月`, `最高7000元/月` …); `None` = 面议.
pub fn pay_text(j: &Job) -> Option<String> {
    let s = j.salary.as_ref()?;
    (s.min.is_some() || s.max.is_some()).then(|| crate::text::salary::pay_text(s.min, s.max))
}

/// Kilometres to one decimal (a distance is never known better than that).
pub fn km(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// The period a pay figure is for. Stored pay is monthly (docs/SCHEMA.md: rates per hour or day
/// are converted when read), so answers say `month`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PayUnit {
    /// Yuan (CNY) per month.
    Month,
}

/// Pay as figures: the bounds as posted (either may be absent) in yuan per `unit`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct PayRange {
    /// Lower bound (null: only a maximum was posted).
    pub min: Option<f64>,
    /// Upper bound (null: only a minimum was posted).
    pub max: Option<f64>,
    /// The period the figures are for.
    pub unit: PayUnit,
    /// Months paid per year (13 for 13薪), when posted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub months: Option<u32>,
}

/// A vacancy as a match answer shows it, so a platform needs no second call.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct VacancyCard {
    /// Title as posted.
    pub title: String,
    /// Employer as posted.
    pub employer: Option<String>,
    /// Region text as posted, else the resolved place name.
    pub place: Option<String>,
    /// Pay as text (`5000-7000元/月`), `面议` when none is posted.
    pub pay: String,
    /// Pay as figures; null = 面议.
    pub pay_range: Option<PayRange>,
    /// Kind of vacancy.
    pub kind: JobKind,
    /// The kind in Chinese (全职, 兼职, 零工/日结, 就业见习, 公益性岗位).
    pub kind_label: &'static str,
    /// Kilometres between the person and the vacancy, when both places are known.
    pub distance_km: Option<f64>,
}

impl VacancyCard {
    /// The card of a vacancy `km` away from the person (if known).
    pub fn new(e: &JobEntry, km_away: Option<f64>) -> VacancyCard {
        let j = &e.job;
        let pay_range = j
            .salary
            .as_ref()
            .filter(|s| s.min.is_some() || s.max.is_some())
            .map(|s| PayRange {
                min: s.min,
                max: s.max,
                unit: PayUnit::Month,
                months: s.months,
            });
        VacancyCard {
            title: j.title.clone(),
            employer: j.employer.clone(),
            place: place(e),
            pay: pay_text(j).unwrap_or_else(|| crate::text::salary::pay_text(None, None)),
            pay_range,
            kind: j.kind,
            kind_label: j.kind.label(),
            distance_km: km_away.map(km),
        }
    }
}

/// A person as a vacancy's match answer shows them: never a name, phone or other contact.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct PersonCard {
    /// Policy groups.
    pub groups: Vec<Group>,
    /// Home region text as given, else the resolved place name.
    pub region: Option<String>,
    /// Education as given.
    pub education: Option<String>,
    /// Kilometres between home and the vacancy, when both are known to county level or better.
    pub distance_km: Option<f64>,
}

impl PersonCard {
    /// The card of `c` for the vacancy profiled as `job`.
    pub fn new(c: &Candidate, job: &JobProfile) -> PersonCard {
        let home: Option<Spot> = c.home.as_ref().and_then(spot);
        let distance_km = match (
            home.as_ref().filter(|h| h.precise),
            job.place.as_ref().filter(|p| p.precise),
        ) {
            (Some(h), Some(p)) => Some(km(distance_km((h.lat, h.lon), (p.lat, p.lon)))),
            _ => None,
        };
        PersonCard {
            groups: c.groups.clone(),
            region: c
                .home
                .as_ref()
                .and_then(|h| h.region.clone())
                .or_else(|| home.as_ref().map(|h| h.name.clone())),
            education: c.education.clone(),
            distance_km,
        }
    }
}

/// The highest raw score a pair can reach under `policy`: the weighted mean of the features
/// (each in 0–1) is at most 1, plus the largest group bonus a person can earn.
pub fn max_score(policy: &Policy) -> f64 {
    1.0 + features::max_bonus(policy)
}

/// A raw score on the 0–1 scale answers state: divided by [`max_score`], clamped, to 4 decimals.
/// Monotone, so it never changes an order (ties can only appear in the 4th decimal).
pub fn scaled(raw: f64, max: f64) -> f64 {
    if max <= 0.0 || !raw.is_finite() {
        return 0.0;
    }
    ((raw / max).clamp(0.0, 1.0) * 10_000.0).round() / 10_000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scale_is_monotone_and_bounded() {
        let max = max_score(&Policy::default());
        // docs/SCHEMA.md states it: 1 + every bonus trait once at its largest amount.
        assert!((max - 1.90).abs() < 1e-9, "{max}");
        let mut last = -1.0;
        for i in 0..=400 {
            let s = scaled(i as f64 * max / 400.0, max);
            assert!((0.0..=1.0).contains(&s) && s >= last, "{i}: {s}");
            last = s;
        }
        assert_eq!(scaled(max, max), 1.0);
        assert_eq!(scaled(2.0 * max, max), 1.0);
        assert_eq!(scaled(-0.5, max), 0.0);
    }
}
