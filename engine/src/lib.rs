//! bole — a job–candidate matching engine for China's public employment services.
#![warn(missing_docs)]

pub mod assign;
pub mod error;
pub mod fulltext;
pub mod lexicon;
pub mod model;
pub mod text;
pub mod vector;

pub use error::{Error, ErrorKind, Result};
pub use model::{Candidate, Group, Job, JobKind};
pub mod import;
pub mod store;
