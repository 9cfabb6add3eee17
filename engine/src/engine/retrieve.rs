//! The read side: a retrieval pipeline of small retrievers — full text, the area's vectors, the
//! vector index, near home — that feed one pool, which the ranker scores. It only reads the
//! [`Indexes`] the indexer maintains (and the store for people's records).

use std::collections::{HashMap, HashSet};
use std::sync::atomic::Ordering as AtOrd;
use std::sync::{Arc, RwLock};

use rayon::prelude::*;

use super::{idx_err, CandidateMatch, Indexes, JobMatch, Query};
use crate::error::{Error, Result};
use crate::fulltext::{self, Filter};
use crate::jobset::{JobEntry, JobSet};
use crate::model::{Candidate, Job};
use crate::outcomes::{congestion, Forecast};
use crate::outcomes::{HiresMap, Tally};
use crate::present::{self, PersonCard, VacancyCard};
use crate::profile_cache::Derived;
use crate::rank::{self, CandidateProfile, JobProfile, Policy};
use crate::store::Store;

/// Pools at least this large are ranked on the thread pool; smaller ones on the calling thread.
const PARALLEL_POOL: usize = 2048;

/// Hash maps of the per-call work (pools of a few hundred entries, keys never chosen by a client
/// for collisions to matter).
type FxMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<rustc_hash::FxHasher>>;
type FxSet<K> = HashSet<K, std::hash::BuildHasherDefault<rustc_hash::FxHasher>>;

/// The read side of one engine, borrowed for a call.
pub(crate) struct Retrieval<'a> {
    pub(crate) store: &'a Store,
    pub(crate) ix: &'a Indexes,
    pub(crate) policy: &'a Policy,
    pub(crate) outcomes: &'a RwLock<Tally>,
}

/// What one person asks of the vacancy set in a call: the filters every retriever applies.
struct Ask<'q> {
    q: &'q Query,
    /// The areas searched (the person's, or the one asked for); empty = anywhere.
    areas: Vec<u32>,
    /// The person's vector (empty when there is none).
    v: Vec<f32>,
    depth: usize,
    /// People hired per vacancy: a vacancy with no open place is not recommended.
    hires: Arc<HiresMap>,
}

impl Ask<'_> {
    fn kinds_ok(&self, e: &JobEntry) -> bool {
        self.q.kinds.is_empty() || self.q.kinds.contains(&e.job.kind)
    }

    /// Valid on the day and of a kind asked for. The profile's end date is the record's, parsed
    /// once (this runs for every vacancy of the person's area).
    fn ok(&self, e: &JobEntry) -> bool {
        e.profile.valid_until.is_none_or(|d| d >= self.q.today) && self.kinds_ok(e) && self.open(e)
    }

    /// Has a place left (no hire map lookup while no vacancy has a hire).
    fn open(&self, e: &JobEntry) -> bool {
        self.hires.is_empty()
            || self
                .hires
                .get(&e.job.id)
                .is_none_or(|h| *h < e.job.places())
    }

    fn in_area(&self, e: &JobEntry) -> bool {
        self.areas.is_empty()
            || e.profile.place.as_ref().is_some_and(|s| {
                self.areas
                    .iter()
                    .any(|a| crate::text::region::contains(*a, s.adcode))
            })
    }

    fn sem(&self, e: &JobEntry) -> Option<f32> {
        (!self.v.is_empty() && !e.vector.is_empty()).then(|| crate::vector::dot(&self.v, &e.vector))
    }
}

/// The pool the ranker scores: what the retrievers found, deduplicated by entry.
#[derive(Default)]
struct Pool {
    seen: FxSet<usize>,
    entries: Vec<Arc<JobEntry>>,
}

impl Pool {
    fn take(&mut self, e: &Arc<JobEntry>) {
        if self.seen.insert(Arc::as_ptr(e) as usize) {
            self.entries.push(e.clone());
        }
    }
}

fn job_filter(q: &Query) -> Filter {
    Filter {
        region: q.region,
        kinds: q.kinds.clone(),
        valid_on: Some(q.today),
        ..Default::default()
    }
}

impl Retrieval<'_> {
    /// A person by id.
    pub(crate) fn candidate(&self, id: &str) -> Result<Candidate> {
        self.store
            .get::<Candidate>(id)?
            .ok_or_else(|| Error::NotFound {
                kind: "candidate",
                id: id.to_string(),
            })
    }

    /// Top vacancies for a stored person, by id: the person's vector is the one indexed at write
    /// time, not embedded again.
    pub(crate) fn jobs_for_id(&self, id: &str, q: &Query) -> Result<Vec<JobMatch>> {
        let (p, text_query) = self.derived_for_jobs(id)?;
        let v = if self.ix.vectors_settled.load(AtOrd::Acquire) {
            self.ix.ann_cands.read().map_err(idx_err)?.get(id)
        } else {
            None
        };
        self.jobs_for_with(&p, &text_query, v, q)
    }

    /// A stored person's profile and query for vacancies, from the cache when the record has
    /// not changed since they were derived ([`Error::NotFound`] when there is no such person).
    ///
    /// Deriving them reads and parses the record, scrubs it and segments all its text: about a
    /// fifth of a candidate → jobs call, and the same people ask again and again.
    pub(crate) fn derived_for_jobs(
        &self,
        id: &str,
    ) -> Result<(Arc<CandidateProfile>, Arc<fulltext::JobQuery>)> {
        let (hit, epoch) = {
            let mut cache = self.ix.profiles.lock().map_err(idx_err)?;
            (cache.get(id), cache.epoch())
        };
        if let Some(Derived {
            profile,
            job_query: Some(text_query),
        }) = hit
        {
            return Ok((profile, text_query));
        }
        // The epoch was read before the record: a write that lands in between bumps it, and
        // what is derived here from the older record is then used once and not kept.
        let c = self.candidate(id)?;
        let (p, mut text_query) = CandidateProfile::with_job_query(&c);
        text_query.shrink();
        let (p, text_query) = (Arc::new(p), Arc::new(text_query));
        let d = Derived {
            profile: p.clone(),
            job_query: Some(text_query.clone()),
        };
        self.ix
            .profiles
            .lock()
            .map_err(idx_err)?
            .put_if_current(id, d, epoch);
        Ok((p, text_query))
    }

    /// Matches for a person's profile and full-text query (which holds the colloquial
    /// expansions as extra desired titles), with their vector when the caller has it.
    pub(crate) fn jobs_for_with(
        &self,
        p: &CandidateProfile,
        text_query: &fulltext::JobQuery,
        v: Option<Vec<f32>>,
        q: &Query,
    ) -> Result<Vec<JobMatch>> {
        crate::cancel::checkpoint()?;
        let mut areas = p.areas();
        if let Some(r) = q.region {
            areas = vec![r];
        }
        let ask = Ask {
            q,
            areas,
            v: v.unwrap_or_else(|| self.ix.embed_candidate(p)),
            depth: q.depth.max(q.offset + q.top),
            hires: self.outcomes.read().map_err(idx_err)?.hires_map(),
        };
        // The full-text search runs before the vacancy set is locked: writers wait only for the
        // short part below.
        crate::cancel::checkpoint()?;
        let hits = self.fulltext_jobs(text_query, &ask)?;
        crate::cancel::checkpoint()?;
        let mut pool = Pool::default();
        {
            let jobs = self.ix.jobs.read().map_err(idx_err)?;
            for h in &hits {
                if let Some(e) = jobs.by_key(h.key) {
                    pool.take(e);
                }
            }
            if !ask.v.is_empty() {
                if ask.areas.is_empty() {
                    self.vector_index_jobs(&jobs, &ask, &mut pool)?;
                } else {
                    area_vector_jobs(&jobs, &ask, &mut pool);
                }
            }
            near_home_jobs(&jobs, p, &ask, &mut pool);
            // The pool holds its own references: rank without holding up writers.
        }
        crate::cancel::checkpoint()?;
        Ok(self.rank_jobs(p, &ask, &pool.entries))
    }

    /// Full text: one search over all the person's areas, as deep as one per area would be.
    fn fulltext_jobs(
        &self,
        text_query: &fulltext::JobQuery,
        ask: &Ask,
    ) -> Result<Vec<fulltext::Hit>> {
        let mut f = job_filter(ask.q);
        f.region = None;
        f.any_region = ask.areas.clone();
        self.ix
            .ft_jobs
            .for_job_query_keys(text_query, &f, ask.depth * ask.areas.len().max(1))
    }

    /// The vector index, for a person without an area.
    fn vector_index_jobs(&self, jobs: &JobSet, ask: &Ask, pool: &mut Pool) -> Result<()> {
        let ann = self.ix.ann_jobs.read().map_err(idx_err)?;
        let filter = |id: &str| jobs.get(id).is_some_and(|e| ask.ok(e));
        for (id, _) in ann.search(&ask.v, ask.depth, &filter) {
            if let Some(e) = jobs.get(&id) {
                pool.take(e);
            }
        }
        Ok(())
    }

    /// Ranks the pool and explains the page shown.
    fn rank_jobs(
        &self,
        p: &CandidateProfile,
        ask: &Ask,
        entries: &[Arc<JobEntry>],
    ) -> Vec<JobMatch> {
        let q = ask.q;
        // Postings repeat titles (销售代表, 普工): the title fit is computed once per distinct
        // title, before ranking, so ranking itself reads a map and takes no lock.
        let mut titles: FxMap<&str, f64> = FxMap::default();
        if !p.intents.is_empty() {
            for e in entries {
                let t = e.profile.title.as_str();
                titles
                    .entry(t)
                    .or_insert_with(|| p.title_fit(t, &e.profile.title_grams).0);
            }
        }
        // Congestion (outcome events): one forecast per pool entry, read under the tally's lock
        // once; nothing at all when the policy's strength is 0.
        let forecasts = self.forecasts(entries, ask);
        let adjust = |i: usize| forecasts.as_ref().map_or(0.0, |f| f[i].adjust);
        // Scored by position in the pool: an id is copied only for the page shown.
        let rank_one = |i: usize| {
            let e = &entries[i];
            if !ask.ok(e) || !ask.in_area(e) {
                return None;
            }
            let sem = ask.sem(e);
            let fit = titles.get(e.profile.title.as_str()).copied();
            let s = rank::score(p, &e.profile, sem, fit, self.policy, q.today)?;
            Some((s.score + adjust(i), i))
        };
        // A usual pool scores in well under a millisecond: handing it to the thread pool would
        // cost a server more in wake-ups than it saves, so only large pools are split.
        let mut out: Vec<(f64, usize)> = if entries.len() >= PARALLEL_POOL {
            (0..entries.len())
                .into_par_iter()
                .filter_map(rank_one)
                .collect()
        } else {
            (0..entries.len()).filter_map(rank_one).collect()
        };
        let order = |a: &(f64, usize), b: &(f64, usize)| {
            b.0.total_cmp(&a.0)
                .then_with(|| entries[a.1].job.id.cmp(&entries[b.1].job.id))
        };
        // Only the page asked for is put in order: the pool is often a hundred times larger.
        let shown = q.offset + q.top;
        if shown > 0 && out.len() > shown {
            out.select_nth_unstable_by(shown - 1, order);
            out.truncate(shown);
        }
        out.sort_by(order);
        // Explain (and describe) only what is shown.
        let max = present::max_score(self.policy);
        out.into_iter()
            .skip(q.offset)
            .take(q.top)
            .filter_map(|(score, i)| {
                let e = &entries[i];
                let mut s = rank::score(p, &e.profile, ask.sem(e), None, self.policy, q.today)?
                    .explain(p, &e.profile, self.policy);
                if let Some(r) = forecasts
                    .as_ref()
                    .and_then(|f| congestion::reason(&f[i], &self.policy.congestion))
                {
                    s.reasons.push(r);
                }
                Some(JobMatch {
                    job_id: e.job.id.clone(),
                    // The score the page was ordered by, on the 0–1 scale.
                    score: present::scaled(score, max),
                    reasons: s.reasons.clone(),
                    vacancy: VacancyCard::new(e, s.features.km),
                    scored: s,
                })
            })
            .collect()
    }

    /// The congestion forecast of each pool entry, or `None` when the policy turns it off.
    fn forecasts(&self, entries: &[Arc<JobEntry>], ask: &Ask) -> Option<Vec<Forecast>> {
        let c = &self.policy.congestion;
        if c.strength <= 0.0 {
            return None;
        }
        let tally = self.outcomes.read().ok()?;
        Some(
            entries
                .iter()
                .map(|e| {
                    let hired = ask.hires.get(&e.job.id).copied().unwrap_or(0);
                    let open = e.job.places().saturating_sub(hired);
                    c.forecast(&tally, &e.job, open, ask.q.today)
                })
                .collect(),
        )
    }

    /// Top people for a vacancy. At equal fit (rounded per the policy), 托底 groups come first.
    pub(crate) fn candidates_for(&self, job: &Job, q: &Query) -> Result<Vec<CandidateMatch>> {
        crate::cancel::checkpoint()?;
        let depth = q.depth.max(q.offset + q.top);
        let jp = JobProfile::new(job);
        crate::cancel::checkpoint()?;
        if !job.is_valid_on(q.today) {
            return Ok(Vec::new());
        }
        // Full text, within the vacancy's city unless an area is asked for.
        let mut f = Filter {
            groups: q.groups.clone(),
            ..Default::default()
        };
        f.region = q.region.or_else(|| {
            jp.place
                .as_ref()
                .map(|s| crate::text::region::city_level(s.adcode))
                .filter(|a| *a > 0)
        });
        let mut ids: Vec<String> = self
            .ix
            .ft_cands
            .for_job(job, &f, depth)?
            .into_iter()
            .map(|h| h.id)
            .collect();
        // The vector index.
        let v = self.ix.embed_job(&jp, job);
        let ann = self.ix.ann_cands.read().map_err(idx_err)?;
        if !v.is_empty() {
            let seen: HashSet<String> = ids.iter().cloned().collect();
            for (id, _) in ann.search(&v, depth, &|_| true) {
                if !seen.contains(&id) {
                    ids.push(id);
                }
            }
        }
        if !q.include_hired {
            let hired = self.outcomes.read().map_err(idx_err)?.hired_people();
            if !hired.is_empty() {
                ids.retain(|id| !hired.contains(id));
            }
        }
        let people = self.profiles_of(&ids);
        let sem = |id: &str, cp: &CandidateProfile| {
            if v.is_empty() {
                return None;
            }
            // The person's vector is already in the graph; embedding again would segment their
            // whole text a second time.
            ann.similarity(&v, id).or_else(|| {
                let cv = self.ix.embed_candidate(cp);
                (!cv.is_empty()).then(|| crate::vector::dot(&v, &cv))
            })
        };
        Ok(self.rank_people(&jp, &people, &sem, q))
    }

    /// People's derived profiles, from the cache or their records (the missing skipped).
    fn profiles_of<'i>(&self, ids: &'i [String]) -> Vec<(&'i String, Arc<CandidateProfile>)> {
        ids.iter()
            .filter_map(|id| {
                let (hit, epoch) = {
                    let mut cache = self.ix.profiles.lock().ok()?;
                    (cache.get(id), cache.epoch())
                };
                let p = match hit {
                    Some(d) => d.profile,
                    None => {
                        let c = self.store.get::<Candidate>(id).ok().flatten()?;
                        let p = Arc::new(CandidateProfile::new(&c));
                        if let Ok(mut cache) = self.ix.profiles.lock() {
                            let d = Derived {
                                profile: p.clone(),
                                job_query: None,
                            };
                            cache.put_if_current(id, d, epoch);
                        }
                        p
                    }
                };
                Some((id, p))
            })
            .collect()
    }

    /// Ranks people for a vacancy (托底 first at equal rounded fit) and explains the page shown.
    fn rank_people(
        &self,
        jp: &JobProfile,
        people: &[(&String, Arc<CandidateProfile>)],
        sem: &(dyn Fn(&str, &CandidateProfile) -> Option<f32> + Sync),
        q: &Query,
    ) -> Vec<CandidateMatch> {
        let rank_one = |i: usize| {
            let (id, cp) = &people[i];
            if !(q.groups.is_empty() || cp.groups.iter().any(|g| q.groups.contains(g))) {
                return None;
            }
            if let (Some(r), Some(h)) = (q.region, cp.home.as_ref().or(cp.desired.first())) {
                if !crate::text::region::contains(r, h.adcode) {
                    return None;
                }
            }
            let sem = sem(id, cp);
            let s = rank::score(cp, jp, sem, None, self.policy, q.today)?;
            let priority = rank::is_priority(&cp.groups);
            let key = rank::people_order_key(s.score, priority, self.policy);
            let m = CandidateMatch {
                candidate_id: (*id).clone(),
                score: s.score,
                reasons: Vec::new(),
                priority,
                person: PersonCard::default(),
            };
            Some((m, key, (cp, sem)))
        };
        #[allow(clippy::type_complexity)]
        let mut out: Vec<(
            CandidateMatch,
            (i64, bool),
            (&Arc<CandidateProfile>, Option<f32>),
        )> = if people.len() >= PARALLEL_POOL {
            (0..people.len())
                .into_par_iter()
                .filter_map(rank_one)
                .collect()
        } else {
            (0..people.len()).filter_map(rank_one).collect()
        };
        out.sort_by(|a, b| {
            b.1.cmp(&a.1)
                .then_with(|| a.0.candidate_id.cmp(&b.0.candidate_id))
        });
        // Explain (and describe) only what is shown.
        let max = present::max_score(self.policy);
        out.into_iter()
            .skip(q.offset)
            .take(q.top)
            .map(|(mut m, _, (cp, sem))| {
                m.score = present::scaled(m.score, max);
                if let Ok(Some(c)) = self.store.get::<Candidate>(&m.candidate_id) {
                    m.person = PersonCard::new(&c, jp);
                }
                if let Some(s) = rank::score(cp, jp, sem, None, self.policy, q.today) {
                    m.reasons = s.explain(cp, jp, self.policy).reasons;
                }
                if m.priority {
                    let g: Vec<&str> = cp
                        .groups
                        .iter()
                        .filter(|g| g.is_priority())
                        .map(|g| g.label())
                        .collect();
                    m.reasons.insert(0, format!("托底优先：{}", g.join("、")));
                }
                m
            })
            .collect()
    }

    /// The BM25-only baseline: full-text retrieval order with the same filters and no ranker
    /// (used by `bole eval` to measure what the ranker adds).
    pub(crate) fn bm25_jobs_for(&self, c: &Candidate, q: &Query) -> Result<Vec<String>> {
        let c = &crate::rank::fairness::scrub_candidate(c);
        let p = CandidateProfile::new(c);
        let areas = p.areas();
        let mut hits: Vec<fulltext::Hit> = Vec::new();
        if areas.is_empty() {
            hits = self
                .ix
                .ft_jobs
                .for_candidate(c, &job_filter(q), q.offset + q.top)?;
        } else {
            for a in areas {
                let mut f = job_filter(q);
                f.region = Some(a);
                hits.extend(self.ix.ft_jobs.for_candidate(c, &f, q.offset + q.top)?);
            }
            hits.sort_by(|a, b| b.score.total_cmp(&a.score));
        }
        let mut seen = HashSet::new();
        Ok(hits
            .into_iter()
            .filter(|h| seen.insert(h.id.clone()))
            .skip(q.offset)
            .take(q.top)
            .map(|h| h.id)
            .collect())
    }

    /// Free-text search over vacancies (a search box), valid ones only.
    pub(crate) fn search_jobs(&self, text: &str, q: &Query) -> Result<Vec<fulltext::Hit>> {
        // Under deferred commits the full-text index can still hold a vacancy deleted a moment
        // ago; the vacancy set never does, so hits are checked against it (a few extra fetched
        // so that a page stays full).
        let hits = self
            .ix
            .ft_jobs
            .search_text(text, &job_filter(q), q.offset + q.top + 16)?;
        let jobs = self.ix.jobs.read().map_err(idx_err)?;
        Ok(hits
            .into_iter()
            .filter(|h| jobs.get(&h.id).is_some())
            .skip(q.offset)
            .take(q.top)
            .collect())
    }

    /// Free-text search over people.
    pub(crate) fn search_candidates(&self, text: &str, q: &Query) -> Result<Vec<fulltext::Hit>> {
        let f = Filter {
            region: q.region,
            groups: q.groups.clone(),
            ..Default::default()
        };
        let mut hits = self.ix.ft_cands.search_text(text, &f, q.offset + q.top)?;
        Ok(hits.drain(q.offset.min(hits.len())..).collect())
    }
}

/// The area's vectors: a local labour market is small, so exact similarity over the area's
/// vacancies is faster than a filtered graph search that must skip the rest of the country.
fn area_vector_jobs(jobs: &JobSet, ask: &Ask, pool: &mut Pool) {
    // Sized for a usual area: growing it push by push cost more than the sort.
    let mut sims: Vec<(f32, &Arc<JobEntry>)> = Vec::with_capacity(2 * ask.depth);
    for a in &ask.areas {
        jobs.similar_in_area(*a, &ask.v, ask.q.today, |sim, e| {
            if ask.kinds_ok(e) && ask.open(e) {
                sims.push((sim, e));
            }
        });
    }
    let k = ask.depth.min(sims.len());
    if k > 0 {
        // Ties (reposted vacancies share a vector) broken by id: the pool never depends on the
        // order the area was scanned in.
        sims.select_nth_unstable_by(k - 1, |a, b| {
            b.0.total_cmp(&a.0)
                .then_with(|| a.1.job.id.cmp(&b.1.job.id))
        });
        sims.truncate(k);
        for (_, e) in sims {
            pool.take(e);
        }
    }
}

/// Near home: people with few words (腿脚不便，想找离家近的活) still see what is close — within
/// 20 km, or anywhere in the home county (rural counties are wide).
fn near_home_jobs(jobs: &JobSet, p: &CandidateProfile, ask: &Ask, pool: &mut Pool) {
    let Some(h) = p.home.as_ref().filter(|h| h.adcode % 100 != 0) else {
        return;
    };
    let mut near: Vec<(f64, Arc<JobEntry>)> = Vec::new();
    // The map cells find those within 20 km; the county list adds its farther ones.
    let mut consider = |e: &Arc<JobEntry>, within: bool| {
        if let Some(s) = e.profile.place.as_ref().filter(|_| ask.ok(e)) {
            let d = crate::text::region::distance_km((h.lat, h.lon), (s.lat, s.lon));
            if (d < 20.0) == within {
                near.push((d, e.clone()));
            }
        }
    };
    jobs.near(h.lat, h.lon, 20.0, |e| consider(e, true));
    jobs.in_area(h.adcode, |e| consider(e, false));
    near.sort_by(|a, b| a.0.total_cmp(&b.0));
    for (_, e) in near.iter().take(ask.depth) {
        pool.take(e);
    }
}
