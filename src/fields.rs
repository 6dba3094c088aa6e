//! The keys of a `payment_details` object, declared once: every key a page
//! may give ([`KEYS`]: its name and how a loosely typed value is read), and
//! [`RawDetails`], the object itself as a page gives it — for every payment
//! type, cards included ([`crate::card::CardDetails`] is the same type). The
//! [`Field`]s that validation names, and which are credentials
//! ([`is_secret`]), are in `src/field.rs`.
//!
//! The JavaScript reader (`src/wasm/read.rs`) walks [`KEYS`]; the sandbox
//! classifies what it logs with [`is_secret`]; a native test
//! (`tests/typescript.rs`) holds the hand-written TypeScript types to the
//! payment types' field tables.

use crate::prelude::*;

pub use crate::field::{is_secret, Field};
use crate::secret::{RedactedText, SecretString};
use crate::serde_util::opt_string_or_number;
use serde::Deserialize;

/// How the value of a key may be given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A string.
    Text,
    /// A string, or a whole number written out (`month: 1`, `phone: 9012345678`).
    Whole,
    /// A credential: a string or a whole number, kept in a [`SecretString`].
    Secret,
}

/// One key of a `payment_details` object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    /// The key as the API and JavaScript spell it.
    pub name: &'static str,
    /// How its value may be given.
    pub shape: Shape,
    /// Whether a credit_card reads it (`validateCard` reads only these).
    pub card: bool,
}

const fn key(name: &'static str, shape: Shape, card: bool) -> Key {
    Key { name, shape, card }
}

/// Every key of a `payment_details` object, in the order they are read:
/// each [`Field`] under its name, plus `month` and `year`, which with
/// `expiry` make up [`Field::Expiry`]. [`RawDetails::set`] stores each one.
pub const KEYS: [Key; 23] = {
    use Shape::{Secret as S, Text as T, Whole as W};
    [
        key("type", W, false),
        key("number", S, true),
        key("month", W, true),
        key("year", W, true),
        key("expiry", T, true),
        key("verification_value", S, true),
        key("name", T, true),
        key("given_name", T, true),
        key("family_name", T, true),
        key("given_name_kana", T, false),
        key("family_name_kana", T, false),
        key("email", T, true),
        key("phone", W, false),
        key("store", T, false),
        key("expiry_days", W, false),
        key("prepaid_number", S, false),
        key("culture_id", S, false),
        key("culture_password", S, false),
        key("happy_money_id", S, false),
        key("happy_money_password", S, false),
        key("user_no", S, false),
        key("user_password", S, false),
        key("return_url", T, false),
    ]
};

/// A `payment_details` object of any payment type, as a page gives it.
///
/// One flat struct rather than an enum tagged by `type`: a missing `type`
/// means `credit_card`, unknown fields are ignored, and the wasm stays small.
/// Only the fields of the chosen type are read. Credentials (card number and
/// code, prepaid number, voucher IDs and passwords) are [`SecretString`]s:
/// wiped on drop and never shown by `Debug`.
///
/// ```
/// use tessera::details::RawDetails;
/// let raw: RawDetails = serde_json::from_str(
///     r#"{"type": "konbini", "store": "lawson", "email": "taro@example.com", "expiry_days": 3}"#,
/// ).unwrap();
/// assert_eq!(raw.expiry_days.as_deref(), Some("3"));
/// ```
#[derive(Clone, Default, Deserialize)]
#[serde(default)]
pub struct RawDetails {
    /// `type`; absent or blank means `credit_card`.
    #[serde(rename = "type", deserialize_with = "opt_string_or_number")]
    pub kind: Option<String>,

    /// Card number (credit_card).
    pub number: Option<SecretString>,
    /// Card expiry month (credit_card).
    #[serde(deserialize_with = "opt_string_or_number")]
    pub month: Option<String>,
    /// Card expiry year (credit_card).
    #[serde(deserialize_with = "opt_string_or_number")]
    pub year: Option<String>,
    /// Card expiry as one string, instead of `month` + `year` (credit_card).
    pub expiry: Option<String>,
    /// Card security code (credit_card).
    pub verification_value: Option<SecretString>,
    /// Cardholder name (credit_card).
    pub name: Option<String>,

    /// Given name (bank_transfer, pay_easy; credit_card without `name`).
    pub given_name: Option<String>,
    /// Family name (bank_transfer, pay_easy; credit_card without `name`).
    pub family_name: Option<String>,
    /// Given name in kana (bank_transfer, pay_easy).
    pub given_name_kana: Option<String>,
    /// Family name in kana (bank_transfer, pay_easy).
    pub family_name_kana: Option<String>,
    /// Email address.
    pub email: Option<String>,
    /// Phone number (konbini, bank_transfer, pay_easy).
    #[serde(deserialize_with = "opt_string_or_number")]
    pub phone: Option<String>,
    /// Convenience store chain (konbini).
    pub store: Option<String>,
    /// Days until the payment expires (konbini, bank_transfer).
    #[serde(deserialize_with = "opt_string_or_number")]
    pub expiry_days: Option<String>,

    /// Prepaid card number (web_money, net_cash, bit_cash, nanaco, steam_prepaid_card).
    pub prepaid_number: Option<SecretString>,
    /// Culture Voucher ID.
    pub culture_id: Option<SecretString>,
    /// Culture Voucher password.
    pub culture_password: Option<SecretString>,
    /// Happy Money ID.
    pub happy_money_id: Option<SecretString>,
    /// Happy Money password.
    pub happy_money_password: Option<SecretString>,
    /// Dospara user number.
    pub user_no: Option<SecretString>,
    /// Dospara user password.
    pub user_password: Option<SecretString>,
    /// Where the shopper returns after paying (zgold).
    pub return_url: Option<String>,
}

fn secret(value: &Option<SecretString>) -> Option<&str> {
    value.as_ref().map(SecretString::expose)
}

impl RawDetails {
    /// Stores `value` under `key` (a name of [`KEYS`]); other names are
    /// ignored, as unknown fields are.
    pub fn set(&mut self, key: &str, value: String) {
        if let Some(index) = KEYS.iter().position(|k| k.name == key) {
            self.set_at(index, value);
        }
    }

    /// Stores `value` under `KEYS[index]` (out of range: ignored). By index,
    /// so that a reader walking [`KEYS`] pays no name comparisons.
    pub fn set_at(&mut self, index: usize, value: String) {
        use Slot::{Secret as S, Text as T};
        // In the order of KEYS (a test checks every key lands in its field).
        let slot = match index {
            0 => T(&mut self.kind),
            1 => S(&mut self.number),
            2 => T(&mut self.month),
            3 => T(&mut self.year),
            4 => T(&mut self.expiry),
            5 => S(&mut self.verification_value),
            6 => T(&mut self.name),
            7 => T(&mut self.given_name),
            8 => T(&mut self.family_name),
            9 => T(&mut self.given_name_kana),
            10 => T(&mut self.family_name_kana),
            11 => T(&mut self.email),
            12 => T(&mut self.phone),
            13 => T(&mut self.store),
            14 => T(&mut self.expiry_days),
            15 => S(&mut self.prepaid_number),
            16 => S(&mut self.culture_id),
            17 => S(&mut self.culture_password),
            18 => S(&mut self.happy_money_id),
            19 => S(&mut self.happy_money_password),
            20 => S(&mut self.user_no),
            21 => S(&mut self.user_password),
            22 => T(&mut self.return_url),
            _ => return,
        };
        match slot {
            T(slot) => *slot = Some(value),
            S(slot) => *slot = Some(SecretString::new(value)),
        }
    }

    /// The raw text of `field`, secrets included (for validation only).
    /// `Field::Expiry` is the one-string `expiry`.
    pub fn get(&self, field: Field) -> Option<&str> {
        match field {
            Field::Type => self.kind.as_deref(),
            Field::Number => secret(&self.number),
            Field::Expiry => self.expiry.as_deref(),
            Field::VerificationValue => secret(&self.verification_value),
            Field::Name => self.name.as_deref(),
            Field::GivenName => self.given_name.as_deref(),
            Field::FamilyName => self.family_name.as_deref(),
            Field::GivenNameKana => self.given_name_kana.as_deref(),
            Field::FamilyNameKana => self.family_name_kana.as_deref(),
            Field::Email => self.email.as_deref(),
            Field::Phone => self.phone.as_deref(),
            Field::Store => self.store.as_deref(),
            Field::ExpiryDays => self.expiry_days.as_deref(),
            Field::PrepaidNumber => secret(&self.prepaid_number),
            Field::CultureId => secret(&self.culture_id),
            Field::CulturePassword => secret(&self.culture_password),
            Field::HappyMoneyId => secret(&self.happy_money_id),
            Field::HappyMoneyPassword => secret(&self.happy_money_password),
            Field::UserNo => secret(&self.user_no),
            Field::UserPassword => secret(&self.user_password),
            Field::ReturnUrl => self.return_url.as_deref(),
        }
    }
}

/// Where [`RawDetails::set`] stores a key's value.
enum Slot<'a> {
    Text(&'a mut Option<String>),
    Secret(&'a mut Option<SecretString>),
}

/// Shows a credential only as whether it is there.
struct Redacted<'a>(&'a Option<SecretString>);

impl core::fmt::Debug for Redacted<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self.0 {
            Some(_) => f.write_str("Some(<redacted>)"),
            None => f.write_str("None"),
        }
    }
}

impl core::fmt::Debug for RawDetails {
    // Credentials show only whether they are there (the number its mask);
    // free text may hold a card number typed in the wrong field, so its long
    // digit runs are masked.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let text = RedactedText::of;
        f.debug_struct("RawDetails")
            .field("kind", &text(&self.kind))
            .field("number", &self.number)
            .field("month", &text(&self.month))
            .field("year", &text(&self.year))
            .field("expiry", &text(&self.expiry))
            .field("verification_value", &Redacted(&self.verification_value))
            .field("name", &text(&self.name))
            .field("given_name", &text(&self.given_name))
            .field("family_name", &text(&self.family_name))
            .field("given_name_kana", &text(&self.given_name_kana))
            .field("family_name_kana", &text(&self.family_name_kana))
            .field("email", &text(&self.email))
            .field("phone", &text(&self.phone))
            .field("store", &text(&self.store))
            .field("expiry_days", &text(&self.expiry_days))
            .field("prepaid_number", &Redacted(&self.prepaid_number))
            .field("culture_id", &Redacted(&self.culture_id))
            .field("culture_password", &Redacted(&self.culture_password))
            .field("happy_money_id", &Redacted(&self.happy_money_id))
            .field(
                "happy_money_password",
                &Redacted(&self.happy_money_password),
            )
            .field("user_no", &Redacted(&self.user_no))
            .field("user_password", &Redacted(&self.user_password))
            .field("return_url", &text(&self.return_url))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_read_as_strings_and_unknown_fields_ignored() {
        let raw: RawDetails = serde_json::from_str(
            r#"{"type":"dospara","user_no":12345,"user_password":"pw","expiry_days":7,
                "phone":null,"colour":"blue","month":1}"#,
        )
        .unwrap();
        assert_eq!(raw.kind.as_deref(), Some("dospara"));
        assert_eq!(raw.get(Field::UserNo), Some("12345"));
        assert_eq!(raw.get(Field::ExpiryDays), Some("7"));
        assert_eq!(raw.month.as_deref(), Some("1"));
        assert_eq!(raw.phone, None);
    }

    #[test]
    fn every_key_is_stored_and_read_back() {
        for k in KEYS {
            let mut raw = RawDetails::default();
            raw.set(k.name, "x".into());
            let dbg = format!("{raw:?}");
            assert!(
                dbg.contains(&format!(
                    "{}: Some",
                    if k.name == "type" { "kind" } else { k.name }
                )),
                "{} in {dbg}",
                k.name
            );
            if let Some(field) = Field::parse(k.name) {
                assert_eq!(raw.get(field), Some("x"), "{}", k.name);
                assert_eq!(k.shape == Shape::Secret, is_secret(field), "{}", k.name);
                assert_eq!(field.as_str(), k.name);
            } else {
                assert!(matches!(k.name, "month" | "year"), "{} is no field", k.name);
            }
        }
        for f in Field::ALL {
            assert!(
                KEYS.iter().any(|k| k.name == f.as_str()),
                "{f:?} has no key"
            );
        }
        let mut raw = RawDetails::default();
        raw.set("colour", "blue".into());
        assert_eq!(format!("{raw:?}"), format!("{:?}", RawDetails::default()));
    }

    #[test]
    fn debug_hides_every_credential() {
        let raw = RawDetails {
            number: Some("4111111111111111".into()),
            verification_value: Some("987".into()),
            prepaid_number: Some("ab12cd34ef56gh78".into()),
            culture_id: Some("11112222".into()),
            culture_password: Some("pw-culture".into()),
            happy_money_id: Some("33334444".into()),
            happy_money_password: Some("pw-happy".into()),
            user_no: Some("55556666".into()),
            user_password: Some("pw-user".into()),
            ..Default::default()
        };
        let dbg = format!("{raw:?}");
        for secret in [
            "4111111111111111",
            "987",
            "ab12cd34ef56gh78",
            "11112222",
            "pw-culture",
            "33334444",
            "pw-happy",
            "55556666",
            "pw-user",
        ] {
            assert!(!dbg.contains(secret), "{secret} in {dbg}");
        }
        assert!(dbg.contains("411111******1111"), "{dbg}");
    }
}
