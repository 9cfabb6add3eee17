//! In-process tests of the router (no socket) over a real engine in a temporary directory.

use std::sync::Arc;
use std::time::Duration;

use axum::body::Body as AxBody;
use axum::http::{Method, Request, StatusCode};
use axum::routing::get;
use axum::Router;
use futures_util::StreamExt;
use serde_json::Value;
use tower::ServiceExt;

use super::*;

const KEY: &str = "test-key";
const JOBS: &str = r#"{"id":"j1","title":"仓库管理员","employer":"广州某物流公司","description":"负责出入库、盘点，会开叉车优先，包吃住","skills":["叉车证"],"location":{"region":"广东省广州市白云区"},"salary":{"min":5000,"max":7000},"education":"高中","headcount":2}
{"id":"j2","title":"社区公益性岗位保洁员","kind":"public_welfare","description":"社区公共区域保洁，优先安置就业困难人员","location":{"region":"广东省广州市白云区"},"salary":{"min":2500,"max":3000},"accessible":true}
{"id":"j3","title":"Java开发工程师","employer":"某科技公司","description":"Spring Boot 后端开发，本科及以上","location":{"region":"广东省广州市天河区"},"salary":{"min":9000,"max":15000},"education":"本科","experience_years":1}"#;
const C1: &str = r#"{"id":"c1","groups":["migrant_worker"],"summary":"在仓库干过三年，会开叉车，有叉车证","desired":{"titles":["仓管"],"regions":["广州市"]}}"#;

struct Fixture {
    _dir: tempfile::TempDir,
    state: AppState,
}

fn fixture(cfg: ServeConfig) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let engine = Arc::new(bole::engine::Engine::open(dir.path()).unwrap());
    let state = AppState::new(engine, &cfg);
    Fixture { _dir: dir, state }
}

fn cfg() -> ServeConfig {
    ServeConfig {
        api_keys: vec![KEY.into(), "other".into()],
        ..Default::default()
    }
}

async fn call(
    app: &Router,
    method: Method,
    uri: &str,
    key: Option<&str>,
    body: &str,
) -> (StatusCode, Value, String) {
    let mut b = Request::builder().method(method).uri(uri);
    if let Some(k) = key {
        b = b.header("authorization", format!("Bearer {k}"));
    }
    let req = b
        .header("content-type", "application/json")
        .body(AxBody::from(body.to_string()))
        .unwrap();
    let resp = app.clone().oneshot(req).await.unwrap();
    let status = resp.status();
    let bytes = axum::body::to_bytes(resp.into_body(), usize::MAX)
        .await
        .unwrap();
    let text = String::from_utf8_lossy(&bytes).to_string();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::Null),
        text,
    )
}

fn assert_error_shape(v: &Value) {
    assert!(
        v["error"]["code"].as_str().is_some_and(|c| !c.is_empty()),
        "{v}"
    );
    assert!(
        v["error"]["message"]
            .as_str()
            .is_some_and(|c| !c.is_empty()),
        "{v}"
    );
}

#[tokio::test]
async fn writes_need_keys_and_errors_have_one_shape() {
    let f = fixture(cfg());
    let app = app(f.state.clone());
    let job = r#"{"id":"j9","title":"面包师","location":{"region":"江西省抚州市资溪县"}}"#;
    let (s, v, _) = call(&app, Method::PUT, "/v1/jobs/j9", None, job).await;
    assert_eq!(s, 401);
    assert_error_shape(&v);
    let (s, _, _) = call(&app, Method::PUT, "/v1/jobs/j9", Some("wrong"), job).await;
    assert_eq!(s, 401);
    let (s, v, _) = call(&app, Method::PUT, "/v1/jobs/j9", Some(KEY), job).await;
    assert_eq!(s, 201, "{v}");
    assert_eq!(v["created"], true);
    let (s, _, _) = call(&app, Method::PUT, "/v1/jobs/j9", Some("other"), job).await;
    assert_eq!(s, 200, "a replace is 200");
    let (s, v, _) = call(&app, Method::GET, "/v1/jobs/j9", None, "").await;
    assert_eq!((s, v["title"].as_str()), (StatusCode::OK, Some("面包师")));

    let (s, v, _) = call(&app, Method::PUT, "/v1/jobs/j8", Some(KEY), r#"{"id":"#).await;
    assert_eq!(s, 400);
    assert_error_shape(&v);
    let (s, v, _) = call(
        &app,
        Method::PUT,
        "/v1/jobs/j8",
        Some(KEY),
        r#"{"title":"t","salary":{"min":"abc"}}"#,
    )
    .await;
    assert_eq!(s, 400);
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("salary.min"),
        "{v}"
    );
    let (s, v, _) = call(
        &app,
        Method::PUT,
        "/v1/jobs/j8",
        Some(KEY),
        r#"{"id":"zz","title":"t"}"#,
    )
    .await;
    assert_eq!(s, 400);
    assert!(
        v["error"]["message"].as_str().unwrap().contains("`id`"),
        "{v}"
    );
    let (s, v, _) = call(
        &app,
        Method::PUT,
        "/v1/candidates/c8",
        Some(KEY),
        r#"{"groups":["martian"]}"#,
    )
    .await;
    assert_eq!(s, 400);
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("groups[0]"),
        "{v}"
    );

    let (s, v, _) = call(&app, Method::GET, "/v1/jobs/nope", None, "").await;
    assert_eq!(s, 404);
    assert_error_shape(&v);
    let (s, v, _) = call(&app, Method::GET, "/v1/candidates/nope", None, "").await;
    assert_eq!(s, 404);
    assert_error_shape(&v);
    let (s, v, _) = call(&app, Method::GET, "/no/such/route", None, "").await;
    assert_eq!(s, 404);
    assert_error_shape(&v);
    let (s, v, _) = call(&app, Method::PATCH, "/v1/jobs/j9", Some(KEY), "{}").await;
    assert_eq!(s, 405);
    assert_error_shape(&v);
    let (s, v, _) = call(&app, Method::GET, "/v1/search/jobs?q=x&top=abc", None, "").await;
    assert_eq!(s, 400);
    assert!(
        v["error"]["message"].as_str().unwrap().contains("top"),
        "{v}"
    );

    let (s, _, _) = call(&app, Method::DELETE, "/v1/jobs/j9", None, "").await;
    assert_eq!(s, 401);
    let (s, _, _) = call(&app, Method::DELETE, "/v1/jobs/j9", Some(KEY), "").await;
    assert_eq!(s, 200);
    let (s, _, _) = call(&app, Method::GET, "/v1/jobs/j9", None, "").await;
    assert_eq!(s, 404);
    let (s, _, _) = call(&app, Method::DELETE, "/v1/jobs/j9", Some(KEY), "").await;
    assert_eq!(s, 404);
}

#[tokio::test]
async fn oversized_body_is_413_json() {
    let f = fixture(ServeConfig {
        body_limit: 1024,
        ..cfg()
    });
    let app = app(f.state.clone());
    let big = format!(
        r#"{{"id":"j1","title":"t","description":"{}"}}"#,
        "x".repeat(4096)
    );
    let (s, v, _) = call(&app, Method::PUT, "/v1/jobs/j1", Some(KEY), &big).await;
    assert_eq!(s, 413);
    assert_error_shape(&v);
    let (s, v, _) = call(&app, Method::POST, "/v1/jobs:bulk", Some(KEY), &big).await;
    assert_eq!(s, 413);
    assert_error_shape(&v);
}

#[tokio::test]
async fn closed_reads_need_a_key_but_health_does_not() {
    let f = fixture(ServeConfig {
        open_reads: false,
        ..cfg()
    });
    let app = app(f.state.clone());
    let (s, _, _) = call(&app, Method::GET, "/v1/jobs/j1", None, "").await;
    assert_eq!(s, 401);
    let (s, _, _) = call(&app, Method::GET, "/v1/jobs/j1", Some(KEY), "").await;
    assert_eq!(s, 404);
    let (s, _, _) = call(&app, Method::POST, "/v1/match", None, C1).await;
    assert_eq!(s, 401);
    for p in ["/health", "/openapi.json"] {
        let (s, _, _) = call(&app, Method::GET, p, None, "").await;
        assert_eq!(s, 200, "{p}");
    }
    // Metrics tell counts and traffic: a read like any other (issue 22.9).
    let (s, _, _) = call(&app, Method::GET, "/metrics", None, "").await;
    assert_eq!(s, 401);
    let (s, _, _) = call(&app, Method::GET, "/metrics", Some(KEY), "").await;
    assert_eq!(s, 200);
}

#[tokio::test]
async fn open_reads_let_match_without_a_key_and_no_keys_means_no_writes() {
    let f = fixture(ServeConfig::default());
    let app = app(f.state.clone());
    let (s, v, _) = call(
        &app,
        Method::PUT,
        "/v1/jobs/j1",
        Some("anything"),
        r#"{"title":"t"}"#,
    )
    .await;
    assert_eq!(s, 401);
    assert!(v["error"]["message"]
        .as_str()
        .unwrap()
        .contains("BOLE_API_KEYS"));
    let (s, _, _) = call(&app, Method::POST, "/v1/match", None, C1).await;
    assert_eq!(s, 200);
}

#[tokio::test]
async fn matches_search_and_bulk() {
    let f = fixture(cfg());
    let app = app(f.state.clone());
    let bulk = format!("{JOBS}\n{{\"id\":\"bad\",\"title\":\"t\",\"headcount\":0}}\n\n");
    let (s, v, _) = call(&app, Method::POST, "/v1/jobs:bulk", Some(KEY), &bulk).await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(
        (v["stored"].as_u64(), v["rejected"].as_array().map(Vec::len)),
        (Some(3), Some(1))
    );
    let bad = &v["rejected"][0];
    assert_eq!(
        (&bad["line"], &bad["id"], &bad["field"]),
        (
            &Value::from(4),
            &Value::from("bad"),
            &Value::from("headcount")
        ),
        "{v}"
    );

    let (s, v, _) = call(&app, Method::POST, "/v1/candidates:bulk", Some(KEY), C1).await;
    assert_eq!((s, v["stored"].as_u64()), (StatusCode::OK, Some(1)), "{v}");
    let (s, v, _) = call(&app, Method::GET, "/v1/candidates/c1", None, "").await;
    assert_eq!((s, v["id"].as_str()), (StatusCode::OK, Some("c1")));

    let (s, v, _) = call(
        &app,
        Method::GET,
        "/v1/candidates/c1/matches?top=2",
        None,
        "",
    )
    .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["candidate_id"], "c1");
    let m = v["matches"].as_array().unwrap();
    assert!(!m.is_empty() && m.len() <= 2, "{v}");
    assert_eq!(m[0]["job_id"], "j1", "{v}");
    assert!(m[0]["score"].is_number() && !m[0]["reasons"].as_array().unwrap().is_empty());

    let (s, v, _) = call(&app, Method::POST, "/v1/match?top=3", None, C1).await;
    assert_eq!(s, 200);
    assert_eq!(v["candidate_id"], "c1");
    assert_eq!(v["matches"][0]["job_id"], "j1", "{v}");

    let (s, v, _) = call(&app, Method::GET, "/v1/jobs/j1/matches", None, "").await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["job_id"], "j1");
    assert_eq!(v["matches"][0]["candidate_id"], "c1", "{v}");

    let (s, v, _) = call(
        &app,
        Method::GET,
        "/v1/search/jobs?q=%E5%8F%89%E8%BD%A6",
        None,
        "",
    )
    .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["hits"][0]["id"], "j1", "{v}");
    let (s, _, _) = call(&app, Method::GET, "/v1/search/jobs", None, "").await;
    assert_eq!(s, 400);
    let (s, v, _) = call(
        &app,
        Method::GET,
        "/v1/search/candidates?q=%E5%8F%89%E8%BD%A6",
        None,
        "",
    )
    .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["hits"][0]["id"], "c1", "{v}");

    // Region filter as text and as a code: nothing in Jiangxi.
    let (_, v, _) = call(
        &app,
        Method::GET,
        "/v1/candidates/c1/matches?region=360000",
        None,
        "",
    )
    .await;
    assert_eq!(v["matches"].as_array().map(Vec::len), Some(0), "{v}");
    let (_, v, _) = call(
        &app,
        Method::GET,
        "/v1/candidates/c1/matches?region=%E6%B1%9F%E8%A5%BF",
        None,
        "",
    )
    .await;
    assert_eq!(v["matches"].as_array().map(Vec::len), Some(0), "{v}");

    let (s, v, _) = call(
        &app,
        Method::GET,
        "/v1/live/picks?region=%E5%B9%BF%E5%B7%9E&n=5",
        None,
        "",
    )
    .await;
    assert_eq!(s, 200, "{v}");
    let picks = v["picks"].as_array().unwrap();
    assert_eq!(picks.len(), 3, "{v}");
    let j1 = picks.iter().find(|p| p["job_id"] == "j1").unwrap();
    let pts: Vec<&str> = j1["talking_points"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(pts.contains(&"薪资5000-7000元/月"), "{pts:?}");
    assert!(pts.iter().any(|p| p.contains("包吃住")), "{pts:?}");
    let (_, v, _) = call(
        &app,
        Method::GET,
        "/v1/live/picks?group=migrant_worker&industry=%E7%89%A9%E6%B5%81",
        None,
        "",
    )
    .await;
    let ids: Vec<&str> = v["picks"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["job_id"].as_str())
        .collect();
    assert_eq!(ids, vec!["j1"], "{v}");

    let (s, _, text) = call(&app, Method::GET, "/metrics", None, "").await;
    assert_eq!(s, 200);
    assert!(
        text.contains("# TYPE bole_http_requests_total counter"),
        "{text}"
    );
    assert!(
        text.contains("route=\"/v1/candidates/{id}/matches\",status=\"200\""),
        "{text}"
    );
    assert!(text.contains("bole_records{side=\"jobs\"} 3"), "{text}");
    let segs = text
        .lines()
        .find_map(|l| l.strip_prefix("bole_index_segments{side=\"jobs\"} "))
        .and_then(|n| n.parse::<u64>().ok());
    assert!(segs.is_some_and(|n| n >= 1), "{text}");
    // The person asked for matches above: their profile was derived once, then kept.
    let gauge = |name: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|n| n.trim().parse::<u64>().ok())
    };
    assert!(
        gauge("bole_profile_cache_entries ").is_some_and(|n| n >= 1),
        "{text}"
    );
    assert!(
        gauge("bole_profile_cache_lookups_total{result=\"miss\"} ").is_some_and(|n| n >= 1),
        "{text}"
    );
    assert!(
        gauge("bole_profile_cache_lookups_total{result=\"hit\"} ").is_some_and(|n| n >= 1),
        "{text}"
    );
}

/// Pages of the console: HTML, not API, and not described.
fn is_page(route: &str) -> bool {
    console::is_static_route(route)
}

/// Every `.route("path", get(…).post(…))` in the server's sources (tests excluded): the router's
/// own list of paths and methods, read from the code that builds it, so a route added anywhere
/// without an operation in the document (or without a slot in `ROUTES`) fails the test below.
fn routes_in_source() -> std::collections::BTreeMap<String, Vec<String>> {
    fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs")
                && p.file_name().is_none_or(|n| n != "tests.rs")
            {
                out.push(p);
            }
        }
    }
    let mut files = Vec::new();
    walk(
        std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src")),
        &mut files,
    );
    let mut routes = std::collections::BTreeMap::<String, Vec<String>>::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        for (at, _) in text.match_indices(".route(") {
            let rest = text[at + ".route(".len()..].trim_start();
            let Some(lit) = rest.strip_prefix('"') else {
                continue;
            };
            let path = &lit[..lit.find('"').unwrap()];
            // The method router: up to the `)` closing `.route(`.
            let mut depth = 1;
            let mut end = 0;
            for (i, c) in rest.char_indices() {
                match c {
                    '(' => depth += 1,
                    ')' => depth -= 1,
                    _ => {}
                }
                if depth == 0 {
                    end = i;
                    break;
                }
            }
            let chain = &rest[..end];
            let methods = routes.entry(path.to_string()).or_default();
            for m in ["get", "post", "put", "delete", "patch"] {
                let called = chain.match_indices(&format!("{m}(")).any(|(i, _)| {
                    i == 0 || !chain[..i].ends_with(|c: char| c.is_alphanumeric() || c == '_')
                });
                if called {
                    methods.push(m.to_string());
                }
            }
            methods.sort();
            methods.dedup();
        }
    }
    routes
}

#[test]
fn every_route_the_router_is_built_with_is_in_routes_and_in_the_document() {
    let built = routes_in_source();
    let mut listed: Vec<&str> = ROUTES.to_vec();
    listed.sort();
    assert_eq!(
        built.keys().map(String::as_str).collect::<Vec<_>>(),
        listed,
        "the router's paths differ from ROUTES"
    );
    let doc = openapi::document();
    for (path, methods) in &built {
        if is_page(path) {
            continue;
        }
        let item = doc["paths"][path.as_str()]
            .as_object()
            .unwrap_or_else(|| panic!("{path} is served but not in the OpenAPI document"));
        let mut documented: Vec<String> = item
            .keys()
            .filter(|k| ["get", "post", "put", "delete", "patch"].contains(&k.as_str()))
            .cloned()
            .collect();
        documented.sort();
        assert_eq!(&documented, methods, "{path}: methods served vs documented");
    }
    // The scan itself sees what it must (a parse that finds nothing would prove nothing).
    assert_eq!(built["/v1/jobs/{id}"], ["delete", "get", "put"]);
    assert_eq!(built["/v1/assignments"], ["get", "post"]);
}

#[tokio::test]
async fn every_served_route_has_an_operation_and_every_operation_is_served() {
    let doc = openapi::document();
    let paths = doc["paths"].as_object().unwrap();
    let api: Vec<&str> = ROUTES.iter().copied().filter(|r| !is_page(r)).collect();
    let mut documented: Vec<&str> = paths.keys().map(String::as_str).collect();
    let mut served = api.clone();
    documented.sort();
    served.sort();
    assert_eq!(
        documented, served,
        "documented paths differ from the routes served"
    );
    let f = fixture(cfg());
    let app = app(f.state.clone());
    let mut ids = std::collections::HashSet::new();
    for (path, item) in paths {
        for (m, op) in item.as_object().unwrap() {
            let id = op["operationId"].as_str().unwrap_or("");
            assert!(!id.is_empty(), "{m} {path}: no operationId");
            assert!(
                ids.insert(id.to_string()),
                "{m} {path}: operationId {id} repeated"
            );
            assert!(
                op["tags"].as_array().is_some_and(|t| !t.is_empty()),
                "{m} {path}: no tag"
            );
            let writes =
                matches!(m.as_str(), "put" | "delete") || (m == "post" && path != "/v1/match");
            assert_eq!(op.get("security").is_some(), writes, "{m} {path}: security");
            if path.ends_with("/stream") {
                continue;
            }
            let uri = path.replace("{id}", "x").replace("{side}", "jobs");
            let method = Method::from_bytes(m.to_uppercase().as_bytes()).unwrap();
            let (s, v, _) = call(&app, method, &uri, Some(KEY), "").await;
            let unrouted = s == 404
                && v["error"]["message"]
                    .as_str()
                    .is_some_and(|m| m.contains("no such route"));
            assert!(!unrouted && s != 405, "{m} {path}: {s} {v}");
            // Every status answered here is declared.
            assert!(
                op["responses"].get(s.as_str()).is_some(),
                "{m} {path}: answered {s}, not declared: {v}"
            );
        }
    }
    // The routes the router serves are exactly ROUTES (the metrics' slots).
    for route in ROUTES.iter().filter(|r| !r.ends_with("/stream")) {
        let uri = route
            .replace("{id}", "x")
            .replace("{side}", "jobs")
            .replace("{file}", "app.js");
        let (s, v, _) = call(&app, Method::GET, &uri, Some(KEY), "").await;
        let unrouted = s == 404
            && v["error"]["message"]
                .as_str()
                .is_some_and(|m| m.contains("no such route"));
        assert!(!unrouted, "{route} is not served");
    }
}

/// The schema of the answer declared for `method path` with `status`, as a validator.
fn declared(method: &str, path: &str, status: u16) -> jsonschema::Validator {
    let doc = openapi::document();
    let op = &doc["paths"][path][method];
    let mut schema =
        op["responses"][status.to_string()]["content"]["application/json"]["schema"].clone();
    assert!(
        schema.is_object(),
        "{method} {path} {status}: no JSON schema declared"
    );
    schema["components"] = doc["components"].clone();
    jsonschema::validator_for(&schema).unwrap()
}

fn assert_valid(method: &str, path: &str, status: u16, answer: &Value) {
    let v = declared(method, path, status);
    let errors: Vec<String> = v
        .iter_errors(answer)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{method} {path} {status}: {errors:?}\n{answer}"
    );
}

fn component(name: &str) -> jsonschema::Validator {
    let doc = openapi::document();
    let schema = serde_json::json!({
        "$ref": format!("#/components/schemas/{name}"),
        "components": doc["components"].clone(),
    });
    jsonschema::validator_for(&schema).unwrap()
}

#[tokio::test]
async fn real_answers_validate_against_the_declared_schemas() {
    let f = fixture(cfg());
    let app = app(f.state.clone());
    // A bulk answer with a rejected line that has no id, and one with an id.
    let body =
        format!("{JOBS}\n{{\"title\":\"没有编号\"}}\n{{\"id\":\"j9\",\"title\":\"\"}}\nnot json\n");
    let (s, v, _) = call(&app, Method::POST, "/v1/jobs:bulk", Some(KEY), &body).await;
    assert_eq!(s, 200, "{v}");
    assert!(v["rejected"].as_array().unwrap().len() >= 3, "{v}");
    assert!(
        v["rejected"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["id"].is_null()),
        "{v}"
    );
    assert_valid("post", "/v1/jobs:bulk", 200, &v);
    // A PUT body without `id` (the path fills it) is a valid Job in the document, and is accepted.
    let put = serde_json::json!({"title": "面包师", "location": {"region": "广东省广州市白云区"}});
    assert!(component("JobBody").is_valid(&put));
    assert!(
        !component("Job").is_valid(&put),
        "a stored record has an id"
    );
    let (s, v, _) = call(
        &app,
        Method::PUT,
        "/v1/jobs/j4",
        Some(KEY),
        &put.to_string(),
    )
    .await;
    assert_eq!(s, 201, "{v}");
    assert_valid("put", "/v1/jobs/{id}", 201, &v);
    let (s, v, _) = call(&app, Method::PUT, "/v1/candidates/c1", Some(KEY), C1).await;
    assert_eq!(s, 201, "{v}");
    // A person with no education, major or summary (null in the console's rows).
    let bare = r#"{"groups":["graduate"],"home":{"region":"广东省广州市白云区"}}"#;
    let (s, _, _) = call(&app, Method::PUT, "/v1/candidates/c2", Some(KEY), bare).await;
    assert_eq!(s, 201);
    let (_, v, _) = call(&app, Method::GET, "/v1/jobs/j1", None, "").await;
    assert_valid("get", "/v1/jobs/{id}", 200, &v);
    let (_, v, _) = call(&app, Method::GET, "/v1/candidates/c1", None, "").await;
    assert_valid("get", "/v1/candidates/{id}", 200, &v);

    // Match answers.
    let (s, v, _) = call(&app, Method::GET, "/v1/candidates/c1/matches", None, "").await;
    assert_eq!(s, 200, "{v}");
    assert!(!v["matches"].as_array().unwrap().is_empty(), "{v}");
    assert_valid("get", "/v1/candidates/{id}/matches", 200, &v);
    let (_, v, _) = call(&app, Method::GET, "/v1/jobs/j2/matches", None, "").await;
    assert!(!v["matches"].as_array().unwrap().is_empty(), "{v}");
    assert_valid("get", "/v1/jobs/{id}/matches", 200, &v);
    let (_, v, _) = call(&app, Method::POST, "/v1/match?top=3", None, C1).await;
    assert_valid("post", "/v1/match", 200, &v);
    let (_, v, _) = call(&app, Method::GET, "/v1/search/jobs?q=叉车", None, "").await;
    assert_valid("get", "/v1/search/jobs", 200, &v);
    let (_, v, _) = call(&app, Method::GET, "/v1/search/candidates?q=叉车", None, "").await;
    assert_valid("get", "/v1/search/candidates", 200, &v);
    let (_, v, _) = call(&app, Method::GET, "/v1/live/picks?region=广州", None, "").await;
    assert!(!v["picks"].as_array().unwrap().is_empty(), "{v}");
    assert_valid("get", "/v1/live/picks", 200, &v);
    // The console's rows carry nulls (no employer, no education, no major, no summary).
    let (_, v, _) = call(
        &app,
        Method::GET,
        "/console/api/candidates/c1/matches",
        None,
        "",
    )
    .await;
    assert!(
        v["matches"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["employer"].is_null()),
        "{v}"
    );
    assert_valid("get", "/console/api/candidates/{id}/matches", 200, &v);
    let (_, v, _) = call(&app, Method::GET, "/console/api/jobs/j2/matches", None, "").await;
    assert!(
        v["matches"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["education"].is_null() && m["distance_km"].is_null()),
        "{v}"
    );
    assert_valid("get", "/console/api/jobs/{id}/matches", 200, &v);
    let (_, v, _) = call(&app, Method::GET, "/console/api/meta", None, "").await;
    assert_valid("get", "/console/api/meta", 200, &v);
    let (_, v, _) = call(&app, Method::GET, "/health", None, "").await;
    assert_valid("get", "/health", 200, &v);

    // Errors.
    let (s, v, _) = call(&app, Method::GET, "/v1/jobs/nope", None, "").await;
    assert_eq!(s, 404);
    assert_valid("get", "/v1/jobs/{id}", 404, &v);
    let (s, v, _) = call(&app, Method::GET, "/v1/search/jobs", None, "").await;
    assert_eq!(s, 400);
    assert_valid("get", "/v1/search/jobs", 400, &v);
    let (s, v, _) = call(&app, Method::PUT, "/v1/jobs/j1", None, "{}").await;
    assert_eq!(s, 401);
    assert_valid("put", "/v1/jobs/{id}", 401, &v);

    // A roster: the summary's `unfilled` pairs and a person without a primary.
    let (s, v, _) = call(&app, Method::POST, "/v1/assignments?k=5", Some(KEY), &format!("{C1}\n{{\"id\":\"c3\",\"summary\":\"月球基地宇航员\",\"home\":{{\"region\":\"新疆维吾尔自治区喀什地区\"}},\"desired\":{{\"regions\":[\"喀什地区\"]}},\"max_commute_km\":1}}\nbad\n")).await;
    assert_eq!(s, 202, "{v}");
    assert_valid("post", "/v1/assignments", 202, &v);
    let id = v["id"].as_str().unwrap().to_string();
    let status = loop {
        let (_, v, _) = call(
            &app,
            Method::GET,
            &format!("/v1/assignments/{id}"),
            None,
            "",
        )
        .await;
        if v["state"] == "done" || v["state"] == "failed" {
            break v;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    assert_eq!(status["state"], "done", "{status}");
    assert_valid("get", "/v1/assignments/{id}", 200, &status);
    let (_, v, _) = call(
        &app,
        Method::GET,
        &format!("/v1/assignments/{id}/roster.json"),
        None,
        "",
    )
    .await;
    assert_valid("get", "/v1/assignments/{id}/roster.json", 200, &v);
    let (_, v, _) = call(&app, Method::GET, "/v1/assignments", None, "").await;
    assert_valid("get", "/v1/assignments", 200, &v);
}

#[test]
fn the_document_states_the_limits_the_server_enforces() {
    let doc = openapi::document();
    let param = |path: &str, method: &str, name: &str| -> Value {
        doc["paths"][path][method]["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == name)
            .unwrap_or_else(|| panic!("{method} {path}: no parameter {name}"))
            .clone()
    };
    let q = param("/v1/search/jobs", "get", "q");
    assert_eq!(q["required"], true);
    assert_eq!(q["schema"]["maxLength"], params::MAX_Q as u64);
    for (path, method, name, max) in [
        ("/v1/candidates/{id}/matches", "get", "top", params::MAX_TOP),
        ("/v1/jobs/{id}/matches", "get", "offset", params::MAX_OFFSET),
        ("/v1/match", "post", "top", params::MAX_TOP),
        ("/v1/live/picks", "get", "n", bole::live::MAX_PICKS),
        (
            "/v1/live/picks",
            "get",
            "per_employer",
            params::MAX_PER_EMPLOYER,
        ),
        ("/v1/assignments", "post", "k", params::MAX_K),
        ("/v1/assignments", "post", "backups", params::MAX_BACKUPS),
    ] {
        let p = param(path, method, name);
        assert_eq!(
            p["schema"]["maximum"], max as u64,
            "{method} {path} {name}: {p}"
        );
        assert_eq!(p["required"], false, "{method} {path} {name}");
    }
    let summary = &doc["components"]["schemas"]["RosterSummary"]["properties"]["unfilled"];
    assert!(summary["items"].is_object(), "{summary}");
    // Fields the server answers as null are nullable.
    let nullable = |schema: &str, field: &str| {
        let f = &doc["components"]["schemas"][schema]["properties"][field];
        let text = f.to_string();
        assert!(
            text.contains("\"null\""),
            "{schema}.{field} is not nullable: {f}"
        );
    };
    for (s, f) in [
        ("Placement", "pay"),
        ("Placement", "distance_km"),
        ("Placement", "employer"),
        ("Placement", "place"),
        ("Assignment", "primary"),
        ("JobRow", "education"),
        ("JobRow", "valid_until"),
        ("PersonRow", "major"),
        ("PersonRow", "summary"),
        ("Rejection", "id"),
        ("Rejection", "field"),
    ] {
        nullable(s, f);
    }
}

#[tokio::test]
async fn a_panic_is_a_json_500() {
    let f = fixture(cfg());
    let routes: Router<AppState> = Router::new().route(
        "/boom",
        get(|| async {
            if true {
                panic!("boom");
            }
            "unreachable"
        }),
    );
    let app = with_layers(routes, f.state.clone());
    let (s, v, _) = call(&app, Method::GET, "/boom", None, "").await;
    assert_eq!(s, 500);
    assert_error_shape(&v);
    assert!(
        !v.to_string().contains("boom"),
        "the panic message stays in the log"
    );
}

#[tokio::test]
async fn stream_pushes_new_vacancies_for_the_audience() {
    let f = fixture(cfg());
    let app = app(f.state.clone());
    let req = Request::builder()
        .uri("/v1/live/stream?region=%E5%B9%BF%E5%B7%9E&group=migrant_worker")
        .body(AxBody::empty())
        .unwrap();
    let resp = app.clone().oneshot(req).await.unwrap();
    assert_eq!(resp.status(), 200);
    assert!(resp.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/event-stream"));
    let mut body = resp.into_body().into_data_stream();
    let first = body.next().await.unwrap().unwrap();
    assert!(String::from_utf8_lossy(&first).contains("event: ready"));
    // Outside the region, then in it but not for migrant workers, then one for them.
    let other = r#"{"id":"x1","title":"仓库管理员","description":"包吃住","location":{"region":"江西省抚州市"}}"#;
    let dev = r#"{"id":"x2","title":"Java开发工程师","education":"硕士","experience_years":5,"location":{"region":"广东省广州市天河区"}}"#;
    let good = r#"{"id":"x3","title":"叉车司机","description":"包吃住，日结","location":{"region":"广东省广州市白云区"},"salary":{"min":6000,"max":8000}}"#;
    for (id, body) in [("x1", other), ("x2", dev), ("x3", good)] {
        let (s, _, _) = call(
            &app,
            Method::PUT,
            &format!("/v1/jobs/{id}"),
            Some(KEY),
            body,
        )
        .await;
        assert_eq!(s, 201);
    }
    let frame = tokio::time::timeout(Duration::from_secs(10), body.next())
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    let text = String::from_utf8_lossy(&frame).to_string();
    assert!(
        text.contains("event: job") && text.contains("id: x3"),
        "{text}"
    );
    assert!(text.contains("薪资6000-8000元/月"), "{text}");
    // Shutdown ends the stream, so graceful shutdown is not held up by a show.
    f.state.begin_shutdown();
    let end = tokio::time::timeout(Duration::from_secs(10), body.next())
        .await
        .unwrap();
    assert!(end.is_none(), "{end:?}");
}

#[tokio::test]
async fn stream_hears_vacancies_written_by_any_path_not_only_the_put_handler() {
    let f = fixture(cfg());
    let app = app(f.state.clone());
    let req = Request::builder()
        .uri("/v1/live/stream?region=%E5%B9%BF%E5%B7%9E")
        .body(AxBody::empty())
        .unwrap();
    let resp = app.clone().oneshot(req).await.unwrap();
    assert_eq!(resp.status(), 200);
    let mut body = resp.into_body().into_data_stream();
    let first = body.next().await.unwrap().unwrap();
    assert!(String::from_utf8_lossy(&first).contains("event: ready"));
    // Written through the engine's own API, as an import or another front would: no handler
    // of this server is involved.
    let job = bole::model::job_from_json(
        r#"{"id":"direct1","title":"叉车司机","description":"包吃住","location":{"region":"广东省广州市白云区"}}"#,
    )
    .unwrap();
    let engine = Arc::clone(f.state.engine());
    tokio::task::spawn_blocking(move || engine.put_jobs(&[job]).unwrap())
        .await
        .unwrap();
    let frame = tokio::time::timeout(Duration::from_secs(10), body.next())
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    let text = String::from_utf8_lossy(&frame).to_string();
    assert!(
        text.contains("event: job") && text.contains("id: direct1"),
        "{text}"
    );
    // And the bulk path reaches it too.
    let line = r#"{"id":"bulk1","title":"仓库管理员","description":"包吃住","location":{"region":"广东省广州市白云区"}}"#;
    let (s, _, t) = call(&app, Method::POST, "/v1/jobs:bulk", Some(KEY), line).await;
    assert_eq!(s, 200, "{t}");
    let frame = tokio::time::timeout(Duration::from_secs(10), body.next())
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    let text = String::from_utf8_lossy(&frame).to_string();
    assert!(text.contains("id: bulk1"), "{text}");
    f.state.begin_shutdown();
}

#[test]
fn config_file_sets_the_profile_cache_and_refuses_unknown_keys() {
    let dir = tempfile::tempdir().unwrap();
    let addr: std::net::SocketAddr = "127.0.0.1:0".parse().unwrap();
    assert_eq!(
        config(addr, None).unwrap().profile_cache,
        bole::engine::PROFILE_CACHE
    );
    let path = dir.path().join("bole.toml");
    std::fs::write(&path, "api_keys = [\"k\"]\nprofile_cache = 5000\n").unwrap();
    assert_eq!(config(addr, Some(&path)).unwrap().profile_cache, 5000);
    std::fs::write(&path, "profile_cach = 5000\n").unwrap();
    let err = format!("{:#}", config(addr, Some(&path)).unwrap_err());
    assert!(err.contains("profile_cach"), "{err}");
}

#[tokio::test]
async fn bad_or_out_of_range_parameters_are_400s_naming_them() {
    let f = fixture(cfg());
    let app = app(f.state.clone());
    for (uri, name) in [
        ("/v1/candidates/c1/matches?top=1001", "top"),
        ("/v1/candidates/c1/matches?offset=100001", "offset"),
        ("/v1/jobs/j1/matches?kind=forever", "kind"),
        ("/v1/match?region=火星", "region"),
        ("/v1/search/jobs?top=5", "q"),
        ("/v1/search/candidates?q=", "q"),
        ("/v1/live/picks?n=201", "n"),
        ("/v1/live/picks?per_employer=51", "per_employer"),
        ("/v1/live/picks?home=火星", "home"),
        ("/v1/live/stream?today=2026-02-30", "today"),
        ("/v1/assignments?k=0", "k"),
        ("/v1/assignments?backups=11", "backups"),
        ("/v1/assignments?mode=random", "mode"),
        ("/console/api/import/jobs?format=xml", "format"),
        ("/console/api/jobs/j1/matches?group=martian", "group"),
        // A parameter given without a value is a mistake, not its default.
        ("/v1/live/picks?today=", "today"),
        ("/v1/candidates/c1/matches?region=&top=3", "region"),
        ("/v1/search/jobs?q=叉车&top=", "top"),
    ] {
        let method = if uri.starts_with("/v1/match")
            || uri.starts_with("/v1/assignments")
            || uri.starts_with("/console/api/import")
        {
            Method::POST
        } else {
            Method::GET
        };
        let (s, v, _) = call(&app, method, uri, Some(KEY), "").await;
        assert_eq!(s, 400, "{uri}: {v}");
        assert_eq!(v["error"]["code"], "invalid_field", "{uri}: {v}");
        let msg = v["error"]["message"].as_str().unwrap_or("");
        assert!(msg.contains(&format!("`{name}`")), "{uri}: {msg}");
    }
    let long = "字".repeat(201);
    let (s, v, _) = call(
        &app,
        Method::GET,
        &format!("/v1/search/jobs?q={long}"),
        None,
        "",
    )
    .await;
    assert_eq!(s, 400, "{v}");
}

#[tokio::test]
async fn a_record_object_given_as_an_array_is_a_400_naming_the_field() {
    let f = fixture(cfg());
    let app = app(f.state.clone());
    for (uri, body, field) in [
        (
            "/v1/jobs/jx",
            r#"{"title":"焊工","salary":[null,5000]}"#,
            "`salary`",
        ),
        (
            "/v1/jobs/jx",
            r#"{"title":"焊工","location":["广州",null]}"#,
            "`location`",
        ),
        (
            "/v1/jobs/jx",
            r#"{"title":"焊工","location":{"lat":"北"}}"#,
            "`location.lat`",
        ),
        ("/v1/candidates/cx", r#"{"home":["广州"]}"#, "`home`"),
    ] {
        let (s, v, _) = call(&app, Method::PUT, uri, Some(KEY), body).await;
        assert_eq!(s, 400, "{body}: {v}");
        let msg = v["error"]["message"].as_str().unwrap_or("");
        assert!(msg.contains(field), "{body}: {msg}");
    }
    // The object forms and null are read as before.
    let ok = r#"{"title":"焊工","salary":{"min":4000,"max":5000},"location":null}"#;
    let (s, v, _) = call(&app, Method::PUT, "/v1/jobs/jx", Some(KEY), ok).await;
    assert_eq!(s, 201, "{v}");
}
