//! The few answers the web console needs that the record API does not give in one call.
//!
//! - `GET /console/api/meta`: labels of groups and job kinds (so the pages and the engine never
//!   disagree on a name), record counts, and whether writes can work at all.
//! - `GET /console/api/candidates/{id}/matches` and `/console/api/jobs/{id}/matches`: the same
//!   ranking as `/v1/…/matches`, with the record and, per match, what a caseworker reads at a
//!   glance (title, employer, pay, place, distance, groups) so the page makes one request, not
//!   twenty-one.
//! - `POST /console/api/import/{jobs|candidates}`: a file upload imported exactly as `bole import`
//!   reads it (JSON Lines, or the platform-export CSV for jobs), answered line by line.

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::routing::{get, post};
use axum::{Json, Router};
use bole::engine::{CandidateMatch, Engine, JobEntry, JobMatch};
use bole::import::{Format, ImportReport};
use bole::{Candidate, Group, Job, JobKind};
use serde_json::{json, Value};

use super::error::ApiError;
use super::ingest;
use super::params::ImportSide;
use super::params::{Body, ImportParams, MatchParams, Q};
#[allow(unused_imports)] // named by the OpenAPI annotations
use super::schema::{AnyRecords, ConsoleJobMatches, ConsoleMeta, ConsolePersonMatches, ErrorBody};
use super::{blocking, heavy, AppState};

/// Longest résumé excerpt sent per person in a list (the full record is one click away).
const EXCERPT_CHARS: usize = 80;

/// Routes answered within the request timeout.
pub(super) fn timed_routes() -> Router<AppState> {
    Router::new()
        .route("/console/api/meta", get(meta))
        .route(
            "/console/api/candidates/{id}/matches",
            get(candidate_matches),
        )
        .route("/console/api/jobs/{id}/matches", get(job_matches))
}

/// Routes that may run as long as their body takes (a county's whole export).
pub(super) fn untimed_routes() -> Router<AppState> {
    Router::new().route("/console/api/import/{side}", post(import_file))
}

#[utoipa::path(get, path = "/console/api/meta", tag = "console", operation_id = "console_meta",
    summary = "For the web console: Chinese labels of groups and job kinds, record counts, whether writes are possible",
    responses((status = 200, description = "labels and counts", body = ConsoleMeta), (status = 401, description = "missing or wrong API key (or reads closed to callers without one)", body = ErrorBody)))]
pub(super) async fn meta(State(s): State<AppState>) -> Result<Json<Value>, ApiError> {
    let (jobs, candidates) = blocking(&s, |e| {
        Ok((e.store().count::<Job>()?, e.store().count::<Candidate>()?))
    })
    .await?;
    let groups: Vec<Value> = Group::ALL
        .iter()
        .map(|g| json!({"id": g.as_str(), "label": g.label(), "priority": g.is_priority()}))
        .collect();
    let kinds: Vec<Value> = JobKind::ALL
        .iter()
        .map(|k| json!({"id": k.as_str(), "label": k.label()}))
        .collect();
    Ok(Json(json!({
        "version": env!("CARGO_PKG_VERSION"),
        "counts": {"jobs": jobs, "candidates": candidates},
        "groups": groups,
        "kinds": kinds,
        "writes_enabled": !s.0.keys.is_empty(),
        "open_reads": s.0.open_reads,
    })))
}

/// What a caseworker reads about a vacancy in a list of matches.
fn job_row(e: &JobEntry, m: &JobMatch) -> Value {
    let j = &e.job;
    let f = &m.scored.features;
    json!({
        "job_id": j.id,
        "score": m.score,
        "reasons": m.reasons,
        "title": j.title,
        "employer": j.employer,
        "place": m.vacancy.place,
        "kind": j.kind.as_str(),
        "pay": e.profile.pay.map(|(a, b)| [a.round(), b.round()]),
        "distance_km": m.vacancy.distance_km,
        "beyond_commute": f.beyond_commute,
        "education": j.education,
        "headcount": j.headcount.unwrap_or(1),
        "benefits": j.benefits,
        "valid_until": j.valid_until,
    })
}

fn excerpt(text: &str) -> String {
    let mut out: String = text.chars().take(EXCERPT_CHARS).collect();
    if text.chars().nth(EXCERPT_CHARS).is_some() {
        out.push('…');
    }
    out
}

/// What an employer's caseworker reads about a person in a list of matches: the match's person
/// card (groups, region, education, distance) plus major, wishes and a résumé excerpt.
fn person_row(e: &Engine, m: &CandidateMatch) -> Value {
    let c = e.candidate(&m.candidate_id).ok();
    let c = c.as_ref();
    let p = &m.person;
    json!({
        "candidate_id": m.candidate_id,
        "score": m.score,
        "reasons": m.reasons,
        "groups": p.groups,
        "priority": m.priority,
        "education": p.education,
        "major": c.and_then(|c| c.major.clone()),
        "place": p.region,
        "distance_km": p.distance_km,
        "desired": c.and_then(|c| c.desired.as_ref()).map(|d| d.titles.clone()).unwrap_or_default(),
        "summary": c.and_then(|c| c.summary.as_deref()).map(excerpt),
    })
}

#[utoipa::path(get, path = "/console/api/candidates/{id}/matches", tag = "console", operation_id = "console_candidate_matches",
    summary = "For the web console: a person's record and vacancies for them, each with title, employer, pay, place and distance",
    params(("id" = String, Path), MatchParams),
    responses((status = 200, description = "the record and matches, best first", body = ConsoleJobMatches), (status = 400, description = "a bad parameter or field; the message names it", body = ErrorBody), (status = 401, description = "missing or wrong API key (or reads closed to callers without one)", body = ErrorBody), (status = 404, description = "unknown id", body = ErrorBody), (status = 503, description = "the request took longer than the configured timeout", body = ErrorBody)))]
pub(super) async fn candidate_matches(
    State(s): State<AppState>,
    Path(id): Path<String>,
    Q(p): Q<MatchParams>,
) -> Result<Json<Value>, ApiError> {
    let q = p.query();
    let answer = heavy(&s, move |e| {
        let c = e.candidate(&id)?;
        let rows: Vec<Value> = e
            .jobs_for(&c, &q)?
            .iter()
            .filter_map(|m| e.job(&m.job_id).ok().map(|entry| job_row(&entry, m)))
            .collect();
        Ok(json!({"candidate": c, "matches": rows}))
    })
    .await?;
    Ok(Json(answer))
}

#[utoipa::path(get, path = "/console/api/jobs/{id}/matches", tag = "console", operation_id = "console_job_matches",
    summary = "For the web console: a vacancy's record and people for it, each with groups, education, home and distance",
    params(("id" = String, Path), MatchParams),
    responses((status = 200, description = "the record and matches, best first", body = ConsolePersonMatches), (status = 400, description = "a bad parameter or field; the message names it", body = ErrorBody), (status = 401, description = "missing or wrong API key (or reads closed to callers without one)", body = ErrorBody), (status = 404, description = "unknown id", body = ErrorBody), (status = 503, description = "the request took longer than the configured timeout", body = ErrorBody)))]
pub(super) async fn job_matches(
    State(s): State<AppState>,
    Path(id): Path<String>,
    Q(p): Q<MatchParams>,
) -> Result<Json<Value>, ApiError> {
    let q = p.query();
    let answer = heavy(&s, move |e| {
        let entry = e.job(&id)?;
        let rows: Vec<Value> = e
            .candidates_for(&entry.job, &q)?
            .iter()
            .map(|m| person_row(e, m))
            .collect();
        Ok(json!({"job": entry.job, "matches": rows}))
    })
    .await?;
    Ok(Json(answer))
}

/// The file's format: `?format=` wins, then a CSV content type, else JSON Lines.
fn format_of(p: &ImportParams, headers: &HeaderMap) -> Format {
    if let Some(f) = p.format {
        return f;
    }
    let csv = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim().to_ascii_lowercase().starts_with("text/csv"));
    if csv {
        Format::Csv
    } else {
        Format::Jsonl
    }
}

#[utoipa::path(post, path = "/console/api/import/{side}", tag = "console", operation_id = "console_import",
    summary = "Import an uploaded file as `bole import` reads it (needs an API key): JSON Lines, or for jobs the platform-export CSV",
    params(("side" = ImportSide, Path), ImportParams), security(("bearer" = [])),
    request_body(content((AnyRecords = "application/json"), (String = "application/x-ndjson"), (String = "text/csv")), description = "the file: a JSON array of records, JSON Lines, or (jobs) a platform-export CSV"),
    responses((status = 200, description = "per-line results (the file's line numbers)", body = ConsoleImport),
        (status = 400, description = "a bad format, or a CSV of candidates", body = ErrorBody), (status = 401, description = "missing or wrong API key (or reads closed to callers without one)", body = ErrorBody),
        (status = 404, description = "side is neither jobs nor candidates", body = ErrorBody),
        (status = 413, description = "body larger than the configured limit, or more than 100000 records", body = ErrorBody)))]
/// `POST /console/api/import/{jobs|candidates}`: the engine's import of the file (as `bole
/// import` reads it), answered with the import report plus its side and format.
pub(super) async fn import_file(
    State(s): State<AppState>,
    Path(side): Path<String>,
    Q(p): Q<ImportParams>,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<ConsoleImport>, ApiError> {
    let format = format_of(&p, &headers);
    let which = match side.as_str() {
        "jobs" => ingest::Side::Jobs,
        "candidates" => ingest::Side::Candidates,
        other => {
            return Err(ApiError::new(
                StatusCode::NOT_FOUND,
                "not_found",
                format!("no import for `{other}`: use jobs or candidates"),
            ))
        }
    };
    let report = ingest::import(&s, which, format, body).await?;
    Ok(Json(ConsoleImport {
        side,
        format: format.as_str(),
        report,
    }))
}

/// A console import: the import report with the side and format it was read as.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub(super) struct ConsoleImport {
    /// `jobs` or `candidates`.
    side: String,
    /// `jsonl` or `csv`.
    format: &'static str,
    #[serde(flatten)]
    report: ImportReport,
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use axum::body::Body as AxBody;
    use axum::http::{Method, Request};
    use axum::Router;
    use tower::ServiceExt;

    use super::super::{app, ServeConfig};
    use super::*;

    const KEY: &str = "k";
    const JOBS: &str = "{\"id\":\"j1\",\"title\":\"仓库管理员\",\"employer\":\"抚州某物流公司\",\"description\":\"负责出入库、盘点，会开叉车优先，包吃住\",\"skills\":[\"叉车证\"],\"location\":{\"region\":\"江西省抚州市临川区\",\"lat\":27.95,\"lon\":116.36},\"salary\":{\"min\":4000,\"max\":6000},\"headcount\":2}\n\
{\"id\":\"j2\",\"title\":\"面包师\",\"salary\":{\"min\":9000,\"max\":5000}}\n\
\n\
{\"id\":\"j3\",\"title\":\"社区保洁员\",\"kind\":\"public_welfare\",\"location\":{\"region\":\"江西省抚州市临川区\"},\"salary\":{\"min\":2500,\"max\":3000}}\n\
{\"id\":\"j5\",\"title\":\"\"}\n";
    const PERSON: &str = r#"{"id":"c1","groups":["migrant_worker","hard_to_employ"],"education":"高中","summary":"在仓库干过三年，会开叉车，有叉车证","desired":{"titles":["仓管"],"regions":["抚州市"]},"home":{"region":"江西省抚州市临川区","lat":27.98,"lon":116.35}}"#;

    fn router() -> (tempfile::TempDir, Router) {
        let dir = tempfile::tempdir().unwrap();
        let engine = Arc::new(bole::engine::Engine::open(dir.path()).unwrap());
        let cfg = ServeConfig {
            api_keys: vec![KEY.into()],
            ..Default::default()
        };
        (dir, app(AppState::new(engine, &cfg)))
    }

    async fn call(
        app: &Router,
        method: Method,
        uri: &str,
        key: bool,
        content_type: &str,
        body: &str,
    ) -> (StatusCode, Value) {
        let mut b = Request::builder()
            .method(method)
            .uri(uri)
            .header(header::CONTENT_TYPE, content_type);
        if key {
            b = b.header(header::AUTHORIZATION, format!("Bearer {KEY}"));
        }
        let resp = app
            .clone()
            .oneshot(b.body(AxBody::from(body.to_string())).unwrap())
            .await
            .unwrap();
        let status = resp.status();
        let bytes = axum::body::to_bytes(resp.into_body(), usize::MAX)
            .await
            .unwrap();
        (
            status,
            serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        )
    }

    async fn import(app: &Router, side: &str, ct: &str, body: &str) -> (StatusCode, Value) {
        let uri = format!("/console/api/import/{side}");
        call(app, Method::POST, &uri, true, ct, body).await
    }

    #[tokio::test]
    async fn console_import_reports_every_line_and_keeps_the_good_ones() {
        let (_dir, app) = router();
        let (s, _) = call(
            &app,
            Method::POST,
            "/console/api/import/jobs",
            false,
            "application/x-ndjson",
            JOBS,
        )
        .await;
        assert_eq!(s, StatusCode::UNAUTHORIZED, "an import is a write");

        let (s, v) = import(&app, "jobs", "application/x-ndjson", JOBS).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!(
            (v["received"].as_u64(), v["stored"].as_u64()),
            (Some(4), Some(2)),
            "{v}"
        );
        let r = v["rejected"].as_array().unwrap();
        // Line numbers are the file's own (the blank line 3 is skipped, not renumbered).
        let lines: Vec<u64> = r.iter().map(|x| x["line"].as_u64().unwrap()).collect();
        assert_eq!(lines, [2, 5]);
        assert_eq!(r[0]["id"], "j2", "a rejected line still names its record");
        assert_eq!(r[0]["field"], "salary");
        assert!(r[0]["error"].as_str().unwrap().contains("above max"));
        assert_eq!(r[1]["field"], "title");
        let (s, v) = call(&app, Method::GET, "/v1/jobs/j3", false, "", "").await;
        assert_eq!(
            (s, v["title"].as_str()),
            (StatusCode::OK, Some("社区保洁员"))
        );
        let (s, _) = call(&app, Method::GET, "/v1/jobs/j2", false, "", "").await;
        assert_eq!(s, StatusCode::NOT_FOUND);

        // Again: the same ids replace.
        let (_, v) = import(&app, "jobs", "application/x-ndjson", JOBS).await;
        assert_eq!(
            (v["inserted"].as_u64(), v["replaced"].as_u64()),
            (Some(0), Some(2))
        );
    }

    #[tokio::test]
    async fn console_import_reads_the_platform_csv_for_jobs_only() {
        let (_dir, app) = router();
        let csv = "\u{feff}职位自编号,职位,职位描述,地区,最低薪资,最高薪资\n\
                   P1,叉车司机,持证上岗,江西省抚州市临川区,5000,7000\n\
                   P2,,没有职位名称,抚州市,3000,4000\n";
        let (s, v) = import(&app, "jobs", "text/csv", csv).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!(v["format"], "csv");
        assert_eq!(
            (v["received"].as_u64(), v["stored"].as_u64()),
            (Some(2), Some(1)),
            "{v}"
        );
        let r = &v["rejected"][0];
        assert_eq!(
            (&r["line"], &r["id"], &r["field"]),
            (&json!(3), &json!("P2"), &json!("职位"))
        );
        let (s, v) = call(&app, Method::GET, "/v1/jobs/P1", false, "", "").await;
        assert_eq!((s, v["title"].as_str()), (StatusCode::OK, Some("叉车司机")));

        let (s, v) = import(&app, "candidates", "text/csv", csv).await;
        assert_eq!(s, StatusCode::BAD_REQUEST);
        assert!(
            v["error"]["message"].as_str().unwrap().contains("format"),
            "{v}"
        );
        let (s, v) = import(&app, "people", "application/x-ndjson", PERSON).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{v}");
        let uri = "/console/api/import/jobs?format=xml";
        let (s, v) = call(&app, Method::POST, uri, true, "text/plain", "").await;
        assert_eq!(s, StatusCode::BAD_REQUEST);
        assert!(
            v["error"]["message"].as_str().unwrap().contains("format"),
            "{v}"
        );
    }

    #[tokio::test]
    async fn console_matches_carry_what_a_caseworker_reads() {
        let (_dir, app) = router();
        import(&app, "jobs", "application/x-ndjson", JOBS).await;
        let (s, v) = import(&app, "candidates", "application/x-ndjson", PERSON).await;
        assert_eq!((s, v["stored"].as_u64()), (StatusCode::OK, Some(1)), "{v}");

        let uri = "/console/api/candidates/c1/matches?top=5";
        let (s, v) = call(&app, Method::GET, uri, false, "", "").await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!(v["candidate"]["id"], "c1");
        let m = &v["matches"][0];
        assert_eq!(m["job_id"], "j1", "{v}");
        assert_eq!(m["title"], "仓库管理员");
        assert_eq!(m["pay"], serde_json::json!([4000.0, 6000.0]));
        assert_eq!(m["headcount"], 2);
        assert!(!m["reasons"].as_array().unwrap().is_empty(), "{m}");
        let km = m["distance_km"]
            .as_f64()
            .expect("both places have coordinates");
        assert!((2.0..6.0).contains(&km), "{km}");

        let (s, v) = call(
            &app,
            Method::GET,
            "/console/api/jobs/j1/matches",
            false,
            "",
            "",
        )
        .await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!(v["job"]["id"], "j1");
        let p = &v["matches"][0];
        assert_eq!(p["candidate_id"], "c1", "{v}");
        assert_eq!(
            p["groups"],
            serde_json::json!(["migrant_worker", "hard_to_employ"])
        );
        assert_eq!(p["priority"], true);
        assert!(p["distance_km"].as_f64().is_some(), "{p}");

        let (s, v) = call(
            &app,
            Method::GET,
            "/console/api/candidates/nobody/matches",
            false,
            "",
            "",
        )
        .await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        assert_eq!(v["error"]["code"], "not_found");
        let uri = "/console/api/candidates/c1/matches?region=火星";
        let (s, v) = call(&app, Method::GET, uri, false, "", "").await;
        assert_eq!(s, StatusCode::BAD_REQUEST);
        assert!(
            v["error"]["message"].as_str().unwrap().contains("region"),
            "{v}"
        );
    }

    #[tokio::test]
    async fn console_meta_names_groups_kinds_and_counts() {
        let (_dir, app) = router();
        import(&app, "jobs", "application/x-ndjson", JOBS).await;
        let (s, v) = call(&app, Method::GET, "/console/api/meta", false, "", "").await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(v["counts"]["jobs"], 2);
        assert_eq!(v["writes_enabled"], true);
        let groups = v["groups"].as_array().unwrap();
        assert_eq!(groups.len(), Group::ALL.len());
        assert!(groups
            .iter()
            .any(|g| g["id"] == "graduate" && g["label"] == "高校毕业生"));
        assert!(v["kinds"]
            .as_array()
            .unwrap()
            .iter()
            .any(|k| k["id"] == "gig" && k["label"] == "零工/日结"));
    }
}
