//! Damaged or missing derived files, the change log's pruning and the engine's write events,
//! through the library API: a derived file is rebuilt from the store (same answers after), a
//! store that cannot stand for the records is refused with its name, never served or rebuilt.

use std::path::Path;

use bole::engine::Query;
use bole::events::Event;
use bole::model::{candidate_from_json, job_from_json, parse_date};
use bole::{Candidate, Engine, Job};

fn q(top: usize) -> Query {
    Query {
        top,
        today: parse_date("2026-11-21").unwrap(),
        ..Default::default()
    }
}

fn read(name: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(name)).unwrap()
}

fn jobs() -> Vec<Job> {
    read("../corpus/fixtures/jobs.jsonl")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| job_from_json(l).unwrap())
        .collect()
}

fn people() -> Vec<Candidate> {
    read("../corpus/fixtures/candidates.jsonl")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| candidate_from_json(l).unwrap())
        .collect()
}

/// A directory with the fixture vacancies and people indexed and saved.
fn built() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let e = Engine::open(dir.path()).unwrap();
    e.put_jobs(&jobs()).unwrap();
    e.put_candidates(&people()).unwrap();
    e.flush().unwrap();
    dir
}

/// Every answer the vector indexes take part in: people → vacancies (by id, with and without
/// an area, so both the graph and the area scan are used) and vacancies → people.
fn answers(e: &Engine) -> Vec<String> {
    let mut out = Vec::new();
    for c in people().iter().step_by(9) {
        for m in e.jobs_for_id(&c.id, &q(10)).unwrap() {
            out.push(format!("{} {} {:.6}", c.id, m.job_id, m.score));
        }
        let mut bare = c.clone();
        bare.home = None;
        if let Some(d) = bare.desired.as_mut() {
            d.regions.clear();
        }
        for m in e.jobs_for(&bare, &q(10)).unwrap() {
            out.push(format!("{}* {} {:.6}", c.id, m.job_id, m.score));
        }
    }
    for j in jobs().iter().step_by(23) {
        for m in e.candidates_for(j, &q(10)).unwrap() {
            out.push(format!("{} {} {:.6}", j.id, m.candidate_id, m.score));
        }
    }
    out
}

fn files_under(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        if e.path().is_dir() {
            files_under(&e.path(), out);
        } else {
            out.push(e.path());
        }
    }
}

/// Flip bytes in the middle of `path`.
fn damage(path: &Path) {
    let mut b = std::fs::read(path).unwrap();
    assert!(!b.is_empty(), "{} is empty", path.display());
    let (mid, end) = (b.len() / 2, (b.len() / 2 + 16).min(b.len()));
    for x in &mut b[mid..end] {
        *x ^= 0x5a;
    }
    std::fs::write(path, b).unwrap();
}

#[test]
fn damaged_vector_files_are_rebuilt_and_matches_are_unchanged() {
    let dir = built();
    let before = answers(&Engine::open(dir.path()).unwrap());
    assert!(before.len() > 100, "{}", before.len());
    let idx = dir.path().join("index");
    // Each kind of damage: a flipped byte in a graph's data, a truncated graph, a damaged key
    // table, a missing graph directory.
    let mut graph = Vec::new();
    files_under(&idx.join("ann_jobs"), &mut graph);
    let data = graph
        .iter()
        .find(|p| p.to_string_lossy().ends_with(".data"))
        .expect("a graph data file");
    damage(data);
    let g = graph
        .iter()
        .find(|p| p.to_string_lossy().ends_with(".graph"))
        .expect("a graph file");
    let len = std::fs::metadata(g).unwrap().len();
    std::fs::OpenOptions::new()
        .write(true)
        .open(g)
        .unwrap()
        .set_len(len / 3)
        .unwrap();
    damage(&idx.join("ann_candidates").join("keys.bin"));
    let after = answers(&Engine::open(dir.path()).unwrap());
    assert!(before == after, "answers changed after the rebuild");
    // Rebuilt and saved: the next open finds the files sound.
    std::fs::remove_dir_all(idx.join("ann_candidates")).unwrap();
    let after = answers(&Engine::open(dir.path()).unwrap());
    assert!(before == after, "answers changed after the rebuild");
}

#[test]
fn a_damaged_embedder_is_retrained_not_loaded() {
    let dir = built();
    let e = Engine::open(dir.path()).unwrap();
    // Trained on the store as it is now (the first write trained it on the vacancies alone).
    e.rebuild().unwrap();
    let before = answers(&e);
    drop(e);
    damage(&dir.path().join("index").join("embedder.bin"));
    let after = answers(&Engine::open(dir.path()).unwrap());
    // Training is deterministic: the retrained embedder gives the same answers.
    assert!(before == after, "answers changed after the retraining");
    // And it was saved sound: the next open loads it.
    bole::vector::CorpusEmbedder::load(&dir.path().join("index").join("embedder.bin")).unwrap();
}

#[test]
fn missing_or_damaged_fulltext_is_refilled_from_the_store() {
    let dir = built();
    let found = |e: &Engine| e.search_jobs("叉车", &q(50)).unwrap().len();
    let n = found(&Engine::open(dir.path()).unwrap());
    assert!(n > 0);
    let jobs_ix = dir.path().join("index").join("jobs");
    std::fs::remove_file(jobs_ix.join("meta.json")).unwrap();
    assert_eq!(found(&Engine::open(dir.path()).unwrap()), n);
    std::fs::remove_dir_all(&jobs_ix).unwrap();
    assert_eq!(found(&Engine::open(dir.path()).unwrap()), n);
    // A damaged segment file (tantivy's checksum footer no longer matches).
    let mut files = Vec::new();
    files_under(&jobs_ix, &mut files);
    // A file of a segment the committed index uses (not one a merge left for collection).
    let meta: serde_json::Value =
        serde_json::from_slice(&std::fs::read(jobs_ix.join("meta.json")).unwrap()).unwrap();
    let live: Vec<String> = meta["segments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["segment_id"].as_str().unwrap().replace('-', ""))
        .collect();
    let seg = files
        .iter()
        .filter(|p| {
            let s = p.to_string_lossy();
            let name = p.file_name().unwrap().to_string_lossy();
            live.iter().any(|id| name.starts_with(id.as_str()))
                && (s.ends_with(".idx") || s.ends_with(".store") || s.ends_with(".term"))
        })
        .max_by_key(|p| std::fs::metadata(p).unwrap().len())
        .expect("a segment file");
    damage(seg);
    let e = Engine::open(dir.path()).unwrap();
    // Caught at open and rebuilt (new segments), not left to fail searches later.
    assert!(!seg.exists(), "{} still served", seg.display());
    assert_eq!(found(&e), n);
    // Matching uses the full text too: no error after the refill.
    for c in people().iter().take(20) {
        e.jobs_for_id(&c.id, &q(10)).unwrap();
    }
}

#[test]
fn a_truncated_store_is_refused_with_its_name_and_no_panic() {
    let dir = built();
    let db = dir.path().join("records.redb");
    let len = std::fs::metadata(&db).unwrap().len();
    std::fs::OpenOptions::new()
        .write(true)
        .open(&db)
        .unwrap()
        .set_len(len / 2)
        .unwrap();
    let err = match Engine::open(dir.path()) {
        Ok(_) => panic!("a truncated store was opened"),
        Err(e) => e.to_string(),
    };
    assert!(err.contains("records.redb"), "{err}");
}

#[test]
fn an_empty_store_beside_indexes_of_records_is_refused_not_rebuilt() {
    let dir = built();
    let meta = dir.path().join("index").join("meta.json");
    let saved = std::fs::read(&meta).unwrap();
    std::fs::write(dir.path().join("records.redb"), b"").unwrap();
    for _ in 0..2 {
        let err = match Engine::open(dir.path()) {
            Ok(_) => panic!("an emptied store was served"),
            Err(e) => e.to_string(),
        };
        assert!(err.contains("records.redb"), "{err}");
        assert!(err.contains("backup"), "{err}");
        // The indexes, the only other trace of the records, are untouched.
        assert_eq!(std::fs::read(&meta).unwrap(), saved);
    }
}

#[test]
fn the_change_log_is_pruned_once_the_indexes_are_saved() {
    let dir = tempfile::tempdir().unwrap();
    let all = jobs();
    {
        let e = Engine::open(dir.path()).unwrap();
        e.put_jobs(&all[..100]).unwrap();
        e.flush().unwrap();
        assert_eq!(e.store().change_log_len().unwrap(), 0);
        // Changes after the save stay in the log until the next one …
        e.put_jobs(&all[100..110]).unwrap();
        e.delete_jobs(&[all[0].id.as_str()]).unwrap();
        assert_eq!(e.store().change_log_len().unwrap(), 11);
    }
    // … which the drop made.
    let e = Engine::open(dir.path()).unwrap();
    assert_eq!(e.store().change_log_len().unwrap(), 0);
    assert!(e.job(&all[105].id).is_ok());
    assert!(e.job(&all[0].id).is_err());
    // A write by another process while no engine is open is in the log, and replayed.
    drop(e);
    let s = bole::store::Store::open(dir.path()).unwrap();
    s.put(&all[200..201]).unwrap();
    assert_eq!(s.change_log_len().unwrap(), 1);
    drop(s);
    let e = Engine::open(dir.path()).unwrap();
    assert!(e.job(&all[200].id).is_ok());
}

#[test]
fn every_committed_write_is_published() {
    let dir = tempfile::tempdir().unwrap();
    let e = Engine::open(dir.path()).unwrap();
    let rx = e.subscribe();
    let all = jobs();
    // The first write trains the embedder (a rebuild): its records are published, then the rebuild.
    e.put_jobs(&all[..3]).unwrap();
    let got: Vec<Event> = rx.try_iter().map(|a| (*a).clone()).collect();
    let ids: Vec<String> = all[..3].iter().map(|j| j.id.clone()).collect();
    assert_eq!(
        got,
        vec![
            Event::Rebuilt {
                jobs: 3,
                candidates: 0
            },
            Event::JobsChanged {
                upserted: ids,
                deleted: vec![]
            },
        ]
    );
    e.put_jobs(&all[3..4]).unwrap();
    e.delete_jobs(&[all[0].id.as_str()]).unwrap();
    e.put_candidates(&people()[..1]).unwrap();
    e.delete_candidates(&["nobody"]).unwrap();
    let got: Vec<Event> = rx.try_iter().map(|a| (*a).clone()).collect();
    assert_eq!(
        got,
        vec![
            Event::JobsChanged {
                upserted: vec![all[3].id.clone()],
                deleted: vec![]
            },
            Event::JobsChanged {
                upserted: vec![],
                deleted: vec![all[0].id.clone()]
            },
            Event::CandidatesChanged {
                upserted: vec![people()[0].id.clone()],
                deleted: vec![]
            },
        ]
    );
}
