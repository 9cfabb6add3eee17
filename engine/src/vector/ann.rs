//! Approximate nearest neighbours over record vectors: an `hnsw_rs` graph keyed by record id.
//!
//! Distances are `DistDot` (1 − dot) on unit vectors. `hnsw_rs` asserts that this distance is
//! never negative (and `DistCosine` asserts similar things), so a dot product that rounds to
//! 1.0000001 would panic mid-search. Every stored and query vector is therefore normalised in
//! `f64` and scaled by [`SHRINK`] < 1: dots stay below 1 by a margin far larger than `f32`
//! rounding, the order of results is unchanged, and the cosine is recovered exactly by dividing
//! by `SHRINK²`.
//!
//! `hnsw_rs` cannot delete points, so a removed or re-inserted key leaves a tombstone; searches
//! skip tombstones and filtered-out keys by over-fetching, and [`AnnIndex::rebuild`] drops them
//! when they pile up. `hnsw_rs`'s own filtered search (`FilterT`) is not used: in 0.3.5, once the
//! filter has rejected every point gathered so far, `search_layer` either returns nothing or
//! unwraps an empty heap, so a selective filter could silently miss or panic. Here a search widens
//! in proportion to the filter's observed pass rate and, past 4,096 candidates, scans
//! exactly; callers whose filter is very selective (one county) can instead score their own
//! candidate set with [`AnnIndex::similarity`].
//!
//! Writes take `&mut self` and searches `&self`; a server shares the index behind a `RwLock`. Points are inserted one at a time: parallel insertion in `hnsw_rs` has
//! been reported to leave points no search can reach (hnswlib-rs issues #32 and #37).

use std::collections::{BinaryHeap, HashMap};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use hnsw_rs::prelude::{AnnT, DistDot, Hnsw, HnswIo, PointId};

use super::normalize;
use crate::error::{Error, Result};

/// Stored vectors are scaled by this so that `1 − dot` can never round below zero.
const SHRINK: f32 = 0.9999;
const SHRINK2: f32 = SHRINK * SHRINK;
/// `hnsw_rs` dump basename inside the index directory.
const BASENAME: &str = "ann";
const KEYS_FILE: &str = "keys.bin";
/// Key table format 2: format 1 plus the graph files' lengths and checksums, and its own.
const MAGIC: &[u8] = b"BOLEANN2";
const OLD_MAGIC: &[u8] = b"BOLEANN1";

/// Graph parameters. The defaults are the shipped ones (recall measured in tests and bench).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnnParams {
    /// Links per point and layer (`M`); the base layer keeps up to 2·M.
    pub m: usize,
    /// Candidate-list width while inserting.
    pub ef_construction: usize,
    /// Candidate-list width while searching (raised to the number of results wanted).
    pub ef_search: usize,
}

impl Default for AnnParams {
    fn default() -> Self {
        AnnParams {
            m: 24,
            ef_construction: 200,
            ef_search: 96,
        }
    }
}

/// An HNSW index from record key to unit vector, with upserts, tombstones, filtered search,
/// rebuild, and persistence that reloads the graph instead of rebuilding it.
pub struct AnnIndex {
    dim: usize,
    params: AnnParams,
    hnsw: Hnsw<'static, f32, DistDot>,
    /// Key of each graph point by internal id; `None` once the point is a tombstone.
    slots: Vec<Option<Box<str>>>,
    /// Live key → internal id.
    live: HashMap<Box<str>, usize>,
    /// Where each internal id sits in the graph, so a key's vector can be read back.
    pids: Vec<Option<PointId>>,
}

impl std::fmt::Debug for AnnIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AnnIndex")
            .field("dim", &self.dim)
            .field("params", &self.params)
            .field("len", &self.len())
            .field("tombstones", &self.tombstones())
            .finish()
    }
}

fn new_graph(params: &AnnParams, capacity: usize) -> Hnsw<'static, f32, DistDot> {
    let mut h = Hnsw::new(
        params.m,
        capacity.max(1),
        16,
        params.ef_construction,
        DistDot {},
    );
    h.set_extend_candidates(false);
    h
}

impl AnnIndex {
    /// An empty index for vectors of `dim` dimensions, with the shipped parameters.
    pub fn new(dim: usize, capacity_hint: usize) -> AnnIndex {
        AnnIndex::with_params(dim, capacity_hint, AnnParams::default())
    }

    /// An empty index with explicit graph parameters.
    pub fn with_params(dim: usize, capacity_hint: usize, params: AnnParams) -> AnnIndex {
        let params = AnnParams {
            m: params.m.clamp(2, 255),
            ef_construction: params.ef_construction.max(1),
            ef_search: params.ef_search.max(1),
        };
        AnnIndex {
            dim,
            params,
            hnsw: new_graph(&params, capacity_hint),
            slots: Vec::with_capacity(capacity_hint),
            live: HashMap::with_capacity(capacity_hint),
            pids: Vec::with_capacity(capacity_hint),
        }
    }

    /// Vector dimension.
    pub fn dim(&self) -> usize {
        self.dim
    }

    /// Graph parameters in use.
    pub fn params(&self) -> AnnParams {
        self.params
    }

    /// Changes the search width (a query-time knob; the graph is unchanged).
    pub fn set_ef_search(&mut self, ef: usize) {
        self.params.ef_search = ef.max(1);
    }

    /// Number of live keys.
    pub fn len(&self) -> usize {
        self.live.len()
    }

    /// True when no key is live.
    pub fn is_empty(&self) -> bool {
        self.live.is_empty()
    }

    /// Number of dead points still in the graph.
    pub fn tombstones(&self) -> usize {
        self.slots.len() - self.live.len()
    }

    /// True when tombstones exceed 20% of the graph's points: searches then over-fetch a lot and
    /// the graph routes through dead points, so [`AnnIndex::rebuild`] pays for itself.
    pub fn needs_rebuild(&self) -> bool {
        self.tombstones() * 5 > self.slots.len()
    }

    /// True when `key` is live.
    pub fn contains(&self, key: &str) -> bool {
        self.live.contains_key(key)
    }

    /// Inserts or replaces the vector of `key` (a replaced point becomes a tombstone). The vector
    /// is normalised here; an all-zero vector has no direction, so it removes the key instead.
    pub fn insert(&mut self, key: &str, v: &[f32]) -> Result<()> {
        if v.len() != self.dim {
            return Err(Error::index(format!(
                "vector for `{key}` has {} dimensions, index has {}",
                v.len(),
                self.dim
            )));
        }
        let mut u = v.to_vec();
        if !normalize(&mut u) {
            if v.iter().any(|x| !x.is_finite()) {
                return Err(Error::index(format!(
                    "vector for `{key}` holds a non-finite value"
                )));
            }
            self.remove(key);
            return Ok(());
        }
        u.iter_mut().for_each(|x| *x *= SHRINK);
        self.remove(key);
        self.push_prepared(key.into(), &u);
        Ok(())
    }

    fn push_prepared(&mut self, key: Box<str>, u: &[f32]) {
        let id = self.slots.len();
        self.hnsw.insert_slice((u, id));
        self.live.insert(key.clone(), id);
        self.slots.push(Some(key));
        self.pids.push(self.locate_newest(u));
    }

    /// `hnsw_rs` does not say where it put a point. Inserts are serial (`&mut self`), so the new
    /// point is the last of its layer; of the layers' last points, take one holding exactly `u`
    /// (if two do, their vectors are equal, which is all a lookup needs).
    fn locate_newest(&self, u: &[f32]) -> Option<PointId> {
        let pi = self.hnsw.get_point_indexation();
        (0..=pi.get_max_level_observed()).find_map(|l| {
            let n = pi.get_layer_nb_point(l as usize);
            let pid = PointId(l, i32::try_from(n).ok()? - 1);
            (n > 0 && pi.get_point_data(&pid)?.as_slice() == u).then_some(pid)
        })
    }

    /// The stored unit vector of a live key.
    pub fn get(&self, key: &str) -> Option<Vec<f32>> {
        let id = *self.live.get(key)?;
        let pid = self.pids.get(id).copied().flatten()?;
        let mut v = self.hnsw.get_point_indexation().get_point_data(&pid)?;
        v.iter_mut().for_each(|x| *x /= SHRINK);
        Some(v)
    }

    /// Exact cosine similarity between `v` and a live key's vector: for scoring a candidate set
    /// that came from elsewhere (a full-text search, a region index) without a graph search.
    pub fn similarity(&self, v: &[f32], key: &str) -> Option<f32> {
        if v.len() != self.dim {
            return None;
        }
        let id = *self.live.get(key)?;
        let pid = self.pids.get(id).copied().flatten()?;
        let stored = self.hnsw.get_point_indexation().get_point_data(&pid)?;
        let mut q = v.to_vec();
        if !normalize(&mut q) {
            return Some(0.0);
        }
        Some(super::dot(&q, &stored) / SHRINK)
    }

    /// Tombstones `key`; returns whether it was live.
    pub fn remove(&mut self, key: &str) -> bool {
        match self.live.remove(key) {
            Some(id) => {
                self.slots[id] = None;
                true
            }
            None => false,
        }
    }

    /// The `k` live keys most similar to `v` for which `filter` holds, best first, with their
    /// cosine similarity. Tombstones and filtered-out keys are never returned. When the filter is
    /// so selective that widening the graph search does not find `k` keys, the search falls back
    /// to an exact scan, so a selective filter costs time, never results.
    pub fn search(&self, v: &[f32], k: usize, filter: &dyn Fn(&str) -> bool) -> Vec<(String, f32)> {
        if k == 0 || self.live.is_empty() || v.len() != self.dim {
            return Vec::new();
        }
        let mut q = v.to_vec();
        if !normalize(&mut q) {
            return Vec::new();
        }
        q.iter_mut().for_each(|x| *x *= SHRINK);
        let points = self.slots.len();
        // Expect tombstones in proportion to their share of the graph. A graph search costs what
        // its width costs, so every round takes as many results as its width.
        let mut fetch = (k + k * self.tombstones() / self.live.len().max(1) + 2)
            .max(self.params.ef_search)
            .min(points);
        loop {
            let found = self.hnsw.search(&q, fetch, fetch);
            let mut out = Vec::with_capacity(k);
            for n in &found {
                if let Some(Some(key)) = self.slots.get(n.d_id) {
                    if filter(key) {
                        out.push((key.to_string(), (1.0 - n.distance) / SHRINK2));
                        if out.len() == k {
                            return out;
                        }
                    }
                }
            }
            if found.len() < fetch || fetch >= points {
                // The graph had nothing more to give.
                return out;
            }
            // Widen in proportion to the pass rate seen so far (when nothing passed yet, assume
            // half of one in what was seen), at least doubling, up to a width beyond which an
            // exact scan is cheaper than a graph walk.
            let rate = if out.is_empty() {
                0.5 / found.len().max(1) as f64
            } else {
                out.len() as f64 / found.len() as f64
            };
            let next = ((k as f64 / rate) * 1.5).ceil() as usize;
            fetch = next.max(fetch * 2).min(points);
            if fetch > EXACT_AFTER || fetch * 2 > points {
                return self.exact_scan(&q, k, filter);
            }
        }
    }

    /// Exact top-`k` over live, filter-passing points (`q` already normalised and shrunk).
    fn exact_scan(&self, q: &[f32], k: usize, filter: &dyn Fn(&str) -> bool) -> Vec<(String, f32)> {
        // Min-heap on score of the best k so far.
        let mut heap: BinaryHeap<std::cmp::Reverse<(Score, usize)>> = BinaryHeap::new();
        if self.hnsw.get_nb_point() == 0 {
            return Vec::new();
        }
        for p in self.hnsw.get_point_indexation() {
            let id = p.get_origin_id();
            let Some(Some(key)) = self.slots.get(id) else {
                continue;
            };
            let s = super::dot(q, p.get_v());
            if heap.len() == k {
                if let Some(std::cmp::Reverse((worst, _))) = heap.peek() {
                    if s <= worst.0 {
                        continue;
                    }
                }
            }
            if !filter(key) {
                continue;
            }
            heap.push(std::cmp::Reverse((Score(s), id)));
            if heap.len() > k {
                heap.pop();
            }
        }
        let mut v: Vec<(Score, usize)> = heap.into_iter().map(|r| r.0).collect();
        v.sort_by(|a, b| b.0 .0.total_cmp(&a.0 .0));
        v.into_iter()
            .filter_map(|(s, id)| {
                let key = self.slots[id].as_ref()?;
                Some((key.to_string(), s.0 / SHRINK2))
            })
            .collect()
    }

    /// Rebuilds the graph from the live points only (serial insertion, in key-insertion order,
    /// so the result is deterministic). Internal ids are renumbered.
    pub fn rebuild(&mut self) {
        let mut pts: Vec<(usize, Vec<f32>)> = if self.hnsw.get_nb_point() == 0 {
            Vec::new()
        } else {
            self.hnsw
                .get_point_indexation()
                .into_iter()
                .filter(|p| matches!(self.slots.get(p.get_origin_id()), Some(Some(_))))
                .map(|p| (p.get_origin_id(), p.get_v().to_vec()))
                .collect()
        };
        pts.sort_by_key(|p| p.0);
        let old = std::mem::take(&mut self.slots);
        self.live.clear();
        self.pids.clear();
        self.hnsw = new_graph(&self.params, pts.len());
        for (id, u) in pts {
            if let Some(key) = &old[id] {
                self.push_prepared(key.clone(), &u);
            }
        }
    }

    /// Persists the index under `dir` (created if needed): the `hnsw_rs` graph dump plus a key
    /// table. The new files are written to a sibling staging directory and swapped in by
    /// renames, so a crash mid-save leaves the previous index loadable.
    pub fn save(&self, dir: &Path) -> Result<()> {
        let dir = absolute(dir)?;
        let staging = sibling(&dir, "saving");
        let old = sibling(&dir, "old");
        if staging.exists() {
            std::fs::remove_dir_all(&staging)?;
        }
        std::fs::create_dir_all(&staging)?;
        if self.hnsw.get_nb_point() > 0 {
            let name = self
                .hnsw
                .file_dump(&staging, BASENAME)
                .map_err(|e| Error::index(format!("hnsw dump to {}: {e}", staging.display())))?;
            if name != BASENAME {
                return Err(Error::index(format!(
                    "hnsw dump in {} chose basename `{name}`",
                    staging.display()
                )));
            }
        }
        let files = checksums(&staging)?;
        self.write_keys(&staging.join(KEYS_FILE), &files)?;
        if old.exists() {
            std::fs::remove_dir_all(&old)?;
        }
        if dir.exists() {
            std::fs::rename(&dir, &old)?;
        }
        std::fs::rename(&staging, &dir)?;
        if old.exists() {
            std::fs::remove_dir_all(&old)?;
        }
        Ok(())
    }

    fn write_keys(&self, path: &Path, files: &[(String, u64, u32)]) -> Result<()> {
        let mut w: Vec<u8> = Vec::with_capacity(64 + self.slots.len() * 16);
        w.extend_from_slice(MAGIC);
        for x in [
            self.dim,
            self.params.m,
            self.params.ef_construction,
            self.params.ef_search,
            self.slots.len(),
        ] {
            w.extend_from_slice(&(x as u64).to_le_bytes());
        }
        // The graph files hnsw_rs wrote, each with its length and CRC-32.
        w.extend_from_slice(&(files.len() as u32).to_le_bytes());
        for (name, len, sum) in files {
            w.extend_from_slice(&(name.len() as u32).to_le_bytes());
            w.extend_from_slice(name.as_bytes());
            w.extend_from_slice(&len.to_le_bytes());
            w.extend_from_slice(&sum.to_le_bytes());
        }
        for s in &self.slots {
            match s {
                Some(k) => {
                    w.extend_from_slice(&(k.len() as u32).to_le_bytes());
                    w.extend_from_slice(k.as_bytes());
                }
                None => w.extend_from_slice(&u32::MAX.to_le_bytes()),
            }
        }
        let sum = crc32fast::hash(&w);
        w.extend_from_slice(&sum.to_le_bytes());
        let mut f = std::fs::File::create(path)?;
        f.write_all(&w)?;
        f.sync_all()?;
        Ok(())
    }

    /// Loads an index saved by [`AnnIndex::save`], reloading the graph as dumped (no rebuild).
    /// If a crash interrupted a save after the old directory was moved aside, the old one is
    /// loaded. The key table's checksum and every graph file's length and checksum are verified
    /// before the graph is read, so a damaged or truncated index is an error, never a panic or
    /// a silently smaller graph.
    pub fn load(dir: &Path) -> Result<AnnIndex> {
        let dir = absolute(dir)?;
        let dir = if !dir.join(KEYS_FILE).exists() && sibling(&dir, "old").join(KEYS_FILE).exists()
        {
            sibling(&dir, "old")
        } else {
            dir
        };
        let keys_path = dir.join(KEYS_FILE);
        let mut bytes = Vec::new();
        std::fs::File::open(&keys_path)?.read_to_end(&mut bytes)?;
        let bad = |why: &str| Error::index(format!("{}: {why}", keys_path.display()));
        if bytes.starts_with(OLD_MAGIC) {
            return Err(bad("an older format without checksums"));
        }
        if bytes.len() < MAGIC.len() + 48 || &bytes[..MAGIC.len()] != MAGIC {
            return Err(bad("not a bole ANN key table"));
        }
        let (body, sum) = bytes.split_at(bytes.len() - 4);
        if crc32fast::hash(body).to_le_bytes() != sum {
            return Err(bad("checksum mismatch (damaged or truncated)"));
        }
        let bytes = body;
        let mut at = MAGIC.len();
        let mut head = [0usize; 5];
        for h in head.iter_mut() {
            let mut b = [0u8; 8];
            b.copy_from_slice(&bytes[at..at + 8]);
            *h = u64::from_le_bytes(b) as usize;
            at += 8;
        }
        let mut take = |n: usize| -> Result<&[u8]> {
            let s = bytes.get(at..at + n).ok_or_else(|| bad("truncated"))?;
            at += n;
            Ok(s)
        };
        let u32_of = |b: &[u8]| u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
        let nfiles = u32_of(take(4)?) as usize;
        for _ in 0..nfiles {
            let len = u32_of(take(4)?) as usize;
            let name = std::str::from_utf8(take(len)?)
                .map_err(|_| bad("file name is not UTF-8"))?
                .to_string();
            let mut l = [0u8; 8];
            l.copy_from_slice(take(8)?);
            let want = (u64::from_le_bytes(l), u32_of(take(4)?));
            if name.contains(['/', '\\']) || name == ".." {
                return Err(bad("file name with a path"));
            }
            let path = dir.join(&name);
            let data = std::fs::read(&path)
                .map_err(|e| Error::index(format!("{}: {e}", path.display())))?;
            if (data.len() as u64, crc32fast::hash(&data)) != want {
                return Err(Error::index(format!(
                    "{}: length or checksum differs from the key table's (damaged or truncated)",
                    path.display()
                )));
            }
        }
        let [dim, m, ef_construction, ef_search, n] = head;
        let params = AnnParams {
            m,
            ef_construction,
            ef_search,
        };
        let mut slots = Vec::with_capacity(n.min(bytes.len() / 4));
        let mut live = HashMap::with_capacity(n.min(bytes.len() / 4));
        for id in 0..n {
            let len = u32_of(take(4)?);
            if len == u32::MAX {
                slots.push(None);
                continue;
            }
            let key: Box<str> = std::str::from_utf8(take(len as usize)?)
                .map_err(|_| bad("key is not UTF-8"))?
                .into();
            if live.insert(key.clone(), id).is_some() {
                return Err(bad("a key is live twice"));
            }
            slots.push(Some(key));
        }
        if at != bytes.len() {
            return Err(bad("trailing bytes"));
        }
        let hnsw = reload_graph(&dir, &params, n)?;
        if hnsw.get_nb_point() != n {
            return Err(Error::index(format!(
                "{}: graph holds {} points, key table {n}",
                dir.display(),
                hnsw.get_nb_point()
            )));
        }
        if n > 0 && hnsw.get_point_indexation().get_data_dimension() != dim {
            return Err(bad("graph dimension differs from the key table's"));
        }
        let mut pids = vec![None; n];
        if n > 0 {
            for p in hnsw.get_point_indexation() {
                let slot = pids
                    .get_mut(p.get_origin_id())
                    .ok_or_else(|| bad("graph holds an id the key table lacks"))?;
                *slot = Some(p.get_point_id());
            }
        }
        Ok(AnnIndex {
            dim,
            params,
            hnsw,
            slots,
            live,
            pids,
        })
    }
}

/// Reloads the hnsw graph dumped in `dir` (an empty graph when the key table holds no point).
fn reload_graph(dir: &Path, params: &AnnParams, n: usize) -> Result<Hnsw<'static, f32, DistDot>> {
    Ok(if n == 0 {
        new_graph(params, 1)
    } else {
        // `load_hnsw` ties the graph's lifetime to the loader (it may hold a memory map; we
        // do not ask for one). Leaking the small loader gives a `'static` graph without
        // unsafe code; it costs a few hundred bytes per load, once per process start.
        // The files passed their checksums; a panic inside hnsw_rs would still be a bug of
        // ours or theirs, and is reported as a load error rather than ending the process.
        let at = dir.to_path_buf();
        let loaded = std::panic::catch_unwind(move || {
            let io: &'static mut HnswIo = Box::leak(Box::new(HnswIo::new(&at, BASENAME)));
            io.load_hnsw::<f32, DistDot>()
        })
        .map_err(|_| Error::index(format!("hnsw reload from {} panicked", dir.display())))?;
        let mut h: Hnsw<'static, f32, DistDot> =
            loaded.map_err(|e| Error::index(format!("hnsw reload from {}: {e}", dir.display())))?;
        h.set_extend_candidates(false);
        h
    })
}

/// Graph width beyond which an exact scan replaces widening the graph search.
const EXACT_AFTER: usize = 4096;

#[derive(Clone, Copy, PartialEq)]
struct Score(f32);
impl Eq for Score {}
impl PartialOrd for Score {
    fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Score {
    fn cmp(&self, o: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&o.0)
    }
}

/// Name, length and CRC-32 of every file in `dir` (the graph dump), in name order.
fn checksums(dir: &Path) -> Result<Vec<(String, u64, u32)>> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir)? {
        let e = e?;
        let name = e.file_name().to_string_lossy().into_owned();
        if name == KEYS_FILE {
            continue;
        }
        let data = std::fs::read(e.path())?;
        out.push((name, data.len() as u64, crc32fast::hash(&data)));
    }
    out.sort();
    Ok(out)
}

/// `hnsw_rs` has mishandled relative directories on reload (hnswlib-rs PR #29), so paths are
/// made absolute before they reach it.
fn absolute(p: &Path) -> Result<PathBuf> {
    Ok(if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir()?.join(p)
    })
}

fn sibling(dir: &Path, suffix: &str) -> PathBuf {
    let mut name = dir
        .file_name()
        .map(|s| s.to_os_string())
        .unwrap_or_default();
    name.push(format!(".{suffix}"));
    dir.with_file_name(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vector::brute_force;
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    fn random_unit(rng: &mut ChaCha8Rng, dim: usize) -> Vec<f32> {
        let mut v: Vec<f32> = (0..dim).map(|_| rng.gen_range(-1.0f32..1.0)).collect();
        normalize(&mut v);
        v
    }

    fn fixture(n: usize, dim: usize, seed: u64) -> Vec<(String, Vec<f32>)> {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        (0..n)
            .map(|i| (format!("k{i}"), random_unit(&mut rng, dim)))
            .collect()
    }

    fn build(vs: &[(String, Vec<f32>)], dim: usize) -> AnnIndex {
        let mut ix = AnnIndex::new(dim, vs.len());
        for (k, v) in vs {
            ix.insert(k, v).unwrap();
        }
        ix
    }

    fn recall_at_10(ix: &AnnIndex, vs: &[(String, Vec<f32>)], queries: &[Vec<f32>]) -> f64 {
        let mut hit = 0usize;
        for q in queries {
            let exact: Vec<String> = brute_force(vs, q, 10).into_iter().map(|r| r.0).collect();
            let got: Vec<String> = ix
                .search(q, 10, &|_| true)
                .into_iter()
                .map(|r| r.0)
                .collect();
            hit += exact.iter().filter(|k| got.contains(k)).count();
        }
        hit as f64 / (10 * queries.len()) as f64
    }

    #[test]
    fn recall_at_10_against_brute_force_at_shipped_parameters() {
        // Random 64-d unit vectors are a hard case for HNSW (no cluster structure). The size is
        // kept small because unit tests run unoptimised; the bench measures 36k and 1M points.
        let dim = 64;
        let vs = fixture(2500, dim, 1);
        let ix = build(&vs, dim);
        let mut rng = ChaCha8Rng::seed_from_u64(2);
        let queries: Vec<Vec<f32>> = (0..100).map(|_| random_unit(&mut rng, dim)).collect();
        let r = recall_at_10(&ix, &vs, &queries);
        eprintln!("recall@10 = {r}");
        assert!(r >= 0.95, "recall@10 = {r}");
        // Similarities reported are cosines.
        let top = ix.search(&vs[7].1, 1, &|_| true);
        assert_eq!(top[0].0, "k7");
        assert!((top[0].1 - 1.0).abs() < 1e-4, "{}", top[0].1);
    }

    #[test]
    fn identical_and_opposite_vectors_do_not_panic() {
        let mut ix = AnnIndex::new(3, 10);
        // Vectors whose f32 self-dot rounds above 1 would trip hnsw_rs's distance asserts.
        let v = [0.577_350_3f32, 0.577_350_3, 0.577_350_3];
        for i in 0..10 {
            ix.insert(&format!("same{i}"), &v).unwrap();
        }
        ix.insert("opposite", &[-1.0, -1.0, -1.0]).unwrap();
        let r = ix.search(&v, 11, &|_| true);
        assert_eq!(r.len(), 11);
        assert!(r[0].1 <= 1.0 + 1e-5 && r[0].1 > 0.9999);
        assert_eq!(r[10].0, "opposite");
        assert!((r[10].1 + 1.0).abs() < 1e-4);
    }

    #[test]
    fn upsert_remove_and_filter_never_return_dead_or_excluded_keys() {
        let dim = 16;
        let vs = fixture(800, dim, 3);
        let mut ix = build(&vs, dim);
        // Move k0 onto k1's vector: the old point must not answer for k0.
        ix.insert("k0", &vs[1].1).unwrap();
        assert_eq!(ix.len(), 800);
        assert_eq!(ix.tombstones(), 1);
        let r = ix.search(&vs[0].1, 5, &|_| true);
        assert!(r.iter().all(|(k, _)| k != "k0" || vs[1].1 == vs[0].1));
        let r = ix.search(&vs[1].1, 2, &|_| true);
        let keys: Vec<&str> = r.iter().map(|x| x.0.as_str()).collect();
        assert!(keys.contains(&"k0") && keys.contains(&"k1"));
        // Remove a quarter; none may come back, and the rebuild threshold trips.
        for i in (0..800).step_by(4) {
            assert!(ix.remove(&format!("k{i}")) || i == 0);
        }
        assert!(ix.needs_rebuild());
        for (_, v) in vs.iter().take(50) {
            for (k, _) in ix.search(v, 10, &|_| true) {
                let i: usize = k[1..].parse().unwrap();
                assert!(!i.is_multiple_of(4), "dead key {k} returned");
            }
        }
        // A filter that admits 1 key in 100 still yields exactly the admitted keys.
        let only = |k: &str| k[1..].parse::<usize>().unwrap() % 100 == 7;
        let r = ix.search(&vs[3].1, 10, &only);
        let want: Vec<String> = (0..800)
            .filter(|i| i % 100 == 7)
            .map(|i| format!("k{i}"))
            .collect();
        assert_eq!(r.len(), want.len());
        assert!(r.iter().all(|(k, _)| want.contains(k)));
        assert!(r.windows(2).all(|w| w[0].1 >= w[1].1));
        // A filter that admits nothing returns nothing.
        assert!(ix.search(&vs[3].1, 10, &|_| false).is_empty());
        // Rebuild drops tombstones and keeps answers.
        let before = ix.search(&vs[5].1, 10, &|_| true);
        ix.rebuild();
        assert_eq!(ix.tombstones(), 0);
        assert!(!ix.needs_rebuild());
        assert_eq!(ix.len(), 600);
        let after = ix.search(&vs[5].1, 10, &|_| true);
        let overlap = before
            .iter()
            .filter(|b| after.iter().any(|a| a.0 == b.0))
            .count();
        assert!(overlap >= 9, "{before:?} vs {after:?}");
    }

    #[test]
    fn stored_vectors_can_be_read_back_and_scored_exactly() {
        let dim = 8;
        let vs = fixture(300, dim, 9);
        let mut ix = build(&vs, dim);
        ix.insert("k5", &vs[6].1).unwrap();
        for (k, v) in vs.iter().skip(6).take(20) {
            let got = ix.get(k).unwrap();
            assert!(got.iter().zip(v).all(|(a, b)| (a - b).abs() < 1e-5), "{k}");
            assert!((ix.similarity(v, k).unwrap() - 1.0).abs() < 1e-5);
        }
        assert_eq!(ix.get("k5").unwrap(), ix.get("k6").unwrap());
        let s = ix.similarity(&vs[0].1, "k1").unwrap();
        assert!((s - crate::vector::dot(&vs[0].1, &vs[1].1)).abs() < 1e-5);
        ix.remove("k7");
        assert!(ix.get("k7").is_none() && ix.similarity(&vs[0].1, "k7").is_none());
        let dir = tempfile::tempdir().unwrap();
        ix.save(&dir.path().join("x")).unwrap();
        let back = AnnIndex::load(&dir.path().join("x")).unwrap();
        assert_eq!(back.get("k9"), ix.get("k9"));
        ix.rebuild();
        assert!((ix.similarity(&vs[9].1, "k9").unwrap() - 1.0).abs() < 1e-5);
    }

    #[test]
    fn zero_and_malformed_vectors() {
        let mut ix = AnnIndex::new(4, 4);
        ix.insert("a", &[1.0, 0.0, 0.0, 0.0]).unwrap();
        assert!(ix
            .insert("b", &[1.0, 0.0])
            .unwrap_err()
            .to_string()
            .contains("`b`"));
        assert!(ix.insert("c", &[f32::NAN, 0.0, 0.0, 0.0]).is_err());
        // A zero vector removes the key rather than inserting a point with no direction.
        ix.insert("a", &[0.0; 4]).unwrap();
        assert!(!ix.contains("a"));
        assert!(ix.search(&[1.0, 0.0, 0.0, 0.0], 3, &|_| true).is_empty());
        assert!(ix.search(&[0.0; 4], 3, &|_| true).is_empty());
    }

    #[test]
    fn save_and_load_reproduce_searches_without_rebuilding() {
        let dim = 32;
        let vs = fixture(2000, dim, 5);
        let mut ix = build(&vs, dim);
        ix.remove("k10");
        ix.insert("k11", &vs[12].1).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("jobs.ann");
        ix.save(&path).unwrap();
        // Saving twice (over an existing index) must work too.
        ix.save(&path).unwrap();
        let back = AnnIndex::load(&path).unwrap();
        assert_eq!(back.len(), ix.len());
        assert_eq!(back.tombstones(), ix.tombstones());
        assert_eq!(back.params(), ix.params());
        for (_, q) in vs.iter().step_by(97) {
            assert_eq!(back.search(q, 10, &|_| true), ix.search(q, 10, &|_| true));
        }
        assert!(!back.contains("k10"));
        // The reloaded graph accepts inserts, and saves again.
        let mut back = back;
        back.insert("new", &vs[0].1).unwrap();
        assert_eq!(back.search(&vs[0].1, 2, &|k| k != "k0")[0].0, "new");
        back.save(&path).unwrap();
        assert!(AnnIndex::load(&path).unwrap().contains("new"));
        // An empty index round-trips.
        let empty = AnnIndex::new(dim, 0);
        let p2 = dir.path().join("empty.ann");
        empty.save(&p2).unwrap();
        assert!(AnnIndex::load(&p2).unwrap().is_empty());
        // A damaged key table is refused.
        std::fs::write(path.join(KEYS_FILE), b"nonsense").unwrap();
        assert!(AnnIndex::load(&path).is_err());
    }

    #[test]
    fn index_is_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<AnnIndex>();
    }
}
