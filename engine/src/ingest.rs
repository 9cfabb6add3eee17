//! One way in: records from any source stored through the engine, answered with one report.
//!
//! [`Engine::import_jobs`] and [`Engine::import_candidates`] read an input with the one reader of
//! [`crate::import`] and store the good records in batches through [`Engine::put_jobs`] /
//! [`Engine::put_candidates`], so an import is indexed (and announced) like any other write. The
//! CLI, the bulk endpoints and the console upload all call them; paths that only read records
//! (a batch to match or assign) use [`crate::import::read_all`] and the same [`ImportReport`].

use std::io::Read;

use crate::engine::Engine;
use crate::error::Result;
use crate::import::{self, Format, ImportReport, Importable};
use crate::model::{Candidate, Job};
use crate::store::WriteSummary;

/// Records per durable commit unless told otherwise: big enough to amortise the fsync and the
/// index commit, small enough that a crash loses little unacknowledged work.
pub const BATCH: usize = 2_000;

/// A durable commit an import just made.
pub struct Committed<'a, T> {
    /// The records it stored, in input order.
    pub records: &'a [T],
    /// Records stored so far by this import.
    pub stored: usize,
    /// Every good record up to this input line is durable now.
    pub through_line: u64,
}

/// What an import calls after each durable commit.
pub type OnCommit<'a, T> = &'a mut dyn FnMut(Committed<'_, T>);

/// How an import runs.
pub struct Options<'a, T> {
    /// Records per durable commit.
    pub batch: usize,
    /// Most records the input may hold. With a limit the whole input is read first, so an input
    /// over it is refused ([`crate::Error::TooLarge`]) before anything is stored; without one
    /// the input streams, batch by batch.
    pub limit: Option<usize>,
    /// Called after each durable commit (acknowledgements, progress, announcements).
    pub on_commit: Option<OnCommit<'a, T>>,
}

impl<T> Default for Options<'_, T> {
    fn default() -> Self {
        Options {
            batch: BATCH,
            limit: None,
            on_commit: None,
        }
    }
}

impl Engine {
    /// Import vacancies from `input` (JSON Lines or the platform CSV); see [`Options`].
    pub fn import_jobs(
        &self,
        input: impl Read,
        format: Format,
        opts: Options<'_, Job>,
    ) -> Result<ImportReport> {
        self.import(input, format, opts, Engine::put_jobs)
    }

    /// Import people from `input` (JSON Lines); see [`Options`].
    pub fn import_candidates(
        &self,
        input: impl Read,
        format: Format,
        opts: Options<'_, Candidate>,
    ) -> Result<ImportReport> {
        self.import(input, format, opts, Engine::put_candidates)
    }

    fn import<T: Importable>(
        &self,
        input: impl Read,
        format: Format,
        mut opts: Options<'_, T>,
        put: fn(&Engine, &[T]) -> Result<WriteSummary>,
    ) -> Result<ImportReport> {
        let batch_size = opts.batch.max(1);
        let streaming = opts.limit.is_none();
        let mut stored = WriteSummary::default();
        let mut on_commit = opts.on_commit.take();
        let mut commit = |records: &[T], through_line: u64| -> Result<()> {
            let w = put(self, records)?;
            stored.inserted += w.inserted;
            stored.replaced += w.replaced;
            if let Some(f) = on_commit.as_mut() {
                f(Committed {
                    records,
                    stored: stored.inserted + stored.replaced,
                    through_line,
                });
            }
            Ok(())
        };
        let mut report = ImportReport::default();
        let mut pending: Vec<(u64, T)> = Vec::new();
        let mut records: Vec<T> = Vec::new();
        let mut last_good = 0;
        let lines = import::read::<T, _>(input, format)?;
        import::drain(lines, opts.limit, &mut report, |line, r| {
            last_good = line;
            if streaming {
                records.push(r);
                if records.len() >= batch_size {
                    commit(&records, line)?;
                    records.clear();
                }
            } else {
                pending.push((line, r));
            }
            Ok(())
        })?;
        if !records.is_empty() {
            commit(&records, last_good)?;
        }
        let mut pending = pending.into_iter().peekable();
        while pending.peek().is_some() {
            let mut through_line = 0;
            for (line, r) in pending.by_ref().take(batch_size) {
                through_line = line;
                records.push(r);
            }
            commit(&records, through_line)?;
            records.clear();
        }
        report.inserted = stored.inserted;
        report.replaced = stored.replaced;
        report.stored = stored.inserted + stored.replaced;
        Ok(report)
    }
}
