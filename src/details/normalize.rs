//! Validating and normalising `payment_details` of any type: one loop over the
//! type's field table, one dispatcher from field to validator.

use crate::prelude::*;

use super::credential::{check_password, normalize_credential_id};
use super::email::normalize_email;
use super::kana::normalize_kana;
use super::kind::{Need, PaymentKind};
use super::konbini::{normalize_expiry_days, Store};
use super::normalized::{NormalizedDetails, Value};
use super::phone::normalize_phone;
use super::prepaid::normalize_prepaid_number;
use super::text::is_blank;
use super::url::normalize_return_url;
use crate::card::{self, normalize_card, CardOptions};
use crate::date::YearMonth;
use crate::error::{ErrorCode, Field, FieldError};
use crate::fields::is_secret;
use crate::fields::RawDetails;
use crate::secret::SecretString;

/// Options for [`normalize_details`]: the card options (today, accepted
/// brands, ...) and the payment types the merchant accepts.
#[derive(Debug, Clone, Copy)]
pub struct DetailsOptions<'a> {
    /// Options for credit_card.
    pub card: CardOptions<'a>,
    /// The types the merchant accepts; `None` for all. Any other type is
    /// refused with `unsupported_type`.
    pub accepted_types: Option<&'a [PaymentKind]>,
}

impl DetailsOptions<'_> {
    /// Default options for `today`: every type, every brand.
    pub fn new(today: YearMonth) -> Self {
        DetailsOptions::from(CardOptions::new(today))
    }
}

impl<'a> From<CardOptions<'a>> for DetailsOptions<'a> {
    fn from(card: CardOptions<'a>) -> Self {
        DetailsOptions {
            card,
            accepted_types: None,
        }
    }
}

/// The payment type of `raw`: its `type`, or credit_card when `type` is
/// absent or blank. An unknown `type` is an `invalid_type` error on `type`.
pub fn payment_kind(raw: &RawDetails) -> Result<PaymentKind, FieldError> {
    match raw.kind.as_deref().filter(|t| !is_blank(t)) {
        None => Ok(PaymentKind::CreditCard),
        Some(name) => {
            PaymentKind::parse(name).ok_or(FieldError::new(Field::Type, ErrorCode::InvalidType))
        }
    }
}

/// Validates `raw` and, when every field of its type passes, normalises it for
/// the tokens request.
///
/// On failure returns every failing field, in a stable order: a bad `type`
/// alone (nothing else can be judged without it); otherwise the type's fields
/// in the order of [`PaymentKind::fields`] — for credit_card the card's order
/// (number, expiry, verification_value, name) then email. Fields that do not
/// belong to the type are ignored and not sent.
pub fn normalize_details(
    raw: &RawDetails,
    options: &DetailsOptions<'_>,
) -> Result<NormalizedDetails, Vec<FieldError>> {
    let kind = payment_kind(raw).map_err(|e| vec![e])?;
    if let Some(accepted) = options.accepted_types {
        if !accepted.contains(&kind) {
            return Err(vec![FieldError::new(
                Field::Type,
                ErrorCode::UnsupportedType,
            )]);
        }
    }
    if kind == PaymentKind::CreditCard {
        return normalize_credit_card(raw, &options.card);
    }
    let mut errors = Vec::new();
    let mut fields = Vec::with_capacity(kind.fields().len());
    for spec in kind.fields() {
        match (present(raw.get(spec.field)), spec.need) {
            (None, Need::Required) => {
                errors.push(FieldError::new(spec.field, ErrorCode::MissingField));
            }
            (None, Need::Optional) => {}
            (Some(value), _) => match normalize_value(kind, spec.field, value) {
                Ok(v) => fields.push((spec.field, v)),
                Err(code) => errors.push(FieldError::new(spec.field, code)),
            },
        }
    }
    if errors.is_empty() {
        Ok(NormalizedDetails::from_fields(kind, fields))
    } else {
        Err(errors)
    }
}

/// Every failing field of `raw` (empty when it is valid), as [`normalize_details`]
/// reports them.
///
/// ```
/// use tessera::date::YearMonth;
/// use tessera::details::{validate_details, DetailsOptions, RawDetails};
/// let raw = RawDetails { kind: Some("konbini".into()), store: Some("circle-k".into()), ..Default::default() };
/// let errors = validate_details(&raw, &DetailsOptions::new(YearMonth::new(2026, 11).unwrap()));
/// let codes: Vec<_> = errors.iter().map(|e| (e.field.as_str(), e.code.as_str())).collect();
/// assert_eq!(codes, [("store", "invalid_store"), ("email", "missing_field")]);
/// ```
pub fn validate_details(raw: &RawDetails, options: &DetailsOptions<'_>) -> Vec<FieldError> {
    match normalize_details(raw, options) {
        Ok(_) => Vec::new(),
        Err(errors) => errors,
    }
}

/// Checks one field as the shopper leaves it, for inline messages: `None` when
/// it is fine for `kind`. Blank is `missing_field` if `kind` requires the
/// field; a field `kind` does not take is always fine. Card fields go to the
/// card rules (`expiry` is the one-string form).
pub fn check_field(
    kind: PaymentKind,
    field: Field,
    value: &str,
    options: &DetailsOptions<'_>,
) -> Option<ErrorCode> {
    let spec = kind.fields().iter().find(|s| s.field == field)?;
    if kind == PaymentKind::CreditCard {
        return check_card_field(field, value, options);
    }
    match (present(Some(value)), spec.need) {
        (None, Need::Required) => Some(ErrorCode::MissingField),
        (None, Need::Optional) => None,
        (Some(v), _) => normalize_value(kind, field, v).err(),
    }
}

fn check_card_field(field: Field, value: &str, options: &DetailsOptions<'_>) -> Option<ErrorCode> {
    match field {
        Field::Number => card::validate_number(value, &options.card.number).problem,
        Field::Expiry => {
            let eo = card::ExpiryOptions {
                today: options.card.today,
                max_years_ahead: options.card.max_years_ahead,
            };
            card::validate_expiry(value, &eo).problem
        }
        Field::VerificationValue => card::validate_cvc(value, None).problem,
        Field::Name => card::validate_name(value).problem,
        // Optional on their own: they stand in for `name` only together.
        Field::GivenName | Field::FamilyName => {
            present(Some(value)).and_then(|v| card::validate_name(v).problem)
        }
        Field::Email => present(Some(value)).and_then(|v| normalize_email(v).err()),
        _ => None,
    }
}

/// `value` when present and not blank.
fn present(value: Option<&str>) -> Option<&str> {
    value.filter(|v| !is_blank(v))
}

/// The validator of each non-card field.
fn normalize_value(kind: PaymentKind, field: Field, value: &str) -> Result<Value, ErrorCode> {
    let text = Value::Text;
    match field {
        Field::Email => normalize_email(value).map(text),
        Field::Phone => normalize_phone(value).map(text),
        Field::Store => Store::parse(value)
            .map(|s| Value::Text(s.as_str().to_owned()))
            .ok_or(ErrorCode::InvalidStore),
        Field::ExpiryDays => {
            normalize_expiry_days(value, kind.max_expiry_days().unwrap_or(0)).map(text)
        }
        Field::GivenName | Field::FamilyName => match card::validate_name(value).problem {
            None => Ok(Value::Text(value.trim().to_owned())),
            Some(code) => Err(code),
        },
        Field::GivenNameKana | Field::FamilyNameKana => normalize_kana(value).map(text),
        Field::PrepaidNumber => normalize_prepaid_number(value, kind).map(Value::Secret),
        Field::CultureId | Field::HappyMoneyId | Field::UserNo => {
            normalize_credential_id(value).map(Value::Secret)
        }
        Field::CulturePassword | Field::HappyMoneyPassword | Field::UserPassword => {
            check_password(value).map(Value::Secret)
        }
        Field::ReturnUrl => normalize_return_url(value).map(text),
        // Card fields and `type` are not in any non-card table (a test checks);
        // should one be added, it is passed through, and credentials stay secret.
        Field::Type | Field::Number | Field::Expiry | Field::VerificationValue | Field::Name => {
            Ok(if is_secret(field) {
                Value::Secret(SecretString::from(value))
            } else {
                Value::Text(value.trim().to_owned())
            })
        }
    }
}

fn normalize_credit_card(
    raw: &RawDetails,
    options: &CardOptions<'_>,
) -> Result<NormalizedDetails, Vec<FieldError>> {
    let card = normalize_card(raw, options);
    let email = present(raw.email.as_deref())
        .map(normalize_email)
        .transpose();
    match (card, email) {
        (Ok(mut card), Ok(email)) => {
            card.email = email;
            // The echo shows the name as it came: `name`, or given + family.
            let (given, family) = match present(raw.name.as_deref()) {
                Some(_) => (None, None),
                None => (
                    present(raw.given_name.as_deref()).map(|g| g.trim().to_owned()),
                    present(raw.family_name.as_deref()).map(|f| f.trim().to_owned()),
                ),
            };
            Ok(NormalizedDetails::from_card(card, given, family))
        }
        (card, email) => {
            let mut errors = card.err().unwrap_or_default();
            if let Err(code) = email {
                errors.push(FieldError::new(Field::Email, code));
            }
            Err(errors)
        }
    }
}
