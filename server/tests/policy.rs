//! `--policy FILE` and the serve config's `policy` key, through the real `bole` binary.

use std::path::Path;
use std::process::{Command, Output};

use bole::rank::policy::DEFAULT_POLICY;

fn bole(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_bole"))
        .arg("--data")
        .arg(data)
        .args(args)
        .output()
        .expect("run bole")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

/// The default policy with one line replaced (the line must exist).
fn edited(from: &str, to: &str) -> String {
    let line = DEFAULT_POLICY
        .lines()
        .find(|l| l.starts_with(from))
        .unwrap_or_else(|| panic!("no line `{from}` in the default policy"));
    DEFAULT_POLICY.replacen(line, to, 1)
}

const PERSON: &str = "c-policy";

/// The first match's score for a stored person, under the given extra arguments.
fn top_score(data: &Path, extra: &[&str]) -> f64 {
    let mut args = extra.to_vec();
    args.extend(["match", "--candidate", PERSON, "--top", "1"]);
    let o = bole(data, &args);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("one JSON line");
    v["matches"][0]["score"].as_f64().expect("a match")
}

#[test]
fn policy_files_are_checked_and_used() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let jobs = dir.path().join("jobs.jsonl");
    std::fs::write(
        &jobs,
        "{\"id\":\"j1\",\"title\":\"仓库管理员\",\"description\":\"出入库、盘点，会开叉车\",\"skills\":[\"叉车证\"],\"location\":{\"region\":\"江西省抚州市临川区\"},\"salary\":{\"min\":4000,\"max\":6000}}\n\
         {\"id\":\"j2\",\"title\":\"面包师\",\"location\":{\"region\":\"江西省抚州市临川区\"},\"salary\":{\"min\":3000,\"max\":4000}}\n",
    )
    .unwrap();
    let people = dir.path().join("people.jsonl");
    std::fs::write(
        &people,
        format!("{{\"id\":\"{PERSON}\",\"groups\":[\"migrant_worker\"],\"summary\":\"在仓库干过三年，有叉车证\",\"desired\":{{\"titles\":[\"仓管\"],\"regions\":[\"抚州市\"]}}}}\n"),
    )
    .unwrap();
    for (side, file) in [("jobs", &jobs), ("candidates", &people)] {
        let o = bole(&data, &["import", side, file.to_str().unwrap()]);
        assert!(o.status.success(), "{}", stderr(&o));
    }

    // An unknown key is refused, with its name, before anything is opened.
    let bad = dir.path().join("unknown.toml");
    std::fs::write(&bad, edited("title = ", "titel = 3.0       # misspelt")).unwrap();
    let o = bole(
        &data,
        &[
            "--policy",
            bad.to_str().unwrap(),
            "match",
            "--candidate",
            PERSON,
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("titel"), "{}", stderr(&o));
    assert!(stderr(&o).contains("unknown.toml"), "{}", stderr(&o));

    // An invalid value is refused, naming the key.
    let neg = dir.path().join("negative.toml");
    std::fs::write(
        &neg,
        edited("beyond_commute_factor", "beyond_commute_factor = 2.5"),
    )
    .unwrap();
    let o = bole(&data, &["--policy", neg.to_str().unwrap(), "flags"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("beyond_commute_factor"),
        "{}",
        stderr(&o)
    );

    // A missing file says which.
    let o = bole(&data, &["--policy", "/nonexistent/policy.toml", "flags"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("/nonexistent/policy.toml"),
        "{}",
        stderr(&o)
    );

    // A valid changed weight is accepted and changes the scores; the default file changes nothing.
    let same = dir.path().join("same.toml");
    std::fs::write(&same, DEFAULT_POLICY).unwrap();
    let skills = dir.path().join("skills.toml");
    std::fs::write(&skills, edited("skills = ", "skills = 40.0")).unwrap();
    let base = top_score(&data, &[]);
    assert_eq!(
        top_score(&data, &["--policy", same.to_str().unwrap()]),
        base
    );
    let changed = top_score(&data, &["--policy", skills.to_str().unwrap()]);
    assert_ne!(changed, base, "the policy file was not used");

    // `bole serve` takes the config file's `policy` (relative to the config file) and refuses a
    // bad one before it listens.
    let cfg = dir.path().join("serve.toml");
    std::fs::write(&cfg, "policy = \"unknown.toml\"\n").unwrap();
    let o = bole(
        &data,
        &[
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--config",
            cfg.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("titel"), "{}", stderr(&o));
    assert!(!String::from_utf8_lossy(&o.stdout).contains("serving"));
}
