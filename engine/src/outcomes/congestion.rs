//! Congestion-aware ranking (issue: "no flooded vacancy"): a vacancy expected to get many more
//! applications than it has open places is shown a little lower, one expected to get too few a
//! little higher, so that similar people do not all pile onto the same posting.
//!
//! **Forecast.** For a vacancy with `A` applicants so far, `S` recommendations shown, open for
//! `d` days (since `posted_at` or the first event bole received, whichever is later; at least 1) and `r` days left (until
//! `valid_until`, else [`Congestion::horizon_days`], never negative):
//! `expected = A + r · max(A, p · S) / d`, where `p` is the share of shown recommendations that
//! turned into an application over all vacancies (0.1 until 100 have been shown). The pressure is
//! `ρ = expected / open places`.
//!
//! **Adjustment.** `strength · clamp(−log₄((ρ + ½) / target), −1, 1)` is added to the vacancy's
//! score for a person: at `ρ = target` it is 0, at four times the target it takes `strength`
//! away, and a vacancy with no applicant yet gains up to `strength`. With `strength = 0` nothing is
//! computed and the ranking is exactly the one without outcomes.

use serde::{Deserialize, Serialize};

use super::tally::Tally;
use crate::model::{parse_date, Job};

/// The policy of congestion-aware ranking (`[congestion]` in `policy.toml`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Congestion {
    /// Largest score change either way (the scale of the ranker's raw score); 0 turns it off.
    pub strength: f64,
    /// Expected applicants per open place that count as enough.
    pub target: f64,
    /// Days left assumed for a vacancy without `valid_until`.
    pub horizon_days: f64,
}

impl Default for Congestion {
    fn default() -> Self {
        Congestion {
            strength: 0.0,
            target: 5.0,
            horizon_days: 30.0,
        }
    }
}

/// A vacancy's forecast.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Forecast {
    /// Distinct applicants so far.
    pub applicants: u64,
    /// Applications expected by the end date (applicants so far included).
    pub expected: f64,
    /// Expected applications per open place.
    pub pressure: f64,
    /// The score change.
    pub adjust: f64,
}

impl Congestion {
    /// The forecast of `job` (with `open` places left, at least 1) on day `today`.
    pub fn forecast(&self, tally: &Tally, job: &Job, open: u32, today: i64) -> Forecast {
        let load = tally.load(&job.id);
        // Open since it was posted, but outcomes are only known since the first event bole
        // received (of any vacancy): the rate counts the days both were true.
        let posted = job.posted_at.as_deref().and_then(parse_date);
        let start = match (posted, tally.first_day()) {
            (Some(p), Some(f)) => p.max(f),
            (p, f) => p.or(f).or(load.first_day).unwrap_or(today),
        };
        let days_open = ((today - start) as f64 + 1.0).max(1.0);
        let left = match job.valid_until.as_deref().and_then(parse_date) {
            Some(end) => ((end - today) as f64).max(0.0),
            None => self.horizon_days,
        };
        let a = load.applicants as f64;
        let rate = a.max(tally.apply_share() * load.shown as f64) / days_open;
        let expected = a + left * rate;
        let pressure = expected / f64::from(open.max(1));
        let adjust = if self.strength > 0.0 {
            let x = -((pressure + 0.5) / self.target).ln() / 4f64.ln();
            self.strength * x.clamp(-1.0, 1.0)
        } else {
            0.0
        };
        Forecast {
            applicants: load.applicants,
            expected,
            pressure,
            adjust,
        }
    }

    /// Check ranges; the error names the key.
    pub fn validate(&self) -> crate::Result<()> {
        if !(self.strength.is_finite() && (0.0..=1.0).contains(&self.strength)) {
            return Err(crate::Error::field(
                "congestion.strength",
                "must be within 0..1",
            ));
        }
        if !(self.target.is_finite() && self.target > 0.0) {
            return Err(crate::Error::field(
                "congestion.target",
                "must be a positive number of applicants per place",
            ));
        }
        if !(self.horizon_days.is_finite() && self.horizon_days >= 0.0) {
            return Err(crate::Error::field(
                "congestion.horizon_days",
                "must be a non-negative number of days",
            ));
        }
        Ok(())
    }
}

/// The reason a match shows for a strong adjustment (none for a small one, or without events).
pub fn reason(f: &Forecast, c: &Congestion) -> Option<String> {
    if c.strength <= 0.0 {
        return None;
    }
    if f.adjust <= -0.5 * c.strength {
        Some(format!(
            "该岗位投递已较多（预计每个名额约{:.0}人竞争），可同时考虑相近岗位",
            f.pressure
        ))
    } else if f.adjust >= 0.5 * c.strength && f.applicants > 0 {
        Some("该岗位投递人数较少，机会相对较大".to_string())
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcomes::{OutcomeEvent, OutcomeSource, OutcomeType};

    fn job(id: &str, posted: &str, until: &str, headcount: u32) -> Job {
        Job {
            id: id.into(),
            title: "普工".into(),
            posted_at: Some(posted.into()),
            valid_until: Some(until.into()),
            headcount: Some(headcount),
            ..Default::default()
        }
    }

    fn applied(n: usize, job: &str) -> Vec<OutcomeEvent> {
        (0..n)
            .map(|i| OutcomeEvent {
                id: format!("{job}-{i}"),
                kind: OutcomeType::Applied,
                candidate_id: format!("p{i}"),
                job_id: job.into(),
                at: "2026-12-03".into(),
                source: OutcomeSource::Platform,
            })
            .collect()
    }

    #[test]
    fn a_flooded_vacancy_is_demoted_an_empty_one_promoted_and_zero_strength_changes_nothing() {
        let mut t = Tally::default();
        t.apply(&applied(40, "busy"));
        let today = parse_date("2026-12-07").unwrap();
        let c = Congestion {
            strength: 0.1,
            ..Default::default()
        };
        let busy = c.forecast(&t, &job("busy", "2026-12-01", "2026-12-31", 2), 2, today);
        let quiet = c.forecast(&t, &job("quiet", "2026-12-01", "2026-12-31", 2), 2, today);
        // Events since 12-03 (posted 12-01, but outcomes are known only from the first event):
        // 40 applicants in 5 days, 24 days left: 232 expected, 116 per place.
        assert!((busy.expected - (40.0 + 24.0 * 40.0 / 5.0)).abs() < 1e-9);
        assert_eq!(busy.adjust, -0.1);
        assert!(reason(&busy, &c).unwrap().contains("投递已较多"));
        assert!(quiet.adjust > 0.0 && quiet.adjust <= 0.1);
        assert_eq!(reason(&quiet, &c), None, "no reason without any event");
        let off = Congestion::default();
        assert_eq!(
            off.forecast(&t, &job("busy", "2026-12-01", "2026-12-31", 2), 2, today)
                .adjust,
            0.0
        );
        assert!(Congestion {
            strength: 2.0,
            ..Default::default()
        }
        .validate()
        .is_err());
    }
}
