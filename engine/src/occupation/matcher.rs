//! The words that name occupations, one automaton over all of them, and the rules that turn the
//! matches in a title or a description into one [`Coding`] (see the module documentation).

use std::collections::HashMap;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};

use super::{by_name, nodes, Code, Coding};
use crate::lexicon::{self, NEGATIONS};
use crate::text::normalise::{clean, fold};

static KEYWORDS: &str = include_str!("../../data/occupation_keywords.tsv");

/// Where a word comes from; later kinds win a tie of length (and replace earlier ones of the
/// same text).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Core,
    Lexicon,
    Name,
    Keyword,
}

/// A keyword's flag in the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flag {
    None,
    Head,
    Weak,
    Rank,
}

#[derive(Debug, Clone)]
struct Pattern {
    text: String,
    code: Code,
    kind: Kind,
    /// A role noun that takes over from a word before it (Python讲师).
    head: bool,
    /// A generic word (工程师, 助理, 银行) that decides only when no other word matched.
    weak: bool,
    /// A professional rank (工程师) that takes over from a production worker's word before it:
    /// 精装修工程师 and 注塑工程师 are engineers, not fitters or moulders.
    rank: bool,
    /// Length as evidence: CJK characters count one, two ASCII characters one.
    weight: u32,
    /// Clear enough to count inside running text (descriptions, summaries).
    in_text: bool,
}

pub(super) struct Matcher {
    automaton: AhoCorasick,
    patterns: Vec<Pattern>,
    problems: Vec<String>,
}

pub(super) fn matcher() -> &'static Matcher {
    static M: OnceLock<Matcher> = OnceLock::new();
    M.get_or_init(build)
}

pub(super) fn problems() -> &'static [String] {
    &matcher().problems
}

/// Generic endings cut from names to get their cores, longest first.
const SUFFIXES: [&str; 17] = [
    "工程技术人员",
    "专业技术人员",
    "专业人员",
    "技术人员",
    "服务人员",
    "工作人员",
    "辅助人员",
    "人员",
    "工作者",
    "技术员",
    "操作员",
    "操作工",
    "服务师",
    "员",
    "工",
    "师",
    "者",
];

/// Cores too generic to name an occupation.
const STOP_CORES: [&str; 27] = [
    "服务", "技术", "管理", "工程", "生产", "操作", "设计", "检验", "加工", "制造", "维修", "安装",
    "运行", "业务", "辅助", "专业", "营业", "调试", "处理", "制作", "监测", "保护", "咨询", "应用",
    "工业", "住宿", "社会",
];

fn weight(text: &str) -> u32 {
    let cjk = text.chars().filter(|c| !c.is_ascii()).count() as u32;
    let ascii = text.chars().filter(char::is_ascii_alphanumeric).count() as u32;
    cjk + ascii.div_ceil(2)
}

fn in_text(text: &str, kind: Kind) -> bool {
    let cjk = text.chars().filter(|c| !c.is_ascii()).count();
    kind == Kind::Lexicon || cjk >= 3 || (cjk == 0 && text.len() >= 3)
}

/// Adds a word: a stronger kind replaces a weaker one; two nodes for one word of the same kind
/// give their common ancestor (or nothing, across 大类).
fn add(
    words: &mut HashMap<String, Option<(Code, Kind, Flag)>>,
    text: String,
    code: Code,
    kind: Kind,
    flag: Flag,
) {
    match words.get(&text) {
        None => {
            words.insert(text, Some((code, kind, flag)));
        }
        Some(None) => {}
        Some(Some((old, k, f))) => {
            if kind > *k {
                words.insert(text, Some((code, kind, flag)));
            } else if kind == *k && *old != code {
                let merged = if old.contains(code) {
                    Some(code)
                } else if code.contains(*old) {
                    Some(*old)
                } else {
                    old.common(code)
                };
                let f = if *f == flag { flag } else { Flag::None };
                words.insert(text, merged.map(|c| (c, kind, f)));
            }
        }
    }
}

fn core_of(name: &str) -> Option<&str> {
    let core = SUFFIXES.iter().find_map(|s| name.strip_suffix(s))?;
    (core.chars().count() >= 2 && !STOP_CORES.contains(&core)).then_some(core)
}

/// The reviewed keyword table: each row replaces whatever the names, cores and lexicon gave the
/// same word. Bad rows are skipped and reported.
fn parse_keywords(
    words: &mut HashMap<String, Option<(Code, Kind, Flag)>>,
    problems: &mut Vec<String>,
) {
    let mut seen = HashMap::new();
    for (n, line) in KEYWORDS.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') || line.starts_with("keyword\t") {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let (word, seq, flags) = match cols.as_slice() {
            [w, s, f, _] | [w, s, f] => (w.trim(), s.trim(), f.trim()),
            _ => {
                problems.push(format!(
                    "keywords line {}: expected keyword, seq, flags, note",
                    n + 1
                ));
                continue;
            }
        };
        let Some(code) = Code::parse(seq) else {
            problems.push(format!("keywords line {}: `{seq}` is not a node", n + 1));
            continue;
        };
        if fold(word) != word || word.is_empty() {
            problems.push(format!("keywords line {}: `{word}` is not folded", n + 1));
            continue;
        }
        let flag = match flags {
            "" => Flag::None,
            "head" => Flag::Head,
            "weak" => Flag::Weak,
            "rank" => Flag::Rank,
            _ => {
                problems.push(format!("keywords line {}: unknown flag `{flags}`", n + 1));
                continue;
            }
        };
        if seen.insert(word.to_string(), n + 1).is_some() {
            problems.push(format!("keywords line {}: duplicate `{word}`", n + 1));
            continue;
        }
        words.insert(word.to_string(), Some((code, Kind::Keyword, flag)));
    }
}

fn build() -> Matcher {
    let mut problems = Vec::new();
    let mut words: HashMap<String, Option<(Code, Kind, Flag)>> = HashMap::new();
    for (c, name) in nodes().map(|c| (c, c.name())) {
        if name.starts_with("其他") {
            continue;
        }
        // A 大类's name (专业技术人员) and the domain left of 工程技术人员 (汽车, 食品) say too
        // little to outweigh a job word: 汽车座椅操作工 is a worker.
        let name_flag = if c.depth() == 1 {
            Flag::Weak
        } else {
            Flag::None
        };
        add(&mut words, fold(name), c, Kind::Name, name_flag);
        if let Some(core) = core_of(name) {
            let core_flag = if name.ends_with("工程技术人员") {
                Flag::Weak
            } else {
                Flag::None
            };
            add(&mut words, fold(core), c, Kind::Core, core_flag);
        }
    }
    // A core that only says 大类 is too vague to count.
    words.retain(|_, v| v.is_none_or(|(c, k, _)| k != Kind::Core || c.depth() >= 2));
    for e in lexicon::entries() {
        let mut codes = e.occupations.iter().filter_map(|o| by_name(o));
        let Some(first) = codes.next() else {
            problems.push(format!(
                "lexicon `{}`: no occupation of the classification",
                e.phrase
            ));
            continue;
        };
        if let Some(code) = codes.try_fold(first, |a, c| a.common(c)) {
            add(
                &mut words,
                e.phrase.to_string(),
                code,
                Kind::Lexicon,
                Flag::None,
            );
        }
    }
    parse_keywords(&mut words, &mut problems);
    let phrases: std::collections::HashSet<&str> =
        lexicon::entries().iter().map(|e| e.phrase).collect();
    let mut patterns: Vec<Pattern> = words
        .into_iter()
        .filter_map(|(text, v)| {
            let (code, kind, flag) = v?;
            Some(Pattern {
                head: flag == Flag::Head,
                weak: matches!(flag, Flag::Weak | Flag::Rank),
                rank: flag == Flag::Rank,
                weight: weight(&text),
                in_text: !matches!(flag, Flag::Weak | Flag::Rank)
                    && (in_text(&text, kind) || phrases.contains(text.as_str())),
                text,
                code,
                kind,
            })
        })
        .filter(|p| p.weight >= 1)
        .collect();
    patterns.sort_by(|a, b| a.text.cmp(&b.text));
    let automaton = AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .build(patterns.iter().map(|p| p.text.as_str()))
        .unwrap_or_else(|err| {
            problems.push(format!("the words do not make an automaton: {err}"));
            patterns.clear();
            AhoCorasick::new(Vec::<&str>::new()).expect("an empty automaton")
        });
    Matcher {
        automaton,
        patterns,
        problems,
    }
}

/// One occurrence of a word in a folded text.
#[derive(Debug, Clone, Copy)]
struct Hit {
    start: usize,
    end: usize,
    pat: usize,
}

impl Matcher {
    /// The maximal occurrences in `text` (none inside a longer one), in text order; only the
    /// words clear in running text when `running`.
    fn hits(&self, text: &str, running: bool) -> Vec<Hit> {
        let mut hits: Vec<Hit> = Vec::new();
        for m in self.automaton.find_overlapping_iter(text) {
            let p = &self.patterns[m.pattern().as_usize()];
            if running && !p.in_text {
                continue;
            }
            let (before, after) = (&text[..m.start()], &text[m.end()..]);
            if NEGATIONS.iter().any(|n| before.ends_with(n))
                || lexicon::splits_ascii_word(&p.text, before, after)
                || lexicon::worker_in_compound(&p.text, after)
            {
                continue;
            }
            hits.push(Hit {
                start: m.start(),
                end: m.end(),
                pat: m.pattern().as_usize(),
            });
        }
        hits.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        let mut reach = 0;
        hits.retain(|h| {
            let inside = h.end <= reach;
            reach = reach.max(h.end);
            !inside
        });
        hits
    }

    fn pat(&self, h: &Hit) -> &Pattern {
        &self.patterns[h.pat]
    }

    /// The match that decides a title.
    fn decide<'h>(&self, hits: &'h [Hit]) -> Option<&'h Hit> {
        let key = |h: &&Hit| {
            let p = self.pat(h);
            (!p.weak, p.weight, p.kind, h.start)
        };
        let best = hits.iter().max_by_key(key)?;
        let after = |h: &&Hit| h.start >= best.end;
        let head = hits
            .iter()
            .filter(|h| self.pat(h).head && after(h))
            .max_by_key(key);
        // 大类 4 and 6 are service and production workers, whom a rank word (工程师) outranks.
        let worker = matches!(self.pat(best).code.0 >> 24, 4 | 6);
        let rank = hits
            .iter()
            .filter(|h| worker && self.pat(h).rank && after(h))
            .max_by_key(key);
        Some(head.or(rank).unwrap_or(best))
    }

    /// Votes of a description's matches, restricted to `within`: the deepest node holding at
    /// least 60 % of all the votes, with that share and the words that voted for it.
    fn vote(
        &self,
        text: &str,
        hits: &[Hit],
        within: Option<Code>,
    ) -> Option<(Code, f32, Vec<String>)> {
        let hits: Vec<&Hit> = hits
            .iter()
            .filter(|h| within.is_none_or(|w| w.contains(self.pat(h).code)))
            .collect();
        let total: u32 = hits.iter().map(|h| self.pat(h).weight).sum();
        if total < 3 {
            return None;
        }
        let mut chosen: Option<(Code, u32)> = None;
        let start = within.map_or(1, |w| w.depth() + 1);
        for d in start..=4 {
            let mut tally: Vec<(Code, u32)> = Vec::new();
            for h in &hits {
                let p = self.pat(h);
                if p.code.depth() < d || chosen.is_some_and(|(c, _)| !c.contains(p.code)) {
                    continue;
                }
                let c = p.code.at(d);
                match tally.iter_mut().find(|t| t.0 == c) {
                    Some(t) => t.1 += p.weight,
                    None => tally.push((c, p.weight)),
                }
            }
            match tally.into_iter().max_by_key(|t| t.1) {
                Some((c, w)) if w * 10 >= total * 6 && w >= 3 => chosen = Some((c, w)),
                _ => break,
            }
        }
        let (code, w) = chosen?;
        let mut words: Vec<String> = Vec::new();
        for h in hits.iter().filter(|h| code.contains(self.pat(h).code)) {
            let word = text[h.start..h.end].to_string();
            if !words.contains(&word) {
                words.push(word);
            }
        }
        // One word, however often repeated, is not enough to code a long text.
        let needed = if text.chars().count() <= SHORT_TEXT {
            1
        } else {
            2
        };
        (words.len() >= needed).then(|| (code, w as f32 / total as f32, words))
    }
}

/// Characters up to which one clear word may code running text (a person's short summary).
const SHORT_TEXT: usize = 80;

/// Words after which a title names the job (the employer's name comes before them).
const RECRUITING: [&str; 6] = ["招聘", "诚聘", "急聘", "急招", "直招", "聘请"];

/// Whether a byte offset of `text` lies inside brackets ((), [], 【】, 〔〕, 《》; full-width ones
/// are folded to ASCII already).
fn bracketed(text: &str) -> impl Fn(usize) -> bool {
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut open: Option<usize> = None;
    for (i, c) in text.char_indices() {
        match c {
            '(' | '[' | '【' | '〔' | '《' if open.is_none() => open = Some(i),
            ')' | ']' | '】' | '〕' | '》' => {
                if let Some(o) = open.take() {
                    spans.push((o, i));
                }
            }
            _ => {}
        }
    }
    if let Some(o) = open {
        spans.push((o, text.len()));
    }
    move |at| spans.iter().any(|&(a, b)| a < at && at < b)
}

/// Drops the spaces between two CJK characters (普 工, 服 务 员), which titles use for show.
fn squeeze(folded: &str) -> String {
    let chars: Vec<char> = folded.chars().collect();
    let mut out = String::with_capacity(folded.len());
    for (i, &c) in chars.iter().enumerate() {
        let between_cjk = c == ' '
            && i > 0
            && !chars[i - 1].is_ascii()
            && chars.get(i + 1).is_some_and(|n| !n.is_ascii());
        if !between_cjk {
            out.push(c);
        }
    }
    out
}

/// Codes a title alone.
pub(super) fn code_title(title: &str, from: &'static str) -> Option<Coding> {
    let m = matcher();
    let text = squeeze(&fold(title));
    let mut hits = m.hits(&text, false);
    // 某某人力资源公司招聘保安: what follows the last recruiting word is the job.
    if let Some(end) = RECRUITING
        .iter()
        .filter_map(|w| text.rfind(w).map(|i| i + w.len()))
        .max()
    {
        if hits.iter().any(|h| h.start >= end) {
            hits.retain(|h| h.start >= end);
        }
    }
    // Java开发（金融方向）, 算法专家（财务系统）: brackets hold context; their words count only
    // when nothing outside names work.
    let inside = bracketed(&text);
    if hits.iter().any(|h| !inside(h.start)) {
        hits.retain(|h| !inside(h.start));
    }
    let best = m.decide(&hits)?;
    let p = m.pat(best);
    let mut confidence: f32 = match (p.kind, p.weight >= 3) {
        (Kind::Keyword | Kind::Name, true) => 0.9,
        (Kind::Keyword | Kind::Name, false) => 0.8,
        (Kind::Lexicon, _) => 0.75,
        (Kind::Core, true) => 0.8,
        (Kind::Core, false) => 0.7,
    };
    let related = |c: Code| c.contains(p.code) || p.code.contains(c);
    if hits
        .iter()
        .any(|h| !related(m.pat(h).code) && m.pat(h).code.at(2) != p.code.at(2))
    {
        confidence *= 0.75;
    }
    let mut words = vec![text[best.start..best.end].to_string()];
    for h in &hits {
        let w = &text[h.start..h.end];
        if related(m.pat(h).code) && !words.iter().any(|x| x == w) {
            words.push(w.to_string());
        }
    }
    Some(Coding {
        code: p.code,
        confidence,
        words,
        from,
    })
}

/// Codes running text (a description, a summary) by the votes of its clear words.
pub(super) fn code_description(text: &str, from: &'static str) -> Option<Coding> {
    let m = matcher();
    let text = clean(text);
    let hits = m.hits(&text, true);
    let (code, share, words) = m.vote(&text, &hits, None)?;
    Some(Coding {
        code,
        confidence: 0.35 + 0.35 * share,
        words,
        from,
    })
}

pub(super) fn code_text(title: &str, description: Option<&str>) -> Option<Coding> {
    let Some(mut k) = code_title(title, "title") else {
        return code_description(description?, "description");
    };
    // A title only certain above 细类 (销售, 司机) may be made precise by its description.
    if k.code.depth() < 4 {
        if let Some(d) = description {
            let m = matcher();
            let text = clean(d);
            let hits = m.hits(&text, true);
            if let Some((code, _, words)) = m.vote(&text, &hits, Some(k.code)) {
                k.code = code;
                for w in words {
                    if !k.words.contains(&w) {
                        k.words.push(w);
                    }
                }
            }
        }
    }
    Some(k)
}
