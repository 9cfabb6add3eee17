//! What happened after a recommendation? Outcome events — a person shown, applying, interviewed,
//! hired, rejected or withdrawing for a vacancy — stored durably beside the records and counted
//! in memory ([`Tally`]), so a filled vacancy leaves recommendations, a hired person leaves
//! vacancy → people answers and a batch assignment takes open places instead of headcounts.
//!
//! An event is `{id, type, candidate_id, job_id, at, source}` (docs/SCHEMA.md, "Outcome
//! events"). Events are idempotent by `id`: the first stored with an id is kept and a repeat is
//! counted as a duplicate, never stored twice nor an error. They are never replaced or deleted.

use serde::{Deserialize, Serialize};

use crate::date::{china_day, days_of};
use crate::error::{Error, Result};
use crate::import::Importable;
use crate::model::{check_id_field, limits};

pub mod congestion;
mod tally;

pub use congestion::{Congestion, Forecast};
pub use tally::{HiredSet, HiresMap, JobOutcomes, Load, RegionOutcomes, Tally, TypeCounts};

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub enum OutcomeType {
    /// The vacancy was shown to the person (a recommendation, a live pick, a roster line).
    Shown,
    /// The person applied.
    Applied,
    /// The person was interviewed.
    Interviewed,
    /// The person was hired: one place of the vacancy is taken.
    Hired,
    /// The employer turned the person down.
    Rejected,
    /// The person withdrew.
    Withdrawn,
}

impl OutcomeType {
    /// Every type, in the order of [`TypeCounts`].
    pub const ALL: [OutcomeType; 6] = [
        OutcomeType::Shown,
        OutcomeType::Applied,
        OutcomeType::Interviewed,
        OutcomeType::Hired,
        OutcomeType::Rejected,
        OutcomeType::Withdrawn,
    ];

    /// Position in [`OutcomeType::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

/// Who reported it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub enum OutcomeSource {
    /// The job platform (clicks, applications made there).
    Platform,
    /// A livestream recruitment show.
    Live,
    /// A caseworker of the employment office.
    Caseworker,
    /// A batch assignment (一对一 roster) and its follow-up.
    Assignment,
}

/// One outcome event (docs/SCHEMA.md, "Outcome events").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct OutcomeEvent {
    /// The event's own id: a repeated id is the same event, stored once.
    pub id: String,
    /// What happened.
    #[serde(rename = "type")]
    pub kind: OutcomeType,
    /// The person (a stored candidate's id).
    pub candidate_id: String,
    /// The vacancy (a stored job's id).
    pub job_id: String,
    /// When: an RFC 3339 timestamp with its offset (`2026-12-07T10:30:00+08:00`) or a date
    /// (`2026-12-07`, China's civil date).
    pub at: String,
    /// Who reported it.
    pub source: OutcomeSource,
}

/// The day (China's civil date, days since 1970-01-01) of an event's `at`, or why it is not one.
pub fn day_of_at(at: &str) -> Result<i64> {
    let t = at.trim();
    let day = if let Ok(ts) = t.parse::<jiff::Timestamp>() {
        china_day(ts)
    } else if let Ok(d) = t.parse::<jiff::civil::Date>() {
        if t.len() != 10 {
            return Err(bad_at(at));
        }
        days_of(d)
    } else {
        return Err(bad_at(at));
    };
    let year = crate::date::date_of(day).map(|d| i64::from(d.year()));
    if !year.is_some_and(|y| limits::YEARS.contains(&y)) {
        return Err(Error::field(
            "at",
            format!(
                "`{at}` is outside the years {}–{}",
                limits::YEARS.start(),
                limits::YEARS.end()
            ),
        ));
    }
    Ok(day)
}

fn bad_at(at: &str) -> Error {
    Error::field(
        "at",
        format!(
            "`{at}` is neither an RFC 3339 timestamp with an offset \
             (2026-12-07T10:30:00+08:00) nor a date (2026-12-07)"
        ),
    )
}

impl OutcomeEvent {
    /// Check the rules of docs/SCHEMA.md beyond types; the error names the field. Whether the
    /// person and the vacancy exist is checked when the event is stored.
    pub fn validate(&self) -> Result<()> {
        check_id_field("id", &self.id)?;
        check_id_field("candidate_id", &self.candidate_id)?;
        check_id_field("job_id", &self.job_id)?;
        self.day().map(|_| ())
    }

    /// The day of the event (China's civil date, days since 1970-01-01).
    pub fn day(&self) -> Result<i64> {
        day_of_at(&self.at)
    }
}

impl Importable for OutcomeEvent {
    fn check(&self) -> Result<()> {
        self.validate()
    }
}

/// What storing one event did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventWrite {
    /// Stored now.
    Inserted,
    /// An event with this id was stored before: kept as it was.
    Duplicate,
    /// Not stored: the person or the vacancy it names is not held.
    Refused {
        /// `candidate_id` or `job_id`.
        field: &'static str,
        /// Why, naming the id.
        reason: String,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::from_json;

    fn ev(text: &str) -> Result<OutcomeEvent> {
        let e: OutcomeEvent = from_json(text)?;
        e.validate().map(|_| e)
    }

    fn field_of(r: Result<OutcomeEvent>) -> String {
        match r {
            Err(Error::Field { field, .. }) => field,
            other => panic!("expected a field error, got {other:?}"),
        }
    }

    #[test]
    fn events_read_and_errors_name_the_field() {
        let ok = ev(r#"{"id":"e1","type":"hired","candidate_id":"c1","job_id":"j1","at":"2026-12-07T10:30:00+08:00","source":"caseworker"}"#).unwrap();
        assert_eq!(ok.kind, OutcomeType::Hired);
        assert_eq!(
            ok.day().unwrap(),
            crate::date::parse_date("2026-12-07").unwrap()
        );
        // A UTC instant late on the 6th is the 7th in China.
        let late = ev(r#"{"id":"e2","type":"applied","candidate_id":"c1","job_id":"j1","at":"2026-12-06T17:00:00Z","source":"platform"}"#).unwrap();
        assert_eq!(late.day().unwrap(), ok.day().unwrap());
        let date = ev(r#"{"id":"e3","type":"shown","candidate_id":"c1","job_id":"j1","at":"2026-12-07","source":"live"}"#).unwrap();
        assert_eq!(date.day().unwrap(), ok.day().unwrap());
        let base = |k: &str, v: &str| {
            let mut o: serde_json::Map<String, serde_json::Value> = serde_json::from_str(
                r#"{"id":"e","type":"hired","candidate_id":"c","job_id":"j","at":"2026-12-07","source":"platform"}"#,
            )
            .unwrap();
            o.insert(k.into(), serde_json::from_str(v).unwrap());
            serde_json::Value::Object(o).to_string()
        };
        for (k, v) in [
            ("type", r#""offered""#),
            ("source", r#""phone""#),
            ("at", r#""yesterday""#),
            ("at", r#""2026-12-07T10:30:00""#),
            ("at", r#""2026-13-01""#),
            ("at", r#""1900-01-01""#),
            ("job_id", r#""""#),
            ("candidate_id", r#""a/b""#),
            ("id", "7"),
        ] {
            assert_eq!(field_of(ev(&base(k, v))), k, "{k} = {v}");
        }
        assert_eq!(field_of(ev(&base("note", r#""x""#))), "note");
        let missing =
            r#"{"id":"e","type":"hired","job_id":"j","at":"2026-12-07","source":"platform"}"#;
        assert_eq!(field_of(ev(missing)), "candidate_id");
    }
}
