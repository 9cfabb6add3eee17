//! CPU cost of one candidate → jobs call, single-threaded, on an imported data directory: the
//! server's path (`Engine::jobs_for_id`) against matching the stored record (`Engine::jobs_for`),
//! interleaved call by call so the machine's drift falls on both alike, with the parts the record
//! path repeats (the store read, the profile, the vector) timed alone.
//!
//! ```text
//! cargo run --release -p bole-benches --bin match_cpu -- --data DIR [--candidates 100000]
//!     [--seed 7] [--calls 3000] [--dump FILE] [--depth 200]
//! ```
//!
//! `--depth N` sets how many hits each retriever hands the ranker (the engine's default,
//! `RETRIEVE`, otherwise): with `--dump`, to see how much of the top 10 a shallower pool keeps.
//!
//! `--dump FILE` writes each sampled person's top 10 (by id) as JSON lines, to compare the answers
//! of two builds. `--by-id-only` makes only the server's calls (for counting their instructions,
//! `benches/load/instructions.sh`): no record path, no parts.
//!
//! DIR is a data directory holding the people `bole-gen candidates --n N --seed S` wrote (ids
//! `c-S-i`), e.g. the one `benches/load/run.sh` imports. Prints one JSON line.

use std::time::Instant;

use bole::engine::{Engine, Query, RETRIEVE};
use bole::rank::CandidateProfile;

/// One server call by id: `instructions.sh` counts what runs inside this function when SEEN is
/// set (the warm-up and `--seen` calls stay out of the count).
#[inline(never)]
fn counted(e: &Engine, id: &str, q: &Query) -> Vec<bole::engine::JobMatch> {
    e.jobs_for_id(id, q).expect("matches by id")
}

/// The command line.
struct Opts {
    data: String,
    dump: Option<String>,
    by_id_only: bool,
    seen: bool,
    n: u64,
    seed: u64,
    calls: usize,
    depth: usize,
}

fn opts() -> Opts {
    let mut data = None;
    let mut dump: Option<String> = None;
    let mut by_id_only = false;
    let mut seen = false;
    let (mut n, mut seed, mut calls) = (100_000u64, 7u64, 3000usize);
    let mut depth = RETRIEVE;
    let mut it = std::env::args().skip(1);
    while let Some(k) = it.next() {
        if k == "--by-id-only" {
            by_id_only = true;
            continue;
        }
        if k == "--seen" {
            seen = true;
            continue;
        }
        let v = it.next().unwrap_or_else(|| panic!("{k} needs a value"));
        match k.as_str() {
            "--data" => data = Some(v),
            "--candidates" => n = v.parse().expect("--candidates N"),
            "--seed" => seed = v.parse().expect("--seed S"),
            "--calls" => calls = v.parse().expect("--calls N"),
            "--dump" => dump = Some(v),
            "--depth" => depth = v.parse().expect("--depth N"),
            _ => panic!("unknown flag {k}"),
        }
    }
    let data = data.expect("--data DIR");
    Opts {
        data,
        dump,
        by_id_only,
        seen,
        n,
        seed,
        calls,
        depth,
    }
}

/// A fixed pseudo-random sample of `calls` ids among `n` people (splitmix64), the same on every
/// run.
fn sample_ids(seed: u64, n: u64, calls: usize) -> Vec<String> {
    let mut x = seed ^ 0x9e37_79b9_7f4a_7c15;
    let mut next = || {
        x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = x;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    };
    (0..calls)
        .map(|_| format!("c-{seed}-{}", next() % n))
        .collect()
}

fn main() {
    let Opts {
        data,
        dump,
        by_id_only,
        seen,
        n,
        seed,
        calls,
        depth,
    } = opts();
    let e = Engine::open(std::path::Path::new(&data)).expect("open the data directory");
    let today = (std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        / 86_400) as i64;
    let q = Query {
        top: 10,
        today,
        depth,
        ..Default::default()
    };
    let ids = sample_ids(seed, n, calls);
    // Warm the caches both paths share (term statistics, page cache).
    for id in ids.iter().take(200) {
        e.jobs_for_id(id, &q).expect("a stored person");
    }
    // `--seen`: every sampled person asked once already, as on a server that has seen them (it
    // keeps their derived profiles).
    if seen {
        for id in &ids {
            e.jobs_for_id(id, &q).expect("a stored person");
        }
    }
    let (mut t_id, mut t_rec, mut t_read, mut t_prof, mut t_vec) = (0f64, 0f64, 0f64, 0f64, 0f64);
    let mut differ = 0usize;
    let mut dumped: Vec<String> = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        if by_id_only {
            let m = counted(&e, id, &q);
            if dump.is_some() {
                let top: Vec<&str> = m.iter().map(|m| m.job_id.as_str()).collect();
                dumped.push(serde_json::json!({"id": id, "top": top}).to_string());
            }
            continue;
        }
        // The read is timed warm (a second read of the same record), as the calls below see it.
        std::hint::black_box(e.candidate(id).expect("a stored person"));
        let t = Instant::now();
        let c = e.candidate(id).expect("a stored person");
        t_read += t.elapsed().as_secs_f64();
        let t = Instant::now();
        let p = CandidateProfile::new(&c);
        t_prof += t.elapsed().as_secs_f64();
        let t = Instant::now();
        std::hint::black_box(e.embed_candidate(&p));
        t_vec += t.elapsed().as_secs_f64();
        // Alternate which path goes first.
        let run_id = |t: &mut f64| {
            let s = Instant::now();
            let m = e.jobs_for_id(id, &q).expect("matches by id");
            *t += s.elapsed().as_secs_f64();
            m
        };
        let run_rec = |t: &mut f64| {
            let s = Instant::now();
            let c = e.candidate(id).expect("a stored person");
            let m = e.jobs_for(&c, &q).expect("matches of the record");
            *t += s.elapsed().as_secs_f64();
            m
        };
        let (a, b) = if i % 2 == 0 {
            let a = run_id(&mut t_id);
            (a, run_rec(&mut t_rec))
        } else {
            let b = run_rec(&mut t_rec);
            (run_id(&mut t_id), b)
        };
        let ids_of = |m: &[bole::engine::JobMatch]| {
            let mut v: Vec<String> = m.iter().map(|m| m.job_id.clone()).collect();
            v.sort();
            v
        };
        if ids_of(&a) != ids_of(&b) {
            differ += 1;
        }
        if dump.is_some() {
            let top: Vec<&str> = a.iter().map(|m| m.job_id.as_str()).collect();
            dumped.push(serde_json::json!({"id": id, "top": top}).to_string());
        }
    }
    if let Some(path) = &dump {
        std::fs::write(path, dumped.join("\n") + "\n").expect("write --dump");
    }
    if by_id_only {
        println!("{{\"calls\":{calls},\"by_id_only\":true}}");
        return;
    }
    let us = |t: f64| (t / calls as f64 * 1e7).round() / 10.0;
    println!(
        "{{\"calls\":{calls},\"by_id_us\":{},\"by_record_us\":{},\"ratio_record_over_id\":{:.3},\"read_us\":{},\"profile_us\":{},\"embed_us\":{},\"answers_differing\":{differ}}}",
        us(t_id),
        us(t_rec),
        t_rec / t_id,
        us(t_read),
        us(t_prof),
        us(t_vec),
    );
}
