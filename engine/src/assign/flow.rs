//! Exact "most placed, then most fit, then most priority" assignment.
//!
//! # Objective as one integer
//!
//! An edge `(p, j)` is worth `w = fit_units(score)·K + priority[p]` with `K = 2·Σ priority + 1`, so the
//! priority part of any sum of edge values stays below `K/2` in absolute value and comparing two assignments'
//! totals compares `(Σ fit, Σ priority)` lexicographically. "Most placed first" needs no weight at all: the
//! number placed is fixed to its maximum by the decomposition below. Edge values are computed in `i128`
//! (`|fit_units| ≤ 1e12 < 2^40`, `K < 2^41`, so an edge is below `2^82`). Each flow runs in `i64` with checked
//! arithmetic (for scores in [0, 1] and 100k people, edges are below `2^40`); on any overflow it is re-run in
//! `i128` with checked arithmetic, where path sums and potentials over at most `2^33` nodes stay far below
//! `2^127`. So the result never depends on the integer width.
//!
//! # Step 1: the most people that can be placed, and where
//!
//! A maximum-cardinality b-matching `M` (greedy start, then Hopcroft–Karp phases: a layered BFS from all free
//! people, then disjoint shortest augmenting paths by DFS, until no augmenting path is left). Let `F` be the
//! people `M` leaves unplaced (with or without edges), and `(P_A, J_A)` the people and jobs reachable from `F`
//! by alternating paths (person → any job it has an edge to, job → the people `M` puts on it); `P_B`, `J_B`
//! the rest. Then:
//!
//! * every job of `J_A` is full in `M` (a job with room would end an augmenting path), and all its holders are
//!   in `P_A` (they are reached through it); every edge of a `P_A` person goes to `J_A` (closure);
//! * so every `P_B` person is placed by `M`, on a job of `J_B`, and `|M| = cap(J_A) + |P_B|`;
//! * any assignment `M'` places at most `cap(J_A) − x` people of `P_A` (they can only use `J_A`, of which the
//!   `P_B` people take `x` places) plus at most `|P_B|`; so `M'` places the maximum if and only if it fills
//!   every place of `J_A` with `P_A` people and places every `P_B` person on `J_B`.
//!
//! The maximum-placed assignments are therefore exactly the pairs (an assignment filling `J_A` from `P_A`, an
//! assignment placing all of `P_B` on `J_B`), and the objective is a sum over edges, so the two halves are
//! optimised independently. Edges from `P_B` people to `J_A` jobs are never used.
//!
//! # Step 2: two "one side must be fully routed" min-cost flows
//!
//! * Region A: the **jobs** are the sources (each job of `J_A` must send `cap(j)` units) and the people are
//!   the sinks (capacity 1), most of them spare.
//! * Region B: the **people** are the sources (supply 1) and the jobs the sinks (capacity = headcount).
//!
//! Each region is split into connected components (union-find), and each component is solved independently,
//! in parallel with rayon, by successive shortest paths adding one source unit at a time: Dijkstra with node
//! potentials from the new unit to the nearest sink with room, stopping as soon as that sink is settled and
//! shifting only the settled nodes' potentials (`π += d − d_sink`). Adding a unit of supply to a min-cost flow
//! and augmenting along a shortest residual path keeps it min-cost, and a path always exists because a flow
//! routing every source exists (step 1). Every search ends at a sink, so no search explores a whole
//! component to prove that somebody cannot be placed: that question is answered once, by step 1. The sink
//! bound is taken as soon as a right node with room is *reached* (not settled), so longer candidates are not
//! even pushed; the search still stops only when the heap's minimum reaches the bound, which keeps the
//! potential update valid. The per-node state (potential, distance, search stamp, predecessor) is one record.
//!
//! The result is deterministic: every step is sequential within a component, components are disjoint, and
//! their results are written back by index, so the thread schedule does not matter.

use super::{fit_units, Csr, Instance};
use rayon::prelude::*;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

const NONE: u32 = u32::MAX;

/// Returns an assignment that maximises (placed, Σ fit_units, Σ priority of placed) lexicographically.
pub(super) fn max_fit_assignment(inst: &Instance) -> Vec<Option<u32>> {
    let n = inst.n_people;
    let m = inst.capacities.len();
    let rows = Csr::by_person(inst);
    let start = rows.start;
    let adj_job: Vec<u32> = rows
        .items
        .iter()
        .map(|&e| inst.edges[e as usize].job)
        .collect();
    let k = 2 * inst.priority.iter().map(|&p| p as i128).sum::<i128>() + 1;
    let weight: Vec<i128> = rows
        .items
        .iter()
        .map(|&e| {
            let e = &inst.edges[e as usize];
            fit_units(e.score) as i128 * k + inst.priority[e.person as usize] as i128
        })
        .collect();
    drop(rows.items);

    let g = Graph {
        n,
        m,
        cap: &inst.capacities,
        start: &start,
        adj_job: &adj_job,
    };
    let matching = max_cardinality(&g);
    let in_a = region_a(&g, &matching);
    let mut out = vec![None; n];
    for (p, j) in solve_regions(&g, &weight, &in_a, &matching.load) {
        out[p as usize] = Some(j);
    }
    out
}

/// The person-side adjacency of an instance.
struct Graph<'a> {
    n: usize,
    m: usize,
    cap: &'a [u32],
    start: &'a [usize],
    adj_job: &'a [u32],
}

impl Graph<'_> {
    #[inline]
    fn row(&self, p: usize) -> std::ops::Range<usize> {
        self.start[p]..self.start[p + 1]
    }
}

/// A maximum-cardinality b-matching: the job of each person (or `NONE`) and each job's load.
struct Matching {
    job_of: Vec<u32>,
    load: Vec<u32>,
    slot_start: Vec<usize>,
    slots: Vec<u32>,
}

/// Greedy, then Hopcroft–Karp phases until no augmenting path exists.
fn max_cardinality(g: &Graph) -> Matching {
    let (n, m) = (g.n, g.m);
    // Holders per job: never more than min(capacity, in-degree).
    let mut slot_start = vec![0usize; m + 1];
    for &j in g.adj_job {
        slot_start[j as usize + 1] += 1;
    }
    for j in 0..m {
        let room = slot_start[j + 1].min(g.cap[j] as usize);
        slot_start[j + 1] = slot_start[j] + room;
    }
    let mut slots = vec![NONE; slot_start[m]];
    let mut load = vec![0u32; m];
    let mut job_of = vec![NONE; n];
    let mut slot_of = vec![0usize; n];
    for p in 0..n {
        for e in g.row(p) {
            let j = g.adj_job[e] as usize;
            if load[j] < g.cap[j] {
                let s = slot_start[j] + load[j] as usize;
                slots[s] = p as u32;
                slot_of[p] = s;
                load[j] += 1;
                job_of[p] = j as u32;
                break;
            }
        }
    }

    const INF: u32 = u32::MAX;
    let mut dist = vec![INF; n];
    let mut layer = vec![INF; m];
    let mut queue: Vec<u32> = Vec::new();
    let mut it = vec![0usize; n];
    let mut job_ptr = vec![0usize; m];
    let mut via = vec![NONE; n]; // the job through which a person on the DFS stack was entered
    let mut stack: Vec<u32> = Vec::new();
    let mut visited = vec![0u32; n]; // phase stamp: entered by a DFS in this phase
    let mut phase = 0u32;
    loop {
        phase += 1;
        // Layered BFS from every free person that has an edge.
        dist.fill(INF);
        layer.fill(INF);
        queue.clear();
        for p in 0..n {
            if job_of[p] == NONE && !g.row(p).is_empty() {
                dist[p] = 0;
                queue.push(p as u32);
            }
        }
        let mut limit = INF;
        let mut qi = 0;
        while qi < queue.len() {
            let p = queue[qi] as usize;
            qi += 1;
            let d = dist[p];
            if d > limit {
                break;
            }
            for e in g.row(p) {
                let j = g.adj_job[e] as usize;
                if layer[j] != INF || j as u32 == job_of[p] {
                    continue;
                }
                layer[j] = d;
                if load[j] < g.cap[j] {
                    limit = limit.min(d);
                } else if d < limit {
                    for &q in &slots[slot_start[j]..slot_start[j] + load[j] as usize] {
                        if dist[q as usize] == INF {
                            dist[q as usize] = d + 1;
                            queue.push(q);
                        }
                    }
                }
            }
        }
        if limit == INF {
            break;
        }
        // Disjoint shortest augmenting paths by iterative DFS along the layers.
        it.copy_from_slice(&g.start[..n]);
        job_ptr.copy_from_slice(&slot_start[..m]);
        for p0 in 0..n {
            if job_of[p0] != NONE || dist[p0] != 0 {
                continue;
            }
            stack.clear();
            stack.push(p0 as u32);
            let mut end = NONE; // the job with room that ends the path
            while let Some(&top) = stack.last() {
                let p = top as usize;
                let d = dist[p];
                let mut pushed = false;
                while it[p] < g.start[p + 1] {
                    let j = g.adj_job[it[p]] as usize;
                    if layer[j] != d || j as u32 == job_of[p] {
                        it[p] += 1;
                        continue;
                    }
                    if load[j] < g.cap[j] {
                        end = j as u32;
                        break;
                    }
                    if d >= limit {
                        it[p] += 1;
                        continue;
                    }
                    let stop = slot_start[j] + load[j] as usize;
                    while job_ptr[j] < stop && {
                        let q = slots[job_ptr[j]] as usize;
                        dist[q] != d + 1 || visited[q] == phase
                    } {
                        job_ptr[j] += 1;
                    }
                    if job_ptr[j] == stop {
                        it[p] += 1;
                        continue;
                    }
                    let q = slots[job_ptr[j]] as usize;
                    job_ptr[j] += 1;
                    visited[q] = phase;
                    via[q] = j as u32;
                    stack.push(q as u32);
                    pushed = true;
                    break;
                }
                if end != NONE {
                    break;
                }
                if !pushed {
                    stack.pop();
                }
            }
            if end == NONE {
                continue;
            }
            // Augment: the last person moves to `end`, each earlier one into the slot its successor left.
            let j = end as usize;
            let mut slot = slot_start[j] + load[j] as usize;
            load[j] += 1;
            let mut to = end;
            for &q in stack.iter().rev() {
                let q = q as usize;
                let (old_job, old_slot) = (job_of[q], slot_of[q]);
                slots[slot] = q as u32;
                slot_of[q] = slot;
                job_of[q] = to;
                to = via[q];
                debug_assert!(q == p0 || to == old_job);
                slot = old_slot;
            }
            visited[p0] = phase;
        }
    }
    Matching {
        job_of,
        load,
        slot_start,
        slots,
    }
}

/// Marks region A (see the module doc): nodes `0..n` are people, `n..n+m` jobs.
fn region_a(g: &Graph, mt: &Matching) -> Vec<bool> {
    let n = g.n;
    let mut seen = vec![false; n + g.m];
    let mut queue: Vec<u32> = (0..n as u32)
        .filter(|&p| mt.job_of[p as usize] == NONE)
        .collect();
    for &p in &queue {
        seen[p as usize] = true;
    }
    let mut qi = 0;
    while qi < queue.len() {
        let p = queue[qi] as usize;
        qi += 1;
        for e in g.row(p) {
            let j = g.adj_job[e] as usize;
            if seen[n + j] {
                continue;
            }
            seen[n + j] = true;
            debug_assert_eq!(
                mt.load[j], g.cap[j],
                "a reachable job has room: not maximum"
            );
            let s = mt.slot_start[j];
            for &q in &mt.slots[s..s + mt.load[j] as usize] {
                if !seen[q as usize] {
                    seen[q as usize] = true;
                    queue.push(q);
                }
            }
        }
    }
    seen
}

/// Splits both regions into connected components and solves each; returns the (person, job) pairs.
fn solve_regions(g: &Graph, weight: &[i128], in_a: &[bool], load: &[u32]) -> Vec<(u32, u32)> {
    let (n, m) = (g.n, g.m);
    // Union-find over people and jobs, joined by the edges that stay inside one region.
    let mut parent: Vec<u32> = (0..(n + m) as u32).collect();
    fn find(parent: &mut [u32], mut x: u32) -> u32 {
        while parent[x as usize] != x {
            let up = parent[parent[x as usize] as usize];
            parent[x as usize] = up;
            x = up;
        }
        x
    }
    let mut edges_in = vec![0usize; n + m]; // per root, after the loop: edges of its component
    for p in 0..n {
        for e in g.row(p) {
            let j = n + g.adj_job[e] as usize;
            if in_a[p] != in_a[j] {
                continue;
            }
            let (a, b) = (find(&mut parent, p as u32), find(&mut parent, j as u32));
            if a != b {
                // Smaller index becomes the root, so roots do not depend on anything but the instance.
                let (lo, hi) = if a < b { (a, b) } else { (b, a) };
                parent[hi as usize] = lo;
            }
        }
    }
    for p in 0..n {
        for e in g.row(p) {
            let j = n + g.adj_job[e] as usize;
            if in_a[p] == in_a[j] {
                let r = find(&mut parent, p as u32) as usize;
                edges_in[r] += 1;
            }
        }
    }
    // Components with at least one edge, in order of their root; members in index order; local indices.
    let mut comp_of_root = vec![NONE; n + m];
    let mut comps: Vec<Component> = Vec::new();
    let mut local = vec![0u32; n + m];
    for v in 0..n + m {
        let r = find(&mut parent, v as u32) as usize;
        if edges_in[r] == 0 {
            continue;
        }
        if comp_of_root[r] == NONE {
            comp_of_root[r] = comps.len() as u32;
            comps.push(Component {
                region_a: in_a[v],
                people: Vec::new(),
                jobs: Vec::new(),
                edges: edges_in[r],
            });
        }
        let c = &mut comps[comp_of_root[r] as usize];
        if v < n {
            local[v] = c.people.len() as u32;
            c.people.push(v as u32);
        } else {
            local[v] = c.jobs.len() as u32;
            c.jobs.push((v - n) as u32);
        }
    }
    let comp_of = |v: usize, parent: &mut [u32]| comp_of_root[find(parent, v as u32) as usize];
    let comp: Vec<u32> = (0..n + m).map(|v| comp_of(v, &mut parent)).collect();
    // Edges by job (indices into the person-side arrays), for region A where jobs are the sources.
    let mut by_job_start = vec![0usize; m + 1];
    let mut person_of = vec![0u32; g.adj_job.len()];
    for p in 0..n {
        for e in g.row(p) {
            person_of[e] = p as u32;
            by_job_start[g.adj_job[e] as usize + 1] += 1;
        }
    }
    for j in 0..m {
        by_job_start[j + 1] += by_job_start[j];
    }
    let mut fill = by_job_start.clone();
    let mut by_job = vec![0u32; g.adj_job.len()];
    for e in 0..g.adj_job.len() {
        let f = &mut fill[g.adj_job[e] as usize];
        by_job[*f] = e as u32;
        *f += 1;
    }

    // Largest components first so the parallel run is balanced; the order does not change any result.
    let mut order: Vec<usize> = (0..comps.len()).collect();
    order.sort_by_key(|&c| Reverse(comps[c].edges));
    let results: Vec<Vec<(u32, u32)>> = order
        .par_iter()
        .map(|&c| {
            let comp_data = &comps[c];
            let c = c as u32;
            let mut pb = Problem {
                supply: Vec::new(),
                cap: Vec::new(),
                start: vec![0],
                right: Vec::with_capacity(comp_data.edges),
                cost: Vec::with_capacity(comp_data.edges),
            };
            if comp_data.region_a {
                // Jobs send their (full in M) load to people of capacity 1.
                for &j in &comp_data.jobs {
                    pb.supply.push(load[j as usize]);
                    for &e in &by_job[by_job_start[j as usize]..by_job_start[j as usize + 1]] {
                        let p = person_of[e as usize] as usize;
                        if comp[p] == c {
                            pb.right.push(local[p]);
                            pb.cost.push(-weight[e as usize]);
                        }
                    }
                    pb.start.push(pb.right.len());
                }
                pb.cap = vec![1; comp_data.people.len()];
            } else {
                for &p in &comp_data.people {
                    pb.supply.push(1);
                    for e in g.row(p as usize) {
                        let j = n + g.adj_job[e] as usize;
                        if comp[j] == c {
                            pb.right.push(local[j]);
                            pb.cost.push(-weight[e]);
                        }
                    }
                    pb.start.push(pb.right.len());
                }
                pb.cap = comp_data.jobs.iter().map(|&j| g.cap[j as usize]).collect();
            }
            pb.route()
                .into_iter()
                .map(|(l, r)| {
                    let (l, r) = (l as usize, r as usize);
                    if comp_data.region_a {
                        (comp_data.people[r], comp_data.jobs[l])
                    } else {
                        (comp_data.people[l], comp_data.jobs[r])
                    }
                })
                .collect()
        })
        .collect();
    results.into_iter().flatten().collect()
}

struct Component {
    region_a: bool,
    people: Vec<u32>,
    jobs: Vec<u32>,
    edges: usize,
}

/// A bipartite min-cost flow in which every unit of `supply` must be routed: left node `l` sends
/// `supply[l]` units over its edges (capacity 1 each) to right nodes, right node `r` takes at most `cap[r]`.
struct Problem {
    supply: Vec<u32>,
    cap: Vec<u32>,
    /// Left-side compressed rows: the edges of `l` are `start[l]..start[l + 1]`.
    start: Vec<usize>,
    right: Vec<u32>,
    cost: Vec<i128>,
}

impl Problem {
    /// Routes every supply unit at minimum cost; returns the used (left, right) pairs. Runs in `i64` with
    /// checked arithmetic and falls back to `i128` if any value does not fit (same result, slower).
    fn route(&self) -> Vec<(u32, u32)> {
        self.route_in::<i64>()
            .or_else(|| self.route_in::<i128>())
            .expect("i128 overflow in the max-fit flow (impossible within MAX_ABS_SCORE)")
    }

    /// Successive shortest paths, one supply unit at a time (module doc), in the integer type `C`; `None` on
    /// overflow. Panics if some unit cannot be routed (the caller guarantees that all can).
    fn route_in<C: Num>(&self) -> Option<Vec<(u32, u32)>> {
        let nl = self.supply.len();
        let nr = self.cap.len();
        let ne = self.right.len();
        assert!(ne < u32::MAX as usize, "too many edges in one component");
        // Edge records: the right node and the cost, side by side for the scan of a row.
        let mut edges: Vec<(u32, C)> = Vec::with_capacity(ne);
        for (&r, &c) in self.right.iter().zip(&self.cost) {
            edges.push((r, C::from_i128(c)?));
        }
        let mut left_of = vec![0u32; ne];
        for l in 0..nl {
            left_of[self.start[l]..self.start[l + 1]].fill(l as u32);
        }
        let mut slot_start = vec![0usize; nr + 1];
        for &r in &self.right {
            slot_start[r as usize + 1] += 1;
        }
        for r in 0..nr {
            let room = slot_start[r + 1].min(self.cap[r] as usize);
            slot_start[r + 1] = slot_start[r] + room;
        }
        let mut slots = vec![NONE; slot_start[nr]]; // edges held by each right node
        let mut load = vec![0usize; nr];
        let mut flow = vec![false; ne];
        let mut edge_slot = vec![0u32; ne];

        // Per node (left nodes, then right nodes), in one record so a relaxation touches one cache line.
        let mut node = vec![
            NodeState {
                pot: C::default(),
                dist: C::default(),
                stamp: 0,
                pred: NONE,
            };
            nl + nr
        ];
        let mut heap: BinaryHeap<Reverse<(C, u32)>> = BinaryHeap::new();
        let mut settled: Vec<u32> = Vec::new();
        // `stamp == 2·epoch`: reached in this search; `2·epoch + 1`: settled in this search.
        let mut epoch = 0u32;

        for l0 in 0..nl {
            let row = self.start[l0]..self.start[l0 + 1];
            for unit in 0..self.supply[l0] {
                if unit == 0 {
                    // No residual edge enters l0 yet: the largest potential keeping its edges non-negative.
                    let mut best: Option<C> = None;
                    for &(r, c) in &edges[row.clone()] {
                        let v = node[nl + r as usize].pot.sub(c)?;
                        best = Some(best.map_or(v, |b: C| b.max(v)));
                    }
                    node[l0].pot = best.unwrap_or_default();
                }
                if epoch == u32::MAX / 2 - 1 {
                    for st in node.iter_mut() {
                        st.stamp = 0;
                    }
                    epoch = 0;
                }
                epoch += 1;
                let (seen_mark, done_mark) = (2 * epoch, 2 * epoch + 1);
                heap.clear();
                settled.clear();
                node[l0].dist = C::default();
                node[l0].stamp = seen_mark;
                heap.push(Reverse((C::default(), l0 as u32)));
                // Best known (distance to the sink, right node it goes through). Set as soon as a right node
                // with room is reached, so that longer candidates are not even pushed.
                let mut to_sink: Option<(C, usize)> = None;

                while let Some(Reverse((d, v))) = heap.pop() {
                    let v = v as usize;
                    let bound = to_sink.map_or(C::MAX, |(dt, _)| dt);
                    if d >= bound {
                        break;
                    }
                    if node[v].stamp == done_mark || d > node[v].dist {
                        continue;
                    }
                    node[v].stamp = done_mark;
                    settled.push(v as u32);
                    let pv = node[v].pot;
                    if v < nl {
                        for e in self.start[v]..self.start[v + 1] {
                            if flow[e] {
                                continue;
                            }
                            let (r, c) = edges[e];
                            let u = nl + r as usize;
                            let st = &mut node[u];
                            if st.stamp == done_mark {
                                continue;
                            }
                            let rc = c.add(pv)?.sub(st.pot)?;
                            debug_assert!(
                                rc >= C::default(),
                                "negative reduced cost on a forward edge"
                            );
                            let nd = d.add(rc)?;
                            let bound = to_sink.map_or(C::MAX, |(dt, _)| dt);
                            if nd >= bound || (st.stamp == seen_mark && nd >= st.dist) {
                                continue;
                            }
                            st.stamp = seen_mark;
                            st.dist = nd;
                            st.pred = e as u32;
                            heap.push(Reverse((nd, u as u32)));
                            if load[r as usize] < self.cap[r as usize] as usize {
                                let nt = nd.add(st.pot)?; // the sink's potential is always 0
                                if nt < bound {
                                    to_sink = Some((nt, r as usize));
                                }
                            }
                        }
                    } else {
                        let r = v - nl;
                        for &e in &slots[slot_start[r]..slot_start[r] + load[r]] {
                            let e = e as usize;
                            let u = left_of[e] as usize;
                            let st = &mut node[u];
                            if st.stamp == done_mark {
                                continue;
                            }
                            let rc = pv.sub(st.pot)?.sub(edges[e].1)?;
                            debug_assert!(
                                rc >= C::default(),
                                "negative reduced cost on a backward edge"
                            );
                            let nd = d.add(rc)?;
                            if nd >= bound || (st.stamp == seen_mark && nd >= st.dist) {
                                continue;
                            }
                            st.stamp = seen_mark;
                            st.dist = nd;
                            st.pred = e as u32;
                            heap.push(Reverse((nd, u as u32)));
                        }
                    }
                }

                let (dt, r) =
                    to_sink.expect("a supply unit with no route: the decomposition is wrong");
                for &v in &settled {
                    let st = &mut node[v as usize];
                    st.pot = st.pot.add(st.dist)?.sub(dt)?;
                }
                // Walk back from the sink: each left node swaps the edge it was entered by for the next one.
                let mut slot = slot_start[r] + load[r];
                load[r] += 1;
                let mut e = node[nl + r].pred as usize;
                loop {
                    flow[e] = true;
                    slots[slot] = e as u32;
                    edge_slot[e] = slot as u32;
                    let l = left_of[e] as usize;
                    if l == l0 {
                        break;
                    }
                    let old = node[l].pred as usize;
                    flow[old] = false;
                    slot = edge_slot[old] as usize;
                    e = node[nl + self.right[old] as usize].pred as usize;
                }
            }
        }
        Some(
            (0..ne)
                .filter(|&e| flow[e])
                .map(|e| (left_of[e], self.right[e]))
                .collect(),
        )
    }
}

#[derive(Clone, Copy)]
struct NodeState<C> {
    pot: C,
    dist: C,
    stamp: u32,
    pred: u32,
}

/// The integer type of costs, potentials and distances: `i64` when everything fits, else `i128`.
trait Num: Copy + Ord + Default + std::fmt::Debug {
    const MAX: Self;
    fn from_i128(x: i128) -> Option<Self>;
    fn add(self, o: Self) -> Option<Self>;
    fn sub(self, o: Self) -> Option<Self>;
}

impl Num for i64 {
    const MAX: i64 = i64::MAX;
    #[inline]
    fn from_i128(x: i128) -> Option<i64> {
        i64::try_from(x).ok()
    }
    #[inline]
    fn add(self, o: i64) -> Option<i64> {
        self.checked_add(o)
    }
    #[inline]
    fn sub(self, o: i64) -> Option<i64> {
        self.checked_sub(o)
    }
}

impl Num for i128 {
    const MAX: i128 = i128::MAX;
    #[inline]
    fn from_i128(x: i128) -> Option<i128> {
        Some(x)
    }
    #[inline]
    fn add(self, o: i128) -> Option<i128> {
        self.checked_add(o)
    }
    #[inline]
    fn sub(self, o: i128) -> Option<i128> {
        self.checked_sub(o)
    }
}
