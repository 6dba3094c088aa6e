//! The direct route with 3-D Secure: `POST /api/v1/secure_tokens` (a card
//! and the order it is for) and its answer, a SecureToken, with the verdict
//! on it: usable (`OK`, `SKIPPED`), the issuer's challenge first
//! (`NEEDS_VERIFY`), or failed (`ERRORED`, `EXPIRED`). Never a token that is
//! not `OK` or `SKIPPED` is handed to the page.

use crate::prelude::*;

use super::config::Config;
use super::error::TokenizeError;
use super::prepare::normalize;
use super::request::{check_currency, to_json};
use super::response::{malformed, read_resource, url_field, Answer, AnswerBody, TokenCard};
use crate::card::Brand;
use crate::date::YearMonth;
use crate::details::{normalize_return_url, PaymentKind, RawDetails};
use crate::error::ClientCode;
use crate::i18n::Locale;
use crate::serde_util::{whole, MAX_SAFE_INTEGER};
use serde::Serialize;
use zeroize::Zeroizing;

/// What a secure token is for: the order's amount and currency, and where
/// the issuer sends the shopper back.
#[derive(Debug, Clone, Copy)]
pub struct Order<'a> {
    /// In the currency's smallest unit, as the page passed it.
    pub amount: f64,
    /// ISO 4217.
    pub currency: &'a str,
    /// Absolute http(s): KOMOJU appends `secure_token_id=<id>`.
    pub return_url: &'a str,
}

/// The body of `POST /api/v1/secure_tokens`, but `amount` (see
/// [`prepare_secure_token`]).
#[derive(Serialize)]
struct SecureTokenRequest<'a, D: Serialize> {
    currency: &'a str,
    return_url: &'a str,
    payment_details: &'a D,
}

/// A checked amount: a whole number of the smallest unit, at least 1.
pub fn check_amount(amount: f64) -> Result<u64, TokenizeError> {
    match whole(amount, MAX_SAFE_INTEGER) {
        Some(n) if n > 0 => Ok(n),
        _ => Err(TokenizeError::integration(
            ClientCode::InvalidOption,
            "Option `amount` must be a positive whole number (in the currency's smallest unit).",
        )),
    }
}

/// A checked return URL: absolute http(s) (`invalid_option` otherwise).
pub fn check_return_url(url: &str) -> Result<String, TokenizeError> {
    normalize_return_url(url).map_err(|_| {
        TokenizeError::integration(
            ClientCode::InvalidOption,
            "Option `returnUrl` must be an absolute http(s) URL.",
        )
    })
}

/// The origin of an absolute http(s) URL as `location.origin` writes it
/// (`http://127.0.0.1:8080`: scheme and host in lower case, no default
/// port), or `None`.
pub fn origin_of(url: &str) -> Option<String> {
    // By bytes and `get`, not `split_once("://")` and slicing: a substring
    // search and a slicing panic bring `core::fmt` into the wasm (~30 KB).
    let url = normalize_return_url(url).ok()?.to_ascii_lowercase();
    let (rest, default) = match url.strip_prefix("https://") {
        Some(rest) => (rest, ":443"),
        None => (url.strip_prefix("http://")?, ":80"),
    };
    let scheme_len = url.len().checked_sub(rest.len())?;
    let authority = rest.split(['/', '?', '#']).next()?;
    if authority.contains('@') {
        return None;
    }
    let authority = authority.strip_suffix(default).unwrap_or(authority);
    Some([url.get(..scheme_len)?, authority].concat())
}

/// A validated secure token request, ready to send. Its `Debug` never shows
/// the body.
pub struct PreparedSecureToken {
    /// The request body (wiped when dropped: it holds the card).
    pub body: Zeroizing<String>,
    /// The card's displayable facts.
    pub card: TokenCard,
    /// The checked return URL.
    pub return_url: String,
}

impl core::fmt::Debug for PreparedSecureToken {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("PreparedSecureToken")
            .field("body", &format_args!("<redacted>"))
            .field("card", &self.card)
            .finish()
    }
}

/// Validates the order and the card (cards only: any other type is a
/// `validation_error` / `unsupported_type`) with the rules of tokens, and
/// builds the body.
pub fn prepare_secure_token(
    config: &Config,
    details: &RawDetails,
    order: &Order<'_>,
    today: YearMonth,
) -> Result<PreparedSecureToken, TokenizeError> {
    let amount = check_amount(order.amount)?;
    let currency = check_currency(order.currency)?;
    let return_url = check_return_url(order.return_url)?;
    let normalized = normalize(config, details, Some(&[PaymentKind::CreditCard]), today)?;
    let card = normalized
        .card()
        .map(TokenCard::of)
        .ok_or_else(|| TokenizeError::client(ClientCode::InvalidDetails, config.locale))?;
    let rest = to_json(&SecureTokenRequest {
        currency: &currency,
        return_url: &return_url,
        payment_details: &normalized,
    })?;
    // `amount` is written by hand, first: serde_json writes integers with
    // `itoa`, whose panic path would bring `core::fmt` into the wasm.
    let fields = rest.strip_prefix('{').ok_or_else(|| malformed(0))?;
    let body = Zeroizing::new(
        [
            "{\"amount\":",
            &crate::serde_util::decimal(amount),
            ",",
            fields,
        ]
        .concat(),
    );
    Ok(PreparedSecureToken {
        body,
        card,
        return_url,
    })
}

/// A SecureToken's `verification_status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verification {
    /// Not started yet.
    Created,
    /// The shopper must pass the issuer's challenge.
    NeedsVerify,
    /// Authenticated: usable.
    Ok,
    /// 3-D Secure was not performed: usable.
    Skipped,
    /// Authentication failed.
    Errored,
    /// Not finished in time.
    Expired,
}

impl Verification {
    /// Reads the wire name.
    pub fn parse(s: &str) -> Option<Verification> {
        Some(match s {
            "CREATED" => Verification::Created,
            "NEEDS_VERIFY" => Verification::NeedsVerify,
            "OK" => Verification::Ok,
            "SKIPPED" => Verification::Skipped,
            "ERRORED" => Verification::Errored,
            "EXPIRED" => Verification::Expired,
            _ => return None,
        })
    }

    /// The wire name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Verification::Created => "CREATED",
            Verification::NeedsVerify => "NEEDS_VERIFY",
            Verification::Ok => "OK",
            Verification::Skipped => "SKIPPED",
            Verification::Errored => "ERRORED",
            Verification::Expired => "EXPIRED",
        }
    }

    /// Whether 3-D Secure is over for this token (anything but `CREATED` and
    /// `NEEDS_VERIFY`).
    pub const fn is_final(self) -> bool {
        !matches!(self, Verification::Created | Verification::NeedsVerify)
    }
}

/// A SecureToken as Tessera reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecureToken {
    /// Its ID, for the merchant's server.
    pub id: String,
    /// Where 3-D Secure stands.
    pub status: Verification,
    /// The issuer's challenge page, with `NEEDS_VERIFY`.
    pub authentication_url: Option<String>,
    /// The card's displayable facts.
    pub card: Option<TokenCard>,
}

/// What to do with an answer: hand the page a result, show the issuer's
/// challenge at a URL, or fail.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict<T> {
    /// The call succeeded.
    Resolve(T),
    /// The shopper must pass the issuer's challenge at this URL first.
    Challenge(String),
    /// The call failed.
    Fail(TokenizeError),
}

impl SecureToken {
    /// The verdict on this token. `challenged`: the shopper has been to the
    /// challenge (or came back from it), so a token still waiting for it was
    /// left unfinished (`three_d_secure_cancelled`).
    pub fn verdict(self, challenged: bool, locale: Locale) -> Verdict<SecureToken> {
        let fail = |code| Verdict::Fail(TokenizeError::client(code, locale));
        match self.status {
            Verification::Ok | Verification::Skipped => Verdict::Resolve(self),
            Verification::Errored => fail(ClientCode::ThreeDSecureFailed),
            Verification::Expired => fail(ClientCode::ThreeDSecureExpired),
            Verification::Created | Verification::NeedsVerify if challenged => {
                fail(ClientCode::ThreeDSecureCancelled)
            }
            Verification::Created | Verification::NeedsVerify => match self.authentication_url {
                Some(url) => Verdict::Challenge(url),
                None => Verdict::Fail(malformed(200)),
            },
        }
    }
}

/// Reads a SecureToken. `card`: the facts the request knew; without them
/// (after a redirect, nothing about the card was kept) they are read from
/// the answer's `payment_details`.
#[derive(Debug, Clone)]
pub struct SecureTokenAnswer {
    /// The card's displayable facts, when the request knew them.
    pub card: Option<TokenCard>,
}

impl Answer for SecureTokenAnswer {
    type Output = SecureToken;

    fn read<B: AnswerBody>(
        &self,
        status: u16,
        body: Option<&B>,
    ) -> Result<SecureToken, TokenizeError> {
        let bad = || malformed(status);
        let (b, id) = read_resource(status, body, "secure_token")?;
        let text = |key| b.string(key).map_err(|_| bad());
        let verification = text("verification_status")?
            .as_deref()
            .and_then(Verification::parse)
            .ok_or_else(bad)?;
        let authentication_url = url_field(status, b, "authentication_url")?;
        let card = match &self.card {
            Some(card) => Some(card.clone()),
            None => b.object("payment_details").and_then(|d| card_facts(&d)),
        };
        Ok(SecureToken {
            id,
            status: verification,
            authentication_url,
            card,
        })
    }
}

/// A card's displayable facts from an answer's `payment_details` (`brand`,
/// `last_four_digits`, `month`, `year`, as strings).
pub fn card_facts<B: AnswerBody>(details: &B) -> Option<TokenCard> {
    let text = |key| details.string(key).ok().flatten();
    let brand = Brand::find(&text("brand")?)?;
    let last4 = text("last_four_digits")?;
    if last4.len() != 4 || !last4.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(TokenCard {
        brand: brand.kind,
        komoju_brand: brand.komoju,
        last4,
        month: text("month").unwrap_or_default(),
        year: text("year").unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::fixtures::{card, today};
    use crate::error::{ErrorCode, ErrorType};
    use serde_json::{json, Value};

    fn order(amount: f64, currency: &str, url: &str) -> Result<PreparedSecureToken, TokenizeError> {
        let config = Config::new("pk_test_x").unwrap();
        let order = Order {
            amount,
            currency,
            return_url: url,
        };
        prepare_secure_token(&config, &card("4100 0000 0000 5000"), &order, today())
    }

    #[test]
    fn the_body_has_the_order_and_the_normalised_card() {
        let p = order(1500.0, "jpy", "https://shop.example/pay?x=1").unwrap();
        assert_eq!(
            p.body.as_str(),
            r#"{"amount":1500,"currency":"JPY","return_url":"https://shop.example/pay?x=1","payment_details":{"type":"credit_card","number":"4100000000005000","month":"12","year":"29","verification_value":"987","name":"TARO YAMADA"}}"#
        );
        assert_eq!((p.card.brand, p.card.last4.as_str()), ("visa", "5000"));
        let debug = format!("{p:?}");
        assert!(!debug.contains("4100000000005000") && !debug.contains("987"));
    }

    #[test]
    fn the_order_and_the_card_are_checked_before_anything_is_sent() {
        for (amount, currency, url, code) in [
            (0.0, "JPY", "https://a.example/", "invalid_option"),
            (-5.0, "JPY", "https://a.example/", "invalid_option"),
            (1.5, "JPY", "https://a.example/", "invalid_option"),
            (f64::NAN, "JPY", "https://a.example/", "invalid_option"),
            (1e300, "JPY", "https://a.example/", "invalid_option"),
            (100.0, "JPYY", "https://a.example/", "invalid_currency"),
            (100.0, "JPY", "/relative", "invalid_option"),
            (100.0, "JPY", "javascript:alert(1)", "invalid_option"),
        ] {
            let e = order(amount, currency, url).expect_err(url);
            assert_eq!(e.code.as_str(), code, "{amount} {currency} {url}");
        }
        let config = Config::new("pk_test_x").unwrap();
        let o = Order {
            amount: 100.0,
            currency: "JPY",
            return_url: "https://a.example/",
        };
        let e = prepare_secure_token(&config, &card("4111111111111112"), &o, today()).unwrap_err();
        assert_eq!(
            (e.kind, e.code),
            (ErrorType::Validation, ErrorCode::InvalidNumber.into())
        );
        let konbini = RawDetails {
            kind: Some("konbini".into()),
            store: Some("lawson".into()),
            email: Some("taro@example.com".into()),
            ..Default::default()
        };
        let e = prepare_secure_token(&config, &konbini, &o, today()).unwrap_err();
        assert_eq!(e.code, ErrorCode::UnsupportedType.into());
    }

    #[test]
    fn origins_as_location_writes_them() {
        assert_eq!(
            origin_of("HTTP://127.0.0.1:8080/a?b#c").as_deref(),
            Some("http://127.0.0.1:8080")
        );
        assert_eq!(
            origin_of("https://Shop.Example:443/x").as_deref(),
            Some("https://shop.example")
        );
        assert_eq!(origin_of("https://u@shop.example/"), None);
        assert_eq!(origin_of("ftp://shop.example/"), None);
    }

    fn read(body: Value, card: Option<TokenCard>) -> Result<SecureToken, TokenizeError> {
        SecureTokenAnswer { card }.read(200, Some(&body))
    }

    fn token(status: &str, url: Option<&str>) -> Value {
        json!({"id": "stok_abc", "resource": "secure_token", "verification_status": status,
               "authentication_url": url,
               "payment_details": {"type": "credit_card", "brand": "visa", "last_four_digits": "5000", "month": "12", "year": "2029"}})
    }

    #[test]
    fn verdicts() {
        let en = Locale::En;
        for status in ["OK", "SKIPPED"] {
            for challenged in [false, true] {
                let t = read(token(status, None), None).unwrap();
                assert!(matches!(t.clone().verdict(challenged, en), Verdict::Resolve(r) if r == t));
            }
        }
        let t = read(
            token("NEEDS_VERIFY", Some("http://127.0.0.1:9/c/abc")),
            None,
        )
        .unwrap();
        assert_eq!(
            t.clone().verdict(false, en),
            Verdict::Challenge("http://127.0.0.1:9/c/abc".into())
        );
        let fails = |t: SecureToken, challenged| match t.verdict(challenged, en) {
            Verdict::Fail(e) => (e.kind, e.code.as_str()),
            other => panic!("{other:?}"),
        };
        assert_eq!(
            fails(t, true),
            (ErrorType::Abort, "three_d_secure_cancelled")
        );
        let t = read(token("ERRORED", None), None).unwrap();
        assert_eq!(fails(t, true), (ErrorType::Card, "three_d_secure_failed"));
        let t = read(token("EXPIRED", None), None).unwrap();
        assert_eq!(fails(t, false), (ErrorType::Card, "three_d_secure_expired"));
        let t = read(token("NEEDS_VERIFY", None), None).unwrap();
        assert_eq!(fails(t, false), (ErrorType::Api, "invalid_response"));
    }

    #[test]
    fn answers_are_checked() {
        let t = read(token("OK", None), None).unwrap();
        let facts = t.card.unwrap();
        assert_eq!(
            (facts.brand, facts.last4.as_str(), facts.year.as_str()),
            ("visa", "5000", "2029")
        );
        let known = TokenCard {
            brand: "mastercard",
            komoju_brand: Some("master"),
            last4: "4444".into(),
            month: "01".into(),
            year: "2030".into(),
        };
        assert_eq!(
            read(token("OK", None), Some(known.clone())).unwrap().card,
            Some(known)
        );
        for bad in [
            json!({"id": "stok_<x>", "verification_status": "OK"}),
            json!({"id": "stok_a", "verification_status": "MAYBE"}),
            json!({"id": "stok_a"}),
            json!({"id": "stok_a", "verification_status": "OK", "resource": "token"}),
            json!({"id": 5, "verification_status": "OK"}),
            json!({"id": "stok_a", "verification_status": "NEEDS_VERIFY", "authentication_url": "javascript:x"}),
            json!([]),
        ] {
            let e = read(bad.clone(), None).unwrap_err();
            assert_eq!(e.code.as_str(), "invalid_response", "{bad}");
        }
    }
}
