//! Turning a record (or a search box) into a tantivy query, and a [`Filter`] into filter clauses.

use std::collections::HashMap;
use std::ops::Bound;

use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, Occur, PhraseQuery, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;

use super::core::Stats;
use super::schema::{edu_rank, group_code, kind_code, Fields, EDU_MAX};
use super::Filter;
use crate::text::chinese::{each_bigram, Segmenter};
use crate::text::normalise::{clean, fold};

/// Most word clauses (word × field) one query may hold; the rest (the least informative) are
/// dropped. A query's cost is mostly setting up one scorer per clause and segment: on the 36k real
/// postings with synthetic seekers, 64+32 clauses gave p50 8 ms where 24+12 gave 2 ms, and 16+8
/// made a whole candidate → jobs call 1.145× faster than 24+12 (interleaved in one process) with
/// the same top 10 for 2,000 people (overlap 1.000) and dev-set nDCG@10 0.893 for the ranker,
/// 0.753 vs 0.749 for BM25 alone. 12+6 cost BM25 alone 0.02 nDCG@10 and 0.01 Recall@100.
const MAX_WORD_CLAUSES: usize = 16;
/// Most bigram clauses one query may hold.
const MAX_BIGRAM_CLAUSES: usize = 8;
/// Most postings (sum of the document frequencies of the chosen terms) a record query may walk.
const POSTINGS_BUDGET: u64 = 20_000;
/// Clauses always kept, whatever their cost, so a query made only of common words still ranks.
const MIN_CLAUSES: usize = 4;
/// Weight of the bigram field relative to word fields: it only rescues what words miss and would
/// otherwise count every matched word a second time.
pub(crate) const BIGRAM_BOOST: f32 = 0.5;

/// Function words that carry no meaning for matching; BM25 would weigh them low anyway, but they
/// would still cost a clause each.
const STOP: &[&str] = &[
    "的", "了", "和", "与", "及", "等", "或", "在", "是", "有", "为", "对", "并", "将", "从", "以",
    "也", "都", "就", "把", "被", "让", "着", "过", "之", "其", "及其", "或者", "以及", "我", "你",
    "他", "她", "我们", "您",
];

/// Words and bigrams of a record, each with the weight of the part of the record it came from.
#[derive(Default, Debug, PartialEq)]
pub(crate) struct Bag {
    words: FxMap<String, f32>,
    grams: FxMap<String, f32>,
    /// Both maps packed, once the bag is complete ([`Bag::shrink`]).
    packed: Option<Packed>,
}

/// A complete bag in a fraction of the maps' memory: every word and bigram in one string, each
/// entry its (start, end, weight) in it. Words come first, then from `first_gram` the bigrams.
#[derive(Default, Debug, PartialEq)]
struct Packed {
    text: String,
    entries: Vec<(u32, u32, f32)>,
    first_gram: usize,
}

impl Packed {
    fn of(words: &FxMap<String, f32>, grams: &FxMap<String, f32>) -> Packed {
        let mut p = Packed::default();
        let add = |p: &mut Packed, k: &str, w: f32| {
            let start = p.text.len() as u32;
            p.text.push_str(k);
            p.entries.push((start, p.text.len() as u32, w));
        };
        for (k, &w) in words {
            add(&mut p, k, w);
        }
        p.first_gram = p.entries.len();
        for (k, &w) in grams {
            add(&mut p, k, w);
        }
        p.text.shrink_to_fit();
        p.entries.shrink_to_fit();
        p
    }

    fn part(&self, range: std::ops::Range<usize>) -> impl Iterator<Item = (&str, f32)> {
        self.entries[range]
            .iter()
            .map(|&(a, b, w)| (&self.text[a as usize..b as usize], w))
    }
}

/// The bag's maps: the order they iterate in never reaches a query (clauses are sorted).
type FxMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<rustc_hash::FxHasher>>;

impl Bag {
    /// Add the words of `text` (folded here) with `weight`; HTML is stripped when `html`.
    pub(crate) fn words(&mut self, text: &str, weight: f32, html: bool) {
        let folded = if html { clean(text) } else { fold(text) };
        Segmenter::global().each_word_folded(&folded, |w, _, _| self.word(w, weight));
    }

    /// Add one word of a segmentation ([`Segmenter::each_word_folded`]) with `weight`: what
    /// [`Bag::words`] does with each word of its text, for a caller that segmented it already.
    pub(crate) fn word(&mut self, w: &str, weight: f32) {
        debug_assert!(self.packed.is_none(), "a packed bag takes no more words");
        if STOP.contains(&w) || w.chars().all(|c| c.is_ascii_digit() || c == '.') {
            return;
        }
        // A lone character is usually a fragment jieba could not place; the bigram field
        // covers it better.
        let wt = if w.chars().nth(1).is_none() {
            weight * 0.5
        } else {
            weight
        };
        match self.words.get_mut(w) {
            Some(e) => *e = e.max(wt),
            None => {
                self.words.insert(w.to_string(), wt);
            }
        }
    }

    /// Add the character bigrams of `text` with `weight`.
    pub(crate) fn grams(&mut self, text: &str, weight: f32) {
        self.grams_folded(&fold(text), weight);
    }

    /// [`Bag::grams`] of text that is folded already.
    pub(crate) fn grams_folded(&mut self, folded: &str, weight: f32) {
        debug_assert!(self.packed.is_none(), "a packed bag takes no more bigrams");
        each_bigram(folded, |g, _, _| match self.grams.get_mut(g) {
            Some(e) => *e = e.max(weight),
            None => {
                self.grams.insert(g.to_string(), weight);
            }
        });
    }

    /// Add both words and bigrams.
    pub(crate) fn both(&mut self, text: &str, weight: f32) {
        self.words(text, weight, false);
        self.grams(text, weight);
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.words.is_empty()
            && self.grams.is_empty()
            && self.packed.as_ref().is_none_or(|p| p.entries.is_empty())
    }

    /// Pack a complete bag ([`Packed`]): it gives the same [`Bag::clauses`], and takes no more
    /// words.
    pub(crate) fn shrink(&mut self) {
        if self.packed.is_none() {
            self.packed = Some(Packed::of(&self.words, &self.grams));
            self.words = FxMap::default();
            self.grams = FxMap::default();
        }
    }

    /// Every entry (key, weight bits, bigram?), sorted: what [`Bag::clauses`] is built from.
    #[cfg(test)]
    pub(crate) fn entries(&self) -> Vec<(String, u32, bool)> {
        let mut v = Vec::new();
        self.each_entry(|k, w, g| v.push((k.to_string(), w.to_bits(), g)));
        v.sort();
        v
    }

    /// How many words and bigrams the bag holds.
    fn counts(&self) -> (usize, usize) {
        match &self.packed {
            Some(p) => (p.first_gram, p.entries.len() - p.first_gram),
            None => (self.words.len(), self.grams.len()),
        }
    }

    /// The words, then the bigrams (`true`), with their weights.
    fn each_entry(&self, mut f: impl FnMut(&str, f32, bool)) {
        match &self.packed {
            Some(p) => {
                p.part(0..p.first_gram).for_each(|(k, w)| f(k, w, false));
                p.part(p.first_gram..p.entries.len())
                    .for_each(|(k, w)| f(k, w, true));
            }
            None => {
                self.words.iter().for_each(|(k, &w)| f(k, w, false));
                self.grams.iter().for_each(|(k, &w)| f(k, w, true));
            }
        }
    }

    /// Should-clauses over `targets` (field, boost) for the words and over `bg` for the bigrams.
    ///
    /// Terms absent from the index are skipped. The rest are taken in order of expected
    /// contribution (weight × boost × idf) while the postings they would walk stay within
    /// [`POSTINGS_BUDGET`] (the first [`MIN_CLAUSES`] always): the terms cut are the commonest,
    /// whose low idf barely moves the ranking but whose long posting lists would dominate the
    /// query's cost. So latency is bounded whatever the record's length or the corpus' skew.
    pub(crate) fn clauses(
        &self,
        stats: &Stats,
        targets: &[(Field, f32)],
        bg: Field,
    ) -> tantivy::Result<Vec<(Occur, Box<dyn Query>)>> {
        let n = stats.num_docs() as f32;
        // Every possible clause (term, boost, bigram?), then their statistics in one batch.
        let (words, grams) = self.counts();
        let n_terms = words * targets.len() + grams;
        let mut terms: Vec<Term> = Vec::with_capacity(n_terms);
        let mut meta: Vec<(f32, bool)> = Vec::with_capacity(n_terms);
        self.each_entry(|k, wt, gram| {
            if gram {
                terms.push(Term::from_field_text(bg, k));
                meta.push((wt * BIGRAM_BOOST, true));
            } else {
                for &(field, boost) in targets {
                    terms.push(Term::from_field_text(field, k));
                    meta.push((wt * boost, false));
                }
            }
        });
        let dfs = stats.doc_freqs(&terms)?;
        let mut cand: Vec<Candidate> = terms
            .into_iter()
            .zip(meta)
            .zip(dfs)
            .filter_map(|((term, (boost, gram)), df)| candidate(term, df, n, boost, gram))
            .collect();
        // Ties broken by term so the same record always gives the same query.
        cand.sort_by(|a, b| {
            b.priority
                .total_cmp(&a.priority)
                .then_with(|| a.term.cmp(&b.term))
        });
        let (mut spent, mut words, mut grams) = (0u64, 0usize, 0usize);
        let mut out = Vec::new();
        for c in cand {
            let taken = words + grams;
            if taken >= MIN_CLAUSES && spent + c.df > POSTINGS_BUDGET {
                continue;
            }
            let slot = if c.gram { &mut grams } else { &mut words };
            if *slot
                >= if c.gram {
                    MAX_BIGRAM_CLAUSES
                } else {
                    MAX_WORD_CLAUSES
                }
            {
                continue;
            }
            *slot += 1;
            spent += c.df;
            out.push((Occur::Should, boosted_term(c.term, c.boost)));
        }
        Ok(out)
    }
}

/// A possible clause of a record query.
struct Candidate {
    term: Term,
    boost: f32,
    df: u64,
    priority: f32,
    gram: bool,
}

/// The clause for `term` (found in `df` documents), ranked by weight × BM25 idf; `None` when
/// no document has the term.
fn candidate(term: Term, df: u64, n: f32, boost: f32, gram: bool) -> Option<Candidate> {
    if df == 0 {
        return None;
    }
    let d = df as f32;
    let idf = (1.0 + (n - d + 0.5) / (d + 0.5)).ln();
    Some(Candidate {
        term,
        boost,
        df,
        priority: boost * idf,
        gram,
    })
}

fn boosted_term(term: Term, boost: f32) -> Box<dyn Query> {
    let q: Box<dyn Query> = Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs));
    if (boost - 1.0).abs() < f32::EPSILON {
        q
    } else {
        Box::new(BoostQuery::new(q, boost))
    }
}

/// Parse a search box: `"quoted parts"` are phrases that must occur (in any text field), the rest
/// are optional words. Returns (phrase texts, free text).
pub(crate) fn split_phrases(q: &str) -> (Vec<String>, String) {
    // Full-width quotes are folded to ASCII by `fold`; Chinese curly quotes are accepted too.
    let q = fold(q).replace(['“', '”', '「', '」'], "\"");
    let mut phrases = Vec::new();
    let mut free = String::new();
    for (i, part) in q.split('"').enumerate() {
        if i % 2 == 1 {
            phrases.push(part.to_string());
        } else {
            free.push_str(part);
            free.push(' ');
        }
    }
    (phrases, free)
}

/// A phrase over `fields` (any of them): `None` when the phrase has no words.
pub(crate) fn phrase_query(text: &str, fields: &[(Field, f32)]) -> Option<Box<dyn Query>> {
    let mut words = Vec::new();
    Segmenter::global().words_into(text, &mut words);
    if words.is_empty() {
        return None;
    }
    let per_field: Vec<(Occur, Box<dyn Query>)> = fields
        .iter()
        .map(|&(field, boost)| {
            let terms: Vec<Term> = words
                .iter()
                .map(|w| Term::from_field_text(field, w))
                .collect();
            let q: Box<dyn Query> = if terms.len() == 1 {
                Box::new(TermQuery::new(
                    terms[0].clone(),
                    IndexRecordOption::WithFreqs,
                ))
            } else {
                Box::new(PhraseQuery::new(terms))
            };
            (
                Occur::Should,
                Box::new(BoostQuery::new(q, boost)) as Box<dyn Query>,
            )
        })
        .collect();
    Some(Box::new(BooleanQuery::new(per_field)))
}

fn u64_range(field: Field, lo: u64, hi: u64) -> Box<dyn Query> {
    Box::new(RangeQuery::new(
        Bound::Included(Term::from_field_u64(field, lo)),
        Bound::Included(Term::from_field_u64(field, hi)),
    ))
}

#[cfg(test)]
/// Range of codes under an administrative code: province `pp0000` → `pp0000..=pp9999`, city
/// `ppcc00` → `ppcc00..=ppcc99`, county → itself.
pub(crate) fn adcode_range(code: u32) -> (u64, u64) {
    let c = code as u64;
    let (below_province, below_city) = (c % 10_000, c % 100);
    if below_province == 0 {
        (c, c + 9_999)
    } else if below_city == 0 {
        (c, c + 99)
    } else {
        (c, c)
    }
}

/// Documents having any of `terms`. A union of term queries rather than tantivy's `TermSetQuery`,
/// which builds an automaton per query: for the handful of terms a filter holds (kinds, areas,
/// groups) that construction cost more than the whole text search under load.
fn any_term(terms: impl Iterator<Item = Term>) -> Box<dyn Query> {
    let mut qs: Vec<(Occur, Box<dyn Query>)> = terms
        .map(|t| {
            (
                Occur::Should,
                Box::new(TermQuery::new(t, IndexRecordOption::Basic)) as Box<dyn Query>,
            )
        })
        .collect();
    if qs.len() == 1 {
        return qs.pop().expect("one clause").1;
    }
    Box::new(BooleanQuery::new(qs))
}

/// Filter clauses (scored 0, so they never change the ranking) for the fields this side has.
pub(crate) fn filter_clauses(f: &Filter, fields: &Fields) -> Vec<(Occur, Box<dyn Query>)> {
    let mut qs: Vec<Box<dyn Query>> = Vec::new();
    if let Some(code) = f.region {
        qs.push(Box::new(TermQuery::new(
            Term::from_field_u64(fields.area, code as u64),
            IndexRecordOption::Basic,
        )));
    }
    if !f.any_region.is_empty() {
        let terms = f
            .any_region
            .iter()
            .map(|c| Term::from_field_u64(fields.area, *c as u64));
        qs.push(any_term(terms));
    }
    if !f.kinds.is_empty() {
        let terms = f
            .kinds
            .iter()
            .map(|k| Term::from_field_u64(fields.kind, kind_code(*k)));
        qs.push(any_term(terms));
    }
    if let (Some(day), Some(valid)) = (f.valid_on, fields.valid) {
        qs.push(Box::new(RangeQuery::new(
            Bound::Included(Term::from_field_i64(valid, day)),
            Bound::Included(Term::from_field_i64(valid, i64::MAX)),
        )));
    }
    if fields.groups.is_none() {
        // Job side: the job may require at most what the person has.
        if let Some(e) = f.max_education {
            qs.push(u64_range(fields.edu, 0, edu_rank(e)));
        }
    } else if let Some(e) = f.min_education {
        // Candidate side: the person must have at least what the job requires.
        qs.push(u64_range(fields.edu, edu_rank(e), EDU_MAX));
    }
    if let (false, Some(g)) = (f.groups.is_empty(), fields.groups) {
        let terms = f
            .groups
            .iter()
            .map(|x| Term::from_field_u64(g, group_code(*x)));
        qs.push(any_term(terms));
    }
    qs.into_iter()
        .map(|q| {
            (
                Occur::Must,
                Box::new(ConstScoreQuery::new(q, 0.0)) as Box<dyn Query>,
            )
        })
        .collect()
}
