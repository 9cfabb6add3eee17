//! Batch "一对一" assignment over HTTP: submit a batch of people, poll its progress, download the
//! roster. A run takes seconds to a minute, so it never runs on a request: `POST` checks the
//! people, queues the run and answers 202 at once; one worker thread per server takes queued runs
//! one at a time and runs them on its own rayon pool, so the async workers and the engine's other
//! callers (which use the global pool) are never blocked behind a batch.
//!
//! * `POST /v1/assignments?mode=stable|max-fit&backups=3&k=50` — body: JSON Lines of candidate
//!   records (any content type but CSV; `application/json` may also be one JSON array), or empty
//!   with `group=graduate&region=抚州市` to select stored candidates. Needs a write key.
//! * `GET /v1/assignments` — the runs held, newest first.
//! * `GET /v1/assignments/{id}` — state, progress and, when done, the roster summary.
//! * `GET /v1/assignments/{id}/roster.csv` / `roster.json` — the result (409 until done).
//!
//! The registry keeps the last [`KEEP`] runs in memory; older finished runs are forgotten. Rosters
//! are large (a 100k-person roster holds ~400k placements with reasons), so finished runs keep
//! their roster only while the kept rosters hold at most [`ROSTER_BUDGET`] people, newest first;
//! an older run keeps its state and summary, and its downloads answer 410 `expired`.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Json, Router};
use bole::assign::Mode;
use bole::engine::Engine;
use bole::import::{self, Format, ImportReport, Rejection};
use bole::roster::{Options, Roster};
use bole::Candidate;
use serde_json::{json, Value};

use super::error::ApiError;
use super::params::{AssignParams, Body, Q};
#[allow(unused_imports)] // named by the OpenAPI annotations
use super::schema::{CandidateLines, ErrorBody, RunList, RunQueued, RunStatus};
use super::AppState;

/// Runs kept in memory (finished ones beyond this are forgotten, oldest first).
pub const KEEP: usize = 20;
/// People across the rosters held in memory (the newest roster is always kept).
pub const ROSTER_BUDGET: usize = 500_000;
/// Largest batch in one body.
const MAX_PEOPLE: usize = 1_000_000;

/// State of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RunState {
    Queued,
    Running,
    Done,
    Failed,
}

impl RunState {
    fn as_str(self) -> &'static str {
        match self {
            RunState::Queued => "queued",
            RunState::Running => "running",
            RunState::Done => "done",
            RunState::Failed => "failed",
        }
    }

    fn finished(self) -> bool {
        matches!(self, RunState::Done | RunState::Failed)
    }
}

/// What a run has reached.
struct Status {
    state: RunState,
    roster: Option<Arc<Roster>>,
    /// The roster summary as answered by `GET /v1/assignments/{id}` (kept when the roster expires).
    summary: Option<Value>,
    error: Option<(String, String)>,
}

/// One submitted batch.
struct Run {
    id: String,
    created: String,
    mode: Mode,
    opts: Options,
    total: usize,
    done: AtomicUsize,
    status: Mutex<Status>,
    /// The people, taken by the worker when the run starts.
    people: Mutex<Option<Vec<Candidate>>>,
}

impl Run {
    fn state(&self) -> RunState {
        self.status
            .lock()
            .map(|s| s.state)
            .unwrap_or(RunState::Failed)
    }

    fn set(&self, f: impl FnOnce(&mut Status)) {
        if let Ok(mut s) = self.status.lock() {
            f(&mut s);
        }
    }

    fn brief(&self) -> Value {
        json!({
            "id": self.id,
            "state": self.state().as_str(),
            "mode": mode_str(self.mode),
            "progress": {"done": self.done.load(Ordering::Relaxed), "total": self.total},
            "created": self.created,
        })
    }
}

fn mode_str(m: Mode) -> &'static str {
    match m {
        Mode::Stable => "stable",
        Mode::MaxFit => "max-fit",
    }
}

/// A queued run with the engine it runs on.
type Queued = (Arc<Run>, Arc<Engine>, std::sync::Weak<Registry>);

/// The runs of one server and the queue to its worker.
pub(super) struct Registry {
    runs: Mutex<VecDeque<Arc<Run>>>,
    queue: Mutex<Option<mpsc::Sender<Queued>>>,
    seq: AtomicUsize,
}

/// While a test holds this, the worker does not start runs (so "not ready yet" is observable).
#[cfg(test)]
pub(super) static HOLD: Mutex<()> = Mutex::new(());

impl Registry {
    fn new() -> Registry {
        Registry {
            runs: Mutex::new(VecDeque::new()),
            queue: Mutex::new(None),
            seq: AtomicUsize::new(0),
        }
    }

    /// Drops the rosters of older finished runs beyond [`ROSTER_BUDGET`] people.
    fn trim_rosters(&self) {
        let Ok(runs) = self.runs.lock() else {
            return;
        };
        let mut held = 0usize;
        for r in runs.iter().rev() {
            if let Ok(mut st) = r.status.lock() {
                if let Some(roster) = &st.roster {
                    let n = roster.assignments.len();
                    if held > 0 && held + n > ROSTER_BUDGET {
                        st.roster = None;
                    } else {
                        held += n;
                    }
                }
            }
        }
    }

    fn get(&self, id: &str) -> Option<Arc<Run>> {
        self.runs.lock().ok()?.iter().find(|r| r.id == id).cloned()
    }

    /// Adds a run (forgetting the oldest finished ones beyond [`KEEP`]) and queues it.
    fn submit(self: &Arc<Self>, run: Arc<Run>, engine: Arc<Engine>) -> Result<(), ApiError> {
        {
            let mut runs = self
                .runs
                .lock()
                .map_err(|_| ApiError::internal("run registry poisoned"))?;
            while runs.len() >= KEEP {
                match runs.iter().position(|r| r.state().finished()) {
                    Some(i) => {
                        runs.remove(i);
                    }
                    None => {
                        return Err(ApiError::new(
                            StatusCode::TOO_MANY_REQUESTS,
                            "too_many_runs",
                            format!("{KEEP} assignment runs are queued or running; retry later"),
                        ))
                    }
                }
            }
            runs.push_back(run.clone());
        }
        let mut q = self
            .queue
            .lock()
            .map_err(|_| ApiError::internal("run queue poisoned"))?;
        let tx = q.get_or_insert_with(spawn_worker);
        let weak = Arc::downgrade(self);
        if tx
            .send((run.clone(), engine.clone(), weak.clone()))
            .is_err()
        {
            // The worker died (it never should); start another and retry once.
            let fresh = spawn_worker();
            fresh
                .send((run, engine, weak))
                .map_err(|_| ApiError::internal("cannot start the assignment worker"))?;
            *q = Some(fresh);
        }
        Ok(())
    }
}

/// The worker: runs queued batches one at a time on a private rayon pool.
fn spawn_worker() -> mpsc::Sender<Queued> {
    let (tx, rx) = mpsc::channel::<Queued>();
    let spawned = std::thread::Builder::new()
        .name("bole-assign".into())
        .spawn(move || {
            let threads = std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(2);
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .thread_name(|i| format!("bole-assign-{i}"))
                .build();
            for (run, engine, registry) in rx {
                #[cfg(test)]
                let _held = HOLD.lock();
                execute(&run, &engine, pool.as_ref().ok());
                if let Some(reg) = registry.upgrade() {
                    reg.trim_rosters();
                }
            }
        });
    if let Err(e) = spawned {
        tracing::error!(error = %e, "cannot spawn the assignment worker");
    }
    tx
}

fn execute(run: &Run, engine: &Engine, pool: Option<&rayon::ThreadPool>) {
    let people = run.people.lock().ok().and_then(|mut p| p.take());
    let Some(people) = people else {
        run.set(|s| {
            s.state = RunState::Failed;
            s.error = Some(("internal".into(), "the run lost its people".into()));
        });
        return;
    };
    run.set(|s| s.state = RunState::Running);
    let progress = |d: usize, _t: usize| run.done.store(d, Ordering::Relaxed);
    let work = || {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            bole::roster::run(engine, &people, &run.opts, &progress)
        }))
    };
    let result = match pool {
        Some(p) => p.install(work),
        None => work(),
    };
    match result {
        Ok(Ok(roster)) => {
            run.done.store(run.total, Ordering::Relaxed);
            let summary = serde_json::to_value(&roster.summary).ok();
            run.set(|s| {
                s.state = RunState::Done;
                s.summary = summary;
                s.roster = Some(Arc::new(roster));
            });
        }
        Ok(Err(e)) => {
            let a = ApiError::from(e);
            run.set(|s| {
                s.state = RunState::Failed;
                s.error = Some((a.code.to_string(), a.message));
            });
        }
        Err(_) => {
            tracing::error!(run = %run.id, "assignment run panicked");
            run.set(|s| {
                s.state = RunState::Failed;
                s.error = Some((
                    "internal".into(),
                    "the assignment failed inside the engine".into(),
                ));
            });
        }
    }
}

/// Largest body of a batch: bigger than single-record writes allow (a county's graduates as JSON
/// Lines run to tens of megabytes).
const MIN_BATCH_BODY: usize = 256 * 1024 * 1024;

/// The assignment routes with their registry (one per router). Not under the request timeout:
/// selecting stored people and downloading a large roster may take longer than a match call.
pub(super) fn routes(state: &AppState) -> Router<AppState> {
    Router::new()
        .route("/v1/assignments", get(list).post(submit))
        .route("/v1/assignments/{id}", get(status))
        .route("/v1/assignments/{id}/roster.csv", get(roster_csv))
        .route("/v1/assignments/{id}/roster.json", get(roster_json))
        .layer(Extension(Arc::new(Registry::new())))
        .layer(axum::extract::DefaultBodyLimit::max(
            state.0.body_limit.max(MIN_BATCH_BODY),
        ))
}

/// An ISO 8601 UTC timestamp of now (the server's clock; the engine never reads one).
fn now_iso() -> String {
    bole::date::now_iso()
}

fn new_id(reg: &Registry) -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let n = reg.seq.fetch_add(1, Ordering::Relaxed);
    format!("as-{:x}-{n}", nanos / 1_000)
}

/// Candidates from a body, read (not stored) by the one reader: JSON Lines, or a JSON array whose
/// elements are read as lines (position, 1-based, as the line). Bad records are reported in the
/// import report's shape and skipped; a repeated id is rejected on its later line.
fn parse_people(body: &[u8]) -> Result<(Vec<Candidate>, ImportReport), ApiError> {
    let text = body.strip_prefix("\u{feff}".as_bytes()).unwrap_or(body);
    let first = text.iter().find(|b| !b.is_ascii_whitespace());
    let lines: std::borrow::Cow<[u8]> = if first == Some(&b'[') {
        match serde_json::from_slice::<Vec<Value>>(text) {
            Ok(items) => {
                let rows: Vec<String> = items.iter().map(Value::to_string).collect();
                rows.join("\n").into_bytes().into()
            }
            Err(e) => {
                let report = ImportReport {
                    received: 1,
                    rejected: vec![Rejection::new(
                        1,
                        None,
                        bole::Error::Parse(format!("invalid JSON array: {e}")),
                    )],
                    ..Default::default()
                };
                return Ok((Vec::new(), report));
            }
        }
    } else {
        body.into()
    };
    let (read, mut report) =
        import::read_all::<Candidate, _>(&lines[..], Format::Jsonl, Some(MAX_PEOPLE))?;
    let mut seen: std::collections::HashMap<String, u64> = std::collections::HashMap::new();
    let mut good = Vec::with_capacity(read.len());
    for (line, c) in read {
        match seen.get(&c.id) {
            Some(first) => report.rejected.push(Rejection {
                line,
                id: Some(c.id.clone()),
                field: Some("id".into()),
                error: format!("`{}` repeats line {first}", c.id),
            }),
            None => {
                seen.insert(c.id.clone(), line);
                good.push(c);
            }
        }
    }
    report.rejected.sort_by_key(|r| r.line);
    Ok((good, report))
}

#[utoipa::path(post, path = "/v1/assignments", tag = "assignments", operation_id = "submit_assignment",
    summary = "Queue a one-to-one assignment of people to the stored valid vacancies (needs an API key); answered 202 at once: poll the run, then download the roster",
    params(AssignParams), security(("bearer" = [])),
    request_body(content((Option<CandidateLines> = "application/json"), (Option<CandidateLines> = "application/x-ndjson")), description = "candidate records (a JSON array, or JSON Lines), or none with `group`/`region`"),
    responses((status = 202, description = "queued", body = RunQueued),
        (status = 400, description = "no valid person (`no_people`), or a bad parameter", body = ErrorBody), (status = 401, description = "missing or wrong API key (or reads closed to callers without one)", body = ErrorBody),
        (status = 413, description = "body too large, or more than 1000000 people", body = ErrorBody),
        (status = 415, description = "people as CSV", body = ErrorBody),
        (status = 429, description = "too many runs queued or running", body = ErrorBody)))]
/// `POST /v1/assignments`.
pub(super) async fn submit(
    State(s): State<AppState>,
    Extension(reg): Extension<Arc<Registry>>,
    headers: HeaderMap,
    Q(params): Q<AssignParams>,
    body: Body,
) -> Result<Response, ApiError> {
    let opts = params.options();
    let ctype = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    if ctype.starts_with("text/csv") {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "people as CSV are not supported (the platform CSV reader reads vacancies only); send JSON Lines of candidate records",
        ));
    }
    let (people, report) = if body.0.iter().all(u8::is_ascii_whitespace) {
        let (group, region) = (params.group, params.region);
        if group.is_none() && region.is_none() {
            return Err(ApiError::field(
                "body",
                "empty: send JSON Lines of candidates, or select stored candidates with `group` and/or `region`",
            ));
        }
        let people = super::blocking(&s, move |e| {
            Ok(bole::roster::stored_people(e, group, region)?)
        })
        .await?;
        let report = ImportReport {
            received: people.len(),
            ..Default::default()
        };
        (people, report)
    } else {
        let bytes = body.0;
        tokio::task::spawn_blocking(move || parse_people(&bytes)).await??
    };
    if people.len() > MAX_PEOPLE {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            format!("more than {MAX_PEOPLE} people in one run; split the batch"),
        ));
    }
    if people.is_empty() {
        let mut e = ApiError::new(
            StatusCode::BAD_REQUEST,
            "no_people",
            format!(
                "no valid person in the batch ({} records, {} rejected)",
                report.received,
                report.rejected.len()
            ),
        );
        if let Some(first) = report.rejected.first() {
            e.message = format!("{}; {first}", e.message);
        }
        return Err(e);
    }
    let run = Arc::new(Run {
        id: new_id(&reg),
        created: now_iso(),
        mode: opts.mode,
        total: people.len(),
        opts,
        done: AtomicUsize::new(0),
        status: Mutex::new(Status {
            state: RunState::Queued,
            roster: None,
            summary: None,
            error: None,
        }),
        people: Mutex::new(Some(people)),
    });
    reg.submit(run.clone(), s.engine().clone())?;
    let id = &run.id;
    let base = format!("/v1/assignments/{id}");
    let mut resp = (
        StatusCode::ACCEPTED,
        Json(json!({
            "id": id,
            "state": "queued",
            "received": report.received,
            "rejected": report.rejected,
            "total": run.total,
            "links": {
                "self": base,
                "csv": format!("{base}/roster.csv"),
                "json": format!("{base}/roster.json"),
            },
        })),
    )
        .into_response();
    if let Ok(v) = HeaderValue::from_str(&base) {
        resp.headers_mut().insert(header::LOCATION, v);
    }
    Ok(resp)
}

#[utoipa::path(get, path = "/v1/assignments", tag = "assignments", operation_id = "list_assignments",
    summary = "The runs held in memory (the last 20), newest first",
    responses((status = 200, description = "runs", body = RunList), (status = 401, description = "missing or wrong API key (or reads closed to callers without one)", body = ErrorBody)))]
/// `GET /v1/assignments`: the runs held, newest first.
pub(super) async fn list(
    Extension(reg): Extension<Arc<Registry>>,
) -> Result<Json<Value>, ApiError> {
    let runs = reg
        .runs
        .lock()
        .map_err(|_| ApiError::internal("run registry poisoned"))?;
    let v: Vec<Value> = runs.iter().rev().map(|r| r.brief()).collect();
    Ok(Json(json!({ "runs": v })))
}

fn find(reg: &Registry, id: &str) -> Result<Arc<Run>, ApiError> {
    reg.get(id)
        .ok_or_else(|| ApiError::not_found("assignment run", id))
}

#[utoipa::path(get, path = "/v1/assignments/{id}", tag = "assignments", operation_id = "get_assignment",
    summary = "State and progress of a run; the roster summary once done, the error if failed", params(("id" = String, Path)),
    responses((status = 200, description = "the run", body = RunStatus), (status = 401, description = "missing or wrong API key (or reads closed to callers without one)", body = ErrorBody),
        (status = 404, description = "unknown run", body = ErrorBody)))]
/// `GET /v1/assignments/{id}`.
pub(super) async fn status(
    Extension(reg): Extension<Arc<Registry>>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let run = find(&reg, &id)?;
    let mut v = run.brief();
    let st = run
        .status
        .lock()
        .map_err(|_| ApiError::internal("run state poisoned"))?;
    if let Some(summary) = &st.summary {
        v["summary"] = summary.clone();
    }
    if let Some((code, message)) = &st.error {
        v["error"] = json!({"code": code, "message": message});
    }
    Ok(Json(v))
}

fn ready(reg: &Registry, id: &str) -> Result<(Arc<Run>, Arc<Roster>), ApiError> {
    let run = find(reg, id)?;
    let st = run
        .status
        .lock()
        .map_err(|_| ApiError::internal("run state poisoned"))?;
    match (&st.roster, st.state) {
        (Some(r), _) => {
            let r = r.clone();
            drop(st);
            Ok((run, r))
        }
        (None, RunState::Done) => Err(ApiError::new(
            StatusCode::GONE,
            "expired",
            format!("the roster of assignment run `{id}` is no longer held; newer runs replaced it (its summary is still at /v1/assignments/{id})"),
        )),
        (None, state) => Err(ApiError::new(
            StatusCode::CONFLICT,
            "not_ready",
            format!(
                "assignment run `{id}` is {}; the roster exists once it is done",
                state.as_str()
            ),
        )),
    }
}

#[utoipa::path(get, path = "/v1/assignments/{id}/roster.csv", tag = "assignments", operation_id = "roster_csv",
    summary = "The roster as CSV (UTF-8 with a BOM, one row per person), as an attachment", params(("id" = String, Path)),
    responses((status = 200, description = "roster", content_type = "text/csv; charset=utf-8", body = String), (status = 401, description = "missing or wrong API key (or reads closed to callers without one)", body = ErrorBody), (status = 404, description = "unknown run", body = ErrorBody),
        (status = 409, description = "the run is not done yet (`not_ready`)", body = ErrorBody),
        (status = 410, description = "the roster is no longer held (`expired`; newer runs replaced it)", body = ErrorBody)))]
/// `GET /v1/assignments/{id}/roster.csv`: UTF-8 with a BOM, one row per person.
pub(super) async fn roster_csv(
    Extension(reg): Extension<Arc<Registry>>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let (run, roster) = ready(&reg, &id)?;
    let bytes = tokio::task::spawn_blocking(move || {
        let mut buf = Vec::new();
        roster.write_csv(&mut buf).map(|_| buf)
    })
    .await?
    .map_err(|e| ApiError::internal(format!("roster CSV: {e}")))?;
    let disposition = format!("attachment; filename=\"roster-{}.csv\"", run.id);
    let mut resp = (StatusCode::OK, bytes).into_response();
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(resp)
}

#[utoipa::path(get, path = "/v1/assignments/{id}/roster.json", tag = "assignments", operation_id = "roster_json",
    summary = "The roster as JSON, one line per person in input order", params(("id" = String, Path)),
    responses((status = 200, description = "roster", body = bole::roster::Roster), (status = 401, description = "missing or wrong API key (or reads closed to callers without one)", body = ErrorBody), (status = 404, description = "unknown run", body = ErrorBody),
        (status = 409, description = "the run is not done yet (`not_ready`)", body = ErrorBody),
        (status = 410, description = "the roster is no longer held (`expired`; newer runs replaced it)", body = ErrorBody)))]
/// `GET /v1/assignments/{id}/roster.json`: `{"summary":{…},"assignments":[…]}`.
pub(super) async fn roster_json(
    Extension(reg): Extension<Arc<Registry>>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let (_run, roster) = ready(&reg, &id)?;
    let bytes = tokio::task::spawn_blocking(move || serde_json::to_vec(&*roster))
        .await?
        .map_err(|e| ApiError::internal(format!("roster JSON: {e}")))?;
    let mut resp = (StatusCode::OK, bytes).into_response();
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    Ok(resp)
}

#[cfg(test)]
mod tests;
