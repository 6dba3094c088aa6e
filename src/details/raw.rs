//! `payment_details` as a page gives it: one flat object for every type.

use crate::prelude::*;

use crate::card::CardDetails;
use crate::error::Field;
use crate::secret::{RedactedText, SecretString};
use crate::serde_util::opt_string_or_number;
use serde::Deserialize;

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

    /// The credit_card fields, for [`crate::card::normalize_card`].
    pub fn card_details(&self) -> CardDetails {
        CardDetails {
            number: self.number.clone(),
            month: self.month.clone(),
            year: self.year.clone(),
            expiry: self.expiry.clone(),
            verification_value: self.verification_value.clone(),
            name: self.name.clone(),
            given_name: self.given_name.clone(),
            family_name: self.family_name.clone(),
            email: self.email.clone(),
        }
    }
}

/// Shows a credential only as whether it is there.
pub(super) struct Redacted<'a>(pub(super) &'a Option<SecretString>);

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
