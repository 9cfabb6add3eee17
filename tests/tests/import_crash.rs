//! An acknowledged record survives `kill -9`: kill an import mid-way, restart, and find every record
//! the import reported as committed, and no torn record.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

use bole_tests::bole_bin;

#[test]
fn import_killed_midway_keeps_every_committed_record() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let file = dir.path().join("people.jsonl");
    let n = 400_000;
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&file).unwrap());
        for i in 0..n {
            writeln!(
                f,
                r#"{{"id":"p{i}","groups":["migrant_worker"],"skills":["电焊"],"summary":"做过{i}年电焊工，有焊工证","desired":{{"regions":["抚州市"]}}}}"#
            )
            .unwrap();
        }
    }
    let mut child = Command::new(bole_bin())
        .arg("--data")
        .arg(&data)
        .args(["import", "candidates"])
        .arg(&file)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut reader = BufReader::new(child.stderr.take().unwrap());
    let mut acknowledged_line = 0u64;
    let mut acks = 0;
    let mut line = String::new();
    while reader.read_line(&mut line).unwrap() > 0 {
        // "committed N records through line L"
        if let Some(rest) = line.trim().strip_prefix("committed ") {
            let l: u64 = rest.rsplit(' ').next().unwrap().parse().unwrap();
            acknowledged_line = l;
            acks += 1;
            if acks == 5 {
                child.kill().unwrap(); // SIGKILL on Unix
                break;
            }
        }
        line.clear();
    }
    let _ = child.wait();
    assert!(acks >= 5, "import finished before it could be killed");
    assert!(acknowledged_line < n, "killed too late to test anything");

    // Restart: every acknowledged record is there, whole.
    let out = Command::new(bole_bin())
        .arg("--data")
        .arg(&data)
        .arg("stats")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stats: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let count = stats["candidates"].as_u64().unwrap();
    assert!(
        count >= acknowledged_line,
        "{count} records < {acknowledged_line} acknowledged"
    );
    let store = bole::store::Store::open(&data).unwrap();
    for i in (0..acknowledged_line)
        .step_by(997)
        .chain([acknowledged_line - 1])
    {
        let c: bole::Candidate = store
            .get(&format!("p{i}"))
            .unwrap()
            .expect("acknowledged record lost");
        assert_eq!(
            c.summary.as_deref(),
            Some(format!("做过{i}年电焊工，有焊工证").as_str()),
            "torn record p{i}"
        );
    }
    // Nothing torn anywhere: every stored record parses (the store's for_each decodes each one).
    let mut seen = 0;
    store.for_each::<bole::Candidate>(|_| seen += 1).unwrap();
    assert_eq!(seen as u64, count);
}
