//! `bole import` (the real binary) and the library's one way in: every line stored whole or
//! rejected with its line and field, the limits of docs/SCHEMA.md, and the CLI writing through
//! the engine.

use std::path::Path;
use std::process::Command;

use bole::import::Format;
use bole::ingest::{Committed, Options};
use bole::{Engine, Job};
use bole_tests::bole_bin;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn bole(data: &Path, args: &[&str]) -> Run {
    let out = Command::new(bole_bin())
        .arg("--data")
        .arg(data)
        .args(args)
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn import(data: &Path, side: &str, name: &str, content: &[u8]) -> Run {
    let file = data.parent().unwrap().join(name);
    std::fs::write(&file, content).unwrap();
    bole(data, &["import", side, file.to_str().unwrap()])
}

fn stats(data: &Path) -> serde_json::Value {
    let r = bole(data, &["stats"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    serde_json::from_str(&r.stdout).unwrap()
}

/// The stored job, read back through the engine.
fn stored(data: &Path, id: &str) -> Option<Job> {
    Engine::open(data)
        .unwrap()
        .job(id)
        .ok()
        .map(|e| e.job.clone())
}

/// The stderr line that rejects `line`.
fn rejection(r: &Run, line: u64) -> &str {
    let prefix = format!("rejected line {line}");
    r.stderr
        .lines()
        .find(|l| {
            l.starts_with(&prefix) && !l[prefix.len()..].starts_with(|c: char| c.is_ascii_digit())
        })
        .unwrap_or_else(|| panic!("no rejection of line {line} in:\n{}", r.stderr))
}

#[test]
fn jsonl_lines_are_stored_whole_or_rejected_with_line_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let mut body = "\u{feff}".as_bytes().to_vec();
    body.extend_from_slice(r#"{"id":"a1","title":"焊工"}{"id":"a2","title":"电工"}"#.as_bytes());
    body.extend_from_slice(b"\r");
    body.extend_from_slice(r#"{"id":"a3","title":"保洁"} trailing"#.as_bytes());
    body.extend_from_slice(b"\r");
    body.extend_from_slice(b"{\"id\":\"a4\",\"title\":\"\xff\"}\r\n");
    body.extend_from_slice(r#"{"id":"a5","title":"厨师","kind":null}"#.as_bytes());
    body.extend_from_slice(b"\r");
    body.extend_from_slice(r#"{"id":"a6","title":"叉车司机"}"#.as_bytes());
    body.extend_from_slice(b"\r");
    body.extend_from_slice(r#"{"id":"a7","title":"电焊工"}"#.as_bytes());
    let r = import(&data, "jobs", "jobs.jsonl", &body);
    assert_eq!(r.code, 1, "a rejected line makes the exit status 1");
    assert!(
        r.stdout
            .contains("received 6, stored 2 (2 new, 0 replaced), rejected 4"),
        "{}",
        r.stdout
    );
    assert!(rejection(&r, 1).contains("(id `a1`)"), "{}", r.stderr);
    assert!(rejection(&r, 1).contains("one record per line"));
    assert!(rejection(&r, 2).contains("(id `a3`)"));
    assert!(rejection(&r, 3).contains("UTF-8"));
    assert!(rejection(&r, 4).contains("field `kind`"));
    assert_eq!(stats(&data)["jobs"], 2);
    assert!(
        stored(&data, "a2").is_none(),
        "the second record of line 1 is not half-read"
    );
    assert_eq!(stored(&data, "a6").unwrap().title, "叉车司机");
}

#[test]
fn csv_unclosed_quote_and_wide_rows_are_rejected_and_the_rows_after_them_kept() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let csv = format!(
        "职位自编号,职位,职位描述,地区,经度,纬度,所需经验,最低薪资,最高薪资\n\
         P1,焊工,\"会电焊,抚州,,,1,4000,5000\n\
         P2,电工,持证,江西省抚州市临川区,,,1,4000,5000\n\
         P3,叉车司机{}\n\
         P4,保洁,负责保洁,江西省抚州市临川区,116.35,95.5,0,3000,3500\n\
         P5,保洁,负责保洁,江西省抚州市临川区,,,-1,3000,3500\n\
         P6,育婴师,\"照顾婴幼儿\n持证\",江西省抚州市临川区,,,0,6000,9000\n",
        ",x".repeat(10_000)
    );
    let r = import(&data, "jobs", "jobs.csv", csv.as_bytes());
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("stored 2"), "{}", r.stdout);
    assert!(
        rejection(&r, 2).contains("field `职位描述`"),
        "{}",
        r.stderr
    );
    assert!(rejection(&r, 4).contains("10002 columns"));
    assert!(rejection(&r, 5).contains("field `纬度`"));
    assert!(rejection(&r, 6).contains("field `所需经验`"));
    assert_eq!(stats(&data)["jobs"], 2);
    assert_eq!(stored(&data, "P2").unwrap().title, "电工");
    assert_eq!(
        stored(&data, "P6").unwrap().description.as_deref(),
        Some("照顾婴幼儿\n持证")
    );
}

#[test]
fn cli_limits_refuse_garbage_naming_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let lines = [
        r#"{"id":"g1","title":"\u200b\u200b"}"#,
        r#"{"id":"g2","title":"焊工","headcount":4294967295}"#,
        r#"{"id":"g3","title":"焊工","salary":{"min":1e300}}"#,
        r#"{"id":"g4","title":"焊工","posted_at":"9999-12-31"}"#,
        r#"{"id":"g5","title":"焊工","salary":"abc"}"#,
        r#"{"id":"g6","title":"焊工","location":{"adcode":"999999"}}"#,
        r#"{"id":"g7","title":"焊工","experience_years":3,"posted_at":"2026-11-01","valid_until":"2026-12-31"}"#,
    ];
    let r = import(&data, "jobs", "g.jsonl", lines.join("\n").as_bytes());
    let fields = [
        "title",
        "headcount",
        "salary.min",
        "posted_at",
        "salary",
        "location.adcode",
    ];
    for (i, f) in fields.iter().enumerate() {
        let l = rejection(&r, i as u64 + 1);
        assert!(l.contains(&format!("field `{f}`")), "{l}");
    }
    assert_eq!(stats(&data)["jobs"], 1);
    // Candidates too: 500 years of experience, and CSV is for jobs only.
    let r = import(
        &data,
        "candidates",
        "c.jsonl",
        r#"{"id":"c1","experience":[{"title":"焊工","years":500}]}"#.as_bytes(),
    );
    assert!(
        rejection(&r, 1).contains("field `experience[0].years`"),
        "{}",
        r.stderr
    );
    let r = import(&data, "candidates", "c.csv", b"id\nc1\n");
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("JSON Lines only"), "{}", r.stderr);
}

#[test]
fn the_cli_imports_through_the_engine() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let r = import(
        &data,
        "jobs",
        "j.jsonl",
        r#"{"id":"j1","title":"叉车司机","location":{"region":"江西省抚州市临川区"}}"#.as_bytes(),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    // The engine indexed the write as it stored it: the derived indexes exist beside the store
    // (an import that wrote only the store left them to the next open).
    let index = std::fs::read_dir(data.join("index")).expect("the import built the indexes");
    assert!(index.count() > 0);
    let r = import(&data, "jobs", "empty.jsonl", b"\n\n");
    assert_eq!(r.code, 1, "an empty file is not a successful import");
    assert!(r.stderr.contains("holds no records"), "{}", r.stderr);
}

#[test]
fn the_library_imports_in_batches_and_acknowledges_each_commit() {
    let dir = tempfile::tempdir().unwrap();
    let engine = Engine::open(dir.path()).unwrap();
    let text: String = (0..5)
        .map(|i| format!("{{\"id\":\"j{i}\",\"title\":\"焊工\"}}\n"))
        .chain(["{\"id\":\"bad\"}\n".to_string()])
        .collect();
    let mut acks = Vec::new();
    let mut on = |c: Committed<'_, Job>| acks.push((c.records.len(), c.stored, c.through_line));
    let report = engine
        .import_jobs(
            text.as_bytes(),
            Format::Jsonl,
            Options {
                batch: 2,
                on_commit: Some(&mut on),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(acks, [(2, 2, 2), (2, 4, 4), (1, 5, 5)]);
    assert_eq!((report.received, report.stored, report.inserted), (6, 5, 5));
    assert_eq!(report.rejected.len(), 1);
    assert_eq!(report.rejected[0].line, 6);
    assert!(engine.job("j4").is_ok());
    // With a limit nothing is stored from an input over it.
    let e = engine
        .import_jobs(
            "{\"id\":\"x1\",\"title\":\"t\"}\n{\"id\":\"x2\",\"title\":\"t\"}\n".as_bytes(),
            Format::Jsonl,
            Options {
                limit: Some(1),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert_eq!(e.kind(), bole::ErrorKind::TooLarge);
    assert!(engine.job("x1").is_err());
}
