//! The `Flow` class: one call of several requests (a secure token, a
//! Session pay, a resume) as its JS driver (`drive` in `js/bindings/net.js`)
//! sees it. The driver reports what each attempt came to; the flow answers
//! with what to do next — `["wait", ms]`, `["send", request]`,
//! `["challenge", url, returnUrl, pollRequest]` or `["done", result]` — or
//! throws the `TesseraError`. A request is `[method, url, headers, body,
//! timeoutMs]`, as `attempt` takes it. Internal: not exported.

use crate::prelude::*;

use super::error::error_to_js;
use super::exchange::{Hold, Slot};
use super::net;
use super::results;
use crate::client::secure_token::SecureToken;
use crate::client::session::SessionPayResult;
use crate::client::{self, Finished, Next, Request};
use crate::i18n::Locale;
use wasm_bindgen::prelude::*;
use web_sys::AbortSignal;

/// One multi-step call in flight (internal to Tessera's JS driver).
#[wasm_bindgen(skip_typescript)]
pub struct Flow {
    core: client::Flow,
    signal: Option<AbortSignal>,
    locale: Locale,
    timeout_ms: u32,
    /// The headers of every request, and those of the call's POST with its
    /// idempotency key (one key for every attempt).
    headers: js_sys::Array,
    keyed_headers: Option<js_sys::Array>,
    /// The tokenizer's in-flight state, until this flow finishes it.
    hold: Hold,
}

impl Flow {
    /// The flow of one call.
    pub(super) fn new(
        core: client::Flow,
        signal: Option<AbortSignal>,
        config: &client::Config,
        headers: js_sys::Array,
        slot: Slot,
    ) -> Self {
        Flow {
            core,
            signal,
            locale: config.locale,
            timeout_ms: config.timeout_ms,
            headers,
            keyed_headers: None,
            hold: Hold::new(slot),
        }
    }

    /// `[method, url, headers, body, timeoutMs]`.
    pub(super) fn request_js(&mut self, request: &Request) -> JsValue {
        let headers = if request.idempotency_key {
            self.keyed_headers
                .get_or_insert_with(|| net::call_headers(&self.headers, true))
                .clone()
        } else {
            self.headers.clone()
        };
        let body = request
            .body
            .as_ref()
            .map_or(JsValue::UNDEFINED, |b| JsValue::from_str(b));
        let list = js_sys::Array::of4(
            &request.method.as_str().into(),
            &request.url.as_str().into(),
            &headers,
            &body,
        );
        list.push(&self.timeout_ms.into());
        list.into()
    }
}

/// A secure token as the page gets it.
pub(super) fn secure_token_js(t: &SecureToken) -> JsValue {
    let card = t.card.as_ref().map_or(JsValue::UNDEFINED, |c| {
        results::token_card(
            c.brand,
            c.komoju_brand.map(str::to_owned),
            &c.last4,
            &c.month,
            &c.year,
        )
    });
    results::secure_token_result(&t.id, t.status.as_str(), &card)
}

/// A Session pay's result as the page gets it.
pub(super) fn session_js(r: &SessionPayResult) -> JsValue {
    let payment = r.payment.as_ref().map_or(JsValue::UNDEFINED, |p| {
        let card = p
            .card
            .as_ref()
            .map_or(JsValue::UNDEFINED, |(brand, last4)| {
                results::payment_card(brand, last4)
            });
        results::payment_result(&p.id, &p.status, &p.kind, &card, p.instructions_url.clone())
    });
    results::session_result(&r.session_id, &r.status, &payment, r.redirect_url.clone())
}

#[wasm_bindgen]
impl Flow {
    /// What the current request's attempt came to (as `Exchange.step`
    /// takes it); returns what to do next, or throws the `TesseraError`.
    pub fn step(
        &mut self,
        status: u16,
        retry_after: Option<String>,
        body: JsValue,
        timed_out: bool,
    ) -> Result<JsValue, JsValue> {
        let outcome = net::outcome(
            status,
            retry_after.as_deref(),
            &body,
            timed_out,
            self.signal.as_ref(),
        );
        let next = self.core.step(outcome, js_sys::Math::random());
        if self.core.is_finished() {
            self.hold.release();
        }
        let pair = |tag: &str, value: &JsValue| js_sys::Array::of2(&tag.into(), value).into();
        match next {
            Ok(Next::Wait(ms)) => Ok(pair("wait", &ms.into())),
            Ok(Next::Send(request)) => Ok(pair("send", &self.request_js(&request))),
            Ok(Next::Challenge {
                url,
                return_url,
                poll,
            }) => Ok(js_sys::Array::of4(
                &"challenge".into(),
                &url.into(),
                &return_url.into(),
                &self.request_js(&poll),
            )
            .into()),
            Ok(Next::Done(Finished::SecureToken(t))) => Ok(pair("done", &secure_token_js(&t))),
            Ok(Next::Done(Finished::Session(r))) => Ok(pair("done", &session_js(&r))),
            Err(e) => Err(error_to_js(&e, self.locale)),
        }
    }

    /// The challenge is over: the request that reads the result.
    pub fn challenged(&mut self) -> Result<JsValue, JsValue> {
        match self.core.challenged() {
            Ok(request) => Ok(self.request_js(&request)),
            Err(e) => Err(error_to_js(&e, self.locale)),
        }
    }

    /// During the challenge: whether a poll's answer (as `step` takes it)
    /// says the challenge is over.
    #[wasm_bindgen(js_name = isFinal)]
    pub fn is_final(
        &self,
        status: u16,
        _retry_after: Option<String>,
        body: JsValue,
        _timed_out: bool,
    ) -> bool {
        self.core
            .is_final(status, (!body.is_undefined()).then_some(&body))
    }
}
