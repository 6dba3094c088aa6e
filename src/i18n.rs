//! Shopper-facing messages in English and Japanese.

use crate::error::ErrorCode;

/// The language of messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Locale {
    /// English (the default).
    #[default]
    En,
    /// Japanese.
    Ja,
}

impl Locale {
    /// Parses `"en"`/`"ja"` (and regional forms such as `"ja-JP"`); anything else is `None`.
    pub fn parse(tag: &str) -> Option<Locale> {
        let lang = tag.split(['-', '_']).next().unwrap_or("");
        if lang.eq_ignore_ascii_case("en") {
            Some(Locale::En)
        } else if lang.eq_ignore_ascii_case("ja") {
            Some(Locale::Ja)
        } else {
            None
        }
    }

    /// The tag, `"en"` or `"ja"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Ja => "ja",
        }
    }
}

/// The message for `code` in `locale`.
pub fn message(code: ErrorCode, locale: Locale) -> &'static str {
    use ErrorCode::*;
    match locale {
        Locale::En => match code {
            IncompleteNumber => "Your card number is incomplete.",
            InvalidNumber => "Your card number is invalid.",
            UnsupportedBrand => "This card brand is not accepted.",
            IncompleteExpiry => "Your card's expiration date is incomplete.",
            InvalidExpiryMonth => "Your card's expiration month is invalid.",
            InvalidExpiryYear => "Your card's expiration year is invalid.",
            ExpiredCard => "Your card has expired.",
            IncompleteCvc => "Your card's security code is incomplete.",
            InvalidCvc => "Your card's security code is invalid.",
            InvalidName => "Enter the name as it appears on the card.",
        },
        Locale::Ja => match code {
            IncompleteNumber => "カード番号が不完全です。",
            InvalidNumber => "カード番号が正しくありません。",
            UnsupportedBrand => "このカードブランドはご利用いただけません。",
            IncompleteExpiry => "有効期限が不完全です。",
            InvalidExpiryMonth => "有効期限の月が正しくありません。",
            InvalidExpiryYear => "有効期限の年が正しくありません。",
            ExpiredCard => "カードの有効期限が切れています。",
            IncompleteCvc => "セキュリティコードが不完全です。",
            InvalidCvc => "セキュリティコードが正しくありません。",
            InvalidName => "カードに記載されている名義を入力してください。",
        },
    }
}
