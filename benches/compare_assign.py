#!/usr/bin/env python3
"""Cross-check bole's exact max_fit against OR-Tools' min-cost flow on the same instance, and time both.

Usage:
    BOLE_ASSIGN_ONCE=max_fit BOLE_ASSIGN_DUMP=/tmp/assign.txt cargo bench -p bole-benches --bench assign
    pip install ortools pandas
    python3 benches/compare_assign.py /tmp/assign.txt

The dump (written by benches/benches/assign.rs): line 1 `n m E placed fit_units` (bole's result), line 2 the
capacities, then `person job fit_units` per edge. OR-Tools solves max flow with min cost on
source → people (cap 1) → jobs (cap) → sink with arc cost `max_units − units` (non-negative; for a fixed
flow value F this differs from −Σunits by the constant F·max_units), so the optimum is "most placed, then
most Σ fit_units": the same objective as bole's max_fit. The script exits non-zero if they disagree.
"""
import sys
import time

import numpy as np
import pandas as pd
from ortools.graph.python import min_cost_flow


def main(path: str) -> int:
    with open(path) as f:
        n, m, e, placed, units = map(int, f.readline().split())
        caps = np.array(f.readline().split(), dtype=np.int64)
    t = time.perf_counter()
    edges = pd.read_csv(path, sep=" ", header=None, skiprows=2, names=["p", "j", "u"],
                        dtype={"p": np.int64, "j": np.int64, "u": np.int64}).to_numpy()
    assert len(edges) == e and len(caps) == m
    print(f"read {n} people × {m} jobs, {e} edges in {time.perf_counter() - t:.1f} s")

    src, sink = n + m, n + m + 1
    max_u = int(edges[:, 2].max()) if e else 0
    tails = np.concatenate([np.full(n, src), edges[:, 0], n + np.arange(m)])
    heads = np.concatenate([np.arange(n), n + edges[:, 1], np.full(m, sink)])
    capac = np.concatenate([np.ones(n, dtype=np.int64), np.ones(e, dtype=np.int64), caps])
    costs = np.concatenate([np.zeros(n, dtype=np.int64), max_u - edges[:, 2], np.zeros(m, dtype=np.int64)])

    t = time.perf_counter()
    mcf = min_cost_flow.SimpleMinCostFlow()
    mcf.add_arcs_with_capacity_and_unit_cost(tails, heads, capac, costs)
    mcf.set_node_supply(src, n)
    mcf.set_node_supply(sink, -n)
    build = time.perf_counter() - t
    t = time.perf_counter()
    status = mcf.solve_max_flow_with_min_cost()
    solve = time.perf_counter() - t
    if status != mcf.OPTIMAL:
        print(f"OR-Tools status {status}")
        return 2
    flow = mcf.maximum_flow()
    ort_units = flow * max_u - mcf.optimal_cost()
    print(f"OR-Tools: build {build:.2f} s, solve {solve:.2f} s: placed {flow}, fit_units {ort_units}")
    print(f"bole    : placed {placed}, fit_units {units}")
    ok = flow == placed and ort_units == units
    print("objectives AGREE" if ok else "objectives DIFFER")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
