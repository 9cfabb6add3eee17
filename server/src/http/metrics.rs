//! Request counters and latency histograms through the `metrics` facade, rendered as Prometheus
//! text at `GET /metrics` by `metrics-exporter-prometheus`.
//!
//! Routes are recorded by their template (`/v1/jobs/{id}`), never by the concrete path, so the
//! number of series stays bounded whatever ids clients send. The recorder belongs to the server
//! (not installed globally), so two servers in one process (the tests) never mix their figures.
//!
//! The hot path takes no lock and allocates nothing: every served route template has a slot made
//! when the server starts, whose counter and histogram handles are registered the first time a
//! (method, status) pair is seen and then reached through a `OnceLock` (an atomic load). Only a
//! status or method outside the tables below takes the registry's slower keyed path.

use std::collections::HashMap;
use std::sync::OnceLock;
use std::time::Duration;

use axum::http::Method;
use metrics::{Counter, Gauge, Histogram, Key, Label, Recorder};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle, PrometheusRecorder};

/// Upper bounds (seconds) of the latency histogram buckets.
const BUCKETS: [f64; 13] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];

const REQUESTS: &str = "bole_http_requests_total";
const DURATION: &str = "bole_http_request_duration_seconds";

/// Methods with a slot of their own (anything else takes the keyed path).
const METHODS: [Method; 5] = [
    Method::GET,
    Method::POST,
    Method::PUT,
    Method::DELETE,
    Method::HEAD,
];

/// Statuses with a slot of their own (anything else takes the keyed path).
const STATUSES: [u16; 20] = [
    200, 201, 202, 204, 304, 307, 308, 400, 401, 404, 405, 408, 409, 410, 413, 415, 429, 500, 503,
    504,
];

/// Name of the route label for requests no route matched.
pub const UNMATCHED: &str = "unmatched";

/// The handles of one route template.
struct Slot {
    route: &'static str,
    latency: [OnceLock<Histogram>; METHODS.len()],
    counts: [[OnceLock<Counter>; STATUSES.len()]; METHODS.len()],
}

impl Slot {
    fn new(route: &'static str) -> Slot {
        Slot {
            route,
            latency: Default::default(),
            counts: Default::default(),
        }
    }
}

/// Counts one up on a gauge while alive.
pub struct InFlight<'a>(&'a Gauge);

impl<'a> InFlight<'a> {
    /// Count one up until dropped.
    pub fn new(g: &'a Gauge) -> InFlight<'a> {
        g.increment(1.0);
        InFlight(g)
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.decrement(1.0);
    }
}

/// Process-wide request metrics of one server.
pub struct Metrics {
    recorder: PrometheusRecorder,
    handle: PrometheusHandle,
    slots: HashMap<&'static str, Slot>,
    /// Requests being handled now.
    pub in_flight: Gauge,
    /// Open live streams.
    pub streams: Gauge,
    /// CPU-heavy engine calls running (a call whose request timed out counts until it stops).
    pub heavy_running: Gauge,
    /// CPU-heavy engine calls stopped because their request's time ran out.
    pub heavy_cancelled: metrics::Counter,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new(&[])
    }
}

fn status_label(status: u16) -> Label {
    Label::new("status", status.to_string())
}

impl Metrics {
    /// Metrics for a server whose routes are `routes` (templates as the router matches them).
    pub fn new(routes: &[&'static str]) -> Metrics {
        let recorder = PrometheusBuilder::new()
            .set_buckets_for_metric(
                metrics_exporter_prometheus::Matcher::Full(DURATION.into()),
                &BUCKETS,
            )
            .expect("the bucket list is not empty")
            .build_recorder();
        let handle = recorder.handle();
        let describe = |name: &'static str, kind: &str, help: &'static str| {
            let (name, help) = (name.into(), help.into());
            match kind {
                "counter" => recorder.describe_counter(name, None, help),
                "gauge" => recorder.describe_gauge(name, None, help),
                _ => recorder.describe_histogram(name, None, help),
            }
        };
        describe(
            REQUESTS,
            "counter",
            "HTTP requests answered, by route template and status.",
        );
        describe(DURATION, "histogram", "Time from request to response head.");
        describe(
            "bole_http_requests_in_flight",
            "gauge",
            "Requests being handled.",
        );
        describe(
            "bole_live_streams",
            "gauge",
            "Open livestream event streams.",
        );
        describe(
            "bole_heavy_running",
            "gauge",
            "CPU-heavy engine calls running (matching, search, live picks); a call whose request timed out counts until it has stopped.",
        );
        describe(
            "bole_heavy_cancelled_total",
            "counter",
            "CPU-heavy engine calls stopped because their request's time ran out.",
        );
        describe("bole_records", "gauge", "Records held, by side.");
        describe(
            "bole_index_segments",
            "gauge",
            "Full-text index segments, by side.",
        );
        describe(
            "bole_profile_cache_entries",
            "gauge",
            "People whose derived profiles are kept between calls.",
        );
        describe(
            "bole_profile_cache_capacity",
            "gauge",
            "About the most profiles kept.",
        );
        describe(
            "bole_profile_cache_lookups_total",
            "counter",
            "Profile lookups, by whether one was kept.",
        );
        let meta = metrics::Metadata::new(module_path!(), metrics::Level::INFO, None);
        let in_flight = recorder.register_gauge(
            &Key::from_static_name("bole_http_requests_in_flight"),
            &meta,
        );
        let streams = recorder.register_gauge(&Key::from_static_name("bole_live_streams"), &meta);
        let heavy_running =
            recorder.register_gauge(&Key::from_static_name("bole_heavy_running"), &meta);
        let heavy_cancelled =
            recorder.register_counter(&Key::from_static_name("bole_heavy_cancelled_total"), &meta);
        in_flight.set(0.0);
        streams.set(0.0);
        heavy_running.set(0.0);
        heavy_cancelled.absolute(0);
        let slots = routes
            .iter()
            .chain(std::iter::once(&UNMATCHED))
            .map(|r| (*r, Slot::new(r)))
            .collect();
        Metrics {
            recorder,
            handle,
            slots,
            in_flight,
            streams,
            heavy_running,
            heavy_cancelled,
        }
    }

    fn meta() -> metrics::Metadata<'static> {
        metrics::Metadata::new(module_path!(), metrics::Level::INFO, None)
    }

    fn counter(&self, method: &Method, route: &str, status: u16) -> Counter {
        let key = Key::from_parts(
            REQUESTS,
            vec![
                Label::new("method", method.as_str().to_string()),
                Label::new("route", route.to_string()),
                status_label(status),
            ],
        );
        self.recorder.register_counter(&key, &Self::meta())
    }

    fn histogram(&self, method: &Method, route: &str) -> Histogram {
        let key = Key::from_parts(
            DURATION,
            vec![
                Label::new("method", method.as_str().to_string()),
                Label::new("route", route.to_string()),
            ],
        );
        self.recorder.register_histogram(&key, &Self::meta())
    }

    /// Record one finished request (`route`: the matched template, or [`UNMATCHED`]).
    pub fn observe(&self, method: &Method, route: &str, status: u16, elapsed: Duration) {
        let secs = elapsed.as_secs_f64();
        let slot = self.slots.get(route);
        let m = METHODS.iter().position(|x| x == method);
        let (Some(slot), Some(m)) = (slot, m) else {
            // A route or method outside the tables: the registry's keyed path.
            self.counter(method, route, status).increment(1);
            self.histogram(method, route).record(secs);
            return;
        };
        slot.latency[m]
            .get_or_init(|| self.histogram(method, slot.route))
            .record(secs);
        match STATUSES.iter().position(|s| *s == status) {
            Some(i) => slot.counts[m][i]
                .get_or_init(|| self.counter(method, slot.route, status))
                .increment(1),
            None => self.counter(method, slot.route, status).increment(1),
        }
    }

    /// Prometheus text exposition (version 0.0.4). `records` and `segments` are `(side, count)`
    /// gauges: records held, and full-text index segments.
    /// `cache` is the engine's kept profiles of people.
    pub fn render(
        &self,
        records: &[(&'static str, u64)],
        segments: &[(&'static str, u64)],
        cache: bole::CacheStats,
    ) -> String {
        let meta = Self::meta();
        let gauge = |name: &'static str, labels: Vec<Label>, v: u64| {
            self.recorder
                .register_gauge(&Key::from_parts(name, labels), &meta)
                .set(v as f64);
        };
        for (side, n) in records {
            gauge("bole_records", vec![Label::new("side", *side)], *n);
        }
        for (side, n) in segments {
            gauge("bole_index_segments", vec![Label::new("side", *side)], *n);
        }
        gauge("bole_profile_cache_entries", vec![], cache.entries);
        gauge("bole_profile_cache_capacity", vec![], cache.capacity);
        for (result, n) in [("hit", cache.hits), ("miss", cache.misses)] {
            let key = Key::from_parts(
                "bole_profile_cache_lookups_total",
                vec![Label::new("result", result)],
            );
            self.recorder.register_counter(&key, &meta).absolute(n);
        }
        self.handle.render()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_counters_and_cumulative_buckets() {
        let m = Metrics::new(&["/v1/jobs/{id}"]);
        m.observe(
            &Method::GET,
            "/v1/jobs/{id}",
            200,
            Duration::from_micros(300),
        );
        m.observe(
            &Method::GET,
            "/v1/jobs/{id}",
            404,
            Duration::from_millis(20),
        );
        // Outside the tables: the keyed path counts the same way.
        m.observe(&Method::PATCH, "/elsewhere", 418, Duration::from_millis(1));
        m.observe(&Method::GET, "/v1/jobs/{id}", 418, Duration::from_millis(1));
        let cache = bole::CacheStats {
            entries: 5,
            capacity: 200,
            hits: 7,
            misses: 5,
        };
        let t = m.render(&[("jobs", 3)], &[("jobs", 2)], cache);
        assert!(t.contains("# TYPE bole_http_requests_total counter"), "{t}");
        assert!(t.contains("# HELP bole_http_requests_total HTTP requests answered"));
        assert!(t.contains(
            "bole_http_requests_total{method=\"GET\",route=\"/v1/jobs/{id}\",status=\"404\"} 1"
        ));
        assert!(t.contains(
            "bole_http_requests_total{method=\"GET\",route=\"/v1/jobs/{id}\",status=\"418\"} 1"
        ));
        assert!(t.contains(
            "bole_http_requests_total{method=\"PATCH\",route=\"/elsewhere\",status=\"418\"} 1"
        ));
        assert!(t.contains("# TYPE bole_http_request_duration_seconds histogram"));
        let bucket = |le: &str| {
            format!("bole_http_request_duration_seconds_bucket{{method=\"GET\",route=\"/v1/jobs/{{id}}\",le=\"{le}\"}} ")
        };
        assert!(t.contains(&format!("{}1\n", bucket("0.0005"))), "{t}");
        assert!(t.contains(&format!("{}2\n", bucket("0.0025"))), "{t}");
        assert!(t.contains(&format!("{}3\n", bucket("0.025"))), "{t}");
        assert!(t.contains(&format!("{}3\n", bucket("+Inf"))), "{t}");
        assert!(t.contains("bole_http_requests_in_flight 0\n"));
        assert!(t.contains("bole_live_streams 0\n"));
        assert!(t.contains("bole_records{side=\"jobs\"} 3"));
        assert!(t.contains("bole_index_segments{side=\"jobs\"} 2"));
        assert!(t.contains("# TYPE bole_profile_cache_lookups_total counter"));
        assert!(t.contains("bole_profile_cache_entries 5\n"));
        assert!(t.contains("bole_profile_cache_capacity 200\n"));
        assert!(t.contains("bole_profile_cache_lookups_total{result=\"hit\"} 7\n"));
        assert!(t.contains("bole_profile_cache_lookups_total{result=\"miss\"} 5\n"));
    }
}
