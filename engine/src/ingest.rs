//! One way in: records (and outcome events) from any source stored through the engine, answered
//! with one report.
//!
//! [`Engine::import_jobs`] and [`Engine::import_candidates`] read an input with the one reader of
//! [`crate::import`] and store the good records in batches through [`Engine::put_jobs`] /
//! [`Engine::put_candidates`], so an import is indexed (and announced) like any other write. The
//! CLI, the bulk endpoints and the console upload all call them; paths that only read records
//! (a batch to match or assign) use [`crate::import::read_all`] and the same [`ImportReport`].

use std::io::Read;

use crate::engine::Engine;
use crate::error::Result;
use crate::import::{self, Format, ImportReport, Importable, Rejection};
use crate::model::{Candidate, Job};
use crate::outcomes::{EventWrite, OutcomeEvent};
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

/// What one durable commit of an import did.
struct Batch {
    written: WriteSummary,
    /// Outcome events already stored.
    duplicates: usize,
    /// Records of the batch not stored: position in the batch, field, reason.
    refused: Vec<(usize, &'static str, String)>,
}

impl From<WriteSummary> for Batch {
    fn from(written: WriteSummary) -> Batch {
        Batch {
            written,
            duplicates: 0,
            refused: Vec::new(),
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
        self.import(input, format, opts, |e, r| Ok(e.put_jobs(r)?.into()))
    }

    /// Import people from `input` (JSON Lines); see [`Options`].
    pub fn import_candidates(
        &self,
        input: impl Read,
        format: Format,
        opts: Options<'_, Candidate>,
    ) -> Result<ImportReport> {
        self.import(input, format, opts, |e, r| Ok(e.put_candidates(r)?.into()))
    }

    /// Import outcome events from `input` (JSON Lines, or a JSON array); see [`Options`]. An
    /// event whose id is stored already counts in [`ImportReport::duplicates`]; one naming a
    /// person or vacancy that is not stored is rejected with its line and field.
    pub fn import_events(
        &self,
        input: impl Read,
        format: Format,
        opts: Options<'_, OutcomeEvent>,
    ) -> Result<ImportReport> {
        self.import(input, format, opts, |e, r| {
            let mut b = Batch::from(WriteSummary::default());
            for (i, w) in e.put_events(r)?.into_iter().enumerate() {
                match w {
                    EventWrite::Inserted => b.written.inserted += 1,
                    EventWrite::Duplicate => b.duplicates += 1,
                    EventWrite::Refused { field, reason } => b.refused.push((i, field, reason)),
                }
            }
            Ok(b)
        })
    }

    fn import<T: Importable>(
        &self,
        input: impl Read,
        format: Format,
        mut opts: Options<'_, T>,
        put: fn(&Engine, &[T]) -> Result<Batch>,
    ) -> Result<ImportReport> {
        let batch_size = opts.batch.max(1);
        let streaming = opts.limit.is_none();
        let mut stored = WriteSummary::default();
        let mut duplicates = 0;
        let mut refused: Vec<Rejection> = Vec::new();
        let mut on_commit = opts.on_commit.take();
        let mut commit = |records: &[T], lines: &[u64]| -> Result<()> {
            let b = put(self, records)?;
            stored.inserted += b.written.inserted;
            stored.replaced += b.written.replaced;
            duplicates += b.duplicates;
            for (i, field, error) in b.refused {
                refused.push(Rejection {
                    line: lines[i],
                    id: Some(records[i].id().to_string()),
                    field: Some(field.to_string()),
                    error,
                });
            }
            if let Some(f) = on_commit.as_mut() {
                f(Committed {
                    records,
                    stored: stored.inserted + stored.replaced,
                    through_line: lines.last().copied().unwrap_or(0),
                });
            }
            Ok(())
        };
        let mut report = ImportReport::default();
        let mut pending: Vec<(u64, T)> = Vec::new();
        let mut records: Vec<T> = Vec::new();
        let mut lines: Vec<u64> = Vec::new();
        let reader = import::read::<T, _>(input, format)?;
        import::drain(reader, opts.limit, &mut report, |line, r| {
            if streaming {
                records.push(r);
                lines.push(line);
                if records.len() >= batch_size {
                    commit(&records, &lines)?;
                    records.clear();
                    lines.clear();
                }
            } else {
                pending.push((line, r));
            }
            Ok(())
        })?;
        if !records.is_empty() {
            commit(&records, &lines)?;
            records.clear();
            lines.clear();
        }
        let mut pending = pending.into_iter().peekable();
        while pending.peek().is_some() {
            for (line, r) in pending.by_ref().take(batch_size) {
                lines.push(line);
                records.push(r);
            }
            commit(&records, &lines)?;
            records.clear();
            lines.clear();
        }
        report.inserted = stored.inserted;
        report.replaced = stored.replaced;
        report.stored = stored.inserted + stored.replaced;
        report.duplicates = duplicates;
        if !refused.is_empty() {
            report.rejected.append(&mut refused);
            report.rejected.sort_by_key(|r| r.line);
        }
        Ok(report)
    }
}
