//! The occupation of every record: vacancies and people's wanted work coded to the 2022 national
//! occupation classification 《中华人民共和国职业分类大典（2022年版）》, 大类 → 中类 → 小类 → 细类.
//!
//! The classification is embedded (`data/occupations_2022.tsv`, 8 / 79 / 450 / 1,640 nodes; source
//! and changes in its header). A [`Code`] is one node; [`nodes`] lists them all in seq order.
//!
//! # How a text is coded
//!
//! Texts are folded ([`crate::text::normalise::fold`]: simplified, half-width, lowercase). One
//! Aho-Corasick automaton, built once, finds every occurrence of four kinds of words, each naming
//! a node:
//! 1. the reviewed keyword table `data/occupation_keywords.tsv` (the common words of Chinese
//!    postings: 前端, java, 普工, 保洁, 仓管 …; a keyword may name a node above 细类 when the word
//!    is only that certain, e.g. 销售 → 4-01-02 销售人员);
//! 2. the names of the classification's nodes (`其他…` buckets excluded);
//! 3. the phrases of the colloquial lexicon ([`crate::lexicon`]), through the 细类 they name
//!    (a phrase naming two occupations codes to their common ancestor);
//! 4. the cores of the names: a name minus a generic suffix (人员, 工程技术人员, 员, 工, 师 …)
//!    when at least two characters remain (电子商务师 → 电子商务); a core shared by several nodes
//!    codes to their common ancestor, and is dropped when that is only a 大类.
//!
//! A 大类's name and the domain cores of 工程技术人员 names (汽车, 食品) are weak, like the
//! table's `weak` keywords.
//!
//! Matches glued to ASCII letters (`java` in `javascript`), negated ones (不会开叉车) and worker
//! words that begin a compound (清洁工作) are skipped; a match inside a longer match is dropped.
//!
//! **Title.** The strongest remaining match decides: the longest (a CJK character counts one,
//! two ASCII letters one), then keyword over name over lexicon over core, then the rightmost
//! (Chinese titles end in their head noun: Python讲师 is a teacher). A keyword flagged `head`
//! (讲师, 销售, 客服 …) that stands after the strongest match takes its place; a `weak` one
//! (工程师, 助理, 银行) decides only when nothing else matched, and a `rank` one (工程师) also takes
//! over from a service or production worker's word before it (注塑工程师). After a recruiting word
//! (招聘, 急招) only what follows counts (某某人力资源公司招聘保安), and words in brackets count only
//! when nothing outside them names work (Java开发（金融方向）). Spaces between CJK characters are dropped
//! (普 工). Seniority, pay and benefit words (高级, 实习, 13薪, 包吃住) name no occupation and so
//! change nothing.
//! **Description** (when the title names nothing, or to go below a title's 小类): matches of three
//! characters or more (or three ASCII letters, or lexicon phrases) vote with their length; the
//! code descends from 大类 while one node holds at least 60 % of all the votes, so a description
//! that is only clear at 中类 is coded at 中类; a text longer than 80 characters needs two
//! different words for its node (one incidental word does not code a long description).
//!
//! **Confidence** (0..1): 0.9 for a title keyword or name of three characters or more, less for
//! two-character words, cores and lexicon phrases; ×0.75 when another title match names a
//! different 中类; a description vote gives 0.35 + 0.35 × its share. `None` means uncodable:
//! callers count it, nothing is guessed.
//!
//! **People** ([`code_candidate`]): the desired titles first, then past job titles, then the
//! summary, skills and certificates (words and lexicon phrases, as a description), then the
//! major. Groups, sex, ethnicity, 户籍 and the like are never read.
//!
//! Cost: a few µs for a title (one automaton pass over a folded string), more when a long
//! description has to be read.

mod matcher;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::model::{Candidate, Job};

static DATA: &str = include_str!("../../data/occupations_2022.tsv");

/// A node of the 2022 classification, packed: one byte per level (大类 1..8, then 中类, 小类 and
/// 细类 numbers plus one, since the classification numbers some nodes 00); 0 = below the node's
/// depth. Ordering is the classification's seq order (a node before its children).
///
/// Serialises as its seq string (`"4-02-06-01"`); only codes of the embedded classification
/// can be made, so every `Code` has a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Code(u32);

impl Code {
    /// The node with this seq (`"4-02-01-03"`, `"4-02"`, `"4"`); `None` unless the
    /// classification has it.
    pub fn parse(seq: &str) -> Option<Code> {
        let c = Code::parse_raw(seq)?;
        table().index.contains_key(&c).then_some(c)
    }

    /// The packed form of a well-formed seq, whether or not the classification has it.
    fn parse_raw(seq: &str) -> Option<Code> {
        let mut v = 0u32;
        let mut n = 0;
        for (i, part) in seq.trim().split('-').enumerate() {
            if i >= 4 || part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let num: u32 = part.parse().ok()?;
            let byte = match i {
                0 if (1..=9).contains(&num) && part.len() == 1 => num,
                1..=3 if num <= 99 && part.len() == 2 => num + 1,
                _ => return None,
            };
            v |= byte << (8 * (3 - i));
            n = i + 1;
        }
        (n > 0).then_some(Code(v))
    }

    /// 1 (大类) ..= 4 (细类).
    pub fn depth(self) -> u8 {
        if self.0 & 0xff != 0 {
            4
        } else if self.0 & 0xff00 != 0 {
            3
        } else if self.0 & 0xff_0000 != 0 {
            2
        } else {
            1
        }
    }

    /// The ancestor at `depth` (1..=4); the node itself when `depth` is its own or deeper.
    pub fn at(self, depth: u8) -> Code {
        let d = depth.max(1);
        if d >= self.depth() {
            return self;
        }
        Code(self.0 & (u32::MAX << (8 * (4 - u32::from(d)))))
    }

    /// The seq string, e.g. `"4-02-06-01"`.
    pub fn seq(self) -> String {
        let mut s = (self.0 >> 24).to_string();
        for i in 1..self.depth() {
            let b = (self.0 >> (8 * (3 - u32::from(i)))) & 0xff;
            s.push_str(&format!("-{:02}", b - 1));
        }
        s
    }

    /// The node's name in the classification.
    pub fn name(self) -> &'static str {
        let t = table();
        t.index.get(&self).map_or("", |&i| t.nodes[i].1)
    }

    /// The node one level up (`None` for a 大类).
    pub fn parent(self) -> Option<Code> {
        let d = self.depth();
        (d > 1).then(|| self.at(d - 1))
    }

    /// True when `other` is this node or one of its descendants.
    pub fn contains(self, other: Code) -> bool {
        other.depth() >= self.depth() && other.at(self.depth()) == self
    }

    /// The deepest node that contains both (`None` when they lie in different 大类).
    pub fn common(self, other: Code) -> Option<Code> {
        (1..=self.depth().min(other.depth()))
            .rev()
            .map(|d| self.at(d))
            .find(|a| a.contains(other))
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.seq())
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.seq())
    }
}

impl<'de> Deserialize<'de> for Code {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Code, D::Error> {
        let s = String::deserialize(d)?;
        Code::parse(&s).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "`{s}` is not an occupation of the 2022 classification"
            ))
        })
    }
}

/// The embedded classification.
struct Table {
    /// Every node with its name, in seq order.
    nodes: Vec<(Code, &'static str)>,
    /// Position of each node in `nodes`.
    index: HashMap<Code, usize>,
    /// Nodes by exact name (a 小类 and its only 细类 often share one).
    by_name: HashMap<&'static str, Vec<Code>>,
    /// Lines that did not parse (a test requires none).
    problems: Vec<String>,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| parse_table(DATA))
}

fn parse_table(data: &'static str) -> Table {
    let mut nodes: Vec<(Code, &'static str)> = Vec::new();
    let mut problems = Vec::new();
    for (n, line) in data.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') || line.starts_with("seq\t") {
            continue;
        }
        let cols: Vec<&'static str> = line.split('\t').collect();
        let parsed = match cols.as_slice() {
            [seq, level, name] if !name.trim().is_empty() => Code::parse_raw(seq)
                .filter(|c| level.trim() == c.depth().to_string())
                .map(|c| (c, name.trim())),
            _ => None,
        };
        match parsed {
            Some(node) if nodes.last().is_none_or(|last| last.0 < node.0) => nodes.push(node),
            Some(_) => problems.push(format!("line {}: out of seq order", n + 1)),
            None => problems.push(format!("line {}: expected seq, level, name", n + 1)),
        }
    }
    let index: HashMap<Code, usize> = nodes.iter().enumerate().map(|(i, n)| (n.0, i)).collect();
    for (c, _) in &nodes {
        if let Some(p) = c.parent().filter(|p| !index.contains_key(p)) {
            problems.push(format!("{} has no parent {}", c.seq(), p.seq()));
        }
    }
    let mut by_name: HashMap<&'static str, Vec<Code>> = HashMap::new();
    for (c, name) in &nodes {
        by_name.entry(name).or_default().push(*c);
    }
    Table {
        nodes,
        index,
        by_name,
        problems,
    }
}

/// Every node of the classification, in seq order (a node before its children).
pub fn nodes() -> impl Iterator<Item = Code> {
    table().nodes.iter().map(|n| n.0)
}

/// The node named exactly `name`: the deepest when a 小类 and its 细类 share the name, the common
/// ancestor when unrelated nodes do; `None` when no node has it.
pub fn by_name(name: &str) -> Option<Code> {
    let codes = table().by_name.get(name.trim())?;
    let mut acc = *codes.first()?;
    for &c in &codes[1..] {
        acc = if acc.contains(c) {
            c
        } else if c.contains(acc) {
            acc
        } else {
            acc.common(c)?
        };
    }
    Some(acc)
}

/// One record's occupation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Coding {
    /// The node, at the depth that is certain (a 小类 when the text says only 销售).
    pub code: Code,
    /// How sure, 0..1 (see the module documentation).
    pub confidence: f32,
    /// The words that decided, as found in the folded text.
    pub words: Vec<String>,
    /// Which text decided: `title`, `description`, `desired`, `experience`, `lexicon`
    /// (a person's summary, skills and certificates) or `major`.
    pub from: &'static str,
}

/// Codes a posting's title, with its description as a fallback and to go below a title that is
/// only certain above 细类. `None` when neither names an occupation.
pub fn code_text(title: &str, description: Option<&str>) -> Option<Coding> {
    matcher::code_text(title, description)
}

/// [`code_text`] of a vacancy's title and description (skills as a last resort).
pub fn code_job(job: &Job) -> Option<Coding> {
    code_text(&job.title, job.description.as_deref()).or_else(|| {
        let skills = job.skills.join("，");
        matcher::code_description(&skills, "description")
    })
}

/// A person's wanted work: the desired titles first, then past job titles (in the order given),
/// then the summary, skills and certificates, then the major. Never reads protected attributes.
pub fn code_candidate(c: &Candidate) -> Option<Coding> {
    let desired = c
        .desired
        .as_ref()
        .map(|d| d.titles.as_slice())
        .unwrap_or(&[]);
    for t in desired {
        if let Some(k) = matcher::code_title(t, "desired") {
            return Some(k);
        }
    }
    for t in c.experience.iter().filter_map(|e| e.title.as_deref()) {
        if let Some(k) = matcher::code_title(t, "experience") {
            return Some(k);
        }
    }
    let mut text = c.summary.clone().unwrap_or_default();
    for s in c.skills.iter().chain(&c.certificates) {
        text.push('，');
        text.push_str(s);
    }
    for e in &c.experience {
        if let Some(d) = &e.description {
            text.push('，');
            text.push_str(d);
        }
    }
    if let Some(k) = matcher::code_description(&text, "lexicon") {
        return Some(k);
    }
    let major = c.major.as_deref()?;
    matcher::code_title(major, "major").map(|mut k| {
        k.confidence *= 0.6;
        k
    })
}

/// Lines of the embedded tables that did not parse (empty for the shipped tables).
pub fn problems() -> Vec<String> {
    let mut p = table().problems.clone();
    p.extend(matcher::problems().iter().cloned());
    p
}
