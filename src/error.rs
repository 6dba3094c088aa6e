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
    /// The payment type (`type`).
    Type,
    /// The shopper's email address.
    Email,
    /// The shopper's phone number.
    Phone,
    /// The convenience store chain (konbini).
    Store,
    /// Days until a konbini or bank transfer payment expires.
    ExpiryDays,
    /// Given name (bank transfer, Pay-easy; credit card when `name` is absent).
    GivenName,
    /// Family name (bank transfer, Pay-easy; credit card when `name` is absent).
    FamilyName,
    /// Given name in katakana.
    GivenNameKana,
    /// Family name in katakana.
    FamilyNameKana,
    /// The number of a prepaid card (WebMoney, NET CASH, BitCash, nanaco, Steam).
    PrepaidNumber,
    /// Culture Voucher ID.
    CultureId,
    /// Culture Voucher password.
    CulturePassword,
    /// Happy Money ID.
    HappyMoneyId,
    /// Happy Money password.
    HappyMoneyPassword,
    /// Dospara user number.
    UserNo,
    /// Dospara user password.
    UserPassword,
    /// Where the shopper returns after paying (zgold).
    ReturnUrl,
}

impl Field {
    /// The field's name as the API and JavaScript use it.
    pub const fn as_str(self) -> &'static str {
        match self {
            Field::Number => "number",
            Field::Expiry => "expiry",
            Field::VerificationValue => "verification_value",
            Field::Name => "name",
            Field::Type => "type",
            Field::Email => "email",
            Field::Phone => "phone",
            Field::Store => "store",
            Field::ExpiryDays => "expiry_days",
            Field::GivenName => "given_name",
            Field::FamilyName => "family_name",
            Field::GivenNameKana => "given_name_kana",
            Field::FamilyNameKana => "family_name_kana",
            Field::PrepaidNumber => "prepaid_number",
            Field::CultureId => "culture_id",
            Field::CulturePassword => "culture_password",
            Field::HappyMoneyId => "happy_money_id",
            Field::HappyMoneyPassword => "happy_money_password",
            Field::UserNo => "user_no",
            Field::UserPassword => "user_password",
            Field::ReturnUrl => "return_url",
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

    /// The message shown to a shopper, in `locale`. Usually the code's
    /// message; a few codes read better per field (`invalid_name` on
    /// `given_name` is not about a card).
    pub fn message(self, locale: Locale) -> &'static str {
        i18n::field_message(self.field, self.code, locale)
    }
}

impl core::fmt::Display for FieldError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{}: {}", self.field.as_str(), self.code.as_str())
    }
}

impl core::error::Error for FieldError {}
