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

use std::path::{Path, PathBuf};

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
pub struct Store {
    db: Database,
    path: PathBuf,
}

fn st<E: std::fmt::Display>(e: E) -> Error {
    Error::Store(e.to_string())
}

impl Store {
    /// Open (or create) the store in `dir` (created if missing).
    pub fn open(dir: &Path) -> Result<Store> {
        std::fs::create_dir_all(dir)?;
        let path = dir.join("records.redb");
        let damaged = |why: String| {
            Error::Store(format!(
                "{} cannot be opened: {why}. It is the only copy of the records (the indexes \
                 under index/ are derived from it): restore it from a backup, or move it away \
                 to start with an empty store",
                path.display()
            ))
        };
        // redb reports most damage as an error, but some (a file cut short) as a panic: both are
        // a clear refusal here, never a crash.
        let opened = std::panic::catch_unwind(|| -> Result<Database> {
            let db = Database::create(&path).map_err(st)?;
            // Make sure the tables exist so readers never fail on a fresh store.
            let w = db.begin_write().map_err(st)?;
            w.open_table(JOBS).map_err(st)?;
            w.open_table(CANDIDATES).map_err(st)?;
            w.open_table(META).map_err(st)?;
            w.open_table(CHANGES).map_err(st)?;
            w.open_table(EVENTS).map_err(st)?;
            w.commit().map_err(st)?;
            Ok(db)
        });
        let db = match opened {
            Ok(Ok(db)) => db,
            Ok(Err(Error::Store(why))) if !why.contains("already open") => {
                return Err(damaged(why))
            }
            Ok(Err(e)) => return Err(e),
            Err(p) => {
                let why = p
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_else(|| "the database reader panicked".into());
                return Err(damaged(why));
            }
        };
        Ok(Store { db, path })
    }

    /// Delete the change-log entries at or below `seq`: the derived indexes have durably saved
    /// every change up to it and will never replay them. Returns how many were deleted.
    pub fn prune_changes(&self, seq: u64) -> Result<u64> {
        let w = self.db.begin_write().map_err(st)?;
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
        w.commit().map_err(st)?;
        Ok(n)
    }

    /// Entries in the change log (what a derived index not yet saved would replay).
    pub fn change_log_len(&self) -> Result<u64> {
        let r = self.db.begin_read().map_err(st)?;
        let t = r.open_table(CHANGES).map_err(st)?;
        t.len().map_err(st)
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
        let w = self.db.begin_write().map_err(st)?;
        {
            let mut t = w.open_table(R::table()).map_err(st)?;
            let mut log = Log::open(&w)?;
            for r in records {
                let bytes = serde_json::to_vec(r).map_err(st)?;
                if t.insert(r.id(), bytes.as_slice()).map_err(st)?.is_some() {
                    sum.replaced += 1;
                } else {
                    sum.inserted += 1;
                }
                log.push(R::TAG, r.id())?;
            }
            log.finish()?;
        }
        w.commit().map_err(st)?;
        Ok(sum)
    }

    /// Store outcome events in one durable transaction, each once: an id already stored (before,
    /// or earlier in `events`) is a [`EventWrite::Duplicate`] and keeps the first; an event naming
    /// a person or vacancy the store does not hold is refused. One answer per event, in order.
    pub fn put_events(&self, events: &[OutcomeEvent]) -> Result<Vec<EventWrite>> {
        if events.is_empty() {
            return Ok(Vec::new());
        }
        let w = self.db.begin_write().map_err(st)?;
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
                let bytes = serde_json::to_vec(e).map_err(st)?;
                t.insert(e.id.as_str(), bytes.as_slice()).map_err(st)?;
                out.push(EventWrite::Inserted);
            }
        }
        w.commit().map_err(st)?;
        Ok(out)
    }

    /// Delete records by id in one durable transaction; returns the ids that existed.
    pub fn delete<R: Record>(&self, ids: &[&str]) -> Result<Vec<String>> {
        let w = self.db.begin_write().map_err(st)?;
        let mut gone = Vec::new();
        {
            let mut t = w.open_table(R::table()).map_err(st)?;
            let mut log = Log::open(&w)?;
            for id in ids {
                if t.remove(*id).map_err(st)?.is_some() {
                    gone.push(id.to_string());
                    log.push(R::TAG, id)?;
                }
            }
            log.finish()?;
        }
        w.commit().map_err(st)?;
        Ok(gone)
    }

    /// One record by id.
    pub fn get<R: Record>(&self, id: &str) -> Result<Option<R>> {
        let r = self.db.begin_read().map_err(st)?;
        let t = r.open_table(R::table()).map_err(st)?;
        match t.get(id).map_err(st)? {
            Some(v) => Ok(Some(serde_json::from_slice(v.value()).map_err(st)?)),
            None => Ok(None),
        }
    }

    /// Number of records of a kind.
    pub fn count<R: Record>(&self) -> Result<u64> {
        let r = self.db.begin_read().map_err(st)?;
        let t = r.open_table(R::table()).map_err(st)?;
        t.len().map_err(st)
    }

    /// Visit every record of a kind in id order, from one consistent snapshot.
    pub fn for_each<R: Record>(&self, mut f: impl FnMut(R)) -> Result<()> {
        let r = self.db.begin_read().map_err(st)?;
        let t = r.open_table(R::table()).map_err(st)?;
        for item in t.iter().map_err(st)? {
            let (_, v) = item.map_err(st)?;
            f(serde_json::from_slice(v.value()).map_err(st)?);
        }
        Ok(())
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
        let r = self.db.begin_read().map_err(st)?;
        let t = r.open_table(META).map_err(st)?;
        Ok(t.get("generation")
            .map_err(st)?
            .map(|v| v.value())
            .unwrap_or(0))
    }

    /// Ids touched after sequence `seq` (exclusive), oldest first, with the sequence they reached:
    /// `(seq, Change)`. A touched id is re-read from the store to know whether it is an upsert or a delete.
    pub fn changes_since(&self, seq: u64) -> Result<Vec<(u64, Change)>> {
        let r = self.db.begin_read().map_err(st)?;
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
