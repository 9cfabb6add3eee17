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

/// A config file in `dir` holding `text`, as `--config` arguments.
fn config(dir: &Path, text: &str) -> [String; 2] {
    let path = dir.join("bole.toml");
    std::fs::write(&path, text).unwrap();
    ["--config".to_string(), path.display().to_string()]
}

fn start_configured(dir: &Path, toml: &str, env: &[(&str, &Path)]) -> bole_tests::Server {
    let args = config(dir, toml);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    start_with(&dir.join("data"), KEY, &args, env)
}

/// A connection with `bytes` sent on it; reads give up after a minute (far beyond any limit here).
fn send(addr: &str, bytes: &[u8]) -> std::net::TcpStream {
    use std::io::Write;
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(std::time::Duration::from_secs(60)))
        .unwrap();
    s.write_all(bytes).unwrap();
    s
}

/// Everything the server sends until it closes the connection (a read timing out fails).
fn read_until_closed(s: &mut std::net::TcpStream) -> String {
    use std::io::Read;
    let mut out = Vec::new();
    s.read_to_end(&mut out)
        .expect("the server should close the connection, not leave it open");
    String::from_utf8_lossy(&out).to_string()
}

/// A header sent a piece at a time and never finished: the server closes the connection after
/// `header_timeout_secs`; a kept-alive connection left idle is closed the same way.
#[test]
fn a_trickled_header_and_an_idle_connection_are_closed() {
    let dir = tempfile::tempdir().unwrap();
    let srv = start_configured(dir.path(), "header_timeout_secs = 1\n", &[]);
    let mut s = send(&srv.addr, b"GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ");
    let _ = read_until_closed(&mut s);

    let mut s = send(&srv.addr, b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
    let answer = read_until_closed(&mut s);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

/// An upload that stops half-way is answered 408 after `body_timeout_secs`, and nothing of it
/// is stored.
#[test]
fn a_stalled_upload_gets_408() {
    let dir = tempfile::tempdir().unwrap();
    let srv = start_configured(dir.path(), "body_timeout_secs = 1\n", &[]);
    let line = format!("{}\n", job("slow1"));
    let head = format!(
        "POST /v1/jobs:bulk HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {KEY}\r\nContent-Type: application/x-ndjson\r\nContent-Length: 100000\r\n\r\n{line}"
    );
    let mut s = send(&srv.addr, head.as_bytes());
    let answer = read_until_closed(&mut s);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("body stopped arriving"), "{answer}");
    let (st, _) = http(&srv.addr, "GET", "/v1/jobs/slow1", None, "");
    assert_eq!(st, 404);
}

/// A 200 KB header is refused with 431 (the limit is `max_header_kb`, 64 by default).
#[test]
fn an_oversized_header_gets_431() {
    let dir = tempfile::tempdir().unwrap();
    let srv = start_configured(dir.path(), "", &[]);
    let big = "a".repeat(200 * 1024);
    let req = format!("GET /health HTTP/1.1\r\nHost: x\r\nX-Big: {big}\r\n\r\n");
    let mut s = send(&srv.addr, req.as_bytes());
    let answer = read_until_closed(&mut s);
    assert!(answer.starts_with("HTTP/1.1 431"), "{answer}");
    // A normal request still works.
    let (st, _) = http(&srv.addr, "GET", "/health", None, "");
    assert_eq!(st, 200);
}

/// The value of a metric without labels in the Prometheus text.
fn metric(text: &str, name: &str) -> Option<f64> {
    text.lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(' ')?.trim().parse().ok())
}

/// A request that times out stops the matching behind it: its slot stays taken until the work
/// stopped, and the work stops at the engine's next checkpoint. (The test hook holds the work
/// until the request gave up, so no clock is raced.)
#[test]
fn a_timed_out_match_stops_its_work() {
    let dir = tempfile::tempdir().unwrap();
    let hold = dir.path().join("unused");
    let srv = start_configured(
        dir.path(),
        "timeout_secs = 1\n",
        &[("BOLE_TEST_HOLD_HEAVY", &hold)],
    );
    let (s, b) = http(&srv.addr, "PUT", "/v1/jobs/m1", Some(KEY), &job("m1"));
    assert_eq!(s, 201, "{b}");
    let person = r#"{"id":"p1","summary":"开过叉车","desired":{"regions":["广州市"]}}"#;
    let (s, b) = http(&srv.addr, "PUT", "/v1/candidates/p1", Some(KEY), person);
    assert_eq!(s, 201, "{b}");
    let (s, b) = http(&srv.addr, "GET", "/v1/candidates/p1/matches", None, "");
    assert_eq!(s, 503, "{b}");
    // The work stops on its own: poll the counters (generous bound; no timing is asserted).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        let (s, text) = http(&srv.addr, "GET", "/metrics", None, "");
        assert_eq!(s, 200, "{text}");
        let cancelled = metric(&text, "bole_heavy_cancelled_total");
        let running = metric(&text, "bole_heavy_running");
        if cancelled == Some(1.0) && running == Some(0.0) {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the timed-out work did not stop: cancelled {cancelled:?}, running {running:?}"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// Status line and headers of a request, without waiting for the body (an event stream never
/// ends).
fn head(addr: &str, path: &str, extra: &str) -> String {
    use std::io::Read;
    let req = format!("GET {path} HTTP/1.1\r\nHost: x\r\n{extra}\r\n");
    let mut s = send(addr, req.as_bytes());
    let mut out = Vec::new();
    let mut byte = [0u8; 1];
    while !out.ends_with(b"\r\n\r\n") {
        match s.read(&mut byte) {
            Ok(1) => out.push(byte[0]),
            _ => break,
        }
    }
    String::from_utf8_lossy(&out).to_string()
}

/// With closed reads, `/metrics` needs the key, and the live event stream takes it as the `key`
/// query parameter (a browser's EventSource cannot send headers); no other route does.
#[test]
fn closed_reads_cover_metrics_and_the_stream_takes_a_query_key() {
    let dir = tempfile::tempdir().unwrap();
    let srv = start_configured(dir.path(), "open_reads = false\n", &[]);
    let auth = format!("Authorization: Bearer {KEY}\r\n");
    assert!(head(&srv.addr, "/metrics", "").starts_with("HTTP/1.1 401"));
    assert!(head(&srv.addr, "/metrics", &auth).starts_with("HTTP/1.1 200"));
    let stream = "/v1/live/stream?region=%E6%8A%9A%E5%B7%9E";
    assert!(head(&srv.addr, stream, "").starts_with("HTTP/1.1 401"));
    assert!(head(&srv.addr, &format!("{stream}&key=wrong"), "").starts_with("HTTP/1.1 401"));
    let ok = head(&srv.addr, &format!("{stream}&key={KEY}"), "");
    assert!(ok.starts_with("HTTP/1.1 200"), "{ok}");
    assert!(
        ok.to_ascii_lowercase().contains("text/event-stream"),
        "{ok}"
    );
    // The query key is for the stream only.
    assert!(head(&srv.addr, &format!("/v1/jobs/a?key={KEY}"), "").starts_with("HTTP/1.1 401"));
    // Health stays open for probes.
    assert!(head(&srv.addr, "/health", "").starts_with("HTTP/1.1 200"));
}

/// Every answer carries an `x-request-id` (the caller's, or a new one), and the request log
/// names it with the route template — never the query text (which may hold a name) — in plain
/// text without colour codes when stderr is not a terminal.
#[test]
fn requests_are_logged_with_their_id_and_without_colour_or_query_text() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(bole_bin())
        .arg("--data")
        .arg(dir.path().join("data"))
        .args(["serve", "--addr", "127.0.0.1:0"])
        .env("RUST_LOG", "warn,bole::request=info")
        .env_remove("BOLE_API_KEYS")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    let addr = loop {
        line.clear();
        assert!(out.read_line(&mut line).unwrap() > 0, "serve ended");
        if let Some(a) = line.trim().strip_prefix("bole serving on http://") {
            break a.to_string();
        }
    };
    let (tx, rx) = std::sync::mpsc::channel::<String>();
    let err = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for l in BufReader::new(err).lines().map_while(Result::ok) {
            if tx.send(l).is_err() {
                break;
            }
        }
    });
    let given = head(
        &addr,
        "/v1/search/jobs?q=%E5%BC%A0%E4%B8%89",
        "X-Request-Id: rid-42\r\n",
    );
    assert!(
        given.to_ascii_lowercase().contains("x-request-id: rid-42"),
        "{given}"
    );
    let made = head(&addr, "/health", "");
    assert!(
        made.to_ascii_lowercase().contains("x-request-id: "),
        "{made}"
    );
    let mut seen = Vec::new();
    let logged = loop {
        let l = rx
            .recv_timeout(std::time::Duration::from_secs(60))
            .unwrap_or_else(|_| panic!("no request log line; stderr was {seen:?}"));
        if l.contains("rid-42") {
            break l;
        }
        seen.push(l);
    };
    let _ = child.kill();
    let _ = child.wait();
    assert!(logged.contains("/v1/search/jobs"), "{logged}");
    assert!(
        !logged.contains("张三") && !logged.contains("%E5"),
        "{logged}"
    );
    for l in seen.iter().chain(std::iter::once(&logged)) {
        assert!(
            !l.contains('\u{1b}'),
            "colour codes in a log written to a pipe: {l:?}"
        );
    }
    // The warning about missing keys was among them, in plain text.
    assert!(seen.iter().any(|l| l.contains("no API keys")), "{seen:?}");
}

/// `bole stats` on a directory that does not exist says so and creates nothing.
#[test]
fn stats_on_a_missing_directory_fails_without_creating_it() {
    let dir = tempfile::tempdir().unwrap();
    let typo = dir.path().join("typo");
    let out = run(&typo, &["stats"], &[]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("does not exist"), "{err}");
    assert!(!typo.exists());
}

/// Beside a running `bole serve` on the same directory, `bole stats` answers through the server,
/// and a command that needs the store to itself says which server holds it and what to do.
#[test]
fn cli_commands_beside_a_running_server() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let srv = bole_tests::start(&data, KEY);
    let (s, b) = http(&srv.addr, "PUT", "/v1/jobs/a", Some(KEY), &job("a"));
    assert_eq!(s, 201, "{b}");
    let out = run(&data, &["stats"], &[]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json(text.trim());
    assert_eq!(v["jobs"], 1, "{v}");
    assert_eq!(v["served_by"], format!("http://{}", srv.addr), "{v}");
    let out = run(&data, &["match", "--job", "a"], &[]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bole serve") && err.contains(&srv.addr),
        "{err}"
    );
}
