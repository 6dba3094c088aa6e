//! Small text helpers shared by the field validators.

use crate::prelude::*;

/// Folds the full-width forms of ASCII (`Ａ`–`ｚ`, `０`–`９`, `＠`, `－`, ...;
/// U+FF01–U+FF5E) to ASCII and the ideographic space to a space. Japanese
/// IMEs type these; nothing else changes.
pub fn fold_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// `value` with [`fold_width`] applied and surrounding whitespace trimmed.
pub fn folded_trimmed(value: &str) -> String {
    // `trim` already removes the ideographic space (it is Unicode whitespace),
    // so trimming first and folding after gives the same result in one buffer.
    value.trim().chars().map(fold_width).collect()
}

/// Whether a value counts as absent: empty or only whitespace.
pub fn is_blank(value: &str) -> bool {
    value.trim().is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_full_width_ascii_only() {
        assert_eq!(folded_trimmed("　ｔａｒｏ＠ｅｘ．ｊｐ　"), "taro@ex.jp");
        assert_eq!(folded_trimmed("０９０－１"), "090-1");
        assert_eq!(folded_trimmed("タロウ"), "タロウ");
        assert!(is_blank(" \u{3000}\t"));
    }
}
