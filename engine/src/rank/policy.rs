//! The ranking policy: feature weights and group bonuses as plain data (`engine/data/policy.toml`
//! is the documented default), never constants scattered through the ranker.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::Group;
use crate::text::education::EduLevel;

/// Weights of the fit features (see `policy.toml` for what each measures).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Weights {
    pub title: f64,
    pub skills: f64,
    pub semantic: f64,
    pub lexical: f64,
    pub distance: f64,
    pub region: f64,
    pub salary: f64,
    pub education: f64,
    pub experience: f64,
    pub kind: f64,
    pub needs: f64,
}

/// Service circles of the seed policies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Circles {
    /// 城区15分钟就业服务圈 radius in km.
    pub urban_km: f64,
    /// 农村15公里就业服务网 radius in km.
    pub rural_km: f64,
    /// Distance beyond the circle at which the distance score reaches 0 when no limit is stated.
    pub default_reach_km: f64,
    /// Score multiplier for a job beyond the person's `max_commute_km`.
    pub beyond_commute_factor: f64,
}

/// The shapes of the fit features (see [`super::features`], one function per feature): every
/// number a feature is made of that is not a weight, a circle or a bonus.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Curves {
    /// Title fit of a person with no intents whose text names the job title.
    pub title_named: f64,
    /// Skills matched out of at most this many asked count as a full match.
    pub skills_full_at: u32,
    /// Distance score lost, linearly, from the circle's edge to the reach (then 0 beyond).
    pub distance_drop: f64,
    /// Region score of a vacancy with no known place.
    pub region_unknown: f64,
    /// Pay score when the top of the range reaches the expectation but the bottom does not.
    pub salary_reachable: f64,
    /// Pay score below the expectation: (top of the range ÷ expectation) × this.
    pub salary_below: f64,
    /// Education score when the person's education is unknown.
    pub education_unknown: f64,
    /// Experience score short of the years asked: (years had ÷ years asked) × this.
    pub experience_below: f64,
    /// Job kind score when the vacancy's kind is not one the person wants.
    pub kind_mismatch: f64,
    /// Need "accessible": a vacancy that does not say whether it is accessible.
    pub accessible_unknown: f64,
    /// Need "accessible": a vacancy that does not say, but is light work.
    pub accessible_light_work: f64,
    /// Need "flexible hours": a vacancy without them.
    pub flexible_missing: f64,
    /// Need "accommodation": a vacancy without board.
    pub accommodation_missing: f64,
}

/// Penalties.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Penalties {
    /// Score multiplier lost per education level the person lacks.
    pub education_gap: f64,
    /// The education multiplier never falls below this, whatever the gap.
    pub education_floor: f64,
    /// Subtracted for a 公益性岗位 shown to someone outside its groups.
    pub public_welfare_not_eligible: f64,
    /// Subtracted for a posting the screen finds likely misleading (medium risk).
    #[serde(default)]
    pub risk_medium: f64,
    /// Subtracted for a posting of a known trap shape (high risk).
    #[serde(default)]
    pub risk_high: f64,
}

/// Bonuses for one group, by job trait. Absent = 0.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Bonuses {
    #[serde(default)]
    pub internship: f64,
    #[serde(default)]
    pub entry_level: f64,
    #[serde(default)]
    pub expansion_subsidy: f64,
    #[serde(default)]
    pub board: f64,
    #[serde(default)]
    pub daily_pay: f64,
    #[serde(default)]
    pub labour_brand: f64,
    #[serde(default)]
    pub near_home: f64,
    #[serde(default)]
    pub public_welfare: f64,
    #[serde(default)]
    pub low_barrier: f64,
    #[serde(default)]
    pub accessible: f64,
    #[serde(default)]
    pub flexible: f64,
}

/// Work a vacancy is, read from its title ([`crate::live`]): what a livestream audience can take.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Work {
    /// Production, construction, logistics, care and other service trades (the default).
    #[default]
    Manual,
    /// Office support: 文员, 客服, 前台, 收银, 行政 ….
    Clerical,
    /// Work that needs a profession: 工程师, 开发, 会计, 教师, 设计, 外贸 ….
    Professional,
    /// Leading others or senior posts: 经理, 总监, 主管, 资深, 专家 ….
    Senior,
}

/// Who a group's livestream audience typically is: the vacancies put on air for it ask no more
/// than this (education and experience through the ranker's own features, the work by its title).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Persona {
    /// Highest education most of the audience holds (`junior_high`, `senior_high`, `associate`,
    /// `bachelor`, `master`).
    pub education: EduLevel,
    /// Years of experience most of the audience can show.
    pub experience_years: f64,
    /// Kinds of work the audience can take.
    pub work: Vec<Work>,
    /// Whether internships (就业见习, 实习) are for this audience (graduates and young people).
    #[serde(default)]
    pub internships: bool,
}

/// Tie-break rule in the vacancy → people direction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TieBreak {
    /// Scores are compared after rounding to this many decimals.
    pub decimals: u32,
}

/// 托底 in batch assignment ([`crate::assign::floor`]): every person of these groups gets a
/// feasible vacancy whenever one exists in their circle, falling back to 公益性岗位.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Floor {
    /// The floor groups (wire names of [`Group`]); empty turns the floor off.
    pub groups: Vec<Group>,
}

impl Default for Floor {
    /// The 托底 groups of the seed policies: the groups [`Group::is_priority`] names.
    fn default() -> Self {
        Floor {
            groups: Group::ALL.into_iter().filter(|g| g.is_priority()).collect(),
        }
    }
}

impl Floor {
    /// True when a person of `groups` is on the floor.
    pub fn covers(&self, groups: &[Group]) -> bool {
        groups.iter().any(|g| self.groups.contains(g))
    }
}

/// The whole policy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// Feature weights.
    pub weights: Weights,
    /// Service circles.
    pub circles: Circles,
    /// Shapes of the features.
    pub curves: Curves,
    /// Penalties.
    pub penalties: Penalties,
    /// Bonuses per group (wire names of [`Group`]).
    #[serde(deserialize_with = "groups_by_name")]
    pub groups: BTreeMap<Group, Bonuses>,
    /// Tie-break.
    pub tie_break: TieBreak,
    /// Livestream audiences by group (wire names of [`Group`]); a group without one takes any
    /// vacancy the screen lets on air.
    #[serde(default, deserialize_with = "personas_by_name")]
    pub audience: BTreeMap<Group, Persona>,
    /// 托底 in batch assignment (absent: the default groups).
    #[serde(default)]
    pub floor: Floor,
    /// Congestion-aware ranking from outcome events (absent: off).
    #[serde(default)]
    pub congestion: crate::outcomes::Congestion,
    /// Thresholds of the market map's shortage and surplus lists (absent: the defaults).
    #[serde(default)]
    pub market: crate::market::Thresholds,
}

/// The group tables read by name, so that an error inside one names it (`groups.veteran.…`).
fn groups_by_name<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<BTreeMap<Group, Bonuses>, D::Error> {
    use serde::de::Error as _;
    BTreeMap::<String, Bonuses>::deserialize(d)?
        .into_iter()
        .map(|(k, b)| match Group::parse(&k) {
            Some(g) => Ok((g, b)),
            None => Err(D::Error::custom(format!("unknown group `{k}`"))),
        })
        .collect()
}

/// The audience tables read by name, like [`groups_by_name`].
fn personas_by_name<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<BTreeMap<Group, Persona>, D::Error> {
    use serde::de::Error as _;
    BTreeMap::<String, Persona>::deserialize(d)?
        .into_iter()
        .map(|(k, b)| match Group::parse(&k) {
            Some(g) => Ok((g, b)),
            None => Err(D::Error::custom(format!("unknown group `{k}`"))),
        })
        .collect()
}

/// The documented default policy, embedded.
pub const DEFAULT_POLICY: &str = include_str!("../../data/policy.toml");

impl Default for Policy {
    fn default() -> Self {
        Policy::from_toml(DEFAULT_POLICY).expect("embedded policy.toml is valid")
    }
}

impl Policy {
    /// Parse and validate a policy file's text. Errors name the key (`weights.titel`,
    /// `circles.urban_km`) and, for a key that cannot be read, its line.
    pub fn from_toml(text: &str) -> Result<Policy> {
        let de = toml::Deserializer::parse(text).map_err(|e| toml_error("", text, &e))?;
        let p: Policy = serde_path_to_error::deserialize(de).map_err(|e| {
            let path = e.path().to_string();
            toml_error(&path, text, e.inner())
        })?;
        p.validate()?;
        Ok(p)
    }

    /// Read, parse and validate a policy file (errors name the file, and the key as
    /// [`Policy::from_toml`] does).
    pub fn from_file(path: &std::path::Path) -> Result<Policy> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            Error::Io(std::io::Error::new(
                e.kind(),
                format!("{}: {e}", path.display()),
            ))
        })?;
        Policy::from_toml(&text).map_err(|e| match e {
            Error::Field { field, reason } => Error::Field {
                field,
                reason: format!("{reason} (in {})", path.display()),
            },
            other => other,
        })
    }

    /// Check ranges; the error names the first key out of range.
    pub fn validate(&self) -> Result<()> {
        let w = &self.weights;
        let weights = [
            ("title", w.title),
            ("skills", w.skills),
            ("semantic", w.semantic),
            ("lexical", w.lexical),
            ("distance", w.distance),
            ("region", w.region),
            ("salary", w.salary),
            ("education", w.education),
            ("experience", w.experience),
            ("kind", w.kind),
            ("needs", w.needs),
        ];
        if let Some((k, _)) = weights.iter().find(|(_, x)| !x.is_finite() || *x < 0.0) {
            return Err(Error::field(
                format!("weights.{k}"),
                "must be a non-negative number",
            ));
        }
        if weights.iter().map(|(_, x)| x).sum::<f64>() <= 0.0 {
            return Err(Error::field("weights", "must not all be zero"));
        }
        let c = &self.circles;
        for (k, x) in [
            ("urban_km", c.urban_km),
            ("rural_km", c.rural_km),
            ("default_reach_km", c.default_reach_km),
        ] {
            if !(x.is_finite() && x > 0.0) {
                return Err(Error::field(
                    format!("circles.{k}"),
                    "must be a positive number of km",
                ));
            }
        }
        let u = &self.curves;
        let unit = [
            ("circles.beyond_commute_factor", c.beyond_commute_factor),
            ("penalties.education_gap", self.penalties.education_gap),
            ("penalties.education_floor", self.penalties.education_floor),
            ("penalties.risk_medium", self.penalties.risk_medium),
            ("penalties.risk_high", self.penalties.risk_high),
            ("curves.title_named", u.title_named),
            ("curves.distance_drop", u.distance_drop),
            ("curves.region_unknown", u.region_unknown),
            ("curves.salary_reachable", u.salary_reachable),
            ("curves.salary_below", u.salary_below),
            ("curves.education_unknown", u.education_unknown),
            ("curves.experience_below", u.experience_below),
            ("curves.kind_mismatch", u.kind_mismatch),
            ("curves.accessible_unknown", u.accessible_unknown),
            ("curves.accessible_light_work", u.accessible_light_work),
            ("curves.flexible_missing", u.flexible_missing),
            ("curves.accommodation_missing", u.accommodation_missing),
        ];
        if let Some((k, _)) = unit.iter().find(|(_, x)| !(0.0..=1.0).contains(x)) {
            return Err(Error::field(*k, "must be within 0..1"));
        }
        self.congestion.validate()?;
        self.market.validate()?;
        if u.skills_full_at == 0 {
            return Err(Error::field("curves.skills_full_at", "must be at least 1"));
        }
        if !self.penalties.public_welfare_not_eligible.is_finite() {
            return Err(Error::field(
                "penalties.public_welfare_not_eligible",
                "must be a number",
            ));
        }
        for (g, b) in &self.groups {
            let amounts = [
                b.internship,
                b.entry_level,
                b.expansion_subsidy,
                b.board,
                b.daily_pay,
                b.labour_brand,
                b.near_home,
                b.public_welfare,
                b.low_barrier,
                b.accessible,
                b.flexible,
            ];
            if amounts.iter().any(|x| !x.is_finite()) {
                return Err(Error::field(
                    format!("groups.{}", g.as_str()),
                    "bonuses must be numbers",
                ));
            }
        }
        for (g, a) in &self.audience {
            if !(a.experience_years.is_finite() && a.experience_years >= 0.0) {
                return Err(Error::field(
                    format!("audience.{}.experience_years", g.as_str()),
                    "must be a non-negative number of years",
                ));
            }
            if a.work.is_empty() {
                return Err(Error::field(
                    format!("audience.{}.work", g.as_str()),
                    "must name at least one kind of work",
                ));
            }
        }
        if self.tie_break.decimals > 6 {
            return Err(Error::field("tie_break.decimals", "at most 6"));
        }
        Ok(())
    }

    /// Bonuses of a group (zero if the group has none).
    pub fn bonuses(&self, g: Group) -> Bonuses {
        self.groups.get(&g).cloned().unwrap_or_default()
    }
}

/// A TOML error as a field error: the key path (as far as serde reached) and the message, with
/// the line when TOML knows where it is.
fn toml_error(path: &str, text: &str, e: &toml::de::Error) -> Error {
    let line = e
        .span()
        .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
    let msg = e.message().trim();
    // An unknown key is reported by serde on its table: name the key itself.
    let unknown = msg
        .strip_prefix("unknown field `")
        .and_then(|r| r.split('`').next());
    let field = match (path, unknown) {
        ("" | ".", Some(k)) => k.to_string(),
        (p, Some(k)) if !p.ends_with(k) => format!("{p}.{k}"),
        ("" | ".", None) => "policy".to_string(),
        (p, _) => p.to_string(),
    };
    let reason = match line {
        Some(l) => format!("{msg} (line {l})"),
        None => msg.to_string(),
    };
    Error::Field { field, reason }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field_of(text: &str) -> (String, String) {
        match Policy::from_toml(text).unwrap_err() {
            Error::Field { field, reason } => (field, reason),
            e => panic!("not a field error: {e}"),
        }
    }

    #[test]
    fn default_policy_parses_and_rejects_unknown_keys() {
        let p = Policy::default();
        assert!(p.bonuses(Group::HardToEmploy).public_welfare > 0.0);
        let bad = DEFAULT_POLICY.replace("title = 3.0", "title = 3.0\ntitel = 1.0");
        let (field, reason) = field_of(&bad);
        assert_eq!(field, "weights.titel", "{reason}");
        assert!(reason.contains("line 14"), "{reason}");
        let neg = DEFAULT_POLICY.replace("title = 3.0", "title = -3.0");
        assert_eq!(field_of(&neg).0, "weights.title");
    }

    #[test]
    fn load_errors_name_the_key() {
        let cases = [
            ("urban_km = 5.0", "urban_km = \"five\"", "circles.urban_km"),
            ("urban_km = 5.0", "urban_km = 0.0", "circles.urban_km"),
            (
                "salary_below = 0.6",
                "salary_below = 1.5",
                "curves.salary_below",
            ),
            (
                "skills_full_at = 3",
                "skills_full_at = 0",
                "curves.skills_full_at",
            ),
            ("decimals = 2", "decimals = 9", "tie_break.decimals"),
            (
                "[groups.veteran]\nentry_level = 0.03",
                "[groups.veteran]\nentry_levl = 0.03",
                "groups.veteran.entry_levl",
            ),
            ("[groups.veteran]", "[groups.veterans]", "groups"),
            ("kind_mismatch = 0.3", "", "curves"),
        ];
        for (from, to, key) in cases {
            assert!(DEFAULT_POLICY.contains(from), "{from}");
            let (field, reason) = field_of(&DEFAULT_POLICY.replacen(from, to, 1));
            assert_eq!(field, key, "{to}: {reason}");
        }
        let (field, reason) = field_of("[weights\ntitle = 1");
        assert_eq!(field, "policy");
        assert!(reason.contains("line 1"), "{reason}");
    }

    #[test]
    fn a_policy_file_loads_and_its_errors_name_file_and_key() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("policy.toml");
        let edited = DEFAULT_POLICY.replace("urban_km = 5.0", "urban_km = 3.0");
        std::fs::write(&path, &edited).unwrap();
        let p = Policy::from_file(&path).unwrap();
        assert_eq!(p.circles.urban_km, 3.0);
        assert_eq!(p.weights, Policy::default().weights);
        std::fs::write(&path, edited.replace("rural_km = 15.0", "rural_km = -1.0")).unwrap();
        let e = Policy::from_file(&path).unwrap_err().to_string();
        assert!(
            e.contains("circles.rural_km") && e.contains("policy.toml"),
            "{e}"
        );
        let missing = Policy::from_file(&dir.path().join("nope.toml")).unwrap_err();
        assert!(missing.to_string().contains("nope.toml"), "{missing}");
    }
}
