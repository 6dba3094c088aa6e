//! Cheap crossings for the cheap checks. Crossing into wasm with a string
//! costs an allocation and an encoding, and a result object costs a call
//! back out: for a security code or an expiry that is most of the work. The
//! package entry (`js/tessera.js`) passes a short string as numbers instead
//! (two UTF-16 units per argument, low half first) and gets the verdict back
//! as bits; the rules run here, the same functions as everywhere else.
//! Not part of the API: the entry calls these; pages call `validateCvc` and
//! `validateExpiry`.

use crate::card::{self, Brand};
use crate::date::YearMonth;
use wasm_bindgen::prelude::*;
use zeroize::Zeroizing;

/// Room for the longest text these checks take, in UTF-8 (12 units, each at
/// most 3 bytes).
const MAX_BYTES: usize = 36;

/// Runs `check` on the text of `len` UTF-16 units packed two per word,
/// decoded into a stack buffer that is wiped afterwards (no allocation: that
/// would cost more than the check). `None` when `len` does not fit the words
/// or the units are not valid UTF-16.
fn with_unpacked<T>(len: u32, words: &[u32], check: impl FnOnce(&str) -> T) -> Option<T> {
    let len = len as usize;
    if len > words.len() * 2 {
        return None;
    }
    let units = words
        .iter()
        .flat_map(|&w| [(w & 0xFFFF) as u16, (w >> 16) as u16])
        .take(len);
    let mut buf = Zeroizing::new([0u8; MAX_BYTES]);
    let mut n = 0;
    for c in char::decode_utf16(units) {
        let c = c.ok()?;
        let end = n + c.len_utf8();
        c.encode_utf8(buf.get_mut(n..end)?);
        n = end;
    }
    let text = core::str::from_utf8(buf.get(..n)?).ok()?;
    Some(check(text))
}

/// The index of a brand (its `type` or KOMOJU name) in the table, or -1.
#[doc(hidden)]
#[wasm_bindgen(js_name = __brandIndex)]
pub fn brand_index(name: &str) -> i32 {
    Brand::find(name)
        .and_then(|b| Brand::all().iter().position(|x| core::ptr::eq(x, b)))
        .map_or(-1, |i| i as i32)
}

/// `validateCvc` for a code of up to 8 UTF-16 units: bit 0 `isValid`, bit 1
/// `isPotentiallyValid`. `brand` is a [`brand_index`] (-1: none).
#[doc(hidden)]
#[wasm_bindgen(js_name = __cvcBits)]
pub fn cvc_bits(len: u32, w0: u32, w1: u32, w2: u32, w3: u32, brand: i32) -> u32 {
    let brand = usize::try_from(brand)
        .ok()
        .and_then(|i| Brand::all().get(i));
    with_unpacked(len, &[w0, w1, w2, w3], |value| {
        let check = card::validate_cvc(value, brand);
        u32::from(check.is_valid) | u32::from(check.is_potentially_valid) << 1
    })
    .unwrap_or(0)
}

/// `validateExpiry` of a string of up to 12 UTF-16 units, today being
/// `year`-`month`: bit 0 `isValid`, bit 1 `isPotentiallyValid`, bits 2–5 the
/// month (0: not known), bits 6–19 the year (0: not known). `u32::MAX` when
/// `year`-`month` is not a date (the caller then takes the general path).
#[doc(hidden)]
#[wasm_bindgen(js_name = __expiryBits)]
#[allow(clippy::too_many_arguments)]
pub fn expiry_bits(
    len: u32,
    w0: u32,
    w1: u32,
    w2: u32,
    w3: u32,
    w4: u32,
    w5: u32,
    year: u32,
    month: u32,
) -> u32 {
    let today = u16::try_from(year)
        .ok()
        .zip(u8::try_from(month).ok())
        .and_then(|(y, m)| YearMonth::new(y, m));
    let Some(today) = today else {
        return u32::MAX;
    };
    with_unpacked(len, &[w0, w1, w2, w3, w4, w5], |value| {
        let check = card::validate_expiry(value, &card::ExpiryOptions::new(today));
        u32::from(check.is_valid)
            | u32::from(check.is_potentially_valid) << 1
            | u32::from(check.month.unwrap_or(0) & 0xF) << 2
            | (u32::from(check.year.unwrap_or(0)) & 0x3FFF) << 6
    })
    .unwrap_or(0)
}
