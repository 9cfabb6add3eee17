//! The ranking policy: feature weights and group bonuses as plain data (`engine/data/policy.toml`
//! is the documented default), never constants scattered through the ranker.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::Group;

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

/// Penalties.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Penalties {
    /// Score multiplier lost per education level the person lacks.
    pub education_gap: f64,
    /// Subtracted for a 公益性岗位 shown to someone outside its groups.
    pub public_welfare_not_eligible: f64,
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

/// Tie-break rule in the vacancy → people direction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TieBreak {
    /// Scores are compared after rounding to this many decimals.
    pub decimals: u32,
}

/// The whole policy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// Feature weights.
    pub weights: Weights,
    /// Service circles.
    pub circles: Circles,
    /// Penalties.
    pub penalties: Penalties,
    /// Bonuses per group (wire names of [`Group`]).
    pub groups: BTreeMap<Group, Bonuses>,
    /// Tie-break.
    pub tie_break: TieBreak,
}

/// The documented default policy, embedded.
pub const DEFAULT_POLICY: &str = include_str!("../../data/policy.toml");

impl Default for Policy {
    fn default() -> Self {
        Policy::from_toml(DEFAULT_POLICY).expect("embedded policy.toml is valid")
    }
}

impl Policy {
    /// Parse and validate a policy file's text.
    pub fn from_toml(text: &str) -> Result<Policy> {
        let p: Policy = toml::from_str(text).map_err(|e| Error::Parse(format!("policy: {e}")))?;
        p.validate()?;
        Ok(p)
    }

    /// Check ranges: weights non-negative and not all zero, circles positive.
    pub fn validate(&self) -> Result<()> {
        let w = &self.weights;
        let all = [
            w.title,
            w.skills,
            w.semantic,
            w.lexical,
            w.distance,
            w.region,
            w.salary,
            w.education,
            w.experience,
            w.kind,
            w.needs,
        ];
        if all.iter().any(|x| !x.is_finite() || *x < 0.0) || all.iter().sum::<f64>() <= 0.0 {
            return Err(Error::field(
                "weights",
                "must be non-negative and not all zero",
            ));
        }
        if self.circles.urban_km <= 0.0
            || self.circles.rural_km <= 0.0
            || self.circles.default_reach_km <= 0.0
        {
            return Err(Error::field("circles", "radii must be positive"));
        }
        if !(0.0..=1.0).contains(&self.circles.beyond_commute_factor) {
            return Err(Error::field(
                "circles.beyond_commute_factor",
                "must be within 0..1",
            ));
        }
        if !(0.0..=1.0).contains(&self.penalties.education_gap) {
            return Err(Error::field(
                "penalties.education_gap",
                "must be within 0..1",
            ));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_policy_parses_and_rejects_unknown_keys() {
        let p = Policy::default();
        assert!(p.bonuses(Group::HardToEmploy).public_welfare > 0.0);
        let bad = DEFAULT_POLICY.replace("title = 3.0", "title = 3.0\ntitel = 1.0");
        assert!(Policy::from_toml(&bad)
            .unwrap_err()
            .to_string()
            .contains("titel"));
        let neg = DEFAULT_POLICY.replace("title = 3.0", "title = -3.0");
        assert!(Policy::from_toml(&neg).is_err());
    }
}
