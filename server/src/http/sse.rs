//! `GET /v1/live/stream`: Server-Sent Events pushing vacancies written while a show runs (by any
//! path: the engine publishes every committed write), filtered by the same audience parameters as
//! `/v1/live/picks`.
//!
//! Events: `job` (data: a pick with talking points, id: the vacancy id) and `lagged` (data: how many
//! postings this slow client missed). The stream ends when the server shuts down.

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use bole::live;
use futures_util::stream::{self, Stream};
use tokio::sync::broadcast::error::RecvError;

use super::error::ApiError;
use super::params::{AudienceParams, Q};
#[allow(unused_imports)] // named by the OpenAPI annotations
use super::schema::{ErrorBody, SseEvent};
use super::AppState;

/// Keeps the open-stream gauge right however the stream ends (client gone, shutdown).
struct Open(AppState);

impl Drop for Open {
    fn drop(&mut self) {
        self.0.metrics().streams.decrement(1.0);
    }
}

struct Feed {
    open: Open,
    audience: live::Audience,
    today: Option<i64>,
    rx: tokio::sync::broadcast::Receiver<String>,
    stop: tokio::sync::watch::Receiver<bool>,
}

#[utoipa::path(get, path = "/v1/live/stream", tag = "live", operation_id = "live_stream",
    summary = "Server-Sent Events: vacancies posted while the show runs that suit the audience. Events `ready`, `job` (data: a Pick), `lagged` (data: how many were missed)",
    params(AudienceParams, ("key" = Option<String>, Query, description = "The API key, for clients that cannot set a header (a browser's EventSource); needed only when reads are closed")),
    responses((status = 200, description = "event stream", content_type = "text/event-stream", body = SseEvent), (status = 400, description = "a bad parameter or field; the message names it", body = ErrorBody), (status = 401, description = "missing or wrong API key (or reads closed to callers without one)", body = ErrorBody)))]
pub(super) async fn stream(
    State(s): State<AppState>,
    Q(p): Q<AudienceParams>,
) -> Result<Response, ApiError> {
    let audience = p.audience();
    let today = p.today;
    s.metrics().streams.increment(1.0);
    let feed = Feed {
        rx: s.0.posted.subscribe(),
        stop: s.0.shutdown.subscribe(),
        open: Open(s.clone()),
        audience,
        today,
    };
    Ok(Sse::new(events(feed))
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response())
}

/// Bridge the engine's events to the live streams: every vacancy written (whatever the path: a
/// PUT, a bulk load, a console import, a catch-up) goes to `posted`. One thread per server; it
/// ends when the engine is dropped.
pub(super) fn forward_engine_events(
    engine: &std::sync::Arc<bole::Engine>,
    posted: tokio::sync::broadcast::Sender<String>,
) {
    let rx = engine.subscribe();
    let spawned = std::thread::Builder::new()
        .name("bole-live-events".into())
        .spawn(move || {
            while let Ok(ev) = rx.recv() {
                if let bole::events::Event::JobsChanged { upserted, .. } = &*ev {
                    if posted.receiver_count() == 0 {
                        continue;
                    }
                    for id in upserted {
                        let _ = posted.send(id.clone());
                    }
                }
            }
        });
    if let Err(e) = spawned {
        tracing::error!("live streams will not hear of new vacancies: {e}");
    }
}

fn events(feed: Feed) -> impl Stream<Item = Result<Event, Infallible>> {
    let ready = Event::default().event("ready").data("{}");
    let first = stream::once(async move { Ok::<_, Infallible>(ready) });
    let rest = stream::unfold(feed, |mut f| async move {
        loop {
            if *f.stop.borrow() {
                return None;
            }
            let got = tokio::select! {
                r = f.rx.recv() => r,
                _ = f.stop.changed() => return None,
            };
            match got {
                Ok(id) => {
                    let engine = f.open.0.engine().clone();
                    let Ok(e) = engine.job(&id) else { continue };
                    let today = f.today.unwrap_or_else(bole::model::today);
                    if engine.is_filled(&e.job) || !f.audience.admits(&e, engine.policy(), today) {
                        continue;
                    }
                    let opt = live::Options {
                        today,
                        hotline: f.open.0.hotline().map(str::to_string),
                        ..live::Options::default()
                    };
                    let pick = live::describe(&e, &f.audience, engine.policy(), &opt);
                    let ev = Event::default()
                        .event("job")
                        .id(pick.job_id.clone())
                        .json_data(&pick)
                        .unwrap_or_else(|_| {
                            Event::default().event("job").data(pick.job_id.clone())
                        });
                    return Some((Ok(ev), f));
                }
                Err(RecvError::Lagged(n)) => {
                    let ev = Event::default().event("lagged").data(n.to_string());
                    return Some((Ok(ev), f));
                }
                Err(RecvError::Closed) => return None,
            }
        }
    });
    stream::StreamExt::chain(first, rest)
}
