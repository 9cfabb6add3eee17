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
//! 2. **Pre-score** the pool with the ranker's cheap features, through the ranker's own feature
//!    functions ([`crate::rank::features`]: title, semantic similarity, distance, region, pay,
//!    education, experience, kind, needs, group bonuses); skills and word overlap, which need text
//!    search, are left out.
//! 3. **Rank** the best `shortlist` of the pool with [`rank::score`] itself, keep the feasible ones,
//!    best first, and cut to K.
//!
//! So edges carry the ranker's exact scores; what is approximate is which vacancies reach stage 3.
//! On the fixture corpus each person's best edge equals the best ranker score over *all* their
//! feasible vacancies (a test in `tests.rs`); at scale `bole-benches --bin assign_e2e` measures the agreement.
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
//!
//! # Layout
//!
//! `snapshot` (the valid vacancies by area and title), `quant` (vectors in `i8`), `prescore`
//! (stage 2), `edges` (stages 1–3), `report` (the roster and its summary), `export` (CSV).

use std::collections::HashMap;

use serde::Serialize;

use crate::assign::{self, Mode};
use crate::engine::Engine;
use crate::error::Result;
use crate::model::{Candidate, Group};

mod edges;
mod export;
mod prescore;
mod quant;
mod report;
mod snapshot;
#[cfg(test)]
mod tests;

pub use edges::PersonEdges;
pub use snapshot::Snapshot;

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
    /// 托底: place the people of the policy's floor groups first ([`crate::assign::floor`]).
    pub floor: bool,
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
            floor: true,
        }
    }
}

/// The unplaced reason of a person an outcome event says was hired already.
pub const HIRED: &str = "已被录用（有录用结果记录），不再参与本次分配";

/// The unplaced reason of a person who gave up a place to a 托底 person and found no other.
pub const DISPLACED: &str = "名额已优先安排给托底人员（就业困难人员等），请参考备选岗位";

/// The unplaced reason of a 托底 person whose every feasible place went to other 托底 people.
pub const FLOOR_FULL: &str = "通勤范围内可选岗位（含公益性岗位）名额均已安排给其他托底人员";

/// Default [`Options::shortlist`].
pub const DEFAULT_SHORTLIST: usize = 100;
/// Default [`Options::pool`].
pub const DEFAULT_POOL: usize = 1000;

/// A vacancy in the roster.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct Placement {
    /// Vacancy id.
    pub job_id: String,
    /// Fit on the 0–1 scale of [`crate::engine::JobMatch::score`].
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
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "utoipa", schema(as = RosterSummary))]
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
    /// Vacancies with places left, with how many: `[job_id, places]` each.
    #[cfg_attr(feature = "utoipa", schema(value_type = Vec<Vec<Value>>))]
    pub unfilled: Vec<(String, u32)>,
    /// People with no feasible vacancy at all (not counting those already hired).
    pub no_option: usize,
    /// People left out because an outcome event says they were hired already.
    pub already_hired: usize,
    /// Edges (feasible person–vacancy pairs) the assignment chose from.
    pub edges: usize,
    /// What the 托底 floor did.
    pub floor: FloorSummary,
}

/// What the 托底 floor of a run did ([`crate::assign::floor`]).
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct FloorSummary {
    /// Whether the floor ran.
    pub enabled: bool,
    /// The floor groups of the policy.
    pub groups: Vec<Group>,
    /// People of the floor groups in the run (not counting those already hired).
    pub people: usize,
    /// Of them placed.
    pub placed: usize,
    /// Placed by the floor step (the assignment alone left them without a place).
    pub placed_by_floor: usize,
    /// Placed on a 公益性岗位 that was not among their regular options (the fallback).
    pub placed_by_fallback: usize,
    /// People outside the floor groups who gave up a place to a floor person and found no other.
    pub displaced: usize,
    /// Floor people without a place because no vacancy (公益性岗位 included) lies in their circle.
    pub none_in_circle: usize,
    /// Floor people without a place because every place they could take went to other floor people.
    pub places_taken_by_floor: usize,
}

/// The roster: summary plus one line per person, in input order.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct Roster {
    /// Summary.
    pub summary: Summary,
    /// Lines.
    pub assignments: Vec<Assignment>,
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
    let mut edges = snap.edges(engine, people, opts, progress);
    // People already hired (outcome events) take no place: listed, unplaced, with the reason.
    let hired = engine.hired_people();
    if !hired.is_empty() {
        for (pe, c) in edges.iter_mut().zip(people) {
            if hired.contains(&c.id) {
                *pe = PersonEdges {
                    feasible: Vec::new(),
                    fallback: Vec::new(),
                    why_none: Some(HIRED.to_string()),
                    welfare: Vec::new(),
                };
            }
        }
    }
    let inst = snap.instance(people, &edges);
    inst.validate()?;
    let mut outcome = assign::solve(&inst, opts.mode);
    let floor = if opts.floor {
        let policy = engine.policy();
        let on_floor: Vec<bool> = people
            .iter()
            .map(|c| policy.floor.covers(&c.groups) && !hired.contains(&c.id))
            .collect();
        let all = snap.with_welfare(&inst, &edges);
        let mut primary = outcome.primary;
        let report = assign::floor(&all, inst.edges.len(), &on_floor, &mut primary);
        outcome = assign::outcome(&all, primary);
        Some((on_floor, report))
    } else {
        None
    };
    Ok(snap.roster(
        engine,
        people,
        &edges,
        &inst,
        &outcome,
        floor.as_ref(),
        opts,
    ))
}
