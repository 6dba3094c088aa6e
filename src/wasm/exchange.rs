//! The `Exchange` class: one call as its JS driver (`send` in
//! `js/bindings/net.js`) sees it. The driver reports what each attempt came
//! to; the exchange answers with the call's result, a wait in milliseconds,
//! or throws the `TesseraError`. Internal: the package entry does not export it.
//!
//! Any call of the API goes through this one class: its core exchange
//! ([`crate::client::Exchange`] with the call's answer reader, one variant
//! of [`Call`]) and how its result becomes a JS value ([`ToJs`]).

use crate::prelude::*;

use super::error::error_to_js;
use super::net;
use crate::client::{self, InFlight, Step, Token, TokenAnswer};
use crate::i18n::Locale;
use alloc::rc::Rc;
use core::cell::RefCell;
use wasm_bindgen::prelude::*;
use web_sys::AbortSignal;

/// A tokenizer's in-flight state (the request body as a JS string, and the
/// promise that callers with the same body share), shared with the exchange
/// that finishes it.
pub(super) type Slot = Rc<RefCell<InFlight<JsValue, js_sys::Promise>>>;

/// A call's hold on its tokenizer's in-flight state: released once, when the
/// call finishes or is dropped (a later call's state is never touched).
pub(super) struct Hold(Option<Slot>);

impl Hold {
    pub(super) fn new(slot: Slot) -> Self {
        Hold(Some(slot))
    }

    /// Frees the tokenizer for the next call.
    pub(super) fn release(&mut self) {
        if let Some(slot) = self.0.take() {
            if let Ok(mut state) = slot.try_borrow_mut() {
                state.finish();
            }
        }
    }
}

impl Drop for Hold {
    fn drop(&mut self) {
        self.release();
    }
}

/// A call's result as JavaScript gets it.
pub(super) trait ToJs {
    /// The JS value.
    fn to_js(&self) -> JsValue;
}

impl ToJs for Token {
    fn to_js(&self) -> JsValue {
        let card = self.card.as_ref().map_or(JsValue::UNDEFINED, |c| {
            super::results::token_card(
                c.brand,
                c.komoju_brand.map(str::to_owned),
                &c.last4,
                &c.month,
                &c.year,
            )
        });
        super::results::token_result(&self.id, &self.created_at, &self.kind, &card)
    }
}

/// The core exchange of each call the JS API makes: one variant per call
/// (an enum, not a `dyn`: an indirect call would keep a function table, and
/// with it every address-taken function, in the `.wasm`).
pub(super) enum Call {
    /// `POST /api/v1/tokens`.
    Token(client::Exchange<TokenAnswer>),
}

fn to_js<T: ToJs>(
    step: Result<Step<T>, client::TokenizeError>,
) -> Result<Step<JsValue>, client::TokenizeError> {
    Ok(match step? {
        Step::Done(output) => Step::Done(output.to_js()),
        Step::Retry { after_ms } => Step::Retry { after_ms },
    })
}

impl Call {
    fn step(
        &mut self,
        outcome: client::Outcome<'_, JsValue>,
    ) -> Result<Step<JsValue>, client::TokenizeError> {
        let random = js_sys::Math::random();
        match self {
            Call::Token(x) => to_js(x.step(outcome, random)),
        }
    }

    fn is_finished(&self) -> bool {
        match self {
            Call::Token(x) => x.is_finished(),
        }
    }
}

/// One call in flight (internal to Tessera's JS driver).
#[wasm_bindgen(skip_typescript)]
pub struct Exchange {
    core: Call,
    /// The caller's signal: an attempt with no answer after it aborted is an abort.
    signal: Option<AbortSignal>,
    locale: Locale,
    /// The tokenizer's in-flight state, until this exchange finishes it.
    hold: Hold,
}

impl Exchange {
    /// The exchange of one call.
    pub(super) fn new(core: Call, signal: Option<AbortSignal>, locale: Locale, slot: Slot) -> Self {
        Exchange {
            core,
            signal,
            locale,
            hold: Hold::new(slot),
        }
    }
}

#[wasm_bindgen]
impl Exchange {
    /// What an attempt came to: `status` (0 when there was no answer), the
    /// `Retry-After` header, the body parsed as JSON (`undefined` when it was
    /// not JSON) and whether the attempt's deadline passed. Returns the
    /// result, or the milliseconds to wait before the next attempt; throws the
    /// `TesseraError`.
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
        let step = self.core.step(outcome);
        if self.core.is_finished() {
            self.hold.release();
        }
        match step {
            Ok(Step::Done(result)) => Ok(result),
            Ok(Step::Retry { after_ms }) => Ok(after_ms.into()),
            Err(e) => Err(error_to_js(&e, self.locale)),
        }
    }
}
