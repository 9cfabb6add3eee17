//! Person-proposing deferred acceptance with capacities.
//!
//! Each free person proposes down its preference list; a job keeps its best `capacity` proposers (by
//! [`job_key`]) in a min-heap so the worst holder is at the top and is displaced in O(log capacity).
//! Every edge is proposed along at most once, so the run is O(E log c) after the O(E log K) preference sort.
//! Preferences on both sides are strict total orders, so the person-optimal stable assignment is unique and
//! the order in which free people propose does not change the result.

use super::{job_key, Csr, Instance};

/// Returns the person-optimal stable assignment.
pub(super) fn deferred_acceptance(inst: &Instance) -> Vec<Option<u32>> {
    let n = inst.n_people;
    let m = inst.capacities.len();
    let prefs = Csr::preferences(inst);

    // A job never holds more than its in-degree, so heap space is min(capacity, in-degree): this keeps
    // memory bounded by the edge count even for absurd capacities.
    let mut slot_start = vec![0usize; m + 1];
    for e in &inst.edges {
        slot_start[e.job as usize + 1] += 1;
    }
    for j in 0..m {
        let room = slot_start[j + 1].min(inst.capacities[j] as usize);
        slot_start[j + 1] = slot_start[j] + room;
    }
    let mut heap: Vec<(i128, u32)> = vec![(0, 0); slot_start[m]];
    let mut held = vec![0usize; m];
    let mut next = vec![0u32; n];
    // People waiting to propose; the order is irrelevant to the result (see module doc).
    let mut free: Vec<u32> = (0..n as u32).rev().collect();

    while let Some(p) = free.pop() {
        let row = prefs.row(p as usize);
        while (next[p as usize] as usize) < row.len() {
            let e = &inst.edges[row[next[p as usize] as usize] as usize];
            next[p as usize] += 1;
            let j = e.job as usize;
            let h = &mut heap[slot_start[j]..slot_start[j + 1]];
            if h.is_empty() {
                continue;
            }
            let key = job_key(e.score, inst.priority[p as usize], p);
            if held[j] < h.len() {
                h[held[j]] = (key, p);
                sift_up(&mut h[..=held[j]], held[j]);
                held[j] += 1;
                break;
            }
            if key > h[0].0 {
                free.push(h[0].1);
                h[0] = (key, p);
                sift_down(h, 0);
                break;
            }
        }
    }

    let mut primary = vec![None; n];
    for j in 0..m {
        for &(_, p) in &heap[slot_start[j]..slot_start[j] + held[j]] {
            primary[p as usize] = Some(j as u32);
        }
    }
    primary
}

/// Min-heap on the key: restore after writing at `i`.
fn sift_up(h: &mut [(i128, u32)], mut i: usize) {
    while i > 0 {
        let parent = (i - 1) / 2;
        if h[i].0 >= h[parent].0 {
            break;
        }
        h.swap(i, parent);
        i = parent;
    }
}

/// Min-heap on the key: restore after replacing the element at `i`.
fn sift_down(h: &mut [(i128, u32)], mut i: usize) {
    loop {
        let (l, r) = (2 * i + 1, 2 * i + 2);
        let mut small = i;
        if l < h.len() && h[l].0 < h[small].0 {
            small = l;
        }
        if r < h.len() && h[r].0 < h[small].0 {
            small = r;
        }
        if small == i {
            return;
        }
        h.swap(i, small);
        i = small;
    }
}
