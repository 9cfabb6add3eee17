//! A JSON array of records: `[{…}, {…}]`, each element handled like one JSON Lines record and
//! rejected alone, with the line it starts on.

use std::io::{BufRead, BufReader, Read};

use super::{record_at, Importable, Line, Rejection, MAX_RECORD_BYTES};
use crate::error::{Error, Result};

/// Whether the input's first byte that is not a BOM or white space is `[` (peeked, not consumed).
pub(super) fn starts_array<R: Read>(input: &mut BufReader<R>) -> std::io::Result<bool> {
    let buf = loop {
        match input.fill_buf() {
            Ok(b) => break b,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
    };
    let buf = buf.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(buf);
    Ok(buf.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'['))
}

/// The elements of the array in `bytes`, each with its line; `Err` when the array is not one
/// well-framed JSON array.
pub(super) fn elements<T: Importable>(
    bytes: Vec<u8>,
) -> Result<impl Iterator<Item = Result<Line<T>>>> {
    let spans = split(&bytes)?;
    Ok(spans.into_iter().map(move |(line, a, b)| {
        let raw = &bytes[a..b];
        if raw.len() > MAX_RECORD_BYTES {
            let e = Error::Parse(format!(
                "the element is longer than {MAX_RECORD_BYTES} bytes"
            ));
            return Ok(Line {
                line,
                outcome: Err(Rejection::new(line, None, e)),
            });
        }
        match std::str::from_utf8(raw) {
            Ok(text) => Ok(record_at(line, text.trim())),
            Err(e) => {
                let e = Error::Parse(format!(
                    "not UTF-8 text (invalid byte after {} bytes)",
                    e.valid_up_to()
                ));
                Ok(Line {
                    line,
                    outcome: Err(Rejection::new(line, None, e)),
                })
            }
        }
    }))
}

fn framing(why: &str) -> Error {
    Error::field("body", format!("not a JSON array of records: {why}"))
}

/// `(line, start, end)` of each top-level element. Strings (with their escapes) and nesting are
/// followed so that commas and brackets inside a record do not split it; the elements' own JSON
/// is checked later, one by one.
fn split(bytes: &[u8]) -> Result<Vec<(u64, usize, usize)>> {
    let mut i = if bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let mut line = 1u64;
    let mut out = Vec::new();
    // Advance over white space, counting LF, CRLF and lone CR as one line end each.
    let skip_ws = |i: &mut usize, line: &mut u64| {
        while let Some(&c) = bytes.get(*i) {
            match c {
                b'\n' => *line += 1,
                b'\r' if bytes.get(*i + 1) != Some(&b'\n') => *line += 1,
                b' ' | b'\t' | b'\r' => {}
                _ => break,
            }
            *i += 1;
        }
    };
    skip_ws(&mut i, &mut line);
    if bytes.get(i) != Some(&b'[') {
        return Err(framing("it does not start with `[`"));
    }
    i += 1;
    skip_ws(&mut i, &mut line);
    if bytes.get(i) == Some(&b']') {
        i += 1;
    } else {
        loop {
            skip_ws(&mut i, &mut line);
            let (start, start_line) = (i, line);
            let (mut depth, mut in_str, mut esc) = (0usize, false, false);
            let end = loop {
                let Some(&c) = bytes.get(i) else {
                    return Err(framing("the array is not closed with `]`"));
                };
                match c {
                    b'\n' => line += 1,
                    b'\r' if bytes.get(i + 1) != Some(&b'\n') => line += 1,
                    _ => {}
                }
                if in_str {
                    if esc {
                        esc = false;
                    } else if c == b'\\' {
                        esc = true;
                    } else if c == b'"' {
                        in_str = false;
                    }
                } else {
                    match c {
                        b'"' => in_str = true,
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' if depth > 0 => depth -= 1,
                        b',' | b']' if depth == 0 => break c,
                        _ => {}
                    }
                }
                i += 1;
            };
            out.push((start_line, start, i));
            i += 1;
            if end == b']' {
                break;
            }
        }
    }
    skip_ws(&mut i, &mut line);
    if i < bytes.len() {
        return Err(framing(&format!(
            "more after the closing `]` on line {line}"
        )));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elements_keep_their_lines_and_nesting() {
        let text = "\u{feff}[\n {\"a\": [1, {\"b\": \"x,]\\\"\"}]},\r\n\r\n {\"c\": 2}\n]\n";
        let spans = split(text.as_bytes()).unwrap();
        let got: Vec<(u64, &str)> = spans
            .iter()
            .map(|(l, a, b)| (*l, text[*a..*b].trim()))
            .collect();
        assert_eq!(
            got,
            vec![(2, r#"{"a": [1, {"b": "x,]\""}]}"#), (4, r#"{"c": 2}"#)]
        );
        assert!(split(b"[]").unwrap().is_empty());
        assert_eq!(split(b"[{},,{}]").unwrap().len(), 3);
        for bad in [&b"[{}"[..], b"[{}] x", b"[\"abc]", b"{}"] {
            assert!(matches!(split(bad), Err(Error::Field { .. })), "{bad:?}");
        }
    }
}
