//! The bulk endpoints and the console upload read bodies exactly as `bole import` reads files.

use std::sync::Arc;

use axum::body::Body as AxBody;
use axum::http::{Method, Request, StatusCode};
use axum::Router;
use serde_json::{json, Value};
use tower::ServiceExt;

use super::super::{app, AppState, ServeConfig};

const KEY: &str = "k";

fn router() -> (tempfile::TempDir, Router) {
    let dir = tempfile::tempdir().unwrap();
    let engine = Arc::new(bole::engine::Engine::open(dir.path()).unwrap());
    let cfg = ServeConfig {
        api_keys: vec![KEY.into()],
        ..Default::default()
    };
    (dir, app(AppState::new(engine, &cfg)))
}

async fn post(app: &Router, uri: &str, body: &[u8]) -> (StatusCode, Value) {
    let req = Request::builder()
        .method(Method::POST)
        .uri(uri)
        .header("authorization", format!("Bearer {KEY}"))
        .header("content-type", "application/x-ndjson")
        .body(AxBody::from(body.to_vec()))
        .unwrap();
    let resp = app.clone().oneshot(req).await.unwrap();
    let status = resp.status();
    let bytes = axum::body::to_bytes(resp.into_body(), usize::MAX)
        .await
        .unwrap();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

async fn get_status(app: &Router, uri: &str) -> StatusCode {
    let req = Request::builder().uri(uri).body(AxBody::empty()).unwrap();
    app.clone().oneshot(req).await.unwrap().status()
}

/// `(line, id, field)` of each rejection.
fn rejected(v: &Value) -> Vec<(u64, Value, Value)> {
    v["rejected"]
        .as_array()
        .unwrap_or_else(|| panic!("{v}"))
        .iter()
        .map(|r| {
            assert!(r["error"].as_str().is_some_and(|e| !e.is_empty()), "{r}");
            (
                r["line"].as_u64().unwrap(),
                r["id"].clone(),
                r["field"].clone(),
            )
        })
        .collect()
}

#[tokio::test]
async fn two_records_on_one_line_are_rejected_not_half_read() {
    let (_d, app) = router();
    let body = concat!(
        r#"{"id":"a1","title":"焊工"}{"id":"a2","title":"电工"}"#,
        "\n",
        r#"{"id":"a3","title":"保洁"} garbage"#,
        "\n",
        r#"{"id":"a4","title":"厨师"}"#,
    );
    for uri in ["/v1/jobs:bulk", "/console/api/import/jobs"] {
        let (s, v) = post(&app, uri, body.as_bytes()).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!(
            (v["received"].as_u64(), v["stored"].as_u64()),
            (Some(3), Some(1))
        );
        assert_eq!(
            rejected(&v),
            [(1, json!("a1"), Value::Null), (2, json!("a3"), Value::Null)]
        );
    }
    for id in ["a1", "a2", "a3"] {
        assert_eq!(
            get_status(&app, &format!("/v1/jobs/{id}")).await,
            404,
            "{id}"
        );
    }
    assert_eq!(get_status(&app, "/v1/jobs/a4").await, 200);
}

#[tokio::test]
async fn cr_only_lines_a_bom_and_a_bad_byte_are_read_as_the_cli_reads_them() {
    let (_d, app) = router();
    let mut body = "\u{feff}".as_bytes().to_vec();
    body.extend_from_slice(r#"{"id":"c1","summary":"焊工"}"#.as_bytes());
    body.extend_from_slice(b"\r{\"id\":\"c2\",\"summary\":\"\xff\"}\r");
    body.extend_from_slice(r#"{"id":"c3","summary":"电工"}"#.as_bytes());
    body.extend_from_slice(b"\r\n");
    body.extend_from_slice(br#"{"id":"c4","groups":null,"kind":1,"needs":{"accessible":"yes"}}"#);
    let (s, v) = post(&app, "/v1/candidates:bulk", &body).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(
        (v["received"].as_u64(), v["stored"].as_u64()),
        (Some(4), Some(2)),
        "{v}"
    );
    assert_eq!(
        rejected(&v),
        [
            (2, Value::Null, Value::Null),
            (4, json!("c4"), json!("groups"))
        ]
    );
    let (s, v) = post(
        &app,
        "/v1/jobs:bulk",
        br#"{"id":"j1","title":"t","kind":null}"#,
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(rejected(&v), [(1, json!("j1"), json!("kind"))]);
}

#[tokio::test]
async fn an_empty_body_is_a_400_naming_the_body() {
    let (_d, app) = router();
    for (uri, body) in [
        ("/v1/jobs:bulk", ""),
        ("/v1/candidates:bulk", "\n\n  \r\n"),
        ("/console/api/import/jobs", ""),
        ("/console/api/import/jobs?format=csv", "职位自编号,职位\n"),
    ] {
        let (s, v) = post(&app, uri, body.as_bytes()).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{uri}: {v}");
        let m = v["error"]["message"].as_str().unwrap();
        assert!(m.contains("body"), "{uri}: {m}");
    }
}

#[tokio::test]
async fn limits_are_the_same_on_every_path() {
    let (_d, app) = router();
    let lines = [
        r#"{"id":"z1","title":"\u200b\u200b\u2060"}"#.to_string(),
        r#"{"id":"z2","title":"焊工\u0000"}"#.to_string(),
        r#"{"id":"z3","title":"焊工\u001b[31m"}"#.to_string(),
        r#"{"id":"z4","title":"\u202e工焊"}"#.to_string(),
        format!(r#"{{"id":"z5","title":"{}"}}"#, "焊".repeat(300_000)),
        format!(
            r#"{{"id":"z6","title":"焊工","skills":{}}}"#,
            json!(vec!["x"; 100_000])
        ),
        r#"{"id":"z7","title":"焊工","headcount":4294967295}"#.to_string(),
        r#"{"id":"z8","title":"焊工","salary":{"min":1e300}}"#.to_string(),
        r#"{"id":"z9","title":"焊工","experience_years":500}"#.to_string(),
        r#"{"id":"z10","title":"焊工","posted_at":"2026-11-01","valid_until":"2026-10-01"}"#
            .to_string(),
        r#"{"id":"z11","title":"焊工","posted_at":"9999-12-31"}"#.to_string(),
        r#"{"id":"z12","title":"焊工","location":{"adcode":"999999"}}"#.to_string(),
        r#"{"id":"z13","title":"焊工","salary":"abc"}"#.to_string(),
        r#"{"id":"z14","title":"焊工","salary":"面议","description":"a\u202bb\u202cc"}"#
            .to_string(),
    ];
    let fields = [
        "title",
        "title",
        "title",
        "title",
        "title",
        "skills",
        "headcount",
        "salary.min",
        "experience_years",
        "valid_until",
        "posted_at",
        "location.adcode",
        "salary",
    ];
    let body = lines.join("\n");
    for uri in ["/v1/jobs:bulk", "/console/api/import/jobs"] {
        let (s, v) = post(&app, uri, body.as_bytes()).await;
        assert_eq!(s, StatusCode::OK, "{uri}");
        let got: Vec<Value> = rejected(&v).into_iter().map(|(_, _, f)| f).collect();
        let want: Vec<Value> = fields.iter().map(|f| json!(f)).collect();
        assert_eq!(got, want, "{uri}: {}", v["rejected"]);
        assert_eq!(v["stored"], 1, "a closed embedding in free text is fine");
    }
    // A single write is held to the same limits.
    let req = Request::builder()
        .method(Method::PUT)
        .uri("/v1/jobs/z7")
        .header("authorization", format!("Bearer {KEY}"))
        .body(AxBody::from(lines[6].clone()))
        .unwrap();
    let resp = app.clone().oneshot(req).await.unwrap();
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_bulk_body_over_the_record_limit_stores_nothing() {
    let (_d, app) = router();
    let line = |i: usize| format!("{{\"id\":\"m{i}\",\"title\":\"焊工\"}}\n");
    let body: String = (0..=super::MAX_RECORDS).map(line).collect();
    let (s, v) = post(&app, "/v1/jobs:bulk", body.as_bytes()).await;
    assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE, "{v}");
    assert_eq!(get_status(&app, "/v1/jobs/m0").await, 404);
}
