//! The assignment endpoints end to end through the router (no socket), over a real engine holding
//! the fixture vacancies.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body as AxBody;
use axum::http::{Method, Request, StatusCode};
use axum::Router;
use serde_json::Value;
use tower::ServiceExt;

use super::super::{app, AppState, ServeConfig};

const KEY: &str = "assign-key";

struct Fixture {
    _dir: tempfile::TempDir,
    app: Router,
    state: AppState,
}

fn fixture() -> Fixture {
    fixture_with(bole_corpus::FIXTURE_JOBS.lines())
}

/// A server over an engine holding the vacancies of `jobs` (JSON lines).
fn fixture_with<'a>(jobs: impl Iterator<Item = &'a str>) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let engine = Arc::new(bole::engine::Engine::open(dir.path()).unwrap());
    let jobs: Vec<bole::Job> = jobs
        .map(|l| bole::model::job_from_json(l).unwrap())
        .collect();
    engine.put_jobs(&jobs).unwrap();
    let cfg = ServeConfig {
        api_keys: vec![KEY.into()],
        ..Default::default()
    };
    let state = AppState::new(engine, &cfg);
    Fixture {
        _dir: dir,
        app: app(state.clone()),
        state,
    }
}

fn people(n: usize) -> String {
    bole_corpus::FIXTURE_CANDIDATES
        .lines()
        .take(n)
        .collect::<Vec<_>>()
        .join("\n")
}

struct Answer {
    status: StatusCode,
    json: Value,
    bytes: Vec<u8>,
    headers: axum::http::HeaderMap,
}

async fn call(
    app: &Router,
    method: Method,
    uri: &str,
    key: Option<&str>,
    ctype: &str,
    body: &str,
) -> Answer {
    let mut b = Request::builder().method(method).uri(uri);
    if let Some(k) = key {
        b = b.header("authorization", format!("Bearer {k}"));
    }
    let req = b
        .header("content-type", ctype)
        .body(AxBody::from(body.to_string()))
        .unwrap();
    let resp = app.clone().oneshot(req).await.unwrap();
    let status = resp.status();
    let headers = resp.headers().clone();
    let bytes = axum::body::to_bytes(resp.into_body(), usize::MAX)
        .await
        .unwrap()
        .to_vec();
    Answer {
        status,
        json: serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        bytes,
        headers,
    }
}

async fn get(app: &Router, uri: &str) -> Answer {
    call(app, Method::GET, uri, None, "application/json", "").await
}

/// Polls a run until it is done (or failed), within a generous limit for a debug build.
async fn wait_done(app: &Router, id: &str) -> Value {
    let start = Instant::now();
    loop {
        let a = get(app, &format!("/v1/assignments/{id}")).await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.json);
        match a.json["state"].as_str().unwrap() {
            "done" => return a.json,
            "failed" => panic!("run failed: {}", a.json),
            "queued" | "running" => {}
            s => panic!("unknown state {s}"),
        }
        assert!(start.elapsed() < Duration::from_secs(300), "run too slow");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn assert_error(a: &Answer, status: StatusCode, code: &str) {
    assert_eq!(a.status, status, "{}", a.json);
    assert_eq!(a.json["error"]["code"], code, "{}", a.json);
    assert!(a.json["error"]["message"]
        .as_str()
        .is_some_and(|m| !m.is_empty()));
}

#[tokio::test]
async fn submit_poll_and_download_a_batch() {
    let f = fixture();
    let body = format!(
        "{}\n{{\"id\":\"bad\",\"max_commute_km\":\"far\"}}\nnot json\n",
        people(30)
    );
    let a = call(
        &f.app,
        Method::POST,
        "/v1/assignments?mode=max-fit&backups=2&k=10&today=2026-11-21",
        Some(KEY),
        "application/x-ndjson",
        &body,
    )
    .await;
    assert_eq!(a.status, StatusCode::ACCEPTED, "{}", a.json);
    let id = a.json["id"].as_str().unwrap().to_string();
    assert_eq!(a.json["state"], "queued");
    assert_eq!(a.json["total"], 30);
    let rej = a.json["rejected"].as_array().unwrap();
    assert_eq!(rej.len(), 2, "{}", a.json);
    assert_eq!(rej[0]["line"], 31);
    assert_eq!(rej[0]["field"], "max_commute_km");
    assert_eq!(rej[1]["line"], 32);
    assert!(rej[1]["error"].as_str().is_some_and(|m| !m.is_empty()));
    assert_eq!(a.json["received"], 32);
    let base = format!("/v1/assignments/{id}");
    assert_eq!(a.json["links"]["self"], base.as_str());
    assert_eq!(
        a.json["links"]["csv"],
        format!("{base}/roster.csv").as_str()
    );
    assert_eq!(
        a.json["links"]["json"],
        format!("{base}/roster.json").as_str()
    );

    let st = wait_done(&f.app, &id).await;
    assert_eq!(st["mode"], "max-fit");
    assert_eq!(st["progress"]["done"], 30);
    assert_eq!(st["progress"]["total"], 30);
    assert_eq!(st["summary"]["people"], 30);
    assert!(st["summary"]["placed"].as_u64().unwrap() > 0, "{st}");
    assert!(st.get("error").is_none());

    let csv = get(&f.app, &format!("{base}/roster.csv")).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(csv.headers["content-type"], "text/csv; charset=utf-8");
    assert_eq!(
        csv.headers["content-disposition"],
        format!("attachment; filename=\"roster-{id}.csv\"").as_str()
    );
    assert!(csv.bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 BOM");
    let text = String::from_utf8(csv.bytes.clone()).unwrap();
    assert_eq!(text.lines().count(), 31, "header + one row per person");
    assert!(text.lines().nth(1).unwrap().starts_with("c-2026-0,"));

    let js = get(&f.app, &format!("{base}/roster.json")).await;
    assert_eq!(js.status, StatusCode::OK);
    assert!(js.headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/json"));
    let rows = js.json["assignments"].as_array().unwrap();
    assert_eq!(rows.len(), 30);
    assert_eq!(js.json["summary"]["mode"], "max-fit");
    for r in rows {
        assert!(r["candidate_id"].is_string());
        assert!(r["backups"].as_array().unwrap().len() <= 2);
        match &r["primary"] {
            Value::Null => assert!(r["unplaced_reason"].is_string(), "{r}"),
            p => {
                assert!(p["job_id"].is_string() && p["score"].is_number(), "{p}");
                assert!(p["reasons"].is_array());
                assert!(r["unplaced_reason"].is_null());
            }
        }
    }

    let list = get(&f.app, "/v1/assignments").await;
    assert_eq!(list.status, StatusCode::OK);
    let runs = list.json["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0]["id"], id.as_str());
    assert_eq!(runs[0]["state"], "done");
    assert!(runs[0]["created"].as_str().unwrap().ends_with('Z'));
}

#[tokio::test]
async fn writes_need_a_key_and_unknown_runs_are_404() {
    let f = fixture();
    let a = call(
        &f.app,
        Method::POST,
        "/v1/assignments",
        None,
        "application/x-ndjson",
        &people(3),
    )
    .await;
    assert_error(&a, StatusCode::UNAUTHORIZED, "unauthorized");
    let a = call(
        &f.app,
        Method::POST,
        "/v1/assignments",
        Some("wrong"),
        "application/x-ndjson",
        &people(3),
    )
    .await;
    assert_error(&a, StatusCode::UNAUTHORIZED, "unauthorized");
    for uri in [
        "/v1/assignments/nope",
        "/v1/assignments/nope/roster.csv",
        "/v1/assignments/nope/roster.json",
    ] {
        assert_error(&get(&f.app, uri).await, StatusCode::NOT_FOUND, "not_found");
    }
}

#[tokio::test]
async fn bad_batches_are_400_and_csv_is_415() {
    let f = fixture();
    let a = call(
        &f.app,
        Method::POST,
        "/v1/assignments",
        Some(KEY),
        "application/x-ndjson",
        "{\"id\":\"x\",\"max_commute_km\":\"far\"}\nnot json\n",
    )
    .await;
    assert_error(&a, StatusCode::BAD_REQUEST, "no_people");
    let a = call(
        &f.app,
        Method::POST,
        "/v1/assignments",
        Some(KEY),
        "text/plain",
        "",
    )
    .await;
    assert_error(&a, StatusCode::BAD_REQUEST, "invalid_field");
    let a = call(
        &f.app,
        Method::POST,
        "/v1/assignments?mode=greedy",
        Some(KEY),
        "application/x-ndjson",
        &people(2),
    )
    .await;
    assert_error(&a, StatusCode::BAD_REQUEST, "invalid_field");
    assert!(a.json["error"]["message"]
        .as_str()
        .unwrap()
        .contains("mode"));
    let a = call(
        &f.app,
        Method::POST,
        "/v1/assignments",
        Some(KEY),
        "text/csv",
        "id\nc1\n",
    )
    .await;
    assert_error(
        &a,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
    );
    // A repeated id is a bad line, the first occurrence stays.
    let one = people(1);
    let a = call(
        &f.app,
        Method::POST,
        "/v1/assignments?today=2026-11-21",
        Some(KEY),
        "application/json",
        &format!("{one}\n{one}\n"),
    )
    .await;
    assert_eq!(a.status, StatusCode::ACCEPTED, "{}", a.json);
    assert_eq!(a.json["total"], 1);
    assert_eq!(a.json["rejected"][0]["line"], 2);
    assert_eq!(a.json["rejected"][0]["field"], "id");
}

// Holding the worker's gate across the awaits is the point; the awaited calls never take it.
#[allow(clippy::await_holding_lock)]
#[tokio::test]
async fn roster_is_409_until_the_run_is_done() {
    let f = fixture();
    let id = {
        // The worker waits for this lock before it starts a run.
        let _hold = super::HOLD.lock().unwrap_or_else(|p| p.into_inner());
        let a = call(
            &f.app,
            Method::POST,
            "/v1/assignments?today=2026-11-21",
            Some(KEY),
            "application/x-ndjson",
            &people(5),
        )
        .await;
        assert_eq!(a.status, StatusCode::ACCEPTED, "{}", a.json);
        let id = a.json["id"].as_str().unwrap().to_string();
        let st = get(&f.app, &format!("/v1/assignments/{id}")).await;
        assert_eq!(st.json["state"], "queued");
        assert!(st.json.get("summary").is_none());
        for part in ["roster.csv", "roster.json"] {
            let a = get(&f.app, &format!("/v1/assignments/{id}/{part}")).await;
            assert_error(&a, StatusCode::CONFLICT, "not_ready");
        }
        id
    };
    wait_done(&f.app, &id).await;
    let a = get(&f.app, &format!("/v1/assignments/{id}/roster.json")).await;
    assert_eq!(a.status, StatusCode::OK);
}

#[tokio::test]
async fn stored_people_are_selected_by_group_and_region() {
    let f = fixture();
    let all: Vec<bole::Candidate> = bole_corpus::FIXTURE_CANDIDATES
        .lines()
        .map(|l| bole::model::candidate_from_json(l).unwrap())
        .collect();
    f.state.engine().put_candidates(&all).unwrap();
    let graduates = all
        .iter()
        .filter(|c| c.groups.contains(&bole::Group::Graduate))
        .count();
    assert!(graduates > 0);
    let a = call(
        &f.app,
        Method::POST,
        "/v1/assignments?group=graduate&today=2026-11-21",
        Some(KEY),
        "application/x-ndjson",
        "",
    )
    .await;
    assert_eq!(a.status, StatusCode::ACCEPTED, "{}", a.json);
    assert_eq!(a.json["total"], graduates);
    let st = wait_done(&f.app, a.json["id"].as_str().unwrap()).await;
    assert_eq!(st["summary"]["people"], graduates);
    assert_eq!(st["summary"]["by_group"]["graduate"]["people"], graduates);
    // A region narrows the selection further.
    let a = call(
        &f.app,
        Method::POST,
        "/v1/assignments?group=graduate&region=抚州市&today=2026-11-21",
        Some(KEY),
        "application/x-ndjson",
        "",
    )
    .await;
    assert_eq!(a.status, StatusCode::ACCEPTED, "{}", a.json);
    let n = a.json["total"].as_u64().unwrap() as usize;
    assert!(n > 0 && n < graduates, "{n} of {graduates}");
}

/// 托底 through the endpoint: one packing place wanted by a better-fitting person and two
/// 就业困难人员, and one 公益性岗位 (cleaning) in the same county that none of them asked for.
#[tokio::test]
async fn the_floor_places_every_hard_to_employ_person_and_says_who_gave_way() {
    let place = r#""location":{"region":"湖南省永州市道县","adcode":"431124","lat":25.5258,"lon":111.6006}"#;
    let jobs = [
        format!(
            r#"{{"id":"pack","title":"包装工","description":"负责产品包装，长白班","skills":["包装"],{place},"salary":{{"min":4000,"max":5000}},"headcount":1,"valid_until":"2027-06-30"}}"#
        ),
        format!(
            r#"{{"id":"clean","title":"公益性岗位保洁员","description":"社区公益性岗位，负责街道保洁","kind":"public_welfare",{place},"salary":{{"min":2000,"max":2200}},"headcount":1,"valid_until":"2027-06-30"}}"#
        ),
    ];
    let f = fixture_with(jobs.iter().map(String::as_str));
    let app = f.app.clone();
    // The other person lives next door, has the skill and asks the pay offered; the 就业困难人员
    // live 18 km away without it and ask for more than it pays.
    let person = |id: &str, group: &str, skills: &str, lat: f64, pay: u32| {
        format!(
            r#"{{"id":"{id}","groups":[{group}],"skills":[{skills}],"desired":{{"titles":["包装工"],"regions":["道县"],"salary_min":{pay}}},"home":{{"region":"湖南省永州市道县","adcode":"431124","lat":{lat},"lon":111.60}},"max_commute_km":20}}"#
        )
    };
    let body = [
        person("grad", "", r#""包装""#, 25.52, 4000),
        person("hard-1", r#""hard_to_employ""#, "", 25.69, 9000),
        person("hard-2", r#""hard_to_employ""#, "", 25.69, 9000),
    ]
    .join("\n");
    let run = |q: &'static str| {
        let (app, body) = (app.clone(), body.clone());
        async move {
            let uri = format!("/v1/assignments?k=1&today=2026-12-07{q}");
            let a = call(
                &app,
                Method::POST,
                &uri,
                Some(KEY),
                "application/x-ndjson",
                &body,
            )
            .await;
            assert_eq!(a.status, StatusCode::ACCEPTED, "{}", a.json);
            let id = a.json["id"].as_str().unwrap().to_string();
            wait_done(&app, &id).await;
            get(&app, &format!("/v1/assignments/{id}/roster.json"))
                .await
                .json
        }
    };
    let primary = |r: &Value, id: &str| {
        let row = r["assignments"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["candidate_id"] == id)
            .unwrap()
            .clone();
        (
            row["primary"]["job_id"].as_str().map(str::to_string),
            row["unplaced_reason"].clone(),
        )
    };

    // Without the floor, the other person fits the packing place best and takes it; the cleaning
    // post is nobody's regular option.
    let off = run("&floor=false").await;
    assert_eq!(
        off["summary"]["floor"]["enabled"], false,
        "{}",
        off["summary"]
    );
    assert_eq!(primary(&off, "grad").0.as_deref(), Some("pack"), "{off}");
    assert_eq!(off["summary"]["placed"], 1, "{}", off["summary"]);

    // With it, both 就业困难人员 are placed: one on the packing place, one on the 公益性岗位
    // fallback; the other person gives way and is told why.
    let on = run("").await;
    let s = &on["summary"]["floor"];
    assert_eq!(s["enabled"], true, "{s}");
    assert_eq!(s["people"], 2, "{s}");
    assert_eq!(s["placed"], 2, "{s}");
    assert_eq!(s["placed_by_floor"], 2, "{s}");
    assert_eq!(s["placed_by_fallback"], 1, "{s}");
    assert_eq!(s["displaced"], 1, "{s}");
    let mut got = vec![primary(&on, "hard-1").0, primary(&on, "hard-2").0];
    got.sort();
    assert_eq!(
        got,
        vec![Some("clean".to_string()), Some("pack".to_string())],
        "{on}"
    );
    let (grad, why) = primary(&on, "grad");
    assert_eq!(grad, None);
    assert!(why.as_str().unwrap().contains("托底"), "{why}");

    // A bad flag names the parameter.
    let a = call(
        &app,
        Method::POST,
        "/v1/assignments?floor=maybe",
        Some(KEY),
        "application/x-ndjson",
        &body,
    )
    .await;
    assert_error(&a, StatusCode::BAD_REQUEST, "invalid_field");
    assert!(
        a.json["error"]["field"] == "floor"
            || a.json["error"]["message"]
                .as_str()
                .unwrap()
                .contains("floor"),
        "{}",
        a.json
    );
}
