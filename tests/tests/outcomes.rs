//! Outcome events through the public interfaces (library, CLI, HTTP): stored once by id, refused
//! per line for unknown people and vacancies, a filled vacancy out of recommendations, a hired
//! person out of vacancy → people, assignments over open places, and everything acknowledged
//! still there after a restart.

use std::process::Command;

use bole::engine::Query;
use bole::import::Format;
use bole::ingest::Options;
use bole::model::{candidate_from_json, job_from_json, parse_date};
use bole::{Candidate, Engine, Job};
use bole_tests::{bole_bin, http, start};
use serde_json::Value;

const KEY: &str = "k-outcomes";

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

/// Two forklift vacancies in 临川区 (one place, two places) and a cook's.
const JOBS: &str = r#"{"id":"fork1","title":"叉车司机","employer":"临川物流","skills":["叉车证"],"location":{"region":"江西省抚州市临川区"},"salary":{"min":5000,"max":7000},"posted_at":"2026-11-01"}
{"id":"fork2","title":"叉车司机","employer":"抚州仓储","skills":["叉车证"],"location":{"region":"江西省抚州市临川区"},"salary":{"min":4800,"max":6500},"headcount":2}
{"id":"cook","title":"厨师","employer":"临川饭店","location":{"region":"江西省抚州市临川区"},"salary":{"min":4000,"max":5000}}"#;

fn jobs() -> Vec<Job> {
    JOBS.lines().map(|l| job_from_json(l).unwrap()).collect()
}

fn people(n: usize) -> Vec<Candidate> {
    (0..n)
        .map(|i| {
            candidate_from_json(&format!(
                r#"{{"id":"p{i}","summary":"开过{}年叉车，有叉车证","skills":["叉车证"],"desired":{{"titles":["叉车司机"],"regions":["抚州市"]}},"home":{{"region":"江西省抚州市临川区"}}}}"#,
                i + 1
            ))
            .unwrap()
        })
        .collect()
}

fn event(id: &str, kind: &str, c: &str, j: &str) -> String {
    format!(
        r#"{{"id":"{id}","type":"{kind}","candidate_id":"{c}","job_id":"{j}","at":"2026-11-20T09:30:00+08:00","source":"caseworker"}}"#
    )
}

fn import_events(e: &Engine, text: &str) -> bole::import::ImportReport {
    e.import_events(text.as_bytes(), Format::Jsonl, Options::default())
        .unwrap()
}

fn job_ids(e: &Engine, c: &Candidate) -> Vec<String> {
    e.jobs_for(c, &q(10))
        .unwrap()
        .into_iter()
        .map(|m| m.job_id)
        .collect()
}

#[test]
fn a_filled_vacancy_leaves_recommendations_and_is_still_readable() {
    let dir = tempfile::tempdir().unwrap();
    let e = Engine::open(dir.path()).unwrap();
    e.put_jobs(&jobs()).unwrap();
    let ps = people(3);
    e.put_candidates(&ps).unwrap();
    let before = job_ids(&e, &ps[0]);
    assert!(before.contains(&"fork1".to_string()), "{before:?}");
    // Applications do not fill anything; a hire fills fork1's only place.
    let r = import_events(
        &e,
        &[
            event("e1", "applied", "p1", "fork1"),
            event("e2", "applied", "p2", "fork1"),
            event("e3", "hired", "p1", "fork1"),
        ]
        .join("\n"),
    );
    assert_eq!((r.received, r.stored, r.rejected.len()), (3, 3, 0), "{r:?}");
    assert!(e.is_filled(&e.job("fork1").unwrap().job));
    let after = job_ids(&e, &ps[0]);
    assert!(!after.contains(&"fork1".to_string()), "{after:?}");
    assert!(after.contains(&"fork2".to_string()), "{after:?}");
    // Still readable by id, with its outcomes.
    let o = e.job_outcomes("fork1").unwrap();
    assert_eq!((o.applications, o.hires, o.open_places), (2, 1, 0));
    assert!(o.filled);
    assert_eq!(o.days_to_first_hire, Some(19));
    // fork2 has two places: one hire leaves it recommended.
    import_events(&e, &event("e4", "hired", "p2", "fork2"));
    assert_eq!(e.open_places(&e.job("fork2").unwrap().job), 1);
    assert!(job_ids(&e, &ps[0]).contains(&"fork2".to_string()));
    // A hired person leaves vacancy → people unless asked for.
    let fork2 = e.job("fork2").unwrap().job.clone();
    let shown = |include_hired| -> Vec<String> {
        let q = Query {
            include_hired,
            ..q(10)
        };
        e.candidates_for(&fork2, &q)
            .unwrap()
            .into_iter()
            .map(|m| m.candidate_id)
            .collect()
    };
    let default = shown(false);
    assert!(default.contains(&"p0".to_string()), "{default:?}");
    assert!(!default.contains(&"p1".to_string()) && !default.contains(&"p2".to_string()));
    assert!(shown(true).contains(&"p2".to_string()));
}

#[test]
fn duplicate_ids_are_stored_once_and_unknown_ids_are_rejected_by_line() {
    let dir = tempfile::tempdir().unwrap();
    {
        let e = Engine::open(dir.path()).unwrap();
        e.put_jobs(&jobs()).unwrap();
        e.put_candidates(&people(2)).unwrap();
        // A JSON array: each element starts its own line.
        let body = format!(
            "[\n{},\n{},\n{},\n{},\n{}\n]",
            event("a", "applied", "p0", "cook"),
            event("a", "hired", "p0", "cook"),
            event("b", "applied", "nobody", "cook"),
            event("c", "applied", "p1", "gone"),
            event("d", "shown", "p1", "cook"),
        );
        let r = import_events(&e, &body);
        assert_eq!((r.received, r.stored, r.duplicates), (5, 2, 1), "{r:?}");
        let rej: Vec<(u64, Option<&str>, Option<&str>)> = r
            .rejected
            .iter()
            .map(|x| (x.line, x.id.as_deref(), x.field.as_deref()))
            .collect();
        assert_eq!(
            rej,
            vec![
                (4, Some("b"), Some("candidate_id")),
                (5, Some("c"), Some("job_id"))
            ]
        );
        assert!(r.rejected[0].error.contains("nobody"), "{:?}", r.rejected);
        assert!(r.rejected[1].error.contains("gone"), "{:?}", r.rejected);
        // The first event with an id is the one kept: `a` stays an application.
        assert_eq!(e.job_outcomes("cook").unwrap().hires, 0);
        // Sent again: nothing stored twice, nothing counted twice.
        let again = import_events(&e, &body);
        assert_eq!((again.stored, again.duplicates), (0, 3), "{again:?}");
        let o = e.job_outcomes("cook").unwrap();
        assert_eq!((o.counts.applied, o.counts.shown), (1, 1));
        assert_eq!(e.events_counted(), 2);
    }
    // Reopened: the counts are rebuilt from the stored events.
    let e = Engine::open(dir.path()).unwrap();
    assert_eq!(e.events_counted(), 2);
    assert_eq!(
        e.store().count::<bole::outcomes::OutcomeEvent>().unwrap(),
        2
    );
    assert_eq!(e.job_outcomes("cook").unwrap().counts.applied, 1);
}

#[test]
fn assignment_after_hires_respects_open_places_and_skips_the_hired() {
    use bole::roster::{self, Options as RunOptions};
    let dir = tempfile::tempdir().unwrap();
    let e = Engine::open(dir.path()).unwrap();
    e.put_jobs(&jobs()).unwrap();
    let ps = people(6);
    e.put_candidates(&ps).unwrap();
    let opts = RunOptions {
        today: today(),
        ..Default::default()
    };
    let placed_at = |r: &roster::Roster, job: &str| {
        r.assignments
            .iter()
            .filter(|a| a.primary.as_ref().is_some_and(|p| p.job_id == job))
            .count()
    };
    let r = roster::run(&e, &ps, &opts, &|_, _| {}).unwrap();
    assert_eq!((placed_at(&r, "fork1"), placed_at(&r, "fork2")), (1, 2));
    // fork2 hires someone from outside the batch, p5 is hired at fork1: fork1 is full, fork2
    // has one open place, and p5 takes none.
    let mut outsider = people(8).pop().unwrap();
    outsider.id = "outsider".into();
    e.put_candidates(&[outsider]).unwrap();
    let rep = import_events(
        &e,
        &[
            event("h1", "hired", "outsider", "fork2"),
            event("h2", "hired", "p5", "fork1"),
        ]
        .join("\n"),
    );
    assert_eq!(rep.stored, 2, "{rep:?}");
    let r = roster::run(&e, &ps, &opts, &|_, _| {}).unwrap();
    assert_eq!((placed_at(&r, "fork1"), placed_at(&r, "fork2")), (0, 1));
    let p5 = r
        .assignments
        .iter()
        .find(|a| a.candidate_id == "p5")
        .unwrap();
    assert!(p5.primary.is_none());
    assert_eq!(p5.unplaced_reason.as_deref(), Some(roster::HIRED));
    assert_eq!(r.summary.already_hired, 1);
    assert!(r.summary.places <= 2, "{:?}", r.summary);
}

fn get(addr: &str, path: &str) -> Value {
    let (s, b) = http(addr, "GET", path, None, "");
    assert_eq!(s, 200, "{path}: {b}");
    serde_json::from_str(&b).unwrap()
}

fn matched(v: &Value, key: &str) -> Vec<String> {
    v["matches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m[key].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn events_over_the_cli_and_http_survive_a_kill_and_change_the_answers() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let write = |name: &str, text: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    };
    let import = |side: &str, file: &std::path::Path| {
        Command::new(bole_bin())
            .arg("--data")
            .arg(&data)
            .args(["import", side])
            .arg(file)
            .output()
            .unwrap()
    };
    let people_text: Vec<String> = people(3)
        .iter()
        .map(|c| serde_json::to_string(c).unwrap())
        .collect();
    assert!(import("jobs", &write("jobs.jsonl", JOBS)).status.success());
    let out = import(
        "candidates",
        &write("people.jsonl", &people_text.join("\n")),
    );
    assert!(out.status.success(), "{out:?}");
    // The CLI: a JSON array with a repeated id and an unknown vacancy (exit 1: a line rejected).
    let events = format!(
        "[{}, {}, {}]",
        event("x1", "applied", "p0", "cook"),
        event("x1", "applied", "p0", "cook"),
        event("x2", "applied", "p0", "nope"),
    );
    let out = import("events", &write("events.json", &events));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stdout} {stderr}");
    assert!(
        stdout.contains("stored 1 (1 new, 0 replaced), 1 duplicates"),
        "{stdout}"
    );
    assert!(stderr.contains("(id `x2`): field `job_id`"), "{stderr}");
    {
        let srv = start(&data, KEY);
        let before = get(&srv.addr, "/v1/candidates/p0/matches?today=2026-11-21");
        assert!(
            matched(&before, "job_id").contains(&"fork1".to_string()),
            "{before}"
        );
        let body = [
            event("y1", "hired", "p1", "fork1"),
            event("y2", "hired", "p2", "fork2"),
        ]
        .join("\n");
        assert_eq!(http(&srv.addr, "POST", "/v1/events", None, &body).0, 401);
        let (s, b) = http(&srv.addr, "POST", "/v1/events", Some(KEY), &body);
        assert_eq!(s, 200, "{b}");
        let r: Value = serde_json::from_str(&b).unwrap();
        assert_eq!(
            (r["stored"].as_u64(), r.get("duplicates")),
            (Some(2), None),
            "{r}"
        );
        let (s, b) = http(&srv.addr, "POST", "/v1/events", Some(KEY), "[");
        assert_eq!(s, 400, "{b}");
        assert!(b.contains("body"), "{b}");
        // Dropping the server kills it (SIGKILL): only what was committed remains.
    }
    let srv = start(&data, KEY);
    let after = get(&srv.addr, "/v1/candidates/p0/matches?today=2026-11-21");
    let shown = matched(&after, "job_id");
    assert!(!shown.contains(&"fork1".to_string()), "{after}");
    assert!(shown.contains(&"fork2".to_string()), "{after}");
    let fork1 = get(&srv.addr, "/v1/jobs/fork1");
    assert_eq!(fork1["fill_status"], "已招满", "{fork1}");
    assert_eq!(fork1["open_places"], 0);
    let o = get(&srv.addr, "/v1/jobs/fork2/outcomes");
    assert_eq!(
        (o["hires"].as_u64(), o["open_places"].as_u64()),
        (Some(1), Some(1)),
        "{o}"
    );
    let cook = get(&srv.addr, "/v1/jobs/cook/outcomes");
    assert_eq!(cook["applications"], 1, "{cook}");
    let region = get(&srv.addr, "/v1/outcomes?region=抚州");
    assert_eq!(region["region"], 361000, "{region}");
    assert_eq!(
        (region["places"].as_u64(), region["hires"].as_u64()),
        (Some(4), Some(2))
    );
    assert_eq!(region["filled_vacancies"], 1);
    assert_eq!(region["fill_rate"], 0.5);
    assert_eq!(region["applications_per_open_place"], 0.5);
    let people_for = |extra: &str| {
        matched(
            &get(
                &srv.addr,
                &format!("/v1/jobs/fork2/matches?today=2026-11-21{extra}"),
            ),
            "candidate_id",
        )
    };
    let default = people_for("");
    assert!(!default.contains(&"p2".to_string()), "{default:?}");
    assert!(people_for("&include_hired=true").contains(&"p2".to_string()));
    let (s, b) = http(
        &srv.addr,
        "GET",
        "/v1/jobs/fork2/matches?include_hired=maybe",
        None,
        "",
    );
    assert_eq!(s, 400, "{b}");
    assert!(b.contains("include_hired"), "{b}");
}

/// Two comparable forklift vacancies; the one ranked first gets 12 applications for its single
/// place. With the policy's congestion strength at 0 the order is exactly the order without
/// outcomes; with a strength, the flooded vacancy drops below its twin and says why.
#[test]
fn congestion_demotes_a_flooded_vacancy_only_when_the_policy_asks() {
    let twins = r#"{"id":"fa","title":"叉车司机","employer":"临川物流","skills":["叉车证"],"location":{"region":"江西省抚州市临川区"},"salary":{"min":5000,"max":7000},"posted_at":"2026-11-15","valid_until":"2026-12-31"}
{"id":"fb","title":"叉车司机","employer":"抚州仓储","skills":["叉车证"],"location":{"region":"江西省抚州市临川区"},"salary":{"min":5000,"max":7000},"posted_at":"2026-11-15","valid_until":"2026-12-31"}"#;
    let jobs: Vec<Job> = twins.lines().map(|l| job_from_json(l).unwrap()).collect();
    let ps = people(14);
    let run = |strength: f64| -> (Vec<String>, Vec<String>, Vec<String>) {
        let dir = tempfile::tempdir().unwrap();
        let mut policy = bole::rank::Policy::default();
        policy.congestion.strength = strength;
        let e = Engine::open_with(dir.path(), policy).unwrap();
        e.put_jobs(&jobs).unwrap();
        e.put_candidates(&ps).unwrap();
        let before = job_ids(&e, &ps[13]);
        let flooded = before[0].clone();
        let evs: Vec<String> = (0..12)
            .map(|i| event(&format!("a{i}"), "applied", &format!("p{i}"), &flooded))
            .collect();
        import_events(&e, &evs.join("\n"));
        let ms = e.jobs_for(&ps[13], &q(10)).unwrap();
        let reasons = ms
            .iter()
            .find(|m| m.job_id == flooded)
            .map(|m| m.reasons.clone())
            .unwrap_or_default();
        (before, ms.into_iter().map(|m| m.job_id).collect(), reasons)
    };
    let (before, after, reasons) = run(0.0);
    assert_eq!(before, after, "strength 0: the ranking without outcomes");
    assert!(!reasons.iter().any(|r| r.contains("投递")), "{reasons:?}");
    let (before, after, reasons) = run(0.1);
    assert_eq!(after.len(), 2);
    assert_eq!(
        after[1], before[0],
        "the flooded vacancy drops below its twin: {after:?}"
    );
    assert!(
        reasons.iter().any(|r| r.contains("投递已较多")),
        "{reasons:?}"
    );
}
