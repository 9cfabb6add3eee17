//! Which postings look like recruitment traps (虚假招聘) rather than work?
//!
//! A screen in the spirit of France Travail's offer checks: fees or deposits asked of applicants,
//! the classic trap phrases (刷单, 网络兼职日结, 签约艺人带薪培训, 试喝 promotions), and pay that is far
//! below any minimum wage or contradicts the posting's own text. Each risk carries the phrase as
//! found and a severity; what a severity does (kept out of livestream picks, demoted in matches) is
//! the caller's policy. Detection is on normalised text (繁→简, full-width → half-width), and a fee
//! phrase that is negated (无需押金, 不收取任何费用) is not a risk.

use std::sync::OnceLock;

use regex::Regex;
use serde::Serialize;

use crate::model::{Job, JobKind};
use crate::text::normalise::clean;

/// How sure the screen is that a posting should not be shown unreviewed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Worth a look; the posting is shown as usual.
    Low,
    /// Likely misleading: kept out of livestream picks, demoted in matches.
    Medium,
    /// A known trap shape: kept out of picks, demoted strongly.
    High,
}

/// One risk found in a posting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Risk {
    /// `fee`, `trap`, `pay_below_minimum`, `pay_inconsistent` or `vague_high_pay`.
    pub kind: &'static str,
    /// The phrase as found (normalised text), or the pay as stated.
    pub phrase: String,
    /// How serious it is.
    pub severity: Severity,
    /// What is wrong, in Chinese, for a caseworker.
    pub why: String,
}

/// The lowest monthly minimum wage of any Chinese province's lowest tier (2024–2025 schedules are
/// 1,620–2,690 元; 1,400 leaves room for older schedules). Full-time monthly pay whose upper bound is
/// under it, with no sign that the amount is hourly, daily or per piece, is flagged.
pub const MONTHLY_FLOOR: f64 = 1_400.0;

/// Stated "monthly" pay under this is taken for a daily or hourly rate whose unit was lost
/// (`pay_unit_unclear`, low), not for a trap.
pub const DAILY_CEILING: f64 = 500.0;

fn re(p: &str) -> Regex {
    Regex::new(p).expect("screen regex")
}

struct Rules {
    fee: Regex,
    negation: Regex,
    traps: Vec<(Regex, Severity, &'static str)>,
    zero_entry: Regex,
    not_a_demand: Regex,
    demand_before: Regex,
    demand_after: Regex,
    unit_hint: Regex,
    stated_monthly: Regex,
    high_pay_words: Regex,
}

fn rules() -> &'static Rules {
    static R: OnceLock<Rules> = OnceLock::new();
    R.get_or_init(|| Rules {
        fee: re(r"(押金|(?:投标|履约|质量|工程)?保证金|培训费|服装费|工装费|工服费|体检费|报名费|资料费|介绍费|中介费|入会费|会员费|建档费|办卡费)"),
        negation: re(r"不[^，。；;\n]{0,8}(收|交|缴|需|用)|无[^，。；;\n]{0,3}(收费|费用)|绝无|(0|零)元?$|无需|无须|无任何|不收|不交|不用交|不需|不要求|不会|免费|免收|免押|从未|从不|绝不|没有|拒绝|禁止|杜绝|谨防|警惕|严禁|均不|零"),
        traps: vec![
            (re(r"刷单|刷信誉|刷好评|刷销量"), Severity::High, "刷单类兼职是常见诈骗"),
            (re(r"(网络|网上|线上|手机|居家|在家)(兼职|打字|录入)[^，。；\n]{0,12}日结|打字员[^，。；\n]{0,8}日结|足不出户[^，。；\n]{0,8}(月入|日入|赚)|躺赚|(居家|在家)[^，。；\n]{0,2}日结|日结[^，。；\n]{0,8}(居家|在家)|语音聊天[^，。；\n]{0,8}(打字|日结|兼职)"), Severity::Medium, "网络兼职日结类招聘多为引流或诈骗"),
            (re(r"签约艺人|(艺人|主播|模特)[^，。；\n]{0,8}带薪培训|带薪培训[^，。；\n]{0,8}(艺人|主播|模特)"), Severity::Medium, "签约艺人、带薪培训类招聘常以培训或包装收费"),
            (re(r"试喝"), Severity::Medium, "试喝推广多为销售或会销"),
            (re(r"试吃"), Severity::Low, "试吃推广需核实是否为销售"),
            (re(r"日赚\s*\d{3,}|日入\s*\d{3,}|日结\s*[5-9]\d{2}"), Severity::Low, "高日结金额需核实"),
        ],
        zero_entry: re(r"(0|零)元入职"),
        not_a_demand: re(r"负责|办理|管理|系统|计算|跟踪|收缴|退还|申请|处理|租赁|合同|预算|投标|招标|采购|客户|租户|业主|福利|报销|补贴|奖励|介绍人|你有"),
        demand_before: re(r"(交|缴|付|收取|收|需|须|要|先|扣|押)[^,，]{0,4}$"),
        demand_after: re(r"^\s*(共)?\s*[:：]?\s*\d+|^\s*(自理|自付|自备|另付|另收)"),
        unit_hint: re(r"(元|块)?\s*/\s*(小时|时|天|日|单|件|次|h|H)|时薪|日薪|计件|单价|每小时|每天|一天|按单|按件|按天|按小时|每单|一单|提成|兼职|实习|结算方式|日结|周结|完工结|课时"),
        stated_monthly: re(r"(月入|月薪|月收入|综合工资|综合收入|到手|底薪|保底)\s*(\d{1,2}(\.\d)?\s*[kK千wW万]|\d{4,6})"),
        high_pay_words: re(r"(高薪|月入过万|月薪过万|年薪\d{2,}万|轻松月入)"),
    })
}

/// Screen a posting: title, description and stated pay.
pub fn screen(job: &Job) -> Vec<Risk> {
    let title = clean(&job.title);
    let mut text = title.clone();
    if let Some(d) = &job.description {
        text.push('\n');
        text.push_str(&clean(d));
    }
    let pay = job.salary.as_ref().map(|s| (s.min, s.max));
    screen_text(&title, &text, pay.unwrap_or((None, None)), job.kind)
}

/// Screen normalised text with the structured pay (lower, upper per month as stated).
pub fn screen_text(
    title: &str,
    text: &str,
    pay: (Option<f64>, Option<f64>),
    kind: JobKind,
) -> Vec<Risk> {
    let r = rules();
    let mut out: Vec<Risk> = Vec::new();
    let push = |out: &mut Vec<Risk>, risk: Risk| {
        if !out
            .iter()
            .any(|x| x.kind == risk.kind && x.phrase == risk.phrase)
        {
            out.push(risk);
        }
    };
    for m in r.fee.find_iter(text) {
        if m.as_str().len() > "保证金".len() || fee_is_negated(text, m.start(), m.end()) {
            continue;
        }
        push(
            &mut out,
            Risk {
                kind: "fee",
                phrase: context(text, m.start(), m.end()),
                severity: Severity::High,
                why: format!("向求职者收取{}", m.as_str()),
            },
        );
    }
    for (rx, sev, why) in &r.traps {
        if let Some(m) = rx.find(text) {
            push(
                &mut out,
                Risk {
                    kind: "trap",
                    phrase: m.as_str().to_string(),
                    severity: *sev,
                    why: why.to_string(),
                },
            );
        }
    }
    let pay_risks = pay_risks(title, text, pay, kind);
    let anomaly = !pay_risks.is_empty();
    for p in pay_risks {
        push(&mut out, p);
    }
    if let Some(m) = r.zero_entry.find(text) {
        // 0元入职 is a lure on its own; with pay that does not add up it is the trap's full shape.
        let severity = if anomaly {
            Severity::High
        } else {
            Severity::Low
        };
        push(
            &mut out,
            Risk {
                kind: "trap",
                phrase: m.as_str().to_string(),
                severity,
                why: if anomaly {
                    "“0元入职”且薪资异常：虚假招聘的典型组合".into()
                } else {
                    "“0元入职”需核实是否另有收费".into()
                },
            },
        );
    }
    if let Some(m) = r.high_pay_words.find(text) {
        // "高薪" with almost nothing about the work itself.
        let body = text.chars().count().saturating_sub(title.chars().count());
        if body < 40 {
            push(
                &mut out,
                Risk {
                    kind: "vague_high_pay",
                    phrase: m.as_str().to_string(),
                    severity: Severity::Low,
                    why: "强调高薪但几乎没有工作内容".into(),
                },
            );
        }
    }
    out.sort_by_key(|r| std::cmp::Reverse(r.severity));
    out
}

/// The highest severity among risks (None when there are none).
pub fn worst(risks: &[Risk]) -> Option<Severity> {
    risks.iter().map(|r| r.severity).max()
}

fn pay_risks(title: &str, text: &str, pay: (Option<f64>, Option<f64>), kind: JobKind) -> Vec<Risk> {
    let r = rules();
    let mut out = Vec::new();
    let Some(hi) = pay.1.or(pay.0) else {
        return out;
    };
    let lo = pay.0.unwrap_or(hi);
    let stated = r
        .stated_monthly
        .captures_iter(text)
        .filter_map(|c| c.get(2).and_then(|m| amount(m.as_str())))
        .fold(0.0_f64, f64::max);
    if stated >= 1_000.0 && hi > 0.0 && hi * 20.0 <= stated {
        out.push(Risk {
            kind: "pay_inconsistent",
            phrase: format!("{}-{}", whole(lo), whole(hi)),
            severity: Severity::Medium,
            why: format!(
                "标注薪资{}-{}元与正文所称月入约{}元不符",
                whole(lo),
                whole(hi),
                whole(stated)
            ),
        });
        return out;
    }
    let hourly_or_daily =
        r.unit_hint.is_match(text) || title.contains("兼职") || title.contains("实习");
    if kind != JobKind::FullTime || hourly_or_daily || hi <= 0.0 {
        return out;
    }
    if hi < DAILY_CEILING {
        // 100–300 "a month" is a daily or hourly rate without its unit: say so, do not call it a trap.
        out.push(Risk {
            kind: "pay_unit_unclear",
            phrase: format!("{}-{}", whole(lo), whole(hi)),
            severity: Severity::Low,
            why: format!(
                "薪资{}-{}元未注明单位，像是日薪或时薪",
                whole(lo),
                whole(hi)
            ),
        });
    } else if hi < MONTHLY_FLOOR {
        out.push(Risk {
            kind: "pay_below_minimum",
            phrase: format!("{}-{}", whole(lo), whole(hi)),
            severity: Severity::Medium,
            why: format!(
                "全职月薪{}-{}元，远低于各地最低工资标准",
                whole(lo),
                whole(hi)
            ),
        });
    }
    out
}

/// A fee word is a demand on the applicant only when its sentence asks for it (需交押金, 押金100元,
/// 服装费自理) — not when it promises the opposite (无需押金, 不收取任何报名费、保证金), names a duty
/// of the job (负责保证金的申请及退还, 收取租户押金) or a benefit (福利：培训费), or a referral bonus.
fn fee_is_negated(text: &str, start: usize, end: usize) -> bool {
    let is_stop = |c: char| matches!(c, '。' | '；' | ';' | '！' | '!' | '?' | '？' | '\n');
    let s_start = text[..start]
        .char_indices()
        .rev()
        .find(|(_, c)| is_stop(*c))
        .map(|(i, c)| i + c.len_utf8())
        .unwrap_or(0);
    let s_end = text[end..]
        .find(is_stop)
        .map(|i| end + i)
        .unwrap_or(text.len());
    let (before, after, sentence) = (
        &text[s_start..start],
        &text[end..s_end],
        &text[s_start..s_end],
    );
    let r = rules();
    if r.negation.is_match(before) || before.ends_with('无') || r.not_a_demand.is_match(sentence) {
        return true;
    }
    let near_before: String = {
        let v: Vec<char> = before.chars().rev().take(8).collect();
        v.into_iter().rev().collect()
    };
    let asked = r.demand_before.is_match(&near_before) || r.demand_after.is_match(after);
    let refunded = ["全退", "可退", "公司承担", "公司出", "报销"]
        .iter()
        .any(|w| after.contains(w));
    !asked || refunded
}

fn context(text: &str, start: usize, end: usize) -> String {
    let pre: String = {
        let v: Vec<char> = text[..start].chars().rev().take(6).collect();
        v.into_iter().rev().collect()
    };
    let post: String = text[end..].chars().take(6).collect();
    format!("{pre}{}{post}", &text[start..end])
        .replace('\n', " ")
        .trim()
        .to_string()
}

fn amount(s: &str) -> Option<f64> {
    let s = s.trim();
    let (num, mult) = if let Some(n) = s.strip_suffix(['k', 'K', '千']) {
        (n, 1_000.0)
    } else if let Some(n) = s.strip_suffix(['w', 'W', '万']) {
        (n, 10_000.0)
    } else {
        (s, 1.0)
    };
    num.trim().parse::<f64>().ok().map(|x| x * mult)
}

fn whole(x: f64) -> String {
    format!("{}", x.round() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Salary;

    fn job(title: &str, desc: &str, pay: Option<(f64, f64)>) -> Job {
        Job {
            id: "x".into(),
            title: title.into(),
            description: Some(desc.into()),
            salary: pay.map(|(a, b)| Salary {
                min: Some(a),
                max: Some(b),
                months: None,
            }),
            ..Default::default()
        }
    }

    fn kinds(j: &Job) -> Vec<(&'static str, Severity)> {
        screen(j)
            .into_iter()
            .map(|r| (r.kind, r.severity))
            .collect()
    }

    #[test]
    fn fees_asked_of_applicants_are_high_risk() {
        let r = screen(&job(
            "普工",
            "入职需交押金300元，服装费自理",
            Some((4000.0, 6000.0)),
        ));
        assert!(
            r.iter().any(|x| x.kind == "fee"
                && x.phrase.contains("押金")
                && x.severity == Severity::High),
            "{r:?}"
        );
        let r = screen(&job(
            "模特",
            "先交培训费2000元后安排工作",
            Some((8000.0, 12000.0)),
        ));
        assert!(
            r.iter()
                .any(|x| x.kind == "fee" && x.phrase.contains("培训费")),
            "{r:?}"
        );
    }

    #[test]
    fn promises_not_to_charge_are_not_fees() {
        for d in [
            "入职无需押金，车子公司全包",
            "我司从未要求应聘者缴纳任何形式的押金、保证金、推荐费、介绍费、中介费等费用。",
            "不交培训费，免费培训",
            "公司在招聘过程中不收取报名费、中介费、手续费、资料费等任何费用",
            "福利：培训费、健身费、补充医疗保险",
            "介绍人过来还有介绍费哦",
            "绝无收费——不向求职者收取任何费用与押金",
            "公司提供车，0押金入职",
            "申请投标保证金，整理标书",
        ] {
            let r = screen(&job("快递员", d, Some((6000.0, 9000.0))));
            assert!(r.iter().all(|x| x.kind != "fee"), "{d}: {r:?}");
        }
    }

    #[test]
    fn the_issue_shapes_are_caught() {
        // "月入8000-12000元、0元入职" with structured pay 5–10: inconsistent pay and the trap's full shape.
        let k = kinds(&job(
            "月入8000-12000元、0元入职、当天安排住宿/入职快",
            "配送员，全城就近分配",
            Some((5.0, 10.0)),
        ));
        assert!(k.contains(&("pay_inconsistent", Severity::Medium)), "{k:?}");
        assert!(k.contains(&("trap", Severity::High)), "{k:?}");
        let k = kinds(&job(
            "签约艺人带薪培训",
            "招聘主播，签约艺人，公司包装",
            Some((15000.0, 30000.0)),
        ));
        assert!(
            k.iter()
                .any(|(k, s)| *k == "trap" && *s >= Severity::Medium),
            "{k:?}"
        );
        let k = kinds(&job(
            "羊奶试喝-包住不加班",
            "小区摆摊，免费试喝推广",
            Some((8000.0, 13000.0)),
        ));
        assert!(
            k.iter()
                .any(|(k, s)| *k == "trap" && *s >= Severity::Medium),
            "{k:?}"
        );
        let k = kinds(&job(
            "手机兼职",
            "网络兼职，打字录入，当天日结，足不出户月入过万",
            None,
        ));
        assert!(
            k.iter()
                .any(|(k, s)| *k == "trap" && *s >= Severity::Medium),
            "{k:?}"
        );
        let k = kinds(&job("淘宝刷单", "刷信誉，一单一结", None));
        assert!(k.contains(&("trap", Severity::High)), "{k:?}");
        let k = kinds(&job(
            "抖音语音聊天打字+居家日结",
            "上麦配合主播互动聊天，当天结算",
            None,
        ));
        assert!(k.contains(&("trap", Severity::Medium)), "{k:?}");
    }

    #[test]
    fn pay_below_any_minimum_wage_is_flagged_only_when_monthly() {
        let k = kinds(&job("仓库管理员", "负责出入库", Some((80.0, 500.0))));
        assert!(
            k.contains(&("pay_below_minimum", Severity::Medium)),
            "{k:?}"
        );
        // Hourly and daily amounts and part-time work are not monthly pay.
        for (t, d) in [
            ("游泳教练", "结算方式：月结，时薪"),
            ("家教兼职", "每次两小时"),
            ("搬运工", "200元/天，日结"),
        ] {
            let k = kinds(&job(t, d, Some((30.0, 200.0))));
            assert!(
                k.iter().all(|(k, _)| *k != "pay_below_minimum"),
                "{t}: {k:?}"
            );
        }
        let mut j = job("促销员", "周末促销", Some((100.0, 200.0)));
        j.kind = JobKind::PartTime;
        assert!(kinds(&j).is_empty());
    }

    #[test]
    fn ordinary_postings_pass() {
        for (t, d, p) in [
            (
                "叉车司机",
                "持叉车证，五险一金，包吃住，月休四天",
                (5000.0, 7000.0),
            ),
            (
                "Java开发工程师",
                "负责后端服务开发，熟悉Spring",
                (15000.0, 25000.0),
            ),
            (
                "保洁员",
                "小区物业保洁，上六休一，新手可带",
                (2500.0, 3200.0),
            ),
        ] {
            assert!(screen(&job(t, d, Some(p))).is_empty(), "{t}");
        }
    }

    /// Prints every flagged posting of a platform CSV, for hand-checking the screen's precision:
    /// `BOLE_SCREEN_CSV=jobs.csv cargo test -p bole-engine --lib screen::tests::sample -- --ignored --nocapture`
    #[test]
    #[ignore]
    fn sample() {
        let Ok(path) = std::env::var("BOLE_SCREEN_CSV") else {
            return;
        };
        let f = std::fs::File::open(path).expect("csv");
        let (mut n, mut flagged) = (0, 0);
        let lines = crate::import::read::<Job, _>(f, crate::import::Format::Csv).expect("header");
        for line in lines {
            let Ok(crate::import::Line { outcome: Ok(j), .. }) = line else {
                continue;
            };
            n += 1;
            let r = screen(&j);
            if worst(&r) >= Some(Severity::Medium) {
                flagged += 1;
                let pay = j
                    .salary
                    .as_ref()
                    .map(|s| format!("{:?}-{:?}", s.min, s.max))
                    .unwrap_or_default();
                let desc: String = j
                    .description
                    .as_deref()
                    .unwrap_or("")
                    .chars()
                    .take(90)
                    .collect();
                println!(
                    "FLAG\t{}\t{}\t{}\t{:?}\t{}",
                    j.id,
                    j.title,
                    pay,
                    r.iter()
                        .map(|x| (x.kind, x.severity, x.phrase.as_str()))
                        .collect::<Vec<_>>(),
                    desc.replace(['\n', '\t'], " ")
                );
            }
        }
        println!("postings {n}, flagged medium or high {flagged}");
    }

    #[test]
    fn worst_is_the_highest_severity() {
        let r = screen(&job("普工", "需交押金，0元入职", Some((4000.0, 5000.0))));
        assert_eq!(worst(&r), Some(Severity::High));
        assert_eq!(worst(&[]), None);
    }
}
