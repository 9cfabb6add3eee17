//! Request counters and latency histograms, rendered as Prometheus text at `GET /metrics`.
//!
//! Routes are recorded by their template (`/v1/jobs/{id}`), never by the concrete path, so the
//! number of series stays bounded whatever ids clients send.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

/// Upper bounds (seconds) of the latency histogram buckets.
const BUCKETS: [f64; 13] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];

#[derive(Default)]
struct RouteStats {
    by_status: BTreeMap<u16, u64>,
    buckets: [u64; BUCKETS.len()],
    sum: f64,
    count: u64,
}

/// Process-wide request metrics.
#[derive(Default)]
pub struct Metrics {
    routes: Mutex<BTreeMap<(String, String), RouteStats>>,
    /// Requests being handled now.
    pub in_flight: AtomicI64,
    /// Open live streams.
    pub streams: AtomicI64,
}

impl Metrics {
    /// Record one finished request.
    pub fn observe(&self, method: &str, route: &str, status: u16, elapsed: Duration) {
        let secs = elapsed.as_secs_f64();
        let Ok(mut m) = self.routes.lock() else {
            return;
        };
        let s = m
            .entry((method.to_string(), route.to_string()))
            .or_default();
        *s.by_status.entry(status).or_default() += 1;
        if let Some(i) = BUCKETS.iter().position(|b| secs <= *b) {
            s.buckets[i] += 1;
        }
        s.sum += secs;
        s.count += 1;
    }

    /// Prometheus text exposition (version 0.0.4). `records` and `segments` are `(side, count)`
    /// gauges: records held, and full-text index segments.
    /// `cache` is the engine's kept profiles of people.
    pub fn render(
        &self,
        records: &[(&str, u64)],
        segments: &[(&str, u64)],
        cache: bole::CacheStats,
    ) -> String {
        let mut out = String::new();
        let routes = match self.routes.lock() {
            Ok(m) => m,
            Err(p) => p.into_inner(),
        };
        out.push_str("# HELP bole_http_requests_total HTTP requests answered, by route template and status.\n");
        out.push_str("# TYPE bole_http_requests_total counter\n");
        for ((method, route), s) in routes.iter() {
            for (status, n) in &s.by_status {
                let _ = writeln!(
                    out,
                    "bole_http_requests_total{{method=\"{method}\",route=\"{}\",status=\"{status}\"}} {n}",
                    escape(route)
                );
            }
        }
        out.push_str(
            "# HELP bole_http_request_duration_seconds Time from request to response head.\n",
        );
        out.push_str("# TYPE bole_http_request_duration_seconds histogram\n");
        for ((method, route), s) in routes.iter() {
            let labels = format!("method=\"{method}\",route=\"{}\"", escape(route));
            let mut cum = 0;
            for (b, n) in BUCKETS.iter().zip(s.buckets.iter()) {
                cum += n;
                let _ = writeln!(
                    out,
                    "bole_http_request_duration_seconds_bucket{{{labels},le=\"{b}\"}} {cum}"
                );
            }
            let _ = writeln!(
                out,
                "bole_http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {}",
                s.count
            );
            let _ = writeln!(
                out,
                "bole_http_request_duration_seconds_sum{{{labels}}} {}",
                s.sum
            );
            let _ = writeln!(
                out,
                "bole_http_request_duration_seconds_count{{{labels}}} {}",
                s.count
            );
        }
        drop(routes);
        out.push_str("# HELP bole_http_requests_in_flight Requests being handled.\n");
        out.push_str("# TYPE bole_http_requests_in_flight gauge\n");
        let _ = writeln!(
            out,
            "bole_http_requests_in_flight {}",
            self.in_flight.load(Ordering::Relaxed)
        );
        out.push_str("# HELP bole_live_streams Open livestream event streams.\n");
        out.push_str("# TYPE bole_live_streams gauge\n");
        let _ = writeln!(
            out,
            "bole_live_streams {}",
            self.streams.load(Ordering::Relaxed)
        );
        out.push_str("# HELP bole_records Records held, by side.\n");
        out.push_str("# TYPE bole_records gauge\n");
        for (side, n) in records {
            let _ = writeln!(out, "bole_records{{side=\"{side}\"}} {n}");
        }
        out.push_str("# HELP bole_index_segments Full-text index segments, by side.\n");
        out.push_str("# TYPE bole_index_segments gauge\n");
        for (side, n) in segments {
            let _ = writeln!(out, "bole_index_segments{{side=\"{side}\"}} {n}");
        }
        out.push_str(
            "# HELP bole_profile_cache_entries People whose derived profiles are kept between calls.\n",
        );
        out.push_str("# TYPE bole_profile_cache_entries gauge\n");
        let _ = writeln!(out, "bole_profile_cache_entries {}", cache.entries);
        out.push_str("# HELP bole_profile_cache_capacity About the most profiles kept.\n");
        out.push_str("# TYPE bole_profile_cache_capacity gauge\n");
        let _ = writeln!(out, "bole_profile_cache_capacity {}", cache.capacity);
        out.push_str(
            "# HELP bole_profile_cache_lookups_total Profile lookups, by whether one was kept.\n",
        );
        out.push_str("# TYPE bole_profile_cache_lookups_total counter\n");
        let _ = writeln!(
            out,
            "bole_profile_cache_lookups_total{{result=\"hit\"}} {}",
            cache.hits
        );
        let _ = writeln!(
            out,
            "bole_profile_cache_lookups_total{{result=\"miss\"}} {}",
            cache.misses
        );
        out
    }
}

fn escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_counters_and_cumulative_buckets() {
        let m = Metrics::default();
        m.observe("GET", "/v1/jobs/{id}", 200, Duration::from_micros(300));
        m.observe("GET", "/v1/jobs/{id}", 404, Duration::from_millis(20));
        let cache = bole::CacheStats {
            entries: 5,
            capacity: 200,
            hits: 7,
            misses: 5,
        };
        let t = m.render(&[("jobs", 3)], &[("jobs", 2)], cache);
        assert!(t.contains("# TYPE bole_http_requests_total counter"));
        assert!(t.contains(
            "bole_http_requests_total{method=\"GET\",route=\"/v1/jobs/{id}\",status=\"404\"} 1"
        ));
        assert!(t.contains("le=\"0.0005\"} 1"));
        assert!(t.contains("le=\"0.025\"} 2"));
        assert!(t.contains("le=\"+Inf\"} 2"));
        assert!(t.contains("bole_records{side=\"jobs\"} 3"));
        assert!(t.contains("bole_index_segments{side=\"jobs\"} 2"));
        assert!(t.contains("# TYPE bole_profile_cache_lookups_total counter"));
        assert!(t.contains("bole_profile_cache_entries 5\n"));
        assert!(t.contains("bole_profile_cache_capacity 200\n"));
        assert!(t.contains("bole_profile_cache_lookups_total{result=\"hit\"} 7\n"));
        assert!(t.contains("bole_profile_cache_lookups_total{result=\"miss\"} 5\n"));
    }
}
