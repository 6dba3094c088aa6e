//! The transport, done by `js/bindings/net.js`: one attempt at a request and
//! the wait between attempts, plus reading what an attempt came to from JS
//! values. The JS does no more than fetch, time and abort; the decisions are
//! the core's ([`crate::client::exchange`]).
//!
//! Both the JavaScript `Tokenizer` class (whose JS driver, `send`, calls
//! `attempt` and `delay` itself) and the Rust client (`super::client`,
//! which awaits them; `std` builds only) go through here.

use crate::prelude::*;

use crate::client::request::{authorization, headers, IDEMPOTENCY_HEADER};
use crate::client::response::WrongType;
use crate::client::{AnswerBody, Config, Outcome};
use wasm_bindgen::prelude::*;
use web_sys::AbortSignal;

#[wasm_bindgen(module = "/js/bindings/net.js")]
extern "C" {
    /// One attempt; resolves to `[status, retryAfter, body, timedOut]`, never rejects.
    fn attempt(
        method: &str,
        url: &JsValue,
        headers: &JsValue,
        body: &JsValue,
        timeout_ms: u32,
        signal: Option<AbortSignal>,
    ) -> js_sys::Promise;
    /// Resolves after `ms`, or as soon as `signal` aborts.
    fn delay(ms: u32, signal: Option<AbortSignal>) -> js_sys::Promise;
    /// A random key for `X-KOMOJU-IDEMPOTENCY`, as a JS string.
    #[wasm_bindgen(js_name = randomKey)]
    fn random_key() -> JsValue;
    /// Whether `value` is an `AbortSignal`.
    #[wasm_bindgen(js_name = isAbortSignal)]
    pub fn is_abort_signal(value: &JsValue) -> bool;
}

/// What an attempt came to, as `attempt` (or the JS driver) reports it:
/// status 0 when there was no answer; `body` is `undefined` when it was not JSON.
pub fn outcome<'a>(
    status: u16,
    retry_after: Option<&'a str>,
    body: &'a JsValue,
    timed_out: bool,
    signal: Option<&AbortSignal>,
) -> Outcome<'a, JsValue> {
    if status == 0 {
        return Outcome::NoAnswer {
            aborted: signal.is_some_and(AbortSignal::aborted),
            timed_out,
        };
    }
    Outcome::Answered {
        status,
        retry_after,
        body: (!body.is_undefined()).then_some(body),
    }
}

/// The headers of every request under `config` (all but the idempotency
/// key), as `fetch` takes them: `[[name, value], ...]`.
pub fn request_headers(config: &Config) -> js_sys::Array {
    let auth = authorization(config.publishable_key());
    headers(&auth, config.api_version.as_deref())
        .map(|(name, value)| js_sys::Array::of2(&name.into(), &value.into()))
        .collect()
}

/// The headers of one call: `base`, plus, with `idempotency`, a fresh
/// `X-KOMOJU-IDEMPOTENCY` key that every attempt of the call carries.
pub fn call_headers(base: &js_sys::Array, idempotency: bool) -> js_sys::Array {
    if !idempotency {
        return base.clone();
    }
    let all = base.slice(0, base.length());
    all.push(&js_sys::Array::of2(
        &IDEMPOTENCY_HEADER.into(),
        &random_key(),
    ));
    all
}

/// The answer of one awaited attempt, owned.
#[cfg(feature = "std")]
pub(crate) struct Attempted {
    status: u16,
    retry_after: Option<String>,
    body: JsValue,
    timed_out: bool,
}

#[cfg(feature = "std")]
impl Attempted {
    /// What it came to (`signal` tells an abort from other failures).
    pub fn outcome(&self, signal: Option<&AbortSignal>) -> Outcome<'_, JsValue> {
        outcome(
            self.status,
            self.retry_after.as_deref(),
            &self.body,
            self.timed_out,
            signal,
        )
    }

    /// Whether a read during the 3-D Secure challenge says it is over (as
    /// `flow.isFinal` is asked in `js/bindings/net.js`).
    pub fn is_final(&self, flow: &crate::client::Flow) -> bool {
        flow.is_final(
            self.status,
            (!self.body.is_undefined()).then_some(&self.body),
        )
    }
}

/// Sends one attempt and waits for what it comes to.
#[cfg(feature = "std")]
pub(crate) async fn send(
    method: crate::client::Method,
    url: &JsValue,
    headers: &JsValue,
    body: &JsValue,
    timeout_ms: u32,
    signal: Option<&AbortSignal>,
) -> Attempted {
    let promise = attempt(
        method.as_str(),
        url,
        headers,
        body,
        timeout_ms,
        signal.cloned(),
    );
    // `attempt` never rejects; were it to, that is an attempt with no answer.
    let result = wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .unwrap_or(JsValue::UNDEFINED);
    let at = |i| js_sys::Reflect::get_u32(&result, i).unwrap_or(JsValue::UNDEFINED);
    Attempted {
        status: at(0).as_f64().map_or(0, |s| s as u16),
        retry_after: at(1).as_string(),
        body: at(2),
        timed_out: at(3).is_truthy(),
    }
}

/// Waits `ms`, or until `signal` aborts (which the next attempt reports).
#[cfg(feature = "std")]
pub(crate) async fn sleep(ms: u32, signal: Option<&AbortSignal>) {
    // `delay` never rejects.
    let _ = wasm_bindgen_futures::JsFuture::from(delay(ms, signal.cloned())).await;
}

/// A body parsed by `JSON.parse`, read with `Reflect`.
impl AnswerBody for JsValue {
    fn string(&self, key: &str) -> Result<Option<String>, WrongType> {
        let v = js_sys::Reflect::get(self, &JsValue::from_str(key)).map_err(|_| WrongType)?;
        if v.is_undefined() || v.is_null() {
            return Ok(None);
        }
        v.as_string().map(Some).ok_or(WrongType)
    }

    fn object(&self, key: &str) -> Option<JsValue> {
        let v = js_sys::Reflect::get(self, &JsValue::from_str(key)).ok()?;
        v.is_object().then_some(v)
    }

    fn is_object(&self) -> bool {
        JsValue::is_object(self)
    }
}
