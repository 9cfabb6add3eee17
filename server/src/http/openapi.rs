//! The OpenAPI 3 description of the HTTP API, served at `GET /openapi.json`.
//!
//! Written by hand next to the routes it describes; a unit test checks that every route the
//! router serves is described here and nothing else.

use std::sync::OnceLock;

use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

/// Every path served, with its methods (the tests check both the router and the document).
#[cfg(test)]
pub const PATHS: &[(&str, &[&str])] = &[
    ("/health", &["get"]),
    ("/metrics", &["get"]),
    ("/openapi.json", &["get"]),
    ("/console/api/meta", &["get"]),
    ("/console/api/candidates/{id}/matches", &["get"]),
    ("/console/api/jobs/{id}/matches", &["get"]),
    ("/console/api/import/{side}", &["post"]),
    ("/v1/jobs/{id}", &["put", "get", "delete"]),
    ("/v1/candidates/{id}", &["put", "get", "delete"]),
    ("/v1/jobs:bulk", &["post"]),
    ("/v1/candidates:bulk", &["post"]),
    ("/v1/candidates/{id}/matches", &["get"]),
    ("/v1/jobs/{id}/matches", &["get"]),
    ("/v1/match", &["post"]),
    ("/v1/search/jobs", &["get"]),
    ("/v1/search/candidates", &["get"]),
    ("/v1/live/picks", &["get"]),
    ("/v1/live/stream", &["get"]),
    ("/v1/assignments", &["get", "post"]),
    ("/v1/assignments/{id}", &["get"]),
    ("/v1/assignments/{id}/roster.csv", &["get"]),
    ("/v1/assignments/{id}/roster.json", &["get"]),
    ("/v1/events", &["post"]),
    ("/v1/jobs/{id}/outcomes", &["get"]),
    ("/v1/outcomes", &["get"]),
];

fn p(name: &str, desc: &str, schema: Value) -> Value {
    json!({"name": name, "in": "query", "required": false, "description": desc, "schema": schema})
}

fn id_param() -> Value {
    json!({"name": "id", "in": "path", "required": true, "schema": {"type": "string"}})
}

fn match_params() -> Vec<Value> {
    vec![
        p("top", "how many results (default 10, at most 1000)", json!({"type": "integer", "minimum": 0, "maximum": 1000})),
        p("offset", "skip this many (pagination)", json!({"type": "integer", "minimum": 0})),
        p("region", "only within this area: a 6-digit adcode or free text such as 广州 or 广东省广州市白云区", json!({"type": "string"})),
        p("kind", "job kinds, comma-separated or repeated", json!({"type": "string", "example": "gig,part_time"})),
        p("group", "only people in these groups (vacancy → people), comma-separated or repeated", json!({"type": "string", "example": "graduate"})),
        p("today", "date of the call (ISO); expired vacancies are never returned", json!({"type": "string", "format": "date"})),
    ]
}

fn with_id(mut v: Vec<Value>) -> Vec<Value> {
    v.insert(0, id_param());
    v
}

fn with_q(mut v: Vec<Value>) -> Vec<Value> {
    v.insert(
        0,
        p("q", "search text (required)", json!({"type": "string"})),
    );
    v
}

fn audience_params() -> Vec<Value> {
    vec![
        p(
            "region",
            "area of the show: adcode or free text",
            json!({"type": "string"}),
        ),
        p(
            "group",
            "audience groups, comma-separated (graduate, migrant_worker, hard_to_employ, …)",
            json!({"type": "string"}),
        ),
        p(
            "industry",
            "industry keywords such as 物流, 餐饮, 制造 (any of them)",
            json!({"type": "string"}),
        ),
        p(
            "home",
            "where viewers live (free text), for distances in the talking points",
            json!({"type": "string"}),
        ),
        p(
            "today",
            "date of the show (ISO)",
            json!({"type": "string", "format": "date"}),
        ),
    ]
}

fn ok(desc: &str, schema: Value) -> Value {
    json!({"description": desc, "content": {"application/json": {"schema": schema}}})
}

fn err(desc: &str) -> Value {
    ok(desc, json!({"$ref": "#/components/schemas/Error"}))
}

fn write_responses(created: bool) -> Value {
    let mut r = json!({
        "200": ok("replaced an earlier record (durable when answered)", json!({"$ref": "#/components/schemas/Written"})),
        "400": err("bad JSON or a bad field; the message names the field path"),
        "401": err("missing or wrong API key"),
        "413": err("body larger than the configured limit"),
        "500": err("internal failure"),
    });
    if created {
        r["201"] = ok(
            "a new record (durable when answered)",
            json!({"$ref": "#/components/schemas/Written"}),
        );
    }
    r
}

fn body(schema: &str, content: &str) -> Value {
    json!({"required": true, "content": {content: {"schema": {"$ref": format!("#/components/schemas/{schema}")}}}})
}

fn jsonl_body(what: &str) -> Value {
    json!({"required": true, "description": format!("one {what} record per line (JSON Lines)"),
           "content": {"application/x-ndjson": {"schema": {"type": "string"}}}})
}

fn record_paths(side: &str, schema: &str) -> Value {
    json!({
        "parameters": [id_param()],
        "put": {
            "summary": format!("Upsert one {side} (needs an API key). A missing `id` in the body is taken from the path."),
            "security": [{"bearer": []}],
            "requestBody": body(schema, "application/json"),
            "responses": write_responses(true),
        },
        "get": {
            "summary": format!("The {side} record as stored"),
            "responses": {"200": ok("the record", json!({"$ref": format!("#/components/schemas/{schema}")})), "404": err("unknown id")},
        },
        "delete": {
            "summary": format!("Delete a {side} (needs an API key)"),
            "security": [{"bearer": []}],
            "responses": {"200": ok("deleted", json!({"type": "object"})), "401": err("missing or wrong API key"), "404": err("unknown id")},
        },
    })
}

fn bulk_path(side: &str) -> Value {
    json!({"post": {
        "summary": format!("Bulk upsert {side}s from a JSONL body (needs an API key). Good lines are stored in one durable commit; the answer is the import report of docs/SCHEMA.md: {{received, stored, inserted, replaced, rejected: [{{line, id, field, error}}]}}; an empty body is a 400."),
        "security": [{"bearer": []}],
        "requestBody": jsonl_body(side),
        "responses": {
            "200": ok("the import report: stored counts and every rejected line", json!({"$ref": "#/components/schemas/BulkResult"})),
            "400": err("an empty body, or a body that is not JSON Lines"),
            "401": err("missing or wrong API key"),
            "413": err("body larger than the configured limit"),
        },
    }})
}

/// The document.
pub fn document() -> &'static Value {
    static DOC: OnceLock<Value> = OnceLock::new();
    DOC.get_or_init(|| {
        let mut doc = build();
        add_assignments(&mut doc);
        add_outcomes(&mut doc);
        doc
    })
}

/// Batch assignment (`super::assign`): submit, poll, download.
fn add_assignments(doc: &mut Value) {
    let run_brief = json!({"type": "object", "properties": {
        "id": {"type": "string"},
        "state": {"type": "string", "enum": ["queued", "running", "done", "failed"]},
        "mode": {"type": "string", "enum": ["stable", "max-fit"]},
        "progress": {"type": "object", "properties": {"done": {"type": "integer"}, "total": {"type": "integer"}},
            "description": "people whose edges are generated / people in the run (edge generation is the slow part; the state stays `running` through the assignment itself)"},
        "created": {"type": "string", "format": "date-time"}}});
    let mut run_status = run_brief.clone();
    run_status["properties"]["summary"] = json!({"$ref": "#/components/schemas/RosterSummary"});
    run_status["properties"]["error"] = json!({"type": "object", "description": "when failed",
        "properties": {"code": {"type": "string"}, "message": {"type": "string"}}});
    let not_ready = err("the run is not done yet (`not_ready`)");
    let paths = doc["paths"].as_object_mut().expect("paths");
    paths.insert("/v1/assignments".into(), json!({
        "post": {
            "summary": "Queue a batch one-to-one assignment of people to the stored valid vacancies (needs an API key). Answers 202 at once; poll the run, then download the roster.",
            "security": [{"bearer": []}],
            "parameters": [
                p("mode", "stable (default: no blocking pair) or max-fit (most placed, then most total fit)", json!({"type": "string", "enum": ["stable", "max-fit"]})),
                p("k", "feasible vacancies (edges) per person, default 50, at most 200", json!({"type": "integer", "minimum": 1, "maximum": 200})),
                p("backups", "backups per person, default 3, at most 10", json!({"type": "integer", "minimum": 0, "maximum": 10})),
                p("group", "with an empty body: select stored candidates of this group", json!({"type": "string", "example": "graduate"})),
                p("region", "with an empty body: select stored candidates living in or wanting this area (adcode or free text)", json!({"type": "string", "example": "抚州市"})),
                p("today", "date of the run (ISO; default today): vacancies expired on it are left out", json!({"type": "string", "format": "date"})),
            ],
            "requestBody": {"required": false, "description": "candidate records as JSON Lines (any content type except text/csv; with application/json a JSON array is accepted too), or empty with `group`/`region`. People as CSV are not supported (415).",
                "content": {"application/x-ndjson": {"schema": {"type": "string"}}}},
            "responses": {
                "202": ok("queued", json!({"type": "object", "properties": {
                    "id": {"type": "string"}, "state": {"type": "string", "enum": ["queued"]},
                    "rejected": {"type": "array", "items": {"type": "object", "properties": {
                        "line": {"type": "integer"}, "field": {"type": "string", "nullable": true, "description": "JSON path of the bad field; null when the line is not a JSON record"},
                        "message": {"type": "string"}}}},
                    "total": {"type": "integer", "description": "people in the run"},
                    "links": {"type": "object", "properties": {"self": {"type": "string"}, "csv": {"type": "string"}, "json": {"type": "string"}}}}})),
                "400": err("no valid person (`no_people`), or a bad parameter"),
                "401": err("missing or wrong API key"),
                "413": err("body too large"),
                "415": err("people as CSV"),
                "429": err("too many runs queued or running"),
            },
        },
        "get": {
            "summary": "The runs held in memory (the last 20), newest first",
            "responses": {"200": ok("runs", json!({"type": "object", "properties": {"runs": {"type": "array", "items": run_brief}}}))},
        },
    }));
    paths.insert("/v1/assignments/{id}".into(), json!({"get": {
        "summary": "State and progress of a run; the roster summary once done, the error if failed",
        "parameters": [id_param()],
        "responses": {"200": ok("the run", run_status), "404": err("unknown run")},
    }}));
    paths.insert("/v1/assignments/{id}/roster.csv".into(), json!({"get": {
        "summary": "The roster as CSV (UTF-8 with a BOM, one row per person: primary, employer, place, pay, distance, score, reasons, 3 backups, reason if unplaced), as an attachment",
        "parameters": [id_param()],
        "responses": {"200": {"description": "roster", "content": {"text/csv; charset=utf-8": {"schema": {"type": "string"}}}},
            "404": err("unknown run"), "409": not_ready.clone(), "410": err("the roster is no longer held (`expired`; newer runs replaced it)")},
    }}));
    paths.insert("/v1/assignments/{id}/roster.json".into(), json!({"get": {
        "summary": "The roster as JSON: {summary, assignments: [{candidate_id, groups, primary|null, backups, unplaced_reason|null}]} in input order",
        "parameters": [id_param()],
        "responses": {"200": ok("roster", json!({"$ref": "#/components/schemas/Roster"})), "404": err("unknown run"), "409": not_ready, "410": err("the roster is no longer held (`expired`)")},
    }}));
    let placement = json!({"type": "object", "properties": {
        "job_id": {"type": "string"}, "score": {"type": "number"}, "reasons": {"type": "array", "items": {"type": "string"}},
        "title": {"type": "string"}, "employer": {"type": "string", "nullable": true}, "place": {"type": "string", "nullable": true},
        "pay": {"type": "string", "nullable": true}, "distance_km": {"type": "number", "nullable": true},
        "full": {"type": "boolean", "description": "backups only: no free place left after the assignment"}}});
    let schemas = doc["components"]["schemas"]
        .as_object_mut()
        .expect("schemas");
    schemas.insert("RosterSummary".into(), json!({"type": "object", "properties": {
        "mode": {"type": "string"}, "people": {"type": "integer"}, "placed": {"type": "integer"}, "placed_share": {"type": "number"},
        "total_fit": {"type": "number"}, "blocking_pairs": {"type": "integer"},
        "by_group": {"type": "object", "additionalProperties": {"type": "object", "properties": {
            "people": {"type": "integer"}, "placed": {"type": "integer"}, "placed_share": {"type": "number"}}}},
        "vacancies": {"type": "integer"}, "places": {"type": "integer"}, "places_filled": {"type": "integer"},
        "unfilled": {"type": "array", "items": {"type": "array", "description": "[job_id, places left]"}},
        "no_option": {"type": "integer"}, "already_hired": {"type": "integer", "description": "people left out: an outcome event says they were hired"}, "edges": {"type": "integer"}}}));
    schemas.insert("Roster".into(), json!({"type": "object", "properties": {
        "summary": {"$ref": "#/components/schemas/RosterSummary"},
        "assignments": {"type": "array", "items": {"type": "object", "properties": {
            "candidate_id": {"type": "string"}, "groups": {"type": "array", "items": {"type": "string"}},
            "primary": placement.clone(), "backups": {"type": "array", "items": placement},
            "unplaced_reason": {"type": "string", "nullable": true}}}}}}));
}

fn with_include_hired(mut v: Vec<Value>) -> Vec<Value> {
    v.push(p(
        "include_hired",
        "also offer people already hired (an outcome event `hired`); default false",
        json!({"type": "boolean", "default": false}),
    ));
    v
}

/// Outcome events (`super::outcomes`): events in, a vacancy's outcomes, a region's totals.
fn add_outcomes(doc: &mut Value) {
    let counts = json!({"type": "object", "description": "events of each type", "properties": {
        "shown": {"type": "integer"}, "applied": {"type": "integer"}, "interviewed": {"type": "integer"},
        "hired": {"type": "integer"}, "rejected": {"type": "integer"}, "withdrawn": {"type": "integer"}}});
    let schemas = doc["components"]["schemas"]
        .as_object_mut()
        .expect("schemas");
    schemas.insert("OutcomeEvent".into(), json!({"type": "object", "additionalProperties": false,
        "required": ["id", "type", "candidate_id", "job_id", "at", "source"], "properties": {
        "id": {"type": "string", "description": "the event's own id: a repeated id is stored once"},
        "type": {"type": "string", "enum": ["shown", "applied", "interviewed", "hired", "rejected", "withdrawn"]},
        "candidate_id": {"type": "string", "description": "a stored person's id"},
        "job_id": {"type": "string", "description": "a stored vacancy's id"},
        "at": {"type": "string", "description": "RFC 3339 timestamp with offset, or a date YYYY-MM-DD", "example": "2026-12-07T10:30:00+08:00"},
        "source": {"type": "string", "enum": ["platform", "live", "caseworker", "assignment"]}}}));
    schemas.insert("JobOutcomes".into(), json!({"type": "object", "properties": {
        "job_id": {"type": "string"}, "counts": counts.clone(),
        "applications": {"type": "integer", "description": "distinct people who applied"},
        "hires": {"type": "integer", "description": "distinct people hired"},
        "places": {"type": "integer", "description": "headcount (1 when absent)"},
        "open_places": {"type": "integer"}, "filled": {"type": "boolean", "description": "no open place (已招满): no longer recommended"},
        "first_hire": {"type": "string", "format": "date", "nullable": true},
        "days_to_first_hire": {"type": "integer", "nullable": true, "description": "from posted_at, or the vacancy's first event"}}}));
    schemas.insert("RegionOutcomes".into(), json!({"type": "object", "properties": {
        "region": {"type": "integer", "nullable": true}, "region_name": {"type": "string", "nullable": true},
        "vacancies": {"type": "integer", "description": "held in the area, valid or expired"}, "places": {"type": "integer"},
        "hires": {"type": "integer"}, "open_places": {"type": "integer"}, "filled_vacancies": {"type": "integer"},
        "applications": {"type": "integer"},
        "applications_per_open_place": {"type": "number", "nullable": true},
        "fill_rate": {"type": "number", "nullable": true, "description": "hires / places"},
        "median_days_to_first_hire": {"type": "number", "nullable": true}, "counts": counts}}));
    let paths = doc["paths"].as_object_mut().expect("paths");
    paths.insert("/v1/events".into(), json!({"post": {
        "summary": "Record outcome events (needs an API key): a JSON array or JSON Lines of OutcomeEvent. New events are committed durably before the answer; an id already stored counts in `duplicates`; an event naming a person or vacancy that is not stored is rejected by line, id and field.",
        "security": [{"bearer": []}],
        "requestBody": {"required": true, "content": {
            "application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/OutcomeEvent"}}},
            "application/x-ndjson": {"schema": {"type": "string", "description": "one OutcomeEvent per line"}}}},
        "responses": {
            "200": ok("the import report", json!({"$ref": "#/components/schemas/BulkResult"})),
            "400": err("an empty body, or an array that is not closed"),
            "401": err("missing or wrong API key"),
            "413": err("body larger than the configured limit"),
        },
    }}));
    paths.insert("/v1/jobs/{id}/outcomes".into(), json!({"get": {
        "summary": "A vacancy's outcomes: counts by type, applications, hires, open places, days to first hire",
        "parameters": [id_param()],
        "responses": {"200": ok("outcomes", json!({"$ref": "#/components/schemas/JobOutcomes"})), "404": err("unknown id")},
    }}));
    paths.insert("/v1/outcomes".into(), json!({"get": {
        "summary": "Totals over a region's vacancies: applications per open place, fill rate, median days to first hire",
        "parameters": [p("region", "a 6-digit adcode or a place name such as 抚州; absent = everywhere", json!({"type": "string"}))],
        "responses": {"200": ok("totals", json!({"$ref": "#/components/schemas/RegionOutcomes"})), "400": err("unknown region")},
    }}));
}

fn build() -> Value {
    let job_matches = json!({"type": "object", "properties": {
        "candidate_id": {"type": "string"},
        "matches": {"type": "array", "items": {"$ref": "#/components/schemas/JobMatch"}}}});
    let console = console_paths();
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "bole — job–candidate matching for public employment services",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Writes need `Authorization: Bearer KEY` (keys from BOLE_API_KEYS or the config file). Reads are open unless the server is configured otherwise. Every error is {\"error\":{\"code\",\"message\"}}.",
        },
        "paths": {
            "/health": {"get": {"summary": "Liveness", "responses": {"200": ok("up", json!({"type": "object"}))}}},
            "/metrics": {"get": {"summary": "Prometheus metrics: requests by route and status, latency histogram, record counts",
                "responses": {"200": {"description": "Prometheus text", "content": {"text/plain": {"schema": {"type": "string"}}}}}}},
            "/openapi.json": {"get": {"summary": "This document", "responses": {"200": ok("OpenAPI 3", json!({"type": "object"}))}}},
            "/console/api/meta": console["/console/api/meta"].clone(),
            "/console/api/candidates/{id}/matches": console["/console/api/candidates/{id}/matches"].clone(),
            "/console/api/jobs/{id}/matches": console["/console/api/jobs/{id}/matches"].clone(),
            "/console/api/import/{side}": console["/console/api/import/{side}"].clone(),
            "/v1/jobs/{id}": record_paths("job", "Job"),
            "/v1/candidates/{id}": record_paths("candidate", "Candidate"),
            "/v1/jobs:bulk": bulk_path("job"),
            "/v1/candidates:bulk": bulk_path("candidate"),
            "/v1/candidates/{id}/matches": {"get": {
                "summary": "Best vacancies for a stored person",
                "parameters": (with_id(match_params())),
                "responses": {"200": ok("matches, best first", job_matches.clone()), "400": err("bad parameter"), "404": err("unknown id")},
            }},
            "/v1/jobs/{id}/matches": {"get": {
                "summary": "Best people for a stored vacancy (托底 groups first at equal fit); people already hired are left out unless include_hired=true",
                "parameters": (with_id(with_include_hired(match_params()))),
                "responses": {
                    "200": ok("matches, best first", json!({"type": "object", "properties": {
                        "job_id": {"type": "string"},
                        "matches": {"type": "array", "items": {"$ref": "#/components/schemas/CandidateMatch"}}}})),
                    "400": err("bad parameter"), "404": err("unknown id")},
            }},
            "/v1/match": {"post": {
                "summary": "Best vacancies for a person posted in the body (not stored); the batch-output shape of SCHEMA.md",
                "parameters": match_params(),
                "requestBody": body("Candidate", "application/json"),
                "responses": {"200": ok("matches", job_matches), "400": err("bad JSON or field")},
            }},
            "/v1/search/jobs": {"get": {
                "summary": "Free-text search over valid vacancies",
                "parameters": (with_q(match_params())),
                "responses": {"200": ok("hits", json!({"$ref": "#/components/schemas/SearchResult"})), "400": err("missing q or bad parameter")},
            }},
            "/v1/search/candidates": {"get": {
                "summary": "Free-text search over people",
                "parameters": (with_q(match_params())),
                "responses": {"200": ok("hits", json!({"$ref": "#/components/schemas/SearchResult"})), "400": err("missing q or bad parameter")},
            }},
            "/v1/live/picks": {"get": {
                "summary": "A varied list of vacancies for a livestream show: at most `per_employer` per employer, a spread of trades and pay, valid vacancies only, each with Chinese talking points",
                "parameters": audience_params().into_iter().chain([
                    p("n", "how many (default 20, at most 200)", json!({"type": "integer"})),
                    p("per_employer", "at most this many per employer (default 2)", json!({"type": "integer"})),
                ]).collect::<Vec<_>>(),
                "responses": {"200": ok("picks", json!({"type": "object", "properties": {
                    "picks": {"type": "array", "items": {"$ref": "#/components/schemas/Pick"}}}})), "400": err("bad parameter")},
            }},
            "/v1/live/stream": {"get": {
                "summary": "Server-Sent Events: vacancies posted while the show runs that suit the audience. Events `ready`, `job` (data: a Pick), `lagged` (data: missed count).",
                "parameters": audience_params(),
                "responses": {"200": {"description": "event stream", "content": {"text/event-stream": {"schema": {"type": "string"}}}}, "400": err("bad parameter")},
            }},
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "object", "required": ["code", "message"], "properties": {
                    "code": {"type": "string", "example": "invalid_field"}, "message": {"type": "string", "example": "field `salary.min`: invalid type: string \"abc\", expected f64"}}}}},
                "Written": {"type": "object", "properties": {"id": {"type": "string"}, "kind": {"type": "string"}, "created": {"type": "boolean"}}},
                "BulkResult": {"type": "object", "description": "The import report of docs/SCHEMA.md: every line is either stored or listed in `rejected`",
                    "required": ["received", "stored", "inserted", "replaced", "rejected"], "properties": {
                    "received": {"type": "integer", "description": "records read (blank lines are not records)"},
                    "stored": {"type": "integer", "description": "records stored durably (inserted + replaced)"},
                    "inserted": {"type": "integer"}, "replaced": {"type": "integer"},
                    "duplicates": {"type": "integer", "description": "outcome events only, absent when 0: events whose id was already stored (kept once, not an error)"},
                    "rejected": {"type": "array", "items": {"type": "object", "required": ["line", "error"], "properties": {
                        "line": {"type": "integer", "minimum": 1}, "id": {"type": "string", "nullable": true},
                        "field": {"type": "string", "nullable": true, "description": "JSON path or CSV column; null when the whole line is bad"},
                        "error": {"type": "string"}}}}}},
                "JobMatch": {"type": "object", "properties": {"job_id": {"type": "string"}, "score": {"type": "number"}, "reasons": {"type": "array", "items": {"type": "string"}}}},
                "CandidateMatch": {"type": "object", "properties": {"candidate_id": {"type": "string"}, "score": {"type": "number"},
                    "reasons": {"type": "array", "items": {"type": "string"}}, "priority": {"type": "boolean"}}},
                "SearchResult": {"type": "object", "properties": {"q": {"type": "string"}, "hits": {"type": "array", "items": {"type": "object", "properties": {
                    "id": {"type": "string"}, "score": {"type": "number"}, "title": {"type": "string"}}}}}},
                "Pick": {"type": "object", "properties": {
                    "job_id": {"type": "string"}, "title": {"type": "string"}, "employer": {"type": "string"}, "place": {"type": "string"},
                    "kind": {"type": "string", "enum": ["full_time", "part_time", "gig", "internship", "public_welfare"]},
                    "pay": {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2},
                    "pay_band": {"type": "string"}, "fit": {"type": "number"},
                    "suits": {"type": "array", "items": {"type": "string"}}, "distance_km": {"type": "number"},
                    "talking_points": {"type": "array", "items": {"type": "string"}, "example": ["薪资5000-7000元/月", "福利：包吃住、五险一金", "全职", "适合：农民工", "招2人"]}}},
                "Job": {"type": "object", "required": ["id", "title"], "description": "SCHEMA.md Job", "additionalProperties": true, "properties": {
                    "open_places": {"type": "integer", "readOnly": true, "description": "answers only, for a vacancy with hires: headcount − hires"},
                    "filled": {"type": "boolean", "readOnly": true, "description": "answers only, for a vacancy with hires: no open place left"},
                    "fill_status": {"type": "string", "readOnly": true, "enum": ["已招满"], "description": "answers only: the vacancy is filled and no longer recommended"},
                    "id": {"type": "string"}, "title": {"type": "string"}, "description": {"type": "string"}, "employer": {"type": "string"},
                    "skills": {"type": "array", "items": {"type": "string"}},
                    "location": {"$ref": "#/components/schemas/Location"},
                    "salary": {"type": "object", "properties": {"min": {"type": "number"}, "max": {"type": "number"}, "months": {"type": "integer"}}},
                    "education": {"type": "string"}, "experience_years": {"type": "number"},
                    "kind": {"type": "string", "enum": ["full_time", "part_time", "gig", "internship", "public_welfare"]},
                    "headcount": {"type": "integer", "minimum": 1}, "benefits": {"type": "array", "items": {"type": "string"}},
                    "accessible": {"type": "boolean"}, "posted_at": {"type": "string", "format": "date"}, "valid_until": {"type": "string", "format": "date"},
                    "source": {"type": "string"}}},
                "Candidate": {"type": "object", "required": ["id"], "description": "SCHEMA.md Candidate", "additionalProperties": true, "properties": {
                    "id": {"type": "string"},
                    "groups": {"type": "array", "items": {"type": "string", "enum": ["graduate", "youth_unemployed", "migrant_worker", "hard_to_employ", "disabled", "zero_employment_family", "poverty_alleviated", "veteran", "older_worker", "long_term_unemployed"]}},
                    "education": {"type": "string"}, "major": {"type": "string"}, "graduation_year": {"type": "integer"},
                    "skills": {"type": "array", "items": {"type": "string"}}, "certificates": {"type": "array", "items": {"type": "string"}},
                    "experience": {"type": "array", "items": {"type": "object", "properties": {"title": {"type": "string"}, "employer": {"type": "string"}, "years": {"type": "number"}, "description": {"type": "string"}}}},
                    "summary": {"type": "string"},
                    "desired": {"type": "object", "properties": {"titles": {"type": "array", "items": {"type": "string"}}, "regions": {"type": "array", "items": {"type": "string"}}, "salary_min": {"type": "number"}, "kinds": {"type": "array", "items": {"type": "string"}}}},
                    "home": {"$ref": "#/components/schemas/Location"}, "max_commute_km": {"type": "number"},
                    "needs": {"type": "object", "properties": {"accessible": {"type": "boolean"}, "flexible_hours": {"type": "boolean"}, "accommodation": {"type": "boolean"}}}}},
                "Location": {"type": "object", "properties": {"region": {"type": "string"}, "adcode": {"type": "string", "pattern": "^[0-9]{6}$"}, "lat": {"type": "number"}, "lon": {"type": "number"}}},
            },
        },
    })
}

/// The web console's helper endpoints (`/console/api/…`, see `console_api.rs`). The pages
/// themselves (`/`, `/console/…`) are HTML, not API, and are not described.
fn console_paths() -> Value {
    let enriched = |side: &str, extra: Value| {
        json!({"type": "object", "properties": {
            side: {"type": "object", "description": "the record as stored"},
            "matches": {"type": "array", "items": extra}}})
    };
    let job_row = json!({"type": "object", "description": "a JobMatch plus what a caseworker reads at a glance", "properties": {
        "job_id": {"type": "string"}, "score": {"type": "number"}, "reasons": {"type": "array", "items": {"type": "string"}},
        "title": {"type": "string"}, "employer": {"type": "string"}, "place": {"type": "string"}, "kind": {"type": "string"},
        "pay": {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2, "description": "monthly CNY [min, max]; null = 面议"},
        "distance_km": {"type": "number"}, "beyond_commute": {"type": "boolean"}, "education": {"type": "string"},
        "headcount": {"type": "integer"}, "benefits": {"type": "array", "items": {"type": "string"}}, "valid_until": {"type": "string"}}});
    let person_row = json!({"type": "object", "description": "a CandidateMatch plus what a caseworker reads at a glance", "properties": {
        "candidate_id": {"type": "string"}, "score": {"type": "number"}, "reasons": {"type": "array", "items": {"type": "string"}},
        "priority": {"type": "boolean"}, "groups": {"type": "array", "items": {"type": "string"}}, "education": {"type": "string"},
        "major": {"type": "string"}, "place": {"type": "string"}, "distance_km": {"type": "number"},
        "desired": {"type": "array", "items": {"type": "string"}}, "summary": {"type": "string", "description": "first 80 characters"}}});
    let side = json!({"name": "side", "in": "path", "required": true, "schema": {"type": "string", "enum": ["jobs", "candidates"]}});
    json!({
        "/console/api/meta": {"get": {
            "summary": "For the web console: Chinese labels of groups and job kinds, record counts, whether writes are possible",
            "responses": {"200": ok("labels and counts", json!({"type": "object"}))},
        }},
        "/console/api/candidates/{id}/matches": {"get": {
            "summary": "For the web console: as /v1/candidates/{id}/matches, with the person's record and each vacancy's title, employer, pay, place and distance",
            "parameters": with_id(match_params()),
            "responses": {"200": ok("the record and matches, best first", enriched("candidate", job_row)), "400": err("bad parameter"), "404": err("unknown id")},
        }},
        "/console/api/jobs/{id}/matches": {"get": {
            "summary": "For the web console: as /v1/jobs/{id}/matches, with the vacancy's record and each person's groups, education, home and distance",
            "parameters": with_id(match_params()),
            "responses": {"200": ok("the record and matches, best first", enriched("job", person_row)), "400": err("bad parameter"), "404": err("unknown id")},
        }},
        "/console/api/import/{side}": {"post": {
            "summary": "Import an uploaded file as `bole import` reads it (needs an API key): JSON Lines, or for jobs the platform-export CSV (Content-Type text/csv or ?format=csv). Good records are stored in one durable commit; every record's line is reported, a rejected one with its field and reason.",
            "security": [{"bearer": []}],
            "parameters": [side, p("format", "jsonl or csv (default: csv when the Content-Type is text/csv)", json!({"type": "string", "enum": ["jsonl", "csv"]}))],
            "requestBody": {"required": true, "content": {
                "application/x-ndjson": {"schema": {"type": "string"}},
                "text/csv": {"schema": {"type": "string"}}}},
            "responses": {
                "200": ok("per-line results (line numbers are the file's)", json!({"allOf": [{"$ref": "#/components/schemas/BulkResult"},
                    {"type": "object", "properties": {"side": {"type": "string"}, "format": {"type": "string"}, "lines": {"type": "integer"}}}]})),
                "400": err("bad format, or a CSV of candidates"),
                "401": err("missing or wrong API key"),
                "404": err("side is neither jobs nor candidates"),
                "413": err("body larger than the configured limit or more than 100000 records"),
            },
        }},
    })
}

/// `GET /openapi.json`.
pub async fn handler() -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        document().to_string(),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_exactly_the_served_paths() {
        let doc = document();
        let paths = doc["paths"].as_object().unwrap();
        assert_eq!(paths.len(), PATHS.len());
        for (path, methods) in PATHS {
            let item = paths
                .get(*path)
                .unwrap_or_else(|| panic!("{path} not documented"));
            for m in *methods {
                assert!(item.get(*m).is_some(), "{m} {path} not documented");
            }
        }
    }
}
