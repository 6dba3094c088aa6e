//! The issuer's 3-D Secure challenge for the Rust client
//! ([`super::client::Tokenizer`]): shown by the caller (a Rust front end owns
//! its UI) with the policy of `showCustom` in `js/bindings/net.js`, or in
//! Tessera's own dialog (`runChallenge` of `js/bindings/challenge.js`, as
//! the JS `Tokenizer` shows it). Either way the challenge only says when to
//! look: the flow then reads the result itself and decides.

use crate::prelude::*;

use super::client_flow::Attempt;
use crate::client::{self, TokenizeError};
use crate::error::ClientCode;
use crate::i18n::Locale;
use alloc::rc::Rc;
use core::cell::RefCell;
use core::future::Future;
use core::pin::Pin;
use core::task::Poll;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{AbortController, AbortSignal, HtmlElement};

/// While the caller shows the challenge, the result is read this often (as
/// `CUSTOM_POLL_MS` in `js/bindings/net.js`).
const CUSTOM_POLL_MS: u32 = 3000;

#[wasm_bindgen::prelude::wasm_bindgen(module = "/js/bindings/challenge.js")]
extern "C" {
    /// The dialog (or redirect) of the JS `Tokenizer`; rejects with a `TesseraError`.
    #[wasm_bindgen(js_name = runChallenge)]
    fn run_challenge(authentication_url: &str, options: &JsValue) -> js_sys::Promise;
}

/// What the caller's `show` is given: the issuer's page to show, where the
/// shopper lands when done, and a signal that aborts when Tessera no longer
/// needs the page (a read said the challenge is over, the call was aborted
/// or dropped): close it then.
#[derive(Debug, Clone)]
pub struct ChallengeRequest {
    /// The issuer's page (`authentication_url`, or the Session's `redirect_url`).
    pub url: String,
    /// Where the issuer sends the shopper back: the order's `return_url`
    /// (secure token), or the page that paid (Session).
    pub return_url: String,
    /// Aborts when the page is no longer needed.
    pub signal: AbortSignal,
    locale: Locale,
}

impl ChallengeRequest {
    /// The error for a shopper who closed the caller's challenge:
    /// `abort_error` / `three_d_secure_cancelled` (what the JS client makes
    /// of a `show` rejection that is not a `TesseraError`).
    pub fn cancelled(&self) -> TokenizeError {
        TokenizeError::client(ClientCode::ThreeDSecureCancelled, self.locale)
    }
}

/// What the caller's `show` returns: resolves when the shopper is done.
pub type ShowFuture = Pin<Box<dyn Future<Output = Result<(), TokenizeError>>>>;

/// The caller's `show`.
pub type Show = Rc<dyn Fn(ChallengeRequest) -> ShowFuture>;

/// Who shows the issuer's challenge, when a card needs one.
#[derive(Clone)]
pub enum Challenge {
    /// Tessera's modal dialog (the JS default, `{ mode: "dialog", container
    /// }`), appended to `container` (default: the document's body). The
    /// return URL must be of this page's origin (only a page has one).
    Dialog {
        /// Where the dialog goes.
        container: Option<HtmlElement>,
    },
    /// The caller shows it (`{ mode: "custom", show }`): `show` resolves when
    /// the shopper is done; `Err` ends the call with that error (return
    /// [`ChallengeRequest::cancelled`] when the shopper cancels). Meanwhile
    /// the result is read every 3 seconds, and when a read says the
    /// challenge is over, the request's signal aborts and the call goes on.
    /// The return URL may be of any origin: the caller reads the return.
    Custom(Show),
}

impl Challenge {
    /// A [`Challenge::Custom`] from an async function.
    pub fn custom<F, Fut>(show: F) -> Challenge
    where
        F: Fn(ChallengeRequest) -> Fut + 'static,
        Fut: Future<Output = Result<(), TokenizeError>> + 'static,
    {
        Challenge::Custom(Rc::new(move |request| Box::pin(show(request))))
    }
}

impl Default for Challenge {
    fn default() -> Self {
        Challenge::Dialog { container: None }
    }
}

impl core::fmt::Debug for Challenge {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Challenge::Dialog { container } => f
                .debug_struct("Dialog")
                .field("container", container)
                .finish(),
            Challenge::Custom(_) => f.write_str("Custom"),
        }
    }
}

/// The options of a call that may need the challenge.
#[derive(Debug, Clone, Default)]
pub struct ChallengeOptions {
    /// Who shows it.
    pub challenge: Challenge,
    /// Aborts the call: its requests, its waits and the challenge.
    pub signal: Option<AbortSignal>,
}

/// The challenge's own signal: aborted when the caller's is, and when the
/// challenge is over however it ends (the future dropped included, so that
/// a dialog never outlives its call).
struct Own {
    controller: AbortController,
    linked: Option<(AbortSignal, Closure<dyn FnMut()>)>,
}

impl Own {
    fn new(caller: Option<&AbortSignal>, locale: Locale) -> Result<Own, TokenizeError> {
        let controller = AbortController::new()
            .map_err(|_| TokenizeError::client(ClientCode::Internal, locale))?;
        let linked = match caller {
            Some(s) if s.aborted() => {
                controller.abort();
                None
            }
            Some(s) => {
                let c = controller.clone();
                let stop = Closure::<dyn FnMut()>::new(move || c.abort());
                let _ = s.add_event_listener_with_callback("abort", stop.as_ref().unchecked_ref());
                Some((s.clone(), stop))
            }
            None => None,
        };
        Ok(Own { controller, linked })
    }

    fn signal(&self) -> AbortSignal {
        self.controller.signal()
    }
}

impl Drop for Own {
    fn drop(&mut self) {
        if let Some((s, stop)) = &self.linked {
            let _ = s.remove_event_listener_with_callback("abort", stop.as_ref().unchecked_ref());
        }
        self.controller.abort();
    }
}

/// Shows the challenge at `url` until the shopper is done or a read of
/// `poll` says it is over. `Ok` means: read the result now.
pub(super) async fn show(
    challenge: &Challenge,
    url: String,
    return_url: String,
    poll: Rc<Attempt>,
    flow: &Rc<RefCell<client::Flow>>,
    config: &client::Config,
    signal: Option<&AbortSignal>,
) -> Result<(), TokenizeError> {
    let locale = config.locale;
    let own = Own::new(signal, locale)?;
    match challenge {
        Challenge::Custom(show) => {
            let shown = show(ChallengeRequest {
                url,
                return_url,
                signal: own.signal(),
                locale,
            });
            let quiet = own.signal();
            let polled = async {
                loop {
                    super::net::sleep(CUSTOM_POLL_MS, Some(&quiet)).await;
                    if quiet.aborted() {
                        return core::future::pending::<()>().await;
                    }
                    // An answer that says nothing (or no answer): not yet.
                    if poll
                        .send(config.timeout_ms, Some(&quiet))
                        .await
                        .is_final(&flow.borrow())
                    {
                        return;
                    }
                }
            };
            match first_of(shown, polled).await {
                // Aborted meanwhile: the next attempt reports it.
                Some(Err(e)) if !signal.is_some_and(AbortSignal::aborted) => Err(e),
                _ => Ok(()),
            }
        }
        Challenge::Dialog { container } => {
            let options = js_sys::Object::new();
            let set = |key: &str, value: &JsValue| {
                let _ = js_sys::Reflect::set(&options, &key.into(), value);
            };
            set("mode", &"dialog".into());
            if let Some(c) = container {
                set("container", c);
            }
            set("locale", &locale.as_str().into());
            set("returnUrl", &return_url.into());
            set("signal", &own.signal());
            let (timeout_ms, flow) = (config.timeout_ms, flow.clone());
            let ask = Closure::<dyn FnMut(JsValue) -> js_sys::Promise>::new(move |s: JsValue| {
                let (poll, flow) = (poll.clone(), flow.clone());
                let s = s.dyn_into::<AbortSignal>().ok();
                wasm_bindgen_futures::future_to_promise(async move {
                    let read = poll.send(timeout_ms, s.as_ref()).await;
                    Ok(read.is_final(&flow.borrow()).into())
                })
            });
            set("poll", ask.as_ref());
            let shown = wasm_bindgen_futures::JsFuture::from(run_challenge(&url, &options)).await;
            drop(own);
            drop(ask);
            shown.map(drop).map_err(|e| from_js(&e, locale))
        }
    }
}

/// `Some(a)` when `a` finishes first, `None` when `b` does.
async fn first_of<A: Future, B: Future<Output = ()>>(a: A, b: B) -> Option<A::Output> {
    let mut a = core::pin::pin!(a);
    let mut b = core::pin::pin!(b);
    core::future::poll_fn(move |cx| {
        if let Poll::Ready(out) = a.as_mut().poll(cx) {
            return Poll::Ready(Some(out));
        }
        b.as_mut().poll(cx).map(|()| None)
    })
    .await
}

/// The `TesseraError` `runChallenge` rejects with (`three_d_secure_cancelled`,
/// `aborted`, `timeout`, `invalid_option`), as the Rust error of its code.
fn from_js(e: &JsValue, locale: Locale) -> TokenizeError {
    let text = |key: &str| {
        js_sys::Reflect::get(e, &key.into())
            .ok()
            .and_then(|v| v.as_string())
    };
    let code = text("code").and_then(|c| ClientCode::ALL.into_iter().find(|k| k.as_str() == c));
    match code {
        Some(code) => TokenizeError::new(
            code.error_type(),
            code,
            text("message").unwrap_or_else(|| code.message(locale).into()),
        ),
        None => TokenizeError::client(ClientCode::Internal, locale),
    }
}
