//! A whole card: the credit_card `payment_details` object, validated field by
//! field and normalised for the tokens request.

use crate::prelude::*;

use super::brand::Brand;
use super::{cvc, digits, expiry, name, number};
use crate::date::YearMonth;
use crate::error::{ErrorCode, Field, FieldError};
use crate::fields::RawDetails;
use crate::secret::{redact_digits, RedactedText, SecretString};
use crate::serde_util::zero_padded;
use serde::Serialize;

/// A KOMOJU credit_card `payment_details` object as a page gives it: the
/// one `payment_details` type of [`crate::fields`], of which a card reads
/// `number`, `month` + `year` or `expiry` (`"MM / YY"` and the other forms of
/// [`super::validate_expiry`]), `verification_value`, `name` (which wins over
/// `given_name` + `family_name`) and `email`.
pub type CardDetails = RawDetails;

/// Options for [`validate_card`].
#[derive(Debug, Clone, Copy)]
pub struct CardOptions<'a> {
    /// The current month.
    pub today: YearMonth,
    /// How many years ahead an expiry may be.
    pub max_years_ahead: u16,
    /// Card number options.
    pub number: number::NumberOptions,
    /// Brands the merchant accepts (by `kind` or KOMOJU name); `None` for all.
    pub accepted_brands: Option<&'a [String]>,
    /// Whether the security code and the name must be given. Tessera's
    /// pages always require them; the API itself (and so the sandbox) checks
    /// them only when they are given (absent or blank: not checked).
    pub require_code_and_name: bool,
}

impl CardOptions<'_> {
    /// Default options for `today`.
    pub fn new(today: YearMonth) -> Self {
        CardOptions {
            today,
            max_years_ahead: expiry::DEFAULT_MAX_YEARS_AHEAD,
            number: number::NumberOptions::default(),
            accepted_brands: None,
            require_code_and_name: true,
        }
    }

    /// The API's looser policy: the security code and the name are checked
    /// only when given.
    pub fn loose(today: YearMonth) -> Self {
        CardOptions {
            require_code_and_name: false,
            ..CardOptions::new(today)
        }
    }
}

/// A card that passed validation, normalised as the tokens API wants it:
/// number digits only, month `MM`, year `YY`, name trimmed.
#[derive(Clone, Serialize)]
pub struct NormalizedCard {
    /// Always `"credit_card"`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Digits only.
    pub number: SecretString,
    /// Two digits.
    pub month: String,
    /// Two digits.
    pub year: String,
    /// Digits only.
    pub verification_value: SecretString,
    /// Trimmed.
    pub name: String,
    /// Passed through, trimmed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// The detected brand (not sent).
    #[serde(skip)]
    pub brand: &'static Brand,
    /// The last four digits (not sent).
    #[serde(skip)]
    pub last4: String,
    /// The four-digit year (not sent).
    #[serde(skip)]
    pub full_year: u16,
}

impl core::fmt::Debug for NormalizedCard {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("NormalizedCard")
            .field("kind", &self.kind)
            .field("number", &self.number)
            .field("month", &self.month)
            .field("year", &self.year)
            .field("verification_value", &self.verification_value)
            .field("name", &redact_digits(&self.name))
            .field("email", &RedactedText(self.email.as_deref()))
            .field("brand", &self.brand.kind)
            .field("last4", &self.last4)
            .field("full_year", &self.full_year)
            .finish()
    }
}

fn nonempty(v: &Option<String>) -> Option<&str> {
    v.as_deref().filter(|s| !s.trim().is_empty())
}

impl CardDetails {
    /// The cardholder name: `name`, or `given_name family_name`.
    pub fn holder_name(&self) -> Option<String> {
        if let Some(n) = nonempty(&self.name) {
            return Some(n.trim().to_owned());
        }
        match (nonempty(&self.given_name), nonempty(&self.family_name)) {
            (Some(g), Some(f)) => Some([g.trim(), " ", f.trim()].concat()),
            (Some(one), None) | (None, Some(one)) => Some(one.trim().to_owned()),
            (None, None) => None,
        }
    }

    fn expiry_check(&self, options: &CardOptions<'_>) -> expiry::ExpiryCheck {
        let eo = expiry::ExpiryOptions {
            today: options.today,
            max_years_ahead: options.max_years_ahead,
        };
        match (nonempty(&self.expiry), &self.month, &self.year) {
            (Some(text), _, _) => expiry::validate_expiry(text, &eo),
            (None, m, y) => expiry::validate_expiry_parts(
                m.as_deref().unwrap_or(""),
                y.as_deref().unwrap_or(""),
                &eo,
            ),
        }
    }
}

/// Whether `brand` is among `accepted` (each a brand's `kind` or KOMOJU
/// name); `None` accepts every brand.
pub fn is_accepted(brand: &Brand, accepted: Option<&[String]>) -> bool {
    accepted.is_none_or(|list| {
        list.iter()
            .any(|a| a == brand.kind || brand.komoju == Some(a.as_str()))
    })
}

/// Validates every field of a card and returns every failure (empty when the
/// card is valid), in the order number, expiry, security code, name.
///
/// ```
/// use tessera::card::{validate_card, CardDetails, CardOptions};
/// use tessera::date::YearMonth;
/// let card = CardDetails {
///     number: Some("4111 1111 1111 1111".into()),
///     expiry: Some("12 / 29".into()),
///     verification_value: Some("123".into()),
///     name: Some("TARO YAMADA".into()),
///     ..Default::default()
/// };
/// assert!(validate_card(&card, &CardOptions::new(YearMonth::new(2026, 11).unwrap())).is_empty());
/// ```
pub fn validate_card(card: &CardDetails, options: &CardOptions<'_>) -> Vec<FieldError> {
    match normalize_card(card, options) {
        Ok(_) => Vec::new(),
        Err(errors) => errors,
    }
}

/// Validates a card and, when every field passes, normalises it for the tokens request.
pub fn normalize_card(
    card: &CardDetails,
    options: &CardOptions<'_>,
) -> Result<NormalizedCard, Vec<FieldError>> {
    let mut errors = Vec::new();
    let raw_number = card.number.as_ref().map_or("", SecretString::expose);
    let num = number::validate_number(raw_number, &options.number);
    if let Some(problem) = num.problem {
        errors.push(FieldError::new(Field::Number, problem));
    } else if let Some(brand) = num.brand {
        if !is_accepted(brand, options.accepted_brands) {
            errors.push(FieldError::new(Field::Number, ErrorCode::UnsupportedBrand));
        }
    }
    let exp = card.expiry_check(options);
    if let Some(problem) = exp.problem {
        errors.push(FieldError::new(Field::Expiry, problem));
    }
    let raw_cvc = card
        .verification_value
        .as_ref()
        .map_or("", SecretString::expose);
    let required = options.require_code_and_name;
    if required || !raw_cvc.trim().is_empty() {
        let code = cvc::validate_cvc(raw_cvc, num.brand);
        if let Some(problem) = code.problem {
            errors.push(FieldError::new(Field::VerificationValue, problem));
        }
    }
    let holder = card.holder_name();
    if required || holder.is_some() {
        if let Some(problem) = name::validate_name(holder.as_deref().unwrap_or("")).problem {
            errors.push(FieldError::new(Field::Name, problem));
        }
    }
    let holder = holder.unwrap_or_default();
    let (Some(brand), Some(month), Some(year), true) =
        (num.brand, exp.month, exp.year, errors.is_empty())
    else {
        return Err(errors);
    };
    let number_digits = digits::normalize(raw_number).unwrap_or_default();
    let cvc_digits = digits::normalize(raw_cvc).unwrap_or_default();
    let to_secret = |d: &[u8]| SecretString::new(d.iter().map(|&b| b as char).collect());
    Ok(NormalizedCard {
        kind: "credit_card",
        last4: number::last4(raw_number).unwrap_or_default(),
        number: to_secret(&number_digits),
        month: zero_padded(month.into(), 2),
        year: zero_padded((year % 100).into(), 2),
        verification_value: to_secret(&cvc_digits),
        name: holder,
        email: nonempty(&card.email).map(|e| e.trim().to_owned()),
        brand,
        full_year: year,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> CardOptions<'static> {
        CardOptions::new(YearMonth::new(2026, 11).unwrap())
    }

    fn card(number: &str, expiry: &str, cvc: &str, name: &str) -> CardDetails {
        CardDetails {
            number: Some(number.into()),
            expiry: Some(expiry.into()),
            verification_value: Some(cvc.into()),
            name: Some(name.into()),
            ..Default::default()
        }
    }

    fn codes(c: &CardDetails) -> Vec<(&'static str, &'static str)> {
        validate_card(c, &today())
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect()
    }

    #[test]
    fn a_good_card_normalises() {
        let n = normalize_card(
            &card("4111 1111 1111 1111", "1 / 2029", " 123 ", "  TARO YAMADA "),
            &today(),
        )
        .unwrap();
        assert_eq!(n.number.expose(), "4111111111111111");
        assert_eq!((n.month.as_str(), n.year.as_str()), ("01", "29"));
        assert_eq!(n.verification_value.expose(), "123");
        assert_eq!(n.name, "TARO YAMADA");
        assert_eq!((n.brand.kind, n.last4.as_str()), ("visa", "1111"));
    }

    #[test]
    fn every_failing_field_is_reported_in_order() {
        assert_eq!(
            codes(&card("4111111111111112", "10/26", "12", "4111")),
            [
                ("number", "invalid_number"),
                ("expiry", "expired_card"),
                ("verification_value", "incomplete_cvc"),
                ("name", "invalid_name")
            ]
        );
        assert_eq!(
            codes(&CardDetails::default()),
            [
                ("number", "incomplete_number"),
                ("expiry", "incomplete_expiry"),
                ("verification_value", "incomplete_cvc"),
                ("name", "invalid_name")
            ]
        );
    }

    #[test]
    fn month_and_year_fields_work_and_given_family_names_join() {
        let c = CardDetails {
            number: Some("378282246310005".into()),
            month: Some("12".into()),
            year: Some("2029".into()),
            verification_value: Some("1234".into()),
            given_name: Some("Taro".into()),
            family_name: Some("Yamada".into()),
            ..Default::default()
        };
        let n = normalize_card(&c, &today()).unwrap();
        assert_eq!(
            (n.month.as_str(), n.year.as_str(), n.name.as_str()),
            ("12", "29", "Taro Yamada")
        );
        assert_eq!(n.brand.komoju, Some("american_express"));
    }

    #[test]
    fn brands_outside_the_accepted_list_fail() {
        let accepted = vec!["visa".to_owned(), "master".to_owned()];
        let opts = CardOptions {
            accepted_brands: Some(&accepted),
            ..today()
        };
        let amex = card("378282246310005", "12/29", "1234", "A B");
        let errs = validate_card(&amex, &opts);
        assert_eq!(
            errs,
            [FieldError::new(Field::Number, ErrorCode::UnsupportedBrand)]
        );
        assert!(validate_card(&card("5555555555554444", "12/29", "123", "A B"), &opts).is_empty());
    }

    #[test]
    fn the_loose_policy_checks_code_and_name_only_when_given() {
        let loose = CardOptions::loose(YearMonth::new(2026, 11).unwrap());
        let bare = CardDetails {
            number: Some("4111111111111111".into()),
            expiry: Some("12/29".into()),
            verification_value: Some("  ".into()),
            ..Default::default()
        };
        let n = normalize_card(&bare, &loose).unwrap();
        assert_eq!((n.verification_value.expose(), n.name.as_str()), ("", ""));
        assert_eq!(
            codes(&bare)[..],
            [
                ("verification_value", "incomplete_cvc"),
                ("name", "invalid_name")
            ]
        );
        let given = CardDetails {
            verification_value: Some("12".into()),
            name: Some("4111 1111".into()),
            ..bare
        };
        let errors: Vec<_> = validate_card(&given, &loose)
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect();
        assert_eq!(
            errors,
            [
                ("verification_value", "incomplete_cvc"),
                ("name", "invalid_name")
            ]
        );
    }

    #[test]
    fn debug_never_shows_the_number_or_code() {
        let c = card("4111111111111111", "12/29", "987", "A B");
        let dbg = format!("{c:?}");
        assert!(
            !dbg.contains("4111111111111111") && !dbg.contains("987"),
            "{dbg}"
        );
        let n = normalize_card(&c, &today()).unwrap();
        let dbg = format!("{n:?}");
        assert!(
            !dbg.contains("4111111111111111") && !dbg.contains("987"),
            "{dbg}"
        );
    }
}
