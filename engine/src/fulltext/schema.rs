//! Index schemas of both sides and the conversion of records into index documents.
//!
//! Only the id and the filter values are kept beyond the inverted index: the store of record is
//! elsewhere, so nothing is stored in tantivy's doc store.

use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, FAST, STRING,
};
use tantivy::TantivyDocument;

use crate::model::{Candidate, Job, JobKind, Location};
use crate::text::chinese::{ZH_BIGRAM_TOKENIZER, ZH_TOKENIZER};
use crate::text::education::EduLevel;
use crate::text::normalise::{clean, fold};
use crate::text::region;

/// Which record type an index holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    Jobs,
    Candidates,
}

impl Side {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Side::Jobs => "jobs",
            Side::Candidates => "candidates",
        }
    }
}

/// Field handles. `exp` exists on the candidate side only (jobs have no work history).
#[derive(Debug, Clone)]
pub(crate) struct Fields {
    pub id: Field,
    /// [`record_key`] of the id: a number read straight from a fast column, where turning a hit
    /// back into its id string would decompress a dictionary block per hit.
    pub key: Field,
    /// Job title / desired titles.
    pub title: Field,
    /// Skills (+ certificates for candidates).
    pub skills: Field,
    /// Experience titles and major (candidates only).
    pub exp: Option<Field>,
    /// Description, employer, benefits / summary, experience descriptions.
    pub desc: Field,
    /// Character bigrams of the short, high-value text (titles, skills, certificates).
    pub bg: Field,
    /// Administrative codes (job location; candidate home and desired regions). Multi-valued.
    pub adcode: Field,
    /// The same places as indexed terms, each with the city and province containing it
    /// ([`area_terms`]): a region filter is then one posting list, not a scan of a column.
    pub area: Field,
    /// Job kind / kinds a candidate accepts. Multi-valued on the candidate side.
    pub kind: Field,
    /// Last valid day (days since epoch), `i64::MAX` when open-ended (jobs only).
    pub valid: Option<Field>,
    /// Education rank: required (jobs) or held (candidates); see [`edu_rank`].
    pub edu: Field,
    /// Policy groups (candidates only). Multi-valued.
    pub groups: Option<Field>,
}

fn text_opts(tokenizer: &str, positions: bool) -> TextOptions {
    let rec = if positions {
        IndexRecordOption::WithFreqsAndPositions
    } else {
        IndexRecordOption::WithFreqs
    };
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(rec),
    )
}

pub(crate) fn build(side: Side) -> (Schema, Fields) {
    let mut b = Schema::builder();
    let zh = text_opts(ZH_TOKENIZER, true);
    let id = b.add_text_field("id", STRING | FAST);
    let key = b.add_u64_field("key", NumericOptions::default().set_fast());
    let title = b.add_text_field("title", zh.clone());
    let skills = b.add_text_field("skills", zh.clone());
    let exp = (side == Side::Candidates).then(|| b.add_text_field("exp", zh.clone()));
    let desc = b.add_text_field("desc", zh);
    let bg = b.add_text_field("bg", text_opts(ZH_BIGRAM_TOKENIZER, false));
    let fast = NumericOptions::default().set_fast();
    let fast_indexed = NumericOptions::default().set_fast().set_indexed();
    let adcode = b.add_u64_field("adcode", fast.clone());
    let area = b.add_u64_field("area", NumericOptions::default().set_indexed());
    let kind = b.add_u64_field("kind", fast_indexed.clone());
    let valid = (side == Side::Jobs).then(|| b.add_i64_field("valid", fast.clone()));
    let edu = b.add_u64_field("edu", fast);
    let groups = (side == Side::Candidates).then(|| b.add_u64_field("groups", fast_indexed));
    let fields = Fields {
        id,
        key,
        title,
        skills,
        exp,
        desc,
        bg,
        adcode,
        area,
        kind,
        valid,
        edu,
        groups,
    };
    (b.build(), fields)
}

/// The `area` terms of a place: its code, its city's and its province's (distinct). A filter
/// on code `r` matches exactly the places in `adcode_range(r)`: a county matches itself, a city
/// `ppcc00` every code `ppccxx`, a province `pp0000` every code `ppxxxx`.
pub(crate) fn area_terms(code: u32) -> impl Iterator<Item = u64> {
    let c = code as u64;
    let (city, province) = (c / 100 * 100, c / 10_000 * 10_000);
    [
        Some(c),
        (city != c).then_some(city),
        (province != city).then_some(province),
    ]
    .into_iter()
    .flatten()
}

/// Rank of an education level as stored in the `edu` fast field (0 = any … 6 = doctorate).
pub(crate) fn edu_rank(e: EduLevel) -> u64 {
    match e {
        EduLevel::Any => 0,
        EduLevel::JuniorHigh => 1,
        EduLevel::SeniorHigh => 2,
        EduLevel::Associate => 3,
        EduLevel::Bachelor => 4,
        EduLevel::Master => 5,
        EduLevel::Doctor => 6,
    }
}

/// Highest value of [`edu_rank`].
pub(crate) const EDU_MAX: u64 = 6;

pub(crate) fn kind_code(k: JobKind) -> u64 {
    JobKind::ALL.iter().position(|x| *x == k).unwrap_or(0) as u64
}

/// The administrative code of a location: the given code when well-formed, else the resolved
/// free-text region. Coordinates alone give none (a region filter then never matches).
pub(crate) fn location_adcode(loc: &Location) -> Option<u32> {
    if let Some(code) = loc.adcode.as_deref().and_then(parse_adcode) {
        return Some(code);
    }
    loc.region
        .as_deref()
        .and_then(region::resolve)
        .map(|p| p.adcode)
}

fn parse_adcode(s: &str) -> Option<u32> {
    let s = s.trim();
    (s.len() == 6 && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

fn add_folded(doc: &mut TantivyDocument, field: Field, text: &str) {
    let f = fold(text);
    if !f.is_empty() {
        doc.add_text(field, &f);
    }
}

/// A stable 64-bit key of a record id (FNV-1a with a final avalanche), the same on every machine
/// and Rust version. Two ids of one side sharing a key is astronomically unlikely (≈ n²/2⁶⁵).
pub fn record_key(id: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in id.as_bytes() {
        h ^= *b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    // splitmix64 finaliser: FNV's low bits are weak on short, similar ids.
    h ^= h >> 30;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

fn add_cleaned(doc: &mut TantivyDocument, field: Field, text: &str) {
    let f = clean(text);
    if !f.is_empty() {
        doc.add_text(field, &f);
    }
}

pub(crate) fn job_doc(f: &Fields, j: &Job) -> TantivyDocument {
    let mut d = TantivyDocument::default();
    d.add_text(f.id, &j.id);
    d.add_u64(f.key, record_key(&j.id));
    add_folded(&mut d, f.title, &j.title);
    add_folded(&mut d, f.bg, &j.title);
    for s in &j.skills {
        add_folded(&mut d, f.skills, s);
        add_folded(&mut d, f.bg, s);
    }
    if let Some(t) = &j.description {
        add_cleaned(&mut d, f.desc, t);
    }
    if let Some(t) = &j.employer {
        add_folded(&mut d, f.desc, t);
    }
    for b in &j.benefits {
        add_folded(&mut d, f.desc, b);
    }
    if let Some(code) = j.location.as_ref().and_then(location_adcode) {
        d.add_u64(f.adcode, code as u64);
        for t in area_terms(code) {
            d.add_u64(f.area, t);
        }
    }
    d.add_u64(f.kind, kind_code(j.kind));
    if let Some(valid) = f.valid {
        let until = j
            .valid_until
            .as_deref()
            .and_then(crate::model::parse_date)
            .unwrap_or(i64::MAX);
        d.add_i64(valid, until);
    }
    let edu = j
        .education
        .as_deref()
        .and_then(EduLevel::parse)
        .map_or(0, edu_rank);
    d.add_u64(f.edu, edu);
    d
}

pub(crate) fn candidate_doc(f: &Fields, c: &Candidate) -> TantivyDocument {
    let mut d = TantivyDocument::default();
    d.add_text(f.id, &c.id);
    d.add_u64(f.key, record_key(&c.id));
    let exp = f.exp.unwrap_or(f.desc);
    if let Some(des) = &c.desired {
        for t in &des.titles {
            add_folded(&mut d, f.title, t);
            add_folded(&mut d, f.bg, t);
        }
    }
    for s in c.skills.iter().chain(&c.certificates) {
        add_folded(&mut d, f.skills, s);
        add_folded(&mut d, f.bg, s);
    }
    for e in &c.experience {
        if let Some(t) = &e.title {
            add_folded(&mut d, exp, t);
            add_folded(&mut d, f.bg, t);
        }
        if let Some(t) = &e.description {
            add_cleaned(&mut d, f.desc, t);
        }
    }
    if let Some(m) = &c.major {
        add_folded(&mut d, exp, m);
        add_folded(&mut d, f.bg, m);
    }
    if let Some(s) = &c.summary {
        add_cleaned(&mut d, f.desc, s);
    }
    let mut codes: Vec<u32> = Vec::new();
    if let Some(code) = c.home.as_ref().and_then(location_adcode) {
        codes.push(code);
    }
    if let Some(des) = &c.desired {
        codes.extend(
            des.regions
                .iter()
                .filter_map(|r| region::resolve(r).map(|p| p.adcode)),
        );
    }
    codes.sort_unstable();
    codes.dedup();
    let mut areas: Vec<u64> = codes.iter().flat_map(|c| area_terms(*c)).collect();
    areas.sort_unstable();
    areas.dedup();
    for code in codes {
        d.add_u64(f.adcode, code as u64);
    }
    for t in areas {
        d.add_u64(f.area, t);
    }
    // No stated kind means any kind is acceptable, so such a person passes every kind filter.
    let kinds: Vec<JobKind> = match &c.desired {
        Some(des) if !des.kinds.is_empty() => des.kinds.clone(),
        _ => JobKind::ALL.to_vec(),
    };
    let mut kc: Vec<u64> = kinds.into_iter().map(kind_code).collect();
    kc.sort_unstable();
    kc.dedup();
    for k in kc {
        d.add_u64(f.kind, k);
    }
    let edu = c
        .education
        .as_deref()
        .and_then(EduLevel::parse)
        .map_or(0, edu_rank);
    d.add_u64(f.edu, edu);
    if let Some(g) = f.groups {
        for grp in &c.groups {
            d.add_u64(g, group_code(*grp));
        }
    }
    d
}

pub(crate) fn group_code(g: crate::model::Group) -> u64 {
    crate::model::Group::ALL
        .iter()
        .position(|x| *x == g)
        .unwrap_or(0) as u64
}
