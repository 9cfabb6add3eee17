//! bole — a job–candidate matching engine for China's public employment services.
//!
//! Vacancies ([`Job`]) and job seekers ([`Candidate`]) go into a durable [`store`]; an
//! [`Engine`] keeps full-text and vector indexes in step with it and ranks matches in both
//! directions with reasons; [`roster`] assigns people to places one-to-one.
//!
//! ```
//! use bole::{Engine, engine::Query};
//! let dir = tempfile::tempdir().unwrap();
//! let engine = Engine::open(dir.path()).unwrap();
//! let jobs: Vec<bole::Job> = [
//!     r#"{"id":"j1","title":"叉车司机","skills":["叉车证"],"location":{"region":"江西省抚州市临川区"},"benefits":["包吃住"]}"#,
//!     r#"{"id":"j2","title":"Java开发工程师","education":"本科","location":{"region":"江西省抚州市临川区"}}"#,
//!     r#"{"id":"j3","title":"社区保洁员","kind":"public_welfare","location":{"region":"江西省抚州市临川区"}}"#,
//! ]
//! .iter()
//! .map(|t| bole::model::job_from_json(t).unwrap())
//! .collect();
//! engine.put_jobs(&jobs).unwrap();
//! let person = bole::model::candidate_from_json(
//!     r#"{"id":"c1","groups":["migrant_worker"],"summary":"开过三年叉车，有叉车证","home":{"region":"江西省抚州市临川区"}}"#,
//! )
//! .unwrap();
//! let q = Query { today: bole::model::parse_date("2026-11-21").unwrap(), ..Default::default() };
//! let matches = engine.jobs_for(&person, &q).unwrap();
//! assert_eq!(matches[0].job_id, "j1");
//! assert!(matches[0].reasons.iter().any(|r| r.contains("叉车")));
//! ```
#![warn(missing_docs)]

pub mod assign;
pub mod cancel;
pub mod date;
pub mod engine;
pub mod error;
pub mod eval;
pub mod events;
pub mod fulltext;
pub mod import;
pub mod ingest;
mod jobset;
pub mod lexicon;
pub mod live;
pub mod market;
pub mod model;
pub mod occupation;
pub mod outcomes;
pub mod present;
mod profile_cache;
pub mod rank;
pub mod roster;
pub mod screen;
pub mod store;
pub mod text;
pub mod vector;

pub use engine::Engine;
pub use error::{Error, ErrorKind, Result};
pub use model::{Candidate, Group, Job, JobKind};
pub use profile_cache::CacheStats;
