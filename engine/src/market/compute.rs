//! One map: the places of a region's valid vacancies and its seekers per area × occupation, who
//! can reach which places, and the shortage and surplus lists (see the module doc of [`super`]).

use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;

use rustc_hash::FxHasher;

use super::seekers::{Key, Seekers, GRID};
use super::{AreaRow, Cell, Figures, Level, Listed, Map, MapQuery, Thresholds, Totals};
use crate::jobset::JobEntry;
use crate::occupation::Code;
use crate::outcomes::{HiredSet, HiresMap};
use crate::rank::features::education;
use crate::rank::Policy;
use crate::text::education::EduLevel;
use crate::text::region::{by_adcode, city_level, contains, distance_km, Level as RLevel};

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;
type FxSet<K> = HashSet<K, BuildHasherDefault<FxHasher>>;

/// Kilometres per degree of latitude.
const KM_PER_DEG: f64 = 111.2;

/// The area of a place code at a map level: a place known only above that level keeps its own
/// code (a vacancy placed only in a city is its own area on a county map).
pub(crate) fn area_at(code: u32, level: Level) -> u32 {
    match level {
        Level::Province => code / 10_000 * 10_000,
        Level::City => city_level(code),
        Level::County => code,
    }
}

/// The name of an area on a map of `level`.
pub(crate) fn area_name(code: u32, level: Level) -> String {
    let Some(p) = by_adcode(code) else {
        return format!("{code}");
    };
    // The 市辖区 placeholder of a 直辖市 stands for the city itself.
    let name = if p.name == "市辖区" {
        by_adcode(code / 10_000 * 10_000).map_or(p.name, |q| q.name)
    } else {
        p.name
    };
    let below = match level {
        Level::County => p.level != RLevel::County,
        Level::City => p.level == RLevel::Province,
        Level::Province => false,
    };
    if below {
        format!("{name}（下级不详）")
    } else {
        name.to_string()
    }
}

/// Running sums of one cell, area or the whole region.
#[derive(Default)]
struct Acc {
    vacancies: u32,
    open: u32,
    employers: FxSet<u64>,
    pays: Vec<f64>,
    ages: Vec<f64>,
    seekers: u32,
    reachable: u32,
    /// Sites reached by any of the seekers counted here (bit per site).
    in_reach: Vec<u64>,
    /// The seeker key that last counted as reaching this (see `Builder::seekers`).
    stamp: usize,
}

impl Acc {
    fn reach_site(&mut self, site: usize) {
        let w = site / 64;
        if self.in_reach.len() <= w {
            self.in_reach.resize(w + 1, 0);
        }
        self.in_reach[w] |= 1 << (site % 64);
    }

    fn finish(mut self, sites: &[Site]) -> Figures {
        let mut in_reach = 0u32;
        for (w, bits) in self.in_reach.iter().enumerate() {
            let mut b = *bits;
            while b != 0 {
                let i = w * 64 + b.trailing_zeros() as usize;
                in_reach += sites[i].open;
                b &= b - 1;
            }
        }
        Figures {
            vacancies: self.vacancies,
            open_places: self.open,
            employers: self.employers.len() as u32,
            seekers: self.seekers,
            reachable_seekers: self.reachable,
            places_in_reach: in_reach,
            tightness: (self.reachable > 0).then(|| self.open as f64 / self.reachable as f64),
            median_pay: median(&mut self.pays),
            median_age_days: median(&mut self.ages),
        }
    }
}

/// The median (mean of the middle two for an even count); `None` when empty.
fn median(v: &mut [f64]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    })
}

/// Places of one cell at one position asking one education: the unit a seeker is checked against.
struct Site {
    cell: usize,
    area: usize,
    adcode: u32,
    lat: f64,
    lon: f64,
    precise: bool,
    edu: Option<EduLevel>,
    open: u32,
}

/// The sites of one occupation node, with the box their precise positions span.
struct Bucket {
    occ: Code,
    sites: Vec<usize>,
    lat: (f64, f64),
    lon: (f64, f64),
}

struct Builder<'a> {
    q: &'a MapQuery,
    policy: &'a Policy,
    areas: Vec<(u32, Acc)>,
    area_ix: FxMap<u32, usize>,
    cells: Vec<(usize, Option<Code>, Acc)>,
    cell_ix: FxMap<(usize, Option<Code>), usize>,
    total: Acc,
    sites: Vec<Site>,
    site_ix: FxMap<(usize, i64, i64, bool, Option<EduLevel>), usize>,
    buckets: Vec<Bucket>,
    uncoded_vacancies: u32,
    uncoded_seekers: u32,
}

impl<'a> Builder<'a> {
    fn area(&mut self, code: u32) -> usize {
        let a = area_at(code, self.q.level);
        let n = self.areas.len();
        *self.area_ix.entry(a).or_insert_with(|| {
            self.areas.push((a, Acc::default()));
            n
        })
    }

    fn cell(&mut self, area: usize, occ: Option<Code>) -> usize {
        let n = self.cells.len();
        *self.cell_ix.entry((area, occ)).or_insert_with(|| {
            self.cells.push((area, occ, Acc::default()));
            n
        })
    }

    /// Count one valid vacancy with open places.
    fn vacancy(&mut self, e: &JobEntry, open: u32) {
        let Some(place) = e.profile.place.as_ref() else {
            return;
        };
        let occ = e.occupation.as_ref().map(|c| c.code.at(self.q.depth));
        if occ.is_none() {
            self.uncoded_vacancies += 1;
        }
        let area = self.area(place.adcode);
        let cell = self.cell(area, occ);
        let employer = e.job.employer.as_deref().map(crate::fulltext::record_key);
        let pay = e.profile.pay.map(|(lo, hi)| (lo + hi) / 2.0);
        let age = e
            .job
            .posted_at
            .as_deref()
            .and_then(crate::model::parse_date)
            .map(|d| (self.q.today - d).max(0) as f64);
        for acc in [
            &mut self.total,
            &mut self.areas[area].1,
            &mut self.cells[cell].2,
        ] {
            acc.vacancies += 1;
            acc.open += open;
            if let Some(h) = employer {
                acc.employers.insert(h);
            }
            acc.pays.extend(pay);
            acc.ages.extend(age);
        }
        let Some(occ) = occ else {
            return;
        };
        let (lat, lon) = (place.lat, place.lon);
        let sk = (
            cell,
            (lat / GRID).round() as i64,
            (lon / GRID).round() as i64,
            place.precise,
            e.profile.edu,
        );
        if let Some(&s) = self.site_ix.get(&sk) {
            self.sites[s].open += open;
            return;
        }
        let s = self.sites.len();
        self.site_ix.insert(sk, s);
        self.sites.push(Site {
            cell,
            area,
            adcode: place.adcode,
            lat,
            lon,
            precise: place.precise,
            edu: e.profile.edu,
            open,
        });
        let b = match self.buckets.iter().position(|b| b.occ == occ) {
            Some(b) => b,
            None => {
                self.buckets.push(Bucket {
                    occ,
                    sites: Vec::new(),
                    lat: (f64::MAX, f64::MIN),
                    lon: (f64::MAX, f64::MIN),
                });
                self.buckets.len() - 1
            }
        };
        let bk = &mut self.buckets[b];
        bk.sites.push(s);
        if place.precise {
            bk.lat = (bk.lat.0.min(lat), bk.lat.1.max(lat));
            bk.lon = (bk.lon.0.min(lon), bk.lon.1.max(lon));
        }
    }

    /// Whether a seeker reaches a site: education met, and within reach (both placed precisely),
    /// else in the same city.
    fn reaches(&self, k: &Key, reach: f64, s: &Site) -> bool {
        if education(s.edu, k.edu, &self.policy.curves).1 != 0 {
            return false;
        }
        if k.precise && s.precise {
            distance_km(k.position(), (s.lat, s.lon)) <= reach
        } else {
            k.area != 0 && city_level(k.area) == city_level(s.adcode)
        }
    }

    /// Count the seekers: where they are, and which cells and areas they reach.
    fn seekers(&mut self, seekers: &Seekers, hired: &HiredSet) {
        // People hired (an outcome event) are no longer seekers.
        let mut gone: FxMap<Key, u32> = FxMap::default();
        for id in hired.iter() {
            if let Some(k) = seekers.key_of(id) {
                *gone.entry(k).or_insert(0) += 1;
            }
        }
        let mut compatible: FxMap<Code, Vec<usize>> = FxMap::default();
        let mut reached = Vec::new();
        for (stamp, (k, n)) in seekers.keys().enumerate() {
            let stamp = stamp + 1;
            let n = n.saturating_sub(gone.get(k).copied().unwrap_or(0));
            if n == 0 || self.q.group.is_some_and(|g| !k.in_group(g)) {
                continue;
            }
            let occ = k.occ.map(|c| c.at(self.q.depth));
            let home = (k.area != 0 && contains(self.q.region, k.area)).then(|| {
                let a = self.area(k.area);
                (a, self.cell(a, occ))
            });
            if let Some((a, c)) = home {
                self.total.seekers += n;
                self.areas[a].1.seekers += n;
                self.cells[c].2.seekers += n;
                if occ.is_none() {
                    self.uncoded_seekers += n;
                }
            }
            let Some(occ) = occ else {
                continue;
            };
            let buckets = compatible.entry(occ).or_insert_with(|| {
                let b = &self.buckets;
                (0..b.len()).filter(|&i| related(b[i].occ, occ)).collect()
            });
            reached.clear();
            let reach = k.reach_km(self.policy);
            let (lat, lon) = k.position();
            let dlat = reach / KM_PER_DEG;
            let dlon = reach / (KM_PER_DEG * lat.abs().min(80.0).to_radians().cos());
            for &b in buckets.iter() {
                let bk = &self.buckets[b];
                let near = k.precise
                    && lat >= bk.lat.0 - dlat
                    && lat <= bk.lat.1 + dlat
                    && lon >= bk.lon.0 - dlon
                    && lon <= bk.lon.1 + dlon;
                for &s in &bk.sites {
                    let site = &self.sites[s];
                    if (near || !(k.precise && site.precise)) && self.reaches(k, reach, site) {
                        reached.push(s);
                    }
                }
            }
            if reached.is_empty() {
                continue;
            }
            self.total.reachable += n;
            for &s in &reached {
                let (c, a) = (self.sites[s].cell, self.sites[s].area);
                for acc in [&mut self.cells[c].2, &mut self.areas[a].1] {
                    if acc.stamp != stamp {
                        acc.stamp = stamp;
                        acc.reachable += n;
                    }
                }
                if let Some((ha, hc)) = home {
                    self.total.reach_site(s);
                    self.areas[ha].1.reach_site(s);
                    self.cells[hc].2.reach_site(s);
                }
            }
        }
    }
}

/// Two occupation nodes are related when one contains the other.
fn related(a: Code, b: Code) -> bool {
    let d = a.depth().min(b.depth());
    a.at(d) == b.at(d)
}

/// The map of a query over the vacancies and seekers held.
pub(crate) fn compute<'e>(
    q: &MapQuery,
    jobs: impl Iterator<Item = &'e JobEntry>,
    seekers: &Seekers,
    hires: &HiresMap,
    hired: &HiredSet,
    policy: &Policy,
) -> Map {
    let mut b = Builder {
        q,
        policy,
        areas: Vec::new(),
        area_ix: FxMap::default(),
        cells: Vec::new(),
        cell_ix: FxMap::default(),
        total: Acc::default(),
        sites: Vec::new(),
        site_ix: FxMap::default(),
        buckets: Vec::new(),
        uncoded_vacancies: 0,
        uncoded_seekers: 0,
    };
    for e in jobs {
        let inside = e
            .profile
            .place
            .as_ref()
            .is_some_and(|p| contains(q.region, p.adcode));
        if !inside || !e.job.is_valid_on(q.today) {
            continue;
        }
        let open = e
            .job
            .places()
            .saturating_sub(hires.get(&e.job.id).copied().unwrap_or(0));
        if open > 0 {
            b.vacancy(e, open);
        }
    }
    b.seekers(seekers, hired);
    finish(b)
}

fn finish(b: Builder<'_>) -> Map {
    let q = b.q;
    let sites = &b.sites;
    let mut areas: Vec<AreaRow> = Vec::with_capacity(b.areas.len());
    let mut area_names = Vec::with_capacity(b.areas.len());
    for (code, acc) in b.areas {
        let place = by_adcode(code);
        let name = area_name(code, q.level);
        area_names.push(name.clone());
        areas.push(AreaRow {
            adcode: code,
            name,
            lat: place.map(|p| p.lat),
            lon: place.map(|p| p.lon),
            figures: acc.finish(sites),
        });
    }
    let mut cells: Vec<Cell> = b
        .cells
        .into_iter()
        .map(|(a, occ, acc)| Cell {
            area: areas[a].adcode,
            area_name: area_names[a].clone(),
            occupation: occ.map(|c| c.seq()),
            occupation_name: occ.map_or_else(|| "未能编码".to_string(), |c| c.name().to_string()),
            figures: acc.finish(sites),
        })
        .collect();
    areas.sort_by(|x, y| {
        (y.figures.open_places, y.figures.seekers, x.adcode).cmp(&(
            x.figures.open_places,
            x.figures.seekers,
            y.adcode,
        ))
    });
    cells.sort_by(|x, y| {
        (
            x.area,
            y.figures.open_places,
            y.figures.seekers,
            &x.occupation,
        )
            .cmp(&(
                y.area,
                x.figures.open_places,
                x.figures.seekers,
                &y.occupation,
            ))
    });
    let (shortage, surplus) = lists(&cells, &q.thresholds);
    Map {
        region: q.region,
        region_name: area_name(q.region, Level::Province),
        level: q.level,
        depth: q.depth,
        group: q.group,
        today: crate::date::iso_date(q.today),
        totals: Totals {
            figures: b.total.finish(sites),
            areas: areas.len() as u32,
            uncoded_vacancies: b.uncoded_vacancies,
            uncoded_seekers: b.uncoded_seekers,
        },
        areas,
        cells,
        shortage,
        surplus,
    }
}

/// The shortage and surplus lists, each ordered most pressing first.
fn lists(cells: &[Cell], t: &Thresholds) -> (Vec<Listed>, Vec<Listed>) {
    let mut shortage: Vec<(f64, Listed)> = Vec::new();
    let mut surplus: Vec<(f64, Listed)> = Vec::new();
    for c in cells.iter().filter(|c| c.occupation.is_some()) {
        let f = &c.figures;
        let tight = f.tightness.unwrap_or(f64::INFINITY);
        let age = f.median_age_days.unwrap_or(0.0);
        if f.open_places > 0
            && tight >= t.shortage_tightness
            && age >= t.shortage_min_age_days
            && f.employers >= t.shortage_min_employers
        {
            let why = match f.tightness {
                Some(x) => format!(
                    "{}个空缺岗位仅{}名可达求职者（每人{:.1}个），{}家单位在招，空缺中位已挂{:.0}天",
                    f.open_places, f.reachable_seekers, x, f.employers, age
                ),
                None => format!(
                    "{}个空缺岗位无一名可达求职者，{}家单位在招，空缺中位已挂{:.0}天",
                    f.open_places, f.employers, age
                ),
            };
            shortage.push((tight, listed(c, why)));
        }
        if f.seekers >= t.surplus_min_seekers {
            let ratio = f.seekers as f64 / f.places_in_reach.max(1) as f64;
            if f.places_in_reach == 0 || ratio >= t.surplus_ratio {
                let why = if f.places_in_reach == 0 {
                    format!("{}名求职者，通勤范围内没有对口空缺", f.seekers)
                } else {
                    format!(
                        "{}名求职者，通勤范围内对口空缺仅{}个（每个空缺{:.1}人）",
                        f.seekers, f.places_in_reach, ratio
                    )
                };
                let key = if f.places_in_reach == 0 {
                    f64::INFINITY
                } else {
                    ratio
                };
                surplus.push((key, listed(c, why)));
            }
        }
    }
    let order = |v: &mut Vec<(f64, Listed)>| {
        v.sort_by(|a, b| {
            b.0.total_cmp(&a.0)
                .then(b.1.figures.open_places.cmp(&a.1.figures.open_places))
                .then(b.1.figures.seekers.cmp(&a.1.figures.seekers))
                .then(a.1.area.cmp(&b.1.area))
                .then(a.1.occupation.cmp(&b.1.occupation))
        });
    };
    order(&mut shortage);
    order(&mut surplus);
    (
        shortage.into_iter().map(|x| x.1).collect(),
        surplus.into_iter().map(|x| x.1).collect(),
    )
}

fn listed(c: &Cell, why: String) -> Listed {
    Listed {
        area: c.area,
        area_name: c.area_name.clone(),
        occupation: c.occupation.clone(),
        occupation_name: c.occupation_name.clone(),
        figures: c.figures.clone(),
        why,
    }
}
