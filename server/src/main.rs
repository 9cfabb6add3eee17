//! `bole` — the command line and HTTP server of the bole matching engine.

mod cli_import;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use bole::import::Format;
use bole::store::Store;
use bole::{Candidate, Job};
use clap::{Parser, Subcommand};

use cli_import::Side;

#[derive(Parser)]
#[command(name = "bole", version, about = "伯乐 — job–candidate matching for public employment services")]
struct Cli {
    /// Data directory (records and indexes).
    #[arg(long, global = true, default_value = "./bole-data")]
    data: PathBuf,
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Import records from a JSONL file (or, for jobs, a platform-export CSV).
    Import {
        /// `jobs` or `candidates`.
        side: Side,
        /// The file.
        file: PathBuf,
        /// `jsonl` or `csv` (default: from the extension).
        #[arg(long)]
        format: Option<String>,
    },
    /// Delete records by id (a withdrawn vacancy, a person who found work).
    Delete {
        /// `jobs` or `candidates`.
        side: Side,
        /// Ids to delete.
        #[arg(required = true)]
        ids: Vec<String>,
    },
    /// Print counts as one JSON object.
    Stats,
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.cmd {
        Cmd::Import { side, file, format } => {
            let format = match format {
                Some(f) => Some(
                    Format::parse(&f).with_context(|| format!("--format `{f}`: expected jsonl or csv"))?,
                ),
                None => None,
            };
            let store = open_store(&cli.data)?;
            let t = cli_import::import_file(&store, side, &file, format)?;
            println!(
                "imported {} ({} new, {} replaced), rejected {}",
                t.imported,
                t.imported - t.replaced,
                t.replaced,
                t.rejected
            );
            Ok(if t.rejected > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
        }
        Cmd::Delete { side, ids } => {
            let store = open_store(&cli.data)?;
            let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
            let gone = match side {
                Side::Jobs => store.delete::<Job>(&ids)?,
                Side::Candidates => store.delete::<Candidate>(&ids)?,
            };
            let missing: Vec<&&str> = ids.iter().filter(|i| !gone.iter().any(|g| g == **i)).collect();
            println!("deleted {}", gone.len());
            for m in &missing {
                eprintln!("not found: {m}");
            }
            Ok(if missing.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
        Cmd::Stats => {
            let store = open_store(&cli.data)?;
            let o = serde_json::json!({
                "jobs": store.count::<Job>()?,
                "candidates": store.count::<Candidate>()?,
                "generation": store.generation()?,
                "data": cli.data,
            });
            println!("{o}");
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn open_store(dir: &std::path::Path) -> Result<Store> {
    Store::open(dir).with_context(|| format!("cannot open data directory {}", dir.display()))
}
