//! One error type for the engine; the server maps [`ErrorKind`] to HTTP statuses in one place.

/// What went wrong, coarsely: decides the HTTP status and the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The caller sent something malformed (a bad field, bad JSON, a bad file line).
    InvalidInput,
    /// The record asked for does not exist.
    NotFound,
    /// The input holds more than a stated limit allows (records in one body).
    TooLarge,
    /// The disk holding the data directory is full: nothing was stored; retry when space is back.
    StorageFull,
    /// The store cannot serve the call now (it is read-only, or reopening after an I/O error);
    /// the message says why.
    Unavailable,
    /// Storage, index or other internal failure.
    Internal,
}

/// The cause an error keeps (an I/O error, redb's or tantivy's own error …).
pub type Source = Box<dyn std::error::Error + Send + Sync + 'static>;

/// The engine's error.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A field of a record broke a rule. `field` is a JSON path such as `salary.min`.
    #[error("field `{field}`: {reason}")]
    Field {
        /// JSON path of the offending field.
        field: String,
        /// Why it was rejected.
        reason: String,
    },
    /// Input that is not valid JSON/CSV at all.
    #[error("parse error: {0}")]
    Parse(String),
    /// More records than one input may hold.
    #[error("too large: {0}")]
    TooLarge(String),
    /// Unknown id.
    #[error("{kind} `{id}` not found")]
    NotFound {
        /// `job` or `candidate`.
        kind: &'static str,
        /// The id asked for.
        id: String,
    },
    /// Storage failure. `message` reads whole (it includes the cause's text); `source` keeps the
    /// cause itself, e.g. the [`std::io::Error`] whose kind is `StorageFull`.
    #[error("store: {message}")]
    Store {
        /// What failed, readable on its own.
        message: String,
        /// The underlying error, when there is one.
        #[source]
        source: Option<Source>,
    },
    /// The store refuses the call for now: read-only, or reopening after an I/O error.
    #[error("store unavailable: {0}")]
    Unavailable(String),
    /// The caller gave up on the call (its time ran out); the work stopped at a checkpoint.
    #[error("cancelled: the request's time ran out and its work was stopped")]
    Cancelled,
    /// Index failure (same shape as [`Error::Store`]).
    #[error("index: {message}")]
    Index {
        /// What failed, readable on its own.
        message: String,
        /// The underlying error, when there is one.
        #[source]
        source: Option<Source>,
    },
    /// Filesystem failure.
    #[error("io: {0}")]
    Io(#[from] std::io::Error),
}

impl Error {
    /// The coarse kind of this error.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Field { .. } | Error::Parse(_) => ErrorKind::InvalidInput,
            Error::NotFound { .. } => ErrorKind::NotFound,
            Error::TooLarge(_) => ErrorKind::TooLarge,
            Error::Unavailable(_) | Error::Cancelled => ErrorKind::Unavailable,
            _ if self.io_kind() == Some(std::io::ErrorKind::StorageFull) => ErrorKind::StorageFull,
            Error::Store { .. } | Error::Index { .. } | Error::Io(_) => ErrorKind::Internal,
        }
    }

    /// A store error with no underlying cause.
    pub fn store(message: impl Into<String>) -> Self {
        Error::Store {
            message: message.into(),
            source: None,
        }
    }

    /// A store error caused by `source` (its text becomes the message).
    pub fn store_from(source: impl Into<Source>) -> Self {
        let source = source.into();
        Error::Store {
            message: source.to_string(),
            source: Some(source),
        }
    }

    /// An index error with no underlying cause.
    pub fn index(message: impl Into<String>) -> Self {
        Error::Index {
            message: message.into(),
            source: None,
        }
    }

    /// An index error caused by `source`, with `context` (a path, what was being done) before it.
    pub fn index_from(context: impl std::fmt::Display, source: impl Into<Source>) -> Self {
        let source = source.into();
        let context = context.to_string();
        Error::Index {
            message: if context.is_empty() {
                source.to_string()
            } else {
                format!("{context}: {source}")
            },
            source: Some(source),
        }
    }

    /// The kind of the I/O error at the root of this one, if any (`StorageFull` for a full disk).
    pub fn io_kind(&self) -> Option<std::io::ErrorKind> {
        let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(self);
        while let Some(e) = cur {
            if let Some(io) = e.downcast_ref::<std::io::Error>() {
                // An I/O error may itself wrap one (tantivy, redb backends): prefer the innermost.
                return Some(
                    io.get_ref()
                        .and_then(|inner| inner.downcast_ref::<std::io::Error>())
                        .map_or(io.kind(), |i| i.kind()),
                );
            }
            cur = e.source();
        }
        None
    }
    /// Shorthand for a field error.
    pub fn field(field: impl Into<String>, reason: impl Into<String>) -> Self {
        Error::Field {
            field: field.into(),
            reason: reason.into(),
        }
    }
}

/// Engine result.
pub type Result<T, E = Error> = std::result::Result<T, E>;
