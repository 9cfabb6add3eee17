//! Full-text retrieval in both directions: vacancies for a person ([`JobIndex`]) and people for a
//! vacancy ([`CandidateIndex`]), BM25 over jieba words with a character-bigram companion field.
//!
//! Queries are built from a whole record, each part weighted by what it is (titles weigh more than
//! skills and certificates, which weigh more than experience, which weighs more than free text),
//! and matched against the other side's fields with the same ordering of boosts. Filters (region
//! by administrative-code prefix, kind, validity, education) are fast-field clauses that do not
//! change scores.
//!
//! The indexes are derived data: they store only ids and filter values, can be dropped and rebuilt
//! from the store at any time, and carry [`SCHEMA_VERSION`] so a stale index is detected.

mod core;
mod query;
mod schema;

use std::path::Path;

use tantivy::query::{BooleanQuery, Occur, Query};

use crate::error::Result;
use crate::model::{Candidate, Group, Job, JobKind};
use crate::text::education::EduLevel;

use self::core::Core;
use self::query::{phrase_query, split_phrases, Bag};
pub use self::schema::record_key;
use self::schema::Side;

/// Version of the index layout (schema, tokenization, dictionary semantics). Bump it whenever a
/// change makes existing index files answer differently; [`JobIndex::open`] then starts an empty
/// index (see [`JobIndex::needs_rebuild`]) that the owner refills from the store.
pub const SCHEMA_VERSION: u32 = 3;

/// Field boosts on the job side: title > skills > description.
const JOB_TITLE: f32 = 3.0;
const JOB_SKILLS: f32 = 2.0;
const JOB_DESC: f32 = 1.0;
/// Field boosts on the candidate side: desired titles > skills & certificates > experience > summary.
const CAND_TITLE: f32 = 3.0;
const CAND_SKILLS: f32 = 2.0;
const CAND_EXP: f32 = 1.5;
const CAND_DESC: f32 = 1.0;
/// Weights of the parts of a record when it becomes a query (same ordering as the boosts).
const W_TITLE: f32 = 3.0;
const W_SKILL: f32 = 2.0;
const W_EXP: f32 = 1.5;
const W_TEXT: f32 = 1.0;

/// Restrictions applied to retrieval; every field is optional and `Default` restricts nothing.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Administrative code whose area must contain the record: a province (`360000` = all of
    /// 江西), a city (`361000` = 抚州) or a county (`361002` = 临川区). Jobs match on their
    /// location; candidates on their home or any desired region. A record without a resolvable
    /// place never matches a region filter.
    pub region: Option<u32>,
    /// The record must lie in at least one of these areas (each as `region`; combined with it
    /// when both are set). Empty = anywhere.
    pub any_region: Vec<u32>,
    /// Job side: the vacancy's kind is one of these. Candidate side: the person accepts one of
    /// these (a person who stated no kind accepts all). Empty = any.
    pub kinds: Vec<JobKind>,
    /// Job side: day (days since 1970-01-01) on which the vacancy must still be valid; vacancies
    /// with `valid_until` before it are excluded, those without `valid_until` never are.
    pub valid_on: Option<i64>,
    /// Job side: only vacancies requiring at most this education (what the person has). A
    /// vacancy with no or unreadable requirement counts as requiring none.
    pub max_education: Option<EduLevel>,
    /// Candidate side: only people with at least this education (what the vacancy requires).
    /// A person whose education is unknown counts as having none.
    pub min_education: Option<EduLevel>,
    /// Candidate side: people in any of these policy groups. Empty = any.
    pub groups: Vec<Group>,
}

/// One retrieved record.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// Id of the job or candidate (empty from the `*_keys` searches).
    pub id: String,
    /// [`record_key`] of the id.
    pub key: u64,
    /// BM25 score (higher is better; comparable only within one result list).
    pub score: f32,
}

/// Full-text index of vacancies.
pub struct JobIndex {
    core: Core,
}

/// Full-text index of job seekers.
pub struct CandidateIndex {
    core: Core,
}

impl std::fmt::Debug for JobIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JobIndex")
            .field("len", &self.len())
            .finish()
    }
}

impl std::fmt::Debug for CandidateIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CandidateIndex")
            .field("len", &self.len())
            .finish()
    }
}

/// Both sides share the whole life-cycle; only documents and queries differ.
macro_rules! common_api {
    ($t:ty, $side:expr, $rec:ty, $to_doc:path) => {
        impl $t {
            /// Open the index in `dir`, creating it (and the directory) if missing. An index
            /// written with another [`SCHEMA_VERSION`] is discarded and an empty one created; check
            /// [`Self::needs_rebuild`]. The directory belongs to the index.
            pub fn open(dir: &Path) -> Result<Self> {
                Ok(Self {
                    core: Core::open(dir, $side)?,
                })
            }

            /// A fresh index in memory (tests, one-shot batch runs).
            pub fn in_ram() -> Result<Self> {
                Ok(Self {
                    core: Core::in_ram($side)?,
                })
            }

            /// True when [`Self::open`] had to create the index empty (it was missing or stale):
            /// the caller should refill it from the store.
            pub fn needs_rebuild(&self) -> bool {
                self.core.created
            }

            /// Add or replace the record with this id. Visible to searches after [`Self::commit`].
            pub fn upsert(&self, r: &$rec) -> Result<()> {
                self.core.upsert(&r.id, |f| $to_doc(f, r))
            }

            /// Remove the record with this id (no error if absent). Visible after [`Self::commit`].
            pub fn delete(&self, id: &str) -> Result<()> {
                self.core.delete(id)
            }

            /// Make all writes so far durable and visible: when this returns, a search sees them.
            pub fn commit(&self) -> Result<()> {
                self.core.commit()
            }

            /// Remove every record. Takes effect at the next [`Self::commit`], so a rebuild
            /// (clear, upsert all, commit) never shows readers a half-empty index.
            pub fn clear(&self) -> Result<()> {
                self.core.clear()
            }

            /// Merge all segments into one (after a bulk load; searches get faster).
            pub fn compact(&self) -> Result<()> {
                self.core.compact()
            }

            /// Number of index segments a search walks now.
            pub fn segments(&self) -> usize {
                self.core.segments()
            }

            /// Number of records visible to searches (as of the last commit).
            pub fn len(&self) -> usize {
                self.core.len()
            }

            /// True when no record is visible.
            pub fn is_empty(&self) -> bool {
                self.len() == 0
            }

            /// Free-text search: words in any order (optional, BM25-ranked) and `"quoted
            /// phrases"` that must occur as written (in any text field). Either script works.
            pub fn search_text(&self, q: &str, f: &Filter, limit: usize) -> Result<Vec<Hit>> {
                let fields = self.core.text_fields();
                let (phrases, free) = split_phrases(q);
                let searcher = self.core.searcher();
                let mut bag = Bag::default();
                bag.both(&free, 1.0);
                let mut text: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                for p in &phrases {
                    if let Some(q) = phrase_query(p, &fields) {
                        text.push((Occur::Must, q));
                    }
                }
                let should = bag
                    .clauses(&self.core.stats(&searcher), &fields, self.core.fields.bg)
                    .map_err(core::ix)?;
                if text.is_empty() {
                    if should.is_empty() {
                        return Ok(Vec::new());
                    }
                    text.push((Occur::Must, Box::new(BooleanQuery::new(should))));
                } else {
                    text.extend(should);
                }
                self.core
                    .search(&searcher, Box::new(BooleanQuery::new(text)), f, limit, true)
            }
        }
    };
}

common_api!(JobIndex, Side::Jobs, Job, schema::job_doc);
common_api!(
    CandidateIndex,
    Side::Candidates,
    Candidate,
    schema::candidate_doc
);

impl JobIndex {
    /// Vacancies for a person, from the whole record: desired titles, experience titles, skills,
    /// certificates, major, experience descriptions and summary, each weighted by what it is.
    pub fn for_candidate(&self, c: &Candidate, f: &Filter, limit: usize) -> Result<Vec<Hit>> {
        self.core.search_bag(&candidate_bag(c), f, limit, true)
    }

    /// As [`Self::for_candidate`], but hits carry only their [`record_key`] (`id` left empty):
    /// much cheaper when the caller can resolve keys itself.
    pub fn for_candidate_keys(&self, c: &Candidate, f: &Filter, limit: usize) -> Result<Vec<Hit>> {
        self.core.search_bag(&candidate_bag(c), f, limit, false)
    }
}

/// A person's record as a query for vacancies, fed part by part by a caller that segments each
/// part once for its own use too ([`crate::rank::CandidateProfile::with_job_query`]): each method
/// takes a part's folded text and the words [`crate::text::chinese::Segmenter::each_word_folded`]
/// found in it, and weighs them as [`JobIndex::for_candidate`] weighs that part of a record.
#[derive(Default)]
pub(crate) struct JobQuery(Bag);

impl JobQuery {
    /// Drop the growth slack of a query that is complete (it is kept between calls).
    pub(crate) fn shrink(&mut self) {
        self.0.shrink();
    }

    fn both(&mut self, folded: &str, words: &[&str], weight: f32) {
        for w in words {
            self.0.word(w, weight);
        }
        self.0.grams_folded(folded, weight);
    }

    /// A desired title (or an occupation the record implies).
    pub(crate) fn title(&mut self, folded: &str, words: &[&str]) {
        self.both(folded, words, W_TITLE);
    }

    /// A skill, certificate or past title.
    pub(crate) fn skill(&mut self, folded: &str, words: &[&str]) {
        self.both(folded, words, W_SKILL);
    }

    /// The major.
    pub(crate) fn major(&mut self, folded: &str, words: &[&str]) {
        self.both(folded, words, W_EXP);
    }

    /// Free text (summary, a job description), HTML already stripped: words only.
    pub(crate) fn text(&mut self, words: &[&str]) {
        for w in words {
            self.0.word(w, W_TEXT);
        }
    }
}

impl JobIndex {
    /// As [`JobIndex::for_candidate_keys`] for a query built part by part.
    pub(crate) fn for_job_query_keys(
        &self,
        q: &JobQuery,
        f: &Filter,
        limit: usize,
    ) -> Result<Vec<Hit>> {
        self.core.search_bag(&q.0, f, limit, false)
    }
}

/// The weighted words of a person's record, as a query for vacancies.
fn candidate_bag(c: &Candidate) -> Bag {
    let mut bag = Bag::default();
    if let Some(d) = &c.desired {
        for t in &d.titles {
            bag.both(t, W_TITLE);
        }
    }
    for s in c.skills.iter().chain(&c.certificates) {
        bag.both(s, W_SKILL);
    }
    for e in &c.experience {
        if let Some(t) = &e.title {
            // A title once held says what the person can do: weighed like a skill.
            bag.both(t, W_SKILL);
        }
        if let Some(t) = &e.description {
            bag.words(t, W_TEXT, true);
        }
    }
    if let Some(m) = &c.major {
        bag.both(m, W_EXP);
    }
    if let Some(s) = &c.summary {
        bag.words(s, W_TEXT, true);
    }
    bag
}

impl CandidateIndex {
    /// People for a vacancy, from the whole record: title, skills, description.
    pub fn for_job(&self, j: &Job, f: &Filter, limit: usize) -> Result<Vec<Hit>> {
        let mut bag = Bag::default();
        bag.both(&j.title, W_TITLE);
        for s in &j.skills {
            bag.both(s, W_SKILL);
        }
        if let Some(t) = &j.description {
            bag.words(t, W_TEXT, true);
        }
        self.core.search_bag(&bag, f, limit, true)
    }
}

#[cfg(test)]
mod tests;
