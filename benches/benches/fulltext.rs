//! Full-text index build time and size, and single-thread query latency, on real postings.
//!
//! ```text
//! cargo bench -p bole-benches --bench fulltext
//! BOLE_CANDIDATES=cands.jsonl cargo bench -p bole-benches --bench fulltext   # e.g. 1M from bole-gen
//! ```
//!
//! Jobs: the 36k real postings of `../shared/data/cn_jobs_jobhunting/jobs.csv` (or `BOLE_JOBS_CSV`),
//! parsed here into [`Job`]. Candidates: a JSON-lines file in the docs/SCHEMA.md format (`BOLE_CANDIDATES`,
//! e.g. from `bole-gen candidates`); without one, one seeker per real posting is derived from it
//! (title → desired title, tags → skills, same region), which the report says.
//! Prints build time, on-disk size, and p50/p99/max latency of candidate→jobs and job→candidates
//! over 1,000 queries each, then runs criterion on one typical query per direction.
//! Skips (prints why) when the postings file is absent, so CI without `../shared` passes.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use bole::fulltext::{CandidateIndex, Filter, JobIndex};
use bole::model::{Desired, Location, Salary};
use bole::{Candidate, Job};
use criterion::Criterion;

const QUERIES: usize = 1000;

fn data_path(env: &str, rel: &str) -> PathBuf {
    std::env::var_os(env)
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join(rel))
}

fn num(s: &str) -> Option<f64> {
    s.trim().parse::<f64>().ok().filter(|x| x.is_finite())
}

fn list(s: &str) -> Vec<String> {
    s.split([',', '，'])
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(String::from)
        .collect()
}

/// The postings as records (columns documented in the data folder's README.txt).
fn load_jobs(path: &Path) -> csv::Result<Vec<Job>> {
    let mut rd = csv::Reader::from_path(path)?;
    let headers = rd.headers()?.clone();
    let col = |name: &str| headers.iter().position(|h| h == name);
    let (id, title, company, region, lon, lat, desc, edu, exp, smin, smax, skills, benefits) = (
        col("职位自编号"),
        col("职位"),
        col("公司"),
        col("地区"),
        col("经度"),
        col("纬度"),
        col("职位描述"),
        col("学历"),
        col("所需经验"),
        col("最低薪资"),
        col("最高薪资"),
        col("技能"),
        col("福利"),
    );
    let mut jobs = Vec::new();
    for rec in rd.records() {
        let rec = rec?;
        let get = |c: Option<usize>| c.and_then(|i| rec.get(i)).unwrap_or("").trim();
        if get(id).is_empty() || get(title).is_empty() {
            continue;
        }
        let (la, lo) = (num(get(lat)), num(get(lon)));
        // Some platforms put near-zero placeholders where no coordinate is known.
        let coords = matches!((la, lo), (Some(a), Some(o)) if (3.0..54.0).contains(&a) && (73.0..136.0).contains(&o));
        let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
        jobs.push(Job {
            id: get(id).to_string(),
            title: get(title).to_string(),
            description: opt(get(desc)),
            employer: opt(get(company)),
            skills: list(get(skills)),
            benefits: list(get(benefits)),
            location: Some(Location {
                region: opt(get(region)),
                adcode: None,
                lat: if coords { la } else { None },
                lon: if coords { lo } else { None },
            }),
            salary: Some(Salary {
                min: num(get(smin)),
                max: num(get(smax)),
                months: None,
            }),
            education: opt(get(edu)),
            experience_years: num(get(exp)),
            ..Default::default()
        });
    }
    Ok(jobs)
}

fn dir_size(p: &Path) -> u64 {
    std::fs::read_dir(p)
        .map(|rd| {
            rd.flatten()
                .map(|e| match e.metadata() {
                    Ok(m) if m.is_dir() => dir_size(&e.path()),
                    Ok(m) => m.len(),
                    Err(_) => 0,
                })
                .sum()
        })
        .unwrap_or(0)
}

fn pseudo_candidate(j: &Job) -> Candidate {
    Candidate {
        id: format!("c-{}", j.id),
        skills: j.skills.clone(),
        education: j.education.clone(),
        desired: Some(Desired {
            titles: vec![j.title.clone()],
            regions: j
                .location
                .as_ref()
                .and_then(|l| l.region.clone())
                .into_iter()
                .collect(),
            ..Default::default()
        }),
        ..Default::default()
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn report(name: &str, mut lat: Vec<Duration>, hits: usize) {
    lat.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "{name}: {} queries, p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms, mean hits {:.1}",
        lat.len(),
        ms(percentile(&lat, 0.5)),
        ms(percentile(&lat, 0.99)),
        ms(*lat.last().unwrap()),
        hits as f64 / lat.len() as f64
    );
}

fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let t = Instant::now();
    let v = f();
    (v, t.elapsed())
}

/// The people indexed: `BOLE_CANDIDATES` (JSON Lines) when given, else one derived per posting.
fn candidate_records(jobs: &[Job]) -> Vec<Candidate> {
    match std::env::var_os("BOLE_CANDIDATES") {
        Some(p) => {
            use std::io::BufRead;
            let f = std::fs::File::open(&p).expect("open BOLE_CANDIDATES");
            let records: Vec<Candidate> = std::io::BufReader::new(f)
                .lines()
                .map_while(Result::ok)
                .filter_map(|l| bole::model::candidate_from_json(&l).ok())
                .collect();
            println!(
                "candidates: {} records from {}",
                records.len(),
                Path::new(&p).display()
            );
            records
        }
        None => {
            println!("candidates: none given (BOLE_CANDIDATES); one derived per real posting");
            jobs.iter().map(pseudo_candidate).collect()
        }
    }
}

/// Commits start background segment merges; measuring while they run would time the merge
/// threads' CPU contention, not the queries. Let them settle, then reload the readers.
fn settle(jix: &JobIndex, cix: &CandidateIndex) {
    let settle: u64 = std::env::var("BOLE_SETTLE_SECS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(30);
    println!("letting segment merges settle for {settle} s");
    std::thread::sleep(Duration::from_secs(settle));
    jix.commit().expect("commit");
    cix.commit().expect("commit");
}

fn main() {
    let jobs_csv = data_path(
        "BOLE_JOBS_CSV",
        "../../shared/data/cn_jobs_jobhunting/jobs.csv",
    );
    if !jobs_csv.exists() {
        println!(
            "fulltext bench skipped: {} not found (set BOLE_JOBS_CSV)",
            jobs_csv.display()
        );
        return;
    }
    let (jobs, t) = timed(|| load_jobs(&jobs_csv).expect("read postings"));
    println!("parsed {} postings in {:.1} s", jobs.len(), t.as_secs_f64());
    let tmp = tempfile::tempdir().expect("tempdir");

    // Warm the segmenter so dictionary loading is not counted as indexing.
    bole::text::chinese::Segmenter::global();
    let jdir = tmp.path().join("jobs");
    let jix = JobIndex::open(&jdir).expect("open job index");
    let (_, t) = timed(|| {
        for j in &jobs {
            jix.upsert(j).expect("upsert");
        }
        jix.commit().expect("commit");
    });
    println!(
        "job index: {} postings in {:.2} s ({:.0} docs/s), {:.1} MB on disk",
        jix.len(),
        t.as_secs_f64(),
        jobs.len() as f64 / t.as_secs_f64(),
        dir_size(&jdir) as f64 / 1e6
    );

    let cdir = tmp.path().join("candidates");
    let cix = CandidateIndex::open(&cdir).expect("open candidate index");
    let records = candidate_records(&jobs);
    let step = (records.len() / QUERIES).max(1);
    let sample: Vec<Candidate> = records
        .iter()
        .step_by(step)
        .take(QUERIES)
        .cloned()
        .collect();
    let (n, t) = timed(|| {
        for c in &records {
            cix.upsert(c).expect("upsert");
        }
        cix.commit().expect("commit");
        records.len()
    });
    drop(records);
    println!(
        "candidate index: {} people in {:.2} s ({:.0} docs/s), {:.1} MB on disk",
        n,
        t.as_secs_f64(),
        n as f64 / t.as_secs_f64(),
        dir_size(&cdir) as f64 / 1e6
    );

    settle(&jix, &cix);

    let none = Filter::default();
    let step = (jobs.len() / QUERIES).max(1);
    let job_queries: Vec<&Job> = jobs.iter().step_by(step).take(QUERIES).collect();
    for (label, filter) in [
        ("no filter", none.clone()),
        (
            "valid_on + province 440000",
            Filter {
                region: Some(440000),
                valid_on: Some(bole::model::parse_date("2025-01-01").unwrap()),
                ..Default::default()
            },
        ),
    ] {
        let (mut lat, mut hits) = (Vec::new(), 0);
        for c in &sample {
            let (h, t) = timed(|| jix.for_candidate(c, &filter, 100).expect("query"));
            hits += h.len();
            lat.push(t);
        }
        report(
            &format!("candidate→jobs top100 over {} ({label})", jix.len()),
            lat,
            hits,
        );
        let (mut lat, mut hits) = (Vec::new(), 0);
        for j in &job_queries {
            let (h, t) = timed(|| cix.for_job(j, &filter, 100).expect("query"));
            hits += h.len();
            lat.push(t);
        }
        report(
            &format!("job→candidates top100 over {} ({label})", cix.len()),
            lat,
            hits,
        );
    }

    let mut c = Criterion::default().configure_from_args();
    let cand = sample[0].clone();
    let job = job_queries[0].clone();
    c.bench_function("fulltext/for_candidate top100", |b| {
        b.iter(|| jix.for_candidate(&cand, &none, 100).unwrap())
    });
    c.bench_function("fulltext/for_job top100", |b| {
        b.iter(|| cix.for_job(&job, &none, 100).unwrap())
    });
    c.bench_function("fulltext/search_text", |b| {
        b.iter(|| {
            jix.search_text("叉车司机 包吃住 \"五险一金\"", &none, 20)
                .unwrap()
        })
    });
    c.final_summary();
}
