//! Shared helpers for bole benchmarks.

/// The `p` quantile (0–1) of `v` (sorted in place), nearest rank.
pub fn pct(v: &mut [f64], p: f64) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[((v.len() as f64 - 1.0) * p).round() as usize]
}

/// Run `f` inside a one-thread rayon pool, so the engine's parallel loops execute inline on the
/// measuring thread: a single-threaded latency figure then counts all of the work.
pub fn on_one_thread<R: Send>(f: impl FnOnce() -> R + Send) -> R {
    rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("thread pool")
        .install(f)
}
