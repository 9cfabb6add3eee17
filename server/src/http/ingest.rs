//! One import of a request body, for the bulk endpoints and the console upload alike: the
//! engine's one way in ([`bole::ingest`]) answered with its one report ([`ImportReport`]).

use bole::import::{Format, ImportReport};
use bole::ingest::{OnCommit, Options};

use super::blocking;
use super::error::ApiError;
use super::params::Body;
use super::AppState;

/// Most records in one body (a county's export fits; bigger files go through `bole import`).
pub(super) const MAX_RECORDS: usize = 100_000;

/// Which records a body holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Side {
    Jobs,
    Candidates,
    /// Outcome events (a JSON array or JSON Lines).
    Events,
}

/// Read the whole body (refusing more than [`MAX_RECORDS`] before anything is stored), store its
/// good records in one durable commit (the engine announces them to live streams), and report every
/// rejected line. A body without a single record is a 400 naming the body.
pub(super) async fn import(
    s: &AppState,
    side: Side,
    format: Format,
    body: Body,
) -> Result<ImportReport, ApiError> {
    let bytes = body.0;
    // New vacancies reach live streams through the engine's write events, whatever the path.
    let report = blocking(s, move |e| {
        Ok(match side {
            Side::Jobs => e.import_jobs(&bytes[..], format, options(None))?,
            Side::Candidates => e.import_candidates(&bytes[..], format, options(None))?,
            Side::Events => e.import_events(&bytes[..], format, options(None))?,
        })
    })
    .await?;
    if report.received == 0 {
        return Err(ApiError::field(
            "body",
            "holds no records: send one JSON record per line or a JSON array (or, for jobs, a platform CSV with rows)",
        ));
    }
    Ok(report)
}

fn options<T>(on_commit: Option<OnCommit<'_, T>>) -> Options<'_, T> {
    Options {
        batch: MAX_RECORDS,
        limit: Some(MAX_RECORDS),
        on_commit,
    }
}

#[cfg(test)]
mod tests;
