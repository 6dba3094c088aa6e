//! The `Tokenizer` class: options in, a `Promise<TokenResult>` out, sans IO.
//! `createToken` validates and builds the request here, then hands it to the
//! JS driver (`send` in `js/bindings/net.js`), which does the fetches and the waits
//! and asks an [`Exchange`] (Rust) what each attempt came to. No Rust future
//! on this path.

use crate::prelude::*;

use super::error::{error_to_js, js_error};
use super::exchange::{Call, Exchange, Slot};
use super::flow::Flow;
use super::net;
use super::options::{self, current_month, get};
use super::results::{challenge_options, is_top_window, page_href, page_origin};
use super::validate::raw_details;
use crate::client::config::{MAX_RETRIES, MAX_TIMEOUT_MS};
use crate::client::secure_token::{origin_of, prepare_secure_token, Order};
use crate::client::session::{prepare_pay, FraudDetails};
use crate::client::{self, prepare, Admission, Config, InFlight, TokenizeError};
use crate::error::ClientCode;
use crate::i18n::Locale;
use alloc::rc::Rc;
use core::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::AbortSignal;
use zeroize::Zeroizing;

/// Reads the constructor's options into a checked [`Config`] (the checks
/// and limits are the config's; this only reads JS values).
fn config_from(options: &JsValue) -> Result<Config, JsValue> {
    if !options.is_object() {
        return Err(js_error(
            ClientCode::InvalidPublishableKey,
            "new Tokenizer({ publishableKey: \"pk_…\" }) needs an options object.",
        ));
    }
    let key = options::opt_string(options, "publishableKey")?.unwrap_or_default();
    let to_js = |e: TokenizeError| error_to_js(&e, Locale::En);
    let mut config = Config::new(&key).map_err(to_js)?;
    if let Some(base) = options::opt_string(options, "apiBase")? {
        config = config.with_api_base(&base).map_err(to_js)?;
    }
    config.locale = options::locale(options)?;
    if let Some(ms) = options::opt_uint(options, "timeoutMs", MAX_TIMEOUT_MS)? {
        config = config.with_timeout_ms(ms);
    }
    if let Some(n) = options::opt_uint(options, "maxRetries", MAX_RETRIES)? {
        config = config.with_max_retries(n);
    }
    // Tokens and secure tokens carry a key only when asked; pays always,
    // unless the page said `idempotency: false` (see `Config::pay_idempotency`).
    let idempotency = options::opt_bool(options, "idempotency")?;
    config.idempotency = idempotency.unwrap_or(false);
    config.pay_idempotency = idempotency.unwrap_or(true);
    if let Some(version) = options::opt_string(options, "apiVersion")? {
        config = config.with_api_version(&version).map_err(to_js)?;
    }
    let brands = get(options, "brands");
    if !brands.is_undefined() && !brands.is_null() {
        let list: Vec<String> = js_sys::Array::is_array(&brands)
            .then(|| {
                js_sys::Array::from(&brands)
                    .iter()
                    .map(|b| b.as_string())
                    .collect::<Option<Vec<_>>>()
            })
            .flatten()
            .ok_or_else(|| {
                js_error(
                    ClientCode::InvalidOption,
                    "Option `brands` must be an array of brand names.",
                )
            })?;
        config = config.with_brands(list).map_err(to_js)?;
    }
    Ok(config)
}

/// The `signal` option: an `AbortSignal` or nothing.
fn signal_of(options: &JsValue) -> Result<Option<AbortSignal>, JsValue> {
    let signal = get(options, "signal");
    if signal.is_undefined() || signal.is_null() {
        Ok(None)
    } else if net::is_abort_signal(&signal) {
        Ok(Some(signal.unchecked_into::<AbortSignal>()))
    } else {
        Err(js_error(
            ClientCode::InvalidOption,
            "Option `signal` must be an AbortSignal.",
        ))
    }
}

#[wasm_bindgen(module = "/js/bindings/net.js")]
extern "C" {
    /// Drives one tokenization (fetch, deadlines, waits) and hands every
    /// attempt's outcome to `exchange`; resolves or rejects with its result.
    /// Drives a call of several requests (a secure token, a Session pay, a
    /// resume), the issuer's challenge included; resolves or rejects with
    /// its result.
    fn drive(
        flow: Flow,
        request: &JsValue,
        challenge: &JsValue,
        signal: Option<AbortSignal>,
    ) -> js_sys::Promise;
    fn send(
        exchange: Exchange,
        method: &str,
        url: &JsValue,
        headers: &JsValue,
        body: &JsValue,
        timeout_ms: u32,
        signal: Option<AbortSignal>,
    ) -> js_sys::Promise;
}

/// Tokenizes payment details against a KOMOJU-compatible tokens endpoint with
/// the merchant's publishable key, and hands back only the token ID (plus brand
/// and last four digits for cards).
///
/// ```js
/// const tokenizer = new Tokenizer({ publishableKey: "pk_live_…" });
/// const token = await tokenizer.createToken({
///   number: "4111 1111 1111 1111", expiry: "12 / 29", verification_value: "123", name: "TARO YAMADA",
/// }, { currency: "JPY" });
/// await fetch("/orders", { method: "POST", body: JSON.stringify({ token: token.id }) });
/// ```
#[wasm_bindgen]
pub struct Tokenizer {
    config: Config,
    /// The tokens URL and the headers of every request, as JS values once.
    url: JsValue,
    headers: js_sys::Array,
    in_flight: Slot,
}

#[wasm_bindgen]
impl Tokenizer {
    /// Checks the options before any network use: a secret key
    /// (`secret_key_in_browser`), a key that is not publishable
    /// (`invalid_publishable_key`) and a plain-http API base other than
    /// loopback (`insecure_api_base`) throw an `integration_error`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "TokenizerOptions")] options: JsValue,
    ) -> Result<Tokenizer, JsValue> {
        let config = config_from(&options)?;
        Ok(Tokenizer {
            url: config.tokens_url().into(),
            headers: net::request_headers(&config),
            config,
            in_flight: Rc::new(RefCell::new(InFlight::Idle)),
        })
    }

    /// Validates `details` and posts them to `{apiBase}/api/v1/tokens`. Rejects
    /// with a `TesseraError`: `validation_error` (no request made), or the
    /// API's and the network's failures. Calling it again with the same details
    /// while a call is in flight returns the same promise (a double-clicked Pay
    /// button makes one request); other details reject with
    /// `tokenization_in_progress`.
    #[wasm_bindgen(js_name = createToken, unchecked_return_type = "Promise<TokenResult>")]
    pub fn create_token(
        &self,
        #[wasm_bindgen(unchecked_param_type = "PaymentDetails")] details: JsValue,
        #[wasm_bindgen(unchecked_param_type = "CreateTokenOptions | undefined")] options: JsValue,
    ) -> js_sys::Promise {
        match self.start(details, &options) {
            Ok(promise) => promise,
            Err(error) => js_sys::Promise::reject(&error),
        }
    }

    /// The direct route with 3-D Secure: validates `card` (cards only, the
    /// rules of `createToken`) and the order, posts them to
    /// `{apiBase}/api/v1/secure_tokens`, shows the issuer's challenge when
    /// the card needs one (a dialog by default; `challenge: { mode:
    /// "redirect" }` leaves the page, see `resume`), and resolves only with a
    /// token that is `OK` or `SKIPPED`. Rejects `card_error` /
    /// `three_d_secure_failed` or `three_d_secure_expired`, `abort_error` /
    /// `three_d_secure_cancelled` when the shopper closes the dialog.
    ///
    /// ```js
    /// const token = await tokenizer.createSecureToken(card, {
    ///   amount: 1500, currency: "JPY", returnUrl: `${location.origin}/checkout`,
    /// });
    /// await fetch("/orders", { method: "POST", body: JSON.stringify({ token: token.id }) });
    /// ```
    #[wasm_bindgen(js_name = createSecureToken, unchecked_return_type = "Promise<SecureTokenResult>")]
    pub fn create_secure_token(
        &self,
        #[wasm_bindgen(unchecked_param_type = "CardDetails")] card: JsValue,
        #[wasm_bindgen(unchecked_param_type = "CreateSecureTokenOptions")] options: JsValue,
    ) -> js_sys::Promise {
        self.start_secure_token(card, &options)
            .unwrap_or_else(|error| js_sys::Promise::reject(&error))
    }

    /// KOMOJU's recommended route: pays the Session `sessionId` (created by
    /// the merchant's server) with `details` of any payment type, posted to
    /// `{apiBase}/api/v1/sessions/{id}/pay`. A card that needs 3-D Secure is
    /// challenged, then the Session is read; an offsite method resolves with
    /// `redirectUrl` for the page to visit. A decline rejects `card_error`
    /// with KOMOJU's code and `declineCode` (the Session may be paid again).
    /// Every attempt of a pay carries one idempotency key unless the
    /// tokenizer was made with `idempotency: false`; then it is sent once,
    /// and a lost answer rejects `api_connection_error` / `outcome_unknown`.
    ///
    /// ```js
    /// const result = await tokenizer.paySession(session.id, card);
    /// if (result.status === "completed") location.assign("/thanks");
    /// ```
    #[wasm_bindgen(js_name = paySession, unchecked_return_type = "Promise<SessionPayResult>")]
    pub fn pay_session(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] session_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "PaymentDetails")] details: JsValue,
        #[wasm_bindgen(unchecked_param_type = "PaySessionOptions | undefined")] options: JsValue,
    ) -> js_sys::Promise {
        self.start_pay(session_id, details, &options)
            .unwrap_or_else(|error| js_sys::Promise::reject(&error))
    }

    /// After a full-page redirect to the issuer (`challenge: { mode:
    /// "redirect" }`): finds `secure_token_id` or `session_id` in `url`
    /// (default `location.href`) and reads the result as `createSecureToken`
    /// or `paySession` would have. Resolves `null` when the URL names
    /// neither, and inside a frame (the return page loads briefly in the
    /// challenge dialog's frame).
    ///
    /// ```js
    /// const result = await tokenizer.resume();
    /// if (result) finishOrder(result);
    /// ```
    #[wasm_bindgen(unchecked_return_type = "Promise<SecureTokenResult | SessionPayResult | null>")]
    pub fn resume(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | undefined")] url: JsValue,
    ) -> js_sys::Promise {
        self.start_resume(url)
            .unwrap_or_else(|error| js_sys::Promise::reject(&error))
    }
}

/// The same request while a call is in flight shares it: a JS string of
/// the URL and the body (the body holds the card; the Rust copy is wiped).
fn in_flight_key(url: &str, body: &str) -> JsValue {
    let key = Zeroizing::new([url, "\n", body].concat());
    JsValue::from_str(&key)
}

impl Tokenizer {
    fn to_js(&self) -> impl Fn(TokenizeError) -> JsValue + '_ {
        move |e| error_to_js(&e, self.config.locale)
    }

    /// Starts `core` unless another call is in flight (the same request
    /// shares its promise).
    fn run_flow(
        &self,
        key: JsValue,
        core: client::Flow,
        first: &client::Request,
        challenge: &JsValue,
        signal: Option<AbortSignal>,
    ) -> Result<js_sys::Promise, JsValue> {
        match self.in_flight.borrow_mut().admit(key) {
            Admission::Start => {}
            Admission::Share(promise) => return Ok(promise),
            Admission::Refuse(e) => return Err(error_to_js(&e, self.config.locale)),
        }
        let mut flow = Flow::new(
            core,
            signal.clone(),
            &self.config,
            self.headers.clone(),
            self.in_flight.clone(),
        );
        let request = flow.request_js(first);
        let promise = drive(flow, &request, challenge, signal);
        self.in_flight.borrow_mut().sending(promise.clone());
        Ok(promise)
    }

    /// The `challenge` option: `{ mode: "dialog", container? }` (default),
    /// `{ mode: "redirect" }`, or `{ mode: "custom", show }` (the caller
    /// shows the issuer's page: `show(url, { returnUrl, signal })` resolves
    /// when the shopper is done; Tessera card fields use it to have the
    /// merchant's page show the dialog), as the options the JS driver takes.
    fn challenge(&self, options: &JsValue) -> Result<(&'static str, JsValue), JsValue> {
        let c = get(options, "challenge");
        let (mode, extra) = if c.is_undefined() || c.is_null() {
            ("dialog", JsValue::UNDEFINED)
        } else if !c.is_object() {
            return Err(js_error(
                ClientCode::InvalidOption,
                "Option `challenge` must be { mode: \"dialog\", container? }, { mode: \"redirect\" } or { mode: \"custom\", show }.",
            ));
        } else {
            match options::opt_string(&c, "mode")?.as_deref() {
                None | Some("dialog") => ("dialog", get(&c, "container")),
                Some("redirect") => ("redirect", JsValue::UNDEFINED),
                Some("custom") => {
                    let show = get(&c, "show");
                    if !show.is_function() {
                        return Err(js_error(
                            ClientCode::InvalidOption,
                            "Option `challenge.show` must be a function (url, { returnUrl, signal }) => Promise.",
                        ));
                    }
                    ("custom", show)
                }
                Some(_) => {
                    return Err(js_error(
                        ClientCode::InvalidOption,
                        "Option `challenge.mode` must be \"dialog\", \"redirect\" or \"custom\".",
                    ))
                }
            }
        };
        let locale = self.config.locale.as_str();
        Ok((mode, challenge_options(mode, &extra, locale)))
    }

    fn start_secure_token(
        &self,
        card: JsValue,
        options: &JsValue,
    ) -> Result<js_sys::Promise, JsValue> {
        let to_js = self.to_js();
        let raw = raw_details(card)?;
        if !options.is_object() {
            return Err(js_error(
                ClientCode::InvalidOption,
                "createSecureToken needs options { amount, currency, returnUrl }.",
            ));
        }
        let signal = signal_of(options)?;
        let (mode, challenge) = self.challenge(options)?;
        let amount = get(options, "amount").as_f64().unwrap_or(f64::NAN);
        let currency = options::opt_string(options, "currency")?.unwrap_or_default();
        let return_url = options::opt_string(options, "returnUrl")?.unwrap_or_default();
        let order = Order {
            amount,
            currency: &currency,
            return_url: &return_url,
        };
        let today = current_month().map_err(&to_js)?;
        let prepared = prepare_secure_token(&self.config, &raw, &order, today).map_err(&to_js)?;
        drop(raw);
        // The shopper comes back to this page's origin: in a dialog the
        // frame's arrival there is read, and a redirect returns to a page
        // that can call resume() here. Only a page knows its origin; outside
        // one (Node) only the redirect mode is accepted, and a card that
        // needs a challenge then fails as it is shown. In the custom mode the
        // caller shows the issuer's page and reads the return, so the URL is
        // the caller's (the card fields: the merchant's page, whose origin
        // is not this frame's; tessera/fields checks it there).
        let same_origin = page_origin().map(|o| origin_of(&prepared.return_url) == Some(o));
        if mode != "custom"
            && (same_origin == Some(false) || (mode == "dialog" && same_origin.is_none()))
        {
            return Err(js_error(
                ClientCode::InvalidOption,
                "Option `returnUrl` must be of this page's origin.",
            ));
        }
        let (core, first) = client::Flow::secure_token(&self.config, prepared);
        let key = in_flight_key(&first.url, first.body.as_deref().map_or("", |b| b));
        self.run_flow(key, core, &first, &challenge, signal)
    }

    fn start_pay(
        &self,
        session_id: JsValue,
        details: JsValue,
        options: &JsValue,
    ) -> Result<js_sys::Promise, JsValue> {
        let to_js = self.to_js();
        let session_id = session_id.as_string().ok_or_else(|| {
            js_error(
                ClientCode::InvalidArgument,
                "The session ID must be a string.",
            )
        })?;
        let raw = raw_details(details)?;
        let signal = signal_of(options)?;
        let (_, challenge) = self.challenge(options)?;
        let capture = options::opt_string(options, "capture")?;
        let fraud = get(options, "fraudDetails");
        let fraud = if fraud.is_undefined() || fraud.is_null() {
            None
        } else {
            let mut pairs = Vec::new();
            for key in js_sys::Object::keys(&fraud.clone().into()).iter() {
                let name = key.as_string().unwrap_or_default();
                let value = options::opt_string(&fraud, &name)?.unwrap_or_default();
                let known = FraudDetails::KEYS.iter().find(|k| **k == name);
                pairs.push((known.copied().unwrap_or("?"), value));
            }
            Some(FraudDetails::from_pairs(pairs).map_err(&to_js)?)
        };
        let today = current_month().map_err(&to_js)?;
        let prepared = prepare_pay(
            &self.config,
            &session_id,
            &raw,
            capture.as_deref(),
            fraud.as_ref(),
            today,
        )
        .map_err(&to_js)?;
        drop(raw);
        let page = page_href().unwrap_or_default();
        let (core, first) =
            client::Flow::pay(&self.config, prepared, self.config.pay_idempotency, &page);
        let key = in_flight_key(&first.url, first.body.as_deref().map_or("", |b| b));
        self.run_flow(key, core, &first, &challenge, signal)
    }

    fn start_resume(&self, url: JsValue) -> Result<js_sys::Promise, JsValue> {
        let url = if url.is_undefined() || url.is_null() {
            page_href()
        } else {
            Some(url.as_string().ok_or_else(|| {
                js_error(
                    ClientCode::InvalidArgument,
                    "resume(url) takes a URL string.",
                )
            })?)
        };
        let returned = url.as_deref().and_then(client::flow::returned);
        let Some(returned) = returned.filter(|_| is_top_window()) else {
            return Ok(js_sys::Promise::resolve(&JsValue::NULL));
        };
        let (core, first) = client::Flow::resume(&self.config, returned);
        let key = in_flight_key(&first.url, "");
        self.run_flow(key, core, &first, &JsValue::UNDEFINED, None)
    }

    fn start(&self, details: JsValue, options: &JsValue) -> Result<js_sys::Promise, JsValue> {
        let locale = self.config.locale;
        let raw = raw_details(details)?;
        let currency = options::opt_string(options, "currency")?;
        let signal = signal_of(options)?;
        let today = current_month().map_err(|e| error_to_js(&e, locale))?;
        let prepared = prepare(&self.config, &raw, currency.as_deref(), today)
            .map_err(|e| error_to_js(&e, locale))?;
        drop(raw);
        // The JS string is what is sent and compared; the Rust buffer is
        // wiped as `prepared` drops.
        let body = JsValue::from_str(&prepared.body);
        let answer = prepared.answer;

        match self.in_flight.borrow_mut().admit(body.clone()) {
            Admission::Start => {}
            Admission::Share(promise) => return Ok(promise),
            Admission::Refuse(e) => return Err(error_to_js(&e, locale)),
        }
        let headers = net::call_headers(&self.headers, self.config.idempotency);
        let core = Call::Token(client::Exchange::new(&self.config, answer));
        let exchange = Exchange::new(core, signal.clone(), locale, self.in_flight.clone());
        let promise = send(
            exchange,
            client::Method::Post.as_str(),
            &self.url,
            &headers,
            &body,
            self.config.timeout_ms,
            signal,
        );
        self.in_flight.borrow_mut().sending(promise.clone());
        Ok(promise)
    }
}
