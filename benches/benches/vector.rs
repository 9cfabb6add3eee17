//! Vector similarity figures: embedder training, HNSW build/search/persistence, and a semantic
//! retrieval check on the real postings (vectors vs BM25, each with and without the lexicon), and the
//! lexicon's gain on the hand-judged dev set (`corpus/devset`).
//!
//! ```text
//! cargo bench -p bole-benches --bench vector                       # everything (1M takes a while)
//! BOLE_VECTOR_PARTS=train,ann,semantic cargo bench -p bole-benches --bench vector   # skip 1M
//! BOLE_VECTOR_1M=200000 cargo bench -p bole-benches --bench vector  # smaller "1M" run
//! ```
//!
//! Postings: `../shared/data/cn_jobs_jobhunting/jobs.csv` (or `BOLE_JOBS_CSV`), tokenised here with
//! jieba-rs (words) plus CJK character bigrams. The large index holds synthetic candidates from
//! `bole_corpus::candidates` (seeded), embedded with the embedder trained on the postings; queries
//! against it are the real postings (job → candidates). Memory figures are the process's resident
//! set (`/proc/self/status`): growth of VmRSS across a step, and VmHWM (peak) where stated.
//! Skips (prints why) when the postings file is absent.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use bole::text::normalise::clean;
use bole::vector::{brute_force, AnnIndex, AnnParams, CorpusEmbedder, Doc, Embedder, TrainOptions};
use jieba_rs::Jieba;
use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

fn data_path(env: &str, rel: &str) -> PathBuf {
    std::env::var_os(env)
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join(rel))
}

/// (VmRSS, VmHWM) in MiB.
fn rss() -> (f64, f64) {
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        s.lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse::<f64>().ok())
            .map_or(0.0, |kb| kb / 1024.0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

struct Tok {
    jieba: Jieba,
}

impl Tok {
    fn words(&self, text: &str) -> Vec<String> {
        self.jieba
            .cut(text, true)
            .into_iter()
            .map(|t| t.word)
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .map(str::to_string)
            .collect()
    }
}

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// Character bigrams of each run of CJK characters.
fn bigrams(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    for w in chars.windows(2) {
        if is_cjk(w[0]) && is_cjk(w[1]) {
            out.push(w.iter().collect());
        }
    }
    out
}

struct Posting {
    id: String,
    title: String,
    doc: Doc,
    /// Words of title+skills+description for the BM25 baseline (title counted twice).
    bm25: Vec<String>,
}

fn posting_doc(tok: &Tok, title: &str, skills: &str, desc: &str) -> (Doc, Vec<String>) {
    let tw = tok.words(title);
    let sw = tok.words(skills);
    let dw = tok.words(desc);
    let mut bm = tw.clone();
    bm.extend(tw.iter().cloned());
    bm.extend(sw.iter().cloned());
    bm.extend(dw.iter().cloned());
    let doc = Doc {
        fields: vec![
            (tw, 3.0),
            (bigrams(title), 3.0),
            (sw, 2.0),
            (dw, 1.0),
            (bigrams(desc), 1.0),
        ],
    };
    (doc, bm)
}

fn load_postings(path: &Path, tok: &Tok) -> Vec<Posting> {
    let mut rdr = csv::Reader::from_path(path).expect("open jobs.csv");
    let headers = rdr.headers().expect("headers").clone();
    let col = |name: &str| headers.iter().position(|h| h == name).expect(name);
    let (ci, ct, cd, cs) = (col("职位自编号"), col("职位"), col("职位描述"), col("技能"));
    let rows: Vec<(String, String, String, String)> = rdr
        .records()
        .filter_map(|r| r.ok())
        .map(|r| {
            (
                r[ci].to_string(),
                clean(&r[ct]),
                clean(&r[cd]),
                clean(&r[cs]).replace(',', " "),
            )
        })
        .collect();
    rows.into_iter()
        .map(|(id, title, desc, skills)| {
            let (doc, bm25) = posting_doc(tok, &title, &skills, &desc);
            Posting {
                id,
                title,
                doc,
                bm25,
            }
        })
        .collect()
}

fn candidate_doc(tok: &Tok, c: &bole::Candidate) -> Doc {
    let mut titles = String::new();
    if let Some(d) = &c.desired {
        titles.push_str(&d.titles.join(" "));
    }
    let mut history = String::new();
    for e in &c.experience {
        history.push_str(e.title.as_deref().unwrap_or(""));
        history.push(' ');
    }
    let skills = format!("{} {}", c.skills.join(" "), c.certificates.join(" "));
    let mut text = c.summary.clone().unwrap_or_default();
    for e in &c.experience {
        text.push(' ');
        text.push_str(e.description.as_deref().unwrap_or(""));
    }
    text.push(' ');
    text.push_str(c.major.as_deref().unwrap_or(""));
    let (titles, history, skills, text) = (
        clean(&titles),
        clean(&history),
        clean(&skills),
        clean(&text),
    );
    Doc {
        fields: vec![
            (tok.words(&titles), 3.0),
            (bigrams(&titles), 3.0),
            (tok.words(&history), 2.0),
            (tok.words(&skills), 2.0),
            (tok.words(&text), 1.0),
            (bigrams(&text), 1.0),
        ],
    }
}

/// A colloquial query as a person would say it, and title fragments of postings that answer it.
const PAIRS: &[(&str, &[&str])] = &[
    ("会带小孩", &["育婴", "育儿", "月嫂", "保姆", "早教"]),
    ("开过叉车", &["叉车"]),
    ("管仓库", &["仓管", "仓库", "库管", "仓储"]),
    ("会做饭", &["厨", "炒锅", "面点", "帮厨"]),
    (
        "写代码",
        &[
            "开发",
            "程序员",
            "软件工程师",
            "java",
            "前端",
            "后端",
            "全栈",
        ],
    ),
    ("护理专业毕业", &["护士", "护理"]),
    ("看场子", &["保安", "安保", "门卫"]),
    ("打扫卫生", &["保洁", "清洁"]),
    ("接电线", &["电工"]),
    ("烧焊", &["焊"]),
    ("送外卖", &["配送", "骑手", "外卖"]),
    ("送快递", &["快递", "收派", "派件"]),
    ("剪头发", &["发型", "理发", "美发"]),
    ("做美甲", &["美甲"]),
    ("照顾老人", &["养老", "护理员", "护工"]),
    ("收银", &["收银"]),
    ("开大车", &["司机", "驾驶"]),
    ("做账", &["会计", "出纳", "财务"]),
    ("做直播", &["主播"]),
    ("种花剪草", &["绿化", "园林"]),
    ("搬货卸货", &["搬运", "装卸"]),
    ("做家务", &["家政", "保姆", "保洁", "钟点"]),
    ("踩缝纫机", &["车位", "车缝", "缝纫", "平车", "车工"]),
    ("接电话", &["客服", "话务"]),
    ("会ps", &["美工", "设计"]),
    ("喂奶换尿布", &["育婴", "育儿", "月嫂", "保姆", "早教"]),
];

struct Bm25 {
    postings: HashMap<String, Vec<(u32, u32)>>,
    len: Vec<f32>,
    avg: f32,
}

impl Bm25 {
    fn new(docs: &[Vec<String>]) -> Bm25 {
        let mut postings: HashMap<String, Vec<(u32, u32)>> = HashMap::new();
        for (i, d) in docs.iter().enumerate() {
            let mut tf: HashMap<&str, u32> = HashMap::new();
            for w in d {
                *tf.entry(w.as_str()).or_default() += 1;
            }
            for (w, n) in tf {
                postings
                    .entry(w.to_string())
                    .or_default()
                    .push((i as u32, n));
            }
        }
        let len: Vec<f32> = docs.iter().map(|d| d.len() as f32).collect();
        let avg = len.iter().sum::<f32>() / len.len().max(1) as f32;
        Bm25 { postings, len, avg }
    }

    fn search(&self, q: &[String], k: usize) -> Vec<usize> {
        let n = self.len.len() as f32;
        let mut score: HashMap<u32, f32> = HashMap::new();
        let uniq: HashSet<&String> = q.iter().collect();
        for w in uniq {
            let Some(p) = self.postings.get(w) else {
                continue;
            };
            let idf = ((n - p.len() as f32 + 0.5) / (p.len() as f32 + 0.5) + 1.0).ln();
            for &(d, tf) in p {
                let tf = tf as f32;
                let norm = 1.2 * (0.25 + 0.75 * self.len[d as usize] / self.avg);
                *score.entry(d).or_default() += idf * tf * 2.2 / (tf + norm);
            }
        }
        let mut v: Vec<(u32, f32)> = score.into_iter().collect();
        v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        v.into_iter().take(k).map(|x| x.0 as usize).collect()
    }
}

fn time<T>(f: impl FnOnce() -> T) -> (T, f64) {
    let t = Instant::now();
    let r = f();
    (r, t.elapsed().as_secs_f64())
}

/// Recall@k of `got` against `exact`, counting a returned key whose similarity ties the k-th
/// exact one as a hit (synthetic records repeat, so exact ties are common).
fn recall(exact: &[(String, f32)], got: &[(String, f32)]) -> (f64, f64) {
    let set: HashSet<&str> = exact.iter().map(|e| e.0.as_str()).collect();
    let strict = got.iter().filter(|g| set.contains(g.0.as_str())).count();
    let kth = exact.last().map_or(f32::MIN, |e| e.1);
    let tie = got
        .iter()
        .filter(|g| set.contains(g.0.as_str()) || g.1 >= kth - 1e-5)
        .count()
        .min(exact.len());
    let n = exact.len().max(1) as f64;
    (strict as f64 / n, tie as f64 / n)
}

fn build_index(label: &str, vs: &[(String, Vec<f32>)]) -> AnnIndex {
    let dim = vs[0].1.len();
    let (rss0, _) = rss();
    let (ix, build_s) = time(|| {
        let mut ix = AnnIndex::with_params(dim, vs.len(), ann_params());
        for (k, v) in vs {
            ix.insert(k, v).expect("insert");
        }
        ix
    });
    let (rss1, _) = rss();
    println!(
        "[{label}] HNSW build: {} vectors × {dim} dims in {build_s:.1} s ({:.0} inserts/s, serial), RSS +{:.0} MiB, params {:?}",
        vs.len(),
        vs.len() as f64 / build_s,
        rss1 - rss0,
        ix.params()
    );
    ix
}

/// Search figures for one query set; returns the shipped-width results of every query.
fn search_figures(
    label: &str,
    ix: &mut AnnIndex,
    vs: &[(String, Vec<f32>)],
    queries: &[Vec<f32>],
    brute_queries: usize,
) -> Vec<Vec<(String, f32)>> {
    // Single-threaded search: brute force over a subset of the queries, HNSW over all of them at
    // several search widths (the shipped one last, so later steps use it).
    let bq = brute_queries.min(queries.len());
    let (exact, brute_s) = time(|| {
        queries[..bq]
            .iter()
            .map(|q| brute_force(vs, q, 10))
            .collect::<Vec<_>>()
    });
    let brute_ms = brute_s * 1000.0 / bq as f64;
    println!(
        "[{label}] brute force top-10, 1 thread: {brute_ms:.2} ms/query ({:.0} QPS, {bq} queries)",
        1000.0 / brute_ms
    );
    let shipped = ix.params().ef_search;
    let mut widths: Vec<usize> = vec![16, 32, 48, 64, 128];
    widths.retain(|&w| w != shipped);
    widths.push(shipped);
    let mut res = Vec::new();
    for ef in widths {
        ix.set_ef_search(ef);
        let (r, hnsw_s) = time(|| {
            queries
                .iter()
                .map(|q| ix.search(q, 10, &|_| true))
                .collect::<Vec<_>>()
        });
        let (mut r_strict, mut r_tie) = (0.0, 0.0);
        for (e, g) in exact.iter().zip(&r) {
            let (s, t) = recall(e, g);
            r_strict += s;
            r_tie += t;
        }
        let hnsw_ms = hnsw_s * 1000.0 / queries.len() as f64;
        println!(
            "[{label}] HNSW ef_search {ef:>3}{}: {hnsw_ms:.3} ms/query ({:.0} QPS, {} queries), {:.0}× brute force; recall@10 {:.4} strict, {:.4} tie-aware",
            if ef == shipped { " (shipped)" } else { "" },
            1000.0 / hnsw_ms,
            queries.len(),
            brute_ms / hnsw_ms,
            r_strict / bq as f64,
            r_tie / bq as f64
        );
        res = r;
    }
    res
}

fn filter_and_persist(
    label: &str,
    ix: AnnIndex,
    queries: &[Vec<f32>],
    res: &[Vec<(String, f32)>],
    dir: &Path,
) {
    // A filter admitting 1% of keys (the over-fetch/exact-scan path).
    let admit = |k: &str| {
        k.bytes()
            .fold(0u32, |h, b| h.wrapping_mul(31).wrapping_add(b as u32))
            % 100
            == 0
    };
    let fq = queries.len().min(100);
    let (fres, f_s) = time(|| {
        queries[..fq]
            .iter()
            .map(|q| ix.search(q, 10, &admit))
            .collect::<Vec<_>>()
    });
    assert!(fres.iter().flatten().all(|(k, _)| admit(k)));
    println!(
        "[{label}] filtered search (1% of keys admitted): {:.2} ms/query",
        f_s * 1000.0 / fq as f64
    );
    // Persistence: dump, then reload without rebuilding.
    let path = dir.join(format!("{label}.ann"));
    let ((), save_s) = time(|| ix.save(&path).expect("save"));
    let size: u64 = std::fs::read_dir(&path)
        .map(|d| {
            d.filter_map(|e| e.ok()?.metadata().ok())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0);
    drop(ix);
    let (back, load_s) = time(|| AnnIndex::load(&path).expect("load"));
    let same = queries
        .iter()
        .take(50)
        .zip(res)
        .filter(|(q, r)| &back.search(q, 10, &|_| true) == *r)
        .count();
    println!(
        "[{label}] save {save_s:.1} s, {:.0} MiB on disk; reload (no rebuild) {load_s:.1} s; {same}/50 reloaded searches identical",
        size as f64 / 1048576.0
    );
}

fn main() {
    let parts = std::env::var("BOLE_VECTOR_PARTS")
        .unwrap_or_else(|_| "train,ann,semantic,devset,1m".into());
    let want = |p: &str| parts.split(',').any(|x| x.trim() == p);
    let jobs_path = data_path(
        "BOLE_JOBS_CSV",
        "../../shared/data/cn_jobs_jobhunting/jobs.csv",
    );
    if !jobs_path.exists() {
        println!(
            "skipped: {} not found (set BOLE_JOBS_CSV)",
            jobs_path.display()
        );
        return;
    }
    let tmp = tempfile::tempdir().expect("tempdir");
    println!("threads available to rayon: {}", rayon_threads());
    let tok = Tok {
        jieba: Jieba::new(),
    };
    let (postings, tok_s) = time(|| load_postings(&jobs_path, &tok));
    println!(
        "tokenised {} postings (jieba words + CJK bigrams) in {tok_s:.1} s",
        postings.len()
    );
    // Training takes the documents by slice; move them out and back to avoid a copy.
    let mut postings = postings;
    let docs: Vec<Doc> = postings
        .iter_mut()
        .map(|p| std::mem::take(&mut p.doc))
        .collect();

    let opts = TrainOptions::default();
    let (rss0, _) = rss();
    let (emb, train_s) = time(|| CorpusEmbedder::train(&docs, &opts));
    let (rss1, hwm1) = rss();
    println!(
        "train: {} postings → {} tokens with vectors, {} dims, in {train_s:.1} s; RSS {rss0:.0} → {rss1:.0} MiB, peak {hwm1:.0} MiB",
        docs.len(),
        emb.vocab_len(),
        emb.dim()
    );
    for (p, d) in postings.iter_mut().zip(docs) {
        p.doc = d;
    }
    let emb_path = tmp.path().join("emb.bin");
    let ((), save_s) = time(|| emb.save(&emb_path).expect("save embedder"));
    let (_, load_s) = time(|| CorpusEmbedder::load(&emb_path).expect("load embedder"));
    println!(
        "embedder file {:.1} MiB, save {save_s:.2} s, load {load_s:.2} s",
        std::fs::metadata(&emb_path).map_or(0, |m| m.len()) as f64 / 1048576.0
    );
    if want("train") {
        for w in [
            "叉车",
            "育婴师",
            "保安",
            "厨师",
            "护士",
            "电工",
            "java",
            "带孩子",
            "做饭",
            "仓库",
        ] {
            let near: Vec<String> = emb
                .nearest_words(w, 6)
                .into_iter()
                .map(|(w, s)| format!("{w}:{s:.2}"))
                .collect();
            println!("  nearest({w}) = {}", near.join(" "));
        }
    }
    let (vecs, embed_s) = time(|| {
        postings
            .iter()
            .map(|p| (p.id.clone(), emb.embed(&p.doc)))
            .filter(|(_, v)| v.iter().any(|&x| x != 0.0))
            .collect::<Vec<_>>()
    });
    println!(
        "embedded {} postings in {embed_s:.1} s ({:.0} docs/s, 1 thread)",
        vecs.len(),
        vecs.len() as f64 / embed_s
    );

    if want("ann") {
        posting_ann(&tok, &emb, &postings, &vecs, tmp.path());
    }

    if want("semantic") {
        semantic(&tok, &emb, &postings, &vecs);
    }

    if want("devset") {
        devset(&tok, &emb);
    }

    if want("1m") {
        one_million(&tok, &emb, &vecs, tmp.path());
    }
}

/// Shipped graph parameters, overridable for experiments (`BOLE_ANN_M`, `BOLE_ANN_EFC`).
fn ann_params() -> AnnParams {
    let mut p = AnnParams::default();
    let env = |k: &str| std::env::var(k).ok().and_then(|v| v.parse::<usize>().ok());
    if let Some(m) = env("BOLE_ANN_M") {
        p.m = m;
    }
    if let Some(e) = env("BOLE_ANN_EFC") {
        p.ef_construction = e;
    }
    p
}

fn rayon_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

fn semantic(tok: &Tok, emb: &CorpusEmbedder, postings: &[Posting], vecs: &[(String, Vec<f32>)]) {
    let mut ix = AnnIndex::new(emb.dim(), vecs.len());
    for (k, v) in vecs {
        ix.insert(k, v).expect("insert");
    }
    let title_of: HashMap<&str, &str> = postings
        .iter()
        .map(|p| (p.id.as_str(), p.title.as_str()))
        .collect();
    let bm = Bm25::new(&postings.iter().map(|p| p.bm25.clone()).collect::<Vec<_>>());
    let hit = |titles: &[&str], want: &[&str]| {
        titles
            .iter()
            .filter(|t| want.iter().any(|w| t.contains(w)))
            .count()
    };
    let mut totals = [0usize; 5];
    let mut precision = [0usize; 5];
    println!("semantic check: does a posting of the intended occupation reach the top 10? (hits in top 10 per method)");
    println!(
        "  {:<12} {:>6} {:>9} {:>8} {:>11} {:>13}  expansion",
        "query", "BM25", "BM25+lex", "vectors", "vectors+lex", "vectors+lex×2"
    );
    for (query, want) in PAIRS {
        let folded = clean(query);
        let expansion: Vec<&str> = bole::lexicon::expand(&folded);
        let exp_text = expansion.join(" ");
        let qw = tok.words(&folded);
        let mut qw_lex = qw.clone();
        qw_lex.extend(tok.words(&exp_text));
        let bm_titles = |q: &[String]| -> Vec<&str> {
            bm.search(q, 10)
                .into_iter()
                .map(|i| postings[i].title.as_str())
                .collect()
        };
        let vec_titles = |d: &Doc| -> Vec<&str> {
            ix.search(&emb.embed(d), 10, &|_| true)
                .into_iter()
                .map(|(k, _)| title_of[k.as_str()])
                .collect()
        };
        let base = Doc::single(qw.clone()).with_field(bigrams(&folded), 1.0);
        let with_lex = base.clone().with_field(tok.words(&exp_text), 1.0);
        // The expansion weighted as much as the query's own two fields together.
        let with_lex2 = base.clone().with_field(tok.words(&exp_text), 2.0);
        let counts = [
            hit(&bm_titles(&qw), want),
            hit(&bm_titles(&qw_lex), want),
            hit(&vec_titles(&base), want),
            hit(&vec_titles(&with_lex), want),
            hit(&vec_titles(&with_lex2), want),
        ];
        for i in 0..5 {
            totals[i] += usize::from(counts[i] > 0);
            precision[i] += counts[i];
        }
        println!(
            "  {:<12} {:>6} {:>9} {:>8} {:>11} {:>13}  {}",
            query,
            counts[0],
            counts[1],
            counts[2],
            counts[3],
            counts[4],
            expansion.join("|")
        );
    }
    let n = PAIRS.len();
    println!(
        "  queries with ≥1 intended posting in top 10 (of {n}): BM25 {}, BM25+lexicon {}, vectors {}, vectors+lexicon {}, vectors+lexicon×2 {}",
        totals[0], totals[1], totals[2], totals[3], totals[4]
    );
    println!(
        "  intended postings among all top-10 slots (of {}): BM25 {}, BM25+lexicon {}, vectors {}, vectors+lexicon {}, vectors+lexicon×2 {}",
        n * 10,
        precision[0],
        precision[1],
        precision[2],
        precision[3],
        precision[4]
    );
}

/// Person text as one string, for BM25 queries and lexicon expansion.
fn person_text(c: &bole::Candidate) -> String {
    let mut t = String::new();
    if let Some(d) = &c.desired {
        t.push_str(&d.titles.join(" "));
        t.push(' ');
    }
    for e in &c.experience {
        t.push_str(e.title.as_deref().unwrap_or(""));
        t.push(' ');
        t.push_str(e.description.as_deref().unwrap_or(""));
        t.push(' ');
    }
    t.push_str(&c.skills.join(" "));
    t.push(' ');
    t.push_str(&c.certificates.join(" "));
    t.push(' ');
    t.push_str(c.summary.as_deref().unwrap_or(""));
    t.push(' ');
    t.push_str(c.major.as_deref().unwrap_or(""));
    clean(&t)
}

/// nDCG@10 and "good" (grade ≥ 2) hits in the top 10 of a ranking, against graded judgments.
fn ndcg10(ranked: &[&str], grades: &HashMap<&str, u32>) -> (f64, usize) {
    let gain = |g: u32| (2f64.powi(g as i32)) - 1.0;
    let dcg: f64 = ranked
        .iter()
        .take(10)
        .enumerate()
        .map(|(i, j)| gain(grades.get(j).copied().unwrap_or(0)) / ((i + 2) as f64).log2())
        .sum();
    let mut ideal: Vec<u32> = grades.values().copied().collect();
    ideal.sort_unstable_by(|a, b| b.cmp(a));
    let idcg: f64 = ideal
        .iter()
        .take(10)
        .enumerate()
        .map(|(i, &g)| gain(g) / ((i + 2) as f64).log2())
        .sum();
    let good = ranked
        .iter()
        .take(10)
        .filter(|j| grades.get(*j).copied().unwrap_or(0) >= 2)
        .count();
    (if idcg > 0.0 { dcg / idcg } else { 0.0 }, good)
}

/// The lexicon's gain on the dev set: occupation-only rankings of the 300 dev vacancies for each of
/// the 46 hand-written profiles (no place, pay or policy features, so absolute scores are low:
/// the judgments also grade feasibility), with and without lexicon expansion of the profile.
fn devset(tok: &Tok, emb: &CorpusEmbedder) {
    let dir = data_path("BOLE_DEVSET", "../corpus/devset");
    let (Ok(jobs), Ok(people), Ok(judg)) = (
        std::fs::read_to_string(dir.join("jobs.jsonl")),
        std::fs::read_to_string(dir.join("people.jsonl")),
        std::fs::read_to_string(dir.join("judgments.tsv")),
    ) else {
        println!("devset: skipped, {} not found", dir.display());
        return;
    };
    let jobs: Vec<bole::Job> = jobs
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| bole::model::job_from_json(l).expect("dev job"))
        .collect();
    let people: Vec<bole::Candidate> = people
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| bole::model::candidate_from_json(l).expect("dev person"))
        .collect();
    let mut grades: HashMap<&str, HashMap<&str, u32>> = HashMap::new();
    for l in judg.lines() {
        let f: Vec<&str> = l.split('\t').collect();
        if f.len() == 3 {
            grades
                .entry(f[0])
                .or_default()
                .insert(f[1], f[2].trim().parse().unwrap_or(0));
        }
    }
    let job_docs: Vec<(Doc, Vec<String>)> = jobs
        .iter()
        .map(|j| {
            posting_doc(
                tok,
                &clean(&j.title),
                &clean(&j.skills.join(" ")),
                &clean(j.description.as_deref().unwrap_or("")),
            )
        })
        .collect();
    let job_vecs: Vec<(String, Vec<f32>)> = jobs
        .iter()
        .zip(&job_docs)
        .map(|(j, d)| (j.id.clone(), emb.embed(&d.0)))
        .collect();
    let bm = Bm25::new(&job_docs.iter().map(|d| d.1.clone()).collect::<Vec<_>>());
    let mut sums = [(0.0f64, 0usize); 4];
    let mut expanded = 0;
    for c in &people {
        let Some(g) = grades.get(c.id.as_str()) else {
            continue;
        };
        let text = person_text(c);
        let exp = bole::lexicon::expand(&text).join(" ");
        expanded += usize::from(!exp.is_empty());
        let qw = tok.words(&text);
        let mut qw_lex = qw.clone();
        qw_lex.extend(tok.words(&exp));
        let base = candidate_doc(tok, c);
        let with_lex = base.clone().with_field(tok.words(&exp), 3.0);
        let by_bm = |q: &[String]| -> Vec<&str> {
            bm.search(q, 10)
                .into_iter()
                .map(|i| jobs[i].id.as_str())
                .collect()
        };
        let by_vec = |d: &Doc| -> Vec<String> {
            brute_force(&job_vecs, &emb.embed(d), 10)
                .into_iter()
                .map(|r| r.0)
                .collect()
        };
        let v0 = by_vec(&base);
        let v1 = by_vec(&with_lex);
        let rankings: [Vec<&str>; 4] = [
            by_bm(&qw),
            by_bm(&qw_lex),
            v0.iter().map(String::as_str).collect(),
            v1.iter().map(String::as_str).collect(),
        ];
        for (i, r) in rankings.iter().enumerate() {
            let (n, good) = ndcg10(r, g);
            sums[i].0 += n;
            sums[i].1 += good;
        }
    }
    let np = people.len() as f64;
    println!(
        "devset ({} people, {} with a lexicon expansion; occupation-only ranking of {} vacancies): mean nDCG@10 / grade≥2 hits in top 10",
        people.len(),
        expanded,
        jobs.len()
    );
    for (name, (n, good)) in ["BM25", "BM25+lexicon", "vectors", "vectors+lexicon"]
        .iter()
        .zip(sums)
    {
        println!("  {name:<16} {:.3} / {good}", n / np);
    }
}

/// ANN figures over the posting vectors, queried by posting titles alone (a short text, like a
/// person's desired title).
fn posting_ann(
    tok: &Tok,
    emb: &CorpusEmbedder,
    postings: &[Posting],
    vecs: &[(String, Vec<f32>)],
    tmp: &Path,
) {
    // Queries: posting titles alone (a short text, like a person's desired title).
    let mut rng = ChaCha8Rng::seed_from_u64(11);
    let mut sample: Vec<&Posting> = postings.iter().collect();
    sample.shuffle(&mut rng);
    let queries: Vec<Vec<f32>> = sample
        .iter()
        .map(|p| emb.embed(&Doc::single(tok.words(&p.title)).with_field(bigrams(&p.title), 1.0)))
        .filter(|v| v.iter().any(|&x| x != 0.0))
        .take(1000)
        .collect();
    let distinct: HashSet<Vec<u32>> = vecs
        .iter()
        .map(|(_, v)| v.iter().map(|x| x.to_bits()).collect())
        .collect();
    println!(
        "{} posting vectors, {} distinct (reposted postings repeat exactly)",
        vecs.len(),
        distinct.len()
    );
    let mut ix = build_index("postings-36k", vecs);
    let res = search_figures("postings-36k", &mut ix, vecs, &queries, 1000);
    filter_and_persist("postings-36k", ix, &queries, &res, tmp);
}

/// ANN figures over a million synthetic people (job → candidates).
fn one_million(tok: &Tok, emb: &CorpusEmbedder, vecs: &[(String, Vec<f32>)], tmp: &Path) {
    let n: usize = std::env::var("BOLE_VECTOR_1M")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let (cands, gen_s) = time(|| {
        bole_corpus::candidates(20261121, n)
            .map(|c| (c.id.clone(), emb.embed(&candidate_doc(tok, &c))))
            .filter(|(_, v)| v.iter().any(|&x| x != 0.0))
            .collect::<Vec<_>>()
    });
    let distinct: HashSet<Vec<u32>> = cands
        .iter()
        .map(|(_, v)| v.iter().map(|x| x.to_bits()).collect())
        .collect();
    println!(
        "generated and embedded {} synthetic candidates (bole_corpus::candidates, seed 20261121) in {gen_s:.0} s; {} distinct vectors",
        cands.len(),
        distinct.len()
    );
    drop(distinct);
    // Queries: synthetic vacancies from the same generator (job → candidates, the way the
    // candidate index is used), and real postings (64% IT: far from most synthetic people).
    let qjobs: Vec<Vec<f32>> = bole_corpus::jobs(20261122, 1000)
        .map(|j| {
            let (d, _) = posting_doc(
                tok,
                &clean(&j.title),
                &clean(&j.skills.join(" ")),
                &clean(j.description.as_deref().unwrap_or("")),
            );
            emb.embed(&d)
        })
        .filter(|v| v.iter().any(|&x| x != 0.0))
        .collect();
    let mut rng = ChaCha8Rng::seed_from_u64(12);
    let mut qreal: Vec<Vec<f32>> = vecs.iter().map(|(_, v)| v.clone()).collect();
    qreal.shuffle(&mut rng);
    qreal.truncate(1000);
    if let Some(dir) = std::env::var_os("BOLE_VECTOR_DUMP") {
        // Vectors for offline ANN experiments: u64 count, u64 dim, then f32 rows.
        let dir = PathBuf::from(dir);
        std::fs::create_dir_all(&dir).expect("dump dir");
        let dump = |name: &str, rows: &mut dyn Iterator<Item = &Vec<f32>>, n: usize| {
            let mut out = Vec::with_capacity(16 + n * 800);
            out.extend_from_slice(&(n as u64).to_le_bytes());
            out.extend_from_slice(&(emb.dim() as u64).to_le_bytes());
            for r in rows {
                for x in r {
                    out.extend_from_slice(&x.to_le_bytes());
                }
            }
            std::fs::write(dir.join(name), out).expect("dump");
        };
        dump("cands.bin", &mut cands.iter().map(|c| &c.1), cands.len());
        dump("qjobs.bin", &mut qjobs.iter(), qjobs.len());
        dump("qreal.bin", &mut qreal.iter(), qreal.len());
        println!("dumped vectors to {}", dir.display());
        return;
    }
    let label = format!("candidates-{n}");
    let mut ix = build_index(&label, &cands);
    println!(
        "queries: 1000 synthetic vacancies (bole_corpus::jobs, seed 20261122), job → candidates"
    );
    let res = search_figures(&label, &mut ix, &cands, &qjobs, 200);
    println!("queries: 1000 real postings (64% IT, far from the synthetic population)");
    search_figures(&label, &mut ix, &cands, &qreal, 200);
    filter_and_persist(&label, ix, &qjobs, &res, tmp);
}
