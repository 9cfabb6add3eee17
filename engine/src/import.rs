//! How do records get in? One reader for every path (CLI, HTTP bulk, console upload, batch files).
//!
//! Two formats (docs/SCHEMA.md): JSON Lines, exactly one record per line, for jobs and candidates;
//! and for jobs the platform-export CSV whose columns are those of the real postings (`职位自编号,
//! 职位, 职位描述, 地区, 经度, 纬度, 最低薪资, 最高薪资, 几薪, 学历, 所需经验, 技能, 福利 …`).
//!
//! Readers stream and never half-read: every record yields a [`Line`] whose outcome is the
//! record, validated, or one [`Rejection`] naming the line, the record's id when known, the field
//! (a JSON path, or the CSV column) and the reason. LF, CRLF and lone CR all end a line; a UTF-8
//! BOM at the start is ignored; a line that is not UTF-8, holds more than one JSON value or runs
//! past [`MAX_RECORD_BYTES`] is rejected alone. Only a failure to read the input at all (an I/O
//! error, a CSV without its header) is an `Err` that ends the import.

use std::io::{BufRead, BufReader, Read};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::{Candidate, Job};
use crate::store::Record;

mod array;
mod platform;

pub use self::platform::PlatformCsv;

/// Longest record (one JSON line, one CSV row) in bytes; longer ones are rejected, not buffered.
pub const MAX_RECORD_BYTES: usize = 1 << 20;

/// File format of an import.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// JSON Lines, one docs/SCHEMA.md record per line.
    Jsonl,
    /// Platform-export CSV (jobs only).
    Csv,
}

impl Format {
    /// Guess from a file name's extension (`.csv` → CSV, anything else → JSONL).
    pub fn from_path(path: &str) -> Format {
        if path.to_ascii_lowercase().ends_with(".csv") {
            Format::Csv
        } else {
            Format::Jsonl
        }
    }

    /// Parse `jsonl`/`json`/`ndjson`/`csv`.
    pub fn parse(s: &str) -> Option<Format> {
        match s.to_ascii_lowercase().as_str() {
            "jsonl" | "json" | "ndjson" => Some(Format::Jsonl),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }

    /// The wire name (`jsonl`, `csv`).
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
        }
    }
}

/// Why one input line was not stored: the one per-line outcome shape of every import path.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct Rejection {
    /// 1-based line of the input where the record starts.
    pub line: u64,
    /// The record's id, when it could be read.
    pub id: Option<String>,
    /// The offending field: a JSON path such as `salary.min`, or a CSV column such as `所需经验`;
    /// `null` when the line as a whole is bad (not JSON, not UTF-8, too long).
    pub field: Option<String>,
    /// What is wrong, in one sentence.
    pub error: String,
}

impl Rejection {
    /// The rejection of line `line` for `e`, splitting a field error into field and reason.
    pub fn new(line: u64, id: Option<String>, e: Error) -> Rejection {
        let (field, error) = match e {
            Error::Field { field, reason } => (Some(field), reason),
            Error::Parse(m) => (None, m),
            other => (None, other.to_string()),
        };
        Rejection {
            line,
            id,
            field,
            error,
        }
    }
}

impl std::fmt::Display for Rejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}", self.line)?;
        if let Some(id) = &self.id {
            write!(f, " (id `{id}`)")?;
        }
        match &self.field {
            Some(field) => write!(f, ": field `{field}`: {}", self.error),
            None => write!(f, ": {}", self.error),
        }
    }
}

/// One record read: the line it starts on and the record or why it was rejected.
#[derive(Debug)]
pub struct Line<T> {
    /// 1-based line where the record starts.
    pub line: u64,
    /// The validated record, or its rejection.
    pub outcome: std::result::Result<T, Rejection>,
}

/// A stream of read records; `Err` only when the input cannot be read further.
pub type Lines<'a, T> = Box<dyn Iterator<Item = Result<Line<T>>> + 'a>;

/// A kind of record that can be imported.
pub trait Importable: Record + DeserializeOwned + 'static {
    /// Check the rules of docs/SCHEMA.md beyond types; the error names the field.
    fn check(&self) -> Result<()>;

    /// Read this kind from the platform-export CSV, when it has one.
    fn platform_csv<'a, R: Read + 'a>(_input: R) -> Result<Lines<'a, Self>> {
        Err(Error::field(
            "format",
            format!(
                "{}s are imported from JSON Lines only (docs/SCHEMA.md); the CSV format is the platform's job export",
                Self::KIND
            ),
        ))
    }
}

impl Importable for Job {
    fn check(&self) -> Result<()> {
        self.validate()
    }

    fn platform_csv<'a, R: Read + 'a>(input: R) -> Result<Lines<'a, Job>> {
        Ok(Box::new(PlatformCsv::new(input)?))
    }
}

impl Importable for Candidate {
    fn check(&self) -> Result<()> {
        self.validate()
    }
}

/// Stream the records of `input` in `format`. JSON input that starts with `[` is one JSON array
/// of records, read whole before the first is handed on (each element's line is where it starts);
/// an array that is not closed, or has anything after it, is an `Err` before any record is read.
pub fn read<'a, T: Importable, R: Read + 'a>(input: R, format: Format) -> Result<Lines<'a, T>> {
    match format {
        Format::Jsonl => {
            let mut input = BufReader::with_capacity(64 * 1024, input);
            if array::starts_array(&mut input).map_err(read_failed)? {
                let mut bytes = Vec::new();
                input.read_to_end(&mut bytes).map_err(read_failed)?;
                Ok(Box::new(array::elements::<T>(bytes)?))
            } else {
                Ok(Box::new(JsonLines::<T, _>::new(input)))
            }
        }
        Format::Csv => T::platform_csv(input),
    }
}

/// What one import did: the report every import path answers with (docs/SCHEMA.md).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct ImportReport {
    /// Records read (blank lines are not records).
    pub received: usize,
    /// Records stored durably (`inserted + replaced`); 0 when the records were only read.
    pub stored: usize,
    /// Stored records whose id was new.
    pub inserted: usize,
    /// Stored records that replaced one with the same id.
    pub replaced: usize,
    /// Outcome events whose id was stored before (or earlier in the input): kept once, not
    /// stored again, not an error. Absent from the answer when 0 (always, for records).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub duplicates: usize,
    /// Every line not stored, in input order.
    pub rejected: Vec<Rejection>,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// Walk `lines` to the end: count each record into `report`, hand the good ones to `keep` with
/// their line, collect the rejections. More than `limit` records is an error before `keep` sees
/// the one over the limit.
pub fn drain<T>(
    lines: impl Iterator<Item = Result<Line<T>>>,
    limit: Option<usize>,
    report: &mut ImportReport,
    mut keep: impl FnMut(u64, T) -> Result<()>,
) -> Result<()> {
    for item in lines {
        let Line { line, outcome } = item?;
        report.received += 1;
        if let Some(max) = limit.filter(|m| report.received > *m) {
            return Err(Error::TooLarge(format!(
                "more than {max} records in one input; split it"
            )));
        }
        match outcome {
            Ok(r) => keep(line, r)?,
            Err(rej) => report.rejected.push(rej),
        }
    }
    Ok(())
}

/// Read all of `input` without storing it: the good records with their lines, in input order,
/// and the report.
pub fn read_all<T: Importable, R: Read>(
    input: R,
    format: Format,
    limit: Option<usize>,
) -> Result<(Vec<(u64, T)>, ImportReport)> {
    let mut report = ImportReport::default();
    let mut good = Vec::new();
    drain(
        read::<T, R>(input, format)?,
        limit,
        &mut report,
        |line, r| {
            good.push((line, r));
            Ok(())
        },
    )?;
    Ok((good, report))
}

/// How a physical line ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum End {
    /// `\n`
    Lf,
    /// `\r\n`
    CrLf,
    /// A lone `\r`.
    Cr,
    /// End of input.
    Eof,
}

impl End {
    pub(crate) fn bytes(self) -> &'static [u8] {
        match self {
            End::Lf => b"\n",
            End::CrLf => b"\r\n",
            End::Cr => b"\r",
            End::Eof => b"",
        }
    }
}

/// One physical line: its bytes (empty and `too_long` when it ran past the cap) and its end.
pub(crate) struct RawLine {
    pub(crate) number: u64,
    pub(crate) bytes: Vec<u8>,
    pub(crate) too_long: bool,
    pub(crate) end: End,
}

/// Splits input into physical lines at LF, CRLF or a lone CR, buffering at most `cap` bytes of a
/// line (the rest of a longer line is skipped, not held).
pub(crate) struct LineSplitter<R> {
    inner: BufReader<R>,
    number: u64,
    cap: usize,
    done: bool,
}

impl<R: Read> LineSplitter<R> {
    pub(crate) fn new(input: R, cap: usize) -> Self {
        LineSplitter {
            inner: BufReader::with_capacity(64 * 1024, input),
            number: 0,
            cap,
            done: false,
        }
    }

    /// The next line, `None` at the end of input.
    pub(crate) fn next_line(&mut self) -> std::io::Result<Option<RawLine>> {
        if self.done {
            return Ok(None);
        }
        let mut bytes = Vec::new();
        let mut too_long = false;
        loop {
            let buf = match self.inner.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if buf.is_empty() {
                self.done = true;
                if bytes.is_empty() && !too_long {
                    return Ok(None);
                }
                self.number += 1;
                return Ok(Some(RawLine {
                    number: self.number,
                    bytes,
                    too_long,
                    end: End::Eof,
                }));
            }
            let (take, end) = match memchr::memchr2(b'\n', b'\r', buf) {
                Some(i) => (i, Some(buf[i])),
                None => (buf.len(), None),
            };
            if !too_long && bytes.len() + take <= self.cap {
                bytes.extend_from_slice(&buf[..take]);
            } else if !too_long {
                too_long = true;
                bytes = Vec::new();
            }
            match end {
                None => self.inner.consume(take),
                Some(b) => {
                    self.inner.consume(take + 1);
                    let end = if b == b'\n' {
                        End::Lf
                    } else if self.peek_lf()? {
                        End::CrLf
                    } else {
                        End::Cr
                    };
                    self.number += 1;
                    return Ok(Some(RawLine {
                        number: self.number,
                        bytes,
                        too_long,
                        end,
                    }));
                }
            }
        }
    }

    /// After a `\r`: consume a following `\n` if the input has one.
    fn peek_lf(&mut self) -> std::io::Result<bool> {
        loop {
            match self.inner.fill_buf() {
                Ok([]) => return Ok(false),
                Ok(b) => {
                    let lf = b[0] == b'\n';
                    if lf {
                        self.inner.consume(1);
                    }
                    return Ok(lf);
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        }
    }
}

/// JSON Lines: one record per non-blank line.
struct JsonLines<T, R> {
    lines: LineSplitter<R>,
    _kind: std::marker::PhantomData<fn() -> T>,
}

impl<T: Importable, R: Read> JsonLines<T, R> {
    fn new(input: R) -> Self {
        JsonLines {
            lines: LineSplitter::new(input, MAX_RECORD_BYTES),
            _kind: std::marker::PhantomData,
        }
    }
}

impl<T: Importable, R: Read> Iterator for JsonLines<T, R> {
    type Item = Result<Line<T>>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let raw = match self.lines.next_line() {
                Ok(Some(l)) => l,
                Ok(None) => return None,
                Err(e) => return Some(Err(read_failed(e))),
            };
            let line = raw.number;
            if raw.too_long {
                let e = Error::Parse(format!(
                    "the line is longer than {MAX_RECORD_BYTES} bytes (one record per line)"
                ));
                return Some(Ok(Line {
                    line,
                    outcome: Err(Rejection::new(line, None, e)),
                }));
            }
            let text = match std::str::from_utf8(&raw.bytes) {
                Ok(t) => t,
                Err(e) => {
                    let e = Error::Parse(format!(
                        "not UTF-8 text (invalid byte after {} bytes)",
                        e.valid_up_to()
                    ));
                    return Some(Ok(Line {
                        line,
                        outcome: Err(Rejection::new(line, None, e)),
                    }));
                }
            };
            let text = text.strip_prefix('\u{feff}').unwrap_or(text).trim();
            if text.is_empty() {
                continue;
            }
            return Some(Ok(record_at(line, text)));
        }
    }
}

/// One record's JSON text read and checked, or its rejection naming the line.
fn record_at<T: Importable>(line: u64, text: &str) -> Line<T> {
    let outcome = crate::model::from_json::<T>(text)
        .and_then(|r| r.check().map(|_| r))
        .map_err(|e| Rejection::new(line, id_in(text), e));
    Line { line, outcome }
}

fn read_failed(e: std::io::Error) -> Error {
    Error::Io(std::io::Error::new(
        e.kind(),
        format!("reading the input failed: {e}"),
    ))
}

/// The `id` of the first JSON value of a rejected line, so its rejection names the record too.
fn id_in(text: &str) -> Option<String> {
    #[derive(Deserialize)]
    struct Id {
        id: Option<serde_json::Value>,
    }
    let first = serde_json::Deserializer::from_str(text)
        .into_iter::<Id>()
        .next()?
        .ok()?;
    match first.id? {
        serde_json::Value::String(s) => Some(s),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
