//! Pay: free-text salary strings (`6-8K·13薪`, `200元/天`, `10-20万/年`) turned into monthly CNY.

use serde::{Deserialize, Serialize};

use super::normalise::fold;

/// Legal average working days per month (21.75, 人社部 2008), used to turn daily and hourly
/// rates into monthly pay.
pub const WORK_DAYS_PER_MONTH: f64 = 21.75;
/// Hours in a standard working day.
pub const WORK_HOURS_PER_DAY: f64 = 8.0;

/// Monthly pay in CNY. A missing bound is unknown, not zero.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct MonthlyPay {
    /// Lower bound per month.
    pub min: Option<f64>,
    /// Upper bound per month.
    pub max: Option<f64>,
    /// Months paid per year (`13薪` → 13), when stated.
    pub months: Option<u32>,
}

/// How a stated amount converts to a month.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Period {
    Hour,
    Day,
    Week,
    Month,
    Year,
}

impl Period {
    fn per_month(self) -> f64 {
        match self {
            Period::Hour => WORK_HOURS_PER_DAY * WORK_DAYS_PER_MONTH,
            Period::Day => WORK_DAYS_PER_MONTH,
            Period::Week => 52.0 / 12.0,
            Period::Month => 1.0,
            Period::Year => 1.0 / 12.0,
        }
    }
}

/// Markers of the pay period, in matching form; the first found wins, so the longer and more
/// explicit ones come first.
const PERIODS: &[(&str, Period)] = &[
    ("/小时", Period::Hour),
    ("每小时", Period::Hour),
    ("时薪", Period::Hour),
    ("/时", Period::Hour),
    ("/h", Period::Hour),
    ("/天", Period::Day),
    ("/日", Period::Day),
    ("每天", Period::Day),
    ("日薪", Period::Day),
    ("/d", Period::Day),
    ("/周", Period::Week),
    ("周薪", Period::Week),
    ("/月", Period::Month),
    ("每月", Period::Month),
    ("月薪", Period::Month),
    ("/年", Period::Year),
    ("每年", Period::Year),
    ("年薪", Period::Year),
    ("/y", Period::Year),
];

/// One amount read from text: value in yuan and whether it carried its own unit (k, 千, 万).
#[derive(Clone, Copy, Debug)]
struct Amount {
    value: f64,
    multiplier: Option<f64>,
}

/// Parse a salary string into monthly pay.
///
/// Handles ranges (`4000-6000元/月`, `6-8K·13薪`, `1.5-2万`, `8千-1万`), one-sided bounds
/// (`5000以上`, `3000+`, `8000以下`), single figures (`8千`), periods per hour (× 8 × 21.75), day
/// (× 21.75), week, month (the default) and year (÷ 12), and `N薪` as months per year.
/// `面议` (negotiable) and text without a usable figure give `None`; so do bare figures under
/// 100 with no unit and no period (`6-8`), whose unit cannot be told.
pub fn parse(s: &str) -> Option<MonthlyPay> {
    let f: String = fold(s).chars().filter(|c| !c.is_whitespace()).collect();
    let (text, months) = take_months(&f);
    let period = PERIODS
        .iter()
        .find(|(m, _)| text.contains(m))
        .map(|(_, p)| *p);

    let amounts = read_amounts(&text);
    let (lo, hi) = match amounts.as_slice() {
        [] => return None,
        [a] => {
            let v = a.value * a.multiplier.unwrap_or(1.0);
            let open_up = ["以上", "起", "+"].iter().any(|m| text.contains(m));
            let open_down = ["以下", "以内", "最高"].iter().any(|m| text.contains(m));
            match (open_up, open_down) {
                (true, false) => (Some(v), None),
                (false, true) => (None, Some(v)),
                _ => (Some(v), Some(v)),
            }
        }
        [a, b, ..] => {
            // A unit written once applies to both ends: `1.5-2万`, `6-8k`.
            let shared = b.multiplier.or(a.multiplier).unwrap_or(1.0);
            let lo = a.value * a.multiplier.unwrap_or(shared);
            let hi = b.value * b.multiplier.unwrap_or(shared);
            (Some(lo.min(hi)), Some(lo.max(hi)))
        }
    };
    let has_unit = amounts.iter().any(|a| a.multiplier.is_some());
    let top = hi.or(lo)?;
    if !has_unit && period.is_none() && top < 100.0 {
        return None;
    }
    let k = period.unwrap_or(Period::Month).per_month();
    let conv = |v: Option<f64>| v.map(|v| (v * k).round());
    let (min, max) = (conv(lo), conv(hi));
    if min.is_some_and(|v| v <= 0.0) && !max.is_some_and(|v| v > 0.0) {
        return None;
    }
    Some(MonthlyPay {
        min: min.filter(|v| *v > 0.0),
        max: max.filter(|v| *v > 0.0),
        months,
    })
}

/// Split off `N薪` (months per year); returns the rest of the text and N when it is 1..=24.
fn take_months(f: &str) -> (String, Option<u32>) {
    for (pos, _) in f.match_indices('薪') {
        let digits_start = f[..pos]
            .trim_end_matches(|c: char| c.is_ascii_digit())
            .len();
        if digits_start == pos {
            continue;
        }
        let n = f[digits_start..pos]
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=24).contains(n));
        let rest = format!("{}{}", &f[..digits_start], &f[pos + '薪'.len_utf8()..]);
        return (rest, n);
    }
    (f.to_string(), None)
}

/// Every number in `t` with the unit written right after it.
fn read_amounts(t: &str) -> Vec<Amount> {
    let mut out = Vec::new();
    let b = t.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'.' || b[i] == b',') {
            i += 1;
        }
        let num: String = t[start..i].chars().filter(|c| *c != ',').collect();
        let Ok(value) = num.trim_end_matches('.').parse::<f64>() else {
            continue;
        };
        let rest = &t[i..];
        let multiplier = if rest.starts_with('k') || rest.starts_with('千') {
            Some(1_000.0)
        } else if rest.starts_with('w') || rest.starts_with('万') {
            Some(10_000.0)
        } else if rest.starts_with('百') {
            Some(100.0)
        } else {
            None
        };
        out.push(Amount { value, multiplier });
    }
    out
}

/// Pay from numeric columns already in CNY per month (the platform CSV's 最低薪资, 最高薪资, 几薪).
///
/// Zero, negative, non-finite or missing figures are absent; bounds given the wrong way round are
/// swapped; months outside 1..=24 are dropped. `None` when neither bound remains. Figures are
/// taken as stated: the CSV holds some daily (100–300) and yearly (500 000) amounts mislabelled
/// as monthly, which this function cannot tell apart from real ones.
pub fn parse_numbers(
    min: Option<f64>,
    max: Option<f64>,
    months: Option<f64>,
) -> Option<MonthlyPay> {
    let ok = |v: Option<f64>| v.filter(|v| v.is_finite() && *v > 0.0);
    let (mut lo, mut hi) = (ok(min), ok(max));
    if let (Some(a), Some(b)) = (lo, hi) {
        if a > b {
            (lo, hi) = (Some(b), Some(a));
        }
    }
    if lo.is_none() && hi.is_none() {
        return None;
    }
    let months = months
        .filter(|m| m.is_finite() && m.fract() == 0.0 && (1.0..=24.0).contains(m))
        .map(|m| m as u32);
    Some(MonthlyPay {
        min: lo,
        max: hi,
        months,
    })
}

/// A rounded amount as `format!("{}", x)` writes it, through integer formatting (cheaper than a
/// float's) when it is a whole number in range.
pub(crate) fn whole(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 && !(x == 0.0 && x.is_sign_negative()) {
        (x as i64).to_string()
    } else {
        format!("{x}")
    }
}

/// A vacancy's monthly pay as bole writes it everywhere (reasons, roster, livestream talking
/// points): `5000-7000元/月`, `5000元/月` (one figure, or only a minimum), `最高7000元/月` (only a
/// maximum), `面议` (none), in whole yuan.
pub fn pay_text(min: Option<f64>, max: Option<f64>) -> String {
    let y = |x: f64| whole(x.round());
    match (min, max) {
        (Some(a), Some(b)) if (b - a).abs() >= 1.0 => format!("{}-{}元/月", y(a), y(b)),
        (Some(a), _) => format!("{}元/月", y(a)),
        (None, Some(b)) => format!("最高{}元/月", y(b)),
        (None, None) => "面议".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pay_is_written_one_way() {
        assert_eq!(pay_text(Some(5000.0), Some(7000.0)), "5000-7000元/月");
        assert_eq!(pay_text(Some(4350.4), Some(4350.6)), "4350元/月");
        assert_eq!(pay_text(Some(4350.0), Some(6525.0)), "4350-6525元/月");
        assert_eq!(pay_text(Some(5000.0), None), "5000元/月");
        assert_eq!(pay_text(None, Some(8000.0)), "最高8000元/月");
        assert_eq!(pay_text(None, None), "面议");
    }

    #[test]
    fn whole_amounts_read_as_float_formatting_writes_them() {
        for x in [
            0.0,
            1.0,
            7000.0,
            12345.0,
            1e14,
            -3.0,
            2.5,
            -0.0,
            1e20,
            f64::NAN,
            f64::INFINITY,
        ] {
            assert_eq!(whole(x), format!("{x}"), "{x}");
        }
    }

    fn pay(min: Option<f64>, max: Option<f64>, months: Option<u32>) -> Option<MonthlyPay> {
        Some(MonthlyPay { min, max, months })
    }

    #[test]
    fn monthly_ranges() {
        assert_eq!(
            parse("6-8K·13薪"),
            pay(Some(6000.0), Some(8000.0), Some(13))
        );
        assert_eq!(
            parse("15-25K·14薪"),
            pay(Some(15000.0), Some(25000.0), Some(14))
        );
        assert_eq!(
            parse("4000-6000元/月"),
            pay(Some(4000.0), Some(6000.0), None)
        );
        assert_eq!(parse("1.5-2万"), pay(Some(15000.0), Some(20000.0), None));
        assert_eq!(parse("1-1.5万/月"), pay(Some(10000.0), Some(15000.0), None));
        assert_eq!(parse("8千-1万"), pay(Some(8000.0), Some(10000.0), None));
        assert_eq!(parse("4k~6k"), pay(Some(4000.0), Some(6000.0), None));
        assert_eq!(parse("3000至5000元"), pay(Some(3000.0), Some(5000.0), None));
        assert_eq!(parse("６－８Ｋ"), pay(Some(6000.0), Some(8000.0), None));
        assert_eq!(
            parse("薪资范围：9k-2w，多劳多得"),
            pay(Some(9000.0), Some(20000.0), None)
        );
        assert_eq!(
            parse("12,000-15,000元/月"),
            pay(Some(12000.0), Some(15000.0), None)
        );
    }

    #[test]
    fn other_periods() {
        assert_eq!(parse("200元/天"), pay(Some(4350.0), Some(4350.0), None));
        assert_eq!(parse("25元/时"), pay(Some(4350.0), Some(4350.0), None));
        assert_eq!(parse("20-25元/小时"), pay(Some(3480.0), Some(4350.0), None));
        assert_eq!(parse("150-200元/天"), pay(Some(3263.0), Some(4350.0), None));
        assert_eq!(parse("10-20万/年"), pay(Some(8333.0), Some(16667.0), None));
        assert_eq!(parse("年薪24万"), pay(Some(20000.0), Some(20000.0), None));
        assert_eq!(parse("日薪180"), pay(Some(3915.0), Some(3915.0), None));
    }

    #[test]
    fn single_and_open_bounds() {
        assert_eq!(parse("8千"), pay(Some(8000.0), Some(8000.0), None));
        assert_eq!(parse("5000以上"), pay(Some(5000.0), None, None));
        assert_eq!(parse("底薪3000+提成"), pay(Some(3000.0), None, None));
        assert_eq!(parse("8000元以下"), pay(None, Some(8000.0), None));
        assert_eq!(parse("月入8000+"), pay(Some(8000.0), None, None));
        assert_eq!(
            parse("底薪3000·13薪"),
            pay(Some(3000.0), Some(3000.0), Some(13))
        );
    }

    #[test]
    fn negotiable_and_garbage() {
        assert_eq!(parse("面议"), None);
        assert_eq!(parse("薪资面议"), None);
        assert_eq!(parse(""), None);
        assert_eq!(parse("6-8"), None);
        assert_eq!(parse("0元"), None);
        assert_eq!(parse("13薪"), None);
        // Months per year outside 1..=24 are not months.
        assert_eq!(parse("5000元·30薪"), pay(Some(5000.0), Some(5000.0), None));
    }

    #[test]
    fn numeric_columns() {
        // Rows of jobs.csv: 最低薪资, 最高薪资, 几薪.
        assert_eq!(
            parse_numbers(Some(10000.0), Some(20000.0), Some(13.0)),
            pay(Some(10000.0), Some(20000.0), Some(13))
        );
        assert_eq!(
            parse_numbers(Some(4000.0), Some(6000.0), None),
            pay(Some(4000.0), Some(6000.0), None)
        );
        assert_eq!(
            parse_numbers(Some(180.0), None, None),
            pay(Some(180.0), None, None)
        );
        assert_eq!(parse_numbers(Some(0.0), Some(0.0), None), None);
        assert_eq!(parse_numbers(None, None, Some(13.0)), None);
        assert_eq!(
            parse_numbers(Some(0.0), Some(8000.0), Some(0.0)),
            pay(None, Some(8000.0), None)
        );
        assert_eq!(
            parse_numbers(Some(9000.0), Some(7000.0), Some(12.5)),
            pay(Some(7000.0), Some(9000.0), None)
        );
        assert_eq!(
            parse_numbers(Some(f64::NAN), Some(5000.0), None),
            pay(None, Some(5000.0), None)
        );
    }
}
