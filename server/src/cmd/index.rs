//! `bole flags`, `bole reindex` and `bole demo`: looking at and rebuilding what is stored.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use bole::engine::Query;
use bole::{Candidate, Job};
use clap::Args;

use super::{open_engine, open_store, Ctx};

/// `bole flags`: postings with discriminatory conditions.
/// What `bole flags` lists.
#[derive(clap::Args, Debug)]
pub struct FlagsArgs {
    /// `discrimination` (the default), `risk` (recruitment traps) or `all`.
    #[arg(long, default_value = "discrimination", value_parser = ["discrimination", "risk", "all"])]
    kind: String,
    /// With risks: the lowest severity listed (`low`, `medium`, `high`).
    #[arg(long, default_value = "low", value_parser = ["low", "medium", "high"])]
    min_severity: String,
}

pub fn flags(ctx: &Ctx, a: FlagsArgs) -> Result<ExitCode> {
    use bole::screen::Severity;
    let min = match a.min_severity.as_str() {
        "high" => Severity::High,
        "medium" => Severity::Medium,
        _ => Severity::Low,
    };
    let (discrimination, risk) = (a.kind != "risk", a.kind != "discrimination");
    let engine = open_engine(ctx)?;
    let mut entries = engine.job_entries();
    entries.sort_by(|a, b| a.job.id.cmp(&b.job.id));
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut n = 0;
    for e in entries {
        let f = if discrimination {
            bole::rank::flags::detect(&e.job)
        } else {
            Vec::new()
        };
        let r: Vec<_> = if risk {
            bole::screen::screen(&e.job)
                .into_iter()
                .filter(|r| r.severity >= min)
                .collect()
        } else {
            Vec::new()
        };
        if f.is_empty() && r.is_empty() {
            continue;
        }
        n += 1;
        let mut line = serde_json::json!({"job_id": e.job.id, "title": e.job.title, "employer": e.job.employer});
        if discrimination {
            line["flags"] = serde_json::json!(f);
        }
        if risk {
            line["severity"] = serde_json::json!(bole::screen::worst(&r));
            line["risks"] = serde_json::json!(r);
        }
        writeln!(out, "{line}")?;
    }
    out.flush()?;
    eprintln!("{n} flagged postings");
    Ok(ExitCode::SUCCESS)
}

/// `bole reindex`: every index rebuilt from the store.
pub fn reindex(ctx: &Ctx) -> Result<ExitCode> {
    let t = std::time::Instant::now();
    // Without its meta file the index is stale, so opening rebuilds it once (opening
    // and then calling rebuild would build a missing index twice).
    let meta = ctx.data.join("index").join("meta.json");
    if meta.exists() {
        std::fs::remove_file(&meta)?;
    }
    let engine = open_engine(ctx)?;
    println!(
        "reindexed {} jobs and {} candidates in {:.1}s",
        engine.store().count::<Job>()?,
        engine.store().count::<Candidate>()?,
        t.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

/// Arguments of `bole demo`.
#[derive(Args)]
pub struct DemoArgs {
    /// How many people to show.
    #[arg(long, default_value_t = 3)]
    pub people: usize,
}

/// `bole demo`: the bundled fixture imported, and matches for a few people.
pub fn demo(ctx: &Ctx, args: DemoArgs) -> Result<ExitCode> {
    let DemoArgs { people } = args;
    let store = open_store(&ctx.data)?;
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
    let engine = open_engine(ctx)?;
    println!(
        "bole demo: {} vacancies and {} job seekers from the bundled fixture in {}",
        jobs.len(),
        cands.len(),
        ctx.data.display()
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
        ctx.data.display()
    );
    Ok(ExitCode::SUCCESS)
}
