//! What does a caller hold? An [`Engine`]: the durable store plus the derived indexes (full text,
//! vectors, in-memory job profiles) kept in step with it, and the match calls in both directions.
//!
//! Writes go to the store first (durable), then to the indexes; a search right after a write
//! returns sees it. Indexes live under the data directory and are caught up from the store's change
//! log at open, or rebuilt when missing, of another schema version, or asked for (`reindex`).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering as AtOrd};
use std::sync::{Arc, Mutex, RwLock};

use rayon::prelude::*;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::fulltext::{self, CandidateIndex, Filter, JobIndex};
use crate::jobset::{Derived, JobSet, ProfileCache};
use crate::model::{Candidate, Group, Job, JobKind};
use crate::rank::{self, CandidateProfile, JobProfile, Policy, Scored};
use crate::store::{Change, Store, WriteSummary};
use crate::text::chinese::{bigrams, Segmenter};
use crate::text::normalise::fold;
use crate::vector::{AnnIndex, CorpusEmbedder, Doc, Embedder, TrainOptions};

/// Version of the derived-index layout; bump to force a rebuild after an upgrade.
const INDEX_VERSION: u32 = 1;
/// How many hits each retriever contributes before ranking, by default.
pub const RETRIEVE: usize = 200;

/// A vacancy held in memory with its derived profile and vector.
#[derive(Debug)]
pub struct JobEntry {
    /// The record as stored.
    pub job: Job,
    /// What the ranker derives from it.
    pub profile: JobProfile,
    /// Document vector (empty when no embedder is trained yet).
    pub vector: Vec<f32>,
}

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
            depth: RETRIEVE,
        }
    }
}

/// One job matched to a person.
#[derive(Debug, Clone, Serialize)]
pub struct JobMatch {
    /// Vacancy id.
    pub job_id: String,
    /// Higher is better.
    pub score: f64,
    /// Why, in short Chinese phrases.
    pub reasons: Vec<String>,
    /// Features behind the score (for explanation and evaluation).
    #[serde(skip)]
    pub scored: Scored,
}

/// One person matched to a vacancy.
#[derive(Debug, Clone, Serialize)]
pub struct CandidateMatch {
    /// Candidate id.
    pub candidate_id: String,
    /// Higher is better.
    pub score: f64,
    /// Why.
    pub reasons: Vec<String>,
    /// In a 托底 priority group.
    pub priority: bool,
}

#[derive(Debug, Clone, Serialize, serde::Deserialize, Default)]
struct IndexMeta {
    version: u32,
    fulltext_schema: u32,
    generation: u64,
    /// Training documents the embedder saw; when the corpus has doubled since, it is retrained.
    #[serde(default)]
    trained_on: u64,
}

/// Below this many documents a retrain is cheap enough to do inline on a write.
const INLINE_RETRAIN_MAX: u64 = 20_000;

/// The matching engine over one data directory.
pub struct Engine {
    store: Store,
    dir: PathBuf,
    policy: Policy,
    jobs: RwLock<JobSet>,
    ft_jobs: JobIndex,
    ft_cands: CandidateIndex,
    embedder: RwLock<Option<Arc<CorpusEmbedder>>>,
    ann_jobs: RwLock<AnnIndex>,
    ann_cands: RwLock<AnnIndex>,
    /// Serialises index maintenance (writers), never held by readers.
    maintenance: Mutex<u64>,
    trained_on: std::sync::atomic::AtomicU64,
    /// The generation the saved vector graphs and meta.json describe, and when they were saved.
    persisted: Mutex<(u64, std::time::Instant)>,
    /// Full-text commits left to [`Engine::commit_pending`] (see [`Engine::set_deferred_commit`]).
    deferred: AtomicBool,
    /// People's derived profiles (and their queries for vacancies), for both directions.
    profiles: Mutex<ProfileCache>,
    pending_jobs: AtomicBool,
    pending_cands: AtomicBool,
    /// Cleared while [`Engine::rebuild`] moves the vectors to a new embedder: until it is set
    /// again a person's stored vector may belong to the old space and is not reused.
    vectors_settled: AtomicBool,
}

/// Saving both vector graphs costs far more than indexing one write, so they are saved after this
/// many changes or this long after the last save (and on [`Engine::flush`] / drop). Nothing is
/// at risk in between: the store is durable, and the changes after the saved generation are
/// replayed from its change log at the next open.
const PERSIST_EVERY_CHANGES: u64 = 5_000;
/// People's derived profiles kept in memory by default (about 4 KiB each with their query for
/// vacancies); [`Engine::set_profile_cache_capacity`] changes it.
pub const PROFILE_CACHE: usize = 200_000;
/// Pools at least this large are ranked on the thread pool; smaller ones on the calling thread.
const PARALLEL_POOL: usize = 2048;
const PERSIST_EVERY: std::time::Duration = std::time::Duration::from_secs(300);

/// Hash maps of the per-call work (pools of a few hundred entries, keys never chosen by a client
/// for collisions to matter).
type FxMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<rustc_hash::FxHasher>>;
type FxSet<K> = HashSet<K, std::hash::BuildHasherDefault<rustc_hash::FxHasher>>;

fn idx_err<E: std::fmt::Display>(e: E) -> Error {
    Error::Index(e.to_string())
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

impl Drop for Engine {
    fn drop(&mut self) {
        // Best effort: a failure here costs only a replay of the change log at the next open.
        let _ = self.flush();
    }
}

impl Engine {
    /// Open the engine on a data directory with the default policy.
    pub fn open(dir: &Path) -> Result<Engine> {
        Engine::open_with(dir, Policy::default())
    }

    /// Open with a given policy. Catches the indexes up with the store, or rebuilds them.
    pub fn open_with(dir: &Path, policy: Policy) -> Result<Engine> {
        let store = Store::open(dir)?;
        let idx = dir.join("index");
        std::fs::create_dir_all(&idx)?;
        let meta: IndexMeta = std::fs::read(idx.join("meta.json"))
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default();
        let fresh =
            meta.version == INDEX_VERSION && meta.fulltext_schema == fulltext::SCHEMA_VERSION;
        if !fresh {
            // Another layout: start the derived state from scratch.
            let _ = std::fs::remove_dir_all(&idx);
            std::fs::create_dir_all(&idx)?;
        }
        let ft_jobs = JobIndex::open(&idx.join("jobs"))?;
        let ft_cands = CandidateIndex::open(&idx.join("candidates"))?;
        let embedder = CorpusEmbedder::load(&idx.join("embedder.bin"))
            .ok()
            .map(Arc::new);
        let dim = embedder.as_ref().map(|e| e.dim()).unwrap_or(1);
        let ann_jobs =
            AnnIndex::load(&idx.join("ann_jobs")).unwrap_or_else(|_| AnnIndex::new(dim, 1024));
        let ann_cands = AnnIndex::load(&idx.join("ann_candidates"))
            .unwrap_or_else(|_| AnnIndex::new(dim, 1024));
        let engine = Engine {
            store,
            dir: dir.to_path_buf(),
            policy,
            jobs: RwLock::new(JobSet::default()),
            ft_jobs,
            ft_cands,
            embedder: RwLock::new(embedder),
            ann_jobs: RwLock::new(ann_jobs),
            ann_cands: RwLock::new(ann_cands),
            maintenance: Mutex::new(meta.generation),
            trained_on: std::sync::atomic::AtomicU64::new(if fresh { meta.trained_on } else { 0 }),
            persisted: Mutex::new((meta.generation, std::time::Instant::now())),
            deferred: AtomicBool::new(false),
            profiles: Mutex::new(ProfileCache::new(PROFILE_CACHE)),
            pending_jobs: AtomicBool::new(false),
            pending_cands: AtomicBool::new(false),
            vectors_settled: AtomicBool::new(true),
        };
        let store_gen = engine.store.generation()?;
        if !fresh || engine.needs_retrain()? || meta.generation > store_gen {
            engine.rebuild()?;
        } else {
            engine.load_jobs()?;
            engine.catch_up()?;
        }
        Ok(engine)
    }

    /// The durable store.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The ranking policy in force.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// The data directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The document vector of a vacancy (empty when no embedder is trained yet).
    pub fn embed_job(&self, p: &JobProfile, j: &Job) -> Vec<f32> {
        match self.embedder.read().ok().and_then(|e| e.clone()) {
            Some(e) => e.embed(&job_doc(p, j)),
            None => Vec::new(),
        }
    }

    /// The document vector of a person (empty when no embedder is trained yet).
    pub fn embed_candidate(&self, p: &CandidateProfile) -> Vec<f32> {
        match self.embedder.read().ok().and_then(|e| e.clone()) {
            Some(e) => e.embed(&candidate_doc(p)),
            None => Vec::new(),
        }
    }

    fn entry(&self, job: Job) -> JobEntry {
        let profile = JobProfile::new(&job);
        let vector = self.embed_job(&profile, &job);
        JobEntry {
            job,
            profile,
            vector,
        }
    }

    fn load_jobs(&self) -> Result<()> {
        let all: Vec<Job> = self.store.all()?;
        let entries: Vec<JobEntry> = all.into_par_iter().map(|j| self.entry(j)).collect();
        let set = JobSet::from_entries(entries.into_iter().map(Arc::new));
        *self.jobs.write().map_err(idx_err)? = set;
        Ok(())
    }

    /// Rebuild every derived index from the store: train the embedder, index both sides.
    pub fn rebuild(&self) -> Result<()> {
        let mut applied = self.maintenance.lock().map_err(idx_err)?;
        // The derived state is about to be replaced piece by piece: until `persist` writes the
        // new meta.json, a crash must leave the next open rebuilding, not trusting a half-cleared
        // full text or a vector graph from the old embedder.
        match std::fs::remove_file(self.dir.join("index").join("meta.json")) {
            Ok(()) => std::fs::File::open(self.dir.join("index"))?.sync_all()?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e.into()),
        }
        let generation = self.store.generation()?;
        let jobs: Vec<Job> = self.store.all()?;
        let job_profiles: Vec<JobProfile> = jobs.par_iter().map(JobProfile::new).collect();
        // Train on every vacancy and a bounded sample of people (enough for their vocabulary).
        let mut docs: Vec<Doc> = jobs
            .par_iter()
            .zip(job_profiles.par_iter())
            .map(|(j, p)| job_doc(p, j))
            .collect();
        let n_cands = self.store.count::<Candidate>()? as usize;
        let stride = (n_cands / 50_000).max(1);
        let mut i = 0usize;
        let mut sample = Vec::new();
        self.store.for_each::<Candidate>(|c| {
            if i.is_multiple_of(stride) {
                sample.push(c);
            }
            i += 1;
        })?;
        docs.par_extend(
            sample
                .par_iter()
                .map(|c| candidate_doc(&CandidateProfile::new(c))),
        );
        self.trained_on
            .store(docs.len() as u64, std::sync::atomic::Ordering::Relaxed);
        let embedder = if docs.is_empty() {
            None
        } else {
            Some(Arc::new(CorpusEmbedder::train(
                &docs,
                &TrainOptions::default(),
            )))
        };
        drop(docs);
        self.vectors_settled.store(false, AtOrd::Release);
        *self.embedder.write().map_err(idx_err)? = embedder.clone();
        let dim = embedder.as_ref().map(|e| e.dim()).unwrap_or(1);

        // Vacancies: profiles, vectors, full text, ANN.
        self.ft_jobs.clear()?;
        let mut ann = AnnIndex::new(dim, jobs.len().max(1024));
        let mut map = JobSet::default();
        let vectors: Vec<Vec<f32>> = jobs
            .par_iter()
            .zip(job_profiles.par_iter())
            .map(|(j, p)| {
                embedder
                    .as_ref()
                    .map(|e| e.embed(&job_doc(p, j)))
                    .unwrap_or_default()
            })
            .collect();
        // Full text gets the vacancies in order of place, so each area's documents sit together:
        // a search filtered to an area then walks one stretch of every posting list, instead of
        // seeking across the whole index (each far seek of a union also clears its buffers).
        let mut by_place: Vec<usize> = (0..jobs.len()).collect();
        by_place.sort_by_key(|&i| {
            (
                job_profiles[i]
                    .place
                    .as_ref()
                    .map_or(u32::MAX, |s| s.adcode),
                &jobs[i].id,
            )
        });
        for &i in &by_place {
            self.ft_jobs.upsert(&jobs[i])?;
        }
        for ((job, profile), vector) in jobs.into_iter().zip(job_profiles).zip(vectors) {
            if !vector.is_empty() {
                ann.insert(&job.id, &vector)?;
            }
            map.insert(Arc::new(JobEntry {
                job,
                profile,
                vector,
            }));
        }
        self.ft_jobs.commit()?;
        self.ft_jobs.compact()?;
        *self.jobs.write().map_err(idx_err)? = map;
        *self.ann_jobs.write().map_err(idx_err)? = ann;

        // People: full text and ANN, streamed in chunks so 1M records never sit in memory at once.
        self.profiles.lock().map_err(idx_err)?.clear();
        self.ft_cands.clear()?;
        let mut ann = AnnIndex::new(dim, n_cands.max(1024));
        let mut chunk: Vec<Candidate> = Vec::with_capacity(10_000);
        let flush = |chunk: &mut Vec<Candidate>, ann: &mut AnnIndex| -> Result<()> {
            let vs: Vec<Vec<f32>> = chunk
                .par_iter()
                .map(|c| {
                    embedder
                        .as_ref()
                        .map(|e| e.embed(&candidate_doc(&CandidateProfile::new(c))))
                        .unwrap_or_default()
                })
                .collect();
            for (c, v) in chunk.iter().zip(vs) {
                self.ft_cands
                    .upsert(&crate::rank::fairness::scrub_candidate(c))?;
                if !v.is_empty() {
                    ann.insert(&c.id, &v)?;
                }
            }
            chunk.clear();
            Ok(())
        };
        let mut err = None;
        self.store.for_each::<Candidate>(|c| {
            chunk.push(c);
            if chunk.len() >= 10_000 && err.is_none() {
                if let Err(e) = flush(&mut chunk, &mut ann) {
                    err = Some(e);
                }
            }
        })?;
        if let Some(e) = err {
            return Err(e);
        }
        flush(&mut chunk, &mut ann)?;
        self.ft_cands.commit()?;
        self.ft_cands.compact()?;
        *self.ann_cands.write().map_err(idx_err)? = ann;
        self.vectors_settled.store(true, AtOrd::Release);
        *applied = generation;
        self.persist(generation, true)?;
        Ok(())
    }

    /// Documents the embedder would train on now.
    fn training_docs(&self) -> Result<u64> {
        Ok(self.store.count::<Job>()? + self.store.count::<Candidate>()?.min(50_000))
    }

    /// The corpus has at least doubled since the embedder was trained (or it never was).
    fn needs_retrain(&self) -> Result<bool> {
        let now = self.training_docs()?;
        let then = self.trained_on.load(std::sync::atomic::Ordering::Relaxed);
        let have = self.embedder.read().map(|e| e.is_some()).unwrap_or(false);
        Ok(now > 0 && (!have || now >= 2 * then.max(1)))
    }

    /// Leave full-text commits to [`Engine::commit_pending`], to be called on a timer.
    ///
    /// A tantivy commit writes and syncs a new segment (tens of milliseconds of disk waits); one
    /// per write caps a server at a few dozen writes a second. Deferred, a write is still
    /// durable when it returns (the store committed it) and the vacancy's record, vector, area
    /// and map cell are live at once; only full-text retrieval sees it after the next commit.
    pub fn set_deferred_commit(&self, on: bool) {
        self.deferred.store(on, AtOrd::SeqCst);
        if !on {
            let _ = self.commit_pending();
        }
    }

    /// Commit the full-text indexes that hold uncommitted writes; returns whether any did.
    pub fn commit_pending(&self) -> Result<bool> {
        let mut any = false;
        if self.pending_jobs.swap(false, AtOrd::SeqCst) {
            self.ft_jobs.commit()?;
            any = true;
        }
        if self.pending_cands.swap(false, AtOrd::SeqCst) {
            self.ft_cands.commit()?;
            any = true;
        }
        Ok(any)
    }

    /// Save the vector graphs and meta.json if the indexes hold changes they do not describe.
    pub fn flush(&self) -> Result<()> {
        let applied = self.maintenance.lock().map_err(idx_err)?;
        if self.persisted.lock().map_err(idx_err)?.0 != *applied {
            self.persist(*applied, false)?;
        }
        Ok(())
    }

    /// Save the derived state describing `generation` (the embedder too when it was retrained).
    /// Called with the maintenance lock held.
    fn persist(&self, generation: u64, with_embedder: bool) -> Result<()> {
        // meta.json will claim every change up to `generation`: the full text must hold them.
        self.commit_pending()?;
        let idx = self.dir.join("index");
        if with_embedder {
            if let Some(e) = self.embedder.read().map_err(idx_err)?.as_ref() {
                e.save(&idx.join("embedder.bin"))?;
            }
        }
        self.ann_jobs
            .read()
            .map_err(idx_err)?
            .save(&idx.join("ann_jobs"))?;
        self.ann_cands
            .read()
            .map_err(idx_err)?
            .save(&idx.join("ann_candidates"))?;
        let meta = IndexMeta {
            version: INDEX_VERSION,
            fulltext_schema: fulltext::SCHEMA_VERSION,
            generation,
            trained_on: self.trained_on.load(std::sync::atomic::Ordering::Relaxed),
        };
        let tmp = idx.join("meta.json.tmp");
        std::fs::write(&tmp, serde_json::to_vec(&meta).map_err(idx_err)?)?;
        std::fs::rename(tmp, idx.join("meta.json"))?;
        *self.persisted.lock().map_err(idx_err)? = (generation, std::time::Instant::now());
        Ok(())
    }

    /// Apply the store's changes the indexes have not seen yet (other processes' writes too).
    pub fn catch_up(&self) -> Result<usize> {
        // A young corpus that has doubled is retrained at once (cheap); a large one waits for
        // `bole reindex` or the next open, so a write never stalls behind a long training run.
        if self.needs_retrain()? && self.training_docs()? <= INLINE_RETRAIN_MAX {
            let before = *self.maintenance.lock().map_err(idx_err)?;
            self.rebuild()?;
            return Ok(self.store.changes_since(before)?.len());
        }
        let mut applied = self.maintenance.lock().map_err(idx_err)?;
        let changes = self.store.changes_since(*applied)?;
        if changes.is_empty() {
            return Ok(0);
        }
        let last = changes.last().map(|c| c.0).unwrap_or(*applied);
        let mut seen = HashSet::new();
        let mut n = 0;
        // Commit only the index that changed: each commit writes and syncs a new segment.
        let (mut jobs_changed, mut cands_changed) = (false, false);
        for (_, ch) in changes.into_iter().rev() {
            if !seen.insert(ch.clone()) {
                continue;
            }
            n += 1;
            match &ch {
                Change::Job(_) => jobs_changed = true,
                Change::Candidate(_) => cands_changed = true,
            }
            match ch {
                Change::Job(id) => match self.store.get::<Job>(&id)? {
                    Some(j) => self.index_job(j)?,
                    None => self.unindex_job(&id)?,
                },
                Change::Candidate(id) => match self.store.get::<Candidate>(&id)? {
                    Some(c) => self.index_candidate(&c)?,
                    None => self.unindex_candidate(&id)?,
                },
            }
        }
        if jobs_changed {
            self.pending_jobs.store(true, AtOrd::SeqCst);
        }
        if cands_changed {
            self.pending_cands.store(true, AtOrd::SeqCst);
        }
        if !self.deferred.load(AtOrd::SeqCst) {
            self.commit_pending()?;
        }
        *applied = last;
        let (saved, at) = *self.persisted.lock().map_err(idx_err)?;
        if last.saturating_sub(saved) >= PERSIST_EVERY_CHANGES || at.elapsed() >= PERSIST_EVERY {
            self.persist(last, false)?;
        }
        Ok(n)
    }

    fn index_job(&self, job: Job) -> Result<()> {
        let e = self.entry(job);
        self.ft_jobs.upsert(&e.job)?;
        if !e.vector.is_empty() {
            self.ann_jobs
                .write()
                .map_err(idx_err)?
                .insert(&e.job.id, &e.vector)?;
        }
        self.jobs.write().map_err(idx_err)?.insert(Arc::new(e));
        Ok(())
    }

    fn unindex_job(&self, id: &str) -> Result<()> {
        self.ft_jobs.delete(id)?;
        self.ann_jobs.write().map_err(idx_err)?.remove(id);
        self.jobs.write().map_err(idx_err)?.remove(id);
        Ok(())
    }

    fn index_candidate(&self, c: &Candidate) -> Result<()> {
        self.profiles.lock().map_err(idx_err)?.forget(&c.id);
        self.ft_cands
            .upsert(&crate::rank::fairness::scrub_candidate(c))?;
        let v = self.embed_candidate(&CandidateProfile::new(c));
        if !v.is_empty() {
            self.ann_cands.write().map_err(idx_err)?.insert(&c.id, &v)?;
        }
        Ok(())
    }

    fn unindex_candidate(&self, id: &str) -> Result<()> {
        self.profiles.lock().map_err(idx_err)?.forget(id);
        self.ft_cands.delete(id)?;
        self.ann_cands.write().map_err(idx_err)?.remove(id);
        Ok(())
    }

    /// Store vacancies durably, then make them visible to searches.
    pub fn put_jobs(&self, jobs: &[Job]) -> Result<WriteSummary> {
        for j in jobs {
            j.validate()?;
        }
        let s = self.store.put(jobs)?;
        self.catch_up()?;
        Ok(s)
    }

    /// Store people durably, then make them visible to searches.
    pub fn put_candidates(&self, cands: &[Candidate]) -> Result<WriteSummary> {
        for c in cands {
            c.validate()?;
        }
        let s = self.store.put(cands)?;
        self.catch_up()?;
        Ok(s)
    }

    /// Delete vacancies; returns the ids that existed.
    pub fn delete_jobs(&self, ids: &[&str]) -> Result<Vec<String>> {
        let gone = self.store.delete::<Job>(ids)?;
        self.catch_up()?;
        Ok(gone)
    }

    /// Delete people; returns the ids that existed.
    pub fn delete_candidates(&self, ids: &[&str]) -> Result<Vec<String>> {
        let gone = self.store.delete::<Candidate>(ids)?;
        self.catch_up()?;
        Ok(gone)
    }

    /// Segments the vacancy and people full-text indexes hold now: every free-text and record
    /// query opens each of its terms in each segment, so a count that keeps growing under writes
    /// costs every search.
    pub fn fulltext_segments(&self) -> (usize, usize) {
        (self.ft_jobs.segments(), self.ft_cands.segments())
    }

    /// Size and lookups of the kept derived profiles of people (see [`PROFILE_CACHE`]).
    pub fn profile_cache_stats(&self) -> crate::CacheStats {
        self.profiles.lock().map(|c| c.stats()).unwrap_or_default()
    }

    /// Keep at most about `capacity` people's derived profiles (the default is [`PROFILE_CACHE`]).
    /// A smaller one saves memory; people beyond it have theirs derived again at each call.
    pub fn set_profile_cache_capacity(&self, capacity: usize) {
        if let Ok(mut c) = self.profiles.lock() {
            c.set_capacity(capacity);
        }
    }

    /// A vacancy by id.
    pub fn job(&self, id: &str) -> Result<Arc<JobEntry>> {
        self.jobs
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
        self.store
            .get::<Candidate>(id)?
            .ok_or_else(|| Error::NotFound {
                kind: "candidate",
                id: id.to_string(),
            })
    }

    /// Every vacancy held (valid or not), as shared entries.
    pub fn job_entries(&self) -> Vec<Arc<JobEntry>> {
        self.jobs
            .read()
            .map(|m| m.values().cloned().collect())
            .unwrap_or_default()
    }

    fn job_filter(&self, q: &Query) -> Filter {
        Filter {
            region: q.region,
            kinds: q.kinds.clone(),
            valid_on: Some(q.today),
            ..Default::default()
        }
    }

    /// Top vacancies for a person (stored or not): hybrid retrieval, then the ranker.
    pub fn jobs_for(&self, c: &Candidate, q: &Query) -> Result<Vec<JobMatch>> {
        let (p, text_query) = CandidateProfile::with_job_query(c);
        self.jobs_for_with(&p, &text_query, None, q)
    }

    /// Top vacancies for a stored person, by id ([`Error::NotFound`] when there is none).
    ///
    /// The same answer as [`Engine::jobs_for`] on the stored record, but the person's vector is
    /// the one indexed at write time, not embedded again.
    pub fn jobs_for_id(&self, id: &str, q: &Query) -> Result<Vec<JobMatch>> {
        let (p, text_query) = self.derived_for_jobs(id)?;
        let v = if self.vectors_settled.load(AtOrd::Acquire) {
            self.ann_cands.read().map_err(idx_err)?.get(id)
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
    fn derived_for_jobs(
        &self,
        id: &str,
    ) -> Result<(Arc<CandidateProfile>, Arc<fulltext::JobQuery>)> {
        let (hit, epoch) = {
            let mut cache = self.profiles.lock().map_err(idx_err)?;
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
        self.profiles
            .lock()
            .map_err(idx_err)?
            .put_if_current(id, d, epoch);
        Ok((p, text_query))
    }

    /// Matches for a person's profile and full-text query (which holds the colloquial
    /// expansions as extra desired titles), with their vector when the caller has it.
    fn jobs_for_with(
        &self,
        p: &CandidateProfile,
        text_query: &fulltext::JobQuery,
        v: Option<Vec<f32>>,
        q: &Query,
    ) -> Result<Vec<JobMatch>> {
        let depth = q.depth.max(q.offset + q.top);
        let v = v.unwrap_or_else(|| self.embed_candidate(p));
        let mut areas = p.areas();
        if let Some(r) = q.region {
            areas = vec![r];
        }
        // One full-text search over all the person's areas, as deep as one per area would be.
        // It runs before the vacancy set is locked: writers wait only for the short part below.
        let mut f = self.job_filter(q);
        f.region = None;
        f.any_region = areas.clone();
        let hits = self
            .ft_jobs
            .for_job_query_keys(text_query, &f, depth * areas.len().max(1))?;
        let jobs = self.jobs.read().map_err(idx_err)?;
        let in_area = |e: &JobEntry| {
            areas.is_empty()
                || e.profile.place.as_ref().is_some_and(|s| {
                    areas
                        .iter()
                        .any(|a| crate::text::region::contains(*a, s.adcode))
                })
        };
        let kinds_ok = |e: &JobEntry| q.kinds.is_empty() || q.kinds.contains(&e.job.kind);
        let ok = |e: &JobEntry| {
            // The profile's end date is the record's, parsed once (this runs for every vacancy
            // of the person's area).
            e.profile.valid_until.is_none_or(|d| d >= q.today) && kinds_ok(e)
        };
        // The pool the ranker scores, deduplicated by entry.
        let mut pool: FxSet<usize> = FxSet::default();
        let mut entries: Vec<Arc<JobEntry>> = Vec::new();
        let mut take = |e: &Arc<JobEntry>| {
            if pool.insert(Arc::as_ptr(e) as usize) {
                entries.push(e.clone());
            }
        };
        for h in &hits {
            if let Some(e) = jobs.by_key(h.key) {
                take(e);
            }
        }
        if !v.is_empty() {
            if areas.is_empty() {
                let ann = self.ann_jobs.read().map_err(idx_err)?;
                let filter = |id: &str| jobs.get(id).is_some_and(|e| ok(e));
                for (id, _) in ann.search(&v, depth, &filter) {
                    if let Some(e) = jobs.get(&id) {
                        take(e);
                    }
                }
            } else {
                // A local labour market is small: exact similarity over the area's vacancies is
                // faster than a filtered graph search that must skip the rest of the country.
                // Sized for a usual area: growing it push by push cost more than the sort.
                let mut sims: Vec<(f32, &Arc<JobEntry>)> = Vec::with_capacity(2 * depth);
                for a in &areas {
                    jobs.similar_in_area(*a, &v, q.today, |sim, e| {
                        if kinds_ok(e) {
                            sims.push((sim, e));
                        }
                    });
                }
                let k = depth.min(sims.len());
                if k > 0 {
                    // Ties (reposted vacancies share a vector) broken by id: the pool never
                    // depends on the order the area was scanned in.
                    sims.select_nth_unstable_by(k - 1, |a, b| {
                        b.0.total_cmp(&a.0)
                            .then_with(|| a.1.job.id.cmp(&b.1.job.id))
                    });
                    sims.truncate(k);
                    for (_, e) in sims {
                        take(e);
                    }
                }
            }
        }
        // Near home: people with few words (腿脚不便，想找离家近的活) still see what is close.
        if let Some(h) = p.home.as_ref().filter(|h| h.adcode % 100 != 0) {
            // Within 20 km, or anywhere in the home county (rural counties are wide).
            let mut near: Vec<(f64, Arc<JobEntry>)> = Vec::new();
            // The map cells find those within 20 km; the county list adds its farther ones.
            let mut consider = |e: &Arc<JobEntry>, within: bool| {
                if let Some(s) = e.profile.place.as_ref().filter(|_| ok(e)) {
                    let d = crate::text::region::distance_km((h.lat, h.lon), (s.lat, s.lon));
                    if (d < 20.0) == within {
                        near.push((d, e.clone()));
                    }
                }
            };
            jobs.near(h.lat, h.lon, 20.0, |e| consider(e, true));
            jobs.in_area(h.adcode, |e| consider(e, false));
            near.sort_by(|a, b| a.0.total_cmp(&b.0));
            for (_, e) in near.iter().take(depth) {
                take(e);
            }
        }
        // The pool holds its own references: rank without holding up writers.
        drop(jobs);
        // Postings repeat titles (销售代表, 普工): the title fit is computed once per distinct
        // title, before ranking, so ranking itself reads a map and takes no lock.
        let mut titles: FxMap<&str, f64> = FxMap::default();
        if !p.intents.is_empty() {
            for e in &entries {
                let t = e.profile.title.as_str();
                titles
                    .entry(t)
                    .or_insert_with(|| p.title_fit(t, &e.profile.title_grams).0);
            }
        }
        // Scored by position in the pool: an id is copied only for the page shown.
        let rank_one = |i: usize| {
            let e = &entries[i];
            if !ok(e) || !in_area(e) {
                return None;
            }
            let sem =
                (!v.is_empty() && !e.vector.is_empty()).then(|| crate::vector::dot(&v, &e.vector));
            let fit = titles.get(e.profile.title.as_str()).copied();
            let s = rank::score(p, &e.profile, sem, fit, &self.policy, q.today)?;
            Some((s.score, i))
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
        // Explain only what is shown.
        let out = out
            .into_iter()
            .skip(q.offset)
            .take(q.top)
            .filter_map(|(score, i)| {
                let e = &entries[i];
                let sem = (!v.is_empty() && !e.vector.is_empty())
                    .then(|| crate::vector::dot(&v, &e.vector));
                let s = rank::score(p, &e.profile, sem, None, &self.policy, q.today)?.explain(
                    p,
                    &e.profile,
                    &self.policy,
                );
                Some(JobMatch {
                    job_id: e.job.id.clone(),
                    // The score the page was ordered by.
                    score,
                    reasons: s.reasons.clone(),
                    scored: s,
                })
            })
            .collect();
        Ok(out)
    }

    /// Top people for a vacancy. At equal fit (rounded per the policy), 托底 groups come first.
    pub fn candidates_for(&self, job: &Job, q: &Query) -> Result<Vec<CandidateMatch>> {
        let depth = q.depth.max(q.offset + q.top);
        let jp = JobProfile::new(job);
        if !job.is_valid_on(q.today) {
            return Ok(Vec::new());
        }
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
            .ft_cands
            .for_job(job, &f, depth)?
            .into_iter()
            .map(|h| h.id)
            .collect();
        let v = self.embed_job(&jp, job);
        let ann = self.ann_cands.read().map_err(idx_err)?;
        if !v.is_empty() {
            let seen: HashSet<String> = ids.iter().cloned().collect();
            for (id, _) in ann.search(&v, depth, &|_| true) {
                if !seen.contains(&id) {
                    ids.push(id);
                }
            }
        }
        let people: Vec<(&String, Arc<CandidateProfile>)> = ids
            .iter()
            .filter_map(|id| {
                let (hit, epoch) = {
                    let mut cache = self.profiles.lock().ok()?;
                    (cache.get(id), cache.epoch())
                };
                let p = match hit {
                    Some(d) => d.profile,
                    None => {
                        let c = self.store.get::<Candidate>(id).ok().flatten()?;
                        let p = Arc::new(CandidateProfile::new(&c));
                        if let Ok(mut cache) = self.profiles.lock() {
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
            .collect();
        let rank_one = |i: usize| {
            let (id, cp) = &people[i];
            if !(q.groups.is_empty() || cp.groups.iter().any(|g| q.groups.contains(g))) {
                return None;
            }
            {
                if let (Some(r), Some(h)) = (q.region, cp.home.as_ref().or(cp.desired.first())) {
                    if !crate::text::region::contains(r, h.adcode) {
                        return None;
                    }
                }
                // The person's vector is already in the graph; embedding again would segment
                // their whole text a second time.
                let sem = if v.is_empty() {
                    None
                } else {
                    ann.similarity(&v, id).or_else(|| {
                        let cv = self.embed_candidate(cp);
                        (!cv.is_empty()).then(|| crate::vector::dot(&v, &cv))
                    })
                };
                let s = rank::score(cp, &jp, sem, None, &self.policy, q.today)?;
                let priority = rank::is_priority(&cp.groups);
                let key = rank::people_order_key(s.score, priority, &self.policy);
                Some((
                    CandidateMatch {
                        candidate_id: (*id).clone(),
                        score: s.score,
                        reasons: Vec::new(),
                        priority,
                    },
                    key,
                    (cp, sem),
                ))
            }
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
        // Explain only what is shown.
        Ok(out
            .into_iter()
            .skip(q.offset)
            .take(q.top)
            .map(|(mut m, _, (cp, sem))| {
                if let Some(s) = rank::score(cp, &jp, sem, None, &self.policy, q.today) {
                    m.reasons = s.explain(cp, &jp, &self.policy).reasons;
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
            .collect())
    }

    /// The BM25-only baseline: full-text retrieval order with the same filters and no ranker
    /// (used by `bole eval` to measure what the ranker adds).
    pub fn bm25_jobs_for(&self, c: &Candidate, q: &Query) -> Result<Vec<String>> {
        let c = &crate::rank::fairness::scrub_candidate(c);
        let p = CandidateProfile::new(c);
        let areas = p.areas();
        let mut hits: Vec<fulltext::Hit> = Vec::new();
        if areas.is_empty() {
            hits = self
                .ft_jobs
                .for_candidate(c, &self.job_filter(q), q.offset + q.top)?;
        } else {
            for a in areas {
                let mut f = self.job_filter(q);
                f.region = Some(a);
                hits.extend(self.ft_jobs.for_candidate(c, &f, q.offset + q.top)?);
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
    pub fn search_jobs(&self, text: &str, q: &Query) -> Result<Vec<fulltext::Hit>> {
        // Under deferred commits the full-text index can still hold a vacancy deleted a moment
        // ago; the vacancy set never does, so hits are checked against it (a few extra fetched
        // so that a page stays full).
        let hits = self
            .ft_jobs
            .search_text(text, &self.job_filter(q), q.offset + q.top + 16)?;
        let jobs = self.jobs.read().map_err(idx_err)?;
        Ok(hits
            .into_iter()
            .filter(|h| jobs.get(&h.id).is_some())
            .skip(q.offset)
            .take(q.top)
            .collect())
    }

    /// Free-text search over people.
    pub fn search_candidates(&self, text: &str, q: &Query) -> Result<Vec<fulltext::Hit>> {
        let f = Filter {
            region: q.region,
            groups: q.groups.clone(),
            ..Default::default()
        };
        let mut hits = self.ft_cands.search_text(text, &f, q.offset + q.top)?;
        Ok(hits.drain(q.offset.min(hits.len())..).collect())
    }
}
