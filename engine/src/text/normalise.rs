//! The matching form of free text: markup removed, traditional folded to simplified, full-width
//! folded to half-width, Latin lowercased, whitespace collapsed.
//!
//! Every comparison between a job and a candidate goes through [`fold`], so a posting written in
//! traditional characters or with full-width digits meets its simplified, half-width twin.

use zhconv::{get_builtin_converter, Variant};

/// Remove HTML tags and decode entities.
///
/// Block-level tags (`<br>`, `<br/>`, `<p>`, `</p>`, `<div>`, `<li>`, `<tr>`, headings) become a
/// newline so that lines of a job description stay apart; other tags vanish. Entities decoded:
/// `&nbsp;` (to a plain space), `&amp; &lt; &gt; &quot; &apos; &#39;`, a few typographic ones and any
/// numeric `&#NNN;` / `&#xHH;`; an unknown entity is kept as written. A `<` that does not open a
/// tag (`a < b`) is kept. The Excel escape `_x000d_` that platform exports leave for a stray
/// carriage return is dropped too, since it is markup residue of the same kind.
pub fn strip_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(pos) = rest.find(['<', '&', '_']) {
        out.push_str(&rest[..pos]);
        let tail = &rest[pos..];
        match tail.as_bytes()[0] {
            b'<' => {
                if let Some((len, block)) = tag_at(tail) {
                    if block {
                        out.push('\n');
                    }
                    rest = &tail[len..];
                } else {
                    out.push('<');
                    rest = &tail[1..];
                }
            }
            b'&' => {
                if let Some((len, decoded)) = entity_at(tail) {
                    out.push(decoded);
                    rest = &tail[len..];
                } else {
                    out.push('&');
                    rest = &tail[1..];
                }
            }
            _ => {
                let esc = tail.get(..7);
                if esc.is_some_and(|e| e.eq_ignore_ascii_case("_x000d_")) {
                    rest = &tail[7..];
                } else {
                    out.push('_');
                    rest = &tail[1..];
                }
            }
        }
    }
    out.push_str(rest);
    out
}

/// If `s` starts with a tag or comment, its byte length and whether it breaks a line.
fn tag_at(s: &str) -> Option<(usize, bool)> {
    if let Some(body) = s.strip_prefix("<!--") {
        return body.find("-->").map(|end| (4 + end + 3, false));
    }
    let bytes = s.as_bytes();
    let first = *bytes.get(1)?;
    let name_start = if first == b'/' { 2 } else { 1 };
    // Only `<letter`, `</letter` or `<!` open a tag; anything else is literal text.
    if !(bytes.get(name_start)?.is_ascii_alphabetic() || first == b'!') {
        return None;
    }
    let end = s.find('>')?;
    let inner = &s[name_start..end];
    let name: String = inner
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let block = matches!(
        name.as_str(),
        "br" | "p"
            | "div"
            | "li"
            | "tr"
            | "ul"
            | "ol"
            | "table"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
    );
    Some((end + 1, block))
}

/// If `s` starts with a known entity, its byte length and the character it stands for.
fn entity_at(s: &str) -> Option<(usize, char)> {
    // Longest entity handled is `&#x10FFFF;` (10 bytes) or a named one of similar size.
    let semi = s.bytes().take(12).position(|b| b == b';')?;
    let body = &s[1..semi];
    let c = if let Some(num) = body.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse::<u32>().ok()?,
        };
        match char::from_u32(code)? {
            '\u{a0}' => ' ',
            c => c,
        }
    } else {
        match body {
            "nbsp" | "ensp" | "emsp" | "thinsp" => ' ',
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            "ldquo" => '“',
            "rdquo" => '”',
            "lsquo" => '‘',
            "rsquo" => '’',
            "mdash" => '—',
            "ndash" => '–',
            "hellip" => '…',
            "middot" => '·',
            "times" => '×',
            "yen" => '¥',
            _ => return None,
        }
    };
    Some((semi + 1, c))
}

/// The matching form of `s`: traditional → simplified (zhconv, `zh-Hans`), full-width → half-width
/// (ideographic space included), lowercase, whitespace runs collapsed to one space, ends trimmed.
///
/// Idempotent: `fold(fold(s)) == fold(s)`. Pure-ASCII text skips the Chinese converter, whose
/// automaton walk dominates the cost on Chinese text.
pub fn fold(s: &str) -> String {
    let mapped = map_chars(s);
    if mapped.is_ascii() {
        return mapped;
    }
    let converted = get_builtin_converter(Variant::ZhHans).convert(&mapped);
    // The converter works on CJK words and leaves Latin, digits and spaces alone, but re-mapping
    // costs little and keeps the result a fixed point whatever its tables contain.
    if converted == mapped {
        mapped
    } else {
        map_chars(&converted)
    }
}

/// Width, case and whitespace folding (the character-by-character half of [`fold`]).
fn map_chars(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars() {
        let c = match c {
            '\u{3000}' => ' ',
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            _ => c,
        };
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else if c.is_uppercase() {
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// [`fold`] of [`strip_html`]: the form in which record text is indexed and compared.
pub fn clean(s: &str) -> String {
    fold(&strip_html(s))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn strips_tags_from_a_real_description() {
        // From jobs.csv (51JOB, 职位描述 with raw <br>).
        let raw = "岗位职责：<br>1、负责仓库货物的收发、存储；<br/>2、定期盘点&nbsp;&amp;&nbsp;对账<p>任职要求：</p>";
        assert_eq!(
            strip_html(raw),
            "岗位职责：\n1、负责仓库货物的收发、存储；\n2、定期盘点 & 对账\n任职要求：\n"
        );
    }

    #[test]
    fn decodes_entities_and_keeps_literal_angles() {
        assert_eq!(
            strip_html("a &lt;b&gt; &quot;c&quot; &#39;d&#39; &#x4E2D;&#25991;"),
            "a <b> \"c\" 'd' 中文"
        );
        assert_eq!(strip_html("3 < 5 && x"), "3 < 5 && x");
        assert_eq!(strip_html("&unknown; &#xZZ;"), "&unknown; &#xZZ;");
        assert_eq!(
            strip_html("<span class=\"x\">包</span>吃住<!-- c --> <B>五险</B>"),
            "包吃住 五险"
        );
        assert_eq!(
            strip_html("结算方式：日结_x000d_\n招聘"),
            "结算方式：日结\n招聘"
        );
        assert_eq!(strip_html("my_var <unterminated"), "my_var <unterminated");
    }

    #[test]
    fn traditional_folds_to_its_simplified_twin() {
        let pairs = [
            ("養老護理員", "养老护理员"),
            ("倉庫管理員", "仓库管理员"),
            ("數控車床操作工", "数控车床操作工"),
            ("公益性崗位", "公益性岗位"),
            ("包吃住，五險一金", "包吃住，五险一金"),
            (
                "招聘電工兩名，需持證上崗，月薪面議",
                "招聘电工两名，需持证上岗，月薪面议",
            ),
            ("大學本科", "大学本科"),
            ("廣東省廣州市番禺區", "广东省广州市番禺区"),
        ];
        for (trad, simp) in pairs {
            assert_eq!(fold(trad), fold(simp), "{trad}");
            assert_eq!(fold(trad), simp.replace('，', ","), "{trad}");
        }
    }

    #[test]
    fn folds_width_case_and_space() {
        assert_eq!(fold("  ＪＡＶＡ　開發\t\n工程師  "), "java 开发 工程师");
        assert_eq!(fold("６－８Ｋ·１３薪"), "6-8k·13薪");
        assert_eq!(fold("Python/SQL"), "python/sql");
        assert_eq!(fold(""), "");
        assert_eq!(fold("Ｃ＋＋"), "c++");
    }

    #[test]
    fn clean_combines_both() {
        assert_eq!(
            clean("<p>倉庫&nbsp;管理員</p><br>ＦＯＲＫＬＩＦＴ"),
            "仓库 管理员 forklift"
        );
    }

    fn mixed_text() -> impl Strategy<Value = String> {
        let pool: Vec<char> = "養老護理員养老护理员倉庫管理員仓库數控車床操作工崗位险險金吃住乾干髮发著着後后裡里 　\t\nＡＢｃ１２ＡbZ9-·／,，<>&;_"
            .chars()
            .collect();
        prop::collection::vec(prop::sample::select(pool), 0..40)
            .prop_map(|v| v.into_iter().collect())
    }

    proptest! {
        #[test]
        fn fold_is_idempotent(s in mixed_text()) {
            let once = fold(&s);
            prop_assert_eq!(fold(&once), once.clone());
        }

        #[test]
        fn fold_is_idempotent_on_any_string(s in "\\PC{0,30}") {
            let once = fold(&s);
            prop_assert_eq!(fold(&once), once.clone());
        }
    }
}
