//! Hardening as an operator meets it: a full disk, slow or oversized clients, closed reads, the
//! command line beside a running server. Each test drives the real `bole` binary.

use std::path::Path;
use std::process::Command;

use bole_tests::{bole_bin, http, start_with};
use serde_json::Value;

const KEY: &str = "k-hardening";
const FULL: &str = bole::store::FAULT_DISK_FULL_ENV;

fn job(id: &str) -> String {
    format!(
        r#"{{"id":"{id}","title":"叉车司机","employer":"某物流公司","location":{{"region":"广东省广州市白云区"}},"salary":{{"min":5000,"max":7000}}}}"#
    )
}

fn json(body: &str) -> Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("not JSON ({e}): {body}"))
}

/// One "no space left on device" during a write: that write is refused with 507/503 naming the
/// disk (never acknowledged), `/health` reports the degraded store, and once space is back the
/// store reopens and serves again without a restart; nothing acknowledged is lost.
#[test]
fn a_full_disk_is_reported_and_recovered_without_restart() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let flag = dir.path().join("disk-full");
    let srv = start_with(&data, KEY, &[], &[(FULL, &flag)]);
    let (s, b) = http(&srv.addr, "PUT", "/v1/jobs/a", Some(KEY), &job("a"));
    assert_eq!(s, 201, "{b}");
    let (s, b) = http(&srv.addr, "GET", "/health", None, "");
    assert_eq!((s, json(&b)["status"].as_str()), (200, Some("ok")), "{b}");

    std::fs::write(&flag, "").unwrap();
    let (s, b) = http(&srv.addr, "PUT", "/v1/jobs/b", Some(KEY), &job("b"));
    assert!(
        s == 507 || s == 503,
        "a failed write must not be acknowledged: {s} {b}"
    );
    assert!(b.contains("disk"), "{b}");
    // Later writes are refused the same way (not 500 "Previous I/O error" forever).
    let (s, b) = http(&srv.addr, "PUT", "/v1/jobs/b2", Some(KEY), &job("b2"));
    assert!(s == 507 || s == 503, "{s} {b}");
    assert!(b.contains("disk"), "{b}");
    let (s, b) = http(&srv.addr, "GET", "/health", None, "");
    assert_eq!(s, 503, "{b}");
    let v = json(&b);
    assert_eq!(v["status"], "degraded", "{b}");
    assert!(
        v["reason"].as_str().unwrap().contains("disk is full"),
        "{b}"
    );

    std::fs::remove_file(&flag).unwrap();
    let (s, b) = http(&srv.addr, "GET", "/health", None, "");
    assert_eq!((s, json(&b)["status"].as_str()), (200, Some("ok")), "{b}");
    let (s, b) = http(&srv.addr, "PUT", "/v1/jobs/c", Some(KEY), &job("c"));
    assert_eq!(s, 201, "{b}");
    for (id, want) in [("a", 200), ("b", 404), ("b2", 404), ("c", 200)] {
        let (s, b) = http(&srv.addr, "GET", &format!("/v1/jobs/{id}"), None, "");
        assert_eq!(s, want, "{id}: {b}");
    }
}

/// Starting on a full disk fails with a message that says so.
#[test]
fn starting_on_a_full_disk_says_the_disk_is_full() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let flag = dir.path().join("disk-full");
    std::fs::write(&flag, "").unwrap();
    let out = run(&data, &["serve", "--addr", "127.0.0.1:0"], &[(FULL, &flag)]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("disk is full"), "{err}");
}

/// `bole ARGS…` on `data`, waiting for it to end.
fn run(data: &Path, args: &[&str], env: &[(&str, &Path)]) -> std::process::Output {
    let mut cmd = Command::new(bole_bin());
    cmd.arg("--data").arg(data).args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run bole")
}
