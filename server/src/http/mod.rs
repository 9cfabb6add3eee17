//! `bole serve`: a thin JSON-over-HTTP layer on the [`bole::Engine`].
//!
//! The server holds no lock of its own around the engine: reads go straight to the engine (which
//! guards its indexes with reader-writer locks), CPU-heavy calls run on the blocking pool so the
//! async workers keep accepting, and a write is answered only after the engine call returns, by
//! which time the store has committed durably. Every error leaves as
//! `{"error":{"code":…,"message":…}}` (see [`error`]), including panics, timeouts, oversized bodies
//! and unknown routes; only a header over the size limit is refused by hyper before any routing
//! (a bare 431), and a header that does not arrive in time closes the connection (`listen.rs`).

// One file per resource; `params` holds the typed query parameters they take.
mod assign;
mod candidates;
pub mod error;
mod fields;
mod ingest;
mod jobs;
mod listen;
mod live;
mod market;
mod matches;
pub mod metrics;
pub mod openapi;
mod outcomes;
mod params;
mod probes;
mod records;
mod schema;
mod search;
mod sse;

// The web console: its pages and the few endpoints they need beyond the record API.
mod console;
mod console_api;

use std::net::SocketAddr;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request, State};
use axum::http::{header, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::Router;
use tokio::sync::{broadcast, watch};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::timeout::TimeoutLayer;

use bole::engine::Engine;
use error::ApiError;
use metrics::Metrics;

/// How the server runs.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// Address to listen on.
    pub addr: SocketAddr,
    /// Keys accepted as `Authorization: Bearer KEY` (writes always need one).
    pub api_keys: Vec<String>,
    /// Whether reads are open to callers without a key.
    pub open_reads: bool,
    /// Largest request body in bytes (single records and JSONL bulk bodies alike).
    pub body_limit: usize,
    /// Longest time a request may take before a 503 (bulk writes and live streams are exempt).
    /// The CPU-heavy work behind a request that times out is stopped.
    pub timeout: Duration,
    /// Longest wait for a request's whole header, and for the next request on an idle
    /// kept-alive connection: the connection is closed after it.
    pub header_timeout: Duration,
    /// Longest wait for the next piece of a request body (a stalled upload is answered 408).
    pub body_timeout: Duration,
    /// Largest request header in bytes (431 above it).
    pub max_header_bytes: usize,
    /// People whose derived profiles (and query for vacancies) are kept between calls: about
    /// 4 KiB each; a person asking again within it skips reading and segmenting the record.
    pub profile_cache: usize,
    /// Ranking policy file (`policy` in the config file, relative to it).
    pub policy: Option<std::path::PathBuf>,
    /// The office's hotline (`live_hotline`), said on livestream cards whose posting gives no
    /// phone or link to apply.
    pub live_hotline: Option<String>,
    /// A file to write `{"pid":…,"addr":…}` into while serving (`serve.json` in the data
    /// directory), so a CLI command meeting the held store can name the server.
    pub announce: Option<std::path::PathBuf>,
}

impl Default for ServeConfig {
    fn default() -> Self {
        ServeConfig {
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            api_keys: Vec::new(),
            open_reads: true,
            body_limit: 16 * 1024 * 1024,
            timeout: Duration::from_secs(30),
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(30),
            max_header_bytes: 64 * 1024,
            profile_cache: bole::engine::PROFILE_CACHE,
            policy: None,
            live_hotline: None,
            announce: None,
        }
    }
}

struct Inner {
    engine: Arc<bole::Engine>,
    keys: Vec<String>,
    open_reads: bool,
    body_limit: usize,
    timeout: Duration,
    body_timeout: Duration,
    /// Test hook ([`HOLD_HEAVY_ENV`]): CPU-heavy work waits until its request gives up on it.
    hold_heavy: bool,
    metrics: Metrics,
    /// Ids of vacancies just written (by any path: the engine's events), for live streams.
    posted: broadcast::Sender<String>,
    shutdown: watch::Sender<bool>,
    /// Permits for CPU-heavy engine calls (matching, search, live picks). More of them running at
    /// once than there are cores only adds switching and holds the engine's index read locks
    /// longer, which starves writers; extra requests wait here, off the blocking pool.
    heavy: Arc<tokio::sync::Semaphore>,
    /// The office's hotline for livestream cards.
    hotline: Option<String>,
}

/// Every route template the router serves (the metrics keep a slot per template; the tests check
/// that the router serves exactly these).
pub const ROUTES: &[&str] = &[
    "/",
    "/console",
    "/console/",
    "/console/{file}",
    "/health",
    "/metrics",
    "/openapi.json",
    "/console/api/meta",
    "/console/api/candidates/{id}/matches",
    "/console/api/jobs/{id}/matches",
    "/console/api/import/{side}",
    "/v1/jobs/{id}",
    "/v1/candidates/{id}",
    "/v1/jobs:bulk",
    "/v1/candidates:bulk",
    "/v1/candidates/{id}/matches",
    "/v1/jobs/{id}/matches",
    "/v1/match",
    "/v1/search/jobs",
    "/v1/search/candidates",
    "/v1/live/picks",
    "/v1/live/stream",
    "/v1/assignments",
    "/v1/assignments/{id}",
    "/v1/assignments/{id}/roster.csv",
    "/v1/assignments/{id}/roster.json",
    "/v1/events",
    "/v1/jobs/{id}/outcomes",
    "/v1/outcomes",
    "/v1/market",
];

/// Shared state of all handlers (cheap to clone).
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

impl AppState {
    /// State over an engine with the given configuration (the address is not used here).
    pub fn new(engine: Arc<bole::Engine>, cfg: &ServeConfig) -> AppState {
        let (posted, _) = broadcast::channel(1024);
        sse::forward_engine_events(&engine, posted.clone());
        let (shutdown, _) = watch::channel(false);
        AppState(Arc::new(Inner {
            engine,
            keys: cfg
                .api_keys
                .iter()
                .map(|k| k.trim().to_string())
                .filter(|k| !k.is_empty())
                .collect(),
            open_reads: cfg.open_reads,
            body_limit: cfg.body_limit,
            timeout: cfg.timeout,
            body_timeout: cfg.body_timeout,
            hold_heavy: std::env::var_os(HOLD_HEAVY_ENV).is_some(),
            metrics: Metrics::new(ROUTES),
            posted,
            shutdown,
            heavy: Arc::new(tokio::sync::Semaphore::new(heavy_permits())),
            hotline: cfg.live_hotline.clone(),
        }))
    }

    /// The engine.
    pub fn engine(&self) -> &Arc<bole::Engine> {
        &self.0.engine
    }

    /// The office's hotline said on livestream cards, if configured.
    pub fn hotline(&self) -> Option<&str> {
        self.0.hotline.as_deref()
    }

    /// Ask open live streams to end (graceful shutdown cannot finish while they run).
    pub fn begin_shutdown(&self) {
        let _ = self.0.shutdown.send(true);
    }

    fn metrics(&self) -> &Metrics {
        &self.0.metrics
    }

    fn authorized(&self, req: &Request, route: &str) -> Result<(), ApiError> {
        if self.0.keys.is_empty() {
            return Err(ApiError::unauthorized(
                "no API key is configured on this server (set BOLE_API_KEYS or api_keys in the config file)",
            ));
        }
        let given = match req.headers().get(header::AUTHORIZATION) {
            Some(h) => h
                .to_str()
                .ok()
                .and_then(|v| {
                    v.strip_prefix("Bearer ")
                        .or_else(|| v.strip_prefix("bearer "))
                })
                .map(str::trim)
                .unwrap_or("")
                .to_string(),
            // A browser's EventSource cannot send headers: the live stream alone takes the key
            // as its `key` query parameter.
            None => match (route == QUERY_KEY_ROUTE)
                .then(|| query_key(req.uri()))
                .flatten()
            {
                Some(k) => k,
                None => {
                    return Err(ApiError::unauthorized(
                        "missing `Authorization: Bearer KEY` header",
                    ))
                }
            },
        };
        let given = given.as_str();
        if self
            .0
            .keys
            .iter()
            .any(|k| ct_eq(k.as_bytes(), given.as_bytes()))
        {
            Ok(())
        } else {
            Err(ApiError::unauthorized("the API key is not valid"))
        }
    }
}

/// Run engine work off the async workers; a panic in it becomes a 500, not a dead worker.
async fn blocking<T, F>(state: &AppState, f: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&Engine) -> Result<T, ApiError> + Send + 'static,
{
    let engine = Arc::clone(state.engine());
    tokio::task::spawn_blocking(move || f(&engine)).await?
}

/// [`blocking`] for CPU-heavy reads: waits for one of the permits first.
///
/// The permit travels with the work, so a request that times out does not free its slot while
/// its computation still runs; and the work is told to stop (the engine checks between stages,
/// [`bole::cancel`]), so the slot comes back soon.
async fn heavy<T, F>(state: &AppState, f: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&Engine) -> Result<T, ApiError> + Send + 'static,
{
    /// Sets the flag when the request's future is dropped before the work answered (timeout,
    /// client gone).
    struct CancelOnDrop(Option<Arc<AtomicBool>>);
    impl Drop for CancelOnDrop {
        fn drop(&mut self) {
            if let Some(f) = self.0.take() {
                f.store(true, Ordering::Release);
            }
        }
    }
    let permit = state
        .0
        .heavy
        .clone()
        .acquire_owned()
        .await
        .map_err(|_| ApiError::internal("the server is shutting down"))?;
    let flag = Arc::new(AtomicBool::new(false));
    let mut guard = CancelOnDrop(Some(flag.clone()));
    let engine = Arc::clone(state.engine());
    let s = state.clone();
    let out = tokio::task::spawn_blocking(move || {
        let m = s.metrics();
        let _running = metrics::InFlight::new(&m.heavy_running);
        let _permit = permit;
        if s.0.hold_heavy {
            // Stands for work longer than any timeout, without timing: wait for the cancel.
            let until = Instant::now() + Duration::from_secs(120);
            while !flag.load(Ordering::Acquire) && Instant::now() < until {
                std::thread::sleep(Duration::from_millis(5));
            }
        }
        let out = bole::cancel::with_flag(flag, || f(&engine));
        if matches!(&out, Err(e) if e.code == error::CANCELLED) {
            m.heavy_cancelled.increment(1);
        }
        out
    })
    .await;
    guard.0 = None;
    out?
}

/// Test hook: with this variable set, CPU-heavy work first waits until its request gives up on
/// it (timeout, client gone), so tests can watch the cancellation without racing a clock.
pub const HOLD_HEAVY_ENV: &str = "BOLE_TEST_HOLD_HEAVY";

/// Concurrent CPU-heavy engine calls: twice the cores, so a call waiting on I/O does not idle one.
fn heavy_permits() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        * 2
}

/// Constant-time comparison so response timing does not reveal how much of a key was right.
fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Routes that never need a key (the health probe, the API description and the console's
/// static files). `/metrics` is a read like any other: open only with open reads.
fn is_public(route: &str) -> bool {
    matches!(route, "/health" | "/openapi.json") || console::is_static_route(route)
}

/// The one route that takes its key as a query parameter (`?key=KEY`): the live event stream.
const QUERY_KEY_ROUTE: &str = "/v1/live/stream";

/// The `key` query parameter, decoded.
fn query_key(uri: &axum::http::Uri) -> Option<String> {
    let q = axum::extract::Query::<Vec<(String, String)>>::try_from_uri(uri).ok()?;
    q.0.into_iter().find(|(k, _)| k == "key").map(|(_, v)| v)
}

/// A write changes stored data; `POST /v1/match` reads only (its body is not stored).
fn is_write(method: &Method, route: &str) -> bool {
    matches!(*method, Method::PUT | Method::DELETE)
        || (*method == Method::POST && route != "/v1/match")
}

async fn auth(State(s): State<AppState>, req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_string());
    if let Some(route) = route {
        if !is_public(&route) && (is_write(req.method(), &route) || !s.0.open_reads) {
            if let Err(e) = s.authorized(&req, &route) {
                return e.into_response();
            }
        }
    }
    next.run(req).await
}

/// Outermost layer: counts and times every request, and turns any error response a layer
/// produced without our JSON body (405, 413 from a length check, 503 timeout …) into one.
async fn observe(State(s): State<AppState>, req: Request, next: Next) -> Response {
    let start = Instant::now();
    let late = Arc::new(AtomicBool::new(false));
    let req = if has_body(&req) {
        let (idle, late) = (s.0.body_timeout, late.clone());
        req.map(|b| paced_body(b, idle, late))
    } else {
        req
    };
    let id = request_id(&req);
    let method = req.method().clone();
    // An `Arc<str>` inside: cloning it copies no string.
    let route = req.extensions().get::<MatchedPath>().cloned();
    let m = s.metrics();
    let mut resp = {
        // Counted down however the request ends (a client gone mid-request drops this future).
        let _in_flight = metrics::InFlight::new(&m.in_flight);
        next.run(req).await
    };
    if late.load(Ordering::Acquire) {
        resp = ApiError::new(
            StatusCode::REQUEST_TIMEOUT,
            "timeout",
            format!(
                "the request body stopped arriving: nothing came for {} s",
                s.0.body_timeout.as_secs_f64()
            ),
        )
        .into_response();
    }
    let status = resp.status();
    if (status.is_client_error() || status.is_server_error()) && !is_json(&resp) {
        let (_, body) = std::mem::take(&mut resp).into_parts();
        let text = axum::body::to_bytes(body, 4096).await.unwrap_or_default();
        let text = String::from_utf8_lossy(&text).trim().to_string();
        let message = if text.is_empty() {
            status.canonical_reason().unwrap_or("error").to_string()
        } else {
            text
        };
        let headers = resp.headers().clone();
        resp = ApiError::new(status, error::code_for(status), message).into_response();
        for (k, v) in headers.iter() {
            if k != header::CONTENT_TYPE && k != header::CONTENT_LENGTH {
                resp.headers_mut().insert(k.clone(), v.clone());
            }
        }
    }
    let route = route.as_ref().map_or(metrics::UNMATCHED, |r| r.as_str());
    let elapsed = start.elapsed();
    m.observe(&method, route, status.as_u16(), elapsed);
    // The route template, never the path or query (they may hold a name), and never a body.
    tracing::info!(
        target: "bole::request",
        id = %id,
        method = %method,
        route,
        status = status.as_u16(),
        ms = elapsed.as_secs_f64() * 1000.0,
    );
    if let Ok(v) = header::HeaderValue::from_str(&id) {
        resp.headers_mut().insert(REQUEST_ID, v);
    }
    resp
}

const REQUEST_ID: header::HeaderName = header::HeaderName::from_static("x-request-id");

/// The caller's `x-request-id` when it is short plain text, else a new one.
fn request_id(req: &Request) -> String {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let given = req
        .headers()
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.is_empty() && v.len() <= 64)
        .filter(|v| {
            v.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(&b))
        });
    match given {
        Some(v) => v.to_string(),
        None => {
            let n = NEXT.fetch_add(1, Ordering::Relaxed);
            format!("{:08x}-{n}", std::process::id())
        }
    }
}

/// Whether a request says it carries a body.
fn has_body(req: &Request) -> bool {
    let h = req.headers();
    h.contains_key(header::TRANSFER_ENCODING)
        || h.get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.trim() != "0")
}

/// The body, with at most `idle` between its pieces: when one does not come in time the body
/// ends in an error and `late` is set (the answer becomes a 408).
fn paced_body(body: axum::body::Body, idle: Duration, late: Arc<AtomicBool>) -> axum::body::Body {
    use futures_util::StreamExt;
    let pieces = futures_util::stream::unfold(Some(body.into_data_stream()), move |rest| {
        let late = late.clone();
        async move {
            let mut rest = rest?;
            match tokio::time::timeout(idle, rest.next()).await {
                Ok(Some(piece)) => Some((piece, Some(rest))),
                Ok(None) => None,
                Err(_) => {
                    late.store(true, Ordering::Release);
                    let e =
                        std::io::Error::new(std::io::ErrorKind::TimedOut, "request body stalled");
                    Some((Err(axum::Error::new(e)), None))
                }
            }
        }
    });
    axum::body::Body::from_stream(pieces)
}

fn is_json(r: &Response) -> bool {
    r.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"))
}

async fn fallback() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "not_found",
        "no such route; see /openapi.json",
    )
}

/// The whole HTTP API as a router (no socket: drive it with `tower::ServiceExt::oneshot` in tests).
pub fn app(state: AppState) -> Router {
    with_layers(all_routes(&state), state)
}

/// The routes without the cross-cutting layers.
fn all_routes(state: &AppState) -> Router<AppState> {
    let timed = Router::new()
        .route("/health", get(probes::health))
        .route("/metrics", get(probes::metrics))
        .route("/openapi.json", get(openapi::handler))
        .route(
            "/v1/jobs/{id}",
            put(jobs::put_job)
                .get(jobs::get_job)
                .delete(jobs::delete_job),
        )
        .route(
            "/v1/candidates/{id}",
            put(candidates::put_candidate)
                .get(candidates::get_candidate)
                .delete(candidates::delete_candidate),
        )
        .route(
            "/v1/candidates/{id}/matches",
            get(matches::candidate_matches),
        )
        .route("/v1/jobs/{id}/matches", get(matches::job_matches))
        .route("/v1/match", post(matches::match_body))
        .route("/v1/search/jobs", get(search::search_jobs))
        .route("/v1/search/candidates", get(search::search_candidates))
        .route("/v1/live/picks", get(live::live_picks))
        .route("/v1/jobs/{id}/outcomes", get(outcomes::job_outcomes))
        .route("/v1/outcomes", get(outcomes::region_outcomes))
        .route("/v1/market", get(market::market))
        .merge(console::routes())
        .merge(console_api::timed_routes())
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            state.0.timeout,
        ));
    // A bulk load runs as long as its body takes; a stream runs for the whole show.
    let untimed = Router::new()
        .merge(console_api::untimed_routes())
        .route("/v1/jobs:bulk", post(jobs::bulk_jobs))
        .route("/v1/candidates:bulk", post(candidates::bulk_candidates))
        .route("/v1/events", post(outcomes::post_events))
        .route("/v1/live/stream", get(sse::stream));
    Router::new()
        .merge(timed)
        .merge(untimed)
        .merge(assign::routes(state))
}

/// Body limit, panic catching, keys, metrics and the JSON error shape, around any routes.
fn with_layers(routes: Router<AppState>, state: AppState) -> Router {
    routes
        .fallback(fallback)
        .layer(DefaultBodyLimit::max(state.0.body_limit))
        .layer(CatchPanicLayer::custom(error::panic_response))
        .layer(middleware::from_fn_with_state(state.clone(), auth))
        .layer(middleware::from_fn_with_state(state.clone(), observe))
        .with_state(state)
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}

/// The optional `--config FILE` of `bole serve` (TOML). Keys from `BOLE_API_KEYS` are added to
/// `api_keys`.
///
/// ```toml
/// api_keys = ["k1", "k2"]
/// open_reads = true        # false: reads need a key too
/// body_limit_mb = 16
/// timeout_secs = 30        # a request's longest run (503 after it; its heavy work is stopped)
/// header_timeout_secs = 10 # a header must arrive whole within it; also the idle keep-alive limit
/// body_timeout_secs = 30   # longest pause while a request body arrives (408 after it)
/// max_header_kb = 64       # largest request header (431 above it; at least 8)
/// profile_cache = 200000   # people whose derived profiles are kept between calls
/// policy = "policy.toml"   # ranking policy file (relative to this file); `--policy` wins
/// live_hotline = "0794-12333"   # said on livestream cards whose posting gives no way to apply
/// ```
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    #[serde(default)]
    api_keys: Vec<String>,
    open_reads: Option<bool>,
    body_limit_mb: Option<usize>,
    timeout_secs: Option<u64>,
    timeout_ms: Option<u64>,
    header_timeout_secs: Option<u64>,
    body_timeout_secs: Option<u64>,
    max_header_kb: Option<usize>,
    profile_cache: Option<usize>,
    policy: Option<std::path::PathBuf>,
    live_hotline: Option<String>,
}

/// Build the configuration from `--addr`, an optional config file and `BOLE_API_KEYS`.
pub fn config(addr: SocketAddr, file: Option<&Path>) -> anyhow::Result<ServeConfig> {
    let mut cfg = ServeConfig {
        addr,
        ..ServeConfig::default()
    };
    if let Some(path) = file {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let f: FileConfig =
            toml::from_str(&text).with_context(|| format!("config file {}", path.display()))?;
        cfg.api_keys = f.api_keys;
        cfg.open_reads = f.open_reads.unwrap_or(cfg.open_reads);
        if let Some(mb) = f.body_limit_mb {
            cfg.body_limit = mb.max(1) * 1024 * 1024;
        }
        if let Some(s) = f.timeout_secs {
            cfg.timeout = Duration::from_secs(s.max(1));
        }
        if let Some(ms) = f.timeout_ms {
            cfg.timeout = Duration::from_millis(ms.max(1));
        }
        if let Some(s) = f.header_timeout_secs {
            cfg.header_timeout = Duration::from_secs(s.max(1));
        }
        if let Some(s) = f.body_timeout_secs {
            cfg.body_timeout = Duration::from_secs(s.max(1));
        }
        if let Some(kb) = f.max_header_kb {
            cfg.max_header_bytes = kb.max(8) * 1024;
        }
        if let Some(n) = f.profile_cache {
            cfg.profile_cache = n;
        }
        cfg.live_hotline = f
            .live_hotline
            .map(|h| h.trim().to_string())
            .filter(|h| !h.is_empty());
        if let Some(p) = f.policy {
            cfg.policy = Some(path.parent().unwrap_or(Path::new(".")).join(p));
        }
    }
    if let Ok(keys) = std::env::var("BOLE_API_KEYS") {
        cfg.api_keys.extend(
            keys.split(',')
                .map(str::trim)
                .filter(|k| !k.is_empty())
                .map(String::from),
        );
    }
    Ok(cfg)
}

/// `bole serve`: open the engine on `data` (catching its indexes up) and serve until SIGTERM.
/// `policy` (the `--policy` flag) wins over the config file's.
pub fn run(
    data: &Path,
    addr: SocketAddr,
    config_file: Option<&Path>,
    policy: Option<&Path>,
) -> anyhow::Result<()> {
    let mut cfg = config(addr, config_file)?;
    cfg.announce = Some(data.join(SERVE_FILE));
    if let Some(p) = policy {
        cfg.policy = Some(p.to_path_buf());
    }
    let policy = match &cfg.policy {
        Some(p) => crate::cmd::load_policy(p)?,
        None => bole::rank::Policy::default(),
    };
    let engine = bole::engine::Engine::open_with(data, policy)
        .with_context(|| format!("cannot open data directory {}", data.display()))?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(serve(Arc::new(engine), cfg))
}

/// The file in the data directory naming the running server (see [`ServeConfig::announce`]).
pub const SERVE_FILE: &str = "serve.json";

/// How often the server commits the full-text indexes (the freshness of keyword search). Each
/// commit writes and syncs a segment that every query then walks: at 250 ms, under 50 writes/s,
/// reads ran about 4% slower (interleaved A/B, benches/README). A new vacancy is live at once for
/// the area, vector and near-home retrievers; only keyword search waits for this.
const COMMIT_EVERY: Duration = Duration::from_millis(500);

/// How long requests in flight get to finish after SIGTERM before the process stops anyway.
const DRAIN: Duration = Duration::from_secs(30);

/// Serve the API until SIGTERM or ctrl-c, then finish the requests in flight (up to 30 s).
pub async fn serve(engine: Arc<bole::Engine>, cfg: ServeConfig) -> anyhow::Result<()> {
    let state = AppState::new(engine, &cfg);
    if state.0.keys.is_empty() {
        tracing::warn!("no API keys configured: every write will be refused (set BOLE_API_KEYS)");
    }
    // Full-text commits are batched on a short timer instead of one per write: a write is durable
    // when answered and its record, vector and area are live at once; keyword search sees it
    // within COMMIT_EVERY.
    state.engine().set_deferred_commit(true);
    state.engine().set_profile_cache_capacity(cfg.profile_cache);
    {
        let engine = Arc::clone(state.engine());
        let mut stop = state.0.shutdown.subscribe();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(COMMIT_EVERY);
            loop {
                tokio::select! {
                    _ = tick.tick() => {
                        let e = Arc::clone(&engine);
                        if let Ok(Err(err)) = tokio::task::spawn_blocking(move || e.commit_pending()).await {
                            tracing::warn!("full-text commit failed: {err}");
                        }
                    }
                    _ = stop.changed() => break,
                }
            }
        });
    }
    let listener = tokio::net::TcpListener::bind(cfg.addr).await?;
    let local = listener.local_addr()?;
    if let Some(path) = &cfg.announce {
        let note = serde_json::json!({"pid": std::process::id(), "addr": local.to_string()});
        if let Err(e) = std::fs::write(path, format!("{note}\n")) {
            tracing::warn!("cannot write {}: {e}", path.display());
        }
    }
    println!("bole serving on http://{local}");
    let router = app(state.clone());
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let limits = listen::Limits {
        header_timeout: cfg.header_timeout,
        max_header_bytes: cfg.max_header_bytes,
    };
    let stop = async {
        let _ = stop_rx.await;
    };
    let server = tokio::spawn(listen::serve(listener, router, limits, stop, DRAIN));
    shutdown_signal().await;
    eprintln!("bole: shutting down, finishing requests in flight");
    state.begin_shutdown();
    let _ = stop_tx.send(());
    server.await?;
    if let Some(path) = &cfg.announce {
        let _ = std::fs::remove_file(path);
    }
    // Save the vector graphs now so the next start need not replay this run's writes.
    if let Err(e) = state.engine().flush() {
        eprintln!("bole: could not save the indexes ({e}); they are rebuilt from the store's log at the next start");
    }
    Ok(())
}

#[cfg(test)]
mod live_tests;
#[cfg(test)]
mod tests;
