//! Result objects, built by `js/bindings/results.js` in one call each.

use crate::prelude::*;

use crate::card::Brand;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/bindings/results.js")]
extern "C" {
    #[wasm_bindgen(js_name = numberResult)]
    pub fn number_result(brand: &JsValue, is_potentially_valid: bool, is_valid: bool) -> JsValue;
    #[wasm_bindgen(js_name = checkResult)]
    pub fn check_result(is_valid: bool, is_potentially_valid: bool) -> JsValue;
    #[wasm_bindgen(js_name = expiryResult)]
    /// `month` and `year` are 0 when not known; JS writes them as "MM" and "YYYY".
    pub fn expiry_result(
        is_valid: bool,
        is_potentially_valid: bool,
        month: u8,
        year: u16,
    ) -> JsValue;
    pub fn formatted(value: &str, caret: u32) -> JsValue;
    #[wasm_bindgen(js_name = validationResult)]
    pub fn validation_result(is_valid: bool, errors: &js_sys::Array) -> JsValue;
    #[wasm_bindgen(js_name = tokenResult)]
    pub fn token_result(id: &str, created_at: &str, kind: &str, card: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = tokenCard)]
    pub fn token_card(
        brand: &str,
        komoju_brand: Option<String>,
        last4: &str,
        month: &str,
        year: &str,
    ) -> JsValue;
    #[wasm_bindgen(js_name = secureTokenResult)]
    pub fn secure_token_result(id: &str, verification_status: &str, card: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = paymentCard)]
    pub fn payment_card(brand: &str, last4: &str) -> JsValue;
    #[wasm_bindgen(js_name = paymentResult)]
    pub fn payment_result(
        id: &str,
        status: &str,
        kind: &str,
        card: &JsValue,
        instructions_url: Option<String>,
    ) -> JsValue;
    #[wasm_bindgen(js_name = sessionResult)]
    pub fn session_result(
        session_id: &str,
        status: &str,
        payment: &JsValue,
        redirect_url: Option<String>,
    ) -> JsValue;
    /// `{ mode, container?, locale }` for the challenge, or `{ mode:
    /// "custom", show, locale }` (`extra` is the container or `show`).
    #[wasm_bindgen(js_name = challengeOptions)]
    pub fn challenge_options(mode: &str, extra: &JsValue, locale: &str) -> JsValue;
    /// `location.origin`, `location.href` and whether this is the top
    /// window, or `undefined` / `true` outside a page.
    #[wasm_bindgen(js_name = pageOrigin)]
    pub fn page_origin() -> Option<String>;
    #[wasm_bindgen(js_name = pageHref)]
    pub fn page_href() -> Option<String>;
    #[wasm_bindgen(js_name = isTopWindow)]
    pub fn is_top_window() -> bool;
    #[wasm_bindgen(js_name = cachedBrand)]
    fn cached_brand(index: u32) -> JsValue;
    #[wasm_bindgen(js_name = brandObject)]
    fn brand_object(
        index: u32,
        kind: &str,
        nice_type: &str,
        komoju: Option<String>,
        lengths: &[u8],
        gaps: &[u8],
        code_name: &str,
        code_size: u8,
    ) -> JsValue;
}

/// The frozen JS object for `brand`, made on first use and then shared
/// (brand objects are immutable; `js/bindings/results.js` keeps them by index).
pub fn brand_js(brand: &'static Brand) -> JsValue {
    let index = Brand::all()
        .iter()
        .position(|b| core::ptr::eq(b, brand))
        .unwrap_or(0) as u32;
    let cached = cached_brand(index);
    if !cached.is_undefined() {
        return cached;
    }
    let b = brand;
    brand_object(
        index,
        b.kind,
        b.nice_type,
        b.komoju.map(str::to_owned),
        b.lengths,
        b.gaps,
        b.code.name,
        b.code.size,
    )
}
