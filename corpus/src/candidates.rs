//! Job seekers registered at public employment offices, in their own words.
//!
//! No record carries or mentions sex, ethnicity, religion or 户籍: the generator never draws
//! them, so nothing downstream can learn from them.

use bole::model::{Candidate, Desired, Experience, Group, JobKind, Needs};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use crate::places::{Place, ELSEWHERE, FAR_CITIES, SEED};
use crate::trades::{by_title, Sector, Trade, MAJORS, TRADES};
use crate::util::{
    chance, hant_all, hant_opt, location, pick, record_rng, round_to, some, weighted,
};

/// Stream salt so candidates and jobs of the same seed draw unrelated numbers.
const SALT: u64 = 0x6361_6e64_0000_0002;

/// Who the person is, which decides groups, trades and how they talk.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Graduate,
    Youth,
    Migrant,
    Older,
    Disabled,
    Veteran,
    General,
}

const KINDS: &[(Kind, u32)] = &[
    (Kind::Graduate, 22),
    (Kind::Youth, 9),
    (Kind::Migrant, 26),
    (Kind::Older, 15),
    (Kind::Disabled, 7),
    (Kind::Veteran, 5),
    (Kind::General, 16),
];

const YOUTH_TRADES: &[&str] = &[
    "服务员",
    "快递员",
    "普工",
    "电商运营",
    "汽车维修工",
    "面包师",
    "快递分拣员",
    "销售代表",
    "保安",
    "帮厨",
    "仓管员",
];
const OLDER_TRADES: &[&str] = &[
    "保洁员",
    "保安",
    "社区保洁员",
    "护林员",
    "公益性岗位协管员",
    "养老护理员",
    "帮厨",
    "保姆",
    "手工串珠（可居家）",
    "采茶工",
    "仓管员",
    "普工",
    "厨师",
];
const DISABLED_TRADES: &[&str] = &[
    "手工串珠（可居家）",
    "文员",
    "电商运营",
    "公益性岗位协管员",
    "质检员",
    "面包师",
    "保洁员",
    "会计",
    "Java开发工程师",
    "缝纫工",
];
const VETERAN_TRADES: &[&str] = &[
    "保安",
    "货车司机",
    "叉车司机",
    "快递员",
    "电工",
    "公益性岗位协管员",
    "销售代表",
    "厨师",
];

/// Generates job seeker `i` of the corpus with `seed`.
pub(crate) fn candidate(seed: u64, i: u64) -> Candidate {
    let rng = &mut record_rng(seed, SALT, i);
    let kind = KINDS[weighted(rng, KINDS, |k| k.1)].0;
    let place = if chance(rng, 0.1) {
        pick(rng, ELSEWHERE)
    } else {
        &SEED[weighted(rng, SEED, |p| if p.rural { 2 } else { 3 })]
    };
    let mut p = Person::new(rng, kind, place);
    p.fill(rng);
    let mut c = p.into_candidate(rng, seed, i);
    if chance(rng, 0.05) {
        to_traditional(&mut c);
    }
    c
}

fn to_traditional(c: &mut Candidate) {
    hant_opt(&mut c.summary);
    hant_opt(&mut c.major);
    hant_opt(&mut c.education);
    hant_all(&mut c.skills);
    hant_all(&mut c.certificates);
    for e in &mut c.experience {
        hant_opt(&mut e.title);
        hant_opt(&mut e.employer);
        hant_opt(&mut e.description);
    }
    if let Some(d) = &mut c.desired {
        hant_all(&mut d.titles);
        hant_all(&mut d.regions);
    }
    if let Some(h) = &mut c.home {
        hant_opt(&mut h.region);
    }
}

/// Everything drawn about one person before it becomes a record.
struct Person {
    kind: Kind,
    place: &'static Place,
    groups: Vec<Group>,
    trade: &'static Trade,
    second: Option<&'static Trade>,
    education: Option<String>,
    major: Option<String>,
    graduation_year: Option<i32>,
    certs: Vec<String>,
    experience: Vec<Experience>,
    summary: Vec<String>,
    kinds: Vec<JobKind>,
    needs: Needs,
    commute: Option<f64>,
}

fn edu(rng: &mut ChaCha8Rng, table: &[(&[&'static str], u32)]) -> String {
    let spellings = table[weighted(rng, table, |e| e.1)].0;
    pick(rng, spellings).to_string()
}

const BACHELOR: &[&str] = &["本科", "大学本科", "统招本科", "全日制本科", "本科学历"];
const COLLEGE: &[&str] = &["大专", "大学专科", "专科", "高职（大专）", "大专学历"];
const MASTER: &[&str] = &["硕士", "硕士研究生", "研究生"];
const SECONDARY: &[&str] = &["中专", "中专/中技", "中技", "职高", "技校", "中等专科"];
const HIGH: &[&str] = &["高中", "普通高中", "高中毕业"];
const JUNIOR: &[&str] = &["初中", "初中毕业", "初中及以下", "初中文化"];
const PRIMARY: &[&str] = &["小学", "小学文化", "小学毕业"];

fn manual_trade(rng: &mut ChaCha8Rng) -> &'static Trade {
    loop {
        let t = &TRADES[weighted(rng, TRADES, |t| t.weight)];
        if matches!(
            t.sector,
            Sector::Factory
                | Sector::Construction
                | Sector::Logistics
                | Sector::Household
                | Sector::Catering
                | Sector::Service
                | Sector::Farm
        ) && !t.titles[0].starts_with("手工")
        {
            return t;
        }
    }
}

fn push_group(groups: &mut Vec<Group>, g: Group) {
    if !groups.contains(&g) {
        groups.push(g);
    }
}

impl Person {
    fn new(rng: &mut ChaCha8Rng, kind: Kind, place: &'static Place) -> Person {
        let trade = match kind {
            Kind::Graduate => by_title(pick(rng, MAJORS).1),
            Kind::Youth => by_title(pick::<&str>(rng, YOUTH_TRADES)),
            Kind::Migrant => manual_trade(rng),
            Kind::Older => by_title(pick::<&str>(rng, OLDER_TRADES)),
            Kind::Disabled => by_title(pick::<&str>(rng, DISABLED_TRADES)),
            Kind::Veteran => by_title(pick::<&str>(rng, VETERAN_TRADES)),
            Kind::General => &TRADES[weighted(rng, TRADES, |t| t.weight)],
        };
        Person {
            kind,
            place,
            groups: Vec::new(),
            trade,
            second: None,
            education: None,
            major: None,
            graduation_year: None,
            certs: Vec::new(),
            experience: Vec::new(),
            summary: Vec::new(),
            kinds: vec![JobKind::FullTime],
            needs: Needs::default(),
            commute: None,
        }
    }

    fn fill(&mut self, rng: &mut ChaCha8Rng) {
        match self.kind {
            Kind::Graduate => self.graduate(rng),
            Kind::Youth => self.youth(rng),
            Kind::Migrant => self.migrant(rng),
            Kind::Older => self.older(rng),
            Kind::Disabled => self.disabled(rng),
            Kind::Veteran => self.veteran(rng),
            Kind::General => self.general(rng),
        }
        // Household circumstances cut across every kind of person.
        let rural = self.place.rural;
        if chance(rng, if rural { 0.12 } else { 0.04 }) {
            push_group(&mut self.groups, Group::PovertyAlleviated);
            if chance(rng, 0.5) {
                self.summary.push(
                    pick(
                        rng,
                        &[
                            "村里帮扶干部推荐我来登记的",
                            "家里是脱贫户，想有份稳定收入",
                            "驻村工作队让来这边看看",
                        ],
                    )
                    .to_string(),
                );
            }
        }
        if chance(rng, 0.04) {
            push_group(&mut self.groups, Group::ZeroEmploymentFamily);
            self.summary.push(
                pick(
                    rng,
                    &[
                        "家里目前没人有工作，急需一份稳定收入",
                        "家里两个大人都没工作，想尽快上岗",
                    ],
                )
                .to_string(),
            );
        }
        if self.commute.is_none() && chance(rng, 0.3) {
            self.commute = Some(*pick(rng, &[5.0, 10.0, 15.0, 20.0, 30.0, 50.0]));
        }
        for c in self.trade.certs {
            if chance(rng, 0.35) && !self.certs.iter().any(|x| x == c) {
                self.certs.push(c.to_string());
            }
        }
    }

    fn graduate(&mut self, rng: &mut ChaCha8Rng) {
        self.groups.push(Group::Graduate);
        let major = MAJORS
            .iter()
            .filter(|m| m.1 == self.trade.titles[0])
            .collect::<Vec<_>>();
        let major = pick(rng, &major).0;
        let e = edu(rng, &[(BACHELOR, 50), (COLLEGE, 42), (MASTER, 8)]);
        let year = rng.gen_range(2024..=2026);
        if year <= 2025 && chance(rng, 0.35) {
            self.groups.push(Group::YouthUnemployed);
            self.summary
                .push("毕业后一直在备考，还没找到合适的工作".to_string());
        }
        if chance(rng, 0.02) {
            self.disability(rng);
        }
        let level = if COLLEGE.contains(&e.as_str()) {
            "专科"
        } else if MASTER.contains(&e.as_str()) {
            "研究生"
        } else {
            "本科"
        };
        self.summary.insert(
            0,
            match rng.gen_range(0..3) {
                0 => format!("{year}届{major}专业{level}毕业生"),
                1 => format!("{major}专业，{year}年{level}毕业"),
                _ => format!("我是{year}年毕业的{major}专业学生"),
            },
        );
        let k = rng.gen_range(1..=2);
        for s in some(rng, self.trade.says, k) {
            self.summary.push(s.to_string());
        }
        if chance(rng, 0.7) {
            let months = if year == 2026 {
                0.5
            } else {
                *pick(rng, &[0.5, 1.0])
            };
            let title = format!(
                "实习{}",
                pick(rng, self.trade.past).trim_start_matches("实习")
            );
            self.experience.push(Experience {
                title: Some(title),
                employer: Some(employer_near(rng, self.trade, self.place)),
                years: Some(months),
                description: Some(pick(rng, self.trade.duties).to_string()),
                extra: Default::default(),
            });
        }
        self.summary.push(
            pick(
                rng,
                &[
                    "希望找一份和专业对口的工作",
                    "想先找个见习岗位积累经验",
                    "想回家乡工作，离家近一点",
                    "能接受基层岗位，愿意从头学起",
                    "想找个稳定点的单位",
                ],
            )
            .to_string(),
        );
        for (c, p) in [("计算机二级", 0.3), ("英语四级", 0.25), ("C1驾照", 0.3)] {
            if chance(rng, p) {
                self.certs.push(c.to_string());
            }
        }
        if chance(rng, 0.5) {
            self.kinds.push(JobKind::Internship);
        }
        self.education = Some(e);
        self.major = Some(major.to_string());
        self.graduation_year = Some(year);
    }

    fn youth(&mut self, rng: &mut ChaCha8Rng) {
        self.groups.push(Group::YouthUnemployed);
        let e = edu(rng, &[(SECONDARY, 40), (HIGH, 35), (JUNIOR, 25)]);
        if SECONDARY.contains(&e.as_str()) && chance(rng, 0.6) {
            let m = *pick(
                rng,
                &[
                    "汽车运用与维修",
                    "计算机应用",
                    "电子商务",
                    "中餐烹饪",
                    "会计事务",
                    "机电技术应用",
                    "幼儿保育",
                ],
            );
            self.major = Some(m.to_string());
            self.graduation_year = Some(rng.gen_range(2023..=2026));
            self.summary.push(format!("{e}学的{m}"));
        } else {
            self.summary.push(
                pick(
                    rng,
                    &[
                        "高中毕业后在家待了一年",
                        "初中毕业就出来了",
                        "读完书在家帮了一阵忙",
                    ],
                )
                .to_string(),
            );
        }
        self.education = Some(e);
        if chance(rng, 0.6) {
            let y = *pick(rng, &[0.3, 0.5, 1.0]);
            self.experience.push(Experience {
                title: Some(pick(rng, self.trade.past).to_string()),
                employer: Some(employer_near(rng, self.trade, self.place)),
                years: Some(y),
                description: Some(pick(rng, &lived(self.trade)).to_string()),
                extra: Default::default(),
            });
            self.summary.push(pick(rng, &lived(self.trade)).to_string());
        }
        self.summary.push(
            pick(
                rng,
                &[
                    "想学门手艺",
                    "能吃苦，愿意从学徒做起",
                    "想找个包吃住的工作先干着",
                    "听说有见习岗位，想试试",
                ],
            )
            .to_string(),
        );
        if chance(rng, 0.4) {
            self.kinds.push(JobKind::Internship);
        }
        if chance(rng, 0.3) {
            self.kinds.push(JobKind::PartTime);
        }
    }

    fn migrant(&mut self, rng: &mut ChaCha8Rng) {
        self.groups.push(Group::MigrantWorker);
        self.education = Some(edu(
            rng,
            &[(JUNIOR, 50), (PRIMARY, 10), (HIGH, 20), (SECONDARY, 20)],
        ));
        let age = rng.gen_range(25..=58);
        if age >= 50 && chance(rng, 0.6) {
            self.groups.push(Group::OlderWorker);
        }
        if chance(rng, 0.4) {
            let t = manual_trade(rng);
            if !std::ptr::eq(t, self.trade) {
                self.second = Some(t);
            }
        }
        let far = *pick(rng, FAR_CITIES);
        let n: u32 = rng.gen_range(2..=((age - 18) / 2).clamp(3, 20));
        let workplace = match self.trade.sector {
            Sector::Construction => "工地",
            Sector::Household => "人家里",
            Sector::Catering => "饭店",
            Sector::Logistics => "物流园",
            _ => pick(rng, &["电子厂", "工厂", "厂里"]),
        };
        self.summary.push(format!("在{far}{workplace}干了{n}年"));
        let k = rng.gen_range(1..=2);
        for s in some(rng, &lived(self.trade), k) {
            self.summary.push(s.to_string());
        }
        if let Some(t) = self.second {
            self.summary.push(pick(rng, &lived(t)).to_string());
        }
        self.experience.push(Experience {
            title: Some(pick(rng, self.trade.past).to_string()),
            employer: Some(far_employer(rng, far, self.trade)),
            years: Some(n as f64),
            description: chance(rng, 0.6).then(|| pick(rng, &lived(self.trade)).to_string()),
            extra: Default::default(),
        });
        if let Some(t) = self.second {
            let y = *pick(rng, &[0.5, 1.0, 2.0, 3.0]);
            self.experience.push(Experience {
                title: Some(pick(rng, t.past).to_string()),
                employer: Some(employer_near(rng, t, self.place)),
                years: Some(y),
                description: None,
                extra: Default::default(),
            });
        }
        let home = self.place.name();
        self.summary.push(match rng.gen_range(0..4) {
            0 => format!("家里有老人孩子要照顾，今年回{home}了，想在附近找活"),
            1 => format!("返乡了，想在{}找个稳定的活", self.place.city),
            2 => "外面干累了，想离家近点".to_string(),
            _ => format!("哪里都能去，{}优先", self.place.city),
        });
        if chance(rng, 0.35) {
            self.needs.accommodation = Some(true);
            self.summary.push("最好包吃住".to_string());
        }
        if chance(rng, 0.35) {
            self.kinds.push(JobKind::Gig);
        }
        if chance(rng, 0.4) {
            self.commute = Some(*pick(rng, &[10.0, 20.0, 30.0, 50.0]));
        }
    }

    fn older(&mut self, rng: &mut ChaCha8Rng) {
        let older = chance(rng, 0.7);
        if older {
            self.groups.push(Group::OlderWorker);
        }
        if !older || chance(rng, 0.7) {
            self.groups.push(Group::HardToEmploy);
        }
        if chance(rng, 0.3) {
            self.groups.push(Group::LongTermUnemployed);
        }
        self.education = Some(edu(
            rng,
            &[(JUNIOR, 45), (PRIMARY, 20), (HIGH, 25), (SECONDARY, 10)],
        ));
        let old_job = *pick(
            rng,
            &[
                ("挡车工", "纺织厂"),
                ("装配工", "机械厂"),
                ("营业员", "供销社"),
                ("包装工", "食品厂"),
                ("钳工", "农机厂"),
            ],
        );
        let y = rng.gen_range(8..=20) as f64;
        self.experience.push(Experience {
            title: Some(old_job.0.to_string()),
            employer: Some(format!("{}{}", self.place.city_short(), old_job.1)),
            years: Some(y),
            description: chance(rng, 0.5).then(|| "厂子改制后下岗".to_string()),
            extra: Default::default(),
        });
        self.summary.push(match rng.gen_range(0..3) {
            0 => format!("以前在{}上班，厂子改制后一直打零工", old_job.1),
            1 => "五十多了，重活干不动了".to_string(),
            _ => "年纪大了点，但身体还行，能干活".to_string(),
        });
        self.summary.push(pick(rng, &lived(self.trade)).to_string());
        self.summary.push(
            pick(
                rng,
                &[
                    "想找个保洁、门卫之类的活",
                    "离家近点就行",
                    "听说有公益性岗位，想报名",
                    "工资低点没关系，稳定就行",
                ],
            )
            .to_string(),
        );
        if chance(rng, 0.6) {
            self.kinds.push(JobKind::PublicWelfare);
        }
        if chance(rng, 0.3) {
            self.kinds.push(JobKind::PartTime);
        }
        if chance(rng, 0.3) {
            self.needs.flexible_hours = Some(true);
            self.summary
                .push("家里有老人要照顾，时间要灵活点".to_string());
        }
        if chance(rng, 0.6) {
            self.commute = Some(*pick(rng, &[3.0, 5.0, 8.0, 10.0, 15.0]));
        }
    }

    fn disability(&mut self, rng: &mut ChaCha8Rng) {
        push_group(&mut self.groups, Group::Disabled);
        self.summary.push(
            pick(
                rng,
                &[
                    "肢体残疾，腿脚不太方便，有残疾证",
                    "听力残疾，戴助听器，沟通可以打字",
                    "视力不太好，低视力",
                    "右手不太灵活，左手干活没问题",
                    "小时候生病落下残疾，走路有点跛",
                ],
            )
            .to_string(),
        );
        if chance(rng, 0.85) {
            self.needs.accessible = Some(true);
        }
        if chance(rng, 0.4) {
            self.needs.flexible_hours = Some(true);
        }
    }

    fn disabled(&mut self, rng: &mut ChaCha8Rng) {
        self.disability(rng);
        if chance(rng, 0.7) {
            self.groups.push(Group::HardToEmploy);
        }
        self.education = Some(edu(
            rng,
            &[(COLLEGE, 20), (SECONDARY, 25), (HIGH, 30), (JUNIOR, 25)],
        ));
        self.summary.push(pick(rng, &lived(self.trade)).to_string());
        if chance(rng, 0.6) {
            let y = *pick(rng, &[0.5, 1.0, 2.0, 4.0]);
            self.experience.push(Experience {
                title: Some(pick(rng, self.trade.past).to_string()),
                employer: Some(employer_near(rng, self.trade, self.place)),
                years: Some(y),
                description: None,
                extra: Default::default(),
            });
        }
        self.summary.push(
            pick(
                rng,
                &[
                    "想找坐着干的活",
                    "会用电脑打字",
                    "能做手工，手很稳",
                    "希望单位有无障碍设施",
                ],
            )
            .to_string(),
        );
        if chance(rng, 0.4) {
            self.kinds.push(JobKind::PartTime);
        }
        if chance(rng, 0.4) {
            self.kinds.push(JobKind::PublicWelfare);
        }
        if chance(rng, 0.6) {
            self.commute = Some(*pick(rng, &[2.0, 3.0, 5.0, 10.0]));
        }
    }

    fn veteran(&mut self, rng: &mut ChaCha8Rng) {
        self.groups.push(Group::Veteran);
        self.education = Some(edu(
            rng,
            &[(HIGH, 40), (SECONDARY, 25), (COLLEGE, 30), (BACHELOR, 5)],
        ));
        let n = rng.gen_range(2..=12);
        let (title, line) = *pick(
            rng,
            &[
                ("汽车兵", "在部队开过车，驾驶技术过硬"),
                ("士兵", "身体素质好，服从管理"),
                ("炊事员", "在部队炊事班干过，会做大锅菜"),
                ("通信兵", "会弄电脑和线路"),
                ("班长", "带过兵，能吃苦"),
            ],
        );
        self.experience.push(Experience {
            title: Some(title.to_string()),
            employer: Some(pick(rng, &["中国人民解放军某部", "武警某部", "某部队"]).to_string()),
            years: Some(n as f64),
            description: Some(line.to_string()),
            extra: Default::default(),
        });
        self.summary
            .push(format!("退役军人，在部队服役{n}年，{line}"));
        if title == "汽车兵" {
            self.certs
                .push(pick(rng, &["B2驾照", "A2驾照"]).to_string());
        }
        self.summary.push(
            pick(
                rng,
                &[
                    "想找保安、司机或者物业管理类工作",
                    "退役后在家待了半年，想尽快上班",
                    "愿意到企业从基层干起",
                ],
            )
            .to_string(),
        );
    }

    fn general(&mut self, rng: &mut ChaCha8Rng) {
        if chance(rng, 0.3) {
            self.groups.push(Group::LongTermUnemployed);
            self.summary.push("失业一年多了".to_string());
        }
        self.education = chance(rng, 0.9).then(|| {
            edu(
                rng,
                &[
                    (BACHELOR, 10),
                    (COLLEGE, 25),
                    (SECONDARY, 20),
                    (HIGH, 25),
                    (JUNIOR, 20),
                ],
            )
        });
        let y = rng.gen_range(1..=10) as f64;
        self.experience.push(Experience {
            title: Some(pick(rng, self.trade.past).to_string()),
            employer: Some(employer_near(rng, self.trade, self.place)),
            years: Some(y),
            description: chance(rng, 0.4).then(|| pick(rng, &lived(self.trade)).to_string()),
            extra: Default::default(),
        });
        let k = rng.gen_range(1..=2);
        for s in some(rng, &lived(self.trade), k) {
            self.summary.push(s.to_string());
        }
        if chance(rng, 0.35) {
            self.needs.flexible_hours = Some(true);
            self.summary.push(
                pick(
                    rng,
                    &[
                        "孩子上学了，想找个时间灵活点的工作",
                        "要接送孩子，希望能早下班",
                        "只能做白班",
                    ],
                )
                .to_string(),
            );
            self.kinds.push(JobKind::PartTime);
        }
    }

    fn into_candidate(self, rng: &mut ChaCha8Rng, seed: u64, i: u64) -> Candidate {
        let trade = self.trade;
        let mut skills: Vec<String> = {
            let k = rng.gen_range(1..=4);
            some(rng, trade.skills, k)
                .into_iter()
                .map(String::from)
                .collect()
        };
        if let Some(t) = self.second {
            skills.push(pick(rng, t.skills).to_string());
        }
        // People also list skills in their own words (开叉车, 会做饭).
        if chance(rng, 0.2) {
            let s = *pick(rng, &lived(trade));
            if s.chars().count() <= 6 && !s.starts_with('有') {
                skills.push(s.to_string());
            }
        }
        if chance(rng, 0.1) {
            skills.clear();
        }

        let mut titles: Vec<String> = Vec::new();
        titles.push(if chance(rng, 0.6) {
            pick(rng, trade.titles).to_string()
        } else {
            pick(rng, trade.wants).to_string()
        });
        if chance(rng, 0.4) {
            let w = pick(rng, trade.wants).to_string();
            if !titles.contains(&w) {
                titles.push(w);
            }
        }
        if let Some(t) = self.second {
            titles.push(pick(rng, t.wants).to_string());
        }
        let p = self.place;
        let mut regions = Vec::new();
        match rng.gen_range(0..10) {
            0..=2 => regions.push(p.city.to_string()),
            3..=4 => regions.push(format!("{}{}", p.city, p.name())),
            5 => regions.push(p.name().to_string()),
            6 => {
                regions.push(p.name().to_string());
                regions.push(p.city.to_string());
            }
            7 if self.kind == Kind::Migrant || self.kind == Kind::Graduate => {
                regions.push(p.city.to_string());
                regions.push(format!("{}市", pick(rng, FAR_CITIES)));
            }
            _ => {}
        }
        let salary_min = chance(rng, 0.65).then(|| {
            let base = match self.kinds.first() {
                Some(JobKind::PublicWelfare) => 1800.0,
                _ => trade.pay.0 as f64,
            };
            round_to(base * p.pay * rng.gen_range(0.85..1.15), 500.0).max(1500.0)
        });
        let mut kinds = self.kinds;
        kinds.dedup();
        let desired = Desired {
            titles,
            regions,
            salary_min,
            kinds: if chance(rng, 0.8) { kinds } else { Vec::new() },
            extra: Default::default(),
        };
        let needs = (self.needs.accessible.is_some()
            || self.needs.flexible_hours.is_some()
            || self.needs.accommodation.is_some())
        .then_some(self.needs);
        let summary = chance(rng, 0.96).then(|| {
            let mut s = self.summary.join("，");
            s.push('。');
            s
        });
        Candidate {
            id: format!("c-{seed}-{i}"),
            groups: self.groups,
            education: self.education,
            major: self.major,
            graduation_year: self.graduation_year,
            skills,
            certificates: self.certs,
            experience: self.experience,
            summary,
            desired: Some(desired),
            home: Some(location(rng, p, 8.0)),
            max_commute_km: self.commute,
            needs,
            extra: Default::default(),
        }
    }
}

/// What someone who has done the trade for a living says about it: résumé lines about
/// internships and exams only fit graduates.
fn lived(trade: &Trade) -> Vec<&'static str> {
    let v: Vec<&'static str> = trade
        .says
        .iter()
        .copied()
        .filter(|s| !s.contains("实习") && !s.contains("毕业") && !s.contains("考了"))
        .collect();
    if v.is_empty() {
        trade.says.to_vec()
    } else {
        v
    }
}

/// A plausible local employer for past work in `trade`.
fn employer_near(rng: &mut ChaCha8Rng, trade: &Trade, place: &Place) -> String {
    if trade.firms.is_empty() {
        return format!(
            "{}{}",
            place.name(),
            pick(rng, &["社区居委会", "村委会", "林场"])
        );
    }
    let firm = pick(rng, trade.firms);
    match rng.gen_range(0..3) {
        0 => format!(
            "{}某{}",
            place.city_short(),
            firm.trim_end_matches("有限公司").trim_end_matches("连锁")
        ),
        1 => format!(
            "{}{}{}",
            place.short(),
            pick(rng, &["宏达", "新世纪", "金源", "顺丰源", "华兴"]),
            firm
        ),
        _ => format!("{}{}", place.city, firm),
    }
}

/// How migrant workers name the firm they worked for far away (often vaguely).
fn far_employer(rng: &mut ChaCha8Rng, far: &str, trade: &Trade) -> String {
    let vague: &[&str] = match trade.sector {
        Sector::Construction => &["某建筑工地", "某建筑劳务公司", "中建某项目部"],
        Sector::Household => &["某家政公司", "私人家庭", "某月子会所"],
        Sector::Logistics => &["某物流公司", "某快递网点", "某物流园"],
        Sector::Catering => &["某饭店", "某酒楼", "某食堂", "某面包店"],
        Sector::Service => &["某物业公司", "某小区", "某商场"],
        Sector::Farm => &["某农场", "某种植基地"],
        _ => &["某电子厂", "某鞋厂", "某服装厂", "某五金厂", "某玩具厂"],
    };
    match rng.gen_range(0..4) {
        0 | 1 => format!("{far}{}", pick(rng, vague)),
        2 => format!(
            "{far}{}{}",
            pick(rng, &["宏图", "富华", "新兴", "立达", "永盛"]),
            pick(rng, trade.firms)
        ),
        _ => "个体".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graduates_have_majors_and_recent_years() {
        for i in 0..400 {
            let c = candidate(11, i);
            if c.groups.contains(&Group::Graduate) {
                assert!(c.major.is_some(), "{}", c.id);
                assert!(
                    (2024..=2026).contains(&c.graduation_year.unwrap()),
                    "{}",
                    c.id
                );
            }
        }
    }

    #[test]
    fn disabled_people_usually_need_accessible_work() {
        let (mut n, mut acc) = (0, 0);
        for i in 0..3000 {
            let c = candidate(12, i);
            if c.groups.contains(&Group::Disabled) {
                n += 1;
                acc += usize::from(c.needs.as_ref().and_then(|x| x.accessible) == Some(true));
            }
        }
        assert!(n > 100, "{n}");
        assert!(acc * 10 > n * 7, "{acc}/{n}");
    }

    #[test]
    fn no_protected_attribute_words() {
        for i in 0..2000 {
            let c = candidate(5, i);
            let text = serde_json::to_string(&c).unwrap();
            for w in ["男", "女", "户口", "户籍", "民族", "汉族", "宗教", "信仰"] {
                assert!(!text.contains(w), "{} mentions {w}: {text}", c.id);
            }
        }
    }
}
