//! End-to-end batch assignment at county-office scale: synthetic vacancies and graduates imported
//! through the engine, then edge generation through the ranker, the exact assignment (stable and
//! max-fit), the roster, and peak memory.
//!
//! ```text
//! cargo run --release -p bole-benches --bin assign_e2e -- [--people 100000] [--jobs 50000]
//!     [--k 50] [--pool 1000] [--shortlist 100] [--old-sample 500] [--agree 200] [--no-store-people] [--skip-max-fit] [--dump-instance PATH]
//! ```
//!
//! Vacancies are `bole_corpus::jobs(2026, M)` (five real cities, headcounts 1–… as the generator
//! draws them); people are the first N graduates of `bole_corpus::candidates(2026, …)`. Dates are
//! evaluated on 2026-11-21. Besides the timings it reports, on samples:
//! * the old per-person path (`Engine::jobs_for`, what `roster::run` called before) on
//!   `--old-sample` people, for the speed ratio;
//! * agreement with exhaustive ranking on `--agree` people: every feasible vacancy of the person's
//!   area scored by `rank::score`, compared with the fast path's edges (best edge equal to the best
//!   feasible score; share of the exhaustive top-K found).

use std::collections::HashSet;
use std::time::Instant;

use bole::assign::{self, Mode};
use bole::engine::{Engine, Query};
use bole::rank::{self, CandidateProfile};
use bole::roster::{Options, Snapshot};
use bole::{Candidate, Group, Job};
use rayon::prelude::*;

struct Args {
    people: usize,
    jobs: usize,
    k: usize,
    shortlist: usize,
    pool: usize,
    old_sample: usize,
    agree: usize,
    store_people: bool,
    max_fit: bool,
    dump: Option<String>,
}

fn args() -> Args {
    let mut a = Args {
        people: 100_000,
        jobs: 50_000,
        k: 50,
        shortlist: bole::roster::DEFAULT_SHORTLIST,
        pool: bole::roster::DEFAULT_POOL,
        old_sample: 500,
        agree: 200,
        store_people: true,
        max_fit: true,
        dump: None,
    };
    let v: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < v.len() {
        let num = |i: usize| -> usize {
            v.get(i + 1)
                .and_then(|x| x.parse().ok())
                .unwrap_or_else(|| panic!("{} needs a number", v[i]))
        };
        match v[i].as_str() {
            "--people" => a.people = num(i),
            "--jobs" => a.jobs = num(i),
            "--k" => a.k = num(i),
            "--shortlist" => a.shortlist = num(i),
            "--pool" => a.pool = num(i),
            "--old-sample" => a.old_sample = num(i),
            "--agree" => a.agree = num(i),
            "--no-store-people" => {
                a.store_people = false;
                i += 1;
                continue;
            }
            "--dump-instance" => {
                a.dump = Some(v.get(i + 1).expect("--dump-instance needs a path").clone());
            }
            "--skip-max-fit" => {
                a.max_fit = false;
                i += 1;
                continue;
            }
            other => panic!("unknown argument {other}"),
        }
        i += 2;
    }
    a
}

fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map(|kb| kb / 1024.0)
        .unwrap_or(f64::NAN)
}

/// The assignment instance as text, for working on the core without regenerating edges: line 1
/// `n_people n_jobs n_edges`, line 2 the capacities, line 3 the priorities, then one `person job
/// score` line per edge (the score in full `f64` precision).
fn dump_instance(path: &str, inst: &assign::Instance) -> std::io::Result<()> {
    use std::io::Write;
    let mut w = std::io::BufWriter::new(std::fs::File::create(path)?);
    writeln!(
        w,
        "{} {} {}",
        inst.n_people,
        inst.capacities.len(),
        inst.edges.len()
    )?;
    let join = |v: Vec<String>| v.join(" ");
    writeln!(
        w,
        "{}",
        join(inst.capacities.iter().map(|c| c.to_string()).collect())
    )?;
    writeln!(
        w,
        "{}",
        join(inst.priority.iter().map(|c| c.to_string()).collect())
    )?;
    for e in &inst.edges {
        writeln!(w, "{} {} {:?}", e.person, e.job, e.score)?;
    }
    w.flush()
}

/// CPU seconds used by this process so far (user + system), from /proc: comparable across runs
/// when other work shares the machine, unlike wall time.
fn cpu_secs() -> f64 {
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            let rest = &s[s.rfind(')')? + 2..];
            let f: Vec<&str> = rest.split_whitespace().collect();
            let ticks = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
            Some(ticks / 100.0)
        })
        .unwrap_or(f64::NAN)
}

fn secs(t: Instant) -> f64 {
    t.elapsed().as_secs_f64()
}

fn main() {
    let a = args();
    let seed = bole_corpus::FIXTURE_SEED;
    let today = bole::model::parse_date("2026-11-21").unwrap();
    let threads = rayon::current_num_threads();
    println!(
        "assign_e2e: {} graduates × {} vacancies, K={}, pool {}, shortlist {}, {} threads",
        a.people, a.jobs, a.k, a.pool, a.shortlist, threads
    );

    let t = Instant::now();
    let jobs: Vec<Job> = bole_corpus::jobs(seed, a.jobs).collect();
    let people: Vec<Candidate> = (0u64..)
        .map(|i| bole_corpus::candidate(seed, i))
        .filter(|c| c.groups.contains(&Group::Graduate))
        .take(a.people)
        .collect();
    let places: u64 = jobs.iter().map(|j| j.places() as u64).sum();
    println!("generate: {:.1} s ({} places)", secs(t), places);

    let dir = tempfile::tempdir().expect("temp dir");
    let t = Instant::now();
    {
        let store = bole::store::Store::open(dir.path()).expect("store");
        for chunk in jobs.chunks(10_000) {
            store.put(chunk).expect("put jobs");
        }
        if a.store_people {
            for chunk in people.chunks(10_000) {
                store.put(chunk).expect("put people");
            }
        }
    }
    drop(jobs);
    let store_s = secs(t);
    let t = Instant::now();
    let engine = Engine::open(dir.path()).expect("engine");
    println!(
        "import: store {:.1} s, index build (embedder, BM25, HNSW{}) {:.1} s",
        store_s,
        if a.store_people { ", people too" } else { "" },
        secs(t)
    );

    let opts = Options {
        mode: Mode::Stable,
        k: a.k,
        backups: 3,
        today,
        shortlist: a.shortlist,
        pool: a.pool,
        floor: false,
    };
    let t0 = Instant::now();
    let snap = Snapshot::new(&engine, today);
    let snap_s = secs(t0);
    let t = Instant::now();
    let cpu0 = cpu_secs();
    let edges = snap.edges(&engine, &people, &opts, &|_, _| {});
    let edges_s = secs(t);
    let edges_cpu = cpu_secs() - cpu0;
    let inst = snap.instance(&people, &edges);
    let n_edges = inst.edges.len();
    let no_option = edges.iter().filter(|e| e.feasible.is_empty()).count();
    println!(
        "edges: snapshot {:.2} s + generation {:.1} s ({:.0} people/s, {:.3} ms/person of CPU measured) → {} edges, {:.1} per person, {} people with no feasible vacancy",
        snap_s,
        edges_s,
        a.people as f64 / edges_s,
        edges_cpu * 1000.0 / a.people as f64,
        n_edges,
        n_edges as f64 / a.people.max(1) as f64,
        no_option
    );

    if let Some(path) = &a.dump {
        dump_instance(path, &inst).expect("write the instance");
        println!("wrote the instance to {path}");
    }
    let t = Instant::now();
    let stable = assign::stable(&inst);
    let stable_s = secs(t);
    println!(
        "core stable: {:.3} s (incl. blocking-pair count) — placed {} / {}, total fit {:.2}, blocking pairs {}",
        stable_s, stable.placed, a.people, stable.total_fit, stable.blocking_pairs
    );
    let t = Instant::now();
    let roster = snap.roster(&engine, &people, &edges, &inst, &stable, None, &opts);
    let roster_s = secs(t);
    let mut csv = Vec::new();
    roster.write_csv(&mut csv).expect("csv");
    println!(
        "roster (reasons for primary + backups, summary): {:.1} s, CSV {:.1} MiB",
        roster_s,
        csv.len() as f64 / 1048576.0
    );
    drop(csv);
    let total = snap_s + edges_s + stable_s + roster_s;
    println!(
        "END TO END (stable: snapshot + edges + core + roster): {:.1} s",
        total
    );
    if a.max_fit {
        let t = Instant::now();
        let mf = assign::max_fit(&inst);
        println!(
            "core max-fit: {:.3} s — placed {} / {}, total fit {:.2}, blocking pairs {}",
            secs(t),
            mf.placed,
            a.people,
            mf.total_fit,
            mf.blocking_pairs
        );
    }
    println!("peak RSS after assignment: {:.0} MiB", peak_rss_mib());

    old_path(&a, &people, &engine, today, edges_s);
    agreement(&a, &people, &engine, &snap, &edges, today);
    println!("peak RSS: {:.0} MiB", peak_rss_mib());
}

/// The old path: per-person hybrid retrieval and ranking, as roster::run did before.
fn old_path(a: &Args, people: &[Candidate], engine: &Engine, today: i64, edges_s: f64) {
    if let Some(step) = a.people.checked_div(a.old_sample) {
        let sample: Vec<&Candidate> = people
            .iter()
            .step_by(step.max(1))
            .take(a.old_sample)
            .collect();
        let t = Instant::now();
        let q = Query {
            top: a.k * 3,
            today,
            ..Default::default()
        };
        let n: usize = sample
            .par_iter()
            .map(|c| engine.jobs_for(c, &q).map(|r| r.len()).unwrap_or(0))
            .sum();
        let old_s = secs(t);
        let per_old = old_s / sample.len() as f64;
        let per_new = edges_s / a.people as f64;
        println!(
            "old path (Engine::jobs_for per person) on {} people: {:.2} s ({:.1} ms/person wall, {} results) — {:.0}× slower per person than the batch path; at {} people it would take ~{:.0} s",
            sample.len(),
            old_s,
            per_old * 1000.0,
            n,
            per_old / per_new,
            a.people,
            per_old * a.people as f64
        );
    }
}

/// Agreement with exhaustive ranking over every feasible vacancy of the person's area.
fn agreement(
    a: &Args,
    people: &[Candidate],
    engine: &Engine,
    snap: &Snapshot,
    edges: &[bole::roster::PersonEdges],
    today: i64,
) {
    if let Some(step) = a.people.checked_div(a.agree) {
        let t = Instant::now();
        let rows: Vec<(bool, usize, usize, f64)> = (0..a.people)
            .step_by(step.max(1))
            .take(a.agree)
            .collect::<Vec<_>>()
            .par_iter()
            .map(|&i| {
                let c = &people[i];
                let p = CandidateProfile::new(c);
                let v = engine.embed_candidate(&p);
                let ar = p.areas();
                let mut all: Vec<(u32, f64)> = snap
                    .entries
                    .iter()
                    .enumerate()
                    .filter(|(_, e)| {
                        ar.is_empty()
                            || e.profile.place.as_ref().is_some_and(|s| {
                                ar.iter()
                                    .any(|a| bole::text::region::contains(*a, s.adcode))
                            })
                    })
                    .filter_map(|(j, e)| {
                        let sem = (!v.is_empty() && !e.vector.is_empty())
                            .then(|| bole::vector::dot(&v, &e.vector));
                        let s = rank::score(&p, &e.profile, sem, None, engine.policy(), today)?;
                        (!s.features.beyond_commute && s.features.education_gap == 0)
                            .then_some((j as u32, s.score))
                    })
                    .collect();
                all.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
                all.truncate(a.k);
                let fast = &edges[i].feasible;
                let top1 = match (fast.first(), all.first()) {
                    (Some(f), Some(b)) => f.1 == b.1,
                    (None, None) => true,
                    _ => false,
                };
                let want: HashSet<u32> = all.iter().map(|x| x.0).collect();
                let found = fast.iter().filter(|x| want.contains(&x.0)).count();
                let gap = match (fast.first(), all.first()) {
                    (Some(f), Some(b)) => b.1 - f.1,
                    _ => 0.0,
                };
                (top1, found, want.len(), gap)
            })
            .collect();
        let n = rows.len();
        let top1 = rows.iter().filter(|r| r.0).count();
        let found: usize = rows.iter().map(|r| r.1).sum();
        let want: usize = rows.iter().map(|r| r.2).sum();
        let max_gap = rows.iter().map(|r| r.3).fold(0.0f64, f64::max);
        println!(
            "agreement with exhaustive ranking on {n} people ({:.1} s): best edge = best feasible score for {top1}/{n} ({:.1}%), exhaustive top-{} recall {:.1}%, largest best-score shortfall {:.4}",
            secs(t),
            100.0 * top1 as f64 / n.max(1) as f64,
            a.k,
            100.0 * found as f64 / want.max(1) as f64,
            max_gap
        );
    }
}
