//! Chinese word segmentation for matching and for the full-text indexes.
//!
//! [`Segmenter`] is jieba (default dictionary + HMM for unknown words) with a domain dictionary
//! loaded on top so trade, skill, certificate and policy terms stay whole (`数控车床操作工`,
//! `叉车司机`, `c1驾照`, `公益性岗位`, `包吃住`). Text is always folded first
//! ([`crate::text::normalise::fold`]), so traditional and simplified, full- and half-width input
//! segment to the same words.
//!
//! Two tantivy tokenizers are provided:
//! * `"zh"` ([`ZhTokenizer`]): jieba words with *ordinal* positions (0, 1, 2 … per emitted word, so
//!   phrase queries work) and byte offsets into the text given to the tokenizer;
//! * `"zh_bigram"` ([`BigramTokenizer`]): overlapping CJK character bigrams (a lone CJK character
//!   stands for itself) and whole Latin/digit words — the recall companion that still matches when
//!   segmentation differs between a query and a document (`电焊` vs `电焊工`), for unknown words and
//!   for one-character typos.

use std::sync::OnceLock;

use jieba_rs::Jieba;
use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};

use crate::text::normalise::fold;

/// The domain dictionary files, compiled in so the engine needs no data directory to segment.
/// Format: `word [freq]` per line, `#` comments. See `engine/data/dict/build_dict.py`.
const DOMAIN_DICTS: [(&str, &str); 5] = [
    (
        "occupations",
        include_str!("../../data/dict/occupations.txt"),
    ),
    ("skills", include_str!("../../data/dict/skills.txt")),
    (
        "certificates",
        include_str!("../../data/dict/certificates.txt"),
    ),
    ("brands", include_str!("../../data/dict/brands.txt")),
    ("policy", include_str!("../../data/dict/policy.txt")),
];

/// Name under which the jieba word tokenizer is registered in a tantivy index.
pub const ZH_TOKENIZER: &str = "zh";
/// Name under which the character-bigram tokenizer is registered in a tantivy index.
pub const ZH_BIGRAM_TOKENIZER: &str = "zh_bigram";

/// jieba with the domain dictionary. Build once ([`Segmenter::global`]); segmenting is `&self`
/// and thread-safe.
pub struct Segmenter {
    jieba: Jieba,
}

impl std::fmt::Debug for Segmenter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Segmenter").finish_non_exhaustive()
    }
}

impl Default for Segmenter {
    fn default() -> Self {
        Segmenter::new()
    }
}

impl Segmenter {
    /// The process-wide segmenter (default + domain dictionary), built on first use.
    pub fn global() -> &'static Segmenter {
        static GLOBAL: OnceLock<Segmenter> = OnceLock::new();
        GLOBAL.get_or_init(Segmenter::new)
    }

    /// Build a segmenter: jieba's default dictionary plus the compiled-in domain dictionary.
    /// Costs tens of milliseconds; prefer [`Segmenter::global`].
    pub fn new() -> Segmenter {
        let mut jieba = Jieba::new();
        for (_, text) in DOMAIN_DICTS {
            for (word, freq) in dict_entries(text) {
                add_domain_word(&mut jieba, &word, freq);
            }
        }
        Segmenter { jieba }
    }

    /// Add words (e.g. a deployment's local trade names) on top of the built-in dictionary.
    /// Words are folded like any input, so they may be given in either script.
    pub fn with_words<'a>(mut self, words: impl IntoIterator<Item = &'a str>) -> Segmenter {
        for w in words {
            add_domain_word(&mut self.jieba, &fold(w), 0);
        }
        self
    }

    /// Whether `word` (folded) is a dictionary word.
    pub fn has_word(&self, word: &str) -> bool {
        self.jieba.has_word(&fold(word))
    }

    /// Words of `text`: folded, segmented, punctuation and whitespace dropped; Latin/digit runs
    /// kept as one word (`plc`, `cad`, `html5`), dictionary words mixing both kept whole (`c1驾照`).
    pub fn words(&self, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        self.words_into(text, &mut out);
        out
    }

    /// Like [`Segmenter::words`] but appends to `out` (lets callers reuse one buffer).
    pub fn words_into(&self, text: &str, out: &mut Vec<String>) {
        let folded = fold(text);
        self.each_word_folded(&folded, |w, _, _| out.push(w.to_string()));
    }

    /// Segment text that is already folded, handing each kept word and its byte span in `folded`
    /// to `emit`, in order. This is the single definition of a "word" shared by [`Segmenter::words`],
    /// the `zh` tokenizer and the query builders, so index and query can never disagree.
    pub fn each_word_folded<'a>(
        &self,
        folded: &'a str,
        mut emit: impl FnMut(&'a str, usize, usize),
    ) {
        for t in self.jieba.cut(folded, true) {
            if is_word(t.word) {
                emit(t.word, t.byte_start, t.byte_end);
            }
        }
    }
}

/// A token is a word when it holds a letter of any script (CJK included) or an ASCII digit; jieba
/// also returns whitespace, punctuation and symbols as tokens, and list markers such as `②` are
/// numbering, not content.
fn is_word(w: &str) -> bool {
    w.chars().any(|c| c.is_alphabetic() || c.is_ascii_digit())
}

fn dict_entries(text: &str) -> impl Iterator<Item = (String, usize)> + '_ {
    text.lines().filter_map(|line| {
        let line = line.split('#').next().unwrap_or("").trim();
        let mut parts = line.split_whitespace();
        let word = parts.next()?;
        let freq = parts.next().and_then(|f| f.parse().ok()).unwrap_or(0);
        Some((fold(word), freq))
    })
}

/// A domain word the default dictionary already knows keeps jieba's frequency (raising it would
/// distort segmentation of everyday text) unless its line gives an explicit higher frequency; a
/// new word gets at least the frequency that makes jieba keep it whole against its own parts.
fn add_domain_word(jieba: &mut Jieba, word: &str, freq: usize) {
    if word.is_empty() || (freq == 0 && jieba.has_word(word)) {
        return;
    }
    let f = jieba.suggest_freq(word).max(freq);
    jieba.add_word(word, Some(f), None);
}

/// True for CJK unified ideographs (basic block, extension A and the supplementary planes'
/// extensions) and compatibility ideographs.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F | 0x30000..=0x323AF)
}

/// Character bigrams of folded text: overlapping pairs of each CJK run (a one-character run gives
/// that character), Latin/digit runs whole. Anything else separates runs.
pub fn bigrams(folded: &str) -> Vec<String> {
    let mut out = Vec::new();
    each_bigram(folded, |s, _, _| out.push(s.to_string()));
    out
}

/// Like [`bigrams`], handing each gram and its byte span in `folded` to `emit`.
pub fn each_bigram<'a>(folded: &'a str, mut emit: impl FnMut(&'a str, usize, usize)) {
    #[derive(PartialEq, Clone, Copy)]
    enum Class {
        Cjk,
        Word,
        Other,
    }
    let class = |c: char| {
        if is_cjk(c) {
            Class::Cjk
        } else if c.is_alphanumeric() {
            Class::Word
        } else {
            Class::Other
        }
    };
    let mut chars = folded.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        match class(c) {
            Class::Other => {}
            Class::Word => {
                let mut end = start + c.len_utf8();
                while let Some(&(i, d)) = chars.peek() {
                    if class(d) != Class::Word {
                        break;
                    }
                    end = i + d.len_utf8();
                    chars.next();
                }
                emit(&folded[start..end], start, end);
            }
            Class::Cjk => {
                // Walk the run keeping the previous character's start so each pair is one slice.
                let mut prev = start;
                let mut end = start + c.len_utf8();
                let mut pairs = 0;
                while let Some(&(i, d)) = chars.peek() {
                    if class(d) != Class::Cjk {
                        break;
                    }
                    let e = i + d.len_utf8();
                    emit(&folded[prev..e], prev, e);
                    pairs += 1;
                    prev = i;
                    end = e;
                    chars.next();
                }
                if pairs == 0 {
                    emit(&folded[start..end], start, end);
                }
            }
        }
    }
}

/// Maps byte offsets in the folded text back to byte offsets in the text the tokenizer was given.
///
/// Folding converts character by character (traditional → simplified, full → half width, case) and
/// collapses/trims whitespace, so the two texts are aligned by walking both: a folded space eats a
/// whitespace run of the original, and whitespace the fold dropped is skipped. Should a conversion
/// ever change the number of characters, offsets stay monotone and inside the original text.
struct OffsetMap {
    /// `orig_at[k]` = original byte offset of the folded character starting at byte `starts[k]`.
    starts: Vec<usize>,
    orig_at: Vec<usize>,
    orig_len: usize,
}

impl OffsetMap {
    fn new(orig: &str, folded: &str) -> OffsetMap {
        let mut starts = Vec::with_capacity(folded.len());
        let mut orig_at = Vec::with_capacity(folded.len());
        let mut o = orig.char_indices().peekable();
        for (fi, fc) in folded.char_indices() {
            if !fc.is_whitespace() {
                while matches!(o.peek(), Some((_, c)) if c.is_whitespace()) {
                    o.next();
                }
            }
            let pos = o.peek().map_or(orig.len(), |&(i, _)| i);
            starts.push(fi);
            orig_at.push(pos);
            if fc.is_whitespace() {
                while matches!(o.peek(), Some((_, c)) if c.is_whitespace()) {
                    o.next();
                }
            } else {
                o.next();
            }
        }
        OffsetMap {
            starts,
            orig_at,
            orig_len: orig.len(),
        }
    }

    /// Start offset in the original of the folded character at byte `fb`.
    fn start(&self, fb: usize) -> usize {
        match self.starts.binary_search(&fb) {
            Ok(k) => self.orig_at[k],
            Err(_) => self.orig_len,
        }
    }

    /// End offset in the original of a token ending at folded byte `fb`: where the next folded
    /// character starts, or the end of the original.
    fn end(&self, fb: usize) -> usize {
        match self.starts.binary_search(&fb) {
            Ok(k) => self.orig_at[k],
            Err(_) => self.orig_len,
        }
    }
}

/// Fill `out` with tokens of `text`, folding first and mapping offsets back to `text`.
fn tokenize_into(
    text: &str,
    out: &mut Vec<Token>,
    split: impl FnOnce(&str, &mut dyn FnMut(&str, usize, usize)),
) {
    out.clear();
    let folded = fold(text);
    // Input that is already folded (the indexes fold before indexing) needs no offset mapping.
    let map = (folded != text).then(|| OffsetMap::new(text, &folded));
    let mut position = 0;
    split(&folded, &mut |w, from, to| {
        let (offset_from, offset_to) = match &map {
            None => (from, to),
            Some(m) => (m.start(from), m.end(to).max(m.start(from))),
        };
        out.push(Token {
            offset_from,
            offset_to,
            position,
            text: w.to_string(),
            position_length: 1,
        });
        position += 1;
    });
}

/// tantivy tokenizer: jieba words (see [`Segmenter::each_word_folded`]) with ordinal positions and
/// byte offsets into the text given.
#[derive(Clone)]
pub struct ZhTokenizer {
    seg: &'static Segmenter,
    buf: Vec<Token>,
}

impl ZhTokenizer {
    /// A tokenizer over the global segmenter.
    pub fn new() -> ZhTokenizer {
        ZhTokenizer {
            seg: Segmenter::global(),
            buf: Vec::new(),
        }
    }
}

impl Default for ZhTokenizer {
    fn default() -> Self {
        ZhTokenizer::new()
    }
}

impl Tokenizer for ZhTokenizer {
    type TokenStream<'a> = VecTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream<'a> {
        let seg = self.seg;
        tokenize_into(text, &mut self.buf, |f, emit| seg.each_word_folded(f, emit));
        VecTokenStream {
            tokens: &mut self.buf,
            next: 0,
        }
    }
}

/// tantivy tokenizer: character bigrams (see [`bigrams`]) with ordinal positions and byte offsets
/// into the text given.
#[derive(Clone, Default)]
pub struct BigramTokenizer {
    buf: Vec<Token>,
}

impl Tokenizer for BigramTokenizer {
    type TokenStream<'a> = VecTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream<'a> {
        tokenize_into(text, &mut self.buf, |f, emit| each_bigram(f, emit));
        VecTokenStream {
            tokens: &mut self.buf,
            next: 0,
        }
    }
}

/// Token stream over a tokenizer's reused buffer.
pub struct VecTokenStream<'a> {
    tokens: &'a mut Vec<Token>,
    /// Index of the token after the current one.
    next: usize,
}

impl TokenStream for VecTokenStream<'_> {
    fn advance(&mut self) -> bool {
        if self.next < self.tokens.len() {
            self.next += 1;
            true
        } else {
            false
        }
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next.saturating_sub(1)]
    }

    fn token_mut(&mut self) -> &mut Token {
        let i = self.next.saturating_sub(1);
        &mut self.tokens[i]
    }
}

/// Register `"zh"` and `"zh_bigram"` on `index` (needed after every open: tantivy does not persist
/// tokenizers).
pub fn register_tokenizers(index: &tantivy::Index) {
    let t = index.tokenizers();
    t.register(ZH_TOKENIZER, TextAnalyzer::from(ZhTokenizer::new()));
    t.register(
        ZH_BIGRAM_TOKENIZER,
        TextAnalyzer::from(BigramTokenizer::default()),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks<T: Tokenizer>(t: &mut T, s: &str) -> Vec<(String, usize, usize, usize)> {
        let mut out = Vec::new();
        let mut ts = t.token_stream(s);
        while let Some(tok) = ts.next() {
            out.push((
                tok.text.clone(),
                tok.position,
                tok.offset_from,
                tok.offset_to,
            ));
        }
        out
    }

    #[test]
    fn domain_words_stay_whole() {
        let s = Segmenter::global();
        assert_eq!(s.words("招聘数控车床操作工"), ["招聘", "数控车床操作工"]);
        assert_eq!(
            s.words("持C1驾照，会PLC编程"),
            ["持", "c1驾照", "会", "plc", "编程"]
        );
        assert!(s.has_word("叉车司机"));
    }

    #[test]
    fn zh_positions_are_ordinal_and_offsets_are_bytes() {
        let mut t = ZhTokenizer::new();
        let got = toks(&mut t, "叉车司机，包吃住");
        assert_eq!(
            got,
            vec![
                ("叉车司机".to_string(), 0, 0, 12),
                ("包吃住".to_string(), 1, 15, 24)
            ]
        );
    }

    #[test]
    fn offsets_map_back_to_unfolded_text() {
        let mut t = ZhTokenizer::new();
        let text = "  招聘ＰＬＣ工程師";
        for (w, _, from, to) in toks(&mut t, text) {
            assert_eq!(fold(&text[from..to]), w, "{w} at {from}..{to}");
        }
    }

    #[test]
    fn bigram_shapes() {
        assert_eq!(bigrams("电焊工"), ["电焊", "焊工"]);
        assert_eq!(bigrams("会 cad 画图，焊"), ["会", "cad", "画图", "焊"]);
        assert_eq!(bigrams("c1驾照"), ["c1", "驾照"]);
        assert!(bigrams("，。 ").is_empty());
        let mut t = BigramTokenizer::default();
        let got = toks(&mut t, "月嫂 a");
        assert_eq!(
            got,
            vec![("月嫂".to_string(), 0, 0, 6), ("a".to_string(), 1, 7, 8)]
        );
    }
}
