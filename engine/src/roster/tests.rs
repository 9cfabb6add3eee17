use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::edges::{best_first, feasible};
use super::prescore::{Block, Person, Pre, P_PLACE, P_PRECISE, P_VEC};
use super::quant::quantise;
use super::*;
use crate::model::{candidate_from_json, job_from_json, parse_date};
use crate::rank::{self, CandidateProfile, Policy};
use crate::text::region;

const JOBS: &str = include_str!("../../../corpus/fixtures/jobs.jsonl");
const PEOPLE: &str = include_str!("../../../corpus/fixtures/candidates.jsonl");

fn fixture() -> (tempfile::TempDir, Engine, Vec<Candidate>) {
    let dir = tempfile::tempdir().unwrap();
    let engine = Engine::open(dir.path()).unwrap();
    let jobs: Vec<crate::Job> = JOBS.lines().map(|l| job_from_json(l).unwrap()).collect();
    engine.put_jobs(&jobs).unwrap();
    let people = PEOPLE
        .lines()
        .map(|l| candidate_from_json(l).unwrap())
        .collect();
    (dir, engine, people)
}

fn today() -> i64 {
    parse_date("2026-11-21").unwrap()
}

/// Every feasible vacancy of a person scored by the ranker, best first: the reference the fast
/// path must agree with.
fn exhaustive(engine: &Engine, snap: &Snapshot, c: &Candidate) -> Vec<(u32, f64)> {
    let p = CandidateProfile::new(c);
    let v = engine.embed_candidate(&p);
    let areas = p.areas();
    let mut out: Vec<(u32, f64)> = snap
        .entries
        .iter()
        .enumerate()
        .filter(|(_, e)| {
            areas.is_empty()
                || e.profile
                    .place
                    .as_ref()
                    .is_some_and(|s| areas.iter().any(|a| region::contains(*a, s.adcode)))
        })
        .filter_map(|(j, e)| {
            let sem =
                (!v.is_empty() && !e.vector.is_empty()).then(|| crate::vector::dot(&v, &e.vector));
            let s = rank::score(&p, &e.profile, sem, None, engine.policy(), today())?;
            feasible(&s).then_some((j as u32, s.score))
        })
        .collect();
    out.sort_by(best_first);
    out
}

#[test]
fn packed_distance_and_vectors_track_the_exact_ones() {
    let policy = Policy::default();
    let c = crate::model::candidate_from_json(
        r#"{"id":"c","summary":"仓管","home":{"lat":27.95,"lon":116.36},"max_commute_km":30}"#,
    )
    .unwrap();
    let p = CandidateProfile::new(&c);
    let v: Vec<f32> = (0..200)
        .map(|i| ((i * 37 % 101) as f32 - 50.0) / 400.0)
        .collect();
    let person = Person::new(&p, &v, &policy);
    let (lat0, lon0) = (27.95, 116.36);
    for (dlat, dlon) in [
        (0.0, 0.3),
        (0.27, 0.0),
        (-0.2, -0.2),
        (0.5, 0.9),
        (0.01, -0.02),
    ] {
        let x = Pre {
            lat: lat0 + dlat,
            lon: lon0 + dlon,
            bits: P_PLACE | P_PRECISE,
            ..Default::default()
        };
        let exact = region::distance_km((lat0, lon0), (x.lat, x.lon));
        let approx = person.km(&x).unwrap();
        assert!(
            (approx - exact).abs() <= 0.003 * exact + 1e-6,
            "{approx} vs {exact}"
        );
        // Feasibility is decided exactly: blocked iff beyond 30 km by the exact distance.
        assert_eq!(
            matches!(person.block(&x, Some(approx), &policy), Some(Block::Far)),
            exact > 30.0,
            "{exact}"
        );
    }
    let w: Vec<f32> = (0..200)
        .map(|i| ((i * 53 % 89) as f32 - 44.0) / 300.0)
        .collect();
    let mut qw = Vec::new();
    let x = Pre {
        vscale: quantise(&w, &mut qw),
        bits: P_VEC,
        ..Default::default()
    };
    let est = person.sem(&x, &qw).unwrap();
    let exact = crate::vector::dot(&v, &w) as f64;
    assert!(
        (est - exact).abs() < 0.01 * exact.abs().max(1.0),
        "{est} vs {exact}"
    );
}

#[test]
fn prescored_shortlist_holds_each_persons_best_feasible_vacancy() {
    let (_d, engine, people) = fixture();
    let snap = Snapshot::new(&engine, today());
    // The whole area pre-scored, but only 8 of a city's ~60 vacancies reach the ranker: the
    // pre-score must put each person's best vacancy among them.
    let opts = Options {
        k: 5,
        shortlist: 8,
        pool: 100_000,
        today: today(),
        ..Default::default()
    };
    let edges = snap.edges(&engine, &people, &opts, &|_, _| {});
    assert_eq!(edges.len(), people.len());
    let mut with_options = 0;
    for (c, pe) in people.iter().zip(&edges) {
        let all = exhaustive(&engine, &snap, c);
        assert!(pe.feasible.len() <= opts.k);
        // Best first, and every edge is a feasible pair with the ranker's exact score.
        assert!(pe
            .feasible
            .windows(2)
            .all(|w| best_first(&w[0], &w[1]).is_le()));
        for e in &pe.feasible {
            assert!(
                all.contains(e),
                "{}: edge {e:?} is not a feasible pair",
                c.id
            );
        }
        match (pe.feasible.first(), all.first()) {
            (Some(fast), Some(best)) => {
                with_options += 1;
                assert_eq!(fast.1, best.1, "{}: best edge vs best feasible", c.id);
                assert!(pe.why_none.is_none());
            }
            (None, None) => assert!(pe.why_none.is_some(), "{}", c.id),
            (f, b) => panic!("{}: fast {f:?}, exhaustive {b:?}", c.id),
        }
    }
    assert!(with_options > people.len() / 2, "{with_options}");
}

#[test]
fn a_large_shortlist_gives_exactly_the_top_k() {
    let (_d, engine, people) = fixture();
    let snap = Snapshot::new(&engine, today());
    let opts = Options {
        k: 10,
        shortlist: 10_000,
        today: today(),
        ..Default::default()
    };
    let edges = snap.edges(&engine, &people, &opts, &|_, _| {});
    for (c, pe) in people.iter().zip(&edges) {
        let mut all = exhaustive(&engine, &snap, c);
        all.truncate(opts.k);
        assert_eq!(pe.feasible, all, "{}", c.id);
    }
}

#[test]
fn roster_lists_everyone_once_within_capacities() {
    let (_d, engine, people) = fixture();
    for mode in [Mode::Stable, Mode::MaxFit] {
        let opts = Options {
            mode,
            k: 10,
            today: today(),
            ..Default::default()
        };
        let calls = AtomicUsize::new(0);
        let r = run(&engine, &people, &opts, &|d, t| {
            assert!(d <= t);
            calls.fetch_add(1, Ordering::Relaxed);
        })
        .unwrap();
        assert!(calls.load(Ordering::Relaxed) >= 1);
        let ids: Vec<&str> = r
            .assignments
            .iter()
            .map(|a| a.candidate_id.as_str())
            .collect();
        let want: Vec<&str> = people.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, want, "one line per person, in input order");
        let mut load: HashMap<&str, u32> = HashMap::new();
        for a in &r.assignments {
            match &a.primary {
                Some(p) => {
                    assert!(a.unplaced_reason.is_none());
                    *load.entry(p.job_id.as_str()).or_default() += 1;
                    assert!(!p.reasons.is_empty());
                }
                None => assert!(a.unplaced_reason.is_some()),
            }
            assert!(a.backups.len() <= opts.backups);
        }
        for (id, n) in load {
            assert!(
                n <= engine.job(id).unwrap().job.places(),
                "{id} over capacity"
            );
        }
        let s = &r.summary;
        assert_eq!(
            s.placed,
            r.assignments.iter().filter(|a| a.primary.is_some()).count()
        );
        assert!(s.placed > 0);
        if mode == Mode::Stable {
            assert_eq!(s.blocking_pairs, 0);
        }
        let v = serde_json::to_value(&r).unwrap();
        let a0 = &v["assignments"][0];
        for k in ["candidate_id", "primary", "backups", "unplaced_reason"] {
            assert!(a0.get(k).is_some(), "missing {k}");
        }
        assert!(v["summary"]["placed_share"].is_number());
    }
}

#[test]
fn csv_has_a_bom_and_one_row_per_person() {
    let (_d, engine, people) = fixture();
    let opts = Options {
        today: today(),
        ..Default::default()
    };
    let r = run(&engine, &people[..20], &opts, &|_, _| {}).unwrap();
    let mut buf = Vec::new();
    r.write_csv(&mut buf).unwrap();
    assert!(buf.starts_with(b"\xEF\xBB\xBF"));
    let text = String::from_utf8(buf).unwrap();
    assert_eq!(text.lines().count(), 21);
}

#[test]
fn csv_cells_that_a_spreadsheet_would_run_are_escaped() {
    let (_d, engine, _) = fixture();
    let evil = "=cmd|' /C calc'!A0";
    let job = job_from_json(&format!(
        r#"{{"id":"evil","title":"{}","employer":"@SUM(1+1)","salary":"5000-7000元/月",
            "location":{{"region":"江西省抚州市临川区"}},"headcount":5}}"#,
        evil
    ))
    .unwrap();
    engine.put_jobs(&[job]).unwrap();
    let person = candidate_from_json(&format!(
        r#"{{"id":"-c1","desired":{{"titles":["{evil}"]}},"home":{{"region":"江西省抚州市临川区"}}}}"#
    ))
    .unwrap();
    let opts = Options {
        today: today(),
        k: 3,
        ..Default::default()
    };
    let r = run(&engine, &[person], &opts, &|_, _| {}).unwrap();
    assert_eq!(r.assignments[0].primary.as_ref().unwrap().title, evil);
    let mut buf = Vec::new();
    r.write_csv(&mut buf).unwrap();
    let text = String::from_utf8(buf).unwrap();
    let mut rd = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let headers = rd.headers().unwrap().clone();
    assert_eq!(headers.len(), export::CSV_HEADER.len());
    let rec = rd.records().next().unwrap().unwrap();
    assert_eq!(&rec[0], "'-c1");
    assert_eq!(&rec[3], format!("'{evil}"));
    assert_eq!(&rec[4], "'@SUM(1+1)");
    assert_eq!(&rec[6], "5000-7000元/月");
    assert!(text.lines().all(|l| !l.starts_with('=')));
    for (cell, want) in [
        ("+1", "'+1"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("仓管", "仓管"),
        ("", ""),
    ] {
        assert_eq!(export::guard(cell), want);
    }
}
