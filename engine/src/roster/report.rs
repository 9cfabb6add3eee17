//! The roster of an assignment: primary and backups with reasons, why the unplaced are, summary.

use std::collections::HashMap;

use rayon::prelude::*;

use super::edges::PersonEdges;
use super::{
    Assignment, FloorSummary, GroupCount, Options, Placement, Roster, Snapshot, Summary, DISPLACED,
    FLOOR_FULL,
};
use crate::assign::{self, FloorReport, Instance, Mode, Outcome};
use crate::engine::{Engine, JobEntry};
use crate::model::Candidate;
use crate::present;
use crate::rank::{self, CandidateProfile, Scored};

impl Snapshot {
    /// The roster of an assignment `outcome` of `self.instance(people, edges)`: primary, backups
    /// (with reasons, re-derived by the ranker for the few vacancies shown), reasons for the
    /// unplaced, and the summary. `floor` is what the 托底 step did, when it ran (who is on the
    /// floor, and its report).
    #[allow(clippy::too_many_arguments)]
    pub fn roster(
        &self,
        engine: &Engine,
        people: &[Candidate],
        edges: &[PersonEdges],
        inst: &Instance,
        outcome: &Outcome,
        floor: Option<&(Vec<bool>, FloorReport)>,
        opts: &Options,
    ) -> Roster {
        let backups = assign::backups(inst, &outcome.primary, opts.backups);
        let mut used = vec![0u32; self.entries.len()];
        for j in outcome.primary.iter().flatten() {
            used[*j as usize] += 1;
        }
        let policy = engine.policy();
        let hired = engine.hired_people();
        let max = present::max_score(policy);
        let assignments: Vec<Assignment> = people
            .par_iter()
            .enumerate()
            .map(|(p, c)| {
                let pe = &edges[p];
                let shown: Vec<(u32, Option<bool>)> = match outcome.primary[p] {
                    None if pe.feasible.is_empty() => {
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
                    let s = rank::score(&cp, &e.profile, sem, None, policy, self.today)?
                        .explain(&cp, &e.profile, policy);
                    Some(placement(e, &s, full, max))
                });
                let primary = if outcome.primary[p].is_some() {
                    placements.next()
                } else {
                    None
                };
                let backs: Vec<Placement> = placements.collect();
                let unplaced_reason = primary.is_none().then(|| unplaced_reason(p, pe, floor));
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
            .zip(&self.places)
            .filter(|((_, u), p)| **u < **p)
            .map(|((e, u), p)| (e.job.id.clone(), p - u))
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
                // The sum of the primaries' scores, each on the 0–1 scale.
                total_fit: (outcome.total_fit / max * 10_000.0).round() / 10_000.0,
                blocking_pairs: outcome.blocking_pairs,
                by_group,
                vacancies: self.entries.len(),
                places,
                places_filled: filled,
                unfilled,
                no_option: edges
                    .iter()
                    .zip(people)
                    .filter(|(e, c)| {
                        e.feasible.is_empty() && e.welfare.is_empty() && !hired.contains(&c.id)
                    })
                    .count(),
                already_hired: people.iter().filter(|c| hired.contains(&c.id)).count(),
                edges: inst.edges.len(),
                floor: floor_summary(engine, floor, &outcome.primary),
            },
            assignments,
        }
    }
}

/// Why person `p` has no place: gave way to the floor, crowded out by other floor people, no
/// feasible vacancy, or every place taken by better-fitting people.
fn unplaced_reason(p: usize, pe: &PersonEdges, floor: Option<&(Vec<bool>, FloorReport)>) -> String {
    let listed =
        |l: fn(&FloorReport) -> &[u32]| floor.is_some_and(|f| l(&f.1).contains(&(p as u32)));
    if listed(|r| &r.displaced) {
        DISPLACED.to_string()
    } else if listed(|r| &r.taken_by_floor) {
        FLOOR_FULL.to_string()
    } else if let Some(w) = &pe.why_none {
        w.clone()
    } else {
        "可选岗位名额已被更匹配的求职者占满，请参考备选岗位".to_string()
    }
}

/// The summary of the 托底 step.
fn floor_summary(
    engine: &Engine,
    floor: Option<&(Vec<bool>, FloorReport)>,
    primary: &[Option<u32>],
) -> FloorSummary {
    let groups = engine.policy().floor.groups.clone();
    let Some((on, r)) = floor else {
        return FloorSummary {
            groups,
            ..Default::default()
        };
    };
    FloorSummary {
        enabled: true,
        groups,
        people: on.iter().filter(|&&f| f).count(),
        placed: on
            .iter()
            .zip(primary)
            .filter(|(f, j)| **f && j.is_some())
            .count(),
        placed_by_floor: r.placed_by_floor.len(),
        placed_by_fallback: r.on_fallback.len(),
        displaced: r.displaced.len(),
        none_in_circle: r.no_edge.len(),
        places_taken_by_floor: r.taken_by_floor.len(),
    }
}

fn placement(e: &JobEntry, s: &Scored, full: Option<bool>, max: f64) -> Placement {
    Placement {
        job_id: e.job.id.clone(),
        score: present::scaled(s.score, max),
        reasons: s.reasons.clone(),
        title: e.job.title.clone(),
        employer: e.job.employer.clone(),
        place: present::place(e),
        pay: present::pay_text(&e.job),
        distance_km: s.features.km.map(present::km),
        full,
    }
}
