//! The one place where failures become HTTP statuses. Every error a client sees has the shape
//! `{"error":{"code":"…","message":"…"}}`, whichever layer produced it.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use bole::ErrorKind;

/// The code of a call whose work stopped because its request's time ran out.
pub const CANCELLED: &str = "cancelled";

/// An error answered to a client.
#[derive(Debug)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// Stable machine-readable code (`invalid_field`, `not_found`, …).
    pub code: &'static str,
    /// Human-readable message; for field errors it starts with the field path.
    pub message: String,
}

impl ApiError {
    /// A new error.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
        }
    }

    /// 400 naming a request parameter or body field.
    pub fn field(field: &str, reason: impl std::fmt::Display) -> Self {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_field",
            format!("field `{field}`: {reason}"),
        )
    }

    /// 401.
    pub fn unauthorized(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", message)
    }

    /// 404 for an id.
    pub fn not_found(kind: &str, id: &str) -> Self {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            format!("{kind} `{id}` not found"),
        )
    }

    /// 500 without internal detail beyond a short cause (the full error goes to the log).
    pub fn internal(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", message)
    }

    /// The JSON body.
    pub fn body(&self) -> String {
        serde_json::json!({"error": {"code": self.code, "message": self.message}}).to_string()
    }
}

impl From<bole::Error> for ApiError {
    fn from(e: bole::Error) -> Self {
        match e.kind() {
            ErrorKind::InvalidInput => {
                let code = match e {
                    bole::Error::Parse(_) => "invalid_json",
                    _ => "invalid_field",
                };
                ApiError::new(StatusCode::BAD_REQUEST, code, e.to_string())
            }
            ErrorKind::NotFound => ApiError::new(StatusCode::NOT_FOUND, "not_found", e.to_string()),
            ErrorKind::TooLarge => ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                e.to_string(),
            ),
            ErrorKind::StorageFull => {
                tracing::error!(error = %e, "write refused: disk full");
                ApiError::new(
                    StatusCode::INSUFFICIENT_STORAGE,
                    "insufficient_storage",
                    format!(
                        "the disk holding the data directory is full: nothing was stored; \
                         retry when space is freed ({e})"
                    ),
                )
            }
            ErrorKind::Unavailable if matches!(e, bole::Error::Cancelled) => {
                ApiError::new(StatusCode::SERVICE_UNAVAILABLE, CANCELLED, e.to_string())
            }
            ErrorKind::Unavailable => ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                e.to_string(),
            ),
            ErrorKind::Internal => {
                tracing::error!(error = %e, "internal error");
                ApiError::internal(e.to_string())
            }
        }
    }
}

impl From<tokio::task::JoinError> for ApiError {
    fn from(e: tokio::task::JoinError) -> Self {
        // A panic in engine code run off the async workers: the worker survives, the client gets 500.
        tracing::error!(error = %e, "blocking task failed");
        ApiError::internal("the request failed inside the engine")
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut r = (self.status, self.body()).into_response();
        r.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        r
    }
}

/// Code for a status produced by a layer rather than a handler (405, 408, 413, 503 …).
pub fn code_for(status: StatusCode) -> &'static str {
    match status {
        StatusCode::BAD_REQUEST => "bad_request",
        StatusCode::UNAUTHORIZED => "unauthorized",
        StatusCode::NOT_FOUND => "not_found",
        StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
        StatusCode::REQUEST_TIMEOUT
        | StatusCode::SERVICE_UNAVAILABLE
        | StatusCode::GATEWAY_TIMEOUT => "timeout",
        StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE => "header_too_large",
        StatusCode::PAYLOAD_TOO_LARGE => "payload_too_large",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
        s if s.is_server_error() => "internal",
        _ => "error",
    }
}

/// The answer when a handler panics: the panic message goes to the log, not to the client.
pub fn panic_response(err: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let msg = err
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| err.downcast_ref::<&str>().copied())
        .unwrap_or("unknown panic");
    tracing::error!(panic = msg, "handler panicked");
    ApiError::internal("the server failed while handling the request").into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engine_kinds_map_to_statuses() {
        let e: ApiError = bole::Error::field("salary.min", "bad").into();
        assert_eq!(e.status, StatusCode::BAD_REQUEST);
        assert!(e.message.contains("salary.min"));
        let e: ApiError = bole::Error::Parse("x".into()).into();
        assert_eq!(
            (e.status, e.code),
            (StatusCode::BAD_REQUEST, "invalid_json")
        );
        let e: ApiError = bole::Error::NotFound {
            kind: "job",
            id: "j".into(),
        }
        .into();
        assert_eq!(e.status, StatusCode::NOT_FOUND);
        let e: ApiError = bole::Error::store("disk").into();
        assert_eq!(e.status, StatusCode::INTERNAL_SERVER_ERROR);
        let v: serde_json::Value = serde_json::from_str(&e.body()).unwrap();
        assert_eq!(v["error"]["code"], "internal");
        let full = bole::Error::store_from(std::io::Error::from(std::io::ErrorKind::StorageFull));
        let e: ApiError = full.into();
        assert_eq!(e.status, StatusCode::INSUFFICIENT_STORAGE);
        assert!(e.message.contains("disk"), "{}", e.message);
    }
}
