//! One attempt at `POST /api/v1/tokens` over `fetch` (wasm32 only).
//!
//! The request is `fetch(url, init)` straight through web-sys. Every promise is
//! awaited with its rejection handled, whatever the reason (an `AbortSignal`
//! reason can be any value): a panic would kill the module for the rest of
//! the page.

use crate::prelude::*;

use super::error::{ErrorKind, TokenizeError};
use super::response::{self, ApiError, Token, TokenCard, TokenResponse};
use super::retry::parse_retry_after;
use crate::i18n::{client_message, Locale};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal};

#[wasm_bindgen(module = "/js/net.js")]
extern "C" {
    #[wasm_bindgen(js_name = startTimer)]
    fn start_timer(ms: u32, controller: &AbortController) -> JsValue;
    #[wasm_bindgen(js_name = stopTimer)]
    fn stop_timer(id: &JsValue);
    #[wasm_bindgen(js_name = linkSignal)]
    fn link_signal(signal: Option<AbortSignal>, controller: &AbortController) -> JsValue;
    #[wasm_bindgen(js_name = unlinkSignal)]
    fn unlink_signal(signal: Option<AbortSignal>, listener: &JsValue);
    #[wasm_bindgen(js_name = delay)]
    fn delay_promise(ms: u32, signal: Option<AbortSignal>) -> js_sys::Promise;
    /// A random idempotency key.
    #[wasm_bindgen(js_name = randomKey)]
    pub fn random_key() -> String;
    /// Whether `value` is an `AbortSignal`.
    #[wasm_bindgen(js_name = isAbortSignal)]
    pub fn is_abort_signal(value: &JsValue) -> bool;
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = fetch)]
    fn fetch_with_init(url: &str, init: &web_sys::RequestInit) -> js_sys::Promise;
}

/// One attempt's inputs.
pub(crate) struct Attempt<'a> {
    pub url: &'a str,
    pub authorization: &'a str,
    /// The JSON body, as a JS string.
    pub body: &'a JsValue,
    pub idempotency_key: Option<&'a str>,
    pub api_version: Option<&'a str>,
    pub timeout_ms: u32,
    pub signal: Option<&'a AbortSignal>,
    pub locale: Locale,
    pub kind: &'a str,
    pub card: Option<&'a TokenCard>,
}

/// Stops the timer and unlinks the caller's signal however the attempt ends.
struct Cleanup<'a> {
    timer: JsValue,
    signal: Option<&'a AbortSignal>,
    listener: JsValue,
}

impl Drop for Cleanup<'_> {
    fn drop(&mut self) {
        stop_timer(&self.timer);
        unlink_signal(self.signal.cloned(), &self.listener);
    }
}

fn failure(kind: ErrorKind, code: &'static str, locale: Locale) -> TokenizeError {
    TokenizeError::new(kind, code, client_message(code, locale))
}

/// Why a promise of this attempt rejected: the caller aborted, the deadline
/// passed, or the network (or CORS) failed.
fn rejection(a: &Attempt<'_>, controller: &AbortController) -> TokenizeError {
    if a.signal.is_some_and(AbortSignal::aborted) {
        failure(ErrorKind::Abort, "aborted", a.locale)
    } else if controller.signal().aborted() {
        failure(ErrorKind::Timeout, "timeout", a.locale)
    } else {
        failure(ErrorKind::ApiConnection, "network_error", a.locale)
    }
}

/// Waits `ms`, unless the caller aborts first (then `abort_error`).
pub(crate) async fn sleep(
    ms: u32,
    signal: Option<&AbortSignal>,
    locale: Locale,
) -> Result<(), TokenizeError> {
    JsFuture::from(delay_promise(ms, signal.cloned()))
        .await
        .map(drop)
        .map_err(|_| failure(ErrorKind::Abort, "aborted", locale))
}

/// Sends one attempt and reads its answer.
pub(crate) async fn send(a: &Attempt<'_>) -> Result<Token, TokenizeError> {
    let controller = AbortController::new()
        .map_err(|_| failure(ErrorKind::ApiConnection, "network_error", a.locale))?;
    let _cleanup = Cleanup {
        listener: link_signal(a.signal.cloned(), &controller),
        timer: start_timer(a.timeout_ms, &controller),
        signal: a.signal,
    };
    if a.signal.is_some_and(AbortSignal::aborted) {
        return Err(failure(ErrorKind::Abort, "aborted", a.locale));
    }
    let invalid = |_| {
        TokenizeError::new(
            ErrorKind::Integration,
            "invalid_request",
            "The request could not be built.",
        )
    };
    let headers = web_sys::Headers::new().map_err(invalid)?;
    let set = |k: &str, v: &str| headers.set(k, v).map_err(invalid);
    set("Authorization", a.authorization)?;
    set("Content-Type", "application/json")?;
    set("Accept", "application/json")?;
    if let Some(key) = a.idempotency_key {
        set("X-KOMOJU-IDEMPOTENCY", key)?;
    }
    if let Some(version) = a.api_version {
        set("X-KOMOJU-API-VERSION", version)?;
    }
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_headers(&headers);
    init.set_body(a.body);
    init.set_signal(Some(&controller.signal()));

    // fetch(url, init), not fetch(new Request(...)): Chromium sends a body
    // given as a string without going through a body stream.
    let answer = JsFuture::from(fetch_with_init(a.url, &init))
        .await
        .map_err(|_| rejection(a, &controller))?;
    let response: web_sys::Response = answer.dyn_into().map_err(|_| rejection(a, &controller))?;
    let status = response.status();
    let retry_after = response
        .headers()
        .get("Retry-After")
        .ok()
        .flatten()
        .as_deref()
        .and_then(parse_retry_after);
    let text_promise = response.text().map_err(|_| response::malformed(status))?;
    let text = JsFuture::from(text_promise)
        .await
        .map_err(|_| rejection(a, &controller))?;
    let parsed = text.as_string().and_then(|t| js_sys::JSON::parse(&t).ok());

    if response.ok() {
        let body = parsed
            .as_ref()
            .and_then(token_response)
            .ok_or_else(|| response::malformed(status))?;
        return response::token_from_response(status, body, a.kind, a.card.cloned());
    }
    let api_error = parsed.as_ref().and_then(api_error);
    Err(response::error_from_status(
        status,
        api_error,
        retry_after,
        a.locale,
    ))
}

/// `obj[key]` if it is a string, `None` if absent; `Err` for another type
/// (which makes the whole answer unreadable, as it was for serde).
fn string_field(obj: &JsValue, key: &str) -> Result<Option<String>, ()> {
    let v = js_sys::Reflect::get(obj, &JsValue::from_str(key)).map_err(drop)?;
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    v.as_string().map(Some).ok_or(())
}

/// A successful answer: `{ id, created_at?, resource? }`.
fn token_response(v: &JsValue) -> Option<TokenResponse> {
    if !v.is_object() {
        return None;
    }
    Some(TokenResponse {
        id: string_field(v, "id").ok()??,
        created_at: string_field(v, "created_at").ok()?,
        resource: string_field(v, "resource").ok()?,
    })
}

/// KOMOJU's error envelope: `{ error: { code?, message?, param? } }`.
fn api_error(v: &JsValue) -> Option<ApiError> {
    let e = v
        .is_object()
        .then(|| js_sys::Reflect::get(v, &JsValue::from_str("error")).ok())??;
    if !e.is_object() {
        return None;
    }
    Some(ApiError {
        code: string_field(&e, "code").ok()?,
        message: string_field(&e, "message").ok()?,
        param: string_field(&e, "param").ok()?,
    })
}
