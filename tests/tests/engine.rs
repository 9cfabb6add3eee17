//! The engine through its public interface: freshness, traditional input, validity, fairness,
//! reasons drawn from the pair, 托底 order, and measured ranking quality on the dev set.

use bole::engine::Query;
use bole::model::{candidate_from_json, job_from_json, parse_date};
use bole::{Candidate, Engine, Job};

fn today() -> i64 {
    parse_date("2026-11-21").unwrap()
}

fn q(top: usize) -> Query {
    Query {
        top,
        today: today(),
        ..Default::default()
    }
}

fn jobs() -> Vec<Job> {
    [
        r#"{"id":"fork","title":"叉车司机","employer":"临川物流","skills":["叉车证"],"location":{"region":"江西省抚州市临川区"},"benefits":["包吃住"],"salary":{"min":5000,"max":7000}}"#,
        r#"{"id":"java","title":"Java开发工程师","education":"本科","experience_years":1,"location":{"region":"江西省抚州市临川区"},"skills":["Java","Spring Boot"]}"#,
        r#"{"id":"clean","title":"社区公益性岗位保洁员","kind":"public_welfare","accessible":true,"location":{"region":"江西省抚州市临川区"},"salary":{"min":2000,"max":2500}}"#,
        r#"{"id":"nanny","title":"育婴师","employer":"家政公司","location":{"region":"江西省抚州市临川区"},"description":"照顾0-3岁婴幼儿<br>有育婴员证优先"}"#,
        r#"{"id":"old","title":"叉车司机","location":{"region":"江西省抚州市临川区"},"valid_until":"2026-10-01"}"#,
        r#"{"id":"far","title":"叉车司机","skills":["叉车证"],"location":{"region":"广东省广州市白云区"}}"#,
    ]
    .iter()
    .map(|t| job_from_json(t).unwrap())
    .collect()
}

fn person(json: &str) -> Candidate {
    candidate_from_json(json).unwrap()
}

fn ids(e: &Engine, c: &Candidate) -> Vec<String> {
    e.jobs_for(c, &q(10))
        .unwrap()
        .into_iter()
        .map(|m| m.job_id)
        .collect()
}

#[test]
fn new_and_deleted_vacancies_are_seen_at_once_and_after_restart() {
    let dir = tempfile::tempdir().unwrap();
    let forklift =
        person(r#"{"id":"c","summary":"开过叉车，有叉车证","desired":{"regions":["抚州市"]}}"#);
    {
        let e = Engine::open(dir.path()).unwrap();
        e.put_jobs(&jobs()).unwrap();
        let got = ids(&e, &forklift);
        assert_eq!(got[0], "fork");
        assert!(
            !got.contains(&"old".to_string()),
            "expired vacancy shown: {got:?}"
        );
        assert!(
            !got.contains(&"far".to_string()),
            "outside the desired region: {got:?}"
        );
        e.delete_jobs(&["fork"]).unwrap();
        assert!(!ids(&e, &forklift).contains(&"fork".to_string()));
    }
    // Another process writes while no engine is open: the next open catches up from the change log.
    {
        let s = bole::store::Store::open(dir.path()).unwrap();
        let mut j = jobs()[0].clone();
        j.id = "fork2".into();
        s.put(&[j]).unwrap();
    }
    let e = Engine::open(dir.path()).unwrap();
    let got = ids(&e, &forklift);
    assert_eq!(got[0], "fork2");
    assert!(!got.contains(&"fork".to_string()));
}

#[test]
fn traditional_profile_ranks_exactly_like_its_simplified_twin() {
    let dir = tempfile::tempdir().unwrap();
    let e = Engine::open(dir.path()).unwrap();
    e.put_jobs(&jobs()).unwrap();
    let simp = person(
        r#"{"id":"s","summary":"会带小孩，有育婴员证，想找离家近的工作","home":{"region":"江西省抚州市临川区"}}"#,
    );
    let trad = person(
        r#"{"id":"t","summary":"會帶小孩，有育嬰員證，想找離家近的工作","home":{"region":"江西省撫州市臨川區"}}"#,
    );
    let a = e.jobs_for(&simp, &q(10)).unwrap();
    let b = e.jobs_for(&trad, &q(10)).unwrap();
    assert_eq!(a[0].job_id, "nanny");
    let key = |v: &[bole::engine::JobMatch]| {
        v.iter()
            .map(|m| (m.job_id.clone(), m.score))
            .collect::<Vec<_>>()
    };
    assert_eq!(key(&a), key(&b));
}

#[test]
fn protected_statements_do_not_change_the_ranking() {
    let dir = tempfile::tempdir().unwrap();
    let e = Engine::open(dir.path()).unwrap();
    e.put_jobs(&jobs()).unwrap();
    let plain = person(
        r#"{"id":"a","summary":"开过叉车，有叉车证","home":{"region":"江西省抚州市临川区"}}"#,
    );
    let stated = person(
        r#"{"id":"a","summary":"本人男，汉族，农村户口，开过叉车，有叉车证，信仰佛教","home":{"region":"江西省抚州市临川区"}}"#,
    );
    let key = |c: &Candidate| {
        e.jobs_for(c, &q(10))
            .unwrap()
            .into_iter()
            .map(|m| (m.job_id, m.score, m.reasons))
            .collect::<Vec<_>>()
    };
    assert_eq!(key(&plain), key(&stated));
}

#[test]
fn reasons_come_from_the_pair() {
    let dir = tempfile::tempdir().unwrap();
    let e = Engine::open(dir.path()).unwrap();
    e.put_jobs(&jobs()).unwrap();
    let forklift = person(
        r#"{"id":"f","groups":["migrant_worker"],"certificates":["叉车证"],"desired":{"titles":["叉车工"]},"home":{"region":"江西省抚州市临川区"}}"#,
    );
    let weak = person(
        r#"{"id":"w","groups":["hard_to_employ","disabled"],"summary":"腿脚不便，想找离家近的轻体力活","home":{"region":"江西省抚州市临川区"},"needs":{"accessible":true}}"#,
    );
    let m = e.jobs_for(&forklift, &q(3)).unwrap();
    assert_eq!(m[0].job_id, "fork");
    assert!(
        m[0].reasons.iter().any(|r| r.contains("叉车证")),
        "{:?}",
        m[0].reasons
    );
    assert!(
        m[0].reasons.iter().any(|r| r.contains("包吃住")),
        "{:?}",
        m[0].reasons
    );
    let w = e.jobs_for(&weak, &q(3)).unwrap();
    assert_eq!(w[0].job_id, "clean", "{w:?}");
    assert!(
        w[0].reasons.iter().any(|r| r.contains("公益性岗位")),
        "{:?}",
        w[0].reasons
    );
    assert!(
        w[0].reasons.iter().any(|r| r.contains("无障碍")),
        "{:?}",
        w[0].reasons
    );
    // The same vacancy explained to two different people gets different reasons.
    let f_clean = e
        .jobs_for(&forklift, &q(10))
        .unwrap()
        .into_iter()
        .find(|m| m.job_id == "clean");
    if let Some(fc) = f_clean {
        assert_ne!(fc.reasons, w[0].reasons);
    }
}

#[test]
fn at_equal_fit_the_safety_net_comes_first() {
    let dir = tempfile::tempdir().unwrap();
    let e = Engine::open(dir.path()).unwrap();
    e.put_jobs(&jobs()).unwrap();
    let body = r#""summary":"做过保洁，想找社区保洁工作","home":{"region":"江西省抚州市临川区"}"#;
    let people = vec![
        person(&format!(r#"{{"id":"a-plain",{body}}}"#)),
        person(&format!(
            r#"{{"id":"z-zero","groups":["zero_employment_family"],{body}}}"#
        )),
    ];
    e.put_candidates(&people).unwrap();
    let mut job = jobs()[2].clone();
    job.kind = bole::JobKind::FullTime; // no group bonus: only the tie-break may separate them
    job.id = "clean-ft".into();
    let m = e.candidates_for(&job, &q(10)).unwrap();
    let order: Vec<&str> = m.iter().map(|m| m.candidate_id.as_str()).collect();
    assert_eq!(order, vec!["z-zero", "a-plain"], "{m:?}");
    assert!(m[0].reasons.iter().any(|r| r.contains("零就业家庭")));
}

#[test]
fn ranker_beats_bm25_on_the_labelled_dev_set() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpus/devset");
    let jobs: Vec<Job> = std::fs::read_to_string(root.join("jobs.jsonl"))
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| job_from_json(l).unwrap())
        .collect();
    let people: Vec<Candidate> = std::fs::read_to_string(root.join("people.jsonl"))
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| candidate_from_json(l).unwrap())
        .collect();
    let judgments =
        bole::eval::parse_judgments(&std::fs::read_to_string(root.join("judgments.tsv")).unwrap())
            .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let e = Engine::open(dir.path()).unwrap();
    e.put_jobs(&jobs).unwrap();
    let r = bole::eval::evaluate(&e, &people, &judgments, today()).unwrap();
    let (full, bm25) = &r.groups["all"];
    assert!(full.ndcg10 >= 0.80, "ranker nDCG@10 {:.3}", full.ndcg10);
    assert!(
        full.ndcg10 >= bm25.ndcg10 + 0.05,
        "ranker {:.3} vs bm25 {:.3}",
        full.ndcg10,
        bm25.ndcg10
    );
}

/// The vector graphs are saved on a cadence, not per write; an engine that stops without saving
/// (a crash) must still find every write after reopening, by replaying the store's change log.
#[test]
fn writes_survive_an_engine_that_never_saved_its_indexes() {
    /// Copies `from` into `to`; `Err` if a file vanished while copying (a background merge
    /// collected it).
    fn copy_dir(from: &std::path::Path, to: &std::path::Path) -> std::io::Result<()> {
        std::fs::create_dir_all(to)?;
        for e in std::fs::read_dir(from)? {
            let e = e?;
            let dest = to.join(e.file_name());
            if e.file_type()?.is_dir() {
                copy_dir(&e.path(), &dest)?;
            } else if e.file_name() != ".tantivy-writer.lock" {
                std::fs::copy(e.path(), dest)?;
            }
        }
        Ok(())
    }
    /// Every `meta.json` under `dir`, by path: what the full-text indexes had committed.
    fn metas(dir: &std::path::Path, out: &mut Vec<(std::path::PathBuf, Vec<u8>)>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let path = e.path();
            if path.is_dir() {
                metas(&path, out);
            } else if e.file_name() == "meta.json" {
                if let Ok(bytes) = std::fs::read(&path) {
                    out.push((path, bytes));
                }
            }
        }
    }
    /// What a crash at one instant would leave. The engine is live and tantivy may be merging
    /// segments in the background (which rewrites meta.json and deletes the merged files), so
    /// a copy only counts if no committed index changed while it was taken.
    fn snapshot(from: &std::path::Path, to: &std::path::Path) {
        for _ in 0..200 {
            let (mut before, mut after) = (Vec::new(), Vec::new());
            metas(from, &mut before);
            let _ = std::fs::remove_dir_all(to);
            let copied = copy_dir(from, to);
            metas(from, &mut after);
            before.sort();
            after.sort();
            if copied.is_ok() && before == after {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(25));
        }
        panic!("no consistent copy of {} in 200 tries", from.display());
    }
    let dir = tempfile::tempdir().unwrap();
    let crashed = tempfile::tempdir().unwrap();
    let forklift =
        person(r#"{"id":"c","summary":"开过叉车，有叉车证","desired":{"regions":["抚州市"]}}"#);
    {
        let e = Engine::open(dir.path()).unwrap();
        e.put_jobs(&jobs()).unwrap();
        e.flush().unwrap();
    }
    {
        let e = Engine::open(dir.path()).unwrap();
        let extra = job_from_json(
            r#"{"id":"fork2","title":"叉车司机","skills":["叉车证"],"location":{"region":"江西省抚州市临川区"},"salary":{"min":6000,"max":8000}}"#,
        )
        .unwrap();
        e.put_jobs(&[extra]).unwrap();
        e.delete_jobs(&["fork"]).unwrap();
        // A copy of the data directory now is what a crash would leave: committed store,
        // committed full-text segments, vector graphs and meta.json from the earlier save.
        snapshot(dir.path(), crashed.path());
    }
    let e = Engine::open(crashed.path()).unwrap();
    let got = ids(&e, &forklift);
    assert_eq!(got.first().map(String::as_str), Some("fork2"), "{got:?}");
    assert!(
        !got.contains(&"fork".to_string()),
        "deleted vacancy back: {got:?}"
    );
    assert_eq!(e.job("fork2").unwrap().job.title, "叉车司机");
}

#[test]
fn deferred_commits_keep_records_live_and_reach_keyword_search_at_the_next_commit() {
    let dir = tempfile::tempdir().unwrap();
    let e = Engine::open(dir.path()).unwrap();
    e.put_jobs(&jobs()).unwrap();
    e.set_deferred_commit(true);
    let extra = job_from_json(
        r#"{"id":"baker","title":"面包师","location":{"region":"江西省抚州市资溪县"}}"#,
    )
    .unwrap();
    e.put_jobs(&[extra]).unwrap();
    // The record is live at once …
    assert_eq!(e.job("baker").unwrap().job.title, "面包师");
    let found = |e: &Engine| {
        e.search_jobs("面包师", &q(10))
            .unwrap()
            .iter()
            .any(|h| h.id == "baker")
    };
    // … keyword search sees it after the commit.
    assert!(!found(&e));
    assert!(e.commit_pending().unwrap());
    assert!(found(&e));
    assert!(!e.commit_pending().unwrap(), "nothing left to commit");
    // A withdrawn vacancy leaves keyword search at once, before the next commit.
    e.delete_jobs(&["baker"]).unwrap();
    assert!(!found(&e), "a deleted vacancy is still searchable");
    assert!(e.commit_pending().unwrap());
    assert!(!found(&e));
}

/// People's profiles are cached for vacancy → people matching; a changed record must not be
/// served from the cache.
#[test]
fn an_updated_person_is_ranked_from_the_new_record() {
    let dir = tempfile::tempdir().unwrap();
    let e = Engine::open(dir.path()).unwrap();
    e.put_jobs(&jobs()).unwrap();
    let before = person(
        r#"{"id":"p1","groups":["migrant_worker"],"summary":"开过叉车，有叉车证","home":{"region":"江西省抚州市临川区"}}"#,
    );
    e.put_candidates(&[before]).unwrap();
    let fork = e.job("fork").unwrap().job.clone();
    let m = e.candidates_for(&fork, &q(5)).unwrap();
    let p1 = m
        .iter()
        .find(|m| m.candidate_id == "p1")
        .expect("p1 matched");
    assert!(!p1.priority);
    let after = person(
        r#"{"id":"p1","groups":["hard_to_employ"],"summary":"开过叉车，有叉车证","home":{"region":"江西省抚州市临川区"}}"#,
    );
    e.put_candidates(&[after]).unwrap();
    let m = e.candidates_for(&fork, &q(5)).unwrap();
    let p1 = m
        .iter()
        .find(|m| m.candidate_id == "p1")
        .expect("p1 matched");
    assert!(p1.priority, "stale cached profile: {p1:?}");
    assert!(p1.reasons[0].starts_with("托底优先"), "{:?}", p1.reasons);
}

/// Matches by id reuse the vector indexed at write time: the answer must be the one the stored
/// record gives, and must follow an update of the record.
#[test]
fn matches_by_id_are_the_matches_of_the_stored_record() {
    let dir = tempfile::tempdir().unwrap();
    let e = Engine::open(dir.path()).unwrap();
    e.put_jobs(&jobs()).unwrap();
    let people = [
        r#"{"id":"a","summary":"开过叉车，有叉车证","home":{"region":"江西省抚州市临川区"}}"#,
        r#"{"id":"b","education":"本科","skills":["Java"],"desired":{"titles":["后端开发"],"regions":["江西省抚州市"]}}"#,
        r#"{"id":"c","groups":["hard_to_employ"],"summary":"腿脚不便，想找离家近的活","home":{"region":"江西省抚州市临川区"}}"#,
        r#"{"id":"d","summary":"带过孩子，有育婴员证","desired":{"regions":["江西省抚州市"]}}"#,
    ];
    let people: Vec<Candidate> = people.iter().map(|t| person(t)).collect();
    e.put_candidates(&people).unwrap();
    let same = |e: &Engine, c: &Candidate| {
        let by_record = e.jobs_for(c, &q(10)).unwrap();
        let by_id = e.jobs_for_id(&c.id, &q(10)).unwrap();
        let ids = |m: &[bole::engine::JobMatch]| {
            let mut v: Vec<String> = m.iter().map(|m| m.job_id.clone()).collect();
            v.sort();
            v
        };
        assert_eq!(ids(&by_record), ids(&by_id), "{}", c.id);
        for m in &by_id {
            let r = by_record.iter().find(|r| r.job_id == m.job_id).unwrap();
            assert!((r.score - m.score).abs() < 1e-4, "{}: {r:?} vs {m:?}", c.id);
        }
        by_id
    };
    // The vacancy → people direction keeps profiles of its own (without the query for
    // vacancies); by-id answers that follow it, and answers asked twice (kept derived), must not
    // change.
    for j in jobs() {
        e.candidates_for(&j, &q(10)).unwrap();
    }
    for _ in 0..2 {
        for c in &people {
            same(&e, c);
        }
    }
    // `a` becomes a nanny: the answer by id follows the new record, not the indexed old one.
    let changed = person(
        r#"{"id":"a","summary":"带过孩子，有育婴员证","desired":{"titles":["育婴师"],"regions":["江西省抚州市"]}}"#,
    );
    e.put_candidates(std::slice::from_ref(&changed)).unwrap();
    let m = same(&e, &changed);
    assert_eq!(m.first().map(|m| m.job_id.as_str()), Some("nanny"), "{m:?}");
    assert!(matches!(
        e.jobs_for_id("nobody", &q(10)),
        Err(bole::Error::NotFound { .. })
    ));
    // A deleted person is gone from the answers by id too, whatever was derived before.
    e.delete_candidates(&["d"]).unwrap();
    assert!(matches!(
        e.jobs_for_id("d", &q(10)),
        Err(bole::Error::NotFound { .. })
    ));
    same(&e, &people[1]);
}

#[test]
fn postings_the_screen_finds_risky_are_demoted_and_warned_of_by_the_policy_key() {
    let trap = job_from_json(
        r#"{"id":"trap","title":"叉车司机","skills":["叉车证"],"location":{"region":"江西省抚州市临川区"},"salary":{"min":5,"max":10},"description":"月入8000-12000元，0元入职，当天安排住宿"}"#,
    )
    .unwrap();
    let forklift =
        person(r#"{"id":"c","summary":"开过叉车，有叉车证","desired":{"regions":["抚州市"]}}"#);
    let score_of = |policy: bole::rank::Policy| {
        let dir = tempfile::tempdir().unwrap();
        let e = Engine::open_with(dir.path(), policy).unwrap();
        let mut all = jobs();
        all.push(trap.clone());
        e.put_jobs(&all).unwrap();
        let got = e.jobs_for(&forklift, &q(10)).unwrap();
        let m = got.iter().find(|m| m.job_id == "trap").unwrap().clone();
        let rank = got.iter().position(|m| m.job_id == "trap").unwrap();
        (m.score, m.reasons, rank)
    };
    let mut off = bole::rank::Policy::default();
    off.penalties.risk_medium = 0.0;
    off.penalties.risk_high = 0.0;
    let (plain, plain_reasons, plain_rank) = score_of(off);
    let (demoted, reasons, rank) = score_of(bole::rank::Policy::default());
    let policy = bole::rank::Policy::default();
    let high = policy.penalties.risk_high;
    assert!(high > 0.0);
    // Scores are answered on the 0–1 scale (raw ÷ the policy's highest attainable score).
    let max = bole::present::max_score(&policy);
    assert!(
        ((plain - demoted) * max - high).abs() < 1e-3,
        "{plain} - {demoted} should be the high-risk penalty {high} on the scale of {max}"
    );
    assert!(rank >= plain_rank, "moved up: {plain_rank} -> {rank}");
    assert!(
        reasons
            .iter()
            .any(|r| r.starts_with("注意") && r.contains("招聘陷阱")),
        "{reasons:?}"
    );
    assert!(!plain_reasons.is_empty());
}
