//! A call of several requests, without I/O: create (or pay), then perhaps
//! the issuer's challenge, then read the result. Told what each attempt came
//! to, the flow says what comes next — wait and send the same request again,
//! send another, show the challenge, or the result — or fails. The JS driver
//! (`drive` in `js/bindings/net.js`) only carries these out.
//!
//! Each request is one [`Exchange`] (its retries, statuses and error
//! envelope); the verdicts between them are [`super::secure_token`]'s and
//! [`super::session`]'s.

use crate::prelude::*;

use super::config::Config;
use super::error::TokenizeError;
use super::exchange::{Exchange, Outcome, Step};
use super::request::Method;
use super::response::{is_resource_id, Answer, AnswerBody};
use super::secure_token::{PreparedSecureToken, SecureToken, SecureTokenAnswer, Verdict};
use super::session::{session_path, PayAnswer, PreparedPay, SessionAnswer, SessionPayResult};
use crate::error::ClientCode;
use crate::i18n::Locale;
use zeroize::Zeroizing;

/// One request of a flow.
#[derive(Clone, PartialEq, Eq)]
pub struct Request {
    /// GET or POST.
    pub method: Method,
    /// The full URL.
    pub url: String,
    /// The JSON body of a POST (wiped when dropped: it may hold a card).
    pub body: Option<Zeroizing<String>>,
    /// Whether every attempt carries the call's idempotency key.
    pub idempotency_key: bool,
}

impl core::fmt::Debug for Request {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("body", &self.body.as_ref().map(|_| "<redacted>"))
            .field("idempotency_key", &self.idempotency_key)
            .finish()
    }
}

impl Request {
    fn get(config: &Config, path: &str) -> Request {
        Request {
            method: Method::Get,
            url: config.url(path),
            body: None,
            idempotency_key: false,
        }
    }
}

/// What a flow ends with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finished {
    /// A secure token that is `OK` or `SKIPPED`.
    SecureToken(SecureToken),
    /// A Session pay's result.
    Session(SessionPayResult),
}

/// What to do next.
#[derive(Debug, Clone, PartialEq)]
pub enum Next {
    /// Wait this many milliseconds, then send the same request again.
    Wait(u32),
    /// Send this request.
    Send(Request),
    /// Show the issuer's challenge at `url`; the shopper comes back to
    /// `return_url`. While it shows, `poll` (a GET) may be sent and its
    /// answer given to [`Flow::is_final`]; when it is over, call
    /// [`Flow::challenged`].
    Challenge {
        /// The issuer's page.
        url: String,
        /// Where the shopper lands when done (for a Session: the page that
        /// paid, as far as Tessera knows).
        return_url: String,
        /// The read that tells whether the challenge is over.
        poll: Request,
    },
    /// The call succeeded.
    Done(Finished),
}

enum Stage {
    CreateToken(Exchange<SecureTokenAnswer>),
    ReadToken(Exchange<SecureTokenAnswer>),
    Pay(Exchange<PayAnswer>),
    ReadSession(Exchange<SessionAnswer>),
    /// The challenge shows; then `read` is sent.
    Challenge(Request),
    Over,
}

/// One multi-step call. Not `Clone`: one flow per call.
pub struct Flow {
    config: Config,
    stage: Stage,
    /// The secure token's card facts, or the Session's ID.
    card: Option<super::response::TokenCard>,
    session_id: Option<String>,
    return_url: String,
}

impl core::fmt::Debug for Flow {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self.stage {
            Stage::CreateToken(_) => "Flow(CreateToken)",
            Stage::ReadToken(_) => "Flow(ReadToken)",
            Stage::Pay(_) => "Flow(Pay)",
            Stage::ReadSession(_) => "Flow(ReadSession)",
            Stage::Challenge(_) => "Flow(Challenge)",
            Stage::Over => "Flow(Over)",
        })
    }
}

/// Where a full-page redirect came back with: the ID in the return URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Returned {
    /// `secure_token_id=`.
    SecureToken(String),
    /// `session_id=`.
    Session(String),
}

/// Finds `secure_token_id` or `session_id` in a URL's query (the last of
/// each wins, as the issuer appends them); `None` when there is neither or
/// the ID is not one.
pub fn returned(url: &str) -> Option<Returned> {
    let query = url.split('#').next()?.split_once('?')?.1;
    let mut found = None;
    for pair in query.split('&') {
        let Some((key, value)) = pair.split_once('=') else {
            continue;
        };
        if !is_resource_id(value) {
            continue;
        }
        match key {
            "secure_token_id" => found = Some(Returned::SecureToken(value.to_owned())),
            "session_id" => found = Some(Returned::Session(value.to_owned())),
            _ => {}
        }
    }
    found
}

fn internal() -> TokenizeError {
    TokenizeError::integration(ClientCode::Internal, "The call is already finished.")
}

fn step_of<A: Answer, B: AnswerBody>(
    x: &mut Exchange<A>,
    outcome: Outcome<'_, B>,
    random: f64,
) -> Result<Result<A::Output, u32>, TokenizeError> {
    Ok(match x.step(outcome, random)? {
        Step::Done(output) => Ok(output),
        Step::Retry { after_ms } => Err(after_ms),
    })
}

impl Flow {
    /// A secure token: `POST /api/v1/secure_tokens` first.
    pub fn secure_token(config: &Config, prepared: PreparedSecureToken) -> (Flow, Request) {
        let answer = SecureTokenAnswer {
            card: Some(prepared.card.clone()),
        };
        let request = Request {
            method: Method::Post,
            url: config.url("/api/v1/secure_tokens"),
            body: Some(prepared.body),
            idempotency_key: config.idempotency,
        };
        let flow = Flow {
            config: config.clone(),
            stage: Stage::CreateToken(Exchange::new(config, answer)),
            card: Some(prepared.card),
            session_id: None,
            return_url: prepared.return_url,
        };
        (flow, request)
    }

    /// A Session pay: `POST /api/v1/sessions/{id}/pay` first. `keyed`: the
    /// pay carries an idempotency key, so it may be retried; without one it
    /// is sent once. `page_url`: where a card's challenge in a dialog is
    /// seen to end (the Session's own return URL is the server's).
    pub fn pay(
        config: &Config,
        prepared: PreparedPay,
        keyed: bool,
        page_url: &str,
    ) -> (Flow, Request) {
        let answer = PayAnswer {
            session_id: prepared.session_id.clone(),
            is_card: prepared.is_card,
        };
        let request = Request {
            method: Method::Post,
            url: config.url(&[prepared.session_path.as_str(), "/pay"].concat()),
            body: Some(prepared.body),
            idempotency_key: keyed,
        };
        let exchange = if keyed {
            Exchange::new(config, answer)
        } else {
            Exchange::once(config, answer)
        };
        let flow = Flow {
            config: config.clone(),
            stage: Stage::Pay(exchange),
            card: None,
            session_id: Some(prepared.session_id),
            return_url: page_url.to_owned(),
        };
        (flow, request)
    }

    /// After a full-page redirect: reads what the return URL names.
    pub fn resume(config: &Config, returned: Returned) -> (Flow, Request) {
        let (stage, request, session_id) = match returned {
            Returned::SecureToken(id) => (
                Stage::ReadToken(Exchange::new(config, SecureTokenAnswer { card: None })),
                Request::get(config, &["/api/v1/secure_tokens/", &id].concat()),
                None,
            ),
            Returned::Session(id) => (
                Stage::ReadSession(Exchange::new(config, SessionAnswer)),
                Request::get(config, &session_path(&id)),
                Some(id),
            ),
        };
        let flow = Flow {
            config: config.clone(),
            stage,
            card: None,
            session_id,
            return_url: String::new(),
        };
        (flow, request)
    }

    fn locale(&self) -> Locale {
        self.config.locale
    }

    /// Whether the flow has ended.
    pub fn is_finished(&self) -> bool {
        matches!(self.stage, Stage::Over)
    }

    /// Takes what the current request's last attempt came to. After `Err` or
    /// `Next::Done` the flow is over.
    pub fn step<B: AnswerBody>(
        &mut self,
        outcome: Outcome<'_, B>,
        random: f64,
    ) -> Result<Next, TokenizeError> {
        let result = self.advance(outcome, random);
        if !matches!(
            result,
            Ok(Next::Wait(_) | Next::Challenge { .. } | Next::Send(_))
        ) {
            self.stage = Stage::Over;
        }
        result
    }

    fn advance<B: AnswerBody>(
        &mut self,
        outcome: Outcome<'_, B>,
        random: f64,
    ) -> Result<Next, TokenizeError> {
        let locale = self.locale();
        match &mut self.stage {
            Stage::CreateToken(x) => match step_of(x, outcome, random)? {
                Err(ms) => Ok(Next::Wait(ms)),
                Ok(token) => {
                    let read = Request::get(
                        &self.config,
                        &["/api/v1/secure_tokens/", &token.id].concat(),
                    );
                    self.verdict_token(token.verdict(false, locale), read)
                }
            },
            Stage::ReadToken(x) => match step_of(x, outcome, random)? {
                Err(ms) => Ok(Next::Wait(ms)),
                Ok(token) => match token.verdict(true, locale) {
                    Verdict::Resolve(t) => Ok(Next::Done(Finished::SecureToken(t))),
                    Verdict::Fail(e) => Err(e),
                    Verdict::Challenge(_) => Err(internal()),
                },
            },
            Stage::Pay(x) => match step_of(x, outcome, random)? {
                Err(ms) => Ok(Next::Wait(ms)),
                Ok(paid) => match paid.verdict() {
                    Verdict::Resolve(r) => Ok(Next::Done(Finished::Session(r))),
                    Verdict::Fail(e) => Err(e),
                    Verdict::Challenge(url) => {
                        let id = self.session_id.as_deref().unwrap_or_default();
                        let read = Request::get(&self.config, &session_path(id));
                        Ok(self.challenge(url, read))
                    }
                },
            },
            Stage::ReadSession(x) => match step_of(x, outcome, random)? {
                Err(ms) => Ok(Next::Wait(ms)),
                Ok(session) => match session.verdict_after_challenge(locale) {
                    Verdict::Resolve(r) => Ok(Next::Done(Finished::Session(r))),
                    Verdict::Fail(e) => Err(e),
                    Verdict::Challenge(_) => Err(internal()),
                },
            },
            Stage::Challenge(_) | Stage::Over => Err(internal()),
        }
    }

    fn verdict_token(
        &mut self,
        verdict: Verdict<SecureToken>,
        read: Request,
    ) -> Result<Next, TokenizeError> {
        match verdict {
            Verdict::Resolve(t) => Ok(Next::Done(Finished::SecureToken(t))),
            Verdict::Fail(e) => Err(e),
            Verdict::Challenge(url) => Ok(self.challenge(url, read)),
        }
    }

    fn challenge(&mut self, url: String, read: Request) -> Next {
        self.stage = Stage::Challenge(read.clone());
        Next::Challenge {
            url,
            return_url: self.return_url.clone(),
            poll: read,
        }
    }

    /// The challenge is over (the shopper came back, or a poll said so):
    /// the request that reads the result.
    pub fn challenged(&mut self) -> Result<Request, TokenizeError> {
        let Stage::Challenge(read) = core::mem::replace(&mut self.stage, Stage::Over) else {
            return Err(internal());
        };
        self.stage = if self.session_id.is_some() {
            Stage::ReadSession(Exchange::new(&self.config, SessionAnswer))
        } else {
            let answer = SecureTokenAnswer {
                card: self.card.clone(),
            };
            Stage::ReadToken(Exchange::new(&self.config, answer))
        };
        Ok(read)
    }

    /// During the challenge: whether a poll's answer says it is over (any
    /// failure or unreadable answer: not yet).
    pub fn is_final<B: AnswerBody>(&self, status: u16, body: Option<&B>) -> bool {
        if !matches!(self.stage, Stage::Challenge(_)) || !(200..=299).contains(&status) {
            return false;
        }
        if self.session_id.is_some() {
            SessionAnswer.read(status, body).is_ok_and(|s| s.is_final())
        } else {
            SecureTokenAnswer { card: None }
                .read(status, body)
                .is_ok_and(|t| t.status.is_final())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::fixtures::{card, today};
    use crate::client::secure_token::{prepare_secure_token, Order, Verification};
    use crate::client::session::prepare_pay;
    use crate::details::RawDetails;
    use crate::error::ErrorType;
    use serde_json::{json, Value};

    fn config() -> Config {
        Config::new("pk_test_x")
            .unwrap()
            .with_api_base("http://127.0.0.1:9")
            .unwrap()
    }

    fn secure(number: &str) -> (Flow, Request) {
        let c = config();
        let order = Order {
            amount: 1000.0,
            currency: "JPY",
            return_url: "http://127.0.0.1:8/back",
        };
        Flow::secure_token(
            &c,
            prepare_secure_token(&c, &card(number), &order, today()).unwrap(),
        )
    }

    fn ok(body: &Value) -> Outcome<'_, Value> {
        Outcome::Answered {
            status: 200,
            retry_after: None,
            body: Some(body),
        }
    }

    fn stok(status: &str) -> Value {
        json!({"id": "stok_1", "resource": "secure_token", "verification_status": status,
               "authentication_url": if status == "NEEDS_VERIFY" { json!("http://127.0.0.1:7/c/1") } else { Value::Null }})
    }

    #[test]
    fn a_frictionless_secure_token_is_one_request() {
        let (mut flow, first) = secure("4100000000000100");
        assert_eq!(
            (first.method, first.url.as_str()),
            (Method::Post, "http://127.0.0.1:9/api/v1/secure_tokens")
        );
        assert!(!format!("{first:?}").contains("4100000000000100"));
        let Ok(Next::Done(Finished::SecureToken(t))) = flow.step(ok(&stok("OK")), 0.5) else {
            panic!()
        };
        assert_eq!((t.id.as_str(), t.status), ("stok_1", Verification::Ok));
        assert_eq!(t.card.unwrap().last4, "0100");
        assert!(flow.is_finished());
    }

    #[test]
    fn a_challenge_then_the_read_decides() {
        for after in ["OK", "ERRORED", "EXPIRED", "NEEDS_VERIFY"] {
            let (mut flow, _) = secure("4100000000005000");
            let Ok(Next::Challenge {
                url,
                return_url,
                poll,
            }) = flow.step(ok(&stok("NEEDS_VERIFY")), 0.5)
            else {
                panic!()
            };
            assert_eq!(url, "http://127.0.0.1:7/c/1");
            assert_eq!(return_url, "http://127.0.0.1:8/back");
            assert_eq!(
                (poll.method, poll.url.as_str()),
                (
                    Method::Get,
                    "http://127.0.0.1:9/api/v1/secure_tokens/stok_1"
                )
            );
            assert!(!flow.is_final(200, Some(&stok("NEEDS_VERIFY"))));
            assert!(flow.is_final(200, Some(&stok(after))) == (after != "NEEDS_VERIFY"));
            assert!(!flow.is_final(500, Some(&stok("OK"))));
            // A step during the challenge is a misuse.
            assert!(flow.step(ok(&stok("OK")), 0.5).is_err());
        }
        for (after, want) in [
            ("OK", None),
            ("ERRORED", Some("three_d_secure_failed")),
            ("EXPIRED", Some("three_d_secure_expired")),
            ("NEEDS_VERIFY", Some("three_d_secure_cancelled")),
        ] {
            let (mut flow, _) = secure("4100000000005000");
            flow.step(ok(&stok("NEEDS_VERIFY")), 0.5).unwrap();
            let read = flow.challenged().unwrap();
            assert_eq!(read.method, Method::Get);
            // The read retries like tokens.
            let five: Outcome<'_, Value> = Outcome::Answered {
                status: 503,
                retry_after: None,
                body: None,
            };
            assert!(matches!(flow.step(five, 0.0), Ok(Next::Wait(125))));
            match (flow.step(ok(&stok(after)), 0.5), want) {
                (Ok(Next::Done(Finished::SecureToken(t))), None) => {
                    assert_eq!(t.card.unwrap().last4, "5000");
                }
                (Err(e), Some(code)) => assert_eq!(e.code.as_str(), code),
                (other, _) => panic!("{after}: {other:?}"),
            }
            assert!(flow.is_finished());
        }
        let (mut flow, _) = secure("4100000000500000");
        let e = flow.step(ok(&stok("ERRORED")), 0.5).unwrap_err();
        assert_eq!(
            (e.kind, e.code.as_str()),
            (ErrorType::Card, "three_d_secure_failed")
        );
    }

    fn pay_flow(keyed: bool, details: RawDetails) -> (Flow, Request) {
        let c = config();
        let p = prepare_pay(&c, "sess1", &details, None, None, today()).unwrap();
        Flow::pay(&c, p, keyed, "http://127.0.0.1:8/checkout")
    }

    #[test]
    fn a_pay_without_a_key_is_sent_once() {
        let (mut flow, first) = pay_flow(false, card("4111111111111111"));
        assert_eq!(first.url, "http://127.0.0.1:9/api/v1/sessions/sess1/pay");
        assert!(!first.idempotency_key);
        let none: Outcome<'_, Value> = Outcome::NoAnswer {
            aborted: false,
            timed_out: false,
        };
        let e = flow.step(none, 0.5).unwrap_err();
        assert_eq!(
            (e.kind, e.code.as_str()),
            (ErrorType::ApiConnection, "outcome_unknown")
        );
        let (mut flow, first) = pay_flow(true, card("4111111111111111"));
        assert!(first.idempotency_key);
        let none: Outcome<'_, Value> = Outcome::NoAnswer {
            aborted: false,
            timed_out: false,
        };
        assert!(matches!(flow.step(none, 0.5), Ok(Next::Wait(_))));
    }

    #[test]
    fn a_declined_pay_is_a_card_error() {
        let (mut flow, _) = pay_flow(true, card("4123111111111000"));
        let body = json!({"error": {"code": "card_declined", "message": "The card was declined: insufficient funds.",
            "param": "payment_details", "details": {"decline_code": "insufficient_funds"}}});
        let declined = Outcome::Answered {
            status: 402,
            retry_after: None,
            body: Some(&body),
        };
        let e = flow.step(declined, 0.5).unwrap_err();
        assert_eq!(
            (e.kind, e.code(), e.decline_code.as_deref()),
            (ErrorType::Card, "card_declined", Some("insufficient_funds"))
        );
    }

    #[test]
    fn a_challenged_pay_reads_the_session() {
        let (mut flow, _) = pay_flow(true, card("4100000000005000"));
        let pending = json!({"status": "pending", "redirect_url": "http://127.0.0.1:7/c/2", "payment": {"id": "pay_1", "status": "pending"}});
        let Ok(Next::Challenge {
            url,
            return_url,
            poll,
        }) = flow.step(ok(&pending), 0.5)
        else {
            panic!()
        };
        assert_eq!(
            (url.as_str(), return_url.as_str()),
            ("http://127.0.0.1:7/c/2", "http://127.0.0.1:8/checkout")
        );
        assert_eq!(poll.url, "http://127.0.0.1:9/api/v1/sessions/sess1");
        let session = |status: &str, payment: &str| json!({"id": "sess1", "resource": "session", "status": status, "payment": {"id": "pay_1", "status": payment}});
        assert!(!flow.is_final(200, Some(&session("pending", "pending"))));
        assert!(flow.is_final(200, Some(&session("completed", "captured"))));
        flow.challenged().unwrap();
        let Ok(Next::Done(Finished::Session(r))) =
            flow.step(ok(&session("completed", "captured")), 0.5)
        else {
            panic!()
        };
        assert_eq!(
            (r.session_id.as_str(), r.status.as_str()),
            ("sess1", "completed")
        );

        let (mut flow, _) = pay_flow(true, card("4100000000005000"));
        flow.step(ok(&pending), 0.5).unwrap();
        flow.challenged().unwrap();
        let e = flow
            .step(ok(&session("pending", "failed")), 0.5)
            .unwrap_err();
        assert_eq!(e.code.as_str(), "three_d_secure_failed");
    }

    #[test]
    fn resume_finds_the_id_in_the_return_url() {
        assert_eq!(
            returned("https://s.example/back?x=1&secure_token_id=stok_1#f"),
            Some(Returned::SecureToken("stok_1".into()))
        );
        assert_eq!(
            returned("https://s.example/back?session_id=abc"),
            Some(Returned::Session("abc".into()))
        );
        assert_eq!(returned("https://s.example/back?session_id=a%2Fb"), None);
        assert_eq!(returned("https://s.example/back#session_id=abc"), None);
        assert_eq!(returned("https://s.example/back"), None);
        let (mut flow, read) = Flow::resume(&config(), Returned::SecureToken("stok_1".into()));
        assert_eq!(read.url, "http://127.0.0.1:9/api/v1/secure_tokens/stok_1");
        let mut body = stok("OK");
        body["payment_details"] =
            json!({"brand": "visa", "last_four_digits": "5000", "month": "12", "year": "2029"});
        let Ok(Next::Done(Finished::SecureToken(t))) = flow.step(ok(&body), 0.5) else {
            panic!()
        };
        assert_eq!(t.card.unwrap().last4, "5000");
        let (mut flow, read) = Flow::resume(&config(), Returned::Session("sess1".into()));
        assert_eq!(read.url, "http://127.0.0.1:9/api/v1/sessions/sess1");
        let e = flow
            .step(ok(&json!({"id": "sess1", "status": "pending", "payment": {"id": "p", "status": "failed"}})), 0.5)
            .unwrap_err();
        assert_eq!(e.code.as_str(), "three_d_secure_failed");
    }
}
