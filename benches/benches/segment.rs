//! Segmentation throughput on real posting text.
//!
//! ```text
//! cargo bench -p bole-benches --bench segment
//! python3 benches/compare_jieba.py        # same text, side by side with Python jieba
//! ```
//!
//! Text: `BOLE_SEG_TEXT` (a UTF-8 file, one posting per line, as written by compare_jieba.py) or,
//! without it, titles and descriptions of `../shared/data/cn_jobs_jobhunting/jobs.csv` prepared by
//! the same rule (HTML line breaks and `_x000d_` removed, one posting per line, first 8 MB).
//! Prints one machine-readable line per mode, `BOLE_SEG mode=… bytes=… secs=… mb_s=…`, from a
//! full single-thread pass over the text, then runs criterion on a 256 KB slice.

use std::path::Path;
use std::time::Instant;

use bole::text::chinese::{bigrams, Segmenter};
use bole::text::normalise::fold;
use criterion::{Criterion, Throughput};

const MAX_BYTES: usize = 8 << 20;

fn prepare(s: &str) -> String {
    s.replace("<br>", " ")
        .replace("<br/>", " ")
        .replace("_x000d_", " ")
        .replace(['\r', '\n'], " ")
}

fn load() -> Option<Vec<String>> {
    if let Some(p) = std::env::var_os("BOLE_SEG_TEXT") {
        let text = std::fs::read_to_string(&p).expect("read BOLE_SEG_TEXT");
        return Some(text.lines().map(String::from).collect());
    }
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/data/cn_jobs_jobhunting/jobs.csv");
    let mut rd = csv::Reader::from_path(&path).ok()?;
    let headers = rd.headers().ok()?.clone();
    let title = headers.iter().position(|h| h == "职位")?;
    let desc = headers.iter().position(|h| h == "职位描述")?;
    let mut lines = Vec::new();
    let mut bytes = 0;
    for rec in rd.records().map_while(Result::ok) {
        let line = prepare(&format!("{} {}", &rec[title], &rec[desc]));
        bytes += line.len() + 1;
        lines.push(line);
        if bytes >= MAX_BYTES {
            break;
        }
    }
    Some(lines)
}

fn pass(mode: &str, lines: &[String], mut f: impl FnMut(&str) -> usize) {
    let bytes: usize = lines.iter().map(|l| l.len() + 1).sum();
    let t = Instant::now();
    let mut words = 0;
    for l in lines {
        words += f(l);
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "BOLE_SEG mode={mode} bytes={bytes} words={words} secs={secs:.3} mb_s={:.2}",
        bytes as f64 / 1e6 / secs
    );
}

fn main() {
    let Some(lines) = load() else {
        println!("segment bench skipped: no BOLE_SEG_TEXT and no ../shared postings");
        return;
    };
    let seg = Segmenter::global();
    let folded: Vec<String> = lines.iter().map(|l| fold(l)).collect();
    // Warm-up so the first pass is not paying for page faults and lazy statics.
    for l in lines.iter().take(200) {
        seg.words(l);
    }
    // jieba-rs with the domain dictionary on text already folded: the like-for-like figure against
    // Python jieba's lcut (which neither folds nor allocates a filtered list).
    pass("jieba_cut", &folded, |l| {
        let mut n = 0;
        seg.each_word_folded(l, |_, _, _| n += 1);
        n
    });
    // The engine's full path: fold (trad→simp, width, case) + segment + owned words.
    pass("words", &lines, |l| seg.words(l).len());
    pass("bigrams", &folded, |l| bigrams(l).len());

    let mut slice = Vec::new();
    let mut b = 0;
    for l in &lines {
        if b >= 256 << 10 {
            break;
        }
        b += l.len() + 1;
        slice.push(l.clone());
    }
    let mut c = Criterion::default().configure_from_args();
    let mut g = c.benchmark_group("segment");
    g.throughput(Throughput::Bytes(b as u64));
    g.bench_function("words 256KB", |bch| {
        bch.iter(|| slice.iter().map(|l| seg.words(l).len()).sum::<usize>())
    });
    g.finish();
    c.final_summary();
}
