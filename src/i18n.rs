//! Shopper-facing messages in English and Japanese.

use crate::error::{ErrorCode, Field};

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
            MissingField => "This field is required.",
            InvalidEmail => "Your email address is invalid.",
            InvalidPhone => "Your phone number is invalid.",
            InvalidKana => "Enter your name in katakana.",
            InvalidStore => "Choose a convenience store.",
            InvalidExpiryDays => "The payment deadline is invalid.",
            InvalidPrepaidNumber => "Your prepaid card number is invalid.",
            InvalidCredential => "Your ID or password is invalid.",
            InvalidReturnUrl => "The return URL is invalid.",
            InvalidType => "This payment method is not supported.",
            UnsupportedType => "This payment method is not accepted.",
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
            MissingField => "この項目は必須です。",
            InvalidEmail => "メールアドレスが正しくありません。",
            InvalidPhone => "電話番号が正しくありません。",
            InvalidKana => "お名前をカタカナで入力してください。",
            InvalidStore => "コンビニを選択してください。",
            InvalidExpiryDays => "支払期限の日数が正しくありません。",
            InvalidPrepaidNumber => "プリペイド番号が正しくありません。",
            InvalidCredential => "IDまたはパスワードが正しくありません。",
            InvalidReturnUrl => "戻り先URLが正しくありません。",
            InvalidType => "この支払い方法には対応していません。",
            UnsupportedType => "この支払い方法はご利用いただけません。",
        },
    }
}

/// The message for `code` on `field` in `locale`: [`message`], except where
/// a field needs its own words (a bank-transfer payer's name is not "the name
/// on the card").
pub fn field_message(field: Field, code: ErrorCode, locale: Locale) -> &'static str {
    match (field, code, locale) {
        (Field::GivenName | Field::FamilyName, ErrorCode::InvalidName, Locale::En) => {
            "Enter your name."
        }
        (Field::GivenName | Field::FamilyName, ErrorCode::InvalidName, Locale::Ja) => {
            "お名前を入力してください。"
        }
        _ => message(code, locale),
    }
}

/// Messages for tokenization failures that have no message from the server.
pub fn client_message(code: &str, locale: Locale) -> &'static str {
    match (locale, code) {
        (Locale::En, "unauthorized") => "The publishable key was refused.",
        (Locale::En, "rate_limited") => "Too many attempts. Please wait a moment and try again.",
        (Locale::En, "conflict") => "A request with the same idempotency key is still in progress.",
        (Locale::En, "api_error") => "The payment service failed. Please try again.",
        (Locale::En, "invalid_request") => "The payment service refused the request.",
        (Locale::En, "network_error") => {
            "Could not reach the payment service. Check your connection and try again."
        }
        (Locale::En, "timeout") => "The payment service did not answer in time. Please try again.",
        (Locale::En, "aborted") => "The request was cancelled.",
        (Locale::En, _) => "The payment could not be processed.",
        (Locale::Ja, "unauthorized") => "公開可能キーが拒否されました。",
        (Locale::Ja, "rate_limited") => {
            "リクエストが多すぎます。しばらくしてから再度お試しください。"
        }
        (Locale::Ja, "conflict") => "同じ冪等キーのリクエストが処理中です。",
        (Locale::Ja, "api_error") => "決済サービスでエラーが発生しました。再度お試しください。",
        (Locale::Ja, "invalid_request") => "決済サービスがリクエストを拒否しました。",
        (Locale::Ja, "network_error") => {
            "決済サービスに接続できませんでした。通信環境をご確認のうえ再度お試しください。"
        }
        (Locale::Ja, "timeout") => {
            "決済サービスから時間内に応答がありませんでした。再度お試しください。"
        }
        (Locale::Ja, "aborted") => "リクエストはキャンセルされました。",
        (Locale::Ja, _) => "お支払いを処理できませんでした。",
    }
}
