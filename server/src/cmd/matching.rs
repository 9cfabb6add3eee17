//! `bole match` and `bole assign`: matches printed as JSON lines, and a one-to-one roster.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use bole::engine::Query;
use clap::Args;
use rayon::prelude::*;

use super::{open_engine, parse_region, parse_today, read_candidates, Ctx};

/// Arguments of `bole match`.
#[derive(Args)]
pub struct MatchArgs {
    /// JSONL file of candidate records to match without importing them.
    #[arg(long, conflicts_with_all = ["job", "candidate"])]
    pub candidates: Option<PathBuf>,
    /// A stored vacancy: print the best people for it.
    #[arg(long, conflicts_with = "candidate")]
    pub job: Option<String>,
    /// A stored person: print the best vacancies.
    #[arg(long)]
    pub candidate: Option<String>,
    /// How many matches per record.
    #[arg(long, default_value_t = 10)]
    pub top: usize,
    /// Only within this region (text such as 抚州市, or an adcode).
    #[arg(long)]
    pub region: Option<String>,
    /// Evaluate validity on this date (YYYY-MM-DD; default today).
    #[arg(long)]
    pub today: Option<String>,
}

/// `bole match`: people to vacancies (or a vacancy to people), one JSON line each.
pub fn matches(ctx: &Ctx, args: MatchArgs) -> Result<ExitCode> {
    let MatchArgs {
        candidates,
        job,
        candidate,
        top,
        region,
        today,
    } = args;
    let engine = open_engine(ctx)?;
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

/// Arguments of `bole assign`.
#[derive(Args)]
pub struct AssignArgs {
    /// JSONL file of people (otherwise stored candidates selected by --group/--region).
    #[arg(long)]
    pub candidates: Option<PathBuf>,
    /// Select stored candidates of this group (e.g. graduate).
    #[arg(long)]
    pub group: Option<String>,
    /// Select stored candidates living in / wanting this region (e.g. 抚州市).
    #[arg(long)]
    pub region: Option<String>,
    /// `stable` (no blocking pair) or `max-fit` (most placed, then most fit).
    #[arg(long, default_value = "stable")]
    pub mode: String,
    /// Backups per person.
    #[arg(long, default_value_t = 3)]
    pub backups: usize,
    /// Edges (feasible vacancies) per person.
    #[arg(long, default_value_t = 20)]
    pub k: usize,
    /// Roster CSV (UTF-8 with BOM).
    #[arg(long)]
    pub out: PathBuf,
    /// Roster JSON.
    #[arg(long)]
    pub json: Option<PathBuf>,
    /// Evaluate validity on this date (YYYY-MM-DD; default today).
    #[arg(long)]
    pub today: Option<String>,
    /// Turn off the 托底 floor (people of the policy's floor groups placed first, with
    /// 公益性岗位 as the fallback).
    #[arg(long)]
    pub no_floor: bool,
}

/// `bole assign`: one-to-one assignment; writes the roster.
pub fn assign(ctx: &Ctx, args: AssignArgs) -> Result<ExitCode> {
    let AssignArgs {
        candidates,
        group,
        region,
        mode,
        backups,
        k,
        out,
        json,
        today,
        no_floor,
    } = args;
    let mode = match mode.as_str() {
        "stable" => bole::assign::Mode::Stable,
        "max-fit" | "max_fit" | "maxfit" => bole::assign::Mode::MaxFit,
        m => anyhow::bail!("--mode `{m}`: expected stable or max-fit"),
    };
    let engine = open_engine(ctx)?;
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
        floor: !no_floor,
        ..Default::default()
    };
    let progress = |d: usize, t: usize| {
        if std::io::stderr().is_terminal() {
            eprint!("\rmatching {d}/{t}");
        }
    };
    let roster = bole::roster::run(&engine, &people, &opts, &progress)?;
    let f =
        std::fs::File::create(&out).with_context(|| format!("cannot write {}", out.display()))?;
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
    let f = &s.floor;
    if f.enabled {
        println!(
            "托底: {}/{} placed ({} by the floor, {} on a 公益性岗位 fallback), {} others gave way, {} with no vacancy in their circle, {} crowded out by other floor people",
            f.placed, f.people, f.placed_by_floor, f.placed_by_fallback, f.displaced, f.none_in_circle, f.places_taken_by_floor
        );
    }
    Ok(if bad > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
