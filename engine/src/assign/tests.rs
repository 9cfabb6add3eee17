use super::*;
use proptest::prelude::*;

fn e(person: u32, job: u32, score: f64) -> Edge {
    Edge { person, job, score }
}

fn inst(n: usize, caps: &[u32], edges: &[Edge], prio: &[u8]) -> Instance {
    Instance {
        n_people: n,
        capacities: caps.to_vec(),
        edges: edges.to_vec(),
        priority: prio.to_vec(),
    }
}

/// Every assignment that respects edges and capacities (≤6 people, so at most 5^6 of them).
fn all_feasible(inst: &Instance) -> Vec<Vec<Option<u32>>> {
    let mut options: Vec<Vec<Option<u32>>> = vec![vec![None]; inst.n_people];
    for e in &inst.edges {
        options[e.person as usize].push(Some(e.job));
    }
    let mut out = Vec::new();
    let mut cur = Vec::new();
    let mut load = vec![0u32; inst.capacities.len()];
    fn rec(
        i: usize,
        options: &[Vec<Option<u32>>],
        caps: &[u32],
        cur: &mut Vec<Option<u32>>,
        load: &mut [u32],
        out: &mut Vec<Vec<Option<u32>>>,
    ) {
        if i == options.len() {
            out.push(cur.clone());
            return;
        }
        for &o in &options[i] {
            if let Some(j) = o {
                if load[j as usize] == caps[j as usize] {
                    continue;
                }
                load[j as usize] += 1;
            }
            cur.push(o);
            rec(i + 1, options, caps, cur, load, out);
            cur.pop();
            if let Some(j) = o {
                load[j as usize] -= 1;
            }
        }
    }
    rec(0, &options, &inst.capacities, &mut cur, &mut load, &mut out);
    out
}

fn score_of(inst: &Instance, p: usize, j: u32) -> f64 {
    inst.edges
        .iter()
        .find(|e| e.person as usize == p && e.job == j)
        .expect("assigned pair must be an edge")
        .score
}

/// (placed, Σ fit_units, Σ priority of placed): what max_fit maximises lexicographically.
fn objective(inst: &Instance, a: &[Option<u32>]) -> (usize, i64, i64) {
    let mut o = (0, 0, 0);
    for (p, j) in a.iter().enumerate() {
        if let Some(j) = *j {
            o.0 += 1;
            o.1 += fit_units(score_of(inst, p, j));
            o.2 += inst.priority[p] as i64;
        }
    }
    o
}

/// Capacities respected, one entry per person, only edges used, and the summary fields agree.
fn check_feasible(inst: &Instance, out: &Outcome) {
    assert_eq!(out.primary.len(), inst.n_people);
    let mut load = vec![0u32; inst.capacities.len()];
    let mut fit = 0.0;
    for (p, j) in out.primary.iter().enumerate() {
        if let Some(j) = *j {
            load[j as usize] += 1;
            fit += score_of(inst, p, j);
        }
    }
    for (j, &l) in load.iter().enumerate() {
        assert!(
            l <= inst.capacities[j],
            "job {j} holds {l} > {}",
            inst.capacities[j]
        );
    }
    assert_eq!(out.placed, out.primary.iter().flatten().count());
    assert!((out.total_fit - fit).abs() < 1e-9);
    assert_eq!(out.blocking_pairs, blocking_pairs(inst, &out.primary));
}

/// A person's rank of an assignment: position in preference order, unassigned last.
fn person_rank(inst: &Instance, p: usize, a: Option<u32>) -> (bool, f64, u32) {
    match a {
        None => (true, 0.0, 0),
        Some(j) => (false, -score_of(inst, p, j), j),
    }
}

prop_compose! {
    fn small_instance()(n in 0usize..=6, m in 1usize..=4)
        (caps in proptest::collection::vec(1u32..=2, m),
         pairs in proptest::collection::vec(
             proptest::option::weighted(0.6, 0usize..8), n * m),
         prio in proptest::collection::vec(0u8..=2, n),
         n in Just(n), m in Just(m)) -> Instance {
        // Scores from a small set so exact ties, ties after rounding to cents (0.301/0.304) and
        // ties at 1e-6 all occur often.
        const S: [f64; 8] = [0.1, 0.3, 0.301, 0.304, 0.5, 0.5000001, 0.9, 0.25];
        let mut edges = Vec::new();
        for p in 0..n {
            for j in 0..m {
                if let Some(k) = pairs[p * m + j] {
                    edges.push(e(p as u32, j as u32, S[k]));
                }
            }
        }
        // Shuffle-free but not sorted by person first, to exercise grouping.
        edges.sort_by_key(|e| (e.job, std::cmp::Reverse(e.person)));
        Instance { n_people: n, capacities: caps, edges, priority: prio }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn stable_is_feasible_blocking_free_and_person_optimal(inst in small_instance()) {
        prop_assert!(inst.validate().is_ok());
        let out = stable(&inst);
        check_feasible(&inst, &out);
        prop_assert_eq!(out.blocking_pairs, 0);
        // Person-optimal: no person does better in any stable assignment.
        for other in all_feasible(&inst) {
            if blocking_pairs(&inst, &other) == 0 {
                for p in 0..inst.n_people {
                    prop_assert!(person_rank(&inst, p, out.primary[p]) <= person_rank(&inst, p, other[p]),
                        "person {} better off in another stable assignment {:?} vs {:?}", p, other, out.primary);
                }
            }
        }
    }

    #[test]
    fn max_fit_matches_brute_force(inst in small_instance()) {
        let out = max_fit(&inst);
        check_feasible(&inst, &out);
        let best = all_feasible(&inst).iter().map(|a| objective(&inst, a)).max().unwrap();
        prop_assert_eq!(objective(&inst, &out.primary), best);
        prop_assert!(out.placed >= stable(&inst).placed);
    }

    #[test]
    fn backups_are_ordered_and_flagged(inst in small_instance(), n in 0usize..4) {
        for mode in [Mode::Stable, Mode::MaxFit] {
            let out = solve(&inst, mode);
            let b = backups(&inst, &out.primary, n);
            prop_assert_eq!(b.len(), inst.n_people);
            let mut load = vec![0u32; inst.capacities.len()];
            for j in out.primary.iter().flatten() { load[*j as usize] += 1; }
            for (p, list) in b.iter().enumerate() {
                let mine: Vec<&Edge> = inst.edges.iter().filter(|e| e.person as usize == p).collect();
                let others = mine.iter().filter(|e| out.primary[p] != Some(e.job)).count();
                prop_assert_eq!(list.len(), others.min(n));
                let mut seen_full = false;
                for w in list.windows(2) {
                    if !w[0].full && !w[1].full || w[0].full && w[1].full {
                        let (a, b) = (score_of(&inst, p, w[0].job), score_of(&inst, p, w[1].job));
                        prop_assert!(person_prefers(a, w[0].job, b, w[1].job));
                    }
                }
                for bk in list {
                    prop_assert!(out.primary[p] != Some(bk.job));
                    prop_assert_eq!(bk.full, load[bk.job as usize] >= inst.capacities[bk.job as usize]);
                    prop_assert!(!seen_full || bk.full, "spare job after a full one");
                    seen_full |= bk.full;
                }
                // No spare job was skipped in favour of a full one or a worse spare one.
                let spare_total = mine.iter().filter(|e| out.primary[p] != Some(e.job)
                    && load[e.job as usize] < inst.capacities[e.job as usize]).count();
                prop_assert_eq!(list.iter().filter(|b| !b.full).count(), spare_total.min(n));
            }
        }
    }
}

#[test]
fn equal_fit_after_rounding_serves_higher_priority_first() {
    // 0.801 and 0.799 both round to 0.80: equal fit, so the priority-1 person (index 1) wins the one place
    // even though the other scores higher and has the lower index.
    let i = inst(2, &[1], &[e(0, 0, 0.801), e(1, 0, 0.799)], &[0, 1]);
    assert_eq!(stable(&i).primary, vec![None, Some(0)]);
    // A fit that differs after rounding beats priority.
    let i = inst(2, &[1], &[e(0, 0, 0.81), e(1, 0, 0.799)], &[0, 1]);
    assert_eq!(stable(&i).primary, vec![Some(0), None]);
    // Equal fit and priority: lower person index.
    let i = inst(2, &[1], &[e(0, 0, 0.80), e(1, 0, 0.801)], &[1, 1]);
    assert_eq!(stable(&i).primary, vec![Some(0), None]);
}

#[test]
fn max_fit_places_more_than_stable_when_stability_costs_a_place() {
    // Person 0 is the better fit for both jobs and prefers job 0, the only job person 1 can take.
    let i = inst(
        2,
        &[1, 1],
        &[e(0, 0, 0.9), e(0, 1, 0.8), e(1, 0, 0.5)],
        &[0, 0],
    );
    let s = stable(&i);
    assert_eq!(s.primary, vec![Some(0), None]);
    assert_eq!(s.blocking_pairs, 0);
    let f = max_fit(&i);
    assert_eq!(f.primary, vec![Some(1), Some(0)]);
    assert_eq!(f.placed, 2);
    assert!((f.total_fit - 1.3).abs() < 1e-12);
    // (0, job 0) blocks: person 0 prefers job 0, and job 0 prefers person 0 to person 1.
    assert_eq!(f.blocking_pairs, 1);
    assert_eq!(solve(&i, Mode::MaxFit), f);
}

#[test]
fn max_fit_displaces_an_earlier_person_for_more_fit() {
    // Person 0 is processed first and takes the only place; person 1 fits better and must displace them.
    let i = inst(2, &[1], &[e(0, 0, 0.1), e(1, 0, 0.5)], &[0, 0]);
    assert_eq!(max_fit(&i).primary, vec![None, Some(0)]);
}

#[test]
fn zero_capacity_and_isolated_people() {
    let i = inst(3, &[0, 1], &[e(0, 0, 1.0), e(1, 1, 0.2)], &[0, 0, 0]);
    for mode in [Mode::Stable, Mode::MaxFit] {
        let o = solve(&i, mode);
        assert_eq!(o.primary, vec![None, Some(1), None]);
        assert_eq!(o.blocking_pairs, 0);
    }
    let b = backups(&i, &[None, Some(1), None], 3);
    assert_eq!(b, vec![vec![Backup { job: 0, full: true }], vec![], vec![]]);
}

#[test]
fn blocking_pairs_counts_free_places_and_better_candidates() {
    let i = inst(
        2,
        &[1, 1],
        &[e(0, 0, 0.9), e(0, 1, 0.3), e(1, 0, 0.2)],
        &[0, 0],
    );
    // Nobody placed: every edge blocks (free places everywhere).
    assert_eq!(blocking_pairs(&i, &[None, None]), 3);
    // Person 0 on job 1 prefers job 0, which holds worse-fitting person 1.
    assert_eq!(blocking_pairs(&i, &[Some(1), Some(0)]), 1);
    // A non-edge assignment is worse than any edge for both sides: person 1 (not an edge of job 1) makes job
    // 1 blockable by person 0, and person 1 would rather take its edge to job 0.
    assert_eq!(blocking_pairs(&i, &[None, Some(1)]), 3);
    assert_eq!(blocking_pairs(&i, &[Some(0), Some(1)]), 0);
}

#[test]
fn validate_names_the_field() {
    let field = |i: &Instance| match i.validate() {
        Err(crate::Error::Field { field, .. }) => field,
        other => panic!("expected a field error, got {other:?}"),
    };
    assert!(inst(1, &[1], &[e(0, 0, 0.5)], &[0]).validate().is_ok());
    assert_eq!(field(&inst(1, &[1], &[e(0, 0, 0.5)], &[])), "priority");
    assert_eq!(
        field(&inst(1, &[1], &[e(1, 0, 0.5)], &[0])),
        "edges[0].person"
    );
    assert_eq!(
        field(&inst(1, &[1], &[e(0, 0, 0.5), e(0, 1, 0.5)], &[0])),
        "edges[1].job"
    );
    assert_eq!(
        field(&inst(1, &[1], &[e(0, 0, f64::NAN)], &[0])),
        "edges[0].score"
    );
    assert_eq!(
        field(&inst(1, &[1], &[e(0, 0, 2e6)], &[0])),
        "edges[0].score"
    );
    assert_eq!(
        field(&inst(1, &[1], &[e(0, 0, 0.5), e(0, 0, 0.1)], &[0])),
        "edges[1]"
    );
}

#[test]
fn huge_capacity_does_not_allocate_per_place() {
    let i = inst(2, &[u32::MAX], &[e(0, 0, 0.5), e(1, 0, 0.4)], &[0, 0]);
    assert_eq!(stable(&i).placed, 2);
    assert_eq!(max_fit(&i).placed, 2);
}

prop_compose! {
    /// People and jobs split over a few "cities" (people only have edges inside their city, so the graph has
    /// several components), capacities 0..=3 so some cities are short of places and some have spare ones,
    /// scores from a small set so ties are common.
    fn city_instance()(n in 0usize..=60, m in 1usize..=24, cities in 1usize..=4)
        (person_city in proptest::collection::vec(0..cities, n),
         job_city in proptest::collection::vec(0..cities, m),
         caps in proptest::collection::vec(0u32..=3, m),
         pairs in proptest::collection::vec(proptest::option::weighted(0.3, 0usize..6), n * m),
         prio in proptest::collection::vec(0u8..=2, n),
         n in Just(n), m in Just(m)) -> Instance {
        const S: [f64; 6] = [0.2, 0.5, 0.5000001, 0.7, 0.9, 0.2000004];
        let mut edges = Vec::new();
        for p in 0..n {
            for j in 0..m {
                if person_city[p] == job_city[j] {
                    if let Some(k) = pairs[p * m + j] {
                        edges.push(e(p as u32, j as u32, S[k]));
                    }
                }
            }
        }
        edges.sort_by_key(|e| (e.job, std::cmp::Reverse(e.person)));
        Instance { n_people: n, capacities: caps, edges, priority: prio }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// The decomposed solver (maximum matching, regions, components in parallel) reaches the same objective
    /// as the previous one-person-at-a-time solver, and is deterministic.
    #[test]
    fn max_fit_matches_reference_on_several_components(inst in city_instance()) {
        prop_assert!(inst.validate().is_ok());
        let out = max_fit(&inst);
        check_feasible(&inst, &out);
        let want = super::reference::max_fit_assignment(&inst);
        prop_assert_eq!(objective(&inst, &out.primary), objective(&inst, &want));
        prop_assert_eq!(max_fit(&inst), out);
    }
}

#[test]
fn max_fit_fills_a_short_city_with_the_best_fits_and_places_everyone_in_a_roomy_one() {
    // City 0 (jobs 0, 1, one place each) has four people: two must stay unplaced, and the best pair wins.
    // City 1 (job 2, three places) has two people, both placed. Person 6 has no edge.
    let i = inst(
        7,
        &[1, 1, 3],
        &[
            e(0, 0, 0.5),
            e(0, 1, 0.5),
            e(1, 0, 0.9),
            e(2, 1, 0.8),
            e(2, 0, 0.85),
            e(3, 1, 0.8),
            e(4, 2, 0.3),
            e(5, 2, 0.4),
        ],
        &[0, 0, 0, 1, 0, 0, 0],
    );
    let o = max_fit(&i);
    // Best: 1→0 (0.9) + 2 or 3 →1 (0.8) = 1.7 beats 2→0 (0.85) + 3→1 (0.8); the tie between 2 and 3 on
    // job 1 goes to priority (person 3).
    assert_eq!(
        o.primary,
        vec![None, Some(0), None, Some(1), Some(2), Some(2), None]
    );
    assert_eq!(o.placed, 4);
}

#[test]
fn max_fit_with_extreme_scores_matches_reference_in_the_wide_fallback() {
    // Scores near ±MAX_ABS_SCORE and 20000 isolated priority-255 people (so K ≈ 1e7) push edge weights
    // to ~1e19 > i64::MAX: the i64 flow gives up and the i128 re-run must give the oracle's optimum.
    let scores = [1e6, 999_999.5, -1e6, 5e5, 1e6 - 1e-6];
    let (n_core, n_iso) = (30usize, 20_000usize);
    let mut edges = Vec::new();
    for p in 0..n_core {
        for j in 0..8u32 {
            if !(p as u32 * 7 + j * 3).is_multiple_of(4) {
                edges.push(e(p as u32, j, scores[(p + j as usize) % scores.len()]));
            }
        }
    }
    let mut prio = vec![255u8; n_core + n_iso];
    for (p, x) in prio.iter_mut().enumerate().take(n_core) {
        *x = (p % 3) as u8;
    }
    let i = inst(n_core + n_iso, &[2, 1, 3, 0, 2, 1, 1, 2], &edges, &prio);
    assert!(i.validate().is_ok());
    let out = max_fit(&i);
    check_feasible(&i, &out);
    let want = super::reference::max_fit_assignment(&i);
    assert_eq!(objective(&i, &out.primary), objective(&i, &want));
}
