//! Vacancies in the five seed cities.

use bole::model::{Job, JobKind, Salary};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use crate::places::{Place, SEED};
use crate::trades::{Sector, Trade, TRADES};
use crate::util::{
    chance, hant, hant_all, hant_opt, iso_date, location, pick, record_rng, round_to, some,
    weighted,
};

/// Stream salt so jobs and candidates of the same seed draw unrelated numbers.
const SALT: u64 = 0x6a6f_6273_0000_0001;

/// First posting day (2026-09-01) as days since 1970-01-01, and the day the corpus treats as today
/// (2026-11-21) for deciding which postings may already have expired.
const FIRST_POSTED: i64 = 20_697;
const TODAY: i64 = 20_778;

/// Firm names joined to a place and an industry ending.
const BRANDS: &[&str] = &[
    "华鑫",
    "恒达",
    "金盛",
    "宏远",
    "瑞丰",
    "鑫源",
    "佳美",
    "天诚",
    "润泽",
    "盛华",
    "永安",
    "福瑞",
    "康达",
    "顺通",
    "嘉禾",
    "兴旺",
    "众诚",
    "博远",
    "明辉",
    "长青",
    "鼎盛",
    "旭日",
    "正邦",
    "凯利",
    "隆鑫",
    "新源",
    "锦程",
    "广源",
    "同创",
    "汇丰源",
    "立信",
    "中联",
    "德润",
    "宝丰",
    "昌盛",
    "恒通",
    "万家",
    "红星",
    "青松",
    "大地",
    "绿源",
    "海创",
    "晟达",
    "聚力",
    "思远",
    "惠民",
    "好邻居",
    "乐康",
    "安心",
    "阳光",
];

/// Employers that take the county's name directly rather than a brand (public bodies).
const INSTITUTIONS: &[&str] = &[
    "人民医院",
    "中医院",
    "妇幼保健院",
    "社区卫生服务中心",
    "学校",
    "实验学校",
    "幼儿园",
    "实验幼儿园",
    "社会福利院",
];

/// Where a posting with discriminatory conditions hides them (~1%); the office should flag them.
const DISCRIMINATORY: &[&str] = &[
    "限男性",
    "仅限女性",
    "限本地户口",
    "年龄35岁以下",
    "汉族",
    "仅招男性",
    "限女性，已婚已育",
];

/// Generates vacancy `i` of the corpus with `seed`.
pub(crate) fn job(seed: u64, i: u64) -> Job {
    let rng = &mut record_rng(seed, SALT, i);
    let place = &SEED[weighted(rng, SEED, |p| if p.rural { 2 } else { 3 })];
    let trade = &TRADES[weighted(rng, TRADES, |t| t.weight)];
    let kind = trade.kinds[weighted(rng, trade.kinds, |k| k.1)].0;

    let base = if chance(rng, 0.5) {
        trade.titles[0]
    } else {
        *pick(rng, trade.titles)
    };
    let title = title(rng, base, kind, place, trade);
    let employer = employer(rng, trade, base, place);
    let salary = salary(rng, trade, kind, place);
    let benefits = benefits(rng, trade.sector, kind);

    let mut skills: Vec<String> = if chance(rng, 0.85) {
        let k = rng.gen_range(1..=4);
        some(rng, trade.skills, k)
            .into_iter()
            .map(String::from)
            .collect()
    } else {
        Vec::new()
    };
    if !trade.certs.is_empty() && chance(rng, 0.35) {
        skills.push(pick(rng, trade.certs).to_string());
    }

    let experience_years = if matches!(kind, JobKind::Internship | JobKind::PublicWelfare) {
        chance(rng, 0.6).then_some(0.0)
    } else if chance(rng, 0.55) {
        let skilled = trade.pay.0 >= 4500
            || matches!(trade.sector, Sector::Office | Sector::Tech | Sector::Health);
        Some(if skilled {
            *pick(rng, &[0.0, 1.0, 1.0, 2.0, 3.0, 3.0, 5.0])
        } else {
            *pick(rng, &[0.0, 0.0, 0.0, 1.0])
        })
    } else {
        None
    };

    let headcount = chance(rng, 0.85).then(|| {
        let (lo, hi) = match trade.sector {
            Sector::Factory | Sector::Farm => (3, 20),
            Sector::Construction => (2, 15),
            Sector::Logistics | Sector::PublicWelfare => (1, 10),
            Sector::Sales | Sector::Catering | Sector::Service | Sector::Health => (1, 6),
            _ => (1, 3),
        };
        rng.gen_range(lo..=hi)
    });

    let accessible = match (trade.sector, trade.titles[0]) {
        (Sector::PublicWelfare, "护林员") => chance(rng, 0.3).then_some(chance(rng, 0.5)),
        (Sector::PublicWelfare, _) => Some(chance(rng, 0.75)),
        (_, "手工串珠（可居家）") => Some(chance(rng, 0.8)),
        (Sector::Office | Sector::Tech | Sector::Sales, _) => chance(rng, 0.15).then_some(true),
        (Sector::Construction, _) => chance(rng, 0.1).then_some(false),
        _ => chance(rng, 0.03).then(|| chance(rng, 0.5)),
    };

    let posted = FIRST_POSTED + rng.gen_range(0..=(TODAY - FIRST_POSTED));
    let valid = posted + rng.gen_range(60..=130);
    let posted_at = chance(rng, 0.95).then(|| iso_date(posted));
    let valid_until = chance(rng, 0.9).then(|| iso_date(valid));

    let education = chance(rng, 0.85).then(|| pick(rng, trade.edu).to_string());
    let source = Some(source(rng, place, kind));
    let description = chance(rng, 0.95).then(|| {
        description(
            rng,
            trade,
            kind,
            place,
            &salary,
            &benefits,
            experience_years,
            education.as_deref(),
        )
    });

    let mut j = Job {
        id: format!("j-{seed}-{i}"),
        title,
        description,
        employer: Some(employer),
        skills,
        location: Some(location(rng, place, 6.0)),
        salary,
        education,
        experience_years,
        kind,
        headcount,
        benefits: benefits.into_iter().map(String::from).collect(),
        accessible,
        posted_at,
        valid_until,
        source,
        extra: Default::default(),
    };
    if chance(rng, 0.05) {
        to_traditional(&mut j);
    }
    j
}

fn to_traditional(j: &mut Job) {
    j.title = hant(&j.title);
    hant_opt(&mut j.description);
    hant_opt(&mut j.employer);
    hant_opt(&mut j.education);
    hant_all(&mut j.skills);
    hant_all(&mut j.benefits);
    if let Some(l) = &mut j.location {
        hant_opt(&mut l.region);
    }
}

fn title(rng: &mut ChaCha8Rng, base: &str, kind: JobKind, place: &Place, trade: &Trade) -> String {
    // Local offices often prefix the county to manual-trade titles (临川建筑工, 资溪面包师).
    let local = matches!(
        trade.sector,
        Sector::Construction
            | Sector::Logistics
            | Sector::Household
            | Sector::Catering
            | Sector::Factory
    ) && chance(rng, 0.12);
    let t = if local {
        format!("{}{}", place.short(), base)
    } else {
        base.to_string()
    };
    let t = match kind {
        JobKind::Gig => match rng.gen_range(0..5) {
            0 => format!("{t}（日结）"),
            1 => format!("日结{t}"),
            2 => format!("零工-{t}"),
            3 => format!("临时{t}"),
            _ => t,
        },
        JobKind::Internship => match rng.gen_range(0..4) {
            0 => format!("就业见习-{t}"),
            1 => format!("{t}（见习岗位）"),
            2 => format!("见习{t}"),
            _ => format!("{t}（就业见习）"),
        },
        JobKind::PartTime => match rng.gen_range(0..3) {
            0 => format!("{t}（兼职）"),
            1 => format!("兼职{t}"),
            _ => t,
        },
        JobKind::PublicWelfare if chance(rng, 0.3) => format!("{t}（公益性岗位）"),
        _ => t,
    };
    // Some platforms store Latin letters and digits full-width (ＣＮＣ操作工).
    if t.is_ascii() || !t.chars().any(|c| c.is_ascii_alphanumeric()) || !chance(rng, 0.2) {
        return t;
    }
    t.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                char::from_u32(c as u32 + 0xFEE0).unwrap_or(c)
            } else {
                c
            }
        })
        .collect()
}

fn employer(rng: &mut ChaCha8Rng, trade: &Trade, base: &str, place: &Place) -> String {
    let county = place.name();
    if trade.sector == Sector::PublicWelfare {
        let offices: &[&str] = if base.contains("护林") || base.contains("河道") {
            &["林业局", "自然资源局", "水利局", "镇人民政府"]
        } else if base.contains("保洁") {
            &[
                "城市管理局",
                "城区街道办事处",
                "社区居民委员会",
                "环境卫生管理所",
            ]
        } else if base.contains("交通") {
            &["交通运输局", "公安局交通管理大队"]
        } else {
            &[
                "人力资源和社会保障局",
                "就业创业服务中心",
                "社区居民委员会",
                "民政局",
                "乡村振兴局",
            ]
        };
        return format!("{county}{}", pick(rng, offices));
    }
    let firm = *pick(rng, trade.firms);
    if INSTITUTIONS.contains(&firm) {
        return if chance(rng, 0.7) {
            format!("{county}{firm}")
        } else {
            format!(
                "{}{}{firm}",
                place.city,
                pick(rng, &["第一", "第二", "第三"])
            )
        };
    }
    let head = match rng.gen_range(0..5) {
        0 => place.city_short(),
        1 => place.short(),
        2 => place.province.trim_end_matches('省'),
        _ => "",
    };
    format!("{head}{}{firm}", pick(rng, BRANDS))
}

fn salary(rng: &mut ChaCha8Rng, trade: &Trade, kind: JobKind, place: &Place) -> Option<Salary> {
    // About one posting in ten says 面议 and carries no figure.
    if kind != JobKind::PublicWelfare && chance(rng, 0.1) {
        return None;
    }
    let f = place.pay * rng.gen_range(0.9..1.1);
    let (lo, hi) = (trade.pay.0 as f64 * f, trade.pay.1 as f64 * f);
    let (min, max) = match kind {
        JobKind::Gig => {
            let day = round_to(lo / 22.0 * rng.gen_range(1.0..1.3), 10.0);
            (day * 20.0, day * 26.0)
        }
        JobKind::Internship => {
            // 见习补贴 is set locally and sits well below the trade's pay.
            let s = round_to(lo * rng.gen_range(0.55..0.8), 100.0);
            (s, s + round_to(rng.gen_range(0.0..800.0), 100.0))
        }
        JobKind::PublicWelfare => {
            let s = round_to(lo, 50.0);
            (
                s,
                if chance(rng, 0.5) {
                    s
                } else {
                    round_to(hi, 50.0)
                },
            )
        }
        JobKind::PartTime => (round_to(lo * 0.5, 100.0), round_to(hi * 0.6, 100.0)),
        JobKind::FullTime => {
            let a = round_to(rng.gen_range(lo..(lo + hi) / 2.0), 100.0);
            let b = round_to(rng.gen_range((lo + hi) / 2.0..hi * 1.1), 500.0).max(a + 500.0);
            (a, b)
        }
    };
    let months =
        (kind == JobKind::FullTime && chance(rng, 0.25)).then(|| *pick(rng, &[12, 13, 13, 14]));
    match rng.gen_range(0..20) {
        0 => Some(Salary {
            min: Some(min),
            max: None,
            months,
        }),
        _ => Some(Salary {
            min: Some(min),
            max: Some(max),
            months,
        }),
    }
}

fn benefits(rng: &mut ChaCha8Rng, sector: Sector, kind: JobKind) -> Vec<&'static str> {
    let pool: &[&str] = match sector {
        Sector::Factory => &[
            "包吃住",
            "五险一金",
            "加班费",
            "全勤奖",
            "免费班车",
            "节日福利",
            "包住",
            "五险",
        ],
        Sector::Construction => &["包吃住", "包住", "月结", "高温补贴", "意外险"],
        Sector::Logistics => &["五险一金", "包住", "餐补", "加班费", "全勤奖", "节日福利"],
        Sector::Household => &["包吃住", "包住", "节日福利", "带薪假期"],
        Sector::Catering => &["包吃住", "包吃", "月休4天", "节日福利", "五险"],
        Sector::Service => &["包住", "五险", "节日福利", "工作餐"],
        Sector::PublicWelfare => &["缴纳社保", "岗位补贴", "法定节假日"],
        Sector::Office | Sector::Tech | Sector::Sales => &[
            "五险一金",
            "双休",
            "周末双休",
            "带薪年假",
            "节日福利",
            "绩效奖金",
            "年终奖",
        ],
        Sector::Teaching => &["五险一金", "寒暑假", "双休", "节日福利"],
        Sector::Health => &["五险一金", "带薪年假", "节日福利", "定期体检"],
        Sector::Farm => &["包午餐", "日结", "交通补助"],
    };
    let mut v = if chance(rng, 0.8) {
        let k = rng.gen_range(1..=3);
        some(rng, pool, k)
    } else {
        Vec::new()
    };
    match kind {
        JobKind::Gig if !v.contains(&"日结") => v.insert(0, "日结"),
        JobKind::Internship => {
            v.retain(|b| !b.starts_with("五险"));
            v.insert(0, "见习补贴");
        }
        _ => {}
    }
    v
}

fn source(rng: &mut ChaCha8Rng, place: &Place, kind: JobKind) -> String {
    if kind == JobKind::Gig && chance(rng, 0.6) {
        return format!("{}零工市场", place.city_short());
    }
    match rng.gen_range(0..4) {
        0 => format!("{}公共就业服务平台", place.city),
        1 => format!("{}公共招聘网", place.province.trim_end_matches('省')),
        2 => format!("{}就业创业服务中心", place.name()),
        _ => format!("{}人力资源市场", place.city),
    }
}

#[allow(clippy::too_many_arguments)]
fn description(
    rng: &mut ChaCha8Rng,
    trade: &Trade,
    kind: JobKind,
    place: &Place,
    salary: &Option<Salary>,
    benefits: &[&str],
    experience: Option<f64>,
    education: Option<&str>,
) -> String {
    let k = rng.gen_range(2..=3);
    let duties = some(rng, trade.duties, k);
    let k = rng.gen_range(1..=3);
    let mut reqs: Vec<String> = some(rng, trade.reqs, k)
        .into_iter()
        .map(String::from)
        .collect();
    if let Some(e) = education {
        if chance(rng, 0.5) {
            reqs.insert(0, format!("学历：{e}"));
        }
    }
    if let Some(y) = experience.filter(|y| *y > 0.0) {
        reqs.push(format!("{y}年以上相关工作经验"));
    }
    if chance(rng, 0.01) {
        // Some employers still write conditions the law forbids; the office must catch them.
        let bad = pick(rng, DISCRIMINATORY);
        let at = rng.gen_range(0..=reqs.len());
        reqs.insert(at, bad.to_string());
    }

    let mut extra: Vec<String> = Vec::new();
    match (kind, salary) {
        (JobKind::Gig, Some(s)) => extra.push(format!(
            "日结，{}元/天，干一天结一天",
            s.min.map(|m| m / 20.0).unwrap_or(150.0)
        )),
        (JobKind::Internship, _) => extra.push(format!(
            "见习期{}个月，见习期间按当地标准发放见习补贴，并购买人身意外伤害保险，见习期满表现优秀者可留用",
            pick(rng, &[3, 6, 6, 12])
        )),
        (JobKind::PublicWelfare, _) => extra.push(
            "本岗位为政府开发的公益性岗位，面向就业困难人员、零就业家庭成员、脱贫人口等群体，依法签订劳动合同，按规定缴纳社会保险"
                .to_string(),
        ),
        (_, Some(Salary { min: Some(a), max: Some(b), .. })) if chance(rng, 0.5) => {
            extra.push(format!("薪资{a}-{b}元/月，多劳多得"))
        }
        (_, None) => extra.push("薪资面议".to_string()),
        _ => {}
    }
    if !benefits.is_empty() && chance(rng, 0.6) {
        extra.push(format!("福利待遇：{}", benefits.join("、")));
    }
    let spot = *pick(rng, &["工业园", "经济开发区", "城区", "高新区", "镇上"]);
    extra.push(format!("工作地点：{}{}{}", place.city, place.name(), spot));
    if chance(rng, 0.4) {
        extra.push(format!(
            "有意者请携带身份证到{}人力资源市场{}号窗口登记，或电话联系",
            place.name(),
            rng.gen_range(1..=12)
        ));
    }

    let list = |xs: &[String], sep: &str| -> String {
        xs.iter()
            .enumerate()
            .map(|(n, x)| format!("{}、{x}", n + 1))
            .collect::<Vec<_>>()
            .join(sep)
    };
    let duties: Vec<String> = duties.into_iter().map(String::from).collect();
    match rng.gen_range(0..10) {
        // HTML pasted from the platform's editor.
        0..=2 => format!(
            "岗位职责：<br>{}<br>任职要求：<br>{}<br>{}",
            list(&duties, "<br>"),
            list(&reqs, "<br>"),
            extra.join("<br>")
        ),
        3..=6 => format!(
            "【岗位职责】\n{}\n【任职要求】\n{}\n{}",
            list(&duties, "\n"),
            list(&reqs, "\n"),
            extra.join("\n")
        ),
        _ => format!(
            "{}。{}。{}。",
            duties.join("，"),
            reqs.join("，"),
            extra.join("；")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_bracket_the_reference_day() {
        assert_eq!(iso_date(FIRST_POSTED), "2026-09-01");
        assert_eq!(iso_date(TODAY), "2026-11-21");
    }

    #[test]
    fn salaries_follow_trade_and_region() {
        // Same trade, richer city pays more on average: 扬州 (1.3) vs 新田 (0.86).
        let trade = crate::trades::by_title("叉车司机");
        let yz = SEED.iter().find(|p| p.adcode == "321003").unwrap();
        let xt = SEED.iter().find(|p| p.adcode == "431128").unwrap();
        let mut rng = record_rng(3, 0, 0);
        let mean = |rng: &mut ChaCha8Rng, p: &Place| {
            let v: Vec<f64> = (0..400)
                .filter_map(|_| salary(rng, trade, JobKind::FullTime, p).and_then(|s| s.min))
                .collect();
            v.iter().sum::<f64>() / v.len() as f64
        };
        let (a, b) = (mean(&mut rng, yz), mean(&mut rng, xt));
        assert!(a > b * 1.3, "扬州 {a} vs 新田 {b}");
        assert!((4000.0..9000.0).contains(&a), "{a}");
    }
}
