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
pub mod flags;
pub mod policy;
mod profile;

use serde::Serialize;

pub use policy::Policy;
pub use profile::{spot, CandidateProfile, JobProfile, Spot};

use crate::model::{Group, JobKind};
use crate::text::education::EduLevel;

/// The fit features of one pair. `None` = not computable for this pair (left out of the mean).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Features {
    /// Occupation/title fit.
    pub title: Option<f64>,
    /// Skills and certificates overlap.
    pub skills: Option<f64>,
    /// Semantic (vector) similarity.
    pub semantic: Option<f64>,
    /// Exact word agreement.
    pub lexical: Option<f64>,
    /// Distance against the service circle and commute limit.
    pub distance: Option<f64>,
    /// Inside a desired region.
    pub region: Option<f64>,
    /// Pay against expectation.
    pub salary: Option<f64>,
    /// Education feasibility.
    pub education: Option<f64>,
    /// Experience feasibility.
    pub experience: Option<f64>,
    /// Job kind wanted.
    pub kind: Option<f64>,
    /// Needs met.
    pub needs: Option<f64>,
    /// Kilometres between home (or desired place) and the job, when both are known.
    pub km: Option<f64>,
    /// Beyond the person's stated max_commute_km.
    pub beyond_commute: bool,
    /// Education levels the person lacks (0 = meets it).
    pub education_gap: u32,
    /// Group policy bonus applied.
    pub bonus: f64,
}

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

/// A rounded amount as `format!("{}", x)` writes it, through integer formatting (cheaper than a
/// float's) when it is a whole number in range.
fn whole(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 && !(x == 0.0 && x.is_sign_negative()) {
        (x as i64).to_string()
    } else {
        format!("{x}")
    }
}

fn fmt_pay(min: f64, max: f64) -> String {
    let f = |x: f64| whole((x / 100.0).round() * 100.0);
    if (max - min).abs() < 1.0 {
        format!("{}元/月", f(min))
    } else {
        format!("{}-{}元/月", f(min), f(max))
    }
}

fn km_text(km: f64) -> String {
    if km < 1.0 {
        "不到1公里".to_string()
    } else {
        format!("约{}公里", whole(km.round()))
    }
}

/// Reasons gathered while scoring, written out only when the caller wants them: formatting
/// Chinese text for hundreds of pairs that will not be shown would cost more than scoring them.
struct Reasons {
    explain: bool,
    v: Vec<(f64, String)>,
}

impl Reasons {
    fn add(&mut self, weight: f64, text: impl FnOnce() -> String) {
        if self.explain {
            self.v.push((weight, text()));
        }
    }
}

/// Score one pair. Returns `None` when the vacancy must never be shown (expired on `today`).
/// `semantic` is the cosine similarity of the two records' vectors, if the caller has them.
pub fn score(
    c: &CandidateProfile,
    j: &JobProfile,
    semantic: Option<f32>,
    policy: &Policy,
    today: i64,
) -> Option<Scored> {
    score_with(c, j, semantic, None, policy, today, true)
}

/// As [`score`] with the same score and features but no reasons (empty): for ranking a large
/// pool before explaining the few that are shown.
pub fn score_quiet(
    c: &CandidateProfile,
    j: &JobProfile,
    semantic: Option<f32>,
    policy: &Policy,
    today: i64,
) -> Option<Scored> {
    score_with(c, j, semantic, None, policy, today, false)
}

/// As [`score_quiet`] for a caller that already knows the title fit: `title_fit` must be
/// `max over c.intents of title_sim(intent, j.title)` (it is used only when the person has
/// intents). Batch edge generation computes it once per distinct title and area.
pub fn score_quiet_titled(
    c: &CandidateProfile,
    j: &JobProfile,
    semantic: Option<f32>,
    title_fit: f64,
    policy: &Policy,
    today: i64,
) -> Option<Scored> {
    score_with(c, j, semantic, Some(title_fit), policy, today, false)
}

fn score_with(
    c: &CandidateProfile,
    j: &JobProfile,
    semantic: Option<f32>,
    title_fit: Option<f64>,
    policy: &Policy,
    today: i64,
    explain: bool,
) -> Option<Scored> {
    if j.valid_until.is_some_and(|d| d < today) {
        return None;
    }
    let mut f = Features::default();
    let mut reasons = Reasons {
        explain,
        v: Vec::new(),
    };
    let w = &policy.weights;

    // Occupation/title fit: the best of the person's intents against the title.
    if let (Some(best), false, false) = (title_fit, c.intents.is_empty(), explain) {
        f.title = Some(best);
    } else if !c.intents.is_empty() {
        let (best, which) = c.title_fit(&j.title, &j.title_grams);
        f.title = Some(best);
        if best >= 0.5 {
            let which = which.map(|i| c.intents[i].as_str()).unwrap_or("");
            reasons.add(w.title * best, || {
                format!("职位对口：{}（期望/经历：{}）", j.display_title, which)
            });
        }
    } else if j.title.chars().count() >= 2 && c.text.contains(&j.title) {
        f.title = Some(0.8);
        reasons.add(w.title * 0.8, || {
            format!("简历中提到「{}」", j.display_title)
        });
    }

    // Skills and certificates on both sides.
    if !j.skills.is_empty() || !c.terms.is_empty() {
        let matched = if explain {
            profile::matched_skills(c, j)
        } else {
            Vec::new()
        };
        let n = if explain {
            matched.len()
        } else {
            profile::matched_skill_count(c, j)
        };
        let denom = j.skills.len().max(c.terms.len()).clamp(1, 3) as f64;
        let s = (n as f64 / denom).min(1.0);
        f.skills = Some(s);
        if !matched.is_empty() {
            let shown: Vec<&str> = matched.iter().take(3).map(String::as_str).collect();
            reasons.add(w.skills * s + 0.01, || {
                format!("技能匹配：{}", shown.join("、"))
            });
        }
    }

    if let Some(sim) = semantic {
        let s = (sim as f64).clamp(0.0, 1.0);
        f.semantic = Some(s);
        if s >= 0.55 && f.title.unwrap_or(0.0) < 0.5 {
            reasons.add(w.semantic * s * 0.5, || {
                format!("经历与岗位内容相近（语义相似度{:.2}）", s)
            });
        }
    }

    // Exact word agreement on the job's title and skill words.
    if !j.key_words.is_empty() && !c.words.is_empty() {
        let hit = j
            .key_words
            .iter()
            .zip(&j.key_hashes)
            .filter(|(k, h)| c.has_word(k, **h))
            .count();
        f.lexical = Some(hit as f64 / j.key_words.len() as f64);
    }

    // Distance from home (or the desired place) against the service circle.
    let origin = c.home.as_ref().or(c.desired.first());
    if let (Some(o), Some(p)) = (origin, j.place.as_ref()) {
        if o.precise && p.precise {
            let km = crate::text::region::distance_km((o.lat, o.lon), (p.lat, p.lon));
            f.km = Some(km);
            let circle = if o.urban {
                policy.circles.urban_km
            } else {
                policy.circles.rural_km
            };
            let reach = c
                .max_commute_km
                .unwrap_or(circle + policy.circles.default_reach_km);
            let s = if km <= circle {
                1.0
            } else if km <= reach.max(circle) {
                1.0 - 0.7 * (km - circle) / (reach.max(circle) - circle + 1e-9)
            } else {
                0.0
            };
            f.distance = Some(s);
            if c.max_commute_km.is_some_and(|m| km > m) {
                f.beyond_commute = true;
                reasons.add(-1.0, || {
                    format!(
                        "注意：距离{}，超出通勤上限{}公里",
                        km_text(km),
                        whole(c.max_commute_km.unwrap_or(0.0).round())
                    )
                });
            } else if km <= circle {
                let circle_name = if o.urban {
                    "城区15分钟就业服务圈"
                } else {
                    "15公里就业服务网"
                };
                let from = if c.home.is_some() {
                    "距家"
                } else {
                    "距期望地点"
                };
                reasons.add(w.distance * 1.2, || {
                    format!("{from}{}，在{circle_name}内", km_text(km))
                });
            } else {
                let from = if c.home.is_some() {
                    "距家"
                } else {
                    "距期望地点"
                };
                reasons.add(w.distance * s * 0.5, || format!("{from}{}", km_text(km)));
            }
        }
    }

    if !c.desired.is_empty() {
        if let Some(p) = &j.place {
            let inside = c
                .desired
                .iter()
                .find(|d| crate::text::region::contains(d.adcode, p.adcode));
            f.region = Some(if inside.is_some() { 1.0 } else { 0.0 });
            if let Some(d) = inside {
                reasons.add(w.region * 0.8, || format!("位于期望地区{}", d.name));
            }
        } else {
            f.region = Some(0.3);
        }
    }

    if let Some(want) = c.salary_min {
        if let Some((lo, hi)) = j.pay {
            let s = if lo >= want {
                reasons.add(w.salary, || format!("薪资高于期望（{}）", fmt_pay(lo, hi)));
                1.0
            } else if hi >= want {
                reasons.add(w.salary * 0.7, || {
                    format!("薪资可达期望（{}）", fmt_pay(lo, hi))
                });
                0.8
            } else {
                (hi / want).clamp(0.0, 1.0) * 0.6
            };
            f.salary = Some(s);
        }
    } else if let Some((lo, hi)) = j.pay {
        reasons.add(0.2, || format!("薪资{}", fmt_pay(lo, hi)));
    }

    // Education: a job that asks for more than the person has is demoted, not hidden.
    if let Some(req) = j.edu.filter(|e| *e > EduLevel::Any) {
        match c.edu {
            Some(have) if have >= req => {
                f.education = Some(1.0);
            }
            Some(have) => {
                let gap = (req as i32 - have as i32).max(1) as u32;
                f.education_gap = gap;
                f.education = Some(0.0);
                reasons.add(-0.5, || format!("注意：要求{}，高于本人学历", req.label()));
            }
            None => f.education = Some(0.6),
        }
    } else {
        f.education = Some(1.0);
    }

    if j.exp > 0.0 {
        let have = c.exp;
        let s = if have >= j.exp {
            1.0
        } else {
            (have / j.exp).clamp(0.0, 1.0) * 0.7
        };
        f.experience = Some(s);
        if have >= j.exp && have > 0.0 {
            reasons.add(w.experience * 0.5, || {
                format!("经验符合（要求{}年）", j.exp)
            });
        }
    } else {
        f.experience = Some(1.0);
    }

    if !c.kinds.is_empty() {
        let ok = c.kinds.contains(&j.kind);
        f.kind = Some(if ok { 1.0 } else { 0.3 });
        if ok && j.kind != JobKind::FullTime {
            reasons.add(w.kind * 0.6, || format!("岗位类型相符：{}", j.kind.label()));
        }
    }

    // Needs: accessible work, flexible hours, accommodation.
    // (sum, count) of the need scores.
    let mut needs = (0.0f64, 0u32);
    let mut need = |s: f64| {
        needs.0 += s;
        needs.1 += 1;
    };
    if c.need_accessible {
        need(match j.accessible {
            Some(true) => {
                reasons.add(w.needs * 1.1, || "无障碍岗位，适合残疾人".to_string());
                1.0
            }
            Some(false) => 0.0,
            None => {
                if j.light_work {
                    0.6
                } else {
                    0.3
                }
            }
        });
    }
    if c.need_flexible {
        need(if j.flexible {
            reasons.add(w.needs * 0.9, || "工作时间灵活".to_string());
            1.0
        } else {
            0.3
        });
    }
    if c.need_accommodation {
        need(if j.board {
            reasons.add(w.needs * 0.9, || format!("提供住宿（{}）", j.board_label));
            1.0
        } else {
            0.2
        });
    }
    if needs.1 > 0 {
        f.needs = Some(needs.0 / needs.1 as f64);
    }

    // Weighted mean over the known features.
    let pairs = [
        (f.title, w.title),
        (f.skills, w.skills),
        (f.semantic, w.semantic),
        (f.lexical, w.lexical),
        (f.distance, w.distance),
        (f.region, w.region),
        (f.salary, w.salary),
        (f.education, w.education),
        (f.experience, w.experience),
        (f.kind, w.kind),
        (f.needs, w.needs),
    ];
    let (num, den) = pairs
        .iter()
        .filter_map(|(v, w)| v.map(|v| (v * w, *w)))
        .fold((0.0, 0.0), |a, b| (a.0 + b.0, a.1 + b.1));
    let mut s = if den > 0.0 { num / den } else { 0.0 };

    // Group policy bonuses.
    let bonus = group_bonus(c, j, f.km, policy, &mut reasons);
    f.bonus = bonus;
    s += bonus;
    if j.kind == JobKind::PublicWelfare && !c.public_welfare_eligible() {
        s -= policy.penalties.public_welfare_not_eligible;
    }
    if f.education_gap > 0 {
        s *= (1.0 - policy.penalties.education_gap * f.education_gap as f64).max(0.1);
    }
    if f.beyond_commute {
        s *= policy.circles.beyond_commute_factor;
    }

    reasons.v.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut out: Vec<String> = Vec::new();
    // Warnings always kept; otherwise the strongest few.
    for (wgt, r) in &reasons.v {
        if out.contains(r) {
            continue;
        }
        if *wgt < 0.0 || out.len() < 4 {
            out.push(r.clone());
        }
    }
    Some(Scored {
        score: (s.max(0.0) * 10_000.0).round() / 10_000.0,
        reasons: out,
        features: f,
    })
}

fn group_bonus(
    c: &CandidateProfile,
    j: &JobProfile,
    km: Option<f64>,
    policy: &Policy,
    reasons: &mut Reasons,
) -> f64 {
    let mut total = 0.0;
    // Each bonus counts once whatever the number of groups earning it: the keys already given
    // (on the stack: this runs for every vacancy in the pool).
    let mut said: [&'static str; 16] = [""; 16];
    let mut n_said = 0usize;
    let mut add =
        |amount: f64, key: &'static str, text: &dyn Fn() -> String, reasons: &mut Reasons| {
            if amount > 0.0 && !said[..n_said].contains(&key) {
                if n_said < said.len() {
                    said[n_said] = key;
                    n_said += 1;
                }
                total += amount;
                reasons.add(amount * 20.0, text);
            }
        };
    for g in &c.groups {
        let b = policy.bonuses(*g);
        let who = g.label();
        if j.kind == JobKind::Internship {
            add(
                b.internship,
                "internship",
                &|| format!("就业见习岗位，适合{who}"),
                reasons,
            );
        }
        if j.entry_level {
            add(
                b.entry_level,
                "entry",
                &|| "无经验要求，适合初入职场".to_string(),
                reasons,
            );
        }
        if j.subsidy {
            add(
                b.expansion_subsidy,
                "subsidy",
                &|| "单位可享一次性扩岗补助".to_string(),
                reasons,
            );
        }
        if j.board {
            add(
                b.board,
                "board",
                &|| format!("{}，适合外出务工", j.board_label),
                reasons,
            );
        }
        if j.daily_pay {
            add(
                b.daily_pay,
                "daily",
                &|| "日结/零工，收入及时".to_string(),
                reasons,
            );
        }
        if let Some(brand) = j.brand {
            add(
                b.labour_brand,
                "brand",
                &|| format!("劳务品牌：{brand}"),
                reasons,
            );
        }
        if j.kind == JobKind::PublicWelfare {
            add(
                b.public_welfare,
                "welfare",
                &|| format!("公益性岗位，优先安置{who}"),
                reasons,
            );
        }
        if j.low_barrier {
            add(
                b.low_barrier,
                "low",
                &|| "入职门槛低（学历、经验不限）".to_string(),
                reasons,
            );
        }
        if j.accessible == Some(true) {
            add(
                b.accessible,
                "access",
                &|| "无障碍岗位，适合残疾人".to_string(),
                reasons,
            );
        }
        if j.flexible {
            add(b.flexible, "flex", &|| "工作时间灵活".to_string(), reasons);
        }
        let home_county = c
            .home
            .as_ref()
            .zip(j.place.as_ref())
            .is_some_and(|(h, p)| h.adcode % 100 != 0 && p.adcode == h.adcode);
        if home_county || km.is_some_and(|k| k <= policy.circles.rural_km) {
            add(b.near_home, "near", &|| "就近就地就业".to_string(), reasons);
        }
    }
    total
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
    fn whole_amounts_read_as_float_formatting_writes_them() {
        for x in [
            0.0,
            1.0,
            7000.0,
            12345.0,
            1e14,
            -3.0,
            2.5,
            -0.0,
            1e20,
            f64::NAN,
            f64::INFINITY,
        ] {
            assert_eq!(whole(x), format!("{x}"), "{x}");
        }
    }

    #[test]
    fn quiet_score_equals_explained_score() {
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
                let loud = score(&cp, &jp, sem, &policy, today).unwrap();
                let quiet = score_quiet(&cp, &jp, sem, &policy, today).unwrap();
                assert_eq!(loud.score, quiet.score, "{title}");
                // The batch path passes the title fit it computed once per title.
                let fit = cp
                    .intents
                    .iter()
                    .map(|i| title_sim(i, &jp.title))
                    .fold(0.0, f64::max);
                let titled = score_quiet_titled(&cp, &jp, sem, fit, &policy, today).unwrap();
                assert_eq!(titled.score, quiet.score, "{title}");
                assert_eq!(
                    profile::matched_skill_count(&cp, &jp),
                    profile::matched_skills(&cp, &jp).len()
                );
                assert!(quiet.reasons.is_empty());
                assert!(!loud.reasons.is_empty(), "{title}: no reasons");
            }
        }
    }
}
