//! People's derived profiles kept between calls, for both directions (see [`ProfileCache`]).

use std::collections::HashMap;
use std::sync::Arc;

/// What is derived from a person's record for matching, kept between calls.
#[derive(Clone)]
pub(crate) struct Derived {
    /// The profile the ranker reads.
    pub(crate) profile: Arc<crate::rank::CandidateProfile>,
    /// The person's full-text query for vacancies, when the entry was derived for that
    /// direction ([`crate::rank::CandidateProfile::with_job_query`]).
    pub(crate) job_query: Option<Arc<crate::fulltext::JobQuery>>,
}

/// A cache's size and lookups since the engine opened ([`crate::Engine::profile_cache_stats`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CacheStats {
    /// Entries held now.
    pub entries: u64,
    /// About the most entries it holds.
    pub capacity: u64,
    /// Lookups that found an entry.
    pub hits: u64,
    /// Lookups that found none (the entry was then derived from the record).
    pub misses: u64,
}

/// Derived profiles of people, kept for both directions: deriving one means reading and parsing
/// the record and segmenting all its text, and the same local population is ranked again for
/// every vacancy of its area, as the same person asks again for vacancies. Two generations bound
/// the memory: lookups promote from the old one, and when the young one is full it becomes the
/// old one.
pub(crate) struct ProfileCache {
    young: HashMap<String, Derived>,
    old: HashMap<String, Derived>,
    half: usize,
    /// Lookups that found an entry, and that did not.
    hits: u64,
    misses: u64,
    /// Bumped by every [`ProfileCache::forget`]: a profile derived from a record read before a
    /// forget may be stale and is not kept (see [`ProfileCache::put_if_current`]).
    epoch: u64,
}

impl ProfileCache {
    /// A cache holding at most about `capacity` profiles.
    pub(crate) fn new(capacity: usize) -> ProfileCache {
        ProfileCache {
            young: HashMap::new(),
            old: HashMap::new(),
            half: (capacity / 2).max(1),
            hits: 0,
            misses: 0,
            epoch: 0,
        }
    }

    /// Hold at most about `capacity` profiles from now on (what is held already stays until it
    /// ages out).
    pub(crate) fn set_capacity(&mut self, capacity: usize) {
        self.half = (capacity / 2).max(1);
    }

    pub(crate) fn get(&mut self, id: &str) -> Option<Derived> {
        if let Some(p) = self.young.get(id) {
            self.hits += 1;
            return Some(p.clone());
        }
        let Some(p) = self.old.remove(id) else {
            self.misses += 1;
            return None;
        };
        self.hits += 1;
        self.put(id, p.clone());
        Some(p)
    }

    /// What the cache holds and how its lookups went, for monitoring.
    pub(crate) fn stats(&self) -> CacheStats {
        CacheStats {
            entries: (self.young.len() + self.old.len()) as u64,
            capacity: (self.half * 2) as u64,
            hits: self.hits,
            misses: self.misses,
        }
    }

    pub(crate) fn put(&mut self, id: &str, p: Derived) {
        if self.young.len() >= self.half {
            self.old = std::mem::take(&mut self.young);
        }
        self.young.insert(id.to_string(), p);
    }

    /// The current epoch, to read before reading a record from the store.
    pub(crate) fn epoch(&self) -> u64 {
        self.epoch
    }

    /// Keep `p` only if nobody was forgotten since `epoch` was read.
    pub(crate) fn put_if_current(&mut self, id: &str, p: Derived, epoch: u64) {
        if epoch == self.epoch {
            self.put(id, p);
        }
    }

    /// Forget a person whose record changed or went away.
    pub(crate) fn forget(&mut self, id: &str) {
        self.epoch += 1;
        self.young.remove(id);
        self.old.remove(id);
    }

    pub(crate) fn clear(&mut self) {
        self.epoch += 1;
        self.young.clear();
        self.old.clear();
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.young.len() + self.old.len()
    }
}

#[cfg(test)]
mod cache_tests {
    use super::*;
    use crate::model::candidate_from_json;
    use crate::rank::CandidateProfile;

    fn profile(id: &str) -> Derived {
        Derived {
            profile: Arc::new(CandidateProfile::new(
                &candidate_from_json(&format!(r#"{{"id":"{id}","summary":"会开叉车"}}"#)).unwrap(),
            )),
            job_query: None,
        }
    }

    #[test]
    fn counts_hits_and_misses_and_takes_a_new_capacity() {
        let mut c = ProfileCache::new(4);
        assert!(c.get("a").is_none());
        c.put("a", profile("a"));
        assert!(c.get("a").is_some());
        assert!(c.get("a").is_some());
        let s = c.stats();
        assert_eq!((s.entries, s.capacity, s.hits, s.misses), (1, 4, 2, 1));
        c.set_capacity(100);
        for i in 0..60 {
            c.put(&format!("p{i}"), profile("x"));
        }
        assert!(c.stats().entries > 4 && c.stats().entries <= 100);
        assert_eq!(c.stats().capacity, 100);
    }

    #[test]
    fn bounded_promotes_and_forgets() {
        let mut c = ProfileCache::new(4);
        for i in 0..10 {
            c.put(&format!("p{i}"), profile("x"));
            assert!(c.len() <= 4, "{}", c.len());
        }
        assert!(c.get("p9").is_some());
        assert!(c.get("p0").is_none(), "oldest evicted");
        let before = c.epoch();
        c.forget("p9");
        assert!(c.get("p9").is_none());
        c.put_if_current("p9", profile("x"), before);
        assert!(
            c.get("p9").is_none(),
            "a profile read before a forget is not kept"
        );
        c.put_if_current("p9", profile("x"), c.epoch());
        assert!(c.get("p9").is_some());
        let before = c.epoch();
        c.clear();
        assert!(c.get("p8").is_none());
        c.put_if_current("p8", profile("x"), before);
        assert!(c.get("p8").is_none(), "nothing read before a clear is kept");
    }
}
