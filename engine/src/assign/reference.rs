//! Test oracle: the previous exact max-fit solver (one person at a time, with a dummy job), kept to check the
//! production solver in `flow` on instances too large for brute force. It is slow on large instances (an
//! unplaceable person searches its whole alternating component) and is not used outside tests.
//!
//! Network: people (supply 1 each) → jobs (capacity = headcount) → sink, plus one **dummy job** of unlimited
//! capacity that every person can take at cost `(1, 0, 0)`. Every person must be routed, so a person on the
//! dummy is an unplaced person. A real edge costs `(0, −fit_units(score), −priority)`. Costs are compared
//! lexicographically, which is the objective `BIG·unplaced − fit − ε·priority` with `BIG` "large enough"
//! but without a number that could overflow: minimising it places the most people, then maximises fit, then
//! the priority of the people placed.
//!
//! Algorithm: successive shortest paths, one person at a time (the Hungarian method for a rectangular,
//! capacitated assignment). Because the dummy makes every person routable, adding people one by one and
//! sending each along a shortest path in the residual graph keeps the flow optimal for the people added so
//! far; after the last one it is optimal for all. Node potentials keep reduced costs non-negative, so each
//! shortest path is a Dijkstra from the new person; it stops as soon as the sink is settled, and only the
//! settled nodes' potentials change (`π += d − d_sink`, a global shift of the usual `π += min(d, d_sink)`),
//! so an augmentation costs what it explores, not O(nodes). Matched edges have reduced cost 0, which is what
//! makes "jump from a job to the people it holds" free. An unplaceable person explores its whole alternating
//! component before settling for the dummy: that is the price of exactness (a later person may still displace
//! someone to the dummy if that gains fit, and this search is what finds it).

use super::{fit_units, Csr, Instance};
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::ops::{Add, Sub};

/// A lexicographic cost: fewer unplaced, then lower (negated) fit, then lower (negated) priority.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
struct Cost {
    unplaced: i64,
    fit: i64,
    prio: i64,
}

impl Add for Cost {
    type Output = Cost;
    #[inline]
    fn add(self, o: Cost) -> Cost {
        Cost {
            unplaced: self.unplaced + o.unplaced,
            fit: self.fit + o.fit,
            prio: self.prio + o.prio,
        }
    }
}

impl Sub for Cost {
    type Output = Cost;
    #[inline]
    fn sub(self, o: Cost) -> Cost {
        Cost {
            unplaced: self.unplaced - o.unplaced,
            fit: self.fit - o.fit,
            prio: self.prio - o.prio,
        }
    }
}

const ZERO: Cost = Cost {
    unplaced: 0,
    fit: 0,
    prio: 0,
};
const DUMMY: Cost = Cost {
    unplaced: 1,
    fit: 0,
    prio: 0,
};
const NONE: u32 = u32::MAX;

/// Returns an assignment that maximises (placed, Σ fit_units, Σ priority of placed) lexicographically.
pub(super) fn max_fit_assignment(inst: &Instance) -> Vec<Option<u32>> {
    let n = inst.n_people;
    let m = inst.capacities.len();
    let dummy = m; // job index of the dummy
    let jn = |j: usize| n + j; // node index of job j

    // Per-person adjacency as two flat arrays (12 bytes an edge) rather than reading `edges` at random.
    let rows = Csr::by_person(inst);
    let start = rows.start;
    let adj_job: Vec<u32> = rows
        .items
        .iter()
        .map(|&e| inst.edges[e as usize].job)
        .collect();
    let adj_fit: Vec<i64> = rows
        .items
        .iter()
        .map(|&e| -fit_units(inst.edges[e as usize].score))
        .collect();
    drop(rows.items);
    let edge_cost = |fit: i64, p: usize| Cost {
        unplaced: 0,
        fit,
        prio: -(inst.priority[p] as i64),
    };

    // Holders per job: a job never holds more than min(capacity, in-degree); the dummy may hold everyone.
    let mut slot_start = vec![0usize; m + 2];
    for &j in &adj_job {
        slot_start[j as usize + 1] += 1;
    }
    for j in 0..m {
        let room = slot_start[j + 1].min(inst.capacities[j] as usize);
        slot_start[j + 1] = slot_start[j] + room;
    }
    slot_start[m + 1] = slot_start[m] + n;
    let mut slots = vec![NONE; slot_start[m + 1]];
    let mut load = vec![0usize; m + 1];
    let has_room = |j: usize, load: &[usize]| j == dummy || load[j] < inst.capacities[j] as usize;

    let mut assigned = vec![NONE; n]; // job index (dummy included)
    let mut slot_of = vec![0usize; n];
    let mut held_cost = vec![ZERO; n]; // cost of the edge the person holds

    let nodes = n + m + 1;
    let mut pot = vec![ZERO; nodes];
    let pot_sink = ZERO; // never changes under the shifted update
    let mut dist = vec![ZERO; nodes];
    let mut seen = vec![0u32; nodes];
    let mut done = vec![0u32; nodes];
    let mut pred = vec![NONE; nodes]; // person → job node it came from; job → person it came from
    let mut pred_cost = vec![ZERO; m + 1]; // cost of the edge pred[job] → job
    let mut heap: BinaryHeap<Reverse<(Cost, u32)>> = BinaryHeap::new();
    let mut settled: Vec<u32> = Vec::new();
    let mut epoch = 0u32;

    for p0 in 0..n {
        // Give p0 the largest potential that keeps all its out-edges' reduced costs non-negative.
        let mut best = pot[jn(dummy)] - DUMMY;
        let row = start[p0]..start[p0 + 1];
        for (&j, &fit) in adj_job[row.clone()].iter().zip(&adj_fit[row]) {
            best = best.max(pot[jn(j as usize)] - edge_cost(fit, p0));
        }
        pot[p0] = best;

        epoch = epoch.checked_add(1).expect("epoch overflow");
        heap.clear();
        settled.clear();
        dist[p0] = ZERO;
        seen[p0] = epoch;
        heap.push(Reverse((ZERO, p0 as u32)));
        // Best known distance to the sink and the job through which it is reached.
        let mut to_sink: Option<(Cost, usize)> = None;

        while let Some(Reverse((d, v))) = heap.pop() {
            let v = v as usize;
            if let Some((dt, _)) = to_sink {
                if d >= dt {
                    break;
                }
            }
            if done[v] == epoch || d > dist[v] {
                continue;
            }
            done[v] = epoch;
            settled.push(v as u32);
            let bound = to_sink.map(|(dt, _)| dt);
            let mut relax =
                |u: usize, nd: Cost, from: usize, heap: &mut BinaryHeap<Reverse<(Cost, u32)>>| {
                    if bound.is_some_and(|b| nd >= b) || done[u] == epoch {
                        return false;
                    }
                    if seen[u] != epoch || nd < dist[u] {
                        seen[u] = epoch;
                        dist[u] = nd;
                        pred[u] = from as u32;
                        heap.push(Reverse((nd, u as u32)));
                        return true;
                    }
                    false
                };
            if v < n {
                let cur = assigned[v] as usize;
                let row = start[v]..start[v + 1];
                for (&j, &fit) in adj_job[row.clone()].iter().zip(&adj_fit[row]) {
                    let j = j as usize;
                    if j == cur {
                        continue;
                    }
                    let c = edge_cost(fit, v);
                    let rc = c + pot[v] - pot[jn(j)];
                    debug_assert!(rc >= ZERO, "negative reduced cost on a person edge");
                    if relax(jn(j), d + rc, v, &mut heap) {
                        pred_cost[j] = c;
                    }
                }
                if cur != dummy {
                    let rc = DUMMY + pot[v] - pot[jn(dummy)];
                    debug_assert!(rc >= ZERO, "negative reduced cost on a dummy edge");
                    if relax(jn(dummy), d + rc, v, &mut heap) {
                        pred_cost[dummy] = DUMMY;
                    }
                }
            } else {
                let j = v - n;
                if has_room(j, &load) {
                    let nt = d + pot[v] - pot_sink;
                    debug_assert!(nt >= d, "negative reduced cost on a sink edge");
                    if !matches!(to_sink, Some((dt, _)) if nt >= dt) {
                        to_sink = Some((nt, j));
                    }
                }
                for &q in &slots[slot_start[j]..slot_start[j] + load[j]] {
                    let q = q as usize;
                    let rc = pot[v] - pot[q] - held_cost[q];
                    debug_assert!(rc >= ZERO, "negative reduced cost on a matched edge");
                    relax(q, d + rc, j, &mut heap);
                }
            }
        }

        let (dt, mut j) = to_sink.expect("the dummy job always has room");
        for &v in &settled {
            let v = v as usize;
            pot[v] = pot[v] + dist[v] - dt;
        }
        // Walk the path back from the sink: each person moves into the slot its successor vacated.
        let mut slot = slot_start[j] + load[j];
        load[j] += 1;
        loop {
            let p = pred[jn(j)] as usize;
            let (old, old_slot) = (assigned[p], slot_of[p]);
            slots[slot] = p as u32;
            assigned[p] = j as u32;
            slot_of[p] = slot;
            held_cost[p] = pred_cost[j];
            if p == p0 {
                debug_assert_eq!(old, NONE);
                break;
            }
            j = old as usize;
            slot = old_slot;
        }
    }

    assigned
        .into_iter()
        .map(|j| (j as usize != dummy).then_some(j))
        .collect()
}
