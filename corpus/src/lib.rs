//! Synthetic, seeded corpus for bole: vacancies in five real cities (抚州, 永州, 宜春, 邢台,
//! 扬州) and job seekers of every policy group, written the way postings and people write.
//!
//! Every record is derived from `(seed, index)` alone — its own ChaCha8 stream — so record `i`
//! is identical whatever `n` is, generation streams in constant memory, and the same seed always
//! gives the same bytes. Records are [`bole::Job`] / [`bole::Candidate`] values that pass
//! `validate`; serialised, they are docs/SCHEMA.md JSON Lines.
//!
//! Realism that matters to a matcher: posting titles differ from people's own words (育婴师 vs
//! 会带小孩), about 5% of records are in traditional characters, some titles use full-width
//! letters, descriptions sometimes carry `<br>` HTML, a few postings have already expired on
//! 2026-11-21, and about 1% of postings contain discriminatory conditions (限男性, 35岁以下 …) in
//! their description for the office to flag. Candidates carry no protected attribute.
#![warn(missing_docs)]

mod candidates;
mod jobs;
mod places;
mod trades;
mod util;

use std::io::{self, Write};

use bole::{Candidate, Job};

/// ~300 vacancies: `bole-gen jobs --n 300 --seed 2026` (see README.md).
pub const FIXTURE_JOBS: &str = include_str!("../fixtures/jobs.jsonl");

/// ~200 job seekers: `bole-gen candidates --n 200 --seed 2026` (see README.md).
pub const FIXTURE_CANDIDATES: &str = include_str!("../fixtures/candidates.jsonl");

/// Seed the committed fixtures were generated with.
pub const FIXTURE_SEED: u64 = 2026;

/// Vacancy number `i` of the corpus with `seed` (independent of how many are generated).
pub fn job(seed: u64, i: u64) -> Job {
    jobs::job(seed, i)
}

/// Job seeker number `i` of the corpus with `seed` (independent of how many are generated).
pub fn candidate(seed: u64, i: u64) -> Candidate {
    candidates::candidate(seed, i)
}

/// The first `n` vacancies of the corpus with `seed`, generated lazily.
pub fn jobs(seed: u64, n: usize) -> impl Iterator<Item = Job> {
    (0..n as u64).map(move |i| job(seed, i))
}

/// The first `n` job seekers of the corpus with `seed`, generated lazily.
pub fn candidates(seed: u64, n: usize) -> impl Iterator<Item = Candidate> {
    (0..n as u64).map(move |i| candidate(seed, i))
}

/// Writes records as JSON Lines (one compact object per line); returns how many were written.
pub fn write_jsonl<T: serde::Serialize>(
    records: impl IntoIterator<Item = T>,
    mut out: impl Write,
) -> io::Result<usize> {
    let mut n = 0;
    for r in records {
        serde_json::to_writer(&mut out, &r)?;
        out.write_all(b"\n")?;
        n += 1;
    }
    out.flush()?;
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use bole::model::{candidate_from_json, job_from_json, parse_date};
    use bole::{Group, JobKind};

    fn jsonl<T: serde::Serialize>(it: impl Iterator<Item = T>) -> Vec<u8> {
        let mut v = Vec::new();
        write_jsonl(it, &mut v).unwrap();
        v
    }

    /// A record is "traditional" when converting it to simplified changes its text.
    fn is_traditional(json: &str) -> bool {
        zhconv::zhconv(json, zhconv::Variant::ZhHans) != json
    }

    #[test]
    fn same_seed_same_bytes_and_prefix_stable() {
        assert_eq!(jsonl(jobs(7, 300)), jsonl(jobs(7, 300)));
        assert_eq!(jsonl(candidates(7, 300)), jsonl(candidates(7, 300)));
        // Record i does not depend on n.
        assert_eq!(jsonl(jobs(7, 50)), jsonl(jobs(7, 300).take(50)));
        // Different seeds differ.
        assert_ne!(jsonl(candidates(7, 20)), jsonl(candidates(8, 20)));
    }

    #[test]
    fn jobs_validate_and_round_trip() {
        let today = parse_date("2026-11-21").unwrap();
        let (mut expired, mut trad, mut html, mut bad) = (0, 0, 0, 0);
        let mut kinds = std::collections::HashMap::new();
        let n = 4000;
        for j in jobs(3, n) {
            j.validate().unwrap_or_else(|e| panic!("{}: {e}", j.id));
            let text = serde_json::to_string(&j).unwrap();
            let back = job_from_json(&text).unwrap_or_else(|e| panic!("{}: {e}\n{text}", j.id));
            assert_eq!(back, j);
            if let Some(s) = &j.salary {
                if let (Some(a), Some(b)) = (s.min, s.max) {
                    // Part-time and 见习 pay can be low; a full-time wage below 1500 would be unreal.
                    let floor = if j.kind == JobKind::FullTime {
                        1500.0
                    } else {
                        500.0
                    };
                    assert!(a >= floor && b <= 30_000.0, "{}: {a}-{b}", j.id);
                }
            }
            let h = j.headcount.unwrap_or(1);
            assert!((1..=20).contains(&h), "{}", j.id);
            expired += usize::from(!j.is_valid_on(today));
            trad += usize::from(is_traditional(&text));
            let d = j.description.clone().unwrap_or_default();
            html += usize::from(d.contains("<br>"));
            bad += usize::from(
                [
                    "限男性",
                    "仅限女性",
                    "限女性",
                    "仅招男性",
                    "限本地户口",
                    "35岁以下",
                    "汉族",
                ]
                .iter()
                .any(|w| d.contains(w)),
            );
            *kinds.entry(j.kind).or_insert(0usize) += 1;
            if j.kind == JobKind::Gig {
                assert!(
                    j.benefits.iter().any(|b| b == "日结" || b == "日結"),
                    "{}",
                    j.id
                );
            }
            // Discriminatory wording lives in descriptions only.
            assert!(
                !["限男性", "女性", "户口", "汉族"]
                    .iter()
                    .any(|w| j.title.contains(w)),
                "{}",
                j.id
            );
        }
        let pct = |x: usize| x as f64 * 100.0 / n as f64;
        assert!(
            (3.5..6.5).contains(&pct(trad)),
            "traditional {}%",
            pct(trad)
        );
        assert!(
            (1.0..8.0).contains(&pct(expired)),
            "expired {}%",
            pct(expired)
        );
        assert!(
            (0.4..2.0).contains(&pct(bad)),
            "discriminatory {}%",
            pct(bad)
        );
        assert!(pct(html) > 15.0, "html {}%", pct(html));
        for k in JobKind::ALL {
            assert!(
                pct(kinds.get(&k).copied().unwrap_or(0)) > 2.0,
                "{k:?}: {kinds:?}"
            );
        }
    }

    #[test]
    fn candidates_validate_round_trip_and_cover_groups() {
        let mut seen = std::collections::HashMap::new();
        let (mut trad, mut commute) = (0, 0);
        let n = 4000;
        for c in candidates(3, n) {
            c.validate().unwrap_or_else(|e| panic!("{}: {e}", c.id));
            let text = serde_json::to_string(&c).unwrap();
            let back =
                candidate_from_json(&text).unwrap_or_else(|e| panic!("{}: {e}\n{text}", c.id));
            assert_eq!(back, c);
            for g in &c.groups {
                *seen.entry(*g).or_insert(0usize) += 1;
            }
            trad += usize::from(is_traditional(&text));
            commute += usize::from(c.max_commute_km.is_some());
            let h = c.home.as_ref().expect("home");
            assert!(h.region.is_some());
        }
        for g in Group::ALL {
            assert!(seen.get(&g).copied().unwrap_or(0) >= 20, "{g:?}: {seen:?}");
        }
        let pct = |x: usize| x as f64 * 100.0 / n as f64;
        assert!(
            (3.5..6.5).contains(&pct(trad)),
            "traditional {}%",
            pct(trad)
        );
        assert!(
            (20.0..70.0).contains(&pct(commute)),
            "commute {}%",
            pct(commute)
        );
    }

    #[test]
    fn fixtures_parse_and_match_the_generator() {
        let jobs_fx: Vec<_> = FIXTURE_JOBS
            .lines()
            .map(|l| job_from_json(l).unwrap())
            .collect();
        let cands_fx: Vec<_> = FIXTURE_CANDIDATES
            .lines()
            .map(|l| candidate_from_json(l).unwrap())
            .collect();
        assert!((250..=400).contains(&jobs_fx.len()), "{}", jobs_fx.len());
        assert!((150..=300).contains(&cands_fx.len()), "{}", cands_fx.len());
        // Committed bytes are exactly what the generator gives for the documented seed, so a
        // change to the generator shows up here until the fixtures are regenerated.
        assert_eq!(
            FIXTURE_JOBS.as_bytes(),
            jsonl(jobs(FIXTURE_SEED, jobs_fx.len()))
        );
        assert_eq!(
            FIXTURE_CANDIDATES.as_bytes(),
            jsonl(candidates(FIXTURE_SEED, cands_fx.len()))
        );
        for g in Group::ALL {
            assert!(
                cands_fx.iter().any(|c| c.groups.contains(&g)),
                "fixture lacks {g:?}"
            );
        }
        for k in JobKind::ALL {
            assert!(jobs_fx.iter().any(|j| j.kind == k), "fixture lacks {k:?}");
        }
    }
}
