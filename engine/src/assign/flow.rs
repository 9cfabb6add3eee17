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
    let mut hk = HopcroftKarp::greedy(g);
    loop {
        hk.phase += 1;
        let limit = hk.layer();
        if limit == INF {
            break;
        }
        hk.augment_along_layers(limit);
    }
    hk.mt
}

const INF: u32 = u32::MAX;

/// The state of the Hopcroft–Karp phases over a matching.
struct HopcroftKarp<'g, 'a> {
    g: &'g Graph<'a>,
    mt: Matching,
    slot_of: Vec<usize>,
    /// BFS layer of each person (`INF`: not reached).
    dist: Vec<u32>,
    /// Layer at which each job was first reached.
    layer: Vec<u32>,
    queue: Vec<u32>,
    it: Vec<usize>,
    job_ptr: Vec<usize>,
    /// The job through which a person on the DFS stack was entered.
    via: Vec<u32>,
    stack: Vec<u32>,
    /// Phase stamp: entered by a DFS in this phase.
    visited: Vec<u32>,
    phase: u32,
}

impl<'g, 'a> HopcroftKarp<'g, 'a> {
    /// Slots per job (never more than min(capacity, in-degree)) and a greedy first matching.
    fn greedy(g: &'g Graph<'a>) -> Self {
        let (n, m) = (g.n, g.m);
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
        HopcroftKarp {
            g,
            mt: Matching {
                job_of,
                load,
                slot_start,
                slots,
            },
            slot_of,
            dist: vec![INF; n],
            layer: vec![INF; m],
            queue: Vec::new(),
            it: vec![0usize; n],
            job_ptr: vec![0usize; m],
            via: vec![NONE; n],
            stack: Vec::new(),
            visited: vec![0u32; n],
            phase: 0,
        }
    }

    /// Layered BFS from every free person that has an edge; returns the layer of the shortest augmenting
    /// paths (`INF` when none is left).
    fn layer(&mut self) -> u32 {
        let g = self.g;
        let mt = &self.mt;
        self.dist.fill(INF);
        self.layer.fill(INF);
        self.queue.clear();
        for p in 0..g.n {
            if mt.job_of[p] == NONE && !g.row(p).is_empty() {
                self.dist[p] = 0;
                self.queue.push(p as u32);
            }
        }
        let mut limit = INF;
        let mut qi = 0;
        while qi < self.queue.len() {
            let p = self.queue[qi] as usize;
            qi += 1;
            let d = self.dist[p];
            if d > limit {
                break;
            }
            for e in g.row(p) {
                let j = g.adj_job[e] as usize;
                if self.layer[j] != INF || j as u32 == mt.job_of[p] {
                    continue;
                }
                self.layer[j] = d;
                if mt.load[j] < g.cap[j] {
                    limit = limit.min(d);
                } else if d < limit {
                    let s = mt.slot_start[j];
                    for &q in &mt.slots[s..s + mt.load[j] as usize] {
                        if self.dist[q as usize] == INF {
                            self.dist[q as usize] = d + 1;
                            self.queue.push(q);
                        }
                    }
                }
            }
        }
        limit
    }

    /// Disjoint shortest augmenting paths by iterative DFS along the layers.
    fn augment_along_layers(&mut self, limit: u32) {
        let (n, m) = (self.g.n, self.g.m);
        self.it.copy_from_slice(&self.g.start[..n]);
        self.job_ptr.copy_from_slice(&self.mt.slot_start[..m]);
        for p0 in 0..n {
            if self.mt.job_of[p0] != NONE || self.dist[p0] != 0 {
                continue;
            }
            if let Some(end) = self.find_path(p0, limit) {
                self.augment(p0, end);
            }
        }
    }

    /// Searches a path from the free person `p0` to a job with room; the path is left on `stack`.
    fn find_path(&mut self, p0: usize, limit: u32) -> Option<u32> {
        let g = self.g;
        self.stack.clear();
        self.stack.push(p0 as u32);
        while let Some(&top) = self.stack.last() {
            let p = top as usize;
            let d = self.dist[p];
            let mut pushed = false;
            while self.it[p] < g.start[p + 1] {
                let j = g.adj_job[self.it[p]] as usize;
                if self.layer[j] != d || j as u32 == self.mt.job_of[p] {
                    self.it[p] += 1;
                    continue;
                }
                if self.mt.load[j] < g.cap[j] {
                    return Some(j as u32);
                }
                if d >= limit {
                    self.it[p] += 1;
                    continue;
                }
                let stop = self.mt.slot_start[j] + self.mt.load[j] as usize;
                while self.job_ptr[j] < stop && {
                    let q = self.mt.slots[self.job_ptr[j]] as usize;
                    self.dist[q] != d + 1 || self.visited[q] == self.phase
                } {
                    self.job_ptr[j] += 1;
                }
                if self.job_ptr[j] == stop {
                    self.it[p] += 1;
                    continue;
                }
                let q = self.mt.slots[self.job_ptr[j]] as usize;
                self.job_ptr[j] += 1;
                self.visited[q] = self.phase;
                self.via[q] = j as u32;
                self.stack.push(q as u32);
                pushed = true;
                break;
            }
            if !pushed {
                self.stack.pop();
            }
        }
        None
    }

    /// Augments along `stack`: the last person moves to `end`, each earlier one into the slot its successor
    /// left.
    fn augment(&mut self, p0: usize, end: u32) {
        let mt = &mut self.mt;
        let j = end as usize;
        let mut slot = mt.slot_start[j] + mt.load[j] as usize;
        mt.load[j] += 1;
        let mut to = end;
        for &q in self.stack.iter().rev() {
            let q = q as usize;
            let (old_job, old_slot) = (mt.job_of[q], self.slot_of[q]);
            mt.slots[slot] = q as u32;
            self.slot_of[q] = slot;
            mt.job_of[q] = to;
            to = self.via[q];
            debug_assert!(q == p0 || to == old_job);
            slot = old_slot;
        }
        self.visited[p0] = self.phase;
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
    let parts = Components::of(g, in_a);
    let by_job = ByJob::of(g);
    let comps = &parts.comps;
    // Largest components first so the parallel run is balanced; the order does not change any result.
    let mut order: Vec<usize> = (0..comps.len()).collect();
    order.sort_by_key(|&c| Reverse(comps[c].edges));
    let results: Vec<Vec<(u32, u32)>> = order
        .par_iter()
        .map(|&c| {
            let comp_data = &comps[c];
            parts
                .problem(c as u32, g, &by_job, weight, load)
                .route()
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

/// The connected components of both regions, joined by the edges that stay inside one region.
struct Components {
    comps: Vec<Component>,
    /// Component of each node (people `0..n`, then jobs), `NONE` for nodes without an edge.
    comp: Vec<u32>,
    /// Index of each node among its component's people or jobs.
    local: Vec<u32>,
}

impl Components {
    fn of(g: &Graph, in_a: &[bool]) -> Components {
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
        Components { comps, comp, local }
    }

    /// The flow problem of component `c`.
    fn problem(&self, c: u32, g: &Graph, by_job: &ByJob, weight: &[i128], load: &[u32]) -> Problem {
        let n = g.n;
        let (comp, local) = (&self.comp, &self.local);
        let comp_data = &self.comps[c as usize];
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
                for &e in &by_job.edges[by_job.start[j as usize]..by_job.start[j as usize + 1]] {
                    let p = by_job.person_of[e as usize] as usize;
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
        pb
    }
}

/// Edges by job (indices into the person-side arrays), for region A where jobs are the sources.
struct ByJob {
    start: Vec<usize>,
    edges: Vec<u32>,
    person_of: Vec<u32>,
}

impl ByJob {
    fn of(g: &Graph) -> ByJob {
        let (n, m) = (g.n, g.m);
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

        ByJob {
            start: by_job_start,
            edges: by_job,
            person_of,
        }
    }
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
        let mut st = Router::<C>::new(self)?;
        for l0 in 0..self.supply.len() {
            for unit in 0..self.supply[l0] {
                if unit == 0 {
                    st.enter(l0)?;
                }
                let (dt, r) = st
                    .shortest_to_sink(l0)?
                    .expect("a supply unit with no route: the decomposition is wrong");
                st.augment(l0, dt, r)?;
            }
        }
        Some(
            (0..self.right.len())
                .filter(|&e| st.flow[e])
                .map(|e| (st.left_of[e], self.right[e]))
                .collect(),
        )
    }
}

/// The residual state of one [`Problem::route_in`] run.
struct Router<'p, C> {
    pb: &'p Problem,
    nl: usize,
    /// Edge records: the right node and the cost, side by side for the scan of a row.
    edges: Vec<(u32, C)>,
    left_of: Vec<u32>,
    slot_start: Vec<usize>,
    /// Edges held by each right node.
    slots: Vec<u32>,
    load: Vec<usize>,
    flow: Vec<bool>,
    edge_slot: Vec<u32>,
    /// Per node (left nodes, then right nodes), in one record so a relaxation touches one cache line.
    node: Vec<NodeState<C>>,
    heap: BinaryHeap<Reverse<(C, u32)>>,
    settled: Vec<u32>,
    /// `stamp == 2·epoch`: reached in this search; `2·epoch + 1`: settled in this search.
    epoch: u32,
}

impl<'p, C: Num> Router<'p, C> {
    fn new(pb: &'p Problem) -> Option<Self> {
        let nl = pb.supply.len();
        let nr = pb.cap.len();
        let ne = pb.right.len();
        assert!(ne < u32::MAX as usize, "too many edges in one component");
        let mut edges: Vec<(u32, C)> = Vec::with_capacity(ne);
        for (&r, &c) in pb.right.iter().zip(&pb.cost) {
            edges.push((r, C::from_i128(c)?));
        }
        let mut left_of = vec![0u32; ne];
        for l in 0..nl {
            left_of[pb.start[l]..pb.start[l + 1]].fill(l as u32);
        }
        let mut slot_start = vec![0usize; nr + 1];
        for &r in &pb.right {
            slot_start[r as usize + 1] += 1;
        }
        for r in 0..nr {
            let room = slot_start[r + 1].min(pb.cap[r] as usize);
            slot_start[r + 1] = slot_start[r] + room;
        }
        let node = NodeState {
            pot: C::default(),
            dist: C::default(),
            stamp: 0,
            pred: NONE,
        };
        Some(Router {
            pb,
            nl,
            edges,
            left_of,
            slots: vec![NONE; slot_start[nr]],
            slot_start,
            load: vec![0usize; nr],
            flow: vec![false; ne],
            edge_slot: vec![0u32; ne],
            node: vec![node; nl + nr],
            heap: BinaryHeap::new(),
            settled: Vec::new(),
            epoch: 0,
        })
    }

    /// Before the first unit of `l0`: no residual edge enters it yet, so it takes the largest potential that
    /// keeps its edges non-negative.
    fn enter(&mut self, l0: usize) -> Option<()> {
        let mut best: Option<C> = None;
        for &(r, c) in &self.edges[self.pb.start[l0]..self.pb.start[l0 + 1]] {
            let v = self.node[self.nl + r as usize].pot.sub(c)?;
            best = Some(best.map_or(v, |b: C| b.max(v)));
        }
        self.node[l0].pot = best.unwrap_or_default();
        Some(())
    }

    /// Dijkstra with potentials from `l0` to the nearest right node with room: `Some(None)` when there is no
    /// route, `None` on overflow.
    fn shortest_to_sink(&mut self, l0: usize) -> Option<Option<(C, usize)>> {
        let (pb, nl) = (self.pb, self.nl);
        if self.epoch == u32::MAX / 2 - 1 {
            for st in self.node.iter_mut() {
                st.stamp = 0;
            }
            self.epoch = 0;
        }
        self.epoch += 1;
        let (seen_mark, done_mark) = (2 * self.epoch, 2 * self.epoch + 1);
        self.heap.clear();
        self.settled.clear();
        self.node[l0].dist = C::default();
        self.node[l0].stamp = seen_mark;
        self.heap.push(Reverse((C::default(), l0 as u32)));
        // Best known (distance to the sink, right node it goes through). Set as soon as a right node with room
        // is reached, so that longer candidates are not even pushed.
        let mut to_sink: Option<(C, usize)> = None;

        while let Some(Reverse((d, v))) = self.heap.pop() {
            let v = v as usize;
            let bound = to_sink.map_or(C::MAX, |(dt, _)| dt);
            if d >= bound {
                break;
            }
            if self.node[v].stamp == done_mark || d > self.node[v].dist {
                continue;
            }
            self.node[v].stamp = done_mark;
            self.settled.push(v as u32);
            let pv = self.node[v].pot;
            if v < nl {
                for e in pb.start[v]..pb.start[v + 1] {
                    if self.flow[e] {
                        continue;
                    }
                    let (r, c) = self.edges[e];
                    let u = nl + r as usize;
                    let st = &mut self.node[u];
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
                    self.heap.push(Reverse((nd, u as u32)));
                    if self.load[r as usize] < pb.cap[r as usize] as usize {
                        let nt = nd.add(st.pot)?; // the sink's potential is always 0
                        if nt < bound {
                            to_sink = Some((nt, r as usize));
                        }
                    }
                }
            } else {
                let r = v - nl;
                let held = self.slot_start[r]..self.slot_start[r] + self.load[r];
                for &e in &self.slots[held] {
                    let e = e as usize;
                    let u = self.left_of[e] as usize;
                    let st = &mut self.node[u];
                    if st.stamp == done_mark {
                        continue;
                    }
                    let rc = pv.sub(st.pot)?.sub(self.edges[e].1)?;
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
                    self.heap.push(Reverse((nd, u as u32)));
                }
            }
        }
        Some(to_sink)
    }

    /// Shifts the settled nodes' potentials and walks back from the sink `r`: each left node swaps the edge
    /// it was entered by for the next one.
    fn augment(&mut self, l0: usize, dt: C, r: usize) -> Option<()> {
        for &v in &self.settled {
            let st = &mut self.node[v as usize];
            st.pot = st.pot.add(st.dist)?.sub(dt)?;
        }
        let nl = self.nl;
        let mut slot = self.slot_start[r] + self.load[r];
        self.load[r] += 1;
        let mut e = self.node[nl + r].pred as usize;
        loop {
            self.flow[e] = true;
            self.slots[slot] = e as u32;
            self.edge_slot[e] = slot as u32;
            let l = self.left_of[e] as usize;
            if l == l0 {
                break;
            }
            let old = self.node[l].pred as usize;
            self.flow[old] = false;
            slot = self.edge_slot[old] as usize;
            e = self.node[nl + self.pb.right[old] as usize].pred as usize;
        }
        Some(())
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
