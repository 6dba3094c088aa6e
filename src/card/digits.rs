//! Turning what a shopper typed into ASCII digits.

use crate::prelude::*;

use zeroize::Zeroizing;

/// Maps one character to an ASCII digit: `0`–`9` and the full-width digits
/// `０`–`９` (U+FF10–U+FF19) that Japanese IMEs type.
pub fn ascii_digit(c: char) -> Option<u8> {
    match c {
        '0'..='9' => Some(c as u8),
        '\u{FF10}'..='\u{FF19}' => Some(b'0' + (c as u32 - 0xFF10) as u8),
        _ => None,
    }
}

/// Whether `c` is a separator a shopper may type inside a card number:
/// spaces (ASCII, ideographic, no-break, tab) and hyphens (ASCII, full-width).
pub fn is_separator(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\u{00A0}' | '\u{3000}' | '-' | '\u{FF0D}' | '\u{2010}' | '\u{2011}'
    )
}

/// The digits of a card number or code, with separators dropped; `None` if
/// any other character is present. The buffer is wiped when dropped.
pub fn normalize(value: &str) -> Option<Zeroizing<Vec<u8>>> {
    let mut out = Zeroizing::new(Vec::with_capacity(value.len().min(32)));
    for c in value.chars() {
        match ascii_digit(c) {
            Some(d) => out.push(d),
            None if is_separator(c) => {}
            None => return None,
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_separators_and_widens_nothing_else() {
        assert_eq!(
            normalize("4111 1111-1111 1111")
                .as_deref()
                .map(|v| v.as_slice()),
            Some(&b"4111111111111111"[..])
        );
        assert_eq!(
            normalize("４１１１　１").as_deref().map(|v| v.as_slice()),
            Some(&b"41111"[..])
        );
        assert!(normalize("411111y").is_none());
        assert!(normalize("4.1").is_none());
        assert_eq!(normalize("").map(|v| v.len()), Some(0));
    }
}
