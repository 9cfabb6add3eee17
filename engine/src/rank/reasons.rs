//! Why a pair fits, in Chinese: a step over the [`Features`] already computed, run only for the few
//! pairs that are shown (formatting text for every pair of a pool would cost more than scoring).
//!
//! Each reason has a weight (its share of the score, roughly); warnings (negative weight) are
//! always kept, otherwise the strongest [`SHOWN`].

use super::features::{self, BonusTable, Features, PayFit, Trait};
use super::policy::Policy;
use super::profile::{self, CandidateProfile, JobProfile};
use crate::model::JobKind;
use crate::text::salary::whole;

/// Reasons shown besides warnings.
pub const SHOWN: usize = 4;
/// A title fit is named from this value up.
const TITLE_SAID: f64 = 0.5;
/// Semantic similarity is named from this value up, when the title fit is below [`TITLE_SAID`].
const SEMANTIC_SAID: f64 = 0.55;

fn km_text(km: f64) -> String {
    if km < 1.0 {
        "不到1公里".to_string()
    } else {
        format!("约{}公里", whole(km.round()))
    }
}

/// The vacancy's pay as written everywhere.
fn pay_of(j: &JobProfile) -> String {
    crate::text::salary::pay_text(j.stated_pay.0, j.stated_pay.1)
}

/// The reasons of a pair whose features are `f`, strongest first.
pub fn explain(c: &CandidateProfile, j: &JobProfile, f: &Features, policy: &Policy) -> Vec<String> {
    let w = &policy.weights;
    let mut r: Vec<(f64, String)> = Vec::new();
    fit_reasons(c, j, f, policy, &mut r);
    if let Some(want) = c.salary_min {
        if let Some((lo, hi)) = j.pay {
            match features::pay_fit(want, lo, hi) {
                PayFit::Above => r.push((w.salary, format!("薪资高于期望（{}）", pay_of(j)))),
                PayFit::Reachable => {
                    r.push((w.salary * 0.7, format!("薪资可达期望（{}）", pay_of(j))))
                }
                PayFit::Below => {}
            }
        }
    } else if j.pay.is_some() {
        r.push((0.2, format!("薪资{}", pay_of(j))));
    }
    if f.education_gap > 0 {
        if let Some(req) = j.edu {
            r.push((-0.5, format!("注意：要求{}，高于本人学历", req.label())));
        }
    }
    if j.exp > 0.0 && c.exp >= j.exp {
        r.push((w.experience * 0.5, format!("经验符合（要求{}年）", j.exp)));
    }
    if c.kinds.contains(&j.kind) && j.kind != JobKind::FullTime {
        r.push((w.kind * 0.6, format!("岗位类型相符：{}", j.kind.label())));
    }
    let (need, offer) = (features::needs_of(c), features::offers_of(j));
    if need.accessible && offer.accessible == Some(true) {
        r.push((w.needs * 1.1, "无障碍岗位，适合残疾人".to_string()));
    }
    if need.flexible && offer.flexible {
        r.push((w.needs * 0.9, "工作时间灵活".to_string()));
    }
    if need.accommodation && offer.board {
        r.push((w.needs * 0.9, format!("提供住宿（{}）", j.board_label)));
    }
    bonus_reasons(c, j, f, policy, &mut r);
    strongest(r)
}

/// Title, skills, meaning, distance and region.
fn fit_reasons(
    c: &CandidateProfile,
    j: &JobProfile,
    f: &Features,
    policy: &Policy,
    r: &mut Vec<(f64, String)>,
) {
    let w = &policy.weights;
    if !c.intents.is_empty() {
        let (best, which) = c.title_fit(&j.title, &j.title_grams);
        if best >= TITLE_SAID {
            let which = which.map(|i| c.intents[i].as_str()).unwrap_or("");
            let text = format!("职位对口：{}（期望/经历：{}）", j.display_title, which);
            r.push((w.title * best, text));
        }
    } else if let Some(t) = f.title {
        r.push((t * w.title, format!("简历中提到「{}」", j.display_title)));
    }
    let matched = profile::matched_skills(c, j);
    if !matched.is_empty() {
        let shown: Vec<&str> = matched.iter().take(3).map(String::as_str).collect();
        let s = f.skills.unwrap_or(0.0);
        r.push((
            w.skills * s + 0.01,
            format!("技能匹配：{}", shown.join("、")),
        ));
    }
    if let Some(s) = f.semantic.filter(|s| *s >= SEMANTIC_SAID) {
        if f.title.unwrap_or(0.0) < TITLE_SAID {
            r.push((
                w.semantic * s * 0.5,
                format!("经历与岗位内容相近（语义相似度{s:.2}）"),
            ));
        }
    }
    if let (Some(km), Some(o)) = (f.km, features::origin(c)) {
        let from = if c.home.is_some() {
            "距家"
        } else {
            "距期望地点"
        };
        let circle = features::circle_km(o.urban, &policy.circles);
        if f.beyond_commute {
            let limit = whole(c.max_commute_km.unwrap_or(0.0).round());
            r.push((
                -1.0,
                format!("注意：距离{}，超出通勤上限{limit}公里", km_text(km)),
            ));
        } else if km <= circle {
            let circle_name = if o.urban {
                "城区15分钟就业服务圈"
            } else {
                "15公里就业服务网"
            };
            r.push((
                w.distance * 1.2,
                format!("{from}{}，在{circle_name}内", km_text(km)),
            ));
        } else {
            let s = f.distance.unwrap_or(0.0);
            r.push((w.distance * s * 0.5, format!("{from}{}", km_text(km))));
        }
    }
    if let Some(p) = &j.place {
        if let Some(d) = features::desired_region(&c.desired, p.adcode) {
            r.push((w.region * 0.8, format!("位于期望地区{}", d.name)));
        }
    }
}

/// The group bonuses that applied, in the order they were added.
fn bonus_reasons(
    c: &CandidateProfile,
    j: &JobProfile,
    f: &Features,
    policy: &Policy,
    r: &mut Vec<(f64, String)>,
) {
    let near = features::near_home(
        features::in_home_county(c.home.as_ref(), j.place.as_ref().map(|p| p.adcode)),
        f.km,
        &policy.circles,
    );
    let traits = features::job_traits(j) | if near { Trait::NearHome.bit() } else { 0 };
    let table = BonusTable::new(&c.groups, policy);
    for (t, amount, g) in table.applied(traits) {
        let who = c.groups[g].label();
        let text = match t {
            Trait::Internship => format!("就业见习岗位，适合{who}"),
            Trait::EntryLevel => "无经验要求，适合初入职场".to_string(),
            Trait::Subsidy => "单位可享一次性扩岗补助".to_string(),
            Trait::Board => format!("{}，适合外出务工", j.board_label),
            Trait::DailyPay => "日结/零工，收入及时".to_string(),
            Trait::Brand => format!("劳务品牌：{}", j.brand.unwrap_or_default()),
            Trait::PublicWelfare => format!("公益性岗位，优先安置{who}"),
            Trait::LowBarrier => "入职门槛低（学历、经验不限）".to_string(),
            Trait::Accessible => "无障碍岗位，适合残疾人".to_string(),
            Trait::Flexible => "工作时间灵活".to_string(),
            Trait::NearHome => "就近就地就业".to_string(),
        };
        r.push((amount * 20.0, text));
    }
}

/// Strongest first (stable: equal weights keep their order), each text once; warnings always.
fn strongest(mut v: Vec<(f64, String)>) -> Vec<String> {
    v.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut out: Vec<String> = Vec::new();
    for (wgt, r) in v {
        if out.contains(&r) {
            continue;
        }
        if wgt < 0.0 || out.len() < SHOWN {
            out.push(r);
        }
    }
    out
}
