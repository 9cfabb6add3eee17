//! Field normalisation and parsers: matching form of text, education levels, pay, places.

pub mod chinese;
pub mod education;
pub mod normalise;
pub mod region;
pub mod salary;

pub use education::EduLevel;
pub use normalise::{clean, fold, strip_html};
