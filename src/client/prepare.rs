//! Preparing a tokens request: validate and normalise the payment details,
//! then serialise the body. Pure: no I/O, tested natively; both tokenizers
//! (`src/wasm/tokenizer.rs`, `src/wasm/client.rs`) send what it makes.

use crate::prelude::*;

use super::config::Config;
use super::error::TokenizeError;
use super::request::{check_currency, to_json, TokenRequest};
use super::response::{TokenAnswer, TokenCard};
use crate::date::YearMonth;
use crate::details::{
    normalize_details, DetailsOptions, NormalizedDetails, PaymentKind, RawDetails,
};
use crate::error::{ClientCode, ErrorType};
use zeroize::Zeroizing;

/// A validated request, ready to send: the JSON body (in a buffer wiped
/// when dropped: it holds the card) and what the answer will be read with.
/// Its `Debug` never shows the body.
#[derive(Clone)]
pub struct Prepared {
    /// The request body.
    pub body: Zeroizing<String>,
    /// What the answer is read with: the payment type, and for cards the
    /// displayable facts.
    pub answer: TokenAnswer,
}

impl core::fmt::Debug for Prepared {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Prepared")
            .field("body", &format_args!("<redacted>"))
            .field("kind", &self.answer.kind)
            .field("card", &self.answer.card)
            .finish()
    }
}

/// Turns payment details (any type of the tokens API) into a tokens request,
/// or every validation failure (the first names the error's field and code;
/// all are in `errors`). `today` decides card expiry.
///
/// Card numbers, codes and credentials are normalised into buffers that
/// zeroise on drop; so is the body.
pub fn prepare(
    config: &Config,
    details: &RawDetails,
    currency: Option<&str>,
    today: YearMonth,
) -> Result<Prepared, TokenizeError> {
    let currency = currency.map(check_currency).transpose()?;
    let normalized = normalize(config, details, None, today)?;
    let request = TokenRequest {
        payment_details: &normalized,
        currency: currency.as_deref(),
    };
    Ok(Prepared {
        body: to_json(&request)?,
        answer: TokenAnswer {
            kind: normalized.kind().as_str(),
            card: normalized.card().map(TokenCard::of),
        },
    })
}

/// Validates and normalises payment details under `config` (its brands;
/// `only`: the payment types this call takes, `None` for all): the rules of
/// every call that sends details (tokens, secure tokens, Session: Pay). The
/// first failure names the error's field and code; all are in `errors`.
pub fn normalize(
    config: &Config,
    details: &RawDetails,
    only: Option<&[PaymentKind]>,
    today: YearMonth,
) -> Result<NormalizedDetails, TokenizeError> {
    let mut options = DetailsOptions::new(today);
    options.card.accepted_brands = config.brands.as_deref();
    options.accepted_types = only;
    normalize_details(details, &options).map_err(|errors| {
        let Some(first) = errors.first().copied() else {
            return TokenizeError::client(ClientCode::InvalidDetails, config.locale);
        };
        let mut e = TokenizeError::new(
            ErrorType::Validation,
            first.code,
            first.message(config.locale),
        );
        e.field = Some(first.field.as_str().into());
        e.errors = errors.into_boxed_slice();
        e
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::fixtures::{card, today};
    use crate::error::ErrorCode;

    #[test]
    fn a_card_becomes_the_normalised_body() {
        let config = Config::new("pk_test_x").unwrap();
        let p = prepare(&config, &card("4111 1111 1111 1111"), Some("jpy"), today()).unwrap();
        assert_eq!(
            p.body.as_str(),
            r#"{"payment_details":{"type":"credit_card","number":"4111111111111111","month":"12","year":"29","verification_value":"987","name":"TARO YAMADA"},"currency":"JPY"}"#
        );
        assert_eq!(p.answer.kind, "credit_card");
        let facts = p.answer.card.as_ref().unwrap();
        assert_eq!((facts.brand, facts.last4.as_str()), ("visa", "1111"));
        let debug = format!("{p:?}");
        assert!(
            !debug.contains("4111111111111111") && !debug.contains("987"),
            "{debug}"
        );
        assert!(debug.contains("<redacted>"), "{debug}");
    }

    #[test]
    fn failures_name_the_first_field_and_keep_them_all() {
        let config = Config::new("pk_test_x").unwrap();
        let e = prepare(&config, &card("4111111111111112"), None, today()).unwrap_err();
        assert_eq!(
            (e.kind, e.code, e.field.as_deref()),
            (
                ErrorType::Validation,
                ErrorCode::InvalidNumber.into(),
                Some("number")
            )
        );
        assert_eq!(e.errors.len(), 1);
        let e = prepare(&config, &card("4111111111111111"), Some("¥"), today()).unwrap_err();
        assert_eq!(e.code, ClientCode::InvalidCurrency.into());
        let visa_only = config.with_brands(vec!["visa".into()]).unwrap();
        let e = prepare(&visa_only, &card("378282246310005"), None, today()).unwrap_err();
        assert_eq!(e.code, ErrorCode::UnsupportedBrand.into());
    }
}
