//! Outcome events through the engine: stored durably, then counted in the in-memory [`Tally`]
//! that the match calls and the batch assignment read (open places, who is hired).

use std::sync::{Arc, RwLock};

use super::{idx_err, Engine};
use crate::error::Result;
use crate::model::Job;
use crate::outcomes::{
    EventWrite, HiredSet, HiresMap, JobOutcomes, OutcomeEvent, RegionOutcomes, Tally,
};
use crate::store::Store;

/// The tally of every event in `store` (at open: the store is the only copy).
pub(super) fn load(store: &Store) -> Result<RwLock<Tally>> {
    let mut t = Tally::default();
    store.for_each::<OutcomeEvent>(|e| t.apply(std::iter::once(&e)))?;
    Ok(RwLock::new(t))
}

impl Engine {
    fn tally(&self) -> Result<std::sync::RwLockReadGuard<'_, Tally>> {
        self.outcomes.read().map_err(idx_err)
    }

    /// Store outcome events in one durable commit (each id once; events naming a person or a
    /// vacancy that is not stored are refused), then count the new ones. One answer per event.
    pub fn put_events(&self, events: &[OutcomeEvent]) -> Result<Vec<EventWrite>> {
        let done = self.store().put_events(events)?;
        // Counting is commutative, so batches committed concurrently may be counted in any order.
        let new = events
            .iter()
            .zip(&done)
            .filter(|(_, w)| **w == EventWrite::Inserted)
            .map(|(e, _)| e);
        self.outcomes.write().map_err(idx_err)?.apply(new);
        Ok(done)
    }

    /// Outcome events counted (all stored ones).
    pub fn events_counted(&self) -> u64 {
        self.tally().map(|t| t.events()).unwrap_or(0)
    }

    /// Places of `job` not yet taken by a hire: its headcount (1 when absent) minus the people
    /// hired for it, never below 0.
    pub fn open_places(&self, job: &Job) -> u32 {
        job.places()
            .saturating_sub(self.tally().map(|t| t.hires(&job.id)).unwrap_or(0))
    }

    /// Whether `job` has no open place left (已招满): it is no longer recommended.
    pub fn is_filled(&self, job: &Job) -> bool {
        self.open_places(job) == 0
    }

    /// Whether the person has been hired (a `hired` event for any vacancy).
    pub fn is_hired(&self, candidate_id: &str) -> bool {
        self.tally().is_ok_and(|t| t.is_hired(candidate_id))
    }

    /// Distinct people hired per vacancy (a shared snapshot; only vacancies with a hire).
    pub fn hires(&self) -> Arc<HiresMap> {
        self.tally().map(|t| t.hires_map()).unwrap_or_default()
    }

    /// People hired (a shared snapshot).
    pub fn hired_people(&self) -> Arc<HiredSet> {
        self.tally().map(|t| t.hired_people()).unwrap_or_default()
    }

    /// A held vacancy's outcomes ([`crate::Error::NotFound`] when there is none).
    pub fn job_outcomes(&self, id: &str) -> Result<JobOutcomes> {
        let entry = self.job(id)?;
        Ok(self.tally()?.job(&entry.job))
    }

    /// Totals over the held vacancies (valid or expired) whose place lies in `region` (adcode
    /// prefix rule; all vacancies when `None`). A vacancy without a known place counts only
    /// when no region is asked for.
    pub fn region_outcomes(&self, region: Option<u32>) -> Result<RegionOutcomes> {
        let entries = self.job_entries();
        let inside = entries.iter().filter(|e| match region {
            None => true,
            Some(r) => e
                .profile
                .place
                .as_ref()
                .is_some_and(|s| crate::text::region::contains(r, s.adcode)),
        });
        Ok(self.tally()?.totals(inside.map(|e| &e.job)))
    }
}
