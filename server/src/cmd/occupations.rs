//! `bole occupations`: how much of a data directory's vacancies and people the 2022 occupation
//! classification coding reaches (`bole::occupation`).

use std::collections::HashMap;
use std::process::ExitCode;

use anyhow::Result;
use bole::occupation::{code_candidate, code_job, Coding};
use bole::{Candidate, Job};
use clap::Args;

use super::{open_store, Ctx};

#[derive(Args)]
pub struct OccupationsArgs {
    /// Print one JSON object instead of the text report.
    #[arg(long)]
    json: bool,
    /// Depth at which the most frequent codes are counted: 1 大类, 2 中类, 3 小类, 4 细类.
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u8).range(1..=4))]
    depth: u8,
    /// How many of the most frequent uncoded titles and codes to list.
    #[arg(long, default_value_t = 20)]
    top: usize,
}

/// Coverage of one side (vacancies or people).
#[derive(Default)]
struct Tally {
    records: u64,
    /// Records coded at depth ≥ d, for d = 1..=4 (index 0 unused).
    at_depth: [u64; 5],
    from: HashMap<&'static str, u64>,
    uncoded: HashMap<String, u64>,
    codes: HashMap<bole::occupation::Code, u64>,
}

impl Tally {
    fn add(&mut self, coding: Option<Coding>, title: &str, depth: u8) {
        self.records += 1;
        match coding {
            Some(k) => {
                for d in 1..=k.code.depth() {
                    self.at_depth[d as usize] += 1;
                }
                *self.from.entry(k.from).or_default() += 1;
                if k.code.depth() >= depth {
                    *self.codes.entry(k.code.at(depth)).or_default() += 1;
                }
            }
            None => {
                let t = if title.trim().is_empty() {
                    "(no title)"
                } else {
                    title.trim()
                };
                *self.uncoded.entry(t.to_string()).or_default() += 1;
            }
        }
    }

    fn json(&self, top: usize) -> serde_json::Value {
        let share = |n: u64| {
            if self.records == 0 {
                0.0
            } else {
                (n as f64 / self.records as f64 * 1000.0).round() / 1000.0
            }
        };
        let depths = ["大类", "中类", "小类", "细类"];
        let coded: serde_json::Map<String, serde_json::Value> = (1..=4)
            .map(|d| {
                (
                    depths[d - 1].to_string(),
                    serde_json::json!({"records": self.at_depth[d], "share": share(self.at_depth[d])}),
                )
            })
            .collect();
        let uncoded = self.records - self.at_depth[1];
        serde_json::json!({
            "records": self.records,
            "coded": coded,
            "uncoded": {"records": uncoded, "share": share(uncoded)},
            "from": self.from,
            "top_uncoded_titles": sorted(&self.uncoded, top)
                .into_iter()
                .map(|(t, n)| serde_json::json!({"title": t, "records": n}))
                .collect::<Vec<_>>(),
            "top_codes": sorted(&self.codes, top)
                .into_iter()
                .map(|(c, n)| serde_json::json!({"code": c, "name": c.name(), "records": n}))
                .collect::<Vec<_>>(),
        })
    }

    fn print(&self, side: &str, top: usize) {
        let pct = |n: u64| 100.0 * n as f64 / self.records.max(1) as f64;
        println!("{side}: {} records", self.records);
        for (d, label) in [(1, "大类"), (2, "中类"), (3, "小类"), (4, "细类")] {
            let n = self.at_depth[d];
            println!("  coded to {label}: {n} ({:.1} %)", pct(n));
        }
        let uncoded = self.records - self.at_depth[1];
        println!("  uncoded: {uncoded} ({:.1} %)", pct(uncoded));
        let mut from: Vec<_> = self.from.iter().collect();
        from.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let from: Vec<String> = from.iter().map(|(k, n)| format!("{k} {n}")).collect();
        println!("  coded from: {}", from.join(", "));
        println!("  most frequent uncoded titles:");
        for (t, n) in sorted(&self.uncoded, top) {
            println!("    {n:6}  {t}");
        }
        println!("  most frequent codes:");
        for (c, n) in sorted(&self.codes, top) {
            println!("    {n:6}  {c} {}", c.name());
        }
    }
}

/// The `top` most frequent keys, ties in key order.
fn sorted<K: Clone + Ord>(m: &HashMap<K, u64>, top: usize) -> Vec<(K, u64)> {
    let mut v: Vec<(K, u64)> = m.iter().map(|(k, n)| (k.clone(), *n)).collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    v.truncate(top);
    v
}

/// The title a person's uncoded record is listed under: the first desired or past title.
fn person_title(c: &Candidate) -> &str {
    c.desired
        .as_ref()
        .and_then(|d| d.titles.first())
        .map(String::as_str)
        .or_else(|| c.experience.iter().find_map(|e| e.title.as_deref()))
        .unwrap_or("")
}

pub fn occupations(ctx: &Ctx, a: OccupationsArgs) -> Result<ExitCode> {
    let store = open_store(&ctx.data)?;
    let mut jobs = Tally::default();
    store.for_each::<Job>(|j| jobs.add(code_job(&j), &j.title, a.depth))?;
    let mut people = Tally::default();
    store.for_each::<Candidate>(|c| people.add(code_candidate(&c), person_title(&c), a.depth))?;
    if a.json {
        let o = serde_json::json!({
            "data": ctx.data,
            "depth": a.depth,
            "jobs": jobs.json(a.top),
            "candidates": people.json(a.top),
        });
        println!("{o}");
    } else {
        println!(
            "occupations of {} (2022 classification; codes counted at depth {})",
            ctx.data.display(),
            a.depth
        );
        jobs.print("vacancies", a.top);
        people.print("people", a.top);
    }
    Ok(ExitCode::SUCCESS)
}
