//! The valid vacancies of a run, indexed once for batch edge generation: by area (city, or
//! province), and within an area by folded title, with what pre-scoring reads laid out in order.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use super::edges::PersonEdges;
use super::prescore::{Pre, P_VEC};
use super::quant::quantise;
use crate::assign::{Edge, Instance};
use crate::engine::{Engine, JobEntry};
use crate::model::Candidate;
use crate::rank::{self, CandidateProfile};

/// The vacancies of one area (a city, or a province for postings placed only that precisely),
/// grouped by folded title, with what pre-scoring reads of each laid out in group order: a person
/// visits whole title groups, so their pool is read in sequence instead of chased through
/// `JobEntry` pointers (which cost more than the arithmetic at batch scale).
#[derive(Default)]
pub(super) struct AreaIndex {
    pub(super) titles: Vec<String>,
    /// Group `g` is `members[start[g]..start[g + 1]]` (snapshot indexes, ascending).
    pub(super) start: Vec<u32>,
    pub(super) members: Vec<u32>,
    /// Per member: the packed fields pre-scoring reads.
    pub(super) pre: Vec<Pre>,
    /// Per member: its vector quantised to `i8` (`dim` values each; see [`Pre::vscale`]).
    pub(super) qv: Vec<i8>,
    pub(super) dim: usize,
    /// Intent → `title_sim(intent, titles[g])` for every group `g`; shared by all people.
    sims: RwLock<HashMap<String, Arc<[f64]>>>,
}

impl AreaIndex {
    pub(super) fn build(
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

    pub(super) fn row(&self, intent: &str) -> Arc<[f64]> {
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

/// The valid vacancies of a run, indexed for batch edge generation. Build once per run.
pub struct Snapshot {
    /// Valid vacancies sorted by id; a vacancy's position is its index in the assignment.
    pub entries: Vec<Arc<JobEntry>>,
    pub(super) today: i64,
    /// City (or province) code → its vacancies by title.
    pub(super) areas: HashMap<u32, AreaIndex>,
    /// Every vacancy by title, for people whose area does not resolve.
    pub(super) all: AreaIndex,
    /// County code → vacancies placed there.
    pub(super) by_county: HashMap<u32, Vec<u32>>,
    /// Per vacancy: what pre-scoring reads of it.
    pub(super) pre: Vec<Pre>,
    /// Per vacancy: its open places (headcount minus the people hired for it, at least 1).
    pub places: Vec<u32>,
}

/// The area key a vacancy is filed under: its city (or its own code when only a city or province
/// is known). A person's area `a` (a city or province code) contains it iff `region::contains`.
fn area_key(adcode: u32) -> u32 {
    crate::text::region::city_level(adcode)
}

impl Snapshot {
    /// The engine's vacancies valid on `today` with an open place (outcome events: headcount
    /// minus hires), indexed by area, title and county.
    pub fn new(engine: &Engine, today: i64) -> Snapshot {
        let hires = engine.hires();
        let open = |e: &JobEntry| {
            e.job
                .places()
                .saturating_sub(hires.get(&e.job.id).copied().unwrap_or(0))
        };
        let mut entries: Vec<Arc<JobEntry>> = engine
            .job_entries()
            .into_iter()
            .filter(|e| e.job.is_valid_on(today) && open(e) > 0)
            .collect();
        entries.sort_by(|a, b| a.job.id.cmp(&b.job.id));
        let places = entries.iter().map(|e| open(e)).collect();
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
            places,
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
    pub(super) fn areas_of(&self, p: &CandidateProfile) -> Vec<&AreaIndex> {
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

    /// The assignment instance of the edges: capacities are open places, priority is 托底.
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
            capacities: self.places.clone(),
            edges: list,
            priority: people.iter().map(|c| u8::from(c.is_priority())).collect(),
        }
    }

    /// `inst` with each person's 公益性岗位 fallback edges ([`PersonEdges::welfare`]) appended
    /// after the regular ones.
    pub fn with_welfare(&self, inst: &Instance, edges: &[PersonEdges]) -> Instance {
        let mut all = inst.clone();
        for (p, pe) in edges.iter().enumerate() {
            for &(job, score) in &pe.welfare {
                all.edges.push(Edge {
                    person: p as u32,
                    job,
                    score,
                });
            }
        }
        all
    }
}
