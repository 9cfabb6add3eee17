//! Where do records live, and what survives a crash?
//!
//! Records are kept in one embedded ACID database (redb, pure Rust) inside the data directory.
//! Each write is one transaction committed with redb's default immediate durability, so once a
//! call returns `Ok` the record survives `kill -9` and power loss; a crash mid-transaction leaves
//! the previous state, never a torn record. Every index bole builds (full text, vectors) is
//! derived from this store and can be rebuilt from it alone.
//!
//! Each committed write bumps a `generation` counter in the same transaction; derived indexes
//! remember the generation they were built at, so a stale index is detected at start.

mod open;
pub use open::FAULT_DISK_FULL_ENV;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, PoisonError, RwLock};
use std::time::{Duration, Instant};

use redb::{Database, ReadableDatabase, ReadableTable, ReadableTableMetadata, TableDefinition};
use serde::{de::DeserializeOwned, Serialize};

use crate::error::{Error, Result};
use crate::model::{Candidate, Job};
use crate::outcomes::{EventWrite, OutcomeEvent};

const JOBS: TableDefinition<&str, &[u8]> = TableDefinition::new("jobs");
const CANDIDATES: TableDefinition<&str, &[u8]> = TableDefinition::new("candidates");
const META: TableDefinition<&str, u64> = TableDefinition::new("meta");
/// Outcome events by event id (never replaced, never in the change log: no index derives from them).
const EVENTS: TableDefinition<&str, &[u8]> = TableDefinition::new("events");
/// Change log: sequence number → `j:<id>` or `c:<id>`. Derived indexes replay it to catch up.
const CHANGES: TableDefinition<u64, &str> = TableDefinition::new("changes");

/// A record kind the store keeps: jobs or candidates.
pub trait Record: Serialize + DeserializeOwned + Send + Sync {
    /// `job` or `candidate`, used in messages.
    const KIND: &'static str;
    /// The record's id.
    fn id(&self) -> &str;
    /// Prefix of this kind in the change log.
    const TAG: char;
    #[doc(hidden)]
    fn table() -> TableDefinition<'static, &'static str, &'static [u8]>;
}

impl Record for Job {
    const KIND: &'static str = "job";
    const TAG: char = 'j';
    fn id(&self) -> &str {
        &self.id
    }
    fn table() -> TableDefinition<'static, &'static str, &'static [u8]> {
        JOBS
    }
}

impl Record for OutcomeEvent {
    const KIND: &'static str = "event";
    const TAG: char = 'e';
    fn id(&self) -> &str {
        &self.id
    }
    fn table() -> TableDefinition<'static, &'static str, &'static [u8]> {
        EVENTS
    }
}

impl Record for Candidate {
    const KIND: &'static str = "candidate";
    const TAG: char = 'c';
    fn id(&self) -> &str {
        &self.id
    }
    fn table() -> TableDefinition<'static, &'static str, &'static [u8]> {
        CANDIDATES
    }
}

/// What a batch write did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct WriteSummary {
    /// Records that were new.
    pub inserted: usize,
    /// Records that replaced an earlier one with the same id.
    pub replaced: usize,
}

/// The durable record store.
///
/// redb refuses every call on a database after one of its writes failed ("Previous I/O error
/// occurred"): the store notices, closes the database and reopens it (redb repairs it to the last
/// committed state) at the next call, so a full disk costs the writes made while it is full, not
/// every call until a restart. While it cannot reopen, calls fail with [`Error::Unavailable`]
/// naming the reason; [`Store::health`] says whether writes work now.
pub struct Store {
    db: RwLock<Option<Database>>,
    path: PathBuf,
    /// Set when a call saw an I/O error: the database must be reopened before the next call.
    poisoned: AtomicBool,
    /// Why the store is degraded (a write failed, the database could not reopen), if it is.
    trouble: Mutex<Option<String>>,
    /// When the last reopen attempt failed (attempts are spaced so a full disk is not re-read
    /// by every call).
    last_attempt: Mutex<Option<Instant>>,
}

fn st<E: Into<redb::Error>>(e: E) -> Error {
    match e.into() {
        redb::Error::Io(io) => Error::store_from(io),
        redb::Error::PreviousIo => Error::Unavailable(
            "an earlier write failed with an I/O error; the database is being reopened, retry"
                .into(),
        ),
        other => Error::store_from(other),
    }
}

fn json(e: serde_json::Error) -> Error {
    Error::store_from(e)
}

/// How long a failed reopen is trusted before a call tries again.
const REOPEN_SPACING: Duration = Duration::from_secs(1);

impl Store {
    /// Open (or create) the store in `dir` (created if missing).
    pub fn open(dir: &Path) -> Result<Store> {
        std::fs::create_dir_all(dir).map_err(|e| open::explain_io(dir, e))?;
        let path = dir.join("records.redb");
        let db = open::database(&path)?;
        Ok(Store {
            db: RwLock::new(Some(db)),
            path,
            poisoned: AtomicBool::new(false),
            trouble: Mutex::new(None),
            last_attempt: Mutex::new(None),
        })
    }

    /// Begin a transaction on the open database, reopening it first if an earlier call saw an
    /// I/O error. The lock is held only while beginning: a reopen never waits for a long read.
    fn begin<X>(&self, begin: impl FnOnce(&Database) -> Result<X>) -> Result<X> {
        if self.poisoned.load(Ordering::Acquire) {
            self.reopen(false)?;
        }
        let guard = self.db.read().unwrap_or_else(PoisonError::into_inner);
        match guard.as_ref() {
            Some(db) => begin(db),
            None => Err(self.unavailable()),
        }
    }

    /// Notes an I/O error (or redb's refusal after one) so the next call reopens the database.
    fn observe<T>(&self, r: Result<T>) -> Result<T> {
        if let Err(e) = &r {
            if e.io_kind().is_some() {
                self.poisoned.store(true, Ordering::Release);
                self.note_trouble(e);
            } else if matches!(e, Error::Unavailable(_)) {
                // redb refused after an earlier I/O error: the trouble is already noted.
                self.poisoned.store(true, Ordering::Release);
            }
        }
        r
    }

    /// Run `f` in a read transaction.
    fn reading<T>(&self, f: impl FnOnce(&redb::ReadTransaction) -> Result<T>) -> Result<T> {
        let r = self
            .begin(|db| db.begin_read().map_err(st))
            .and_then(|t| f(&t));
        self.observe(r)
    }

    /// Run `f` in a write transaction and commit it. A commit that succeeds shows the disk takes
    /// writes again.
    fn writing<T>(&self, f: impl FnOnce(&redb::WriteTransaction) -> Result<T>) -> Result<T> {
        let r = self.begin(|db| db.begin_write().map_err(st)).and_then(|w| {
            let out = f(&w)?;
            w.commit().map_err(st)?;
            Ok(out)
        });
        let r = self.observe(r);
        if r.is_ok() && !self.poisoned.load(Ordering::Acquire) {
            *self.trouble.lock().unwrap_or_else(PoisonError::into_inner) = None;
        }
        r
    }

    fn note_trouble(&self, e: &Error) {
        let why = if e.io_kind() == Some(std::io::ErrorKind::StorageFull) {
            format!(
                "a write to {} failed: the disk is full (no space left on device); writes are refused until space is freed",
                self.path.display()
            )
        } else {
            format!("a call on {} failed: {e}", self.path.display())
        };
        tracing::warn!("{why}");
        *self.trouble.lock().unwrap_or_else(PoisonError::into_inner) = Some(why);
    }

    fn unavailable(&self) -> Error {
        let why = self
            .trouble
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
            .unwrap_or_else(|| "the database is closed after an I/O error".into());
        Error::Unavailable(why)
    }

    /// Close the database and open it again (redb repairs it to its last commit). `force` skips
    /// the spacing between attempts.
    fn reopen(&self, force: bool) -> Result<()> {
        let mut guard = self.db.write().unwrap_or_else(PoisonError::into_inner);
        if !self.poisoned.load(Ordering::Acquire) {
            return Ok(()); // another call reopened it meanwhile
        }
        {
            let mut last = self
                .last_attempt
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            if !force && last.is_some_and(|t| t.elapsed() < REOPEN_SPACING) {
                return Err(self.unavailable());
            }
            *last = Some(Instant::now());
        }
        // Dropping the old handle releases its file lock; redb then repairs at open.
        *guard = None;
        match open::database(&self.path) {
            Ok(db) => {
                *guard = Some(db);
                self.poisoned.store(false, Ordering::Release);
                tracing::info!("{} reopened after an I/O error", self.path.display());
                Ok(())
            }
            Err(e) => {
                self.note_trouble(&e);
                Err(self.unavailable())
            }
        }
    }

    /// Whether the store takes writes now: `Err(reason)` while it is degraded (a disk-full
    /// write failed and a probe write still fails, or the database cannot be reopened).
    /// Reopens and probes at once, so it also recovers the store when space is back.
    pub fn health(&self) -> std::result::Result<(), String> {
        let degraded = self.poisoned.load(Ordering::Acquire)
            || self
                .trouble
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .is_some();
        if !degraded {
            return Ok(());
        }
        if self.poisoned.load(Ordering::Acquire) && self.reopen(true).is_err() {
            return Err(self.unavailable().to_string());
        }
        // A write since the trouble proves the disk takes writes again.
        let probe = self.writing(|w| {
            let mut meta = w.open_table(META).map_err(st)?;
            let n = meta.get("probes").map_err(st)?.map_or(0, |v| v.value());
            meta.insert("probes", n + 1).map_err(st)?;
            Ok(())
        });
        probe.map_err(|_| self.unavailable().to_string())
    }

    /// Delete the change-log entries at or below `seq`: the derived indexes have durably saved
    /// every change up to it and will never replay them. Returns how many were deleted.
    pub fn prune_changes(&self, seq: u64) -> Result<u64> {
        self.writing(|w| {
            let n = {
                let mut t = w.open_table(CHANGES).map_err(st)?;
                let mut n = 0u64;
                t.retain_in(..=seq, |_, _| {
                    n += 1;
                    false
                })
                .map_err(st)?;
                n
            };
            Ok(n)
        })
    }

    /// Entries in the change log (what a derived index not yet saved would replay).
    pub fn change_log_len(&self) -> Result<u64> {
        self.reading(|r| {
            let t = r.open_table(CHANGES).map_err(st)?;
            t.len().map_err(st)
        })
    }

    /// Path of the database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Insert or replace records in one durable transaction.
    pub fn put<R: Record>(&self, records: &[R]) -> Result<WriteSummary> {
        let mut sum = WriteSummary::default();
        if records.is_empty() {
            return Ok(sum);
        }
        self.writing(|w| {
            {
                let mut t = w.open_table(R::table()).map_err(st)?;
                let mut log = Log::open(w)?;
                for r in records {
                    let bytes = serde_json::to_vec(r).map_err(json)?;
                    if t.insert(r.id(), bytes.as_slice()).map_err(st)?.is_some() {
                        sum.replaced += 1;
                    } else {
                        sum.inserted += 1;
                    }
                    log.push(R::TAG, r.id())?;
                }
                log.finish()?;
            }
            Ok(sum)
        })
    }

    /// Store outcome events in one durable transaction, each once: an id already stored (before,
    /// or earlier in `events`) is a [`EventWrite::Duplicate`] and keeps the first; an event naming
    /// a person or vacancy the store does not hold is refused. One answer per event, in order.
    pub fn put_events(&self, events: &[OutcomeEvent]) -> Result<Vec<EventWrite>> {
        if events.is_empty() {
            return Ok(Vec::new());
        }
        self.writing(|w| {
            let mut out = Vec::with_capacity(events.len());
            {
                let mut t = w.open_table(EVENTS).map_err(st)?;
                let jobs = w.open_table(JOBS).map_err(st)?;
                let cands = w.open_table(CANDIDATES).map_err(st)?;
                for e in events {
                    if t.get(e.id.as_str()).map_err(st)?.is_some() {
                        out.push(EventWrite::Duplicate);
                        continue;
                    }
                    if cands.get(e.candidate_id.as_str()).map_err(st)?.is_none() {
                        out.push(EventWrite::Refused {
                            field: "candidate_id",
                            reason: format!("no candidate `{}` is stored", e.candidate_id),
                        });
                        continue;
                    }
                    if jobs.get(e.job_id.as_str()).map_err(st)?.is_none() {
                        out.push(EventWrite::Refused {
                            field: "job_id",
                            reason: format!("no job `{}` is stored", e.job_id),
                        });
                        continue;
                    }
                    let bytes = serde_json::to_vec(e).map_err(json)?;
                    t.insert(e.id.as_str(), bytes.as_slice()).map_err(st)?;
                    out.push(EventWrite::Inserted);
                }
            }
            Ok(out)
        })
    }

    /// Delete records by id in one durable transaction; returns the ids that existed.
    pub fn delete<R: Record>(&self, ids: &[&str]) -> Result<Vec<String>> {
        self.writing(|w| {
            let mut gone = Vec::new();
            {
                let mut t = w.open_table(R::table()).map_err(st)?;
                let mut log = Log::open(w)?;
                for id in ids {
                    if t.remove(*id).map_err(st)?.is_some() {
                        gone.push(id.to_string());
                        log.push(R::TAG, id)?;
                    }
                }
                log.finish()?;
            }
            Ok(gone)
        })
    }

    /// One record by id.
    pub fn get<R: Record>(&self, id: &str) -> Result<Option<R>> {
        self.reading(|r| {
            let t = r.open_table(R::table()).map_err(st)?;
            match t.get(id).map_err(st)? {
                Some(v) => Ok(Some(serde_json::from_slice(v.value()).map_err(json)?)),
                None => Ok(None),
            }
        })
    }

    /// Number of records of a kind.
    pub fn count<R: Record>(&self) -> Result<u64> {
        self.reading(|r| {
            let t = r.open_table(R::table()).map_err(st)?;
            t.len().map_err(st)
        })
    }

    /// Visit every record of a kind in id order, from one consistent snapshot.
    pub fn for_each<R: Record>(&self, mut f: impl FnMut(R)) -> Result<()> {
        self.reading(|r| {
            let t = r.open_table(R::table()).map_err(st)?;
            for item in t.iter().map_err(st)? {
                let (_, v) = item.map_err(st)?;
                f(serde_json::from_slice(v.value()).map_err(json)?);
            }
            Ok(())
        })
    }

    /// All records of a kind (id order).
    pub fn all<R: Record>(&self) -> Result<Vec<R>> {
        let mut out = Vec::new();
        self.for_each(|r| out.push(r))?;
        Ok(out)
    }

    /// Sequence number of the last change (0 for an empty store); derived indexes compare it to
    /// detect staleness and replay [`Store::changes_since`] to catch up.
    pub fn generation(&self) -> Result<u64> {
        self.reading(|r| {
            let t = r.open_table(META).map_err(st)?;
            Ok(t.get("generation")
                .map_err(st)?
                .map(|v| v.value())
                .unwrap_or(0))
        })
    }

    /// Ids touched after sequence `seq` (exclusive), oldest first, with the sequence they reached:
    /// `(seq, Change)`. A touched id is re-read from the store to know whether it is an upsert or a delete.
    pub fn changes_since(&self, seq: u64) -> Result<Vec<(u64, Change)>> {
        self.reading(|r| {
            let t = r.open_table(CHANGES).map_err(st)?;
            let mut out = Vec::new();
            for item in t.range(seq + 1..).map_err(st)? {
                let (k, v) = item.map_err(st)?;
                let v = v.value();
                let change = match v.split_at(2) {
                    ("j:", id) => Change::Job(id.to_string()),
                    (_, id) => Change::Candidate(id.to_string()),
                };
                out.push((k.value(), change));
            }
            Ok(out)
        })
    }
}

/// A record touched by a write.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Change {
    /// A job id.
    Job(String),
    /// A candidate id.
    Candidate(String),
}

/// Appends to the change log inside one write transaction and bumps the generation once.
struct Log<'t> {
    changes: redb::Table<'t, u64, &'static str>,
    meta: redb::Table<'t, &'static str, u64>,
    seq: u64,
    start: u64,
}

impl<'t> Log<'t> {
    fn open(w: &'t redb::WriteTransaction) -> Result<Log<'t>> {
        let meta = w.open_table(META).map_err(st)?;
        let seq = meta
            .get("generation")
            .map_err(st)?
            .map(|v| v.value())
            .unwrap_or(0);
        let changes = w.open_table(CHANGES).map_err(st)?;
        Ok(Log {
            changes,
            meta,
            seq,
            start: seq,
        })
    }

    fn push(&mut self, tag: char, id: &str) -> Result<()> {
        self.seq += 1;
        let key = format!("{tag}:{id}");
        self.changes.insert(self.seq, key.as_str()).map_err(st)?;
        Ok(())
    }

    fn finish(mut self) -> Result<()> {
        if self.seq != self.start {
            self.meta.insert("generation", self.seq).map_err(st)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(id: &str, title: &str) -> Job {
        Job {
            id: id.into(),
            title: title.into(),
            ..Default::default()
        }
    }

    #[test]
    fn put_replace_delete_and_reopen() {
        let dir = tempfile::tempdir().unwrap();
        {
            let s = Store::open(dir.path()).unwrap();
            let sum = s.put(&[job("a", "电工"), job("b", "焊工")]).unwrap();
            assert_eq!(
                sum,
                WriteSummary {
                    inserted: 2,
                    replaced: 0
                }
            );
            let sum = s.put(&[job("a", "高级电工")]).unwrap();
            assert_eq!(sum.replaced, 1);
            assert_eq!(s.count::<Job>().unwrap(), 2);
            assert_eq!(
                s.delete::<Job>(&["b", "zz"]).unwrap(),
                vec!["b".to_string()]
            );
            assert_eq!(s.generation().unwrap(), 4);
            let ch = s.changes_since(2).unwrap();
            assert_eq!(
                ch,
                vec![(3, Change::Job("a".into())), (4, Change::Job("b".into()))]
            );
        }
        let s = Store::open(dir.path()).unwrap();
        assert_eq!(s.count::<Job>().unwrap(), 1);
        assert_eq!(s.get::<Job>("a").unwrap().unwrap().title, "高级电工");
        assert!(s.get::<Job>("b").unwrap().is_none());
        assert_eq!(s.count::<Candidate>().unwrap(), 0);
    }
}
