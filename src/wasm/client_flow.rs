//! The Rust client's calls of several requests (a secure token, a Session
//! pay): the loop of `drive` in `js/bindings/net.js`, in Rust. The core
//! [`client::Flow`] decides every step; this only sends its requests through
//! the same attempt, waits, and shows the challenge
//! ([`super::client_challenge`]).

use super::client_challenge::{show, Challenge};
use super::net;
use crate::client::{self, Finished, Method, Next, Request, TokenizeError};
use alloc::rc::Rc;
use core::cell::RefCell;
use wasm_bindgen::JsValue;
use web_sys::AbortSignal;

/// One request as the JS attempt takes it. The body (it may hold the card)
/// is a JS string only: the core's copy is wiped as its request drops.
pub(super) struct Attempt {
    method: Method,
    url: JsValue,
    headers: JsValue,
    body: JsValue,
}

impl Attempt {
    /// One attempt, and what it came to.
    pub(super) async fn send(
        &self,
        timeout_ms: u32,
        signal: Option<&AbortSignal>,
    ) -> net::Attempted {
        net::send(
            self.method,
            &self.url,
            &self.headers,
            &self.body,
            timeout_ms,
            signal,
        )
        .await
    }
}

/// The requests of one call as JS values: every request with an
/// `idempotency_key` carries the call's one key (as `Flow::request_js` in
/// `src/wasm/flow.rs`).
struct Requests {
    headers: js_sys::Array,
    keyed: Option<js_sys::Array>,
}

impl Requests {
    fn js(&mut self, request: &Request) -> Attempt {
        let headers = if request.idempotency_key {
            let base = &self.headers;
            self.keyed
                .get_or_insert_with(|| net::call_headers(base, true))
                .clone()
        } else {
            self.headers.clone()
        };
        Attempt {
            method: request.method,
            url: request.url.as_str().into(),
            headers: headers.into(),
            body: request
                .body
                .as_ref()
                .map_or(JsValue::UNDEFINED, |b| JsValue::from_str(b)),
        }
    }
}

/// Runs `core` from its `first` request to its result or its error: waits
/// and sends as it says, and shows the challenge with `challenge`.
pub(super) async fn drive(
    config: &client::Config,
    core: client::Flow,
    first: Request,
    challenge: &Challenge,
    signal: Option<&AbortSignal>,
) -> Result<Finished, TokenizeError> {
    let mut requests = Requests {
        headers: net::request_headers(config),
        keyed: None,
    };
    let mut request = requests.js(&first);
    drop(first);
    let flow = Rc::new(RefCell::new(core));
    loop {
        let attempted = request.send(config.timeout_ms, signal).await;
        let next = flow
            .borrow_mut()
            .step(attempted.outcome(signal), js_sys::Math::random())?;
        match next {
            // An abort during the wait is reported by the next attempt.
            Next::Wait(ms) => net::sleep(ms, signal).await,
            Next::Send(next) => request = requests.js(&next),
            Next::Challenge {
                url,
                return_url,
                poll,
            } => {
                let poll = Rc::new(requests.js(&poll));
                show(challenge, url, return_url, poll, &flow, config, signal).await?;
                let read = flow.borrow_mut().challenged()?;
                request = requests.js(&read);
            }
            Next::Done(finished) => return Ok(finished),
        }
    }
}
