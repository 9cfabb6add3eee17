//! The commands of `bole`, one function each; `run` dispatches.

mod eval;
mod index;
mod market;
mod matching;
mod occupations;
mod records;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use bole::engine::Engine;
use bole::rank::Policy;
use bole::store::Store;
use bole::Candidate;
use clap::Subcommand;

pub use eval::EvalArgs;
pub use index::DemoArgs;
pub use market::MarketArgs;
pub use matching::{AssignArgs, MatchArgs};
pub use occupations::OccupationsArgs;
pub use records::{DeleteArgs, ImportArgs};

/// What every command may use: the data directory and the policy file.
pub struct Ctx {
    /// Data directory (records and indexes).
    pub data: PathBuf,
    /// A ranking policy file instead of the built-in policy.
    pub policy: Option<PathBuf>,
}

#[derive(Subcommand)]
pub enum Cmd {
    /// Import records from a JSONL file (or, for jobs, a platform-export CSV).
    Import(ImportArgs),
    /// Delete records by id (a withdrawn vacancy, a person who found work).
    Delete(DeleteArgs),
    /// Print counts as one JSON object.
    Stats,
    /// Serve the HTTP API (write keys from BOLE_API_KEYS, comma-separated, or --config).
    Serve {
        /// Address to listen on (port 0 picks a free port; the address is printed).
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
        /// Optional TOML file: api_keys = [..], open_reads, body_limit_mb, timeout_secs,
        /// profile_cache, policy.
        #[arg(long)]
        config: Option<PathBuf>,
    },
    /// Match people to vacancies (or a vacancy to people) and print JSON lines.
    Match(MatchArgs),
    /// One-to-one assignment of people to vacancies with headcounts; writes a roster.
    Assign(AssignArgs),
    /// List postings for a caseworker's review: discriminatory conditions (sex, ethnicity, 户籍,
    /// age, marital status) or, with `--kind risk`, recruitment-trap risks (fees, trap phrases,
    /// pay anomalies), one JSON line per posting with each phrase found.
    Flags(index::FlagsArgs),
    /// Rebuild every index from the store.
    Reindex,
    /// Code every vacancy and person to the 2022 occupation classification and report coverage:
    /// records coded at each depth (大类 → 细类), uncoded ones, the most frequent uncoded titles
    /// and codes.
    Occupations(OccupationsArgs),
    /// Measure ranking quality on the labelled dev set: nDCG@10, Recall@100, MRR per group,
    /// the full ranker and BM25 alone in the same run. Uses a fresh data directory under --data.
    Eval(EvalArgs),
    /// Import the bundled fixture into the data directory and show matches for a few people.
    Demo(DemoArgs),
    /// The labour-market map (人力资源地图) of a region: open places, seekers and the seekers who
    /// could really take them, per area × occupation; shortage and surplus lists.
    Market(MarketArgs),
}

/// Run one command.
pub fn run(ctx: &Ctx, cmd: Cmd) -> Result<ExitCode> {
    // Commands that only read must not create a data directory from a typo.
    if matches!(
        cmd,
        Cmd::Stats
            | Cmd::Match(_)
            | Cmd::Assign(_)
            | Cmd::Flags(_)
            | Cmd::Delete(_)
            | Cmd::Market(_)
            | Cmd::Occupations(_)
    ) && !ctx.data.is_dir()
    {
        anyhow::bail!(
            "data directory {} does not exist (check --data; `bole import` or `bole serve` creates it)",
            ctx.data.display()
        );
    }
    match cmd {
        Cmd::Import(a) => records::import(ctx, a),
        Cmd::Delete(a) => records::delete(ctx, a),
        Cmd::Stats => records::stats(ctx),
        Cmd::Serve { addr, config } => {
            crate::http::run(&ctx.data, addr, config.as_deref(), ctx.policy.as_deref())?;
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Match(a) => matching::matches(ctx, a),
        Cmd::Assign(a) => matching::assign(ctx, a),
        Cmd::Flags(a) => index::flags(ctx, a),
        Cmd::Reindex => index::reindex(ctx),
        Cmd::Occupations(a) => occupations::occupations(ctx, a),
        Cmd::Eval(a) => eval::eval(ctx, a),
        Cmd::Demo(a) => index::demo(ctx, a),
        Cmd::Market(a) => market::market(ctx, a),
    }
}

pub(crate) fn parse_lines(t: &str) -> Vec<&str> {
    t.lines().filter(|l| !l.trim().is_empty()).collect()
}

pub(crate) fn parse_today(t: &Option<String>) -> Result<i64> {
    match t {
        Some(d) => bole::model::parse_date(d)
            .with_context(|| format!("--today `{d}`: expected YYYY-MM-DD")),
        None => Ok(bole::model::today()),
    }
}

pub(crate) fn parse_region(r: &Option<String>) -> Result<Option<u32>> {
    match r {
        None => Ok(None),
        Some(t) => {
            if let Ok(code) = t.parse::<u32>() {
                if bole::text::region::by_adcode(code).is_some() {
                    return Ok(Some(code));
                }
            }
            let p = bole::text::region::resolve(t)
                .with_context(|| format!("--region `{t}`: unknown place"))?;
            Ok(Some(p.adcode))
        }
    }
}

/// The engine on the data directory, with the `--policy` file's policy when one is given.
pub(crate) fn open_engine(ctx: &Ctx) -> Result<Engine> {
    open_engine_at(ctx, &ctx.data)
}

/// The engine on another directory (eval's scratch one), with the `--policy` file's policy.
pub(crate) fn open_engine_at(ctx: &Ctx, dir: &Path) -> Result<Engine> {
    let policy = match &ctx.policy {
        Some(p) => load_policy(p)?,
        None => Policy::default(),
    };
    Engine::open_with(dir, policy).map_err(|e| held(dir, e))
}

/// The running `bole serve` that holds the store of `dir`, as `(pid, addr)` from its
/// `serve.json`, when opening the store failed because another process holds it.
pub(crate) fn server_holding(dir: &Path, e: &bole::Error) -> Option<(u64, String)> {
    if !e.to_string().contains("already open") {
        return None;
    }
    let text = std::fs::read_to_string(dir.join(crate::http::SERVE_FILE)).ok()?;
    let v: serde_json::Value = serde_json::from_str(&text).ok()?;
    Some((v["pid"].as_u64()?, v["addr"].as_str()?.to_string()))
}

/// An open failure, saying which server holds the store and what to do when that is the cause.
fn held(dir: &Path, e: bole::Error) -> anyhow::Error {
    match server_holding(dir, &e) {
        Some((pid, addr)) => anyhow::anyhow!(
            "`bole serve` (pid {pid}) is running on {} at http://{addr} and holds its store. \
             Ask the server instead (e.g. curl http://{addr}/v1/jobs/ID/matches; `bole stats` \
             answers through it), or stop it (SIGTERM) and run this command again",
            dir.display()
        ),
        None => {
            anyhow::Error::new(e).context(format!("cannot open data directory {}", dir.display()))
        }
    }
}

/// A ranking policy file (the shape of `engine/data/policy.toml`), checked on load: an unknown or
/// invalid key is refused with its name.
pub fn load_policy(path: &Path) -> Result<Policy> {
    Policy::from_file(path).with_context(|| format!("policy file {}", path.display()))
}

/// People from a JSON Lines file, read (not stored) by the one reader; rejections to stderr.
pub(crate) fn read_candidates(path: &std::path::Path) -> Result<(Vec<Candidate>, usize)> {
    let f = std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let (people, report) =
        bole::import::read_all::<Candidate, _>(f, bole::import::Format::Jsonl, None)?;
    for r in &report.rejected {
        eprintln!("rejected {r}");
    }
    let people = people.into_iter().map(|(_, c)| c).collect();
    Ok((people, report.rejected.len()))
}

pub(crate) fn open_store(dir: &std::path::Path) -> Result<Store> {
    Store::open(dir).map_err(|e| held(dir, e))
}
