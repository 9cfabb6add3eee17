//! `bole occupations` (the real binary) on a small generated data set: every vacancy and person
//! coded to the 2022 classification, coverage per depth, uncoded titles and frequent codes.

use std::path::Path;
use std::process::Command;

use bole_tests::bole_bin;

fn bole(data: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(bole_bin())
        .arg("--data")
        .arg(data)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn import(data: &Path, side: &str, lines: &[String]) {
    let file = data.parent().unwrap().join(format!("{side}.jsonl"));
    std::fs::write(&file, lines.join("\n")).unwrap();
    let (code, out, err) = bole(data, &["import", side, file.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
}

#[test]
fn occupations_reports_coverage_of_vacancies_and_people() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    // 12 vacancies: 4 Java (2-02-10-03), 3 仓管 (4-02-06-01), 2 销售 (only 小类 4-01-02),
    // 1 coded from its description (4-02-06-01), 2 uncodable 储备干部.
    let mut jobs = Vec::new();
    let titles = [
        "Java开发工程师",
        "高级Java开发工程师",
        "java后端",
        "JAVA工程师（13薪）",
        "仓管员",
        "仓库管理员",
        "仓管",
        "销售",
        "销售（底薪+提成）",
        "储备干部",
        "储备干部",
    ];
    for (i, t) in titles.iter().enumerate() {
        jobs.push(format!(
            r#"{{"id":"j{i}","title":"{t}","location":{{"region":"江西省抚州市临川区"}}}}"#
        ));
    }
    jobs.push(
        r#"{"id":"j99","title":"储备干部","description":"负责仓库管理，货物出入库登记，仓库管理经验优先","location":{"region":"江西省抚州市临川区"}}"#
            .to_string(),
    );
    import(&data, "jobs", &jobs);
    // 4 people: desired 普工 (6-99-00), past 中餐厨师 (4-03-02-01), a lexicon summary
    // (开过叉车 → 6-30-05-01), and one with nothing to code.
    let people = [
        r#"{"id":"c1","groups":["migrant_worker"],"desired":{"titles":["普工"]}}"#,
        r#"{"id":"c2","experience":[{"title":"中餐厨师","years":3}]}"#,
        r#"{"id":"c3","summary":"开过三年叉车，有叉车证"}"#,
        r#"{"id":"c4","desired":{"titles":["随便"]},"summary":"性格开朗"}"#,
    ]
    .map(String::from);
    import(&data, "candidates", &people);

    let (code, out, err) = bole(&data, &["occupations", "--json", "--depth", "4"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    let j = &v["jobs"];
    assert_eq!(j["records"], 12);
    assert_eq!(j["coded"]["大类"]["records"], 10);
    assert_eq!(j["coded"]["中类"]["records"], 10);
    assert_eq!(j["coded"]["小类"]["records"], 10);
    assert_eq!(j["coded"]["细类"]["records"], 8, "{j}");
    assert_eq!(j["uncoded"]["records"], 2);
    assert_eq!(j["from"]["description"], 1);
    assert_eq!(j["from"]["title"], 9);
    assert_eq!(j["top_uncoded_titles"][0]["title"], "储备干部");
    assert_eq!(j["top_uncoded_titles"][0]["records"], 2);
    assert_eq!(j["top_codes"][0]["code"], "2-02-10-03");
    assert_eq!(j["top_codes"][0]["records"], 4);
    assert_eq!(j["top_codes"][1]["code"], "4-02-06-01");
    assert_eq!(j["top_codes"][1]["name"], "仓储管理员");
    assert_eq!(j["top_codes"][1]["records"], 4);
    let c = &v["candidates"];
    assert_eq!(c["records"], 4);
    assert_eq!(c["coded"]["大类"]["records"], 3);
    assert_eq!(c["coded"]["细类"]["records"], 2, "{c}");
    assert_eq!(c["uncoded"]["records"], 1);
    assert_eq!(c["top_uncoded_titles"][0]["title"], "随便");
    for from in ["desired", "experience", "lexicon"] {
        assert_eq!(c["from"][from], 1, "{c}");
    }

    // At 中类 the two sales postings join their 中类.
    let (_, out, _) = bole(&data, &["occupations", "--json"]);
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    let codes = v["jobs"]["top_codes"].as_array().unwrap();
    assert!(codes
        .iter()
        .any(|c| c["code"] == "4-01" && c["records"] == 2));

    // The text report says the same.
    let (code, out, _) = bole(&data, &["occupations"]);
    assert_eq!(code, 0);
    assert!(out.contains("vacancies: 12 records"), "{out}");
    assert!(out.contains("coded to 中类: 10 (83.3 %)"), "{out}");
    assert!(out.contains("储备干部"), "{out}");
    assert!(out.contains("2-02 工程技术人员"), "{out}");

    // A directory that does not exist is refused, not created.
    let missing = dir.path().join("nope");
    let (code, _, err) = bole(&missing, &["occupations"]);
    assert_ne!(code, 0);
    assert!(err.contains("does not exist"), "{err}");
    assert!(!missing.exists());
    let (code, _, err) = bole(&data, &["occupations", "--depth", "5"]);
    assert_ne!(code, 0);
    assert!(err.contains("--depth"), "{err}");
}
