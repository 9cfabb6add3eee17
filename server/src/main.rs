//! `bole` — the command line and HTTP server of the bole matching engine.

mod cli_import;
mod http;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use bole::engine::{Engine, Query};
use bole::import::Format;
use bole::store::Store;
use bole::{Candidate, Job};
use clap::{Parser, Subcommand};
use rayon::prelude::*;

use cli_import::Side;

// The server allocates many small, short-lived objects per request (query terms, postings
// cursors, match lists): under glibc malloc they cost about a sixth of the CPU of the
// candidate → jobs call (perf, benches/README); mimalloc's thread-local free lists cost less.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "bole",
    version,
    about = "伯乐 — job–candidate matching for public employment services"
)]
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
    /// Serve the HTTP API (write keys from BOLE_API_KEYS, comma-separated, or --config).
    Serve {
        /// Address to listen on (port 0 picks a free port; the address is printed).
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
        /// Optional TOML file: api_keys = [..], open_reads, body_limit_mb, timeout_secs,
        /// profile_cache.
        #[arg(long)]
        config: Option<PathBuf>,
    },
    /// Match people to vacancies (or a vacancy to people) and print JSON lines.
    Match {
        /// JSONL file of candidate records to match without importing them.
        #[arg(long, conflicts_with_all = ["job", "candidate"])]
        candidates: Option<PathBuf>,
        /// A stored vacancy: print the best people for it.
        #[arg(long, conflicts_with = "candidate")]
        job: Option<String>,
        /// A stored person: print the best vacancies.
        #[arg(long)]
        candidate: Option<String>,
        /// How many matches per record.
        #[arg(long, default_value_t = 10)]
        top: usize,
        /// Only within this region (text such as 抚州市, or an adcode).
        #[arg(long)]
        region: Option<String>,
        /// Evaluate validity on this date (YYYY-MM-DD; default today).
        #[arg(long)]
        today: Option<String>,
    },
    /// One-to-one assignment of people to vacancies with headcounts; writes a roster.
    Assign {
        /// JSONL file of people (otherwise stored candidates selected by --group/--region).
        #[arg(long)]
        candidates: Option<PathBuf>,
        /// Select stored candidates of this group (e.g. graduate).
        #[arg(long)]
        group: Option<String>,
        /// Select stored candidates living in / wanting this region (e.g. 抚州市).
        #[arg(long)]
        region: Option<String>,
        /// `stable` (no blocking pair) or `max-fit` (most placed, then most fit).
        #[arg(long, default_value = "stable")]
        mode: String,
        /// Backups per person.
        #[arg(long, default_value_t = 3)]
        backups: usize,
        /// Edges (feasible vacancies) per person.
        #[arg(long, default_value_t = 20)]
        k: usize,
        /// Roster CSV (UTF-8 with BOM).
        #[arg(long)]
        out: PathBuf,
        /// Roster JSON.
        #[arg(long)]
        json: Option<PathBuf>,
        /// Evaluate validity on this date (YYYY-MM-DD; default today).
        #[arg(long)]
        today: Option<String>,
    },
    /// List postings with discriminatory conditions (sex, ethnicity, 户籍, age, marital status).
    Flags,
    /// Rebuild every index from the store.
    Reindex,
    /// Measure ranking quality on the labelled dev set: nDCG@10, Recall@100, MRR per group,
    /// the full ranker and BM25 alone in the same run. Uses a fresh data directory under --data.
    Eval {
        /// Dev set folder with jobs.jsonl, people.jsonl, judgments.tsv (default: the bundled one).
        #[arg(long)]
        dev: Option<PathBuf>,
        /// Evaluate validity on this date (default 2026-11-21, the date the set was judged).
        #[arg(long, default_value = "2026-11-21")]
        today: String,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Import the bundled fixture into the data directory and show matches for a few people.
    Demo {
        /// How many people to show.
        #[arg(long, default_value_t = 3)]
        people: usize,
    },
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
                    Format::parse(&f)
                        .with_context(|| format!("--format `{f}`: expected jsonl or csv"))?,
                ),
                None => None,
            };
            let r = cli_import::import_file(&cli.data, side, &file, format)?;
            println!(
                "received {}, stored {} ({} new, {} replaced), rejected {}",
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
        Cmd::Delete { side, ids } => {
            let store = open_store(&cli.data)?;
            let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
            let gone = match side {
                Side::Jobs => store.delete::<Job>(&ids)?,
                Side::Candidates => store.delete::<Candidate>(&ids)?,
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
        Cmd::Match {
            candidates,
            job,
            candidate,
            top,
            region,
            today,
        } => {
            let engine = open_engine(&cli.data)?;
            let q = Query {
                top,
                region: parse_region(&region)?,
                today: parse_today(&today)?,
                ..Default::default()
            };
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            if let Some(path) = candidates {
                let (people, bad) = read_candidates(&path)?;
                let lines: Vec<Result<String>> = people
                    .par_iter()
                    .map(|c| {
                        let m = engine.jobs_for(c, &q)?;
                        Ok(serde_json::json!({"candidate_id": c.id, "matches": m}).to_string())
                    })
                    .collect();
                for l in lines {
                    writeln!(out, "{}", l?)?;
                }
                out.flush()?;
                return Ok(if bad > 0 {
                    ExitCode::from(1)
                } else {
                    ExitCode::SUCCESS
                });
            }
            if let Some(id) = job {
                let e = engine.job(&id)?;
                let m = engine.candidates_for(&e.job, &q)?;
                writeln!(out, "{}", serde_json::json!({"job_id": id, "matches": m}))?;
            } else if let Some(id) = candidate {
                let m = engine.jobs_for_id(&id, &q)?;
                writeln!(
                    out,
                    "{}",
                    serde_json::json!({"candidate_id": id, "matches": m})
                )?;
            } else {
                anyhow::bail!("say what to match: --candidates FILE, --job ID or --candidate ID");
            }
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Assign {
            candidates,
            group,
            region,
            mode,
            backups,
            k,
            out,
            json,
            today,
        } => {
            let mode = match mode.as_str() {
                "stable" => bole::assign::Mode::Stable,
                "max-fit" | "max_fit" | "maxfit" => bole::assign::Mode::MaxFit,
                m => anyhow::bail!("--mode `{m}`: expected stable or max-fit"),
            };
            let engine = open_engine(&cli.data)?;
            let (people, bad) = match candidates {
                Some(p) => read_candidates(&p)?,
                None => {
                    let g = match &group {
                        Some(g) => Some(
                            bole::Group::parse(g)
                                .with_context(|| format!("--group `{g}`: unknown group"))?,
                        ),
                        None => None,
                    };
                    let r = parse_region(&region)?;
                    (bole::roster::stored_people(&engine, g, r)?, 0)
                }
            };
            let opts = bole::roster::Options {
                mode,
                k,
                backups,
                today: parse_today(&today)?,
                ..Default::default()
            };
            let progress = |d: usize, t: usize| {
                if std::io::stderr().is_terminal() {
                    eprint!("\rmatching {d}/{t}");
                }
            };
            let roster = bole::roster::run(&engine, &people, &opts, &progress)?;
            let f = std::fs::File::create(&out)
                .with_context(|| format!("cannot write {}", out.display()))?;
            roster.write_csv(std::io::BufWriter::new(f))?;
            if let Some(j) = json {
                std::fs::write(&j, serde_json::to_vec_pretty(&roster)?)
                    .with_context(|| format!("cannot write {}", j.display()))?;
            }
            let s = &roster.summary;
            println!(
                "mode {}: placed {}/{} ({:.1}%), total fit {:.3}, blocking pairs {}, places filled {}/{}, people with no option {}",
                s.mode, s.placed, s.people, 100.0 * s.placed_share, s.total_fit, s.blocking_pairs, s.places_filled, s.places, s.no_option
            );
            Ok(if bad > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Cmd::Eval { dev, today, json } => {
            let (jobs_t, people_t, judg_t) = match &dev {
                Some(d) => (
                    std::fs::read_to_string(d.join("jobs.jsonl"))?,
                    std::fs::read_to_string(d.join("people.jsonl"))?,
                    std::fs::read_to_string(d.join("judgments.tsv"))?,
                ),
                None => (
                    DEV_JOBS.to_string(),
                    DEV_PEOPLE.to_string(),
                    DEV_JUDGMENTS.to_string(),
                ),
            };
            let jobs: Vec<Job> = parse_lines(&jobs_t)
                .into_iter()
                .map(bole::model::job_from_json)
                .collect::<Result<_, _>>()?;
            let people: Vec<Candidate> = parse_lines(&people_t)
                .into_iter()
                .map(bole::model::candidate_from_json)
                .collect::<Result<_, _>>()?;
            let judgments = bole::eval::parse_judgments(&judg_t)?;
            let dir = cli.data.join("eval");
            let _ = std::fs::remove_dir_all(&dir);
            Store::open(&dir)?.put(&jobs)?;
            let engine = open_engine(&dir)?;
            let report =
                bole::eval::evaluate(&engine, &people, &judgments, parse_today(&Some(today))?)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&report)?);
            } else {
                println!(
                    "{:<24} {:>6} | {:>8} {:>8} {:>8} | {:>8} {:>8} {:>8}",
                    "group", "people", "nDCG@10", "R@100", "MRR", "bm25 nDCG", "R@100", "MRR"
                );
                for (g, (a, b)) in &report.groups {
                    println!(
                        "{:<24} {:>6} | {:>8.3} {:>8.3} {:>8.3} | {:>8.3} {:>8.3} {:>8.3}",
                        g, a.people, a.ndcg10, a.recall100, a.mrr, b.ndcg10, b.recall100, b.mrr
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Flags => {
            let engine = open_engine(&cli.data)?;
            let mut entries = engine.job_entries();
            entries.sort_by(|a, b| a.job.id.cmp(&b.job.id));
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            let mut n = 0;
            for e in entries {
                let f = bole::rank::flags::detect(&e.job);
                if !f.is_empty() {
                    n += 1;
                    writeln!(
                        out,
                        "{}",
                        serde_json::json!({"job_id": e.job.id, "title": e.job.title, "employer": e.job.employer, "flags": f})
                    )?;
                }
            }
            out.flush()?;
            eprintln!("{n} flagged postings");
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Reindex => {
            let t = std::time::Instant::now();
            // Without its meta file the index is stale, so opening rebuilds it once (opening
            // and then calling rebuild would build a missing index twice).
            let meta = cli.data.join("index").join("meta.json");
            if meta.exists() {
                std::fs::remove_file(&meta)?;
            }
            let engine = open_engine(&cli.data)?;
            println!(
                "reindexed {} jobs and {} candidates in {:.1}s",
                engine.store().count::<Job>()?,
                engine.store().count::<Candidate>()?,
                t.elapsed().as_secs_f64()
            );
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Demo { people } => {
            let store = open_store(&cli.data)?;
            let jobs: Vec<Job> = bole_corpus::FIXTURE_JOBS
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(bole::model::job_from_json)
                .collect::<Result<_, _>>()?;
            let cands: Vec<Candidate> = bole_corpus::FIXTURE_CANDIDATES
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(bole::model::candidate_from_json)
                .collect::<Result<_, _>>()?;
            store.put(&jobs)?;
            store.put(&cands)?;
            drop(store);
            let engine = open_engine(&cli.data)?;
            println!(
                "bole demo: {} vacancies and {} job seekers from the bundled fixture in {}",
                jobs.len(),
                cands.len(),
                cli.data.display()
            );
            let q = Query {
                top: 3,
                ..Default::default()
            };
            // One person of each of a few groups, so the demo shows the policy at work.
            let mut shown: Vec<&Candidate> = Vec::new();
            for g in [
                bole::Group::Graduate,
                bole::Group::MigrantWorker,
                bole::Group::HardToEmploy,
                bole::Group::Disabled,
                bole::Group::Veteran,
            ] {
                if let Some(c) = cands
                    .iter()
                    .find(|c| c.groups.contains(&g) && !shown.iter().any(|s| s.id == c.id))
                {
                    shown.push(c);
                }
            }
            for c in shown.into_iter().take(people) {
                let groups: Vec<&str> = c.groups.iter().map(|g| g.label()).collect();
                println!(
                    "\n求职者 {}（{}）{}",
                    c.id,
                    groups.join("、"),
                    c.summary.as_deref().unwrap_or("")
                );
                for m in engine.jobs_for(c, &q)? {
                    let e = engine.job(&m.job_id)?;
                    println!(
                        "  {:.3}  {}  {}  — {}",
                        m.score,
                        e.job.title,
                        e.job.employer.as_deref().unwrap_or(""),
                        m.reasons.join("；")
                    );
                }
            }
            println!(
                "\nnext: bole --data {} serve --addr 127.0.0.1:8080",
                cli.data.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Serve { addr, config } => {
            http::run(&cli.data, addr, config.as_deref())?;
            Ok(ExitCode::SUCCESS)
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

const DEV_JOBS: &str = include_str!("../../corpus/devset/jobs.jsonl");
const DEV_PEOPLE: &str = include_str!("../../corpus/devset/people.jsonl");
const DEV_JUDGMENTS: &str = include_str!("../../corpus/devset/judgments.tsv");

fn parse_lines(t: &str) -> Vec<&str> {
    t.lines().filter(|l| !l.trim().is_empty()).collect()
}

fn parse_today(t: &Option<String>) -> Result<i64> {
    match t {
        Some(d) => bole::model::parse_date(d)
            .with_context(|| format!("--today `{d}`: expected YYYY-MM-DD")),
        None => Ok(bole::model::today()),
    }
}

fn parse_region(r: &Option<String>) -> Result<Option<u32>> {
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

fn open_engine(dir: &std::path::Path) -> Result<Engine> {
    Engine::open(dir).with_context(|| format!("cannot open data directory {}", dir.display()))
}

/// People from a JSON Lines file, read (not stored) by the one reader; rejections to stderr.
fn read_candidates(path: &std::path::Path) -> Result<(Vec<Candidate>, usize)> {
    let f = std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let (people, report) = bole::import::read_all::<Candidate, _>(f, Format::Jsonl, None)?;
    for r in &report.rejected {
        eprintln!("rejected {r}");
    }
    let people = people.into_iter().map(|(_, c)| c).collect();
    Ok((people, report.rejected.len()))
}

fn open_store(dir: &std::path::Path) -> Result<Store> {
    Store::open(dir).with_context(|| format!("cannot open data directory {}", dir.display()))
}
