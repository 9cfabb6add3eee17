//! Pre-trained word vectors in the standard word2vec text format, for operators who have them
//! (for example the public Chinese vectors trained on news or Baidu Baike). bole never downloads
//! them; an operator points bole at a file.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::Path;

use super::{normalize, Doc, Embedder};
use crate::error::{Error, Result};

/// Word vectors read from a word2vec text file: a header line `N D`, then `N` lines
/// `word v1 … vD`.
#[derive(Debug, Clone)]
pub struct Word2VecText {
    dim: usize,
    index: HashMap<String, u32>,
    /// Row-major, each row unit length.
    vecs: Vec<f32>,
    /// SIF weight `a / (a + p(w))` per word, with `p` estimated from the word's rank.
    sif: Vec<f32>,
}

impl Word2VecText {
    /// Reads the file. Lines are validated: a wrong count of numbers or an unparsable number is
    /// an error naming the line; a word listed twice keeps its first vector.
    pub fn load(path: &Path) -> Result<Word2VecText> {
        let f = std::fs::File::open(path)?;
        let mut lines = BufReader::new(f).lines();
        let ctx = |line: usize, why: String| {
            Error::Parse(format!("{} line {line}: {why}", path.display()))
        };
        let header = lines
            .next()
            .ok_or_else(|| ctx(1, "empty file, expected header `N D`".into()))??;
        let mut h = header.split_whitespace();
        let (n, dim) = match (h.next(), h.next(), h.next()) {
            (Some(n), Some(d), None) => (
                n.parse::<usize>()
                    .map_err(|_| ctx(1, format!("bad word count `{n}`")))?,
                d.parse::<usize>()
                    .map_err(|_| ctx(1, format!("bad dimension `{d}`")))?,
            ),
            _ => return Err(ctx(1, format!("expected header `N D`, got `{header}`"))),
        };
        if dim == 0 {
            return Err(ctx(1, "dimension must be positive".into()));
        }
        let mut index = HashMap::with_capacity(n);
        let mut vecs = Vec::with_capacity(n.min(4_000_000) * dim);
        let mut row = Vec::with_capacity(dim);
        let mut rows = 0usize;
        for (i, line) in lines.enumerate() {
            let lineno = i + 2;
            let line = line?;
            let line = line.trim_end();
            if line.is_empty() {
                continue;
            }
            let mut parts = line.split(' ');
            let word = parts.next().unwrap_or_default();
            row.clear();
            for p in parts.filter(|p| !p.is_empty()) {
                let x: f32 = p
                    .parse()
                    .map_err(|_| ctx(lineno, format!("bad number `{p}`")))?;
                if !x.is_finite() {
                    return Err(ctx(lineno, format!("non-finite number `{p}`")));
                }
                row.push(x);
            }
            if row.len() != dim {
                return Err(ctx(
                    lineno,
                    format!("expected {dim} numbers after `{word}`, got {}", row.len()),
                ));
            }
            rows += 1;
            if index.contains_key(word) {
                continue;
            }
            normalize(&mut row);
            index.insert(word.to_string(), (vecs.len() / dim) as u32);
            vecs.extend_from_slice(&row);
        }
        if rows != n {
            return Err(ctx(1, format!("header says {n} words, file holds {rows}")));
        }
        // word2vec files list words by decreasing frequency; without counts, Zipf's law gives
        // p(rank r) ≈ 1 / (r · H_N), enough for SIF to discount the commonest words.
        let m = index.len().max(1);
        let h_n: f64 = (1..=m).map(|r| 1.0 / r as f64).sum();
        let a = 1e-3f64;
        let sif = (0..index.len())
            .map(|r| {
                let p = 1.0 / ((r + 1) as f64 * h_n);
                (a / (a + p)) as f32
            })
            .collect();
        Ok(Word2VecText {
            dim,
            index,
            vecs,
            sif,
        })
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    /// True when the file held no words.
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }
}

impl Embedder for Word2VecText {
    fn dim(&self) -> usize {
        self.dim
    }

    fn embed(&self, doc: &Doc) -> Vec<f32> {
        let mut acc = vec![0f32; self.dim];
        for (toks, weight) in &doc.fields {
            let ids: Vec<usize> = toks
                .iter()
                .filter_map(|t| self.index.get(t.as_str()).map(|&i| i as usize))
                .collect();
            if ids.is_empty() || *weight == 0.0 {
                continue;
            }
            let per = weight / ids.len() as f32;
            for i in ids {
                let w = per * self.sif[i];
                for (a, &x) in acc.iter_mut().zip(&self.vecs[i * self.dim..][..self.dim]) {
                    *a += w * x;
                }
            }
        }
        normalize(&mut acc);
        acc
    }

    fn word(&self, w: &str) -> Option<&[f32]> {
        let i = *self.index.get(w)? as usize;
        Some(&self.vecs[i * self.dim..][..self.dim])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vector::dot;

    fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    #[test]
    fn loads_a_small_file_and_embeds_with_it() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(
            dir.path(),
            "v.txt",
            "4 3\n叉车 1 0 0\n铲车 0.9 0.1 0\n宝宝 0 0 2\n育婴师 0 0.1 1\n",
        );
        let e = Word2VecText::load(&p).unwrap();
        assert_eq!((e.dim(), e.len()), (3, 4));
        let w = e.word("宝宝").unwrap();
        assert!((w[2] - 1.0).abs() < 1e-6, "rows are normalised");
        let q = e.embed(&Doc::single(vec!["育婴师".into()]));
        let a = e.embed(&Doc::single(vec!["宝宝".into(), "不认识".into()]));
        let b = e.embed(&Doc::single(vec!["叉车".into(), "铲车".into()]));
        assert!(dot(&q, &a) > 0.9 && dot(&q, &b) < 0.2);
        assert_eq!(e.embed(&Doc::single(vec!["不认识".into()])), vec![0.0; 3]);
    }

    #[test]
    fn malformed_files_are_refused_naming_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let short = write(dir.path(), "a.txt", "2 3\n叉车 1 0 0\n铲车 1 0\n");
        let err = Word2VecText::load(&short).unwrap_err().to_string();
        assert!(err.contains("line 3"), "{err}");
        let count = write(dir.path(), "b.txt", "3 2\n叉车 1 0\n");
        assert!(Word2VecText::load(&count).is_err());
        let nan = write(dir.path(), "c.txt", "1 2\n叉车 1 x\n");
        assert!(Word2VecText::load(&nan)
            .unwrap_err()
            .to_string()
            .contains("line 2"));
        let header = write(dir.path(), "d.txt", "叉车 1 0\n");
        assert!(Word2VecText::load(&header).is_err());
        // A repeated word keeps its first vector and still counts as a row.
        let dup = write(dir.path(), "e.txt", "2 2\n叉车 1 0\n叉车 0 1\n");
        let e = Word2VecText::load(&dup).unwrap();
        assert_eq!((e.len(), e.word("叉车").unwrap()[0]), (1, 1.0));
    }
}
