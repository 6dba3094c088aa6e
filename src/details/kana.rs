//! Kana names: converting what a shopper types (half-width katakana,
//! hiragana) to the full-width katakana that bank transfer and Pay-easy want.

use crate::prelude::*;

use crate::error::ErrorCode;

/// The longest kana name accepted, in characters.
pub const MAX_KANA_CHARS: usize = 255;

/// Full-width forms of the half-width katakana U+FF66–U+FF9D (`ｦ`…`ﾝ`), in order.
const HALF_WIDTH: [char; 56] = [
    'ヲ', 'ァ', 'ィ', 'ゥ', 'ェ', 'ォ', 'ャ', 'ュ', 'ョ', 'ッ', 'ー', 'ア', 'イ', 'ウ', 'エ', 'オ',
    'カ', 'キ', 'ク', 'ケ', 'コ', 'サ', 'シ', 'ス', 'セ', 'ソ', 'タ', 'チ', 'ツ', 'テ', 'ト', 'ナ',
    'ニ', 'ヌ', 'ネ', 'ノ', 'ハ', 'ヒ', 'フ', 'ヘ', 'ホ', 'マ', 'ミ', 'ム', 'メ', 'モ', 'ヤ', 'ユ',
    'ヨ', 'ラ', 'リ', 'ル', 'レ', 'ロ', 'ワ', 'ン',
];

/// One character widened to full-width katakana where it has a form there:
/// half-width katakana, the half-width punctuation `｡｢｣､･`, hiragana.
fn widen(c: char) -> char {
    let code = c as u32;
    let mapped = match c {
        '\u{FF66}'..='\u{FF9D}' => HALF_WIDTH.get((code - 0xFF66) as usize).copied(),
        '\u{FF61}' => Some('。'),
        '\u{FF62}' => Some('「'),
        '\u{FF63}' => Some('」'),
        '\u{FF64}' => Some('、'),
        '\u{FF65}' => Some('・'),
        // ぁ–ゖ and ゝゞ sit 0x60 below their katakana.
        '\u{3041}'..='\u{3096}' | '\u{309D}' | '\u{309E}' => char::from_u32(code + 0x60),
        _ => None,
    };
    mapped.unwrap_or(c)
}

/// The voiced form of a katakana (`カ` → `ガ`), if it has one.
fn voiced(c: char) -> Option<char> {
    let code = c as u32;
    let next = |n: u32| char::from_u32(code + n);
    match c {
        // カキクケコ サシスセソ タチ: the voiced form follows each.
        '\u{30AB}'..='\u{30C1}' if (code - 0x30AB) % 2 == 0 => next(1),
        // ツテト (ッ before ツ breaks the rhythm).
        '\u{30C4}' | '\u{30C6}' | '\u{30C8}' => next(1),
        // ハヒフヘホ: voiced +1, semi-voiced +2.
        '\u{30CF}'..='\u{30DD}' if (code - 0x30CF) % 3 == 0 => next(1),
        'ウ' => Some('ヴ'),
        'ワ' => Some('ヷ'),
        'ヰ' => Some('ヸ'),
        'ヱ' => Some('ヹ'),
        'ヲ' => Some('ヺ'),
        'ヽ' => Some('ヾ'),
        _ => None,
    }
}

/// The semi-voiced form of a katakana (`ハ` → `パ`), if it has one.
fn semi_voiced(c: char) -> Option<char> {
    let code = c as u32;
    match c {
        '\u{30CF}'..='\u{30DD}' if (code - 0x30CF) % 3 == 0 => char::from_u32(code + 2),
        _ => None,
    }
}

/// Converts half-width katakana and hiragana to full-width katakana, joining
/// voicing marks to the kana before them: `ｶﾞ` → `ガ`, `ﾊﾟ` → `パ`, `が` →
/// `ガ`, and the combining marks of decomposed text (`カ` + U+3099) likewise.
/// A mark that cannot join stays as it is. Everything else is unchanged.
///
/// ```
/// use tessera::details::to_katakana;
/// assert_eq!(to_katakana("ﾔﾏﾀﾞ ﾀﾛｳ"), "ヤマダ タロウ");
/// assert_eq!(to_katakana("やまだ"), "ヤマダ");
/// ```
pub fn to_katakana(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut last: Option<char> = None;
    for c in value.chars() {
        let joined = match (c, last) {
            ('\u{FF9E}' | '\u{3099}' | '\u{309B}', Some(prev)) => voiced(prev),
            ('\u{FF9F}' | '\u{309A}' | '\u{309C}', Some(prev)) => semi_voiced(prev),
            _ => None,
        };
        if let Some(j) = joined {
            out.pop();
            out.push(j);
            last = None;
            continue;
        }
        let w = match c {
            '\u{FF9E}' => '\u{309B}',
            '\u{FF9F}' => '\u{309C}',
            _ => widen(c),
        };
        out.push(w);
        last = Some(w);
    }
    out
}

/// Whether `c` may appear in a normalised kana name.
fn is_name_kana(c: char) -> bool {
    // ァ–ヺ, the long-vowel mark ー, the iteration marks ヽヾ, the middle dot
    // ・ (foreign names: ジョン・スミス) and the ideographic space.
    matches!(c, '\u{30A1}'..='\u{30FE}' | '\u{3000}')
}

/// Validates a kana name and returns it as full-width katakana: converted by
/// [`to_katakana`], trimmed, with each run of spaces (ASCII or ideographic)
/// made one ideographic space. It must then be 1–255 characters of katakana,
/// `ー`, `ヽヾ`, `・` and spaces.
///
/// ```
/// use tessera::details::normalize_kana;
/// assert_eq!(normalize_kana(" ﾔﾏﾀﾞ  ﾀﾛｳ ").unwrap(), "ヤマダ\u{3000}タロウ");
/// assert!(normalize_kana("Yamada").is_err());
/// ```
pub fn normalize_kana(value: &str) -> Result<String, ErrorCode> {
    let converted = to_katakana(value);
    let mut out = String::with_capacity(converted.len());
    for word in converted.split([' ', '\u{3000}', '\t']) {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('\u{3000}');
        }
        out.push_str(word);
    }
    let count = crate::prelude::char_count(&out);
    if (1..=MAX_KANA_CHARS).contains(&count) && out.chars().all(is_name_kana) {
        Ok(out)
    } else {
        Err(ErrorCode::InvalidKana)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversion_table() {
        for (input, out) in [
            ("ﾀﾛｳ", "タロウ"),
            ("ﾔﾏﾀﾞ", "ヤマダ"),
            ("ｶﾞｷﾞｸﾞｹﾞｺﾞ", "ガギグゲゴ"),
            ("ｻﾞｼﾞｽﾞｾﾞｿﾞ", "ザジズゼゾ"),
            ("ﾀﾞﾁﾞﾂﾞﾃﾞﾄﾞ", "ダヂヅデド"),
            ("ﾊﾞﾋﾞﾌﾞﾍﾞﾎﾞ", "バビブベボ"),
            ("ﾊﾟﾋﾟﾌﾟﾍﾟﾎﾟ", "パピプペポ"),
            ("ｳﾞｧｲｵﾘﾝ", "ヴァイオリン"),
            ("ｦﾝ", "ヲン"),
            ("ｧｨｩｪｫｬｭｮｯ", "ァィゥェォャュョッ"),
            ("ｽｰﾊﾟｰ", "スーパー"),
            ("ｼﾞｮﾝ･ｽﾐｽ", "ジョン・スミス"),
            ("やまだ たろう", "ヤマダ タロウ"),
            ("がぎぐげご ぱぴぷぺぽ ゔ", "ガギグゲゴ パピプペポ ヴ"),
            ("ぁゖゝゞ", "ァヶヽヾ"),
            ("カ\u{3099}ハ\u{309A}", "ガパ"),
            ("カ\u{309B}ハ\u{309C}", "ガパ"),
            ("ヤマダ", "ヤマダ"),
            // Marks that cannot join stay.
            ("ｱﾞ", "ア゛"),
            ("ﾞｶ", "゛カ"),
            ("ｶﾟ", "カ゜"),
            ("ﾞﾞ", "゛゛"),
            ("山田", "山田"),
            ("Taro", "Taro"),
        ] {
            assert_eq!(to_katakana(input), out, "{input}");
        }
    }

    #[test]
    fn every_half_width_kana_widens() {
        for code in 0xFF66..=0xFF9D_u32 {
            let c = char::from_u32(code).unwrap();
            let w = to_katakana(&c.to_string());
            assert!(w.chars().all(is_name_kana), "{c} -> {w}");
        }
    }

    #[test]
    fn names() {
        assert_eq!(normalize_kana("ヤマダ").as_deref(), Ok("ヤマダ"));
        assert_eq!(normalize_kana("ﾀﾛｳ").as_deref(), Ok("タロウ"));
        assert_eq!(normalize_kana("たろう").as_deref(), Ok("タロウ"));
        assert_eq!(
            normalize_kana("　ヤマダ \t　タロウ ").as_deref(),
            Ok("ヤマダ\u{3000}タロウ")
        );
        assert_eq!(
            normalize_kana("ジョン・スミス").as_deref(),
            Ok("ジョン・スミス")
        );
        assert_eq!(normalize_kana("ｽｰﾊﾟｰ").as_deref(), Ok("スーパー"));
        for bad in [
            "",
            "  ",
            "山田",
            "Yamada",
            "ヤマダ1",
            "ア゛",
            "ヤマダ。",
            "ﾔﾏﾀﾞ!",
        ] {
            assert_eq!(normalize_kana(bad), Err(ErrorCode::InvalidKana), "{bad:?}");
        }
        assert!(normalize_kana(&"ア".repeat(255)).is_ok());
        assert!(normalize_kana(&"ア".repeat(256)).is_err());
    }
}
