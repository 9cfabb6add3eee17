//! The map on a hand-computed fixture (every number derived by hand below), and against a
//! brute-force recount over all records.

use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;

use super::seekers::Seekers;
use super::*;
use crate::jobset::JobEntry;
use crate::model::{Candidate, Desired, Job, Location, Salary};
use crate::occupation::{self, Code};
use crate::outcomes::{HiredSet, HiresMap};
use crate::rank::{JobProfile, Policy};

/// 2026-12-01.
const TODAY: i64 = 20_788;

fn day(d: i64) -> String {
    crate::date::iso_date(TODAY - d)
}

/// A 6-digit county with its centre (from the embedded region table).
fn at(adcode: u32) -> Location {
    let p = crate::text::region::by_adcode(adcode).expect("known code");
    Location {
        adcode: Some(adcode.to_string()),
        lat: Some((p.lat * 100.0).round() / 100.0),
        lon: Some((p.lon * 100.0).round() / 100.0),
        ..Location::default()
    }
}

const LINCHUAN: u32 = 361002;
const NANCHENG: u32 = 361021;
const CHONGREN: u32 = 361024;
const NANCHANG: u32 = 360102;
const FUZHOU: u32 = 361000;

#[allow(clippy::too_many_arguments)]
fn job(
    id: &str,
    title: &str,
    place: u32,
    head: u32,
    employer: &str,
    pay: Option<(f64, f64)>,
    age: i64,
    edu: Option<&str>,
) -> Job {
    Job {
        id: id.into(),
        title: title.into(),
        employer: Some(employer.into()),
        location: Some(at(place)),
        salary: pay.map(|(min, max)| Salary {
            min: Some(min),
            max: Some(max),
            months: None,
        }),
        education: edu.map(str::to_string),
        headcount: Some(head),
        posted_at: Some(day(age)),
        ..Job::default()
    }
}

fn person(id: &str, want: &str, place: u32, km: f64, edu: Option<&str>) -> Candidate {
    Candidate {
        id: id.into(),
        education: edu.map(str::to_string),
        desired: (!want.is_empty()).then(|| Desired {
            titles: vec![want.into()],
            ..Desired::default()
        }),
        home: Some(at(place)),
        max_commute_km: Some(km),
        ..Candidate::default()
    }
}

fn entry(j: Job) -> JobEntry {
    let p = JobProfile::new(&j);
    JobEntry::new(j, p, Vec::new())
}

fn node(name: &str) -> Code {
    occupation::nodes()
        .find(|c| c.depth() == 4 && c.name() == name)
        .unwrap_or_else(|| panic!("{name} is a 细类"))
}

fn fixture() -> (Vec<JobEntry>, Vec<Candidate>) {
    let jobs = vec![
        job(
            "j1",
            "保洁员",
            LINCHUAN,
            3,
            "甲公司",
            Some((3000.0, 4000.0)),
            30,
            None,
        ),
        job(
            "j2",
            "保洁员",
            LINCHUAN,
            2,
            "乙公司",
            Some((4000.0, 5000.0)),
            20,
            None,
        ),
        job("j3", "电工", LINCHUAN, 1, "丙公司", None, 5, Some("高中")),
        job("j4", "保洁员", NANCHENG, 1, "甲公司", None, 40, None),
        Job {
            valid_until: Some(day(1)),
            ..job("j5", "保洁员", LINCHUAN, 4, "丁公司", None, 10, None)
        },
        job("j7", "岗位甲乙", LINCHUAN, 1, "戊公司", None, 3, None),
    ];
    let mut p1 = person("p1", "保洁员", LINCHUAN, 10.0, None);
    p1.groups = vec![crate::model::Group::HardToEmploy];
    let people = vec![
        p1,
        person("p2", "保洁员", CHONGREN, 40.0, None),
        person("p3", "保洁员", CHONGREN, 10.0, None),
        person("p4", "电工", LINCHUAN, 10.0, Some("初中")),
        person("p5", "电工", LINCHUAN, 10.0, Some("大专")),
        person("p6", "保洁员", NANCHENG, 60.0, None),
        person("p8", "保洁员", NANCHANG, 200.0, None),
        person("p9", "", LINCHUAN, 10.0, None),
    ];
    (jobs.into_iter().map(entry).collect(), people)
}

fn query(group: Option<crate::model::Group>) -> MapQuery {
    MapQuery {
        region: FUZHOU,
        level: Level::County,
        depth: 4,
        group,
        today: TODAY,
        thresholds: Thresholds {
            shortage_tightness: 1.2,
            shortage_min_age_days: 14.0,
            shortage_min_employers: 2,
            surplus_min_seekers: 2,
            surplus_ratio: 0.3,
        },
    }
}

fn draw(jobs: &[JobEntry], people: &[Candidate], q: &MapQuery) -> Map {
    let mut s = Seekers::default();
    for c in people {
        s.upsert(c);
    }
    compute(
        q,
        jobs.iter(),
        &s,
        &HiresMap::default(),
        &HiredSet::default(),
        &Policy::default(),
    )
}

fn cell<'m>(m: &'m Map, area: u32, occ: Option<&str>) -> &'m Figures {
    let code = occ.map(|n| node(n).seq());
    &m.cells
        .iter()
        .find(|c| c.area == area && c.occupation == code)
        .unwrap_or_else(|| panic!("cell {area} {occ:?} in {:#?}", m.cells))
        .figures
}

fn area(m: &Map, code: u32) -> &Figures {
    &m.areas
        .iter()
        .find(|a| a.adcode == code)
        .expect("area")
        .figures
}

#[test]
fn fixture_cells_match_the_hand_count() {
    let (jobs, people) = fixture();
    let m = draw(&jobs, &people, &query(None));
    // 临川 保洁员: j1 + j2 (3 + 2 places, employers 甲 乙); seeker p1; reachable p1 (0 km),
    // p2 (崇仁, ~30 km of 40), p6 (南城, ~52 km of 60), p8 (南昌, ~90 km of 200).
    let f = cell(&m, LINCHUAN, Some("保洁员"));
    assert_eq!((f.vacancies, f.open_places, f.employers), (2, 5, 2));
    assert_eq!(
        (f.seekers, f.reachable_seekers, f.places_in_reach),
        (1, 4, 5)
    );
    assert_eq!(f.tightness, Some(1.25));
    assert_eq!(f.median_pay, Some(4000.0)); // midpoints 3500 and 4500
    assert_eq!(f.median_age_days, Some(25.0)); // 30 and 20 days
                                               // 临川 电工: j3 asks 高中; p4 (初中) cannot, p5 (大专) can.
    let f = cell(&m, LINCHUAN, Some("电工"));
    assert_eq!((f.open_places, f.seekers, f.reachable_seekers), (1, 2, 1));
    assert_eq!(
        (f.places_in_reach, f.tightness, f.median_pay),
        (1, Some(1.0), None)
    );
    // 南城 保洁员: j4; p6 at 0 km, p8 within 200 km; p2 (~59 km > 40) and p1 (10 km) not.
    let f = cell(&m, NANCHENG, Some("保洁员"));
    assert_eq!((f.open_places, f.seekers, f.reachable_seekers), (1, 1, 2));
    assert_eq!((f.places_in_reach, f.tightness), (6, Some(0.5)));
    // 崇仁 保洁员: no places; p2 reaches 临川's 5, p3 nothing.
    let f = cell(&m, CHONGREN, Some("保洁员"));
    assert_eq!((f.vacancies, f.seekers, f.reachable_seekers), (0, 2, 0));
    assert_eq!((f.places_in_reach, f.tightness), (5, None));
    // Uncodable: j7 and p9, in their own cell, never guessed.
    let f = cell(&m, LINCHUAN, None);
    assert_eq!((f.vacancies, f.open_places, f.seekers), (1, 1, 1));
    assert_eq!(
        (m.totals.uncoded_vacancies, m.totals.uncoded_seekers),
        (1, 1)
    );
    // j5 expired; p8 lives outside the region: a reachable seeker, not a seeker of it.
    assert!(m.cells.iter().all(|c| c.area / 100 == 3610));
}

#[test]
fn fixture_areas_totals_and_lists_match_the_hand_count() {
    let (jobs, people) = fixture();
    let m = draw(&jobs, &people, &query(None));
    let a = area(&m, LINCHUAN);
    assert_eq!((a.vacancies, a.open_places, a.employers), (4, 7, 4));
    // p1 p4 p5 p9 live there; p1 p2 p5 p6 p8 reach one of its places.
    assert_eq!((a.seekers, a.reachable_seekers), (4, 5));
    let a = area(&m, NANCHENG);
    assert_eq!((a.open_places, a.seekers, a.reachable_seekers), (1, 1, 2));
    let a = area(&m, CHONGREN);
    assert_eq!((a.open_places, a.seekers, a.reachable_seekers), (0, 2, 0));
    let t = &m.totals.figures;
    assert_eq!((t.vacancies, t.open_places, t.employers), (5, 8, 4));
    assert_eq!((t.seekers, t.reachable_seekers), (7, 5));
    assert_eq!(m.areas[0].adcode, LINCHUAN, "most open places first");
    // Shortage (≥ 1.2 per reachable seeker, ≥ 14 days, ≥ 2 employers): only 临川 保洁员.
    let s: Vec<_> = m
        .shortage
        .iter()
        .map(|l| (l.area, l.occupation_name.as_str()))
        .collect();
    assert_eq!(s, [(LINCHUAN, "保洁员")]);
    assert!(
        m.shortage[0].why.contains("5个空缺岗位仅4名可达求职者"),
        "{}",
        m.shortage[0].why
    );
    // Surplus (≥ 2 seekers, ≥ 0.3 per place in reach): 临川 电工 2 per place, 崇仁 保洁员 0.4.
    let s: Vec<_> = m
        .surplus
        .iter()
        .map(|l| (l.area, l.occupation_name.as_str()))
        .collect();
    assert_eq!(s, [(LINCHUAN, "电工"), (CHONGREN, "保洁员")]);
}

#[test]
fn a_group_filters_seekers_not_places() {
    let (jobs, people) = fixture();
    let m = draw(
        &jobs,
        &people,
        &query(Some(crate::model::Group::HardToEmploy)),
    );
    let f = cell(&m, LINCHUAN, Some("保洁员"));
    assert_eq!((f.open_places, f.seekers, f.reachable_seekers), (5, 1, 1));
    assert_eq!(m.totals.figures.seekers, 1);
}

#[test]
fn coarser_levels_and_depths_add_up() {
    let (jobs, people) = fixture();
    let mut q = query(None);
    q.level = Level::City;
    q.depth = 2;
    let m = draw(&jobs, &people, &q);
    assert_eq!(m.areas.len(), 1);
    assert_eq!(m.areas[0].adcode, FUZHOU);
    let cleaning = node("保洁员").at(2).seq();
    let f = &m
        .cells
        .iter()
        .find(|c| c.occupation.as_deref() == Some(&cleaning))
        .unwrap()
        .figures;
    // 临川 and 南城 cleaning together: 6 places; seekers p1 p2 p3 p6; reachable p1 p2 p6 p8.
    assert_eq!((f.open_places, f.seekers, f.reachable_seekers), (6, 4, 4));
}

#[test]
fn hires_close_places_and_hired_people_stop_seeking() {
    let (jobs, people) = fixture();
    let mut s = Seekers::default();
    for c in &people {
        s.upsert(c);
    }
    let hires: HiresMap = [("j1".to_string(), 3u32), ("j2".to_string(), 1)]
        .into_iter()
        .collect();
    let hired: HiredSet = ["p1".to_string(), "p2".to_string()].into_iter().collect();
    let m = compute(
        &query(None),
        jobs.iter(),
        &s,
        &hires,
        &hired,
        &Policy::default(),
    );
    // j1 filled (counts nowhere), j2 has 1 open; p1 and p2 hired.
    let f = cell(&m, LINCHUAN, Some("保洁员"));
    assert_eq!(
        (f.vacancies, f.open_places, f.seekers, f.reachable_seekers),
        (1, 1, 0, 2)
    );
    // Removing and replacing a person moves them.
    s.remove("p6");
    let mut p3 = people[2].clone();
    p3.max_commute_km = Some(40.0);
    s.upsert(&p3);
    let m = compute(
        &query(None),
        jobs.iter(),
        &s,
        &hires,
        &hired,
        &Policy::default(),
    );
    let f = cell(&m, LINCHUAN, Some("保洁员"));
    assert_eq!(f.reachable_seekers, 2); // p3 now reaches; p6 gone; p8 still
    assert_eq!(cell(&m, NANCHENG, Some("保洁员")).seekers, 0);
}

// ---- brute force ----

const COUNTIES: [u32; 5] = [LINCHUAN, NANCHENG, CHONGREN, 361022, 361026];
const WORK: [&str; 4] = ["保洁员", "电工", "快递员", "收银员"];
const EDU: [Option<&str>; 4] = [None, Some("初中"), Some("高中"), Some("本科")];

fn arb_world() -> impl Strategy<Value = (Vec<Job>, Vec<Candidate>)> {
    let js = (
        0..5usize,
        0..4usize,
        1..4u32,
        0..3usize,
        0..60i64,
        0..4usize,
        -20..20i32,
    );
    let ps = (0..5usize, 0..5usize, 0..4usize, 5..80u32, -20..20i32);
    (
        prop::collection::vec(js, 0..25),
        prop::collection::vec(ps, 0..40),
    )
        .prop_map(|(js, ps)| {
            let jobs = js
                .into_iter()
                .enumerate()
                .map(|(i, (c, w, head, emp, age, edu, jitter))| {
                    let mut j = job(
                        &format!("j{i}"),
                        WORK[w],
                        COUNTIES[c],
                        head,
                        ["甲", "乙", "丙"][emp],
                        Some((3000.0 + age as f64 * 10.0, 5000.0)),
                        age,
                        EDU[edu],
                    );
                    let l = j.location.as_mut().unwrap();
                    l.lat = Some(l.lat.unwrap() + jitter as f64 / 100.0);
                    j
                })
                .collect();
            let people = ps
                .into_iter()
                .enumerate()
                .map(|(i, (c, w, edu, km, jitter))| {
                    let want = WORK.get(w).copied().unwrap_or("");
                    let mut p = person(&format!("p{i}"), want, COUNTIES[c], km as f64, EDU[edu]);
                    let l = p.home.as_mut().unwrap();
                    l.lon = Some(l.lon.unwrap() + jitter as f64 / 100.0);
                    p
                })
                .collect();
            (jobs, people)
        })
}

/// Every cell recounted from the records, pair by pair.
fn brute(jobs: &[Job], people: &[Candidate]) -> BTreeMap<(u32, Option<String>), (u32, u32, u32)> {
    let policy = Policy::default();
    let code = |t: &str| occupation::code_text(t, None).map(|c| c.code.at(4).seq());
    let mut out: BTreeMap<(u32, Option<String>), (u32, u32, u32)> = BTreeMap::new();
    let mut reach: BTreeMap<(u32, Option<String>), BTreeSet<&str>> = BTreeMap::new();
    for j in jobs {
        let p = JobProfile::new(j);
        let place = p.place.as_ref().unwrap();
        let key = (place.adcode, code(&j.title));
        out.entry(key.clone()).or_default().0 += j.places();
        for c in people {
            let want = c.desired.as_ref().map(|d| code(&d.titles[0]));
            let Some(Some(want)) = want else { continue };
            if Some(&want) != key.1.as_ref() {
                continue;
            }
            let h = c.home.as_ref().unwrap();
            let km = crate::text::region::distance_km(
                (h.lat.unwrap(), h.lon.unwrap()),
                (place.lat, place.lon),
            );
            let edu_ok = crate::rank::features::education(
                p.edu,
                c.education
                    .as_deref()
                    .and_then(crate::text::education::EduLevel::parse),
                &policy.curves,
            )
            .1 == 0;
            if edu_ok && km <= c.max_commute_km.unwrap() {
                reach.entry(key.clone()).or_default().insert(&c.id);
            }
        }
    }
    for c in people {
        let want = c.desired.as_ref().and_then(|d| code(&d.titles[0]));
        let area: u32 = c
            .home
            .as_ref()
            .unwrap()
            .adcode
            .as_ref()
            .unwrap()
            .parse()
            .unwrap();
        out.entry((area, want)).or_default().1 += 1;
    }
    for (k, v) in reach {
        out.entry(k).or_default().2 = v.len() as u32;
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    #[test]
    fn the_map_equals_a_brute_force_recount((jobs, people) in arb_world()) {
        let entries: Vec<JobEntry> = jobs.iter().cloned().map(entry).collect();
        let m = draw(&entries, &people, &query(None));
        let got: BTreeMap<(u32, Option<String>), (u32, u32, u32)> = m
            .cells
            .iter()
            .map(|c| {
                let f = &c.figures;
                ((c.area, c.occupation.clone()), (f.open_places, f.seekers, f.reachable_seekers))
            })
            .collect();
        prop_assert_eq!(got, brute(&jobs, &people));
        let t = &m.totals.figures;
        prop_assert_eq!(t.open_places, jobs.iter().map(Job::places).sum::<u32>());
        prop_assert_eq!(t.seekers as usize, people.len());
    }
}
