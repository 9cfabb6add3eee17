//! Real places the corpus puts vacancies and people in.
//!
//! Codes and centre coordinates are facts copied from the 2016 national division table
//! (Vonng/adcode, CC BY 4.0, GCJ-02 centres). Where a county was renamed or re-organised
//! after 2016 (东乡县→东乡区, 祁阳县→祁阳市, 南和县→南和区, 任县→任泽区, 桥西区→信都区,
//! 桥东区→襄都区) the record keeps the 2016 code, because that is the table the engine
//! resolves against, while the region text uses the name people write today — and sometimes
//! the old one, as real postings do.

/// A county-level place.
pub(crate) struct Place {
    pub province: &'static str,
    pub city: &'static str,
    /// Names in use, current first; later entries are older names still seen in postings.
    pub names: &'static [&'static str],
    /// Six-digit code in the 2016 table.
    pub adcode: &'static str,
    pub lon: f64,
    pub lat: f64,
    /// Local wage level relative to an inland county seat (1.0).
    pub pay: f64,
    /// Mostly rural county: more 脱贫 households and 返乡 workers.
    pub rural: bool,
}

impl Place {
    /// The name most postings use.
    pub fn name(&self) -> &'static str {
        self.names[0]
    }

    /// City name without the 市 suffix (抚州市 → 抚州).
    pub fn city_short(&self) -> &'static str {
        self.city.strip_suffix('市').unwrap_or(self.city)
    }

    /// County name as people prefix job titles with it (临川区 → 临川, 道县 stays 道县).
    pub fn short(&self) -> &'static str {
        let n = self.name();
        if n.chars().count() <= 2 {
            return n;
        }
        if let Some(s) = n.strip_suffix("瑶族自治县") {
            return s;
        }
        n.strip_suffix(['区', '县', '市']).unwrap_or(n)
    }
}

macro_rules! place {
    ($prov:literal, $city:literal, [$($n:literal),+], $code:literal, $lon:literal, $lat:literal, $pay:literal, $rural:literal) => {
        Place { province: $prov, city: $city, names: &[$($n),+], adcode: $code, lon: $lon, lat: $lat, pay: $pay, rural: $rural }
    };
}

/// The five seed cities: every vacancy is in one of these, and most people live in them.
pub(crate) static SEED: &[Place] = &[
    // 抚州
    place!(
        "江西省",
        "抚州市",
        ["临川区"],
        "361002",
        116.312166,
        27.934572,
        1.0,
        false
    ),
    place!(
        "江西省",
        "抚州市",
        ["东乡区", "东乡县"],
        "361029",
        116.603559,
        28.247696,
        0.95,
        false
    ),
    place!(
        "江西省",
        "抚州市",
        ["南城县"],
        "361021",
        116.63704,
        27.569678,
        0.92,
        true
    ),
    place!(
        "江西省",
        "抚州市",
        ["崇仁县"],
        "361024",
        116.07626,
        27.754466,
        0.92,
        true
    ),
    place!(
        "江西省",
        "抚州市",
        ["资溪县"],
        "361028",
        117.060263,
        27.706101,
        0.9,
        true
    ),
    place!(
        "江西省",
        "抚州市",
        ["广昌县"],
        "361030",
        116.335686,
        26.843684,
        0.88,
        true
    ),
    place!(
        "江西省",
        "抚州市",
        ["南丰县"],
        "361023",
        116.525725,
        27.218444,
        0.9,
        true
    ),
    place!(
        "江西省",
        "抚州市",
        ["金溪县"],
        "361027",
        116.755058,
        27.918959,
        0.9,
        true
    ),
    place!(
        "江西省",
        "抚州市",
        ["黎川县"],
        "361022",
        116.907681,
        27.282333,
        0.88,
        true
    ),
    place!(
        "江西省",
        "抚州市",
        ["宜黄县"],
        "361026",
        116.236201,
        27.554886,
        0.88,
        true
    ),
    // 永州
    place!(
        "湖南省",
        "永州市",
        ["冷水滩区"],
        "431103",
        111.592343,
        26.46128,
        1.0,
        false
    ),
    place!(
        "湖南省",
        "永州市",
        ["零陵区"],
        "431102",
        111.631109,
        26.221936,
        0.97,
        false
    ),
    place!(
        "湖南省",
        "永州市",
        ["祁阳市", "祁阳县"],
        "431121",
        111.840657,
        26.58012,
        0.95,
        false
    ),
    place!(
        "湖南省",
        "永州市",
        ["新田县"],
        "431128",
        112.203287,
        25.904305,
        0.86,
        true
    ),
    place!(
        "湖南省",
        "永州市",
        ["道县"],
        "431124",
        111.600795,
        25.526437,
        0.88,
        true
    ),
    place!(
        "湖南省",
        "永州市",
        ["宁远县"],
        "431126",
        111.945844,
        25.570888,
        0.88,
        true
    ),
    place!(
        "湖南省",
        "永州市",
        ["东安县"],
        "431122",
        111.316464,
        26.392183,
        0.88,
        true
    ),
    place!(
        "湖南省",
        "永州市",
        ["江华瑶族自治县", "江华县"],
        "431129",
        111.579535,
        25.185809,
        0.85,
        true
    ),
    // 宜春
    place!(
        "江西省",
        "宜春市",
        ["袁州区"],
        "360902",
        114.427858,
        27.797091,
        1.0,
        false
    ),
    place!(
        "江西省",
        "宜春市",
        ["樟树市"],
        "360982",
        115.546152,
        28.055853,
        1.0,
        false
    ),
    place!(
        "江西省",
        "宜春市",
        ["丰城市"],
        "360981",
        115.771093,
        28.159141,
        1.0,
        false
    ),
    place!(
        "江西省",
        "宜春市",
        ["高安市"],
        "360983",
        115.360619,
        28.441152,
        0.97,
        false
    ),
    place!(
        "江西省",
        "宜春市",
        ["上高县"],
        "360923",
        114.947683,
        28.238061,
        0.92,
        true
    ),
    place!(
        "江西省",
        "宜春市",
        ["万载县"],
        "360922",
        114.444854,
        28.105689,
        0.9,
        true
    ),
    // 邢台
    place!(
        "河北省",
        "邢台市",
        ["信都区", "桥西区"],
        "130503",
        114.468601,
        37.059827,
        1.0,
        false
    ),
    place!(
        "河北省",
        "邢台市",
        ["襄都区", "桥东区"],
        "130502",
        114.507058,
        37.071287,
        1.0,
        false
    ),
    place!(
        "河北省",
        "邢台市",
        ["南和区", "南和县"],
        "130527",
        114.683863,
        37.005017,
        0.95,
        true
    ),
    place!(
        "河北省",
        "邢台市",
        ["任泽区", "任县"],
        "130526",
        114.671936,
        37.120982,
        0.93,
        true
    ),
    place!(
        "河北省",
        "邢台市",
        ["宁晋县"],
        "130528",
        114.93992,
        37.624564,
        0.95,
        true
    ),
    place!(
        "河北省",
        "邢台市",
        ["沙河市"],
        "130582",
        114.503339,
        36.854929,
        0.97,
        false
    ),
    place!(
        "河北省",
        "邢台市",
        ["清河县"],
        "130534",
        115.667208,
        37.039991,
        0.95,
        true
    ),
    place!(
        "河北省",
        "邢台市",
        ["南宫市"],
        "130581",
        115.408747,
        37.359264,
        0.92,
        true
    ),
    // 扬州
    place!(
        "江苏省",
        "扬州市",
        ["邗江区"],
        "321003",
        119.397994,
        32.377655,
        1.3,
        false
    ),
    place!(
        "江苏省",
        "扬州市",
        ["广陵区"],
        "321002",
        119.431849,
        32.39472,
        1.3,
        false
    ),
    place!(
        "江苏省",
        "扬州市",
        ["江都区"],
        "321012",
        119.569989,
        32.434672,
        1.25,
        false
    ),
    place!(
        "江苏省",
        "扬州市",
        ["仪征市"],
        "321081",
        119.184766,
        32.272258,
        1.22,
        false
    ),
    place!(
        "江苏省",
        "扬州市",
        ["高邮市"],
        "321084",
        119.459161,
        32.781659,
        1.18,
        false
    ),
    place!(
        "江苏省",
        "扬州市",
        ["宝应县"],
        "321023",
        119.360729,
        33.240391,
        1.15,
        true
    ),
];

/// Home counties of people who live outside the seed cities (mostly labour-exporting counties
/// near them), so some job seekers are far from every vacancy.
pub(crate) static ELSEWHERE: &[Place] = &[
    place!(
        "江西省",
        "赣州市",
        ["于都县"],
        "360731",
        115.415508,
        25.952068,
        0.88,
        true
    ),
    place!(
        "江西省",
        "赣州市",
        ["宁都县"],
        "360730",
        116.009472,
        26.470116,
        0.86,
        true
    ),
    place!(
        "江西省",
        "南昌市",
        ["进贤县"],
        "360124",
        116.241288,
        28.377343,
        1.0,
        true
    ),
    place!(
        "湖南省",
        "邵阳市",
        ["邵东市", "邵东县"],
        "430521",
        111.74427,
        27.258987,
        0.95,
        true
    ),
    place!(
        "湖南省",
        "衡阳市",
        ["祁东县"],
        "430426",
        112.090356,
        26.799896,
        0.88,
        true
    ),
    place!(
        "河南省",
        "信阳市",
        ["固始县"],
        "411525",
        115.654481,
        32.168137,
        0.88,
        true
    ),
    place!(
        "安徽省",
        "阜阳市",
        ["临泉县"],
        "341221",
        115.263115,
        33.039715,
        0.86,
        true
    ),
    place!(
        "江苏省",
        "泰州市",
        ["兴化市"],
        "321281",
        119.852541,
        32.910459,
        1.12,
        true
    ),
    place!(
        "河北省",
        "邯郸市",
        ["永年区", "永年县"],
        "130429",
        114.543832,
        36.743966,
        0.92,
        true
    ),
];

/// Cities migrant workers went to before coming home; named in résumés, never geocoded.
pub(crate) static FAR_CITIES: &[&str] = &[
    "东莞", "深圳", "广州", "佛山", "中山", "温州", "宁波", "苏州", "昆山", "上海", "厦门", "杭州",
    "义乌", "长沙", "南昌", "北京", "天津",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_are_well_formed() {
        for p in SEED.iter().chain(ELSEWHERE) {
            assert_eq!(p.adcode.len(), 6, "{}", p.name());
            assert!(
                (18.0..54.0).contains(&p.lat) && (73.0..136.0).contains(&p.lon),
                "{}",
                p.name()
            );
            // The province part of the code matches the province name (a copy slip would break it).
            let prov = &p.adcode[..2];
            let want = match p.province {
                "江西省" => "36",
                "湖南省" => "43",
                "河北省" => "13",
                "江苏省" => "32",
                "河南省" => "41",
                "安徽省" => "34",
                other => panic!("unexpected province {other}"),
            };
            assert_eq!(prov, want, "{}", p.name());
        }
        assert_eq!(SEED[0].short(), "临川");
        assert_eq!(
            SEED.iter().find(|p| p.adcode == "431124").unwrap().short(),
            "道县"
        );
        assert_eq!(
            SEED.iter().find(|p| p.adcode == "431129").unwrap().short(),
            "江华"
        );
    }
}
