//! The tokens client for Rust front ends (wasm32): validate, send with
//! retries, hand back only the token ID and displayable card facts. It makes
//! the same decisions as the JavaScript `Tokenizer` class — the same
//! [`prepare`], [`client::Exchange`] and [`InFlight`] policy (the same
//! details while a call is in flight share it; other details fail with
//! `tokenization_in_progress`) — and sends through the same JS attempt; only
//! the driving loop is Rust here.

use crate::prelude::*;

use super::net;
use super::options::current_month;
use crate::client::{self, prepare, Admission, Config, InFlight, Prepared, Token, TokenizeError};
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

pub use super::net::is_abort_signal;

/// Per-call options.
#[derive(Debug, Default, Clone)]
pub struct CreateOptions {
    /// Binds the token to a currency (ISO 4217).
    pub currency: Option<String>,
    /// Aborts the call (and its retries).
    pub signal: Option<AbortSignal>,
}

/// One call in flight, as the callers that share it see it: its result once
/// there is one, and who waits for it.
#[derive(Debug, Default)]
pub struct Call {
    result: RefCell<Option<Result<Token, TokenizeError>>>,
    waiting: RefCell<Vec<Waker>>,
}

impl Call {
    fn finish(&self, result: Result<Token, TokenizeError>) {
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
    type Output = Result<Token, TokenizeError>;

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
        let admission = self.in_flight.borrow_mut().admit(prepared.body.clone());
        match admission {
            Admission::Start => {}
            Admission::Share(call) => return Wait(call).await,
            Admission::Refuse(e) => return Err(e),
        }
        let call = Rc::new(Call::default());
        self.in_flight.borrow_mut().sending(call.clone());
        let _finish = Finish(self.in_flight.clone(), call.clone());
        let result = self.run(prepared, signal).await;
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
