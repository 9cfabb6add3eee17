//! Who gets which vacancy? The caseworker's "一对一" roster: edges from the ranker, an exact
//! assignment ([`crate::assign`]), backups, and a reason for everyone left without a place.
//!
//! Edges: each person's top-K *feasible* vacancies — valid on the day, within the person's
//! `max_commute_km`, and asking no more education than the person has — with the ranker's score.
//! A vacancy's order of people uses the same score; at equal fit (two decimals) people in the
//! 托底 groups come first (see `assign`).
//!
//! Backups: each person's other feasible vacancies in their own preference order, those that
//! still have free places after the assignment first; a backup that is already full is still
//! listed and marked `full`, so capacity pressure is shown, not hidden.

use std::collections::HashMap;
use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use crate::assign::{self, Edge, Instance, Mode};
use crate::engine::{Engine, JobEntry, JobMatch, Query};
use crate::error::Result;
use crate::model::{Candidate, Group};

/// Options of an assignment run.
#[derive(Debug, Clone)]
pub struct Options {
    /// `stable` (default) or `max-fit`.
    pub mode: Mode,
    /// Edges per person.
    pub k: usize,
    /// Backups per person.
    pub backups: usize,
    /// The day of the run (days since epoch).
    pub today: i64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            mode: Mode::Stable,
            k: 20,
            backups: 3,
            today: crate::model::today(),
        }
    }
}

/// A vacancy in the roster.
#[derive(Debug, Clone, Serialize)]
pub struct Placement {
    /// Vacancy id.
    pub job_id: String,
    /// Ranker score.
    pub score: f64,
    /// Why it fits.
    pub reasons: Vec<String>,
    /// Title.
    pub title: String,
    /// Employer.
    pub employer: Option<String>,
    /// Place (region text or resolved name).
    pub place: Option<String>,
    /// Monthly pay text.
    pub pay: Option<String>,
    /// Kilometres from home, when known.
    pub distance_km: Option<f64>,
    /// The vacancy had no free place left after the assignment (backups only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub full: Option<bool>,
}

/// One person's line of the roster.
#[derive(Debug, Clone, Serialize)]
pub struct Assignment {
    /// Candidate id.
    pub candidate_id: String,
    /// Groups of the person.
    pub groups: Vec<Group>,
    /// The vacancy assigned.
    pub primary: Option<Placement>,
    /// Other options.
    pub backups: Vec<Placement>,
    /// Why no vacancy was assigned (null when placed).
    pub unplaced_reason: Option<String>,
}

/// Per-group counts.
#[derive(Debug, Clone, Default, Serialize)]
pub struct GroupCount {
    /// People in the group.
    pub people: usize,
    /// Of them placed.
    pub placed: usize,
    /// Share placed.
    pub placed_share: f64,
}

/// Summary of a run.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// `stable` or `max-fit`.
    pub mode: &'static str,
    /// People in the run.
    pub people: usize,
    /// People with a primary vacancy.
    pub placed: usize,
    /// placed / people.
    pub placed_share: f64,
    /// Sum of the scores of primary assignments.
    pub total_fit: f64,
    /// Pairs that would both rather be matched to each other (0 in stable mode).
    pub blocking_pairs: usize,
    /// Per group.
    pub by_group: HashMap<String, GroupCount>,
    /// Valid vacancies considered.
    pub vacancies: usize,
    /// Places offered by them.
    pub places: u64,
    /// Places filled.
    pub places_filled: u64,
    /// Vacancies with places left, with how many.
    pub unfilled: Vec<(String, u32)>,
    /// People with no feasible vacancy at all.
    pub no_option: usize,
}

/// The roster: summary plus one line per person, in input order.
#[derive(Debug, Clone, Serialize)]
pub struct Roster {
    /// Summary.
    pub summary: Summary,
    /// Lines.
    pub assignments: Vec<Assignment>,
}

fn pay_text(e: &JobEntry) -> Option<String> {
    e.profile.pay.map(|(a, b)| {
        if (a - b).abs() < 1.0 {
            format!("{}元/月", a.round())
        } else {
            format!("{}-{}元/月", a.round(), b.round())
        }
    })
}

fn placement(e: &JobEntry, m: &JobMatch, full: Option<bool>) -> Placement {
    Placement {
        job_id: e.job.id.clone(),
        score: m.score,
        reasons: m.reasons.clone(),
        title: e.job.title.clone(),
        employer: e.job.employer.clone(),
        place: e
            .job
            .location
            .as_ref()
            .and_then(|l| l.region.clone())
            .or_else(|| e.profile.place.as_ref().map(|p| p.name.clone())),
        pay: pay_text(e),
        distance_km: m.scored.features.km.map(|k| (k * 10.0).round() / 10.0),
        full,
    }
}

fn feasible(m: &JobMatch) -> bool {
    !m.scored.features.beyond_commute && m.scored.features.education_gap == 0
}

/// Why a person has no feasible vacancy, from the options they do have.
fn why_none(options: &[JobMatch]) -> String {
    if options.is_empty() {
        return "期望地区及住址附近暂无有效岗位".to_string();
    }
    let far = options
        .iter()
        .filter(|m| m.scored.features.beyond_commute)
        .count();
    let edu = options
        .iter()
        .filter(|m| m.scored.features.education_gap > 0)
        .count();
    if far == options.len() {
        "通勤范围内暂无岗位（附近岗位均超出通勤上限）".to_string()
    } else if edu == options.len() {
        "附近岗位学历要求均高于本人".to_string()
    } else {
        "附近岗位均超出通勤上限或学历要求高于本人".to_string()
    }
}

/// Run the assignment for `people` over the engine's valid vacancies. `progress(done, total)` is
/// called as edges are generated (the slow part).
pub fn run(
    engine: &Engine,
    people: &[Candidate],
    opts: &Options,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Roster> {
    let entries: Vec<Arc<JobEntry>> = {
        let mut v: Vec<Arc<JobEntry>> = engine
            .job_entries()
            .into_iter()
            .filter(|e| e.job.is_valid_on(opts.today))
            .collect();
        v.sort_by(|a, b| a.job.id.cmp(&b.job.id));
        v
    };
    let index: HashMap<&str, u32> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.job.id.as_str(), i as u32))
        .collect();
    let done = AtomicUsize::new(0);
    let total = people.len();
    // Each person's options, best first: generous retrieval, then the feasibility rule.
    let options: Vec<Vec<JobMatch>> = people
        .par_iter()
        .map(|c| {
            let q = Query {
                top: opts.k * 3,
                today: opts.today,
                ..Default::default()
            };
            let r = engine.jobs_for(c, &q).unwrap_or_default();
            let n = done.fetch_add(1, Ordering::Relaxed) + 1;
            if n.is_multiple_of(256) || n == total {
                progress(n, total);
            }
            r
        })
        .collect();
    let mut edges = Vec::new();
    let mut feasible_lists: Vec<Vec<&JobMatch>> = Vec::with_capacity(people.len());
    for (p, opts_p) in options.iter().enumerate() {
        let f: Vec<&JobMatch> = opts_p
            .iter()
            .filter(|m| feasible(m) && index.contains_key(m.job_id.as_str()))
            .take(opts.k)
            .collect();
        for m in &f {
            edges.push(Edge {
                person: p as u32,
                job: index[m.job_id.as_str()],
                score: m.score,
            });
        }
        feasible_lists.push(f);
    }
    let inst = Instance {
        n_people: people.len(),
        capacities: entries.iter().map(|e| e.job.places()).collect(),
        edges,
        priority: people.iter().map(|c| u8::from(c.is_priority())).collect(),
    };
    let outcome = assign::solve(&inst, opts.mode);
    let backups = assign::backups(&inst, &outcome.primary, opts.backups);

    let mut used = vec![0u32; entries.len()];
    for j in outcome.primary.iter().flatten() {
        used[*j as usize] += 1;
    }
    let mut by_group: HashMap<String, GroupCount> = HashMap::new();
    let mut no_option = 0;
    let mut assignments = Vec::with_capacity(people.len());
    for (p, c) in people.iter().enumerate() {
        let find = |j: u32| {
            feasible_lists[p]
                .iter()
                .find(|m| index[m.job_id.as_str()] == j)
                .copied()
        };
        let primary = outcome.primary[p]
            .and_then(|j| find(j).map(|m| placement(&entries[j as usize], m, None)));
        let backs: Vec<Placement> = backups[p]
            .iter()
            .filter_map(|b| {
                find(b.job).map(|m| placement(&entries[b.job as usize], m, Some(b.full)))
            })
            .collect();
        let unplaced_reason = if primary.is_some() {
            None
        } else if feasible_lists[p].is_empty() {
            no_option += 1;
            Some(why_none(&options[p]))
        } else {
            Some("可选岗位名额已被更匹配的求职者占满，请参考备选岗位".to_string())
        };
        // Nobody is dropped: someone with no feasible vacancy still gets the nearest options.
        let backs = if feasible_lists[p].is_empty() {
            options[p]
                .iter()
                .take(opts.backups)
                .filter_map(|m| {
                    index
                        .get(m.job_id.as_str())
                        .map(|j| placement(&entries[*j as usize], m, None))
                })
                .collect()
        } else {
            backs
        };
        for g in &c.groups {
            let e = by_group.entry(g.as_str().to_string()).or_default();
            e.people += 1;
            e.placed += usize::from(primary.is_some());
        }
        assignments.push(Assignment {
            candidate_id: c.id.clone(),
            groups: c.groups.clone(),
            primary,
            backups: backs,
            unplaced_reason,
        });
    }
    for g in by_group.values_mut() {
        g.placed_share = g.placed as f64 / g.people.max(1) as f64;
    }
    let places: u64 = inst.capacities.iter().map(|c| *c as u64).sum();
    let filled: u64 = used.iter().map(|u| *u as u64).sum();
    let unfilled = entries
        .iter()
        .zip(&used)
        .filter(|(e, u)| **u < e.job.places())
        .map(|(e, u)| (e.job.id.clone(), e.job.places() - u))
        .collect();
    Ok(Roster {
        summary: Summary {
            mode: match opts.mode {
                Mode::Stable => "stable",
                Mode::MaxFit => "max-fit",
            },
            people: people.len(),
            placed: outcome.placed,
            placed_share: outcome.placed as f64 / people.len().max(1) as f64,
            total_fit: (outcome.total_fit * 10_000.0).round() / 10_000.0,
            blocking_pairs: outcome.blocking_pairs,
            by_group,
            vacancies: entries.len(),
            places,
            places_filled: filled,
            unfilled,
            no_option,
        },
        assignments,
    })
}

fn csv_cell(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

impl Roster {
    /// Write the roster as CSV in UTF-8 with a BOM (so spreadsheet software shows Chinese).
    pub fn write_csv<W: Write>(&self, mut w: W) -> std::io::Result<()> {
        w.write_all(b"\xEF\xBB\xBF")?;
        writeln!(
            w,
            "求职者编号,人员类别,主推岗位编号,岗位名称,招聘单位,工作地点,薪资,距离(公里),匹配分,推荐理由,备选岗位1,备选岗位2,备选岗位3,未安置原因"
        )?;
        for a in &self.assignments {
            let groups: Vec<&str> = a.groups.iter().map(|g| g.label()).collect();
            let mut row: Vec<String> = vec![a.candidate_id.clone(), groups.join("、")];
            match &a.primary {
                Some(p) => row.extend([
                    p.job_id.clone(),
                    p.title.clone(),
                    p.employer.clone().unwrap_or_default(),
                    p.place.clone().unwrap_or_default(),
                    p.pay.clone().unwrap_or_else(|| "面议".into()),
                    p.distance_km.map(|d| d.to_string()).unwrap_or_default(),
                    format!("{:.3}", p.score),
                    p.reasons.join("；"),
                ]),
                None => row.extend(std::iter::repeat_n(String::new(), 8)),
            }
            for i in 0..3 {
                row.push(
                    a.backups
                        .get(i)
                        .map(|b| {
                            let full = if b.full == Some(true) {
                                "（已满）"
                            } else {
                                ""
                            };
                            format!("{} {}{}", b.job_id, b.title, full)
                        })
                        .unwrap_or_default(),
                );
            }
            row.push(a.unplaced_reason.clone().unwrap_or_default());
            let line: Vec<String> = row.iter().map(|s| csv_cell(s)).collect();
            writeln!(w, "{}", line.join(","))?;
        }
        Ok(())
    }
}
