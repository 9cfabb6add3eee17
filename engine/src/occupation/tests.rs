use super::*;
use crate::model::{candidate_from_json, job_from_json};

fn code(seq: &str) -> Code {
    Code::parse(seq).unwrap_or_else(|| panic!("{seq} is not a node"))
}

#[test]
fn the_tables_parse_cleanly() {
    assert!(problems().is_empty(), "{:#?}", problems());
}

#[test]
fn the_classification_has_its_nodes_at_each_depth() {
    let mut per_depth = [0usize; 5];
    for c in nodes() {
        per_depth[c.depth() as usize] += 1;
    }
    // 8 / 79 / 450 / 1,639 in the OCR'd source, plus 育婴员 restored.
    assert_eq!(per_depth[1..], [8, 79, 450, 1640]);
    assert_eq!(code("4-10-01-02").name(), "育婴员");
}

#[test]
fn every_node_round_trips_and_has_its_parents() {
    let all: Vec<Code> = nodes().collect();
    assert!(all.windows(2).all(|w| w[0] < w[1]), "nodes in seq order");
    for c in &all {
        assert_eq!(Code::parse(&c.seq()), Some(*c), "{}", c.seq());
        assert!(!c.name().is_empty(), "{}", c.seq());
        assert_eq!(c.at(c.depth()), *c);
        assert_eq!(c.at(9), *c);
        let mut chain = vec![*c];
        while let Some(p) = chain.last().and_then(|x| x.parent()) {
            assert!(p.contains(*c) && p < *c, "{} under {}", c.seq(), p.seq());
            assert_eq!(Code::parse(&p.seq()), Some(p));
            chain.push(p);
        }
        assert_eq!(chain.len(), c.depth() as usize);
        assert_eq!(chain.last().map(|x| x.depth()), Some(1));
    }
}

#[test]
fn codes_parse_name_and_nest() {
    let c = code("4-02-06-01");
    assert_eq!(c.name(), "仓储管理员");
    assert_eq!(c.depth(), 4);
    assert_eq!(c.at(3).seq(), "4-02-06");
    assert_eq!(c.at(3).name(), "仓储物流服务人员");
    assert_eq!(c.at(2).seq(), "4-02");
    assert_eq!(c.at(1).seq(), "4");
    assert_eq!(c.at(0).seq(), "4");
    assert_eq!(c.parent().map(Code::seq).as_deref(), Some("4-02-06"));
    assert_eq!(code("4").parent(), None);
    // 00 is a real number in the classification (a 小类 equal to its 中类).
    assert_eq!(code("6-99-00").depth(), 3);
    assert_eq!(code("2-06-03-00").name(), "会计专业人员");
    assert_eq!(code("8-00-00-00").at(2).seq(), "8-00");
    for bad in [
        "",
        "9",
        "0",
        "4-2",
        "4-02-6",
        "4-02-06-98",
        "4-02-06-01-01",
        "a-b",
        "4--02",
        "40",
    ] {
        assert_eq!(Code::parse(bad), None, "`{bad}`");
    }
    assert_eq!(
        c.common(code("4-02-07-08")).map(Code::seq).as_deref(),
        Some("4-02")
    );
    assert_eq!(c.common(code("2-02-10-03")), None);
    assert!(code("4-02").contains(c) && !c.contains(code("4-02")));
    assert_eq!(by_name("仓储管理员"), Some(c));
    // A 小类 and its single 细类 share a name: the 细类.
    assert_eq!(by_name("会计专业人员").map(|c| c.depth()), Some(4));
}

#[test]
fn codes_serialise_as_their_seq() {
    let c = code("2-02-10-03");
    assert_eq!(serde_json::to_string(&c).unwrap(), "\"2-02-10-03\"");
    let back: Code = serde_json::from_str("\"2-02-10-03\"").unwrap();
    assert_eq!(back, c);
    assert!(serde_json::from_str::<Code>("\"9-99\"").is_err());
    let k = code_text("仓管员", None).unwrap();
    let v = serde_json::to_value(&k).unwrap();
    assert_eq!(v["code"], "4-02-06-01");
    assert_eq!(v["from"], "title");
}

/// Hand-written titles as postings phrase them, with the node each is certain of.
const TITLES: &[(&str, &str)] = &[
    // software and internet
    ("Java开发工程师", "2-02-10-03"),
    ("高级Java开发工程师（微服务）", "2-02-10-03"),
    ("Web前端开发（Vue/React）", "2-02-10-03"),
    ("Python后端工程师", "2-02-10-03"),
    ("C++软件工程师", "2-02-10-03"),
    ("iOS开发工程师", "2-02-10-03"),
    ("全栈工程师", "2-02-10-03"),
    ("Go后端开发", "2-02-10-03"),
    ("软件测试工程师", "4-04-05-02"),
    ("自动化测试工程师", "4-04-05-02"),
    ("运维工程师", "2-02-10-08"),
    ("网络安全工程师", "2-02-10-07"),
    ("嵌入式软件工程师", "2-02-10-06"),
    ("硬件工程师", "2-02-10-02"),
    ("算法工程师（推荐系统）", "2-02-38-01"),
    ("大数据开发工程师", "2-02-38-03"),
    ("数据分析师", "2-02-30-09"),
    ("产品经理", "2-02-10"),
    ("数字IC后端工程师", "2-02-38-09"),
    ("UI设计师", "2-09-06"),
    ("网络工程师", "2-02-10-04"),
    ("数据库管理员（DBA）", "4-04-05-04"),
    // manufacturing
    ("普工", "6-99-00"),
    ("电子厂操作工", "6-99"),
    ("CNC数控车床操作工", "6-18-01"),
    ("焊工", "6-18-02-04"),
    ("电焊工", "6-18-02-04"),
    ("质检员", "6-31-03-05"),
    ("注塑机操作工", "6-14-02"),
    ("维修电工", "6-31-01-03"),
    ("机修钳工", "6-31-01-02"),
    ("机械工程师", "2-02-07-01"),
    ("电气工程师", "2-02-11-01"),
    ("包装工", "6-31-05-00"),
    // logistics and transport
    ("叉车司机", "6-30-05-01"),
    ("仓管员", "4-02-06-01"),
    ("快递员", "4-02-07-08"),
    ("外卖骑手", "4-10-08-01"),
    ("货车司机（A2）", "4-02-02-02"),
    ("搬运工", "4-02-05-01"),
    ("分拣员", "4-02-07"),
    ("挖掘机司机", "6-30-05-05"),
    // services
    ("保洁员", "4-09-08-01"),
    ("保洁阿姨", "4-09-08-01"),
    ("小区保安", "4-07-05-01"),
    ("餐厅服务员", "4-03-02-05"),
    ("中餐厨师", "4-03-02-01"),
    ("面点师", "4-03-02-02"),
    ("咖啡师", "4-03-02-08"),
    ("酒店前台", "4-03-01-01"),
    ("客房服务员", "4-03-01-02"),
    ("收银员", "4-01-02-04"),
    ("超市理货员", "4-02-06-02"),
    ("美发师", "4-10-03-02"),
    ("汽车维修工", "4-12-01-01"),
    ("健身教练", "4-14-05-01"),
    ("导游", "4-07-04-01"),
    // care and health
    ("育婴师", "4-10-01-02"),
    ("月嫂", "4-10-01-02"),
    ("住家保姆", "4-10-01-06"),
    ("养老护理员", "4-10-01-05"),
    ("医院护工", "4-14-01-02"),
    ("护士", "2-05-08"),
    ("口腔医生", "2-05-01-07"),
    ("康复治疗师", "2-05-07-13"),
    // sales and marketing
    ("销售代表", "4-01-02-01"),
    ("汽车销售顾问", "4-01-02-01"),
    ("电话销售", "4-01-02-01"),
    ("房产经纪人", "4-06-02-01"),
    ("外贸业务员", "2-06-07-01"),
    ("医药代表", "2-06-07-07"),
    ("淘宝客服", "4-07-02-03"),
    ("电商运营", "4-01-06-01"),
    ("带货主播", "4-01-06-02"),
    ("新媒体运营", "4-13-01-05"),
    // finance, law, office
    ("会计", "2-06-03-00"),
    ("出纳", "2-06-03-00"),
    ("财务经理", "2-06-03"),
    ("审计助理", "2-06-04-00"),
    ("银行柜员", "4-05-01-01"),
    ("保险代理人", "4-05-03-01"),
    ("税务专员", "2-06-05-00"),
    ("人事专员", "2-06-08-01"),
    ("行政文员", "3-01-01-01"),
    ("法务专员", "2-07-09"),
    // education
    ("小学语文老师", "2-08"),
    ("Python讲师", "2-08"),
    ("初中数学教师", "2-08"),
    ("幼儿园老师", "2-08-03-00"),
    ("课程顾问", "4-01-02-01"),
    // construction
    ("木工", "6-29-04"),
    ("钢筋工", "6-29-01-04"),
    ("水电工", "6-29-03"),
    ("土建施工员", "2-02-18-02"),
    ("工程造价", "2-02-30-10"),
    ("建筑设计师", "2-02-18-01"),
    ("项目经理", "2-02-30-04"),
    // the job follows the recruiting word, not the employer's name before it
    ("某某物业管理公司招聘保安", "4-07-05-01"),
    ("人力资源公司急招普工", "6-99-00"),
    ("注塑工程师", "2-02"),
];

#[test]
fn realistic_titles_code_to_the_node_they_are_certain_of() {
    assert!(TITLES.len() >= 60);
    let mut wrong = Vec::new();
    for (title, want) in TITLES {
        let want = code(want);
        match code_text(title, None) {
            Some(k) if k.code.at(want.depth()) == want => {
                assert!((0.0..=1.0).contains(&k.confidence), "{title}");
                assert!(!k.words.is_empty(), "{title}");
                assert_eq!(k.from, "title");
            }
            got => wrong.push(format!(
                "{title}: {:?}, expected {} {}",
                got.map(|k| (k.code.seq(), k.code.name(), k.words)),
                want.seq(),
                want.name()
            )),
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn text_that_names_no_work_is_uncodable() {
    for t in [
        "",
        "   ",
        "储备干部",
        "合伙人",
        "急招！！！",
        "月薪8000包吃住",
        "the quick brown fox",
        "javascriptless",
    ] {
        assert_eq!(code_text(t, None), None, "`{t}`");
    }
    assert_eq!(code_text("储备干部", Some("待遇优厚，欢迎加入")), None);
}

#[test]
fn seniority_pay_and_benefit_words_change_nothing() {
    let pairs = [
        ("高级Java开发工程师", "Java开发工程师"),
        ("资深产品经理", "产品经理"),
        ("初级会计", "会计"),
        ("实习生-数据分析", "数据分析"),
        ("保安（包吃住 月薪5000）", "保安"),
        ("Java开发工程师/13薪/双休", "Java开发工程师"),
        ("中高级前端工程师（急招）", "前端工程师"),
        ("普 工", "普工"),
        ("【五险一金】仓管员", "仓管员"),
    ];
    for (noisy, plain) in pairs {
        let (a, b) = (code_text(noisy, None), code_text(plain, None));
        assert!(b.is_some(), "{plain}");
        assert_eq!(a.map(|k| k.code), b.map(|k| k.code), "{noisy} vs {plain}");
    }
}

#[test]
fn conflicting_words_lower_the_confidence() {
    let clear = code_text("Java开发工程师", None).unwrap();
    let mixed = code_text("Java开发兼仓管", None).unwrap();
    assert!(
        mixed.confidence < clear.confidence,
        "{mixed:?} vs {clear:?}"
    );
    assert!(clear.confidence >= 0.8);
}

#[test]
fn the_description_codes_what_the_title_does_not() {
    let k = code_text(
        "储备干部",
        Some("岗位职责：<br>1、负责仓库管理，货物出入库登记；<br>2、定期盘点，仓库管理经验优先"),
    )
    .unwrap();
    assert_eq!(k.code.seq(), "4-02-06-01");
    assert_eq!(k.from, "description");
    assert!(k.confidence < 0.75);
    assert!(k.words.iter().any(|w| w == "仓库管理"), "{:?}", k.words);
    // A title only sure of a 小类 goes deeper with a description that agrees.
    let k = code_text(
        "司机",
        Some("驾驶货车配送货物，需持有B2驾照，送货司机经验优先"),
    )
    .unwrap();
    assert_eq!(k.code.seq(), "4-02-02-02");
    assert_eq!(k.from, "title");
    assert_eq!(code_text("司机", None).unwrap().code.seq(), "4-02-02");
    // A description split between occupations is coded no deeper than they agree.
    let k = code_text("储备干部", Some("熟悉仓库管理；熟悉软件开发；会计核算"));
    assert!(k.as_ref().is_none_or(|k| k.code.depth() <= 1), "{k:?}");
}

#[test]
fn vacancies_code_from_title_then_description() {
    let job =
        job_from_json(r#"{"id":"j1","title":"高级Java开发工程师","description":"负责后端服务"}"#)
            .unwrap();
    let k = code_job(&job).unwrap();
    assert_eq!(k.code.seq(), "2-02-10-03");
    let job = job_from_json(
        r#"{"id":"j2","title":"储备干部","description":"负责叉车驾驶，物料搬运，持叉车证"}"#,
    )
    .unwrap();
    assert_eq!(code_job(&job).unwrap().code.seq(), "6-30-05-01");
    let job = job_from_json(r#"{"id":"j3","title":"储备干部"}"#).unwrap();
    assert_eq!(code_job(&job), None);
}

#[test]
fn people_code_from_wanted_work_first() {
    let p = candidate_from_json(
        r#"{"id":"c1","desired":{"titles":["普工","保安"]},"experience":[{"title":"厨师"}],"summary":"做过会计"}"#,
    )
    .unwrap();
    let k = code_candidate(&p).unwrap();
    assert_eq!((k.code.seq().as_str(), k.from), ("6-99-00", "desired"));
    let p = candidate_from_json(
        r#"{"id":"c2","desired":{"titles":["什么都行"]},"experience":[{"title":"储备干部"},{"title":"中餐厨师"}]}"#,
    )
    .unwrap();
    let k = code_candidate(&p).unwrap();
    assert_eq!(
        (k.code.seq().as_str(), k.from),
        ("4-03-02-01", "experience")
    );
    let p = candidate_from_json(r#"{"id":"c3","summary":"开过三年叉车，有叉车证"}"#).unwrap();
    let k = code_candidate(&p).unwrap();
    assert_eq!((k.code.seq().as_str(), k.from), ("6-30-05-01", "lexicon"));
    let p = candidate_from_json(r#"{"id":"c4","major":"会计"}"#).unwrap();
    let k = code_candidate(&p).unwrap();
    assert_eq!((k.code.seq().as_str(), k.from), ("2-06-03-00", "major"));
    assert!(k.confidence < 0.6);
    let p = candidate_from_json(r#"{"id":"c5","summary":"性格开朗"}"#).unwrap();
    assert_eq!(code_candidate(&p), None);
}

#[test]
fn protected_attributes_never_change_a_persons_code() {
    let base = r#""desired":{"titles":["仓库管理员"]},"summary":"会开叉车""#;
    let plain = candidate_from_json(&format!(r#"{{"id":"c1",{base}}}"#)).unwrap();
    let marked = candidate_from_json(&format!(
        r#"{{"id":"c1","groups":["migrant_worker","disabled"],"x_sex":"女","x_ethnicity":"回族","x_hukou":"农业",{base}}}"#
    ))
    .unwrap();
    assert_eq!(marked.groups.len(), 2);
    assert!(code_candidate(&plain).is_some());
    assert_eq!(code_candidate(&plain), code_candidate(&marked));
}

#[test]
fn the_head_noun_at_the_end_of_a_title_decides() {
    for (title, want) in [
        ("养老院厨师", "4-03-02-01"),
        ("房地产抖音主播", "4-01-06-02"),
        ("仓库操作员", "4-02-06-01"),
        ("测试工程师（提供住宿）", "4-04-05-02"),
        ("外贸业务员", "2-06-07-01"),
        ("算法工程师（财务系统）", "2-02-38-01"),
        ("储备干部（销售方向）", "4-01-02"),
        ("采购助理", "4-01-01-00"),
        ("洗衣机工艺工程师", "2-02-07-02"),
        ("洗衣机工程师", "2-02"),
        ("销售工程师", "4-01-02-01"),
        ("汽车座椅操作工", "6-99-00"),
        ("汽车座椅工程师", "2-02"),
    ] {
        let k = code_text(title, None).unwrap();
        assert_eq!(k.code.seq(), want, "{title}: {k:?}");
    }
}

#[test]
fn every_keyword_alone_codes_to_its_own_row() {
    let table = include_str!("../../data/occupation_keywords.tsv");
    let mut rows = 0;
    let mut wrong = Vec::new();
    for line in table.lines() {
        if line.starts_with('#') || line.starts_with("keyword\t") || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        rows += 1;
        let got = code_text(cols[0], None).map(|k| k.code.seq());
        if got.as_deref() != Some(cols[1]) {
            wrong.push(format!("{} → {got:?}, row says {}", cols[0], cols[1]));
        }
    }
    assert!(rows >= 500, "{rows} rows");
    assert!(wrong.is_empty(), "{wrong:#?}");
}

proptest::proptest! {
    #[test]
    fn any_text_codes_without_panic_and_names_its_words(
        picks in proptest::collection::vec(0usize..24, 0..12),
        desc in proptest::collection::vec(0usize..24, 0..20),
    ) {
        const PIECES: [&str; 24] = [
            "java", "前端", "工程师", "（", "）", "【", "】", "招聘", "普 工", "保安", "不会",
            "开叉车", "销售", "助理", "高级", "月薪8000", "司机", "厨师", "a", "c++", "仓", "管",
            "  ", "護士",
        ];
        let title: String = picks.iter().map(|&i| PIECES[i]).collect();
        let description: String = desc.iter().map(|&i| PIECES[i]).collect();
        let squeezed: String = crate::text::normalise::fold(&title).split(' ').collect();
        if let Some(k) = code_text(&title, None) {
            proptest::prop_assert!((0.0..=1.0).contains(&k.confidence));
            proptest::prop_assert!(!k.words.is_empty());
            for w in &k.words {
                let w: String = w.split(' ').collect();
                proptest::prop_assert!(squeezed.contains(&w), "{} not in {}", w, squeezed);
            }
            proptest::prop_assert_eq!(Code::parse(&k.code.seq()), Some(k.code));
        }
        if let Some(k) = code_text(&title, Some(&description)) {
            proptest::prop_assert!((0.0..=1.0).contains(&k.confidence));
            proptest::prop_assert!(!k.code.name().is_empty());
        }
    }
}
