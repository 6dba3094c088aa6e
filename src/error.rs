//! Validation errors: a field, a stable machine code, and a message.

use crate::i18n::{self, Locale};

/// A field of `payment_details` that can fail validation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// The card number.
    Number,
    /// The expiry (`month` + `year`, or `expiry`).
    Expiry,
    /// The security code (`verification_value`).
    VerificationValue,
    /// The cardholder name.
    Name,
}

impl Field {
    /// The field's name as the API and JavaScript use it.
    pub const fn as_str(self) -> &'static str {
        match self {
            Field::Number => "number",
            Field::Expiry => "expiry",
            Field::VerificationValue => "verification_value",
            Field::Name => "name",
        }
    }
}

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
    /// The cardholder name is missing, too long, or looks like a card number.
    InvalidName,
}

impl ErrorCode {
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
        }
    }

    /// The message shown to a shopper, in `locale`.
    pub fn message(self, locale: Locale) -> &'static str {
        i18n::message(self, locale)
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

    /// The message shown to a shopper, in `locale`.
    pub fn message(self, locale: Locale) -> &'static str {
        self.code.message(locale)
    }
}

impl core::fmt::Display for FieldError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{}: {}", self.field.as_str(), self.code.as_str())
    }
}

impl std::error::Error for FieldError {}
