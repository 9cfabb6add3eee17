//! What the ranker knows about each side, derived once per record from the original text:
//! normalised words, parsed education, pay, place and the job traits the policies care about.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock, RwLock};

use serde::Serialize;

use crate::fulltext::JobQuery;
use crate::model::{Candidate, Group, Job, JobKind, Location};
use crate::text::chinese::Segmenter;
use crate::text::education::EduLevel;
use crate::text::normalise::{clean, fold};
use crate::text::region;

/// A resolved place.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Spot {
    /// Administrative code (province/city/county).
    pub adcode: u32,
    /// Name shown in reasons.
    pub name: String,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// City district (城区) rather than a county: decides the service circle.
    pub urban: bool,
    /// Known to county level or by coordinates: good enough for a distance.
    pub precise: bool,
}

/// Resolve a record's location to a [`Spot`]: coordinates win, then the adcode, then the text.
pub fn spot(loc: &Location) -> Option<Spot> {
    let from_code = loc
        .adcode
        .as_deref()
        .and_then(|a| a.parse::<u32>().ok())
        .and_then(region::by_adcode);
    let place = from_code.or_else(|| loc.region.as_deref().and_then(region::resolve));
    let coords = loc.lat.zip(loc.lon);
    match (place, coords) {
        (Some(p), c) => {
            let county = matches!(p.level, region::Level::County);
            let (lat, lon) = c.unwrap_or((p.lat, p.lon));
            Some(Spot {
                adcode: p.adcode,
                name: p.name.to_string(),
                lat,
                lon,
                urban: region::is_urban(p.adcode),
                precise: county || c.is_some(),
            })
        }
        (None, Some((lat, lon))) => Some(Spot {
            adcode: 0,
            name: loc.region.clone().unwrap_or_default(),
            lat,
            lon,
            urban: true,
            precise: true,
        }),
        (None, None) => None,
    }
}

/// Derived view of a vacancy.
#[derive(Debug, Clone, Serialize)]
pub struct JobProfile {
    /// Folded title.
    pub title: String,
    /// Title as written (for reasons).
    pub display_title: String,
    /// The title's character bigrams, sorted (see [`super::IntentTitles`]).
    #[serde(skip)]
    pub(crate) title_grams: Vec<u64>,
    /// Folded title, skills, benefits and description.
    pub text: String,
    /// Folded skill tags.
    pub skills: Vec<String>,
    /// Sorted words of title and skills.
    pub key_words: Vec<String>,
    /// [`word_hash`] of each of [`Self::key_words`], in the same order: the ranker compares
    /// numbers first and a word only when they agree (derive a new profile rather than editing
    /// the words).
    #[serde(skip)]
    pub(crate) key_hashes: Vec<u64>,
    /// Where.
    pub place: Option<Spot>,
    /// Education asked.
    pub edu: Option<EduLevel>,
    /// Years of experience asked.
    pub exp: f64,
    /// Monthly pay range (面议 = None; one stated bound stands for both).
    pub pay: Option<(f64, f64)>,
    /// The monthly pay bounds as stated, for [`crate::text::salary::pay_text`].
    #[serde(skip)]
    pub(crate) stated_pay: (Option<f64>, Option<f64>),
    /// Kind.
    pub kind: JobKind,
    /// 包吃住 / 包住 / 提供住宿.
    pub board: bool,
    /// How the board is written.
    pub board_label: String,
    /// 日结 / 零工.
    pub daily_pay: bool,
    /// Flexible hours or part-time.
    pub flexible: bool,
    /// Declared accessible.
    pub accessible: Option<bool>,
    /// Light physical work.
    pub light_work: bool,
    /// 劳务品牌 named.
    pub brand: Option<&'static str>,
    /// Employer eligible for the 一次性扩岗补助 (stated in the posting).
    pub subsidy: bool,
    /// No experience asked and no degree above 本科.
    pub entry_level: bool,
    /// No education or experience barrier.
    pub low_barrier: bool,
    /// Last valid day (days since epoch).
    pub valid_until: Option<i64>,
    /// The worst recruitment-trap risk the posting screen found ([`crate::screen`]), if any.
    pub risk: Option<crate::screen::Severity>,
    /// The screen found a trap or fee phrase (any severity) or a medium or high risk: never put on
    /// a livestream.
    pub off_air: bool,
}

/// Labour brands (劳务品牌) of the seed regions and well-known national ones.
pub const LABOUR_BRANDS: &[&str] = &[
    "资溪面包",
    "临川建筑",
    "广昌物流",
    "新田保姆",
    "南城建筑",
    "东乡家政",
    "崇仁麻鸡",
    "南丰蜜桔",
    "宜春月嫂",
    "樟树药工",
    "丰城建筑",
    "万载花炮",
    "扬州修脚",
    "扬州厨师",
    "扬州沐浴",
    "永州保姆",
    "江永家政",
    "祁阳家政",
    "南和宠物",
    "邢台家政",
    "兴国表嫂",
    "沙县小吃",
    "兰州拉面",
    "川妹子",
    "吕梁山护工",
    "康乃馨家政",
    "鲁班建筑",
    "赣南脐橙",
];

fn any(text: &str, words: &[&str]) -> bool {
    words.iter().any(|w| text.contains(w))
}

/// A word's 64-bit hash for fast inequality tests: equal words have equal hashes, and a match of
/// hashes is always confirmed on the words themselves.
pub(crate) fn word_hash(w: &str) -> u64 {
    use std::hash::BuildHasher;
    std::hash::BuildHasherDefault::<rustc_hash::FxHasher>::default().hash_one(w)
}

fn words_sorted(seg: &Segmenter, text: &str) -> Vec<String> {
    let mut w = seg.words(text);
    w.retain(|x| profile_word(x));
    w.sort_unstable();
    w.dedup();
    w
}

/// The words a profile keeps: two characters or more, or a Latin/digit token (c1, plc).
fn profile_word(x: &str) -> bool {
    x.chars().nth(1).is_some() || x.chars().all(|c| c.is_ascii_alphanumeric())
}

/// What part of a person's record a text is, for the query for vacancies.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Title,
    Skill,
    Major,
    Text,
}

impl Role {
    fn feed(self, q: &mut JobQuery, folded: &str, words: &[&str]) {
        match self {
            Role::Title => q.title(folded, words),
            Role::Skill => q.skill(folded, words),
            Role::Major => q.major(folded, words),
            Role::Text => q.text(words),
        }
    }
}

impl JobProfile {
    /// Derive from a job.
    pub fn new(j: &Job) -> JobProfile {
        let risks = crate::screen::screen(j);
        let seg = Segmenter::global();
        let title = fold(&j.title);
        let skills: Vec<String> = j
            .skills
            .iter()
            .map(|s| fold(s))
            .filter(|s| !s.is_empty())
            .collect();
        let benefits = fold(&j.benefits.join(" "));
        let desc = j.description.as_deref().map(clean).unwrap_or_default();
        let text = format!("{title} {} {benefits} {desc}", skills.join(" "));
        let key_words = words_sorted(seg, &format!("{title} {}", skills.join(" ")));
        let edu = j.education.as_deref().and_then(EduLevel::parse);
        let exp = j.experience_years.unwrap_or(0.0);
        let pay = j.salary.as_ref().and_then(|s| match (s.min, s.max) {
            (Some(a), Some(b)) => Some((a, b)),
            (Some(a), None) => Some((a, a)),
            (None, Some(b)) => Some((b, b)),
            _ => None,
        });
        let board_label = ["包吃住", "包住", "提供住宿", "免费住宿", "员工宿舍", "宿舍"]
            .iter()
            .find(|w| text.contains(*w))
            .map(|w| w.to_string())
            .unwrap_or_default();
        let flexible = matches!(j.kind, JobKind::PartTime | JobKind::Gig)
            || any(
                &text,
                &[
                    "弹性工作",
                    "弹性时间",
                    "时间灵活",
                    "时间自由",
                    "灵活就业",
                    "居家",
                    "可兼职",
                    "宝妈",
                ],
            );
        let daily_pay = j.kind == JobKind::Gig || any(&text, &["日结", "周结", "零工", "按天结算"]);
        let brand = LABOUR_BRANDS.iter().copied().find(|b| text.contains(*b));
        let edu_ok_entry = edu.is_none_or(|e| e <= EduLevel::Bachelor);
        let low_edu = edu.is_none_or(|e| e <= EduLevel::JuniorHigh);
        JobProfile {
            display_title: j.title.clone(),
            title_grams: super::packed_bigrams(&title),
            skills,
            key_hashes: key_words.iter().map(|w| word_hash(w)).collect(),
            key_words,
            place: j.location.as_ref().and_then(spot),
            edu,
            exp,
            pay,
            stated_pay: j.salary.as_ref().map_or((None, None), |s| (s.min, s.max)),
            kind: j.kind,
            board: !board_label.is_empty(),
            board_label,
            daily_pay,
            flexible,
            accessible: j.accessible,
            light_work: any(
                &text,
                &[
                    "轻体力",
                    "坐班",
                    "手工",
                    "客服",
                    "文员",
                    "话务",
                    "收银",
                    "门卫",
                    "保洁",
                    "公益性",
                ],
            ),
            brand,
            subsidy: any(&text, &["扩岗补助", "吸纳高校毕业生", "吸纳毕业生"]),
            entry_level: exp <= 0.0 && edu_ok_entry,
            low_barrier: exp <= 0.0 && low_edu,
            valid_until: j.valid_until.as_deref().and_then(crate::model::parse_date),
            risk: crate::screen::worst(&risks),
            off_air: risks.iter().any(|r| {
                matches!(r.kind, "trap" | "fee") || r.severity >= crate::screen::Severity::Medium
            }),
            title,
            text,
        }
    }
}

/// Distinct needles [`shared_finder`] keeps; past it, new ones get a searcher of their own.
const SHARED_FINDERS: usize = 200_000;

/// A substring searcher for `needle`, shared by every profile that asks for the same one.
///
/// A searcher is about 300 bytes and a person has a dozen (intents, skills, certificates), drawn
/// from a vocabulary of occupations and skills far smaller than the population: profiles kept in
/// memory ([`crate::profile_cache::ProfileCache`]) would otherwise hold most of their size in copies of
/// the same searchers.
fn shared_finder(needle: &str) -> Arc<memchr::memmem::Finder<'static>> {
    type FxBuild = std::hash::BuildHasherDefault<rustc_hash::FxHasher>;
    type Finders = HashMap<Box<str>, Arc<memchr::memmem::Finder<'static>>, FxBuild>;
    static FINDERS: OnceLock<RwLock<Finders>> = OnceLock::new();
    let finders = FINDERS.get_or_init(|| RwLock::new(Finders::default()));
    if let Some(f) = finders.read().ok().and_then(|m| m.get(needle).cloned()) {
        return f;
    }
    let f = Arc::new(memchr::memmem::Finder::new(needle.as_bytes()).into_owned());
    if let Ok(mut m) = finders.write() {
        if m.len() < SHARED_FINDERS {
            return m.entry(needle.into()).or_insert(f).clone();
        }
    }
    f
}

/// Derived view of a job seeker.
#[derive(Debug, Clone, Serialize)]
pub struct CandidateProfile {
    /// Folded occupation intents: desired titles, past titles, major, lexicon expansions.
    pub intents: Vec<String>,
    /// Folded skills and certificates (the ranker's searchers for them are built with the
    /// profile: derive a new profile rather than editing this list).
    pub terms: Vec<String>,
    /// Everything the person wrote, folded.
    pub text: String,
    /// Sorted words of the text.
    pub words: Vec<String>,
    /// Home.
    pub home: Option<Spot>,
    /// Desired regions.
    pub desired: Vec<Spot>,
    /// Commute limit.
    pub max_commute_km: Option<f64>,
    /// Education.
    pub edu: Option<EduLevel>,
    /// Years of experience.
    pub exp: f64,
    /// Lowest acceptable pay.
    pub salary_min: Option<f64>,
    /// Wanted kinds.
    pub kinds: Vec<JobKind>,
    /// Needs accessible work.
    pub need_accessible: bool,
    /// Needs flexible hours.
    pub need_flexible: bool,
    /// Needs accommodation.
    pub need_accommodation: bool,
    /// Groups.
    pub groups: Vec<Group>,
    /// For each of [`Self::terms`], a searcher for it (its certificate suffix stripped) in a
    /// vacancy's text, built once: the ranker asks it of every vacancy in the pool. `None` for a
    /// one-character term, which is never matched.
    #[serde(skip)]
    term_finders: Vec<Option<Arc<memchr::memmem::Finder<'static>>>>,
    /// ([`word_hash`], index into [`Self::words`]) of every word, sorted: the ranker looks a
    /// vacancy's key words up here for every vacancy in the pool.
    #[serde(skip)]
    word_index: Vec<(u64, u32)>,
    /// For each of [`Self::intents`], what [`super::title_sim`] needs of it against any title,
    /// built once: the ranker compares every intent with every distinct title in the pool.
    #[serde(skip)]
    intent_prep: Vec<IntentPrep>,
}

/// An intent ready for [`super::title_sim`] against many titles.
#[derive(Debug, Clone)]
struct IntentPrep {
    /// Two characters or more (only then may the intent contain the title).
    long: bool,
    /// [`super::packed_bigrams`] of the intent.
    grams: Vec<u64>,
    /// Finds the intent in a title (shared by everyone with the intent: [`shared_finder`]).
    finder: Arc<memchr::memmem::Finder<'static>>,
}

impl CandidateProfile {
    /// The areas a search for this person is about: desired regions and home, at city level
    /// ([`crate::text::region::city_level`]), sorted and distinct.
    pub fn areas(&self) -> Vec<u32> {
        let mut v: Vec<u32> = self
            .desired
            .iter()
            .chain(self.home.iter())
            .filter(|s| s.adcode > 0)
            .map(|s| crate::text::region::city_level(s.adcode))
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    /// Derive from a candidate.
    pub fn new(c: &Candidate) -> CandidateProfile {
        Self::build(c, None)
    }

    /// The profile and the person's query for vacancies: the one
    /// [`crate::fulltext::JobIndex::for_candidate_keys`] builds from the record with the profile's
    /// [`Self::intents`] added as desired titles. Each part of the record is segmented once for
    /// both.
    pub(crate) fn with_job_query(c: &Candidate) -> (CandidateProfile, JobQuery) {
        let mut q = JobQuery::default();
        let p = Self::build(c, Some(&mut q));
        (p, q)
    }

    fn build(c: &Candidate, mut query: Option<&mut JobQuery>) -> CandidateProfile {
        let c = &super::fairness::scrub_candidate(c);
        let seg = Segmenter::global();
        let mut intents: Vec<String> = Vec::new();
        let mut text = String::new();
        let mut words: Vec<String> = Vec::new();
        // One part of the record: its cleaned form joins the text and its words the profile's;
        // the query gets the words of the form it asks for (`fold` of short fields, `clean` of
        // free text), segmented again only when that form differs (the field held markup).
        // A part `prefolded` is taken as it is (skills and certificates, folded by the caller).
        let mut part = |raw: &str, prefolded: bool, role: Role, query: Option<&mut JobQuery>| {
            let folded = if prefolded {
                raw.to_string()
            } else {
                fold(raw)
            };
            let cleaned = if !prefolded && raw.contains(['<', '&', '_']) {
                clean(raw)
            } else {
                folded.clone()
            };
            text.push_str(&cleaned);
            text.push(' ');
            let mut ws: Vec<&str> = Vec::new();
            seg.each_word_folded(&cleaned, |w, _, _| ws.push(w));
            words.extend(ws.iter().filter(|w| profile_word(w)).map(|w| w.to_string()));
            if let Some(q) = query {
                if role == Role::Text || cleaned == folded {
                    role.feed(q, &cleaned, &ws);
                } else {
                    let mut fw: Vec<&str> = Vec::new();
                    seg.each_word_folded(&folded, |w, _, _| fw.push(w));
                    role.feed(q, &folded, &fw);
                }
            }
            folded
        };
        let mut desired_titles: Vec<String> = Vec::new();
        if let Some(d) = &c.desired {
            for t in &d.titles {
                let f = part(t, false, Role::Title, query.as_deref_mut());
                intents.push(f.clone());
                desired_titles.push(f);
            }
        }
        for e in &c.experience {
            if let Some(t) = &e.title {
                // A title once held says what the person can do: weighed like a skill.
                intents.push(part(t, false, Role::Skill, query.as_deref_mut()));
            }
            if let Some(d) = &e.description {
                part(d, false, Role::Text, query.as_deref_mut());
            }
        }
        if let Some(m) = &c.major {
            intents.push(part(m, false, Role::Major, query.as_deref_mut()));
        }
        let mut terms: Vec<String> = Vec::new();
        for s in c.skills.iter().chain(&c.certificates) {
            let t = fold(s);
            if t.is_empty() {
                continue;
            }
            part(&t, true, Role::Skill, query.as_deref_mut());
            terms.push(t);
        }
        if let Some(s) = &c.summary {
            part(s, false, Role::Text, query.as_deref_mut());
        }
        // Colloquial words (开过叉车, 会带小孩 …) name occupations the person never wrote.
        for x in crate::lexicon::expand(&text) {
            intents.push(fold(x));
        }
        intents.retain(|s| !s.is_empty());
        intents.sort();
        intents.dedup();
        // The occupations the person implies but did not ask for join the query as titles.
        if let Some(q) = query {
            implied_titles(q, &intents, &desired_titles);
        }
        words.sort_unstable();
        words.dedup();
        // Profiles are kept in memory between calls: no growth slack.
        words.shrink_to_fit();
        text.shrink_to_fit();
        intents.shrink_to_fit();
        let word_index = index_words(&words);
        let term_finders = terms
            .iter()
            .map(|t| (t.chars().count() >= 2).then(|| shared_finder(strip_cert(t))))
            .collect();
        let needs = c.needs.clone().unwrap_or_default();
        let desired = c.desired.as_ref();
        let intent_prep = intents.iter().map(|i| IntentPrep::new(i)).collect();
        CandidateProfile {
            intents,
            terms,
            words,
            home: c.home.as_ref().and_then(spot),
            desired: desired
                .map(|d| desired_spots(&d.regions))
                .unwrap_or_default(),
            max_commute_km: c.max_commute_km,
            edu: c.education.as_deref().and_then(EduLevel::parse),
            exp: c.experience_years(),
            salary_min: desired.and_then(|d| d.salary_min),
            kinds: desired.map(|d| d.kinds.clone()).unwrap_or_default(),
            need_accessible: needs.accessible.unwrap_or(false),
            need_flexible: needs.flexible_hours.unwrap_or(false),
            need_accommodation: needs.accommodation.unwrap_or(false),
            groups: c.groups.clone(),
            intent_prep,
            text,
            term_finders,
            word_index,
        }
    }

    /// The best [`super::title_sim`] of the intents against a title (folded, as
    /// [`JobProfile::title`]) whose [`super::packed_bigrams`] are `grams`, and the first intent
    /// that reaches it (`None` when none is above 0): the same numbers, without preparing each
    /// intent again for every title.
    pub(crate) fn title_fit(&self, title: &str, grams: &[u64]) -> (f64, Option<usize>) {
        let (mut best, mut which) = (0.0f64, None);
        if title.is_empty() {
            return (best, which);
        }
        for (i, (intent, p)) in self.intents.iter().zip(&self.intent_prep).enumerate() {
            let s = if p.finder.find(title.as_bytes()).is_some()
                || (p.long && intent.contains(title))
            {
                1.0
            } else if p.grams.is_empty() || grams.is_empty() {
                0.0
            } else {
                let common = super::common_sorted(&p.grams, grams);
                2.0 * common as f64 / (p.grams.len() + grams.len()) as f64
            };
            if s > best {
                best = s;
                which = Some(i);
            }
        }
        (best, which)
    }

    /// Whether [`Self::words`] holds `w`, whose [`word_hash`] is `h`.
    pub(crate) fn has_word(&self, w: &str, h: u64) -> bool {
        let from = self.word_index.partition_point(|&(x, _)| x < h);
        self.word_index[from..]
            .iter()
            .take_while(|&&(x, _)| x == h)
            .any(|&(_, i)| self.words[i as usize] == w)
    }

    /// 公益性岗位 are reserved for 就业困难人员 and similar groups (and graduates a year out of school).
    pub fn public_welfare_eligible(&self) -> bool {
        self.groups.iter().any(|g| g.public_welfare_eligible())
    }
}

/// `s` without a certificate suffix (叉车证 → 叉车) when at least two characters remain: always a
/// prefix of `s`.
fn strip_cert(s: &str) -> &str {
    for suf in [
        "资格证书",
        "操作证",
        "上岗证",
        "资格证",
        "证书",
        "驾驶证",
        "驾照",
        "证",
    ] {
        if let Some(x) = s.strip_suffix(suf) {
            if x.chars().count() >= 2 {
                return x;
            }
        }
    }
    s
}

/// Skills and certificates found on both sides, as written by whichever side named them.
pub fn matched_skills(c: &CandidateProfile, j: &JobProfile) -> Vec<String> {
    let mut out = Vec::new();
    each_matched_skill(c, j, |s| out.push(s.to_string()));
    out
}

/// `matched_skills(c, j).len()` without building the strings.
pub fn matched_skill_count(c: &CandidateProfile, j: &JobProfile) -> usize {
    let mut n = 0;
    each_matched_skill(c, j, |_| n += 1);
    n
}

/// Calls `f` once per distinct matched skill: the job's skills the person's text names, then the
/// person's terms the job's text names.
fn each_matched_skill<'a>(c: &'a CandidateProfile, j: &'a JobProfile, mut f: impl FnMut(&'a str)) {
    let mut seen: Vec<&str> = Vec::new();
    let mut add = |s: &'a str| {
        if !seen.contains(&s) {
            seen.push(s);
            f(s);
        }
    };
    // `strip_cert(s)` is a prefix of `s`, so a text containing `s` contains it too: one search.
    for s in &j.skills {
        if s.chars().count() >= 2 && c.text.contains(strip_cert(s)) {
            add(s);
        }
    }
    for (t, finder) in c.terms.iter().zip(&c.term_finders) {
        if finder
            .as_ref()
            .is_some_and(|f| f.find(j.text.as_bytes()).is_some())
        {
            add(t);
        }
    }
}

/// The occupations a person implies but did not ask for join their query as titles.
fn implied_titles(q: &mut JobQuery, intents: &[String], desired_titles: &[String]) {
    let seg = Segmenter::global();
    for i in intents.iter().filter(|i| !desired_titles.contains(i)) {
        let mut ws: Vec<&str> = Vec::new();
        seg.each_word_folded(i, |w, _, _| ws.push(w));
        q.title(i, &ws);
    }
}

/// The places a person asks for, resolved (unknown names are left out).
pub(crate) fn desired_spots(regions: &[String]) -> Vec<Spot> {
    regions
        .iter()
        .filter_map(|r| region::resolve(r))
        .map(|p| Spot {
            adcode: p.adcode,
            name: p.name.to_string(),
            lat: p.lat,
            lon: p.lon,
            urban: region::is_urban(p.adcode),
            precise: matches!(p.level, region::Level::County),
        })
        .collect()
}

/// The hash of each (sorted, deduplicated) profile word and its position, sorted by hash.
fn index_words(words: &[String]) -> Vec<(u64, u32)> {
    let mut index: Vec<(u64, u32)> = words
        .iter()
        .enumerate()
        .map(|(i, w)| (word_hash(w), i as u32))
        .collect();
    index.sort_unstable();
    index
}

impl IntentPrep {
    fn new(intent: &str) -> IntentPrep {
        IntentPrep {
            long: intent.chars().nth(1).is_some(),
            grams: super::packed_bigrams(intent),
            finder: shared_finder(intent),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profile_words_are_the_words_of_its_text() {
        // Each part is segmented on its own; the words are those of the whole text.
        for r in [
            r#"{"id":"a","desired":{"titles":["叉车司机","倉庫管理員"]},"skills":["叉车证","C1驾照"],
                "major":"物流管理","experience":[{"title":"仓管","description":"<p>负责出入库&nbsp;盘点</p>"}],
                "summary":"开过叉车，会带小孩，想找包住的活 PLC编程"}"#,
            r#"{"id":"b","desired":{"titles":["AT&amp;T 客服_x000d_"]},"skills":["R&D"]}"#,
        ] {
            let p = CandidateProfile::new(&crate::model::candidate_from_json(r).unwrap());
            assert_eq!(p.words, words_sorted(Segmenter::global(), &p.text), "{r}");
            assert!(!p.words.is_empty());
            for w in &p.words {
                assert!(p.has_word(w, word_hash(w)), "{w}");
            }
            assert!(!p.has_word("不在其中的词", word_hash("不在其中的词")));
        }
    }

    #[test]
    fn strips_certificate_suffixes() {
        assert_eq!(strip_cert("叉车证"), "叉车");
        assert_eq!(strip_cert("c1驾照"), "c1");
        assert_eq!(strip_cert("电工证"), "电工");
        assert_eq!(strip_cert("证"), "证");
    }
}
