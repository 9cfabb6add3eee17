//! The limits of the record contract (docs/SCHEMA.md, "Limits"): sizes and value ranges, stated
//! once here and enforced by `validate()`, so every way in (CLI, HTTP, console, library) refuses
//! the same records with the same field named.
//!
//! Chosen so that all 36,171 real postings and the corpus fixtures pass while garbage does not
//! (the largest real title is 60 characters, description 7,046, skills 30 tags of at most 26
//! characters, pay 800,000 a month, experience 10 years).

use crate::error::{Error, Result};

pub mod patterns;

/// Longest id, in bytes.
pub const MAX_ID_BYTES: usize = 256;
/// Longest title (a job's `title`, a past job's, a wanted one), in characters.
pub const MAX_TITLE_CHARS: usize = 200;
/// Longest one-line text (`employer`, `education`, `source`, `major`, `region` …), in characters.
pub const MAX_TEXT_CHARS: usize = 500;
/// Longest free text (`description`, `summary`, a past job's `description`), in characters.
pub const MAX_LONG_TEXT_CHARS: usize = 20_000;
/// Most items in any list (`skills`, `benefits`, `certificates`, `experience`, `groups` …).
pub const MAX_ITEMS: usize = 100;
/// Longest list item (a skill, a benefit, a certificate, a wanted region), in characters.
pub const MAX_ITEM_CHARS: usize = 100;
/// Most places one vacancy may offer.
pub const MAX_HEADCOUNT: u32 = 10_000;
/// Highest monthly pay in CNY (`salary.min`, `salary.max`, `desired.salary_min`).
pub const MAX_MONTHLY_PAY: f64 = 1_000_000.0;
/// Most years of experience (required by a job, or in one past job).
pub const MAX_YEARS: f64 = 60.0;
/// Longest daily commute a person may state, in km.
pub const MAX_COMMUTE_KM: f64 = 1_000.0;
/// Months of pay a year (`salary.months`: 13th, 14th month …).
pub const MONTHS: std::ops::RangeInclusive<u32> = 1..=24;
/// Earliest and latest year of any date.
pub const YEARS: std::ops::RangeInclusive<i64> = 1950..=2100;
/// How far after today a vacancy's `posted_at` may lie (clock skew, time zones, scheduled posts).
pub const POSTED_AHEAD_DAYS: i64 = 31;

/// What a text field may hold.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Text {
    /// One line shown as is (titles, names, tags): no bidirectional controls at all.
    Line,
    /// Free text (descriptions, résumés): bidirectional embeddings allowed when closed again.
    Free,
}

/// Bidirectional controls that change the direction of the text after them until closed:
/// LRE, RLE, LRO, RLO (closed by PDF U+202C) and LRI, RLI, FSI (closed by PDI U+2069).
fn bidi(c: char) -> Option<Bidi> {
    match c {
        '\u{202A}' | '\u{202B}' | '\u{202D}' | '\u{202E}' => Some(Bidi::OpenEmbedding),
        '\u{2066}'..='\u{2068}' => Some(Bidi::OpenIsolate),
        '\u{202C}' => Some(Bidi::CloseEmbedding),
        '\u{2069}' => Some(Bidi::CloseIsolate),
        _ => None,
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Bidi {
    OpenEmbedding,
    OpenIsolate,
    CloseEmbedding,
    CloseIsolate,
}

/// Check one text field: at most `max` characters, no control character other than tab and line
/// ends (NUL, ANSI escapes, DEL, C1), and no bidirectional control that could reorder what is
/// shown after it (any at all in a [`Text::Line`]; an unclosed one in [`Text::Free`]).
pub(crate) fn text(field: &str, s: &str, max: usize, kind: Text) -> Result<()> {
    let mut open: Vec<Bidi> = Vec::new();
    for (n, c) in s.chars().enumerate() {
        if n >= max {
            return Err(Error::field(field, format!("longer than {max} characters")));
        }
        if c.is_control() && !matches!(c, '\t' | '\n' | '\r') {
            return Err(Error::field(
                field,
                format!("contains the control character U+{:04X}", c as u32),
            ));
        }
        let Some(b) = bidi(c) else { continue };
        if kind == Text::Line {
            return Err(Error::field(
                field,
                format!(
                    "contains the bidirectional control U+{:04X}, which reorders the text shown",
                    c as u32
                ),
            ));
        }
        match b {
            Bidi::OpenEmbedding | Bidi::OpenIsolate => open.push(b),
            // A closer with nothing open does nothing (the real postings hold stray ones).
            Bidi::CloseEmbedding => {
                if open.last() == Some(&Bidi::OpenEmbedding) {
                    open.pop();
                }
            }
            Bidi::CloseIsolate => {
                if let Some(i) = open.iter().rposition(|o| *o == Bidi::OpenIsolate) {
                    open.truncate(i);
                }
            }
        }
    }
    if !open.is_empty() {
        return Err(Error::field(
            field,
            "a bidirectional embedding, override or isolate (U+202A–U+202E, U+2066–U+2068) is not closed",
        ));
    }
    Ok(())
}

/// An optional one-line text.
pub(crate) fn line(field: &str, s: &Option<String>, max: usize) -> Result<()> {
    match s {
        Some(s) => text(field, s, max, Text::Line),
        None => Ok(()),
    }
}

/// An optional free text.
pub(crate) fn free(field: &str, s: &Option<String>) -> Result<()> {
    match s {
        Some(s) => text(field, s, MAX_LONG_TEXT_CHARS, Text::Free),
        None => Ok(()),
    }
}

/// A list of one-line items: at most [`MAX_ITEMS`] of at most [`MAX_ITEM_CHARS`] each.
pub(crate) fn list(field: &str, items: &[String]) -> Result<()> {
    count(field, items.len())?;
    for (i, t) in items.iter().enumerate() {
        text(&format!("{field}[{i}]"), t, MAX_ITEM_CHARS, Text::Line)?;
    }
    Ok(())
}

/// A list's length.
pub(crate) fn count(field: &str, n: usize) -> Result<()> {
    if n > MAX_ITEMS {
        return Err(Error::field(
            field,
            format!("{n} items, at most {MAX_ITEMS}"),
        ));
    }
    Ok(())
}

/// A text that must show something: not empty once spaces and invisible characters are removed.
pub(crate) fn visible(field: &str, s: &str) -> Result<()> {
    if s.chars().all(|c| c.is_whitespace() || invisible(c)) {
        let why = if s.is_empty() {
            "must be a non-empty string"
        } else {
            "must be a non-empty string (it holds only spaces or invisible characters)"
        };
        return Err(Error::field(field, why));
    }
    Ok(())
}

/// Characters that show nothing: format controls, zero-width and filler characters.
fn invisible(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}'
            | '\u{17B5}' | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{2800}' | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{FFA0}' | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0000}'..='\u{E0FFF}')
}

/// An optional number within `0..=max`.
pub(crate) fn number(field: &str, v: Option<f64>, max: f64) -> Result<()> {
    if let Some(x) = v {
        if !x.is_finite() || x < 0.0 {
            return Err(Error::field(
                field,
                format!("must be a non-negative number, got {x}"),
            ));
        }
        if x > max {
            return Err(Error::field(field, format!("{x} is above {max}")));
        }
    }
    Ok(())
}

/// An optional ISO date within [`YEARS`]; its day number.
pub(crate) fn date(field: &str, v: &Option<String>) -> Result<Option<i64>> {
    let Some(d) = v else { return Ok(None) };
    let day = super::parse_date(d)
        .ok_or_else(|| Error::field(field, format!("`{d}` is not an ISO date YYYY-MM-DD")))?;
    let year = d.trim().get(..4).and_then(|y| y.parse::<i64>().ok());
    if !year.is_some_and(|y| YEARS.contains(&y)) {
        return Err(Error::field(
            field,
            format!(
                "`{d}` is outside the years {}–{}",
                YEARS.start(),
                YEARS.end()
            ),
        ));
    }
    Ok(Some(day))
}
