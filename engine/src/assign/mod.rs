//! Batch "one-to-one" assignment (离校未就业高校毕业生 "一对一" 帮扶): every person gets at most one primary
//! vacancy, no vacancy gets more people than its headcount, and each person gets backups.
//!
//! This is the exact core only: it takes candidate edges (who may go where, with a fit score) and returns an
//! assignment. It is pure: no clock, no randomness, no I/O; the same [`Instance`] always gives the same
//! [`Outcome`].
//!
//! # Preferences (the contract)
//!
//! * **A person** prefers the job with the higher `score`; equal scores (exactly equal `f64`) are broken by the
//!   lower job index. This is a strict total order over the person's edges.
//! * **A job** ranks the people that have an edge to it by the key
//!   `(fit_cents(score), priority, Reverse(person))`, larger is better, where
//!   [`fit_cents`]`(score) = (score * 100.0).round() as i64`. So "equal fit" means equal after rounding to two
//!   decimals; at equal fit the person with the **higher `priority` comes first** (托底: 就业困难人员,
//!   零就业家庭 are served before others at equal fit), and at equal priority the lower person index comes first.
//!   The score used is the score of that person's edge to that job. Priority never outweighs a fit that
//!   differs after rounding: it is a tie-breaker among equally fitting people, not a quota.
//! * **Blocking pair**: person `p` and job `j` with an edge, `p` strictly prefers `j` to its assignment (or is
//!   unassigned), and `j` has a free place or strictly prefers `p` to the worst person assigned to it.
//!   An assignment that is not an edge counts as worse than every edge for the person and as the worst
//!   possible holder for the job.
//!
//! # Modes
//!
//! * [`stable`]: person-proposing deferred acceptance with capacities (Gale–Shapley / Roth's college
//!   admissions). The result has no blocking pair and is the person-optimal stable assignment: no person gets
//!   a better job in any other stable assignment. It does not necessarily place the most people.
//! * [`max_fit`]: places as many people as possible, then maximises total fit, exactly. Fit is counted in
//!   integer micro-units [`fit_units`]`(score) = (score * 1e6).round() as i64`, so the optimum is exact for
//!   those integers (scores closer than 1e-6 are treated as equal). Among assignments equal on both, the sum
//!   of `priority` over placed people is maximised (托底 again as the final tie-breaker). The objective is
//!   `BIG·placed + Σ fit_units + ε·Σ priority` with `BIG` larger than any possible fit difference; it is
//!   implemented without a numeric `BIG`: the number placed is fixed first (below), and fit and priority are
//!   packed into one integer weight `fit_units·K + priority` with `K` above any priority difference, in
//!   checked `i64` with an `i128` fallback, so it cannot overflow silently. The algorithm (the private `flow` submodule documents it and proves the decomposition):
//!   a maximum-cardinality matching fixes how many can be placed and splits the instance into a region where
//!   places are short (every place there must be filled; the jobs are routed to people) and one where every
//!   person must be placed; each connected component of each region is then an exact min-cost flow by
//!   successive shortest paths, and components are solved in parallel (rayon) with a deterministic result.
//!
//! # Backups
//!
//! [`backups`] lists, for each person, up to `n` feasible jobs other than the primary: first the jobs that
//! still have a free place after the primary assignment, then the jobs that are full, each group in the
//! person's preference order. Every [`Backup`] carries `full` so capacity pressure is shown, not hidden.
//!
//! # Validity
//!
//! [`Instance::validate`] checks the input and names the offending field. The solvers assume a valid
//! instance (they check it only in debug builds) and may panic on out-of-range indices otherwise.

mod floor;
mod flow;
#[cfg(test)]
mod reference;
mod stable;

use crate::{Error, Result};
pub use floor::{floor, FloorReport};
use std::cmp::Ordering;

/// Largest accepted `|score|`: keeps [`fit_units`] far from `i64` overflow when summed along paths.
pub const MAX_ABS_SCORE: f64 = 1e6;

/// One feasible (person, job) pair with its fit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Edge {
    /// Person index, `< Instance::n_people`.
    pub person: u32,
    /// Job index, `< Instance::capacities.len()`.
    pub job: u32,
    /// Fit; higher is better. Finite, `|score| <= MAX_ABS_SCORE`.
    pub score: f64,
}

/// A batch: people, jobs with remaining headcount, and the feasible pairs.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Instance {
    /// Number of people; people are `0..n_people`.
    pub n_people: usize,
    /// Remaining headcount per job; jobs are `0..capacities.len()`.
    pub capacities: Vec<u32>,
    /// Feasible pairs only, at most one per (person, job).
    pub edges: Vec<Edge>,
    /// Per person: higher is served first at equal fit (托底). Length `n_people`.
    pub priority: Vec<u8>,
}

/// Which assignment to compute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    /// No blocking pairs; person-optimal ([`stable`]).
    Stable,
    /// Most people placed, then most total fit ([`max_fit`]).
    MaxFit,
}

/// The result of an assignment.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// Per person: the job assigned, if any.
    pub primary: Vec<Option<u32>>,
    /// Number of people with a job.
    pub placed: usize,
    /// Sum of the scores of the assigned edges (summed in person order).
    pub total_fit: f64,
    /// Number of blocking pairs of `primary` (see the module doc); always 0 for [`Mode::Stable`].
    pub blocking_pairs: usize,
}

/// A backup job for a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backup {
    /// The job.
    pub job: u32,
    /// True if the job has no free place left after the primary assignment.
    pub full: bool,
}

/// The fit a job compares people by: the score rounded to two decimals, as an integer.
pub fn fit_cents(score: f64) -> i64 {
    (score * 100.0).round() as i64
}

/// The integer fit [`max_fit`] maximises: the score rounded to six decimals, as an integer.
pub fn fit_units(score: f64) -> i64 {
    (score * 1e6).round() as i64
}

/// The job-side key of a person (larger is better): `(fit_cents, priority, Reverse(person))` packed so that
/// integer comparison is the lexicographic comparison.
#[inline]
pub(crate) fn job_key(score: f64, priority: u8, person: u32) -> i128 {
    ((fit_cents(score) as i128) << 40) | ((priority as i128) << 32) | (u32::MAX - person) as i128
}

/// True if a person prefers edge `(a_score, a_job)` to `(b_score, b_job)`: higher score, then lower job.
#[inline]
pub(crate) fn person_prefers(a_score: f64, a_job: u32, b_score: f64, b_job: u32) -> bool {
    match a_score.total_cmp(&b_score) {
        Ordering::Greater => true,
        Ordering::Less => false,
        Ordering::Equal => a_job < b_job,
    }
}

impl Instance {
    /// Checks the instance; the error names the first offending field (`edges[3].job`, `priority`, …).
    pub fn validate(&self) -> Result<()> {
        let m = self.capacities.len();
        if self.n_people > u32::MAX as usize {
            return Err(Error::field("n_people", "more than 2^32-1 people"));
        }
        if m > u32::MAX as usize {
            return Err(Error::field("capacities", "more than 2^32-1 jobs"));
        }
        if self.priority.len() != self.n_people {
            return Err(Error::field(
                "priority",
                format!(
                    "has {} entries, expected n_people = {}",
                    self.priority.len(),
                    self.n_people
                ),
            ));
        }
        for (i, e) in self.edges.iter().enumerate() {
            if e.person as usize >= self.n_people {
                return Err(Error::field(
                    format!("edges[{i}].person"),
                    format!("{} is not below n_people = {}", e.person, self.n_people),
                ));
            }
            if e.job as usize >= m {
                return Err(Error::field(
                    format!("edges[{i}].job"),
                    format!("{} is not below the number of jobs {m}", e.job),
                ));
            }
            if !e.score.is_finite() || e.score.abs() > MAX_ABS_SCORE {
                return Err(Error::field(
                    format!("edges[{i}].score"),
                    format!("{} is not a finite number within ±{MAX_ABS_SCORE}", e.score),
                ));
            }
        }
        // Duplicate pairs: group edges by person, then mark jobs per person with a stamp.
        let by_person = Csr::by_person(self);
        let mut stamp = vec![u32::MAX; m];
        for p in 0..self.n_people {
            for &ei in by_person.row(p) {
                let j = self.edges[ei as usize].job as usize;
                if stamp[j] == p as u32 {
                    return Err(Error::field(
                        format!("edges[{ei}]"),
                        format!("second edge for person {p} and job {j}"),
                    ));
                }
                stamp[j] = p as u32;
            }
        }
        Ok(())
    }
}

/// Edge indices grouped per person (compressed rows). Edge indices are `u32` to halve memory; an instance
/// with more than 2^32-1 edges is rejected by the solvers.
pub(crate) struct Csr {
    start: Vec<usize>,
    items: Vec<u32>,
}

impl Csr {
    /// Groups edge indices by person, keeping input order within a person (counting sort, O(E)).
    pub(crate) fn by_person(inst: &Instance) -> Csr {
        assert!(
            inst.edges.len() <= u32::MAX as usize,
            "more than 2^32-1 edges"
        );
        let mut start = vec![0usize; inst.n_people + 1];
        for e in &inst.edges {
            start[e.person as usize + 1] += 1;
        }
        for i in 0..inst.n_people {
            start[i + 1] += start[i];
        }
        let mut fill = start.clone();
        let mut items = vec![0u32; inst.edges.len()];
        for (i, e) in inst.edges.iter().enumerate() {
            let f = &mut fill[e.person as usize];
            items[*f] = i as u32;
            *f += 1;
        }
        Csr { start, items }
    }

    /// Like [`Csr::by_person`] but each row sorted in the person's preference order.
    pub(crate) fn preferences(inst: &Instance) -> Csr {
        let mut c = Csr::by_person(inst);
        for p in 0..inst.n_people {
            let (a, b) = (c.start[p], c.start[p + 1]);
            c.items[a..b].sort_unstable_by(|&x, &y| {
                let (ex, ey) = (&inst.edges[x as usize], &inst.edges[y as usize]);
                ey.score.total_cmp(&ex.score).then(ex.job.cmp(&ey.job))
            });
        }
        c
    }

    /// The edge indices of person `p`.
    #[inline]
    pub(crate) fn row(&self, p: usize) -> &[u32] {
        &self.items[self.start[p]..self.start[p + 1]]
    }
}

/// Person-proposing deferred acceptance with capacities: zero blocking pairs, person-optimal.
pub fn stable(inst: &Instance) -> Outcome {
    debug_assert!(
        inst.validate().is_ok(),
        "invalid instance: {:?}",
        inst.validate()
    );
    let primary = stable::deferred_acceptance(inst);
    outcome(inst, primary)
}

/// Maximum number placed, then maximum total [`fit_units`], then maximum placed priority; exact.
pub fn max_fit(inst: &Instance) -> Outcome {
    debug_assert!(
        inst.validate().is_ok(),
        "invalid instance: {:?}",
        inst.validate()
    );
    let primary = flow::max_fit_assignment(inst);
    outcome(inst, primary)
}

/// Runs the solver for `mode`.
pub fn solve(inst: &Instance, mode: Mode) -> Outcome {
    match mode {
        Mode::Stable => stable(inst),
        Mode::MaxFit => max_fit(inst),
    }
}

/// The outcome of an assignment `primary` of `inst`: placed, total fit, blocking pairs.
pub fn outcome(inst: &Instance, primary: Vec<Option<u32>>) -> Outcome {
    let mut score = vec![0.0f64; inst.n_people];
    for e in &inst.edges {
        if primary[e.person as usize] == Some(e.job) {
            score[e.person as usize] = e.score;
        }
    }
    let placed = primary.iter().filter(|a| a.is_some()).count();
    let total_fit = score.iter().sum();
    let blocking_pairs = blocking_pairs(inst, &primary);
    Outcome {
        primary,
        placed,
        total_fit,
        blocking_pairs,
    }
}

/// Counts blocking pairs of `primary` (definition in the module doc). O(E + people + jobs).
///
/// `primary` may be any assignment, even one that overfills a job or uses a non-edge.
pub fn blocking_pairs(inst: &Instance, primary: &[Option<u32>]) -> usize {
    assert_eq!(
        primary.len(),
        inst.n_people,
        "primary must have one entry per person"
    );
    let m = inst.capacities.len();
    // The score of each person's assigned edge, if the assignment is an edge.
    let mut held: Vec<Option<f64>> = vec![None; inst.n_people];
    for e in &inst.edges {
        if primary[e.person as usize] == Some(e.job) {
            held[e.person as usize] = Some(e.score);
        }
    }
    let mut load = vec![0u64; m];
    let mut worst = vec![i128::MAX; m];
    for (p, a) in primary.iter().enumerate() {
        if let Some(j) = *a {
            let j = j as usize;
            load[j] += 1;
            let k = match held[p] {
                Some(s) => job_key(s, inst.priority[p], p as u32),
                None => i128::MIN,
            };
            worst[j] = worst[j].min(k);
        }
    }
    let mut count = 0;
    for e in &inst.edges {
        let p = e.person as usize;
        let prefers = match (primary[p], held[p]) {
            (Some(j), _) if j == e.job => false,
            (Some(j), Some(s)) => person_prefers(e.score, e.job, s, j),
            _ => true,
        };
        if !prefers {
            continue;
        }
        let j = e.job as usize;
        if load[j] < inst.capacities[j] as u64
            || job_key(e.score, inst.priority[p], e.person) > worst[j]
        {
            count += 1;
        }
    }
    count
}

/// For each person, up to `n` feasible jobs other than the primary: jobs with a free place after `primary`
/// first, then full jobs, each group in the person's preference order (higher score, then lower job index).
///
/// "Full" means the jobs' assigned count under `primary` has reached its capacity (a job with capacity 0 is
/// full). Returns one list per person.
pub fn backups(inst: &Instance, primary: &[Option<u32>], n: usize) -> Vec<Vec<Backup>> {
    assert_eq!(
        primary.len(),
        inst.n_people,
        "primary must have one entry per person"
    );
    let mut load = vec![0u64; inst.capacities.len()];
    for j in primary.iter().flatten() {
        load[*j as usize] += 1;
    }
    let full = |j: u32| load[j as usize] >= inst.capacities[j as usize] as u64;
    let prefs = Csr::preferences(inst);
    (0..inst.n_people)
        .map(|p| {
            let others = prefs
                .row(p)
                .iter()
                .map(|&ei| inst.edges[ei as usize].job)
                .filter(|&j| primary[p] != Some(j));
            let mut out: Vec<Backup> = others
                .clone()
                .filter(|&j| !full(j))
                .take(n)
                .map(|job| Backup { job, full: false })
                .collect();
            let rest = n - out.len();
            out.extend(
                others
                    .filter(|&j| full(j))
                    .take(rest)
                    .map(|job| Backup { job, full: true }),
            );
            out
        })
        .collect()
}

#[cfg(test)]
mod tests;
