//! Small serde helpers for values that pages send in more than one shape.

use crate::prelude::*;

use serde::de::{self, Deserializer, Visitor};

struct StringOrNumber;

impl<'de> Visitor<'de> for StringOrNumber {
    type Value = Option<String>;
    fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("a string or a whole number")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Some(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(decimal(v)))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        let digits = decimal(v.unsigned_abs());
        Ok(Some(if v < 0 { format!("-{digits}") } else { digits }))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        if let Some(n) = whole(v, MAX_SAFE_INTEGER) {
            Ok(Some(decimal(n)))
        } else {
            Err(E::invalid_type(
                de::Unexpected::Other("a fractional or negative number"),
                &self,
            ))
        }
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

/// JavaScript's `Number.MAX_SAFE_INTEGER`.
pub(crate) const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// `n` as an integer if it is a whole number in `0..=max` (`max` at most
/// `MAX_SAFE_INTEGER`). No `f64::fract`, which `core` lacks: `n as u64`
/// truncates (NaN becomes 0), so the round trip holds only for whole numbers.
pub(crate) fn whole(n: f64, max: f64) -> Option<u64> {
    ((0.0..=max).contains(&n) && (n as u64) as f64 == n).then_some(n as u64)
}

/// `n` in decimal, written digit by digit straight into the heap. Not
/// `to_string()`: `core::fmt` formats integers in a buffer on the stack, which
/// in wasm is linear memory that no allocator wipes, so a card number or a
/// code passed as a JS number would stay readable there after the call.
pub(crate) fn decimal(n: u64) -> String {
    let mut out = String::with_capacity(20);
    let mut place = 1u64;
    while place <= n / 10 {
        place *= 10;
    }
    loop {
        out.push(char::from(b'0' + (n / place % 10) as u8));
        if place == 1 {
            return out;
        }
        place /= 10;
    }
}

/// `n` in decimal with leading zeros up to `width` digits ("07", "2029").
pub(crate) fn zero_padded(n: u64, width: usize) -> String {
    let digits = decimal(n);
    let mut out = "0".repeat(width.saturating_sub(digits.len()));
    out.push_str(&digits);
    out
}

/// Deserializes a string, or a whole number written as one (a page may send
/// `month: 1` or `month: "01"`). Fractions and other types are refused;
/// `null` is refused too.
pub fn string_or_number<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    d.deserialize_any(StringOrNumber)?
        .ok_or_else(|| de::Error::invalid_type(de::Unexpected::Unit, &StringOrNumber))
}

/// [`string_or_number`] for an optional field: `null` and `undefined` are `None`.
pub fn opt_string_or_number<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    d.deserialize_any(StringOrNumber)
}

#[cfg(test)]
mod tests {
    use super::decimal;

    #[test]
    fn decimal_writes_every_whole_number() {
        for n in [
            0,
            7,
            10,
            99,
            100,
            4111111111111111,
            9_007_199_254_740_991,
            u64::MAX,
        ] {
            assert_eq!(decimal(n), n.to_string());
        }
    }
}
