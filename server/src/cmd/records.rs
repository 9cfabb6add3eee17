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
    let store = match bole::store::Store::open(&ctx.data) {
        Ok(s) => s,
        Err(e) => match super::server_holding(&ctx.data, &e) {
            Some((_, addr)) => return stats_from_server(ctx, &addr),
            None => return Err(open_store(&ctx.data).err().unwrap_or_else(|| e.into())),
        },
    };
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

/// `bole stats` beside a running server: its record counts from `/metrics` (with the first key
/// of `BOLE_API_KEYS`, if set, for servers with closed reads).
fn stats_from_server(ctx: &Ctx, addr: &str) -> Result<ExitCode> {
    use std::io::{Read, Write};
    let key = std::env::var("BOLE_API_KEYS").ok().and_then(|k| {
        k.split(',')
            .map(str::trim)
            .find(|k| !k.is_empty())
            .map(String::from)
    });
    let auth = key
        .map(|k| format!("Authorization: Bearer {k}\r\n"))
        .unwrap_or_default();
    let mut s = std::net::TcpStream::connect(addr).with_context(|| {
        format!("the store is held by `bole serve` at {addr}, which does not answer")
    })?;
    s.set_read_timeout(Some(std::time::Duration::from_secs(30)))?;
    write!(
        s,
        "GET /metrics HTTP/1.1\r\nHost: {addr}\r\n{auth}Connection: close\r\n\r\n"
    )?;
    let mut raw = String::new();
    s.read_to_string(&mut raw)?;
    if !raw.starts_with("HTTP/1.1 200") {
        anyhow::bail!(
            "`bole serve` at {addr} holds the store and refused /metrics ({}); set BOLE_API_KEYS to one of its keys",
            raw.lines().next().unwrap_or("no answer")
        );
    }
    let count = |side: &str| -> Option<u64> {
        let name = format!("bole_records{{side=\"{side}\"}} ");
        raw.lines()
            .find_map(|l| l.strip_prefix(name.as_str()))
            .and_then(|v| v.trim().parse::<f64>().ok())
            .map(|v| v as u64)
    };
    let o = serde_json::json!({
        "jobs": count("jobs"),
        "candidates": count("candidates"),
        "data": ctx.data,
        "served_by": format!("http://{addr}"),
    });
    println!("{o}");
    Ok(ExitCode::SUCCESS)
}
