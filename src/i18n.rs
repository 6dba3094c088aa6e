//! Messages in English and Japanese for every code of [`crate::error`].
//! (The error module names the codes; this one words them, so neither
//! imports the other back.)

use crate::error::{ClientCode, ErrorCode, Field, FieldError};

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

impl ErrorCode {
    /// The message shown to a shopper, in `locale`.
    pub fn message(self, locale: Locale) -> &'static str {
        message(self, locale)
    }
}

impl FieldError {
    /// The message shown to a shopper, in `locale`. Usually the code's
    /// message; a few codes read better per field (`invalid_name` on
    /// `given_name` is not about a card).
    pub fn message(self, locale: Locale) -> &'static str {
        field_message(self.field, self.code, locale)
    }
}

impl ClientCode {
    /// The message for this code when there is none more precise (the
    /// server's own, or one naming the option). The page's own mistakes
    /// (integration errors) are for its developer and read the same in
    /// every locale: English. Codes whose message is always written where
    /// they are raised (`invalid_option`, `invalid_argument`, `internal`;
    /// `not_initialized`, `wasm_blocked` and `wasm_load_failed`, raised by
    /// `js/entry/tessera.js`) have only the generic one here.
    pub fn message(self, locale: Locale) -> &'static str {
        use ClientCode::*;
        let developer = match self {
            SecretKeyInBrowser => "A secret key (sk_…) must never be used in a browser: use your publishable key (pk_…), and keep the secret key on your server.",
            InvalidPublishableKey => "The publishable key must start with pk_.",
            InvalidApiBase => "Option `apiBase` must be an absolute URL such as \"https://komoju.com\".",
            InsecureApiBase => "Option `apiBase` must use https: (plain http: is allowed only for localhost, 127.0.0.1 and [::1]).",
            InvalidCurrency => "Option `currency` must be a three-letter ISO 4217 code such as \"JPY\".",
            InvalidClock => "The device's clock is not set.",
            TokenizationInProgress => "A tokenization is already in progress: wait for it before submitting another card.",
            InvalidResponse => "The tokens endpoint answered with something that is not a token.",
            InvalidDetails => "The payment details are invalid.",
            _ => "",
        };
        if !developer.is_empty() {
            return developer;
        }
        match (locale, self) {
            (Locale::En, Unauthorized) => "The publishable key was refused.",
            (Locale::En, RateLimited) => "Too many attempts. Please wait a moment and try again.",
            (Locale::En, Conflict) => "A request with the same idempotency key is still in progress.",
            (Locale::En, ApiError) => "The payment service failed. Please try again.",
            (Locale::En, InvalidRequest) => "The payment service refused the request.",
            (Locale::En, NetworkError) => {
                "Could not reach the payment service. Check your connection and try again."
            }
            (Locale::En, Timeout) => "The payment service did not answer in time. Please try again.",
            (Locale::En, Aborted) => "The request was cancelled.",
            (Locale::En, OutcomeUnknown) => "The connection was lost after the payment was sent: check the order's status before paying again.",
            (Locale::En, CardDeclined) => "Your card was declined.",
            (Locale::En, ThreeDSecureFailed) => "Your card's authentication (3-D Secure) failed.",
            (Locale::En, ThreeDSecureExpired) => "Your card's authentication (3-D Secure) took too long. Please try again.",
            (Locale::En, ThreeDSecureCancelled) => "Your card's authentication (3-D Secure) was cancelled.",
            (Locale::En, _) => "The payment could not be processed.",
            (Locale::Ja, Unauthorized) => "公開可能キーが拒否されました。",
            (Locale::Ja, RateLimited) => {
                "リクエストが多すぎます。しばらくしてから再度お試しください。"
            }
            (Locale::Ja, Conflict) => "同じ冪等キーのリクエストが処理中です。",
            (Locale::Ja, ApiError) => "決済サービスでエラーが発生しました。再度お試しください。",
            (Locale::Ja, InvalidRequest) => "決済サービスがリクエストを拒否しました。",
            (Locale::Ja, NetworkError) => {
                "決済サービスに接続できませんでした。通信環境をご確認のうえ再度お試しください。"
            }
            (Locale::Ja, Timeout) => {
                "決済サービスから時間内に応答がありませんでした。再度お試しください。"
            }
            (Locale::Ja, Aborted) => "リクエストはキャンセルされました。",
            (Locale::Ja, OutcomeUnknown) => "送信後に接続が切れました。再度お支払いになる前に注文の状況をご確認ください。",
            (Locale::Ja, CardDeclined) => "カードが承認されませんでした。",
            (Locale::Ja, ThreeDSecureFailed) => "カードの本人認証（3Dセキュア）に失敗しました。",
            (Locale::Ja, ThreeDSecureExpired) => "カードの本人認証（3Dセキュア）の有効期限が切れました。再度お試しください。",
            (Locale::Ja, ThreeDSecureCancelled) => "カードの本人認証（3Dセキュア）がキャンセルされました。",
            (Locale::Ja, _) => "お支払いを処理できませんでした。",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_a_message_in_both_locales() {
        for code in ErrorCode::ALL {
            assert!(
                !message(code, Locale::En).is_empty() && !message(code, Locale::Ja).is_ascii(),
                "{code}"
            );
        }
        for code in ClientCode::ALL {
            let (en, ja) = (code.message(Locale::En), code.message(Locale::Ja));
            assert!(
                !en.is_empty() && en.is_ascii() || en.contains('…'),
                "{code:?}"
            );
            if code.error_type() != crate::error::ErrorType::Integration
                && !matches!(
                    code,
                    ClientCode::InvalidResponse | ClientCode::InvalidDetails
                )
            {
                assert!(!ja.is_ascii(), "{code:?} has no Japanese message");
                assert_ne!(en, ClientCode::Internal.message(Locale::En), "{code:?}");
            }
        }
        for code in [
            ClientCode::ThreeDSecureFailed,
            ClientCode::ThreeDSecureExpired,
            ClientCode::ThreeDSecureCancelled,
            ClientCode::OutcomeUnknown,
            ClientCode::CardDeclined,
        ] {
            assert_ne!(
                code.message(Locale::En),
                "The payment could not be processed."
            );
            assert_ne!(code.message(Locale::Ja), "お支払いを処理できませんでした。");
        }
    }
}
