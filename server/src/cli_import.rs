//! `bole import` and `bole delete`: files into the engine, with an honest account of what was
//! kept and what was rejected.

use std::fs::File;
use std::io::{IsTerminal, Read};
use std::path::Path;

use anyhow::{bail, Context, Result};
use bole::import::{Format, ImportReport};
use bole::ingest::{Committed, Options};
use bole::Engine;

/// Which side of the market a command is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Side {
    /// Vacancies (岗位).
    Jobs,
    /// Job seekers (求职者).
    Candidates,
    /// Outcome events (shown, applied, hired …; JSON Lines or a JSON array).
    Events,
}

impl Side {
    /// `jobs`, `candidates` or `events`.
    pub fn name(self) -> &'static str {
        match self {
            Side::Jobs => "jobs",
            Side::Candidates => "candidates",
            Side::Events => "events",
        }
    }
}

/// Import `path` through the engine `open` gives (opened once the file is found): each durable commit is
/// acknowledged on stderr (`committed N records through line L`, when stderr is not a terminal),
/// each rejected line too (`line L (id `x`): field `f`: reason`).
pub fn import_file(
    open: impl FnOnce() -> Result<Engine>,
    side: Side,
    path: &Path,
    format: Option<Format>,
) -> Result<ImportReport> {
    let name = path.to_string_lossy();
    let format = format.unwrap_or_else(|| Format::from_path(&name));
    if side != Side::Jobs && format == Format::Csv {
        bail!(
            "{} are imported from JSON Lines only (or one JSON array; docs/SCHEMA.md); got a CSV file",
            side.name()
        );
    }
    let file = File::open(path).with_context(|| format!("cannot open {name}"))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let engine = open()?;
    let bar = progress(size);
    let reader = Counting {
        inner: file,
        bar: bar.clone(),
    };
    let on_terminal = std::io::stderr().is_terminal();
    let ack = |stored: usize, line: u64| {
        // The acknowledgement: everything through this line is durable now.
        if !on_terminal {
            eprintln!("committed {stored} records through line {line}");
        }
    };
    let report = match side {
        Side::Jobs => {
            let mut f = |c: Committed<'_, bole::Job>| ack(c.stored, c.through_line);
            let opts = Options {
                on_commit: Some(&mut f),
                ..Default::default()
            };
            engine.import_jobs(reader, format, opts)
        }
        Side::Candidates => {
            let mut f = |c: Committed<'_, bole::Candidate>| ack(c.stored, c.through_line);
            let opts = Options {
                on_commit: Some(&mut f),
                ..Default::default()
            };
            engine.import_candidates(reader, format, opts)
        }
        Side::Events => {
            let mut f =
                |c: Committed<'_, bole::outcomes::OutcomeEvent>| ack(c.stored, c.through_line);
            let opts = Options {
                on_commit: Some(&mut f),
                ..Default::default()
            };
            engine.import_events(reader, format, opts)
        }
    }
    .with_context(|| format!("importing {name}"))?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    for r in &report.rejected {
        eprintln!("rejected {r}");
    }
    if report.received == 0 {
        eprintln!("{name} holds no records");
    }
    Ok(report)
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
