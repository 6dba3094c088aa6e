//! The `Exchange` class: one `createToken` call as its JS driver (`send` in
//! `js/net.js`) sees it. The driver reports what each attempt came to; the
//! exchange answers with the token result, a wait in milliseconds, or throws
//! the `TesseraError`. Internal: the package entry does not export it.

use crate::prelude::*;

use super::tokenizer::{error_to_js, Slot};
use crate::client::{self, transport, Step, Token};
use crate::i18n::Locale;
use wasm_bindgen::prelude::*;
use web_sys::AbortSignal;

/// One tokenization in flight (internal to Tessera's JS driver).
#[wasm_bindgen(skip_typescript)]
pub struct Exchange {
    core: client::Exchange,
    /// The caller's signal: an attempt with no answer after it aborted is an abort.
    signal: Option<AbortSignal>,
    locale: Locale,
    /// The tokenizer's in-flight slot, until this exchange frees it.
    slot: Option<Slot>,
}

impl Exchange {
    pub(super) fn new(
        core: client::Exchange,
        signal: Option<AbortSignal>,
        locale: Locale,
        slot: Slot,
    ) -> Self {
        Exchange {
            core,
            signal,
            locale,
            slot: Some(slot),
        }
    }

    /// Frees the tokenizer for the next call (once: a later call's slot is
    /// never touched).
    fn release(&mut self) {
        if let Some(slot) = self.slot.take() {
            if let Ok(mut slot) = slot.try_borrow_mut() {
                slot.take();
            }
        }
    }
}

impl Drop for Exchange {
    fn drop(&mut self) {
        self.release();
    }
}

#[wasm_bindgen]
impl Exchange {
    /// What an attempt came to: `status` (0 when there was no answer), the
    /// `Retry-After` header, the body parsed as JSON (`undefined` when it was
    /// not JSON) and whether the attempt's deadline passed. Returns the token
    /// result, or the milliseconds to wait before the next attempt; throws the
    /// `TesseraError`.
    pub fn step(
        &mut self,
        status: u16,
        retry_after: Option<String>,
        body: JsValue,
        timed_out: bool,
    ) -> Result<JsValue, JsValue> {
        let outcome = transport::outcome(
            status,
            retry_after.as_deref(),
            &body,
            timed_out,
            self.signal.as_ref(),
        );
        let step = self.core.step(outcome, js_sys::Math::random());
        if self.core.is_finished() {
            self.release();
        }
        match step {
            Ok(Step::Done(token)) => Ok(token_js(&token)),
            Ok(Step::Retry { after_ms }) => Ok(after_ms.into()),
            Err(e) => Err(error_to_js(&e, self.locale)),
        }
    }
}

fn token_js(token: &Token) -> JsValue {
    let card = token.card.as_ref().map_or(JsValue::UNDEFINED, |c| {
        super::results::token_card(
            c.brand,
            c.komoju_brand.map(str::to_owned),
            &c.last4,
            &c.month,
            &c.year,
        )
    });
    super::results::token_result(&token.id, &token.created_at, &token.kind, &card)
}
