//! The payment types of the tokens API and, as data, the fields each one
//! requires and accepts.

use crate::field::{is_secret, Field};
use serde::{Serialize, Serializer};

/// A payment type (`payment_details.type`) of `POST /api/v1/tokens`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PaymentKind {
    /// `credit_card`.
    CreditCard,
    /// `konbini`: cash at a convenience store.
    Konbini,
    /// `bank_transfer`.
    BankTransfer,
    /// `pay_easy`: Pay-easy (ATM / online banking).
    PayEasy,
    /// `web_money`: WebMoney prepaid card.
    WebMoney,
    /// `net_cash`: NET CASH prepaid card.
    NetCash,
    /// `bit_cash`: BitCash prepaid card.
    BitCash,
    /// `nanaco`: nanaco gift card.
    Nanaco,
    /// `steam_prepaid_card`.
    SteamPrepaidCard,
    /// `culture_voucher` (Korea).
    CultureVoucher,
    /// `happy_money` (Korea).
    HappyMoney,
    /// `dospara`.
    Dospara,
    /// `mobile`: carrier billing (Korea).
    Mobile,
    /// `cvs`: convenience store (Korea).
    Cvs,
    /// `toss` (Korea).
    Toss,
    /// `zgold`.
    Zgold,
}

/// Whether a field must be present.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Absent or blank is a `missing_field` error.
    Required,
    /// Validated only when present and not blank.
    Optional,
}

/// One field of a payment type: which, and whether it is required.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldSpec {
    /// The field.
    pub field: Field,
    /// Required or optional.
    pub need: Need,
}

const fn req(field: Field) -> FieldSpec {
    FieldSpec {
        field,
        need: Need::Required,
    }
}

const fn opt(field: Field) -> FieldSpec {
    FieldSpec {
        field,
        need: Need::Optional,
    }
}

/// credit_card. `expiry` stands for `month` + `year` (or one `expiry` string);
/// `name` may be given as `given_name` + `family_name`.
const CREDIT_CARD: &[FieldSpec] = &[
    req(Field::Number),
    req(Field::Expiry),
    req(Field::VerificationValue),
    req(Field::Name),
    opt(Field::GivenName),
    opt(Field::FamilyName),
    opt(Field::Email),
];
const KONBINI: &[FieldSpec] = &[
    req(Field::Store),
    req(Field::Email),
    opt(Field::Phone),
    opt(Field::ExpiryDays),
];
const BANK_TRANSFER: &[FieldSpec] = &[
    req(Field::GivenName),
    req(Field::FamilyName),
    req(Field::GivenNameKana),
    req(Field::FamilyNameKana),
    req(Field::Phone),
    req(Field::Email),
    opt(Field::ExpiryDays),
];
const PAY_EASY: &[FieldSpec] = &[
    req(Field::GivenName),
    req(Field::FamilyName),
    req(Field::GivenNameKana),
    req(Field::FamilyNameKana),
    req(Field::Phone),
    req(Field::Email),
];
const PREPAID: &[FieldSpec] = &[req(Field::PrepaidNumber), req(Field::Email)];
const CULTURE_VOUCHER: &[FieldSpec] = &[req(Field::CultureId), req(Field::CulturePassword)];
const HAPPY_MONEY: &[FieldSpec] = &[req(Field::HappyMoneyId), req(Field::HappyMoneyPassword)];
const DOSPARA: &[FieldSpec] = &[req(Field::UserNo), req(Field::UserPassword)];
const EMAIL_ONLY: &[FieldSpec] = &[req(Field::Email)];
const ZGOLD: &[FieldSpec] = &[req(Field::Email), req(Field::ReturnUrl)];

impl PaymentKind {
    /// Every payment type, in the order of the documentation table.
    pub const ALL: [PaymentKind; 16] = [
        PaymentKind::CreditCard,
        PaymentKind::Konbini,
        PaymentKind::BankTransfer,
        PaymentKind::PayEasy,
        PaymentKind::WebMoney,
        PaymentKind::NetCash,
        PaymentKind::BitCash,
        PaymentKind::Nanaco,
        PaymentKind::SteamPrepaidCard,
        PaymentKind::CultureVoucher,
        PaymentKind::HappyMoney,
        PaymentKind::Dospara,
        PaymentKind::Mobile,
        PaymentKind::Cvs,
        PaymentKind::Toss,
        PaymentKind::Zgold,
    ];

    /// The wire name (`"credit_card"`, `"konbini"`, ...).
    pub const fn as_str(self) -> &'static str {
        match self {
            PaymentKind::CreditCard => "credit_card",
            PaymentKind::Konbini => "konbini",
            PaymentKind::BankTransfer => "bank_transfer",
            PaymentKind::PayEasy => "pay_easy",
            PaymentKind::WebMoney => "web_money",
            PaymentKind::NetCash => "net_cash",
            PaymentKind::BitCash => "bit_cash",
            PaymentKind::Nanaco => "nanaco",
            PaymentKind::SteamPrepaidCard => "steam_prepaid_card",
            PaymentKind::CultureVoucher => "culture_voucher",
            PaymentKind::HappyMoney => "happy_money",
            PaymentKind::Dospara => "dospara",
            PaymentKind::Mobile => "mobile",
            PaymentKind::Cvs => "cvs",
            PaymentKind::Toss => "toss",
            PaymentKind::Zgold => "zgold",
        }
    }

    /// Parses a wire name, ignoring surrounding spaces and ASCII case
    /// (`" Konbini "` is konbini). Anything else is `None`.
    ///
    /// ```
    /// use tessera::details::PaymentKind;
    /// assert_eq!(PaymentKind::parse("pay_easy"), Some(PaymentKind::PayEasy));
    /// assert_eq!(PaymentKind::parse("paypal"), None);
    /// ```
    pub fn parse(name: &str) -> Option<PaymentKind> {
        let name = name.trim();
        PaymentKind::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(name))
    }

    /// The fields of this type, required ones first, in the order errors are
    /// reported and the request and echo are written.
    pub const fn fields(self) -> &'static [FieldSpec] {
        match self {
            PaymentKind::CreditCard => CREDIT_CARD,
            PaymentKind::Konbini => KONBINI,
            PaymentKind::BankTransfer => BANK_TRANSFER,
            PaymentKind::PayEasy => PAY_EASY,
            PaymentKind::WebMoney
            | PaymentKind::NetCash
            | PaymentKind::BitCash
            | PaymentKind::Nanaco
            | PaymentKind::SteamPrepaidCard => PREPAID,
            PaymentKind::CultureVoucher => CULTURE_VOUCHER,
            PaymentKind::HappyMoney => HAPPY_MONEY,
            PaymentKind::Dospara => DOSPARA,
            PaymentKind::Mobile | PaymentKind::Cvs | PaymentKind::Toss => EMAIL_ONLY,
            PaymentKind::Zgold => ZGOLD,
        }
    }

    /// The fields this type requires.
    pub fn required_fields(self) -> impl Iterator<Item = Field> {
        self.fields()
            .iter()
            .filter(|s| s.need == Need::Required)
            .map(|s| s.field)
    }

    /// Whether this type accepts `field` (required or optional).
    pub fn accepts(self, field: Field) -> bool {
        self.fields().iter().any(|s| s.field == field)
    }

    /// Whether this is a prepaid-card type (`prepaid_number` + `email`).
    pub const fn is_prepaid(self) -> bool {
        matches!(
            self,
            PaymentKind::WebMoney
                | PaymentKind::NetCash
                | PaymentKind::BitCash
                | PaymentKind::Nanaco
                | PaymentKind::SteamPrepaidCard
        )
    }

    /// The largest `expiry_days` this type accepts, for the types that take
    /// one (konbini and bank_transfer: 60 days).
    pub const fn max_expiry_days(self) -> Option<u32> {
        match self {
            PaymentKind::Konbini | PaymentKind::BankTransfer => Some(60),
            _ => None,
        }
    }
}

impl core::fmt::Display for PaymentKind {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for PaymentKind {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Whether a field appears in the token's echoed `payment_details`. Secrets
/// never do; KOMOJU's examples do not echo `expiry_days` or `return_url` either.
pub const fn is_echoed(field: Field) -> bool {
    !is_secret(field) && !matches!(field, Field::ExpiryDays | Field::ReturnUrl)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for k in PaymentKind::ALL {
            assert_eq!(PaymentKind::parse(k.as_str()), Some(k));
            assert_eq!(PaymentKind::parse(&k.as_str().to_uppercase()), Some(k));
            assert!(!k.fields().is_empty());
        }
        assert_eq!(PaymentKind::parse(" konbini\n"), Some(PaymentKind::Konbini));
        for bad in ["", "card", "pay-easy", "konbini2", "ｋｏｎｂｉｎｉ"] {
            assert_eq!(PaymentKind::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn required_fields_come_first_and_are_unique() {
        for k in PaymentKind::ALL {
            let specs = k.fields();
            let first_optional = specs.iter().position(|s| s.need == Need::Optional);
            if let Some(i) = first_optional {
                assert!(specs[i..].iter().all(|s| s.need == Need::Optional), "{k}");
            }
            for (i, s) in specs.iter().enumerate() {
                assert!(specs[i + 1..].iter().all(|t| t.field != s.field), "{k}");
            }
        }
        assert!(PaymentKind::Konbini.accepts(Field::Phone));
        assert!(!PaymentKind::PayEasy.accepts(Field::ExpiryDays));
        assert_eq!(
            PaymentKind::Zgold.required_fields().collect::<Vec<_>>(),
            [Field::Email, Field::ReturnUrl]
        );
    }
}
