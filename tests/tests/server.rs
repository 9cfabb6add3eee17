//! The HTTP server as a client sees it: the real `bole serve` on a loopback port.
//!
//! * every write acknowledged with 200/201 survives `kill -9` and a restart on the same directory;
//! * SIGTERM lets a request in flight finish and the process exit cleanly.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use bole_tests::{http, Server};
use serde_json::Value;

const KEY: &str = "k-integration";

/// Start `bole serve` on `data` with this file's write key.
fn start(data: &Path) -> Server {
    bole_tests::start(data, KEY)
}

fn job(i: usize) -> String {
    format!(
        r#"{{"id":"hj{i}","title":"叉车司机{i}","employer":"某物流公司{}","description":"持证上岗，包吃住","location":{{"region":"广东省广州市白云区"}},"salary":{{"min":5000,"max":7000}}}}"#,
        i % 7
    )
}

fn candidate(i: usize) -> String {
    format!(
        r#"{{"id":"hc{i}","groups":["migrant_worker"],"summary":"开过{i}年叉车，有叉车证","desired":{{"regions":["广州市"]}}}}"#
    )
}

#[test]
fn acknowledged_writes_survive_sigkill() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let mut jobs = Vec::new();
    let mut cands = Vec::new();
    {
        let srv = start(&data);
        for i in 0..15 {
            let (s, b) = http(
                &srv.addr,
                "PUT",
                &format!("/v1/jobs/hj{i}"),
                Some(KEY),
                &job(i),
            );
            assert!(s == 200 || s == 201, "{s} {b}");
            jobs.push(format!("hj{i}"));
            let (s, b) = http(
                &srv.addr,
                "PUT",
                &format!("/v1/candidates/hc{i}"),
                Some(KEY),
                &candidate(i),
            );
            assert!(s == 200 || s == 201, "{s} {b}");
            cands.push(format!("hc{i}"));
        }
        let bulk: Vec<String> = (100..160).map(job).collect();
        let (s, b) = http(
            &srv.addr,
            "POST",
            "/v1/jobs:bulk",
            Some(KEY),
            &bulk.join("\n"),
        );
        assert_eq!(s, 200, "{b}");
        let v: Value = serde_json::from_str(&b).unwrap();
        assert_eq!(v["stored"], 60, "{v}");
        jobs.extend((100..160).map(|i| format!("hj{i}")));
        let (s, _) = http(&srv.addr, "DELETE", "/v1/jobs/hj0", Some(KEY), "");
        assert_eq!(s, 200);
        // A write refused is not stored.
        let (s, _) = http(
            &srv.addr,
            "PUT",
            "/v1/jobs/nokey",
            None,
            &job(999).replace("hj999", "nokey"),
        );
        assert_eq!(s, 401);
        // Keyword search sees new vacancies within the server's commit interval.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        loop {
            let (s, b) = http(&srv.addr, "GET", "/v1/search/jobs?q=叉车司机159", None, "");
            assert_eq!(s, 200, "{b}");
            if b.contains("\"hj159\"") {
                break;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "hj159 never reached keyword search: {b}"
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        // Dropping the handle sends SIGKILL: no chance to flush anything after the answers.
    }
    let srv = start(&data);
    for id in &jobs[1..] {
        let (s, b) = http(&srv.addr, "GET", &format!("/v1/jobs/{id}"), None, "");
        assert_eq!(s, 200, "job {id} lost after kill -9: {b}");
        let v: Value = serde_json::from_str(&b).unwrap();
        assert_eq!(v["id"], id.as_str());
    }
    for id in &cands {
        let (s, b) = http(&srv.addr, "GET", &format!("/v1/candidates/{id}"), None, "");
        assert_eq!(s, 200, "candidate {id} lost after kill -9: {b}");
    }
    assert_eq!(
        http(&srv.addr, "GET", "/v1/jobs/hj0", None, "").0,
        404,
        "the delete survives too"
    );
    assert_eq!(http(&srv.addr, "GET", "/v1/jobs/nokey", None, "").0, 404);
    // The indexes caught up with the store: the restarted server matches on the new records.
    let (s, b) = http(
        &srv.addr,
        "GET",
        "/v1/candidates/hc3/matches?top=5",
        None,
        "",
    );
    assert_eq!(s, 200, "{b}");
    let v: Value = serde_json::from_str(&b).unwrap();
    assert!(!v["matches"].as_array().unwrap().is_empty(), "{v}");
}

#[test]
fn sigterm_finishes_the_request_in_flight() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let mut srv = start(&data);
    let bulk: Vec<String> = (0..3000).map(candidate).collect();
    let body = bulk.join("\n");
    let addr = srv.addr.clone();
    let writer =
        std::thread::spawn(move || http(&addr, "POST", "/v1/candidates:bulk", Some(KEY), &body));
    // Give the request time to be read and handed to the engine, then ask the server to stop.
    std::thread::sleep(Duration::from_millis(300));
    let pid = srv.child.id().to_string();
    assert!(Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap()
        .success());
    let (s, b) = writer.join().unwrap();
    assert_eq!(s, 200, "{b}");
    let v: Value = serde_json::from_str(&b).unwrap();
    assert_eq!(v["stored"], 3000);
    let deadline = Instant::now() + Duration::from_secs(40);
    let status = loop {
        if let Some(st) = srv.child.try_wait().unwrap() {
            break st;
        }
        assert!(
            Instant::now() < deadline,
            "server did not exit after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status:?}");
    drop(srv);
    let srv = start(&data);
    assert_eq!(
        http(&srv.addr, "GET", "/v1/candidates/hc2999", None, "").0,
        200
    );
}
