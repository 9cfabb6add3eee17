//! How do records get in from files?
//!
//! Two formats: JSON Lines in the SCHEMA.md shapes (jobs and candidates), and for jobs the
//! platform-export CSV whose columns are those of the real postings (`职位自编号, 职位, 职位描述,
//! 地区, 经度, 纬度, 最低薪资, 最高薪资, 几薪, 学历, 所需经验, 技能, 福利 …`). Readers stream: each
//! item carries the line number where its record starts, and a bad record is an `Err` naming the
//! field, so callers keep the good records of a file and report the bad ones.

use std::io::{BufRead, BufReader, Read};

use serde::de::DeserializeOwned;

use crate::error::{Error, Result};
use crate::model::{self, Job, Location, Salary};

/// File format of an import.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// JSON Lines, one SCHEMA.md record per line.
    Jsonl,
    /// Platform-export CSV (jobs only).
    Csv,
}

impl Format {
    /// Guess from a file name's extension (`.csv` → CSV, anything else → JSONL).
    pub fn from_path(path: &str) -> Format {
        if path.to_ascii_lowercase().ends_with(".csv") {
            Format::Csv
        } else {
            Format::Jsonl
        }
    }

    /// Parse `jsonl`/`json`/`ndjson`/`csv`.
    pub fn parse(s: &str) -> Option<Format> {
        match s.to_ascii_lowercase().as_str() {
            "jsonl" | "json" | "ndjson" => Some(Format::Jsonl),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }
}

/// One item read from a file: the line its record starts on and the record or why it was rejected.
pub type Item<T> = (u64, Result<T>);

/// Stream records of type `T` from JSON Lines, validating each with `validate`.
pub fn jsonl<T: DeserializeOwned, R: Read>(
    reader: R,
    validate: fn(&T) -> Result<()>,
) -> impl Iterator<Item = Item<T>> {
    let mut lines = BufReader::new(reader).lines();
    let mut n = 0u64;
    std::iter::from_fn(move || loop {
        n += 1;
        let line = match lines.next()? {
            Ok(l) => l,
            Err(e) => return Some((n, Err(Error::Parse(format!("not UTF-8 text: {e}"))))),
        };
        let text = line.trim_start_matches('\u{feff}').trim();
        if text.is_empty() {
            continue;
        }
        let r = model::from_json::<T>(text).and_then(|v| validate(&v).map(|_| v));
        return Some((n, r));
    })
}

/// Stream jobs from a platform-export CSV (header row required).
pub fn platform_csv<R: Read>(reader: R) -> Result<impl Iterator<Item = Item<Job>>> {
    let mut rdr = csv::ReaderBuilder::new().flexible(true).from_reader(reader);
    let headers = rdr
        .headers()
        .map_err(|e| Error::Parse(format!("CSV header: {e}")))?
        .clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim_start_matches('\u{feff}') == name)
    };
    let cols = Columns {
        id: col("职位自编号").ok_or_else(|| Error::field("职位自编号", "CSV has no id column"))?,
        title: col("职位").ok_or_else(|| Error::field("职位", "CSV has no title column"))?,
        description: col("职位描述"),
        employer: col("公司").or_else(|| col("招聘公司")),
        region: col("地区"),
        address: col("地址"),
        lon: col("经度"),
        lat: col("纬度"),
        sal_min: col("最低薪资"),
        sal_max: col("最高薪资"),
        months: col("几薪"),
        education: col("学历"),
        experience: col("所需经验"),
        posted: col("首次发布时间"),
        skills: col("技能"),
        benefits: col("福利"),
        source: col("发布平台"),
        url: col("职位访问地址"),
    };
    let mut records = rdr.into_records();
    Ok(std::iter::from_fn(move || {
        let rec = records.next()?;
        Some(match rec {
            Ok(r) => {
                let line = r.position().map(|p| p.line()).unwrap_or(0);
                (line, cols.job(&r))
            }
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                (line, Err(Error::Parse(format!("bad CSV record: {e}"))))
            }
        })
    }))
}

struct Columns {
    id: usize,
    title: usize,
    description: Option<usize>,
    employer: Option<usize>,
    region: Option<usize>,
    address: Option<usize>,
    lon: Option<usize>,
    lat: Option<usize>,
    sal_min: Option<usize>,
    sal_max: Option<usize>,
    months: Option<usize>,
    education: Option<usize>,
    experience: Option<usize>,
    posted: Option<usize>,
    skills: Option<usize>,
    benefits: Option<usize>,
    source: Option<usize>,
    url: Option<usize>,
}

fn cell(r: &csv::StringRecord, i: Option<usize>) -> Option<String> {
    let v = r.get(i?)?.trim();
    (!v.is_empty()).then(|| v.to_string())
}

fn num(r: &csv::StringRecord, i: Option<usize>, field: &str) -> Result<Option<f64>> {
    match cell(r, i) {
        None => Ok(None),
        Some(s) => s
            .parse::<f64>()
            .map(Some)
            .map_err(|_| Error::field(field, format!("`{s}` is not a number"))),
    }
}

fn tags(s: Option<String>) -> Vec<String> {
    s.map(|s| {
        s.split([',', '，', ';', '；', '、', '|'])
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(String::from)
            .collect()
    })
    .unwrap_or_default()
}

impl Columns {
    fn job(&self, r: &csv::StringRecord) -> Result<Job> {
        let id = cell(r, Some(self.id)).ok_or_else(|| Error::field("职位自编号", "empty id"))?;
        let title = cell(r, Some(self.title)).ok_or_else(|| Error::field("职位", "empty title"))?;
        let lon = num(r, self.lon, "经度")?;
        let lat = num(r, self.lat, "纬度")?;
        // The real exports carry placeholder coordinates (0, -0.02 …) for unknown places: keep only
        // points inside China's bounding box, otherwise the region text decides.
        let (lat, lon) = match (lat, lon) {
            (Some(a), Some(o)) if (3.0..=54.0).contains(&a) && (73.0..=136.0).contains(&o) => {
                (Some(a), Some(o))
            }
            _ => (None, None),
        };
        let region = cell(r, self.region).or_else(|| cell(r, self.address));
        let location = Location {
            region,
            adcode: None,
            lat,
            lon,
        };
        let min = num(r, self.sal_min, "最低薪资")?.filter(|v| *v > 0.0);
        let max = num(r, self.sal_max, "最高薪资")?.filter(|v| *v > 0.0);
        let months = num(r, self.months, "几薪")?
            .filter(|m| (1.0..=24.0).contains(m))
            .map(|m| m as u32);
        let salary = (min.is_some() || max.is_some()).then_some(Salary { min, max, months });
        // 技能 mixes real skill tags with experience/education tokens ("3年及以上,本科"): drop those.
        let skills = tags(cell(r, self.skills))
            .into_iter()
            .filter(|t| !is_requirement_token(t))
            .collect();
        let mut extra = serde_json::Map::new();
        if let Some(u) = cell(r, self.url) {
            extra.insert("url".into(), u.into());
        }
        let job = Job {
            id,
            title,
            description: cell(r, self.description),
            employer: cell(r, self.employer),
            skills,
            location: (!location.is_empty()).then_some(location),
            salary,
            education: cell(r, self.education),
            experience_years: num(r, self.experience, "所需经验")?.filter(|v| *v >= 0.0),
            benefits: tags(cell(r, self.benefits)),
            posted_at: cell(r, self.posted)
                .and_then(|d| d.get(..10).map(String::from))
                .filter(|d| model::parse_date(d).is_some()),
            source: cell(r, self.source),
            extra,
            ..Default::default()
        };
        if let Some(s) = &job.salary {
            if let (Some(a), Some(b)) = (s.min, s.max) {
                if a > b {
                    return Err(Error::field(
                        "最低薪资",
                        format!("{a} is above 最高薪资 {b}"),
                    ));
                }
            }
        }
        job.validate()?;
        Ok(job)
    }
}

fn is_requirement_token(t: &str) -> bool {
    const EDU: [&str; 8] = [
        "本科",
        "大专",
        "硕士",
        "博士",
        "高中",
        "中专",
        "学历不限",
        "初中",
    ];
    t.contains("经验") || t.contains("年及以上") || t.ends_with("年以上") || EDU.contains(&t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Candidate;

    const CSV: &str = "职位自编号,发布平台,职位访问地址,职位,公司,公司是否为全称,地区,地址,经度,纬度,职位描述,学历,所需经验,最低薪资,最高薪资,几薪,首次发布时间,招聘公司,招聘者职位,首次扫描日期,记录更新日期,源文件日期,技能,福利
X_1,TEST,,叉车司机,某仓储公司,1,广东省广州市白云区,,113.27,23.16,\"负责叉车作业<br>持证上岗
多行描述\",学历不限,1.0,5000.0,7000.0,13.0,2024-10-09 00:00:00,,,,,,\"叉车,3年及以上,本科\",包吃住
X_2,TEST,,,某家政公司,1,广州·天河区,,,,照顾婴幼儿,初中,0,6000.0,9000.0,,,,,,,,,
X_3,TEST,,育婴师,某家政公司,1,广州·天河区,,-0.02199,0.0,照顾婴幼儿,初中,abc,6000.0,9000.0,,,,,,,,,
X_4,TEST,,育婴师,某家政公司,1,广州·天河区,,-0.02199,0.0,照顾婴幼儿,初中,0,,,,,,,,,,,
";

    #[test]
    fn platform_csv_maps_columns_and_names_bad_fields() {
        let items: Vec<_> = platform_csv(CSV.as_bytes()).unwrap().collect();
        assert_eq!(items.len(), 4);
        let (line, j) = &items[0];
        assert_eq!(*line, 2);
        let j = j.as_ref().unwrap();
        assert_eq!(j.title, "叉车司机");
        assert_eq!(j.skills, vec!["叉车"]);
        assert_eq!(j.benefits, vec!["包吃住"]);
        assert_eq!(j.salary.as_ref().unwrap().months, Some(13));
        assert_eq!(j.posted_at.as_deref(), Some("2024-10-09"));
        assert_eq!(j.location.as_ref().unwrap().lat, Some(23.16));
        // Record 2 starts on line 4 because record 1 spans two lines.
        assert_eq!(items[1].0, 4);
        assert!(items[1]
            .1
            .as_ref()
            .unwrap_err()
            .to_string()
            .contains("职位"));
        assert!(items[2]
            .1
            .as_ref()
            .unwrap_err()
            .to_string()
            .contains("所需经验"));
        let j4 = items[3].1.as_ref().unwrap();
        assert!(j4.salary.is_none(), "no salary = 面议");
        assert_eq!(
            j4.location.as_ref().unwrap().lat,
            None,
            "placeholder coordinates dropped"
        );
    }

    #[test]
    fn jsonl_keeps_good_lines_and_numbers_bad_ones() {
        let text = "{\"id\":\"c1\"}\n\n{\"id\":\"c3\", \"summary\":\n{\"id\":\"c4\",\"max_commute_km\":-1}\n{\"id\":\"c5\"}\n";
        let items: Vec<_> = jsonl::<Candidate, _>(text.as_bytes(), Candidate::validate).collect();
        let lines: Vec<u64> = items.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, vec![1, 3, 4, 5]);
        assert!(items[0].1.is_ok() && items[3].1.is_ok());
        assert!(matches!(items[1].1, Err(Error::Parse(_))));
        assert!(items[2]
            .1
            .as_ref()
            .unwrap_err()
            .to_string()
            .contains("max_commute_km"));
    }
}
