//! Protected attributes never reach a ranking: statements of sex, ethnicity, religion or 户籍 in a
//! person's free text are removed before the text is indexed, embedded or compared, so two people
//! who differ only in such a statement rank identically.

use std::sync::OnceLock;

use regex::Regex;

use crate::model::Candidate;

fn re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        let ethnic = "汉|回|藏|维吾尔|苗|彝|壮|布依|朝鲜|满|侗|瑶|白|土家|哈尼|哈萨克|傣|黎|蒙古|畲|水|东乡|纳西|羌|仡佬|锡伯|土|仫佬|高山|拉祜|佤|景颇|柯尔克孜|达斡尔|撒拉|布朗|毛南|塔吉克|普米|阿昌|怒|鄂温克|京|基诺|德昂|保安|俄罗斯|裕固|乌孜别克|门巴|鄂伦春|独龙|赫哲|塔塔尔|珞巴";
        let trad = "漢|維吾爾|彝|壯|朝鮮|滿|侗|瑤|土家|哈尼|哈薩克|傣|黎|蒙古";
        Regex::new(&format!(
            r"性别\s*[:：]?\s*[男女]|(本人|我是|我)?(男|女)(性|士|生)|(本人|我是)[男女]|({ethnic}|{trad})(族|族人)|少数民族|少數民族|(农村|城镇|本地|外地|非本地|农业|非农业|城市|農村|城鎮|外地)?(户口|户籍|戶口|戶籍)(所在地)?[^，,。；;\s]{{0,8}}|(信仰|信奉)[^，,。；;\s]{{0,6}}|佛教徒|基督徒|基督教|天主教|伊斯兰教|穆斯林|伊斯蘭教"
        ))
        .expect("fairness regex")
    })
}

/// Remove statements of protected attributes from free text.
pub fn scrub(text: &str) -> String {
    re().replace_all(text, " ").into_owned()
}

/// A copy of the person with protected statements removed from every free-text field.
pub fn scrub_candidate(c: &Candidate) -> Candidate {
    let mut c = c.clone();
    if let Some(s) = &c.summary {
        c.summary = Some(scrub(s));
    }
    for e in &mut c.experience {
        if let Some(d) = &e.description {
            e.description = Some(scrub(d));
        }
    }
    c.extra.clear();
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_protected_statements_and_keeps_the_rest() {
        let s = scrub("本人男，汉族，农村户口，会开叉车，信仰佛教，有叉车证");
        assert!(
            !s.contains('男') && !s.contains("汉族") && !s.contains("户口") && !s.contains("佛教"),
            "{s}"
        );
        assert!(s.contains("会开叉车") && s.contains("有叉车证"), "{s}");
        assert_eq!(scrub("性别：女 想做保洁"), "  想做保洁");
        // Work words that merely contain these characters stay.
        assert!(scrub("上班族，做过男装导购").contains("男装导购"));
    }
}
