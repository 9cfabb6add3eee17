use super::*;
use crate::model::{Desired, Experience, Location};

fn job(id: &str, title: &str, desc: &str) -> Job {
    Job {
        id: id.into(),
        title: title.into(),
        description: Some(desc.into()),
        ..Default::default()
    }
}

fn at(mut j: Job, adcode: &str) -> Job {
    j.location = Some(Location {
        adcode: Some(adcode.into()),
        ..Default::default()
    });
    j
}

fn ids(h: &[Hit]) -> Vec<&str> {
    h.iter().map(|h| h.id.as_str()).collect()
}

fn jobs() -> JobIndex {
    let ix = JobIndex::in_ram().unwrap();
    let mut welder = at(
        job("weld", "电焊工", "持焊工证，熟练二保焊，包吃住"),
        "361002",
    );
    welder.skills = vec!["焊接".into(), "焊工证".into()];
    welder.education = Some("初中".into());
    ix.upsert(&welder).unwrap();
    let mut fork = at(
        job("fork", "叉车司机", "持叉车证，仓库装卸，五险一金"),
        "440106",
    );
    fork.valid_until = Some("2026-01-31".into());
    ix.upsert(&fork).unwrap();
    let mut nanny = at(
        job("nanny", "育婴师/月嫂", "照顾新生儿，有育婴员证优先"),
        "361021",
    );
    nanny.kind = JobKind::PartTime;
    ix.upsert(&nanny).unwrap();
    let mut dev = job("dev", "Java开发工程师", "熟悉Spring，MySQL，本科及以上");
    dev.education = Some("本科".into());
    ix.upsert(&dev).unwrap(); // no location
    ix.upsert(&at(
        job("cnc", "数控车床操作工", "操作数控车床，看懂图纸"),
        "360102",
    ))
    .unwrap();
    ix.commit().unwrap();
    ix
}

fn person(titles: &[&str], skills: &[&str]) -> Candidate {
    Candidate {
        id: "p".into(),
        skills: skills.iter().map(|s| s.to_string()).collect(),
        desired: Some(Desired {
            titles: titles.iter().map(|s| s.to_string()).collect(),
            ..Default::default()
        }),
        ..Default::default()
    }
}

#[test]
fn candidate_finds_matching_job_first() {
    let ix = jobs();
    assert_eq!(ix.len(), 5);
    let h = ix
        .for_candidate(&person(&["叉车司机"], &["叉车证"]), &Filter::default(), 10)
        .unwrap();
    assert_eq!(h[0].id, "fork", "{h:?}");
    let h = ix
        .for_candidate(&person(&["月嫂"], &[]), &Filter::default(), 10)
        .unwrap();
    assert_eq!(ids(&h), ["nanny"]);
}

#[test]
fn experience_and_summary_count_and_bigrams_rescue_partial_words() {
    let ix = jobs();
    // `电焊` is not the word `电焊工`; only the bigram companion connects them.
    let c = Candidate {
        id: "c".into(),
        experience: vec![Experience {
            title: Some("电焊".into()),
            ..Default::default()
        }],
        ..Default::default()
    };
    let h = ix.for_candidate(&c, &Filter::default(), 3).unwrap();
    assert_eq!(h[0].id, "weld", "{h:?}");
    let c = Candidate {
        id: "c".into(),
        summary: Some("<p>做过仓库装卸</p>".into()),
        ..Default::default()
    };
    let h = ix.for_candidate(&c, &Filter::default(), 3).unwrap();
    assert_eq!(h[0].id, "fork", "{h:?}");
}

#[test]
fn title_outweighs_description() {
    let ix = JobIndex::in_ram().unwrap();
    ix.upsert(&job("in_desc", "仓库管理员", "偶尔需要协助叉车司机"))
        .unwrap();
    ix.upsert(&job("in_title", "叉车司机", "仓库工作")).unwrap();
    ix.commit().unwrap();
    let h = ix.search_text("叉车司机", &Filter::default(), 10).unwrap();
    assert_eq!(ids(&h), ["in_title", "in_desc"]);
}

#[test]
fn traditional_query_finds_simplified_record() {
    let ix = jobs();
    let h = ix
        .search_text("叉車司機 包吃住", &Filter::default(), 10)
        .unwrap();
    assert_eq!(h[0].id, "fork");
    let h = ix
        .for_candidate(&person(&["數控車床操作工"], &[]), &Filter::default(), 10)
        .unwrap();
    assert_eq!(h[0].id, "cnc");
}

#[test]
fn phrase_queries_use_word_positions() {
    let ix = JobIndex::in_ram().unwrap();
    ix.upsert(&job("a", "普工", "需要持有电工证，包吃住"))
        .unwrap();
    ix.upsert(&job("b", "普工", "包吃住，不需要电工证"))
        .unwrap();
    ix.commit().unwrap();
    let f = Filter::default();
    assert_eq!(
        ids(&ix.search_text("\"持有电工证\"", &f, 10).unwrap()),
        ["a"]
    );
    assert_eq!(
        ids(&ix.search_text("\"需要电工证\"", &f, 10).unwrap()),
        ["b"]
    );
    // Same words, wrong order: no phrase match.
    assert!(ix.search_text("\"电工证需要\"", &f, 10).unwrap().is_empty());
    // Phrase in traditional characters, with optional extra words.
    assert_eq!(
        ids(&ix.search_text("\"持有電工證\" 普工", &f, 10).unwrap()),
        ["a"]
    );
}

#[test]
fn region_filter_by_province_city_county() {
    let ix = jobs();
    let q = "电焊工 数控车床操作工 月嫂";
    let region = |code| Filter {
        region: Some(code),
        ..Default::default()
    };
    let sorted = |code| {
        let mut v: Vec<String> = ix
            .search_text(q, &region(code), 10)
            .unwrap()
            .into_iter()
            .map(|h| h.id)
            .collect();
        v.sort();
        v
    };
    // 360102 (南昌), 361002 and 361021 (both 抚州) are all in 江西.
    assert_eq!(sorted(360000), ["cnc", "nanny", "weld"]);
    assert_eq!(sorted(361000), ["nanny", "weld"]);
    assert_eq!(
        ids(&ix.search_text(q, &region(361002), 10).unwrap()),
        ["weld"]
    );
    assert!(ix.search_text(q, &region(361003), 10).unwrap().is_empty());
    // The job without a location never matches a region filter, but is found without one.
    let all = ix.search_text("java", &Filter::default(), 10).unwrap();
    assert_eq!(ids(&all), ["dev"]);
    assert!(ix
        .search_text("java", &region(110000), 10)
        .unwrap()
        .is_empty());
}

#[test]
fn kind_validity_and_education_filters() {
    let ix = jobs();
    let c = person(&["月嫂", "叉车司机", "电焊工", "java"], &[]);
    let only_part_time = Filter {
        kinds: vec![JobKind::PartTime],
        ..Default::default()
    };
    assert_eq!(
        ids(&ix.for_candidate(&c, &only_part_time, 10).unwrap()),
        ["nanny"]
    );
    let day = crate::model::parse_date("2026-02-01").unwrap();
    let valid = Filter {
        valid_on: Some(day),
        ..Default::default()
    };
    let h = ix.for_candidate(&c, &valid, 10).unwrap();
    assert!(
        !ids(&h).contains(&"fork") && ids(&h).contains(&"weld"),
        "{h:?}"
    );
    let valid_before = Filter {
        valid_on: Some(day - 1),
        ..Default::default()
    };
    assert!(ids(&ix.for_candidate(&c, &valid_before, 10).unwrap()).contains(&"fork"));
    let senior_high = Filter {
        max_education: Some(EduLevel::SeniorHigh),
        ..Default::default()
    };
    let h = ix.for_candidate(&c, &senior_high, 10).unwrap();
    assert!(
        !ids(&h).contains(&"dev") && ids(&h).contains(&"weld"),
        "{h:?}"
    );
    let bachelor = Filter {
        max_education: Some(EduLevel::Bachelor),
        ..Default::default()
    };
    assert!(ids(&ix.for_candidate(&c, &bachelor, 10).unwrap()).contains(&"dev"));
}

#[test]
fn upsert_replaces_and_delete_removes_after_commit() {
    let ix = jobs();
    let f = Filter::default();
    ix.upsert(&job("fork", "保洁员", "商场保洁")).unwrap();
    // Not visible before commit.
    assert_eq!(ix.search_text("叉车司机", &f, 10).unwrap()[0].id, "fork");
    ix.commit().unwrap();
    assert!(ix.search_text("叉车司机", &f, 10).unwrap().is_empty());
    assert_eq!(ids(&ix.search_text("保洁", &f, 10).unwrap()), ["fork"]);
    assert_eq!(ix.len(), 5);
    ix.delete("fork").unwrap();
    ix.commit().unwrap();
    assert!(ix.search_text("保洁", &f, 10).unwrap().is_empty());
    assert_eq!(ix.len(), 4);
    ix.clear().unwrap();
    assert_eq!(ix.len(), 4, "clear takes effect at commit");
    ix.commit().unwrap();
    assert!(ix.is_empty());
    assert!(matches!(
        ix.upsert(&job(" ", "t", "d")),
        Err(crate::Error::Field { .. })
    ));
}

fn cand(id: &str, titles: &[&str], skills: &[&str], home: Option<&str>) -> Candidate {
    let mut c = person(titles, skills);
    c.id = id.into();
    c.home = home.map(|a| Location {
        adcode: Some(a.into()),
        ..Default::default()
    });
    c
}

#[test]
fn job_finds_candidates_with_filters() {
    let ix = CandidateIndex::in_ram().unwrap();
    let mut a = cand("a", &["电焊工"], &["焊工证", "氩弧焊"], Some("361002"));
    a.groups = vec![Group::MigrantWorker];
    a.education = Some("初中".into());
    let mut b = cand("b", &["叉车司机"], &["叉车证"], Some("440106"));
    b.desired.as_mut().unwrap().kinds = vec![JobKind::FullTime];
    b.education = Some("高中".into());
    let mut c = cand("c", &["仓库管理员"], &[], None);
    c.experience = vec![Experience {
        title: Some("叉车工".into()),
        description: Some("开过三年叉车".into()),
        ..Default::default()
    }];
    c.summary = Some("吃苦耐劳".into());
    c.groups = vec![Group::HardToEmploy];
    for x in [&a, &b, &c] {
        ix.upsert(x).unwrap();
    }
    ix.commit().unwrap();
    let mut j = job("j", "叉车司机", "持叉车证，包吃住");
    j.skills = vec!["叉车证".into()];
    let none = Filter::default();
    let h = ix.for_job(&j, &none, 10).unwrap();
    assert_eq!(ids(&h)[..2], ["b", "c"], "{h:?}");
    let guangdong = Filter {
        region: Some(440000),
        ..Default::default()
    };
    assert_eq!(ids(&ix.for_job(&j, &guangdong, 10).unwrap()), ["b"]);
    let hard = Filter {
        groups: vec![Group::HardToEmploy, Group::Disabled],
        ..Default::default()
    };
    assert_eq!(ids(&ix.for_job(&j, &hard, 10).unwrap()), ["c"]);
    // b wants full-time only; c stated no kind and accepts anything.
    let gig = Filter {
        kinds: vec![JobKind::Gig],
        ..Default::default()
    };
    assert_eq!(ids(&ix.for_job(&j, &gig, 10).unwrap()), ["c"]);
    let senior = Filter {
        min_education: Some(EduLevel::SeniorHigh),
        ..Default::default()
    };
    assert_eq!(ids(&ix.for_job(&j, &senior, 10).unwrap()), ["b"]);
    let h = ix.search_text("氩弧焊", &none, 10).unwrap();
    assert_eq!(ids(&h), ["a"]);
}

#[test]
fn reopen_keeps_records_and_version_change_rebuilds() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("jobs");
    {
        let ix = JobIndex::open(&path).unwrap();
        assert!(ix.needs_rebuild());
        ix.upsert(&job("x", "保洁员", "")).unwrap();
        ix.commit().unwrap();
    }
    {
        let ix = JobIndex::open(&path).unwrap();
        assert!(!ix.needs_rebuild());
        assert_eq!(ix.len(), 1);
        assert_eq!(
            ix.search_text("保洁员", &Filter::default(), 5).unwrap()[0].id,
            "x"
        );
    }
    // A candidate index over a job directory is a different layout: rebuilt empty.
    std::fs::write(path.join("bole-fulltext-version"), "0 jobs\n").unwrap();
    let ix = JobIndex::open(&path).unwrap();
    assert!(ix.needs_rebuild());
    assert_eq!(ix.len(), 0);
    // Refuses to wipe a directory that is not an index.
    let other = dir.path().join("other");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(other.join("notes.txt"), "keep me").unwrap();
    assert!(CandidateIndex::open(&other).is_err());
    assert!(other.join("notes.txt").exists());
}

#[test]
fn empty_queries_return_nothing() {
    let ix = jobs();
    assert!(ix
        .search_text("，。", &Filter::default(), 10)
        .unwrap()
        .is_empty());
    assert!(ix
        .for_candidate(&Candidate::default(), &Filter::default(), 10)
        .unwrap()
        .is_empty());
    assert!(ix
        .search_text("叉车", &Filter::default(), 0)
        .unwrap()
        .is_empty());
}

#[test]
fn adcode_ranges() {
    assert_eq!(query::adcode_range(360000), (360000, 369999));
    assert_eq!(query::adcode_range(361000), (361000, 361099));
    assert_eq!(query::adcode_range(361002), (361002, 361002));
}

/// The region filter matches on `area` terms; they must select exactly the codes of the range.
#[test]
fn area_terms_select_the_adcode_range() {
    let codes = [
        110000, 110100, 110101, 110105, 360000, 361000, 361002, 361021, 361099, 362000, 362101,
        440300, 440305, 469000, 469001, 500000, 500101,
    ];
    for &place in &codes {
        let terms: Vec<u64> = schema::area_terms(place).collect();
        for &filter in &codes {
            let (lo, hi) = query::adcode_range(filter);
            assert_eq!(
                terms.contains(&(filter as u64)),
                (lo..=hi).contains(&(place as u64)),
                "place {place}, filter {filter}"
            );
        }
    }
}

#[test]
fn any_region_filter_keeps_the_records_of_any_listed_area() {
    let ix = jobs();
    let q = "电焊工 数控车床操作工 月嫂";
    let sorted = |codes: Vec<u32>, region: Option<u32>| {
        let f = Filter {
            region,
            any_region: codes,
            ..Default::default()
        };
        let mut v: Vec<String> = ix
            .search_text(q, &f, 10)
            .unwrap()
            .into_iter()
            .map(|h| h.id)
            .collect();
        v.sort();
        v
    };
    // 360102 is 南昌 (cnc), 361002 and 361021 are 抚州 (weld, nanny).
    assert_eq!(sorted(vec![360100, 361002], None), ["cnc", "weld"]);
    assert_eq!(sorted(vec![361000], None), ["nanny", "weld"]);
    assert_eq!(
        sorted(vec![360100, 361000], Some(361000)),
        ["nanny", "weld"]
    );
    assert!(sorted(vec![110000], None).is_empty());
}

#[test]
fn key_search_returns_the_same_hits_with_their_record_keys() {
    let ix = jobs();
    let c = person(&["叉车司机"], &["叉车证"]);
    let full = ix.for_candidate(&c, &Filter::default(), 10).unwrap();
    let keyed = ix.for_candidate_keys(&c, &Filter::default(), 10).unwrap();
    assert!(!full.is_empty());
    assert_eq!(full.len(), keyed.len());
    for (a, b) in full.iter().zip(&keyed) {
        assert_eq!(a.key, record_key(&a.id));
        assert_eq!(a.key, b.key);
        assert!(b.id.is_empty());
    }
    assert_ne!(record_key("j1"), record_key("j2"));
}

#[test]
fn fresh_segments_are_merged_together_and_large_ones_by_level() {
    use tantivy::index::SegmentId;
    use tantivy::merge_policy::MergePolicy;
    let index = tantivy::Index::create_in_ram(tantivy::schema::Schema::builder().build());
    let meta = |docs: u32| index.new_segment_meta(SegmentId::generate_random(), docs);
    let policy = super::core::FreshFirst::default();
    let big = meta(36_000);
    let fresh: Vec<_> = [12, 3, 400].into_iter().map(meta).collect();
    let mut all = vec![big.clone()];
    all.extend(fresh.iter().cloned());
    let merges = policy.compute_merge_candidates(&all);
    assert_eq!(merges.len(), 1, "{merges:?}");
    let mut got = merges[0].0.clone();
    let mut want: Vec<_> = fresh.iter().map(|m| m.id()).collect();
    got.sort();
    want.sort();
    assert_eq!(got, want, "the fresh segments, and only those, are merged");
    // One fresh segment beside a large one: nothing to merge.
    assert!(policy
        .compute_merge_candidates(&[big.clone(), fresh[0].clone()])
        .is_empty());
    // Segments past the fresh size wait for a few of their level.
    let mid: Vec<_> = (0..3).map(|_| meta(5_000)).collect();
    assert!(policy.compute_merge_candidates(&mid).is_empty());
    let mut mid4 = mid.clone();
    mid4.push(meta(6_000));
    let merges = policy.compute_merge_candidates(&mid4);
    assert_eq!(merges.len(), 1);
    assert_eq!(merges[0].0.len(), 4);
}

#[test]
fn small_commits_do_not_pile_up_segments() {
    let ix = jobs();
    for i in 0..24 {
        ix.upsert(&job(&format!("j{i}"), "保洁员", "商场保洁，做六休一"))
            .unwrap();
        ix.commit().unwrap();
    }
    // Merges run in the background and show at the next reload (each commit reloads).
    let start = std::time::Instant::now();
    while ix.segments() > 2 && start.elapsed() < std::time::Duration::from_secs(20) {
        std::thread::sleep(std::time::Duration::from_millis(50));
        ix.commit().unwrap();
    }
    assert!(ix.segments() <= 2, "{} segments", ix.segments());
    assert_eq!(ix.len(), 5 + 24);
    let hits = ix.search_text("保洁", &Filter::default(), 50).unwrap();
    assert_eq!(hits.len(), 24);
}

#[test]
fn compact_merges_segments_and_keeps_answers() {
    let ix = jobs();
    // Each commit of new records leaves a segment of its own.
    ix.upsert(&at(job("weld2", "焊工", "二保焊，氩弧焊"), "361002"))
        .unwrap();
    ix.commit().unwrap();
    ix.delete("fork").unwrap();
    ix.upsert(&job("cook", "厨师", "中餐厨师，包住")).unwrap();
    ix.commit().unwrap();
    let f = Filter::default();
    let before = ids(&ix.search_text("焊工 厨师 叉车", &f, 10).unwrap())
        .into_iter()
        .map(String::from)
        .collect::<Vec<_>>();
    ix.compact().unwrap();
    assert_eq!(ix.segments(), 1);
    assert_eq!(ix.len(), 6);
    let after = ix.search_text("焊工 厨师 叉车", &f, 10).unwrap();
    assert_eq!(ids(&after), before);
    assert!(
        !ids(&after).contains(&"fork"),
        "a deleted record stays deleted"
    );
}

#[test]
fn cached_document_frequencies_follow_new_segments_exactly() {
    use tantivy::query::Bm25StatisticsProvider;
    let ix = JobIndex::in_ram().unwrap();
    // One segment large enough to keep its statistics across generations.
    for i in 0..2_100 {
        let title = if i % 3 == 0 { "电焊工" } else { "普工" };
        ix.upsert(&job(&format!("j{i}"), title, "包吃住")).unwrap();
    }
    ix.commit().unwrap();
    ix.compact().unwrap();
    let term = |w: &str| tantivy::Term::from_field_text(ix.core.fields.title, w);
    for round in 0..3 {
        let searcher = ix.core.searcher();
        let stats = ix.core.stats(&searcher);
        let words = ["电焊", "电焊工", "普工", "厨师"];
        let terms: Vec<_> = words.iter().map(|w| term(w)).collect();
        let exact: Vec<u64> = terms
            .iter()
            .map(|t| searcher.doc_freq(t).unwrap())
            .collect();
        // In one batch on a generation not seen yet, then term by term, then in a batch again
        // (from the generation's cache).
        assert_eq!(stats.doc_freqs(&terms).unwrap(), exact, "round {round}");
        assert!(stats.doc_freq(&term("普工")).unwrap() >= 1_400);
        for (w, t) in words.iter().zip(&terms) {
            assert_eq!(
                stats.doc_freq(t).unwrap(),
                searcher.doc_freq(t).unwrap(),
                "{w} in round {round}"
            );
        }
        let mut mixed = terms.clone();
        mixed.push(term("保洁员"));
        let mut want = exact.clone();
        want.push(searcher.doc_freq(&term("保洁员")).unwrap());
        assert_eq!(stats.doc_freqs(&mixed).unwrap(), want, "round {round}");
        // A new generation: small segments on top of the cached large one, and a delete.
        ix.upsert(&job(&format!("new{round}"), "电焊工", ""))
            .unwrap();
        ix.upsert(&job(&format!("cook{round}"), "厨师", ""))
            .unwrap();
        ix.delete(&format!("j{round}")).unwrap();
        ix.commit().unwrap();
    }
}

/// The query the ranker builds with the profile ([`CandidateProfile::with_job_query`], one
/// segmentation of each part) is the query [`candidate_bag`] builds from the record with the
/// profile's intents added as desired titles.
fn assert_query_of_expanded_record(c: &Candidate) {
    use crate::text::normalise::fold;
    let (p, q) = crate::rank::CandidateProfile::with_job_query(c);
    let mut expanded = crate::rank::fairness::scrub_candidate(c);
    let d = expanded.desired.get_or_insert_with(Default::default);
    for i in &p.intents {
        if !d.titles.iter().any(|t| fold(t) == *i) {
            d.titles.push(i.clone());
        }
    }
    assert_eq!(q.0, candidate_bag(&expanded), "{c:?}");
    assert!(!q.0.is_empty() || candidate_bag(&expanded).is_empty());
    // Packed for keeping between calls, the query is made of the same entries.
    let mut packed = crate::rank::CandidateProfile::with_job_query(c).1;
    packed.shrink();
    assert_eq!(packed.0.entries(), q.0.entries(), "{c:?}");
    assert_eq!(packed.0.is_empty(), q.0.is_empty());
}

#[test]
fn the_profile_builds_the_query_of_the_expanded_record() {
    let records = [
        r#"{"id":"a","desired":{"titles":["叉车司机","倉庫管理員"],"regions":["江西省抚州市"]},
            "skills":["叉车证","C1驾照"," "],"certificates":["电工证"],"major":"物流管理",
            "experience":[{"title":"仓管","years":3,"description":"<p>负责出入库&nbsp;盘点</p>"}],
            "summary":"本人男，开过叉车，会带小孩，想找包住的活"}"#,
        r#"{"id":"b","summary":"腿脚不便，想找离家近的活，会用电脑打字"}"#,
        r#"{"id":"c","desired":{"titles":["AT&amp;T 客服_x000d_"]},"skills":["R&D","<b>PLC</b>编程"],
            "experience":[{"title":"<i>普工</i>"},{"description":"流水线 &lt;装配&gt;"}]}"#,
        r#"{"id":"d"}"#,
    ];
    for r in records {
        assert_query_of_expanded_record(&crate::model::candidate_from_json(r).unwrap());
    }
}

proptest::proptest! {
    #[test]
    fn the_profile_query_holds_for_any_text(
        title in "[叉车司机倉庫管理員普工 <>&;_ｂa1]{0,16}",
        skill in "[叉车证电工焊 &<>ａ2]{0,10}",
        summary in "[开过叉车会带小孩包住的活，。 <p>&nbsp;男汉族]{0,60}",
        desc in "[负责出入库盘点<br>&amp; 流水线]{0,40}",
    ) {
        let c = Candidate {
            id: "p".into(),
            desired: Some(Desired { titles: vec![title.clone()], ..Default::default() }),
            skills: vec![skill.clone()],
            certificates: vec![title],
            major: Some(skill),
            experience: vec![Experience {
                title: Some(desc.clone()),
                description: Some(desc),
                ..Default::default()
            }],
            summary: Some(summary),
            ..Default::default()
        };
        assert_query_of_expanded_record(&c);
    }
}
