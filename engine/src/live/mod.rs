//! What should a livestream host show? A varied list of vacancies for one audience (a region, a
//! group such as 农民工 or 高校毕业生, an industry), each with what a host would say about it: pay,
//! benefits, rest days and hours, training, who it suits and why, how far it is and how to apply.
//!
//! A show is not a ranking: twenty welding jobs from one factory are a poor broadcast even when
//! each fits. So the list is chosen greedily with penalties for repeating a trade or a pay band,
//! and a hard cap per employer. Only vacancies valid on the show's date are shown.
//!
//! Everything a vacancy offers the show is derived once when it is indexed ([`Card`]): the work it
//! is, whether it may go on air at all (postings with discriminatory conditions, a medium or high
//! risk from the posting screen, or a pay whose unit is unclear never are), and its talking
//! material. Whether it suits an audience uses the ranker's own education and experience features
//! against the group's persona in the policy file (`[audience.<group>]`), and the policy's group
//! bonuses order the list (见习 for graduates, 包吃住 and 日结 for migrant workers, 公益性岗位 for
//! 就业困难人员 …). Picks and the live stream only filter and order these precomputed fields; no
//! person is built and nothing is ranked per viewer. Everything is a pure function of its inputs.

mod card;

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

pub use card::{work_of, Barred, Card, MIN_MONTHLY_PAY};

use crate::engine::{Engine, JobEntry};
use crate::model::{Group, Job, JobKind};
use crate::rank::features::{self, BonusTable, Trait};
use crate::rank::{self, Policy};
use crate::text::education::EduLevel;
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

/// A home the distance is measured from: the centre of a named area.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Home {
    /// Place name as resolved.
    pub name: String,
    /// Administrative code of the area.
    pub adcode: u32,
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
            adcode: p.adcode,
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
    /// The office's hotline, said on cards whose posting gives no phone or link.
    pub hotline: Option<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            n: 20,
            per_employer: DEFAULT_PER_EMPLOYER,
            today: crate::model::today(),
            hotline: None,
        }
    }
}

/// One vacancy for the show.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
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
    #[cfg_attr(
        feature = "utoipa",
        schema(value_type = Option<Vec<f64>>, min_items = 2, max_items = 2)
    )]
    pub pay: Option<(f64, f64)>,
    /// Pay band label used for the spread (`5000-8000元`, `面议` …).
    #[cfg_attr(feature = "utoipa", schema(value_type = String))]
    pub pay_band: &'static str,
    /// Fit for the audience (higher is better; group policy bonuses plus presentation quality).
    pub fit: f64,
    /// Groups this vacancy suits that the policy rewards for one of its traits (见习, 包吃住, 日结 …).
    pub suits: Vec<Group>,
    /// One line on why it suits this audience (`适合农民工：学历不限、无需经验，包吃住`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
    /// Kilometres from the centre of the audience's home area, when the vacancy's place is precise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distance_km: Option<f64>,
    /// How to apply: the posting's phone or link, else the office's hotline.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub apply: Option<String>,
    /// Short Chinese sentences for the host, each said once: the pay first, then benefits,
    /// rest days and hours, training, kind, why it suits the audience, places, distance and how
    /// to apply.
    #[cfg_attr(
        feature = "utoipa",
        schema(example = json!(["薪资5200-6400元/月", "福利：包吃住、五险一金", "作息：月休4天，长白班", "新手可带", "适合农民工：学历不限、无需经验，包吃住", "招2人", "报名电话：0794-1234567"]))
    )]
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

/// Whether a vacancy suits a group's audience: a 公益性岗位 only for the groups it is reserved
/// for; otherwise, under the group's persona (`[audience.<group>]` of the policy), the ranker's
/// education feature finds no gap, its experience feature is fully met, and the work is one the
/// group takes. A group without a persona takes any vacancy.
pub fn suits_group(e: &JobEntry, g: Group, policy: &Policy) -> bool {
    let p = &e.profile;
    if p.kind == JobKind::PublicWelfare && !g.public_welfare_eligible() {
        return false;
    }
    let Some(a) = policy.audience.get(&g) else {
        return true;
    };
    if (p.kind == JobKind::Internship || e.card.internship) && !a.internships {
        return false;
    }
    let curves = &policy.curves;
    features::education(p.edu, Some(a.education), curves).1 == 0
        && features::experience(p.exp, a.experience_years, curves) >= 1.0
        && a.work.contains(&e.card.work)
}

/// Traits that make a vacancy *for* a group rather than merely open to it (no experience or
/// education asked is said on its own).
fn distinctive_traits(e: &JobEntry) -> u16 {
    features::job_traits(&e.profile) & !(Trait::EntryLevel.bit() | Trait::LowBarrier.bit())
}

/// Groups the vacancy suits whose policy rewards one of its distinctive traits (见习, 包吃住, 日结,
/// 劳务品牌, 公益性岗位, 无障碍, 弹性时间).
pub fn suits(e: &JobEntry, policy: &Policy) -> Vec<Group> {
    let traits = distinctive_traits(e);
    Group::ALL
        .into_iter()
        .filter(|g| {
            suits_group(e, *g, policy) && BonusTable::new(&[*g], policy).total(traits) > 0.0
        })
        .collect()
}

impl Audience {
    /// Whether a vacancy may be shown to this audience on `today`: valid, inside the region, of the
    /// industry, allowed on air ([`Card::barred`]) and, when groups are named, suiting one of them
    /// ([`suits_group`]).
    pub fn admits(&self, e: &JobEntry, policy: &Policy, today: i64) -> bool {
        e.card.barred.is_none()
            && e.job.is_valid_on(today)
            && self.region.is_none_or(|r| {
                e.profile
                    .place
                    .as_ref()
                    .is_some_and(|p| region::contains(r, p.adcode))
            })
            && industry_matches(&e.profile.text, &self.industry)
            && (self.groups.is_empty() || self.groups.iter().any(|g| suits_group(e, *g, policy)))
    }

    fn distance(&self, e: &JobEntry) -> Option<f64> {
        let h = self.home.as_ref()?;
        let p = e.profile.place.as_ref().filter(|p| p.precise)?;
        Some(region::distance_km((h.lat, h.lon), (p.lat, p.lon)))
    }

    /// The policy bonus the audience's groups earn from the vacancy's traits.
    fn bonus(&self, table: &BonusTable, e: &JobEntry) -> f64 {
        if self.groups.is_empty() {
            0.0
        } else {
            table.total(features::job_traits(&e.profile))
        }
    }
}

/// Presentation quality: the card's (stated pay, benefits, places) and a fresh posting.
fn quality(e: &JobEntry, today: i64) -> f64 {
    let mut q = e.card.quality;
    if let Some(d) = e
        .job
        .posted_at
        .as_deref()
        .and_then(crate::model::parse_date)
    {
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

/// The kind, when it is not plain full-time work, and how pay is settled.
fn kind_text(e: &JobEntry) -> Option<String> {
    let p = &e.profile;
    let mut parts: Vec<&str> = Vec::new();
    match p.kind {
        JobKind::Gig => parts.push("零工"),
        JobKind::PartTime => parts.push("兼职"),
        JobKind::Internship => parts.push("就业见习岗位"),
        JobKind::PublicWelfare => parts.push("公益性岗位"),
        JobKind::FullTime => {}
    }
    if p.daily_pay {
        parts.push("日结");
    }
    if p.flexible && !matches!(p.kind, JobKind::PartTime | JobKind::Gig) {
        parts.push("时间灵活");
    }
    (!parts.is_empty()).then(|| parts.join("，"))
}

/// What the vacancy asks, said plainly: `学历不限、无需经验`, `要求大专、1年经验`.
fn asks_text(e: &JobEntry) -> String {
    let p = &e.profile;
    let edu = match p.edu {
        None | Some(EduLevel::Any) => "学历不限".to_string(),
        Some(EduLevel::JuniorHigh) => "初中学历即可".to_string(),
        Some(x) => format!("{}及以上", x.label()),
    };
    let exp = if p.exp <= 0.0 {
        "无需经验".to_string()
    } else {
        format!("{}年经验", crate::text::salary::whole(p.exp))
    };
    format!("{edu}、{exp}")
}

/// The traits of the vacancy the audience's groups are rewarded for, as said on air.
fn trait_words(e: &JobEntry, table: &BonusTable) -> Vec<String> {
    let p = &e.profile;
    table
        .applied(distinctive_traits(e))
        .map(|(t, _, _)| match t {
            Trait::Internship => "就业见习".to_string(),
            Trait::Subsidy => "企业可享扩岗补助".to_string(),
            Trait::Board => p.board_label.clone(),
            Trait::DailyPay => "日结".to_string(),
            Trait::Brand => format!("{}劳务品牌", p.brand.unwrap_or_default()),
            Trait::PublicWelfare => "公益性岗位".to_string(),
            Trait::Accessible => "无障碍岗位".to_string(),
            Trait::Flexible => "时间灵活".to_string(),
            Trait::EntryLevel | Trait::LowBarrier | Trait::NearHome => String::new(),
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// Why it suits this audience, in one line, naming the first of its groups it suits.
fn why_text(
    e: &JobEntry,
    audience: &Audience,
    policy: &Policy,
    table: &BonusTable,
) -> Option<String> {
    let g = audience
        .groups
        .iter()
        .find(|g| suits_group(e, **g, policy))?;
    let mut line = format!("适合{}：{}", g.label(), asks_text(e));
    let traits = trait_words(e, table);
    if !traits.is_empty() {
        line.push('，');
        line.push_str(&traits.join("、"));
    }
    Some(line)
}

/// Where, said with the precision known: the same county, or kilometres from the home area's
/// centre (never "under a kilometre" from an area's centre).
fn distance_text(e: &JobEntry, home: &Home, km: Option<f64>) -> Option<String> {
    let p = e.profile.place.as_ref()?;
    if p.adcode == home.adcode && !home.adcode.is_multiple_of(100) {
        return Some(format!("就在{}", home.name));
    }
    let km = km?;
    Some(if km < 3.0 {
        format!("离{}很近", home.name)
    } else {
        format!("距{}约{}公里", home.name, km.round())
    })
}

struct Said<'a> {
    audience: &'a Audience,
    policy: &'a Policy,
    table: &'a BonusTable,
    hotline: Option<&'a str>,
}

impl Said<'_> {
    fn points(&self, e: &JobEntry, why: Option<&str>, distance: Option<f64>) -> Vec<String> {
        let (j, c) = (&e.job, &e.card);
        let mut out = vec![pay_text(j)];
        if !c.benefits.is_empty() {
            out.push(format!("福利：{}", c.benefits.join("、")));
        }
        if !c.schedule.is_empty() {
            out.push(format!("作息：{}", c.schedule.join("，")));
        }
        if !c.training.is_empty() {
            out.push(c.training.join("，"));
        }
        if let Some(k) = kind_text(e) {
            // 日结 already said by the schedule or the benefits is not said twice.
            if !out.iter().any(|o| o.contains(k.as_str())) {
                out.push(k);
            }
        }
        match why {
            Some(w) => out.push(w.to_string()),
            None => out.push(asks_text(e)),
        }
        if j.places() > 1 {
            out.push(format!("招{}人", j.places()));
        }
        if let Some(t) = self
            .audience
            .home
            .as_ref()
            .and_then(|h| distance_text(e, h, distance))
        {
            out.push(t);
        }
        if let Some(a) = self.apply(e) {
            out.push(a);
        }
        out
    }

    fn apply(&self, e: &JobEntry) -> Option<String> {
        e.card
            .apply
            .clone()
            .or_else(|| self.hotline.map(|h| format!("报名咨询：{h}")))
    }

    fn pick(&self, e: &JobEntry, fit: f64) -> Pick {
        let distance = self.audience.distance(e);
        let why = why_text(e, self.audience, self.policy, self.table);
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
            talking_points: self.points(e, why.as_deref(), distance),
            why,
            suits: suits(e, self.policy),
            distance_km: distance.map(|d| (d * 10.0).round() / 10.0),
            apply: self.apply(e),
        }
    }
}

/// Describe one vacancy for this audience (used for each vacancy pushed to a live stream).
pub fn describe(e: &JobEntry, audience: &Audience, policy: &Policy, opt: &Options) -> Pick {
    let table = BonusTable::new(&audience.groups, policy);
    let said = Said {
        audience,
        policy,
        table: &table,
        hotline: opt.hotline.as_deref(),
    };
    said.pick(e, audience.bonus(&table, e) + quality(e, opt.today))
}

/// How much a repeated trade and a repeated pay band cost a candidate for the next slot.
const TRADE_PENALTY: f64 = 0.3;
const BAND_PENALTY: f64 = 0.06;
/// Candidates considered per slot asked (the rest cannot win a slot on fit anyway).
const POOL_PER_PICK: usize = 50;

/// Choose a varied list of vacancies for the audience.
///
/// Only vacancies the audience admits ([`Audience::admits`]) are considered. Base order: the
/// policy's group bonus for the audience, presentation quality, nearness to home. Then a greedy
/// pass takes the best candidate for each slot after penalties for a trade already shown
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
    let table = BonusTable::new(&audience.groups, policy);
    let mut pool: Vec<(f64, &JobEntry)> = entries
        .par_iter()
        .filter(|e| audience.admits(e, policy, opt.today))
        .map(|e| {
            let near = audience
                .distance(e)
                .map(|km| 0.1 * (1.0 - km / 50.0).max(0.0))
                .unwrap_or(0.0);
            let base = audience.bonus(&table, e) + quality(e, opt.today) + near;
            (base, e.as_ref())
        })
        .collect();
    pool.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then_with(|| a.1.job.id.cmp(&b.1.job.id))
    });
    pool.truncate((n * POOL_PER_PICK).max(1000));

    let mut trade_sim = vec![0.0f64; pool.len()];
    let mut taken = vec![false; pool.len()];
    let mut per_employer: HashMap<&str, usize> = HashMap::new();
    let mut per_band: HashMap<&'static str, usize> = HashMap::new();
    let mut chosen: Vec<(f64, &JobEntry)> = Vec::with_capacity(n);
    while chosen.len() < n {
        let mut best: Option<(f64, usize)> = None;
        for (i, (base, e)) in pool.iter().enumerate() {
            if taken[i] {
                continue;
            }
            if let Some(k) = e.card.employer.as_deref() {
                if per_employer.get(k).copied().unwrap_or(0) >= opt.per_employer.max(1) {
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
        if let Some(k) = e.card.employer.as_deref() {
            *per_employer.entry(k).or_default() += 1;
        }
        *per_band.entry(pay_band(e.profile.pay)).or_default() += 1;
        let t = &e.profile.title;
        for (k, (_, other)) in pool.iter().enumerate() {
            if !taken[k] {
                trade_sim[k] = trade_sim[k].max(dice(t, &other.profile.title));
            }
        }
        chosen.push((base, e));
    }
    let said = Said {
        audience,
        policy,
        table: &table,
        hotline: opt.hotline.as_deref(),
    };
    chosen.into_iter().map(|(b, e)| said.pick(e, b)).collect()
}

/// [`picks`] over every vacancy the engine holds with a place still open (a vacancy whose
/// places are all taken by recorded hires, 已招满, never goes on air), under its policy.
pub fn picks_for(engine: &Engine, audience: &Audience, opt: &Options) -> Vec<Pick> {
    let hires = engine.hires();
    let mut entries = engine.job_entries();
    if !hires.is_empty() {
        entries.retain(|e| hires.get(&e.job.id).is_none_or(|h| *h < e.job.places()));
    }
    picks(&entries, audience, engine.policy(), opt)
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
        let profile = JobProfile::new(&job);
        Arc::new(JobEntry::new(job, profile, Vec::new()))
    }

    fn today() -> i64 {
        crate::model::parse_date("2026-06-01").unwrap()
    }

    fn opt(n: usize) -> Options {
        Options {
            n,
            per_employer: 2,
            today: today(),
            hotline: None,
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
        let p = describe(&from_job(job), &a, &Policy::default(), &opt(1));
        let all = p.talking_points.join("|");
        assert!(all.contains("薪资5000-7000元/月，一年13薪"), "{all}");
        assert!(all.contains("包吃住") && all.contains("五险一金"), "{all}");
        assert!(!all.contains("包住、") && !all.contains("五险、"), "{all}");
        assert!(
            all.contains("适合农民工：学历不限、无需经验，包吃住"),
            "{all}"
        );
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
            &opt(1),
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
            &opt(1),
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
            &opt(1),
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
        assert!(suits(&e, &pol).contains(&Group::HardToEmploy));
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
        // A senior post asking five years is not for a graduates' show at all.
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].job_id, "i", "{p:?}");
        assert!(p[0].suits.contains(&Group::Graduate));
        // An internship is not something a migrant-worker audience is rewarded for.
        let plain = describe(&es[0], &Audience::default(), &Policy::default(), &opt(1));
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
        let s = suits(&from_job(board), &Policy::default());
        assert_eq!(s, vec![Group::MigrantWorker]);
        let plain = Job {
            id: "p".into(),
            title: "面包师".into(),
            ..Default::default()
        };
        let e = from_job(plain);
        assert!(suits(&e, &Policy::default()).is_empty());
        let p = describe(&e, &Audience::default(), &Policy::default(), &opt(1));
        assert!(
            p.talking_points.iter().any(|t| t == "学历不限、无需经验"),
            "{p:?}"
        );
        assert!(
            !p.talking_points.iter().any(|t| t.starts_with("适合")),
            "{p:?}"
        );
    }

    fn posting(json: &str) -> Arc<JobEntry> {
        from_job(crate::model::job_from_json(json).unwrap())
    }

    #[test]
    fn a_migrant_worker_show_gets_work_a_migrant_worker_can_take() {
        let es = vec![
            posting(
                r#"{"id":"mgr","title":"软件开发经理","education":"大专","experience_years":10,"benefits":["包住宿"],"salary":{"min":20000,"max":24999}}"#,
            ),
            posting(
                r#"{"id":"dev","title":"全栈工程师","education":"本科","experience_years":1,"benefits":["包住宿"],"salary":{"min":10000,"max":15000}}"#,
            ),
            posting(
                r#"{"id":"trade","title":"外贸业务员","education":"大专","benefits":["包吃住"],"salary":{"min":25000,"max":40000}}"#,
            ),
            posting(
                r#"{"id":"load","title":"搬运工/装卸工","benefits":["包吃住"],"salary":{"min":5200,"max":6400},"description":"日结，新手可带"}"#,
            ),
            posting(
                r#"{"id":"weld","title":"电焊工","education":"初中","experience_years":2,"salary":{"min":7000,"max":9000}}"#,
            ),
        ];
        let migrants = Audience {
            groups: vec![Group::MigrantWorker],
            ..Default::default()
        };
        let p = picks(&es, &migrants, &Policy::default(), &opt(10));
        let ids: Vec<&str> = p.iter().map(|x| x.job_id.as_str()).collect();
        assert_eq!(ids, vec!["load", "weld"], "{p:?}");
        assert_eq!(
            p[0].why.as_deref(),
            Some("适合农民工：学历不限、无需经验，包吃住、日结")
        );
        assert_eq!(
            p[1].why.as_deref(),
            Some("适合农民工：初中学历即可、2年经验")
        );
        // The same postings for graduates: the professional ones without long experience.
        let grads = Audience {
            groups: vec![Group::Graduate],
            ..Default::default()
        };
        let p = picks(&es, &grads, &Policy::default(), &opt(10));
        let mut ids: Vec<&str> = p.iter().map(|x| x.job_id.as_str()).collect();
        ids.sort();
        assert_eq!(ids, vec!["dev", "load", "trade"], "{p:?}");
        // Internships are for graduates' and young people's shows only.
        let intern =
            posting(r#"{"id":"in","title":"仓储实习生","salary":{"min":3000,"max":3500}}"#);
        assert!(!migrants.admits(&intern, &Policy::default(), today()));
        assert!(grads.admits(&intern, &Policy::default(), today()));
        // A card never says it suits a group it does not.
        let dev = describe(&es[1], &Audience::default(), &Policy::default(), &opt(1));
        assert!(!dev.suits.contains(&Group::MigrantWorker), "{dev:?}");
    }

    #[test]
    fn postings_barred_from_air_never_reach_picks_or_the_stream() {
        let es = vec![
            posting(
                r#"{"id":"trap","title":"普工","salary":{"min":5,"max":10},"description":"月入8000-12000元、0元入职、当天安排住宿"}"#,
            ),
            posting(r#"{"id":"day","title":"泥水工","salary":{"min":100,"max":400}}"#),
            posting(r#"{"id":"ok","title":"泥水工","salary":{"min":6000,"max":8000}}"#),
        ];
        for groups in [vec![], vec![Group::MigrantWorker]] {
            let a = Audience {
                groups,
                ..Default::default()
            };
            let p = picks(&es, &a, &Policy::default(), &opt(10));
            let ids: Vec<&str> = p.iter().map(|x| x.job_id.as_str()).collect();
            assert_eq!(ids, vec!["ok"]);
            assert!(!a.admits(&es[0], &Policy::default(), today()));
            assert!(!a.admits(&es[1], &Policy::default(), today()));
        }
    }

    #[test]
    fn every_card_says_how_to_apply_and_nothing_twice() {
        let es = vec![
            posting(
                r#"{"id":"own","title":"保洁员","url":"https://jobs.example.cn/1","benefits":["包吃住","日结"],"description":"包吃住，日结，月休4天，日结","location":{"region":"广东省广州市天河区"}}"#,
            ),
            posting(r#"{"id":"none","title":"保安","location":{"region":"广东省广州市白云区"}}"#),
        ];
        let a = Audience {
            groups: vec![Group::MigrantWorker],
            home: Home::resolve("广东省广州市天河区"),
            ..Default::default()
        };
        let o = Options {
            hotline: Some("020-12333".into()),
            ..opt(10)
        };
        let p = picks(&es, &a, &Policy::default(), &o);
        let own = p.iter().find(|x| x.job_id == "own").unwrap();
        assert_eq!(
            own.apply.as_deref(),
            Some("报名链接：https://jobs.example.cn/1")
        );
        let none = p.iter().find(|x| x.job_id == "none").unwrap();
        assert_eq!(none.apply.as_deref(), Some("报名咨询：020-12333"));
        for x in &p {
            let all = x.talking_points.join("|");
            assert_eq!(all.matches("薪资").count(), 1, "{all}");
            assert!(
                all.matches("日结").count() <= 1 || all.contains("适合"),
                "{all}"
            );
            let mut seen = std::collections::HashSet::new();
            assert!(x.talking_points.iter().all(|t| seen.insert(t)), "{all}");
        }
        // The county is all that is known of the home: the same county is said as such.
        assert!(
            own.talking_points.iter().any(|t| t == "就在天河区"),
            "{own:?}"
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
