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
    /// Storage, index or other internal failure.
    Internal,
}

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
    /// Storage failure.
    #[error("store: {0}")]
    Store(String),
    /// Index failure.
    #[error("index: {0}")]
    Index(String),
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
            Error::Store(_) | Error::Index(_) | Error::Io(_) => ErrorKind::Internal,
        }
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
