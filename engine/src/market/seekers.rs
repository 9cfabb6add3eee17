//! The registered seekers as the map counts them: one small key per person (wanted occupation,
//! groups, education, where they are, how far they reach), people with equal keys counted together.
//!
//! Kept in memory beside the indexes and in step with every write once built (the first map call
//! builds it with one pass over the store). Positions are rounded to 0.01° (about 1 km), so people
//! of one village or street share a key and a province's map visits each key once, not each person.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use rustc_hash::FxHasher;

use crate::fulltext::record_key;
use crate::model::{Candidate, Group};
use crate::occupation::{self, Code};
use crate::rank::features::{circle_km, reach_km};
use crate::rank::Policy;
use crate::rank::{desired_spots, spot};
use crate::text::education::EduLevel;

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// Positions are kept in units of this many degrees.
pub(crate) const GRID: f64 = 0.01;

/// What the map needs of one person; people with equal keys are counted together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Key {
    /// Wanted work (`None`: nothing codable was given).
    pub(crate) occ: Option<Code>,
    /// One bit per [`Group`] (its index in [`Group::ALL`]).
    pub(crate) groups: u16,
    /// Education had (`None`: unknown).
    pub(crate) edu: Option<EduLevel>,
    /// Administrative code of where they are (home, else the first desired region); 0: unknown.
    pub(crate) area: u32,
    /// Position in [`GRID`] units.
    pub(crate) lat: i32,
    pub(crate) lon: i32,
    /// Known to county level or by coordinates (good enough for a distance).
    pub(crate) precise: bool,
    /// In a city district (the urban service circle) rather than a county.
    pub(crate) urban: bool,
    /// Stated commute limit in units of 0.1 km (`None`: none stated; the reach is then the
    /// service circle plus the policy's default reach, the ranker's [`reach_km`]).
    pub(crate) commute_dm: Option<u32>,
}

impl Key {
    /// The key of a person.
    pub(crate) fn of(c: &Candidate) -> Key {
        let origin = c.home.as_ref().and_then(spot).or_else(|| {
            c.desired
                .as_ref()
                .and_then(|d| desired_spots(&d.regions).into_iter().next())
        });
        let mut groups = 0u16;
        for g in &c.groups {
            groups |= group_bit(*g);
        }
        let (area, lat, lon, precise, urban) = match &origin {
            Some(s) => (
                s.adcode,
                (s.lat / GRID).round() as i32,
                (s.lon / GRID).round() as i32,
                s.precise,
                s.urban,
            ),
            None => (0, 0, 0, false, false),
        };
        Key {
            occ: occupation::code_candidate(c).map(|x| x.code),
            groups,
            edu: c.education.as_deref().and_then(EduLevel::parse),
            area,
            lat,
            lon,
            precise: precise && origin.is_some(),
            urban,
            commute_dm: c
                .max_commute_km
                .map(|m| (m.max(0.0) * 10.0).round().min(u32::MAX as f64) as u32),
        }
    }

    /// Latitude and longitude in degrees.
    pub(crate) fn position(&self) -> (f64, f64) {
        (self.lat as f64 * GRID, self.lon as f64 * GRID)
    }

    /// How far the person reaches under a policy, in km (the ranker's [`reach_km`]).
    pub(crate) fn reach_km(&self, policy: &Policy) -> f64 {
        let circles = &policy.circles;
        reach_km(
            self.commute_dm.map(|d| d as f64 / 10.0),
            circle_km(self.urban, circles),
            circles,
        )
    }

    /// Whether the person is in group `g`.
    pub(crate) fn in_group(&self, g: Group) -> bool {
        self.groups & group_bit(g) != 0
    }
}

/// The bit of a group in [`Key::groups`].
pub(crate) fn group_bit(g: Group) -> u16 {
    let i = Group::ALL.iter().position(|x| *x == g).unwrap_or(0);
    1 << i
}

/// Every seeker's key, and how many people hold each key.
#[derive(Default)]
pub(crate) struct Seekers {
    by_id: FxMap<u64, Key>,
    counts: FxMap<Key, u32>,
}

impl Seekers {
    /// Add or replace a person.
    pub(crate) fn upsert(&mut self, c: &Candidate) {
        self.insert_key(&c.id, Key::of(c));
    }

    /// Add or replace a person by a key already derived.
    pub(crate) fn insert_key(&mut self, id: &str, key: Key) {
        let id = record_key(id);
        if let Some(old) = self.by_id.insert(id, key) {
            self.dec(old);
        }
        *self.counts.entry(key).or_insert(0) += 1;
    }

    /// Remove a person (nothing happens for an unknown id).
    pub(crate) fn remove(&mut self, id: &str) {
        if let Some(old) = self.by_id.remove(&record_key(id)) {
            self.dec(old);
        }
    }

    fn dec(&mut self, key: Key) {
        if let Some(n) = self.counts.get_mut(&key) {
            *n -= 1;
            if *n == 0 {
                self.counts.remove(&key);
            }
        }
    }

    /// The key of a person, if held.
    pub(crate) fn key_of(&self, id: &str) -> Option<Key> {
        self.by_id.get(&record_key(id)).copied()
    }

    /// Distinct keys with their head counts.
    pub(crate) fn keys(&self) -> impl Iterator<Item = (&Key, u32)> {
        self.counts.iter().map(|(k, n)| (k, *n))
    }

    /// People held.
    pub(crate) fn len(&self) -> usize {
        self.by_id.len()
    }

    /// Distinct keys held.
    pub(crate) fn distinct(&self) -> usize {
        self.counts.len()
    }

    /// Bytes the state holds, roughly (table slots included).
    pub(crate) fn memory_bytes(&self) -> usize {
        let slot = |k: usize, v: usize| k + v + 1;
        self.by_id.capacity() * slot(8, std::mem::size_of::<Key>())
            + self.counts.capacity() * slot(std::mem::size_of::<Key>(), 4)
    }
}
