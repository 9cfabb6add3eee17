//! Dates, once: bole counts days since 1970-01-01 (`i64`), reads and writes ISO dates, and takes
//! "today" as China's civil date (UTC+8 all year: China has kept no daylight saving time since
//! 1991), so a vacancy whose `valid_until` is today stays valid until local midnight in China.
//! The calendar arithmetic is [`jiff`]'s.

use jiff::civil::Date;
use jiff::tz::Offset;
use jiff::{Span, Timestamp};

/// China Standard Time, UTC+8.
pub const CHINA: Offset = Offset::constant(8);

const EPOCH: Date = jiff::civil::date(1970, 1, 1);

/// Days since 1970-01-01 of a civil date.
pub fn days_of(d: Date) -> i64 {
    i64::from((d - EPOCH).get_days())
}

/// The civil date `days` after 1970-01-01, when inside the calendar jiff covers (years -9999..=9999).
pub fn date_of(days: i64) -> Option<Date> {
    let days = i32::try_from(days).ok()?;
    EPOCH.checked_add(Span::new().try_days(days).ok()?).ok()
}

/// Days since 1970-01-01 of an ISO date `YYYY-MM-DD` (a time part after `T` or a space is
/// ignored; month and day may have one digit). `None` for anything else or an impossible day.
pub fn parse_date(s: &str) -> Option<i64> {
    let d = s.trim().split(['T', ' ']).next()?;
    let mut it = d.split('-');
    let y: i16 = it.next()?.parse().ok()?;
    let m: i8 = it.next()?.parse().ok()?;
    let day: i8 = it.next()?.parse().ok()?;
    if it.next().is_some() {
        return None;
    }
    Date::new(y, m, day).ok().map(days_of)
}

/// The ISO date `YYYY-MM-DD` of a day count since 1970-01-01 (inverse of [`parse_date`]).
pub fn iso_date(days: i64) -> String {
    date_of(days).map_or_else(|| format!("day {days}"), |d| d.to_string())
}

/// China's civil date at the instant `at`, as days since 1970-01-01.
pub fn china_day(at: Timestamp) -> i64 {
    days_of(CHINA.to_datetime(at).date())
}

/// Today's date in China as days since 1970-01-01. Only the edges (CLI, server) call this; the
/// core takes the date as a parameter so ranking stays a pure function.
pub fn today() -> i64 {
    china_day(Timestamp::now())
}

/// An ISO 8601 UTC timestamp of now to the second (`2026-12-07T15:59:59Z`).
pub fn now_iso() -> String {
    iso_instant(Timestamp::now())
}

/// An ISO 8601 UTC timestamp to the second.
pub fn iso_instant(at: Timestamp) -> String {
    let t = Timestamp::from_second(at.as_second()).unwrap_or(at);
    t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn iso_dates_round_trip() {
        assert_eq!(parse_date("1970-01-01"), Some(0));
        assert_eq!(parse_date("2026-11-21"), Some(20_778));
        assert_eq!(parse_date("2026-1-5"), parse_date("2026-01-05"));
        assert_eq!(parse_date(" 2024-02-29T08:00:00+08:00"), Some(19_782));
        assert_eq!(parse_date("1969-12-31"), Some(-1));
        for bad in [
            "2023-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-04-31",
            "2026-04",
            "x",
            "2026-04-01-2",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
        for d in [-100_000, -1, 0, 1, 19_782, 20_778, 2_900_000] {
            assert_eq!(parse_date(&iso_date(d)), Some(d), "{d}");
        }
        assert_eq!(iso_date(20_778), "2026-11-21");
    }

    #[test]
    fn today_is_chinas_date_so_a_vacancy_ending_today_lasts_until_local_midnight() {
        let end = parse_date("2026-12-07").unwrap();
        let job = crate::model::job_from_json(
            r#"{"id":"j","title":"仓管员","valid_until":"2026-12-07"}"#,
        )
        .unwrap();
        // 08:00 in China on the 7th is still the 6th in UTC.
        assert_eq!(china_day(at("2026-12-07T00:00:00Z")), end);
        assert_eq!(china_day(at("2026-12-06T16:00:00Z")), end);
        assert_eq!(china_day(at("2026-12-06T15:59:59Z")), end - 1);
        // 23:59:59 in China on the 7th: still valid; midnight: no longer.
        let last = china_day(at("2026-12-07T15:59:59Z"));
        let next = china_day(at("2026-12-07T16:00:00Z"));
        assert_eq!((last, next), (end, end + 1));
        assert!(job.is_valid_on(last));
        assert!(!job.is_valid_on(next));
    }

    #[test]
    fn instants_print_in_utc_to_the_second() {
        assert_eq!(
            iso_instant(at("2026-12-07T15:59:59.75Z")),
            "2026-12-07T15:59:59Z"
        );
        assert_eq!(
            iso_instant(at("1970-01-01T00:00:00Z")),
            "1970-01-01T00:00:00Z"
        );
        assert!(now_iso().ends_with('Z'));
    }
}
