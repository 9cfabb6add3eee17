//! `bole import` and `bole delete`: files into the durable store, with an honest account of
//! what was kept and what was rejected.

use std::fs::File;
use std::io::{IsTerminal, Read};
use std::path::Path;

use anyhow::{bail, Context, Result};
use bole::import::{self, Format, Item};
use bole::store::{Record, Store, WriteSummary};
use bole::{Candidate, Job};

/// Records per durable transaction: big enough to amortise the fsync, small enough that a crash
/// loses little un-acknowledged work.
const BATCH: usize = 2_000;

/// Which side of the market a command is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Side {
    /// Vacancies (岗位).
    Jobs,
    /// Job seekers (求职者).
    Candidates,
}

/// Totals of one import.
#[derive(Debug, Default)]
pub struct Totals {
    pub imported: usize,
    pub replaced: usize,
    pub rejected: usize,
}

pub fn import_file(
    store: &Store,
    side: Side,
    path: &Path,
    format: Option<Format>,
) -> Result<Totals> {
    let name = path.to_string_lossy();
    let format = format.unwrap_or_else(|| Format::from_path(&name));
    let file = File::open(path).with_context(|| format!("cannot open {name}"))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let bar = progress(size);
    let reader = Counting {
        inner: file,
        bar: bar.clone(),
    };
    let totals = match (side, format) {
        (Side::Jobs, Format::Jsonl) => run(store, import::jsonl::<Job, _>(reader, Job::validate)),
        (Side::Jobs, Format::Csv) => run(store, import::platform_csv(reader)?),
        (Side::Candidates, Format::Jsonl) => run(
            store,
            import::jsonl::<Candidate, _>(reader, Candidate::validate),
        ),
        (Side::Candidates, Format::Csv) => {
            bail!("candidates are imported from JSON Lines only (SCHEMA.md); got a CSV file")
        }
    }?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    Ok(totals)
}

fn run<R: Record>(store: &Store, items: impl Iterator<Item = Item<R>>) -> Result<Totals> {
    let mut totals = Totals::default();
    let mut batch: Vec<R> = Vec::with_capacity(BATCH);
    let mut last_line = 0;
    let quiet_progress = std::io::stderr().is_terminal();
    let flush = |batch: &mut Vec<R>, last_line: u64, totals: &mut Totals| -> Result<()> {
        if batch.is_empty() {
            return Ok(());
        }
        let WriteSummary { inserted, replaced } = store.put(batch.as_slice())?;
        totals.imported += inserted + replaced;
        totals.replaced += replaced;
        batch.clear();
        // The acknowledgement: everything through this line is durable now.
        if !quiet_progress {
            eprintln!(
                "committed {} records through line {last_line}",
                totals.imported
            );
        }
        Ok(())
    };
    for (line, item) in items {
        match item {
            Ok(r) => {
                batch.push(r);
                last_line = line;
                if batch.len() >= BATCH {
                    flush(&mut batch, last_line, &mut totals)?;
                }
            }
            Err(e) => {
                totals.rejected += 1;
                eprintln!("line {line}: rejected: {e}");
            }
        }
    }
    flush(&mut batch, last_line, &mut totals)?;
    Ok(totals)
}

fn progress(size: u64) -> Option<indicatif::ProgressBar> {
    if !std::io::stderr().is_terminal() || size < 4 << 20 {
        return None;
    }
    let b = indicatif::ProgressBar::new(size);
    b.set_style(
        indicatif::ProgressStyle::with_template(
            "{bar:40} {bytes}/{total_bytes} {bytes_per_sec} eta {eta}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    Some(b)
}

/// A reader that advances the progress bar as bytes are consumed.
struct Counting<R> {
    inner: R,
    bar: Option<indicatif::ProgressBar>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Some(b) = &self.bar {
            b.inc(n as u64);
        }
        Ok(n)
    }
}
