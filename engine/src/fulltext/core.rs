//! The index life-cycle shared by both sides: open/create, write, commit, search, id lookup.

use std::collections::HashMap;
use std::fs;
use std::path::Path;
use std::sync::{Mutex, MutexGuard, RwLock};

use tantivy::collector::TopDocs;
use tantivy::columnar::StrColumn;
use tantivy::directory::MmapDirectory;
use tantivy::index::{SegmentId, SegmentMeta};
use tantivy::merge_policy::{LogMergePolicy, MergeCandidate, MergePolicy};
use tantivy::query::{Bm25StatisticsProvider, BooleanQuery, Occur, Query};
use tantivy::schema::Field;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, Searcher, TantivyDocument, Term};

use super::query::{filter_clauses, Bag};
use super::schema::{build, Fields, Side};
use super::{Filter, Hit, SCHEMA_VERSION};
use super::{CAND_DESC, CAND_EXP, CAND_SKILLS, CAND_TITLE, JOB_DESC, JOB_SKILLS, JOB_TITLE};
use crate::error::{Error, Result};
use crate::text::chinese::register_tokenizers;

/// Name of the file that records which layout version and side an index directory holds.
const VERSION_FILE: &str = "bole-fulltext-version";
/// Indexing memory per writer thread (tantivy's minimum is 15 MB).
const WRITER_BUDGET_PER_THREAD: usize = 48_000_000;

/// How long [`Core::compact`] waits for background merges holding some of the segments.
const COMPACT_PATIENCE: std::time::Duration = std::time::Duration::from_secs(600);

/// Segments with fewer documents than this are fresh: merged together as soon as there are two.
const FRESH_DOCS: u32 = 1_000;
/// Larger segments of one size level are merged once this many have gathered.
const LEVEL_SEGMENTS: usize = 4;

/// Merges the fresh segments that the commit timer leaves at every tick into one at once; the
/// rest as a log merge policy would.
///
/// A served index under a steady write load gets one or two small segments per commit (one per
/// indexing thread, twice a second). tantivy's default policy lets up to eight of each size level
/// gather before merging them, and every search pays per segment: a dictionary lookup per query
/// term, a postings cursor and the union's 4,096-slot buffers. Merging a few hundred fresh
/// documents takes milliseconds, and keeps a search to the large segments plus one or two fresh
/// ones.
#[derive(Debug)]
pub(crate) struct FreshFirst {
    rest: LogMergePolicy,
}

impl Default for FreshFirst {
    fn default() -> FreshFirst {
        let mut rest = LogMergePolicy::default();
        rest.set_min_num_segments(LEVEL_SEGMENTS);
        FreshFirst { rest }
    }
}

impl MergePolicy for FreshFirst {
    fn compute_merge_candidates(&self, segments: &[SegmentMeta]) -> Vec<MergeCandidate> {
        // tantivy leaves segments already being merged out of `segments`.
        let (fresh, rest): (Vec<SegmentMeta>, Vec<SegmentMeta>) = segments
            .iter()
            .cloned()
            .partition(|s| s.num_docs() < FRESH_DOCS);
        let mut out = self.rest.compute_merge_candidates(&rest);
        if fresh.len() >= 2 {
            out.push(MergeCandidate(fresh.iter().map(|s| s.id()).collect()));
        }
        out
    }
}

/// An index error keeping tantivy's error as its source; tantivy's I/O errors (an `Arc` the
/// source chain cannot see through) are copied so that [`Error::io_kind`] finds their kind.
pub(crate) fn ix<E: std::error::Error + Send + Sync + 'static>(e: E) -> Error {
    let any: &dyn std::any::Any = &e;
    if let Some(tantivy::TantivyError::IoError(io)) = any.downcast_ref::<tantivy::TantivyError>() {
        return Error::index_from("", std::io::Error::new(io.kind(), io.to_string()));
    }
    Error::index_from("", e)
}

/// Most document frequencies cached per searcher generation before the cache starts over.
const STATS_CACHE_TERMS: usize = 500_000;

/// Term statistics of the current searcher generation, shared by every query on it.
///
/// A record query looks each of its candidate words up in every segment's term dictionary to
/// choose its clauses, and BM25 looks the chosen ones up again; under a steady write load the index
/// holds many small segments, so those lookups cost more than scoring. The statistics of one
/// generation never change, so caching them is exact: the cache starts over when the reader moves
/// to a newer generation.
#[derive(Default)]
struct StatsCache {
    inner: RwLock<CachedStats>,
    /// Document frequencies per large segment. A segment never changes once written (deletes do
    /// not change a term's document frequency, which BM25 takes from the dictionary), so these
    /// stay exact across generations: under a steady write load the generation changes at every
    /// commit, and only the small new segments are then looked up again.
    segments: RwLock<HashMap<SegmentId, FxMap<Term, u64>>>,
}

type FxMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<rustc_hash::FxHasher>>;

/// Segments with at least this many documents keep their term statistics across generations;
/// smaller ones (fresh commits, soon merged away) are cheap to look up.
const SEGMENT_STATS_MIN_DOCS: u32 = 2_000;
/// Most cached document frequencies per segment before that segment's cache starts over.
const SEGMENT_STATS_TERMS: usize = 500_000;

#[derive(Default)]
struct CachedStats {
    generation: u64,
    df: FxMap<Term, u64>,
    tokens: FxMap<Field, u64>,
}

/// [`Bm25StatisticsProvider`] over a searcher, through its generation's [`StatsCache`].
pub(crate) struct Stats<'a> {
    searcher: &'a Searcher,
    cache: &'a StatsCache,
}

impl Stats<'_> {
    /// Documents visible to the searcher (deleted ones excluded).
    pub(crate) fn num_docs(&self) -> u64 {
        self.searcher.num_docs()
    }

    /// A field's token count, from the generation's cache.
    fn cached_tokens(&self, field: Field) -> tantivy::Result<u64> {
        let generation = self.searcher.generation().generation_id();
        if let Ok(c) = self.cache.inner.read() {
            if c.generation == generation {
                if let Some(v) = c.tokens.get(&field) {
                    return Ok(*v);
                }
            }
        }
        let v = self.searcher.total_num_tokens(field)?;
        if let Ok(mut c) = self.cache.inner.write() {
            self.start_over_if_stale(&mut c, generation);
            // An older searcher still in use must not fill the newer generation's cache.
            if c.generation == generation {
                c.tokens.insert(field, v);
            }
        }
        Ok(v)
    }

    /// Document frequencies of `terms`, in order, as `Searcher::doc_freq` counts them: from the
    /// generation's cache, else the large segments' part from their own caches and the small
    /// segments looked up. Each lock is taken once per batch, not once per term (a record query
    /// weighs a hundred or more candidate terms).
    pub(crate) fn doc_freqs(&self, terms: &[Term]) -> tantivy::Result<Vec<u64>> {
        let generation = self.searcher.generation().generation_id();
        let mut out: Vec<Option<u64>> = vec![None; terms.len()];
        if let Ok(c) = self.cache.inner.read() {
            if c.generation == generation {
                for (o, t) in out.iter_mut().zip(terms) {
                    *o = c.df.get(t).copied();
                }
            }
        }
        let missing: Vec<usize> = (0..terms.len()).filter(|&i| out[i].is_none()).collect();
        if missing.is_empty() {
            return Ok(out.into_iter().map(|v| v.unwrap_or(0)).collect());
        }
        let mut totals = vec![0u64; missing.len()];
        for r in self.searcher.segment_readers() {
            let lookup = |t: &Term| -> tantivy::Result<u64> {
                Ok(u64::from(r.inverted_index(t.field())?.doc_freq(t)?))
            };
            if r.max_doc() < SEGMENT_STATS_MIN_DOCS {
                for (total, &i) in totals.iter_mut().zip(&missing) {
                    *total += lookup(&terms[i])?;
                }
                continue;
            }
            let id = r.segment_id();
            let mut unknown: Vec<usize> = Vec::new();
            match self.cache.segments.read() {
                Ok(m) => {
                    let seg = m.get(&id);
                    for (k, &i) in missing.iter().enumerate() {
                        match seg.and_then(|t| t.get(&terms[i])) {
                            Some(v) => totals[k] += v,
                            None => unknown.push(k),
                        }
                    }
                }
                Err(_) => unknown.extend(0..missing.len()),
            }
            if unknown.is_empty() {
                continue;
            }
            let mut found: Vec<(usize, u64)> = Vec::with_capacity(unknown.len());
            for k in unknown {
                let v = lookup(&terms[missing[k]])?;
                totals[k] += v;
                found.push((k, v));
            }
            if let Ok(mut m) = self.cache.segments.write() {
                let t = m.entry(id).or_default();
                if t.len() + found.len() > SEGMENT_STATS_TERMS {
                    t.clear();
                }
                for (k, v) in found {
                    t.insert(terms[missing[k]].clone(), v);
                }
            }
        }
        for (k, &i) in missing.iter().enumerate() {
            out[i] = Some(totals[k]);
        }
        self.remember(
            generation,
            missing.iter().map(|&i| (&terms[i], out[i].unwrap_or(0))),
        );
        Ok(out.into_iter().map(|v| v.unwrap_or(0)).collect())
    }

    /// Keep document frequencies computed on `generation` in the generation cache (starting it
    /// over for a newer generation, or when full).
    fn remember<'t>(&self, generation: u64, dfs: impl Iterator<Item = (&'t Term, u64)>) {
        if let Ok(mut c) = self.cache.inner.write() {
            self.start_over_if_stale(&mut c, generation);
            // An older searcher still in use must not fill the newer generation's cache.
            if c.generation == generation {
                for (t, v) in dfs {
                    c.df.insert(t.clone(), v);
                }
            }
        }
    }

    /// Start the generation cache over when `generation` is newer than the cached one or the
    /// cache is full; a newer generation also drops merged-away segments' statistics.
    fn start_over_if_stale(&self, c: &mut CachedStats, generation: u64) {
        if generation > c.generation || c.df.len() >= STATS_CACHE_TERMS {
            if generation > c.generation {
                // Merged-away segments' statistics are never asked for again.
                let live: Vec<SegmentId> = self
                    .searcher
                    .segment_readers()
                    .iter()
                    .map(|r| r.segment_id())
                    .collect();
                if let Ok(mut segs) = self.cache.segments.write() {
                    segs.retain(|id, _| live.contains(id));
                }
            }
            *c = CachedStats {
                generation: generation.max(c.generation),
                ..Default::default()
            };
        }
    }
}

impl Bm25StatisticsProvider for Stats<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        self.cached_tokens(field)
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        self.searcher.total_num_docs()
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        // BM25 asks for the clauses just chosen, whose statistics the choice has cached: answered
        // here without the batch's bookkeeping.
        let generation = self.searcher.generation().generation_id();
        if let Ok(c) = self.cache.inner.read() {
            if let Some(v) = c.df.get(term).filter(|_| c.generation == generation) {
                return Ok(*v);
            }
        }
        Ok(self.doc_freqs(std::slice::from_ref(term))?[0])
    }
}

pub(crate) struct Core {
    side: Side,
    reader: IndexReader,
    stats: StatsCache,
    writer: Mutex<IndexWriter<TantivyDocument>>,
    pub(crate) fields: Fields,
    /// Whether this handle created the index empty (missing or stale on disk).
    pub(crate) created: bool,
}

fn version_tag(side: Side) -> String {
    format!("{} {}\n", SCHEMA_VERSION, side.name())
}

impl Core {
    pub(crate) fn open(dir: &Path, side: Side) -> Result<Core> {
        let (schema, fields) = build(side);
        let tag = version_tag(side);
        let current =
            fs::read_to_string(dir.join(VERSION_FILE)).ok().as_deref() == Some(tag.as_str());
        let exists = dir.join("meta.json").exists();
        let mut created = false;
        let index = if exists && current {
            match open_checked(dir, &schema) {
                Ok(index) => index,
                Err(why) => {
                    // Derived from the store: the caller refills it (see `needs_rebuild`).
                    tracing::warn!(
                        "full-text index {} {why}; starting it empty to be rebuilt from the store",
                        dir.display()
                    );
                    created = true;
                    recreate(dir, &schema, &tag)?
                }
            }
        } else {
            if dir.exists() {
                let why = if current {
                    "has no meta.json"
                } else {
                    "has no layout version of this build"
                };
                tracing::warn!(
                    "full-text index {} {why}; starting it empty to be rebuilt from the store",
                    dir.display()
                );
            }
            created = true;
            recreate(dir, &schema, &tag)?
        };
        Core::from_index(index, side, fields, created)
    }

    pub(crate) fn in_ram(side: Side) -> Result<Core> {
        let (schema, fields) = build(side);
        Core::from_index(Index::create_in_ram(schema), side, fields, true)
    }

    fn from_index(index: Index, side: Side, fields: Fields, created: bool) -> Result<Core> {
        register_tokenizers(&index);
        let threads = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
            .clamp(1, 4);
        let writer = index
            .writer_with_num_threads(threads, threads * WRITER_BUDGET_PER_THREAD)
            .map_err(ix)?;
        writer.set_merge_policy(Box::new(FreshFirst::default()));
        // Manual reload: commit() reloads synchronously, so a search right after commit sees it.
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(ix)?;
        Ok(Core {
            side,
            reader,
            stats: StatsCache::default(),
            writer: Mutex::new(writer),
            fields,
            created,
        })
    }

    fn writer(&self) -> Result<MutexGuard<'_, IndexWriter<TantivyDocument>>> {
        self.writer
            .lock()
            .map_err(|_| Error::index(format!("{} index writer poisoned", self.side.name())))
    }

    pub(crate) fn upsert(
        &self,
        id: &str,
        to_doc: impl FnOnce(&Fields) -> TantivyDocument,
    ) -> Result<()> {
        if id.trim().is_empty() {
            return Err(Error::field("id", "must be a non-empty string"));
        }
        let doc = to_doc(&self.fields);
        let w = self.writer()?;
        w.delete_term(Term::from_field_text(self.fields.id, id));
        w.add_document(doc).map_err(ix)?;
        Ok(())
    }

    pub(crate) fn delete(&self, id: &str) -> Result<()> {
        self.writer()?
            .delete_term(Term::from_field_text(self.fields.id, id));
        Ok(())
    }

    pub(crate) fn clear(&self) -> Result<()> {
        self.writer()?.delete_all_documents().map_err(ix)?;
        Ok(())
    }

    pub(crate) fn commit(&self) -> Result<()> {
        self.writer()?.commit().map_err(ix)?;
        self.reader.reload().map_err(ix)
    }

    /// Merge every segment into one and make it visible. A query opens every term in every
    /// segment (dictionary lookups, postings cursors, the union's buffers), so after a bulk load,
    /// which leaves one segment per indexing thread, one segment answers markedly faster.
    pub(crate) fn compact(&self) -> Result<()> {
        let mut w = self.writer()?;
        // A background merge (see [`FreshFirst`]) may hold some of the segments: tantivy then
        // refuses the merge as an invalid argument, and the set is taken again once it is done.
        let started = std::time::Instant::now();
        loop {
            let ids = w.index().searchable_segment_ids().map_err(ix)?;
            if ids.len() <= 1 {
                break;
            }
            match w.merge(&ids).wait() {
                Ok(_) => break,
                Err(tantivy::TantivyError::InvalidArgument(_))
                    if started.elapsed() < COMPACT_PATIENCE =>
                {
                    std::thread::sleep(std::time::Duration::from_millis(20));
                }
                Err(e) => return Err(ix(e)),
            }
        }
        drop(w);
        self.reader.reload().map_err(ix)
    }

    /// Number of segments searches walk now.
    pub(crate) fn segments(&self) -> usize {
        self.reader.searcher().segment_readers().len()
    }

    pub(crate) fn len(&self) -> usize {
        self.reader.searcher().num_docs() as usize
    }

    pub(crate) fn searcher(&self) -> Searcher {
        self.reader.searcher()
    }

    /// Term statistics of `searcher`, cached for its generation.
    pub(crate) fn stats<'a>(&'a self, searcher: &'a Searcher) -> Stats<'a> {
        Stats {
            searcher,
            cache: &self.stats,
        }
    }

    /// Text fields of this side with their boosts.
    pub(crate) fn text_fields(&self) -> Vec<(Field, f32)> {
        let f = &self.fields;
        match self.side {
            Side::Jobs => vec![
                (f.title, JOB_TITLE),
                (f.skills, JOB_SKILLS),
                (f.desc, JOB_DESC),
            ],
            Side::Candidates => {
                let mut v = vec![(f.title, CAND_TITLE), (f.skills, CAND_SKILLS)];
                if let Some(e) = f.exp {
                    v.push((e, CAND_EXP));
                }
                v.push((f.desc, CAND_DESC));
                v
            }
        }
    }

    pub(crate) fn search_bag(
        &self,
        bag: &Bag,
        f: &Filter,
        limit: usize,
        ids: bool,
    ) -> Result<Vec<Hit>> {
        if bag.is_empty() {
            return Ok(Vec::new());
        }
        let searcher = self.searcher();
        let should = bag
            .clauses(&self.stats(&searcher), &self.text_fields(), self.fields.bg)
            .map_err(ix)?;
        if should.is_empty() {
            return Ok(Vec::new());
        }
        self.search(
            &searcher,
            Box::new(BooleanQuery::new(should)),
            f,
            limit,
            ids,
        )
    }

    fn id_column(&self, searcher: &Searcher, seg: usize) -> Result<StrColumn> {
        searcher
            .segment_reader(seg as u32)
            .fast_fields()
            .str("id")
            .map_err(ix)?
            .ok_or_else(|| Error::index("id column missing"))
    }

    /// Run `text` (which decides what matches and the score) under the filter clauses. Hits
    /// always carry their key; their id string only when `ids` is set.
    pub(crate) fn search(
        &self,
        searcher: &Searcher,
        text: Box<dyn Query>,
        f: &Filter,
        limit: usize,
        ids: bool,
    ) -> Result<Vec<Hit>> {
        if limit == 0 {
            return Ok(Vec::new());
        }
        let mut clauses = filter_clauses(f, &self.fields);
        let query: Box<dyn Query> = if clauses.is_empty() {
            text
        } else {
            clauses.push((Occur::Must, text));
            Box::new(BooleanQuery::new(clauses))
        };
        let top = searcher
            .search_with_statistics_provider(
                &query,
                &TopDocs::with_limit(limit).order_by_score(),
                &self.stats(searcher),
            )
            .map_err(ix)?;
        // Ids come from the `id` fast column. Looking them up one by one would walk a dictionary
        // block per hit; per segment, the hits' term ordinals are sorted and resolved in one pass.
        let nseg = searcher.segment_readers().len();
        let mut keys: Vec<Option<tantivy::columnar::Column<u64>>> = vec![None; nseg];
        let mut hits: Vec<Hit> = Vec::with_capacity(top.len());
        for (score, addr) in &top {
            let seg = addr.segment_ord as usize;
            if keys[seg].is_none() {
                keys[seg] = Some(
                    searcher
                        .segment_reader(addr.segment_ord)
                        .fast_fields()
                        .u64("key")
                        .map_err(ix)?,
                );
            }
            let key = keys[seg]
                .as_ref()
                .and_then(|c| c.first(addr.doc_id))
                .unwrap_or(0);
            hits.push(Hit {
                id: String::new(),
                key,
                score: *score,
            });
        }
        if !ids {
            return Ok(hits);
        }
        let mut by_segment: Vec<Vec<(u64, usize)>> = vec![Vec::new(); nseg];
        let mut columns: Vec<Option<StrColumn>> = vec![None; nseg];
        for (i, (_, addr)) in top.iter().enumerate() {
            let seg = addr.segment_ord as usize;
            if columns[seg].is_none() {
                columns[seg] = Some(self.id_column(searcher, seg)?);
            }
            let col = columns[seg].as_ref().expect("just opened");
            let ord = col
                .term_ords(addr.doc_id)
                .next()
                .ok_or_else(|| Error::index("document without id"))?;
            by_segment[seg].push((ord, i));
        }
        for (seg, mut ords) in by_segment.into_iter().enumerate() {
            if ords.is_empty() {
                continue;
            }
            ords.sort_unstable();
            let Some(col) = &columns[seg] else { continue };
            let sorted: Vec<u64> = ords.iter().map(|o| o.0).collect();
            let mut k = 0;
            col.dictionary()
                .sorted_ords_to_term_cb(&sorted, |bytes| {
                    hits[ords[k].1].id = String::from_utf8_lossy(bytes).into_owned();
                    k += 1;
                })
                .map_err(ix)?;
        }
        Ok(hits)
    }
}

/// Open the index in `dir` and check it whole before it serves: the schema this build writes,
/// every file of the committed segments present with a matching checksum (tantivy's footers),
/// and every segment openable. `Err` says what is wrong, for the log.
fn open_checked(dir: &Path, schema: &tantivy::schema::Schema) -> Result<Index, String> {
    let index = Index::open_in_dir(dir).map_err(|e| format!("cannot be opened ({e})"))?;
    // A layout change without a version bump must not serve wrong answers either.
    if index.schema() != *schema {
        return Err("holds another field layout".into());
    }
    let damaged = index
        .validate_checksum()
        .map_err(|e| format!("cannot be checked ({e})"))?;
    if let Some(f) = damaged.iter().next() {
        return Err(format!(
            "has {} damaged file(s), e.g. {}",
            damaged.len(),
            f.display()
        ));
    }
    // Opening a reader opens every segment (a missing segment file fails here).
    index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()
        .map(|_: IndexReader| ())
        .map_err(|e| format!("has a segment that cannot be opened ({e})"))?;
    Ok(index)
}

/// Replace whatever is in `dir` by an empty index of `schema`. Only a directory that holds a
/// tantivy index (or nothing) is wiped, so a wrong path cannot destroy unrelated files.
fn recreate(dir: &Path, schema: &tantivy::schema::Schema, tag: &str) -> Result<Index> {
    if dir.join("meta.json").exists() {
        fs::remove_dir_all(dir)?;
    } else if dir.exists()
        && fs::read_dir(dir)?.next().is_some()
        && !dir.join(VERSION_FILE).exists()
    {
        return Err(Error::index(format!(
            "{} is not empty and holds no index; refusing to create one there",
            dir.display()
        )));
    }
    fs::create_dir_all(dir)?;
    let mmap = MmapDirectory::open(dir).map_err(ix)?;
    let index =
        Index::create(mmap, schema.clone(), tantivy::IndexSettings::default()).map_err(ix)?;
    fs::write(dir.join(VERSION_FILE), tag)?;
    Ok(index)
}
