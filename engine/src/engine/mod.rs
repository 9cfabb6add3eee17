//! What does a caller hold? An [`Engine`]: the durable store plus the derived indexes (full text,
//! vectors, in-memory job profiles) kept in step with it, and the match calls in both directions.
//!
//! Writes go to the store first (durable), then to the indexes; a search right after a write
//! returns sees it. Indexes live under the data directory and are caught up from the store's change
//! log at open, or rebuilt when missing, damaged, of another schema version, or asked for
//! (`reindex`).
//!
//! The engine is a thin front over two sides that share the [`Indexes`]: the write side
//! ([`indexer`]: catch-up, rebuild, persistence, the commit timer, the change log's pruning,
//! events) and the read side ([`retrieve`]: small retrievers feeding one pool to the ranker).

mod indexer;
mod market;
mod outcomes;
mod retrieve;

use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex, RwLock};

use serde::Serialize;

use crate::error::{Error, Result};
pub use crate::events::Event;
use crate::fulltext::{self, CandidateIndex, JobIndex};
pub use crate::jobset::JobEntry;
use crate::jobset::JobSet;
use crate::model::{Candidate, Group, Job, JobKind};
use crate::profile_cache::ProfileCache;
use crate::rank::{CandidateProfile, JobProfile, Policy, Scored};
use crate::store::{Store, WriteSummary};
use crate::text::chinese::{bigrams, Segmenter};
use crate::text::normalise::fold;
use crate::vector::{AnnIndex, CorpusEmbedder, Doc, Embedder};
use indexer::Indexer;
use retrieve::Retrieval;

/// How many hits each retriever contributes before ranking, by default.
pub const RETRIEVE: usize = 200;

/// Options of a match call.
#[derive(Debug, Clone)]
pub struct Query {
    /// How many results.
    pub top: usize,
    /// Skip this many (pagination).
    pub offset: usize,
    /// Only within this administrative area (adcode prefix rule).
    pub region: Option<u32>,
    /// Only these job kinds (empty = any).
    pub kinds: Vec<JobKind>,
    /// Only people in any of these groups (vacancy → people; empty = any).
    pub groups: Vec<Group>,
    /// The date of the call (days since epoch): expired vacancies are never returned.
    pub today: i64,
    /// Vacancy → people: also offer people already hired (an outcome event `hired`), who are
    /// left out by default.
    pub include_hired: bool,
    /// How many hits each retriever (full text, vectors, near home) contributes to the pool the
    /// ranker scores. Deeper finds more and costs more ranking time.
    pub depth: usize,
}

impl Default for Query {
    fn default() -> Self {
        Query {
            top: 10,
            offset: 0,
            region: None,
            kinds: Vec::new(),
            groups: Vec::new(),
            today: crate::model::today(),
            include_hired: false,
            depth: RETRIEVE,
        }
    }
}

/// One job matched to a person.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct JobMatch {
    /// Vacancy id.
    pub job_id: String,
    /// Fit on a 0–1 scale: the ranker's score divided by the highest the policy allows
    /// ([`crate::present::max_score`]: a perfect fit earning every group bonus), so lists keep
    /// the ranker's order. Higher is better.
    #[cfg_attr(feature = "utoipa", schema(minimum = 0, maximum = 1))]
    pub score: f64,
    /// Why, in short Chinese phrases.
    pub reasons: Vec<String>,
    /// What the vacancy is: title, employer, place, pay, kind, distance.
    #[serde(flatten)]
    pub vacancy: crate::present::VacancyCard,
    /// Features behind the score (for explanation and evaluation).
    #[serde(skip)]
    pub scored: Scored,
}

/// One person matched to a vacancy.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct CandidateMatch {
    /// Candidate id.
    pub candidate_id: String,
    /// Fit on the 0–1 scale of [`JobMatch::score`]. Higher is better.
    #[cfg_attr(feature = "utoipa", schema(minimum = 0, maximum = 1))]
    pub score: f64,
    /// Why.
    pub reasons: Vec<String>,
    /// In a 托底 priority group.
    pub priority: bool,
    /// Who the person is, without name or contact: groups, region, education, distance.
    #[serde(flatten)]
    pub person: crate::present::PersonCard,
}

/// People's derived profiles kept in memory by default (about 4 KiB each with their query for
/// vacancies); [`Engine::set_profile_cache_capacity`] changes it.
pub const PROFILE_CACHE: usize = 200_000;

/// A poisoned lock (a panic while it was held) as an index error.
fn idx_err<E: std::fmt::Display>(e: E) -> Error {
    Error::index(e.to_string())
}

/// Tokens of a vacancy for the embedder: title and skills weigh more than the description.
pub fn job_doc(p: &JobProfile, j: &Job) -> Doc {
    let seg = Segmenter::global();
    let desc = j
        .description
        .as_deref()
        .map(crate::text::normalise::clean)
        .unwrap_or_default();
    let mut title = seg.words(&p.title);
    title.extend(crate::lexicon::expand(&p.title).into_iter().map(fold));
    Doc::default()
        .with_field(title, 3.0)
        .with_field(p.skills.clone(), 2.0)
        .with_field(bigrams(&p.title), 1.5)
        .with_field(seg.words(&desc), 1.0)
}

/// Tokens of a person for the embedder: intents and skills weigh more than free text.
pub fn candidate_doc(p: &CandidateProfile) -> Doc {
    let seg = Segmenter::global();
    let mut intents = Vec::new();
    for i in &p.intents {
        intents.extend(seg.words(i));
    }
    let joined = p.intents.join(" ");
    Doc::default()
        .with_field(intents, 3.0)
        .with_field(p.terms.clone(), 2.0)
        .with_field(bigrams(&joined), 1.5)
        .with_field(seg.words(&p.text), 1.0)
}

/// The derived state both sides share: the indexer writes it, the retrievers read it.
pub(crate) struct Indexes {
    pub(crate) jobs: RwLock<JobSet>,
    pub(crate) ft_jobs: JobIndex,
    pub(crate) ft_cands: CandidateIndex,
    pub(crate) embedder: RwLock<Option<Arc<CorpusEmbedder>>>,
    pub(crate) ann_jobs: RwLock<AnnIndex>,
    pub(crate) ann_cands: RwLock<AnnIndex>,
    /// People's derived profiles (and their queries for vacancies), for both directions.
    pub(crate) profiles: Mutex<ProfileCache>,
    /// Cleared while a rebuild moves the vectors to a new embedder: until it is set again a
    /// person's stored vector may belong to the old space and is not reused.
    pub(crate) vectors_settled: AtomicBool,
    /// The people as the market map counts them; built by the first map call, then kept in step.
    pub(crate) seekers: RwLock<Option<crate::market::seekers::Seekers>>,
}

impl Indexes {
    /// The document vector of a vacancy (empty when no embedder is trained yet).
    pub(crate) fn embed_job(&self, p: &JobProfile, j: &Job) -> Vec<f32> {
        match self.embedder.read().ok().and_then(|e| e.clone()) {
            Some(e) => e.embed(&job_doc(p, j)),
            None => Vec::new(),
        }
    }

    /// The document vector of a person (empty when no embedder is trained yet).
    pub(crate) fn embed_candidate(&self, p: &CandidateProfile) -> Vec<f32> {
        match self.embedder.read().ok().and_then(|e| e.clone()) {
            Some(e) => e.embed(&candidate_doc(p)),
            None => Vec::new(),
        }
    }
}

/// The matching engine over one data directory.
pub struct Engine {
    policy: Policy,
    /// The write side; it owns the store and the derived indexes.
    indexer: Indexer,
    /// Outcome counts, derived from the store's events at open and kept in step with them.
    outcomes: RwLock<crate::outcomes::Tally>,
}

impl Engine {
    /// Open the engine on a data directory with the default policy.
    pub fn open(dir: &Path) -> Result<Engine> {
        Engine::open_with(dir, Policy::default())
    }

    /// Open with a given policy. Catches the indexes up with the store, or rebuilds them.
    ///
    /// Every derived file is checked on open (format version and checksum, tantivy's segment
    /// checksums): one that is missing or damaged is rebuilt from the store, with a warning in
    /// the log saying why. A store that holds less than the indexes were built from (emptied,
    /// replaced or damaged) refuses the start instead, naming the file: rebuilding would throw
    /// away the only other copy of the records.
    pub fn open_with(dir: &Path, policy: Policy) -> Result<Engine> {
        let indexer = Indexer::open(dir)?;
        let outcomes = outcomes::load(&indexer.store)?;
        Ok(Engine {
            policy,
            indexer,
            outcomes,
        })
    }

    fn ix(&self) -> &Indexes {
        &self.indexer.ix
    }

    fn read_side(&self) -> Retrieval<'_> {
        Retrieval {
            store: &self.indexer.store,
            ix: &self.indexer.ix,
            policy: &self.policy,
            outcomes: &self.outcomes,
        }
    }

    /// The durable store.
    pub fn store(&self) -> &Store {
        &self.indexer.store
    }

    /// The ranking policy in force.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// The data directory.
    pub fn dir(&self) -> &Path {
        &self.indexer.dir
    }

    /// The document vector of a vacancy (empty when no embedder is trained yet).
    pub fn embed_job(&self, p: &JobProfile, j: &Job) -> Vec<f32> {
        self.ix().embed_job(p, j)
    }

    /// The document vector of a person (empty when no embedder is trained yet).
    pub fn embed_candidate(&self, p: &CandidateProfile) -> Vec<f32> {
        self.ix().embed_candidate(p)
    }

    /// Rebuild every derived index from the store: train the embedder, index both sides.
    pub fn rebuild(&self) -> Result<()> {
        self.indexer.rebuild()
    }

    /// Leave full-text commits to [`Engine::commit_pending`], to be called on a timer.
    ///
    /// A tantivy commit writes and syncs a new segment (tens of milliseconds of disk waits); one
    /// per write caps a server at a few dozen writes a second. Deferred, a write is still
    /// durable when it returns (the store committed it) and the vacancy's record, vector, area
    /// and map cell are live at once; only full-text retrieval sees it after the next commit.
    pub fn set_deferred_commit(&self, on: bool) {
        self.indexer.set_deferred_commit(on)
    }

    /// Commit the full-text indexes that hold uncommitted writes; returns whether any did.
    pub fn commit_pending(&self) -> Result<bool> {
        self.indexer.commit_pending()
    }

    /// Save the vector graphs and meta.json if the indexes hold changes they do not describe
    /// (and prune the store's change log up to what they now describe).
    pub fn flush(&self) -> Result<()> {
        self.indexer.flush()
    }

    /// Apply the store's changes the indexes have not seen yet (other processes' writes too),
    /// and publish them as [`Event`]s once the indexes show them.
    pub fn catch_up(&self) -> Result<usize> {
        self.indexer.catch_up()
    }

    /// Hear about every committed write from now on (see [`Event`]). Drop the receiver to stop.
    pub fn subscribe(&self) -> std::sync::mpsc::Receiver<Arc<Event>> {
        self.indexer.subscribe()
    }

    /// Store vacancies durably, then make them visible to searches.
    pub fn put_jobs(&self, jobs: &[Job]) -> Result<WriteSummary> {
        self.indexer.put_jobs(jobs)
    }

    /// Store people durably, then make them visible to searches.
    pub fn put_candidates(&self, cands: &[Candidate]) -> Result<WriteSummary> {
        self.indexer.put_candidates(cands)
    }

    /// Delete vacancies; returns the ids that existed.
    pub fn delete_jobs(&self, ids: &[&str]) -> Result<Vec<String>> {
        self.indexer.delete_jobs(ids)
    }

    /// Delete people; returns the ids that existed.
    pub fn delete_candidates(&self, ids: &[&str]) -> Result<Vec<String>> {
        self.indexer.delete_candidates(ids)
    }

    /// Segments the vacancy and people full-text indexes hold now: every free-text and record
    /// query opens each of its terms in each segment, so a count that keeps growing under writes
    /// costs every search.
    pub fn fulltext_segments(&self) -> (usize, usize) {
        (self.ix().ft_jobs.segments(), self.ix().ft_cands.segments())
    }

    /// Size and lookups of the kept derived profiles of people (see [`PROFILE_CACHE`]).
    pub fn profile_cache_stats(&self) -> crate::CacheStats {
        self.ix()
            .profiles
            .lock()
            .map(|c| c.stats())
            .unwrap_or_default()
    }

    /// Keep at most about `capacity` people's derived profiles (the default is [`PROFILE_CACHE`]).
    /// A smaller one saves memory; people beyond it have theirs derived again at each call.
    pub fn set_profile_cache_capacity(&self, capacity: usize) {
        if let Ok(mut c) = self.ix().profiles.lock() {
            c.set_capacity(capacity);
        }
    }

    /// A vacancy by id.
    pub fn job(&self, id: &str) -> Result<Arc<JobEntry>> {
        self.ix()
            .jobs
            .read()
            .map_err(idx_err)?
            .get(id)
            .cloned()
            .ok_or_else(|| Error::NotFound {
                kind: "job",
                id: id.to_string(),
            })
    }

    /// A person by id.
    pub fn candidate(&self, id: &str) -> Result<Candidate> {
        self.read_side().candidate(id)
    }

    /// Every vacancy held (valid or not), as shared entries.
    pub fn job_entries(&self) -> Vec<Arc<JobEntry>> {
        self.ix()
            .jobs
            .read()
            .map(|m| m.values().cloned().collect())
            .unwrap_or_default()
    }

    /// Top vacancies for a person (stored or not): hybrid retrieval, then the ranker. Vacancies
    /// with no open place left ([`Engine::is_filled`]) are never returned.
    pub fn jobs_for(&self, c: &Candidate, q: &Query) -> Result<Vec<JobMatch>> {
        let (p, text_query) = CandidateProfile::with_job_query(c);
        self.read_side().jobs_for_with(&p, &text_query, None, q)
    }

    /// Top vacancies for a stored person, by id ([`Error::NotFound`] when there is none).
    ///
    /// The same answer as [`Engine::jobs_for`] on the stored record, but the person's vector is
    /// the one indexed at write time, not embedded again.
    pub fn jobs_for_id(&self, id: &str, q: &Query) -> Result<Vec<JobMatch>> {
        self.read_side().jobs_for_id(id, q)
    }

    /// Top people for a vacancy. At equal fit (rounded per the policy), 托底 groups come first.
    /// People already hired are left out unless [`Query::include_hired`].
    pub fn candidates_for(&self, job: &Job, q: &Query) -> Result<Vec<CandidateMatch>> {
        self.read_side().candidates_for(job, q)
    }

    /// The BM25-only baseline: full-text retrieval order with the same filters and no ranker
    /// (used by `bole eval` to measure what the ranker adds).
    pub fn bm25_jobs_for(&self, c: &Candidate, q: &Query) -> Result<Vec<String>> {
        self.read_side().bm25_jobs_for(c, q)
    }

    /// Free-text search over vacancies (a search box), valid ones only.
    pub fn search_jobs(&self, text: &str, q: &Query) -> Result<Vec<fulltext::Hit>> {
        self.read_side().search_jobs(text, q)
    }

    /// Free-text search over people.
    pub fn search_candidates(&self, text: &str, q: &Query) -> Result<Vec<fulltext::Hit>> {
        self.read_side().search_candidates(text, q)
    }
}
