//! What should a livestream host show? A varied list of vacancies for one audience (a region, a
//! group such as 农民工 or 高校毕业生, an industry), each with talking points the host can read out:
//! pay, benefits, hours and kind, who it suits, and how far it is from a given home.
//!
//! A show is not a ranking: twenty welding jobs from one factory are a poor broadcast even when
//! each fits. So the list is chosen greedily with penalties for repeating a trade or a pay band,
//! and a hard cap per employer. Only vacancies valid on the show's date are shown, and postings
//! carrying discriminatory conditions ([`crate::rank::flags`]) are never broadcast.
//!
//! Group fit comes from the ranker itself: a synthetic person with the audience's groups is scored
//! against each vacancy and the policy's group bonuses (见习 for graduates, 包吃住 and 日结 for
//! migrant workers, 公益性岗位 for 就业困难人员 …) are the signal, so the livestream and the
//! matching follow one policy file. Everything here is a pure function of its inputs and `today`.

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use crate::engine::{Engine, JobEntry};
use crate::model::{Candidate, Group, Job, JobKind};
use crate::rank::{self, CandidateProfile, Policy};
use crate::text::normalise::fold;
use crate::text::region;

/// Default cap of vacancies per employer in one list.
pub const DEFAULT_PER_EMPLOYER: usize = 2;
/// Largest list a caller may ask for.
pub const MAX_PICKS: usize = 200;

/// Industry words a host types, with the trade words that signal them in a posting. A keyword not
/// listed here is matched literally.
const INDUSTRIES: &[(&str, &[&str])] = &[
    (
        "物流",
        &[
            "物流", "仓库", "仓储", "仓管", "快递", "配送", "货运", "叉车", "分拣", "装卸", "搬运",
        ],
    ),
    (
        "餐饮",
        &[
            "餐饮",
            "厨师",
            "后厨",
            "服务员",
            "餐厅",
            "面点",
            "面包",
            "烘焙",
            "帮厨",
            "传菜",
        ],
    ),
    (
        "制造",
        &[
            "制造",
            "普工",
            "操作工",
            "车间",
            "装配",
            "生产",
            "工厂",
            "数控",
            "质检",
            "焊工",
        ],
    ),
    (
        "建筑",
        &[
            "建筑", "施工", "钢筋", "木工", "瓦工", "泥工", "电焊", "水电", "装修",
        ],
    ),
    (
        "家政",
        &[
            "家政", "保姆", "月嫂", "育婴", "保洁", "护工", "养老", "家务",
        ],
    ),
    (
        "零售",
        &["零售", "销售", "导购", "收银", "店员", "门店", "超市"],
    ),
    ("电商", &["电商", "直播", "主播", "网店", "客服", "运营"]),
    (
        "互联网",
        &[
            "互联网",
            "开发",
            "程序",
            "软件",
            "java",
            "前端",
            "后端",
            "测试工程师",
            "运维",
        ],
    ),
    (
        "医疗",
        &["医疗", "护士", "医生", "护理", "药剂", "药店", "康复"],
    ),
    ("教育", &["教育", "教师", "老师", "辅导", "培训", "幼师"]),
    ("农业", &["农业", "种植", "养殖", "农技", "采摘", "果园"]),
    ("交通", &["司机", "驾驶员", "货车", "网约车", "公交"]),
    ("安保", &["保安", "安保", "门卫", "巡逻"]),
];

/// Benefit words worth saying on air, in the order they are said.
const BENEFITS: &[&str] = &[
    "包吃住",
    "包住",
    "包吃",
    "提供住宿",
    "五险一金",
    "五险",
    "社保",
    "住房公积金",
    "年终奖",
    "带薪年假",
    "节日福利",
    "交通补贴",
    "餐补",
    "住房补贴",
    "免费培训",
    "全勤奖",
    "加班费",
    "提成",
];

/// A home the distance is measured from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Home {
    /// Place name as resolved.
    pub name: String,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
}

impl Home {
    /// Resolve free text (`广州市白云区`) to a home; `None` if it names no known place.
    pub fn resolve(text: &str) -> Option<Home> {
        region::resolve(text).map(|p| Home {
            name: p.name.to_string(),
            lat: p.lat,
            lon: p.lon,
        })
    }
}

/// Who the show is for.
#[derive(Debug, Clone, Default)]
pub struct Audience {
    /// Only vacancies inside this administrative area (adcode prefix rule).
    pub region: Option<u32>,
    /// Groups the show addresses (empty = everyone).
    pub groups: Vec<Group>,
    /// Industry keywords (any of them; empty = any industry).
    pub industry: Vec<String>,
    /// Where the viewers live, for distances.
    pub home: Option<Home>,
}

/// Options of a pick list.
#[derive(Debug, Clone)]
pub struct Options {
    /// How many vacancies.
    pub n: usize,
    /// At most this many per employer.
    pub per_employer: usize,
    /// The show's date (days since epoch): vacancies expired by then are never shown.
    pub today: i64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            n: 20,
            per_employer: DEFAULT_PER_EMPLOYER,
            today: crate::model::today(),
        }
    }
}

/// One vacancy for the show.
#[derive(Debug, Clone, Serialize)]
pub struct Pick {
    /// Vacancy id.
    pub job_id: String,
    /// Title as posted.
    pub title: String,
    /// Employer, if given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub employer: Option<String>,
    /// Where, as posted (or the resolved place name).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// Kind of vacancy.
    pub kind: JobKind,
    /// Monthly pay `[min, max]`, absent = 面议.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pay: Option<(f64, f64)>,
    /// Pay band label used for the spread (`5000-8000元`, `面议` …).
    pub pay_band: &'static str,
    /// Fit for the audience (higher is better; group policy bonuses plus presentation quality).
    pub fit: f64,
    /// Groups the policy marks this vacancy as suited to.
    pub suits: Vec<Group>,
    /// Kilometres from the audience's home, when both places are known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distance_km: Option<f64>,
    /// Short Chinese sentences for the host: pay, benefits, hours/kind, who it suits, distance.
    pub talking_points: Vec<String>,
}

/// Parse an industry parameter (`物流,餐饮` or `物流 餐饮`) into folded keywords.
pub fn industry_keywords(text: &str) -> Vec<String> {
    text.split([',', '，', '、', ' ', ';', '；'])
        .map(fold)
        .filter(|s| !s.is_empty())
        .collect()
}

fn industry_matches(text: &str, keywords: &[String]) -> bool {
    keywords.is_empty()
        || keywords.iter().any(|k| {
            if text.contains(k.as_str()) {
                return true;
            }
            INDUSTRIES
                .iter()
                .find(|(name, _)| *name == k.as_str())
                .is_some_and(|(_, words)| words.iter().any(|w| text.contains(w)))
        })
}

/// Pay bands for the spread; the lower bound of the range decides.
fn pay_band(pay: Option<(f64, f64)>) -> &'static str {
    match pay {
        None => "面议",
        Some((lo, _)) if lo < 3000.0 => "3000元以下",
        Some((lo, _)) if lo < 5000.0 => "3000-5000元",
        Some((lo, _)) if lo < 8000.0 => "5000-8000元",
        Some((lo, _)) if lo < 12000.0 => "8000-12000元",
        Some(_) => "12000元以上",
    }
}

/// Same trade: one title contains the other (保洁员 / 社区保洁员), else bigram overlap.
fn dice(a: &str, b: &str) -> f64 {
    rank::title_sim(a, b).max(rank::title_sim(b, a))
}

fn employer_key(j: &Job) -> Option<String> {
    j.employer.as_deref().map(fold).filter(|e| !e.is_empty())
}

/// The synthetic person standing for the audience: only groups, so only the group policy speaks.
fn stand_in(groups: &[Group]) -> CandidateProfile {
    CandidateProfile::new(&Candidate {
        id: "audience".into(),
        groups: groups.to_vec(),
        ..Default::default()
    })
}

/// Policy group bonus of a vacancy for these groups, or `None` if it must not be shown to them
/// (a 公益性岗位 the groups are not eligible for, or an expired vacancy).
fn group_fit(p: &CandidateProfile, e: &JobEntry, policy: &Policy, today: i64) -> Option<f64> {
    if p.groups.is_empty() {
        return Some(0.0);
    }
    if e.job.kind == JobKind::PublicWelfare && !p.public_welfare_eligible() {
        return None;
    }
    rank::score(p, &e.profile, None, None, policy, today).map(|s| s.features.bonus)
}

/// The policy with the bonuses every plain vacancy earns (no experience asked, no education asked,
/// near home) removed: what is left are the traits that make a vacancy *for* a group (见习, 包吃住,
/// 日结, 劳务品牌, 公益性岗位, 无障碍, 弹性时间). Without this nearly every posting would "suit"
/// all ten groups, which tells a viewer nothing; the barrier-free part is said on its own.
fn distinctive(policy: &Policy) -> Policy {
    let mut p = policy.clone();
    for b in p.groups.values_mut() {
        b.entry_level = 0.0;
        b.low_barrier = 0.0;
        b.near_home = 0.0;
    }
    p
}

/// Groups the policy marks this vacancy as suited to: a positive group bonus from a trait
/// particular to the group (not merely the absence of a barrier).
pub fn suits(e: &JobEntry, policy: &Policy, today: i64) -> Vec<Group> {
    suits_under(e, &distinctive(policy), today)
}

fn suits_under(e: &JobEntry, distinctive: &Policy, today: i64) -> Vec<Group> {
    Group::ALL
        .into_iter()
        .filter(|g| {
            let p = stand_in(&[*g]);
            group_fit(&p, e, distinctive, today).is_some_and(|b| b > 0.0)
        })
        .collect()
}

impl Audience {
    /// Whether a vacancy may be shown to this audience on `today`: valid, inside the region, of the
    /// industry, not a 公益性岗位 the groups are not eligible for, free of discriminatory conditions.
    pub fn admits(&self, e: &JobEntry, policy: &Policy, today: i64) -> bool {
        self.admits_cheap(e, today)
            && group_fit(&stand_in(&self.groups), e, policy, today).is_some()
            && rank::flags::detect(&e.job).is_empty()
    }

    /// Whether the vacancy is for this audience at all: admitted and, when groups are named,
    /// carrying a policy bonus for one of them (what a live stream pushes).
    pub fn wants(&self, e: &JobEntry, policy: &Policy, today: i64) -> bool {
        self.admits(e, policy, today)
            && (self.groups.is_empty()
                || group_fit(&stand_in(&self.groups), e, policy, today).is_some_and(|b| b > 0.0))
    }

    fn admits_cheap(&self, e: &JobEntry, today: i64) -> bool {
        e.job.is_valid_on(today)
            && self.region.is_none_or(|r| {
                e.profile
                    .place
                    .as_ref()
                    .is_some_and(|p| region::contains(r, p.adcode))
            })
            && industry_matches(&e.profile.text, &self.industry)
    }

    fn distance(&self, e: &JobEntry) -> Option<f64> {
        let h = self.home.as_ref()?;
        let p = e.profile.place.as_ref().filter(|p| p.precise)?;
        Some(region::distance_km((h.lat, h.lon), (p.lat, p.lon)))
    }
}

/// Presentation quality, independent of the audience: a host needs a stated pay, benefits to
/// name, several places to fill and a fresh posting.
fn quality(j: &Job, e: &JobEntry, today: i64) -> f64 {
    let mut q = 0.0;
    if e.profile.pay.is_some() {
        q += 0.1;
    }
    let named = BENEFITS
        .iter()
        .filter(|b| e.profile.text.contains(*b))
        .count()
        + j.benefits.len();
    q += 0.02 * named.min(3) as f64;
    if j.places() >= 5 {
        q += 0.03;
    }
    if let Some(d) = j.posted_at.as_deref().and_then(crate::model::parse_date) {
        let age = today - d;
        if (0..=30).contains(&age) {
            q += 0.05 * (1.0 - age as f64 / 30.0);
        }
    }
    q
}

/// `薪资5000-7000元/月`, `薪资面议` (the pay as written everywhere); 13薪 and more is said too.
pub fn pay_text(j: &Job) -> String {
    let s = j.salary.as_ref();
    let base = format!(
        "薪资{}",
        crate::text::salary::pay_text(s.and_then(|s| s.min), s.and_then(|s| s.max))
    );
    match s.and_then(|s| s.months).filter(|m| *m > 12) {
        Some(m) => format!("{base}，一年{m}薪"),
        None => base,
    }
}

/// Benefits as written in the posting's benefit list, then those its text names.
fn benefits(e: &JobEntry) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let push = |out: &mut Vec<String>, b: &str| {
        // 包吃住 already says 包住 and 包吃; 五险一金 says 五险.
        if !b.is_empty() && !out.iter().any(|o| o.contains(b) || b.contains(o.as_str())) {
            out.push(b.to_string());
        }
    };
    for b in &e.job.benefits {
        push(&mut out, b.trim());
    }
    for b in BENEFITS {
        if e.profile.text.contains(b) {
            push(&mut out, b);
        }
    }
    out.truncate(5);
    out
}

fn hours_text(e: &JobEntry) -> String {
    let p = &e.profile;
    let mut parts: Vec<&str> = Vec::new();
    match p.kind {
        JobKind::Gig => parts.push("零工"),
        JobKind::PartTime => parts.push("兼职"),
        JobKind::Internship => parts.push("就业见习岗位"),
        JobKind::PublicWelfare => parts.push("公益性岗位"),
        JobKind::FullTime => parts.push("全职"),
    }
    if p.daily_pay {
        parts.push("日结");
    }
    if p.flexible && !matches!(p.kind, JobKind::PartTime | JobKind::Gig) {
        parts.push("时间灵活");
    }
    parts.join("，")
}

fn talking_points(
    e: &JobEntry,
    audience: &Audience,
    suits: &[Group],
    distance: Option<f64>,
) -> Vec<String> {
    let j = &e.job;
    let mut out = vec![pay_text(j)];
    let b = benefits(e);
    if !b.is_empty() {
        out.push(format!("福利：{}", b.join("、")));
    }
    out.push(hours_text(e));
    // The audience's own groups first: the host is talking to them.
    let mut ordered: Vec<Group> = suits
        .iter()
        .copied()
        .filter(|g| audience.groups.contains(g))
        .collect();
    ordered.extend(
        suits
            .iter()
            .copied()
            .filter(|g| !audience.groups.contains(g)),
    );
    let who: Vec<&str> = ordered.iter().map(|g| g.label()).collect();
    if !who.is_empty() {
        out.push(format!("适合：{}", who.join("、")));
    }
    let mut open: Vec<&str> = Vec::new();
    if e.profile.low_barrier {
        open.push("学历经验不限");
    } else if e.profile.entry_level {
        open.push("无需工作经验");
    }
    if j.accessible == Some(true) {
        open.push("无障碍岗位");
    }
    if !open.is_empty() {
        out.push(open.join("，"));
    }
    if j.places() > 1 {
        out.push(format!("招{}人", j.places()));
    }
    if let (Some(km), Some(h)) = (distance, audience.home.as_ref()) {
        if km < 1.0 {
            out.push(format!("距{}不到1公里", h.name));
        } else {
            out.push(format!("距{}约{}公里", h.name, km.round()));
        }
    }
    out
}

/// Describe one vacancy for this audience (used for each pick and for each pushed vacancy).
pub fn describe(e: &JobEntry, audience: &Audience, policy: &Policy, today: i64) -> Pick {
    let fit = group_fit(&stand_in(&audience.groups), e, policy, today).unwrap_or(0.0);
    describe_with(
        e,
        audience,
        &distinctive(policy),
        today,
        fit + quality(&e.job, e, today),
    )
}

fn describe_with(
    e: &JobEntry,
    audience: &Audience,
    distinctive: &Policy,
    today: i64,
    fit: f64,
) -> Pick {
    let suits = suits_under(e, distinctive, today);
    let distance = audience.distance(e);
    let j = &e.job;
    Pick {
        job_id: j.id.clone(),
        title: j.title.clone(),
        employer: j.employer.clone(),
        place: j
            .location
            .as_ref()
            .and_then(|l| l.region.clone())
            .or_else(|| e.profile.place.as_ref().map(|p| p.name.clone())),
        kind: j.kind,
        pay: e.profile.pay,
        pay_band: pay_band(e.profile.pay),
        fit: (fit * 10_000.0).round() / 10_000.0,
        talking_points: talking_points(e, audience, &suits, distance),
        suits,
        distance_km: distance.map(|d| (d * 10.0).round() / 10.0),
    }
}

/// How much a repeated trade and a repeated pay band cost a candidate for the next slot.
const TRADE_PENALTY: f64 = 0.3;
const BAND_PENALTY: f64 = 0.06;
/// Candidates considered per slot asked (the rest cannot win a slot on fit anyway).
const POOL_PER_PICK: usize = 50;

/// Choose a varied list of vacancies for the audience.
///
/// Base order: policy group fit for the audience, presentation quality, nearness to home. Then a
/// greedy pass takes the best candidate for each slot after penalties for a trade already shown
/// (character-bigram similarity of titles) and a pay band already shown, never exceeding
/// `per_employer` vacancies of one employer. Ties break on the id, so the list is deterministic.
pub fn picks(
    entries: &[Arc<JobEntry>],
    audience: &Audience,
    policy: &Policy,
    opt: &Options,
) -> Vec<Pick> {
    let n = opt.n.min(MAX_PICKS);
    if n == 0 {
        return Vec::new();
    }
    let me = stand_in(&audience.groups);
    let plain = distinctive(policy);
    let mut pool: Vec<(f64, &JobEntry)> = entries
        .par_iter()
        .filter(|e| audience.admits_cheap(e, opt.today))
        .filter_map(|e| {
            let g = group_fit(&me, e, policy, opt.today)?;
            let near = audience
                .distance(e)
                .map(|km| 0.1 * (1.0 - km / 50.0).max(0.0))
                .unwrap_or(0.0);
            Some((g + quality(&e.job, e, opt.today) + near, e.as_ref()))
        })
        .collect();
    pool.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then_with(|| a.1.job.id.cmp(&b.1.job.id))
    });
    pool.truncate((n * POOL_PER_PICK).max(1000));

    let mut trade_sim = vec![0.0f64; pool.len()];
    let mut taken = vec![false; pool.len()];
    let mut per_employer: HashMap<String, usize> = HashMap::new();
    let mut per_band: HashMap<&'static str, usize> = HashMap::new();
    let mut out: Vec<Pick> = Vec::with_capacity(n);
    while out.len() < n {
        let mut best: Option<(f64, usize)> = None;
        for (i, (base, e)) in pool.iter().enumerate() {
            if taken[i] {
                continue;
            }
            if let Some(k) = employer_key(&e.job) {
                if per_employer.get(&k).copied().unwrap_or(0) >= opt.per_employer.max(1) {
                    continue;
                }
            }
            let band = pay_band(e.profile.pay);
            let adj = base
                - TRADE_PENALTY * trade_sim[i]
                - BAND_PENALTY * per_band.get(band).copied().unwrap_or(0) as f64;
            // Strictly greater keeps the earlier (better base, smaller id) on ties.
            if best.is_none_or(|(b, _)| adj > b) {
                best = Some((adj, i));
            }
        }
        let Some((_, i)) = best else { break };
        taken[i] = true;
        let (base, e) = pool[i];
        // Checked only for winners: the regexes are the costly part and most entries never win.
        if !rank::flags::detect(&e.job).is_empty() {
            continue;
        }
        if let Some(k) = employer_key(&e.job) {
            *per_employer.entry(k).or_default() += 1;
        }
        *per_band.entry(pay_band(e.profile.pay)).or_default() += 1;
        let t = &e.profile.title;
        for (k, (_, other)) in pool.iter().enumerate() {
            if !taken[k] {
                trade_sim[k] = trade_sim[k].max(dice(t, &other.profile.title));
            }
        }
        out.push(describe_with(e, audience, &plain, opt.today, base));
    }
    out
}

/// [`picks`] over every vacancy the engine holds, under its policy.
pub fn picks_for(engine: &Engine, audience: &Audience, opt: &Options) -> Vec<Pick> {
    picks(&engine.job_entries(), audience, engine.policy(), opt)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Location, Salary};
    use crate::rank::JobProfile;

    fn entry(
        id: &str,
        title: &str,
        employer: &str,
        region: &str,
        pay: (f64, f64),
    ) -> Arc<JobEntry> {
        let job = Job {
            id: id.into(),
            title: title.into(),
            employer: Some(employer.into()),
            location: Some(Location {
                region: Some(region.into()),
                ..Default::default()
            }),
            salary: Some(Salary {
                min: Some(pay.0),
                max: Some(pay.1),
                months: None,
            }),
            ..Default::default()
        };
        from_job(job)
    }

    fn from_job(job: Job) -> Arc<JobEntry> {
        Arc::new(JobEntry {
            profile: JobProfile::new(&job),
            job,
            vector: Vec::new(),
        })
    }

    fn today() -> i64 {
        crate::model::parse_date("2026-06-01").unwrap()
    }

    fn opt(n: usize) -> Options {
        Options {
            n,
            per_employer: 2,
            today: today(),
        }
    }

    #[test]
    fn at_most_two_per_employer_and_varied_trades() {
        let mut es = Vec::new();
        for i in 0..10 {
            es.push(entry(
                &format!("a{i}"),
                "电焊工",
                "甲工厂",
                "广东省广州市白云区",
                (6000.0, 8000.0),
            ));
        }
        es.push(entry(
            "b1",
            "仓库管理员",
            "乙物流",
            "广东省广州市白云区",
            (5000.0, 7000.0),
        ));
        es.push(entry(
            "c1",
            "收银员",
            "丙超市",
            "广东省广州市天河区",
            (3500.0, 4500.0),
        ));
        es.push(entry(
            "d1",
            "电焊工",
            "丁公司",
            "广东省广州市番禺区",
            (6000.0, 8000.0),
        ));
        let p = picks(&es, &Audience::default(), &Policy::default(), &opt(4));
        assert_eq!(p.len(), 4);
        let from_a = p
            .iter()
            .filter(|x| x.employer.as_deref() == Some("甲工厂"))
            .count();
        assert!(from_a <= 2, "{p:?}");
        // The trade penalty brings the warehouse and cashier jobs in before a third welder.
        let ids: Vec<&str> = p.iter().map(|x| x.job_id.as_str()).collect();
        assert!(ids.contains(&"b1") && ids.contains(&"c1"), "{ids:?}");
        // Deterministic.
        let again = picks(&es, &Audience::default(), &Policy::default(), &opt(4));
        assert_eq!(
            ids,
            again.iter().map(|x| x.job_id.as_str()).collect::<Vec<_>>()
        );
    }

    #[test]
    fn filters_region_industry_validity_and_flags() {
        let mut expired = Job {
            id: "old".into(),
            title: "仓库管理员".into(),
            valid_until: Some("2026-05-01".into()),
            location: Some(Location {
                region: Some("广东省广州市白云区".into()),
                ..Default::default()
            }),
            ..Default::default()
        };
        let es = vec![
            entry(
                "gz",
                "仓库管理员",
                "甲",
                "广东省广州市白云区",
                (5000.0, 7000.0),
            ),
            entry(
                "sz",
                "仓库管理员",
                "乙",
                "广东省深圳市南山区",
                (5000.0, 7000.0),
            ),
            entry("cook", "厨师", "丙", "广东省广州市天河区", (6000.0, 9000.0)),
            from_job(expired.clone()),
            {
                expired.id = "flagged".into();
                expired.valid_until = None;
                expired.description = Some("限男性，35岁以下".into());
                from_job(expired)
            },
        ];
        let gz = region::resolve("广州市").unwrap().adcode;
        let a = Audience {
            region: Some(gz),
            industry: industry_keywords("物流"),
            ..Default::default()
        };
        let p = picks(&es, &a, &Policy::default(), &opt(10));
        let ids: Vec<&str> = p.iter().map(|x| x.job_id.as_str()).collect();
        assert_eq!(ids, vec!["gz"]);
        let a = Audience {
            region: Some(gz),
            industry: industry_keywords("厨师"),
            ..Default::default()
        };
        let p = picks(&es, &a, &Policy::default(), &opt(10));
        assert_eq!(
            p.iter().map(|x| x.job_id.as_str()).collect::<Vec<_>>(),
            vec!["cook"]
        );
    }

    #[test]
    fn talking_points_in_chinese() {
        let job = Job {
            id: "j".into(),
            title: "仓库管理员".into(),
            employer: Some("广州某物流公司".into()),
            description: Some("负责出入库，包吃住，缴纳五险一金".into()),
            location: Some(Location {
                region: Some("广东省广州市白云区".into()),
                ..Default::default()
            }),
            salary: Some(Salary {
                min: Some(5000.0),
                max: Some(7000.0),
                months: Some(13),
            }),
            headcount: Some(3),
            ..Default::default()
        };
        let a = Audience {
            groups: vec![Group::MigrantWorker],
            home: Home::resolve("广东省广州市天河区"),
            ..Default::default()
        };
        let p = describe(&from_job(job), &a, &Policy::default(), today());
        let all = p.talking_points.join("|");
        assert!(all.contains("薪资5000-7000元/月，一年13薪"), "{all}");
        assert!(all.contains("包吃住") && all.contains("五险一金"), "{all}");
        assert!(!all.contains("包住、") && !all.contains("五险、"), "{all}");
        assert!(all.contains("全职"), "{all}");
        assert!(all.contains("招3人"), "{all}");
        assert!(all.contains("距天河区约"), "{all}");
        assert!(p.distance_km.is_some());
    }

    #[test]
    fn kinds_are_said() {
        let mut j = Job {
            id: "g".into(),
            title: "搬运工".into(),
            kind: JobKind::Gig,
            ..Default::default()
        };
        let p = describe(
            &from_job(j.clone()),
            &Audience::default(),
            &Policy::default(),
            today(),
        );
        assert!(
            p.talking_points
                .iter()
                .any(|t| t.contains("零工") && t.contains("日结")),
            "{p:?}"
        );
        assert_eq!(p.talking_points[0], "薪资面议");
        j.kind = JobKind::Internship;
        let p = describe(
            &from_job(j.clone()),
            &Audience::default(),
            &Policy::default(),
            today(),
        );
        assert!(
            p.talking_points.iter().any(|t| t.contains("就业见习")),
            "{p:?}"
        );
        j.kind = JobKind::PublicWelfare;
        let p = describe(
            &from_job(j),
            &Audience::default(),
            &Policy::default(),
            today(),
        );
        assert!(
            p.talking_points.iter().any(|t| t.contains("公益性岗位")),
            "{p:?}"
        );
    }

    #[test]
    fn public_welfare_posts_only_for_eligible_groups() {
        let j = Job {
            id: "w".into(),
            title: "社区保洁员".into(),
            kind: JobKind::PublicWelfare,
            ..Default::default()
        };
        let e = from_job(j);
        let pol = Policy::default();
        let devs = Audience {
            groups: vec![Group::MigrantWorker],
            ..Default::default()
        };
        assert!(!devs.admits(&e, &pol, today()));
        let hard = Audience {
            groups: vec![Group::HardToEmploy],
            ..Default::default()
        };
        assert!(hard.admits(&e, &pol, today()));
        assert!(suits(&e, &pol, today()).contains(&Group::HardToEmploy));
    }

    #[test]
    fn group_fit_orders_the_list() {
        let mut intern = Job {
            id: "i".into(),
            title: "行政助理".into(),
            kind: JobKind::Internship,
            ..Default::default()
        };
        intern.salary = Some(Salary {
            min: Some(3000.0),
            max: Some(3500.0),
            months: None,
        });
        let mut senior = Job {
            id: "s".into(),
            title: "销售经理".into(),
            experience_years: Some(5.0),
            education: Some("本科".into()),
            ..Default::default()
        };
        senior.salary = Some(Salary {
            min: Some(3000.0),
            max: Some(3500.0),
            months: None,
        });
        let es = vec![from_job(intern), from_job(senior)];
        let a = Audience {
            groups: vec![Group::Graduate],
            ..Default::default()
        };
        let p = picks(&es, &a, &Policy::default(), &opt(2));
        assert_eq!(p[0].job_id, "i", "{p:?}");
        assert!(p[0].suits.contains(&Group::Graduate));
        // A plain vacancy without barriers suits no group in particular; that is said as such.
        let plain = describe(&es[0], &Audience::default(), &Policy::default(), today());
        assert!(!plain.suits.contains(&Group::MigrantWorker), "{plain:?}");
    }

    #[test]
    fn suits_names_distinctive_traits_only() {
        let board = Job {
            id: "b".into(),
            title: "面包师".into(),
            description: Some("包吃住".into()),
            ..Default::default()
        };
        let s = suits(&from_job(board), &Policy::default(), today());
        assert_eq!(s, vec![Group::MigrantWorker]);
        let plain = Job {
            id: "p".into(),
            title: "面包师".into(),
            ..Default::default()
        };
        let e = from_job(plain);
        assert!(suits(&e, &Policy::default(), today()).is_empty());
        let p = describe(&e, &Audience::default(), &Policy::default(), today());
        assert!(
            p.talking_points.iter().any(|t| t == "学历经验不限"),
            "{p:?}"
        );
        assert!(
            !p.talking_points.iter().any(|t| t.starts_with("适合")),
            "{p:?}"
        );
    }

    #[test]
    fn industry_keywords_split() {
        assert_eq!(
            industry_keywords("物流，餐饮 IT"),
            vec!["物流", "餐饮", "it"]
        );
        assert!(industry_matches("叉车司机", &industry_keywords("物流")));
        assert!(!industry_matches("叉车司机", &industry_keywords("餐饮")));
    }
}
