//! Cheap crossings for the cheap checks. Crossing into wasm with a string
//! costs an allocation and an encoding, and a result object costs a call
//! back out: for an expiry that is most of the work. The package entry
//! (`js/entry/tessera.js`) passes a short string as numbers instead (two
//! UTF-16 units per argument, low half first) and gets the verdict back as
//! bits, and a short text back in [`TEXT_OUT`]; the rules run here, the same
//! functions as everywhere else. Not part of the API: the entry calls these;
//! pages call `validateExpiry` and `expiryInput`.
//!
//! (A security code of ASCII digits needs no crossing at all: the entry
//! asks `validateCvc` and `cvcInput` once per brand for a code of each
//! length and answers from that table; see `js/entry/tessera.js`. Other
//! short codes take [`cvc_bits`].)

use crate::card::{self, Brand, Edit};
use crate::date::YearMonth;
use core::sync::atomic::{AtomicU32, Ordering};
use wasm_bindgen::prelude::*;
use zeroize::Zeroizing;

/// Room for the longest text these checks take (12 UTF-16 units).
const MAX_BYTES: usize = 12;

/// Runs `check` on the text of `len` UTF-16 units packed two per word,
/// copied into a stack buffer that is wiped afterwards (no allocation: that
/// would cost more than the check). `None` when `len` does not fit the words
/// or a unit is not ASCII (rare in a page's values: the general path answers,
/// and this module needs no UTF-16 decoder).
fn with_unpacked<T>(len: u32, words: &[u32], check: impl FnOnce(&str) -> T) -> Option<T> {
    let len = len as usize;
    if len > words.len() * 2 || len > MAX_BYTES {
        return None;
    }
    let mut buf = Zeroizing::new([0u8; MAX_BYTES]);
    for (i, b) in buf.iter_mut().take(len).enumerate() {
        let unit = words.get(i / 2).map_or(0, |w| w >> (16 * (i % 2)) & 0xFFFF);
        *b = u8::try_from(unit).ok().filter(u8::is_ascii)?;
    }
    let text = core::str::from_utf8(buf.get(..len)?).ok()?;
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

/// `validateCvc` and `cvcInput` of a code of up to 8 UTF-16 units, in one:
/// bits 0–1 `validateCvc`'s `isValid` and `isPotentiallyValid`; bits 2–3
/// `cvcInput`'s; bits 4–19 the digits `cvcInput` keeps (4 bits each, first
/// lowest), 20–22 how many, 23–25 its caret. `caret` -1: none, -2:
/// `validateCvc` only (bits 2–25 left 0); `brand` a [`brand_index`] (-1:
/// none). `u32::MAX` when the general path must answer.
#[doc(hidden)]
#[wasm_bindgen(js_name = __cvcBits)]
#[allow(clippy::too_many_arguments)]
pub fn cvc_bits(len: u32, w0: u32, w1: u32, w2: u32, w3: u32, caret: i32, brand: i32) -> u32 {
    let brand = usize::try_from(brand)
        .ok()
        .and_then(|i| Brand::all().get(i));
    with_unpacked(len, &[w0, w1, w2, w3], |value| {
        let check = card::validate_cvc(value, brand);
        let verdict = u32::from(check.is_valid) | u32::from(check.is_potentially_valid) << 1;
        if caret < -1 {
            return Some(verdict);
        }
        let r = card::cvc_input(value, usize::try_from(caret).ok(), brand);
        let kept = r.formatted.value.as_bytes();
        if kept.len() > 4 || !kept.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let digits = kept
            .iter()
            .rev()
            .fold(0, |acc, d| acc << 4 | u32::from(d - b'0'));
        Some(
            verdict
                | u32::from(r.check.is_valid) << 2
                | u32::from(r.check.is_potentially_valid) << 3
                | digits << 4
                | (kept.len() as u32) << 20
                | (r.formatted.caret.min(4) as u32) << 23,
        )
    })
    .flatten()
    .unwrap_or(u32::MAX)
}

/// Where a packed function leaves a short text for the entry to read: up to
/// [`TEXT_UNITS`] UTF-16 units, two per word, low half first. Atomics only to
/// have a shared static without `unsafe`; wasm32 has one thread. Only
/// expiries are written here (never a card number or a security code).
static TEXT_OUT: [AtomicU32; TEXT_UNITS / 2] = [const { AtomicU32::new(0) }; TEXT_UNITS / 2];

/// How many UTF-16 units [`TEXT_OUT`] holds.
pub const TEXT_UNITS: usize = 10;

/// The address of [`TEXT_OUT`] in the wasm memory.
#[doc(hidden)]
#[wasm_bindgen(js_name = __textOut)]
pub fn text_out() -> u32 {
    TEXT_OUT.as_ptr() as usize as u32
}

/// Writes `text` to [`TEXT_OUT`]; `None` unless it is ASCII (as formatted
/// expiries are) and fits.
fn put_text(text: &str) -> Option<u32> {
    let bytes = text.as_bytes();
    if !text.is_ascii() || bytes.len() > TEXT_UNITS {
        return None;
    }
    for (i, word) in TEXT_OUT.iter().enumerate() {
        let at = |k: usize| bytes.get(2 * i + k).map_or(0, |&b| u32::from(b));
        word.store(at(0) | at(1) << 16, Ordering::Relaxed);
    }
    Some(bytes.len() as u32)
}

/// The code of an `InputEvent.inputType` for [`expiry_bits`] (see
/// [`Edit::from_input_type`]): 0 other, 1 Backspace, 2 Delete.
#[doc(hidden)]
#[wasm_bindgen(js_name = __editCode)]
pub fn edit_code(input_type: &str) -> u32 {
    match Edit::from_input_type(input_type) {
        Edit::Other => 0,
        Edit::DeleteBackward => 1,
        Edit::DeleteForward => 2,
    }
}

/// The `edit` of [`expiry_bits`] that asks for `validateExpiry`.
pub const VALIDATE_ONLY: u32 = 3;

fn edit_of(code: u32) -> Edit {
    match code {
        1 => Edit::DeleteBackward,
        2 => Edit::DeleteForward,
        _ => Edit::Other,
    }
}

fn today(year: u32, month: u32) -> Option<YearMonth> {
    u16::try_from(year)
        .ok()
        .zip(u8::try_from(month).ok())
        .and_then(|(y, m)| YearMonth::new(y, m))
}

/// The verdict bits shared by the expiry functions: bit 0 `isValid`, bit 1
/// `isPotentiallyValid`, bits 2–5 the month (0: not known), bits 6–19 the
/// year (0: not known).
fn expiry_check_bits(check: &card::ExpiryCheck) -> u32 {
    u32::from(check.is_valid)
        | u32::from(check.is_potentially_valid) << 1
        | u32::from(check.month.unwrap_or(0) & 0xF) << 2
        | (u32::from(check.year.unwrap_or(0)) & 0x3FFF) << 6
}

/// The expiry functions of a value of up to 12 UTF-16 units, today being
/// `year`-`month`. `edit` [`VALIDATE_ONLY`]: `validateExpiry`, its verdict
/// in bits 0–1, the month in bits 2–5 (0: not known), the year in bits 6–19
/// (0: not known). Any other `edit` is an [`edit_code`], with the caret (-1:
/// none): `expiryInput`, its verdict in the same bits, its formatted value
/// left in [`TEXT_OUT`], the caret in bits 20–23 and the value's length in
/// bits 24–27. `u32::MAX` when the general path must answer (not a date, or a
/// value that does not fit).
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
    caret: i32,
    edit: u32,
    year: u32,
    month: u32,
) -> u32 {
    let Some(today) = today(year, month) else {
        return u32::MAX;
    };
    with_unpacked(len, &[w0, w1, w2, w3, w4, w5], |value| {
        let options = card::ExpiryOptions::new(today);
        if edit == VALIDATE_ONLY {
            return Some(expiry_check_bits(&card::validate_expiry(value, &options)));
        }
        let caret = usize::try_from(caret).ok();
        let r = card::expiry_input(value, caret, edit_of(edit), &options);
        let n = put_text(&r.formatted.value)?;
        let at = u32::try_from(r.formatted.caret).ok().filter(|&c| c <= n)?;
        Some(expiry_check_bits(&r.check) | at << 20 | n << 24)
    })
    .flatten()
    .unwrap_or(u32::MAX)
}
