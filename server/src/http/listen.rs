//! The accept loop: HTTP/1.1 connections served by hyper with the limits a slow or hostile client
//! meets — a header must arrive whole within `header_timeout` (which also closes a kept-alive
//! connection left idle that long), a header larger than `max_header_bytes` is answered 431 — and
//! a graceful stop that lets requests in flight finish.

use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;

/// Limits of the connections (from [`super::ServeConfig`]).
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Longest wait for a request's whole header, and for the next request on an idle
    /// kept-alive connection.
    pub header_timeout: Duration,
    /// Largest request header (request line and fields) in bytes; hyper's floor is 8 KiB.
    pub max_header_bytes: usize,
}

/// Serve `router` on `listener` until `stop` resolves, then stop accepting, ask every open
/// connection to close after its current request, and wait for them up to `drain`.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    stop: impl std::future::Future<Output = ()>,
    drain: Duration,
) {
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .max_buf_size(limits.max_header_bytes.max(8 * 1024))
        .keep_alive(true);
    let graceful = GracefulShutdown::new();
    tokio::pin!(stop);
    loop {
        let (stream, _) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(c) => c,
                Err(e) => {
                    // Out of file descriptors and the like: wait a little instead of spinning.
                    tracing::warn!("accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            _ = &mut stop => break,
        };
        let _ = stream.set_nodelay(true);
        let svc = TowerToHyperService::new(router.clone());
        let conn = http.serve_connection(TokioIo::new(stream), svc);
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            // A client that goes away or a header timeout ends the connection; nothing to report.
            let _ = conn.await;
        });
    }
    drop(listener);
    if tokio::time::timeout(drain, graceful.shutdown())
        .await
        .is_err()
    {
        eprintln!(
            "bole: requests still running after {}s; stopping",
            drain.as_secs()
        );
    }
}
