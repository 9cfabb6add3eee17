//! `bole import`, `bole delete` and `bole stats`: records in and out of the store.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use bole::import::Format;
use bole::{Candidate, Job};
use clap::Args;

use super::{open_store, Ctx};
use crate::cli_import::{self, Side};

/// Arguments of `bole import`.
#[derive(Args)]
pub struct ImportArgs {
    /// `jobs`, `candidates` or `events`.
    pub side: Side,
    /// The file.
    pub file: PathBuf,
    /// `jsonl` or `csv` (default: from the extension).
    #[arg(long)]
    pub format: Option<String>,
}

/// `bole import`: a JSONL file (or, for jobs, a platform-export CSV; for events, a JSON array too)
/// through the engine; prints the import report of docs/SCHEMA.md.
pub fn import(ctx: &Ctx, args: ImportArgs) -> Result<ExitCode> {
    let ImportArgs { side, file, format } = args;
    let format = match format {
        Some(f) => Some(
            Format::parse(&f).with_context(|| format!("--format `{f}`: expected jsonl or csv"))?,
        ),
        None => None,
    };
    let r = cli_import::import_file(|| super::open_engine(ctx), side, &file, format)?;
    let dup = if r.duplicates > 0 {
        format!(", {} duplicates (already stored)", r.duplicates)
    } else {
        String::new()
    };
    println!(
        "received {}, stored {} ({} new, {} replaced){dup}, rejected {}",
        r.received,
        r.stored,
        r.inserted,
        r.replaced,
        r.rejected.len()
    );
    Ok(if r.rejected.is_empty() && r.received > 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Arguments of `bole delete`.
#[derive(Args)]
pub struct DeleteArgs {
    /// `jobs` or `candidates`.
    pub side: Side,
    /// Ids to delete.
    #[arg(required = true)]
    pub ids: Vec<String>,
}

/// `bole delete`: records by id; exit 1 when one was not there.
pub fn delete(ctx: &Ctx, args: DeleteArgs) -> Result<ExitCode> {
    let DeleteArgs { side, ids } = args;
    let store = open_store(&ctx.data)?;
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    let gone = match side {
        Side::Jobs => store.delete::<Job>(&ids)?,
        Side::Candidates => store.delete::<Candidate>(&ids)?,
        Side::Events => anyhow::bail!(
            "outcome events are a record of what happened and are not deleted; report a new event instead"
        ),
    };
    let missing: Vec<&&str> = ids
        .iter()
        .filter(|i| !gone.iter().any(|g| g == **i))
        .collect();
    println!("deleted {}", gone.len());
    for m in &missing {
        eprintln!("not found: {m}");
    }
    Ok(if missing.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// `bole stats`: counts as one JSON object.
pub fn stats(ctx: &Ctx) -> Result<ExitCode> {
    let store = open_store(&ctx.data)?;
    let o = serde_json::json!({
        "jobs": store.count::<Job>()?,
        "candidates": store.count::<Candidate>()?,
        "events": store.count::<bole::outcomes::OutcomeEvent>()?,
        "generation": store.generation()?,
        "data": ctx.data,
    });
    println!("{o}");
    Ok(ExitCode::SUCCESS)
}
