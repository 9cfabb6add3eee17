//! The labour-market map over the engine's vacancies and people ([`crate::market`]).

use rayon::prelude::*;

use super::{idx_err, Engine};
use crate::error::Result;
use crate::market::seekers::{Key, Seekers};
use crate::market::{Map, MapQuery, State};
use crate::model::Candidate;

impl Engine {
    /// The labour-market map of a region (see [`crate::market`]). The first call builds the
    /// people's state with one pass over the store; later calls and writes keep it in step.
    pub fn market(&self, q: &MapQuery) -> Result<Map> {
        self.build_seekers()?;
        let hires = self.hires();
        let hired = self.hired_people();
        let jobs = self.ix().jobs.read().map_err(idx_err)?;
        let seekers = self.ix().seekers.read().map_err(idx_err)?;
        let empty = Seekers::default();
        let s = seekers.as_ref().unwrap_or(&empty);
        Ok(crate::market::compute(
            q,
            jobs.values().map(|e| e.as_ref()),
            s,
            &hires,
            &hired,
            &self.policy,
        ))
    }

    /// What the map's people state holds.
    pub fn market_state(&self) -> Result<State> {
        let s = self.ix().seekers.read().map_err(idx_err)?;
        Ok(match s.as_ref() {
            Some(s) => State {
                built: true,
                people: s.len() as u64,
                keys: s.distinct() as u64,
                bytes: s.memory_bytes() as u64,
            },
            None => State::default(),
        })
    }

    /// Build the people's state from the store if it is not built. Holding the state's write
    /// lock through the pass keeps it consistent with writes: a write whose store commit the
    /// pass missed waits for the lock and is applied after it.
    fn build_seekers(&self) -> Result<()> {
        if self.ix().seekers.read().map_err(idx_err)?.is_some() {
            return Ok(());
        }
        let mut slot = self.ix().seekers.write().map_err(idx_err)?;
        if slot.is_some() {
            return Ok(());
        }
        let mut s = Seekers::default();
        let mut chunk: Vec<Candidate> = Vec::with_capacity(20_000);
        let add = |chunk: &mut Vec<Candidate>, s: &mut Seekers| {
            let keys: Vec<Key> = chunk.par_iter().map(Key::of).collect();
            for (c, k) in chunk.iter().zip(keys) {
                s.insert_key(&c.id, k);
            }
            chunk.clear();
        };
        self.store().for_each::<Candidate>(|c| {
            chunk.push(c);
            if chunk.len() >= 20_000 {
                add(&mut chunk, &mut s);
            }
        })?;
        add(&mut chunk, &mut s);
        *slot = Some(s);
        Ok(())
    }
}
