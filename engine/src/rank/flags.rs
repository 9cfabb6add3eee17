//! Which postings carry discriminatory conditions the office should see?
//!
//! Detection only: a flagged posting stays matchable, and flags never enter a score. Each flag
//! carries the offending phrase as written so a caseworker can judge it in context.

use std::sync::OnceLock;

use regex::Regex;
use serde::Serialize;

use crate::model::Job;
use crate::text::normalise::clean;

/// One discriminatory condition found in a posting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Flag {
    /// `sex`, `ethnicity`, `household_registration`, `age`, `marital_status` or `religion`.
    pub kind: &'static str,
    /// The phrase as found (normalised text).
    pub phrase: String,
}

fn rules() -> &'static [(&'static str, Regex)] {
    static R: OnceLock<Vec<(&'static str, Regex)>> = OnceLock::new();
    R.get_or_init(|| {
        let r = |k, p: &str| (k, Regex::new(p).expect("flag regex"));
        vec![
            r("sex", r"(限|仅限|只招|只要|要求)(男|女)(性|士|生)?|(男|女)(性|士|生)?优先|(男|女)性(员工|若干)|性别[:：]?\s*(男|女)"),
            r("ethnicity", r"(限|仅限|只招|要求)?(汉族|维吾尔族|藏族|回族)(人员|优先)?|少数民族(除外|勿扰|不要)"),
            r("household_registration", r"(限|仅限|只招|要求)?(本地|本市|本省|本县|城镇|农村)(户口|户籍)|(户口|户籍)(所在地)?(须|需|必须)?(为|在)?(本地|本市|本省)"),
            r("age", r"(年龄)?\s*(\d{2})\s*(周岁|岁)\s*(以下|以内|之内)|年龄\s*(\d{2})\s*[-~至到]\s*(\d{2})\s*(周岁|岁)|年龄(不超过|不得超过|小于|低于)\s*(\d{2})"),
            r("marital_status", r"(已婚已育|未婚未育|已婚|未婚)(优先|者优先)?|婚育"),
            r("religion", r"(无宗教信仰|宗教信仰)"),
        ]
    })
}

/// An age ceiling at or below this is treated as unreasonable (`35岁以下`); higher ceilings
/// (e.g. 55岁以下 for physically heavy work) are left to the office's judgement.
pub const AGE_CEILING: u32 = 45;

/// Find discriminatory conditions in a posting's title and description.
pub fn detect(job: &Job) -> Vec<Flag> {
    let mut text = clean(&job.title);
    if let Some(d) = &job.description {
        text.push('\n');
        text.push_str(&clean(d));
    }
    detect_text(&text)
}

/// Find discriminatory conditions in normalised text.
pub fn detect_text(text: &str) -> Vec<Flag> {
    let mut out: Vec<Flag> = Vec::new();
    for (kind, re) in rules() {
        for m in re.captures_iter(text) {
            let phrase = m
                .get(0)
                .map(|x| x.as_str().trim().to_string())
                .unwrap_or_default();
            if *kind == "age" {
                // The ceiling is the largest two-digit number in the phrase.
                let ceiling = m
                    .iter()
                    .skip(1)
                    .flatten()
                    .filter_map(|g| g.as_str().parse::<u32>().ok())
                    .max();
                if !matches!(ceiling, Some(c) if (16..=AGE_CEILING).contains(&c)) {
                    continue;
                }
            }
            if *kind == "sex" && is_neutral_sex_phrase(text, &m) {
                continue;
            }
            if !out.iter().any(|f| f.kind == *kind && f.phrase == phrase) {
                out.push(Flag { kind, phrase });
            }
        }
    }
    out
}

fn is_neutral_sex_phrase(text: &str, m: &regex::Captures) -> bool {
    // "男女不限" / "性别不限" are the opposite of a restriction.
    let end = m.get(0).map(|x| x.end()).unwrap_or(0);
    let start = m.get(0).map(|x| x.start()).unwrap_or(0);
    let after = &text[end..];
    let before = &text[..start];
    after.starts_with("不限")
        || after.starts_with("均可")
        || before.ends_with("男女")
        || before.ends_with("男")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(t: &str) -> Vec<&'static str> {
        detect_text(t).into_iter().map(|f| f.kind).collect()
    }

    #[test]
    fn detects_the_conditions_the_policies_name() {
        assert_eq!(kinds("招聘普工，限男性，吃苦耐劳"), vec!["sex"]);
        assert_eq!(kinds("仅限女性，年龄35岁以下"), vec!["sex", "age"]);
        assert_eq!(kinds("要求本地户口"), vec!["household_registration"]);
        assert_eq!(kinds("限汉族"), vec!["ethnicity"]);
        assert_eq!(kinds("年龄18-35岁"), vec!["age"]);
        assert_eq!(kinds("已婚已育优先"), vec!["marital_status"]);
        let f = detect_text("招聘仓管员，年龄30周岁以下，男性优先");
        assert!(f
            .iter()
            .any(|x| x.kind == "age" && x.phrase.contains("30周岁以下")));
    }

    #[test]
    fn leaves_fair_postings_alone() {
        assert!(kinds("男女不限，年龄18岁以上，55岁以下身体健康").is_empty());
        assert!(kinds("性别不限，五险一金，包吃住").is_empty());
        assert!(kinds("负责仓库出入库管理，熟练使用叉车").is_empty());
    }

    #[test]
    fn traditional_text_is_flagged_too() {
        let j = Job {
            id: "x".into(),
            title: "倉管員".into(),
            description: Some("限男性，本地戶口".into()),
            ..Default::default()
        };
        let k: Vec<_> = detect(&j).into_iter().map(|f| f.kind).collect();
        assert_eq!(k, vec!["sex", "household_registration"]);
    }
}
