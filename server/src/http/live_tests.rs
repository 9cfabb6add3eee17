//! Livestream picks through the router: audience fit, postings kept off air, how to apply.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Method, Request};
use serde_json::Value;
use tower::ServiceExt;

use super::*;

const KEY: &str = "live-key";

const JOBS: &str = r#"{"id":"dev","title":"全栈工程师","education":"本科","experience_years":1,"benefits":["包住宿"],"location":{"region":"广东省广州市天河区"},"salary":{"min":10000,"max":15000}}
{"id":"mgr","title":"软件开发经理","education":"大专","experience_years":10,"location":{"region":"广东省广州市天河区"},"salary":{"min":20000,"max":24999}}
{"id":"load","title":"搬运工","employer":"德邦物流","benefits":["包吃住"],"description":"月休4天，新手可带","location":{"region":"广东省广州市白云区"},"salary":{"min":5200,"max":6400}}
{"id":"trap","title":"普工","description":"月入8000-12000元、0元入职、当天安排住宿","location":{"region":"广东省广州市白云区"},"salary":{"min":5,"max":10}}
{"id":"own","title":"保洁员","url":"https://jobs.example.cn/own","location":{"region":"广东省广州市白云区"},"salary":{"min":3000,"max":3500}}"#;

async fn call(app: &Router, method: Method, uri: &str, body: &str) -> Value {
    let req = Request::builder()
        .method(method)
        .uri(uri)
        .header("authorization", format!("Bearer {KEY}"))
        .body(Body::from(body.to_string()))
        .unwrap();
    let resp = app.clone().oneshot(req).await.unwrap();
    assert!(resp.status().is_success(), "{uri}: {}", resp.status());
    let bytes = axum::body::to_bytes(resp.into_body(), usize::MAX)
        .await
        .unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

#[tokio::test]
async fn picks_fit_the_audience_keep_risks_off_air_and_say_how_to_apply() {
    let dir = tempfile::tempdir().unwrap();
    let engine = Arc::new(Engine::open(dir.path()).unwrap());
    let cfg = ServeConfig {
        api_keys: vec![KEY.into()],
        live_hotline: Some("020-12333".into()),
        ..Default::default()
    };
    let app = app(AppState::new(engine, &cfg));
    let v = call(&app, Method::POST, "/v1/jobs:bulk", JOBS).await;
    assert_eq!(v["stored"], 5, "{v}");

    let v = call(
        &app,
        Method::GET,
        "/v1/live/picks?region=%E5%B9%BF%E5%B7%9E&group=migrant_worker&n=20",
        "",
    )
    .await;
    let picks = v["picks"].as_array().unwrap();
    let mut ids: Vec<&str> = picks.iter().filter_map(|p| p["job_id"].as_str()).collect();
    ids.sort();
    assert_eq!(ids, vec!["load", "own"], "{v}");
    let load = picks.iter().find(|p| p["job_id"] == "load").unwrap();
    assert_eq!(
        load["why"], "适合农民工：学历不限、无需经验，包吃住",
        "{load}"
    );
    assert_eq!(load["apply"], "报名咨询：020-12333", "{load}");
    let points: Vec<&str> = load["talking_points"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(points.contains(&"作息：月休4天"), "{points:?}");
    assert!(points.contains(&"新手可带"), "{points:?}");
    let own = picks.iter().find(|p| p["job_id"] == "own").unwrap();
    assert_eq!(
        own["apply"], "报名链接：https://jobs.example.cn/own",
        "{own}"
    );

    // A graduates' show takes the engineer, never the ten-year manager nor the trap.
    let v = call(&app, Method::GET, "/v1/live/picks?group=graduate&n=20", "").await;
    let ids: Vec<&str> = v["picks"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["job_id"].as_str())
        .collect();
    assert!(ids.contains(&"dev") && !ids.contains(&"mgr"), "{ids:?}");
    assert!(!ids.contains(&"trap"), "{ids:?}");
}

#[tokio::test]
async fn a_vacancy_filled_by_recorded_hires_goes_off_air() {
    let dir = tempfile::tempdir().unwrap();
    let engine = Arc::new(Engine::open(dir.path()).unwrap());
    let cfg = ServeConfig {
        api_keys: vec![KEY.into()],
        ..Default::default()
    };
    let app = app(AppState::new(engine, &cfg));
    call(&app, Method::POST, "/v1/jobs:bulk", JOBS).await;
    let person = r#"{"id":"p1","groups":["migrant_worker"],"summary":"搬运"}"#;
    call(&app, Method::POST, "/v1/candidates:bulk", person).await;
    let on_air = |v: &Value| {
        v["picks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["job_id"] == "load")
    };
    let uri = "/v1/live/picks?group=migrant_worker&n=20";
    assert!(on_air(&call(&app, Method::GET, uri, "").await));
    let hired = r#"{"id":"e1","type":"hired","candidate_id":"p1","job_id":"load","at":"2026-12-01","source":"live"}"#;
    let v = call(&app, Method::POST, "/v1/events", hired).await;
    assert_eq!(v["stored"], 1, "{v}");
    assert!(!on_air(&call(&app, Method::GET, uri, "").await));
}
