//! KOMOJU's recommended route: `POST /api/v1/sessions/{id}/pay` on a Session
//! the merchant's server created, and `GET /api/v1/sessions/{id}` after the
//! issuer's challenge. The request body, both answers and the verdicts on
//! them: paid, a card's challenge first, an offsite method's page for the
//! shopper, or failed.

use crate::prelude::*;

use super::config::Config;
use super::error::TokenizeError;
use super::prepare::normalize;
use super::request::to_json;
use super::response::{is_resource_id, malformed, read_resource, url_field, Answer, AnswerBody};
use super::secure_token::Verdict;
use crate::date::YearMonth;
use crate::details::{normalize_return_url, NormalizedDetails, PaymentKind, RawDetails};
use crate::error::ClientCode;
use crate::i18n::Locale;
use serde::Serialize;
use zeroize::Zeroizing;

/// A checked Session ID (`invalid_argument` otherwise).
pub fn check_session_id(id: &str) -> Result<&str, TokenizeError> {
    if is_resource_id(id) {
        Ok(id)
    } else {
        Err(TokenizeError::integration(
            ClientCode::InvalidArgument,
            "The session ID must be the `id` of a Session your server created.",
        ))
    }
}

/// `fraud_details` of a pay, with KOMOJU's keys (`customer_ip` required).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FraudDetails {
    /// The shopper's IP address.
    pub customer_ip: String,
    /// Optional facts KOMOJU takes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_email: Option<String>,
    /// `Accept-Language` or `navigator.language`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub browser_language: Option<String>,
    /// `navigator.userAgent`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub browser_user_agent: Option<String>,
    /// The merchant's session ID for the shopper.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub browser_session_id: Option<String>,
    /// The merchant's customer ID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<String>,
    /// The shopper's phone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

impl FraudDetails {
    /// The names of its fields, as the page passes them.
    pub const KEYS: [&'static str; 7] = [
        "customer_ip",
        "customer_email",
        "browser_language",
        "browser_user_agent",
        "browser_session_id",
        "customer_id",
        "phone",
    ];

    /// Builds it from `(key, value)` pairs of [`Self::KEYS`]: `customer_ip`
    /// is required, every value is 1–256 characters without control
    /// characters (`invalid_option` otherwise).
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, String)>,
    ) -> Result<FraudDetails, TokenizeError> {
        let bad = || {
            TokenizeError::integration(
                ClientCode::InvalidOption,
                "Option `fraudDetails` needs `customer_ip`, and every value must be a short string.",
            )
        };
        let mut f = FraudDetails::default();
        for (key, value) in pairs {
            let value = value.trim().to_owned();
            if value.is_empty() || value.len() > 256 || value.chars().any(char::is_control) {
                return Err(bad());
            }
            let slot = match key {
                "customer_ip" => {
                    f.customer_ip = value;
                    continue;
                }
                "customer_email" => &mut f.customer_email,
                "browser_language" => &mut f.browser_language,
                "browser_user_agent" => &mut f.browser_user_agent,
                "browser_session_id" => &mut f.browser_session_id,
                "customer_id" => &mut f.customer_id,
                "phone" => &mut f.phone,
                _ => return Err(bad()),
            };
            *slot = Some(value);
        }
        if f.customer_ip.is_empty() {
            return Err(bad());
        }
        Ok(f)
    }

    /// Details built field by field (by a Rust caller) checked with the rules
    /// of [`Self::from_pairs`], values trimmed.
    pub fn checked(&self) -> Result<FraudDetails, TokenizeError> {
        let optional = [
            ("customer_email", &self.customer_email),
            ("browser_language", &self.browser_language),
            ("browser_user_agent", &self.browser_user_agent),
            ("browser_session_id", &self.browser_session_id),
            ("customer_id", &self.customer_id),
            ("phone", &self.phone),
        ];
        let given = optional
            .into_iter()
            .filter_map(|(key, value)| Some((key, value.clone()?)));
        FraudDetails::from_pairs(
            core::iter::once(("customer_ip", self.customer_ip.clone())).chain(given),
        )
    }
}

/// The body of `POST /api/v1/sessions/{id}/pay`.
#[derive(Serialize)]
struct PayRequest<'a> {
    payment_details: &'a NormalizedDetails,
    #[serde(skip_serializing_if = "Option::is_none")]
    capture: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fraud_details: Option<&'a FraudDetails>,
}

/// A validated pay, ready to send. Its `Debug` never shows the body.
pub struct PreparedPay {
    /// `/api/v1/sessions/{id}`: the pay posts to `{path}/pay`, the read
    /// gets `{path}`.
    pub session_path: String,
    /// The Session's ID.
    pub session_id: String,
    /// The request body (wiped when dropped: it may hold a card).
    pub body: Zeroizing<String>,
    /// Whether the details are a card (a `pending` answer with a
    /// `redirect_url` is then the issuer's challenge, not an offsite page).
    pub is_card: bool,
}

impl core::fmt::Debug for PreparedPay {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("PreparedPay")
            .field("session_id", &self.session_id)
            .field("body", &format_args!("<redacted>"))
            .field("is_card", &self.is_card)
            .finish()
    }
}

/// `/api/v1/sessions/{id}`.
pub fn session_path(id: &str) -> String {
    ["/api/v1/sessions/", id].concat()
}

/// Validates a pay: the Session ID, `capture` (`"auto"` or `"manual"`), and
/// the details of any payment type with the rules of tokens.
pub fn prepare_pay(
    config: &Config,
    session_id: &str,
    details: &RawDetails,
    capture: Option<&str>,
    fraud_details: Option<&FraudDetails>,
    today: YearMonth,
) -> Result<PreparedPay, TokenizeError> {
    let id = check_session_id(session_id.trim())?;
    if capture.is_some_and(|c| c != "auto" && c != "manual") {
        return Err(TokenizeError::integration(
            ClientCode::InvalidOption,
            "Option `capture` must be \"auto\" or \"manual\".",
        ));
    }
    let normalized = normalize(config, details, None, today)?;
    let body = to_json(&PayRequest {
        payment_details: &normalized,
        capture,
        fraud_details,
    })?;
    Ok(PreparedPay {
        session_path: session_path(id),
        session_id: id.to_owned(),
        body,
        is_card: normalized.kind() == PaymentKind::CreditCard,
    })
}

/// A Payment as the page sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentSummary {
    /// Its ID.
    pub id: String,
    /// `captured`, `authorized`, `pending`, `failed`, ...
    pub status: String,
    /// The payment type.
    pub kind: String,
    /// A card's brand (KOMOJU's name) and last four digits.
    pub card: Option<(String, String)>,
    /// Where an offsite or cash payment's instructions are.
    pub instructions_url: Option<String>,
}

/// A Session pay's result, as the page gets it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionPayResult {
    /// The Session.
    pub session_id: String,
    /// `completed`, `pending` or `cancelled`.
    pub status: String,
    /// The payment, when there is one.
    pub payment: Option<PaymentSummary>,
    /// For an offsite method: where the shopper must go (never a card's
    /// challenge).
    pub redirect_url: Option<String>,
}

fn read_payment<B: AnswerBody>(p: &B) -> Option<PaymentSummary> {
    let text = |b: &B, key| b.string(key).ok().flatten();
    let details = p.object("payment_details");
    let id = text(p, "id").filter(|id| is_resource_id(id))?;
    let card = details.as_ref().and_then(|d| {
        let last4 = text(d, "last_four_digits")?;
        (last4.len() == 4 && last4.bytes().all(|b| b.is_ascii_digit()))
            .then(|| Some((text(d, "brand")?, last4)))?
    });
    Some(PaymentSummary {
        id,
        status: text(p, "status")?,
        kind: details
            .as_ref()
            .and_then(|d| text(d, "type"))
            .unwrap_or_default(),
        card,
        instructions_url: details
            .as_ref()
            .and_then(|d| text(d, "instructions_url"))
            .and_then(|u| normalize_return_url(&u).ok()),
    })
}

/// What a pay answered: `{status, redirect_url, payment}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayOutcome {
    /// The result so far.
    pub result: SessionPayResult,
    /// Whether the details were a card.
    pub is_card: bool,
}

/// Reads a pay's answer.
#[derive(Debug, Clone)]
pub struct PayAnswer {
    /// The Session.
    pub session_id: String,
    /// Whether the details are a card.
    pub is_card: bool,
}

const STATUSES: [&str; 3] = ["completed", "pending", "cancelled"];

impl Answer for PayAnswer {
    type Output = PayOutcome;

    fn read<B: AnswerBody>(
        &self,
        status: u16,
        body: Option<&B>,
    ) -> Result<PayOutcome, TokenizeError> {
        let b = body
            .filter(|b| b.is_object())
            .ok_or_else(|| malformed(status))?;
        let mut result = session_result(status, b, self.session_id.clone())?;
        result.redirect_url = url_field(status, b, "redirect_url")?;
        Ok(PayOutcome {
            result,
            is_card: self.is_card,
        })
    }
}

/// What a pay's answer and a Session share: the Session's `status` (one
/// of [`STATUSES`]) and its payment.
fn session_result<B: AnswerBody>(
    status: u16,
    b: &B,
    session_id: String,
) -> Result<SessionPayResult, TokenizeError> {
    let bad = || malformed(status);
    let state = b
        .string("status")
        .map_err(|_| bad())?
        .filter(|s| STATUSES.contains(&s.as_str()))
        .ok_or_else(bad)?;
    Ok(SessionPayResult {
        session_id,
        status: state,
        payment: b.object("payment").and_then(|p| read_payment(&p)),
        redirect_url: None,
    })
}

impl PayOutcome {
    /// The verdict on a pay: `completed` (and `cancelled`) resolve;
    /// `pending` with a `redirect_url` is a card's challenge or, for
    /// another type, the page the shopper must visit (resolved with
    /// `redirectUrl`).
    pub fn verdict(self) -> Verdict<SessionPayResult> {
        let mut result = self.result;
        match (result.status.as_str(), result.redirect_url.take()) {
            ("pending", Some(url)) if self.is_card => Verdict::Challenge(url),
            (_, url) => {
                result.redirect_url = url;
                Verdict::Resolve(result)
            }
        }
    }
}

/// Reads a Session (`GET /api/v1/sessions/{id}` with the publishable key).
#[derive(Debug, Clone)]
pub struct SessionAnswer;

impl Answer for SessionAnswer {
    type Output = SessionPayResult;

    fn read<B: AnswerBody>(
        &self,
        status: u16,
        body: Option<&B>,
    ) -> Result<SessionPayResult, TokenizeError> {
        let (b, id) = read_resource(status, body, "session")?;
        session_result(status, b, id)
    }
}

impl SessionPayResult {
    /// Whether a card's challenge on this Session is over: the Session is
    /// no longer `pending`, or its payment is past `pending`.
    pub fn is_final(&self) -> bool {
        self.status != "pending" || self.payment.as_ref().is_some_and(|p| p.status != "pending")
    }

    /// The verdict on a Session read after a card's challenge: `completed`
    /// (or `cancelled` by the merchant) resolves; a `pending` Session (still
    /// payable) whose payment `failed`, was `cancelled` or `expired` fails
    /// with the matching code, as does one whose challenge was left
    /// unfinished (`three_d_secure_cancelled`).
    pub fn verdict_after_challenge(self, locale: Locale) -> Verdict<SessionPayResult> {
        if self.status != "pending" {
            return Verdict::Resolve(self);
        }
        let code = match self.payment.as_ref().map(|p| p.status.as_str()) {
            Some("failed") => ClientCode::ThreeDSecureFailed,
            Some("expired") => ClientCode::ThreeDSecureExpired,
            Some("captured" | "authorized") => return Verdict::Resolve(self),
            _ => ClientCode::ThreeDSecureCancelled,
        };
        Verdict::Fail(TokenizeError::client(code, locale))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::fixtures::today;
    use crate::error::{ErrorCode, ErrorType};
    use serde_json::{json, Value};

    #[test]
    fn fraud_details_built_in_rust_are_checked_as_the_pairs_are() {
        let f = FraudDetails {
            customer_ip: " 192.0.2.1 ".into(),
            phone: Some("0312345678".into()),
            ..Default::default()
        };
        let checked = f.checked().unwrap();
        assert_eq!(checked.customer_ip, "192.0.2.1");
        assert_eq!(checked.phone.as_deref(), Some("0312345678"));
        for bad in [
            FraudDetails::default(),
            FraudDetails {
                customer_email: Some("a\nb".into()),
                ..f.clone()
            },
            FraudDetails {
                customer_id: Some(" ".into()),
                ..f.clone()
            },
        ] {
            let e = bad.checked().unwrap_err();
            assert_eq!(e.code.as_str(), "invalid_option");
        }
    }

    fn konbini() -> RawDetails {
        RawDetails {
            kind: Some("konbini".into()),
            store: Some("lawson".into()),
            email: Some(" taro@example.com ".into()),
            ..Default::default()
        }
    }

    #[test]
    fn the_pay_body_and_its_checks() {
        let config = Config::new("pk_test_x").unwrap();
        let fraud = FraudDetails::from_pairs([("customer_ip", "192.0.2.1".to_owned())]).unwrap();
        let p = prepare_pay(
            &config,
            "abc123",
            &konbini(),
            Some("manual"),
            Some(&fraud),
            today(),
        )
        .unwrap();
        assert_eq!(p.session_path, "/api/v1/sessions/abc123");
        assert!(!p.is_card);
        let body: Value = serde_json::from_str(&p.body).unwrap();
        assert_eq!(
            body,
            json!({"payment_details": {"type": "konbini", "store": "lawson", "email": "taro@example.com"},
                   "capture": "manual", "fraud_details": {"customer_ip": "192.0.2.1"}})
        );
        let card = RawDetails {
            number: Some("4111111111111111".into()),
            expiry: Some("12/29".into()),
            verification_value: Some("123".into()),
            name: Some("TARO YAMADA".into()),
            ..Default::default()
        };
        let p = prepare_pay(&config, "abc", &card, None, None, today()).unwrap();
        assert!(p.is_card);
        assert!(!format!("{p:?}").contains("4111111111111111"));
        for bad in ["", "../tokens", "a/b", "a?b=1", "x y"] {
            let e = prepare_pay(&config, bad, &card, None, None, today()).unwrap_err();
            assert_eq!(e.code.as_str(), "invalid_argument", "{bad:?}");
        }
        let e = prepare_pay(&config, "abc", &card, Some("later"), None, today()).unwrap_err();
        assert_eq!(e.code.as_str(), "invalid_option");
        let mut wrong = card.clone();
        wrong.number = Some("4111111111111112".into());
        let e = prepare_pay(&config, "abc", &wrong, None, None, today()).unwrap_err();
        assert_eq!(
            (e.kind, e.code),
            (ErrorType::Validation, ErrorCode::InvalidNumber.into())
        );
        assert!(FraudDetails::from_pairs([("phone", "0312345678".to_owned())]).is_err());
        assert!(FraudDetails::from_pairs([
            ("customer_ip", "1.2.3.4".to_owned()),
            ("evil", "x".to_owned())
        ])
        .is_err());
    }

    fn pay(body: Value, is_card: bool) -> Result<PayOutcome, TokenizeError> {
        PayAnswer {
            session_id: "sess1".into(),
            is_card,
        }
        .read(200, Some(&body))
    }

    #[test]
    fn pay_verdicts() {
        let captured = json!({"id": "pay_1", "status": "captured",
            "payment_details": {"type": "credit_card", "brand": "visa", "last_four_digits": "0100"}});
        let done = pay(
            json!({"status": "completed", "redirect_url": null, "payment": captured}),
            true,
        )
        .unwrap();
        let Verdict::Resolve(r) = done.verdict() else {
            panic!()
        };
        assert_eq!((r.status.as_str(), r.redirect_url), ("completed", None));
        let p = r.payment.unwrap();
        assert_eq!(
            (p.id.as_str(), p.status.as_str(), p.kind.as_str(), p.card),
            (
                "pay_1",
                "captured",
                "credit_card",
                Some(("visa".into(), "0100".into()))
            )
        );
        let challenge = json!({"status": "pending", "redirect_url": "http://127.0.0.1:9/c/x", "payment": {"id": "pay_2", "status": "pending"}});
        assert_eq!(
            pay(challenge.clone(), true).unwrap().verdict(),
            Verdict::Challenge("http://127.0.0.1:9/c/x".into())
        );
        let Verdict::Resolve(offsite) = pay(challenge, false).unwrap().verdict() else {
            panic!()
        };
        assert_eq!(
            offsite.redirect_url.as_deref(),
            Some("http://127.0.0.1:9/c/x")
        );
        let konbini = json!({"status": "completed", "redirect_url": null, "payment": {"id": "pay_3", "status": "authorized",
            "payment_details": {"type": "konbini", "instructions_url": "http://127.0.0.1:9/__sandbox/konbini/pay_3"}}});
        let Verdict::Resolve(k) = pay(konbini, false).unwrap().verdict() else {
            panic!()
        };
        assert_eq!(
            k.payment.unwrap().instructions_url.as_deref(),
            Some("http://127.0.0.1:9/__sandbox/konbini/pay_3")
        );
        for bad in [
            json!({"status": "error"}),
            json!({"status": "pending", "redirect_url": "javascript:x"}),
            json!({"redirect_url": null}),
        ] {
            assert_eq!(
                pay(bad.clone(), true).unwrap_err().code.as_str(),
                "invalid_response",
                "{bad}"
            );
        }
    }

    fn session(status: &str, payment: Option<&str>) -> SessionPayResult {
        let body = json!({"id": "sess1", "resource": "session", "status": status,
            "payment": payment.map(|s| json!({"id": "pay_1", "status": s}))});
        SessionAnswer.read(200, Some(&body)).unwrap()
    }

    #[test]
    fn session_verdicts_after_the_challenge() {
        let en = Locale::En;
        assert!(session("completed", Some("captured")).is_final());
        assert!(!session("pending", Some("pending")).is_final());
        assert!(session("pending", Some("failed")).is_final());
        assert!(matches!(
            session("completed", Some("captured")).verdict_after_challenge(en),
            Verdict::Resolve(r) if r.status == "completed"
        ));
        assert!(matches!(
            session("cancelled", None).verdict_after_challenge(en),
            Verdict::Resolve(r) if r.status == "cancelled"
        ));
        for (payment, kind, code) in [
            (Some("failed"), ErrorType::Card, "three_d_secure_failed"),
            (Some("expired"), ErrorType::Card, "three_d_secure_expired"),
            (
                Some("cancelled"),
                ErrorType::Abort,
                "three_d_secure_cancelled",
            ),
            (
                Some("pending"),
                ErrorType::Abort,
                "three_d_secure_cancelled",
            ),
            (None, ErrorType::Abort, "three_d_secure_cancelled"),
        ] {
            match session("pending", payment).verdict_after_challenge(en) {
                Verdict::Fail(e) => assert_eq!((e.kind, e.code.as_str()), (kind, code)),
                other => panic!("{payment:?}: {other:?}"),
            }
        }
        let bad = json!({"id": "sess1", "resource": "payment", "status": "completed"});
        assert!(SessionAnswer.read(200, Some(&bad)).is_err());
    }
}
