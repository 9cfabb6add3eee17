//! The outcome counts kept in memory: derived from the store's event table when the engine opens
//! and updated after each committed batch of events, so a match call reads a map instead of the
//! store. Never saved on its own: there is no derived file to go stale.
//!
//! Counting rules (docs/SCHEMA.md, "Outcome events"): per vacancy the events of each type;
//! applications and hires count distinct people (a person applying twice is one application);
//! a person with a `hired` event is hired for good (a later `withdrawn` does not give the place
//! back: a caseworker corrects a mistaken hire by reporting the vacancy's new headcount).

use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;

use super::{OutcomeEvent, OutcomeType};
use crate::model::{parse_date, Job};

type FxMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<rustc_hash::FxHasher>>;
type FxSet<K> = std::collections::HashSet<K, std::hash::BuildHasherDefault<rustc_hash::FxHasher>>;
/// Distinct people hired per vacancy id (only vacancies with a hire).
pub type HiresMap = FxMap<String, u32>;
/// Ids of people with a `hired` event.
pub type HiredSet = FxSet<String>;

/// Events of each type.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct TypeCounts {
    /// `shown` events.
    pub shown: u64,
    /// `applied` events.
    pub applied: u64,
    /// `interviewed` events.
    pub interviewed: u64,
    /// `hired` events.
    pub hired: u64,
    /// `rejected` events.
    pub rejected: u64,
    /// `withdrawn` events.
    pub withdrawn: u64,
}

impl TypeCounts {
    fn add(&mut self, t: OutcomeType) {
        *match t {
            OutcomeType::Shown => &mut self.shown,
            OutcomeType::Applied => &mut self.applied,
            OutcomeType::Interviewed => &mut self.interviewed,
            OutcomeType::Hired => &mut self.hired,
            OutcomeType::Rejected => &mut self.rejected,
            OutcomeType::Withdrawn => &mut self.withdrawn,
        } += 1;
    }

    fn merge(&mut self, o: &TypeCounts) {
        self.shown += o.shown;
        self.applied += o.applied;
        self.interviewed += o.interviewed;
        self.hired += o.hired;
        self.rejected += o.rejected;
        self.withdrawn += o.withdrawn;
    }
}

/// One vacancy's counts.
#[derive(Debug, Default, Clone)]
struct JobTally {
    counts: TypeCounts,
    applicants: FxSet<String>,
    hired: FxSet<String>,
    first_event: Option<i64>,
    first_hire: Option<i64>,
}

/// The outcome counts of every vacancy and who is hired.
#[derive(Default)]
pub struct Tally {
    jobs: FxMap<String, JobTally>,
    /// Distinct people hired per vacancy, shared with readers (copied on write).
    hires: Arc<FxMap<String, u32>>,
    /// People with a `hired` event, shared with readers (copied on write).
    hired_people: Arc<FxSet<String>>,
    events: u64,
    /// `shown` and `applied` events over all vacancies (the share of shows that turn into
    /// applications).
    shown_total: u64,
    applied_total: u64,
    /// Day of the earliest event: outcomes are known from then on.
    first_day: Option<i64>,
}

/// What congestion forecasting reads of one vacancy ([`super::congestion`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Load {
    /// Distinct applicants.
    pub applicants: u64,
    /// `shown` events.
    pub shown: u64,
    /// Day of its first event.
    pub first_day: Option<i64>,
}

impl Tally {
    /// Count a batch of newly stored events (each event once: duplicates are never passed).
    pub fn apply<'e>(&mut self, events: impl IntoIterator<Item = &'e OutcomeEvent>) {
        let mut new_hires: Vec<&OutcomeEvent> = Vec::new();
        for e in events {
            self.events += 1;
            let day = e.day().ok();
            let t = self.jobs.entry(e.job_id.clone()).or_default();
            t.counts.add(e.kind);
            t.first_event = min_day(t.first_event, day);
            self.first_day = min_day(self.first_day, day);
            match e.kind {
                OutcomeType::Shown => self.shown_total += 1,
                OutcomeType::Applied => self.applied_total += 1,
                _ => {}
            }
            match e.kind {
                OutcomeType::Applied => {
                    t.applicants.insert(e.candidate_id.clone());
                }
                OutcomeType::Hired => {
                    t.first_hire = min_day(t.first_hire, day);
                    if t.hired.insert(e.candidate_id.clone()) {
                        new_hires.push(e);
                    }
                }
                _ => {}
            }
        }
        if new_hires.is_empty() {
            return;
        }
        // Copied only when a reader still holds the previous maps.
        let hires = Arc::make_mut(&mut self.hires);
        let people = Arc::make_mut(&mut self.hired_people);
        for e in new_hires {
            *hires.entry(e.job_id.clone()).or_default() += 1;
            people.insert(e.candidate_id.clone());
        }
    }

    /// What congestion forecasting reads of vacancy `job_id`.
    pub fn load(&self, job_id: &str) -> Load {
        self.jobs.get(job_id).map_or(Load::default(), |t| Load {
            applicants: t.applicants.len() as u64,
            shown: t.counts.shown,
            first_day: t.first_event,
        })
    }

    /// Day of the earliest event counted: before it, no outcome was reported to bole.
    pub fn first_day(&self) -> Option<i64> {
        self.first_day
    }

    /// The share of shown recommendations that turned into applications, over all vacancies
    /// (0.1 until 100 have been shown).
    pub fn apply_share(&self) -> f64 {
        if self.shown_total < 100 {
            0.1
        } else {
            (self.applied_total as f64 / self.shown_total as f64).min(1.0)
        }
    }

    /// Events counted.
    pub fn events(&self) -> u64 {
        self.events
    }

    /// Distinct people hired for vacancy `job_id`.
    pub fn hires(&self, job_id: &str) -> u32 {
        self.hires.get(job_id).copied().unwrap_or(0)
    }

    /// Distinct people hired per vacancy (only vacancies with a hire), shared.
    pub fn hires_map(&self) -> Arc<HiresMap> {
        self.hires.clone()
    }

    /// People with a `hired` event, shared.
    pub fn hired_people(&self) -> Arc<HiredSet> {
        self.hired_people.clone()
    }

    /// Whether the person has been hired (for any vacancy).
    pub fn is_hired(&self, candidate_id: &str) -> bool {
        self.hired_people.contains(candidate_id)
    }

    /// A vacancy's outcomes.
    pub fn job(&self, job: &Job) -> JobOutcomes {
        let t = self.jobs.get(&job.id);
        let hires = self.hires(&job.id);
        let places = job.places();
        let first_hire = t.and_then(|t| t.first_hire);
        let start = job
            .posted_at
            .as_deref()
            .and_then(parse_date)
            .or(t.and_then(|t| t.first_event));
        JobOutcomes {
            job_id: job.id.clone(),
            counts: t.map(|t| t.counts).unwrap_or_default(),
            applications: t.map_or(0, |t| t.applicants.len() as u64),
            hires,
            places,
            open_places: places.saturating_sub(hires),
            filled: hires >= places,
            first_hire: first_hire.map(crate::date::iso_date),
            days_to_first_hire: first_hire.zip(start).map(|(h, s)| (h - s).max(0)),
        }
    }

    /// Totals over `jobs` (the vacancies of a region).
    pub fn totals<'j>(&self, jobs: impl IntoIterator<Item = &'j Job>) -> RegionOutcomes {
        let mut r = RegionOutcomes::default();
        let mut days = Vec::new();
        for j in jobs {
            let o = self.job(j);
            r.vacancies += 1;
            r.places += u64::from(o.places);
            r.hires += u64::from(o.hires.min(o.places));
            r.open_places += u64::from(o.open_places);
            r.filled_vacancies += usize::from(o.filled);
            r.applications += o.applications;
            r.counts.merge(&o.counts);
            days.extend(o.days_to_first_hire);
        }
        r.applications_per_open_place =
            (r.open_places > 0).then(|| r.applications as f64 / r.open_places as f64);
        r.fill_rate = (r.places > 0).then(|| r.hires as f64 / r.places as f64);
        r.median_days_to_first_hire = median(&mut days);
        r
    }
}

fn min_day(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

fn median(v: &mut [i64]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_unstable();
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2] as f64
    } else {
        (v[n / 2 - 1] + v[n / 2]) as f64 / 2.0
    })
}

/// One vacancy's outcomes (`GET /v1/jobs/{id}/outcomes`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct JobOutcomes {
    /// The vacancy.
    pub job_id: String,
    /// Events of each type.
    pub counts: TypeCounts,
    /// Distinct people who applied.
    pub applications: u64,
    /// Distinct people hired.
    pub hires: u32,
    /// Places offered: the headcount, 1 when the record gives none.
    pub places: u32,
    /// `places − hires`, never below 0.
    pub open_places: u32,
    /// No open place left (已招满): no longer recommended.
    pub filled: bool,
    /// The day of the first hire (ISO date).
    pub first_hire: Option<String>,
    /// Days from `posted_at` (or, without one, the vacancy's first event) to the first hire.
    pub days_to_first_hire: Option<i64>,
}

/// Totals over the vacancies of a region (`GET /v1/outcomes`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct RegionOutcomes {
    /// Vacancies held in the region (valid or expired).
    pub vacancies: usize,
    /// Their places.
    pub places: u64,
    /// People hired (at most each vacancy's places).
    pub hires: u64,
    /// Places still open.
    pub open_places: u64,
    /// Vacancies with no open place.
    pub filled_vacancies: usize,
    /// Applications (distinct people per vacancy).
    pub applications: u64,
    /// `applications / open_places` (null without an open place).
    pub applications_per_open_place: Option<f64>,
    /// `hires / places` (null without a vacancy).
    pub fill_rate: Option<f64>,
    /// Median of the vacancies' days to first hire (null without a hire).
    pub median_days_to_first_hire: Option<f64>,
    /// Events of each type.
    pub counts: TypeCounts,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcomes::OutcomeSource;

    fn ev(id: &str, t: OutcomeType, c: &str, j: &str, at: &str) -> OutcomeEvent {
        OutcomeEvent {
            id: id.into(),
            kind: t,
            candidate_id: c.into(),
            job_id: j.into(),
            at: at.into(),
            source: OutcomeSource::Platform,
        }
    }

    fn job(id: &str, headcount: Option<u32>, posted: Option<&str>) -> Job {
        Job {
            id: id.into(),
            title: "仓管员".into(),
            headcount,
            posted_at: posted.map(String::from),
            ..Default::default()
        }
    }

    #[test]
    fn counts_open_places_and_days_to_first_hire() {
        use OutcomeType::*;
        let mut t = Tally::default();
        let before = t.hires_map();
        t.apply(&[
            ev("1", Applied, "a", "j", "2026-12-03"),
            ev("2", Applied, "a", "j", "2026-12-04"),
            ev("3", Applied, "b", "j", "2026-12-04"),
            ev("4", Hired, "a", "j", "2026-12-06"),
            ev("5", Hired, "a", "j", "2026-12-07"),
            ev("6", Hired, "b", "j", "2026-12-09T09:00:00+08:00"),
            ev("7", Applied, "c", "k", "2026-12-05"),
        ]);
        // Readers holding the earlier map keep it.
        assert!(before.is_empty());
        let j = job("j", Some(3), Some("2026-12-01"));
        let o = t.job(&j);
        assert_eq!(
            (o.applications, o.hires, o.places, o.open_places),
            (2, 2, 3, 1)
        );
        assert_eq!(o.counts.applied, 3);
        assert_eq!(o.counts.hired, 3);
        assert!(!o.filled);
        assert_eq!(o.first_hire.as_deref(), Some("2026-12-06"));
        assert_eq!(o.days_to_first_hire, Some(5));
        // Without a headcount a vacancy has one place; without posted_at days count from its
        // first event.
        let o = t.job(&job("j", None, None));
        assert!(o.filled);
        assert_eq!(
            (o.places, o.open_places, o.days_to_first_hire),
            (1, 0, Some(3))
        );
        assert!(t.is_hired("a") && t.is_hired("b") && !t.is_hired("c"));
        let r = t.totals([&j, &job("k", Some(2), None), &job("z", None, None)]);
        assert_eq!(
            (r.vacancies, r.places, r.hires, r.open_places),
            (3, 6, 2, 4)
        );
        assert_eq!(r.applications, 3);
        assert_eq!(r.applications_per_open_place, Some(0.75));
        assert_eq!(r.fill_rate, Some(2.0 / 6.0));
        assert_eq!(r.median_days_to_first_hire, Some(5.0));
        assert_eq!(t.events(), 7);
    }
}
