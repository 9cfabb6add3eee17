//! `bole flags`: discrimination flags (the default) and the recruitment-trap screen (`--kind risk`),
//! through the real `bole` binary.

use std::path::Path;
use std::process::{Command, Output};

fn bole(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_bole"))
        .arg("--data")
        .arg(data)
        .args(args)
        .output()
        .expect("run bole")
}

fn lines(o: &Output) -> Vec<serde_json::Value> {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect()
}

#[test]
fn flags_list_discrimination_by_default_and_traps_with_kind_risk() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let jobs = dir.path().join("jobs.jsonl");
    let at = "\"location\":{\"region\":\"江西省抚州市临川区\"}";
    std::fs::write(
        &jobs,
        format!(
            "{{\"id\":\"fair\",\"title\":\"叉车司机\",\"description\":\"持叉车证，五险一金，包吃住，入职无需押金\",{at},\"salary\":{{\"min\":5000,\"max\":7000}}}}\n\
             {{\"id\":\"trap\",\"title\":\"月入8000-12000元、0元入职、当天安排住宿\",\"description\":\"配送员，全城就近分配\",{at},\"salary\":{{\"min\":5,\"max\":10}}}}\n\
             {{\"id\":\"fee\",\"title\":\"普工\",\"description\":\"入职需交押金300元，服装费自理\",{at},\"salary\":{{\"min\":4000,\"max\":6000}}}}\n\
             {{\"id\":\"sex\",\"title\":\"仓管员\",\"description\":\"限男性，吃苦耐劳\",{at},\"salary\":{{\"min\":4000,\"max\":5000}}}}\n"
        ),
    )
    .unwrap();
    let o = bole(&data, &["import", "jobs", jobs.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));

    let ids = |v: &[serde_json::Value]| {
        v.iter()
            .map(|x| x["job_id"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    let d = lines(&bole(&data, &["flags"]));
    assert_eq!(ids(&d), ["sex"], "{d:?}");
    assert!(d[0].get("risks").is_none());

    let r = lines(&bole(&data, &["flags", "--kind", "risk"]));
    assert_eq!(ids(&r), ["fee", "trap"], "{r:?}");
    let trap = &r[1];
    assert_eq!(trap["severity"], "high");
    let kinds: Vec<&str> = trap["risks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"pay_inconsistent") && kinds.contains(&"trap"),
        "{trap}"
    );
    assert!(trap["risks"][0]["why"]
        .as_str()
        .is_some_and(|w| !w.is_empty()));
    let fee = &r[0];
    assert!(
        fee["risks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["kind"] == "fee" && x["phrase"].as_str().unwrap().contains("押金")),
        "{fee}"
    );

    let all = lines(&bole(
        &data,
        &["flags", "--kind", "all", "--min-severity", "high"],
    ));
    assert_eq!(ids(&all), ["fee", "sex", "trap"], "{all:?}");

    let bad = bole(&data, &["flags", "--kind", "nonsense"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--kind"));
}
