//! A failed call: its type (`TesseraError.type`), its stable code, a
//! message that never holds card data, and what the server said.

use crate::prelude::*;

use crate::error::{ClientCode, Code, ErrorType, FieldError};
use crate::i18n::Locale;

/// The properties a JavaScript `TesseraError` may carry, as `js/bindings/error.js`
/// sets them from a [`TokenizeError`] (`name`, `message` and `stack` come
/// from `Error`). `js/entry/tessera.d.ts` declares the same; a test compares them.
pub const JS_FIELDS: [&str; 8] = [
    "type",
    "code",
    "field",
    "status",
    "retryAfter",
    "errors",
    "declineCode",
    "name",
];

/// A failed call.
#[derive(Debug, Clone, PartialEq)]
pub struct TokenizeError {
    /// The type of failure.
    pub kind: ErrorType,
    /// Tessera's stable code.
    pub code: Code,
    /// A human message. Never holds card data.
    pub message: String,
    /// The offending field (`"number"`, or the server's `param` with
    /// `payment_details[...]` unwrapped).
    pub field: Option<Box<str>>,
    /// The HTTP status, for errors from the API.
    pub status: Option<u16>,
    /// Every failing field, for validation errors.
    pub errors: Box<[FieldError]>,
    /// Seconds the server asked to wait (`Retry-After`).
    pub retry_after: Option<u32>,
    /// The server's own code, when it gave one: it is external, so it stays
    /// a string, shown instead of Tessera's (see [`TokenizeError::code`]).
    pub server_code: Option<Box<str>>,
    /// Why the issuer declined the card (`insufficient_funds`, ...), when
    /// the API said (KOMOJU's `details.decline_code` of a 402).
    pub decline_code: Option<Box<str>>,
    /// Whether the server was seen to reject this attempt with a status that
    /// says so (used to decide on retries when 409/429/5xx).
    pub(crate) retryable_status: bool,
}

impl TokenizeError {
    /// An error of `kind` with `code` and `message`, and no details.
    pub fn new(kind: ErrorType, code: impl Into<Code>, message: impl Into<String>) -> Self {
        TokenizeError {
            kind,
            code: code.into(),
            message: message.into(),
            field: None,
            status: None,
            errors: Box::default(),
            retry_after: None,
            server_code: None,
            decline_code: None,
            retryable_status: false,
        }
    }

    /// The error for `code`: its own type and its message in `locale`.
    pub fn client(code: ClientCode, locale: Locale) -> Self {
        TokenizeError::new(code.error_type(), code, code.message(locale))
    }

    /// An integration error (the page's mistake) with its own message.
    pub fn integration(code: ClientCode, message: impl Into<String>) -> Self {
        TokenizeError::new(ErrorType::Integration, code, message)
    }

    /// The code to show: the server's own when it gave one, else Tessera's.
    pub fn code(&self) -> &str {
        self.server_code.as_deref().unwrap_or(self.code.as_str())
    }

    /// Whether the request may be tried again.
    pub fn is_retryable(&self) -> bool {
        match self.status {
            Some(_) => self.retryable_status,
            None => self.kind.is_retryable(),
        }
    }
}

impl core::fmt::Display for TokenizeError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(
            f,
            "{} ({}): {}",
            self.kind.as_str(),
            self.code(),
            self.message
        )
    }
}

impl core::error::Error for TokenizeError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_enough_to_return_by_value() {
        assert!(
            core::mem::size_of::<TokenizeError>() <= 128,
            "{}",
            core::mem::size_of::<TokenizeError>()
        );
    }

    #[test]
    fn display_names_kind_code_and_message() {
        let e = TokenizeError::new(ErrorType::Timeout, ClientCode::Timeout, "late");
        assert_eq!(e.to_string(), "timeout_error (timeout): late");
        let e = TokenizeError::client(ClientCode::CardDeclined, Locale::En);
        assert_eq!(
            e.to_string(),
            "card_error (card_declined): Your card was declined."
        );
    }
}
