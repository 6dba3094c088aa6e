//! The tokens client for Rust front ends (wasm32): validate, send with
//! retries, hand back only the token ID and displayable card facts. Also
//! `prepare`, which the JavaScript `Tokenizer` class shares.

use crate::prelude::*;

use super::config::Config;
use super::error::{ErrorKind, TokenizeError};
use super::exchange::{Exchange, Step};
use super::request::{check_currency, TokenRequest};
use super::response::{Token, TokenCard};
use super::transport;
pub use super::transport::is_abort_signal;
use crate::card::CardOptions;
use crate::date::YearMonth;
use crate::details::{normalize_details, DetailsOptions, RawDetails};
use alloc::rc::Rc;
use core::cell::Cell;
use serde::Serialize;
use wasm_bindgen::JsValue;
use web_sys::AbortSignal;

/// Per-call options.
#[derive(Debug, Default, Clone)]
pub struct CreateOptions {
    /// Binds the token to a currency (ISO 4217).
    pub currency: Option<String>,
    /// Aborts the call (and its retries).
    pub signal: Option<AbortSignal>,
}

/// A validated request, ready to send: the JSON body (a JS string; the Rust
/// buffers that held the card are already wiped) and what the page may see.
/// Its `Debug` never shows the body, which holds the card.
#[derive(Clone)]
pub struct Prepared {
    /// The request body.
    pub body: JsValue,
    /// The payment type.
    pub kind: &'static str,
    /// For cards, the displayable facts.
    pub card: Option<TokenCard>,
}

impl core::fmt::Debug for Prepared {
    // `JsValue`'s own `Debug` would print the JSON body, card number and all.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Prepared")
            .field("body", &format_args!("<redacted>"))
            .field("kind", &self.kind)
            .field("card", &self.card)
            .finish()
    }
}

/// Turns payment details (any type of the tokens API) into a tokens request,
/// or every validation failure.
///
/// Card numbers, codes and credentials are normalised into buffers that
/// zeroise on drop; the only copy that outlives this function is the JSON body
/// handed to `fetch`.
pub fn prepare(
    config: &Config,
    details: &RawDetails,
    currency: Option<&str>,
    today: YearMonth,
) -> Result<Prepared, TokenizeError> {
    let currency = currency.map(check_currency).transpose()?;
    let mut card = CardOptions::new(today);
    card.accepted_brands = config.brands.as_deref();
    let options = DetailsOptions {
        card,
        accepted_types: None,
    };
    let normalized = normalize_details(details, &options).map_err(|errors| {
        let Some(first) = errors.first().copied() else {
            return TokenizeError::new(
                ErrorKind::Validation,
                "invalid_details",
                "The payment details are invalid.",
            );
        };
        let mut e = TokenizeError::new(
            ErrorKind::Validation,
            first.code.as_str(),
            first.message(config.locale),
        );
        e.field = Some(first.field.as_str().into());
        e.errors = errors.into_boxed_slice();
        e
    })?;
    let request = TokenRequest {
        payment_details: &normalized,
        currency: currency.as_deref(),
    };
    let body = to_json(&request)?;
    Ok(Prepared {
        body,
        kind: normalized.kind().as_str(),
        card: normalized.card().map(TokenCard::of),
    })
}

/// Serialises to a JSON string with serde_json (strings only: no float
/// formatting reaches the wasm), as a JS string.
/// The month of `date` in the shopper's local time; `None` for an invalid `Date`.
pub fn month_of(date: &js_sys::Date) -> Option<YearMonth> {
    let year = u16::try_from(date.get_full_year()).ok()?;
    let month = u8::try_from(date.get_month().saturating_add(1)).ok()?;
    YearMonth::new(year, month)
}

/// The current month by the device's clock (`invalid_clock` if it is not set).
pub fn current_month() -> Result<YearMonth, TokenizeError> {
    month_of(&js_sys::Date::new_0()).ok_or_else(|| {
        TokenizeError::new(
            ErrorKind::Integration,
            "invalid_clock",
            "The device's clock is not set.",
        )
    })
}

fn to_json<T: Serialize>(value: &T) -> Result<JsValue, TokenizeError> {
    let internal = || {
        TokenizeError::new(
            ErrorKind::Integration,
            "internal",
            "The request body could not be serialised.",
        )
    };
    // The body holds the card: its Rust buffer is wiped as soon as JS has a copy.
    serde_json::to_string(value)
        .map(zeroize::Zeroizing::new)
        .map(|s| JsValue::from_str(&s))
        .map_err(|_| internal())
}

/// The tokens client. One tokenization at a time: a second call while one is
/// in flight fails with `tokenization_in_progress`.
#[derive(Debug, Clone)]
pub struct Tokenizer {
    config: Rc<Config>,
    busy: Rc<Cell<bool>>,
}

/// Clears the busy flag however the call ends.
struct Busy(Rc<Cell<bool>>);

impl Drop for Busy {
    fn drop(&mut self) {
        self.0.set(false);
    }
}

impl Tokenizer {
    /// A client for a checked configuration.
    pub fn new(config: Config) -> Self {
        Tokenizer {
            config: Rc::new(config),
            busy: Rc::new(Cell::new(false)),
        }
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Whether a tokenization is in flight.
    pub fn is_busy(&self) -> bool {
        self.busy.get()
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
    /// 429 and 5xx with capped exponential backoff and jitter. The same
    /// exchange and the same JS attempt as the JavaScript `Tokenizer` class:
    /// only the driving loop is Rust here.
    pub async fn send(
        &self,
        prepared: &Prepared,
        signal: Option<&AbortSignal>,
    ) -> Result<Token, TokenizeError> {
        if self.busy.replace(true) {
            return Err(TokenizeError::new(
                ErrorKind::Integration,
                "tokenization_in_progress",
                "A tokenization is already in progress: wait for it before submitting another card.",
            ));
        }
        let _busy = Busy(self.busy.clone());
        let c = &self.config;
        let url = JsValue::from(c.tokens_url());
        let headers = transport::call_headers(&transport::request_headers(c), c.idempotency);
        let mut exchange = Exchange::new(c, prepared.kind, prepared.card.clone());
        loop {
            let attempted =
                transport::send(&url, &headers, &prepared.body, c.timeout_ms, signal).await;
            match exchange.step(attempted.outcome(signal), js_sys::Math::random())? {
                Step::Done(token) => return Ok(token),
                // An abort during the wait is reported by the next attempt.
                Step::Retry { after_ms } => transport::sleep(after_ms, signal).await,
            }
        }
    }
}
