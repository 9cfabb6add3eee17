//! Query parameters and bodies, parsed so that every mistake is a 400 naming the parameter.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Query as AxQuery, Request};
use axum::http::request::Parts;
use bole::assign::Mode;
use bole::engine::Query;
use bole::import::Format;
use bole::live;
use bole::roster::Options;
use bole::{Group, JobKind};
use utoipa::IntoParams;

use super::error::{code_for, ApiError};
use super::fields;

/// Largest `top` a caller may ask for (ranking is linear in it).
pub const MAX_TOP: usize = 1000;

/// The request body as bytes, with extractor failures (413 above the limit) in our error shape.
pub struct Body(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for Body {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        match Bytes::from_request(req, state).await {
            Ok(b) => Ok(Body(b)),
            Err(r) => {
                let status = r.status();
                Err(ApiError::new(status, code_for(status), r.body_text()))
            }
        }
    }
}

impl Body {
    /// The body as UTF-8 text.
    pub fn text(&self) -> Result<&str, ApiError> {
        std::str::from_utf8(&self.0).map_err(|e| {
            ApiError::new(
                axum::http::StatusCode::BAD_REQUEST,
                "invalid_json",
                format!("body is not UTF-8: {e}"),
            )
        })
    }
}

/// All query parameters in order (a name may repeat: `kind=gig&kind=part_time`).
pub struct Params(pub Vec<(String, String)>);

impl<S: Send + Sync> FromRequestParts<S> for Params {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        match AxQuery::<Vec<(String, String)>>::try_from_uri(&parts.uri) {
            Ok(AxQuery(v)) => Ok(Params(v)),
            Err(e) => Err(ApiError::new(
                axum::http::StatusCode::BAD_REQUEST,
                "invalid_query",
                e.body_text(),
            )),
        }
    }
}

impl Params {
    /// The last value of a parameter, if given and not blank.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .find(|(k, v)| k == name && !v.trim().is_empty())
            .map(|(_, v)| v.trim())
    }

    /// Every value of a parameter, comma-separated values split.
    pub fn list(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .flat_map(|(_, v)| v.split(','))
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect()
    }

    /// A non-negative integer within `max`.
    pub fn usize(&self, name: &str, default: usize, max: usize) -> Result<usize, ApiError> {
        match self.get(name) {
            None => Ok(default),
            Some(v) => match v.parse::<usize>() {
                Ok(n) if n <= max => Ok(n),
                Ok(n) => Err(ApiError::field(
                    name,
                    format!("{n} is above the maximum {max}"),
                )),
                Err(_) => Err(ApiError::field(
                    name,
                    format!("`{v}` is not a non-negative integer"),
                )),
            },
        }
    }

    /// `region`: a 6-digit administrative code or free text such as `广州` / `广东省广州市白云区`.
    pub fn region(&self) -> Result<Option<u32>, ApiError> {
        let Some(v) = self.get("region") else {
            return Ok(None);
        };
        if v.len() == 6 && v.bytes().all(|b| b.is_ascii_digit()) {
            let code: u32 = v
                .parse()
                .map_err(|_| ApiError::field("region", "bad code"))?;
            return match bole::text::region::by_adcode(code) {
                Some(_) => Ok(Some(code)),
                None => Err(ApiError::field(
                    "region",
                    format!("`{v}` is not a known administrative code"),
                )),
            };
        }
        match bole::text::region::resolve(v) {
            Some(p) => Ok(Some(p.adcode)),
            None => Err(ApiError::field(
                "region",
                format!("`{v}` names no known place"),
            )),
        }
    }

    /// `kind`: job kinds (`full_time`, `part_time`, `gig`, `internship`, `public_welfare`).
    pub fn kinds(&self) -> Result<Vec<JobKind>, ApiError> {
        self.list("kind")
            .into_iter()
            .map(|k| {
                JobKind::parse(k).ok_or_else(|| {
                    ApiError::field("kind", format!("`{k}` is not one of full_time, part_time, gig, internship, public_welfare"))
                })
            })
            .collect()
    }

    /// `group`: policy groups (`graduate`, `migrant_worker`, …).
    pub fn groups(&self) -> Result<Vec<Group>, ApiError> {
        self.list("group")
            .into_iter()
            .map(|g| {
                Group::parse(g).ok_or_else(|| {
                    let all: Vec<&str> = Group::ALL.iter().map(|g| g.as_str()).collect();
                    ApiError::field("group", format!("`{g}` is not one of {}", all.join(", ")))
                })
            })
            .collect()
    }

    /// A yes/no parameter (`true`/`false`, `1`/`0`), `false` when absent.
    pub fn flag(&self, name: &str) -> Result<bool, ApiError> {
        match self.get(name) {
            None => Ok(false),
            Some("true" | "1") => Ok(true),
            Some("false" | "0") => Ok(false),
            Some(v) => Err(ApiError::field(name, format!("`{v}` is not true or false"))),
        }
    }

    /// `today`: the date the call is about (ISO `YYYY-MM-DD`); defaults to the server's date.
    pub fn today(&self) -> Result<i64, ApiError> {
        match self.get("today") {
            None => Ok(bole::model::today()),
            Some(v) => bole::model::parse_date(v).ok_or_else(|| {
                ApiError::field("today", format!("`{v}` is not an ISO date YYYY-MM-DD"))
            }),
        }
    }
}

/// Query parameters of one kind, parsed from the raw pairs so that every mistake is a 400 naming
/// the parameter. A parameter given with a blank value is a 400 (the [`Q`] extractor checks it
/// before parsing); the last value of a repeated name wins; list parameters take repeated names
/// and comma-separated values alike.
pub trait FromParams: Sized {
    /// Parse and check.
    fn from_params(p: &Params) -> Result<Self, ApiError>;
}

/// The extractor of typed query parameters: `Q(m): Q<MatchParams>`.
pub struct Q<T>(pub T);

impl<S: Send + Sync, T: FromParams + IntoParams> FromRequestParts<S> for Q<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let p = Params::from_request_parts(parts, state).await?;
        // A parameter of `T` given without a value (`today=`) is a mistake, not its default.
        for param in T::into_params(|| None) {
            if let Some((name, _)) =
                p.0.iter()
                    .find(|(k, v)| *k == param.name && v.trim().is_empty())
            {
                return Err(ApiError::field(
                    name,
                    "empty: give a value, or leave the parameter out for its default",
                ));
            }
        }
        T::from_params(&p).map(Q)
    }
}

/// Largest `offset` (a deep page needs a deeper pool).
pub const MAX_OFFSET: usize = 100_000;

/// What to match and how many: `top`, `offset`, `region`, `kind`, `group`, `today`.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MatchParams {
    /// How many results (default 10).
    #[param(required = false, minimum = 0, maximum = 1000, default = 10)]
    pub top: usize,
    /// Skip this many (pagination; default 0).
    #[param(required = false, minimum = 0, maximum = 100000, default = 0)]
    pub offset: usize,
    /// Only within this area: a known 6-digit administrative code, or free text naming a known
    /// place such as 广州 or 广东省广州市白云区.
    #[param(schema_with = fields::region_param, required = false)]
    pub region: Option<u32>,
    /// Job kinds, the parameter repeated (`kind=gig&kind=part_time`; comma-separated values are
    /// read too).
    #[param(schema_with = fields::kind_param, required = false, style = Form, explode)]
    pub kind: Vec<JobKind>,
    /// Only people in these groups (vacancy → people), repeated or comma-separated.
    #[param(schema_with = fields::group_param, required = false, style = Form, explode)]
    pub group: Vec<Group>,
    /// Date of the call (ISO `YYYY-MM-DD`, default today); expired vacancies are never returned.
    #[param(schema_with = fields::date_param, required = false)]
    pub today: i64,
    /// Vacancy → people: also offer people already hired (an outcome event `hired`); default false.
    #[param(required = false, default = false)]
    pub include_hired: bool,
}

impl FromParams for MatchParams {
    fn from_params(p: &Params) -> Result<Self, ApiError> {
        Ok(MatchParams {
            top: p.usize("top", 10, MAX_TOP)?,
            offset: p.usize("offset", 0, MAX_OFFSET)?,
            region: p.region()?,
            kind: p.kinds()?,
            group: p.groups()?,
            today: p.today()?,
            include_hired: p.flag("include_hired")?,
        })
    }
}

impl MatchParams {
    /// The engine query.
    pub fn query(&self) -> Query {
        Query {
            top: self.top,
            offset: self.offset,
            region: self.region,
            kinds: self.kind.clone(),
            groups: self.group.clone(),
            today: self.today,
            include_hired: self.include_hired,
            // Deep pages need a deeper pool.
            depth: bole::engine::RETRIEVE.max(self.offset + self.top),
        }
    }
}

/// Longest search text, in characters.
pub const MAX_Q: usize = 200;

/// The text of a search.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchText {
    /// The text to search for (required, at most 200 characters, not only spaces).
    #[param(
        min_length = 1,
        max_length = 200,
        pattern = r"[^\t\n\u000B\u000C\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]"
    )]
    pub q: String,
}

impl FromParams for SearchText {
    fn from_params(p: &Params) -> Result<Self, ApiError> {
        match p.get("q") {
            Some(q) if q.chars().count() <= MAX_Q => Ok(SearchText { q: q.to_string() }),
            Some(_) => Err(ApiError::field(
                "q",
                format!("longer than {MAX_Q} characters"),
            )),
            None => Err(ApiError::field("q", "required: the text to search for")),
        }
    }
}

/// The audience of a livestream: `region`, `group`, `industry`, `home`, `today`.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AudienceParams {
    /// Area of the show: a known adcode or free text naming a known place.
    #[param(schema_with = fields::region_param, required = false)]
    pub region: Option<u32>,
    /// Audience groups, repeated or comma-separated (graduate, migrant_worker, hard_to_employ, …).
    #[param(schema_with = fields::group_param, required = false, style = Form, explode)]
    pub group: Vec<Group>,
    /// Industry keywords such as 物流, 餐饮, 制造 (any of them).
    #[param(value_type = Option<String>, example = "物流", min_length = 1, pattern = r"[^\t\n\u000B\u000C\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]")]
    pub industry: Vec<String>,
    /// Where viewers live (the name of a known place), for distances in the talking points.
    #[param(schema_with = fields::place_param, required = false)]
    pub home: Option<live::Home>,
    /// Date of the show (ISO `YYYY-MM-DD`, default today).
    #[param(schema_with = fields::date_param, required = false)]
    pub today: Option<i64>,
}

impl FromParams for AudienceParams {
    fn from_params(p: &Params) -> Result<Self, ApiError> {
        let home =
            match p.get("home") {
                None => None,
                Some(h) => Some(live::Home::resolve(h).ok_or_else(|| {
                    ApiError::field("home", format!("`{h}` names no known place"))
                })?),
            };
        let today = match p.get("today") {
            Some(_) => Some(p.today()?),
            None => None,
        };
        Ok(AudienceParams {
            region: p.region()?,
            group: p.groups()?,
            industry: p
                .get("industry")
                .map(live::industry_keywords)
                .unwrap_or_default(),
            home,
            today,
        })
    }
}

impl AudienceParams {
    /// The audience as the engine takes it.
    pub fn audience(&self) -> live::Audience {
        live::Audience {
            region: self.region,
            groups: self.group.clone(),
            industry: self.industry.clone(),
            home: self.home.clone(),
        }
    }
}

/// Largest `per_employer` of the picks.
pub const MAX_PER_EMPLOYER: usize = 50;

/// How many picks: `n`, `per_employer`.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PicksParams {
    /// How many (default 20).
    #[param(required = false, minimum = 0, maximum = 200, default = 20)]
    pub n: usize,
    /// At most this many per employer (default 2; 0 counts as 1).
    #[param(required = false, minimum = 0, maximum = 50, default = 2)]
    pub per_employer: usize,
}

impl FromParams for PicksParams {
    fn from_params(p: &Params) -> Result<Self, ApiError> {
        Ok(PicksParams {
            n: p.usize("n", 20, live::MAX_PICKS)?,
            per_employer: p
                .usize("per_employer", live::DEFAULT_PER_EMPLOYER, MAX_PER_EMPLOYER)?
                .max(1),
        })
    }
}

/// Largest `k` (edges per person) a caller may ask for.
pub const MAX_K: usize = 200;
/// Largest number of backups per person.
pub const MAX_BACKUPS: usize = 10;

/// How an assignment run goes: `mode`, `k`, `backups`, `today`; with an empty body, `group` and
/// `region` select stored people.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AssignParams {
    /// `stable` (default: no blocking pair) or `max-fit` (most placed, then most total fit).
    #[param(value_type = Option<AssignMode>)]
    pub mode: Mode,
    /// Feasible vacancies (edges) per person (default 50).
    #[param(required = false, minimum = 1, maximum = 200, default = 50)]
    pub k: usize,
    /// Backups per person (default 3).
    #[param(required = false, minimum = 0, maximum = 10, default = 3)]
    pub backups: usize,
    /// With an empty body: select stored candidates of this group.
    #[param(value_type = Option<Group>)]
    pub group: Option<Group>,
    /// With an empty body: select stored candidates living in or wanting this area (a known
    /// adcode or free text naming a known place).
    #[param(schema_with = fields::region_param, required = false)]
    pub region: Option<u32>,
    /// Date of the run (ISO `YYYY-MM-DD`, default today): vacancies expired on it are left out.
    #[param(schema_with = fields::date_param, required = false)]
    pub today: i64,
    /// 托底 (default true): people of the policy's floor groups (就业困难人员 …) get a feasible
    /// vacancy whenever one exists in their circle, falling back to 公益性岗位; `false` turns it off.
    #[param(value_type = Option<bool>, default = true)]
    pub floor: bool,
}

/// The names of the assignment modes.
#[derive(utoipa::ToSchema)]
#[schema(rename_all = "kebab-case")]
#[allow(dead_code)] // a schema only: the parameter is parsed by `AssignParams`
pub enum AssignMode {
    /// No blocking pair.
    Stable,
    /// Most placed, then most total fit.
    MaxFit,
}

impl FromParams for AssignParams {
    fn from_params(p: &Params) -> Result<Self, ApiError> {
        let mode = match p.get("mode").unwrap_or("stable") {
            "stable" => Mode::Stable,
            "max-fit" | "max_fit" => Mode::MaxFit,
            m => {
                return Err(ApiError::field(
                    "mode",
                    format!("`{m}`: expected stable or max-fit"),
                ))
            }
        };
        let k = p.usize("k", 50, MAX_K)?;
        if k == 0 {
            return Err(ApiError::field("k", "must be at least 1"));
        }
        let group =
            match p.get("group") {
                Some(g) => Some(Group::parse(g).ok_or_else(|| {
                    ApiError::field("group", format!("`{g}` is not a known group"))
                })?),
                None => None,
            };
        Ok(AssignParams {
            mode,
            k,
            backups: p.usize("backups", 3, MAX_BACKUPS)?,
            group,
            region: p.region()?,
            today: p.today()?,
            floor: match p.get("floor") {
                None => true,
                Some(_) => p.flag("floor")?,
            },
        })
    }
}

impl AssignParams {
    /// The run's options.
    pub fn options(&self) -> Options {
        Options {
            mode: self.mode,
            k: self.k,
            backups: self.backups,
            today: self.today,
            floor: self.floor,
            ..Default::default()
        }
    }
}

/// An uploaded file's `format`.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportParams {
    /// `jsonl` or `csv` (default: csv when the Content-Type is text/csv, else jsonl).
    #[param(value_type = Option<FileFormat>)]
    pub format: Option<Format>,
}

/// The sides a file is imported into.
#[derive(utoipa::ToSchema)]
#[schema(rename_all = "lowercase")]
#[allow(dead_code)] // a schema only: the path segment is matched by the handler
pub enum ImportSide {
    /// Vacancies.
    Jobs,
    /// People.
    Candidates,
}

/// The names of the file formats.
#[derive(utoipa::ToSchema)]
#[schema(rename_all = "lowercase")]
#[allow(dead_code)] // a schema only: the parameter is parsed by `ImportParams`
pub enum FileFormat {
    /// JSON Lines.
    Jsonl,
    /// The platform-export CSV (jobs only).
    Csv,
}

impl FromParams for ImportParams {
    fn from_params(p: &Params) -> Result<Self, ApiError> {
        let format = match p.get("format") {
            None => None,
            Some(f) => Some(Format::parse(f).ok_or_else(|| {
                ApiError::field("format", format!("`{f}` is not one of jsonl, csv"))
            })?),
        };
        Ok(ImportParams { format })
    }
}

/// A record body for `PUT /…/{id}`: the path id fills a missing `id`, and a different one is a 400.
pub fn record_text(body: &Body, path_id: &str) -> Result<String, ApiError> {
    let text = body.text()?;
    let mut v: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        ApiError::new(
            axum::http::StatusCode::BAD_REQUEST,
            "invalid_json",
            format!("invalid JSON: {e}"),
        )
    })?;
    let Some(o) = v.as_object_mut() else {
        return Err(ApiError::new(
            axum::http::StatusCode::BAD_REQUEST,
            "invalid_json",
            "the body must be a JSON object",
        ));
    };
    match o.get("id") {
        None => {
            o.insert("id".into(), serde_json::Value::String(path_id.to_string()));
        }
        Some(serde_json::Value::String(s)) if s == path_id => {}
        Some(other) => {
            return Err(ApiError::field(
                "id",
                format!("{other} does not match the id in the path `{path_id}`"),
            ));
        }
    }
    Ok(v.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(q: &[(&str, &str)]) -> Params {
        Params(
            q.iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect(),
        )
    }

    #[test]
    fn parses_and_names_bad_parameters() {
        let q = MatchParams::from_params(&p(&[
            ("top", "5"),
            ("kind", "gig,part_time"),
            ("group", "graduate"),
            ("region", "广州"),
        ]))
        .unwrap()
        .query();
        assert_eq!(q.top, 5);
        assert_eq!(q.kinds, vec![JobKind::Gig, JobKind::PartTime]);
        assert_eq!(q.groups, vec![Group::Graduate]);
        assert_eq!(q.region, Some(440100));
        assert_eq!(p(&[("region", "440111")]).region().unwrap(), Some(440111));
        for (k, v) in [
            ("top", "x"),
            ("top", "100000"),
            ("kind", "forever"),
            ("group", "martian"),
            ("region", "火星"),
            ("today", "2026-13-01"),
            ("offset", "100001"),
        ] {
            let e = MatchParams::from_params(&p(&[(k, v)])).unwrap_err();
            assert_eq!(e.status, 400);
            assert!(e.message.contains(k), "{}", e.message);
        }
    }

    #[test]
    fn record_id_from_path() {
        let b = Body(Bytes::from_static(br#"{"title":"t"}"#));
        assert!(record_text(&b, "j1").unwrap().contains("\"id\":\"j1\""));
        let b = Body(Bytes::from_static(br#"{"id":"j2","title":"t"}"#));
        assert!(record_text(&b, "j1").unwrap_err().message.contains("`id`"));
        let b = Body(Bytes::from_static(b"{\"id\":"));
        assert_eq!(record_text(&b, "j1").unwrap_err().code, "invalid_json");
    }
}
