//! Given retrieved jobs (or people), in which order, and why?
//!
//! Every (person, vacancy) pair gets a vector of fit [`Features`], each a documented function of
//! the two records in `0..1` (or unknown), a weighted mean under the [`Policy`], group bonuses that
//! the seed policies ask for, and Chinese [`reasons`](Scored::reasons) drawn from the features that
//! made the score. The ranker is pure: the date and the semantic similarity are passed in.
//!
//! Protected attributes (sex, ethnicity, religion, 户籍) are not in the model and no feature reads
//! text for them; postings that state such conditions are only *flagged* ([`flags`]).

pub mod fairness;
pub mod features;
pub mod flags;
pub mod policy;
mod profile;
pub mod reasons;

use serde::Serialize;

pub use features::Features;
pub use policy::Policy;
pub(crate) use profile::desired_spots;
pub use profile::{spot, CandidateProfile, JobProfile, Spot};

use crate::model::Group;

/// A scored match with its reasons.
#[derive(Debug, Clone, Serialize)]
pub struct Scored {
    /// Higher is better.
    pub score: f64,
    /// Short Chinese reasons, strongest first.
    pub reasons: Vec<String>,
    /// The features behind the score.
    pub features: Features,
}

fn dice(a: &str, b: &str) -> f64 {
    // Titles are short: their bigrams fit on the stack, which keeps the ranker free of
    // allocations here (it runs for every pair in the pool). Longer text takes the general path.
    let (mut ba, mut bb) = ([0u64; GRAMS], [0u64; GRAMS]);
    if let (Some(na), Some(nb)) = (stack_bigrams(a, &mut ba), stack_bigrams(b, &mut bb)) {
        let (ga, gb) = (&ba[..na], &bb[..nb]);
        if ga.is_empty() || gb.is_empty() {
            return 0.0;
        }
        let common = ga.iter().filter(|g| gb.binary_search(g).is_ok()).count();
        return 2.0 * common as f64 / (ga.len() + gb.len()) as f64;
    }
    let ga = char_bigrams(a);
    let gb = char_bigrams(b);
    if ga.is_empty() || gb.is_empty() {
        return 0.0;
    }
    let common = ga.iter().filter(|g| gb.contains(g)).count();
    2.0 * common as f64 / (ga.len() + gb.len()) as f64
}

const GRAMS: usize = 64;

/// Sorted distinct character bigrams (whitespace skipped) packed as `u64`, or `None` when there
/// are more than [`GRAMS`] of them.
fn stack_bigrams(s: &str, buf: &mut [u64; GRAMS]) -> Option<usize> {
    let mut n = 0;
    let mut prev: Option<char> = None;
    for c in s.chars().filter(|c| !c.is_whitespace()) {
        if let Some(p) = prev {
            if n == GRAMS {
                return None;
            }
            buf[n] = (p as u64) << 32 | c as u64;
            n += 1;
        }
        prev = Some(c);
    }
    let v = &mut buf[..n];
    v.sort_unstable();
    let mut w = 0;
    for i in 0..n {
        if i == 0 || v[i] != v[w - 1] {
            v[w] = v[i];
            w += 1;
        }
    }
    Some(w)
}

fn char_bigrams(s: &str) -> Vec<(char, char)> {
    let cs: Vec<char> = s.chars().filter(|c| !c.is_whitespace()).collect();
    let mut v: Vec<(char, char)> = cs.windows(2).map(|w| (w[0], w[1])).collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// Title fit of one intent phrase against a job title: containment either way is a full match,
/// otherwise the character-bigram Dice coefficient (robust to 仓管员/仓库管理员-style variants).
pub fn title_sim(intent: &str, title: &str) -> f64 {
    if intent.is_empty() || title.is_empty() {
        return 0.0;
    }
    if title.contains(intent) || (intent.chars().count() >= 2 && intent.contains(title)) {
        return 1.0;
    }
    dice(intent, title)
}

/// Sorted distinct character bigrams (whitespace skipped) packed as `u64`: the set [`dice`]
/// compares, of any length.
pub(crate) fn packed_bigrams(s: &str) -> Vec<u64> {
    let mut v: Vec<u64> = Vec::new();
    let mut prev: Option<char> = None;
    for c in s.chars().filter(|c| !c.is_whitespace()) {
        if let Some(p) = prev {
            v.push((p as u64) << 32 | c as u64);
        }
        prev = Some(c);
    }
    v.sort_unstable();
    v.dedup();
    v
}

/// Size of the intersection of two sorted sets.
pub(crate) fn common_sorted(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Score one pair: its [`Features`] combined under the policy, without reasons (see
/// [`Scored::explain`]). `None` when the vacancy must never be shown (expired on `today`).
/// `semantic` is the cosine similarity of the two records' vectors, if the caller has them;
/// `title_fit`, if given, must be the person's title fit to this title (see [`features::pair`]).
pub fn score(
    c: &CandidateProfile,
    j: &JobProfile,
    semantic: Option<f32>,
    title_fit: Option<f64>,
    policy: &Policy,
    today: i64,
) -> Option<Scored> {
    if j.valid_until.is_some_and(|d| d < today) {
        return None;
    }
    let f = features::pair(c, j, semantic, title_fit, policy);
    let s = features::combine(&f, features::welfare_barred(j.kind, c), policy);
    Some(Scored {
        score: (s.max(0.0) * 10_000.0).round() / 10_000.0,
        reasons: Vec::new(),
        features: f,
    })
}

impl Scored {
    /// The same match with its reasons ([`reasons::explain`] over its features).
    pub fn explain(mut self, c: &CandidateProfile, j: &JobProfile, policy: &Policy) -> Scored {
        self.reasons = reasons::explain(c, j, &self.features, policy);
        self
    }
}

/// Ordering key in the vacancy → people direction: fit rounded to the policy's decimals, then
/// 托底 priority (hard-to-employ, 零就业家庭 … first), then id. Larger keys come first except the id.
pub fn people_order_key(score: f64, priority: bool, policy: &Policy) -> (i64, bool) {
    let scale = 10f64.powi(policy.tie_break.decimals as i32);
    ((score * scale).round() as i64, priority)
}

/// True if any of the groups is a 托底 priority group.
pub fn is_priority(groups: &[Group]) -> bool {
    groups.iter().any(|g| g.is_priority())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{candidate_from_json, job_from_json};
    use proptest::prelude::*;

    fn alloc_dice(a: &str, b: &str) -> f64 {
        let ga = char_bigrams(a);
        let gb = char_bigrams(b);
        if ga.is_empty() || gb.is_empty() {
            return 0.0;
        }
        let common = ga.iter().filter(|g| gb.contains(g)).count();
        2.0 * common as f64 / (ga.len() + gb.len()) as f64
    }

    proptest! {
        #[test]
        fn stack_dice_equals_the_general_one(
            a in "[仓库管理员叉车司机 ab]{0,80}",
            b in "[仓管员叉车工司机 ba]{0,80}",
        ) {
            prop_assert_eq!(dice(&a, &b), alloc_dice(&a, &b));
        }

        #[test]
        fn prepared_intents_give_the_best_title_sim(
            intents in proptest::collection::vec("[仓库管理员叉车司机 a]{0,12}", 0..5),
            title in "[仓管员叉车工司机 a]{0,70}",
        ) {
            let c = crate::model::Candidate {
                id: "p".into(),
                desired: Some(crate::model::Desired { titles: intents, ..Default::default() }),
                ..Default::default()
            };
            let p = CandidateProfile::new(&c);
            let title = crate::text::normalise::fold(&title);
            // The first intent of the highest similarity, as the ranker has always named it.
            let want = p.intents.iter().enumerate().map(|(i, t)| (title_sim(t, &title), i)).fold(
                (0.0, None),
                |acc, (s, i)| if s > acc.0 { (s, Some(i)) } else { acc },
            );
            prop_assert_eq!(p.title_fit(&title, &packed_bigrams(&title)), want);
        }
    }

    #[test]
    fn explaining_keeps_the_score_and_a_known_title_fit_changes_nothing() {
        let policy = Policy::default();
        let today = crate::model::parse_date("2026-11-21").unwrap();
        let c = candidate_from_json(
            r#"{"id":"c","groups":["migrant_worker"],"summary":"开过叉车，想找包住的活",
                "home":{"region":"江西省抚州市临川区"},"salary_min":4000,
                "needs":{"accommodation":true}}"#,
        )
        .unwrap();
        let cp = CandidateProfile::new(&c);
        for (i, (title, region, pay)) in [
            ("叉车司机", "江西省抚州市临川区", "5000-7000元/月"),
            ("仓管员", "江西省抚州市东乡区", "3000-3500元"),
            ("软件开发工程师", "北京市海淀区", "20000"),
        ]
        .iter()
        .enumerate()
        {
            let j = job_from_json(&format!(
                r#"{{"id":"j{i}","title":"{title}","description":"包吃住","salary":"{pay}",
                    "location":{{"region":"{region}"}}}}"#
            ))
            .unwrap();
            let jp = JobProfile::new(&j);
            for sem in [None, Some(0.7f32)] {
                let quiet = score(&cp, &jp, sem, None, &policy, today).unwrap();
                assert!(quiet.reasons.is_empty());
                let loud = quiet.clone().explain(&cp, &jp, &policy);
                assert_eq!(loud.score, quiet.score, "{title}");
                assert_eq!(loud.features, quiet.features, "{title}");
                assert!(!loud.reasons.is_empty(), "{title}: no reasons");
                // The batch path passes the title fit it computed once per title.
                let fit = cp
                    .intents
                    .iter()
                    .map(|i| title_sim(i, &jp.title))
                    .fold(0.0, f64::max);
                let titled = score(&cp, &jp, sem, Some(fit), &policy, today).unwrap();
                assert_eq!(titled.score, quiet.score, "{title}");
                assert_eq!(
                    profile::matched_skill_count(&cp, &jp),
                    profile::matched_skills(&cp, &jp).len()
                );
            }
        }
    }

    #[test]
    fn reasons_name_the_pay_and_the_fit() {
        let policy = Policy::default();
        let today = crate::model::parse_date("2026-11-21").unwrap();
        let c = candidate_from_json(
            r#"{"id":"c","desired":{"titles":["叉车司机"],"salary_min":4000}}"#,
        )
        .unwrap();
        let j = job_from_json(
            r#"{"id":"j","title":"叉车司机","salary":"4350-6525元/月","description":"包吃住",
                "location":{"region":"江西省抚州市临川区"}}"#,
        )
        .unwrap();
        let (cp, jp) = (CandidateProfile::new(&c), JobProfile::new(&j));
        let s = score(&cp, &jp, None, None, &policy, today)
            .unwrap()
            .explain(&cp, &jp, &policy);
        assert!(s.reasons.len() <= reasons::SHOWN, "{:?}", s.reasons);
        assert_eq!(s.reasons[0], "职位对口：叉车司机（期望/经历：叉车司机）");
        assert!(
            s.reasons
                .contains(&"薪资高于期望（4350-6525元/月）".to_string()),
            "{:?}",
            s.reasons
        );
        let expired =
            job_from_json(r#"{"id":"x","title":"叉车司机","valid_until":"2026-11-20"}"#).unwrap();
        assert!(score(&cp, &JobProfile::new(&expired), None, None, &policy, today).is_none());
    }
}
