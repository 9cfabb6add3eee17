//! The vacancies held in memory, indexed by area and by map cell, so that a query touches only
//! its local labour market instead of scanning every vacancy in the country.

use std::collections::HashMap;
use std::sync::Arc;

use crate::fulltext::record_key;
use crate::model::Job;
use crate::rank::JobProfile;
use crate::text::region::contains;

/// A vacancy held in memory with its derived profile and vector.
#[derive(Debug)]
pub struct JobEntry {
    /// The record as stored.
    pub job: Job,
    /// What the ranker derives from it.
    pub profile: JobProfile,
    /// Document vector (empty when no embedder is trained yet).
    pub vector: Vec<f32>,
    /// What the vacancy offers a livestream, derived once here.
    pub card: crate::live::Card,
    /// Its occupation in the 2022 classification (`None`: not codable), for the market map.
    pub occupation: Option<crate::occupation::Coding>,
}

impl JobEntry {
    /// The entry of a vacancy: its record, profile and vector, and the livestream card derived
    /// from them.
    pub fn new(job: Job, profile: JobProfile, vector: Vec<f32>) -> JobEntry {
        let card = crate::live::Card::new(&job, &profile);
        let occupation = crate::occupation::code_job(&job);
        JobEntry {
            job,
            profile,
            vector,
            card,
            occupation,
        }
    }
}

/// Map cells are this many degrees on a side (about 22 km north–south).
const CELL: f64 = 0.2;

/// Vacancies by id, by city-level area and by map cell.
#[derive(Default)]
pub(crate) struct JobSet {
    by_id: HashMap<String, Arc<JobEntry>>,
    /// By [`record_key`] of the id, as full-text hits carry it (the key is a hash already).
    by_key: HashMap<u64, Arc<JobEntry>, std::hash::BuildHasherDefault<rustc_hash::FxHasher>>,
    /// Keyed by the city-level code of the place (a place known only to province level is kept
    /// under the province code).
    by_city: HashMap<u32, Vec<Arc<JobEntry>>>,
    /// The vectors of each city's vacancies (same key as `by_city`), for similarity scans.
    blocks: HashMap<u32, CityBlock>,
    grid: HashMap<(i32, i32), Vec<Arc<JobEntry>>>,
}

/// One city's vacancy vectors in one allocation, row after row, beside what a similarity scan
/// filters on: a scan of a local labour market then reads memory in order instead of following a
/// pointer per vacancy to its record and another to its vector.
#[derive(Default)]
struct CityBlock {
    /// Length of each row (the first vector filed sets it).
    dim: usize,
    entries: Vec<Arc<JobEntry>>,
    adcodes: Vec<u32>,
    /// Last day valid (`i64::MAX`: no end date).
    valid_until: Vec<i64>,
    /// `entries.len() × dim`.
    rows: Vec<f32>,
    /// Entries whose vector has another length than `dim` (only while an embedder is replaced).
    odd: Vec<Arc<JobEntry>>,
}

impl CityBlock {
    fn push(&mut self, e: &Arc<JobEntry>, adcode: u32) {
        if self.entries.is_empty() && self.dim != e.vector.len() {
            // The first row sets the length; vacancies set aside for having this length (the
            // rest of a city re-embedded) become rows.
            self.dim = e.vector.len();
            for o in std::mem::take(&mut self.odd) {
                match o.profile.place.as_ref().map(|p| p.adcode) {
                    Some(code) if o.vector.len() == self.dim => self.push_row(&o, code),
                    _ => self.odd.push(o),
                }
            }
        }
        if e.vector.len() != self.dim {
            self.odd.push(e.clone());
            return;
        }
        self.push_row(e, adcode);
    }

    fn push_row(&mut self, e: &Arc<JobEntry>, adcode: u32) {
        self.entries.push(e.clone());
        self.adcodes.push(adcode);
        self.valid_until
            .push(e.profile.valid_until.unwrap_or(i64::MAX));
        self.rows.extend_from_slice(&e.vector);
    }

    fn remove(&mut self, e: &Arc<JobEntry>) {
        if let Some(i) = self.entries.iter().position(|x| Arc::ptr_eq(x, e)) {
            let last = self.entries.len() - 1;
            self.entries.swap_remove(i);
            self.adcodes.swap_remove(i);
            self.valid_until.swap_remove(i);
            if i != last {
                self.rows
                    .copy_within(last * self.dim..(last + 1) * self.dim, i * self.dim);
            }
            self.rows.truncate(last * self.dim);
        } else if let Some(i) = self.odd.iter().position(|x| Arc::ptr_eq(x, e)) {
            self.odd.swap_remove(i);
        }
    }

    fn is_empty(&self) -> bool {
        self.entries.is_empty() && self.odd.is_empty()
    }
}

use crate::text::region::city_level as city_key;

fn cell(lat: f64, lon: f64) -> (i32, i32) {
    ((lat / CELL).floor() as i32, (lon / CELL).floor() as i32)
}

/// Visit the value of each city-level key that lies in `area`: every city of a province, or the
/// one city of a city or county code.
fn each_city_of<'a, V>(m: &'a HashMap<u32, V>, area: u32, mut visit: impl FnMut(&'a V)) {
    if area.is_multiple_of(10_000) {
        for (k, v) in m {
            if k / 10_000 == area / 10_000 {
                visit(v);
            }
        }
    } else if let Some(v) = m.get(&city_key(area)) {
        visit(v);
    }
}

fn remove_from<K: std::hash::Hash + Eq>(
    m: &mut HashMap<K, Vec<Arc<JobEntry>>>,
    k: K,
    e: &Arc<JobEntry>,
) {
    if let Some(v) = m.get_mut(&k) {
        if let Some(i) = v.iter().position(|x| Arc::ptr_eq(x, e)) {
            v.swap_remove(i);
        }
        if v.is_empty() {
            m.remove(&k);
        }
    }
}

impl JobSet {
    /// A set of the given entries.
    pub(crate) fn from_entries(entries: impl IntoIterator<Item = Arc<JobEntry>>) -> JobSet {
        let mut s = JobSet::default();
        for e in entries {
            s.insert(e);
        }
        s
    }

    /// The entry with this id.
    pub(crate) fn get(&self, id: &str) -> Option<&Arc<JobEntry>> {
        self.by_id.get(id)
    }

    /// The entry whose id has this [`record_key`].
    pub(crate) fn by_key(&self, key: u64) -> Option<&Arc<JobEntry>> {
        self.by_key.get(&key)
    }

    /// Every entry, in no particular order.
    pub(crate) fn values(&self) -> impl Iterator<Item = &Arc<JobEntry>> {
        self.by_id.values()
    }

    /// Add or replace an entry.
    pub(crate) fn insert(&mut self, e: Arc<JobEntry>) {
        self.remove(&e.job.id);
        if let Some(p) = e.profile.place.as_ref() {
            if p.adcode > 0 {
                self.by_city
                    .entry(city_key(p.adcode))
                    .or_default()
                    .push(e.clone());
                if !e.vector.is_empty() {
                    self.blocks
                        .entry(city_key(p.adcode))
                        .or_default()
                        .push(&e, p.adcode);
                }
            }
            if p.lat.is_finite() && p.lon.is_finite() {
                self.grid
                    .entry(cell(p.lat, p.lon))
                    .or_default()
                    .push(e.clone());
            }
        }
        self.by_key.insert(record_key(&e.job.id), e.clone());
        self.by_id.insert(e.job.id.clone(), e);
    }

    /// Remove an entry; returns it if it was held.
    pub(crate) fn remove(&mut self, id: &str) -> Option<Arc<JobEntry>> {
        let e = self.by_id.remove(id)?;
        let key = record_key(id);
        if self.by_key.get(&key).is_some_and(|x| Arc::ptr_eq(x, &e)) {
            self.by_key.remove(&key);
        }
        if let Some(p) = e.profile.place.as_ref() {
            if p.adcode > 0 {
                remove_from(&mut self.by_city, city_key(p.adcode), &e);
                let k = city_key(p.adcode);
                if let Some(b) = self.blocks.get_mut(&k) {
                    b.remove(&e);
                    if b.is_empty() {
                        self.blocks.remove(&k);
                    }
                }
            }
            if p.lat.is_finite() && p.lon.is_finite() {
                remove_from(&mut self.grid, cell(p.lat, p.lon), &e);
            }
        }
        Some(e)
    }

    /// Visit every entry whose place lies in the administrative area `area` (province, city or
    /// county code, by the prefix rule of [`contains`]).
    pub(crate) fn in_area<'a>(&'a self, area: u32, mut f: impl FnMut(&'a Arc<JobEntry>)) {
        if area == 0 {
            return;
        }
        let visit = |v: &'a Vec<Arc<JobEntry>>| {
            for e in v {
                if e.profile
                    .place
                    .as_ref()
                    .is_some_and(|p| contains(area, p.adcode))
                {
                    f(e);
                }
            }
        };
        each_city_of(&self.by_city, area, visit);
    }

    /// Visit every vacancy in `area` (as [`JobSet::in_area`]) that has a vector as long as `v`
    /// and is valid on `today`, with the dot product of the two vectors.
    pub(crate) fn similar_in_area<'a>(
        &'a self,
        area: u32,
        v: &[f32],
        today: i64,
        mut f: impl FnMut(f32, &'a Arc<JobEntry>),
    ) {
        if area == 0 || v.is_empty() {
            return;
        }
        let visit = |b: &'a CityBlock| {
            if b.dim == v.len() {
                for (i, row) in b.rows.chunks_exact(b.dim).enumerate() {
                    if b.valid_until[i] >= today && contains(area, b.adcodes[i]) {
                        f(crate::vector::dot(v, row), &b.entries[i]);
                    }
                }
            }
            for e in &b.odd {
                let place = e.profile.place.as_ref();
                if e.vector.len() == v.len()
                    && e.profile.valid_until.is_none_or(|d| d >= today)
                    && place.is_some_and(|p| contains(area, p.adcode))
                {
                    f(crate::vector::dot(v, &e.vector), e);
                }
            }
        };
        each_city_of(&self.blocks, area, visit);
    }

    /// Visit every entry whose place may lie within `km` of `(lat, lon)`: a superset (the map cells
    /// around the point); the caller measures the distance.
    pub(crate) fn near<'a>(
        &'a self,
        lat: f64,
        lon: f64,
        km: f64,
        mut f: impl FnMut(&'a Arc<JobEntry>),
    ) {
        if !lat.is_finite() || !lon.is_finite() {
            return;
        }
        let dlat = km / 111.0;
        let dlon = km / (111.0 * lat.to_radians().cos().abs().max(0.05));
        let (a0, o0) = cell(lat - dlat, lon - dlon);
        let (a1, o1) = cell(lat + dlat, lon + dlon);
        for a in a0..=a1 {
            for o in o0..=o1 {
                if let Some(v) = self.grid.get(&(a, o)) {
                    v.iter().for_each(&mut f);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::job_from_json;
    use crate::rank::JobProfile;

    fn entry(id: &str, region: &str) -> Arc<JobEntry> {
        let job = job_from_json(&format!(
            r#"{{"id":"{id}","title":"普工","location":{{"region":"{region}"}}}}"#
        ))
        .unwrap();
        Arc::new(JobEntry::new(
            job.clone(),
            JobProfile::new(&job),
            Vec::new(),
        ))
    }

    fn ids_in(s: &JobSet, area: u32) -> Vec<String> {
        let mut v = Vec::new();
        s.in_area(area, |e| v.push(e.job.id.clone()));
        v.sort();
        v
    }

    #[test]
    fn areas_cells_and_keys_follow_inserts_and_removals() {
        let mut s = JobSet::from_entries([
            entry("a", "江西省抚州市临川区"),
            entry("b", "江西省抚州市资溪县"),
            entry("c", "江西省宜春市袁州区"),
            entry("d", "河北省邢台市"),
        ]);
        let linchuan = crate::text::region::resolve("江西省抚州市临川区").unwrap();
        let fuzhou = linchuan.adcode / 100 * 100;
        let jiangxi = linchuan.adcode / 10_000 * 10_000;
        assert_eq!(ids_in(&s, linchuan.adcode), ["a"]);
        assert_eq!(ids_in(&s, fuzhou), ["a", "b"]);
        assert_eq!(ids_in(&s, jiangxi), ["a", "b", "c"]);
        let mut near = Vec::new();
        s.near(linchuan.lat, linchuan.lon, 20.0, |e| {
            near.push(e.job.id.clone())
        });
        assert!(near.contains(&"a".to_string()), "{near:?}");
        assert!(!near.contains(&"d".to_string()), "{near:?}");
        assert_eq!(s.by_key(record_key("b")).unwrap().job.id, "b");

        // Moving a vacancy re-files it; removing it forgets it everywhere.
        s.insert(entry("a", "江西省宜春市袁州区"));
        assert_eq!(ids_in(&s, fuzhou), ["b"]);
        assert_eq!(ids_in(&s, jiangxi), ["a", "b", "c"]);
        assert!(s.remove("b").is_some());
        assert!(s.remove("b").is_none());
        assert!(ids_in(&s, fuzhou).is_empty());
        assert!(s.by_key(record_key("b")).is_none());
        assert_eq!(s.values().count(), 3);
    }

    fn with_vector(id: &str, region: &str, v: &[f32], until: Option<&str>) -> Arc<JobEntry> {
        let mut job = entry(id, region).job.clone();
        job.valid_until = until.map(str::to_string);
        Arc::new(JobEntry::new(
            job.clone(),
            JobProfile::new(&job),
            v.to_vec(),
        ))
    }

    fn similar(s: &JobSet, area: u32, v: &[f32], today: i64) -> Vec<(String, f32)> {
        let mut out = Vec::new();
        s.similar_in_area(area, v, today, |sim, e| out.push((e.job.id.clone(), sim)));
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    }

    #[test]
    fn similarity_scans_follow_inserts_moves_and_removals() {
        let today = crate::model::parse_date("2026-12-01").unwrap();
        let mut s = JobSet::from_entries([
            with_vector("a", "江西省抚州市临川区", &[1.0, 0.0, 0.0], None),
            with_vector("b", "江西省抚州市资溪县", &[0.0, 1.0, 0.0], None),
            with_vector(
                "c",
                "江西省抚州市临川区",
                &[0.6, 0.8, 0.0],
                Some("2026-11-30"),
            ),
            with_vector("d", "江西省宜春市袁州区", &[0.0, 0.0, 1.0], None),
            // No vector: never in a similarity scan, still in the area.
            entry("e", "江西省抚州市临川区"),
        ]);
        let linchuan = crate::text::region::resolve("江西省抚州市临川区").unwrap();
        let fuzhou = linchuan.adcode / 100 * 100;
        let jiangxi = linchuan.adcode / 10_000 * 10_000;
        let q = [0.5, 0.5, 0.5];
        // `c` has expired; `e` has no vector; a county scan keeps to the county.
        assert_eq!(
            similar(&s, fuzhou, &q, today),
            [("a".into(), 0.5), ("b".into(), 0.5)]
        );
        assert_eq!(similar(&s, linchuan.adcode, &q, today), [("a".into(), 0.5)]);
        assert_eq!(similar(&s, jiangxi, &q, today).len(), 3);
        let yesterday = crate::model::parse_date("2026-11-30").unwrap();
        assert_eq!(similar(&s, linchuan.adcode, &q, yesterday).len(), 2);
        // A vector of another length is neither compared nor lost.
        assert!(similar(&s, fuzhou, &[1.0, 0.0], today).is_empty());

        // Removing the first row moves the last one into its place: its vector moves with it.
        assert!(s.remove("a").is_some());
        assert_eq!(
            similar(&s, fuzhou, &[0.0, 1.0, 0.0], today),
            [("b".into(), 1.0)]
        );
        // Moving a vacancy re-files its vector under the new city.
        s.insert(with_vector(
            "b",
            "江西省宜春市袁州区",
            &[0.0, 1.0, 0.0],
            None,
        ));
        assert!(similar(&s, fuzhou, &q, today).is_empty());
        assert_eq!(
            similar(&s, jiangxi, &[0.0, 1.0, 0.0], today),
            [("b".into(), 1.0), ("d".into(), 0.0)]
        );
        // While an embedder is replaced, vectors of two lengths share a city.
        s.insert(with_vector("f", "江西省宜春市袁州区", &[1.0, 0.0], None));
        assert_eq!(
            similar(&s, jiangxi, &[1.0, 0.0], today),
            [("f".into(), 1.0)]
        );
        assert_eq!(similar(&s, jiangxi, &q, today).len(), 2);
        assert!(s.remove("f").is_some());
        assert!(similar(&s, jiangxi, &[1.0, 0.0], today).is_empty());

        // A city re-embedded vacancy by vacancy ends with every vector a row again.
        s.insert(with_vector("b", "江西省宜春市袁州区", &[0.0, 1.0], None));
        s.insert(with_vector("d", "江西省宜春市袁州区", &[1.0, 0.0], None));
        let yichun = s.blocks.get(&city_key(
            s.get("d").unwrap().profile.place.as_ref().unwrap().adcode,
        ));
        let yichun = yichun.expect("a block for the city");
        assert!(yichun.odd.is_empty() && yichun.dim == 2 && yichun.entries.len() == 2);
        assert_eq!(
            similar(&s, jiangxi, &[1.0, 0.0], today),
            [("b".into(), 0.0), ("d".into(), 1.0)]
        );
    }
}
