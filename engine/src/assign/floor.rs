//! 托底: after the assignment, every person of a floor group (就业困难人员 and the groups the policy
//! names) gets a place whenever one can be found for them, before other people keep theirs.
//!
//! The step runs on an assignment already made (stable or max-fit) and only ever adds floor people:
//! for each floor person left without a place it searches, breadth first, an alternating path that
//! moves people along their own edges and ends
//!
//! 1. at a vacancy with a free place (nobody loses a place), over the regular edges;
//! 2. else at a vacancy held by a person outside the floor groups, who gives up the place, over the
//!    regular edges; only floor people are moved along this path;
//! 3. and 4. the same two searches with the fallback edges added (公益性岗位 in the person's circle
//!    that were not among their regular edges).
//!
//! A displaced person is then re-placed by a path of kind 1 if one exists (over the regular edges
//! only), else left without a place and counted.
//!
//! **Guarantee.** In the searches of kind 2 and 4, a place held by a person outside the floor groups
//! is as good as a free one, so these searches are augmenting-path searches in the graph of floor
//! people only, in which every place counts. A person from whom no augmenting path starts never gets
//! one later (the lemma behind Kuhn's algorithm), so one pass over the floor people places the most
//! floor people that any assignment can place: every floor person with a feasible vacancy has a
//! place unless all the places they could take are held by other floor people. Floor people placed
//! before the step keep a place (they may move along a path); nobody outside the floor groups loses a
//! place except to a floor person.
//!
//! The step is deterministic (people in index order, edges in input order) and pure.

use std::collections::VecDeque;

use super::{Edge, Instance};

const NONE: u32 = u32::MAX;

/// What the floor step did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FloorReport {
    /// Floor people without a place after the assignment whom the step placed.
    pub placed_by_floor: Vec<u32>,
    /// Floor people whose place is a fallback edge at the end.
    pub on_fallback: Vec<u32>,
    /// People outside the floor groups who gave up a place and could not be placed again.
    pub displaced: Vec<u32>,
    /// Floor people still without a place who have at least one edge: every place they could take
    /// is held by another floor person.
    pub taken_by_floor: Vec<u32>,
    /// Floor people without any edge (regular or fallback).
    pub no_edge: Vec<u32>,
}

/// Runs the floor step on `primary` (an assignment of `inst`, changed in place). Edges
/// `inst.edges[first_fallback..]` are fallback edges, used only when no regular path exists.
/// `floor[p]` marks the floor people.
pub fn floor(
    inst: &Instance,
    first_fallback: usize,
    floor: &[bool],
    primary: &mut [Option<u32>],
) -> FloorReport {
    assert_eq!(floor.len(), inst.n_people, "one floor flag per person");
    assert_eq!(primary.len(), inst.n_people, "one primary per person");
    let mut st = State::new(inst, first_fallback, floor, primary);
    let mut report = FloorReport::default();
    for (p, &on) in floor.iter().enumerate() {
        if !on || st.job_of[p] != NONE {
            continue;
        }
        if st.rows[p].is_empty() {
            report.no_edge.push(p as u32);
            continue;
        }
        let passes = [(false, false), (false, true), (true, false), (true, true)];
        let found = passes
            .into_iter()
            .find_map(|(fallback, displace)| st.search(p, fallback, displace));
        let Some(path) = found else {
            report.taken_by_floor.push(p as u32);
            continue;
        };
        report.placed_by_floor.push(p as u32);
        if let Some(x) = st.apply(&path) {
            // The displaced person looks for a free place along the regular edges.
            match st.search(x as usize, false, false) {
                Some(back) => {
                    let none = st.apply(&back);
                    debug_assert!(none.is_none());
                }
                None => report.displaced.push(x),
            }
        }
    }
    for (p, slot) in primary.iter_mut().enumerate() {
        let j = st.job_of[p];
        *slot = (j != NONE).then_some(j);
        if floor[p] && j != NONE && st.on_fallback(p, j) {
            report.on_fallback.push(p as u32);
        }
    }
    report
}

/// An alternating path found by [`State::search`]: `(person, job)` moves, the first from the
/// person searched for, and the person displaced at its end, if any.
struct Path {
    moves: Vec<(u32, u32)>,
    displaced: Option<u32>,
}

struct State<'a> {
    inst: &'a Instance,
    first_fallback: usize,
    floor: &'a [bool],
    /// Per person: indexes of their edges, in input order.
    rows: Vec<Vec<u32>>,
    job_of: Vec<u32>,
    holders: Vec<Vec<u32>>,
    /// Per person: the edge they were reached by in the current search (`NONE`: not reached).
    via: Vec<u32>,
    seen_job: Vec<bool>,
    touched: Vec<u32>,
}

impl<'a> State<'a> {
    fn new(
        inst: &'a Instance,
        first_fallback: usize,
        floor: &'a [bool],
        primary: &[Option<u32>],
    ) -> Self {
        let mut rows = vec![Vec::new(); inst.n_people];
        for (i, e) in inst.edges.iter().enumerate() {
            rows[e.person as usize].push(i as u32);
        }
        let mut holders = vec![Vec::new(); inst.capacities.len()];
        let mut job_of = vec![NONE; inst.n_people];
        for (p, j) in primary.iter().enumerate() {
            if let Some(j) = *j {
                holders[j as usize].push(p as u32);
                job_of[p] = j;
            }
        }
        State {
            inst,
            first_fallback,
            floor,
            rows,
            job_of,
            holders,
            via: vec![NONE; inst.n_people],
            seen_job: vec![false; inst.capacities.len()],
            touched: Vec::new(),
        }
    }

    fn edge(&self, i: u32) -> &Edge {
        &self.inst.edges[i as usize]
    }

    fn on_fallback(&self, p: usize, j: u32) -> bool {
        !self.rows[p]
            .iter()
            .any(|&i| (i as usize) < self.first_fallback && self.edge(i).job == j)
    }

    /// Breadth-first search of a path from `p0` (see the module doc): over fallback edges too when
    /// `fallback`; ending at a place held by someone outside the floor groups when `displace`.
    fn search(&mut self, p0: usize, fallback: bool, displace: bool) -> Option<Path> {
        for &t in &self.touched {
            self.via[t as usize] = NONE;
        }
        self.touched.clear();
        self.seen_job.fill(false);
        let mut queue = VecDeque::from([p0 as u32]);
        let end = 'search: loop {
            let Some(q) = queue.pop_front() else {
                break 'search None;
            };
            for k in 0..self.rows[q as usize].len() {
                let i = self.rows[q as usize][k];
                let j = self.edge(i).job;
                if (i as usize >= self.first_fallback && !fallback)
                    || j == self.job_of[q as usize]
                    || self.seen_job[j as usize]
                {
                    continue;
                }
                self.seen_job[j as usize] = true;
                let held = &self.holders[j as usize];
                if (held.len() as u32) < self.inst.capacities[j as usize] {
                    break 'search Some((q, i, None));
                }
                if displace {
                    if let Some(x) = self.weakest_outside_floor(j) {
                        break 'search Some((q, i, Some(x)));
                    }
                }
                for &r in &self.holders[j as usize] {
                    let movable = !displace || self.floor[r as usize];
                    if movable && r as usize != p0 && self.via[r as usize] == NONE {
                        self.via[r as usize] = i;
                        self.touched.push(r);
                        queue.push_back(r);
                    }
                }
            }
        }?;
        let (mut q, mut i, displaced) = end;
        let mut moves = Vec::new();
        loop {
            moves.push((q, self.edge(i).job));
            if q as usize == p0 {
                break;
            }
            i = self.via[q as usize];
            q = self.edge(i).person;
        }
        moves.reverse();
        Some(Path { moves, displaced })
    }

    /// The holder of `j` outside the floor groups with the lowest score on `j` (the lowest index at
    /// equal score), if any.
    fn weakest_outside_floor(&self, j: u32) -> Option<u32> {
        self.holders[j as usize]
            .iter()
            .filter(|&&x| !self.floor[x as usize])
            .map(|&x| {
                let s = self.rows[x as usize]
                    .iter()
                    .map(|&i| self.edge(i))
                    .find(|e| e.job == j)
                    .map_or(f64::NEG_INFINITY, |e| e.score);
                (s, x)
            })
            .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)))
            .map(|(_, x)| x)
    }

    /// Applies a path; returns the person displaced, now without a place.
    fn apply(&mut self, path: &Path) -> Option<u32> {
        if let Some(x) = path.displaced {
            let j = self.job_of[x as usize];
            self.holders[j as usize].retain(|&h| h != x);
            self.job_of[x as usize] = NONE;
        }
        // Last move first: each person leaves their place before the one behind takes it.
        for &(q, j) in path.moves.iter().rev() {
            let old = self.job_of[q as usize];
            if old != NONE {
                self.holders[old as usize].retain(|&h| h != q);
            }
            self.holders[j as usize].push(q);
            self.job_of[q as usize] = j;
        }
        path.displaced
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assign::{max_fit, solve, Mode};
    use proptest::prelude::*;

    fn e(person: u32, job: u32, score: f64) -> Edge {
        Edge { person, job, score }
    }

    fn check(inst: &Instance, first_fallback: usize, fl: &[bool], mode: Mode) {
        let before = solve(inst, mode).primary;
        let mut after = before.clone();
        let r = floor(inst, first_fallback, fl, &mut after);
        // Every place is an edge and no vacancy holds more than its places.
        let mut load = vec![0u32; inst.capacities.len()];
        for (p, j) in after.iter().enumerate() {
            if let Some(j) = *j {
                assert!(inst
                    .edges
                    .iter()
                    .any(|e| e.person as usize == p && e.job == j));
                load[j as usize] += 1;
            }
        }
        for (l, c) in load.iter().zip(&inst.capacities) {
            assert!(l <= c, "over capacity");
        }
        // Floor people placed before keep a place; others lose one only when displaced.
        for p in 0..inst.n_people {
            if before[p].is_some() && after[p].is_none() {
                assert!(!fl[p], "a floor person lost a place");
                assert!(r.displaced.contains(&(p as u32)));
            }
        }
        // The most floor people any assignment can place.
        let sub = Instance {
            n_people: inst.n_people,
            capacities: inst.capacities.clone(),
            edges: inst
                .edges
                .iter()
                .copied()
                .filter(|e| fl[e.person as usize])
                .collect(),
            priority: vec![0; inst.n_people],
        };
        let best = max_fit(&sub).placed;
        let placed = (0..inst.n_people)
            .filter(|&p| fl[p] && after[p].is_some())
            .count();
        assert_eq!(placed, best, "floor placement is not maximal");
        // Every floor person without a place either has no edge or finds every place they could
        // take held by floor people.
        for p in 0..inst.n_people {
            if fl[p] && after[p].is_none() {
                let jobs: Vec<u32> = inst
                    .edges
                    .iter()
                    .filter(|e| e.person as usize == p)
                    .map(|e| e.job)
                    .collect();
                if jobs.is_empty() {
                    assert!(r.no_edge.contains(&(p as u32)));
                }
                for j in jobs {
                    let holders: Vec<usize> = (0..inst.n_people)
                        .filter(|&q| after[q] == Some(j))
                        .collect();
                    assert_eq!(holders.len() as u32, inst.capacities[j as usize]);
                    assert!(
                        holders.iter().all(|&q| fl[q]),
                        "a non-floor person kept a place"
                    );
                }
            }
        }
        // Nobody outside the floor lost a place for nothing.
        assert!(r.displaced.len() <= r.placed_by_floor.len());
    }

    #[test]
    fn a_floor_person_takes_the_place_of_a_better_fitting_other() {
        // One place; the other person fits better and wins it in either mode.
        let inst = Instance {
            n_people: 2,
            capacities: vec![1],
            edges: vec![e(0, 0, 0.9), e(1, 0, 0.5)],
            priority: vec![0, 1],
        };
        let mut primary = solve(&inst, Mode::Stable).primary;
        assert_eq!(primary, vec![Some(0), None]);
        let r = floor(&inst, 2, &[false, true], &mut primary);
        assert_eq!(primary, vec![None, Some(0)]);
        assert_eq!(r.placed_by_floor, vec![1]);
        assert_eq!(r.displaced, vec![0]);
    }

    #[test]
    fn free_places_and_moves_come_before_displacing_anyone() {
        // Person 0 (other) holds job 0 but can move to job 1, which has room.
        let inst = Instance {
            n_people: 2,
            capacities: vec![1, 1],
            edges: vec![e(0, 0, 0.9), e(0, 1, 0.8), e(1, 0, 0.5)],
            priority: vec![0, 1],
        };
        let mut primary = vec![Some(0), None];
        let r = floor(&inst, 3, &[false, true], &mut primary);
        assert_eq!(primary, vec![Some(1), Some(0)]);
        assert!(r.displaced.is_empty());
    }

    #[test]
    fn fallback_edges_only_when_no_regular_place_exists() {
        // Floor person 1: regular job 0 (held by floor person 0), fallback job 1 (公益性岗位).
        let inst = Instance {
            n_people: 2,
            capacities: vec![1, 1],
            edges: vec![e(0, 0, 0.9), e(1, 0, 0.5), e(1, 1, 0.2)],
            priority: vec![1, 1],
        };
        let mut primary = vec![Some(0), None];
        let r = floor(&inst, 2, &[true, true], &mut primary);
        assert_eq!(primary, vec![Some(0), Some(1)]);
        assert_eq!(r.on_fallback, vec![1]);
        // Without the fallback edge, the person is counted as crowded out by other floor people.
        let regular = Instance {
            edges: inst.edges[..2].to_vec(),
            ..inst.clone()
        };
        let mut primary = vec![Some(0), None];
        let r = floor(&regular, 2, &[true, true], &mut primary);
        assert_eq!(primary, vec![Some(0), None]);
        assert_eq!(r.taken_by_floor, vec![1]);
    }

    fn instances() -> impl Strategy<Value = (Instance, usize, Vec<bool>)> {
        (1usize..9, 1usize..6).prop_flat_map(|(n, m)| {
            (
                proptest::collection::vec(0u32..3, m),
                proptest::collection::vec((0..n as u32, 0..m as u32, 0u32..100), 0..(n * m)),
                proptest::collection::vec(any::<bool>(), n),
                0usize..=100,
            )
                .prop_map(move |(caps, raw, fl, cut)| {
                    let mut seen = std::collections::HashSet::new();
                    let edges: Vec<Edge> = raw
                        .into_iter()
                        .filter(|&(p, j, _)| seen.insert((p, j)))
                        .map(|(p, j, s)| e(p, j, s as f64 / 100.0))
                        .collect();
                    // The last edges of floor people are fallback edges.
                    let first_fallback = edges.len() * cut / 100;
                    let mut regular = edges[..first_fallback].to_vec();
                    regular.extend(
                        edges[first_fallback..]
                            .iter()
                            .copied()
                            .filter(|x| fl[x.person as usize]),
                    );
                    let inst = Instance {
                        n_people: n,
                        capacities: caps,
                        edges: regular,
                        priority: fl.iter().map(|&f| u8::from(f)).collect(),
                    };
                    (inst, first_fallback, fl)
                })
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]
        #[test]
        fn the_floor_places_the_most_floor_people_possible((inst, ff, fl) in instances()) {
            check(&inst, ff, &fl, Mode::Stable);
            check(&inst, ff, &fl, Mode::MaxFit);
        }
    }
}
