//! How good is the ranking? nDCG@10, Recall@100 and MRR on a labelled dev set, for the full
//! ranker and for BM25 alone in the same run, per group and overall.
//!
//! The dev set is graded judgments (0–3, as a caseworker would judge) of (person, vacancy) pairs;
//! unjudged vacancies count as 0.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::engine::{Engine, Query};
use crate::error::{Error, Result};
use crate::model::Candidate;

/// Graded judgments: person id → (job id → grade 0..3).
pub type Judgments = HashMap<String, HashMap<String, u8>>;

/// Parse `candidate_id<TAB>job_id<TAB>grade` lines (`#` comments and blank lines skipped).
pub fn parse_judgments(text: &str) -> Result<Judgments> {
    let mut out: Judgments = HashMap::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let parts: Vec<&str> = line.split('\t').collect();
        let [c, j, g, ..] = parts.as_slice() else {
            return Err(Error::field(
                format!("line {}", i + 1),
                "expected candidate_id, job_id, grade separated by tabs",
            ));
        };
        let g: u8 = g.trim().parse().ok().filter(|g| *g <= 3).ok_or_else(|| {
            Error::field(
                format!("line {}: grade", i + 1),
                format!("`{g}` is not 0..3"),
            )
        })?;
        out.entry(c.to_string())
            .or_default()
            .insert(j.to_string(), g);
    }
    Ok(out)
}

/// nDCG@k of a ranked list (gain 2^g − 1, log2 discount).
pub fn ndcg(ranked: &[String], judged: &HashMap<String, u8>, k: usize) -> f64 {
    let gain = |g: u8| (2f64.powi(g as i32)) - 1.0;
    let dcg: f64 = ranked
        .iter()
        .take(k)
        .enumerate()
        .map(|(i, id)| gain(*judged.get(id).unwrap_or(&0)) / ((i + 2) as f64).log2())
        .sum();
    let mut ideal: Vec<u8> = judged.values().copied().collect();
    ideal.sort_unstable_by(|a, b| b.cmp(a));
    let idcg: f64 = ideal
        .iter()
        .take(k)
        .enumerate()
        .map(|(i, g)| gain(*g) / ((i + 2) as f64).log2())
        .sum();
    if idcg == 0.0 {
        0.0
    } else {
        dcg / idcg
    }
}

/// Share of relevant (grade ≥ 2) vacancies found in the first k.
pub fn recall(ranked: &[String], judged: &HashMap<String, u8>, k: usize) -> f64 {
    let rel: Vec<&String> = judged
        .iter()
        .filter(|(_, g)| **g >= 2)
        .map(|(id, _)| id)
        .collect();
    if rel.is_empty() {
        return 0.0;
    }
    let top: std::collections::HashSet<&String> = ranked.iter().take(k).collect();
    rel.iter().filter(|id| top.contains(*id)).count() as f64 / rel.len() as f64
}

/// Reciprocal rank of the first relevant (grade ≥ 2) vacancy.
pub fn mrr(ranked: &[String], judged: &HashMap<String, u8>) -> f64 {
    ranked
        .iter()
        .position(|id| judged.get(id).is_some_and(|g| *g >= 2))
        .map(|i| 1.0 / (i + 1) as f64)
        .unwrap_or(0.0)
}

/// Mean metrics of one system over a set of people.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Metrics {
    /// People averaged over.
    pub people: usize,
    /// Mean nDCG@10.
    pub ndcg10: f64,
    /// Mean Recall@100.
    pub recall100: f64,
    /// Mean reciprocal rank.
    pub mrr: f64,
}

impl Metrics {
    fn add(&mut self, n: f64, r: f64, m: f64) {
        self.people += 1;
        self.ndcg10 += n;
        self.recall100 += r;
        self.mrr += m;
    }
    fn finish(&mut self) {
        let d = self.people.max(1) as f64;
        self.ndcg10 /= d;
        self.recall100 /= d;
        self.mrr /= d;
    }
}

/// The report of `bole eval`: per group (and `all`), the full ranker and BM25 alone.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    /// Group → (ranker, bm25).
    pub groups: BTreeMap<String, (Metrics, Metrics)>,
}

/// Evaluate on `people` with `judgments` against the vacancies held by `engine`.
pub fn evaluate(
    engine: &Engine,
    people: &[Candidate],
    judgments: &Judgments,
    today: i64,
) -> Result<Report> {
    let mut report = Report::default();
    for c in people {
        let Some(judged) = judgments.get(&c.id) else {
            continue;
        };
        let q = Query {
            top: 100,
            today,
            ..Default::default()
        };
        let full: Vec<String> = engine
            .jobs_for(c, &q)?
            .into_iter()
            .map(|m| m.job_id)
            .collect();
        let bm25 = engine.bm25_jobs_for(c, &q)?;
        let mut keys: Vec<String> = vec!["all".to_string()];
        keys.extend(c.groups.iter().map(|g| g.as_str().to_string()));
        if c.groups.is_empty() {
            keys.push("none".into());
        }
        for k in keys {
            let e = report.groups.entry(k).or_default();
            e.0.add(
                ndcg(&full, judged, 10),
                recall(&full, judged, 100),
                mrr(&full, judged),
            );
            e.1.add(
                ndcg(&bm25, judged, 10),
                recall(&bm25, judged, 100),
                mrr(&bm25, judged),
            );
        }
    }
    for (a, b) in report.groups.values_mut() {
        a.finish();
        b.finish();
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn j(pairs: &[(&str, u8)]) -> HashMap<String, u8> {
        pairs.iter().map(|(a, g)| (a.to_string(), *g)).collect()
    }

    #[test]
    fn metrics_on_known_lists() {
        let judged = j(&[("a", 3), ("b", 2), ("c", 0)]);
        let perfect: Vec<String> = ["a", "b", "c"].iter().map(|s| s.to_string()).collect();
        assert!((ndcg(&perfect, &judged, 10) - 1.0).abs() < 1e-9);
        let reversed: Vec<String> = ["c", "b", "a"].iter().map(|s| s.to_string()).collect();
        assert!(ndcg(&reversed, &judged, 10) < 0.8);
        assert_eq!(mrr(&reversed, &judged), 0.5);
        assert_eq!(recall(&reversed[..1], &judged, 100), 0.0);
        assert_eq!(recall(&reversed, &judged, 100), 1.0);
    }

    #[test]
    fn judgments_name_the_bad_line() {
        let e = parse_judgments("c1\tj1\t2\nc1\tj2\t7\n").unwrap_err();
        assert!(e.to_string().contains("line 2"), "{e}");
        assert_eq!(parse_judgments("# x\nc1\tj1\t3\n").unwrap()["c1"]["j1"], 3);
    }
}
