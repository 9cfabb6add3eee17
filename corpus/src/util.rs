//! Small helpers shared by the job and candidate generators.

use bole::model::Location;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use crate::places::Place;

/// The corpus's random source: one ChaCha8 stream per record so record `i` is the same whatever
/// `n` is and records can be generated independently.
pub(crate) fn record_rng(seed: u64, salt: u64, i: u64) -> ChaCha8Rng {
    use rand::SeedableRng;
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ salt);
    rng.set_stream(i);
    rng
}

/// One element of a non-empty slice.
pub(crate) fn pick<'a, T>(rng: &mut ChaCha8Rng, xs: &'a [T]) -> &'a T {
    &xs[rng.gen_range(0..xs.len())]
}

/// True with probability `p`.
pub(crate) fn chance(rng: &mut ChaCha8Rng, p: f64) -> bool {
    rng.gen_bool(p.clamp(0.0, 1.0))
}

/// Index drawn by weight.
pub(crate) fn weighted<T>(rng: &mut ChaCha8Rng, xs: &[T], w: impl Fn(&T) -> u32) -> usize {
    let total: u32 = xs.iter().map(&w).sum();
    let mut r = rng.gen_range(0..total);
    for (i, x) in xs.iter().enumerate() {
        let wi = w(x);
        if r < wi {
            return i;
        }
        r -= wi;
    }
    xs.len() - 1
}

/// Up to `k` distinct elements, in table order (so skill lists read naturally).
pub(crate) fn some<'a>(rng: &mut ChaCha8Rng, xs: &[&'a str], k: usize) -> Vec<&'a str> {
    if xs.is_empty() || k == 0 {
        return Vec::new();
    }
    let k = k.min(xs.len());
    let idx = rand::seq::index::sample(rng, xs.len(), k);
    let mut v: Vec<usize> = idx.into_iter().collect();
    v.sort_unstable();
    v.into_iter().map(|i| xs[i]).collect()
}

/// Rounds to `step` (pay is quoted in round hundreds).
pub(crate) fn round_to(x: f64, step: f64) -> f64 {
    (x / step).round() * step
}

/// Six decimals: enough for metres, and such values survive a JSON round trip bit for bit.
fn coord(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// The ways people write a county-level place.
pub(crate) fn region_text(rng: &mut ChaCha8Rng, p: &Place) -> String {
    // Old names appear now and then, as in real postings written from habit.
    let name = if p.names.len() > 1 && chance(rng, 0.2) {
        p.names[1]
    } else {
        p.name()
    };
    match rng.gen_range(0..10) {
        0..=3 => format!("{}{}{}", p.province, p.city, name),
        4..=5 => format!("{}{}", p.city, name),
        6 => format!("{}·{}", p.city_short(), name),
        7 => format!("{}-{}-{}", p.province, p.city, name),
        8 => name.to_string(),
        _ => format!("{}{}城区", p.city, name),
    }
}

/// A location near `p`: region text always, code and coordinates usually, jittered a few km
/// so not every record sits on the county centre.
pub(crate) fn location(rng: &mut ChaCha8Rng, p: &Place, spread_km: f64) -> Location {
    let region = Some(region_text(rng, p));
    let adcode = chance(rng, 0.88).then(|| p.adcode.to_string());
    let (lat, lon) = if chance(rng, 0.8) {
        let dlat = rng.gen_range(-1.0..1.0) * spread_km / 111.0;
        let dlon = rng.gen_range(-1.0..1.0) * spread_km / (111.0 * p.lat.to_radians().cos());
        (Some(coord(p.lat + dlat)), Some(coord(p.lon + dlon)))
    } else {
        (None, None)
    };
    Location {
        region,
        adcode,
        lat,
        lon,
    }
}

pub(crate) use bole::date::iso_date;

/// Traditional-character form of a text (台港 submissions, or people typing on such devices).
pub(crate) fn hant(s: &str) -> String {
    zhconv::zhconv(s, zhconv::Variant::ZhHant)
}

/// In-place traditional conversion of a list.
pub(crate) fn hant_all(v: &mut [String]) {
    for s in v {
        *s = hant(s);
    }
}

/// In-place traditional conversion of an optional text.
pub(crate) fn hant_opt(v: &mut Option<String>) {
    if let Some(s) = v {
        *s = hant(s);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bole::model::parse_date;

    #[test]
    fn iso_date_inverts_parse_date() {
        for d in [
            "1970-01-01",
            "2024-02-29",
            "2026-11-21",
            "2027-03-01",
            "2000-12-31",
        ] {
            assert_eq!(iso_date(parse_date(d).unwrap()), d);
        }
        for n in 20_000..20_600 {
            assert_eq!(parse_date(&iso_date(n)), Some(n));
        }
    }

    #[test]
    fn traditional_conversion_changes_common_words() {
        assert_eq!(hant("会带小孩"), "會帶小孩");
        assert_ne!(hant("岗位职责：负责仓库管理"), "岗位职责：负责仓库管理");
    }

    #[test]
    fn coordinates_survive_json() {
        let mut rng = record_rng(1, 0, 0);
        for _ in 0..1000 {
            let x = coord(rng.gen_range(20.0..40.0));
            let back: f64 = serde_json::from_str(&serde_json::to_string(&x).unwrap()).unwrap();
            assert_eq!(back.to_bits(), x.to_bits());
        }
    }
}
