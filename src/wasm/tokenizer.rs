//! The `Tokenizer` class: options in, a `Promise<TokenResult>` out, sans IO.
//! `createToken` validates and builds the request here, then hands it to the
//! JS driver (`send` in `js/bindings/net.js`), which does the fetches and the waits
//! and asks an [`Exchange`] (Rust) what each attempt came to. No Rust future
//! on this path.

use crate::prelude::*;

use super::error::{error_to_js, js_error};
use super::exchange::{Call, Exchange, Slot};
use super::net;
use super::options::{self, current_month, get};
use super::validate::raw_details;
use crate::client::config::{MAX_RETRIES, MAX_TIMEOUT_MS};
use crate::client::{self, prepare, Admission, Config, InFlight, TokenizeError};
use crate::error::ClientCode;
use crate::i18n::Locale;
use alloc::rc::Rc;
use core::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::AbortSignal;

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
    config.idempotency = options::opt_bool(options, "idempotency")?.unwrap_or(false);
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

#[wasm_bindgen(module = "/js/bindings/net.js")]
extern "C" {
    /// Drives one tokenization (fetch, deadlines, waits) and hands every
    /// attempt's outcome to `exchange`; resolves or rejects with its result.
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
}

impl Tokenizer {
    fn start(&self, details: JsValue, options: &JsValue) -> Result<js_sys::Promise, JsValue> {
        let locale = self.config.locale;
        let raw = raw_details(details)?;
        let currency = options::opt_string(options, "currency")?;
        let signal = get(options, "signal");
        let signal = if signal.is_undefined() || signal.is_null() {
            None
        } else if net::is_abort_signal(&signal) {
            Some(signal.unchecked_into::<AbortSignal>())
        } else {
            return Err(js_error(
                ClientCode::InvalidOption,
                "Option `signal` must be an AbortSignal.",
            ));
        };
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
