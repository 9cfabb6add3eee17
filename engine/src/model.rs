//! The record model: vacancies ([`Job`]) and job seekers ([`Candidate`]) exactly as SCHEMA.md
//! defines them, plus validation that names the offending field.
//!
//! Records keep the caller's text unchanged (it is what people are shown); normalised forms used
//! for matching are derived on demand by [`crate::text`], never stored in place of the original.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::error::{Error, Result};

/// A place: free-text region and/or administrative code and coordinates. Any subset may be given.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Location {
    /// Free text such as `江西省抚州市临川区` or `上海·浦东新区`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Six-digit administrative code (county, city or province level).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adcode: Option<String>,
    /// Latitude (degrees).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    /// Longitude (degrees).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
}

impl Location {
    /// True when no part of the location is given.
    pub fn is_empty(&self) -> bool {
        self.region.is_none() && self.adcode.is_none() && self.lat.is_none() && self.lon.is_none()
    }
}

/// Monthly pay in CNY. Absent salary means 面议 (negotiable).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Salary {
    /// Lower bound per month.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    /// Upper bound per month.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// Months paid per year (13 for 13薪).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub months: Option<u32>,
}

/// Kind of vacancy.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JobKind {
    /// Regular full-time job (the default).
    #[default]
    FullTime,
    /// Part-time job.
    PartTime,
    /// 零工/日结: gig or day-paid work.
    Gig,
    /// 就业见习: internship place for graduates and youth.
    Internship,
    /// 公益性岗位: public-welfare post for hard-to-employ people.
    PublicWelfare,
}

impl JobKind {
    /// All kinds, in declaration order.
    pub const ALL: [JobKind; 5] = [
        JobKind::FullTime,
        JobKind::PartTime,
        JobKind::Gig,
        JobKind::Internship,
        JobKind::PublicWelfare,
    ];

    /// The wire name (`full_time`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            JobKind::FullTime => "full_time",
            JobKind::PartTime => "part_time",
            JobKind::Gig => "gig",
            JobKind::Internship => "internship",
            JobKind::PublicWelfare => "public_welfare",
        }
    }

    /// Parse a wire name.
    pub fn parse(s: &str) -> Option<JobKind> {
        JobKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Chinese label shown to people.
    pub fn label(self) -> &'static str {
        match self {
            JobKind::FullTime => "全职",
            JobKind::PartTime => "兼职",
            JobKind::Gig => "零工/日结",
            JobKind::Internship => "就业见习",
            JobKind::PublicWelfare => "公益性岗位",
        }
    }
}

/// A vacancy (岗位).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Job {
    /// Unique, stable id from the source platform.
    pub id: String,
    /// 职位名称.
    pub title: String,
    /// 职位描述; may contain HTML.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// 招聘单位.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub employer: Option<String>,
    /// Skill tags.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skills: Vec<String>,
    /// Where the work is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// Monthly pay; absent = 面议. Also accepted as text (`6-8K·13薪`, `200元/天`, `面议`).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "salary_in"
    )]
    pub salary: Option<Salary>,
    /// Free-text education requirement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub education: Option<String>,
    /// Minimum years of experience.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub experience_years: Option<f64>,
    /// Kind of vacancy.
    #[serde(default)]
    pub kind: JobKind,
    /// Places to fill (≥ 1); absent = 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headcount: Option<u32>,
    /// Benefits such as `包吃住`, `五险一金`, `日结`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub benefits: Vec<String>,
    /// Suitable for people with disabilities.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accessible: Option<bool>,
    /// ISO date the vacancy was posted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub posted_at: Option<String>,
    /// ISO date after which the vacancy is no longer valid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<String>,
    /// Platform or office that published it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Fields not in the schema: kept and returned, never an error.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One past job of a candidate.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Experience {
    /// Title held.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Employer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub employer: Option<String>,
    /// Years in the role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub years: Option<f64>,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// What the candidate is looking for.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Desired {
    /// Wanted job titles.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub titles: Vec<String>,
    /// Wanted regions (free text).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regions: Vec<String>,
    /// Lowest acceptable monthly pay.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub salary_min: Option<f64>,
    /// Wanted job kinds.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kinds: Vec<JobKind>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Needs the job must meet.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Needs {
    /// 需要无障碍.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accessible: Option<bool>,
    /// 弹性时间.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flexible_hours: Option<bool>,
    /// 需要包住.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accommodation: Option<bool>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Policy groups a job seeker may belong to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Group {
    /// 高校毕业生.
    Graduate,
    /// 16–24岁登记失业青年.
    YouthUnemployed,
    /// 农民工/返乡.
    MigrantWorker,
    /// 就业困难人员.
    HardToEmploy,
    /// 残疾人.
    Disabled,
    /// 零就业家庭.
    ZeroEmploymentFamily,
    /// 脱贫人口.
    PovertyAlleviated,
    /// 退役军人.
    Veteran,
    /// 大龄.
    OlderWorker,
    /// 长期失业.
    LongTermUnemployed,
}

impl Group {
    /// All groups.
    pub const ALL: [Group; 10] = [
        Group::Graduate,
        Group::YouthUnemployed,
        Group::MigrantWorker,
        Group::HardToEmploy,
        Group::Disabled,
        Group::ZeroEmploymentFamily,
        Group::PovertyAlleviated,
        Group::Veteran,
        Group::OlderWorker,
        Group::LongTermUnemployed,
    ];

    /// Wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Group::Graduate => "graduate",
            Group::YouthUnemployed => "youth_unemployed",
            Group::MigrantWorker => "migrant_worker",
            Group::HardToEmploy => "hard_to_employ",
            Group::Disabled => "disabled",
            Group::ZeroEmploymentFamily => "zero_employment_family",
            Group::PovertyAlleviated => "poverty_alleviated",
            Group::Veteran => "veteran",
            Group::OlderWorker => "older_worker",
            Group::LongTermUnemployed => "long_term_unemployed",
        }
    }

    /// Parse a wire name.
    pub fn parse(s: &str) -> Option<Group> {
        Group::ALL.into_iter().find(|g| g.as_str() == s)
    }

    /// Chinese label.
    pub fn label(self) -> &'static str {
        match self {
            Group::Graduate => "高校毕业生",
            Group::YouthUnemployed => "失业青年",
            Group::MigrantWorker => "农民工",
            Group::HardToEmploy => "就业困难人员",
            Group::Disabled => "残疾人",
            Group::ZeroEmploymentFamily => "零就业家庭",
            Group::PovertyAlleviated => "脱贫人口",
            Group::Veteran => "退役军人",
            Group::OlderWorker => "大龄劳动者",
            Group::LongTermUnemployed => "长期失业人员",
        }
    }

    /// Groups the safety-net policy (托底) serves first.
    pub fn is_priority(self) -> bool {
        matches!(
            self,
            Group::HardToEmploy
                | Group::ZeroEmploymentFamily
                | Group::Disabled
                | Group::PovertyAlleviated
                | Group::LongTermUnemployed
        )
    }
}

/// A job seeker (求职者).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    /// Unique id.
    pub id: String,
    /// Policy groups.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<Group>,
    /// Free-text education.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub education: Option<String>,
    /// 专业.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub major: Option<String>,
    /// Graduation year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub graduation_year: Option<i32>,
    /// Skills.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skills: Vec<String>,
    /// Certificates such as `电工证`, `C1驾照`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub certificates: Vec<String>,
    /// Work history.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub experience: Vec<Experience>,
    /// Free résumé text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// What the person wants.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub desired: Option<Desired>,
    /// Where the person lives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub home: Option<Location>,
    /// Daily travel limit in km; absent = none stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_commute_km: Option<f64>,
    /// Needs the job must meet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub needs: Option<Needs>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Candidate {
    /// True when the person is in any 托底 priority group.
    pub fn is_priority(&self) -> bool {
        self.groups.iter().any(|g| g.is_priority())
    }

    /// Total years of listed experience.
    pub fn experience_years(&self) -> f64 {
        self.experience.iter().filter_map(|e| e.years).sum()
    }
}

/// A salary given as an object (SCHEMA.md) or as platform text, parsed to a monthly range.
fn salary_in<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<Salary>, D::Error> {
    use serde::de::Error as _;
    Ok(match Option::<Value>::deserialize(d)? {
        None | Some(Value::Null) => None,
        Some(Value::String(t)) => crate::text::salary::parse(&t).map(|p| Salary {
            min: p.min,
            max: p.max,
            months: p.months,
        }),
        Some(v) => Some(
            serde_path_to_error::deserialize::<_, Salary>(v).map_err(|e| {
                let path = e.path().to_string();
                D::Error::custom(format!("at salary.{path}: {}", e.into_inner()))
            })?,
        ),
    })
}

pub use crate::date::{parse_date, today};

fn check_id(id: &str) -> Result<()> {
    if id.trim().is_empty() {
        return Err(Error::field("id", "must be a non-empty string"));
    }
    if id.len() > 256 {
        return Err(Error::field("id", "longer than 256 bytes"));
    }
    if id.chars().any(|c| c.is_control() || c == '/') {
        return Err(Error::field("id", "contains a control character or '/'"));
    }
    Ok(())
}

fn check_num(field: &str, v: Option<f64>) -> Result<()> {
    if let Some(x) = v {
        if !x.is_finite() || x < 0.0 {
            return Err(Error::field(
                field,
                format!("must be a non-negative number, got {x}"),
            ));
        }
    }
    Ok(())
}

fn check_location(field: &str, loc: &Option<Location>) -> Result<()> {
    let Some(l) = loc else { return Ok(()) };
    if let Some(lat) = l.lat {
        if !(-90.0..=90.0).contains(&lat) {
            return Err(Error::field(
                format!("{field}.lat"),
                format!("{lat} is outside -90..90"),
            ));
        }
    }
    if let Some(lon) = l.lon {
        if !(-180.0..=180.0).contains(&lon) {
            return Err(Error::field(
                format!("{field}.lon"),
                format!("{lon} is outside -180..180"),
            ));
        }
    }
    if let Some(a) = &l.adcode {
        if a.len() != 6 || !a.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Error::field(
                format!("{field}.adcode"),
                format!("`{a}` is not a 6-digit code"),
            ));
        }
    }
    Ok(())
}

fn check_date(field: &str, v: &Option<String>) -> Result<()> {
    if let Some(d) = v {
        if parse_date(d).is_none() {
            return Err(Error::field(
                field,
                format!("`{d}` is not an ISO date YYYY-MM-DD"),
            ));
        }
    }
    Ok(())
}

impl Job {
    /// Check the rules of SCHEMA.md beyond types; the error names the field.
    pub fn validate(&self) -> Result<()> {
        check_id(&self.id)?;
        if self.title.trim().is_empty() {
            return Err(Error::field("title", "must be a non-empty string"));
        }
        if let Some(s) = &self.salary {
            check_num("salary.min", s.min)?;
            check_num("salary.max", s.max)?;
            if let (Some(a), Some(b)) = (s.min, s.max) {
                if a > b {
                    return Err(Error::field("salary", format!("min {a} is above max {b}")));
                }
            }
            if let Some(m) = s.months {
                if !(1..=24).contains(&m) {
                    return Err(Error::field(
                        "salary.months",
                        format!("{m} is outside 1..24"),
                    ));
                }
            }
        }
        check_num("experience_years", self.experience_years)?;
        if self.headcount == Some(0) {
            return Err(Error::field("headcount", "must be at least 1"));
        }
        check_location("location", &self.location)?;
        check_date("posted_at", &self.posted_at)?;
        check_date("valid_until", &self.valid_until)?;
        Ok(())
    }

    /// Places to fill (default 1).
    pub fn places(&self) -> u32 {
        self.headcount.unwrap_or(1).max(1)
    }

    /// Whether the vacancy is still open on `today` (days since epoch).
    pub fn is_valid_on(&self, today: i64) -> bool {
        match self.valid_until.as_deref().and_then(parse_date) {
            Some(d) => d >= today,
            None => true,
        }
    }
}

impl Candidate {
    /// Check the rules of SCHEMA.md beyond types; the error names the field.
    pub fn validate(&self) -> Result<()> {
        check_id(&self.id)?;
        if let Some(y) = self.graduation_year {
            if !(1950..=2100).contains(&y) {
                return Err(Error::field(
                    "graduation_year",
                    format!("{y} is not a plausible year"),
                ));
            }
        }
        for (i, e) in self.experience.iter().enumerate() {
            check_num(&format!("experience[{i}].years"), e.years)?;
        }
        if let Some(d) = &self.desired {
            check_num("desired.salary_min", d.salary_min)?;
        }
        check_num("max_commute_km", self.max_commute_km)?;
        check_location("home", &self.home)?;
        Ok(())
    }
}

/// Parse one JSON record, naming the field path on a type error (`salary.min: invalid type …`).
pub fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T> {
    let de = &mut serde_json::Deserializer::from_str(text);
    match serde_path_to_error::deserialize::<_, T>(de) {
        Ok(v) => Ok(v),
        Err(e) => {
            let path = e.path().to_string();
            let inner = e.into_inner();
            if inner.is_syntax() || inner.is_eof() {
                Err(Error::Parse(format!("invalid JSON: {inner}")))
            } else if path == "." || path.is_empty() {
                Err(Error::Parse(inner.to_string()))
            } else {
                Err(Error::field(path, strip_position(&inner.to_string())))
            }
        }
    }
}

/// Parse and validate a job from one JSON text.
pub fn job_from_json(text: &str) -> Result<Job> {
    let j: Job = from_json(text)?;
    j.validate()?;
    Ok(j)
}

/// Parse and validate a candidate from one JSON text.
pub fn candidate_from_json(text: &str) -> Result<Candidate> {
    let c: Candidate = from_json(text)?;
    c.validate()?;
    Ok(c)
}

fn strip_position(msg: &str) -> String {
    match msg.find(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_schema_job_and_keeps_unknown_fields() {
        let j = job_from_json(
            r#"{"id":"j1","title":"仓库管理员","skills":["叉车证"],"salary":{"min":5000,"max":7000},"kind":"gig","x_custom":1}"#,
        )
        .unwrap();
        assert_eq!(j.kind, JobKind::Gig);
        assert_eq!(j.extra.get("x_custom"), Some(&Value::from(1)));
        let back = serde_json::to_string(&j).unwrap();
        assert!(back.contains("x_custom"));
    }

    #[test]
    fn names_the_bad_field() {
        let e = job_from_json(r#"{"id":"j1","title":"t","salary":{"min":"abc"}}"#).unwrap_err();
        assert!(e.to_string().contains("salary.min"), "{e}");
        let e = job_from_json(r#"{"id":"j1","title":"t","headcount":0}"#).unwrap_err();
        assert!(e.to_string().contains("headcount"), "{e}");
        let e = job_from_json(r#"{"id":"j1"}"#).unwrap_err();
        assert!(e.to_string().contains("title"), "{e}");
        let e = candidate_from_json(r#"{"id":"c","groups":["martian"]}"#).unwrap_err();
        assert!(e.to_string().contains("groups[0]"), "{e}");
        let e = job_from_json(r#"{"id":"j","title":"t","valid_until":"2026-13-01"}"#).unwrap_err();
        assert!(e.to_string().contains("valid_until"), "{e}");
        assert!(matches!(job_from_json("{\"id\":"), Err(Error::Parse(_))));
    }

    #[test]
    fn salary_text_is_parsed_to_monthly() {
        let j = job_from_json(r#"{"id":"j","title":"t","salary":"6-8K·13薪"}"#).unwrap();
        let s = j.salary.unwrap();
        assert_eq!(
            (s.min, s.max, s.months),
            (Some(6000.0), Some(8000.0), Some(13))
        );
        let j = job_from_json(r#"{"id":"j","title":"t","salary":"面议"}"#).unwrap();
        assert!(j.salary.is_none());
    }

    #[test]
    fn dates() {
        assert_eq!(parse_date("1970-01-01"), Some(0));
        assert_eq!(parse_date("2026-11-21"), Some(20778));
        assert_eq!(parse_date("2024-02-29"), Some(19782));
        assert_eq!(parse_date("2023-02-29"), None);
        assert_eq!(parse_date("2026-11-21T10:00:00"), Some(20778));
    }

    #[test]
    fn validity() {
        let j = Job {
            valid_until: Some("2026-11-20".into()),
            ..Default::default()
        };
        assert!(j.is_valid_on(parse_date("2026-11-20").unwrap()));
        assert!(!j.is_valid_on(parse_date("2026-11-21").unwrap()));
    }
}
