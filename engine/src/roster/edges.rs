//! Each person's top-K feasible vacancies: retrieve by title and near home, pre-score, rank (see
//! the module doc of [`super`]).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use rayon::prelude::*;

use super::prescore::{Block, Person, Pre, P_PLACE};
use super::snapshot::{AreaIndex, Snapshot};
use super::Options;
use crate::engine::Engine;
use crate::model::Candidate;
use crate::rank::{self, features, CandidateProfile, Policy, Scored};

/// One person's options after edge generation.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PersonEdges {
    /// Feasible vacancies `(snapshot index, ranker score)`, best first (score, then lower index), at
    /// most `k`.
    pub feasible: Vec<(u32, f64)>,
    /// Only when `feasible` is empty: nearby vacancies the person is not eligible for, best first.
    pub fallback: Vec<(u32, f64)>,
    /// Only when `feasible` is empty: why.
    pub why_none: Option<String>,
    /// Only for people of the policy's floor groups: feasible 公益性岗位 of their areas that are not
    /// in `feasible`, best first (the 托底 fallback of [`crate::assign::floor`]).
    pub welfare: Vec<(u32, f64)>,
}

/// A pair the ranker can call feasible: within the commute, education met.
pub(super) fn feasible(s: &Scored) -> bool {
    !s.features.beyond_commute && s.features.education_gap == 0
}

/// Best first: higher score, then lower snapshot index (the id order).
pub(super) fn best_first(a: &(u32, f64), b: &(u32, f64)) -> std::cmp::Ordering {
    b.1.total_cmp(&a.1).then(a.0.cmp(&b.0))
}

impl Snapshot {
    /// Each person's top-`opts.k` feasible vacancies by the ranker's score (see the module doc), in
    /// parallel. `progress(done, total)` is called every 256 people and at the end.
    pub fn edges(
        &self,
        engine: &Engine,
        people: &[Candidate],
        opts: &Options,
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Vec<PersonEdges> {
        let done = AtomicUsize::new(0);
        let total = people.len();
        people
            .par_iter()
            .with_min_len(16)
            .map(|c| {
                let r = self.person_edges(engine, c, opts);
                let n = done.fetch_add(1, Ordering::Relaxed) + 1;
                if n.is_multiple_of(256) || n == total {
                    progress(n, total);
                }
                r
            })
            .collect()
    }

    fn person_edges(&self, engine: &Engine, c: &Candidate, opts: &Options) -> PersonEdges {
        let policy = engine.policy();
        let p = CandidateProfile::new(c);
        let v = engine.embed_candidate(&p);
        let person = Person::new(&p, &v, policy);
        let shortlist = opts.shortlist.max(opts.k).max(1);
        let want = opts.pool.max(2 * shortlist);
        let sem_exact = |j: u32| {
            let e = &self.entries[j as usize];
            (!v.is_empty() && !e.vector.is_empty()).then(|| crate::vector::dot(&v, &e.vector))
        };

        // Stage 1: title groups best first, then the nearest vacancies of the home county.
        let mut g = Gather::new(&person, policy);
        for (t, a, grp) in self.title_groups(&p, policy) {
            if g.pool.len() >= want {
                break;
            }
            let title = (t >= 0.0).then_some(t);
            let (lo, hi) = (
                a.start[grp as usize] as usize,
                a.start[grp as usize + 1] as usize,
            );
            for i in lo..hi {
                let x = &a.pre[i];
                g.visit(a.members[i], x, title, || {
                    person.sem(x, &a.qv[i * a.dim..(i + 1) * a.dim])
                });
            }
        }
        // The home county is always inside the person's area (home is one of its cities).
        for j in self.nearest_in_home_county(&p, shortlist / 2) {
            let e = &self.entries[j as usize];
            let t = (!p.intents.is_empty()).then(|| {
                p.intents
                    .iter()
                    .map(|i| rank::title_sim(i, &e.profile.title))
                    .fold(0.0f64, f64::max)
            });
            g.visit(j, &self.pre[j as usize], t, || sem_exact(j).map(f64::from));
        }
        let Gather {
            mut pool,
            mut blocked,
            far,
            edu,
            ..
        } = g;
        pool.sort_unstable_by_key(|x| x.0);
        pool.dedup_by_key(|x| x.0);

        // Stage 2: the best `shortlist` by the cheap estimate.
        if pool.len() > shortlist {
            pool.select_nth_unstable_by(shortlist - 1, |a, b| best_first(&(a.0, a.1), &(b.0, b.1)));
            pool.truncate(shortlist);
        }

        // Stage 3: the ranker, with the title feature already known.
        let mut out: Vec<(u32, f64)> = pool
            .iter()
            .filter_map(|&(j, _, title)| {
                let e = &self.entries[j as usize];
                let s = rank::score(&p, &e.profile, sem_exact(j), title, policy, self.today)?;
                feasible(&s).then_some((j, s.score))
            })
            .collect();
        out.sort_by(best_first);
        out.truncate(opts.k);
        let welfare = if opts.floor && policy.floor.covers(&c.groups) {
            self.welfare_edges(&p, &out, &sem_exact, policy)
        } else {
            Vec::new()
        };
        if !out.is_empty() {
            return PersonEdges {
                feasible: out,
                welfare,
                ..Default::default()
            };
        }
        // Nobody is dropped: say why, and score the nearest vacancies the person cannot take.
        blocked.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
        blocked.dedup_by_key(|x| x.0);
        blocked.truncate(opts.backups.max(1) * 4);
        let mut fallback: Vec<(u32, f64)> = blocked
            .iter()
            .filter_map(|&(j, _)| {
                let e = &self.entries[j as usize];
                rank::score(&p, &e.profile, sem_exact(j), None, policy, self.today)
                    .map(|s| (j, s.score))
            })
            .collect();
        fallback.sort_by(best_first);
        fallback.truncate(opts.backups);
        PersonEdges {
            feasible: Vec::new(),
            fallback,
            why_none: Some(why_none(far, edu).to_string()),
            welfare,
        }
    }

    /// The feasible 公益性岗位 of the person's areas not already in `taken`, best first.
    fn welfare_edges(
        &self,
        p: &CandidateProfile,
        taken: &[(u32, f64)],
        sem_exact: &dyn Fn(u32) -> Option<f32>,
        policy: &Policy,
    ) -> Vec<(u32, f64)> {
        let mut out: Vec<(u32, f64)> = self
            .areas_of(p)
            .into_iter()
            .flat_map(|a| a.members.iter().copied())
            .filter(|&j| {
                self.entries[j as usize].profile.kind == crate::model::JobKind::PublicWelfare
                    && !taken.iter().any(|t| t.0 == j)
            })
            .filter_map(|j| {
                let e = &self.entries[j as usize];
                let s = rank::score(p, &e.profile, sem_exact(j), None, policy, self.today)?;
                feasible(&s).then_some((j, s.score))
            })
            .collect();
        out.sort_by(best_first);
        out.dedup_by_key(|x| x.0);
        out
    }

    /// The title groups of the person's areas with the ranker's title feature for each (exact:
    /// `max title_sim` over intents), best first; `-1` for a title a person without intents does
    /// not name (ordered after every named title).
    fn title_groups(&self, p: &CandidateProfile, policy: &Policy) -> Vec<(f64, &AreaIndex, u32)> {
        let mut groups: Vec<(f64, &AreaIndex, u32)> = Vec::new();
        for a in self.areas_of(p) {
            if p.intents.is_empty() {
                for (g, t) in a.titles.iter().enumerate() {
                    let named = features::title_named(&p.text, t, &policy.curves);
                    groups.push((named.unwrap_or(-1.0), a, g as u32));
                }
            } else {
                let rows: Vec<Arc<[f64]>> = p.intents.iter().map(|i| a.row(i)).collect();
                for g in 0..a.titles.len() {
                    let t = rows.iter().map(|r| r[g]).fold(0.0f64, f64::max);
                    groups.push((t, a, g as u32));
                }
            }
        }
        groups.sort_by(|x, y| y.0.total_cmp(&x.0));
        groups
    }

    /// Up to `n` vacancies of the person's home county nearest to home, by the same approximation
    /// as `Person::km`.
    fn nearest_in_home_county(&self, p: &CandidateProfile, n: usize) -> Vec<u32> {
        let Some(h) = p.home.as_ref().filter(|h| h.adcode % 100 != 0) else {
            return Vec::new();
        };
        let Some(list) = self.by_county.get(&h.adcode) else {
            return Vec::new();
        };
        let r = h.lat.to_radians();
        let (sin, cos) = (r.sin(), r.cos());
        let mut near: Vec<(f64, u32)> = list
            .iter()
            .map(|&j| {
                let x = &self.pre[j as usize];
                let d2 = if x.has(P_PLACE) {
                    let dlat = (x.lat - h.lat).to_radians();
                    let dlon = (x.lon - h.lon).to_radians() * (cos - sin * dlat / 2.0);
                    dlat * dlat + dlon * dlon
                } else {
                    f64::INFINITY
                };
                (d2, j)
            })
            .collect();
        let n = n.min(near.len());
        if n > 0 {
            near.select_nth_unstable_by(n - 1, |a, b| a.0.total_cmp(&b.0));
            near.truncate(n);
        }
        near.into_iter().map(|(_, j)| j).collect()
    }
}

/// Why a person has no feasible vacancy, from the counts of vacancies too far and asking too much
/// education.
fn why_none(far: usize, edu: usize) -> &'static str {
    if far + edu == 0 {
        "期望地区及住址附近暂无有效岗位"
    } else if edu == 0 {
        "通勤范围内暂无岗位（附近岗位均超出通勤上限）"
    } else if far == 0 {
        "附近岗位学历要求均高于本人"
    } else {
        "附近岗位均超出通勤上限或学历要求高于本人"
    }
}

/// Stage 1's harvest: the feasible vacancies pre-scored, the infeasible ones counted by cause.
struct Gather<'p, 'a> {
    person: &'p Person<'a>,
    policy: &'p Policy,
    /// (vacancy, estimate, title feature when the person has intents)
    pool: Vec<(u32, f64, Option<f64>)>,
    /// (vacancy, km or ∞) of infeasible vacancies.
    blocked: Vec<(u32, f64)>,
    far: usize,
    edu: usize,
}

impl<'p, 'a> Gather<'p, 'a> {
    fn new(person: &'p Person<'a>, policy: &'p Policy) -> Self {
        Gather {
            person,
            policy,
            pool: Vec::new(),
            blocked: Vec::new(),
            far: 0,
            edu: 0,
        }
    }

    /// Pre-score vacancy `j` (copy `x`) or count why it is infeasible; `sem` is only asked for
    /// feasible pairs.
    fn visit(&mut self, j: u32, x: &Pre, title: Option<f64>, sem: impl FnOnce() -> Option<f64>) {
        let km = self.person.km(x);
        match self.person.block(x, km, self.policy) {
            Some(b) => {
                match b {
                    Block::Far => self.far += 1,
                    Block::Education => self.edu += 1,
                }
                self.blocked.push((j, km.unwrap_or(f64::INFINITY)));
            }
            None => {
                let est = self.person.prescore(x, sem(), title, km, self.policy);
                let exact = title.filter(|_| !self.person.p.intents.is_empty());
                self.pool.push((j, est, exact));
            }
        }
    }
}
