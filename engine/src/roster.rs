//! Who gets which vacancy? The caseworker's "一对一" roster: edges from the ranker, an exact
//! assignment ([`crate::assign`]), backups, and a reason for everyone left without a place.
//!
//! # Edges
//!
//! Each person's top-K *feasible* vacancies by the ranker's score ([`rank::score`]). Feasible means:
//! valid on the day, in the person's search area (the cities of their desired regions and home, the
//! same area rule as [`Engine::jobs_for`]; anywhere when neither resolves), within the person's
//! `max_commute_km`, and asking no more education than the person has.
//!
//! Scoring every feasible vacancy of a city for every person is out of reach at batch scale
//! (100k people × 10k vacancies per city is 10^9 ranker calls), so [`Snapshot::edges`] works in three
//! stages per person, over a [`Snapshot`] of the valid vacancies built once per run:
//!
//! 1. **Retrieve** by occupation: the vacancies of each area are grouped by (folded) title; the
//!    person's intents are compared once with each distinct title (rows cached per intent and area,
//!    shared by everyone with that intent), title groups are visited best first and their feasible
//!    vacancies taken until the pool holds `pool` of them (default 1000); vacancies in the home
//!    county nearest to home join the pool too (people with few words still see what is close, as
//!    in `jobs_for`).
//! 2. **Pre-score** the pool with the ranker's cheap features computed exactly (title, semantic
//!    similarity, distance, region, pay, education, experience, kind, needs, group bonuses); skills
//!    and word overlap, which need text search, are left out.
//! 3. **Rank** the best `shortlist` of the pool with [`rank::score`] itself, keep the feasible ones,
//!    best first, and cut to K.
//!
//! So edges carry the ranker's exact scores; what is approximate is which vacancies reach stage 3.
//! On the fixture corpus each person's best edge equals the best ranker score over *all* their
//! feasible vacancies (a test below); at scale `bole-benches --bin assign_e2e` measures the agreement.
//!
//! A vacancy's order of people uses the same score: at equal fit (rounded to two decimals, the
//! policy's tie-break) people in the 托底 groups come first (see [`crate::assign`]).
//!
//! # Backups
//!
//! Each person's other feasible vacancies in their own preference order, those that still have free
//! places after the assignment first; a backup that is already full is still listed and marked
//! `full`, so capacity pressure is shown, not hidden. Someone with no feasible vacancy is listed with
//! the reason and the best-scoring nearby vacancies they are not eligible for.

use std::collections::HashMap;
use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};

use rayon::prelude::*;
use serde::Serialize;

use crate::assign::{self, Edge, Instance, Mode, Outcome};
use crate::engine::{Engine, JobEntry};
use crate::error::Result;
use crate::model::{Candidate, Group, JobKind};
use crate::rank::{self, CandidateProfile, Policy, Scored};
use crate::text::education::EduLevel;
use crate::text::region;

/// Options of an assignment run.
#[derive(Debug, Clone)]
pub struct Options {
    /// `stable` (default) or `max-fit`.
    pub mode: Mode,
    /// Edges per person.
    pub k: usize,
    /// Backups per person.
    pub backups: usize,
    /// The day of the run (days since epoch).
    pub today: i64,
    /// Vacancies per person scored by the full ranker (at least `k`; see the module doc).
    pub shortlist: usize,
    /// Feasible vacancies per person retrieved and pre-scored (at least `2 × shortlist`).
    pub pool: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            mode: Mode::Stable,
            k: 20,
            backups: 3,
            today: crate::model::today(),
            shortlist: DEFAULT_SHORTLIST,
            pool: DEFAULT_POOL,
        }
    }
}

/// Default [`Options::shortlist`].
pub const DEFAULT_SHORTLIST: usize = 100;
/// Default [`Options::pool`].
pub const DEFAULT_POOL: usize = 1000;

/// A vacancy in the roster.
#[derive(Debug, Clone, Serialize)]
pub struct Placement {
    /// Vacancy id.
    pub job_id: String,
    /// Ranker score.
    pub score: f64,
    /// Why it fits.
    pub reasons: Vec<String>,
    /// Title.
    pub title: String,
    /// Employer.
    pub employer: Option<String>,
    /// Place (region text or resolved name).
    pub place: Option<String>,
    /// Monthly pay text.
    pub pay: Option<String>,
    /// Kilometres from home, when known.
    pub distance_km: Option<f64>,
    /// The vacancy had no free place left after the assignment (backups only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub full: Option<bool>,
}

/// One person's line of the roster.
#[derive(Debug, Clone, Serialize)]
pub struct Assignment {
    /// Candidate id.
    pub candidate_id: String,
    /// Groups of the person.
    pub groups: Vec<Group>,
    /// The vacancy assigned.
    pub primary: Option<Placement>,
    /// Other options.
    pub backups: Vec<Placement>,
    /// Why no vacancy was assigned (null when placed).
    pub unplaced_reason: Option<String>,
}

/// Per-group counts.
#[derive(Debug, Clone, Default, Serialize)]
pub struct GroupCount {
    /// People in the group.
    pub people: usize,
    /// Of them placed.
    pub placed: usize,
    /// Share placed.
    pub placed_share: f64,
}

/// Summary of a run.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// `stable` or `max-fit`.
    pub mode: &'static str,
    /// People in the run.
    pub people: usize,
    /// People with a primary vacancy.
    pub placed: usize,
    /// placed / people.
    pub placed_share: f64,
    /// Sum of the scores of primary assignments.
    pub total_fit: f64,
    /// Pairs that would both rather be matched to each other (0 in stable mode).
    pub blocking_pairs: usize,
    /// Per group.
    pub by_group: HashMap<String, GroupCount>,
    /// Valid vacancies considered.
    pub vacancies: usize,
    /// Places offered by them.
    pub places: u64,
    /// Places filled.
    pub places_filled: u64,
    /// Vacancies with places left, with how many.
    pub unfilled: Vec<(String, u32)>,
    /// People with no feasible vacancy at all.
    pub no_option: usize,
    /// Edges (feasible person–vacancy pairs) the assignment chose from.
    pub edges: usize,
}

/// The roster: summary plus one line per person, in input order.
#[derive(Debug, Clone, Serialize)]
pub struct Roster {
    /// Summary.
    pub summary: Summary,
    /// Lines.
    pub assignments: Vec<Assignment>,
}

/// One person's options after edge generation.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PersonEdges {
    /// Feasible vacancies `(snapshot index, ranker score)`, best first (score, then lower index), at
    /// most `k`.
    pub feasible: Vec<(u32, f64)>,
    /// Only when `feasible` is empty: nearby vacancies the person is not eligible for, best first.
    pub fallback: Vec<(u32, f64)>,
    /// Only when `feasible` is empty: why.
    pub why_none: Option<String>,
}

/// The vacancies of one area (a city, or a province for postings placed only that precisely),
/// grouped by folded title, with what pre-scoring reads of each laid out in group order: a person
/// visits whole title groups, so their pool is read in sequence instead of chased through
/// `JobEntry` pointers (which cost more than the arithmetic at batch scale).
#[derive(Default)]
struct AreaIndex {
    titles: Vec<String>,
    /// Group `g` is `members[start[g]..start[g + 1]]` (snapshot indexes, ascending).
    start: Vec<u32>,
    members: Vec<u32>,
    /// Per member: the packed fields pre-scoring reads.
    pre: Vec<Pre>,
    /// Per member: its vector quantised to `i8` (`dim` values each; see [`Pre::vscale`]).
    qv: Vec<i8>,
    dim: usize,
    /// Intent → `title_sim(intent, titles[g])` for every group `g`; shared by all people.
    sims: RwLock<HashMap<String, Arc<[f64]>>>,
}

impl AreaIndex {
    fn build(
        entries: &[Arc<JobEntry>],
        pre: &[Pre],
        members: impl Iterator<Item = u32>,
    ) -> AreaIndex {
        let mut by_title: HashMap<&str, usize> = HashMap::new();
        let mut titles: Vec<String> = Vec::new();
        let mut groups: Vec<Vec<u32>> = Vec::new();
        for j in members {
            let t = entries[j as usize].profile.title.as_str();
            let g = *by_title.entry(t).or_insert_with(|| {
                titles.push(t.to_string());
                groups.push(Vec::new());
                titles.len() - 1
            });
            groups[g].push(j);
        }
        let dim = entries
            .iter()
            .map(|e| e.vector.len())
            .find(|&d| d > 0)
            .unwrap_or(0);
        let mut a = AreaIndex {
            titles,
            dim,
            ..Default::default()
        };
        a.start.push(0);
        for g in groups {
            for j in g {
                let e = &entries[j as usize];
                let mut p = pre[j as usize];
                if e.vector.len() == dim && dim > 0 {
                    p.vscale = quantise(&e.vector, &mut a.qv);
                    p.bits |= P_VEC;
                } else {
                    p.vscale = 0.0;
                    p.bits &= !P_VEC;
                    a.qv.extend(std::iter::repeat_n(0i8, dim));
                }
                a.members.push(j);
                a.pre.push(p);
            }
            a.start.push(a.members.len() as u32);
        }
        a
    }

    fn row(&self, intent: &str) -> Arc<[f64]> {
        if let Some(r) = self.sims.read().ok().and_then(|m| m.get(intent).cloned()) {
            return r;
        }
        let r: Arc<[f64]> = self
            .titles
            .iter()
            .map(|t| rank::title_sim(intent, t))
            .collect();
        if let Ok(mut m) = self.sims.write() {
            m.entry(intent.to_string()).or_insert_with(|| r.clone());
        }
        r
    }
}

/// Appends `v` quantised to `i8` (symmetric, per vector) and returns the scale: `v[i] ≈ q[i] · scale`.
fn quantise(v: &[f32], out: &mut Vec<i8>) -> f32 {
    let max = v.iter().fold(0.0f32, |m, x| m.max(x.abs()));
    if max == 0.0 {
        out.extend(std::iter::repeat_n(0i8, v.len()));
        return 0.0;
    }
    let scale = max / 127.0;
    out.extend(
        v.iter()
            .map(|x| (x / scale).round().clamp(-127.0, 127.0) as i8),
    );
    scale
}

/// `Σ a[i]·b[i]` over `i8` vectors, in `i32` (exact: 200 × 127² is far below `i32::MAX`).
fn dot_i8(a: &[i8], b: &[i8]) -> i32 {
    let mut acc = [0i32; 16];
    let ca = a.chunks_exact(16);
    let cb = b.chunks_exact(16);
    let (ra, rb) = (ca.remainder(), cb.remainder());
    for (x, y) in ca.zip(cb) {
        for i in 0..16 {
            acc[i] += x[i] as i32 * y[i] as i32;
        }
    }
    let mut s: i32 = acc.iter().sum();
    for (x, y) in ra.iter().zip(rb) {
        s += *x as i32 * *y as i32;
    }
    s
}

/// What pre-scoring reads of a vacancy, copied out of its [`JobEntry`] into one small record.
#[derive(Clone, Copy, Default)]
struct Pre {
    lat: f64,
    lon: f64,
    /// Monthly pay range; `pay_hi` is NaN when the pay is not stated (面议).
    pay_lo: f64,
    pay_hi: f64,
    exp: f64,
    /// Place code (0 when the vacancy has no place).
    adcode: u32,
    /// Scale of the quantised vector (0 when the vacancy has none).
    vscale: f32,
    /// Group bonuses it can earn ([`B_INTERNSHIP`] …).
    flags: u16,
    /// `P_*` bits.
    bits: u16,
    edu: Option<EduLevel>,
    kind: JobKind,
}

const P_PLACE: u16 = 1;
const P_PRECISE: u16 = 1 << 1;
const P_BOARD: u16 = 1 << 2;
const P_FLEXIBLE: u16 = 1 << 3;
const P_LIGHT: u16 = 1 << 4;
const P_ACC_KNOWN: u16 = 1 << 5;
const P_ACC: u16 = 1 << 6;
const P_VEC: u16 = 1 << 7;

/// The bits whose condition holds.
fn bit_set(pairs: &[(bool, u16)]) -> u16 {
    pairs
        .iter()
        .filter(|(c, _)| *c)
        .fold(0, |b, (_, bit)| b | bit)
}

impl Pre {
    fn of(e: &JobEntry) -> Pre {
        let j = &e.profile;
        let bits = bit_set(&[
            (j.place.is_some(), P_PLACE),
            (j.place.as_ref().is_some_and(|s| s.precise), P_PRECISE),
            (j.board, P_BOARD),
            (j.flexible, P_FLEXIBLE),
            (j.light_work, P_LIGHT),
            (j.accessible.is_some(), P_ACC_KNOWN),
            (j.accessible == Some(true), P_ACC),
        ]);
        let flags = bit_set(&[
            (j.kind == JobKind::Internship, B_INTERNSHIP),
            (j.entry_level, B_ENTRY),
            (j.subsidy, B_SUBSIDY),
            (j.board, B_BOARD),
            (j.daily_pay, B_DAILY),
            (j.brand.is_some(), B_BRAND),
            (j.kind == JobKind::PublicWelfare, B_WELFARE),
            (j.low_barrier, B_LOW),
            (j.accessible == Some(true), B_ACCESS),
            (j.flexible, B_FLEX),
        ]);
        let (lat, lon, adcode) = j
            .place
            .as_ref()
            .map_or((0.0, 0.0, 0), |s| (s.lat, s.lon, s.adcode));
        let (pay_lo, pay_hi) = j.pay.unwrap_or((f64::NAN, f64::NAN));
        Pre {
            lat,
            lon,
            pay_lo,
            pay_hi,
            exp: j.exp,
            adcode,
            vscale: 0.0,
            flags,
            bits,
            edu: j.edu,
            kind: j.kind,
        }
    }

    fn has(&self, bit: u16) -> bool {
        self.bits & bit != 0
    }
}

/// Bonus keys of `group_bonus` in the ranker, as bits of [`Pre::flags`].
const B_INTERNSHIP: u16 = 1;
const B_ENTRY: u16 = 1 << 1;
const B_SUBSIDY: u16 = 1 << 2;
const B_BOARD: u16 = 1 << 3;
const B_DAILY: u16 = 1 << 4;
const B_BRAND: u16 = 1 << 5;
const B_WELFARE: u16 = 1 << 6;
const B_LOW: u16 = 1 << 7;
const B_ACCESS: u16 = 1 << 8;
const B_FLEX: u16 = 1 << 9;
const N_BONUS: usize = 11; // the 11th, near_home, depends on the pair

/// The valid vacancies of a run, indexed for batch edge generation. Build once per run.
pub struct Snapshot {
    /// Valid vacancies sorted by id; a vacancy's position is its index in the assignment.
    pub entries: Vec<Arc<JobEntry>>,
    today: i64,
    /// City (or province) code → its vacancies by title.
    areas: HashMap<u32, AreaIndex>,
    /// Every vacancy by title, for people whose area does not resolve.
    all: AreaIndex,
    /// County code → vacancies placed there.
    by_county: HashMap<u32, Vec<u32>>,
    /// Per vacancy: what pre-scoring reads of it.
    pre: Vec<Pre>,
}

/// The area key a vacancy is filed under: its city (or its own code when only a city or province
/// is known). A person's area `a` (a city or province code) contains it iff `region::contains`.
fn area_key(adcode: u32) -> u32 {
    crate::text::region::city_level(adcode)
}

/// What a person brings to pre-scoring, derived once.
struct Person<'a> {
    p: &'a CandidateProfile,
    /// The person's vector quantised like the vacancies' ([`quantise`]); empty when none.
    qv: Vec<i8>,
    vscale: f32,
    /// Origin (home, else the first desired place) when precise: `(lat, lon)` in degrees and the
    /// sine and cosine of its latitude, for [`Person::km`].
    origin: Option<(f64, f64, f64, f64)>,
    circle: f64,
    reach: f64,
    bonus: [f64; N_BONUS],
    pw_eligible: bool,
}

/// Why a vacancy is not feasible for a person (cheap checks, the same rules as the ranker's
/// `beyond_commute` and `education_gap`).
enum Block {
    Far,
    Education,
}

impl<'a> Person<'a> {
    fn new(p: &'a CandidateProfile, v: &[f32], policy: &Policy) -> Person<'a> {
        let origin = p.home.as_ref().or(p.desired.first());
        let circle = match origin {
            Some(o) if o.urban => policy.circles.urban_km,
            _ => policy.circles.rural_km,
        };
        let reach = p
            .max_commute_km
            .unwrap_or(circle + policy.circles.default_reach_km);
        // The ranker adds each bonus once, from the first group that has it: the maximum over the
        // person's groups bounds it and equals it in every seed policy.
        let mut bonus = [0.0f64; N_BONUS];
        for g in &p.groups {
            let b = policy.bonuses(*g);
            let amounts = [
                b.internship,
                b.entry_level,
                b.expansion_subsidy,
                b.board,
                b.daily_pay,
                b.labour_brand,
                b.public_welfare,
                b.low_barrier,
                b.accessible,
                b.flexible,
                b.near_home,
            ];
            for (x, a) in bonus.iter_mut().zip(amounts) {
                *x = (*x).max(a);
            }
        }
        let mut qv = Vec::new();
        let vscale = quantise(v, &mut qv);
        Person {
            p,
            qv,
            vscale,
            origin: origin.filter(|o| o.precise).map(|o| {
                let r = o.lat.to_radians();
                (o.lat, o.lon, r.sin(), r.cos())
            }),
            circle,
            reach,
            bonus,
            pw_eligible: p.public_welfare_eligible(),
        }
    }

    /// Distance to a precisely placed vacancy, by the equirectangular approximation at the mean
    /// latitude (within a fraction of a per cent of [`region::distance_km`] at commuting range).
    fn km(&self, x: &Pre) -> Option<f64> {
        let (lat, lon, sin, cos) = self.origin?;
        if !x.has(P_PRECISE) {
            return None;
        }
        const R: f64 = 6371.0088;
        let dlat = (x.lat - lat).to_radians();
        // cos of the mean latitude, to first order around the origin's.
        let dlon = (x.lon - lon).to_radians() * (cos - sin * dlat / 2.0);
        Some(R * (dlat * dlat + dlon * dlon).sqrt())
    }

    /// Feasibility by the ranker's rules, without scoring. Near the commute limit, where the
    /// approximation of [`Person::km`] could decide, the exact distance decides.
    fn block(&self, x: &Pre, km: Option<f64>) -> Option<Block> {
        if let (Some(req), Some(have)) = (x.edu, self.p.edu) {
            if req > EduLevel::Any && have < req {
                return Some(Block::Education);
            }
        }
        if let (Some(k), Some(m)) = (km, self.p.max_commute_km) {
            if k > m {
                if k > m * 1.02 + 0.1 {
                    return Some(Block::Far);
                }
                let (lat, lon, _, _) = self.origin?;
                if region::distance_km((lat, lon), (x.lat, x.lon)) > m {
                    return Some(Block::Far);
                }
            }
        }
        None
    }

    /// Cosine similarity estimated from the quantised vectors.
    fn sem(&self, x: &Pre, qv: &[i8]) -> Option<f64> {
        (x.has(P_VEC) && !self.qv.is_empty())
            .then(|| dot_i8(&self.qv, qv) as f64 * self.vscale as f64 * x.vscale as f64)
    }

    /// The ranker's weighted mean over its cheap features plus bonuses: an estimate of
    /// [`rank::score`] for a feasible pair, used only to choose which pairs the ranker sees.
    fn prescore(
        &self,
        x: &Pre,
        sem: Option<f64>,
        title: Option<f64>,
        km: Option<f64>,
        policy: &Policy,
    ) -> f64 {
        let w = &policy.weights;
        let mut num = 0.0;
        let mut den = 0.0;
        let mut add = |v: f64, wt: f64| {
            num += v * wt;
            den += wt;
        };
        if let Some(t) = title {
            add(t, w.title);
        }
        if let Some(s) = sem {
            add(s.clamp(0.0, 1.0), w.semantic);
        }
        if let Some(k) = km {
            let s = if k <= self.circle {
                1.0
            } else if k <= self.reach.max(self.circle) {
                1.0 - 0.7 * (k - self.circle) / (self.reach.max(self.circle) - self.circle + 1e-9)
            } else {
                0.0
            };
            add(s, w.distance);
        }
        if !self.p.desired.is_empty() {
            let r = if x.has(P_PLACE) {
                if self
                    .p
                    .desired
                    .iter()
                    .any(|d| region::contains(d.adcode, x.adcode))
                {
                    1.0
                } else {
                    0.0
                }
            } else {
                0.3
            };
            add(r, w.region);
        }
        if let (Some(want), false) = (self.p.salary_min, x.pay_hi.is_nan()) {
            let s = if x.pay_lo >= want {
                1.0
            } else if x.pay_hi >= want {
                0.8
            } else {
                (x.pay_hi / want).clamp(0.0, 1.0) * 0.6
            };
            add(s, w.salary);
        }
        let edu = match (x.edu.filter(|r| *r > EduLevel::Any), self.p.edu) {
            (Some(_), None) => 0.6,
            _ => 1.0,
        };
        add(edu, w.education);
        let exp = if x.exp > 0.0 && self.p.exp < x.exp {
            (self.p.exp / x.exp).clamp(0.0, 1.0) * 0.7
        } else {
            1.0
        };
        add(exp, w.experience);
        if !self.p.kinds.is_empty() {
            add(
                if self.p.kinds.contains(&x.kind) {
                    1.0
                } else {
                    0.3
                },
                w.kind,
            );
        }
        let mut needs = (0.0, 0);
        if self.p.need_accessible {
            needs.0 += if x.has(P_ACC_KNOWN) {
                if x.has(P_ACC) {
                    1.0
                } else {
                    0.0
                }
            } else if x.has(P_LIGHT) {
                0.6
            } else {
                0.3
            };
            needs.1 += 1;
        }
        if self.p.need_flexible {
            needs.0 += if x.has(P_FLEXIBLE) { 1.0 } else { 0.3 };
            needs.1 += 1;
        }
        if self.p.need_accommodation {
            needs.0 += if x.has(P_BOARD) { 1.0 } else { 0.2 };
            needs.1 += 1;
        }
        if needs.1 > 0 {
            add(needs.0 / needs.1 as f64, w.needs);
        }
        let mut s = if den > 0.0 { num / den } else { 0.0 };
        for (i, b) in self.bonus[..N_BONUS - 1].iter().enumerate() {
            if x.flags & (1 << i) != 0 {
                s += b;
            }
        }
        let home_county = self
            .p
            .home
            .as_ref()
            .is_some_and(|h| h.adcode % 100 != 0 && x.has(P_PLACE) && x.adcode == h.adcode);
        if home_county || km.is_some_and(|k| k <= policy.circles.rural_km) {
            s += self.bonus[N_BONUS - 1];
        }
        if x.kind == JobKind::PublicWelfare && !self.pw_eligible {
            s -= policy.penalties.public_welfare_not_eligible;
        }
        s
    }
}

/// A pair the ranker can call feasible: within the commute, education met.
fn feasible(s: &Scored) -> bool {
    !s.features.beyond_commute && s.features.education_gap == 0
}

/// Best first: higher score, then lower snapshot index (the id order).
fn best_first(a: &(u32, f64), b: &(u32, f64)) -> std::cmp::Ordering {
    b.1.total_cmp(&a.1).then(a.0.cmp(&b.0))
}

impl Snapshot {
    /// The engine's vacancies valid on `today`, indexed by area, title and county.
    pub fn new(engine: &Engine, today: i64) -> Snapshot {
        let mut entries: Vec<Arc<JobEntry>> = engine
            .job_entries()
            .into_iter()
            .filter(|e| e.job.is_valid_on(today))
            .collect();
        entries.sort_by(|a, b| a.job.id.cmp(&b.job.id));
        let mut keyed: HashMap<u32, Vec<u32>> = HashMap::new();
        let mut by_county: HashMap<u32, Vec<u32>> = HashMap::new();
        for (i, e) in entries.iter().enumerate() {
            if let Some(s) = e.profile.place.as_ref().filter(|s| s.adcode > 0) {
                keyed.entry(area_key(s.adcode)).or_default().push(i as u32);
                if s.adcode % 100 != 0 {
                    by_county.entry(s.adcode).or_default().push(i as u32);
                }
            }
        }
        let pre: Vec<Pre> = entries.iter().map(|e| Pre::of(e)).collect();
        let areas = keyed
            .into_iter()
            .map(|(k, v)| (k, AreaIndex::build(&entries, &pre, v.into_iter())))
            .collect();
        let all = AreaIndex::build(&entries, &pre, 0..entries.len() as u32);
        Snapshot {
            entries,
            today,
            areas,
            all,
            by_county,
            pre,
        }
    }

    /// Number of valid vacancies.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when no vacancy is valid.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The area indexes a person searches.
    fn areas_of(&self, p: &CandidateProfile) -> Vec<&AreaIndex> {
        let areas = p.areas();
        if areas.is_empty() {
            return vec![&self.all];
        }
        let mut out: Vec<(u32, &AreaIndex)> = Vec::new();
        for a in areas {
            if a % 10_000 == 0 {
                // A province: every area filed under it.
                out.extend(
                    self.areas
                        .iter()
                        .filter(|(k, _)| **k / 10_000 == a / 10_000)
                        .map(|(k, v)| (*k, v)),
                );
            } else if let Some(v) = self.areas.get(&a) {
                out.push((a, v));
            }
        }
        out.sort_by_key(|x| x.0);
        out.dedup_by_key(|x| x.0);
        out.into_iter().map(|x| x.1).collect()
    }

    /// Each person's top-`opts.k` feasible vacancies by the ranker's score (see the module doc), in
    /// parallel. `progress(done, total)` is called every 256 people and at the end.
    pub fn edges(
        &self,
        engine: &Engine,
        people: &[Candidate],
        opts: &Options,
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Vec<PersonEdges> {
        let done = AtomicUsize::new(0);
        let total = people.len();
        people
            .par_iter()
            .with_min_len(16)
            .map(|c| {
                let r = self.person_edges(engine, c, opts);
                let n = done.fetch_add(1, Ordering::Relaxed) + 1;
                if n.is_multiple_of(256) || n == total {
                    progress(n, total);
                }
                r
            })
            .collect()
    }

    fn person_edges(&self, engine: &Engine, c: &Candidate, opts: &Options) -> PersonEdges {
        let policy = engine.policy();
        let p = CandidateProfile::new(c);
        let v = engine.embed_candidate(&p);
        let person = Person::new(&p, &v, policy);
        let shortlist = opts.shortlist.max(opts.k).max(1);
        let want = opts.pool.max(2 * shortlist);

        // Stage 1: title groups best first, then the nearest vacancies of the home county.
        // The title value is the ranker's title feature (exact: `max title_sim` over intents).
        let mut groups: Vec<(f64, &AreaIndex, u32)> = Vec::new(); // (title value, area, group)
        for a in self.areas_of(&p) {
            if p.intents.is_empty() {
                // The ranker's title feature for people without intents: 0.8 when their text
                // names the title, unknown otherwise (ordered after every named title).
                for (g, t) in a.titles.iter().enumerate() {
                    let named = t.chars().count() >= 2 && p.text.contains(t.as_str());
                    groups.push((if named { 0.8 } else { -1.0 }, a, g as u32));
                }
            } else {
                let rows: Vec<Arc<[f64]>> = p.intents.iter().map(|i| a.row(i)).collect();
                for g in 0..a.titles.len() {
                    let t = rows.iter().map(|r| r[g]).fold(0.0f64, f64::max);
                    groups.push((t, a, g as u32));
                }
            }
        }
        groups.sort_by(|x, y| y.0.total_cmp(&x.0));
        // (vacancy, estimate, title feature when the person has intents)
        let mut pool: Vec<(u32, f64, Option<f64>)> = Vec::new();
        let mut blocked: Vec<(u32, f64)> = Vec::new(); // (job, km or ∞) of infeasible vacancies
        let (mut far, mut edu) = (0usize, 0usize);
        // `sem` is only asked for feasible pairs.
        let mut visit = |j: u32,
                         x: &Pre,
                         sem: &dyn Fn() -> Option<f64>,
                         title: Option<f64>,
                         pool: &mut Vec<(u32, f64, Option<f64>)>| {
            let km = person.km(x);
            match person.block(x, km) {
                Some(b) => {
                    match b {
                        Block::Far => far += 1,
                        Block::Education => edu += 1,
                    }
                    blocked.push((j, km.unwrap_or(f64::INFINITY)));
                }
                None => {
                    let est = person.prescore(x, sem(), title, km, policy);
                    let exact = title.filter(|_| !p.intents.is_empty());
                    pool.push((j, est, exact));
                }
            }
        };
        for (t, a, g) in &groups {
            if pool.len() >= want {
                break;
            }
            let title = (*t >= 0.0).then_some(*t);
            let (lo, hi) = (
                a.start[*g as usize] as usize,
                a.start[*g as usize + 1] as usize,
            );
            for i in lo..hi {
                let x = &a.pre[i];
                let sem = || person.sem(x, &a.qv[i * a.dim..(i + 1) * a.dim]);
                visit(a.members[i], x, &sem, title, &mut pool);
            }
        }
        drop(groups);
        if let Some(h) = p.home.as_ref().filter(|h| h.adcode % 100 != 0) {
            if let Some(list) = self.by_county.get(&h.adcode) {
                // The nearest by the same approximation as `Person::km` around home.
                let r = h.lat.to_radians();
                let (sin, cos) = (r.sin(), r.cos());
                let mut near: Vec<(f64, u32)> = list
                    .iter()
                    .map(|&j| {
                        let x = &self.pre[j as usize];
                        let d2 = if x.has(P_PLACE) {
                            let dlat = (x.lat - h.lat).to_radians();
                            let dlon = (x.lon - h.lon).to_radians() * (cos - sin * dlat / 2.0);
                            dlat * dlat + dlon * dlon
                        } else {
                            f64::INFINITY
                        };
                        (d2, j)
                    })
                    .collect();
                let n = (shortlist / 2).min(near.len());
                if n > 0 {
                    near.select_nth_unstable_by(n - 1, |a, b| a.0.total_cmp(&b.0));
                    near.truncate(n);
                }
                // The home county is always inside the person's area (home is one of its cities).
                for (_, j) in near {
                    let e = &self.entries[j as usize];
                    let t = (!p.intents.is_empty()).then(|| {
                        p.intents
                            .iter()
                            .map(|i| rank::title_sim(i, &e.profile.title))
                            .fold(0.0f64, f64::max)
                    });
                    let sem = || {
                        (!v.is_empty() && !e.vector.is_empty())
                            .then(|| crate::vector::dot(&v, &e.vector) as f64)
                    };
                    visit(j, &self.pre[j as usize], &sem, t, &mut pool);
                }
            }
        }
        pool.sort_unstable_by_key(|x| x.0);
        pool.dedup_by_key(|x| x.0);

        // Stage 2: the best `shortlist` by the cheap estimate.
        if pool.len() > shortlist {
            pool.select_nth_unstable_by(shortlist - 1, |a, b| best_first(&(a.0, a.1), &(b.0, b.1)));
            pool.truncate(shortlist);
        }

        // Stage 3: the ranker, with the title feature already known.
        let mut out: Vec<(u32, f64)> = pool
            .iter()
            .filter_map(|&(j, _, title)| {
                let e = &self.entries[j as usize];
                let sem = (!v.is_empty() && !e.vector.is_empty())
                    .then(|| crate::vector::dot(&v, &e.vector));
                let s = match title {
                    Some(t) => {
                        rank::score_quiet_titled(&p, &e.profile, sem, t, policy, self.today)?
                    }
                    None => rank::score_quiet(&p, &e.profile, sem, policy, self.today)?,
                };
                feasible(&s).then_some((j, s.score))
            })
            .collect();
        out.sort_by(best_first);
        out.truncate(opts.k);
        if !out.is_empty() {
            return PersonEdges {
                feasible: out,
                ..Default::default()
            };
        }
        // Nobody is dropped: say why, and score the nearest vacancies the person cannot take.
        blocked.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
        blocked.dedup_by_key(|x| x.0);
        blocked.truncate(opts.backups.max(1) * 4);
        let mut fallback: Vec<(u32, f64)> = blocked
            .iter()
            .filter_map(|&(j, _)| {
                let e = &self.entries[j as usize];
                let sem = (!v.is_empty() && !e.vector.is_empty())
                    .then(|| crate::vector::dot(&v, &e.vector));
                rank::score_quiet(&p, &e.profile, sem, policy, self.today).map(|s| (j, s.score))
            })
            .collect();
        fallback.sort_by(best_first);
        fallback.truncate(opts.backups);
        let why = if far + edu == 0 {
            "期望地区及住址附近暂无有效岗位"
        } else if edu == 0 {
            "通勤范围内暂无岗位（附近岗位均超出通勤上限）"
        } else if far == 0 {
            "附近岗位学历要求均高于本人"
        } else {
            "附近岗位均超出通勤上限或学历要求高于本人"
        };
        PersonEdges {
            feasible: Vec::new(),
            fallback,
            why_none: Some(why.to_string()),
        }
    }

    /// The assignment instance of the edges: capacities are headcounts, priority is 托底.
    pub fn instance(&self, people: &[Candidate], edges: &[PersonEdges]) -> Instance {
        let mut list = Vec::with_capacity(edges.iter().map(|e| e.feasible.len()).sum());
        for (p, pe) in edges.iter().enumerate() {
            for &(job, score) in &pe.feasible {
                list.push(Edge {
                    person: p as u32,
                    job,
                    score,
                });
            }
        }
        Instance {
            n_people: people.len(),
            capacities: self.entries.iter().map(|e| e.job.places()).collect(),
            edges: list,
            priority: people.iter().map(|c| u8::from(c.is_priority())).collect(),
        }
    }

    /// The roster of an assignment `outcome` of `self.instance(people, edges)`: primary, backups
    /// (with reasons, re-derived by the ranker for the few vacancies shown), reasons for the
    /// unplaced, and the summary.
    pub fn roster(
        &self,
        engine: &Engine,
        people: &[Candidate],
        edges: &[PersonEdges],
        inst: &Instance,
        outcome: &Outcome,
        opts: &Options,
    ) -> Roster {
        let backups = assign::backups(inst, &outcome.primary, opts.backups);
        let mut used = vec![0u32; self.entries.len()];
        for j in outcome.primary.iter().flatten() {
            used[*j as usize] += 1;
        }
        let policy = engine.policy();
        let assignments: Vec<Assignment> = people
            .par_iter()
            .enumerate()
            .map(|(p, c)| {
                let pe = &edges[p];
                let shown: Vec<(u32, Option<bool>)> = match outcome.primary[p] {
                    _ if pe.feasible.is_empty() => {
                        pe.fallback.iter().map(|&(j, _)| (j, None)).collect()
                    }
                    prim => prim
                        .map(|j| (j, None))
                        .into_iter()
                        .chain(backups[p].iter().map(|b| (b.job, Some(b.full))))
                        .collect(),
                };
                let cp = CandidateProfile::new(c);
                let v = engine.embed_candidate(&cp);
                let mut placements = shown.into_iter().filter_map(|(j, full)| {
                    let e = &self.entries[j as usize];
                    let sem = (!v.is_empty() && !e.vector.is_empty())
                        .then(|| crate::vector::dot(&v, &e.vector));
                    let s = rank::score(&cp, &e.profile, sem, policy, self.today)?;
                    Some(placement(e, &s, full))
                });
                let primary = if outcome.primary[p].is_some() && !pe.feasible.is_empty() {
                    placements.next()
                } else {
                    None
                };
                let backs: Vec<Placement> = placements.collect();
                let unplaced_reason = if primary.is_some() {
                    None
                } else if let Some(w) = &pe.why_none {
                    Some(w.clone())
                } else {
                    Some("可选岗位名额已被更匹配的求职者占满，请参考备选岗位".to_string())
                };
                Assignment {
                    candidate_id: c.id.clone(),
                    groups: c.groups.clone(),
                    primary,
                    backups: backs,
                    unplaced_reason,
                }
            })
            .collect();
        let mut by_group: HashMap<String, GroupCount> = HashMap::new();
        for a in &assignments {
            for g in &a.groups {
                let e = by_group.entry(g.as_str().to_string()).or_default();
                e.people += 1;
                e.placed += usize::from(a.primary.is_some());
            }
        }
        for g in by_group.values_mut() {
            g.placed_share = g.placed as f64 / g.people.max(1) as f64;
        }
        let places: u64 = inst.capacities.iter().map(|c| *c as u64).sum();
        let filled: u64 = used.iter().map(|u| *u as u64).sum();
        let unfilled = self
            .entries
            .iter()
            .zip(&used)
            .filter(|(e, u)| **u < e.job.places())
            .map(|(e, u)| (e.job.id.clone(), e.job.places() - u))
            .collect();
        Roster {
            summary: Summary {
                mode: match opts.mode {
                    Mode::Stable => "stable",
                    Mode::MaxFit => "max-fit",
                },
                people: people.len(),
                placed: outcome.placed,
                placed_share: outcome.placed as f64 / people.len().max(1) as f64,
                total_fit: (outcome.total_fit * 10_000.0).round() / 10_000.0,
                blocking_pairs: outcome.blocking_pairs,
                by_group,
                vacancies: self.entries.len(),
                places,
                places_filled: filled,
                unfilled,
                no_option: edges.iter().filter(|e| e.feasible.is_empty()).count(),
                edges: inst.edges.len(),
            },
            assignments,
        }
    }
}

fn pay_text(e: &JobEntry) -> Option<String> {
    e.profile.pay.map(|(a, b)| {
        if (a - b).abs() < 1.0 {
            format!("{}元/月", a.round())
        } else {
            format!("{}-{}元/月", a.round(), b.round())
        }
    })
}

fn placement(e: &JobEntry, s: &Scored, full: Option<bool>) -> Placement {
    Placement {
        job_id: e.job.id.clone(),
        score: s.score,
        reasons: s.reasons.clone(),
        title: e.job.title.clone(),
        employer: e.job.employer.clone(),
        place: e
            .job
            .location
            .as_ref()
            .and_then(|l| l.region.clone())
            .or_else(|| e.profile.place.as_ref().map(|p| p.name.clone())),
        pay: pay_text(e),
        distance_km: s.features.km.map(|k| (k * 10.0).round() / 10.0),
        full,
    }
}

/// Stored people in `group` (any if `None`) whose home or a desired region lies in `region` (any if
/// `None`): the caseworker's "all graduates in 抚州市" selection.
pub fn stored_people(
    engine: &Engine,
    group: Option<Group>,
    region: Option<u32>,
) -> Result<Vec<Candidate>> {
    let in_region = |c: &Candidate, region: u32| {
        let home = c
            .home
            .as_ref()
            .and_then(crate::rank::spot)
            .map(|s| s.adcode);
        let desired = c
            .desired
            .iter()
            .flat_map(|d| d.regions.iter())
            .filter_map(|r| crate::text::region::resolve(r))
            .map(|p| p.adcode);
        home.into_iter()
            .chain(desired)
            .any(|a| crate::text::region::contains(region, a))
    };
    let mut v = Vec::new();
    engine.store().for_each::<Candidate>(|c| {
        if group.is_none_or(|g| c.groups.contains(&g)) && region.is_none_or(|r| in_region(&c, r)) {
            v.push(c);
        }
    })?;
    Ok(v)
}

/// Run the assignment for `people` over the engine's valid vacancies: snapshot, edges, the exact
/// assignment of `opts.mode`, roster. `progress(done, total)` is called as edges are generated
/// (the slow part).
pub fn run(
    engine: &Engine,
    people: &[Candidate],
    opts: &Options,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Roster> {
    let snap = Snapshot::new(engine, opts.today);
    let edges = snap.edges(engine, people, opts, progress);
    let inst = snap.instance(people, &edges);
    inst.validate()?;
    let outcome = assign::solve(&inst, opts.mode);
    Ok(snap.roster(engine, people, &edges, &inst, &outcome, opts))
}

fn csv_cell(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

impl Roster {
    /// Write the roster as CSV in UTF-8 with a BOM (so spreadsheet software shows Chinese).
    pub fn write_csv<W: Write>(&self, mut w: W) -> std::io::Result<()> {
        w.write_all(b"\xEF\xBB\xBF")?;
        writeln!(
            w,
            "求职者编号,人员类别,主推岗位编号,岗位名称,招聘单位,工作地点,薪资,距离(公里),匹配分,推荐理由,备选岗位1,备选岗位2,备选岗位3,未安置原因"
        )?;
        for a in &self.assignments {
            let groups: Vec<&str> = a.groups.iter().map(|g| g.label()).collect();
            let mut row: Vec<String> = vec![a.candidate_id.clone(), groups.join("、")];
            match &a.primary {
                Some(p) => row.extend([
                    p.job_id.clone(),
                    p.title.clone(),
                    p.employer.clone().unwrap_or_default(),
                    p.place.clone().unwrap_or_default(),
                    p.pay.clone().unwrap_or_else(|| "面议".into()),
                    p.distance_km.map(|d| d.to_string()).unwrap_or_default(),
                    format!("{:.3}", p.score),
                    p.reasons.join("；"),
                ]),
                None => row.extend(std::iter::repeat_n(String::new(), 8)),
            }
            for i in 0..3 {
                row.push(
                    a.backups
                        .get(i)
                        .map(|b| {
                            let full = if b.full == Some(true) {
                                "（已满）"
                            } else {
                                ""
                            };
                            format!("{} {}{}", b.job_id, b.title, full)
                        })
                        .unwrap_or_default(),
                );
            }
            row.push(a.unplaced_reason.clone().unwrap_or_default());
            let line: Vec<String> = row.iter().map(|s| csv_cell(s)).collect();
            writeln!(w, "{}", line.join(","))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{candidate_from_json, job_from_json, parse_date};

    const JOBS: &str = include_str!("../../corpus/fixtures/jobs.jsonl");
    const PEOPLE: &str = include_str!("../../corpus/fixtures/candidates.jsonl");

    fn fixture() -> (tempfile::TempDir, Engine, Vec<Candidate>) {
        let dir = tempfile::tempdir().unwrap();
        let engine = Engine::open(dir.path()).unwrap();
        let jobs: Vec<crate::Job> = JOBS.lines().map(|l| job_from_json(l).unwrap()).collect();
        engine.put_jobs(&jobs).unwrap();
        let people = PEOPLE
            .lines()
            .map(|l| candidate_from_json(l).unwrap())
            .collect();
        (dir, engine, people)
    }

    fn today() -> i64 {
        parse_date("2026-11-21").unwrap()
    }

    /// Every feasible vacancy of a person scored by the ranker, best first: the reference the fast
    /// path must agree with.
    fn exhaustive(engine: &Engine, snap: &Snapshot, c: &Candidate) -> Vec<(u32, f64)> {
        let p = CandidateProfile::new(c);
        let v = engine.embed_candidate(&p);
        let areas = p.areas();
        let mut out: Vec<(u32, f64)> = snap
            .entries
            .iter()
            .enumerate()
            .filter(|(_, e)| {
                areas.is_empty()
                    || e.profile
                        .place
                        .as_ref()
                        .is_some_and(|s| areas.iter().any(|a| region::contains(*a, s.adcode)))
            })
            .filter_map(|(j, e)| {
                let sem = (!v.is_empty() && !e.vector.is_empty())
                    .then(|| crate::vector::dot(&v, &e.vector));
                let s = rank::score(&p, &e.profile, sem, engine.policy(), today())?;
                feasible(&s).then_some((j as u32, s.score))
            })
            .collect();
        out.sort_by(best_first);
        out
    }

    #[test]
    fn packed_distance_and_vectors_track_the_exact_ones() {
        let policy = Policy::default();
        let c = crate::model::candidate_from_json(
            r#"{"id":"c","summary":"仓管","home":{"lat":27.95,"lon":116.36},"max_commute_km":30}"#,
        )
        .unwrap();
        let p = CandidateProfile::new(&c);
        let v: Vec<f32> = (0..200)
            .map(|i| ((i * 37 % 101) as f32 - 50.0) / 400.0)
            .collect();
        let person = Person::new(&p, &v, &policy);
        let (lat0, lon0) = (27.95, 116.36);
        for (dlat, dlon) in [
            (0.0, 0.3),
            (0.27, 0.0),
            (-0.2, -0.2),
            (0.5, 0.9),
            (0.01, -0.02),
        ] {
            let x = Pre {
                lat: lat0 + dlat,
                lon: lon0 + dlon,
                bits: P_PLACE | P_PRECISE,
                ..Default::default()
            };
            let exact = region::distance_km((lat0, lon0), (x.lat, x.lon));
            let approx = person.km(&x).unwrap();
            assert!(
                (approx - exact).abs() <= 0.003 * exact + 1e-6,
                "{approx} vs {exact}"
            );
            // Feasibility is decided exactly: blocked iff beyond 30 km by the exact distance.
            assert_eq!(
                matches!(person.block(&x, Some(approx)), Some(Block::Far)),
                exact > 30.0,
                "{exact}"
            );
        }
        let w: Vec<f32> = (0..200)
            .map(|i| ((i * 53 % 89) as f32 - 44.0) / 300.0)
            .collect();
        let mut qw = Vec::new();
        let x = Pre {
            vscale: quantise(&w, &mut qw),
            bits: P_VEC,
            ..Default::default()
        };
        let est = person.sem(&x, &qw).unwrap();
        let exact = crate::vector::dot(&v, &w) as f64;
        assert!(
            (est - exact).abs() < 0.01 * exact.abs().max(1.0),
            "{est} vs {exact}"
        );
    }

    #[test]
    fn prescored_shortlist_holds_each_persons_best_feasible_vacancy() {
        let (_d, engine, people) = fixture();
        let snap = Snapshot::new(&engine, today());
        // The whole area pre-scored, but only 8 of a city's ~60 vacancies reach the ranker: the
        // pre-score must put each person's best vacancy among them.
        let opts = Options {
            k: 5,
            shortlist: 8,
            pool: 100_000,
            today: today(),
            ..Default::default()
        };
        let edges = snap.edges(&engine, &people, &opts, &|_, _| {});
        assert_eq!(edges.len(), people.len());
        let mut with_options = 0;
        for (c, pe) in people.iter().zip(&edges) {
            let all = exhaustive(&engine, &snap, c);
            assert!(pe.feasible.len() <= opts.k);
            // Best first, and every edge is a feasible pair with the ranker's exact score.
            assert!(pe
                .feasible
                .windows(2)
                .all(|w| best_first(&w[0], &w[1]).is_le()));
            for e in &pe.feasible {
                assert!(
                    all.contains(e),
                    "{}: edge {e:?} is not a feasible pair",
                    c.id
                );
            }
            match (pe.feasible.first(), all.first()) {
                (Some(fast), Some(best)) => {
                    with_options += 1;
                    assert_eq!(fast.1, best.1, "{}: best edge vs best feasible", c.id);
                    assert!(pe.why_none.is_none());
                }
                (None, None) => assert!(pe.why_none.is_some(), "{}", c.id),
                (f, b) => panic!("{}: fast {f:?}, exhaustive {b:?}", c.id),
            }
        }
        assert!(with_options > people.len() / 2, "{with_options}");
    }

    #[test]
    fn a_large_shortlist_gives_exactly_the_top_k() {
        let (_d, engine, people) = fixture();
        let snap = Snapshot::new(&engine, today());
        let opts = Options {
            k: 10,
            shortlist: 10_000,
            today: today(),
            ..Default::default()
        };
        let edges = snap.edges(&engine, &people, &opts, &|_, _| {});
        for (c, pe) in people.iter().zip(&edges) {
            let mut all = exhaustive(&engine, &snap, c);
            all.truncate(opts.k);
            assert_eq!(pe.feasible, all, "{}", c.id);
        }
    }

    #[test]
    fn roster_lists_everyone_once_within_capacities() {
        let (_d, engine, people) = fixture();
        for mode in [Mode::Stable, Mode::MaxFit] {
            let opts = Options {
                mode,
                k: 10,
                today: today(),
                ..Default::default()
            };
            let calls = AtomicUsize::new(0);
            let r = run(&engine, &people, &opts, &|d, t| {
                assert!(d <= t);
                calls.fetch_add(1, Ordering::Relaxed);
            })
            .unwrap();
            assert!(calls.load(Ordering::Relaxed) >= 1);
            let ids: Vec<&str> = r
                .assignments
                .iter()
                .map(|a| a.candidate_id.as_str())
                .collect();
            let want: Vec<&str> = people.iter().map(|c| c.id.as_str()).collect();
            assert_eq!(ids, want, "one line per person, in input order");
            let mut load: HashMap<&str, u32> = HashMap::new();
            for a in &r.assignments {
                match &a.primary {
                    Some(p) => {
                        assert!(a.unplaced_reason.is_none());
                        *load.entry(p.job_id.as_str()).or_default() += 1;
                        assert!(!p.reasons.is_empty());
                    }
                    None => assert!(a.unplaced_reason.is_some()),
                }
                assert!(a.backups.len() <= opts.backups);
            }
            for (id, n) in load {
                assert!(
                    n <= engine.job(id).unwrap().job.places(),
                    "{id} over capacity"
                );
            }
            let s = &r.summary;
            assert_eq!(
                s.placed,
                r.assignments.iter().filter(|a| a.primary.is_some()).count()
            );
            assert!(s.placed > 0);
            if mode == Mode::Stable {
                assert_eq!(s.blocking_pairs, 0);
            }
            let v = serde_json::to_value(&r).unwrap();
            let a0 = &v["assignments"][0];
            for k in ["candidate_id", "primary", "backups", "unplaced_reason"] {
                assert!(a0.get(k).is_some(), "missing {k}");
            }
            assert!(v["summary"]["placed_share"].is_number());
        }
    }

    #[test]
    fn csv_has_a_bom_and_one_row_per_person() {
        let (_d, engine, people) = fixture();
        let opts = Options {
            today: today(),
            ..Default::default()
        };
        let r = run(&engine, &people[..20], &opts, &|_, _| {}).unwrap();
        let mut buf = Vec::new();
        r.write_csv(&mut buf).unwrap();
        assert!(buf.starts_with(b"\xEF\xBB\xBF"));
        let text = String::from_utf8(buf).unwrap();
        assert_eq!(text.lines().count(), 21);
    }
}
