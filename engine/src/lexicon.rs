//! The colloquial lexicon: everyday and regional ways of saying what work one does or can do
//! (开铲车, 打灰, 看场子, 会带小孩), mapped to the words postings use and to occupations of the
//! 2022 national classification (《中华人民共和国职业分类大典》).
//!
//! Corpus statistics cannot learn words the corpus hardly contains (trade slang, machine names
//! used instead of job titles), so this reviewed table, kept as data in `data/lexicon.tsv`, fills
//! the gap: [`expand`] returns the terms implied by the phrases found in a text, and callers add
//! them to person and vacancy text before embedding and retrieval.
//!
//! File format (UTF-8, tab-separated, `#` starts a comment line, first non-comment line is the
//! header): `phrase`, `terms` (`|`-separated words postings use), `occupation` (a 细类 name of the
//! 2022 classification, or a `|`-separated pair when the phrase covers two), `note`. Phrases are in
//! folded form (simplified characters, lowercase ASCII), as [`expand`] expects its input.

use std::collections::HashMap;
use std::sync::OnceLock;

static DATA: &str = include_str!("../data/lexicon.tsv");

/// One reviewed lexicon entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The colloquial phrase as it appears in folded text.
    pub phrase: &'static str,
    /// Words postings use for the same work.
    pub terms: Vec<&'static str>,
    /// Occupation name(s) of the 2022 classification.
    pub occupations: Vec<&'static str>,
    /// Reviewer's note (region, sense, caveats).
    pub note: &'static str,
}

struct Lexicon {
    entries: Vec<Entry>,
    /// Finds the phrases (two characters or more) in a text.
    automaton: aho_corasick::AhoCorasick,
    /// Entry of each of the automaton's patterns.
    phrase_entry: Vec<usize>,
    problems: Vec<String>,
}

fn lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(|| parse(DATA))
}

fn split_list(s: &'static str) -> Vec<&'static str> {
    s.split('|')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .collect()
}

/// Parses the table. Malformed lines are skipped and reported in `problems` (a test requires
/// there are none), so a bad edit can never make the engine panic at start.
fn parse(data: &'static str) -> Lexicon {
    let mut entries = Vec::new();
    let mut by_phrase = HashMap::new();
    let mut problems = Vec::new();
    let mut header_seen = false;
    for (n, line) in data.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        if !header_seen {
            header_seen = true;
            if line.split('\t').next() == Some("phrase") {
                continue;
            }
        }
        let cols: Vec<&'static str> = line.split('\t').collect();
        if cols.len() != 4 {
            problems.push(format!(
                "line {}: {} columns, expected 4",
                n + 1,
                cols.len()
            ));
            continue;
        }
        let phrase = cols[0].trim();
        if phrase.chars().count() < 2 {
            problems.push(format!(
                "line {}: phrase `{phrase}` shorter than 2 characters",
                n + 1
            ));
            continue;
        }
        let entry = Entry {
            phrase,
            terms: split_list(cols[1]),
            occupations: split_list(cols[2]),
            note: cols[3].trim(),
        };
        if entry.terms.is_empty() && entry.occupations.is_empty() {
            problems.push(format!("line {}: `{phrase}` expands to nothing", n + 1));
            continue;
        }
        if by_phrase.insert(phrase, entries.len()).is_some() {
            problems.push(format!("line {}: duplicate phrase `{phrase}`", n + 1));
            continue;
        }
        entries.push(entry);
    }
    let (phrase_entry, phrases): (Vec<usize>, Vec<&'static str>) = entries
        .iter()
        .enumerate()
        .filter(|(_, e)| e.phrase.chars().nth(1).is_some())
        .map(|(i, e)| (i, e.phrase))
        .unzip();
    let automaton = aho_corasick::AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::LeftmostLongest)
        .build(&phrases)
        .unwrap_or_else(|err| {
            problems.push(format!("the phrases do not make an automaton: {err}"));
            aho_corasick::AhoCorasick::new(Vec::<&str>::new()).expect("an empty automaton")
        });
    Lexicon {
        entries,
        automaton,
        phrase_entry,
        problems,
    }
}

/// All entries, in file order.
pub fn entries() -> &'static [Entry] {
    &lexicon().entries
}

/// Lines of the table that were skipped as malformed (empty for the shipped table; worth
/// logging at start after a hand edit).
pub fn problems() -> &'static [String] {
    &lexicon().problems
}

/// Words that, right before a phrase, negate it (不会开叉车, 没做过饭, 非流水线): such a phrase
/// says what the person cannot do or the job is not, so it must not expand.
pub(crate) const NEGATIONS: [&str; 7] = ["不会", "不能", "没有", "不", "没", "无", "非"];

/// The entries whose phrases occur in `folded_text`, with the byte offset of each occurrence:
/// leftmost-longest, non-overlapping, negated occurrences skipped.
pub fn find(folded_text: &str) -> Vec<(usize, &'static Entry)> {
    let lex = lexicon();
    let mut out = Vec::new();
    // One pass of an Aho-Corasick automaton over the phrases (leftmost-longest, non-overlapping:
    // at the first position where a phrase starts, the longest one, then on after it). A match
    // that is negated or part of another word is skipped, and still consumed.
    for m in lex.automaton.find_iter(folded_text) {
        let e = lex.phrase_entry[m.pattern().as_usize()];
        let before = &folded_text[..m.start()];
        let after = &folded_text[m.end()..];
        if !NEGATIONS.iter().any(|n| before.ends_with(n))
            && !splits_ascii_word(lex.entries[e].phrase, before, after)
            && !worker_in_compound(lex.entries[e].phrase, after)
        {
            out.push((m.start(), &lex.entries[e]));
        }
    }
    out
}

/// True when an ASCII phrase edge touches an ASCII letter or digit of the text (`qc` inside
/// `qcloud`, `p图` inside `app图标`): such a hit is part of another word.
pub(crate) fn splits_ascii_word(phrase: &str, before: &str, after: &str) -> bool {
    let alnum = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    (alnum(phrase.chars().next()) && alnum(before.chars().next_back()))
        || (alnum(phrase.chars().next_back()) && alnum(after.chars().next()))
}

/// True when a phrase ending in 工 (worker) is really the start of a compound such as 工作 or
/// 工程 (清洁工作, 水电工程): the text speaks of the work, not of a worker.
pub(crate) fn worker_in_compound(phrase: &str, after: &str) -> bool {
    phrase.ends_with('工')
        && after.starts_with(['作', '程', '艺', '具', '业', '厂', '资', '期', '序'])
}

/// Occupation and skill terms implied by the colloquial phrases found in `folded_text` (the
/// output of `crate::text::normalise::fold`): each match's terms, then its occupation names, in
/// order of appearance, without duplicates. Runs on every query: one pass of the phrases'
/// automaton over the text.
///
/// How to use it: add the terms as an extra field of the text's [`crate::vector::Doc`] and as extra
/// query terms. On the real postings (`benches/benches/vector.rs`), giving the expansion field as
/// much weight as the query's own fields together did best (26 of 26 colloquial queries found the
/// intended occupation in the top 10, 252 of 260 slots, against 25 and 233 at half that weight).
pub fn expand(folded_text: &str) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for (_, e) in find(folded_text) {
        for &t in e.terms.iter().chain(&e.occupations) {
            if !out.contains(&t) {
                out.push(t);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    /// [`find`] as it was written first: a hash probe per position and phrase length, longest
    /// first, with a first-character filter.
    fn find_by_probes(folded_text: &str) -> Vec<(usize, &'static Entry)> {
        let lex = lexicon();
        let by_phrase: HashMap<&str, usize> = lex
            .entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.phrase, i))
            .collect();
        let first_chars: HashSet<char> = lex
            .entries
            .iter()
            .filter_map(|e| e.phrase.chars().next())
            .collect();
        let max_chars = lex
            .entries
            .iter()
            .map(|e| e.phrase.chars().count())
            .max()
            .unwrap_or(0);
        let mut out = Vec::new();
        let starts: Vec<(usize, char)> = folded_text.char_indices().collect();
        let bound = |i: usize| starts.get(i).map_or(folded_text.len(), |s| s.0);
        let mut i = 0;
        while i < starts.len() {
            if !first_chars.contains(&starts[i].1) {
                i += 1;
                continue;
            }
            let longest = max_chars.min(starts.len() - i);
            let hit = (2..=longest).rev().find_map(|len| {
                let s = &folded_text[starts[i].0..bound(i + len)];
                by_phrase.get(s).map(|&e| (len, e))
            });
            match hit {
                Some((len, e)) => {
                    let before = &folded_text[..starts[i].0];
                    let after = &folded_text[bound(i + len)..];
                    if !NEGATIONS.iter().any(|n| before.ends_with(n))
                        && !splits_ascii_word(lex.entries[e].phrase, before, after)
                        && !worker_in_compound(lex.entries[e].phrase, after)
                    {
                        out.push((starts[i].0, &lex.entries[e]));
                    }
                    i += len;
                }
                None => i += 1,
            }
        }
        out
    }

    fn same(a: &[(usize, &Entry)], b: &[(usize, &Entry)]) -> bool {
        a.len() == b.len()
            && a.iter()
                .zip(b)
                .all(|(x, y)| x.0 == y.0 && std::ptr::eq(x.1, y.1))
    }

    #[test]
    fn the_automaton_finds_what_the_probes_found() {
        // Every phrase alone, after a negation, glued to its neighbours, and all of them in a row.
        let mut all = String::new();
        for e in entries() {
            for t in [
                e.phrase.to_string(),
                format!("不{}", e.phrase),
                format!("x{}工作", e.phrase),
            ] {
                assert!(same(&find(&t), &find_by_probes(&t)), "{t}");
            }
            all.push_str(e.phrase);
        }
        assert!(same(&find(&all), &find_by_probes(&all)));
        assert!(!find(&all).is_empty());
    }

    proptest::proptest! {
        #[test]
        fn the_automaton_agrees_on_any_text(picks in proptest::collection::vec((0usize..10_000, 0usize..4), 0..12)) {
            // Pieces of phrases, whole phrases and negations, run together.
            let es = entries();
            let mut t = String::new();
            for (i, how) in picks {
                let p = es[i % es.len()].phrase;
                match how {
                    0 => t.push_str(p),
                    1 => t.extend(p.chars().skip(1)),
                    2 => t.push('没'),
                    _ => t.extend(p.chars().take(2)),
                }
            }
            proptest::prop_assert!(same(&find(&t), &find_by_probes(&t)), "{}", t);
        }
    }

    #[test]
    fn the_table_parses_cleanly_and_is_large() {
        assert!(problems().is_empty(), "{:#?}", problems());
        assert!(entries().len() >= 300, "{} entries", entries().len());
        for e in entries() {
            assert!(
                !e.occupations.is_empty(),
                "`{}` names no occupation",
                e.phrase
            );
            // Phrases must be in folded form or they can never match folded text.
            assert!(
                !e.phrase
                    .chars()
                    .any(|c| c.is_ascii_uppercase() || c.is_whitespace()),
                "`{}` is not folded",
                e.phrase
            );
        }
    }

    /// Every occupation named must exist in the 2022 classification. The classification file is
    /// shared data outside the repository (`BOLE_OCCUPATIONS_CSV`, default the shared copy); where
    /// it is absent this check cannot run and says so.
    #[test]
    fn occupations_exist_in_the_2022_classification() {
        let path = std::env::var("BOLE_OCCUPATIONS_CSV").unwrap_or_else(|_| {
            "/work/shared/data/cn_occupation_2022/occupations_2022_flat.csv".to_string()
        });
        let Ok(text) = std::fs::read_to_string(&path) else {
            eprintln!("skipped: {path} not found");
            return;
        };
        // seq,gbm,name,level,parent_seq,path — names contain no commas.
        let names: HashSet<&str> = text
            .lines()
            .skip(1)
            .filter_map(|l| l.split(',').nth(2))
            .collect();
        assert!(names.len() > 2000, "{path} looks truncated");
        // 4-10-01-02 育婴员 is a 2022 细类 the OCR'd copy lost.
        const OCR_GAPS: [&str; 1] = ["育婴员"];
        let missing: Vec<(&str, &str)> = entries()
            .iter()
            .flat_map(|e| e.occupations.iter().map(move |o| (e.phrase, *o)))
            .filter(|(_, o)| !names.contains(o) && !OCR_GAPS.contains(o))
            .collect();
        assert!(missing.is_empty(), "{missing:?}");
    }

    #[test]
    fn expands_the_examples_of_the_issue() {
        let cases: [(&str, &str); 10] = [
            ("以前开泥头车的", "渣土车司机"),
            ("在工地打灰三年", "混凝土工"),
            ("在夜总会看场子", "保安员"),
            ("会开铲车", "装载机司机"),
            ("我会带小孩", "育婴员"),
            ("开过叉车", "叉车司机"),
            ("管仓库", "仓库管理员"),
            ("会做饭", "中式烹调师"),
            ("写代码", "软件开发"),
            ("护理专业毕业", "护士"),
        ];
        for (text, want) in cases {
            let got = expand(text);
            assert!(got.contains(&want), "{text} → {got:?}, expected {want}");
        }
    }

    #[test]
    fn longest_match_wins_and_output_is_deduplicated() {
        // 开叉车 and 叉车 could both match; the longer phrase is taken once.
        let got = expand("开叉车开叉车");
        let n = got.iter().filter(|t| **t == "叉车司机").count();
        assert_eq!(n, 1, "{got:?}");
        assert!(!find("开叉车").is_empty());
        assert_eq!(find("开叉车")[0].1.phrase.chars().count(), 3);
    }

    #[test]
    fn negated_phrases_do_not_expand_and_plain_text_expands_to_nothing() {
        assert!(
            expand("不会开叉车").is_empty(),
            "{:?}",
            expand("不会开叉车")
        );
        assert!(
            expand("没带过小孩").iter().all(|t| *t != "育婴员") || expand("没带过小孩").is_empty()
        );
        assert!(expand("the quick brown fox").is_empty());
        // ASCII phrases match whole words only.
        assert!(
            expand("熟悉qcloud").is_empty(),
            "{:?}",
            expand("熟悉qcloud")
        );
        assert!(expand("做过qc").contains(&"质检员"));
        assert!(expand("有cnc经验").contains(&"数控车工"));
        // A worker noun that begins a compound (清洁工作) is not the worker.
        assert!(
            expand("负责清洁工作").is_empty(),
            "{:?}",
            expand("负责清洁工作")
        );
        assert!(!expand("做过焊工，会电焊").is_empty());
        assert!(expand("非流水线").is_empty());
        assert!(expand("").is_empty());
    }
}
