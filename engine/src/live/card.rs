//! What a vacancy offers a livestream, derived once when it is indexed ([`crate::jobset::JobEntry`]):
//! the work it is (read from the title), whether it may go on air at all (the posting screen, the
//! discrimination flags, a stated pay that cannot be a month's), and what a host would say about
//! it, drawn from the posting's own text (rest days, hours, training, housing) and never repeated.
//! Picks and the live stream only filter and order these fields; nothing is ranked per viewer.

use std::sync::OnceLock;

use regex::Regex;
use serde::Serialize;

use crate::model::{Job, JobKind};
use crate::rank::policy::Work;
use crate::rank::JobProfile;
use crate::text::normalise::{clean, fold};

/// A full-time month's pay below this cannot be a month's pay: it is a day's, an hour's or a
/// piece rate written in the monthly field, and a host would read it out wrong.
pub const MIN_MONTHLY_PAY: f64 = 1000.0;

/// Titles that name senior posts (leading others, long experience).
const SENIOR: &[&str] = &[
    "总经理",
    "经理",
    "总监",
    "主管",
    "负责人",
    "总工",
    "资深",
    "高级",
    "专家",
    "主任",
    "厂长",
    "店长",
    "架构师",
    "合伙人",
    "创始人",
    "总裁",
    "董事",
    "ceo",
    "cto",
    "manager",
    "director",
];
/// Titles that name a profession (a degree, licence or specialist skill).
const PROFESSIONAL: &[&str] = &[
    "工程师",
    "开发",
    "程序",
    "算法",
    "设计",
    "会计",
    "财务",
    "审计",
    "律师",
    "法务",
    "医生",
    "医师",
    "护士",
    "药师",
    "教师",
    "老师",
    "讲师",
    "分析",
    "研究",
    "翻译",
    "编辑",
    "策划",
    "产品",
    "外贸",
    "咨询",
    "顾问",
    "测绘",
    "造价",
    "监理",
    "资料员",
    "技术员",
    "专员",
    "运营",
    "数据",
    "证券",
    "投资",
    "金融",
    "规划",
    "java",
    "python",
    "前端",
    "后端",
    "测试",
    "ui",
    "新媒体",
    "hr",
    "人事",
    "培训师",
    "艺人",
    "主播",
    "优化师",
    "人才",
    "实施",
    "医学",
    "药学",
    "engineer",
    "developer",
    "analyst",
    "designer",
    "c++",
    "trainee",
    "投放",
];
/// Titles that name office support work.
const CLERICAL: &[&str] = &[
    "文员", "客服", "前台", "收银", "行政", "助理", "话务", "录入", "统计", "接待", "档案", "内勤",
    "跟单",
];

/// The work a title names: the most demanding class any of its words names.
pub fn work_of(title: &str) -> Work {
    let t = fold(title);
    let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
    if has(SENIOR) {
        Work::Senior
    } else if has(PROFESSIONAL) {
        Work::Professional
    } else if has(CLERICAL) {
        Work::Clerical
    } else {
        Work::Manual
    }
}

/// Why a vacancy never goes on air, if it does not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Barred {
    /// Discriminatory conditions ([`crate::rank::flags`]).
    Discriminatory,
    /// The posting screen found a trap or fee phrase, or a medium or high risk ([`crate::screen`]).
    Risk,
    /// A full-time pay below [`MIN_MONTHLY_PAY`] a month: its unit is unclear.
    PayUnitUnclear,
}

/// The livestream's view of one vacancy.
#[derive(Debug, Clone, Default)]
pub struct Card {
    /// The work it is.
    pub work: Work,
    /// The title names an internship (实习, 见习).
    pub internship: bool,
    /// Why it never goes on air, if so.
    pub barred: Option<Barred>,
    /// Employer, folded, for the per-employer cap.
    pub employer: Option<String>,
    /// Benefits worth saying, each once (the posting's list, then what its text names).
    pub benefits: Vec<String>,
    /// Rest days and hours as the posting says them (月休4天, 8:00-17:30, 长白班).
    pub schedule: Vec<String>,
    /// Training and support for newcomers (新手可带, 带薪培训).
    pub training: Vec<String>,
    /// How to apply, from the posting (a phone or a link), if it says.
    pub apply: Option<String>,
    /// Presentation quality without the posting's age: stated pay, benefits, places.
    pub quality: f64,
}

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
    "全勤奖",
    "加班费",
    "提成",
];

/// Words of a benefit list that are not benefits (a kind or a schedule put in the wrong field).
const NOT_BENEFITS: &[&str] = &["兼职", "全职", "实习", "日结", "双休", "单休"];

struct Patterns {
    schedule: Regex,
    training: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| Patterns {
        schedule: Regex::new(
            r"月休[0-9一二两三四五六七八]{1,2}天|做[五六]休[一二]|周末双休|双休|单休|大小周|长白班|(?:8|八)小时工作制|不加班|两班倒|(?:早|上午)?[0-9]{1,2}[:：点][0-9]{0,2}\s*[-—~至到]\s*(?:晚|下午)?[0-9]{1,2}[:：点][0-9]{0,2}",
        )
        .expect("schedule pattern"),
        training: Regex::new(
            r"新手可带|零基础可学|零基础|无经验可(?:培训|带)|有师傅带|师傅带|带薪培训|免费培训|岗前培训|包教包会",
        )
        .expect("training pattern"),
    })
}

/// Distinct matches of `re` in `text`, at most `n`, one not contained in another.
fn phrases(re: &Regex, text: &str, n: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for m in re.find_iter(text) {
        let p = m.as_str().trim().to_string();
        if p.is_empty() || out.iter().any(|o| o.contains(&p) || p.contains(o.as_str())) {
            continue;
        }
        out.push(p);
        if out.len() == n {
            break;
        }
    }
    out
}

fn benefits(job: &Job, text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let push = |out: &mut Vec<String>, b: &str| {
        // 包吃住 already says 包住 and 包吃; 五险一金 says 五险.
        if !b.is_empty()
            && !NOT_BENEFITS.contains(&b)
            && !out.iter().any(|o| o.contains(b) || b.contains(o.as_str()))
        {
            out.push(b.to_string());
        }
    };
    for b in &job.benefits {
        push(&mut out, b.trim());
    }
    for b in BENEFITS {
        if text.contains(b) {
            push(&mut out, b);
        }
    }
    out.truncate(5);
    out
}

/// A phone or a link of the posting's own (extra fields `contact`, `phone`, `url`, `link`).
fn apply_of(job: &Job) -> Option<String> {
    let field = |k: &str| {
        job.extra
            .get(k)
            .and_then(|v| v.as_str())
            .map(str::trim)
            .filter(|s| !s.is_empty())
    };
    if let Some(p) = ["contact", "phone", "联系电话", "联系方式"]
        .into_iter()
        .find_map(field)
    {
        return Some(format!("报名电话：{p}"));
    }
    ["apply_url", "url", "link"]
        .into_iter()
        .find_map(field)
        .filter(|u| u.starts_with("http://") || u.starts_with("https://"))
        .map(|u| format!("报名链接：{u}"))
}

impl Card {
    /// Derive the card of a vacancy from its record and profile.
    pub fn new(job: &Job, p: &JobProfile) -> Card {
        let text = match &job.description {
            Some(d) => format!("{}\n{}", clean(&job.title), clean(d)),
            None => clean(&job.title),
        };
        let pat = patterns();
        let barred = if !crate::rank::flags::detect(job).is_empty() {
            Some(Barred::Discriminatory)
        } else if p.off_air {
            Some(Barred::Risk)
        } else if p.pay.is_some_and(|(lo, _)| lo < MIN_MONTHLY_PAY)
            && !matches!(p.kind, JobKind::PartTime | JobKind::Gig)
        {
            Some(Barred::PayUnitUnclear)
        } else {
            None
        };
        let benefits = benefits(job, &p.text);
        let mut quality = 0.0;
        if p.pay.is_some() {
            quality += 0.1;
        }
        quality += 0.02 * benefits.len().min(3) as f64;
        if job.places() >= 5 {
            quality += 0.03;
        }
        Card {
            work: work_of(&job.title),
            internship: ["实习", "见习", "intern"]
                .iter()
                .any(|w| fold(&job.title).contains(w)),
            barred,
            employer: job.employer.as_deref().map(fold).filter(|e| !e.is_empty()),
            benefits,
            schedule: phrases(&pat.schedule, &text, 3),
            training: phrases(&pat.training, &text, 2),
            apply: apply_of(job),
            quality,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::job_from_json;

    fn card(json: &str) -> Card {
        let j = job_from_json(json).unwrap();
        Card::new(&j, &JobProfile::new(&j))
    }

    #[test]
    fn work_is_read_from_the_title() {
        assert_eq!(work_of("软件开发经理"), Work::Senior);
        assert_eq!(work_of("全栈工程师"), Work::Professional);
        assert_eq!(work_of("外贸业务员"), Work::Professional);
        assert_eq!(work_of("薪酬福利专员"), Work::Professional);
        assert_eq!(work_of("前台文员"), Work::Clerical);
        assert_eq!(work_of("德邦快递招聘搬运工/装卸工"), Work::Manual);
        assert_eq!(work_of("保洁员"), Work::Manual);
        assert_eq!(work_of("AI联合创始人"), Work::Senior);
        assert_eq!(work_of("ASIC Test engineer"), Work::Professional);
        assert_eq!(work_of("C/C++"), Work::Professional);
        assert_eq!(work_of("Global Trainee"), Work::Professional);
        assert_eq!(work_of("中医学/中药学等专业高层次人才"), Work::Professional);
    }

    #[test]
    fn talking_material_comes_from_the_posting_text_once() {
        let c = card(
            r#"{"id":"a","title":"普工","benefits":["包吃住","兼职"],"salary":{"min":5000,"max":6000},"description":"月休4天，长白班，8:00-17:30，新手可带，包吃住，五险一金，有师傅带","contact":"0794-1234567"}"#,
        );
        assert_eq!(c.benefits, vec!["包吃住", "五险一金"]);
        assert_eq!(c.schedule, vec!["月休4天", "长白班", "8:00-17:30"]);
        assert_eq!(c.training, vec!["新手可带", "有师傅带"]);
        assert_eq!(c.apply.as_deref(), Some("报名电话：0794-1234567"));
        assert_eq!(c.barred, None);
    }

    #[test]
    fn risky_and_unclear_pay_postings_are_barred() {
        let trap = card(
            r#"{"id":"t","title":"普工","salary":{"min":5,"max":10},"description":"月入8000-12000元，0元入职"}"#,
        );
        assert_eq!(trap.barred, Some(Barred::Risk));
        // A trap phrase keeps a posting off air even when the screen rates it low for matching.
        let low = card(
            r#"{"id":"l","title":"普工","salary":{"min":6000,"max":7000},"description":"0元入职，可预支"}"#,
        );
        assert_eq!(low.barred, Some(Barred::Risk));
        let honest = card(
            r#"{"id":"h","title":"保安","salary":{"min":6000,"max":7000},"description":"无押金，不收取任何费用"}"#,
        );
        assert_eq!(honest.barred, None);
        let day = card(r#"{"id":"d","title":"泥水工","salary":{"min":100,"max":400}}"#);
        assert_eq!(day.barred, Some(Barred::PayUnitUnclear));
        let gig =
            card(r#"{"id":"g","title":"发传单","kind":"gig","salary":{"min":100,"max":150}}"#);
        assert_eq!(gig.barred, None);
        let biased = card(r#"{"id":"b","title":"仓管","description":"限男性，本地户籍"}"#);
        assert_eq!(biased.barred, Some(Barred::Discriminatory));
    }
}
