//! Query parameters and bodies, parsed so that every mistake is a 400 naming the parameter.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Query as AxQuery, Request};
use axum::http::request::Parts;
use bole::engine::Query;
use bole::{Group, JobKind};

use super::error::{code_for, ApiError};

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

    /// `today`: the date the call is about (ISO `YYYY-MM-DD`); defaults to the server's date.
    pub fn today(&self) -> Result<i64, ApiError> {
        match self.get("today") {
            None => Ok(bole::model::today()),
            Some(v) => bole::model::parse_date(v).ok_or_else(|| {
                ApiError::field("today", format!("`{v}` is not an ISO date YYYY-MM-DD"))
            }),
        }
    }

    /// The engine query: `top`, `offset`, `region`, `kind`, `group`, `today`.
    pub fn query(&self) -> Result<Query, ApiError> {
        let top = self.usize("top", 10, MAX_TOP)?;
        let offset = self.usize("offset", 0, 100_000)?;
        Ok(Query {
            top,
            offset,
            region: self.region()?,
            kinds: self.kinds()?,
            groups: self.groups()?,
            today: self.today()?,
            // Deep pages need a deeper pool.
            depth: bole::engine::RETRIEVE.max(offset + top),
        })
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
        let q = p(&[
            ("top", "5"),
            ("kind", "gig,part_time"),
            ("group", "graduate"),
            ("region", "广州"),
        ])
        .query()
        .unwrap();
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
        ] {
            let e = p(&[(k, v)]).query().unwrap_err();
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
