//! The features of a (person, vacancy) pair, once: one pure function per feature over plain
//! inputs, every number they are made of read from the [`Policy`] (`engine/data/policy.toml`).
//!
//! [`pair`] computes all features of a pair from the two profiles; [`combine`] turns them into the
//! score (weighted mean over the known features, group bonuses, penalties). The ranker
//! ([`super::score`]), its explanations ([`super::reasons`]) and the roster's pre-score
//! (`roster/prescore.rs`) call these same functions, so a curve exists in one place.

use serde::Serialize;

use super::policy::{Circles, Curves, Policy, Weights};
use super::profile::{self, CandidateProfile, JobProfile, Spot};
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

// ---- one function per feature -------------------------------------------------------------

/// True when a job title is named in a person's text (the title feature of a person without
/// intents): titles of one character are too vague to count.
pub fn names_title(text: &str, title: &str) -> bool {
    title.chars().count() >= 2 && text.contains(title)
}

/// Title fit of a person without intents: `curves.title_named` when their text names the title,
/// unknown otherwise. (With intents it is [`CandidateProfile::title_fit`].)
pub fn title_named(text: &str, title: &str, curves: &Curves) -> Option<f64> {
    names_title(text, title).then_some(curves.title_named)
}

/// Skills: matched ÷ min(max(asked, offered), `skills_full_at`), at most 1.
pub fn skills(matched: usize, asked: usize, offered: usize, curves: &Curves) -> f64 {
    let denom = asked
        .max(offered)
        .clamp(1, curves.skills_full_at.max(1) as usize) as f64;
    (matched as f64 / denom).min(1.0)
}

/// Semantic similarity (cosine) clamped to `0..1`.
pub fn semantic(cosine: f64) -> f64 {
    cosine.clamp(0.0, 1.0)
}

/// Exact word agreement: the share of the job's key words the person has.
pub fn lexical(hit: usize, of: usize) -> f64 {
    hit as f64 / of as f64
}

/// The service circle around an origin: 城区 (urban) or 农村 radius.
pub fn circle_km(urban: bool, circles: &Circles) -> f64 {
    if urban {
        circles.urban_km
    } else {
        circles.rural_km
    }
}

/// How far a person reaches: their stated commute limit, else the circle plus the default reach.
pub fn reach_km(max_commute_km: Option<f64>, circle: f64, circles: &Circles) -> f64 {
    max_commute_km.unwrap_or(circle + circles.default_reach_km)
}

/// Distance decay: 1 inside the circle, falling linearly by `distance_drop` to the reach, then 0.
pub fn distance(km: f64, circle: f64, reach: f64, curves: &Curves) -> f64 {
    if km <= circle {
        1.0
    } else if km <= reach.max(circle) {
        1.0 - curves.distance_drop * (km - circle) / (reach.max(circle) - circle + 1e-9)
    } else {
        0.0
    }
}

/// The first desired region containing a place.
pub fn desired_region(desired: &[Spot], adcode: u32) -> Option<&Spot> {
    desired
        .iter()
        .find(|d| crate::text::region::contains(d.adcode, adcode))
}

/// Region: 1 inside a desired region, 0 outside, `region_unknown` when the vacancy has no place
/// (`inside = None`).
pub fn region(inside: Option<bool>, curves: &Curves) -> f64 {
    match inside {
        Some(true) => 1.0,
        Some(false) => 0.0,
        None => curves.region_unknown,
    }
}

/// Where a pay range stands against an expectation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PayFit {
    /// Even the bottom of the range meets it.
    Above,
    /// Only the top of the range reaches it.
    Reachable,
    /// The whole range is below it.
    Below,
}

/// Where the monthly range `lo..hi` stands against the expectation `want`.
pub fn pay_fit(want: f64, lo: f64, hi: f64) -> PayFit {
    if lo >= want {
        PayFit::Above
    } else if hi >= want {
        PayFit::Reachable
    } else {
        PayFit::Below
    }
}

/// Pay: 1 above the expectation, `salary_reachable` when only the top reaches it, else
/// (top ÷ expectation) × `salary_below`.
pub fn salary(want: f64, lo: f64, hi: f64, curves: &Curves) -> f64 {
    match pay_fit(want, lo, hi) {
        PayFit::Above => 1.0,
        PayFit::Reachable => curves.salary_reachable,
        PayFit::Below => (hi / want).clamp(0.0, 1.0) * curves.salary_below,
    }
}

/// Education: `(score, levels lacking)`. Met or not asked: 1; lacking: 0 and the gap (demoted by
/// [`combine`], never hidden); the person's level unknown: `education_unknown`.
pub fn education(asked: Option<EduLevel>, have: Option<EduLevel>, curves: &Curves) -> (f64, u32) {
    match (asked.filter(|e| *e > EduLevel::Any), have) {
        (None, _) => (1.0, 0),
        (Some(req), Some(have)) if have >= req => (1.0, 0),
        (Some(req), Some(have)) => (0.0, (req as i32 - have as i32).max(1) as u32),
        (Some(_), None) => (curves.education_unknown, 0),
    }
}

/// Experience: 1 when the years asked are had (or none asked), else (had ÷ asked) ×
/// `experience_below`.
pub fn experience(asked: f64, have: f64, curves: &Curves) -> f64 {
    if asked > 0.0 && have < asked {
        (have / asked).clamp(0.0, 1.0) * curves.experience_below
    } else {
        1.0
    }
}

/// Job kind: 1 when the vacancy's kind is one the person wants, else `kind_mismatch`.
pub fn kind(wanted: bool, curves: &Curves) -> f64 {
    if wanted {
        1.0
    } else {
        curves.kind_mismatch
    }
}

/// What a person needs of a vacancy.
#[derive(Debug, Clone, Copy, Default)]
pub struct Needs {
    /// Accessible work.
    pub accessible: bool,
    /// Flexible hours.
    pub flexible: bool,
    /// Accommodation.
    pub accommodation: bool,
}

/// What a vacancy offers against [`Needs`].
#[derive(Debug, Clone, Copy, Default)]
pub struct Offers {
    /// Declared accessible (`None` = not said).
    pub accessible: Option<bool>,
    /// Light physical work.
    pub light_work: bool,
    /// Flexible hours.
    pub flexible: bool,
    /// Board (包吃住, 宿舍 …).
    pub board: bool,
}

/// Needs: the mean of one score per need the person has (unknown without needs).
pub fn needs(need: Needs, offer: Offers, curves: &Curves) -> Option<f64> {
    let met = |has: bool, missing: f64| if has { 1.0 } else { missing };
    let accessible = match offer.accessible {
        Some(has) => met(has, 0.0),
        None if offer.light_work => curves.accessible_light_work,
        None => curves.accessible_unknown,
    };
    let scores = [
        need.accessible.then_some(accessible),
        need.flexible
            .then(|| met(offer.flexible, curves.flexible_missing)),
        need.accommodation
            .then(|| met(offer.board, curves.accommodation_missing)),
    ];
    let (sum, n) = scores
        .iter()
        .flatten()
        .fold((0.0f64, 0u32), |(s, n), x| (s + x, n + 1));
    (n > 0).then(|| sum / n as f64)
}

/// A person's needs.
pub fn needs_of(c: &CandidateProfile) -> Needs {
    Needs {
        accessible: c.need_accessible,
        flexible: c.need_flexible,
        accommodation: c.need_accommodation,
    }
}

/// A vacancy's offers.
pub fn offers_of(j: &JobProfile) -> Offers {
    Offers {
        accessible: j.accessible,
        light_work: j.light_work,
        flexible: j.flexible,
        board: j.board,
    }
}

// ---- group bonuses ------------------------------------------------------------------------

/// A job trait some group's policy rewards, in the order the bonuses are added.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Trait {
    /// 就业见习 place.
    Internship,
    /// No experience asked.
    EntryLevel,
    /// Employer eligible for the 一次性扩岗补助.
    Subsidy,
    /// Board.
    Board,
    /// 日结 / 零工.
    DailyPay,
    /// 劳务品牌 trade.
    Brand,
    /// 公益性岗位.
    PublicWelfare,
    /// No education or experience barrier.
    LowBarrier,
    /// Declared accessible.
    Accessible,
    /// Flexible hours.
    Flexible,
    /// In the home county or within the rural circle (depends on the pair).
    NearHome,
}

impl Trait {
    /// All traits, in bonus order.
    pub const ALL: [Trait; 11] = [
        Trait::Internship,
        Trait::EntryLevel,
        Trait::Subsidy,
        Trait::Board,
        Trait::DailyPay,
        Trait::Brand,
        Trait::PublicWelfare,
        Trait::LowBarrier,
        Trait::Accessible,
        Trait::Flexible,
        Trait::NearHome,
    ];

    /// This trait as a bit of a trait set.
    pub const fn bit(self) -> u16 {
        1 << self as u8
    }

    fn amount(self, b: &super::policy::Bonuses) -> f64 {
        match self {
            Trait::Internship => b.internship,
            Trait::EntryLevel => b.entry_level,
            Trait::Subsidy => b.expansion_subsidy,
            Trait::Board => b.board,
            Trait::DailyPay => b.daily_pay,
            Trait::Brand => b.labour_brand,
            Trait::PublicWelfare => b.public_welfare,
            Trait::LowBarrier => b.low_barrier,
            Trait::Accessible => b.accessible,
            Trait::Flexible => b.flexible,
            Trait::NearHome => b.near_home,
        }
    }
}

/// The largest group bonus a person can earn under `policy`: every trait once, at the largest
/// amount any group gives for it (the bound of [`crate::present::max_score`]).
pub fn max_bonus(policy: &Policy) -> f64 {
    Trait::ALL
        .iter()
        .map(|t| {
            policy
                .groups
                .values()
                .map(|b| t.amount(b))
                .fold(0.0, f64::max)
        })
        .sum()
}

/// The traits of a vacancy that do not depend on the person (all but [`Trait::NearHome`]).
pub fn job_traits(j: &JobProfile) -> u16 {
    [
        (j.kind == JobKind::Internship, Trait::Internship),
        (j.entry_level, Trait::EntryLevel),
        (j.subsidy, Trait::Subsidy),
        (j.board, Trait::Board),
        (j.daily_pay, Trait::DailyPay),
        (j.brand.is_some(), Trait::Brand),
        (j.kind == JobKind::PublicWelfare, Trait::PublicWelfare),
        (j.low_barrier, Trait::LowBarrier),
        (j.accessible == Some(true), Trait::Accessible),
        (j.flexible, Trait::Flexible),
    ]
    .iter()
    .filter(|(has, _)| *has)
    .fold(0, |bits, (_, t)| bits | t.bit())
}

/// Near home: the vacancy is in the person's home county, or within the rural circle.
pub fn near_home(home_county: bool, km: Option<f64>, circles: &Circles) -> bool {
    home_county || km.is_some_and(|k| k <= circles.rural_km)
}

/// The bonuses a person's groups earn, each trait once: from the first group (in the person's
/// order) with a positive amount for it, kept in the order they are added (group by group, trait
/// by trait) so the sum is the same to the last bit wherever it is taken.
#[derive(Debug, Clone, Copy, Default)]
pub struct BonusTable {
    entries: [(u8, f64, u8); 11],
    len: usize,
}

impl BonusTable {
    /// The table of `groups` under `policy`.
    pub fn new(groups: &[Group], policy: &Policy) -> BonusTable {
        let mut t = BonusTable::default();
        let mut seen = 0u16;
        for (gi, g) in groups.iter().enumerate() {
            let Some(b) = policy.groups.get(g) else {
                continue;
            };
            for tr in Trait::ALL {
                let amount = tr.amount(b);
                if amount > 0.0 && seen & tr.bit() == 0 {
                    seen |= tr.bit();
                    t.entries[t.len] = (tr as u8, amount, gi.min(255) as u8);
                    t.len += 1;
                }
            }
        }
        t
    }

    /// `(trait, amount, index of the group in the person's list)` of each bonus whose trait is in
    /// `traits`, in the order they are added.
    pub fn applied(&self, traits: u16) -> impl Iterator<Item = (Trait, f64, usize)> + '_ {
        self.entries[..self.len]
            .iter()
            .map(|&(t, a, g)| (Trait::ALL[t as usize], a, g as usize))
            .filter(move |(t, _, _)| traits & t.bit() != 0)
    }

    /// The sum of the bonuses whose trait is in `traits`.
    pub fn total(&self, traits: u16) -> f64 {
        self.applied(traits).fold(0.0, |s, (_, a, _)| s + a)
    }
}

// ---- the features of a pair, and the score ------------------------------------------------

/// The origin distances are measured from: home, else the first desired place.
pub fn origin(c: &CandidateProfile) -> Option<&Spot> {
    c.home.as_ref().or(c.desired.first())
}

/// True when a vacancy placed at `place` (a place code) lies in the county of `home`.
pub fn in_home_county(home: Option<&Spot>, place: Option<u32>) -> bool {
    home.zip(place)
        .is_some_and(|(h, p)| h.adcode % 100 != 0 && p == h.adcode)
}

/// All features of a pair. `semantic` is the cosine of the two records' vectors, if known;
/// `title_fit`, if given, must be `c.title_fit(&j.title, ..).0` (callers that score many
/// vacancies of one title compute it once).
pub fn pair(
    c: &CandidateProfile,
    j: &JobProfile,
    sem: Option<f32>,
    title_fit: Option<f64>,
    policy: &Policy,
) -> Features {
    let curves = &policy.curves;
    let title = if !c.intents.is_empty() {
        Some(title_fit.unwrap_or_else(|| c.title_fit(&j.title, &j.title_grams).0))
    } else {
        title_named(&c.text, &j.title, curves)
    };
    let mut f = Features {
        title,
        ..Features::default()
    };
    if !j.skills.is_empty() || !c.terms.is_empty() {
        let n = profile::matched_skill_count(c, j);
        f.skills = Some(skills(n, j.skills.len(), c.terms.len(), curves));
    }
    f.semantic = sem.map(|s| semantic(s as f64));
    if !j.key_words.is_empty() && !c.words.is_empty() {
        let hit = j
            .key_words
            .iter()
            .zip(&j.key_hashes)
            .filter(|(k, h)| c.has_word(k, **h))
            .count();
        f.lexical = Some(lexical(hit, j.key_words.len()));
    }
    if let (Some(o), Some(p)) = (origin(c), j.place.as_ref()) {
        if o.precise && p.precise {
            let km = crate::text::region::distance_km((o.lat, o.lon), (p.lat, p.lon));
            let circle = circle_km(o.urban, &policy.circles);
            let reach = reach_km(c.max_commute_km, circle, &policy.circles);
            f.km = Some(km);
            f.distance = Some(distance(km, circle, reach, curves));
            f.beyond_commute = c.max_commute_km.is_some_and(|m| km > m);
        }
    }
    if !c.desired.is_empty() {
        let inside = j
            .place
            .as_ref()
            .map(|p| desired_region(&c.desired, p.adcode).is_some());
        f.region = Some(region(inside, curves));
    }
    if let (Some(want), Some((lo, hi))) = (c.salary_min, j.pay) {
        f.salary = Some(salary(want, lo, hi, curves));
    }
    let (edu, gap) = education(j.edu, c.edu, curves);
    f.education = Some(edu);
    f.education_gap = gap;
    f.experience = Some(experience(j.exp, c.exp, curves));
    if !c.kinds.is_empty() {
        f.kind = Some(kind(c.kinds.contains(&j.kind), curves));
    }
    f.needs = needs(needs_of(c), offers_of(j), curves);
    let home_county = in_home_county(c.home.as_ref(), j.place.as_ref().map(|p| p.adcode));
    let near = near_home(home_county, f.km, &policy.circles);
    let traits = job_traits(j) | if near { Trait::NearHome.bit() } else { 0 };
    f.bonus = BonusTable::new(&c.groups, policy).total(traits);
    f
}

/// The weighted mean of the known features.
pub fn mean(f: &Features, w: &Weights) -> f64 {
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
    if den > 0.0 {
        num / den
    } else {
        0.0
    }
}

/// The score of a pair's features (not rounded): the weighted mean, plus the group bonus, less the
/// 公益性岗位 penalty for someone outside its groups (`welfare_barred`), times the education-gap
/// and beyond-commute multipliers.
pub fn combine(f: &Features, welfare_barred: bool, policy: &Policy) -> f64 {
    let mut s = mean(f, &policy.weights);
    s += f.bonus;
    if welfare_barred {
        s -= policy.penalties.public_welfare_not_eligible;
    }
    if f.education_gap > 0 {
        s *= (1.0 - policy.penalties.education_gap * f.education_gap as f64)
            .max(policy.penalties.education_floor);
    }
    if f.beyond_commute {
        s *= policy.circles.beyond_commute_factor;
    }
    s
}

/// True when a 公益性岗位 is shown to someone outside the groups it is reserved for.
pub fn welfare_barred(kind: JobKind, c: &CandidateProfile) -> bool {
    kind == JobKind::PublicWelfare && !c.public_welfare_eligible()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn curves_read_the_policy() {
        let p = Policy::default();
        let c = &p.curves;
        assert_eq!(distance(3.0, 5.0, 65.0, c), 1.0);
        assert!((distance(35.0, 5.0, 65.0, c) - 0.65).abs() < 1e-6);
        assert_eq!(distance(66.0, 5.0, 65.0, c), 0.0);
        assert_eq!(salary(4000.0, 4500.0, 6000.0, c), 1.0);
        assert_eq!(salary(4000.0, 3500.0, 4200.0, c), c.salary_reachable);
        assert_eq!(salary(4000.0, 2000.0, 3000.0, c), 0.75 * c.salary_below);
        assert_eq!(
            education(Some(EduLevel::Bachelor), Some(EduLevel::SeniorHigh), c).1,
            EduLevel::Bachelor as u32 - EduLevel::SeniorHigh as u32
        );
        assert_eq!(
            education(Some(EduLevel::Bachelor), None, c).0,
            c.education_unknown
        );
        assert_eq!(experience(2.0, 1.0, c), 0.5 * c.experience_below);
        assert_eq!(skills(1, 5, 0, c), 1.0 / 3.0);
        assert_eq!(region(None, c), c.region_unknown);
        let need = Needs {
            accessible: true,
            accommodation: true,
            ..Default::default()
        };
        assert_eq!(
            needs(need, Offers::default(), c),
            Some((c.accessible_unknown + c.accommodation_missing) / 2.0)
        );
        assert_eq!(needs(Needs::default(), Offers::default(), c), None);
    }

    #[test]
    fn each_bonus_counts_once_from_the_first_group_that_gives_it() {
        let p = Policy::default();
        let groups = [Group::Disabled, Group::HardToEmploy, Group::MigrantWorker];
        let t = BonusTable::new(&groups, &p);
        let all = Trait::ALL.iter().fold(0, |b, t| b | t.bit());
        let got: Vec<(Trait, f64, usize)> = t.applied(all).collect();
        let d = p.bonuses(Group::Disabled);
        assert!(got.contains(&(Trait::Accessible, d.accessible, 0)));
        assert!(got.contains(&(Trait::Board, p.bonuses(Group::MigrantWorker).board, 2)));
        assert_eq!(got.iter().filter(|e| e.0 == Trait::NearHome).count(), 1);
        assert_eq!(
            t.total(Trait::Board.bit()),
            p.bonuses(Group::MigrantWorker).board
        );
        assert_eq!(t.total(0), 0.0);
    }
}
