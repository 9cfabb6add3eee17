//! The record model: vacancies ([`Job`]) and job seekers ([`Candidate`]) exactly as the record
//! contract (docs/SCHEMA.md) defines them, plus validation against its [`limits`] that names the
//! offending field.
//!
//! Records keep the caller's text unchanged (it is what people are shown); normalised forms used
//! for matching are derived on demand by [`crate::text`], never stored in place of the original.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::error::{Error, Result};

pub mod limits;

use limits::{Text, MAX_TEXT_CHARS, MAX_TITLE_CHARS};

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
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "integer_in"
    )]
    pub months: Option<u32>,
}

/// Kind of vacancy.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
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
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "object_in"
    )]
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
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "integer_in"
    )]
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
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
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

    /// 公益性岗位 are reserved for 就业困难人员 and similar groups (and graduates a year out of
    /// school).
    pub fn public_welfare_eligible(self) -> bool {
        self.is_priority() || matches!(self, Group::Disabled | Group::OlderWorker | Group::Graduate)
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
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "integer_in"
    )]
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
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "object_in"
    )]
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

/// A salary given as an object (docs/SCHEMA.md) or as platform text, parsed to a monthly range;
/// text that is neither a figure nor 面议 is an error, not a salary silently dropped.
fn salary_in<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<Salary>, D::Error> {
    use serde::de::Error as _;
    Ok(match Option::<Value>::deserialize(d)? {
        None | Some(Value::Null) => None,
        Some(Value::String(t)) => match crate::text::salary::parse(&t) {
            Some(p) => Some(Salary {
                min: p.min,
                max: p.max,
                months: p.months,
            }),
            None if negotiable(&t) => None,
            None => {
                return Err(D::Error::custom(format!(
                    "`{t}` is neither pay (`6-8K·13薪`, `4000-6000元/月`, `200元/天`) nor 面议"
                )))
            }
        },
        Some(v @ Value::Object(_)) => Some(
            serde_path_to_error::deserialize::<_, Salary>(v).map_err(|e| {
                let path = e.path().to_string();
                D::Error::custom(format!("at salary.{path}: {}", e.into_inner()))
            })?,
        ),
        Some(v) => {
            return Err(D::Error::custom(format!(
                "invalid type: {}, expected an object {{min, max, months}}, pay text or null",
                kind_of(&v)
            )))
        }
    })
}

/// An optional object field (`location`, `home`): a JSON object or null. (Serde would also read
/// a struct from an array of its fields in order, which the record contract does not allow.)
fn object_in<'de, D, T>(d: D) -> std::result::Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    struct ObjectOrNull<T>(std::marker::PhantomData<T>);

    impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for ObjectOrNull<T> {
        type Value = Option<T>;

        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("an object or null")
        }

        fn visit_unit<E: serde::de::Error>(self) -> std::result::Result<Option<T>, E> {
            Ok(None)
        }

        fn visit_none<E: serde::de::Error>(self) -> std::result::Result<Option<T>, E> {
            Ok(None)
        }

        fn visit_some<D2: serde::Deserializer<'de>>(
            self,
            d: D2,
        ) -> std::result::Result<Option<T>, D2::Error> {
            d.deserialize_any(self)
        }

        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            map: A,
        ) -> std::result::Result<Option<T>, A::Error> {
            T::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(Some)
        }
    }

    d.deserialize_option(ObjectOrNull(std::marker::PhantomData))
}

/// An optional integer field (`headcount`, `graduation_year`, `salary.months`): JSON has one kind of
/// number, so `3.0` is the integer 3 as JSON Schema's `integer` says; `3.5` is refused.
fn integer_in<'de, D, T>(d: D) -> std::result::Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: TryFrom<i64>,
{
    use serde::de::Error as _;
    let v = match Option::<Value>::deserialize(d)? {
        None | Some(Value::Null) => return Ok(None),
        Some(v) => v,
    };
    let n = match &v {
        Value::Number(n) => n.as_i64().or_else(|| {
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() < 1e15)
                .map(|f| f as i64)
        }),
        _ => None,
    };
    let Some(n) = n else {
        return Err(D::Error::custom(format!(
            "invalid type: {}, expected an integer",
            match &v {
                Value::Number(x) => format!("number `{x}`"),
                other => kind_of(other).to_string(),
            }
        )));
    };
    T::try_from(n)
        .map(Some)
        .map_err(|_| D::Error::custom(format!("{n} is out of range")))
}

/// How serde names a JSON value's type in its messages.
fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "sequence",
        Value::Object(_) => "map",
    }
}

/// Salary text that says the pay is negotiable (or says nothing).
fn negotiable(t: &str) -> bool {
    const WORDS: [&str; 7] = ["面议", "面谈", "协商", "商议", "待定", "negotiable", "n/a"];
    let t = t.trim().to_lowercase();
    t.is_empty() || WORDS.iter().any(|w| t.contains(w))
}

pub use crate::date::{parse_date, today};

fn check_id(id: &str) -> Result<()> {
    check_id_field("id", id)
}

/// The rules of a record id (or a reference to one, such as an event's `job_id`) in `field`.
pub(crate) fn check_id_field(field: &str, id: &str) -> Result<()> {
    if id.trim().is_empty() {
        return Err(Error::field(field, "must be a non-empty string"));
    }
    if id.len() > limits::MAX_ID_BYTES {
        return Err(Error::field(
            field,
            format!("longer than {} bytes", limits::MAX_ID_BYTES),
        ));
    }
    if id.chars().any(|c| c.is_control() || c == '/') {
        return Err(Error::field(field, "contains a control character or '/'"));
    }
    limits::text(field, id, usize::MAX, Text::Line)?;
    limits::visible(field, id)
}

fn check_location(field: &str, loc: &Option<Location>) -> Result<()> {
    let Some(l) = loc else { return Ok(()) };
    limits::line(&format!("{field}.region"), &l.region, MAX_TEXT_CHARS)?;
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
        let known = a
            .parse::<u32>()
            .ok()
            .and_then(crate::text::region::by_adcode)
            .is_some();
        if !known {
            return Err(Error::field(
                format!("{field}.adcode"),
                format!("`{a}` is not a known administrative code"),
            ));
        }
    }
    Ok(())
}

impl Job {
    /// Check the rules and limits of docs/SCHEMA.md beyond types; the error names the field.
    pub fn validate(&self) -> Result<()> {
        check_id(&self.id)?;
        limits::visible("title", &self.title)?;
        limits::text("title", &self.title, MAX_TITLE_CHARS, Text::Line)?;
        limits::free("description", &self.description)?;
        limits::line("employer", &self.employer, MAX_TEXT_CHARS)?;
        limits::list("skills", &self.skills)?;
        check_location("location", &self.location)?;
        if let Some(s) = &self.salary {
            limits::number("salary.min", s.min, limits::MAX_MONTHLY_PAY)?;
            limits::number("salary.max", s.max, limits::MAX_MONTHLY_PAY)?;
            if let (Some(a), Some(b)) = (s.min, s.max) {
                if a > b {
                    return Err(Error::field("salary", format!("min {a} is above max {b}")));
                }
            }
            if let Some(m) = s.months {
                if !limits::MONTHS.contains(&m) {
                    return Err(Error::field(
                        "salary.months",
                        format!(
                            "{m} is outside {}..{}",
                            limits::MONTHS.start(),
                            limits::MONTHS.end()
                        ),
                    ));
                }
            }
        }
        limits::line("education", &self.education, MAX_TEXT_CHARS)?;
        limits::number("experience_years", self.experience_years, limits::MAX_YEARS)?;
        if let Some(h) = self.headcount {
            if !(1..=limits::MAX_HEADCOUNT).contains(&h) {
                return Err(Error::field(
                    "headcount",
                    format!(
                        "must be at least 1 and at most {}, got {h}",
                        limits::MAX_HEADCOUNT
                    ),
                ));
            }
        }
        limits::list("benefits", &self.benefits)?;
        let posted = limits::date("posted_at", &self.posted_at)?;
        let until = limits::date("valid_until", &self.valid_until)?;
        if let Some(p) = posted {
            if p > today() + limits::POSTED_AHEAD_DAYS {
                return Err(Error::field(
                    "posted_at",
                    format!(
                        "`{}` is more than {} days in the future",
                        self.posted_at.as_deref().unwrap_or_default(),
                        limits::POSTED_AHEAD_DAYS
                    ),
                ));
            }
            if until.is_some_and(|u| u < p) {
                return Err(Error::field(
                    "valid_until",
                    format!(
                        "`{}` is before posted_at `{}`",
                        self.valid_until.as_deref().unwrap_or_default(),
                        self.posted_at.as_deref().unwrap_or_default()
                    ),
                ));
            }
        }
        limits::line("source", &self.source, MAX_TEXT_CHARS)?;
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
    /// Check the rules and limits of docs/SCHEMA.md beyond types; the error names the field.
    pub fn validate(&self) -> Result<()> {
        check_id(&self.id)?;
        limits::count("groups", self.groups.len())?;
        limits::line("education", &self.education, MAX_TEXT_CHARS)?;
        limits::line("major", &self.major, MAX_TEXT_CHARS)?;
        if let Some(y) = self.graduation_year {
            if !limits::YEARS.contains(&i64::from(y)) {
                return Err(Error::field(
                    "graduation_year",
                    format!("{y} is not a plausible year"),
                ));
            }
        }
        limits::list("skills", &self.skills)?;
        limits::list("certificates", &self.certificates)?;
        limits::count("experience", self.experience.len())?;
        for (i, e) in self.experience.iter().enumerate() {
            let f = |name: &str| format!("experience[{i}].{name}");
            limits::line(&f("title"), &e.title, MAX_TITLE_CHARS)?;
            limits::line(&f("employer"), &e.employer, MAX_TEXT_CHARS)?;
            limits::number(&f("years"), e.years, limits::MAX_YEARS)?;
            limits::free(&f("description"), &e.description)?;
        }
        limits::free("summary", &self.summary)?;
        if let Some(d) = &self.desired {
            limits::list("desired.titles", &d.titles)?;
            limits::list("desired.regions", &d.regions)?;
            limits::number("desired.salary_min", d.salary_min, limits::MAX_MONTHLY_PAY)?;
            limits::count("desired.kinds", d.kinds.len())?;
        }
        check_location("home", &self.home)?;
        limits::number(
            "max_commute_km",
            self.max_commute_km,
            limits::MAX_COMMUTE_KM,
        )?;
        Ok(())
    }
}

/// Parse one JSON record, naming the field path on a type error (`salary.min: invalid type …`).
/// The text must hold exactly one JSON value: anything after it is an error, not ignored.
pub fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T> {
    let de = &mut serde_json::Deserializer::from_str(text);
    let value = match serde_path_to_error::deserialize::<_, T>(&mut *de) {
        Ok(v) => v,
        Err(e) => {
            let path = e.path().to_string();
            let inner = e.into_inner();
            let at = path.trim_start_matches('.');
            return Err(if inner.is_eof() || (inner.is_syntax() && at.is_empty()) {
                Error::Parse(format!("invalid JSON: {inner}"))
            } else if let Some(name) = missing_field(&inner.to_string()) {
                let field = if at.is_empty() {
                    name
                } else {
                    format!("{at}.{name}")
                };
                Error::field(field, "missing: it is required")
            } else if inner.is_syntax() {
                // serde_json reports some wrong types as syntax (`"kind": null` is "expected
                // value"): when the text is valid JSON, find the field and its real type error.
                match field_at_fault::<T>(text) {
                    Some((field, why)) => Error::field(field, why),
                    None => Error::field(
                        path,
                        format!("invalid JSON: {}", strip_position(&inner.to_string())),
                    ),
                }
            } else if !at.is_empty() {
                Error::field(path, strip_position(&inner.to_string()))
            } else {
                match field_at_fault::<T>(text) {
                    Some((field, why)) => Error::field(field, why),
                    None => Error::Parse(strip_position(&inner.to_string())),
                }
            });
        }
    };
    de.end().map_err(|e| {
        Error::Parse(format!(
            "invalid JSON: {}: one record per line, nothing after it",
            e.to_string()
                .replace("trailing characters", "more after the record")
        ))
    })?;
    Ok(value)
}

/// The name in serde's "missing field `x`".
fn missing_field(msg: &str) -> Option<String> {
    let rest = msg.strip_prefix("missing field `")?;
    Some(rest[..rest.find('`')?].to_string())
}

/// The field a type error is in, when the error itself lost its path (records keep unknown
/// fields through `#[serde(flatten)]`, which hides where a known one failed): each top-level
/// field is tried alone, and the first that fails on its own is the one.
fn field_at_fault<T: serde::de::DeserializeOwned>(text: &str) -> Option<(String, String)> {
    let Ok(Value::Object(map)) = serde_json::from_str::<Value>(text) else {
        return None;
    };
    map.into_iter().find_map(|(k, v)| {
        let one = Value::Object(Map::from_iter([(k.clone(), v)]));
        match serde_path_to_error::deserialize::<_, T>(one) {
            Err(e) if !e.inner().to_string().starts_with("missing field") => {
                let path = e.path().to_string();
                let why = strip_position(&e.into_inner().to_string());
                Some((
                    if path == "." || path.is_empty() {
                        k
                    } else {
                        path
                    },
                    why,
                ))
            }
            _ => None,
        }
    })
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
    fn limits_name_the_field() {
        let bad = [
            (r#""title":"\u200b\u3164\ufeff""#, "title"),
            (r#""title":"焊工\u0000""#, "title"),
            (r#""title":"焊工\u001b[0m""#, "title"),
            (r#""title":"焊工","employer":"\u202e司公""#, "employer"),
            (r#""title":"焊工","description":"a\u202eb""#, "description"),
            (r#""title":"焊工","skills":["a\u2066b"]"#, "skills[0]"),
            (r#""title":"焊工","headcount":10001"#, "headcount"),
            (r#""title":"焊工","salary":{"max":1000001}"#, "salary.max"),
            (
                r#""title":"焊工","experience_years":60.5"#,
                "experience_years",
            ),
            (r#""title":"焊工","posted_at":"1900-01-01""#, "posted_at"),
            (
                r#""title":"焊工","valid_until":"9999-12-31""#,
                "valid_until",
            ),
            (
                r#""title":"焊工","location":{"adcode":"000000"}"#,
                "location.adcode",
            ),
        ];
        for (fields, want) in bad {
            let e = job_from_json(&format!(r#"{{"id":"j",{fields}}}"#)).unwrap_err();
            assert!(
                matches!(&e, Error::Field { field, .. } if field == want),
                "{fields}: {e}"
            );
        }
        let long = format!(
            r#"{{"id":"j","title":"{}"}}"#,
            "焊".repeat(limits::MAX_TITLE_CHARS + 1)
        );
        assert!(job_from_json(&long)
            .unwrap_err()
            .to_string()
            .contains("longer than 200"));
        let many = serde_json::json!({"id": "c", "skills": vec!["焊"; limits::MAX_ITEMS + 1]});
        let e = candidate_from_json(&many.to_string()).unwrap_err();
        assert!(e.to_string().contains("`skills`"), "{e}");
        let e = candidate_from_json(r#"{"id":"c","experience":[{"years":-1}]}"#).unwrap_err();
        assert!(e.to_string().contains("experience[0].years"), "{e}");
        // What real postings hold passes: line breaks in a title, stray closers and closed
        // embeddings in free text, a known county code, today's date.
        let ok = format!(
            r#"{{"id":"j","title":"线切割技术员\n（快中走丝）","description":"免费作工\u202c餐 \u202d号\u202c","location":{{"adcode":"361002"}},"posted_at":"{}","headcount":10000}}"#,
            iso_today()
        );
        job_from_json(&ok).unwrap();
    }

    fn iso_today() -> String {
        let d = today();
        (0..)
            .map(|y: i64| 1970 + y)
            .flat_map(|y| (1..=12).map(move |m| (y, m)))
            .flat_map(|(y, m)| (1..=31).map(move |dd| format!("{y:04}-{m:02}-{dd:02}")))
            .find(|s| parse_date(s) == Some(d))
            .unwrap()
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
        let e = job_from_json(r#"{"id":"j","title":"t","salary":"abc"}"#).unwrap_err();
        assert!(
            matches!(&e, Error::Field { field, .. } if field == "salary"),
            "{e}"
        );
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
