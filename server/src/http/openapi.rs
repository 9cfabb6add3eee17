//! The OpenAPI 3.1 description of the HTTP API, served at `GET /openapi.json`.
//!
//! Derived with utoipa from the handlers' annotations, the typed query parameters they extract
//! (`params.rs`) and the body schemas (`schema.rs`). The tests check that every route the router
//! serves has an operation (and nothing else is described), and validate real answers against
//! the schemas declared for them.

use std::sync::OnceLock;

use axum::http::header;
use axum::response::{IntoResponse, Response};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::{
    assign, candidates, console_api, jobs, live, market, matches, outcomes, probes, search, sse,
};

/// Adds the bearer-key scheme the write operations name.
struct Bearer;

impl Modify for Bearer {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        let c = doc.components.get_or_insert_with(Default::default);
        c.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "bole — job–candidate matching for public employment services",
        description = "Writes need `Authorization: Bearer KEY` (keys from BOLE_API_KEYS or the config file). Reads are open unless the server is configured otherwise. Every error is {\"error\":{\"code\",\"message\"}}. Records follow the record contract (docs/SCHEMA.md). Match answers are self-contained (a vacancy with title, employer, place, pay, kind and distance; a person with groups, region, education and distance, never a name or contact) and their scores are on a stated 0–1 scale: the ranker's score divided by the highest the ranking policy allows, so orders are the ranker's."
    ),
    paths(
        probes::health,
        probes::metrics,
        handler,
        jobs::put_job,
        jobs::get_job,
        jobs::delete_job,
        jobs::bulk_jobs,
        candidates::put_candidate,
        candidates::get_candidate,
        candidates::delete_candidate,
        candidates::bulk_candidates,
        matches::candidate_matches,
        matches::job_matches,
        matches::match_body,
        search::search_jobs,
        search::search_candidates,
        live::live_picks,
        sse::stream,
        assign::submit,
        assign::list,
        assign::status,
        assign::roster_csv,
        assign::roster_json,
        console_api::meta,
        console_api::candidate_matches,
        console_api::job_matches,
        console_api::import_file,
        outcomes::post_events,
        outcomes::job_outcomes,
        outcomes::region_outcomes,
        market::market,
    ),
    components(schemas(super::fields::Region, super::fields::AdCode, super::fields::PlaceName, super::fields::RecordId, super::params::ImportSide, super::params::FileFormat, super::schema::Salary, super::schema::Experience)),
    modifiers(&Bearer),
    tags(
        (name = "jobs", description = "Vacancy records"),
        (name = "candidates", description = "People's records"),
        (name = "matches", description = "Ranking: vacancies for a person, people for a vacancy"),
        (name = "search", description = "Free-text search"),
        (name = "live", description = "Livestream job shows"),
        (name = "assignments", description = "Batch one-to-one assignment with rosters"),
        (name = "outcomes", description = "Outcome events (shown, applied, hired …) and what they change: open places, fill rates"),
        (name = "market", description = "The labour-market map: supply against demand per area and occupation"),
        (name = "console", description = "Helpers of the web console"),
        (name = "probes", description = "Health, metrics and this document"),
    )
)]
struct ApiDoc;

/// Routes whose requests have no time limit (bulk bodies run as long as they take, a live stream
/// for the whole show, an assignment is queued and polled): the others may answer 503 on timeout.
const UNTIMED: &[&str] = &[
    "/v1/jobs:bulk",
    "/v1/candidates:bulk",
    "/v1/events",
    "/v1/live/stream",
    "/console/api/import/{side}",
    "/v1/assignments",
    "/v1/assignments/{id}",
    "/v1/assignments/{id}/roster.csv",
    "/v1/assignments/{id}/roster.json",
];

/// The error answers every operation may give beyond those its handler names, from the same
/// rules the router applies: 401 where a key may be needed, 400 for parameters and bodies, 408 and
/// 413 for bodies, 503 on timeout or an unavailable store, 507 for a write on a full disk, 500 for
/// a failure inside the server, and hyper's bare 431 for an oversized header.
/// utoipa drops `required` from a parameter whose schema is given by `schema_with`: the map's
/// region is required, so the document says so.
fn require_market_region(doc: &mut serde_json::Value) {
    if let Some(ps) = doc["paths"]["/v1/market"]["get"]["parameters"].as_array_mut() {
        for p in ps.iter_mut().filter(|p| p["name"] == "region") {
            p["required"] = serde_json::Value::Bool(true);
        }
    }
}

fn add_error_answers(doc: &mut serde_json::Value) {
    let error = serde_json::json!({"$ref": "#/components/schemas/Error"});
    let Some(paths) = doc["paths"].as_object_mut() else {
        return;
    };
    for (path, item) in paths.iter_mut() {
        let Some(ops) = item.as_object_mut() else {
            continue;
        };
        for (method, op) in ops.iter_mut() {
            let has_query = op["parameters"]
                .as_array()
                .is_some_and(|ps| ps.iter().any(|p| p["in"] == "query"));
            let has_body = op.get("requestBody").is_some();
            let write = axum::http::Method::from_bytes(method.to_uppercase().as_bytes())
                .is_ok_and(|m| super::is_write(&m, path));
            let probe = path == "/health" || path == "/openapi.json";
            let mut add = |status: &str, description: &str| {
                let responses = &mut op["responses"];
                if responses.get(status).is_none() {
                    responses[status] = serde_json::json!({
                        "description": description,
                        "content": {"application/json": {"schema": error}},
                    });
                }
            };
            if !super::is_public(path) {
                add(
                    "401",
                    "missing or wrong API key (writes always need one; reads when the server closes them)",
                );
            }
            if has_query || has_body {
                add("400", "a bad parameter or field; the message names it");
            }
            if has_body {
                add(
                    "408",
                    "the request body stopped arriving (body-read timeout)",
                );
                add("413", "body larger than the configured limit");
            }
            if write {
                add(
                    "507",
                    "the disk holding the data directory is full: nothing was stored",
                );
            }
            if !probe {
                if UNTIMED.contains(&path.as_str()) {
                    add("503", "the store is unavailable (see /health)");
                } else {
                    add(
                        "503",
                        "the request took longer than the configured timeout, or the store is unavailable (see /health)",
                    );
                }
                add(
                    "500",
                    "a failure inside the server (logged; the message is short)",
                );
            }
            // Answered by the HTTP layer before any route, without a body.
            op["responses"]["431"] = serde_json::json!({
                "description": "request header larger than the configured limit (no body)"
            });
        }
    }
}

/// The document as JSON.
pub fn document() -> &'static serde_json::Value {
    static DOC: OnceLock<serde_json::Value> = OnceLock::new();
    DOC.get_or_init(|| {
        let mut doc = serde_json::to_value(ApiDoc::openapi()).expect("the document serializes");
        doc["info"]["version"] = env!("CARGO_PKG_VERSION").into();
        add_error_answers(&mut doc);
        require_market_region(&mut doc);
        doc
    })
}

/// `GET /openapi.json`.
#[utoipa::path(get, path = "/openapi.json", tag = "probes", operation_id = "openapi",
    summary = "This document",
    responses((status = 200, description = "OpenAPI 3.1", content_type = "application/json", body = Object)))]
pub async fn handler() -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        document().to_string(),
    )
        .into_response()
}

#[cfg(test)]
mod tests;
