//! A week of a job board with outcome events, congestion-aware ranking off and on.
//!
//! usage: `simulate [--jobs-csv FILE] [--people N] [--days D] [--strength S[,S…]] [--target T] [--seed N]`
//! (the first arm always runs with strength 0: the ranking without congestion)
//!
//! **Market.** Vacancies: the platform-export CSV given (e.g. the 36k real postings), else the
//! bundled dev set's vacancies. People: `bole-corpus` synthetic job seekers, re-homed to the six
//! cities with the most vacancies (home and wanted region copied from a vacancy of that city), so
//! that every person has a local market; the figures are over the vacancies of those cities. All people are stored before day 1.
//!
//! **Behaviour model** (documented here, the same for both arms; one seeded RNG per arm, so the
//! arms differ only by what the ranking shows):
//! - each day `N / D` new people arrive, in a fixed order; each asks for their top 10 vacancies
//!   (`jobs_for`, the platform's person → vacancies call) and every vacancy shown is a `shown`
//!   event;
//! - the person applies to the vacancy at rank `i` (0-based) with probability `0.45 · 0.75^i`
//!   (position bias; about 1.6 applications per person);
//! - events reach bole in batches of 50 people, so later arrivals see earlier applications;
//! - at the end of each day every vacancy with open places hires each applicant of the day with
//!   probability 0.15 while places last (`hired` events): a filled vacancy leaves the lists.
//!
//! **Reported per arm** (JSON, one line): exposure Gini over vacancies (shown events), application
//! Gini, share of vacancies with zero applicants, applicants per open place at p90 (over vacancies
//! with an applicant), share of people with at least one application to a vacancy that still had
//! an open place after that day's hiring or hired them, and the dev set's nDCG@10 ranked with the
//! arm's policy after a week of its events (the dev-set arm: see `--dev-ndcg`).
//!
//! Both arms run in this process one after the other; nothing is timed.

use std::collections::{HashMap, HashSet};

use bole::engine::{Engine, Query};
use bole::import::Format;
use bole::outcomes::{OutcomeEvent, OutcomeSource, OutcomeType};
use bole::rank::Policy;
use bole::{Candidate, Job};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

const DEV_JOBS: &str = include_str!("../../../corpus/devset/jobs.jsonl");
const DEV_PEOPLE: &str = include_str!("../../../corpus/devset/people.jsonl");
const DEV_JUDGMENTS: &str = include_str!("../../../corpus/devset/judgments.tsv");
const DAY0: &str = "2026-11-21";

struct Args {
    jobs_csv: Option<String>,
    people: usize,
    days: i64,
    strengths: Vec<f64>,
    target: f64,
    seed: u64,
}

fn args() -> Args {
    let mut a = Args {
        jobs_csv: None,
        people: 7000,
        days: 7,
        strengths: vec![0.05],
        target: bole::outcomes::Congestion::default().target,
        seed: 7,
    };
    let v: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < v.len() {
        let val = v.get(i + 1).cloned().unwrap_or_default();
        match v[i].as_str() {
            "--jobs-csv" => a.jobs_csv = Some(val),
            "--people" => a.people = val.parse().expect("--people N"),
            "--days" => a.days = val.parse().expect("--days N"),
            "--strength" => {
                a.strengths = val
                    .split(',')
                    .map(|x| x.parse().expect("--strength S[,S…]"))
                    .collect()
            }
            "--target" => a.target = val.parse().expect("--target T"),
            "--seed" => a.seed = val.parse().expect("--seed N"),
            f => panic!("unknown flag {f}"),
        }
        i += 2;
    }
    a
}

fn main() {
    let a = args();
    // The vacancies are imported (and the indexes built) once; each arm runs on a copy.
    let template = tempfile::tempdir().unwrap();
    {
        let engine = Engine::open(template.path()).unwrap();
        match &a.jobs_csv {
            Some(p) => {
                let f = std::fs::File::open(p).expect("--jobs-csv");
                engine
                    .import_jobs(f, Format::Csv, Default::default())
                    .unwrap();
            }
            None => {
                engine
                    .import_jobs(DEV_JOBS.as_bytes(), Format::Jsonl, Default::default())
                    .unwrap();
            }
        }
        engine.flush().unwrap();
    }
    for strength in std::iter::once(0.0).chain(a.strengths.iter().copied()) {
        let r = run(&a, template.path(), strength);
        println!("{}", serde_json::to_string(&r).unwrap());
    }
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dst = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &dst);
        } else {
            std::fs::copy(e.path(), dst).unwrap();
        }
    }
}

fn policy(strength: f64, target: f64) -> Policy {
    let mut p = Policy::default();
    p.congestion.strength = strength;
    p.congestion.target = target;
    p
}

fn run(a: &Args, template: &std::path::Path, strength: f64) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(template, dir.path());
    let engine = Engine::open_with(dir.path(), policy(strength, a.target)).unwrap();
    let day0 = bole::model::parse_date(DAY0).unwrap();
    let jobs: Vec<Job> = engine
        .job_entries()
        .iter()
        .filter(|e| e.job.is_valid_on(day0))
        .map(|e| placed(e))
        .collect();
    let (people, cities) = rehome(
        bole_corpus::candidates(a.seed, a.people).collect(),
        &jobs,
        a.seed,
    );
    // The market measured: the vacancies of the people's cities.
    let city_of = |j: &Job| {
        j.location
            .as_ref()
            .and_then(|l| l.adcode.as_ref())
            .filter(|c| c.len() == 6)
            .map(|c| c[..4].to_string())
    };
    let local: Vec<&Job> = jobs
        .iter()
        .filter(|j| city_of(j).is_some_and(|c| cities.contains(&c)))
        .collect();
    engine.put_candidates(&people).unwrap();

    let mut rng = ChaCha8Rng::seed_from_u64(a.seed ^ 0x5eed);
    let mut shown: HashMap<String, u64> = HashMap::new();
    let mut applied: HashMap<String, HashSet<usize>> = HashMap::new();
    let mut hired: HashMap<String, u32> = HashMap::new();
    // (person, vacancy) applications of each day.
    let mut good_person = vec![false; people.len()];
    let per_day = people.len().div_ceil(a.days as usize);
    let mut n_event = 0u64;
    let mut event = |kind, p: &Candidate, j: &str, day: i64| {
        n_event += 1;
        OutcomeEvent {
            id: format!("sim-{n_event}"),
            kind,
            candidate_id: p.id.clone(),
            job_id: j.to_string(),
            at: bole::date::iso_date(day),
            source: OutcomeSource::Platform,
        }
    };
    for d in 0..a.days {
        let today = day0 + d;
        let cohort: Vec<usize> =
            (d as usize * per_day..((d as usize + 1) * per_day).min(people.len())).collect();
        let mut todays: Vec<(usize, String)> = Vec::new();
        for batch in cohort.chunks(50) {
            let mut evs = Vec::new();
            for &pi in batch {
                let p = &people[pi];
                let q = Query {
                    top: 10,
                    today,
                    ..Default::default()
                };
                let ms = engine.jobs_for(p, &q).unwrap();
                for (rank, m) in ms.iter().enumerate() {
                    *shown.entry(m.job_id.clone()).or_default() += 1;
                    evs.push(event(OutcomeType::Shown, p, &m.job_id, today));
                    if rng.gen::<f64>() < 0.45 * 0.75f64.powi(rank as i32) {
                        applied.entry(m.job_id.clone()).or_default().insert(pi);
                        evs.push(event(OutcomeType::Applied, p, &m.job_id, today));
                        todays.push((pi, m.job_id.clone()));
                    }
                }
            }
            engine.put_events(&evs).unwrap();
        }
        // Employers hire among the day's applicants.
        let places: HashMap<&str, u32> = jobs.iter().map(|j| (j.id.as_str(), j.places())).collect();
        let mut evs = Vec::new();
        let mut hired_today: HashSet<(usize, String)> = HashSet::new();
        for (pi, j) in &todays {
            let h = hired.entry(j.clone()).or_default();
            if *h < places.get(j.as_str()).copied().unwrap_or(1) && rng.gen::<f64>() < 0.15 {
                *h += 1;
                evs.push(event(OutcomeType::Hired, &people[*pi], j, today));
                hired_today.insert((*pi, j.clone()));
            }
        }
        engine.put_events(&evs).unwrap();
        for (pi, j) in &todays {
            let open =
                hired.get(j).copied().unwrap_or(0) < places.get(j.as_str()).copied().unwrap_or(1);
            if open || hired_today.contains(&(*pi, j.clone())) {
                good_person[*pi] = true;
            }
        }
    }

    let jobs = local;
    let exposure: Vec<f64> = jobs
        .iter()
        .map(|j| shown.get(&j.id).copied().unwrap_or(0) as f64)
        .collect();
    let apps: Vec<f64> = jobs
        .iter()
        .map(|j| applied.get(&j.id).map_or(0, |s| s.len()) as f64)
        .collect();
    let mut per_place: Vec<f64> = jobs
        .iter()
        .zip(&apps)
        .filter(|(_, a)| **a > 0.0)
        .map(|(j, a)| a / f64::from(j.places()))
        .collect();
    per_place.sort_by(f64::total_cmp);
    let p90 = per_place
        .get((per_place.len() * 9 / 10).min(per_place.len().saturating_sub(1)))
        .copied()
        .unwrap_or(0.0);
    let zero = apps.iter().filter(|a| **a == 0.0).count() as f64 / apps.len().max(1) as f64;
    let with_good = good_person.iter().filter(|g| **g).count() as f64 / people.len().max(1) as f64;
    drop(engine);
    serde_json::json!({
        "strength": strength,
        "vacancies": jobs.len(),
        "people": people.len(),
        "applications": apps.iter().sum::<f64>(),
        "exposure_gini": round(gini(&exposure)),
        "application_gini": round(gini(&apps)),
        "zero_applicant_share": round(zero),
        "applicants_per_place_p90": round(p90),
        "people_with_open_application": round(with_good),
        "target": a.target,
        "dev_ndcg10": round(dev_ndcg(strength, a.target, a.seed)),
    })
}

/// The vacancy with its resolved place written into `location` (CSV postings often give only
/// the region text).
fn placed(e: &bole::engine::JobEntry) -> Job {
    let mut j = e.job.clone();
    if let Some(s) = e
        .profile
        .place
        .as_ref()
        .filter(|s| s.adcode > 0 && s.precise)
    {
        j.location = Some(bole::model::Location {
            region: Some(s.name.clone()),
            adcode: Some(format!("{:06}", s.adcode)),
            lat: Some(s.lat),
            lon: Some(s.lon),
        });
    }
    j
}

fn round(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// Gini coefficient of non-negative values (0: equal, →1: all on one).
fn gini(v: &[f64]) -> f64 {
    let mut x = v.to_vec();
    x.sort_by(f64::total_cmp);
    let n = x.len() as f64;
    let sum: f64 = x.iter().sum();
    if sum == 0.0 {
        return 0.0;
    }
    let weighted: f64 = x
        .iter()
        .enumerate()
        .map(|(i, v)| (i as f64 + 1.0) * v)
        .sum();
    (2.0 * weighted) / (n * sum) - (n + 1.0) / n
}

/// People re-homed to the six cities with the most vacancies: each takes the location of a
/// vacancy of one of those cities (in turn), as home and wanted region.
fn rehome(
    mut people: Vec<Candidate>,
    jobs: &[Job],
    seed: u64,
) -> (Vec<Candidate>, HashSet<String>) {
    let mut by_city: HashMap<String, Vec<&Job>> = HashMap::new();
    for j in jobs {
        if let Some(l) = &j.location {
            if let (Some(code), Some(_), Some(_)) = (&l.adcode, l.lat, l.lon) {
                if code.len() == 6 {
                    by_city.entry(code[..4].to_string()).or_default().push(j);
                }
            }
        }
    }
    let mut cities: Vec<(String, Vec<&Job>)> = by_city.into_iter().collect();
    cities.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0)));
    cities.truncate(6);
    let chosen: HashSet<String> = cities.iter().map(|c| c.0.clone()).collect();
    if cities.is_empty() {
        return (people, chosen);
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    for (i, p) in people.iter_mut().enumerate() {
        let list = &cities[i % cities.len()].1;
        let j = list[rng.gen_range(0..list.len())];
        let l = j.location.clone().unwrap();
        if let Some(d) = p.desired.as_mut() {
            d.regions = l.region.clone().into_iter().collect();
        }
        p.home = Some(l);
    }
    (people, chosen)
}

/// The dev set's nDCG@10 after a day of simulated applications (2,000 people re-homed to its
/// cities) on its own vacancies, ranked with the policy of this arm on the judged date.
fn dev_ndcg(strength: f64, target: f64, seed: u64) -> f64 {
    let dir = tempfile::tempdir().unwrap();
    let engine = Engine::open_with(dir.path(), policy(strength, target)).unwrap();
    engine
        .import_jobs(DEV_JOBS.as_bytes(), Format::Jsonl, Default::default())
        .unwrap();
    let day0 = bole::model::parse_date(DAY0).unwrap();
    let jobs: Vec<Job> = engine.job_entries().iter().map(|e| placed(e)).collect();
    let (people, _) = rehome(bole_corpus::candidates(seed, 2000).collect(), &jobs, seed);
    engine.put_candidates(&people).unwrap();
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0xde5);
    let mut evs = Vec::new();
    for (i, p) in people.iter().enumerate() {
        let today = day0;
        let q = Query {
            top: 10,
            today,
            ..Default::default()
        };
        for (rank, m) in engine.jobs_for(p, &q).unwrap().iter().enumerate() {
            if rng.gen::<f64>() < 0.45 * 0.75f64.powi(rank as i32) {
                evs.push(OutcomeEvent {
                    id: format!("dev-{}", evs.len()),
                    kind: OutcomeType::Applied,
                    candidate_id: p.id.clone(),
                    job_id: m.job_id.clone(),
                    at: bole::date::iso_date(today),
                    source: OutcomeSource::Platform,
                });
            }
        }
        if evs.len() >= 500 || i + 1 == people.len() {
            engine.put_events(&evs).unwrap();
            evs.clear();
        }
    }
    let dev: Vec<Candidate> = DEV_PEOPLE
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| bole::model::candidate_from_json(l).unwrap())
        .collect();
    let judg = bole::eval::parse_judgments(DEV_JUDGMENTS).unwrap();
    let r = bole::eval::evaluate(&engine, &dev, &judg, day0).unwrap();
    r.groups.get("all").map_or(0.0, |m| m.0.ndcg10)
}
