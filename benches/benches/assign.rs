//! Assignment core at the scale of a large batch: 100k people × 50k jobs, 50 candidate edges per person.
//!
//! The instance is synthetic and seeded (ChaCha8, seed 20240601) so every run sees the same one:
//! * each job has a headcount uniform in 1..=4 (≈125k places for 100k people) and a "quality" in [0, 1);
//! * each person gets 50 distinct jobs uniformly at random with score `0.5·quality + 0.5·noise`, so some jobs
//!   are popular with everybody (competition) while tastes still differ;
//! * priority (托底) is 2 for 2% of people, 1 for 10%, else 0.
//!
//! Modes (environment variables), besides the normal criterion run:
//! * `BOLE_ASSIGN_ONCE=stable|max_fit` — build the instance, solve once, print timings and the objective,
//!   exit. For `/usr/bin/time -v` peak memory.
//! * `BOLE_ASSIGN_DUMP=path` (with `ONCE`) — also write the instance and the result for
//!   `benches/compare_assign.py` (line 1 `n m E placed sum_fit_units`, line 2 capacities, then `p j units`).
//! * `BOLE_ASSIGN_LOAD=path` (with `ONCE`) — solve an instance read from a file instead of the synthetic one
//!   (line 1 `n_people n_jobs n_edges`, line 2 capacities, line 3 priorities, then one `person job score` line
//!   per edge; `assign_e2e` writes this format). Checks that it has exactly `n_edges` edge lines.
//! * `BOLE_ASSIGN_PEOPLE`, `BOLE_ASSIGN_JOBS`, `BOLE_ASSIGN_K` — override the size; `BOLE_ASSIGN_QW` — the
//!   weight of job quality in the score (default 0.5; 0 gives independent scores, little competition).

use bole::assign::{fit_units, max_fit, stable, Edge, Instance, Outcome};
use criterion::Criterion;
use rand::{seq::index, Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::hint::black_box;
use std::io::{BufWriter, Write};
use std::time::{Duration, Instant};

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn instance(n: usize, m: usize, k: usize, seed: u64) -> Instance {
    let qw = std::env::var("BOLE_ASSIGN_QW")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.5f64);
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let capacities: Vec<u32> = (0..m).map(|_| rng.gen_range(1..=4)).collect();
    let quality: Vec<f64> = (0..m).map(|_| rng.gen()).collect();
    let priority: Vec<u8> = (0..n)
        .map(|_| match rng.gen_range(0..100) {
            0..=1 => 2,
            2..=11 => 1,
            _ => 0,
        })
        .collect();
    let mut edges = Vec::with_capacity(n * k.min(m));
    for p in 0..n {
        for j in index::sample(&mut rng, m, k.min(m)) {
            let score = qw * quality[j] + (1.0 - qw) * rng.gen::<f64>();
            edges.push(Edge {
                person: p as u32,
                job: j as u32,
                score,
            });
        }
    }
    Instance {
        n_people: n,
        capacities,
        edges,
        priority,
    }
}

fn size() -> (usize, usize, usize) {
    (
        env_usize("BOLE_ASSIGN_PEOPLE", 100_000),
        env_usize("BOLE_ASSIGN_JOBS", 50_000),
        env_usize("BOLE_ASSIGN_K", 50),
    )
}

fn fit_units_sum(inst: &Instance, out: &Outcome) -> i64 {
    inst.edges
        .iter()
        .filter(|e| out.primary[e.person as usize] == Some(e.job))
        .map(|e| fit_units(e.score))
        .sum()
}

/// Reads an instance in the `BOLE_ASSIGN_LOAD` format (see the module doc) and validates it.
fn load(path: &str) -> Instance {
    let text = std::fs::read_to_string(path).expect("read the instance file");
    let mut lines = text.lines();
    let mut next = || lines.next().expect("instance file ends early");
    let head: Vec<usize> = next()
        .split_whitespace()
        .map(|x| x.parse().expect("header number"))
        .collect();
    let [n, m, n_edges] = head[..] else {
        panic!("line 1 must be `n_people n_jobs n_edges`")
    };
    let capacities: Vec<u32> = next()
        .split_whitespace()
        .map(|x| x.parse().expect("capacity"))
        .collect();
    assert_eq!(capacities.len(), m, "line 2 must hold n_jobs capacities");
    let priority: Vec<u8> = next()
        .split_whitespace()
        .map(|x| x.parse().expect("priority"))
        .collect();
    assert_eq!(priority.len(), n, "line 3 must hold n_people priorities");
    let mut edges = Vec::with_capacity(n_edges);
    for line in lines {
        let mut f = line.split_whitespace();
        let mut field = || f.next().expect("edge line must be `person job score`");
        edges.push(Edge {
            person: field().parse().expect("edge person"),
            job: field().parse().expect("edge job"),
            score: field().parse().expect("edge score"),
        });
    }
    assert_eq!(edges.len(), n_edges, "edge count differs from line 1");
    let inst = Instance {
        n_people: n,
        capacities,
        edges,
        priority,
    };
    inst.validate().expect("valid instance");
    inst
}

fn once(mode: &str) {
    let t = Instant::now();
    let inst = match std::env::var("BOLE_ASSIGN_LOAD") {
        Ok(path) => {
            let inst = load(&path);
            eprintln!(
                "load {path}: {}×{}, {} edges: {:.3} s",
                inst.n_people,
                inst.capacities.len(),
                inst.edges.len(),
                t.elapsed().as_secs_f64()
            );
            inst
        }
        Err(_) => {
            let (n, m, k) = size();
            let inst = instance(n, m, k, 20240601);
            eprintln!(
                "generate {n}×{m}, K={k}: {:.3} s",
                t.elapsed().as_secs_f64()
            );
            inst
        }
    };
    let (n, m) = (inst.n_people, inst.capacities.len());
    let t = Instant::now();
    let out = match mode {
        "stable" => stable(&inst),
        "max_fit" => max_fit(&inst),
        other => panic!("BOLE_ASSIGN_ONCE must be stable or max_fit, not {other}"),
    };
    let solve = t.elapsed().as_secs_f64();
    let units = fit_units_sum(&inst, &out);
    println!(
        "{mode}: {solve:.3} s (incl. blocking-pair count), placed {} / {n}, total_fit {:.6}, fit_units {units}, blocking_pairs {}",
        out.placed, out.total_fit, out.blocking_pairs
    );
    if let Ok(path) = std::env::var("BOLE_ASSIGN_DUMP") {
        let mut w = BufWriter::new(std::fs::File::create(&path).expect("create dump file"));
        writeln!(w, "{n} {m} {} {} {units}", inst.edges.len(), out.placed).unwrap();
        let caps: Vec<String> = inst.capacities.iter().map(|c| c.to_string()).collect();
        writeln!(w, "{}", caps.join(" ")).unwrap();
        for e in &inst.edges {
            writeln!(w, "{} {} {}", e.person, e.job, fit_units(e.score)).unwrap();
        }
        w.flush().unwrap();
        eprintln!("wrote {path}");
    }
}

fn benches(c: &mut Criterion) {
    let (n, m, k) = size();
    let inst = instance(n, m, k, 20240601);
    let mut g = c.benchmark_group(format!("assign_{n}x{m}_k{k}"));
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(20));
    g.bench_function("stable", |b| b.iter(|| black_box(stable(black_box(&inst)))));
    g.bench_function("max_fit", |b| {
        b.iter(|| black_box(max_fit(black_box(&inst))))
    });
    g.finish();
}

fn main() {
    if let Ok(mode) = std::env::var("BOLE_ASSIGN_ONCE") {
        once(&mode);
        return;
    }
    let mut c = Criterion::default().configure_from_args();
    benches(&mut c);
    c.final_summary();
}
