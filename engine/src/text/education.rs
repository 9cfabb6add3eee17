//! Education levels: the many platform spellings of 学历 mapped onto one ordered scale.

use serde::{Deserialize, Serialize};

use super::normalise::fold;

/// An education level, ordered from no requirement up to a doctorate, so that
/// `candidate_level >= required_level` is the eligibility test.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EduLevel {
    /// 不限: no requirement.
    Any,
    /// 初中及以下 (junior high school or less, 小学 included).
    JuniorHigh,
    /// 高中 / 中专 / 中技 / 职高 / 技校.
    SeniorHigh,
    /// 大专 / 专科 / 高职.
    Associate,
    /// 本科.
    Bachelor,
    /// 硕士 / 研究生 / MBA.
    Master,
    /// 博士 (博士后 included).
    Doctor,
}

/// Spellings in matching form (see [`fold`]), scanned longest first so that `中等专科` is read as
/// 中专 before `专科` is seen, and `博士研究生` as 博士 before `研究生`.
const SPELLINGS: &[(&str, EduLevel)] = &[
    ("博士研究生", EduLevel::Doctor),
    ("博士后", EduLevel::Doctor),
    ("博士", EduLevel::Doctor),
    ("phd", EduLevel::Doctor),
    ("doctor", EduLevel::Doctor),
    ("硕士研究生", EduLevel::Master),
    ("硕士", EduLevel::Master),
    ("研究生", EduLevel::Master),
    ("emba", EduLevel::Master),
    ("mba", EduLevel::Master),
    ("mpa", EduLevel::Master),
    ("master", EduLevel::Master),
    ("统招本科", EduLevel::Bachelor),
    ("大学本科", EduLevel::Bachelor),
    ("全日制本科", EduLevel::Bachelor),
    ("本科", EduLevel::Bachelor),
    ("学士", EduLevel::Bachelor),
    ("bachelor", EduLevel::Bachelor),
    ("中等专科", EduLevel::SeniorHigh),
    ("中专", EduLevel::SeniorHigh),
    ("中技", EduLevel::SeniorHigh),
    ("中职", EduLevel::SeniorHigh),
    ("职业高中", EduLevel::SeniorHigh),
    ("职高", EduLevel::SeniorHigh),
    ("技工学校", EduLevel::SeniorHigh),
    ("技工", EduLevel::SeniorHigh),
    ("技校", EduLevel::SeniorHigh),
    ("普通高中", EduLevel::SeniorHigh),
    ("高中", EduLevel::SeniorHigh),
    ("普高", EduLevel::SeniorHigh),
    ("high school", EduLevel::SeniorHigh),
    ("大学专科", EduLevel::Associate),
    ("高等专科", EduLevel::Associate),
    ("大专", EduLevel::Associate),
    ("专科", EduLevel::Associate),
    ("高职", EduLevel::Associate),
    ("高专", EduLevel::Associate),
    ("associate", EduLevel::Associate),
    ("初中", EduLevel::JuniorHigh),
    ("小学", EduLevel::JuniorHigh),
    ("junior high", EduLevel::JuniorHigh),
];

/// Whole values meaning "no requirement".
const ANY_EXACT: &[&str] = &[
    "不限",
    "不限制",
    "无",
    "无要求",
    "无限制",
    "any",
    "none",
    "unlimited",
    "no requirement",
];
/// Phrases meaning "no education requirement" anywhere in longer text. A bare 不限 is not one
/// of them: `大专及以上，专业不限` limits the major, not the education.
const ANY_PHRASES: &[&str] = &[
    "学历不限",
    "不限学历",
    "学历无要求",
    "无学历要求",
    "学历要求不限",
    "对学历无要求",
];

impl EduLevel {
    /// Every level, lowest first.
    pub const ALL: [EduLevel; 7] = [
        EduLevel::Any,
        EduLevel::JuniorHigh,
        EduLevel::SeniorHigh,
        EduLevel::Associate,
        EduLevel::Bachelor,
        EduLevel::Master,
        EduLevel::Doctor,
    ];

    /// Read a free-text requirement (`本科`, `大学专科`, `中专/中技`, `学历不限`, `碩士`, `MBA/EMBA` …).
    ///
    /// When several levels are named (`大专及以上，本科优先`, `本科/硕士`) the lowest one is the
    /// requirement. Text naming no level (`其他`, empty) gives `None`.
    pub fn parse(s: &str) -> Option<EduLevel> {
        let f = fold(s);
        let t = f.trim_matches(|c: char| c.is_whitespace() || c.is_ascii_punctuation());
        if ANY_EXACT.contains(&t) || ANY_PHRASES.iter().any(|p| t.contains(p)) {
            return Some(EduLevel::Any);
        }
        let mut lowest: Option<EduLevel> = None;
        let mut rest = t;
        while !rest.is_empty() {
            if let Some((pat, level)) = SPELLINGS.iter().find(|(p, _)| rest.starts_with(p)) {
                lowest = Some(lowest.map_or(*level, |l| l.min(*level)));
                rest = &rest[pat.len()..];
            } else {
                let step = rest.chars().next().map_or(1, char::len_utf8);
                rest = &rest[step..];
            }
        }
        lowest
    }

    /// The Chinese label shown to people.
    pub fn label(self) -> &'static str {
        match self {
            EduLevel::Any => "不限",
            EduLevel::JuniorHigh => "初中及以下",
            EduLevel::SeniorHigh => "高中/中专",
            EduLevel::Associate => "大专",
            EduLevel::Bachelor => "本科",
            EduLevel::Master => "硕士",
            EduLevel::Doctor => "博士",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::EduLevel::{self, *};

    #[test]
    fn every_distinct_value_of_the_real_column() {
        // All 23 non-empty distinct values of 学历 in jobs.csv, with their counts' order.
        let cases = [
            ("本科", Some(Bachelor)),
            ("大专", Some(Associate)),
            ("不限制", Some(Any)),
            ("学历不限", Some(Any)),
            ("大学专科", Some(Associate)),
            ("硕士", Some(Master)),
            ("高中", Some(SeniorHigh)),
            ("大学本科", Some(Bachelor)),
            ("统招本科", Some(Bachelor)),
            ("初中", Some(JuniorHigh)),
            ("中技/中专", Some(SeniorHigh)),
            ("中专/中技", Some(SeniorHigh)),
            ("中等专科", Some(SeniorHigh)),
            ("普通高中", Some(SeniorHigh)),
            ("初中及以下", Some(JuniorHigh)),
            ("不限", Some(Any)),
            ("硕士研究生", Some(Master)),
            ("博士", Some(Doctor)),
            ("职业高中", Some(SeniorHigh)),
            ("技工学校", Some(SeniorHigh)),
            ("小学", Some(JuniorHigh)),
            ("博士研究生", Some(Doctor)),
            ("其他", None),
            ("", None),
        ];
        for (s, want) in cases {
            assert_eq!(EduLevel::parse(s), want, "{s}");
        }
    }

    #[test]
    fn other_spellings() {
        let cases = [
            ("本科及以上", Bachelor),
            ("大专以上", Associate),
            ("高中及以上", SeniorHigh),
            ("MBA/EMBA", Master),
            ("博士后", Doctor),
            ("大學本科", Bachelor),
            ("碩士", Master),
            ("大專", Associate),
            ("中專/技校", SeniorHigh),
            ("高職", Associate),
            ("职高", SeniorHigh),
            ("大专及以上学历，本科优先，专业不限", Associate),
            ("本科/硕士", Bachelor),
            ("学历不限，有经验者优先", Any),
            (" 本科 ", Bachelor),
            ("Bachelor", Bachelor),
            ("ＰｈＤ", Doctor),
        ];
        for (s, want) in cases {
            assert_eq!(EduLevel::parse(s), Some(want), "{s}");
        }
        assert_eq!(EduLevel::parse("经验不限"), None);
        assert_eq!(EduLevel::parse("3-5年"), None);
    }

    #[test]
    fn order_labels_and_serde() {
        assert!(Any < JuniorHigh && JuniorHigh < SeniorHigh && SeniorHigh < Associate);
        assert!(Associate < Bachelor && Bachelor < Master && Master < Doctor);
        let mut sorted = EduLevel::ALL;
        sorted.sort();
        assert_eq!(sorted, EduLevel::ALL);
        assert_eq!(
            serde_json::to_string(&JuniorHigh).unwrap(),
            "\"junior_high\""
        );
        assert_eq!(
            serde_json::from_str::<EduLevel>("\"senior_high\"").unwrap(),
            SeniorHigh
        );
        for l in EduLevel::ALL {
            // A label reads back as its own level.
            assert_eq!(EduLevel::parse(l.label()), Some(l), "{}", l.label());
        }
    }
}
