//! The platform-export CSV of vacancies: RFC 4180 records, framed strictly.
//!
//! A quoted field may span lines (the real descriptions do), so a stray or unclosed quote could
//! swallow every following row into one field. Framing is therefore done here, byte by byte, and
//! a quote that is never closed, or closed before the field ends (`"abc"def`), rejects the record
//! where it started; reading resumes on the line after it, so the rows it would have swallowed
//! are read as rows. A row with more columns than the header is rejected without holding them.

use std::collections::VecDeque;
use std::io::Read;

use super::{read_failed, Line, LineSplitter, RawLine, Rejection, MAX_RECORD_BYTES};
use crate::error::{Error, Result};
use crate::model::{self, Job, Location, Salary};

/// Reads vacancies from a platform-export CSV (header row required).
pub struct PlatformCsv<R> {
    lines: LineSplitter<R>,
    cols: Columns,
    header: Vec<String>,
    /// Lines to read again before the input: the rest of a record found broken.
    replay: VecDeque<RawLine>,
}

/// Where the scanner is within a record.
#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    StartField,
    InField,
    Quoted,
    /// A quote inside a quoted field: the field's end, or the first of a doubled `""`.
    QuoteInQuoted,
}

/// One record as framed: its cells (raw bytes) or why its framing is broken.
struct Framed {
    start: u64,
    cells: Vec<Vec<u8>>,
    /// Columns beyond the header's, counted but not held.
    extra: usize,
    broken: Option<(usize, String)>,
    /// Lines after the first, kept so a broken record can give them back.
    rest: Vec<RawLine>,
}

/// The bytes of a record being framed.
struct Scanner {
    width: usize,
    state: State,
    cur: Vec<u8>,
    /// Column and line where the open quoted field began.
    quote: (usize, u64),
}

impl Scanner {
    fn push(&mut self, f: &mut Framed) {
        if self.width == 0 || f.cells.len() < self.width {
            f.cells.push(std::mem::take(&mut self.cur));
        } else {
            f.extra += 1;
            self.cur.clear();
        }
    }

    /// Scan one line; `Ok(true)` when the record ends with it, `Err` with the column and reason
    /// when its quoting is broken.
    fn line(
        &mut self,
        f: &mut Framed,
        line: &RawLine,
    ) -> std::result::Result<bool, (usize, String)> {
        if line.too_long {
            return Err((
                f.cells.len() + f.extra,
                format!("the line is longer than {MAX_RECORD_BYTES} bytes"),
            ));
        }
        for &b in &line.bytes {
            self.state = match (self.state, b) {
                (State::StartField, b'"') => {
                    self.quote = (f.cells.len() + f.extra, line.number);
                    State::Quoted
                }
                (State::StartField | State::InField, b',') | (State::QuoteInQuoted, b',') => {
                    self.push(f);
                    State::StartField
                }
                (State::StartField | State::InField, _) => {
                    self.cur.push(b);
                    State::InField
                }
                (State::Quoted, b'"') => State::QuoteInQuoted,
                (State::Quoted, _) => {
                    self.cur.push(b);
                    State::Quoted
                }
                (State::QuoteInQuoted, b'"') => {
                    self.cur.push(b'"');
                    State::Quoted
                }
                (State::QuoteInQuoted, _) => {
                    let why = if line.number == self.quote.1 {
                        "a quote ends the quoted field before the field ends (a quote inside a quoted field is written \"\")".to_string()
                    } else {
                        format!(
                            "the quote opened on line {} is not closed where its field ends (line {}): an unclosed quote?",
                            self.quote.1, line.number
                        )
                    };
                    return Err((self.quote.0, why));
                }
            };
        }
        if self.state == State::Quoted {
            // Inside a quoted field the line end is part of the field.
            self.cur.extend_from_slice(line.end.bytes());
            return Ok(false);
        }
        self.push(f);
        Ok(true)
    }
}

/// Frame the next record from `next` lines; `None` at the end of input. `width` caps the cells
/// held (0 = no cap, for the header).
fn frame(
    next: &mut dyn FnMut() -> std::io::Result<Option<RawLine>>,
    width: usize,
) -> std::io::Result<Option<Framed>> {
    // Blank lines between records are not records.
    let first = loop {
        match next()? {
            None => return Ok(None),
            Some(l) if l.bytes.is_empty() && !l.too_long => continue,
            Some(l) => break l,
        }
    };
    let mut f = Framed {
        start: first.number,
        cells: Vec::new(),
        extra: 0,
        broken: None,
        rest: Vec::new(),
    };
    let mut sc = Scanner {
        width,
        state: State::StartField,
        cur: Vec::new(),
        quote: (0, first.number),
    };
    let mut size = 0usize;
    let mut line = first;
    loop {
        size += line.bytes.len() + 2;
        let scanned = sc.line(&mut f, &line);
        if line.number != f.start {
            f.rest.push(line);
        }
        match scanned {
            Ok(true) => return Ok(Some(f)),
            Err(broken) => {
                f.broken = Some(broken);
                return Ok(Some(f));
            }
            Ok(false) if size > MAX_RECORD_BYTES => {
                f.broken = Some((sc.quote.0, format!(
                    "the quote opened on line {} runs past {MAX_RECORD_BYTES} bytes: an unclosed quote?",
                    sc.quote.1
                )));
                return Ok(Some(f));
            }
            Ok(false) => match next()? {
                Some(l) => line = l,
                None => {
                    f.broken = Some((
                        sc.quote.0,
                        format!("the quote opened on line {} is never closed", sc.quote.1),
                    ));
                    return Ok(Some(f));
                }
            },
        }
    }
}

impl<R: Read> PlatformCsv<R> {
    /// Read the header row and map its columns; an input without the id and title columns is
    /// refused as a whole.
    pub fn new(input: R) -> Result<Self> {
        let mut lines = LineSplitter::new(input, MAX_RECORD_BYTES);
        let framed = frame(&mut || lines.next_line(), 0).map_err(read_failed)?;
        let Some(h) = framed else {
            return Err(Error::field("body", "empty CSV: no header row"));
        };
        if let Some((_, why)) = h.broken {
            return Err(Error::Parse(format!("CSV header: {why}")));
        }
        let mut header = Vec::with_capacity(h.cells.len());
        for c in h.cells {
            let s = String::from_utf8(c)
                .map_err(|_| Error::Parse("CSV header: not UTF-8 text".into()))?;
            header.push(s.trim_start_matches('\u{feff}').trim().to_string());
        }
        let cols = Columns::map(&header)?;
        Ok(PlatformCsv {
            lines,
            cols,
            header,
            replay: VecDeque::new(),
        })
    }

    fn column(&self, i: usize) -> String {
        self.header
            .get(i)
            .cloned()
            .unwrap_or_else(|| format!("column {}", i + 1))
    }

    fn record(&self, f: Framed) -> std::result::Result<Job, Rejection> {
        let id = f
            .cells
            .get(self.cols.id)
            .and_then(|c| std::str::from_utf8(c).ok())
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from);
        let reject = |field: Option<String>, why: String| Rejection {
            line: f.start,
            id: id.clone(),
            field,
            error: why,
        };
        if let Some((col, why)) = f.broken {
            return Err(reject(Some(self.column(col)), why));
        }
        if f.extra > 0 {
            return Err(reject(
                None,
                format!(
                    "{} columns, the header has {}",
                    f.cells.len() + f.extra,
                    self.header.len()
                ),
            ));
        }
        let mut cells = Vec::with_capacity(f.cells.len());
        for (i, c) in f.cells.into_iter().enumerate() {
            match String::from_utf8(c) {
                Ok(s) => cells.push(s),
                Err(_) => return Err(reject(Some(self.column(i)), "not UTF-8 text".into())),
            }
        }
        self.cols.job(&cells).map_err(|e| {
            let mut r = Rejection::new(f.start, id.clone(), e);
            r.field = r.field.map(|p| csv_column(&p).map_or(p, String::from));
            r
        })
    }
}

impl<R: Read> Iterator for PlatformCsv<R> {
    type Item = Result<Line<Job>>;

    fn next(&mut self) -> Option<Self::Item> {
        let (replay, lines) = (&mut self.replay, &mut self.lines);
        let mut next = || match replay.pop_front() {
            Some(l) => Ok(Some(l)),
            None => lines.next_line(),
        };
        let mut f = match frame(&mut next, self.header.len()) {
            Ok(Some(f)) => f,
            Ok(None) => return None,
            Err(e) => return Some(Err(read_failed(e))),
        };
        if f.broken.is_some() {
            // The lines after the record's first may be rows a broken quote swallowed.
            for l in std::mem::take(&mut f.rest).into_iter().rev() {
                self.replay.push_front(l);
            }
        } else if !f.rest.is_empty() && f.cells.len() + f.extra != self.header.len() {
            // A field spanning lines that leaves the row with the wrong number of columns: a
            // stray quote closed by another row's quote.
            let col = f.cells.len().min(self.header.len().saturating_sub(1));
            f.broken = Some((
                col,
                format!(
                    "the row spans lines {}–{} and has {} columns, the header has {}; an unclosed quote?",
                    f.start,
                    f.rest.last().map_or(f.start, |l| l.number),
                    f.cells.len() + f.extra,
                    self.header.len()
                ),
            ));
            for l in std::mem::take(&mut f.rest).into_iter().rev() {
                self.replay.push_front(l);
            }
        }
        let line = f.start;
        Some(Ok(Line {
            line,
            outcome: self.record(f),
        }))
    }
}

/// The CSV column a docs/SCHEMA.md field is read from, for rejections that name what the file
/// calls it.
fn csv_column(field: &str) -> Option<&'static str> {
    let root = field.split(['.', '[']).next().unwrap_or(field);
    Some(match (root, field) {
        (_, "salary.months") => "几薪",
        (_, "salary.max") => "最高薪资",
        ("salary", _) => "最低薪资",
        (_, "location.lat") => "纬度",
        (_, "location.lon") => "经度",
        ("location", _) => "地区",
        ("id", _) => "职位自编号",
        ("title", _) => "职位",
        ("description", _) => "职位描述",
        ("employer", _) => "公司",
        ("education", _) => "学历",
        ("experience_years", _) => "所需经验",
        ("posted_at", _) => "首次发布时间",
        ("skills", _) => "技能",
        ("benefits", _) => "福利",
        ("source", _) => "发布平台",
        _ => return None,
    })
}

struct Columns {
    id: usize,
    title: usize,
    description: Option<usize>,
    employer: Option<usize>,
    region: Option<usize>,
    address: Option<usize>,
    lon: Option<usize>,
    lat: Option<usize>,
    sal_min: Option<usize>,
    sal_max: Option<usize>,
    months: Option<usize>,
    education: Option<usize>,
    experience: Option<usize>,
    posted: Option<usize>,
    skills: Option<usize>,
    benefits: Option<usize>,
    source: Option<usize>,
    url: Option<usize>,
}

fn cell(r: &[String], i: Option<usize>) -> Option<String> {
    let v = r.get(i?)?.trim();
    (!v.is_empty()).then(|| v.to_string())
}

fn num(r: &[String], i: Option<usize>, column: &str) -> Result<Option<f64>> {
    match cell(r, i) {
        None => Ok(None),
        Some(s) => match s.parse::<f64>() {
            Ok(v) if v.is_finite() => Ok(Some(v)),
            _ => Err(Error::field(column, format!("`{s}` is not a number"))),
        },
    }
}

/// A number that may not be negative (0 keeps its meaning: 面议 for pay, none for experience).
fn non_negative(r: &[String], i: Option<usize>, column: &str) -> Result<Option<f64>> {
    match num(r, i, column)? {
        Some(v) if v < 0.0 => Err(Error::field(column, format!("{v} is negative"))),
        v => Ok(v),
    }
}

/// A coordinate: out of its range is an error; a placeholder inside the range is kept for the
/// caller to judge.
fn coordinate(r: &[String], i: Option<usize>, column: &str, max: f64) -> Result<Option<f64>> {
    match num(r, i, column)? {
        Some(v) if !(-max..=max).contains(&v) => Err(Error::field(
            column,
            format!("{v} is outside -{max}..{max}"),
        )),
        v => Ok(v),
    }
}

fn tags(s: Option<String>) -> Vec<String> {
    s.map(|s| {
        s.split([',', '，', ';', '；', '、', '|'])
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(String::from)
            .collect()
    })
    .unwrap_or_default()
}

impl Columns {
    fn map(header: &[String]) -> Result<Columns> {
        let col = |name: &str| header.iter().position(|h| h == name);
        Ok(Columns {
            id: col("职位自编号")
                .ok_or_else(|| Error::field("职位自编号", "CSV has no id column"))?,
            title: col("职位").ok_or_else(|| Error::field("职位", "CSV has no title column"))?,
            description: col("职位描述"),
            employer: col("公司").or_else(|| col("招聘公司")),
            region: col("地区"),
            address: col("地址"),
            lon: col("经度"),
            lat: col("纬度"),
            sal_min: col("最低薪资"),
            sal_max: col("最高薪资"),
            months: col("几薪"),
            education: col("学历"),
            experience: col("所需经验"),
            posted: col("首次发布时间"),
            skills: col("技能"),
            benefits: col("福利"),
            source: col("发布平台"),
            url: col("职位访问地址"),
        })
    }

    fn job(&self, r: &[String]) -> Result<Job> {
        let id = cell(r, Some(self.id)).ok_or_else(|| Error::field("id", "empty id"))?;
        let title =
            cell(r, Some(self.title)).ok_or_else(|| Error::field("title", "empty title"))?;
        let lon = coordinate(r, self.lon, "经度", 180.0)?;
        let lat = coordinate(r, self.lat, "纬度", 90.0)?;
        // The real exports carry placeholder coordinates (0, -0.02 …) for unknown places: keep only
        // points inside China's bounding box, otherwise the region text decides.
        let (lat, lon) = match (lat, lon) {
            (Some(a), Some(o)) if (3.0..=54.0).contains(&a) && (73.0..=136.0).contains(&o) => {
                (Some(a), Some(o))
            }
            _ => (None, None),
        };
        let region = cell(r, self.region).or_else(|| cell(r, self.address));
        let location = Location {
            region,
            adcode: None,
            lat,
            lon,
        };
        // 0 is the platforms' 面议.
        let min = non_negative(r, self.sal_min, "最低薪资")?.filter(|v| *v > 0.0);
        let max = non_negative(r, self.sal_max, "最高薪资")?.filter(|v| *v > 0.0);
        let months = num(r, self.months, "几薪")?
            .filter(|m| (1.0..=24.0).contains(m))
            .map(|m| m as u32);
        let salary = (min.is_some() || max.is_some()).then_some(Salary { min, max, months });
        // 技能 mixes real skill tags with experience/education tokens ("3年及以上,本科"): drop those.
        let skills = tags(cell(r, self.skills))
            .into_iter()
            .filter(|t| !is_requirement_token(t))
            .collect();
        let posted_at = match cell(r, self.posted) {
            None => None,
            Some(d) => match d.get(..10).filter(|d| model::parse_date(d).is_some()) {
                Some(day) => Some(day.to_string()),
                None => {
                    return Err(Error::field(
                        "首次发布时间",
                        format!("`{d}` is not a date YYYY-MM-DD"),
                    ))
                }
            },
        };
        let mut extra = serde_json::Map::new();
        if let Some(u) = cell(r, self.url) {
            extra.insert("url".into(), u.into());
        }
        let job = Job {
            id,
            title,
            description: cell(r, self.description),
            employer: cell(r, self.employer),
            skills,
            location: (!location.is_empty()).then_some(location),
            salary,
            education: cell(r, self.education),
            experience_years: non_negative(r, self.experience, "所需经验")?,
            benefits: tags(cell(r, self.benefits)),
            posted_at,
            source: cell(r, self.source),
            extra,
            ..Default::default()
        };
        job.validate()?;
        Ok(job)
    }
}

fn is_requirement_token(t: &str) -> bool {
    const EDU: [&str; 8] = [
        "本科",
        "大专",
        "硕士",
        "博士",
        "高中",
        "中专",
        "学历不限",
        "初中",
    ];
    t.contains("经验") || t.contains("年及以上") || t.ends_with("年以上") || EDU.contains(&t)
}
