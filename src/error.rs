//! Tessera's one error vocabulary: what kind of failure it is
//! ([`ErrorType`], JavaScript's `TesseraError.type`), and a stable machine
//! code for it — [`ErrorCode`] for input that fails validation (always with
//! the [`Field`] it is about), [`ClientCode`] for everything else — joined as
//! [`Code`]. The messages are in [`crate::i18n`]; the codes' strings never
//! change once published: integrators switch on them.

pub use crate::field::Field;

/// A stable machine code for each way input can be wrong. The strings never
/// change once published: integrators switch on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// The card number is missing or too short.
    IncompleteNumber,
    /// The card number cannot be a card number (bad characters, Luhn, length, prefix).
    InvalidNumber,
    /// The card's brand is not one the merchant accepts.
    UnsupportedBrand,
    /// The expiry is missing or not fully typed.
    IncompleteExpiry,
    /// The expiry month is not 1–12.
    InvalidExpiryMonth,
    /// The expiry year is malformed or too far in the future.
    InvalidExpiryYear,
    /// The expiry is in the past.
    ExpiredCard,
    /// The security code is missing or too short.
    IncompleteCvc,
    /// The security code has non-digits or too many digits.
    InvalidCvc,
    /// The cardholder name is missing, too long, or looks like a card number
    /// (also used for `given_name` / `family_name` of bank transfer and Pay-easy).
    InvalidName,
    /// A required field is absent or blank.
    MissingField,
    /// The email address is malformed.
    InvalidEmail,
    /// The phone number is not a Japanese domestic number (10 digits, 11 for mobiles).
    InvalidPhone,
    /// A kana name is not (convertible to) full-width katakana.
    InvalidKana,
    /// The konbini store is not one KOMOJU supports.
    InvalidStore,
    /// `expiry_days` is not a whole number within the payment type's limits.
    InvalidExpiryDays,
    /// The prepaid card number is not 16 letters or digits.
    InvalidPrepaidNumber,
    /// An ID or password is too long or holds control characters.
    InvalidCredential,
    /// `return_url` is not an absolute http(s) URL.
    InvalidReturnUrl,
    /// `type` is not a payment type of the tokens API.
    InvalidType,
    /// `type` is valid but not one the merchant accepts.
    UnsupportedType,
}

impl ErrorCode {
    /// Every code, in declaration order.
    pub const ALL: [ErrorCode; 21] = [
        ErrorCode::IncompleteNumber,
        ErrorCode::InvalidNumber,
        ErrorCode::UnsupportedBrand,
        ErrorCode::IncompleteExpiry,
        ErrorCode::InvalidExpiryMonth,
        ErrorCode::InvalidExpiryYear,
        ErrorCode::ExpiredCard,
        ErrorCode::IncompleteCvc,
        ErrorCode::InvalidCvc,
        ErrorCode::InvalidName,
        ErrorCode::MissingField,
        ErrorCode::InvalidEmail,
        ErrorCode::InvalidPhone,
        ErrorCode::InvalidKana,
        ErrorCode::InvalidStore,
        ErrorCode::InvalidExpiryDays,
        ErrorCode::InvalidPrepaidNumber,
        ErrorCode::InvalidCredential,
        ErrorCode::InvalidReturnUrl,
        ErrorCode::InvalidType,
        ErrorCode::UnsupportedType,
    ];

    /// The stable code string (`"invalid_number"`, ...).
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorCode::IncompleteNumber => "incomplete_number",
            ErrorCode::InvalidNumber => "invalid_number",
            ErrorCode::UnsupportedBrand => "unsupported_brand",
            ErrorCode::IncompleteExpiry => "incomplete_expiry",
            ErrorCode::InvalidExpiryMonth => "invalid_expiry_month",
            ErrorCode::InvalidExpiryYear => "invalid_expiry_year",
            ErrorCode::ExpiredCard => "expired_card",
            ErrorCode::IncompleteCvc => "incomplete_cvc",
            ErrorCode::InvalidCvc => "invalid_cvc",
            ErrorCode::InvalidName => "invalid_name",
            ErrorCode::MissingField => "missing_field",
            ErrorCode::InvalidEmail => "invalid_email",
            ErrorCode::InvalidPhone => "invalid_phone",
            ErrorCode::InvalidKana => "invalid_kana",
            ErrorCode::InvalidStore => "invalid_store",
            ErrorCode::InvalidExpiryDays => "invalid_expiry_days",
            ErrorCode::InvalidPrepaidNumber => "invalid_prepaid_number",
            ErrorCode::InvalidCredential => "invalid_credential",
            ErrorCode::InvalidReturnUrl => "invalid_return_url",
            ErrorCode::InvalidType => "invalid_type",
            ErrorCode::UnsupportedType => "unsupported_type",
        }
    }
}

impl core::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One failing field. Holds no input, so it can be logged freely.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldError {
    /// Which field failed.
    pub field: Field,
    /// Why.
    pub code: ErrorCode,
}

impl FieldError {
    /// A new field error.
    pub const fn new(field: Field, code: ErrorCode) -> Self {
        FieldError { field, code }
    }
}

impl core::fmt::Display for FieldError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{}: {}", self.field.as_str(), self.code.as_str())
    }
}

impl core::error::Error for FieldError {}

/// The kinds of failure, as JavaScript's `TesseraError.type` names them
/// (`js/entry/tessera.d.ts` lists the same strings; a test compares them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorType {
    /// The page used the API wrongly: a secret key, a bad option, two cards at once.
    Integration,
    /// The input failed validation; no request was made.
    Validation,
    /// The API refused the request (400, 402, 404, 422, ...).
    InvalidRequest,
    /// The API refused the key (401, 403).
    Authentication,
    /// Too many requests (429), after retries.
    RateLimit,
    /// The API failed (5xx, 409 after retries) or answered something unexpected.
    Api,
    /// The request never got an answer: the network failed or CORS refused it.
    ApiConnection,
    /// No answer within the timeout.
    Timeout,
    /// The caller aborted.
    Abort,
    /// The card was declined, or failed 3-D Secure.
    Card,
}

impl ErrorType {
    /// Every type, in declaration order.
    pub const ALL: [ErrorType; 10] = [
        ErrorType::Integration,
        ErrorType::Validation,
        ErrorType::InvalidRequest,
        ErrorType::Authentication,
        ErrorType::RateLimit,
        ErrorType::Api,
        ErrorType::ApiConnection,
        ErrorType::Timeout,
        ErrorType::Abort,
        ErrorType::Card,
    ];

    /// The `type` string.
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorType::Integration => "integration_error",
            ErrorType::Validation => "validation_error",
            ErrorType::InvalidRequest => "invalid_request_error",
            ErrorType::Authentication => "authentication_error",
            ErrorType::RateLimit => "rate_limit_error",
            ErrorType::Api => "api_error",
            ErrorType::ApiConnection => "api_connection_error",
            ErrorType::Timeout => "timeout_error",
            ErrorType::Abort => "abort_error",
            ErrorType::Card => "card_error",
        }
    }

    /// Whether another attempt may succeed: network failures, timeouts,
    /// rate limits and server failures. Never validation or other 4xx.
    pub const fn is_retryable(self) -> bool {
        matches!(
            self,
            ErrorType::ApiConnection | ErrorType::Timeout | ErrorType::RateLimit | ErrorType::Api
        )
    }
}

impl core::fmt::Display for ErrorType {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A stable code for every failure that is not a field's validation: the
/// page's mistakes, the API's and the network's failures, and the card's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ClientCode {
    /// A secret key (`sk_…`) was given to the browser.
    SecretKeyInBrowser,
    /// The publishable key is missing or not a `pk_…` key.
    InvalidPublishableKey,
    /// `apiBase` is not an absolute URL.
    InvalidApiBase,
    /// `apiBase` is plain `http:` and not loopback.
    InsecureApiBase,
    /// An option has the wrong type or value.
    InvalidOption,
    /// An argument is not what the function takes.
    InvalidArgument,
    /// `currency` is not a three-letter ISO 4217 code.
    InvalidCurrency,
    /// The device's clock is not set.
    InvalidClock,
    /// Tessera itself failed (a bug, not the page's).
    Internal,
    /// Another call is in flight with other details.
    TokenizationInProgress,
    /// The details failed validation but no field was named.
    InvalidDetails,
    /// The API was used before `init()` resolved (raised by the JS entry).
    NotInitialized,
    /// The page's CSP does not allow WebAssembly (raised by the JS entry).
    WasmBlocked,
    /// The `.wasm` could not be fetched or compiled (raised by the JS entry).
    WasmLoadFailed,
    /// The API refused the key (401, 403).
    Unauthorized,
    /// Too many requests (429).
    RateLimited,
    /// A request with the same idempotency key is in progress (409).
    Conflict,
    /// The API failed (5xx).
    ApiError,
    /// The API refused the request (another 4xx).
    InvalidRequest,
    /// A 2xx answer that is not what the call expects.
    InvalidResponse,
    /// No answer: the network failed or CORS refused it.
    NetworkError,
    /// No answer within the timeout.
    Timeout,
    /// The caller aborted.
    Aborted,
    /// The request may have reached the API, and it cannot be retried safely.
    OutcomeUnknown,
    /// The card issuer declined the payment.
    CardDeclined,
    /// 3-D Secure authentication failed.
    ThreeDSecureFailed,
    /// 3-D Secure was not finished in time.
    ThreeDSecureExpired,
    /// The shopper cancelled 3-D Secure.
    ThreeDSecureCancelled,
}

impl ClientCode {
    /// Every code, in declaration order.
    pub const ALL: [ClientCode; 28] = [
        ClientCode::SecretKeyInBrowser,
        ClientCode::InvalidPublishableKey,
        ClientCode::InvalidApiBase,
        ClientCode::InsecureApiBase,
        ClientCode::InvalidOption,
        ClientCode::InvalidArgument,
        ClientCode::InvalidCurrency,
        ClientCode::InvalidClock,
        ClientCode::Internal,
        ClientCode::TokenizationInProgress,
        ClientCode::InvalidDetails,
        ClientCode::NotInitialized,
        ClientCode::WasmBlocked,
        ClientCode::WasmLoadFailed,
        ClientCode::Unauthorized,
        ClientCode::RateLimited,
        ClientCode::Conflict,
        ClientCode::ApiError,
        ClientCode::InvalidRequest,
        ClientCode::InvalidResponse,
        ClientCode::NetworkError,
        ClientCode::Timeout,
        ClientCode::Aborted,
        ClientCode::OutcomeUnknown,
        ClientCode::CardDeclined,
        ClientCode::ThreeDSecureFailed,
        ClientCode::ThreeDSecureExpired,
        ClientCode::ThreeDSecureCancelled,
    ];

    /// The stable code string.
    pub const fn as_str(self) -> &'static str {
        match self {
            ClientCode::SecretKeyInBrowser => "secret_key_in_browser",
            ClientCode::InvalidPublishableKey => "invalid_publishable_key",
            ClientCode::InvalidApiBase => "invalid_api_base",
            ClientCode::InsecureApiBase => "insecure_api_base",
            ClientCode::InvalidOption => "invalid_option",
            ClientCode::InvalidArgument => "invalid_argument",
            ClientCode::InvalidCurrency => "invalid_currency",
            ClientCode::InvalidClock => "invalid_clock",
            ClientCode::Internal => "internal",
            ClientCode::TokenizationInProgress => "tokenization_in_progress",
            ClientCode::InvalidDetails => "invalid_details",
            ClientCode::NotInitialized => "not_initialized",
            ClientCode::WasmBlocked => "wasm_blocked",
            ClientCode::WasmLoadFailed => "wasm_load_failed",
            ClientCode::Unauthorized => "unauthorized",
            ClientCode::RateLimited => "rate_limited",
            ClientCode::Conflict => "conflict",
            ClientCode::ApiError => "api_error",
            ClientCode::InvalidRequest => "invalid_request",
            ClientCode::InvalidResponse => "invalid_response",
            ClientCode::NetworkError => "network_error",
            ClientCode::Timeout => "timeout",
            ClientCode::Aborted => "aborted",
            ClientCode::OutcomeUnknown => "outcome_unknown",
            ClientCode::CardDeclined => "card_declined",
            ClientCode::ThreeDSecureFailed => "three_d_secure_failed",
            ClientCode::ThreeDSecureExpired => "three_d_secure_expired",
            ClientCode::ThreeDSecureCancelled => "three_d_secure_cancelled",
        }
    }

    /// The type of failure this code is reported as.
    pub const fn error_type(self) -> ErrorType {
        use ClientCode::*;
        match self {
            SecretKeyInBrowser
            | InvalidPublishableKey
            | InvalidApiBase
            | InsecureApiBase
            | InvalidOption
            | InvalidArgument
            | InvalidCurrency
            | InvalidClock
            | Internal
            | TokenizationInProgress
            | NotInitialized
            | WasmBlocked
            | WasmLoadFailed => ErrorType::Integration,
            InvalidDetails => ErrorType::Validation,
            Unauthorized => ErrorType::Authentication,
            RateLimited => ErrorType::RateLimit,
            Conflict | ApiError | InvalidResponse => ErrorType::Api,
            InvalidRequest => ErrorType::InvalidRequest,
            NetworkError | OutcomeUnknown => ErrorType::ApiConnection,
            Timeout => ErrorType::Timeout,
            Aborted | ThreeDSecureCancelled => ErrorType::Abort,
            CardDeclined | ThreeDSecureFailed | ThreeDSecureExpired => ErrorType::Card,
        }
    }
}

/// Any of Tessera's codes: a field's validation code, or a client code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Code {
    /// Input that failed validation.
    Input(ErrorCode),
    /// Anything else.
    Client(ClientCode),
}

impl Code {
    /// The stable code string.
    pub const fn as_str(self) -> &'static str {
        match self {
            Code::Input(c) => c.as_str(),
            Code::Client(c) => c.as_str(),
        }
    }
}

impl From<ErrorCode> for Code {
    fn from(code: ErrorCode) -> Self {
        Code::Input(code)
    }
}

impl From<ClientCode> for Code {
    fn from(code: ClientCode) -> Self {
        Code::Client(code)
    }
}

impl core::fmt::Display for Code {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prelude::*;

    #[test]
    fn code_strings_are_unique_snake_case() {
        let mut all: Vec<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
        all.extend(ClientCode::ALL.iter().map(|c| c.as_str()));
        for c in &all {
            assert!(
                c.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
                "{c}"
            );
        }
        let mut sorted = all.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), all.len(), "a code string is used twice");
        let types: Vec<&str> = ErrorType::ALL.iter().map(|t| t.as_str()).collect();
        assert!(types.iter().all(|t| t.ends_with("_error")), "{types:?}");
    }
}
