//! The `Tokenizer` class: options in, a `Promise<TokenResult>` out, sans IO.
//! `createToken` validates and builds the request here, then hands it to the
//! JS driver (`send` in `js/net.js`), which does the fetches and the waits
//! and asks an [`Exchange`] (Rust) what each attempt came to. No Rust future
//! on this path.

use crate::prelude::*;

use super::error::js_error_with;
use super::exchange::Exchange;
use super::options::{self, get};
use super::validate::raw_details;
use crate::card::Brand;
use crate::client::tokenizer::{current_month, prepare, Prepared};
use crate::client::{self, transport, Config, ErrorKind, TokenizeError};
use crate::i18n::Locale;
use alloc::rc::Rc;
use core::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::AbortSignal;

/// A `TokenizeError` as a `TesseraError`.
pub fn error_to_js(e: &TokenizeError, locale: Locale) -> JsValue {
    let extra = super::error::error_extra(
        e.field.as_deref().map(str::to_owned),
        e.status,
        e.retry_after,
        (!e.errors.is_empty()).then(|| super::error::field_errors(&e.errors, locale)),
    );
    js_error_with(e.kind.as_str(), e.code(), &e.message, &extra)
}

fn integration(code: &'static str, message: &str) -> JsValue {
    error_to_js(
        &TokenizeError::new(ErrorKind::Integration, code, message),
        Locale::En,
    )
}

fn config_from(options: &JsValue) -> Result<Config, JsValue> {
    if !options.is_object() {
        return Err(integration(
            "invalid_publishable_key",
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
    if let Some(ms) = options::opt_uint(options, "timeoutMs", 600_000)? {
        config.timeout_ms = ms.max(1);
    }
    if let Some(n) = options::opt_uint(options, "maxRetries", 10)? {
        config.max_retries = n;
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
                integration(
                    "invalid_option",
                    "Option `brands` must be an array of brand names.",
                )
            })?;
        if let Some(unknown) = list.iter().find(|b| Brand::find(b).is_none()) {
            return Err(integration(
                "invalid_option",
                &["Option `brands` has an unknown brand: \"", unknown, "\"."].concat(),
            ));
        }
        config.brands = Some(list);
    }
    Ok(config)
}

/// What is in flight: the request body and the promise every caller with the
/// same details gets (`None` only while the driver is being started).
pub(super) struct InFlight {
    body: JsValue,
    promise: Option<js_sys::Promise>,
}

/// The tokenizer's one in-flight slot, shared with the exchange that clears it.
pub(super) type Slot = Rc<RefCell<Option<InFlight>>>;

#[wasm_bindgen(module = "/js/net.js")]
extern "C" {
    /// Drives one tokenization (fetch, deadlines, waits) and hands every
    /// attempt's outcome to `exchange`; resolves or rejects with its result.
    fn send(
        exchange: Exchange,
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
            headers: transport::request_headers(&config),
            config,
            in_flight: Rc::new(RefCell::new(None)),
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
        } else if transport::is_abort_signal(&signal) {
            Some(signal.unchecked_into::<AbortSignal>())
        } else {
            return Err(integration(
                "invalid_option",
                "Option `signal` must be an AbortSignal.",
            ));
        };
        let today = current_month().map_err(|e| error_to_js(&e, locale))?;
        let prepared: Prepared = prepare(&self.config, &raw, currency.as_deref(), today)
            .map_err(|e| error_to_js(&e, locale))?;
        drop(raw);

        if let Some(current) = self.in_flight.borrow().as_ref() {
            match &current.promise {
                Some(promise) if current.body == prepared.body => return Ok(promise.clone()),
                _ => {
                    return Err(integration(
                        "tokenization_in_progress",
                        "A tokenization is already in progress: wait for it before submitting another card.",
                    ))
                }
            }
        }
        let headers = transport::call_headers(&self.headers, self.config.idempotency);
        // The slot is taken before the driver starts, so that an exchange
        // that finished at once finds it to clear.
        *self.in_flight.borrow_mut() = Some(InFlight {
            body: prepared.body.clone(),
            promise: None,
        });
        let core = client::Exchange::new(&self.config, prepared.kind, prepared.card);
        let exchange = Exchange::new(core, signal.clone(), locale, self.in_flight.clone());
        let promise = send(
            exchange,
            &self.url,
            &headers,
            &prepared.body,
            self.config.timeout_ms,
            signal,
        );
        if let Some(current) = self.in_flight.borrow_mut().as_mut() {
            current.promise = Some(promise.clone());
        }
        Ok(promise)
    }
}
