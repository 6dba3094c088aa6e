//! Validated payment details: what goes on the wire, and the non-secret echo
//! of it that a token response carries.

use crate::prelude::*;

use super::kind::{is_echoed, PaymentKind};
use crate::card::NormalizedCard;
use crate::error::Field;
use crate::secret::{redact_digits, RedactedText, SecretString};
use serde::ser::{Serialize, SerializeMap, Serializer};

/// One normalised field value.
#[derive(Clone)]
pub(super) enum Value {
    /// Shown, echoed (unless the field is not echoed), serialised.
    Text(String),
    /// Serialised for the request only: never echoed, never in `Debug`.
    Secret(SecretString),
}

impl Value {
    fn text(&self) -> Option<&str> {
        match self {
            Value::Text(t) => Some(t),
            Value::Secret(_) => None,
        }
    }
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Text(t) => s.serialize_str(t),
            Value::Secret(t) => t.serialize(s),
        }
    }
}

impl core::fmt::Debug for Value {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Value::Text(t) => redact_digits(t).fmt(f),
            Value::Secret(_) => f.write_str("<redacted>"),
        }
    }
}

#[derive(Clone)]
struct CardBody {
    card: NormalizedCard,
    /// Kept for the echo when the holder name came as `given_name` + `family_name`.
    given_name: Option<String>,
    family_name: Option<String>,
}

impl core::fmt::Debug for CardBody {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("CardBody")
            .field("card", &self.card)
            .field("given_name", &RedactedText(self.given_name.as_deref()))
            .field("family_name", &RedactedText(self.family_name.as_deref()))
            .finish()
    }
}

#[derive(Debug, Clone)]
enum Body {
    Card(Box<CardBody>),
    Fields(Vec<(Field, Value)>),
}

/// Payment details that passed validation, normalised for the tokens request.
///
/// `Serialize` writes exactly the request's `payment_details` for its type:
/// `type` first, then only that type's fields, under their wire names. For
/// credit_card that is [`NormalizedCard`]. `Debug` never shows a credential.
///
/// ```
/// use tessera::date::YearMonth;
/// use tessera::details::{normalize_details, DetailsOptions, RawDetails};
/// let raw: RawDetails = serde_json::from_str(
///     r#"{"type":"konbini","store":"Lawson","email":" taro@example.com ","phone":"０９０-1111-2222"}"#,
/// ).unwrap();
/// let options = DetailsOptions::new(YearMonth::new(2026, 11).unwrap());
/// let details = normalize_details(&raw, &options).unwrap();
/// assert_eq!(
///     serde_json::to_string(&details).unwrap(),
///     r#"{"type":"konbini","store":"lawson","email":"taro@example.com","phone":"090-1111-2222"}"#
/// );
/// ```
#[derive(Debug, Clone)]
pub struct NormalizedDetails {
    kind: PaymentKind,
    body: Body,
}

impl NormalizedDetails {
    pub(super) fn from_card(
        card: NormalizedCard,
        given_name: Option<String>,
        family_name: Option<String>,
    ) -> Self {
        NormalizedDetails {
            kind: PaymentKind::CreditCard,
            body: Body::Card(Box::new(CardBody {
                card,
                given_name,
                family_name,
            })),
        }
    }

    pub(super) fn from_fields(kind: PaymentKind, fields: Vec<(Field, Value)>) -> Self {
        NormalizedDetails {
            kind,
            body: Body::Fields(fields),
        }
    }

    /// The payment type.
    pub fn kind(&self) -> PaymentKind {
        self.kind
    }

    /// The card, for credit_card (brand, last four digits, expiry).
    pub fn card(&self) -> Option<&NormalizedCard> {
        match &self.body {
            Body::Card(c) => Some(&c.card),
            Body::Fields(_) => None,
        }
    }

    /// A non-secret normalised field (`store`, `email`, `phone`, `given_name_kana`,
    /// `expiry_days`, `return_url`, ...; for credit_card `name` and `email`).
    /// `None` when absent or a credential (see [`NormalizedDetails::secret`]).
    pub fn get(&self, field: Field) -> Option<&str> {
        match &self.body {
            Body::Card(c) => match field {
                Field::Name => Some(&c.card.name),
                Field::Email => c.card.email.as_deref(),
                Field::GivenName => c.given_name.as_deref(),
                Field::FamilyName => c.family_name.as_deref(),
                _ => None,
            },
            Body::Fields(fields) => fields
                .iter()
                .find(|(f, _)| *f == field)
                .and_then(|(_, v)| v.text()),
        }
    }

    /// A credential field (`prepaid_number`, `*_password`, the voucher IDs; for
    /// credit_card `number` and `verification_value`).
    pub fn secret(&self, field: Field) -> Option<&SecretString> {
        match &self.body {
            Body::Card(c) => match field {
                Field::Number => Some(&c.card.number),
                Field::VerificationValue => Some(&c.card.verification_value),
                _ => None,
            },
            Body::Fields(fields) => fields.iter().find_map(|(f, v)| match v {
                Value::Secret(s) if *f == field => Some(s),
                _ => None,
            }),
        }
    }

    /// What a token echoes back as its `payment_details`: `type` and the
    /// non-secret fields, never a card number, security code, prepaid number,
    /// voucher ID or password (nor `expiry_days` and `return_url`, which
    /// KOMOJU's examples do not echo either).
    pub fn echo(&self) -> Echo {
        let mut fields = Vec::new();
        match &self.body {
            Body::Card(c) => {
                if c.given_name.is_some() || c.family_name.is_some() {
                    fields.extend(c.given_name.clone().map(|g| (Field::GivenName, g)));
                    fields.extend(c.family_name.clone().map(|f| (Field::FamilyName, f)));
                } else {
                    fields.push((Field::Name, c.card.name.clone()));
                }
                fields.extend(c.card.email.clone().map(|e| (Field::Email, e)));
            }
            Body::Fields(all) => {
                for (field, value) in all {
                    if let (true, Some(text)) = (is_echoed(*field), value.text()) {
                        fields.push((*field, text.to_owned()));
                    }
                }
            }
        }
        Echo {
            kind: self.kind,
            fields,
        }
    }
}

impl Serialize for NormalizedDetails {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match &self.body {
            Body::Card(c) => c.card.serialize(s),
            Body::Fields(fields) => {
                let mut map = s.serialize_map(Some(fields.len() + 1))?;
                map.serialize_entry("type", &self.kind)?;
                for (field, value) in fields {
                    map.serialize_entry(field.as_str(), value)?;
                }
                map.end()
            }
        }
    }
}

/// The non-secret view of [`NormalizedDetails`]: the `payment_details` of a
/// Token object. Serialises as `{"type": ..., <field>: <value>, ...}` in the
/// order of KOMOJU's examples.
#[derive(Clone, PartialEq, Eq)]
pub struct Echo {
    kind: PaymentKind,
    fields: Vec<(Field, String)>,
}

impl core::fmt::Debug for Echo {
    // No credential is ever echoed; free text is shown with long digit runs
    // masked, as everywhere else.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let mut s = f.debug_struct("Echo");
        s.field("kind", &self.kind);
        for (field, value) in &self.fields {
            s.field(field.as_str(), &redact_digits(value));
        }
        s.finish()
    }
}

impl Echo {
    /// The payment type.
    pub fn kind(&self) -> PaymentKind {
        self.kind
    }

    /// One echoed field.
    pub fn get(&self, field: Field) -> Option<&str> {
        self.fields
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, v)| v.as_str())
    }

    /// The echoed fields, in order (without `type`).
    pub fn fields(&self) -> impl Iterator<Item = (Field, &str)> {
        self.fields.iter().map(|(f, v)| (*f, v.as_str()))
    }
}

impl Serialize for Echo {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.fields.len() + 1))?;
        map.serialize_entry("type", &self.kind)?;
        for (field, value) in &self.fields {
            map.serialize_entry(field.as_str(), value)?;
        }
        map.end()
    }
}
