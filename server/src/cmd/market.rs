//! `bole market`: the labour-market map (人力资源地图) of a region, as a table, JSON or CSV.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context, Result};
use bole::market::{Figures, Level, Map, MapQuery};
use bole::model::Group;
use clap::Args;

use super::{open_engine, parse_region, parse_today, Ctx};

/// What `bole market` draws.
#[derive(Args, Debug)]
pub struct MarketArgs {
    /// The region: a 6-digit administrative code or a place name (江西省, 抚州, 临川区).
    #[arg(long)]
    region: String,
    /// Level of the areas: `county`, `city` or `province`.
    #[arg(long, default_value = "county", value_parser = ["county", "city", "province"])]
    level: String,
    /// Occupation depth of the 2022 classification: 1 大类, 2 中类, 3 小类, 4 细类.
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u8).range(1..=4))]
    occupation_depth: u8,
    /// Only seekers of this group (wire name, e.g. `graduate`, `hard_to_employ`).
    #[arg(long)]
    group: Option<String>,
    /// The day of the map (YYYY-MM-DD; default today): vacancies past valid_until count nowhere.
    #[arg(long)]
    today: Option<String>,
    /// Print the whole map as JSON.
    #[arg(long, conflicts_with = "csv")]
    json: bool,
    /// Print the cells (area × occupation) as CSV.
    #[arg(long)]
    csv: bool,
    /// Rows of each list in the table (areas, shortage, surplus).
    #[arg(long, default_value_t = 15)]
    rows: usize,
}

pub fn market(ctx: &Ctx, a: MarketArgs) -> Result<ExitCode> {
    let region = parse_region(&Some(a.region.clone()))?.context("--region is required")?;
    let group = match &a.group {
        Some(g) => Some(Group::parse(g).with_context(|| {
            format!(
                "--group `{g}`: not a group (one of {})",
                Group::ALL.map(|g| g.as_str()).join(", ")
            )
        })?),
        None => None,
    };
    let engine = open_engine(ctx)?;
    let q = MapQuery {
        region,
        level: Level::parse(&a.level).context("--level")?,
        depth: a.occupation_depth,
        group,
        today: parse_today(&a.today)?,
        thresholds: engine.policy().market.clone(),
    };
    let map = engine.market(&q)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if a.json {
        serde_json::to_writer_pretty(&mut out, &map)?;
        writeln!(out)?;
    } else if a.csv {
        out.write_all(map.cells_csv()?.as_bytes())?;
    } else {
        table(&mut out, &map, a.rows)?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn tight(f: &Figures) -> String {
    match f.tightness {
        Some(t) => format!("{t:.2}"),
        None if f.open_places > 0 => "无人可达".into(),
        None => "-".into(),
    }
}

fn table(out: &mut impl Write, m: &Map, rows: usize) -> Result<()> {
    let t = &m.totals.figures;
    writeln!(
        out,
        "{} 就业地图（{}，职业分类第{}层{}） {}",
        m.region_name,
        match m.level {
            Level::County => "按区县",
            Level::City => "按地市",
            Level::Province => "按省",
        },
        m.depth,
        m.group
            .map(|g| format!("，仅{}", g.label()))
            .unwrap_or_default(),
        m.today
    )?;
    writeln!(
        out,
        "空缺岗位 {} 个（{} 条招聘，{} 家单位）；求职者 {} 人，可达求职者 {} 人；未能编码：岗位 {} 条，求职者 {} 人",
        t.open_places,
        t.vacancies,
        t.employers,
        t.seekers,
        t.reachable_seekers,
        m.totals.uncoded_vacancies,
        m.totals.uncoded_seekers
    )?;
    writeln!(
        out,
        "\n{:<10} {:<14} {:>8} {:>8} {:>8} {:>8}",
        "代码", "地区", "空缺", "求职者", "可达", "紧缺度"
    )?;
    for a in m.areas.iter().take(rows) {
        let f = &a.figures;
        writeln!(
            out,
            "{:<10} {:<14} {:>8} {:>8} {:>8} {:>8}",
            a.adcode,
            a.name,
            f.open_places,
            f.seekers,
            f.reachable_seekers,
            tight(f)
        )?;
    }
    for (title, list) in [("紧缺（短缺）职业", &m.shortage), ("富余职业", &m.surplus)] {
        writeln!(out, "\n{title}：{} 项", list.len())?;
        for l in list.iter().take(rows) {
            writeln!(
                out,
                "  {} {} {}：{}",
                l.area_name,
                l.occupation.as_deref().unwrap_or(""),
                l.occupation_name,
                l.why
            )?;
        }
    }
    Ok(())
}
