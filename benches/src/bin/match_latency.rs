//! Candidate → top-10 jobs over the real postings, single-threaded: p50/p99 of the whole call and
//! of the BM25-only baseline in the same run (the ranker's added share), plus index build time.
//!
//! usage: cargo run --release -p bole-benches --bin match_latency -- \
//!            ../shared/data/cn_jobs_jobhunting/jobs.csv [N_QUERIES]
//! Set `BOLE_BENCH_DIR=DIR` to keep the data directory and reuse it in later runs (the import and
//! index build are then skipped). Wall-clock percentiles: run it on a quiet machine.
//! Queries are whole profiles made from postings (title as desired title, city as desired
//! region, two skill tags, the first sentence of the description), seeded and deterministic.

use std::time::Instant;

use bole::engine::Query;
use bole::{Candidate, Engine, Job};

fn main() {
    bole_benches::on_one_thread(run);
}

fn run() {
    let args: Vec<String> = std::env::args().collect();
    let path = args
        .get(1)
        .cloned()
        .unwrap_or_else(|| "../shared/data/cn_jobs_jobhunting/jobs.csv".into());
    let n: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(500);
    let tmp = tempfile::tempdir().expect("tempdir");
    let keep = std::env::var_os("BOLE_BENCH_DIR").map(std::path::PathBuf::from);
    let dir_path = keep.clone().unwrap_or_else(|| tmp.path().to_path_buf());
    let t = Instant::now();
    let file = std::fs::File::open(&path).expect("postings CSV");
    let (read, _) = bole::import::read_all::<Job, _>(file, bole::import::Format::Csv, None)
        .expect("csv header");
    let jobs: Vec<Job> = read.into_iter().map(|(_, j)| j).collect();
    let store = bole::store::Store::open(&dir_path).unwrap();
    if store.count::<Job>().unwrap() == 0 {
        for chunk in jobs.chunks(5000) {
            store.put(chunk).unwrap();
        }
    }
    drop(store);
    let import_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let engine = Engine::open(dir_path.as_path()).unwrap();
    let build_s = t.elapsed().as_secs_f64();
    let size: u64 = walk(&dir_path.as_path().join("index"));
    println!("postings {}  import {:.1}s  index build (profiles, embedder, BM25, HNSW) {:.1}s  index size {:.1} MiB", jobs.len(), import_s, build_s, size as f64 / 1048576.0);

    let people = people_of(&jobs, n);
    let q = Query {
        top: 10,
        today: bole::model::parse_date("2025-01-01").unwrap(),
        ..Default::default()
    };
    // Warm up caches once, then interleave the two systems per query.
    for c in people.iter().take(20) {
        assert!(engine.jobs_for(c, &q).is_ok());
    }
    let (mut full, mut bm25) = (Vec::new(), Vec::new());
    let mut hits = 0usize;
    for c in &people {
        let t = Instant::now();
        let m = engine.jobs_for(c, &q).unwrap();
        full.push(t.elapsed().as_secs_f64() * 1e3);
        hits += m.len();
        let t = Instant::now();
        let b = engine.bm25_jobs_for(c, &q).unwrap();
        bm25.push(t.elapsed().as_secs_f64() * 1e3);
        assert!(b.len() <= 10);
    }
    assert!(hits > 0, "no query returned anything");
    let (f50, f99) = (
        bole_benches::pct(&mut full, 0.5),
        bole_benches::pct(&mut full, 0.99),
    );
    let (b50, b99) = (
        bole_benches::pct(&mut bm25, 0.5),
        bole_benches::pct(&mut bm25, 0.99),
    );
    // A shallower pool for the ranker: latency and how many of the default top 10 it keeps.
    for depth in [150usize, 100] {
        let qd = Query { depth, ..q.clone() };
        let mut lat = Vec::new();
        let (mut kept, mut total) = (0usize, 0usize);
        for c in &people {
            let reference: Vec<String> = engine
                .jobs_for(c, &q)
                .unwrap()
                .into_iter()
                .map(|m| m.job_id)
                .collect();
            let t = Instant::now();
            let m = engine.jobs_for(c, &qd).unwrap();
            lat.push(t.elapsed().as_secs_f64() * 1e3);
            total += reference.len();
            kept += m.iter().filter(|x| reference.contains(&x.job_id)).count();
        }
        let (l50, l99) = (
            bole_benches::pct(&mut lat, 0.5),
            bole_benches::pct(&mut lat, 0.99),
        );
        println!(
            "depth {depth} (default {}): p50 {l50:.2} ms  p99 {l99:.2} ms  top-10 kept {:.1}%",
            bole::engine::RETRIEVE,
            100.0 * kept as f64 / total.max(1) as f64
        );
    }
    single_writes(&engine, &jobs);
    println!(
        "queries {}  load {}",
        people.len(),
        std::fs::read_to_string("/proc/loadavg")
            .unwrap_or_default()
            .trim()
    );
    println!("hybrid retrieval + ranker: p50 {f50:.2} ms  p99 {f99:.2} ms");
    println!("BM25 only (same filters):  p50 {b50:.2} ms  p99 {b99:.2} ms");
    println!(
        "share beyond BM25 (vectors, nearby, ranking) at p50: {:.0}%",
        100.0 * (f50 - b50).max(0.0) / f50
    );
}

/// A deterministic sample of `n` postings turned into job-seeker profiles.
fn people_of(jobs: &[Job], n: usize) -> Vec<Candidate> {
    let step = (jobs.len() / n).max(1);
    jobs.iter()
        .step_by(step)
        .take(n)
        .enumerate()
        .map(|(i, j)| {
            let city = j
                .location
                .as_ref()
                .and_then(|l| l.region.as_deref())
                .and_then(bole::text::region::resolve)
                .map(|p| p.name.to_string());
            let first = j
                .description
                .as_deref()
                .map(bole::text::clean)
                .map(|d| d.chars().take(60).collect::<String>())
                .unwrap_or_default();
            let v = serde_json::json!({
                "id": format!("q{i}"),
                "skills": j.skills.iter().take(2).collect::<Vec<_>>(),
                "summary": first,
                "desired": {"titles": [j.title], "regions": city.into_iter().collect::<Vec<_>>()},
            });
            bole::model::candidate_from_json(&v.to_string()).unwrap()
        })
        .collect()
}

/// Single-record writes, as an online platform sends them: the durable store commit, then the
/// index catch-up (profile, vector, full text, graph, commit), timed apart.
fn single_writes(engine: &Engine, jobs: &[Job]) {
    let (mut put_ms, mut catch_ms) = (Vec::new(), Vec::new());
    for (i, j) in jobs.iter().step_by(97).take(200).enumerate() {
        let mut j = j.clone();
        j.id = format!("bench-write-{i}");
        let t = Instant::now();
        engine.store().put(std::slice::from_ref(&j)).unwrap();
        put_ms.push(t.elapsed().as_secs_f64() * 1e3);
        let t = Instant::now();
        engine.catch_up().unwrap();
        catch_ms.push(t.elapsed().as_secs_f64() * 1e3);
    }
    let ids: Vec<String> = (0..put_ms.len())
        .map(|i| format!("bench-write-{i}"))
        .collect();
    let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    engine.delete_jobs(&refs).unwrap();
    println!(
        "single-vacancy write: store commit p50 {:.1} ms p99 {:.1} ms; index catch-up p50 {:.1} ms p99 {:.1} ms",
        bole_benches::pct(&mut put_ms, 0.5),
        bole_benches::pct(&mut put_ms, 0.99),
        bole_benches::pct(&mut catch_ms, 0.5),
        bole_benches::pct(&mut catch_ms, 0.99)
    );
}

fn walk(p: &std::path::Path) -> u64 {
    std::fs::read_dir(p)
        .map(|rd| {
            rd.flatten()
                .map(|e| {
                    let m = e.metadata().unwrap();
                    if m.is_dir() {
                        walk(&e.path())
                    } else {
                        m.len()
                    }
                })
                .sum()
        })
        .unwrap_or(0)
}
