//! The web console (`/console/`): caseworker, livestream, batch and import views in Chinese, built
//! on the HTTP API.
//!
//! The files are compiled into the binary so `bole serve` on a data directory is still all a
//! county office runs: no separate web server, no build step, nothing else on disk. The pages are
//! plain HTML, CSS and an ES module; everything they show comes from the same API any other
//! client uses (plus the few helpers in [`super::console_api`]).

use axum::extract::Path;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;

use super::error::ApiError;
use super::AppState;

/// One embedded file.
struct Asset {
    name: &'static str,
    content_type: &'static str,
    body: &'static [u8],
}

/// Every file of the console; `index.html` is also what `/console/` answers.
const ASSETS: &[Asset] = &[
    Asset {
        name: "index.html",
        content_type: "text/html; charset=utf-8",
        body: include_bytes!("../../console/index.html"),
    },
    Asset {
        name: "app.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_bytes!("../../console/app.js"),
    },
    Asset {
        name: "style.css",
        content_type: "text/css; charset=utf-8",
        body: include_bytes!("../../console/style.css"),
    },
    Asset {
        name: "favicon.svg",
        content_type: "image/svg+xml",
        body: include_bytes!("../../console/favicon.svg"),
    },
];

/// The pages load nothing from elsewhere and run no inline code, so a strict policy costs nothing
/// and keeps an injected record text (a posting is untrusted input) from running as script.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; \
                   form-action 'self'";

/// Routes of the console's static files, and `/` sending a browser to them.
pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(root))
        .route("/console", get(root))
        .route("/console/", get(index))
        .route("/console/{file}", get(file))
}

/// Whether a matched route is one of the console's static files, which carry no data and so need
/// no key even when reads do (a browser cannot add a header to a page load).
pub(super) fn is_static_route(route: &str) -> bool {
    matches!(route, "/" | "/console" | "/console/" | "/console/{file}")
}

async fn root() -> Redirect {
    Redirect::to("/console/")
}

async fn index(headers: HeaderMap) -> Response {
    serve(&ASSETS[0], &headers)
}

async fn file(Path(name): Path<String>, headers: HeaderMap) -> Response {
    match ASSETS.iter().find(|a| a.name == name) {
        Some(a) => serve(a, &headers),
        None => ApiError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            format!("the console has no file `{name}`"),
        )
        .into_response(),
    }
}

/// FNV-1a of the bytes: a validator that changes whenever the binary ships a changed file, so a
/// browser revalidates cheaply (304) and never runs a stale script against a newer API.
fn etag(body: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in body {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("\"{h:016x}\"")
}

fn serve(a: &Asset, headers: &HeaderMap) -> Response {
    let tag = etag(a.body);
    let fresh = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == tag));
    let mut resp = if fresh {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        ([(header::CONTENT_TYPE, a.content_type)], a.body).into_response()
    };
    let h = resp.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&tag) {
        h.insert(header::ETAG, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    if a.content_type.starts_with("text/html") {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        );
    }
    resp
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use axum::body::Body;
    use axum::http::{Request, StatusCode};
    use tower::ServiceExt;

    use super::super::{app, AppState, ServeConfig};
    use super::*;

    /// A router over an empty engine; reads closed so the console's exemption is what is tested.
    fn router(open_reads: bool) -> (tempfile::TempDir, Router) {
        let dir = tempfile::tempdir().unwrap();
        let engine = Arc::new(bole::engine::Engine::open(dir.path()).unwrap());
        let cfg = ServeConfig {
            api_keys: vec!["k".into()],
            open_reads,
            ..Default::default()
        };
        (dir, app(AppState::new(engine, &cfg)))
    }

    async fn get(app: &Router, uri: &str, etag: Option<&str>) -> (StatusCode, HeaderMap, Vec<u8>) {
        let mut b = Request::builder().uri(uri);
        if let Some(t) = etag {
            b = b.header(header::IF_NONE_MATCH, t);
        }
        let resp = app
            .clone()
            .oneshot(b.body(Body::empty()).unwrap())
            .await
            .unwrap();
        let status = resp.status();
        let headers = resp.headers().clone();
        let body = axum::body::to_bytes(resp.into_body(), usize::MAX)
            .await
            .unwrap();
        (status, headers, body.to_vec())
    }

    fn content_type(h: &HeaderMap) -> &str {
        h.get(header::CONTENT_TYPE).unwrap().to_str().unwrap()
    }

    #[tokio::test]
    async fn console_serves_pages_and_assets_with_their_types() {
        let (_dir, app) = router(true);
        let (s, h, body) = get(&app, "/console/", None).await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(content_type(&h), "text/html; charset=utf-8");
        let html = String::from_utf8(body).unwrap();
        assert!(
            html.contains("人岗查询") && html.contains("直播带岗"),
            "{html}"
        );
        assert!(h.get(header::CONTENT_SECURITY_POLICY).is_some());
        for (path, ty, needle) in [
            (
                "/console/app.js",
                "text/javascript; charset=utf-8",
                "EventSource",
            ),
            ("/console/style.css", "text/css; charset=utf-8", ".card"),
            ("/console/favicon.svg", "image/svg+xml", "<svg"),
            (
                "/console/index.html",
                "text/html; charset=utf-8",
                "<!doctype html>",
            ),
        ] {
            let (s, h, body) = get(&app, path, None).await;
            assert_eq!(s, StatusCode::OK, "{path}");
            assert_eq!(content_type(&h), ty, "{path}");
            assert_eq!(h.get(header::X_CONTENT_TYPE_OPTIONS).unwrap(), "nosniff");
            assert!(String::from_utf8_lossy(&body).contains(needle), "{path}");
        }
    }

    #[tokio::test]
    async fn console_root_redirects_and_unknown_files_are_json_404() {
        let (_dir, app) = router(true);
        for from in ["/", "/console"] {
            let (s, h, _) = get(&app, from, None).await;
            assert!(s.is_redirection(), "{from}: {s}");
            assert_eq!(h.get(header::LOCATION).unwrap(), "/console/");
        }
        let (s, h, body) = get(&app, "/console/nope.js", None).await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        assert!(content_type(&h).starts_with("application/json"));
        let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(v["error"]["code"], "not_found");
    }

    #[tokio::test]
    async fn console_revalidates_with_etag() {
        let (_dir, app) = router(true);
        let (_, h, _) = get(&app, "/console/app.js", None).await;
        let tag = h.get(header::ETAG).unwrap().to_str().unwrap().to_string();
        let (s, _, body) = get(&app, "/console/app.js", Some(&tag)).await;
        assert_eq!(s, StatusCode::NOT_MODIFIED);
        assert!(body.is_empty());
        let (s, _, _) = get(&app, "/console/app.js", Some("\"stale\"")).await;
        assert_eq!(s, StatusCode::OK);
    }

    #[tokio::test]
    async fn console_files_need_no_key_when_reads_do() {
        let (_dir, app) = router(false);
        let (s, _, _) = get(&app, "/console/", None).await;
        assert_eq!(s, StatusCode::OK);
        let (s, _, _) = get(&app, "/console/app.js", None).await;
        assert_eq!(s, StatusCode::OK);
        // The data behind the pages stays closed.
        let (s, _, _) = get(&app, "/console/api/meta", None).await;
        assert_eq!(s, StatusCode::UNAUTHORIZED);
        let (s, _, _) = get(&app, "/v1/jobs/x", None).await;
        assert_eq!(s, StatusCode::UNAUTHORIZED);
    }

    #[test]
    fn every_asset_is_referenced_and_etags_differ() {
        let index = std::str::from_utf8(ASSETS[0].body).unwrap();
        for a in &ASSETS[1..] {
            assert!(
                index.contains(&format!("/console/{}", a.name)),
                "index.html does not load {}",
                a.name
            );
        }
        let tags: std::collections::HashSet<String> = ASSETS.iter().map(|a| etag(a.body)).collect();
        assert_eq!(tags.len(), ASSETS.len());
    }

    #[test]
    fn pages_run_no_inline_code() {
        // The CSP forbids inline script and style; a page that relied on them would break silently.
        let index = std::str::from_utf8(ASSETS[0].body).unwrap();
        assert!(!index.contains("<script>"), "inline script in index.html");
        assert!(!index.contains(" style=\""), "inline style in index.html");
        assert!(!index.contains("onclick="), "inline handler in index.html");
    }
}
