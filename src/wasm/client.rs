//! The tokens client for Rust front ends (wasm32): validate, send with
//! retries, hand back only the token ID and displayable card facts. It makes
//! the same decisions as the JavaScript `Tokenizer` class — the same
//! [`prepare`], [`client::Exchange`] and [`InFlight`] policy (the same
//! details while a call is in flight share it; other details fail with
//! `tokenization_in_progress`) — and sends through the same JS attempt; only
//! the driving loop is Rust here.
//!
//! 3-D Secure ([`Tokenizer::create_secure_token`], [`Tokenizer::pay_session`])
//! runs the core [`client::Flow`] of the JS `createSecureToken` and
//! `paySession` (`src/wasm/client_flow.rs`), with the issuer's challenge
//! shown by the caller or in Tessera's dialog ([`Challenge`]).

use crate::prelude::*;

use super::client_flow::drive;
use super::net;
use super::options::current_month;
use super::results::{page_href, page_origin};
use crate::client::secure_token::{origin_of, prepare_secure_token, Order};
use crate::client::session::{prepare_pay, FraudDetails};
use crate::client::{
    self, prepare, Admission, Config, Finished, InFlight, Prepared, Request, Token, TokenizeError,
};
use crate::details::RawDetails;
use crate::error::ClientCode;
use alloc::rc::Rc;
use core::cell::RefCell;
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll, Waker};
use wasm_bindgen::JsValue;
use web_sys::AbortSignal;
use zeroize::Zeroizing;

pub use super::client_challenge::{
    Challenge, ChallengeOptions, ChallengeRequest, Show, ShowFuture,
};
pub use super::net::is_abort_signal;
pub use crate::client::secure_token::{SecureToken, Verification};
pub use crate::client::session::{PaymentSummary, SessionPayResult};

/// Per-call options.
#[derive(Debug, Default, Clone)]
pub struct CreateOptions {
    /// Binds the token to a currency (ISO 4217).
    pub currency: Option<String>,
    /// Aborts the call (and its retries).
    pub signal: Option<AbortSignal>,
}

/// What the order of a secure token is: `amount` in the currency's smallest
/// unit, `currency` (ISO 4217), and `return_url`, where the issuer sends
/// the shopper back (absolute http(s); with [`Challenge::Dialog`], of this
/// page's origin).
#[derive(Debug, Clone, Default)]
pub struct SecureTokenOrder {
    /// In the currency's smallest unit, at least 1.
    pub amount: u64,
    /// ISO 4217.
    pub currency: String,
    /// Where the shopper lands after the challenge.
    pub return_url: String,
}

/// How a Session pay captures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Capture {
    /// At once.
    Auto,
    /// Later, by the merchant's server.
    Manual,
}

/// The options of a Session pay (the JS `paySession` options but the
/// challenge's and the signal, which are in [`ChallengeOptions`]). Whether
/// it carries an idempotency key is the tokenizer's
/// [`Config::pay_idempotency`], as the JS constructor's `idempotency`.
#[derive(Debug, Clone, Default)]
pub struct PayOptions {
    /// The Session's own capture setting when `None`.
    pub capture: Option<Capture>,
    /// KOMOJU's fraud details (`customer_ip` required), checked as the JS
    /// option `fraudDetails` is.
    pub fraud_details: Option<FraudDetails>,
}

/// What a call in flight comes to.
#[derive(Debug, Clone)]
enum Done {
    Token(Token),
    Flow(Finished),
}

/// One call in flight, as the callers that share it see it: its result once
/// there is one, and who waits for it.
#[derive(Debug, Default)]
pub struct Call {
    result: RefCell<Option<Result<Done, TokenizeError>>>,
    waiting: RefCell<Vec<Waker>>,
}

impl Call {
    fn finish(&self, result: Result<Done, TokenizeError>) {
        if self.result.borrow().is_some() {
            return;
        }
        *self.result.borrow_mut() = Some(result);
        for waker in self.waiting.borrow_mut().drain(..) {
            waker.wake();
        }
    }
}

/// Waits for a shared call's result.
struct Wait(Rc<Call>);

impl Future for Wait {
    type Output = Result<Done, TokenizeError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        if let Some(result) = self.0.result.borrow().as_ref() {
            return Poll::Ready(result.clone());
        }
        self.0.waiting.borrow_mut().push(cx.waker().clone());
        Poll::Pending
    }
}

type State = Rc<RefCell<InFlight<Zeroizing<String>, Rc<Call>>>>;

/// Frees the tokenizer however the call ends; a call dropped before its end
/// is reported to those sharing it as aborted.
struct Finish(State, Rc<Call>);

impl Drop for Finish {
    fn drop(&mut self) {
        self.0.borrow_mut().finish();
        self.1.finish(Err(TokenizeError::client(
            ClientCode::Aborted,
            crate::i18n::Locale::En,
        )));
    }
}

/// The tokens client.
#[derive(Clone)]
pub struct Tokenizer {
    config: Rc<Config>,
    in_flight: State,
}

impl core::fmt::Debug for Tokenizer {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Tokenizer")
            .field("config", &self.config)
            .field("in_flight", &self.in_flight.borrow())
            .finish()
    }
}

impl Tokenizer {
    /// A client for a checked configuration.
    pub fn new(config: Config) -> Self {
        Tokenizer {
            config: Rc::new(config),
            in_flight: Rc::default(),
        }
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Whether a tokenization is in flight.
    pub fn is_busy(&self) -> bool {
        self.in_flight.borrow().is_busy()
    }

    /// Validates `details` (the current month from the browser's clock) and
    /// sends them to the tokens endpoint.
    pub async fn create_token(
        &self,
        details: &RawDetails,
        options: &CreateOptions,
    ) -> Result<Token, TokenizeError> {
        let today = current_month()?;
        let prepared = prepare(&self.config, details, options.currency.as_deref(), today)?;
        self.send(&prepared, options.signal.as_ref()).await
    }

    /// Sends a prepared request, retrying network failures, timeouts, 409,
    /// 429 and 5xx with capped exponential backoff and jitter. While it is in
    /// flight, the same request again waits for its result; another fails
    /// with `tokenization_in_progress`.
    pub async fn send(
        &self,
        prepared: &Prepared,
        signal: Option<&AbortSignal>,
    ) -> Result<Token, TokenizeError> {
        let run = async { self.run(prepared, signal).await.map(Done::Token) };
        match self.one_at_a_time(prepared.body.clone(), run).await? {
            Done::Token(token) => Ok(token),
            Done::Flow(_) => Err(mixed_up()),
        }
    }

    /// The direct route with 3-D Secure, as the JS `createSecureToken`:
    /// validates the card (the rules of [`Self::create_token`]) and the
    /// order, posts them to `/api/v1/secure_tokens`, has the issuer's
    /// challenge shown when the card needs one, and returns only a token
    /// that is `OK` or `SKIPPED`. Fails `card_error` /
    /// `three_d_secure_failed` or `three_d_secure_expired`, `abort_error` /
    /// `three_d_secure_cancelled` when the shopper closes the dialog (or the
    /// caller's `show` says so), and as `create_token` does. With
    /// [`Challenge::Dialog`] the return URL must be of this page's origin
    /// (`invalid_option` otherwise, before any request).
    pub async fn create_secure_token(
        &self,
        details: &RawDetails,
        order: &SecureTokenOrder,
        options: &ChallengeOptions,
    ) -> Result<SecureToken, TokenizeError> {
        let today = current_month()?;
        let order = Order {
            // A u64 past 2^53 rounds to a value `check_amount` refuses.
            amount: order.amount as f64,
            currency: &order.currency,
            return_url: &order.return_url,
        };
        let prepared = prepare_secure_token(&self.config, details, &order, today)?;
        // The rule of the JS `createSecureToken`: the dialog reads the
        // frame's arrival at the return URL, so it must be this page's
        // origin, and there must be a page; a custom `show` reads the return
        // itself, so its URL is the caller's.
        if let Challenge::Dialog { .. } = options.challenge {
            let page = page_origin();
            if page.is_none() || origin_of(&prepared.return_url) != page {
                return Err(TokenizeError::integration(
                    ClientCode::InvalidOption,
                    "Option `returnUrl` must be of this page's origin.",
                ));
            }
        }
        let (core, first) = client::Flow::secure_token(&self.config, prepared);
        match self.flow(core, first, options).await? {
            Finished::SecureToken(token) => Ok(token),
            Finished::Session(_) => Err(mixed_up()),
        }
    }

    /// KOMOJU's recommended route, as the JS `paySession`: pays the Session
    /// `session_id` (created by the merchant's server) with `details` of any
    /// payment type. A card that needs 3-D Secure is challenged, then the
    /// Session is read; an offsite method returns with `redirect_url` for
    /// the page to visit. A decline fails `card_error` with KOMOJU's code
    /// and `decline_code` (the Session may be paid again). Every attempt
    /// carries one idempotency key unless [`Config::pay_idempotency`] is off;
    /// then it is sent once, and a lost answer fails `api_connection_error`
    /// / `outcome_unknown`.
    pub async fn pay_session(
        &self,
        session_id: &str,
        details: &RawDetails,
        options: &PayOptions,
        challenge: &ChallengeOptions,
    ) -> Result<SessionPayResult, TokenizeError> {
        let fraud = options
            .fraud_details
            .as_ref()
            .map(FraudDetails::checked)
            .transpose()?;
        let capture = options.capture.map(|c| match c {
            Capture::Auto => "auto",
            Capture::Manual => "manual",
        });
        let today = current_month()?;
        let prepared = prepare_pay(
            &self.config,
            session_id,
            details,
            capture,
            fraud.as_ref(),
            today,
        )?;
        // Where the dialog sees the challenge end (the Session's own return
        // URL is the server's), as the JS passes `location.href`.
        let page = page_href().unwrap_or_default();
        let c = &self.config;
        let (core, first) = client::Flow::pay(c, prepared, c.pay_idempotency, &page);
        match self.flow(core, first, challenge).await? {
            Finished::Session(result) => Ok(result),
            Finished::SecureToken(_) => Err(mixed_up()),
        }
    }

    /// Runs a flow under the in-flight policy: the same URL and body while
    /// it is in flight shares it, as the JS class keys its flows.
    async fn flow(
        &self,
        core: client::Flow,
        first: Request,
        options: &ChallengeOptions,
    ) -> Result<Finished, TokenizeError> {
        let body = first.body.as_deref().map_or("", |b| b);
        let key = Zeroizing::new([first.url.as_str(), "\n", body].concat());
        let signal = options.signal.as_ref();
        let run = async {
            drive(&self.config, core, first, &options.challenge, signal)
                .await
                .map(Done::Flow)
        };
        match self.one_at_a_time(key, run).await? {
            Done::Flow(finished) => Ok(finished),
            Done::Token(_) => Err(mixed_up()),
        }
    }

    /// Admits a call with request `key` ([`InFlight`]): runs `run`, shares
    /// the call in flight with the same key, or refuses.
    async fn one_at_a_time(
        &self,
        key: Zeroizing<String>,
        run: impl Future<Output = Result<Done, TokenizeError>>,
    ) -> Result<Done, TokenizeError> {
        let admission = self.in_flight.borrow_mut().admit(key);
        match admission {
            Admission::Start => {}
            Admission::Share(call) => return Wait(call).await,
            Admission::Refuse(e) => return Err(e),
        }
        let call = Rc::new(Call::default());
        self.in_flight.borrow_mut().sending(call.clone());
        let _finish = Finish(self.in_flight.clone(), call.clone());
        let result = run.await;
        call.finish(result.clone());
        result
    }

    async fn run(
        &self,
        prepared: &Prepared,
        signal: Option<&AbortSignal>,
    ) -> Result<Token, TokenizeError> {
        let c = &self.config;
        let url = JsValue::from(c.tokens_url());
        let headers = net::call_headers(&net::request_headers(c), c.idempotency);
        let body = JsValue::from_str(&prepared.body);
        let mut exchange = client::Exchange::new(c, prepared.answer.clone());
        loop {
            let attempted = net::send(
                client::Method::Post,
                &url,
                &headers,
                &body,
                c.timeout_ms,
                signal,
            )
            .await;
            match exchange.step(attempted.outcome(signal), js_sys::Math::random())? {
                client::Step::Done(token) => return Ok(token),
                // An abort during the wait is reported by the next attempt.
                client::Step::Retry { after_ms } => net::sleep(after_ms, signal).await,
            }
        }
    }
}

/// A shared call that came to another kind of result (keys never collide:
/// a token's is its body, a flow's its URL first).
fn mixed_up() -> TokenizeError {
    TokenizeError::integration(
        ClientCode::Internal,
        "The call in flight is of another kind.",
    )
}
