//! Golden segmentation tests through the public API, on real sentences from the postings
//! (`cn_jobs_jobhunting`, quoted as published) and on the seed policy language. A change to the
//! dictionary or the normaliser that moves any of these is a change of behaviour to review.

use bole::text::chinese::{bigrams, register_tokenizers, Segmenter};

/// input → expected words.
const GOLDEN: &[(&str, &[&str])] = &[
    // Postings.
    (
        "招聘数控车床操作工，包吃住，五险一金",
        &["招聘", "数控车床操作工", "包吃住", "五险一金"],
    ),
    (
        "②F电叉车司机提成0.6元/票",
        &["f", "电", "叉车司机", "提成", "0.6", "元", "票"],
    ),
    (
        "2、持有育婴师等相关证书",
        &["2", "持有", "育婴师", "等", "相关", "证书"],
    ),
    ("育婴师/月嫂", &["育婴师", "月嫂"]),
    (
        "月子中心诚聘月嫂 接受无经验",
        &["月子中心", "诚聘", "月嫂", "接受", "无经验"],
    ),
    (
        "养老护理员、保洁员、钟点工、育婴师等",
        &["养老护理员", "保洁员", "钟点工", "育婴师", "等"],
    ),
    (
        "福利：六险一金、包吃住（小区单人间、一日三餐）",
        &["福利", "六险一金", "包吃住", "小区", "单人间", "一日三餐"],
    ),
    (
        "3.全额五险一金的缴纳",
        &["3", "全额", "五险一金", "的", "缴纳"],
    ),
    ("5、持有C1驾照", &["5", "持有", "c1驾照"]),
    (
        "有焊工证优先、有线缆行业经验优先",
        &["有", "焊工证", "优先", "有", "线缆", "行业", "经验", "优先"],
    ),
    (
        "3.有健康证(没有的可先面试",
        &["3", "有", "健康证", "没有", "的", "可先", "面试"],
    ),
    ("结算方式：日结", &["结算", "方式", "日结"]),
    (
        "急招普工，包装工，操作工",
        &["急招", "普工", "包装工", "操作工"],
    ),
    (
        "有保安经验，无案底，持保安证",
        &["有", "保安", "经验", "无案底", "持", "保安证"],
    ),
    (
        "熟悉母婴月子护理行业标准和法规",
        &["熟悉", "母婴", "月子", "护理", "行业标准", "和", "法规"],
    ),
    (
        "熟练使用AutoCAD、SolidWorks等制图软件",
        &[
            "熟练",
            "使用",
            "autocad",
            "solidworks",
            "等",
            "制图",
            "软件",
        ],
    ),
    (
        "熟悉PLC编程，会C++和Node.js",
        &["熟悉", "plc", "编程", "会", "c++", "和", "node.js"],
    ),
    (
        "需持有育婴员证、健康证",
        &["需", "持有", "育婴员证", "健康证"],
    ),
    // Seed policy language.
    (
        "开发公益性岗位托底安置就业困难人员",
        &["开发", "公益性岗位", "托底", "安置", "就业困难人员"],
    ),
    (
        "组织离校未就业高校毕业生参加就业见习",
        &["组织", "离校未就业", "高校毕业生", "参加", "就业见习"],
    ),
    (
        "资溪面包师、临川建筑工、广昌物流员、新田保姆",
        &["资溪面包师", "临川建筑工", "广昌物流员", "新田保姆"],
    ),
    ("工资日结，提供食宿", &["工资", "日结", "提供食宿"]),
];

/// (traditional, simplified) twins: both must give the same words.
const TWINS: &[(&str, &str)] = &[
    (
        "招聘數控車床操作工，包吃住，五險一金",
        "招聘数控车床操作工，包吃住，五险一金",
    ),
    (
        "開發公益性崗位托底安置就業困難人員",
        "开发公益性岗位托底安置就业困难人员",
    ),
    (
        "組織離校未就業高校畢業生參加就業見習",
        "组织离校未就业高校毕业生参加就业见习",
    ),
    (
        "養老護理員、保潔員、鐘點工、育嬰師等",
        "养老护理员、保洁员、钟点工、育婴师等",
    ),
    ("持有C1駕照，有叉車證者優先", "持有C1驾照，有叉车证者优先"),
    (
        "月子中心誠聘月嫂，接受無經驗",
        "月子中心诚聘月嫂，接受无经验",
    ),
    (
        "資溪麵包師、臨川建築工、廣昌物流員、新田保姆",
        "资溪面包师、临川建筑工、广昌物流员、新田保姆",
    ),
    ("工資日結，提供食宿", "工资日结，提供食宿"),
    (
        "福利：六險一金、包吃住（小區單人間、一日三餐）",
        "福利：六险一金、包吃住（小区单人间、一日三餐）",
    ),
    (
        "有焊工證優先，有線纜行業經驗優先",
        "有焊工证优先，有线缆行业经验优先",
    ),
    ("招聘叉車司機，育嬰師/月嫂", "招聘叉车司机，育婴师/月嫂"),
    // Full-width Latin and digits fold to the same words too.
    ("持有Ｃ１驾照，会ＰＬＣ编程", "持有C1驾照，会PLC编程"),
];

#[test]
fn golden_table() {
    let seg = Segmenter::global();
    let mut failures = Vec::new();
    for (input, want) in GOLDEN {
        let got = seg.words(input);
        if got != *want {
            failures.push(format!("{input}\n  want {want:?}\n  got  {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn traditional_twins_segment_alike() {
    let seg = Segmenter::global();
    for (trad, simp) in TWINS {
        let t = seg.words(trad);
        assert!(!t.is_empty());
        assert_eq!(t, seg.words(simp), "{trad} / {simp}");
        assert_eq!(
            bigrams(&bole::text::normalise::fold(trad)),
            bigrams(&bole::text::normalise::fold(simp)),
            "bigrams of {trad}"
        );
    }
}

#[test]
fn words_into_appends() {
    let mut buf = vec!["已有".to_string()];
    Segmenter::global().words_into("叉车司机", &mut buf);
    assert_eq!(buf, ["已有", "叉车司机"]);
}

/// The registered tokenizers give ordinal positions and byte offsets of the text given.
#[test]
fn registered_tokenizers() {
    use tantivy::schema::Schema;
    let index = tantivy::Index::create_in_ram(Schema::builder().build());
    register_tokenizers(&index);
    let mut zh = index.tokenizers().get("zh").expect("zh registered");
    let text = "持有C1驾照，包吃住";
    let mut got = Vec::new();
    zh.token_stream(text).process(&mut |t| {
        got.push((
            t.text.clone(),
            t.position,
            &text[t.offset_from..t.offset_to],
        ))
    });
    assert_eq!(
        got,
        [
            ("持有".to_string(), 0, "持有"),
            ("c1驾照".to_string(), 1, "C1驾照"),
            ("包吃住".to_string(), 2, "包吃住")
        ]
    );
    let mut bg = index
        .tokenizers()
        .get("zh_bigram")
        .expect("zh_bigram registered");
    let mut grams = Vec::new();
    bg.token_stream("叉车司机")
        .process(&mut |t| grams.push((t.text.clone(), t.position)));
    assert_eq!(
        grams,
        [
            ("叉车".to_string(), 0),
            ("车司".to_string(), 1),
            ("司机".to_string(), 2)
        ]
    );
}
