//! `bole eval`: ranking quality on the labelled dev set.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use bole::store::Store;
use bole::{Candidate, Job};
use clap::Args;

use super::{open_engine_at, parse_lines, parse_today, Ctx};

const DEV_JOBS: &str = include_str!("../../../corpus/devset/jobs.jsonl");
const DEV_PEOPLE: &str = include_str!("../../../corpus/devset/people.jsonl");
const DEV_JUDGMENTS: &str = include_str!("../../../corpus/devset/judgments.tsv");

/// Arguments of `bole eval`.
#[derive(Args)]
pub struct EvalArgs {
    /// Dev set folder with jobs.jsonl, people.jsonl, judgments.tsv (default: the bundled one).
    #[arg(long)]
    pub dev: Option<PathBuf>,
    /// Evaluate validity on this date (default 2026-11-21, the date the set was judged).
    #[arg(long, default_value = "2026-11-21")]
    pub today: String,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// `bole eval`: nDCG@10, Recall@100 and MRR per group, the full ranker beside BM25 alone.
pub fn eval(ctx: &Ctx, args: EvalArgs) -> Result<ExitCode> {
    let EvalArgs { dev, today, json } = args;
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
    let dir = ctx.data.join("eval");
    let _ = std::fs::remove_dir_all(&dir);
    Store::open(&dir)?.put(&jobs)?;
    let engine = open_engine_at(ctx, &dir)?;
    let report = bole::eval::evaluate(&engine, &people, &judgments, parse_today(&Some(today))?)?;
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
