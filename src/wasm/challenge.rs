//! `handleChallenge`: the issuer's 3-D Secure challenge for a challenge the
//! merchant's server started (a saved card's secure token). The UI is
//! `js/bindings/challenge.js`, which the `Tokenizer`'s own challenges use too;
//! this only exports it beside the rest of the API.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/bindings/challenge.js")]
extern "C" {
    #[wasm_bindgen(js_name = handleChallenge)]
    fn handle_challenge_js(authentication_url: &JsValue, options: &JsValue) -> js_sys::Promise;
}

/// Shows the issuer's page at `authenticationUrl` — in a modal dialog
/// (default) or by leaving the page (`mode: "redirect"`) — and resolves with
/// `{ returnedTo }` when the shopper is done. The result proves nothing by
/// itself: the merchant's server then reads the secure token or the Session
/// with the secret key.
///
/// ```js
/// const { returnedTo } = await handleChallenge(secureToken.authentication_url, {
///   returnUrl: `${location.origin}/3ds-return`,
/// });
/// ```
#[wasm_bindgen(js_name = handleChallenge, unchecked_return_type = "Promise<{ returnedTo: string }>")]
pub fn handle_challenge(
    #[wasm_bindgen(unchecked_param_type = "string")] authentication_url: JsValue,
    #[wasm_bindgen(unchecked_param_type = "HandleChallengeOptions")] options: JsValue,
) -> js_sys::Promise {
    handle_challenge_js(&authentication_url, &options)
}
