//! Semantic similarity: word and document vectors, and an approximate-nearest-neighbour index.
//!
//! Keyword search misses people whose words differ from a posting's (会带小孩 vs 育婴员). This
//! module brings meaning into view without downloading any model:
//!
//! - [`CorpusEmbedder`] learns word vectors from the documents bole already holds (PPMI over a
//!   window co-occurrence matrix, then a randomised truncated SVD written here, no LAPACK) and
//!   turns a [`Doc`] into one vector with SIF weighting and per-field weights;
//! - [`Word2VecText`] lets an operator who has standard pre-trained vectors use them instead;
//! - [`AnnIndex`] wraps an `hnsw_rs` graph keyed by record id, with upserts, tombstones,
//!   filtered search, rebuild and a dump/reload that does not rebuild the graph;
//! - [`brute_force`] is the exact search used to measure the index's recall.
//!
//! The module consumes pre-tokenised documents, so it does not depend on any segmenter: callers
//! decide whether a field's tokens are words, character bigrams or both (in separate fields, so
//! that co-occurrence windows stay within one token stream).

mod ann;
mod svd;
mod train;
mod w2v;

pub use ann::{AnnIndex, AnnParams};
pub use train::{CorpusEmbedder, TrainOptions};
pub use w2v::Word2VecText;

/// A document to embed: fields of tokens, each with a weight (titles and skills above long
/// descriptions). Tokens within a field are in text order; training uses their order for
/// co-occurrence windows, embedding does not.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Doc {
    /// `(tokens, weight)` per field. A weight of 0 ignores the field.
    pub fields: Vec<(Vec<String>, f32)>,
}

impl Doc {
    /// A document with a single field of weight 1.
    pub fn single(tokens: Vec<String>) -> Doc {
        Doc {
            fields: vec![(tokens, 1.0)],
        }
    }

    /// Appends a field.
    pub fn with_field(mut self, tokens: Vec<String>, weight: f32) -> Doc {
        self.fields.push((tokens, weight));
        self
    }
}

/// Anything that maps words and documents to vectors of one fixed dimension.
pub trait Embedder: Send + Sync {
    /// Dimension of every vector this embedder returns.
    fn dim(&self) -> usize;
    /// The document's vector, L2-normalised; all zeros when no token of the document is known
    /// (such a vector has no direction and is similar to nothing).
    fn embed(&self, doc: &Doc) -> Vec<f32>;
    /// The vector of one token, if known (L2-normalised).
    fn word(&self, w: &str) -> Option<&[f32]>;
}

/// Dot product, written with independent accumulators so the compiler can vectorise it.
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    debug_assert_eq!(a.len(), b.len());
    let mut acc = [0f32; 8];
    let ca = a.chunks_exact(8);
    let cb = b.chunks_exact(8);
    let (ra, rb) = (ca.remainder(), cb.remainder());
    for (x, y) in ca.zip(cb) {
        for i in 0..8 {
            acc[i] += x[i] * y[i];
        }
    }
    let mut s: f32 = acc.iter().sum();
    for (x, y) in ra.iter().zip(rb) {
        s += x * y;
    }
    s
}

/// Scales `v` to unit length in place; returns false (leaving zeros) when it has no length or
/// holds a non-finite value, so a broken vector can never reach the index.
pub fn normalize(v: &mut [f32]) -> bool {
    let n2: f64 = v.iter().map(|&x| (x as f64) * (x as f64)).sum();
    if !(n2.is_finite() && n2 > 0.0) {
        v.iter_mut().for_each(|x| *x = 0.0);
        return false;
    }
    let inv = (1.0 / n2.sqrt()) as f32;
    v.iter_mut().for_each(|x| *x *= inv);
    true
}

/// Exact top-`k` by cosine similarity (vectors are assumed L2-normalised, so it is the dot
/// product), best first; ties broken by key so results are reproducible.
pub fn brute_force(vs: &[(String, Vec<f32>)], q: &[f32], k: usize) -> Vec<(String, f32)> {
    let mut scored: Vec<(usize, f32)> = vs
        .iter()
        .enumerate()
        .map(|(i, (_, v))| (i, dot(v, q)))
        .collect();
    let by_score = |a: &(usize, f32), b: &(usize, f32)| {
        b.1.total_cmp(&a.1).then_with(|| vs[a.0].0.cmp(&vs[b.0].0))
    };
    if k < scored.len() && k > 0 {
        scored.select_nth_unstable_by(k - 1, by_score);
    }
    scored.truncate(k);
    scored.sort_by(by_score);
    scored
        .into_iter()
        .map(|(i, s)| (vs[i].0.clone(), s))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_matches_naive_sum_for_odd_lengths() {
        let a: Vec<f32> = (0..19).map(|i| i as f32 * 0.5).collect();
        let b: Vec<f32> = (0..19).map(|i| 1.0 - i as f32 * 0.1).collect();
        let naive: f32 = a.iter().zip(&b).map(|(x, y)| x * y).sum();
        assert!((dot(&a, &b) - naive).abs() < 1e-3);
    }

    #[test]
    fn normalize_rejects_zero_and_nan() {
        let mut z = vec![0.0f32; 4];
        assert!(!normalize(&mut z));
        let mut n = vec![1.0, f32::NAN];
        assert!(!normalize(&mut n));
        assert_eq!(n, vec![0.0, 0.0]);
        let mut v = vec![3.0, 4.0];
        assert!(normalize(&mut v));
        assert!((v[0] - 0.6).abs() < 1e-6 && (v[1] - 0.8).abs() < 1e-6);
    }

    #[test]
    fn brute_force_orders_by_similarity() {
        let vs = vec![
            ("a".to_string(), vec![1.0, 0.0]),
            ("b".to_string(), vec![0.0, 1.0]),
            ("c".to_string(), vec![0.6, 0.8]),
        ];
        let r = brute_force(&vs, &[1.0, 0.0], 2);
        assert_eq!(r[0].0, "a");
        assert_eq!(r[1].0, "c");
        assert_eq!(r.len(), 2);
    }
}
