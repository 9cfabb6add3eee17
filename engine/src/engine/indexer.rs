//! The write side: everything that changes the derived indexes. The [`Indexer`] owns the store,
//! catch-up from its change log, rebuilds (with the embedder's training), the checks of derived
//! files at open and their repair, persistence (and so the change log's pruning), the deferred
//! full-text commits, and the publication of every committed write as an [`Event`].

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering as AtOrd};
use std::sync::{Arc, Mutex, RwLock};

use rayon::prelude::*;
use serde::Serialize;

use super::{candidate_doc, idx_err, job_doc, Indexes, PROFILE_CACHE};
use crate::error::{Error, Result};
use crate::events::{Event, Hub};
use crate::fulltext::{self, CandidateIndex, JobIndex};
use crate::jobset::{JobEntry, JobSet};
use crate::model::{Candidate, Job};
use crate::profile_cache::ProfileCache;
use crate::rank::{CandidateProfile, JobProfile};
use crate::store::{Change, Store, WriteSummary};
use crate::vector::{AnnIndex, CorpusEmbedder, Doc, Embedder, TrainOptions};

/// Version of the derived-index layout; bump to force a rebuild after an upgrade.
const INDEX_VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize, serde::Deserialize, Default)]
struct IndexMeta {
    version: u32,
    fulltext_schema: u32,
    generation: u64,
    /// Training documents the embedder saw; when the corpus has doubled since, it is retrained.
    #[serde(default)]
    trained_on: u64,
    /// Records (vacancies and people) the store held when this was saved; absent in older files.
    #[serde(default)]
    records: Option<u64>,
}

/// The index metadata in `idx`, or the default (which makes the open rebuild) when it is
/// missing or unreadable, with a warning for the latter.
fn read_meta(idx: &Path) -> IndexMeta {
    let path = idx.join("meta.json");
    match std::fs::read(&path) {
        Ok(b) => serde_json::from_slice(&b).unwrap_or_else(|e| {
            tracing::warn!(
                "{} is damaged ({e}); rebuilding the indexes from the store",
                path.display()
            );
            IndexMeta::default()
        }),
        Err(e) => {
            if e.kind() != std::io::ErrorKind::NotFound {
                tracing::warn!(
                    "{} cannot be read ({e}); rebuilding the indexes from the store",
                    path.display()
                );
            }
            IndexMeta::default()
        }
    }
}

/// Below this many documents a retrain is cheap enough to do inline on a write.
const INLINE_RETRAIN_MAX: u64 = 20_000;

/// Saving both vector graphs costs far more than indexing one write, so they are saved after this
/// many changes or this long after the last save (and on [`Indexer::flush`] / drop). Nothing is
/// at risk in between: the store is durable, and the changes after the saved generation are
/// replayed from its change log at the next open.
const PERSIST_EVERY_CHANGES: u64 = 5_000;
const PERSIST_EVERY: std::time::Duration = std::time::Duration::from_secs(300);

/// The write side over one data directory (see the module documentation).
pub(crate) struct Indexer {
    pub(crate) store: Store,
    pub(crate) dir: PathBuf,
    /// The derived state the read side reads.
    pub(crate) ix: Indexes,
    /// Serialises index maintenance (writers), never held by readers.
    maintenance: Mutex<u64>,
    trained_on: std::sync::atomic::AtomicU64,
    /// The generation the saved vector graphs and meta.json describe, and when they were saved.
    persisted: Mutex<(u64, std::time::Instant)>,
    /// Full-text commits left to [`Indexer::commit_pending`] (see [`Indexer::set_deferred_commit`]).
    deferred: AtomicBool,
    pending_jobs: AtomicBool,
    pending_cands: AtomicBool,
    /// Subscribers to committed writes.
    events: Hub,
}

impl Drop for Indexer {
    fn drop(&mut self) {
        // Best effort: a failure here costs only a replay of the change log at the next open.
        let _ = self.flush();
    }
}

impl Indexer {
    /// Open the store and the indexes in `dir`. Catches the indexes up with the store, or
    /// rebuilds them.
    ///
    /// Every derived file is checked on open (format version and checksum, tantivy's segment
    /// checksums): one that is missing or damaged is rebuilt from the store, with a warning in
    /// the log saying why. A store that holds less than the indexes were built from (emptied,
    /// replaced or damaged) refuses the start instead, naming the file: rebuilding would throw
    /// away the only other copy of the records.
    pub(crate) fn open(dir: &Path) -> Result<Indexer> {
        let store = Store::open(dir)?;
        let idx = dir.join("index");
        std::fs::create_dir_all(&idx)?;
        let meta = read_meta(&idx);
        let store_gen = store.generation()?;
        if meta.generation > store_gen && meta.records.unwrap_or(meta.generation) > 0 {
            return Err(Error::store(format!(
                "{} is at change {store_gen}, but the indexes under {} were built from {} \
                 records at change {}: the store was emptied, replaced by an older copy or damaged. \
                 Refusing to start (rebuilding would discard the indexes, the only other trace of \
                 those records). Restore records.redb from a backup; or, to accept the store as it \
                 is, run `bole reindex`",
                store.path().display(),
                idx.display(),
                meta.records.map_or("some".into(), |n| n.to_string()),
                meta.generation
            )));
        }
        let fresh =
            meta.version == INDEX_VERSION && meta.fulltext_schema == fulltext::SCHEMA_VERSION;
        if !fresh {
            if idx.join("meta.json").exists() || meta.generation > 0 {
                tracing::warn!(
                    "{}: another index layout; rebuilding the indexes from the store",
                    idx.join("meta.json").display()
                );
            }
            // Another layout: start the derived state from scratch.
            let _ = std::fs::remove_dir_all(&idx);
            std::fs::create_dir_all(&idx)?;
        }
        let ft_jobs = JobIndex::open(&idx.join("jobs"))?;
        let ft_cands = CandidateIndex::open(&idx.join("candidates"))?;
        let mut damaged = false;
        let emb_path = idx.join("embedder.bin");
        let embedder = match CorpusEmbedder::load(&emb_path) {
            Ok(e) => Some(Arc::new(e)),
            Err(Error::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {
                if fresh && meta.trained_on > 0 {
                    tracing::warn!(
                        "{} is missing; retraining it and rebuilding the indexes from the store",
                        emb_path.display()
                    );
                    damaged = true;
                }
                None
            }
            Err(e) => {
                if fresh {
                    tracing::warn!("{e}; retraining it and rebuilding the indexes from the store");
                    damaged = true;
                }
                None
            }
        };
        let dim = embedder.as_ref().map(|e| e.dim()).unwrap_or(1);
        // A vector graph is rebuilt from the store with the same embedder (same vectors).
        let load_ann = |name: &str| match AnnIndex::load(&idx.join(name)) {
            Ok(a) if a.dim() == dim => (a, false),
            Ok(a) if a.is_empty() => (AnnIndex::new(dim, 1024), false),
            Ok(a) => {
                tracing::warn!(
                    "{}: vectors of {} dimensions, the embedder's have {dim}; rebuilding it \
                     from the store",
                    idx.join(name).display(),
                    a.dim()
                );
                (AnnIndex::new(dim, 1024), true)
            }
            Err(e) => {
                if fresh && (embedder.is_some() || meta.generation > 0) {
                    tracing::warn!("vector index {name}: {e}; rebuilding it from the store");
                }
                (AnnIndex::new(dim, 1024), true)
            }
        };
        let (ann_jobs, redo_ann_jobs) = load_ann("ann_jobs");
        let (ann_cands, redo_ann_cands) = load_ann("ann_candidates");
        let indexer = Indexer {
            store,
            dir: dir.to_path_buf(),
            ix: Indexes {
                jobs: RwLock::new(JobSet::default()),
                ft_jobs,
                ft_cands,
                embedder: RwLock::new(embedder),
                ann_jobs: RwLock::new(ann_jobs),
                ann_cands: RwLock::new(ann_cands),
                profiles: Mutex::new(ProfileCache::new(PROFILE_CACHE)),
                vectors_settled: AtomicBool::new(true),
                seekers: RwLock::new(None),
            },
            maintenance: Mutex::new(meta.generation),
            trained_on: std::sync::atomic::AtomicU64::new(if fresh { meta.trained_on } else { 0 }),
            persisted: Mutex::new((meta.generation, std::time::Instant::now())),
            deferred: AtomicBool::new(false),
            pending_jobs: AtomicBool::new(false),
            pending_cands: AtomicBool::new(false),
            events: crate::events::Hub::default(),
        };
        if !fresh || damaged || indexer.needs_retrain()? || meta.generation > store_gen {
            indexer.rebuild()?;
        } else {
            indexer.load_jobs()?;
            indexer.repair(redo_ann_jobs, redo_ann_cands)?;
            indexer.catch_up()?;
        }
        Ok(indexer)
    }

    /// Refill the derived parts found missing or damaged at open from the store (at its current
    /// generation; the catch-up that follows replays the log over it harmlessly), then save.
    fn repair(&self, ann_jobs: bool, ann_cands: bool) -> Result<()> {
        let (ft_jobs, ft_cands) = (
            self.ix.ft_jobs.needs_rebuild(),
            self.ix.ft_cands.needs_rebuild(),
        );
        if !(ann_jobs || ann_cands || ft_jobs || ft_cands) {
            return Ok(());
        }
        let applied = self.maintenance.lock().map_err(idx_err)?;
        if ft_jobs || ann_jobs {
            let jobs: Vec<Job> = self.store.all()?;
            if ft_jobs {
                tracing::warn!("refilling the vacancies' full-text index from the store");
                let profiles: Vec<JobProfile> = jobs.par_iter().map(JobProfile::new).collect();
                self.fill_job_fulltext(&jobs, &profiles)?;
            }
            if ann_jobs {
                let set = self.ix.jobs.read().map_err(idx_err)?;
                let mut ann = AnnIndex::new(
                    self.ix.ann_jobs.read().map_err(idx_err)?.dim(),
                    jobs.len().max(1024),
                );
                for j in &jobs {
                    if let Some(e) = set.get(&j.id).filter(|e| !e.vector.is_empty()) {
                        ann.insert(&j.id, &e.vector)?;
                    }
                }
                *self.ix.ann_jobs.write().map_err(idx_err)? = ann;
            }
        }
        if ft_cands || ann_cands {
            if ft_cands {
                tracing::warn!("refilling the people's full-text index from the store");
            }
            let embedder = self.ix.embedder.read().map_err(idx_err)?.clone();
            let dim = self.ix.ann_cands.read().map_err(idx_err)?.dim();
            let n = self.store.count::<Candidate>()? as usize;
            let mut ann = AnnIndex::new(dim, n.max(1024));
            self.fill_candidates(embedder.as_deref(), &mut ann, ft_cands, ann_cands)?;
            if ann_cands {
                *self.ix.ann_cands.write().map_err(idx_err)? = ann;
            }
        }
        self.persist(*applied, false)
    }

    fn entry(&self, job: Job) -> JobEntry {
        let profile = JobProfile::new(&job);
        let vector = self.ix.embed_job(&profile, &job);
        JobEntry::new(job, profile, vector)
    }

    fn load_jobs(&self) -> Result<()> {
        let all: Vec<Job> = self.store.all()?;
        let entries: Vec<JobEntry> = all.into_par_iter().map(|j| self.entry(j)).collect();
        let set = JobSet::from_entries(entries.into_iter().map(Arc::new));
        *self.ix.jobs.write().map_err(idx_err)? = set;
        Ok(())
    }

    /// Rebuild every derived index from the store: train the embedder, index both sides.
    pub(crate) fn rebuild(&self) -> Result<()> {
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
        // The changes this rebuild takes in, to publish (read before the save prunes them; the
        // log only grows, so those up to `generation` are all there).
        let taken: Vec<(u64, Change)> = if self.events.has_subscribers() {
            let mut c = self.store.changes_since(*applied)?;
            c.retain(|c| c.0 <= generation);
            c
        } else {
            Vec::new()
        };
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
        self.ix.vectors_settled.store(false, AtOrd::Release);
        *self.ix.embedder.write().map_err(idx_err)? = embedder.clone();
        let dim = embedder.as_ref().map(|e| e.dim()).unwrap_or(1);

        // Vacancies: profiles, vectors, full text, ANN.
        self.ix.ft_jobs.clear()?;
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
        self.fill_job_fulltext(&jobs, &job_profiles)?;
        for ((job, profile), vector) in jobs.into_iter().zip(job_profiles).zip(vectors) {
            if !vector.is_empty() {
                ann.insert(&job.id, &vector)?;
            }
            map.insert(Arc::new(JobEntry::new(job, profile, vector)));
        }
        *self.ix.jobs.write().map_err(idx_err)? = map;
        *self.ix.ann_jobs.write().map_err(idx_err)? = ann;

        // People: full text and ANN, streamed in chunks so 1M records never sit in memory at once.
        self.ix.profiles.lock().map_err(idx_err)?.clear();
        // The market's people are rebuilt from the store by the next map call.
        *self.ix.seekers.write().map_err(idx_err)? = None;
        let mut ann = AnnIndex::new(dim, n_cands.max(1024));
        self.fill_candidates(embedder.as_deref(), &mut ann, true, true)?;
        *self.ix.ann_cands.write().map_err(idx_err)? = ann;
        self.ix.vectors_settled.store(true, AtOrd::Release);
        *applied = generation;
        self.persist(generation, true)?;
        drop(applied);
        self.events.publish(Event::Rebuilt {
            jobs: self.ix.jobs.read().map_err(idx_err)?.values().count() as u64,
            candidates: n_cands as u64,
        });
        self.publish_taken(taken)
    }

    /// Publish the changes a rebuild took in, as they stand now.
    fn publish_taken(&self, taken: Vec<(u64, Change)>) -> Result<()> {
        let mut seen = HashSet::new();
        let mut done = Vec::new();
        for (_, ch) in taken.into_iter().rev() {
            if seen.insert(ch.clone()) {
                let up = match &ch {
                    Change::Job(id) => self.ix.jobs.read().map_err(idx_err)?.get(id).is_some(),
                    Change::Candidate(id) => self.store.get::<Candidate>(id)?.is_some(),
                };
                done.push((up, ch));
            }
        }
        done.reverse();
        self.events.publish_changes(&done);
        Ok(())
    }

    /// Replace the vacancies' full text by `jobs`, committed and merged.
    ///
    /// Full text gets the vacancies in order of place, so each area's documents sit together:
    /// a search filtered to an area then walks one stretch of every posting list, instead of
    /// seeking across the whole index (each far seek of a union also clears its buffers).
    fn fill_job_fulltext(&self, jobs: &[Job], profiles: &[JobProfile]) -> Result<()> {
        self.ix.ft_jobs.clear()?;
        let mut by_place: Vec<usize> = (0..jobs.len()).collect();
        by_place.sort_by_key(|&i| {
            (
                profiles[i].place.as_ref().map_or(u32::MAX, |s| s.adcode),
                &jobs[i].id,
            )
        });
        for &i in &by_place {
            self.ix.ft_jobs.upsert(&jobs[i])?;
        }
        self.ix.ft_jobs.commit()?;
        self.ix.ft_jobs.compact()
    }

    /// Refill the people's full text (when `ft`) and/or `ann` (when `vectors`) from the store,
    /// streamed in chunks so 1M records never sit in memory at once.
    fn fill_candidates(
        &self,
        embedder: Option<&CorpusEmbedder>,
        ann: &mut AnnIndex,
        ft: bool,
        vectors: bool,
    ) -> Result<()> {
        if ft {
            self.ix.ft_cands.clear()?;
        }
        let mut chunk: Vec<Candidate> = Vec::with_capacity(10_000);
        let flush = |chunk: &mut Vec<Candidate>, ann: &mut AnnIndex| -> Result<()> {
            let vs: Vec<Vec<f32>> = chunk
                .par_iter()
                .map(|c| match embedder {
                    Some(e) if vectors => e.embed(&candidate_doc(&CandidateProfile::new(c))),
                    _ => Vec::new(),
                })
                .collect();
            for (c, v) in chunk.iter().zip(vs) {
                if ft {
                    self.ix
                        .ft_cands
                        .upsert(&crate::rank::fairness::scrub_candidate(c))?;
                }
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
                if let Err(e) = flush(&mut chunk, ann) {
                    err = Some(e);
                }
            }
        })?;
        if let Some(e) = err {
            return Err(e);
        }
        flush(&mut chunk, ann)?;
        if ft {
            self.ix.ft_cands.commit()?;
            self.ix.ft_cands.compact()?;
        }
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
        let have = self
            .ix
            .embedder
            .read()
            .map(|e| e.is_some())
            .unwrap_or(false);
        Ok(now > 0 && (!have || now >= 2 * then.max(1)))
    }

    /// Leave full-text commits to [`Indexer::commit_pending`], to be called on a timer.
    ///
    /// A tantivy commit writes and syncs a new segment (tens of milliseconds of disk waits); one
    /// per write caps a server at a few dozen writes a second. Deferred, a write is still
    /// durable when it returns (the store committed it) and the vacancy's record, vector, area
    /// and map cell are live at once; only full-text retrieval sees it after the next commit.
    pub(crate) fn set_deferred_commit(&self, on: bool) {
        self.deferred.store(on, AtOrd::SeqCst);
        if !on {
            let _ = self.commit_pending();
        }
    }

    /// Commit the full-text indexes that hold uncommitted writes; returns whether any did.
    pub(crate) fn commit_pending(&self) -> Result<bool> {
        let mut any = false;
        if self.pending_jobs.swap(false, AtOrd::SeqCst) {
            self.ix.ft_jobs.commit()?;
            any = true;
        }
        if self.pending_cands.swap(false, AtOrd::SeqCst) {
            self.ix.ft_cands.commit()?;
            any = true;
        }
        Ok(any)
    }

    /// Save the vector graphs and meta.json if the indexes hold changes they do not describe.
    pub(crate) fn flush(&self) -> Result<()> {
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
            if let Some(e) = self.ix.embedder.read().map_err(idx_err)?.as_ref() {
                e.save(&idx.join("embedder.bin"))?;
            }
        }
        self.ix
            .ann_jobs
            .read()
            .map_err(idx_err)?
            .save(&idx.join("ann_jobs"))?;
        self.ix
            .ann_cands
            .read()
            .map_err(idx_err)?
            .save(&idx.join("ann_candidates"))?;
        let meta = IndexMeta {
            version: INDEX_VERSION,
            fulltext_schema: fulltext::SCHEMA_VERSION,
            generation,
            trained_on: self.trained_on.load(std::sync::atomic::Ordering::Relaxed),
            records: Some(self.store.count::<Job>()? + self.store.count::<Candidate>()?),
        };
        let tmp = idx.join("meta.json.tmp");
        {
            let mut f = std::fs::File::create(&tmp)?;
            std::io::Write::write_all(&mut f, &serde_json::to_vec(&meta).map_err(idx_err)?)?;
            f.sync_all()?;
        }
        std::fs::rename(tmp, idx.join("meta.json"))?;
        *self.persisted.lock().map_err(idx_err)? = (generation, std::time::Instant::now());
        // The saved indexes hold every change up to `generation`: the log need not keep them.
        self.store.prune_changes(generation)?;
        Ok(())
    }

    /// Apply the store's changes the indexes have not seen yet (other processes' writes too),
    /// and publish them as [`Event`]s once the indexes show them.
    pub(crate) fn catch_up(&self) -> Result<usize> {
        // A young corpus that has doubled is retrained at once (cheap); a large one waits for
        // `bole reindex` or the next open, so a write never stalls behind a long training run.
        if self.needs_retrain()? && self.training_docs()? <= INLINE_RETRAIN_MAX {
            let before = *self.maintenance.lock().map_err(idx_err)?;
            self.rebuild()?;
            let after = *self.maintenance.lock().map_err(idx_err)?;
            return Ok(after.saturating_sub(before) as usize);
        }
        let mut applied = self.maintenance.lock().map_err(idx_err)?;
        let changes = self.store.changes_since(*applied)?;
        if changes.is_empty() {
            return Ok(0);
        }
        let last = changes.last().map(|c| c.0).unwrap_or(*applied);
        let mut seen = HashSet::new();
        let mut done = Vec::new();
        // Commit only the index that changed: each commit writes and syncs a new segment.
        let (mut jobs_changed, mut cands_changed) = (false, false);
        for (_, ch) in changes.into_iter().rev() {
            if !seen.insert(ch.clone()) {
                continue;
            }
            let up = match &ch {
                Change::Job(id) => {
                    jobs_changed = true;
                    match self.store.get::<Job>(id)? {
                        Some(j) => self.index_job(j).map(|_| true)?,
                        None => self.unindex_job(id).map(|_| false)?,
                    }
                }
                Change::Candidate(id) => {
                    cands_changed = true;
                    match self.store.get::<Candidate>(id)? {
                        Some(c) => self.index_candidate(&c).map(|_| true)?,
                        None => self.unindex_candidate(id).map(|_| false)?,
                    }
                }
            };
            done.push((up, ch));
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
        drop(applied);
        done.reverse();
        self.events.publish_changes(&done);
        Ok(done.len())
    }

    /// Hear about every committed write from now on (see [`Event`]). Drop the receiver to stop.
    pub(crate) fn subscribe(&self) -> std::sync::mpsc::Receiver<Arc<Event>> {
        self.events.subscribe()
    }

    fn index_job(&self, job: Job) -> Result<()> {
        let e = self.entry(job);
        self.ix.ft_jobs.upsert(&e.job)?;
        if !e.vector.is_empty() {
            self.ix
                .ann_jobs
                .write()
                .map_err(idx_err)?
                .insert(&e.job.id, &e.vector)?;
        }
        self.ix.jobs.write().map_err(idx_err)?.insert(Arc::new(e));
        Ok(())
    }

    fn unindex_job(&self, id: &str) -> Result<()> {
        self.ix.ft_jobs.delete(id)?;
        self.ix.ann_jobs.write().map_err(idx_err)?.remove(id);
        self.ix.jobs.write().map_err(idx_err)?.remove(id);
        Ok(())
    }

    fn index_candidate(&self, c: &Candidate) -> Result<()> {
        self.ix.profiles.lock().map_err(idx_err)?.forget(&c.id);
        if let Some(s) = self.ix.seekers.write().map_err(idx_err)?.as_mut() {
            s.upsert(c);
        }
        self.ix
            .ft_cands
            .upsert(&crate::rank::fairness::scrub_candidate(c))?;
        let v = self.ix.embed_candidate(&CandidateProfile::new(c));
        if !v.is_empty() {
            self.ix
                .ann_cands
                .write()
                .map_err(idx_err)?
                .insert(&c.id, &v)?;
        }
        Ok(())
    }

    fn unindex_candidate(&self, id: &str) -> Result<()> {
        self.ix.profiles.lock().map_err(idx_err)?.forget(id);
        if let Some(s) = self.ix.seekers.write().map_err(idx_err)?.as_mut() {
            s.remove(id);
        }
        self.ix.ft_cands.delete(id)?;
        self.ix.ann_cands.write().map_err(idx_err)?.remove(id);
        Ok(())
    }

    /// Store vacancies durably, then make them visible to searches.
    pub(crate) fn put_jobs(&self, jobs: &[Job]) -> Result<WriteSummary> {
        for j in jobs {
            j.validate()?;
        }
        let s = self.store.put(jobs)?;
        self.catch_up()?;
        Ok(s)
    }

    /// Store people durably, then make them visible to searches.
    pub(crate) fn put_candidates(&self, cands: &[Candidate]) -> Result<WriteSummary> {
        for c in cands {
            c.validate()?;
        }
        let s = self.store.put(cands)?;
        self.catch_up()?;
        Ok(s)
    }

    /// Delete vacancies; returns the ids that existed.
    pub(crate) fn delete_jobs(&self, ids: &[&str]) -> Result<Vec<String>> {
        let gone = self.store.delete::<Job>(ids)?;
        self.catch_up()?;
        Ok(gone)
    }

    /// Delete people; returns the ids that existed.
    pub(crate) fn delete_candidates(&self, ids: &[&str]) -> Result<Vec<String>> {
        let gone = self.store.delete::<Candidate>(ids)?;
        self.catch_up()?;
        Ok(gone)
    }
}
