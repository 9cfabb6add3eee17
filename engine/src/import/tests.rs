use super::*;
use crate::model::Candidate;

const CSV: &str = "职位自编号,发布平台,职位访问地址,职位,公司,公司是否为全称,地区,地址,经度,纬度,职位描述,学历,所需经验,最低薪资,最高薪资,几薪,首次发布时间,招聘公司,招聘者职位,首次扫描日期,记录更新日期,源文件日期,技能,福利
X_1,TEST,,叉车司机,某仓储公司,1,广东省广州市白云区,,113.27,23.16,\"负责叉车作业<br>持证上岗
多行描述\",学历不限,1.0,5000.0,7000.0,13.0,2024-10-09 00:00:00,,,,,,\"叉车,3年及以上,本科\",包吃住
X_2,TEST,,,某家政公司,1,广州·天河区,,,,照顾婴幼儿,初中,0,6000.0,9000.0,,,,,,,,,
X_3,TEST,,育婴师,某家政公司,1,广州·天河区,,-0.02199,0.0,照顾婴幼儿,初中,abc,6000.0,9000.0,,,,,,,,,
X_4,TEST,,育婴师,某家政公司,1,广州·天河区,,-0.02199,0.0,照顾婴幼儿,初中,0,,,,,,,,,,,
";

/// A CSV with the columns that matter here.
const HEAD: &str = "职位自编号,职位,职位描述,地区,经度,纬度,所需经验,最低薪资,最高薪资\n";

fn all<T: Importable>(input: &[u8], format: Format) -> Vec<Line<T>> {
    read::<T, _>(input, format)
        .unwrap()
        .collect::<Result<Vec<_>>>()
        .unwrap()
}

fn jobs(input: &str) -> Vec<Line<Job>> {
    all::<Job>(input.as_bytes(), Format::Jsonl)
}

fn csv_jobs(input: &str) -> Vec<Line<Job>> {
    all::<Job>(input.as_bytes(), Format::Csv)
}

fn rejection<T>(l: &Line<T>) -> &Rejection {
    match &l.outcome {
        Err(r) => r,
        Ok(_) => panic!("line {} was accepted", l.line),
    }
}

fn ok<T>(l: &Line<T>) -> &T {
    match &l.outcome {
        Ok(r) => r,
        Err(r) => panic!("{r}"),
    }
}

#[test]
fn platform_csv_maps_columns_and_names_bad_fields() {
    let items = csv_jobs(CSV);
    assert_eq!(items.len(), 4);
    assert_eq!(items[0].line, 2);
    let j = ok(&items[0]);
    assert_eq!(j.title, "叉车司机");
    assert_eq!(
        j.description.as_deref(),
        Some("负责叉车作业<br>持证上岗\n多行描述")
    );
    assert_eq!(j.skills, vec!["叉车"]);
    assert_eq!(j.benefits, vec!["包吃住"]);
    assert_eq!(j.salary.as_ref().unwrap().months, Some(13));
    assert_eq!(j.posted_at.as_deref(), Some("2024-10-09"));
    assert_eq!(j.location.as_ref().unwrap().lat, Some(23.16));
    // Record 2 starts on line 4 because record 1 spans two lines.
    assert_eq!(items[1].line, 4);
    let r = rejection(&items[1]);
    assert_eq!(
        (r.id.as_deref(), r.field.as_deref()),
        (Some("X_2"), Some("职位"))
    );
    assert_eq!(rejection(&items[2]).field.as_deref(), Some("所需经验"));
    let j4 = ok(&items[3]);
    assert!(j4.salary.is_none(), "no salary = 面议");
    assert_eq!(
        j4.location.as_ref().unwrap().lat,
        None,
        "placeholder coordinates dropped"
    );
}

#[test]
fn jsonl_keeps_good_lines_and_numbers_bad_ones() {
    let text = "{\"id\":\"c1\"}\n\n{\"id\":\"c3\", \"summary\":\n{\"id\":\"c4\",\"max_commute_km\":-1}\n{\"id\":\"c5\"}\n";
    let items = all::<Candidate>(text.as_bytes(), Format::Jsonl);
    let lines: Vec<u64> = items.iter().map(|l| l.line).collect();
    assert_eq!(lines, vec![1, 3, 4, 5]);
    assert!(items[0].outcome.is_ok() && items[3].outcome.is_ok());
    let r = rejection(&items[1]);
    assert_eq!((r.line, r.field.as_deref()), (3, None));
    assert!(r.error.contains("invalid JSON"), "{r}");
    let r = rejection(&items[2]);
    assert_eq!(
        (r.id.as_deref(), r.field.as_deref()),
        (Some("c4"), Some("max_commute_km"))
    );
}

#[test]
fn a_line_holds_exactly_one_record() {
    let items = jobs(concat!(
        r#"{"id":"a1","title":"焊工"}{"id":"a2","title":"电工"}"#,
        "\n",
        r#"{"id":"a3","title":"保洁"} trailing"#,
        "\n",
        r#"{"id":"a4","title":"厨师"}   "#,
        "\n",
    ));
    assert_eq!(items.len(), 3);
    let r = rejection(&items[0]);
    assert_eq!((r.line, r.id.as_deref()), (1, Some("a1")));
    assert!(r.error.contains("one record per line"), "{r}");
    assert_eq!(rejection(&items[1]).line, 2);
    assert_eq!(ok(&items[2]).id, "a4", "trailing spaces are fine");
}

#[test]
fn lf_crlf_and_lone_cr_all_end_a_line() {
    for sep in ["\n", "\r\n", "\r"] {
        let text = [
            r#"{"id":"a1","title":"焊工"}"#,
            r#"{"id":"a2","title":"电工"}"#,
            "",
            r#"{"id":"a3","title":""}"#,
        ]
        .join(sep);
        let items = jobs(&text);
        let lines: Vec<u64> = items.iter().map(|l| l.line).collect();
        assert_eq!(lines, [1, 2, 4], "{sep:?}");
        assert_eq!(ok(&items[1]).id, "a2");
        assert_eq!(rejection(&items[2]).field.as_deref(), Some("title"));
    }
    // The CSV reader splits the same way, and keeps a quoted line end as it was.
    for sep in ["\n", "\r\n", "\r"] {
        let text =
            format!("职位自编号,职位,职位描述{sep}P1,焊工,\"一行{sep}二行\"{sep}P2,电工,x{sep}");
        let items = csv_jobs(&text);
        assert_eq!(items.len(), 2, "{sep:?}");
        assert_eq!(
            ok(&items[0]).description.as_deref(),
            Some(format!("一行{sep}二行").as_str())
        );
        assert_eq!((items[1].line, ok(&items[1]).id.as_str()), (4, "P2"));
    }
}

#[test]
fn a_bom_at_the_start_is_ignored() {
    let items = jobs("\u{feff}{\"id\":\"a1\",\"title\":\"焊工\"}\n");
    assert_eq!(ok(&items[0]).id, "a1");
    let items = csv_jobs("\u{feff}职位自编号,职位\nP1,焊工\n");
    assert_eq!(ok(&items[0]).id, "P1");
}

#[test]
fn an_invalid_utf8_byte_rejects_only_its_line() {
    let mut input = r#"{"id":"a1","title":"焊工"}"#.as_bytes().to_vec();
    input.extend_from_slice(b"\n{\"id\":\"a2\",\"title\":\"\xff\"}\n");
    input.extend_from_slice(r#"{"id":"a3","title":"电工"}"#.as_bytes());
    let items = all::<Job>(&input, Format::Jsonl);
    assert_eq!(items.len(), 3);
    assert!(rejection(&items[1]).error.contains("UTF-8"));
    assert_eq!(ok(&items[2]).id, "a3");

    let mut input =
        b"\xe8\x81\x8c\xe4\xbd\x8d\xe8\x87\xaa\xe7\xbc\x96\xe5\x8f\xb7,\xe8\x81\x8c\xe4\xbd\x8d\n"
            .to_vec();
    input.extend_from_slice(b"P1,\xff\nP2,x\n");
    let items = all::<Job>(&input, Format::Csv);
    let r = rejection(&items[0]);
    assert_eq!(
        (r.id.as_deref(), r.field.as_deref()),
        (Some("P1"), Some("职位"))
    );
    assert_eq!(ok(&items[1]).id, "P2");
}

#[test]
fn type_errors_name_the_field() {
    let items = jobs(concat!(
        r#"{"id":"a1","title":"焊工","kind":null}"#,
        "\n",
        r#"{"id":"a2","title":"焊工","salary":"abc"}"#,
        "\n",
        r#"{"id":"a3","title":"焊工","salary":{"min":"abc"}}"#,
        "\n",
        r#"{"id":"a4","title":"焊工","location":{"lat":"north"}}"#,
        "\n",
        r#"{"id":"a5"}"#,
        "\n",
        r#"{"id":"a6","title":"焊工","salary":"面议"}"#,
    ));
    let fields: Vec<Option<&str>> = items[..5]
        .iter()
        .map(|l| rejection(l).field.as_deref())
        .collect();
    assert_eq!(
        fields,
        [
            Some("kind"),
            Some("salary"),
            Some("salary"),
            Some("location.lat"),
            Some("title")
        ]
    );
    assert!(rejection(&items[2]).error.contains("salary.min"));
    assert!(ok(&items[5]).salary.is_none());
}

#[test]
fn a_line_over_the_cap_is_rejected_and_not_held() {
    let big = format!(
        "{{\"id\":\"big\",\"title\":\"{}\"}}\n{{\"id\":\"a2\",\"title\":\"焊工\"}}\n",
        "x".repeat(MAX_RECORD_BYTES + 10)
    );
    let items = jobs(&big);
    assert_eq!(items.len(), 2);
    assert!(rejection(&items[0]).error.contains("longer than"));
    assert_eq!(ok(&items[1]).id, "a2");
}

#[test]
fn an_unclosed_quote_is_rejected_and_does_not_swallow_the_rows_after_it() {
    let text = format!(
        "{HEAD}P1,焊工,\"会电焊,抚州,,,1,4000,5000\nP2,电工,持证,抚州,,,1,4000,5000\nP3,保洁,负责保洁,抚州,,,0,3000,3500\n"
    );
    let items = csv_jobs(&text);
    let r = rejection(&items[0]);
    assert_eq!(
        (r.line, r.id.as_deref(), r.field.as_deref()),
        (2, Some("P1"), Some("职位描述"))
    );
    assert!(r.error.contains("never closed"), "{r}");
    let ids: Vec<&str> = items[1..].iter().map(|l| ok(l).id.as_str()).collect();
    assert_eq!(ids, ["P2", "P3"]);
    assert_eq!(items[2].line, 4);

    // A stray quote closed by a later row's quote breaks where it closes; the rows read again.
    let text = format!(
        "{HEAD}P1,焊工,\"会电焊,抚州,,,1,4000,5000\nP2,电工,持证,抚州,,,1,4000,5000\nP3,保洁,\"负责\"\"保洁\"\"\",抚州,,,0,3000,3500\n"
    );
    let items = csv_jobs(&text);
    assert_eq!(rejection(&items[0]).line, 2);
    assert_eq!(ok(&items[1]).id, "P2");
    assert_eq!(ok(&items[2]).description.as_deref(), Some("负责\"保洁\""));
    assert_eq!(items.len(), 3);

    // Within one line: a quote that ends its field early.
    let text =
        format!("{HEAD}P1,焊工,\"会\"电焊,抚州,,,1,4000,5000\nP2,电工,持证,抚州,,,1,4000,5000\n");
    let items = csv_jobs(&text);
    assert!(rejection(&items[0]).error.contains("quote"));
    assert_eq!(ok(&items[1]).id, "P2");
}

#[test]
fn a_row_with_far_more_columns_than_the_header_is_rejected() {
    let text = format!(
        "{HEAD}P1,焊工{}\nP2,电工,持证,抚州,,,1,4000,5000\n",
        ",x".repeat(10_000)
    );
    let items = csv_jobs(&text);
    let r = rejection(&items[0]);
    assert_eq!((r.line, r.id.as_deref()), (2, Some("P1")));
    assert!(r.error.contains("10002 columns"), "{r}");
    assert_eq!(ok(&items[1]).id, "P2");
}

#[test]
fn csv_values_out_of_range_name_their_column() {
    let text = format!(
        "{HEAD}P1,焊工,,抚州,116.3,95.0,1,4000,5000\nP2,焊工,,抚州,200,27.9,1,4000,5000\nP3,焊工,,抚州,,,-1,4000,5000\nP4,焊工,,抚州,,,500,4000,5000\nP5,焊工,,抚州,,,1,-10,5000\nP6,焊工,,抚州,,,1,1e300,\nP7,焊工,,抚州,0,-0.02,1,4000,5000\n"
    );
    let items = csv_jobs(&text);
    let fields: Vec<Option<&str>> = items[..6]
        .iter()
        .map(|l| rejection(l).field.as_deref())
        .collect();
    assert_eq!(
        fields,
        [
            Some("纬度"),
            Some("经度"),
            Some("所需经验"),
            Some("所需经验"),
            Some("最低薪资"),
            Some("最低薪资")
        ]
    );
    assert!(rejection(&items[2]).error.contains("negative"));
    // A placeholder inside the valid range means "unknown place", as the platforms use it.
    assert_eq!(ok(&items[6]).location.as_ref().unwrap().lat, None);
}

#[test]
fn candidates_have_no_csv_and_an_empty_csv_has_no_header() {
    let e = read::<Candidate, _>(&b"id\nc1\n"[..], Format::Csv)
        .err()
        .unwrap();
    assert!(e.to_string().contains("JSON Lines only"), "{e}");
    let e = read::<Job, _>(&b""[..], Format::Csv).err().unwrap();
    assert!(e.to_string().contains("header"), "{e}");
}

#[test]
fn read_all_reports_every_line_in_one_shape() {
    let (good, report) = read_all::<Job, _>(
        &b"{\"id\":\"a1\",\"title\":\"x\"}\n{\"id\":\"a2\"}\n\n"[..],
        Format::Jsonl,
        None,
    )
    .unwrap();
    assert_eq!(good.len(), 1);
    assert_eq!((report.received, report.stored), (2, 0));
    let v = serde_json::to_value(&report.rejected).unwrap();
    assert_eq!(
        v,
        serde_json::json!([{"line": 2, "id": "a2", "field": "title", "error": "missing: it is required"}])
    );
    let e = read_all::<Job, _>(
        &b"{\"id\":\"a1\",\"title\":\"x\"}\n{\"id\":\"a2\",\"title\":\"x\"}\n"[..],
        Format::Jsonl,
        Some(1),
    )
    .unwrap_err();
    assert_eq!(e.kind(), crate::ErrorKind::TooLarge);
}
