//! Tokenization errors: a kind (`TesseraError.type`), a stable code, a message
//! that never holds card data, and what the server said.

use crate::prelude::*;

use crate::error::FieldError;

/// The kinds of failure, as JavaScript's `TesseraError.type` names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
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
}

impl ErrorKind {
    /// The `type` string.
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Integration => "integration_error",
            ErrorKind::Validation => "validation_error",
            ErrorKind::InvalidRequest => "invalid_request_error",
            ErrorKind::Authentication => "authentication_error",
            ErrorKind::RateLimit => "rate_limit_error",
            ErrorKind::Api => "api_error",
            ErrorKind::ApiConnection => "api_connection_error",
            ErrorKind::Timeout => "timeout_error",
            ErrorKind::Abort => "abort_error",
        }
    }

    /// Whether another attempt may succeed: network failures, timeouts,
    /// rate limits and server failures. Never validation or other 4xx.
    pub const fn is_retryable(self) -> bool {
        matches!(
            self,
            ErrorKind::ApiConnection | ErrorKind::Timeout | ErrorKind::RateLimit | ErrorKind::Api
        )
    }
}

/// A failed tokenization.
#[derive(Debug, Clone, PartialEq)]
pub struct TokenizeError {
    /// The kind of failure.
    pub kind: ErrorKind,
    /// A stable machine code (`"secret_key_in_browser"`, `"invalid_number"`, the server's code, ...).
    pub code: &'static str,
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
    /// The server's own code when it is not one of Tessera's static codes.
    pub server_code: Option<Box<str>>,
    /// Whether the server was seen to reject this attempt with a status that
    /// says so (used to decide on retries when 409/429/5xx).
    pub(crate) retryable_status: bool,
}

impl TokenizeError {
    /// An error with a static code and no details.
    pub fn new(kind: ErrorKind, code: &'static str, message: impl Into<String>) -> Self {
        TokenizeError {
            kind,
            code,
            message: message.into(),
            field: None,
            status: None,
            errors: Box::default(),
            retry_after: None,
            server_code: None,
            retryable_status: false,
        }
    }

    /// The code to show: the server's own when it gave one, else Tessera's.
    pub fn code(&self) -> &str {
        self.server_code.as_deref().unwrap_or(self.code)
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
        let e = TokenizeError::new(ErrorKind::Timeout, "timeout", "late");
        assert_eq!(e.to_string(), "timeout_error (timeout): late");
    }
}
