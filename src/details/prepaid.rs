//! Prepaid card numbers (WebMoney, NET CASH, BitCash, nanaco, Steam).

use crate::prelude::*;

use super::kind::PaymentKind;
use super::text::fold_width;
use crate::card::digits::is_separator;
use crate::error::ErrorCode;
use crate::secret::SecretString;
use zeroize::Zeroizing;

/// The length of a prepaid number, in characters.
pub const PREPAID_NUMBER_CHARS: usize = 16;

/// Validates a prepaid card number and returns it without separators.
///
/// Accepted: exactly 16 characters once spaces and hyphens (as printed on the
/// cards, any width) are dropped, each an ASCII letter or digit (full-width ones
/// are folded to ASCII). For `bit_cash` the characters may instead be hiragana:
/// BitCash's "hiragana ID" is 16 hiragana. Letter case is kept as typed.
///
/// ```
/// use tessera::details::{normalize_prepaid_number, PaymentKind};
/// let n = normalize_prepaid_number("1111-1111-1111-1111", PaymentKind::WebMoney).unwrap();
/// assert_eq!(n.expose(), "1111111111111111");
/// ```
pub fn normalize_prepaid_number(value: &str, kind: PaymentKind) -> Result<SecretString, ErrorCode> {
    let mut out = Zeroizing::new(String::with_capacity(PREPAID_NUMBER_CHARS * 3));
    let mut count = 0usize;
    for c in value.chars() {
        if is_separator(c) {
            continue;
        }
        let c = fold_width(c);
        let hiragana = matches!(c, '\u{3041}'..='\u{3096}');
        let ok = c.is_ascii_alphanumeric() || (hiragana && kind == PaymentKind::BitCash);
        count += 1;
        if !ok || count > PREPAID_NUMBER_CHARS {
            return Err(ErrorCode::InvalidPrepaidNumber);
        }
        out.push(c);
    }
    if count == PREPAID_NUMBER_CHARS {
        Ok(SecretString::new(core::mem::take(&mut *out)))
    } else {
        Err(ErrorCode::InvalidPrepaidNumber)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(value: &str, kind: PaymentKind) -> Option<String> {
        normalize_prepaid_number(value, kind)
            .ok()
            .map(|s| s.expose().to_owned())
    }

    #[test]
    fn numbers() {
        for kind in PaymentKind::ALL.into_iter().filter(|k| k.is_prepaid()) {
            assert_eq!(
                ok("1111111111111111", kind).as_deref(),
                Some("1111111111111111")
            );
        }
        let w = PaymentKind::WebMoney;
        assert_eq!(
            ok("abcd-1234 EFGH 5678", w).as_deref(),
            Some("abcd1234EFGH5678")
        );
        assert_eq!(
            ok("１１１１－１１１１－１１１１－１１１１", w).as_deref(),
            Some("1111111111111111")
        );
        assert_eq!(
            ok("あいうえおかきくけこさしすせそた", PaymentKind::BitCash).as_deref(),
            Some("あいうえおかきくけこさしすせそた")
        );
        for bad in [
            "",
            "111111111111111",
            "11111111111111111",
            "1111_1111_1111_1111",
            "1111.1111.1111.111",
            "あいうえおかきくけこさしすせそた",
            "ａｂｃｄ１２３４ｅｆｇｈ５６７８９",
            "ÀÀÀÀ111111111111",
        ] {
            assert_eq!(ok(bad, w), None, "{bad:?}");
        }
    }
}
