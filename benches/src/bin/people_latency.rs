//! Vacancy → top-10 people over a large stored population (e.g. 1M synthetic candidates),
//! single-threaded: p50/p99 wall time of the whole call (retrieval, profiles,
//! ranking) on a first pass (people's profiles mostly derived afresh) and a second pass (cached),
//! next to a title-only full-text search in the same run.
//!
//! usage: cargo run --release -p bole-benches --bin people_latency -- DATA_DIR [N_QUERIES]
//! DATA_DIR is a bole data directory (build one with `bole-gen` + `bole import`; the first open
//! builds the indexes). Queries are stored vacancies taken at a fixed stride, so runs repeat.

use std::time::Instant;

use bole::engine::Query;
use bole::Engine;

fn main() {
    bole_benches::on_one_thread(run);
}

fn run() {
    let args: Vec<String> = std::env::args().collect();
    let dir = args.get(1).expect("usage: people_latency DATA_DIR [N]");
    let n: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(300);
    let t = Instant::now();
    let engine = Engine::open(std::path::Path::new(dir)).expect("open data directory");
    let people = engine.store().count::<bole::Candidate>().unwrap();
    println!(
        "opened {} vacancies, {people} people in {:.1}s",
        engine.store().count::<bole::Job>().unwrap(),
        t.elapsed().as_secs_f64()
    );
    let mut entries = engine.job_entries();
    entries.sort_by(|a, b| a.job.id.cmp(&b.job.id));
    let step = (entries.len() / n).max(1);
    let jobs: Vec<bole::Job> = entries
        .iter()
        .step_by(step)
        .take(n)
        .map(|e| e.job.clone())
        .collect();
    let today = jobs
        .iter()
        .filter_map(|j| j.posted_at.as_deref().and_then(bole::model::parse_date))
        .max()
        .unwrap_or_else(bole::model::today);
    let q = Query {
        top: 10,
        today,
        ..Default::default()
    };
    for j in jobs.iter().take(10) {
        engine.candidates_for(j, &q).unwrap();
    }
    let (mut wall, mut ft) = (Vec::new(), Vec::new());
    let mut found = 0;
    for j in &jobs {
        let t = Instant::now();
        let m = engine.candidates_for(j, &q).unwrap();
        wall.push(t.elapsed().as_secs_f64() * 1e3);
        found += m.len();
        let t = Instant::now();
        let h = engine.search_candidates(&j.title, &q).unwrap();
        ft.push(t.elapsed().as_secs_f64() * 1e3);
        std::hint::black_box(h);
    }
    assert!(found > 0, "no vacancy found anyone");
    // The same vacancies again: people's profiles are now in the engine's cache, as they are on a
    // server that keeps matching the same local population.
    let mut warm_wall = Vec::new();
    for j in &jobs {
        let t = Instant::now();
        engine.candidates_for(j, &q).unwrap();
        warm_wall.push(t.elapsed().as_secs_f64() * 1e3);
    }
    let (w50, w99) = (
        bole_benches::pct(&mut wall, 0.5),
        bole_benches::pct(&mut wall, 0.99),
    );
    let (f50, f99) = (
        bole_benches::pct(&mut ft, 0.5),
        bole_benches::pct(&mut ft, 0.99),
    );
    println!(
        "queries {}  people {people}  load {}",
        jobs.len(),
        std::fs::read_to_string("/proc/loadavg")
            .unwrap_or_default()
            .trim()
    );
    println!("job → top 10 people (full-text ∪ vectors → profiles → ranker): p50 {w50:.2} ms  p99 {w99:.2} ms");
    let (w50, w99) = (
        bole_benches::pct(&mut warm_wall, 0.5),
        bole_benches::pct(&mut warm_wall, 0.99),
    );
    println!(
        "second pass over the same vacancies (profiles cached): p50 {w50:.2} ms  p99 {w99:.2} ms"
    );
    println!(
        "title-only full-text search over people (baseline): p50 {f50:.2} ms  p99 {f99:.2} ms"
    );
}
