//! The roster as CSV for spreadsheet software: UTF-8 with a BOM (so Chinese shows), written by the
//! `csv` crate, every cell guarded against formula injection.

use std::io::Write;

use super::{Assignment, Roster};
use crate::text::salary::pay_text;

/// The columns, in order.
pub const CSV_HEADER: [&str; 14] = [
    "求职者编号",
    "人员类别",
    "主推岗位编号",
    "岗位名称",
    "招聘单位",
    "工作地点",
    "薪资",
    "距离(公里)",
    "匹配分",
    "推荐理由",
    "备选岗位1",
    "备选岗位2",
    "备选岗位3",
    "未安置原因",
];

/// A cell as a spreadsheet may safely read it: text starting with `=`, `+`, `-`, `@`, a tab or a
/// carriage return would be taken for a formula (`=cmd|' /C calc'!A0`), so it is prefixed with
/// an apostrophe, which spreadsheets read as "this is text" and do not show.
pub fn guard(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

fn row(a: &Assignment) -> Vec<String> {
    let groups: Vec<&str> = a.groups.iter().map(|g| g.label()).collect();
    let mut row: Vec<String> = vec![a.candidate_id.clone(), groups.join("、")];
    match &a.primary {
        Some(p) => row.extend([
            p.job_id.clone(),
            p.title.clone(),
            p.employer.clone().unwrap_or_default(),
            p.place.clone().unwrap_or_default(),
            p.pay.clone().unwrap_or_else(|| pay_text(None, None)),
            p.distance_km.map(|d| d.to_string()).unwrap_or_default(),
            format!("{:.3}", p.score),
            p.reasons.join("；"),
        ]),
        None => row.extend(std::iter::repeat_n(String::new(), 8)),
    }
    for i in 0..3 {
        row.push(
            a.backups
                .get(i)
                .map(|b| {
                    let full = if b.full == Some(true) {
                        "（已满）"
                    } else {
                        ""
                    };
                    format!("{} {}{}", b.job_id, b.title, full)
                })
                .unwrap_or_default(),
        );
    }
    row.push(a.unplaced_reason.clone().unwrap_or_default());
    row
}

impl Roster {
    /// Write the roster as CSV in UTF-8 with a BOM (so spreadsheet software shows Chinese), one
    /// line per person after the header ([`CSV_HEADER`]); cells that a spreadsheet would read as a
    /// formula are escaped ([`guard`]).
    pub fn write_csv<W: Write>(&self, mut w: W) -> std::io::Result<()> {
        w.write_all(b"\xEF\xBB\xBF")?;
        let mut out = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(w);
        out.write_record(CSV_HEADER)?;
        for a in &self.assignments {
            out.write_record(row(a).iter().map(|c| guard(c).into_owned()))?;
        }
        out.flush()?;
        Ok(())
    }
}
