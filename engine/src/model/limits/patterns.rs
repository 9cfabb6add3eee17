//! The text rules of [`super`] as JSON-Schema `pattern`s (ECMA-262, also valid for Rust's `regex`
//! and Python's `re`), for the OpenAPI document: a client validating with them sends only texts
//! `validate()` accepts, and the tests below check them character by character against the
//! functions that enforce the rules, so the two cannot drift.
//!
//! What a pattern cannot say is left to the functions: a free text's bidirectional embedding must
//! be closed again, an id is at most [`super::MAX_ID_BYTES`] bytes (the document states it with two
//! branches: ASCII ids up to that many characters, any id up to a quarter of it).

/// Control characters refused in any text: all but tab and line ends (`char::is_control`).
macro_rules! control {
    () => {
        r"\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F"
    };
}
/// Every control character (ids allow no tab or line end either).
macro_rules! any_control {
    () => {
        r"\u0000-\u001F\u007F-\u009F"
    };
}
/// Bidirectional controls that open an embedding, override or isolate, and their closers.
macro_rules! bidi {
    () => {
        r"\u202A-\u202E\u2066-\u2069"
    };
}
/// Openers only (a free text may hold closers, and closed openers, which a pattern cannot check).
macro_rules! bidi_open {
    () => {
        r"\u202A\u202B\u202D\u202E\u2066-\u2068"
    };
}
/// Characters that show nothing (`char::is_whitespace` and `invisible`, within the BMP).
macro_rules! blank {
    () => {
        concat!(
            r"\t\n\u000B\u000C\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000",
            r"\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u202A-\u202E",
            r"\u2060-\u206F\u2800\u3164\uFE00-\uFE0F\uFEFF\uFFA0"
        )
    };
}

/// A one-line text (`employer`, `education`, a list item …): no control character but tab and
/// line ends, no bidirectional control.
pub const LINE: &str = concat!("^[^", control!(), bidi!(), "]*$");

/// A one-line text that must show something (a vacancy's `title`).
pub const VISIBLE_LINE: &str = concat!(
    "^[^",
    control!(),
    bidi!(),
    "]*[^",
    control!(),
    bidi!(),
    blank!(),
    "][^",
    control!(),
    bidi!(),
    "]*$"
);

/// A free text (`description`, `summary`): no control character but tab and line ends, and no
/// opening bidirectional control (closers are harmless; an opener closed again is accepted too,
/// which this pattern does not express).
pub const FREE: &str = concat!("^[^", control!(), bidi_open!(), "]*$");

/// A record id: no control character, no `/`, no bidirectional control, something visible.
pub const ID: &str = concat!(
    "^[^",
    any_control!(),
    "/",
    bidi!(),
    "]*[^",
    any_control!(),
    "/",
    bidi!(),
    blank!(),
    "][^",
    any_control!(),
    "/",
    bidi!(),
    "]*$"
);

/// A record id of printable ASCII (one byte a character), with something visible.
pub const ASCII_ID: &str = r"^[ -.0-~]*[!-.0-~][ -.0-~]*$";

/// An ISO date `YYYY-MM-DD` within [`super::YEARS`] (1950–2100); stated beside `format: date`,
/// which leaves out the days a month does not have.
pub const DATE: &str =
    r"^(19[5-9][0-9]|20[0-9][0-9]|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$";

#[cfg(test)]
mod tests {
    use super::super::{text, visible, Text, YEARS};
    use super::*;
    use regex::Regex;

    /// Every BMP character outside the surrogates, and a few beyond.
    fn chars() -> impl Iterator<Item = char> {
        (0u32..0x1_0000)
            .chain([0x1_F600, 0x2_0000, 0x1_D173, 0xE_0001])
            .filter_map(char::from_u32)
    }

    #[test]
    fn line_patterns_match_exactly_what_the_checks_accept() {
        let line = Regex::new(LINE).unwrap();
        let visible_line = Regex::new(VISIBLE_LINE).unwrap();
        for c in chars() {
            for s in [format!("a{c}b"), c.to_string()] {
                let ok = text("f", &s, 100, Text::Line).is_ok();
                assert_eq!(line.is_match(&s), ok, "LINE on U+{:04X}", c as u32);
                let shows = ok && visible("f", &s).is_ok();
                // The pattern leaves out the few invisible characters beyond the BMP.
                if (c as u32) < 0x1_0000 {
                    assert_eq!(
                        visible_line.is_match(&s),
                        shows,
                        "VISIBLE_LINE on U+{:04X}",
                        c as u32
                    );
                }
            }
        }
        assert!(!visible_line.is_match(""));
        assert!(!visible_line.is_match(" \u{200B} "));
    }

    #[test]
    fn free_and_id_patterns_allow_only_what_the_checks_accept() {
        let free = Regex::new(FREE).unwrap();
        let id = Regex::new(ID).unwrap();
        let ascii = Regex::new(ASCII_ID).unwrap();
        for c in chars() {
            for s in [format!("a{c}b"), c.to_string()] {
                if free.is_match(&s) {
                    assert!(text("f", &s, 100, Text::Free).is_ok(), "U+{:04X}", c as u32);
                }
                let id_ok = crate::model::check_id_field("id", &s).is_ok();
                if (c as u32) < 0x1_0000 {
                    assert_eq!(id.is_match(&s), id_ok, "ID on U+{:04X}", c as u32);
                }
                if ascii.is_match(&s) {
                    assert!(id_ok && s.is_ascii(), "ASCII_ID on U+{:04X}", c as u32);
                }
            }
        }
        // Controls that the free text refuses, and a closer alone that it takes.
        assert!(!free.is_match("a\u{0}b") && !free.is_match("a\u{202E}b"));
        assert!(free.is_match("a\u{202C}b\n"));
        assert!(!ascii.is_match("j-1/2") && ascii.is_match("j-1 2"));
    }

    #[test]
    fn date_pattern_with_a_real_date_is_exactly_what_the_check_accepts() {
        assert_eq!((*YEARS.start(), *YEARS.end()), (1950, 2100), "update DATE");
        let date = Regex::new(DATE).unwrap();
        for y in [1949, 1950, 1999, 2026, 2100, 2101] {
            for (m, d) in [
                (1, 1),
                (1, 31),
                (2, 28),
                (2, 29),
                (2, 30),
                (12, 31),
                (13, 1),
                (4, 31),
            ] {
                let s = format!("{y:04}-{m:02}-{d:02}");
                // `format: date` beside the pattern: a real calendar date.
                let real = crate::model::parse_date(&s).is_some();
                let accepted = super::super::date("d", &Some(s.clone())).is_ok();
                assert_eq!(date.is_match(&s) && real, accepted, "{s}");
            }
        }
    }
}
