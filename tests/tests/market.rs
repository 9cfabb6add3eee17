//! The labour-market map through the library, the CLI and HTTP: counts per area × occupation,
//! a write visible in the next call, hired people no longer seekers, the same map after a
//! rebuild, CSV and JSON out, and bad parameters refused by name.

use std::process::Command;

use bole::import::Format;
use bole::ingest::Options;
use bole::market::{Level, Map, MapQuery};
use bole::model::{candidate_from_json, job_from_json, parse_date};
use bole::{Candidate, Engine, Job};
use bole_tests::{bole_bin, http, start};
use serde_json::Value;

const KEY: &str = "k-market";
const TODAY: &str = "2026-12-01";

/// 临川区 (27.93, 116.31): two cleaning vacancies (3 + 2 places), one electrician's asking 高中;
/// 南城县 (27.57, 116.64, about 52 km away): one cleaning vacancy.
const JOBS: &str = r#"{"id":"c1","title":"保洁员","employer":"甲物业","location":{"adcode":"361002","lat":27.93,"lon":116.31},"headcount":3,"posted_at":"2026-11-01"}
{"id":"c2","title":"保洁员","employer":"乙物业","location":{"adcode":"361002","lat":27.93,"lon":116.31},"headcount":2,"posted_at":"2026-11-11"}
{"id":"e1","title":"电工","employer":"丙电力","location":{"adcode":"361002","lat":27.93,"lon":116.31},"education":"高中","posted_at":"2026-11-26"}
{"id":"c3","title":"保洁员","employer":"甲物业","location":{"adcode":"361021","lat":27.57,"lon":116.64},"posted_at":"2026-10-22"}"#;

/// Where people live and how far they go.
const PEOPLE: &str = r#"{"id":"p1","groups":["hard_to_employ"],"desired":{"titles":["保洁员"]},"home":{"adcode":"361002","lat":27.93,"lon":116.31},"max_commute_km":10}
{"id":"p2","desired":{"titles":["保洁员"]},"home":{"adcode":"361024","lat":27.75,"lon":116.08},"max_commute_km":40}
{"id":"p3","desired":{"titles":["电工"]},"education":"初中","home":{"adcode":"361002","lat":27.93,"lon":116.31},"max_commute_km":10}
{"id":"p4","desired":{"titles":["电工"]},"education":"大专","home":{"adcode":"361002","lat":27.93,"lon":116.31},"max_commute_km":10}
{"id":"p5","desired":{"titles":["保洁员"]},"home":{"adcode":"361021","lat":27.57,"lon":116.64},"max_commute_km":60}"#;

fn jobs() -> Vec<Job> {
    JOBS.lines().map(|l| job_from_json(l).unwrap()).collect()
}

fn people() -> Vec<Candidate> {
    PEOPLE
        .lines()
        .map(|l| candidate_from_json(l).unwrap())
        .collect()
}

fn query() -> MapQuery {
    MapQuery {
        region: 361000,
        level: Level::County,
        depth: 4,
        group: None,
        today: parse_date(TODAY).unwrap(),
        thresholds: Default::default(),
    }
}

/// `(open places, seekers, reachable seekers)` of a cell named by area and occupation name.
fn cell(m: &Map, area: u32, occupation: &str) -> (u32, u32, u32) {
    m.cells
        .iter()
        .find(|c| c.area == area && c.occupation_name == occupation)
        .map(|c| {
            let f = &c.figures;
            (f.open_places, f.seekers, f.reachable_seekers)
        })
        .unwrap_or((0, 0, 0))
}

#[test]
fn the_map_follows_writes_hires_and_rebuilds() {
    let dir = tempfile::tempdir().unwrap();
    let e = Engine::open(dir.path()).unwrap();
    e.put_jobs(&jobs()).unwrap();
    e.put_candidates(&people()).unwrap();
    let m = e.market(&query()).unwrap();
    // 临川 cleaning: 5 places; p1 lives there; p1, p2 (~30 km of 40) and p5 (~52 of 60) reach.
    assert_eq!(cell(&m, 361002, "保洁员"), (5, 1, 3));
    // 临川 electrician: p3 (初中) cannot take a 高中 post, p4 can.
    assert_eq!(cell(&m, 361002, "电工"), (1, 2, 1));
    // 南城 cleaning: p5 only (p2 is ~59 km away with 40).
    assert_eq!(cell(&m, 361021, "保洁员"), (1, 1, 1));
    assert_eq!(cell(&m, 361024, "保洁员"), (0, 1, 0));
    assert_eq!(e.market_state().unwrap().people, 5);

    // A new vacancy and a new person are in the next call; a deleted person is gone.
    let mut more = jobs()[0].clone();
    more.id = "c4".into();
    more.headcount = Some(4);
    e.put_jobs(&[more]).unwrap();
    let mut p6 = people()[0].clone();
    p6.id = "p6".into();
    p6.groups.clear();
    e.put_candidates(&[p6]).unwrap();
    e.delete_candidates(&["p2"]).unwrap();
    let m = e.market(&query()).unwrap();
    assert_eq!(cell(&m, 361002, "保洁员"), (9, 2, 3));
    assert_eq!(cell(&m, 361024, "保洁员"), (0, 0, 0));

    // A hire closes a place and takes the person out of the seekers.
    let ev = r#"{"id":"h1","type":"hired","candidate_id":"p1","job_id":"c1","at":"2026-11-30T10:00:00+08:00","source":"caseworker"}"#;
    let r = e
        .import_events(ev.as_bytes(), Format::Jsonl, Options::default())
        .unwrap();
    assert_eq!(r.rejected.len(), 0, "{r:?}");
    let m = e.market(&query()).unwrap();
    assert_eq!(cell(&m, 361002, "保洁员"), (8, 1, 2));

    // Only one group's seekers.
    let mut q = query();
    q.group = Some(bole::Group::HardToEmploy);
    let g = e.market(&q).unwrap();
    assert_eq!(g.totals.figures.seekers, 0, "p1 is hired");

    // A rebuild drops the state; the next call rebuilds it from the store: the same map.
    e.rebuild().unwrap();
    assert!(!e.market_state().unwrap().built);
    assert_eq!(e.market(&query()).unwrap(), m);
    drop(e);
    let e = Engine::open(dir.path()).unwrap();
    assert_eq!(e.market(&query()).unwrap(), m, "the same after a restart");
}

#[test]
fn market_over_the_cli_as_table_json_and_csv() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let write = |name: &str, text: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    };
    for (side, file) in [
        ("jobs", write("jobs.jsonl", JOBS)),
        ("candidates", write("people.jsonl", PEOPLE)),
    ] {
        let out = Command::new(bole_bin())
            .arg("--data")
            .arg(&data)
            .args(["import", side])
            .arg(file)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let run = |args: &[&str]| {
        Command::new(bole_bin())
            .arg("--data")
            .arg(&data)
            .arg("market")
            .args(args)
            .args(["--today", TODAY])
            .output()
            .unwrap()
    };
    let out = run(&["--region", "抚州", "--occupation-depth", "4", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let m: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(m["region"], 361000);
    assert_eq!(m["level"], "county");
    assert_eq!(m["totals"]["open_places"], 7);
    assert_eq!(m["totals"]["seekers"], 5);
    let c = m["cells"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["area"] == 361002 && c["occupation_name"] == "保洁员")
        .unwrap();
    assert_eq!(
        (c["open_places"].as_u64(), c["reachable_seekers"].as_u64()),
        (Some(5), Some(3))
    );

    let out = run(&["--region", "361000", "--occupation-depth", "4", "--csv"]);
    assert!(out.status.success());
    let csv = String::from_utf8(out.stdout).unwrap();
    let mut lines = csv.trim_start_matches('\u{feff}').lines();
    assert!(lines
        .next()
        .unwrap()
        .starts_with("area,area_name,occupation,occupation_name,vacancies,open_places"));
    assert!(
        lines.any(|l| l.starts_with("361002,临川区,") && l.contains(",保洁员,2,5,2,1,3,")),
        "{csv}"
    );

    let out = run(&["--region", "抚州市", "--level", "city"]);
    assert!(out.status.success());
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(table.contains("抚州市 就业地图（按地市"), "{table}");
    assert!(table.contains("空缺岗位 7 个"), "{table}");

    let out = run(&["--region", "抚州", "--group", "students"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--group `students`"));
    let out = run(&["--region", "火星"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--region `火星`"));
}

#[test]
fn market_over_http_updates_after_a_write_and_names_bad_parameters() {
    let dir = tempfile::tempdir().unwrap();
    let s = start(dir.path(), KEY);
    let body: String = JOBS.lines().collect::<Vec<_>>().join("\n");
    let (code, _) = http(&s.addr, "POST", "/v1/jobs:bulk", Some(KEY), &body);
    assert_eq!(code, 200);
    let body: String = PEOPLE.lines().collect::<Vec<_>>().join("\n");
    let (code, _) = http(&s.addr, "POST", "/v1/candidates:bulk", Some(KEY), &body);
    assert_eq!(code, 200);
    let path = format!("/v1/market?region=361000&level=county&depth=4&today={TODAY}");
    let get = || {
        let (code, text) = http(&s.addr, "GET", &path, Some(KEY), "");
        assert_eq!(code, 200, "{text}");
        serde_json::from_str::<Value>(&text).unwrap()
    };
    let m = get();
    assert_eq!(m["totals"]["open_places"], 7);
    assert_eq!(m["areas"][0]["adcode"], 361002);
    assert!(m["areas"][0]["lat"].as_f64().is_some());

    let job = r#"{"id":"c9","title":"保洁员","employer":"丁物业","location":{"adcode":"361021","lat":27.57,"lon":116.64},"headcount":2}"#;
    let (code, text) = http(&s.addr, "PUT", "/v1/jobs/c9", Some(KEY), job);
    assert!(code == 200 || code == 201, "{code} {text}");
    assert_eq!(
        get()["totals"]["open_places"],
        9,
        "a write shows in the next call"
    );

    for (q, field) in [
        ("/v1/market?level=county", "region"),
        ("/v1/market?region=361000&level=town", "level"),
        ("/v1/market?region=361000&depth=5", "depth"),
        ("/v1/market?region=361000&group=students", "group"),
        ("/v1/market?region=999999", "region"),
    ] {
        let (code, text) = http(&s.addr, "GET", q, Some(KEY), "");
        assert_eq!(code, 400, "{q}: {text}");
        assert!(text.contains(field), "{q}: {text}");
    }
}
