//! Match answers a platform can show without a second call, through the real `bole` binary: the
//! CLI (`bole match --candidate/--job/--candidates`) and the HTTP API (`bole serve`). A vacancy
//! comes with title, employer, place, pay (text and figures with their unit), kind and distance;
//! a person with groups, region, education and distance, never a name or phone; every score on
//! the stated 0–1 scale.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};

use serde_json::Value;

const TODAY: &str = "2026-12-07";

fn bole(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_bole"))
        .arg("--data")
        .arg(data)
        .args(args)
        .output()
        .expect("run bole")
}

// Vacancies near 抚州市临川区 with the traits several group bonuses reward (board, daily pay, a
// public-welfare post, no barrier), so raw scores go above 1 for people in those groups.
const JOBS: &str = r#"{"id":"j1","title":"仓库管理员","employer":"抚州某物流公司","description":"负责出入库、盘点，会开叉车优先，包吃住，日结","skills":["叉车证"],"location":{"region":"江西省抚州市临川区","lat":27.95,"lon":116.36},"salary":{"min":4000,"max":6000,"months":13},"kind":"full_time","headcount":2}
{"id":"j2","title":"社区保洁员","kind":"public_welfare","description":"社区公共区域保洁，包吃住，时间灵活，无学历要求","location":{"region":"江西省抚州市临川区","lat":27.97,"lon":116.35},"accessible":true}
{"id":"j3","title":"叉车司机","employer":"临川某制造厂","kind":"part_time","description":"开叉车，包住，日结","location":{"region":"江西省抚州市临川区"},"salary":{"max":5000}}
"#;

// People with name and phone fields beside the record contract's (kept as unknown fields):
// they must never leave in a match answer.
const PEOPLE: &str = r#"{"id":"c1","name":"张三","phone":"13800000000","groups":["migrant_worker","hard_to_employ","disabled"],"education":"初中","summary":"在仓库干过三年，会开叉车，有叉车证","desired":{"titles":["仓管","叉车司机"],"regions":["抚州市"]},"home":{"region":"江西省抚州市临川区","lat":27.98,"lon":116.35},"needs":{"accommodation":true}}
{"id":"c2","name":"李四","phone":"13900000000","groups":["graduate"],"education":"大专","summary":"物流管理专业，想做仓管","desired":{"titles":["仓管"],"regions":["抚州市"]},"home":{"region":"江西省抚州市临川区"}}
"#;

fn setup() -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let jobs = dir.path().join("jobs.jsonl");
    let people = dir.path().join("people.jsonl");
    std::fs::write(&jobs, JOBS).unwrap();
    std::fs::write(&people, PEOPLE).unwrap();
    for (side, file) in [("jobs", &jobs), ("candidates", &people)] {
        let o = bole(&data, &["import", side, file.to_str().unwrap()]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    (dir, data, people)
}

fn score_in_scale(m: &Value) {
    let s = m["score"].as_f64().unwrap_or(-1.0);
    assert!((0.0..=1.0).contains(&s), "score off the 0–1 scale: {m}");
}

/// A vacancy match carries what a platform shows.
fn assert_vacancy_match(m: &Value) {
    score_in_scale(m);
    assert!(m["job_id"].is_string(), "{m}");
    assert!(!m["reasons"].as_array().unwrap().is_empty(), "{m}");
    assert!(!m["title"].as_str().unwrap().is_empty(), "{m}");
    assert!(m["place"].is_string(), "{m}");
    assert!(m["pay"].is_string(), "{m}");
    assert!(m["kind"].is_string() && m["kind_label"].is_string(), "{m}");
    for k in ["employer", "pay_range", "distance_km"] {
        assert!(m.get(k).is_some(), "no `{k}` (null when unknown): {m}");
    }
    match m["job_id"].as_str().unwrap() {
        "j1" => {
            assert_eq!(m["title"], "仓库管理员");
            assert_eq!(m["employer"], "抚州某物流公司");
            assert_eq!(m["place"], "江西省抚州市临川区");
            assert_eq!(m["pay"], "4000-6000元/月");
            assert_eq!(m["pay_range"]["min"], 4000.0);
            assert_eq!(m["pay_range"]["max"], 6000.0);
            assert_eq!(m["pay_range"]["unit"], "month");
            assert_eq!(m["pay_range"]["months"], 13);
            assert_eq!(m["kind"], "full_time");
            assert_eq!(m["kind_label"], "全职");
        }
        "j2" => {
            assert_eq!(m["pay"], "面议");
            assert!(m["pay_range"].is_null(), "{m}");
            assert!(m["employer"].is_null(), "{m}");
            assert_eq!(m["kind_label"], "公益性岗位");
        }
        "j3" => {
            assert_eq!(m["pay"], "最高5000元/月");
            assert!(m["pay_range"]["min"].is_null(), "{m}");
            assert_eq!(m["pay_range"]["max"], 5000.0);
            assert_eq!(m["kind_label"], "兼职");
        }
        other => panic!("unexpected vacancy {other}"),
    }
}

/// A person match carries groups, region, education and distance, and no name or phone.
fn assert_person_match(m: &Value) {
    score_in_scale(m);
    assert!(!m["reasons"].as_array().unwrap().is_empty(), "{m}");
    assert!(
        m["groups"].is_array() && m.get("distance_km").is_some(),
        "{m}"
    );
    let text = m.to_string();
    for secret in [
        "张三",
        "李四",
        "13800000000",
        "13900000000",
        "\"name\"",
        "\"phone\"",
    ] {
        assert!(!text.contains(secret), "{secret} in a match answer: {m}");
    }
    match m["candidate_id"].as_str().unwrap() {
        "c1" => {
            assert_eq!(
                m["groups"],
                serde_json::json!(["migrant_worker", "hard_to_employ", "disabled"])
            );
            assert_eq!(m["region"], "江西省抚州市临川区");
            assert_eq!(m["education"], "初中");
            let km = m["distance_km"]
                .as_f64()
                .expect("both places have coordinates");
            assert!(km > 0.0 && km < 10.0, "{m}");
        }
        "c2" => {
            assert_eq!(m["education"], "大专");
            assert_eq!(m["region"], "江西省抚州市临川区");
        }
        other => panic!("unexpected person {other}"),
    }
}

fn ids(answer: &Value) -> Vec<String> {
    answer["matches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["job_id"].as_str().unwrap().to_string())
        .collect()
}

fn lines(o: &Output) -> Vec<Value> {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

#[test]
fn cli_matches_are_self_contained_and_scored_zero_to_one() {
    let (_dir, data, people) = setup();
    let by_id = lines(&bole(
        &data,
        &["match", "--candidate", "c1", "--today", TODAY],
    ));
    let ms = by_id[0]["matches"].as_array().unwrap();
    assert_eq!(ms.len(), 3, "{}", by_id[0]);
    ms.iter().for_each(assert_vacancy_match);
    // The scale keeps the order: best first.
    let scores: Vec<f64> = ms.iter().map(|m| m["score"].as_f64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    let j1 = ms.iter().find(|m| m["job_id"] == "j1").unwrap();
    assert!(j1["distance_km"].as_f64().is_some_and(|k| k < 10.0), "{j1}");

    let file = lines(&bole(
        &data,
        &[
            "match",
            "--candidates",
            people.to_str().unwrap(),
            "--today",
            TODAY,
        ],
    ));
    assert_eq!(file.len(), 2);
    for l in &file {
        assert!(l.to_string().find("13800000000").is_none(), "{l}");
        l["matches"]
            .as_array()
            .unwrap()
            .iter()
            .for_each(assert_vacancy_match);
    }
    // The same person matched from the file and by id gets the same list.
    assert_eq!(ids(&file[0]), ids(&by_id[0]));

    let people = lines(&bole(&data, &["match", "--job", "j1", "--today", TODAY]));
    let ms = people[0]["matches"].as_array().unwrap();
    assert!(
        ms.iter().any(|m| m["candidate_id"] == "c1"),
        "{}",
        people[0]
    );
    ms.iter().for_each(assert_person_match);
}

struct Server(Child, String);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn serve(data: &Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_bole"))
        .arg("--data")
        .arg(data)
        .args(["serve", "--addr", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start bole serve");
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    let addr = loop {
        line.clear();
        assert!(out.read_line(&mut line).unwrap() > 0, "bole serve exited");
        if let Some(a) = line.trim().strip_prefix("bole serving on http://") {
            break a.to_string();
        }
    };
    std::thread::spawn(move || {
        let mut sink = String::new();
        let _ = out.read_to_string(&mut sink);
    });
    Server(child, addr)
}

/// One request on a fresh connection; the JSON answer (axum sends a length, not chunks).
fn call(addr: &str, method: &str, path: &str, body: &str) -> Value {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut raw = String::new();
    s.read_to_string(&mut raw).unwrap();
    let (head, rest) = raw.split_once("\r\n\r\n").unwrap();
    assert!(head.starts_with("HTTP/1.1 200"), "{head}\n{rest}");
    serde_json::from_str(rest).unwrap()
}

#[test]
fn http_matches_are_self_contained_and_scored_zero_to_one() {
    let (_dir, data, _) = setup();
    let srv = serve(&data);
    let v = call(
        &srv.1,
        "GET",
        &format!("/v1/candidates/c1/matches?today={TODAY}"),
        "",
    );
    let ms = v["matches"].as_array().unwrap();
    assert_eq!(ms.len(), 3, "{v}");
    ms.iter().for_each(assert_vacancy_match);

    let person = PEOPLE.lines().next().unwrap();
    let posted = call(&srv.1, "POST", &format!("/v1/match?today={TODAY}"), person);
    assert_eq!(ids(&posted), ids(&v));
    posted["matches"]
        .as_array()
        .unwrap()
        .iter()
        .for_each(assert_vacancy_match);

    let v = call(
        &srv.1,
        "GET",
        &format!("/v1/jobs/j1/matches?today={TODAY}"),
        "",
    );
    let ms = v["matches"].as_array().unwrap();
    assert!(ms.iter().any(|m| m["candidate_id"] == "c1"), "{v}");
    ms.iter().for_each(assert_person_match);

    // The document states the scale and the new fields.
    let doc = call(&srv.1, "GET", "/openapi.json", "");
    let text = doc["components"]["schemas"].to_string();
    for name in ["VacancyCard", "PersonCard", "PayRange"] {
        assert!(text.contains(name), "{name} not described");
    }
    let score = &doc["components"]["schemas"]["JobMatch"];
    assert!(score.to_string().contains("\"maximum\":1"), "{score}");
}
