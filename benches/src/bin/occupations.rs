//! Coverage of occupation coding (`bole::occupation`) on real postings: the share coded at each
//! depth of the 2022 classification, the most frequent uncoded titles, the cost per posting, and
//! a fixed-seed random sample of coded postings written for hand-checking.
//!
//! ```text
//! cargo run --release -p bole-benches --bin occupations -- --jobs-csv PATH
//!     [--sample FILE] [--n 100] [--seed 25] [--top 40] [--dump FILE] [--people N]
//! ```
//!
//! PATH is a platform-export CSV with the columns 职位 (title) and 职位描述 (description), e.g.
//! the shared jobhunting set. The sample (default `/work/occ-sample.tsv`) has one line per
//! posting: title, seq, name, depth, confidence, from, words; keep it outside the repository
//! (the titles are third-party data). A second sample of the same size, `<sample>.other.tsv`,
//! draws only from postings coded outside software (2-02-10, 2-02-38, 4-04-05), which dominate
//! the shared set, so that the other trades are checked too. `--dump FILE` writes every
//! posting's title and code, to compare two builds or rules (outside the repository too).
//! `--people N` also codes N synthetic people (`bole_corpus::candidates`, seed 7) and prints
//! their coverage and the cost per person.

use std::collections::HashMap;
use std::io::Write;
use std::time::Instant;

use bole::occupation::{code_candidate, code_text, Coding};
use rand::seq::SliceRandom;
use rand::SeedableRng;

struct Opts {
    jobs_csv: String,
    sample: String,
    n: usize,
    seed: u64,
    top: usize,
    dump: Option<String>,
    people: usize,
}

fn opts() -> Opts {
    let mut o = Opts {
        jobs_csv: String::new(),
        sample: "/work/occ-sample.tsv".into(),
        n: 100,
        seed: 25,
        top: 40,
        dump: None,
        people: 0,
    };
    let mut it = std::env::args().skip(1);
    while let Some(k) = it.next() {
        let v = it.next().unwrap_or_else(|| panic!("{k} needs a value"));
        match k.as_str() {
            "--jobs-csv" => o.jobs_csv = v,
            "--sample" => o.sample = v,
            "--n" => o.n = v.parse().expect("--n"),
            "--seed" => o.seed = v.parse().expect("--seed"),
            "--top" => o.top = v.parse().expect("--top"),
            "--dump" => o.dump = Some(v),
            "--people" => o.people = v.parse().expect("--people"),
            _ => panic!("unknown option {k}"),
        }
    }
    assert!(!o.jobs_csv.is_empty(), "--jobs-csv PATH is required");
    o
}

/// Coverage and cost of [`code_candidate`] on synthetic people.
fn people(n: usize) {
    let people: Vec<bole::Candidate> = bole_corpus::candidates(7, n).collect();
    let t0 = Instant::now();
    let coded: Vec<Option<Coding>> = people.iter().map(code_candidate).collect();
    let elapsed = t0.elapsed();
    let mut at_depth = [0usize; 5];
    let mut from: HashMap<&str, usize> = HashMap::new();
    for c in coded.iter().flatten() {
        for k in &mut at_depth[1..=c.code.depth() as usize] {
            *k += 1;
        }
        *from.entry(c.from).or_default() += 1;
    }
    let pct = |k: usize| 100.0 * k as f64 / n.max(1) as f64;
    println!(
        "synthetic people: {n}; coded at 大类 {:.1} %, 中类 {:.1} %, 小类 {:.1} %, 细类 {:.1} %; from {from:?}; {:.2} µs per person (one thread)",
        pct(at_depth[1]),
        pct(at_depth[2]),
        pct(at_depth[3]),
        pct(at_depth[4]),
        elapsed.as_secs_f64() * 1e6 / n.max(1) as f64
    );
}

fn main() {
    let o = opts();
    if o.people > 0 {
        people(o.people);
    }
    let mut rd = csv::Reader::from_path(&o.jobs_csv).expect("open --jobs-csv");
    let headers = rd.headers().expect("header row").clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name}"))
    };
    let (ti, di) = (col("职位"), col("职位描述"));
    let mut rows: Vec<(String, String)> = Vec::new();
    for r in rd.records() {
        let r = r.expect("a CSV record");
        rows.push((
            r.get(ti).unwrap_or("").to_string(),
            r.get(di).unwrap_or("").to_string(),
        ));
    }
    let t0 = Instant::now();
    let coded: Vec<Option<Coding>> = rows
        .iter()
        .map(|(t, d)| code_text(t, Some(d.as_str())))
        .collect();
    let elapsed = t0.elapsed();
    let t1 = Instant::now();
    let title_only = rows
        .iter()
        .filter(|(t, _)| code_text(t, None).is_some())
        .count();
    let title_elapsed = t1.elapsed();

    if let Some(path) = &o.dump {
        let mut f = std::io::BufWriter::new(std::fs::File::create(path).expect("create --dump"));
        for ((t, _), c) in rows.iter().zip(&coded) {
            let t: String = t.chars().filter(|c| *c != '\t' && *c != '\n').collect();
            let seq = c.as_ref().map_or(String::new(), |c| c.code.seq());
            writeln!(f, "{t}\t{seq}").unwrap();
        }
    }
    let n = rows.len().max(1);
    let mut at_depth = [0usize; 5];
    let mut from: HashMap<&str, usize> = HashMap::new();
    let mut uncoded: HashMap<&str, usize> = HashMap::new();
    let mut by_mid: HashMap<String, usize> = HashMap::new();
    for ((t, _), c) in rows.iter().zip(&coded) {
        match c {
            Some(c) => {
                for n in &mut at_depth[1..=c.code.depth() as usize] {
                    *n += 1;
                }
                *from.entry(c.from).or_default() += 1;
                let mid = c.code.at(2);
                *by_mid
                    .entry(format!("{} {}", mid.seq(), mid.name()))
                    .or_default() += 1;
            }
            None => *uncoded.entry(t.as_str()).or_default() += 1,
        }
    }
    println!("postings: {}", rows.len());
    for (d, label) in [(1, "大类"), (2, "中类"), (3, "小类"), (4, "细类")] {
        println!(
            "coded at {label} (depth ≥ {d}): {} ({:.1} %)",
            at_depth[d],
            100.0 * at_depth[d] as f64 / n as f64
        );
    }
    println!(
        "uncoded: {} ({:.1} %); coded from: {from:?}; title alone codes {:.1} %",
        n - at_depth[1],
        100.0 * (n - at_depth[1]) as f64 / n as f64,
        100.0 * title_only as f64 / n as f64
    );
    println!(
        "cost: {:.1} µs per posting with description, {:.2} µs per title alone (one thread)",
        elapsed.as_secs_f64() * 1e6 / n as f64,
        title_elapsed.as_secs_f64() * 1e6 / n as f64
    );
    let mut top: Vec<(&str, usize)> = uncoded.into_iter().collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    println!("most frequent uncoded titles:");
    for (t, k) in top.iter().take(o.top) {
        println!("  {k:5}  {t}");
    }
    let mut mids: Vec<(String, usize)> = by_mid.into_iter().collect();
    mids.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    println!("most frequent 中类:");
    for (m, k) in mids.iter().take(15) {
        println!("  {k:5}  {m}");
    }

    let software = |c: &Coding| {
        ["2-02-10", "2-02-38", "4-04-05"]
            .iter()
            .any(|s| c.code.seq().starts_with(s))
    };
    let all: Vec<usize> = (0..rows.len()).filter(|&i| coded[i].is_some()).collect();
    let other: Vec<usize> = all
        .iter()
        .copied()
        .filter(|&i| coded[i].as_ref().is_some_and(|c| !software(c)))
        .collect();
    let other_path = format!("{}.other.tsv", o.sample.trim_end_matches(".tsv"));
    write_sample(&o, &rows, &coded, all, &o.sample);
    write_sample(&o, &rows, &coded, other, &other_path);
    println!(
        "samples of {} coded postings written to {} and (outside software) {other_path}",
        o.n, o.sample
    );
}

fn write_sample(
    o: &Opts,
    rows: &[(String, String)],
    coded: &[Option<Coding>],
    mut idx: Vec<usize>,
    path: &str,
) {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(o.seed);
    idx.shuffle(&mut rng);
    idx.truncate(o.n);
    let mut f = std::fs::File::create(path).expect("create --sample");
    writeln!(f, "title\tseq\tname\tdepth\tconfidence\tfrom\twords").unwrap();
    for i in idx {
        let c = coded[i].as_ref().expect("coded");
        let title: String = rows[i]
            .0
            .chars()
            .filter(|c| *c != '\t' && *c != '\n')
            .collect();
        writeln!(
            f,
            "{title}\t{}\t{}\t{}\t{:.2}\t{}\t{}",
            c.code.seq(),
            c.code.name(),
            c.code.depth(),
            c.confidence,
            c.from,
            c.words.join("|")
        )
        .unwrap();
    }
}
